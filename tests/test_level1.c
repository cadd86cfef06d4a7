/* test_level1.c: dot, nrm2, axpy and scal through the public API (forced backend) against the reference kernels and exact values. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ukernel.h"

static const int64_t sizes[] = {0, 1, 2, 7, 15, 16, 17, 63, 64, 65, 127, 257};
static const int64_t incs[] = {1, 2, -1, -3};
#define NSIZES ((int)(sizeof sizes / sizeof sizes[0]))
#define NINCS ((int)(sizeof incs / sizeof incs[0]))
#define BUF 1024 /* >= 1 + 256 * 3 */

static const double alphas[] = {0.0, 1.0, -1.5, 0.3};
#define NALPHAS ((int)(sizeof alphas / sizeof alphas[0]))

/* Buffer offset of logical element 0 under BLAS increments (negative: from the far end). */
static int64_t origin(int64_t n, int64_t inc)
{
    return (inc < 0 && n > 0) ? -(n - 1) * inc : 0;
}

/* Buffer index of logical element i. */
static int64_t at(int64_t n, int64_t inc, int64_t i)
{
    return origin(n, inc) + i * inc;
}

/* Is buffer index p one of the n strided elements? */
static int in_vector(int64_t n, int64_t inc, int64_t p)
{
    int64_t ainc = inc < 0 ? -inc : inc;
    return n > 0 && p % ainc == 0 && p / ainc < n;
}

/* ---- dot ------------------------------------------------------------------------------ */

static void test_ddot(void)
{
    static double x[BUF], y[BUF], x0[BUF], y0[BUF];
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++)
            for (int b = 0; b < NINCS; b++) {
                int64_t n = sizes[si], incx = incs[a], incy = incs[b];
                bt_fill_d(x, BUF);
                bt_fill_d(y, BUF);
                memcpy(x0, x, sizeof x);
                memcpy(y0, y, sizeof y);
                double r = NAN;
                basis_status s = basis_ddot(NULL, n, x, incx, y, incy, &r);
                double ref = basis_ddot_ref(n, x + origin(n, incx), incx, y + origin(n, incy), incy);
                double scale = 0.0;
                for (int64_t i = 0; i < n; i++)
                    scale += fabs(x[at(n, incx, i)] * y[at(n, incy, i)]);
                /* Any summation order is within (n+1) eps sum|x y| of the exact value. */
                double tol = 2.0 * (double)(n + 1) * BT_EPS_D * scale;
                BT_CHECK(s == BASIS_OK, "ddot n=%lld incx=%lld incy=%lld: status %s: %s",
                         (long long)n, (long long)incx, (long long)incy,
                         basis_status_name(s), basis_last_error());
                BT_CHECK(fabs(r - ref) <= tol,
                         "ddot n=%lld incx=%lld incy=%lld: got %.17g ref %.17g tol %.3g",
                         (long long)n, (long long)incx, (long long)incy, r, ref, tol);
                if (n == 0)
                    BT_CHECK(r == 0.0, "ddot n=0 must give 0, got %g", r);
                BT_CHECK(!memcmp(x, x0, sizeof x) && !memcmp(y, y0, sizeof y),
                         "ddot n=%lld modified its inputs", (long long)n);
            }
}

static void test_sdot(void)
{
    static float x[BUF], y[BUF], x0[BUF], y0[BUF];
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++)
            for (int b = 0; b < NINCS; b++) {
                int64_t n = sizes[si], incx = incs[a], incy = incs[b];
                bt_fill_s(x, BUF);
                bt_fill_s(y, BUF);
                memcpy(x0, x, sizeof x);
                memcpy(y0, y, sizeof y);
                float r = NAN;
                basis_status s = basis_sdot(NULL, n, x, incx, y, incy, &r);
                float ref = basis_sdot_ref(n, x + origin(n, incx), incx, y + origin(n, incy), incy);
                double exact = 0.0, scale = 0.0;
                for (int64_t i = 0; i < n; i++) {
                    double p = (double)x[at(n, incx, i)] * (double)y[at(n, incy, i)];
                    exact += p;
                    scale += fabs(p);
                }
                double tol = (double)(n + 1) * BT_EPS_S * scale;
                BT_CHECK(s == BASIS_OK, "sdot n=%lld: status %s: %s", (long long)n,
                         basis_status_name(s), basis_last_error());
                BT_CHECK(fabs((double)r - (double)ref) <= 2.0 * tol,
                         "sdot n=%lld incx=%lld incy=%lld: got %.9g ref %.9g tol %.3g",
                         (long long)n, (long long)incx, (long long)incy, r, ref, 2.0 * tol);
                BT_CHECK(fabs((double)r - exact) <= tol,
                         "sdot n=%lld incx=%lld incy=%lld: got %.9g exact %.17g tol %.3g",
                         (long long)n, (long long)incx, (long long)incy, r, exact, tol);
                if (n == 0)
                    BT_CHECK(r == 0.0f, "sdot n=0 must give 0, got %g", r);
                BT_CHECK(!memcmp(x, x0, sizeof x) && !memcmp(y, y0, sizeof y),
                         "sdot n=%lld modified its inputs", (long long)n);
            }
}

/* ---- nrm2 ----------------------------------------------------------------------------- */

/* Independent scaled norm in double: max |x| times the norm of x / max. */
static double scaled_norm(int64_t n, const double *v)
{
    double m = 0.0;
    for (int64_t i = 0; i < n; i++)
        m = fmax(m, fabs(v[i]));
    if (m == 0.0)
        return 0.0;
    double s = 0.0;
    for (int64_t i = 0; i < n; i++)
        s += (v[i] / m) * (v[i] / m);
    return m * sqrt(s);
}

static void test_dnrm2_random(void)
{
    static double x[BUF], v[BUF];
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++) {
            int64_t n = sizes[si], inc = incs[a];
            bt_fill_d(x, BUF);
            double r = NAN;
            basis_status s = basis_dnrm2(NULL, n, x, inc, &r);
            double ref = basis_dnrm2_ref(n, x + origin(n, inc), inc);
            for (int64_t i = 0; i < n; i++)
                v[i] = x[at(n, inc, i)];
            double exact = scaled_norm(n, v);
            double tol = 2.0 * (double)(n + 2) * BT_EPS_D * exact;
            BT_CHECK(s == BASIS_OK, "dnrm2 n=%lld inc=%lld: status %s: %s", (long long)n,
                     (long long)inc, basis_status_name(s), basis_last_error());
            BT_CHECK(fabs(r - ref) <= 2.0 * tol && fabs(r - exact) <= tol,
                     "dnrm2 n=%lld inc=%lld: got %.17g ref %.17g exact %.17g", (long long)n,
                     (long long)inc, r, ref, exact);
        }
}

static void test_snrm2_random(void)
{
    static float x[BUF];
    static double v[BUF];
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++) {
            int64_t n = sizes[si], inc = incs[a];
            bt_fill_s(x, BUF);
            float r = NAN;
            basis_status s = basis_snrm2(NULL, n, x, inc, &r);
            float ref = basis_snrm2_ref(n, x + origin(n, inc), inc);
            for (int64_t i = 0; i < n; i++)
                v[i] = x[at(n, inc, i)];
            double exact = scaled_norm(n, v);
            double tol = 2.0 * (double)(n + 2) * BT_EPS_S * exact;
            BT_CHECK(s == BASIS_OK, "snrm2 n=%lld inc=%lld: status %s: %s", (long long)n,
                     (long long)inc, basis_status_name(s), basis_last_error());
            BT_CHECK(fabs((double)r - (double)ref) <= 2.0 * tol && fabs((double)r - exact) <= tol,
                     "snrm2 n=%lld inc=%lld: got %.9g ref %.9g exact %.17g", (long long)n,
                     (long long)inc, r, ref, exact);
        }
}

/* Values whose squares overflow or underflow: the norm must still be accurate (scaled
 * accumulation). The expected value comes from the independent scaled norm in double. */
static void test_nrm2_extremes(void)
{
    static const int64_t ns[] = {1, 7, 64, 257};
    static const int64_t xincs[] = {1, -3};
    /* double: squares overflow (1e300), underflow (1e-300), a mix of huge and tiny. */
    static const double dscales[] = {1e300, 1e-300, 1e-170, 1e160};
    static const float sscales[] = {1e30f, 1e-30f, 1e-25f, 1e20f};
    static double dx[BUF], v[BUF];
    static float sx[BUF];
    for (int ni = 0; ni < 4; ni++)
        for (int ii = 0; ii < 2; ii++)
            for (int ci = 0; ci < 4; ci++) {
                int64_t n = ns[ni], inc = xincs[ii];
                bt_fill_d(dx, BUF);
                bt_fill_s(sx, BUF);
                for (int64_t i = 0; i < BUF; i++) {
                    dx[i] *= dscales[ci];
                    sx[i] *= sscales[ci];
                }
                if (n > 1) {
                    /* one entry far from the others: huge next to tiny stays accurate */
                    dx[at(n, inc, n / 2)] = dscales[ci] > 1.0 ? 1.5e307 : 3e-290;
                    sx[at(n, inc, n / 2)] = sscales[ci] > 1.0f ? 3e37f : 2e-36f;
                }
                double dr = NAN;
                basis_status s = basis_dnrm2(NULL, n, dx, inc, &dr);
                for (int64_t i = 0; i < n; i++)
                    v[i] = dx[at(n, inc, i)];
                double exact = scaled_norm(n, v);
                BT_CHECK(s == BASIS_OK && isfinite(dr) &&
                             fabs(dr - exact) <= 2.0 * (double)(n + 2) * BT_EPS_D * exact,
                         "dnrm2 extreme n=%lld inc=%lld scale=%g: got %.17g exact %.17g (%s)",
                         (long long)n, (long long)inc, dscales[ci], dr, exact,
                         basis_status_name(s));

                float sr = NAN;
                s = basis_snrm2(NULL, n, sx, inc, &sr);
                for (int64_t i = 0; i < n; i++)
                    v[i] = sx[at(n, inc, i)];
                exact = scaled_norm(n, v);
                BT_CHECK(s == BASIS_OK && isfinite(sr) &&
                             fabs((double)sr - exact) <= 2.0 * (double)(n + 2) * BT_EPS_S * exact,
                         "snrm2 extreme n=%lld inc=%lld scale=%g: got %.9g exact %.9g (%s)",
                         (long long)n, (long long)inc, (double)sscales[ci], sr, exact,
                         basis_status_name(s));
            }

    /* All entries equal to the largest finite value / 4: the norm is that times sqrt(n). */
    for (int64_t i = 0; i < 64; i++) {
        dx[i] = DBL_MAX / 16.0;
        sx[i] = FLT_MAX / 16.0f;
    }
    double dr = NAN;
    float sr = NAN;
    basis_dnrm2(NULL, 64, dx, 1, &dr);
    basis_snrm2(NULL, 64, sx, 1, &sr);
    BT_CHECK(fabs(dr - DBL_MAX / 2.0) <= 130.0 * BT_EPS_D * (DBL_MAX / 2.0),
             "dnrm2 of 64 x DBL_MAX/16: got %g want %g", dr, DBL_MAX / 2.0);
    BT_CHECK(fabs((double)sr - (double)FLT_MAX / 2.0) <= 130.0 * BT_EPS_S * ((double)FLT_MAX / 2.0),
             "snrm2 of 64 x FLT_MAX/16: got %g want %g", (double)sr, (double)FLT_MAX / 2.0);

    /* Inf gives Inf, NaN gives NaN (ukernel.h contract of nrm2). */
    bt_fill_d(dx, 17);
    bt_fill_s(sx, 17);
    dx[5] = INFINITY;
    sx[5] = -INFINITY;
    basis_dnrm2(NULL, 17, dx, 1, &dr);
    basis_snrm2(NULL, 17, sx, 1, &sr);
    BT_CHECK(isinf(dr) && dr > 0, "dnrm2 with an Inf: got %g, want +Inf", dr);
    BT_CHECK(isinf(sr) && sr > 0, "snrm2 with an Inf: got %g, want +Inf", (double)sr);
    dx[5] = NAN;
    sx[5] = NAN;
    basis_dnrm2(NULL, 17, dx, 1, &dr);
    basis_snrm2(NULL, 17, sx, 1, &sr);
    BT_CHECK(isnan(dr), "dnrm2 with a NaN: got %g, want NaN", dr);
    BT_CHECK(isnan(sr), "snrm2 with a NaN: got %g, want NaN", (double)sr);
}

/* ---- axpy ----------------------------------------------------------------------------- */

static void test_daxpy(void)
{
    static double x[BUF], y[BUF], y0[BUF], yr[BUF], x0[BUF];
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++)
            for (int b = 0; b < NINCS; b++)
                for (int al = 0; al < NALPHAS; al++) {
                    int64_t n = sizes[si], incx = incs[a], incy = incs[b];
                    double alpha = alphas[al];
                    bt_fill_d(x, BUF);
                    bt_fill_d(y, BUF);
                    if (alpha == 0.0) /* alpha == 0 never reads x */
                        for (int64_t i = 0; i < BUF; i++)
                            x[i] = NAN;
                    memcpy(x0, x, sizeof x);
                    memcpy(y0, y, sizeof y);
                    memcpy(yr, y, sizeof y);
                    basis_status s = basis_daxpy(NULL, n, alpha, x, incx, y, incy);
                    if (alpha != 0.0)
                        basis_daxpy_ref(n, alpha, x + origin(n, incx), incx, yr + origin(n, incy), incy);
                    BT_CHECK(s == BASIS_OK, "daxpy n=%lld: status %s: %s", (long long)n,
                             basis_status_name(s), basis_last_error());
                    int bad = 0;
                    for (int64_t p = 0; p < BUF && !bad; p++) {
                        if (alpha != 0.0 && in_vector(n, incy, p)) {
                            /* logical index of buffer slot p */
                            int64_t ainc = incy < 0 ? -incy : incy;
                            int64_t i = incy > 0 ? p / ainc : (n - 1) - p / ainc;
                            double ax = alpha * x[at(n, incx, i)];
                            double tol = 2.0 * BT_EPS_D * (fabs(ax) + fabs(y0[p]));
                            if (!(fabs(y[p] - yr[p]) <= tol)) {
                                bad = 1;
                                BT_CHECK(0, "daxpy n=%lld incx=%lld incy=%lld alpha=%g: y[%lld] = %.17g, ref %.17g",
                                         (long long)n, (long long)incx, (long long)incy, alpha,
                                         (long long)i, y[p], yr[p]);
                            }
                        } else if (memcmp(&y[p], &y0[p], sizeof y[p])) {
                            bad = 1;
                            BT_CHECK(0, "daxpy n=%lld incx=%lld incy=%lld alpha=%g: buffer slot %lld outside y (or alpha=0) changed",
                                     (long long)n, (long long)incx, (long long)incy, alpha, (long long)p);
                        }
                    }
                    if (!bad)
                        BT_CHECK(1, "daxpy");
                    BT_CHECK(!memcmp(x, x0, sizeof x), "daxpy modified x");
                }
}

static void test_saxpy(void)
{
    static float x[BUF], y[BUF], y0[BUF], yr[BUF], x0[BUF];
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++)
            for (int b = 0; b < NINCS; b++)
                for (int al = 0; al < NALPHAS; al++) {
                    int64_t n = sizes[si], incx = incs[a], incy = incs[b];
                    float alpha = (float)alphas[al];
                    bt_fill_s(x, BUF);
                    bt_fill_s(y, BUF);
                    if (alpha == 0.0f)
                        for (int64_t i = 0; i < BUF; i++)
                            x[i] = NAN;
                    memcpy(x0, x, sizeof x);
                    memcpy(y0, y, sizeof y);
                    memcpy(yr, y, sizeof y);
                    basis_status s = basis_saxpy(NULL, n, alpha, x, incx, y, incy);
                    if (alpha != 0.0f)
                        basis_saxpy_ref(n, alpha, x + origin(n, incx), incx, yr + origin(n, incy), incy);
                    BT_CHECK(s == BASIS_OK, "saxpy n=%lld: status %s: %s", (long long)n,
                             basis_status_name(s), basis_last_error());
                    int bad = 0;
                    for (int64_t p = 0; p < BUF && !bad; p++) {
                        if (alpha != 0.0f && in_vector(n, incy, p)) {
                            int64_t ainc = incy < 0 ? -incy : incy;
                            int64_t i = incy > 0 ? p / ainc : (n - 1) - p / ainc;
                            double ax = (double)alpha * (double)x[at(n, incx, i)];
                            double tol = 2.0 * BT_EPS_S * (fabs(ax) + fabs((double)y0[p]));
                            if (!(fabs((double)y[p] - (double)yr[p]) <= tol)) {
                                bad = 1;
                                BT_CHECK(0, "saxpy n=%lld incx=%lld incy=%lld alpha=%g: y[%lld] = %.9g, ref %.9g",
                                         (long long)n, (long long)incx, (long long)incy,
                                         (double)alpha, (long long)i, (double)y[p], (double)yr[p]);
                            }
                        } else if (memcmp(&y[p], &y0[p], sizeof y[p])) {
                            bad = 1;
                            BT_CHECK(0, "saxpy n=%lld incx=%lld incy=%lld alpha=%g: buffer slot %lld outside y (or alpha=0) changed",
                                     (long long)n, (long long)incx, (long long)incy,
                                     (double)alpha, (long long)p);
                        }
                    }
                    if (!bad)
                        BT_CHECK(1, "saxpy");
                    BT_CHECK(!memcmp(x, x0, sizeof x), "saxpy modified x");
                }
}

/* ---- scal ----------------------------------------------------------------------------- */

/* One multiplication per element is correctly rounded, so every backend must agree exactly;
 * alpha == 0 overwrites with zeros without reading x (ukernel.h), so NaN there becomes 0. */
static void test_dscal(void)
{
    static double x[BUF], x0[BUF], xr[BUF];
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++)
            for (int al = 0; al < NALPHAS; al++) {
                int64_t n = sizes[si], inc = incs[a];
                double alpha = alphas[al];
                bt_fill_d(x, BUF);
                if (alpha == 0.0 && n > 0)
                    x[at(n, inc, n - 1)] = NAN;
                memcpy(x0, x, sizeof x);
                memcpy(xr, x, sizeof x);
                basis_status s = basis_dscal(NULL, n, alpha, x, inc);
                basis_dscal_ref(n, alpha, xr + origin(n, inc), inc);
                BT_CHECK(s == BASIS_OK, "dscal n=%lld: status %s: %s", (long long)n,
                         basis_status_name(s), basis_last_error());
                int bad = 0;
                for (int64_t p = 0; p < BUF && !bad; p++) {
                    if (in_vector(n, inc, p)) {
                        double want = alpha == 0.0 ? 0.0 : alpha * x0[p];
                        if (!(x[p] == want && xr[p] == want)) {
                            bad = 1;
                            BT_CHECK(0, "dscal n=%lld inc=%lld alpha=%g: slot %lld got %.17g ref %.17g want %.17g",
                                     (long long)n, (long long)inc, alpha, (long long)p, x[p],
                                     xr[p], want);
                        }
                    } else if (memcmp(&x[p], &x0[p], sizeof x[p])) {
                        bad = 1;
                        BT_CHECK(0, "dscal n=%lld inc=%lld: slot %lld outside x changed",
                                 (long long)n, (long long)inc, (long long)p);
                    }
                }
                if (!bad)
                    BT_CHECK(1, "dscal");
            }
}

static void test_sscal(void)
{
    static float x[BUF], x0[BUF], xr[BUF];
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++)
            for (int al = 0; al < NALPHAS; al++) {
                int64_t n = sizes[si], inc = incs[a];
                float alpha = (float)alphas[al];
                bt_fill_s(x, BUF);
                if (alpha == 0.0f && n > 0)
                    x[at(n, inc, n - 1)] = NAN;
                memcpy(x0, x, sizeof x);
                memcpy(xr, x, sizeof x);
                basis_status s = basis_sscal(NULL, n, alpha, x, inc);
                basis_sscal_ref(n, alpha, xr + origin(n, inc), inc);
                BT_CHECK(s == BASIS_OK, "sscal n=%lld: status %s: %s", (long long)n,
                         basis_status_name(s), basis_last_error());
                int bad = 0;
                for (int64_t p = 0; p < BUF && !bad; p++) {
                    if (in_vector(n, inc, p)) {
                        float want = alpha == 0.0f ? 0.0f : alpha * x0[p];
                        if (!(x[p] == want && xr[p] == want)) {
                            bad = 1;
                            BT_CHECK(0, "sscal n=%lld inc=%lld alpha=%g: slot %lld got %.9g ref %.9g want %.9g",
                                     (long long)n, (long long)inc, (double)alpha, (long long)p,
                                     (double)x[p], (double)xr[p], (double)want);
                        }
                    } else if (memcmp(&x[p], &x0[p], sizeof x[p])) {
                        bad = 1;
                        BT_CHECK(0, "sscal n=%lld inc=%lld: slot %lld outside x changed",
                                 (long long)n, (long long)inc, (long long)p);
                    }
                }
                if (!bad)
                    BT_CHECK(1, "sscal");
            }
}

int main(void)
{
    bt_begin("test_level1");
    bt_seed(101);
    test_ddot();
    test_sdot();
    test_dnrm2_random();
    test_snrm2_random();
    test_nrm2_extremes();
    test_daxpy();
    test_saxpy();
    test_dscal();
    test_sscal();
    return bt_end();
}
