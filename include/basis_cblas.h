/* basis_cblas.h: the standard BLAS/LAPACK names basis implements (CBLAS, LAPACKE, Fortran ABI).
 *
 * basis implements every name declared here itself, on top of its native API (basis.h);
 * nothing is forwarded to another BLAS or LAPACK:
 *   CBLAS    cblas_sdot cblas_ddot cblas_snrm2 cblas_dnrm2 cblas_saxpy cblas_daxpy
 *            cblas_sscal cblas_dscal cblas_sgemv cblas_dgemv cblas_sgemm cblas_dgemm
 *            cblas_xerbla
 *   LAPACKE  LAPACKE_sgetrf LAPACKE_dgetrf LAPACKE_sgetrs LAPACKE_dgetrs LAPACKE_sgesv
 *            LAPACKE_dgesv LAPACKE_sgetri LAPACKE_dgetri
 *   Fortran  sdot_ ddot_ snrm2_ dnrm2_ saxpy_ daxpy_ sscal_ dscal_ sgemv_ dgemv_ sgemm_
 *            dgemm_ sgetrf_ dgetrf_ sgetrs_ dgetrs_ sgesv_ dgesv_ sgetri_ dgetri_ xerbla_
 * No other CBLAS, LAPACKE or Fortran name is provided by libbasis; libbasis_blas.so adds a
 * forwarder to the system BLAS/LAPACK for every other BLAS, CBLAS and LAPACK name
 * (docs/dropin.md). The installed cblas.h and lapacke.h (in include/basis/, on the
 * pkg-config and CMake include path) include this header, so programs written against
 * those names build unchanged.
 *
 * ABI: LP64 (the one Debian's libblas3/liblapack3 use): CBLAS sizes, lapack_int and Fortran
 * INTEGER are 32-bit int. The Fortran names follow gfortran: every argument by pointer, one
 * hidden size_t length per CHARACTER argument appended at the end (basis never reads them,
 * so C callers that omit them work too), REAL functions return float.
 *
 * Argument errors behave as the reference (netlib) implementations, with the same argument
 * numbers: cblas_* call cblas_xerbla, the Fortran names call xerbla_, LAPACKE_* return
 * -(argument position). Unlike the reference XERBLA, the default handlers never stop the
 * program: they store the message in basis_last_error() (printed only under BASIS_VERBOSE)
 * and the routine returns with its outputs untouched. Both handlers live alone in their own
 * object file, so a program may define its own xerbla_ / cblas_xerbla to replace them.
 *
 * Do not include this header together with another BLAS's cblas.h / lapacke.h / f77blas.h:
 * the Fortran prototypes of different vendors disagree on the hidden length arguments. */
#ifndef BASIS_CBLAS_H
#define BASIS_CBLAS_H

#include <stddef.h>

#include "basis.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- CBLAS -------------------------------------------------------------------------- */

#ifndef CBLAS_INDEX
#define CBLAS_INDEX size_t
#endif

typedef enum CBLAS_LAYOUT { CblasRowMajor = 101, CblasColMajor = 102 } CBLAS_LAYOUT;
typedef enum CBLAS_TRANSPOSE {
    CblasNoTrans = 111,
    CblasTrans = 112,
    CblasConjTrans = 113
} CBLAS_TRANSPOSE;
/* The other CBLAS argument types, for source compatibility with programs written against a
 * full cblas.h (basis has no routine that takes them; libbasis_blas forwards those). */
typedef enum CBLAS_UPLO { CblasUpper = 121, CblasLower = 122 } CBLAS_UPLO;
typedef enum CBLAS_DIAG { CblasNonUnit = 131, CblasUnit = 132 } CBLAS_DIAG;
typedef enum CBLAS_SIDE { CblasLeft = 141, CblasRight = 142 } CBLAS_SIDE;
/* The older name of CBLAS_LAYOUT; as a macro, both `CBLAS_ORDER` and `enum CBLAS_ORDER` work. */
#define CBLAS_ORDER CBLAS_LAYOUT

BASIS_API float cblas_sdot(const int N, const float *X, const int incX, const float *Y,
                           const int incY);
BASIS_API double cblas_ddot(const int N, const double *X, const int incX, const double *Y,
                            const int incY);
BASIS_API float cblas_snrm2(const int N, const float *X, const int incX);
BASIS_API double cblas_dnrm2(const int N, const double *X, const int incX);
BASIS_API void cblas_saxpy(const int N, const float alpha, const float *X, const int incX,
                           float *Y, const int incY);
BASIS_API void cblas_daxpy(const int N, const double alpha, const double *X, const int incX,
                           double *Y, const int incY);
BASIS_API void cblas_sscal(const int N, const float alpha, float *X, const int incX);
BASIS_API void cblas_dscal(const int N, const double alpha, double *X, const int incX);

BASIS_API void cblas_sgemv(const CBLAS_LAYOUT layout, const CBLAS_TRANSPOSE TransA,
                           const int M, const int N, const float alpha, const float *A,
                           const int lda, const float *X, const int incX, const float beta,
                           float *Y, const int incY);
BASIS_API void cblas_dgemv(const CBLAS_LAYOUT layout, const CBLAS_TRANSPOSE TransA,
                           const int M, const int N, const double alpha, const double *A,
                           const int lda, const double *X, const int incX, const double beta,
                           double *Y, const int incY);
BASIS_API void cblas_sgemm(const CBLAS_LAYOUT layout, const CBLAS_TRANSPOSE TransA,
                           const CBLAS_TRANSPOSE TransB, const int M, const int N, const int K,
                           const float alpha, const float *A, const int lda, const float *B,
                           const int ldb, const float beta, float *C, const int ldc);
BASIS_API void cblas_dgemm(const CBLAS_LAYOUT layout, const CBLAS_TRANSPOSE TransA,
                           const CBLAS_TRANSPOSE TransB, const int M, const int N, const int K,
                           const double alpha, const double *A, const int lda, const double *B,
                           const int ldb, const double beta, double *C, const int ldc);

/* Called with the routine name ("cblas_dgemm") and the 1-based position p of the first
 * illegal argument in the cblas_* argument list; form and the arguments after it describe
 * it printf-style. Unlike reference CBLAS, p is already the final position in both layouts
 * (the reference passes the pre-swap number and lets its handler renumber row-major calls
 * from a global flag) and rout carries no trailing blank. */
BASIS_API void cblas_xerbla(int p, const char *rout, const char *form, ...);

/* ---- LAPACKE ------------------------------------------------------------------------ */

#ifndef lapack_int
#define lapack_int int
#endif
/* basis is built for LP64 only: a lapack_int redefined to 64 bits would not match. */
typedef char basis_lapack_int_must_be_int[sizeof(lapack_int) == sizeof(int) ? 1 : -1];

#ifndef LAPACK_ROW_MAJOR
#define LAPACK_ROW_MAJOR 101
#endif
#ifndef LAPACK_COL_MAJOR
#define LAPACK_COL_MAJOR 102
#endif
#ifndef LAPACK_WORK_MEMORY_ERROR
#define LAPACK_WORK_MEMORY_ERROR -1010
#endif
#ifndef LAPACK_TRANSPOSE_MEMORY_ERROR
#define LAPACK_TRANSPOSE_MEMORY_ERROR -1011
#endif
/* basis extension: returned by LAPACKE_* (and stored in the Fortran INFO) when basis
 * itself could not run the call after the arguments were accepted, e.g. the backend
 * forced with BASIS_BACKEND is not usable here; basis_last_error() says why. */
#define BASIS_LAPACK_FAILED -1012

/* Return 0 on success; -i when argument i (1-based, matrix_layout is 1) is illegal, as
 * reference LAPACKE including its NaN check of the input matrices (on unless the
 * environment sets LAPACKE_NANCHECK=0); i > 0 when U(i,i) is exactly zero. ipiv is
 * 1-based, as in LAPACK. Deviations: LAPACKE_?getrs returns i > 0 with B untouched when
 * U(i,i) is zero (the reference divides by zero), and an ipiv entry outside 1..n is an
 * illegal argument (-(position of ipiv)) where the reference would read out of bounds. */
BASIS_API lapack_int LAPACKE_sgetrf(int matrix_layout, lapack_int m, lapack_int n, float *a,
                                    lapack_int lda, lapack_int *ipiv);
BASIS_API lapack_int LAPACKE_dgetrf(int matrix_layout, lapack_int m, lapack_int n, double *a,
                                    lapack_int lda, lapack_int *ipiv);
BASIS_API lapack_int LAPACKE_sgetrs(int matrix_layout, char trans, lapack_int n,
                                    lapack_int nrhs, const float *a, lapack_int lda,
                                    const lapack_int *ipiv, float *b, lapack_int ldb);
BASIS_API lapack_int LAPACKE_dgetrs(int matrix_layout, char trans, lapack_int n,
                                    lapack_int nrhs, const double *a, lapack_int lda,
                                    const lapack_int *ipiv, double *b, lapack_int ldb);
BASIS_API lapack_int LAPACKE_sgesv(int matrix_layout, lapack_int n, lapack_int nrhs, float *a,
                                   lapack_int lda, lapack_int *ipiv, float *b, lapack_int ldb);
BASIS_API lapack_int LAPACKE_dgesv(int matrix_layout, lapack_int n, lapack_int nrhs, double *a,
                                   lapack_int lda, lapack_int *ipiv, double *b, lapack_int ldb);
BASIS_API lapack_int LAPACKE_sgetri(int matrix_layout, lapack_int n, float *a, lapack_int lda,
                                    const lapack_int *ipiv);
BASIS_API lapack_int LAPACKE_dgetri(int matrix_layout, lapack_int n, double *a, lapack_int lda,
                                    const lapack_int *ipiv);

/* ---- Fortran ABI (column major, 1-based ipiv) --------------------------------------- */

BASIS_API float sdot_(const int *n, const float *x, const int *incx, const float *y,
                      const int *incy);
BASIS_API double ddot_(const int *n, const double *x, const int *incx, const double *y,
                       const int *incy);
BASIS_API float snrm2_(const int *n, const float *x, const int *incx);
BASIS_API double dnrm2_(const int *n, const double *x, const int *incx);
BASIS_API void saxpy_(const int *n, const float *alpha, const float *x, const int *incx,
                      float *y, const int *incy);
BASIS_API void daxpy_(const int *n, const double *alpha, const double *x, const int *incx,
                      double *y, const int *incy);
BASIS_API void sscal_(const int *n, const float *alpha, float *x, const int *incx);
BASIS_API void dscal_(const int *n, const double *alpha, double *x, const int *incx);

BASIS_API void sgemv_(const char *trans, const int *m, const int *n, const float *alpha,
                      const float *a, const int *lda, const float *x, const int *incx,
                      const float *beta, float *y, const int *incy, size_t trans_len);
BASIS_API void dgemv_(const char *trans, const int *m, const int *n, const double *alpha,
                      const double *a, const int *lda, const double *x, const int *incx,
                      const double *beta, double *y, const int *incy, size_t trans_len);
BASIS_API void sgemm_(const char *transa, const char *transb, const int *m, const int *n,
                      const int *k, const float *alpha, const float *a, const int *lda,
                      const float *b, const int *ldb, const float *beta, float *c,
                      const int *ldc, size_t transa_len, size_t transb_len);
BASIS_API void dgemm_(const char *transa, const char *transb, const int *m, const int *n,
                      const int *k, const double *alpha, const double *a, const int *lda,
                      const double *b, const int *ldb, const double *beta, double *c,
                      const int *ldc, size_t transa_len, size_t transb_len);

/* INFO as reference LAPACK (the same deviations as LAPACKE_*: ?getrs_ reports a zero
 * U(i,i) in INFO = i, an ipiv entry outside 1..n is an illegal argument); INFO is
 * LAPACK_WORK_MEMORY_ERROR or BASIS_LAPACK_FAILED when basis could not run the call. */
BASIS_API void sgetrf_(const int *m, const int *n, float *a, const int *lda, int *ipiv,
                       int *info);
BASIS_API void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv,
                       int *info);
BASIS_API void sgetrs_(const char *trans, const int *n, const int *nrhs, const float *a,
                       const int *lda, const int *ipiv, float *b, const int *ldb, int *info,
                       size_t trans_len);
BASIS_API void dgetrs_(const char *trans, const int *n, const int *nrhs, const double *a,
                       const int *lda, const int *ipiv, double *b, const int *ldb, int *info,
                       size_t trans_len);
BASIS_API void sgesv_(const int *n, const int *nrhs, float *a, const int *lda, int *ipiv,
                      float *b, const int *ldb, int *info);
BASIS_API void dgesv_(const int *n, const int *nrhs, double *a, const int *lda, int *ipiv,
                      double *b, const int *ldb, int *info);
/* lwork = -1 is a workspace query: work[0] = max(1, n), the optimal size. */
BASIS_API void sgetri_(const int *n, float *a, const int *lda, const int *ipiv, float *work,
                       const int *lwork, int *info);
BASIS_API void dgetri_(const int *n, double *a, const int *lda, const int *ipiv, double *work,
                       const int *lwork, int *info);

/* Called with the routine name as LAPACK spells it, blank-padded to len characters and
 * not NUL-terminated ("DGEMM ", len 6), and the position of the illegal argument. */
BASIS_API void xerbla_(const char *srname, const int *info, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* BASIS_CBLAS_H */
