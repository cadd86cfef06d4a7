/* check.c: the argument checks every public op runs before touching memory; each failure names fn, the argument and its value. */
#include <math.h>
#include <stdint.h>

#include "internal.h"

/* The largest object the library will address, in bytes: pointer differences must stay
 * representable, and so must sizes passed to the allocator. */
static int64_t max_bytes(void)
{
    uint64_t m = (uint64_t)PTRDIFF_MAX < (uint64_t)SIZE_MAX ? (uint64_t)PTRDIFF_MAX
                                                            : (uint64_t)SIZE_MAX;
    return m > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)m;
}

/* count elements of elem bytes: 0 if that fits in memory, else -1. */
static int fits_bytes(int64_t count, size_t elem)
{
    int64_t bytes;
    if ((uint64_t)elem > (uint64_t)INT64_MAX)
        return -1;
    if (__builtin_mul_overflow(count, (int64_t)elem, &bytes))
        return -1;
    return bytes <= max_bytes() ? 0 : -1;
}

basis_status basis_check_size(const char *fn, const char *name, int64_t v)
{
    if (v < 0)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s = %lld is negative", fn, name,
                          (long long)v);
    return BASIS_OK;
}

basis_status basis_check_layout(const char *fn, basis_layout layout)
{
    if (layout != BASIS_ROW_MAJOR && layout != BASIS_COL_MAJOR)
        return basis_fail(BASIS_ERR_ARGUMENT,
                          "%s: layout = %d is neither BASIS_ROW_MAJOR (101) nor "
                          "BASIS_COL_MAJOR (102)",
                          fn, (int)layout);
    return BASIS_OK;
}

basis_status basis_check_trans(const char *fn, const char *name, basis_trans trans)
{
    if (trans != BASIS_NO_TRANS && trans != BASIS_TRANS && trans != BASIS_CONJ_TRANS)
        return basis_fail(BASIS_ERR_ARGUMENT,
                          "%s: %s = %d is not BASIS_NO_TRANS (111), BASIS_TRANS (112) or "
                          "BASIS_CONJ_TRANS (113)",
                          fn, name, (int)trans);
    return BASIS_OK;
}

basis_status basis_check_ptr(const char *fn, const char *name, const void *p, int64_t count)
{
    if (p == NULL && count > 0)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s is NULL but must hold %lld %s", fn,
                          name, (long long)count, count == 1 ? "entry" : "entries");
    return BASIS_OK;
}

basis_status basis_check_vector(const char *fn, const char *name, const void *p, int64_t n,
                                int64_t inc, const char *incname, size_t elem)
{
    if (n < 0)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s has a negative length %lld", fn, name,
                          (long long)n);
    if (p == NULL && n > 0)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s is NULL but must hold %lld %s", fn,
                          name, (long long)n, n == 1 ? "entry" : "entries");
    if (inc == 0)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s = 0 must be non-zero", fn, incname);
    if (n > 0) {
        /* -INT64_MIN does not exist, so that increment can never describe a real vector. */
        int64_t span;
        int ovf = inc == INT64_MIN;
        if (!ovf)
            ovf = __builtin_mul_overflow(n - 1, inc < 0 ? -inc : inc, &span) ||
                  __builtin_add_overflow(span, (int64_t)1, &span) || fits_bytes(span, elem);
        if (ovf)
            return basis_fail(BASIS_ERR_ARGUMENT,
                              "%s: %s with %lld entries at %s = %lld spans more memory than "
                              "can be addressed",
                              fn, name, (long long)n, incname, (long long)inc);
    }
    return BASIS_OK;
}

basis_status basis_check_matrix(const char *fn, const char *name, const char *ldname,
                                const void *p, basis_layout layout, int64_t rows,
                                int64_t cols, int64_t ld, size_t elem)
{
    int col_major = layout == BASIS_COL_MAJOR;
    const char *lname = col_major ? "column-major" : "row-major";
    int64_t inner = col_major ? rows : cols;
    int64_t outer = col_major ? cols : rows;
    int64_t need = inner > 1 ? inner : 1;

    if (rows < 0 || cols < 0)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s has negative dimensions %lld x %lld",
                          fn, name, (long long)rows, (long long)cols);
    if (p == NULL && rows > 0 && cols > 0)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s is NULL but is a %lld x %lld matrix",
                          fn, name, (long long)rows, (long long)cols);
    if (ld < need)
        return basis_fail(BASIS_ERR_ARGUMENT,
                          "%s: %s = %lld must be at least max(1, %s) = %lld for the %lld x "
                          "%lld %s %s",
                          fn, ldname, (long long)ld, col_major ? "rows" : "columns",
                          (long long)need, (long long)rows, (long long)cols, lname, name);
    if (rows > 0 && cols > 0) {
        int64_t span;
        if (__builtin_mul_overflow(ld, outer - 1, &span) ||
            __builtin_add_overflow(span, inner, &span) || fits_bytes(span, elem))
            return basis_fail(BASIS_ERR_ARGUMENT,
                              "%s: the %lld x %lld %s %s with %s = %lld spans more memory "
                              "than can be addressed",
                              fn, (long long)rows, (long long)cols, lname, name, ldname,
                              (long long)ld);
    }
    return BASIS_OK;
}

basis_status basis_check_alloc(const char *fn, const char *what, int64_t rows, int64_t cols,
                               size_t elem)
{
    int64_t count;
    if (rows < 0 || cols < 0 || __builtin_mul_overflow(rows, cols, &count) ||
        fits_bytes(count, elem))
        return basis_fail(BASIS_ERR_ARGUMENT,
                          "%s: %s of %lld x %lld entries of %zu bytes is too large to "
                          "allocate",
                          fn, what, (long long)rows, (long long)cols, elem);
    return BASIS_OK;
}

/* Scanning along the smaller stride keeps the walk sequential in memory for either
 * layout; "first" therefore means first in storage order. */
basis_status basis_check_finite_s(const char *fn, const char *name, const float *a, int64_t rs,
                                  int64_t cs, int64_t rows, int64_t cols)
{
    int by_cols = (cs < 0 ? -cs : cs) >= (rs < 0 ? -rs : rs);
    int64_t no = by_cols ? cols : rows, ni = by_cols ? rows : cols;
    for (int64_t o = 0; o < no; o++) {
        for (int64_t q = 0; q < ni; q++) {
            int64_t i = by_cols ? q : o, j = by_cols ? o : q;
            float v = a[i * rs + j * cs];
            if (!isfinite(v))
                return basis_fail(BASIS_ERR_ARGUMENT,
                                  "%s: %s(%lld, %lld) = %g is not finite (0-based indices)",
                                  fn, name, (long long)i, (long long)j, (double)v);
        }
    }
    return BASIS_OK;
}

basis_status basis_check_finite_d(const char *fn, const char *name, const double *a,
                                  int64_t rs, int64_t cs, int64_t rows, int64_t cols)
{
    int by_cols = (cs < 0 ? -cs : cs) >= (rs < 0 ? -rs : rs);
    int64_t no = by_cols ? cols : rows, ni = by_cols ? rows : cols;
    for (int64_t o = 0; o < no; o++) {
        for (int64_t q = 0; q < ni; q++) {
            int64_t i = by_cols ? q : o, j = by_cols ? o : q;
            double v = a[i * rs + j * cs];
            if (!isfinite(v))
                return basis_fail(BASIS_ERR_ARGUMENT,
                                  "%s: %s(%lld, %lld) = %g is not finite (0-based indices)",
                                  fn, name, (long long)i, (long long)j, v);
        }
    }
    return BASIS_OK;
}

/* getrs and getri use ipiv as row indices, as LAPACK's laswp does: row i is swapped with
 * row ipiv[i], in order, so any entry in [0, n) is safe and means what it means to the
 * reference (getrf's own pivots are in [i, n); hand-made ones need not be); one outside
 * is rejected before any row is touched. */
basis_status basis_check_ipiv(const char *fn, const int64_t *ipiv, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if (ipiv[i] < 0 || ipiv[i] >= n)
            return basis_fail(BASIS_ERR_ARGUMENT,
                              "%s: ipiv[%lld] = %lld is not a row of the %lld x %lld factors "
                              "(0-based, [0, %lld))",
                              fn, (long long)i, (long long)ipiv[i], (long long)n, (long long)n,
                              (long long)n);
    return BASIS_OK;
}

basis_status basis_check_iteration(const char *fn, double tol, int64_t max_iter)
{
    if (!(tol > 0.0) || !isfinite(tol))
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: tol = %g must be positive and finite", fn,
                          tol);
    if (max_iter < 1)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: max_iter = %lld must be at least 1", fn,
                          (long long)max_iter);
    return BASIS_OK;
}
