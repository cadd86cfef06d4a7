/* pagerank_update_avx2.c: the AVX2 PageRank update kernels (s and d), four nodes a step, with the reference's bits. */
#include <immintrin.h>

#include "x86_avx2/avx2.h"

/* Why this shape: four nodes a step are one 4-double vector, which is the contract's four
 * lane sums, so each step adds its changes to them in the reference's order. The float
 * kernel widens y, v and x to double (exact), rounds xn to float once (vcvtpd2ps, round to
 * nearest like the C cast) and widens it back for the sums. Products and sums are separate
 * instructions and the file is built with -ffp-contract=off, so none becomes an FMA. The
 * last (i1 - i0) mod 4 nodes go through the reference, whose lanes counted from there are
 * the same. */

static inline __m256d abs_pd(__m256d x)
{
    return _mm256_andnot_pd(_mm256_set1_pd(-0.0), x);
}

static inline __attribute__((always_inline)) int64_t
s_nodes(const int personalized, int64_t i0, int64_t i1, double d, double c, double base,
        const float *v, const float *y, const float *inv, float *x, float *xs, double r[4],
        double dg[4])
{
    const __m256d vd = _mm256_set1_pd(d), vc = _mm256_set1_pd(c), vb = _mm256_set1_pd(base);
    __m256d ar = _mm256_loadu_pd(r), ag = _mm256_loadu_pd(dg);
    int64_t i = i0;
    for (; i + 4 <= i1; i += 4) {
        __m128 invf = _mm_loadu_ps(inv + i);
        __m256d t = personalized ? _mm256_mul_pd(vc, _mm256_cvtps_pd(_mm_loadu_ps(v + i))) : vb;
        __m256d dy = _mm256_mul_pd(vd, _mm256_cvtps_pd(_mm_loadu_ps(y + i)));
        __m128 xn = _mm256_cvtpd_ps(_mm256_add_pd(dy, t));
        __m256d xnd = _mm256_cvtps_pd(xn);
        ar = _mm256_add_pd(ar, abs_pd(_mm256_sub_pd(xnd, _mm256_cvtps_pd(_mm_loadu_ps(x + i)))));
        __m256d dang = _mm256_cmp_pd(_mm256_cvtps_pd(invf), _mm256_setzero_pd(), _CMP_EQ_OQ);
        ag = _mm256_add_pd(ag, _mm256_and_pd(dang, xnd));
        _mm_storeu_ps(x + i, xn);
        _mm_storeu_ps(xs + i, _mm_mul_ps(xn, invf));
    }
    _mm256_storeu_pd(r, ar);
    _mm256_storeu_pd(dg, ag);
    return i;
}

void basis_spagerank_update_avx2(int64_t i0, int64_t i1, double d, double c, double base,
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
    const __m256d vd = _mm256_set1_pd(d), vc = _mm256_set1_pd(c), vb = _mm256_set1_pd(base);
    __m256d ar = _mm256_loadu_pd(r), ag = _mm256_loadu_pd(dg);
    int64_t i = i0;
    for (; i + 4 <= i1; i += 4) {
        __m256d invd = _mm256_loadu_pd(inv + i);
        __m256d t = personalized ? _mm256_mul_pd(vc, _mm256_loadu_pd(v + i)) : vb;
        __m256d xn = _mm256_add_pd(_mm256_mul_pd(vd, _mm256_loadu_pd(y + i)), t);
        ar = _mm256_add_pd(ar, abs_pd(_mm256_sub_pd(xn, _mm256_loadu_pd(x + i))));
        __m256d dang = _mm256_cmp_pd(invd, _mm256_setzero_pd(), _CMP_EQ_OQ);
        ag = _mm256_add_pd(ag, _mm256_and_pd(dang, xn));
        _mm256_storeu_pd(x + i, xn);
        _mm256_storeu_pd(xs + i, _mm256_mul_pd(xn, invd));
    }
    _mm256_storeu_pd(r, ar);
    _mm256_storeu_pd(dg, ag);
    return i;
}

void basis_dpagerank_update_avx2(int64_t i0, int64_t i1, double d, double c, double base,
                                 const double *v, const double *y, const double *inv,
                                 double *x, double *xs, double r[4], double dg[4])
{
    int64_t i = v ? d_nodes(1, i0, i1, d, c, base, v, y, inv, x, xs, r, dg)
                  : d_nodes(0, i0, i1, d, c, base, v, y, inv, x, xs, r, dg);
    basis_dpagerank_update_ref(i, i1, d, c, base, v, y, inv, x, xs, r, dg);
}
