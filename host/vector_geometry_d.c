/* vector_geometry_d.c: double angle between vectors and scalar/vector projection, on the level-1 kernels of the backend in force. */
#include <math.h>

#include "internal.h"

/* Copies the n-vector x (BLAS increment inc) into w contiguously, failing on NaN or Inf
 * (a direction of a non-finite vector means nothing). */
static basis_status d_gather_finite(const char *fn, const char *name, int64_t n, const double *x,
                                    int64_t inc, double *w)
{
    const double *x0 = x + basis_vec_origin(n, inc);
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
 * the subnormal grid (angle((1,0), (5e-324, 5e-324)) came out 0.841, not pi/4), and a dot
 * product with entries near 1e308 overflows where the projection itself does not. */
static int d_normalize_scale(int64_t n, double *w)
{
    int e = basis_unit_exponent(basis_max_abs_d(n, 1, w, 1, 0));
    for (int64_t i = 0; e != 0 && i < n; i++)
        w[i] = scalbn(w[i], -e);
    return e;
}

static basis_status d_zero_vector(const char *fn, const char *name, int64_t n)
{
    return basis_fail(BASIS_ERR_ARGUMENT,
                      "%s: %s is the zero vector (n = %lld), which has no direction", fn, name,
                      (long long)n);
}

static basis_status d_check_pair(const char *fn, int64_t n, const double *x, int64_t incx,
                                 const double *y, int64_t incy)
{
    basis_status s;
    if ((s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_vector(fn, "x", x, n, incx, "incx", sizeof *x)) ||
        (s = basis_check_vector(fn, "y", y, n, incy, "incy", sizeof *y)))
        return s;
    return basis_check_alloc(fn, "workspace", n, 2, sizeof *x);
}

basis_status basis_dangle(basis_ctx *ctx, int64_t n, const double *x, int64_t incx,
                          const double *y, int64_t incy, double *radians)
{
    static const char fn[] = "basis_dangle";
    basis_status s;
    if ((s = d_check_pair(fn, n, x, incx, y, incy)) ||
        (s = basis_check_ptr(fn, "radians", radians, 1)))
        return s;
    if (n == 0)
        return d_zero_vector(fn, "x", n);
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    const basis_kernels *k = call.k;
    double *u = basis_alloc((size_t)n * 2 * sizeof *u);
    if (u == NULL)
        return basis_call_end(ctx, &call,
                              basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for 2 x %lld values",
                                         fn, (long long)n));
    double *w = u + n;
    if ((s = d_gather_finite(fn, "x", n, x, incx, u)) ||
        (s = d_gather_finite(fn, "y", n, y, incy, w)))
        goto done;
    d_normalize_scale(n, u); /* directions only: their scale does not matter */
    d_normalize_scale(n, w);
    double nx = k->dnrm2(n, u, 1), ny = k->dnrm2(n, w, 1);
    if (nx == 0.0 || ny == 0.0) {
        s = d_zero_vector(fn, nx == 0.0 ? "x" : "y", n);
        goto done;
    }
    /* Unit vectors a, b: |a - b| and |a + b| are both accurate, and their atan2 keeps every
     * digit where the cosine a . b rounds to +-1 (Kahan's formula). */
    for (int64_t i = 0; i < n; i++) {
        double a = u[i] / nx, b = w[i] / ny;
        u[i] = a - b;
        w[i] = a + b;
    }
    *radians = 2.0 * atan2(k->dnrm2(n, u, 1), k->dnrm2(n, w, 1));
done:
    basis_free(u);
    return basis_call_end(ctx, &call, s);
}

/* The unit vector of y into u (n values) and x 2^-*ex into w; fails on a zero y. */
static basis_status d_unit_onto(const char *fn, const basis_kernels *k, int64_t n,
                                const double *x, int64_t incx, const double *y, int64_t incy,
                                double *u, double *w, int *ex)
{
    basis_status s;
    if ((s = d_gather_finite(fn, "x", n, x, incx, w)) ||
        (s = d_gather_finite(fn, "y", n, y, incy, u)))
        return s;
    *ex = d_normalize_scale(n, w);
    d_normalize_scale(n, u);
    double ny = k->dnrm2(n, u, 1);
    if (ny == 0.0)
        return d_zero_vector(fn, "y (the vector projected onto)", n);
    /* Dividing (not multiplying by 1/ny) keeps u exact for axis vectors. */
    for (int64_t i = 0; i < n; i++)
        u[i] /= ny;
    return BASIS_OK;
}

basis_status basis_dscalar_projection(basis_ctx *ctx, int64_t n, const double *x, int64_t incx,
                                      const double *y, int64_t incy, double *result)
{
    static const char fn[] = "basis_dscalar_projection";
    basis_status s;
    if ((s = d_check_pair(fn, n, x, incx, y, incy)) ||
        (s = basis_check_ptr(fn, "result", result, 1)))
        return s;
    if (n == 0)
        return d_zero_vector(fn, "y (the vector projected onto)", n);
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    double *u = basis_alloc((size_t)n * 2 * sizeof *u);
    if (u == NULL)
        return basis_call_end(ctx, &call,
                              basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for 2 x %lld values",
                                         fn, (long long)n));
    int ex;
    if (!(s = d_unit_onto(fn, call.k, n, x, incx, y, incy, u, u + n, &ex))) {
        double c = call.k->ddot(n, u + n, 1, u, 1), r = scalbn(c, ex);
        if (isfinite(r))
            *result = r;
        else
            s = basis_fail(BASIS_ERR_OVERFLOW, "%s: the scalar projection is %s%.6g x 2^%d, "
                           "beyond the double range (result untouched)", fn, c < 0 ? "-" : "",
                           fabs(c), ex);
    }
    basis_free(u);
    return basis_call_end(ctx, &call, s);
}

basis_status basis_dvector_projection(basis_ctx *ctx, int64_t n, const double *x, int64_t incx,
                                      const double *y, int64_t incy, double *p, int64_t incp)
{
    static const char fn[] = "basis_dvector_projection";
    basis_status s;
    if ((s = d_check_pair(fn, n, x, incx, y, incy)) ||
        (s = basis_check_vector(fn, "p", p, n, incp, "incp", sizeof *p)))
        return s;
    if (n == 0)
        return d_zero_vector(fn, "y (the vector projected onto)", n);
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    double *u = basis_alloc((size_t)n * 2 * sizeof *u);
    if (u == NULL)
        return basis_call_end(ctx, &call,
                              basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for 2 x %lld values",
                                         fn, (long long)n));
    int ex;
    if (!(s = d_unit_onto(fn, call.k, n, x, incx, y, incy, u, u + n, &ex))) {
        double c = call.k->ddot(n, u + n, 1, u, 1);
        call.k->dscal(n, c, u, 1);
        for (int64_t i = 0; i < n && !s; i++) {
            u[i] = scalbn(u[i], ex);
            if (!isfinite(u[i]))
                s = basis_fail(BASIS_ERR_OVERFLOW, "%s: p[%lld] is beyond the double range "
                               "(p untouched)", fn, (long long)i);
        }
        double *p0 = p + basis_vec_origin(n, incp);
        for (int64_t i = 0; i < n && !s; i++)
            p0[i * incp] = u[i];
    }
    basis_free(u);
    return basis_call_end(ctx, &call, s);
}
