/* spmv_sell8_neon.c: the NEON pull SpMV kernels (s and d) over SELL-8 in-edges: one lane per slot, scalar loads into vector sums. */
#include <arm_neon.h>

#include "neon.h"

/* As on x86 (kernels/x86_avx512/spmv_sell8_avx512.c says why SELL-8 and scalar loads):
 * the eight double sums take four 2-lane registers, the float sums two 4-lane ones. */

static inline float64x2_t load2_f64(const double *x, const uint32_t *s)
{
    return vsetq_lane_f64(x[s[1]], vdupq_n_f64(x[s[0]]), 1);
}

static inline float32x4_t load4_f32(const float *x, const uint32_t *s)
{
    float32x4_t v = vdupq_n_f32(x[s[0]]);
    v = vsetq_lane_f32(x[s[1]], v, 1);
    v = vsetq_lane_f32(x[s[2]], v, 2);
    return vsetq_lane_f32(x[s[3]], v, 3);
}

void basis_dspmv_sell8_neon(int64_t c0, int64_t c1, const int64_t *chunk_start,
                            const uint32_t *col, const double *x, double *y)
{
    for (int64_t c = c0; c < c1; c++) {
        const uint32_t *s = col + chunk_start[c], *end = col + chunk_start[c + 1];
        float64x2_t a0 = vdupq_n_f64(0.0), a1 = a0, a2 = a0, a3 = a0;
        for (; s < end; s += 8) {
            a0 = vaddq_f64(a0, load2_f64(x, s));
            a1 = vaddq_f64(a1, load2_f64(x, s + 2));
            a2 = vaddq_f64(a2, load2_f64(x, s + 4));
            a3 = vaddq_f64(a3, load2_f64(x, s + 6));
        }
        double *yc = y + c * 8;
        vst1q_f64(yc, a0);
        vst1q_f64(yc + 2, a1);
        vst1q_f64(yc + 4, a2);
        vst1q_f64(yc + 6, a3);
    }
}

void basis_sspmv_sell8_neon(int64_t c0, int64_t c1, const int64_t *chunk_start,
                            const uint32_t *col, const float *x, float *y)
{
    for (int64_t c = c0; c < c1; c++) {
        const uint32_t *s = col + chunk_start[c], *end = col + chunk_start[c + 1];
        float32x4_t a0 = vdupq_n_f32(0.0f), a1 = a0;
        for (; s < end; s += 8) {
            a0 = vaddq_f32(a0, load4_f32(x, s));
            a1 = vaddq_f32(a1, load4_f32(x, s + 4));
        }
        vst1q_f32(y + c * 8, a0);
        vst1q_f32(y + c * 8 + 4, a1);
    }
}
