/* ctx.c: contexts (backend, threads, OpenCL device, stats) and the default thread-count policy. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "ctx_internal.h"

static _Thread_local basis_stats default_stats;

basis_stats *basis_default_stats(void)
{
    return &default_stats;
}

basis_status basis_ctx_create(basis_ctx **out)
{
    if (!out)
        return basis_fail(BASIS_ERR_ARGUMENT, "basis_ctx_create: out is NULL");
    basis_ctx *c = basis_alloc(sizeof *c);
    if (!c)
        return basis_fail(BASIS_ERR_NO_MEMORY, "basis_ctx_create: out of memory");
    memset(c, 0, sizeof *c);
    c->backend = BASIS_BACKEND_AUTO;
    c->cl_platform = -1;
    c->cl_device = -1;
    *out = c;
    return BASIS_OK;
}

void basis_ctx_destroy(basis_ctx *ctx)
{
    basis_free(ctx);
}

basis_status basis_ctx_set_backend(basis_ctx *ctx, basis_backend backend)
{
    if (!ctx)
        return basis_fail(BASIS_ERR_ARGUMENT, "basis_ctx_set_backend: ctx is NULL (the "
                          "default context's backend is set with BASIS_BACKEND)");
    basis_status s = basis_backend_check("basis_ctx_set_backend", backend);
    if (s != BASIS_OK)
        return s;
    ctx->backend = backend;
    return BASIS_OK;
}

basis_status basis_ctx_get_backend(const basis_ctx *ctx, basis_backend *backend)
{
    if (!backend)
        return basis_fail(BASIS_ERR_ARGUMENT, "basis_ctx_get_backend: backend is NULL");
    *backend = ctx ? ctx->backend : BASIS_BACKEND_AUTO;
    return BASIS_OK;
}

basis_status basis_ctx_set_threads(basis_ctx *ctx, int threads)
{
    if (!ctx)
        return basis_fail(BASIS_ERR_ARGUMENT, "basis_ctx_set_threads: ctx is NULL (the "
                          "default context's threads come from BASIS_NUM_THREADS)");
    if (threads < 0)
        return basis_fail(BASIS_ERR_ARGUMENT,
                          "basis_ctx_set_threads: threads = %d is negative (0 means default)",
                          threads);
    ctx->threads = threads;
    return BASIS_OK;
}

basis_status basis_ctx_get_threads(const basis_ctx *ctx, int *threads)
{
    if (!threads)
        return basis_fail(BASIS_ERR_ARGUMENT, "basis_ctx_get_threads: threads is NULL");
    if (ctx && ctx->threads > 0) {
        *threads = ctx->threads;
        return BASIS_OK;
    }
    return basis_default_threads(threads);
}

basis_status basis_ctx_set_opencl_device(basis_ctx *ctx, int platform, int device)
{
    if (!ctx)
        return basis_fail(BASIS_ERR_ARGUMENT, "basis_ctx_set_opencl_device: ctx is NULL (the "
                          "default context's device comes from BASIS_OPENCL_DEVICE)");
    if (platform < -1 || device < -1 || (platform == -1) != (device == -1))
        return basis_fail(BASIS_ERR_ARGUMENT,
                          "basis_ctx_set_opencl_device: platform = %d, device = %d: both must "
                          "be indices >= 0, or both -1 for the default", platform, device);
    ctx->cl_platform = platform;
    ctx->cl_device = device;
    return BASIS_OK;
}

basis_status basis_ctx_get_stats(const basis_ctx *ctx, basis_stats *stats)
{
    if (!stats)
        return basis_fail(BASIS_ERR_ARGUMENT, "basis_ctx_get_stats: stats is NULL");
    *stats = ctx ? ctx->stats : default_stats;
    return BASIS_OK;
}

/* A positive decimal integer that fits an int, with nothing after it but a comma list
 * (OMP_NUM_THREADS may be "4,2": the outer level counts). */
static int parse_threads(const char *s, int allow_list)
{
    if (!s || !*s)
        return 0;
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (errno || end == s || v <= 0 || v > 4096)
        return -1;
    if (*end && !(allow_list && *end == ','))
        return -1;
    return (int)v;
}

basis_status basis_default_threads(int *threads)
{
    basis_env env;
    basis_env_read(&env, 1);
    return basis_env_threads(&env, threads);
}

basis_status basis_env_threads(const basis_env *env, int *threads)
{
    int t = parse_threads(env->num_threads, 0);
    if (t < 0)
        return basis_fail(BASIS_ERR_ARGUMENT,
                          "BASIS_NUM_THREADS = '%s' is not a whole number from 1 to 4096",
                          env->num_threads);
    if (t == 0) {
        /* OMP_NUM_THREADS belongs to OpenMP: a value it would reject is not ours to refuse. */
        t = parse_threads(env->omp_num_threads, 1);
        if (t <= 0)
            t = basis_topology_get()->physical_cores;
    }
    *threads = t > 0 ? t : 1;
    return BASIS_OK;
}
