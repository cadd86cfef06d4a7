/* pagerank.c: the public PageRank ops: graph validation, the in-edge (transposed) CSR, and the pull iteration over the spmv_pull kernel. */
#include <math.h>
#include <string.h>

#include "internal.h"

/* Convention (that of the reference vectors in shared/data/graphs/oracle): damping d, uniform
 * teleport, the rank of dangling nodes (no out-edges) spread uniformly, start 1/n, self-loops
 * and repeated edges count as edges. One iteration, pull-based:
 *   xs[j] = x[j] / outdeg[j] (0 when j dangles), y = spmv_pull(xs),
 *   x_new[i] = d y[i] + (d D + 1 - d) / n with D the rank held by dangling nodes;
 * stop when ||x_new - x||_1 < tol. The result is renormalized to sum 1, which only removes
 * rounding drift. The float version keeps its vectors in float but accumulates the
 * dangling mass, the residual and the final sum in double, where it costs nothing. */

/* The whole graph is read before anything is allocated, so a bad graph is an argument error
 * naming the first bad entry, and the kernel never sees an index outside [0, n). */
static basis_status check_graph(const char *fn, const basis_csr *graph)
{
    basis_status s;
    if (graph == NULL)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: graph is NULL", fn);
    int64_t n = graph->n;
    const int64_t *off = graph->offsets;
    if ((s = basis_check_size(fn, "graph->n", n)) ||
        (s = basis_check_alloc(fn, "the rank workspace", n, 3, sizeof(double))))
        return s;
    if (n == 0)
        return BASIS_OK;
    if (off == NULL)
        return basis_fail(BASIS_ERR_ARGUMENT,
                          "%s: graph->offsets is NULL but must hold n + 1 = %lld entries", fn,
                          (long long)(n + 1));
    if (off[0] != 0)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: graph->offsets[0] = %lld must be 0", fn,
                          (long long)off[0]);
    for (int64_t i = 0; i < n; i++)
        if (off[i + 1] < off[i])
            return basis_fail(BASIS_ERR_ARGUMENT,
                              "%s: graph->offsets[%lld] = %lld is less than graph->offsets[%lld] "
                              "= %lld (offsets must be nondecreasing)",
                              fn, (long long)(i + 1), (long long)off[i + 1], (long long)i,
                              (long long)off[i]);
    int64_t nnz = off[n];
    if ((s = basis_check_alloc(fn, "the in-edge workspace", nnz, 1, sizeof(int64_t))))
        return s;
    if (graph->targets == NULL && nnz > 0)
        return basis_fail(BASIS_ERR_ARGUMENT,
                          "%s: graph->targets is NULL but must hold offsets[n] = %lld entries",
                          fn, (long long)nnz);
    for (int64_t i = 0; i < n; i++) {
        for (int64_t e = off[i]; e < off[i + 1]; e++) {
            int64_t t = graph->targets[e];
            if (t < 0 || t >= n)
                return basis_fail(BASIS_ERR_ARGUMENT,
                                  "%s: graph->targets[%lld] = %lld (an out-edge of node %lld) "
                                  "is not a node: it must be in [0, %lld)",
                                  fn, (long long)e, (long long)t, (long long)i, (long long)n);
        }
    }
    return BASIS_OK;
}

static basis_status check_iteration(const char *fn, double damping, double tol,
                                    int64_t max_iter)
{
    if (!(damping >= 0.0 && damping < 1.0))
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: damping = %g must be in [0, 1)", fn,
                          damping);
    if (!(tol > 0.0) || !isfinite(tol))
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: tol = %g must be positive and finite", fn,
                          tol);
    if (max_iter < 1)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: max_iter = %lld must be at least 1", fn,
                          (long long)max_iter);
    return BASIS_OK;
}

/* The in-edge CSR (the transpose) by a counting sort: sources of each node come out in
 * increasing order, so the pull sums run in a fixed order whatever the input order.
 * *in_off gets n + 1 entries and *sources offsets[n]; both freed by the caller. */
static basis_status build_in_edges(const char *fn, const basis_csr *g, int64_t **in_off,
                                   int64_t **sources)
{
    int64_t n = g->n, nnz = g->offsets[n];
    int64_t *io = basis_alloc((size_t)(n + 1) * sizeof *io);
    int64_t *src = basis_alloc((size_t)(nnz > 0 ? nnz : 1) * sizeof *src);
    int64_t *cursor = basis_alloc((size_t)n * sizeof *cursor);
    if (io == NULL || src == NULL || cursor == NULL) {
        basis_free(io);
        basis_free(src);
        basis_free(cursor);
        return basis_fail(BASIS_ERR_NO_MEMORY,
                          "%s: could not allocate the in-edge graph (%lld nodes, %lld edges)",
                          fn, (long long)n, (long long)nnz);
    }
    memset(io, 0, (size_t)(n + 1) * sizeof *io);
    for (int64_t e = 0; e < nnz; e++)
        io[g->targets[e] + 1]++;
    for (int64_t i = 0; i < n; i++)
        io[i + 1] += io[i];
    memcpy(cursor, io, (size_t)n * sizeof *cursor);
    for (int64_t j = 0; j < n; j++)
        for (int64_t e = g->offsets[j]; e < g->offsets[j + 1]; e++)
            src[cursor[g->targets[e]]++] = j;
    basis_free(cursor);
    *in_off = io;
    *sources = src;
    return BASIS_OK;
}

static basis_status pagerank_no_convergence(const char *fn, int64_t max_iter, double residual,
                                            double tol)
{
    return basis_fail(BASIS_ERR_NO_CONVERGENCE,
                      "%s: max_iter = %lld reached without convergence: the L1 change %g is "
                      "not below tol = %g (ranks hold the last iterate)",
                      fn, (long long)max_iter, residual, tol);
}

basis_status basis_spagerank(basis_ctx *ctx, const basis_csr *graph, float damping, float tol,
                             int64_t max_iter, float *ranks, basis_iter_info *info)
{
    static const char fn[] = "basis_spagerank";
    basis_status s;
    if ((s = check_graph(fn, graph)) ||
        (s = check_iteration(fn, (double)damping, (double)tol, max_iter)) ||
        (s = basis_check_ptr(fn, "ranks", ranks, graph->n)))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    int64_t n = graph->n;
    if (n == 0) {
        if (info) {
            info->iterations = 0;
            info->residual = 0.0;
        }
        return basis_call_end(ctx, &call, BASIS_OK);
    }

    int64_t *in_off, *src;
    if ((s = build_in_edges(fn, graph, &in_off, &src)))
        return basis_call_end(ctx, &call, s);
    float *ws = basis_alloc((size_t)n * 3 * sizeof *ws);
    if (ws == NULL) {
        basis_free(in_off);
        basis_free(src);
        return basis_call_end(ctx, &call,
                              basis_fail(BASIS_ERR_NO_MEMORY,
                                         "%s: could not allocate the rank vectors (3 x %lld)",
                                         fn, (long long)n));
    }
    float *x = ws, *xs = ws + n, *y = ws + 2 * n;
    const int64_t *off = graph->offsets;
    double d = (double)damping;

    for (int64_t i = 0; i < n; i++)
        x[i] = (float)(1.0 / (double)n);
    double residual = INFINITY;
    int64_t it;
    for (it = 1;; it++) {
        double dangling = 0.0;
        for (int64_t j = 0; j < n; j++) {
            int64_t deg = off[j + 1] - off[j];
            if (deg > 0) {
                xs[j] = x[j] / (float)deg;
            } else {
                xs[j] = 0.0f;
                dangling += (double)x[j];
            }
        }
        call.k->sspmv_pull(n, in_off, src, xs, y);
        double base = (d * dangling + (1.0 - d)) / (double)n;
        residual = 0.0;
        for (int64_t i = 0; i < n; i++) {
            y[i] = (float)(d * (double)y[i] + base);
            residual += fabs((double)y[i] - (double)x[i]);
        }
        float *t = x;
        x = y;
        y = t;
        if (residual < (double)tol || it == max_iter)
            break;
    }

    double sum = 0.0;
    for (int64_t i = 0; i < n; i++)
        sum += (double)x[i];
    for (int64_t i = 0; i < n; i++)
        ranks[i] = (float)((double)x[i] / sum);
    if (info) {
        info->iterations = it;
        info->residual = residual;
    }
    basis_free(ws);
    basis_free(in_off);
    basis_free(src);
    s = residual < (double)tol ? BASIS_OK
                               : pagerank_no_convergence(fn, max_iter, residual, (double)tol);
    return basis_call_end(ctx, &call, s);
}

basis_status basis_dpagerank(basis_ctx *ctx, const basis_csr *graph, double damping,
                             double tol, int64_t max_iter, double *ranks,
                             basis_iter_info *info)
{
    static const char fn[] = "basis_dpagerank";
    basis_status s;
    if ((s = check_graph(fn, graph)) || (s = check_iteration(fn, damping, tol, max_iter)) ||
        (s = basis_check_ptr(fn, "ranks", ranks, graph->n)))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    int64_t n = graph->n;
    if (n == 0) {
        if (info) {
            info->iterations = 0;
            info->residual = 0.0;
        }
        return basis_call_end(ctx, &call, BASIS_OK);
    }

    int64_t *in_off, *src;
    if ((s = build_in_edges(fn, graph, &in_off, &src)))
        return basis_call_end(ctx, &call, s);
    double *ws = basis_alloc((size_t)n * 3 * sizeof *ws);
    if (ws == NULL) {
        basis_free(in_off);
        basis_free(src);
        return basis_call_end(ctx, &call,
                              basis_fail(BASIS_ERR_NO_MEMORY,
                                         "%s: could not allocate the rank vectors (3 x %lld)",
                                         fn, (long long)n));
    }
    double *x = ws, *xs = ws + n, *y = ws + 2 * n;
    const int64_t *off = graph->offsets;
    double d = damping;

    for (int64_t i = 0; i < n; i++)
        x[i] = 1.0 / (double)n;
    double residual = INFINITY;
    int64_t it;
    for (it = 1;; it++) {
        double dangling = 0.0;
        for (int64_t j = 0; j < n; j++) {
            int64_t deg = off[j + 1] - off[j];
            if (deg > 0) {
                xs[j] = x[j] / (double)deg;
            } else {
                xs[j] = 0.0;
                dangling += x[j];
            }
        }
        call.k->dspmv_pull(n, in_off, src, xs, y);
        double base = (d * dangling + (1.0 - d)) / (double)n;
        residual = 0.0;
        for (int64_t i = 0; i < n; i++) {
            y[i] = d * y[i] + base;
            residual += fabs(y[i] - x[i]);
        }
        double *t = x;
        x = y;
        y = t;
        if (residual < tol || it == max_iter)
            break;
    }

    double sum = 0.0;
    for (int64_t i = 0; i < n; i++)
        sum += x[i];
    for (int64_t i = 0; i < n; i++)
        ranks[i] = x[i] / sum;
    if (info) {
        info->iterations = it;
        info->residual = residual;
    }
    basis_free(ws);
    basis_free(in_off);
    basis_free(src);
    s = residual < tol ? BASIS_OK : pagerank_no_convergence(fn, max_iter, residual, tol);
    return basis_call_end(ctx, &call, s);
}
