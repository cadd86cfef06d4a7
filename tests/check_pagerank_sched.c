/* check_pagerank_sched.c: PageRank's barrier-free thread sharing (host/pagerank_sched.c) from many pthreads with random stalls gives the bits of one thread; under TSan (tools/test_tsan.sh) it also checks the sharing for races. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pagerank.h"
#include "testutil.h"
#include "ukernel.h"

/* A PageRank-shaped iteration over a random graph, with stalls: a thread sleeps now and
 * then inside an item, as one that loses its core would. The order of claims then differs
 * from run to run; the contract is that nothing else does: the ranks, the iteration count
 * and the residual must be the single-thread run's bits. */

typedef struct sched_case {
    const basis_graph *g;
    double *x, *xs, *y, *inv;
    int stalls;
} sched_case;

static void stall(const sched_case *c, int64_t k)
{
    if (!c->stalls || (k * 2654435761u) % 7 != 0)
        return;
    struct timespec ts = {0, (long)(1000 + (k * 40503u) % 50000)};
    nanosleep(&ts, NULL);
}

static void case_spmv(void *state, int64_t c0, int64_t c1)
{
    sched_case *c = state;
    stall(c, c0);
    basis_dspmv_sell8_ref(c0, c1, c->g->chunk_start, c->g->col, c->xs, c->y);
}

static void case_update(void *state, int64_t b, double tele, double *res, double *dang)
{
    sched_case *c = state;
    int64_t n = c->g->n, i0 = b * PR_BLOCK, i1 = i0 + PR_BLOCK < n ? i0 + PR_BLOCK : n;
    stall(c, b + 17);
    double r = 0.0, dg = 0.0;
    for (int64_t i = i0; i < i1; i++) {
        double xn = 0.85 * c->y[i] + tele / (double)n;
        r += fabs(xn - c->x[i]);
        dg += c->inv[i] == 0.0 ? xn : 0.0;
        c->x[i] = xn;
        c->xs[i] = xn * c->inv[i];
    }
    *res = r;
    *dang = dg;
}

static void *worker(void *arg)
{
    basis_pagerank_iterate(arg);
    return NULL;
}

/* One solve on `threads` pthreads; the ranks land in x_out. */
static void solve(const basis_graph *g, int threads, int stalls, double *x_out, int64_t *it,
                  double *res)
{
    int64_t n = g->n, nb = (n + PR_BLOCK - 1) / PR_BLOCK;
    /* vectors in slot numbering, as in pagerank_d.c */
    sched_case c = {g, malloc((size_t)n * sizeof(double)), malloc((size_t)(n + 1) * sizeof(double)),
                    malloc((size_t)(g->nchunks * BASIS_SELL_C + 1) * sizeof(double)),
                    malloc((size_t)n * sizeof(double)), stalls};
    int64_t *words = malloc((size_t)basis_pagerank_plan_words(g) * sizeof(int64_t));
    double *part = malloc(2 * (size_t)nb * sizeof(double));
    double dang0 = 0.0;
    for (int64_t i = 0; i < n; i++) {
        int64_t deg = g->out_degree[g->perm[i]];
        c.inv[i] = deg > 0 ? 1.0 / (double)deg : 0.0;
        c.x[i] = 1.0 / (double)n;
        c.xs[i] = c.x[i] * c.inv[i];
        dang0 += c.inv[i] == 0.0 ? c.x[i] : 0.0;
    }
    c.xs[n] = 0.0;
    pr_run run;
    memset(&run, 0, sizeof run);
    run.state = &c;
    run.spmv = case_spmv;
    run.update = case_update;
    run.damping = 0.85;
    run.tol = 1e-12;
    run.max_iter = 60;
    run.part = part;
    basis_pagerank_plan(g, threads, words, &run.plan);
    basis_pagerank_start(&run, dang0);
    pthread_t t[8];
    for (int k = 1; k < threads; k++)
        BT_CHECK(pthread_create(&t[k], NULL, worker, &run) == 0, "pthread_create");
    basis_pagerank_iterate(&run);
    for (int k = 1; k < threads; k++)
        pthread_join(t[k], NULL);
    memcpy(x_out, c.x, (size_t)n * sizeof(double));
    *it = run.it;
    *res = run.res;
    free(c.x);
    free(c.xs);
    free(c.y);
    free(c.inv);
    free(words);
    free(part);
}

static basis_graph *random_graph(int64_t n, int64_t m)
{
    int64_t *src = malloc((size_t)m * sizeof(int64_t)), *dst = malloc((size_t)m * sizeof(int64_t));
    for (int64_t e = 0; e < m; e++) {
        src[e] = (int64_t)((bt_uniform() * 0.5 + 0.5) * (double)n) % n;
        /* every tenth node has no out-edges: dangling rank must flow through the sums */
        if (src[e] % 10 == 0)
            src[e] = (src[e] + 1) % n;
        dst[e] = e % 3 == 0 ? e % 7 : (int64_t)((bt_uniform() * 0.5 + 0.5) * (double)n) % n;
    }
    basis_graph *g = NULL;
    BT_CHECK(basis_graph_from_edges(n, src, dst, m, 0, &g) == BASIS_OK, "graph: %s",
             basis_last_error());
    free(src);
    free(dst);
    return g;
}

int main(void)
{
    bt_seed(4242);
    /* large enough that the plan lets several threads in: many units and blocks */
    static const int64_t sizes[][2] = {{70001, 600000}, {20000, 400000}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        basis_graph *g = random_graph(sizes[s][0], sizes[s][1]);
        if (!g)
            continue;
        int64_t n = g->n, it1, itk;
        double res1, resk;
        double *x1 = malloc((size_t)n * sizeof(double)), *xk = malloc((size_t)n * sizeof(double));
        solve(g, 1, 0, x1, &it1, &res1);
        BT_CHECK(it1 > 5, "n=%lld: %lld iterations, expected more", (long long)n, (long long)it1);
        for (int threads = 2; threads <= 8; threads *= 2)
            for (int stalls = 0; stalls <= 1; stalls++) {
                solve(g, threads, stalls, xk, &itk, &resk);
                BT_CHECK(itk == it1 && resk == res1 &&
                             memcmp(x1, xk, (size_t)n * sizeof(double)) == 0,
                         "n=%lld, %d threads, stalls %d: %lld iterations, residual %.17g; one "
                         "thread: %lld, %.17g%s",
                         (long long)n, threads, stalls, (long long)itk, resk, (long long)it1,
                         res1,
                         memcmp(x1, xk, (size_t)n * sizeof(double)) ? ", ranks differ" : "");
            }
        free(x1);
        free(xk);
        basis_graph_destroy(g);
    }
    return bt_end();
}
