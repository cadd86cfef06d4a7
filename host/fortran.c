/* fortran.c: the Fortran ABI names (dgemm_, dgetrf_, ...): reference BLAS/LAPACK checks and INFO, then the native ops.
 *
 * Each routine tests its arguments in the order of the reference source (BLAS/SRC/?gemm.f,
 * ?gemv.f, SRC/?getrf.f, ?getrs.f, ?gesv.f, ?getri.f in Reference-LAPACK/lapack) and
 * reports the first failure as XERBLA does: xerbla_ with the routine name blank-padded to
 * 6 characters and the argument's position; the LAPACK routines also set INFO = -position.
 * Everything is column major; ipiv is 1-based int here and 0-based int64 in the native API,
 * converted through a workspace. */
#include <stdint.h>

#include "basis_cblas.h"
#include "internal.h"
#include "std_pivots.h"
#include "std_scale.h"

static int max1(int v)
{
    return v > 1 ? v : 1;
}

static int min_int(int a, int b)
{
    return a < b ? a : b;
}

/* LSAME: a CHARACTER argument compared case-insensitively on its first character. */
static int lsame(const char *c, char upper)
{
    return c && (*c == upper || *c == upper + ('a' - 'A'));
}

/* 'N' -> NO_TRANS, 'T' -> TRANS, 'C' -> CONJ_TRANS (the same for real data); 0 if none. */
static basis_trans parse_trans(const char *c)
{
    if (lsame(c, 'N'))
        return BASIS_NO_TRANS;
    if (lsame(c, 'T'))
        return BASIS_TRANS;
    if (lsame(c, 'C'))
        return BASIS_CONJ_TRANS;
    return (basis_trans)0;
}

/* Reports an illegal argument as reference routines do; name is 6 characters. */
static void report(const char *name, int pos)
{
    xerbla_(name, &pos, 6);
}

/* ---- level 1: the same semantics as the CBLAS names ---------------------------------- */

float sdot_(const int *n, const float *x, const int *incx, const float *y, const int *incy)
{
    return cblas_sdot(*n, x, *incx, y, *incy);
}

double ddot_(const int *n, const double *x, const int *incx, const double *y, const int *incy)
{
    return cblas_ddot(*n, x, *incx, y, *incy);
}

float snrm2_(const int *n, const float *x, const int *incx)
{
    return cblas_snrm2(*n, x, *incx);
}

double dnrm2_(const int *n, const double *x, const int *incx)
{
    return cblas_dnrm2(*n, x, *incx);
}

void saxpy_(const int *n, const float *alpha, const float *x, const int *incx, float *y,
            const int *incy)
{
    cblas_saxpy(*n, *alpha, x, *incx, y, *incy);
}

void daxpy_(const int *n, const double *alpha, const double *x, const int *incx, double *y,
            const int *incy)
{
    cblas_daxpy(*n, *alpha, x, *incx, y, *incy);
}

void sscal_(const int *n, const float *alpha, float *x, const int *incx)
{
    cblas_sscal(*n, *alpha, x, *incx);
}

void dscal_(const int *n, const double *alpha, double *x, const int *incx)
{
    cblas_dscal(*n, *alpha, x, *incx);
}

/* ---- level 2 and 3 -------------------------------------------------------------------- */

/* ?gemv.f: TRANS 1, M 2, N 3, LDA 6 (>= max(1, M)), INCX 8, INCY 11. */
static int gemv_info(basis_trans t, int m, int n, int lda, int incx, int incy)
{
    if (t == 0)
        return 1;
    if (m < 0)
        return 2;
    if (n < 0)
        return 3;
    if (lda < max1(m))
        return 6;
    if (incx == 0)
        return 8;
    if (incy == 0)
        return 11;
    return 0;
}

/* ?gemm.f: TRANSA 1, TRANSB 2, M 3, N 4, K 5, LDA 8 (rows of stored A), LDB 10 (rows of
 * stored B), LDC 13 (>= max(1, M)). */
static int gemm_info(basis_trans ta, basis_trans tb, int m, int n, int k, int lda, int ldb,
                     int ldc)
{
    if (ta == 0)
        return 1;
    if (tb == 0)
        return 2;
    if (m < 0)
        return 3;
    if (n < 0)
        return 4;
    if (k < 0)
        return 5;
    if (lda < max1(ta == BASIS_NO_TRANS ? m : k))
        return 8;
    if (ldb < max1(tb == BASIS_NO_TRANS ? k : n))
        return 10;
    if (ldc < max1(m))
        return 13;
    return 0;
}

void sgemv_(const char *trans, const int *m, const int *n, const float *alpha, const float *a,
            const int *lda, const float *x, const int *incx, const float *beta, float *y,
            const int *incy, size_t trans_len)
{
    (void)trans_len;
    basis_trans t = parse_trans(trans);
    int info = gemv_info(t, *m, *n, *lda, *incx, *incy);
    if (info) {
        report("SGEMV ", info);
        return;
    }
    if (*m == 0 || *n == 0 || (*alpha == 0.0f && *beta == 1.0f))
        return;
    if (*alpha == 0.0f) { /* A and X are not read: they may hold NaN or be NULL */
        basis_std_scale_vec_s(t == BASIS_NO_TRANS ? *m : *n, *beta, y, *incy);
        return;
    }
    (void)basis_sgemv(NULL, BASIS_COL_MAJOR, t, *m, *n, *alpha, a, *lda, x, *incx, *beta, y,
                      *incy);
}

void dgemv_(const char *trans, const int *m, const int *n, const double *alpha,
            const double *a, const int *lda, const double *x, const int *incx,
            const double *beta, double *y, const int *incy, size_t trans_len)
{
    (void)trans_len;
    basis_trans t = parse_trans(trans);
    int info = gemv_info(t, *m, *n, *lda, *incx, *incy);
    if (info) {
        report("DGEMV ", info);
        return;
    }
    if (*m == 0 || *n == 0 || (*alpha == 0.0 && *beta == 1.0))
        return;
    if (*alpha == 0.0) { /* A and X are not read: they may hold NaN or be NULL */
        basis_std_scale_vec_d(t == BASIS_NO_TRANS ? *m : *n, *beta, y, *incy);
        return;
    }
    (void)basis_dgemv(NULL, BASIS_COL_MAJOR, t, *m, *n, *alpha, a, *lda, x, *incx, *beta, y,
                      *incy);
}

void sgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
            const float *alpha, const float *a, const int *lda, const float *b, const int *ldb,
            const float *beta, float *c, const int *ldc, size_t transa_len, size_t transb_len)
{
    (void)transa_len;
    (void)transb_len;
    basis_trans ta = parse_trans(transa), tb = parse_trans(transb);
    int info = gemm_info(ta, tb, *m, *n, *k, *lda, *ldb, *ldc);
    if (info) {
        report("SGEMM ", info);
        return;
    }
    if (*m == 0 || *n == 0 || ((*alpha == 0.0f || *k == 0) && *beta == 1.0f))
        return;
    if (*alpha == 0.0f || *k == 0) { /* A and B are not read: they may hold NaN or be NULL */
        basis_std_scale_s(*m, *n, *beta, c, *ldc);
        return;
    }
    (void)basis_sgemm(NULL, BASIS_COL_MAJOR, ta, tb, *m, *n, *k, *alpha, a, *lda, b, *ldb,
                      *beta, c, *ldc);
}

void dgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
            const double *alpha, const double *a, const int *lda, const double *b,
            const int *ldb, const double *beta, double *c, const int *ldc, size_t transa_len,
            size_t transb_len)
{
    (void)transa_len;
    (void)transb_len;
    basis_trans ta = parse_trans(transa), tb = parse_trans(transb);
    int info = gemm_info(ta, tb, *m, *n, *k, *lda, *ldb, *ldc);
    if (info) {
        report("DGEMM ", info);
        return;
    }
    if (*m == 0 || *n == 0 || ((*alpha == 0.0 || *k == 0) && *beta == 1.0))
        return;
    if (*alpha == 0.0 || *k == 0) { /* A and B are not read: they may hold NaN or be NULL */
        basis_std_scale_d(*m, *n, *beta, c, *ldc);
        return;
    }
    (void)basis_dgemm(NULL, BASIS_COL_MAJOR, ta, tb, *m, *n, *k, *alpha, a, *lda, b, *ldb,
                      *beta, c, *ldc);
}

/* ---- LU ------------------------------------------------------------------------------- */

/* ?getrf.f: M 1, N 2, LDA 4 (>= max(1, M)). */
static int getrf_info(int m, int n, int lda)
{
    return m < 0 ? 1 : n < 0 ? 2 : lda < max1(m) ? 4 : 0;
}

/* ?getrs.f: TRANS 1, N 2, NRHS 3, LDA 5, LDB 8 (both >= max(1, N)). */
static int getrs_info(basis_trans t, int n, int nrhs, int lda, int ldb)
{
    return t == 0 ? 1 : n < 0 ? 2 : nrhs < 0 ? 3 : lda < max1(n) ? 5 : ldb < max1(n) ? 8 : 0;
}

/* ?gesv.f: N 1, NRHS 2, LDA 4, LDB 7 (both >= max(1, N)). */
static int gesv_info(int n, int nrhs, int lda, int ldb)
{
    return n < 0 ? 1 : nrhs < 0 ? 2 : lda < max1(n) ? 4 : ldb < max1(n) ? 7 : 0;
}

/* ?getri.f: N 1, LDA 3, LWORK 6 (>= max(1, N) unless -1, the workspace query). */
static int getri_info(int n, int lda, int lwork)
{
    return n < 0 ? 1 : lda < max1(n) ? 3 : (lwork < max1(n) && lwork != -1) ? 6 : 0;
}

void sgetrf_(const int *m, const int *n, float *a, const int *lda, int *ipiv, int *info)
{
    int bad = getrf_info(*m, *n, *lda);
    if (bad) {
        *info = -bad;
        report("SGETRF", bad);
        return;
    }
    *info = 0;
    int count = min_int(*m, *n);
    if (count == 0)
        return;
    int64_t *piv = basis_std_pivots_alloc(count);
    if (!piv) {
        *info = LAPACK_WORK_MEMORY_ERROR;
        return;
    }
    basis_status s = basis_sgetrf(NULL, BASIS_COL_MAJOR, *m, *n, a, *lda, piv);
    if (s == BASIS_OK || s == BASIS_ERR_SINGULAR) {
        basis_std_pivots_out(count, piv, ipiv);
        *info = s == BASIS_OK ? 0 : basis_std_first_zero_s(count, a, *lda);
    } else {
        *info = basis_std_failed_info(s);
    }
    basis_free(piv);
}

void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv, int *info)
{
    int bad = getrf_info(*m, *n, *lda);
    if (bad) {
        *info = -bad;
        report("DGETRF", bad);
        return;
    }
    *info = 0;
    int count = min_int(*m, *n);
    if (count == 0)
        return;
    int64_t *piv = basis_std_pivots_alloc(count);
    if (!piv) {
        *info = LAPACK_WORK_MEMORY_ERROR;
        return;
    }
    basis_status s = basis_dgetrf(NULL, BASIS_COL_MAJOR, *m, *n, a, *lda, piv);
    if (s == BASIS_OK || s == BASIS_ERR_SINGULAR) {
        basis_std_pivots_out(count, piv, ipiv);
        *info = s == BASIS_OK ? 0 : basis_std_first_zero_d(count, a, *lda);
    } else {
        *info = basis_std_failed_info(s);
    }
    basis_free(piv);
}

void sgetrs_(const char *trans, const int *n, const int *nrhs, const float *a, const int *lda,
             const int *ipiv, float *b, const int *ldb, int *info, size_t trans_len)
{
    (void)trans_len;
    basis_trans t = parse_trans(trans);
    int bad = getrs_info(t, *n, *nrhs, *lda, *ldb);
    if (bad) {
        *info = -bad;
        report("SGETRS", bad);
        return;
    }
    *info = 0;
    if (*n == 0 || *nrhs == 0)
        return;
    int64_t *piv = basis_std_pivots_alloc(*n);
    if (!piv) {
        *info = LAPACK_WORK_MEMORY_ERROR;
        return;
    }
    int at = basis_std_pivots_in(*n, *n, ipiv, piv);
    if (at) {
        *info = -6;
        report("SGETRS", 6);
        basis_fail(BASIS_ERR_ARGUMENT, "SGETRS: IPIV(%d) = %d is outside 1..N = %d", at,
                   ipiv[at - 1], *n);
    } else {
        basis_status s = basis_sgetrs(NULL, BASIS_COL_MAJOR, t, *n, *nrhs, a, *lda, piv, b,
                                      *ldb);
        if (s == BASIS_ERR_SINGULAR)
            *info = basis_std_first_zero_s(*n, a, *lda);
        else if (s != BASIS_OK)
            *info = basis_std_failed_info(s);
    }
    basis_free(piv);
}

void dgetrs_(const char *trans, const int *n, const int *nrhs, const double *a,
             const int *lda, const int *ipiv, double *b, const int *ldb, int *info,
             size_t trans_len)
{
    (void)trans_len;
    basis_trans t = parse_trans(trans);
    int bad = getrs_info(t, *n, *nrhs, *lda, *ldb);
    if (bad) {
        *info = -bad;
        report("DGETRS", bad);
        return;
    }
    *info = 0;
    if (*n == 0 || *nrhs == 0)
        return;
    int64_t *piv = basis_std_pivots_alloc(*n);
    if (!piv) {
        *info = LAPACK_WORK_MEMORY_ERROR;
        return;
    }
    int at = basis_std_pivots_in(*n, *n, ipiv, piv);
    if (at) {
        *info = -6;
        report("DGETRS", 6);
        basis_fail(BASIS_ERR_ARGUMENT, "DGETRS: IPIV(%d) = %d is outside 1..N = %d", at,
                   ipiv[at - 1], *n);
    } else {
        basis_status s = basis_dgetrs(NULL, BASIS_COL_MAJOR, t, *n, *nrhs, a, *lda, piv, b,
                                      *ldb);
        if (s == BASIS_ERR_SINGULAR)
            *info = basis_std_first_zero_d(*n, a, *lda);
        else if (s != BASIS_OK)
            *info = basis_std_failed_info(s);
    }
    basis_free(piv);
}

void sgesv_(const int *n, const int *nrhs, float *a, const int *lda, int *ipiv, float *b,
            const int *ldb, int *info)
{
    int bad = gesv_info(*n, *nrhs, *lda, *ldb);
    if (bad) {
        *info = -bad;
        report("SGESV ", bad);
        return;
    }
    *info = 0;
    if (*n == 0)
        return;
    int64_t *piv = basis_std_pivots_alloc(*n);
    if (!piv) {
        *info = LAPACK_WORK_MEMORY_ERROR;
        return;
    }
    basis_status s = basis_sgesv(NULL, BASIS_COL_MAJOR, *n, *nrhs, a, *lda, piv, b, *ldb);
    if (s == BASIS_OK || s == BASIS_ERR_SINGULAR) {
        basis_std_pivots_out(*n, piv, ipiv);
        *info = s == BASIS_OK ? 0 : basis_std_first_zero_s(*n, a, *lda);
    } else {
        *info = basis_std_failed_info(s);
    }
    basis_free(piv);
}

void dgesv_(const int *n, const int *nrhs, double *a, const int *lda, int *ipiv, double *b,
            const int *ldb, int *info)
{
    int bad = gesv_info(*n, *nrhs, *lda, *ldb);
    if (bad) {
        *info = -bad;
        report("DGESV ", bad);
        return;
    }
    *info = 0;
    if (*n == 0)
        return;
    int64_t *piv = basis_std_pivots_alloc(*n);
    if (!piv) {
        *info = LAPACK_WORK_MEMORY_ERROR;
        return;
    }
    basis_status s = basis_dgesv(NULL, BASIS_COL_MAJOR, *n, *nrhs, a, *lda, piv, b, *ldb);
    if (s == BASIS_OK || s == BASIS_ERR_SINGULAR) {
        basis_std_pivots_out(*n, piv, ipiv);
        *info = s == BASIS_OK ? 0 : basis_std_first_zero_d(*n, a, *lda);
    } else {
        *info = basis_std_failed_info(s);
    }
    basis_free(piv);
}

/* The reference writes WORK(1) = the optimal LWORK before testing anything; basis needs no
 * workspace of the caller, so the optimum is the minimum, max(1, N). A singular U is found
 * before A is touched, as the reference's ?trtri does. */
void sgetri_(const int *n, float *a, const int *lda, const int *ipiv, float *work,
             const int *lwork, int *info)
{
    if (work)
        work[0] = (float)max1(*n);
    int bad = getri_info(*n, *lda, *lwork);
    if (bad) {
        *info = -bad;
        report("SGETRI", bad);
        return;
    }
    *info = 0;
    if (*lwork == -1 || *n == 0)
        return;
    int64_t *piv = basis_std_pivots_alloc(*n);
    if (!piv) {
        *info = LAPACK_WORK_MEMORY_ERROR;
        return;
    }
    int at = basis_std_pivots_in(*n, *n, ipiv, piv);
    if (at) {
        *info = -4;
        report("SGETRI", 4);
        basis_fail(BASIS_ERR_ARGUMENT, "SGETRI: IPIV(%d) = %d is outside 1..N = %d", at,
                   ipiv[at - 1], *n);
    } else if ((*info = basis_std_first_zero_s(*n, a, *lda)) == 0) {
        basis_status s = basis_sgetri(NULL, BASIS_COL_MAJOR, *n, a, *lda, piv);
        if (s != BASIS_OK)
            *info = basis_std_failed_info(s);
    }
    basis_free(piv);
}

void dgetri_(const int *n, double *a, const int *lda, const int *ipiv, double *work,
             const int *lwork, int *info)
{
    if (work)
        work[0] = (double)max1(*n);
    int bad = getri_info(*n, *lda, *lwork);
    if (bad) {
        *info = -bad;
        report("DGETRI", bad);
        return;
    }
    *info = 0;
    if (*lwork == -1 || *n == 0)
        return;
    int64_t *piv = basis_std_pivots_alloc(*n);
    if (!piv) {
        *info = LAPACK_WORK_MEMORY_ERROR;
        return;
    }
    int at = basis_std_pivots_in(*n, *n, ipiv, piv);
    if (at) {
        *info = -4;
        report("DGETRI", 4);
        basis_fail(BASIS_ERR_ARGUMENT, "DGETRI: IPIV(%d) = %d is outside 1..N = %d", at,
                   ipiv[at - 1], *n);
    } else if ((*info = basis_std_first_zero_d(*n, a, *lda)) == 0) {
        basis_status s = basis_dgetri(NULL, BASIS_COL_MAJOR, *n, a, *lda, piv);
        if (s != BASIS_OK)
            *info = basis_std_failed_info(s);
    }
    basis_free(piv);
}
