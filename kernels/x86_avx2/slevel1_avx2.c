/* slevel1_avx2.c: AVX2 single-precision level-1 kernels (dot, nrm2, axpy, scal). */
#include <immintrin.h>
#include <math.h>

#include "x86_avx2/avx2.h"

static float hsum_ps(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}

static double hsum_pd(__m256d v)
{
    __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}

float basis_sdot_avx2(int64_t n, const float *x, int64_t incx, const float *y, int64_t incy)
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
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    __m256 s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 8), _mm256_loadu_ps(y + i + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 16), _mm256_loadu_ps(y + i + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 24), _mm256_loadu_ps(y + i + 24), s3);
    }
    for (; i + 8 <= n; i += 8)
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), s0);
    float s = hsum_ps(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    for (; i < n; i++)
        s += x[i] * y[i];
    return s;
}

/* Squares of floats summed in double can neither overflow (FLT_MAX^2 ~ 1e77) nor lose
 * anything to underflow (the smallest subnormal squared is ~ 2e-90), so one pass is safe
 * for every input; Inf squares to Inf and NaN stays NaN. */
float basis_snrm2_avx2(int64_t n, const float *x, int64_t incx)
{
    if (n <= 0)
        return 0.0f;
    if (incx < 0) {
        x += (n - 1) * incx;
        incx = -incx;
    }
    double s = 0.0;
    int64_t i = 0;
    if (incx == 1) {
        __m256d a0 = _mm256_setzero_pd(), a1 = _mm256_setzero_pd();
        __m256d a2 = _mm256_setzero_pd(), a3 = _mm256_setzero_pd();
        for (; i + 16 <= n; i += 16) {
            __m256d v0 = _mm256_cvtps_pd(_mm_loadu_ps(x + i));
            __m256d v1 = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 4));
            __m256d v2 = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 8));
            __m256d v3 = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 12));
            a0 = _mm256_fmadd_pd(v0, v0, a0);
            a1 = _mm256_fmadd_pd(v1, v1, a1);
            a2 = _mm256_fmadd_pd(v2, v2, a2);
            a3 = _mm256_fmadd_pd(v3, v3, a3);
        }
        s = hsum_pd(_mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)));
    }
    for (; i < n; i++) {
        double v = x[i * incx];
        s += v * v;
    }
    return (float)sqrt(s);
}

/* Multiply then add, not FMA: bit-identical to the reference, and bound by loads and
 * stores either way. */
void basis_saxpy_avx2(int64_t n, float alpha, const float *x, int64_t incx, float *y,
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
    const __m256 va = _mm256_set1_ps(alpha);
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256 y0 = _mm256_add_ps(_mm256_loadu_ps(y + i),
                                  _mm256_mul_ps(va, _mm256_loadu_ps(x + i)));
        __m256 y1 = _mm256_add_ps(_mm256_loadu_ps(y + i + 8),
                                  _mm256_mul_ps(va, _mm256_loadu_ps(x + i + 8)));
        __m256 y2 = _mm256_add_ps(_mm256_loadu_ps(y + i + 16),
                                  _mm256_mul_ps(va, _mm256_loadu_ps(x + i + 16)));
        __m256 y3 = _mm256_add_ps(_mm256_loadu_ps(y + i + 24),
                                  _mm256_mul_ps(va, _mm256_loadu_ps(x + i + 24)));
        _mm256_storeu_ps(y + i, y0);
        _mm256_storeu_ps(y + i + 8, y1);
        _mm256_storeu_ps(y + i + 16, y2);
        _mm256_storeu_ps(y + i + 24, y3);
    }
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_add_ps(_mm256_loadu_ps(y + i),
                                              _mm256_mul_ps(va, _mm256_loadu_ps(x + i))));
    for (; i < n; i++)
        y[i] += alpha * x[i];
}

void basis_sscal_avx2(int64_t n, float alpha, float *x, int64_t incx)
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
        const __m256 z = _mm256_setzero_ps();
        for (; i + 8 <= n; i += 8)
            _mm256_storeu_ps(x + i, z);
        for (; i < n; i++)
            x[i] = 0.0f;
        return;
    }
    const __m256 va = _mm256_set1_ps(alpha);
    for (; i + 32 <= n; i += 32) {
        __m256 v0 = _mm256_mul_ps(va, _mm256_loadu_ps(x + i));
        __m256 v1 = _mm256_mul_ps(va, _mm256_loadu_ps(x + i + 8));
        __m256 v2 = _mm256_mul_ps(va, _mm256_loadu_ps(x + i + 16));
        __m256 v3 = _mm256_mul_ps(va, _mm256_loadu_ps(x + i + 24));
        _mm256_storeu_ps(x + i, v0);
        _mm256_storeu_ps(x + i + 8, v1);
        _mm256_storeu_ps(x + i + 16, v2);
        _mm256_storeu_ps(x + i + 24, v3);
    }
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(x + i, _mm256_mul_ps(va, _mm256_loadu_ps(x + i)));
    for (; i < n; i++)
        x[i] *= alpha;
}
