/* sgemv_ref.c: the reference single-precision GEMV kernel, y := alpha A x + beta y. */
#include "ukernel.h"

void basis_sgemv_ref(int64_t m, int64_t n, float alpha, const float *a, int64_t rsa,
                     int64_t csa, const float *x, int64_t incx, float beta, float *y,
                     int64_t incy)
{
    for (int64_t i = 0; i < m; i++) {
        float *yi = &y[i * incy];
        if (alpha == 0.0f || n == 0) {
            *yi = beta == 0.0f ? 0.0f : beta * *yi;
            continue;
        }
        float sum = 0.0f;
        for (int64_t j = 0; j < n; j++)
            sum += a[i * rsa + j * csa] * x[j * incx];
        *yi = beta == 0.0f ? alpha * sum : alpha * sum + beta * *yi;
    }
}
