/* testutil.c: the shared test harness: pass/fail counting, backend forcing and skipping, RNG. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

int bt_passes;
int bt_failures;
static uint64_t bt_state = 0x9e3779b97f4a7c15ull;

basis_backend bt_begin(const char *test_name)
{
    const char *env = getenv("BASIS_BACKEND");
    basis_backend b = BASIS_BACKEND_AUTO;
    if (env && *env && basis_backend_parse(env, &b) != BASIS_OK) {
        fprintf(stderr, "%s: BASIS_BACKEND=%s is not a backend: %s\n", test_name, env,
                basis_last_error());
        exit(1);
    }
    if (basis_backend_available(b) != BASIS_OK) {
        printf("%s: skipped, backend %s not available here: %s\n", test_name,
               basis_backend_name(b), basis_last_error());
        exit(77);
    }
    /* The OpenCL backend implements some ops only (the others refuse it with
     * BASIS_ERR_BACKEND, tested in check_opencl); a test of other ops has nothing to run. */
    static const char *const opencl_tests[] = {"test_gemm", "test_pagerank", "test_power",
                                                "test_lu", "test_lu_cond", "test_eigen"};
    int on_device = 0;
    for (size_t i = 0; i < sizeof opencl_tests / sizeof opencl_tests[0]; i++)
        on_device |= !strcmp(test_name, opencl_tests[i]);
    if (b == BASIS_BACKEND_OPENCL && !on_device) {
        printf("%s: skipped, its ops have no OpenCL implementation yet\n", test_name);
        exit(77);
    }
    printf("%s: backend %s\n", test_name, basis_backend_name(b));
    return b;
}

int bt_end(void)
{
    printf("%d passed, %d failed\n", bt_passes, bt_failures);
    return bt_failures ? 1 : 0;
}

void bt_seed(uint64_t seed)
{
    bt_state = seed ? seed : 0x9e3779b97f4a7c15ull;
}

double bt_uniform(void)
{
    bt_state ^= bt_state << 13;
    bt_state ^= bt_state >> 7;
    bt_state ^= bt_state << 17;
    return (double)(bt_state >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

void bt_fill_d(double *x, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        x[i] = bt_uniform();
}

void bt_fill_s(float *x, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        x[i] = (float)bt_uniform();
}
