/* check_opencl.c: the OpenCL backend on whatever device there is (PoCL in CI), its checks in tests/check_opencl/: GEMM through both kernels, LU, PageRank, power iteration and the condition and eigen ops against the CPU, stats, the binary cache (hit, corrupt, stale), a broken build, oversized requests (one buffer, or all together over the global memory), device choice, refused ops, threads, the tuner, AUTO, a device with small work-groups; `noplatform` mode: no ICD at all. */
#include <stdio.h>

#ifndef BASIS_WITH_OPENCL
int main(void)
{
    printf("check_opencl: skipped: basis was built without OpenCL\n");
    return 77;
}
#else
#include "check_opencl/check_opencl.h"

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
    check_small_groups(ctx);
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
