/* sgemm_small_avx512.c: the AVX-512 single small GEMM (basis_sgemm_small_fn), a whole problem in 48 x 8 tiles straight from the caller's A, B and C. */
#include <immintrin.h>

#include "x86_avx512/avx512.h"

/* Why this shape.
 * - The register plan of the packed microkernel (sgemm_avx512_48x8.c): 24 accumulators
 *   (3 vectors of 16 rows x 8 columns) + 3 for the A column + 1 broadcast = 28 of 32 zmm;
 *   two FMA pipes with latency 4 need >= 8 independent accumulators.
 * - A needs no packing: with unit row stride, rows i0..i0+47 of column p are 3 unaligned
 *   vector loads at a + i0 + p*lda. B needs none either: its elements are broadcast one at
 *   a time, so any strides serve. The tile keeps a pointer to each of its 8 columns of B
 *   and one running offset o = p * rsb for all of them, so column-major B (rsb == 1),
 *   row-major or transposed B (csb == 1) and any other strides run the same loop at the
 *   same speed (measured within noise of each other).
 * - C is visited 8 columns at a time, row tile by row tile inside: the k x 8 sliver of B
 *   (2 KiB at k = 64, 8 KiB at k = 256) stays in L1 while A streams from L1/L2, as in
 *   the packed driver.
 * - Rows (see column_block): the k loop never runs masked loads where it can avoid them
 *   (on Zen 5 they cost 12-17% in dgemm_small_avx512.c at m = 41..71). Columns: an edge
 *   of 5..7 columns runs the 8-wide tile, 3..4 a 4-wide and 1..2 a 2-wide one, with the
 *   missing columns of B repeating the last real one (in bounds, never stored): one pass
 *   over A, not three.
 * k is unrolled by 4. Every shape is one instance of tile() with constant arguments, so
 * the compiler keeps the accumulators in registers and drops the unused ones; each tile
 * width is its own function, so that the shapes do not share one register allocation. */

enum { VL = 16, MV = 3, NR = 8 }; /* lanes, vectors per full tile (MR = 48), columns */
enum { BETA_ZERO, BETA_ONE, BETA_ANY };
/* How a tile meets the row edge: all vectors whole; the last one partial (loaded and
 * stored under a mask); or shifted up to end at row m, overlapping the tile before it, so
 * that every load stays whole and only the first vector's store is masked. */
enum { EDGE_NONE, EDGE_MASKED, EDGE_SHIFTED };

#define ALWAYS_INLINE static inline __attribute__((always_inline))
#define NOINLINE static __attribute__((noinline))
#define ALL_LANES ((__mmask16)0xFFFF)

typedef struct params {
    int64_t k, lda, rsb, csb, ldc;
    __m512 va, vb;
    int kind; /* BETA_* */
} params;

/* A vector of A or C, masked (zero fill) when `partial`. */
ALWAYS_INLINE __m512 load_v(const float *p, int partial, __mmask16 mask)
{
    return partial ? _mm512_maskz_loadu_ps(mask, p) : _mm512_loadu_ps(p);
}

/* C(0:rows, 0:ncols) := alpha * A(0:rows, :) B(:, 0:ncols) + beta * C with rows = nv * 16
 * and ncols <= nr; `mask` selects the lanes of the masked vector (EDGE_MASKED: the last,
 * EDGE_SHIFTED: the first, whose other lanes belong to the tile before). Columns of B
 * past ncols repeat the last one (in bounds, never stored), so one nr serves several edge
 * widths. Element (p, j) of B is bj[j][o] with o = p * rsb: one running offset for all
 * columns, whatever the strides. */
ALWAYS_INLINE void tile(const params *P, const int nv, const int nr, const int edge,
                        __mmask16 mask, int ncols, const float *a, const float *b, float *c)
{
    const int64_t lda = P->lda, rsb = P->rsb;
    __m512 acc[MV][NR];
    for (int v = 0; v < nv; v++)
        for (int j = 0; j < nr; j++)
            acc[v][j] = _mm512_setzero_ps();
    const float *bj[NR];
    for (int j = 0; j < nr; j++)
        bj[j] = b + (j < ncols ? j : ncols - 1) * P->csb;
    int64_t o = 0;

#define STEP()                                                                              \
    do {                                                                                    \
        __m512 av_[MV];                                                                     \
        for (int v = 0; v < nv; v++)                                                        \
            av_[v] = load_v(a + v * VL, edge == EDGE_MASKED && v == nv - 1, mask);          \
        a += lda;                                                                           \
        for (int j = 0; j < nr; j++) {                                                      \
            const __m512 b_ = _mm512_set1_ps(bj[j][o]);                                     \
            for (int v = 0; v < nv; v++)                                                    \
                acc[v][j] = _mm512_fmadd_ps(av_[v], b_, acc[v][j]);                         \
        }                                                                                   \
        o += rsb;                                                                           \
    } while (0)

    int64_t p = P->k;
    for (; p >= 4; p -= 4) {
        STEP();
        STEP();
        STEP();
        STEP();
    }
    for (; p > 0; p--)
        STEP();
#undef STEP

    for (int j = 0; j < nr && j < ncols; j++) {
        float *cj = c + j * P->ldc;
        for (int v = 0; v < nv; v++) {
            float *cv = cj + v * VL;
            const int cut = (edge == EDGE_MASKED && v == nv - 1) ||
                            (edge == EDGE_SHIFTED && v == 0);
            __m512 x;
            if (P->kind == BETA_ZERO)
                x = _mm512_mul_ps(P->va, acc[v][j]);
            else if (P->kind == BETA_ONE)
                x = _mm512_fmadd_ps(P->va, acc[v][j], load_v(cv, cut, mask));
            else
                x = _mm512_fmadd_ps(P->va, acc[v][j],
                                    _mm512_mul_ps(P->vb, load_v(cv, cut, mask)));
            if (cut)
                _mm512_mask_storeu_ps(cv, mask, x);
            else
                _mm512_storeu_ps(cv, x);
        }
    }
}

/* All row tiles of one block of ncols <= nr columns: 48-row tiles while more than 4
 * vectors of rows are left, then the rest as one tile of 1..3 vectors or two of 2 (2 + 2
 * keeps 16 accumulators busy where 3 + 1 would leave the last tile 8). When m % 16 != 0
 * the last tile is shifted to end at row m if a tile precedes it (whole loads: masked
 * loads in the k loop cost 12-17% here), else its last vector is masked (m < 32). */
ALWAYS_INLINE void column_block(const params *P, int64_t m, const int nr, int ncols,
                                const float *a, const float *b, float *c)
{
    int64_t i = 0;
    for (; m - i > 4 * VL; i += MV * VL)
        tile(P, MV, nr, EDGE_NONE, ALL_LANES, ncols, a + i, b, c + i);
    /* 2 + 2 for 4 vectors; and 32 < m < 48 runs 2 whole vectors + 1 shifted rather than
     * 3 with a masked one (as in dgemm_small_avx512.c, where it measured 80 against 60
     * GFLOP/s at m = 17, n = k = 64). */
    if (m - i > 3 * VL || (i == 0 && m > 2 * VL && m % VL != 0)) {
        tile(P, 2, nr, EDGE_NONE, ALL_LANES, ncols, a + i, b, c + i);
        i += 2 * VL;
    }
    const int64_t rows = m - i;
    const int nv = (int)((rows + VL - 1) / VL);
    const int shift = (int)(nv * VL - rows); /* 0 .. 15 */
    const int edge = shift == 0 ? EDGE_NONE : i > 0 ? EDGE_SHIFTED : EDGE_MASKED;
    __mmask16 mask = ALL_LANES;
    if (edge == EDGE_SHIFTED) {
        i -= shift;
        mask = (__mmask16)(ALL_LANES << shift);
    } else if (edge == EDGE_MASKED) {
        mask = (__mmask16)(ALL_LANES >> shift);
    }
    a += i, c += i;
    /* A masked tile has at most 2 vectors: 32 < m < 48 took the branch above. */
    switch (edge * MV + nv - 1) {
    case EDGE_NONE * MV + 0: tile(P, 1, nr, EDGE_NONE, mask, ncols, a, b, c); break;
    case EDGE_NONE * MV + 1: tile(P, 2, nr, EDGE_NONE, mask, ncols, a, b, c); break;
    case EDGE_NONE * MV + 2: tile(P, 3, nr, EDGE_NONE, mask, ncols, a, b, c); break;
    case EDGE_MASKED * MV + 0: tile(P, 1, nr, EDGE_MASKED, mask, ncols, a, b, c); break;
    case EDGE_MASKED * MV + 1: tile(P, 2, nr, EDGE_MASKED, mask, ncols, a, b, c); break;
    case EDGE_SHIFTED * MV + 0: tile(P, 1, nr, EDGE_SHIFTED, mask, ncols, a, b, c); break;
    case EDGE_SHIFTED * MV + 1: tile(P, 2, nr, EDGE_SHIFTED, mask, ncols, a, b, c); break;
    default: tile(P, 3, nr, EDGE_SHIFTED, mask, ncols, a, b, c); break;
    }
}

/* One function per tile width, so that each keeps its registers to itself. */
NOINLINE void column_block_8(const params *P, int64_t m, int ncols, const float *a,
                             const float *b, float *c)
{
    column_block(P, m, 8, ncols, a, b, c);
}

NOINLINE void column_block_4(const params *P, int64_t m, int ncols, const float *a,
                             const float *b, float *c)
{
    column_block(P, m, 4, ncols, a, b, c);
}

NOINLINE void column_block_2(const params *P, int64_t m, int ncols, const float *a,
                             const float *b, float *c)
{
    column_block(P, m, 2, ncols, a, b, c);
}

/* k == 0 or alpha == 0: C := beta C without reading A or B (beta == 0 writes zeros). */
static void scale_c(int64_t m, int64_t n, float beta, float *c, int64_t ldc)
{
    const __m512 vb = _mm512_set1_ps(beta);
    for (int64_t j = 0; j < n; j++) {
        float *cj = c + j * ldc; /* not c += ldc: UB past the last column for a huge ldc */
        for (int64_t i = 0; i < m; i += VL) {
            const __mmask16 mask =
                m - i >= VL ? ALL_LANES : (__mmask16)((1u << (m - i)) - 1u);
            const __m512 x = beta == 0.0
                                  ? _mm512_setzero_ps()
                                  : _mm512_mul_ps(vb, _mm512_maskz_loadu_ps(mask, cj + i));
            _mm512_mask_storeu_ps(cj + i, mask, x);
        }
    }
}

void basis_sgemm_small_avx512(int64_t m, int64_t n, int64_t k, float alpha, const float *a,
                              int64_t lda, const float *b, int64_t rsb, int64_t csb,
                              float beta, float *c, int64_t ldc)
{
    if (m <= 0 || n <= 0)
        return;
    if (k <= 0 || alpha == 0.0f) {
        scale_c(m, n, beta, c, ldc);
        return;
    }
    const params P = {
        .k = k,
        .lda = lda,
        .rsb = rsb,
        .csb = csb,
        .ldc = ldc,
        .va = _mm512_set1_ps(alpha),
        .vb = _mm512_set1_ps(beta),
        .kind = beta == 0.0f ? BETA_ZERO : beta == 1.0f ? BETA_ONE : BETA_ANY,
    };
    /* Column edge: 5..7 columns run an 8-wide tile, 3..4 a 4-wide one, 1..2 a 2-wide one. */
    for (int64_t j = 0; j < n; j += NR) {
        const int ncols = n - j < NR ? (int)(n - j) : NR;
        const float *bj = b + j * csb;
        float *cj = c + j * ldc;
        if (ncols > 4)
            column_block_8(&P, m, ncols, a, bj, cj);
        else if (ncols > 2)
            column_block_4(&P, m, ncols, a, bj, cj);
        else
            column_block_2(&P, m, ncols, a, bj, cj);
    }
}
