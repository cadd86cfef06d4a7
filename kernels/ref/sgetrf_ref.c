/* sgetrf_ref.c: the reference single-precision LU factorization (getrf) and solve (getrs). */
#include <math.h>

#include "ukernel.h"

static void sswap_rows(int64_t ncols, float *a, int64_t rs, int64_t cs, int64_t r1,
                       int64_t r2)
{
    for (int64_t j = 0; j < ncols; j++) {
        float t = a[r1 * rs + j * cs];
        a[r1 * rs + j * cs] = a[r2 * rs + j * cs];
        a[r2 * rs + j * cs] = t;
    }
}

/* Right-looking unblocked LU, step for step LAPACK's sgetf2 (with a division instead of a
 * multiplication by the reciprocal). */
int64_t basis_sgetrf_ref(int64_t m, int64_t n, float *a, int64_t rs, int64_t cs,
                         int64_t *ipiv)
{
    int64_t info = 0;
    int64_t kmax = m < n ? m : n;
    for (int64_t k = 0; k < kmax; k++) {
        /* Strict > keeps the first of equal magnitudes, as idamax does. */
        int64_t p = k;
        float pmax = fabsf(a[k * rs + k * cs]);
        for (int64_t i = k + 1; i < m; i++) {
            float v = fabsf(a[i * rs + k * cs]);
            if (v > pmax) {
                pmax = v;
                p = i;
            }
        }
        ipiv[k] = p;
        if (a[p * rs + k * cs] != 0.0f) {
            if (p != k)
                sswap_rows(n, a, rs, cs, k, p);
            float pivot = a[k * rs + k * cs];
            for (int64_t i = k + 1; i < m; i++)
                a[i * rs + k * cs] /= pivot;
        } else if (info == 0) {
            /* The column below holds only zeros (or NaN): no swap, no scaling, and the update
             * below changes nothing finite, so the factorization simply continues. */
            info = k + 1;
        }
        for (int64_t j = k + 1; j < n; j++) {
            float ukj = a[k * rs + j * cs];
            for (int64_t i = k + 1; i < m; i++)
                a[i * rs + j * cs] -= a[i * rs + k * cs] * ukj;
        }
    }
    return info;
}

/* P A = L U, so A = P^T L U: for A X = B apply P, then solve L and U; for A^T X = B solve
 * U^T and L^T, then apply P^T (the swaps in reverse order). */
void basis_sgetrs_ref(int trans, int64_t n, int64_t nrhs, const float *lu, int64_t rs,
                      int64_t cs, const int64_t *ipiv, float *b, int64_t rsb, int64_t csb)
{
    if (trans == 0) {
        for (int64_t i = 0; i < n; i++)
            if (ipiv[i] != i)
                sswap_rows(nrhs, b, rsb, csb, i, ipiv[i]);
    }
    for (int64_t r = 0; r < nrhs; r++) {
        float *x = &b[r * csb];
        if (trans == 0) {
            for (int64_t i = 0; i < n; i++) {
                float s = x[i * rsb];
                for (int64_t k = 0; k < i; k++)
                    s -= lu[i * rs + k * cs] * x[k * rsb];
                x[i * rsb] = s;
            }
            for (int64_t i = n - 1; i >= 0; i--) {
                float s = x[i * rsb];
                for (int64_t k = i + 1; k < n; k++)
                    s -= lu[i * rs + k * cs] * x[k * rsb];
                x[i * rsb] = s / lu[i * rs + i * cs];
            }
        } else {
            for (int64_t i = 0; i < n; i++) {
                float s = x[i * rsb];
                for (int64_t k = 0; k < i; k++)
                    s -= lu[k * rs + i * cs] * x[k * rsb];
                x[i * rsb] = s / lu[i * rs + i * cs];
            }
            for (int64_t i = n - 1; i >= 0; i--) {
                float s = x[i * rsb];
                for (int64_t k = i + 1; k < n; k++)
                    s -= lu[k * rs + i * cs] * x[k * rsb];
                x[i * rsb] = s;
            }
        }
    }
    if (trans != 0) {
        for (int64_t i = n - 1; i >= 0; i--)
            if (ipiv[i] != i)
                sswap_rows(nrhs, b, rsb, csb, i, ipiv[i]);
    }
}
