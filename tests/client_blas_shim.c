/* client_blas_shim.c: a program linked against libbasis_blas.so alone: basis's own names run on basis, every other BLAS/CBLAS/LAPACK name reaches the system library (or the fake one of tests/fake_system_blas.c), a missing or self-referring system library is reported, never recursed into. */
#include <complex.h>
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "basis_cblas.h"

/* Names basis does not implement, as the reference declares them (gfortran ABI, LP64). */
void dsyrk_(const char *uplo, const char *trans, const int *n, const int *k,
            const double *alpha, const double *a, const int *lda, const double *beta,
            double *c, const int *ldc, size_t uplo_len, size_t trans_len);
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info,
             size_t uplo_len);
int idamax_(const int *n, const double *x, const int *incx);
float sasum_(const int *n, const float *x, const int *incx);
double dasum_(const int *n, const double *x, const int *incx);
double _Complex zdotc_(const int *n, const double _Complex *x, const int *incx,
                       const double _Complex *y, const int *incy);
float _Complex cdotu_(const int *n, const float _Complex *x, const int *incx,
                      const float _Complex *y, const int *incy);
void dcopy_(const int *n, const double *x, const int *incx, double *y, const int *incy);
void cblas_dsyrk(CBLAS_LAYOUT layout, int uplo, CBLAS_TRANSPOSE trans, int n, int k,
                 double alpha, const double *a, int lda, double beta, double *c, int ldc);
enum { CBLAS_UPPER = 121, CBLAS_LOWER = 122 };

static int failures;
#define CHECK(cond, ...)                                   \
    do {                                                   \
        if (!(cond)) {                                     \
            failures++;                                    \
            fprintf(stderr, "client_blas_shim: FAIL: ");   \
            fprintf(stderr, __VA_ARGS__);                  \
            fputc('\n', stderr);                           \
        }                                                  \
    } while (0)

/* This program's xerbla_ replaces libbasis_blas's: it records what a missing routine reports. */
static int xerbla_calls;
static char xerbla_name[16];
static int xerbla_info = -1;

void xerbla_(const char *srname, const int *info, size_t len)
{
    xerbla_calls++;
    size_t n = len < sizeof xerbla_name - 1 ? len : sizeof xerbla_name - 1;
    memcpy(xerbla_name, srname, n);
    xerbla_name[n] = '\0';
    xerbla_info = *info;
}

/* dgemm_ is basis's: it leaves its timing in the default context's stats. */
static void check_own(void)
{
    basis_stats before, after;
    basis_ctx_get_stats(NULL, &before);
    double a[4] = {1, 3, 2, 4}, b[4] = {5, 7, 6, 8}, c[4] = {0}; /* column major */
    double one = 1.0, zero = 0.0;
    int two = 2;
    dgemm_("N", "N", &two, &two, &two, &one, a, &two, b, &two, &zero, c, &two, 1, 1);
    basis_ctx_get_stats(NULL, &after);
    CHECK(c[0] == 19 && c[2] == 22 && c[1] == 43 && c[3] == 50, "dgemm_: %g %g %g %g", c[0],
          c[2], c[1], c[3]);
    CHECK(memcmp(&before, &after, sizeof before) != 0 && after.backend != BASIS_BACKEND_AUTO,
          "dgemm_ did not run on basis (stats unchanged)");
}

/* Names only the system library has: results by hand, basis's stats untouched. The BLAS
 * part also runs against tests/fake_system_blas.c; full adds CBLAS and LAPACK names. */
static void check_forwarded(int full)
{
    basis_stats before, after;
    basis_ctx_get_stats(NULL, &before);
    /* A = [1 2; 3 4] (column major), C = A A^T lower: [5 .; 11 25]. */
    double a[4] = {1, 3, 2, 4}, c[4] = {-1, -1, -1, -1};
    double one = 1.0, zero = 0.0;
    int two = 2, info = 777;
    dsyrk_("L", "N", &two, &two, &one, a, &two, &zero, c, &two, 1, 1);
    CHECK(c[0] == 5 && c[1] == 11 && c[3] == 25 && c[2] == -1, "dsyrk_: %g %g %g %g", c[0],
          c[1], c[2], c[3]);
    if (full) {
        double r[4] = {-1, -1, -1, -1}, ar[4] = {1, 2, 3, 4}; /* row major A */
        cblas_dsyrk(CblasRowMajor, CBLAS_UPPER, CblasNoTrans, 2, 2, 1.0, ar, 2, 0.0, r, 2);
        CHECK(r[0] == 5 && r[1] == 11 && r[3] == 25 && r[2] == -1, "cblas_dsyrk: %g %g %g %g",
              r[0], r[1], r[2], r[3]);
        /* SPD [4 2; 2 5] = L L^T with L = [2 0; 1 2]. */
        double p[4] = {4, 2, 2, 5};
        dpotrf_("L", &two, p, &two, &info, 1);
        CHECK(info == 0 && p[0] == 2 && p[1] == 1 && p[3] == 2, "dpotrf_: INFO %d, %g %g %g",
              info, p[0], p[1], p[3]);
    }
    int three = 3, inc = 1;
    double x[3] = {1, -7, 3};
    float xs[3] = {1, -7, 3};
    CHECK(idamax_(&three, x, &inc) == 2, "idamax_ = %d", idamax_(&three, x, &inc));
    CHECK(dasum_(&three, x, &inc) == 11.0, "dasum_ = %g", dasum_(&three, x, &inc));
    CHECK(sasum_(&three, xs, &inc) == 11.0f, "sasum_ = %g", (double)sasum_(&three, xs, &inc));
    double _Complex zx[2] = {1 + 2 * I, 3 - I}, zy[2] = {2 - I, 1 + I};
    /* conj(x) . y = (1-2i)(2-i) + (3+i)(1+i) = (0-5i) + (2+4i) = 2 - i */
    double _Complex z = zdotc_(&two, zx, &inc, zy, &inc);
    CHECK(creal(z) == 2 && cimag(z) == -1, "zdotc_ = %g%+gi", creal(z), cimag(z));
    float _Complex cx[2] = {1 + 2 * I, 3 - I}, cy[2] = {2 - I, 1 + I};
    /* x . y = (1+2i)(2-i) + (3-i)(1+i) = (4+3i) + (4+2i) = 8 + 5i */
    float _Complex w = cdotu_(&two, cx, &inc, cy, &inc);
    CHECK(crealf(w) == 8 && cimagf(w) == 5, "cdotu_ = %g%+gi", (double)crealf(w),
          (double)cimagf(w));
    basis_ctx_get_stats(NULL, &after);
    CHECK(memcmp(&before, &after, sizeof before) == 0, "a forwarded name ran on basis");
    CHECK(xerbla_calls == 0, "forwarded names reported %d errors", xerbla_calls);
}

/* Eight threads make the first call of the same forwarder at once. */
enum { THREADS = 8, LEN = 1000 };
static double src[LEN], dst[THREADS][LEN];

static int copy_thread(void *arg)
{
    int t = (int)(size_t)arg, n = LEN, one = 1;
    dcopy_(&n, src, &one, dst[t], &one);
    return 0;
}

static void check_threads(void)
{
    for (int i = 0; i < LEN; i++)
        src[i] = i * 0.5;
    thrd_t th[THREADS];
    for (int t = 0; t < THREADS; t++)
        CHECK(thrd_create(&th[t], copy_thread, (void *)(size_t)t) == thrd_success,
              "thrd_create");
    for (int t = 0; t < THREADS; t++)
        thrd_join(th[t], NULL);
    for (int t = 0; t < THREADS; t++)
        CHECK(memcmp(dst[t], src, sizeof src) == 0, "dcopy_ in thread %d", t);
}

/* No usable system library: the call returns, reports through xerbla_ (parameter 0) and
 * basis_last_error(), and changes nothing; basis's own names still work. */
static void check_missing(const char *want_text)
{
    double a[4] = {1, 3, 2, 4}, c[4] = {-1, -1, -1, -1};
    double one = 1.0, zero = 0.0;
    int two = 2, info = 777;
    dsyrk_("L", "N", &two, &two, &one, a, &two, &zero, c, &two, 1, 1);
    CHECK(c[0] == -1 && c[3] == -1, "dsyrk_ without a system BLAS wrote C");
    CHECK(xerbla_calls == 1 && strcmp(xerbla_name, "DSYRK ") == 0 && xerbla_info == 0,
          "missing dsyrk_: %d reports, last '%s' %d", xerbla_calls, xerbla_name, xerbla_info);
    const char *e = basis_last_error();
    CHECK(strstr(e, "dsyrk_") && strstr(e, want_text), "missing dsyrk_: last error '%s'", e);
    double p[4] = {4, 2, 2, 5};
    dpotrf_("L", &two, p, &two, &info, 1);
    CHECK(xerbla_calls == 2 && strcmp(xerbla_name, "DPOTRF") == 0 && p[0] == 4,
          "missing dpotrf_: %d reports, last '%s'", xerbla_calls, xerbla_name);
    int three = 3, inc = 1;
    double x[3] = {1, -7, 3};
    CHECK(dasum_(&three, x, &inc) == 0.0 && idamax_(&three, x, &inc) == 0,
          "missing functions return 0");
    check_own();
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "forward";
    if (!strcmp(mode, "forward")) {
        const char *blas = getenv("BASIS_SYSTEM_BLAS");
        void *h = dlopen(blas && *blas ? blas : "libblas.so.3", RTLD_NOW | RTLD_LOCAL);
        void *l = dlopen("liblapack.so.3", RTLD_NOW | RTLD_LOCAL);
        if (!h || !l) {
            printf("client_blas_shim: skipped, no system libblas.so.3/liblapack.so.3 to forward "
                   "to (Debian: apt-get install libblas3 liblapack3)\n");
            return 77;
        }
        check_own();
        check_forwarded(1);
        check_threads();
    } else if (!strcmp(mode, "fake")) {
        check_own();
        check_forwarded(0);
        check_threads();
    } else if (!strcmp(mode, "missing")) {
        check_missing("libbasis-test-no-such-blas.so.3");
    } else if (!strcmp(mode, "self")) {
        check_missing("is libbasis_blas itself");
    } else {
        fprintf(stderr, "usage: client_blas_shim forward|fake|missing|self\n");
        return 2;
    }
    printf("client_blas_shim %s: %s\n", mode, failures ? "FAILED" : "passed");
    return failures ? 1 : 0;
}
