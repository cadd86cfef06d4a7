/* fuzz_api.c: libFuzzer target for the public API's argument validation: random sizes, strides, flags and NULLs on exact-size buffers for level 1, gemv, gemm, getrf and getrs. */
#include <math.h>

#include "fuzz_util.h"
#include "basis.h"

/* Buffers are allocated to exactly the extent the arguments describe, so AddressSanitizer
 * catches a single element read or written beyond it. An extent above LIMIT cannot be
 * given: such a call is only made when the model says it is invalid. */
enum { LIMIT = 4096 };

/* ---- the model: the contract of include/basis.h, written independently of check.c ---- */

/* Elements an n-vector at increment inc spans; -1: invalid (negative, zero increment, or
 * a span past what int64 bytes can address). */
static int64_t vec_extent(int64_t n, int64_t inc, size_t elem)
{
    if (n < 0 || inc == 0)
        return -1;
    if (n == 0)
        return 0;
    if (inc == INT64_MIN) /* |inc| does not exist in int64: refused for any non-empty vector */
        return -1;
    __int128 e = (__int128)(n - 1) * (inc < 0 ? -inc : inc) + 1;
    return e > (__int128)(INT64_MAX / (int64_t)elem) ? -1 : (int64_t)e;
}

static int64_t mat_extent(basis_layout layout, int64_t rows, int64_t cols, int64_t ld,
                          size_t elem)
{
    if (layout != BASIS_ROW_MAJOR && layout != BASIS_COL_MAJOR)
        return -1;
    int64_t inner = layout == BASIS_COL_MAJOR ? rows : cols;
    int64_t outer = layout == BASIS_COL_MAJOR ? cols : rows;
    if (rows < 0 || cols < 0 || ld < (inner > 1 ? inner : 1))
        return -1;
    if (rows == 0 || cols == 0)
        return 0;
    __int128 e = (__int128)ld * (outer - 1) + inner;
    return e > (__int128)(INT64_MAX / (int64_t)elem) ? -1 : (int64_t)e;
}

/* ---- buffers -------------------------------------------------------------------------- */

typedef struct buf {
    unsigned char *p, *copy;
    size_t bytes;
} buf;

/* extent elements (capped at LIMIT; none for an invalid extent), or NULL when asked. */
static void buf_make(buf *b, int64_t extent, size_t elem, int null, fuzz_bytes *in)
{
    int64_t n = extent < 0 ? 4 : extent > LIMIT ? LIMIT : extent;
    b->bytes = (size_t)n * elem;
    b->p = null ? NULL : malloc(b->bytes ? b->bytes : 1);
    b->copy = malloc(b->bytes ? b->bytes : 1);
    if (b->p) {
        for (size_t i = 0; i < b->bytes; i += elem) {
            /* Small values, sometimes a NaN or an exact zero. */
            uint8_t v = fuzz_u8(in);
            double x = v == 255 ? NAN : v == 254 ? 0.0 : (double)(v % 17) * 0.25 - 2.0;
            if (elem == sizeof(double))
                memcpy(b->p + i, &x, elem);
            else {
                float f = (float)x;
                memcpy(b->p + i, &f, elem);
            }
        }
        memcpy(b->copy, b->p, b->bytes);
    }
}

static int buf_same(const buf *b)
{
    return !b->p || !memcmp(b->p, b->copy, b->bytes);
}

static void buf_free(buf *b)
{
    free(b->p);
    free(b->copy);
}

static basis_layout pick_layout(fuzz_bytes *in)
{
    uint8_t v = fuzz_u8(in);
    return v < 120 ? BASIS_COL_MAJOR : v < 240 ? BASIS_ROW_MAJOR : (basis_layout)(v - 240);
}

static basis_trans pick_trans(fuzz_bytes *in)
{
    uint8_t v = fuzz_u8(in);
    return v < 80 ? BASIS_NO_TRANS : v < 160 ? BASIS_TRANS : v < 240 ? BASIS_CONJ_TRANS
                                                                    : (basis_trans)(v - 130);
}

static int valid_trans(basis_trans t)
{
    return t == BASIS_NO_TRANS || t == BASIS_TRANS || t == BASIS_CONJ_TRANS;
}

/* The verdict on one call: a valid call succeeds (or reports a singular matrix where that
 * is a result), an invalid one is an argument error with every output unchanged. */
static void verdict(const char *op, int valid, basis_status s, int singular_ok, buf *outs,
                    int nouts, int scalar_same)
{
    if (valid) {
        FUZZ_ASSERT(s == BASIS_OK || (singular_ok && s == BASIS_ERR_SINGULAR),
                    "%s: a valid call returned %s: %s", op, basis_status_name(s),
                    basis_last_error());
    } else {
        FUZZ_ASSERT(s == BASIS_ERR_ARGUMENT, "%s: an invalid call returned %s (%s)", op,
                    basis_status_name(s), basis_last_error());
    }
    if (s != BASIS_OK) {
        for (int i = 0; i < nouts; i++)
            FUZZ_ASSERT(buf_same(&outs[i]) || s == BASIS_ERR_SINGULAR,
                        "%s: output %d written by a call that returned %s", op, i,
                        basis_status_name(s));
        FUZZ_ASSERT(scalar_same, "%s: result scalar written on %s", op, basis_status_name(s));
    }
}

/* Allowed: a NULL only when the input asks (one flag byte per pointer). */
static int want_null(fuzz_bytes *in)
{
    return fuzz_u8(in) >= 240;
}

/* ---- the ops ------------------------------------------------------------------------- */

static void level1(fuzz_bytes *in, int single)
{
    size_t es = single ? sizeof(float) : sizeof(double);
    int op = fuzz_u8(in) % 4;
    int64_t n = fuzz_dim(in), incx = fuzz_inc(in), incy = fuzz_inc(in);
    int64_t ex = vec_extent(n, incx, es), ey = vec_extent(n, incy, es);
    int nx = want_null(in), ny = want_null(in), nr = want_null(in);
    int valid = ex >= 0 && !(nx && ex > 0);
    if (op == 0 || op == 2)
        valid = valid && ey >= 0 && !(ny && ey > 0);
    if (op <= 1)
        valid = valid && !nr;
    if (valid && (ex > LIMIT || ey > LIMIT))
        return;
    buf x, y;
    buf_make(&x, ex, es, nx, in);
    buf_make(&y, ey, es, ny, in);
    double rd = 123.0;
    float rf = 123.0f;
    void *res = nr ? NULL : single ? (void *)&rf : (void *)&rd;
    basis_status s;
    const char *name;
    switch (op) {
    case 0:
        name = "dot";
        s = single ? basis_sdot(NULL, n, (float *)x.p, incx, (float *)y.p, incy, res)
                   : basis_ddot(NULL, n, (double *)x.p, incx, (double *)y.p, incy, res);
        break;
    case 1:
        name = "nrm2";
        s = single ? basis_snrm2(NULL, n, (float *)x.p, incx, res)
                   : basis_dnrm2(NULL, n, (double *)x.p, incx, res);
        break;
    case 2:
        name = "axpy";
        s = single ? basis_saxpy(NULL, n, 0.5f, (float *)x.p, incx, (float *)y.p, incy)
                   : basis_daxpy(NULL, n, 0.5, (double *)x.p, incx, (double *)y.p, incy);
        break;
    default:
        name = "scal";
        s = single ? basis_sscal(NULL, n, 0.5f, (float *)x.p, incx)
                   : basis_dscal(NULL, n, 0.5, (double *)x.p, incx);
        break;
    }
    char what[160];
    snprintf(what, sizeof what, "%c%s(n %lld, incx %lld, incy %lld, NULL x %d y %d result %d)",
             single ? 's' : 'd', name, (long long)n, (long long)incx, (long long)incy, nx, ny, nr);
    buf outs[2] = {x, y};
    verdict(what, valid, s, 0, outs, 2, rd == 123.0 && rf == 123.0f);
    buf_free(&x);
    buf_free(&y);
}

static void gemv(fuzz_bytes *in, int single)
{
    size_t es = single ? sizeof(float) : sizeof(double);
    basis_layout layout = pick_layout(in);
    basis_trans tr = pick_trans(in);
    int64_t m = fuzz_dim(in), n = fuzz_dim(in), lda = fuzz_dim(in);
    int64_t incx = fuzz_inc(in), incy = fuzz_inc(in);
    int t = tr != BASIS_NO_TRANS;
    int64_t ea = mat_extent(layout, m, n, lda, es);
    int64_t ex = vec_extent(t ? m : n, incx, es), ey = vec_extent(t ? n : m, incy, es);
    int na = want_null(in), nx = want_null(in), ny = want_null(in);
    int valid = valid_trans(tr) && ea >= 0 && ex >= 0 && ey >= 0 && !(na && ea > 0) &&
                !(nx && ex > 0) && !(ny && ey > 0);
    if (valid && (ea > LIMIT || ex > LIMIT || ey > LIMIT))
        return;
    buf a, x, y;
    buf_make(&a, ea, es, na, in);
    buf_make(&x, ex, es, nx, in);
    buf_make(&y, ey, es, ny, in);
    float beta = (fuzz_u8(in) & 1) ? 0.0f : 0.5f;
    basis_status s = single ? basis_sgemv(NULL, layout, tr, m, n, 1.5f, (float *)a.p, lda,
                                          (float *)x.p, incx, beta, (float *)y.p, incy)
                            : basis_dgemv(NULL, layout, tr, m, n, 1.5, (double *)a.p, lda,
                                          (double *)x.p, incx, beta, (double *)y.p, incy);
    verdict("gemv", valid, s, 0, &y, 1, 1);
    buf_free(&a);
    buf_free(&x);
    buf_free(&y);
}

static void gemm(fuzz_bytes *in, int single)
{
    size_t es = single ? sizeof(float) : sizeof(double);
    basis_layout layout = pick_layout(in);
    basis_trans ta = pick_trans(in), tb = pick_trans(in);
    int64_t m = fuzz_dim(in), n = fuzz_dim(in), k = fuzz_dim(in);
    int64_t lda = fuzz_dim(in), ldb = fuzz_dim(in), ldc = fuzz_dim(in);
    int at = ta != BASIS_NO_TRANS, bt = tb != BASIS_NO_TRANS;
    int64_t ea = mat_extent(layout, at ? k : m, at ? m : k, lda, es);
    int64_t eb = mat_extent(layout, bt ? n : k, bt ? k : n, ldb, es);
    int64_t ec = mat_extent(layout, m, n, ldc, es);
    int na = want_null(in), nb = want_null(in), nc = want_null(in);
    int valid = valid_trans(ta) && valid_trans(tb) && ea >= 0 && eb >= 0 && ec >= 0 &&
                !(na && ea > 0) && !(nb && eb > 0) && !(nc && ec > 0);
    if (valid && (ea > LIMIT || eb > LIMIT || ec > LIMIT))
        return;
    buf a, b, c;
    buf_make(&a, ea, es, na, in);
    buf_make(&b, eb, es, nb, in);
    buf_make(&c, ec, es, nc, in);
    uint8_t ab = fuzz_u8(in);
    double alpha = (ab & 1) ? 0.0 : -1.5, beta = (ab & 2) ? 0.0 : 1.0;
    basis_status s =
        single ? basis_sgemm(NULL, layout, ta, tb, m, n, k, (float)alpha, (float *)a.p, lda,
                             (float *)b.p, ldb, (float)beta, (float *)c.p, ldc)
               : basis_dgemm(NULL, layout, ta, tb, m, n, k, alpha, (double *)a.p, lda,
                             (double *)b.p, ldb, beta, (double *)c.p, ldc);
    verdict("gemm", valid, s, 0, &c, 1, 1);
    buf_free(&a);
    buf_free(&b);
    buf_free(&c);
}

static void lu(fuzz_bytes *in, int single)
{
    size_t es = single ? sizeof(float) : sizeof(double);
    int solve = fuzz_u8(in) & 1;
    basis_layout layout = pick_layout(in);
    basis_trans tr = pick_trans(in);
    int64_t m = fuzz_dim(in), n = fuzz_dim(in), nrhs = fuzz_dim(in);
    int64_t lda = fuzz_dim(in), ldb = fuzz_dim(in);
    if (solve)
        m = n;
    int64_t mn = m < n ? m : n;
    int64_t ea = mat_extent(layout, m, n, lda, es);
    int64_t eb = solve ? mat_extent(layout, n, nrhs, ldb, es) : 0;
    int64_t ep = mn > 0 ? mn : 0;
    int na = want_null(in), nb = want_null(in), np = want_null(in);
    int valid = ea >= 0 && !(na && ea > 0) && m >= 0 && n >= 0 && !(np && mn > 0);
    if (solve)
        valid = valid && valid_trans(tr) && eb >= 0 && !(nb && eb > 0);
    if (valid && (ea > LIMIT || eb > LIMIT || ep > LIMIT))
        return;
    buf a, b, piv;
    buf_make(&a, ea, es, na, in);
    buf_make(&b, eb, es, nb, in);
    buf_make(&piv, ep > LIMIT ? LIMIT : ep, sizeof(int64_t), np, in);
    basis_status s;
    if (!solve) {
        s = single ? basis_sgetrf(NULL, layout, m, n, (float *)a.p, lda, (int64_t *)piv.p)
                   : basis_dgetrf(NULL, layout, m, n, (double *)a.p, lda, (int64_t *)piv.p);
        buf outs[2] = {a, piv};
        verdict("getrf", valid, s, 1, outs, 2, 1);
    } else {
        /* Pivots from the input: any row in [0, n) is valid (laswp's meaning, as LAPACK);
         * others are invalid. */
        int64_t *ip = (int64_t *)piv.p;
        int pivots_ok = 1;
        for (int64_t i = 0; ip && i < ep && i < LIMIT; i++) {
            uint8_t v = fuzz_u8(in);
            ip[i] = v >= 250   ? (int64_t)v - 260        /* invalid: negative */
                    : v >= 200 ? (int64_t)(v - 200) % n /* any row, above or below i */
                               : i + v % (n - i);        /* getrf's own range */
            pivots_ok = pivots_ok && ip[i] >= 0 && ip[i] < n;
        }
        memcpy(piv.copy, piv.p ? piv.p : piv.copy, piv.bytes);
        s = single ? basis_sgetrs(NULL, layout, tr, n, nrhs, (float *)a.p, lda,
                                  (int64_t *)piv.p, (float *)b.p, ldb)
                   : basis_dgetrs(NULL, layout, tr, n, nrhs, (double *)a.p, lda,
                                  (int64_t *)piv.p, (double *)b.p, ldb);
        /* A zero on U's diagonal is a singular status with B untouched. */
        buf outs[3] = {b, a, piv};
        verdict("getrs", valid && pivots_ok, s, 1, outs, 3, 1);
        FUZZ_ASSERT(s != BASIS_ERR_SINGULAR || buf_same(&b), "getrs: B written when singular");
        FUZZ_ASSERT(buf_same(&a) && buf_same(&piv), "getrs: A or ipiv written");
    }
    buf_free(&a);
    buf_free(&b);
    buf_free(&piv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes in = {data, size};
    uint8_t op = fuzz_u8(&in);
    int single = op & 1;
    switch ((op >> 1) % 4) {
    case 0: level1(&in, single); break;
    case 1: gemv(&in, single); break;
    case 2: gemm(&in, single); break;
    default: lu(&in, single); break;
    }
    return 0;
}
