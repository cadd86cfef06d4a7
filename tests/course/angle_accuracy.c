/* angle_accuracy.c: s/d angle between vectors: exact cases, nearly parallel and nearly opposite vectors to a few eps (where acos loses half the digits), scale invariance, zero vector an argument error. */
#include <math.h>
#include <string.h>

#include "testutil.h"

static void check_d(int64_t n, const double *x, int64_t incx, const double *y, int64_t incy,
                    double want, const char *what)
{
    double got = -1.0;
    basis_status s = basis_dangle(NULL, n, x, incx, y, incy, &got);
    /* relative to the angle itself: the point of the formula is small angles */
    double tol = 8.0 * BT_EPS_D * fmax(want, 1e-300) + 4.0 * BT_EPS_D * (want > 1.0 ? 1.0 : 0.0);
    BT_CHECK(s == BASIS_OK && fabs(got - want) <= tol, "d %s: %s got %.17g want %.17g", what,
             basis_status_name(s), got, want);
}

static void check_s(int64_t n, const float *x, int64_t incx, const float *y, int64_t incy,
                    double want, const char *what)
{
    float got = -1.0f;
    basis_status s = basis_sangle(NULL, n, x, incx, y, incy, &got);
    double tol = 8.0 * BT_EPS_S * fmax(want, 1e-30) + 4.0 * BT_EPS_S * (want > 1.0 ? 1.0 : 0.0);
    BT_CHECK(s == BASIS_OK && fabs((double)got - want) <= tol, "s %s: %s got %.9g want %.9g",
             what, basis_status_name(s), (double)got, want);
}

int main(void)
{
    bt_begin("angle_accuracy");
    const double pi = 3.14159265358979323846;
    double e0[3] = {1, 0, 0}, e1[3] = {0, 1, 0}, d11[3] = {1, 1, 0}, m[3] = {-2, 0, 0};
    check_d(3, e0, 1, e1, 1, pi / 2, "orthogonal");
    check_d(3, e0, 1, d11, 1, pi / 4, "45 degrees");
    check_d(3, e0, 1, m, 1, pi, "opposite");
    check_d(3, e0, 1, e0, 1, 0.0, "same");
    /* nearly parallel: (1, t) against (1, 0) is atan(t) ~ t; acos(cos) would give 0 or
     * sqrt(eps)-sized garbage for t below 1e-8 */
    for (double t = 1e-3; t > 1e-200; t *= 1e-7) {
        double x[2] = {1.0, t}, y[2] = {3.0, 0.0}, xo[2] = {-1.0, -t};
        check_d(2, x, 1, y, 1, atan(t), "nearly parallel");
        check_d(2, xo, 1, y, 1, pi - atan(t), "nearly opposite");
        float xs[2] = {1.0f, (float)t}, ys[2] = {3.0f, 0.0f};
        if ((float)t > 0.0f)
            check_s(2, xs, 1, ys, 1, atan((double)(float)t), "nearly parallel");
    }
    /* lengths do not matter, down to subnormal and up to near overflow */
    double big[2] = {1e300, 1e300}, tiny[2] = {1e-310, 0.0};
    check_d(2, big, 1, tiny, 1, pi / 4, "huge vs subnormal");
    /* the subnormal grid itself: (5e-324, 5e-324) is the diagonal, at pi/4 from an axis */
    double ax1[2] = {1, 0}, diag_sub[2] = {5e-324, 5e-324};
    check_d(2, ax1, 1, diag_sub, 1, pi / 4, "axis vs the smallest subnormal diagonal");
    float f1[2] = {1, 0}, fdiag_sub[2] = {1e-45f, 1e-45f};
    check_s(2, f1, 1, fdiag_sub, 1, pi / 4, "s axis vs the smallest subnormal diagonal");
    /* strides, negative increments: y walked backwards is (0, 1, 0) reversed = same */
    double xs3[6] = {1, 99, 0, 99, 0, 99}, yr[3] = {0, 1, 0};
    check_d(3, xs3, 2, yr, -1, pi / 2, "strided");
    float fs[3] = {1, 0, 0}, gs[3] = {0, 0, 5};
    check_s(3, fs, 1, gs, 1, pi / 2, "orthogonal");

    /* failures: zero vector, empty, NaN: argument errors, result untouched */
    double z[3] = {0, 0, 0}, r = 42.0, nanv[2] = {NAN, 1};
    basis_status s = basis_dangle(NULL, 3, e0, 1, z, 1, &r);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && r == 42.0 && strstr(basis_last_error(), "zero vector"),
             "zero y: %s %s", basis_status_name(s), basis_last_error());
    s = basis_dangle(NULL, 3, z, 1, e0, 1, &r);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && r == 42.0, "zero x: %s", basis_status_name(s));
    s = basis_dangle(NULL, 0, e0, 1, e0, 1, &r);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && r == 42.0, "n = 0: %s", basis_status_name(s));
    s = basis_dangle(NULL, 2, nanv, 1, e0, 1, &r);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && r == 42.0, "NaN: %s", basis_status_name(s));
    s = basis_dangle(NULL, 2, e0, 0, e0, 1, &r);
    BT_CHECK(s == BASIS_ERR_ARGUMENT, "incx 0: %s", basis_status_name(s));
    float zs[2] = {0, 0}, rs = 42.0f;
    s = basis_sangle(NULL, 2, fs, 1, zs, 1, &rs);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && rs == 42.0f, "s zero: %s", basis_status_name(s));
    return bt_end();
}
