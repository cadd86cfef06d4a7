/* gemm_pack_avx2.c: packing of full A and B slivers for the AVX2 GEMM microkernels (basis_spack_fn / basis_dpack_fn): 16 (s) or 8 (d) rows of A, 6 columns of B. */
#include <immintrin.h>

#include "x86_avx2/avx2.h"

/* Why these paths.
 * - Unit stride along the sliver's short side (column-major A, row-major B): each k step
 *   is MR (NR) contiguous elements, copied with vector loads and stores; a row of 6 is one
 *   4-wide and one 2-wide access, since AVX2's masked stores are slow on AMD.
 * - Unit stride along k (column-major B, row-major A): the rows or columns are contiguous
 *   streams, loaded 8 floats (4 doubles) at a time and transposed in registers (8 x 8
 *   floats: 24 shuffles; 4 x 4 doubles: 8). B's 6 columns go through the 8 x 8 float
 *   transpose with 2 zero streams and are stored 8 wide, each row's 2 extra elements
 *   overwritten by the next row (the last row of a block is stored exactly). The k tail is
 *   the same block with masked loads (which do not touch memory outside the mask) and only
 *   its valid rows stored.
 * - Column-major A reads MR elements of every column, one page apart for a large lda, which
 *   the hardware prefetcher does not follow: a software prefetch A_PF columns ahead (on Zen 5
 *   a small gain at n = 2048; 16, 32 and 64 measured alike). A cold A block is read at DRAM
 *   speed either way, and that is most of what packing still costs.
 * - Anything else is a plain loop in the order of the packed panel.
 * - Stores are unaligned ones: slivers start 64-byte aligned, but the rows of a packed B
 *   sliver (NR elements) mostly do not, and an unaligned store to an aligned address costs
 *   nothing on the CPUs with these ISAs. */

enum { SMR = 16, DMR = 8, NR = 6, A_PF = 16 /* k steps ahead */ };

/* ---- in-register transposes and masked stream loads ------------------------------------ */

/* y[q][j] = x[j][q] for an 8 x 8 block of floats. */
static inline void transpose_8x8_ps(const __m256 x[8], __m256 y[8])
{
    /* 128-bit lane L: t0 = (4L: x0 x1, 4L+1: x0 x1), t1 = (4L+2: x0 x1, 4L+3: x0 x1) */
    __m256 t0 = _mm256_unpacklo_ps(x[0], x[1]), t1 = _mm256_unpackhi_ps(x[0], x[1]);
    __m256 t2 = _mm256_unpacklo_ps(x[2], x[3]), t3 = _mm256_unpackhi_ps(x[2], x[3]);
    __m256 t4 = _mm256_unpacklo_ps(x[4], x[5]), t5 = _mm256_unpackhi_ps(x[4], x[5]);
    __m256 t6 = _mm256_unpacklo_ps(x[6], x[7]), t7 = _mm256_unpackhi_ps(x[6], x[7]);
    /* lane L of u_q = element 4L+q of x0..x3; of u_{4+q}, of x4..x7 */
    enum { LO = _MM_SHUFFLE(1, 0, 1, 0), HI = _MM_SHUFFLE(3, 2, 3, 2) };
    __m256 u0 = _mm256_shuffle_ps(t0, t2, LO), u1 = _mm256_shuffle_ps(t0, t2, HI);
    __m256 u2 = _mm256_shuffle_ps(t1, t3, LO), u3 = _mm256_shuffle_ps(t1, t3, HI);
    __m256 u4 = _mm256_shuffle_ps(t4, t6, LO), u5 = _mm256_shuffle_ps(t4, t6, HI);
    __m256 u6 = _mm256_shuffle_ps(t5, t7, LO), u7 = _mm256_shuffle_ps(t5, t7, HI);
    y[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
    y[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
    y[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
    y[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
    y[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
    y[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
    y[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
    y[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

/* y[q][j] = x[j][q] for a 4 x 4 block of doubles. */
static inline void transpose_4x4_pd(const __m256d x[4], __m256d y[4])
{
    /* t0 = (x0[0] x1[0] | x0[2] x1[2]), t1 = (x0[1] x1[1] | x0[3] x1[3]); t2, t3 of x2, x3 */
    __m256d t0 = _mm256_unpacklo_pd(x[0], x[1]), t1 = _mm256_unpackhi_pd(x[0], x[1]);
    __m256d t2 = _mm256_unpacklo_pd(x[2], x[3]), t3 = _mm256_unpackhi_pd(x[2], x[3]);
    y[0] = _mm256_permute2f128_pd(t0, t2, 0x20);
    y[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
    y[2] = _mm256_permute2f128_pd(t0, t2, 0x31);
    y[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
}

/* x[j] = elements 0..rem-1 of stream j (j < n), at s + j*stride; the rest zero and not read. */
static inline void load_streams_ps(__m256 *x, int n, const float *s, int64_t stride, int rem)
{
    if (rem == 8) {
        for (int j = 0; j < n; j++)
            x[j] = _mm256_loadu_ps(s + j * stride);
    } else {
        __m256i m = _mm256_cmpgt_epi32(_mm256_set1_epi32(rem),
                                       _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        for (int j = 0; j < n; j++)
            x[j] = _mm256_maskload_ps(s + j * stride, m);
    }
}

static inline void load_streams_pd(__m256d *x, int n, const double *s, int64_t stride, int rem)
{
    if (rem == 4) {
        for (int j = 0; j < n; j++)
            x[j] = _mm256_loadu_pd(s + j * stride);
    } else {
        __m256i m = _mm256_cmpgt_epi64(_mm256_set1_epi64x(rem), _mm256_setr_epi64x(0, 1, 2, 3));
        for (int j = 0; j < n; j++)
            x[j] = _mm256_maskload_pd(s + j * stride, m);
    }
}

/* ---- single: A sliver, 16 rows ---------------------------------------------------------- */

/* rem (<= 8) k steps of row-major A (csa == 1): 8 rows at a time, y[q] holding them for
 * k step q. */
static inline void spack_a_rows_block(const float *a, int64_t rsa, float *d, int rem)
{
    for (int i0 = 0; i0 < SMR; i0 += 8) {
        __m256 x[8], y[8];
        load_streams_ps(x, 8, a + i0 * rsa, rsa, rem);
        transpose_8x8_ps(x, y);
        for (int q = 0; q < rem; q++)
            _mm256_storeu_ps(d + q * SMR + i0, y[q]);
    }
}

/* dst[p*16 + i] = A(i, p) = a[i*rsa + p*csa] */
void basis_spack_a_avx2_16(int64_t k, const float *a, int64_t rsa, int64_t csa, float *dst)
{
    if (rsa == 1) {
        for (int64_t p = 0; p < k; p++, a += csa, dst += SMR) {
            const float *f = a + A_PF * csa;
            _mm_prefetch((const char *)f, _MM_HINT_T0);
            _mm_prefetch((const char *)(f + SMR - 1), _MM_HINT_T0);
            _mm256_storeu_ps(dst, _mm256_loadu_ps(a));
            _mm256_storeu_ps(dst + 8, _mm256_loadu_ps(a + 8));
        }
        return;
    }
    if (csa == 1) {
        int64_t p = 0;
        for (; p + 8 <= k; p += 8)
            spack_a_rows_block(a + p, rsa, dst + p * SMR, 8);
        if (p < k)
            spack_a_rows_block(a + p, rsa, dst + p * SMR, (int)(k - p));
        return;
    }
    for (int64_t p = 0; p < k; p++, dst += SMR)
        for (int i = 0; i < SMR; i++)
            dst[i] = a[i * rsa + p * csa];
}

/* ---- single: B sliver, 6 columns -------------------------------------------------------- */

/* Row q of a packed sliver, 6 floats at d: the 4 + 2 that belong to it, nothing after. */
static inline void store_row6_ps(float *d, __m256 y)
{
    __m128 lo = _mm256_castps256_ps128(y);
    _mm_storeu_ps(d, lo);
    _mm_storeu_si64(d + 4, _mm_castps_si128(_mm256_extractf128_ps(y, 1)));
}

/* rem (<= 8) k steps of column-major B (rsb == 1): y[q] is B's row q, 2 zeros after. */
static inline void spack_b_cols_block(const float *b, int64_t csb, float *d, int rem)
{
    __m256 x[8], y[8];
    load_streams_ps(x, NR, b, csb, rem);
    x[6] = x[7] = _mm256_setzero_ps();
    transpose_8x8_ps(x, y);
    for (int q = 0; q < rem - 1; q++)
        _mm256_storeu_ps(d + q * NR, y[q]); /* its 2 extra elements: row q + 1's, stored next */
    store_row6_ps(d + (rem - 1) * NR, y[rem - 1]);
}

/* dst[p*6 + j] = B(p, j) = b[p*rsb + j*csb] */
void basis_spack_b_avx2_6(int64_t k, const float *b, int64_t rsb, int64_t csb, float *dst)
{
    if (csb == 1) {
        for (int64_t p = 0; p < k; p++, b += rsb, dst += NR) {
            _mm_storeu_ps(dst, _mm_loadu_ps(b));
            _mm_storeu_si64(dst + 4, _mm_loadu_si64(b + 4));
        }
        return;
    }
    if (rsb == 1) {
        int64_t p = 0;
        for (; p + 8 <= k; p += 8)
            spack_b_cols_block(b + p, csb, dst + p * NR, 8);
        if (p < k)
            spack_b_cols_block(b + p, csb, dst + p * NR, (int)(k - p));
        return;
    }
    for (int64_t p = 0; p < k; p++, dst += NR)
        for (int j = 0; j < NR; j++)
            dst[j] = b[p * rsb + j * csb];
}

/* ---- double: A sliver, 8 rows ----------------------------------------------------------- */

/* rem (<= 4) k steps of row-major A (csa == 1): 4 rows at a time, y[q] holding them for
 * k step q. */
static inline void dpack_a_rows_block(const double *a, int64_t rsa, double *d, int rem)
{
    for (int i0 = 0; i0 < DMR; i0 += 4) {
        __m256d x[4], y[4];
        load_streams_pd(x, 4, a + i0 * rsa, rsa, rem);
        transpose_4x4_pd(x, y);
        for (int q = 0; q < rem; q++)
            _mm256_storeu_pd(d + q * DMR + i0, y[q]);
    }
}

/* dst[p*8 + i] = A(i, p) = a[i*rsa + p*csa] */
void basis_dpack_a_avx2_8(int64_t k, const double *a, int64_t rsa, int64_t csa, double *dst)
{
    if (rsa == 1) {
        for (int64_t p = 0; p < k; p++, a += csa, dst += DMR) {
            const double *f = a + A_PF * csa;
            _mm_prefetch((const char *)f, _MM_HINT_T0);
            _mm_prefetch((const char *)(f + DMR - 1), _MM_HINT_T0);
            _mm256_storeu_pd(dst, _mm256_loadu_pd(a));
            _mm256_storeu_pd(dst + 4, _mm256_loadu_pd(a + 4));
        }
        return;
    }
    if (csa == 1) {
        int64_t p = 0;
        for (; p + 4 <= k; p += 4)
            dpack_a_rows_block(a + p, rsa, dst + p * DMR, 4);
        if (p < k)
            dpack_a_rows_block(a + p, rsa, dst + p * DMR, (int)(k - p));
        return;
    }
    for (int64_t p = 0; p < k; p++, dst += DMR)
        for (int i = 0; i < DMR; i++)
            dst[i] = a[i * rsa + p * csa];
}

/* ---- double: B sliver, 6 columns -------------------------------------------------------- */

/* rem (<= 4) k steps of column-major B (rsb == 1): columns 0..3 by a 4 x 4 transpose,
 * columns 4 and 5 interleaved pairwise. */
static inline void dpack_b_cols_block(const double *b, int64_t csb, double *d, int rem)
{
    __m256d x[NR], y[4];
    load_streams_pd(x, NR, b, csb, rem);
    transpose_4x4_pd(x, y);
    /* lo = (x4[0] x5[0] | x4[2] x5[2]), hi = (x4[1] x5[1] | x4[3] x5[3]) */
    __m256d lo = _mm256_unpacklo_pd(x[4], x[5]), hi = _mm256_unpackhi_pd(x[4], x[5]);
    __m128d z[4] = {_mm256_castpd256_pd128(lo), _mm256_castpd256_pd128(hi),
                    _mm256_extractf128_pd(lo, 1), _mm256_extractf128_pd(hi, 1)};
    for (int q = 0; q < rem; q++) {
        _mm256_storeu_pd(d + q * NR, y[q]);
        _mm_storeu_pd(d + q * NR + 4, z[q]);
    }
}

/* dst[p*6 + j] = B(p, j) = b[p*rsb + j*csb] */
void basis_dpack_b_avx2_6(int64_t k, const double *b, int64_t rsb, int64_t csb, double *dst)
{
    if (csb == 1) {
        for (int64_t p = 0; p < k; p++, b += rsb, dst += NR) {
            _mm256_storeu_pd(dst, _mm256_loadu_pd(b));
            _mm_storeu_pd(dst + 4, _mm_loadu_pd(b + 4));
        }
        return;
    }
    if (rsb == 1) {
        int64_t p = 0;
        for (; p + 4 <= k; p += 4)
            dpack_b_cols_block(b + p, csb, dst + p * NR, 4);
        if (p < k)
            dpack_b_cols_block(b + p, csb, dst + p * NR, (int)(k - p));
        return;
    }
    for (int64_t p = 0; p < k; p++, dst += NR)
        for (int j = 0; j < NR; j++)
            dst[j] = b[p * rsb + j * csb];
}
