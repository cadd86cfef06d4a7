/* pagerank_graphblas.c: the GraphBLAS row of basis-bench-pagerank: the same PageRank iteration as a loop of GrB_mxv (built only where libgraphblas-dev is installed). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <GraphBLAS.h>

#include "internal.h"
#include "pagerank_peers.h"

/* The iteration as a GraphBLAS user writes it, everything in GraphBLAS objects:
 *   w = x .* (d ./ outdeg)            (sparse: dangling nodes have no entry)
 *   D = sum(x .* dangling)            (the dangling rank)
 *   x_new = (d D + 1 - d) / n; x_new += A^T w   (GrB_mxv, PLUS_TIMES, accumulate)
 *   res = sum(|x_new - x|)
 * A^T is the pattern with A^T(i, j) = 1 for every edge j -> i (repeated edges add up, as
 * they count twice in basis), stored by row, so GrB_mxv pulls. Built once, outside the
 * timing; the loop is timed. */
#define TRY(call)                                                                            \
    do {                                                                                     \
        GrB_Info info_ = (call);                                                             \
        if (info_ != GrB_SUCCESS) {                                                          \
            snprintf(err, errlen, "graphblas: %s failed (GrB_Info %d)", #call, (int)info_); \
            goto done;                                                                       \
        }                                                                                    \
    } while (0)

int pr_graphblas_run(const pr_csr *g, double damping, double tol, int64_t max_iter, int threads,
                     double *x, pr_run *run, char *err, size_t errlen)
{
    static int initialized;
    GrB_Index n = (GrB_Index)g->n, m = (GrB_Index)g->m;
    GrB_Matrix at = NULL;
    GrB_Vector dinv = NULL, dang = NULL, xv = NULL, xn = NULL, w = NULL, t = NULL;
    GrB_Index *I = malloc((m > 0 ? m : 1) * sizeof(GrB_Index));
    GrB_Index *J = malloc((m > 0 ? m : 1) * sizeof(GrB_Index));
    double *one = malloc((m > 0 ? m : 1) * sizeof(double));
    int rc = 1;
    if (!I || !J || !one) {
        snprintf(err, errlen, "graphblas: out of memory");
        goto done;
    }
    if (!initialized) {
        TRY(GrB_init(GrB_NONBLOCKING));
        initialized = 1;
    }
    TRY(GxB_Global_Option_set(GxB_NTHREADS, threads));
    for (GrB_Index e = 0; e < m; e++) {
        I[e] = (GrB_Index)g->dst[e];
        J[e] = (GrB_Index)g->src[e];
        one[e] = 1.0;
    }
    TRY(GrB_Matrix_new(&at, GrB_FP64, n, n));
    TRY(GrB_Matrix_build_FP64(at, I, J, one, m, GrB_PLUS_FP64));
    TRY(GrB_Vector_new(&dinv, GrB_FP64, n));
    TRY(GrB_Vector_new(&dang, GrB_FP64, n));
    for (GrB_Index j = 0; j < n; j++) {
        if (g->outdeg[j] > 0)
            TRY(GrB_Vector_setElement_FP64(dinv, damping / (double)g->outdeg[j], j));
        else
            TRY(GrB_Vector_setElement_FP64(dang, 1.0, j));
    }
    TRY(GrB_Vector_new(&xv, GrB_FP64, n));
    TRY(GrB_Vector_new(&xn, GrB_FP64, n));
    TRY(GrB_Vector_new(&w, GrB_FP64, n));
    TRY(GrB_Vector_new(&t, GrB_FP64, n));
    TRY(GrB_Vector_assign_FP64(xv, NULL, NULL, 1.0 / (double)n, GrB_ALL, n, NULL));
    TRY(GrB_Vector_wait(dinv, GrB_MATERIALIZE));
    TRY(GrB_Vector_wait(dang, GrB_MATERIALIZE));
    TRY(GrB_Matrix_wait(at, GrB_MATERIALIZE));

    double t0 = basis_now(), res = INFINITY;
    int64_t it = 0;
    while (it < max_iter && !(res < tol)) {
        double dsum = 0.0;
        TRY(GrB_eWiseMult(w, NULL, NULL, GrB_TIMES_FP64, xv, dinv, NULL));
        TRY(GrB_eWiseMult(t, NULL, NULL, GrB_TIMES_FP64, xv, dang, NULL));
        TRY(GrB_Vector_reduce_FP64(&dsum, NULL, GrB_PLUS_MONOID_FP64, t, NULL));
        double base = (damping * dsum + 1.0 - damping) / (double)n;
        TRY(GrB_Vector_assign_FP64(xn, NULL, NULL, base, GrB_ALL, n, NULL));
        TRY(GrB_mxv(xn, NULL, GrB_PLUS_FP64, GrB_PLUS_TIMES_SEMIRING_FP64, at, w, NULL));
        TRY(GrB_eWiseAdd(t, NULL, NULL, GrB_MINUS_FP64, xn, xv, NULL));
        TRY(GrB_apply(t, NULL, NULL, GrB_ABS_FP64, t, NULL));
        TRY(GrB_Vector_reduce_FP64(&res, NULL, GrB_PLUS_MONOID_FP64, t, NULL));
        GrB_Vector swap = xv;
        xv = xn;
        xn = swap;
        it++;
    }
    run->seconds = basis_now() - t0;
    run->iterations = it;
    double sum = 0.0;
    for (GrB_Index i = 0; i < n; i++) {
        double v = 0.0;
        TRY(GrB_Vector_extractElement_FP64(&v, xv, i));
        x[i] = v;
        sum += v;
    }
    for (GrB_Index i = 0; i < n; i++)
        x[i] /= sum;
    rc = 0;
done:
    GrB_free(&at);
    GrB_free(&dinv);
    GrB_free(&dang);
    GrB_free(&xv);
    GrB_free(&xn);
    GrB_free(&w);
    GrB_free(&t);
    free(I);
    free(J);
    free(one);
    return rc;
}
