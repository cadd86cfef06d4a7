/* gecon_s.c: single-precision 1-norm and reciprocal 1-norm condition estimate from LU factors (Hager/Higham, as LAPACK's slacn2 + sgecon). */
#include <math.h>

#include "lu_blocked.h"

/* Eight columns at a time, so a row-major matrix is read a cache line per row. */
float basis_snorm1_strided(int64_t m, int64_t n, const float *a, int64_t rs, int64_t cs)
{
    float best = 0.0f;
    for (int64_t j0 = 0; j0 < n; j0 += 8) {
        int64_t w = n - j0 < 8 ? n - j0 : 8;
        float s[8] = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
        for (int64_t i = 0; i < m; i++)
            for (int64_t jj = 0; jj < w; jj++)
                s[jj] += fabsf(a[i * rs + (j0 + jj) * cs]);
        for (int64_t jj = 0; jj < w; jj++)
            if (isnan(s[jj]) || s[jj] > best)
                best = isnan(best) ? best : s[jj];
    }
    return best;
}

static float asum(int64_t n, const float *x)
{
    float s = 0.0f;
    for (int64_t i = 0; i < n; i++)
        s += fabsf(x[i]);
    return s;
}

/* First index of the largest |x(i)|, as isamax. */
static int64_t iamax(int64_t n, const float *x)
{
    int64_t best = 0;
    for (int64_t i = 1; i < n; i++)
        if (fabsf(x[i]) > fabsf(x[best]))
            best = i;
    return best;
}

/* x := inv(A) x or inv(A)^T x, without the interchanges: ||inv(A)||_1 = ||inv(U) inv(L)||_1
 * because a permutation does not change column sums. 0 when the result is not finite. */
static int solve(const basis_call *call, int trans, int64_t n, const float *lu, int64_t rs,
                 int64_t cs, float *x)
{
    if (!trans) {
        basis_strsm_left(call, 1, 1, n, 1, 1.0f, lu, rs, cs, x, 1, n);
        basis_strsm_left(call, 0, 0, n, 1, 1.0f, lu, rs, cs, x, 1, n);
    } else {
        basis_strsm_left(call, 1, 0, n, 1, 1.0f, lu, cs, rs, x, 1, n);
        basis_strsm_left(call, 0, 1, n, 1, 1.0f, lu, cs, rs, x, 1, n);
    }
    for (int64_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return 0;
    return 1;
}

/* sign as slacn2 takes it: +1 for x >= 0 */
static float sgn(float x)
{
    return x >= 0.0f ? 1.0f : -1.0f;
}

/* Hager's method with Higham's refinements (LAPACK's slacn2, step for step): a lower
 * bound est of ||inv(A)||_1 from a few solves with A and A^T. 0 when a solve overflows. */
static int lacn2(const basis_call *call, int64_t n, const float *lu, int64_t rs, int64_t cs,
                 float *v, float *x, int64_t *isgn, float *est)
{
    enum { ITMAX = 5 };
    for (int64_t i = 0; i < n; i++)
        x[i] = 1.0f / (float)n;
    if (!solve(call, 0, n, lu, rs, cs, x))
        return 0;
    if (n == 1) {
        v[0] = x[0];
        *est = fabsf(v[0]);
        return 1;
    }
    *est = asum(n, x);
    for (int64_t i = 0; i < n; i++) {
        x[i] = sgn(x[i]);
        isgn[i] = (int64_t)x[i];
    }
    if (!solve(call, 1, n, lu, rs, cs, x))
        return 0;
    int64_t j = iamax(n, x);
    for (int iter = 2;; iter++) {
        for (int64_t i = 0; i < n; i++)
            x[i] = 0.0f;
        x[j] = 1.0f;
        if (!solve(call, 0, n, lu, rs, cs, x))
            return 0;
        for (int64_t i = 0; i < n; i++)
            v[i] = x[i];
        float estold = *est;
        *est = asum(n, v);
        int same = 1;
        for (int64_t i = 0; i < n && same; i++)
            same = (int64_t)sgn(x[i]) == isgn[i];
        /* a repeated sign vector has converged; a smaller estimate is cycling */
        if (same || *est <= estold)
            break;
        for (int64_t i = 0; i < n; i++) {
            x[i] = sgn(x[i]);
            isgn[i] = (int64_t)x[i];
        }
        if (!solve(call, 1, n, lu, rs, cs, x))
            return 0;
        int64_t jlast = j;
        j = iamax(n, x);
        if (!(x[jlast] != fabsf(x[j]) && iter < ITMAX))
            break;
    }
    /* Higham's extra vector with alternating signs guards against the rare matrices where
     * the iteration above stops far below the norm. */
    float altsgn = 1.0f;
    for (int64_t i = 0; i < n; i++) {
        x[i] = altsgn * (1.0f + (float)i / (float)(n - 1));
        altsgn = -altsgn;
    }
    if (!solve(call, 0, n, lu, rs, cs, x))
        return 0;
    float temp = 2.0f * (asum(n, x) / (float)(3 * n));
    if (temp > *est) {
        for (int64_t i = 0; i < n; i++)
            v[i] = x[i];
        *est = temp;
    }
    return 1;
}

float basis_sgecon_lu(const basis_call *call, int64_t n, const float *lu, int64_t rs,
                       int64_t cs, float anorm, float *work, int64_t *isgn)
{
    if (n == 0)
        return 1.0f;
    if (anorm == 0.0f)
        return 0.0f;
    for (int64_t i = 0; i < n; i++)
        if (lu[i * (rs + cs)] == 0.0f)
            return 0.0f;
    float ainvnm = 0.0f;
    if (!lacn2(call, n, lu, rs, cs, work, work + n, isgn, &ainvnm) || ainvnm == 0.0f)
        return 0.0f;
    return (1.0f / ainvnm) / anorm;
}
