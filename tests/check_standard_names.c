/* check_standard_names.c: every CBLAS, LAPACKE and Fortran name basis provides gives the right results and reference error codes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "basis_cblas.h"
#include "testutil.h"

/* ---- small helpers ------------------------------------------------------------------------ */

/* Element (r, c) of a matrix stored in layout with leading dimension ld. */
static size_t idx(int layout, int ld, int r, int c)
{
    return layout == CblasColMajor ? (size_t)r + (size_t)c * (size_t)ld
                                   : (size_t)r * (size_t)ld + (size_t)c;
}

/* Offset of logical element i of a BLAS vector of n entries with increment inc. */
static size_t vidx(int n, int inc, int i)
{
    return inc >= 0 ? (size_t)i * (size_t)inc : (size_t)(n - 1 - i) * (size_t)(-inc);
}

static int has_text(const char *haystack, const char *needle)
{
    return strstr(haystack, needle) != NULL;
}

static const char *trans_name(CBLAS_TRANSPOSE t)
{
    return t == CblasNoTrans ? "N" : t == CblasTrans ? "T" : "C";
}

static const char *layout_name(int layout)
{
    return layout == CblasRowMajor ? "row" : "col";
}

/* ---- level 1 ------------------------------------------------------------------------------ */

static void check_level1(void)
{
    double x[4] = {1, 2, 3, 4}, y[4] = {4, 5, 6, 7};
    float xs[4] = {1, 2, 3, 4}, ys[4] = {4, 5, 6, 7};
    int n3 = 3, one = 1, minus1 = -1, zero = 0;

    BT_CHECK(cblas_ddot(3, x, 1, y, 1) == 32.0, "ddot = %g, want 32", cblas_ddot(3, x, 1, y, 1));
    BT_CHECK(cblas_sdot(3, xs, 1, ys, 1) == 32.0f, "sdot");
    /* incx = -1 walks x from its far end: (3, 2, 1) . (4, 5, 6) = 28. */
    BT_CHECK(cblas_ddot(3, x, -1, y, 1) == 28.0, "ddot incx=-1 = %g, want 28",
             cblas_ddot(3, x, -1, y, 1));
    BT_CHECK(cblas_sdot(3, xs, 1, ys, -1) == 28.0f, "sdot incy=-1");
    /* incx = 0 repeats x[0]: 1 * (4 + 5 + 6) = 15. */
    BT_CHECK(cblas_ddot(3, x, 0, y, 1) == 15.0, "ddot incx=0 = %g, want 15",
             cblas_ddot(3, x, 0, y, 1));
    BT_CHECK(cblas_sdot(3, xs, 0, ys, -1) == 15.0f, "sdot incx=0 incy=-1");
    BT_CHECK(cblas_ddot(0, x, 1, y, 1) == 0.0 && cblas_ddot(-2, x, 1, y, 1) == 0.0, "ddot n<=0");
    BT_CHECK(ddot_(&n3, x, &one, y, &one) == 32.0, "ddot_");
    BT_CHECK(sdot_(&n3, xs, &minus1, ys, &one) == 28.0f, "sdot_ incx=-1");

    double v[2] = {3, 4};
    float vs[2] = {3, 4};
    int n2 = 2, n4 = 4;
    BT_CHECK(fabs(cblas_dnrm2(2, v, 1) - 5.0) <= 4 * BT_EPS_D, "dnrm2 = %g", cblas_dnrm2(2, v, 1));
    BT_CHECK(fabsf(cblas_snrm2(2, vs, 1) - 5.0f) <= 4 * BT_EPS_S * 5, "snrm2");
    /* A negative increment visits the same entries (BLAS 3.10 dnrm2.f90); 0 counts x[0] n times. */
    BT_CHECK(fabs(cblas_dnrm2(2, v, -1) - 5.0) <= 4 * BT_EPS_D, "dnrm2 incx=-1 = %g",
             cblas_dnrm2(2, v, -1));
    BT_CHECK(fabs(cblas_dnrm2(4, v, 0) - 6.0) <= 4 * BT_EPS_D * 6, "dnrm2 incx=0 = %g",
             cblas_dnrm2(4, v, 0));
    BT_CHECK(fabsf(snrm2_(&n4, vs, &zero) - 6.0f) <= 4 * BT_EPS_S * 6, "snrm2_ incx=0");
    BT_CHECK(cblas_dnrm2(0, v, 1) == 0.0 && cblas_snrm2(-1, vs, 1) == 0.0f, "nrm2 n<=0");
    BT_CHECK(fabs(dnrm2_(&n2, v, &one) - 5.0) <= 4 * BT_EPS_D, "dnrm2_");
    double big[2] = {3e200, 4e200};
    BT_CHECK(fabs(cblas_dnrm2(2, big, 1) / 5e200 - 1.0) <= 4 * BT_EPS_D, "dnrm2 no overflow");

    double ya[3] = {1, 1, 1};
    cblas_daxpy(3, 2.0, x, 1, ya, 1);
    BT_CHECK(ya[0] == 3 && ya[1] == 5 && ya[2] == 7, "daxpy: %g %g %g", ya[0], ya[1], ya[2]);
    double yb[3] = {1, 1, 1};
    cblas_daxpy(3, 2.0, x, -1, yb, 1); /* y += 2 * (3, 2, 1) */
    BT_CHECK(yb[0] == 7 && yb[1] == 5 && yb[2] == 3, "daxpy incx=-1: %g %g %g", yb[0], yb[1],
             yb[2]);
    double yc[3] = {1, 100, 100};
    cblas_daxpy(3, 1.0, x, 1, yc, 0); /* incy = 0 accumulates into y[0]: 1 + 1 + 2 + 3 */
    BT_CHECK(yc[0] == 7 && yc[1] == 100, "daxpy incy=0: %g", yc[0]);
    double yd[3] = {1, 1, 1};
    double xnan[3] = {NAN, NAN, NAN};
    cblas_daxpy(3, 0.0, xnan, 1, yd, 1); /* alpha = 0 is a quick return: x is not read */
    BT_CHECK(yd[0] == 1 && yd[2] == 1, "daxpy alpha=0 touched y");
    float ysf[3] = {1, 1, 1};
    float two = 2.0f;
    saxpy_(&n3, &two, xs, &one, ysf, &one);
    BT_CHECK(ysf[0] == 3 && ysf[2] == 7, "saxpy_");
    double ye[3] = {1, 1, 1};
    double dtwo = 2.0;
    daxpy_(&n3, &dtwo, x, &minus1, ye, &one);
    BT_CHECK(ye[0] == 7 && ye[2] == 3, "daxpy_ incx=-1");

    double s[4] = {1, 2, 3, 4};
    cblas_dscal(2, 3.0, s, 2);
    BT_CHECK(s[0] == 3 && s[1] == 2 && s[2] == 9 && s[3] == 4, "dscal incx=2");
    cblas_dscal(4, 3.0, s, -1); /* incx <= 0: nothing */
    cblas_dscal(4, 3.0, s, 0);
    BT_CHECK(s[0] == 3 && s[1] == 2 && s[2] == 9 && s[3] == 4, "dscal incx<=0 changed x");
    double sn[3] = {NAN, 2, INFINITY};
    cblas_dscal(3, 0.0, sn, 1); /* reference multiplies: 0 * NaN and 0 * Inf are NaN */
    BT_CHECK(isnan(sn[0]) && sn[1] == 0.0 && isnan(sn[2]), "dscal alpha=0: %g %g %g", sn[0],
             sn[1], sn[2]);
    float ss[3] = {1, 2, 3};
    float half = 0.5f;
    sscal_(&n3, &half, ss, &one);
    BT_CHECK(ss[0] == 0.5f && ss[2] == 1.5f, "sscal_");
    double sd[3] = {1, 2, 3};
    double dhalf = 0.5;
    dscal_(&n3, &dhalf, sd, &one);
    BT_CHECK(sd[1] == 1.0, "dscal_");
    cblas_sscal(3, 2.0f, ss, 1);
    BT_CHECK(ss[2] == 3.0f, "sscal");

    /* Random vectors against the native API. */
    bt_seed(11);
    enum { N = 37 };
    double rx[3 * N], ry[3 * N];
    float fx[3 * N], fy[3 * N];
    bt_fill_d(rx, 3 * N);
    bt_fill_d(ry, 3 * N);
    bt_fill_s(fx, 3 * N);
    bt_fill_s(fy, 3 * N);
    const int incs[3] = {1, 3, -2};
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            double nat = 0;
            float fnat = 0;
            basis_ddot(NULL, N, rx, incs[i], ry, incs[j], &nat);
            basis_sdot(NULL, N, fx, incs[i], fy, incs[j], &fnat);
            double got = cblas_ddot(N, rx, incs[i], ry, incs[j]);
            float fgot = cblas_sdot(N, fx, incs[i], fy, incs[j]);
            BT_CHECK(fabs(got - nat) <= N * BT_EPS_D * 4, "ddot incs %d %d: %g vs %g", incs[i],
                     incs[j], got, nat);
            BT_CHECK(fabsf(fgot - fnat) <= N * BT_EPS_S * 4, "sdot incs %d %d", incs[i],
                     incs[j]);
            double yy[3 * N], yn[3 * N];
            memcpy(yy, ry, sizeof yy);
            memcpy(yn, ry, sizeof yn);
            cblas_daxpy(N, -1.5, rx, incs[i], yy, incs[j]);
            basis_daxpy(NULL, N, -1.5, rx, incs[i], yn, incs[j]);
            BT_CHECK(memcmp(yy, yn, sizeof yy) == 0, "daxpy incs %d %d differs from native",
                     incs[i], incs[j]);
        }
        double nn = 0;
        basis_dnrm2(NULL, N, rx, incs[i], &nn);
        BT_CHECK(fabs(cblas_dnrm2(N, rx, incs[i]) - nn) <= 4 * BT_EPS_D * nn, "dnrm2 inc %d",
                 incs[i]);
        float fn = 0;
        basis_snrm2(NULL, N, fx, incs[i], &fn);
        BT_CHECK(fabsf(cblas_snrm2(N, fx, incs[i]) - fn) <= 4 * BT_EPS_S * fn, "snrm2 inc %d",
                 incs[i]);
    }
}

/* ---- gemv and gemm against a plain oracle --------------------------------------------------- */

/* y := alpha op(A) x + beta y in long double, with BLAS vector conventions. */
static void gemv_oracle(int layout, CBLAS_TRANSPOSE t, int m, int n, double alpha,
                        const double *a, int lda, const double *x, int incx, double beta,
                        double *y, int incy, double *bound)
{
    int leny = t == CblasNoTrans ? m : n, lenx = t == CblasNoTrans ? n : m;
    for (int i = 0; i < leny; i++) {
        long double sum = 0, mag = 0;
        for (int l = 0; l < lenx; l++) {
            double aij = t == CblasNoTrans ? a[idx(layout, lda, i, l)] : a[idx(layout, lda, l, i)];
            sum += (long double)aij * x[vidx(lenx, incx, l)];
            mag += fabsl((long double)aij * x[vidx(lenx, incx, l)]);
        }
        double *yi = &y[vidx(leny, incy, i)];
        long double r = alpha * sum + (beta == 0.0 ? 0.0L : (long double)beta * *yi);
        bound[i] = (double)(fabsl((long double)alpha) * mag + fabs(beta) * fabs(*yi));
        *yi = (double)r;
    }
}

static void check_gemv(void)
{
    bt_seed(21);
    const int layouts[2] = {CblasRowMajor, CblasColMajor};
    const CBLAS_TRANSPOSE ts[3] = {CblasNoTrans, CblasTrans, CblasConjTrans};
    const int shapes[3][2] = {{1, 1}, {7, 5}, {4, 9}};
    const double scal[3] = {0.0, 1.0, -1.5};
    const int incxs[2] = {1, -2}, incys[2] = {3, -1};
    for (int li = 0; li < 2; li++)
        for (int ti = 0; ti < 3; ti++)
            for (int si = 0; si < 3; si++)
                for (int ai = 0; ai < 3; ai++)
                    for (int bi = 0; bi < 3; bi++)
                        for (int ii = 0; ii < 2; ii++) {
        int layout = layouts[li], m = shapes[si][0], n = shapes[si][1];
        CBLAS_TRANSPOSE t = ts[ti];
        int incx = incxs[ii], incy = incys[ii];
        int lda = (layout == CblasColMajor ? m : n) + 2;
        int lenx = t == CblasNoTrans ? n : m, leny = t == CblasNoTrans ? m : n;
        double a[16 * 16], x[64], y[64], yref[64], bound[16];
        float as[16 * 16], xs[64], ys[64];
        bt_fill_d(a, 16 * 16);
        bt_fill_d(x, 64);
        bt_fill_d(y, 64);
        for (int i = 0; i < 256; i++)
            as[i] = (float)a[i];
        for (int i = 0; i < 64; i++) {
            xs[i] = (float)x[i];
            ys[i] = (float)y[i];
        }
        memcpy(yref, y, sizeof y);
        double alpha = scal[ai], beta = scal[bi];
        gemv_oracle(layout, t, m, n, alpha, a, lda, x, incx, beta, yref, incy, bound);
        cblas_dgemv((CBLAS_LAYOUT)layout, t, m, n, alpha, a, lda, x, incx, beta, y, incy);
        cblas_sgemv((CBLAS_LAYOUT)layout, t, m, n, (float)alpha, as, lda, xs, incx, (float)beta,
                    ys, incy);
        int bad = 0, sbad = 0;
        for (int i = 0; i < leny; i++) {
            size_t k = vidx(leny, incy, i);
            double tol = (lenx + 2) * BT_EPS_D * 2 * bound[i];
            if (fabs(y[k] - yref[k]) > tol)
                bad++;
            if (fabs((double)ys[k] - yref[k]) > (lenx + 2) * BT_EPS_S * 4 * bound[i] + 1e-30)
                sbad++;
        }
        BT_CHECK(!bad, "cblas_dgemv %s %s m=%d n=%d alpha=%g beta=%g incx=%d incy=%d: %d wrong",
                 layout_name(layout), trans_name(t), m, n, alpha, beta, incx, incy, bad);
        BT_CHECK(!sbad, "cblas_sgemv %s %s m=%d n=%d alpha=%g beta=%g: %d wrong",
                 layout_name(layout), trans_name(t), m, n, alpha, beta, sbad);
        if (layout == CblasColMajor) {
            double yf[64];
            bt_fill_d(yf, 64);
            memcpy(yref, yf, sizeof yf);
            gemv_oracle(layout, t, m, n, alpha, a, lda, x, incx, beta, yref, incy, bound);
            dgemv_(trans_name(t), &m, &n, &alpha, a, &lda, x, &incx, &beta, yf, &incy, 1);
            bad = 0;
            for (int i = 0; i < leny; i++) {
                size_t k = vidx(leny, incy, i);
                if (fabs(yf[k] - yref[k]) > (lenx + 2) * BT_EPS_D * 2 * bound[i])
                    bad++;
            }
            BT_CHECK(!bad, "dgemv_ %s m=%d n=%d: %d wrong", trans_name(t), m, n, bad);
        }
    }
    /* Quick return as the reference: m or n = 0 leaves y alone even with beta = 0. */
    double y0[3] = {1, 2, 3}, a0[1] = {0}, x0[3] = {1, 1, 1};
    cblas_dgemv(CblasColMajor, CblasNoTrans, 3, 0, 1.0, a0, 3, x0, 1, 0.0, y0, 1);
    BT_CHECK(y0[0] == 1 && y0[2] == 3, "dgemv n=0 touched y");
    /* Hand case: [[1,2],[3,4]] (row major) times (1, 1) = (3, 7). */
    double ah[4] = {1, 2, 3, 4}, xh[2] = {1, 1}, yh[2] = {0, 0};
    cblas_dgemv(CblasRowMajor, CblasNoTrans, 2, 2, 1.0, ah, 2, xh, 1, 0.0, yh, 1);
    BT_CHECK(yh[0] == 3 && yh[1] == 7, "dgemv hand: %g %g", yh[0], yh[1]);
    cblas_dgemv(CblasRowMajor, CblasTrans, 2, 2, 1.0, ah, 2, xh, 1, 0.0, yh, 1);
    BT_CHECK(yh[0] == 4 && yh[1] == 6, "dgemv^T hand: %g %g", yh[0], yh[1]);
}

static void gemm_oracle(int layout, CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k,
                        double alpha, const double *a, int lda, const double *b, int ldb,
                        double beta, const double *c, int ldc, double *out, double *bound)
{
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
            long double sum = 0, mag = 0;
            for (int l = 0; l < k; l++) {
                double x = ta == CblasNoTrans ? a[idx(layout, lda, i, l)] : a[idx(layout, lda, l, i)];
                double y = tb == CblasNoTrans ? b[idx(layout, ldb, l, j)] : b[idx(layout, ldb, j, l)];
                sum += (long double)x * y;
                mag += fabsl((long double)x * y);
            }
            double cij = c[idx(layout, ldc, i, j)];
            out[i * n + j] = (double)(alpha * sum + (beta == 0.0 ? 0.0L : (long double)beta * cij));
            bound[i * n + j] = (double)(fabsl((long double)alpha) * mag + fabs(beta) * fabs(cij));
        }
    }
}

static void check_gemm(void)
{
    bt_seed(31);
    const int layouts[2] = {CblasRowMajor, CblasColMajor};
    const CBLAS_TRANSPOSE ts[3] = {CblasNoTrans, CblasTrans, CblasConjTrans};
    const int shapes[3][3] = {{1, 1, 1}, {7, 5, 3}, {13, 8, 9}};
    const double scal[3] = {0.0, 1.0, -1.5};
    enum { S = 16 * 20 };
    for (int li = 0; li < 2; li++)
        for (int ta = 0; ta < 3; ta++)
            for (int tb = 0; tb < 3; tb++)
                for (int si = 0; si < 3; si++)
                    for (int ai = 0; ai < 3; ai++)
                        for (int bi = 0; bi < 3; bi++) {
        int layout = layouts[li], m = shapes[si][0], n = shapes[si][1], k = shapes[si][2];
        CBLAS_TRANSPOSE TA = ts[ta], TB = ts[tb];
        int col = layout == CblasColMajor;
        int arows = TA == CblasNoTrans ? m : k, acols = TA == CblasNoTrans ? k : m;
        int brows = TB == CblasNoTrans ? k : n, bcols = TB == CblasNoTrans ? n : k;
        int lda = (col ? arows : acols) + 1, ldb = (col ? brows : bcols) + 3;
        int ldc = (col ? m : n) + 2;
        double alpha = scal[ai], beta = scal[bi];
        double a[S], b[S], c[S], c0[S], cn[S], ref[S], bound[S];
        float as[S], bs[S], cs[S];
        bt_fill_d(a, S);
        bt_fill_d(b, S);
        bt_fill_d(c, S);
        for (int i = 0; i < S; i++) {
            as[i] = (float)a[i];
            bs[i] = (float)b[i];
            cs[i] = (float)c[i];
        }
        memcpy(c0, c, sizeof c);
        memcpy(cn, c, sizeof c);
        gemm_oracle(layout, TA, TB, m, n, k, alpha, a, lda, b, ldb, beta, c0, ldc, ref, bound);
        cblas_dgemm((CBLAS_LAYOUT)layout, TA, TB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        cblas_sgemm((CBLAS_LAYOUT)layout, TA, TB, m, n, k, (float)alpha, as, lda, bs, ldb,
                    (float)beta, cs, ldc);
        basis_dgemm(NULL, (basis_layout)layout, (basis_trans)TA, (basis_trans)TB, m, n, k, alpha,
                    a, lda, b, ldb, beta, cn, ldc);
        int bad = 0, sbad = 0, nbad = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                size_t p = idx(layout, ldc, i, j);
                double e = bound[i * n + j];
                if (fabs(c[p] - ref[i * n + j]) > (k + 2) * BT_EPS_D * 2 * e)
                    bad++;
                if (fabs((double)cs[p] - ref[i * n + j]) > (k + 2) * BT_EPS_S * 4 * e)
                    sbad++;
                if (fabs(c[p] - cn[p]) > (k + 2) * BT_EPS_D * 2 * e)
                    nbad++;
            }
        /* Entries outside the m x n block must be untouched. */
        int outside = 0;
        for (int i = 0; i < S; i++) {
            int r = col ? i % ldc : i / ldc, cc = col ? i / ldc : i % ldc;
            if ((r >= m || cc >= n) && c[i] != c0[i])
                outside++;
        }
        BT_CHECK(!bad && !nbad && !outside,
                 "cblas_dgemm %s %s%s m=%d n=%d k=%d alpha=%g beta=%g: %d wrong, %d differ from "
                 "native, %d written outside C",
                 layout_name(layout), trans_name(TA), trans_name(TB), m, n, k, alpha, beta, bad,
                 nbad, outside);
        BT_CHECK(!sbad, "cblas_sgemm %s %s%s m=%d n=%d k=%d alpha=%g beta=%g: %d wrong",
                 layout_name(layout), trans_name(TA), trans_name(TB), m, n, k, alpha, beta, sbad);
        if (col) {
            double cf[S];
            float cfs[S];
            float alf = (float)alpha, bef = (float)beta;
            memcpy(cf, c0, sizeof cf);
            for (int i = 0; i < S; i++)
                cfs[i] = (float)c0[i];
            dgemm_(trans_name(TA), trans_name(TB), &m, &n, &k, &alpha, a, &lda, b, &ldb, &beta,
                   cf, &ldc, 1, 1);
            sgemm_(trans_name(TA), trans_name(TB), &m, &n, &k, &alf, as, &lda, bs, &ldb, &bef,
                   cfs, &ldc, 1, 1);
            bad = sbad = 0;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    size_t p = idx(layout, ldc, i, j);
                    double e = bound[i * n + j];
                    if (fabs(cf[p] - ref[i * n + j]) > (k + 2) * BT_EPS_D * 2 * e)
                        bad++;
                    if (fabs((double)cfs[p] - ref[i * n + j]) > (k + 2) * BT_EPS_S * 4 * e)
                        sbad++;
                }
            BT_CHECK(!bad && !sbad, "dgemm_/sgemm_ %s%s m=%d n=%d k=%d: %d/%d wrong",
                     trans_name(TA), trans_name(TB), m, n, k, bad, sbad);
        }
    }
    /* Hand case: [[1,2],[3,4]] [[5,6],[7,8]] = [[19,22],[43,50]] (row major). */
    double a[4] = {1, 2, 3, 4}, b[4] = {5, 6, 7, 8}, c[4] = {0};
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1.0, a, 2, b, 2, 0.0, c, 2);
    BT_CHECK(c[0] == 19 && c[1] == 22 && c[2] == 43 && c[3] == 50, "dgemm hand: %g %g %g %g",
             c[0], c[1], c[2], c[3]);
    /* The same arrays read as column major are the transposes: A^T B^T = (BA)^T. */
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1.0, a, 2, b, 2, 0.0, c, 2);
    BT_CHECK(c[0] == 23 && c[1] == 34 && c[2] == 31 && c[3] == 46, "dgemm col hand: %g %g %g %g",
             c[0], c[1], c[2], c[3]);
    /* beta = 0 does not read C: NaN there is overwritten. */
    double cn[4] = {NAN, NAN, NAN, NAN};
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1.0, a, 2, b, 2, 0.0, cn, 2);
    BT_CHECK(cn[0] == 19 && cn[3] == 50, "dgemm beta=0 propagated NaN");
}

/* ---- LU ------------------------------------------------------------------------------------ */

/* max |P A - L U| / (n max|A| eps) from the factors in f and 1-based ipiv of getrf. */
static double lu_residual(int layout, int m, int n, const double *a, int lda, const double *f,
                          const int *ipiv, double eps)
{
    int mn = m < n ? m : n;
    double *pa = malloc(sizeof(double) * (size_t)m * (size_t)n);
    double amax = 0, err = 0;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            pa[i * n + j] = a[idx(layout, lda, i, j)];
            amax = fmax(amax, fabs(pa[i * n + j]));
        }
    for (int i = 0; i < mn; i++) {
        int p = ipiv[i] - 1;
        for (int j = 0; j < n; j++) {
            double t = pa[i * n + j];
            pa[i * n + j] = pa[p * n + j];
            pa[p * n + j] = t;
        }
    }
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            long double s = 0;
            for (int l = 0; l <= (i < j ? i : j) && l < mn; l++) {
                double lil = l == i ? 1.0 : f[idx(layout, lda, i, l)];
                s += (long double)lil * f[idx(layout, lda, l, j)];
            }
            err = fmax(err, fabs((double)s - pa[i * n + j]));
        }
    free(pa);
    return err / ((double)(m > n ? m : n) * (amax > 0 ? amax : 1) * eps);
}

/* A random matrix with a heavy diagonal, so that it is well conditioned. */
static void fill_matrix(int layout, int n, int ld, double *a, size_t size)
{
    bt_fill_d(a, (int64_t)size);
    for (int i = 0; i < n; i++)
        a[idx(layout, ld, i, i)] += n;
}

static void check_lu_hand(void)
{
    /* [[1,2],[3,4]] (row major): row 2 is the first pivot; U = [[3,4],[0,2/3]], l21 = 1/3. */
    double a[4] = {1, 2, 3, 4};
    int ipiv[2] = {-7, -7};
    lapack_int info = LAPACKE_dgetrf(LAPACK_ROW_MAJOR, 2, 2, a, 2, ipiv);
    BT_CHECK(info == 0 && ipiv[0] == 2 && ipiv[1] == 2, "dgetrf hand: info %d ipiv %d %d",
             (int)info, ipiv[0], ipiv[1]);
    BT_CHECK(a[0] == 3 && a[1] == 4 && fabs(a[2] - 1.0 / 3) < 4 * BT_EPS_D &&
                 fabs(a[3] - 2.0 / 3) < 4 * BT_EPS_D,
             "dgetrf hand factors %g %g %g %g", a[0], a[1], a[2], a[3]);

    /* Exactly singular: [[1,2],[2,4]] gives U(2,2) = 0 -> info = 2, factorization completed. */
    double s[4] = {1, 2, 2, 4};
    info = LAPACKE_dgetrf(LAPACK_ROW_MAJOR, 2, 2, s, 2, ipiv);
    BT_CHECK(info == 2 && ipiv[0] == 2 && ipiv[1] == 2, "singular dgetrf: info %d ipiv %d %d",
             (int)info, ipiv[0], ipiv[1]);
    BT_CHECK(s[0] == 2 && s[1] == 4 && s[2] == 0.5 && s[3] == 0, "singular factors %g %g %g %g",
             s[0], s[1], s[2], s[3]);
    /* A zero first column: info = 1, and the rest is still factored. */
    double z[4] = {0, 0, 1, 2}; /* column major [[0,1],[0,2]] */
    int m2 = 2, ld2 = 2, finfo = -99;
    dgetrf_(&m2, &m2, z, &ld2, ipiv, &finfo);
    BT_CHECK(finfo == 1 && ipiv[0] == 1 && z[3] == 2, "dgetrf_ zero column: info %d ipiv %d",
             finfo, ipiv[0]);
    float zs[4] = {0, 0, 1, 2};
    finfo = -99;
    sgetrf_(&m2, &m2, zs, &ld2, ipiv, &finfo);
    BT_CHECK(finfo == 1, "sgetrf_ zero column: info %d", finfo);
    float ss[4] = {1, 2, 2, 4};
    info = LAPACKE_sgetrf(LAPACK_COL_MAJOR, 2, 2, ss, 2, ipiv);
    BT_CHECK(info == 2 && ipiv[0] == 2, "singular sgetrf col: info %d ipiv %d", (int)info,
             ipiv[0]);

    /* gesv on the singular matrix: info = 2, B untouched, the factors returned. */
    double g[4] = {1, 2, 2, 4}, gb[2] = {1, 1};
    info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, 2, 1, g, 2, ipiv, gb, 1);
    BT_CHECK(info == 2 && gb[0] == 1 && gb[1] == 1 && g[0] == 2 && ipiv[0] == 2,
             "singular dgesv: info %d b %g %g", (int)info, gb[0], gb[1]);
    int one = 1;
    double g2[4] = {1, 2, 2, 4}, gb2[2] = {1, 1};
    dgesv_(&m2, &one, g2, &ld2, ipiv, gb2, &ld2, &finfo);
    BT_CHECK(finfo == 2 && gb2[0] == 1 && gb2[1] == 1, "singular dgesv_: info %d", finfo);

    /* getri on singular factors: info > 0 and A exactly as it was. */
    double keep[4];
    memcpy(keep, s, sizeof s);
    int sp[2] = {2, 2};
    info = LAPACKE_dgetri(LAPACK_ROW_MAJOR, 2, s, 2, sp);
    BT_CHECK(info == 2 && memcmp(s, keep, sizeof s) == 0, "singular dgetri: info %d",
             (int)info);
    double work[4];
    int lwork = 4;
    dgetri_(&m2, s, &ld2, sp, work, &lwork, &finfo);
    BT_CHECK(finfo == 2 && memcmp(s, keep, sizeof s) == 0, "singular dgetri_: info %d", finfo);
    float sf[4] = {2, 0.5f, 4, 0}, sfk[4];
    memcpy(sfk, sf, sizeof sf);
    info = LAPACKE_sgetri(LAPACK_COL_MAJOR, 2, sf, 2, sp);
    BT_CHECK(info == 2 && memcmp(sf, sfk, sizeof sf) == 0, "singular sgetri: info %d",
             (int)info);
    float fwork[4];
    sgetri_(&m2, sf, &ld2, sp, fwork, &lwork, &finfo);
    BT_CHECK(finfo == 2 && memcmp(sf, sfk, sizeof sf) == 0, "singular sgetri_: info %d", finfo);

    /* Pivots getrf would not produce are legal, as in the reference (laswp's meaning):
     * U = [[2,1],[0,4]], L = I, ipiv {2,1}: getrs applies both swaps (P = I, x = U^-1 b),
     * getri only the first (inv = U^-1 with its columns swapped); the reference's results. */
    int hp[2] = {2, 1};
    double hu[4] = {2, 0, 1, 4}, hb[2] = {1, 2}, hb2[2] = {1, 2};
    info = LAPACKE_dgetrs(LAPACK_COL_MAJOR, 'N', 2, 1, hu, 2, hp, hb, 2);
    BT_CHECK(info == 0 && hb[0] == 0.25 && hb[1] == 0.5, "dgetrs hand-made pivots: info %d b %g %g",
             (int)info, hb[0], hb[1]);
    char nt = 'N';
    dgetrs_(&nt, &m2, &one, hu, &ld2, hp, hb2, &ld2, &finfo, 1);
    BT_CHECK(finfo == 0 && hb2[0] == 0.25 && hb2[1] == 0.5,
             "dgetrs_ hand-made pivots: info %d b %g %g", finfo, hb2[0], hb2[1]);
    dgetri_(&m2, hu, &ld2, hp, work, &lwork, &finfo);
    BT_CHECK(finfo == 0 && hu[0] == -0.125 && hu[1] == 0.25 && hu[2] == 0.5 && hu[3] == 0,
             "dgetri_ hand-made pivots: info %d inv %g %g %g %g", finfo, hu[0], hu[1], hu[2],
             hu[3]);

    /* Workspace query: work[0] = max(1, n), nothing else happens. */
    int n5 = 5, query = -1, ld5 = 5;
    double dummy[25] = {0};
    work[0] = -1;
    finfo = -99;
    dgetri_(&n5, dummy, &ld5, sp, work, &query, &finfo);
    BT_CHECK(finfo == 0 && work[0] == 5.0, "dgetri_ query: info %d work %g", finfo, work[0]);
    float fd[25] = {0};
    sgetri_(&n5, fd, &ld5, sp, fwork, &query, &finfo);
    BT_CHECK(finfo == 0 && fwork[0] == 5.0f, "sgetri_ query: info %d work %g", finfo,
             (double)fwork[0]);
}

static void check_lu_random(void)
{
    bt_seed(41);
    const int layouts[2] = {LAPACK_ROW_MAJOR, LAPACK_COL_MAJOR};
    const int sizes[3] = {1, 7, 33};
    for (int li = 0; li < 2; li++) {
        for (int si = 0; si < 3; si++) {
            int layout = layouts[li], n = sizes[si], nrhs = 3;
            int col = layout == LAPACK_COL_MAJOR;
            int lda = n + 2, ldb = col ? n + 1 : nrhs + 1;
            size_t asz = (size_t)lda * n, bsz = (size_t)ldb * (col ? nrhs : n);
            double *a = malloc(asz * sizeof *a), *f = malloc(asz * sizeof *f);
            double *x = malloc(bsz * sizeof *x), *b = malloc(bsz * sizeof *b);
            float *fs = malloc(asz * sizeof *fs), *bs = malloc(bsz * sizeof *bs);
            int *ipiv = malloc((size_t)n * sizeof *ipiv);
            fill_matrix(layout, n, lda, a, asz);
            bt_fill_d(x, (int64_t)bsz);

            /* getrf: P A = L U, 1-based pivots in range. */
            memcpy(f, a, asz * sizeof *a);
            lapack_int info = LAPACKE_dgetrf(layout, n, n, f, lda, ipiv);
            int inrange = 1;
            for (int i = 0; i < n; i++)
                inrange &= ipiv[i] >= i + 1 && ipiv[i] <= n;
            double r = lu_residual(layout, n, n, a, lda, f, ipiv, BT_EPS_D);
            BT_CHECK(info == 0 && inrange && r < 30, "LAPACKE_dgetrf %s n=%d: info %d residual %g",
                     layout_name(layout), n, (int)info, r);
            /* Same pivots as the native API, shifted by one. */
            double *fn = malloc(asz * sizeof *fn);
            int64_t *p64 = malloc((size_t)n * sizeof *p64);
            memcpy(fn, a, asz * sizeof *a);
            basis_dgetrf(NULL, (basis_layout)layout, n, n, fn, lda, p64);
            int same = memcmp(fn, f, asz * sizeof *f) == 0;
            for (int i = 0; i < n; i++)
                same &= p64[i] + 1 == ipiv[i];
            BT_CHECK(same, "LAPACKE_dgetrf %s n=%d differs from basis_dgetrf", layout_name(layout),
                     n);
            free(fn);
            free(p64);

            /* getrs with N and T: op(A) X = B, checked by multiplying back. */
            const char transes[2] = {'N', 'T'};
            for (int ti = 0; ti < 2; ti++) {
                int tr = transes[ti] == 'T';
                for (size_t i = 0; i < bsz; i++)
                    b[i] = 0;
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < nrhs; j++) {
                        double s = 0;
                        for (int l = 0; l < n; l++)
                            s += (tr ? a[idx(layout, lda, l, i)] : a[idx(layout, lda, i, l)]) *
                                 x[idx(layout, ldb, l, j)];
                        b[idx(layout, ldb, i, j)] = s;
                    }
                info = LAPACKE_dgetrs(layout, transes[ti], n, nrhs, f, lda, ipiv, b, ldb);
                double err = 0;
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < nrhs; j++)
                        err = fmax(err, fabs(b[idx(layout, ldb, i, j)] - x[idx(layout, ldb, i, j)]));
                BT_CHECK(info == 0 && err < 1e3 * n * BT_EPS_D,
                         "LAPACKE_dgetrs %s %c n=%d: info %d err %g", layout_name(layout),
                         transes[ti], n, (int)info, err);
                if (col) {
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < nrhs; j++) {
                            double s = 0;
                            for (int l = 0; l < n; l++)
                                s += (tr ? a[idx(layout, lda, l, i)] : a[idx(layout, lda, i, l)]) *
                                     x[idx(layout, ldb, l, j)];
                            b[idx(layout, ldb, i, j)] = s;
                        }
                    int finfo = -99;
                    char tc = (char)(tr ? 't' : 'n'); /* lower case, as LSAME allows */
                    dgetrs_(&tc, &n, &nrhs, f, &lda, ipiv, b, &ldb, &finfo, 1);
                    err = 0;
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < nrhs; j++)
                            err = fmax(err, fabs(b[idx(layout, ldb, i, j)] - x[idx(layout, ldb, i, j)]));
                    BT_CHECK(finfo == 0 && err < 1e3 * n * BT_EPS_D, "dgetrs_ %c n=%d: err %g",
                             tc, n, err);
                }
            }

            /* gesv: A X = B in one call, double and single. */
            for (int i = 0; i < n; i++)
                for (int j = 0; j < nrhs; j++) {
                    double s = 0;
                    for (int l = 0; l < n; l++)
                        s += a[idx(layout, lda, i, l)] * x[idx(layout, ldb, l, j)];
                    b[idx(layout, ldb, i, j)] = s;
                }
            for (size_t i = 0; i < bsz; i++)
                bs[i] = (float)b[i];
            for (size_t i = 0; i < asz; i++)
                fs[i] = (float)a[i];
            memcpy(f, a, asz * sizeof *a);
            info = LAPACKE_dgesv(layout, n, nrhs, f, lda, ipiv, b, ldb);
            double err = 0, serr = 0;
            lapack_int sinfo = LAPACKE_sgesv(layout, n, nrhs, fs, lda, ipiv, bs, ldb);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < nrhs; j++) {
                    size_t p = idx(layout, ldb, i, j);
                    err = fmax(err, fabs(b[p] - x[p]));
                    serr = fmax(serr, fabs((double)bs[p] - x[p]));
                }
            BT_CHECK(info == 0 && err < 1e3 * n * BT_EPS_D, "LAPACKE_dgesv %s n=%d: err %g",
                     layout_name(layout), n, err);
            BT_CHECK(sinfo == 0 && serr < 1e3 * n * BT_EPS_S, "LAPACKE_sgesv %s n=%d: err %g",
                     layout_name(layout), n, serr);
            if (col) {
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < nrhs; j++) {
                        double s = 0;
                        for (int l = 0; l < n; l++)
                            s += a[idx(layout, lda, i, l)] * x[idx(layout, ldb, l, j)];
                        b[idx(layout, ldb, i, j)] = s;
                        bs[idx(layout, ldb, i, j)] = (float)s;
                    }
                for (size_t i = 0; i < asz; i++)
                    fs[i] = (float)a[i];
                memcpy(f, a, asz * sizeof *a);
                int finfo = -99, sfinfo = -99;
                dgesv_(&n, &nrhs, f, &lda, ipiv, b, &ldb, &finfo);
                sgesv_(&n, &nrhs, fs, &lda, ipiv, bs, &ldb, &sfinfo);
                err = serr = 0;
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < nrhs; j++) {
                        size_t p = idx(layout, ldb, i, j);
                        err = fmax(err, fabs(b[p] - x[p]));
                        serr = fmax(serr, fabs((double)bs[p] - x[p]));
                    }
                BT_CHECK(finfo == 0 && sfinfo == 0 && err < 1e3 * n * BT_EPS_D &&
                             serr < 1e3 * n * BT_EPS_S,
                         "dgesv_/sgesv_ n=%d: err %g %g", n, err, serr);
            }

            /* getri: A inv(A) = I, through LAPACKE and the Fortran name. */
            for (int variant = 0; variant < 2; variant++) {
                if (variant == 1 && !col)
                    break;
                memcpy(f, a, asz * sizeof *a);
                int finfo = -99;
                if (variant == 0) {
                    info = LAPACKE_dgetrf(layout, n, n, f, lda, ipiv);
                    finfo = (int)LAPACKE_dgetri(layout, n, f, lda, ipiv);
                } else {
                    dgetrf_(&n, &n, f, &lda, ipiv, &finfo);
                    int lwork = n;
                    double *work = malloc((size_t)n * sizeof *work);
                    dgetri_(&n, f, &lda, ipiv, work, &lwork, &finfo);
                    free(work);
                }
                double e = 0;
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int l = 0; l < n; l++)
                            s += a[idx(layout, lda, i, l)] * f[idx(layout, lda, l, j)];
                        e = fmax(e, fabs(s - (i == j)));
                    }
                BT_CHECK(finfo == 0 && e < 1e3 * n * BT_EPS_D, "%s %s n=%d: info %d |A inv(A) - I| %g",
                         variant ? "dgetri_" : "LAPACKE_dgetri", layout_name(layout), n, finfo, e);
            }
            for (size_t i = 0; i < asz; i++)
                fs[i] = (float)a[i];
            info = LAPACKE_sgetrf(layout, n, n, fs, lda, ipiv);
            lapack_int iinfo = LAPACKE_sgetri(layout, n, fs, lda, ipiv);
            double e = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int l = 0; l < n; l++)
                        s += a[idx(layout, lda, i, l)] * fs[idx(layout, lda, l, j)];
                    e = fmax(e, fabs(s - (i == j)));
                }
            BT_CHECK(info == 0 && iinfo == 0 && e < 1e3 * n * BT_EPS_S,
                     "LAPACKE_sgetri %s n=%d: |A inv(A) - I| %g", layout_name(layout), n, e);
            /* sgetrs through LAPACKE and the Fortran name on the single-precision factors. */
            for (size_t i = 0; i < asz; i++)
                fs[i] = (float)a[i];
            info = LAPACKE_sgetrf(layout, n, n, fs, lda, ipiv);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < nrhs; j++) {
                    double s = 0;
                    for (int l = 0; l < n; l++)
                        s += a[idx(layout, lda, i, l)] * x[idx(layout, ldb, l, j)];
                    bs[idx(layout, ldb, i, j)] = (float)s;
                }
            if (col) {
                int finfo = -99;
                sgetrs_("N", &n, &nrhs, fs, &lda, ipiv, bs, &ldb, &finfo, 1);
                info = finfo;
            } else {
                info = LAPACKE_sgetrs(layout, 'N', n, nrhs, fs, lda, ipiv, bs, ldb);
            }
            serr = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < nrhs; j++) {
                    size_t p = idx(layout, ldb, i, j);
                    serr = fmax(serr, fabs((double)bs[p] - x[p]));
                }
            BT_CHECK(info == 0 && serr < 1e3 * n * BT_EPS_S, "%s n=%d: err %g",
                     col ? "sgetrs_" : "LAPACKE_sgetrs", n, serr);
            free(a);
            free(f);
            free(x);
            free(b);
            free(fs);
            free(bs);
            free(ipiv);
        }
    }
    /* A rectangular getrf through the Fortran name. */
    int m = 9, n = 5, lda = 11, info = -99, ipiv[5];
    double a[11 * 5], f[11 * 5];
    bt_fill_d(a, 11 * 5);
    memcpy(f, a, sizeof a);
    dgetrf_(&m, &n, f, &lda, ipiv, &info);
    double r = lu_residual(LAPACK_COL_MAJOR, m, n, a, lda, f, ipiv, BT_EPS_D);
    BT_CHECK(info == 0 && r < 30, "dgetrf_ 9x5: info %d residual %g", info, r);
}

/* ---- LAPACKE's negative returns ----------------------------------------------------------- */

static void check_lapacke_errors(void)
{
    double a[16], keep[16], b[16], keepb[16];
    float fa[16];
    int ipiv[4] = {-5, -5, -5, -5};
    for (int i = 0; i < 16; i++)
        a[i] = b[i] = fa[i] = (float)(i + 1);
    memcpy(keep, a, sizeof a);
    memcpy(keepb, b, sizeof b);
    const int R = LAPACK_ROW_MAJOR, C = LAPACK_COL_MAJOR;
    struct {
        const char *what;
        lapack_int got, want;
    } cases[] = {
        {"getrf layout", LAPACKE_dgetrf(0, 2, 2, a, 2, ipiv), -1},
        {"getrf col m<0", LAPACKE_dgetrf(C, -1, 2, a, 2, ipiv), -2},
        {"getrf col n<0", LAPACKE_dgetrf(C, 2, -1, a, 2, ipiv), -3},
        {"getrf col lda<m", LAPACKE_dgetrf(C, 3, 2, a, 2, ipiv), -5},
        {"getrf row lda<n", LAPACKE_dgetrf(R, 2, 3, a, 2, ipiv), -5},
        {"getrf row lda<n before m<0", LAPACKE_dgetrf(R, -1, 3, a, 2, ipiv), -5},
        {"getrf col m<0 before lda", LAPACKE_dgetrf(C, -1, 3, a, 0, ipiv), -2},
        {"getrs layout", LAPACKE_dgetrs(7, 'N', 2, 1, a, 2, ipiv, b, 2), -1},
        {"getrs trans", LAPACKE_dgetrs(C, 'X', 2, 1, a, 2, ipiv, b, 2), -2},
        {"getrs n<0", LAPACKE_dgetrs(C, 'N', -1, 1, a, 2, ipiv, b, 2), -3},
        {"getrs nrhs<0", LAPACKE_dgetrs(R, 'N', 2, -1, a, 2, ipiv, b, 2), -4},
        {"getrs col lda", LAPACKE_dgetrs(C, 'N', 3, 1, a, 2, ipiv, b, 3), -6},
        {"getrs col ldb", LAPACKE_dgetrs(C, 'T', 3, 1, a, 3, ipiv, b, 2), -9},
        {"getrs row lda before trans", LAPACKE_dgetrs(R, 'X', 3, 1, a, 2, ipiv, b, 1), -6},
        {"getrs row ldb<nrhs", LAPACKE_dgetrs(R, 'N', 2, 3, a, 2, ipiv, b, 2), -9},
        {"getrs col trans before lda", LAPACKE_dgetrs(C, 'X', 3, 1, a, 2, ipiv, b, 3), -2},
        {"gesv layout", LAPACKE_dgesv(0, 2, 1, a, 2, ipiv, b, 2), -1},
        {"gesv n<0", LAPACKE_dgesv(C, -1, 1, a, 2, ipiv, b, 2), -2},
        {"gesv nrhs<0", LAPACKE_dgesv(C, 2, -1, a, 2, ipiv, b, 2), -3},
        {"gesv col lda", LAPACKE_dgesv(C, 3, 1, a, 2, ipiv, b, 3), -5},
        {"gesv col ldb", LAPACKE_dgesv(C, 3, 1, a, 3, ipiv, b, 2), -8},
        {"gesv row lda", LAPACKE_dgesv(R, 3, 1, a, 2, ipiv, b, 1), -5},
        {"gesv row ldb", LAPACKE_dgesv(R, 2, 3, a, 2, ipiv, b, 2), -8},
        {"getri layout", LAPACKE_dgetri(3, 2, a, 2, ipiv), -1},
        {"getri n<0", LAPACKE_dgetri(C, -1, a, 2, ipiv), -2},
        {"getri col lda", LAPACKE_dgetri(C, 3, a, 2, ipiv), -4},
        {"getri row lda", LAPACKE_dgetri(R, 3, a, 2, ipiv), -4},
        {"sgetrf m<0", LAPACKE_sgetrf(C, -1, 2, fa, 2, ipiv), -2},
        {"sgetrs trans", LAPACKE_sgetrs(R, 'q', 2, 1, fa, 2, ipiv, fa, 1), -2},
        {"sgesv row lda", LAPACKE_sgesv(R, 3, 1, fa, 2, ipiv, fa, 1), -5},
        {"sgetri col lda", LAPACKE_sgetri(C, 3, fa, 1, ipiv), -4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        BT_CHECK(cases[i].got == cases[i].want, "LAPACKE %s: returned %d, want %d", cases[i].what,
                 (int)cases[i].got, (int)cases[i].want);
    BT_CHECK(memcmp(a, keep, sizeof a) == 0 && memcmp(b, keepb, sizeof b) == 0 &&
                 ipiv[0] == -5 && ipiv[3] == -5,
             "an illegal LAPACKE call wrote an output");
    LAPACKE_dgetrf(C, 3, 2, a, 2, ipiv);
    BT_CHECK(has_text(basis_last_error(), "LAPACKE_dgetrf") && has_text(basis_last_error(), "5"),
             "last error after LAPACKE_dgetrf lda: '%s'", basis_last_error());

    /* NaN in the inputs is reported as the array's position (LAPACKE's NaN check). */
    double an[4] = {1, NAN, 3, 4}, bn[2] = {1, NAN}, ok2[2] = {1, 1}, okA[4] = {4, 1, 1, 4};
    int p2[2] = {1, 2};
    BT_CHECK(LAPACKE_dgetrf(C, 2, 2, an, 2, p2) == -4, "getrf NaN");
    BT_CHECK(an[0] == 1 && isnan(an[1]) && p2[0] == 1, "getrf NaN wrote an output");
    BT_CHECK(LAPACKE_dgetrs(C, 'N', 2, 1, an, 2, p2, ok2, 2) == -5, "getrs NaN in a");
    BT_CHECK(LAPACKE_dgetrs(C, 'N', 2, 1, okA, 2, p2, bn, 2) == -8, "getrs NaN in b");
    BT_CHECK(LAPACKE_dgesv(R, 2, 1, an, 2, p2, ok2, 1) == -4, "gesv NaN in a");
    BT_CHECK(LAPACKE_dgesv(R, 2, 1, okA, 2, p2, bn, 1) == -7, "gesv NaN in b");
    BT_CHECK(LAPACKE_dgetri(R, 2, an, 2, p2) == -3, "getri NaN");
    float fn[4] = {1, NAN, 3, 4};
    BT_CHECK(LAPACKE_sgetrf(R, 2, 2, fn, 2, p2) == -4, "sgetrf NaN");
    BT_CHECK(ok2[0] == 1 && okA[0] == 4, "NaN checks wrote an output");
    /* Only min(rows, lda) entries of each column are looked at, as in the reference: the NaN
     * in an[1] is not seen with lda = 1, and the illegal lda is reported instead. */
    BT_CHECK(LAPACKE_dgetrf(C, 2, 1, an, 1, p2) == -5, "getrf NaN beyond lda");

    /* Pivots outside 1..n are an illegal ipiv (basis: the reference would read out of bounds). */
    int badp[2] = {1, 3};
    double bb[2] = {1, 1};
    BT_CHECK(LAPACKE_dgetrs(C, 'N', 2, 1, okA, 2, badp, bb, 2) == -7 && bb[0] == 1,
             "getrs bad ipiv");
    BT_CHECK(LAPACKE_dgetri(C, 2, okA, 2, badp) == -5 && okA[0] == 4, "getri bad ipiv");

    /* Empty problems are legal and quick. */
    BT_CHECK(LAPACKE_dgetrf(R, 0, 0, NULL, 1, NULL) == 0, "getrf 0x0");
    BT_CHECK(LAPACKE_dgetrs(R, 'N', 2, 0, okA, 2, p2, NULL, 0) == 0, "getrs nrhs=0 row ldb=0");
    double f2[4] = {4, 1, 1, 4};
    BT_CHECK(LAPACKE_dgesv(R, 2, 0, f2, 2, p2, NULL, 0) == 0 && f2[0] == 4 && f2[2] == 0.25,
             "gesv nrhs=0 still factors A: %g %g", f2[0], f2[2]);
}

/* The default handlers store a sentence and return; the program goes on. */
static void check_default_xerbla(void)
{
    double a[4] = {1, 2, 3, 4}, c[4] = {9, 9, 9, 9};
    int two = 2, one = 1;
    double alpha = 1, beta = 0;
    dgemm_("X", "N", &two, &two, &two, &alpha, a, &two, a, &two, &beta, c, &two, 1, 1);
    BT_CHECK(has_text(basis_last_error(), "DGEMM") &&
                 has_text(basis_last_error(), "parameter number 1 "),
             "dgemm_ bad TRANSA: last error '%s'", basis_last_error());
    BT_CHECK(c[0] == 9, "dgemm_ bad TRANSA wrote C");
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1.0, a, 1, a, 2, 0.0, c, 2);
    BT_CHECK(has_text(basis_last_error(), "cblas_dgemm") &&
                 has_text(basis_last_error(), "parameter number 9 "),
             "cblas_dgemm bad lda: last error '%s'", basis_last_error());
    int info = 0, zero = 0, piv[2] = {7, 7};
    dgetrf_(&two, &two, a, &one, piv, &info);
    BT_CHECK(info == -4 && has_text(basis_last_error(), "DGETRF") &&
                 has_text(basis_last_error(), "parameter number 4 "),
             "dgetrf_ bad lda: info %d, last error '%s'", info, basis_last_error());
    cblas_dgemv(CblasRowMajor, CblasNoTrans, 2, 2, 1.0, a, 2, a, zero, 0.0, c, 1);
    BT_CHECK(has_text(basis_last_error(), "cblas_dgemv") &&
                 has_text(basis_last_error(), "parameter number 9 "),
             "cblas_dgemv incX=0: last error '%s'", basis_last_error());
    BT_CHECK(c[0] == 9 && a[0] == 1 && piv[0] == 7, "illegal calls wrote outputs");
}

int main(void)
{
    bt_begin("check_standard_names");
    check_level1();
    check_gemv();
    check_gemm();
    check_lu_hand();
    check_lu_random();
    check_lapacke_errors();
    check_default_xerbla();
    return bt_end();
}
