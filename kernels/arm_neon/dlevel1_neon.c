/* dlevel1_neon.c: the NEON double level-1 kernels (dot, nrm2, axpy, scal); unit increments vectorized. */
#include <arm_neon.h>
#include <math.h>

#include "arm_neon/neon.h"

/* Four accumulators of two lanes: the loop is bound by its two loads per FMA, and four
 * chains are enough to hide the FMA latency behind them. */
double basis_ddot_neon(int64_t n, const double *x, int64_t incx, const double *y, int64_t incy)
{
    if (incx != 1 || incy != 1) {
        double sum = 0.0;
        for (int64_t i = 0; i < n; i++)
            sum += x[i * incx] * y[i * incy];
        return sum;
    }
    float64x2_t s0 = vdupq_n_f64(0.0), s1 = s0, s2 = s0, s3 = s0;
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        s0 = vfmaq_f64(s0, vld1q_f64(x + i), vld1q_f64(y + i));
        s1 = vfmaq_f64(s1, vld1q_f64(x + i + 2), vld1q_f64(y + i + 2));
        s2 = vfmaq_f64(s2, vld1q_f64(x + i + 4), vld1q_f64(y + i + 4));
        s3 = vfmaq_f64(s3, vld1q_f64(x + i + 6), vld1q_f64(y + i + 6));
    }
    for (; i + 2 <= n; i += 2)
        s0 = vfmaq_f64(s0, vld1q_f64(x + i), vld1q_f64(y + i));
    double sum = vaddvq_f64(vaddq_f64(vaddq_f64(s0, s1), vaddq_f64(s2, s3)));
    for (; i < n; i++)
        sum += x[i] * y[i];
    return sum;
}

/* Two passes: the largest |x| first (NaN and Inf decided there), then the sum of squares of
 * x scaled by a power of two that brings that largest entry into [1, 2). Scaling by a power
 * of two is exact, the scaled squares cannot overflow, and entries whose scaled squares
 * underflow are below 2^-1022 of the largest one's, so their loss is far below rounding. The
 * scale is capped at 2^1022 (an all-subnormal x) so that it stays representable; the
 * scaled largest entry is then >= 2^-52 and its square still a normal number. This keeps
 * the vector loop free of the per-element branch of the classic one-pass scaled sum. */
static double amax_d(int64_t n, const double *x, int64_t incx, int *has_nan)
{
    double m = 0.0;
    int64_t i = 0;
    if (incx == 1 && n >= 4) {
        /* FMAX returns NaN when either input is NaN, so a NaN survives to the end. */
        float64x2_t m0 = vdupq_n_f64(0.0), m1 = m0;
        for (; i + 4 <= n; i += 4) {
            m0 = vmaxq_f64(m0, vabsq_f64(vld1q_f64(x + i)));
            m1 = vmaxq_f64(m1, vabsq_f64(vld1q_f64(x + i + 2)));
        }
        m = vmaxvq_f64(vmaxq_f64(m0, m1));
        if (isnan(m))
            *has_nan = 1;
    }
    for (; i < n; i++) {
        double v = fabs(x[i * incx]);
        if (isnan(v))
            *has_nan = 1;
        else if (v > m)
            m = v;
    }
    return m;
}

double basis_dnrm2_neon(int64_t n, const double *x, int64_t incx)
{
    int has_nan = 0;
    double m = amax_d(n, x, incx, &has_nan);
    if (has_nan)
        return NAN;
    if (isinf(m))
        return INFINITY;
    if (m == 0.0)
        return 0.0;
    int e = ilogb(m);
    if (e < -1022)
        e = -1022;
    double s = ldexp(1.0, -e);
    double sum;
    int64_t i = 0;
    if (incx == 1) {
        float64x2_t s0 = vdupq_n_f64(0.0), s1 = s0, s2 = s0, s3 = s0;
        for (; i + 8 <= n; i += 8) {
            float64x2_t v0 = vmulq_n_f64(vld1q_f64(x + i), s);
            float64x2_t v1 = vmulq_n_f64(vld1q_f64(x + i + 2), s);
            float64x2_t v2 = vmulq_n_f64(vld1q_f64(x + i + 4), s);
            float64x2_t v3 = vmulq_n_f64(vld1q_f64(x + i + 6), s);
            s0 = vfmaq_f64(s0, v0, v0);
            s1 = vfmaq_f64(s1, v1, v1);
            s2 = vfmaq_f64(s2, v2, v2);
            s3 = vfmaq_f64(s3, v3, v3);
        }
        for (; i + 2 <= n; i += 2) {
            float64x2_t v = vmulq_n_f64(vld1q_f64(x + i), s);
            s0 = vfmaq_f64(s0, v, v);
        }
        sum = vaddvq_f64(vaddq_f64(vaddq_f64(s0, s1), vaddq_f64(s2, s3)));
    } else {
        sum = 0.0;
    }
    for (; i < n; i++) {
        double v = x[i * incx] * s;
        sum += v * v;
    }
    return ldexp(sqrt(sum), e);
}

void basis_daxpy_neon(int64_t n, double alpha, const double *x, int64_t incx, double *y,
                      int64_t incy)
{
    if (alpha == 0.0)
        return;
    int64_t i = 0;
    if (incx == 1 && incy == 1) {
        float64x2_t va = vdupq_n_f64(alpha);
        for (; i + 8 <= n; i += 8) {
            vst1q_f64(y + i, vfmaq_f64(vld1q_f64(y + i), va, vld1q_f64(x + i)));
            vst1q_f64(y + i + 2, vfmaq_f64(vld1q_f64(y + i + 2), va, vld1q_f64(x + i + 2)));
            vst1q_f64(y + i + 4, vfmaq_f64(vld1q_f64(y + i + 4), va, vld1q_f64(x + i + 4)));
            vst1q_f64(y + i + 6, vfmaq_f64(vld1q_f64(y + i + 6), va, vld1q_f64(x + i + 6)));
        }
        for (; i + 2 <= n; i += 2)
            vst1q_f64(y + i, vfmaq_f64(vld1q_f64(y + i), va, vld1q_f64(x + i)));
    }
    for (; i < n; i++)
        y[i * incy] += alpha * x[i * incx];
}

void basis_dscal_neon(int64_t n, double alpha, double *x, int64_t incx)
{
    int64_t i = 0;
    if (alpha == 0.0) {
        if (incx == 1) {
            float64x2_t z = vdupq_n_f64(0.0);
            for (; i + 2 <= n; i += 2)
                vst1q_f64(x + i, z);
        }
        for (; i < n; i++)
            x[i * incx] = 0.0;
        return;
    }
    if (incx == 1) {
        for (; i + 8 <= n; i += 8) {
            vst1q_f64(x + i, vmulq_n_f64(vld1q_f64(x + i), alpha));
            vst1q_f64(x + i + 2, vmulq_n_f64(vld1q_f64(x + i + 2), alpha));
            vst1q_f64(x + i + 4, vmulq_n_f64(vld1q_f64(x + i + 4), alpha));
            vst1q_f64(x + i + 6, vmulq_n_f64(vld1q_f64(x + i + 6), alpha));
        }
        for (; i + 2 <= n; i += 2)
            vst1q_f64(x + i, vmulq_n_f64(vld1q_f64(x + i), alpha));
    }
    for (; i < n; i++)
        x[i * incx] *= alpha;
}
