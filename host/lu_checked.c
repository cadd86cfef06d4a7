/* lu_checked.c: the public conditioning ops: the 1-norm, the reciprocal condition estimate from LU factors (gecon), and gesv that reports an ill-conditioned system (gesv_checked). */
#include <float.h>
#include <math.h>

#include "lu_blocked.h"
#ifdef BASIS_WITH_OPENCL
#include "opencl/opencl.h"
#endif

basis_status basis_snorm1(basis_ctx *ctx, basis_layout layout, int64_t m, int64_t n,
                          const float *a, int64_t lda, float *result)
{
    static const char fn[] = "basis_snorm1";
    basis_status s;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "m", m)) ||
        (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, m, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "result", result, 1)))
        return s;
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    int64_t rs, cs;
    basis_strides(layout, 0, lda, &rs, &cs);
    *result = basis_snorm1_strided(m, n, a, rs, cs);
    return basis_call_end(ctx, &call, BASIS_OK);
}

basis_status basis_dnorm1(basis_ctx *ctx, basis_layout layout, int64_t m, int64_t n,
                          const double *a, int64_t lda, double *result)
{
    static const char fn[] = "basis_dnorm1";
    basis_status s;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "m", m)) ||
        (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, m, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "result", result, 1)))
        return s;
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    int64_t rs, cs;
    basis_strides(layout, 0, lda, &rs, &cs);
    *result = basis_dnorm1_strided(m, n, a, rs, cs);
    return basis_call_end(ctx, &call, BASIS_OK);
}

/* On opencl the factorization and the solve run on the device (basis_cl_gesv, the factors
 * resident between them) and the condition estimate on the host, from the factors the
 * device returns: the estimate is a chain of about a dozen dependent n x 1 triangular
 * solves, each needing the result of the one before, O(n^2) work apiece, which the device
 * cannot repay with round trips and launches. gecon itself starts from factors, so on
 * opencl it is that host estimate alone (basis_call_host keeps its solves off the device's
 * GEMM slots). */

/* ||A||_1 for gesv_checked's estimate, and in *e the power of two it is scaled by: 0, or
 * where the norm overflows (entries near the top of the range, 1e308 with a column summing
 * past it), the exponent of the largest entry, with the norm of A 2^-e. rcond does not
 * change with scale, so the caller multiplies gecon's result by 2^-e back. */
static float s_norm1_scaled(int64_t n, const float *a, int64_t rs, int64_t cs, int *e)
{
    float norm = basis_snorm1_strided(n, n, a, rs, cs);
    *e = 0;
    if (isfinite(norm))
        return norm;
    *e = basis_unit_exponent(basis_max_abs_s(n, n, a, rs, cs));
    norm = 0.0f;
    for (int64_t j = 0; j < n; j++) {
        float col = 0.0f;
        for (int64_t i = 0; i < n; i++)
            col += scalbnf(fabsf(a[i * rs + j * cs]), -*e);
        norm = fmaxf(norm, col);
    }
    return norm;
}

static double d_norm1_scaled(int64_t n, const double *a, int64_t rs, int64_t cs, int *e)
{
    double norm = basis_dnorm1_strided(n, n, a, rs, cs);
    *e = 0;
    if (isfinite(norm))
        return norm;
    *e = basis_unit_exponent(basis_max_abs_d(n, n, a, rs, cs));
    norm = 0.0;
    for (int64_t j = 0; j < n; j++) {
        double col = 0.0;
        for (int64_t i = 0; i < n; i++)
            col += scalbn(fabs(a[i * rs + j * cs]), -*e);
        norm = fmax(norm, col);
    }
    return norm;
}

/* gecon's workspace: 2n values and n signs, allocated before anything is written. */
static basis_status work_alloc(const char *fn, int64_t n, size_t elem, void **work,
                               int64_t **isgn)
{
    *work = NULL;
    *isgn = NULL;
    if (n == 0)
        return BASIS_OK;
    *work = basis_alloc((size_t)(2 * n) * elem);
    *isgn = basis_alloc((size_t)n * sizeof **isgn);
    if (*work && *isgn)
        return BASIS_OK;
    basis_free(*work);
    basis_free(*isgn);
    return basis_fail(BASIS_ERR_NO_MEMORY,
                      "%s: could not allocate the %lld-entry workspace of the condition "
                      "estimate", fn, (long long)(3 * n));
}

basis_status basis_sgecon(basis_ctx *ctx, basis_layout layout, int64_t n, const float *a,
                          int64_t lda, float anorm, float *rcond)
{
    static const char fn[] = "basis_sgecon";
    basis_status s;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "rcond", rcond, 1)) ||
        (s = basis_check_alloc(fn, "the workspace", n, 3, sizeof(int64_t))))
        return s;
    if (!(anorm >= 0.0f) || isinf(anorm))
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: anorm = %g must be finite and >= 0", fn,
                          (double)anorm);
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    void *work;
    int64_t *isgn, rs, cs;
    if ((s = work_alloc(fn, n, sizeof *a, &work, &isgn)))
        return basis_call_end(ctx, &call, s);
    basis_strides(layout, 0, lda, &rs, &cs);
    basis_call host = basis_call_host(&call);
    *rcond = basis_sgecon_lu(&host, n, a, rs, cs, anorm, work, isgn);
    basis_free(work);
    basis_free(isgn);
    return basis_call_end(ctx, &call, BASIS_OK);
}

basis_status basis_dgecon(basis_ctx *ctx, basis_layout layout, int64_t n, const double *a,
                          int64_t lda, double anorm, double *rcond)
{
    static const char fn[] = "basis_dgecon";
    basis_status s;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "rcond", rcond, 1)) ||
        (s = basis_check_alloc(fn, "the workspace", n, 3, sizeof(int64_t))))
        return s;
    if (!(anorm >= 0.0) || isinf(anorm))
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: anorm = %g must be finite and >= 0", fn,
                          anorm);
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    void *work;
    int64_t *isgn, rs, cs;
    if ((s = work_alloc(fn, n, sizeof *a, &work, &isgn)))
        return basis_call_end(ctx, &call, s);
    basis_strides(layout, 0, lda, &rs, &cs);
    basis_call host = basis_call_host(&call);
    *rcond = basis_dgecon_lu(&host, n, a, rs, cs, anorm, work, isgn);
    basis_free(work);
    basis_free(isgn);
    return basis_call_end(ctx, &call, BASIS_OK);
}

/* The threshold is LAPACK's ?gesvx's: rcond below the unit roundoff (?lamch('E')) means A is
 * singular to working precision. */
basis_status basis_sgesv_checked(basis_ctx *ctx, basis_layout layout, int64_t n, int64_t nrhs,
                                 float *a, int64_t lda, int64_t *ipiv, float *b, int64_t ldb,
                                 float *rcond)
{
    static const char fn[] = "basis_sgesv_checked";
    basis_status s;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_size(fn, "nrhs", nrhs)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "ipiv", ipiv, n)) ||
        (s = basis_check_matrix(fn, "b", "ldb", b, layout, n, nrhs, ldb, sizeof *b)) ||
        (s = basis_check_ptr(fn, "rcond", rcond, 1)) ||
        (s = basis_check_alloc(fn, "the workspace", n, 3, sizeof(int64_t))))
        return s;
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    if (n == 0) {
        *rcond = 1.0f;
        return basis_call_end(ctx, &call, BASIS_OK);
    }
    void *work;
    int64_t *isgn, rs, cs, rsb, csb;
    if ((s = work_alloc(fn, n, sizeof *a, &work, &isgn)))
        return basis_call_end(ctx, &call, s);
    basis_strides(layout, 0, lda, &rs, &cs);
    basis_strides(layout, 0, ldb, &rsb, &csb);
    int e;
    float anorm = s_norm1_scaled(n, a, rs, cs, &e);
    int64_t info = 0;
    int solved = 0;
#ifdef BASIS_WITH_OPENCL
    if (call.backend == BASIS_BACKEND_OPENCL) {
        int64_t trs = rs, tcs = cs, trsb = rsb, tcsb = csb;
        basis_tame_strides(n, n, &trs, &tcs);
        basis_tame_strides(n, nrhs, &trsb, &tcsb);
        s = basis_cl_gesv(&call, fn, 4, n, nrhs, a, trs, tcs, ipiv, b, trsb, tcsb, &info);
        solved = 1;
    } else
#endif
        info = basis_sgetrf_blocked(&call, n, n, a, rs, cs, ipiv);
    if (s != BASIS_OK) {
        /* the device failed: its status and sentence stand */
    } else if (info > 0) {
        *rcond = 0.0f;
        s = basis_fail(BASIS_ERR_SINGULAR,
                       "%s: U(%lld,%lld) is exactly zero: A is singular (A holds the factors, "
                       "B is untouched, rcond = 0)",
                       fn, (long long)info, (long long)info);
    } else {
        basis_call host = basis_call_host(&call);
        float rc = scalbnf(basis_sgecon_lu(&host, n, a, rs, cs, anorm, work, isgn), -e);
        if (!solved)
            basis_sgetrs_blocked(&call, 0, n, nrhs, a, rs, cs, ipiv, b, rsb, csb);
        *rcond = rc;
        if (!(rc >= FLT_EPSILON / 2))
            s = basis_fail(BASIS_ERR_ILL_CONDITIONED,
                           "%s: rcond = %.3g is below the unit roundoff %.3g: A is singular "
                           "to working precision, so the solution (written to B) may have no "
                           "correct digits",
                           fn, (double)rc, (double)(FLT_EPSILON / 2));
    }
    basis_free(work);
    basis_free(isgn);
    return basis_call_end(ctx, &call, s);
}

basis_status basis_dgesv_checked(basis_ctx *ctx, basis_layout layout, int64_t n, int64_t nrhs,
                                 double *a, int64_t lda, int64_t *ipiv, double *b, int64_t ldb,
                                 double *rcond)
{
    static const char fn[] = "basis_dgesv_checked";
    basis_status s;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_size(fn, "nrhs", nrhs)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "ipiv", ipiv, n)) ||
        (s = basis_check_matrix(fn, "b", "ldb", b, layout, n, nrhs, ldb, sizeof *b)) ||
        (s = basis_check_ptr(fn, "rcond", rcond, 1)) ||
        (s = basis_check_alloc(fn, "the workspace", n, 3, sizeof(int64_t))))
        return s;
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    if (n == 0) {
        *rcond = 1.0;
        return basis_call_end(ctx, &call, BASIS_OK);
    }
    void *work;
    int64_t *isgn, rs, cs, rsb, csb;
    if ((s = work_alloc(fn, n, sizeof *a, &work, &isgn)))
        return basis_call_end(ctx, &call, s);
    basis_strides(layout, 0, lda, &rs, &cs);
    basis_strides(layout, 0, ldb, &rsb, &csb);
    int e;
    double anorm = d_norm1_scaled(n, a, rs, cs, &e);
    int64_t info = 0;
    int solved = 0;
#ifdef BASIS_WITH_OPENCL
    if (call.backend == BASIS_BACKEND_OPENCL) {
        int64_t trs = rs, tcs = cs, trsb = rsb, tcsb = csb;
        basis_tame_strides(n, n, &trs, &tcs);
        basis_tame_strides(n, nrhs, &trsb, &tcsb);
        s = basis_cl_gesv(&call, fn, 8, n, nrhs, a, trs, tcs, ipiv, b, trsb, tcsb, &info);
        solved = 1;
    } else
#endif
        info = basis_dgetrf_blocked(&call, n, n, a, rs, cs, ipiv);
    if (s != BASIS_OK) {
        /* the device failed: its status and sentence stand */
    } else if (info > 0) {
        *rcond = 0.0;
        s = basis_fail(BASIS_ERR_SINGULAR,
                       "%s: U(%lld,%lld) is exactly zero: A is singular (A holds the factors, "
                       "B is untouched, rcond = 0)",
                       fn, (long long)info, (long long)info);
    } else {
        basis_call host = basis_call_host(&call);
        double rc = scalbn(basis_dgecon_lu(&host, n, a, rs, cs, anorm, work, isgn), -e);
        if (!solved)
            basis_dgetrs_blocked(&call, 0, n, nrhs, a, rs, cs, ipiv, b, rsb, csb);
        *rcond = rc;
        if (!(rc >= DBL_EPSILON / 2))
            s = basis_fail(BASIS_ERR_ILL_CONDITIONED,
                           "%s: rcond = %.3g is below the unit roundoff %.3g: A is singular "
                           "to working precision, so the solution (written to B) may have no "
                           "correct digits",
                           fn, rc, DBL_EPSILON / 2);
    }
    basis_free(work);
    basis_free(isgn);
    return basis_call_end(ctx, &call, s);
}
