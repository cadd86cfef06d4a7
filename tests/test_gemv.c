/* test_gemv.c: s/d gemv through the public API (forced backend) against a double-accumulated loop, every layout, transpose and increment sign. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const int64_t ms[] = {0, 1, 2, 7, 17, 64, 65};
static const int64_t ns[] = {0, 1, 7, 16, 33, 65};
static const int64_t vincs[] = {1, -2};
static const basis_layout layouts[] = {BASIS_ROW_MAJOR, BASIS_COL_MAJOR};
static const basis_trans transes[] = {BASIS_NO_TRANS, BASIS_TRANS, BASIS_CONJ_TRANS};
static const double ab[3] = {0.0, 1.0, -1.5};
#define NM ((int)(sizeof ms / sizeof ms[0]))
#define NN ((int)(sizeof ns / sizeof ns[0]))

#define SENTINEL 4321.0 /* padding value that no result can produce by accident */

static int64_t origin(int64_t n, int64_t inc)
{
    return (inc < 0 && n > 0) ? -(n - 1) * inc : 0;
}

static int64_t extent(int64_t n, int64_t inc)
{
    return n > 0 ? 1 + (n - 1) * (inc < 0 ? -inc : inc) : 1;
}

/* Element (i, j) of the stored matrix A (not op(A)). */
static int64_t aidx(basis_layout layout, int64_t i, int64_t j, int64_t lda)
{
    return layout == BASIS_COL_MAJOR ? i + j * lda : i * lda + j;
}

/* Everything one case needs, held in double whatever the precision tested. */
typedef struct gemv_case {
    basis_layout layout;
    basis_trans trans;
    int64_t m, n, lda, incx, incy;
    double alpha, beta;
    int64_t leny, lenx, asize, xsize, ysize;
    double *a, *x, *y0;     /* inputs as given to the library (converted to double) */
    double *expect, *bound; /* per logical y entry */
} gemv_case;

/* Exact-order double reference and the scale |alpha| |op(A)| |x| + |beta| |y0| per entry.
 * alpha == 0 never reads A or x; beta == 0 never reads y (they hold NaN then). */
static void oracle(gemv_case *c)
{
    int tr = c->trans != BASIS_NO_TRANS;
    int64_t inner = c->lenx;
    for (int64_t i = 0; i < c->leny; i++) {
        double sum = 0.0, abssum = 0.0;
        if (c->alpha != 0.0)
            for (int64_t p = 0; p < inner; p++) {
                double av = tr ? c->a[aidx(c->layout, p, i, c->lda)]
                               : c->a[aidx(c->layout, i, p, c->lda)];
                double xv = c->x[origin(c->lenx, c->incx) + p * c->incx];
                sum += av * xv;
                abssum += fabs(av * xv);
            }
        double yv = c->beta != 0.0 ? c->y0[origin(c->leny, c->incy) + i * c->incy] : 0.0;
        c->expect[i] = c->alpha * sum + c->beta * yv;
        c->bound[i] = fabs(c->alpha) * abssum + fabs(c->beta * yv);
    }
}

static void setup(gemv_case *c, basis_layout layout, basis_trans trans, int64_t m, int64_t n,
                  int64_t incx, int64_t incy, double alpha, double beta)
{
    c->layout = layout;
    c->trans = trans;
    c->m = m;
    c->n = n;
    c->incx = incx;
    c->incy = incy;
    c->alpha = alpha;
    c->beta = beta;
    int64_t rows = layout == BASIS_COL_MAJOR ? m : n; /* length of the contiguous dim */
    int64_t outer = layout == BASIS_COL_MAJOR ? n : m;
    c->lda = (rows > 0 ? rows : 1) + 3;
    c->leny = trans == BASIS_NO_TRANS ? m : n;
    c->lenx = trans == BASIS_NO_TRANS ? n : m;
    c->asize = c->lda * (outer > 0 ? outer : 1);
    c->xsize = extent(c->lenx, incx);
    c->ysize = extent(c->leny, incy);
    c->a = malloc((size_t)c->asize * sizeof(double));
    c->x = malloc((size_t)c->xsize * sizeof(double));
    c->y0 = malloc((size_t)c->ysize * sizeof(double));
    c->expect = malloc((size_t)(c->leny + 1) * sizeof(double));
    c->bound = malloc((size_t)(c->leny + 1) * sizeof(double));
    bt_fill_d(c->a, c->asize);
    bt_fill_d(c->x, c->xsize);
    for (int64_t p = 0; p < c->ysize; p++)
        c->y0[p] = SENTINEL;
    for (int64_t i = 0; i < c->leny; i++)
        c->y0[origin(c->leny, incy) + i * incy] = beta == 0.0 ? NAN : bt_uniform();
    if (alpha == 0.0) { /* never read: poison them */
        for (int64_t p = 0; p < c->asize; p++)
            c->a[p] = NAN;
        for (int64_t p = 0; p < c->xsize; p++)
            c->x[p] = NAN;
    }
}

static void teardown(gemv_case *c)
{
    free(c->a);
    free(c->x);
    free(c->y0);
    free(c->expect);
    free(c->bound);
}

/* Checks the result y (converted to double) against the oracle; padding of y must keep
 * its bits (compared in the caller's precision through `same`). Returns 0 if all fine. */
static int verify(const gemv_case *c, const double *y, const unsigned char *same, double eps,
                  const char *name)
{
    int64_t inner = c->lenx;
    for (int64_t p = 0; p < c->ysize; p++) {
        int64_t a = c->incy < 0 ? -c->incy : c->incy;
        int in = c->leny > 0 && p % a == 0 && p / a < c->leny;
        if (!in && !same[p]) {
            BT_CHECK(0, "%s layout=%d trans=%d m=%lld n=%lld incy=%lld: padding slot %lld of y changed",
                     name, c->layout, c->trans, (long long)c->m, (long long)c->n,
                     (long long)c->incy, (long long)p);
            return 1;
        }
    }
    for (int64_t i = 0; i < c->leny; i++) {
        double got = y[origin(c->leny, c->incy) + i * c->incy];
        double tol = 2.0 * (double)(inner + 2) * eps * c->bound[i];
        /* alpha == 0: y := beta y is one rounding, identical on every backend */
        double exact_beta_y = eps == BT_EPS_S ? (double)(float)c->expect[i] : c->expect[i];
        int ok = c->alpha == 0.0 ? got == exact_beta_y : fabs(got - c->expect[i]) <= tol;
        if (!ok) {
            BT_CHECK(0, "%s layout=%s trans=%d m=%lld n=%lld lda=%lld incx=%lld incy=%lld alpha=%g beta=%g: y[%lld] = %.17g, want %.17g (tol %.3g)",
                     name, c->layout == BASIS_ROW_MAJOR ? "row" : "col", c->trans,
                     (long long)c->m, (long long)c->n, (long long)c->lda, (long long)c->incx,
                     (long long)c->incy, c->alpha, c->beta, (long long)i, got, c->expect[i], tol);
            return 1;
        }
    }
    return 0;
}

static void run_d(gemv_case *c)
{
    double *y = malloc((size_t)c->ysize * sizeof(double));
    double *a0 = malloc((size_t)c->asize * sizeof(double));
    double *x0 = malloc((size_t)c->xsize * sizeof(double));
    unsigned char *same = malloc((size_t)c->ysize);
    memcpy(y, c->y0, (size_t)c->ysize * sizeof(double));
    memcpy(a0, c->a, (size_t)c->asize * sizeof(double));
    memcpy(x0, c->x, (size_t)c->xsize * sizeof(double));
    basis_status s = basis_dgemv(NULL, c->layout, c->trans, c->m, c->n, c->alpha, c->a, c->lda,
                                 c->x, c->incx, c->beta, y, c->incy);
    BT_CHECK(s == BASIS_OK, "dgemv m=%lld n=%lld: status %s: %s", (long long)c->m,
             (long long)c->n, basis_status_name(s), basis_last_error());
    for (int64_t p = 0; p < c->ysize; p++)
        same[p] = !memcmp(&y[p], &c->y0[p], sizeof(double));
    if (!verify(c, y, same, BT_EPS_D, "dgemv"))
        BT_CHECK(1, "dgemv");
    BT_CHECK(!memcmp(a0, c->a, (size_t)c->asize * sizeof(double)) &&
                 !memcmp(x0, c->x, (size_t)c->xsize * sizeof(double)),
             "dgemv modified A or x");
    free(y);
    free(a0);
    free(x0);
    free(same);
}

static void run_s(gemv_case *c)
{
    float *a = malloc((size_t)c->asize * sizeof(float));
    float *x = malloc((size_t)c->xsize * sizeof(float));
    float *y = malloc((size_t)c->ysize * sizeof(float));
    float *y0 = malloc((size_t)c->ysize * sizeof(float));
    double *yd = malloc((size_t)c->ysize * sizeof(double));
    unsigned char *same = malloc((size_t)c->ysize);
    /* round the inputs to float first, so the oracle sees exactly what the library sees */
    for (int64_t p = 0; p < c->asize; p++) {
        a[p] = (float)c->a[p];
        c->a[p] = a[p];
    }
    for (int64_t p = 0; p < c->xsize; p++) {
        x[p] = (float)c->x[p];
        c->x[p] = x[p];
    }
    for (int64_t p = 0; p < c->ysize; p++) {
        y0[p] = (float)c->y0[p];
        c->y0[p] = y0[p];
        y[p] = y0[p];
    }
    oracle(c);
    basis_status s = basis_sgemv(NULL, c->layout, c->trans, c->m, c->n, (float)c->alpha, a,
                                 c->lda, x, c->incx, (float)c->beta, y, c->incy);
    BT_CHECK(s == BASIS_OK, "sgemv m=%lld n=%lld: status %s: %s", (long long)c->m,
             (long long)c->n, basis_status_name(s), basis_last_error());
    for (int64_t p = 0; p < c->ysize; p++) {
        yd[p] = y[p];
        same[p] = !memcmp(&y[p], &y0[p], sizeof(float));
    }
    if (!verify(c, yd, same, BT_EPS_S, "sgemv"))
        BT_CHECK(1, "sgemv");
    int inputs_same = 1;
    for (int64_t p = 0; p < c->asize; p++)
        inputs_same &= (a[p] == (float)c->a[p]) || (isnan(a[p]) && isnan(c->a[p]));
    for (int64_t p = 0; p < c->xsize; p++)
        inputs_same &= (x[p] == (float)c->x[p]) || (isnan(x[p]) && isnan(c->x[p]));
    BT_CHECK(inputs_same, "sgemv modified A or x");
    free(a);
    free(x);
    free(y);
    free(y0);
    free(yd);
    free(same);
}

int main(void)
{
    bt_begin("test_gemv");
    bt_seed(202);
    int counter = 0;
    for (int li = 0; li < 2; li++)
        for (int ti = 0; ti < 3; ti++)
            for (int mi = 0; mi < NM; mi++)
                for (int ni = 0; ni < NN; ni++)
                    for (int xi = 0; xi < 2; xi++)
                        for (int yi = 0; yi < 2; yi++) {
                            /* every (alpha, beta) pair in turn, so each shape sees several */
                            int pair = counter++ % 9;
                            double alpha = ab[pair / 3], beta = ab[pair % 3];
                            gemv_case c;
                            setup(&c, layouts[li], transes[ti], ms[mi], ns[ni], vincs[xi],
                                  vincs[yi], alpha, beta);
                            oracle(&c);
                            run_d(&c);
                            run_s(&c); /* rounds c's inputs to float and re-runs the oracle */
                            teardown(&c);
                        }
    return bt_end();
}
