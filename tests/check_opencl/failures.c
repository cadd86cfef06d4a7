/* failures.c (check_opencl): the failure paths: a broken kernel build, oversized requests (one buffer, or all together over the global memory), refused ops and devices, no platform at all. */
#include <sys/mman.h>

#include "check_opencl/check_opencl.h"

/* ---- failures ------------------------------------------------------------------------- */

void check_build_failure(basis_ctx *ctx)
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

void check_oversized(basis_ctx *ctx)
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
    /* the message names the caller's operand in either layout (a row-major C is computed
     * as its transpose, with A and B exchanged): A is 10000 x 4, B 4 x 4 */
    for (int row = 0; row < 2; row++) {
        basis_layout l = row ? BASIS_ROW_MAJOR : BASIS_COL_MAJOR;
        basis_cl_test_max_alloc(100000);
        s = basis_sgemm(ctx, l, BASIS_NO_TRANS, BASIS_NO_TRANS, 10000, 4, 4, 1.0f, a,
                        row ? 4 : 10000, a, 4, 0.0f, c, row ? 4 : 10000);
        BT_CHECK(s == BASIS_ERR_DEVICE && contains(basis_last_error(), ": A needs 160000 bytes"),
                 "%s-major, A over a lowered limit: %s: %s", row ? "row" : "column",
                 basis_status_name(s), basis_last_error());
    }
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

    /* the device's own limit: operands of 16 GiB or more that are address space only, so
     * any read or write before the check would crash the test */
    int64_t big;
    size_t bytes;
    void *p = unreadable_matrix(&big, &bytes);
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

void *unreadable_matrix(int64_t *n, size_t *bytes)
{
    basis_cl_device_info devs[8];
    int count = 0, idx = -1;
    basis_opencl_devices(devs, 8, &count);
    basis_opencl_default_device(devs, count, &idx);
    int64_t big = 65536;
    while (idx >= 0 && big * big * (int64_t)sizeof(float) <= devs[idx].max_alloc_bytes)
        big *= 2; /* past the device's own largest allocation, whatever it is */
    *n = big;
    *bytes = (size_t)big * (size_t)big * sizeof(float);
    return mmap(NULL, *bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
}

void check_refusals(basis_ctx *ctx)
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

/* ---- no platform (run with OCL_ICD_VENDORS naming an empty directory) ------------------- */

int no_platform(void)
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
