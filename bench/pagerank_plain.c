/* pagerank_plain.c: the plain scalar pull PageRank (1 thread, double, 64-bit CSR) that basis's speed is measured against. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "pagerank_peers.h"

/* What a careful programmer writes first: per iteration one pass scales the ranks by the
 * out-degrees and sums the dangling rank, one pass pulls each node's in-edges and forms
 * the new rank and the L1 change. No SIMD, no threads, no layout tricks. */
int pr_plain_run(const pr_csr *g, double damping, double tol, int64_t max_iter, double *x,
                 pr_run *run, char *err, size_t errlen)
{
    int64_t n = g->n;
    double t0 = basis_now();
    double *xs = malloc((size_t)n * sizeof(double)), *buf = malloc((size_t)n * sizeof(double));
    if (!xs || !buf) {
        free(xs);
        free(buf);
        snprintf(err, errlen, "plain: out of memory");
        return 1;
    }
    double *cur = x, *xn = buf; /* swapped every iteration */
    for (int64_t i = 0; i < n; i++)
        cur[i] = 1.0 / (double)n;
    int64_t it = 0;
    double res = INFINITY;
    while (it < max_iter && !(res < tol)) {
        double dangling = 0.0;
        for (int64_t j = 0; j < n; j++) {
            if (g->outdeg[j] > 0)
                xs[j] = cur[j] / (double)g->outdeg[j];
            else {
                xs[j] = 0.0;
                dangling += cur[j];
            }
        }
        double base = (damping * dangling + 1.0 - damping) / (double)n;
        res = 0.0;
        for (int64_t i = 0; i < n; i++) {
            double sum = 0.0;
            for (int64_t e = g->in_off[i]; e < g->in_off[i + 1]; e++)
                sum += xs[g->in_src[e]];
            xn[i] = damping * sum + base;
            res += fabs(xn[i] - cur[i]);
        }
        double *t = cur;
        cur = xn;
        xn = t;
        it++;
    }
    double sum = 0.0;
    for (int64_t i = 0; i < n; i++)
        sum += cur[i];
    for (int64_t i = 0; i < n; i++)
        x[i] = cur[i] / sum;
    run->seconds = basis_now() - t0;
    run->iterations = it;
    free(xs);
    free(buf);
    return 0;
}
