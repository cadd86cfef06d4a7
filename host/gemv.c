/* gemv.c: the public gemv ops: y := alpha op(A) x + beta y for either layout and transpose, via one strided kernel. */
#include "internal.h"

/* Kernels take a pointer to logical element 0; NULL stays NULL for empty vectors. */
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

basis_status basis_sgemv(basis_ctx *ctx, basis_layout layout, basis_trans trans, int64_t m,
                         int64_t n, float alpha, const float *a, int64_t lda, const float *x,
                         int64_t incx, float beta, float *y, int64_t incy)
{
    static const char fn[] = "basis_sgemv";
    basis_status s;
    int t = trans != BASIS_NO_TRANS;
    int64_t rows = t ? n : m, cols = t ? m : n; /* of op(A) */
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_trans(fn, "trans", trans)) ||
        (s = basis_check_size(fn, "m", m)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, m, n, lda, sizeof *a)) ||
        (s = basis_check_vector(fn, "x", x, cols, incx, "incx", sizeof *x)) ||
        (s = basis_check_vector(fn, "y", y, rows, incy, "incy", sizeof *y)))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (rows > 0) {
        int64_t rs, cs;
        basis_strides(layout, t, lda, &rs, &cs);
        basis_tame_strides(rows, cols, &rs, &cs);
        incx = basis_tame_inc(cols, incx);
        incy = basis_tame_inc(rows, incy);
        call.k->sgemv(rows, cols, alpha, a, rs, cs, sorigin_c(x, cols, incx), incx, beta,
                      sorigin(y, rows, incy), incy);
    }
    return basis_call_end(ctx, &call, BASIS_OK);
}

basis_status basis_dgemv(basis_ctx *ctx, basis_layout layout, basis_trans trans, int64_t m,
                         int64_t n, double alpha, const double *a, int64_t lda, const double *x,
                         int64_t incx, double beta, double *y, int64_t incy)
{
    static const char fn[] = "basis_dgemv";
    basis_status s;
    int t = trans != BASIS_NO_TRANS;
    int64_t rows = t ? n : m, cols = t ? m : n; /* of op(A) */
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_trans(fn, "trans", trans)) ||
        (s = basis_check_size(fn, "m", m)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, m, n, lda, sizeof *a)) ||
        (s = basis_check_vector(fn, "x", x, cols, incx, "incx", sizeof *x)) ||
        (s = basis_check_vector(fn, "y", y, rows, incy, "incy", sizeof *y)))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (rows > 0) {
        int64_t rs, cs;
        basis_strides(layout, t, lda, &rs, &cs);
        basis_tame_strides(rows, cols, &rs, &cs);
        incx = basis_tame_inc(cols, incx);
        incy = basis_tame_inc(rows, incy);
        call.k->dgemv(rows, cols, alpha, a, rs, cs, dorigin_c(x, cols, incx), incx, beta,
                      dorigin(y, rows, incy), incy);
    }
    return basis_call_end(ctx, &call, BASIS_OK);
}
