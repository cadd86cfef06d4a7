/* test_fault_alloc.c: every allocation of gemm, getrf/gesv/getri, graph building, PageRank and the loaders made to fail in turn: out-of-memory status, nothing leaked, caller data intact. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "testutil.h"

/* Allocation points of one call are few (packing buffers, a panel copy, a workspace, the
 * graph's four arrays): a sweep that reaches this many without success is itself a failure. */
enum { MAX_POINTS = 64 };

/* One trial runs on a fresh thread, so the per-thread GEMM packing buffers (kept by a
 * thread until it exits) are allocated inside the trial and can fail; OpenMP workers of
 * that thread's team exit with it, freeing theirs. */
typedef struct trial {
    basis_status (*call)(void *arg);
    void *arg;
    basis_status status;
} trial;

/* The trial thread's last error (basis_last_error is per thread), for messages. */
static char trial_error[1024];

static void *trial_main(void *v)
{
    trial *t = v;
    t->status = t->call(t->arg);
    snprintf(trial_error, sizeof trial_error, "%s", basis_last_error());
    return NULL;
}

static basis_status run_fresh_thread(basis_status (*call)(void *), void *arg)
{
    trial t = {call, arg, BASIS_OK};
    pthread_t th;
    if (pthread_create(&th, NULL, trial_main, &t) != 0) {
        fprintf(stderr, "pthread_create failed\n");
        exit(1);
    }
    pthread_join(th, NULL);
    return t.status;
}

/* The blocks live before the trial come back: worker threads of the trial's OpenMP team
 * free their buffers as they exit, which may end a moment after the join. (Fewer is not a
 * leak: an earlier team's worker may still have been exiting when the trial began.) */
static int settles_to(int64_t live)
{
    /* 30 s of polls: a correctness check, generous for qemu and a loaded machine (normally
     * the count settles within a few ms); only a real leak runs it out */
    for (int i = 0; i < 15000; i++) {
        if (basis_test_alloc_live() <= live)
            return 1;
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    return 0;
}

/* Waits until the live-block count has held still for a few polls: workers of the previous
 * trial's team may still be freeing their buffers (slowly under an emulator). */
static void quiesce(void)
{
    int64_t last = basis_test_alloc_live();
    for (int i = 0, still = 0; i < 1000 && still < 5; i++) {
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
        int64_t now = basis_test_alloc_live();
        still = now == last ? still + 1 : 0;
        last = now;
    }
}

/* The sweep: allowed = 0, 1, 2, ... allocations before the failures start, until a call
 * runs with none refused. check(arg, status) verifies outputs for each outcome. Returns
 * the number of allocation points found. */
static int sweep(const char *what, basis_status (*call)(void *), void *arg,
                 void (*reset)(void *), void (*check)(void *, basis_status, int64_t allowed),
                 basis_status fail_status)
{
    for (int64_t allowed = 0; allowed < MAX_POINTS; allowed++) {
        reset(arg);
        quiesce();
        int64_t live = basis_test_alloc_live();
        basis_test_fail_alloc_after(allowed);
        basis_status s = run_fresh_thread(call, arg);
        int64_t failed = basis_test_alloc_failed();
        basis_test_fail_alloc_after(-1);
        BT_CHECK(s == BASIS_OK || s == fail_status, "%s, %lld allocations allowed: status %s (%s)",
                 what, (long long)allowed, basis_status_name(s), trial_error);
        /* check releases what a successful call made (graphs), so the count comes after. */
        check(arg, s, allowed);
        BT_CHECK(settles_to(live), "%s, %lld allocations allowed: %lld blocks leaked", what,
                 (long long)allowed, (long long)(basis_test_alloc_live() - live));
        /* Done when no allocation was refused: every point has been failed once. A call
         * with a fallback (getrf's unpacked kernels) succeeds while its points fail. */
        if (failed == 0) {
            BT_CHECK(s == BASIS_OK, "%s: %s without an injected fault", what,
                     basis_status_name(s));
            printf("%s: %lld allocation point%s, each failed in turn\n", what,
                   (long long)allowed, allowed == 1 ? "" : "s");
            return (int)allowed;
        }
    }
    BT_CHECK(0, "%s: still failing with %d allocations allowed", what, MAX_POINTS);
    return MAX_POINTS;
}

static basis_backend backend; /* the one ctest forces */

/* ---- GEMM: blocked sizes, one and several threads, both layouts ----------------------- */

typedef struct gemm_case {
    basis_ctx *ctx;
    basis_layout layout;
    int64_t m, n, k;
    double *a, *b, *c, *c0, *want;
    float *as, *bs, *cs, *cs0, *wants;
    int single;
} gemm_case;

static basis_status gemm_call(void *v)
{
    gemm_case *g = v;
    int64_t lda = g->layout == BASIS_COL_MAJOR ? g->m : g->k;
    int64_t ldb = g->layout == BASIS_COL_MAJOR ? g->k : g->n;
    int64_t ldc = g->layout == BASIS_COL_MAJOR ? g->m : g->n;
    if (g->single)
        return basis_sgemm(g->ctx, g->layout, BASIS_NO_TRANS, BASIS_NO_TRANS,
                           g->m, g->n, g->k, 1.5f, g->as, lda, g->bs, ldb, -0.5f, g->cs, ldc);
    return basis_dgemm(g->ctx, g->layout, BASIS_NO_TRANS, BASIS_NO_TRANS, g->m, g->n, g->k, 1.5,
                       g->a, lda, g->b, ldb, -0.5, g->c, ldc);
}

static void gemm_reset(void *v)
{
    gemm_case *g = v;
    memcpy(g->c, g->c0, (size_t)(g->m * g->n) * sizeof *g->c);
    memcpy(g->cs, g->cs0, (size_t)(g->m * g->n) * sizeof *g->cs);
}

static void gemm_check(void *v, basis_status s, int64_t allowed)
{
    gemm_case *g = v;
    size_t cn = (size_t)(g->m * g->n);
    int same = g->single ? !memcmp(g->cs, s == BASIS_OK ? g->wants : g->cs0, cn * sizeof(float))
                         : !memcmp(g->c, s == BASIS_OK ? g->want : g->c0, cn * sizeof(double));
    BT_CHECK(same, "%cgemm %lldx%lldx%lld, %lld allocations allowed, status %s: C is %s",
             g->single ? 's' : 'd', (long long)g->m, (long long)g->n, (long long)g->k,
             (long long)allowed, basis_status_name(s),
             s == BASIS_OK ? "not the unfaulted result" : "modified");
}

static void test_gemm(basis_ctx *ctx, basis_layout layout, int64_t m, int64_t n, int64_t k,
                      int single)
{
    gemm_case g = {ctx, layout, m, n, k, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, NULL, NULL, NULL, single};
    size_t an = (size_t)(m * k), bn = (size_t)(k * n), cn = (size_t)(m * n);
    g.a = malloc(an * sizeof *g.a), g.b = malloc(bn * sizeof *g.b);
    g.c = malloc(cn * sizeof *g.c), g.c0 = malloc(cn * sizeof *g.c0);
    g.want = malloc(cn * sizeof *g.want);
    g.as = malloc(an * sizeof *g.as), g.bs = malloc(bn * sizeof *g.bs);
    g.cs = malloc(cn * sizeof *g.cs), g.cs0 = malloc(cn * sizeof *g.cs0);
    g.wants = malloc(cn * sizeof *g.wants);
    bt_fill_d(g.a, (int64_t)an);
    bt_fill_d(g.b, (int64_t)bn);
    bt_fill_d(g.c0, (int64_t)cn);
    bt_fill_s(g.as, (int64_t)an);
    bt_fill_s(g.bs, (int64_t)bn);
    bt_fill_s(g.cs0, (int64_t)cn);
    /* The unfaulted result, on a fresh thread as every trial. */
    gemm_reset(&g);
    BT_CHECK(run_fresh_thread(gemm_call, &g) == BASIS_OK, "reference gemm: %s",
             trial_error);
    memcpy(g.want, g.c, cn * sizeof *g.want);
    memcpy(g.wants, g.cs, cn * sizeof *g.wants);
    char what[96];
    snprintf(what, sizeof what, "%cgemm %s %lldx%lldx%lld", single ? 's' : 'd',
             layout == BASIS_COL_MAJOR ? "col" : "row", (long long)m, (long long)n, (long long)k);
    int points = sweep(what, gemm_call, &g, gemm_reset, gemm_check, BASIS_ERR_NO_MEMORY);
    /* The blocked path packs into per-thread buffers: on a fresh thread, at least one (the
     * ref backend has no microkernel and runs its strided kernel without packing). */
    BT_CHECK(points > 0 || m < 300 || backend == BASIS_BACKEND_REF,
             "%s: no allocation point found", what);
    free(g.a), free(g.b), free(g.c), free(g.c0), free(g.want);
    free(g.as), free(g.bs), free(g.cs), free(g.cs0), free(g.wants);
}

/* ---- LU: getrf never fails for memory (it falls back to unpacked kernels), getri does --- */

typedef struct lu_case {
    basis_ctx *ctx;
    basis_layout layout;
    int64_t n;
    int op; /* 0 getrf, 1 gesv, 2 getri */
    double *a, *a0, *b, *b0, *ref_a, *ref_b;
    int64_t *ipiv, *ipiv0;
} lu_case;

static basis_status lu_call(void *v)
{
    lu_case *t = v;
    switch (t->op) {
    case 0: return basis_dgetrf(t->ctx, t->layout, t->n, t->n, t->a, t->n, t->ipiv);
    case 1: return basis_dgesv(t->ctx, t->layout, t->n, 2, t->a, t->n, t->ipiv, t->b,
                               t->layout == BASIS_COL_MAJOR ? t->n : 2);
    default: return basis_dgetri(t->ctx, t->layout, t->n, t->a, t->n, t->ipiv);
    }
}

static void lu_reset(void *v)
{
    lu_case *t = v;
    memcpy(t->a, t->a0, (size_t)(t->n * t->n) * sizeof *t->a);
    memcpy(t->b, t->b0, (size_t)(t->n * 2) * sizeof *t->b);
    memcpy(t->ipiv, t->ipiv0, (size_t)t->n * sizeof *t->ipiv);
}

static double max_rel_diff(const double *x, const double *y, int64_t len)
{
    double d = 0.0, s = 0.0;
    for (int64_t i = 0; i < len; i++) {
        double e = x[i] - y[i];
        d = fmax(d, e < 0 ? -e : e);
        s = fmax(s, y[i] < 0 ? -y[i] : y[i]);
    }
    return s > 0 ? d / s : d;
}

static void lu_check(void *v, basis_status s, int64_t allowed)
{
    lu_case *t = v;
    static const char *const names[] = {"dgetrf", "dgesv", "dgetri"};
    size_t an = (size_t)(t->n * t->n);
    if (s != BASIS_OK) {
        /* getri's workspace comes first: A (the factors) untouched. */
        BT_CHECK(!memcmp(t->a, t->a0, an * sizeof *t->a) && !memcmp(t->b, t->b0,
                 (size_t)(t->n * 2) * sizeof *t->b),
                 "%s, %lld allocations allowed: failed with the caller's data modified",
                 names[t->op], (long long)allowed);
        return;
    }
    /* Without its panel copy getrf factors in place with other kernels: same answer up to
     * rounding (a well-conditioned A, so the same pivots). */
    double ea = max_rel_diff(t->a, t->ref_a, (int64_t)an);
    double eb = max_rel_diff(t->b, t->ref_b, t->n * 2);
    BT_CHECK(ea < 1e-10 && eb < 1e-10, "%s, %lld allocations allowed: result off by %g / %g",
             names[t->op], (long long)allowed, ea, eb);
}

static void test_lu(basis_ctx *ctx, basis_layout layout, int64_t n, int op)
{
    lu_case t = {ctx, layout, n, op, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    size_t an = (size_t)(n * n);
    t.a = malloc(an * sizeof *t.a), t.a0 = malloc(an * sizeof *t.a0);
    t.ref_a = malloc(an * sizeof *t.ref_a);
    t.b = malloc((size_t)n * 2 * sizeof *t.b), t.b0 = malloc((size_t)n * 2 * sizeof *t.b0);
    t.ref_b = malloc((size_t)n * 2 * sizeof *t.ref_b);
    t.ipiv = malloc((size_t)n * sizeof *t.ipiv), t.ipiv0 = malloc((size_t)n * sizeof *t.ipiv0);
    bt_fill_d(t.a0, (int64_t)an);
    for (int64_t i = 0; i < n; i++)
        t.a0[i * n + i] += (double)n; /* diagonally dominant: well conditioned */
    bt_fill_d(t.b0, n * 2);
    for (int64_t i = 0; i < n; i++)
        t.ipiv0[i] = i;
    if (op == 2) {
        /* getri takes getrf's factors. */
        BT_CHECK(basis_dgetrf(ctx, layout, n, n, t.a0, n, t.ipiv0) == BASIS_OK, "getrf: %s",
                 basis_last_error());
    }
    lu_reset(&t);
    BT_CHECK(run_fresh_thread(lu_call, &t) == BASIS_OK, "reference LU: %s", trial_error);
    memcpy(t.ref_a, t.a, an * sizeof *t.a);
    memcpy(t.ref_b, t.b, (size_t)n * 2 * sizeof *t.b);
    static const char *const names[] = {"dgetrf", "dgesv", "dgetri"};
    char what[64];
    snprintf(what, sizeof what, "%s %s n=%lld", names[op],
             layout == BASIS_COL_MAJOR ? "col" : "row", (long long)n);
    sweep(what, lu_call, &t, lu_reset, lu_check, BASIS_ERR_NO_MEMORY);
    free(t.a), free(t.a0), free(t.ref_a), free(t.b), free(t.b0), free(t.ref_b);
    free(t.ipiv), free(t.ipiv0);
}

/* ---- graphs and PageRank ---------------------------------------------------------------- */

enum { GN = 300, GM = 1500 };

typedef struct graph_case {
    basis_ctx *ctx;
    int64_t src[GM], dst[GM];
    int64_t offsets[GN + 1], targets[GM];
    int op; /* 0 from_edges, 1 from_csr, 2 pagerank_graph, 3 pagerank (csr), 4 personalized */
    basis_graph *g;    /* prebuilt for op 2, 4 */
    basis_graph *made; /* what op 0, 1 built */
    double ranks[GN], ranks0[GN], want[GN], pers[GN];
} graph_case;

static basis_status graph_call(void *v)
{
    graph_case *t = v;
    basis_csr csr = {GN, t->offsets, t->targets};
    basis_pagerank_opts o = {0.85, 1e-10, 200, t->op == 4 ? t->pers : NULL};
    switch (t->op) {
    case 0: return basis_graph_from_edges(GN, t->src, t->dst, GM, 0, &t->made);
    case 1: return basis_graph_from_csr(&csr, &t->made);
    case 3: return basis_dpagerank(t->ctx, &csr, 0.85, 1e-10, 200, t->ranks, NULL);
    default: return basis_dpagerank_graph(t->ctx, t->g, &o, t->ranks, NULL);
    }
}

static void graph_reset(void *v)
{
    graph_case *t = v;
    t->made = NULL;
    memcpy(t->ranks, t->ranks0, sizeof t->ranks);
}

static void graph_check(void *v, basis_status s, int64_t allowed)
{
    graph_case *t = v;
    static const char *const names[] = {"graph_from_edges", "graph_from_csr",
                                        "dpagerank_graph", "dpagerank", "dpagerank personalized"};
    if (t->op <= 1) {
        BT_CHECK((s == BASIS_OK) == (t->made != NULL),
                 "%s, %lld allocations allowed: status %s but out %s", names[t->op],
                 (long long)allowed, basis_status_name(s), t->made ? "set" : "NULL");
        if (t->made) {
            BT_CHECK(basis_graph_nodes(t->made) == GN && basis_graph_edges(t->made) == GM,
                     "%s: wrong graph", names[t->op]);
            basis_graph_destroy(t->made);
            t->made = NULL;
        }
        return;
    }
    BT_CHECK(!memcmp(t->ranks, s == BASIS_OK ? t->want : t->ranks0, sizeof t->ranks),
             "%s, %lld allocations allowed, status %s: ranks %s", names[t->op],
             (long long)allowed, basis_status_name(s),
             s == BASIS_OK ? "differ from the unfaulted run" : "modified");
}

static void test_graphs(basis_ctx *ctx)
{
    graph_case *t = calloc(1, sizeof *t);
    t->ctx = ctx;
    for (int64_t e = 0; e < GM; e++) {
        t->src[e] = (int64_t)((bt_uniform() + 1.0) * 0.5 * GN) % GN;
        t->dst[e] = (int64_t)((bt_uniform() + 1.0) * 0.5 * GN) % GN;
    }
    /* The same edges as an out-edge CSR: counting sort by source. */
    for (int64_t e = 0; e < GM; e++)
        t->offsets[t->src[e] + 1]++;
    for (int64_t i = 0; i < GN; i++)
        t->offsets[i + 1] += t->offsets[i];
    int64_t fill[GN];
    memcpy(fill, t->offsets, sizeof fill);
    for (int64_t e = 0; e < GM; e++)
        t->targets[fill[t->src[e]]++] = t->dst[e];
    for (int64_t i = 0; i < GN; i++) {
        t->ranks0[i] = -7.0;
        t->pers[i] = (double)(i % 3);
    }
    BT_CHECK(basis_graph_from_edges(GN, t->src, t->dst, GM, 0, &t->g) == BASIS_OK,
             "graph: %s", basis_last_error());
    for (int op = 0; op <= 4; op++) {
        t->op = op;
        graph_reset(t);
        if (op >= 2) {
            BT_CHECK(run_fresh_thread(graph_call, t) == BASIS_OK, "reference pagerank: %s",
                     trial_error);
            memcpy(t->want, t->ranks, sizeof t->want);
        }
        static const char *const names[] = {"graph_from_edges", "graph_from_csr",
                                            "dpagerank_graph", "dpagerank (csr)",
                                            "dpagerank_graph personalized"};
        sweep(names[op], graph_call, t, graph_reset, graph_check, BASIS_ERR_NO_MEMORY);
    }
    basis_graph_destroy(t->g);
    free(t);
}

/* ---- loaders -------------------------------------------------------------------------- */

typedef struct load_case {
    char path[512];
    basis_graph_format format;
    basis_graph *g;
    int64_t nodes, edges;
} load_case;

static basis_status load_call(void *v)
{
    load_case *t = v;
    return basis_graph_load(t->path, t->format, 0, &t->g);
}

static void load_reset(void *v)
{
    ((load_case *)v)->g = NULL;
}

static void load_check(void *v, basis_status s, int64_t allowed)
{
    load_case *t = v;
    BT_CHECK((s == BASIS_OK) == (t->g != NULL), "load %s, %lld allocations allowed: status %s, "
             "out %s", t->path, (long long)allowed, basis_status_name(s), t->g ? "set" : "NULL");
    if (t->g) {
        BT_CHECK(basis_graph_nodes(t->g) == t->nodes && basis_graph_edges(t->g) == t->edges,
                 "load %s: %lld nodes, %lld edges", t->path, (long long)basis_graph_nodes(t->g),
                 (long long)basis_graph_edges(t->g));
        basis_graph_destroy(t->g);
        t->g = NULL;
    }
}

static void test_loaders(void)
{
    const char *tmp = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    load_case t;
    memset(&t, 0, sizeof t);
    /* Sparse ids (renumbered: the hash map and id map allocate), then dense ids, then
     * Matrix Market. Enough distinct ids that the renumbering table grows. */
    for (int kind = 0; kind < 3; kind++) {
        snprintf(t.path, sizeof t.path, "%s/basis_fault_%d_%d.%s", tmp, (int)getpid(), kind,
                 kind == 2 ? "mtx" : "txt");
        FILE *f = fopen(t.path, "w");
        if (!f) {
            BT_CHECK(0, "cannot create %s", t.path);
            return;
        }
        int64_t n = 3000, m = 6000;
        if (kind == 2)
            fprintf(f, "%%%%MatrixMarket matrix coordinate pattern general\n%lld %lld %lld\n",
                    (long long)n, (long long)n, (long long)m);
        for (int64_t e = 0; e < m; e++) {
            int64_t a = (e * 7919) % n, b = (e * 104729 + 13) % n;
            if (kind == 0)
                fprintf(f, "%lld\t%lld\n", (long long)(a * 1000003), (long long)(b * 1000003));
            else
                fprintf(f, "%lld %lld\n", (long long)(a + (kind == 2)),
                        (long long)(b + (kind == 2)));
        }
        fclose(f);
        t.format = kind == 2 ? BASIS_GRAPH_MTX : BASIS_GRAPH_EDGELIST;
        t.nodes = n;
        t.edges = m;
        sweep(kind == 0 ? "edge list, sparse ids" : kind == 1 ? "edge list" : "matrix market",
              load_call, &t, load_reset, load_check, BASIS_ERR_NO_MEMORY);
        remove(t.path);
    }
}

int main(void)
{
    backend = bt_begin("test_fault_alloc");
    bt_seed(10);
    basis_ctx *one = NULL, *two = NULL;
    if (basis_ctx_create(&one) || basis_ctx_create(&two)) {
        fprintf(stderr, "ctx: %s\n", basis_last_error());
        return 1;
    }
    basis_ctx_set_threads(one, 1);
    basis_ctx_set_threads(two, 2);
    /* The backend ctest forces comes from BASIS_BACKEND through AUTO on these contexts. */
    basis_ctx *ctxs[] = {one, two};
    for (int c = 0; c < 2; c++) {
        for (int single = 0; single <= 1; single++) {
            test_gemm(ctxs[c], BASIS_COL_MAJOR, 300, 280, 260, single);
            test_gemm(ctxs[c], BASIS_ROW_MAJOR, 130, 500, 150, single);
        }
        test_gemm(ctxs[c], BASIS_COL_MAJOR, 5, 3, 2, 0); /* the small path */
        for (int op = 0; op <= 2; op++) {
            test_lu(ctxs[c], BASIS_COL_MAJOR, 300, op); /* past one panel: blocked */
            test_lu(ctxs[c], BASIS_ROW_MAJOR, 300, op);
        }
        test_graphs(ctxs[c]);
    }
    test_loaders();
    /* basis_ctx_create itself: the context is the only allocation. */
    basis_ctx *x = NULL;
    basis_test_fail_alloc_after(0);
    basis_status s = basis_ctx_create(&x);
    basis_test_fail_alloc_after(-1);
    BT_CHECK(s == BASIS_ERR_NO_MEMORY && x == NULL, "ctx_create under fault: %s, out %p",
             basis_status_name(s), (void *)x);
    basis_ctx_destroy(one);
    basis_ctx_destroy(two);
    return bt_end();
}
