/* check_ref_kernels.c: independent checks of the reference kernels: hand-computed cases, properties, NaN/Inf rules. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ukernel.h"

/* ---- helpers ------------------------------------------------------------------------- */

/* A layout of an m x n matrix inside a buffer: strides, the offset of element (0,0) and the
 * buffer length. Kinds: padded column major, padded row major, rows stored backwards
 * (rs < 0), columns stored backwards (cs < 0). Padding is filled with NaN by the callers,
 * so a kernel that reads outside the matrix shows up as NaN in its result. */
enum { NKINDS = 4 };
typedef struct layout {
    int64_t rs, cs, off, len;
} layout;

static layout make_layout(int kind, int64_t m, int64_t n)
{
    layout l;
    switch (kind) {
    case 0:
        l.rs = 1, l.cs = m + 2, l.off = 0;
        break;
    case 1:
        l.rs = n + 1, l.cs = 1, l.off = 0;
        break;
    case 2:
        l.rs = -1, l.cs = m + 1, l.off = m - 1;
        break;
    default:
        l.rs = n + 3, l.cs = -1, l.off = n - 1;
        break;
    }
    l.len = l.off + (m - 1) * (l.rs > 0 ? l.rs : 0) + (n - 1) * (l.cs > 0 ? l.cs : 0) + 1;
    if (m == 0 || n == 0)
        l.len = 1;
    return l;
}

static const char *kind_name(int kind)
{
    static const char *names[NKINDS] = {"col-major", "row-major", "rows-reversed",
                                        "cols-reversed"};
    return names[kind];
}

/* Places the m x n row-major values v into buf (len elements, rest NaN) in layout l. */
static void place_d(double *buf, layout l, int64_t m, int64_t n, const double *v)
{
    for (int64_t i = 0; i < l.len; i++)
        buf[i] = NAN;
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++)
            buf[l.off + i * l.rs + j * l.cs] = v[i * n + j];
}

static void place_s(float *buf, layout l, int64_t m, int64_t n, const double *v)
{
    for (int64_t i = 0; i < l.len; i++)
        buf[i] = NAN;
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++)
            buf[l.off + i * l.rs + j * l.cs] = (float)v[i * n + j];
}

static int all_nan_d(const double *x, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            return 0;
    return 1;
}

static double rel_err(double got, double want)
{
    return fabs(got - want) / fabs(want);
}

/* ---- GEMM ---------------------------------------------------------------------------- */

/* A = [1 2 3; 4 5 6], B = [7 8; 9 10; 11 12], A B = [58 64; 139 154]. With alpha = 2,
 * beta = -1.5, C0 = [1 2; 3 4] every intermediate is a small multiple of 1/2, so the
 * reference must be exact in both precisions. */
static const double GA[6] = {1, 2, 3, 4, 5, 6};
static const double GB[6] = {7, 8, 9, 10, 11, 12};
static const double GC0[4] = {1, 2, 3, 4};
static const double GWANT[4] = {114.5, 125, 273.5, 302};

static void check_gemm_hand_d(void)
{
    double a[32], b[32], c[32];
    for (int ka = 0; ka < NKINDS; ka++)
        for (int kb = 0; kb < NKINDS; kb++)
            for (int kc = 0; kc < NKINDS; kc++) {
                layout la = make_layout(ka, 2, 3), lb = make_layout(kb, 3, 2);
                layout lc = make_layout(kc, 2, 2);
                place_d(a, la, 2, 3, GA);
                place_d(b, lb, 3, 2, GB);
                place_d(c, lc, 2, 2, GC0);
                basis_dgemm_ref(2, 2, 3, 2.0, a + la.off, la.rs, la.cs, b + lb.off, lb.rs,
                                lb.cs, -1.5, c + lc.off, lc.rs, lc.cs);
                int ok = 1;
                for (int i = 0; i < 2; i++)
                    for (int j = 0; j < 2; j++)
                        ok &= c[lc.off + i * lc.rs + j * lc.cs] == GWANT[i * 2 + j];
                BT_CHECK(ok, "dgemm 2x3*3x2: A %s, B %s, C %s", kind_name(ka), kind_name(kb),
                         kind_name(kc));
            }

    /* A^T and B^T stored column major; passing their strides swapped gives A and B. */
    const double at[6] = {1, 2, 3, 4, 5, 6};     /* A^T (3 x 2), ld 3 */
    const double bt[6] = {7, 8, 9, 10, 11, 12};  /* B^T (2 x 3), ld 2 */
    double cc[4] = {1, 3, 2, 4};                 /* C0 column major */
    basis_dgemm_ref(2, 2, 3, 2.0, at, 3, 1, bt, 2, 1, -1.5, cc, 1, 2);
    BT_CHECK(cc[0] == 114.5 && cc[1] == 273.5 && cc[2] == 125 && cc[3] == 302,
             "dgemm transposed via swapped strides: %g %g %g %g", cc[0], cc[1], cc[2], cc[3]);
}

static void check_gemm_hand_s(void)
{
    float a[32], b[32], c[32];
    for (int ka = 0; ka < NKINDS; ka++)
        for (int kb = 0; kb < NKINDS; kb++)
            for (int kc = 0; kc < NKINDS; kc++) {
                layout la = make_layout(ka, 2, 3), lb = make_layout(kb, 3, 2);
                layout lc = make_layout(kc, 2, 2);
                place_s(a, la, 2, 3, GA);
                place_s(b, lb, 3, 2, GB);
                place_s(c, lc, 2, 2, GC0);
                basis_sgemm_ref(2, 2, 3, 2.0f, a + la.off, la.rs, la.cs, b + lb.off, lb.rs,
                                lb.cs, -1.5f, c + lc.off, lc.rs, lc.cs);
                int ok = 1;
                for (int i = 0; i < 2; i++)
                    for (int j = 0; j < 2; j++)
                        ok &= c[lc.off + i * lc.rs + j * lc.cs] == (float)GWANT[i * 2 + j];
                BT_CHECK(ok, "sgemm 2x3*3x2: A %s, B %s, C %s", kind_name(ka), kind_name(kb),
                         kind_name(kc));
            }

    const float at[6] = {1, 2, 3, 4, 5, 6};
    const float bt[6] = {7, 8, 9, 10, 11, 12};
    float cc[4] = {1, 3, 2, 4};
    basis_sgemm_ref(2, 2, 3, 2.0f, at, 3, 1, bt, 2, 1, -1.5f, cc, 1, 2);
    BT_CHECK(cc[0] == 114.5f && cc[1] == 273.5f && cc[2] == 125.0f && cc[3] == 302.0f,
             "sgemm transposed via swapped strides: %g %g %g %g", cc[0], cc[1], cc[2], cc[3]);
}

enum { GM = 7, GN = 5, GK = 9 };

static void check_gemm_props_d(void)
{
    double a[GM * GK], b[GK * GN], c[GM * GN], c0[GM * GN], ref[GM * GN];
    double eye[GN * GN] = {0}, nan_a[GM * GK], nan_b[GK * GN];
    for (int i = 0; i < GN; i++)
        eye[i * GN + i] = 1.0;
    for (int i = 0; i < GM * GK; i++)
        nan_a[i] = NAN;
    for (int i = 0; i < GK * GN; i++)
        nan_b[i] = NAN;
    bt_fill_d(a, GM * GK);
    bt_fill_d(b, GK * GN);
    bt_fill_d(c0, GM * GN);

    /* A (7 x 5 here, column major ld GM) times I is A exactly; C starts as NaN (beta = 0). */
    for (int i = 0; i < GM * GN; i++)
        c[i] = NAN;
    basis_dgemm_ref(GM, GN, GN, 1.0, a, 1, GM, eye, 1, GN, 0.0, c, 1, GM);
    BT_CHECK(memcmp(c, a, sizeof c) == 0, "dgemm A*I != A");

    /* Accuracy against a long double product: |error| <= gamma_{k+2} (|alpha||A||B| + |beta||C|). */
    memcpy(c, c0, sizeof c);
    basis_dgemm_ref(GM, GN, GK, -1.5, a, 1, GM, b, 1, GK, 0.75, c, 1, GM);
    double worst = 0.0;
    for (int i = 0; i < GM; i++)
        for (int j = 0; j < GN; j++) {
            long double s = 0.0L, sabs = 0.0L;
            for (int p = 0; p < GK; p++) {
                s += (long double)a[i + p * GM] * b[p + j * GK];
                sabs += fabsl((long double)a[i + p * GM] * b[p + j * GK]);
            }
            long double want = -1.5L * s + 0.75L * c0[i + j * GM];
            long double bound = 1.5L * sabs + 0.75L * fabsl((long double)c0[i + j * GM]);
            double r = (double)(fabsl(c[i + j * GM] - want) / bound);
            worst = r > worst ? r : worst;
        }
    BT_CHECK(worst <= 2.0 * (GK + 2) * BT_EPS_D, "dgemm error %g > gamma bound (%g)", worst,
             2.0 * (GK + 2) * BT_EPS_D);

    /* beta = 0 never reads C: NaN there gives exactly what beta = 1 on zeros gives. */
    for (int i = 0; i < GM * GN; i++)
        c[i] = NAN, ref[i] = 0.0;
    basis_dgemm_ref(GM, GN, GK, 1.25, a, 1, GM, b, 1, GK, 0.0, c, 1, GM);
    basis_dgemm_ref(GM, GN, GK, 1.25, a, 1, GM, b, 1, GK, 1.0, ref, 1, GM);
    BT_CHECK(memcmp(c, ref, sizeof c) == 0, "dgemm beta=0 read C (NaN propagated)");

    /* alpha = 0 never reads A or B: C := beta C; with beta = 0 as well, C := 0. */
    memcpy(c, c0, sizeof c);
    basis_dgemm_ref(GM, GN, GK, 0.0, nan_a, 1, GM, nan_b, 1, GK, -1.5, c, 1, GM);
    int ok = 1;
    for (int i = 0; i < GM * GN; i++)
        ok &= c[i] == -1.5 * c0[i];
    BT_CHECK(ok, "dgemm alpha=0 != beta*C (A or B read?)");
    for (int i = 0; i < GM * GN; i++)
        c[i] = NAN;
    basis_dgemm_ref(GM, GN, GK, 0.0, nan_a, 1, GM, nan_b, 1, GK, 0.0, c, 1, GM);
    ok = 1;
    for (int i = 0; i < GM * GN; i++)
        ok &= c[i] == 0.0;
    BT_CHECK(ok, "dgemm alpha=0, beta=0 did not zero C");

    /* k = 0 only scales C. */
    memcpy(c, c0, sizeof c);
    basis_dgemm_ref(GM, GN, 0, 2.0, nan_a, 1, GM, nan_b, 1, 1, 0.5, c, 1, GM);
    ok = 1;
    for (int i = 0; i < GM * GN; i++)
        ok &= c[i] == 0.5 * c0[i];
    BT_CHECK(ok, "dgemm k=0 != beta*C");
}

static void check_gemm_props_s(void)
{
    float a[GM * GK], b[GK * GN], c[GM * GN], c0[GM * GN], ref[GM * GN];
    float eye[GN * GN] = {0}, nan_a[GM * GK], nan_b[GK * GN];
    for (int i = 0; i < GN; i++)
        eye[i * GN + i] = 1.0f;
    for (int i = 0; i < GM * GK; i++)
        nan_a[i] = NAN;
    for (int i = 0; i < GK * GN; i++)
        nan_b[i] = NAN;
    bt_fill_s(a, GM * GK);
    bt_fill_s(b, GK * GN);
    bt_fill_s(c0, GM * GN);

    for (int i = 0; i < GM * GN; i++)
        c[i] = NAN;
    basis_sgemm_ref(GM, GN, GN, 1.0f, a, 1, GM, eye, 1, GN, 0.0f, c, 1, GM);
    BT_CHECK(memcmp(c, a, sizeof c) == 0, "sgemm A*I != A");

    /* Accuracy against a double product of the same float data. */
    memcpy(c, c0, sizeof c);
    basis_sgemm_ref(GM, GN, GK, -1.5f, a, 1, GM, b, 1, GK, 0.75f, c, 1, GM);
    double worst = 0.0;
    for (int i = 0; i < GM; i++)
        for (int j = 0; j < GN; j++) {
            double s = 0.0, sabs = 0.0;
            for (int p = 0; p < GK; p++) {
                s += (double)a[i + p * GM] * b[p + j * GK];
                sabs += fabs((double)a[i + p * GM] * b[p + j * GK]);
            }
            double want = -1.5 * s + 0.75 * c0[i + j * GM];
            double bound = 1.5 * sabs + 0.75 * fabs((double)c0[i + j * GM]);
            double r = fabs(c[i + j * GM] - want) / bound;
            worst = r > worst ? r : worst;
        }
    BT_CHECK(worst <= 2.0 * (GK + 2) * BT_EPS_S, "sgemm error %g > gamma bound (%g)", worst,
             2.0 * (GK + 2) * BT_EPS_S);
    BT_CHECK(worst > 0.0, "sgemm matches a double product exactly: accumulating in double?");

    for (int i = 0; i < GM * GN; i++)
        c[i] = NAN, ref[i] = 0.0f;
    basis_sgemm_ref(GM, GN, GK, 1.25f, a, 1, GM, b, 1, GK, 0.0f, c, 1, GM);
    basis_sgemm_ref(GM, GN, GK, 1.25f, a, 1, GM, b, 1, GK, 1.0f, ref, 1, GM);
    BT_CHECK(memcmp(c, ref, sizeof c) == 0, "sgemm beta=0 read C (NaN propagated)");

    memcpy(c, c0, sizeof c);
    basis_sgemm_ref(GM, GN, GK, 0.0f, nan_a, 1, GM, nan_b, 1, GK, -1.5f, c, 1, GM);
    int ok = 1;
    for (int i = 0; i < GM * GN; i++)
        ok &= c[i] == -1.5f * c0[i];
    BT_CHECK(ok, "sgemm alpha=0 != beta*C (A or B read?)");
    for (int i = 0; i < GM * GN; i++)
        c[i] = NAN;
    basis_sgemm_ref(GM, GN, GK, 0.0f, nan_a, 1, GM, nan_b, 1, GK, 0.0f, c, 1, GM);
    ok = 1;
    for (int i = 0; i < GM * GN; i++)
        ok &= c[i] == 0.0f;
    BT_CHECK(ok, "sgemm alpha=0, beta=0 did not zero C");

    memcpy(c, c0, sizeof c);
    basis_sgemm_ref(GM, GN, 0, 2.0f, nan_a, 1, GM, nan_b, 1, 1, 0.5f, c, 1, GM);
    ok = 1;
    for (int i = 0; i < GM * GN; i++)
        ok &= c[i] == 0.5f * c0[i];
    BT_CHECK(ok, "sgemm k=0 != beta*C");
}

/* ---- GEMV ---------------------------------------------------------------------------- */

/* A x with A as above and x = (1, 2, 3) is (14, 32); 2 A x - 1.5 (1, 2) = (26.5, 61).
 * A^T (1, 2) = (9, 12, 15). */
static void check_gemv_d(void)
{
    double a[32];
    const double x[5] = {1, NAN, 2, NAN, 3}; /* stride 2 */
    for (int ka = 0; ka < NKINDS; ka++) {
        layout la = make_layout(ka, 2, 3);
        place_d(a, la, 2, 3, GA);
        double y[2] = {2, 1}; /* read backwards: y = (1, 2) */
        basis_dgemv_ref(2, 3, 2.0, a + la.off, la.rs, la.cs, x, 2, -1.5, y + 1, -1);
        BT_CHECK(y[1] == 26.5 && y[0] == 61.0, "dgemv A %s: (%g, %g)", kind_name(ka), y[1],
                 y[0]);
        double yt[3] = {NAN, NAN, NAN};
        const double xt[2] = {1, 2};
        basis_dgemv_ref(3, 2, 1.0, a + la.off, la.cs, la.rs, xt, 1, 0.0, yt, 1);
        BT_CHECK(yt[0] == 9 && yt[1] == 12 && yt[2] == 15, "dgemv A^T %s: (%g, %g, %g)",
                 kind_name(ka), yt[0], yt[1], yt[2]);
    }
    double nan_a[6] = {NAN, NAN, NAN, NAN, NAN, NAN}, nan_x[3] = {NAN, NAN, NAN};
    double y[2] = {4, -2};
    basis_dgemv_ref(2, 3, 0.0, nan_a, 1, 2, nan_x, 1, 0.5, y, 1);
    BT_CHECK(y[0] == 2 && y[1] == -1, "dgemv alpha=0 != beta*y");
    y[0] = y[1] = NAN;
    basis_dgemv_ref(2, 3, 0.0, nan_a, 1, 2, nan_x, 1, 0.0, y, 1);
    BT_CHECK(y[0] == 0 && y[1] == 0, "dgemv alpha=0, beta=0 did not zero y");
    y[0] = 4, y[1] = -2;
    basis_dgemv_ref(2, 0, 1.0, nan_a, 1, 2, nan_x, 1, 0.5, y, 1);
    BT_CHECK(y[0] == 2 && y[1] == -1, "dgemv n=0 != beta*y");
}

static void check_gemv_s(void)
{
    float a[32];
    const float x[5] = {1, NAN, 2, NAN, 3};
    for (int ka = 0; ka < NKINDS; ka++) {
        layout la = make_layout(ka, 2, 3);
        place_s(a, la, 2, 3, GA);
        float y[2] = {2, 1};
        basis_sgemv_ref(2, 3, 2.0f, a + la.off, la.rs, la.cs, x, 2, -1.5f, y + 1, -1);
        BT_CHECK(y[1] == 26.5f && y[0] == 61.0f, "sgemv A %s: (%g, %g)", kind_name(ka), y[1],
                 y[0]);
        float yt[3] = {NAN, NAN, NAN};
        const float xt[2] = {1, 2};
        basis_sgemv_ref(3, 2, 1.0f, a + la.off, la.cs, la.rs, xt, 1, 0.0f, yt, 1);
        BT_CHECK(yt[0] == 9 && yt[1] == 12 && yt[2] == 15, "sgemv A^T %s: (%g, %g, %g)",
                 kind_name(ka), yt[0], yt[1], yt[2]);
    }
    float nan_a[6] = {NAN, NAN, NAN, NAN, NAN, NAN}, nan_x[3] = {NAN, NAN, NAN};
    float y[2] = {4, -2};
    basis_sgemv_ref(2, 3, 0.0f, nan_a, 1, 2, nan_x, 1, 0.5f, y, 1);
    BT_CHECK(y[0] == 2 && y[1] == -1, "sgemv alpha=0 != beta*y");
    y[0] = y[1] = NAN;
    basis_sgemv_ref(2, 3, 0.0f, nan_a, 1, 2, nan_x, 1, 0.0f, y, 1);
    BT_CHECK(y[0] == 0 && y[1] == 0, "sgemv alpha=0, beta=0 did not zero y");
    y[0] = 4, y[1] = -2;
    basis_sgemv_ref(2, 0, 1.0f, nan_a, 1, 2, nan_x, 1, 0.5f, y, 1);
    BT_CHECK(y[0] == 2 && y[1] == -1, "sgemv n=0 != beta*y");
}

/* ---- level 1 ------------------------------------------------------------------------- */

static void check_level1_d(void)
{
    /* x = (1, 2, 3) at stride 2; y stored (4, 5, 6) read backwards = (6, 5, 4): 6+10+12. */
    const double x[5] = {1, NAN, 2, NAN, 3}, y[3] = {4, 5, 6};
    BT_CHECK(basis_ddot_ref(3, x, 2, y + 2, -1) == 28.0, "ddot strided");
    BT_CHECK(basis_ddot_ref(0, x, 1, y, 1) == 0.0, "ddot n=0");

    double yy[3] = {10, 20, 30}; /* logical y = (30, 20, 10) */
    basis_daxpy_ref(3, -2.0, x, 2, yy + 2, -1);
    BT_CHECK(yy[2] == 28 && yy[1] == 16 && yy[0] == 4, "daxpy negative stride: %g %g %g",
             yy[2], yy[1], yy[0]);
    const double nx[3] = {NAN, NAN, NAN};
    basis_daxpy_ref(3, 0.0, nx, 1, yy, 1);
    BT_CHECK(yy[0] == 4 && yy[1] == 16 && yy[2] == 28, "daxpy alpha=0 read x or wrote y");

    double s[5] = {1, 7, 2, 7, 3};
    basis_dscal_ref(3, -0.5, s + 4, -2);
    BT_CHECK(s[0] == -0.5 && s[2] == -1 && s[4] == -1.5 && s[1] == 7 && s[3] == 7,
             "dscal negative stride");
    double sn[3] = {NAN, INFINITY, 1};
    basis_dscal_ref(3, 0.0, sn, 1);
    BT_CHECK(sn[0] == 0 && sn[1] == 0 && sn[2] == 0, "dscal alpha=0 did not overwrite");

    /* nrm2: hypotenuses whose squares overflow or underflow double. */
    const double big[2] = {3e200, 4e200}, tiny[2] = {3e-200, 4e-200};
    double r = basis_dnrm2_ref(2, big, 1);
    BT_CHECK(rel_err(r, 5e200) <= 4 * BT_EPS_D, "dnrm2 {3e200,4e200} = %g", r);
    r = basis_dnrm2_ref(2, tiny, 1);
    BT_CHECK(rel_err(r, 5e-200) <= 4 * BT_EPS_D, "dnrm2 {3e-200,4e-200} = %g", r);
    const double sub[2] = {3e-310, 4e-310}; /* subnormal: judged in units of the smallest */
    r = basis_dnrm2_ref(2, sub, 1);
    BT_CHECK(fabs(r - 5e-310) <= 4 * DBL_TRUE_MIN, "dnrm2 subnormal = %g", r);
    const double mix[4] = {1e-300, -1e300, 0.0, 1e-300};
    r = basis_dnrm2_ref(4, mix, 1);
    BT_CHECK(r == 1e300, "dnrm2 mixed scales = %g", r);
    double many[100];
    for (int i = 0; i < 100; i++)
        many[i] = (i % 2 ? -1 : 1) * 1e300;
    r = basis_dnrm2_ref(50, many + 99, -2); /* 50 entries of magnitude 1e300 */
    BT_CHECK(rel_err(r, sqrt(50.0) * 1e300) <= 8 * BT_EPS_D, "dnrm2 50 x 1e300 = %g", r);
    const double v345[3] = {3, 0, 4};
    BT_CHECK(rel_err(basis_dnrm2_ref(2, v345, 2), 5.0) <= 2 * BT_EPS_D, "dnrm2 stride 2");
    BT_CHECK(basis_dnrm2_ref(0, v345, 1) == 0.0, "dnrm2 n=0");
    const double z[2] = {0.0, -0.0};
    BT_CHECK(basis_dnrm2_ref(2, z, 1) == 0.0, "dnrm2 of zeros");

    /* Inf gives Inf (two Infs too: the scaled ratio Inf/Inf must not make NaN); NaN wins. */
    const double i1[3] = {1, INFINITY, 2}, i2[2] = {INFINITY, -INFINITY};
    const double n1[3] = {1, NAN, 2}, n2[2] = {INFINITY, NAN}, n3[2] = {NAN, INFINITY};
    const double n4[2] = {NAN, 0.0};
    BT_CHECK(isinf(basis_dnrm2_ref(3, i1, 1)), "dnrm2 {1,Inf,2} not Inf");
    BT_CHECK(isinf(basis_dnrm2_ref(2, i2, 1)), "dnrm2 {Inf,-Inf} not Inf");
    BT_CHECK(isnan(basis_dnrm2_ref(3, n1, 1)), "dnrm2 {1,NaN,2} not NaN");
    BT_CHECK(isnan(basis_dnrm2_ref(2, n2, 1)), "dnrm2 {Inf,NaN} not NaN");
    BT_CHECK(isnan(basis_dnrm2_ref(2, n3, 1)), "dnrm2 {NaN,Inf} not NaN");
    BT_CHECK(isnan(basis_dnrm2_ref(2, n4, 1)), "dnrm2 {NaN,0} not NaN");
}

static void check_level1_s(void)
{
    const float x[5] = {1, NAN, 2, NAN, 3}, y[3] = {4, 5, 6};
    BT_CHECK(basis_sdot_ref(3, x, 2, y + 2, -1) == 28.0f, "sdot strided");
    BT_CHECK(basis_sdot_ref(0, x, 1, y, 1) == 0.0f, "sdot n=0");

    float yy[3] = {10, 20, 30};
    basis_saxpy_ref(3, -2.0f, x, 2, yy + 2, -1);
    BT_CHECK(yy[2] == 28 && yy[1] == 16 && yy[0] == 4, "saxpy negative stride: %g %g %g",
             yy[2], yy[1], yy[0]);
    const float nx[3] = {NAN, NAN, NAN};
    basis_saxpy_ref(3, 0.0f, nx, 1, yy, 1);
    BT_CHECK(yy[0] == 4 && yy[1] == 16 && yy[2] == 28, "saxpy alpha=0 read x or wrote y");

    float s[5] = {1, 7, 2, 7, 3};
    basis_sscal_ref(3, -0.5f, s + 4, -2);
    BT_CHECK(s[0] == -0.5f && s[2] == -1 && s[4] == -1.5f && s[1] == 7 && s[3] == 7,
             "sscal negative stride");
    float sn[3] = {NAN, INFINITY, 1};
    basis_sscal_ref(3, 0.0f, sn, 1);
    BT_CHECK(sn[0] == 0 && sn[1] == 0 && sn[2] == 0, "sscal alpha=0 did not overwrite");

    /* Float accumulation: 1 + 2^-24 + 2^-24 is 1 in float, 1 + 2^-23 in double. */
    const float ones[3] = {1.0f, 0x1p-24f, 0x1p-24f}, one3[3] = {1, 1, 1};
    BT_CHECK(basis_sdot_ref(3, ones, 1, one3, 1) == 1.0f, "sdot does not accumulate in float");

    const float big[2] = {3e30f, 4e30f}, tiny[2] = {3e-30f, 4e-30f};
    float r = basis_snrm2_ref(2, big, 1);
    BT_CHECK(rel_err(r, 5e30) <= 4 * BT_EPS_S, "snrm2 {3e30,4e30} = %g", r);
    r = basis_snrm2_ref(2, tiny, 1);
    BT_CHECK(rel_err(r, 5e-30) <= 4 * BT_EPS_S, "snrm2 {3e-30,4e-30} = %g", r);
    const float sub[2] = {3e-42f, 4e-42f};
    r = basis_snrm2_ref(2, sub, 1);
    BT_CHECK(fabs(r - 5e-42) <= 4 * FLT_TRUE_MIN, "snrm2 subnormal = %g", r);
    const float mix[4] = {1e-30f, -1e30f, 0.0f, 1e-30f};
    r = basis_snrm2_ref(4, mix, 1);
    BT_CHECK(r == 1e30f, "snrm2 mixed scales = %g", r);
    float many[100];
    for (int i = 0; i < 100; i++)
        many[i] = (i % 2 ? -1 : 1) * 1e37f;
    r = basis_snrm2_ref(50, many + 99, -2);
    BT_CHECK(rel_err(r, sqrt(50.0) * 1e37f) <= 8 * BT_EPS_S, "snrm2 50 x 1e37 = %g", r);
    const float v345[3] = {3, 0, 4};
    BT_CHECK(rel_err(basis_snrm2_ref(2, v345, 2), 5.0) <= 2 * BT_EPS_S, "snrm2 stride 2");
    BT_CHECK(basis_snrm2_ref(0, v345, 1) == 0.0f, "snrm2 n=0");

    const float i1[3] = {1, INFINITY, 2}, i2[2] = {INFINITY, -INFINITY};
    const float n1[3] = {1, NAN, 2}, n2[2] = {INFINITY, NAN}, n3[2] = {NAN, INFINITY};
    const float n4[2] = {NAN, 0.0f};
    BT_CHECK(isinf(basis_snrm2_ref(3, i1, 1)), "snrm2 {1,Inf,2} not Inf");
    BT_CHECK(isinf(basis_snrm2_ref(2, i2, 1)), "snrm2 {Inf,-Inf} not Inf");
    BT_CHECK(isnan(basis_snrm2_ref(3, n1, 1)), "snrm2 {1,NaN,2} not NaN");
    BT_CHECK(isnan(basis_snrm2_ref(2, n2, 1)), "snrm2 {Inf,NaN} not NaN");
    BT_CHECK(isnan(basis_snrm2_ref(2, n3, 1)), "snrm2 {NaN,Inf} not NaN");
    BT_CHECK(isnan(basis_snrm2_ref(2, n4, 1)), "snrm2 {NaN,0} not NaN");
}

/* ---- LU ------------------------------------------------------------------------------ */

/* max |P A - L U| / (max(m,n) ||A||_1 eps) for A (m x n, column major, ld m) and its factors
 * lu (strides rs, cs). Also checks that the pivots are in range and |L| <= 1. Returns -1
 * when a structural property fails. */
static double lu_ratio_d(int64_t m, int64_t n, const double *a, const double *lu, int64_t rs,
                         int64_t cs, const int64_t *ipiv)
{
    int64_t kmin = m < n ? m : n;
    double *pa = malloc((size_t)(m * n) * sizeof *pa);
    memcpy(pa, a, (size_t)(m * n) * sizeof *pa);
    for (int64_t i = 0; i < kmin; i++) {
        if (ipiv[i] < i || ipiv[i] >= m) {
            free(pa);
            return -1;
        }
        for (int64_t j = 0; j < n; j++) {
            double t = pa[i + j * m];
            pa[i + j * m] = pa[ipiv[i] + j * m];
            pa[ipiv[i] + j * m] = t;
        }
    }
    double norm = 0.0, err = 0.0;
    for (int64_t j = 0; j < n; j++) {
        double col = 0.0;
        for (int64_t i = 0; i < m; i++)
            col += fabs(a[i + j * m]);
        norm = col > norm ? col : norm;
    }
    for (int64_t i = 0; i < m; i++) {
        for (int64_t j = 0; j < n; j++) {
            long double s = 0.0L;
            for (int64_t p = 0; p < kmin && p <= i && p <= j; p++) {
                double l = p == i ? 1.0 : lu[i * rs + p * cs];
                if (p < i && fabs(l) > 1.0) {
                    free(pa);
                    return -1;
                }
                s += (long double)l * lu[p * rs + j * cs];
            }
            double e = (double)fabsl(pa[i + j * m] - s);
            err = e > err ? e : err;
        }
    }
    free(pa);
    return err / ((double)(m > n ? m : n) * norm * BT_EPS_D);
}

static double lu_ratio_s(int64_t m, int64_t n, const float *a, const float *lu, int64_t rs,
                         int64_t cs, const int64_t *ipiv)
{
    int64_t kmin = m < n ? m : n;
    float *pa = malloc((size_t)(m * n) * sizeof *pa);
    memcpy(pa, a, (size_t)(m * n) * sizeof *pa);
    for (int64_t i = 0; i < kmin; i++) {
        if (ipiv[i] < i || ipiv[i] >= m) {
            free(pa);
            return -1;
        }
        for (int64_t j = 0; j < n; j++) {
            float t = pa[i + j * m];
            pa[i + j * m] = pa[ipiv[i] + j * m];
            pa[ipiv[i] + j * m] = t;
        }
    }
    double norm = 0.0, err = 0.0;
    for (int64_t j = 0; j < n; j++) {
        double col = 0.0;
        for (int64_t i = 0; i < m; i++)
            col += fabs(a[i + j * m]);
        norm = col > norm ? col : norm;
    }
    for (int64_t i = 0; i < m; i++) {
        for (int64_t j = 0; j < n; j++) {
            double s = 0.0;
            for (int64_t p = 0; p < kmin && p <= i && p <= j; p++) {
                double l = p == i ? 1.0 : lu[i * rs + p * cs];
                if (p < i && fabs(l) > 1.0) {
                    free(pa);
                    return -1;
                }
                s += l * lu[p * rs + j * cs];
            }
            double e = fabs(pa[i + j * m] - s);
            err = e > err ? e : err;
        }
    }
    free(pa);
    return err / ((double)(m > n ? m : n) * norm * BT_EPS_S);
}

enum { LU_MAX = 7 };
static const int64_t LU_SHAPES[3][2] = {{7, 7}, {5, 3}, {3, 5}};

static void check_getrf_random_d(void)
{
    double a[LU_MAX * LU_MAX], lu[LU_MAX * LU_MAX], lu2[(LU_MAX + 3) * LU_MAX];
    int64_t ipiv[LU_MAX], ipiv2[LU_MAX];
    for (int s = 0; s < 3; s++) {
        int64_t m = LU_SHAPES[s][0], n = LU_SHAPES[s][1], kmin = m < n ? m : n;
        bt_fill_d(a, m * n);
        memcpy(lu, a, (size_t)(m * n) * sizeof *lu);
        int64_t info = basis_dgetrf_ref(m, n, lu, 1, m, ipiv);
        double r = lu_ratio_d(m, n, a, lu, 1, m, ipiv);
        BT_CHECK(info == 0, "dgetrf %lldx%lld info %lld", (long long)m, (long long)n,
                 (long long)info);
        BT_CHECK(r >= 0 && r <= 10.0, "dgetrf %lldx%lld: ||PA-LU||/(n||A||eps) = %g",
                 (long long)m, (long long)n, r);
        /* Every other layout must give bit for bit the same factors and pivots. */
        for (int kind = 1; kind < NKINDS; kind++) {
            layout l = make_layout(kind, m, n);
            double vals[LU_MAX * LU_MAX];
            for (int64_t i = 0; i < m; i++)
                for (int64_t j = 0; j < n; j++)
                    vals[i * n + j] = a[i + j * m];
            place_d(lu2, l, m, n, vals);
            basis_dgetrf_ref(m, n, lu2 + l.off, l.rs, l.cs, ipiv2);
            int same = memcmp(ipiv, ipiv2, (size_t)kmin * sizeof *ipiv) == 0;
            for (int64_t i = 0; i < m; i++)
                for (int64_t j = 0; j < n; j++)
                    same &= lu2[l.off + i * l.rs + j * l.cs] == lu[i + j * m];
            BT_CHECK(same, "dgetrf %lldx%lld %s differs from column major", (long long)m,
                     (long long)n, kind_name(kind));
        }
    }
}

static void check_getrf_random_s(void)
{
    float a[LU_MAX * LU_MAX], lu[LU_MAX * LU_MAX];
    int64_t ipiv[LU_MAX];
    for (int s = 0; s < 3; s++) {
        int64_t m = LU_SHAPES[s][0], n = LU_SHAPES[s][1];
        bt_fill_s(a, m * n);
        /* Row major this time, to exercise the strides in single precision too. */
        for (int64_t i = 0; i < m; i++)
            for (int64_t j = 0; j < n; j++)
                lu[i * n + j] = a[i + j * m];
        int64_t info = basis_sgetrf_ref(m, n, lu, n, 1, ipiv);
        double r = lu_ratio_s(m, n, a, lu, n, 1, ipiv);
        BT_CHECK(info == 0, "sgetrf %lldx%lld info %lld", (long long)m, (long long)n,
                 (long long)info);
        BT_CHECK(r >= 0 && r <= 10.0, "sgetrf %lldx%lld: ||PA-LU||/(n||A||eps) = %g",
                 (long long)m, (long long)n, r);
    }
}

/* A = [1 2 3; 4 5 6; 7 8 10], by hand: pivot 7 (row 2), then 6/7 (row 2 again):
 * L = [1 0 0; 1/7 1 0; 4/7 1/2 1], U = [7 8 10; 0 6/7 11/7; 0 0 -1/2], ipiv = (2, 2, 2).
 * The second has ties: |1| = |-1| keeps row 0; then the updated column is (2, -2): row 1. */
static const double LU3_A[9] = {1, 2, 3, 4, 5, 6, 7, 8, 10};
static const double LU3_LU[9] = {7, 8, 10, 1.0 / 7, 6.0 / 7, 11.0 / 7, 4.0 / 7, 0.5, -0.5};
static const double TIE_A[6] = {1, 5, -1, -3, 0.5, 0.5}; /* 3 x 2, row major */
static const double TIE_LU[6] = {1, 5, -1, 2, 0.5, -1};  /* pivots (0, 1) */
/* Singular: a zero column (info 2, factorization continues: U(2,2) = 0.6), a zero pivot
 * that appears during elimination (info 2), and the zero matrix (info 1, the first). */
static const double SING_A[9] = {1, 0, 2, 3, 0, 4, 5, 0, 7};
static const double SING2_A[4] = {1, 2, 2, 4};
static const double ZERO_A[4] = {0, 0, 0, 0};

static void check_getrf_hand_d(void)
{
    double lu[9];
    int64_t ipiv[3];
    layout l3 = make_layout(1, 3, 3);
    double lub[16];
    place_d(lub, l3, 3, 3, LU3_A);
    int64_t info = basis_dgetrf_ref(3, 3, lub, l3.rs, l3.cs, ipiv);
    double worst = 0.0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double e = fabs(lub[i * l3.rs + j * l3.cs] - LU3_LU[i * 3 + j]);
            worst = e > worst ? e : worst;
        }
    BT_CHECK(info == 0 && ipiv[0] == 2 && ipiv[1] == 2 && ipiv[2] == 2,
             "dgetrf 3x3: info %lld ipiv (%lld %lld %lld), want 0 (2 2 2)", (long long)info,
             (long long)ipiv[0], (long long)ipiv[1], (long long)ipiv[2]);
    BT_CHECK(worst <= 16 * BT_EPS_D, "dgetrf 3x3 factors off by %g", worst);

    double t[6];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 2; j++)
            t[i + 3 * j] = TIE_A[i * 2 + j];
    info = basis_dgetrf_ref(3, 2, t, 1, 3, ipiv);
    int ok = info == 0 && ipiv[0] == 0 && ipiv[1] == 1;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 2; j++)
            ok &= t[i + 3 * j] == TIE_LU[i * 2 + j];
    BT_CHECK(ok, "dgetrf ties: ipiv (%lld %lld), want (0 1)", (long long)ipiv[0],
             (long long)ipiv[1]);

    double sa[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            sa[i + 3 * j] = SING_A[i * 3 + j];
    memcpy(lu, sa, sizeof lu);
    info = basis_dgetrf_ref(3, 3, lu, 1, 3, ipiv);
    BT_CHECK(info == 2, "dgetrf zero column: info %lld, want 2", (long long)info);
    BT_CHECK(fabs(lu[2 + 3 * 2] - 0.6) <= 16 * BT_EPS_D, "dgetrf did not continue: U22 = %g",
             lu[8]);
    double r = lu_ratio_d(3, 3, sa, lu, 1, 3, ipiv);
    BT_CHECK(r >= 0 && r <= 10.0, "dgetrf singular: PA != LU (%g)", r);
    double s2[4] = {SING2_A[0], SING2_A[2], SING2_A[1], SING2_A[3]};
    info = basis_dgetrf_ref(2, 2, s2, 1, 2, ipiv);
    BT_CHECK(info == 2 && ipiv[0] == 1 && s2[3] == 0.0, "dgetrf rank 1: info %lld",
             (long long)info);
    double z[4];
    memcpy(z, ZERO_A, sizeof z);
    info = basis_dgetrf_ref(2, 2, z, 1, 2, ipiv);
    BT_CHECK(info == 1 && ipiv[0] == 0 && ipiv[1] == 1, "dgetrf zero matrix: info %lld",
             (long long)info);
}

static void check_getrf_hand_s(void)
{
    float lub[16];
    int64_t ipiv[3];
    layout l3 = make_layout(0, 3, 3);
    place_s(lub, l3, 3, 3, LU3_A);
    int64_t info = basis_sgetrf_ref(3, 3, lub, l3.rs, l3.cs, ipiv);
    double worst = 0.0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double e = fabs(lub[i * l3.rs + j * l3.cs] - LU3_LU[i * 3 + j]);
            worst = e > worst ? e : worst;
        }
    BT_CHECK(info == 0 && ipiv[0] == 2 && ipiv[1] == 2 && ipiv[2] == 2,
             "sgetrf 3x3: info %lld ipiv (%lld %lld %lld), want 0 (2 2 2)", (long long)info,
             (long long)ipiv[0], (long long)ipiv[1], (long long)ipiv[2]);
    BT_CHECK(worst <= 16 * BT_EPS_S, "sgetrf 3x3 factors off by %g", worst);

    float t[6];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 2; j++)
            t[i + 3 * j] = (float)TIE_A[i * 2 + j];
    info = basis_sgetrf_ref(3, 2, t, 1, 3, ipiv);
    int ok = info == 0 && ipiv[0] == 0 && ipiv[1] == 1;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 2; j++)
            ok &= t[i + 3 * j] == (float)TIE_LU[i * 2 + j];
    BT_CHECK(ok, "sgetrf ties: ipiv (%lld %lld), want (0 1)", (long long)ipiv[0],
             (long long)ipiv[1]);

    float sa[9], lu[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            sa[i + 3 * j] = (float)SING_A[i * 3 + j];
    memcpy(lu, sa, sizeof lu);
    info = basis_sgetrf_ref(3, 3, lu, 1, 3, ipiv);
    BT_CHECK(info == 2, "sgetrf zero column: info %lld, want 2", (long long)info);
    BT_CHECK(fabs(lu[8] - 0.6) <= 16 * BT_EPS_S, "sgetrf did not continue: U22 = %g", lu[8]);
    double r = lu_ratio_s(3, 3, sa, lu, 1, 3, ipiv);
    BT_CHECK(r >= 0 && r <= 10.0, "sgetrf singular: PA != LU (%g)", r);
    float s2[4] = {1, 2, 2, 4};
    info = basis_sgetrf_ref(2, 2, s2, 1, 2, ipiv);
    BT_CHECK(info == 2 && ipiv[0] == 1 && s2[3] == 0.0f, "sgetrf rank 1: info %lld",
             (long long)info);
    float z[4] = {0, 0, 0, 0};
    info = basis_sgetrf_ref(2, 2, z, 1, 2, ipiv);
    BT_CHECK(info == 1 && ipiv[0] == 0 && ipiv[1] == 1, "sgetrf zero matrix: info %lld",
             (long long)info);
}

/* ||op(A) X - B||_max / (n ||A||_1 ||X||_max eps) after getrf + getrs, for trans 0 and 1,
 * with B column major and (second rhs set) row major. */
enum { RS_N = 7, RS_R = 3 };

static void check_getrs_d(void)
{
    double a[RS_N * RS_N], lu[RS_N * RS_N], b[RS_N * RS_R], x[RS_N * RS_R];
    int64_t ipiv[RS_N];
    bt_fill_d(a, RS_N * RS_N);
    memcpy(lu, a, sizeof lu);
    BT_CHECK(basis_dgetrf_ref(RS_N, RS_N, lu, 1, RS_N, ipiv) == 0, "dgetrf for getrs");
    double norm = 0.0;
    for (int j = 0; j < RS_N; j++) {
        double col = 0.0;
        for (int i = 0; i < RS_N; i++)
            col += fabs(a[i + j * RS_N]);
        norm = col > norm ? col : norm;
    }
    for (int trans = 0; trans < 2; trans++)
        for (int rowmajor = 0; rowmajor < 2; rowmajor++) {
            int64_t rsb = rowmajor ? RS_R : 1, csb = rowmajor ? 1 : RS_N;
            bt_fill_d(b, RS_N * RS_R);
            memcpy(x, b, sizeof x);
            basis_dgetrs_ref(trans, RS_N, RS_R, lu, 1, RS_N, ipiv, x, rsb, csb);
            double err = 0.0, xmax = 0.0;
            for (int r = 0; r < RS_R; r++)
                for (int i = 0; i < RS_N; i++) {
                    long double s = 0.0L;
                    for (int k = 0; k < RS_N; k++) {
                        double aik = trans ? a[k + i * RS_N] : a[i + k * RS_N];
                        s += (long double)aik * x[k * rsb + r * csb];
                    }
                    double e = (double)fabsl(s - b[i * rsb + r * csb]);
                    err = e > err ? e : err;
                    double xa = fabs(x[i * rsb + r * csb]);
                    xmax = xa > xmax ? xa : xmax;
                }
            double ratio = err / (RS_N * norm * xmax * BT_EPS_D);
            BT_CHECK(ratio <= 10.0, "dgetrs trans %d %s: residual ratio %g", trans,
                     rowmajor ? "row-major" : "col-major", ratio);
        }

    /* Hand case: A from the 3x3 above, x = 1: A x = (6, 15, 25), A^T x = (12, 15, 19). */
    double l3[9];
    int64_t p3[3];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            l3[i + 3 * j] = LU3_A[i * 3 + j];
    basis_dgetrf_ref(3, 3, l3, 1, 3, p3);
    double bn[3] = {6, 15, 25}, bt2[3] = {12, 15, 19};
    basis_dgetrs_ref(0, 3, 1, l3, 1, 3, p3, bn, 1, 3);
    basis_dgetrs_ref(1, 3, 1, l3, 1, 3, p3, bt2, 1, 3);
    double worst = 0.0;
    for (int i = 0; i < 3; i++) {
        worst = fmax(worst, fabs(bn[i] - 1.0));
        worst = fmax(worst, fabs(bt2[i] - 1.0));
    }
    BT_CHECK(worst <= 64 * BT_EPS_D, "dgetrs 3x3 hand case off by %g", worst);
}

static void check_getrs_s(void)
{
    float a[RS_N * RS_N], lu[RS_N * RS_N], b[RS_N * RS_R], x[RS_N * RS_R];
    int64_t ipiv[RS_N];
    bt_fill_s(a, RS_N * RS_N);
    memcpy(lu, a, sizeof lu);
    BT_CHECK(basis_sgetrf_ref(RS_N, RS_N, lu, 1, RS_N, ipiv) == 0, "sgetrf for getrs");
    double norm = 0.0;
    for (int j = 0; j < RS_N; j++) {
        double col = 0.0;
        for (int i = 0; i < RS_N; i++)
            col += fabs(a[i + j * RS_N]);
        norm = col > norm ? col : norm;
    }
    for (int trans = 0; trans < 2; trans++)
        for (int rowmajor = 0; rowmajor < 2; rowmajor++) {
            int64_t rsb = rowmajor ? RS_R : 1, csb = rowmajor ? 1 : RS_N;
            bt_fill_s(b, RS_N * RS_R);
            memcpy(x, b, sizeof x);
            basis_sgetrs_ref(trans, RS_N, RS_R, lu, 1, RS_N, ipiv, x, rsb, csb);
            double err = 0.0, xmax = 0.0;
            for (int r = 0; r < RS_R; r++)
                for (int i = 0; i < RS_N; i++) {
                    double s = 0.0;
                    for (int k = 0; k < RS_N; k++) {
                        double aik = trans ? a[k + i * RS_N] : a[i + k * RS_N];
                        s += aik * x[k * rsb + r * csb];
                    }
                    err = fmax(err, fabs(s - b[i * rsb + r * csb]));
                    xmax = fmax(xmax, fabs(x[i * rsb + r * csb]));
                }
            double ratio = err / (RS_N * norm * xmax * BT_EPS_S);
            BT_CHECK(ratio <= 10.0, "sgetrs trans %d %s: residual ratio %g", trans,
                     rowmajor ? "row-major" : "col-major", ratio);
        }

    float l3[9];
    int64_t p3[3];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            l3[i + 3 * j] = (float)LU3_A[i * 3 + j];
    basis_sgetrf_ref(3, 3, l3, 1, 3, p3);
    float bn[3] = {6, 15, 25}, bt2[3] = {12, 15, 19};
    basis_sgetrs_ref(0, 3, 1, l3, 1, 3, p3, bn, 1, 3);
    basis_sgetrs_ref(1, 3, 1, l3, 1, 3, p3, bt2, 1, 3);
    double worst = 0.0;
    for (int i = 0; i < 3; i++) {
        worst = fmax(worst, fabs(bn[i] - 1.0));
        worst = fmax(worst, fabs(bt2[i] - 1.0));
    }
    BT_CHECK(worst <= 64 * BT_EPS_S, "sgetrs 3x3 hand case off by %g", worst);
}

/* ---- sparse -------------------------------------------------------------------------- */

/* In-edges: 0 <- {1, 2}, 1 <- {}, 2 <- {0, 1, 3}, 3 <- {2} as SELL-8 (host/graph.h): slots
 * by in-degree hold nodes 2, 0, 3, 1, then 4 empty slots; sources name slots (node 0 is
 * slot 1, 1 is 3, 2 is 0, 3 is 2); one chunk of 3 steps, padding 4. x by slot = (4, 1, 8,
 * 2, 0) (node values 1, 2, 4, 8) gives y by slot = (11, 6, 4, 0), and the empty slots 0.
 * y starts as NaN: every slot, including the node without in-edges, is written. */
static void check_spmv(void)
{
    const int64_t chunk_start[2] = {0, 24};
    const uint32_t col[24] = {1, 3, 0, 4, 4, 4, 4, 4, 3, 0, 4, 4, 4, 4, 4, 4,
                              2, 4, 4, 4, 4, 4, 4, 4};
    const double want[8] = {11, 6, 4, 0, 0, 0, 0, 0};
    const double xd[5] = {4, 1, 8, 2, 0};
    double yd[8];
    for (int i = 0; i < 8; i++)
        yd[i] = NAN;
    basis_dspmv_sell8_ref(0, 1, chunk_start, col, xd, yd);
    BT_CHECK(memcmp(yd, want, sizeof want) == 0, "dspmv_sell8: (%g %g %g %g %g %g %g %g)",
             yd[0], yd[1], yd[2], yd[3], yd[4], yd[5], yd[6], yd[7]);
    const float xs[5] = {4, 1, 8, 2, 0};
    float ys[8];
    int bad = 0;
    for (int i = 0; i < 8; i++)
        ys[i] = NAN;
    basis_sspmv_sell8_ref(0, 1, chunk_start, col, xs, ys);
    for (int i = 0; i < 8; i++)
        bad += ys[i] != (float)want[i];
    BT_CHECK(bad == 0, "sspmv_sell8: (%g %g %g %g %g %g %g %g)", ys[0], ys[1], ys[2], ys[3],
             ys[4], ys[5], ys[6], ys[7]);
    double untouched[2] = {NAN, NAN};
    basis_dspmv_sell8_ref(1, 1, chunk_start, col, xd, untouched);
    BT_CHECK(all_nan_d(untouched, 2), "dspmv_sell8 over no chunks wrote y");
}

int main(void)
{
    printf("check_ref_kernels: the scalar reference kernels\n");
    bt_seed(20240601);
    check_level1_d();
    check_level1_s();
    check_gemv_d();
    check_gemv_s();
    check_gemm_hand_d();
    check_gemm_hand_s();
    check_gemm_props_d();
    check_gemm_props_s();
    check_getrf_hand_d();
    check_getrf_hand_s();
    check_getrf_random_d();
    check_getrf_random_s();
    check_getrs_d();
    check_getrs_s();
    check_spmv();
    return bt_end();
}
