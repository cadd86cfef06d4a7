/* lu.c (check_opencl): LU on the device: the CPU's factors and solves, the GPU-style update kernel, an oversized request refused. */
#include <sys/mman.h>

#include "check_opencl/check_opencl.h"

/* ---- LU on the device: the CPU's factors, the solves, an oversized request refused ------ */

/* getrf of one m x n matrix in layout (ld padded) on ctx and on the CPU: the same pivots
 * (random data has no near ties), factors within a scale-aware bound, times recorded;
 * then getrs (both transposes) on the device factors against the CPU's solution. */
void lu_case(basis_ctx *ctx, basis_ctx *cpu, int dbl, basis_layout l, int64_t m,
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

void check_lu(basis_ctx *ctx)
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

    /* the device's own limit: a 16 GiB matrix of address space only, so any read or write
     * before the check would crash the test */
    int64_t big;
    size_t bytes;
    void *p = unreadable_matrix(&big, &bytes);
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
