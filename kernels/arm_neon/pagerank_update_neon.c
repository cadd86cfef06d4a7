/* pagerank_update_neon.c: the NEON PageRank update kernels (s and d), four nodes a step, with the reference's bits. */
#include <arm_neon.h>

#include "neon.h"

/* As on x86 (kernels/x86_avx2/pagerank_update_avx2.c): four nodes a step, whose changes
 * are the contract's four lane sums, here two 2-double registers (lanes 0-1 and 2-3). The
 * float kernel widens to double exactly and rounds xn to float once (fcvtn, round to
 * nearest like the C cast). Built with -ffp-contract=off: AArch64 has FMA everywhere, and
 * GCC would otherwise fuse the product and the sum that the reference rounds apart. The
 * last (i1 - i0) mod 4 nodes go through the reference. */

/* xd where inv is 0, else +0: the dangling rank of two nodes. */
static inline float64x2_t dangling(float64x2_t invd, float64x2_t xd)
{
    uint64x2_t z = vceqq_f64(invd, vdupq_n_f64(0.0));
    return vreinterpretq_f64_u64(vandq_u64(z, vreinterpretq_u64_f64(xd)));
}

static inline __attribute__((always_inline)) int64_t
s_nodes(const int personalized, int64_t i0, int64_t i1, double d, double c, double base,
        const float *v, const float *y, const float *inv, float *x, float *xs, double r[4],
        double dg[4])
{
    const float64x2_t vd = vdupq_n_f64(d), vc = vdupq_n_f64(c), vb = vdupq_n_f64(base);
    float64x2_t r0 = vld1q_f64(r), r1 = vld1q_f64(r + 2);
    float64x2_t g0 = vld1q_f64(dg), g1 = vld1q_f64(dg + 2);
    int64_t i = i0;
    for (; i + 4 <= i1; i += 4) {
        float32x4_t yf = vld1q_f32(y + i), xf = vld1q_f32(x + i), invf = vld1q_f32(inv + i);
        float64x2_t t0 = vb, t1 = vb;
        if (personalized) {
            float32x4_t vf = vld1q_f32(v + i);
            t0 = vmulq_f64(vc, vcvt_f64_f32(vget_low_f32(vf)));
            t1 = vmulq_f64(vc, vcvt_high_f64_f32(vf));
        }
        float64x2_t n0 = vaddq_f64(vmulq_f64(vd, vcvt_f64_f32(vget_low_f32(yf))), t0);
        float64x2_t n1 = vaddq_f64(vmulq_f64(vd, vcvt_high_f64_f32(yf)), t1);
        float32x4_t xn = vcvt_high_f32_f64(vcvt_f32_f64(n0), n1);
        float64x2_t xd0 = vcvt_f64_f32(vget_low_f32(xn)), xd1 = vcvt_high_f64_f32(xn);
        r0 = vaddq_f64(r0, vabsq_f64(vsubq_f64(xd0, vcvt_f64_f32(vget_low_f32(xf)))));
        r1 = vaddq_f64(r1, vabsq_f64(vsubq_f64(xd1, vcvt_high_f64_f32(xf))));
        g0 = vaddq_f64(g0, dangling(vcvt_f64_f32(vget_low_f32(invf)), xd0));
        g1 = vaddq_f64(g1, dangling(vcvt_high_f64_f32(invf), xd1));
        vst1q_f32(x + i, xn);
        vst1q_f32(xs + i, vmulq_f32(xn, invf));
    }
    vst1q_f64(r, r0);
    vst1q_f64(r + 2, r1);
    vst1q_f64(dg, g0);
    vst1q_f64(dg + 2, g1);
    return i;
}

void basis_spagerank_update_neon(int64_t i0, int64_t i1, double d, double c, double base,
                                 const float *v, const float *y, const float *inv, float *x,
                                 float *xs, double r[4], double dg[4])
{
    int64_t i = v ? s_nodes(1, i0, i1, d, c, base, v, y, inv, x, xs, r, dg)
                  : s_nodes(0, i0, i1, d, c, base, v, y, inv, x, xs, r, dg);
    basis_spagerank_update_ref(i, i1, d, c, base, v, y, inv, x, xs, r, dg);
}

static inline __attribute__((always_inline)) int64_t
d_nodes(const int personalized, int64_t i0, int64_t i1, double d, double c, double base,
        const double *v, const double *y, const double *inv, double *x, double *xs,
        double r[4], double dg[4])
{
    const float64x2_t vd = vdupq_n_f64(d), vc = vdupq_n_f64(c), vb = vdupq_n_f64(base);
    float64x2_t r0 = vld1q_f64(r), r1 = vld1q_f64(r + 2);
    float64x2_t g0 = vld1q_f64(dg), g1 = vld1q_f64(dg + 2);
    int64_t i = i0;
    for (; i + 4 <= i1; i += 4) {
        float64x2_t t0 = personalized ? vmulq_f64(vc, vld1q_f64(v + i)) : vb;
        float64x2_t t1 = personalized ? vmulq_f64(vc, vld1q_f64(v + i + 2)) : vb;
        float64x2_t n0 = vaddq_f64(vmulq_f64(vd, vld1q_f64(y + i)), t0);
        float64x2_t n1 = vaddq_f64(vmulq_f64(vd, vld1q_f64(y + i + 2)), t1);
        float64x2_t inv0 = vld1q_f64(inv + i), inv1 = vld1q_f64(inv + i + 2);
        r0 = vaddq_f64(r0, vabsq_f64(vsubq_f64(n0, vld1q_f64(x + i))));
        r1 = vaddq_f64(r1, vabsq_f64(vsubq_f64(n1, vld1q_f64(x + i + 2))));
        g0 = vaddq_f64(g0, dangling(inv0, n0));
        g1 = vaddq_f64(g1, dangling(inv1, n1));
        vst1q_f64(x + i, n0);
        vst1q_f64(x + i + 2, n1);
        vst1q_f64(xs + i, vmulq_f64(n0, inv0));
        vst1q_f64(xs + i + 2, vmulq_f64(n1, inv1));
    }
    vst1q_f64(r, r0);
    vst1q_f64(r + 2, r1);
    vst1q_f64(dg, g0);
    vst1q_f64(dg + 2, g1);
    return i;
}

void basis_dpagerank_update_neon(int64_t i0, int64_t i1, double d, double c, double base,
                                 const double *v, const double *y, const double *inv,
                                 double *x, double *xs, double r[4], double dg[4])
{
    int64_t i = v ? d_nodes(1, i0, i1, d, c, base, v, y, inv, x, xs, r, dg)
                  : d_nodes(0, i0, i1, d, c, base, v, y, inv, x, xs, r, dg);
    basis_dpagerank_update_ref(i, i1, d, c, base, v, y, inv, x, xs, r, dg);
}
