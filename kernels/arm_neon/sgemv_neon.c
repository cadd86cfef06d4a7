/* sgemv_neon.c: the NEON float GEMV kernel, y := alpha A x + beta y; vector paths for unit row or column stride. */
#include <arm_neon.h>

#include "arm_neon/neon.h"

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* The final update of one y entry, rounded as the reference rounds it; beta == 0 does not
 * read y. */
static ALWAYS_INLINE void put(float *yi, float alpha, float sum, float beta)
{
    *yi = beta == 0.0f ? alpha * sum : alpha * sum + beta * *yi;
}

/* Unit row stride (column major, or a transposed row-major A): nv vectors of rows at once,
 * one pass over the columns, each column a contiguous run of 4 * nv entries times the
 * broadcast x[j]. Called with constant nv so the sums stay in registers. Eight vectors
 * (32 rows) give 8 independent FMA chains against 8 loads per column, which balances the
 * 4-cycle FMA latency with two load pipes. */
static ALWAYS_INLINE void unit_rows_block(int nv, int64_t n, float alpha, const float *a,
                                          int64_t csa, const float *x, int64_t incx,
                                          float beta, float *y, int64_t incy)
{
    float32x4_t s[8];
    for (int v = 0; v < nv; v++)
        s[v] = vdupq_n_f32(0.0f);
    for (int64_t j = 0; j < n; j++, a += csa) {
        float xj = x[j * incx];
        for (int v = 0; v < nv; v++)
            s[v] = vfmaq_n_f32(s[v], vld1q_f32(a + 4 * v), xj);
    }
    float t[32];
    for (int v = 0; v < nv; v++)
        vst1q_f32(t + 4 * v, s[v]);
    for (int r = 0; r < 4 * nv; r++)
        put(&y[r * incy], alpha, t[r], beta);
}

static void gemv_unit_rows(int64_t m, int64_t n, float alpha, const float *a, int64_t csa,
                           const float *x, int64_t incx, float beta, float *y, int64_t incy)
{
    int64_t i = 0;
    for (; i + 32 <= m; i += 32)
        unit_rows_block(8, n, alpha, a + i, csa, x, incx, beta, y + i * incy, incy);
    if (i + 16 <= m) {
        unit_rows_block(4, n, alpha, a + i, csa, x, incx, beta, y + i * incy, incy);
        i += 16;
    }
    if (i + 8 <= m) {
        unit_rows_block(2, n, alpha, a + i, csa, x, incx, beta, y + i * incy, incy);
        i += 8;
    }
    if (i + 4 <= m) {
        unit_rows_block(1, n, alpha, a + i, csa, x, incx, beta, y + i * incy, incy);
        i += 4;
    }
    for (; i < m; i++) {
        float sum = 0.0f;
        for (int64_t j = 0; j < n; j++)
            sum += a[i + j * csa] * x[j * incx];
        put(&y[i * incy], alpha, sum, beta);
    }
}

/* Unit column stride with unit incx (row major, or a transposed column-major A): each row
 * is a dot product with x. nr rows at once share every load of x; two accumulators per
 * row make 8 independent chains for 4 rows. */
static ALWAYS_INLINE void unit_cols_block(int nr, int64_t n, float alpha, const float *a,
                                          int64_t rsa, const float *x, float beta,
                                          float *y, int64_t incy)
{
    float32x4_t s0[4], s1[4];
    for (int r = 0; r < nr; r++)
        s0[r] = s1[r] = vdupq_n_f32(0.0f);
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) {
        float32x4_t x0 = vld1q_f32(x + j), x1 = vld1q_f32(x + j + 4);
        for (int r = 0; r < nr; r++) {
            s0[r] = vfmaq_f32(s0[r], vld1q_f32(a + r * rsa + j), x0);
            s1[r] = vfmaq_f32(s1[r], vld1q_f32(a + r * rsa + j + 4), x1);
        }
    }
    if (j + 4 <= n) {
        float32x4_t x0 = vld1q_f32(x + j);
        for (int r = 0; r < nr; r++)
            s0[r] = vfmaq_f32(s0[r], vld1q_f32(a + r * rsa + j), x0);
        j += 4;
    }
    for (int r = 0; r < nr; r++) {
        float sum = vaddvq_f32(vaddq_f32(s0[r], s1[r]));
        for (int64_t jj = j; jj < n; jj++)
            sum += a[r * rsa + jj] * x[jj];
        put(&y[r * incy], alpha, sum, beta);
    }
}

static void gemv_unit_cols(int64_t m, int64_t n, float alpha, const float *a, int64_t rsa,
                           const float *x, float beta, float *y, int64_t incy)
{
    int64_t i = 0;
    for (; i + 4 <= m; i += 4)
        unit_cols_block(4, n, alpha, a + i * rsa, rsa, x, beta, y + i * incy, incy);
    for (; i < m; i++)
        unit_cols_block(1, n, alpha, a + i * rsa, rsa, x, beta, y + i * incy, incy);
}

void basis_sgemv_neon(int64_t m, int64_t n, float alpha, const float *a, int64_t rsa,
                      int64_t csa, const float *x, int64_t incx, float beta, float *y,
                      int64_t incy)
{
    /* alpha == 0 reads neither A nor x; beta == 0 never reads y. */
    if (alpha == 0.0f || n == 0) {
        for (int64_t i = 0; i < m; i++)
            y[i * incy] = beta == 0.0f ? 0.0f : beta * y[i * incy];
        return;
    }
    if (rsa == 1) {
        gemv_unit_rows(m, n, alpha, a, csa, x, incx, beta, y, incy);
    } else if (csa == 1 && incx == 1) {
        gemv_unit_cols(m, n, alpha, a, rsa, x, beta, y, incy);
    } else {
        for (int64_t i = 0; i < m; i++) {
            float sum = 0.0f;
            for (int64_t j = 0; j < n; j++)
                sum += a[i * rsa + j * csa] * x[j * incx];
            put(&y[i * incy], alpha, sum, beta);
        }
    }
}
