/* tune.c: the GEMM parameter search behind `basis tune gemm`: candidates for the device type, each timed on the device and checked against the first, within a time budget. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opencl/opencl.h"
#include "opencl/tune.h"

static _Thread_local basis_cl_gemm_params override_copy;
static _Thread_local int override_on;

const basis_cl_gemm_params *basis_cl_gemm_params_override(void)
{
    return override_on ? &override_copy : NULL;
}

void basis_cl_gemm_params_set_override(const basis_cl_gemm_params *p)
{
    override_on = p != NULL;
    if (p)
        override_copy = *p;
}

/* Appends p to out[0 .. n) unless it is there already or out is full; the new count. */
static int add_new(basis_cl_gemm_params *out, int n, int max, const basis_cl_gemm_params *p)
{
    if (n >= max)
        return n;
    for (int i = 0; i < n; i++)
        if (!memcmp(&out[i], p, offsetof(basis_cl_gemm_params, source)))
            return n;
    out[n] = *p;
    return n + 1;
}

/* The candidates of a device type, most promising first (the table's entry is tried before
 * these by the caller). */
static int candidates(const basis_cl_device_info *info, int elem, const basis_cl_gemm_params *base,
                      basis_cl_gemm_params *out, int max)
{
    int n = 0;
    if (!info->is_gpu) {
        /* CPU: one work-item = a register-blocked microkernel, no local memory */
        const int vws[2] = {elem == 4 ? 16 : 8, elem == 4 ? 8 : 4};
        const int mvec[3] = {3, 2, 4}, nwgs[4] = {64, 48, 96, 32}, nwis[3] = {8, 6, 4};
        for (int v = 0; v < 2; v++)
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 4; b++)
                    for (int c = 0; c < 3 && n < max; c++) {
                        basis_cl_gemm_params p = *base;
                        p.vw = vws[v];
                        p.mwg = vws[v] * mvec[a];
                        p.mdimc = 1;
                        p.nwg = nwgs[b];
                        if (nwgs[b] % nwis[c])
                            continue;
                        p.ndimc = nwgs[b] / nwis[c];
                        p.kwg = 16;
                        p.sa = p.sb = p.db = 0;
                        p.vwn = 1;
                        out[n++] = p;
                    }
        return n;
    }
    /* GPU: both tiles through local memory. First the shape that won on the H200 (128 x 128
     * tiles, 16 x 16 work-items, 8 x 8 each) with B read in runs of 4 or 2 columns (with A
     * in float4, 4 local-memory loads per 64 multiply-adds instead of 10) and double
     * buffering; then the broad grid:
     * work-groups of 64..512, 32..128 accumulators per work-item (more spills registers),
     * larger tiles first, each with and without those two. */
    const int vws[2] = {4, 2}, kwgs[3] = {16, 32, 8};
    const int vwns[3] = {4, 2, 1}, dbs[3] = {1, 1, 0};
    for (int kw = 0; kw < 3; kw++)
        for (int x = 0; x < 3; x++)
            for (int v = 0; v < 2; v++)
                for (int db = 1; db >= 0; db--) {
                    basis_cl_gemm_params p = *base;
                    p.mwg = p.nwg = 128;
                    p.mdimc = p.ndimc = 16;
                    p.kwg = kwgs[kw];
                    p.vw = vws[v];
                    p.vwn = vwns[x];
                    p.sa = p.sb = 1;
                    p.db = db;
                    n = add_new(out, n, max, &p);
                }
    const int wgs[3] = {128, 256, 64}, dims[3] = {16, 32, 8};
    for (int mw = 0; mw < 3; mw++)
        for (int nw = 0; nw < 3; nw++)
            for (int md = 0; md < 3; md++)
                for (int nd = 0; nd < 3; nd++)
                    for (int v = 0; v < 2; v++)
                        for (int kw = 0; kw < 3; kw++)
                            for (int x = 0; x < 3; x += 2) {
                                basis_cl_gemm_params p = *base;
                                p.mwg = wgs[mw];
                                p.nwg = wgs[nw];
                                p.mdimc = dims[md];
                                p.ndimc = dims[nd];
                                p.vw = vws[v];
                                p.kwg = kwgs[kw];
                                p.sa = p.sb = 1;
                                p.vwn = vwns[x];
                                p.db = dbs[x];
                                int wg = p.mdimc * p.ndimc;
                                int acc = (p.mwg / p.mdimc) * (p.nwg / p.ndimc);
                                if (wg < 64 || wg > 512 || acc < 32 || acc > 128 ||
                                    p.mwg % (p.mdimc * p.vw) || p.nwg % (p.ndimc * p.vwn))
                                    continue;
                                n = add_new(out, n, max, &p);
                            }
    return n;
}

/* Entry i of C, held in the candidates' precision. */
static double entry(int elem, const void *c, int64_t i)
{
    return elem == 4 ? (double)((const float *)c)[i] : ((const double *)c)[i];
}

/* C = A B (n x n, column major) in the candidates' precision on ctx's backend. */
static basis_status product(basis_ctx *ctx, int elem, int64_t n, const void *a, const void *b,
                            void *c)
{
    return elem == 4 ? basis_sgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, n, n,
                                   n, 1.0f, a, n, b, n, 0.0f, c, n)
                     : basis_dgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, n, n,
                                   n, 1.0, a, n, b, n, 0.0, c, n);
}

/* One candidate: GFLOP/s from the best profiled kernel time of `reps` runs after a first
 * (compiling) one (0 when it failed), and in *maxdiff how far its result is from ref. */
static double measure(basis_ctx *ctx, int elem, int64_t n, const void *a, const void *b,
                      void *c, const double *ref, int reps, double *maxdiff)
{
    double best = INFINITY;
    for (int r = 0; r <= reps; r++) {
        basis_status s = product(ctx, elem, n, a, b, c);
        if (s != BASIS_OK)
            return 0.0;
        basis_stats st;
        basis_ctx_get_stats(ctx, &st);
        if (r > 0 && st.kernel_seconds < best)
            best = st.kernel_seconds;
    }
    *maxdiff = 0.0;
    for (int64_t i = 0; i < n * n; i++) {
        double d = fabs(entry(elem, c, i) - ref[i]);
        if (!(d <= *maxdiff))
            *maxdiff = d;
    }
    return best > 0.0 && isfinite(best) ? 2.0 * (double)n * (double)n * (double)n / best * 1e-9
                                         : 0.0;
}

/* The exact product on the best CPU target, which every candidate must match bit for bit:
 * the inputs are small integers, so every sum is exact in either precision. (Taking the
 * first candidate's result instead would let a wrong built-in kernel pass them all.) */
static basis_status cpu_reference(int elem, int64_t n, const void *a, const void *b, void *c,
                                  double *ref)
{
    basis_ctx *ctx = NULL;
    basis_status s = basis_ctx_create(&ctx);
    if (s == BASIS_OK)
        s = basis_ctx_set_backend(ctx, basis_backend_best_cpu());
    if (s == BASIS_OK)
        s = product(ctx, elem, n, a, b, c);
    basis_ctx_destroy(ctx);
    if (s == BASIS_OK)
        for (int64_t e = 0; e < n * n; e++)
            ref[e] = entry(elem, c, e);
    return s;
}

basis_status basis_cl_tune_gemm(int elem, int64_t n, double budget_s, basis_cl_tune_cb *cb,
                                void *user, basis_cl_tune_result *res)
{
    static const char fn[] = "basis tune gemm";
    memset(res, 0, sizeof *res);
    basis_cl_device *dev;
    basis_status s = basis_cl_acquire(fn, -1, -1, &dev);
    if (s != BASIS_OK)
        return s;
    basis_cl_device_info info = *basis_cl_info(dev);
    basis_cl_release(dev);
    if (elem == 8 && !info.fp64)
        return basis_fail(BASIS_ERR_BACKEND, "%s: %s has no double precision", fn, info.name);
    res->device = info;

    basis_cl_gemm_params base;
    basis_cl_gemm_params_get(&info, elem, &base);
    enum { MAX_CAND = 512 };
    basis_cl_gemm_params *cand = malloc(sizeof *cand * (MAX_CAND + 1));
    size_t count = (size_t)(n * n);
    void *a = malloc(count * (size_t)elem), *b = malloc(count * (size_t)elem);
    void *c = malloc(count * (size_t)elem);
    double *ref = malloc(count * sizeof(double));
    basis_ctx *ctx = NULL;
    if (!cand || !a || !b || !c || !ref || basis_ctx_create(&ctx) != BASIS_OK) {
        s = basis_fail(BASIS_ERR_NO_MEMORY, "%s: out of memory for n = %lld", fn, (long long)n);
        goto done;
    }
    if ((s = basis_ctx_set_backend(ctx, BASIS_BACKEND_OPENCL)) != BASIS_OK)
        goto done;
    /* small integers: every sum is exact, so every correct kernel gives the same bits */
    for (size_t i = 0; i < count; i++) {
        int va = (int)(i * 7 % 5) - 2, vb = (int)(i * 3 % 7) - 3;
        if (elem == 4) {
            ((float *)a)[i] = (float)va;
            ((float *)b)[i] = (float)vb;
        } else {
            ((double *)a)[i] = va;
            ((double *)b)[i] = vb;
        }
    }
    if ((s = cpu_reference(elem, n, a, b, c, ref)) != BASIS_OK)
        goto done;
    cand[0] = base;
    int total = 1 + candidates(&info, elem, &base, cand + 1, MAX_CAND);
    double t0 = basis_now();
    basis_cl_test_force_path(2);
    int wrong = 0, failed = 0;
    /* the table's entry always, however short the budget: the baseline the rest must beat */
    for (int i = 0; i < total && (i == 0 || basis_now() - t0 < budget_s); i++) {
        if (i > 0 && !memcmp(&cand[i], &base, offsetof(basis_cl_gemm_params, source)))
            continue;
        if (!basis_cl_gemm_params_valid(&info, elem, &cand[i]))
            continue;
        basis_cl_gemm_params_set_override(&cand[i]);
        double diff = 0.0;
        double g = measure(ctx, elem, n, a, b, c, ref, 2, &diff);
        const char *note = g == 0.0 ? basis_last_error() : diff != 0.0 ? "wrong result" : "";
        wrong += g > 0.0 && diff != 0.0;
        failed += g == 0.0;
        res->tried++;
        if (cb)
            cb(user, &cand[i], g, note);
        if (i == 0)
            res->base_gflops = g;
        if (g > res->best_gflops && diff == 0.0) {
            res->best_gflops = g;
            res->best = cand[i];
        }
    }
    basis_cl_gemm_params_set_override(NULL);
    basis_cl_test_force_path(0);
    if (res->best_gflops <= 0.0 && wrong > 0)
        s = basis_fail(BASIS_ERR_DEVICE,
                       "%s: no candidate on %s matched the exact product of the CPU (%d gave "
                       "wrong results, %d did not run)",
                       fn, info.name, wrong, failed);
    else if (res->best_gflops <= 0.0)
        s = basis_fail(BASIS_ERR_DEVICE, "%s: no candidate ran on %s: %s", fn, info.name,
                       basis_last_error());
    else
        snprintf(res->best.source, sizeof res->best.source, "tuned");
done:
    basis_ctx_destroy(ctx);
    free(cand);
    free(a);
    free(b);
    free(c);
    free(ref);
    return s;
}
