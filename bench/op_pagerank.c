/* op_pagerank.c: the PageRank description for the suite: a real graph loaded once, ranks checked against its oracle vector (L1 distance, sum 1). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_suite.h"
#include "gemm_verify.h"

/* The oracle's convention (shared/data/graphs/README.md): damping 0.85, uniform teleport,
 * dangling rank spread uniformly, start 1/n. The iteration stops when the L1 change is
 * below tol; the distance left to the fixed point is then about tol d / (1 - d) = 5.7 tol,
 * plus rounding (in single: a few eps per rank, summed over the nodes). Accepted L1
 * distances to the oracle: */
#define PR_DAMPING 0.85
#define PR_TOL_D 1e-10
#define PR_TOL_S 1e-6
#define PR_L1_D 1e-8
#define PR_L1_S 1e-4
#define PR_MAX_ITER 1000

typedef struct pr_case {
    const suite_family *fam;
    const suite_graph *gr;
    int64_t n;
    void *ranks;
    int64_t calls;
    gbs_case_info *info;
} pr_case;

/* ---- the graph and its oracle, loaded once ------------------------------------------------ */

/* One score per line, '#' header lines; a .gz file is read through gzip -dc. Returns the
 * count read (at most cap), or -1 when the file cannot be read. */
static int64_t read_scores(const char *path, double *out, int64_t cap)
{
    size_t len = strlen(path);
    int gz = len > 3 && strcmp(path + len - 3, ".gz") == 0;
    FILE *f;
    if (gz) {
        char cmd[2200];
        if (strchr(path, '\''))
            return -1;
        FILE *probe = fopen(path, "r");
        if (!probe)
            return -1;
        fclose(probe);
        snprintf(cmd, sizeof cmd, "gzip -dc '%s'", path);
        f = popen(cmd, "r");
    } else {
        f = fopen(path, "r");
    }
    if (!f)
        return -1;
    char line[256];
    int64_t count = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (count < cap)
            out[count] = strtod(line, NULL);
        count++;
    }
    int bad = gz ? pclose(f) != 0 : fclose(f) != 0;
    return bad ? -1 : count;
}

int suite_graph_load(suite_graph *gr, char *msg, size_t cap)
{
    if (gr->g)
        return 0;
    if (gr->load_failed) {
        snprintf(msg, cap, "%s", gr->load_error);
        return -1;
    }
    basis_status s = basis_graph_load(gr->path, BASIS_GRAPH_AUTO, gr->undirected, &gr->g);
    if (s != BASIS_OK) {
        snprintf(gr->load_error, sizeof gr->load_error, "graph %s: %s: %s", gr->name,
                 basis_status_name(s), basis_last_error());
        gr->g = NULL;
        goto fail;
    }
    int64_t n = basis_graph_nodes(gr->g);
    double *file_order = suite_alloc((size_t)(n > 0 ? n : 1) * sizeof(double));
    gr->want = suite_alloc((size_t)(n > 0 ? n : 1) * sizeof(double));
    if (!file_order || !gr->want) {
        free(file_order);
        snprintf(gr->load_error, sizeof gr->load_error, "graph %s: out of memory", gr->name);
        goto fail_graph;
    }
    int64_t got = gr->oracle[0] ? read_scores(gr->oracle, file_order, n) : -1;
    if (got != n) {
        free(file_order);
        snprintf(gr->load_error, sizeof gr->load_error,
                 "graph %s: the oracle %s %s (%lld scores for %lld nodes)", gr->name,
                 gr->oracle[0] ? gr->oracle : "(none)",
                 got < 0 ? "cannot be read" : "does not match", (long long)got, (long long)n);
        goto fail_graph;
    }
    /* The oracle is in the file's node order: node i's score is line i where the ids were
     * kept (an edge list's 0-based ids, a Matrix Market file's 1-based rows: the ids are
     * the nodes shifted by one constant), else the line of the node's id (renumbered). */
    int64_t base = n > 0 ? basis_graph_node_id(gr->g, 0) : 0;
    int kept = 1;
    for (int64_t i = 0; i < n && kept; i++)
        kept = basis_graph_node_id(gr->g, i) == i + base;
    for (int64_t i = 0; i < n; i++) {
        int64_t id = kept ? i : basis_graph_node_id(gr->g, i);
        gr->want[i] = id >= 0 && id < n ? file_order[id] : NAN;
    }
    free(file_order);
    return 0;
fail_graph:
    basis_graph_destroy(gr->g);
    gr->g = NULL;
    free(gr->want);
    gr->want = NULL;
fail:
    gr->load_failed = 1;
    snprintf(msg, cap, "%s", gr->load_error);
    return -1;
}

/* ---- the op ---------------------------------------------------------------------------- */

static void pr_teardown(void *p)
{
    pr_case *c = p;
    if (!c)
        return;
    free(c->ranks);
    free(c);
}

/* Per iteration, the pull model: every in-edge reads its source index (8 bytes) and the
 * source's scaled rank (es), every node its offset (8), its rank and out-degree scale and
 * writes the new rank (3 es). Two flops per edge. */
static void pr_work(pr_case *c, int64_t iters)
{
    double e = (double)basis_graph_edges(c->gr->g), n = (double)c->n, it = (double)iters;
    double es = c->fam->dbl ? sizeof(double) : sizeof(float);
    c->info->flops = 2.0 * e * it;
    c->info->bytes = (e * (8.0 + es) + n * (8.0 + 3.0 * es)) * it;
    c->info->items = e * it;
    c->info->items_name = "edges/s";
    c->info->memory_bound = 1;
}

static int pr_call(pr_case *c, int64_t *iters, char *msg, size_t cap)
{
    const suite_family *f = c->fam;
    basis_iter_info it = {0, 0};
    basis_pagerank_opts o = {PR_DAMPING, f->dbl ? PR_TOL_D : PR_TOL_S, PR_MAX_ITER, NULL};
    basis_status s = f->dbl ? basis_dpagerank_graph(f->ctx, c->gr->g, &o, c->ranks, &it)
                            : basis_spagerank_graph(f->ctx, c->gr->g, &o, c->ranks, &it);
    *iters = it.iterations;
    return suite_status(s, f->dbl ? "basis_dpagerank_graph" : "basis_spagerank_graph", msg,
                        cap);
}

static void *pr_setup(const void *user, const int64_t *args, int nargs, gbs_case_info *info,
                      int *status, char *msg, size_t cap)
{
    const suite_family *f = user;
    (void)args;
    (void)nargs;
    int ready = suite_family_ready(f, msg, cap);
    if (ready != GBS_OK) {
        *status = ready;
        return NULL;
    }
    /* A graph file that is not there (shared/ missing) skips the row; one that is there
     * but does not load, or whose oracle does not match, fails it. */
    FILE *probe = fopen(f->graph->path, "r");
    if (!probe) {
        snprintf(msg, cap, "graph %s: %s not found (--graph-dir)", f->graph->name,
                 f->graph->path);
        *status = GBS_SKIP;
        return NULL;
    }
    fclose(probe);
    if (suite_graph_load((suite_graph *)f->graph, msg, cap) != 0)
        return NULL;
    pr_case *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(msg, cap, "out of memory");
        return NULL;
    }
    c->fam = f;
    c->gr = f->graph;
    c->n = basis_graph_nodes(c->gr->g);
    c->info = info;
    c->ranks = suite_alloc((size_t)(c->n > 0 ? c->n : 1) * (f->dbl ? sizeof(double) : sizeof(float)));
    if (!c->ranks) {
        snprintf(msg, cap, "out of memory for %lld ranks", (long long)c->n);
        pr_teardown(c);
        return NULL;
    }
    /* A stand-in until the first call counts the iterations (README: 83 to 158 here). */
    pr_work(c, 100);
    return c;
}

static int pr_run(void *p, char *msg, size_t cap)
{
    pr_case *c = p;
    int64_t iters = 0;
    int rc = pr_call(c, &iters, msg, cap);
    if (rc != GBS_OK)
        return rc;
    if (c->calls++ == 0)
        pr_work(c, iters);
    if (c->fam->corrupt && c->n > 0) {
        /* The test hook: one rank off by 1e-3, as a wrong kernel would leave it. */
        if (c->fam->dbl)
            ((double *)c->ranks)[c->n / 2] += 1e-3;
        else
            ((float *)c->ranks)[c->n / 2] += 1e-3f;
    }
    return GBS_OK;
}

static int pr_check(void *p, double *residual, char *msg, size_t cap)
{
    pr_case *c = p;
    const suite_family *f = c->fam;
    double l1 = 0, sum = 0;
    for (int64_t i = 0; i < c->n; i++) {
        double r = f->dbl ? ((const double *)c->ranks)[i] : (double)((const float *)c->ranks)[i];
        l1 += fabs(r - c->gr->want[i]);
        sum += r;
    }
    double l1_tol = f->dbl ? PR_L1_D : PR_L1_S;
    double sum_tol = (double)c->n * (f->dbl ? BENCH_EPS_D : BENCH_EPS_S) * 4.0 +
                     (f->dbl ? PR_TOL_D : PR_TOL_S);
    if (!(l1 <= l1_tol) || !(fabs(sum - 1.0) <= sum_tol)) {
        snprintf(msg, cap,
                 "wrong result: L1 distance to the oracle %.3g (limit %g), ranks sum to %.17g "
                 "(limit |sum - 1| <= %.3g)",
                 l1, l1_tol, sum, sum_tol);
        return GBS_FAIL;
    }
    *residual = l1;
    return GBS_OK;
}

static void pr_poison(void *p)
{
    pr_case *c = p;
    gbs_fill_nan(c->ranks, c->n, c->fam->dbl);
}

const gbs_case_ops suite_pagerank_ops = {pr_setup, pr_run, pr_check, pr_teardown, pr_poison};
