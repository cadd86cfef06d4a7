/* pagerank_d.c: the double PageRank iteration (SpMV over SELL-8, then the fused update) on a basis_graph; host/pagerank.h says how it is split. */
#include <string.h>

#include "pagerank.h"
#ifdef BASIS_WITH_OPENCL
#include "opencl/opencl.h"
#endif

typedef struct d_state {
    const basis_graph *g;
    basis_dspmv_sell8_fn *spmv;
    basis_dpagerank_update_fn *update;
    double d; /* damping */
    /* every vector in slot numbering (graph.h): entry p belongs to node perm[p] */
    const double *v;   /* normalized teleport; NULL: uniform */
    const double *inv; /* 1 / outdeg, 0 for a dangling node */
    double *x, *xs;    /* ranks; scaled ranks (n + 1, xs[n] = 0) */
    double *y;         /* the pulled sums (8 nchunks) */
} d_state;

/* Phase 2 for block b: x_new = d y + c v; returns the block's |x_new - x| and dangling rank.
 * The target's update kernel keeps four running sums per quantity (ukernel.h), added up
 * here: one sum would chain every node's add on the previous one's latency, which measured
 * as slow as the SpMV's share of a node. The order depends only on the block, never on
 * the threads. */
static void d_update(void *state, int64_t b, double c, double *res, double *dang)
{
    const d_state *s = state;
    int64_t n = s->g->n, i0 = b * PR_BLOCK, i1 = i0 + PR_BLOCK < n ? i0 + PR_BLOCK : n;
    double base = c / (double)n;
    double r[4] = {0.0, 0.0, 0.0, 0.0}, dg[4] = {0.0, 0.0, 0.0, 0.0};
    s->update(i0, i1, s->d, c, base, s->v, s->y, s->inv, s->x, s->xs, r, dg);
    *res = (r[0] + r[1]) + (r[2] + r[3]);
    *dang = (dg[0] + dg[1]) + (dg[2] + dg[3]);
}

/* Phase 1 over chunks [c0, c1). */
static void d_spmv(void *state, int64_t c0, int64_t c1)
{
    const d_state *s = state;
    const basis_graph *g = s->g;
    s->spmv(c0, c1, g->chunk_start, g->col, s->xs, s->y);
}

basis_status basis_dpagerank_run(const char *fn, basis_ctx *ctx, const basis_graph *g,
                                 const basis_pagerank_opts *opts, double psum, double *ranks,
                                 basis_iter_info *info)
{
    basis_status s;
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
#ifdef BASIS_WITH_OPENCL
    /* forced opencl, or AUTO for a large enough graph on a GPU (2 flops per edge per
     * iteration); ranks is only written, so any failed attempt of AUTO's leaves the CPU
     * nothing to undo */
    if (basis_cl_op_on_device(ctx, &call, fn, BASIS_CL_AUTO_PAGERANK, 2.0 * (double)g->m)) {
        s = basis_cl_pagerank(fn, 8, g, opts, psum, ranks, info);
        if (!basis_cl_op_fall_back(&call, &s))
            return basis_call_end(ctx, &call, s);
    }
#endif
    int64_t nb = (n + PR_BLOCK - 1) / PR_BLOCK;
    int maxth = call.threads > 0 ? call.threads : 1;
    /* y first, so that each chunk's 8 sums are one aligned 64-byte store; then x, xs, inv,
     * v (personalized), the partials, the plan */
    int64_t nslots = g->nchunks * BASIS_SELL_C;
    size_t nv = (size_t)nslots + (size_t)n * (psum > 0.0 ? 4 : 3) + 1 + 2 * (size_t)nb;
    double *ws = basis_alloc(nv * sizeof(double) + (size_t)basis_pagerank_plan_words(g) * sizeof(int64_t));
    if (ws == NULL)
        return basis_call_end(ctx, &call, basis_pagerank_no_memory(fn, n));
    d_state st;
    memset(&st, 0, sizeof st);
    st.g = g;
    st.spmv = call.k->dspmv_sell8;
    st.update = call.k->dpagerank_update;
    st.d = opts->damping;
    pr_run run;
    memset(&run, 0, sizeof run);
    run.state = &st;
    run.spmv = d_spmv;
    run.update = d_update;
    run.damping = opts->damping;
    run.tol = opts->tol;
    run.max_iter = opts->max_iter;
    double *w = ws;
    st.y = w, w += nslots;
    st.x = w, w += n;
    st.xs = w, w += n + 1;
    double *inv = w;
    w += n;
    st.inv = inv;
    if (psum > 0.0) {
        double *v = w;
        w += n;
        for (int64_t p = 0; p < n; p++)
            v[p] = opts->personalize[g->perm[p]] / psum;
        st.v = v;
    }
    run.part = w, w += 2 * nb;
    basis_pagerank_plan(g, maxth, (int64_t *)w, &run.plan);

    double dang0 = 0.0;
    for (int64_t p = 0; p < n; p++) {
        int64_t deg = g->out_degree[g->perm[p]];
        inv[p] = deg > 0 ? 1.0 / (double)deg : 0.0;
        st.x[p] = st.v ? st.v[p] : 1.0 / (double)n;
        st.xs[p] = st.x[p] * inv[p];
        dang0 += deg > 0 ? 0.0 : st.x[p];
    }
    st.xs[n] = 0.0;
    basis_pagerank_start(&run, dang0);
#ifdef BASIS_WITH_OPENMP
#pragma omp parallel num_threads(run.plan.nth) if (run.plan.nth > 1)
#endif
    basis_pagerank_iterate(&run);

    double sum = 0.0;
    for (int64_t p = 0; p < n; p++)
        sum += st.x[p];
    for (int64_t p = 0; p < n; p++)
        ranks[g->perm[p]] = st.x[p] / sum;
    if (info) {
        info->iterations = run.it;
        info->residual = run.res;
    }
    basis_free(ws);
    s = run.res < run.tol ? BASIS_OK
                        : basis_pagerank_no_convergence(fn, run.max_iter, run.res, run.tol);
    return basis_call_end(ctx, &call, s);
}
