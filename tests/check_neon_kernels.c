/* check_neon_kernels.c: every slot the neon target overrides, GEMM microkernels included, against the reference kernels (aarch64 only; skipped elsewhere). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#if defined(__aarch64__)

#include "arm_neon/neon.h"
#include "cpu/cpu.h"

/* Sizes around every vector width and unroll of the kernels (2/4 lanes, 8/16-element
 * loops, 16/32-row gemv blocks), increments of both signs. */
static const int64_t sizes[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 257};
static const int64_t incs[] = {1, 2, -1, -3};
#define NSIZES ((int)(sizeof sizes / sizeof sizes[0]))
#define NINCS ((int)(sizeof incs / sizeof incs[0]))
#define BUF 1024 /* >= 1 + 256 * 3 */

static const double scalars[] = {0.0, 1.0, -1.5};
#define NSCALARS 3

/* Buffer offset of logical element 0 of an n-vector with increment inc (the kernels take
 * a pointer to logical element 0, BLAS buffers start at the far end for inc < 0). */
static int64_t origin(int64_t n, int64_t inc)
{
    return (inc < 0 && n > 0) ? -(n - 1) * inc : 0;
}

/* mask[p] = 1 where buffer slot p is an element of the n-vector. */
static void vector_mask(unsigned char *mask, int64_t n, int64_t inc)
{
    memset(mask, 0, BUF);
    for (int64_t i = 0; i < n; i++)
        mask[origin(n, inc) + i * inc] = 1;
}

static int same_bits_d(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static int same_bits_s(float a, float b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* ---- registration ------------------------------------------------------------------ */

static void check_registered(const basis_kernels *k)
{
    BT_CHECK(k->sdot == basis_sdot_neon && k->ddot == basis_ddot_neon, "dot slots");
    BT_CHECK(k->snrm2 == basis_snrm2_neon && k->dnrm2 == basis_dnrm2_neon, "nrm2 slots");
    BT_CHECK(k->saxpy == basis_saxpy_neon && k->daxpy == basis_daxpy_neon, "axpy slots");
    BT_CHECK(k->sscal == basis_sscal_neon && k->dscal == basis_dscal_neon, "scal slots");
    BT_CHECK(k->sgemv == basis_sgemv_neon && k->dgemv == basis_dgemv_neon, "gemv slots");
    BT_CHECK(k->sgemm_ukr.fn == basis_sgemm_ukr_neon_8x12 && k->sgemm_ukr.mr == 8 &&
                 k->sgemm_ukr.nr == 12,
             "sgemm ukr slot: mr %d nr %d", k->sgemm_ukr.mr, k->sgemm_ukr.nr);
    BT_CHECK(k->dgemm_ukr.fn == basis_dgemm_ukr_neon_8x6 && k->dgemm_ukr.mr == 8 &&
                 k->dgemm_ukr.nr == 6,
             "dgemm ukr slot: mr %d nr %d", k->dgemm_ukr.mr, k->dgemm_ukr.nr);
}

/* ---- dot --------------------------------------------------------------------------- */

static void check_dot(const basis_kernels *k)
{
    static double dx[BUF], dy[BUF];
    static float sx[BUF], sy[BUF];
    int dbad = 0, sbad = 0;
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++)
            for (int b = 0; b < NINCS; b++) {
                int64_t n = sizes[si], incx = incs[a], incy = incs[b];
                int64_t ox = origin(n, incx), oy = origin(n, incy);
                bt_fill_d(dx, BUF);
                bt_fill_d(dy, BUF);
                bt_fill_s(sx, BUF);
                bt_fill_s(sy, BUF);
                double scale_d = 0.0, scale_s = 0.0;
                for (int64_t i = 0; i < n; i++) {
                    scale_d += fabs(dx[ox + i * incx] * dy[oy + i * incy]);
                    scale_s += fabs((double)sx[ox + i * incx] * sy[oy + i * incy]);
                }
                /* Each result is within (n+1) eps sum|x y| of the exact dot. */
                double got = k->ddot(n, dx + ox, incx, dy + oy, incy);
                double want = basis_ddot_ref(n, dx + ox, incx, dy + oy, incy);
                if (!(fabs(got - want) <= 2.0 * (double)(n + 1) * BT_EPS_D * scale_d) && !dbad++)
                    BT_CHECK(0, "ddot n=%lld incx=%lld incy=%lld: %.17g, ref %.17g", (long long)n,
                             (long long)incx, (long long)incy, got, want);
                float sgot = k->sdot(n, sx + ox, incx, sy + oy, incy);
                float swant = basis_sdot_ref(n, sx + ox, incx, sy + oy, incy);
                if (!(fabs((double)sgot - swant) <= 2.0 * (double)(n + 1) * BT_EPS_S * scale_s) &&
                    !sbad++)
                    BT_CHECK(0, "sdot n=%lld incx=%lld incy=%lld: %.9g, ref %.9g", (long long)n,
                             (long long)incx, (long long)incy, sgot, swant);
            }
    BT_CHECK(!dbad, "ddot: %d cases off", dbad);
    BT_CHECK(!sbad, "sdot: %d cases off", sbad);
}

/* ---- axpy and scal ------------------------------------------------------------------- */

/* One axpy case; returns 1 (and reports the first time) if a slot is off. Entries of y
 * are within 2 eps (|alpha x| + |y|) of the reference (one rounding with FMA or two
 * without); every other slot, and y itself when alpha == 0, keeps its bits. */
static int axpy_case_d(const basis_kernels *k, int64_t n, int64_t incx, int64_t incy,
                       double alpha, int report)
{
    static double x[BUF], y[BUF], y0[BUF], yr[BUF];
    static unsigned char in_y[BUF];
    bt_fill_d(x, BUF);
    bt_fill_d(y, BUF);
    if (alpha == 0.0) /* never read */
        for (int64_t p = 0; p < BUF; p++)
            x[p] = NAN;
    memcpy(y0, y, sizeof y);
    memcpy(yr, y, sizeof y);
    vector_mask(in_y, n, incy);
    k->daxpy(n, alpha, x + origin(n, incx), incx, y + origin(n, incy), incy);
    basis_daxpy_ref(n, alpha, x + origin(n, incx), incx, yr + origin(n, incy), incy);
    for (int64_t p = 0; p < BUF; p++) {
        double tol = 2.0 * BT_EPS_D * (fabs(yr[p] - y0[p]) + 2.0 * fabs(y0[p]));
        int ok = in_y[p] && alpha != 0.0 ? fabs(y[p] - yr[p]) <= tol : same_bits_d(y[p], y0[p]);
        if (!ok) {
            if (report)
                BT_CHECK(0, "daxpy n=%lld incx=%lld incy=%lld alpha=%g: slot %lld = %.17g, "
                            "ref %.17g (was %.17g)",
                         (long long)n, (long long)incx, (long long)incy, alpha, (long long)p,
                         y[p], yr[p], y0[p]);
            return 1;
        }
    }
    return 0;
}

static int axpy_case_s(const basis_kernels *k, int64_t n, int64_t incx, int64_t incy,
                       float alpha, int report)
{
    static float x[BUF], y[BUF], y0[BUF], yr[BUF];
    static unsigned char in_y[BUF];
    bt_fill_s(x, BUF);
    bt_fill_s(y, BUF);
    if (alpha == 0.0f)
        for (int64_t p = 0; p < BUF; p++)
            x[p] = NAN;
    memcpy(y0, y, sizeof y);
    memcpy(yr, y, sizeof y);
    vector_mask(in_y, n, incy);
    k->saxpy(n, alpha, x + origin(n, incx), incx, y + origin(n, incy), incy);
    basis_saxpy_ref(n, alpha, x + origin(n, incx), incx, yr + origin(n, incy), incy);
    for (int64_t p = 0; p < BUF; p++) {
        double tol = 2.0 * BT_EPS_S * (fabs((double)yr[p] - y0[p]) + 2.0 * fabs((double)y0[p]));
        int ok = in_y[p] && alpha != 0.0f ? fabs((double)y[p] - yr[p]) <= tol
                                          : same_bits_s(y[p], y0[p]);
        if (!ok) {
            if (report)
                BT_CHECK(0, "saxpy n=%lld incx=%lld incy=%lld alpha=%g: slot %lld = %.9g, "
                            "ref %.9g (was %.9g)",
                         (long long)n, (long long)incx, (long long)incy, (double)alpha,
                         (long long)p, y[p], yr[p], y0[p]);
            return 1;
        }
    }
    return 0;
}

static void check_axpy(const basis_kernels *k)
{
    static const double alphas[] = {0.0, 1.0, -1.5, 0.3};
    int dbad = 0, sbad = 0;
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++)
            for (int b = 0; b < NINCS; b++)
                for (int al = 0; al < 4; al++) {
                    dbad += axpy_case_d(k, sizes[si], incs[a], incs[b], alphas[al], !dbad);
                    sbad += axpy_case_s(k, sizes[si], incs[a], incs[b], (float)alphas[al], !sbad);
                }
    BT_CHECK(!dbad, "daxpy: %d cases off", dbad);
    BT_CHECK(!sbad, "saxpy: %d cases off", sbad);
}

/* scal is one rounding per entry, so it must match the reference bit for bit; alpha == 0
 * overwrites NaN with zeros. */
static void check_scal(const basis_kernels *k)
{
    static double dx[BUF], dr[BUF], d0[BUF];
    static float sx[BUF], sr[BUF], s0[BUF];
    int dbad = 0, sbad = 0;
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++)
            for (int al = 0; al < NSCALARS; al++) {
                int64_t n = sizes[si], inc = incs[a], o = origin(n, inc);
                bt_fill_d(dx, BUF);
                bt_fill_s(sx, BUF);
                if (scalars[al] == 0.0)
                    for (int64_t i = 0; i < n; i++)
                        dx[o + i * inc] = NAN, sx[o + i * inc] = NAN;
                memcpy(d0, dx, sizeof dx);
                memcpy(dr, dx, sizeof dx);
                memcpy(s0, sx, sizeof sx);
                memcpy(sr, sx, sizeof sx);
                k->dscal(n, scalars[al], dx + o, inc);
                basis_dscal_ref(n, scalars[al], dr + o, inc);
                k->sscal(n, (float)scalars[al], sx + o, inc);
                basis_sscal_ref(n, (float)scalars[al], sr + o, inc);
                if (memcmp(dx, dr, sizeof dx) && !dbad++)
                    BT_CHECK(0, "dscal n=%lld inc=%lld alpha=%g differs from ref", (long long)n,
                             (long long)inc, scalars[al]);
                if (memcmp(sx, sr, sizeof sx) && !sbad++)
                    BT_CHECK(0, "sscal n=%lld inc=%lld alpha=%g differs from ref", (long long)n,
                             (long long)inc, scalars[al]);
            }
    BT_CHECK(!dbad, "dscal: %d cases off", dbad);
    BT_CHECK(!sbad, "sscal: %d cases off", sbad);
}

/* ---- nrm2 -------------------------------------------------------------------------- */

/* An independent oracle: long double is IEEE quad on aarch64 Linux, whose range holds the
 * square of every double, so the plain sum of squares neither overflows nor underflows. */
static double norm_quad_d(int64_t n, const double *x, int64_t inc)
{
    long double s = 0.0L;
    for (int64_t i = 0; i < n; i++)
        s += (long double)x[i * inc] * x[i * inc];
    return (double)sqrtl(s);
}

static double norm_quad_s(int64_t n, const float *x, int64_t inc)
{
    long double s = 0.0L;
    for (int64_t i = 0; i < n; i++)
        s += (long double)x[i * inc] * x[i * inc];
    return (double)sqrtl(s);
}

static void check_nrm2_values(const basis_kernels *k)
{
    /* random, then entries scaled to where squares overflow, underflow, or are subnormal */
    static const double dscales[] = {1.0, 1e300, 1e-300, 1e-170, 1e160, 1e-310};
    static const float sscales[] = {1.0f, 1e30f, 1e-30f, 1e-25f, 1e20f, 1e-40f};
    static double dx[BUF];
    static float sx[BUF];
    int dbad = 0, sbad = 0;
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++)
            for (int c = 0; c < 6; c++) {
                int64_t n = sizes[si], inc = incs[a], o = origin(n, inc);
                bt_fill_d(dx, BUF);
                bt_fill_s(sx, BUF);
                for (int64_t p = 0; p < BUF; p++)
                    dx[p] *= dscales[c], sx[p] *= sscales[c];
                if (n > 2 && c > 0) {
                    /* one entry far from the rest: huge next to tiny stays accurate */
                    dx[o + (n / 2) * inc] = dscales[c] > 1.0 ? 1.5e307 : 3e-290;
                    sx[o + (n / 2) * inc] = sscales[c] > 1.0f ? 3e37f : 2e-36f;
                }
                double dexact = norm_quad_d(n, dx + o, inc), sexact = norm_quad_s(n, sx + o, inc);
                double dgot = k->dnrm2(n, dx + o, inc), dref = basis_dnrm2_ref(n, dx + o, inc);
                float sgot = k->snrm2(n, sx + o, inc), sref = basis_snrm2_ref(n, sx + o, inc);
                /* the result may be subnormal: allow a few units of the smallest one */
                double dtol = 2.0 * (double)(n + 2) * BT_EPS_D * dexact + 4.0 * 4.9e-324;
                double stol = 2.0 * (double)(n + 2) * BT_EPS_S * sexact + 4.0 * 1.4e-45;
                if (!(fabs(dgot - dexact) <= dtol && fabs(dgot - dref) <= 2.0 * dtol) && !dbad++)
                    BT_CHECK(0, "dnrm2 n=%lld inc=%lld scale=%g: %.17g, exact %.17g, ref %.17g",
                             (long long)n, (long long)inc, dscales[c], dgot, dexact, dref);
                if (!(fabs((double)sgot - sexact) <= stol &&
                      fabs((double)sgot - sref) <= 2.0 * stol) &&
                    !sbad++)
                    BT_CHECK(0, "snrm2 n=%lld inc=%lld scale=%g: %.9g, exact %.9g, ref %.9g",
                             (long long)n, (long long)inc, (double)sscales[c], sgot, sexact, sref);
            }
    BT_CHECK(!dbad, "dnrm2: %d cases off", dbad);
    BT_CHECK(!sbad, "snrm2: %d cases off", sbad);
}

/* Inf gives Inf, NaN gives NaN (also next to an Inf), at the front, the middle and in the
 * scalar tail; zeros give exactly 0. */
static void check_nrm2_special(const basis_kernels *k)
{
    static const int64_t ns[] = {1, 2, 7, 16, 33, 65};
    static const int64_t xincs[] = {1, -3};
    static double dx[BUF];
    static float sx[BUF];
    for (int ni = 0; ni < 6; ni++)
        for (int ii = 0; ii < 2; ii++) {
            int64_t n = ns[ni], inc = xincs[ii], o = origin(n, inc);
            int64_t where[3] = {0, n / 2, n - 1};
            memset(dx, 0, sizeof dx);
            memset(sx, 0, sizeof sx);
            BT_CHECK(k->dnrm2(n, dx + o, inc) == 0.0 && k->snrm2(n, sx + o, inc) == 0.0f,
                     "nrm2 of zeros n=%lld inc=%lld", (long long)n, (long long)inc);
            for (int w = 0; w < 3; w++) {
                bt_fill_d(dx, BUF);
                bt_fill_s(sx, BUF);
                dx[o + where[w] * inc] = -INFINITY;
                sx[o + where[w] * inc] = INFINITY;
                double d = k->dnrm2(n, dx + o, inc);
                float s = k->snrm2(n, sx + o, inc);
                BT_CHECK(isinf(d) && d > 0 && isinf(s) && s > 0,
                         "nrm2 with Inf at %lld of n=%lld inc=%lld: %g %g", (long long)where[w],
                         (long long)n, (long long)inc, d, (double)s);
                dx[o + where[(w + 1) % 3] * inc] = NAN;
                sx[o + where[(w + 1) % 3] * inc] = NAN;
                d = k->dnrm2(n, dx + o, inc);
                s = k->snrm2(n, sx + o, inc);
                BT_CHECK(isnan(d) && isnan(s),
                         "nrm2 with NaN at %lld (Inf at %lld) of n=%lld inc=%lld: %g %g",
                         (long long)where[(w + 1) % 3], (long long)where[w], (long long)n,
                         (long long)inc, d, (double)s);
                bt_fill_d(dx, BUF);
                bt_fill_s(sx, BUF);
                dx[o + where[w] * inc] = NAN;
                sx[o + where[w] * inc] = NAN;
                d = k->dnrm2(n, dx + o, inc);
                s = k->snrm2(n, sx + o, inc);
                BT_CHECK(isnan(d) && isnan(s), "nrm2 with NaN at %lld of n=%lld inc=%lld: %g %g",
                         (long long)where[w], (long long)n, (long long)inc, d, (double)s);
            }
        }
}

/* ---- gemv -------------------------------------------------------------------------- */

/* An m x n matrix inside a NaN-padded buffer: strides and the offset of (0,0). Kinds hit
 * every path: unit row stride (forwards, columns backwards), unit column stride (forwards,
 * rows backwards), and neither. */
enum { GEMV_KINDS = 5 };
typedef struct mat {
    int64_t rs, cs, off, len;
} mat;

static mat make_mat(int kind, int64_t m, int64_t n)
{
    mat l;
    switch (kind) {
    case 0: l.rs = 1, l.cs = m + 2; break;
    case 1: l.rs = n + 1, l.cs = 1; break;
    case 2: l.rs = 1, l.cs = -(m + 1); break;
    case 3: l.rs = -(n + 2), l.cs = 1; break;
    default: l.rs = 2, l.cs = 2 * m + 1; break;
    }
    int64_t rows = m > 0 ? m - 1 : 0, cols = n > 0 ? n - 1 : 0;
    l.off = (l.rs < 0 ? -rows * l.rs : 0) + (l.cs < 0 ? -cols * l.cs : 0);
    l.len = l.off + (l.rs > 0 ? rows * l.rs : 0) + (l.cs > 0 ? cols * l.cs : 0) + 1;
    return l;
}

static const int64_t gemv_sizes[] = {0, 1, 2, 3, 5, 7, 9, 16, 17, 33, 65};
static const int64_t gemv_incx[] = {1, -2};
static const int64_t gemv_incy[] = {1, -3};
#define NGSIZES ((int)(sizeof gemv_sizes / sizeof gemv_sizes[0]))
#define GBUF (70 * 140)

/* One gemv case; returns 1 (and reports the first time) if a slot of y is off. A entries
 * outside the matrix and x entries outside the vector are NaN, and so are A and x when
 * alpha == 0 and y when beta == 0 (never read). Against the reference: within
 * 2 (n+2) eps (|alpha| |A| |x| + |beta| |y|); beta y alone (alpha == 0 or n == 0) is one
 * rounding and exact; slots outside y keep their bits. */
static int gemv_case_d(const basis_kernels *k, int64_t m, int64_t n, int kind, int64_t incx,
                       int64_t incy, double alpha, double beta, int report)
{
    static double a[GBUF], x[BUF], y[BUF], y0[BUF], yr[BUF];
    static unsigned char in_y[BUF];
    mat l = make_mat(kind, m, n);
    int64_t ox = origin(n, incx), oy = origin(m, incy);
    for (int64_t p = 0; p < l.len; p++)
        a[p] = NAN;
    for (int64_t p = 0; p < BUF; p++)
        x[p] = NAN;
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++)
            a[l.off + i * l.rs + j * l.cs] = alpha == 0.0 ? NAN : bt_uniform();
    for (int64_t j = 0; j < n; j++)
        x[ox + j * incx] = alpha == 0.0 ? NAN : bt_uniform();
    bt_fill_d(y, BUF);
    if (beta == 0.0)
        for (int64_t i = 0; i < m; i++)
            y[oy + i * incy] = NAN;
    memcpy(y0, y, sizeof y);
    memcpy(yr, y, sizeof y);
    vector_mask(in_y, m, incy);
    k->dgemv(m, n, alpha, a + l.off, l.rs, l.cs, x + ox, incx, beta, y + oy, incy);
    basis_dgemv_ref(m, n, alpha, a + l.off, l.rs, l.cs, x + ox, incx, beta, yr + oy, incy);
    for (int64_t p = 0; p < BUF; p++) {
        int ok;
        if (!in_y[p]) {
            ok = same_bits_d(y[p], y0[p]);
        } else if (alpha == 0.0 || n == 0) {
            ok = y[p] == yr[p];
        } else {
            int64_t i = (p - oy) / incy;
            double bound = beta == 0.0 ? 0.0 : fabs(beta * y0[p]);
            for (int64_t j = 0; j < n; j++)
                bound += fabs(alpha * a[l.off + i * l.rs + j * l.cs] * x[ox + j * incx]);
            ok = fabs(y[p] - yr[p]) <= 2.0 * (double)(n + 2) * BT_EPS_D * bound;
        }
        if (!ok) {
            if (report)
                BT_CHECK(0, "dgemv m=%lld n=%lld rs=%lld cs=%lld incx=%lld incy=%lld "
                            "alpha=%g beta=%g: slot %lld = %.17g, ref %.17g",
                         (long long)m, (long long)n, (long long)l.rs, (long long)l.cs,
                         (long long)incx, (long long)incy, alpha, beta, (long long)p, y[p],
                         yr[p]);
            return 1;
        }
    }
    return 0;
}

static int gemv_case_s(const basis_kernels *k, int64_t m, int64_t n, int kind, int64_t incx,
                       int64_t incy, float alpha, float beta, int report)
{
    static float a[GBUF], x[BUF], y[BUF], y0[BUF], yr[BUF];
    static unsigned char in_y[BUF];
    mat l = make_mat(kind, m, n);
    int64_t ox = origin(n, incx), oy = origin(m, incy);
    for (int64_t p = 0; p < l.len; p++)
        a[p] = NAN;
    for (int64_t p = 0; p < BUF; p++)
        x[p] = NAN;
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++)
            a[l.off + i * l.rs + j * l.cs] = alpha == 0.0f ? NAN : (float)bt_uniform();
    for (int64_t j = 0; j < n; j++)
        x[ox + j * incx] = alpha == 0.0f ? NAN : (float)bt_uniform();
    bt_fill_s(y, BUF);
    if (beta == 0.0f)
        for (int64_t i = 0; i < m; i++)
            y[oy + i * incy] = NAN;
    memcpy(y0, y, sizeof y);
    memcpy(yr, y, sizeof y);
    vector_mask(in_y, m, incy);
    k->sgemv(m, n, alpha, a + l.off, l.rs, l.cs, x + ox, incx, beta, y + oy, incy);
    basis_sgemv_ref(m, n, alpha, a + l.off, l.rs, l.cs, x + ox, incx, beta, yr + oy, incy);
    for (int64_t p = 0; p < BUF; p++) {
        int ok;
        if (!in_y[p]) {
            ok = same_bits_s(y[p], y0[p]);
        } else if (alpha == 0.0f || n == 0) {
            ok = y[p] == yr[p];
        } else {
            int64_t i = (p - oy) / incy;
            double bound = beta == 0.0f ? 0.0 : fabs((double)beta * y0[p]);
            for (int64_t j = 0; j < n; j++)
                bound += fabs((double)alpha * a[l.off + i * l.rs + j * l.cs] * x[ox + j * incx]);
            ok = fabs((double)y[p] - yr[p]) <= 2.0 * (double)(n + 2) * BT_EPS_S * bound;
        }
        if (!ok) {
            if (report)
                BT_CHECK(0, "sgemv m=%lld n=%lld rs=%lld cs=%lld incx=%lld incy=%lld "
                            "alpha=%g beta=%g: slot %lld = %.9g, ref %.9g",
                         (long long)m, (long long)n, (long long)l.rs, (long long)l.cs,
                         (long long)incx, (long long)incy, (double)alpha, (double)beta,
                         (long long)p, y[p], yr[p]);
            return 1;
        }
    }
    return 0;
}

static void check_gemv(const basis_kernels *k)
{
    int dbad = 0, sbad = 0, cases = 0;
    for (int mi = 0; mi < NGSIZES; mi++)
        for (int ni = 0; ni < NGSIZES; ni++)
            for (int kind = 0; kind < GEMV_KINDS; kind++)
                for (int v = 0; v < 4; v++)
                    for (int ab = 0; ab < NSCALARS * NSCALARS; ab++) {
                        int64_t m = gemv_sizes[mi], n = gemv_sizes[ni];
                        int64_t incx = gemv_incx[v / 2], incy = gemv_incy[v % 2];
                        double alpha = scalars[ab / NSCALARS], beta = scalars[ab % NSCALARS];
                        dbad += gemv_case_d(k, m, n, kind, incx, incy, alpha, beta, !dbad);
                        sbad += gemv_case_s(k, m, n, kind, incx, incy, (float)alpha,
                                            (float)beta, !sbad);
                        cases++;
                    }
    BT_CHECK(!dbad, "dgemv: %d of %d cases off", dbad, cases);
    BT_CHECK(!sbad, "sgemv: %d of %d cases off", sbad, cases);
}

/* ---- GEMM microkernels ------------------------------------------------------------- */

/* The ukr contract: packed A (a[p*MR + i]) and B (b[p*NR + j]), 64-byte aligned, one
 * extra packed column/row readable past the end (NaN here, so using it shows); C a full
 * MR x NR tile, column major with ldc >= MR. Rows MR..ldc-1 of C are outside the tile and
 * must keep their bits. */
static const int64_t ukr_ks[] = {0, 1, 2, 3, 4, 7, 16, 63, 64, 65, 257};
#define NUKRKS ((int)(sizeof ukr_ks / sizeof ukr_ks[0]))
#define UKR_SENTINEL 12345.0

static void *aligned_buffer(size_t bytes)
{
    return aligned_alloc(64, (bytes + 63) / 64 * 64);
}

/* One microkernel call; returns 1 (and reports the first time) if an entry is off: within
 * 2 (k+2) eps (|alpha| |A| |B| + |beta| |C|) of the reference, beta C alone (alpha == 0 or
 * k == 0) exact, rows past MR untouched. Returns -1 when out of memory. */
static int ukr_case_d(basis_dgemm_ukr ukr, int64_t k, int64_t ldc, double alpha, double beta,
                      int report)
{
    const int mr = ukr.mr, nr = ukr.nr;
    double *a = aligned_buffer(sizeof(double) * (size_t)((k + 1) * mr));
    double *b = aligned_buffer(sizeof(double) * (size_t)((k + 1) * nr));
    double *c = aligned_buffer(sizeof(double) * (size_t)(ldc * nr));
    double *cr = malloc(sizeof(double) * (size_t)(ldc * nr));
    double *c0 = malloc(sizeof(double) * (size_t)(ldc * nr));
    int bad = a && b && c && cr && c0 ? 0 : -1;
    for (int64_t p = 0; !bad && p < (k + 1) * mr; p++)
        a[p] = p < k * mr && alpha != 0.0 ? bt_uniform() : NAN;
    for (int64_t p = 0; !bad && p < (k + 1) * nr; p++)
        b[p] = p < k * nr && alpha != 0.0 ? bt_uniform() : NAN;
    for (int64_t q = 0; !bad && q < ldc * nr; q++)
        c[q] = q % ldc >= mr ? UKR_SENTINEL : beta == 0.0 ? NAN : bt_uniform();
    if (!bad) {
        memcpy(c0, c, sizeof(double) * (size_t)(ldc * nr));
        memcpy(cr, c, sizeof(double) * (size_t)(ldc * nr));
        ukr.fn(k, alpha, a, b, beta, c, ldc);
        basis_dgemm_ref(mr, nr, k, alpha, a, 1, mr, b, nr, 1, beta, cr, 1, ldc);
    }
    for (int64_t q = 0; !bad && q < ldc * nr; q++) {
        int64_t i = q % ldc, j = q / ldc;
        int ok;
        if (i >= mr) {
            ok = same_bits_d(c[q], UKR_SENTINEL);
        } else if (alpha == 0.0 || k == 0) {
            ok = c[q] == cr[q];
        } else {
            double bound = beta == 0.0 ? 0.0 : fabs(beta * c0[q]);
            for (int64_t p = 0; p < k; p++)
                bound += fabs(alpha * a[p * mr + i] * b[p * nr + j]);
            ok = fabs(c[q] - cr[q]) <= 2.0 * (double)(k + 2) * BT_EPS_D * bound;
        }
        if (!ok) {
            if (report)
                BT_CHECK(0, "dgemm ukr %dx%d k=%lld ldc=%lld alpha=%g beta=%g: "
                            "C(%lld,%lld) = %.17g, ref %.17g",
                         mr, nr, (long long)k, (long long)ldc, alpha, beta, (long long)i,
                         (long long)j, c[q], cr[q]);
            bad = 1;
        }
    }
    free(a);
    free(b);
    free(c);
    free(cr);
    free(c0);
    return bad;
}

static int ukr_case_s(basis_sgemm_ukr ukr, int64_t k, int64_t ldc, float alpha, float beta,
                      int report)
{
    const int mr = ukr.mr, nr = ukr.nr;
    float *a = aligned_buffer(sizeof(float) * (size_t)((k + 1) * mr));
    float *b = aligned_buffer(sizeof(float) * (size_t)((k + 1) * nr));
    float *c = aligned_buffer(sizeof(float) * (size_t)(ldc * nr));
    float *cr = malloc(sizeof(float) * (size_t)(ldc * nr));
    float *c0 = malloc(sizeof(float) * (size_t)(ldc * nr));
    int bad = a && b && c && cr && c0 ? 0 : -1;
    for (int64_t p = 0; !bad && p < (k + 1) * mr; p++)
        a[p] = p < k * mr && alpha != 0.0f ? (float)bt_uniform() : NAN;
    for (int64_t p = 0; !bad && p < (k + 1) * nr; p++)
        b[p] = p < k * nr && alpha != 0.0f ? (float)bt_uniform() : NAN;
    for (int64_t q = 0; !bad && q < ldc * nr; q++)
        c[q] = q % ldc >= mr ? (float)UKR_SENTINEL : beta == 0.0f ? NAN : (float)bt_uniform();
    if (!bad) {
        memcpy(c0, c, sizeof(float) * (size_t)(ldc * nr));
        memcpy(cr, c, sizeof(float) * (size_t)(ldc * nr));
        ukr.fn(k, alpha, a, b, beta, c, ldc);
        basis_sgemm_ref(mr, nr, k, alpha, a, 1, mr, b, nr, 1, beta, cr, 1, ldc);
    }
    for (int64_t q = 0; !bad && q < ldc * nr; q++) {
        int64_t i = q % ldc, j = q / ldc;
        int ok;
        if (i >= mr) {
            ok = same_bits_s(c[q], (float)UKR_SENTINEL);
        } else if (alpha == 0.0f || k == 0) {
            ok = c[q] == cr[q];
        } else {
            double bound = beta == 0.0f ? 0.0 : fabs((double)beta * c0[q]);
            for (int64_t p = 0; p < k; p++)
                bound += fabs((double)alpha * a[p * mr + i] * b[p * nr + j]);
            ok = fabs((double)c[q] - cr[q]) <= 2.0 * (double)(k + 2) * BT_EPS_S * bound;
        }
        if (!ok) {
            if (report)
                BT_CHECK(0, "sgemm ukr %dx%d k=%lld ldc=%lld alpha=%g beta=%g: "
                            "C(%lld,%lld) = %.9g, ref %.9g",
                         mr, nr, (long long)k, (long long)ldc, (double)alpha, (double)beta,
                         (long long)i, (long long)j, c[q], cr[q]);
            bad = 1;
        }
    }
    free(a);
    free(b);
    free(c);
    free(cr);
    free(c0);
    return bad;
}

static void check_ukr(const basis_kernels *k)
{
    int dbad = 0, sbad = 0, oom = 0, cases = 0;
    for (int ki = 0; ki < NUKRKS; ki++)
        for (int ldpad = 0; ldpad <= 3; ldpad += 3)
            for (int ab = 0; ab < NSCALARS * NSCALARS; ab++) {
                double alpha = scalars[ab / NSCALARS], beta = scalars[ab % NSCALARS];
                int rd = ukr_case_d(k->dgemm_ukr, ukr_ks[ki], k->dgemm_ukr.mr + ldpad, alpha,
                                    beta, !dbad);
                int rs = ukr_case_s(k->sgemm_ukr, ukr_ks[ki], k->sgemm_ukr.mr + ldpad,
                                    (float)alpha, (float)beta, !sbad);
                oom += rd < 0 || rs < 0;
                dbad += rd > 0;
                sbad += rs > 0;
                cases++;
            }
    BT_CHECK(!oom, "out of memory in %d ukr cases", oom);
    BT_CHECK(!dbad, "dgemm ukr %dx%d: %d of %d cases off", k->dgemm_ukr.mr, k->dgemm_ukr.nr,
             dbad, cases);
    BT_CHECK(!sbad, "sgemm ukr %dx%d: %d of %d cases off", k->sgemm_ukr.mr, k->sgemm_ukr.nr,
             sbad, cases);
}

int main(void)
{
    printf("check_neon_kernels\n");
    const basis_kernels *k = basis_target_kernels(BASIS_BACKEND_NEON);
    if (!k) {
        printf("check_neon_kernels: skipped, this CPU has no Advanced SIMD\n");
        return 77;
    }
    check_registered(k);
    check_dot(k);
    check_axpy(k);
    check_scal(k);
    check_nrm2_values(k);
    check_nrm2_special(k);
    check_gemv(k);
    check_ukr(k);
    return bt_end();
}

#else

int main(void)
{
    printf("check_neon_kernels: skipped, not an aarch64 build\n");
    return 77;
}

#endif
