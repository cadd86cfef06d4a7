/* sgemv_avx512.c: AVX-512 single-precision GEMV, y := alpha A x + beta y, for every stride of A. */
#include <immintrin.h>

#include "x86_avx512/avx512.h"

/* Rows per chunk of the unit-row-stride path: the partial sums t (8 KiB) stay in L1 while
 * each column of the chunk streams past as one contiguous run of 8 KiB. */
#define SGEMV_MB 2048
/* ... and for m >= 2 * SGEMV_MB_BIG (a single thread's share of a tall A): 32 KiB of t, so
 * each column's run is 32 KiB, 8 pages in a row. With A 8192 x 8192 (one thread, Zen 5,
 * 2026-11-29) the 8 KiB runs read A at 26-28 GB/s in double and 27-28 in single, the
 * 32 KiB runs at 30-32 and 33; at m = 4096 the short runs stay faster (32-34 against
 * 31-32 GB/s), and on 2 threads (m = 4096 each) the chunk made no difference. */
#define SGEMV_MB_BIG 8192
/* Entries of x packed per chunk when the unit-column-stride path sees incx != 1. */
#define SGEMV_XB 4096

static __mmask16 tail_mask(int64_t r)
{
    return (__mmask16)((1u << r) - 1u);
}

/* A with unit row stride (column major): per chunk of rows, t += A(:, j:j+8) x(j:j+8) eight
 * columns at a time (axpy-like), then y := alpha t + beta y. Sums run over j in order.
 * Eight columns rather than four halve the loads and stores of t per line of A, which
 * measured 5-20% closer to memory bandwidth for large n. */
static void gemv_cols(int64_t m, int64_t n, float alpha, const float *a, int64_t lda,
                      const float *x, int64_t incx, float beta, float *y, int64_t incy)
{
    _Alignas(64) float t[SGEMV_MB_BIG];
    const int64_t chunk = m >= 2 * SGEMV_MB_BIG ? SGEMV_MB_BIG : SGEMV_MB;
    for (int64_t i0 = 0; i0 < m; i0 += chunk) {
        int64_t mb = m - i0 < chunk ? m - i0 : chunk;
        int64_t mv = mb & ~(int64_t)15;
        __mmask16 k = tail_mask(mb - mv);
        const float *ac = a + i0;
        for (int64_t i = 0; i < mb; i += 16)
            _mm512_store_ps(t + i, _mm512_setzero_ps());
        int64_t j = 0;
        for (; j + 8 <= n; j += 8) {
            const float *a0 = ac + j * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
            const float *a4 = a3 + lda, *a5 = a4 + lda, *a6 = a5 + lda, *a7 = a6 + lda;
            __m512 x0 = _mm512_set1_ps(x[j * incx]);
            __m512 x1 = _mm512_set1_ps(x[(j + 1) * incx]);
            __m512 x2 = _mm512_set1_ps(x[(j + 2) * incx]);
            __m512 x3 = _mm512_set1_ps(x[(j + 3) * incx]);
            __m512 x4 = _mm512_set1_ps(x[(j + 4) * incx]);
            __m512 x5 = _mm512_set1_ps(x[(j + 5) * incx]);
            __m512 x6 = _mm512_set1_ps(x[(j + 6) * incx]);
            __m512 x7 = _mm512_set1_ps(x[(j + 7) * incx]);
            int64_t i = 0;
            for (; i < mv; i += 16) {
                __m512 acc = _mm512_load_ps(t + i);
                acc = _mm512_fmadd_ps(_mm512_loadu_ps(a0 + i), x0, acc);
                acc = _mm512_fmadd_ps(_mm512_loadu_ps(a1 + i), x1, acc);
                acc = _mm512_fmadd_ps(_mm512_loadu_ps(a2 + i), x2, acc);
                acc = _mm512_fmadd_ps(_mm512_loadu_ps(a3 + i), x3, acc);
                acc = _mm512_fmadd_ps(_mm512_loadu_ps(a4 + i), x4, acc);
                acc = _mm512_fmadd_ps(_mm512_loadu_ps(a5 + i), x5, acc);
                acc = _mm512_fmadd_ps(_mm512_loadu_ps(a6 + i), x6, acc);
                acc = _mm512_fmadd_ps(_mm512_loadu_ps(a7 + i), x7, acc);
                _mm512_store_ps(t + i, acc);
            }
            /* masked loads only here: in the main loop they cost bandwidth */
            if (mv < mb) {
                __m512 acc = _mm512_load_ps(t + mv);
                acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a0 + mv), x0, acc);
                acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a1 + mv), x1, acc);
                acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a2 + mv), x2, acc);
                acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a3 + mv), x3, acc);
                acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a4 + mv), x4, acc);
                acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a5 + mv), x5, acc);
                acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a6 + mv), x6, acc);
                acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a7 + mv), x7, acc);
                _mm512_store_ps(t + mv, acc);
            }
        }
        for (; j + 4 <= n; j += 4) {
            const float *a0 = ac + j * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
            __m512 x0 = _mm512_set1_ps(x[j * incx]);
            __m512 x1 = _mm512_set1_ps(x[(j + 1) * incx]);
            __m512 x2 = _mm512_set1_ps(x[(j + 2) * incx]);
            __m512 x3 = _mm512_set1_ps(x[(j + 3) * incx]);
            for (int64_t i = 0; i < mv; i += 16) {
                __m512 acc = _mm512_load_ps(t + i);
                acc = _mm512_fmadd_ps(_mm512_loadu_ps(a0 + i), x0, acc);
                acc = _mm512_fmadd_ps(_mm512_loadu_ps(a1 + i), x1, acc);
                acc = _mm512_fmadd_ps(_mm512_loadu_ps(a2 + i), x2, acc);
                acc = _mm512_fmadd_ps(_mm512_loadu_ps(a3 + i), x3, acc);
                _mm512_store_ps(t + i, acc);
            }
            if (mv < mb) {
                __m512 acc = _mm512_load_ps(t + mv);
                acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a0 + mv), x0, acc);
                acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a1 + mv), x1, acc);
                acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a2 + mv), x2, acc);
                acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a3 + mv), x3, acc);
                _mm512_store_ps(t + mv, acc);
            }
        }
        for (; j < n; j++) {
            const float *a0 = ac + j * lda;
            __m512 x0 = _mm512_set1_ps(x[j * incx]);
            for (int64_t i = 0; i < mv; i += 16)
                _mm512_store_ps(t + i, _mm512_fmadd_ps(_mm512_loadu_ps(a0 + i), x0,
                                                       _mm512_load_ps(t + i)));
            if (mv < mb)
                _mm512_store_ps(t + mv, _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a0 + mv), x0,
                                                        _mm512_load_ps(t + mv)));
        }
        float *yc = y + i0 * incy;
        if (incy == 1) {
            const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
            for (int64_t i = 0; i < mb; i += 16) {
                __mmask16 ki = mb - i >= 16 ? (__mmask16)0xffff : k;
                __m512 r = _mm512_mul_ps(va, _mm512_load_ps(t + i));
                if (beta != 0.0f)
                    r = _mm512_add_ps(r, _mm512_mul_ps(vb, _mm512_maskz_loadu_ps(ki, yc + i)));
                _mm512_mask_storeu_ps(yc + i, ki, r);
            }
        } else {
            for (int64_t i = 0; i < mb; i++) {
                float *yi = &yc[i * incy];
                *yi = beta == 0.0f ? alpha * t[i] : alpha * t[i] + beta * *yi;
            }
        }
    }
}

/* A with unit column stride (row major) and unit-stride x: four rows at a time, each a dot
 * product with two accumulators. first != 0: y := alpha A x + beta y; else y += alpha A x
 * (later chunks of a packed x). */
static void gemv_rows(int64_t m, int64_t n, float alpha, const float *a, int64_t lda,
                      const float *x, float beta, float *y, int64_t incy, int first)
{
    int64_t nv = n & ~(int64_t)15;
    __mmask16 k = tail_mask(n - nv);
    for (int64_t i = 0; i < m; i += 4) {
        int64_t rows = m - i < 4 ? m - i : 4;
        /* Fewer than four rows left: repeat the last one and drop the extra results. */
        const float *a0 = a + i * lda;
        const float *a1 = a0 + (rows > 1 ? lda : 0);
        const float *a2 = a0 + (rows > 2 ? 2 * lda : 0);
        const float *a3 = a0 + (rows > 3 ? 3 * lda : 0);
        __m512 c00 = _mm512_setzero_ps(), c01 = _mm512_setzero_ps();
        __m512 c10 = _mm512_setzero_ps(), c11 = _mm512_setzero_ps();
        __m512 c20 = _mm512_setzero_ps(), c21 = _mm512_setzero_ps();
        __m512 c30 = _mm512_setzero_ps(), c31 = _mm512_setzero_ps();
        int64_t j = 0;
        for (; j + 32 <= n; j += 32) {
            __m512 x0 = _mm512_loadu_ps(x + j), x1 = _mm512_loadu_ps(x + j + 16);
            c00 = _mm512_fmadd_ps(_mm512_loadu_ps(a0 + j), x0, c00);
            c01 = _mm512_fmadd_ps(_mm512_loadu_ps(a0 + j + 16), x1, c01);
            c10 = _mm512_fmadd_ps(_mm512_loadu_ps(a1 + j), x0, c10);
            c11 = _mm512_fmadd_ps(_mm512_loadu_ps(a1 + j + 16), x1, c11);
            c20 = _mm512_fmadd_ps(_mm512_loadu_ps(a2 + j), x0, c20);
            c21 = _mm512_fmadd_ps(_mm512_loadu_ps(a2 + j + 16), x1, c21);
            c30 = _mm512_fmadd_ps(_mm512_loadu_ps(a3 + j), x0, c30);
            c31 = _mm512_fmadd_ps(_mm512_loadu_ps(a3 + j + 16), x1, c31);
        }
        if (j < nv) {
            __m512 x0 = _mm512_loadu_ps(x + j);
            c00 = _mm512_fmadd_ps(_mm512_loadu_ps(a0 + j), x0, c00);
            c10 = _mm512_fmadd_ps(_mm512_loadu_ps(a1 + j), x0, c10);
            c20 = _mm512_fmadd_ps(_mm512_loadu_ps(a2 + j), x0, c20);
            c30 = _mm512_fmadd_ps(_mm512_loadu_ps(a3 + j), x0, c30);
            j += 16;
        }
        if (j < n) {
            __m512 x1 = _mm512_maskz_loadu_ps(k, x + j);
            c01 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a0 + j), x1, c01);
            c11 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a1 + j), x1, c11);
            c21 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a2 + j), x1, c21);
            c31 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a3 + j), x1, c31);
        }
        float s[4];
        s[0] = _mm512_reduce_add_ps(_mm512_add_ps(c00, c01));
        s[1] = _mm512_reduce_add_ps(_mm512_add_ps(c10, c11));
        s[2] = _mm512_reduce_add_ps(_mm512_add_ps(c20, c21));
        s[3] = _mm512_reduce_add_ps(_mm512_add_ps(c30, c31));
        for (int64_t r = 0; r < rows; r++) {
            float *yi = &y[(i + r) * incy];
            if (!first)
                *yi += alpha * s[r];
            else
                *yi = beta == 0.0f ? alpha * s[r] : alpha * s[r] + beta * *yi;
        }
    }
}

void basis_sgemv_avx512(int64_t m, int64_t n, float alpha, const float *a, int64_t rsa,
                        int64_t csa, const float *x, int64_t incx, float beta, float *y,
                        int64_t incy)
{
    if (m <= 0)
        return;
    if (alpha == 0.0f || n <= 0) { /* A and x are never read */
        for (int64_t i = 0; i < m; i++)
            y[i * incy] = beta == 0.0f ? 0.0f : beta * y[i * incy];
        return;
    }
    /* A stride of -1 is a unit stride over the reversed rows (columns) and y (x). */
    if (rsa == -1 && csa != 1) {
        a -= m - 1;
        y += (m - 1) * incy;
        incy = -incy;
        rsa = 1;
    }
    if (csa == -1 && rsa != 1) {
        a -= n - 1;
        x += (n - 1) * incx;
        incx = -incx;
        csa = 1;
    }
    if (rsa == 1 && (m > 1 || csa != 1)) {
        gemv_cols(m, n, alpha, a, csa, x, incx, beta, y, incy);
    } else if (csa == 1 && incx == 1) {
        gemv_rows(m, n, alpha, a, rsa, x, beta, y, incy, 1);
    } else if (csa == 1) {
        _Alignas(64) float xb[SGEMV_XB];
        for (int64_t j0 = 0; j0 < n; j0 += SGEMV_XB) {
            int64_t nb = n - j0 < SGEMV_XB ? n - j0 : SGEMV_XB;
            for (int64_t j = 0; j < nb; j++)
                xb[j] = x[(j0 + j) * incx];
            gemv_rows(m, nb, alpha, a + j0, rsa, xb, beta, y, incy, j0 == 0);
        }
    } else {
        for (int64_t i = 0; i < m; i++) {
            float sum = 0.0f;
            for (int64_t j = 0; j < n; j++)
                sum += a[i * rsa + j * csa] * x[j * incx];
            float *yi = &y[i * incy];
            *yi = beta == 0.0f ? alpha * sum : alpha * sum + beta * *yi;
        }
    }
}
