/* op_power.c: the power-iteration description for the suite: dominant eigenpair of a dense symmetric n x n matrix, checked by its own residual and against the reference backend's eigenvalue. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_suite.h"
#include "gemm_verify.h"
#include "ukernel.h"

/* The iteration stops at ||A v - lambda v|| <= tol |lambda|. The matrix is all ones plus
 * symmetric noise in [-1/2, 1/2): lambda_1 is about n, the rest within about 0.6 sqrt(n),
 * so it converges in a handful of iterations at every n, in both precisions. */
#define POWER_TOL_S 1e-4
#define POWER_TOL_D 1e-10
#define POWER_MAX_ITER 1000

typedef struct power_case {
    const suite_family *fam;
    int64_t n;
    void *a, *v;
    double lambda;     /* the last call's eigenvalue */
    double lambda_ref; /* the reference backend's */
    int64_t iterations;
    int64_t calls;
    gbs_case_info *info; /* the work per call, fixed by the first call */
    double *w;           /* scratch for the residual */
} power_case;

static void power_teardown(void *p)
{
    power_case *c = p;
    if (!c)
        return;
    free(c->a);
    free(c->v);
    free(c->w);
    free(c);
}

/* One call of the library's power iteration on ctx, from the default start (v = 0). */
static basis_status power_call(power_case *c, basis_ctx *ctx, double *lambda, int64_t *iters)
{
    const suite_family *f = c->fam;
    basis_iter_info it = {0, 0};
    basis_status s;
    size_t es = f->dbl ? sizeof(double) : sizeof(float);
    memset(c->v, 0, (size_t)c->n * es); /* O(n) next to the O(n^2) iterations */
    if (f->dbl) {
        double l = NAN;
        s = basis_dpower(ctx, BASIS_COL_MAJOR, c->n, c->a, c->n, POWER_TOL_D, POWER_MAX_ITER,
                         c->v, &l, &it);
        *lambda = l;
    } else {
        float l = NAN;
        s = basis_spower(ctx, BASIS_COL_MAJOR, c->n, c->a, c->n, (float)POWER_TOL_S,
                         POWER_MAX_ITER, c->v, &l, &it);
        *lambda = l;
    }
    *iters = it.iterations;
    return s;
}

static void *power_setup(const void *user, const int64_t *args, int nargs, gbs_case_info *info,
                         int *status, char *msg, size_t cap)
{
    const suite_family *f = user;
    (void)nargs;
    int ready = suite_family_ready(f, msg, cap);
    if (ready != GBS_OK) {
        *status = ready;
        return NULL;
    }
    power_case *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(msg, cap, "out of memory");
        return NULL;
    }
    c->fam = f;
    int64_t n = c->n = args[0];
    size_t es = f->dbl ? sizeof(double) : sizeof(float);
    c->a = suite_alloc((size_t)n * (size_t)n * es);
    c->v = suite_alloc((size_t)n * es);
    c->w = suite_alloc((size_t)n * sizeof(double));
    if (!c->a || !c->v || !c->w) {
        snprintf(msg, cap, "out of memory for n = %lld", (long long)n);
        power_teardown(c);
        return NULL;
    }
    uint64_t seed = 0x853C49E6748FEA9Bull ^ (uint64_t)n;
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i <= j; i++) {
            double v = 1.0 + 0.5 * suite_uniform(&seed);
            if (f->dbl)
                ((double *)c->a)[i + j * n] = ((double *)c->a)[j + i * n] = v;
            else
                ((float *)c->a)[i + j * n] = ((float *)c->a)[j + i * n] = (float)v;
        }
    /* The reference: the same call on the scalar reference backend. */
    basis_ctx *ref = NULL;
    int64_t iters = 0;
    basis_status s = basis_ctx_create(&ref);
    if (s == BASIS_OK)
        s = basis_ctx_set_backend(ref, BASIS_BACKEND_REF);
    if (s == BASIS_OK)
        s = power_call(c, ref, &c->lambda_ref, &iters);
    basis_ctx_destroy(ref);
    if (s != BASIS_OK) {
        snprintf(msg, cap, "the reference backend's power iteration failed: %s: %s",
                 basis_status_name(s), basis_last_error());
        power_teardown(c);
        return NULL;
    }
    /* Per iteration one gemv: 2 n^2 flops and A read once; each call also reads A twice to
     * check it is finite and to scale it. The iterations are counted by the first call, the
     * shim's untimed one (the count is a property of the backend's rounding); until then
     * the reference's count stands in. */
    c->info = info;
    info->flops = 2.0 * (double)n * (double)n * (double)iters;
    info->bytes = (double)n * (double)n * (double)es * (double)(iters + 2);
    info->memory_bound = 1;
    return c;
}

static int power_run(void *p, char *msg, size_t cap)
{
    power_case *c = p;
    const suite_family *f = c->fam;
    int64_t iters = 0;
    basis_status s = power_call(c, f->ctx, &c->lambda, &iters);
    if (s == BASIS_OK) {
        if (c->calls++ == 0) {
            double nn = (double)c->n * (double)c->n;
            c->info->flops = 2.0 * nn * (double)iters;
            c->info->bytes = nn * (double)(f->dbl ? sizeof(double) : sizeof(float)) *
                             (double)(iters + 2);
        }
        c->iterations = iters;
        if (f->corrupt)
            c->lambda *= 1.0 + 1e-3; /* the test hook: an eigenvalue off by 1e-3 */
    }
    return suite_status(s, f->dbl ? "basis_dpower" : "basis_spower", msg, cap);
}

/* ||A v - lambda v||_2 / |lambda| with ||v|| = 1, in double from the stored data (the
 * library's stopping test, recomputed independently), and the eigenvalue against the
 * reference backend's: for a symmetric A its error is of the order of the residual squared
 * times lambda / gap, so 2 tol |lambda_ref| is loose and a wrong eigenvalue still fails. */
static int power_check(void *p, double *residual, char *msg, size_t cap)
{
    power_case *c = p;
    const suite_family *f = c->fam;
    int64_t n = c->n;
    double tol = f->dbl ? POWER_TOL_D : POWER_TOL_S, eps = f->dbl ? BENCH_EPS_D : BENCH_EPS_S;
    double vnorm = 0;
    for (int64_t i = 0; i < n; i++) {
        double vi = f->dbl ? ((const double *)c->v)[i] : (double)((const float *)c->v)[i];
        vnorm += vi * vi;
        c->w[i] = 0;
    }
    for (int64_t j = 0; j < n; j++) {
        double vj = f->dbl ? ((const double *)c->v)[j] : (double)((const float *)c->v)[j];
        for (int64_t i = 0; i < n; i++) {
            size_t k = (size_t)j * (size_t)n + (size_t)i;
            double a = f->dbl ? ((const double *)c->a)[k] : (double)((const float *)c->a)[k];
            c->w[i] += a * vj;
        }
    }
    double r2 = 0;
    for (int64_t i = 0; i < n; i++) {
        double vi = f->dbl ? ((const double *)c->v)[i] : (double)((const float *)c->v)[i];
        double d = c->w[i] - c->lambda * vi;
        r2 += d * d;
    }
    /* The residual of the stored v carries its own rounding: n eps next to tol. */
    double res = sqrt(r2) / fabs(c->lambda), res_tol = 2.0 * tol + 4.0 * sqrt((double)n) * eps;
    double lerr = fabs(c->lambda - c->lambda_ref) / fabs(c->lambda_ref);
    if (!(fabs(sqrt(vnorm) - 1.0) <= 1e3 * eps) || !(res <= res_tol) || !(lerr <= 2.0 * tol)) {
        snprintf(msg, cap,
                 "wrong result: ||v|| = %.9g, ||A v - lambda v|| / |lambda| = %.3g (limit %.3g), "
                 "lambda = %.17g against the reference backend's %.17g (relative %.3g, limit "
                 "%.3g)",
                 sqrt(vnorm), res, res_tol, c->lambda, c->lambda_ref, lerr, 2.0 * tol);
        return GBS_FAIL;
    }
    *residual = res;
    return GBS_OK;
}

/* every call starts v from 0 and writes it and the eigenvalue afresh */
static void power_poison(void *p)
{
    power_case *c = p;
    c->lambda = NAN;
    gbs_fill_nan(c->v, c->n, c->fam->dbl);
}

const gbs_case_ops suite_power_ops = {power_setup, power_run, power_check, power_teardown,
                                      power_poison};
