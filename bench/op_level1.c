/* op_level1.c: the dot and axpy descriptions for the suite: dot against a compensated sum, axpy bit for bit against the reference kernel on data where every sum is exact. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_suite.h"
#include "gemm_verify.h"
#include "ukernel.h"

/* dot: largest accepted |r - exact| / (eps sum_i |x_i y_i|). Rounding of a sum of terms of
 * random sign grows like a random walk: any summation order scores about 1 or less (measured
 * 0.01 to 0.5, n = 1K..16M, s and d, every backend and peer). A result off by 1e-3 of that scale scores 1e-3 / eps. */
#define DOT_TOL 32.0

typedef struct l1_case {
    const suite_family *fam;
    int64_t n;
    void *x, *y;   /* dot: the inputs; axpy: x, and y updated in place by every call */
    void *y0, *y1; /* axpy: y before any call, and y0 + x (the reference kernel's) */
    double exact;  /* dot: the sum in compensated double arithmetic */
    double scale;  /* dot: sum |x_i y_i| */
    double result; /* dot: the last result */
    int64_t calls; /* axpy: calls made; the odd ones add x, the even ones subtract it */
} l1_case;

static void l1_teardown(void *p)
{
    l1_case *c = p;
    if (!c)
        return;
    free(c->x);
    free(c->y);
    free(c->y0);
    free(c->y1);
    free(c);
}

static double elem(const l1_case *c, const void *v, int64_t i)
{
    return c->fam->dbl ? ((const double *)v)[i] : (double)((const float *)v)[i];
}

static l1_case *l1_new(const suite_family *f, int64_t n, int axpy, int *status, char *msg,
                       size_t cap)
{
    int ready = suite_family_ready(f, msg, cap);
    if (ready != GBS_OK) {
        *status = ready;
        return NULL;
    }
    l1_case *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(msg, cap, "out of memory");
        return NULL;
    }
    c->fam = f;
    c->n = n;
    size_t bytes = (size_t)n * (f->dbl ? sizeof(double) : sizeof(float));
    c->x = suite_alloc(bytes);
    c->y = suite_alloc(bytes);
    if (axpy) {
        c->y0 = suite_alloc(bytes);
        c->y1 = suite_alloc(bytes);
    }
    if (!c->x || !c->y || (axpy && (!c->y0 || !c->y1))) {
        snprintf(msg, cap, "out of memory for n = %lld", (long long)n);
        l1_teardown(c);
        return NULL;
    }
    return c;
}

/* ---- dot ----------------------------------------------------------------------------- */

static void *dot_setup(const void *user, const int64_t *args, int nargs, gbs_case_info *info,
                       int *status, char *msg, size_t cap)
{
    const suite_family *f = user;
    (void)nargs;
    l1_case *c = l1_new(f, args[0], 0, status, msg, cap);
    if (!c)
        return NULL;
    uint64_t seed = 0x9E3779B97F4A7C15ull ^ (uint64_t)(c->n * 31 + 1);
    if (f->dbl) {
        bench_fill_d(c->x, c->n, &seed);
        bench_fill_d(c->y, c->n, &seed);
    } else {
        bench_fill_s(c->x, c->n, &seed);
        bench_fill_s(c->y, c->n, &seed);
    }
    /* Neumaier's compensated sum of the exact products (exact in double for floats; for
     * doubles each product's rounding, eps |x y|, is far inside the tolerance). */
    double sum = 0, comp = 0;
    for (int64_t i = 0; i < c->n; i++) {
        double t = elem(c, c->x, i) * elem(c, c->y, i), s = sum + t;
        comp += fabs(sum) >= fabs(t) ? (sum - s) + t : (t - s) + sum;
        sum = s;
        c->scale += fabs(t);
    }
    c->exact = sum + comp;
    double es = f->dbl ? sizeof(double) : sizeof(float);
    info->flops = 2.0 * (double)c->n;
    info->bytes = 2.0 * (double)c->n * es;
    info->memory_bound = 1;
    return c;
}

static int dot_run(void *p, char *msg, size_t cap)
{
    l1_case *c = p;
    const suite_family *f = c->fam;
    basis_status s = BASIS_OK;
    if (f->peer) {
        if (!suite_blas_fits(c->n, bench_impl_name(f->peer->impl), msg, cap))
            return GBS_SKIP;
        c->result = f->dbl ? f->peer->ddot((int)c->n, c->x, 1, c->y, 1)
                           : (double)f->peer->sdot((int)c->n, c->x, 1, c->y, 1);
    } else if (f->dbl) {
        double r = NAN;
        s = basis_ddot(f->ctx, c->n, c->x, 1, c->y, 1, &r);
        c->result = r;
    } else {
        float r = NAN;
        s = basis_sdot(f->ctx, c->n, c->x, 1, c->y, 1, &r);
        c->result = r;
    }
    if (f->corrupt)
        c->result += 1e-3 * c->scale; /* the test hook: a result off by 1e-3 of its scale */
    return suite_status(s, f->dbl ? "basis_ddot" : "basis_sdot", msg, cap);
}

static int dot_check(void *p, double *residual, char *msg, size_t cap)
{
    l1_case *c = p;
    double eps = c->fam->dbl ? BENCH_EPS_D : BENCH_EPS_S;
    double e = fabs(c->result - c->exact);
    double score = c->scale > 0 ? e / (eps * c->scale) : (e == 0 ? 0 : INFINITY);
    if (!(score <= DOT_TOL)) {
        snprintf(msg, cap,
                 "wrong result: dot = %.17g, exact %.17g: off by %.3g of eps sum |x y|, over %g",
                 c->result, c->exact, score, DOT_TOL);
        return GBS_FAIL;
    }
    *residual = score;
    return GBS_OK;
}

static void dot_poison(void *p)
{
    ((l1_case *)p)->result = NAN;
}

const gbs_case_ops suite_dot_ops = {dot_setup, dot_run, dot_check, l1_teardown, dot_poison};

/* ---- axpy ------------------------------------------------------------------------------
 * Every call updates y in place, so the calls alternate alpha = +1 and -1 and y moves
 * between y0 and y0 + x. The data are multiples of 2^-10 below 2^4 in magnitude, so every
 * product and sum is exact in both precisions (fused or not, in any order): y must equal
 * the reference kernel's y0 + x, or y0, bit for bit, after any number of calls. The data
 * change nothing about the speed. */

static void *axpy_setup(const void *user, const int64_t *args, int nargs, gbs_case_info *info,
                        int *status, char *msg, size_t cap)
{
    const suite_family *f = user;
    (void)nargs;
    l1_case *c = l1_new(f, args[0], 1, status, msg, cap);
    if (!c)
        return NULL;
    uint64_t seed = 0xD1B54A32D192ED03ull ^ (uint64_t)(c->n * 131 + 7);
    for (int64_t i = 0; i < c->n; i++) {
        double xv = floor(suite_uniform(&seed) * 8192.0) / 1024.0;
        double yv = floor(suite_uniform(&seed) * 8192.0) / 1024.0;
        if (f->dbl) {
            ((double *)c->x)[i] = xv;
            ((double *)c->y0)[i] = ((double *)c->y1)[i] = yv;
        } else {
            ((float *)c->x)[i] = (float)xv;
            ((float *)c->y0)[i] = ((float *)c->y1)[i] = (float)yv;
        }
    }
    if (f->dbl)
        basis_daxpy_ref(c->n, 1.0, c->x, 1, c->y1, 1);
    else
        basis_saxpy_ref(c->n, 1.0f, c->x, 1, c->y1, 1);
    memcpy(c->y, c->y0, (size_t)c->n * (f->dbl ? sizeof(double) : sizeof(float)));
    double es = f->dbl ? sizeof(double) : sizeof(float);
    info->flops = 2.0 * (double)c->n;
    info->bytes = 3.0 * (double)c->n * es; /* x read, y read and written */
    info->memory_bound = 1;
    return c;
}

static int axpy_run(void *p, char *msg, size_t cap)
{
    l1_case *c = p;
    const suite_family *f = c->fam;
    double alpha = c->calls % 2 == 0 ? 1.0 : -1.0;
    basis_status s = BASIS_OK;
    if (f->peer) {
        if (!suite_blas_fits(c->n, bench_impl_name(f->peer->impl), msg, cap))
            return GBS_SKIP;
        if (f->dbl)
            f->peer->daxpy((int)c->n, alpha, c->x, 1, c->y, 1);
        else
            f->peer->saxpy((int)c->n, (float)alpha, c->x, 1, c->y, 1);
    } else if (f->dbl)
        s = basis_daxpy(f->ctx, c->n, alpha, c->x, 1, c->y, 1);
    else
        s = basis_saxpy(f->ctx, c->n, (float)alpha, c->x, 1, c->y, 1);
    if (s == BASIS_OK)
        c->calls++;
    if (s == BASIS_OK && f->corrupt && c->n > 0) {
        /* The test hook: one entry off by 1/1024, as a wrong kernel would leave it. */
        if (f->dbl)
            ((double *)c->y)[c->n / 2] += 1.0 / 1024.0;
        else
            ((float *)c->y)[c->n / 2] += 1.0f / 1024.0f;
    }
    return suite_status(s, f->dbl ? "basis_daxpy" : "basis_saxpy", msg, cap);
}

static int axpy_check(void *p, double *residual, char *msg, size_t cap)
{
    l1_case *c = p;
    const void *want = c->calls % 2 == 1 ? c->y1 : c->y0;
    for (int64_t i = 0; i < c->n; i++) {
        double got = elem(c, c->y, i), w = elem(c, want, i);
        if (!(got == w)) {
            snprintf(msg, cap,
                     "wrong result: after %lld call(s) y[%lld] = %.17g, the reference kernel "
                     "gives %.17g (every sum here is exact)",
                     (long long)c->calls, (long long)i, got, w);
            return GBS_FAIL;
        }
    }
    *residual = 0;
    return GBS_OK;
}

/* no poison: y accumulates, and the alternating calls are each checked exactly instead */
const gbs_case_ops suite_axpy_ops = {axpy_setup, axpy_run, axpy_check, l1_teardown, NULL};
