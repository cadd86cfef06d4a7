/* inverse.c: the public getri (inverse from LU factors, in place) and det ops (sign and log|det|, and the plain value with overflow reported), on the blocked LU or the device's (host/opencl/lu_cl.c). */
#include <float.h>
#include <math.h>

#include "lu_blocked.h"
#ifdef BASIS_WITH_OPENCL
#include "opencl/opencl.h"
#endif

basis_status basis_sgetri(basis_ctx *ctx, basis_layout layout, int64_t n, float *a,
                          int64_t lda, const int64_t *ipiv)
{
    static const char fn[] = "basis_sgetri";
    basis_status s;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "ipiv", ipiv, n)) || (s = basis_check_ipiv(fn, ipiv, n)) ||
        (s = basis_check_alloc(fn, "the workspace", basis_getri_work(n), 1, sizeof *a)))
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
#ifdef BASIS_WITH_OPENCL
    if (call.backend == BASIS_BACKEND_OPENCL)
        return basis_call_end(ctx, &call, basis_cl_getri(&call, fn, 4, n, a, rs, cs, ipiv));
#endif
    /* n x (one column block), as LAPACK's getri: the inverse itself is formed in place */
    float *work = basis_alloc((size_t)basis_getri_work(n) * sizeof *work);
    if (work == NULL)
        return basis_call_end(
            ctx, &call,
            basis_fail(BASIS_ERR_NO_MEMORY,
                       "%s: could not allocate the %lld-entry workspace of the inverse", fn,
                       (long long)basis_getri_work(n)));
    basis_sgetri_blocked(&call, n, a, rs, cs, ipiv, work);
    basis_free(work);
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
        (s = basis_check_alloc(fn, "the workspace", basis_getri_work(n), 1, sizeof *a)))
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
#ifdef BASIS_WITH_OPENCL
    if (call.backend == BASIS_BACKEND_OPENCL)
        return basis_call_end(ctx, &call, basis_cl_getri(&call, fn, 8, n, a, rs, cs, ipiv));
#endif
    double *work = basis_alloc((size_t)basis_getri_work(n) * sizeof *work);
    if (work == NULL)
        return basis_call_end(
            ctx, &call,
            basis_fail(BASIS_ERR_NO_MEMORY,
                       "%s: could not allocate the %lld-entry workspace of the inverse", fn,
                       (long long)basis_getri_work(n)));
    basis_dgetri_blocked(&call, n, a, rs, cs, ipiv, work);
    basis_free(work);
    return basis_call_end(ctx, &call, BASIS_OK);
}

/* ---- determinants ----------------------------------------------------------------------
 * A is const, so it is factored in a private column-major copy (the one n x n workspace in
 * the LU family). The product of the pivots is kept as a mantissa and a binary exponent,
 * which neither overflows nor underflows on the way; log|det| comes from the same numbers.
 * NaN and Inf in A are rejected: no sign in {-1, 0, +1} describes them. */

typedef struct det_parts {
    int singular;
    double sign;  /* -1 or +1 */
    double mant;  /* |det| = mant * 2^expo, mant in [0.5, 1) */
    int64_t expo;
} det_parts;

static basis_status det_check(const char *fn, basis_layout layout, int64_t n, const void *a,
                              int64_t lda, size_t elem)
{
    basis_status s;
    int64_t rs, cs;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, elem)))
        return s;
    basis_strides(layout, 0, lda, &rs, &cs);
    if (elem == sizeof(float))
        s = basis_check_finite_s(fn, "a", a, rs, cs, n, n);
    else
        s = basis_check_finite_d(fn, "a", a, rs, cs, n, n);
    if (s || (s = basis_check_alloc(fn, "the workspace", n, n, elem)) ||
        (s = basis_check_alloc(fn, "the pivot workspace", n, 1, sizeof(int64_t))))
        return s;
    return BASIS_OK;
}

/* One pivot u != 0 into the product; a row interchange flips the sign. */
static void det_mul(det_parts *d, double u, int swapped)
{
    int e;
    if ((u < 0.0) != swapped)
        d->sign = -d->sign;
    d->mant *= frexp(fabs(u), &e);
    d->expo += e;
    d->mant = frexp(d->mant, &e);
    d->expo += e;
}

static void det_begin(det_parts *d)
{
    d->singular = 0;
    d->sign = 1.0;
    d->mant = 0.5;
    d->expo = 1;
}

static basis_status no_memory(const char *fn, int64_t n)
{
    return basis_fail(BASIS_ERR_NO_MEMORY,
                      "%s: could not allocate the %lld x %lld workspace for the factors", fn,
                      (long long)n, (long long)n);
}

static basis_status sdet_parts(const basis_call *call, const char *fn, basis_layout layout,
                               int64_t n, const float *a, int64_t lda, det_parts *d)
{
    det_begin(d);
    if (n == 0)
        return BASIS_OK;
    int64_t rs, cs;
    basis_strides(layout, 0, lda, &rs, &cs);
    float *w = basis_alloc((size_t)n * (size_t)n * sizeof *w);
    int64_t *piv = basis_alloc((size_t)n * sizeof *piv);
    if (w == NULL || piv == NULL) {
        basis_free(w);
        basis_free(piv);
        return no_memory(fn, n);
    }
    /* each column scaled by the power of two that brings its largest entry into [1, 2)
     * (exact; det(A D) = det(A) det(D), and partial pivoting picks the same rows), so that
     * no pivot overflows or underflows where the determinant itself is far out of range */
    for (int64_t j = 0; j < n; j++) {
        int e = basis_unit_exponent(basis_max_abs_s(n, 1, a + j * cs, rs, 0));
        d->expo += e;
        for (int64_t i = 0; i < n; i++)
            w[i + j * n] = scalbnf(a[i * rs + j * cs], -e);
    }
    int64_t info = 0;
    basis_status s = BASIS_OK;
#ifdef BASIS_WITH_OPENCL
    if (call->backend == BASIS_BACKEND_OPENCL)
        s = basis_cl_getrf(call, fn, 4, n, n, w, 1, n, piv, &info);
    else
#endif
        info = basis_sgetrf_blocked(call, n, n, w, 1, n, piv);
    if (info > 0)
        d->singular = 1;
    else
        for (int64_t i = 0; i < n; i++)
            det_mul(d, (double)w[i + i * n], piv[i] != i);
    basis_free(w);
    basis_free(piv);
    return s;
}

static basis_status ddet_parts(const basis_call *call, const char *fn, basis_layout layout,
                               int64_t n, const double *a, int64_t lda, det_parts *d)
{
    det_begin(d);
    if (n == 0)
        return BASIS_OK;
    int64_t rs, cs;
    basis_strides(layout, 0, lda, &rs, &cs);
    double *w = basis_alloc((size_t)n * (size_t)n * sizeof *w);
    int64_t *piv = basis_alloc((size_t)n * sizeof *piv);
    if (w == NULL || piv == NULL) {
        basis_free(w);
        basis_free(piv);
        return no_memory(fn, n);
    }
    /* each column scaled by the power of two that brings its largest entry into [1, 2)
     * (exact; det(A D) = det(A) det(D), and partial pivoting picks the same rows), so that
     * no pivot overflows or underflows where the determinant itself is far out of range */
    for (int64_t j = 0; j < n; j++) {
        int e = basis_unit_exponent(basis_max_abs_d(n, 1, a + j * cs, rs, 0));
        d->expo += e;
        for (int64_t i = 0; i < n; i++)
            w[i + j * n] = scalbn(a[i * rs + j * cs], -e);
    }
    int64_t info = 0;
    basis_status s = BASIS_OK;
#ifdef BASIS_WITH_OPENCL
    if (call->backend == BASIS_BACKEND_OPENCL)
        s = basis_cl_getrf(call, fn, 8, n, n, w, 1, n, piv, &info);
    else
#endif
        info = basis_dgetrf_blocked(call, n, n, w, 1, n, piv);
    if (info > 0)
        d->singular = 1;
    else
        for (int64_t i = 0; i < n; i++)
            det_mul(d, w[i + i * n], piv[i] != i);
    basis_free(w);
    basis_free(piv);
    return s;
}

/* log(2 mant) + (expo - 1) ln 2: exactly 0 for the empty product */
static double det_log(const det_parts *d)
{
    return d->singular ? -INFINITY
                       : log(2.0 * d->mant) + (double)(d->expo - 1) * 0.69314718055994530942;
}

basis_status basis_sdet(basis_ctx *ctx, basis_layout layout, int64_t n, const float *a,
                        int64_t lda, float *sign, float *logabsdet)
{
    static const char fn[] = "basis_sdet";
    basis_status s;
    if ((s = det_check(fn, layout, n, a, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "sign", sign, 1)) ||
        (s = basis_check_ptr(fn, "logabsdet", logabsdet, 1)))
        return s;
    basis_call call;
    det_parts d;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    if ((s = sdet_parts(&call, fn, layout, n, a, lda, &d)))
        return basis_call_end(ctx, &call, s);
    *sign = d.singular ? 0.0f : (float)d.sign;
    *logabsdet = (float)det_log(&d);
    return basis_call_end(ctx, &call, BASIS_OK);
}

basis_status basis_ddet(basis_ctx *ctx, basis_layout layout, int64_t n, const double *a,
                        int64_t lda, double *sign, double *logabsdet)
{
    static const char fn[] = "basis_ddet";
    basis_status s;
    if ((s = det_check(fn, layout, n, a, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "sign", sign, 1)) ||
        (s = basis_check_ptr(fn, "logabsdet", logabsdet, 1)))
        return s;
    basis_call call;
    det_parts d;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    if ((s = ddet_parts(&call, fn, layout, n, a, lda, &d)))
        return basis_call_end(ctx, &call, s);
    *sign = d.singular ? 0.0 : d.sign;
    *logabsdet = det_log(&d);
    return basis_call_end(ctx, &call, BASIS_OK);
}

/* Out of range: beyond the largest finite value, or non-zero but below the smallest
 * subnormal (it would round to 0 and read as singular). Subnormal results are returned. */
static basis_status det_range(const char *fn, const det_parts *d, int over)
{
    return basis_fail(BASIS_ERR_OVERFLOW,
                      "%s: det A %s the range of the type (sign %+.0f, log|det| = %.17g); "
                      "use the log form",
                      fn, over ? "overflows" : "underflows", d->sign, det_log(d));
}

basis_status basis_sdet_value(basis_ctx *ctx, basis_layout layout, int64_t n, const float *a,
                              int64_t lda, float *det)
{
    static const char fn[] = "basis_sdet_value";
    basis_status s;
    if ((s = det_check(fn, layout, n, a, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "det", det, 1)))
        return s;
    basis_call call;
    det_parts d;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    if ((s = sdet_parts(&call, fn, layout, n, a, lda, &d)))
        return basis_call_end(ctx, &call, s);
    if (d.singular) {
        *det = 0.0f;
        return basis_call_end(ctx, &call, BASIS_OK);
    }
    /* the float's exponent range is far inside the double's: clamp, then round once */
    int64_t e = d.expo > 200 ? 200 : d.expo < -200 ? -200 : d.expo;
    float v = (float)(d.sign * ldexp(d.mant, (int)e));
    if (isinf(v) || v == 0.0f)
        return basis_call_end(ctx, &call, det_range(fn, &d, v != 0.0f));
    *det = v;
    return basis_call_end(ctx, &call, BASIS_OK);
}

basis_status basis_ddet_value(basis_ctx *ctx, basis_layout layout, int64_t n, const double *a,
                              int64_t lda, double *det)
{
    static const char fn[] = "basis_ddet_value";
    basis_status s;
    if ((s = det_check(fn, layout, n, a, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "det", det, 1)))
        return s;
    basis_call call;
    det_parts d;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    if ((s = ddet_parts(&call, fn, layout, n, a, lda, &d)))
        return basis_call_end(ctx, &call, s);
    if (d.singular) {
        *det = 0.0;
        return basis_call_end(ctx, &call, BASIS_OK);
    }
    int64_t e = d.expo > 2000 ? 2000 : d.expo < -2000 ? -2000 : d.expo;
    double v = d.sign * ldexp(d.mant, (int)e);
    if (isinf(v) || v == 0.0)
        return basis_call_end(ctx, &call, det_range(fn, &d, v != 0.0));
    *det = v;
    return basis_call_end(ctx, &call, BASIS_OK);
}
