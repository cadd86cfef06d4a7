/* std_scale.h: what the CBLAS and Fortran gemm/gemv names do when alpha = 0 or k = 0: scale C or y by beta without reading A, B or x. */
#ifndef BASIS_HOST_STD_SCALE_H
#define BASIS_HOST_STD_SCALE_H

#include <stdint.h>

/* C := beta C over the m x n block of a column-major C (a row-major C passes n, m).
 * beta = 0 writes zeros without reading C, beta = 1 touches nothing, as the reference. */
void basis_std_scale_s(int64_t m, int64_t n, float beta, float *c, int64_t ldc);
void basis_std_scale_d(int64_t m, int64_t n, double beta, double *c, int64_t ldc);
/* y := beta y for a BLAS vector of n entries with increment inc (negative: from the far
 * end), under the same beta rules. */
void basis_std_scale_vec_s(int64_t n, float beta, float *y, int64_t inc);
void basis_std_scale_vec_d(int64_t n, double beta, double *y, int64_t inc);

#endif /* BASIS_HOST_STD_SCALE_H */
