/* pagerank.c: PageRank on a basis_graph (validation, the edge-balanced thread split, the fused pull iteration over the spmv_pull kernel) and the basis_csr entry points built on it. */
#include <math.h>
#include <string.h>

#ifdef BASIS_WITH_OPENMP
#include <omp.h>
#define PR_BARRIER _Pragma("omp barrier")
#else
#define PR_BARRIER
#endif

#include "graph.h"
#include "internal.h"

/* One iteration, pull-based, with v the teleport vector (uniform 1/n, or the normalized
 * personalization) and D the rank held by dangling nodes (no out-edges):
 *   x_new[i] = d sum_{j -> i} x[j] / outdeg[j] + (d D + 1 - d) v[i]
 * so the rank of dangling nodes follows v too; stop when ||x_new - x||_1 < tol (not scaled
 * by n). The start is v. The result is renormalized to sum 1, which only removes rounding
 * drift. Self-loops and repeated edges count as edges.
 *
 * Each iteration streams the graph once: rows are cut into blocks of PR_BLOCK; for a block
 * the kernel sums the scaled ranks xs of the sources into a small buffer y (L1-resident),
 * and one fused loop forms x_new, adds |x_new - x| and the dangling rank to the block's
 * partials, overwrites x and writes the next xs = x_new / outdeg. xs is double-buffered
 * (the kernel gathers from the previous one while the next is written). Threads own
 * contiguous runs of blocks balanced by edges + nodes (cnr-2000's in-degrees are skewed),
 * computed once per call; after one barrier per iteration every thread adds the block
 * partials in block order, so the sums, the stopping decision and the ranks are bitwise
 * the same for any number of threads. The float version keeps its vectors in float but
 * its partials, teleport weight and final sum in double. */

#define PR_BLOCK 2048
/* below this many (edges + nodes) per thread, another thread costs more than it saves */
#define PR_WORK_PER_THREAD 65536

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
    if (g->n < 0 || g->m < 0 || (g->n > 0 && (g->in_offsets == NULL || g->out_degree == NULL)))
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: g is not a graph built by basis", fn);
    if ((s = check_iteration(fn, opts->damping, opts->tol, opts->max_iter)) ||
        (s = basis_check_ptr(fn, "ranks", ranks, g->n)) ||
        (s = basis_check_alloc(fn, "the rank workspace", g->n, 5, sizeof(double))))
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

static basis_status pagerank_no_convergence(const char *fn, int64_t max_iter, double residual,
                                            double tol)
{
    return basis_fail(BASIS_ERR_NO_CONVERGENCE,
                      "%s: max_iter = %lld reached without convergence: the L1 change %g is "
                      "not below tol = %g (ranks hold the last iterate)",
                      fn, (long long)max_iter, residual, tol);
}

static basis_status pagerank_no_memory(const char *fn, int64_t n)
{
    return basis_fail(BASIS_ERR_NO_MEMORY,
                      "%s: could not allocate the PageRank workspace for %lld nodes", fn,
                      (long long)n);
}

/* ---- the thread split ------------------------------------------------------------------ */

/* Threads for this call and their runs of blocks: thread t owns blocks
 * [tb[t], tb[t+1]); each run carries about the same edges + nodes. tb has nth + 1 entries. */
static int plan_threads(const basis_graph *g, int threads, int64_t nblocks, int64_t *tb)
{
    int64_t n = g->n, work = g->m + n;
    int64_t nth = work / PR_WORK_PER_THREAD;
    if (nth > threads)
        nth = threads;
    if (nth > nblocks)
        nth = nblocks;
    if (nth < 1)
        nth = 1;
    tb[0] = 0;
    int64_t b = 0;
    for (int64_t t = 1; t < nth; t++) {
        int64_t target = work / nth * t;
        while (b < nblocks) {
            int64_t i1 = (b + 1) * PR_BLOCK < n ? (b + 1) * PR_BLOCK : n;
            if (g->in_offsets[i1] + i1 > target)
                break;
            b++;
        }
        tb[t] = b > tb[t - 1] ? b : tb[t - 1];
    }
    tb[nth] = nblocks;
    return (int)nth;
}

/* ---- double ----------------------------------------------------------------------------- */

typedef struct d_state {
    const basis_graph *g;
    basis_dspmv_pull_fn *spmv;
    double d, tol;
    int64_t max_iter, nblocks;
    const double *v;     /* normalized teleport; NULL: uniform */
    const double *inv;   /* 1 / outdeg, 0 for a dangling node */
    double *x, *xs[2];   /* ranks; scaled ranks, double-buffered */
    double *y;           /* PR_BLOCK per thread */
    double *part;        /* [parity][residual, dangling][block] */
    const int64_t *tb;
    double dang0;
    int64_t it;          /* out */
    double res;          /* out */
} d_state;

static void d_block(const d_state *s, int64_t b, const double *xin, double *xout, double *y,
                    double c, double *res, double *dang)
{
    const basis_graph *g = s->g;
    int64_t i0 = b * PR_BLOCK, i1 = i0 + PR_BLOCK < g->n ? i0 + PR_BLOCK : g->n;
    s->spmv(i1 - i0, g->in_offsets + i0, g->sources, xin, y);
    double *x = s->x;
    const double *inv = s->inv;
    double d = s->d, r = 0.0, dg = 0.0;
    y -= i0;
    if (s->v == NULL) {
        double base = c / (double)g->n;
        for (int64_t i = i0; i < i1; i++) {
            double xn = d * y[i] + base;
            r += fabs(xn - x[i]);
            x[i] = xn;
            xout[i] = xn * inv[i];
            dg += inv[i] == 0.0 ? xn : 0.0;
        }
    } else {
        const double *v = s->v;
        for (int64_t i = i0; i < i1; i++) {
            double xn = d * y[i] + c * v[i];
            r += fabs(xn - x[i]);
            x[i] = xn;
            xout[i] = xn * inv[i];
            dg += inv[i] == 0.0 ? xn : 0.0;
        }
    }
    *res = r;
    *dang = dg;
}

static void d_thread(d_state *s, int t)
{
    int64_t nb = s->nblocks, it;
    double dang = s->dang0, res = INFINITY;
    double *y = s->y + (int64_t)t * PR_BLOCK;
    for (it = 1;; it++) {
        int par = (int)(it & 1);
        double *pr = s->part + 2 * nb * par, *pd = pr + nb;
        double c = s->d * dang + (1.0 - s->d);
        for (int64_t b = s->tb[t]; b < s->tb[t + 1]; b++)
            d_block(s, b, s->xs[par ^ 1], s->xs[par], y, c, &pr[b], &pd[b]);
        PR_BARRIER
        res = 0.0;
        dang = 0.0;
        for (int64_t b = 0; b < nb; b++) {
            res += pr[b];
            dang += pd[b];
        }
        if (res < s->tol || it == s->max_iter)
            break;
    }
    if (t == 0) {
        s->it = it;
        s->res = res;
    }
}

static basis_status d_pagerank(const char *fn, basis_ctx *ctx, const basis_graph *g,
                               const basis_pagerank_opts *opts, double *ranks,
                               basis_iter_info *info)
{
    basis_status s;
    double psum;
    if ((s = check_graph_call(fn, g, opts, ranks, &psum)))
        return s;
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    int64_t n = g->n;
    if (n == 0) {
        if (info) {
            info->iterations = 0;
            info->residual = 0.0;
        }
        return basis_call_end(ctx, &call, BASIS_OK);
    }
    int64_t nb = (n + PR_BLOCK - 1) / PR_BLOCK;
    int maxth = call.threads > 0 ? call.threads : 1;
    /* x, xs[2], inv, v (personalized), y per thread, partials, thread bounds */
    size_t nv = (size_t)n * (psum > 0.0 ? 5 : 4) + (size_t)maxth * PR_BLOCK + 4 * (size_t)nb;
    double *ws = basis_alloc(nv * sizeof(double) + ((size_t)maxth + 1) * sizeof(int64_t));
    if (ws == NULL)
        return basis_call_end(ctx, &call, pagerank_no_memory(fn, n));
    d_state st;
    memset(&st, 0, sizeof st);
    st.g = g;
    st.spmv = call.k->dspmv_pull;
    st.d = opts->damping;
    st.tol = opts->tol;
    st.max_iter = opts->max_iter;
    st.nblocks = nb;
    double *w = ws;
    st.x = w, w += n;
    st.xs[0] = w, w += n;
    st.xs[1] = w, w += n;
    double *inv = w;
    w += n;
    st.inv = inv;
    if (psum > 0.0) {
        double *v = w;
        w += n;
        for (int64_t i = 0; i < n; i++)
            v[i] = opts->personalize[i] / psum;
        st.v = v;
    }
    st.y = w, w += (size_t)maxth * PR_BLOCK;
    st.part = w, w += 4 * nb;
    int64_t *tb = (int64_t *)w;
    st.tb = tb;

    double dang0 = 0.0;
    for (int64_t i = 0; i < n; i++) {
        int64_t deg = g->out_degree[i];
        inv[i] = deg > 0 ? 1.0 / (double)deg : 0.0;
        st.x[i] = st.v ? st.v[i] : 1.0 / (double)n;
        st.xs[0][i] = st.x[i] * inv[i];
        dang0 += deg > 0 ? 0.0 : st.x[i];
    }
    st.dang0 = dang0;
    int nth = plan_threads(g, maxth, nb, tb);
#ifdef BASIS_WITH_OPENMP
    if (nth > 1) {
#pragma omp parallel num_threads(nth)
        d_thread(&st, omp_get_thread_num());
    } else {
        d_thread(&st, 0);
    }
#else
    (void)nth;
    d_thread(&st, 0);
#endif

    double sum = 0.0;
    for (int64_t i = 0; i < n; i++)
        sum += st.x[i];
    for (int64_t i = 0; i < n; i++)
        ranks[i] = st.x[i] / sum;
    if (info) {
        info->iterations = st.it;
        info->residual = st.res;
    }
    basis_free(ws);
    s = st.res < st.tol ? BASIS_OK : pagerank_no_convergence(fn, st.max_iter, st.res, st.tol);
    return basis_call_end(ctx, &call, s);
}

/* ---- float ------------------------------------------------------------------------------ */

typedef struct s_state {
    const basis_graph *g;
    basis_sspmv_pull_fn *spmv;
    double d, tol;
    int64_t max_iter, nblocks;
    const float *v;
    const float *inv;
    float *x, *xs[2];
    float *y;
    double *part;
    const int64_t *tb;
    double dang0;
    int64_t it;
    double res;
} s_state;

static void s_block(const s_state *s, int64_t b, const float *xin, float *xout, float *y,
                    double c, double *res, double *dang)
{
    const basis_graph *g = s->g;
    int64_t i0 = b * PR_BLOCK, i1 = i0 + PR_BLOCK < g->n ? i0 + PR_BLOCK : g->n;
    s->spmv(i1 - i0, g->in_offsets + i0, g->sources, xin, y);
    float *x = s->x;
    const float *inv = s->inv;
    double d = s->d, r = 0.0, dg = 0.0;
    y -= i0;
    if (s->v == NULL) {
        double base = c / (double)g->n;
        for (int64_t i = i0; i < i1; i++) {
            float xn = (float)(d * (double)y[i] + base);
            r += fabs((double)xn - (double)x[i]);
            x[i] = xn;
            xout[i] = xn * inv[i];
            dg += inv[i] == 0.0f ? (double)xn : 0.0;
        }
    } else {
        const float *v = s->v;
        for (int64_t i = i0; i < i1; i++) {
            float xn = (float)(d * (double)y[i] + c * (double)v[i]);
            r += fabs((double)xn - (double)x[i]);
            x[i] = xn;
            xout[i] = xn * inv[i];
            dg += inv[i] == 0.0f ? (double)xn : 0.0;
        }
    }
    *res = r;
    *dang = dg;
}

static void s_thread(s_state *s, int t)
{
    int64_t nb = s->nblocks, it;
    double dang = s->dang0, res = INFINITY;
    float *y = s->y + (int64_t)t * PR_BLOCK;
    for (it = 1;; it++) {
        int par = (int)(it & 1);
        double *pr = s->part + 2 * nb * par, *pd = pr + nb;
        double c = s->d * dang + (1.0 - s->d);
        for (int64_t b = s->tb[t]; b < s->tb[t + 1]; b++)
            s_block(s, b, s->xs[par ^ 1], s->xs[par], y, c, &pr[b], &pd[b]);
        PR_BARRIER
        res = 0.0;
        dang = 0.0;
        for (int64_t b = 0; b < nb; b++) {
            res += pr[b];
            dang += pd[b];
        }
        if (res < s->tol || it == s->max_iter)
            break;
    }
    if (t == 0) {
        s->it = it;
        s->res = res;
    }
}

static basis_status s_pagerank(const char *fn, basis_ctx *ctx, const basis_graph *g,
                               const basis_pagerank_opts *opts, float *ranks,
                               basis_iter_info *info)
{
    basis_status s;
    double psum;
    if ((s = check_graph_call(fn, g, opts, ranks, &psum)))
        return s;
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    int64_t n = g->n;
    if (n == 0) {
        if (info) {
            info->iterations = 0;
            info->residual = 0.0;
        }
        return basis_call_end(ctx, &call, BASIS_OK);
    }
    int64_t nb = (n + PR_BLOCK - 1) / PR_BLOCK;
    int maxth = call.threads > 0 ? call.threads : 1;
    /* partials and thread bounds (8-byte) first, then the float vectors */
    size_t head = 4 * (size_t)nb * sizeof(double) + ((size_t)maxth + 1) * sizeof(int64_t);
    size_t nf = (size_t)n * (psum > 0.0 ? 5 : 4) + (size_t)maxth * PR_BLOCK;
    char *ws = basis_alloc(head + nf * sizeof(float));
    if (ws == NULL)
        return basis_call_end(ctx, &call, pagerank_no_memory(fn, n));
    s_state st;
    memset(&st, 0, sizeof st);
    st.g = g;
    st.spmv = call.k->sspmv_pull;
    st.d = opts->damping;
    st.tol = opts->tol;
    st.max_iter = opts->max_iter;
    st.nblocks = nb;
    st.part = (double *)ws;
    int64_t *tb = (int64_t *)(ws + 4 * (size_t)nb * sizeof(double));
    st.tb = tb;
    float *w = (float *)(ws + head);
    st.x = w, w += n;
    st.xs[0] = w, w += n;
    st.xs[1] = w, w += n;
    float *inv = w;
    w += n;
    st.inv = inv;
    if (psum > 0.0) {
        float *v = w;
        w += n;
        for (int64_t i = 0; i < n; i++)
            v[i] = (float)(opts->personalize[i] / psum);
        st.v = v;
    }
    st.y = w;

    double dang0 = 0.0;
    for (int64_t i = 0; i < n; i++) {
        int64_t deg = g->out_degree[i];
        inv[i] = deg > 0 ? (float)(1.0 / (double)deg) : 0.0f;
        st.x[i] = st.v ? st.v[i] : (float)(1.0 / (double)n);
        st.xs[0][i] = st.x[i] * inv[i];
        dang0 += deg > 0 ? 0.0 : (double)st.x[i];
    }
    st.dang0 = dang0;
    int nth = plan_threads(g, maxth, nb, tb);
#ifdef BASIS_WITH_OPENMP
    if (nth > 1) {
#pragma omp parallel num_threads(nth)
        s_thread(&st, omp_get_thread_num());
    } else {
        s_thread(&st, 0);
    }
#else
    (void)nth;
    s_thread(&st, 0);
#endif

    double sum = 0.0;
    for (int64_t i = 0; i < n; i++)
        sum += (double)st.x[i];
    for (int64_t i = 0; i < n; i++)
        ranks[i] = (float)((double)st.x[i] / sum);
    if (info) {
        info->iterations = st.it;
        info->residual = st.res;
    }
    basis_free(ws);
    s = st.res < st.tol ? BASIS_OK : pagerank_no_convergence(fn, st.max_iter, st.res, st.tol);
    return basis_call_end(ctx, &call, s);
}

basis_status basis_spagerank_graph(basis_ctx *ctx, const basis_graph *g,
                                   const basis_pagerank_opts *opts, float *ranks,
                                   basis_iter_info *info)
{
    return s_pagerank("basis_spagerank_graph", ctx, g, opts, ranks, info);
}

basis_status basis_dpagerank_graph(basis_ctx *ctx, const basis_graph *g,
                                   const basis_pagerank_opts *opts, double *ranks,
                                   basis_iter_info *info)
{
    return d_pagerank("basis_dpagerank_graph", ctx, g, opts, ranks, info);
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
    s = s_pagerank(fn, ctx, g, &opts, ranks, info);
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
    s = d_pagerank(fn, ctx, g, &opts, ranks, info);
    basis_graph_destroy(g);
    return s;
}
