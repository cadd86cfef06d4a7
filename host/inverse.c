/* inverse.c: the public getri (inverse from LU factors) and det (sign and log|det|) ops, built on the LU kernels with host workspaces. */
#include <math.h>
#include <string.h>

#include "internal.h"

basis_status basis_sgetri(basis_ctx *ctx, basis_layout layout, int64_t n, float *a,
                          int64_t lda, const int64_t *ipiv)
{
    static const char fn[] = "basis_sgetri";
    basis_status s;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "ipiv", ipiv, n)) || (s = basis_check_ipiv(fn, ipiv, n)) ||
        (s = basis_check_alloc(fn, "the workspace", n, n, sizeof *a)))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s || n == 0)
        return s ? s : basis_call_end(ctx, &call, BASIS_OK);

    int64_t rs, cs;
    basis_strides(layout, 0, lda, &rs, &cs);
    for (int64_t i = 0; i < n; i++)
        if (a[i * rs + i * cs] == 0.0f)
            return basis_call_end(
                ctx, &call,
                basis_fail(BASIS_ERR_SINGULAR,
                           "%s: U(%lld,%lld) is exactly zero: A is singular (A is untouched)",
                           fn, (long long)(i + 1), (long long)(i + 1)));

    /* The solve reads the factors while it builds the inverse, so the inverse is built
     * apart and copied over A only at the end. */
    float *x = basis_alloc((size_t)n * (size_t)n * sizeof *x);
    if (x == NULL)
        return basis_call_end(
            ctx, &call,
            basis_fail(BASIS_ERR_NO_MEMORY,
                       "%s: could not allocate the %lld x %lld workspace for the inverse", fn,
                       (long long)n, (long long)n));
    memset(x, 0, (size_t)n * (size_t)n * sizeof *x);
    for (int64_t i = 0; i < n; i++)
        x[i + i * n] = 1.0f;
    call.k->sgetrs(0, n, n, a, rs, cs, ipiv, x, 1, n);
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++)
            a[i * rs + j * cs] = x[i + j * n];
    basis_free(x);
    return basis_call_end(ctx, &call, BASIS_OK);
}

basis_status basis_dgetri(basis_ctx *ctx, basis_layout layout, int64_t n, double *a,
                          int64_t lda, const int64_t *ipiv)
{
    static const char fn[] = "basis_dgetri";
    basis_status s;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "ipiv", ipiv, n)) || (s = basis_check_ipiv(fn, ipiv, n)) ||
        (s = basis_check_alloc(fn, "the workspace", n, n, sizeof *a)))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s || n == 0)
        return s ? s : basis_call_end(ctx, &call, BASIS_OK);

    int64_t rs, cs;
    basis_strides(layout, 0, lda, &rs, &cs);
    for (int64_t i = 0; i < n; i++)
        if (a[i * rs + i * cs] == 0.0)
            return basis_call_end(
                ctx, &call,
                basis_fail(BASIS_ERR_SINGULAR,
                           "%s: U(%lld,%lld) is exactly zero: A is singular (A is untouched)",
                           fn, (long long)(i + 1), (long long)(i + 1)));

    /* The solve reads the factors while it builds the inverse, so the inverse is built
     * apart and copied over A only at the end. */
    double *x = basis_alloc((size_t)n * (size_t)n * sizeof *x);
    if (x == NULL)
        return basis_call_end(
            ctx, &call,
            basis_fail(BASIS_ERR_NO_MEMORY,
                       "%s: could not allocate the %lld x %lld workspace for the inverse", fn,
                       (long long)n, (long long)n));
    memset(x, 0, (size_t)n * (size_t)n * sizeof *x);
    for (int64_t i = 0; i < n; i++)
        x[i + i * n] = 1.0;
    call.k->dgetrs(0, n, n, a, rs, cs, ipiv, x, 1, n);
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++)
            a[i * rs + j * cs] = x[i + j * n];
    basis_free(x);
    return basis_call_end(ctx, &call, BASIS_OK);
}

/* The determinant is factored in a private column-major copy because A is const and a
 * product of pivots would overflow long before its logarithm does. NaN/Inf in A are
 * rejected: no sign in {-1, 0, +1} describes them. */
basis_status basis_sdet(basis_ctx *ctx, basis_layout layout, int64_t n, const float *a,
                        int64_t lda, float *sign, float *logabsdet)
{
    static const char fn[] = "basis_sdet";
    basis_status s;
    int64_t rs, cs;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)))
        return s;
    basis_strides(layout, 0, lda, &rs, &cs);
    if ((s = basis_check_finite_s(fn, "a", a, rs, cs, n, n)) ||
        (s = basis_check_ptr(fn, "sign", sign, 1)) ||
        (s = basis_check_ptr(fn, "logabsdet", logabsdet, 1)) ||
        (s = basis_check_alloc(fn, "the workspace", n, n, sizeof *a)) ||
        (s = basis_check_alloc(fn, "the pivot workspace", n, 1, sizeof(int64_t))))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (n == 0) {
        *sign = 1.0f;
        *logabsdet = 0.0f;
        return basis_call_end(ctx, &call, BASIS_OK);
    }

    float *w = basis_alloc((size_t)n * (size_t)n * sizeof *w);
    int64_t *piv = basis_alloc((size_t)n * sizeof *piv);
    if (w == NULL || piv == NULL) {
        basis_free(w);
        basis_free(piv);
        return basis_call_end(
            ctx, &call,
            basis_fail(BASIS_ERR_NO_MEMORY,
                       "%s: could not allocate the %lld x %lld workspace for the factors", fn,
                       (long long)n, (long long)n));
    }
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++)
            w[i + j * n] = a[i * rs + j * cs];
    int64_t info = call.k->sgetrf(n, n, w, 1, n, piv);
    float sg = 1.0f;
    double logsum = 0.0;
    if (info > 0) {
        sg = 0.0f;
        logsum = -INFINITY;
    } else {
        for (int64_t i = 0; i < n; i++) {
            float u = w[i + i * n];
            if ((piv[i] != i) != (u < 0.0f))
                sg = -sg;
            logsum += log(fabs((double)u));
        }
    }
    basis_free(w);
    basis_free(piv);
    *sign = sg;
    *logabsdet = (float)logsum;
    return basis_call_end(ctx, &call, BASIS_OK);
}

basis_status basis_ddet(basis_ctx *ctx, basis_layout layout, int64_t n, const double *a,
                        int64_t lda, double *sign, double *logabsdet)
{
    static const char fn[] = "basis_ddet";
    basis_status s;
    int64_t rs, cs;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)))
        return s;
    basis_strides(layout, 0, lda, &rs, &cs);
    if ((s = basis_check_finite_d(fn, "a", a, rs, cs, n, n)) ||
        (s = basis_check_ptr(fn, "sign", sign, 1)) ||
        (s = basis_check_ptr(fn, "logabsdet", logabsdet, 1)) ||
        (s = basis_check_alloc(fn, "the workspace", n, n, sizeof *a)) ||
        (s = basis_check_alloc(fn, "the pivot workspace", n, 1, sizeof(int64_t))))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (n == 0) {
        *sign = 1.0;
        *logabsdet = 0.0;
        return basis_call_end(ctx, &call, BASIS_OK);
    }

    double *w = basis_alloc((size_t)n * (size_t)n * sizeof *w);
    int64_t *piv = basis_alloc((size_t)n * sizeof *piv);
    if (w == NULL || piv == NULL) {
        basis_free(w);
        basis_free(piv);
        return basis_call_end(
            ctx, &call,
            basis_fail(BASIS_ERR_NO_MEMORY,
                       "%s: could not allocate the %lld x %lld workspace for the factors", fn,
                       (long long)n, (long long)n));
    }
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++)
            w[i + j * n] = a[i * rs + j * cs];
    int64_t info = call.k->dgetrf(n, n, w, 1, n, piv);
    double sg = 1.0, logsum = 0.0;
    if (info > 0) {
        sg = 0.0;
        logsum = -INFINITY;
    } else {
        for (int64_t i = 0; i < n; i++) {
            double u = w[i + i * n];
            if ((piv[i] != i) != (u < 0.0))
                sg = -sg;
            logsum += log(fabs(u));
        }
    }
    basis_free(w);
    basis_free(piv);
    *sign = sg;
    *logabsdet = logsum;
    return basis_call_end(ctx, &call, BASIS_OK);
}
