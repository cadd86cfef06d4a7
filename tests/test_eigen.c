/* test_eigen.c: s/d shifted inverse iteration and symmetric top-k through the public API (forced backend) on matrices with known eigenpairs: Q diag(l) Q^T, triangular (non-symmetric), singular shifts, failure cases. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define N 7
static const double LAMBDA[N] = {5.0, -3.0, 2.0, 1.5, 0.7, -0.2, 0.05};

/* A = Q diag(l) Q^T with Q the product of two Householder reflectors, column major;
 * q gets Q (its columns are the eigenvectors). */
static void make_sym(int64_t n, const double *l, double *a, double *q)
{
    double u[2][N], nu[2] = {0, 0};
    for (int r = 0; r < 2; r++)
        for (int64_t i = 0; i < n; i++) {
            u[r][i] = bt_uniform();
            nu[r] += u[r][i] * u[r][i];
        }
    for (int64_t j = 0; j < n; j++) /* Q = H0 H1 */
        for (int64_t i = 0; i < n; i++) {
            double s = 0.0;
            for (int64_t t = 0; t < n; t++) {
                double h0 = (i == t) - 2.0 * u[0][i] * u[0][t] / nu[0];
                double h1 = (t == j) - 2.0 * u[1][t] * u[1][j] / nu[1];
                s += h0 * h1;
            }
            q[i + j * n] = s;
        }
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++) {
            double s = 0.0;
            for (int64_t t = 0; t < n; t++)
                s += q[i + t * n] * l[t] * q[j + t * n];
            a[i + j * n] = s;
        }
    for (int64_t j = 0; j < n; j++) /* exactly symmetric */
        for (int64_t i = j + 1; i < n; i++)
            a[j + i * n] = a[i + j * n];
}

/* ||A v - lambda v|| / ||A||_F, column major */
static double resid(int64_t n, const double *a, const double *v, double lambda)
{
    double r = 0.0, f = 0.0;
    for (int64_t i = 0; i < n; i++) {
        double s = -lambda * v[i];
        for (int64_t j = 0; j < n; j++) {
            s += a[i + j * n] * v[j];
            f += a[i + j * n] * a[i + j * n];
        }
        r += s * s;
    }
    return sqrt(r) / sqrt(f);
}

static void test_shift_d(void)
{
    double a[N * N], q[N * N], v[N];
    make_sym(N, LAMBDA, a, q);
    const double sig[] = {1.4, 0.0, -2.9, 4.0, 2.0};
    const double want[] = {1.5, 0.05, -3.0, 5.0, 2.0};
    for (int c = 0; c < 5; c++) {
        memset(v, 0, sizeof v);
        double lam = 0.0;
        basis_iter_info info = {-1, -1};
        basis_status s = basis_deigen_shift(NULL, BASIS_COL_MAJOR, N, a, N, sig[c], 1e-13, 500,
                                            v, &lam, &info);
        BT_CHECK(s == BASIS_OK && fabs(lam - want[c]) <= 1e-11 && resid(N, a, v, lam) <= 1e-12,
                 "deigen_shift sigma %g: %s, lambda %.17g (want %g), residual %.3g", sig[c],
                 basis_status_name(s), lam, want[c], resid(N, a, v, lam));
    }
    /* row major: the transpose of a symmetric A is A */
    float af[N * N], vf[N], lf;
    for (int i = 0; i < N * N; i++)
        af[i] = (float)a[i];
    memset(vf, 0, sizeof vf);
    basis_status s = basis_seigen_shift(NULL, BASIS_ROW_MAJOR, N, af, N, 1.4f, 1e-6f, 500, vf,
                                        &lf, NULL);
    BT_CHECK(s == BASIS_OK && fabs((double)lf - 1.5) <= 1e-4, "seigen_shift: %s, lambda %g",
             basis_status_name(s), (double)lf);

    /* sigma exactly an eigenvalue: A - sigma I exactly singular */
    double dg[9] = {1, 0, 0, 0, 2, 0, 0, 0, 3}, w[3] = {0, 0, 0}, l2 = 0;
    s = basis_deigen_shift(NULL, BASIS_COL_MAJOR, 3, dg, 3, 2.0, 1e-14, 50, w, &l2, NULL);
    BT_CHECK(s == BASIS_OK && l2 == 2.0 && fabs(fabs(w[1]) - 1.0) <= 1e-15,
             "deigen_shift on an exact eigenvalue: %s, lambda %g, v %g %g %g",
             basis_status_name(s), l2, w[0], w[1], w[2]);
    /* non-symmetric (triangular: eigenvalues on the diagonal) */
    double t[16] = {4, 0, 0, 0, 1, -1, 0, 0, 2, 3, 2, 0, -1, 0.5, 1, 7}; /* column major */
    double tv[4] = {0, 0, 0, 0}, tl = 0;
    s = basis_deigen_shift(NULL, BASIS_COL_MAJOR, 4, t, 4, 1.8, 1e-13, 500, tv, &tl, NULL);
    BT_CHECK(s == BASIS_OK && fabs(tl - 2.0) <= 1e-11 && resid(4, t, tv, tl) <= 1e-12,
             "deigen_shift non-symmetric: %s, lambda %.17g", basis_status_name(s), tl);
    memset(tv, 0, sizeof tv); /* the last v is an exact eigenvector: it would stay there */
    s = basis_deigen_shift(NULL, BASIS_COL_MAJOR, 4, t, 4, -5.0, 1e-13, 500, tv, &tl, NULL);
    BT_CHECK(s == BASIS_OK && fabs(tl + 1.0) <= 1e-11, "deigen_shift non-symmetric, sigma -5: "
             "%s, lambda %.17g", basis_status_name(s), tl);
    /* failures: a rotation (eigenvalues +-i), bad arguments */
    double rot[4] = {0, 1, -1, 0}, rv[2] = {0, 0}, rl = 0;
    basis_iter_info info = {-1, -1};
    s = basis_deigen_shift(NULL, BASIS_COL_MAJOR, 2, rot, 2, 0.0, 1e-10, 50, rv, &rl, &info);
    BT_CHECK(s == BASIS_ERR_NO_CONVERGENCE && info.iterations == 50 && basis_last_error()[0],
             "deigen_shift rotation: %s", basis_status_name(s));
    s = basis_deigen_shift(NULL, BASIS_COL_MAJOR, 2, rot, 2, NAN, 1e-10, 50, rv, &rl, NULL);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "sigma"), "sigma NaN: %s",
             basis_status_name(s));
    s = basis_deigen_shift(NULL, BASIS_COL_MAJOR, 2, rot, 2, 0.0, 0.0, 50, rv, &rl, NULL);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "tol"), "tol 0: %s",
             basis_status_name(s));
    double zero[4] = {0, 0, 0, 0}, zv[2] = {0, 0}, zl = -1;
    s = basis_deigen_shift(NULL, BASIS_COL_MAJOR, 2, zero, 2, 1.0, 1e-10, 50, zv, &zl, NULL);
    BT_CHECK(s == BASIS_OK && zl == 0.0, "deigen_shift A = 0: %s, %g", basis_status_name(s), zl);
}

static void test_topk_d(basis_layout layout)
{
    double a[N * N], q[N * N], vals[N], vec[N * 9];
    make_sym(N, LAMBDA, a, q);
    static const double sorted[N] = {5.0, -3.0, 2.0, 1.5, 0.7, -0.2, 0.05};
    for (int64_t k = 1; k <= N; k += 2) {
        int64_t ldv = layout == BASIS_COL_MAJOR ? N + 2 : k + 2;
        basis_iter_info info = {-1, -1};
        basis_status s = basis_deigen_sym_topk(NULL, layout, N, a, N, k, 1e-13, 2000, vals, vec,
                                               ldv, &info);
        BT_CHECK(s == BASIS_OK, "deigen_sym_topk k %lld: %s: %s", (long long)k,
                 basis_status_name(s), basis_last_error());
        double verr = 0.0, oerr = 0.0, rerr = 0.0;
        for (int64_t j = 0; j < k; j++) {
            double col[N];
            for (int64_t i = 0; i < N; i++)
                col[i] = layout == BASIS_COL_MAJOR ? vec[i + j * ldv] : vec[i * ldv + j];
            verr = fmax(verr, fabs(vals[j] - sorted[j]));
            rerr = fmax(rerr, resid(N, a, col, vals[j]));
            for (int64_t j2 = 0; j2 < k; j2++) {
                double d = 0.0;
                for (int64_t i = 0; i < N; i++)
                    d += col[i] * (layout == BASIS_COL_MAJOR ? vec[i + j2 * ldv]
                                                             : vec[i * ldv + j2]);
                oerr = fmax(oerr, fabs(d - (j == j2)));
            }
        }
        BT_CHECK(verr <= 1e-11 && oerr <= 1e-13 && rerr <= 1e-12,
                 "deigen_sym_topk k %lld (%s): value error %.3g, orthonormality %.3g, residual "
                 "%.3g",
                 (long long)k, layout == BASIS_COL_MAJOR ? "col" : "row", verr, oerr, rerr);
    }
    /* float, k = n */
    float af[N * N], vf[N], ef[N * N];
    for (int i = 0; i < N * N; i++)
        af[i] = (float)a[i];
    basis_status s = basis_seigen_sym_topk(NULL, BASIS_COL_MAJOR, N, af, N, N, 1e-6f, 2000, vf,
                                           ef, N, NULL);
    double fe = 0.0;
    for (int j = 0; j < N; j++)
        fe = fmax(fe, fabs((double)vf[j] - sorted[j]));
    BT_CHECK(s == BASIS_OK && fe <= 1e-4, "seigen_sym_topk k = n: %s, value error %.3g",
             basis_status_name(s), fe);
    /* failures */
    double ns[4] = {1, 2, 3, 4}, v2[4], e2[2];
    s = basis_deigen_sym_topk(NULL, BASIS_COL_MAJOR, 2, ns, 2, 1, 1e-10, 100, e2, v2, 2, NULL);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "symmetric"),
             "non-symmetric: %s", basis_status_name(s));
    s = basis_deigen_sym_topk(NULL, BASIS_COL_MAJOR, 2, ns, 2, 3, 1e-10, 100, e2, v2, 2, NULL);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "k = 3"), "k > n: %s",
             basis_status_name(s));
    double pm[4] = {1, 0, 0, -1};
    s = basis_deigen_sym_topk(NULL, BASIS_COL_MAJOR, 2, pm, 2, 1, 1e-10, 100, e2, v2, 2, NULL);
    BT_CHECK(s == BASIS_ERR_NO_CONVERGENCE, "eigenvalues 1 and -1: %s", basis_status_name(s));
}

/* Entries near either end of the range: ||A||_F of diag(1.5e308, 1.2e308) overflows (the
 * residuals over it read 0, and the first iterate was accepted), 1e-300's makes the pivot
 * that replaces a zero subnormal; both work on A scaled by a power of two, so the answers
 * are those of the scaled matrix, scaled back. */
static void test_extreme_range(void)
{
    const double big[4] = {1.5e308, 0, 0, 1.2e308};
    double v[2] = {0, 0}, lam = 0, vals[2] = {0, 0}, vecs[4];
    basis_iter_info info;
    basis_status s = basis_deigen_sym_topk(NULL, BASIS_COL_MAJOR, 2, big, 2, 2, 1e-12, 500,
                                           vals, vecs, 2, &info);
    BT_CHECK(s == BASIS_OK && fabs(vals[0] - 1.5e308) <= 1e-10 * 1.5e308 &&
                 fabs(vals[1] - 1.2e308) <= 1e-10 * 1.2e308,
             "deigen_sym_topk diag(1.5e308, 1.2e308): %s %g %g", basis_status_name(s), vals[0],
             vals[1]);
    s = basis_deigen_shift(NULL, BASIS_COL_MAJOR, 2, big, 2, 1.1e308, 1e-12, 500, v, &lam,
                           &info);
    BT_CHECK(s == BASIS_OK && fabs(lam - 1.2e308) <= 1e-10 * 1.2e308 && fabs(v[0]) < 1e-6 &&
                 fabs(fabs(v[1]) - 1.0) < 1e-6,
             "deigen_shift diag(1.5e308, 1.2e308), sigma 1.1e308: %s %g v (%g, %g)",
             basis_status_name(s), lam, v[0], v[1]);
    const float bigs[4] = {3e38f, 0, 0, 2.5e38f};
    float vs[2] = {0, 0}, lams = 0, valss[2] = {0, 0}, vecss[4];
    s = basis_seigen_sym_topk(NULL, BASIS_ROW_MAJOR, 2, bigs, 2, 2, 1e-5f, 500, valss, vecss,
                              2, &info);
    BT_CHECK(s == BASIS_OK && fabs((double)valss[0] - 3e38) <= 1e-4 * 3e38 &&
                 fabs((double)valss[1] - 2.5e38) <= 1e-4 * 2.5e38,
             "seigen_sym_topk diag(3e38, 2.5e38): %s %g %g", basis_status_name(s),
             (double)valss[0], (double)valss[1]);
    s = basis_seigen_shift(NULL, BASIS_ROW_MAJOR, 2, bigs, 2, 2.4e38f, 1e-5f, 500, vs, &lams,
                           &info);
    BT_CHECK(s == BASIS_OK && fabs((double)lams - 2.5e38) <= 1e-4 * 2.5e38,
             "seigen_shift diag(3e38, 2.5e38), sigma 2.4e38: %s %g", basis_status_name(s),
             (double)lams);
    /* tiny: 1e-300 [[2,1],[1,2]] (eigenvalues 1e-300 and 3e-300), sigma exactly on one */
    const double tiny[4] = {2e-300, 1e-300, 1e-300, 2e-300};
    static const double sigmas[2] = {1e-300, 3e-300};
    for (int t = 0; t < 2; t++) {
        v[0] = v[1] = 0;
        s = basis_deigen_shift(NULL, BASIS_COL_MAJOR, 2, tiny, 2, sigmas[t], 1e-12, 500, v,
                               &lam, &info);
        BT_CHECK(s == BASIS_OK && fabs(lam - sigmas[t]) <= 1e-10 * sigmas[t],
                 "deigen_shift 1e-300 [[2,1],[1,2]], sigma %g: %s %g after %lld",
                 sigmas[t], basis_status_name(s), lam, (long long)info.iterations);
    }
}

int main(void)
{
    bt_begin("test_eigen");
    bt_seed(12345);
    test_shift_d();
    test_topk_d(BASIS_COL_MAJOR);
    test_topk_d(BASIS_ROW_MAJOR);
    test_extreme_range();
    return bt_end();
}
