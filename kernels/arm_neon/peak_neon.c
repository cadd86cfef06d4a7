/* peak_neon.c: the NEON peak loops (16 independent q-register FMA chains, s and d) and the triad. */
#if defined(__aarch64__)
#include <arm_neon.h>

#include "peak_loops.h"

/* Distinct starting values: identical chains could be merged by value numbering. */
#define CHAIN_START(k) (1.0 + (k) / 64.0)

/* 16 chains: Neoverse V1/V2 and Apple cores issue 4 128-bit FMAs per cycle at latency 4.
 * 16 + m + c = 18 of the 32 v registers. */
float basis_peak_fma_neon_s(int64_t iters)
{
    const float32x4_t m = vdupq_n_f32(0.999f), c = vdupq_n_f32(0.001f);
    float32x4_t x0 = vdupq_n_f32((float)CHAIN_START(0));
    float32x4_t x1 = vdupq_n_f32((float)CHAIN_START(1));
    float32x4_t x2 = vdupq_n_f32((float)CHAIN_START(2));
    float32x4_t x3 = vdupq_n_f32((float)CHAIN_START(3));
    float32x4_t x4 = vdupq_n_f32((float)CHAIN_START(4));
    float32x4_t x5 = vdupq_n_f32((float)CHAIN_START(5));
    float32x4_t x6 = vdupq_n_f32((float)CHAIN_START(6));
    float32x4_t x7 = vdupq_n_f32((float)CHAIN_START(7));
    float32x4_t x8 = vdupq_n_f32((float)CHAIN_START(8));
    float32x4_t x9 = vdupq_n_f32((float)CHAIN_START(9));
    float32x4_t x10 = vdupq_n_f32((float)CHAIN_START(10));
    float32x4_t x11 = vdupq_n_f32((float)CHAIN_START(11));
    float32x4_t x12 = vdupq_n_f32((float)CHAIN_START(12));
    float32x4_t x13 = vdupq_n_f32((float)CHAIN_START(13));
    float32x4_t x14 = vdupq_n_f32((float)CHAIN_START(14));
    float32x4_t x15 = vdupq_n_f32((float)CHAIN_START(15));
    for (int64_t i = 0; i < iters; i++) {
        x0 = vfmaq_f32(c, x0, m);
        x1 = vfmaq_f32(c, x1, m);
        x2 = vfmaq_f32(c, x2, m);
        x3 = vfmaq_f32(c, x3, m);
        x4 = vfmaq_f32(c, x4, m);
        x5 = vfmaq_f32(c, x5, m);
        x6 = vfmaq_f32(c, x6, m);
        x7 = vfmaq_f32(c, x7, m);
        x8 = vfmaq_f32(c, x8, m);
        x9 = vfmaq_f32(c, x9, m);
        x10 = vfmaq_f32(c, x10, m);
        x11 = vfmaq_f32(c, x11, m);
        x12 = vfmaq_f32(c, x12, m);
        x13 = vfmaq_f32(c, x13, m);
        x14 = vfmaq_f32(c, x14, m);
        x15 = vfmaq_f32(c, x15, m);
    }
    float32x4_t s0 = vaddq_f32(vaddq_f32(vaddq_f32(x0, x1), vaddq_f32(x2, x3)),
                               vaddq_f32(vaddq_f32(x4, x5), vaddq_f32(x6, x7)));
    float32x4_t s1 = vaddq_f32(vaddq_f32(vaddq_f32(x8, x9), vaddq_f32(x10, x11)),
                               vaddq_f32(vaddq_f32(x12, x13), vaddq_f32(x14, x15)));
    return vaddvq_f32(vaddq_f32(s0, s1));
}

double basis_peak_fma_neon_d(int64_t iters)
{
    const float64x2_t m = vdupq_n_f64(0.999), c = vdupq_n_f64(0.001);
    float64x2_t x0 = vdupq_n_f64(CHAIN_START(0));
    float64x2_t x1 = vdupq_n_f64(CHAIN_START(1));
    float64x2_t x2 = vdupq_n_f64(CHAIN_START(2));
    float64x2_t x3 = vdupq_n_f64(CHAIN_START(3));
    float64x2_t x4 = vdupq_n_f64(CHAIN_START(4));
    float64x2_t x5 = vdupq_n_f64(CHAIN_START(5));
    float64x2_t x6 = vdupq_n_f64(CHAIN_START(6));
    float64x2_t x7 = vdupq_n_f64(CHAIN_START(7));
    float64x2_t x8 = vdupq_n_f64(CHAIN_START(8));
    float64x2_t x9 = vdupq_n_f64(CHAIN_START(9));
    float64x2_t x10 = vdupq_n_f64(CHAIN_START(10));
    float64x2_t x11 = vdupq_n_f64(CHAIN_START(11));
    float64x2_t x12 = vdupq_n_f64(CHAIN_START(12));
    float64x2_t x13 = vdupq_n_f64(CHAIN_START(13));
    float64x2_t x14 = vdupq_n_f64(CHAIN_START(14));
    float64x2_t x15 = vdupq_n_f64(CHAIN_START(15));
    for (int64_t i = 0; i < iters; i++) {
        x0 = vfmaq_f64(c, x0, m);
        x1 = vfmaq_f64(c, x1, m);
        x2 = vfmaq_f64(c, x2, m);
        x3 = vfmaq_f64(c, x3, m);
        x4 = vfmaq_f64(c, x4, m);
        x5 = vfmaq_f64(c, x5, m);
        x6 = vfmaq_f64(c, x6, m);
        x7 = vfmaq_f64(c, x7, m);
        x8 = vfmaq_f64(c, x8, m);
        x9 = vfmaq_f64(c, x9, m);
        x10 = vfmaq_f64(c, x10, m);
        x11 = vfmaq_f64(c, x11, m);
        x12 = vfmaq_f64(c, x12, m);
        x13 = vfmaq_f64(c, x13, m);
        x14 = vfmaq_f64(c, x14, m);
        x15 = vfmaq_f64(c, x15, m);
    }
    float64x2_t s0 = vaddq_f64(vaddq_f64(vaddq_f64(x0, x1), vaddq_f64(x2, x3)),
                               vaddq_f64(vaddq_f64(x4, x5), vaddq_f64(x6, x7)));
    float64x2_t s1 = vaddq_f64(vaddq_f64(vaddq_f64(x8, x9), vaddq_f64(x10, x11)),
                               vaddq_f64(vaddq_f64(x12, x13), vaddq_f64(x14, x15)));
    return vaddvq_f64(vaddq_f64(s0, s1));
}

void basis_peak_triad_neon(int64_t n, double s, const double *b, const double *c, double *a)
{
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        float64x2_t r0 = vfmaq_n_f64(vld1q_f64(b + i), vld1q_f64(c + i), s);
        float64x2_t r1 = vfmaq_n_f64(vld1q_f64(b + i + 2), vld1q_f64(c + i + 2), s);
        vst1q_f64(a + i, r0);
        vst1q_f64(a + i + 2, r1);
    }
    for (; i < n; i++)
        a[i] = b[i] + s * c[i];
}
#else
/* Only aarch64 builds compile this folder; other architectures see an empty unit. */
typedef int basis_peak_neon_unused;
#endif
