/* fuzz_env.c: libFuzzer target for the environment variables basis reads per call: BASIS_BACKEND, BASIS_NUM_THREADS, OMP_NUM_THREADS and BASIS_OPENCL_DEVICE. */
#include "fuzz_util.h"
#include "basis.h"
#ifdef BASIS_WITH_OPENCL
#include "opencl/opencl.h"
#endif

/* BASIS_VERBOSE and LAPACKE_NANCHECK are read once per process (call_once), as a flag that
 * is on when set, non-empty and not starting with '0': there is nothing to parse per input. */

/* The input is up to four values separated by '\n'; each may hold any byte but '\0'. */
static void set_from(const char **p, const char *end, const char *name)
{
    char value[256];
    size_t len = 0;
    while (*p < end && **p != '\n') {
        if (**p != '\0' && len < sizeof value - 1)
            value[len++] = **p;
        (*p)++;
    }
    if (*p < end)
        (*p)++;
    value[len] = '\0';
    /* An empty value unsets it: "unset" and "set but empty" both mean "not given". */
    if (len)
        setenv(name, value, 1);
    else
        unsetenv(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    set_from(&p, end, "BASIS_BACKEND");
    set_from(&p, end, "BASIS_NUM_THREADS");
    set_from(&p, end, "OMP_NUM_THREADS");
    set_from(&p, end, "BASIS_OPENCL_DEVICE");

    /* Every op starts by resolving the default context: backend, then threads. */
    double x[3] = {1, 2, 3}, r = -1.0;
    basis_status s = basis_ddot(NULL, 3, x, 1, x, 1, &r);
    FUZZ_ASSERT(s == BASIS_OK || s == BASIS_ERR_BACKEND || s == BASIS_ERR_ARGUMENT,
                "ddot: status %s", basis_status_name(s));
    FUZZ_ASSERT(s != BASIS_OK ? r == -1.0 : r == 14.0, "ddot: result %g with status %s", r,
                basis_status_name(s));
    int threads = -7;
    s = basis_ctx_get_threads(NULL, &threads);
    FUZZ_ASSERT(s == BASIS_OK ? threads >= 1 && threads <= 4096 : s == BASIS_ERR_ARGUMENT,
                "threads %d, status %s", threads, basis_status_name(s));
    basis_backend b;
    const char *name = getenv("BASIS_BACKEND");
    if (name) {
        s = basis_backend_parse(name, &b);
        FUZZ_ASSERT(s == BASIS_OK || s == BASIS_ERR_ARGUMENT, "parse: %s", basis_status_name(s));
    }
#ifdef BASIS_WITH_OPENCL
    /* The device choice, over a made-up list (no OpenCL runtime needed). */
    basis_cl_device_info devs[3];
    memset(devs, 0, sizeof devs);
    for (int i = 0; i < 3; i++) {
        devs[i].platform = i / 2;
        devs[i].device = i % 2;
        devs[i].is_gpu = i == 2;
    }
    int index = -9;
    s = basis_opencl_default_device(devs, 3, &index);
    FUZZ_ASSERT(s == BASIS_OK ? index >= 0 && index < 3
                              : (s == BASIS_ERR_ARGUMENT || s == BASIS_ERR_BACKEND),
                "opencl device: index %d, status %s", index, basis_status_name(s));
#endif
    return 0;
}
