/* sgemm_avx512_48x8.c: the AVX-512 single GEMM microkernel (basis_sgemm_ukr_fn), a 48 x 8 tile of C. */
#include <immintrin.h>

#include "x86_avx512/avx512.h"

/* Why 48 x 8: the register plan of the double kernel (dgemm_avx512_24x8.c) with 16 lanes.
 * - Two 512-bit FMA pipes with latency 4 need >= 8 independent accumulators; 24 are used.
 * - 32 zmm registers: 24 accumulators (3 vectors of 16 rows x 8 columns) + 3 for the A
 *   column + 1 broadcast of B = 28, no spills.
 * - Per k step: 3 aligned 64-byte loads of A + 8 broadcasts of B for 24 FMAs (12 cycles).
 * - C is column-major with unit row stride: each tile column is 3 whole vectors, so the
 *   accumulators are C's columns. MR = 48 keeps every packed A column 64-byte aligned.
 * - NR = 8: a B row is 32 bytes, a kc x 8 sliver with kc ~ 768 is 24 KiB of L1.
 * k is unrolled by 4; A and B are prefetched ahead (A streams from L2 in the blocked driver,
 * and the B sliver is pushed out of L1 by it between calls), and C's columns are prefetched
 * at entry so the final update does not wait on memory. */

enum { MR = 48, NR = 8, A_PREFETCH = MR * 8 /* elements: 8 k steps ahead */,
       B_PREFETCH = NR * 32 /* elements: 32 k steps ahead */ };

#define COL(p, j, x0, x1, x2)                                                               \
    do {                                                                                    \
        const __m512 bj_ = _mm512_set1_ps(b[(p) * NR + (j)]);                              \
        x0 = _mm512_fmadd_ps(a0_, bj_, x0);                                                 \
        x1 = _mm512_fmadd_ps(a1_, bj_, x1);                                                 \
        x2 = _mm512_fmadd_ps(a2_, bj_, x2);                                                 \
    } while (0)

/* One rank-1 update with A column p and B row p: 3 loads, 8 broadcasts, 24 FMAs. */
#define STEP(p)                                                                             \
    do {                                                                                    \
        const __m512 a0_ = _mm512_load_ps(a + (p) * MR);                                   \
        const __m512 a1_ = _mm512_load_ps(a + (p) * MR + 16);                              \
        const __m512 a2_ = _mm512_load_ps(a + (p) * MR + 32);                              \
        _mm_prefetch((const char *)(a + (p) * MR + A_PREFETCH), _MM_HINT_T0);              \
        _mm_prefetch((const char *)(a + (p) * MR + A_PREFETCH + 16), _MM_HINT_T0);         \
        _mm_prefetch((const char *)(a + (p) * MR + A_PREFETCH + 32), _MM_HINT_T0);         \
        COL(p, 0, c0_0, c1_0, c2_0);                                                        \
        COL(p, 1, c0_1, c1_1, c2_1);                                                        \
        COL(p, 2, c0_2, c1_2, c2_2);                                                        \
        COL(p, 3, c0_3, c1_3, c2_3);                                                        \
        COL(p, 4, c0_4, c1_4, c2_4);                                                        \
        COL(p, 5, c0_5, c1_5, c2_5);                                                        \
        COL(p, 6, c0_6, c1_6, c2_6);                                                        \
        COL(p, 7, c0_7, c1_7, c2_7);                                                        \
    } while (0)

enum { BETA_ZERO, BETA_ONE, BETA_ANY };

/* Column j of C := alpha * x + beta * C; C is only loaded when beta != 0. */
static inline void update_col(float *cj, __m512 x0, __m512 x1, __m512 x2, __m512 va, __m512 vb,
                              int kind)
{
    if (kind == BETA_ZERO) {
        _mm512_storeu_ps(cj, _mm512_mul_ps(va, x0));
        _mm512_storeu_ps(cj + 16, _mm512_mul_ps(va, x1));
        _mm512_storeu_ps(cj + 32, _mm512_mul_ps(va, x2));
    } else if (kind == BETA_ONE) {
        _mm512_storeu_ps(cj, _mm512_fmadd_ps(va, x0, _mm512_loadu_ps(cj)));
        _mm512_storeu_ps(cj + 16, _mm512_fmadd_ps(va, x1, _mm512_loadu_ps(cj + 16)));
        _mm512_storeu_ps(cj + 32, _mm512_fmadd_ps(va, x2, _mm512_loadu_ps(cj + 32)));
    } else {
        _mm512_storeu_ps(cj, _mm512_fmadd_ps(va, x0, _mm512_mul_ps(vb, _mm512_loadu_ps(cj))));
        _mm512_storeu_ps(cj + 16,
                         _mm512_fmadd_ps(va, x1, _mm512_mul_ps(vb, _mm512_loadu_ps(cj + 16))));
        _mm512_storeu_ps(cj + 32,
                         _mm512_fmadd_ps(va, x2, _mm512_mul_ps(vb, _mm512_loadu_ps(cj + 32))));
    }
}

/* k == 0 or alpha == 0: C := beta C without touching A or B (and without alpha * 0,
 * which would turn an infinite alpha into NaN). */
static void scale_tile(float beta, float *c, int64_t ldc)
{
    const __m512 vb = _mm512_set1_ps(beta);
    for (int j = 0; j < NR; j++, c += ldc)
        for (int i = 0; i < MR; i += 16)
            _mm512_storeu_ps(c + i, beta == 0.0f ? _mm512_setzero_ps()
                                                 : _mm512_mul_ps(vb, _mm512_loadu_ps(c + i)));
}

void basis_sgemm_ukr_avx512_48x8(int64_t k, float alpha, const float *a, const float *b,
                                 float beta, float *c, int64_t ldc)
{
    if (k <= 0 || alpha == 0.0f) {
        scale_tile(beta, c, ldc);
        return;
    }

    /* A 192-byte column spans 3 or 4 cache lines. */
    for (int j = 0; j < NR; j++) {
        _mm_prefetch((const char *)(c + j * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + j * ldc + 16), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + j * ldc + 32), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + j * ldc + MR - 1), _MM_HINT_T0);
    }

    __m512 c0_0 = _mm512_setzero_ps(), c1_0 = _mm512_setzero_ps(), c2_0 = _mm512_setzero_ps();
    __m512 c0_1 = _mm512_setzero_ps(), c1_1 = _mm512_setzero_ps(), c2_1 = _mm512_setzero_ps();
    __m512 c0_2 = _mm512_setzero_ps(), c1_2 = _mm512_setzero_ps(), c2_2 = _mm512_setzero_ps();
    __m512 c0_3 = _mm512_setzero_ps(), c1_3 = _mm512_setzero_ps(), c2_3 = _mm512_setzero_ps();
    __m512 c0_4 = _mm512_setzero_ps(), c1_4 = _mm512_setzero_ps(), c2_4 = _mm512_setzero_ps();
    __m512 c0_5 = _mm512_setzero_ps(), c1_5 = _mm512_setzero_ps(), c2_5 = _mm512_setzero_ps();
    __m512 c0_6 = _mm512_setzero_ps(), c1_6 = _mm512_setzero_ps(), c2_6 = _mm512_setzero_ps();
    __m512 c0_7 = _mm512_setzero_ps(), c1_7 = _mm512_setzero_ps(), c2_7 = _mm512_setzero_ps();

    int64_t p = k;
    for (; p >= 4; p -= 4, a += 4 * MR, b += 4 * NR) {
        /* 4 B rows are 128 bytes, 2 lines: the sliver comes back into L1 from L2 (the A
         * stream evicts it between calls), or from L3 on the first row tile of a block. */
        _mm_prefetch((const char *)(b + B_PREFETCH), _MM_HINT_T0);
        _mm_prefetch((const char *)(b + B_PREFETCH + 16), _MM_HINT_T0);
        STEP(0);
        STEP(1);
        STEP(2);
        STEP(3);
    }
    for (; p > 0; p--, a += MR, b += NR)
        STEP(0);

    const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    const int kind = beta == 0.0f ? BETA_ZERO : beta == 1.0f ? BETA_ONE : BETA_ANY;
    update_col(c + 0 * ldc, c0_0, c1_0, c2_0, va, vb, kind);
    update_col(c + 1 * ldc, c0_1, c1_1, c2_1, va, vb, kind);
    update_col(c + 2 * ldc, c0_2, c1_2, c2_2, va, vb, kind);
    update_col(c + 3 * ldc, c0_3, c1_3, c2_3, va, vb, kind);
    update_col(c + 4 * ldc, c0_4, c1_4, c2_4, va, vb, kind);
    update_col(c + 5 * ldc, c0_5, c1_5, c2_5, va, vb, kind);
    update_col(c + 6 * ldc, c0_6, c1_6, c2_6, va, vb, kind);
    update_col(c + 7 * ldc, c0_7, c1_7, c2_7, va, vb, kind);
}
