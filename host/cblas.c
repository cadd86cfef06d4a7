/* cblas.c: the CBLAS names: reference CBLAS argument checks and quick returns, then the native ops.
 *
 * Argument numbers follow reference CBLAS (Reference-LAPACK/lapack CBLAS/src): layout is
 * argument 1, an illegal transpose is reported by the cblas layer itself, every other error
 * is found by the Fortran routine the reference forwards to and renumbered: position + 1
 * for the layout argument, and in row major (where the reference calls the Fortran routine
 * on the transposed problem) the swapped arguments are renamed back (gemm: M 4 <-> N 5,
 * lda 9 <-> ldb 11; gemv: M 3 <-> N 4). The Fortran routine tests its arguments in its own
 * order, so row major reports N before M and ldb before lda. */
#include <math.h>
#include <stdint.h>

#include "basis_cblas.h"
#include "internal.h"
#include "std_scale.h"

/* One argument test in the order the reference performs them. */
typedef struct arg_test {
    int bad;
    int pos;
    const char *form;
    int value;
} arg_test;

/* Calls cblas_xerbla for the first failing test; returns whether one failed. */
static int report_first(const char *rout, const arg_test *t, int count)
{
    for (int i = 0; i < count; i++) {
        if (t[i].bad) {
            cblas_xerbla(t[i].pos, rout, t[i].form, t[i].value);
            return 1;
        }
    }
    return 0;
}

static int max1(int v)
{
    return v > 1 ? v : 1;
}

static int valid_trans(CBLAS_TRANSPOSE t)
{
    return t == CblasNoTrans || t == CblasTrans || t == CblasConjTrans;
}

/* Offset of logical element 0 of a BLAS vector, for the loops below that allow inc == 0. */
static int64_t origin(int n, int inc)
{
    return inc < 0 ? (int64_t)(1 - n) * inc : 0;
}

/* ---- level 1 --------------------------------------------------------------------------
 * Reference semantics: n <= 0 is a quick return; dot and axpy accept any increment, 0
 * included (the native API rejects 0, so those cases are computed here); nrm2 walks a
 * negative increment like a positive one and counts x[0] n times for 0 (BLAS 3.10's
 * dnrm2.f90); scal does nothing for incx <= 0 and multiplies even when alpha is 0, so NaN
 * and Inf in x stay NaN (the native op overwrites with zeros). */

float cblas_sdot(const int N, const float *X, const int incX, const float *Y, const int incY)
{
    if (N <= 0)
        return 0.0f;
    float r = 0.0f;
    if (incX == 0 || incY == 0) {
        int64_t ix = origin(N, incX), iy = origin(N, incY);
        for (int i = 0; i < N; i++, ix += incX, iy += incY)
            r += X[ix] * Y[iy];
        return r;
    }
    if (basis_sdot(NULL, N, X, incX, Y, incY, &r) != BASIS_OK)
        return 0.0f;
    return r;
}

double cblas_ddot(const int N, const double *X, const int incX, const double *Y, const int incY)
{
    if (N <= 0)
        return 0.0;
    double r = 0.0;
    if (incX == 0 || incY == 0) {
        int64_t ix = origin(N, incX), iy = origin(N, incY);
        for (int i = 0; i < N; i++, ix += incX, iy += incY)
            r += X[ix] * Y[iy];
        return r;
    }
    if (basis_ddot(NULL, N, X, incX, Y, incY, &r) != BASIS_OK)
        return 0.0;
    return r;
}

float cblas_snrm2(const int N, const float *X, const int incX)
{
    if (N <= 0)
        return 0.0f;
    if (incX == 0)
        return fabsf(X[0]) * sqrtf((float)N);
    float r = 0.0f;
    if (basis_snrm2(NULL, N, X, incX, &r) != BASIS_OK)
        return 0.0f;
    return r;
}

double cblas_dnrm2(const int N, const double *X, const int incX)
{
    if (N <= 0)
        return 0.0;
    if (incX == 0)
        return fabs(X[0]) * sqrt((double)N);
    double r = 0.0;
    if (basis_dnrm2(NULL, N, X, incX, &r) != BASIS_OK)
        return 0.0;
    return r;
}

void cblas_saxpy(const int N, const float alpha, const float *X, const int incX, float *Y,
                 const int incY)
{
    if (N <= 0 || alpha == 0.0f)
        return;
    if (incX == 0 || incY == 0) {
        int64_t ix = origin(N, incX), iy = origin(N, incY);
        for (int i = 0; i < N; i++, ix += incX, iy += incY)
            Y[iy] += alpha * X[ix];
        return;
    }
    (void)basis_saxpy(NULL, N, alpha, X, incX, Y, incY);
}

void cblas_daxpy(const int N, const double alpha, const double *X, const int incX, double *Y,
                 const int incY)
{
    if (N <= 0 || alpha == 0.0)
        return;
    if (incX == 0 || incY == 0) {
        int64_t ix = origin(N, incX), iy = origin(N, incY);
        for (int i = 0; i < N; i++, ix += incX, iy += incY)
            Y[iy] += alpha * X[ix];
        return;
    }
    (void)basis_daxpy(NULL, N, alpha, X, incX, Y, incY);
}

void cblas_sscal(const int N, const float alpha, float *X, const int incX)
{
    if (N <= 0 || incX <= 0)
        return;
    if (alpha == 0.0f) {
        for (int64_t i = 0; i < N; i++)
            X[i * incX] *= alpha;
        return;
    }
    (void)basis_sscal(NULL, N, alpha, X, incX);
}

void cblas_dscal(const int N, const double alpha, double *X, const int incX)
{
    if (N <= 0 || incX <= 0)
        return;
    if (alpha == 0.0) {
        for (int64_t i = 0; i < N; i++)
            X[i * incX] *= alpha;
        return;
    }
    (void)basis_dscal(NULL, N, alpha, X, incX);
}

/* ---- level 2 and 3 -------------------------------------------------------------------- */

/* Reference cblas_?gemv's checks; returns whether the call is illegal (cblas_xerbla called).
 * Row major: the reference runs Fortran ?gemv on A^T (M and N swapped), whose leading
 * dimension test is then lda >= max(1, N). */
static int gemv_illegal(const char *rout, CBLAS_LAYOUT layout, CBLAS_TRANSPOSE trans, int m,
                        int n, int lda, int incx, int incy)
{
    int col = layout == CblasColMajor;
    if (!col && layout != CblasRowMajor) {
        cblas_xerbla(1, rout, "Illegal layout setting, %d\n", (int)layout);
        return 1;
    }
    if (!valid_trans(trans)) {
        cblas_xerbla(2, rout, "Illegal TransA setting, %d\n", (int)trans);
        return 1;
    }
    arg_test t[5] = {
        {m < 0, 3, "Illegal M setting, %d\n", m},
        {n < 0, 4, "Illegal N setting, %d\n", n},
        {lda < max1(col ? m : n), 7, "Illegal lda setting, %d\n", lda},
        {incx == 0, 9, "Illegal incX setting, %d\n", incx},
        {incy == 0, 12, "Illegal incY setting, %d\n", incy},
    };
    if (!col) {
        arg_test mt = t[0];
        t[0] = t[1];
        t[1] = mt;
    }
    return report_first(rout, t, 5);
}

/* Reference cblas_?gemm's checks. Row major: the reference computes C^T = B^T A^T with
 * Fortran ?gemm, so A's and B's roles (and M and N) swap in the Fortran order of tests. */
static int gemm_illegal(const char *rout, CBLAS_LAYOUT layout, CBLAS_TRANSPOSE ta,
                        CBLAS_TRANSPOSE tb, int m, int n, int k, int lda, int ldb, int ldc)
{
    int col = layout == CblasColMajor;
    if (!col && layout != CblasRowMajor) {
        cblas_xerbla(1, rout, "Illegal layout setting, %d\n", (int)layout);
        return 1;
    }
    if (!valid_trans(ta)) {
        cblas_xerbla(2, rout, "Illegal TransA setting, %d\n", (int)ta);
        return 1;
    }
    if (!valid_trans(tb)) {
        cblas_xerbla(3, rout, "Illegal TransB setting, %d\n", (int)tb);
        return 1;
    }
    int nota = ta == CblasNoTrans, notb = tb == CblasNoTrans;
    /* The extent each leading dimension must cover: rows of the stored matrix in column
     * major, its columns in row major. */
    int need_a = col ? (nota ? m : k) : (nota ? k : m);
    int need_b = col ? (notb ? k : n) : (notb ? n : k);
    int need_c = col ? m : n;
    arg_test t[6] = {
        {m < 0, 4, "Illegal M setting, %d\n", m},
        {n < 0, 5, "Illegal N setting, %d\n", n},
        {k < 0, 6, "Illegal K setting, %d\n", k},
        {lda < max1(need_a), 9, "Illegal lda setting, %d\n", lda},
        {ldb < max1(need_b), 11, "Illegal ldb setting, %d\n", ldb},
        {ldc < max1(need_c), 14, "Illegal ldc setting, %d\n", ldc},
    };
    if (!col) {
        arg_test s = t[0];
        t[0] = t[1];
        t[1] = s;
        s = t[3];
        t[3] = t[4];
        t[4] = s;
    }
    return report_first(rout, t, 6);
}

void cblas_sgemv(const CBLAS_LAYOUT layout, const CBLAS_TRANSPOSE TransA, const int M,
                 const int N, const float alpha, const float *A, const int lda, const float *X,
                 const int incX, const float beta, float *Y, const int incY)
{
    if (gemv_illegal("cblas_sgemv", layout, TransA, M, N, lda, incX, incY))
        return;
    if (M == 0 || N == 0 || (alpha == 0.0f && beta == 1.0f))
        return;
    if (alpha == 0.0f) { /* A and X are not read: they may hold NaN or be NULL */
        basis_std_scale_vec_s(TransA == CblasNoTrans ? M : N, beta, Y, incY);
        return;
    }
    (void)basis_sgemv(NULL, (basis_layout)layout, (basis_trans)TransA, M, N, alpha, A, lda, X,
                      incX, beta, Y, incY);
}

void cblas_dgemv(const CBLAS_LAYOUT layout, const CBLAS_TRANSPOSE TransA, const int M,
                 const int N, const double alpha, const double *A, const int lda,
                 const double *X, const int incX, const double beta, double *Y, const int incY)
{
    if (gemv_illegal("cblas_dgemv", layout, TransA, M, N, lda, incX, incY))
        return;
    if (M == 0 || N == 0 || (alpha == 0.0 && beta == 1.0))
        return;
    if (alpha == 0.0) { /* A and X are not read: they may hold NaN or be NULL */
        basis_std_scale_vec_d(TransA == CblasNoTrans ? M : N, beta, Y, incY);
        return;
    }
    (void)basis_dgemv(NULL, (basis_layout)layout, (basis_trans)TransA, M, N, alpha, A, lda, X,
                      incX, beta, Y, incY);
}

void cblas_sgemm(const CBLAS_LAYOUT layout, const CBLAS_TRANSPOSE TransA,
                 const CBLAS_TRANSPOSE TransB, const int M, const int N, const int K,
                 const float alpha, const float *A, const int lda, const float *B,
                 const int ldb, const float beta, float *C, const int ldc)
{
    if (gemm_illegal("cblas_sgemm", layout, TransA, TransB, M, N, K, lda, ldb, ldc))
        return;
    if (M == 0 || N == 0 || ((alpha == 0.0f || K == 0) && beta == 1.0f))
        return;
    if (alpha == 0.0f || K == 0) { /* A and B are not read: they may hold NaN or be NULL */
        if (layout == CblasColMajor)
            basis_std_scale_s(M, N, beta, C, ldc);
        else
            basis_std_scale_s(N, M, beta, C, ldc);
        return;
    }
    (void)basis_sgemm(NULL, (basis_layout)layout, (basis_trans)TransA, (basis_trans)TransB, M,
                      N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

void cblas_dgemm(const CBLAS_LAYOUT layout, const CBLAS_TRANSPOSE TransA,
                 const CBLAS_TRANSPOSE TransB, const int M, const int N, const int K,
                 const double alpha, const double *A, const int lda, const double *B,
                 const int ldb, const double beta, double *C, const int ldc)
{
    if (gemm_illegal("cblas_dgemm", layout, TransA, TransB, M, N, K, lda, ldb, ldc))
        return;
    if (M == 0 || N == 0 || ((alpha == 0.0 || K == 0) && beta == 1.0))
        return;
    if (alpha == 0.0 || K == 0) { /* A and B are not read: they may hold NaN or be NULL */
        if (layout == CblasColMajor)
            basis_std_scale_d(M, N, beta, C, ldc);
        else
            basis_std_scale_d(N, M, beta, C, ldc);
        return;
    }
    (void)basis_dgemm(NULL, (basis_layout)layout, (basis_trans)TransA, (basis_trans)TransB, M,
                      N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}
