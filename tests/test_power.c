/* test_power.c: s/d power iteration through the public API (forced backend) on matrices of known spectrum, plus its failure modes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define MAX_ITER 2000
/* Tolerances passed to the library, per precision: each is far above what the precision
 * can resolve for these n and norms (n eps ||A|| / |lambda| ~ 1e-13 and 1e-5 at worst). */
#define TOL_D 1e-10
#define TOL_S 1e-4

static int64_t idx(basis_layout layout, int64_t i, int64_t j, int64_t ld)
{
    return layout == BASIS_COL_MAJOR ? i + j * ld : i * ld + j;
}

/* Q = I - 2 u u^T / (u^T u): symmetric and orthogonal; its column 0 is Q e_0. */
static void householder(int64_t n, double *q)
{
    double *u = malloc((size_t)n * sizeof(double)), uu = 0.0;
    bt_fill_d(u, n);
    u[0] += 2.0; /* keeps u away from 0 */
    for (int64_t i = 0; i < n; i++)
        uu += u[i] * u[i];
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++)
            q[i * n + j] = (i == j ? 1.0 : 0.0) - 2.0 * u[i] * u[j] / uu;
    free(u);
}

/* A = Q M Q^T (dense n x n, row major packed) for a given M (row major packed). */
static void conjugate(int64_t n, const double *q, const double *m, double *a)
{
    double *t = calloc((size_t)(n * n), sizeof(double));
    for (int64_t i = 0; i < n; i++)
        for (int64_t p = 0; p < n; p++)
            for (int64_t j = 0; j < n; j++)
                t[i * n + j] += q[i * n + p] * m[p * n + j];
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++) {
            double s = 0.0;
            for (int64_t p = 0; p < n; p++)
                s += t[i * n + p] * q[j * n + p];
            a[i * n + j] = s;
        }
    free(t);
}

/* ||A v - lambda v||_2 in double for the logical matrix a (row major packed). */
static double residual(int64_t n, const double *a, const double *v, double lambda)
{
    double r = 0.0;
    for (int64_t i = 0; i < n; i++) {
        double s = 0.0;
        for (int64_t j = 0; j < n; j++)
            s += a[i * n + j] * v[j];
        s -= lambda * v[i];
        r += s * s;
    }
    return sqrt(r);
}

static double dot(int64_t n, const double *x, const double *y)
{
    double s = 0.0;
    for (int64_t i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}

/* Runs power on the logical matrix a (row major packed, float-representable) stored in
 * layout with ld = n + pad, in precision prec (0 double, 1 float). v holds the start
 * vector on entry and the result (in double) on exit. */
static basis_status run_power(int prec, basis_layout layout, int64_t n, const double *a,
                              int64_t pad, double *v, double *lambda, basis_iter_info *info)
{
    int64_t ld = n + pad;
    basis_status s;
    if (prec == 0) {
        double *st = malloc((size_t)(ld * n) * sizeof(double));
        for (int64_t p = 0; p < ld * n; p++)
            st[p] = -777.0;
        for (int64_t i = 0; i < n; i++)
            for (int64_t j = 0; j < n; j++)
                st[idx(layout, i, j, ld)] = a[i * n + j];
        s = basis_dpower(NULL, layout, n, st, ld, TOL_D, MAX_ITER, v, lambda, info);
        free(st);
    } else {
        float *st = malloc((size_t)(ld * n) * sizeof(float));
        float *vs = malloc((size_t)n * sizeof(float)), ls = NAN;
        for (int64_t p = 0; p < ld * n; p++)
            st[p] = -777.0f;
        for (int64_t i = 0; i < n; i++) {
            vs[i] = (float)v[i];
            for (int64_t j = 0; j < n; j++)
                st[idx(layout, i, j, ld)] = (float)a[i * n + j];
        }
        s = basis_spower(NULL, layout, n, st, ld, (float)TOL_S, MAX_ITER, vs, &ls, info);
        for (int64_t i = 0; i < n; i++)
            v[i] = vs[i];
        *lambda = ls;
        free(st);
        free(vs);
    }
    return s;
}

/* Symmetric A = Q diag(l) Q^T with l_0 = 10 dominant (|l_i| <= 5 otherwise). */
static void test_symmetric(void)
{
    static const int64_t ns[] = {2, 7, 33, 65};
    for (int ni = 0; ni < 4; ni++)
        for (int prec = 0; prec < 2; prec++)
            for (int li = 0; li < 2; li++) {
                int64_t n = ns[ni];
                basis_layout layout = li ? BASIS_COL_MAJOR : BASIS_ROW_MAJOR;
                double tol = prec ? TOL_S : TOL_D, eps = prec ? BT_EPS_S : BT_EPS_D;
                double *q = malloc((size_t)(n * n) * sizeof(double));
                double *d = calloc((size_t)(n * n), sizeof(double));
                double *a = malloc((size_t)(n * n) * sizeof(double));
                double *v = calloc((size_t)n, sizeof(double)); /* zeros: the default start */
                double *q0 = malloc((size_t)n * sizeof(double));
                householder(n, q);
                d[0] = 10.0;
                for (int64_t i = 1; i < n; i++)
                    d[i * n + i] = 5.0 * bt_uniform();
                conjugate(n, q, d, a);
                for (int64_t p = 0; p < n * n; p++)
                    if (prec)
                        a[p] = (float)a[p]; /* the oracle sees the float matrix */
                for (int64_t i = 0; i < n; i++)
                    q0[i] = q[i * n];
                double lambda = NAN;
                basis_iter_info info = {-1, -1.0};
                basis_status s = run_power(prec, layout, n, a, 3, v, &lambda, &info);
                const char *pn = prec ? "spower" : "dpower";
                /* the float rounding of A moves the eigenvalue by ~ eps ||A|| */
                double slack = 4.0 * (double)n * eps * 10.0;
                double r = residual(n, a, v, lambda);
                BT_CHECK(s == BASIS_OK, "%s symmetric n=%lld %s: %s: %s", pn, (long long)n,
                         li ? "col" : "row", basis_status_name(s), basis_last_error());
                BT_CHECK(fabs(lambda - 10.0) <= 2.0 * tol * 10.0 + slack,
                         "%s symmetric n=%lld: eigenvalue %.17g, want 10", pn, (long long)n, lambda);
                BT_CHECK(r <= 2.0 * tol * fabs(lambda) + slack,
                         "%s symmetric n=%lld: ||Av - lv|| = %g > %g |l|", pn, (long long)n, r, tol);
                BT_CHECK(fabs(sqrt(dot(n, v, v)) - 1.0) <= 4.0 * (double)n * eps,
                         "%s symmetric n=%lld: ||v|| = %.17g, want 1", pn, (long long)n,
                         sqrt(dot(n, v, v)));
                BT_CHECK(fabs(fabs(dot(n, v, q0)) - 1.0) <= 10.0 * tol,
                         "%s symmetric n=%lld: |<v, q0>| = %.17g, want 1", pn, (long long)n,
                         fabs(dot(n, v, q0)));
                BT_CHECK(info.iterations > 0 && info.iterations <= MAX_ITER && info.residual >= 0.0,
                         "%s symmetric n=%lld: info iterations %lld residual %g", pn,
                         (long long)n, (long long)info.iterations, info.residual);
                free(q);
                free(d);
                free(a);
                free(v);
                free(q0);
            }
}

/* diag(1, -3, 2): the dominant eigenvalue is negative. */
static void test_negative(void)
{
    static const double a[9] = {1, 0, 0, 0, -3, 0, 0, 0, 2};
    for (int prec = 0; prec < 2; prec++)
        for (int start = 0; start < 2; start++) {
            double tol = prec ? TOL_S : TOL_D;
            double v[3] = {start, start, start}, lambda = NAN;
            basis_iter_info info = {-1, -1.0};
            basis_status s = run_power(prec, BASIS_ROW_MAJOR, 3, a, 1, v, &lambda, &info);
            BT_CHECK(s == BASIS_OK && fabs(lambda + 3.0) <= 2.0 * tol * 3.0 &&
                         fabs(fabs(v[1]) - 1.0) <= 10.0 * tol && info.iterations > 0,
                     "%cpower diag(1,-3,2) start %s: %s eigenvalue %.17g v = (%g, %g, %g)",
                     prec ? 's' : 'd', start ? "ones" : "default", basis_status_name(s), lambda,
                     v[0], v[1], v[2]);
        }
}

/* A non-symmetric matrix Q T Q^T (T upper triangular, diag 5, 2, -1, ...): the same
 * logical matrix stored row major and column major must give the same answer. */
static void test_layouts_agree(void)
{
    enum { N = 17 };
    double q[N * N], t[N * N], ad[N * N], af[N * N];
    householder(N, q);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            t[i * N + j] = j > i ? bt_uniform() : 0.0;
    t[0] = 5.0;
    for (int i = 1; i < N; i++)
        t[i * N + i] = (i % 2 ? 2.0 : -1.0) * (1.0 - 0.5 * (double)i / N);
    conjugate(N, q, t, ad);
    for (int p = 0; p < N * N; p++)
        af[p] = (float)ad[p]; /* what spower sees */
    /* A is not normal: a residual r moves the eigenvalue by up to kappa ||r||, with kappa =
     * ||y|| / |y_0| for the left eigenvector y of T (y^T T = 5 y^T); Q leaves it unchanged. */
    double y[N], yy = 1.0;
    y[0] = 1.0;
    for (int j = 1; j < N; j++) {
        double s = 0.0;
        for (int i = 0; i < j; i++)
            s += y[i] * t[i * N + j];
        y[j] = -s / (t[j * N + j] - 5.0);
        yy += y[j] * y[j];
    }
    double kappa = sqrt(yy);
    for (int prec = 0; prec < 2; prec++) {
        double tol = prec ? TOL_S : TOL_D;
        const double *a = prec ? af : ad;
        double vr[N], vc[N], lr = NAN, lc = NAN;
        for (int i = 0; i < N; i++)
            vr[i] = vc[i] = 1.0 + 0.1 * i;
        basis_iter_info ir = {-1, -1.0}, ic = {-1, -1.0};
        basis_status sr = run_power(prec, BASIS_ROW_MAJOR, N, a, 2, vr, &lr, &ir);
        basis_status sc = run_power(prec, BASIS_COL_MAJOR, N, a, 5, vc, &lc, &ic);
        BT_CHECK(sr == BASIS_OK && sc == BASIS_OK, "%cpower non-symmetric: %s / %s: %s",
                 prec ? 's' : 'd', basis_status_name(sr), basis_status_name(sc),
                 basis_last_error());
        /* plus the float rounding of A, which moves the eigenvalue by ~ kappa eps ||A|| */
        double lim = 2.0 * kappa * (tol * 5.0 + 4.0 * N * (prec ? BT_EPS_S : BT_EPS_D) * 5.0);
        BT_CHECK(fabs(lr - 5.0) <= lim && fabs(lc - 5.0) <= lim,
                 "%cpower non-symmetric: eigenvalues %.17g (row) %.17g (col), want 5 (+- %.3g, kappa %.3g)",
                 prec ? 's' : 'd', lr, lc, lim, kappa);
        BT_CHECK(fabs(lr - lc) <= 4.0 * tol * 5.0 && fabs(fabs(dot(N, vr, vc)) - 1.0) <= 40.0 * tol,
                 "%cpower: row major and column major disagree: %.17g vs %.17g, |<vr, vc>| = %.17g",
                 prec ? 's' : 'd', lr, lc, fabs(dot(N, vr, vc)));
        BT_CHECK(residual(N, a, vr, lr) <= 2.0 * tol * fabs(lr) + 1e3 * (prec ? BT_EPS_S : BT_EPS_D),
                 "%cpower non-symmetric: residual %g", prec ? 's' : 'd', residual(N, a, vr, lr));
    }
}

/* [[0,-1],[1,0]] has eigenvalues +-i: no dominant real eigenvalue. */
static void test_rotation(void)
{
    static const double a[4] = {0, -1, 1, 0};
    for (int prec = 0; prec < 2; prec++) {
        double v[2] = {0.0, 0.0}, lambda = NAN;
        basis_iter_info info = {-1, -1.0};
        basis_status s = run_power(prec, BASIS_COL_MAJOR, 2, a, 0, v, &lambda, &info);
        const char *msg = basis_last_error();
        BT_CHECK(s == BASIS_ERR_NO_CONVERGENCE, "%cpower rotation: got %s, want BASIS_ERR_NO_CONVERGENCE",
                 prec ? 's' : 'd', basis_status_name(s));
        BT_CHECK(msg && msg[0], "%cpower rotation: empty error message", prec ? 's' : 'd');
        /* the best estimate so far is written */
        BT_CHECK(isfinite(v[0]) && isfinite(v[1]) && isfinite(lambda) &&
                     fabs(hypot(v[0], v[1]) - 1.0) <= 1e-3,
                 "%cpower rotation: estimate v = (%g, %g) lambda %g", prec ? 's' : 'd', v[0],
                 v[1], lambda);
    }
}

/* NaN or Inf in A: an argument error, nothing written. */
static void test_nonfinite(void)
{
    for (int k = 0; k < 2; k++) {
        double a[9] = {2, 1, 0, 1, 2, 1, 0, 1, 2};
        float as[9];
        a[4] = k ? INFINITY : NAN;
        for (int p = 0; p < 9; p++)
            as[p] = (float)a[p];
        double v[3] = {1, 2, 3}, v0[3], lambda = 42.0;
        float vs[3] = {1, 2, 3}, vs0[3], ls = 42.0f;
        memcpy(v0, v, sizeof v);
        memcpy(vs0, vs, sizeof vs);
        basis_iter_info info = {-1, -1.0};
        basis_status s = basis_dpower(NULL, BASIS_ROW_MAJOR, 3, a, 3, TOL_D, MAX_ITER, v, &lambda, &info);
        BT_CHECK(s == BASIS_ERR_ARGUMENT && !memcmp(v, v0, sizeof v) && lambda == 42.0 &&
                     info.iterations == -1 && basis_last_error()[0],
                 "dpower with %s in A: %s (v or eigenvalue written? lambda %g)",
                 k ? "Inf" : "NaN", basis_status_name(s), lambda);
        s = basis_spower(NULL, BASIS_COL_MAJOR, 3, as, 3, (float)TOL_S, MAX_ITER, vs, &ls, &info);
        BT_CHECK(s == BASIS_ERR_ARGUMENT && !memcmp(vs, vs0, sizeof vs) && ls == 42.0f &&
                     info.iterations == -1 && basis_last_error()[0],
                 "spower with %s in A: %s", k ? "Inf" : "NaN", basis_status_name(s));
    }
}

int main(void)
{
    bt_begin("test_power");
    bt_seed(505);
    test_symmetric();
    test_negative();
    test_layouts_agree();
    test_rotation();
    test_nonfinite();
    return bt_end();
}
