/* main.c: an outside program built against an installed basis (pkg-config and find_package). */
#include <math.h>
#include <stdio.h>

#include <basis.h>
#include <basis_cblas.h>

int main(void)
{
    double a[4] = {1, 3, 2, 4}, b[4] = {5, 7, 6, 8}, c[4] = {0, 0, 0, 0};
    /* Column major [1 2; 3 4] * [5 6; 7 8] = [19 22; 43 50]. */
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1.0, a, 2, b, 2, 0.0, c, 2);
    double x[2] = {3, 7};
    int64_t ipiv[2];
    /* [1 2; 3 4] x = [3 7] has x = [1 1]. */
    basis_status s = basis_dgesv(NULL, BASIS_COL_MAJOR, 2, 1, a, 2, ipiv, x, 2);
    int ok = c[0] == 19 && c[1] == 43 && c[2] == 22 && c[3] == 50 && s == BASIS_OK &&
             fabs(x[0] - 1) < 1e-14 && fabs(x[1] - 1) < 1e-14;
    printf("consumer of basis %s: %s\n", basis_version(), ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
