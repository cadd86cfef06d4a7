/* pagerank.c: PageRank's entry points: argument checks, the thread split, and the basis_csr calls built on a basis_graph (the iterations: pagerank_s.c, pagerank_d.c). */
#include <math.h>
#include <string.h>

#include "pagerank.h"

static basis_status check_iteration(const char *fn, double damping, double tol,
                                    int64_t max_iter)
{
    if (!(damping >= 0.0 && damping < 1.0))
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: damping = %g must be in [0, 1)", fn,
                          damping);
    return basis_check_iteration(fn, tol, max_iter);
}

/* The options and the graph handle; *psum gets the personalization's sum (0: uniform). */
static basis_status check_graph_call(const char *fn, const basis_graph *g,
                                     const basis_pagerank_opts *opts, const void *ranks,
                                     double *psum)
{
    basis_status s;
    if (g == NULL)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: g is NULL", fn);
    if (opts == NULL)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: opts is NULL", fn);
    if (g->n < 0 || g->m < 0 || (g->n > 0 && (g->chunk_start == NULL || g->out_degree == NULL)))
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: g is not a graph built by basis", fn);
    if ((s = check_iteration(fn, opts->damping, opts->tol, opts->max_iter)) ||
        (s = basis_check_ptr(fn, "ranks", ranks, g->n)) ||
        (s = basis_check_alloc(fn, "the rank workspace", g->n + 1, 5, sizeof(double))))
        return s;
    *psum = 0.0;
    if (opts->personalize == NULL)
        return BASIS_OK;
    double sum = 0.0;
    for (int64_t i = 0; i < g->n; i++) {
        double p = opts->personalize[i];
        if (!(p >= 0.0) || !isfinite(p))
            return basis_fail(BASIS_ERR_ARGUMENT,
                              "%s: opts->personalize[%lld] = %g must be non-negative and "
                              "finite",
                              fn, (long long)i, p);
        sum += p;
    }
    if (!(sum > 0.0) || !isfinite(sum))
        return basis_fail(BASIS_ERR_ARGUMENT,
                          "%s: opts->personalize sums to %g; the sum must be positive and "
                          "finite",
                          fn, sum);
    *psum = sum;
    return BASIS_OK;
}

basis_status basis_pagerank_no_convergence(const char *fn, int64_t max_iter, double residual,
                                           double tol)
{
    return basis_fail(BASIS_ERR_NO_CONVERGENCE,
                      "%s: max_iter = %lld reached without convergence: the L1 change %g is "
                      "not below tol = %g (ranks hold the last iterate)",
                      fn, (long long)max_iter, residual, tol);
}

basis_status basis_pagerank_no_memory(const char *fn, int64_t n)
{
    return basis_fail(BASIS_ERR_NO_MEMORY,
                      "%s: could not allocate the PageRank workspace for %lld nodes", fn,
                      (long long)n);
}

/* ---- the thread split ------------------------------------------------------------------ */

static int64_t plan_units(const basis_graph *g)
{
    int64_t work = g->chunk_start[g->nchunks] + g->nchunks * BASIS_SELL_C;
    int64_t u = (work + PR_UNIT_WORK - 1) / PR_UNIT_WORK;
    u = u > g->nchunks ? g->nchunks : u;
    return u < 1 ? 1 : u;
}

int64_t basis_pagerank_plan_words(const basis_graph *g)
{
    return plan_units(g) + 1;
}

void basis_pagerank_plan(const basis_graph *g, int threads, int64_t *words, pr_plan *plan)
{
    int64_t n = g->n, nc = g->nchunks, entries = g->chunk_start[nc];
    int64_t nb = (n + PR_BLOCK - 1) / PR_BLOCK, work = entries + n;
    int64_t nth = work / PR_WORK_PER_THREAD;
    nth = nth > threads ? threads : nth;
    nth = nth > nb ? nb : nth;
    nth = nth < 1 ? 1 : nth;
    plan->nth = (int)nth;
    plan->nblocks = nb;
    /* units: runs of chunks with about equal entries + slots */
    int64_t nu = plan_units(g), total = entries + nc * BASIS_SELL_C, c = 0;
    plan->nunits = nu;
    plan->ub = words;
    plan->ub[0] = 0;
    for (int64_t u = 1; u < nu; u++) {
        int64_t target = total / nu * u;
        while (c < nc && g->chunk_start[c + 1] + (c + 1) * BASIS_SELL_C <= target)
            c++;
        plan->ub[u] = c;
    }
    plan->ub[nu] = nc;
}

basis_status basis_spagerank_graph(basis_ctx *ctx, const basis_graph *g,
                                   const basis_pagerank_opts *opts, float *ranks,
                                   basis_iter_info *info)
{
    static const char fn[] = "basis_spagerank_graph";
    basis_status s;
    double psum;
    if ((s = check_graph_call(fn, g, opts, ranks, &psum)))
        return s;
    return basis_spagerank_run(fn, ctx, g, opts, psum, ranks, info);
}

basis_status basis_dpagerank_graph(basis_ctx *ctx, const basis_graph *g,
                                   const basis_pagerank_opts *opts, double *ranks,
                                   basis_iter_info *info)
{
    static const char fn[] = "basis_dpagerank_graph";
    basis_status s;
    double psum;
    if ((s = check_graph_call(fn, g, opts, ranks, &psum)))
        return s;
    return basis_dpagerank_run(fn, ctx, g, opts, psum, ranks, info);
}

/* ---- the basis_csr entry points: validate, build the graph, run, destroy ------------------ */

/* The whole csr is read before anything is allocated, so a bad one is an argument error
 * naming the first bad entry, and the kernel never sees an index outside [0, n). */
static basis_status check_csr(const char *fn, const basis_csr *graph)
{
    basis_status s;
    if (graph == NULL)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: graph is NULL", fn);
    int64_t n = graph->n;
    const int64_t *off = graph->offsets;
    if ((s = basis_check_size(fn, "graph->n", n)) ||
        (s = basis_check_alloc(fn, "the rank workspace", n, 5, sizeof(double))))
        return s;
    if (off == NULL) /* n + 1 entries even for n = 0, as basis_graph_from_csr wants */
        return basis_fail(BASIS_ERR_ARGUMENT,
                          "%s: graph->offsets is NULL but must hold n + 1 = %lld entries", fn,
                          (long long)(n + 1));
    if (n == 0)
        return BASIS_OK;
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
    if ((s = basis_check_alloc(fn, "the in-edge graph", nnz, 1, sizeof(int64_t))))
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

basis_status basis_spagerank(basis_ctx *ctx, const basis_csr *graph, float damping, float tol,
                             int64_t max_iter, float *ranks, basis_iter_info *info)
{
    static const char fn[] = "basis_spagerank";
    basis_status s;
    basis_graph *g = NULL;
    if ((s = check_csr(fn, graph)) || (s = check_iteration(fn, (double)damping, (double)tol, max_iter)) ||
        (s = basis_check_ptr(fn, "ranks", ranks, graph->n)) ||
        (s = basis_graph_from_csr(graph, &g)))
        return s;
    basis_pagerank_opts opts = {(double)damping, (double)tol, max_iter, NULL};
    s = basis_spagerank_run(fn, ctx, g, &opts, 0.0, ranks, info);
    basis_graph_destroy(g);
    return s;
}

basis_status basis_dpagerank(basis_ctx *ctx, const basis_csr *graph, double damping,
                             double tol, int64_t max_iter, double *ranks,
                             basis_iter_info *info)
{
    static const char fn[] = "basis_dpagerank";
    basis_status s;
    basis_graph *g = NULL;
    if ((s = check_csr(fn, graph)) || (s = check_iteration(fn, damping, tol, max_iter)) ||
        (s = basis_check_ptr(fn, "ranks", ranks, graph->n)) ||
        (s = basis_graph_from_csr(graph, &g)))
        return s;
    basis_pagerank_opts opts = {damping, tol, max_iter, NULL};
    s = basis_dpagerank_run(fn, ctx, g, &opts, 0.0, ranks, info);
    basis_graph_destroy(g);
    return s;
}
