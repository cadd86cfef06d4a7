/* dgemm_ref.c: the reference double-precision GEMM kernel, C := alpha A B + beta C. */
#include "ukernel.h"

void basis_dgemm_ref(int64_t m, int64_t n, int64_t k, double alpha, const double *a,
                     int64_t rsa, int64_t csa, const double *b, int64_t rsb, int64_t csb,
                     double beta, double *c, int64_t rsc, int64_t csc)
{
    for (int64_t j = 0; j < n; j++) {
        for (int64_t i = 0; i < m; i++) {
            double *cij = &c[i * rsc + j * csc];
            if (alpha == 0.0 || k == 0) {
                *cij = beta == 0.0 ? 0.0 : beta * *cij;
                continue;
            }
            double sum = 0.0;
            for (int64_t p = 0; p < k; p++)
                sum += a[i * rsa + p * csa] * b[p * rsb + j * csb];
            *cij = beta == 0.0 ? alpha * sum : alpha * sum + beta * *cij;
        }
    }
}
