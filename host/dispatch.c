/* dispatch.c: per-call backend choice (context, BASIS_BACKEND, AUTO), the backend names, the debug log. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <threads.h>

#include "cpu/cpu.h"
#include "ctx_internal.h"
#ifdef BASIS_WITH_OPENCL
#include "opencl/opencl.h"
#endif

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
    if (backend == BASIS_BACKEND_OPENCL) {
#ifdef BASIS_WITH_OPENCL
        char why[600];
        basis_cl_check_available(who);
        snprintf(why, sizeof why, "%s", basis_last_error());
        return basis_fail(BASIS_ERR_BACKEND, "%s; usable backends here: auto, %s", why, usable);
#else
        return basis_fail(BASIS_ERR_BACKEND,
                          "%s: this basis was built without OpenCL (BASIS_WITH_OPENCL=OFF); "
                          "usable backends here: auto, %s", who, usable);
#endif
    }
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

static basis_backend best_cpu;
static once_flag best_cpu_once = ONCE_FLAG_INIT;

static void find_best_cpu(void)
{
    int count;
    const basis_target *t = basis_targets(&count);
    const basis_cpu_features *f = basis_cpu_features_get();
    best_cpu = BASIS_BACKEND_REF;
    for (int i = count - 1; i > 0; i--)
        if (t[i].supported(f)) {
            best_cpu = t[i].backend;
            return;
        }
}

/* The CPU's features never change in a process: found once, as AUTO asks on every call. */
basis_backend basis_backend_best_cpu(void)
{
    call_once(&best_cpu_once, find_best_cpu);
    return best_cpu;
}

basis_status basis_backend_check(const char *who, basis_backend backend)
{
    if (backend == BASIS_BACKEND_AUTO)
        return BASIS_OK;
#ifdef BASIS_WITH_OPENCL
    if (backend == BASIS_BACKEND_OPENCL)
        return basis_cl_check_available(who) == BASIS_OK ? BASIS_OK : unavailable(who, backend);
#endif
    if (backend == BASIS_BACKEND_OPENCL || basis_target_kernels(backend) == NULL)
        return unavailable(who, backend);
    return BASIS_OK;
}

/* The kernel table of a call forced onto OpenCL: only the ops with a device implementation
 * run there; any other is refused (a forced backend is never silently replaced). */
static basis_status opencl_call(basis_ctx *ctx, const char *fn, const basis_kernels **k)
{
#ifdef BASIS_WITH_OPENCL
    basis_status s = basis_backend_check(fn, BASIS_BACKEND_OPENCL);
    if (s != BASIS_OK)
        return s;
    if (!basis_cl_has_op(fn)) {
        char usable[128], ops[512];
        usable_list(usable, sizeof usable);
        basis_cl_ops_list(ops, sizeof ops);
        return basis_fail(BASIS_ERR_BACKEND, "%s has no OpenCL implementation in this version "
                          "of basis (on OpenCL: %s); run it on auto or a CPU backend: %s", fn,
                          ops, usable);
    }
    basis_cl_call *cur = basis_cl_current();
    memset(cur, 0, sizeof *cur);
    cur->fn = fn;
    cur->platform = ctx ? ctx->cl_platform : -1;
    cur->device = ctx ? ctx->cl_device : -1;
    *k = basis_cl_kernels();
    return BASIS_OK;
#else
    (void)ctx;
    *k = NULL;
    return unavailable(fn, BASIS_BACKEND_OPENCL);
#endif
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
    return basis_call_begin_sized(ctx, fn, -1.0, call);
}

basis_status basis_call_begin_sized(basis_ctx *ctx, const char *fn, double flops,
                                    basis_call *call)
{
    call->t0 = basis_stamp_now();
#ifdef BASIS_WITH_OPENCL
    basis_cl_current()->automatic = 0; /* set again below for an AUTO GEMM */
    basis_cl_current()->ran_on_device = 0;
#endif
    basis_backend want = ctx ? ctx->backend : BASIS_BACKEND_AUTO;
    const char *why = ctx && want != BASIS_BACKEND_AUTO ? "context" : "auto";
    int automatic = 0; /* nobody forced a backend: AUTO's per-call policy applies */
    int threads = ctx ? ctx->threads : 0;
    basis_env envv = {NULL, NULL, NULL};
    if (want == BASIS_BACKEND_AUTO || threads <= 0)
        basis_env_read(&envv, threads <= 0);
    if (want == BASIS_BACKEND_AUTO) {
        const char *env = envv.backend;
        basis_status s = resolve_auto(fn, env, &want);
        if (s != BASIS_OK)
            return s;
        if (env && *env)
            why = "BASIS_BACKEND";
        automatic = !env || !*env || !strcasecmp(env, "auto");
    }
    const basis_kernels *k = NULL;
    if (want == BASIS_BACKEND_OPENCL) {
        basis_status s = opencl_call(ctx, fn, &k);
        if (s != BASIS_OK)
            return s;
    } else if (!(k = basis_target_kernels(want))) {
        return unavailable(fn, want);
    }
    if (threads <= 0) {
        basis_status s = basis_env_threads(&envv, &threads);
        if (s != BASIS_OK)
            return s;
    }
#ifdef BASIS_WITH_OPENCL
    /* AUTO may send a large GEMM to a GPU (host/opencl/auto.c); else k stays as it is */
    if (automatic && (flops < 0.0 || basis_cl_auto_may_take(flops)))
        k = basis_cl_auto_kernels(ctx, fn, &(basis_call){.k = k, .backend = want,
                                                         .threads = threads, .t0 = call->t0});
#else
    (void)automatic;
    (void)flops;
#endif
    call->k = k;
    call->backend = want;
    call->threads = threads;
    call->automatic = automatic;
    basis_log("%s: backend %s (%s), %d thread%s", fn, basis_backend_name(want), why, threads,
              threads == 1 ? "" : "s");
    return BASIS_OK;
}

basis_call basis_call_host(const basis_call *call)
{
    basis_call host = *call;
    if (host.backend == BASIS_BACKEND_OPENCL) {
        host.backend = basis_backend_best_cpu();
        host.k = basis_target_kernels(host.backend);
    }
    return host;
}

basis_status basis_call_end(basis_ctx *ctx, const basis_call *call, basis_status s)
{
    basis_stats *st = ctx ? &ctx->stats : basis_default_stats();
    double t = basis_stamp_seconds(call->t0);
    st->backend = call->backend;
    st->total_seconds = t;
    st->kernel_seconds = t;
    st->transfer_seconds = 0.0;
#ifdef BASIS_WITH_OPENCL
    /* the device launchers (and AUTO's GEMM) leave their status and event times here */
    basis_cl_call *cur = basis_cl_current();
    if (call->backend == BASIS_BACKEND_OPENCL || cur->automatic) {
        if (call->backend == BASIS_BACKEND_OPENCL || cur->ran_on_device) {
            st->backend = BASIS_BACKEND_OPENCL;
            st->kernel_seconds = cur->kernel_seconds;
            st->transfer_seconds = cur->transfer_seconds;
        }
        if (s == BASIS_OK)
            s = cur->status;
    }
    cur->automatic = 0; /* consumed: an enclosing call must not read it as its own */
    cur->ran_on_device = 0;
#endif
    return s;
}
