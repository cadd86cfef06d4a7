/* dgemm_small_avx2.c: the AVX2 double small GEMM (basis_dgemm_small_fn), a whole problem in 8 x 6 tiles straight from the caller's A, B and C. */
#include <immintrin.h>

#include "x86_avx2/avx2.h"

/* Why this shape.
 * - The register plan of the packed microkernel (dgemm_avx2_8x6.c): 12 accumulators
 *   (2 vectors of 4 rows x 6 columns) + 2 for the A column + 1 broadcast = 15 of 16 ymm;
 *   two FMA pipes with latency 4 need >= 8 independent accumulators.
 * - A needs no packing: with unit row stride, rows i0..i0+7 of column p are 2 unaligned
 *   vector loads at a + i0 + p*lda. B needs none either: its elements are broadcast one
 *   at a time, so any strides serve. The tile keeps a pointer to each of its 6 columns of
 *   B and one running offset o = p * rsb for all of them, so column-major B (rsb == 1),
 *   row-major or transposed B (csb == 1) and any other strides run the same loop.
 * - C is visited 6 columns at a time, 8-row tile by 8-row tile inside: the k x 6 sliver of
 *   B stays in L1 while A streams from L1/L2, as in the packed driver.
 * - Rows (see column_block): the k loop runs masked loads (vmaskmov) only where m < 8.
 *   Columns: an edge of 5 columns runs the 6-wide tile, 3..4 a 4-wide and 1..2 a 2-wide
 *   one, with the missing columns of B repeating the last real one (in bounds, never
 *   stored): one pass over A instead of three narrow ones.
 * k is unrolled by 4. Every shape is one instance of tile() with constant arguments, so
 * the compiler keeps the accumulators in registers and drops the unused ones. */

enum { VL = 4, MV = 2, NR = 6 }; /* lanes, vectors per full tile (MR = 8), columns */
enum { BETA_ZERO, BETA_ONE, BETA_ANY };
/* How a tile meets the row edge: all vectors whole; the last one partial (loaded and
 * stored under a mask); or shifted up to end at row m, overlapping the tile before it, so
 * that every load stays whole and only the first vector's store is masked. */
enum { EDGE_NONE, EDGE_MASKED, EDGE_SHIFTED };

#define ALWAYS_INLINE static inline __attribute__((always_inline))
#define NOINLINE static __attribute__((noinline))

typedef struct params {
    int64_t k, lda, rsb, csb, ldc;
    __m256d va, vb;
    int kind; /* BETA_* */
} params;

/* Lanes lo <= i < hi of a mask vector. */
static inline __m256i lane_mask(int64_t lo, int64_t hi)
{
    const __m256i lane = _mm256_setr_epi64x(0, 1, 2, 3);
    return _mm256_andnot_si256(_mm256_cmpgt_epi64(_mm256_set1_epi64x(lo), lane),
                               _mm256_cmpgt_epi64(_mm256_set1_epi64x(hi), lane));
}

/* A vector of A or C, masked when `partial` (zero fill; masked lanes are not touched). */
ALWAYS_INLINE __m256d load_v(const double *p, int partial, __m256i mask)
{
    return partial ? _mm256_maskload_pd(p, mask) : _mm256_loadu_pd(p);
}

/* C(0:rows, 0:ncols) := alpha * A(0:rows, :) B(:, 0:ncols) + beta * C with rows = nv * 4
 * and ncols <= nr; `mask` selects the lanes of the masked vector (EDGE_MASKED: the last,
 * EDGE_SHIFTED: the first, whose other lanes belong to the tile before). Element (p, j) of
 * B is bj[j][o] with o = p * rsb. */
ALWAYS_INLINE void tile(const params *P, const int nv, const int nr, const int edge,
                        __m256i mask, int ncols, const double *a, const double *b, double *c)
{
    const int64_t lda = P->lda, rsb = P->rsb;
    __m256d acc[MV][NR];
    for (int v = 0; v < nv; v++)
        for (int j = 0; j < nr; j++)
            acc[v][j] = _mm256_setzero_pd();
    const double *bj[NR];
    for (int j = 0; j < nr; j++)
        bj[j] = b + (j < ncols ? j : ncols - 1) * P->csb;
    int64_t o = 0;

#define STEP()                                                                              \
    do {                                                                                    \
        __m256d av_[MV];                                                                    \
        for (int v = 0; v < nv; v++)                                                        \
            av_[v] = load_v(a + v * VL, edge == EDGE_MASKED && v == nv - 1, mask);          \
        a += lda;                                                                           \
        for (int j = 0; j < nr; j++) {                                                      \
            const __m256d b_ = _mm256_broadcast_sd(bj[j] + o);                              \
            for (int v = 0; v < nv; v++)                                                    \
                acc[v][j] = _mm256_fmadd_pd(av_[v], b_, acc[v][j]);                         \
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
        double *cj = c + j * P->ldc;
        for (int v = 0; v < nv; v++) {
            double *cv = cj + v * VL;
            const int cut = (edge == EDGE_MASKED && v == nv - 1) ||
                            (edge == EDGE_SHIFTED && v == 0);
            __m256d x;
            if (P->kind == BETA_ZERO)
                x = _mm256_mul_pd(P->va, acc[v][j]);
            else if (P->kind == BETA_ONE)
                x = _mm256_fmadd_pd(P->va, acc[v][j], load_v(cv, cut, mask));
            else
                x = _mm256_fmadd_pd(P->va, acc[v][j],
                                    _mm256_mul_pd(P->vb, load_v(cv, cut, mask)));
            if (cut)
                _mm256_maskstore_pd(cv, mask, x);
            else
                _mm256_storeu_pd(cv, x);
        }
    }
}

/* All row tiles of one block of ncols <= nr columns: 8-row tiles, then a last tile of 1
 * or 2 vectors. When m % 4 != 0 that tile is shifted to end at row m if a tile precedes
 * it (whole loads in the k loop), else its last vector is masked (m < 8). */
ALWAYS_INLINE void column_block(const params *P, int64_t m, const int nr, int ncols,
                                const double *a, const double *b, double *c)
{
    int64_t i = 0;
    for (; i + MV * VL <= m; i += MV * VL)
        tile(P, MV, nr, EDGE_NONE, lane_mask(0, VL), ncols, a + i, b, c + i);
    const int64_t rows = m - i;
    if (rows == 0)
        return;
    const int nv = (int)((rows + VL - 1) / VL);
    const int shift = (int)(nv * VL - rows); /* 0 .. 3 */
    const int edge = shift == 0 ? EDGE_NONE : i > 0 ? EDGE_SHIFTED : EDGE_MASKED;
    if (edge == EDGE_SHIFTED)
        i -= shift;
    const __m256i mask =
        edge == EDGE_SHIFTED ? lane_mask(shift, VL) : lane_mask(0, VL - shift);
    a += i, c += i;
    /* Whole tiles took the loop above: a whole last tile has 1 vector. */
    switch (edge * MV + nv - 1) {
    case EDGE_NONE * MV + 0: tile(P, 1, nr, EDGE_NONE, mask, ncols, a, b, c); break;
    case EDGE_MASKED * MV + 0: tile(P, 1, nr, EDGE_MASKED, mask, ncols, a, b, c); break;
    case EDGE_MASKED * MV + 1: tile(P, 2, nr, EDGE_MASKED, mask, ncols, a, b, c); break;
    case EDGE_SHIFTED * MV + 0: tile(P, 1, nr, EDGE_SHIFTED, mask, ncols, a, b, c); break;
    default: tile(P, 2, nr, EDGE_SHIFTED, mask, ncols, a, b, c); break;
    }
}

/* One function per tile width, so that each keeps its registers to itself. */
NOINLINE void column_block_6(const params *P, int64_t m, int ncols, const double *a,
                             const double *b, double *c)
{
    column_block(P, m, 6, ncols, a, b, c);
}

NOINLINE void column_block_4(const params *P, int64_t m, int ncols, const double *a,
                             const double *b, double *c)
{
    column_block(P, m, 4, ncols, a, b, c);
}

NOINLINE void column_block_2(const params *P, int64_t m, int ncols, const double *a,
                             const double *b, double *c)
{
    column_block(P, m, 2, ncols, a, b, c);
}

/* k == 0 or alpha == 0: C := beta C without reading A or B (beta == 0 writes zeros). */
static void scale_c(int64_t m, int64_t n, double beta, double *c, int64_t ldc)
{
    const __m256d vb = _mm256_set1_pd(beta);
    for (int64_t j = 0; j < n; j++) {
        double *cj = c + j * ldc; /* not c += ldc: UB past the last column for a huge ldc */
        int64_t i = 0;
        for (; i + VL <= m; i += VL)
            _mm256_storeu_pd(cj + i, beta == 0.0 ? _mm256_setzero_pd()
                                                 : _mm256_mul_pd(vb, _mm256_loadu_pd(cj + i)));
        for (; i < m; i++)
            cj[i] = beta == 0.0 ? 0.0 : beta * cj[i];
    }
}

void basis_dgemm_small_avx2(int64_t m, int64_t n, int64_t k, double alpha, const double *a,
                            int64_t lda, const double *b, int64_t rsb, int64_t csb,
                            double beta, double *c, int64_t ldc)
{
    if (m <= 0 || n <= 0)
        return;
    if (k <= 0 || alpha == 0.0) {
        scale_c(m, n, beta, c, ldc);
        return;
    }
    const params P = {
        .k = k,
        .lda = lda,
        .rsb = rsb,
        .csb = csb,
        .ldc = ldc,
        .va = _mm256_set1_pd(alpha),
        .vb = _mm256_set1_pd(beta),
        .kind = beta == 0.0 ? BETA_ZERO : beta == 1.0 ? BETA_ONE : BETA_ANY,
    };
    for (int64_t j = 0; j < n; j += NR) {
        const int ncols = n - j < NR ? (int)(n - j) : NR;
        const double *bj = b + j * csb;
        double *cj = c + j * ldc;
        if (ncols > 4)
            column_block_6(&P, m, ncols, a, bj, cj);
        else if (ncols > 2)
            column_block_4(&P, m, ncols, a, bj, cj);
        else
            column_block_2(&P, m, ncols, a, bj, cj);
    }
}
