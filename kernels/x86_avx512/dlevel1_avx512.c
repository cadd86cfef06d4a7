/* dlevel1_avx512.c: AVX-512 double-precision level-1 kernels (dot, nrm2, axpy, scal). */
#include <immintrin.h>
#include <math.h>

#include "x86_avx512/avx512.h"

/* Lanes [0, r) of a vector, r < 8: the masked tail of a unit-stride loop. */
static __mmask8 tail_mask(int64_t r)
{
    return (__mmask8)((1u << r) - 1u);
}

double basis_ddot_avx512(int64_t n, const double *x, int64_t incx, const double *y,
                         int64_t incy)
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
    __m512d s0 = _mm512_setzero_pd(), s1 = _mm512_setzero_pd();
    __m512d s2 = _mm512_setzero_pd(), s3 = _mm512_setzero_pd();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm512_fmadd_pd(_mm512_loadu_pd(x + i), _mm512_loadu_pd(y + i), s0);
        s1 = _mm512_fmadd_pd(_mm512_loadu_pd(x + i + 8), _mm512_loadu_pd(y + i + 8), s1);
        s2 = _mm512_fmadd_pd(_mm512_loadu_pd(x + i + 16), _mm512_loadu_pd(y + i + 16), s2);
        s3 = _mm512_fmadd_pd(_mm512_loadu_pd(x + i + 24), _mm512_loadu_pd(y + i + 24), s3);
    }
    for (; i + 8 <= n; i += 8)
        s0 = _mm512_fmadd_pd(_mm512_loadu_pd(x + i), _mm512_loadu_pd(y + i), s0);
    if (i < n) {
        __mmask8 k = tail_mask(n - i);
        s1 = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, x + i), _mm512_maskz_loadu_pd(k, y + i),
                             s1);
    }
    return _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(s0, s1), _mm512_add_pd(s2, s3)));
}

/* ---- nrm2 ------------------------------------------------------------------------------
 * One pass sums plain squares. Its result is exact enough unless it overflowed, is NaN, or
 * is so small that squares lost bits to underflow; a sum >= 2^-970 keeps the underflow
 * error (at most 2^-1075 per operation) below n * 2^-105 relative. Only those rare cases
 * take a second and third pass: max |x|, then squares of x scaled by a power of two. */

#define DNRM2_SAFE_MIN 0x1p-970

static double dsumsq(int64_t n, const double *x, int64_t inc, double s1, double s2, int scaled)
{
    if (inc != 1) {
        double a0 = 0.0, a1 = 0.0;
        int64_t i = 0;
        for (; i + 2 <= n; i += 2) {
            double v0 = x[i * inc], v1 = x[(i + 1) * inc];
            if (scaled) {
                v0 = v0 * s1 * s2;
                v1 = v1 * s1 * s2;
            }
            a0 += v0 * v0;
            a1 += v1 * v1;
        }
        if (i < n) {
            double v = x[i * inc];
            if (scaled)
                v = v * s1 * s2;
            a0 += v * v;
        }
        return a0 + a1;
    }
    __m512d a0 = _mm512_setzero_pd(), a1 = _mm512_setzero_pd();
    __m512d a2 = _mm512_setzero_pd(), a3 = _mm512_setzero_pd();
    const __m512d f1 = _mm512_set1_pd(s1), f2 = _mm512_set1_pd(s2);
    int64_t i = 0;
    if (scaled) {
        for (; i + 16 <= n; i += 16) {
            __m512d v0 = _mm512_mul_pd(_mm512_mul_pd(_mm512_loadu_pd(x + i), f1), f2);
            __m512d v1 = _mm512_mul_pd(_mm512_mul_pd(_mm512_loadu_pd(x + i + 8), f1), f2);
            a0 = _mm512_fmadd_pd(v0, v0, a0);
            a1 = _mm512_fmadd_pd(v1, v1, a1);
        }
    } else {
        for (; i + 32 <= n; i += 32) {
            __m512d v0 = _mm512_loadu_pd(x + i), v1 = _mm512_loadu_pd(x + i + 8);
            __m512d v2 = _mm512_loadu_pd(x + i + 16), v3 = _mm512_loadu_pd(x + i + 24);
            a0 = _mm512_fmadd_pd(v0, v0, a0);
            a1 = _mm512_fmadd_pd(v1, v1, a1);
            a2 = _mm512_fmadd_pd(v2, v2, a2);
            a3 = _mm512_fmadd_pd(v3, v3, a3);
        }
    }
    for (; i < n; i += 8) {
        __m512d v = n - i >= 8 ? _mm512_loadu_pd(x + i)
                               : _mm512_maskz_loadu_pd(tail_mask(n - i), x + i);
        if (scaled)
            v = _mm512_mul_pd(_mm512_mul_pd(v, f1), f2);
        a2 = _mm512_fmadd_pd(v, v, a2);
    }
    return _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(a0, a1), _mm512_add_pd(a2, a3)));
}

/* max |x|; the caller has ruled out NaN. */
static double dmaxabs(int64_t n, const double *x, int64_t inc)
{
    if (inc != 1) {
        double m = 0.0;
        for (int64_t i = 0; i < n; i++) {
            double v = fabs(x[i * inc]);
            m = v > m ? v : m;
        }
        return m;
    }
    __m512d m0 = _mm512_setzero_pd(), m1 = _mm512_setzero_pd();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        m0 = _mm512_max_pd(m0, _mm512_abs_pd(_mm512_loadu_pd(x + i)));
        m1 = _mm512_max_pd(m1, _mm512_abs_pd(_mm512_loadu_pd(x + i + 8)));
    }
    for (; i < n; i += 8) {
        __m512d v = n - i >= 8 ? _mm512_loadu_pd(x + i)
                               : _mm512_maskz_loadu_pd(tail_mask(n - i), x + i);
        m0 = _mm512_max_pd(m0, _mm512_abs_pd(v));
    }
    return _mm512_reduce_max_pd(_mm512_max_pd(m0, m1));
}

double basis_dnrm2_avx512(int64_t n, const double *x, int64_t incx)
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

void basis_daxpy_avx512(int64_t n, double alpha, const double *x, int64_t incx, double *y,
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
    const __m512d va = _mm512_set1_pd(alpha);
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512d y0 = _mm512_add_pd(_mm512_loadu_pd(y + i),
                                   _mm512_mul_pd(va, _mm512_loadu_pd(x + i)));
        __m512d y1 = _mm512_add_pd(_mm512_loadu_pd(y + i + 8),
                                   _mm512_mul_pd(va, _mm512_loadu_pd(x + i + 8)));
        __m512d y2 = _mm512_add_pd(_mm512_loadu_pd(y + i + 16),
                                   _mm512_mul_pd(va, _mm512_loadu_pd(x + i + 16)));
        __m512d y3 = _mm512_add_pd(_mm512_loadu_pd(y + i + 24),
                                   _mm512_mul_pd(va, _mm512_loadu_pd(x + i + 24)));
        _mm512_storeu_pd(y + i, y0);
        _mm512_storeu_pd(y + i + 8, y1);
        _mm512_storeu_pd(y + i + 16, y2);
        _mm512_storeu_pd(y + i + 24, y3);
    }
    for (; i + 8 <= n; i += 8)
        _mm512_storeu_pd(y + i, _mm512_add_pd(_mm512_loadu_pd(y + i),
                                              _mm512_mul_pd(va, _mm512_loadu_pd(x + i))));
    if (i < n) {
        __mmask8 k = tail_mask(n - i);
        __m512d v = _mm512_add_pd(_mm512_maskz_loadu_pd(k, y + i),
                                  _mm512_mul_pd(va, _mm512_maskz_loadu_pd(k, x + i)));
        _mm512_mask_storeu_pd(y + i, k, v);
    }
}

void basis_dscal_avx512(int64_t n, double alpha, double *x, int64_t incx)
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
        const __m512d z = _mm512_setzero_pd();
        for (; i + 8 <= n; i += 8)
            _mm512_storeu_pd(x + i, z);
        if (i < n)
            _mm512_mask_storeu_pd(x + i, tail_mask(n - i), z);
        return;
    }
    const __m512d va = _mm512_set1_pd(alpha);
    for (; i + 32 <= n; i += 32) {
        __m512d v0 = _mm512_mul_pd(va, _mm512_loadu_pd(x + i));
        __m512d v1 = _mm512_mul_pd(va, _mm512_loadu_pd(x + i + 8));
        __m512d v2 = _mm512_mul_pd(va, _mm512_loadu_pd(x + i + 16));
        __m512d v3 = _mm512_mul_pd(va, _mm512_loadu_pd(x + i + 24));
        _mm512_storeu_pd(x + i, v0);
        _mm512_storeu_pd(x + i + 8, v1);
        _mm512_storeu_pd(x + i + 16, v2);
        _mm512_storeu_pd(x + i + 24, v3);
    }
    for (; i + 8 <= n; i += 8)
        _mm512_storeu_pd(x + i, _mm512_mul_pd(va, _mm512_loadu_pd(x + i)));
    if (i < n) {
        __mmask8 k = tail_mask(n - i);
        _mm512_mask_storeu_pd(x + i, k, _mm512_mul_pd(va, _mm512_maskz_loadu_pd(k, x + i)));
    }
}
