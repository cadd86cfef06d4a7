/* bench_gemm.c: basis-bench's GEMM rows (square sizes and skinny shapes, s and d, per thread count) from basis or one peer, each result verified. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_lu.h"
#include "gbench_shim.h"
#include "gemm_verify.h"
#include "peers.h"

#define MAX_LIST 32

/* What one benchmark family shares: the library, the precision, the threads, beta. */
typedef struct gemm_family {
    bench_impl *impl;
    int dbl;
    int threads;
    int beta_one;
} gemm_family;

typedef struct gemm_case {
    const gemm_family *fam;
    int64_t m, n, k;
    void *a, *b, *c, *c0;
    double *t;
    int64_t calls;
} gemm_case;

typedef struct options {
    bench_lib lib;
    basis_backend backend;
    const char *lib_path;
    int threads[MAX_LIST];
    int nthreads;
    int64_t sizes[MAX_LIST];
    int nsizes;
    int sizes_given;
    int64_t shapes[MAX_LIST][3];
    int nshapes;
    int precisions[2]; /* 0: s, 1: d */
    int nprecisions;
    int64_t beta1_size;
    unsigned ops; /* BENCH_OP_* bits */
} options;

static void *alloc_aligned(size_t bytes)
{
    size_t rounded = (bytes + 63) / 64 * 64;
    return aligned_alloc(64, rounded ? rounded : 64);
}

static void gemm_teardown(void *p)
{
    gemm_case *c = p;
    if (!c)
        return;
    free(c->a);
    free(c->b);
    free(c->c);
    free(c->c0);
    free(c->t);
    free(c);
}

static void *gemm_setup(const void *user, const int64_t *args, int nargs, gbs_case_info *info,
                        int *status, char *msg, size_t cap)
{
    const gemm_family *f = user;
    gemm_case *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(msg, cap, "out of memory");
        return NULL;
    }
    c->fam = f;
    c->m = args[0];
    c->n = nargs == 3 ? args[1] : args[0];
    c->k = nargs == 3 ? args[2] : args[0];
    if (bench_impl_set_threads(f->impl, f->threads, msg, cap) != 0) {
        *status = GBS_SKIP;
        gemm_teardown(c);
        return NULL;
    }
    size_t es = f->dbl ? sizeof(double) : sizeof(float);
    size_t mk = (size_t)(c->m * c->k), kn = (size_t)(c->k * c->n), mn = (size_t)(c->m * c->n);
    c->a = alloc_aligned(mk * es);
    c->b = alloc_aligned(kn * es);
    c->c = alloc_aligned(mn * es);
    c->t = alloc_aligned((size_t)c->n * sizeof(double));
    if (f->beta_one)
        c->c0 = alloc_aligned(mn * es);
    if (!c->a || !c->b || !c->c || !c->t || (f->beta_one && !c->c0)) {
        snprintf(msg, cap, "out of memory for %lldx%lldx%lld", (long long)c->m,
                 (long long)c->n, (long long)c->k);
        *status = GBS_FAIL;
        gemm_teardown(c);
        return NULL;
    }
    uint64_t seed = 0x9E3779B97F4A7C15ull ^ (uint64_t)(c->m * 1000003 + c->n * 1009 + c->k);
    bench_fill_d(c->t, c->n, &seed);
    if (f->dbl) {
        bench_fill_d(c->a, (int64_t)mk, &seed);
        bench_fill_d(c->b, (int64_t)kn, &seed);
        if (f->beta_one) {
            bench_fill_d(c->c0, (int64_t)mn, &seed);
            memcpy(c->c, c->c0, mn * es);
        } else {
            /* beta = 0 must not read C: NaN there would show in the residual. */
            for (size_t i = 0; i < mn; i++)
                ((double *)c->c)[i] = NAN;
        }
    } else {
        bench_fill_s(c->a, (int64_t)mk, &seed);
        bench_fill_s(c->b, (int64_t)kn, &seed);
        if (f->beta_one) {
            bench_fill_s(c->c0, (int64_t)mn, &seed);
            memcpy(c->c, c->c0, mn * es);
        } else {
            for (size_t i = 0; i < mn; i++)
                ((float *)c->c)[i] = NAN;
        }
    }
    info->flops = 2.0 * (double)c->m * (double)c->n * (double)c->k;
    return c;
}

static int gemm_run(void *p, char *msg, size_t cap)
{
    gemm_case *c = p;
    const gemm_family *f = c->fam;
    int rc;
    if (f->dbl)
        rc = bench_impl_dgemm(f->impl, c->m, c->n, c->k, 1.0, c->a, c->m, c->b, c->k,
                              f->beta_one ? 1.0 : 0.0, c->c, c->m, msg, cap);
    else
        rc = bench_impl_sgemm(f->impl, c->m, c->n, c->k, 1.0f, c->a, c->m, c->b, c->k,
                              f->beta_one ? 1.0f : 0.0f, c->c, c->m, msg, cap);
    c->calls++;
    return rc == 0 ? GBS_OK : rc == BENCH_NOT_HERE ? GBS_SKIP : GBS_FAIL;
}

/* beta = 0: every check sees the last result. beta = 1: C accumulates over the timed calls,
 * so only the first call (made and checked before timing) is compared. */
static int gemm_check(void *p, double *residual, char *msg, size_t cap)
{
    gemm_case *c = p;
    const gemm_family *f = c->fam;
    if (f->beta_one && c->calls != 1)
        return GBS_OK;
    double beta = f->beta_one ? 1.0 : 0.0, tol, r;
    if (f->dbl) {
        tol = BENCH_GEMM_TOL_D;
        r = bench_gemm_residual_d(c->m, c->n, c->k, 1.0, c->a, c->m, c->b, c->k, beta, c->c0,
                                  c->c, c->m, c->t);
    } else {
        tol = BENCH_GEMM_TOL_S;
        r = bench_gemm_residual_s(c->m, c->n, c->k, 1.0f, c->a, c->m, c->b, c->k, (float)beta,
                                  c->c0, c->c, c->m, c->t);
    }
    if (r == -1) {
        snprintf(msg, cap, "out of memory for the residual check");
        return GBS_FAIL;
    }
    if (!(r <= tol)) {
        snprintf(msg, cap,
                 "wrong result: scaled residual ||C t - (beta C0 + alpha A B) t|| = %.3g, "
                 "over %g",
                 r, tol);
        return GBS_FAIL;
    }
    *residual = r;
    return GBS_OK;
}

/* beta = 0: every call writes C afresh, so the timed loop starts from NaN */
static void gemm_poison(void *p)
{
    gemm_case *c = p;
    if (!c->fam->beta_one)
        gbs_fill_nan(c->c, c->m * c->n, c->fam->dbl);
}

static const gbs_case_ops gemm_ops = {gemm_setup, gemm_run, gemm_check, gemm_teardown,
                                      gemm_poison};

void gbs_app_help(void)
{
    printf("basis-bench: GEMM (column major, no transposes, alpha = 1, beta = 0; rows ending in\n"
           "/beta1 have beta = 1) timed for basis or one peer, every result checked.\n"
           "Rows: gemm/<s|d>/<impl>/t<threads>/<n> (n x n x n) or .../<m>x<n>x<k>, where impl is\n"
           "basis's backend (avx512, avx2, ref, ...) or the peer's kernels (openblas-haswell,\n"
           "blis-skx, ...). Counters: GFLOPS, verified (1), residual (scaled, see gemm_verify.h).\n"
           "Exit status: 0 all verified, 1 a wrong result or no benchmark matched, 2 usage,\n"
           "3 the peer cannot be loaded.\n\n"
           "LU rows (bench_lu.c): getrf/<s|d>/<impl>/t<threads>/<n> and gesv/... (nrhs = 1),\n"
           "n x n at each of --sizes, from basis or the peer's LAPACK (?getrf_, ?gesv_).\n\n"
           "Options:\n"
           "  --ops=LIST                   gemm, getrf, gesv or all (default all)\n"
           "  --peer=basis|openblas|blis   library that provides the rows (default basis)\n"
           "  --backend=NAME               basis's backend (default auto: BASIS_BACKEND, else\n"
           "                               the best CPU backend; the row names the one used)\n"
           "  --lib=PATH                   the peer's library file (default: the installed one)\n"
           "  --threads=LIST               thread counts (default 1 and the online CPUs)\n"
           "  --sizes=LIST                 square sizes (default 64,128,...,4096; up to 1024 on\n"
           "                               the ref backend)\n"
           "  --shapes=MxNxK,...|none      skinny shapes (default 4096x64x4096,64x4096x64,\n"
           "                               4096x4096x64)\n"
           "  --precisions=s,d             (default both)\n"
           "  --beta1=N                    one n x n x n row with beta = 1 (default 1024; 0: none)\n"
           "  --max-call-seconds=S         skip a row whose predicted call time is over S\n"
           "                               (default 10; 0: never)\n");
}

static int parse_i64(const char *s, int64_t lo, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || v < lo)
        return -1;
    *out = v;
    return (int)(end - s);
}

/* A comma-separated list of integers >= lo; returns the count or -1. */
static int parse_list(const char *s, int64_t lo, int64_t *out, int cap)
{
    int n = 0;
    while (*s) {
        int64_t v;
        int used = parse_i64(s, lo, &v);
        if (used < 0 || n == cap)
            return -1;
        out[n++] = v;
        s += used;
        if (*s == ',')
            s++;
        else if (*s)
            return -1;
    }
    return n > 0 ? n : -1;
}

static int parse_shapes(const char *s, options *o)
{
    o->nshapes = 0;
    if (strcmp(s, "none") == 0)
        return 0;
    while (*s) {
        if (o->nshapes == MAX_LIST)
            return -1;
        for (int d = 0; d < 3; d++) {
            int used = parse_i64(s, 1, &o->shapes[o->nshapes][d]);
            if (used < 0)
                return -1;
            s += used;
            if (d < 2 && *s++ != 'x')
                return -1;
        }
        o->nshapes++;
        if (*s == ',')
            s++;
        else if (*s)
            return -1;
    }
    return o->nshapes > 0 ? 0 : -1;
}

static int parse_precisions(const char *s, options *o)
{
    o->nprecisions = 0;
    if (strcmp(s, "s") == 0 || strcmp(s, "s,d") == 0 || strcmp(s, "d,s") == 0)
        o->precisions[o->nprecisions++] = 0;
    if (strcmp(s, "d") == 0 || strcmp(s, "s,d") == 0 || strcmp(s, "d,s") == 0)
        o->precisions[o->nprecisions++] = 1;
    return o->nprecisions > 0 ? 0 : -1;
}

static int usage(const char *arg)
{
    fprintf(stderr, "basis-bench: bad option '%s' (--help lists the options)\n", arg);
    return 2;
}

static const char *value_of(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && arg[n] == '=' ? arg + n + 1 : NULL;
}

static int parse_options(int argc, char **argv, options *o)
{
    static const int64_t default_sizes[] = {64, 128, 256, 512, 1024, 2048, 4096};
    static const int64_t default_shapes[][3] = {{4096, 64, 4096}, {64, 4096, 64}, {4096, 4096, 64}};
    memset(o, 0, sizeof *o);
    o->lib = BENCH_LIB_BASIS;
    o->backend = BASIS_BACKEND_AUTO;
    o->nsizes = (int)(sizeof default_sizes / sizeof default_sizes[0]);
    memcpy(o->sizes, default_sizes, sizeof default_sizes);
    o->nshapes = (int)(sizeof default_shapes / sizeof default_shapes[0]);
    memcpy(o->shapes, default_shapes, sizeof default_shapes);
    o->precisions[0] = 0;
    o->precisions[1] = 1;
    o->nprecisions = 2;
    o->beta1_size = 1024;
    o->ops = BENCH_OP_ALL;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    o->threads[o->nthreads++] = 1;
    if (cpus > 1)
        o->threads[o->nthreads++] = (int)cpus;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        int64_t list[MAX_LIST];
        int n;
        if ((v = value_of(a, "--peer"))) {
            if (bench_lib_parse(v, &o->lib) != 0)
                return usage(a);
        } else if ((v = value_of(a, "--backend"))) {
            if (basis_backend_parse(v, &o->backend) != BASIS_OK)
                return usage(a);
        } else if ((v = value_of(a, "--lib"))) {
            o->lib_path = v;
        } else if ((v = value_of(a, "--threads"))) {
            if ((n = parse_list(v, 1, list, MAX_LIST)) < 0)
                return usage(a);
            o->nthreads = n;
            for (int j = 0; j < n; j++)
                o->threads[j] = (int)list[j];
        } else if ((v = value_of(a, "--sizes"))) {
            if ((n = parse_list(v, 1, o->sizes, MAX_LIST)) < 0)
                return usage(a);
            o->nsizes = n;
            o->sizes_given = 1;
        } else if ((v = value_of(a, "--shapes"))) {
            if (parse_shapes(v, o) != 0)
                return usage(a);
        } else if ((v = value_of(a, "--precisions"))) {
            if (parse_precisions(v, o) != 0)
                return usage(a);
        } else if ((v = value_of(a, "--beta1"))) {
            if (parse_i64(v, 0, &o->beta1_size) != (int)strlen(v))
                return usage(a);
        } else if ((v = value_of(a, "--ops"))) {
            if (bench_ops_parse(v, &o->ops) != 0)
                return usage(a);
        } else if ((v = value_of(a, "--max-call-seconds"))) {
            char *end;
            double s = strtod(v, &end);
            if (end == v || *end || !(s >= 0))
                return usage(a);
            gbs_set_max_call_seconds(s);
        } else {
            return usage(a);
        }
    }
    return 0;
}

int gbs_app_init(int argc, char **argv)
{
    static options o;
    char msg[1024] = "";
    bench_impl *impl;
    int rc = parse_options(argc, argv, &o);
    if (rc != 0)
        return rc;
    if (bench_impl_open(&impl, o.lib, o.backend, o.lib_path, msg, sizeof msg) != 0) {
        fprintf(stderr, "basis-bench: %s\n", msg);
        return 3;
    }
    /* The scalar reference backend takes minutes at n = 4096: left out unless asked for. */
    if (!o.sizes_given && strcmp(bench_impl_name(impl), "ref") == 0)
        while (o.nsizes > 0 && o.sizes[o.nsizes - 1] > 1024)
            o.nsizes--;

    gbs_add_context("gemm_impl", bench_impl_description(impl));
    snprintf(msg, sizeof msg,
             "column major, no transposes, alpha = 1, beta = 0 (C preset to NaN), /beta1 rows "
             "beta = 1; checked: scaled ||C t - (beta C0 + alpha A B) t|| <= %g (s), %g (d)",
             BENCH_GEMM_TOL_S, BENCH_GEMM_TOL_D);
    if (o.ops & BENCH_OP_GEMM)
        gbs_add_context("gemm", msg);

    /* Families live as long as the registered benchmarks: to the end of the process. */
    size_t count = (size_t)o.nprecisions * (size_t)o.nthreads * 2;
    gemm_family *families = calloc(count, sizeof *families);
    if (!families) {
        fprintf(stderr, "basis-bench: out of memory\n");
        return 1;
    }
    size_t next = 0;
    for (int p = 0; p < o.nprecisions && (o.ops & BENCH_OP_GEMM); p++)
        for (int t = 0; t < o.nthreads; t++) {
            char family[128];
            gemm_family *plain = &families[next++], *beta_one = &families[next++];
            *plain = (gemm_family){impl, o.precisions[p], o.threads[t], 0};
            *beta_one = (gemm_family){impl, o.precisions[p], o.threads[t], 1};
            snprintf(family, sizeof family, "gemm/%c/%s/t%d", o.precisions[p] ? 'd' : 's',
                     bench_impl_name(impl), o.threads[t]);
            for (int s = 0; s < o.nsizes; s++)
                gbs_register(family, &o.sizes[s], 1, NULL, &gemm_ops, plain);
            for (int s = 0; s < o.nshapes; s++)
                gbs_register(family, o.shapes[s], 3, NULL, &gemm_ops, plain);
            if (o.beta1_size > 0)
                gbs_register(family, &o.beta1_size, 1, "beta1", &gemm_ops, beta_one);
        }
    if (bench_lu_register(impl, o.ops, o.precisions, o.nprecisions, o.threads, o.nthreads,
                          o.sizes, o.nsizes) != 0) {
        fprintf(stderr, "basis-bench: out of memory\n");
        return 1;
    }
    return 0;
}
