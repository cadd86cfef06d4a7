/* gemm.c (check_opencl): GEMM through both kernels and the GPU-style tiled variants, every layout and transpose, against a double loop; the stats. */
#include "check_opencl/check_opencl.h"

/* ---- GEMM against a double loop, any layout and transpose ------------------------------ */

/* One sgemm or dgemm with NaN where nothing may be read, checked entry by entry and for
 * untouched padding. Returns 1 when it passed. */
int gemm_case(basis_ctx *ctx, int dbl, basis_layout l, basis_trans ta, basis_trans tb,
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

void check_gemm(basis_ctx *ctx)
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

    /* k = 0: C := beta C whatever alpha is, Inf and NaN included (the reference never
     * multiplies alpha in; alpha * 0 would be NaN) */
    static const double alphas[] = {INFINITY, NAN};
    for (int ai = 0; ai < 2; ai++)
        for (int dbl = 0; dbl < dmax; dbl++) {
            float cs[4] = {1, 2, 3, 4}, as1[1] = {0};
            double cd[4] = {1, 2, 3, 4}, ad1[1] = {0};
            basis_status s2 = dbl ? basis_dgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS,
                                                BASIS_NO_TRANS, 2, 2, 0, alphas[ai], ad1, 2, ad1,
                                                1, 0.5, cd, 2)
                                  : basis_sgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS,
                                                BASIS_NO_TRANS, 2, 2, 0, (float)alphas[ai], as1,
                                                2, as1, 1, 0.5f, cs, 2);
            int ok = 1;
            for (int i = 0; i < 4; i++)
                ok &= (dbl ? cd[i] : (double)cs[i]) == 0.5 * (i + 1);
            BT_CHECK(s2 == BASIS_OK && ok && last_backend(ctx) == BASIS_BACKEND_OPENCL,
                     "%cgemm k = 0, alpha %g, beta 0.5: %s, C %g %g %g %g", dbl ? 'd' : 's',
                     alphas[ai], basis_status_name(s2), dbl ? cd[0] : (double)cs[0],
                     dbl ? cd[1] : (double)cs[1], dbl ? cd[2] : (double)cs[2],
                     dbl ? cd[3] : (double)cs[3]);
        }
}
