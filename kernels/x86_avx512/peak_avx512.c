/* peak_avx512.c: the AVX-512 peak loops (12 independent zmm FMA chains, s and d) and the triad. */
#include <immintrin.h>

#include "peak_loops.h"

/* Distinct starting values: identical chains could be merged by value numbering. */
#define CHAIN_START(k) (1.0 + (k) / 64.0)

float basis_peak_fma_avx512_s(int64_t iters)
{
    const __m512 m = _mm512_set1_ps(0.999f), c = _mm512_set1_ps(0.001f);
    __m512 x0 = _mm512_set1_ps((float)CHAIN_START(0));
    __m512 x1 = _mm512_set1_ps((float)CHAIN_START(1));
    __m512 x2 = _mm512_set1_ps((float)CHAIN_START(2));
    __m512 x3 = _mm512_set1_ps((float)CHAIN_START(3));
    __m512 x4 = _mm512_set1_ps((float)CHAIN_START(4));
    __m512 x5 = _mm512_set1_ps((float)CHAIN_START(5));
    __m512 x6 = _mm512_set1_ps((float)CHAIN_START(6));
    __m512 x7 = _mm512_set1_ps((float)CHAIN_START(7));
    __m512 x8 = _mm512_set1_ps((float)CHAIN_START(8));
    __m512 x9 = _mm512_set1_ps((float)CHAIN_START(9));
    __m512 x10 = _mm512_set1_ps((float)CHAIN_START(10));
    __m512 x11 = _mm512_set1_ps((float)CHAIN_START(11));
    for (int64_t i = 0; i < iters; i++) {
        x0 = _mm512_fmadd_ps(x0, m, c);
        x1 = _mm512_fmadd_ps(x1, m, c);
        x2 = _mm512_fmadd_ps(x2, m, c);
        x3 = _mm512_fmadd_ps(x3, m, c);
        x4 = _mm512_fmadd_ps(x4, m, c);
        x5 = _mm512_fmadd_ps(x5, m, c);
        x6 = _mm512_fmadd_ps(x6, m, c);
        x7 = _mm512_fmadd_ps(x7, m, c);
        x8 = _mm512_fmadd_ps(x8, m, c);
        x9 = _mm512_fmadd_ps(x9, m, c);
        x10 = _mm512_fmadd_ps(x10, m, c);
        x11 = _mm512_fmadd_ps(x11, m, c);
    }
    __m512 s = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(x0, x1), _mm512_add_ps(x2, x3)),
                             _mm512_add_ps(_mm512_add_ps(x4, x5), _mm512_add_ps(x6, x7)));
    s = _mm512_add_ps(s, _mm512_add_ps(_mm512_add_ps(x8, x9), _mm512_add_ps(x10, x11)));
    return _mm512_reduce_add_ps(s);
}

double basis_peak_fma_avx512_d(int64_t iters)
{
    const __m512d m = _mm512_set1_pd(0.999), c = _mm512_set1_pd(0.001);
    __m512d x0 = _mm512_set1_pd(CHAIN_START(0));
    __m512d x1 = _mm512_set1_pd(CHAIN_START(1));
    __m512d x2 = _mm512_set1_pd(CHAIN_START(2));
    __m512d x3 = _mm512_set1_pd(CHAIN_START(3));
    __m512d x4 = _mm512_set1_pd(CHAIN_START(4));
    __m512d x5 = _mm512_set1_pd(CHAIN_START(5));
    __m512d x6 = _mm512_set1_pd(CHAIN_START(6));
    __m512d x7 = _mm512_set1_pd(CHAIN_START(7));
    __m512d x8 = _mm512_set1_pd(CHAIN_START(8));
    __m512d x9 = _mm512_set1_pd(CHAIN_START(9));
    __m512d x10 = _mm512_set1_pd(CHAIN_START(10));
    __m512d x11 = _mm512_set1_pd(CHAIN_START(11));
    for (int64_t i = 0; i < iters; i++) {
        x0 = _mm512_fmadd_pd(x0, m, c);
        x1 = _mm512_fmadd_pd(x1, m, c);
        x2 = _mm512_fmadd_pd(x2, m, c);
        x3 = _mm512_fmadd_pd(x3, m, c);
        x4 = _mm512_fmadd_pd(x4, m, c);
        x5 = _mm512_fmadd_pd(x5, m, c);
        x6 = _mm512_fmadd_pd(x6, m, c);
        x7 = _mm512_fmadd_pd(x7, m, c);
        x8 = _mm512_fmadd_pd(x8, m, c);
        x9 = _mm512_fmadd_pd(x9, m, c);
        x10 = _mm512_fmadd_pd(x10, m, c);
        x11 = _mm512_fmadd_pd(x11, m, c);
    }
    __m512d s = _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(x0, x1), _mm512_add_pd(x2, x3)),
                              _mm512_add_pd(_mm512_add_pd(x4, x5), _mm512_add_pd(x6, x7)));
    s = _mm512_add_pd(s, _mm512_add_pd(_mm512_add_pd(x8, x9), _mm512_add_pd(x10, x11)));
    return _mm512_reduce_add_pd(s);
}

void basis_peak_triad_avx512(int64_t n, double s, const double *b, const double *c, double *a)
{
    const __m512d vs = _mm512_set1_pd(s);
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512d r0 = _mm512_fmadd_pd(vs, _mm512_loadu_pd(c + i), _mm512_loadu_pd(b + i));
        __m512d r1 = _mm512_fmadd_pd(vs, _mm512_loadu_pd(c + i + 8), _mm512_loadu_pd(b + i + 8));
        _mm512_storeu_pd(a + i, r0);
        _mm512_storeu_pd(a + i + 8, r1);
    }
    for (; i < n; i++)
        a[i] = b[i] + s * c[i];
}
