/* dlevel1_avx2.c: AVX2 double-precision level-1 kernels (dot, nrm2, axpy, scal). */
#include <immintrin.h>
#include <math.h>

#include "x86_avx2/avx2.h"

static double hsum(__m256d v)
{
    __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}

static double hmax(__m256d v)
{
    __m128d s = _mm_max_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_max_sd(s, _mm_unpackhi_pd(s, s)));
}

double basis_ddot_avx2(int64_t n, const double *x, int64_t incx, const double *y, int64_t incy)
{
    if (n <= 0)
        return 0.0;
    if (incx == -1 && incy == -1) { /* the same pairs, walked forwards */
        x -= n - 1;
        y -= n - 1;
        incx = incy = 1;
    }
    if (incx != 1 || incy != 1) {
        double s0 = 0.0, s1 = 0.0;
        int64_t i = 0;
        for (; i + 2 <= n; i += 2) {
            s0 += x[i * incx] * y[i * incy];
            s1 += x[(i + 1) * incx] * y[(i + 1) * incy];
        }
        if (i < n)
            s0 += x[i * incx] * y[i * incy];
        return s0 + s1;
    }
    /* Four accumulators cover the FMA latency at two loads per FMA. */
    __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd();
    __m256d s2 = _mm256_setzero_pd(), s3 = _mm256_setzero_pd();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i), _mm256_loadu_pd(y + i), s0);
        s1 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i + 4), _mm256_loadu_pd(y + i + 4), s1);
        s2 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i + 8), _mm256_loadu_pd(y + i + 8), s2);
        s3 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i + 12), _mm256_loadu_pd(y + i + 12), s3);
    }
    for (; i + 4 <= n; i += 4)
        s0 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i), _mm256_loadu_pd(y + i), s0);
    double s = hsum(_mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3)));
    for (; i < n; i++)
        s += x[i] * y[i];
    return s;
}

/* ---- nrm2 ------------------------------------------------------------------------------
 * One pass sums plain squares. Its result is exact enough unless it overflowed, is NaN, or
 * is so small that squares lost bits to underflow; a sum >= 2^-970 keeps the underflow
 * error (at most 2^-1075 per operation) below n * 2^-105 relative. Only those rare cases
 * take a second and third pass: max |x|, then squares of x scaled by a power of two. */

#define DNRM2_SAFE_MIN 0x1p-970

static double dsumsq(int64_t n, const double *x, int64_t inc, double s1, double s2, int scaled)
{
    double s = 0.0;
    int64_t i = 0;
    if (inc == 1) {
        __m256d a0 = _mm256_setzero_pd(), a1 = _mm256_setzero_pd();
        __m256d a2 = _mm256_setzero_pd(), a3 = _mm256_setzero_pd();
        const __m256d f1 = _mm256_set1_pd(s1), f2 = _mm256_set1_pd(s2);
        if (scaled) {
            for (; i + 8 <= n; i += 8) {
                __m256d v0 = _mm256_mul_pd(_mm256_mul_pd(_mm256_loadu_pd(x + i), f1), f2);
                __m256d v1 = _mm256_mul_pd(_mm256_mul_pd(_mm256_loadu_pd(x + i + 4), f1), f2);
                a0 = _mm256_fmadd_pd(v0, v0, a0);
                a1 = _mm256_fmadd_pd(v1, v1, a1);
            }
        } else {
            for (; i + 16 <= n; i += 16) {
                __m256d v0 = _mm256_loadu_pd(x + i), v1 = _mm256_loadu_pd(x + i + 4);
                __m256d v2 = _mm256_loadu_pd(x + i + 8), v3 = _mm256_loadu_pd(x + i + 12);
                a0 = _mm256_fmadd_pd(v0, v0, a0);
                a1 = _mm256_fmadd_pd(v1, v1, a1);
                a2 = _mm256_fmadd_pd(v2, v2, a2);
                a3 = _mm256_fmadd_pd(v3, v3, a3);
            }
        }
        s = hsum(_mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)));
    }
    for (; i < n; i++) {
        double v = x[i * inc];
        if (scaled)
            v = v * s1 * s2;
        s += v * v;
    }
    return s;
}

/* max |x|; the caller has ruled out NaN. */
static double dmaxabs(int64_t n, const double *x, int64_t inc)
{
    double m = 0.0;
    int64_t i = 0;
    if (inc == 1) {
        const __m256d sign = _mm256_set1_pd(-0.0);
        __m256d m0 = _mm256_setzero_pd(), m1 = _mm256_setzero_pd();
        for (; i + 8 <= n; i += 8) {
            m0 = _mm256_max_pd(m0, _mm256_andnot_pd(sign, _mm256_loadu_pd(x + i)));
            m1 = _mm256_max_pd(m1, _mm256_andnot_pd(sign, _mm256_loadu_pd(x + i + 4)));
        }
        m = hmax(_mm256_max_pd(m0, m1));
    }
    for (; i < n; i++) {
        double v = fabs(x[i * inc]);
        m = v > m ? v : m;
    }
    return m;
}

double basis_dnrm2_avx2(int64_t n, const double *x, int64_t incx)
{
    if (n <= 0)
        return 0.0;
    if (incx < 0) { /* the order of the squares does not matter */
        x += (n - 1) * incx;
        incx = -incx;
    }
    double s = dsumsq(n, x, incx, 1.0, 1.0, 0);
    if (isnan(s)) /* squares are >= 0, so only a NaN in x makes the sum NaN */
        return s;
    if (s >= DNRM2_SAFE_MIN && s <= 0x1.fffffffffffffp1023)
        return sqrt(s);
    double m = dmaxabs(n, x, incx);
    if (m == 0.0 || isinf(m))
        return m;
    /* Scale max |x| into [1, 2) by 2^-e, split in two factors that are both normal. */
    int e = ilogb(m);
    int e1 = -e / 2, e2 = -e - e1;
    s = dsumsq(n, x, incx, ldexp(1.0, e1), ldexp(1.0, e2), 1);
    return ldexp(sqrt(s), e);
}

/* ---- axpy, scal ------------------------------------------------------------------------
 * Multiply then add, not FMA: the result is bit-identical to the reference and the loop is
 * bound by loads and stores either way. */

void basis_daxpy_avx2(int64_t n, double alpha, const double *x, int64_t incx, double *y,
                      int64_t incy)
{
    if (n <= 0 || alpha == 0.0)
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
    const __m256d va = _mm256_set1_pd(alpha);
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256d y0 = _mm256_add_pd(_mm256_loadu_pd(y + i),
                                   _mm256_mul_pd(va, _mm256_loadu_pd(x + i)));
        __m256d y1 = _mm256_add_pd(_mm256_loadu_pd(y + i + 4),
                                   _mm256_mul_pd(va, _mm256_loadu_pd(x + i + 4)));
        __m256d y2 = _mm256_add_pd(_mm256_loadu_pd(y + i + 8),
                                   _mm256_mul_pd(va, _mm256_loadu_pd(x + i + 8)));
        __m256d y3 = _mm256_add_pd(_mm256_loadu_pd(y + i + 12),
                                   _mm256_mul_pd(va, _mm256_loadu_pd(x + i + 12)));
        _mm256_storeu_pd(y + i, y0);
        _mm256_storeu_pd(y + i + 4, y1);
        _mm256_storeu_pd(y + i + 8, y2);
        _mm256_storeu_pd(y + i + 12, y3);
    }
    for (; i + 4 <= n; i += 4)
        _mm256_storeu_pd(y + i, _mm256_add_pd(_mm256_loadu_pd(y + i),
                                              _mm256_mul_pd(va, _mm256_loadu_pd(x + i))));
    for (; i < n; i++)
        y[i] += alpha * x[i];
}

void basis_dscal_avx2(int64_t n, double alpha, double *x, int64_t incx)
{
    if (n <= 0)
        return;
    if (incx < 0) {
        x += (n - 1) * incx;
        incx = -incx;
    }
    if (incx != 1) {
        for (int64_t i = 0; i < n; i++)
            x[i * incx] = alpha == 0.0 ? 0.0 : alpha * x[i * incx];
        return;
    }
    int64_t i = 0;
    if (alpha == 0.0) { /* overwrite, never read: NaN in x does not survive */
        const __m256d z = _mm256_setzero_pd();
        for (; i + 4 <= n; i += 4)
            _mm256_storeu_pd(x + i, z);
        for (; i < n; i++)
            x[i] = 0.0;
        return;
    }
    const __m256d va = _mm256_set1_pd(alpha);
    for (; i + 16 <= n; i += 16) {
        __m256d v0 = _mm256_mul_pd(va, _mm256_loadu_pd(x + i));
        __m256d v1 = _mm256_mul_pd(va, _mm256_loadu_pd(x + i + 4));
        __m256d v2 = _mm256_mul_pd(va, _mm256_loadu_pd(x + i + 8));
        __m256d v3 = _mm256_mul_pd(va, _mm256_loadu_pd(x + i + 12));
        _mm256_storeu_pd(x + i, v0);
        _mm256_storeu_pd(x + i + 4, v1);
        _mm256_storeu_pd(x + i + 8, v2);
        _mm256_storeu_pd(x + i + 12, v3);
    }
    for (; i + 4 <= n; i += 4)
        _mm256_storeu_pd(x + i, _mm256_mul_pd(va, _mm256_loadu_pd(x + i)));
    for (; i < n; i++)
        x[i] *= alpha;
}
