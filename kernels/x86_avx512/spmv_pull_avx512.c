/* spmv_pull_avx512.c: the AVX-512 pull SpMV kernels (s and d): 8 in-edges per step, scalar loads into vector accumulators. */
#include <immintrin.h>

#include "avx512.h"

/* Measured on cnr-2000 (Zen 5): the sum is bound by the latency of the scattered x loads
 * (x exceeds L2), not by arithmetic, and 73% of rows have 1-3 in-edges. Hardware gathers
 * (8 lanes, masked tail, horizontal add per row) were 25-50% slower than the scalar loop;
 * 8 scalar loads per step into two 4-lane accumulators (breaking the add-latency chain,
 * no mask setup) were the fastest variant, a few percent ahead of the plain loop. The
 * order of the sum depends only on the row's length, so a row's sum is the same whatever
 * rows a call covers (threads split rows, never a row's edges). */

void basis_dspmv_pull_avx512(int64_t n, const int64_t *offsets, const int64_t *sources,
                         const double *x, double *y)
{
    for (int64_t i = 0; i < n; i++) {
        int64_t e = offsets[i], e1 = offsets[i + 1];
        double r = 0.0;
        if (e + 8 <= e1) {
            __m256d a = _mm256_setzero_pd(), b = _mm256_setzero_pd();
            for (; e + 8 <= e1; e += 8) {
                const int64_t *s = sources + e;
                a = _mm256_add_pd(a, _mm256_setr_pd(x[s[0]], x[s[1]], x[s[2]], x[s[3]]));
                b = _mm256_add_pd(b, _mm256_setr_pd(x[s[4]], x[s[5]], x[s[6]], x[s[7]]));
            }
            a = _mm256_add_pd(a, b);
            __m128d h = _mm_add_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
            r = _mm_cvtsd_f64(_mm_add_sd(h, _mm_unpackhi_pd(h, h)));
        }
        double c0 = 0.0, c1 = 0.0;
        for (; e + 2 <= e1; e += 2) {
            c0 += x[sources[e]];
            c1 += x[sources[e + 1]];
        }
        if (e < e1)
            c0 += x[sources[e]];
        y[i] = r + (c0 + c1);
    }
}

void basis_sspmv_pull_avx512(int64_t n, const int64_t *offsets, const int64_t *sources,
                         const float *x, float *y)
{
    for (int64_t i = 0; i < n; i++) {
        int64_t e = offsets[i], e1 = offsets[i + 1];
        float r = 0.0f;
        if (e + 8 <= e1) {
            __m128 a = _mm_setzero_ps(), b = _mm_setzero_ps();
            for (; e + 8 <= e1; e += 8) {
                const int64_t *s = sources + e;
                a = _mm_add_ps(a, _mm_setr_ps(x[s[0]], x[s[1]], x[s[2]], x[s[3]]));
                b = _mm_add_ps(b, _mm_setr_ps(x[s[4]], x[s[5]], x[s[6]], x[s[7]]));
            }
            a = _mm_add_ps(a, b);
            a = _mm_add_ps(a, _mm_movehl_ps(a, a));
            r = _mm_cvtss_f32(_mm_add_ss(a, _mm_movehdup_ps(a)));
        }
        float c0 = 0.0f, c1 = 0.0f;
        for (; e + 2 <= e1; e += 2) {
            c0 += x[sources[e]];
            c1 += x[sources[e + 1]];
        }
        if (e < e1)
            c0 += x[sources[e]];
        y[i] = r + (c0 + c1);
    }
}
