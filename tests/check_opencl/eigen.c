/* eigen.c (check_opencl): gesv_checked, gecon, eigen_shift and eigen_sym_topk on the device against the CPU. */
#include "check_opencl/check_opencl.h"

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

void check_cond(basis_ctx *ctx)
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

void check_eigen(basis_ctx *ctx)
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
