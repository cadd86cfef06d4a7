/* dgemv_ref.c: the reference double-precision GEMV kernel, y := alpha A x + beta y. */
#include "ukernel.h"

void basis_dgemv_ref(int64_t m, int64_t n, double alpha, const double *a, int64_t rsa,
                     int64_t csa, const double *x, int64_t incx, double beta, double *y,
                     int64_t incy)
{
    for (int64_t i = 0; i < m; i++) {
        double *yi = &y[i * incy];
        if (alpha == 0.0 || n == 0) {
            *yi = beta == 0.0 ? 0.0 : beta * *yi;
            continue;
        }
        double sum = 0.0;
        for (int64_t j = 0; j < n; j++)
            sum += a[i * rsa + j * csa] * x[j * incx];
        *yi = beta == 0.0 ? alpha * sum : alpha * sum + beta * *yi;
    }
}
