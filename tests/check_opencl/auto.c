/* auto.c (check_opencl): AUTO: GEMM never on a CPU device by default, by size with the test policy; LU, power iteration and PageRank by their work; the fallbacks to the CPU. */
#include "check_opencl/check_opencl.h"

/* ---- AUTO: never a CPU device by default; by size with the test policy; fallback -------- */

void check_auto(void)
{
    basis_ctx *ctx;
    basis_ctx_create(&ctx); /* AUTO */
    unsetenv("BASIS_BACKEND");
    int ok = gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 300, 300, 300,
                       1.0, 0.0);
    basis_backend b = last_backend(ctx);
    BT_CHECK(ok && b != BASIS_BACKEND_OPENCL, "AUTO chose %s for 300^3 on a non-GPU device",
             basis_backend_name(b));

    /* the measured policy, where the default device is an NVIDIA GPU: 1024^3 goes there */
    basis_cl_device_info devs[8];
    int count = 0, idx = -1;
    basis_opencl_devices(devs, 8, &count);
    basis_opencl_default_device(devs, count, &idx);
    if (idx >= 0 && devs[idx].is_gpu && contains(devs[idx].vendor, "NVIDIA")) {
        ok = gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 1024, 1024,
                       1024, 1.0, 0.0);
        b = last_backend(ctx);
        BT_CHECK(ok && b == BASIS_BACKEND_OPENCL, "AUTO ran 1024^3 on %s beside an NVIDIA GPU",
                 basis_backend_name(b));
        ok = gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 4096, 4096, 64,
                       1.0, 0.0);
        b = last_backend(ctx);
        BT_CHECK(ok && b != BASIS_BACKEND_OPENCL, "AUTO ran a thin 4096x4096x64 on %s",
                 basis_backend_name(b));
    }

    /* the test policy: any device, from 1 MFLOP */
    basis_cl_test_auto(1e6);
    for (int dbl = 0; dbl < (fp64() ? 2 : 1); dbl++) {
        ok = gemm_case(ctx, dbl, BASIS_ROW_MAJOR, BASIS_TRANS, BASIS_NO_TRANS, 120, 130, 110, 1.5,
                       0.5);
        b = last_backend(ctx);
        BT_CHECK(ok && b == BASIS_BACKEND_OPENCL, "AUTO (test policy) ran %cgemm 120x130x110 on %s",
                 dbl ? 'd' : 's', basis_backend_name(b));
        ok = gemm_case(ctx, dbl, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_TRANS, 20, 30, 10, 1.0, 0.0);
        b = last_backend(ctx);
        BT_CHECK(ok && b != BASIS_BACKEND_OPENCL, "AUTO (test policy) ran a small %cgemm on %s",
                 dbl ? 'd' : 's', basis_backend_name(b));
    }
    /* a device failure before C is touched: logged, and the CPU gives the result */
    basis_cl_test_max_alloc(1024);
    ok = gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 120, 110, 100, 1.0,
                   1.0);
    b = last_backend(ctx);
    BT_CHECK(ok && b != BASIS_BACKEND_OPENCL, "AUTO fallback: %s on %s", ok ? "right" : "wrong",
             basis_backend_name(b));
    basis_cl_test_max_alloc(0);
    /* ... and when each buffer fits but together they pass the global memory (A 48 KB, B
     * 44 KB, C 53 KB, the packed panels under 100 KB, against 100 KB) */
    basis_cl_test_global_mem(100000);
    ok = gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 120, 110, 100, 1.0,
                   1.0);
    b = last_backend(ctx);
    BT_CHECK(ok && b != BASIS_BACKEND_OPENCL, "AUTO fallback over the global memory: %s on %s",
             ok ? "right" : "wrong", basis_backend_name(b));
    basis_cl_test_global_mem(0);
    basis_cl_test_auto(0.0);
    basis_ctx_destroy(ctx);
}

/* ---- AUTO for LU, power iteration and PageRank: by their work, and the fallback --------- */

/* dgetrf, dpower and dpagerank_graph from the same inputs: the answers, the statuses and
 * where each ran. */
enum { FALLBACK_N = 80 };
typedef struct three_ops {
    double a[FALLBACK_N * FALLBACK_N], v[FALLBACK_N], lambda, ranks[6];
    int64_t piv[FALLBACK_N];
    basis_status s[3];
    basis_backend on[3];
} three_ops;

static void run_three(basis_ctx *ctx, const double *a0, const double *p, const double *v0,
                      const basis_graph *g, three_ops *t)
{
    enum { N = FALLBACK_N };
    basis_pagerank_opts opts = {0.85, 1e-12, 200, NULL};
    memcpy(t->a, a0, sizeof t->a);
    memcpy(t->v, v0, sizeof t->v);
    t->lambda = 0.0;
    t->s[0] = basis_dgetrf(ctx, BASIS_COL_MAJOR, N, N, t->a, N, t->piv);
    t->on[0] = last_backend(ctx);
    t->s[1] = basis_dpower(ctx, BASIS_COL_MAJOR, N, p, N, 1e-10, 500, t->v, &t->lambda, NULL);
    t->on[1] = last_backend(ctx);
    t->s[2] = basis_dpagerank_graph(ctx, g, &opts, t->ranks, NULL);
    t->on[2] = last_backend(ctx);
}

/* The three on ctx (AUTO, the test policy): on the device; then with the device refusing
 * everything over a lowered allocation limit: on the CPU, with the best CPU target's
 * answers bit for bit. */
static void auto_fallback_case(basis_ctx *ctx, const basis_graph *g)
{
    enum { N = FALLBACK_N };
    basis_ctx *best;
    basis_ctx_create(&best);
    basis_ctx_set_backend(best, basis_backend_best_cpu());
    double *a0 = malloc(sizeof(double) * N * N), *p = malloc(sizeof(double) * N * N);
    double v0[N];
    three_ops *dev = malloc(sizeof *dev), *fell = malloc(sizeof *fell), *cpu = malloc(sizeof *cpu);
    power_matrix(N, BASIS_COL_MAJOR, 0, 1.0, p);
    for (int i = 0; i < N * N; i++)
        a0[i] = bt_uniform();
    for (int i = 0; i < N; i++)
        v0[i] = 1.0 + 0.5 * bt_uniform();
    run_three(ctx, a0, p, v0, g, dev);
    basis_cl_test_max_alloc(16);
    run_three(ctx, a0, p, v0, g, fell);
    basis_cl_test_max_alloc(0);
    run_three(best, a0, p, v0, g, cpu);
    static const char *const names[3] = {"getrf", "power", "pagerank"};
    for (int o = 0; o < 3; o++) {
        BT_CHECK(dev->s[o] == BASIS_OK && dev->on[o] == BASIS_BACKEND_OPENCL,
                 "AUTO (test policy) %s: %s on %s", names[o], basis_status_name(dev->s[o]),
                 basis_backend_name(dev->on[o]));
        BT_CHECK(fell->s[o] == BASIS_OK && cpu->s[o] == BASIS_OK &&
                     fell->on[o] != BASIS_BACKEND_OPENCL,
                 "AUTO fallback of %s: %s on %s (CPU %s): %s", names[o],
                 basis_status_name(fell->s[o]), basis_backend_name(fell->on[o]),
                 basis_status_name(cpu->s[o]), basis_last_error());
    }
    BT_CHECK(!memcmp(fell->a, cpu->a, sizeof cpu->a) &&
                 !memcmp(fell->piv, cpu->piv, sizeof cpu->piv) &&
                 !memcmp(fell->v, cpu->v, sizeof cpu->v) && fell->lambda == cpu->lambda &&
                 !memcmp(fell->ranks, cpu->ranks, sizeof cpu->ranks),
             "AUTO fallback: not the CPU's answers (lambda %.17g vs %.17g)", fell->lambda,
             cpu->lambda);
    free(a0);
    free(p);
    free(dev);
    free(fell);
    free(cpu);
    basis_ctx_destroy(best);
}

void check_auto_ops(void)
{
    basis_ctx *ctx, *cpu = ref_ctx();
    basis_ctx_create(&ctx); /* AUTO */
    unsetenv("BASIS_BACKEND");
    /* the test policy (any device from 10 kflop of work): lu_case and power_case check the
     * answers and that the device ran them; smaller ones stay on the CPU */
    basis_cl_test_auto(1e4);
    for (int dbl = 0; dbl < (fp64() ? 2 : 1); dbl++)
        lu_case(ctx, cpu, dbl, BASIS_ROW_MAJOR, 170, 131); /* 2.2 Mflop, past one panel */
    if (fp64())
        power_case(ctx, cpu, 80, BASIS_COL_MAJOR, 2, 1.0); /* 12.8 kflop per iteration */
    double a2[25] = {4, 1, 0, 0, 0, 1, 4, 1, 0, 0, 0, 1, 4, 1, 0, 0, 0, 1, 4, 1, 0, 0, 0, 1, 4};
    double v[5] = {1, 2, 3, 4, 5}, lambda = 0.0;
    int64_t piv5[5];
    basis_status s1 = basis_dpower(ctx, BASIS_COL_MAJOR, 5, a2, 5, 1e-10, 500, v, &lambda, NULL);
    basis_backend b1 = last_backend(ctx);
    basis_status s2 = basis_dgetrf(ctx, BASIS_COL_MAJOR, 5, 5, a2, 5, piv5);
    basis_backend b2 = last_backend(ctx);
    BT_CHECK((s1 == BASIS_OK || s1 == BASIS_ERR_NO_CONVERGENCE) && s2 == BASIS_OK &&
                 b1 != BASIS_BACKEND_OPENCL && b2 != BASIS_BACKEND_OPENCL,
             "AUTO (test policy) ran a 5 x 5 power on %s and getrf on %s",
             basis_backend_name(b1), basis_backend_name(b2));

    /* PageRank by its edges: 6 here, 12 flops per iteration */
    static const int64_t src[] = {0, 0, 1, 2, 3, 3}, dst[] = {1, 2, 2, 0, 2, 3};
    basis_graph *g = edges_graph(6, src, dst, 6);
    if (g) {
        basis_pagerank_opts opts = {0.85, 1e-13, 500, NULL};
        double r[6], rc[6];
        for (int take = 1; take >= 0; take--) {
            basis_cl_test_auto(take ? 12.0 : 13.0);
            s1 = basis_dpagerank_graph(ctx, g, &opts, r, NULL);
            b1 = last_backend(ctx);
            s2 = basis_dpagerank_graph(cpu, g, &opts, rc, NULL);
            double e = 0.0;
            for (int i = 0; i < 6; i++)
                e = fmax(e, fabs(r[i] - rc[i]));
            BT_CHECK(s1 == BASIS_OK && s2 == BASIS_OK && e <= 1e-14 &&
                         (b1 == BASIS_BACKEND_OPENCL) == take,
                     "AUTO (test policy from %d flops) ran PageRank on %s, %.3g from the CPU",
                     take ? 12 : 13, basis_backend_name(b1), e);
        }
        basis_cl_test_auto(1.0);
        if (fp64())
            auto_fallback_case(ctx, g);
        basis_graph_destroy(g);
    }
    basis_cl_test_auto(0.0);
    basis_ctx_destroy(cpu);
    basis_ctx_destroy(ctx);
}
