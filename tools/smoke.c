/* smoke.c: `basis smoke`: every op once on every usable backend (on the OpenCL device, the ops it implements), timed and checked against the reference. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "tools.h"

/* Sizes big enough to time, small enough for the reference on a loaded 2-core machine. */
#define N_GEMM 256
#define N_LU 256
#define N_VEC 1000000
#define N_GRAPH 100000
#define DEG_GRAPH 8

typedef struct smoke_row {
    const char *op;
    long long size;
    double seconds;
    double flops;   /* floating-point operations, 0 where not meaningful */
    double bytes;   /* bytes moved at least once, 0 where compute-bound */
    double error;   /* scale-aware error, must be <= limit */
    double limit;
} smoke_row;

static uint64_t rng = 88172645463325252ull;

static double uniform(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fprintf(stderr, "basis smoke: out of memory\n");
        exit(BASIS_EXIT_RUNTIME);
    }
    return p;
}

/* max_i |x_i - y_i| / max_i |y_i| */
static double rel_diff_d(const double *x, const double *y, int64_t n)
{
    double num = 0, den = 0;
    for (int64_t i = 0; i < n; i++) {
        num = fmax(num, fabs(x[i] - y[i]));
        den = fmax(den, fabs(y[i]));
    }
    return den > 0 ? num / den : num;
}

/* In float throughout: the max of floats is exact, and GCC 12 for aarch64 crashes
 * vectorizing an fmax reduction over widened floats. */
static double rel_diff_s(const float *x, const float *y, int64_t n)
{
    float num = 0, den = 0;
    for (int64_t i = 0; i < n; i++) {
        num = fmaxf(num, fabsf(x[i] - y[i]));
        den = fmaxf(den, fabsf(y[i]));
    }
    return den > 0 ? (double)num / den : (double)num;
}

static int run_all(basis_ctx *ctx, smoke_row *rows)
{
    int nr = 0;
    const double eps_d = 1.1102230246251565e-16, eps_s = 5.9604645e-08;
    const int64_t n = N_GEMM, nn = n * n;
    double *a = xmalloc(sizeof(double) * nn), *b = xmalloc(sizeof(double) * nn);
    double *c = xmalloc(sizeof(double) * nn), *cref = xmalloc(sizeof(double) * nn);
    float *as = xmalloc(sizeof(float) * nn), *bs = xmalloc(sizeof(float) * nn);
    float *cs = xmalloc(sizeof(float) * nn), *csref = xmalloc(sizeof(float) * nn);
    for (int64_t i = 0; i < nn; i++) {
        a[i] = uniform();
        b[i] = uniform();
        as[i] = (float)a[i];
        bs[i] = (float)b[i];
    }
    double t;

    /* dgemm and sgemm against the reference kernel, error relative to k * eps. */
    basis_dgemm_ref(n, n, n, 1.0, a, 1, n, b, 1, n, 0.0, cref, 1, n);
    t = basis_now();
    if (basis_dgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, n, n, n, 1.0, a, n, b,
                    n, 0.0, c, n))
        return -1;
    rows[nr++] = (smoke_row){"dgemm", n, basis_now() - t, 2.0 * n * n * n, 0,
                             rel_diff_d(c, cref, nn) / eps_d, 4.0 * n};
    basis_sgemm_ref(n, n, n, 1.0f, as, 1, n, bs, 1, n, 0.0f, csref, 1, n);
    t = basis_now();
    if (basis_sgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, n, n, n, 1.0f, as, n,
                    bs, n, 0.0f, cs, n))
        return -1;
    rows[nr++] = (smoke_row){"sgemm", n, basis_now() - t, 2.0 * n * n * n, 0,
                             rel_diff_s(cs, csref, nn) / eps_s, 4.0 * n};

    /* the OpenCL backend has no level-1 or level-2 ops (docs/opencl.md): gemv and dot are
     * the CPU backends' rows only */
    basis_backend backend = BASIS_BACKEND_AUTO;
    basis_ctx_get_backend(ctx, &backend);
    int cpu = backend != BASIS_BACKEND_OPENCL;

    /* dgemv */
    double *x = xmalloc(sizeof(double) * n), *y = xmalloc(sizeof(double) * n);
    double *yref = xmalloc(sizeof(double) * n);
    for (int64_t i = 0; i < n; i++)
        x[i] = uniform();
    basis_dgemv_ref(n, n, 1.0, a, 1, n, x, 1, 0.0, yref, 1);
    t = basis_now();
    if (cpu && basis_dgemv(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, n, n, 1.0, a, n, x, 1, 0.0, y,
                           1))
        return -1;
    if (cpu)
        rows[nr++] = (smoke_row){"dgemv", n, basis_now() - t, 2.0 * n * n, 8.0 * n * n,
                                 rel_diff_d(y, yref, n) / eps_d, 4.0 * n};

    /* ddot on a long vector, relative to the sum of |x y|. */
    double *u = xmalloc(sizeof(double) * N_VEC), *v = xmalloc(sizeof(double) * N_VEC);
    double absdot = 0, dot = 0;
    for (int64_t i = 0; i < N_VEC; i++) {
        u[i] = uniform();
        v[i] = uniform();
        absdot += fabs(u[i] * v[i]);
    }
    double dref = basis_ddot_ref(N_VEC, u, 1, v, 1);
    t = basis_now();
    if (cpu && basis_ddot(ctx, N_VEC, u, 1, v, 1, &dot))
        return -1;
    if (cpu)
        rows[nr++] = (smoke_row){"ddot", N_VEC, basis_now() - t, 2.0 * N_VEC, 16.0 * N_VEC,
                                 fabs(dot - dref) / (absdot * eps_d), 2.0 * N_VEC};

    /* dgesv: backward error ||A x - b|| / (||A|| ||x|| n eps), norms as max-abs. */
    const int64_t m = N_LU;
    double *lu = xmalloc(sizeof(double) * m * m), *rhs = xmalloc(sizeof(double) * m);
    double *sol = xmalloc(sizeof(double) * m);
    int64_t *ipiv = xmalloc(sizeof(int64_t) * m);
    memcpy(lu, a, sizeof(double) * m * m);
    for (int64_t i = 0; i < m; i++)
        rhs[i] = sol[i] = uniform();
    t = basis_now();
    if (basis_dgesv(ctx, BASIS_COL_MAJOR, m, 1, lu, m, ipiv, sol, m))
        return -1;
    double secs = basis_now() - t, rmax = 0, amax = 0, xmax = 0;
    for (int64_t i = 0; i < m; i++) {
        double r = -rhs[i];
        for (int64_t j = 0; j < m; j++) {
            r += a[i + j * m] * sol[j];
            amax = fmax(amax, fabs(a[i + j * m]));
        }
        rmax = fmax(rmax, fabs(r));
        xmax = fmax(xmax, fabs(sol[i]));
    }
    rows[nr++] = (smoke_row){"dgesv", m, secs, 2.0 * m * m * m / 3.0, 0,
                             rmax / (m * amax * xmax * m * eps_d), 1.0};

    /* dpower on a symmetric matrix: the residual it reports is checked independently. */
    double *sym = xmalloc(sizeof(double) * m * m), *vec = xmalloc(sizeof(double) * m), lambda;
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j <= i; j++)
            sym[i + j * m] = sym[j + i * m] = 1.0 + 0.1 * uniform(); /* dominant: ~ones */
    memset(vec, 0, sizeof(double) * m);
    basis_iter_info info;
    t = basis_now();
    if (basis_dpower(ctx, BASIS_COL_MAJOR, m, sym, m, 1e-10, 10000, vec, &lambda, &info))
        return -1;
    secs = basis_now() - t;
    basis_dgemv_ref(m, m, 1.0, sym, 1, m, vec, 1, 0.0, y, 1);
    for (int64_t i = 0; i < m; i++)
        y[i] -= lambda * vec[i];
    rows[nr++] = (smoke_row){"dpower", m, secs, 2.0 * m * m * (double)info.iterations, 0,
                             basis_dnrm2_ref(m, y, 1) / (fabs(lambda) * 1e-10), 1.001};

    /* dpagerank on a random graph: ranks sum to 1 and match the reference backend. */
    const int64_t gn = N_GRAPH, ge = N_GRAPH * DEG_GRAPH;
    int64_t *off = xmalloc(sizeof(int64_t) * (gn + 1)), *tgt = xmalloc(sizeof(int64_t) * ge);
    for (int64_t i = 0; i <= gn; i++)
        off[i] = i * DEG_GRAPH;
    for (int64_t e = 0; e < ge; e++)
        tgt[e] = (int64_t)((uniform() + 1.0) * 0.5 * (double)gn) % gn;
    basis_csr g = {gn, off, tgt};
    double *pr = xmalloc(sizeof(double) * gn), *prref = xmalloc(sizeof(double) * gn);
    basis_ctx *refctx;
    if (basis_ctx_create(&refctx) || basis_ctx_set_backend(refctx, BASIS_BACKEND_REF) ||
        basis_dpagerank(refctx, &g, 0.85, 1e-12, 1000, prref, &info))
        return -1;
    basis_ctx_destroy(refctx);
    t = basis_now();
    if (basis_dpagerank(ctx, &g, 0.85, 1e-12, 1000, pr, &info))
        return -1;
    secs = basis_now() - t;
    double sum = 0;
    for (int64_t i = 0; i < gn; i++)
        sum += pr[i];
    double err = fmax(fabs(sum - 1.0) / (gn * eps_d), rel_diff_d(pr, prref, gn) / 1e-10);
    rows[nr++] = (smoke_row){"dpagerank", gn, secs, 0, (double)ge * 16.0 * info.iterations,
                             err, 1.0};

    free(a), free(b), free(c), free(cref), free(as), free(bs), free(cs), free(csref);
    free(x), free(y), free(yref), free(u), free(v), free(lu), free(rhs), free(sol), free(ipiv);
    free(sym), free(vec), free(off), free(tgt), free(pr), free(prref);
    return nr;
}

int basis_tool_smoke(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: basis smoke\n  every op once on every usable backend (on an OpenCL "
               "device, the ones it implements), timed and checked against the reference\n");
        return BASIS_EXIT_OK;
    }
    if (argc > 1) {
        fprintf(stderr, "basis smoke: unexpected argument '%s' (usage: basis smoke)\n", argv[1]);
        return BASIS_EXIT_USAGE;
    }
    int count, failed = 0;
    const basis_target *t = basis_targets(&count);
    printf("%-10s %-8s %8s %10s %10s %8s %12s  %s\n", "op", "backend", "size", "ms", "GFLOP/s",
           "GB/s", "err/limit", "verified");
    for (int i = 0; i < count; i++) {
        if (basis_backend_available(t[i].backend) != BASIS_OK) {
            printf("%-10s %-8s (skipped: %s)\n", "*", t[i].name, basis_last_error());
            continue;
        }
        basis_ctx *ctx;
        smoke_row rows[16];
        if (basis_ctx_create(&ctx) || basis_ctx_set_backend(ctx, t[i].backend)) {
            fprintf(stderr, "basis smoke: %s\n", basis_last_error());
            return BASIS_EXIT_RUNTIME;
        }
        int nr = run_all(ctx, rows);
        basis_ctx_destroy(ctx);
        if (nr < 0) {
            fprintf(stderr, "basis smoke: %s failed: %s\n", t[i].name, basis_last_error());
            return BASIS_EXIT_RUNTIME;
        }
        for (int r = 0; r < nr; r++) {
            int ok = rows[r].error <= rows[r].limit;
            failed += !ok;
            printf("%-10s %-8s %8lld %10.3f %10.2f %8.2f %12.3g  %s\n", rows[r].op, t[i].name,
                   rows[r].size, rows[r].seconds * 1e3, rows[r].flops / rows[r].seconds * 1e-9,
                   rows[r].bytes / rows[r].seconds * 1e-9,
                   rows[r].error / rows[r].limit, ok ? "yes" : "NO");
        }
    }
    if (basis_backend_available(BASIS_BACKEND_OPENCL) != BASIS_OK) {
        printf("%-10s %-8s (skipped: %s)\n", "*", "opencl", basis_last_error());
    } else {
        /* the default OpenCL device; its first call includes building the kernels */
        basis_ctx *ctx;
        smoke_row rows[16];
        if (basis_ctx_create(&ctx) || basis_ctx_set_backend(ctx, BASIS_BACKEND_OPENCL)) {
            fprintf(stderr, "basis smoke: %s\n", basis_last_error());
            return BASIS_EXIT_RUNTIME;
        }
        int nr = run_all(ctx, rows);
        basis_ctx_destroy(ctx);
        if (nr < 0) {
            fprintf(stderr, "basis smoke: opencl failed: %s\n", basis_last_error());
            return BASIS_EXIT_RUNTIME;
        }
        for (int r = 0; r < nr; r++) {
            int ok = rows[r].error <= rows[r].limit;
            failed += !ok;
            printf("%-10s %-8s %8lld %10.3f %10.2f %8.2f %12.3g  %s\n", rows[r].op, "opencl",
                   rows[r].size, rows[r].seconds * 1e3, rows[r].flops / rows[r].seconds * 1e-9,
                   rows[r].bytes / rows[r].seconds * 1e-9, rows[r].error / rows[r].limit,
                   ok ? "yes" : "NO");
        }
    }
    printf("smoke: %s\n", failed ? "FAILED" : "all results verified");
    return failed ? BASIS_EXIT_RUNTIME : BASIS_EXIT_OK;
}
