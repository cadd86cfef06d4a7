/* lu_solve.c: a CMake consumer of basis (find_package(basis) -> basis::basis): solves A x = b with the native API, with the status and basis_last_error() checked, and multiplies back through the CBLAS name. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <basis.h>
#include <cblas.h>

int main(void)
{
    enum { N = 300 };
    double *a = malloc(sizeof(double) * N * N), *lu = malloc(sizeof(double) * N * N);
    double x[N], b[N], r[N];
    int64_t ipiv[N];
    if (!a || !lu)
        return 1;
    /* A diagonally dominant A and x = (1, 2, ..., N) / N, so b = A x. */
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++)
            a[i * N + j] = (i == j ? N : 0.0) + sin(1.0 + i * 7 + j);
        x[i] = (i + 1.0) / N;
    }
    cblas_dgemv(CblasRowMajor, CblasNoTrans, N, N, 1.0, a, N, x, 1, 0.0, b, 1);
    for (int i = 0; i < N * N; i++)
        lu[i] = a[i];
    for (int i = 0; i < N; i++)
        r[i] = b[i];
    basis_status s = basis_dgesv(NULL, BASIS_ROW_MAJOR, N, 1, lu, N, ipiv, r, 1);
    if (s != BASIS_OK) {
        fprintf(stderr, "lu_solve: %s\n", basis_last_error());
        return 1;
    }
    double err = 0.0;
    for (int i = 0; i < N; i++)
        err = fmax(err, fabs(r[i] - x[i]));
    printf("lu_solve: basis %s, n = %d, max |x - x_true| = %.1e\n", basis_version(), N, err);
    free(a);
    free(lu);
    return err < 1e-12 ? 0 : 1;
}
