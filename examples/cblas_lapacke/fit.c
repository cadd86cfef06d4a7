/* fit.c: a program written against the standard cblas.h and lapacke.h only: a least-squares polynomial fit through the normal equations (cblas_dgemm, cblas_dgemv, LAPACKE_dgesv). It builds unchanged against basis or any other CBLAS/LAPACKE (see Makefile). */
#include <math.h>
#include <stdio.h>

#include <cblas.h>
#include <lapacke.h>

enum { POINTS = 200, DEGREE = 3, TERMS = DEGREE + 1 };

int main(void)
{
    /* Samples of y = 1 - 2 t + 0.5 t^3 on [-1, 1]; V is the row-major Vandermonde matrix. */
    static double v[POINTS * TERMS], y[POINTS];
    for (int i = 0; i < POINTS; i++) {
        double t = -1.0 + 2.0 * i / (POINTS - 1), p = 1.0;
        for (int j = 0; j < TERMS; j++, p *= t)
            v[i * TERMS + j] = p;
        y[i] = 1.0 - 2.0 * t + 0.5 * t * t * t;
    }
    /* Normal equations (V^T V) c = V^T y. */
    double g[TERMS * TERMS], c[TERMS];
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, TERMS, TERMS, POINTS, 1.0, v, TERMS, v,
                TERMS, 0.0, g, TERMS);
    cblas_dgemv(CblasRowMajor, CblasTrans, POINTS, TERMS, 1.0, v, TERMS, y, 1, 0.0, c, 1);
    lapack_int ipiv[TERMS];
    lapack_int info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, TERMS, 1, g, TERMS, ipiv, c, 1);
    if (info != 0) {
        fprintf(stderr, "fit: LAPACKE_dgesv returned %d\n", (int)info);
        return 1;
    }
    const double want[TERMS] = {1.0, -2.0, 0.0, 0.5};
    double err = 0.0;
    for (int j = 0; j < TERMS; j++)
        err = fmax(err, fabs(c[j] - want[j]));
    printf("fit: coefficients %.6f %.6f %.6f %.6f (max error %.1e)\n", c[0], c[1], c[2], c[3],
           err);
    return err < 1e-9 ? 0 : 1;
}
