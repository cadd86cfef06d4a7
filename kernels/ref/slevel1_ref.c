/* slevel1_ref.c: the reference single-precision level-1 kernels (dot, nrm2, axpy, scal). */
#include <math.h>

#include "ukernel.h"

float basis_sdot_ref(int64_t n, const float *x, int64_t incx, const float *y, int64_t incy)
{
    float sum = 0.0f;
    for (int64_t i = 0; i < n; i++)
        sum += x[i * incx] * y[i * incy];
    return sum;
}

/* The scaled sum of squares of reference BLAS's old snrm2: the result is scale * sqrt(ssq)
 * with every ratio |x|/scale <= 1, so nothing overflows and only negligible terms underflow.
 * NaN and Inf are set aside first because the ratio Inf/Inf would turn two Infs into NaN. */
float basis_snrm2_ref(int64_t n, const float *x, int64_t incx)
{
    float scale = 0.0f;
    float ssq = 1.0f;
    int has_nan = 0;
    int has_inf = 0;
    for (int64_t i = 0; i < n; i++) {
        float v = x[i * incx];
        if (isnan(v)) {
            has_nan = 1;
        } else if (isinf(v)) {
            has_inf = 1;
        } else if (v != 0.0f) {
            float absv = fabsf(v);
            if (scale < absv) {
                float r = scale / absv;
                ssq = 1.0f + ssq * (r * r);
                scale = absv;
            } else {
                float r = absv / scale;
                ssq += r * r;
            }
        }
    }
    if (has_nan)
        return NAN;
    if (has_inf)
        return INFINITY;
    return scale * sqrtf(ssq);
}

void basis_saxpy_ref(int64_t n, float alpha, const float *x, int64_t incx, float *y,
                     int64_t incy)
{
    if (alpha == 0.0f)
        return;
    for (int64_t i = 0; i < n; i++)
        y[i * incy] += alpha * x[i * incx];
}

void basis_sscal_ref(int64_t n, float alpha, float *x, int64_t incx)
{
    if (alpha == 0.0f) {
        for (int64_t i = 0; i < n; i++)
            x[i * incx] = 0.0f;
        return;
    }
    for (int64_t i = 0; i < n; i++)
        x[i * incx] *= alpha;
}
