/* slevel1_neon.c: the NEON float level-1 kernels (dot, nrm2, axpy, scal); unit increments vectorized. */
#include <arm_neon.h>
#include <math.h>

#include "arm_neon/neon.h"

/* Four accumulators of four lanes: the loop is bound by its two loads per FMA, and four
 * chains are enough to hide the FMA latency behind them. Sixteen partial sums also shorten
 * each float rounding chain sixteenfold. */
float basis_sdot_neon(int64_t n, const float *x, int64_t incx, const float *y, int64_t incy)
{
    if (incx != 1 || incy != 1) {
        float sum = 0.0f;
        for (int64_t i = 0; i < n; i++)
            sum += x[i * incx] * y[i * incy];
        return sum;
    }
    float32x4_t s0 = vdupq_n_f32(0.0f), s1 = s0, s2 = s0, s3 = s0;
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = vfmaq_f32(s0, vld1q_f32(x + i), vld1q_f32(y + i));
        s1 = vfmaq_f32(s1, vld1q_f32(x + i + 4), vld1q_f32(y + i + 4));
        s2 = vfmaq_f32(s2, vld1q_f32(x + i + 8), vld1q_f32(y + i + 8));
        s3 = vfmaq_f32(s3, vld1q_f32(x + i + 12), vld1q_f32(y + i + 12));
    }
    for (; i + 4 <= n; i += 4)
        s0 = vfmaq_f32(s0, vld1q_f32(x + i), vld1q_f32(y + i));
    float sum = vaddvq_f32(vaddq_f32(vaddq_f32(s0, s1), vaddq_f32(s2, s3)));
    for (; i < n; i++)
        sum += x[i] * y[i];
    return sum;
}

/* The squares are summed in double: the square of any finite float, from 2^-298 to 2^256,
 * is a normal double, so nothing overflows or underflows and no scaling is needed, and the
 * double sum's error stays far below one float rounding for any practical n. Inf squares
 * to Inf, NaN stays NaN and Inf + NaN is NaN, as the contract asks. */
float basis_snrm2_neon(int64_t n, const float *x, int64_t incx)
{
    double sum;
    int64_t i = 0;
    if (incx == 1) {
        float64x2_t s0 = vdupq_n_f64(0.0), s1 = s0, s2 = s0, s3 = s0;
        for (; i + 8 <= n; i += 8) {
            float32x4_t v = vld1q_f32(x + i), w = vld1q_f32(x + i + 4);
            float64x2_t v0 = vcvt_f64_f32(vget_low_f32(v)), v1 = vcvt_high_f64_f32(v);
            float64x2_t w0 = vcvt_f64_f32(vget_low_f32(w)), w1 = vcvt_high_f64_f32(w);
            s0 = vfmaq_f64(s0, v0, v0);
            s1 = vfmaq_f64(s1, v1, v1);
            s2 = vfmaq_f64(s2, w0, w0);
            s3 = vfmaq_f64(s3, w1, w1);
        }
        for (; i + 4 <= n; i += 4) {
            float32x4_t v = vld1q_f32(x + i);
            float64x2_t v0 = vcvt_f64_f32(vget_low_f32(v)), v1 = vcvt_high_f64_f32(v);
            s0 = vfmaq_f64(s0, v0, v0);
            s1 = vfmaq_f64(s1, v1, v1);
        }
        sum = vaddvq_f64(vaddq_f64(vaddq_f64(s0, s1), vaddq_f64(s2, s3)));
    } else {
        sum = 0.0;
    }
    for (; i < n; i++) {
        double v = (double)x[i * incx];
        sum += v * v;
    }
    return (float)sqrt(sum);
}

void basis_saxpy_neon(int64_t n, float alpha, const float *x, int64_t incx, float *y,
                      int64_t incy)
{
    if (alpha == 0.0f)
        return;
    int64_t i = 0;
    if (incx == 1 && incy == 1) {
        float32x4_t va = vdupq_n_f32(alpha);
        for (; i + 16 <= n; i += 16) {
            vst1q_f32(y + i, vfmaq_f32(vld1q_f32(y + i), va, vld1q_f32(x + i)));
            vst1q_f32(y + i + 4, vfmaq_f32(vld1q_f32(y + i + 4), va, vld1q_f32(x + i + 4)));
            vst1q_f32(y + i + 8, vfmaq_f32(vld1q_f32(y + i + 8), va, vld1q_f32(x + i + 8)));
            vst1q_f32(y + i + 12, vfmaq_f32(vld1q_f32(y + i + 12), va, vld1q_f32(x + i + 12)));
        }
        for (; i + 4 <= n; i += 4)
            vst1q_f32(y + i, vfmaq_f32(vld1q_f32(y + i), va, vld1q_f32(x + i)));
    }
    for (; i < n; i++)
        y[i * incy] += alpha * x[i * incx];
}

void basis_sscal_neon(int64_t n, float alpha, float *x, int64_t incx)
{
    int64_t i = 0;
    if (alpha == 0.0f) {
        if (incx == 1) {
            float32x4_t z = vdupq_n_f32(0.0f);
            for (; i + 4 <= n; i += 4)
                vst1q_f32(x + i, z);
        }
        for (; i < n; i++)
            x[i * incx] = 0.0f;
        return;
    }
    if (incx == 1) {
        for (; i + 16 <= n; i += 16) {
            vst1q_f32(x + i, vmulq_n_f32(vld1q_f32(x + i), alpha));
            vst1q_f32(x + i + 4, vmulq_n_f32(vld1q_f32(x + i + 4), alpha));
            vst1q_f32(x + i + 8, vmulq_n_f32(vld1q_f32(x + i + 8), alpha));
            vst1q_f32(x + i + 12, vmulq_n_f32(vld1q_f32(x + i + 12), alpha));
        }
        for (; i + 4 <= n; i += 4)
            vst1q_f32(x + i, vmulq_n_f32(vld1q_f32(x + i), alpha));
    }
    for (; i < n; i++)
        x[i * incx] *= alpha;
}
