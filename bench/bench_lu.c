/* bench_lu.c: basis-bench's LU rows: getrf and gesv (nrhs 1), s and d, per thread count, from basis or a peer's LAPACK, each result verified by a random-vector residual. */
#include "bench_lu.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gbench_shim.h"
#include "gemm_verify.h"

/* Largest scaled residual accepted, ||b - A x||_inf / (||A||_inf ||x||_inf n eps) with the
 * unit roundoff of the precision (see lu_check). Measured on these matrices (uniform in
 * [-1, 1), n = 64..4096, basis and OpenBLAS): rounding scores 0.002 to 0.045 in both
 * precisions, highest at small n and for gesv's single-precision solve. Double gets the wider
 * margin: the check's own double arithmetic rounds at the same eps as the factors, and one
 * factor element off by 1e-4 of its size already scores 4e5 or more. Single is held as tight
 * as a 5x margin allows: one element off by 1% scores 0.27 to 34 at n = 256 and 1024 (caught),
 * but the normwise check cannot see so small an error in every position at n = 4096. */
#define BENCH_LU_TOL_S 0.25
#define BENCH_LU_TOL_D 1.0

/* What one benchmark family shares: the library, the precision, the threads, the op. */
typedef struct lu_family {
    bench_impl *impl;
    int dbl;
    int threads;
    int gesv;
} lu_family;

typedef struct lu_case {
    const lu_family *fam;
    int64_t n;
    void *a, *a0;  /* A, factored in place by each call and restored from a0 untimed */
    void *b, *b0;  /* gesv: b overwritten by the solution, restored from b0 */
    bench_pivots piv;
    double *rhs;   /* the right-hand side in double: A0 t (getrf), b0 exactly (gesv) */
    double *x;     /* the solution being checked */
    double *r;     /* its residual */
    double anorm;  /* ||A0||_inf */
} lu_case;

static void *alloc_aligned(size_t bytes)
{
    size_t rounded = (bytes + 63) / 64 * 64;
    return aligned_alloc(64, rounded ? rounded : 64);
}

static void lu_teardown(void *p)
{
    lu_case *c = p;
    if (!c)
        return;
    free(c->a);
    free(c->a0);
    free(c->b);
    free(c->b0);
    free(c->piv.i64);
    free(c->piv.i32);
    free(c->rhs);
    free(c->x);
    free(c->r);
    free(c);
}

/* Element (i, j) of the column-major n x n matrix m, in double. */
static double at(const lu_case *c, const void *m, int64_t i, int64_t j)
{
    size_t k = (size_t)j * (size_t)c->n + (size_t)i;
    return c->fam->dbl ? ((const double *)m)[k] : (double)((const float *)m)[k];
}

/* rhs := A0 t and anorm := ||A0||_inf, in double, one pass over A0 by columns; r is scratch. */
static void make_rhs(lu_case *c, const double *t)
{
    int64_t n = c->n;
    for (int64_t i = 0; i < n; i++) {
        c->rhs[i] = 0;
        c->r[i] = 0;
    }
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++) {
            double a = at(c, c->a0, i, j);
            c->rhs[i] += a * t[j];
            c->r[i] += fabs(a);
        }
    c->anorm = 0;
    for (int64_t i = 0; i < n; i++)
        c->anorm = c->r[i] > c->anorm ? c->r[i] : c->anorm;
}

static void *lu_setup(const void *user, const int64_t *args, int nargs, gbs_case_info *info,
                      int *status, char *msg, size_t cap)
{
    const lu_family *f = user;
    (void)nargs;
    if (bench_impl_has_lu(f->impl, msg, cap) != 0 ||
        bench_impl_set_threads(f->impl, f->threads, msg, cap) != 0) {
        *status = GBS_SKIP;
        return NULL;
    }
    lu_case *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(msg, cap, "out of memory");
        return NULL;
    }
    c->fam = f;
    int64_t n = c->n = args[0];
    size_t es = f->dbl ? sizeof(double) : sizeof(float), nn = (size_t)n * (size_t)n;
    c->a = alloc_aligned(nn * es);
    c->a0 = alloc_aligned(nn * es);
    c->piv.i64 = alloc_aligned((size_t)n * sizeof(int64_t));
    c->piv.i32 = alloc_aligned((size_t)n * sizeof(int));
    c->rhs = alloc_aligned((size_t)n * sizeof(double));
    c->x = alloc_aligned((size_t)n * sizeof(double));
    c->r = alloc_aligned((size_t)n * sizeof(double));
    if (f->gesv) {
        c->b = alloc_aligned((size_t)n * es);
        c->b0 = alloc_aligned((size_t)n * es);
    }
    if (!c->a || !c->a0 || !c->piv.i64 || !c->piv.i32 || !c->rhs || !c->x || !c->r ||
        (f->gesv && (!c->b || !c->b0))) {
        snprintf(msg, cap, "out of memory for n = %lld", (long long)n);
        *status = GBS_FAIL;
        lu_teardown(c);
        return NULL;
    }
    uint64_t seed = 0x9E3779B97F4A7C15ull ^ (uint64_t)(n * 1000003 + f->dbl * 7 + f->gesv);
    if (f->dbl)
        bench_fill_d(c->a0, (int64_t)nn, &seed);
    else
        bench_fill_s(c->a0, (int64_t)nn, &seed);
    bench_fill_d(c->x, n, &seed); /* t, the vector the right-hand side is made from */
    make_rhs(c, c->x);
    if (f->gesv)
        /* b0 is A0 t rounded to the precision: the system solved is A0 x = b0, exactly. */
        for (int64_t i = 0; i < n; i++) {
            if (f->dbl) {
                ((double *)c->b0)[i] = c->rhs[i];
            } else {
                ((float *)c->b0)[i] = (float)c->rhs[i];
                c->rhs[i] = ((float *)c->b0)[i];
            }
        }
    double dn = (double)n;
    info->flops = 2.0 * dn * dn * dn / 3.0 + (f->gesv ? 2.0 * dn * dn : 0.0);
    return c;
}

static int lu_run(void *p, char *msg, size_t cap)
{
    lu_case *c = p;
    const lu_family *f = c->fam;
    int64_t n = c->n;
    size_t es = f->dbl ? sizeof(double) : sizeof(float);
    int rc;
    /* Every call factors the same A: the copy back is not part of the operation. */
    gbs_pause_timing();
    memcpy(c->a, c->a0, (size_t)n * (size_t)n * es);
    if (f->gesv)
        memcpy(c->b, c->b0, (size_t)n * es);
    gbs_resume_timing();
    if (f->gesv && f->dbl)
        rc = bench_impl_dgesv(f->impl, n, 1, c->a, n, &c->piv, c->b, n, msg, cap);
    else if (f->gesv)
        rc = bench_impl_sgesv(f->impl, n, 1, c->a, n, &c->piv, c->b, n, msg, cap);
    else if (f->dbl)
        rc = bench_impl_dgetrf(f->impl, n, c->a, n, &c->piv, msg, cap);
    else
        rc = bench_impl_sgetrf(f->impl, n, c->a, n, &c->piv, msg, cap);
    return rc == 0 ? GBS_OK : rc == BENCH_NOT_HERE ? GBS_SKIP : GBS_FAIL;
}

/* x := A^-1 rhs from the factors in a (P A = L U), by the bench's own substitution in
 * double: the row swaps in order, then L (unit diagonal) forward, then U backward, all by
 * columns. */
static void solve_with_factors(lu_case *c)
{
    const bench_impl *impl = c->fam->impl;
    int64_t n = c->n;
    double *x = c->x;
    memcpy(x, c->rhs, (size_t)n * sizeof(double));
    for (int64_t i = 0; i < n; i++) {
        int64_t p = bench_impl_pivot(impl, &c->piv, i);
        double s = x[i];
        x[i] = x[p];
        x[p] = s;
    }
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = j + 1; i < n; i++)
            x[i] -= at(c, c->a, i, j) * x[j];
    for (int64_t j = n - 1; j >= 0; j--) {
        x[j] /= at(c, c->a, j, j);
        for (int64_t i = 0; i < j; i++)
            x[i] -= at(c, c->a, i, j) * x[j];
    }
}

/* max |v_i|, NaN if any entry is NaN. */
static double norm_inf(const double *v, int64_t n)
{
    double m = 0;
    for (int64_t i = 0; i < n; i++) {
        if (isnan(v[i]))
            return NAN;
        m = fabs(v[i]) > m ? fabs(v[i]) : m;
    }
    return m;
}

/* getrf: x solved from the factors (solve_with_factors) for rhs = A0 t; gesv: x is the
 * library's solution of A0 x = b0. Either way the score is the normwise backward error
 *     ||rhs - A0 x||_inf / (||A0||_inf ||x||_inf n eps),
 * computed in double from the saved A0 in O(n^2). A wrong factor or solution makes the
 * residual of the order of the error itself, not of eps. */
static int lu_check(void *p, double *residual, char *msg, size_t cap)
{
    lu_case *c = p;
    const lu_family *f = c->fam;
    int64_t n = c->n;
    for (int64_t i = 0; i < n; i++) {
        int64_t piv = bench_impl_pivot(f->impl, &c->piv, i);
        if (piv < i || piv >= n) {
            snprintf(msg, cap, "wrong result: pivot %lld is %lld, outside [%lld, %lld)",
                     (long long)i, (long long)piv, (long long)i, (long long)n);
            return GBS_FAIL;
        }
    }
    if (f->gesv)
        for (int64_t i = 0; i < n; i++)
            c->x[i] = f->dbl ? ((const double *)c->b)[i] : (double)((const float *)c->b)[i];
    else
        solve_with_factors(c);
    memcpy(c->r, c->rhs, (size_t)n * sizeof(double));
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++)
            c->r[i] -= at(c, c->a0, i, j) * c->x[j];
    double eps = f->dbl ? BENCH_EPS_D : BENCH_EPS_S;
    double tol = f->dbl ? BENCH_LU_TOL_D : BENCH_LU_TOL_S;
    double rnorm = norm_inf(c->r, n), denom = c->anorm * norm_inf(c->x, n) * (double)n * eps;
    double score = denom > 0 ? rnorm / denom : rnorm == 0 ? 0 : INFINITY;
    if (isnan(rnorm) || isnan(denom))
        score = NAN;
    if (!(score <= tol)) {
        snprintf(msg, cap,
                 "wrong result: scaled residual ||b - A x||_inf / (||A|| ||x|| n eps) = %.3g, "
                 "over %g (%s)",
                 score, tol, f->gesv ? "gesv's solution" : "solved with getrf's factors");
        return GBS_FAIL;
    }
    *residual = score;
    return GBS_OK;
}

/* A (and B) as they were before any call: the factors the check needs must come from the
 * timed calls */
static void lu_poison(void *p)
{
    lu_case *c = p;
    size_t es = c->fam->dbl ? sizeof(double) : sizeof(float);
    memcpy(c->a, c->a0, (size_t)c->n * (size_t)c->n * es);
    if (c->fam->gesv)
        memcpy(c->b, c->b0, (size_t)c->n * es);
}

static const gbs_case_ops lu_ops = {lu_setup, lu_run, lu_check, lu_teardown, lu_poison};

int bench_ops_parse(const char *list, unsigned *ops)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"gemm", BENCH_OP_GEMM}, {"getrf", BENCH_OP_GETRF}, {"gesv", BENCH_OP_GESV},
                 {"all", BENCH_OP_ALL}};
    *ops = 0;
    while (*list) {
        size_t len = strcspn(list, ",");
        unsigned bit = 0;
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            if (strlen(names[k].name) == len && strncmp(list, names[k].name, len) == 0)
                bit = names[k].bit;
        if (!bit)
            return -1;
        *ops |= bit;
        list += len;
        if (*list == ',')
            list++;
    }
    return *ops ? 0 : -1;
}

int bench_lu_register(bench_impl *impl, unsigned ops, const int *precisions, int nprecisions,
                      const int *threads, int nthreads, const int64_t *sizes, int nsizes)
{
    static const struct {
        unsigned bit;
        const char *name;
    } lu_ops_list[] = {{BENCH_OP_GETRF, "getrf"}, {BENCH_OP_GESV, "gesv"}};
    if (!(ops & (BENCH_OP_GETRF | BENCH_OP_GESV)))
        return 0;
    char ctx[512];
    snprintf(ctx, sizeof ctx,
             "column major, n x n, uniform [-1, 1), A restored untimed before every call; "
             "gesv nrhs = 1; GFLOPS counts 2n^3/3 (getrf), 2n^3/3 + 2n^2 (gesv); checked: "
             "||b - A x||_inf / (||A||_inf ||x||_inf n eps) <= %g (s), %g (d), x solved with "
             "the bench's own substitution from getrf's factors, or gesv's solution",
             BENCH_LU_TOL_S, BENCH_LU_TOL_D);
    gbs_add_context("lu", ctx);
    /* Families live as long as the registered benchmarks: to the end of the process. */
    size_t count = (size_t)nprecisions * (size_t)nthreads * 2;
    lu_family *families = calloc(count ? count : 1, sizeof *families);
    if (!families)
        return -1;
    size_t next = 0;
    for (int p = 0; p < nprecisions; p++)
        for (int t = 0; t < nthreads; t++)
            for (int op = 0; op < 2; op++) {
                if (!(ops & lu_ops_list[op].bit))
                    continue;
                char family[128];
                lu_family *f = &families[next++];
                *f = (lu_family){impl, precisions[p], threads[t], op == 1};
                snprintf(family, sizeof family, "%s/%c/%s/t%d", lu_ops_list[op].name,
                         precisions[p] ? 'd' : 's', bench_impl_name(impl), threads[t]);
                for (int s = 0; s < nsizes; s++)
                    gbs_register(family, &sizes[s], 1, NULL, &lu_ops, f);
            }
    return 0;
}
