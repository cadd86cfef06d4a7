/* test_lu.c: s/d getrf, getrs, gesv, getri and det through the public API (forced backend) by residuals on the matrix kinds and block-straddling sizes, hand-computed cases and singular matrices. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lu_blocked.h"
#include "testutil.h"

/* Residual ratios are normalized by n, the norms and the unit roundoff of the precision,
 * so one bound fits both: LAPACK's own tests use 30; a correct LU on these random
 * matrices gives well under 1. */
#define RATIO_MAX 10.0
#define SENTINEL (-3125.5)

static const basis_layout layouts[] = {BASIS_ROW_MAJOR, BASIS_COL_MAJOR};

static int64_t idx(basis_layout layout, int64_t i, int64_t j, int64_t ld)
{
    return layout == BASIS_COL_MAJOR ? i + j * ld : i * ld + j;
}

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

static const char *lname(basis_layout l)
{
    return l == BASIS_COL_MAJOR ? "col" : "row";
}

/* An m x n matrix in layout with leading dimension ld, padding set to SENTINEL. Values
 * are float-representable so the same data serves both precisions. */
static double *new_matrix(basis_layout layout, int64_t m, int64_t n, int64_t ld, int64_t *size)
{
    int64_t outer = layout == BASIS_COL_MAJOR ? n : m;
    *size = ld * max64(outer, 1);
    double *a = malloc((size_t)*size * sizeof(double));
    for (int64_t p = 0; p < *size; p++)
        a[p] = SENTINEL;
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++)
            a[idx(layout, i, j, ld)] = (float)bt_uniform();
    return a;
}

static float *to_s(const double *a, int64_t size)
{
    float *s = malloc((size_t)max64(size, 1) * sizeof(float));
    for (int64_t p = 0; p < size; p++)
        s[p] = (float)a[p];
    return s;
}

static double *to_d(const float *a, int64_t size)
{
    double *d = malloc((size_t)max64(size, 1) * sizeof(double));
    for (int64_t p = 0; p < size; p++)
        d[p] = a[p];
    return d;
}

/* 1-norm of op(A) for an m x n stored A. */
static double norm1(basis_layout layout, int trans, int64_t m, int64_t n, const double *a,
                    int64_t ld)
{
    double best = 0.0;
    int64_t rows = trans ? n : m, cols = trans ? m : n;
    for (int64_t j = 0; j < cols; j++) {
        double s = 0.0;
        for (int64_t i = 0; i < rows; i++)
            s += fabs(trans ? a[idx(layout, j, i, ld)] : a[idx(layout, i, j, ld)]);
        best = fmax(best, s);
    }
    return best;
}

/* ||P A - L U||_1 / (max(m,n) ||A||_1 eps), with the factors read from lu. Also checks
 * the pivots are in range, |L(i,j)| <= 1 (partial pivoting) and the padding survived. */
static double lu_ratio(basis_layout layout, int64_t m, int64_t n, const double *a0,
                       const double *lu, int64_t ld, int64_t size, const int64_t *ipiv,
                       double eps, const char *what)
{
    int64_t mn = min64(m, n);
    double *pa = malloc((size_t)max64(m * n, 1) * sizeof(double)); /* column major, packed */
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++)
            pa[i + j * m] = a0[idx(layout, i, j, ld)];
    int pivots_ok = 1;
    for (int64_t i = 0; i < mn; i++) {
        int64_t p = ipiv[i];
        if (p < i || p >= m) {
            pivots_ok = 0;
            continue;
        }
        for (int64_t j = 0; j < n; j++) {
            double t = pa[i + j * m];
            pa[i + j * m] = pa[p + j * m];
            pa[p + j * m] = t;
        }
    }
    BT_CHECK(pivots_ok, "%s %s m=%lld n=%lld: a pivot index is outside [i, m)", what,
             lname(layout), (long long)m, (long long)n);
    double lmax = 0.0;
    for (int64_t j = 0; j < mn; j++)
        for (int64_t i = j + 1; i < m; i++)
            lmax = fmax(lmax, fabs(lu[idx(layout, i, j, ld)]));
    BT_CHECK(lmax <= 1.0, "%s %s m=%lld n=%lld: |L| = %g > 1, not partial pivoting", what,
             lname(layout), (long long)m, (long long)n, lmax);
    int pad_ok = 1;
    for (int64_t p = 0; p < size; p++) {
        int64_t inner = p % ld, outer = p / ld;
        int inside = layout == BASIS_COL_MAJOR ? (inner < m && outer < n) : (inner < n && outer < m);
        if (!inside && !(lu[p] == a0[p]))
            pad_ok = 0;
    }
    BT_CHECK(pad_ok, "%s %s m=%lld n=%lld ld=%lld: padding between rows and ld changed", what,
             lname(layout), (long long)m, (long long)n, (long long)ld);
    double worst = 0.0;
    for (int64_t j = 0; j < n; j++) {
        double col = 0.0;
        for (int64_t i = 0; i < m; i++) {
            double s = 0.0;
            for (int64_t p = 0; p <= min64(min64(i, j), mn - 1); p++) {
                double l = p == i ? 1.0 : lu[idx(layout, i, p, ld)];
                s += l * lu[idx(layout, p, j, ld)];
            }
            col += fabs(pa[i + j * m] - s);
        }
        worst = fmax(worst, col);
    }
    free(pa);
    double na = norm1(layout, 0, m, n, a0, ld);
    return na == 0.0 ? worst : worst / ((double)max64(m, n) * na * eps);
}

/* max over columns j of ||op(A) x_j - b_j||_1 / (||op(A)||_1 ||x_j||_1 n eps). */
static double solve_ratio(basis_layout layout, int trans, int64_t n, int64_t nrhs,
                          const double *a, int64_t lda, const double *x, const double *b,
                          int64_t ldb, double eps)
{
    double na = norm1(layout, trans, n, n, a, lda), worst = 0.0;
    for (int64_t j = 0; j < nrhs; j++) {
        double rn = 0.0, xn = 0.0;
        for (int64_t i = 0; i < n; i++) {
            double s = 0.0;
            for (int64_t p = 0; p < n; p++)
                s += (trans ? a[idx(layout, p, i, lda)] : a[idx(layout, i, p, lda)]) *
                     x[idx(layout, p, j, ldb)];
            rn += fabs(s - b[idx(layout, i, j, ldb)]);
            xn += fabs(x[idx(layout, i, j, ldb)]);
        }
        worst = fmax(worst, rn / (na * xn * (double)n * eps));
    }
    return worst;
}

/* Does msg contain the number v on its own (not as part of a longer number)? */
static int has_number(const char *msg, long long v)
{
    for (const char *p = msg; p && *p; p++) {
        if (*p < '0' || *p > '9' || (p > msg && p[-1] >= '0' && p[-1] <= '9'))
            continue;
        if (strtoll(p, NULL, 10) == v)
            return 1;
    }
    return 0;
}

/* ---- getrf ---------------------------------------------------------------------------- */

static void test_getrf(void)
{
    static const int64_t dims[][2] = {{1, 1}, {7, 7},  {33, 33}, {64, 64}, {65, 65},
                                      {65, 33}, {33, 65}, {7, 1},  {1, 7},  {64, 7}};
    for (int di = 0; di < 10; di++)
        for (int li = 0; li < 2; li++) {
            basis_layout layout = layouts[li];
            int64_t m = dims[di][0], n = dims[di][1], size;
            int64_t ld = (layout == BASIS_COL_MAJOR ? m : n) + 2;
            double *a0 = new_matrix(layout, m, n, ld, &size);
            int64_t *ipiv = malloc((size_t)min64(m, n) * sizeof(int64_t));

            double *ad = malloc((size_t)size * sizeof(double));
            memcpy(ad, a0, (size_t)size * sizeof(double));
            basis_status s = basis_dgetrf(NULL, layout, m, n, ad, ld, ipiv);
            BT_CHECK(s == BASIS_OK, "dgetrf %s m=%lld n=%lld: %s: %s", lname(layout),
                     (long long)m, (long long)n, basis_status_name(s), basis_last_error());
            double r = lu_ratio(layout, m, n, a0, ad, ld, size, ipiv, BT_EPS_D, "dgetrf");
            BT_CHECK(r <= RATIO_MAX, "dgetrf %s m=%lld n=%lld: ||PA-LU||/(n||A||eps) = %g",
                     lname(layout), (long long)m, (long long)n, r);

            float *as = to_s(a0, size);
            s = basis_sgetrf(NULL, layout, m, n, as, ld, ipiv);
            BT_CHECK(s == BASIS_OK, "sgetrf %s m=%lld n=%lld: %s: %s", lname(layout),
                     (long long)m, (long long)n, basis_status_name(s), basis_last_error());
            double *asd = to_d(as, size);
            r = lu_ratio(layout, m, n, a0, asd, ld, size, ipiv, BT_EPS_S, "sgetrf");
            BT_CHECK(r <= RATIO_MAX, "sgetrf %s m=%lld n=%lld: ||PA-LU||/(n||A||eps) = %g",
                     lname(layout), (long long)m, (long long)n, r);
            free(a0);
            free(ad);
            free(as);
            free(asd);
            free(ipiv);
        }
}

/* ---- the matrix kinds of the issue, at sizes around the block width --------------------
 * The blocked LU factors min(m,n) <= 192 as one recursive panel (leaves of 8 columns) and
 * larger matrices in blocks of 128 columns with a look-ahead when three blocks fit; the
 * sizes below straddle the leaf, the block and the look-ahead, each run with one thread
 * and with three (more than the cores of a small CI machine, so the parallel paths run). */

typedef enum kind { K_RANDOM, K_DIAGDOM, K_GRADED, K_HILBERT, K_ZEROCOL, K_ZEROROW,
                    K_ZEROCOLS } kind;
static const char *const kind_names[] = {"random", "diag-dominant", "graded", "Hilbert",
                                         "zero-column", "zero-row", "two zero columns"};

/* Entries stay float-representable so one matrix serves both precisions. */
static double *make_kind(kind k, basis_layout layout, int64_t m, int64_t n, int64_t ld,
                         int64_t *size)
{
    double *a = new_matrix(layout, m, n, ld, size);
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            double *e = &a[idx(layout, i, j, ld)];
            switch (k) {
            case K_RANDOM: break;
            case K_DIAGDOM: *e = i == j ? (float)(*e + (double)max64(m, n)) : *e; break;
            /* powers of two: entries from 1 down to 2^-24, scaled exactly */
            case K_GRADED: *e = ldexp(*e, -(int)((i + j) * 24 / (m + n))); break;
            case K_HILBERT: *e = (float)(1.0 / (double)(i + j + 1)); break;
            case K_ZEROCOL: *e = j == min64(m, n) / 2 ? 0.0 : *e; break;
            case K_ZEROROW: *e = i == m / 3 ? 0.0 : *e; break;
            /* one in each half of a halved factorization: the first must be reported */
            case K_ZEROCOLS:
                *e = j == min64(m, n) / 4 || j == 3 * min64(m, n) / 4 ? 0.0 : *e;
                break;
            }
        }
    return a;
}

/* The 1-based first zero pivot the kind forces, 0 for none. A zero column stays exactly
 * zero under elimination; a zero row of a square matrix ends as U's last row. */
static int64_t kind_info(kind k, int64_t m, int64_t n)
{
    if (k == K_ZEROCOL)
        return min64(m, n) / 2 + 1;
    if (k == K_ZEROCOLS)
        return min64(m, n) / 4 + 1;
    if (k == K_ZEROROW && m == n)
        return n;
    return 0;
}

static void check_kind(basis_ctx *ctx, int threads, kind k, basis_layout layout, int64_t m,
                       int64_t n)
{
    int64_t size, ld = (layout == BASIS_COL_MAJOR ? m : n) + 3, mn = min64(m, n);
    int64_t want = kind_info(k, m, n);
    double *a0 = make_kind(k, layout, m, n, ld, &size);
    int64_t *ipiv = malloc((size_t)max64(mn, 1) * sizeof(int64_t));
    for (int prec = 0; prec < 2; prec++) {
        double *lu;
        basis_status s;
        if (prec == 0) {
            lu = malloc((size_t)size * sizeof(double));
            memcpy(lu, a0, (size_t)size * sizeof(double));
            s = basis_dgetrf(ctx, layout, m, n, lu, ld, ipiv);
        } else {
            float *ls = to_s(a0, size);
            s = basis_sgetrf(ctx, layout, m, n, ls, ld, ipiv);
            lu = to_d(ls, size);
            free(ls);
        }
        char what[96];
        snprintf(what, sizeof what, "%cgetrf %s t=%d %s", prec ? 's' : 'd', kind_names[k],
                 threads, lname(layout));
        if (want)
            BT_CHECK(s == BASIS_ERR_SINGULAR && has_number(basis_last_error(), want),
                     "%s m=%lld n=%lld: %s \"%s\", want BASIS_ERR_SINGULAR at %lld", what,
                     (long long)m, (long long)n, basis_status_name(s), basis_last_error(),
                     (long long)want);
        else
            BT_CHECK(s == BASIS_OK, "%s m=%lld n=%lld: %s: %s", what, (long long)m,
                     (long long)n, basis_status_name(s), basis_last_error());
        if (k == K_DIAGDOM) {
            int ident = 1;
            for (int64_t i = 0; i < mn; i++)
                ident &= ipiv[i] == i;
            BT_CHECK(ident, "%s m=%lld n=%lld: a diagonally dominant matrix needs no "
                     "interchange", what, (long long)m, (long long)n);
        }
        double r = lu_ratio(layout, m, n, a0, lu, ld, size, ipiv, prec ? BT_EPS_S : BT_EPS_D,
                            what);
        BT_CHECK(r <= RATIO_MAX, "%s m=%lld n=%lld: ||PA-LU||/(n||A||eps) = %g", what,
                 (long long)m, (long long)n, r);
        free(lu);
    }
    free(a0);
    free(ipiv);
}

static void test_kinds(void)
{
    static const int64_t dims[][2] = {{1, 1},     {8, 8},     {9, 9},     {127, 127},
                                      {128, 128}, {129, 129}, {193, 193}, {259, 259},
                                      {400, 400}, {400, 260}, {260, 400}, {300, 17},
                                      {17, 300},  {520, 131}};
    static const int threads[] = {1, 3};
    for (int ti = 0; ti < 2; ti++) {
        basis_ctx *ctx = NULL;
        BT_CHECK(basis_ctx_create(&ctx) == BASIS_OK &&
                     basis_ctx_set_threads(ctx, threads[ti]) == BASIS_OK,
                 "context with %d threads: %s", threads[ti], basis_last_error());
        for (int di = 0; di < (int)(sizeof dims / sizeof dims[0]); di++)
            for (int li = 0; li < 2; li++) {
                int64_t m = dims[di][0], n = dims[di][1];
                check_kind(ctx, threads[ti], K_RANDOM, layouts[li], m, n);
                if (min64(m, n) < 9 || (ti == 0 && m * n > 100000))
                    continue;
                check_kind(ctx, threads[ti], K_DIAGDOM, layouts[li], m, n);
                check_kind(ctx, threads[ti], K_GRADED, layouts[li], m, n);
                check_kind(ctx, threads[ti], K_ZEROCOL, layouts[li], m, n);
                if (m == n) {
                    check_kind(ctx, threads[ti], K_ZEROROW, layouts[li], m, n);
                    check_kind(ctx, threads[ti], K_HILBERT, layouts[li], m, n);
                }
            }
        basis_ctx_destroy(ctx);
    }

    /* Above 2048 columns a column-major getrf at least as tall as wide first halves the
     * matrix (host/lu_top.c); with that width lowered to 100, these sizes run the halving
     * too: odd splits, the pivots of the right half, a zero column in the right half
     * (zero-column), one in each half (two zero columns: the left one is reported), and
     * m > n. 260 x 400 is wide: it must take the blocked loop and still be right. */
    basis_lu_test_top_cols(100);
    basis_ctx *ctx = NULL;
    BT_CHECK(basis_ctx_create(&ctx) == BASIS_OK && basis_ctx_set_threads(ctx, 3) == BASIS_OK,
             "context with 3 threads: %s", basis_last_error());
    static const int64_t top_dims[][2] = {{101, 101}, {259, 259}, {400, 400}, {520, 131},
                                          {400, 260}, {260, 400}};
    for (int di = 0; di < (int)(sizeof top_dims / sizeof top_dims[0]); di++) {
        int64_t m = top_dims[di][0], n = top_dims[di][1];
        check_kind(ctx, 3, K_RANDOM, BASIS_COL_MAJOR, m, n);
        check_kind(ctx, 3, K_ZEROCOL, BASIS_COL_MAJOR, m, n);
        check_kind(ctx, 3, K_ZEROCOLS, BASIS_COL_MAJOR, m, n);
        check_kind(ctx, 3, K_DIAGDOM, BASIS_COL_MAJOR, m, n);
        if (m == n)
            check_kind(ctx, 3, K_ZEROROW, BASIS_COL_MAJOR, m, n);
    }
    basis_ctx_destroy(ctx);
    basis_lu_test_top_cols(0);

    /* 1 x 1: the pivot itself, and a zero */
    double one = 5.0, zero = 0.0;
    int64_t p = 9;
    basis_status s = basis_dgetrf(NULL, BASIS_COL_MAJOR, 1, 1, &one, 1, &p);
    BT_CHECK(s == BASIS_OK && one == 5.0 && p == 0, "dgetrf [5]: %s, U %g, ipiv %lld",
             basis_status_name(s), one, (long long)p);
    s = basis_dgetrf(NULL, BASIS_ROW_MAJOR, 1, 1, &zero, 1, &p);
    BT_CHECK(s == BASIS_ERR_SINGULAR && zero == 0.0 && p == 0 &&
                 has_number(basis_last_error(), 1),
             "dgetrf [0]: %s \"%s\"", basis_status_name(s), basis_last_error());
}

/* ---- many right-hand sides and the inverse around getri's block --------------------------- */

static void test_solve_large(void)
{
    static const int64_t ns[] = {63, 64, 65, 130, 260}, nrhss[] = {1, 2, 9, 3, 70};
    basis_ctx *ctx = NULL;
    BT_CHECK(basis_ctx_create(&ctx) == BASIS_OK && basis_ctx_set_threads(ctx, 3) == BASIS_OK,
             "context: %s", basis_last_error());
    for (int ni = 0; ni < 5; ni++)
        for (int li = 0; li < 2; li++) {
            basis_layout layout = layouts[li];
            int col = layout == BASIS_COL_MAJOR;
            int64_t n = ns[ni], lda = n + 1, asize, bsize, nrhs = nrhss[ni];
            int64_t ldb = (col ? n : nrhs) + 5;
            double *a0 = new_matrix(layout, n, n, lda, &asize);
            double *b0 = new_matrix(layout, n, nrhs, ldb, &bsize);
            int64_t *ipiv = malloc((size_t)n * sizeof(int64_t));
            for (int prec = 0; prec < 2; prec++) {
                double eps = prec ? BT_EPS_S : BT_EPS_D;
                double *lu = malloc((size_t)asize * sizeof(double));
                float *lus = to_s(a0, asize);
                memcpy(lu, a0, (size_t)asize * sizeof(double));
                basis_status s = prec ? basis_sgetrf(ctx, layout, n, n, lus, lda, ipiv)
                                      : basis_dgetrf(ctx, layout, n, n, lu, lda, ipiv);
                BT_CHECK(s == BASIS_OK, "getrf n=%lld: %s", (long long)n, basis_last_error());
                for (int t = 0; t < 2; t++) {
                    basis_trans tr = t ? BASIS_TRANS : BASIS_NO_TRANS;
                    double *x;
                    if (prec) {
                        float *xs = to_s(b0, bsize);
                        s = basis_sgetrs(ctx, layout, tr, n, nrhs, lus, lda, ipiv, xs, ldb);
                        x = to_d(xs, bsize);
                        free(xs);
                    } else {
                        x = malloc((size_t)bsize * sizeof(double));
                        memcpy(x, b0, (size_t)bsize * sizeof(double));
                        s = basis_dgetrs(ctx, layout, tr, n, nrhs, lu, lda, ipiv, x, ldb);
                    }
                    double r = solve_ratio(layout, t, n, nrhs, a0, lda, x, b0, ldb, eps);
                    int pad_ok = 1;
                    for (int64_t q = 0; q < bsize; q++)
                        if ((q % ldb) >= (col ? n : nrhs) && !(x[q] == b0[q]))
                            pad_ok = 0;
                    BT_CHECK(s == BASIS_OK && r <= RATIO_MAX && pad_ok,
                             "%cgetrs %s trans=%d n=%lld nrhs=%lld: %s, ratio %g, padding %s",
                             prec ? 's' : 'd', lname(layout), t, (long long)n, (long long)nrhs,
                             basis_status_name(s), r, pad_ok ? "kept" : "changed");
                    free(x);
                }
                /* getri in place: ||A inv(A) - I||_1 / (n ||A||_1 ||inv(A)||_1 eps) */
                double *inv;
                if (prec) {
                    s = basis_sgetri(ctx, layout, n, lus, lda, ipiv);
                    inv = to_d(lus, asize);
                } else {
                    s = basis_dgetri(ctx, layout, n, lu, lda, ipiv);
                    inv = lu;
                    lu = NULL;
                }
                double worst = 0.0;
                for (int64_t j = 0; j < n; j++) {
                    double colsum = 0.0;
                    for (int64_t i = 0; i < n; i++) {
                        double acc = 0.0;
                        for (int64_t q = 0; q < n; q++)
                            acc += a0[idx(layout, i, q, lda)] * inv[idx(layout, q, j, lda)];
                        colsum += fabs(acc - (i == j ? 1.0 : 0.0));
                    }
                    worst = fmax(worst, colsum);
                }
                double r = worst / ((double)n * norm1(layout, 0, n, n, a0, lda) *
                                    norm1(layout, 0, n, n, inv, lda) * eps);
                BT_CHECK(s == BASIS_OK && r <= RATIO_MAX, "%cgetri %s n=%lld: %s, ratio %g",
                         prec ? 's' : 'd', lname(layout), (long long)n, basis_status_name(s),
                         r);
                free(inv);
                free(lu);
                free(lus);
            }
            free(a0);
            free(b0);
            free(ipiv);
        }
    basis_ctx_destroy(ctx);
}

/* ---- getrs, gesv, getri ---------------------------------------------------------------- */

static void test_solve(void)
{
    static const int64_t ns[] = {1, 7, 33, 64, 65};
    static const int64_t nrhss[] = {1, 3, 5};
    static const basis_trans transes[] = {BASIS_NO_TRANS, BASIS_TRANS, BASIS_CONJ_TRANS};
    int rot = 0;
    for (int ni = 0; ni < 5; ni++)
        for (int li = 0; li < 2; li++) {
            basis_layout layout = layouts[li];
            int col = layout == BASIS_COL_MAJOR;
            int64_t n = ns[ni], lda = n + 3, asize, bsize;
            double *a0 = new_matrix(layout, n, n, lda, &asize);
            int64_t *ipiv = malloc((size_t)n * sizeof(int64_t));
            int64_t *ipivs = malloc((size_t)n * sizeof(int64_t));
            double *lud = malloc((size_t)asize * sizeof(double));
            memcpy(lud, a0, (size_t)asize * sizeof(double));
            float *lus = to_s(a0, asize);
            basis_status s1 = basis_dgetrf(NULL, layout, n, n, lud, lda, ipiv);
            basis_status s2 = basis_sgetrf(NULL, layout, n, n, lus, lda, ipivs);
            BT_CHECK(s1 == BASIS_OK && s2 == BASIS_OK, "getrf before getrs failed: %s",
                     basis_last_error());

            for (int ti = 0; ti < 3; ti++) {
                int64_t nrhs = nrhss[rot++ % 3];
                int64_t ldb = (col ? n : nrhs) + 2;
                double *b0 = new_matrix(layout, n, nrhs, ldb, &bsize);
                double *xd = malloc((size_t)bsize * sizeof(double));
                memcpy(xd, b0, (size_t)bsize * sizeof(double));
                basis_status s = basis_dgetrs(NULL, layout, transes[ti], n, nrhs, lud, lda,
                                              ipiv, xd, ldb);
                double r = solve_ratio(layout, ti != 0, n, nrhs, a0, lda, xd, b0, ldb, BT_EPS_D);
                BT_CHECK(s == BASIS_OK && r <= RATIO_MAX,
                         "dgetrs %s trans=%d n=%lld nrhs=%lld: %s, residual ratio %g",
                         lname(layout), transes[ti], (long long)n, (long long)nrhs,
                         basis_status_name(s), r);
                float *xs = to_s(b0, bsize);
                s = basis_sgetrs(NULL, layout, transes[ti], n, nrhs, lus, lda, ipivs, xs, ldb);
                double *xsd = to_d(xs, bsize);
                r = solve_ratio(layout, ti != 0, n, nrhs, a0, lda, xsd, b0, ldb, BT_EPS_S);
                BT_CHECK(s == BASIS_OK && r <= RATIO_MAX,
                         "sgetrs %s trans=%d n=%lld nrhs=%lld: %s, residual ratio %g",
                         lname(layout), transes[ti], (long long)n, (long long)nrhs,
                         basis_status_name(s), r);
                free(b0);
                free(xd);
                free(xs);
                free(xsd);
            }

            /* gesv: factor and solve in one call, against the original A */
            {
                int64_t nrhs = 4, ldb = (col ? n : nrhs) + 1;
                double *b0 = new_matrix(layout, n, nrhs, ldb, &bsize);
                double *ad = malloc((size_t)asize * sizeof(double));
                double *xd = malloc((size_t)bsize * sizeof(double));
                memcpy(ad, a0, (size_t)asize * sizeof(double));
                memcpy(xd, b0, (size_t)bsize * sizeof(double));
                basis_status s = basis_dgesv(NULL, layout, n, nrhs, ad, lda, ipiv, xd, ldb);
                double r = solve_ratio(layout, 0, n, nrhs, a0, lda, xd, b0, ldb, BT_EPS_D);
                BT_CHECK(s == BASIS_OK && r <= RATIO_MAX, "dgesv %s n=%lld: %s, residual ratio %g",
                         lname(layout), (long long)n, basis_status_name(s), r);
                r = lu_ratio(layout, n, n, a0, ad, lda, asize, ipiv, BT_EPS_D, "dgesv factors");
                BT_CHECK(r <= RATIO_MAX, "dgesv %s n=%lld: factors in A: ratio %g",
                         lname(layout), (long long)n, r);
                float *as = to_s(a0, asize), *xs = to_s(b0, bsize);
                s = basis_sgesv(NULL, layout, n, nrhs, as, lda, ipivs, xs, ldb);
                double *xsd = to_d(xs, bsize);
                r = solve_ratio(layout, 0, n, nrhs, a0, lda, xsd, b0, ldb, BT_EPS_S);
                BT_CHECK(s == BASIS_OK && r <= RATIO_MAX, "sgesv %s n=%lld: %s, residual ratio %g",
                         lname(layout), (long long)n, basis_status_name(s), r);
                free(b0);
                free(ad);
                free(xd);
                free(as);
                free(xs);
                free(xsd);
            }

            /* getri: ||A inv(A) - I||_1 / (n ||A||_1 ||inv(A)||_1 eps) */
            for (int prec = 0; prec < 2; prec++) {
                double eps = prec ? BT_EPS_S : BT_EPS_D;
                double *inv;
                basis_status s;
                if (prec == 0) {
                    inv = malloc((size_t)asize * sizeof(double));
                    memcpy(inv, a0, (size_t)asize * sizeof(double));
                    s = basis_dgetrf(NULL, layout, n, n, inv, lda, ipiv);
                    if (s == BASIS_OK)
                        s = basis_dgetri(NULL, layout, n, inv, lda, ipiv);
                } else {
                    float *invs = to_s(a0, asize);
                    s = basis_sgetrf(NULL, layout, n, n, invs, lda, ipivs);
                    if (s == BASIS_OK)
                        s = basis_sgetri(NULL, layout, n, invs, lda, ipivs);
                    inv = to_d(invs, asize);
                    free(invs);
                }
                double worst = 0.0;
                for (int64_t j = 0; j < n; j++) {
                    double colsum = 0.0;
                    for (int64_t i = 0; i < n; i++) {
                        double t = 0.0;
                        for (int64_t p = 0; p < n; p++)
                            t += a0[idx(layout, i, p, lda)] * inv[idx(layout, p, j, lda)];
                        colsum += fabs(t - (i == j ? 1.0 : 0.0));
                    }
                    worst = fmax(worst, colsum);
                }
                double r = worst / ((double)n * norm1(layout, 0, n, n, a0, lda) *
                                    norm1(layout, 0, n, n, inv, lda) * eps);
                BT_CHECK(s == BASIS_OK && r <= RATIO_MAX, "%cgetri %s n=%lld: %s, ||A inv - I|| ratio %g",
                         prec ? 's' : 'd', lname(layout), (long long)n, basis_status_name(s), r);
                int pad_ok = 1;
                for (int64_t p = 0; p < asize; p++)
                    if ((p % lda) >= n && !(inv[p] == SENTINEL))
                        pad_ok = 0;
                BT_CHECK(pad_ok, "%cgetri %s n=%lld: padding of A changed", prec ? 's' : 'd',
                         lname(layout), (long long)n);
                free(inv);
            }
            free(a0);
            free(lud);
            free(lus);
            free(ipiv);
            free(ipivs);
        }
}

/* Hilbert n = 8 (cond ~ 1.5e10): the backward error is small even though the forward
 * error is not. */
/* ---- pivots that getrf would not produce ------------------------------------------- */

/* Rows i and piv[i] of the n x w matrix x swapped for i = 0 .. swaps-1, or in reverse
 * order: LAPACK's laswp, the meaning getrs and getri give any pivots in [0, n). */
static void swap_rows_d(basis_layout layout, int64_t w, double *x, int64_t ld,
                        const int64_t *piv, int64_t swaps, int reverse)
{
    for (int64_t s = 0; s < swaps; s++) {
        int64_t i = reverse ? swaps - 1 - s : s;
        for (int64_t j = 0; j < w; j++) {
            double t = x[idx(layout, i, j, ld)];
            x[idx(layout, i, j, ld)] = x[idx(layout, piv[i], j, ld)];
            x[idx(layout, piv[i], j, ld)] = t;
        }
    }
}

/* getrs and getri accept any pivots in [0, n) as LAPACK's do (hand-made ones, say, where
 * ipiv[i] < i): with factors F = L\U and pivots P (the swaps in order), getrs solves
 * A X = B and A^T X = B for A = P^T L U, and getri inverts A' = P'^T L U, P' from the first
 * n-1 swaps only (LAPACK's getri never reads the last). Checked by residuals against
 * A (A') built here; every ipiv[n-1] differs from n-1 so that getri's rule shows. */
static void test_foreign_pivots(void)
{
    static const int64_t ns[] = {1, 2, 7, 97, 150};
    for (int ni = 0; ni < 5; ni++)
        for (int li = 0; li < 2; li++)
            for (int prec = 0; prec < 2; prec++) {
                basis_layout layout = layouts[li];
                int64_t n = ns[ni], ld = n + 3, nrhs = 3, fsize, bsize;
                double eps = prec ? BT_EPS_S : BT_EPS_D;
                /* F: L unit lower with small entries, U diagonally dominant, so A is well
                 * conditioned and ||L|| ||U|| is near ||A|| */
                double *f = new_matrix(layout, n, n, ld, &fsize);
                for (int64_t i = 0; i < n; i++)
                    for (int64_t j = 0; j < n; j++)
                        if (i > j)
                            f[idx(layout, i, j, ld)] = (float)(f[idx(layout, i, j, ld)] / n);
                        else if (i == j)
                            f[idx(layout, i, j, ld)] += (double)n;
                int64_t *piv = malloc((size_t)n * sizeof(int64_t));
                for (int64_t i = 0; i < n; i++)
                    piv[i] = (int64_t)((bt_uniform() + 1.0) * 0.5 * (double)n) % n;
                if (n > 1 && piv[n - 1] == n - 1)
                    piv[n - 1] = 0;
                /* L U, then A = P^T L U and A' = P'^T L U (the swaps in reverse order) */
                double *a = calloc((size_t)(ld * n), sizeof(double));
                double *a1 = calloc((size_t)(ld * n), sizeof(double));
                for (int64_t i = 0; i < n; i++)
                    for (int64_t j = 0; j < n; j++) {
                        double t = 0.0;
                        for (int64_t p = 0; p <= (i < j ? i : j); p++)
                            t += (p == i ? 1.0 : f[idx(layout, i, p, ld)]) *
                                 f[idx(layout, p, j, ld)];
                        a[idx(layout, i, j, ld)] = a1[idx(layout, i, j, ld)] = t;
                    }
                swap_rows_d(layout, n, a, ld, piv, n, 1);
                swap_rows_d(layout, n, a1, ld, piv, n - 1, 1);

                double *b = new_matrix(layout, n, nrhs, layout == BASIS_COL_MAJOR ? ld : nrhs,
                                       &bsize);
                int64_t ldb = layout == BASIS_COL_MAJOR ? ld : nrhs;
                float *fs = to_s(f, fsize);
                for (int trans = 0; trans < 2; trans++) {
                    basis_trans tr = trans ? BASIS_TRANS : BASIS_NO_TRANS;
                    double *x = malloc((size_t)bsize * sizeof(double));
                    memcpy(x, b, (size_t)bsize * sizeof(double));
                    basis_status s;
                    if (prec) {
                        float *xs = to_s(b, bsize);
                        s = basis_sgetrs(NULL, layout, tr, n, nrhs, fs, ld, piv, xs, ldb);
                        free(x);
                        x = to_d(xs, bsize);
                        free(xs);
                    } else {
                        s = basis_dgetrs(NULL, layout, tr, n, nrhs, f, ld, piv, x, ldb);
                    }
                    double r = s ? INFINITY
                                 : solve_ratio(layout, trans, n, nrhs, a, ld, x, b, ldb, eps);
                    BT_CHECK(s == BASIS_OK && r < RATIO_MAX,
                             "%cgetrs %s trans=%d n=%lld, hand-made pivots: %s, ratio %.3g",
                             prec ? 's' : 'd', lname(layout), trans, (long long)n,
                             basis_status_name(s), r);
                    free(x);
                }

                /* getri: A' Z = I */
                double *z = malloc((size_t)fsize * sizeof(double));
                double *eye = calloc((size_t)fsize, sizeof(double));
                for (int64_t i = 0; i < n; i++)
                    eye[idx(layout, i, i, ld)] = 1.0;
                basis_status s;
                if (prec) {
                    float *zs = to_s(f, fsize);
                    s = basis_sgetri(NULL, layout, n, zs, ld, piv);
                    double *zd = to_d(zs, fsize);
                    memcpy(z, zd, (size_t)fsize * sizeof(double));
                    free(zd);
                    free(zs);
                } else {
                    memcpy(z, f, (size_t)fsize * sizeof(double));
                    s = basis_dgetri(NULL, layout, n, z, ld, piv);
                }
                double r = s ? INFINITY : solve_ratio(layout, 0, n, n, a1, ld, z, eye, ld, eps);
                BT_CHECK(s == BASIS_OK && r < RATIO_MAX,
                         "%cgetri %s n=%lld, hand-made pivots (ipiv[n-1] ignored): %s, ratio "
                         "%.3g",
                         prec ? 's' : 'd', lname(layout), (long long)n, basis_status_name(s), r);
                free(z);
                free(eye);
                free(fs);
                free(b);
                free(a);
                free(a1);
                free(piv);
                free(f);
            }
}

static void test_hilbert(void)
{
    enum { N = 8 };
    double h[N * N], a[N * N], b[N], x[N];
    int64_t ipiv[N];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            h[i * N + j] = 1.0 / (double)(i + j + 1);
    for (int i = 0; i < N; i++) {
        b[i] = 0.0;
        for (int j = 0; j < N; j++)
            b[i] += h[i * N + j];
    }
    memcpy(a, h, sizeof h);
    memcpy(x, b, sizeof b);
    basis_status s = basis_dgesv(NULL, BASIS_ROW_MAJOR, N, 1, a, N, ipiv, x, 1);
    double r = solve_ratio(BASIS_ROW_MAJOR, 0, N, 1, h, N, x, b, 1, BT_EPS_D);
    double fwd = 0.0;
    for (int i = 0; i < N; i++)
        fwd = fmax(fwd, fabs(x[i] - 1.0));
    BT_CHECK(s == BASIS_OK && r <= RATIO_MAX, "dgesv Hilbert 8: %s, backward error ratio %g",
             basis_status_name(s), r);
    printf("Hilbert 8: backward error ratio %.3g, forward error %.3g (expected large)\n", r, fwd);
}

/* ---- det ------------------------------------------------------------------------------ */

static void check_det(const double *a3, double want_sign, double want_log, const char *what)
{
    for (int li = 0; li < 2; li++) {
        /* the same array read in either layout is A or A^T: same determinant. The bound
         * allows for the condition number (<= 100) of these small matrices. */
        basis_layout layout = layouts[li];
        double a[9], sign = 7.0, logd = 7.0;
        float as[9], signs = 7.0f, logs = 7.0f;
        memcpy(a, a3, sizeof a);
        for (int p = 0; p < 9; p++)
            as[p] = (float)a3[p];
        basis_status s = basis_ddet(NULL, layout, 3, a, 3, &sign, &logd);
        BT_CHECK(s == BASIS_OK && sign == want_sign &&
                     (isinf(want_log) ? logd == want_log : fabs(logd - want_log) <= 300.0 * BT_EPS_D * fmax(1.0, fabs(want_log))),
                 "ddet %s %s: %s sign %g log|det| %.17g, want %g %.17g", what, lname(layout),
                 basis_status_name(s), sign, logd, want_sign, want_log);
        BT_CHECK(!memcmp(a, a3, sizeof a), "ddet %s modified A", what);
        s = basis_sdet(NULL, layout, 3, as, 3, &signs, &logs);
        BT_CHECK(s == BASIS_OK && signs == (float)want_sign &&
                     (isinf(want_log) ? (double)logs == want_log : fabs((double)logs - want_log) <= 300.0 * BT_EPS_S * fmax(1.0, fabs(want_log))),
                 "sdet %s %s: %s sign %g log|det| %.9g, want %g %.9g", what, lname(layout),
                 basis_status_name(s), (double)signs, (double)logs, want_sign, want_log);
    }
}

static void test_det(void)
{
    static const double spd[9] = {2, 1, 0, 1, 3, 1, 0, 1, 4}; /* det 18 */
    static const double swap[9] = {0, 1, 0, 1, 0, 0, 0, 0, 5}; /* needs a row swap: det -5 */
    static const double neg[9] = {1, 2, 3, 4, 5, 6, 7, 8, 10}; /* det -3 */
    /* a zero row (a zero column in the other layout) stays exactly zero under elimination
     * whatever the rounding, so the zero pivot is exact on every backend */
    static const double sing[9] = {1, 2, 3, 0, 0, 0, 4, 5, 6};
    check_det(spd, 1.0, log(18.0), "[[2,1,0],[1,3,1],[0,1,4]]");
    check_det(swap, -1.0, log(5.0), "[[0,1,0],[1,0,0],[0,0,5]]");
    check_det(neg, -1.0, log(3.0), "[[1,2,3],[4,5,6],[7,8,10]]");
    check_det(sing, 0.0, -INFINITY, "singular [[1,2,3],[0,0,0],[4,5,6]]");

    /* diag(1e10) of order 300: det = 1e3000 overflows, log|det| = 300 ln(1e10) does not;
     * one negative entry makes the sign -1 */
    enum { N = 300 };
    double *a = calloc((size_t)N * N, sizeof(double));
    float *as = calloc((size_t)N * N, sizeof(float));
    for (int i = 0; i < N; i++) {
        a[i * N + i] = 1e10;
        as[i * N + i] = 1e10f;
    }
    double sign = 0.0, logd = 0.0, want = N * log(1e10);
    basis_status s = basis_ddet(NULL, BASIS_COL_MAJOR, N, a, N, &sign, &logd);
    BT_CHECK(s == BASIS_OK && sign == 1.0 && fabs(logd - want) <= 2.0 * N * BT_EPS_D * want,
             "ddet diag(1e10) n=300: %s sign %g log %.17g want %.17g", basis_status_name(s),
             sign, logd, want);
    a[17 * N + 17] = -1e10;
    s = basis_ddet(NULL, BASIS_ROW_MAJOR, N, a, N, &sign, &logd);
    BT_CHECK(s == BASIS_OK && sign == -1.0 && fabs(logd - want) <= 2.0 * N * BT_EPS_D * want,
             "ddet diag(1e10, one -1e10) n=300: %s sign %g log %.17g want %.17g",
             basis_status_name(s), sign, logd, want);
    float signs = 0.0f, logs = 0.0f;
    double wants = N * log((double)1e10f);
    s = basis_sdet(NULL, BASIS_COL_MAJOR, N, as, N, &signs, &logs);
    BT_CHECK(s == BASIS_OK && signs == 1.0f &&
                 fabs((double)logs - wants) <= 2.0 * N * BT_EPS_S * wants,
             "sdet diag(1e10) n=300: %s sign %g log %.9g want %.9g", basis_status_name(s),
             (double)signs, (double)logs, wants);
    /* tiny entries: det = 1e-3000 underflows, its log does not */
    for (int i = 0; i < N; i++)
        a[i * N + i] = 1e-10;
    s = basis_ddet(NULL, BASIS_COL_MAJOR, N, a, N, &sign, &logd);
    BT_CHECK(s == BASIS_OK && sign == 1.0 && fabs(logd + want) <= 2.0 * N * BT_EPS_D * want,
             "ddet diag(1e-10) n=300: %s sign %g log %.17g want %.17g", basis_status_name(s),
             sign, logd, -want);
    free(a);
    free(as);

    /* entries near the top of the range: the elimination itself would overflow (a pivot of
     * 2e308), the log is finite; and a lopsided diagonal whose determinant is 1 */
    const double top[4] = {1e308, -1e308, 1e308, 1e308}; /* column major [[1,1],[-1,1]] 1e308 */
    s = basis_ddet(NULL, BASIS_COL_MAJOR, 2, top, 2, &sign, &logd);
    want = log(2.0) + 2.0 * 308.0 * log(10.0);
    BT_CHECK(s == BASIS_OK && sign == 1.0 && fabs(logd - want) <= 8.0 * BT_EPS_D * want,
             "ddet 1e308 [[1,1],[-1,1]]: %s sign %g log %.17g want %.17g",
             basis_status_name(s), sign, logd, want);
    const float tops[4] = {3e38f, -3e38f, 3e38f, 3e38f};
    s = basis_sdet(NULL, BASIS_ROW_MAJOR, 2, tops, 2, &signs, &logs);
    wants = log(2.0) + 2.0 * log((double)3e38f);
    BT_CHECK(s == BASIS_OK && signs == 1.0f && fabs((double)logs - wants) <= 8.0 * BT_EPS_S * wants,
             "sdet 3e38 [[1,-1],[1,1]]: %s sign %g log %.9g want %.9g", basis_status_name(s),
             (double)signs, (double)logs, wants);
    const double lopsided[4] = {1e300, 0, 0, 1e-300};
    double value = 0.0;
    s = basis_ddet(NULL, BASIS_COL_MAJOR, 2, lopsided, 2, &sign, &logd);
    basis_status s2 = basis_ddet_value(NULL, BASIS_COL_MAJOR, 2, lopsided, 2, &value);
    BT_CHECK(s == BASIS_OK && s2 == BASIS_OK && sign == 1.0 && fabs(logd) <= 1e-13 &&
                 fabs(value - 1.0) <= 1e-13,
             "ddet diag(1e300, 1e-300): %s %s sign %g log %.17g value %.17g",
             basis_status_name(s), basis_status_name(s2), sign, logd, value);
}

/* ---- exactly singular matrices -------------------------------------------------------- */

/* 9 x 9 random with column 6 (0-based) all zero: that column stays exactly zero under
 * elimination, so the first zero pivot is U(7,7), 1-based index 7. */
static double *singular9(basis_layout layout, int64_t ld, int64_t *size)
{
    double *a = new_matrix(layout, 9, 9, ld, size);
    for (int64_t i = 0; i < 9; i++)
        a[idx(layout, i, 6, ld)] = 0.0;
    return a;
}

static void test_singular(void)
{
    for (int li = 0; li < 2; li++) {
        basis_layout layout = layouts[li];
        int64_t ld = 11, size, ipiv[9];
        double *a0 = singular9(layout, ld, &size);

        /* getrf: BASIS_ERR_SINGULAR, the index in the message, the factorization complete */
        for (int prec = 0; prec < 2; prec++) {
            double *lu;
            basis_status s;
            if (prec == 0) {
                lu = malloc((size_t)size * sizeof(double));
                memcpy(lu, a0, (size_t)size * sizeof(double));
                s = basis_dgetrf(NULL, layout, 9, 9, lu, ld, ipiv);
            } else {
                float *ls = to_s(a0, size);
                s = basis_sgetrf(NULL, layout, 9, 9, ls, ld, ipiv);
                lu = to_d(ls, size);
                free(ls);
            }
            const char *msg = basis_last_error();
            BT_CHECK(s == BASIS_ERR_SINGULAR, "%cgetrf singular %s: got %s, want BASIS_ERR_SINGULAR",
                     prec ? 's' : 'd', lname(layout), basis_status_name(s));
            BT_CHECK(has_number(msg, 7), "%cgetrf singular %s: message \"%s\" lacks the pivot index 7",
                     prec ? 's' : 'd', lname(layout), msg ? msg : "(null)");
            BT_CHECK(lu[idx(layout, 6, 6, ld)] == 0.0, "%cgetrf singular: U(7,7) = %g, want 0",
                     prec ? 's' : 'd', lu[idx(layout, 6, 6, ld)]);
            double r = lu_ratio(layout, 9, 9, a0, lu, ld, size, ipiv,
                                prec ? BT_EPS_S : BT_EPS_D, "getrf singular");
            BT_CHECK(r <= RATIO_MAX, "%cgetrf singular %s: factorization not completed, ratio %g",
                     prec ? 's' : 'd', lname(layout), r);

            /* getri on those factors: an error and A untouched */
            if (prec == 0) {
                double *keep = malloc((size_t)size * sizeof(double));
                memcpy(keep, lu, (size_t)size * sizeof(double));
                s = basis_dgetri(NULL, layout, 9, lu, ld, ipiv);
                BT_CHECK(s == BASIS_ERR_SINGULAR, "dgetri singular %s: got %s", lname(layout),
                         basis_status_name(s));
                BT_CHECK(!memcmp(keep, lu, (size_t)size * sizeof(double)),
                         "dgetri singular %s: A was modified", lname(layout));
                free(keep);
            } else {
                float *ls = to_s(lu, size), *keep = to_s(lu, size);
                s = basis_sgetri(NULL, layout, 9, ls, ld, ipiv);
                BT_CHECK(s == BASIS_ERR_SINGULAR, "sgetri singular %s: got %s", lname(layout),
                         basis_status_name(s));
                BT_CHECK(!memcmp(keep, ls, (size_t)size * sizeof(float)),
                         "sgetri singular %s: A was modified", lname(layout));
                free(ls);
                free(keep);
            }
            free(lu);
        }

        /* gesv: the factorization in A, B untouched */
        {
            int64_t nrhs = 2, ldb = (layout == BASIS_COL_MAJOR ? 9 : nrhs) + 1, bsize;
            double *b0 = new_matrix(layout, 9, nrhs, ldb, &bsize);
            double *b = malloc((size_t)bsize * sizeof(double));
            double *a = malloc((size_t)size * sizeof(double));
            memcpy(b, b0, (size_t)bsize * sizeof(double));
            memcpy(a, a0, (size_t)size * sizeof(double));
            basis_status s = basis_dgesv(NULL, layout, 9, nrhs, a, ld, ipiv, b, ldb);
            BT_CHECK(s == BASIS_ERR_SINGULAR && !memcmp(b, b0, (size_t)bsize * sizeof(double)),
                     "dgesv singular %s: %s, B %s", lname(layout), basis_status_name(s),
                     memcmp(b, b0, (size_t)bsize * sizeof(double)) ? "modified" : "untouched");
            double r = lu_ratio(layout, 9, 9, a0, a, ld, size, ipiv, BT_EPS_D, "dgesv singular");
            BT_CHECK(r <= RATIO_MAX, "dgesv singular %s: A does not hold the factors, ratio %g",
                     lname(layout), r);
            float *as = to_s(a0, size), *bs = to_s(b0, bsize), *bs0 = to_s(b0, bsize);
            s = basis_sgesv(NULL, layout, 9, nrhs, as, ld, ipiv, bs, ldb);
            BT_CHECK(s == BASIS_ERR_SINGULAR && !memcmp(bs, bs0, (size_t)bsize * sizeof(float)),
                     "sgesv singular %s: %s, B %s", lname(layout), basis_status_name(s),
                     memcmp(bs, bs0, (size_t)bsize * sizeof(float)) ? "modified" : "untouched");
            free(b0);
            free(b);
            free(a);
            free(as);
            free(bs);
            free(bs0);
        }

        /* det of the singular matrix: OK, sign 0, -inf */
        {
            double sign = 5.0, logd = 5.0;
            float signs = 5.0f, logs = 5.0f;
            float *as = to_s(a0, size);
            basis_status s = basis_ddet(NULL, layout, 9, a0, ld, &sign, &logd);
            BT_CHECK(s == BASIS_OK && sign == 0.0 && isinf(logd) && logd < 0,
                     "ddet singular %s: %s sign %g log %g", lname(layout), basis_status_name(s),
                     sign, logd);
            s = basis_sdet(NULL, layout, 9, as, ld, &signs, &logs);
            BT_CHECK(s == BASIS_OK && signs == 0.0f && isinf(logs) && logs < 0,
                     "sdet singular %s: %s sign %g log %g", lname(layout), basis_status_name(s),
                     (double)signs, (double)logs);
            free(as);
        }
        free(a0);
    }

    /* a zero pivot that appears only through elimination: [[1,2],[2,4]] -> U(2,2) = 0 */
    double a[4] = {1, 2, 2, 4};
    int64_t ipiv[2];
    basis_status s = basis_dgetrf(NULL, BASIS_ROW_MAJOR, 2, 2, a, 2, ipiv);
    BT_CHECK(s == BASIS_ERR_SINGULAR && a[3] == 0.0 && ipiv[0] == 1 && a[0] == 2.0 && a[2] == 0.5,
             "dgetrf [[1,2],[2,4]]: %s, factors [%g %g; %g %g] ipiv[0]=%lld", basis_status_name(s),
             a[0], a[1], a[2], a[3], (long long)ipiv[0]);
    BT_CHECK(has_number(basis_last_error(), 2), "dgetrf [[1,2],[2,4]]: message \"%s\" lacks index 2",
             basis_last_error());
}

int main(void)
{
    bt_begin("test_lu");
    bt_seed(404);
    test_getrf();
    test_kinds();
    test_solve();
    test_solve_large();
    test_foreign_pivots();
    test_hilbert();
    test_det();
    test_singular();
    return bt_end();
}
