/* std_scale.c: C := beta C and y := beta y for the standard names' alpha = 0 / k = 0 path, which must not read A, B or x (they may be NULL). */
#include "std_scale.h"

void basis_std_scale_s(int64_t m, int64_t n, float beta, float *c, int64_t ldc)
{
    if (beta == 1.0f)
        return;
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < m; i++)
            c[i + j * ldc] = beta == 0.0f ? 0.0f : beta * c[i + j * ldc];
}

void basis_std_scale_d(int64_t m, int64_t n, double beta, double *c, int64_t ldc)
{
    if (beta == 1.0)
        return;
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < m; i++)
            c[i + j * ldc] = beta == 0.0 ? 0.0 : beta * c[i + j * ldc];
}

/* Every entry is visited once, so the direction of a negative increment does not matter:
 * walk from the lowest address. */
void basis_std_scale_vec_s(int64_t n, float beta, float *y, int64_t inc)
{
    if (beta == 1.0f || n <= 0)
        return;
    int64_t step = inc < 0 ? -inc : inc;
    for (int64_t i = 0; i < n; i++)
        y[i * step] = beta == 0.0f ? 0.0f : beta * y[i * step];
}

void basis_std_scale_vec_d(int64_t n, double beta, double *y, int64_t inc)
{
    if (beta == 1.0 || n <= 0)
        return;
    int64_t step = inc < 0 ? -inc : inc;
    for (int64_t i = 0; i < n; i++)
        y[i * step] = beta == 0.0 ? 0.0 : beta * y[i * step];
}
