/* lu.c: the public LU ops getrf, getrs and gesv: argument and pivot checks, singularity reporting, the blocked LU (host/getrf_blocked_*.c) or the device's (host/opencl/lu_cl.c, forced or by AUTO for a large enough getrf or gesv on a GPU). */
#include "lu_blocked.h"
#ifdef BASIS_WITH_OPENCL
#include "opencl/opencl.h"
#endif

/* getrs's substitutions assume no zero pivot; finding one first keeps B untouched.
 * Returns the 1-based index of the first zero on the diagonal, or 0. */
static int64_t szero_pivot(const float *lu, int64_t rs, int64_t cs, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if (lu[i * rs + i * cs] == 0.0f)
            return i + 1;
    return 0;
}

static int64_t dzero_pivot(const double *lu, int64_t rs, int64_t cs, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if (lu[i * rs + i * cs] == 0.0)
            return i + 1;
    return 0;
}

#ifdef BASIS_WITH_OPENCL
/* Whether the device is to factor (getrf, gesv): forced opencl, or AUTO with an m x n LU
 * large enough for a GPU (host/opencl/auto.c; its work 2mnk - (m+n)k^2 + 2k^3/3 flops,
 * k = min(m, n)). */
static int lu_on_device(basis_ctx *ctx, const basis_call *call, const char *fn, int64_t m,
                        int64_t n)
{
    double dm = (double)m, dn = (double)n, k = dm < dn ? dm : dn;
    double work = 2.0 * dm * dn * k - (dm + dn) * k * k + 2.0 / 3.0 * k * k * k;
    return basis_cl_op_on_device(ctx, call, fn, BASIS_CL_AUTO_LU, work);
}
#endif

basis_status basis_sgetrf(basis_ctx *ctx, basis_layout layout, int64_t m, int64_t n, float *a,
                          int64_t lda, int64_t *ipiv)
{
    static const char fn[] = "basis_sgetrf";
    basis_status s;
    int64_t mn = m < n ? m : n;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "m", m)) ||
        (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, m, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "ipiv", ipiv, mn)))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (mn > 0) {
        int64_t rs, cs;
        basis_strides(layout, 0, lda, &rs, &cs);
        basis_tame_strides(m, n, &rs, &cs);
        int64_t info = 0;
        int device = 0;
#ifdef BASIS_WITH_OPENCL
        if (lu_on_device(ctx, &call, fn, m, n)) {
            s = basis_cl_getrf(&call, fn, 4, m, n, a, rs, cs, ipiv, &info);
            device = !basis_cl_op_fall_back(&call, &s); /* A, B untouched if not */
        }
#endif
        if (!device)
            info = basis_sgetrf_blocked(&call, m, n, a, rs, cs, ipiv);
        if (s == BASIS_OK && info > 0)
            s = basis_fail(BASIS_ERR_SINGULAR,
                           "%s: U(%lld,%lld) is exactly zero: A is singular (factorization "
                           "completed)",
                           fn, (long long)info, (long long)info);
    }
    return basis_call_end(ctx, &call, s);
}

basis_status basis_dgetrf(basis_ctx *ctx, basis_layout layout, int64_t m, int64_t n, double *a,
                          int64_t lda, int64_t *ipiv)
{
    static const char fn[] = "basis_dgetrf";
    basis_status s;
    int64_t mn = m < n ? m : n;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "m", m)) ||
        (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, m, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "ipiv", ipiv, mn)))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (mn > 0) {
        int64_t rs, cs;
        basis_strides(layout, 0, lda, &rs, &cs);
        basis_tame_strides(m, n, &rs, &cs);
        int64_t info = 0;
        int device = 0;
#ifdef BASIS_WITH_OPENCL
        if (lu_on_device(ctx, &call, fn, m, n)) {
            s = basis_cl_getrf(&call, fn, 8, m, n, a, rs, cs, ipiv, &info);
            device = !basis_cl_op_fall_back(&call, &s); /* A, B untouched if not */
        }
#endif
        if (!device)
            info = basis_dgetrf_blocked(&call, m, n, a, rs, cs, ipiv);
        if (s == BASIS_OK && info > 0)
            s = basis_fail(BASIS_ERR_SINGULAR,
                           "%s: U(%lld,%lld) is exactly zero: A is singular (factorization "
                           "completed)",
                           fn, (long long)info, (long long)info);
    }
    return basis_call_end(ctx, &call, s);
}

basis_status basis_sgetrs(basis_ctx *ctx, basis_layout layout, basis_trans trans, int64_t n,
                          int64_t nrhs, const float *a, int64_t lda, const int64_t *ipiv,
                          float *b, int64_t ldb)
{
    static const char fn[] = "basis_sgetrs";
    basis_status s;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_trans(fn, "trans", trans)) ||
        (s = basis_check_size(fn, "n", n)) || (s = basis_check_size(fn, "nrhs", nrhs)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "ipiv", ipiv, n)) || (s = basis_check_ipiv(fn, ipiv, n)) ||
        (s = basis_check_matrix(fn, "b", "ldb", b, layout, n, nrhs, ldb, sizeof *b)))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (n > 0) {
        int64_t rs, cs, rsb, csb, zero;
        basis_strides(layout, 0, lda, &rs, &cs);
        basis_strides(layout, 0, ldb, &rsb, &csb);
        basis_tame_strides(n, n, &rs, &cs);
        basis_tame_strides(n, nrhs, &rsb, &csb);
        if ((zero = szero_pivot(a, rs, cs, n)) > 0)
            s = basis_fail(BASIS_ERR_SINGULAR,
                           "%s: U(%lld,%lld) is exactly zero: A is singular (B is untouched)",
                           fn, (long long)zero, (long long)zero);
#ifdef BASIS_WITH_OPENCL
        else if (nrhs > 0 && call.backend == BASIS_BACKEND_OPENCL)
            s = basis_cl_getrs(&call, fn, 4, trans != BASIS_NO_TRANS, n, nrhs, a, rs, cs, ipiv,
                               b, rsb, csb);
#endif
        else if (nrhs > 0)
            basis_sgetrs_blocked(&call, trans != BASIS_NO_TRANS, n, nrhs, a, rs, cs, ipiv, b,
                                 rsb, csb);
    }
    return basis_call_end(ctx, &call, s);
}

basis_status basis_dgetrs(basis_ctx *ctx, basis_layout layout, basis_trans trans, int64_t n,
                          int64_t nrhs, const double *a, int64_t lda, const int64_t *ipiv,
                          double *b, int64_t ldb)
{
    static const char fn[] = "basis_dgetrs";
    basis_status s;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_trans(fn, "trans", trans)) ||
        (s = basis_check_size(fn, "n", n)) || (s = basis_check_size(fn, "nrhs", nrhs)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "ipiv", ipiv, n)) || (s = basis_check_ipiv(fn, ipiv, n)) ||
        (s = basis_check_matrix(fn, "b", "ldb", b, layout, n, nrhs, ldb, sizeof *b)))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (n > 0) {
        int64_t rs, cs, rsb, csb, zero;
        basis_strides(layout, 0, lda, &rs, &cs);
        basis_strides(layout, 0, ldb, &rsb, &csb);
        basis_tame_strides(n, n, &rs, &cs);
        basis_tame_strides(n, nrhs, &rsb, &csb);
        if ((zero = dzero_pivot(a, rs, cs, n)) > 0)
            s = basis_fail(BASIS_ERR_SINGULAR,
                           "%s: U(%lld,%lld) is exactly zero: A is singular (B is untouched)",
                           fn, (long long)zero, (long long)zero);
#ifdef BASIS_WITH_OPENCL
        else if (nrhs > 0 && call.backend == BASIS_BACKEND_OPENCL)
            s = basis_cl_getrs(&call, fn, 8, trans != BASIS_NO_TRANS, n, nrhs, a, rs, cs, ipiv,
                               b, rsb, csb);
#endif
        else if (nrhs > 0)
            basis_dgetrs_blocked(&call, trans != BASIS_NO_TRANS, n, nrhs, a, rs, cs, ipiv, b,
                                 rsb, csb);
    }
    return basis_call_end(ctx, &call, s);
}

basis_status basis_sgesv(basis_ctx *ctx, basis_layout layout, int64_t n, int64_t nrhs,
                         float *a, int64_t lda, int64_t *ipiv, float *b, int64_t ldb)
{
    static const char fn[] = "basis_sgesv";
    basis_status s;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_size(fn, "nrhs", nrhs)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "ipiv", ipiv, n)) ||
        (s = basis_check_matrix(fn, "b", "ldb", b, layout, n, nrhs, ldb, sizeof *b)))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (n > 0) {
        int64_t rs, cs, rsb, csb;
        basis_strides(layout, 0, lda, &rs, &cs);
        basis_strides(layout, 0, ldb, &rsb, &csb);
        basis_tame_strides(n, n, &rs, &cs);
        basis_tame_strides(n, nrhs, &rsb, &csb);
        int64_t info = 0;
        int device = 0;
#ifdef BASIS_WITH_OPENCL
        /* on the device the factors stay there for the solve */
        if (lu_on_device(ctx, &call, fn, n, n)) {
            s = basis_cl_gesv(&call, fn, 4, n, nrhs, a, rs, cs, ipiv, b, rsb, csb, &info);
            device = !basis_cl_op_fall_back(&call, &s); /* A, B untouched if not */
        }
#endif
        if (!device)
            info = basis_sgetrf_blocked(&call, n, n, a, rs, cs, ipiv);
        if (s == BASIS_OK && info > 0)
            s = basis_fail(BASIS_ERR_SINGULAR,
                           "%s: U(%lld,%lld) is exactly zero: A is singular (A holds the "
                           "factors, B is untouched)",
                           fn, (long long)info, (long long)info);
        else if (nrhs > 0 && !device)
            basis_sgetrs_blocked(&call, 0, n, nrhs, a, rs, cs, ipiv, b, rsb, csb);
    }
    return basis_call_end(ctx, &call, s);
}

basis_status basis_dgesv(basis_ctx *ctx, basis_layout layout, int64_t n, int64_t nrhs,
                         double *a, int64_t lda, int64_t *ipiv, double *b, int64_t ldb)
{
    static const char fn[] = "basis_dgesv";
    basis_status s;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_size(fn, "nrhs", nrhs)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "ipiv", ipiv, n)) ||
        (s = basis_check_matrix(fn, "b", "ldb", b, layout, n, nrhs, ldb, sizeof *b)))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (n > 0) {
        int64_t rs, cs, rsb, csb;
        basis_strides(layout, 0, lda, &rs, &cs);
        basis_strides(layout, 0, ldb, &rsb, &csb);
        basis_tame_strides(n, n, &rs, &cs);
        basis_tame_strides(n, nrhs, &rsb, &csb);
        int64_t info = 0;
        int device = 0;
#ifdef BASIS_WITH_OPENCL
        /* on the device the factors stay there for the solve */
        if (lu_on_device(ctx, &call, fn, n, n)) {
            s = basis_cl_gesv(&call, fn, 8, n, nrhs, a, rs, cs, ipiv, b, rsb, csb, &info);
            device = !basis_cl_op_fall_back(&call, &s); /* A, B untouched if not */
        }
#endif
        if (!device)
            info = basis_dgetrf_blocked(&call, n, n, a, rs, cs, ipiv);
        if (s == BASIS_OK && info > 0)
            s = basis_fail(BASIS_ERR_SINGULAR,
                           "%s: U(%lld,%lld) is exactly zero: A is singular (A holds the "
                           "factors, B is untouched)",
                           fn, (long long)info, (long long)info);
        else if (nrhs > 0 && !device)
            basis_dgetrs_blocked(&call, 0, n, nrhs, a, rs, cs, ipiv, b, rsb, csb);
    }
    return basis_call_end(ctx, &call, s);
}
