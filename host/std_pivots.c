/* std_pivots.c: pivot conversion and INFO from U's diagonal for the LAPACKE and Fortran names. */
#include "basis_cblas.h"
#include "std_pivots.h"

int64_t *basis_std_pivots_alloc(int count)
{
    int64_t *p = basis_alloc((size_t)(count > 1 ? count : 1) * sizeof *p);
    if (!p)
        basis_fail(BASIS_ERR_NO_MEMORY, "no memory for %d pivot indices", count);
    return p;
}

int basis_std_pivots_in(int count, int n, const int *ipiv, int64_t *piv)
{
    for (int i = 0; i < count; i++) {
        if (ipiv[i] < 1 || ipiv[i] > n)
            return i + 1;
        piv[i] = ipiv[i] - 1;
    }
    return 0;
}

void basis_std_pivots_out(int count, const int64_t *piv, int *ipiv)
{
    for (int i = 0; i < count; i++)
        ipiv[i] = (int)(piv[i] + 1);
}

int basis_std_first_zero_s(int count, const float *a, int lda)
{
    for (int i = 0; i < count; i++)
        if (a[(int64_t)i * (lda + 1)] == 0.0f)
            return i + 1;
    return 0;
}

int basis_std_first_zero_d(int count, const double *a, int lda)
{
    for (int i = 0; i < count; i++)
        if (a[(int64_t)i * (lda + 1)] == 0.0)
            return i + 1;
    return 0;
}

int basis_std_failed_info(basis_status s)
{
    return s == BASIS_ERR_NO_MEMORY ? LAPACK_WORK_MEMORY_ERROR : BASIS_LAPACK_FAILED;
}
