/* scale.c: the largest magnitude in a strided matrix and the power of two that brings it into [1, 2): shared by the ops that work on their input scaled by 2^-e (exact) so that intermediates stay in range (det, gesv_checked, eigen, power, change of basis, angle and projections). */
#include <math.h>

#include "internal.h"

/* Along the smaller stride inside, as the finiteness checks walk: sequential in either
 * layout. The max is exact, so the order does not change it. The float twin stays in
 * float (an fmax reduction of widened floats trips GCC 12 on aarch64). */
float basis_max_abs_s(int64_t rows, int64_t cols, const float *a, int64_t rs, int64_t cs)
{
    int by_cols = (cs < 0 ? -cs : cs) >= (rs < 0 ? -rs : rs);
    int64_t no = by_cols ? cols : rows, ni = by_cols ? rows : cols;
    int64_t so = by_cols ? cs : rs, si = by_cols ? rs : cs;
    float big = 0.0f;
    for (int64_t o = 0; o < no; o++)
        for (int64_t q = 0; q < ni; q++)
            big = fmaxf(big, fabsf(a[o * so + q * si]));
    return big;
}

double basis_max_abs_d(int64_t rows, int64_t cols, const double *a, int64_t rs, int64_t cs)
{
    int by_cols = (cs < 0 ? -cs : cs) >= (rs < 0 ? -rs : rs);
    int64_t no = by_cols ? cols : rows, ni = by_cols ? rows : cols;
    int64_t so = by_cols ? cs : rs, si = by_cols ? rs : cs;
    double big = 0.0;
    for (int64_t o = 0; o < no; o++)
        for (int64_t q = 0; q < ni; q++)
            big = fmax(big, fabs(a[o * so + q * si]));
    return big;
}

int basis_unit_exponent(double x)
{
    return x > 0.0 ? ilogb(x) : 0;
}
