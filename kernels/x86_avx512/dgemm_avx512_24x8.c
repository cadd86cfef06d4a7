/* dgemm_avx512_24x8.c: the AVX-512 double GEMM microkernel (basis_dgemm_ukr_fn), a 24 x 8 tile of C. */
#include <immintrin.h>

#include "x86_avx512/avx512.h"

/* Why 24 x 8.
 * - Zen 5 (and Skylake-X/Ice Lake) issue two 512-bit FMAs per cycle with latency 4, so at
 *   least 2 * 4 = 8 independent accumulators are needed to keep both pipes busy; 24 give
 *   three times that slack, which absorbs load latency and the loop overhead.
 * - 32 zmm registers: 24 accumulators (3 vectors of 8 rows x 8 columns) + 3 for the A
 *   column + 1 broadcast of B = 28, so the compiler never spills. 24 x 9 (27 + 3 + 1 = 31)
 *   leaves it no room and 32 x 7 (28 + 4 + 1 = 33) does not fit; 16 x 14 (BLIS skx) fits
 *   but issues 16 loads per 28 FMAs against 11 per 24 here.
 * - Per k step: 3 aligned 64-byte loads of A + 8 broadcast loads of B feed 24 FMAs =
 *   12 cycles at two FMAs per cycle, about one load per cycle, far below the load ports.
 * - C is column-major with unit row stride, so each column of the tile is 3 whole vectors:
 *   the accumulators are C's columns and the update is plain vector loads/stores, no
 *   transpose. MR = 24 keeps every packed A column (192 bytes) 64-byte aligned.
 * - NR = 8 makes a B row exactly one cache line; with kc ~ 384 the kc x 8 B sliver is
 *   24 KiB, half of Zen 5's 48 KiB L1, while the A sliver streams from L2.
 * k is unrolled by 4; A is prefetched a few steps ahead (it streams from L2 in the
 * blocked driver), and C's columns are prefetched at entry so the final update does
 * not wait on memory. */

enum { MR = 24, NR = 8, A_PREFETCH = MR * 8 /* elements: 8 k steps ahead */ };

/* One rank-1 update with A column p and B row p: 3 loads, 8 broadcasts, 24 FMAs. */
#define COL(p, j, x0, x1, x2)                                                               \
    do {                                                                                    \
        const __m512d bj_ = _mm512_set1_pd(b[(p) * NR + (j)]);                             \
        x0 = _mm512_fmadd_pd(a0_, bj_, x0);                                                 \
        x1 = _mm512_fmadd_pd(a1_, bj_, x1);                                                 \
        x2 = _mm512_fmadd_pd(a2_, bj_, x2);                                                 \
    } while (0)

#define STEP(p)                                                                             \
    do {                                                                                    \
        const __m512d a0_ = _mm512_load_pd(a + (p) * MR);                                  \
        const __m512d a1_ = _mm512_load_pd(a + (p) * MR + 8);                              \
        const __m512d a2_ = _mm512_load_pd(a + (p) * MR + 16);                             \
        _mm_prefetch((const char *)(a + (p) * MR + A_PREFETCH), _MM_HINT_T0);              \
        _mm_prefetch((const char *)(a + (p) * MR + A_PREFETCH + 8), _MM_HINT_T0);          \
        _mm_prefetch((const char *)(a + (p) * MR + A_PREFETCH + 16), _MM_HINT_T0);         \
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
static inline void update_col(double *cj, __m512d x0, __m512d x1, __m512d x2, __m512d va,
                              __m512d vb, int kind)
{
    if (kind == BETA_ZERO) {
        _mm512_storeu_pd(cj, _mm512_mul_pd(va, x0));
        _mm512_storeu_pd(cj + 8, _mm512_mul_pd(va, x1));
        _mm512_storeu_pd(cj + 16, _mm512_mul_pd(va, x2));
    } else if (kind == BETA_ONE) {
        _mm512_storeu_pd(cj, _mm512_fmadd_pd(va, x0, _mm512_loadu_pd(cj)));
        _mm512_storeu_pd(cj + 8, _mm512_fmadd_pd(va, x1, _mm512_loadu_pd(cj + 8)));
        _mm512_storeu_pd(cj + 16, _mm512_fmadd_pd(va, x2, _mm512_loadu_pd(cj + 16)));
    } else {
        _mm512_storeu_pd(cj, _mm512_fmadd_pd(va, x0, _mm512_mul_pd(vb, _mm512_loadu_pd(cj))));
        _mm512_storeu_pd(cj + 8,
                         _mm512_fmadd_pd(va, x1, _mm512_mul_pd(vb, _mm512_loadu_pd(cj + 8))));
        _mm512_storeu_pd(cj + 16,
                         _mm512_fmadd_pd(va, x2, _mm512_mul_pd(vb, _mm512_loadu_pd(cj + 16))));
    }
}

/* k == 0 or alpha == 0: C := beta C without touching A or B (and without alpha * 0,
 * which would turn an infinite alpha into NaN). */
static void scale_tile(double beta, double *c, int64_t ldc)
{
    const __m512d vb = _mm512_set1_pd(beta);
    for (int j = 0; j < NR; j++, c += ldc)
        for (int i = 0; i < MR; i += 8)
            _mm512_storeu_pd(c + i, beta == 0.0 ? _mm512_setzero_pd()
                                                : _mm512_mul_pd(vb, _mm512_loadu_pd(c + i)));
}

void basis_dgemm_ukr_avx512_24x8(int64_t k, double alpha, const double *a, const double *b,
                                 double beta, double *c, int64_t ldc)
{
    if (k <= 0 || alpha == 0.0) {
        scale_tile(beta, c, ldc);
        return;
    }

    /* First and last byte of each column: a 192-byte column spans 3 or 4 cache lines. */
    for (int j = 0; j < NR; j++) {
        _mm_prefetch((const char *)(c + j * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + j * ldc + 8), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + j * ldc + 16), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + j * ldc + MR - 1), _MM_HINT_T0);
    }

    __m512d c0_0 = _mm512_setzero_pd(), c1_0 = _mm512_setzero_pd(), c2_0 = _mm512_setzero_pd();
    __m512d c0_1 = _mm512_setzero_pd(), c1_1 = _mm512_setzero_pd(), c2_1 = _mm512_setzero_pd();
    __m512d c0_2 = _mm512_setzero_pd(), c1_2 = _mm512_setzero_pd(), c2_2 = _mm512_setzero_pd();
    __m512d c0_3 = _mm512_setzero_pd(), c1_3 = _mm512_setzero_pd(), c2_3 = _mm512_setzero_pd();
    __m512d c0_4 = _mm512_setzero_pd(), c1_4 = _mm512_setzero_pd(), c2_4 = _mm512_setzero_pd();
    __m512d c0_5 = _mm512_setzero_pd(), c1_5 = _mm512_setzero_pd(), c2_5 = _mm512_setzero_pd();
    __m512d c0_6 = _mm512_setzero_pd(), c1_6 = _mm512_setzero_pd(), c2_6 = _mm512_setzero_pd();
    __m512d c0_7 = _mm512_setzero_pd(), c1_7 = _mm512_setzero_pd(), c2_7 = _mm512_setzero_pd();

    int64_t p = k;
    for (; p >= 4; p -= 4, a += 4 * MR, b += 4 * NR) {
        STEP(0);
        STEP(1);
        STEP(2);
        STEP(3);
    }
    for (; p > 0; p--, a += MR, b += NR)
        STEP(0);

    const __m512d va = _mm512_set1_pd(alpha), vb = _mm512_set1_pd(beta);
    const int kind = beta == 0.0 ? BETA_ZERO : beta == 1.0 ? BETA_ONE : BETA_ANY;
    update_col(c + 0 * ldc, c0_0, c1_0, c2_0, va, vb, kind);
    update_col(c + 1 * ldc, c0_1, c1_1, c2_1, va, vb, kind);
    update_col(c + 2 * ldc, c0_2, c1_2, c2_2, va, vb, kind);
    update_col(c + 3 * ldc, c0_3, c1_3, c2_3, va, vb, kind);
    update_col(c + 4 * ldc, c0_4, c1_4, c2_4, va, vb, kind);
    update_col(c + 5 * ldc, c0_5, c1_5, c2_5, va, vb, kind);
    update_col(c + 6 * ldc, c0_6, c1_6, c2_6, va, vb, kind);
    update_col(c + 7 * ldc, c0_7, c1_7, c2_7, va, vb, kind);
}
