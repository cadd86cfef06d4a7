/* test_semantics.c: the numerical edge cases of docs/semantics.md, per backend: NaN/Inf propagation, signed zeros, subnormals and the caller's FP state, overflow in nrm2 and det, int64 sizes. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

/* The FP control state a library could leave changed: MXCSR's FTZ (bit 15), DAZ (bit 6)
 * and rounding (bits 13-14) on x86; FPCR's FZ (bit 24) and rounding (22-23) on aarch64;
 * and the C rounding mode everywhere. The status flags (inexact...) are not control. */
static unsigned long fp_control(void)
{
    unsigned long c = (unsigned long)fegetround();
#if defined(__x86_64__) || defined(__i386__)
    c |= (unsigned long)(_mm_getcsr() & 0xffc0u) << 8;
#elif defined(__aarch64__)
    unsigned long fpcr;
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    c |= (fpcr & 0x07c00000ul) << 8;
#endif
    return c;
}

static int is_neg_zero(double x)
{
    return x == 0.0 && signbit(x);
}

/* ---- NaN and Inf ------------------------------------------------------------------------ */

static void test_nan_inf(void)
{
    double x[7] = {1, 2, NAN, 4, 5, 6, 7}, y[7] = {1, 1, 1, 1, 1, 1, 1}, r = 0;
    BT_CHECK(basis_ddot(NULL, 7, x, 1, y, 1, &r) == BASIS_OK && isnan(r), "ddot NaN: %g", r);
    BT_CHECK(basis_dnrm2(NULL, 7, x, 1, &r) == BASIS_OK && isnan(r), "dnrm2 NaN: %g", r);
    double xi[5] = {1, INFINITY, 3, 4, 5};
    BT_CHECK(basis_dnrm2(NULL, 5, xi, 1, &r) == BASIS_OK && isinf(r) && r > 0, "dnrm2 Inf: %g",
             r);
    float xs[9] = {1, 2, 3, 4, 5, 6, 7, 8, NAN}, rs = 0;
    BT_CHECK(basis_snrm2(NULL, 9, xs, 1, &rs) == BASIS_OK && isnan(rs), "snrm2 NaN: %g",
             (double)rs);
    /* NaN and Inf together: NaN wins (Inf - Inf, Inf * 0 are NaN too). */
    double xn[4] = {INFINITY, NAN, 1, 1};
    BT_CHECK(basis_dnrm2(NULL, 4, xn, 1, &r) == BASIS_OK && isnan(r), "dnrm2 Inf+NaN: %g", r);
    double yy[7] = {0};
    BT_CHECK(basis_daxpy(NULL, 7, 1.0, x, 1, yy, 1) == BASIS_OK && isnan(yy[2]) && yy[3] == 4,
             "daxpy NaN stays in its element");

    /* GEMM: a NaN or Inf in A reaches exactly the rows it touches; Inf * 0 is NaN (no
     * skipping of zero operands); beta == 0 never reads C; alpha == 0 never reads A, B. */
    enum { N = 40 };
    static double a[N * N], b[N * N], c[N * N];
    for (int t = 0; t < 4; t++) {
        bt_fill_d(a, N * N);
        bt_fill_d(b, N * N);
        for (int i = 0; i < N * N; i++)
            c[i] = NAN;
        double alpha = 1.0, beta = 0.0;
        if (t == 0)
            a[3] = NAN; /* row 3, column 0 of col-major A */
        if (t == 1) {
            a[5] = INFINITY; /* row 5 */
            for (int j = 0; j < N; j++)
                b[j * N] = 0.0; /* B's row 0 is zero: Inf * 0 */
        }
        if (t == 2) {
            alpha = 0.0;
            a[0] = NAN;
            b[0] = INFINITY;
        }
        if (t == 3) {
            a[7] = INFINITY; /* row 7 is +-Inf or NaN, the others finite */
        }
        BT_CHECK(basis_dgemm(NULL, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, N, N, N, alpha,
                             a, N, b, N, beta, c, N) == BASIS_OK, "dgemm: %s", basis_last_error());
        int bad_rows = 0, bad_other = 0;
        int row = t == 0 ? 3 : t == 1 ? 5 : t == 3 ? 7 : -1;
        for (int j = 0; j < N; j++)
            for (int i = 0; i < N; i++) {
                double v = c[i + j * N];
                if (i == row)
                    bad_rows += t == 3 ? !isfinite(v) : isnan(v);
                else
                    bad_other += !isfinite(v) || (t == 2 && !(v == 0.0 && !signbit(v)));
            }
        BT_CHECK(bad_other == 0, "dgemm case %d: %d entries outside the affected row are not the "
                 "finite (case 2: +0) values they should be", t, bad_other);
        BT_CHECK(row < 0 || bad_rows == N, "dgemm case %d: %d of %d entries of row %d carry the "
                 "NaN/Inf", t, bad_rows, N, row);
    }
    /* beta == 0 clears a NaN C in gemv too. */
    double av[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, xv[3] = {1, 2, 3}, yv[3] = {NAN, NAN, NAN};
    BT_CHECK(basis_dgemv(NULL, BASIS_COL_MAJOR, BASIS_NO_TRANS, 3, 3, 1.0, av, 3, xv, 1, 0.0, yv,
                         1) == BASIS_OK && yv[0] == 1 && yv[2] == 3, "dgemv beta = 0 read y");
    /* scal with alpha = 0 writes zeros without reading x (documented in basis.h). */
    double xz[3] = {NAN, INFINITY, -1};
    BT_CHECK(basis_dscal(NULL, 3, 0.0, xz, 1) == BASIS_OK && xz[0] == 0 && xz[1] == 0 &&
             xz[2] == 0, "dscal 0 did not clear NaN/Inf");
    /* Factorizations refuse nothing finite-valued: getrf on NaN runs and marks the result. */
    double l[4] = {NAN, 1, 1, 1};
    int64_t ip[2];
    basis_status s = basis_dgetrf(NULL, BASIS_COL_MAJOR, 2, 2, l, 2, ip);
    BT_CHECK((s == BASIS_OK || s == BASIS_ERR_SINGULAR) && ip[0] >= 0 && ip[0] < 2,
             "dgetrf NaN: %s", basis_status_name(s));
    /* Where a finite input is required (det_value, power), NaN/Inf is an argument error. */
    double d = 5.0, nanm[4] = {1, NAN, 0, 1};
    BT_CHECK(basis_ddet_value(NULL, BASIS_COL_MAJOR, 2, nanm, 2, &d) == BASIS_ERR_ARGUMENT &&
             d == 5.0, "ddet_value NaN");
}

/* ---- signed zeros ------------------------------------------------------------------------ */

static void test_signed_zeros(void)
{
    double r = 1.0, x[2] = {-0.0, -0.0}, y[2] = {1, 1};
    BT_CHECK(basis_ddot(NULL, 0, x, 1, y, 1, &r) == BASIS_OK && r == 0 && !signbit(r),
             "ddot of nothing is +0: %g", r);
    BT_CHECK(basis_dnrm2(NULL, 2, x, 1, &r) == BASIS_OK && r == 0 && !signbit(r),
             "dnrm2(-0, -0) is +0");
    double z[3] = {0.0, 1.0, -0.0};
    BT_CHECK(basis_dscal(NULL, 3, -1.0, z, 1) == BASIS_OK && is_neg_zero(z[0]) && z[1] == -1 &&
             z[2] == 0 && !signbit(z[2]), "dscal(-1) flips the sign of zeros");
    double w[2] = {-3.0, 5.0};
    BT_CHECK(basis_dscal(NULL, 2, 0.0, w, 1) == BASIS_OK && w[0] == 0 && !signbit(w[0]),
             "dscal(0) writes +0 (it does not multiply)");
    float ws[2] = {-3.0f, 5.0f};
    BT_CHECK(basis_sscal(NULL, 2, 0.0f, ws, 1) == BASIS_OK && ws[0] == 0 && !signbit(ws[0]),
             "sscal(0) writes +0");
    /* det of a singular matrix: sign 0 and log|det| = -inf; det_value gives +0. */
    double sg[4] = {1, 2, 2, 4}, sign = 9, logd = 9, dv = 9;
    BT_CHECK(basis_ddet(NULL, BASIS_COL_MAJOR, 2, sg, 2, &sign, &logd) == BASIS_OK &&
             sign == 0 && isinf(logd) && logd < 0, "ddet singular: %g %g", sign, logd);
    BT_CHECK(basis_ddet_value(NULL, BASIS_COL_MAJOR, 2, sg, 2, &dv) == BASIS_OK && dv == 0,
             "ddet_value singular: %g", dv);
}

/* ---- subnormals and the caller's FP control state ----------------------------------------- */

static void test_subnormals(void)
{
    unsigned long before = fp_control();
    /* Subnormal inputs give subnormal results: nothing flushes them to zero. */
    double tiny = DBL_MIN / 1024.0, x[3] = {tiny, tiny, tiny}, one[3] = {1, 1, 1}, r = 0;
    BT_CHECK(basis_ddot(NULL, 3, x, 1, one, 1, &r) == BASIS_OK && r == 3 * tiny,
             "ddot of subnormals: %g, want %g", r, 3 * tiny);
    float tinys = FLT_MIN / 64.0f, xs[20], ones[20], rs = 0;
    for (int i = 0; i < 20; i++) {
        xs[i] = tinys;
        ones[i] = 1.0f;
    }
    BT_CHECK(basis_sdot(NULL, 20, xs, 1, ones, 1, &rs) == BASIS_OK && rs == 20 * tinys,
             "sdot of subnormals: %g", (double)rs);
    enum { N = 33 };
    static double a[N * N], b[N * N], c[N * N];
    for (int i = 0; i < N * N; i++) {
        a[i] = tiny;
        b[i] = 1.0;
    }
    BT_CHECK(basis_dgemm(NULL, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, N, N, N, 1.0, a, N,
                         b, N, 0.0, c, N) == BASIS_OK &&
                 c[0] == N * tiny && c[N * N - 1] == N * tiny,
             "dgemm of subnormals: %g, want %g", c[0], N * tiny);
    /* Every op family once, then the control state must be as before. */
    static double lu[N * N];
    int64_t ip[N];
    bt_fill_d(lu, N * N);
    basis_dgetrf(NULL, BASIS_COL_MAJOR, N, N, lu, N, ip);
    double v[N] = {0}, lam;
    bt_fill_d(a, N * N);
    basis_dpower(NULL, BASIS_COL_MAJOR, N, a, N, 1e-6, 50, v, &lam, NULL);
    int64_t off[4] = {0, 1, 2, 3}, tg[3] = {1, 2, 0};
    basis_csr g = {3, off, tg};
    double ranks[3];
    basis_dpagerank(NULL, &g, 0.85, 1e-10, 100, ranks, NULL);
    BT_CHECK(fp_control() == before, "the FP control state changed: %#lx -> %#lx", before,
             fp_control());
    /* A caller who sets FTZ keeps it: basis neither clears nor relies on it. */
#if defined(__x86_64__) || defined(__i386__)
    unsigned int csr = _mm_getcsr();
    _mm_setcsr(csr | 0x8040u);
    unsigned long ftz = fp_control();
    basis_dgemm(NULL, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, N, N, N, 1.0, a, N, b, N,
                0.0, c, N);
    BT_CHECK(fp_control() == ftz, "the caller's FTZ/DAZ were changed");
    _mm_setcsr(csr);
#endif
}

/* ---- overflow and underflow ------------------------------------------------------------- */

static void test_overflow(void)
{
    double big[4] = {1e300, 1e300, -1e300, 1e300}, r = 0;
    BT_CHECK(basis_dnrm2(NULL, 4, big, 1, &r) == BASIS_OK && fabs(r - 2e300) < 1e286,
             "dnrm2 without overflow: %g", r);
    double small[4] = {1e-300, 1e-300, 1e-300, -1e-300};
    BT_CHECK(basis_dnrm2(NULL, 4, small, 1, &r) == BASIS_OK && fabs(r - 2e-300) < 1e-314,
             "dnrm2 without underflow: %g", r);
    float bigs[4] = {1e30f, 1e30f, 1e30f, 1e30f}, rs = 0;
    BT_CHECK(basis_snrm2(NULL, 4, bigs, 1, &rs) == BASIS_OK && fabsf(rs - 2e30f) < 1e24f,
             "snrm2 without overflow: %g", (double)rs);
    float smalls[4] = {1e-30f, 1e-30f, 1e-30f, 1e-30f};
    BT_CHECK(basis_snrm2(NULL, 2, smalls, 2, &rs) == BASIS_OK &&
                 fabsf(rs - 1.41421356e-30f) < 1e-36f,
             "snrm2 without underflow (stride 2): %g", (double)rs);
    /* det: |det| = 1e400 overflows a double; 1e-400 underflows it. det_value says so with
     * a status and leaves *det; det gives sign and log|det| for both. */
    double d2[4] = {1e200, 0, 0, -1e200}, sign, logd, dv = 7;
    BT_CHECK(basis_ddet_value(NULL, BASIS_COL_MAJOR, 2, d2, 2, &dv) == BASIS_ERR_OVERFLOW &&
             dv == 7, "ddet_value 1e400: %g", dv);
    BT_CHECK(basis_ddet(NULL, BASIS_COL_MAJOR, 2, d2, 2, &sign, &logd) == BASIS_OK &&
             sign == -1 && fabs(logd - 400 * log(10.0)) < 1e-9, "ddet 1e400: %g %g", sign, logd);
    double u2[4] = {1e-200, 0, 0, 1e-200};
    BT_CHECK(basis_ddet_value(NULL, BASIS_COL_MAJOR, 2, u2, 2, &dv) == BASIS_ERR_OVERFLOW &&
             dv == 7, "ddet_value 1e-400: %g", dv);
    float f2[4] = {1e20f, 0, 0, 1e20f}, fv = 7, fsign, flog;
    BT_CHECK(basis_sdet_value(NULL, BASIS_COL_MAJOR, 2, f2, 2, &fv) == BASIS_ERR_OVERFLOW &&
             fv == 7, "sdet_value 1e40: %g", (double)fv);
    BT_CHECK(basis_sdet(NULL, BASIS_COL_MAJOR, 2, f2, 2, &fsign, &flog) == BASIS_OK &&
             fsign == 1 && fabsf(flog - 40 * logf(10.0f)) < 1e-3f, "sdet 1e40: %g",
             (double)flog);
}

/* ---- sizes past int32 ---------------------------------------------------------------------- */

static void test_int64_sizes(void)
{
    const int64_t past32 = ((int64_t)1 << 32) + 3;
    /* Leading dimensions and increments past int32 describe tiny extents here: one element
     * each. Truncated to 32 bits they would read elsewhere (AddressSanitizer would see). */
    double a[1] = {2}, b[1] = {3}, c[1] = {1}, x[1] = {4}, y[1] = {5}, r = 0;
    BT_CHECK(basis_dgemm(NULL, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 1, 1, 1, 1.0, a,
                         past32, b, past32, 1.0, c, past32) == BASIS_OK && c[0] == 7,
             "dgemm with ld = 2^32 + 3: %s", basis_last_error());
    BT_CHECK(basis_ddot(NULL, 1, x, past32, y, -past32, &r) == BASIS_OK && r == 20,
             "ddot with inc = 2^32 + 3: %s", basis_last_error());
    BT_CHECK(basis_dgemv(NULL, BASIS_ROW_MAJOR, BASIS_NO_TRANS, 1, 1, 1.0, a, past32, x, INT64_MAX,
                         0.0, y, INT64_MAX) == BASIS_OK && y[0] == 8,
             "dgemv with inc = INT64_MAX: %s", basis_last_error());
    /* Sizes whose bytes overflow int64: an argument error, before any allocation (the
     * fault hook would turn an attempted allocation into BASIS_ERR_NO_MEMORY). */
    const int64_t huge = (int64_t)1 << 32; /* n * n * 8 = 2^67 */
    double d = 1;
    basis_test_fail_alloc_after(0);
    basis_status s1 = basis_ddet_value(NULL, BASIS_COL_MAJOR, huge, a, huge, &d);
    basis_status s2 = basis_dgetri(NULL, BASIS_COL_MAJOR, huge, a, huge, NULL);
    basis_status s3 = basis_dpower(NULL, BASIS_COL_MAJOR, huge, a, huge, 1e-6, 10, x, &r, NULL);
    basis_status s4 = basis_dgemm(NULL, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS,
                                  INT64_MAX / 4, 1, 1, 1.0, a, INT64_MAX / 4, b, 1, 1.0, c,
                                  INT64_MAX / 4);
    int64_t src[1] = {0}, dst[1] = {1};
    basis_graph *g = NULL;
    basis_status s5 = basis_graph_from_edges(INT64_MAX / 2, src, dst, 1, 0, &g);
    int64_t refused = basis_test_alloc_failed();
    basis_test_fail_alloc_after(-1);
    BT_CHECK(s1 == BASIS_ERR_ARGUMENT && s2 == BASIS_ERR_ARGUMENT && s3 == BASIS_ERR_ARGUMENT &&
             s4 == BASIS_ERR_ARGUMENT && s5 == BASIS_ERR_ARGUMENT && g == NULL,
             "overflowing sizes: det_value %s, getri %s, power %s, gemm %s, graph %s",
             basis_status_name(s1), basis_status_name(s2), basis_status_name(s3),
             basis_status_name(s4), basis_status_name(s5));
    BT_CHECK(refused == 0, "%lld allocations were attempted for sizes that cannot exist",
             (long long)refused);
    /* Empty problems of any size are valid and touch nothing. */
    BT_CHECK(basis_dgemm(NULL, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, past32, 0, 0, 1.0,
                         NULL, past32, NULL, 1, 0.0, NULL, past32) == BASIS_OK,
             "empty dgemm with sizes past int32: %s", basis_last_error());
}

int main(void)
{
    bt_begin("test_semantics");
    bt_seed(5);
    test_nan_inf();
    test_signed_zeros();
    test_subnormals();
    test_overflow();
    test_int64_sizes();
    return bt_end();
}
