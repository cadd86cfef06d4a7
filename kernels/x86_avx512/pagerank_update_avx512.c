/* pagerank_update_avx512.c: the AVX-512 PageRank update kernels (s and d), eight nodes a step, with the reference's bits. */
#include <immintrin.h>

#include "x86_avx512/avx512.h"

/* Why this shape.
 * - The contract's lane sums (lane (i - i0) % 4) are one 4-double vector. Each step's
 *   eight changes are added to it in two halves, nodes i..i+3 then i+4..i+7: exactly the
 *   reference's order, node after node within each lane.
 * - The float kernel widens y, v and x to double (exact), forms xn in double, rounds it to
 *   float once (vcvtpd2ps, round to nearest like the C cast) and widens it back for the
 *   sums; x and xs stay float, so it moves half the double kernel's bytes.
 * - Products and sums are separate instructions and the file is built with
 *   -ffp-contract=off, so none of them becomes an FMA (the reference rounds each).
 * - The last i1 - i0 mod 8 nodes go through the reference: i - i0 is then a multiple of 8,
 *   so their lanes are the same counted from i.
 * The scalar loop this replaces (a float load feeding double arithmetic, which GCC 12 does
 * not vectorize) took 1.6 M TSC cycles per iteration on cnr-2000 against 0.3 for this
 * (Zen 5, 1 thread). */

static inline __m256d add_halves(__m256d acc, __m512d x8)
{
    acc = _mm256_add_pd(acc, _mm512_castpd512_pd256(x8));
    return _mm256_add_pd(acc, _mm512_extractf64x4_pd(x8, 1));
}

static inline __attribute__((always_inline)) int64_t
s_nodes(const int personalized, int64_t i0, int64_t i1, double d, double c, double base,
        const float *v, const float *y, const float *inv, float *x, float *xs, double r[4],
        double dg[4])
{
    const __m512d vd = _mm512_set1_pd(d), vc = _mm512_set1_pd(c), vb = _mm512_set1_pd(base);
    __m256d ar = _mm256_loadu_pd(r), ag = _mm256_loadu_pd(dg);
    int64_t i = i0;
    for (; i + 8 <= i1; i += 8) {
        __m256 invf = _mm256_loadu_ps(inv + i);
        __m512d t = personalized ? _mm512_mul_pd(vc, _mm512_cvtps_pd(_mm256_loadu_ps(v + i))) : vb;
        __m512d dy = _mm512_mul_pd(vd, _mm512_cvtps_pd(_mm256_loadu_ps(y + i)));
        __m256 xn = _mm512_cvtpd_ps(_mm512_add_pd(dy, t));
        __m512d xnd = _mm512_cvtps_pd(xn);
        __m512d ch = _mm512_abs_pd(_mm512_sub_pd(xnd, _mm512_cvtps_pd(_mm256_loadu_ps(x + i))));
        __mmask8 dang = _mm256_cmp_ps_mask(invf, _mm256_setzero_ps(), _CMP_EQ_OQ);
        ar = add_halves(ar, ch);
        ag = add_halves(ag, _mm512_maskz_mov_pd(dang, xnd));
        _mm256_storeu_ps(x + i, xn);
        _mm256_storeu_ps(xs + i, _mm256_mul_ps(xn, invf));
    }
    _mm256_storeu_pd(r, ar);
    _mm256_storeu_pd(dg, ag);
    return i;
}

void basis_spagerank_update_avx512(int64_t i0, int64_t i1, double d, double c, double base,
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
    const __m512d vd = _mm512_set1_pd(d), vc = _mm512_set1_pd(c), vb = _mm512_set1_pd(base);
    __m256d ar = _mm256_loadu_pd(r), ag = _mm256_loadu_pd(dg);
    int64_t i = i0;
    for (; i + 8 <= i1; i += 8) {
        __m512d invd = _mm512_loadu_pd(inv + i);
        __m512d t = personalized ? _mm512_mul_pd(vc, _mm512_loadu_pd(v + i)) : vb;
        __m512d xn = _mm512_add_pd(_mm512_mul_pd(vd, _mm512_loadu_pd(y + i)), t);
        __m512d ch = _mm512_abs_pd(_mm512_sub_pd(xn, _mm512_loadu_pd(x + i)));
        __mmask8 dang = _mm512_cmp_pd_mask(invd, _mm512_setzero_pd(), _CMP_EQ_OQ);
        ar = add_halves(ar, ch);
        ag = add_halves(ag, _mm512_maskz_mov_pd(dang, xn));
        _mm512_storeu_pd(x + i, xn);
        _mm512_storeu_pd(xs + i, _mm512_mul_pd(xn, invd));
    }
    _mm256_storeu_pd(r, ar);
    _mm256_storeu_pd(dg, ag);
    return i;
}

void basis_dpagerank_update_avx512(int64_t i0, int64_t i1, double d, double c, double base,
                                   const double *v, const double *y, const double *inv,
                                   double *x, double *xs, double r[4], double dg[4])
{
    int64_t i = v ? d_nodes(1, i0, i1, d, c, base, v, y, inv, x, xs, r, dg)
                  : d_nodes(0, i0, i1, d, c, base, v, y, inv, x, xs, r, dg);
    basis_dpagerank_update_ref(i, i1, d, c, base, v, y, inv, x, xs, r, dg);
}
