/* dgemv_avx512.c: AVX-512 double-precision GEMV, y := alpha A x + beta y, for every stride of A. */
#include <immintrin.h>

#include "x86_avx512/avx512.h"

/* Rows per chunk of the unit-row-stride path: the partial sums t (8 KiB) stay in L1 while
 * each column of the chunk streams past as one contiguous run of 8 KiB. */
#define DGEMV_MB 1024
/* ... and for m >= 2 * DGEMV_MB_BIG (a single thread's share of a tall A): 32 KiB of t, so
 * each column's run is 32 KiB, 8 pages in a row. With A 8192 x 8192 (one thread, Zen 5,
 * 2026-11-29) the 8 KiB runs read A at 26-28 GB/s in double and 27-28 in single, the
 * 32 KiB runs at 30-32 and 33; at m = 4096 the short runs stay faster (32-34 against
 * 31-32 GB/s), and on 2 threads (m = 4096 each) the chunk made no difference. */
#define DGEMV_MB_BIG 4096
/* Entries of x packed per chunk when the unit-column-stride path sees incx != 1. */
#define DGEMV_XB 2048

static __mmask8 tail_mask(int64_t r)
{
    return (__mmask8)((1u << r) - 1u);
}

/* A with unit row stride (column major): per chunk of rows, t += A(:, j:j+8) x(j:j+8) eight
 * columns at a time (axpy-like), then y := alpha t + beta y. Sums run over j in order.
 * Eight columns rather than four halve the loads and stores of t per line of A, which
 * measured 5-20% closer to memory bandwidth for large n. */
static void gemv_cols(int64_t m, int64_t n, double alpha, const double *a, int64_t lda,
                      const double *x, int64_t incx, double beta, double *y, int64_t incy)
{
    _Alignas(64) double t[DGEMV_MB_BIG];
    const int64_t chunk = m >= 2 * DGEMV_MB_BIG ? DGEMV_MB_BIG : DGEMV_MB;
    for (int64_t i0 = 0; i0 < m; i0 += chunk) {
        int64_t mb = m - i0 < chunk ? m - i0 : chunk;
        int64_t mv = mb & ~(int64_t)7;
        __mmask8 k = tail_mask(mb - mv);
        const double *ac = a + i0;
        for (int64_t i = 0; i < mb; i += 8)
            _mm512_store_pd(t + i, _mm512_setzero_pd());
        int64_t j = 0;
        for (; j + 8 <= n; j += 8) {
            const double *a0 = ac + j * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
            const double *a4 = a3 + lda, *a5 = a4 + lda, *a6 = a5 + lda, *a7 = a6 + lda;
            __m512d x0 = _mm512_set1_pd(x[j * incx]);
            __m512d x1 = _mm512_set1_pd(x[(j + 1) * incx]);
            __m512d x2 = _mm512_set1_pd(x[(j + 2) * incx]);
            __m512d x3 = _mm512_set1_pd(x[(j + 3) * incx]);
            __m512d x4 = _mm512_set1_pd(x[(j + 4) * incx]);
            __m512d x5 = _mm512_set1_pd(x[(j + 5) * incx]);
            __m512d x6 = _mm512_set1_pd(x[(j + 6) * incx]);
            __m512d x7 = _mm512_set1_pd(x[(j + 7) * incx]);
            int64_t i = 0;
            for (; i < mv; i += 8) {
                __m512d acc = _mm512_load_pd(t + i);
                acc = _mm512_fmadd_pd(_mm512_loadu_pd(a0 + i), x0, acc);
                acc = _mm512_fmadd_pd(_mm512_loadu_pd(a1 + i), x1, acc);
                acc = _mm512_fmadd_pd(_mm512_loadu_pd(a2 + i), x2, acc);
                acc = _mm512_fmadd_pd(_mm512_loadu_pd(a3 + i), x3, acc);
                acc = _mm512_fmadd_pd(_mm512_loadu_pd(a4 + i), x4, acc);
                acc = _mm512_fmadd_pd(_mm512_loadu_pd(a5 + i), x5, acc);
                acc = _mm512_fmadd_pd(_mm512_loadu_pd(a6 + i), x6, acc);
                acc = _mm512_fmadd_pd(_mm512_loadu_pd(a7 + i), x7, acc);
                _mm512_store_pd(t + i, acc);
            }
            /* masked loads only here: in the main loop they cost bandwidth */
            if (mv < mb) {
                __m512d acc = _mm512_load_pd(t + mv);
                acc = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a0 + mv), x0, acc);
                acc = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a1 + mv), x1, acc);
                acc = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a2 + mv), x2, acc);
                acc = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a3 + mv), x3, acc);
                acc = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a4 + mv), x4, acc);
                acc = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a5 + mv), x5, acc);
                acc = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a6 + mv), x6, acc);
                acc = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a7 + mv), x7, acc);
                _mm512_store_pd(t + mv, acc);
            }
        }
        for (; j + 4 <= n; j += 4) {
            const double *a0 = ac + j * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
            __m512d x0 = _mm512_set1_pd(x[j * incx]);
            __m512d x1 = _mm512_set1_pd(x[(j + 1) * incx]);
            __m512d x2 = _mm512_set1_pd(x[(j + 2) * incx]);
            __m512d x3 = _mm512_set1_pd(x[(j + 3) * incx]);
            for (int64_t i = 0; i < mv; i += 8) {
                __m512d acc = _mm512_load_pd(t + i);
                acc = _mm512_fmadd_pd(_mm512_loadu_pd(a0 + i), x0, acc);
                acc = _mm512_fmadd_pd(_mm512_loadu_pd(a1 + i), x1, acc);
                acc = _mm512_fmadd_pd(_mm512_loadu_pd(a2 + i), x2, acc);
                acc = _mm512_fmadd_pd(_mm512_loadu_pd(a3 + i), x3, acc);
                _mm512_store_pd(t + i, acc);
            }
            if (mv < mb) {
                __m512d acc = _mm512_load_pd(t + mv);
                acc = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a0 + mv), x0, acc);
                acc = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a1 + mv), x1, acc);
                acc = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a2 + mv), x2, acc);
                acc = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a3 + mv), x3, acc);
                _mm512_store_pd(t + mv, acc);
            }
        }
        for (; j < n; j++) {
            const double *a0 = ac + j * lda;
            __m512d x0 = _mm512_set1_pd(x[j * incx]);
            for (int64_t i = 0; i < mv; i += 8)
                _mm512_store_pd(t + i, _mm512_fmadd_pd(_mm512_loadu_pd(a0 + i), x0,
                                                       _mm512_load_pd(t + i)));
            if (mv < mb)
                _mm512_store_pd(t + mv, _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a0 + mv), x0,
                                                        _mm512_load_pd(t + mv)));
        }
        double *yc = y + i0 * incy;
        if (incy == 1) {
            const __m512d va = _mm512_set1_pd(alpha), vb = _mm512_set1_pd(beta);
            for (int64_t i = 0; i < mb; i += 8) {
                __mmask8 ki = mb - i >= 8 ? (__mmask8)0xff : k;
                __m512d r = _mm512_mul_pd(va, _mm512_load_pd(t + i));
                if (beta != 0.0)
                    r = _mm512_add_pd(r, _mm512_mul_pd(vb, _mm512_maskz_loadu_pd(ki, yc + i)));
                _mm512_mask_storeu_pd(yc + i, ki, r);
            }
        } else {
            for (int64_t i = 0; i < mb; i++) {
                double *yi = &yc[i * incy];
                *yi = beta == 0.0 ? alpha * t[i] : alpha * t[i] + beta * *yi;
            }
        }
    }
}

/* A with unit column stride (row major) and unit-stride x: four rows at a time, each a dot
 * product with two accumulators. first != 0: y := alpha A x + beta y; else y += alpha A x
 * (later chunks of a packed x). */
static void gemv_rows(int64_t m, int64_t n, double alpha, const double *a, int64_t lda,
                      const double *x, double beta, double *y, int64_t incy, int first)
{
    int64_t nv = n & ~(int64_t)7;
    __mmask8 k = tail_mask(n - nv);
    for (int64_t i = 0; i < m; i += 4) {
        int64_t rows = m - i < 4 ? m - i : 4;
        /* Fewer than four rows left: repeat the last one and drop the extra results. */
        const double *a0 = a + i * lda;
        const double *a1 = a0 + (rows > 1 ? lda : 0);
        const double *a2 = a0 + (rows > 2 ? 2 * lda : 0);
        const double *a3 = a0 + (rows > 3 ? 3 * lda : 0);
        __m512d c00 = _mm512_setzero_pd(), c01 = _mm512_setzero_pd();
        __m512d c10 = _mm512_setzero_pd(), c11 = _mm512_setzero_pd();
        __m512d c20 = _mm512_setzero_pd(), c21 = _mm512_setzero_pd();
        __m512d c30 = _mm512_setzero_pd(), c31 = _mm512_setzero_pd();
        int64_t j = 0;
        for (; j + 16 <= n; j += 16) {
            __m512d x0 = _mm512_loadu_pd(x + j), x1 = _mm512_loadu_pd(x + j + 8);
            c00 = _mm512_fmadd_pd(_mm512_loadu_pd(a0 + j), x0, c00);
            c01 = _mm512_fmadd_pd(_mm512_loadu_pd(a0 + j + 8), x1, c01);
            c10 = _mm512_fmadd_pd(_mm512_loadu_pd(a1 + j), x0, c10);
            c11 = _mm512_fmadd_pd(_mm512_loadu_pd(a1 + j + 8), x1, c11);
            c20 = _mm512_fmadd_pd(_mm512_loadu_pd(a2 + j), x0, c20);
            c21 = _mm512_fmadd_pd(_mm512_loadu_pd(a2 + j + 8), x1, c21);
            c30 = _mm512_fmadd_pd(_mm512_loadu_pd(a3 + j), x0, c30);
            c31 = _mm512_fmadd_pd(_mm512_loadu_pd(a3 + j + 8), x1, c31);
        }
        if (j < nv) {
            __m512d x0 = _mm512_loadu_pd(x + j);
            c00 = _mm512_fmadd_pd(_mm512_loadu_pd(a0 + j), x0, c00);
            c10 = _mm512_fmadd_pd(_mm512_loadu_pd(a1 + j), x0, c10);
            c20 = _mm512_fmadd_pd(_mm512_loadu_pd(a2 + j), x0, c20);
            c30 = _mm512_fmadd_pd(_mm512_loadu_pd(a3 + j), x0, c30);
            j += 8;
        }
        if (j < n) {
            __m512d x1 = _mm512_maskz_loadu_pd(k, x + j);
            c01 = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a0 + j), x1, c01);
            c11 = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a1 + j), x1, c11);
            c21 = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a2 + j), x1, c21);
            c31 = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a3 + j), x1, c31);
        }
        double s[4];
        s[0] = _mm512_reduce_add_pd(_mm512_add_pd(c00, c01));
        s[1] = _mm512_reduce_add_pd(_mm512_add_pd(c10, c11));
        s[2] = _mm512_reduce_add_pd(_mm512_add_pd(c20, c21));
        s[3] = _mm512_reduce_add_pd(_mm512_add_pd(c30, c31));
        for (int64_t r = 0; r < rows; r++) {
            double *yi = &y[(i + r) * incy];
            if (!first)
                *yi += alpha * s[r];
            else
                *yi = beta == 0.0 ? alpha * s[r] : alpha * s[r] + beta * *yi;
        }
    }
}

void basis_dgemv_avx512(int64_t m, int64_t n, double alpha, const double *a, int64_t rsa,
                        int64_t csa, const double *x, int64_t incx, double beta, double *y,
                        int64_t incy)
{
    if (m <= 0)
        return;
    if (alpha == 0.0 || n <= 0) { /* A and x are never read */
        for (int64_t i = 0; i < m; i++)
            y[i * incy] = beta == 0.0 ? 0.0 : beta * y[i * incy];
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
        _Alignas(64) double xb[DGEMV_XB];
        for (int64_t j0 = 0; j0 < n; j0 += DGEMV_XB) {
            int64_t nb = n - j0 < DGEMV_XB ? n - j0 : DGEMV_XB;
            for (int64_t j = 0; j < nb; j++)
                xb[j] = x[(j0 + j) * incx];
            gemv_rows(m, nb, alpha, a + j0, rsa, xb, beta, y, incy, j0 == 0);
        }
    } else {
        for (int64_t i = 0; i < m; i++) {
            double sum = 0.0;
            for (int64_t j = 0; j < n; j++)
                sum += a[i * rsa + j * csa] * x[j * incx];
            double *yi = &y[i * incy];
            *yi = beta == 0.0 ? alpha * sum : alpha * sum + beta * *yi;
        }
    }
}
