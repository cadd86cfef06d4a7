/* vector_geometry_s.c: float angle between vectors and scalar/vector projection, on the level-1 kernels of the backend in force. */
#include <math.h>

#include "internal.h"

/* Copies the n-vector x (BLAS increment inc) into w contiguously, failing on NaN or Inf
 * (a direction of a non-finite vector means nothing). */
static basis_status s_gather_finite(const char *fn, const char *name, int64_t n, const float *x,
                                    int64_t inc, float *w)
{
    const float *x0 = x + basis_vec_origin(n, inc);
    for (int64_t i = 0; i < n; i++) {
        w[i] = x0[i * inc];
        if (!isfinite(w[i]))
            return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s[%lld] = %g is not finite", fn, name,
                              (long long)i, w[i]);
    }
    return BASIS_OK;
}

/* w scaled by the power of two that brings its largest entry into [1, 2) (exact; a zero
 * vector stays as it is); returns that power's exponent. A direction taken from the
 * scaled vector is then accurate at any magnitude: nrm2 of a subnormal vector rounds to
 * the subnormal grid (angle((1,0), (1e-45, 1e-45)) came out 0.841, not pi/4), and a dot
 * product with entries near 3e38 overflows where the projection itself does not. */
static int s_normalize_scale(int64_t n, float *w)
{
    int e = basis_unit_exponent(basis_max_abs_s(n, 1, w, 1, 0));
    for (int64_t i = 0; e != 0 && i < n; i++)
        w[i] = scalbnf(w[i], -e);
    return e;
}

static basis_status s_zero_vector(const char *fn, const char *name, int64_t n)
{
    return basis_fail(BASIS_ERR_ARGUMENT,
                      "%s: %s is the zero vector (n = %lld), which has no direction", fn, name,
                      (long long)n);
}

static basis_status s_check_pair(const char *fn, int64_t n, const float *x, int64_t incx,
                                 const float *y, int64_t incy)
{
    basis_status s;
    if ((s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_vector(fn, "x", x, n, incx, "incx", sizeof *x)) ||
        (s = basis_check_vector(fn, "y", y, n, incy, "incy", sizeof *y)))
        return s;
    return basis_check_alloc(fn, "workspace", n, 2, sizeof *x);
}

basis_status basis_sangle(basis_ctx *ctx, int64_t n, const float *x, int64_t incx,
                          const float *y, int64_t incy, float *radians)
{
    static const char fn[] = "basis_sangle";
    basis_status s;
    if ((s = s_check_pair(fn, n, x, incx, y, incy)) ||
        (s = basis_check_ptr(fn, "radians", radians, 1)))
        return s;
    if (n == 0)
        return s_zero_vector(fn, "x", n);
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    const basis_kernels *k = call.k;
    float *u = basis_alloc((size_t)n * 2 * sizeof *u);
    if (u == NULL)
        return basis_call_end(ctx, &call,
                              basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for 2 x %lld values",
                                         fn, (long long)n));
    float *w = u + n;
    if ((s = s_gather_finite(fn, "x", n, x, incx, u)) ||
        (s = s_gather_finite(fn, "y", n, y, incy, w)))
        goto done;
    s_normalize_scale(n, u); /* directions only: their scale does not matter */
    s_normalize_scale(n, w);
    float nx = k->snrm2(n, u, 1), ny = k->snrm2(n, w, 1);
    if (nx == 0.0f || ny == 0.0f) {
        s = s_zero_vector(fn, nx == 0.0f ? "x" : "y", n);
        goto done;
    }
    /* Unit vectors a, b: |a - b| and |a + b| are both accurate, and their atan2 keeps every
     * digit where the cosine a . b rounds to +-1 (Kahan's formula). */
    for (int64_t i = 0; i < n; i++) {
        float a = u[i] / nx, b = w[i] / ny;
        u[i] = a - b;
        w[i] = a + b;
    }
    *radians = 2.0f * atan2f(k->snrm2(n, u, 1), k->snrm2(n, w, 1));
done:
    basis_free(u);
    return basis_call_end(ctx, &call, s);
}

/* The unit vector of y into u (n values) and x 2^-*ex into w; fails on a zero y. */
static basis_status s_unit_onto(const char *fn, const basis_kernels *k, int64_t n,
                                const float *x, int64_t incx, const float *y, int64_t incy,
                                float *u, float *w, int *ex)
{
    basis_status s;
    if ((s = s_gather_finite(fn, "x", n, x, incx, w)) ||
        (s = s_gather_finite(fn, "y", n, y, incy, u)))
        return s;
    *ex = s_normalize_scale(n, w);
    s_normalize_scale(n, u);
    float ny = k->snrm2(n, u, 1);
    if (ny == 0.0f)
        return s_zero_vector(fn, "y (the vector projected onto)", n);
    /* Dividing (not multiplying by 1/ny) keeps u exact for axis vectors. */
    for (int64_t i = 0; i < n; i++)
        u[i] /= ny;
    return BASIS_OK;
}

basis_status basis_sscalar_projection(basis_ctx *ctx, int64_t n, const float *x, int64_t incx,
                                      const float *y, int64_t incy, float *result)
{
    static const char fn[] = "basis_sscalar_projection";
    basis_status s;
    if ((s = s_check_pair(fn, n, x, incx, y, incy)) ||
        (s = basis_check_ptr(fn, "result", result, 1)))
        return s;
    if (n == 0)
        return s_zero_vector(fn, "y (the vector projected onto)", n);
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    float *u = basis_alloc((size_t)n * 2 * sizeof *u);
    if (u == NULL)
        return basis_call_end(ctx, &call,
                              basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for 2 x %lld values",
                                         fn, (long long)n));
    int ex;
    if (!(s = s_unit_onto(fn, call.k, n, x, incx, y, incy, u, u + n, &ex))) {
        float c = call.k->sdot(n, u + n, 1, u, 1), r = scalbnf(c, ex);
        if (isfinite(r))
            *result = r;
        else
            s = basis_fail(BASIS_ERR_OVERFLOW, "%s: the scalar projection is %s%.6g x 2^%d, "
                           "beyond the float range (result untouched)", fn, c < 0 ? "-" : "",
                           (double)fabsf(c), ex);
    }
    basis_free(u);
    return basis_call_end(ctx, &call, s);
}

basis_status basis_svector_projection(basis_ctx *ctx, int64_t n, const float *x, int64_t incx,
                                      const float *y, int64_t incy, float *p, int64_t incp)
{
    static const char fn[] = "basis_svector_projection";
    basis_status s;
    if ((s = s_check_pair(fn, n, x, incx, y, incy)) ||
        (s = basis_check_vector(fn, "p", p, n, incp, "incp", sizeof *p)))
        return s;
    if (n == 0)
        return s_zero_vector(fn, "y (the vector projected onto)", n);
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    float *u = basis_alloc((size_t)n * 2 * sizeof *u);
    if (u == NULL)
        return basis_call_end(ctx, &call,
                              basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for 2 x %lld values",
                                         fn, (long long)n));
    int ex;
    if (!(s = s_unit_onto(fn, call.k, n, x, incx, y, incy, u, u + n, &ex))) {
        float c = call.k->sdot(n, u + n, 1, u, 1);
        call.k->sscal(n, c, u, 1);
        for (int64_t i = 0; i < n && !s; i++) {
            u[i] = scalbnf(u[i], ex);
            if (!isfinite(u[i]))
                s = basis_fail(BASIS_ERR_OVERFLOW, "%s: p[%lld] is beyond the float range "
                               "(p untouched)", fn, (long long)i);
        }
        float *p0 = p + basis_vec_origin(n, incp);
        for (int64_t i = 0; i < n && !s; i++)
            p0[i * incp] = u[i];
    }
    basis_free(u);
    return basis_call_end(ctx, &call, s);
}
