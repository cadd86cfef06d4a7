/* sgemv_avx2.c: AVX2 single-precision GEMV, y := alpha A x + beta y, for every stride of A. */
#include <immintrin.h>

#include "x86_avx2/avx2.h"

/* Rows per chunk of the unit-row-stride path: the partial sums t (8 KiB) stay in L1 while
 * each column of the chunk streams past as one contiguous run of 8 KiB. */
#define SGEMV_MB 2048
/* ... and for m >= 2 * SGEMV_MB_BIG (a single thread's share of a tall A): 32 KiB of t, so
 * each column's run is 32 KiB, 8 pages in a row (kernels/x86_avx512/sgemv_avx512.c has
 * the figures). Here, A 8192 x 8192 on one thread (Zen 5, 2026-11-29, alternating with the
 * 8 KiB runs): 25-32 against 24-30 GB/s, 28 against 26 on average. */
#define SGEMV_MB_BIG 8192
/* Entries of x packed per chunk when the unit-column-stride path sees incx != 1. */
#define SGEMV_XB 4096

static float hsum(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}

/* A with unit row stride (column major): per chunk of rows, t += A(:, j:j+8) x(j:j+8) eight
 * columns at a time (axpy-like), then y := alpha t + beta y. Sums run over j in order.
 * Eight columns rather than four halve the loads and stores of t per line of A, which
 * measured 5-20% closer to memory bandwidth for large n. */
static void gemv_cols(int64_t m, int64_t n, float alpha, const float *a, int64_t lda,
                      const float *x, int64_t incx, float beta, float *y, int64_t incy)
{
    _Alignas(32) float t[SGEMV_MB_BIG];
    const int64_t chunk = m >= 2 * SGEMV_MB_BIG ? SGEMV_MB_BIG : SGEMV_MB;
    for (int64_t i0 = 0; i0 < m; i0 += chunk) {
        int64_t mb = m - i0 < chunk ? m - i0 : chunk;
        int64_t mv = mb & ~(int64_t)7;
        const float *ac = a + i0;
        for (int64_t i = 0; i < mb; i++)
            t[i] = 0.0f;
        int64_t j = 0;
        for (; j + 8 <= n; j += 8) {
            const float *a0 = ac + j * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
            const float *a4 = a3 + lda, *a5 = a4 + lda, *a6 = a5 + lda, *a7 = a6 + lda;
            float s[8];
            for (int q = 0; q < 8; q++)
                s[q] = x[(j + q) * incx];
            __m256 x0 = _mm256_set1_ps(s[0]), x1 = _mm256_set1_ps(s[1]);
            __m256 x2 = _mm256_set1_ps(s[2]), x3 = _mm256_set1_ps(s[3]);
            __m256 x4 = _mm256_set1_ps(s[4]), x5 = _mm256_set1_ps(s[5]);
            __m256 x6 = _mm256_set1_ps(s[6]), x7 = _mm256_set1_ps(s[7]);
            int64_t i = 0;
            for (; i < mv; i += 8) {
                __m256 acc = _mm256_load_ps(t + i);
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(a0 + i), x0, acc);
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(a1 + i), x1, acc);
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(a2 + i), x2, acc);
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(a3 + i), x3, acc);
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(a4 + i), x4, acc);
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(a5 + i), x5, acc);
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(a6 + i), x6, acc);
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(a7 + i), x7, acc);
                _mm256_store_ps(t + i, acc);
            }
            for (; i < mb; i++)
                t[i] = t[i] + a0[i] * s[0] + a1[i] * s[1] + a2[i] * s[2] + a3[i] * s[3] +
                       a4[i] * s[4] + a5[i] * s[5] + a6[i] * s[6] + a7[i] * s[7];
        }
        for (; j + 4 <= n; j += 4) {
            const float *a0 = ac + j * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
            float s0 = x[j * incx], s1 = x[(j + 1) * incx];
            float s2 = x[(j + 2) * incx], s3 = x[(j + 3) * incx];
            __m256 x0 = _mm256_set1_ps(s0), x1 = _mm256_set1_ps(s1);
            __m256 x2 = _mm256_set1_ps(s2), x3 = _mm256_set1_ps(s3);
            int64_t i = 0;
            for (; i < mv; i += 8) {
                __m256 acc = _mm256_load_ps(t + i);
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(a0 + i), x0, acc);
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(a1 + i), x1, acc);
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(a2 + i), x2, acc);
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(a3 + i), x3, acc);
                _mm256_store_ps(t + i, acc);
            }
            for (; i < mb; i++)
                t[i] = t[i] + a0[i] * s0 + a1[i] * s1 + a2[i] * s2 + a3[i] * s3;
        }
        for (; j < n; j++) {
            const float *a0 = ac + j * lda;
            float s0 = x[j * incx];
            __m256 x0 = _mm256_set1_ps(s0);
            int64_t i = 0;
            for (; i < mv; i += 8)
                _mm256_store_ps(t + i, _mm256_fmadd_ps(_mm256_loadu_ps(a0 + i), x0,
                                                       _mm256_load_ps(t + i)));
            for (; i < mb; i++)
                t[i] += a0[i] * s0;
        }
        float *yc = y + i0 * incy;
        int64_t i = 0;
        if (incy == 1) {
            const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
            for (; i < mv; i += 8) {
                __m256 r = _mm256_mul_ps(va, _mm256_load_ps(t + i));
                if (beta != 0.0f)
                    r = _mm256_add_ps(r, _mm256_mul_ps(vb, _mm256_loadu_ps(yc + i)));
                _mm256_storeu_ps(yc + i, r);
            }
        }
        for (; i < mb; i++) {
            float *yi = &yc[i * incy];
            *yi = beta == 0.0f ? alpha * t[i] : alpha * t[i] + beta * *yi;
        }
    }
}

/* A with unit column stride (row major) and unit-stride x: four rows at a time, each a dot
 * product with two accumulators. first != 0: y := alpha A x + beta y; else y += alpha A x
 * (later chunks of a packed x). */
static void gemv_rows(int64_t m, int64_t n, float alpha, const float *a, int64_t lda,
                      const float *x, float beta, float *y, int64_t incy, int first)
{
    for (int64_t i = 0; i < m; i += 4) {
        int64_t rows = m - i < 4 ? m - i : 4;
        /* Fewer than four rows left: repeat the last one and drop the extra results. */
        const float *a0 = a + i * lda;
        const float *a1 = a0 + (rows > 1 ? lda : 0);
        const float *a2 = a0 + (rows > 2 ? 2 * lda : 0);
        const float *a3 = a0 + (rows > 3 ? 3 * lda : 0);
        __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
        __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
        __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
        __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
        int64_t j = 0;
        for (; j + 16 <= n; j += 16) {
            __m256 x0 = _mm256_loadu_ps(x + j), x1 = _mm256_loadu_ps(x + j + 8);
            c00 = _mm256_fmadd_ps(_mm256_loadu_ps(a0 + j), x0, c00);
            c01 = _mm256_fmadd_ps(_mm256_loadu_ps(a0 + j + 8), x1, c01);
            c10 = _mm256_fmadd_ps(_mm256_loadu_ps(a1 + j), x0, c10);
            c11 = _mm256_fmadd_ps(_mm256_loadu_ps(a1 + j + 8), x1, c11);
            c20 = _mm256_fmadd_ps(_mm256_loadu_ps(a2 + j), x0, c20);
            c21 = _mm256_fmadd_ps(_mm256_loadu_ps(a2 + j + 8), x1, c21);
            c30 = _mm256_fmadd_ps(_mm256_loadu_ps(a3 + j), x0, c30);
            c31 = _mm256_fmadd_ps(_mm256_loadu_ps(a3 + j + 8), x1, c31);
        }
        if (j + 8 <= n) {
            __m256 x0 = _mm256_loadu_ps(x + j);
            c00 = _mm256_fmadd_ps(_mm256_loadu_ps(a0 + j), x0, c00);
            c10 = _mm256_fmadd_ps(_mm256_loadu_ps(a1 + j), x0, c10);
            c20 = _mm256_fmadd_ps(_mm256_loadu_ps(a2 + j), x0, c20);
            c30 = _mm256_fmadd_ps(_mm256_loadu_ps(a3 + j), x0, c30);
            j += 8;
        }
        float s[4];
        s[0] = hsum(_mm256_add_ps(c00, c01));
        s[1] = hsum(_mm256_add_ps(c10, c11));
        s[2] = hsum(_mm256_add_ps(c20, c21));
        s[3] = hsum(_mm256_add_ps(c30, c31));
        for (; j < n; j++) {
            s[0] += a0[j] * x[j];
            s[1] += a1[j] * x[j];
            s[2] += a2[j] * x[j];
            s[3] += a3[j] * x[j];
        }
        for (int64_t r = 0; r < rows; r++) {
            float *yi = &y[(i + r) * incy];
            if (!first)
                *yi += alpha * s[r];
            else
                *yi = beta == 0.0f ? alpha * s[r] : alpha * s[r] + beta * *yi;
        }
    }
}

void basis_sgemv_avx2(int64_t m, int64_t n, float alpha, const float *a, int64_t rsa,
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
        float xb[SGEMV_XB];
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
