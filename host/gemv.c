/* gemv.c: the public gemv ops: y := alpha op(A) x + beta y for either layout and transpose, via one strided kernel, rows split over threads when the matrix is large. */
#ifdef BASIS_WITH_OPENMP
#include <omp.h>
#endif

#include "gemm_blocked.h"
#include "internal.h"

/* gemv streams A once, so one core's share of the memory bandwidth bounds it: a large
 * matrix is cut into row blocks of op(A), one per thread, each a whole gemv of its own (no
 * reduction, so no barrier but the end). Blocks start at multiples of GEMV_ROW_ALIGN rows,
 * so a kernel's vector steps over rows line up as in the single call: every y entry gets
 * the same sum in the same order whatever the threads. Small ones (under basis_gemm_threads'
 * threshold, 2mn < 4 MFLOP) stay on one thread. */
#define GEMV_ROW_ALIGN 64

/* Rows [r0, r1) of thread t of nth. */
static void gemv_rows(int64_t rows, int t, int nth, int64_t *r0, int64_t *r1)
{
    int64_t blocks = (rows + GEMV_ROW_ALIGN - 1) / GEMV_ROW_ALIGN;
    *r0 = blocks * t / nth * GEMV_ROW_ALIGN;
    *r1 = blocks * (t + 1) / nth * GEMV_ROW_ALIGN;
    *r0 = *r0 < rows ? *r0 : rows;
    *r1 = *r1 < rows ? *r1 : rows;
}

static int gemv_threads(const basis_call *call, int64_t rows, int64_t cols)
{
    int nth = basis_gemm_threads(call->threads, rows, cols, 1);
    return rows >= 2 * GEMV_ROW_ALIGN ? nth : 1;
}

static void sgemv_run(const basis_call *call, int64_t rows, int64_t cols, float alpha,
                      const float *a, int64_t rs, int64_t cs, const float *x, int64_t incx,
                      float beta, float *y, int64_t incy)
{
    int nth = gemv_threads(call, rows, cols);
#ifdef BASIS_WITH_OPENMP
    if (nth > 1) {
#pragma omp parallel num_threads(nth)
        {
            int64_t r0, r1;
            gemv_rows(rows, omp_get_thread_num(), omp_get_num_threads(), &r0, &r1);
            if (r1 > r0)
                call->k->sgemv(r1 - r0, cols, alpha, a + r0 * rs, rs, cs, x, incx, beta,
                               y + r0 * incy, incy);
        }
        return;
    }
#endif
    (void)nth;
    call->k->sgemv(rows, cols, alpha, a, rs, cs, x, incx, beta, y, incy);
}

static void dgemv_run(const basis_call *call, int64_t rows, int64_t cols, double alpha,
                      const double *a, int64_t rs, int64_t cs, const double *x, int64_t incx,
                      double beta, double *y, int64_t incy)
{
    int nth = gemv_threads(call, rows, cols);
#ifdef BASIS_WITH_OPENMP
    if (nth > 1) {
#pragma omp parallel num_threads(nth)
        {
            int64_t r0, r1;
            gemv_rows(rows, omp_get_thread_num(), omp_get_num_threads(), &r0, &r1);
            if (r1 > r0)
                call->k->dgemv(r1 - r0, cols, alpha, a + r0 * rs, rs, cs, x, incx, beta,
                               y + r0 * incy, incy);
        }
        return;
    }
#endif
    (void)nth;
    call->k->dgemv(rows, cols, alpha, a, rs, cs, x, incx, beta, y, incy);
}

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
        sgemv_run(&call, rows, cols, alpha, a, rs, cs, sorigin_c(x, cols, incx), incx, beta,
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
        dgemv_run(&call, rows, cols, alpha, a, rs, cs, dorigin_c(x, cols, incx), incx, beta,
                  dorigin(y, rows, incy), incy);
    }
    return basis_call_end(ctx, &call, BASIS_OK);
}
