/* op_gemv.c: the gemv description for the suite: y = A x or A^T x (n x n, column major), checked entry by entry against the reference kernel. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_suite.h"
#include "gemm_verify.h"
#include "ukernel.h"

/* Largest accepted max_i |y_i - yref_i| / (eps (|op(A)| |x|)_i). Both results round each
 * of the n products and partial sums; with random signs the difference grows like a random
 * walk, so rounding scores about 1 (measured: 0 to 3 at n = 1..4096, s and d, every
 * backend, OpenBLAS and BLIS). One entry off by 1e-3 of its scale scores 1e-3 / eps: 1.7e4 in single. */
#define GEMV_TOL 32.0

typedef struct gemv_case {
    const suite_family *fam;
    int64_t n;
    void *a, *x, *y;
    double *yref; /* the reference kernel's y, in double */
    double *absy; /* (|op(A)| |x|)_i, the scale of entry i */
} gemv_case;

static void gemv_teardown(void *p)
{
    gemv_case *c = p;
    if (!c)
        return;
    free(c->a);
    free(c->x);
    free(c->y);
    free(c->yref);
    free(c->absy);
    free(c);
}

/* op(A)(i, j) of the column-major n x n A, in double. */
static double op_at(const gemv_case *c, int64_t i, int64_t j)
{
    size_t k = c->fam->trans ? (size_t)i * (size_t)c->n + (size_t)j
                             : (size_t)j * (size_t)c->n + (size_t)i;
    return c->fam->dbl ? ((const double *)c->a)[k] : (double)((const float *)c->a)[k];
}

static void *gemv_setup(const void *user, const int64_t *args, int nargs, gbs_case_info *info,
                        int *status, char *msg, size_t cap)
{
    const suite_family *f = user;
    (void)nargs;
    int ready = suite_family_ready(f, msg, cap);
    if (ready != GBS_OK) {
        *status = ready;
        return NULL;
    }
    gemv_case *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(msg, cap, "out of memory");
        return NULL;
    }
    c->fam = f;
    int64_t n = c->n = args[0];
    size_t es = f->dbl ? sizeof(double) : sizeof(float), nn = (size_t)n * (size_t)n;
    c->a = suite_alloc(nn * es);
    c->x = suite_alloc((size_t)n * es);
    c->y = suite_alloc((size_t)n * es);
    c->yref = suite_alloc((size_t)n * sizeof(double));
    c->absy = suite_alloc((size_t)n * sizeof(double));
    if (!c->a || !c->x || !c->y || !c->yref || !c->absy) {
        snprintf(msg, cap, "out of memory for n = %lld", (long long)n);
        gemv_teardown(c);
        return NULL;
    }
    uint64_t seed = 0x2545F4914F6CDD1Dull ^ (uint64_t)(n * 7919 + f->trans);
    if (f->dbl) {
        bench_fill_d(c->a, (int64_t)nn, &seed);
        bench_fill_d(c->x, n, &seed);
        for (int64_t i = 0; i < n; i++)
            ((double *)c->y)[i] = NAN; /* beta = 0 must not read y */
    } else {
        bench_fill_s(c->a, (int64_t)nn, &seed);
        bench_fill_s(c->x, n, &seed);
        for (int64_t i = 0; i < n; i++)
            ((float *)c->y)[i] = NAN;
    }
    /* The reference kernel on the same strides as the call: op(A) is A or A^T. */
    int64_t rs = f->trans ? n : 1, cs = f->trans ? 1 : n;
    if (f->dbl) {
        basis_dgemv_ref(n, n, 1.0, c->a, rs, cs, c->x, 1, 0.0, c->yref, 1);
    } else {
        float *ys = suite_alloc((size_t)n * sizeof(float));
        if (!ys) {
            snprintf(msg, cap, "out of memory for n = %lld", (long long)n);
            gemv_teardown(c);
            return NULL;
        }
        basis_sgemv_ref(n, n, 1.0f, c->a, rs, cs, c->x, 1, 0.0f, ys, 1);
        for (int64_t i = 0; i < n; i++)
            c->yref[i] = ys[i];
        free(ys);
    }
    for (int64_t i = 0; i < n; i++)
        c->absy[i] = 0;
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++) {
            double xj = f->dbl ? ((const double *)c->x)[j] : (double)((const float *)c->x)[j];
            c->absy[i] += fabs(op_at(c, i, j) * xj);
        }
    double dn = (double)n;
    info->flops = 2.0 * dn * dn;
    info->bytes = (dn * dn + 2.0 * dn) * (double)es; /* A once, x read, y written */
    info->memory_bound = 1;
    return c;
}

static int gemv_run(void *p, char *msg, size_t cap)
{
    gemv_case *c = p;
    const suite_family *f = c->fam;
    int64_t n = c->n;
    basis_trans t = f->trans ? BASIS_TRANS : BASIS_NO_TRANS;
    basis_status s;
    if (f->peer) {
        const suite_blas *b = f->peer;
        int in = (int)n, ct = f->trans ? SUITE_CBLAS_TRANS : SUITE_CBLAS_NO_TRANS;
        if (!suite_blas_fits(n, bench_impl_name(b->impl), msg, cap))
            return GBS_SKIP;
        if (f->dbl)
            b->dgemv(SUITE_CBLAS_COL_MAJOR, ct, in, in, 1.0, c->a, in, c->x, 1, 0.0, c->y, 1);
        else
            b->sgemv(SUITE_CBLAS_COL_MAJOR, ct, in, in, 1.0f, c->a, in, c->x, 1, 0.0f, c->y, 1);
        s = BASIS_OK;
    } else if (f->dbl)
        s = basis_dgemv(f->ctx, BASIS_COL_MAJOR, t, n, n, 1.0, c->a, n, c->x, 1, 0.0, c->y, 1);
    else
        s = basis_sgemv(f->ctx, BASIS_COL_MAJOR, t, n, n, 1.0f, c->a, n, c->x, 1, 0.0f, c->y,
                        1);
    if (s == BASIS_OK && f->corrupt && n > 0) {
        /* The test hook: one entry off by 1e-3 of its scale, as a wrong kernel would be. */
        int64_t i = n / 2;
        if (f->dbl)
            ((double *)c->y)[i] += 1e-3 * c->absy[i];
        else
            ((float *)c->y)[i] += (float)(1e-3 * c->absy[i]);
    }
    return suite_status(s, f->dbl ? "basis_dgemv" : "basis_sgemv", msg, cap);
}

static int gemv_check(void *p, double *residual, char *msg, size_t cap)
{
    gemv_case *c = p;
    const suite_family *f = c->fam;
    double eps = f->dbl ? BENCH_EPS_D : BENCH_EPS_S, worst = 0;
    int64_t at = 0;
    for (int64_t i = 0; i < c->n; i++) {
        double y = f->dbl ? ((const double *)c->y)[i] : (double)((const float *)c->y)[i];
        double scale = eps * c->absy[i];
        double e = fabs(y - c->yref[i]);
        double score = scale > 0 ? e / scale : (e == 0 ? 0 : INFINITY);
        if (isnan(y) || !(score <= worst)) {
            worst = isnan(y) ? NAN : score;
            at = i;
            if (isnan(y))
                break;
        }
    }
    if (!(worst <= GEMV_TOL)) {
        snprintf(msg, cap,
                 "wrong result: y[%lld] differs from the reference kernel's by %.3g of "
                 "eps (|op(A)| |x|)_i, over %g",
                 (long long)at, worst, GEMV_TOL);
        return GBS_FAIL;
    }
    *residual = worst;
    return GBS_OK;
}

static void gemv_poison(void *p)
{
    gemv_case *c = p;
    gbs_fill_nan(c->y, c->n, c->fam->dbl);
}

const gbs_case_ops suite_gemv_ops = {gemv_setup, gemv_run, gemv_check, gemv_teardown,
                                     gemv_poison};
