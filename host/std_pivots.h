/* std_pivots.h: what the LAPACKE and Fortran names share: 1-based int pivots, INFO from U's diagonal. */
#ifndef BASIS_HOST_STD_PIVOTS_H
#define BASIS_HOST_STD_PIVOTS_H

#include <stdint.h>

#include "internal.h"

/* A workspace for count 0-based pivots (at least one entry); NULL with the error set. */
int64_t *basis_std_pivots_alloc(int count);
/* 1-based int pivots into 0-based int64 ones; returns the 1-based position of the first
 * entry outside 1..n (0 if all are valid). */
int basis_std_pivots_in(int count, int n, const int *ipiv, int64_t *piv);
void basis_std_pivots_out(int count, const int64_t *piv, int *ipiv);
/* The 1-based index of the first exactly zero U(i,i), i <= count; 0 if none. The diagonal
 * is at a[i * (lda + 1)] in either layout. */
int basis_std_first_zero_s(int count, const float *a, int lda);
int basis_std_first_zero_d(int count, const double *a, int lda);
/* INFO for a native failure that is not an argument of the reference interface. */
int basis_std_failed_info(basis_status s);

#endif /* BASIS_HOST_STD_PIVOTS_H */
