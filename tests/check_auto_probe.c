/* check_auto_probe.c: AUTO does not load the installed OpenCL drivers (PoCL here) for a GEMM large enough for a GPU when the machine has no driver of a GPU it could take. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "basis.h"
#include "testutil.h"

#ifndef BASIS_WITH_OPENCL
int main(void)
{
    printf("check_auto_probe: skipped: basis was built without OpenCL\n");
    return 77;
}
#else
#include "opencl/opencl.h"

/* Lines of /proc/self/maps naming a file whose path contains part. */
static int mapped(const char *part)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return -1;
    char line[4096];
    int count = 0;
    while (fgets(line, sizeof line, f))
        count += strstr(line, part) != NULL;
    fclose(f);
    return count;
}

int main(void)
{
    printf("check_auto_probe\n");
    if (access("/proc/driver/nvidia", F_OK) == 0 || access("/dev/nvidiactl", F_OK) == 0) {
        printf("check_auto_probe: skipped: an NVIDIA driver is loaded, so AUTO asks the "
               "ICD loader (check_opencl covers that case)\n");
        return 77;
    }
    if (mapped("pocl") != 0) {
        printf("check_auto_probe: skipped: PoCL is mapped before any call (or no "
               "/proc/self/maps)\n");
        return 77;
    }
    unsetenv("BASIS_BACKEND");
    /* 2 * 1024^3 flops, every dimension 1024: the size at which AUTO takes an NVIDIA GPU */
    const int64_t n = 1024;
    double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n);
    double *c = malloc(sizeof(double) * n * n);
    for (int64_t i = 0; i < n * n; i++) {
        a[i] = (double)(i % 7) - 3.0;
        b[i] = (double)(i % 5) - 2.0;
    }
    basis_status s = basis_dgemm(NULL, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, n, n,
                                 n, 1.0, a, n, b, n, 0.0, c, n);
    double want = 0.0; /* c(0, 0) = sum over p of a(0, p) b(p, 0) */
    for (int64_t p = 0; p < n; p++)
        want += a[p * n] * b[p];
    BT_CHECK(s == BASIS_OK && c[0] == want, "AUTO 1024^3 dgemm: %s, c(0,0) = %g, want %g",
             basis_status_name(s), c[0], want);
    BT_CHECK(mapped("pocl") == 0, "AUTO loaded PoCL for a 1024^3 dgemm without a GPU driver");

    /* The check above can fail: listing the devices does load PoCL where it is installed. */
    basis_cl_device_info devs[8];
    int count = 0;
    basis_opencl_devices(devs, 8, &count);
    int pocl = mapped("pocl");
    free(a);
    free(b);
    free(c);
    if (pocl <= 0) {
        printf("check_auto_probe: PoCL is not installed here; the check above proves "
               "nothing\n");
        return bt_end() ? 1 : 77;
    }
    return bt_end();
}
#endif
