/* spmv_sell8_avx512.c: the AVX-512 pull SpMV kernels (s and d) over SELL-8 in-edges: one lane per slot, scalar loads into vector sums. */
#include <immintrin.h>
#include <string.h>

#include "avx512.h"

/* Measured on cnr-2000 (Zen 5, 1 thread): the sum is bound by the latency of the scattered
 * x loads (x exceeds L2) and, in plain CSR, by the branch on every row's length (73% of
 * rows have 1-3 in-edges). SELL-8 with rows sorted by in-degree removes both: 8 rows step
 * together with no per-row branch and 8 independent loads in flight, at 1.4% padding, 1.9x
 * faster than the CSR loop. Hardware gathers (vgatherdpd) measured 1.4x slower than 8
 * scalar loads inserted into a vector here, so the loads stay scalar; the adds are one
 * vector add per step, lane l holding slot l's running sum (the reference's order), and a
 * chunk's 8 sums leave as one store (y is in slot numbering: host/graph.h says why). */

/* Two sources per 64-bit load. A step is bound by issuing its loads and inserts, not by
 * x's misses (with every source masked into L1 it measured no faster), so this cuts a
 * step from 16 loads (8 sources, 8 ranks) to 12 at the price of one shift each on an
 * integer port; x86 is little-endian, so the low half is the first source. Measured on
 * cnr-2000 (Zen 5, 1 thread, the SpMV alone, medians of 15 samples alternating the two):
 * float 0.565 against 0.644 ms, double 0.625 against 0.703 (docs/performance.md). */
static inline void sources8(const uint32_t *s, uint64_t p[4])
{
    memcpy(p, s, 4 * sizeof(uint64_t));
}

#define LO(p) ((uint32_t)(p))
#define HI(p) ((p) >> 32)

static inline __m512d load8_pd(const double *x, const uint32_t *s)
{
    uint64_t p[4];
    sources8(s, p);
    __m256d lo = _mm256_setr_pd(x[LO(p[0])], x[HI(p[0])], x[LO(p[1])], x[HI(p[1])]);
    __m256d hi = _mm256_setr_pd(x[LO(p[2])], x[HI(p[2])], x[LO(p[3])], x[HI(p[3])]);
    return _mm512_insertf64x4(_mm512_castpd256_pd512(lo), hi, 1);
}

static inline __m256 load8_ps(const float *x, const uint32_t *s)
{
    uint64_t p[4];
    sources8(s, p);
    return _mm256_setr_ps(x[LO(p[0])], x[HI(p[0])], x[LO(p[1])], x[HI(p[1])], x[LO(p[2])],
                          x[HI(p[2])], x[LO(p[3])], x[HI(p[3])]);
}

void basis_dspmv_sell8_avx512(int64_t c0, int64_t c1, const int64_t *chunk_start,
                              const uint32_t *col, const double *x, double *y)
{
    for (int64_t c = c0; c < c1; c++) {
        const uint32_t *s = col + chunk_start[c], *end = col + chunk_start[c + 1];
        __m512d a = _mm512_setzero_pd();
        for (; s < end; s += 8)
            a = _mm512_add_pd(a, load8_pd(x, s));
        _mm512_storeu_pd(y + c * 8, a);
    }
}

void basis_sspmv_sell8_avx512(int64_t c0, int64_t c1, const int64_t *chunk_start,
                              const uint32_t *col, const float *x, float *y)
{
    for (int64_t c = c0; c < c1; c++) {
        const uint32_t *s = col + chunk_start[c], *end = col + chunk_start[c + 1];
        __m256 a = _mm256_setzero_ps();
        for (; s < end; s += 8)
            a = _mm256_add_ps(a, load8_ps(x, s));
        _mm256_storeu_ps(y + c * 8, a);
    }
}
