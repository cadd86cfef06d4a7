/* dgemv_avx2.c: AVX2 double-precision GEMV, y := alpha A x + beta y, for every stride of A. */
#include <immintrin.h>

#include "x86_avx2/avx2.h"

/* Rows per chunk of the unit-row-stride path: the partial sums t (8 KiB) stay in L1 while
 * each column of the chunk streams past as one contiguous run of 8 KiB. */
#define DGEMV_MB 1024
/* ... and for m >= 2 * DGEMV_MB_BIG (a single thread's share of a tall A): 32 KiB of t, so
 * each column's run is 32 KiB, 8 pages in a row (kernels/x86_avx512/dgemv_avx512.c has
 * the figures). Here, A 8192 x 8192 on one thread (Zen 5, 2026-11-29, alternating with the
 * 8 KiB runs): 28-30 against 24-26 GB/s. */
#define DGEMV_MB_BIG 4096
/* Entries of x packed per chunk when the unit-column-stride path sees incx != 1. */
#define DGEMV_XB 2048

static double hsum(__m256d v)
{
    __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}

/* A with unit row stride (column major): per chunk of rows, t += A(:, j:j+8) x(j:j+8) eight
 * columns at a time (axpy-like), then y := alpha t + beta y. Sums run over j in order.
 * Eight columns rather than four halve the loads and stores of t per line of A, which
 * measured 5-20% closer to memory bandwidth for large n. */
static void gemv_cols(int64_t m, int64_t n, double alpha, const double *a, int64_t lda,
                      const double *x, int64_t incx, double beta, double *y, int64_t incy)
{
    _Alignas(32) double t[DGEMV_MB_BIG];
    const int64_t chunk = m >= 2 * DGEMV_MB_BIG ? DGEMV_MB_BIG : DGEMV_MB;
    for (int64_t i0 = 0; i0 < m; i0 += chunk) {
        int64_t mb = m - i0 < chunk ? m - i0 : chunk;
        int64_t mv = mb & ~(int64_t)3;
        const double *ac = a + i0;
        for (int64_t i = 0; i < mb; i++)
            t[i] = 0.0;
        int64_t j = 0;
        for (; j + 8 <= n; j += 8) {
            const double *a0 = ac + j * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
            const double *a4 = a3 + lda, *a5 = a4 + lda, *a6 = a5 + lda, *a7 = a6 + lda;
            double s[8];
            for (int q = 0; q < 8; q++)
                s[q] = x[(j + q) * incx];
            __m256d x0 = _mm256_set1_pd(s[0]), x1 = _mm256_set1_pd(s[1]);
            __m256d x2 = _mm256_set1_pd(s[2]), x3 = _mm256_set1_pd(s[3]);
            __m256d x4 = _mm256_set1_pd(s[4]), x5 = _mm256_set1_pd(s[5]);
            __m256d x6 = _mm256_set1_pd(s[6]), x7 = _mm256_set1_pd(s[7]);
            int64_t i = 0;
            for (; i < mv; i += 4) {
                __m256d acc = _mm256_load_pd(t + i);
                acc = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + i), x0, acc);
                acc = _mm256_fmadd_pd(_mm256_loadu_pd(a1 + i), x1, acc);
                acc = _mm256_fmadd_pd(_mm256_loadu_pd(a2 + i), x2, acc);
                acc = _mm256_fmadd_pd(_mm256_loadu_pd(a3 + i), x3, acc);
                acc = _mm256_fmadd_pd(_mm256_loadu_pd(a4 + i), x4, acc);
                acc = _mm256_fmadd_pd(_mm256_loadu_pd(a5 + i), x5, acc);
                acc = _mm256_fmadd_pd(_mm256_loadu_pd(a6 + i), x6, acc);
                acc = _mm256_fmadd_pd(_mm256_loadu_pd(a7 + i), x7, acc);
                _mm256_store_pd(t + i, acc);
            }
            for (; i < mb; i++)
                t[i] = t[i] + a0[i] * s[0] + a1[i] * s[1] + a2[i] * s[2] + a3[i] * s[3] +
                       a4[i] * s[4] + a5[i] * s[5] + a6[i] * s[6] + a7[i] * s[7];
        }
        for (; j + 4 <= n; j += 4) {
            const double *a0 = ac + j * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
            double s0 = x[j * incx], s1 = x[(j + 1) * incx];
            double s2 = x[(j + 2) * incx], s3 = x[(j + 3) * incx];
            __m256d x0 = _mm256_set1_pd(s0), x1 = _mm256_set1_pd(s1);
            __m256d x2 = _mm256_set1_pd(s2), x3 = _mm256_set1_pd(s3);
            int64_t i = 0;
            for (; i < mv; i += 4) {
                __m256d acc = _mm256_load_pd(t + i);
                acc = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + i), x0, acc);
                acc = _mm256_fmadd_pd(_mm256_loadu_pd(a1 + i), x1, acc);
                acc = _mm256_fmadd_pd(_mm256_loadu_pd(a2 + i), x2, acc);
                acc = _mm256_fmadd_pd(_mm256_loadu_pd(a3 + i), x3, acc);
                _mm256_store_pd(t + i, acc);
            }
            for (; i < mb; i++)
                t[i] = t[i] + a0[i] * s0 + a1[i] * s1 + a2[i] * s2 + a3[i] * s3;
        }
        for (; j < n; j++) {
            const double *a0 = ac + j * lda;
            double s0 = x[j * incx];
            __m256d x0 = _mm256_set1_pd(s0);
            int64_t i = 0;
            for (; i < mv; i += 4)
                _mm256_store_pd(t + i, _mm256_fmadd_pd(_mm256_loadu_pd(a0 + i), x0,
                                                       _mm256_load_pd(t + i)));
            for (; i < mb; i++)
                t[i] += a0[i] * s0;
        }
        double *yc = y + i0 * incy;
        int64_t i = 0;
        if (incy == 1) {
            const __m256d va = _mm256_set1_pd(alpha), vb = _mm256_set1_pd(beta);
            for (; i < mv; i += 4) {
                __m256d r = _mm256_mul_pd(va, _mm256_load_pd(t + i));
                if (beta != 0.0)
                    r = _mm256_add_pd(r, _mm256_mul_pd(vb, _mm256_loadu_pd(yc + i)));
                _mm256_storeu_pd(yc + i, r);
            }
        }
        for (; i < mb; i++) {
            double *yi = &yc[i * incy];
            *yi = beta == 0.0 ? alpha * t[i] : alpha * t[i] + beta * *yi;
        }
    }
}

/* A with unit column stride (row major) and unit-stride x: four rows at a time, each a dot
 * product with two accumulators. first != 0: y := alpha A x + beta y; else y += alpha A x
 * (later chunks of a packed x). */
static void gemv_rows(int64_t m, int64_t n, double alpha, const double *a, int64_t lda,
                      const double *x, double beta, double *y, int64_t incy, int first)
{
    for (int64_t i = 0; i < m; i += 4) {
        int64_t rows = m - i < 4 ? m - i : 4;
        /* Fewer than four rows left: repeat the last one and drop the extra results. */
        const double *a0 = a + i * lda;
        const double *a1 = a0 + (rows > 1 ? lda : 0);
        const double *a2 = a0 + (rows > 2 ? 2 * lda : 0);
        const double *a3 = a0 + (rows > 3 ? 3 * lda : 0);
        __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd();
        __m256d c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd();
        __m256d c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd();
        __m256d c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd();
        int64_t j = 0;
        for (; j + 8 <= n; j += 8) {
            __m256d x0 = _mm256_loadu_pd(x + j), x1 = _mm256_loadu_pd(x + j + 4);
            c00 = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + j), x0, c00);
            c01 = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + j + 4), x1, c01);
            c10 = _mm256_fmadd_pd(_mm256_loadu_pd(a1 + j), x0, c10);
            c11 = _mm256_fmadd_pd(_mm256_loadu_pd(a1 + j + 4), x1, c11);
            c20 = _mm256_fmadd_pd(_mm256_loadu_pd(a2 + j), x0, c20);
            c21 = _mm256_fmadd_pd(_mm256_loadu_pd(a2 + j + 4), x1, c21);
            c30 = _mm256_fmadd_pd(_mm256_loadu_pd(a3 + j), x0, c30);
            c31 = _mm256_fmadd_pd(_mm256_loadu_pd(a3 + j + 4), x1, c31);
        }
        if (j + 4 <= n) {
            __m256d x0 = _mm256_loadu_pd(x + j);
            c00 = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + j), x0, c00);
            c10 = _mm256_fmadd_pd(_mm256_loadu_pd(a1 + j), x0, c10);
            c20 = _mm256_fmadd_pd(_mm256_loadu_pd(a2 + j), x0, c20);
            c30 = _mm256_fmadd_pd(_mm256_loadu_pd(a3 + j), x0, c30);
            j += 4;
        }
        double s[4];
        s[0] = hsum(_mm256_add_pd(c00, c01));
        s[1] = hsum(_mm256_add_pd(c10, c11));
        s[2] = hsum(_mm256_add_pd(c20, c21));
        s[3] = hsum(_mm256_add_pd(c30, c31));
        for (; j < n; j++) {
            s[0] += a0[j] * x[j];
            s[1] += a1[j] * x[j];
            s[2] += a2[j] * x[j];
            s[3] += a3[j] * x[j];
        }
        for (int64_t r = 0; r < rows; r++) {
            double *yi = &y[(i + r) * incy];
            if (!first)
                *yi += alpha * s[r];
            else
                *yi = beta == 0.0 ? alpha * s[r] : alpha * s[r] + beta * *yi;
        }
    }
}

void basis_dgemv_avx2(int64_t m, int64_t n, double alpha, const double *a, int64_t rsa,
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
        double xb[DGEMV_XB];
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
