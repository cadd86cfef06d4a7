/* spmv_pull_ref.c: the reference pull SpMV kernels (s and d) over a graph's in-edges. */
#include "ukernel.h"

void basis_sspmv_pull_ref(int64_t n, const int64_t *offsets, const int64_t *sources,
                          const float *x, float *y)
{
    for (int64_t i = 0; i < n; i++) {
        float sum = 0.0f;
        for (int64_t e = offsets[i]; e < offsets[i + 1]; e++)
            sum += x[sources[e]];
        y[i] = sum;
    }
}

void basis_dspmv_pull_ref(int64_t n, const int64_t *offsets, const int64_t *sources,
                          const double *x, double *y)
{
    for (int64_t i = 0; i < n; i++) {
        double sum = 0.0;
        for (int64_t e = offsets[i]; e < offsets[i + 1]; e++)
            sum += x[sources[e]];
        y[i] = sum;
    }
}
