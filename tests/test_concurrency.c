/* test_concurrency.c: many threads calling gemm, getrf and PageRank at once, on the default context and on their own, from the very first call: bitwise the serial results. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

enum { THREADS = 8, ROUNDS = 2 };
enum { GM_ = 150, GN_ = 140, GK_ = 170 }; /* past the small path: the blocked GEMM */
enum { LN = 130 };                        /* one recursive panel plus its trailing GEMM */
enum { PN = 2000, PM = 9000 };

/* Inputs, shared read-only by every thread. */
static double A[GM_ * GK_], B[GK_ * GN_], C0[GM_ * GN_], L0[LN * LN];
static float As[GM_ * GK_], Bs[GK_ * GN_], Cs0[GM_ * GN_];
static int64_t src[PM], dst[PM];
static basis_graph *graph;

/* One thread's results for one round on one context kind. */
typedef struct results {
    double c[GM_ * GN_];
    float cs[GM_ * GN_];
    double lu[LN * LN];
    int64_t ipiv[LN];
    double ranks[PN];
    float ranks_s[PN];
    basis_status st[5];
} results;

static basis_status run_all(basis_ctx *ctx, results *r)
{
    memcpy(r->c, C0, sizeof C0);
    memcpy(r->cs, Cs0, sizeof Cs0);
    memcpy(r->lu, L0, sizeof L0);
    basis_pagerank_opts o = {0.85, 1e-9, 100, NULL};
    r->st[0] = basis_dgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_TRANS, GM_, GN_, GK_, 1.25,
                           A, GM_, B, GN_, 0.5, r->c, GM_);
    r->st[1] = basis_sgemm(ctx, BASIS_ROW_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, GM_, GN_, GK_,
                           1.25f, As, GK_, Bs, GN_, 0.5f, r->cs, GN_);
    r->st[2] = basis_dgetrf(ctx, BASIS_COL_MAJOR, LN, LN, r->lu, LN, r->ipiv);
    r->st[3] = basis_dpagerank_graph(ctx, graph, &o, r->ranks, NULL);
    r->st[4] = basis_spagerank_graph(ctx, graph, &o, r->ranks_s, NULL);
    /* An op the backend does not implement (OpenCL runs only some) refuses it alike in
     * every thread: that status is compared with the serial one like any result. */
    for (int i = 0; i < 5; i++)
        if (r->st[i] != BASIS_OK && r->st[i] != BASIS_ERR_BACKEND)
            return r->st[i];
    return BASIS_OK;
}

static pthread_barrier_t start;

typedef struct worker {
    int id;
    results *shared_default[ROUNDS]; /* NULL context */
    results *own[ROUNDS];            /* this thread's own context */
    basis_ctx *ctx;
    basis_status status;
    char error[256];
} worker;

static void *work(void *v)
{
    worker *w = v;
    /* Every thread makes its first basis call at the same moment: detection, topology and
     * the workspace key are set up under call_once, whoever comes first. */
    pthread_barrier_wait(&start);
    for (int r = 0; r < ROUNDS && !w->status; r++) {
        if ((w->id + r) & 1) {
            w->status = run_all(NULL, w->shared_default[r]);
            if (!w->status)
                w->status = run_all(w->ctx, w->own[r]);
        } else {
            w->status = run_all(w->ctx, w->own[r]);
            if (!w->status)
                w->status = run_all(NULL, w->shared_default[r]);
        }
    }
    if (w->status)
        snprintf(w->error, sizeof w->error, "%s", basis_last_error());
    return NULL;
}

static int same(const results *x, const results *y)
{
    return !memcmp(x->c, y->c, sizeof x->c) && !memcmp(x->cs, y->cs, sizeof x->cs) &&
           !memcmp(x->lu, y->lu, sizeof x->lu) && !memcmp(x->ipiv, y->ipiv, sizeof x->ipiv) &&
           !memcmp(x->ranks, y->ranks, sizeof x->ranks) &&
           !memcmp(x->ranks_s, y->ranks_s, sizeof x->ranks_s) &&
           !memcmp(x->st, y->st, sizeof x->st);
}

int main(void)
{
    /* No basis call before the threads start (bt_begin checks the backend afterwards). */
    bt_seed(77);
    bt_fill_d(A, GM_ * GK_);
    bt_fill_d(B, GK_ * GN_);
    bt_fill_d(C0, GM_ * GN_);
    bt_fill_d(L0, LN * LN);
    bt_fill_s(As, GM_ * GK_);
    bt_fill_s(Bs, GK_ * GN_);
    bt_fill_s(Cs0, GM_ * GN_);
    for (int64_t e = 0; e < PM; e++) {
        src[e] = (int64_t)((bt_uniform() + 1.0) * 0.5 * PN) % PN;
        dst[e] = (e % 7 == 0) ? 0 : (int64_t)((bt_uniform() + 1.0) * 0.5 * PN) % PN;
    }

    worker w[THREADS];
    pthread_t th[THREADS];
    pthread_barrier_init(&start, NULL, THREADS + 1);
    for (int i = 0; i < THREADS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].id = i;
        for (int r = 0; r < ROUNDS; r++) {
            w[i].shared_default[r] = calloc(1, sizeof(results));
            w[i].own[r] = calloc(1, sizeof(results));
        }
        if (pthread_create(&th[i], NULL, work, &w[i]) != 0) {
            fprintf(stderr, "test_concurrency: pthread_create failed\n");
            return 1;
        }
    }
    /* The contexts and the graph are made while the threads wait; the graph builder is
     * the first basis call of the process. */
    if (basis_graph_from_edges(PN, src, dst, PM, 0, &graph) != BASIS_OK) {
        fprintf(stderr, "graph: %s\n", basis_last_error());
        return 1;
    }
    for (int i = 0; i < THREADS; i++) {
        if (basis_ctx_create(&w[i].ctx) != BASIS_OK) {
            fprintf(stderr, "ctx: %s\n", basis_last_error());
            return 1;
        }
        basis_ctx_set_threads(w[i].ctx, 1 + i % 2); /* one and two threads per context */
    }
    pthread_barrier_wait(&start);
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&start);

    /* On OpenCL (GEMM and PageRank on the device, the rest refused) the device table and
     * program cache are set up by the first callers at once: that is tested too, where the
     * shared harness would skip a test of ops OpenCL lacks. */
    const char *env = getenv("BASIS_BACKEND");
    basis_backend be = BASIS_BACKEND_AUTO;
    if (env && basis_backend_parse(env, &be) == BASIS_OK && be == BASIS_BACKEND_OPENCL &&
        basis_backend_available(be) == BASIS_OK)
        printf("test_concurrency: backend opencl\n");
    else
        be = bt_begin("test_concurrency");
    /* Serial references: the default context, and a context of 1 and of 2 threads. */
    results *ref_default = calloc(1, sizeof(results)), *ref_own[2];
    BT_CHECK(run_all(NULL, ref_default) == BASIS_OK, "serial default: %s", basis_last_error());
    for (int i = 0; i < 5; i++)
        BT_CHECK(ref_default->st[i] == BASIS_OK || be == BASIS_BACKEND_OPENCL,
                 "serial op %d: %s", i, basis_status_name(ref_default->st[i]));
    for (int t = 0; t < 2; t++) {
        basis_ctx *c;
        ref_own[t] = calloc(1, sizeof(results));
        basis_ctx_create(&c);
        basis_ctx_set_threads(c, 1 + t);
        BT_CHECK(run_all(c, ref_own[t]) == BASIS_OK, "serial ctx: %s", basis_last_error());
        basis_ctx_destroy(c);
    }
    for (int i = 0; i < THREADS; i++) {
        BT_CHECK(w[i].status == BASIS_OK, "thread %d: %s (%s)", i, basis_status_name(w[i].status),
                 w[i].error);
        for (int r = 0; r < ROUNDS && w[i].status == BASIS_OK; r++) {
            BT_CHECK(same(w[i].shared_default[r], ref_default),
                     "thread %d round %d on the default context: not the serial result", i, r);
            BT_CHECK(same(w[i].own[r], ref_own[i % 2]),
                     "thread %d round %d on its own %d-thread context: not the serial result", i,
                     r, 1 + i % 2);
        }
        for (int r = 0; r < ROUNDS; r++) {
            free(w[i].shared_default[r]);
            free(w[i].own[r]);
        }
        basis_ctx_destroy(w[i].ctx);
    }
    free(ref_default);
    free(ref_own[0]);
    free(ref_own[1]);
    basis_graph_destroy(graph);
    return bt_end();
}
