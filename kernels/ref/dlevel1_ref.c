/* dlevel1_ref.c: the reference double-precision level-1 kernels (dot, nrm2, axpy, scal). */
#include <math.h>

#include "ukernel.h"

double basis_ddot_ref(int64_t n, const double *x, int64_t incx, const double *y, int64_t incy)
{
    double sum = 0.0;
    for (int64_t i = 0; i < n; i++)
        sum += x[i * incx] * y[i * incy];
    return sum;
}

/* The scaled sum of squares of reference BLAS's old dnrm2: the result is scale * sqrt(ssq)
 * with every ratio |x|/scale <= 1, so nothing overflows and only negligible terms underflow.
 * NaN and Inf are set aside first because the ratio Inf/Inf would turn two Infs into NaN. */
double basis_dnrm2_ref(int64_t n, const double *x, int64_t incx)
{
    double scale = 0.0;
    double ssq = 1.0;
    int has_nan = 0;
    int has_inf = 0;
    for (int64_t i = 0; i < n; i++) {
        double v = x[i * incx];
        if (isnan(v)) {
            has_nan = 1;
        } else if (isinf(v)) {
            has_inf = 1;
        } else if (v != 0.0) {
            double absv = fabs(v);
            if (scale < absv) {
                double r = scale / absv;
                ssq = 1.0 + ssq * (r * r);
                scale = absv;
            } else {
                double r = absv / scale;
                ssq += r * r;
            }
        }
    }
    if (has_nan)
        return NAN;
    if (has_inf)
        return INFINITY;
    return scale * sqrt(ssq);
}

void basis_daxpy_ref(int64_t n, double alpha, const double *x, int64_t incx, double *y,
                     int64_t incy)
{
    if (alpha == 0.0)
        return;
    for (int64_t i = 0; i < n; i++)
        y[i * incy] += alpha * x[i * incx];
}

void basis_dscal_ref(int64_t n, double alpha, double *x, int64_t incx)
{
    if (alpha == 0.0) {
        for (int64_t i = 0; i < n; i++)
            x[i * incx] = 0.0;
        return;
    }
    for (int64_t i = 0; i < n; i++)
        x[i * incx] *= alpha;
}
