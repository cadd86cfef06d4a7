/* test_gemm.c: s/d gemm through the public API (forced backend) against a double-accumulated loop, all layouts and transposes, plus A*I = A. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct shape {
    int64_t m, n, k;
} shape;

/* Odd and aligned sizes, square and not, with empty dimensions. */
static const shape shapes[] = {
    {0, 0, 0},    {0, 5, 3},    {4, 0, 3},    {3, 4, 0},    {1, 1, 1},    {2, 2, 2},
    {1, 7, 2},    {7, 1, 15},   {7, 7, 7},    {15, 16, 17}, {16, 15, 17}, {17, 17, 16},
    {16, 16, 16}, {2, 63, 7},   {63, 2, 65},  {64, 64, 1},  {65, 64, 63}, {63, 65, 64},
    {64, 65, 65}, {65, 65, 65}, {17, 63, 2},  {1, 65, 64},  {65, 1, 17},  {64, 64, 64},
};
/* Larger shapes, only for a few layout/transpose combinations to keep the runtime small. */
static const shape big_shapes[] = {{127, 257, 65}, {257, 127, 7}, {65, 63, 257}};

static const basis_layout layouts[] = {BASIS_ROW_MAJOR, BASIS_COL_MAJOR};
static const basis_trans transes[] = {BASIS_NO_TRANS, BASIS_TRANS, BASIS_CONJ_TRANS};
static const double ab[3] = {0.0, 1.0, -1.5};

#define SENTINEL 8765.25 /* padding between the rows and ld; no result is this by chance */

static int64_t idx(basis_layout layout, int64_t i, int64_t j, int64_t ld)
{
    return layout == BASIS_COL_MAJOR ? i + j * ld : i * ld + j;
}

static int64_t max1(int64_t v)
{
    return v > 0 ? v : 1;
}

/* One case, held in double whatever the precision tested. */
typedef struct gemm_case {
    basis_layout layout;
    basis_trans ta, tb;
    int64_t m, n, k;
    int64_t lda, ldb, ldc;
    int64_t asize, bsize, csize;
    int64_t ar, ac, br, bc; /* stored dims of A and B */
    double alpha, beta;
    double *a, *b, *c0;
    double *expect, *bound; /* m x n, column major, packed */
} gemm_case;

static double opa(const gemm_case *c, int64_t i, int64_t p)
{
    return c->ta == BASIS_NO_TRANS ? c->a[idx(c->layout, i, p, c->lda)]
                                   : c->a[idx(c->layout, p, i, c->lda)];
}

static double opb(const gemm_case *c, int64_t p, int64_t j)
{
    return c->tb == BASIS_NO_TRANS ? c->b[idx(c->layout, p, j, c->ldb)]
                                   : c->b[idx(c->layout, j, p, c->ldb)];
}

/* alpha == 0 never reads A, B; beta == 0 never reads C (they hold NaN then). */
static void oracle(gemm_case *c)
{
    for (int64_t j = 0; j < c->n; j++)
        for (int64_t i = 0; i < c->m; i++) {
            double sum = 0.0, abssum = 0.0;
            if (c->alpha != 0.0)
                for (int64_t p = 0; p < c->k; p++) {
                    double t = opa(c, i, p) * opb(c, p, j);
                    sum += t;
                    abssum += fabs(t);
                }
            double cv = c->beta != 0.0 ? c->c0[idx(c->layout, i, j, c->ldc)] : 0.0;
            c->expect[i + j * c->m] = c->alpha * sum + c->beta * cv;
            c->bound[i + j * c->m] = fabs(c->alpha) * abssum + fabs(c->beta * cv);
        }
}

static void setup(gemm_case *c, basis_layout layout, basis_trans ta, basis_trans tb,
                  shape s, double alpha, double beta, int pad)
{
    memset(c, 0, sizeof *c);
    c->layout = layout;
    c->ta = ta;
    c->tb = tb;
    c->m = s.m;
    c->n = s.n;
    c->k = s.k;
    c->alpha = alpha;
    c->beta = beta;
    c->ar = ta == BASIS_NO_TRANS ? s.m : s.k;
    c->ac = ta == BASIS_NO_TRANS ? s.k : s.m;
    c->br = tb == BASIS_NO_TRANS ? s.k : s.n;
    c->bc = tb == BASIS_NO_TRANS ? s.n : s.k;
    int col = layout == BASIS_COL_MAJOR;
    c->lda = max1(col ? c->ar : c->ac) + pad;
    c->ldb = max1(col ? c->br : c->bc) + 2 * pad;
    c->ldc = max1(col ? s.m : s.n) + 3 * pad;
    c->asize = c->lda * max1(col ? c->ac : c->ar);
    c->bsize = c->ldb * max1(col ? c->bc : c->br);
    c->csize = c->ldc * max1(col ? s.n : s.m);
    c->a = malloc((size_t)c->asize * sizeof(double));
    c->b = malloc((size_t)c->bsize * sizeof(double));
    c->c0 = malloc((size_t)c->csize * sizeof(double));
    c->expect = malloc((size_t)max1(s.m * s.n) * sizeof(double));
    c->bound = malloc((size_t)max1(s.m * s.n) * sizeof(double));
    bt_fill_d(c->a, c->asize);
    bt_fill_d(c->b, c->bsize);
    if (alpha == 0.0) { /* never read: poison all of A and B */
        for (int64_t p = 0; p < c->asize; p++)
            c->a[p] = NAN;
        for (int64_t p = 0; p < c->bsize; p++)
            c->b[p] = NAN;
    }
    for (int64_t p = 0; p < c->csize; p++)
        c->c0[p] = SENTINEL;
    for (int64_t j = 0; j < s.n; j++)
        for (int64_t i = 0; i < s.m; i++)
            c->c0[idx(layout, i, j, c->ldc)] = beta == 0.0 ? NAN : bt_uniform();
}

static void teardown(gemm_case *c)
{
    free(c->a);
    free(c->b);
    free(c->c0);
    free(c->expect);
    free(c->bound);
}

static const char *tname(basis_trans t)
{
    return t == BASIS_NO_TRANS ? "N" : t == BASIS_TRANS ? "T" : "C";
}

/* C (in double) against the oracle; `same` says which slots kept their bits. */
static int verify(const gemm_case *c, const double *cres, const unsigned char *same,
                  int single, const char *name)
{
    double eps = single ? BT_EPS_S : BT_EPS_D;
    int col = c->layout == BASIS_COL_MAJOR;
    for (int64_t p = 0; p < c->csize; p++) {
        int64_t in_ld = p % c->ldc, outer = p / c->ldc;
        int inside = in_ld < (col ? c->m : c->n) && outer < (col ? c->n : c->m);
        if (!inside && !same[p]) {
            BT_CHECK(0, "%s %s %s%s m=%lld n=%lld k=%lld ldc=%lld: padding slot %lld of C changed",
                     name, col ? "col" : "row", tname(c->ta), tname(c->tb), (long long)c->m,
                     (long long)c->n, (long long)c->k, (long long)c->ldc, (long long)p);
            return 1;
        }
    }
    for (int64_t j = 0; j < c->n; j++)
        for (int64_t i = 0; i < c->m; i++) {
            double got = cres[idx(c->layout, i, j, c->ldc)];
            double want = c->expect[i + j * c->m];
            double tol = 2.0 * (double)(c->k + 2) * eps * c->bound[i + j * c->m];
            /* alpha == 0 (or k == 0): C := beta C is one rounding, identical everywhere */
            double exact = single ? (double)(float)want : want;
            int ok = (c->alpha == 0.0 || c->k == 0) ? got == exact : fabs(got - want) <= tol;
            if (!ok) {
                BT_CHECK(0, "%s %s %s%s m=%lld n=%lld k=%lld lda=%lld ldb=%lld ldc=%lld alpha=%g beta=%g: C(%lld,%lld) = %.17g, want %.17g (tol %.3g)",
                         name, col ? "col" : "row", tname(c->ta), tname(c->tb), (long long)c->m,
                         (long long)c->n, (long long)c->k, (long long)c->lda, (long long)c->ldb,
                         (long long)c->ldc, c->alpha, c->beta, (long long)i, (long long)j, got,
                         want, tol);
                return 1;
            }
        }
    return 0;
}

static void run_d(gemm_case *c)
{
    size_t cb = (size_t)c->csize * sizeof(double);
    double *cres = malloc(cb);
    double *a0 = malloc((size_t)c->asize * sizeof(double));
    double *b0 = malloc((size_t)c->bsize * sizeof(double));
    unsigned char *same = malloc((size_t)c->csize);
    memcpy(cres, c->c0, cb);
    memcpy(a0, c->a, (size_t)c->asize * sizeof(double));
    memcpy(b0, c->b, (size_t)c->bsize * sizeof(double));
    oracle(c);
    basis_status s = basis_dgemm(NULL, c->layout, c->ta, c->tb, c->m, c->n, c->k, c->alpha,
                                 c->a, c->lda, c->b, c->ldb, c->beta, cres, c->ldc);
    BT_CHECK(s == BASIS_OK, "dgemm m=%lld n=%lld k=%lld: status %s: %s", (long long)c->m,
             (long long)c->n, (long long)c->k, basis_status_name(s), basis_last_error());
    for (int64_t p = 0; p < c->csize; p++)
        same[p] = !memcmp(&cres[p], &c->c0[p], sizeof(double));
    if (!verify(c, cres, same, 0, "dgemm"))
        BT_CHECK(1, "dgemm");
    BT_CHECK(!memcmp(a0, c->a, (size_t)c->asize * sizeof(double)) &&
                 !memcmp(b0, c->b, (size_t)c->bsize * sizeof(double)),
             "dgemm modified A or B");
    free(cres);
    free(a0);
    free(b0);
    free(same);
}

static void run_s(gemm_case *c)
{
    float *a = malloc((size_t)c->asize * sizeof(float));
    float *b = malloc((size_t)c->bsize * sizeof(float));
    float *cs = malloc((size_t)c->csize * sizeof(float));
    float *c0 = malloc((size_t)c->csize * sizeof(float));
    double *cd = malloc((size_t)c->csize * sizeof(double));
    unsigned char *same = malloc((size_t)c->csize);
    /* the oracle sees the float-rounded inputs, exactly what the library sees */
    for (int64_t p = 0; p < c->asize; p++)
        c->a[p] = a[p] = (float)c->a[p];
    for (int64_t p = 0; p < c->bsize; p++)
        c->b[p] = b[p] = (float)c->b[p];
    for (int64_t p = 0; p < c->csize; p++)
        c->c0[p] = cs[p] = c0[p] = (float)c->c0[p];
    oracle(c);
    basis_status s = basis_sgemm(NULL, c->layout, c->ta, c->tb, c->m, c->n, c->k,
                                 (float)c->alpha, a, c->lda, b, c->ldb, (float)c->beta, cs,
                                 c->ldc);
    BT_CHECK(s == BASIS_OK, "sgemm m=%lld n=%lld k=%lld: status %s: %s", (long long)c->m,
             (long long)c->n, (long long)c->k, basis_status_name(s), basis_last_error());
    for (int64_t p = 0; p < c->csize; p++) {
        cd[p] = cs[p];
        same[p] = !memcmp(&cs[p], &c0[p], sizeof(float));
    }
    if (!verify(c, cd, same, 1, "sgemm"))
        BT_CHECK(1, "sgemm");
    int inputs_same = 1;
    for (int64_t p = 0; p < c->asize; p++)
        inputs_same &= a[p] == (float)c->a[p] || (isnan(a[p]) && isnan(c->a[p]));
    for (int64_t p = 0; p < c->bsize; p++)
        inputs_same &= b[p] == (float)c->b[p] || (isnan(b[p]) && isnan(c->b[p]));
    BT_CHECK(inputs_same, "sgemm modified A or B");
    free(a);
    free(b);
    free(cs);
    free(c0);
    free(cd);
    free(same);
}

static void run_case(basis_layout layout, basis_trans ta, basis_trans tb, shape s, double alpha,
                     double beta, int pad)
{
    gemm_case c;
    setup(&c, layout, ta, tb, s, alpha, beta, pad);
    run_d(&c);
    run_s(&c); /* rounds the case's inputs to float */
    teardown(&c);
}

/* op(X) * I = op(X) and I * op(X) = op(X) exactly: a check that needs no oracle. */
static int same_as_opx(basis_layout layout, basis_trans t, int64_t m, int64_t k, const double *c,
                       const float *cs, int64_t ldc, const double *x, const float *xs, int64_t ldx)
{
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < k; j++) {
            int64_t xi = t == BASIS_NO_TRANS ? idx(layout, i, j, ldx) : idx(layout, j, i, ldx);
            if (!(c[idx(layout, i, j, ldc)] == x[xi] && cs[idx(layout, i, j, ldc)] == xs[xi]))
                return 0;
        }
    return 1;
}

static void test_identity(void)
{
    static const shape is[] = {{7, 0, 7}, {65, 0, 17}, {64, 0, 64}, {1, 0, 9}, {33, 0, 65}};
    for (int si = 0; si < 5; si++)
        for (int li = 0; li < 2; li++)
            for (int ti = 0; ti < 3; ti++) {
                basis_layout layout = layouts[li];
                basis_trans t = transes[ti];
                int col = layout == BASIS_COL_MAJOR;
                int64_t m = is[si].m, k = is[si].k, big = m > k ? m : k;
                /* X is stored so that op(X) is m x k; ld = minimum + 2 */
                int64_t xr = t == BASIS_NO_TRANS ? m : k, xc = t == BASIS_NO_TRANS ? k : m;
                int64_t ldx = (col ? xr : xc) + 2, xsize = ldx * (col ? xc : xr);
                int64_t ldi = big + 1, ldc = (col ? m : k) + 1, csize = ldc * (col ? k : m);
                double *x = malloc((size_t)xsize * sizeof(double));
                float *xs = malloc((size_t)xsize * sizeof(float));
                double *id = calloc((size_t)(ldi * big), sizeof(double));
                float *ids = calloc((size_t)(ldi * big), sizeof(float));
                double *c = malloc((size_t)csize * sizeof(double));
                float *cs = malloc((size_t)csize * sizeof(float));
                bt_fill_d(x, xsize);
                for (int64_t p = 0; p < xsize; p++)
                    xs[p] = (float)x[p];
                /* its leading r x r block is I_r for any r <= big, in either layout */
                for (int64_t p = 0; p < big; p++) {
                    id[p * ldi + p] = 1.0;
                    ids[p * ldi + p] = 1.0f;
                }
                for (int pass = 0; pass < 2; pass++) {
                    for (int64_t p = 0; p < csize; p++) {
                        c[p] = NAN;
                        cs[p] = NAN;
                    }
                    basis_status s1, s2;
                    if (pass == 0) { /* C = op(X) I_k */
                        s1 = basis_dgemm(NULL, layout, t, BASIS_NO_TRANS, m, k, k, 1.0, x, ldx,
                                         id, ldi, 0.0, c, ldc);
                        s2 = basis_sgemm(NULL, layout, t, BASIS_NO_TRANS, m, k, k, 1.0f, xs, ldx,
                                         ids, ldi, 0.0f, cs, ldc);
                    } else { /* C = I_m op(X) */
                        s1 = basis_dgemm(NULL, layout, BASIS_NO_TRANS, t, m, k, m, 1.0, id, ldi,
                                         x, ldx, 0.0, c, ldc);
                        s2 = basis_sgemm(NULL, layout, BASIS_NO_TRANS, t, m, k, m, 1.0f, ids,
                                         ldi, xs, ldx, 0.0f, cs, ldc);
                    }
                    int ok = s1 == BASIS_OK && s2 == BASIS_OK &&
                             same_as_opx(layout, t, m, k, c, cs, ldc, x, xs, ldx);
                    BT_CHECK(ok, "%s: %s trans=%s m=%lld k=%lld (%s, %s)",
                             pass ? "I * op(X) != op(X)" : "op(X) * I != op(X)",
                             col ? "col" : "row", tname(t), (long long)m, (long long)k,
                             basis_status_name(s1), basis_status_name(s2));
                }
                free(x);
                free(xs);
                free(id);
                free(ids);
                free(c);
                free(cs);
            }
}

int main(void)
{
    bt_begin("test_gemm");
    bt_seed(303);
    int counter = 0;
    int nshapes = (int)(sizeof shapes / sizeof shapes[0]);
    for (int si = 0; si < nshapes; si++)
        for (int li = 0; li < 2; li++)
            for (int ai = 0; ai < 3; ai++)
                for (int bi = 0; bi < 3; bi++) {
                    /* every (alpha, beta) pair in turn: 18 combos per shape cover all 9
                     * twice, and the shift by si gives each combo different pairs over shapes */
                    int pair = (counter++ + si) % 9;
                    run_case(layouts[li], transes[ai], transes[bi], shapes[si], ab[pair / 3],
                             ab[pair % 3], 1 + (si + ai + bi) % 3);
                }
    /* big shapes: (1, 0) with NaN in C, and (-1.5, 1) */
    static const struct {
        basis_layout l;
        basis_trans a, b;
    } big_combos[] = {{BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS},
                      {BASIS_COL_MAJOR, BASIS_TRANS, BASIS_CONJ_TRANS},
                      {BASIS_ROW_MAJOR, BASIS_NO_TRANS, BASIS_TRANS},
                      {BASIS_ROW_MAJOR, BASIS_CONJ_TRANS, BASIS_NO_TRANS}};
    for (int si = 0; si < 3; si++)
        for (int ci = 0; ci < 4; ci++)
            run_case(big_combos[ci].l, big_combos[ci].a, big_combos[ci].b, big_shapes[si],
                     ci % 2 ? -1.5 : 1.0, ci % 2 ? 1.0 : 0.0, 3);
    test_identity();
    return bt_end();
}
