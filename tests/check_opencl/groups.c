/* groups.c (check_opencl): a device with small work-groups, played on whatever device there is by lowering CL_DEVICE_MAX_WORK_GROUP_SIZE as basis sees it to 16 and 32: GEMM through both kernels, LU, power iteration and PageRank still run there, each against the CPU, and a launch over the limit is refused with a sentence naming it. */
#include "check_opencl/check_opencl.h"

void check_small_groups(basis_ctx *ctx)
{
    static const int64_t limits[] = {16, 32};
    basis_ctx *cpu = ref_ctx();
    int dmax = fp64() ? 2 : 1;
    for (int li = 0; li < 2; li++) {
        basis_cl_test_max_work_group(limits[li]);
        /* both GEMM kernels, with the parameters the table chooses within the limit; the
         * packing before the tiled one takes a work-group the limit allows */
        for (int path = 1; path <= 2; path++) {
            basis_cl_test_force_path(path);
            for (int dbl = 0; dbl < dmax; dbl++) {
                gemm_case(ctx, dbl, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_TRANS, 70, 33, 40,
                          1.0, 0.5);
                gemm_case(ctx, dbl, BASIS_ROW_MAJOR, BASIS_TRANS, BASIS_NO_TRANS, 17, 130, 9,
                          -1.5, 0.0);
            }
        }
        basis_cl_test_force_path(0);
        /* LU past one panel (its GEMM updates pack too), power iteration, PageRank with
         * short and long rows */
        for (int dbl = 0; dbl < dmax; dbl++)
            lu_case(ctx, cpu, dbl, BASIS_COL_MAJOR, 150, 140);
        power_case(ctx, cpu, 100, BASIS_ROW_MAJOR, 3, 1.0);
        check_pagerank(ctx);
        check_pagerank_long(ctx);
    }

    /* parameters forced past the limit (an 8 x 8 work-group against 16): refused before
     * the launch with the limit named, C untouched */
    static const basis_cl_gemm_params wide = {32, 32, 8, 8, 8, 2, 1, 1, 1, 0,
                                              2, 2, 8, 8, 0.0, "test 8 x 8"};
    basis_cl_test_max_work_group(16);
    basis_cl_gemm_params_set_override(&wide);
    basis_cl_test_force_path(2);
    float a[40 * 40] = {0}, c[40 * 40];
    for (int i = 0; i < 40 * 40; i++)
        c[i] = 3.0f;
    basis_status s = basis_sgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, 40, 40,
                                 40, 1.0f, a, 40, a, 40, 0.0f, c, 40);
    basis_cl_test_force_path(0);
    basis_cl_gemm_params_set_override(NULL);
    basis_cl_test_max_work_group(0);
    int same = 1;
    for (int i = 0; i < 40 * 40; i++)
        same &= c[i] == 3.0f;
    BT_CHECK(s == BASIS_ERR_DEVICE && contains(basis_last_error(), "work-groups of 64") &&
                 contains(basis_last_error(), "CL_DEVICE_MAX_WORK_GROUP_SIZE") && same,
             "a work-group over the limit: %s: %s (C %s)", basis_status_name(s),
             basis_last_error(), same ? "untouched" : "written");
    basis_ctx_destroy(cpu);
}
