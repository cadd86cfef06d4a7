/* spmv_sell8_ref.c: the reference pull SpMV kernels (s and d) over a graph's SELL-8 in-edges. */
#include "ukernel.h"

void basis_sspmv_sell8_ref(int64_t c0, int64_t c1, const int64_t *chunk_start,
                           const uint32_t *col, const float *x, float *y)
{
    for (int64_t c = c0; c < c1; c++) {
        int64_t e0 = chunk_start[c], len = (chunk_start[c + 1] - e0) / BASIS_SELL_C;
        for (int l = 0; l < BASIS_SELL_C; l++) {
            float sum = 0.0f;
            for (int64_t k = 0; k < len; k++)
                sum += x[col[e0 + k * BASIS_SELL_C + l]];
            y[c * BASIS_SELL_C + l] = sum;
        }
    }
}

void basis_dspmv_sell8_ref(int64_t c0, int64_t c1, const int64_t *chunk_start,
                           const uint32_t *col, const double *x, double *y)
{
    for (int64_t c = c0; c < c1; c++) {
        int64_t e0 = chunk_start[c], len = (chunk_start[c + 1] - e0) / BASIS_SELL_C;
        for (int l = 0; l < BASIS_SELL_C; l++) {
            double sum = 0.0;
            for (int64_t k = 0; k < len; k++)
                sum += x[col[e0 + k * BASIS_SELL_C + l]];
            y[c * BASIS_SELL_C + l] = sum;
        }
    }
}
