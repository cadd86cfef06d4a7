/* dgemm_avx2_8x6.c: the AVX2 double GEMM microkernel (basis_dgemm_ukr_fn), an 8 x 6 tile of C. */
#include <immintrin.h>

#include "x86_avx2/avx2.h"

/* Why 8 x 6.
 * - Two FMA pipes with latency 4 (Zen 5; Haswell..Ice Lake: latency 4-5) need >= 8
 *   independent accumulators; 12 are used.
 * - 16 ymm registers: 12 accumulators (2 vectors of 4 rows x 6 columns) + 2 for the A
 *   column + 1 for the broadcast B element = 15. AVX2 has no embedded broadcast, so B
 *   needs a register; 12 x 4 (12 + 3 + 1 = 16) would leave nothing for the compiler.
 * - Per k step: 2 aligned 32-byte loads of A + 6 broadcasts of B for 12 FMAs = 6 cycles,
 *   8 loads in 6 cycles, well within two or more load ports.
 * - C is column-major with unit row stride: each tile column is 2 whole vectors, so the
 *   accumulators are C's columns and the update needs no transpose. MR = 8 makes a packed
 *   A column exactly one 64-byte line.
 * k is unrolled by 4; A is prefetched ahead (it streams from L2 in the blocked driver),
 * and C's columns are prefetched at entry. */

enum { MR = 8, NR = 6, A_PREFETCH = MR * 8 /* elements: 8 k steps ahead */ };

#define COL(p, j, x0, x1)                                                                   \
    do {                                                                                    \
        const __m256d bj_ = _mm256_broadcast_sd(b + (p) * NR + (j));                       \
        x0 = _mm256_fmadd_pd(a0_, bj_, x0);                                                 \
        x1 = _mm256_fmadd_pd(a1_, bj_, x1);                                                 \
    } while (0)

/* One rank-1 update with A column p and B row p: 2 loads, 6 broadcasts, 12 FMAs. */
#define STEP(p)                                                                             \
    do {                                                                                    \
        const __m256d a0_ = _mm256_load_pd(a + (p) * MR);                                  \
        const __m256d a1_ = _mm256_load_pd(a + (p) * MR + 4);                              \
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
static inline void update_col(double *cj, __m256d x0, __m256d x1, __m256d va, __m256d vb,
                              int kind)
{
    if (kind == BETA_ZERO) {
        _mm256_storeu_pd(cj, _mm256_mul_pd(va, x0));
        _mm256_storeu_pd(cj + 4, _mm256_mul_pd(va, x1));
    } else if (kind == BETA_ONE) {
        _mm256_storeu_pd(cj, _mm256_fmadd_pd(va, x0, _mm256_loadu_pd(cj)));
        _mm256_storeu_pd(cj + 4, _mm256_fmadd_pd(va, x1, _mm256_loadu_pd(cj + 4)));
    } else {
        _mm256_storeu_pd(cj, _mm256_fmadd_pd(va, x0, _mm256_mul_pd(vb, _mm256_loadu_pd(cj))));
        _mm256_storeu_pd(cj + 4,
                         _mm256_fmadd_pd(va, x1, _mm256_mul_pd(vb, _mm256_loadu_pd(cj + 4))));
    }
}

/* k == 0 or alpha == 0: C := beta C without touching A or B (and without alpha * 0,
 * which would turn an infinite alpha into NaN). */
static void scale_tile(double beta, double *c, int64_t ldc)
{
    const __m256d vb = _mm256_set1_pd(beta);
    for (int j = 0; j < NR; j++, c += ldc)
        for (int i = 0; i < MR; i += 4)
            _mm256_storeu_pd(c + i, beta == 0.0 ? _mm256_setzero_pd()
                                                : _mm256_mul_pd(vb, _mm256_loadu_pd(c + i)));
}

void basis_dgemm_ukr_avx2_8x6(int64_t k, double alpha, const double *a, const double *b,
                              double beta, double *c, int64_t ldc)
{
    if (k <= 0 || alpha == 0.0) {
        scale_tile(beta, c, ldc);
        return;
    }

    /* A 64-byte column spans 1 or 2 cache lines. */
    for (int j = 0; j < NR; j++) {
        _mm_prefetch((const char *)(c + j * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + j * ldc + MR - 1), _MM_HINT_T0);
    }

    __m256d c0_0 = _mm256_setzero_pd(), c1_0 = _mm256_setzero_pd();
    __m256d c0_1 = _mm256_setzero_pd(), c1_1 = _mm256_setzero_pd();
    __m256d c0_2 = _mm256_setzero_pd(), c1_2 = _mm256_setzero_pd();
    __m256d c0_3 = _mm256_setzero_pd(), c1_3 = _mm256_setzero_pd();
    __m256d c0_4 = _mm256_setzero_pd(), c1_4 = _mm256_setzero_pd();
    __m256d c0_5 = _mm256_setzero_pd(), c1_5 = _mm256_setzero_pd();

    int64_t p = k;
    for (; p >= 4; p -= 4, a += 4 * MR, b += 4 * NR) {
        STEP(0);
        STEP(1);
        STEP(2);
        STEP(3);
    }
    for (; p > 0; p--, a += MR, b += NR)
        STEP(0);

    const __m256d va = _mm256_set1_pd(alpha), vb = _mm256_set1_pd(beta);
    const int kind = beta == 0.0 ? BETA_ZERO : beta == 1.0 ? BETA_ONE : BETA_ANY;
    update_col(c + 0 * ldc, c0_0, c1_0, va, vb, kind);
    update_col(c + 1 * ldc, c0_1, c1_1, va, vb, kind);
    update_col(c + 2 * ldc, c0_2, c1_2, va, vb, kind);
    update_col(c + 3 * ldc, c0_3, c1_3, va, vb, kind);
    update_col(c + 4 * ldc, c0_4, c1_4, va, vb, kind);
    update_col(c + 5 * ldc, c0_5, c1_5, va, vb, kind);
}
