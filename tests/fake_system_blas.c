/* fake_system_blas.c: a tiny stand-in "system BLAS" for blas_shim/fake: a few routines of different return types and argument counts, so forwarding is tested where no libblas.so.3 is installed (cross builds under qemu). */
#include <complex.h>
#include <math.h>
#include <stddef.h>

/* Prototypes of what it defines (the gfortran ABI, as the reference declares them). */
double dasum_(const int *n, const double *x, const int *incx);
float sasum_(const int *n, const float *x, const int *incx);
int idamax_(const int *n, const double *x, const int *incx);
double _Complex zdotc_(const int *n, const double _Complex *x, const int *incx,
                       const double _Complex *y, const int *incy);
float _Complex cdotu_(const int *n, const float _Complex *x, const int *incx,
                      const float _Complex *y, const int *incy);
void dcopy_(const int *n, const double *x, const int *incx, double *y, const int *incy);
void dsyrk_(const char *uplo, const char *trans, const int *n, const int *k,
            const double *alpha, const double *a, const int *lda, const double *beta,
            double *c, const int *ldc, size_t uplo_len, size_t trans_len);

/* Unit increments only: enough for the test. */
double dasum_(const int *n, const double *x, const int *incx)
{
    (void)incx;
    double s = 0;
    for (int i = 0; i < *n; i++)
        s += fabs(x[i]);
    return s;
}

float sasum_(const int *n, const float *x, const int *incx)
{
    (void)incx;
    float s = 0;
    for (int i = 0; i < *n; i++)
        s += fabsf(x[i]);
    return s;
}

int idamax_(const int *n, const double *x, const int *incx)
{
    (void)incx;
    int best = *n > 0 ? 1 : 0;
    for (int i = 1; i < *n; i++)
        if (fabs(x[i]) > fabs(x[best - 1]))
            best = i + 1;
    return best;
}

double _Complex zdotc_(const int *n, const double _Complex *x, const int *incx,
                       const double _Complex *y, const int *incy)
{
    (void)incx;
    (void)incy;
    double _Complex s = 0;
    for (int i = 0; i < *n; i++)
        s += conj(x[i]) * y[i];
    return s;
}

float _Complex cdotu_(const int *n, const float _Complex *x, const int *incx,
                      const float _Complex *y, const int *incy)
{
    (void)incx;
    (void)incy;
    float _Complex s = 0;
    for (int i = 0; i < *n; i++)
        s += x[i] * y[i];
    return s;
}

void dcopy_(const int *n, const double *x, const int *incx, double *y, const int *incy)
{
    (void)incx;
    (void)incy;
    for (int i = 0; i < *n; i++)
        y[i] = x[i];
}

/* C := alpha A A^T + beta C, lower or upper triangle, trans 'N' only; 12 arguments, so the
 * last ones arrive on the stack on every ABI. */
void dsyrk_(const char *uplo, const char *trans, const int *n, const int *k,
            const double *alpha, const double *a, const int *lda, const double *beta,
            double *c, const int *ldc, size_t uplo_len, size_t trans_len)
{
    (void)trans;
    if (uplo_len != 1 || trans_len != 1)
        return; /* the hidden lengths must arrive intact */
    int lower = *uplo == 'L' || *uplo == 'l';
    for (int j = 0; j < *n; j++)
        for (int i = lower ? j : 0; i < (lower ? *n : j + 1); i++) {
            double s = 0;
            for (int l = 0; l < *k; l++)
                s += a[i + l * *lda] * a[j + l * *lda];
            c[i + j * *ldc] = *alpha * s + (*beta == 0 ? 0 : *beta * c[i + j * *ldc]);
        }
}
