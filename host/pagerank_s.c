/* pagerank_s.c: the float PageRank iteration (SpMV over SELL-8, then the fused update) on a basis_graph; host/pagerank.h says how it is split. */
#include <string.h>

#include "pagerank.h"
#ifdef BASIS_WITH_OPENCL
#include "opencl/opencl.h"
#endif

typedef struct s_state {
    const basis_graph *g;
    basis_sspmv_sell8_fn *spmv;
    basis_spagerank_update_fn *update;
    double d; /* damping */
    /* every vector in slot numbering (graph.h): entry p belongs to node perm[p] */
    const float *v;    /* normalized teleport; NULL: uniform */
    const float *inv;  /* 1 / outdeg, 0 for a dangling node */
    float *x, *xs;     /* ranks; scaled ranks (n + 1, xs[n] = 0) */
    float *y;          /* the pulled sums (8 nchunks) */
} s_state;

/* Phase 2 for block b: x_new = d y + c v; returns the block's |x_new - x| and dangling rank.
 * Four running sums per quantity, as in pagerank_d.c (it says why). */
static void s_update(void *state, int64_t b, double c, double *res, double *dang)
{
    const s_state *s = state;
    int64_t n = s->g->n, i0 = b * PR_BLOCK, i1 = i0 + PR_BLOCK < n ? i0 + PR_BLOCK : n;
    double base = c / (double)n;
    double r[4] = {0.0, 0.0, 0.0, 0.0}, dg[4] = {0.0, 0.0, 0.0, 0.0};
    s->update(i0, i1, s->d, c, base, s->v, s->y, s->inv, s->x, s->xs, r, dg);
    *res = (r[0] + r[1]) + (r[2] + r[3]);
    *dang = (dg[0] + dg[1]) + (dg[2] + dg[3]);
}

/* Phase 1 over chunks [c0, c1). */
static void s_spmv(void *state, int64_t c0, int64_t c1)
{
    const s_state *s = state;
    const basis_graph *g = s->g;
    s->spmv(c0, c1, g->chunk_start, g->col, s->xs, s->y);
}

basis_status basis_spagerank_run(const char *fn, basis_ctx *ctx, const basis_graph *g,
                                 const basis_pagerank_opts *opts, double psum, float *ranks,
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
        s = basis_cl_pagerank(fn, 4, g, opts, psum, ranks, info);
        if (!basis_cl_op_fall_back(&call, &s))
            return basis_call_end(ctx, &call, s);
    }
#endif
    int64_t nb = (n + PR_BLOCK - 1) / PR_BLOCK;
    int maxth = call.threads > 0 ? call.threads : 1;
    /* the partials and the plan (8-byte) first, then y, x, xs, inv, v (personalized) */
    size_t head = 2 * (size_t)nb * sizeof(double) + (size_t)basis_pagerank_plan_words(g) * sizeof(int64_t);
    head = (head + 63) / 64 * 64; /* y next, aligned: each chunk's 8 sums one 32-byte store */
    int64_t nslots = g->nchunks * BASIS_SELL_C;
    size_t nf = (size_t)nslots + (size_t)n * (psum > 0.0 ? 4 : 3) + 1;
    char *ws = basis_alloc(head + nf * sizeof(float));
    if (ws == NULL)
        return basis_call_end(ctx, &call, basis_pagerank_no_memory(fn, n));
    s_state st;
    memset(&st, 0, sizeof st);
    st.g = g;
    st.spmv = call.k->sspmv_sell8;
    st.update = call.k->spagerank_update;
    st.d = opts->damping;
    pr_run run;
    memset(&run, 0, sizeof run);
    run.state = &st;
    run.spmv = s_spmv;
    run.update = s_update;
    run.damping = opts->damping;
    run.tol = opts->tol;
    run.max_iter = opts->max_iter;
    run.part = (double *)ws;
    basis_pagerank_plan(g, maxth, (int64_t *)(ws + 2 * (size_t)nb * sizeof(double)), &run.plan);
    float *w = (float *)(ws + head);
    st.y = w, w += nslots;
    st.x = w, w += n;
    st.xs = w, w += n + 1;
    float *inv = w;
    w += n;
    st.inv = inv;
    if (psum > 0.0) {
        float *v = w;
        w += n;
        for (int64_t p = 0; p < n; p++)
            v[p] = (float)(opts->personalize[g->perm[p]] / psum);
        st.v = v;
    }

    double dang0 = 0.0;
    for (int64_t p = 0; p < n; p++) {
        int64_t deg = g->out_degree[g->perm[p]];
        inv[p] = deg > 0 ? (float)(1.0 / (double)deg) : 0.0f;
        st.x[p] = st.v ? st.v[p] : (float)(1.0 / (double)n);
        st.xs[p] = st.x[p] * inv[p];
        dang0 += deg > 0 ? 0.0 : (double)st.x[p];
    }
    st.xs[n] = 0.0f;
    basis_pagerank_start(&run, dang0);
#ifdef BASIS_WITH_OPENMP
#pragma omp parallel num_threads(run.plan.nth) if (run.plan.nth > 1)
#endif
    basis_pagerank_iterate(&run);

    double sum = 0.0;
    for (int64_t p = 0; p < n; p++)
        sum += (double)st.x[p];
    for (int64_t p = 0; p < n; p++)
        ranks[g->perm[p]] = (float)((double)st.x[p] / sum);
    if (info) {
        info->iterations = run.it;
        info->residual = run.res;
    }
    basis_free(ws);
    s = run.res < run.tol ? BASIS_OK
                        : basis_pagerank_no_convergence(fn, run.max_iter, run.res, run.tol);
    return basis_call_end(ctx, &call, s);
}
