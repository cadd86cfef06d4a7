/* bench_suite.c: basis-bench's second part: options and rows for gemv, dot, axpy, power iteration and PageRank on every backend and thread count, machine facts and peaks in the context. */
#include "bench_suite.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_machine.h"

#ifndef BENCH_GRAPH_DIR
#define BENCH_GRAPH_DIR "../shared/data/graphs"
#endif

#define MAX_LIST 32

enum {
    SUITE_GEMV = 1,
    SUITE_DOT = 2,
    SUITE_AXPY = 4,
    SUITE_POWER = 8,
    SUITE_PAGERANK = 16,
    SUITE_ALL = 31
};

static const struct {
    const char *name;
    unsigned bit;
} suite_op_names[] = {{"gemv", SUITE_GEMV},   {"dot", SUITE_DOT},
                      {"axpy", SUITE_AXPY},   {"power", SUITE_POWER},
                      {"pagerank", SUITE_PAGERANK}};

/* The graphs --graphs may name: file and oracle under --graph-dir (shared/data/graphs). */
static const struct {
    const char *name, *file, *oracle;
    int undirected;
} known_graphs[] = {
    {"karate", "karate.edges.tsv", "oracle/karate.pagerank_d085.txt", 1},
    {"polblogs", "polblogs.edges.tsv", "oracle/polblogs.pagerank_d085.txt", 0},
    {"pgp-strong-2009", "pgp-strong-2009.edges.tsv.gz",
     "oracle/pgp-strong-2009.pagerank_d085.txt.gz", 0},
    {"cnr-2000", "cnr-2000.edges.tsv.gz", "oracle/cnr-2000.pagerank_d085.txt.gz", 0},
};
#define NKNOWN (int)(sizeof known_graphs / sizeof known_graphs[0])

typedef struct suite_options {
    unsigned ops;      /* SUITE_* bits */
    bench_lib lib;     /* --peer: basis, or a peer (gemv, dot and axpy rows only) */
    const char *lib_path; /* --lib */
    basis_backend backend;
    int threads[MAX_LIST], nthreads;
    int dbl[2], nprec;
    int64_t mv[MAX_LIST], nmv;
    int64_t vec[MAX_LIST], nvec;
    int64_t pw[MAX_LIST], npw;
    int trans[2], ntrans;
    int graphs[NKNOWN], ngraphs;
    const char *graph_dir;
    int peak;          /* 0: --no-peak */
    const char *corrupt; /* BASIS_BENCH_CORRUPT */
} suite_options;

static suite_options opt;
static suite_graph graphs[NKNOWN];

/* ---- helpers the op descriptions share ------------------------------------------------ */

int suite_status(basis_status s, const char *what, char *msg, size_t cap)
{
    if (s == BASIS_OK)
        return GBS_OK;
    snprintf(msg, cap, "%s: %s: %s", what, basis_status_name(s), basis_last_error());
    return s == BASIS_ERR_BACKEND ? GBS_SKIP : GBS_FAIL;
}

void *suite_alloc(size_t bytes)
{
    size_t rounded = (bytes + 63) / 64 * 64;
    return aligned_alloc(64, rounded ? rounded : 64);
}

double suite_uniform(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return (double)(x >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

/* ---- options ----------------------------------------------------------------------------- */

static const char *value_of(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && arg[n] == '=' ? arg + n + 1 : NULL;
}

/* A comma-separated list of integers >= lo; returns the count or -1. */
static int parse_list(const char *s, int64_t lo, int64_t *out, int cap)
{
    int n = 0;
    while (*s) {
        char *end;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (errno || end == s || v < lo || n == cap)
            return -1;
        out[n++] = v;
        s = end;
        if (*s == ',')
            s++;
        else if (*s)
            return -1;
    }
    return n > 0 ? n : -1;
}

static int usage(const char *arg, const char *why)
{
    fprintf(stderr, "basis-bench: bad option '%s'%s%s (--help lists the options)\n", arg,
            why ? ": " : "", why ? why : "");
    return 2;
}

/* --ops: takes the suite's names into opt.ops and writes the rest (the app's) into rest;
 * "all" goes to both. Returns -1 on an empty item. */
static int split_ops(const char *list, char *rest, size_t cap)
{
    rest[0] = '\0';
    opt.ops = 0;
    while (*list) {
        size_t len = strcspn(list, ",");
        unsigned bit = 0;
        if (len == 0)
            return -1;
        for (size_t k = 0; k < sizeof suite_op_names / sizeof suite_op_names[0]; k++)
            if (strlen(suite_op_names[k].name) == len &&
                strncmp(list, suite_op_names[k].name, len) == 0)
                bit = suite_op_names[k].bit;
        if (len == 3 && strncmp(list, "all", 3) == 0)
            opt.ops |= SUITE_ALL;
        if (bit) {
            opt.ops |= bit;
        } else {
            size_t used = strlen(rest);
            snprintf(rest + used, cap - used, "%s%.*s", used ? "," : "", (int)len, list);
        }
        list += len;
        if (*list == ',')
            list++;
    }
    return 0;
}

static int parse_graphs(const char *v)
{
    opt.ngraphs = 0;
    if (strcmp(v, "none") == 0)
        return 0;
    while (*v) {
        size_t len = strcspn(v, ",");
        int found = -1;
        for (int k = 0; k < NKNOWN; k++)
            if (strlen(known_graphs[k].name) == len && strncmp(v, known_graphs[k].name, len) == 0)
                found = k;
        if (found < 0 || opt.ngraphs == NKNOWN)
            return -1;
        opt.graphs[opt.ngraphs++] = found;
        v += len;
        if (*v == ',')
            v++;
    }
    return opt.ngraphs > 0 ? 0 : -1;
}

static void set_defaults(void)
{
    static const int64_t mv[] = {256, 1024, 4096}, vec[] = {4096, 262144, 8388608},
                         pw[] = {256, 1024, 2048};
    memset(&opt, 0, sizeof opt);
    opt.ops = SUITE_ALL;
    opt.lib = BENCH_LIB_BASIS;
    opt.backend = BASIS_BACKEND_AUTO;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    opt.threads[opt.nthreads++] = 1;
    if (cpus > 1)
        opt.threads[opt.nthreads++] = (int)cpus;
    opt.dbl[0] = 0;
    opt.dbl[1] = 1;
    opt.nprec = 2;
    memcpy(opt.mv, mv, sizeof mv);
    opt.nmv = 3;
    memcpy(opt.vec, vec, sizeof vec);
    opt.nvec = 3;
    memcpy(opt.pw, pw, sizeof pw);
    opt.npw = 3;
    opt.trans[0] = 0;
    opt.trans[1] = 1;
    opt.ntrans = 2;
    opt.graphs[0] = 0; /* karate, polblogs, cnr-2000 */
    opt.graphs[1] = 1;
    opt.graphs[2] = 3;
    opt.ngraphs = 3;
    const char *shared = getenv("BASIS_SHARED_DIR");
    static char dir[1024];
    if (shared && shared[0]) {
        snprintf(dir, sizeof dir, "%s/data/graphs", shared);
        opt.graph_dir = dir;
    } else {
        opt.graph_dir = BENCH_GRAPH_DIR;
    }
    opt.peak = 1;
    opt.corrupt = getenv("BASIS_BENCH_CORRUPT");
}

/* The options the suite shares with the app: read here, left in argv for it. */
static int parse_shared(const char *a, int *handled)
{
    const char *v;
    int64_t list[MAX_LIST];
    int n;
    *handled = 1;
    if ((v = value_of(a, "--peer"))) {
        if (bench_lib_parse(v, &opt.lib) != 0)
            return usage(a, NULL);
    } else if ((v = value_of(a, "--lib"))) {
        opt.lib_path = v;
    } else if ((v = value_of(a, "--backend"))) {
        if (basis_backend_parse(v, &opt.backend) != BASIS_OK)
            return usage(a, NULL);
    } else if ((v = value_of(a, "--threads"))) {
        if ((n = parse_list(v, 1, list, MAX_LIST)) < 0)
            return usage(a, NULL);
        opt.nthreads = n;
        for (int j = 0; j < n; j++)
            opt.threads[j] = (int)list[j];
    } else if ((v = value_of(a, "--precisions"))) {
        opt.nprec = 0;
        if (strchr(v, 's'))
            opt.dbl[opt.nprec++] = 0;
        if (strchr(v, 'd'))
            opt.dbl[opt.nprec++] = 1;
        if (opt.nprec == 0 || strspn(v, "sd,") != strlen(v))
            return usage(a, NULL);
    } else if ((v = value_of(a, "--max-call-seconds")) || (v = value_of(a, "--sizes")) || (v = value_of(a, "--shapes")) ||
               (v = value_of(a, "--beta1"))) {
        /* The app's own: checked by it when it runs; GEMM and LU only. */
        if ((v = value_of(a, "--max-call-seconds"))) {
            char *end;
            double s = strtod(v, &end);
            if (end == v || *end || !(s >= 0))
                return usage(a, NULL);
            gbs_set_max_call_seconds(s);
        }
    } else {
        *handled = 0;
    }
    return 0;
}

/* The suite's own options: consumed (removed from argv). *handled = 0 when not one. */
static int parse_own(const char *a, int *handled)
{
    const char *v;
    int n;
    *handled = 1;
    if ((v = value_of(a, "--mv-sizes"))) {
        if ((n = parse_list(v, 1, opt.mv, MAX_LIST)) < 0)
            return usage(a, NULL);
        opt.nmv = n;
    } else if ((v = value_of(a, "--vec-sizes"))) {
        if ((n = parse_list(v, 1, opt.vec, MAX_LIST)) < 0)
            return usage(a, NULL);
        opt.nvec = n;
    } else if ((v = value_of(a, "--power-sizes"))) {
        if ((n = parse_list(v, 1, opt.pw, MAX_LIST)) < 0)
            return usage(a, NULL);
        opt.npw = n;
    } else if ((v = value_of(a, "--gemv-trans"))) {
        opt.ntrans = 0;
        if (strchr(v, 'N'))
            opt.trans[opt.ntrans++] = 0;
        if (strchr(v, 'T'))
            opt.trans[opt.ntrans++] = 1;
        if (opt.ntrans == 0 || strspn(v, "NT,") != strlen(v))
            return usage(a, NULL);
    } else if ((v = value_of(a, "--graphs"))) {
        if (parse_graphs(v) != 0)
            return usage(a, "known graphs: karate, polblogs, pgp-strong-2009, cnr-2000, none");
    } else if ((v = value_of(a, "--graph-dir"))) {
        opt.graph_dir = v;
    } else if (strcmp(a, "--no-peak") == 0) {
        opt.peak = 0;
    } else {
        *handled = 0;
    }
    return 0;
}

int gbs_suite_parse(int *argc, char **argv, int *run_app)
{
    static char app_ops[512];
    int ops_given = 0, app_has_ops = 1, out = 1;
    set_defaults();
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i], *v;
        int handled = 0, rc;
        if ((v = value_of(a, "--ops"))) {
            char rest[400];
            if (split_ops(v, rest, sizeof rest) != 0 || (!opt.ops && !rest[0]))
                return usage(a, NULL);
            ops_given = 1;
            app_has_ops = rest[0] != '\0';
            snprintf(app_ops, sizeof app_ops, "--ops=%s", rest);
            if (app_has_ops)
                argv[out++] = app_ops;
            continue;
        }
        if ((rc = parse_own(a, &handled)) != 0)
            return rc;
        if (handled)
            continue;
        if ((rc = parse_shared(a, &handled)) != 0)
            return rc;
        argv[out++] = argv[i]; /* shared, or the app's to judge */
    }
    *argc = out;
    argv[out] = NULL;
    *run_app = !ops_given || app_has_ops;
    if (!*run_app)
        /* Nothing for the app: any option left is one neither part knows. */
        for (int i = 1; i < out; i++) {
            int handled = 0;
            parse_shared(argv[i], &handled);
            if (!handled)
                return usage(argv[i], NULL);
        }
    if (opt.lib != BENCH_LIB_BASIS) {
        opt.ops &= SUITE_GEMV | SUITE_DOT | SUITE_AXPY; /* what the peers have */
        if (!*run_app && !opt.ops) {
            fprintf(stderr, "basis-bench: a peer has no power or pagerank rows (gemv, dot, "
                            "axpy, gemm, getrf, gesv)\n");
            return 3;
        }
    }

    char msg[512];
    if (opt.peak && bench_machine_load_peak(msg, sizeof msg) != 0)
        fprintf(stderr, "basis-bench: %s; rows have no pct_peak\n", msg);
    bench_machine_context();
    return 0;
}

/* ---- rows ------------------------------------------------------------------------------- */

static int corrupt_wanted(const char *family)
{
    const char *list = opt.corrupt;
    if (!list || !list[0])
        return 0;
    while (*list) {
        size_t len = strcspn(list, ",");
        if (len > 0 && strncmp(family, list, len) == 0)
            return 1;
        list += len;
        if (*list == ',')
            list++;
    }
    return 0;
}

int suite_family_ready(const suite_family *f, char *msg, size_t cap)
{
    if (f->ctx_error[0]) {
        snprintf(msg, cap, "%s", f->ctx_error);
        return GBS_SKIP;
    }
    if (f->peer && bench_impl_set_threads(f->peer->impl, f->threads, msg, cap) != 0)
        return GBS_SKIP;
    return GBS_OK;
}

static suite_family *new_family(const char *op, int dbl, basis_backend backend, int threads,
                                suite_blas *peer)
{
    suite_family *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    snprintf(f->name, sizeof f->name, "%s/%c/%s/t%d", op, dbl ? 'd' : 's',
             peer ? bench_impl_name(peer->impl) : basis_backend_name(backend), threads);
    f->dbl = dbl;
    f->threads = threads;
    f->peer = peer;
    f->corrupt = corrupt_wanted(f->name);
    if (peer)
        return f;
    basis_status s = basis_ctx_create(&f->ctx);
    if (s == BASIS_OK)
        s = basis_ctx_set_backend(f->ctx, backend);
    if (s == BASIS_OK)
        s = basis_ctx_set_threads(f->ctx, threads);
    if (s != BASIS_OK)
        snprintf(f->ctx_error, sizeof f->ctx_error, "%s: %s", basis_status_name(s),
                 basis_last_error());
    return f;
}

static basis_backend resolve_backend(void)
{
    basis_backend b = opt.backend;
    if (b == BASIS_BACKEND_AUTO) {
        const char *env = getenv("BASIS_BACKEND");
        basis_backend forced;
        b = basis_backend_best_cpu();
        if (env && env[0] && basis_backend_parse(env, &forced) == BASIS_OK &&
            forced != BASIS_BACKEND_AUTO)
            b = forced;
    }
    return b;
}

int gbs_suite_register(void)
{
    if (!opt.ops)
        return 0;
    basis_backend backend = resolve_backend();
    static suite_blas blas;
    suite_blas *peer = NULL;
    if (opt.lib != BENCH_LIB_BASIS) {
        char msg[1024];
        if (suite_blas_open(&blas, opt.lib, opt.lib_path, msg, sizeof msg) != 0) {
            fprintf(stderr, "basis-bench: %s\n", msg);
            return 3;
        }
        peer = &blas;
    } else if (basis_backend_available(backend) != BASIS_OK) {
        fprintf(stderr, "basis-bench: backend %s: %s\n", basis_backend_name(backend),
                basis_last_error());
        return 3;
    }
    if (opt.corrupt && opt.corrupt[0]) {
        char line[256];
        snprintf(line, sizeof line,
                 "BASIS_BENCH_CORRUPT=%s: rows of these families are made wrong on purpose "
                 "(the verification test)",
                 opt.corrupt);
        gbs_add_context("test_hook", line);
    }
    gbs_add_context("suite",
                    "gemv y = op(A) x (n x n, column major, beta = 0, y preset NaN), checked "
                    "entry by entry against the reference kernel; dot against a compensated "
                    "sum; axpy bit for bit (exact data, alpha alternating +1, -1); power: "
                    "residual and eigenvalue against the reference backend; pagerank: L1 "
                    "distance to the oracle vector and sum 1. pct_peak of these rows: GB/s "
                    "by each op's traffic model against the STREAM triad");
    for (int p = 0; p < opt.nprec; p++)
        for (int t = 0; t < opt.nthreads; t++) {
            int dbl = opt.dbl[p], th = opt.threads[t];
            suite_family *f;
            for (int tr = 0; tr < opt.ntrans && (opt.ops & SUITE_GEMV); tr++) {
                if (!(f = new_family("gemv", dbl, backend, th, peer)))
                    return 1;
                f->trans = opt.trans[tr];
                for (int s = 0; s < opt.nmv; s++)
                    gbs_register(f->name, &opt.mv[s], 1, f->trans ? "T" : "N", &suite_gemv_ops,
                                 f);
            }
            if (opt.ops & SUITE_DOT) {
                if (!(f = new_family("dot", dbl, backend, th, peer)))
                    return 1;
                for (int s = 0; s < opt.nvec; s++)
                    gbs_register(f->name, &opt.vec[s], 1, NULL, &suite_dot_ops, f);
            }
            if (opt.ops & SUITE_AXPY) {
                if (!(f = new_family("axpy", dbl, backend, th, peer)))
                    return 1;
                for (int s = 0; s < opt.nvec; s++)
                    gbs_register(f->name, &opt.vec[s], 1, NULL, &suite_axpy_ops, f);
            }
            if (opt.ops & SUITE_POWER) {
                if (!(f = new_family("power", dbl, backend, th, peer)))
                    return 1;
                for (int s = 0; s < opt.npw; s++)
                    gbs_register(f->name, &opt.pw[s], 1, NULL, &suite_power_ops, f);
            }
            for (int g = 0; g < opt.ngraphs && (opt.ops & SUITE_PAGERANK); g++) {
                suite_graph *gr = &graphs[opt.graphs[g]];
                if (!gr->name[0]) {
                    int k = opt.graphs[g];
                    snprintf(gr->name, sizeof gr->name, "%s", known_graphs[k].name);
                    snprintf(gr->path, sizeof gr->path, "%s/%s", opt.graph_dir,
                             known_graphs[k].file);
                    snprintf(gr->oracle, sizeof gr->oracle, "%s/%s", opt.graph_dir,
                             known_graphs[k].oracle);
                    gr->undirected = known_graphs[k].undirected;
                }
                if (!(f = new_family("pagerank", dbl, backend, th, peer)))
                    return 1;
                f->graph = gr;
                gbs_register(f->name, NULL, 0, gr->name, &suite_pagerank_ops, f);
            }
        }
    return 0;
}

void gbs_suite_help(void)
{
    printf("\nSuite rows (bench_suite.c), every result verified (with --peer: gemv, dot and\n"
           "axpy of the peer's CBLAS):\n"
           "  gemv/<s|d>/<backend>/t<T>/<n>/<N|T>   y = op(A) x, n x n (GB/s)\n"
           "  dot/<s|d>/<backend>/t<T>/<n>, axpy/...  (GB/s)\n"
           "  power/<s|d>/<backend>/t<T>/<n>         dominant eigenpair, dense symmetric n x n\n"
           "  pagerank/<s|d>/<backend>/t<T>/<graph>  real graphs with oracle vectors (edges/s)\n"
           "Counters: GFLOPS, GB/s (by each op's traffic model), edges/s, pct_peak (of the\n"
           "FMA peak, or of the STREAM triad for the memory-bound ops, from basis info --peak's\n"
           "cache), threads, verified; the label is the backend. A backend that refuses an op\n"
           "(OpenCL) gets its rows skipped with the reason.\n"
           "Options:\n"
           "  --ops=LIST                   also gemv, dot, axpy, power, pagerank (all: every op)\n"
           "  --mv-sizes=LIST              gemv n (default 256,1024,4096)\n"
           "  --gemv-trans=N,T             (default both)\n"
           "  --vec-sizes=LIST             dot and axpy n (default 4096,262144,8388608)\n"
           "  --power-sizes=LIST           power n (default 256,1024,2048)\n"
           "  --graphs=LIST|none           karate, polblogs, pgp-strong-2009, cnr-2000\n"
           "                               (default karate,polblogs,cnr-2000)\n"
           "  --graph-dir=DIR              the graphs and oracle/ (default\n"
           "                               $BASIS_SHARED_DIR/data/graphs, else the source\n"
           "                               tree's ../shared/data/graphs)\n"
           "  --no-peak                    no pct_peak (do not read or measure the peak)\n"
           "Test hook: BASIS_BENCH_CORRUPT=PREFIX,... makes the results of the suite's\n"
           "families starting with a prefix (gemv, pagerank/s, ...) wrong on purpose; they\n"
           "must fail verification.\n");
}
