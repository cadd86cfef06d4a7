/* gecon_d.c: double 1-norm and reciprocal 1-norm condition estimate from LU factors (Hager/Higham, as LAPACK's dlacn2 + dgecon). */
#include <math.h>

#include "lu_blocked.h"

/* Eight columns at a time, so a row-major matrix is read a cache line per row. */
double basis_dnorm1_strided(int64_t m, int64_t n, const double *a, int64_t rs, int64_t cs)
{
    double best = 0.0;
    for (int64_t j0 = 0; j0 < n; j0 += 8) {
        int64_t w = n - j0 < 8 ? n - j0 : 8;
        double s[8] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
        for (int64_t i = 0; i < m; i++)
            for (int64_t jj = 0; jj < w; jj++)
                s[jj] += fabs(a[i * rs + (j0 + jj) * cs]);
        for (int64_t jj = 0; jj < w; jj++)
            if (isnan(s[jj]) || s[jj] > best)
                best = isnan(best) ? best : s[jj];
    }
    return best;
}

static double asum(int64_t n, const double *x)
{
    double s = 0.0;
    for (int64_t i = 0; i < n; i++)
        s += fabs(x[i]);
    return s;
}

/* First index of the largest |x(i)|, as idamax. */
static int64_t iamax(int64_t n, const double *x)
{
    int64_t best = 0;
    for (int64_t i = 1; i < n; i++)
        if (fabs(x[i]) > fabs(x[best]))
            best = i;
    return best;
}

/* x := inv(A) x or inv(A)^T x, without the interchanges: ||inv(A)||_1 = ||inv(U) inv(L)||_1
 * because a permutation does not change column sums. 0 when the result is not finite. */
static int solve(const basis_call *call, int trans, int64_t n, const double *lu, int64_t rs,
                 int64_t cs, double *x)
{
    if (!trans) {
        basis_dtrsm_left(call, 1, 1, n, 1, 1.0, lu, rs, cs, x, 1, n);
        basis_dtrsm_left(call, 0, 0, n, 1, 1.0, lu, rs, cs, x, 1, n);
    } else {
        basis_dtrsm_left(call, 1, 0, n, 1, 1.0, lu, cs, rs, x, 1, n);
        basis_dtrsm_left(call, 0, 1, n, 1, 1.0, lu, cs, rs, x, 1, n);
    }
    for (int64_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return 0;
    return 1;
}

/* sign as dlacn2 takes it: +1 for x >= 0 */
static double sgn(double x)
{
    return x >= 0.0 ? 1.0 : -1.0;
}

/* Hager's method with Higham's refinements (LAPACK's dlacn2, step for step): a lower
 * bound est of ||inv(A)||_1 from a few solves with A and A^T. 0 when a solve overflows. */
static int lacn2(const basis_call *call, int64_t n, const double *lu, int64_t rs, int64_t cs,
                 double *v, double *x, int64_t *isgn, double *est)
{
    enum { ITMAX = 5 };
    for (int64_t i = 0; i < n; i++)
        x[i] = 1.0 / (double)n;
    if (!solve(call, 0, n, lu, rs, cs, x))
        return 0;
    if (n == 1) {
        v[0] = x[0];
        *est = fabs(v[0]);
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
            x[i] = 0.0;
        x[j] = 1.0;
        if (!solve(call, 0, n, lu, rs, cs, x))
            return 0;
        for (int64_t i = 0; i < n; i++)
            v[i] = x[i];
        double estold = *est;
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
        if (!(x[jlast] != fabs(x[j]) && iter < ITMAX))
            break;
    }
    /* Higham's extra vector with alternating signs guards against the rare matrices where
     * the iteration above stops far below the norm. */
    double altsgn = 1.0;
    for (int64_t i = 0; i < n; i++) {
        x[i] = altsgn * (1.0 + (double)i / (double)(n - 1));
        altsgn = -altsgn;
    }
    if (!solve(call, 0, n, lu, rs, cs, x))
        return 0;
    double temp = 2.0 * (asum(n, x) / (double)(3 * n));
    if (temp > *est) {
        for (int64_t i = 0; i < n; i++)
            v[i] = x[i];
        *est = temp;
    }
    return 1;
}

double basis_dgecon_lu(const basis_call *call, int64_t n, const double *lu, int64_t rs,
                       int64_t cs, double anorm, double *work, int64_t *isgn)
{
    if (n == 0)
        return 1.0;
    if (anorm == 0.0)
        return 0.0;
    for (int64_t i = 0; i < n; i++)
        if (lu[i * (rs + cs)] == 0.0)
            return 0.0;
    double ainvnm = 0.0;
    if (!lacn2(call, n, lu, rs, cs, work, work + n, isgn, &ainvnm) || ainvnm == 0.0)
        return 0.0;
    return (1.0 / ainvnm) / anorm;
}
