/* pagerank.c: `basis pagerank FILE [options]`: loads a graph, runs PageRank, reports the top nodes, the load and iteration times, optionally every score. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "internal.h"
#include "io/out_file.h"
#include "tools.h"

static const char usage_line[] =
    "usage: basis pagerank FILE [--damping D] [--tol T] [--max-iter N] [--float] "
    "[--undirected] [--personalize FILE] [--top K] [--out PATH [--ids]] [--json]";

static int usage_error(const char *what, const char *arg)
{
    return basis_tool_usage_error("pagerank", usage_line, what, arg);
}

static int runtime_error(const char *what)
{
    return basis_tool_runtime_error("pagerank", what);
}

static void help(void)
{
    printf("%s\n"
           "  FILE: an edge list (\"src dst\" per line, '#'/'%%' comments, gzip ok) or a\n"
           "  Matrix Market coordinate matrix (.mtx, whose nodes are its rows, named\n"
           "  from 1). Edge-list ids below twice their count are kept as node numbers\n"
           "  (an id in no edge is an isolated node, and counted in the output); sparser\n"
           "  ids are renumbered in order of first appearance. Nodes are named by their\n"
           "  id in FILE wherever the output or --personalize names one.\n"
           "  --damping D       damping factor in [0, 1) (0.85)\n"
           "  --tol T           stop when the L1 change between iterates < T\n"
           "                    (1e-10 in double, 1e-6 with --float)\n"
           "  --max-iter N      at most N iterations (1000)\n"
           "  --float           single precision (basis_spagerank_graph)\n"
           "  --undirected      read every edge in both directions\n"
           "  --personalize F   teleport weights: either one weight per line in node order\n"
           "                    (exactly one line per node), or \"node weight\" per line with\n"
           "                    the node as it is named in FILE (unlisted nodes weigh 0);\n"
           "                    '#'/'%%' comments and blank lines skipped; any positive sum\n"
           "  --top K           show the K highest-ranked nodes (10)\n"
           "  --out PATH        write every score, one per line in node order\n"
           "  --ids             with --out: write \"id score\" lines, the id as in FILE\n"
           "  --json            print one JSON object instead of text\n"
           "  Load time is reported apart from iteration time; not converging within\n"
           "  --max-iter still prints the results, then exits 1.\n",
           usage_line);
}

typedef struct options {
    const char *file, *personalize, *out;
    double damping, tol;
    int64_t max_iter, top;
    int single, json, undirected, ids;
} options;

static int parse_double(const char *s, double *v)
{
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s || *end || errno == ERANGE || !isfinite(x))
        return 0;
    *v = x;
    return 1;
}

static int parse_int(const char *s, int64_t *v)
{
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (end == s || *end || errno == ERANGE)
        return 0;
    *v = x;
    return 1;
}

/* ---- the personalization file ---------------------------------------------------------- */

typedef struct id_node {
    int64_t id, node;
} id_node;

static int cmp_id(const void *a, const void *b)
{
    int64_t x = ((const id_node *)a)->id, y = ((const id_node *)b)->id;
    return (x > y) - (x < y);
}

/* The node a file id names, -1 when none; map is sorted by id (NULL: ids are nodes). */
static int64_t node_of(const id_node *map, int64_t n, int64_t id)
{
    if (!map)
        return id >= 0 && id < n ? id : -1;
    id_node key = {id, 0};
    const id_node *hit = bsearch(&key, map, (size_t)n, sizeof *map, cmp_id);
    return hit ? hit->node : -1;
}

/* Fills w (n entries) from path; on failure writes one sentence into msg. */
static int read_personalize(const char *path, const basis_graph *g, double *w, char *msg,
                            size_t msize)
{
    int64_t n = basis_graph_nodes(g);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(msg, msize, "%s: cannot open: %s", path, strerror(errno));
        return 0;
    }
    id_node *map = NULL;
    char *seen = calloc((size_t)(n > 0 ? n : 1), 1);
    int renumbered = 0;
    for (int64_t i = 0; i < n && !renumbered; i++)
        renumbered = basis_graph_node_id(g, i) != i;
    if (renumbered && seen) {
        map = malloc((size_t)n * sizeof *map);
        if (map) {
            for (int64_t i = 0; i < n; i++)
                map[i] = (id_node){basis_graph_node_id(g, i), i};
            qsort(map, (size_t)n, sizeof *map, cmp_id);
        }
    }
    char *line = NULL;
    size_t cap = 0;
    int64_t lineno = 0, count = 0;
    int form = 0, ok = seen && (map || !renumbered); /* form 1: weights, 2: node weight */
    if (!ok)
        snprintf(msg, msize, "%s: out of memory", path);
    for (int64_t i = 0; i < n; i++)
        w[i] = 0.0;
    while (ok && getline(&line, &cap, f) >= 0) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (*p == '\0' || *p == '#' || *p == '%')
            continue;
        /* one or two numbers, separated and followed by blanks only: "0,1" or "1x" is a
         * malformed line, not the number before the stray character */
        double num[2] = {0.0, 0.0};
        int got = 0;
        while (*p && got < 3) {
            char *end;
            double v = strtod(p, &end);
            if (end == p || (*end && *end != ' ' && *end != '\t' && *end != '\r' &&
                             *end != '\n')) {
                got = 3;
                break;
            }
            if (got < 2)
                num[got] = v;
            got++;
            for (p = end; *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'; p++)
                ;
        }
        double a = num[0], b = num[1];
        if (got < 1 || got > 2 || (form && got != form)) {
            snprintf(msg, msize,
                     "%s:%lld: a line must be one weight, or \"node weight\"%s", path,
                     (long long)lineno,
                     got == 1 || got == 2 ? ", the same form on every line"
                                          : " (numbers separated by blanks)");
            ok = 0;
            break;
        }
        form = got;
        double weight = got == 1 ? a : b;
        if (!(weight >= 0.0) || !isfinite(weight)) {
            snprintf(msg, msize, "%s:%lld: the weight %g must be non-negative and finite",
                     path, (long long)lineno, weight);
            ok = 0;
            break;
        }
        if (got == 1) {
            if (count >= n) {
                snprintf(msg, msize, "%s:%lld: more weights than the %lld nodes", path,
                         (long long)lineno, (long long)n);
                ok = 0;
                break;
            }
            w[count++] = weight;
            continue;
        }
        int64_t node = a == floor(a) && fabs(a) < 9.2e18 ? node_of(map, n, (int64_t)a) : -1;
        if (node < 0) {
            snprintf(msg, msize, "%s:%lld: %.17g is not a node of the graph", path,
                     (long long)lineno, a);
            ok = 0;
            break;
        }
        if (seen[node]) {
            snprintf(msg, msize, "%s:%lld: node %.17g is given twice", path,
                     (long long)lineno, a);
            ok = 0;
            break;
        }
        seen[node] = 1;
        w[node] = weight;
    }
    if (ok && ferror(f)) {
        snprintf(msg, msize, "%s: cannot read: %s", path, strerror(errno));
        ok = 0;
    }
    if (ok && form == 1 && count != n) {
        snprintf(msg, msize, "%s: %lld weights for %lld nodes (one weight per line, in node "
                 "order)", path, (long long)count, (long long)n);
        ok = 0;
    }
    if (ok && form == 0) {
        snprintf(msg, msize, "%s: no weights", path);
        ok = 0;
    }
    double total = 0.0;
    for (int64_t i = 0; ok && i < n; i++)
        total += w[i];
    if (ok && !(total > 0.0)) {
        snprintf(msg, msize, "%s: the weights sum to 0; at least one node needs a positive "
                 "weight", path);
        ok = 0;
    }
    free(line);
    free(map);
    free(seen);
    fclose(f);
    return ok;
}

/* ---- output ---------------------------------------------------------------------------- */

static const double *g_scores;

/* Highest score first, ties by node. */
static int cmp_rank(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    double sx = g_scores[x], sy = g_scores[y];
    if (sx != sy)
        return sx < sy ? 1 : -1;
    return (x > y) - (x < y);
}

/* The k best nodes into top (k <= n): one pass with an insertion list when k is small. */
static void top_nodes(const double *score, int64_t n, int64_t k, int64_t *top)
{
    if (k > 64) {
        int64_t *all = malloc((size_t)n * sizeof *all);
        if (all) {
            for (int64_t i = 0; i < n; i++)
                all[i] = i;
            g_scores = score;
            qsort(all, (size_t)n, sizeof *all, cmp_rank);
            memcpy(top, all, (size_t)k * sizeof *top);
            free(all);
            return;
        }
    }
    int64_t have = 0;
    for (int64_t i = 0; i < n; i++) {
        if (have == k && score[i] <= score[top[k - 1]])
            continue;
        int64_t j = have < k ? have++ : k - 1;
        for (; j > 0 && score[top[j - 1]] < score[i]; j--)
            top[j] = top[j - 1];
        top[j] = i;
    }
}

static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

/* ids: each line starts with the node's id in the file (basis_graph_node_id). */
static int write_scores(const char *path, const basis_graph *g, const double *x, int64_t n,
                        int single, int ids, char *msg, size_t msize)
{
    basis_out_file o;
    if (!basis_out_open(&o, path)) {
        snprintf(msg, msize, "%s: cannot create: %s", path, strerror(errno));
        return 0;
    }
    FILE *f = o.f;
    int ok = 1;
    for (int64_t i = 0; i < n && ok; i++) {
        if (ids)
            ok = fprintf(f, "%lld\t", (long long)basis_graph_node_id(g, i)) > 0;
        ok = ok && fprintf(f, single ? "%.9g\n" : "%.17g\n", x[i]) > 0;
    }
    ok = basis_out_close(&o, ok); /* a file that was there stays as it was */
    if (!ok)
        snprintf(msg, msize, "%s: cannot write: %s", path, strerror(errno));
    return ok;
}

/* Nodes in no edge: with ids kept as node numbers, an id between two used ones that no edge
 * names (a 1-based file's 0, say) is such a node, and it takes rank like any other. */
static int64_t count_isolated(const basis_graph *g)
{
    int64_t isolated = 0;
    for (int64_t slot = 0; slot < g->n; slot++) {
        int64_t c = slot / BASIS_SELL_C;
        int no_in = g->chunk_start[c + 1] == g->chunk_start[c] || /* a chunk of no steps */
                    basis_graph_source(g, slot, 0) == (uint32_t)g->n;
        if (no_in && g->out_degree[g->perm[slot]] == 0)
            isolated++;
    }
    return isolated;
}

typedef struct result {
    int64_t n, m, isolated;
    basis_iter_info info;
    double load_s, seconds, sum;
    int converged;
} result;

static void report(const options *o, const basis_graph *g, const result *r, const double *x,
                   const int64_t *top, int64_t k)
{
    int64_t it = r->info.iterations;
    double ms_per_iter = it > 0 ? 1e3 * r->seconds / (double)it : 0.0;
    double eps = r->seconds > 0.0 ? (double)r->m * (double)it / r->seconds : 0.0;
    if (o->json) {
        printf("{\"file\": ");
        json_str(o->file);
        printf(", \"nodes\": %lld, \"isolated\": %lld, \"edges\": %lld, \"precision\": \"%s\", "
               "\"damping\": %.17g, "
               "\"tol\": %.17g, \"max_iter\": %lld, \"personalized\": %s, \"iterations\": "
               "%lld, \"residual\": %.17g, \"converged\": %s, \"sum\": %.17g, "
               "\"load_seconds\": %.6f, \"seconds\": %.6f, \"ms_per_iter\": %.6f, "
               "\"edges_per_s\": %.6g, \"top\": [",
               (long long)r->n, (long long)r->isolated, (long long)r->m,
               o->single ? "float" : "double", o->damping,
               o->tol, (long long)o->max_iter, o->personalize ? "true" : "false",
               (long long)it, r->info.residual, r->converged ? "true" : "false", r->sum,
               r->load_s, r->seconds, ms_per_iter, eps);
        for (int64_t i = 0; i < k; i++)
            printf("%s{\"node\": %lld, \"id\": %lld, \"score\": %.17g}", i ? ", " : "",
                   (long long)top[i], (long long)basis_graph_node_id(g, top[i]), x[top[i]]);
        printf("]}\n");
        return;
    }
    printf("graph: %s: %lld nodes, %lld edges\n", o->file, (long long)r->n, (long long)r->m);
    if (r->isolated > 0)
        printf("note: %lld node(s) in no edge (ids kept as node numbers: an unused id is a "
               "node); they take rank too\n",
               (long long)r->isolated);
    printf("load: %.3f s\n", r->load_s);
    printf("pagerank: %s, damping %g, tol %g%s: %lld iterations, residual %.3g%s\n",
           o->single ? "float" : "double", o->damping, o->tol,
           o->personalize ? ", personalized" : "", (long long)it, r->info.residual,
           r->converged ? "" : " (not converged)");
    printf("time: %.6f s (%.4f ms/iter, %.3g edges/s)\n", r->seconds, ms_per_iter, eps);
    if (k > 0) {
        int renumbered = 0;
        for (int64_t i = 0; i < k && !renumbered; i++)
            renumbered = basis_graph_node_id(g, top[i]) != top[i];
        printf("top %lld:\n", (long long)k);
        for (int64_t i = 0; i < k; i++) {
            if (renumbered)
                printf("%6lld  node %lld (id %lld)  %.10g\n", (long long)(i + 1),
                       (long long)top[i], (long long)basis_graph_node_id(g, top[i]),
                       x[top[i]]);
            else
                printf("%6lld  node %lld  %.10g\n", (long long)(i + 1), (long long)top[i],
                       x[top[i]]);
        }
    }
}

static int run(const options *o)
{
    char msg[1200];
    basis_graph *g = NULL;
    double *w = NULL, *x = NULL;
    float *xs = NULL;
    int64_t *top = NULL;
    int rc = BASIS_EXIT_RUNTIME;
    result r = {0};

    double t0 = basis_now();
    if (basis_graph_load(o->file, BASIS_GRAPH_AUTO, o->undirected, &g))
        return runtime_error(basis_last_error());
    r.load_s = basis_now() - t0;
    r.n = basis_graph_nodes(g);
    r.m = basis_graph_edges(g);
    r.isolated = count_isolated(g);
    size_t n = (size_t)r.n;
    if (r.n == 0) {
        snprintf(msg, sizeof msg, "%s: the graph has no nodes", o->file);
        rc = runtime_error(msg);
        goto done;
    }
    x = malloc(n * sizeof *x);
    xs = o->single ? malloc(n * sizeof *xs) : NULL;
    if (o->personalize)
        w = malloc(n * sizeof *w);
    int64_t k = o->top < r.n ? o->top : r.n;
    top = malloc((size_t)(k > 0 ? k : 1) * sizeof *top);
    if (!x || (o->single && !xs) || (o->personalize && !w) || !top) {
        rc = runtime_error("out of memory for the rank vectors");
        goto done;
    }
    if (w && !read_personalize(o->personalize, g, w, msg, sizeof msg)) {
        rc = runtime_error(msg);
        goto done;
    }
    basis_pagerank_opts opts = {.damping = o->damping, .tol = o->tol,
                                .max_iter = o->max_iter, .personalize = w};
    t0 = basis_now();
    basis_status s = o->single ? basis_spagerank_graph(NULL, g, &opts, xs, &r.info)
                               : basis_dpagerank_graph(NULL, g, &opts, x, &r.info);
    r.seconds = basis_now() - t0;
    if (s != BASIS_OK && s != BASIS_ERR_NO_CONVERGENCE) {
        rc = runtime_error(basis_last_error());
        goto done;
    }
    if (s == BASIS_ERR_NO_CONVERGENCE)
        snprintf(msg, sizeof msg, "%s", basis_last_error());
    r.converged = s == BASIS_OK;
    if (o->single)
        for (size_t i = 0; i < n; i++)
            x[i] = (double)xs[i];
    for (size_t i = 0; i < n; i++)
        r.sum += x[i];
    if (k > 0)
        top_nodes(x, r.n, k, top);
    report(o, g, &r, x, top, k > 0 ? k : 0);
    if (o->out && !write_scores(o->out, g, x, r.n, o->single, o->ids, msg, sizeof msg)) {
        rc = runtime_error(msg);
        goto done;
    }
    rc = r.converged ? BASIS_EXIT_OK : runtime_error(msg);
done:
    basis_graph_destroy(g);
    free(w);
    free(x);
    free(xs);
    free(top);
    return rc;
}

int basis_tool_pagerank(int argc, char **argv)
{
    options o = {.damping = 0.85, .tol = 0.0, .max_iter = 1000, .top = 10};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            help();
            return BASIS_EXIT_OK;
        } else if (!strcmp(arg, "--float")) {
            o.single = 1;
        } else if (!strcmp(arg, "--json")) {
            o.json = 1;
        } else if (!strcmp(arg, "--undirected")) {
            o.undirected = 1;
        } else if (!strcmp(arg, "--ids")) {
            o.ids = 1;
        } else if (!strcmp(arg, "--damping") || !strcmp(arg, "--tol") ||
                   !strcmp(arg, "--max-iter") || !strcmp(arg, "--top") ||
                   !strcmp(arg, "--out") || !strcmp(arg, "--personalize")) {
            if (!val || !*val)
                return usage_error("a value must follow", arg);
            i++;
            if (!strcmp(arg, "--damping")) {
                if (!parse_double(val, &o.damping) || !(o.damping >= 0.0 && o.damping < 1.0))
                    return usage_error("--damping must be a number in [0, 1), not", val);
            } else if (!strcmp(arg, "--tol")) {
                if (!parse_double(val, &o.tol) || !(o.tol > 0.0))
                    return usage_error("--tol must be a positive number, not", val);
            } else if (!strcmp(arg, "--max-iter")) {
                if (!parse_int(val, &o.max_iter) || o.max_iter < 1)
                    return usage_error("--max-iter must be an integer >= 1, not", val);
            } else if (!strcmp(arg, "--top")) {
                if (!parse_int(val, &o.top) || o.top < 0)
                    return usage_error("--top must be an integer >= 0, not", val);
            } else if (!strcmp(arg, "--out")) {
                o.out = val;
            } else {
                o.personalize = val;
            }
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage_error("unknown option", arg);
        } else if (!o.file) {
            o.file = arg;
        } else {
            return usage_error("unexpected argument", arg);
        }
    }
    if (!o.file)
        return usage_error("needs a graph FILE", NULL);
    if (o.ids && !o.out)
        return usage_error("--ids goes with --out PATH", NULL);
    if (o.tol == 0.0)
        o.tol = o.single ? 1e-6 : 1e-10;
    return run(&o);
}
