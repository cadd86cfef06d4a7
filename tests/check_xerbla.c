/* check_xerbla.c: illegal arguments reach a program's own xerbla_ / cblas_xerbla with the reference routine names and argument numbers. */
#include <string.h>

#include "basis_cblas.h"
#include "testutil.h"

/* This program's handlers replace the library's at static link time (xerbla.c holds only
 * these two, so its object is not pulled in). They record the last report. */
static int calls;
static char name[32];
static int position;
static size_t name_len;

void xerbla_(const char *srname, const int *info, size_t len)
{
    calls++;
    name_len = len;
    size_t n = len < sizeof name - 1 ? len : sizeof name - 1;
    memcpy(name, srname, n);
    name[n] = '\0';
    position = *info;
}

void cblas_xerbla(int p, const char *rout, const char *form, ...)
{
    (void)form;
    calls++;
    name_len = strlen(rout);
    strncpy(name, rout, sizeof name - 1);
    name[sizeof name - 1] = '\0';
    position = p;
}

static void reset(void)
{
    calls = 0;
    name[0] = '\0';
    position = -999;
    name_len = 0;
}

/* Exactly one report, naming rout with argument pos. */
static void expect(const char *what, const char *rout, int pos)
{
    BT_CHECK(calls == 1 && strcmp(name, rout) == 0 && position == pos,
             "%s: %d report(s), last '%s' argument %d; want one, '%s' argument %d", what, calls,
             name, position, rout, pos);
}

/* Buffers every call reads from or writes to; outputs are checked to stay as they were. */
enum { SZ = 64 };
static double A[SZ], B[SZ], C[SZ], X[SZ], Y[SZ], W[SZ];
static float As[SZ], Bs[SZ], Cs[SZ], Xs[SZ], Ys[SZ], Ws[SZ];
static int P[SZ];

static void fill(void)
{
    for (int i = 0; i < SZ; i++) {
        A[i] = B[i] = X[i] = 1.0 + i;
        C[i] = Y[i] = W[i] = -7.0;
        As[i] = Bs[i] = Xs[i] = 1.0f + (float)i;
        Cs[i] = Ys[i] = Ws[i] = -7.0f;
        P[i] = 1;
    }
}

static int untouched(void)
{
    for (int i = 0; i < SZ; i++) {
        if (A[i] != 1.0 + i || B[i] != 1.0 + i || C[i] != -7.0 || Y[i] != -7.0 || W[i] != -7.0)
            return 0;
        if (As[i] != 1.0f + (float)i || Cs[i] != -7.0f || Ys[i] != -7.0f || Ws[i] != -7.0f)
            return 0;
        if (P[i] != 1)
            return 0;
    }
    return 1;
}

#define CHECK_UNTOUCHED(what) BT_CHECK(untouched(), "%s wrote an output", what)

/* ---- Fortran names: BLAS/SRC/?gemm.f, ?gemv.f and SRC/?get*.f ------------------------------ */

static void fgemm(const char *ta, const char *tb, int m, int n, int k, int lda, int ldb, int ldc)
{
    double one = 1.0;
    dgemm_(ta, tb, &m, &n, &k, &one, A, &lda, B, &ldb, &one, C, &ldc, 1, 1);
}

static void check_fortran_blas(void)
{
    struct {
        const char *what, *ta, *tb;
        int m, n, k, lda, ldb, ldc, want;
    } g[] = {
        {"TRANSA", "X", "N", 2, 2, 2, 2, 2, 2, 1},
        {"TRANSB", "N", "?", 2, 2, 2, 2, 2, 2, 2},
        {"TRANSA before M", "X", "N", -1, 2, 2, 2, 2, 2, 1},
        {"M", "N", "N", -1, 2, 2, 2, 2, 2, 3},
        {"N", "N", "N", 2, -1, 2, 2, 2, 2, 4},
        {"K", "N", "N", 2, 2, -1, 2, 2, 2, 5},
        {"M before LDA", "N", "N", -1, 2, 2, 0, 2, 2, 3},
        {"LDA < M", "N", "N", 3, 2, 2, 2, 3, 3, 8},
        {"LDA < K (A^T)", "T", "N", 2, 2, 3, 2, 3, 2, 8},
        {"LDA 0 with M 0", "N", "N", 0, 2, 2, 0, 2, 1, 8},
        {"LDB < K", "N", "N", 2, 2, 3, 2, 2, 2, 10},
        {"LDB < N (B^T)", "n", "c", 2, 3, 2, 2, 2, 2, 10},
        {"LDA before LDB", "N", "N", 3, 2, 3, 2, 2, 3, 8},
        {"LDC < M", "N", "N", 3, 2, 2, 3, 2, 2, 13},
    };
    for (size_t i = 0; i < sizeof g / sizeof g[0]; i++) {
        reset();
        fgemm(g[i].ta, g[i].tb, g[i].m, g[i].n, g[i].k, g[i].lda, g[i].ldb, g[i].ldc);
        expect(g[i].what, "DGEMM ", g[i].want);
        BT_CHECK(name_len == 6, "dgemm_ %s: name length %zu, want 6", g[i].what, name_len);
        CHECK_UNTOUCHED(g[i].what);
    }
    reset();
    int two = 2, one = 1;
    float fone = 1.0f;
    sgemm_("N", "N", &two, &two, &two, &fone, As, &one, Bs, &two, &fone, Cs, &two, 1, 1);
    expect("sgemm_ LDA", "SGEMM ", 8);
    CHECK_UNTOUCHED("sgemm_");

    struct {
        const char *what, *t;
        int m, n, lda, incx, incy, want;
    } v[] = {
        {"TRANS", "Q", 2, 2, 2, 1, 1, 1},
        {"M", "N", -1, 2, 2, 1, 1, 2},
        {"N", "T", 2, -1, 2, 1, 1, 3},
        {"LDA < M", "N", 3, 2, 2, 1, 1, 6},
        {"LDA < M (transposed too)", "T", 3, 2, 2, 1, 1, 6},
        {"INCX", "N", 2, 2, 2, 0, 1, 8},
        {"INCY", "C", 2, 2, 2, 1, 0, 11},
        {"M before N", "N", -1, -1, 1, 1, 1, 2},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        reset();
        double d1 = 1.0;
        dgemv_(v[i].t, &v[i].m, &v[i].n, &d1, A, &v[i].lda, X, &v[i].incx, &d1, Y, &v[i].incy, 1);
        expect(v[i].what, "DGEMV ", v[i].want);
        CHECK_UNTOUCHED(v[i].what);
    }
    reset();
    int zero = 0;
    sgemv_("N", &two, &two, &fone, As, &two, Xs, &one, &fone, Ys, &zero, 1);
    expect("sgemv_ INCY", "SGEMV ", 11);

    /* Legal calls report nothing, including the empty and quick-return ones. */
    reset();
    fgemm("N", "N", 0, 0, 0, 1, 1, 1);
    fgemm("T", "T", 2, 2, 2, 2, 2, 2);
    BT_CHECK(calls == 0, "legal dgemm_ calls reported %d errors", calls);
    fill();
}

static void check_fortran_lapack(void)
{
    int info;
    struct {
        const char *what;
        int m, n, lda, want;
    } f[] = {
        {"M", -1, 2, 2, 1},
        {"N", 2, -1, 2, 2},
        {"LDA < M", 3, 2, 2, 4},
        {"M before LDA", -1, 2, 0, 1},
        {"LDA 0 with M 0", 0, 2, 0, 4},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        reset();
        info = 12345;
        dgetrf_(&f[i].m, &f[i].n, A, &f[i].lda, P, &info);
        expect(f[i].what, "DGETRF", f[i].want);
        BT_CHECK(info == -f[i].want, "dgetrf_ %s: INFO %d, want %d", f[i].what, info,
                 -f[i].want);
        CHECK_UNTOUCHED(f[i].what);
    }
    reset();
    int m1 = -1, two = 2, one = 1;
    sgetrf_(&m1, &two, As, &two, P, &info);
    expect("sgetrf_ M", "SGETRF", 1);
    BT_CHECK(info == -1, "sgetrf_ INFO %d", info);

    struct {
        const char *what, *t;
        int n, nrhs, lda, ldb, want;
    } s[] = {
        {"TRANS", "x", 2, 1, 2, 2, 1},
        {"N", "N", -1, 1, 2, 2, 2},
        {"NRHS", "T", 2, -1, 2, 2, 3},
        {"LDA", "N", 3, 1, 2, 3, 5},
        {"LDB", "C", 3, 1, 3, 2, 8},
    };
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        reset();
        info = 12345;
        dgetrs_(s[i].t, &s[i].n, &s[i].nrhs, A, &s[i].lda, P, C, &s[i].ldb, &info, 1);
        expect(s[i].what, "DGETRS", s[i].want);
        BT_CHECK(info == -s[i].want, "dgetrs_ %s: INFO %d", s[i].what, info);
        CHECK_UNTOUCHED(s[i].what);
    }
    reset();
    sgetrs_("N", &two, &one, As, &one, P, Cs, &two, &info, 1);
    expect("sgetrs_ LDA", "SGETRS", 5);

    struct {
        const char *what;
        int n, nrhs, lda, ldb, want;
    } g[] = {
        {"N", -1, 1, 2, 2, 1},
        {"NRHS", 2, -1, 2, 2, 2},
        {"LDA", 3, 1, 2, 3, 4},
        {"LDB", 3, 1, 3, 2, 7},
    };
    for (size_t i = 0; i < sizeof g / sizeof g[0]; i++) {
        reset();
        info = 12345;
        dgesv_(&g[i].n, &g[i].nrhs, A, &g[i].lda, P, C, &g[i].ldb, &info);
        expect(g[i].what, "DGESV ", g[i].want);
        BT_CHECK(info == -g[i].want, "dgesv_ %s: INFO %d", g[i].what, info);
        CHECK_UNTOUCHED(g[i].what);
    }
    reset();
    sgesv_(&two, &one, As, &two, P, Cs, &one, &info);
    expect("sgesv_ LDB", "SGESV ", 7);

    struct {
        const char *what;
        int n, lda, lwork, want;
    } r[] = {
        {"N", -1, 2, 2, 1},
        {"LDA", 3, 2, 3, 3},
        {"LWORK", 3, 3, 2, 6},
        {"LDA before LWORK", 3, 2, 0, 3},
    };
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
        reset();
        info = 12345;
        dgetri_(&r[i].n, A, &r[i].lda, P, W, &r[i].lwork, &info);
        expect(r[i].what, "DGETRI", r[i].want);
        BT_CHECK(info == -r[i].want, "dgetri_ %s: INFO %d", r[i].what, info);
        W[0] = -7.0; /* WORK(1) is written before the tests, as in the reference */
        CHECK_UNTOUCHED(r[i].what);
    }
    reset();
    int n3 = 3, query = -1;
    dgetri_(&n3, A, &n3, P, W, &query, &info);
    BT_CHECK(calls == 0 && info == 0 && W[0] == 3.0, "dgetri_ query: %d reports, INFO %d, WORK %g",
             calls, info, W[0]);
    W[0] = -7.0;
    reset();
    sgetri_(&two, As, &one, P, Ws, &two, &info);
    expect("sgetri_ LDA", "SGETRI", 3);
    Ws[0] = -7.0f;

    /* Pivots outside 1..N: the IPIV argument (a basis check; the reference reads out of bounds). */
    reset();
    int badp[2] = {1, 5};
    dgetrs_("N", &two, &one, A, &two, badp, C, &two, &info, 1);
    expect("dgetrs_ IPIV out of range", "DGETRS", 6);
    BT_CHECK(info == -6, "dgetrs_ bad IPIV: INFO %d", info);
    CHECK_UNTOUCHED("dgetrs_ bad IPIV");
}

/* ---- CBLAS: CBLAS/src/cblas_?gemm.c, cblas_?gemv.c, cblas_xerbla.c ------------------------- */

static void cgemm(int layout, int ta, int tb, int m, int n, int k, int lda, int ldb, int ldc)
{
    cblas_dgemm((CBLAS_LAYOUT)layout, (CBLAS_TRANSPOSE)ta, (CBLAS_TRANSPOSE)tb, m, n, k, 1.0, A,
                lda, B, ldb, 1.0, C, ldc);
}

static void check_cblas(void)
{
    const int R = CblasRowMajor, Co = CblasColMajor, N = CblasNoTrans, T = CblasTrans;
    struct {
        const char *what;
        int layout, ta, tb, m, n, k, lda, ldb, ldc, want;
    } g[] = {
        {"layout", 0, N, N, 2, 2, 2, 2, 2, 2, 1},
        {"layout before TransA", 99, 0, N, 2, 2, 2, 2, 2, 2, 1},
        {"col TransA", Co, 110, N, 2, 2, 2, 2, 2, 2, 2},
        {"col TransB", Co, N, 114, 2, 2, 2, 2, 2, 2, 3},
        {"row TransA", R, 0, N, 2, 2, 2, 2, 2, 2, 2},
        {"row TransB", R, N, 0, 2, 2, 2, 2, 2, 2, 3},
        {"col M", Co, N, N, -1, 2, 2, 2, 2, 2, 4},
        {"col N", Co, N, N, 2, -1, 2, 2, 2, 2, 5},
        {"col K", Co, N, N, 2, 2, -1, 2, 2, 2, 6},
        {"col M before N", Co, N, N, -1, -1, 2, 2, 2, 2, 4},
        {"col lda < M", Co, N, N, 3, 2, 2, 2, 3, 3, 9},
        {"col lda < K (A^T)", Co, T, N, 2, 2, 3, 2, 3, 2, 9},
        {"col ldb < K", Co, N, N, 2, 2, 3, 2, 2, 2, 11},
        {"col ldb < N (B^T)", Co, N, T, 2, 3, 2, 2, 2, 2, 11},
        {"col lda before ldb", Co, N, N, 3, 2, 3, 2, 2, 3, 9},
        {"col ldc < M", Co, N, N, 3, 2, 2, 3, 2, 2, 14},
        {"row M", R, N, N, -1, 2, 2, 2, 2, 2, 4},
        {"row N", R, N, N, 2, -1, 2, 2, 2, 2, 5},
        {"row K", R, N, N, 2, 2, -1, 2, 2, 2, 6},
        {"row N before M", R, N, N, -1, -1, 2, 2, 2, 2, 5},
        {"row lda < K", R, N, N, 2, 2, 3, 2, 2, 2, 9},
        {"row lda < M (A^T)", R, T, N, 3, 2, 2, 2, 2, 2, 9},
        {"row ldb < N", R, N, N, 2, 3, 2, 2, 2, 3, 11},
        {"row ldb < K (B^T)", R, N, T, 2, 2, 3, 3, 2, 2, 11},
        {"row ldb before lda", R, N, N, 2, 3, 3, 2, 2, 3, 11},
        {"row ldc < N", R, N, N, 2, 3, 2, 2, 3, 2, 14},
        {"row K before ldb", R, N, N, 2, 3, -1, 2, 2, 3, 6},
    };
    for (size_t i = 0; i < sizeof g / sizeof g[0]; i++) {
        reset();
        cgemm(g[i].layout, g[i].ta, g[i].tb, g[i].m, g[i].n, g[i].k, g[i].lda, g[i].ldb, g[i].ldc);
        expect(g[i].what, "cblas_dgemm", g[i].want);
        CHECK_UNTOUCHED(g[i].what);
    }
    reset();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 3, 2, 1.0f, As, 2, Bs, 2, 1.0f, Cs,
                3);
    expect("cblas_sgemm row ldb", "cblas_sgemm", 11);
    CHECK_UNTOUCHED("cblas_sgemm");

    struct {
        const char *what;
        int layout, t, m, n, lda, incx, incy, want;
    } v[] = {
        {"layout", 103, N, 2, 2, 2, 1, 1, 1},
        {"TransA", Co, 7, 2, 2, 2, 1, 1, 2},
        {"row TransA", R, 114, 2, 2, 2, 1, 1, 2},
        {"col M", Co, N, -1, 2, 2, 1, 1, 3},
        {"col N", Co, T, 2, -1, 2, 1, 1, 4},
        {"col M before N", Co, N, -1, -1, 2, 1, 1, 3},
        {"col lda < M", Co, N, 3, 2, 2, 1, 1, 7},
        {"col incX", Co, N, 2, 2, 2, 0, 1, 9},
        {"col incY", Co, T, 2, 2, 2, 1, 0, 12},
        {"row M", R, N, -1, 2, 2, 1, 1, 3},
        {"row N", R, N, 2, -1, 2, 1, 1, 4},
        {"row N before M", R, N, -1, -1, 2, 1, 1, 4},
        {"row lda < N", R, N, 2, 3, 2, 1, 1, 7},
        {"row lda < N (A^T)", R, T, 2, 3, 2, 1, 1, 7},
        {"row lda >= N legal, incX", R, N, 3, 2, 2, 0, 1, 9},
        {"row incY", R, N, 2, 2, 2, 1, 0, 12},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        reset();
        cblas_dgemv((CBLAS_LAYOUT)v[i].layout, (CBLAS_TRANSPOSE)v[i].t, v[i].m, v[i].n, 1.0, A,
                    v[i].lda, X, v[i].incx, 1.0, Y, v[i].incy);
        expect(v[i].what, "cblas_dgemv", v[i].want);
        CHECK_UNTOUCHED(v[i].what);
    }
    reset();
    cblas_sgemv(CblasColMajor, CblasNoTrans, 3, 2, 1.0f, As, 2, Xs, 1, 1.0f, Ys, 1);
    expect("cblas_sgemv lda", "cblas_sgemv", 7);

    /* Legal calls, including a row-major lda that only covers the columns, report nothing. */
    reset();
    cgemm(R, N, N, 3, 2, 2, 2, 2, 2);
    cgemm(Co, T, T, 2, 2, 3, 3, 2, 2);
    cblas_dgemv(CblasRowMajor, CblasNoTrans, 3, 2, 1.0, A, 2, X, 1, 1.0, Y, 1);
    BT_CHECK(calls == 0, "legal cblas calls reported %d errors (last '%s' %d)", calls, name,
             position);
    fill();

    /* LAPACKE never calls either handler: it returns the negative position. */
    reset();
    lapack_int r = LAPACKE_dgetrf(LAPACK_COL_MAJOR, 3, 2, A, 2, P);
    BT_CHECK(r == -5 && calls == 0, "LAPACKE_dgetrf: returned %d, %d handler calls", (int)r,
             calls);
    CHECK_UNTOUCHED("LAPACKE_dgetrf");
}

int main(void)
{
    bt_begin("check_xerbla");
    fill();
    check_fortran_blas();
    check_fortran_lapack();
    check_cblas();
    return bt_end();
}
