/* change_of_basis_d.c: double coordinates of vectors in an orthogonal basis (projections on the GEMM) or a general one (LU solve), and the transform between two bases. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "internal.h"

/* Entry (i, j) of a matrix stored in layout with leading dimension ld. */
static int64_t d_at(basis_layout layout, int64_t ld, int64_t i, int64_t j)
{
    return layout == BASIS_COL_MAJOR ? i + j * ld : i * ld + j;
}

basis_status basis_dcoords_orthogonal(basis_ctx *ctx, basis_layout layout, int64_t n, int64_t k,
                                      const double *b, int64_t ldb, int64_t nv, const double *v,
                                      int64_t ldv, double *c, int64_t ldc)
{
    static const char fn[] = "basis_dcoords_orthogonal";
    basis_status s;
    int64_t rs, cs;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_size(fn, "k", k)) || (s = basis_check_size(fn, "nv", nv)))
        return s;
    if (k > n)
        return basis_fail(BASIS_ERR_ARGUMENT,
                          "%s: k = %lld vectors cannot be pairwise orthogonal and non-zero in "
                          "dimension n = %lld",
                          fn, (long long)k, (long long)n);
    if ((s = basis_check_matrix(fn, "b", "ldb", b, layout, n, k, ldb, sizeof *b)) ||
        (s = basis_check_matrix(fn, "v", "ldv", v, layout, n, nv, ldv, sizeof *v)) ||
        (s = basis_check_matrix(fn, "c", "ldc", c, layout, k, nv, ldc, sizeof *c)) ||
        (s = basis_check_alloc(fn, "workspace", k, k, sizeof *b)))
        return s;
    basis_strides(layout, 0, ldb, &rs, &cs);
    if ((s = basis_check_finite_d(fn, "b", b, rs, cs, n, k)))
        return s;
    if (k == 0 || nv == 0)
        return BASIS_OK;
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    double *g = basis_alloc((size_t)(k * k) * sizeof *g);
    if (g == NULL)
        return basis_call_end(ctx, &call,
                              basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for the %lld x %lld "
                                         "Gram matrix", fn, (long long)k, (long long)k));
    /* G = B^T B holds every b_i . b_j: the orthogonality test and the divisors at once. */
    s = basis_dgemm(ctx, BASIS_COL_MAJOR, layout == BASIS_COL_MAJOR ? BASIS_TRANS : BASIS_NO_TRANS,
                    layout == BASIS_COL_MAJOR ? BASIS_NO_TRANS : BASIS_TRANS, k, k, n, 1.0, b,
                    ldb, b, ldb, 0.0, g, k);
    double tol = 16.0 * (double)n * DBL_EPSILON;
    for (int64_t i = 0; i < k && !s; i++)
        if (g[i + i * k] == 0.0)
            s = basis_fail(BASIS_ERR_ARGUMENT, "%s: column %lld of b is the zero vector", fn,
                           (long long)i);
    for (int64_t j = 0; j < k && !s; j++)
        for (int64_t i = 0; i < j && !s; i++) {
            double cosine = g[i + j * k] / (sqrt(g[i + i * k]) * sqrt(g[j + j * k]));
            if (fabs(cosine) > tol)
                s = basis_fail(BASIS_ERR_ARGUMENT,
                               "%s: columns %lld and %lld of b are not orthogonal (cosine %.3g "
                               "> %.3g); use basis_dcoords for a general basis",
                               fn, (long long)i, (long long)j, cosine, tol);
        }
    if (!s)
        s = basis_dgemm(ctx, layout, BASIS_TRANS, BASIS_NO_TRANS, k, nv, n, 1.0, b, ldb, v, ldv,
                        0.0, c, ldc);
    if (!s)
        for (int64_t i = 0; i < k; i++)
            for (int64_t j = 0; j < nv; j++)
                c[d_at(layout, ldc, i, j)] /= g[i + i * k];
    basis_free(g);
    return basis_call_end(ctx, &call, s);
}

/* Solves B C = V for C (all n x n / n x nv in layout) on column-major copies, so that C is
 * written only when there is an answer. fn names the public op, bname/vname its arguments. */
static basis_status d_coords_solve(basis_ctx *ctx, const char *fn, basis_layout layout,
                                   int64_t n, const double *b, int64_t ldb, const char *bname,
                                   int64_t nv, const double *v, int64_t ldv, const char *vname,
                                   double *c, int64_t ldc)
{
    basis_status s;
    int64_t rs, cs;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_size(fn, "nv", nv)) ||
        (s = basis_check_matrix(fn, bname, "ld", b, layout, n, n, ldb, sizeof *b)) ||
        (s = basis_check_matrix(fn, vname, "ld", v, layout, n, nv, ldv, sizeof *v)) ||
        (s = basis_check_matrix(fn, "result", "ld", c, layout, n, nv, ldc, sizeof *c)) ||
        (s = basis_check_alloc(fn, "workspace", n, n + nv + 1, sizeof *b)))
        return s;
    basis_strides(layout, 0, ldb, &rs, &cs);
    if ((s = basis_check_finite_d(fn, bname, b, rs, cs, n, n)))
        return s;
    if (n == 0 || nv == 0)
        return BASIS_OK;
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    /* pivots first, so that they stay 8-byte aligned in the float twin too */
    int64_t *ipiv = basis_alloc((size_t)n * sizeof *ipiv + (size_t)(n * (n + nv)) * sizeof(double));
    if (ipiv == NULL)
        return basis_call_end(ctx, &call,
                              basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for the LU of "
                                         "%lld x %lld", fn, (long long)n, (long long)n));
    double *lu = (double *)(ipiv + n), *w = lu + n * n, rcond = 0.0;
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++)
            lu[i + j * n] = b[d_at(layout, ldb, i, j)];
    for (int64_t j = 0; j < nv; j++)
        for (int64_t i = 0; i < n; i++)
            w[i + j * n] = v[d_at(layout, ldv, i, j)];
    s = basis_dgesv_checked(ctx, BASIS_COL_MAJOR, n, nv, lu, n, ipiv, w, n, &rcond);
    if (s == BASIS_ERR_SINGULAR)
        s = basis_fail(BASIS_ERR_SINGULAR,
                       "%s: the columns of %s are linearly dependent, so they are not a basis "
                       "(LU found an exactly zero pivot)",
                       fn, bname);
    else if (s == BASIS_ERR_ILL_CONDITIONED)
        s = basis_fail(BASIS_ERR_ILL_CONDITIONED,
                       "%s: the columns of %s are dependent to working precision (rcond = "
                       "%.3g): the coordinates were written but may have no correct digits",
                       fn, bname, rcond);
    if (s == BASIS_OK || s == BASIS_ERR_ILL_CONDITIONED)
        for (int64_t j = 0; j < nv; j++)
            for (int64_t i = 0; i < n; i++)
                c[d_at(layout, ldc, i, j)] = w[i + j * n];
    basis_free(ipiv);
    return basis_call_end(ctx, &call, s);
}

basis_status basis_dcoords(basis_ctx *ctx, basis_layout layout, int64_t n, const double *b,
                           int64_t ldb, int64_t nv, const double *v, int64_t ldv, double *c,
                           int64_t ldc)
{
    return d_coords_solve(ctx, "basis_dcoords", layout, n, b, ldb, "b", nv, v, ldv, "v", c, ldc);
}

basis_status basis_dbasis_transform(basis_ctx *ctx, basis_layout layout, int64_t n,
                                    const double *from, int64_t ldf, const double *to,
                                    int64_t ldt, double *t, int64_t ld)
{
    /* A vector with coordinates c in `from` is from c; its coordinates in `to` solve
     * to x = from c, so T = to^-1 from: the coordinates of from's columns in `to`. */
    return d_coords_solve(ctx, "basis_dbasis_transform", layout, n, to, ldt, "to", n, from, ldf,
                          "from", t, ld);
}
