/* lapacke.c: the LAPACKE names for LU: reference LAPACKE return codes, 1-based lapack_int pivots, then the native ops.
 *
 * Reference LAPACKE (Reference-LAPACK/lapack LAPACKE/src/lapacke_?get*.c and *_work.c)
 * tests, in this order: matrix_layout (-1); NaN in the input matrices (-(position of the
 * array)), unless LAPACKE_NANCHECK=0; in row major its own leading-dimension tests
 * (lda < n, ldb < nrhs, no max(1, .)); then the Fortran routine's tests, whose INFO it
 * shifts by one for the layout argument. Unlike the reference, nothing is printed: the
 * reason goes to basis_last_error() and the negative code is returned. Row major needs no
 * transposed copy here since the native API takes either layout. */
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>

#include "basis_cblas.h"
#include "internal.h"
#include "std_pivots.h"

static once_flag nancheck_once = ONCE_FLAG_INIT;
static int nancheck_flag;

static void nancheck_read(void)
{
    const char *env = getenv("LAPACKE_NANCHECK");
    nancheck_flag = env ? atoi(env) != 0 : 1;
}

/* Reference LAPACKE checks inputs for NaN unless LAPACKE_NANCHECK is set to 0. */
static int nancheck(void)
{
    call_once(&nancheck_once, nancheck_read);
    return nancheck_flag;
}

/* Reference ?ge_nancheck: only the first min(rows, lda) entries of each column (column
 * major) or min(cols, lda) of each row (row major) are looked at. */
static int has_nan_s(int layout, lapack_int m, lapack_int n, const float *a, lapack_int lda)
{
    if (!a)
        return 0;
    int col = layout == LAPACK_COL_MAJOR;
    int64_t outer = col ? n : m, inner = col ? m : n;
    if (inner > lda)
        inner = lda;
    for (int64_t o = 0; o < outer; o++)
        for (int64_t i = 0; i < inner; i++)
            if (a[o * lda + i] != a[o * lda + i])
                return 1;
    return 0;
}

static int has_nan_d(int layout, lapack_int m, lapack_int n, const double *a, lapack_int lda)
{
    if (!a)
        return 0;
    int col = layout == LAPACK_COL_MAJOR;
    int64_t outer = col ? n : m, inner = col ? m : n;
    if (inner > lda)
        inner = lda;
    for (int64_t o = 0; o < outer; o++)
        for (int64_t i = 0; i < inner; i++)
            if (a[o * lda + i] != a[o * lda + i])
                return 1;
    return 0;
}

static lapack_int max1(lapack_int v)
{
    return v > 1 ? v : 1;
}

/* The first illegal argument found: its 1-based position, name and value. */
typedef struct bad_arg {
    int pos;
    const char *name;
    lapack_int value;
} bad_arg;

static int set_bad(bad_arg *b, int pos, const char *name, lapack_int value)
{
    b->pos = pos;
    b->name = name;
    b->value = value;
    return pos;
}

static lapack_int illegal(const char *fn, const bad_arg *b)
{
    if (b->pos == 2 && b->name[0] == 't') /* trans, a character */
        basis_fail(BASIS_ERR_ARGUMENT,
                   "%s: parameter 2 (trans = '%c', code %d) is not 'N', 'T' or 'C'", fn,
                   (b->value >= 32 && b->value < 127) ? (char)b->value : '?', (int)b->value);
    else
        basis_fail(BASIS_ERR_ARGUMENT, "%s: parameter %d (%s = %d) had an illegal value", fn,
                   b->pos, b->name, (int)b->value);
    return -b->pos;
}

static lapack_int bad_layout(const char *fn, int layout)
{
    basis_fail(BASIS_ERR_ARGUMENT,
               "%s: parameter 1 (matrix_layout = %d) is neither LAPACK_ROW_MAJOR (101) nor "
               "LAPACK_COL_MAJOR (102)",
               fn, layout);
    return -1;
}

static lapack_int has_nan(const char *fn, int pos, const char *name)
{
    basis_fail(BASIS_ERR_ARGUMENT,
               "%s: parameter %d (%s) contains NaN (LAPACKE_NANCHECK=0 turns this check off)",
               fn, pos, name);
    return -pos;
}

static lapack_int null_array(const char *fn, int pos, const char *name)
{
    basis_fail(BASIS_ERR_ARGUMENT, "%s: parameter %d (%s) is NULL", fn, pos, name);
    return -pos;
}

/* A native failure after the arguments were accepted (basis_last_error says why). */
static lapack_int failed(basis_status s)
{
    return s == BASIS_ERR_NO_MEMORY ? LAPACK_WORK_MEMORY_ERROR : BASIS_LAPACK_FAILED;
}

static int valid_layout(int layout)
{
    return layout == LAPACK_ROW_MAJOR || layout == LAPACK_COL_MAJOR;
}

static basis_trans parse_trans(char c)
{
    if (c == 'N' || c == 'n')
        return BASIS_NO_TRANS;
    if (c == 'T' || c == 't')
        return BASIS_TRANS;
    if (c == 'C' || c == 'c')
        return BASIS_CONJ_TRANS;
    return (basis_trans)0;
}

static lapack_int bad_pivot(const char *fn, int pos, lapack_int at, const lapack_int *ipiv,
                            lapack_int n)
{
    basis_fail(BASIS_ERR_ARGUMENT, "%s: parameter %d: ipiv[%d] = %d is outside 1..n = %d", fn,
               pos, (int)(at - 1), (int)ipiv[at - 1], (int)n);
    return -pos;
}

/* ---- the argument tests, in reference order ---------------------------------------------
 * Positions count matrix_layout as 1. Row major: the *_work test of lda (and ldb) first,
 * then the Fortran routine's tests on the transposed copy (whose leading dimensions are
 * always legal). Column major: the Fortran routine's tests. */

/* getrf(layout 1, m 2, n 3, a 4, lda 5, ipiv 6) */
static int getrf_bad(int layout, lapack_int m, lapack_int n, lapack_int lda, bad_arg *b)
{
    int col = layout == LAPACK_COL_MAJOR;
    if (!col && lda < n)
        return set_bad(b, 5, "lda", lda);
    if (m < 0)
        return set_bad(b, 2, "m", m);
    if (n < 0)
        return set_bad(b, 3, "n", n);
    if (col && lda < max1(m))
        return set_bad(b, 5, "lda", lda);
    return 0;
}

/* getrs(layout 1, trans 2, n 3, nrhs 4, a 5, lda 6, ipiv 7, b 8, ldb 9) */
static int getrs_bad(int layout, char trans, lapack_int n, lapack_int nrhs, lapack_int lda,
                     lapack_int ldb, bad_arg *b)
{
    int col = layout == LAPACK_COL_MAJOR;
    if (!col && lda < n)
        return set_bad(b, 6, "lda", lda);
    if (!col && ldb < nrhs)
        return set_bad(b, 9, "ldb", ldb);
    if (parse_trans(trans) == 0)
        return set_bad(b, 2, "trans", trans);
    if (n < 0)
        return set_bad(b, 3, "n", n);
    if (nrhs < 0)
        return set_bad(b, 4, "nrhs", nrhs);
    if (col && lda < max1(n))
        return set_bad(b, 6, "lda", lda);
    if (col && ldb < max1(n))
        return set_bad(b, 9, "ldb", ldb);
    return 0;
}

/* gesv(layout 1, n 2, nrhs 3, a 4, lda 5, ipiv 6, b 7, ldb 8) */
static int gesv_bad(int layout, lapack_int n, lapack_int nrhs, lapack_int lda, lapack_int ldb,
                    bad_arg *b)
{
    int col = layout == LAPACK_COL_MAJOR;
    if (!col && lda < n)
        return set_bad(b, 5, "lda", lda);
    if (!col && ldb < nrhs)
        return set_bad(b, 8, "ldb", ldb);
    if (n < 0)
        return set_bad(b, 2, "n", n);
    if (nrhs < 0)
        return set_bad(b, 3, "nrhs", nrhs);
    if (col && lda < max1(n))
        return set_bad(b, 5, "lda", lda);
    if (col && ldb < max1(n))
        return set_bad(b, 8, "ldb", ldb);
    return 0;
}

/* getri(layout 1, n 2, a 3, lda 4, ipiv 5) */
static int getri_bad(int layout, lapack_int n, lapack_int lda, bad_arg *b)
{
    int col = layout == LAPACK_COL_MAJOR;
    if (!col && lda < n)
        return set_bad(b, 4, "lda", lda);
    if (n < 0)
        return set_bad(b, 2, "n", n);
    if (col && lda < max1(n))
        return set_bad(b, 4, "lda", lda);
    return 0;
}

/* ---- getrf -------------------------------------------------------------------------------- */

lapack_int LAPACKE_sgetrf(int matrix_layout, lapack_int m, lapack_int n, float *a,
                          lapack_int lda, lapack_int *ipiv)
{
    static const char fn[] = "LAPACKE_sgetrf";
    bad_arg b;
    if (!valid_layout(matrix_layout))
        return bad_layout(fn, matrix_layout);
    if (nancheck() && has_nan_s(matrix_layout, m, n, a, lda))
        return has_nan(fn, 4, "a");
    if (getrf_bad(matrix_layout, m, n, lda, &b))
        return illegal(fn, &b);
    lapack_int count = m < n ? m : n;
    if (count == 0)
        return 0;
    if (!a)
        return null_array(fn, 4, "a");
    if (!ipiv)
        return null_array(fn, 6, "ipiv");
    int64_t *piv = basis_std_pivots_alloc(count);
    if (!piv)
        return LAPACK_WORK_MEMORY_ERROR;
    lapack_int info;
    basis_status s = basis_sgetrf(NULL, (basis_layout)matrix_layout, m, n, a, lda, piv);
    if (s == BASIS_OK || s == BASIS_ERR_SINGULAR) {
        basis_std_pivots_out(count, piv, ipiv);
        info = s == BASIS_OK ? 0 : basis_std_first_zero_s(count, a, lda);
    } else {
        info = failed(s);
    }
    basis_free(piv);
    return info;
}

lapack_int LAPACKE_dgetrf(int matrix_layout, lapack_int m, lapack_int n, double *a,
                          lapack_int lda, lapack_int *ipiv)
{
    static const char fn[] = "LAPACKE_dgetrf";
    bad_arg b;
    if (!valid_layout(matrix_layout))
        return bad_layout(fn, matrix_layout);
    if (nancheck() && has_nan_d(matrix_layout, m, n, a, lda))
        return has_nan(fn, 4, "a");
    if (getrf_bad(matrix_layout, m, n, lda, &b))
        return illegal(fn, &b);
    lapack_int count = m < n ? m : n;
    if (count == 0)
        return 0;
    if (!a)
        return null_array(fn, 4, "a");
    if (!ipiv)
        return null_array(fn, 6, "ipiv");
    int64_t *piv = basis_std_pivots_alloc(count);
    if (!piv)
        return LAPACK_WORK_MEMORY_ERROR;
    lapack_int info;
    basis_status s = basis_dgetrf(NULL, (basis_layout)matrix_layout, m, n, a, lda, piv);
    if (s == BASIS_OK || s == BASIS_ERR_SINGULAR) {
        basis_std_pivots_out(count, piv, ipiv);
        info = s == BASIS_OK ? 0 : basis_std_first_zero_d(count, a, lda);
    } else {
        info = failed(s);
    }
    basis_free(piv);
    return info;
}

/* ---- getrs -------------------------------------------------------------------------------- */

lapack_int LAPACKE_sgetrs(int matrix_layout, char trans, lapack_int n, lapack_int nrhs,
                          const float *a, lapack_int lda, const lapack_int *ipiv, float *b,
                          lapack_int ldb)
{
    static const char fn[] = "LAPACKE_sgetrs";
    bad_arg bad;
    if (!valid_layout(matrix_layout))
        return bad_layout(fn, matrix_layout);
    if (nancheck() && has_nan_s(matrix_layout, n, n, a, lda))
        return has_nan(fn, 5, "a");
    if (nancheck() && has_nan_s(matrix_layout, n, nrhs, b, ldb))
        return has_nan(fn, 8, "b");
    if (getrs_bad(matrix_layout, trans, n, nrhs, lda, ldb, &bad))
        return illegal(fn, &bad);
    if (n == 0 || nrhs == 0)
        return 0;
    if (!a)
        return null_array(fn, 5, "a");
    if (!ipiv)
        return null_array(fn, 7, "ipiv");
    if (!b)
        return null_array(fn, 8, "b");
    int64_t *piv = basis_std_pivots_alloc(n);
    if (!piv)
        return LAPACK_WORK_MEMORY_ERROR;
    lapack_int info = 0;
    lapack_int at = basis_std_pivots_in(n, n, ipiv, piv);
    if (at) {
        info = bad_pivot(fn, 7, at, ipiv, n);
    } else {
        basis_status s = basis_sgetrs(NULL, (basis_layout)matrix_layout, parse_trans(trans), n,
                                      nrhs, a, lda, piv, b, ldb);
        if (s == BASIS_ERR_SINGULAR)
            info = basis_std_first_zero_s(n, a, lda);
        else if (s != BASIS_OK)
            info = failed(s);
    }
    basis_free(piv);
    return info;
}

lapack_int LAPACKE_dgetrs(int matrix_layout, char trans, lapack_int n, lapack_int nrhs,
                          const double *a, lapack_int lda, const lapack_int *ipiv, double *b,
                          lapack_int ldb)
{
    static const char fn[] = "LAPACKE_dgetrs";
    bad_arg bad;
    if (!valid_layout(matrix_layout))
        return bad_layout(fn, matrix_layout);
    if (nancheck() && has_nan_d(matrix_layout, n, n, a, lda))
        return has_nan(fn, 5, "a");
    if (nancheck() && has_nan_d(matrix_layout, n, nrhs, b, ldb))
        return has_nan(fn, 8, "b");
    if (getrs_bad(matrix_layout, trans, n, nrhs, lda, ldb, &bad))
        return illegal(fn, &bad);
    if (n == 0 || nrhs == 0)
        return 0;
    if (!a)
        return null_array(fn, 5, "a");
    if (!ipiv)
        return null_array(fn, 7, "ipiv");
    if (!b)
        return null_array(fn, 8, "b");
    int64_t *piv = basis_std_pivots_alloc(n);
    if (!piv)
        return LAPACK_WORK_MEMORY_ERROR;
    lapack_int info = 0;
    lapack_int at = basis_std_pivots_in(n, n, ipiv, piv);
    if (at) {
        info = bad_pivot(fn, 7, at, ipiv, n);
    } else {
        basis_status s = basis_dgetrs(NULL, (basis_layout)matrix_layout, parse_trans(trans), n,
                                      nrhs, a, lda, piv, b, ldb);
        if (s == BASIS_ERR_SINGULAR)
            info = basis_std_first_zero_d(n, a, lda);
        else if (s != BASIS_OK)
            info = failed(s);
    }
    basis_free(piv);
    return info;
}

/* ---- gesv ----------------------------------------------------------------------------------
 * With nrhs == 0 the reference still factors A; a row-major ldb of 0 is legal then, and
 * is raised to 1 for the native call, whose B is empty anyway. */

lapack_int LAPACKE_sgesv(int matrix_layout, lapack_int n, lapack_int nrhs, float *a,
                         lapack_int lda, lapack_int *ipiv, float *b, lapack_int ldb)
{
    static const char fn[] = "LAPACKE_sgesv";
    bad_arg bad;
    if (!valid_layout(matrix_layout))
        return bad_layout(fn, matrix_layout);
    if (nancheck() && has_nan_s(matrix_layout, n, n, a, lda))
        return has_nan(fn, 4, "a");
    if (nancheck() && has_nan_s(matrix_layout, n, nrhs, b, ldb))
        return has_nan(fn, 7, "b");
    if (gesv_bad(matrix_layout, n, nrhs, lda, ldb, &bad))
        return illegal(fn, &bad);
    if (n == 0)
        return 0;
    if (!a)
        return null_array(fn, 4, "a");
    if (!ipiv)
        return null_array(fn, 6, "ipiv");
    if (!b && nrhs > 0)
        return null_array(fn, 7, "b");
    int64_t *piv = basis_std_pivots_alloc(n);
    if (!piv)
        return LAPACK_WORK_MEMORY_ERROR;
    lapack_int info;
    basis_status s = basis_sgesv(NULL, (basis_layout)matrix_layout, n, nrhs, a, lda, piv, b,
                                 ldb < 1 ? 1 : ldb);
    if (s == BASIS_OK || s == BASIS_ERR_SINGULAR) {
        basis_std_pivots_out(n, piv, ipiv);
        info = s == BASIS_OK ? 0 : basis_std_first_zero_s(n, a, lda);
    } else {
        info = failed(s);
    }
    basis_free(piv);
    return info;
}

lapack_int LAPACKE_dgesv(int matrix_layout, lapack_int n, lapack_int nrhs, double *a,
                         lapack_int lda, lapack_int *ipiv, double *b, lapack_int ldb)
{
    static const char fn[] = "LAPACKE_dgesv";
    bad_arg bad;
    if (!valid_layout(matrix_layout))
        return bad_layout(fn, matrix_layout);
    if (nancheck() && has_nan_d(matrix_layout, n, n, a, lda))
        return has_nan(fn, 4, "a");
    if (nancheck() && has_nan_d(matrix_layout, n, nrhs, b, ldb))
        return has_nan(fn, 7, "b");
    if (gesv_bad(matrix_layout, n, nrhs, lda, ldb, &bad))
        return illegal(fn, &bad);
    if (n == 0)
        return 0;
    if (!a)
        return null_array(fn, 4, "a");
    if (!ipiv)
        return null_array(fn, 6, "ipiv");
    if (!b && nrhs > 0)
        return null_array(fn, 7, "b");
    int64_t *piv = basis_std_pivots_alloc(n);
    if (!piv)
        return LAPACK_WORK_MEMORY_ERROR;
    lapack_int info;
    basis_status s = basis_dgesv(NULL, (basis_layout)matrix_layout, n, nrhs, a, lda, piv, b,
                                 ldb < 1 ? 1 : ldb);
    if (s == BASIS_OK || s == BASIS_ERR_SINGULAR) {
        basis_std_pivots_out(n, piv, ipiv);
        info = s == BASIS_OK ? 0 : basis_std_first_zero_d(n, a, lda);
    } else {
        info = failed(s);
    }
    basis_free(piv);
    return info;
}

/* ---- getri ---------------------------------------------------------------------------------
 * A zero U(i,i) is found before A is touched (the reference's ?trtri tests the diagonal
 * first), so a singular A is returned as it came, with info = i. */

lapack_int LAPACKE_sgetri(int matrix_layout, lapack_int n, float *a, lapack_int lda,
                          const lapack_int *ipiv)
{
    static const char fn[] = "LAPACKE_sgetri";
    bad_arg bad;
    if (!valid_layout(matrix_layout))
        return bad_layout(fn, matrix_layout);
    if (nancheck() && has_nan_s(matrix_layout, n, n, a, lda))
        return has_nan(fn, 3, "a");
    if (getri_bad(matrix_layout, n, lda, &bad))
        return illegal(fn, &bad);
    if (n == 0)
        return 0;
    if (!a)
        return null_array(fn, 3, "a");
    if (!ipiv)
        return null_array(fn, 5, "ipiv");
    int64_t *piv = basis_std_pivots_alloc(n);
    if (!piv)
        return LAPACK_WORK_MEMORY_ERROR;
    lapack_int info;
    lapack_int at = basis_std_pivots_in(n, n, ipiv, piv);
    if (at) {
        info = bad_pivot(fn, 5, at, ipiv, n);
    } else if ((info = basis_std_first_zero_s(n, a, lda)) == 0) {
        basis_status s = basis_sgetri(NULL, (basis_layout)matrix_layout, n, a, lda, piv);
        if (s != BASIS_OK)
            info = failed(s);
    }
    basis_free(piv);
    return info;
}

lapack_int LAPACKE_dgetri(int matrix_layout, lapack_int n, double *a, lapack_int lda,
                          const lapack_int *ipiv)
{
    static const char fn[] = "LAPACKE_dgetri";
    bad_arg bad;
    if (!valid_layout(matrix_layout))
        return bad_layout(fn, matrix_layout);
    if (nancheck() && has_nan_d(matrix_layout, n, n, a, lda))
        return has_nan(fn, 3, "a");
    if (getri_bad(matrix_layout, n, lda, &bad))
        return illegal(fn, &bad);
    if (n == 0)
        return 0;
    if (!a)
        return null_array(fn, 3, "a");
    if (!ipiv)
        return null_array(fn, 5, "ipiv");
    int64_t *piv = basis_std_pivots_alloc(n);
    if (!piv)
        return LAPACK_WORK_MEMORY_ERROR;
    lapack_int info;
    lapack_int at = basis_std_pivots_in(n, n, ipiv, piv);
    if (at) {
        info = bad_pivot(fn, 5, at, ipiv, n);
    } else if ((info = basis_std_first_zero_d(n, a, lda)) == 0) {
        basis_status s = basis_dgetri(NULL, (basis_layout)matrix_layout, n, a, lda, piv);
        if (s != BASIS_OK)
            info = failed(s);
    }
    basis_free(piv);
    return info;
}
