/* pagerank.c (check_opencl): PageRank on the device against the CPU, short and long rows, and an oversized request refused. */
#include "check_opencl/check_opencl.h"

/* ---- PageRank on the device: the CPU's answer, and an oversized request refused ------- */

/* The graph of n nodes and edges src[e] -> dst[e], or NULL (a failed check). */
basis_graph *edges_graph(int64_t n, const int64_t *src, const int64_t *dst, int64_t m)
{
    basis_graph *g = NULL;
    BT_CHECK(basis_graph_from_edges(n, src, dst, m, 0, &g) == BASIS_OK, "graph: %s",
             basis_last_error());
    return g;
}

/* A context on the reference CPU kernels: the answer the device is held to. */
void check_pagerank(basis_ctx *ctx)
{
    /* 0->1, 0->2, 1->2, 2->0, 3->2, 3->3 (self-loop), 4 dangling, 5 isolated */
    static const int64_t src[] = {0, 0, 1, 2, 3, 3}, dst[] = {1, 2, 2, 0, 2, 3};
    basis_graph *g = edges_graph(6, src, dst, 6);
    if (!g)
        return;
    basis_ctx *cpu = ref_ctx();
    double pers[6] = {1, 0, 0, 2, 0, 1};
    for (int personalized = 0; personalized < 2; personalized++) {
        basis_pagerank_opts opts = {0.85, 1e-13, 500, personalized ? pers : NULL};
        double rd[6], cd[6];
        float rs[6], cs[6];
        basis_iter_info id, icd, is, ics;
        basis_status s1 = basis_dpagerank_graph(ctx, g, &opts, rd, &id);
        basis_backend b = last_backend(ctx);
        basis_status s2 = basis_dpagerank_graph(cpu, g, &opts, cd, &icd);
        opts.tol = 1e-6;
        basis_status s3 = basis_spagerank_graph(ctx, g, &opts, rs, &is);
        basis_status s4 = basis_spagerank_graph(cpu, g, &opts, cs, &ics);
        BT_CHECK(s1 == BASIS_OK && s2 == BASIS_OK && s3 == BASIS_OK && s4 == BASIS_OK &&
                     b == BASIS_BACKEND_OPENCL,
                 "pagerank on %s: %s %s %s %s: %s", basis_backend_name(b), basis_status_name(s1),
                 basis_status_name(s2), basis_status_name(s3), basis_status_name(s4),
                 basis_last_error());
        double ed = 0.0, es = 0.0, sum = 0.0;
        for (int i = 0; i < 6; i++) {
            ed = fmax(ed, fabs(rd[i] - cd[i]));
            es = fmax(es, fabs((double)rs[i] - (double)cs[i]));
            sum += rd[i];
        }
        /* the SpMV sums have the CPU's bits; only the residual's order of addition differs */
        BT_CHECK(ed <= 1e-14 && es <= 1e-6 && fabs(sum - 1.0) <= 1e-12 &&
                     id.iterations == icd.iterations,
                 "pagerank (personalized %d): device vs CPU %.3g (d), %.3g (s), sum %.17g, "
                 "iterations %lld vs %lld", personalized, ed, es, sum, (long long)id.iterations,
                 (long long)icd.iterations);
    }
    /* over a lowered allocation limit: refused before allocating, ranks untouched */
    basis_pagerank_opts opts = {0.85, 1e-10, 100, NULL};
    double r[6] = {7, 7, 7, 7, 7, 7};
    basis_cl_test_max_alloc(16);
    basis_status s = basis_dpagerank_graph(ctx, g, &opts, r, NULL);
    basis_cl_test_max_alloc(0);
    BT_CHECK(s == BASIS_ERR_DEVICE && contains(basis_last_error(), "CL_DEVICE_MAX_MEM_ALLOC_SIZE"),
             "pagerank over a lowered limit: %s: %s", basis_status_name(s), basis_last_error());
    int same = 1;
    for (int i = 0; i < 6; i++)
        same &= r[i] == 7.0;
    BT_CHECK(same, "a refused PageRank wrote the ranks");
    basis_ctx_destroy(cpu);
    basis_graph_destroy(g);
}

/* Long rows: node 0 is pulled from every other node, node 1 from every third, the rest
 * from a few pseudo-random ones, so the first chunks are hundreds to thousands of steps
 * long. The long-row kernel sums them in another order than the CPU, so the ranks agree
 * to rounding; with it switched off (every chunk through the one-work-item-per-row kernel)
 * they agree as the short graph's do. */
void check_pagerank_long(basis_ctx *ctx)
{
    enum { N = 3000 };
    static int64_t src[2 * N + 4 * N], dst[2 * N + 4 * N];
    int64_t m = 0;
    for (int64_t i = 1; i < N; i++) {
        src[m] = i, dst[m++] = 0;
        if (i % 3 == 0)
            src[m] = i, dst[m++] = 1;
        for (int64_t r = 0; r < 3; r++)
            src[m] = i, dst[m++] = (i * 7919 + r * 104729) % N;
    }
    basis_graph *g = edges_graph(N, src, dst, m);
    if (!g)
        return;
    basis_ctx *cpu = ref_ctx();
    static double rd[N], cd[N];
    static float rs[N], cs[N];
    basis_pagerank_opts opts = {0.85, 1e-13, 500, NULL};
    basis_iter_info icd;
    BT_CHECK(basis_dpagerank_graph(cpu, g, &opts, cd, &icd) == BASIS_OK, "cpu: %s",
             basis_last_error());
    opts.tol = 1e-6;
    BT_CHECK(basis_spagerank_graph(cpu, g, &opts, cs, NULL) == BASIS_OK, "cpu: %s",
             basis_last_error());
    /* 0: the built-in threshold (on a GPU; PoCL keeps every row on one work-item); 64 and
     * 1: chunks of that many steps or more are long; 1 << 40: none is */
    static const int64_t steps[] = {0, 64, 1, (int64_t)1 << 40};
    for (int q = 0; q < 4; q++) {
        basis_cl_test_pagerank_long(steps[q]);
        opts.tol = 1e-13;
        basis_iter_info id;
        basis_status s1 = basis_dpagerank_graph(ctx, g, &opts, rd, &id);
        basis_backend b = last_backend(ctx);
        opts.tol = 1e-6;
        basis_status s2 = basis_spagerank_graph(ctx, g, &opts, rs, NULL);
        double ed = 0.0, es = 0.0, sum = 0.0;
        for (int i = 0; i < N; i++) {
            ed = fmax(ed, fabs(rd[i] - cd[i]));
            es = fmax(es, fabs((double)rs[i] - (double)cs[i]));
            sum += rd[i];
        }
        double limit = q == 3 ? 1e-14 : 1e-12;
        BT_CHECK(s1 == BASIS_OK && s2 == BASIS_OK && b == BASIS_BACKEND_OPENCL &&
                     ed <= limit && es <= 1e-6 && fabs(sum - 1.0) <= 1e-12,
                 "pagerank, long rows (threshold %lld): %s %s on %s, device vs CPU %.3g (d), "
                 "%.3g (s), sum %.17g, %lld iterations (CPU %lld)",
                 (long long)steps[q], basis_status_name(s1), basis_status_name(s2),
                 basis_backend_name(b), ed, es, sum, (long long)id.iterations,
                 (long long)icd.iterations);
    }
    basis_cl_test_pagerank_long(0);
    basis_ctx_destroy(cpu);
    basis_graph_destroy(g);
}
