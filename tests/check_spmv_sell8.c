/* check_spmv_sell8.c: every target's SELL-8 pull SpMV kernels against the reference, bitwise, on random graphs built by basis_graph_from_edges. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "graph.h"
#include "testutil.h"

/* The kernel contract fixes the order of every row's sum, so every target must return the
 * reference's bits. Graphs: skewed in-degrees (a few hubs, many rows of 0-3 in-edges, as in
 * web graphs), node counts that are and are not multiples of 8; chunk ranges: the whole
 * graph and every split point of a few, as threads call it. y starts as NaN, so an unwritten
 * slot shows, and x[n] = 0 as the contract requires. */

static basis_graph *random_graph(int64_t n, int64_t m)
{
    int64_t *src = malloc((size_t)(m > 0 ? m : 1) * sizeof(int64_t));
    int64_t *dst = malloc((size_t)(m > 0 ? m : 1) * sizeof(int64_t));
    for (int64_t e = 0; e < m; e++) {
        double u = bt_uniform() * 0.5 + 0.5; /* [0, 1) */
        src[e] = (int64_t)(u * (double)n) % n;
        /* a quarter of the edges point at a handful of hubs */
        int64_t hub = (int64_t)((bt_uniform() * 0.5 + 0.5) * 5.0) % n;
        dst[e] = e % 4 == 0 ? hub : (int64_t)((bt_uniform() * 0.5 + 0.5) * (double)n) % n;
    }
    basis_graph *g = NULL;
    basis_status s = basis_graph_from_edges(n, src, dst, m, 0, &g);
    BT_CHECK(s == BASIS_OK, "graph n=%lld m=%lld: %s", (long long)n, (long long)m,
             basis_last_error());
    free(src);
    free(dst);
    return g;
}

static void check_target(const basis_kernels *k, const char *name, const basis_graph *g)
{
    int64_t n = g->n, nc = g->nchunks, ny = nc * BASIS_SELL_C + 1;
    double *xd = malloc((size_t)(n + 1) * sizeof(double));
    double *yd = malloc((size_t)ny * sizeof(double));
    double *rd = malloc((size_t)ny * sizeof(double));
    float *xs = malloc((size_t)(n + 1) * sizeof(float));
    float *ys = malloc((size_t)ny * sizeof(float));
    float *rs = malloc((size_t)ny * sizeof(float));
    for (int64_t i = 0; i < n; i++) {
        xd[i] = bt_uniform() * 0.5 + 0.5;
        xs[i] = (float)xd[i];
    }
    xd[n] = 0.0;
    xs[n] = 0.0f;
    int64_t cuts[] = {0, nc / 3, nc / 2, nc - 1, nc};
    for (int q = 0; q < 5; q++) {
        int64_t c0 = cuts[q] < 0 ? 0 : cuts[q];
        for (int64_t i = 0; i < ny; i++) {
            yd[i] = rd[i] = NAN;
            ys[i] = rs[i] = NAN;
        }
        basis_dspmv_sell8_ref(c0, nc, g->chunk_start, g->col, xd, rd);
        k->dspmv_sell8(c0, nc, g->chunk_start, g->col, xd, yd);
        basis_sspmv_sell8_ref(c0, nc, g->chunk_start, g->col, xs, rs);
        k->sspmv_sell8(c0, nc, g->chunk_start, g->col, xs, ys);
        BT_CHECK(memcmp(yd, rd, (size_t)ny * sizeof(double)) == 0 || n == 0,
                 "%s dspmv_sell8 n=%lld chunks [%lld, %lld) differs from the reference", name,
                 (long long)n, (long long)c0, (long long)nc);
        BT_CHECK(memcmp(ys, rs, (size_t)ny * sizeof(float)) == 0 || n == 0,
                 "%s sspmv_sell8 n=%lld chunks [%lld, %lld) differs from the reference", name,
                 (long long)n, (long long)c0, (long long)nc);
        if (c0 == 0) { /* the whole range leaves no slot unwritten */
            int64_t unwritten = 0;
            for (int64_t i = 0; i < ny - 1; i++)
                unwritten += isnan(yd[i]) || isnan(ys[i]);
            BT_CHECK(unwritten == 0, "%s: %lld slots unwritten", name, (long long)unwritten);
        }
    }
    free(xd);
    free(yd);
    free(rd);
    free(xs);
    free(ys);
    free(rs);
}

int main(void)
{
    static const basis_backend targets[] = {BASIS_BACKEND_REF, BASIS_BACKEND_AVX2,
                                            BASIS_BACKEND_AVX512, BASIS_BACKEND_NEON};
    static const int64_t shapes[][2] = {{1, 0}, {1, 3}, {7, 20}, {8, 64}, {9, 5},
                                        {100, 400}, {1001, 5000}, {4096, 30000}};
    bt_seed(808);
    printf("check_spmv_sell8: SELL-8 pull SpMV kernels against the reference\n");
    for (int sh = 0; sh < (int)(sizeof shapes / sizeof shapes[0]); sh++) {
        basis_graph *g = random_graph(shapes[sh][0], shapes[sh][1]);
        if (!g)
            continue;
        for (int t = 0; t < 4; t++) {
            const basis_kernels *k = basis_target_kernels(targets[t]);
            if (k)
                check_target(k, basis_backend_name(targets[t]), g);
        }
        basis_graph_destroy(g);
    }
    return bt_end();
}
