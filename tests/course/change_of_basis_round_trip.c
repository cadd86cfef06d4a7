/* change_of_basis_round_trip.c: s/d coordinates in orthogonal and general bases go back to the vectors (B C = V), agree with each other, compose with the basis transform; dependent or non-orthogonal bases are refused. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static int64_t at(basis_layout L, int64_t ld, int64_t i, int64_t j)
{
    return L == BASIS_COL_MAJOR ? i + j * ld : i * ld + j;
}

/* max |B C - V| / (max|B| max|C| n): ~eps for a backward stable answer */
static double round_trip(basis_layout L, int64_t n, int64_t k, const double *b, int64_t ldb,
                         int64_t nv, const double *c, int64_t ldc, const double *v, int64_t ldv)
{
    double err = 0.0, bm = 0.0, cm = 0.0;
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < nv; j++) {
            double s = 0.0;
            for (int64_t p = 0; p < k; p++) {
                s += b[at(L, ldb, i, p)] * c[at(L, ldc, p, j)];
                bm = fmax(bm, fabs(b[at(L, ldb, i, p)]));
                cm = fmax(cm, fabs(c[at(L, ldc, p, j)]));
            }
            err = fmax(err, fabs(s - v[at(L, ldv, i, j)]));
        }
    return err / (bm * cm * (double)(k ? k : 1) + 1e-300);
}

static void run(basis_layout L, int64_t n, int64_t nv, int prec)
{
    double eps = prec ? BT_EPS_S : BT_EPS_D;
    int64_t ld = n + 3, ldv = (L == BASIS_COL_MAJOR ? n : nv) + 2;
    size_t nb = (size_t)(ld * (n > nv ? n : nv) + 8);
    double *b = calloc(nb, sizeof(double)), *v = calloc(nb, sizeof(double));
    double *c = calloc(nb, sizeof(double)), *c2 = calloc(nb, sizeof(double));
    double *q = calloc(nb, sizeof(double)), *t = calloc(nb, sizeof(double));
    float *fb = calloc(nb, sizeof(float)), *fv = calloc(nb, sizeof(float));
    float *fc = calloc(nb, sizeof(float)), *fq = calloc(nb, sizeof(float));
    /* a well-conditioned basis: random plus a dominant diagonal */
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++)
            b[at(L, ld, i, j)] = (float)(bt_uniform() + (i == j ? 2.0 : 0.0));
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < nv; j++)
            v[at(L, ldv, i, j)] = (float)bt_uniform();
    for (size_t e = 0; e < nb; e++) {
        fb[e] = (float)b[e];
        fv[e] = (float)v[e];
    }
    basis_status s;
    int64_t rank;
    /* general basis */
    if (prec) {
        s = basis_scoords(NULL, L, n, fb, ld, nv, fv, ldv, fc, ld);
        for (size_t e = 0; e < nb; e++)
            c[e] = fc[e];
    } else {
        s = basis_dcoords(NULL, L, n, b, ld, nv, v, ldv, c, ld);
    }
    double err = round_trip(L, n, n, b, ld, nv, c, ld, v, ldv);
    BT_CHECK(s == BASIS_OK && err <= 64.0 * eps, "%c coords n=%lld: %s err %.3g",
             prec ? 's' : 'd', (long long)n, basis_status_name(s), err / eps);
    /* an orthogonal basis (Gram-Schmidt of b, columns rescaled): projections agree with
     * solving, and go back to v */
    if (prec) {
        s = basis_sgram_schmidt(NULL, L, n, n, fb, ld, -1.0f, fq, ld, &rank, NULL);
        for (int64_t j = 0; j < n; j++)
            for (int64_t i = 0; i < n; i++)
                fq[at(L, ld, i, j)] *= (float)(j + 1);
        s = s ? s : basis_scoords_orthogonal(NULL, L, n, n, fq, ld, nv, fv, ldv, fc, ld);
        for (size_t e = 0; e < nb; e++) {
            c2[e] = fc[e];
            q[e] = fq[e];
        }
    } else {
        s = basis_dgram_schmidt(NULL, L, n, n, b, ld, -1.0, q, ld, &rank, NULL);
        for (int64_t j = 0; j < n; j++)
            for (int64_t i = 0; i < n; i++)
                q[at(L, ld, i, j)] *= (double)(j + 1);
        s = s ? s : basis_dcoords_orthogonal(NULL, L, n, n, q, ld, nv, v, ldv, c2, ld);
    }
    err = round_trip(L, n, n, q, ld, nv, c2, ld, v, ldv);
    BT_CHECK(s == BASIS_OK && rank == n && err <= 64.0 * eps, "%c orthogonal n=%lld: %s err %.3g",
             prec ? 's' : 'd', (long long)n, basis_status_name(s), err / eps);
    /* transform from b to q: T c_b = c_q */
    if (!prec && n > 0) {
        s = basis_dbasis_transform(NULL, L, n, b, ld, q, ld, t, ld);
        double worst = 0.0, scale = 0.0;
        for (int64_t i = 0; i < n; i++)
            for (int64_t j = 0; j < nv; j++) {
                double x = 0.0;
                for (int64_t p = 0; p < n; p++)
                    x += t[at(L, ld, i, p)] * c[at(L, ld, p, j)];
                worst = fmax(worst, fabs(x - c2[at(L, ld, i, j)]));
                scale = fmax(scale, fabs(c2[at(L, ld, i, j)]));
            }
        BT_CHECK(s == BASIS_OK && worst <= 256.0 * (double)n * eps * scale,
                 "d transform n=%lld: %s err %.3g", (long long)n, basis_status_name(s),
                 worst / (eps * scale));
    }
    free(b);
    free(v);
    free(c);
    free(c2);
    free(q);
    free(t);
    free(fb);
    free(fv);
    free(fc);
    free(fq);
}

/* The textbook basis b1 = (2, 1), b2 = (-2, 4) with b1 scaled by 2^e1 and b2 by 2^e2, and
 * r = (3, 4): the coordinates are exactly (2 * 2^-e1, 0.5 * 2^-e2), however large or small
 * the columns; unscaled, B^T B overflows (huge: NaN coordinates with BASIS_OK) or
 * underflows (tiny: "the zero vector") where the columns themselves are fine. */
static void extreme_scales(void)
{
    static const int ed[][2] = {{530, 530}, {-560, -560}, {-1070, -1070}, {530, -560}, {0, 1000}};
    for (size_t t = 0; t < sizeof ed / sizeof *ed; t++) {
        double b[4] = {ldexp(2, ed[t][0]), ldexp(1, ed[t][0]), ldexp(-2, ed[t][1]),
                       ldexp(4, ed[t][1])};
        double r[2] = {3, 4}, c[2] = {0, 0};
        basis_status s =
            basis_dcoords_orthogonal(NULL, BASIS_COL_MAJOR, 2, 2, b, 2, 1, r, 2, c, 2);
        BT_CHECK(s == BASIS_OK && c[0] == ldexp(2, -ed[t][0]) && c[1] == ldexp(0.5, -ed[t][1]),
                 "dcoords_orthogonal, columns scaled 2^%d, 2^%d: %s (%g, %g): %s", ed[t][0],
                 ed[t][1], basis_status_name(s), c[0], c[1], s ? basis_last_error() : "");
    }
    static const int es[][2] = {{70, 70}, {-80, -80}, {-140, -140}, {70, -80}};
    for (size_t t = 0; t < sizeof es / sizeof *es; t++) {
        /* row major: the rows are (2 s1, -2 s2) and (1 s1, 4 s2) */
        float b[4] = {ldexpf(2, es[t][0]), ldexpf(-2, es[t][1]), ldexpf(1, es[t][0]),
                      ldexpf(4, es[t][1])};
        float r[2] = {3, 4}, c[2] = {0, 0};
        basis_status s =
            basis_scoords_orthogonal(NULL, BASIS_ROW_MAJOR, 2, 2, b, 2, 1, r, 1, c, 1);
        BT_CHECK(s == BASIS_OK && c[0] == ldexpf(2, -es[t][0]) &&
                     c[1] == ldexpf(0.5f, -es[t][1]),
                 "scoords_orthogonal, columns scaled 2^%d, 2^%d: %s (%g, %g): %s", es[t][0],
                 es[t][1], basis_status_name(s), (double)c[0], (double)c[1],
                 s ? basis_last_error() : "");
    }
    /* a huge skewed basis is still not orthogonal, and B is checked with no vectors */
    double skew[4] = {ldexp(1, 600), 0, ldexp(1, 600), ldexp(1, 600)}, r[2] = {3, 4};
    double keep[2] = {9, 9};
    basis_status s =
        basis_dcoords_orthogonal(NULL, BASIS_COL_MAJOR, 2, 2, skew, 2, 1, r, 2, keep, 2);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && keep[0] == 9 && strstr(basis_last_error(), "columns 0 and 1"),
             "huge skewed basis: %s %s", basis_status_name(s), basis_last_error());
    s = basis_dcoords_orthogonal(NULL, BASIS_COL_MAJOR, 2, 2, skew, 2, 0, r, 2, keep, 2);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "columns 0 and 1"),
             "skewed basis, no vectors: %s %s", basis_status_name(s), basis_last_error());
}

int main(void)
{
    bt_begin("change_of_basis_round_trip");
    bt_seed(5);
    const int64_t sizes[] = {1, 2, 3, 7, 63, 65};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
        for (int prec = 0; prec < 2; prec++) {
            run(BASIS_COL_MAJOR, sizes[i], 3, prec);
            run(BASIS_ROW_MAJOR, sizes[i], 1, prec);
        }
    /* the textbook example: b1 = (2, 1), b2 = (-2, 4) are orthogonal; r = (3, 4) has
     * coordinates (10/5, 10/20) = (2, 0.5) */
    double bb[4] = {2, 1, -2, 4}, r[2] = {3, 4}, cc[2] = {0, 0};
    basis_status s = basis_dcoords_orthogonal(NULL, BASIS_COL_MAJOR, 2, 2, bb, 2, 1, r, 2, cc, 2);
    BT_CHECK(s == BASIS_OK && cc[0] == 2.0 && cc[1] == 0.5, "textbook: %s %g %g",
             basis_status_name(s), cc[0], cc[1]);
    /* failures: dependent columns (singular), not orthogonal, zero column */
    double dep[4] = {1, 2, 2, 4}, keep[2] = {9, 9};
    s = basis_dcoords(NULL, BASIS_COL_MAJOR, 2, dep, 2, 1, r, 2, keep, 2);
    BT_CHECK(s == BASIS_ERR_SINGULAR && keep[0] == 9 && keep[1] == 9 &&
                 strstr(basis_last_error(), "linearly dependent"),
             "dependent: %s %s", basis_status_name(s), basis_last_error());
    double skew[4] = {1, 0, 1, 1};
    s = basis_dcoords_orthogonal(NULL, BASIS_COL_MAJOR, 2, 2, skew, 2, 1, r, 2, keep, 2);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && keep[0] == 9 && strstr(basis_last_error(), "columns 0 and 1"),
             "not orthogonal: %s %s", basis_status_name(s), basis_last_error());
    double zc[4] = {1, 0, 0, 0};
    s = basis_dcoords_orthogonal(NULL, BASIS_COL_MAJOR, 2, 2, zc, 2, 1, r, 2, keep, 2);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "column 1"),
             "zero column: %s %s", basis_status_name(s), basis_last_error());
    float fdep[4] = {1, 2, 2, 4}, fr[2] = {3, 4}, fk[2] = {9, 9};
    s = basis_sbasis_transform(NULL, BASIS_ROW_MAJOR, 2, fdep, 2, fdep, 2, fk, 2);
    BT_CHECK(s == BASIS_ERR_SINGULAR && fk[0] == 9, "s transform to dependent: %s",
             basis_status_name(s));
    (void)fr;
    extreme_scales();
    /* the messages name the argument that is wrong, by its name in the call */
    double one[4] = {1, 0, 0, 1}, t4[4];
    s = basis_dbasis_transform(NULL, BASIS_COL_MAJOR, 2, one, 2, one, 1, t4, 2);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "ldt = 1"),
             "transform, bad ldt: %s", basis_last_error());
    s = basis_dbasis_transform(NULL, BASIS_COL_MAJOR, 2, one, 1, one, 2, t4, 2);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "ldf = 1"),
             "transform, bad ldf: %s", basis_last_error());
    s = basis_dcoords(NULL, BASIS_COL_MAJOR, 2, one, 2, 1, r, 2, keep, 1);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "ldc = 1"),
             "coords, bad ldc: %s", basis_last_error());
    return bt_end();
}
