/* sgemm_neon_8x12.c: the NEON float GEMM microkernel, an 8 x 12 tile of C (contract in ukernel.h). */
#include <arm_neon.h>

#include "arm_neon/neon.h"

/* Why 8 x 12. AArch64 has 32 128-bit registers of four floats each. The 96 sums of the tile
 * take 24 registers, one packed column of A (8 floats) 2 more and one packed row of B
 * (12 floats) 3 more: 29 live registers, no spills. Against the other 24-accumulator shape,
 * 16 x 6, it loads 20 floats per k step instead of 22 for the same 96 multiply-adds, and
 * both panels are whole vectors (16 x 6 needs a 4 + 2 split load of B). FMA by element
 * (fmla vd.4s, vn.4s, vm.s[lane]) takes each B entry straight from its loaded vector, so
 * B needs no broadcasts: 5 loads for 24 FMAs per k step. The 24 accumulators are 24
 * independent FMA chains, more than 4-cycle FMA latency times 2 pipes (Cortex-A76,
 * Neoverse N1: 8) or 4 pipes (Neoverse V1/V2, Apple M: 16) asks for, so the loop is bound
 * by FMA throughput, not latency. */

void basis_sgemm_ukr_neon_8x12(int64_t k, float alpha, const float *a, const float *b,
                               float beta, float *c, int64_t ldc)
{
    float32x4_t c00 = vdupq_n_f32(0.0f), c01 = c00, c10 = c00, c11 = c00;
    float32x4_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
    float32x4_t c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    float32x4_t c60 = c00, c61 = c00, c70 = c00, c71 = c00;
    float32x4_t c80 = c00, c81 = c00, c90 = c00, c91 = c00;
    float32x4_t ca0 = c00, ca1 = c00, cb0 = c00, cb1 = c00;

    /* alpha == 0 never reads A or B (common contract): the sums stay zero. */
    if (alpha == 0.0f)
        k = 0;
    for (int64_t p = 0; p < k; p++, a += 8, b += 12) {
        float32x4_t a0 = vld1q_f32(a), a1 = vld1q_f32(a + 4);
        float32x4_t b0 = vld1q_f32(b), b1 = vld1q_f32(b + 4), b2 = vld1q_f32(b + 8);
        c00 = vfmaq_laneq_f32(c00, a0, b0, 0);
        c01 = vfmaq_laneq_f32(c01, a1, b0, 0);
        c10 = vfmaq_laneq_f32(c10, a0, b0, 1);
        c11 = vfmaq_laneq_f32(c11, a1, b0, 1);
        c20 = vfmaq_laneq_f32(c20, a0, b0, 2);
        c21 = vfmaq_laneq_f32(c21, a1, b0, 2);
        c30 = vfmaq_laneq_f32(c30, a0, b0, 3);
        c31 = vfmaq_laneq_f32(c31, a1, b0, 3);
        c40 = vfmaq_laneq_f32(c40, a0, b1, 0);
        c41 = vfmaq_laneq_f32(c41, a1, b1, 0);
        c50 = vfmaq_laneq_f32(c50, a0, b1, 1);
        c51 = vfmaq_laneq_f32(c51, a1, b1, 1);
        c60 = vfmaq_laneq_f32(c60, a0, b1, 2);
        c61 = vfmaq_laneq_f32(c61, a1, b1, 2);
        c70 = vfmaq_laneq_f32(c70, a0, b1, 3);
        c71 = vfmaq_laneq_f32(c71, a1, b1, 3);
        c80 = vfmaq_laneq_f32(c80, a0, b2, 0);
        c81 = vfmaq_laneq_f32(c81, a1, b2, 0);
        c90 = vfmaq_laneq_f32(c90, a0, b2, 1);
        c91 = vfmaq_laneq_f32(c91, a1, b2, 1);
        ca0 = vfmaq_laneq_f32(ca0, a0, b2, 2);
        ca1 = vfmaq_laneq_f32(ca1, a1, b2, 2);
        cb0 = vfmaq_laneq_f32(cb0, a0, b2, 3);
        cb1 = vfmaq_laneq_f32(cb1, a1, b2, 3);
    }

    float32x4_t acc[12][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31},
                              {c40, c41}, {c50, c51}, {c60, c61}, {c70, c71},
                              {c80, c81}, {c90, c91}, {ca0, ca1}, {cb0, cb1}};
    /* beta == 0 writes C without reading it, so NaN there does not propagate. */
    if (beta == 0.0f) {
        for (int j = 0; j < 12; j++)
            for (int r = 0; r < 2; r++)
                vst1q_f32(c + j * ldc + 4 * r, vmulq_n_f32(acc[j][r], alpha));
        return;
    }
    for (int j = 0; j < 12; j++)
        for (int r = 0; r < 2; r++) {
            float *cj = c + j * ldc + 4 * r;
            vst1q_f32(cj, vfmaq_n_f32(vmulq_n_f32(acc[j][r], alpha), vld1q_f32(cj), beta));
        }
}
