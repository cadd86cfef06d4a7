/* dispatch.c: per-call backend choice (context, BASIS_BACKEND, AUTO), the backend names, the debug log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpu/cpu.h"
#include "ctx_internal.h"

static const char *const backend_names[] = {"auto", "ref", "avx2", "avx512", "neon", "opencl"};
#define BACKEND_COUNT ((int)(sizeof backend_names / sizeof backend_names[0]))

const char *basis_backend_name(basis_backend backend)
{
    if ((int)backend < 0 || (int)backend >= BACKEND_COUNT)
        return "invalid";
    return backend_names[backend];
}

basis_status basis_backend_parse(const char *name, basis_backend *backend)
{
    if (!name || !backend)
        return basis_fail(BASIS_ERR_ARGUMENT, "basis_backend_parse: %s is NULL",
                          name ? "backend" : "name");
    for (int i = 0; i < BACKEND_COUNT; i++) {
        if (!strcasecmp(name, backend_names[i])) {
            *backend = (basis_backend)i;
            return BASIS_OK;
        }
    }
    return basis_fail(BASIS_ERR_ARGUMENT,
                      "basis_backend_parse: '%s' is not a backend: valid backends are auto, "
                      "ref, avx2, avx512, neon, opencl", name);
}

/* "ref, avx2, avx512": the CPU backends this machine can run, for messages. */
static void usable_list(char *buf, size_t size)
{
    int count;
    const basis_target *t = basis_targets(&count);
    const basis_cpu_features *f = basis_cpu_features_get();
    buf[0] = '\0';
    for (int i = 0; i < count; i++) {
        if (!t[i].supported(f))
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", len ? ", " : "", t[i].name);
    }
}

static basis_status unavailable(const char *who, basis_backend backend)
{
    char usable[128];
    usable_list(usable, sizeof usable);
    if (backend == BASIS_BACKEND_OPENCL)
        return basis_fail(BASIS_ERR_BACKEND,
                          "%s: the opencl backend has no kernels in this version of basis yet; "
                          "usable backends here: auto, %s", who, usable);
    int count;
    const basis_target *t = basis_targets(&count);
    for (int i = 0; i < count; i++)
        if (t[i].backend == backend)
            return basis_fail(BASIS_ERR_BACKEND,
                              "%s: backend %s needs %s, which this CPU does not offer; usable "
                              "backends here: auto, %s", who, t[i].name, t[i].requires, usable);
    if ((int)backend < 0 || (int)backend >= BACKEND_COUNT)
        return basis_fail(BASIS_ERR_BACKEND,
                          "%s: backend = %d is not a basis_backend value; usable backends "
                          "here: auto, %s", who, (int)backend, usable);
    return basis_fail(BASIS_ERR_BACKEND,
                      "%s: backend %s is not compiled for this architecture; usable backends "
                      "here: auto, %s", who, basis_backend_name(backend), usable);
}

basis_backend basis_backend_best_cpu(void)
{
    int count;
    const basis_target *t = basis_targets(&count);
    const basis_cpu_features *f = basis_cpu_features_get();
    for (int i = count - 1; i > 0; i--)
        if (t[i].supported(f))
            return t[i].backend;
    return BASIS_BACKEND_REF;
}

basis_status basis_backend_check(const char *who, basis_backend backend)
{
    if (backend == BASIS_BACKEND_AUTO)
        return BASIS_OK;
    if (backend == BASIS_BACKEND_OPENCL || basis_target_kernels(backend) == NULL)
        return unavailable(who, backend);
    return BASIS_OK;
}

basis_status basis_backend_available(basis_backend backend)
{
    return basis_backend_check("basis_backend_available", backend);
}

/* AUTO means: BASIS_BACKEND if set (an unknown or unusable value is an error, never a
 * silent fallback), else the best CPU target. Read per call so a program may change it;
 * env is the variable's value (NULL or "" when unset). */
static basis_status resolve_auto(const char *fn, const char *env, basis_backend *out)
{
    if (!env || !*env) {
        *out = basis_backend_best_cpu();
        return BASIS_OK;
    }
    basis_backend b = BASIS_BACKEND_AUTO;
    if (basis_backend_parse(env, &b) != BASIS_OK) {
        char usable[128];
        usable_list(usable, sizeof usable);
        return basis_fail(BASIS_ERR_BACKEND,
                          "%s: BASIS_BACKEND = '%s' is not a backend: valid backends are auto, "
                          "ref, avx2, avx512, neon, opencl (usable here: auto, %s)", fn, env,
                          usable);
    }
    *out = b == BASIS_BACKEND_AUTO ? basis_backend_best_cpu() : b;
    return BASIS_OK;
}

basis_status basis_call_begin(basis_ctx *ctx, const char *fn, basis_call *call)
{
    call->t0 = basis_now();
    basis_backend want = ctx ? ctx->backend : BASIS_BACKEND_AUTO;
    const char *why = ctx && want != BASIS_BACKEND_AUTO ? "context" : "auto";
    if (want == BASIS_BACKEND_AUTO) {
        const char *env = getenv("BASIS_BACKEND");
        basis_status s = resolve_auto(fn, env, &want);
        if (s != BASIS_OK)
            return s;
        if (env && *env)
            why = "BASIS_BACKEND";
    }
    const basis_kernels *k = want == BASIS_BACKEND_OPENCL ? NULL : basis_target_kernels(want);
    if (!k)
        return unavailable(fn, want);
    int threads = ctx ? ctx->threads : 0;
    if (threads <= 0) {
        basis_status s = basis_default_threads(&threads);
        if (s != BASIS_OK)
            return s;
    }
    call->k = k;
    call->backend = want;
    call->threads = threads;
    basis_log("%s: backend %s (%s), %d thread%s", fn, basis_backend_name(want), why, threads,
              threads == 1 ? "" : "s");
    return BASIS_OK;
}

basis_status basis_call_end(basis_ctx *ctx, const basis_call *call, basis_status s)
{
    basis_stats *st = ctx ? &ctx->stats : basis_default_stats();
    double t = basis_now() - call->t0;
    st->backend = call->backend;
    st->total_seconds = t;
    st->kernel_seconds = t;
    st->transfer_seconds = 0.0;
    return s;
}
