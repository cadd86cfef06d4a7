/* trsm_d.c: double triangular solve with many right-hand sides: recursive halving puts the bulk on the GEMM, substitution in portable C on the small diagonal blocks. */
#ifdef BASIS_WITH_OPENMP
#include <omp.h>
#endif

#include "gemm_blocked.h"
#include "lu_blocked.h"

/* Diagonal blocks of at most LEAF rows are solved by substitution; at most FEW_RHS
 * right-hand sides go through the GEMV instead of the GEMM (see few_rhs). ROW_CHUNK
 * columns of a LEAF-row block of B stay in L1 while the row form sweeps them; PACK_CHUNK
 * columns are one stack block. */
enum { LEAF = 16, FEW_RHS = 2, ROW_CHUNK = 256, PACK_CHUNK = 128, TRSV_BLOCK = 64 };

void basis_dgemm_sure(const basis_call *call, int64_t m, int64_t n, int64_t k, double alpha,
                      const double *a, int64_t rsa, int64_t csa, const double *b, int64_t rsb,
                      int64_t csb, double beta, double *c, int64_t rsc, int64_t csc)
{
    if (basis_dgemm_run(call, m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc))
        call->k->dgemm(m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc);
}

/* Rows of B contiguous (cb == 1): row i -= T(i,k) row k, vectorized across the
 * right-hand sides, a chunk of columns at a time. */
static void leaf_rows(int lower, int unit, int64_t n, int64_t nrhs, const double *t,
                      int64_t rt, int64_t ct, double *b, int64_t rb)
{
    for (int64_t j0 = 0; j0 < nrhs; j0 += ROW_CHUNK) {
        int64_t w = nrhs - j0 < ROW_CHUNK ? nrhs - j0 : ROW_CHUNK;
        for (int64_t s = 0; s < n; s++) {
            int64_t i = lower ? s : n - 1 - s;
            int64_t k0 = lower ? 0 : i + 1, k1 = lower ? i : n;
            double *restrict bi = b + i * rb + j0;
            for (int64_t k = k0; k < k1; k++) {
                const double tik = t[i * rt + k * ct];
                const double *restrict bk = b + k * rb + j0;
                for (int64_t j = 0; j < w; j++)
                    bi[j] -= tik * bk[j];
            }
            if (!unit) {
                const double d = t[i * rt + i * ct];
                for (int64_t j = 0; j < w; j++)
                    bi[j] /= d;
            }
        }
    }
}

/* Column form: once x(k) is final, subtract it times column k of T from the rest of x.
 * Unit stride in both when T and B are column major. */
static void leaf_cols(int lower, int unit, int64_t n, int64_t nrhs, const double *t,
                      int64_t rt, int64_t ct, double *b, int64_t rb, int64_t cb)
{
    for (int64_t j = 0; j < nrhs; j++) {
        double *x = b + j * cb;
        for (int64_t s = 0; s < n; s++) {
            int64_t k = lower ? s : n - 1 - s;
            if (!unit)
                x[k * rb] /= t[k * rt + k * ct];
            const double xk = x[k * rb];
            const double *tk = t + k * ct;
            int64_t i0 = lower ? k + 1 : 0, i1 = lower ? n : k;
            if (rt == 1 && rb == 1) {
                for (int64_t i = i0; i < i1; i++)
                    x[i] -= tk[i] * xk;
            } else {
                for (int64_t i = i0; i < i1; i++)
                    x[i * rb] -= tk[i * rt] * xk;
            }
        }
    }
}

/* Dot form for rows of T contiguous (ct == 1) and columns of B contiguous (rb == 1):
 * x(i) = (b(i) - T(i,:) x) / T(i,i), with four partial sums. */
static void leaf_dots(int lower, int unit, int64_t n, int64_t nrhs, const double *t,
                      int64_t rt, double *b, int64_t cb)
{
    for (int64_t j = 0; j < nrhs; j++) {
        double *x = b + j * cb;
        for (int64_t s = 0; s < n; s++) {
            int64_t i = lower ? s : n - 1 - s;
            int64_t k = lower ? 0 : i + 1, k1 = lower ? i : n;
            const double *ti = t + i * rt;
            double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
            for (; k + 4 <= k1; k += 4) {
                s0 += ti[k] * x[k];
                s1 += ti[k + 1] * x[k + 1];
                s2 += ti[k + 2] * x[k + 2];
                s3 += ti[k + 3] * x[k + 3];
            }
            for (; k < k1; k++)
                s0 += ti[k] * x[k];
            double v = x[i] - ((s0 + s1) + (s2 + s3));
            x[i] = unit ? v : v / ti[i];
        }
    }
}

/* Columns of B contiguous and many of them: PACK_CHUNK columns at a time are copied to a
 * row-major block on the stack, solved in the row form, and copied back, because the
 * column form's inner loops are shorter than LEAF and do not vectorize. */
static void leaf_packed(int lower, int unit, int64_t n, int64_t nrhs, const double *t,
                        int64_t rt, int64_t ct, double *b, int64_t cb)
{
    double w[LEAF * PACK_CHUNK];
    for (int64_t j0 = 0; j0 < nrhs; j0 += PACK_CHUNK) {
        int64_t wj = nrhs - j0 < PACK_CHUNK ? nrhs - j0 : PACK_CHUNK;
        for (int64_t j = 0; j < wj; j++)
            for (int64_t i = 0; i < n; i++)
                w[i * wj + j] = b[i + (j0 + j) * cb];
        leaf_rows(lower, unit, n, wj, t, rt, ct, w, wj);
        for (int64_t j = 0; j < wj; j++)
            for (int64_t i = 0; i < n; i++)
                b[i + (j0 + j) * cb] = w[i * wj + j];
    }
}

/* Substitution, in the loop order whose innermost loop walks unit stride. */
static void leaf(int lower, int unit, int64_t n, int64_t nrhs, const double *t, int64_t rt,
                 int64_t ct, double *b, int64_t rb, int64_t cb)
{
    if (cb == 1 && (nrhs > FEW_RHS || rb != 1))
        leaf_rows(lower, unit, n, nrhs, t, rt, ct, b, rb);
    else if (rb == 1 && nrhs > FEW_RHS && n <= LEAF)
        leaf_packed(lower, unit, n, nrhs, t, rt, ct, b, cb);
    else if (rb == 1 && rt == 1)
        leaf_cols(lower, unit, n, nrhs, t, rt, ct, b, rb, cb);
    else if (rb == 1 && ct == 1)
        leaf_dots(lower, unit, n, nrhs, t, rt, b, cb);
    else
        leaf_cols(lower, unit, n, nrhs, t, rt, ct, b, rb, cb);
}

/* A few right-hand sides are matrix-vector work: each column is solved in blocks of
 * TRSV_BLOCK rows, substitution on the diagonal block and the target's GEMV (a SIMD kernel
 * where there is one) for the rest, so T is read once at the speed of memory. */
static void few_rhs(const basis_call *call, int lower, int unit, int64_t n, int64_t nrhs,
                    const double *t, int64_t rt, int64_t ct, double *b, int64_t rb, int64_t cb)
{
    for (int64_t j = 0; j < nrhs; j++) {
        double *x = b + j * cb;
        for (int64_t s = 0; s < n; s += TRSV_BLOCK) {
            int64_t ib = n - s < TRSV_BLOCK ? n - s : TRSV_BLOCK;
            int64_t i0 = lower ? s : n - s - ib, i1 = i0 + ib;
            leaf(lower, unit, ib, 1, t + i0 * (rt + ct), rt, ct, x + i0 * rb, rb, cb);
            if (lower && i1 < n)
                call->k->dgemv(n - i1, ib, -1.0, t + i1 * rt + i0 * ct, rt, ct, x + i0 * rb, rb,
                               1.0, x + i1 * rb, rb);
            else if (!lower && i0 > 0)
                call->k->dgemv(i0, ib, -1.0, t + i0 * ct, rt, ct, x + i0 * rb, rb, 1.0, x, rb);
        }
    }
}

/* Halves on a multiple of 8 rows keep the GEMM's row blocks whole. */
static int64_t split(int64_t n)
{
    int64_t h = n / 2, r = (h + 7) / 8 * 8;
    return r < n ? r : h;
}

static void rec(const basis_call *call, int lower, int unit, int64_t n, int64_t nrhs,
                const double *t, int64_t rt, int64_t ct, double *b, int64_t rb, int64_t cb)
{
    if (n <= LEAF) {
        leaf(lower, unit, n, nrhs, t, rt, ct, b, rb, cb);
        return;
    }
    if (nrhs <= FEW_RHS) {
        few_rhs(call, lower, unit, n, nrhs, t, rt, ct, b, rb, cb);
        return;
    }
    int64_t n1 = split(n), n2 = n - n1;
    const double *t22 = t + n1 * (rt + ct);
    double *b2 = b + n1 * rb;
    if (lower) {
        rec(call, 1, unit, n1, nrhs, t, rt, ct, b, rb, cb);
        basis_dgemm_sure(call, n2, nrhs, n1, -1.0, t + n1 * rt, rt, ct, b, rb, cb, 1.0, b2, rb,
                         cb);
        rec(call, 1, unit, n2, nrhs, t22, rt, ct, b2, rb, cb);
    } else {
        rec(call, 0, unit, n2, nrhs, t22, rt, ct, b2, rb, cb);
        basis_dgemm_sure(call, n1, nrhs, n2, -1.0, t + n1 * ct, rt, ct, b2, rb, cb, 1.0, b, rb,
                         cb);
        rec(call, 0, unit, n1, nrhs, t, rt, ct, b, rb, cb);
    }
}

/* Threads for a split over right-hand sides: each needs a slice of at least 32 columns
 * and the whole solve ~4 MFLOP, else one thread (whose GEMMs may still thread). */
static int rhs_threads(int threads, int64_t n, int64_t nrhs)
{
#ifdef BASIS_WITH_OPENMP
    if (omp_in_parallel())
        return 1;
#endif
    if (threads <= 1 || (double)n * (double)n * (double)nrhs < 4e6)
        return 1;
    int64_t most = nrhs / 32;
    return most < threads ? (int)(most < 1 ? 1 : most) : threads;
}

void basis_dtrsm_left(const basis_call *call, int lower, int unit, int64_t n, int64_t nrhs,
                      double alpha, const double *t, int64_t rst, int64_t cst, double *b,
                      int64_t rsb, int64_t csb)
{
    if (n <= 0 || nrhs <= 0)
        return;
    if (alpha != 1.0) {
        /* alpha == 0 writes zeros without reading B, as BLAS does. */
        for (int64_t j = 0; j < nrhs; j++)
            for (int64_t i = 0; i < n; i++)
                b[i * rsb + j * csb] = alpha == 0.0 ? 0.0 : alpha * b[i * rsb + j * csb];
        if (alpha == 0.0)
            return;
    }
    int nt = rhs_threads(call->threads, n, nrhs);
    if (nt <= 1) {
        rec(call, lower, unit, n, nrhs, t, rst, cst, b, rsb, csb);
        return;
    }
#ifdef BASIS_WITH_OPENMP
#pragma omp parallel for num_threads(nt) schedule(static, 1)
#endif
    for (int p = 0; p < nt; p++) {
        /* slices on multiples of 8 columns */
        int64_t j0 = nrhs * p / nt / 8 * 8, j1 = p + 1 == nt ? nrhs : nrhs * (p + 1) / nt / 8 * 8;
        if (j1 > j0)
            rec(call, lower, unit, n, j1 - j0, t, rst, cst, b + j0 * csb, rsb, csb);
    }
}
