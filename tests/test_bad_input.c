/* test_bad_input.c: the bad-input table: each bad call's status, its message, and that no output byte changed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

enum { NB = 16 }; /* every buffer is NB x NB or NB entries: tiny on purpose */
#define HUGE_DIM (INT64_MAX / 2)

/* Everything a bad call could touch, in one block, so "nothing was written" is one memcmp
 * of the whole block against a copy taken before the call. */
typedef struct arena {
    double a[NB * NB], b[NB * NB], c[NB * NB], x[NB], y[NB], v[NB], ranks[NB];
    float as[NB * NB], bs[NB * NB], cs[NB * NB], xs[NB], ys[NB], vs[NB], rankss[NB];
    int64_t ipiv[NB];
    int64_t offsets[NB + 1], targets[NB];
    basis_csr graph;
    double rd, sign, logd, eig;
    float rf, signf, logf_, eigf;
    basis_iter_info info;
} arena;

static arena g, before;

/* A well-conditioned A (diagonally dominant in both layouts), a valid 5-node graph. */
static void reset(arena *t)
{
    memset(t, 0, sizeof *t);
    bt_fill_d(t->a, NB * NB);
    bt_fill_d(t->b, NB * NB);
    bt_fill_d(t->c, NB * NB);
    bt_fill_d(t->x, NB);
    bt_fill_d(t->y, NB);
    bt_fill_d(t->v, NB);
    bt_fill_d(t->ranks, NB);
    for (int i = 0; i < NB; i++)
        t->a[i * NB + i] += 2.0 * NB;
    for (int i = 0; i < NB * NB; i++) {
        t->as[i] = (float)t->a[i];
        t->bs[i] = (float)t->b[i];
        t->cs[i] = (float)t->c[i];
    }
    for (int i = 0; i < NB; i++) {
        t->xs[i] = (float)t->x[i];
        t->ys[i] = (float)t->y[i];
        t->vs[i] = (float)t->v[i];
        t->rankss[i] = (float)t->ranks[i];
        t->ipiv[i] = i;
    }
    static const int64_t off[] = {0, 2, 3, 4, 5, 6}, tg[] = {1, 2, 2, 3, 4, 0};
    memcpy(t->offsets, off, sizeof off);
    memcpy(t->targets, tg, sizeof tg);
    t->graph.n = 5;
    t->graph.offsets = t->offsets;
    t->graph.targets = t->targets;
    t->rd = t->sign = t->logd = t->eig = 11.0;
    t->rf = t->signf = t->logf_ = t->eigf = 11.0f;
    t->info.iterations = -1;
    t->info.residual = -1.0;
}

/* ---- one function per bad call -------------------------------------------------------- */

static const basis_layout COL = BASIS_COL_MAJOR, ROW = BASIS_ROW_MAJOR;
static const basis_trans NT = BASIS_NO_TRANS, TR = BASIS_TRANS;

/* level 1 */
static basis_status ddot_null_x(arena *t) { return basis_ddot(NULL, 5, NULL, 1, t->y, 1, &t->rd); }
static basis_status sdot_null_y(arena *t) { return basis_sdot(NULL, 5, t->xs, 1, NULL, 1, &t->rf); }
static basis_status ddot_null_result(arena *t) { return basis_ddot(NULL, 5, t->x, 1, t->y, 1, NULL); }
static basis_status ddot_neg_n(arena *t) { return basis_ddot(NULL, -1, t->x, 1, t->y, 1, &t->rd); }
static basis_status ddot_incx0(arena *t) { return basis_ddot(NULL, 5, t->x, 0, t->y, 1, &t->rd); }
static basis_status sdot_incy0(arena *t) { return basis_sdot(NULL, 5, t->xs, 1, t->ys, 0, &t->rf); }
static basis_status ddot_huge(arena *t) { return basis_ddot(NULL, HUGE_DIM, t->x, 4, t->y, 1, &t->rd); }
static basis_status sdot_huge_unit(arena *t) { return basis_sdot(NULL, INT64_MAX, t->xs, 1, t->ys, 1, &t->rf); }
static basis_status dnrm2_incx0(arena *t) { return basis_dnrm2(NULL, 5, t->x, 0, &t->rd); }
static basis_status snrm2_null_x(arena *t) { return basis_snrm2(NULL, 5, NULL, 1, &t->rf); }
static basis_status dnrm2_null_result(arena *t) { return basis_dnrm2(NULL, 5, t->x, 1, NULL); }
static basis_status daxpy_null_y(arena *t) { return basis_daxpy(NULL, 5, 2.0, t->x, 1, NULL, 1); }
static basis_status saxpy_incy0(arena *t) { return basis_saxpy(NULL, 5, 2.0f, t->xs, 1, t->ys, 0); }
static basis_status daxpy_neg_n(arena *t) { return basis_daxpy(NULL, -2, 2.0, t->x, 1, t->y, 1); }
static basis_status daxpy_huge(arena *t) { return basis_daxpy(NULL, HUGE_DIM, 2.0, t->x, 1, t->y, -3); }
static basis_status dscal_incx0(arena *t) { return basis_dscal(NULL, 5, 2.0, t->x, 0); }
static basis_status sscal_neg_n(arena *t) { return basis_sscal(NULL, -3, 2.0f, t->xs, 1); }
static basis_status sscal_null_x(arena *t) { (void)t; return basis_sscal(NULL, 3, 2.0f, NULL, 1); }

/* gemv: A is m x n */
static basis_status dgemv_null_a(arena *t) { return basis_dgemv(NULL, COL, NT, 4, 4, 1.0, NULL, 4, t->x, 1, 0.0, t->y, 1); }
static basis_status dgemv_lda_row(arena *t) { return basis_dgemv(NULL, ROW, NT, 4, 5, 1.0, t->a, 4, t->x, 1, 0.0, t->y, 1); }
static basis_status dgemv_lda_col(arena *t) { return basis_dgemv(NULL, COL, TR, 5, 4, 1.0, t->a, 4, t->x, 1, 0.0, t->y, 1); }
static basis_status sgemv_lda0_empty(arena *t) { return basis_sgemv(NULL, COL, NT, 0, 0, 1.0f, t->as, 0, t->xs, 1, 0.0f, t->ys, 1); }
static basis_status dgemv_incx0(arena *t) { return basis_dgemv(NULL, COL, NT, 4, 4, 1.0, t->a, 4, t->x, 0, 0.0, t->y, 1); }
static basis_status sgemv_incy0(arena *t) { return basis_sgemv(NULL, ROW, TR, 4, 4, 1.0f, t->as, 4, t->xs, 1, 0.0f, t->ys, 0); }
static basis_status dgemv_layout(arena *t) { return basis_dgemv(NULL, (basis_layout)7, NT, 4, 4, 1.0, t->a, 4, t->x, 1, 0.0, t->y, 1); }
static basis_status dgemv_trans(arena *t) { return basis_dgemv(NULL, COL, (basis_trans)0, 4, 4, 1.0, t->a, 4, t->x, 1, 0.0, t->y, 1); }
static basis_status sgemv_trans(arena *t) { return basis_sgemv(NULL, ROW, (basis_trans)114, 4, 4, 1.0f, t->as, 4, t->xs, 1, 0.0f, t->ys, 1); }
static basis_status dgemv_neg_m(arena *t) { return basis_dgemv(NULL, COL, NT, -1, 4, 1.0, t->a, 4, t->x, 1, 0.0, t->y, 1); }
static basis_status dgemv_null_x(arena *t) { return basis_dgemv(NULL, COL, NT, 4, 4, 1.0, t->a, 4, NULL, 1, 0.0, t->y, 1); }
static basis_status dgemv_huge(arena *t) { return basis_dgemv(NULL, COL, NT, HUGE_DIM, HUGE_DIM, 1.0, t->a, HUGE_DIM, t->x, 1, 0.0, t->y, 1); }
static basis_status sgemv_huge(arena *t) { return basis_sgemv(NULL, ROW, TR, HUGE_DIM, HUGE_DIM, 1.0f, t->as, HUGE_DIM, t->xs, 1, 1.0f, t->ys, 1); }
static basis_status dgemv_empty(arena *t) { return basis_dgemv(NULL, COL, NT, 0, 5, 1.0, t->a, 1, t->x, 1, 0.0, t->y, 1); }

/* gemm: C m x n, op(A) m x k, op(B) k x n */
static basis_status dgemm_null_a(arena *t) { return basis_dgemm(NULL, COL, NT, NT, 4, 4, 4, 1.0, NULL, 4, t->b, 4, 0.0, t->c, 4); }
static basis_status sgemm_null_c(arena *t) { return basis_sgemm(NULL, COL, NT, NT, 4, 4, 4, 1.0f, t->as, 4, t->bs, 4, 0.0f, NULL, 4); }
static basis_status dgemm_lda_col(arena *t) { return basis_dgemm(NULL, COL, NT, NT, 5, 4, 4, 1.0, t->a, 4, t->b, 4, 0.0, t->c, 5); }
static basis_status dgemm_lda_row(arena *t) { return basis_dgemm(NULL, ROW, NT, NT, 5, 4, 4, 1.0, t->a, 3, t->b, 4, 0.0, t->c, 4); }
static basis_status dgemm_lda_col_t(arena *t) { return basis_dgemm(NULL, COL, TR, NT, 3, 4, 6, 1.0, t->a, 5, t->b, 6, 0.0, t->c, 3); }
static basis_status dgemm_ldb_col(arena *t) { return basis_dgemm(NULL, COL, NT, NT, 4, 4, 6, 1.0, t->a, 4, t->b, 5, 0.0, t->c, 4); }
static basis_status dgemm_ldb_row(arena *t) { return basis_dgemm(NULL, ROW, NT, NT, 4, 6, 4, 1.0, t->a, 4, t->b, 5, 0.0, t->c, 6); }
static basis_status dgemm_ldc_col(arena *t) { return basis_dgemm(NULL, COL, NT, NT, 6, 4, 4, 1.0, t->a, 6, t->b, 4, 0.0, t->c, 5); }
static basis_status sgemm_ldc_row(arena *t) { return basis_sgemm(NULL, ROW, NT, NT, 4, 6, 4, 1.0f, t->as, 4, t->bs, 6, 0.0f, t->cs, 5); }
static basis_status sgemm_lda0_empty(arena *t) { return basis_sgemm(NULL, COL, NT, NT, 0, 0, 0, 1.0f, t->as, 0, t->bs, 1, 0.0f, t->cs, 1); }
static basis_status dgemm_layout(arena *t) { return basis_dgemm(NULL, (basis_layout)7, NT, NT, 4, 4, 4, 1.0, t->a, 4, t->b, 4, 0.0, t->c, 4); }
static basis_status dgemm_transa(arena *t) { return basis_dgemm(NULL, COL, (basis_trans)0, NT, 4, 4, 4, 1.0, t->a, 4, t->b, 4, 0.0, t->c, 4); }
static basis_status dgemm_transb(arena *t) { return basis_dgemm(NULL, COL, NT, (basis_trans)110, 4, 4, 4, 1.0, t->a, 4, t->b, 4, 0.0, t->c, 4); }
static basis_status dgemm_neg_m(arena *t) { return basis_dgemm(NULL, COL, NT, NT, -1, 4, 4, 1.0, t->a, 4, t->b, 4, 0.0, t->c, 4); }
static basis_status dgemm_neg_n(arena *t) { return basis_dgemm(NULL, COL, NT, NT, 4, -2, 4, 1.0, t->a, 4, t->b, 4, 0.0, t->c, 4); }
static basis_status dgemm_neg_k(arena *t) { return basis_dgemm(NULL, COL, NT, NT, 4, 4, -3, 1.0, t->a, 4, t->b, 4, 0.0, t->c, 4); }
static basis_status dgemm_huge(arena *t) { return basis_dgemm(NULL, COL, NT, NT, HUGE_DIM, HUGE_DIM, HUGE_DIM, 1.0, t->a, HUGE_DIM, t->b, HUGE_DIM, 0.0, t->c, HUGE_DIM); }
static basis_status sgemm_huge_c(arena *t) { return basis_sgemm(NULL, ROW, NT, NT, HUGE_DIM, HUGE_DIM, 1, 1.0f, t->as, 1, t->bs, HUGE_DIM, 0.0f, t->cs, HUGE_DIM); }
static basis_status dgemm_empty(arena *t) { return basis_dgemm(NULL, ROW, NT, NT, 0, 0, 4, 1.0, t->a, 4, t->b, 1, 0.0, t->c, 1); }
static basis_status dgemm_empty_m(arena *t) { return basis_dgemm(NULL, COL, TR, NT, 0, 4, 4, -1.5, t->a, 4, t->b, 4, 2.0, t->c, 1); }

/* LU */
static basis_status dgetrf_null_a(arena *t) { return basis_dgetrf(NULL, COL, 4, 4, NULL, 4, t->ipiv); }
static basis_status dgetrf_null_ipiv(arena *t) { return basis_dgetrf(NULL, COL, 4, 4, t->a, 4, NULL); }
static basis_status dgetrf_lda_col(arena *t) { return basis_dgetrf(NULL, COL, 5, 3, t->a, 4, t->ipiv); }
static basis_status sgetrf_lda_row(arena *t) { return basis_sgetrf(NULL, ROW, 3, 5, t->as, 4, t->ipiv); }
static basis_status dgetrf_neg_m(arena *t) { return basis_dgetrf(NULL, COL, -1, 4, t->a, 4, t->ipiv); }
static basis_status dgetrf_layout(arena *t) { return basis_dgetrf(NULL, (basis_layout)0, 4, 4, t->a, 4, t->ipiv); }
static basis_status dgetrf_huge(arena *t) { return basis_dgetrf(NULL, COL, HUGE_DIM, HUGE_DIM, t->a, HUGE_DIM, t->ipiv); }
static basis_status dgetrf_zero(arena *t) { return basis_dgetrf(NULL, COL, 4, 4, t->a, NB, t->ipiv); }
static basis_status sgetrf_zero(arena *t) { return basis_sgetrf(NULL, ROW, 4, 4, t->as, NB, t->ipiv); }
static basis_status dgetrf_empty(arena *t) { return basis_dgetrf(NULL, COL, 0, 0, t->a, 1, t->ipiv); }
static basis_status dgetrs_null_ipiv(arena *t) { return basis_dgetrs(NULL, COL, NT, 4, 2, t->a, NB, NULL, t->b, NB); }
static basis_status dgetrs_neg_nrhs(arena *t) { return basis_dgetrs(NULL, COL, NT, 4, -1, t->a, NB, t->ipiv, t->b, NB); }
static basis_status dgetrs_ldb_col(arena *t) { return basis_dgetrs(NULL, COL, NT, 4, 2, t->a, NB, t->ipiv, t->b, 3); }
static basis_status sgetrs_ldb_row(arena *t) { return basis_sgetrs(NULL, ROW, TR, 4, 3, t->as, NB, t->ipiv, t->bs, 2); }
static basis_status dgetrs_trans(arena *t) { return basis_dgetrs(NULL, COL, (basis_trans)7, 4, 2, t->a, NB, t->ipiv, t->b, NB); }
static basis_status dgetrs_pivot(arena *t) { return basis_dgetrs(NULL, COL, TR, 4, 2, t->a, NB, t->ipiv, t->b, NB); }
static basis_status sgetri_pivot(arena *t) { return basis_sgetri(NULL, ROW, 4, t->as, NB, t->ipiv); }
static basis_status dgetrs_empty(arena *t) { return basis_dgetrs(NULL, COL, NT, 0, 3, t->a, 1, t->ipiv, t->b, 1); }
static basis_status dgesv_zero(arena *t) { return basis_dgesv(NULL, COL, 4, 2, t->a, NB, t->ipiv, t->b, NB); }
static basis_status sgesv_zero(arena *t) { return basis_sgesv(NULL, ROW, 4, 2, t->as, NB, t->ipiv, t->bs, NB); }
static basis_status dgesv_lda(arena *t) { return basis_dgesv(NULL, ROW, 4, 2, t->a, 3, t->ipiv, t->b, NB); }
static basis_status dgesv_empty(arena *t) { return basis_dgesv(NULL, COL, 0, 0, t->a, 1, t->ipiv, t->b, 1); }
static basis_status dgetri_zero(arena *t) { return basis_dgetri(NULL, COL, 4, t->a, NB, t->ipiv); }
static basis_status sgetri_zero(arena *t) { return basis_sgetri(NULL, ROW, 4, t->as, NB, t->ipiv); }
static basis_status dgetri_null_ipiv(arena *t) { return basis_dgetri(NULL, COL, 4, t->a, NB, NULL); }
static basis_status dgetri_empty(arena *t) { return basis_dgetri(NULL, COL, 0, t->a, 1, t->ipiv); }
static basis_status ddet_null_sign(arena *t) { return basis_ddet(NULL, COL, 4, t->a, NB, NULL, &t->logd); }
static basis_status sdet_null_log(arena *t) { return basis_sdet(NULL, COL, 4, t->as, NB, &t->signf, NULL); }
static basis_status ddet_neg_n(arena *t) { return basis_ddet(NULL, COL, -1, t->a, NB, &t->sign, &t->logd); }
static basis_status ddet_lda(arena *t) { return basis_ddet(NULL, ROW, 4, t->a, 3, &t->sign, &t->logd); }
static basis_status ddet_huge(arena *t) { return basis_ddet(NULL, ROW, HUGE_DIM, t->a, HUGE_DIM, &t->sign, &t->logd); }

/* power */
static basis_status dpower_nan(arena *t) { return basis_dpower(NULL, COL, 4, t->a, NB, 1e-10, 100, t->v, &t->eig, &t->info); }
static basis_status spower_inf(arena *t) { return basis_spower(NULL, ROW, 4, t->as, NB, 1e-4f, 100, t->vs, &t->eigf, &t->info); }
static basis_status dpower_null_v(arena *t) { return basis_dpower(NULL, COL, 4, t->a, NB, 1e-10, 100, NULL, &t->eig, &t->info); }
static basis_status dpower_null_eig(arena *t) { return basis_dpower(NULL, COL, 4, t->a, NB, 1e-10, 100, t->v, NULL, &t->info); }
static basis_status dpower_neg_n(arena *t) { return basis_dpower(NULL, COL, -4, t->a, NB, 1e-10, 100, t->v, &t->eig, &t->info); }
static basis_status spower_lda(arena *t) { return basis_spower(NULL, ROW, 4, t->as, 3, 1e-4f, 100, t->vs, &t->eigf, &t->info); }
static basis_status dpower_layout(arena *t) { return basis_dpower(NULL, (basis_layout)-1, 4, t->a, NB, 1e-10, 100, t->v, &t->eig, &t->info); }

/* PageRank */
static basis_status dpr(arena *t, double d, double tol) { return basis_dpagerank(NULL, &t->graph, d, tol, 100, t->ranks, &t->info); }
static basis_status dpr_target_high(arena *t) { return dpr(t, 0.85, 1e-10); }
static basis_status dpr_target_neg(arena *t) { return dpr(t, 0.85, 1e-10); }
static basis_status dpr_damping1(arena *t) { return dpr(t, 1.0, 1e-10); }
static basis_status dpr_damping_neg(arena *t) { return dpr(t, -0.1, 1e-10); }
static basis_status dpr_damping_nan(arena *t) { return dpr(t, NAN, 1e-10); }
static basis_status dpr_tol0(arena *t) { return dpr(t, 0.85, 0.0); }
static basis_status dpr_tol_neg(arena *t) { return dpr(t, 0.85, -1e-8); }
static basis_status dpr_tol_nan(arena *t) { return dpr(t, 0.85, NAN); }
static basis_status dpr_offsets0(arena *t) { return dpr(t, 0.85, 1e-10); }
static basis_status dpr_offsets_down(arena *t) { return dpr(t, 0.85, 1e-10); }
static basis_status dpr_neg_n(arena *t) { return dpr(t, 0.85, 1e-10); }
static basis_status dpr_null_graph(arena *t) { return basis_dpagerank(NULL, NULL, 0.85, 1e-10, 100, t->ranks, &t->info); }
static basis_status dpr_null_ranks(arena *t) { return basis_dpagerank(NULL, &t->graph, 0.85, 1e-10, 100, NULL, &t->info); }
static basis_status spr_damping1(arena *t) { return basis_spagerank(NULL, &t->graph, 1.0f, 1e-6f, 100, t->rankss, &t->info); }
static basis_status spr_target_high(arena *t) { return basis_spagerank(NULL, &t->graph, 0.85f, 1e-6f, 100, t->rankss, &t->info); }
static basis_status spr_tol0(arena *t) { return basis_spagerank(NULL, &t->graph, 0.85f, 0.0f, 100, t->rankss, &t->info); }

/* ---- input preparation (applied before the snapshot) ---------------------------------- */

static void prep_zero_a(arena *t)
{
    memset(t->a, 0, sizeof t->a);
    memset(t->as, 0, sizeof t->as);
}
static void prep_nan_a(arena *t) { t->a[1 * NB + 2] = NAN; }
static void prep_inf_a(arena *t) { t->as[3 * NB + 0] = -INFINITY; }
static void prep_nan_c(arena *t)
{
    for (int i = 0; i < NB * NB; i++) {
        t->c[i] = NAN;
        t->cs[i] = NAN;
    }
}
static void prep_nan_y(arena *t)
{
    for (int i = 0; i < NB; i++) {
        t->y[i] = NAN;
        t->ys[i] = NAN;
    }
}
static void prep_pivot_high(arena *t) { t->ipiv[2] = 4; }
static void prep_pivot_neg(arena *t) { t->ipiv[3] = -1; }
static void prep_target_high(arena *t) { t->targets[3] = 5; }
static void prep_target_neg(arena *t) { t->targets[0] = -1; }
static void prep_offsets0(arena *t) { t->offsets[0] = 1; }
static void prep_offsets_down(arena *t) { t->offsets[3] = 2; }
static void prep_neg_n(arena *t) { t->graph.n = -1; }

/* ---- checks for the calls that may write ---------------------------------------------- */

static int ok_dot_zero(const arena *t) { return t->rd == 0.0; }
static int ok_c_finite(const arena *t)
{
    /* dgemm 4 x 4 into C with ldc = 4: written entries finite, the rest still NaN */
    for (int i = 0; i < NB * NB; i++)
        if (i < 16 ? !isfinite(t->c[i]) : !isnan(t->c[i]))
            return 0;
    return !memcmp(t->a, before.a, sizeof t->a) && !memcmp(t->b, before.b, sizeof t->b);
}
static int ok_y_finite(const arena *t)
{
    for (int i = 0; i < NB; i++)
        if (i < 4 ? !isfinite(t->ys[i]) : !isnan(t->ys[i]))
            return 0;
    return !memcmp(t->as, before.as, sizeof t->as) && !memcmp(t->xs, before.xs, sizeof t->xs);
}
static int ok_b_untouched(const arena *t)
{
    return !memcmp(t->b, before.b, sizeof t->b) && !memcmp(t->bs, before.bs, sizeof t->bs);
}
/* zero matrix: the factors are zero and the pivots the identity (first max on ties) */
static int ok_zero_factors(const arena *t)
{
    for (int i = 0; i < 4; i++)
        if (t->ipiv[i] != i)
            return 0;
    return !memcmp(t->a, before.a, sizeof t->a) && !memcmp(t->as, before.as, sizeof t->as) &&
           ok_b_untouched(t);
}

/* The calls with effects (success with a result, or getrf's completed factorization). */
static basis_status dgemm_nan_c(arena *t) { return basis_dgemm(NULL, COL, NT, TR, 4, 4, 3, 1.0, t->a, NB, t->b, NB, 0.0, t->c, 4); }
static basis_status sgemv_nan_y(arena *t) { return basis_sgemv(NULL, ROW, NT, 4, 3, -1.5f, t->as, NB, t->xs, 1, 0.0f, t->ys, 1); }
static basis_status ddot_empty(arena *t) { return basis_ddot(NULL, 0, NULL, 1, NULL, 1, &t->rd); }

/* ---- the table ------------------------------------------------------------------------ */

typedef struct bad_case {
    const char *what;
    void (*prep)(arena *);         /* optional: shape the inputs before the snapshot */
    basis_status (*run)(arena *);  /* one call on the arena */
    basis_status expect;
    const char *fn;                /* the message must name the function ... */
    const char *arg;               /* ... and this argument (case-insensitive), NULL: any */
    int (*writes_ok)(const arena *); /* NULL: nothing may change; else the check of what may */
} bad_case;

#define ARG BASIS_ERR_ARGUMENT
#define SING BASIS_ERR_SINGULAR

static const bad_case cases[] = {
    /* level 1 */
    {"ddot: x NULL with n = 5", NULL, ddot_null_x, ARG, "ddot", "x", NULL},
    {"sdot: y NULL with n = 5", NULL, sdot_null_y, ARG, "sdot", "y", NULL},
    {"ddot: result NULL", NULL, ddot_null_result, ARG, "ddot", "result", NULL},
    {"ddot: n = -1", NULL, ddot_neg_n, ARG, "ddot", "n", NULL},
    {"ddot: incx = 0", NULL, ddot_incx0, ARG, "ddot", "incx", NULL},
    {"sdot: incy = 0", NULL, sdot_incy0, ARG, "sdot", "incy", NULL},
    {"ddot: n = INT64_MAX/2 at incx = 4 overflows", NULL, ddot_huge, ARG, "ddot", "incx", NULL},
    {"sdot: n = INT64_MAX elements overflow the bytes", NULL, sdot_huge_unit, ARG, "sdot", NULL, NULL},
    {"dnrm2: incx = 0", NULL, dnrm2_incx0, ARG, "dnrm2", "incx", NULL},
    {"snrm2: x NULL", NULL, snrm2_null_x, ARG, "snrm2", "x", NULL},
    {"dnrm2: result NULL", NULL, dnrm2_null_result, ARG, "dnrm2", "result", NULL},
    {"daxpy: y NULL", NULL, daxpy_null_y, ARG, "daxpy", "y", NULL},
    {"saxpy: incy = 0", NULL, saxpy_incy0, ARG, "saxpy", "incy", NULL},
    {"daxpy: n = -2", NULL, daxpy_neg_n, ARG, "daxpy", "n", NULL},
    {"daxpy: n = INT64_MAX/2 at incy = -3 overflows", NULL, daxpy_huge, ARG, "daxpy", NULL, NULL},
    {"dscal: incx = 0", NULL, dscal_incx0, ARG, "dscal", "incx", NULL},
    {"sscal: n = -3", NULL, sscal_neg_n, ARG, "sscal", "n", NULL},
    {"sscal: x NULL", NULL, sscal_null_x, ARG, "sscal", "x", NULL},
    {"ddot: n = 0 is empty, result 0", NULL, ddot_empty, BASIS_OK, NULL, NULL, ok_dot_zero},

    /* gemv */
    {"dgemv: a NULL", NULL, dgemv_null_a, ARG, "dgemv", "a", NULL},
    {"dgemv: x NULL", NULL, dgemv_null_x, ARG, "dgemv", "x", NULL},
    {"dgemv: row major lda 4 < n 5", NULL, dgemv_lda_row, ARG, "dgemv", "lda", NULL},
    {"dgemv: col major lda 4 < m 5", NULL, dgemv_lda_col, ARG, "dgemv", "lda", NULL},
    {"sgemv: lda 0 < max(1, 0)", NULL, sgemv_lda0_empty, ARG, "sgemv", "lda", NULL},
    {"dgemv: incx = 0", NULL, dgemv_incx0, ARG, "dgemv", "incx", NULL},
    {"sgemv: incy = 0", NULL, sgemv_incy0, ARG, "sgemv", "incy", NULL},
    {"dgemv: layout 7", NULL, dgemv_layout, ARG, "dgemv", "layout", NULL},
    {"dgemv: trans 0", NULL, dgemv_trans, ARG, "dgemv", "trans", NULL},
    {"sgemv: trans 114", NULL, sgemv_trans, ARG, "sgemv", "trans", NULL},
    {"dgemv: m = -1", NULL, dgemv_neg_m, ARG, "dgemv", "m", NULL},
    {"dgemv: m = n = lda = INT64_MAX/2 overflows", NULL, dgemv_huge, ARG, "dgemv", "lda", NULL},
    {"sgemv: m = n = lda = INT64_MAX/2 overflows", NULL, sgemv_huge, ARG, "sgemv", "lda", NULL},
    {"dgemv: m = 0 is empty, nothing written", NULL, dgemv_empty, BASIS_OK, NULL, NULL, NULL},
    {"sgemv: beta = 0 with NaN in y gives finite y", prep_nan_y, sgemv_nan_y, BASIS_OK, NULL, NULL, ok_y_finite},

    /* gemm */
    {"dgemm: a NULL", NULL, dgemm_null_a, ARG, "dgemm", "a", NULL},
    {"sgemm: c NULL", NULL, sgemm_null_c, ARG, "sgemm", "c", NULL},
    {"dgemm: col NN lda 4 < m 5", NULL, dgemm_lda_col, ARG, "dgemm", "lda", NULL},
    {"dgemm: row NN lda 3 < k 4", NULL, dgemm_lda_row, ARG, "dgemm", "lda", NULL},
    {"dgemm: col TN lda 5 < k 6", NULL, dgemm_lda_col_t, ARG, "dgemm", "lda", NULL},
    {"dgemm: col NN ldb 5 < k 6", NULL, dgemm_ldb_col, ARG, "dgemm", "ldb", NULL},
    {"dgemm: row NN ldb 5 < n 6", NULL, dgemm_ldb_row, ARG, "dgemm", "ldb", NULL},
    {"dgemm: col ldc 5 < m 6", NULL, dgemm_ldc_col, ARG, "dgemm", "ldc", NULL},
    {"sgemm: row ldc 5 < n 6", NULL, sgemm_ldc_row, ARG, "sgemm", "ldc", NULL},
    {"sgemm: lda 0 with m = n = k = 0", NULL, sgemm_lda0_empty, ARG, "sgemm", "lda", NULL},
    {"dgemm: layout 7", NULL, dgemm_layout, ARG, "dgemm", "layout", NULL},
    {"dgemm: transa 0", NULL, dgemm_transa, ARG, "dgemm", "transa", NULL},
    {"dgemm: transb 110", NULL, dgemm_transb, ARG, "dgemm", "transb", NULL},
    {"dgemm: m = -1", NULL, dgemm_neg_m, ARG, "dgemm", "m", NULL},
    {"dgemm: n = -2", NULL, dgemm_neg_n, ARG, "dgemm", "n", NULL},
    {"dgemm: k = -3", NULL, dgemm_neg_k, ARG, "dgemm", "k", NULL},
    {"dgemm: m = n = k = ld = INT64_MAX/2 overflows", NULL, dgemm_huge, ARG, "dgemm", "ld", NULL},
    {"sgemm: C of INT64_MAX/2 squared overflows", NULL, sgemm_huge_c, ARG, "sgemm", "ld", NULL},
    {"dgemm: m = n = 0 is empty, nothing written", NULL, dgemm_empty, BASIS_OK, NULL, NULL, NULL},
    {"dgemm: m = 0 is empty, nothing written", NULL, dgemm_empty_m, BASIS_OK, NULL, NULL, NULL},
    {"dgemm: beta = 0 with NaN in C gives finite C", prep_nan_c, dgemm_nan_c, BASIS_OK, NULL, NULL, ok_c_finite},

    /* LU */
    {"dgetrf: a NULL", NULL, dgetrf_null_a, ARG, "dgetrf", "a", NULL},
    {"dgetrf: ipiv NULL", NULL, dgetrf_null_ipiv, ARG, "dgetrf", "ipiv", NULL},
    {"dgetrf: col lda 4 < m 5", NULL, dgetrf_lda_col, ARG, "dgetrf", "lda", NULL},
    {"sgetrf: row lda 4 < n 5", NULL, sgetrf_lda_row, ARG, "sgetrf", "lda", NULL},
    {"dgetrf: m = -1", NULL, dgetrf_neg_m, ARG, "dgetrf", "m", NULL},
    {"dgetrf: layout 0", NULL, dgetrf_layout, ARG, "dgetrf", "layout", NULL},
    {"dgetrf: m = n = lda = INT64_MAX/2 overflows", NULL, dgetrf_huge, ARG, "dgetrf", "lda", NULL},
    {"dgetrf: zero matrix is singular at 1", prep_zero_a, dgetrf_zero, SING, "dgetrf", "1", ok_zero_factors},
    {"sgetrf: zero matrix is singular at 1", prep_zero_a, sgetrf_zero, SING, "sgetrf", "1", ok_zero_factors},
    {"dgetrf: m = n = 0 is empty, nothing written", NULL, dgetrf_empty, BASIS_OK, NULL, NULL, NULL},
    {"dgetrs: ipiv NULL", NULL, dgetrs_null_ipiv, ARG, "dgetrs", "ipiv", NULL},
    {"dgetrs: nrhs = -1", NULL, dgetrs_neg_nrhs, ARG, "dgetrs", "nrhs", NULL},
    {"dgetrs: col ldb 3 < n 4", NULL, dgetrs_ldb_col, ARG, "dgetrs", "ldb", NULL},
    {"sgetrs: row ldb 2 < nrhs 3", NULL, sgetrs_ldb_row, ARG, "sgetrs", "ldb", NULL},
    {"dgetrs: trans 7", NULL, dgetrs_trans, ARG, "dgetrs", "trans", NULL},
    {"dgetrs: ipiv[2] = 4 is not a row of 4", prep_pivot_high, dgetrs_pivot, ARG, "dgetrs", "ipiv[2]", NULL},
    {"sgetri: ipiv[3] = -1", prep_pivot_neg, sgetri_pivot, ARG, "sgetri", "ipiv[3]", NULL},
    {"dgetrs: n = 0 is empty, nothing written", NULL, dgetrs_empty, BASIS_OK, NULL, NULL, NULL},
    {"dgesv: zero matrix: singular, B untouched", prep_zero_a, dgesv_zero, SING, "dgesv", "1", ok_zero_factors},
    {"sgesv: zero matrix: singular, B untouched", prep_zero_a, sgesv_zero, SING, "sgesv", "1", ok_zero_factors},
    {"dgesv: row lda 3 < n 4", NULL, dgesv_lda, ARG, "dgesv", "lda", NULL},
    {"dgesv: n = 0 is empty, nothing written", NULL, dgesv_empty, BASIS_OK, NULL, NULL, NULL},
    {"dgetri: zero factors: singular, A untouched", prep_zero_a, dgetri_zero, SING, "dgetri", NULL, NULL},
    {"sgetri: zero factors: singular, A untouched", prep_zero_a, sgetri_zero, SING, "sgetri", NULL, NULL},
    {"dgetri: ipiv NULL", NULL, dgetri_null_ipiv, ARG, "dgetri", "ipiv", NULL},
    {"dgetri: n = 0 is empty, nothing written", NULL, dgetri_empty, BASIS_OK, NULL, NULL, NULL},
    {"ddet: sign NULL", NULL, ddet_null_sign, ARG, "ddet", "sign", NULL},
    {"sdet: logabsdet NULL", NULL, sdet_null_log, ARG, "sdet", "logabsdet", NULL},
    {"ddet: n = -1", NULL, ddet_neg_n, ARG, "ddet", "n", NULL},
    {"ddet: row lda 3 < n 4", NULL, ddet_lda, ARG, "ddet", "lda", NULL},
    {"ddet: n = lda = INT64_MAX/2 overflows", NULL, ddet_huge, ARG, "ddet", NULL, NULL},

    /* power */
    {"dpower: NaN in A", prep_nan_a, dpower_nan, ARG, "dpower", "nan", NULL},
    {"spower: -Inf in A", prep_inf_a, spower_inf, ARG, "spower", "inf", NULL},
    {"dpower: v NULL", NULL, dpower_null_v, ARG, "dpower", "v", NULL},
    {"dpower: eigenvalue NULL", NULL, dpower_null_eig, ARG, "dpower", "eigenvalue", NULL},
    {"dpower: n = -4", NULL, dpower_neg_n, ARG, "dpower", "n", NULL},
    {"spower: row lda 3 < n 4", NULL, spower_lda, ARG, "spower", "lda", NULL},
    {"dpower: layout -1", NULL, dpower_layout, ARG, "dpower", "layout", NULL},

    /* PageRank */
    {"dpagerank: a target = n is out of range", prep_target_high, dpr_target_high, ARG, "dpagerank", "target", NULL},
    {"dpagerank: a target = -1 is out of range", prep_target_neg, dpr_target_neg, ARG, "dpagerank", "target", NULL},
    {"spagerank: a target = n is out of range", prep_target_high, spr_target_high, ARG, "spagerank", "target", NULL},
    {"dpagerank: damping 1.0", NULL, dpr_damping1, ARG, "dpagerank", "damping", NULL},
    {"dpagerank: damping -0.1", NULL, dpr_damping_neg, ARG, "dpagerank", "damping", NULL},
    {"dpagerank: damping NaN", NULL, dpr_damping_nan, ARG, "dpagerank", "damping", NULL},
    {"spagerank: damping 1.0", NULL, spr_damping1, ARG, "spagerank", "damping", NULL},
    {"dpagerank: tol 0", NULL, dpr_tol0, ARG, "dpagerank", "tol", NULL},
    {"dpagerank: tol < 0", NULL, dpr_tol_neg, ARG, "dpagerank", "tol", NULL},
    {"dpagerank: tol NaN", NULL, dpr_tol_nan, ARG, "dpagerank", "tol", NULL},
    {"spagerank: tol 0", NULL, spr_tol0, ARG, "spagerank", "tol", NULL},
    {"dpagerank: offsets[0] = 1", prep_offsets0, dpr_offsets0, ARG, "dpagerank", "offsets", NULL},
    {"dpagerank: offsets decreasing", prep_offsets_down, dpr_offsets_down, ARG, "dpagerank", "offsets", NULL},
    {"dpagerank: n = -1", prep_neg_n, dpr_neg_n, ARG, "dpagerank", "n", NULL},
    {"dpagerank: graph NULL", NULL, dpr_null_graph, ARG, "dpagerank", "graph", NULL},
    {"dpagerank: ranks NULL", NULL, dpr_null_ranks, ARG, "dpagerank", "ranks", NULL},
};

/* case-insensitive strstr */
static int contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && (hay[i] | 0x20) == (needle[i] | 0x20))
            i++;
        if (i == n)
            return 1;
    }
    return n == 0;
}

/* An all-digit needle must appear as a number of its own: "1" is not found in "12". */
static int mentions(const char *msg, const char *needle)
{
    if (needle[0] < '0' || needle[0] > '9')
        return contains(msg, needle);
    long long v = strtoll(needle, NULL, 10);
    for (const char *p = msg; *p; p++) {
        if (*p < '0' || *p > '9' || (p > msg && p[-1] >= '0' && p[-1] <= '9'))
            continue;
        if (strtoll(p, NULL, 10) == v)
            return 1;
    }
    return 0;
}

static void run_table(void)
{
    int ncases = (int)(sizeof cases / sizeof cases[0]);
    char marker[1024];
    for (int i = 0; i < ncases; i++) {
        const bad_case *c = &cases[i];
        bt_seed(1000 + (uint64_t)i);
        reset(&g);
        if (c->prep)
            c->prep(&g);
        memcpy(&before, &g, sizeof g);
        /* leave a known error behind, so a stale message cannot pass for this call's */
        basis_backend dummy;
        basis_backend_parse("no-such-backend-marker", &dummy);
        snprintf(marker, sizeof marker, "%s", basis_last_error());

        basis_status s = c->run(&g);
        const char *msg = basis_last_error();
        BT_CHECK(s == c->expect, "%s: got %s, want %s (%s)", c->what, basis_status_name(s),
                 basis_status_name(c->expect), msg);
        if (c->expect != BASIS_OK) {
            BT_CHECK(msg && msg[0] && strcmp(msg, marker), "%s: no message of its own (\"%s\")",
                     c->what, msg ? msg : "(null)");
            BT_CHECK(msg && contains(msg, c->fn) && (!c->arg || mentions(msg, c->arg)),
                     "%s: message \"%s\" should name %s and %s", c->what, msg ? msg : "(null)",
                     c->fn, c->arg ? c->arg : "(any)");
        }
        if (c->writes_ok)
            BT_CHECK(c->writes_ok(&g), "%s: the outputs are wrong", c->what);
        else
            BT_CHECK(!memcmp(&g, &before, sizeof g), "%s: an output buffer was modified",
                     c->what);
    }
}

/* A context forced to a backend this machine cannot run: BASIS_ERR_BACKEND, the message
 * lists the valid backends, and the context keeps its old backend. */
static void test_backend(void)
{
    basis_ctx *ctx = NULL;
    basis_status s = basis_ctx_create(&ctx);
    BT_CHECK(s == BASIS_OK && ctx, "basis_ctx_create: %s", basis_status_name(s));
    if (!ctx)
        return;
    basis_backend old = BASIS_BACKEND_AUTO, now = BASIS_BACKEND_AUTO;
    basis_ctx_get_backend(ctx, &old);
    static const basis_backend all[] = {BASIS_BACKEND_AVX2, BASIS_BACKEND_AVX512,
                                        BASIS_BACKEND_NEON, BASIS_BACKEND_OPENCL,
                                        (basis_backend)42};
    int tried = 0;
    for (int i = 0; i < 5; i++) {
        if (basis_backend_available(all[i]) == BASIS_OK)
            continue;
        tried++;
        basis_backend dummy;
        basis_backend_parse("no-such-backend-marker", &dummy);
        s = basis_ctx_set_backend(ctx, all[i]);
        const char *msg = basis_last_error();
        BT_CHECK(!contains(msg, "no-such-backend-marker"),
                 "set_backend(%d) left no message of its own", (int)all[i]);
        BT_CHECK(s == BASIS_ERR_BACKEND, "set_backend(%d) unavailable: got %s", (int)all[i],
                 basis_status_name(s));
        BT_CHECK(msg && contains(msg, "ref"), "set_backend(%d): message \"%s\" does not list the valid backends",
                 (int)all[i], msg ? msg : "(null)");
        basis_ctx_get_backend(ctx, &now);
        BT_CHECK(now == old, "set_backend(%d) failed but changed the backend to %d", (int)all[i],
                 (int)now);
    }
    BT_CHECK(tried > 0, "no unavailable backend to try (42 is not a backend)");

    /* an op through that context still runs on the old backend */
    double x[3] = {1, 2, 3}, r = 0.0;
    s = basis_ddot(ctx, 3, x, 1, x, 1, &r);
    BT_CHECK(s == BASIS_OK && r == 14.0, "ddot through the context after a failed set: %s %g",
             basis_status_name(s), r);
    basis_ctx_destroy(ctx);
}

int main(void)
{
    bt_begin("test_bad_input");
    run_table();
    test_backend();
    return bt_end();
}
