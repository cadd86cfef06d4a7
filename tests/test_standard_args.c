/* test_standard_args.c: every exported standard name against the reference rules: each combination of illegal arguments gives the reference's first argument number with all data untouched, and quick returns, alpha = 0 and beta = 0 read nothing they must not. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "basis_cblas.h"
#include "testutil.h"

/* ---- handlers: this program's xerbla_ / cblas_xerbla replace the library's ---------------- */

static int calls;
static char name[32];
static int position;

void xerbla_(const char *srname, const int *info, size_t len)
{
    calls++;
    size_t n = len < sizeof name - 1 ? len : sizeof name - 1;
    memcpy(name, srname, n);
    name[n] = '\0';
    position = *info;
}

void cblas_xerbla(int p, const char *rout, const char *form, ...)
{
    (void)form;
    calls++;
    strncpy(name, rout, sizeof name - 1);
    name[sizeof name - 1] = '\0';
    position = p;
}

static void reset(void)
{
    calls = 0;
    name[0] = '\0';
    position = -999;
}

/* ---- guarded buffers: every array a call may see; checked bit for bit afterwards ---------- */

enum { SZ = 256 };
static double Ad[SZ], Bd[SZ], Cd[SZ], Xd[SZ], Yd[SZ], Wd[SZ];
static float As[SZ], Bs[SZ], Cs[SZ], Xs[SZ], Ys[SZ], Ws[SZ];
static int Piv[SZ];
static unsigned char snapshot[12 * SZ * sizeof(double) + SZ * sizeof(int)];

static void fill_guarded(void)
{
    for (int i = 0; i < SZ; i++) {
        Ad[i] = Bd[i] = Xd[i] = 1.0 + i % 7;
        Cd[i] = Yd[i] = Wd[i] = -3.25;
        As[i] = Bs[i] = Xs[i] = 1.0f + (float)(i % 7);
        Cs[i] = Ys[i] = Ws[i] = -3.25f;
        Piv[i] = 1;
    }
}

static size_t take_snapshot(unsigned char *to)
{
    size_t at = 0;
#define SNAP(arr)                                \
    do {                                         \
        memcpy(to + at, arr, sizeof arr);        \
        at += sizeof arr;                        \
    } while (0)
    SNAP(Ad);
    SNAP(Bd);
    SNAP(Cd);
    SNAP(Xd);
    SNAP(Yd);
    SNAP(Wd);
    SNAP(As);
    SNAP(Bs);
    SNAP(Cs);
    SNAP(Xs);
    SNAP(Ys);
    SNAP(Ws);
    SNAP(Piv);
#undef SNAP
    return at;
}

static int guarded_untouched(void)
{
    static unsigned char now[sizeof snapshot];
    size_t n = take_snapshot(now);
    return memcmp(now, snapshot, n) == 0;
}

/* ---- the table-driven argument checks ---------------------------------------------------------
 * A routine is described by its integer-valued arguments (by 1-based position), a legal
 * base setting, one illegal value per argument, and a model of the reference: the
 * position the reference reports first for given values (0: legal), written from the
 * reference sources (BLAS/SRC/?gemm.f, ?gemv.f, SRC/?get*.f, CBLAS/src/cblas_?gemm.c,
 * cblas_?gemv.c with CBLAS's row-major renumbering, LAPACKE/src/lapacke_?get*(_work).c).
 * Every subset of the illegal values is tried on every base. */

enum { MAXARG = 16 };

typedef struct routine {
    const char *what;      /* for messages */
    const char *reported;  /* the name the handler must see; NULL for LAPACKE (no handler) */
    int bad_pos[MAXARG];   /* positions that get an illegal value, 0-terminated */
    int bad_val[MAXARG];   /* the illegal value for each */
    int (*model)(const int *v);
    int (*call)(const int *v); /* runs it; returns INFO / the LAPACKE code (0 for BLAS) */
    int info_kind;         /* 0: BLAS (no INFO), 1: Fortran INFO = -pos, 2: LAPACKE returns -pos */
} routine;

static int max1(int v)
{
    return v > 1 ? v : 1;
}

static int cb_trans_ok(int t)
{
    return t == CblasNoTrans || t == CblasTrans || t == CblasConjTrans;
}

static int f_trans_ok(int c)
{
    return c == 'N' || c == 'n' || c == 'T' || c == 't' || c == 'C' || c == 'c';
}

static int f_notrans(int c)
{
    return c == 'N' || c == 'n';
}

/* The first failing check of an ordered list of (condition, position). */
#define FIRST(...)                                                              \
    do {                                                                        \
        const int chk_[][2] = {__VA_ARGS__};                                    \
        for (size_t i_ = 0; i_ < sizeof chk_ / sizeof chk_[0]; i_++)            \
            if (chk_[i_][0])                                                    \
                return chk_[i_][1];                                             \
        return 0;                                                               \
    } while (0)

/* cblas_?gemm(layout 1, TransA 2, TransB 3, M 4, N 5, K 6, alpha 7, A 8, lda 9, B 10,
 * ldb 11, beta 12, C 13, ldc 14). Row major: the Fortran routine sees (B, A) and (N, M). */
static int model_cblas_gemm(const int *v)
{
    int layout = v[1], ta = v[2], tb = v[3], m = v[4], n = v[5], k = v[6];
    int lda = v[9], ldb = v[11], ldc = v[14];
    if (layout != CblasColMajor && layout != CblasRowMajor)
        return 1;
    if (!cb_trans_ok(ta))
        return 2;
    if (!cb_trans_ok(tb))
        return 3;
    int nota = ta == CblasNoTrans, notb = tb == CblasNoTrans;
    if (layout == CblasColMajor)
        FIRST({m < 0, 4}, {n < 0, 5}, {k < 0, 6}, {lda < max1(nota ? m : k), 9},
              {ldb < max1(notb ? k : n), 11}, {ldc < max1(m), 14});
    FIRST({n < 0, 5}, {m < 0, 4}, {k < 0, 6}, {ldb < max1(notb ? n : k), 11},
          {lda < max1(nota ? k : m), 9}, {ldc < max1(n), 14});
}

static int call_cblas_dgemm(const int *v)
{
    cblas_dgemm((CBLAS_LAYOUT)v[1], (CBLAS_TRANSPOSE)v[2], (CBLAS_TRANSPOSE)v[3], v[4], v[5],
                v[6], 1.5, Ad, v[9], Bd, v[11], 0.5, Cd, v[14]);
    return 0;
}

static int call_cblas_sgemm(const int *v)
{
    cblas_sgemm((CBLAS_LAYOUT)v[1], (CBLAS_TRANSPOSE)v[2], (CBLAS_TRANSPOSE)v[3], v[4], v[5],
                v[6], 1.5f, As, v[9], Bs, v[11], 0.5f, Cs, v[14]);
    return 0;
}

/* cblas_?gemv(layout 1, TransA 2, M 3, N 4, alpha 5, A 6, lda 7, X 8, incX 9, beta 10,
 * Y 11, incY 12). Row major: the Fortran routine sees A^T, (N, M), lda >= max(1, N). */
static int model_cblas_gemv(const int *v)
{
    int layout = v[1], t = v[2], m = v[3], n = v[4], lda = v[7], incx = v[9], incy = v[12];
    if (layout != CblasColMajor && layout != CblasRowMajor)
        return 1;
    if (!cb_trans_ok(t))
        return 2;
    if (layout == CblasColMajor)
        FIRST({m < 0, 3}, {n < 0, 4}, {lda < max1(m), 7}, {incx == 0, 9}, {incy == 0, 12});
    FIRST({n < 0, 4}, {m < 0, 3}, {lda < max1(n), 7}, {incx == 0, 9}, {incy == 0, 12});
}

static int call_cblas_dgemv(const int *v)
{
    cblas_dgemv((CBLAS_LAYOUT)v[1], (CBLAS_TRANSPOSE)v[2], v[3], v[4], 1.5, Ad, v[7], Xd, v[9],
                0.5, Yd, v[12]);
    return 0;
}

static int call_cblas_sgemv(const int *v)
{
    cblas_sgemv((CBLAS_LAYOUT)v[1], (CBLAS_TRANSPOSE)v[2], v[3], v[4], 1.5f, As, v[7], Xs, v[9],
                0.5f, Ys, v[12]);
    return 0;
}

/* ?gemm_(TRANSA 1, TRANSB 2, M 3, N 4, K 5, ALPHA 6, A 7, LDA 8, B 9, LDB 10, BETA 11,
 * C 12, LDC 13) */
static int model_f_gemm(const int *v)
{
    FIRST({!f_trans_ok(v[1]), 1}, {!f_trans_ok(v[2]), 2}, {v[3] < 0, 3}, {v[4] < 0, 4},
          {v[5] < 0, 5}, {v[8] < max1(f_notrans(v[1]) ? v[3] : v[5]), 8},
          {v[10] < max1(f_notrans(v[2]) ? v[5] : v[4]), 10}, {v[13] < max1(v[3]), 13});
}

static int call_f_dgemm(const int *v)
{
    char ta = (char)v[1], tb = (char)v[2];
    double alpha = 1.5, beta = 0.5;
    dgemm_(&ta, &tb, &v[3], &v[4], &v[5], &alpha, Ad, &v[8], Bd, &v[10], &beta, Cd, &v[13], 1,
           1);
    return 0;
}

static int call_f_sgemm(const int *v)
{
    char ta = (char)v[1], tb = (char)v[2];
    float alpha = 1.5f, beta = 0.5f;
    sgemm_(&ta, &tb, &v[3], &v[4], &v[5], &alpha, As, &v[8], Bs, &v[10], &beta, Cs, &v[13], 1,
           1);
    return 0;
}

/* ?gemv_(TRANS 1, M 2, N 3, ALPHA 4, A 5, LDA 6, X 7, INCX 8, BETA 9, Y 10, INCY 11) */
static int model_f_gemv(const int *v)
{
    FIRST({!f_trans_ok(v[1]), 1}, {v[2] < 0, 2}, {v[3] < 0, 3}, {v[6] < max1(v[2]), 6},
          {v[8] == 0, 8}, {v[11] == 0, 11});
}

static int call_f_dgemv(const int *v)
{
    char t = (char)v[1];
    double alpha = 1.5, beta = 0.5;
    dgemv_(&t, &v[2], &v[3], &alpha, Ad, &v[6], Xd, &v[8], &beta, Yd, &v[11], 1);
    return 0;
}

static int call_f_sgemv(const int *v)
{
    char t = (char)v[1];
    float alpha = 1.5f, beta = 0.5f;
    sgemv_(&t, &v[2], &v[3], &alpha, As, &v[6], Xs, &v[8], &beta, Ys, &v[11], 1);
    return 0;
}

/* ?getrf_(M 1, N 2, A 3, LDA 4, IPIV 5, INFO 6) */
static int model_f_getrf(const int *v)
{
    FIRST({v[1] < 0, 1}, {v[2] < 0, 2}, {v[4] < max1(v[1]), 4});
}

static int call_f_dgetrf(const int *v)
{
    int info = 777;
    dgetrf_(&v[1], &v[2], Ad, &v[4], Piv, &info);
    return info;
}

static int call_f_sgetrf(const int *v)
{
    int info = 777;
    sgetrf_(&v[1], &v[2], As, &v[4], Piv, &info);
    return info;
}

/* ?getrs_(TRANS 1, N 2, NRHS 3, A 4, LDA 5, IPIV 6, B 7, LDB 8, INFO 9) */
static int model_f_getrs(const int *v)
{
    FIRST({!f_trans_ok(v[1]), 1}, {v[2] < 0, 2}, {v[3] < 0, 3}, {v[5] < max1(v[2]), 5},
          {v[8] < max1(v[2]), 8});
}

static int call_f_dgetrs(const int *v)
{
    char t = (char)v[1];
    int info = 777;
    dgetrs_(&t, &v[2], &v[3], Ad, &v[5], Piv, Bd, &v[8], &info, 1);
    return info;
}

static int call_f_sgetrs(const int *v)
{
    char t = (char)v[1];
    int info = 777;
    sgetrs_(&t, &v[2], &v[3], As, &v[5], Piv, Bs, &v[8], &info, 1);
    return info;
}

/* ?gesv_(N 1, NRHS 2, A 3, LDA 4, IPIV 5, B 6, LDB 7, INFO 8) */
static int model_f_gesv(const int *v)
{
    FIRST({v[1] < 0, 1}, {v[2] < 0, 2}, {v[4] < max1(v[1]), 4}, {v[7] < max1(v[1]), 7});
}

static int call_f_dgesv(const int *v)
{
    int info = 777;
    dgesv_(&v[1], &v[2], Ad, &v[4], Piv, Bd, &v[7], &info);
    return info;
}

static int call_f_sgesv(const int *v)
{
    int info = 777;
    sgesv_(&v[1], &v[2], As, &v[4], Piv, Bs, &v[7], &info);
    return info;
}

/* ?getri_(N 1, A 2, LDA 3, IPIV 4, WORK 5, LWORK 6, INFO 7); WORK(1) is written first. */
static int model_f_getri(const int *v)
{
    FIRST({v[1] < 0, 1}, {v[3] < max1(v[1]), 3}, {v[6] < max1(v[1]) && v[6] != -1, 6});
}

static int call_f_dgetri(const int *v)
{
    int info = 777;
    dgetri_(&v[1], Ad, &v[3], Piv, Wd, &v[6], &info);
    Wd[0] = -3.25;
    return info;
}

static int call_f_sgetri(const int *v)
{
    int info = 777;
    sgetri_(&v[1], As, &v[3], Piv, Ws, &v[6], &info);
    Ws[0] = -3.25f;
    return info;
}

/* LAPACKE: row major tests its own lda >= n (ldb >= nrhs) first, without max(1, .);
 * then the Fortran routine's tests, positions shifted by the layout argument. */

/* LAPACKE_?getrf(layout 1, m 2, n 3, a 4, lda 5, ipiv 6) */
static int model_e_getrf(const int *v)
{
    int col = v[1] == LAPACK_COL_MAJOR;
    if (!col && v[1] != LAPACK_ROW_MAJOR)
        return 1;
    FIRST({!col && v[5] < v[3], 5}, {v[2] < 0, 2}, {v[3] < 0, 3}, {col && v[5] < max1(v[2]), 5});
}

static int call_e_dgetrf(const int *v)
{
    return LAPACKE_dgetrf(v[1], v[2], v[3], Ad, v[5], Piv);
}

static int call_e_sgetrf(const int *v)
{
    return LAPACKE_sgetrf(v[1], v[2], v[3], As, v[5], Piv);
}

/* LAPACKE_?getrs(layout 1, trans 2, n 3, nrhs 4, a 5, lda 6, ipiv 7, b 8, ldb 9) */
static int model_e_getrs(const int *v)
{
    int col = v[1] == LAPACK_COL_MAJOR;
    if (!col && v[1] != LAPACK_ROW_MAJOR)
        return 1;
    FIRST({!col && v[6] < v[3], 6}, {!col && v[9] < v[4], 9}, {!f_trans_ok(v[2]), 2},
          {v[3] < 0, 3}, {v[4] < 0, 4}, {col && v[6] < max1(v[3]), 6},
          {col && v[9] < max1(v[3]), 9});
}

static int call_e_dgetrs(const int *v)
{
    return LAPACKE_dgetrs(v[1], (char)v[2], v[3], v[4], Ad, v[6], Piv, Bd, v[9]);
}

static int call_e_sgetrs(const int *v)
{
    return LAPACKE_sgetrs(v[1], (char)v[2], v[3], v[4], As, v[6], Piv, Bs, v[9]);
}

/* LAPACKE_?gesv(layout 1, n 2, nrhs 3, a 4, lda 5, ipiv 6, b 7, ldb 8) */
static int model_e_gesv(const int *v)
{
    int col = v[1] == LAPACK_COL_MAJOR;
    if (!col && v[1] != LAPACK_ROW_MAJOR)
        return 1;
    FIRST({!col && v[5] < v[2], 5}, {!col && v[8] < v[3], 8}, {v[2] < 0, 2}, {v[3] < 0, 3},
          {col && v[5] < max1(v[2]), 5}, {col && v[8] < max1(v[2]), 8});
}

static int call_e_dgesv(const int *v)
{
    return LAPACKE_dgesv(v[1], v[2], v[3], Ad, v[5], Piv, Bd, v[8]);
}

static int call_e_sgesv(const int *v)
{
    return LAPACKE_sgesv(v[1], v[2], v[3], As, v[5], Piv, Bs, v[8]);
}

/* LAPACKE_?getri(layout 1, n 2, a 3, lda 4, ipiv 5) */
static int model_e_getri(const int *v)
{
    int col = v[1] == LAPACK_COL_MAJOR;
    if (!col && v[1] != LAPACK_ROW_MAJOR)
        return 1;
    FIRST({!col && v[4] < v[2], 4}, {v[2] < 0, 2}, {col && v[4] < max1(v[2]), 4});
}

static int call_e_dgetri(const int *v)
{
    return LAPACKE_dgetri(v[1], v[2], Ad, v[4], Piv);
}

static int call_e_sgetri(const int *v)
{
    return LAPACKE_sgetri(v[1], v[2], As, v[4], Piv);
}

/* Tries every subset of r's illegal values on the legal base; returns the cases run. */
static int run_subsets(const routine *r, const int *base)
{
    int nbad = 0;
    while (nbad < MAXARG && r->bad_pos[nbad])
        nbad++;
    int cases = 0;
    for (unsigned mask = 1; mask < (1u << nbad); mask++) {
        int v[MAXARG + 1];
        memcpy(v, base, sizeof v);
        for (int b = 0; b < nbad; b++)
            if (mask & (1u << b))
                v[r->bad_pos[b]] = r->bad_val[b];
        int want = r->model(v);
        if (want == 0)
            continue; /* a combination the reference accepts (not generated by these tables) */
        fill_guarded();
        take_snapshot(snapshot);
        reset();
        int got = r->call(v);
        cases++;
        if (r->info_kind == 2) {
            BT_CHECK(got == -want && calls == 0,
                     "%s mask %#x: returned %d with %d handler calls; want %d and none", r->what,
                     mask, got, calls, -want);
        } else {
            BT_CHECK(calls == 1 && position == want && strcmp(name, r->reported) == 0,
                     "%s mask %#x: %d report(s), last '%s' argument %d; want '%s' argument %d",
                     r->what, mask, calls, name, position, r->reported, want);
            if (r->info_kind == 1)
                BT_CHECK(got == -want, "%s mask %#x: INFO %d, want %d", r->what, mask, got,
                         -want);
        }
        BT_CHECK(guarded_untouched(), "%s mask %#x (first illegal argument %d): data changed",
                 r->what, mask, want);
    }
    return cases;
}

/* The base itself is legal: no report, INFO / return >= 0. */
static void run_legal(const routine *r, const int *base)
{
    BT_CHECK(r->model(base) == 0, "%s: the test's base call is not legal", r->what);
    fill_guarded();
    reset();
    int got = r->call(base);
    BT_CHECK(calls == 0 && got >= 0, "%s legal base: %d reports ('%s' %d), result %d", r->what,
             calls, name, position, got);
}

static void check_arguments(void)
{
    const int R = CblasRowMajor, Co = CblasColMajor, N = CblasNoTrans, T = CblasTrans,
              C = CblasConjTrans;
    int total = 0;

    /* cblas gemm: layout, both transposes, M, N, K and the three leading dimensions. */
    routine cg[2] = {
        {"cblas_dgemm", "cblas_dgemm", {1, 2, 3, 4, 5, 6, 9, 11, 14}, {77, 0, 114, -1, -1, -1, 0, 0, 0},
         model_cblas_gemm, call_cblas_dgemm, 0},
        {"cblas_sgemm", "cblas_sgemm", {1, 2, 3, 4, 5, 6, 9, 11, 14}, {0, 110, 1, -2, -1, -3, 0, 0, 0},
         model_cblas_gemm, call_cblas_sgemm, 0},
    };
    const int ts[3] = {N, T, C};
    for (int p = 0; p < 2; p++)
        for (int layout = 0; layout < 2; layout++)
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++) {
                    /* m 3, n 4, k 5: each leading dimension set to its minimum. */
                    int lay = layout ? R : Co, ta = ts[a], tb = ts[b];
                    int m = 3, n = 4, k = 5, col = lay == Co;
                    int ra = ta == N ? m : k, ca = ta == N ? k : m;
                    int rb = tb == N ? k : n, cbb = tb == N ? n : k;
                    int v[MAXARG + 1] = {0};
                    v[1] = lay;
                    v[2] = ta;
                    v[3] = tb;
                    v[4] = m;
                    v[5] = n;
                    v[6] = k;
                    v[9] = col ? ra : ca;
                    v[11] = col ? rb : cbb;
                    v[14] = col ? m : n;
                    run_legal(&cg[p], v);
                    total += run_subsets(&cg[p], v);
                }

    routine cv[2] = {
        {"cblas_dgemv", "cblas_dgemv", {1, 2, 3, 4, 7, 9, 12}, {0, 7, -1, -1, 0, 0, 0},
         model_cblas_gemv, call_cblas_dgemv, 0},
        {"cblas_sgemv", "cblas_sgemv", {1, 2, 3, 4, 7, 9, 12}, {103, 114, -4, -1, 0, 0, 0},
         model_cblas_gemv, call_cblas_sgemv, 0},
    };
    for (int p = 0; p < 2; p++)
        for (int layout = 0; layout < 2; layout++)
            for (int a = 0; a < 3; a++)
                for (int inc = 0; inc < 2; inc++) {
                    int lay = layout ? R : Co, m = 5, n = 3;
                    int v[MAXARG + 1] = {0};
                    v[1] = lay;
                    v[2] = ts[a];
                    v[3] = m;
                    v[4] = n;
                    v[7] = lay == Co ? m : n;
                    v[9] = inc ? -2 : 1;
                    v[12] = inc ? 3 : -1;
                    run_legal(&cv[p], v);
                    total += run_subsets(&cv[p], v);
                }

    routine fg[2] = {
        {"dgemm_", "DGEMM ", {1, 2, 3, 4, 5, 8, 10, 13}, {'X', 'R', -1, -1, -1, 0, 0, 0},
         model_f_gemm, call_f_dgemm, 0},
        {"sgemm_", "SGEMM ", {1, 2, 3, 4, 5, 8, 10, 13}, {'?', ' ', -5, -1, -1, 0, 0, 0},
         model_f_gemm, call_f_sgemm, 0},
    };
    const char fts[6] = {'N', 'n', 'T', 't', 'C', 'c'};
    for (int p = 0; p < 2; p++)
        for (int a = 0; a < 6; a++)
            for (int b = 0; b < 6; b++) {
                int m = 3, n = 4, k = 5;
                int v[MAXARG + 1] = {0};
                v[1] = fts[a];
                v[2] = fts[b];
                v[3] = m;
                v[4] = n;
                v[5] = k;
                v[8] = f_notrans(v[1]) ? m : k;
                v[10] = f_notrans(v[2]) ? k : n;
                v[13] = m;
                run_legal(&fg[p], v);
                total += run_subsets(&fg[p], v);
            }

    routine fv[2] = {
        {"dgemv_", "DGEMV ", {1, 2, 3, 6, 8, 11}, {'Q', -1, -1, 0, 0, 0}, model_f_gemv,
         call_f_dgemv, 0},
        {"sgemv_", "SGEMV ", {1, 2, 3, 6, 8, 11}, {0, -1, -2, 0, 0, 0}, model_f_gemv,
         call_f_sgemv, 0},
    };
    for (int p = 0; p < 2; p++)
        for (int a = 0; a < 6; a++) {
            int v[MAXARG + 1] = {0};
            v[1] = fts[a];
            v[2] = 5;
            v[3] = 3;
            v[6] = 5;
            v[8] = -1;
            v[11] = 2;
            run_legal(&fv[p], v);
            total += run_subsets(&fv[p], v);
        }

    /* LAPACK: the IPIV entries (all 1) are legal; A = 1 + i % 7 is singular or not, which
     * only changes INFO >= 0 of the legal base. */
    routine lr[] = {
        {"dgetrf_", "DGETRF", {1, 2, 4}, {-1, -1, 0}, model_f_getrf, call_f_dgetrf, 1},
        {"sgetrf_", "SGETRF", {1, 2, 4}, {-3, -1, 2}, model_f_getrf, call_f_sgetrf, 1},
    };
    for (int p = 0; p < 2; p++) {
        int v[MAXARG + 1] = {0, 4, 3, 0, 4};
        run_legal(&lr[p], v);
        total += run_subsets(&lr[p], v);
    }
    routine ls[] = {
        {"dgetrs_", "DGETRS", {1, 2, 3, 5, 8}, {'x', -1, -1, 2, 0}, model_f_getrs, call_f_dgetrs, 1},
        {"sgetrs_", "SGETRS", {1, 2, 3, 5, 8}, {0, -1, -1, 0, 2}, model_f_getrs, call_f_sgetrs, 1},
    };
    for (int p = 0; p < 2; p++)
        for (int a = 0; a < 6; a++) {
            int v[MAXARG + 1] = {0, fts[a], 3, 2, 0, 3, 0, 0, 3};
            total += run_subsets(&ls[p], v);
        }
    routine lg[] = {
        {"dgesv_", "DGESV ", {1, 2, 4, 7}, {-1, -1, 2, 0}, model_f_gesv, call_f_dgesv, 1},
        {"sgesv_", "SGESV ", {1, 2, 4, 7}, {-2, -3, 0, 1}, model_f_gesv, call_f_sgesv, 1},
    };
    for (int p = 0; p < 2; p++) {
        int v[MAXARG + 1] = {0, 3, 2, 0, 3, 0, 0, 3};
        total += run_subsets(&lg[p], v);
    }
    routine li[] = {
        {"dgetri_", "DGETRI", {1, 3, 6}, {-1, 2, 2}, model_f_getri, call_f_dgetri, 1},
        {"sgetri_", "SGETRI", {1, 3, 6}, {-1, 0, 0}, model_f_getri, call_f_sgetri, 1},
    };
    for (int p = 0; p < 2; p++) {
        int v[MAXARG + 1] = {0, 3, 0, 3, 0, 0, 3};
        total += run_subsets(&li[p], v);
        v[6] = -1; /* the workspace query is legal and leaves LWORK's test out */
        total += run_subsets(&li[p], v);
    }

    routine er[] = {
        {"LAPACKE_dgetrf", NULL, {1, 2, 3, 5}, {0, -1, -1, 0}, model_e_getrf, call_e_dgetrf, 2},
        {"LAPACKE_sgetrf", NULL, {1, 2, 3, 5}, {100, -2, -1, 1}, model_e_getrf, call_e_sgetrf, 2},
        {"LAPACKE_dgetrs", NULL, {1, 2, 3, 4, 6, 9}, {0, 'Z', -1, -1, 0, 0}, model_e_getrs,
         call_e_dgetrs, 2},
        {"LAPACKE_sgetrs", NULL, {1, 2, 3, 4, 6, 9}, {103, 0, -1, -1, 1, 1}, model_e_getrs,
         call_e_sgetrs, 2},
        {"LAPACKE_dgesv", NULL, {1, 2, 3, 5, 8}, {0, -1, -1, 0, 0}, model_e_gesv, call_e_dgesv, 2},
        {"LAPACKE_sgesv", NULL, {1, 2, 3, 5, 8}, {1, -1, -1, 1, 1}, model_e_gesv, call_e_sgesv, 2},
        {"LAPACKE_dgetri", NULL, {1, 2, 4}, {0, -1, 0}, model_e_getri, call_e_dgetri, 2},
        {"LAPACKE_sgetri", NULL, {1, 2, 4}, {-5, -1, 2}, model_e_getri, call_e_sgetri, 2},
    };
    const int lays[2] = {LAPACK_COL_MAJOR, LAPACK_ROW_MAJOR};
    for (int l = 0; l < 2; l++) {
        int lay = lays[l];
        /* getrf m 4 x n 3; getrs/gesv n 3, nrhs 2; getri n 3: minimal leading dimensions. */
        int vf[MAXARG + 1] = {0, lay, 4, 3, 0, lay == LAPACK_COL_MAJOR ? 4 : 3};
        int vs[MAXARG + 1] = {0, lay, 'N', 3, 2, 0, 3, 0, 0, lay == LAPACK_COL_MAJOR ? 3 : 2};
        int vg[MAXARG + 1] = {0, lay, 3, 2, 0, 3, 0, 0, lay == LAPACK_COL_MAJOR ? 3 : 2};
        int vi[MAXARG + 1] = {0, lay, 3, 0, 3};
        for (int p = 0; p < 2; p++) {
            total += run_subsets(&er[p], vf);
            total += run_subsets(&er[2 + p], vs);
            vs[2] = 't';
            total += run_subsets(&er[2 + p], vs);
            vs[2] = 'N';
            total += run_subsets(&er[4 + p], vg);
            total += run_subsets(&er[6 + p], vi);
        }
    }
    BT_CHECK(total > 5000, "only %d illegal combinations were tried", total);
    printf("argument checks: %d illegal combinations\n", total);
}

/* ---- quick returns and the values that must not be read ------------------------------------ */

static size_t idx(int col, int ld, int r, int c)
{
    return col ? (size_t)r + (size_t)c * (size_t)ld : (size_t)r * (size_t)ld + (size_t)c;
}

/* Every entry equal, NaN included. */
static int same_d(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

enum { BIG = 320 * 96 };
static double ga[BIG], gb[BIG], gc[BIG], gc0[BIG];
static float fa[BIG], fb[BIG], fc[BIG], fc0[BIG];

/* gemm with NaN where nothing may be read: m, n or k = 0, alpha = 0 (A, B NaN and also
 * NULL), beta = 0 (C NaN); sizes that reach the direct and the blocked drivers. */
static void check_gemm_reads(void)
{
    const int shapes[][3] = {{0, 5, 3}, {4, 0, 3}, {4, 5, 0}, {7, 5, 3}, {300, 70, 90}, {33, 320, 40}};
    const CBLAS_TRANSPOSE ts[2] = {CblasNoTrans, CblasTrans};
    const double betas[3] = {0.0, 1.0, -1.5};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int lay = 0; lay < 2; lay++)
            for (int a = 0; a < 2; a++)
                for (int b = 0; b < 2; b++)
                    for (int be = 0; be < 3; be++)
                        for (int al = 0; al < 2; al++) {
        int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        int col = lay == 0;
        CBLAS_TRANSPOSE TA = ts[a], TB = ts[b];
        int ra = TA == CblasNoTrans ? m : k, ca = TA == CblasNoTrans ? k : m;
        int rb = TB == CblasNoTrans ? k : n, cb = TB == CblasNoTrans ? n : k;
        int lda = max1(col ? ra : ca) + 1, ldb = max1(col ? rb : cb), ldc = max1(col ? m : n) + 2;
        double alpha = al ? 1.25 : 0.0, beta = betas[be];
        int nan_ab = alpha == 0.0 || k == 0; /* A and B are not read */
        bt_fill_d(ga, BIG);
        bt_fill_d(gb, BIG);
        bt_fill_d(gc, BIG);
        if (nan_ab)
            for (int i = 0; i < BIG; i++)
                ga[i] = gb[i] = NAN;
        if (beta == 0.0) /* C is not read, only written */
            for (int i = 0; i < m * n + 2 * BIG / 3 && i < BIG; i++)
                gc[i] = NAN;
        for (int i = 0; i < BIG; i++) {
            fa[i] = (float)ga[i];
            fb[i] = (float)gb[i];
            fc[i] = (float)gc[i];
        }
        memcpy(gc0, gc, sizeof gc);
        memcpy(fc0, fc, sizeof fc);
        /* The alpha = 0 and k = 0 paths get NULL A and B on half of the runs. */
        int use_null = nan_ab && (s + be) % 2;
        const double *pa = use_null ? NULL : ga, *pb = use_null ? NULL : gb;
        const float *qa = use_null ? NULL : fa, *qb = use_null ? NULL : fb;
        CBLAS_LAYOUT L = col ? CblasColMajor : CblasRowMajor;
        reset();
        cblas_dgemm(L, TA, TB, m, n, k, alpha, pa, lda, pb, ldb, beta, gc, ldc);
        cblas_sgemm(L, TA, TB, m, n, k, (float)alpha, qa, lda, qb, ldb, (float)beta, fc, ldc);
        BT_CHECK(calls == 0, "gemm reads: a legal call reported an error");
        int wrong = 0, swrong = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                size_t p = idx(col, ldc, i, j);
                double want;
                if (nan_ab) {
                    want = beta == 0.0 ? 0.0 : beta * gc0[p];
                } else {
                    long double sum = 0;
                    for (int l = 0; l < k; l++)
                        sum += (long double)ga[TA == CblasNoTrans ? idx(col, lda, i, l)
                                                                  : idx(col, lda, l, i)] *
                               gb[TB == CblasNoTrans ? idx(col, ldb, l, j) : idx(col, ldb, j, l)];
                    want = (double)(alpha * sum + (beta == 0.0 ? 0.0L : (long double)beta * gc0[p]));
                }
                double tol = (k + 4) * 4 * BT_EPS_D * (fabs(want) + k + 2);
                double stol = (k + 4) * 4 * BT_EPS_S * (fabs(want) + k + 2);
                if (!(fabs(gc[p] - want) <= tol))
                    wrong++;
                if (!(fabs((double)fc[p] - want) <= stol))
                    swrong++;
            }
        /* Outside the m x n block nothing moves, NaN included. */
        int outside = 0;
        for (int p = 0; p < BIG; p++) {
            int r = col ? p % ldc : p / ldc, c = col ? p / ldc : p % ldc;
            if ((r >= m || c >= n) && memcmp(&gc[p], &gc0[p], sizeof gc[p]) != 0)
                outside++;
        }
        BT_CHECK(!wrong && !swrong && !outside,
                 "cblas gemm %s %c%c m=%d n=%d k=%d alpha=%g beta=%g%s: %d/%d wrong (d/s), %d "
                 "written outside C",
                 col ? "col" : "row", TA == CblasNoTrans ? 'N' : 'T', TB == CblasNoTrans ? 'N' : 'T',
                 m, n, k, alpha, beta, use_null ? " A=B=NULL" : "", wrong, swrong, outside);

        if (col) { /* the Fortran names on the same data */
            memcpy(gc, gc0, sizeof gc);
            const char *tra = TA == CblasNoTrans ? "N" : "T", *trb = TB == CblasNoTrans ? "N" : "T";
            dgemm_(tra, trb, &m, &n, &k, &alpha, pa, &lda, pb, &ldb, &beta, gc, &ldc, 1, 1);
            double ref[BIG];
            memcpy(ref, gc0, sizeof ref);
            cblas_dgemm(CblasColMajor, TA, TB, m, n, k, alpha, pa, lda, pb, ldb, beta, ref, ldc);
            BT_CHECK(same_d(gc, ref, BIG), "dgemm_ %s%s m=%d n=%d k=%d alpha=%g beta=%g differs "
                     "from cblas_dgemm", tra, trb, m, n, k, alpha, beta);
            memcpy(fc, fc0, sizeof fc);
            float fal = (float)alpha, fbe = (float)beta;
            sgemm_(tra, trb, &m, &n, &k, &fal, qa, &lda, qb, &ldb, &fbe, fc, &ldc, 1, 1);
            int sbad = 0;
            for (int j = 0; j < n; j++)
                for (int i = 0; i < m; i++) {
                    float x = fc[i + j * ldc];
                    if (!(x == x) && !(ref[i + j * ldc] != ref[i + j * ldc]))
                        sbad++;
                }
            BT_CHECK(!sbad, "sgemm_ %s%s m=%d n=%d k=%d alpha=%g beta=%g: %d NaN", tra, trb, m, n,
                     k, alpha, beta, sbad);
        }
    }
}

/* gemv: NaN y with beta = 0, NaN / NULL A and x with alpha = 0, m or n = 0 touching
 * nothing, negative and non-unit increments. */
static void check_gemv_reads(void)
{
    const int shapes[][2] = {{0, 4}, {5, 0}, {1, 1}, {7, 5}, {300, 70}};
    const int incs[][2] = {{1, 1}, {-1, 2}, {3, -2}, {-2, -3}};
    const double betas[3] = {0.0, 1.0, -1.5};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int lay = 0; lay < 2; lay++)
            for (int t = 0; t < 2; t++)
                for (int ic = 0; ic < 4; ic++)
                    for (int be = 0; be < 3; be++)
                        for (int al = 0; al < 2; al++) {
        int m = shapes[s][0], n = shapes[s][1], col = lay == 0;
        CBLAS_TRANSPOSE T = t ? CblasTrans : CblasNoTrans;
        int incx = incs[ic][0], incy = incs[ic][1];
        int lenx = t ? m : n, leny = t ? n : m;
        int lda = max1(col ? m : n) + 1;
        double alpha = al ? -0.75 : 0.0, beta = betas[be];
        bt_fill_d(ga, BIG);
        bt_fill_d(gb, BIG); /* x */
        bt_fill_d(gc, BIG); /* y */
        if (alpha == 0.0)
            for (int i = 0; i < BIG; i++)
                ga[i] = gb[i] = NAN;
        if (beta == 0.0)
            for (int i = 0; i < leny * abs(incy); i++)
                gc[i] = NAN;
        memcpy(gc0, gc, sizeof gc);
        for (int i = 0; i < BIG; i++) {
            fa[i] = (float)ga[i];
            fb[i] = (float)gb[i];
            fc[i] = (float)gc[i];
        }
        int use_null = alpha == 0.0 && (ic % 2);
        const double *pa = use_null ? NULL : ga, *px = use_null ? NULL : gb;
        const float *qa = use_null ? NULL : fa, *qx = use_null ? NULL : fb;
        CBLAS_LAYOUT L = col ? CblasColMajor : CblasRowMajor;
        reset();
        cblas_dgemv(L, T, m, n, alpha, pa, lda, px, incx, beta, gc, incy);
        cblas_sgemv(L, T, m, n, (float)alpha, qa, lda, qx, incx, (float)beta, fc, incy);
        BT_CHECK(calls == 0, "gemv reads: a legal call reported an error");
        int wrong = 0, swrong = 0, outside = 0;
        int quick = m == 0 || n == 0;
        for (int i = 0; i < leny; i++) {
            size_t p = (size_t)(incy > 0 ? i * incy : (leny - 1 - i) * -incy);
            double want;
            if (quick) {
                want = gc0[p];
            } else if (alpha == 0.0) {
                want = beta == 0.0 ? 0.0 : beta * gc0[p];
            } else {
                long double sum = 0;
                for (int l = 0; l < lenx; l++) {
                    size_t q = (size_t)(incx > 0 ? l * incx : (lenx - 1 - l) * -incx);
                    sum += (long double)ga[t ? idx(col, lda, l, i) : idx(col, lda, i, l)] * gb[q];
                }
                want = (double)(alpha * sum + (beta == 0.0 ? 0.0L : (long double)beta * gc0[p]));
            }
            double tol = (lenx + 4) * 4 * BT_EPS_D * (fabs(want) + lenx + 2);
            double stol = (lenx + 4) * 4 * BT_EPS_S * (fabs(want) + lenx + 2);
            if (quick ? memcmp(&gc[p], &gc0[p], sizeof gc[p]) != 0 : !(fabs(gc[p] - want) <= tol))
                wrong++;
            if (!quick && !(fabs((double)fc[p] - want) <= stol))
                swrong++;
        }
        for (int p = 0; p < BIG; p++) {
            int on = p % abs(incy) == 0 && p / abs(incy) < leny;
            if (!on && memcmp(&gc[p], &gc0[p], sizeof gc[p]) != 0)
                outside++;
        }
        BT_CHECK(!wrong && !swrong && !outside,
                 "cblas gemv %s %c m=%d n=%d incx=%d incy=%d alpha=%g beta=%g%s: %d/%d wrong, %d "
                 "written outside y",
                 col ? "col" : "row", t ? 'T' : 'N', m, n, incx, incy, alpha, beta,
                 use_null ? " A=x=NULL" : "", wrong, swrong, outside);
        if (col) {
            double ref[BIG];
            memcpy(ref, gc0, sizeof ref);
            cblas_dgemv(CblasColMajor, T, m, n, alpha, pa, lda, px, incx, beta, ref, incy);
            memcpy(gc, gc0, sizeof gc);
            dgemv_(t ? "T" : "N", &m, &n, &alpha, pa, &lda, px, &incx, &beta, gc, &incy, 1);
            BT_CHECK(same_d(gc, ref, BIG), "dgemv_ %c m=%d n=%d incx=%d incy=%d alpha=%g beta=%g "
                     "differs from cblas_dgemv", t ? 'T' : 'N', m, n, incx, incy, alpha, beta);
            float fal = (float)alpha, fbe = (float)beta;
            for (int i = 0; i < BIG; i++)
                fc[i] = (float)gc0[i];
            sgemv_(t ? "T" : "N", &m, &n, &fal, qa, &lda, qx, &incx, &fbe, fc, &incy, 1);
            int sbad = 0;
            for (int p = 0; p < BIG; p++)
                if ((fc[p] != fc[p]) != (ref[p] != ref[p]))
                    sbad++;
            BT_CHECK(!sbad, "sgemv_ %c m=%d n=%d alpha=%g beta=%g: %d NaN differ", t ? 'T' : 'N',
                     m, n, alpha, beta, sbad);
        }
    }
}

/* Level 1: n <= 0 reads and writes nothing (NULL is fine), no name ever reports an error. */
static void check_level1_quick(void)
{
    int zero = 0, neg = -3, one = 1;
    double d = 2.0;
    float f = 2.0f;
    reset();
    BT_CHECK(cblas_ddot(0, NULL, 1, NULL, 1) == 0.0 && cblas_sdot(-1, NULL, 0, NULL, 0) == 0.0f,
             "dot n <= 0");
    BT_CHECK(cblas_dnrm2(0, NULL, 1) == 0.0 && cblas_snrm2(-2, NULL, -1) == 0.0f, "nrm2 n <= 0");
    cblas_daxpy(0, 1.0, NULL, 1, NULL, 1);
    cblas_saxpy(-1, 1.0f, NULL, 0, NULL, 0);
    cblas_dscal(0, 2.0, NULL, 1);
    cblas_sscal(-5, 2.0f, NULL, 1);
    BT_CHECK(ddot_(&zero, NULL, &one, NULL, &one) == 0.0 && sdot_(&neg, NULL, &one, NULL, &one) == 0.0f,
             "dot_ n <= 0");
    BT_CHECK(dnrm2_(&neg, NULL, &one) == 0.0 && snrm2_(&zero, NULL, &zero) == 0.0f, "nrm2_ n <= 0");
    daxpy_(&zero, &d, NULL, &one, NULL, &one);
    saxpy_(&neg, &f, NULL, &one, NULL, &one);
    dscal_(&neg, &d, NULL, &one);
    sscal_(&zero, &f, NULL, &one);
    /* scal with incx <= 0 is a no-op (NULL-safe here only because nothing is read). */
    cblas_dscal(3, 2.0, NULL, 0);
    cblas_sscal(3, 2.0f, NULL, -1);
    dscal_(&one, &d, NULL, &neg);
    /* axpy with alpha = 0 reads neither x nor y. */
    cblas_daxpy(4, 0.0, NULL, 1, NULL, 1);
    double zd = 0.0;
    daxpy_(&one, &zd, NULL, &one, NULL, &one);
    BT_CHECK(calls == 0, "level 1 reported %d errors ('%s' %d)", calls, name, position);

    /* Negative increments against a hand walk, every name. */
    double x[9] = {1, -2, 3, -4, 5, -6, 7, -8, 9}, y[9] = {2, 1, 0, -1, -2, -3, -4, -5, -6};
    float xs[9], ys[9];
    for (int i = 0; i < 9; i++) {
        xs[i] = (float)x[i];
        ys[i] = (float)y[i];
    }
    /* n = 3, incx = -3 visits x[6], x[3], x[0]; incy = 2 visits y[0], y[2], y[4]. */
    double want = 7 * 2 + -4 * 0 + 1 * -2;
    int n3 = 3, m3 = -3, two = 2;
    BT_CHECK(cblas_ddot(3, x, -3, y, 2) == want && ddot_(&n3, x, &m3, y, &two) == want &&
                 cblas_sdot(3, xs, -3, ys, 2) == (float)want && sdot_(&n3, xs, &m3, ys, &two) == (float)want,
             "dot with incx = -3, incy = 2");
    double yy[9];
    memcpy(yy, y, sizeof y);
    cblas_daxpy(3, 2.0, x, -3, yy, 2);
    BT_CHECK(yy[0] == 2 + 14 && yy[2] == 0 - 8 && yy[4] == -2 + 2 && yy[1] == 1,
             "daxpy incx = -3: %g %g %g", yy[0], yy[2], yy[4]);
    memcpy(yy, y, sizeof y);
    daxpy_(&n3, &d, x, &two, yy, &m3); /* x[0], x[2], x[4] into y[6], y[3], y[0] */
    BT_CHECK(yy[6] == -4 + 2 && yy[3] == -1 + 6 && yy[0] == 2 + 10, "daxpy_ incy = -3");
    float ysf[9];
    memcpy(ysf, ys, sizeof ys);
    saxpy_(&n3, &f, xs, &two, ysf, &m3);
    BT_CHECK(ysf[6] == -2.0f && ysf[3] == 5.0f && ysf[0] == 12.0f, "saxpy_ incy = -3");
}

/* LAPACK quick returns: empty problems succeed with INFO 0 and touch nothing. */
static void check_lapack_quick(void)
{
    int zero = 0, three = 3, one = 1, info = 5;
    reset();
    dgetrf_(&zero, &three, NULL, &one, NULL, &info);
    BT_CHECK(info == 0, "dgetrf_ m = 0: INFO %d", info);
    info = 5;
    sgetrf_(&three, &zero, NULL, &three, NULL, &info);
    BT_CHECK(info == 0, "sgetrf_ n = 0: INFO %d", info);
    info = 5;
    dgetrs_("N", &zero, &three, NULL, &one, NULL, NULL, &one, &info, 1);
    BT_CHECK(info == 0, "dgetrs_ n = 0: INFO %d", info);
    info = 5;
    dgesv_(&zero, &three, NULL, &one, NULL, NULL, &one, &info);
    BT_CHECK(info == 0, "dgesv_ n = 0: INFO %d", info);
    info = 5;
    double w[1] = {-1};
    dgetri_(&zero, NULL, &one, NULL, w, &one, &info);
    BT_CHECK(info == 0 && w[0] == 1.0, "dgetri_ n = 0: INFO %d WORK %g", info, w[0]);
    BT_CHECK(LAPACKE_dgetrf(LAPACK_ROW_MAJOR, 0, 0, NULL, 1, NULL) == 0 &&
                 LAPACKE_sgesv(LAPACK_COL_MAJOR, 0, 2, NULL, 1, NULL, NULL, 1) == 0 &&
                 LAPACKE_dgetri(LAPACK_COL_MAJOR, 0, NULL, 1, NULL) == 0 &&
                 LAPACKE_sgetrs(LAPACK_ROW_MAJOR, 'N', 0, 0, NULL, 1, NULL, NULL, 1) == 0,
             "LAPACKE n = 0");
    BT_CHECK(calls == 0, "LAPACK quick returns reported %d errors", calls);
}

int main(void)
{
    bt_begin("test_standard_args");
    check_arguments();
    check_gemm_reads();
    check_gemv_reads();
    check_level1_quick();
    check_lapack_quick();
    return bt_end();
}
