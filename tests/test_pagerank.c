/* test_pagerank.c: s/d PageRank through the public API (forced backend) on real graphs against stored reference vectors, and on hand-built graphs against a direct solve. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define DAMPING 0.85
#define MAX_ITER 1000

/* ---- a small edge-list reader (for the basis_csr entry points) ---------------------------- */

typedef struct edge_list {
    int64_t n; /* from a "nodes=" header comment, else max id + 1 */
    int64_t count, cap;
    int64_t *src, *dst;
} edge_list;

static void push_edge(edge_list *e, int64_t s, int64_t d)
{
    if (e->count == e->cap) {
        e->cap = e->cap ? 2 * e->cap : 1024;
        e->src = realloc(e->src, (size_t)e->cap * sizeof(int64_t));
        e->dst = realloc(e->dst, (size_t)e->cap * sizeof(int64_t));
    }
    e->src[e->count] = s;
    e->dst[e->count] = d;
    e->count++;
}

/* "src<TAB>dst" lines, '#' comments; undirected adds both directions. Returns 0, or -1
 * when the file cannot be opened, -2 on a malformed line. */
static int read_edges(const char *path, int undirected, edge_list *e)
{
    memset(e, 0, sizeof *e);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[4096];
    int64_t maxid = -1, hinted = -1;
    int rc = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') {
            const char *h = strstr(line, "nodes=");
            if (h)
                hinted = strtoll(h + 6, NULL, 10);
            continue;
        }
        if (line[0] == '\n' || line[0] == '\r' || line[0] == '\0')
            continue;
        long long s, d;
        if (sscanf(line, "%lld %lld", &s, &d) != 2 || s < 0 || d < 0) {
            rc = -2;
            break;
        }
        push_edge(e, s, d);
        if (undirected && s != d)
            push_edge(e, d, s);
        maxid = s > maxid ? s : maxid;
        maxid = d > maxid ? d : maxid;
    }
    fclose(f);
    e->n = hinted > maxid ? hinted : maxid + 1;
    return rc;
}

/* One score per line, '#' header lines (.gz read through gzip -dc); returns the count or -1. */
static int64_t read_scores(const char *path, double **out)
{
    size_t len = strlen(path);
    int gz = len > 3 && strcmp(path + len - 3, ".gz") == 0;
    FILE *f;
    if (gz) {
        char cmd[4200];
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
    int64_t n = 0, cap = 0;
    double *v = NULL;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 256;
            v = realloc(v, (size_t)cap * sizeof(double));
        }
        v[n++] = strtod(line, NULL);
    }
    if (gz)
        pclose(f);
    else
        fclose(f);
    *out = v;
    return n;
}

typedef struct graph {
    basis_csr csr;
    int64_t *offsets, *targets;
} graph;

static void build_csr(int64_t n, int64_t m, const int64_t *src, const int64_t *dst, graph *g)
{
    g->offsets = calloc((size_t)n + 1, sizeof(int64_t));
    g->targets = malloc((size_t)(m > 0 ? m : 1) * sizeof(int64_t));
    for (int64_t e = 0; e < m; e++)
        g->offsets[src[e] + 1]++;
    for (int64_t i = 0; i < n; i++)
        g->offsets[i + 1] += g->offsets[i];
    int64_t *fill = malloc((size_t)(n > 0 ? n : 1) * sizeof(int64_t));
    memcpy(fill, g->offsets, (size_t)n * sizeof(int64_t));
    for (int64_t e = 0; e < m; e++)
        g->targets[fill[src[e]]++] = dst[e];
    free(fill);
    g->csr.n = n;
    g->csr.offsets = g->offsets;
    g->csr.targets = g->targets;
}

static void free_graph(graph *g)
{
    free(g->offsets);
    free(g->targets);
}

/* ---- an independent oracle for small graphs: solve (I - d P) r = (1 - d)/n 1 ----------- */

/* P(v, u) = multiplicity(u -> v) / outdeg(u), and 1/n for every v when u is dangling. */
static void direct_pagerank(const graph *g, double d, double *r)
{
    int64_t n = g->csr.n;
    double *m = calloc((size_t)(n * n), sizeof(double)); /* row major: m[v*n + u] */
    for (int64_t u = 0; u < n; u++) {
        int64_t deg = g->offsets[u + 1] - g->offsets[u];
        for (int64_t v = 0; v < n; v++)
            m[v * n + u] = (v == u ? 1.0 : 0.0) - (deg == 0 ? d / (double)n : 0.0);
        for (int64_t e = g->offsets[u]; e < g->offsets[u + 1]; e++)
            m[g->targets[e] * n + u] -= d / (double)deg;
    }
    for (int64_t i = 0; i < n; i++)
        r[i] = (1.0 - d) / (double)n;
    /* Gaussian elimination with partial pivoting */
    for (int64_t k = 0; k < n; k++) {
        int64_t p = k;
        for (int64_t i = k + 1; i < n; i++)
            if (fabs(m[i * n + k]) > fabs(m[p * n + k]))
                p = i;
        for (int64_t j = 0; j < n; j++) {
            double t = m[k * n + j];
            m[k * n + j] = m[p * n + j];
            m[p * n + j] = t;
        }
        double t = r[k];
        r[k] = r[p];
        r[p] = t;
        for (int64_t i = k + 1; i < n; i++) {
            double l = m[i * n + k] / m[k * n + k];
            for (int64_t j = k; j < n; j++)
                m[i * n + j] -= l * m[k * n + j];
            r[i] -= l * r[k];
        }
    }
    for (int64_t k = n - 1; k >= 0; k--) {
        double s = r[k];
        for (int64_t j = k + 1; j < n; j++)
            s -= m[k * n + j] * r[j];
        r[k] = s / m[k * n + k];
    }
    free(m);
}

/* ---- checks ---------------------------------------------------------------------------- */

/* Runs both precisions on g and compares with want: double with tol_d, max abs error
 * err_d; float with tol_s, err_s. iters_want > 0 also pins the iteration count. */
static void check_graph(const char *name, const graph *g, const double *want, double tol_d,
                        double err_d, double tol_s, double err_s, int64_t iters_want)
{
    int64_t n = g->csr.n;
    double *rd = malloc((size_t)n * sizeof(double));
    float *rs = malloc((size_t)n * sizeof(float));
    basis_iter_info info = {-1, -1.0};
    basis_status s = basis_dpagerank(NULL, &g->csr, DAMPING, tol_d, MAX_ITER, rd, &info);
    BT_CHECK(s == BASIS_OK, "dpagerank %s: %s: %s", name, basis_status_name(s),
             basis_last_error());
    double maxerr = 0.0, sum = 0.0, minr = 1.0;
    for (int64_t i = 0; i < n; i++) {
        maxerr = fmax(maxerr, fabs(rd[i] - want[i]));
        sum += rd[i];
        minr = fmin(minr, rd[i]);
    }
    BT_CHECK(maxerr < err_d, "dpagerank %s: max |r - oracle| = %.3g >= %.3g", name, maxerr, err_d);
    BT_CHECK(fabs(sum - 1.0) <= 4.0 * (double)n * BT_EPS_D + tol_d,
             "dpagerank %s: ranks sum to %.17g", name, sum);
    BT_CHECK(minr > 0.0, "dpagerank %s: a rank is %g, all must be positive (teleport)", name, minr);
    BT_CHECK(info.iterations > 0 && info.residual >= 0.0 && info.residual < tol_d,
             "dpagerank %s: info iterations %lld residual %g (tol %g)", name,
             (long long)info.iterations, info.residual, tol_d);
    if (iters_want > 0)
        BT_CHECK(llabs(info.iterations - iters_want) <= 3,
                 "dpagerank %s: %lld iterations, the reference power iteration needs %lld",
                 name, (long long)info.iterations, (long long)iters_want);

    info.iterations = -1;
    s = basis_spagerank(NULL, &g->csr, (float)DAMPING, (float)tol_s, MAX_ITER, rs, &info);
    BT_CHECK(s == BASIS_OK, "spagerank %s: %s: %s", name, basis_status_name(s),
             basis_last_error());
    maxerr = 0.0;
    sum = 0.0;
    for (int64_t i = 0; i < n; i++) {
        maxerr = fmax(maxerr, fabs((double)rs[i] - want[i]));
        sum += rs[i];
    }
    BT_CHECK(maxerr < err_s, "spagerank %s: max |r - oracle| = %.3g >= %.3g", name, maxerr, err_s);
    /* the float sum of n ranks can be off by n eps in the worst case */
    BT_CHECK(fabs(sum - 1.0) <= (double)n * BT_EPS_S + tol_s, "spagerank %s: ranks sum to %.9g",
             name, sum);
    BT_CHECK(info.iterations > 0, "spagerank %s: info iterations %lld", name,
             (long long)info.iterations);
    free(rd);
    free(rs);
}

static void test_shared_graph(const char *dir, const char *file, int undirected,
                              const char *oracle, int64_t iters_want)
{
    char path[4096], opath[4096];
    snprintf(path, sizeof path, "%s/data/graphs/%s", dir, file);
    snprintf(opath, sizeof opath, "%s/data/graphs/oracle/%s", dir, oracle);
    edge_list e;
    int rc = read_edges(path, undirected, &e);
    if (rc == -1) {
        printf("note: %s not found, skipping that graph\n", path);
        return;
    }
    BT_CHECK(rc == 0, "%s: malformed line", path);
    double *want = NULL;
    int64_t nw = read_scores(opath, &want);
    if (nw < 0) {
        printf("note: %s not found, skipping that graph\n", opath);
        free(e.src);
        free(e.dst);
        return;
    }
    BT_CHECK(nw == e.n, "%s: %lld nodes but %lld reference scores", file, (long long)e.n,
             (long long)nw);
    if (nw == e.n) {
        graph g;
        build_csr(e.n, e.count, e.src, e.dst, &g);
        /* double: tol 1e-13, within 1e-10 of the reference; float: tol 1e-6, within 1e-5 */
        check_graph(file, &g, want, 1e-13, 1e-10, 1e-6, 1e-5, iters_want);
        free_graph(&g);
    }
    free(want);
    free(e.src);
    free(e.dst);
}

static void test_small(const char *name, int64_t n, int64_t m, const int64_t *src,
                       const int64_t *dst)
{
    graph g;
    build_csr(n, m, src, dst, &g);
    double *want = malloc((size_t)n * sizeof(double));
    direct_pagerank(&g, DAMPING, want);
    check_graph(name, &g, want, 1e-14, 1e-12, 1e-6, 1e-5, 0);
    free(want);
    free_graph(&g);
}

/* max_iter reached: BASIS_ERR_NO_CONVERGENCE, the ranks still written and normalized. */
static void test_max_iter(void)
{
    static const int64_t src[] = {0, 1, 2, 2, 3}, dst[] = {1, 2, 0, 3, 1};
    graph g;
    build_csr(4, 5, src, dst, &g);
    double rd[4] = {-1, -1, -1, -1};
    float rs[4] = {-1, -1, -1, -1};
    basis_iter_info info = {-1, -1.0};
    basis_status s = basis_dpagerank(NULL, &g.csr, DAMPING, 1e-15, 3, rd, &info);
    BT_CHECK(s == BASIS_ERR_NO_CONVERGENCE && basis_last_error()[0] && info.iterations == 3 &&
                 fabs(rd[0] + rd[1] + rd[2] + rd[3] - 1.0) <= 1e-14 && rd[0] > 0.0,
             "dpagerank max_iter 3: %s, %lld iterations, ranks %g %g %g %g", basis_status_name(s),
             (long long)info.iterations, rd[0], rd[1], rd[2], rd[3]);
    info.iterations = -1;
    s = basis_spagerank(NULL, &g.csr, (float)DAMPING, 1e-7f, 3, rs, &info);
    BT_CHECK(s == BASIS_ERR_NO_CONVERGENCE && basis_last_error()[0] && info.iterations == 3 &&
                 fabs((double)rs[0] + rs[1] + rs[2] + rs[3] - 1.0) <= 1e-6 && rs[0] > 0.0f,
             "spagerank max_iter 3: %s, %lld iterations", basis_status_name(s),
             (long long)info.iterations);
    free_graph(&g);
}

/* ---- basis_graph API --------------------------------------------------------------------- */

/* The dense oracle with a teleport vector v (sum 1) that also receives dangling rank:
 * (I - d P_v) r = (1 - d) v, P_v(w, u) = mult(u -> w) / outdeg(u), or v[w] when u dangles. */
static void direct_personalized(const graph *g, double d, const double *v, double *r)
{
    int64_t n = g->csr.n;
    double *m = calloc((size_t)(n * n), sizeof(double)); /* row major: m[w*n + u] */
    for (int64_t u = 0; u < n; u++) {
        int64_t deg = g->offsets[u + 1] - g->offsets[u];
        for (int64_t w = 0; w < n; w++)
            m[w * n + u] = (w == u ? 1.0 : 0.0) - (deg == 0 ? d * v[w] : 0.0);
        for (int64_t e = g->offsets[u]; e < g->offsets[u + 1]; e++)
            m[g->targets[e] * n + u] -= d / (double)deg;
    }
    for (int64_t i = 0; i < n; i++)
        r[i] = (1.0 - d) * v[i];
    for (int64_t k = 0; k < n; k++) {
        int64_t p = k;
        for (int64_t i = k + 1; i < n; i++)
            if (fabs(m[i * n + k]) > fabs(m[p * n + k]))
                p = i;
        for (int64_t j = 0; j < n; j++) {
            double t = m[k * n + j];
            m[k * n + j] = m[p * n + j];
            m[p * n + j] = t;
        }
        double t = r[k];
        r[k] = r[p];
        r[p] = t;
        for (int64_t i = k + 1; i < n; i++) {
            double l = m[i * n + k] / m[k * n + k];
            for (int64_t j = k; j < n; j++)
                m[i * n + j] -= l * m[k * n + j];
            r[i] -= l * r[k];
        }
    }
    for (int64_t k = n - 1; k >= 0; k--) {
        double sum = r[k];
        for (int64_t j = k + 1; j < n; j++)
            sum -= m[k * n + j] * r[j];
        r[k] = sum / m[k * n + k];
    }
    free(m);
}

static basis_ctx *ctx_threads(int threads)
{
    basis_ctx *c = NULL;
    basis_status s = basis_ctx_create(&c);
    BT_CHECK(s == BASIS_OK, "basis_ctx_create: %s", basis_last_error());
    const char *be = getenv("BASIS_BACKEND");
    basis_backend b;
    if (be && *be && basis_backend_parse(be, &b) == BASIS_OK)
        basis_ctx_set_backend(c, b);
    basis_ctx_set_threads(c, threads);
    return c;
}

/* Personalized teleport (weights not summing to 1, a zero weight) on small graphs with
 * dangling nodes and self-loops, against the dense solve; threads 1 and 2. */
static void test_personalized(const char *name, int64_t n, int64_t m, const int64_t *src,
                              const int64_t *dst)
{
    graph gc;
    build_csr(n, m, src, dst, &gc);
    basis_graph *g = NULL;
    basis_status s = basis_graph_from_edges(n, src, dst, m, 0, &g);
    BT_CHECK(s == BASIS_OK, "graph_from_edges %s: %s", name, basis_last_error());
    if (s) {
        free_graph(&gc);
        return;
    }
    double *p = malloc((size_t)n * sizeof(double)), *v = malloc((size_t)n * sizeof(double));
    double *want = malloc((size_t)n * sizeof(double)), *rd = malloc((size_t)n * sizeof(double));
    float *rs = malloc((size_t)n * sizeof(float));
    double psum = 0.0;
    for (int64_t i = 0; i < n; i++) {
        p[i] = i == 1 ? 0.0 : 1.0 + 3.0 * (double)(i % 3);
        psum += p[i];
    }
    for (int64_t i = 0; i < n; i++)
        v[i] = p[i] / psum;
    direct_personalized(&gc, 0.7, v, want);
    for (int th = 1; th <= 2; th++) {
        basis_ctx *c = ctx_threads(th);
        basis_pagerank_opts o = {0.7, 1e-14, MAX_ITER, p};
        basis_iter_info info = {-1, -1.0};
        s = basis_dpagerank_graph(c, g, &o, rd, &info);
        double err = 0.0, sum = 0.0;
        for (int64_t i = 0; i < n; i++) {
            err += fabs(rd[i] - want[i]);
            sum += rd[i];
        }
        BT_CHECK(s == BASIS_OK && err <= 1e-12 && fabs(sum - 1.0) <= 1e-14 &&
                     info.iterations > 0 && info.residual < 1e-14,
                 "dpagerank_graph personalized %s, %d threads: %s, L1 error %.3g, sum - 1 = "
                 "%.3g, %lld iterations",
                 name, th, basis_status_name(s), err, sum - 1.0, (long long)info.iterations);
        o.tol = 1e-6;
        s = basis_spagerank_graph(c, g, &o, rs, &info);
        err = 0.0;
        for (int64_t i = 0; i < n; i++)
            err += fabs((double)rs[i] - want[i]);
        BT_CHECK(s == BASIS_OK && err <= 1e-5,
                 "spagerank_graph personalized %s, %d threads: %s, L1 error %.3g", name, th,
                 basis_status_name(s), err);
        basis_ctx_destroy(c);
    }
    free(p);
    free(v);
    free(want);
    free(rd);
    free(rs);
    basis_graph_destroy(g);
    free_graph(&gc);
}

/* Bad options are argument errors naming the option; ranks untouched. */
static void test_graph_options(void)
{
    static const int64_t src[] = {0, 1, 2}, dst[] = {1, 2, 0};
    basis_graph *g = NULL;
    basis_status s = basis_graph_from_edges(3, src, dst, 3, 0, &g);
    BT_CHECK(s == BASIS_OK, "graph_from_edges: %s", basis_last_error());
    if (s)
        return;
    double r[3] = {-7, -7, -7};
    double neg[3] = {1, -1, 1}, zero[3] = {0, 0, 0}, nan3[3] = {1, NAN, 1}, inf3[3] = {1, INFINITY, 0};
    struct {
        basis_pagerank_opts o;
        const char *word;
    } bad[] = {
        {{1.0, 1e-10, 100, NULL}, "damping"},  {{-0.1, 1e-10, 100, NULL}, "damping"},
        {{NAN, 1e-10, 100, NULL}, "damping"},  {{0.85, 0.0, 100, NULL}, "tol"},
        {{0.85, NAN, 100, NULL}, "tol"},       {{0.85, INFINITY, 100, NULL}, "tol"},
        {{0.85, 1e-10, 0, NULL}, "max_iter"},  {{0.85, 1e-10, 100, neg}, "personalize[1]"},
        {{0.85, 1e-10, 100, zero}, "personalize"}, {{0.85, 1e-10, 100, nan3}, "personalize[1]"},
        {{0.85, 1e-10, 100, inf3}, "personalize[1]"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        s = basis_dpagerank_graph(NULL, g, &bad[k].o, r, NULL);
        BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), bad[k].word) &&
                     r[0] == -7.0,
                 "bad option %zu: %s, message '%s' should name %s", k, basis_status_name(s),
                 basis_last_error(), bad[k].word);
    }
    float rf[3];
    s = basis_spagerank_graph(NULL, g, NULL, rf, NULL);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "opts"), "opts NULL: %s",
             basis_status_name(s));
    basis_pagerank_opts ok = {0.85, 1e-10, 100, NULL};
    s = basis_dpagerank_graph(NULL, NULL, &ok, r, NULL);
    BT_CHECK(s == BASIS_ERR_ARGUMENT, "g NULL: %s", basis_status_name(s));
    s = basis_dpagerank_graph(NULL, g, &ok, NULL, NULL);
    BT_CHECK(s == BASIS_ERR_ARGUMENT, "ranks NULL: %s", basis_status_name(s));
    /* max_iter reached: ranks written and summing to 1 */
    basis_pagerank_opts few = {0.85, 1e-15, 2, NULL};
    static const int64_t s2[] = {0, 1, 1}, d2[] = {1, 2, 0};
    basis_graph *g2 = NULL;
    basis_graph_from_edges(3, s2, d2, 3, 0, &g2);
    basis_iter_info info = {-1, -1.0};
    s = basis_dpagerank_graph(NULL, g2, &few, r, &info);
    BT_CHECK(s == BASIS_ERR_NO_CONVERGENCE && info.iterations == 2 && info.residual > 0.0 &&
                 fabs(r[0] + r[1] + r[2] - 1.0) <= 1e-15,
             "dpagerank_graph max_iter 2: %s, %lld iterations", basis_status_name(s),
             (long long)info.iterations);
    basis_graph_destroy(g2);
    basis_graph_destroy(g);
}

/* An oracle graph through basis_graph_load: double at tol 1e-13 within 1e-9 (L1) of the
 * reference and summing to 1 within 1e-12; float at tol 1e-6 within 1e-4 (L1); with
 * threads 1 and 2 the same ranks (the engine's sums run in a fixed order). */
static void test_oracle_graph(const char *dir, const char *file, int undirected,
                              const char *oracle)
{
    char path[4096], opath[4096];
    snprintf(path, sizeof path, "%s/data/graphs/%s", dir, file);
    snprintf(opath, sizeof opath, "%s/data/graphs/oracle/%s", dir, oracle);
    basis_graph *g = NULL;
    basis_status s = basis_graph_load(path, BASIS_GRAPH_AUTO, undirected, &g);
    if (s == BASIS_ERR_IO) {
        printf("note: %s: %s, skipping that graph\n", path, basis_last_error());
        return;
    }
    BT_CHECK(s == BASIS_OK, "basis_graph_load %s: %s", file, basis_last_error());
    if (s)
        return;
    double *want = NULL;
    int64_t n = basis_graph_nodes(g), nw = read_scores(opath, &want);
    if (nw <= 0) { /* missing, or a .gz without a gzip program to read it */
        free(want);
        printf("note: %s not found, skipping that graph\n", opath);
        basis_graph_destroy(g);
        return;
    }
    BT_CHECK(nw == n, "%s: %lld nodes but %lld reference scores", file, (long long)n,
             (long long)nw);
    if (nw == n) {
        double *r1 = malloc((size_t)n * sizeof(double)), *r2 = malloc((size_t)n * sizeof(double));
        float *rs = malloc((size_t)n * sizeof(float));
        for (int th = 1; th <= 2; th++) {
            basis_ctx *c = ctx_threads(th);
            double *r = th == 1 ? r1 : r2;
            basis_pagerank_opts o = {DAMPING, 1e-13, MAX_ITER, NULL};
            basis_iter_info info = {-1, -1.0};
            s = basis_dpagerank_graph(c, g, &o, r, &info);
            double l1 = 0.0, sum = 0.0;
            for (int64_t i = 0; i < n; i++) {
                l1 += fabs(r[i] - want[i]);
                sum += r[i];
            }
            BT_CHECK(s == BASIS_OK && l1 <= 1e-9 && fabs(sum - 1.0) <= 1e-12 &&
                         info.residual < 1e-13,
                     "dpagerank_graph %s, %d threads: %s, L1 to the oracle %.3g, sum - 1 = "
                     "%.3g, %lld iterations",
                     file, th, basis_status_name(s), l1, sum - 1.0, (long long)info.iterations);
            o.tol = 1e-6;
            s = basis_spagerank_graph(c, g, &o, rs, &info);
            l1 = 0.0;
            sum = 0.0;
            for (int64_t i = 0; i < n; i++) {
                l1 += fabs((double)rs[i] - want[i]);
                sum += (double)rs[i];
            }
            BT_CHECK(s == BASIS_OK && l1 <= 1e-4 && fabs(sum - 1.0) <= 1e-5,
                     "spagerank_graph %s, %d threads: %s, L1 to the oracle %.3g, sum - 1 = %.3g",
                     file, th, basis_status_name(s), l1, sum - 1.0);
            basis_ctx_destroy(c);
        }
        double worst = 0.0;
        for (int64_t i = 0; i < n; i++)
            worst = fmax(worst, fabs(r1[i] - r2[i]) / fabs(r1[i]));
        BT_CHECK(worst <= 1e-14, "dpagerank_graph %s: threads 1 and 2 differ by %.3g (relative)",
                 file, worst);
        free(r1);
        free(r2);
        free(rs);
    }
    free(want);
    basis_graph_destroy(g);
}

/* ---- the tiny LAGraph graphs against their published ranks -------------------------------
 * The values LAGraph's PageRank test holds its results to (src/test/test_PageRank.c in
 * GraphBLAS/LAGraph: MATLAB's centrality(G, 'pagerank'), damping 0.85, dangling rank spread
 * uniformly, node order of the files), checked there by max |difference| < 1e-4; MATLAB's
 * own tolerance is loose, so 1e-4 is the bound here too (shared/data/graphs/README.md). */
static const double lagraph_karate[34] = {
    0.0970011147, 0.0528720584, 0.0570750515, 0.0358615175, 0.0219857202, 0.0291233505,
    0.0291233505, 0.0244945048, 0.0297681451, 0.0143104668, 0.0219857202, 0.0095668739,
    0.0146475355, 0.0295415677, 0.0145381625, 0.0145381625, 0.0167900065, 0.0145622041,
    0.0145381625, 0.0196092670, 0.0145381625, 0.0145622041, 0.0145381625, 0.0315206825,
    0.0210719482, 0.0210013837, 0.0150430281, 0.0256382216, 0.0195723309, 0.0262863139,
    0.0245921424, 0.0371606178, 0.0716632142, 0.1008786453};
static const double lagraph_west0067[67] = {
    0.0233753869, 0.0139102552, 0.0123441027, 0.0145657095, 0.0142018541, 0.0100791606,
    0.0128753395, 0.0143945684, 0.0110203141, 0.0110525383, 0.0119311961, 0.0072382247,
    0.0188680398, 0.0141596605, 0.0174877889, 0.0170362099, 0.0120433909, 0.0219844489,
    0.0195274443, 0.0394465722, 0.0112038726, 0.0090174094, 0.0140088120, 0.0122532937,
    0.0153346283, 0.0135241334, 0.0158714693, 0.0149689529, 0.0144097230, 0.0137583019,
    0.0314386080, 0.0092857745, 0.0081814168, 0.0102137827, 0.0096547214, 0.0129622400,
    0.0244173417, 0.0173963657, 0.0127705717, 0.0143297446, 0.0140509341, 0.0104117131,
    0.0173516407, 0.0149175105, 0.0119979624, 0.0095043613, 0.0153295328, 0.0077710930,
    0.0259969472, 0.0126926269, 0.0088870166, 0.0080836101, 0.0096023576, 0.0091000837,
    0.0246131958, 0.0159589365, 0.0183500031, 0.0155811507, 0.0157693756, 0.0116319823,
    0.0230649292, 0.0149070613, 0.0157469640, 0.0134396036, 0.0189218603, 0.0114528518,
    0.0223213267};
static const double lagraph_ldbc[10] = {
    0.1697481823, 0.0361514465, 0.1673241104, 0.1669092572, 0.1540948145, 0.0361514465,
    0.0361514465, 0.1153655134, 0.0361514465, 0.0819523364};

static void test_lagraph_published(const char *dir, const char *file, const double *want,
                                   int64_t n_want)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/data/graphs/%s", dir, file);
    basis_graph *g = NULL;
    basis_status s = basis_graph_load(path, BASIS_GRAPH_AUTO, 0, &g);
    BT_CHECK(s == BASIS_OK, "basis_graph_load %s: %s", file, basis_last_error());
    if (s)
        return;
    int64_t n = basis_graph_nodes(g);
    BT_CHECK(n == n_want, "%s: %lld nodes, LAGraph lists %lld", file, (long long)n,
             (long long)n_want);
    if (n == n_want) {
        double r[128];
        float rs[128];
        basis_pagerank_opts o = {DAMPING, 1e-13, MAX_ITER, NULL};
        s = basis_dpagerank_graph(NULL, g, &o, r, NULL);
        double worst = 0.0, worst_s = 0.0;
        for (int64_t i = 0; i < n; i++)
            worst = fmax(worst, fabs(r[i] - want[i]));
        BT_CHECK(s == BASIS_OK && worst < 1e-4, "dpagerank_graph %s: %s, max |r - LAGraph| = %.3g",
                 file, basis_status_name(s), worst);
        o.tol = 1e-6;
        s = basis_spagerank_graph(NULL, g, &o, rs, NULL);
        for (int64_t i = 0; i < n; i++)
            worst_s = fmax(worst_s, fabs((double)rs[i] - want[i]));
        BT_CHECK(s == BASIS_OK && worst_s < 1e-4,
                 "spagerank_graph %s: %s, max |r - LAGraph| = %.3g", file, basis_status_name(s),
                 worst_s);
        printf("%s: max |r - LAGraph's published rank| = %.2g (double), %.2g (float)\n", file,
               worst, worst_s);
    }
    basis_graph_destroy(g);
}

int main(void)
{
    bt_begin("test_pagerank");

    /* 0 -> 1 -> 2, node 2 dangling: its rank is spread over all nodes */
    static const int64_t s1[] = {0, 1}, d1[] = {1, 2};
    test_small("3-node chain with a dangling node", 3, 2, s1, d1);
    /* self-loops count as out-edges */
    static const int64_t s2[] = {0, 0, 1, 2, 3, 3}, d2[] = {0, 1, 2, 0, 3, 0};
    test_small("4 nodes with self-loops", 4, 6, s2, d2);
    /* a repeated edge counts twice, and a node without any edge */
    static const int64_t s3[] = {0, 0, 0, 1, 2}, d3[] = {1, 1, 2, 0, 1};
    test_small("multi-edge and an isolated node", 4, 5, s3, d3);
    static const int64_t s4[] = {0};
    test_small("one node, no edges", 1, 0, s4, s4);
    test_max_iter();
    test_personalized("3-node chain with a dangling node", 3, 2, s1, d1);
    test_personalized("4 nodes with self-loops", 4, 6, s2, d2);
    test_personalized("multi-edge and an isolated node", 4, 5, s3, d3);
    test_graph_options();

    const char *dir = getenv("BASIS_SHARED_DIR");
    if (!dir || !*dir) {
        printf("note: BASIS_SHARED_DIR is not set, skipping the shared graphs\n");
    } else {
        /* iteration counts to L1 < 1e-13 from data/graphs/README.md */
        test_shared_graph(dir, "karate.edges.tsv", 1, "karate.pagerank_d085.txt", 83);
        test_shared_graph(dir, "polblogs.edges.tsv", 0, "polblogs.pagerank_d085.txt", 149);
        test_oracle_graph(dir, "karate.edges.tsv", 1, "karate.pagerank_d085.txt");
        test_oracle_graph(dir, "polblogs.edges.tsv", 0, "polblogs.pagerank_d085.txt");
        test_oracle_graph(dir, "pgp-strong-2009.edges.tsv.gz", 0,
                          "pgp-strong-2009.pagerank_d085.txt.gz");
        test_oracle_graph(dir, "cnr-2000.edges.tsv.gz", 0, "cnr-2000.pagerank_d085.txt.gz");
        test_lagraph_published(dir, "LAGraph-karate.mtx", lagraph_karate, 34);
        test_lagraph_published(dir, "LAGraph-west0067.mtx", lagraph_west0067, 67);
        test_lagraph_published(dir, "LAGraph-ldbc-directed-example.mtx", lagraph_ldbc, 10);
    }
    return bt_end();
}
