/* slevel1_avx512.c: AVX-512 single-precision level-1 kernels (dot, nrm2, axpy, scal). */
#include <immintrin.h>
#include <math.h>

#include "x86_avx512/avx512.h"

/* Lanes [0, r) of a vector, r < 16: the masked tail of a unit-stride loop. */
static __mmask16 tail_mask(int64_t r)
{
    return (__mmask16)((1u << r) - 1u);
}

float basis_sdot_avx512(int64_t n, const float *x, int64_t incx, const float *y, int64_t incy)
{
    if (n <= 0)
        return 0.0f;
    if (incx == -1 && incy == -1) { /* the same pairs, walked forwards */
        x -= n - 1;
        y -= n - 1;
        incx = incy = 1;
    }
    if (incx != 1 || incy != 1) {
        float s0 = 0.0f, s1 = 0.0f;
        int64_t i = 0;
        for (; i + 2 <= n; i += 2) {
            s0 += x[i * incx] * y[i * incy];
            s1 += x[(i + 1) * incx] * y[(i + 1) * incy];
        }
        if (i < n)
            s0 += x[i * incx] * y[i * incy];
        return s0 + s1;
    }
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    __m512 s2 = _mm512_setzero_ps(), s3 = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 64 <= n; i += 64) {
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i), s0);
        s1 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i + 16), _mm512_loadu_ps(y + i + 16), s1);
        s2 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i + 32), _mm512_loadu_ps(y + i + 32), s2);
        s3 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i + 48), _mm512_loadu_ps(y + i + 48), s3);
    }
    for (; i + 16 <= n; i += 16)
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i), s0);
    if (i < n) {
        __mmask16 k = tail_mask(n - i);
        s1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, x + i), _mm512_maskz_loadu_ps(k, y + i),
                             s1);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
}

/* Squares of floats summed in double can neither overflow (FLT_MAX^2 ~ 1e77) nor lose
 * anything to underflow (the smallest subnormal squared is ~ 2e-90), so one pass is safe
 * for every input; Inf squares to Inf and NaN stays NaN. */
float basis_snrm2_avx512(int64_t n, const float *x, int64_t incx)
{
    if (n <= 0)
        return 0.0f;
    if (incx < 0) {
        x += (n - 1) * incx;
        incx = -incx;
    }
    if (incx != 1) {
        double a0 = 0.0, a1 = 0.0;
        int64_t i = 0;
        for (; i + 2 <= n; i += 2) {
            double v0 = x[i * incx], v1 = x[(i + 1) * incx];
            a0 += v0 * v0;
            a1 += v1 * v1;
        }
        if (i < n) {
            double v = x[i * incx];
            a0 += v * v;
        }
        return (float)sqrt(a0 + a1);
    }
    __m512d a0 = _mm512_setzero_pd(), a1 = _mm512_setzero_pd();
    __m512d a2 = _mm512_setzero_pd(), a3 = _mm512_setzero_pd();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512d v0 = _mm512_cvtps_pd(_mm256_loadu_ps(x + i));
        __m512d v1 = _mm512_cvtps_pd(_mm256_loadu_ps(x + i + 8));
        __m512d v2 = _mm512_cvtps_pd(_mm256_loadu_ps(x + i + 16));
        __m512d v3 = _mm512_cvtps_pd(_mm256_loadu_ps(x + i + 24));
        a0 = _mm512_fmadd_pd(v0, v0, a0);
        a1 = _mm512_fmadd_pd(v1, v1, a1);
        a2 = _mm512_fmadd_pd(v2, v2, a2);
        a3 = _mm512_fmadd_pd(v3, v3, a3);
    }
    for (; i < n; i += 8) {
        __m256 f = n - i >= 8 ? _mm256_loadu_ps(x + i)
                              : _mm256_maskz_loadu_ps((__mmask8)tail_mask(n - i), x + i);
        __m512d v = _mm512_cvtps_pd(f);
        a0 = _mm512_fmadd_pd(v, v, a0);
    }
    double s = _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(a0, a1), _mm512_add_pd(a2, a3)));
    return (float)sqrt(s);
}

/* Multiply then add, not FMA: bit-identical to the reference, and bound by loads and
 * stores either way. */
void basis_saxpy_avx512(int64_t n, float alpha, const float *x, int64_t incx, float *y,
                        int64_t incy)
{
    if (n <= 0 || alpha == 0.0f)
        return;
    if (incx == -1 && incy == -1) {
        x -= n - 1;
        y -= n - 1;
        incx = incy = 1;
    }
    if (incx != 1 || incy != 1) {
        for (int64_t i = 0; i < n; i++)
            y[i * incy] += alpha * x[i * incx];
        return;
    }
    const __m512 va = _mm512_set1_ps(alpha);
    int64_t i = 0;
    for (; i + 64 <= n; i += 64) {
        __m512 y0 = _mm512_add_ps(_mm512_loadu_ps(y + i),
                                  _mm512_mul_ps(va, _mm512_loadu_ps(x + i)));
        __m512 y1 = _mm512_add_ps(_mm512_loadu_ps(y + i + 16),
                                  _mm512_mul_ps(va, _mm512_loadu_ps(x + i + 16)));
        __m512 y2 = _mm512_add_ps(_mm512_loadu_ps(y + i + 32),
                                  _mm512_mul_ps(va, _mm512_loadu_ps(x + i + 32)));
        __m512 y3 = _mm512_add_ps(_mm512_loadu_ps(y + i + 48),
                                  _mm512_mul_ps(va, _mm512_loadu_ps(x + i + 48)));
        _mm512_storeu_ps(y + i, y0);
        _mm512_storeu_ps(y + i + 16, y1);
        _mm512_storeu_ps(y + i + 32, y2);
        _mm512_storeu_ps(y + i + 48, y3);
    }
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(y + i, _mm512_add_ps(_mm512_loadu_ps(y + i),
                                              _mm512_mul_ps(va, _mm512_loadu_ps(x + i))));
    if (i < n) {
        __mmask16 k = tail_mask(n - i);
        __m512 v = _mm512_add_ps(_mm512_maskz_loadu_ps(k, y + i),
                                 _mm512_mul_ps(va, _mm512_maskz_loadu_ps(k, x + i)));
        _mm512_mask_storeu_ps(y + i, k, v);
    }
}

void basis_sscal_avx512(int64_t n, float alpha, float *x, int64_t incx)
{
    if (n <= 0)
        return;
    if (incx < 0) {
        x += (n - 1) * incx;
        incx = -incx;
    }
    if (incx != 1) {
        for (int64_t i = 0; i < n; i++)
            x[i * incx] = alpha == 0.0f ? 0.0f : alpha * x[i * incx];
        return;
    }
    int64_t i = 0;
    if (alpha == 0.0f) { /* overwrite, never read: NaN in x does not survive */
        const __m512 z = _mm512_setzero_ps();
        for (; i + 16 <= n; i += 16)
            _mm512_storeu_ps(x + i, z);
        if (i < n)
            _mm512_mask_storeu_ps(x + i, tail_mask(n - i), z);
        return;
    }
    const __m512 va = _mm512_set1_ps(alpha);
    for (; i + 64 <= n; i += 64) {
        __m512 v0 = _mm512_mul_ps(va, _mm512_loadu_ps(x + i));
        __m512 v1 = _mm512_mul_ps(va, _mm512_loadu_ps(x + i + 16));
        __m512 v2 = _mm512_mul_ps(va, _mm512_loadu_ps(x + i + 32));
        __m512 v3 = _mm512_mul_ps(va, _mm512_loadu_ps(x + i + 48));
        _mm512_storeu_ps(x + i, v0);
        _mm512_storeu_ps(x + i + 16, v1);
        _mm512_storeu_ps(x + i + 32, v2);
        _mm512_storeu_ps(x + i + 48, v3);
    }
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(x + i, _mm512_mul_ps(va, _mm512_loadu_ps(x + i)));
    if (i < n) {
        __mmask16 k = tail_mask(n - i);
        _mm512_mask_storeu_ps(x + i, k, _mm512_mul_ps(va, _mm512_maskz_loadu_ps(k, x + i)));
    }
}
