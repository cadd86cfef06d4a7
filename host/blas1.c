/* blas1.c: the public level-1 ops (dot, nrm2, axpy, scal): BLAS argument rules, then the kernel. */
#include "internal.h"

/* Kernels take a pointer to logical element 0; BLAS's negative increments start at the far
 * end. NULL stays NULL (an empty vector may be NULL, and NULL + 0 is not valid C). */
static const float *sorigin_c(const float *x, int64_t n, int64_t inc)
{
    int64_t o = basis_vec_origin(n, inc);
    return o ? x + o : x;
}

static float *sorigin(float *x, int64_t n, int64_t inc)
{
    int64_t o = basis_vec_origin(n, inc);
    return o ? x + o : x;
}

static const double *dorigin_c(const double *x, int64_t n, int64_t inc)
{
    int64_t o = basis_vec_origin(n, inc);
    return o ? x + o : x;
}

static double *dorigin(double *x, int64_t n, int64_t inc)
{
    int64_t o = basis_vec_origin(n, inc);
    return o ? x + o : x;
}

basis_status basis_sdot(basis_ctx *ctx, int64_t n, const float *x, int64_t incx,
                        const float *y, int64_t incy, float *result)
{
    static const char fn[] = "basis_sdot";
    basis_status s;
    if ((s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_vector(fn, "x", x, n, incx, "incx", sizeof *x)) ||
        (s = basis_check_vector(fn, "y", y, n, incy, "incy", sizeof *y)) ||
        (s = basis_check_ptr(fn, "result", result, 1)))
        return s;
    incx = basis_tame_inc(n, incx);
    incy = basis_tame_inc(n, incy);

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    *result = n == 0 ? 0.0f
                     : call.k->sdot(n, sorigin_c(x, n, incx), incx, sorigin_c(y, n, incy), incy);
    return basis_call_end(ctx, &call, BASIS_OK);
}

basis_status basis_ddot(basis_ctx *ctx, int64_t n, const double *x, int64_t incx,
                        const double *y, int64_t incy, double *result)
{
    static const char fn[] = "basis_ddot";
    basis_status s;
    if ((s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_vector(fn, "x", x, n, incx, "incx", sizeof *x)) ||
        (s = basis_check_vector(fn, "y", y, n, incy, "incy", sizeof *y)) ||
        (s = basis_check_ptr(fn, "result", result, 1)))
        return s;
    incx = basis_tame_inc(n, incx);
    incy = basis_tame_inc(n, incy);

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    *result = n == 0 ? 0.0
                     : call.k->ddot(n, dorigin_c(x, n, incx), incx, dorigin_c(y, n, incy), incy);
    return basis_call_end(ctx, &call, BASIS_OK);
}

basis_status basis_snrm2(basis_ctx *ctx, int64_t n, const float *x, int64_t incx,
                         float *result)
{
    static const char fn[] = "basis_snrm2";
    basis_status s;
    if ((s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_vector(fn, "x", x, n, incx, "incx", sizeof *x)) ||
        (s = basis_check_ptr(fn, "result", result, 1)))
        return s;
    incx = basis_tame_inc(n, incx);

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    *result = n == 0 ? 0.0f : call.k->snrm2(n, sorigin_c(x, n, incx), incx);
    return basis_call_end(ctx, &call, BASIS_OK);
}

basis_status basis_dnrm2(basis_ctx *ctx, int64_t n, const double *x, int64_t incx,
                         double *result)
{
    static const char fn[] = "basis_dnrm2";
    basis_status s;
    if ((s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_vector(fn, "x", x, n, incx, "incx", sizeof *x)) ||
        (s = basis_check_ptr(fn, "result", result, 1)))
        return s;
    incx = basis_tame_inc(n, incx);

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    *result = n == 0 ? 0.0 : call.k->dnrm2(n, dorigin_c(x, n, incx), incx);
    return basis_call_end(ctx, &call, BASIS_OK);
}

basis_status basis_saxpy(basis_ctx *ctx, int64_t n, float alpha, const float *x, int64_t incx,
                         float *y, int64_t incy)
{
    static const char fn[] = "basis_saxpy";
    basis_status s;
    if ((s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_vector(fn, "x", x, n, incx, "incx", sizeof *x)) ||
        (s = basis_check_vector(fn, "y", y, n, incy, "incy", sizeof *y)))
        return s;
    incx = basis_tame_inc(n, incx);
    incy = basis_tame_inc(n, incy);

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (n > 0)
        call.k->saxpy(n, alpha, sorigin_c(x, n, incx), incx, sorigin(y, n, incy), incy);
    return basis_call_end(ctx, &call, BASIS_OK);
}

basis_status basis_daxpy(basis_ctx *ctx, int64_t n, double alpha, const double *x,
                         int64_t incx, double *y, int64_t incy)
{
    static const char fn[] = "basis_daxpy";
    basis_status s;
    if ((s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_vector(fn, "x", x, n, incx, "incx", sizeof *x)) ||
        (s = basis_check_vector(fn, "y", y, n, incy, "incy", sizeof *y)))
        return s;
    incx = basis_tame_inc(n, incx);
    incy = basis_tame_inc(n, incy);

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (n > 0)
        call.k->daxpy(n, alpha, dorigin_c(x, n, incx), incx, dorigin(y, n, incy), incy);
    return basis_call_end(ctx, &call, BASIS_OK);
}

basis_status basis_sscal(basis_ctx *ctx, int64_t n, float alpha, float *x, int64_t incx)
{
    static const char fn[] = "basis_sscal";
    basis_status s;
    if ((s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_vector(fn, "x", x, n, incx, "incx", sizeof *x)))
        return s;
    incx = basis_tame_inc(n, incx);

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (n > 0)
        call.k->sscal(n, alpha, sorigin(x, n, incx), incx);
    return basis_call_end(ctx, &call, BASIS_OK);
}

basis_status basis_dscal(basis_ctx *ctx, int64_t n, double alpha, double *x, int64_t incx)
{
    static const char fn[] = "basis_dscal";
    basis_status s;
    if ((s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_vector(fn, "x", x, n, incx, "incx", sizeof *x)))
        return s;
    incx = basis_tame_inc(n, incx);

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (n > 0)
        call.k->dscal(n, alpha, dorigin(x, n, incx), incx);
    return basis_call_end(ctx, &call, BASIS_OK);
}
