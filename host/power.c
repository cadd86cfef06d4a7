/* power.c: the public power-iteration ops: dominant eigenpair by the Rayleigh quotient, built from the gemv, dot, nrm2 and axpy kernels, or on the OpenCL device (opencl/power_cl.c). */
#include <float.h>
#include <math.h>
#include <string.h>

#include "internal.h"
#ifdef BASIS_WITH_OPENCL
#include "opencl/opencl.h"
#endif

/* Semantics chosen where basis.h leaves room:
 * - tol must be positive and finite (0 could only be met by exact arithmetic), max_iter >= 1.
 * - A and the start vector must be finite; an all-zero start means the fixed default
 *   start 1/sqrt(n) in every entry. A start orthogonal to the dominant eigenvector is the
 *   caller's choice and converges to whatever the iteration finds.
 * - One iteration: w = A v, lambda = v.w (v is unit), residual = ||w - lambda v|| / |lambda|;
 *   the pair (v, lambda) whose residual was measured is the one written, so the written
 *   vector and value always belong together. Then v = w / ||w||.
 * - A v == 0 exactly: v is an eigenvector for 0; eigenvalue 0, residual 0, BASIS_OK.
 * - A whose largest entry is far from 1 (beyond 2^(+-MAX_EXP/2)) is iterated as a copy scaled
 *   by a power of two, so A v can neither overflow nor underflow for any finite A; the
 *   eigenvalue is scaled back exactly (it may round to Inf only if it exceeds the type's range).
 * - No convergence at max_iter: the last measured pair is written and
 *   BASIS_ERR_NO_CONVERGENCE returned.
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

static basis_status power_no_convergence(const char *fn, int64_t max_iter, double residual,
                                         double tol)
{
    return basis_fail(BASIS_ERR_NO_CONVERGENCE,
                      "%s: max_iter = %lld reached without convergence: ||A v - lambda v|| / "
                      "|lambda| = %g is above tol = %g (v and eigenvalue hold the last "
                      "estimate; eigenvalues of equal largest modulus never converge)",
                      fn, (long long)max_iter, residual, tol);
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
        (s = basis_check_alloc(fn, "the workspace", n, 3, sizeof *v)) ||
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

    /* The max of floats is a float: kept in float (also avoids a GCC 12 aarch64 ICE in
     * vect_transform_reduction on an fmax reduction of widened floats). */
    float amax = 0.0f;
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++)
            amax = fmaxf(amax, fabsf(a[i * rs + j * cs]));
    int e = scale_exponent((double)amax, FLT_MAX_EXP);
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
    float *ws = basis_alloc((size_t)n * 3 * sizeof *ws);
    if (ws == NULL) {
        basis_free(as);
        return basis_call_end(ctx, &call, power_no_memory(fn, "the workspace", 3, n));
    }
    float *x = ws, *w = ws + n, *r = ws + 2 * n;

    float nrm = call.k->snrm2(n, v, 1);
    for (int64_t i = 0; i < n; i++)
        x[i] = nrm == 0.0f ? (float)(1.0 / sqrt((double)n)) : v[i] / nrm;

    float lambda = 0.0f;
    double residual = INFINITY;
    int converged = 0;
    int64_t it;
#ifdef BASIS_WITH_OPENCL
    /* forced opencl: the same iteration with A resident on the device; the pair, the
     * status and the messages are formed below exactly as for the CPU's */
    basis_cl_power_result dev;
    if (call.backend == BASIS_BACKEND_OPENCL) {
        s = basis_cl_power(fn, 4, n, a, rs, cs, (double)tol, max_iter, x, &dev);
        if (s != BASIS_OK) {
            basis_free(ws);
            basis_free(as);
            return basis_call_end(ctx, &call, s);
        }
        lambda = (float)dev.lambda;
        residual = dev.residual;
        converged = dev.converged;
        it = dev.iterations;
    } else
#endif
    for (it = 1;; it++) {
        call.k->sgemv(n, n, 1.0f, a, rs, cs, x, 1, 0.0f, w, 1);
        float wn = call.k->snrm2(n, w, 1);
        if (wn == 0.0f) {
            lambda = 0.0f;
            residual = 0.0;
            converged = 1;
            break;
        }
        lambda = call.k->sdot(n, x, 1, w, 1);
        memcpy(r, w, (size_t)n * sizeof *r);
        call.k->saxpy(n, -lambda, x, 1, r, 1);
        float rn = call.k->snrm2(n, r, 1);
        residual = (double)rn / fabs((double)lambda);
        if (rn <= tol * fabsf(lambda)) {
            converged = 1;
            break;
        }
        if (it == max_iter)
            break;
        for (int64_t i = 0; i < n; i++)
            x[i] = w[i] / wn;
    }

    memcpy(v, x, (size_t)n * sizeof *v);
    *eigenvalue = e != 0 ? (float)ldexp((double)lambda, e) : lambda;
    if (info) {
        info->iterations = it;
        info->residual = residual;
    }
    basis_free(ws);
    basis_free(as);
    s = converged ? BASIS_OK
                  : power_no_convergence(fn, max_iter, residual, (double)tol);
    return basis_call_end(ctx, &call, s);
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
        (s = basis_check_alloc(fn, "the workspace", n, 3, sizeof *v)) ||
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

    double amax = 0.0;
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++)
            amax = fmax(amax, fabs((double)a[i * rs + j * cs]));
    int e = scale_exponent(amax, DBL_MAX_EXP);
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
    double *ws = basis_alloc((size_t)n * 3 * sizeof *ws);
    if (ws == NULL) {
        basis_free(as);
        return basis_call_end(ctx, &call, power_no_memory(fn, "the workspace", 3, n));
    }
    double *x = ws, *w = ws + n, *r = ws + 2 * n;

    double nrm = call.k->dnrm2(n, v, 1);
    for (int64_t i = 0; i < n; i++)
        x[i] = nrm == 0.0 ? 1.0 / sqrt((double)n) : v[i] / nrm;

    double lambda = 0.0, residual = INFINITY;
    int converged = 0;
    int64_t it;
#ifdef BASIS_WITH_OPENCL
    basis_cl_power_result dev;
    if (call.backend == BASIS_BACKEND_OPENCL) {
        s = basis_cl_power(fn, 8, n, a, rs, cs, tol, max_iter, x, &dev);
        if (s != BASIS_OK) {
            basis_free(ws);
            basis_free(as);
            return basis_call_end(ctx, &call, s);
        }
        lambda = dev.lambda;
        residual = dev.residual;
        converged = dev.converged;
        it = dev.iterations;
    } else
#endif
    for (it = 1;; it++) {
        call.k->dgemv(n, n, 1.0, a, rs, cs, x, 1, 0.0, w, 1);
        double wn = call.k->dnrm2(n, w, 1);
        if (wn == 0.0) {
            lambda = 0.0;
            residual = 0.0;
            converged = 1;
            break;
        }
        lambda = call.k->ddot(n, x, 1, w, 1);
        memcpy(r, w, (size_t)n * sizeof *r);
        call.k->daxpy(n, -lambda, x, 1, r, 1);
        double rn = call.k->dnrm2(n, r, 1);
        residual = rn / fabs(lambda);
        if (rn <= tol * fabs(lambda)) {
            converged = 1;
            break;
        }
        if (it == max_iter)
            break;
        for (int64_t i = 0; i < n; i++)
            x[i] = w[i] / wn;
    }

    memcpy(v, x, (size_t)n * sizeof *v);
    *eigenvalue = e != 0 ? ldexp(lambda, e) : lambda;
    if (info) {
        info->iterations = it;
        info->residual = residual;
    }
    basis_free(ws);
    basis_free(as);
    s = converged ? BASIS_OK : power_no_convergence(fn, max_iter, residual, tol);
    return basis_call_end(ctx, &call, s);
}
