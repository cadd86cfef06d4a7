/* projection_idempotent.c: s/d scalar and vector projection: projecting twice equals projecting once, the residual is orthogonal to the direction, scalar = |p| with sign, zero direction an argument error. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static double dotd(int64_t n, const double *x, const double *y)
{
    double s = 0.0;
    for (int64_t i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}

static double normd(int64_t n, const double *x)
{
    return sqrt(dotd(n, x, x));
}

static void run(int64_t n, int prec)
{
    double eps = prec ? BT_EPS_S : BT_EPS_D;
    double *x = malloc(sizeof(double) * (size_t)n), *y = malloc(sizeof(double) * (size_t)n);
    double *p = malloc(sizeof(double) * (size_t)n), *pp = malloc(sizeof(double) * (size_t)n);
    float *xs = malloc(sizeof(float) * (size_t)n), *ys = malloc(sizeof(float) * (size_t)n);
    float *ps = malloc(sizeof(float) * (size_t)n), *pps = malloc(sizeof(float) * (size_t)n);
    bt_fill_d(x, n);
    bt_fill_d(y, n);
    for (int64_t i = 0; i < n; i++) {
        y[i] *= 1e5; /* the direction's length must not matter */
        xs[i] = (float)x[i];
        ys[i] = (float)y[i];
        x[i] = xs[i];
        y[i] = ys[i];
    }
    double sc;
    basis_status s;
    if (prec) {
        float scs;
        s = basis_sscalar_projection(NULL, n, xs, 1, ys, 1, &scs);
        sc = scs;
        s = s ? s : basis_svector_projection(NULL, n, xs, 1, ys, 1, ps, 1);
        s = s ? s : basis_svector_projection(NULL, n, ps, 1, ys, 1, pps, 1);
        for (int64_t i = 0; i < n; i++) {
            p[i] = ps[i];
            pp[i] = pps[i];
        }
    } else {
        s = basis_dscalar_projection(NULL, n, x, 1, y, 1, &sc);
        s = s ? s : basis_dvector_projection(NULL, n, x, 1, y, 1, p, 1);
        s = s ? s : basis_dvector_projection(NULL, n, p, 1, y, 1, pp, 1);
    }
    BT_CHECK(s == BASIS_OK, "%c n=%lld: %s %s", prec ? 's' : 'd', (long long)n,
             basis_status_name(s), basis_last_error());
    double xn = normd(n, x), yn = normd(n, y), want = dotd(n, x, y) / yn;
    double tol = 8.0 * (double)n * eps;
    /* idempotent: P(P x) = P x, to eps |x| */
    double diff = 0.0;
    for (int64_t i = 0; i < n; i++)
        diff = fmax(diff, fabs(pp[i] - p[i]));
    BT_CHECK(diff <= tol * xn, "%c n=%lld: |P P x - P x| = %.3g > %.3g", prec ? 's' : 'd',
             (long long)n, diff, tol * xn);
    /* x - P x is orthogonal to y */
    double *r = malloc(sizeof(double) * (size_t)n);
    for (int64_t i = 0; i < n; i++)
        r[i] = x[i] - p[i];
    BT_CHECK(fabs(dotd(n, r, y)) <= tol * xn * yn, "%c n=%lld: residual not orthogonal (%.3g)",
             prec ? 's' : 'd', (long long)n, dotd(n, r, y) / (xn * yn));
    /* scalar projection: x . y / |y|, and |P x| = |scalar| */
    BT_CHECK(fabs(sc - want) <= tol * xn, "%c n=%lld: scalar %.17g want %.17g",
             prec ? 's' : 'd', (long long)n, sc, want);
    BT_CHECK(fabs(normd(n, p) - fabs(sc)) <= tol * xn, "%c n=%lld: |P x| != |scalar|",
             prec ? 's' : 'd', (long long)n);
    free(r);
    free(x);
    free(y);
    free(p);
    free(pp);
    free(xs);
    free(ys);
    free(ps);
    free(pps);
}

int main(void)
{
    bt_begin("projection_idempotent");
    bt_seed(9);
    const int64_t sizes[] = {1, 2, 3, 7, 63, 65, 257, 1000};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
        for (int prec = 0; prec < 2; prec++)
            run(sizes[i], prec);
    /* exact: onto an axis, with strides and a negative increment for p */
    double x[3] = {3, 4, 5}, ax[6] = {0, 9, 2, 9, 0, 9}, p[3] = {7, 7, 7}, sc = 0;
    basis_status s = basis_dvector_projection(NULL, 3, x, 1, ax, 2, p, -1);
    BT_CHECK(s == BASIS_OK && p[2] == 0 && p[1] == 4 && p[0] == 0, "axis: %s %g %g %g",
             basis_status_name(s), p[0], p[1], p[2]);
    s = basis_dscalar_projection(NULL, 3, x, 1, ax, 2, &sc);
    BT_CHECK(s == BASIS_OK && sc == 4.0, "axis scalar: %g", sc);
    /* zero direction: argument error, outputs untouched */
    double z[3] = {0, 0, 0};
    p[0] = p[1] = p[2] = 7;
    sc = 7;
    s = basis_dvector_projection(NULL, 3, x, 1, z, 1, p, 1);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && p[0] == 7 && p[1] == 7 && p[2] == 7 &&
                 strstr(basis_last_error(), "zero vector"),
             "zero y: %s %s", basis_status_name(s), basis_last_error());
    s = basis_dscalar_projection(NULL, 3, x, 1, z, 1, &sc);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && sc == 7, "zero y scalar: %s", basis_status_name(s));
    float xs[2] = {1, 2}, zs[2] = {0, 0}, ps[2] = {7, 7};
    s = basis_svector_projection(NULL, 2, xs, 1, zs, 1, ps, 1);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && ps[0] == 7, "s zero y: %s", basis_status_name(s));

    /* any finite magnitude: y subnormal gives the same direction as (1, 1); x near the top
     * of the range projects to itself although x . u overflows; a scalar projection past
     * the range is BASIS_ERR_OVERFLOW with the result untouched */
    double sub[2] = {5e-324, 5e-324}, one[2] = {1, 1}, x11[2] = {1, 1}, pd[2] = {0, 0};
    s = basis_dscalar_projection(NULL, 2, x11, 1, sub, 1, &sc);
    BT_CHECK(s == BASIS_OK && fabs(sc - sqrt(2.0)) <= 4 * BT_EPS_D,
             "onto a subnormal y: %s %.17g", basis_status_name(s), sc);
    s = basis_dvector_projection(NULL, 2, x11, 1, sub, 1, pd, 1);
    BT_CHECK(s == BASIS_OK && fabs(pd[0] - 1) <= 4 * BT_EPS_D && fabs(pd[1] - 1) <= 4 * BT_EPS_D,
             "vector onto a subnormal y: %s %g %g", basis_status_name(s), pd[0], pd[1]);
    double top[2] = {1.5e308, 1.5e308};
    s = basis_dvector_projection(NULL, 2, top, 1, one, 1, pd, 1);
    BT_CHECK(s == BASIS_OK && fabs(pd[0] / 1.5e308 - 1) <= 4 * BT_EPS_D &&
                 fabs(pd[1] / 1.5e308 - 1) <= 4 * BT_EPS_D,
             "x near the top onto (1, 1): %s %g %g", basis_status_name(s), pd[0], pd[1]);
    sc = 7;
    s = basis_dscalar_projection(NULL, 2, top, 1, one, 1, &sc);
    BT_CHECK(s == BASIS_ERR_OVERFLOW && sc == 7 && strstr(basis_last_error(), "range"),
             "a scalar projection of 2.1e308: %s %g %s", basis_status_name(s), sc,
             basis_last_error());
    float topf[2] = {3e38f, 3e38f}, onef[2] = {1, 1}, pf[2] = {0, 0}, subf[2] = {1e-45f, 1e-45f};
    s = basis_svector_projection(NULL, 2, topf, 1, onef, 1, pf, 1);
    BT_CHECK(s == BASIS_OK && fabs((double)pf[0] / 3e38 - 1) <= 4 * BT_EPS_S,
             "s x near the top onto (1, 1): %s %g", basis_status_name(s), (double)pf[0]);
    float scf = 0;
    s = basis_sscalar_projection(NULL, 2, onef, 1, subf, 1, &scf);
    BT_CHECK(s == BASIS_OK && fabs((double)scf - sqrt(2.0)) <= 4 * BT_EPS_S,
             "s onto a subnormal y: %s %.9g", basis_status_name(s), (double)scf);
    return bt_end();
}
