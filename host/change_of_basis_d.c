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
        (s = basis_check_alloc(fn, "workspace", n + k + 1, k, sizeof *b)))
        return s;
    basis_strides(layout, 0, ldb, &rs, &cs);
    if ((s = basis_check_finite_d(fn, "b", b, rs, cs, n, k)))
        return s;
    if (k == 0)
        return BASIS_OK; /* with nv == 0 B is still checked: a bad basis is an error alone */
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    /* bs: B column major with column i scaled by 2^-e[i], its largest entry in [1, 2); g
     * after it, then e */
    double *bs = basis_alloc((size_t)(k * (n + k)) * sizeof *bs + (size_t)k * sizeof(int));
    if (bs == NULL)
        return basis_call_end(ctx, &call,
                              basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for the scaled "
                                         "%lld x %lld copy of b", fn, (long long)n, (long long)k));
    double *g = bs + n * k;
    int *e = (int *)(g + k * k);
    /* Scaling by powers of two is exact, so every b_i . b_j and b_i . v_j below is the one
     * of B scaled exactly; unscaled, B^T B overflows for columns near 1e154 (NaN cosines
     * passed the test) and underflows to a "zero vector" for ones near 1e-162. */
    for (int64_t j = 0; j < k && !s; j++) {
        double big = basis_max_abs_d(n, 1, b + j * cs, rs, 0);
        if (big == 0.0) {
            s = basis_fail(BASIS_ERR_ARGUMENT, "%s: column %lld of b is the zero vector", fn,
                           (long long)j);
            break;
        }
        e[j] = basis_unit_exponent(big);
        for (int64_t i = 0; i < n; i++)
            bs[i + j * n] = scalbn(b[i * rs + j * cs], -e[j]);
    }
    /* G = Bs^T Bs holds every b_i . b_j (scaled): the orthogonality test and the divisors */
    if (!s)
        s = basis_dgemm(ctx, BASIS_COL_MAJOR, BASIS_TRANS, BASIS_NO_TRANS, k, k, n, 1.0, bs, n,
                        bs, n, 0.0, g, k);
    double tol = 16.0 * (double)n * DBL_EPSILON;
    for (int64_t j = 0; j < k && !s; j++)
        for (int64_t i = 0; i < j && !s; i++) {
            double cosine = g[i + j * k] / (sqrt(g[i + i * k]) * sqrt(g[j + j * k]));
            if (fabs(cosine) > tol)
                s = basis_fail(BASIS_ERR_ARGUMENT,
                               "%s: columns %lld and %lld of b are not orthogonal (cosine %.3g "
                               "> %.3g); use basis_dcoords for a general basis",
                               fn, (long long)i, (long long)j, cosine, tol);
        }
    /* C = Bs^T V (Bs column major is Bs^T row major), then c_ij = 2^-e_i bs_i . v_j / g_ii:
     * b_i . v_j / b_i . b_i unscaled */
    if (!s && nv > 0)
        s = basis_dgemm(ctx, layout, layout == BASIS_COL_MAJOR ? BASIS_TRANS : BASIS_NO_TRANS,
                        BASIS_NO_TRANS, k, nv, n, 1.0, bs, n, v, ldv, 0.0, c, ldc);
    if (!s)
        for (int64_t i = 0; i < k; i++)
            for (int64_t j = 0; j < nv; j++)
                c[d_at(layout, ldc, i, j)] = scalbn(c[d_at(layout, ldc, i, j)] / g[i + i * k],
                                                    -e[i]);
    basis_free(bs);
    return basis_call_end(ctx, &call, s);
}

/* Solves B C = V for C (all n x n / n x nv in layout) on column-major copies, so that C is
 * written only when there is an answer. fn names the public op, names[] its arguments b,
 * ldb, v, ldv, c and ldc. */
static basis_status d_coords_solve(basis_ctx *ctx, const char *fn, basis_layout layout,
                                   int64_t n, const double *b, int64_t ldb, int64_t nv,
                                   const double *v, int64_t ldv, double *c, int64_t ldc,
                                   const char *const names[6])
{
    const char *bname = names[0];
    basis_status s;
    int64_t rs, cs;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_size(fn, "nv", nv)) ||
        (s = basis_check_matrix(fn, bname, names[1], b, layout, n, n, ldb, sizeof *b)) ||
        (s = basis_check_matrix(fn, names[2], names[3], v, layout, n, nv, ldv, sizeof *v)) ||
        (s = basis_check_matrix(fn, names[4], names[5], c, layout, n, nv, ldc, sizeof *c)) ||
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
    static const char *const names[6] = {"b", "ldb", "v", "ldv", "c", "ldc"};
    return d_coords_solve(ctx, "basis_dcoords", layout, n, b, ldb, nv, v, ldv, c, ldc, names);
}

basis_status basis_dbasis_transform(basis_ctx *ctx, basis_layout layout, int64_t n,
                                    const double *from, int64_t ldf, const double *to,
                                    int64_t ldt, double *t, int64_t ld)
{
    /* A vector with coordinates c in `from` is from c; its coordinates in `to` solve
     * to x = from c, so T = to^-1 from: the coordinates of from's columns in `to`. */
    static const char *const names[6] = {"to", "ldt", "from", "ldf", "t", "ld"};
    return d_coords_solve(ctx, "basis_dbasis_transform", layout, n, to, ldt, n, from, ldf, t,
                          ld, names);
}
