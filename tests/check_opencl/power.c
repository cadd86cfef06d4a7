/* power.c (check_opencl): power iteration on the device: the CPU's pair, the scaled path, refusals. */
#include "check_opencl/check_opencl.h"

/* ---- power iteration on the device: the CPU's pair, the scaled path, refusals -------------- */

/* Symmetric A = R + 3 sqrt(n) u u^T (R uniform in [-1, 1], u = ones / sqrt(n)): a dominant
 * eigenvalue near 3 sqrt(n) with a gap that makes the iteration converge in tens of steps.
 * Stored in layout with ld = n + pad (NaN in the padding: the device must never read it),
 * entries multiplied by mult (a power of two: the scaled-copy path when far from 1). */
void power_matrix(int64_t n, basis_layout l, int64_t pad, double mult, double *a)
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
void power_case(basis_ctx *ctx, basis_ctx *cpu, int64_t n, basis_layout l, int64_t pad,
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

void check_power(basis_ctx *ctx)
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
