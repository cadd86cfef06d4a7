/* check_opencl.c: the OpenCL backend on whatever device there is (PoCL in CI): GEMM through both kernels, LU against the CPU, stats, the binary cache (hit, corrupt, stale), a broken build, oversized requests (one buffer, or all together over the global memory), device choice, refused ops, threads; `noplatform` mode: no ICD at all. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <threads.h>
#include <unistd.h>

#include "testutil.h"

#ifndef BASIS_WITH_OPENCL
int main(void)
{
    printf("check_opencl: skipped: basis was built without OpenCL\n");
    return 77;
}
#else
#include "opencl/opencl.h"
#include "opencl/tune.h"

static int contains(const char *s, const char *part)
{
    return s && strstr(s, part) != NULL;
}

/* ---- GEMM against a double loop, any layout and transpose ------------------------------ */

static int64_t at(basis_layout l, int64_t i, int64_t j, int64_t ld)
{
    return l == BASIS_COL_MAJOR ? i + j * ld : i * ld + j;
}

/* One sgemm or dgemm with NaN where nothing may be read, checked entry by entry and for
 * untouched padding. Returns 1 when it passed. */
static int gemm_case(basis_ctx *ctx, int dbl, basis_layout l, basis_trans ta, basis_trans tb,
                     int64_t m, int64_t n, int64_t k, double alpha, double beta)
{
    int col = l == BASIS_COL_MAJOR, tra = ta != BASIS_NO_TRANS, trb = tb != BASIS_NO_TRANS;
    int64_t ar = tra ? k : m, ac = tra ? m : k, br = trb ? n : k, bc = trb ? k : n;
    int64_t lda = (col ? ar : ac) + 3, ldb = (col ? br : bc) + 1, ldc = (col ? m : n) + 2;
    int64_t asz = lda * (col ? ac : ar), bsz = ldb * (col ? bc : br), csz = ldc * (col ? n : m);
    double *a = malloc(sizeof(double) * (size_t)(asz + 1));
    double *b = malloc(sizeof(double) * (size_t)(bsz + 1));
    double *c = malloc(sizeof(double) * (size_t)(csz + 1));
    double *c0 = malloc(sizeof(double) * (size_t)(csz + 1));
    float *as = malloc(sizeof(float) * (size_t)(asz + 1));
    float *bs = malloc(sizeof(float) * (size_t)(bsz + 1));
    float *cs = malloc(sizeof(float) * (size_t)(csz + 1));
    bt_fill_d(a, asz);
    bt_fill_d(b, bsz);
    bt_fill_d(c0, csz);
    for (int64_t p = 0; p < asz; p++)
        a[p] = alpha == 0.0 ? NAN : (double)(float)a[p];
    for (int64_t p = 0; p < bsz; p++)
        b[p] = alpha == 0.0 ? NAN : (double)(float)b[p];
    for (int64_t p = 0; p < csz; p++)
        c0[p] = (double)(float)c0[p];
    if (beta == 0.0)
        for (int64_t i = 0; i < m; i++)
            for (int64_t j = 0; j < n; j++)
                c0[at(l, i, j, ldc)] = NAN;
    for (int64_t p = 0; p < asz; p++)
        as[p] = (float)a[p];
    for (int64_t p = 0; p < bsz; p++)
        bs[p] = (float)b[p];
    for (int64_t p = 0; p < csz; p++)
        cs[p] = (float)(c[p] = c0[p]);
    basis_status s = dbl ? basis_dgemm(ctx, l, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
                         : basis_sgemm(ctx, l, ta, tb, m, n, k, (float)alpha, as, lda, bs, ldb,
                                       (float)beta, cs, ldc);
    int ok = s == BASIS_OK;
    double eps = dbl ? BT_EPS_D : BT_EPS_S;
    for (int64_t i = 0; ok && i < m; i++)
        for (int64_t j = 0; ok && j < n; j++) {
            double sum = 0.0, mag = 0.0;
            if (alpha != 0.0)
                for (int64_t p = 0; p < k; p++) {
                    double x = tra ? a[at(l, p, i, lda)] : a[at(l, i, p, lda)];
                    double y = trb ? b[at(l, j, p, ldb)] : b[at(l, p, j, ldb)];
                    sum += x * y;
                    mag += fabs(x * y);
                }
            double cv = beta != 0.0 ? c0[at(l, i, j, ldc)] : 0.0;
            double want = alpha * sum + beta * cv;
            double got = dbl ? c[at(l, i, j, ldc)] : (double)cs[at(l, i, j, ldc)];
            double tol = 4.0 * (double)(k + 2) * eps * (fabs(alpha) * mag + fabs(beta * cv));
            if (!(fabs(got - want) <= tol))
                ok = 0;
        }
    /* the padding between the rows (columns) and ld */
    for (int64_t p = 0; ok && p < csz; p++) {
        int64_t inner = p % ldc, outer = p / ldc;
        if (inner >= (col ? m : n) || outer >= (col ? n : m)) {
            double got = dbl ? c[p] : (double)cs[p];
            ok = got == (dbl ? c0[p] : (double)(float)c0[p]);
        }
    }
    BT_CHECK(ok, "%cgemm %s %c%c m=%lld n=%lld k=%lld alpha=%g beta=%g: %s %s", dbl ? 'd' : 's',
             col ? "col" : "row", tra ? 'T' : 'N', trb ? 'T' : 'N', (long long)m, (long long)n,
             (long long)k, alpha, beta, basis_status_name(s), s ? basis_last_error() : "");
    free(a);
    free(b);
    free(c);
    free(c0);
    free(as);
    free(bs);
    free(cs);
    return ok;
}

static int fp64(void)
{
    basis_cl_device_info d[8];
    int count = 0, idx = -1;
    basis_opencl_devices(d, 8, &count);
    basis_opencl_default_device(d, count, &idx);
    return idx >= 0 && d[idx].fp64;
}

static void check_gemm(basis_ctx *ctx)
{
    static const int64_t shapes[][3] = {{1, 1, 1}, {7, 5, 3}, {17, 33, 9}, {49, 65, 17},
                                        {65, 49, 33}, {3, 130, 20}, {130, 2, 70}};
    static const basis_trans tr[] = {BASIS_NO_TRANS, BASIS_TRANS};
    static const double ab[][2] = {{1.0, 0.0}, {-1.5, 0.5}, {0.0, 2.0}, {0.75, 1.0}};
    int dmax = fp64() ? 2 : 1, n = 0;
    for (int path = 1; path <= 2; path++) {
        basis_cl_test_force_path(path);
        for (int si = 0; si < 7; si++)
            for (int li = 0; li < 2; li++)
                for (int ai = 0; ai < 2; ai++)
                    for (int bi = 0; bi < 2; bi++)
                        for (int dbl = 0; dbl < dmax; dbl++, n++)
                            gemm_case(ctx, dbl, li ? BASIS_ROW_MAJOR : BASIS_COL_MAJOR, tr[ai],
                                      tr[bi], shapes[si][0], shapes[si][1], shapes[si][2],
                                      ab[n % 4][0], ab[n % 4][1]);
    }
    /* the tiled kernel as GPUs run it: both tiles through local memory, 8 x 8 work-items,
     * vectors of 4 and 2 (and 1 with odd tiles), B in runs of columns, double buffering
     * (also with stages that do not split evenly over the work-items), checked here on
     * whatever device there is */
    static const basis_cl_gemm_params gpu_like[] = {
        {64, 64, 16, 8, 8, 4, 1, 1, 1, 0, 2, 2, 16, 16, 0.0, "test gpu-like"},
        {32, 48, 8, 8, 4, 2, 1, 1, 0, 0, 2, 2, 8, 8, 0.0, "test SA only"},
        {24, 40, 8, 8, 8, 1, 1, 0, 1, 0, 3, 1, 8, 4, 0.0, "test SB only"},
        {64, 64, 16, 8, 8, 4, 4, 1, 1, 1, 2, 2, 16, 16, 0.0, "test VWN 4, DB"},
        {24, 40, 5, 4, 4, 2, 2, 1, 1, 1, 2, 2, 8, 8, 0.0, "test VWN 2, DB, uneven"},
        {32, 32, 8, 8, 2, 2, 4, 1, 0, 0, 2, 2, 8, 8, 0.0, "test VWN 4 from the panel"},
        {32, 64, 8, 4, 8, 8, 2, 1, 1, 0, 2, 2, 8, 8, 0.0, "test VWN 2"}};
    enum { GPU_LIKE = sizeof gpu_like / sizeof gpu_like[0] };
    basis_cl_test_force_path(2);
    for (int g = 0; g < GPU_LIKE; g++) {
        basis_cl_device *d = NULL;
        if (basis_cl_acquire("check_opencl", -1, -1, &d) == BASIS_OK) {
            BT_CHECK(basis_cl_gemm_params_valid(basis_cl_info(d), 4, &gpu_like[g]),
                     "%s: not valid on this device", gpu_like[g].source);
            basis_cl_release(d);
        }
        basis_cl_gemm_params_set_override(&gpu_like[g]);
        for (int si = 0; si < 7; si++)
            for (int li = 0; li < 2; li++)
                for (int dbl = 0; dbl < dmax; dbl++, n++)
                    gemm_case(ctx, dbl, li ? BASIS_ROW_MAJOR : BASIS_COL_MAJOR, tr[si % 2],
                              tr[(si / 2) % 2], shapes[si][0], shapes[si][1], shapes[si][2],
                              ab[n % 4][0], ab[n % 4][1]);
    }
    basis_cl_gemm_params_set_override(NULL);
    basis_cl_test_force_path(0);
    /* a size above the direct threshold, by the size rule */
    gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 200, 190, 180, 1.0, 0.0);

    basis_stats st;
    basis_ctx_get_stats(ctx, &st);
    BT_CHECK(st.backend == BASIS_BACKEND_OPENCL, "stats backend %s", basis_backend_name(st.backend));
    BT_CHECK(st.kernel_seconds > 0.0 && st.transfer_seconds >= 0.0 &&
                 st.total_seconds >= st.kernel_seconds,
             "stats: total %g kernel %g transfer %g", st.total_seconds, st.kernel_seconds,
             st.transfer_seconds);
}

/* ---- the binary cache ----------------------------------------------------------------- */

static basis_cl_counters counted(void)
{
    basis_cl_counters c;
    basis_cl_counters_get(&c);
    return c;
}

static int small_gemm(basis_ctx *ctx)
{
    return gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_TRANS, 9, 8, 7, 1.0, 0.5);
}

static char cache_file[1200];

static void find_cache_file(void)
{
    basis_cl_device *d = NULL;
    basis_cl_gemm_params p;
    char opts[512];
    cache_file[0] = '\0';
    if (basis_cl_acquire("check_opencl", -1, -1, &d) != BASIS_OK)
        return;
    basis_cl_gemm_params_get(basis_cl_info(d), 4, &p);
    basis_cl_gemm_options(&p, 4, opts, sizeof opts);
    basis_cl_cache_path(d, "gemm", opts, cache_file, sizeof cache_file);
    basis_cl_release(d);
}

/* Rewrites byte `offset` from the end (or truncates when offset < 0) of the cache file. */
static int damage(long from_end, int truncate_it)
{
    FILE *f = fopen(cache_file, "r+b");
    if (!f)
        return 0;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    int ok = size > from_end + 64;
    if (ok && truncate_it) {
        fclose(f);
        return truncate(cache_file, size / 2) == 0;
    }
    if (ok) {
        fseek(f, size - from_end, SEEK_SET);
        int ch = fgetc(f);
        fseek(f, size - from_end, SEEK_SET);
        fputc(ch ^ 0x5a, f);
    }
    fclose(f);
    return ok;
}

static void check_cache(basis_ctx *ctx)
{
    basis_cl_release_all();
    basis_cl_counters c0 = counted();
    small_gemm(ctx);
    basis_cl_counters c1 = counted();
    BT_CHECK(c1.source_builds == c0.source_builds + 1 && c1.cache_writes == c0.cache_writes + 1,
             "first run in an empty cache: %lld builds, %lld writes", (long long)(c1.source_builds - c0.source_builds),
             (long long)(c1.cache_writes - c0.cache_writes));
    find_cache_file();
    BT_CHECK(cache_file[0] && access(cache_file, R_OK) == 0, "no cache file at '%s'", cache_file);

    /* a second run (a fresh runtime, as in a new process): from the cache, no compile */
    basis_cl_release_all();
    small_gemm(ctx);
    basis_cl_counters c2 = counted();
    BT_CHECK(c2.cache_hits == c1.cache_hits + 1 && c2.source_builds == c1.source_builds,
             "second run: %lld hits, %lld builds", (long long)(c2.cache_hits - c1.cache_hits),
             (long long)(c2.source_builds - c1.source_builds));

    /* a flipped byte in the binary, a truncated file, a key for something else: each is
     * refused, rebuilt from source, and the result is still right */
    static const struct {
        const char *what;
        long from_end;
        int truncate_it;
    } harm[] = {{"corrupt binary", 100, 0}, {"truncated file", 0, 1}};
    for (int h = 0; h < 2; h++) {
        BT_CHECK(damage(harm[h].from_end, harm[h].truncate_it), "could not damage %s", cache_file);
        basis_cl_release_all();
        basis_cl_counters b = counted();
        int ok = small_gemm(ctx);
        basis_cl_counters a = counted();
        BT_CHECK(ok && a.cache_rejects == b.cache_rejects + 1 &&
                     a.source_builds == b.source_builds + 1 && a.cache_writes == b.cache_writes + 1,
                 "%s: %lld rejects, %lld builds, %lld writes", harm[h].what,
                 (long long)(a.cache_rejects - b.cache_rejects),
                 (long long)(a.source_builds - b.source_builds),
                 (long long)(a.cache_writes - b.cache_writes));
    }
    /* stale: the key inside names another driver (byte 20 is within the key) */
    FILE *f = fopen(cache_file, "r+b");
    if (f) {
        fseek(f, 20, SEEK_SET);
        fputc('#', f);
        fclose(f);
    }
    basis_cl_release_all();
    basis_cl_counters b = counted();
    small_gemm(ctx);
    basis_cl_counters a = counted();
    BT_CHECK(a.cache_rejects == b.cache_rejects + 1 && a.source_builds == b.source_builds + 1,
             "stale key: %lld rejects, %lld builds", (long long)(a.cache_rejects - b.cache_rejects),
             (long long)(a.source_builds - b.source_builds));
}

/* ---- failures ------------------------------------------------------------------------- */

static void check_build_failure(basis_ctx *ctx)
{
    float a[4] = {1, 2, 3, 4}, c[4] = {9, 9, 9, 9};
    basis_cl_test_source("__kernel void gemm_direct(__global float *x) { x[0] = undeclared_name; }\n");
    basis_status s = basis_sgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 2, 2, 2,
                                 1.0f, a, 2, a, 2, 0.0f, c, 2);
    const char *msg = basis_last_error();
    BT_CHECK(s == BASIS_ERR_DEVICE, "broken build: %s", basis_status_name(s));
    BT_CHECK(contains(msg, "did not build") && contains(msg, "build log") &&
                 contains(msg, "undeclared_name"),
             "broken build: the message has no build log: %s", msg);
    BT_CHECK(c[0] == 9 && c[1] == 9 && c[2] == 9 && c[3] == 9, "broken build wrote C");
    basis_cl_test_source(NULL);
    s = basis_sgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 2, 2, 2, 1.0f, a, 2, a,
                    2, 0.0f, c, 2);
    BT_CHECK(s == BASIS_OK && c[0] == 7 && c[3] == 22, "after the broken build: %s %g %g",
             basis_status_name(s), c[0], c[3]);
}

static void check_oversized(basis_ctx *ctx)
{
    /* a lowered limit: a real 160 KB request against 64 KB */
    int64_t n = 200;
    float *a = calloc((size_t)(n * n), sizeof(float)), *c = malloc(sizeof(float) * (size_t)(n * n));
    for (int64_t i = 0; i < n * n; i++)
        c[i] = 5.0f;
    basis_cl_test_max_alloc(64 * 1024);
    basis_status s = basis_sgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, n, n, n,
                                 1.0f, a, n, a, n, 0.0f, c, n);
    BT_CHECK(s == BASIS_ERR_DEVICE && contains(basis_last_error(), "CL_DEVICE_MAX_MEM_ALLOC_SIZE"),
             "over a lowered limit: %s: %s", basis_status_name(s), basis_last_error());
    int same = 1;
    for (int64_t i = 0; i < n * n; i++)
        same &= c[i] == 5.0f;
    BT_CHECK(same, "an oversized request wrote C");
    basis_cl_test_max_alloc(0);

    /* a lowered global memory: A, B and C of 160 KB each and the packed panels (at most
     * 213 KB with the parameter table's tiles) each fit in 400 KB, the product does not;
     * the device's own largest allocation is left as it is */
    basis_cl_test_global_mem(400000);
    s = basis_sgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, n, n, n, 1.0f, a, n, a,
                    n, 0.0f, c, n);
    const char *msg = basis_last_error();
    BT_CHECK(s == BASIS_ERR_DEVICE && contains(msg, "basis_sgemm: the product needs") &&
                 contains(msg, "global memory of 400000 bytes") &&
                 !contains(msg, "CL_DEVICE_MAX_MEM_ALLOC_SIZE"),
             "over a lowered global memory: %s: %s", basis_status_name(s), msg);
    same = 1;
    for (int64_t i = 0; i < n * n; i++)
        same &= c[i] == 5.0f;
    BT_CHECK(same, "a request over the global memory wrote C");
    basis_cl_test_global_mem(0);
    s = basis_sgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, n, n, n, 1.0f, a, n, a,
                    n, 0.0f, c, n);
    BT_CHECK(s == BASIS_OK && c[0] == 0.0f && c[n * n - 1] == 0.0f,
             "with the device's own global memory: %s: %s", basis_status_name(s),
             basis_last_error());
    free(a);
    free(c);

    /* the device's own limit: operands of 16 GiB or more that are address space only
     * (PROT_NONE), so any read or write before the check would crash the test */
    basis_cl_device_info devs[8];
    int count = 0, idx = -1;
    basis_opencl_devices(devs, 8, &count);
    basis_opencl_default_device(devs, count, &idx);
    int64_t big = 65536;
    while (idx >= 0 && big * big * (int64_t)sizeof(float) <= devs[idx].max_alloc_bytes)
        big *= 2; /* past the device's own largest allocation, whatever it is */
    size_t bytes = (size_t)big * (size_t)big * sizeof(float);
    void *p = mmap(NULL, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        printf("check_opencl: no address space for the 16 GiB request; that case skipped\n");
        return;
    }
    s = basis_sgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, big, big, big, 1.0f, p,
                    big, p, big, 1.0f, p, big);
    BT_CHECK(s == BASIS_ERR_DEVICE && contains(basis_last_error(), "checked before allocating"),
             "a 16 GiB request: %s: %s", basis_status_name(s), basis_last_error());
    munmap(p, bytes);
}

static void check_refusals(basis_ctx *ctx)
{
    /* gemv reads A once: moving A to the device costs more than the product, so it has no
     * device path, and a forced opencl refuses it rather than run it elsewhere */
    double a[4] = {4, 1, 1, 3}, xv[2] = {1, 1}, b[2] = {1, 1};
    basis_status s = basis_dgemv(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, 2, 2, 1.0, a, 2, xv, 1,
                                 0.0, b, 1);
    BT_CHECK(s == BASIS_ERR_BACKEND && contains(basis_last_error(), "no OpenCL implementation") &&
                 contains(basis_last_error(), "basis_dgemv"),
             "gemv on opencl: %s: %s", basis_status_name(s), basis_last_error());
    BT_CHECK(a[0] == 4 && a[1] == 1 && b[0] == 1, "a refused op wrote its output");

    /* device choice: a context's device that does not exist, a malformed variable */
    basis_ctx *c2;
    basis_ctx_create(&c2);
    basis_ctx_set_backend(c2, BASIS_BACKEND_OPENCL);
    basis_ctx_set_opencl_device(c2, 7, 7);
    float x[1] = {2}, y[1] = {0};
    s = basis_sgemm(c2, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 1, 1, 1, 1.0f, x, 1, x,
                    1, 0.0f, y, 1);
    BT_CHECK(s == BASIS_ERR_BACKEND && contains(basis_last_error(), "7:7"),
             "device 7:7: %s: %s", basis_status_name(s), basis_last_error());
    basis_ctx_set_opencl_device(c2, -1, -1);
    setenv("BASIS_OPENCL_DEVICE", "zero", 1);
    s = basis_sgemm(c2, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 1, 1, 1, 1.0f, x, 1, x,
                    1, 0.0f, y, 1);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && contains(basis_last_error(), "BASIS_OPENCL_DEVICE"),
             "BASIS_OPENCL_DEVICE=zero: %s: %s", basis_status_name(s), basis_last_error());
    setenv("BASIS_OPENCL_DEVICE", "0:0", 1);
    s = basis_sgemm(c2, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 1, 1, 1, 1.0f, x, 1, x,
                    1, 0.0f, y, 1);
    BT_CHECK(s == BASIS_OK && y[0] == 4.0f, "BASIS_OPENCL_DEVICE=0:0: %s %g", basis_status_name(s),
             y[0]);
    unsetenv("BASIS_OPENCL_DEVICE");
    basis_ctx_destroy(c2);
}

/* ---- AUTO: never a CPU device by default; by size with the test policy; fallback -------- */

static basis_backend last_backend(basis_ctx *ctx)
{
    basis_stats st;
    basis_ctx_get_stats(ctx, &st);
    return st.backend;
}

static void check_auto(void)
{
    basis_ctx *ctx;
    basis_ctx_create(&ctx); /* AUTO */
    unsetenv("BASIS_BACKEND");
    int ok = gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 300, 300, 300,
                       1.0, 0.0);
    basis_backend b = last_backend(ctx);
    BT_CHECK(ok && b != BASIS_BACKEND_OPENCL, "AUTO chose %s for 300^3 on a non-GPU device",
             basis_backend_name(b));

    /* the measured policy, where the default device is an NVIDIA GPU: 1024^3 goes there */
    basis_cl_device_info devs[8];
    int count = 0, idx = -1;
    basis_opencl_devices(devs, 8, &count);
    basis_opencl_default_device(devs, count, &idx);
    if (idx >= 0 && devs[idx].is_gpu && contains(devs[idx].vendor, "NVIDIA")) {
        ok = gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 1024, 1024,
                       1024, 1.0, 0.0);
        b = last_backend(ctx);
        BT_CHECK(ok && b == BASIS_BACKEND_OPENCL, "AUTO ran 1024^3 on %s beside an NVIDIA GPU",
                 basis_backend_name(b));
        ok = gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 4096, 4096, 64,
                       1.0, 0.0);
        b = last_backend(ctx);
        BT_CHECK(ok && b != BASIS_BACKEND_OPENCL, "AUTO ran a thin 4096x4096x64 on %s",
                 basis_backend_name(b));
    }

    /* the test policy: any device, from 1 MFLOP */
    basis_cl_test_auto(1e6);
    for (int dbl = 0; dbl < (fp64() ? 2 : 1); dbl++) {
        ok = gemm_case(ctx, dbl, BASIS_ROW_MAJOR, BASIS_TRANS, BASIS_NO_TRANS, 120, 130, 110, 1.5,
                       0.5);
        b = last_backend(ctx);
        BT_CHECK(ok && b == BASIS_BACKEND_OPENCL, "AUTO (test policy) ran %cgemm 120x130x110 on %s",
                 dbl ? 'd' : 's', basis_backend_name(b));
        ok = gemm_case(ctx, dbl, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_TRANS, 20, 30, 10, 1.0, 0.0);
        b = last_backend(ctx);
        BT_CHECK(ok && b != BASIS_BACKEND_OPENCL, "AUTO (test policy) ran a small %cgemm on %s",
                 dbl ? 'd' : 's', basis_backend_name(b));
    }
    /* a device failure before C is touched: logged, and the CPU gives the result */
    basis_cl_test_max_alloc(1024);
    ok = gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 120, 110, 100, 1.0,
                   1.0);
    b = last_backend(ctx);
    BT_CHECK(ok && b != BASIS_BACKEND_OPENCL, "AUTO fallback: %s on %s", ok ? "right" : "wrong",
             basis_backend_name(b));
    basis_cl_test_max_alloc(0);
    /* ... and when each buffer fits but together they pass the global memory (A 48 KB, B
     * 44 KB, C 53 KB, the packed panels under 100 KB, against 100 KB) */
    basis_cl_test_global_mem(100000);
    ok = gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 120, 110, 100, 1.0,
                   1.0);
    b = last_backend(ctx);
    BT_CHECK(ok && b != BASIS_BACKEND_OPENCL, "AUTO fallback over the global memory: %s on %s",
             ok ? "right" : "wrong", basis_backend_name(b));
    basis_cl_test_global_mem(0);
    basis_cl_test_auto(0.0);
    basis_ctx_destroy(ctx);
}

/* ---- the tuner: one candidate (a budget that ends at once), stored, found again -------- */

static void check_tune(basis_ctx *ctx)
{
    basis_cl_tune_result r;
    basis_status s = basis_cl_tune_gemm(4, 64, 1e-6, NULL, NULL, &r);
    BT_CHECK(s == BASIS_OK && r.tried == 1 && r.best_gflops > 0.0, "tune: %s, %d tried: %s",
             basis_status_name(s), r.tried, basis_last_error());
    char where[1200] = "";
    s = basis_cl_gemm_params_store(&r.device, 4, &r.best, where, sizeof where);
    BT_CHECK(s == BASIS_OK && access(where, R_OK) == 0, "tune store: %s: %s",
             basis_status_name(s), basis_last_error());
    basis_cl_gemm_params p;
    basis_cl_gemm_params_get(&r.device, 4, &p);
    BT_CHECK(contains(p.source, "tuned") && p.mwg == r.best.mwg && p.nwg == r.best.nwg,
             "the stored entry is not used: %s", p.source);
    /* and GEMM runs with it */
    gemm_case(ctx, 0, BASIS_ROW_MAJOR, BASIS_TRANS, BASIS_NO_TRANS, 70, 90, 80, 1.0, 0.0);

    /* a line of the 14 numbers written before VWN and DB is still read (as 1 and 0), and
     * the next store rewrites it in the 16-number form */
    char key[400], line[600];
    basis_cl_device_key(&r.device, key, sizeof key);
    FILE *f = fopen(where, "w");
    if (f) {
        fprintf(f, "4 40 32 8 8 8 1 1 1 1 1 8 8 262144\t%s\n", key);
        fclose(f);
    }
    s = basis_cl_gemm_params_store(&r.device, 8, &r.best, where, sizeof where); /* reloads */
    basis_cl_gemm_params_get(&r.device, 4, &p);
    BT_CHECK(s == BASIS_OK && contains(p.source, "tuned") && p.mwg == 40 && p.nwg == 32 &&
                 p.kwg == 8 && p.vw == 1 && p.vwn == 1 && p.sa == 1 && p.sb == 1 && p.db == 0 &&
                 p.dndim == 8,
             "an old tuned line: %s, mwg %d vwn %d db %d", p.source, p.mwg, p.vwn, p.db);
    static const char rewritten[] = "4 40 32 8 8 8 1 1 1 1 0 1 1 8 8 262144\t";
    int old_kept = 0;
    f = fopen(where, "r");
    while (f && fgets(line, sizeof line, f))
        old_kept += !strncmp(line, rewritten, strlen(rewritten));
    if (f)
        fclose(f);
    BT_CHECK(old_kept == 1, "the old line was not rewritten with VWN and DB");
    gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_TRANS, 50, 45, 30, 1.0, 0.5);

    /* the parameters' own rules */
    basis_cl_gemm_params bad = r.best;
    bad.db = 1;
    bad.sa = 0;
    BT_CHECK(!basis_cl_gemm_params_valid(&r.device, 4, &bad), "DB without SA accepted");
    bad = r.best;
    bad.vwn = 3;
    BT_CHECK(!basis_cl_gemm_params_valid(&r.device, 4, &bad), "VWN 3 accepted");
    bad = r.best;
    bad.vwn = 4;
    bad.nwg = 4 * bad.ndimc + bad.ndimc; /* a multiple of NDIMC, not of NDIMC * 4 */
    BT_CHECK(!basis_cl_gemm_params_valid(&r.device, 4, &bad), "NWG %% (NDIMC*VWN) accepted");
}

/* ---- threads: first use from several at once, then concurrent calls --------------------- */

static int thread_main(void *arg)
{
    basis_ctx *ctx;
    basis_ctx_create(&ctx);
    basis_ctx_set_backend(ctx, BASIS_BACKEND_OPENCL);
    int ok = 1;
    for (int r = 0; r < 4; r++) {
        int64_t n = 40 + 7 * r + (int)(intptr_t)arg;
        float *a = malloc(sizeof(float) * (size_t)(n * n)), *c = malloc(sizeof(float) * (size_t)(n * n));
        for (int64_t i = 0; i < n * n; i++)
            a[i] = (float)((i * 7) % 5) - 2.0f;
        basis_status s = basis_sgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, n, n, n,
                                     1.0f, a, n, a, n, 0.0f, c, n);
        for (int64_t i = 0; ok && i < n; i += 5)
            for (int64_t j = 0; j < n; j += 3) {
                float want = 0.0f;
                for (int64_t p = 0; p < n; p++)
                    want += a[i + p * n] * a[p + j * n];
                ok &= s == BASIS_OK && c[i + j * n] == want; /* small integers: exact */
            }
        free(a);
        free(c);
    }
    basis_ctx_destroy(ctx);
    return ok;
}

static void check_threads(void)
{
    thrd_t t[3];
    for (int i = 0; i < 3; i++)
        thrd_create(&t[i], thread_main, (void *)(intptr_t)i);
    for (int i = 0; i < 3; i++) {
        int ok = 0;
        thrd_join(t[i], &ok);
        BT_CHECK(ok, "thread %d: wrong results", i);
    }
}

/* ---- no platform (run with OCL_ICD_VENDORS naming an empty directory) ------------------- */

static int no_platform(void)
{
    basis_status s = basis_backend_available(BASIS_BACKEND_OPENCL);
    BT_CHECK(s == BASIS_ERR_BACKEND && contains(basis_last_error(), "no OpenCL platform") &&
                 contains(basis_last_error(), "usable backends"),
             "no platform: %s: %s", basis_status_name(s), basis_last_error());
    basis_ctx *ctx;
    basis_ctx_create(&ctx);
    BT_CHECK(basis_ctx_set_backend(ctx, BASIS_BACKEND_OPENCL) == BASIS_ERR_BACKEND,
             "set_backend(opencl) accepted without a platform");
    basis_ctx_destroy(ctx);
    setenv("BASIS_BACKEND", "opencl", 1);
    float x[1] = {1}, y[1] = {3};
    s = basis_sgemm(NULL, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 1, 1, 1, 1.0f, x, 1, x,
                    1, 0.0f, y, 1);
    BT_CHECK(s == BASIS_ERR_BACKEND && y[0] == 3.0f, "forced opencl without a platform: %s",
             basis_status_name(s));
    unsetenv("BASIS_BACKEND");
    s = basis_sgemm(NULL, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 1, 1, 1, 1.0f, x, 1, x,
                    1, 0.0f, y, 1);
    BT_CHECK(s == BASIS_OK && y[0] == 1.0f, "auto without a platform: %s", basis_status_name(s));
    return bt_end();
}

/* ---- PageRank on the device: the CPU's answer, and an oversized request refused ------- */

/* The graph of n nodes and edges src[e] -> dst[e], or NULL (a failed check). */
static basis_graph *edges_graph(int64_t n, const int64_t *src, const int64_t *dst, int64_t m)
{
    basis_graph *g = NULL;
    BT_CHECK(basis_graph_from_edges(n, src, dst, m, 0, &g) == BASIS_OK, "graph: %s",
             basis_last_error());
    return g;
}

/* A context on the reference CPU kernels: the answer the device is held to. */
static basis_ctx *ref_ctx(void)
{
    basis_ctx *cpu = NULL;
    basis_ctx_create(&cpu);
    basis_ctx_set_backend(cpu, BASIS_BACKEND_REF);
    return cpu;
}

static void check_pagerank(basis_ctx *ctx)
{
    /* 0->1, 0->2, 1->2, 2->0, 3->2, 3->3 (self-loop), 4 dangling, 5 isolated */
    static const int64_t src[] = {0, 0, 1, 2, 3, 3}, dst[] = {1, 2, 2, 0, 2, 3};
    basis_graph *g = edges_graph(6, src, dst, 6);
    if (!g)
        return;
    basis_ctx *cpu = ref_ctx();
    double pers[6] = {1, 0, 0, 2, 0, 1};
    for (int personalized = 0; personalized < 2; personalized++) {
        basis_pagerank_opts opts = {0.85, 1e-13, 500, personalized ? pers : NULL};
        double rd[6], cd[6];
        float rs[6], cs[6];
        basis_iter_info id, icd, is, ics;
        basis_status s1 = basis_dpagerank_graph(ctx, g, &opts, rd, &id);
        basis_backend b = last_backend(ctx);
        basis_status s2 = basis_dpagerank_graph(cpu, g, &opts, cd, &icd);
        opts.tol = 1e-6;
        basis_status s3 = basis_spagerank_graph(ctx, g, &opts, rs, &is);
        basis_status s4 = basis_spagerank_graph(cpu, g, &opts, cs, &ics);
        BT_CHECK(s1 == BASIS_OK && s2 == BASIS_OK && s3 == BASIS_OK && s4 == BASIS_OK &&
                     b == BASIS_BACKEND_OPENCL,
                 "pagerank on %s: %s %s %s %s: %s", basis_backend_name(b), basis_status_name(s1),
                 basis_status_name(s2), basis_status_name(s3), basis_status_name(s4),
                 basis_last_error());
        double ed = 0.0, es = 0.0, sum = 0.0;
        for (int i = 0; i < 6; i++) {
            ed = fmax(ed, fabs(rd[i] - cd[i]));
            es = fmax(es, fabs((double)rs[i] - (double)cs[i]));
            sum += rd[i];
        }
        /* the SpMV sums have the CPU's bits; only the residual's order of addition differs */
        BT_CHECK(ed <= 1e-14 && es <= 1e-6 && fabs(sum - 1.0) <= 1e-12 &&
                     id.iterations == icd.iterations,
                 "pagerank (personalized %d): device vs CPU %.3g (d), %.3g (s), sum %.17g, "
                 "iterations %lld vs %lld", personalized, ed, es, sum, (long long)id.iterations,
                 (long long)icd.iterations);
    }
    /* over a lowered allocation limit: refused before allocating, ranks untouched */
    basis_pagerank_opts opts = {0.85, 1e-10, 100, NULL};
    double r[6] = {7, 7, 7, 7, 7, 7};
    basis_cl_test_max_alloc(16);
    basis_status s = basis_dpagerank_graph(ctx, g, &opts, r, NULL);
    basis_cl_test_max_alloc(0);
    BT_CHECK(s == BASIS_ERR_DEVICE && contains(basis_last_error(), "CL_DEVICE_MAX_MEM_ALLOC_SIZE"),
             "pagerank over a lowered limit: %s: %s", basis_status_name(s), basis_last_error());
    int same = 1;
    for (int i = 0; i < 6; i++)
        same &= r[i] == 7.0;
    BT_CHECK(same, "a refused PageRank wrote the ranks");
    basis_ctx_destroy(cpu);
    basis_graph_destroy(g);
}

/* Long rows: node 0 is pulled from every other node, node 1 from every third, the rest
 * from a few pseudo-random ones, so the first chunks are hundreds to thousands of steps
 * long. The long-row kernel sums them in another order than the CPU, so the ranks agree
 * to rounding; with it switched off (every chunk through the one-work-item-per-row kernel)
 * they agree as the short graph's do. */
static void check_pagerank_long(basis_ctx *ctx)
{
    enum { N = 3000 };
    static int64_t src[2 * N + 4 * N], dst[2 * N + 4 * N];
    int64_t m = 0;
    for (int64_t i = 1; i < N; i++) {
        src[m] = i, dst[m++] = 0;
        if (i % 3 == 0)
            src[m] = i, dst[m++] = 1;
        for (int64_t r = 0; r < 3; r++)
            src[m] = i, dst[m++] = (i * 7919 + r * 104729) % N;
    }
    basis_graph *g = edges_graph(N, src, dst, m);
    if (!g)
        return;
    basis_ctx *cpu = ref_ctx();
    static double rd[N], cd[N];
    static float rs[N], cs[N];
    basis_pagerank_opts opts = {0.85, 1e-13, 500, NULL};
    basis_iter_info icd;
    BT_CHECK(basis_dpagerank_graph(cpu, g, &opts, cd, &icd) == BASIS_OK, "cpu: %s",
             basis_last_error());
    opts.tol = 1e-6;
    BT_CHECK(basis_spagerank_graph(cpu, g, &opts, cs, NULL) == BASIS_OK, "cpu: %s",
             basis_last_error());
    /* 0: the built-in threshold (on a GPU; PoCL keeps every row on one work-item); 64 and
     * 1: chunks of that many steps or more are long; 1 << 40: none is */
    static const int64_t steps[] = {0, 64, 1, (int64_t)1 << 40};
    for (int q = 0; q < 4; q++) {
        basis_cl_test_pagerank_long(steps[q]);
        opts.tol = 1e-13;
        basis_iter_info id;
        basis_status s1 = basis_dpagerank_graph(ctx, g, &opts, rd, &id);
        basis_backend b = last_backend(ctx);
        opts.tol = 1e-6;
        basis_status s2 = basis_spagerank_graph(ctx, g, &opts, rs, NULL);
        double ed = 0.0, es = 0.0, sum = 0.0;
        for (int i = 0; i < N; i++) {
            ed = fmax(ed, fabs(rd[i] - cd[i]));
            es = fmax(es, fabs((double)rs[i] - (double)cs[i]));
            sum += rd[i];
        }
        double limit = q == 3 ? 1e-14 : 1e-12;
        BT_CHECK(s1 == BASIS_OK && s2 == BASIS_OK && b == BASIS_BACKEND_OPENCL &&
                     ed <= limit && es <= 1e-6 && fabs(sum - 1.0) <= 1e-12,
                 "pagerank, long rows (threshold %lld): %s %s on %s, device vs CPU %.3g (d), "
                 "%.3g (s), sum %.17g, %lld iterations (CPU %lld)",
                 (long long)steps[q], basis_status_name(s1), basis_status_name(s2),
                 basis_backend_name(b), ed, es, sum, (long long)id.iterations,
                 (long long)icd.iterations);
    }
    basis_cl_test_pagerank_long(0);
    basis_ctx_destroy(cpu);
    basis_graph_destroy(g);
}

/* ---- power iteration on the device: the CPU's pair, the scaled path, refusals -------------- */

/* Symmetric A = R + 3 sqrt(n) u u^T (R uniform in [-1, 1], u = ones / sqrt(n)): a dominant
 * eigenvalue near 3 sqrt(n) with a gap that makes the iteration converge in tens of steps.
 * Stored in layout with ld = n + pad (NaN in the padding: the device must never read it),
 * entries multiplied by mult (a power of two: the scaled-copy path when far from 1). */
static void power_matrix(int64_t n, basis_layout l, int64_t pad, double mult, double *a)
{
    int64_t ld = n + pad;
    for (int64_t p = 0; p < ld * n; p++)
        a[p] = NAN;
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j <= i; j++) {
            double v = (float)(bt_uniform() + 3.0 / sqrt((double)n)) * mult;
            a[at(l, i, j, ld)] = a[at(l, j, i, ld)] = v;
        }
}

/* One size and layout in s and d on ctx and on the CPU: the eigenvalue, the vector (the
 * same start, so the same sign) and the iteration count agree within the tolerance. */
static void power_case(basis_ctx *ctx, basis_ctx *cpu, int64_t n, basis_layout l, int64_t pad,
                       double mult)
{
    int64_t ld = n + pad;
    double *a = malloc(sizeof(double) * (size_t)(ld * n));
    float *as = malloc(sizeof(float) * (size_t)(ld * n));
    double *vd = calloc((size_t)n, sizeof(double)), *vc = calloc((size_t)n, sizeof(double));
    float *ws = calloc((size_t)n, sizeof(float)), *wc = calloc((size_t)n, sizeof(float));
    power_matrix(n, l, pad, mult, a);
    for (int64_t p = 0; p < ld * n; p++)
        as[p] = (float)a[p];
    for (int64_t i = 0; i < n; i++) /* a start not along the answer: the iteration works */
        vd[i] = vc[i] = ws[i] = wc[i] = (float)(1.0 + 0.5 * bt_uniform());
    double ld_ = NAN, lc = NAN;
    float ls = NAN, lcs = NAN;
    basis_iter_info id = {-1, -1}, ic = {-1, -1}, is = {-1, -1}, ics = {-1, -1};
    basis_status s1 = basis_dpower(ctx, l, n, a, ld, 1e-10, 500, vd, &ld_, &id);
    basis_backend b = last_backend(ctx);
    basis_stats st;
    basis_ctx_get_stats(ctx, &st);
    basis_status s2 = basis_dpower(cpu, l, n, a, ld, 1e-10, 500, vc, &lc, &ic);
    basis_status s3 = basis_spower(ctx, l, n, as, ld, 1e-4f, 500, ws, &ls, &is);
    basis_status s4 = basis_spower(cpu, l, n, as, ld, 1e-4f, 500, wc, &lcs, &ics);
    const char *lname = l == BASIS_COL_MAJOR ? "col" : "row";
    BT_CHECK(s1 == BASIS_OK && s2 == BASIS_OK && s3 == BASIS_OK && s4 == BASIS_OK &&
                 b == BASIS_BACKEND_OPENCL && st.kernel_seconds > 0.0,
             "power n=%lld %s x%g on %s: %s %s %s %s (kernel %g s): %s", (long long)n, lname,
             mult, basis_backend_name(b), basis_status_name(s1), basis_status_name(s2),
             basis_status_name(s3), basis_status_name(s4), st.kernel_seconds,
             basis_last_error());
    double evd = 0.0, evs = 0.0;
    for (int64_t i = 0; i < n; i++) {
        evd = fmax(evd, fabs(vd[i] - vc[i]));
        evs = fmax(evs, fabs((double)ws[i] - (double)wc[i]));
    }
    /* both stopped at a residual <= tol |lambda|: the pairs differ by O(tol), times the
     * gap's factor (< 10 here), plus the rounding of n-term sums in the precision */
    double eps_s = 2.0 * (double)n * 6e-8;
    BT_CHECK(fabs(ld_ - lc) <= 1e-9 * fabs(lc) && evd <= 1e-9 &&
                 fabs((double)ls - (double)lcs) <= (1e-3 + eps_s) * fabs((double)lcs) &&
                 evs <= 1e-3 + eps_s && llabs(id.iterations - ic.iterations) <= 1 &&
                 llabs(is.iterations - ics.iterations) <= 1 && id.residual <= 1e-10 &&
                 is.residual <= 1e-4,
             "power n=%lld %s x%g: device vs CPU: d lambda %.17g vs %.17g, |dv| %.3g, it %lld "
             "vs %lld; s lambda %.9g vs %.9g, |dv| %.3g, it %lld vs %lld", (long long)n, lname,
             mult, ld_, lc, evd, (long long)id.iterations, (long long)ic.iterations, (double)ls,
             (double)lcs, evs, (long long)is.iterations, (long long)ics.iterations);
    free(a);
    free(as);
    free(vd);
    free(vc);
    free(ws);
    free(wc);
}

static void check_power(basis_ctx *ctx)
{
    basis_ctx *cpu;
    basis_ctx_create(&cpu);
    basis_ctx_set_backend(cpu, BASIS_BACKEND_REF);
    static const int64_t ns[] = {1, 7, 63, 65, 257};
    for (int k = 0; k < 5; k++)
        for (int li = 0; li < 2; li++)
            power_case(ctx, cpu, ns[k], li ? BASIS_COL_MAJOR : BASIS_ROW_MAJOR, k % 3, 1.0);
    /* entries far from 1 both ways: the host's scaled (column-major) copy goes up */
    power_case(ctx, cpu, 33, BASIS_ROW_MAJOR, 1, ldexp(1.0, 90));
    power_case(ctx, cpu, 33, BASIS_ROW_MAJOR, 1, ldexp(1.0, -90));

    /* no convergence: the same status, count, case and best pair as the CPU's, before
     * the watch judges (max_iter 5) and after (200: the plane test, the best slot read
     * back); the device's sums differ in the last bits, so the Ritz values in the
     * message may too */
    static const int64_t iters[2] = {5, 200};
    for (int t = 0; t < 2; t++) {
        double rot[4] = {0, -1, 1, 0}, v1[2] = {1, 0.25}, v2[2] = {1, 0.25}, l1 = NAN, l2 = NAN;
        basis_iter_info i1 = {-1, -1}, i2 = {-1, -1};
        basis_status s1 =
            basis_dpower(ctx, BASIS_COL_MAJOR, 2, rot, 2, 1e-10, iters[t], v1, &l1, &i1);
        char m1[512];
        snprintf(m1, sizeof m1, "%s", basis_last_error());
        basis_status s2 =
            basis_dpower(cpu, BASIS_COL_MAJOR, 2, rot, 2, 1e-10, iters[t], v2, &l2, &i2);
        const char *m2 = basis_last_error();
        int same_case = !contains(m1, "no dominant eigenvalue") ==
                            !contains(m2, "no dominant eigenvalue") &&
                        !contains(m1, "before convergence") == !contains(m2, "before convergence");
        BT_CHECK(s1 == BASIS_ERR_NO_CONVERGENCE && s2 == s1 && i1.iterations == iters[t] &&
                     i2.iterations == iters[t] && same_case && fabs(v1[0] - v2[0]) <= 1e-12 &&
                     fabs(v1[1] - v2[1]) <= 1e-12 && fabs(l1 - l2) <= 1e-12,
                 "power without convergence, max_iter %lld: %s (%s) vs %s (%s), v (%g, %g) vs "
                 "(%g, %g)",
                 (long long)iters[t], basis_status_name(s1), m1, basis_status_name(s2), m2,
                 v1[0], v1[1], v2[0], v2[1]);
        BT_CHECK(t == 0 || contains(m1, "no dominant eigenvalue (max_iter = 200 reached)"),
                 "power on a rotation, max_iter 200, on the device: %s", m1);
    }

    /* over a lowered allocation limit: refused before allocating, nothing written */
    int64_t n = 100;
    float *a = malloc(sizeof(float) * (size_t)(n * n)), v[100], lam = 42.0f;
    for (int64_t p = 0; p < n * n; p++)
        a[p] = (float)bt_uniform();
    for (int i = 0; i < n; i++)
        v[i] = 7.0f;
    basis_iter_info info = {-1, -1};
    basis_cl_test_max_alloc(32 * 1024);
    basis_status s = basis_spower(ctx, BASIS_ROW_MAJOR, n, a, n, 1e-4f, 100, v, &lam, &info);
    basis_cl_test_max_alloc(0);
    BT_CHECK(s == BASIS_ERR_DEVICE &&
                 contains(basis_last_error(), "CL_DEVICE_MAX_MEM_ALLOC_SIZE") &&
                 contains(basis_last_error(), "the matrix") &&
                 contains(basis_last_error(), "basis_spower"),
             "power over a lowered limit: %s: %s", basis_status_name(s), basis_last_error());
    int same = lam == 42.0f && info.iterations == -1;
    for (int i = 0; i < n; i++)
        same &= v[i] == 7.0f;
    BT_CHECK(same, "a refused power iteration wrote v, the eigenvalue or info");
    free(a);
    basis_ctx_destroy(cpu);
}

/* ---- LU on the device: the CPU's factors, the solves, an oversized request refused ------ */

/* getrf of one m x n matrix in layout (ld padded) on ctx and on the CPU: the same pivots
 * (random data has no near ties), factors within a scale-aware bound, times recorded;
 * then getrs (both transposes) on the device factors against the CPU's solution. */
static void lu_case(basis_ctx *ctx, basis_ctx *cpu, int dbl, basis_layout l, int64_t m,
                    int64_t n)
{
    int col = l == BASIS_COL_MAJOR;
    int64_t ld = (col ? m : n) + 3, size = ld * (col ? n : m), mn = m < n ? m : n;
    double *a0 = malloc(sizeof(double) * (size_t)size), *ad = malloc(sizeof(double) * (size_t)size);
    double *ac = malloc(sizeof(double) * (size_t)size);
    float *as = malloc(sizeof(float) * (size_t)size), *acs = malloc(sizeof(float) * (size_t)size);
    int64_t *pd = malloc(sizeof(int64_t) * (size_t)mn), *pc = malloc(sizeof(int64_t) * (size_t)mn);
    for (int64_t p = 0; p < size; p++)
        a0[p] = ad[p] = ac[p] = (double)(as[p] = acs[p] = (float)bt_uniform());
    basis_status s1 = dbl ? basis_dgetrf(ctx, l, m, n, ad, ld, pd) : basis_sgetrf(ctx, l, m, n, as, ld, pd);
    basis_stats st;
    basis_ctx_get_stats(ctx, &st);
    basis_status s2 = dbl ? basis_dgetrf(cpu, l, m, n, ac, ld, pc) : basis_sgetrf(cpu, l, m, n, acs, ld, pc);
    const char *lname = col ? "col" : "row";
    /* 1 x 1 is one panel on the host: transfers only */
    BT_CHECK(s1 == BASIS_OK && s2 == BASIS_OK && st.backend == BASIS_BACKEND_OPENCL &&
                 (mn == 1 || st.kernel_seconds > 0.0) && st.transfer_seconds > 0.0,
             "%cgetrf %s %lldx%lld: device %s, CPU %s, on %s, kernel %g s, transfer %g s: %s",
             dbl ? 'd' : 's', lname, (long long)m, (long long)n, basis_status_name(s1),
             basis_status_name(s2), basis_backend_name(st.backend), st.kernel_seconds,
             st.transfer_seconds, basis_last_error());
    int same_piv = !memcmp(pd, pc, sizeof(int64_t) * (size_t)mn);
    double worst = 0.0, eps = dbl ? BT_EPS_D : BT_EPS_S;
    for (int64_t p = 0; p < size; p++) {
        double x = dbl ? ad[p] : (double)as[p], y = dbl ? ac[p] : (double)acs[p];
        worst = fmax(worst, fabs(x - y) / (1.0 + fabs(y)));
    }
    /* the two differ in the order of their sums only: n eps with room for growth */
    BT_CHECK(same_piv && worst <= 20.0 * (double)(m > n ? m : n) * eps,
             "%cgetrf %s %lldx%lld: device vs CPU: pivots %s, factors differ by %.3g", dbl ? 'd' : 's',
             lname, (long long)m, (long long)n, same_piv ? "equal" : "differ", worst);
    if (m == n) {
        for (int t = 0; t < 2; t++) {
            basis_trans tr = t ? BASIS_TRANS : BASIS_NO_TRANS;
            int64_t nrhs = 5, ldb = (col ? n : nrhs) + 2, bsz = ldb * (col ? nrhs : n);
            double *bd = malloc(sizeof(double) * (size_t)bsz), *bc = malloc(sizeof(double) * (size_t)bsz);
            float *bs = malloc(sizeof(float) * (size_t)bsz), *bcs = malloc(sizeof(float) * (size_t)bsz);
            for (int64_t p = 0; p < bsz; p++)
                bd[p] = bc[p] = (double)(bs[p] = bcs[p] = (float)bt_uniform());
            s1 = dbl ? basis_dgetrs(ctx, l, tr, n, nrhs, ac, ld, pc, bd, ldb)
                     : basis_sgetrs(ctx, l, tr, n, nrhs, acs, ld, pc, bs, ldb);
            s2 = dbl ? basis_dgetrs(cpu, l, tr, n, nrhs, ac, ld, pc, bc, ldb)
                     : basis_sgetrs(cpu, l, tr, n, nrhs, acs, ld, pc, bcs, ldb);
            double diff = 0.0, mag = 0.0;
            for (int64_t p = 0; p < bsz; p++) {
                double x = dbl ? bd[p] : (double)bs[p], y = dbl ? bc[p] : (double)bcs[p];
                diff = fmax(diff, fabs(x - y));
                mag = fmax(mag, fabs(y));
            }
            /* the same factors: the solutions differ by rounding amplified by cond(A) */
            BT_CHECK(s1 == BASIS_OK && s2 == BASIS_OK && diff <= 1e4 * (double)n * eps * mag,
                     "%cgetrs %s trans=%d n=%lld: %s %s, device vs CPU %.3g of %.3g",
                     dbl ? 'd' : 's', lname, t, (long long)n, basis_status_name(s1),
                     basis_status_name(s2), diff, mag);
            free(bd);
            free(bc);
            free(bs);
            free(bcs);
        }
    }
    free(a0);
    free(ad);
    free(ac);
    free(as);
    free(acs);
    free(pd);
    free(pc);
}

static void check_lu(basis_ctx *ctx)
{
    basis_ctx *cpu;
    basis_ctx_create(&cpu);
    basis_ctx_set_backend(cpu, BASIS_BACKEND_REF);
    static const int64_t dims[][2] = {{150, 150}, {170, 131}, {131, 170}, {1, 1}};
    for (int di = 0; di < 4; di++)
        for (int li = 0; li < 2; li++)
            for (int dbl = 0; dbl < (fp64() ? 2 : 1); dbl++)
                lu_case(ctx, cpu, dbl, li ? BASIS_ROW_MAJOR : BASIS_COL_MAJOR, dims[di][0],
                        dims[di][1]);
    /* the updates through the tiled kernel as a GPU runs it: both tiles in local memory, B
     * in runs of 4 columns, double-buffered stages */
    static const basis_cl_gemm_params gpu_like = {64, 64, 16, 8, 8, 4, 4, 1, 1, 1, 2, 2, 16, 16,
                                                  0.0, "test LU gpu-like"};
    basis_cl_gemm_params_set_override(&gpu_like);
    for (int dbl = 0; dbl < (fp64() ? 2 : 1); dbl++)
        lu_case(ctx, cpu, dbl, BASIS_COL_MAJOR, 170, 131);
    basis_cl_gemm_params_set_override(NULL);
    basis_ctx_destroy(cpu);

    /* over a lowered allocation limit: refused before allocating, A and ipiv untouched */
    int64_t n = 200, piv[200];
    float *a = malloc(sizeof(float) * (size_t)(n * n));
    for (int64_t i = 0; i < n * n; i++)
        a[i] = 5.0f;
    for (int64_t i = 0; i < n; i++)
        piv[i] = -7;
    basis_cl_test_max_alloc(64 * 1024);
    basis_status s = basis_sgetrf(ctx, BASIS_COL_MAJOR, n, n, a, n, piv);
    BT_CHECK(s == BASIS_ERR_DEVICE && contains(basis_last_error(), "CL_DEVICE_MAX_MEM_ALLOC_SIZE") &&
                 contains(basis_last_error(), "basis_sgetrf"),
             "getrf over a lowered limit: %s: %s", basis_status_name(s), basis_last_error());
    float b[200];
    for (int64_t i = 0; i < n; i++)
        b[i] = 3.0f, piv[i] = i, a[i * n + i] = 1.0f;
    s = basis_sgesv(ctx, BASIS_ROW_MAJOR, n, 1, a, n, piv, b, 1);
    BT_CHECK(s == BASIS_ERR_DEVICE && contains(basis_last_error(), "checked before allocating"),
             "gesv over a lowered limit: %s: %s", basis_status_name(s), basis_last_error());
    basis_cl_test_max_alloc(0);
    int same = b[0] == 3.0f && b[n - 1] == 3.0f && piv[1] == 1;
    for (int64_t i = 0; i < n * n; i++)
        same &= a[i] == (i % (n + 1) == 0 ? 1.0f : 5.0f);
    BT_CHECK(same, "a refused LU wrote A, B or the pivots");
    free(a);

    /* the device's own limit: a 16 GiB matrix of address space only (PROT_NONE), so any
     * read or write before the check would crash the test */
    basis_cl_device_info devs[8];
    int count = 0, idx = -1;
    basis_opencl_devices(devs, 8, &count);
    basis_opencl_default_device(devs, count, &idx);
    int64_t big = 65536;
    while (idx >= 0 && big * big * (int64_t)sizeof(float) <= devs[idx].max_alloc_bytes)
        big *= 2;
    size_t bytes = (size_t)big * (size_t)big * sizeof(float);
    void *p = mmap(NULL, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    int64_t *bigpiv = malloc(sizeof(int64_t) * (size_t)big);
    if (p != MAP_FAILED && bigpiv) {
        s = basis_sgetrf(ctx, BASIS_COL_MAJOR, big, big, p, big, bigpiv);
        BT_CHECK(s == BASIS_ERR_DEVICE && contains(basis_last_error(), "checked before allocating"),
                 "a 16 GiB getrf: %s: %s", basis_status_name(s), basis_last_error());
    }
    if (p != MAP_FAILED)
        munmap(p, bytes);
    free(bigpiv);
}

/* ---- gesv_checked, gecon, eigen_shift, eigen_sym_topk: device vs CPU ------------------- */

/* gesv_checked of one n x n system (nrhs 3, padded ld) in layout on ctx and on the CPU: the
 * same status, rcond and solution within the precision's bounds, times recorded; then gecon
 * on the device's factors against the CPU's gecon on the same factors. */
static void cond_case(basis_ctx *ctx, basis_ctx *cpu, int dbl, basis_layout l, int64_t n)
{
    int col = l == BASIS_COL_MAJOR;
    int64_t nrhs = 3, ld = n + 2, ldb = (col ? n : nrhs) + 1, bsz = ldb * (col ? nrhs : n);
    double *ad = malloc(sizeof(double) * (size_t)(ld * n)), *ac = malloc(sizeof(double) * (size_t)(ld * n));
    float *as = malloc(sizeof(float) * (size_t)(ld * n)), *acs = malloc(sizeof(float) * (size_t)(ld * n));
    double *bd = malloc(sizeof(double) * (size_t)bsz), *bc = malloc(sizeof(double) * (size_t)bsz);
    float *bs = malloc(sizeof(float) * (size_t)bsz), *bcs = malloc(sizeof(float) * (size_t)bsz);
    int64_t *pd = malloc(sizeof(int64_t) * (size_t)n), *pc = malloc(sizeof(int64_t) * (size_t)n);
    for (int64_t p = 0; p < ld * n; p++)
        ad[p] = ac[p] = (double)(as[p] = acs[p] = (float)bt_uniform());
    for (int64_t p = 0; p < bsz; p++)
        bd[p] = bc[p] = (double)(bs[p] = bcs[p] = (float)bt_uniform());
    double r1 = 0.0, r2 = 0.0, eps = dbl ? BT_EPS_D : BT_EPS_S;
    float f1 = 0.0f, f2 = 0.0f;
    basis_status s1 = dbl ? basis_dgesv_checked(ctx, l, n, nrhs, ad, ld, pd, bd, ldb, &r1)
                          : basis_sgesv_checked(ctx, l, n, nrhs, as, ld, pd, bs, ldb, &f1);
    basis_stats st;
    basis_ctx_get_stats(ctx, &st);
    basis_status s2 = dbl ? basis_dgesv_checked(cpu, l, n, nrhs, ac, ld, pc, bc, ldb, &r2)
                          : basis_sgesv_checked(cpu, l, n, nrhs, acs, ld, pc, bcs, ldb, &f2);
    if (!dbl)
        r1 = f1, r2 = f2;
    double diff = 0.0, mag = 0.0;
    for (int64_t p = 0; p < bsz; p++) {
        double u = dbl ? bd[p] : (double)bs[p], w = dbl ? bc[p] : (double)bcs[p];
        diff = fmax(diff, fabs(u - w));
        mag = fmax(mag, fabs(w));
    }
    /* the estimate's solves see factors that differ by rounding: cond(A) eps, with room */
    double rtol = dbl ? 1e-8 : 1e-3;
    BT_CHECK(s1 == BASIS_OK && s2 == BASIS_OK && st.backend == BASIS_BACKEND_OPENCL &&
                 st.transfer_seconds > 0.0 && fabs(r1 - r2) <= rtol * r2 &&
                 diff <= 1e4 * (double)n * eps * mag,
             "%cgesv_checked %s n=%lld: %s %s on %s, rcond %.6g vs %.6g, x differs %.3g of %.3g: %s",
             dbl ? 'd' : 's', col ? "col" : "row", (long long)n, basis_status_name(s1),
             basis_status_name(s2), basis_backend_name(st.backend), r1, r2, diff, mag,
             basis_last_error());
    double anorm = 0.0;
    for (int64_t j = 0; j < n; j++) {
        double c = 0.0;
        for (int64_t i = 0; i < n; i++)
            c += fabs(dbl ? ad[at(l, i, j, ld)] : (double)as[at(l, i, j, ld)]);
        anorm = fmax(anorm, c);
    }
    s1 = dbl ? basis_dgecon(ctx, l, n, ad, ld, anorm, &r1)
             : basis_sgecon(ctx, l, n, as, ld, (float)anorm, &f1);
    s2 = dbl ? basis_dgecon(cpu, l, n, ad, ld, anorm, &r2)
             : basis_sgecon(cpu, l, n, as, ld, (float)anorm, &f2);
    if (!dbl)
        r1 = f1, r2 = f2;
    BT_CHECK(s1 == BASIS_OK && s2 == BASIS_OK && r1 > 0.0 && fabs(r1 - r2) <= rtol * r2,
             "%cgecon %s n=%lld: %s %s, rcond %.6g vs %.6g: %s", dbl ? 'd' : 's',
             col ? "col" : "row", (long long)n, basis_status_name(s1), basis_status_name(s2), r1,
             r2, basis_last_error());
    free(ad);
    free(ac);
    free(as);
    free(acs);
    free(bd);
    free(bc);
    free(bs);
    free(bcs);
    free(pd);
    free(pc);
}

static void check_cond(basis_ctx *ctx)
{
    basis_ctx *cpu;
    basis_ctx_create(&cpu);
    basis_ctx_set_backend(cpu, BASIS_BACKEND_REF);
    static const int64_t sizes[] = {1, 7, 70, 131};
    for (int si = 0; si < 4; si++)
        for (int li = 0; li < 2; li++)
            for (int dbl = 0; dbl < (fp64() ? 2 : 1); dbl++)
                cond_case(ctx, cpu, dbl, li ? BASIS_ROW_MAJOR : BASIS_COL_MAJOR, sizes[si]);

    /* singular: the same status and sentence as the CPU, B untouched, rcond 0 */
    double a[4] = {1, 2, 2, 4}, b[2] = {1, 1}, rcond = 5.0;
    int64_t piv[2];
    basis_status s = basis_dgesv_checked(ctx, BASIS_COL_MAJOR, 2, 1, a, 2, piv, b, 2, &rcond);
    BT_CHECK(s == BASIS_ERR_SINGULAR && rcond == 0.0 && b[0] == 1 && b[1] == 1 &&
                 contains(basis_last_error(), "basis_dgesv_checked: U(2,2) is exactly zero"),
             "singular gesv_checked on opencl: %s rcond %g: %s", basis_status_name(s), rcond,
             basis_last_error());
    /* over a lowered allocation limit: refused before allocating, A and B untouched */
    float fa[9] = {4, 1, 0, 1, 4, 1, 0, 1, 4}, fb[3] = {1, 2, 3}, frc = 5.0f;
    int64_t fp[3];
    basis_cl_test_max_alloc(16);
    s = basis_sgesv_checked(ctx, BASIS_COL_MAJOR, 3, 1, fa, 3, fp, fb, 3, &frc);
    basis_cl_test_max_alloc(0);
    BT_CHECK(s == BASIS_ERR_DEVICE && contains(basis_last_error(), "basis_sgesv_checked") &&
                 contains(basis_last_error(), "checked before allocating") && fa[0] == 4 &&
                 fb[2] == 3,
             "gesv_checked over a lowered limit: %s: %s", basis_status_name(s), basis_last_error());
    basis_ctx_destroy(cpu);
}

/* A symmetric n x n matrix with a spread spectrum (diagonal i + 1 plus a small random
 * symmetric part), in layout with ld = n + 1. */
static void sym_matrix(int64_t n, basis_layout l, double *a)
{
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i <= j; i++) {
            double v = 0.05 * bt_uniform() + (i == j ? (double)(i + 1) : 0.0);
            a[at(l, i, j, n + 1)] = a[at(l, j, i, n + 1)] = v;
        }
}

static void check_eigen(basis_ctx *ctx)
{
    basis_ctx *cpu;
    basis_ctx_create(&cpu);
    basis_ctx_set_backend(cpu, BASIS_BACKEND_REF);
    static const int64_t sizes[] = {1, 9, 67};
    for (int si = 0; si < 3; si++)
        for (int li = 0; li < 2; li++)
            for (int dbl = 0; dbl < (fp64() ? 2 : 1); dbl++) {
                int64_t n = sizes[si];
                basis_layout l = li ? BASIS_ROW_MAJOR : BASIS_COL_MAJOR;
                double *a = malloc(sizeof(double) * (size_t)((n + 1) * n));
                float *af = malloc(sizeof(float) * (size_t)((n + 1) * n));
                double *v1 = calloc((size_t)n, sizeof(double)), *v2 = calloc((size_t)n, sizeof(double));
                float *w1 = calloc((size_t)n, sizeof(float)), *w2 = calloc((size_t)n, sizeof(float));
                sym_matrix(n, l, a);
                for (int64_t p = 0; p < (n + 1) * n; p++)
                    af[p] = (float)a[p];
                /* nearest to n / 2 + 0.3: one eigenvalue, well separated */
                double sigma = (double)(n / 2) + 0.3, tol = dbl ? 1e-10 : 1e-4, e1 = 0, e2 = 0;
                float g1 = 0, g2 = 0;
                basis_iter_info i1, i2;
                basis_status s1 = dbl ? basis_deigen_shift(ctx, l, n, a, n + 1, sigma, tol, 200, v1, &e1, &i1)
                                      : basis_seigen_shift(ctx, l, n, af, n + 1, (float)sigma, (float)tol, 200, w1, &g1, &i1);
                basis_stats st;
                basis_ctx_get_stats(ctx, &st);
                basis_status s2 = dbl ? basis_deigen_shift(cpu, l, n, a, n + 1, sigma, tol, 200, v2, &e2, &i2)
                                      : basis_seigen_shift(cpu, l, n, af, n + 1, (float)sigma, (float)tol, 200, w2, &g2, &i2);
                if (!dbl)
                    e1 = g1, e2 = g2;
                double dot = 0.0;
                for (int64_t i = 0; i < n; i++)
                    dot += dbl ? v1[i] * v2[i] : (double)w1[i] * (double)w2[i];
                double etol = (dbl ? 1e-8 : 1e-3) * (double)n;
                BT_CHECK(s1 == BASIS_OK && s2 == BASIS_OK && st.backend == BASIS_BACKEND_OPENCL &&
                             st.transfer_seconds > 0.0 && fabs(e1 - e2) <= etol &&
                             fabs(fabs(dot) - 1.0) <= (dbl ? 1e-6 : 1e-2),
                         "%ceigen_shift %s n=%lld: %s %s on %s, lambda %.10g vs %.10g, |v1.v2| %.8g: %s",
                         dbl ? 'd' : 's', li ? "row" : "col", (long long)n, basis_status_name(s1),
                         basis_status_name(s2), basis_backend_name(st.backend), e1, e2, dot,
                         basis_last_error());
                /* the top 2: the same values as the CPU */
                int64_t kk = n < 2 ? n : 2;
                double vals1[2] = {0, 0}, vals2[2] = {0, 0};
                double *vec = malloc(sizeof(double) * (size_t)(n * 2));
                s1 = dbl ? basis_deigen_sym_topk(ctx, BASIS_COL_MAJOR, n, a, n + 1, kk, tol, 5000,
                                                 vals1, vec, n, NULL)
                         : BASIS_OK;
                s2 = dbl ? basis_deigen_sym_topk(cpu, BASIS_COL_MAJOR, n, a, n + 1, kk, tol, 5000,
                                                 vals2, vec, n, NULL)
                         : BASIS_OK;
                BT_CHECK(s1 == s2 && fabs(vals1[0] - vals2[0]) <= etol &&
                             fabs(vals1[1] - vals2[1]) <= etol,
                         "eigen_sym_topk n=%lld: %s %s, %.10g %.10g vs %.10g %.10g: %s",
                         (long long)n, basis_status_name(s1), basis_status_name(s2), vals1[0],
                         vals1[1], vals2[0], vals2[1], basis_last_error());
                free(vec);
                free(a);
                free(af);
                free(v1);
                free(v2);
                free(w1);
                free(w2);
            }
    basis_ctx_destroy(cpu);

    /* over a lowered allocation limit: refused before allocating, the outputs untouched */
    double a[9] = {2, 1, 0, 1, 3, 1, 0, 1, 4}, v[3] = {1, 2, 3}, lambda = 7.0, vals[2] = {7, 7};
    double vec[6] = {7, 7, 7, 7, 7, 7};
    basis_cl_test_max_alloc(16);
    basis_status s = basis_deigen_shift(ctx, BASIS_COL_MAJOR, 3, a, 3, 1.0, 1e-10, 50, v,
                                        &lambda, NULL);
    basis_status s2 = basis_deigen_sym_topk(ctx, BASIS_COL_MAJOR, 3, a, 3, 2, 1e-10, 500, vals,
                                            vec, 3, NULL);
    basis_cl_test_max_alloc(0);
    BT_CHECK(s == BASIS_ERR_DEVICE && s2 == BASIS_ERR_DEVICE &&
                 contains(basis_last_error(), "basis_deigen_sym_topk") &&
                 contains(basis_last_error(), "checked before allocating") && v[0] == 1 &&
                 v[2] == 3 && lambda == 7.0 && vals[0] == 7 && vec[5] == 7,
             "eigen over a lowered limit: %s %s: %s", basis_status_name(s),
             basis_status_name(s2), basis_last_error());
}

/* ---- AUTO for LU, power iteration and PageRank: by their work, and the fallback --------- */

/* The same dgetrf, dpower and dpagerank on ctx (AUTO, the device refusing everything over
 * a lowered allocation limit) and on the best CPU target: bit for bit the same answers,
 * and the stats name the CPU. */
static void auto_fallback_case(basis_ctx *ctx, const basis_graph *g)
{
    basis_ctx *best;
    basis_ctx_create(&best);
    basis_ctx_set_backend(best, basis_backend_best_cpu());
    enum { N = 80 };
    double *a1 = malloc(sizeof(double) * N * N), *a2 = malloc(sizeof(double) * N * N);
    double *p1 = malloc(sizeof(double) * N * N), *v1 = malloc(sizeof(double) * N);
    double *v2 = malloc(sizeof(double) * N);
    int64_t piv1[N], piv2[N];
    power_matrix(N, BASIS_COL_MAJOR, 0, 1.0, p1);
    for (int i = 0; i < N * N; i++)
        a1[i] = a2[i] = bt_uniform();
    for (int i = 0; i < N; i++)
        v1[i] = v2[i] = 1.0 + 0.5 * bt_uniform();
    double r1[6], r2[6], l1 = 0.0, l2 = 0.0;
    basis_pagerank_opts opts = {0.85, 1e-12, 200, NULL};
    basis_cl_test_max_alloc(16);
    basis_status s1 = basis_dgetrf(ctx, BASIS_COL_MAJOR, N, N, a1, N, piv1);
    basis_backend b1 = last_backend(ctx);
    basis_status s2 = basis_dpower(ctx, BASIS_COL_MAJOR, N, p1, N, 1e-10, 500, v1, &l1, NULL);
    basis_backend b2 = last_backend(ctx);
    basis_status s3 = basis_dpagerank_graph(ctx, g, &opts, r1, NULL);
    basis_backend b3 = last_backend(ctx);
    basis_cl_test_max_alloc(0);
    basis_status c1 = basis_dgetrf(best, BASIS_COL_MAJOR, N, N, a2, N, piv2);
    basis_status c2 = basis_dpower(best, BASIS_COL_MAJOR, N, p1, N, 1e-10, 500, v2, &l2, NULL);
    basis_status c3 = basis_dpagerank_graph(best, g, &opts, r2, NULL);
    BT_CHECK(s1 == BASIS_OK && s2 == BASIS_OK && s3 == BASIS_OK && c1 == BASIS_OK &&
                 c2 == BASIS_OK && c3 == BASIS_OK && b1 != BASIS_BACKEND_OPENCL &&
                 b2 != BASIS_BACKEND_OPENCL && b3 != BASIS_BACKEND_OPENCL,
             "AUTO fallback of getrf, power, pagerank: %s %s %s on %s %s %s: %s",
             basis_status_name(s1), basis_status_name(s2), basis_status_name(s3),
             basis_backend_name(b1), basis_backend_name(b2), basis_backend_name(b3),
             basis_last_error());
    BT_CHECK(!memcmp(a1, a2, sizeof(double) * N * N) && !memcmp(piv1, piv2, sizeof piv1) &&
                 !memcmp(v1, v2, sizeof(double) * N) && l1 == l2 && !memcmp(r1, r2, sizeof r1),
             "AUTO fallback: not the CPU's answers (lambda %.17g vs %.17g)", l1, l2);
    free(a1);
    free(a2);
    free(p1);
    free(v1);
    free(v2);
    basis_ctx_destroy(best);
}

static void check_auto_ops(void)
{
    basis_ctx *ctx, *cpu = ref_ctx();
    basis_ctx_create(&ctx); /* AUTO */
    unsetenv("BASIS_BACKEND");
    /* with no measured threshold for them, AUTO keeps these on the CPU; PoCL is no GPU */
    float a[4] = {4, 1, 2, 3};
    int64_t piv[2];
    basis_status s = basis_sgetrf(ctx, BASIS_COL_MAJOR, 2, 2, a, 2, piv);
    BT_CHECK(s == BASIS_OK && last_backend(ctx) != BASIS_BACKEND_OPENCL,
             "AUTO sent a 2 x 2 getrf to %s", basis_backend_name(last_backend(ctx)));

    /* the test policy (any device from 10 kflop of work): lu_case and power_case check the
     * answers and that the device ran them; smaller ones stay on the CPU */
    basis_cl_test_auto(1e4);
    for (int dbl = 0; dbl < (fp64() ? 2 : 1); dbl++)
        lu_case(ctx, cpu, dbl, BASIS_ROW_MAJOR, 170, 131); /* 2.2 Mflop, past one panel */
    if (fp64())
        power_case(ctx, cpu, 80, BASIS_COL_MAJOR, 2, 1.0); /* 12.8 kflop per iteration */
    double a2[25] = {4, 1, 0, 0, 0, 1, 4, 1, 0, 0, 0, 1, 4, 1, 0, 0, 0, 1, 4, 1, 0, 0, 0, 1, 4};
    double v[5] = {1, 2, 3, 4, 5}, lambda = 0.0;
    int64_t piv5[5];
    basis_status s1 = basis_dpower(ctx, BASIS_COL_MAJOR, 5, a2, 5, 1e-10, 500, v, &lambda, NULL);
    basis_backend b1 = last_backend(ctx);
    basis_status s2 = basis_dgetrf(ctx, BASIS_COL_MAJOR, 5, 5, a2, 5, piv5);
    basis_backend b2 = last_backend(ctx);
    BT_CHECK((s1 == BASIS_OK || s1 == BASIS_ERR_NO_CONVERGENCE) && s2 == BASIS_OK &&
                 b1 != BASIS_BACKEND_OPENCL && b2 != BASIS_BACKEND_OPENCL,
             "AUTO (test policy) ran a 5 x 5 power on %s and getrf on %s",
             basis_backend_name(b1), basis_backend_name(b2));

    /* PageRank by its edges: 6 here, 12 flops per iteration */
    static const int64_t src[] = {0, 0, 1, 2, 3, 3}, dst[] = {1, 2, 2, 0, 2, 3};
    basis_graph *g = edges_graph(6, src, dst, 6);
    if (g) {
        basis_pagerank_opts opts = {0.85, 1e-13, 500, NULL};
        double r[6], rc[6];
        for (int take = 1; take >= 0; take--) {
            basis_cl_test_auto(take ? 12.0 : 13.0);
            s1 = basis_dpagerank_graph(ctx, g, &opts, r, NULL);
            b1 = last_backend(ctx);
            s2 = basis_dpagerank_graph(cpu, g, &opts, rc, NULL);
            double e = 0.0;
            for (int i = 0; i < 6; i++)
                e = fmax(e, fabs(r[i] - rc[i]));
            BT_CHECK(s1 == BASIS_OK && s2 == BASIS_OK && e <= 1e-14 &&
                         (b1 == BASIS_BACKEND_OPENCL) == take,
                     "AUTO (test policy from %d flops) ran PageRank on %s, %.3g from the CPU",
                     take ? 12 : 13, basis_backend_name(b1), e);
        }
        basis_cl_test_auto(1.0);
        if (fp64())
            auto_fallback_case(ctx, g);
        basis_graph_destroy(g);
    }
    basis_cl_test_auto(0.0);
    basis_ctx_destroy(cpu);
    basis_ctx_destroy(ctx);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "noplatform"))
        return no_platform();
    /* PoCL's kernel cache and basis's program cache in a directory of the test's own */
    char dir[] = "opencl-cache-XXXXXX", cwd[1024], path[1100];
    if (!getcwd(cwd, sizeof cwd) || !mkdtemp(dir)) {
        fprintf(stderr, "check_opencl: cannot make a cache directory here\n");
        return 1;
    }
    snprintf(path, sizeof path, "%s/%s", cwd, dir);
    setenv("XDG_CACHE_HOME", path, 1);
    if (!getenv("POCL_CACHE_DIR")) {
        snprintf(path, sizeof path, "%s/pocl-cache", cwd);
        setenv("POCL_CACHE_DIR", path, 1);
    }
    unsetenv("BASIS_OPENCL_DEVICE");
    if (basis_backend_available(BASIS_BACKEND_OPENCL) != BASIS_OK) {
        printf("check_opencl: skipped: %s\n", basis_last_error());
        return 77;
    }
    basis_ctx *ctx;
    basis_ctx_create(&ctx);
    BT_CHECK(basis_ctx_set_backend(ctx, BASIS_BACKEND_OPENCL) == BASIS_OK, "set_backend: %s",
             basis_last_error());
    bt_seed(606);
    check_cache(ctx);
    check_gemm(ctx);
    check_build_failure(ctx);
    check_oversized(ctx);
    check_refusals(ctx);
    check_pagerank(ctx);
    check_pagerank_long(ctx);
    check_lu(ctx);
    check_cond(ctx);
    check_eigen(ctx);
    check_power(ctx);
    check_threads();
    check_tune(ctx);
    check_auto();
    check_auto_ops();
    basis_ctx_destroy(ctx);
    basis_cl_release_all();
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s/%s'", cwd, dir);
    if (system(cmd) != 0)
        fprintf(stderr, "check_opencl: could not remove %s\n", dir);
    return bt_end();
}
#endif /* BASIS_WITH_OPENCL */
