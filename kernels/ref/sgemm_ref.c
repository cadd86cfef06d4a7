/* sgemm_ref.c: the reference single-precision GEMM kernel, C := alpha A B + beta C. */
#include "ukernel.h"

void basis_sgemm_ref(int64_t m, int64_t n, int64_t k, float alpha, const float *a,
                     int64_t rsa, int64_t csa, const float *b, int64_t rsb, int64_t csb,
                     float beta, float *c, int64_t rsc, int64_t csc)
{
    for (int64_t j = 0; j < n; j++) {
        for (int64_t i = 0; i < m; i++) {
            float *cij = &c[i * rsc + j * csc];
            if (alpha == 0.0f || k == 0) {
                *cij = beta == 0.0f ? 0.0f : beta * *cij;
                continue;
            }
            float sum = 0.0f;
            for (int64_t p = 0; p < k; p++)
                sum += a[i * rsa + p * csa] * b[p * rsb + j * csb];
            *cij = beta == 0.0f ? alpha * sum : alpha * sum + beta * *cij;
        }
    }
}
