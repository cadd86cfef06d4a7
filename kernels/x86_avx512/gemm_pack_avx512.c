/* gemm_pack_avx512.c: packing of full A and B slivers for the AVX-512 GEMM microkernels (basis_spack_fn / basis_dpack_fn): 48 (s) or 24 (d) rows of A, 8 columns of B. */
#include <immintrin.h>

#include "x86_avx512/avx512.h"

/* Why these paths.
 * - Unit stride along the sliver's short side (column-major A, row-major B): each k step
 *   is MR (NR) contiguous elements, copied with whole-vector loads and stores.
 * - Unit stride along k (column-major B, row-major A): each of the 8 rows or columns is a
 *   contiguous stream; 8 streams of 16 floats (8 doubles) are loaded and transposed in
 *   registers, 16 x 8 floats with 32 shuffles (8 x 8 doubles with 24), so every load and
 *   store is a whole vector. The k tail is the same block with masked loads (which do not
 *   touch memory outside the mask) and only its valid rows stored.
 * - Column-major A reads MR elements of every column, one page apart for a large lda, which
 *   the hardware prefetcher does not follow: a software prefetch A_PF columns ahead (on Zen 5
 *   a small gain at n = 2048; 16, 32 and 64 measured alike). A cold A block is read at DRAM
 *   speed either way, and that is most of what packing still costs. The 8 contiguous
 *   streams of the transposing paths prefetch well in hardware (a software prefetch there
 *   measured no gain).
 * - Anything else is a plain loop in the order of the packed panel.
 * - Stores are unaligned ones: slivers start 64-byte aligned, but the rows of a packed B
 *   sliver (NR elements) mostly do not, and an unaligned store to an aligned address costs
 *   nothing on the CPUs with these ISAs. */

enum { SMR = 48, DMR = 24, NR = 8, A_PF = 16 /* k steps ahead */ };

/* ---- in-register transposes ------------------------------------------------------------ */

/* x[j] = elements 0..15 of stream j (j < 8); afterwards y[r] = element 2r of every stream,
 * then element 2r + 1 of every stream: y[r][j] = x[j][2r], y[r][8 + j] = x[j][2r + 1]. */
static inline void transpose_8x16_ps(const __m512 x[8], __m512 y[8])
{
    /* 128-bit lane L of t holds elements 4L.. : t0 = (4L: x0 x1, 4L+1: x0 x1), t1 = 4L+2,3 */
    __m512 t0 = _mm512_unpacklo_ps(x[0], x[1]), t1 = _mm512_unpackhi_ps(x[0], x[1]);
    __m512 t2 = _mm512_unpacklo_ps(x[2], x[3]), t3 = _mm512_unpackhi_ps(x[2], x[3]);
    __m512 t4 = _mm512_unpacklo_ps(x[4], x[5]), t5 = _mm512_unpackhi_ps(x[4], x[5]);
    __m512 t6 = _mm512_unpacklo_ps(x[6], x[7]), t7 = _mm512_unpackhi_ps(x[6], x[7]);
    /* lane L of u_q = element 4L+q of x0..x3; of u_{4+q}, of x4..x7 */
    __m512 u0 = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t0), _mm512_castps_pd(t2)));
    __m512 u1 = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t0), _mm512_castps_pd(t2)));
    __m512 u2 = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t1), _mm512_castps_pd(t3)));
    __m512 u3 = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t1), _mm512_castps_pd(t3)));
    __m512 u4 = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t4), _mm512_castps_pd(t6)));
    __m512 u5 = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t4), _mm512_castps_pd(t6)));
    __m512 u6 = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t5), _mm512_castps_pd(t7)));
    __m512 u7 = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t5), _mm512_castps_pd(t7)));
    /* v_q_lo = lanes 0, 1 of u_q then of u_{4+q}; v_q_hi the same with lanes 2, 3 */
    enum { LO = _MM_SHUFFLE(1, 0, 1, 0), HI = _MM_SHUFFLE(3, 2, 3, 2) };
    __m512 v0l = _mm512_shuffle_f32x4(u0, u4, LO), v0h = _mm512_shuffle_f32x4(u0, u4, HI);
    __m512 v1l = _mm512_shuffle_f32x4(u1, u5, LO), v1h = _mm512_shuffle_f32x4(u1, u5, HI);
    __m512 v2l = _mm512_shuffle_f32x4(u2, u6, LO), v2h = _mm512_shuffle_f32x4(u2, u6, HI);
    __m512 v3l = _mm512_shuffle_f32x4(u3, u7, LO), v3h = _mm512_shuffle_f32x4(u3, u7, HI);
    /* element e = 4L + q: the even lane pair of v picks L = 0 (2), the odd one L = 1 (3) */
    enum { EVEN = _MM_SHUFFLE(2, 0, 2, 0), ODD = _MM_SHUFFLE(3, 1, 3, 1) };
    y[0] = _mm512_shuffle_f32x4(v0l, v1l, EVEN);
    y[1] = _mm512_shuffle_f32x4(v2l, v3l, EVEN);
    y[2] = _mm512_shuffle_f32x4(v0l, v1l, ODD);
    y[3] = _mm512_shuffle_f32x4(v2l, v3l, ODD);
    y[4] = _mm512_shuffle_f32x4(v0h, v1h, EVEN);
    y[5] = _mm512_shuffle_f32x4(v2h, v3h, EVEN);
    y[6] = _mm512_shuffle_f32x4(v0h, v1h, ODD);
    y[7] = _mm512_shuffle_f32x4(v2h, v3h, ODD);
}

/* x[j] = elements 0..7 of stream j (j < 8); afterwards y[q][j] = x[j][q]. */
static inline void transpose_8x8_pd(const __m512d x[8], __m512d y[8])
{
    /* 128-bit lane L of t_{2m} = element 2L of x_{2m}, x_{2m+1}; of t_{2m+1}, element 2L+1 */
    __m512d t0 = _mm512_unpacklo_pd(x[0], x[1]), t1 = _mm512_unpackhi_pd(x[0], x[1]);
    __m512d t2 = _mm512_unpacklo_pd(x[2], x[3]), t3 = _mm512_unpackhi_pd(x[2], x[3]);
    __m512d t4 = _mm512_unpacklo_pd(x[4], x[5]), t5 = _mm512_unpackhi_pd(x[4], x[5]);
    __m512d t6 = _mm512_unpacklo_pd(x[6], x[7]), t7 = _mm512_unpackhi_pd(x[6], x[7]);
    enum { LO = _MM_SHUFFLE(1, 0, 1, 0), HI = _MM_SHUFFLE(3, 2, 3, 2) };
    /* for element parity s: a_s = lanes 0, 1 of t_s, t_{2+s}; b_s the same of t_{4+s}, t_{6+s} */
    __m512d a0l = _mm512_shuffle_f64x2(t0, t2, LO), a0h = _mm512_shuffle_f64x2(t0, t2, HI);
    __m512d a1l = _mm512_shuffle_f64x2(t1, t3, LO), a1h = _mm512_shuffle_f64x2(t1, t3, HI);
    __m512d b0l = _mm512_shuffle_f64x2(t4, t6, LO), b0h = _mm512_shuffle_f64x2(t4, t6, HI);
    __m512d b1l = _mm512_shuffle_f64x2(t5, t7, LO), b1h = _mm512_shuffle_f64x2(t5, t7, HI);
    enum { EVEN = _MM_SHUFFLE(2, 0, 2, 0), ODD = _MM_SHUFFLE(3, 1, 3, 1) };
    y[0] = _mm512_shuffle_f64x2(a0l, b0l, EVEN);
    y[1] = _mm512_shuffle_f64x2(a1l, b1l, EVEN);
    y[2] = _mm512_shuffle_f64x2(a0l, b0l, ODD);
    y[3] = _mm512_shuffle_f64x2(a1l, b1l, ODD);
    y[4] = _mm512_shuffle_f64x2(a0h, b0h, EVEN);
    y[5] = _mm512_shuffle_f64x2(a1h, b1h, EVEN);
    y[6] = _mm512_shuffle_f64x2(a0h, b0h, ODD);
    y[7] = _mm512_shuffle_f64x2(a1h, b1h, ODD);
}

/* x[j] = elements 0..rem-1 of stream j, at s + j*stride; the rest zero and not read. */
static inline void load_8_streams_ps(__m512 x[8], const float *s, int64_t stride, int rem)
{
    if (rem == 16) {
        for (int j = 0; j < 8; j++)
            x[j] = _mm512_loadu_ps(s + j * stride);
    } else {
        __mmask16 m = (__mmask16)((1u << rem) - 1);
        for (int j = 0; j < 8; j++)
            x[j] = _mm512_maskz_loadu_ps(m, s + j * stride);
    }
}

static inline void load_8_streams_pd(__m512d x[8], const double *s, int64_t stride, int rem)
{
    if (rem == 8) {
        for (int j = 0; j < 8; j++)
            x[j] = _mm512_loadu_pd(s + j * stride);
    } else {
        __mmask8 m = (__mmask8)((1u << rem) - 1);
        for (int j = 0; j < 8; j++)
            x[j] = _mm512_maskz_loadu_pd(m, s + j * stride);
    }
}

/* ---- single: A sliver, 48 rows ---------------------------------------------------------- */

/* rem (<= 16) k steps of row-major A (csa == 1): 8 rows at a time, y[r] holding them for
 * k steps 2r and 2r + 1. */
static inline void spack_a_rows_block(const float *a, int64_t rsa, float *d, int rem)
{
    for (int i0 = 0; i0 < SMR; i0 += 8) {
        __m512 x[8], y[8];
        load_8_streams_ps(x, a + i0 * rsa, rsa, rem);
        transpose_8x16_ps(x, y);
        for (int r = 0; 2 * r < rem; r++) {
            _mm256_storeu_ps(d + 2 * r * SMR + i0, _mm512_castps512_ps256(y[r]));
            if (2 * r + 1 < rem)
                _mm256_storeu_ps(d + (2 * r + 1) * SMR + i0, _mm512_extractf32x8_ps(y[r], 1));
        }
    }
}

/* dst[p*48 + i] = A(i, p) = a[i*rsa + p*csa] */
void basis_spack_a_avx512_48(int64_t k, const float *a, int64_t rsa, int64_t csa, float *dst)
{
    if (rsa == 1) {
        for (int64_t p = 0; p < k; p++, a += csa, dst += SMR) {
            const float *f = a + A_PF * csa;
            _mm_prefetch((const char *)f, _MM_HINT_T0);
            _mm_prefetch((const char *)(f + 16), _MM_HINT_T0);
            _mm_prefetch((const char *)(f + 32), _MM_HINT_T0);
            _mm_prefetch((const char *)(f + SMR - 1), _MM_HINT_T0);
            _mm512_storeu_ps(dst, _mm512_loadu_ps(a));
            _mm512_storeu_ps(dst + 16, _mm512_loadu_ps(a + 16));
            _mm512_storeu_ps(dst + 32, _mm512_loadu_ps(a + 32));
        }
        return;
    }
    if (csa == 1) {
        int64_t p = 0;
        for (; p + 16 <= k; p += 16)
            spack_a_rows_block(a + p, rsa, dst + p * SMR, 16);
        if (p < k)
            spack_a_rows_block(a + p, rsa, dst + p * SMR, (int)(k - p));
        return;
    }
    for (int64_t p = 0; p < k; p++, dst += SMR)
        for (int i = 0; i < SMR; i++)
            dst[i] = a[i * rsa + p * csa];
}

/* ---- single: B sliver, 8 columns -------------------------------------------------------- */

/* rem (<= 16) k steps of column-major B (rsb == 1): y[r] is B's rows 2r and 2r + 1. */
static inline void spack_b_cols_block(const float *b, int64_t csb, float *d, int rem)
{
    __m512 x[8], y[8];
    load_8_streams_ps(x, b, csb, rem);
    transpose_8x16_ps(x, y);
    for (int r = 0; 2 * r < rem; r++) {
        if (2 * r + 1 < rem)
            _mm512_storeu_ps(d + 16 * r, y[r]);
        else
            _mm256_storeu_ps(d + 16 * r, _mm512_castps512_ps256(y[r]));
    }
}

/* dst[p*8 + j] = B(p, j) = b[p*rsb + j*csb] */
void basis_spack_b_avx512_8(int64_t k, const float *b, int64_t rsb, int64_t csb, float *dst)
{
    if (csb == 1) {
        int64_t p = 0;
        for (; p + 2 <= k; p += 2) {
            __m512 v = _mm512_castps256_ps512(_mm256_loadu_ps(b + p * rsb));
            v = _mm512_insertf32x8(v, _mm256_loadu_ps(b + (p + 1) * rsb), 1);
            _mm512_storeu_ps(dst + p * NR, v);
        }
        if (p < k)
            _mm256_storeu_ps(dst + p * NR, _mm256_loadu_ps(b + p * rsb));
        return;
    }
    if (rsb == 1) {
        int64_t p = 0;
        for (; p + 16 <= k; p += 16)
            spack_b_cols_block(b + p, csb, dst + p * NR, 16);
        if (p < k)
            spack_b_cols_block(b + p, csb, dst + p * NR, (int)(k - p));
        return;
    }
    for (int64_t p = 0; p < k; p++, dst += NR)
        for (int j = 0; j < NR; j++)
            dst[j] = b[p * rsb + j * csb];
}

/* ---- double: A sliver, 24 rows ---------------------------------------------------------- */

/* rem (<= 8) k steps of row-major A (csa == 1): 8 rows at a time, y[q] holding them for
 * k step q. */
static inline void dpack_a_rows_block(const double *a, int64_t rsa, double *d, int rem)
{
    for (int i0 = 0; i0 < DMR; i0 += 8) {
        __m512d x[8], y[8];
        load_8_streams_pd(x, a + i0 * rsa, rsa, rem);
        transpose_8x8_pd(x, y);
        for (int q = 0; q < rem; q++)
            _mm512_storeu_pd(d + q * DMR + i0, y[q]);
    }
}

/* dst[p*24 + i] = A(i, p) = a[i*rsa + p*csa] */
void basis_dpack_a_avx512_24(int64_t k, const double *a, int64_t rsa, int64_t csa, double *dst)
{
    if (rsa == 1) {
        for (int64_t p = 0; p < k; p++, a += csa, dst += DMR) {
            const double *f = a + A_PF * csa;
            _mm_prefetch((const char *)f, _MM_HINT_T0);
            _mm_prefetch((const char *)(f + 8), _MM_HINT_T0);
            _mm_prefetch((const char *)(f + 16), _MM_HINT_T0);
            _mm_prefetch((const char *)(f + DMR - 1), _MM_HINT_T0);
            _mm512_storeu_pd(dst, _mm512_loadu_pd(a));
            _mm512_storeu_pd(dst + 8, _mm512_loadu_pd(a + 8));
            _mm512_storeu_pd(dst + 16, _mm512_loadu_pd(a + 16));
        }
        return;
    }
    if (csa == 1) {
        int64_t p = 0;
        for (; p + 8 <= k; p += 8)
            dpack_a_rows_block(a + p, rsa, dst + p * DMR, 8);
        if (p < k)
            dpack_a_rows_block(a + p, rsa, dst + p * DMR, (int)(k - p));
        return;
    }
    for (int64_t p = 0; p < k; p++, dst += DMR)
        for (int i = 0; i < DMR; i++)
            dst[i] = a[i * rsa + p * csa];
}

/* ---- double: B sliver, 8 columns -------------------------------------------------------- */

/* rem (<= 8) k steps of column-major B (rsb == 1): y[q] is B's row q. */
static inline void dpack_b_cols_block(const double *b, int64_t csb, double *d, int rem)
{
    __m512d x[8], y[8];
    load_8_streams_pd(x, b, csb, rem);
    transpose_8x8_pd(x, y);
    for (int q = 0; q < rem; q++)
        _mm512_storeu_pd(d + q * NR, y[q]);
}

/* dst[p*8 + j] = B(p, j) = b[p*rsb + j*csb] */
void basis_dpack_b_avx512_8(int64_t k, const double *b, int64_t rsb, int64_t csb, double *dst)
{
    if (csb == 1) {
        for (int64_t p = 0; p < k; p++)
            _mm512_storeu_pd(dst + p * NR, _mm512_loadu_pd(b + p * rsb));
        return;
    }
    if (rsb == 1) {
        int64_t p = 0;
        for (; p + 8 <= k; p += 8)
            dpack_b_cols_block(b + p, csb, dst + p * NR, 8);
        if (p < k)
            dpack_b_cols_block(b + p, csb, dst + p * NR, (int)(k - p));
        return;
    }
    for (int64_t p = 0; p < k; p++, dst += NR)
        for (int j = 0; j < NR; j++)
            dst[j] = b[p * rsb + j * csb];
}
