/* sgemm_avx2_16x6.c: the AVX2 single GEMM microkernel (basis_sgemm_ukr_fn), a 16 x 6 tile of C. */
#include <immintrin.h>

#include "x86_avx2/avx2.h"

/* Why 16 x 6: the register plan of the double kernel (dgemm_avx2_8x6.c) with 8 lanes.
 * - Two FMA pipes with latency 4 need >= 8 independent accumulators; 12 are used.
 * - 16 ymm registers: 12 accumulators (2 vectors of 8 rows x 6 columns) + 2 for the A
 *   column + 1 for the broadcast B element = 15 (AVX2 has no embedded broadcast).
 * - Per k step: 2 aligned 32-byte loads of A + 6 broadcasts of B for 12 FMAs (6 cycles).
 * - C is column-major with unit row stride: each tile column is 2 whole vectors, so the
 *   accumulators are C's columns. MR = 16 makes a packed A column one 64-byte line.
 * k is unrolled by 4; A is prefetched ahead, and C's columns are prefetched at entry. */

enum { MR = 16, NR = 6, A_PREFETCH = MR * 8 /* elements: 8 k steps ahead */ };

#define COL(p, j, x0, x1)                                                                   \
    do {                                                                                    \
        const __m256 bj_ = _mm256_broadcast_ss(b + (p) * NR + (j));                        \
        x0 = _mm256_fmadd_ps(a0_, bj_, x0);                                                 \
        x1 = _mm256_fmadd_ps(a1_, bj_, x1);                                                 \
    } while (0)

/* One rank-1 update with A column p and B row p: 2 loads, 6 broadcasts, 12 FMAs. */
#define STEP(p)                                                                             \
    do {                                                                                    \
        const __m256 a0_ = _mm256_load_ps(a + (p) * MR);                                   \
        const __m256 a1_ = _mm256_load_ps(a + (p) * MR + 8);                               \
        _mm_prefetch((const char *)(a + (p) * MR + A_PREFETCH), _MM_HINT_T0);              \
        COL(p, 0, c0_0, c1_0);                                                              \
        COL(p, 1, c0_1, c1_1);                                                              \
        COL(p, 2, c0_2, c1_2);                                                              \
        COL(p, 3, c0_3, c1_3);                                                              \
        COL(p, 4, c0_4, c1_4);                                                              \
        COL(p, 5, c0_5, c1_5);                                                              \
    } while (0)

enum { BETA_ZERO, BETA_ONE, BETA_ANY };

/* Column j of C := alpha * x + beta * C; C is only loaded when beta != 0. */
static inline void update_col(float *cj, __m256 x0, __m256 x1, __m256 va, __m256 vb, int kind)
{
    if (kind == BETA_ZERO) {
        _mm256_storeu_ps(cj, _mm256_mul_ps(va, x0));
        _mm256_storeu_ps(cj + 8, _mm256_mul_ps(va, x1));
    } else if (kind == BETA_ONE) {
        _mm256_storeu_ps(cj, _mm256_fmadd_ps(va, x0, _mm256_loadu_ps(cj)));
        _mm256_storeu_ps(cj + 8, _mm256_fmadd_ps(va, x1, _mm256_loadu_ps(cj + 8)));
    } else {
        _mm256_storeu_ps(cj, _mm256_fmadd_ps(va, x0, _mm256_mul_ps(vb, _mm256_loadu_ps(cj))));
        _mm256_storeu_ps(cj + 8,
                         _mm256_fmadd_ps(va, x1, _mm256_mul_ps(vb, _mm256_loadu_ps(cj + 8))));
    }
}

/* k == 0 or alpha == 0: C := beta C without touching A or B (and without alpha * 0,
 * which would turn an infinite alpha into NaN). */
static void scale_tile(float beta, float *c, int64_t ldc)
{
    const __m256 vb = _mm256_set1_ps(beta);
    for (int j = 0; j < NR; j++, c += ldc)
        for (int i = 0; i < MR; i += 8)
            _mm256_storeu_ps(c + i, beta == 0.0f ? _mm256_setzero_ps()
                                                 : _mm256_mul_ps(vb, _mm256_loadu_ps(c + i)));
}

void basis_sgemm_ukr_avx2_16x6(int64_t k, float alpha, const float *a, const float *b,
                               float beta, float *c, int64_t ldc)
{
    if (k <= 0 || alpha == 0.0f) {
        scale_tile(beta, c, ldc);
        return;
    }

    /* A 64-byte column spans 1 or 2 cache lines. */
    for (int j = 0; j < NR; j++) {
        _mm_prefetch((const char *)(c + j * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + j * ldc + MR - 1), _MM_HINT_T0);
    }

    __m256 c0_0 = _mm256_setzero_ps(), c1_0 = _mm256_setzero_ps();
    __m256 c0_1 = _mm256_setzero_ps(), c1_1 = _mm256_setzero_ps();
    __m256 c0_2 = _mm256_setzero_ps(), c1_2 = _mm256_setzero_ps();
    __m256 c0_3 = _mm256_setzero_ps(), c1_3 = _mm256_setzero_ps();
    __m256 c0_4 = _mm256_setzero_ps(), c1_4 = _mm256_setzero_ps();
    __m256 c0_5 = _mm256_setzero_ps(), c1_5 = _mm256_setzero_ps();

    int64_t p = k;
    for (; p >= 4; p -= 4, a += 4 * MR, b += 4 * NR) {
        STEP(0);
        STEP(1);
        STEP(2);
        STEP(3);
    }
    for (; p > 0; p--, a += MR, b += NR)
        STEP(0);

    const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
    const int kind = beta == 0.0f ? BETA_ZERO : beta == 1.0f ? BETA_ONE : BETA_ANY;
    update_col(c + 0 * ldc, c0_0, c1_0, va, vb, kind);
    update_col(c + 1 * ldc, c0_1, c1_1, va, vb, kind);
    update_col(c + 2 * ldc, c0_2, c1_2, va, vb, kind);
    update_col(c + 3 * ldc, c0_3, c1_3, va, vb, kind);
    update_col(c + 4 * ldc, c0_4, c1_4, va, vb, kind);
    update_col(c + 5 * ldc, c0_5, c1_5, va, vb, kind);
}
