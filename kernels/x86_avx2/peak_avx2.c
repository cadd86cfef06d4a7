/* peak_avx2.c: the AVX2 peak loops (12 independent ymm FMA chains, s and d) and the triad. */
#include <immintrin.h>

#include "peak_loops.h"

/* Distinct starting values: identical chains could be merged by value numbering. */
#define CHAIN_START(k) (1.0 + (k) / 64.0)

/* 12 chains + m + c = 14 of the 16 ymm registers, so nothing spills. */
float basis_peak_fma_avx2_s(int64_t iters)
{
    const __m256 m = _mm256_set1_ps(0.999f), c = _mm256_set1_ps(0.001f);
    __m256 x0 = _mm256_set1_ps((float)CHAIN_START(0));
    __m256 x1 = _mm256_set1_ps((float)CHAIN_START(1));
    __m256 x2 = _mm256_set1_ps((float)CHAIN_START(2));
    __m256 x3 = _mm256_set1_ps((float)CHAIN_START(3));
    __m256 x4 = _mm256_set1_ps((float)CHAIN_START(4));
    __m256 x5 = _mm256_set1_ps((float)CHAIN_START(5));
    __m256 x6 = _mm256_set1_ps((float)CHAIN_START(6));
    __m256 x7 = _mm256_set1_ps((float)CHAIN_START(7));
    __m256 x8 = _mm256_set1_ps((float)CHAIN_START(8));
    __m256 x9 = _mm256_set1_ps((float)CHAIN_START(9));
    __m256 x10 = _mm256_set1_ps((float)CHAIN_START(10));
    __m256 x11 = _mm256_set1_ps((float)CHAIN_START(11));
    for (int64_t i = 0; i < iters; i++) {
        x0 = _mm256_fmadd_ps(x0, m, c);
        x1 = _mm256_fmadd_ps(x1, m, c);
        x2 = _mm256_fmadd_ps(x2, m, c);
        x3 = _mm256_fmadd_ps(x3, m, c);
        x4 = _mm256_fmadd_ps(x4, m, c);
        x5 = _mm256_fmadd_ps(x5, m, c);
        x6 = _mm256_fmadd_ps(x6, m, c);
        x7 = _mm256_fmadd_ps(x7, m, c);
        x8 = _mm256_fmadd_ps(x8, m, c);
        x9 = _mm256_fmadd_ps(x9, m, c);
        x10 = _mm256_fmadd_ps(x10, m, c);
        x11 = _mm256_fmadd_ps(x11, m, c);
    }
    __m256 s = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(x0, x1), _mm256_add_ps(x2, x3)),
                             _mm256_add_ps(_mm256_add_ps(x4, x5), _mm256_add_ps(x6, x7)));
    s = _mm256_add_ps(s, _mm256_add_ps(_mm256_add_ps(x8, x9), _mm256_add_ps(x10, x11)));
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_movehdup_ps(h));
    return _mm_cvtss_f32(h);
}

double basis_peak_fma_avx2_d(int64_t iters)
{
    const __m256d m = _mm256_set1_pd(0.999), c = _mm256_set1_pd(0.001);
    __m256d x0 = _mm256_set1_pd(CHAIN_START(0));
    __m256d x1 = _mm256_set1_pd(CHAIN_START(1));
    __m256d x2 = _mm256_set1_pd(CHAIN_START(2));
    __m256d x3 = _mm256_set1_pd(CHAIN_START(3));
    __m256d x4 = _mm256_set1_pd(CHAIN_START(4));
    __m256d x5 = _mm256_set1_pd(CHAIN_START(5));
    __m256d x6 = _mm256_set1_pd(CHAIN_START(6));
    __m256d x7 = _mm256_set1_pd(CHAIN_START(7));
    __m256d x8 = _mm256_set1_pd(CHAIN_START(8));
    __m256d x9 = _mm256_set1_pd(CHAIN_START(9));
    __m256d x10 = _mm256_set1_pd(CHAIN_START(10));
    __m256d x11 = _mm256_set1_pd(CHAIN_START(11));
    for (int64_t i = 0; i < iters; i++) {
        x0 = _mm256_fmadd_pd(x0, m, c);
        x1 = _mm256_fmadd_pd(x1, m, c);
        x2 = _mm256_fmadd_pd(x2, m, c);
        x3 = _mm256_fmadd_pd(x3, m, c);
        x4 = _mm256_fmadd_pd(x4, m, c);
        x5 = _mm256_fmadd_pd(x5, m, c);
        x6 = _mm256_fmadd_pd(x6, m, c);
        x7 = _mm256_fmadd_pd(x7, m, c);
        x8 = _mm256_fmadd_pd(x8, m, c);
        x9 = _mm256_fmadd_pd(x9, m, c);
        x10 = _mm256_fmadd_pd(x10, m, c);
        x11 = _mm256_fmadd_pd(x11, m, c);
    }
    __m256d s = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(x0, x1), _mm256_add_pd(x2, x3)),
                              _mm256_add_pd(_mm256_add_pd(x4, x5), _mm256_add_pd(x6, x7)));
    s = _mm256_add_pd(s, _mm256_add_pd(_mm256_add_pd(x8, x9), _mm256_add_pd(x10, x11)));
    __m128d h = _mm_add_pd(_mm256_castpd256_pd128(s), _mm256_extractf128_pd(s, 1));
    h = _mm_add_sd(h, _mm_unpackhi_pd(h, h));
    return _mm_cvtsd_f64(h);
}

void basis_peak_triad_avx2(int64_t n, double s, const double *b, const double *c, double *a)
{
    const __m256d vs = _mm256_set1_pd(s);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256d r0 = _mm256_fmadd_pd(vs, _mm256_loadu_pd(c + i), _mm256_loadu_pd(b + i));
        __m256d r1 = _mm256_fmadd_pd(vs, _mm256_loadu_pd(c + i + 4), _mm256_loadu_pd(b + i + 4));
        _mm256_storeu_pd(a + i, r0);
        _mm256_storeu_pd(a + i + 4, r1);
    }
    for (; i < n; i++)
        a[i] = b[i] + s * c[i];
}
