/* dgemm_neon_8x6.c: the NEON double GEMM microkernel, an 8 x 6 tile of C (contract in ukernel.h). */
#include <arm_neon.h>

#include "arm_neon/neon.h"

/* Why 8 x 6. AArch64 has 32 128-bit registers of two doubles each. The 48 sums of the tile
 * take 24 registers, one packed column of A (8 doubles) 4 more and one packed row of B
 * (6 doubles) 3 more: 31 live registers, so the loop never spills. 8 x 8 would need
 * 32 + 4 + 4 = 40 registers and spill; 8 x 4 or 6 x 6 leave registers idle and load more per
 * FMA. FMA by element (fmla vd.2d, vn.2d, vm.d[lane]) multiplies a column of A by one entry
 * of B straight from the loaded B vector, so B needs no broadcasts. Per k step: 7 loads for
 * 24 FMAs. The 24 accumulators are 24 independent FMA chains, more than the latency times
 * the throughput of current cores asks for (4-cycle FMA on 2 pipes in Cortex-A76 and
 * Neoverse N1: 8 chains; on 4 pipes in Neoverse V1/V2 and Apple M: 16 chains), so the
 * loop is bound by FMA throughput, not latency. MR = 8 is also one 64-byte cache line of
 * packed A per k step. */

void basis_dgemm_ukr_neon_8x6(int64_t k, double alpha, const double *a, const double *b,
                              double beta, double *c, int64_t ldc)
{
    float64x2_t c00 = vdupq_n_f64(0.0), c01 = c00, c02 = c00, c03 = c00;
    float64x2_t c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    float64x2_t c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    float64x2_t c30 = c00, c31 = c00, c32 = c00, c33 = c00;
    float64x2_t c40 = c00, c41 = c00, c42 = c00, c43 = c00;
    float64x2_t c50 = c00, c51 = c00, c52 = c00, c53 = c00;

    /* alpha == 0 never reads A or B (common contract): the sums stay zero. */
    if (alpha == 0.0)
        k = 0;
    for (int64_t p = 0; p < k; p++, a += 8, b += 6) {
        float64x2_t a0 = vld1q_f64(a), a1 = vld1q_f64(a + 2);
        float64x2_t a2 = vld1q_f64(a + 4), a3 = vld1q_f64(a + 6);
        float64x2_t b01 = vld1q_f64(b), b23 = vld1q_f64(b + 2), b45 = vld1q_f64(b + 4);
        c00 = vfmaq_laneq_f64(c00, a0, b01, 0);
        c01 = vfmaq_laneq_f64(c01, a1, b01, 0);
        c02 = vfmaq_laneq_f64(c02, a2, b01, 0);
        c03 = vfmaq_laneq_f64(c03, a3, b01, 0);
        c10 = vfmaq_laneq_f64(c10, a0, b01, 1);
        c11 = vfmaq_laneq_f64(c11, a1, b01, 1);
        c12 = vfmaq_laneq_f64(c12, a2, b01, 1);
        c13 = vfmaq_laneq_f64(c13, a3, b01, 1);
        c20 = vfmaq_laneq_f64(c20, a0, b23, 0);
        c21 = vfmaq_laneq_f64(c21, a1, b23, 0);
        c22 = vfmaq_laneq_f64(c22, a2, b23, 0);
        c23 = vfmaq_laneq_f64(c23, a3, b23, 0);
        c30 = vfmaq_laneq_f64(c30, a0, b23, 1);
        c31 = vfmaq_laneq_f64(c31, a1, b23, 1);
        c32 = vfmaq_laneq_f64(c32, a2, b23, 1);
        c33 = vfmaq_laneq_f64(c33, a3, b23, 1);
        c40 = vfmaq_laneq_f64(c40, a0, b45, 0);
        c41 = vfmaq_laneq_f64(c41, a1, b45, 0);
        c42 = vfmaq_laneq_f64(c42, a2, b45, 0);
        c43 = vfmaq_laneq_f64(c43, a3, b45, 0);
        c50 = vfmaq_laneq_f64(c50, a0, b45, 1);
        c51 = vfmaq_laneq_f64(c51, a1, b45, 1);
        c52 = vfmaq_laneq_f64(c52, a2, b45, 1);
        c53 = vfmaq_laneq_f64(c53, a3, b45, 1);
    }

    float64x2_t acc[6][4] = {{c00, c01, c02, c03}, {c10, c11, c12, c13}, {c20, c21, c22, c23},
                             {c30, c31, c32, c33}, {c40, c41, c42, c43}, {c50, c51, c52, c53}};
    /* beta == 0 writes C without reading it, so NaN there does not propagate. */
    if (beta == 0.0) {
        for (int j = 0; j < 6; j++)
            for (int r = 0; r < 4; r++)
                vst1q_f64(c + j * ldc + 2 * r, vmulq_n_f64(acc[j][r], alpha));
        return;
    }
    for (int j = 0; j < 6; j++)
        for (int r = 0; r < 4; r++) {
            double *cj = c + j * ldc + 2 * r;
            vst1q_f64(cj, vfmaq_n_f64(vmulq_n_f64(acc[j][r], alpha), vld1q_f64(cj), beta));
        }
}
