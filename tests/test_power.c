/* test_power.c: s/d power iteration through the public API (forced backend) on matrices of known spectrum, plus its failure modes: no dominant eigenvalue, max_iter, the best pair kept. */
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
 * layout with ld = n + pad, in precision prec (0 double, 1 float), with tol and max_iter.
 * v holds the start vector on entry and the result (in double) on exit. */
static basis_status run_power_with(int prec, basis_layout layout, int64_t n, const double *a,
                                   int64_t pad, double tol, int64_t max_iter, double *v,
                                   double *lambda, basis_iter_info *info)
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
        s = basis_dpower(NULL, layout, n, st, ld, tol, max_iter, v, lambda, info);
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
        s = basis_spower(NULL, layout, n, st, ld, (float)tol, max_iter, vs, &ls, info);
        for (int64_t i = 0; i < n; i++)
            v[i] = vs[i];
        *lambda = ls;
        free(st);
        free(vs);
    }
    return s;
}

/* run_power_with the precision's tolerance and MAX_ITER. */
static basis_status run_power(int prec, basis_layout layout, int64_t n, const double *a,
                              int64_t pad, double *v, double *lambda, basis_iter_info *info)
{
    return run_power_with(prec, layout, n, a, pad, prec ? TOL_S : TOL_D, MAX_ITER, v, lambda,
                          info);
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

/* ||A v - lambda v|| / |lambda| in double: the library's residual (Inf for lambda = 0,
 * A v != 0). */
static double rel_residual(int64_t n, const double *a, const double *v, double lambda)
{
    double r = residual(n, a, v, lambda);
    return r == 0.0 ? 0.0 : r / fabs(lambda);
}

/* x and y equal within rel of the larger (two Infs are equal). */
static int close_rel(double x, double y, double rel)
{
    return (isinf(x) && isinf(y)) || fabs(x - y) <= rel * fmax(fabs(x), fabs(y));
}

/* The residual r recomputed here from the pair written, against the library's info_r:
 * equal within rounding (in float, ||A v - lambda v|| is a difference of numbers near
 * ||A||, good to about n eps of that). */
static int same_residual(int prec, int64_t n, double r, double info_r)
{
    return close_rel(r, info_r, prec ? 1e-3 : 1e-8) ||
           fabs(r - info_r) <= 8.0 * (double)n * (prec ? BT_EPS_S : BT_EPS_D);
}

/* The least residual of the first k iterates of power iteration in double from the
 * default start, step for step the library's: w = A x, lambda = x.w, the residual, then
 * x = w / ||w||; *last (optional) gets the k-th's. */
static double reference_best(int64_t n, const double *a, int64_t k, double *last)
{
    double *x = malloc((size_t)n * sizeof(double)), *w = malloc((size_t)n * sizeof(double));
    double best = INFINITY, r = INFINITY;
    for (int64_t i = 0; i < n; i++)
        x[i] = 1.0 / sqrt((double)n);
    for (int64_t j = 0; j < k; j++) {
        for (int64_t i = 0; i < n; i++) {
            w[i] = 0.0;
            for (int64_t p = 0; p < n; p++)
                w[i] += a[i * n + p] * x[p];
        }
        r = rel_residual(n, a, x, dot(n, x, w));
        best = fmin(best, r);
        double wn = sqrt(dot(n, w, w));
        for (int64_t i = 0; i < n; i++)
            x[i] = w[i] / wn;
    }
    free(x);
    free(w);
    if (last)
        *last = r;
    return best;
}

/* A = Q M Q^T (row major packed), M block diagonal: the 2 x 2 block b (row major), then
 * the diagonal d[0 .. n-3]; rounded to float for prec 1 (what spower sees). */
static void block_matrix(int prec, int64_t n, const double *b, const double *d, double *a)
{
    double *q = malloc((size_t)(n * n) * sizeof(double));
    double *m = calloc((size_t)(n * n), sizeof(double));
    householder(n, q);
    m[0] = b[0];
    m[1] = b[1];
    m[n] = b[2];
    m[n + 1] = b[3];
    for (int64_t i = 2; i < n; i++)
        m[i * n + i] = d[i - 2];
    conjugate(n, q, m, a);
    for (int64_t p = 0; p < n * n; p++)
        if (prec)
            a[p] = (float)a[p];
    free(q);
    free(m);
}

enum { NODOM_CASES = 4 };

/* Case k of the matrices without a dominant eigenvalue: diag(3, -3, 1) (from the default
 * start lambda goes to 0 and the residual grows every iteration); the rotation by 90
 * degrees (exact entries: lambda = v.Av = 0, residual Inf); 2 e^(+-1.1 i) with 1, 0.5,
 * -0.3 (a complex pair in a dense 5 x 5); +-2 with 1 and -0.5, the block non-symmetric
 * (dense 4 x 4). */
static int64_t nodom_matrix(int k, int prec, double *a, const char **name)
{
    static const double d5[3] = {1, 0.5, -0.3};
    static const double nonsym[4] = {0, 4, 1, 0}, d4[2] = {1, -0.5};
    double c = 2.0 * cos(1.1), s = 2.0 * sin(1.1), rot[4] = {c, -s, s, c};
    switch (k) {
    case 0:
        *name = "diag(3, -3, 1)";
        memset(a, 0, 9 * sizeof *a);
        a[0] = 3, a[4] = -3, a[8] = 1;
        return 3;
    case 1:
        *name = "rotation by 90 degrees";
        a[0] = 0, a[1] = -1, a[2] = 1, a[3] = 0;
        return 2;
    case 2:
        *name = "2 e^(+-1.1 i), 1, 0.5, -0.3";
        block_matrix(prec, 5, rot, d5, a);
        return 5;
    default:
        *name = "+-2 (non-symmetric block), 1, -0.5";
        block_matrix(prec, 4, nonsym, d4, a);
        return 4;
    }
}

/* Two eigenvalues of equal largest modulus: run to max_iter and named "no dominant
 * eigenvalue", the written pair the one of least residual (recomputed here, and as a
 * double iteration of the same steps finds it), belonging together. */
static void test_no_dominant(void)
{
    for (int k = 0; k < NODOM_CASES; k++)
        for (int prec = 0; prec < 2; prec++) {
            double a[25], v[5] = {0}, lambda = NAN;
            const char *name, *pn = prec ? "spower" : "dpower";
            int64_t n = nodom_matrix(k, prec, a, &name);
            basis_iter_info info = {-1, -1.0};
            basis_status s = run_power(prec, k % 2 ? BASIS_COL_MAJOR : BASIS_ROW_MAJOR, n, a,
                                       k, v, &lambda, &info);
            const char *msg = basis_last_error();
            BT_CHECK(s == BASIS_ERR_NO_CONVERGENCE &&
                         strstr(msg, "no dominant eigenvalue (max_iter = 2000 reached)") &&
                         !strstr(msg, "before convergence"),
                     "%s %s: %s, want BASIS_ERR_NO_CONVERGENCE saying no dominant eigenvalue: %s",
                     pn, name, basis_status_name(s), msg);
            BT_CHECK(info.iterations == MAX_ITER, "%s %s: %lld iterations, want max_iter %d",
                     pn, name, (long long)info.iterations, MAX_ITER);
            BT_CHECK(isfinite(lambda) && fabs(sqrt(dot(n, v, v)) - 1.0) <= 1e-5,
                     "%s %s: estimate lambda %g, ||v|| %.17g", pn, name, lambda,
                     sqrt(dot(n, v, v)));
            double r = rel_residual(n, a, v, lambda);
            BT_CHECK(same_residual(prec, n, r, info.residual),
                     "%s %s: the written pair's residual is %.9g, info says %.9g", pn, name, r,
                     info.residual);
            double best = reference_best(n, a, info.iterations, NULL);
            BT_CHECK(isinf(best) ? info.residual > 1e12
                                 : close_rel(best, info.residual, prec ? 1e-2 : 1e-6),
                     "%s %s: residual %.9g written, the best of %lld iterations is %.9g", pn,
                     name, info.residual, (long long)info.iterations, best);
        }
}

/* The pair written is the best so far: with max_iter = 1, 2, ... the residual never
 * rises, and is the least of the iterates run, though the last is often worse. */
static void test_best_pair(void)
{
    static const int cases[2] = {0, 2};
    for (int ci = 0; ci < 2; ci++)
        for (int prec = 0; prec < 2; prec++) {
            double a[25];
            const char *name, *pn = prec ? "spower" : "dpower";
            int64_t n = nodom_matrix(cases[ci], prec, a, &name);
            double before = INFINITY;
            int rises = 0, mismatches = 0, last_worse = 0;
            for (int64_t k = 1; k <= 40; k++) {
                double v[5] = {0}, lambda = NAN;
                basis_iter_info info = {-1, -1.0};
                run_power_with(prec, BASIS_ROW_MAJOR, n, a, 0, prec ? TOL_S : TOL_D, k, v,
                               &lambda, &info);
                double last, best = reference_best(n, a, info.iterations, &last);
                rises += info.residual > before;
                mismatches += !same_residual(prec, n, rel_residual(n, a, v, lambda),
                                             info.residual) ||
                              !close_rel(best, info.residual, prec ? 1e-2 : 1e-6);
                /* the last iterate clearly worse: where writing the last estimate fails */
                last_worse += info.residual < 0.99 * last;
                before = info.residual;
            }
            BT_CHECK(rises == 0 && mismatches == 0 && last_worse > 0,
                     "%s %s with max_iter 1..40: the written residual rose %d times, missed "
                     "the best %d times, and was better than the last iterate's %d times",
                     pn, name, rises, mismatches, last_worse);
        }
}

/* A real dominant eigenvalue with |l2/l1| close to 1: never "no dominant eigenvalue",
 * never stopped before max_iter. diag(1, 0.9999) starts on the residual's flat peak (the
 * weights of both eigenvectors equal), where it barely moves in 50 iterations; +-0.999
 * needs about 2e4 iterations, more than the 3000 given. Float runs with tol 1e-6: the
 * residual of the 2 x 2 is below TOL_S from the start. */
static void test_slow_dominant(void)
{
    static const double slow2[4] = {1, 0, 0, 0.9999}, none[1] = {0};
    static const double plus[4] = {1, 0, 0, 0.999}, minus[4] = {1, 0, 0, -0.999};
    static const double d3[1] = {0.5};
    for (int prec = 0; prec < 2; prec++)
        for (int k = 0; k < 3; k++) {
            double a[9], v[3] = {0}, lambda = NAN;
            int64_t n = k == 0 ? 2 : 3, max_iter = k == 0 ? 50 : 3000;
            block_matrix(prec, n, k == 0 ? slow2 : k == 1 ? plus : minus, k == 0 ? none : d3,
                         a);
            basis_iter_info info = {-1, -1.0};
            basis_status s = run_power_with(prec, BASIS_COL_MAJOR, n, a, 1,
                                            prec ? 1e-6 : TOL_D, max_iter, v, &lambda, &info);
            const char *msg = basis_last_error();
            char want[64];
            snprintf(want, sizeof want, "max_iter = %lld reached", (long long)max_iter);
            BT_CHECK(s == BASIS_ERR_NO_CONVERGENCE && strstr(msg, want) &&
                         !strstr(msg, "no dominant") && info.iterations == max_iter,
                     "%cpower slow case %d: %s after %lld iterations, want \"%s\" after %lld: %s",
                     prec ? 's' : 'd', k, basis_status_name(s), (long long)info.iterations, want,
                     (long long)max_iter, msg);
            BT_CHECK(same_residual(prec, n, rel_residual(n, a, v, lambda), info.residual),
                     "%cpower slow case %d: the written pair's residual %.9g, info says %.9g",
                     prec ? 's' : 'd', k, rel_residual(n, a, v, lambda), info.residual);
        }
    /* ratio 0.95 at max_iter 40: the message says the residual is still falling */
    static const double fast[4] = {1, 0, 0, 0.95};
    for (int prec = 0; prec < 2; prec++) {
        double a[9], v[3] = {0}, lambda = NAN;
        block_matrix(prec, 3, fast, d3, a);
        basis_iter_info info = {-1, -1.0};
        basis_status s = run_power_with(prec, BASIS_ROW_MAJOR, 3, a, 0, prec ? 1e-6 : TOL_D,
                                        40, v, &lambda, &info);
        const char *msg = basis_last_error();
        BT_CHECK(s == BASIS_ERR_NO_CONVERGENCE && strstr(msg, "max_iter = 40 reached") &&
                     strstr(msg, "still falling") && info.iterations == 40,
                 "%cpower ratio 0.95, max_iter 40: %s: %s", prec ? 's' : 'd',
                 basis_status_name(s), msg);
    }
}

/* A dominant eigenvalue with a small component in the start: the iterates stay near a
 * smaller pair's plane (+-0.99, or 0.99 e^(+-1.1 i)) for hundreds of iterations, where
 * they look like a run without a dominant eigenvalue, and then converge to 1. Nothing
 * may end such a run before max_iter (an early stop once did, at iteration 32 or 128). */
static void test_hidden_dominant(void)
{
    double c = 0.99 * cos(1.1), sn = 0.99 * sin(1.1);
    const double pm[9] = {0.99, 0, 0, 0, -0.99, 0, 0, 0, 1};
    const double rot[9] = {c, -sn, 0, sn, c, 0, 0, 0, 1};
    static const double eps_pm[3] = {1e-3, 1e-6, 1e-10}, eps_rot[3] = {1e-2, 1e-4, 1e-8};
    for (int prec = 0; prec < 2; prec++)
        for (int k = 0; k < 6; k++) {
            const double *a = k < 3 ? pm : rot;
            double small = k < 3 ? eps_pm[k] : eps_rot[k - 3];
            /* float cannot hold a component far below its rounding: from 1e-6 on it is
             * noise there, which grows all the same */
            double v[3] = {1.0, 1.0, small}, lambda = NAN;
            basis_iter_info info = {-1, -1.0};
            basis_status s = run_power_with(prec, BASIS_ROW_MAJOR, 3, a, 0,
                                            prec ? 1e-5 : TOL_D, 20000, v, &lambda, &info);
            BT_CHECK(s == BASIS_OK && fabs(lambda - 1.0) <= (prec ? 1e-4 : 1e-9) &&
                         info.iterations > 256,
                     "%cpower, a dominant 1 hidden at %g under %s: %s after %lld iterations, "
                     "lambda %.9g: %s",
                     prec ? 's' : 'd', small, k < 3 ? "+-0.99" : "0.99 e^(+-1.1i)",
                     basis_status_name(s), (long long)info.iterations, lambda,
                     s ? basis_last_error() : "");
        }
}

/* The same hidden 1 (1e-8 under +-0.99), cut off by max_iter while it emerges: the
 * residual is still falling, so the message may not say "no dominant eigenvalue", also
 * when max_iter leaves a last window of one iteration (1025). */
static void test_hidden_cut(void)
{
    const double pm[9] = {0.99, 0, 0, 0, -0.99, 0, 0, 0, 1};
    static const int64_t cuts[3] = {1000, 1025, 1200};
    for (int k = 0; k < 3; k++) {
        double v[3] = {1.0, 1.0, 1e-8}, lambda = NAN;
        basis_iter_info info = {-1, -1.0};
        basis_status s = run_power_with(0, BASIS_ROW_MAJOR, 3, pm, 0, TOL_D, cuts[k], v,
                                        &lambda, &info);
        const char *msg = basis_last_error();
        char want[80];
        snprintf(want, sizeof want, "max_iter = %lld reached before convergence",
                 (long long)cuts[k]);
        BT_CHECK(s == BASIS_ERR_NO_CONVERGENCE && strstr(msg, want) &&
                     strstr(msg, "still falling") && !strstr(msg, "no dominant"),
                 "dpower, a dominant 1 hidden at 1e-8, max_iter %lld: %s: %s",
                 (long long)cuts[k], basis_status_name(s), msg);
    }
}

/* Four eigenvalues of modulus 1 (1, -1, +-i): the iterates fill more than a plane, so the
 * plane test cannot hold; the residual stalls, and the flat test names the case. */
static void test_flat(void)
{
    const double a[16] = {1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, -1, 0, 0, 1, 0};
    for (int prec = 0; prec < 2; prec++) {
        double v[4] = {1.0, 0.7, 0.4, 0.2}, lambda = NAN;
        basis_iter_info info = {-1, -1.0};
        basis_status s = run_power_with(prec, BASIS_COL_MAJOR, 4, a, 0, prec ? TOL_S : TOL_D,
                                        600, v, &lambda, &info);
        const char *msg = basis_last_error();
        BT_CHECK(s == BASIS_ERR_NO_CONVERGENCE && info.iterations == 600 &&
                     strstr(msg, "no dominant eigenvalue (max_iter = 600 reached): the "
                                 "residual has stalled"),
                 "%cpower on 1, -1, +-i: %s after %lld iterations: %s", prec ? 's' : 'd',
                 basis_status_name(s), (long long)info.iterations, msg);
        BT_CHECK(same_residual(prec, 4, rel_residual(4, a, v, lambda), info.residual),
                 "%cpower on 1, -1, +-i: the written pair's residual %.9g, info says %.9g",
                 prec ? 's' : 'd', rel_residual(4, a, v, lambda), info.residual);
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
    test_no_dominant();
    test_best_pair();
    test_slow_dominant();
    test_hidden_dominant();
    test_hidden_cut();
    test_flat();
    test_nonfinite();
    return bt_end();
}
