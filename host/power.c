/* power.c: the public power-iteration ops: dominant eigenpair by the Rayleigh quotient, built from the gemv, dot, nrm2 and axpy kernels, or on the OpenCL device (opencl/power_cl.c). */
#include <float.h>
#include <math.h>
#include <string.h>

#include "internal.h"
#include "power_watch.h"
#ifdef BASIS_WITH_OPENCL
#include "opencl/opencl.h"
#endif

/* Semantics chosen where basis.h leaves room:
 * - tol must be positive and finite (0 could only be met by exact arithmetic), max_iter >= 1.
 * - A and the start vector must be finite; an all-zero start means the fixed default
 *   start 1/sqrt(n) in every entry. A start orthogonal to the dominant eigenvector is the
 *   caller's choice and converges to whatever the iteration finds.
 * - One iteration: w = A v, lambda = v.w (v is unit), residual = ||w - lambda v|| / |lambda|
 *   (Inf when lambda = 0 and A v != 0, as for a rotation by 90 degrees); then
 *   v = w / ||w||. Written is a pair (v, lambda) whose residual was measured, so the
 *   written vector and value always belong together: on convergence the converged pair,
 *   otherwise the pair with the lowest residual measured in the run (the earliest of
 *   equals), which is not the last one when the iteration does not converge.
 * - Each iteration also hands power_watch.c one more dot and norm (the plane of v and
 *   A v, see there), from which it tells at max_iter whether two or more eigenvalues of
 *   equal largest modulus kept the run from converging. It never ends a run early: a
 *   dominant eigenvalue with a small component in the start looks like such a pair for
 *   hundreds of iterations before it emerges.
 * - A v == 0 exactly: v is an eigenvector for 0; eigenvalue 0, residual 0, BASIS_OK.
 * - A whose largest entry is far from 1 (beyond 2^(+-MAX_EXP/2)) is iterated as a copy scaled
 *   by a power of two, so A v can neither overflow nor underflow for any finite A; the
 *   eigenvalue is scaled back exactly (it may round to Inf only if it exceeds the type's range).
 * - No convergence: the best pair is written, info->residual is its residual and
 *   info->iterations the iterations run, and BASIS_ERR_NO_CONVERGENCE is returned with a
 *   message that says which case it was: "no dominant eigenvalue (max_iter = N
 *   reached)" or "max_iter = N reached before convergence" (with whether the residual was
 *   still falling). The same for every backend: the device loop
 *   (opencl/power_cl.c) hands the same numbers to the same watch.
 * - All work happens in a workspace; v, eigenvalue and info are written only at the end. */

static basis_status power_fail_nonfinite_start(const char *fn, int64_t i, double value)
{
    return basis_fail(BASIS_ERR_ARGUMENT,
                      "%s: v[%lld] = %g is not finite (the start vector must be finite)", fn,
                      (long long)i, value);
}

/* The binary exponent by which A must be scaled down (positive) or up (negative) so that
 * its largest magnitude lies within 2^(+-max_exp/2); 0 when A is fine as it is. */
static int scale_exponent(double amax, int max_exp)
{
    int e;
    if (amax == 0.0)
        return 0;
    frexp(amax, &e);
    return (e > max_exp / 2 || e < -max_exp / 2) ? e : 0;
}

static basis_status power_no_memory(const char *fn, const char *what, int64_t rows,
                                    int64_t cols)
{
    return basis_fail(BASIS_ERR_NO_MEMORY, "%s: could not allocate %s (%lld x %lld entries)",
                      fn, what, (long long)rows, (long long)cols);
}

/* x := v / ||v|| (the all-equal unit vector when v is zero): where every run starts. */
static void start_s(const basis_kernels *k, int64_t n, const float *v, float *x)
{
    float nrm = k->snrm2(n, v, 1);
    for (int64_t i = 0; i < n; i++)
        x[i] = nrm == 0.0f ? (float)(1.0 / sqrt((double)n)) : v[i] / nrm;
}

static void start_d(const basis_kernels *k, int64_t n, const double *v, double *x)
{
    double nrm = k->dnrm2(n, v, 1);
    for (int64_t i = 0; i < n; i++)
        x[i] = nrm == 0.0 ? 1.0 / sqrt((double)n) : v[i] / nrm;
}

/* The CPU iteration in float (the header comment's step), the watch's dot x_prev.w and
 * the norm of its z beside it. ws holds 5 n floats: the iterate, the previous one, the
 * best one, w and a scratch vector; x starts in the first. Returns the vector of the
 * pair the watch ended with as best. */
static const float *iterate_s(const basis_kernels *k, int64_t n, const float *a, int64_t rs,
                              int64_t cs, float tol, float *ws, basis_power_watch *pw)
{
    float *x = ws, *xp = ws + n, *best = ws + 2 * n, *w = ws + 3 * n, *r = ws + 4 * n;
    for (;;) {
        k->sgemv(n, n, 1.0f, a, rs, cs, x, 1, 0.0f, w, 1);
        float wn = k->snrm2(n, w, 1);
        if (wn == 0.0f) {
            basis_power_watch_step(pw, 0.0, 0.0, 0.0, NAN, 1);
            return x;
        }
        float lambda = k->sdot(n, x, 1, w, 1);
        memcpy(r, w, (size_t)n * sizeof *r);
        k->saxpy(n, -lambda, x, 1, r, 1);
        float rn = k->snrm2(n, r, 1);
        int converged = rn <= tol * fabsf(lambda);
        double tr, beta, zn = NAN;
        if (!converged && pw->it > 0 &&
            basis_power_watch_coeffs(pw, (double)lambda, (double)k->sdot(n, xp, 1, w, 1), &tr,
                                     &beta)) {
            memcpy(r, w, (size_t)n * sizeof *r);
            k->saxpy(n, (float)-tr, x, 1, r, 1);
            k->saxpy(n, (float)beta, xp, 1, r, 1);
            zn = (double)k->snrm2(n, r, 1);
        }
        int stop = basis_power_watch_step(pw, (double)lambda, (double)wn, (double)rn, zn,
                                          converged);
        if (pw->best_it == pw->it) {
            if (stop)
                return x;
            memcpy(best, x, (size_t)n * sizeof *best);
        }
        if (stop)
            return best;
        float *t = xp;
        xp = x;
        x = t;
        for (int64_t i = 0; i < n; i++)
            x[i] = w[i] / wn;
    }
}

/* iterate_s in double. */
static const double *iterate_d(const basis_kernels *k, int64_t n, const double *a,
                               int64_t rs, int64_t cs, double tol, double *ws,
                               basis_power_watch *pw)
{
    double *x = ws, *xp = ws + n, *best = ws + 2 * n, *w = ws + 3 * n, *r = ws + 4 * n;
    for (;;) {
        k->dgemv(n, n, 1.0, a, rs, cs, x, 1, 0.0, w, 1);
        double wn = k->dnrm2(n, w, 1);
        if (wn == 0.0) {
            basis_power_watch_step(pw, 0.0, 0.0, 0.0, NAN, 1);
            return x;
        }
        double lambda = k->ddot(n, x, 1, w, 1);
        memcpy(r, w, (size_t)n * sizeof *r);
        k->daxpy(n, -lambda, x, 1, r, 1);
        double rn = k->dnrm2(n, r, 1);
        int converged = rn <= tol * fabs(lambda);
        double tr, beta, zn = NAN;
        if (!converged && pw->it > 0 &&
            basis_power_watch_coeffs(pw, lambda, k->ddot(n, xp, 1, w, 1), &tr, &beta)) {
            memcpy(r, w, (size_t)n * sizeof *r);
            k->daxpy(n, -tr, x, 1, r, 1);
            k->daxpy(n, beta, xp, 1, r, 1);
            zn = k->dnrm2(n, r, 1);
        }
        int stop = basis_power_watch_step(pw, lambda, wn, rn, zn, converged);
        if (pw->best_it == pw->it) {
            if (stop)
                return x;
            memcpy(best, x, (size_t)n * sizeof *best);
        }
        if (stop)
            return best;
        double *t = xp;
        xp = x;
        x = t;
        for (int64_t i = 0; i < n; i++)
            x[i] = w[i] / wn;
    }
}

basis_status basis_spower(basis_ctx *ctx, basis_layout layout, int64_t n, const float *a,
                          int64_t lda, float tol, int64_t max_iter, float *v, float *eigenvalue,
                          basis_iter_info *info)
{
    static const char fn[] = "basis_spower";
    basis_status s;
    int64_t rs, cs;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)))
        return s;
    basis_strides(layout, 0, lda, &rs, &cs);
    if ((s = basis_check_finite_s(fn, "a", a, rs, cs, n, n)) ||
        (s = basis_check_iteration(fn, (double)tol, max_iter)) ||
        (s = basis_check_ptr(fn, "v", v, n)))
        return s;
    for (int64_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return power_fail_nonfinite_start(fn, i, (double)v[i]);
    if ((s = basis_check_ptr(fn, "eigenvalue", eigenvalue, 1)) ||
        (s = basis_check_alloc(fn, "the workspace", n, 5, sizeof *v)) ||
        (s = basis_check_alloc(fn, "the scaled copy of A", n, n, sizeof *v)))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (n == 0) {
        *eigenvalue = 0.0f;
        if (info) {
            info->iterations = 0;
            info->residual = 0.0;
        }
        return basis_call_end(ctx, &call, BASIS_OK);
    }

    int e = scale_exponent((double)basis_max_abs_s(n, n, a, rs, cs), FLT_MAX_EXP);
    float *as = NULL;
    if (e != 0) {
        as = basis_alloc((size_t)n * (size_t)n * sizeof *as);
        if (as == NULL)
            return basis_call_end(ctx, &call, power_no_memory(fn, "the scaled copy of A", n, n));
        for (int64_t j = 0; j < n; j++)
            for (int64_t i = 0; i < n; i++)
                as[i + j * n] = (float)ldexp((double)a[i * rs + j * cs], -e);
        a = as;
        rs = 1;
        cs = n;
    }
    float *ws = basis_alloc((size_t)n * 5 * sizeof *ws);
    if (ws == NULL) {
        basis_free(as);
        return basis_call_end(ctx, &call, power_no_memory(fn, "the workspace", 5, n));
    }

    basis_power_watch pw;
    start_s(call.k, n, v, ws);
    basis_power_watch_init(&pw, n, (double)tol, max_iter, FLT_EPSILON / 2, e);
    const float *best = NULL;
#ifdef BASIS_WITH_OPENCL
    /* forced opencl, or AUTO for a large enough A on a GPU: the same iteration with A
     * resident on the device, judged by the same watch; the best vector comes back into
     * ws. Should AUTO's attempt fail, the CPU starts again from v. */
    if (basis_cl_op_on_device(ctx, &call, fn, BASIS_CL_AUTO_POWER, 2.0 * (double)n * n)) {
        s = basis_cl_power(fn, 4, n, a, rs, cs, &pw, ws);
        if (!basis_cl_op_fall_back(&call, &s)) {
            if (s != BASIS_OK) {
                basis_free(ws);
                basis_free(as);
                return basis_call_end(ctx, &call, s);
            }
            best = ws;
        } else {
            start_s(call.k, n, v, ws);
            basis_power_watch_init(&pw, n, (double)tol, max_iter, FLT_EPSILON / 2, e);
        }
    }
#endif
    if (!best)
        best = iterate_s(call.k, n, a, rs, cs, tol, ws, &pw);

    memcpy(v, best, (size_t)n * sizeof *v);
    float lambda = (float)pw.best_lambda;
    *eigenvalue = e != 0 ? (float)ldexp((double)lambda, e) : lambda;
    if (info) {
        info->iterations = pw.it;
        info->residual = pw.best_residual;
    }
    basis_free(ws);
    basis_free(as);
    return basis_call_end(ctx, &call, basis_power_watch_status(&pw, fn));
}

basis_status basis_dpower(basis_ctx *ctx, basis_layout layout, int64_t n, const double *a,
                          int64_t lda, double tol, int64_t max_iter, double *v,
                          double *eigenvalue, basis_iter_info *info)
{
    static const char fn[] = "basis_dpower";
    basis_status s;
    int64_t rs, cs;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)))
        return s;
    basis_strides(layout, 0, lda, &rs, &cs);
    if ((s = basis_check_finite_d(fn, "a", a, rs, cs, n, n)) ||
        (s = basis_check_iteration(fn, tol, max_iter)) || (s = basis_check_ptr(fn, "v", v, n)))
        return s;
    for (int64_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return power_fail_nonfinite_start(fn, i, v[i]);
    if ((s = basis_check_ptr(fn, "eigenvalue", eigenvalue, 1)) ||
        (s = basis_check_alloc(fn, "the workspace", n, 5, sizeof *v)) ||
        (s = basis_check_alloc(fn, "the scaled copy of A", n, n, sizeof *v)))
        return s;

    basis_call call;
    s = basis_call_begin(ctx, fn, &call);
    if (s)
        return s;
    if (n == 0) {
        *eigenvalue = 0.0;
        if (info) {
            info->iterations = 0;
            info->residual = 0.0;
        }
        return basis_call_end(ctx, &call, BASIS_OK);
    }

    int e = scale_exponent(basis_max_abs_d(n, n, a, rs, cs), DBL_MAX_EXP);
    double *as = NULL;
    if (e != 0) {
        as = basis_alloc((size_t)n * (size_t)n * sizeof *as);
        if (as == NULL)
            return basis_call_end(ctx, &call, power_no_memory(fn, "the scaled copy of A", n, n));
        for (int64_t j = 0; j < n; j++)
            for (int64_t i = 0; i < n; i++)
                as[i + j * n] = ldexp(a[i * rs + j * cs], -e);
        a = as;
        rs = 1;
        cs = n;
    }
    double *ws = basis_alloc((size_t)n * 5 * sizeof *ws);
    if (ws == NULL) {
        basis_free(as);
        return basis_call_end(ctx, &call, power_no_memory(fn, "the workspace", 5, n));
    }

    basis_power_watch pw;
    start_d(call.k, n, v, ws);
    basis_power_watch_init(&pw, n, tol, max_iter, DBL_EPSILON / 2, e);
    const double *best = NULL;
#ifdef BASIS_WITH_OPENCL
    if (basis_cl_op_on_device(ctx, &call, fn, BASIS_CL_AUTO_POWER, 2.0 * (double)n * n)) {
        s = basis_cl_power(fn, 8, n, a, rs, cs, &pw, ws);
        if (!basis_cl_op_fall_back(&call, &s)) {
            if (s != BASIS_OK) {
                basis_free(ws);
                basis_free(as);
                return basis_call_end(ctx, &call, s);
            }
            best = ws;
        } else {
            start_d(call.k, n, v, ws);
            basis_power_watch_init(&pw, n, tol, max_iter, DBL_EPSILON / 2, e);
        }
    }
#endif
    if (!best)
        best = iterate_d(call.k, n, a, rs, cs, tol, ws, &pw);

    memcpy(v, best, (size_t)n * sizeof *v);
    *eigenvalue = e != 0 ? ldexp(pw.best_lambda, e) : pw.best_lambda;
    if (info) {
        info->iterations = pw.it;
        info->residual = pw.best_residual;
    }
    basis_free(ws);
    basis_free(as);
    return basis_call_end(ctx, &call, basis_power_watch_status(&pw, fn));
}
