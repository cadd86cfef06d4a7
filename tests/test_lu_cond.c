/* test_lu_cond.c: s/d norm1, gecon (against the exact condition number), gesv_checked (ill-conditioned and singular systems) and det_value (range errors) through the public API (forced backend). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const basis_layout layouts[] = {BASIS_ROW_MAJOR, BASIS_COL_MAJOR};

static const char *lname(basis_layout l)
{
    return l == BASIS_COL_MAJOR ? "col" : "row";
}

static int64_t idx(basis_layout layout, int64_t i, int64_t j, int64_t ld)
{
    return layout == BASIS_COL_MAJOR ? i + j * ld : i * ld + j;
}

/* ---- norm1 ------------------------------------------------------------------------------ */

static void test_norm1(void)
{
    /* read row major: columns (1,4), (-2,5), (3,-6): sums 5, 7, 9; read column major with
     * ld 2: columns (1,-2), (3,4), (5,-6): sums 3, 7, 11 */
    static const double a[6] = {1, -2, 3, 4, 5, -6};
    float as[6];
    for (int i = 0; i < 6; i++)
        as[i] = (float)a[i];
    double r = -1.0;
    float rs = -1.0f;
    basis_status s = basis_dnorm1(NULL, BASIS_ROW_MAJOR, 2, 3, a, 3, &r);
    BT_CHECK(s == BASIS_OK && r == 9.0, "dnorm1 row: %s %g, want 9", basis_status_name(s), r);
    s = basis_dnorm1(NULL, BASIS_COL_MAJOR, 2, 3, a, 2, &r);
    BT_CHECK(s == BASIS_OK && r == 11.0, "dnorm1 col: %s %g, want 11", basis_status_name(s), r);
    s = basis_snorm1(NULL, BASIS_ROW_MAJOR, 2, 3, as, 3, &rs);
    BT_CHECK(s == BASIS_OK && rs == 9.0f, "snorm1 row: %s %g", basis_status_name(s), (double)rs);
    s = basis_dnorm1(NULL, BASIS_COL_MAJOR, 0, 3, a, 1, &r);
    BT_CHECK(s == BASIS_OK && r == 0.0, "dnorm1 of an empty matrix: %s %g", basis_status_name(s),
             r);
    double nan_a[6];
    memcpy(nan_a, a, sizeof a);
    nan_a[4] = NAN;
    s = basis_dnorm1(NULL, BASIS_ROW_MAJOR, 2, 3, nan_a, 3, &r);
    BT_CHECK(s == BASIS_OK && isnan(r), "dnorm1 with a NaN: %s %g, want NaN",
             basis_status_name(s), r);
    r = 4.0;
    s = basis_dnorm1(NULL, BASIS_ROW_MAJOR, 2, 3, a, 2, &r);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && r == 4.0, "dnorm1 lda 2 < n 3: %s",
             basis_status_name(s));
}

/* ---- gecon ------------------------------------------------------------------------------ */

/* ||inv(A)||_1 of a column-major n x n A by Gauss-Jordan with partial pivoting in long
 * double: the truth the estimate is held to. */
static double inv_norm1(const double *a, int n)
{
    long double *w = malloc(sizeof(long double) * (size_t)(n * 2 * n));
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 2 * n; j++)
            w[i * 2 * n + j] = j < n ? a[i + j * n] : (j - n == i);
    for (int k = 0; k < n; k++) {
        int p = k;
        for (int i = k + 1; i < n; i++)
            if (fabsl(w[i * 2 * n + k]) > fabsl(w[p * 2 * n + k]))
                p = i;
        for (int j = 0; j < 2 * n; j++) {
            long double t = w[k * 2 * n + j];
            w[k * 2 * n + j] = w[p * 2 * n + j];
            w[p * 2 * n + j] = t;
        }
        long double d = w[k * 2 * n + k];
        for (int j = 0; j < 2 * n; j++)
            w[k * 2 * n + j] /= d;
        for (int i = 0; i < n; i++) {
            long double f = w[i * 2 * n + k];
            if (i != k && f != 0)
                for (int j = 0; j < 2 * n; j++)
                    w[i * 2 * n + j] -= f * w[k * 2 * n + j];
        }
    }
    double best = 0.0;
    for (int j = 0; j < n; j++) {
        long double c = 0;
        for (int i = 0; i < n; i++)
            c += fabsl(w[i * 2 * n + n + j]);
        best = fmax(best, (double)c);
    }
    free(w);
    return best;
}

enum { G_RANDOM, G_DIAGDOM, G_GRADED, G_HILBERT, G_KINDS };
static const char *const gnames[] = {"random", "diag-dominant", "graded", "Hilbert"};

/* Column-major, float-representable entries. */
static void gecon_matrix(int kind, int n, double *a)
{
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++) {
            double v = (float)bt_uniform();
            if (kind == G_DIAGDOM && i == j)
                v += n;
            if (kind == G_GRADED)
                v = ldexp(v, -(i + 2 * j) % 17);
            if (kind == G_HILBERT)
                v = (float)(1.0 / (i + j + 1));
            a[i + j * n] = v;
        }
}

/* The estimate of ||inv(A)||_1 is a lower bound (Hager), so rcond >= the true rcond, and in
 * practice within a factor of 3. The truth is the exact condition number of A; the
 * factors carry rounding errors of about n cond eps, which the bounds allow for. */
static void test_gecon(void)
{
    static const int ns[] = {1, 2, 5, 17, 40};
    for (int kind = 0; kind < G_KINDS; kind++)
        for (int ni = 0; ni < 5; ni++)
            for (int prec = 0; prec < 2; prec++)
                for (int li = 0; li < 2; li++) {
                    int n = ns[ni];
                    if (kind == G_HILBERT)
                        n = prec ? (n > 4 ? 4 : n) : (n > 9 ? 9 : n);
                    basis_layout layout = layouts[li];
                    double *a = malloc(sizeof(double) * (size_t)(n * n));
                    double *st = malloc(sizeof(double) * (size_t)(n * n));
                    float *sf = malloc(sizeof(float) * (size_t)(n * n));
                    int64_t *ipiv = malloc(sizeof(int64_t) * (size_t)n);
                    gecon_matrix(kind, n, a);
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < n; j++) {
                            st[idx(layout, i, j, n)] = a[i + j * n];
                            sf[idx(layout, i, j, n)] = (float)a[i + j * n];
                        }
                    double anorm_true = 0.0;
                    for (int j = 0; j < n; j++) {
                        double c = 0.0;
                        for (int i = 0; i < n; i++)
                            c += fabs(a[i + j * n]);
                        anorm_true = fmax(anorm_true, c);
                    }
                    double truth = 1.0 / (anorm_true * inv_norm1(a, n)), rc = -1.0;
                    basis_status s;
                    if (prec) {
                        float an = -1.0f, rcf = -1.0f;
                        s = basis_snorm1(NULL, layout, n, n, sf, n, &an);
                        if (s == BASIS_OK)
                            s = basis_sgetrf(NULL, layout, n, n, sf, n, ipiv);
                        if (s == BASIS_OK)
                            s = basis_sgecon(NULL, layout, n, sf, n, an, &rcf);
                        rc = rcf;
                    } else {
                        double an = -1.0;
                        s = basis_dnorm1(NULL, layout, n, n, st, n, &an);
                        if (s == BASIS_OK)
                            s = basis_dgetrf(NULL, layout, n, n, st, n, ipiv);
                        if (s == BASIS_OK)
                            s = basis_dgecon(NULL, layout, n, st, n, an, &rc);
                    }
                    /* beyond slack 0.5 the factors are too rough for bounds: only sanity */
                    double slack = n * (prec ? BT_EPS_S : BT_EPS_D) / truth + 1e-12;
                    int bounds = slack < 0.5 ? rc >= truth / (1.0 + slack) &&
                                                   rc <= 3.0 * truth * (1.0 + slack)
                                             : rc > 0.0 && rc <= 1.0;
                    BT_CHECK(s == BASIS_OK && bounds,
                             "%cgecon %s %s n=%d: %s rcond %.6g, exact %.6g (slack %.2g)",
                             prec ? 's' : 'd', gnames[kind], lname(layout), n,
                             basis_status_name(s), rc, truth, slack);
                    free(a);
                    free(st);
                    free(sf);
                    free(ipiv);
                }

    /* the edges: n = 0 gives 1, anorm = 0 gives 0, a zero pivot gives 0; bad anorm */
    double lu[4] = {2.0, 0.5, 1.0, 0.0}, rc = 7.0; /* column major, U(2,2) = 0 */
    basis_status s = basis_dgecon(NULL, BASIS_COL_MAJOR, 0, lu, 1, 1.0, &rc);
    BT_CHECK(s == BASIS_OK && rc == 1.0, "dgecon n=0: %s %g", basis_status_name(s), rc);
    s = basis_dgecon(NULL, BASIS_COL_MAJOR, 2, lu, 2, 0.0, &rc);
    BT_CHECK(s == BASIS_OK && rc == 0.0, "dgecon anorm=0: %s %g", basis_status_name(s), rc);
    rc = 7.0;
    s = basis_dgecon(NULL, BASIS_COL_MAJOR, 2, lu, 2, 3.0, &rc);
    BT_CHECK(s == BASIS_OK && rc == 0.0, "dgecon zero pivot: %s %g", basis_status_name(s), rc);
    static const double bad[] = {-1.0, NAN, INFINITY};
    for (int i = 0; i < 3; i++) {
        rc = 7.0;
        float rcf = 7.0f, luf[4] = {2.0f, 0.5f, 1.0f, 3.0f};
        s = basis_dgecon(NULL, BASIS_ROW_MAJOR, 2, lu, 2, bad[i], &rc);
        BT_CHECK(s == BASIS_ERR_ARGUMENT && rc == 7.0 && strstr(basis_last_error(), "anorm"),
                 "dgecon anorm=%g: %s, rcond %g, \"%s\"", bad[i], basis_status_name(s), rc,
                 basis_last_error());
        s = basis_sgecon(NULL, BASIS_ROW_MAJOR, 2, luf, 2, (float)bad[i], &rcf);
        BT_CHECK(s == BASIS_ERR_ARGUMENT && rcf == 7.0f, "sgecon anorm=%g: %s", bad[i],
                 basis_status_name(s));
    }
    s = basis_dgecon(NULL, BASIS_ROW_MAJOR, 2, lu, 2, 1.0, NULL);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "rcond"),
             "dgecon rcond NULL: %s", basis_status_name(s));
}

/* ---- gesv_checked ----------------------------------------------------------------------- */

/* max over columns of ||A x - b||_1 / (||A||_1 ||x||_1 n eps), all column major. */
static double residual(int n, int nrhs, const double *a, const double *x, const double *b,
                       double eps)
{
    double an = 0.0, worst = 0.0;
    for (int j = 0; j < n; j++) {
        double c = 0.0;
        for (int i = 0; i < n; i++)
            c += fabs(a[i + j * n]);
        an = fmax(an, c);
    }
    for (int r = 0; r < nrhs; r++) {
        double rn = 0.0, xn = 0.0;
        for (int i = 0; i < n; i++) {
            double acc = 0.0;
            for (int j = 0; j < n; j++)
                acc += a[i + j * n] * x[j + r * n];
            rn += fabs(acc - b[i + r * n]);
            xn += fabs(x[i + r * n]);
        }
        worst = fmax(worst, rn / (an * xn * n * eps));
    }
    return worst;
}

/* One gesv_checked call on a column-major n x n A with 2 right-hand sides. */
static basis_status checked(int prec, int n, const double *a0, const double *b0, double *x,
                            double *rcond, double *ratio)
{
    int ld = n ? n : 1;
    int64_t *ipiv = malloc(sizeof(int64_t) * (size_t)ld);
    double *a = malloc(sizeof(double) * (size_t)(n * n + 1));
    basis_status s;
    memcpy(x, b0, sizeof(double) * (size_t)(2 * n));
    if (prec) {
        float *as = malloc(sizeof(float) * (size_t)(n * n + 1));
        float *xs = malloc(sizeof(float) * (size_t)(2 * n + 1));
        for (int i = 0; i < n * n; i++)
            as[i] = (float)a0[i];
        for (int i = 0; i < 2 * n; i++)
            xs[i] = (float)b0[i];
        float rc = -1.0f;
        s = basis_sgesv_checked(NULL, BASIS_COL_MAJOR, n, 2, as, ld, ipiv, xs, ld, &rc);
        for (int i = 0; i < 2 * n; i++)
            x[i] = xs[i];
        *rcond = rc;
        free(as);
        free(xs);
    } else {
        memcpy(a, a0, sizeof(double) * (size_t)(n * n));
        s = basis_dgesv_checked(NULL, BASIS_COL_MAJOR, n, 2, a, ld, ipiv, x, ld, rcond);
    }
    *ratio = n ? residual(n, 2, a0, x, b0, prec ? BT_EPS_S : BT_EPS_D) : 0.0;
    free(ipiv);
    free(a);
    return s;
}

static void test_gesv_checked(void)
{
    for (int prec = 0; prec < 2; prec++) {
        /* Hilbert 12 in double (cond_1 ~ 4e16), 7 in float (~1e9): singular to working
         * precision, yet the solution is written and its backward error is small */
        int n = prec ? 7 : 12;
        double eps = prec ? BT_EPS_S : BT_EPS_D;
        double *a = malloc(sizeof(double) * 40 * 40), *b = malloc(sizeof(double) * 80);
        double *x = malloc(sizeof(double) * 80), rc = -1.0, ratio;
        /* double's Hilbert is the exact 1/(i+j+1) rounded once: rounded to float it would
         * be a much better conditioned matrix */
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                a[i + j * n] = prec ? (float)(1.0 / (i + j + 1)) : 1.0 / (i + j + 1);
        for (int i = 0; i < 2 * n; i++)
            b[i] = (float)bt_uniform();
        basis_status s = checked(prec, n, a, b, x, &rc, &ratio);
        int written = memcmp(x, b, sizeof(double) * (size_t)(2 * n)) != 0;
        BT_CHECK(s == BASIS_ERR_ILL_CONDITIONED && rc > 0.0 && rc < eps && written &&
                     ratio <= 10.0 && strstr(basis_last_error(), "rcond"),
                 "%cgesv_checked Hilbert %d: %s rcond %.3g, solution %s, ratio %g, \"%s\"",
                 prec ? 's' : 'd', n, basis_status_name(s), rc,
                 written ? "written" : "NOT written", ratio, basis_last_error());
        printf("%cgesv_checked Hilbert %d: %s, rcond %.3g, backward error ratio %.3g\n",
               prec ? 's' : 'd', n, basis_status_name(s), rc, ratio);

        /* well conditioned: BASIS_OK, rcond sane, solved */
        n = 40;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                a[i + j * n] = (float)bt_uniform() + (i == j ? 4.0 : 0.0);
        for (int i = 0; i < 2 * n; i++)
            b[i] = (float)bt_uniform();
        s = checked(prec, n, a, b, x, &rc, &ratio);
        BT_CHECK(s == BASIS_OK && rc > 1e-5 && rc <= 1.0 && ratio <= 10.0,
                 "%cgesv_checked random 40: %s rcond %.3g ratio %g", prec ? 's' : 'd',
                 basis_status_name(s), rc, ratio);

        /* exactly singular: the status of gesv, rcond = 0, B untouched */
        for (int i = 0; i < n; i++)
            a[i + 5 * n] = 0.0;
        s = checked(prec, n, a, b, x, &rc, &ratio);
        BT_CHECK(s == BASIS_ERR_SINGULAR && rc == 0.0 &&
                     !memcmp(x, b, sizeof(double) * (size_t)(2 * n)),
                 "%cgesv_checked zero column: %s rcond %g, B %s", prec ? 's' : 'd',
                 basis_status_name(s), rc,
                 memcmp(x, b, sizeof(double) * (size_t)(2 * n)) ? "modified" : "untouched");

        s = checked(prec, 0, a, b, x, &rc, &ratio);
        BT_CHECK(s == BASIS_OK && rc == 1.0, "%cgesv_checked n=0: %s rcond %g",
                 prec ? 's' : 'd', basis_status_name(s), rc);

        /* entries near the top of the range, whose 1-norm overflows: [[1,0],[1,1]] scaled
         * by 1e308 (3e38 in float) has the estimate of the unscaled matrix (rcond does not
         * change with scale), not an ill-conditioned 0 */
        double big = prec ? 3e38 : 1e308, rc1 = -1.0;
        double one[4] = {1.0, 1.0, 0.0, 1.0}, top[4] = {big, big, 0.0, big};
        b[0] = b[1] = b[2] = b[3] = 1.0;
        memcpy(a, one, sizeof one);
        checked(prec, 2, a, b, x, &rc1, &ratio);
        memcpy(a, top, sizeof top);
        s = checked(prec, 2, a, b, x, &rc, &ratio);
        BT_CHECK(s == BASIS_OK && rc1 > 0.2 && fabs(rc - rc1) <= 1e-6 * rc1,
                 "%cgesv_checked [[1,0],[1,1]] * %g: %s rcond %g, unscaled %g",
                 prec ? 's' : 'd', big, basis_status_name(s), rc, rc1);
        free(a);
        free(b);
        free(x);
    }
    double a[4] = {1, 2, 3, 4}, b[2] = {1, 1};
    int64_t ipiv[2];
    basis_status s = basis_dgesv_checked(NULL, BASIS_ROW_MAJOR, 2, 1, a, 2, ipiv, b, 1, NULL);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && a[0] == 1.0 && b[0] == 1.0 &&
                 strstr(basis_last_error(), "rcond"),
             "dgesv_checked rcond NULL: %s, \"%s\"", basis_status_name(s), basis_last_error());
}

/* ---- det_value -------------------------------------------------------------------------- */

/* diag(2^e, ..., 2^e) of order n with its first two rows swapped: det = -2^(n e) exactly. */
static void det_case(int prec, int n, int e, basis_status want, const char *what)
{
    double *a = calloc((size_t)(n * n), sizeof(double));
    float *as = calloc((size_t)(n * n), sizeof(float));
    for (int i = 0; i < n; i++) {
        int r = i == 0 ? 1 : i == 1 ? 0 : i;
        a[r * n + i] = ldexp(1.0, e);
        as[r * n + i] = (float)ldexp(1.0, e);
    }
    double exact = -ldexp(1.0, n * e), got = 123.0;
    basis_status s;
    if (prec) {
        float d = 123.0f;
        s = basis_sdet_value(NULL, BASIS_ROW_MAJOR, n, as, n, &d);
        got = d;
    } else {
        s = basis_ddet_value(NULL, BASIS_COL_MAJOR, n, a, n, &got);
    }
    if (want == BASIS_OK)
        BT_CHECK(s == BASIS_OK && got == exact, "%cdet_value %s: %s %.17g, want %.17g",
                 prec ? 's' : 'd', what, basis_status_name(s), got, exact);
    else
        BT_CHECK(s == want && got == 123.0 && strstr(basis_last_error(), "log|det|"),
                 "%cdet_value %s: %s, det %g (want untouched), \"%s\"", prec ? 's' : 'd', what,
                 basis_status_name(s), got, basis_last_error());
    free(a);
    free(as);
}

static void test_det_value(void)
{
    static const double neg[9] = {1, 2, 3, 4, 5, 6, 7, 8, 10}; /* det -3 */
    static const double sing[9] = {1, 2, 3, 0, 0, 0, 4, 5, 6};
    for (int li = 0; li < 2; li++) {
        double d = 0.0;
        float ds = 0.0f, as[9];
        for (int i = 0; i < 9; i++)
            as[i] = (float)neg[i];
        basis_status s = basis_ddet_value(NULL, layouts[li], 3, neg, 3, &d);
        BT_CHECK(s == BASIS_OK && fabs(d + 3.0) <= 100 * BT_EPS_D, "ddet_value %s: %s %.17g",
                 lname(layouts[li]), basis_status_name(s), d);
        s = basis_sdet_value(NULL, layouts[li], 3, as, 3, &ds);
        BT_CHECK(s == BASIS_OK && fabs(ds + 3.0f) <= 100 * BT_EPS_S, "sdet_value %s: %s %.9g",
                 lname(layouts[li]), basis_status_name(s), (double)ds);
        d = 7.0;
        s = basis_ddet_value(NULL, layouts[li], 3, sing, 3, &d);
        BT_CHECK(s == BASIS_OK && d == 0.0, "ddet_value singular: %s %g", basis_status_name(s),
                 d);
    }
    /* the edges of the range, exactly: 2^1020 fits, 2^1040 overflows, 2^-1040 is
     * subnormal, 2^-1080 underflows; in float 2^120, 2^140, 2^-140, 2^-160 */
    det_case(0, 51, 20, BASIS_OK, "2^1020");
    det_case(0, 52, 20, BASIS_ERR_OVERFLOW, "2^1040");
    det_case(0, 52, -20, BASIS_OK, "2^-1040 (subnormal)");
    det_case(0, 54, -20, BASIS_ERR_OVERFLOW, "2^-1080");
    det_case(1, 6, 20, BASIS_OK, "2^120");
    det_case(1, 7, 20, BASIS_ERR_OVERFLOW, "2^140");
    det_case(1, 7, -20, BASIS_OK, "2^-140 (subnormal)");
    det_case(1, 8, -20, BASIS_ERR_OVERFLOW, "2^-160");

    double d = 5.0, a[4] = {1, 2, NAN, 4};
    basis_status s = basis_ddet_value(NULL, BASIS_COL_MAJOR, 2, a, 2, &d);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && d == 5.0, "ddet_value with a NaN: %s",
             basis_status_name(s));
    a[2] = 3.0;
    s = basis_ddet_value(NULL, BASIS_COL_MAJOR, 2, a, 2, NULL);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "det"),
             "ddet_value det NULL: %s", basis_status_name(s));
    s = basis_ddet_value(NULL, BASIS_COL_MAJOR, 0, a, 1, &d);
    BT_CHECK(s == BASIS_OK && d == 1.0, "ddet_value n=0: %s %g", basis_status_name(s), d);
}

int main(void)
{
    bt_begin("test_lu_cond");
    bt_seed(4040);
    test_norm1();
    test_gecon();
    test_gesv_checked();
    test_det_value();
    return bt_end();
}
