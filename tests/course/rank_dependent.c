/* rank_dependent.c: s/d rank by pivoted Householder QR: known ranks, which vectors are dependent, lengths ignored (tiny and huge columns), the tolerance honoured, agreement with Gram-Schmidt. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static int64_t rank_of(int prec, basis_layout L, int64_t n, int64_t k, const double *a, int64_t ld,
                       double rtol, int *dep)
{
    int64_t r = -1;
    basis_status s;
    if (prec) {
        size_t sz = (size_t)(ld * (L == BASIS_COL_MAJOR ? k : n)) + 1;
        float *fa = calloc(sz, sizeof(float));
        for (size_t e = 0; e < sz - 1; e++)
            fa[e] = (float)a[e];
        s = basis_srank(NULL, L, n, k, fa, ld, (float)rtol, &r, dep);
        free(fa);
    } else {
        s = basis_drank(NULL, L, n, k, a, ld, rtol, &r, dep);
    }
    BT_CHECK(s == BASIS_OK, "%c rank: %s %s", prec ? 's' : 'd', basis_status_name(s),
             basis_last_error());
    return r;
}

int main(void)
{
    bt_begin("rank_dependent");
    bt_seed(31);
    for (int prec = 0; prec < 2; prec++)
        for (int l = 0; l < 2; l++) {
            basis_layout L = l ? BASIS_ROW_MAJOR : BASIS_COL_MAJOR;
            char p = prec ? 's' : 'd';
            /* rank-r products: n x k = (n x r)(r x k), r <= min(n, k) */
            static const int64_t dims[][3] = {{5, 3, 3}, {7, 9, 4}, {65, 63, 20}, {10, 10, 1}, {4, 6, 0}};
            for (int c = 0; c < 5; c++) {
                int64_t n = dims[c][0], k = dims[c][1], r = dims[c][2];
                int64_t ld = (l ? k : n) + 1;
                double *a = calloc((size_t)(ld * (l ? n : k)) + 1, sizeof(double));
                double *x = malloc(sizeof(double) * (size_t)(n * r + 1));
                double *y = malloc(sizeof(double) * (size_t)(r * k + 1));
                bt_fill_d(x, n * r);
                bt_fill_d(y, r * k);
                for (int64_t i = 0; i < n; i++)
                    for (int64_t j = 0; j < k; j++) {
                        double s = 0.0;
                        for (int64_t q = 0; q < r; q++)
                            s += x[i * r + q] * y[q * k + j];
                        a[l ? i * ld + j : i + j * ld] = s;
                    }
                int *dep = calloc((size_t)k + 1, sizeof(int));
                int64_t got = rank_of(prec, L, n, k, a, ld, -1.0, dep);
                int ndep = 0;
                for (int64_t j = 0; j < k; j++)
                    ndep += dep[j];
                BT_CHECK(got == r && ndep == k - r, "%c rank-%lld %lldx%lld: got %lld (%d dependent)",
                         p, (long long)r, (long long)n, (long long)k, (long long)got, ndep);
                free(a);
                free(x);
                free(y);
                free(dep);
            }
            /* which: a1 = 2 a0, a3 = 0: dependent are one of {a0, a1} and a3 */
            double a[3 * 4 + 4] = {0};
            int64_t ld = l ? 4 : 3;
            double col[4][3] = {{1, 2, 3}, {2, 4, 6}, {0, 1, -1}, {0, 0, 0}};
            for (int j = 0; j < 4; j++)
                for (int i = 0; i < 3; i++)
                    a[l ? i * ld + j : i + j * ld] = col[j][i];
            int dep[4] = {-1, -1, -1, -1};
            int64_t got = rank_of(prec, L, 3, 4, a, ld, -1.0, dep);
            BT_CHECK(got == 2 && dep[0] + dep[1] == 1 && dep[2] == 0 && dep[3] == 1,
                     "%c which: rank %lld dep %d %d %d %d", p, (long long)got, dep[0], dep[1],
                     dep[2], dep[3]);
            /* lengths ignored: e1 * 1e-30 and e2 * 1e30 are independent (in s: 1e-18, 1e18) */
            double tiny = prec ? 1e-18 : 1e-150, huge = prec ? 1e18 : 1e150;
            double b[4] = {tiny, 0, 0, huge};
            got = rank_of(prec, L, 2, 2, b, 2, -1.0, NULL);
            BT_CHECK(got == 2, "%c tiny/huge columns: rank %lld", p, (long long)got);
            /* the tolerance: columns 1e-3 apart in angle are dependent at rtol 1e-2 only */
            double c[4] = {1, 0, 1, 1e-3};
            if (l) { /* the same columns (1, 0), (1, 1e-3) stored by rows */
                c[1] = 1;
                c[2] = 0;
            }
            BT_CHECK(rank_of(prec, L, 2, 2, c, 2, -1.0, NULL) == 2, "%c near: default", p);
            BT_CHECK(rank_of(prec, L, 2, 2, c, 2, 1e-2, NULL) == 1, "%c near: rtol 1e-2", p);
        }
    /* agrees with Gram-Schmidt on a Hilbert-like matrix (d) */
    double h[12 * 12];
    for (int i = 0; i < 12; i++)
        for (int j = 0; j < 12; j++)
            h[i + j * 12] = 1.0 / (i + j + 1);
    int64_t r1 = -1, r2 = -1;
    double q[144];
    basis_drank(NULL, BASIS_COL_MAJOR, 12, 12, h, 12, 1e-12, &r1, NULL);
    basis_dgram_schmidt(NULL, BASIS_COL_MAJOR, 12, 12, h, 12, 1e-12, q, 12, &r2, NULL);
    BT_CHECK(r1 >= 8 && r1 < 12 && r2 >= 8 && r2 < 12, "Hilbert 12 at rtol 1e-12: rank %lld (QR), %lld (GS)",
             (long long)r1, (long long)r2);
    /* failures */
    double nanm[2] = {NAN, 1};
    int64_t r = 7;
    basis_status s = basis_drank(NULL, BASIS_COL_MAJOR, 2, 1, nanm, 2, -1.0, &r, NULL);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && r == 7, "NaN: %s", basis_status_name(s));
    s = basis_drank(NULL, BASIS_COL_MAJOR, 2, 1, nanm, 1, -1.0, &r, NULL);
    BT_CHECK(s == BASIS_ERR_ARGUMENT, "lda: %s", basis_status_name(s));
    /* no vectors: rank 0 in any dimension, with no workspace (n = 1e12 would need 8 TB) */
    double none[1] = {0};
    float nonef[1] = {0};
    int64_t big = 1000000000000LL, rs = 7, rd = 7, gs = 7, gd = 7;
    s = basis_drank(NULL, BASIS_COL_MAJOR, big, 0, none, big, -1.0, &rd, NULL);
    basis_status s2 = basis_srank(NULL, BASIS_ROW_MAJOR, big, 0, nonef, 1, -1.0f, &rs, NULL);
    basis_status s3 = basis_dgram_schmidt(NULL, BASIS_COL_MAJOR, big, 0, none, big, -1.0, none,
                                          big, &gd, NULL);
    basis_status s4 = basis_sgram_schmidt(NULL, BASIS_ROW_MAJOR, big, 0, nonef, 1, -1.0f, nonef,
                                          1, &gs, NULL);
    BT_CHECK(!s && !s2 && !s3 && !s4 && rd == 0 && rs == 0 && gd == 0 && gs == 0,
             "k = 0, n = 1e12: %s %s %s %s, ranks %lld %lld %lld %lld", basis_status_name(s),
             basis_status_name(s2), basis_status_name(s3), basis_status_name(s4), (long long)rd,
             (long long)rs, (long long)gd, (long long)gs);
    return bt_end();
}
