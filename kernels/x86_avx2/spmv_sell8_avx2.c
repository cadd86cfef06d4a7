/* spmv_sell8_avx2.c: the AVX2 pull SpMV kernels (s and d) over SELL-8 in-edges: one lane per slot, scalar loads into vector sums. */
#include <immintrin.h>
#include <string.h>

#include "avx2.h"

/* As in the AVX-512 kernel (spmv_sell8_avx512.c says why SELL-8, scalar loads and two
 * sources per 64-bit load): the double sums take two 4-lane registers per chunk, the float
 * sums one 8-lane register. */

#define LO(p) ((uint32_t)(p))
#define HI(p) ((p) >> 32)

void basis_dspmv_sell8_avx2(int64_t c0, int64_t c1, const int64_t *chunk_start,
                            const uint32_t *col, const double *x, double *y)
{
    for (int64_t c = c0; c < c1; c++) {
        const uint32_t *s = col + chunk_start[c], *end = col + chunk_start[c + 1];
        __m256d a = _mm256_setzero_pd(), b = _mm256_setzero_pd();
        for (; s < end; s += 8) {
            uint64_t p[4];
            memcpy(p, s, sizeof p);
            a = _mm256_add_pd(a,
                              _mm256_setr_pd(x[LO(p[0])], x[HI(p[0])], x[LO(p[1])], x[HI(p[1])]));
            b = _mm256_add_pd(b,
                              _mm256_setr_pd(x[LO(p[2])], x[HI(p[2])], x[LO(p[3])], x[HI(p[3])]));
        }
        _mm256_storeu_pd(y + c * 8, a);
        _mm256_storeu_pd(y + c * 8 + 4, b);
    }
}

void basis_sspmv_sell8_avx2(int64_t c0, int64_t c1, const int64_t *chunk_start,
                            const uint32_t *col, const float *x, float *y)
{
    for (int64_t c = c0; c < c1; c++) {
        const uint32_t *s = col + chunk_start[c], *end = col + chunk_start[c + 1];
        __m256 a = _mm256_setzero_ps();
        for (; s < end; s += 8) {
            uint64_t p[4];
            memcpy(p, s, sizeof p);
            a = _mm256_add_ps(a, _mm256_setr_ps(x[LO(p[0])], x[HI(p[0])], x[LO(p[1])],
                                                x[HI(p[1])], x[LO(p[2])], x[HI(p[2])],
                                                x[LO(p[3])], x[HI(p[3])]));
        }
        _mm256_storeu_ps(y + c * 8, a);
    }
}
