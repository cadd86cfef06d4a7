/* eigen_s.c: float dense eigenpairs beyond the dominant one (the float twin of eigen_d.c, which documents both). */
#include <float.h>
#include <math.h>
#include <string.h>

#include "internal.h"
#ifdef BASIS_WITH_OPENCL
#include "opencl/opencl.h"
#endif

/* Both stop on the residual scaled by A's Frobenius norm, ||A v - lambda v|| <= tol ||A||_F,
 * which every eigenpair can meet, a zero eigenvalue included (scaling by |lambda|, as power
 * iteration does, cannot be met there). A start vector of all zeros (shift) and every
 * start (top-k) is a fixed pseudo-random vector, so that no eigenvector is missed by a
 * start orthogonal to it. Written only at the end, with the last measured pairs. */

static float s_start(int64_t i, int64_t j)
{
    uint64_t z = (uint64_t)i * 0x9E3779B97F4A7C15ull + (uint64_t)j * 0xD1B54A32D192ED03ull + 1;
    z ^= z >> 31;
    z *= 0xBF58476D1CE4E5B9ull;
    z ^= z >> 29;
    return 0.5 + (float)(z >> 11) * (1.0 / 9007199254740992.0);
}

static float s_frobenius(const basis_kernels *k, const float *a, int64_t n)
{
    float f = 0.0;
    for (int64_t j = 0; j < n; j++)
        f = hypot(f, (float)k->snrm2(n, a + j * n, 1));
    return f;
}

static basis_status s_check_common(const char *fn, basis_layout layout, int64_t n,
                                   const float *a, int64_t lda, float tol, int64_t max_iter,
                                   int64_t *rs, int64_t *cs)
{
    basis_status s;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, n, lda, sizeof *a)))
        return s;
    basis_strides(layout, 0, lda, rs, cs);
    if ((s = basis_check_finite_s(fn, "a", a, *rs, *cs, n, n)))
        return s;
    if ((s = basis_check_iteration(fn, (double)tol, max_iter)))
        return s;
    return basis_check_alloc(fn, "the workspace", n + 4, n, sizeof(float));
}

static basis_status s_no_memory(const char *fn, int64_t n)
{
    return basis_fail(BASIS_ERR_NO_MEMORY, "%s: could not allocate the workspace (%lld x %lld)",
                      fn, (long long)(n + 4), (long long)n);
}

/* w = A x (ac: A column-major): on the device when there is one. */
static basis_status s_matvec(const basis_kernels *k, void *dev, int64_t n, const float *ac,
                              const float *x, float *w)
{
#ifdef BASIS_WITH_OPENCL
    if (dev)
        return basis_cl_resident_gemv(dev, x, w);
#else
    (void)dev;
#endif
    k->sgemv(n, n, 1.0, ac, 1, n, x, 1, 0.0, w, 1);
    return BASIS_OK;
}

/* w := inv(A) w from the factors: on the device when there is one (its failure also goes
 * to *fault, which ends the op), else basis_sgetrs's status. */
static basis_status s_solve(basis_ctx *ctx, void *dev, int64_t n, const float *lu,
                             const int64_t *ipiv, float *w, basis_status *fault)
{
#ifdef BASIS_WITH_OPENCL
    if (dev)
        return *fault = basis_cl_resident_solve(dev, w);
#else
    (void)dev, (void)fault;
#endif
    return basis_sgetrs(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, n, 1, lu, n, ipiv, w, n);
}

basis_status basis_seigen_shift(basis_ctx *ctx, basis_layout layout, int64_t n, const float *a,
                                int64_t lda, float sigma, float tol, int64_t max_iter,
                                float *v, float *eigenvalue, basis_iter_info *info)
{
    static const char fn[] = "basis_seigen_shift";
    basis_status s;
    int64_t rs, cs;
    if ((s = s_check_common(fn, layout, n, a, lda, tol, max_iter, &rs, &cs)))
        return s;
    if (!isfinite(sigma))
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: sigma = %g must be finite", fn,
                          (float)sigma);
    if ((s = basis_check_ptr(fn, "v", v, n)) ||
        (s = basis_check_ptr(fn, "eigenvalue", eigenvalue, 1)))
        return s;
    for (int64_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return basis_fail(BASIS_ERR_ARGUMENT,
                              "%s: v[%lld] = %g is not finite (the start vector must be finite)",
                              fn, (long long)i, (float)v[i]);
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    if (n == 0) {
        *eigenvalue = sigma;
        if (info) {
            info->iterations = 0;
            info->residual = 0.0;
        }
        return basis_call_end(ctx, &call, BASIS_OK);
    }
    float *ws = basis_alloc(((size_t)n * (size_t)(2 * n + 3)) * sizeof(float) +
                             (size_t)n * sizeof(int64_t));
    if (ws == NULL)
        return basis_call_end(ctx, &call, s_no_memory(fn, n));
    /* the host's vector work runs on the CPU kernels, on opencl too */
    basis_call host = basis_call_host(&call);
    const basis_kernels *k = host.k;
    /* The pivots first: after n (2n + 3) floats an int64 would be misaligned for odd n. */
    int64_t *ipiv = (int64_t *)ws;
    float *ac = (float *)(ipiv + n), *lu = ac + n * n, *x = lu + n * n, *w = x + n, *r = w + n;
    /* A and sigma scaled by 2^-e (exact), lambda back at the end: ||A||_F, the residuals and
     * the pivot that replaces a zero then stay in range for any finite A (a Frobenius norm
     * of 1e308's overflowed and every residual read 0; 1e-300's made that pivot subnormal) */
    int e = basis_unit_exponent(fmaxf(basis_max_abs_s(n, n, a, rs, cs), fabsf(sigma)));
    float sig = scalbnf(sigma, -e);
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++) {
            ac[i + j * n] = scalbnf(a[i * rs + j * cs], -e);
            lu[i + j * n] = ac[i + j * n] - (i == j ? sig : 0.0f);
        }
    float anorm = s_frobenius(k, ac, n);
    float nrm = k->snrm2(n, v, 1);
    for (int64_t i = 0; i < n; i++)
        x[i] = nrm > 0.0 ? v[i] / nrm : s_start(i, 0);
    nrm = k->snrm2(n, x, 1);
    for (int64_t i = 0; i < n; i++)
        x[i] /= nrm;

    float lambda = 0.0, residual = 0.0;
    int converged = 0;
    int64_t it = 0;
    if (anorm == 0.0) {
        /* A = 0: every vector is an eigenvector for 0 */
        converged = 1;
    } else {
        /* on opencl the LU runs on the device (its factors come back for the pivot fix
         * below, then go to the device again with A for the whole iteration) */
        basis_status fault = BASIS_OK; /* a device failure ends the op with its status */
        void *dev = NULL;
#ifdef BASIS_WITH_OPENCL
        int64_t zero = 0; /* a zero pivot is fixed below, as on the CPU */
        if (call.backend == BASIS_BACKEND_OPENCL)
            s = basis_cl_getrf(&call, fn, 4, n, n, lu, 1, n, ipiv, &zero);
        else
#endif
            s = basis_sgetrf(ctx, BASIS_COL_MAJOR, n, n, lu, n, ipiv);
        if (s != BASIS_OK && s != BASIS_ERR_SINGULAR) {
            basis_free(ws);
            return basis_call_end(ctx, &call, s);
        }
        /* A zero pivot means sigma is an eigenvalue (to working precision); a pivot of
         * eps ||A|| in its place makes the first solve land on its eigenvector. */
        float tiny = FLT_EPSILON * fmax(anorm, fabs(sig));
        for (int64_t i = 0; i < n; i++)
            if (lu[i + i * n] == 0.0)
                lu[i + i * n] = tiny;
        if ((s = basis_eigen_device_open(&call, fn, 4, n, ac, lu, ipiv, &dev))) {
            basis_free(ws);
            return basis_call_end(ctx, &call, s);
        }
        for (it = 1;; it++) {
            if ((fault = s_matvec(k, dev, n, ac, x, r)))
                break;
            lambda = k->sdot(n, x, 1, r, 1);
            k->saxpy(n, -lambda, x, 1, r, 1);
            residual = (float)k->snrm2(n, r, 1) / (float)anorm;
            if (residual <= (float)tol) {
                converged = 1;
                break;
            }
            if (it == max_iter)
                break;
            memcpy(w, x, (size_t)n * sizeof *w);
            s = s_solve(ctx, dev, n, lu, ipiv, w, &fault);
            if (fault != BASIS_OK)
                break;
            float wn = k->snrm2(n, w, 1);
            if (s != BASIS_OK || !(wn > 0.0) || !isfinite(wn))
                break;
            for (int64_t i = 0; i < n; i++)
                x[i] = w[i] / wn;
        }
        basis_eigen_device_close(dev);
        if (fault != BASIS_OK) {
            basis_free(ws);
            return basis_call_end(ctx, &call, fault);
        }
    }
    memcpy(v, x, (size_t)n * sizeof *v);
    *eigenvalue = scalbnf(lambda, e);
    if (info) {
        info->iterations = it;
        info->residual = residual;
    }
    basis_free(ws);
    s = converged ? BASIS_OK
                  : basis_fail(BASIS_ERR_NO_CONVERGENCE,
                               "%s: no convergence after %lld iterations: ||A v - lambda v|| / "
                               "||A||_F = %g is above tol = %g (v and eigenvalue hold the last "
                               "estimate; a complex pair nearest sigma never converges)",
                               fn, (long long)it, residual, (float)tol);
    return basis_call_end(ctx, &call, s);
}

/* x -= sum_i (v_i . x) v_i over the first j columns of V (n x j, column major), twice. */
static void s_orthogonalize(const basis_kernels *k, int64_t n, int64_t j, const float *vv,
                            float *x)
{
    for (int pass = 0; pass < 2; pass++)
        for (int64_t i = 0; i < j; i++)
            k->saxpy(n, -k->sdot(n, vv + i * n, 1, x, 1), vv + i * n, 1, x, 1);
}

basis_status basis_seigen_sym_topk(basis_ctx *ctx, basis_layout layout, int64_t n,
                                   const float *a, int64_t lda, int64_t kk, float tol,
                                   int64_t max_iter, float *values, float *vectors,
                                   int64_t ldv, basis_iter_info *info)
{
    static const char fn[] = "basis_seigen_sym_topk";
    basis_status s;
    int64_t rs, cs;
    if ((s = s_check_common(fn, layout, n, a, lda, tol, max_iter, &rs, &cs)))
        return s;
    if (kk < 0 || kk > n)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: k = %lld must be in [0, n = %lld]", fn,
                          (long long)kk, (long long)n);
    if ((s = basis_check_ptr(fn, "values", values, kk)) ||
        (s = basis_check_matrix(fn, "vectors", "ldv", vectors, layout, n, kk, ldv,
                                sizeof *vectors)))
        return s;
    float amax = basis_max_abs_s(n, n, a, rs, cs);
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = j + 1; i < n; i++) {
            float d = fabs((float)a[i * rs + j * cs] - (float)a[j * rs + i * cs]);
            if (d > 64.0 * FLT_EPSILON * amax)
                return basis_fail(BASIS_ERR_ARGUMENT,
                                  "%s: a is not symmetric: a(%lld, %lld) = %g but a(%lld, "
                                  "%lld) = %g",
                                  fn, (long long)i, (long long)j, (float)a[i * rs + j * cs],
                                  (long long)j, (long long)i, (float)a[j * rs + i * cs]);
        }
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    if (kk == 0) {
        if (info) {
            info->iterations = 0;
            info->residual = 0.0;
        }
        return basis_call_end(ctx, &call, BASIS_OK);
    }
    /* the host's vector work runs on the CPU kernels, on opencl too */
    basis_call host = basis_call_host(&call);
    const basis_kernels *k = host.k;
    float *ws = basis_alloc((size_t)n * (size_t)(n + kk + 2) * sizeof(float) +
                             (size_t)kk * sizeof(float));
    if (ws == NULL)
        return basis_call_end(ctx, &call, s_no_memory(fn, n));
    float *ac = ws, *vv = ac + n * n, *x = vv + n * kk, *w = x + n, *lam = w + n;
    int e = basis_unit_exponent(amax); /* A scaled by 2^-e as in the shift, values back */
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++)
            ac[i + j * n] = scalbnf(a[i * rs + j * cs], -e);
    float anorm = s_frobenius(k, ac, n);
    void *dev;
    if ((s = basis_eigen_device_open(&call, fn, 4, n, ac, NULL, NULL, &dev))) {
        basis_free(ws);
        return basis_call_end(ctx, &call, s);
    }
    basis_status fault = BASIS_OK; /* a device failure ends the op with its status */

    int64_t total = 0, failed = -1;
    float worst = 0.0;
    for (int64_t j = 0; j < kk; j++) {
        for (int64_t i = 0; i < n; i++)
            x[i] = s_start(i, j + 1);
        s_orthogonalize(k, n, j, vv, x);
        float xn = k->snrm2(n, x, 1);
        for (int64_t i = 0; i < n; i++)
            x[i] /= xn;
        float lambda = 0.0, residual = 0.0;
        int converged = 0;
        for (int64_t it = 1;; it++) {
            total++;
            /* w = P A x with P the projector off the pairs found: the deflated operator */
            if ((fault = s_matvec(k, dev, n, ac, x, w)))
                break;
            s_orthogonalize(k, n, j, vv, w);
            lambda = k->sdot(n, x, 1, w, 1);
            float wn = k->snrm2(n, w, 1);
            k->saxpy(n, -lambda, x, 1, w, 1);
            residual = anorm > 0.0 ? (float)k->snrm2(n, w, 1) / (float)anorm : 0.0;
            if (residual <= (float)tol || wn == 0.0) {
                converged = 1;
                break;
            }
            if (it == max_iter)
                break;
            /* w held A x - lambda x; x_new = (w + lambda x) / ||A x|| */
            k->saxpy(n, lambda, x, 1, w, 1);
            for (int64_t i = 0; i < n; i++)
                x[i] = w[i] / wn;
            s_orthogonalize(k, n, j, vv, x);
            xn = k->snrm2(n, x, 1);
            for (int64_t i = 0; i < n; i++)
                x[i] /= xn;
        }
        if (fault != BASIS_OK)
            break;
        if (!converged && failed < 0)
            failed = j;
        worst = fmax(worst, residual);
        memcpy(vv + j * n, x, (size_t)n * sizeof *x);
        lam[j] = lambda;
    }
    basis_eigen_device_close(dev);
    if (fault != BASIS_OK) {
        basis_free(ws);
        return basis_call_end(ctx, &call, fault);
    }
    /* by magnitude, largest first (insertion sort: stable, k is small) */
    for (int64_t j = 1; j < kk; j++)
        for (int64_t i = j; i > 0 && fabs(lam[i]) > fabs(lam[i - 1]); i--) {
            float t = lam[i];
            lam[i] = lam[i - 1];
            lam[i - 1] = t;
            for (int64_t r = 0; r < n; r++) {
                t = vv[r + i * n];
                vv[r + i * n] = vv[r + (i - 1) * n];
                vv[r + (i - 1) * n] = t;
            }
        }
    int64_t vr, vc;
    basis_strides(layout, 0, ldv, &vr, &vc);
    for (int64_t j = 0; j < kk; j++) {
        values[j] = scalbnf(lam[j], e);
        for (int64_t i = 0; i < n; i++)
            vectors[i * vr + j * vc] = vv[i + j * n];
    }
    if (info) {
        info->iterations = total;
        info->residual = worst;
    }
    basis_free(ws);
    s = failed < 0 ? BASIS_OK
                   : basis_fail(BASIS_ERR_NO_CONVERGENCE,
                                "%s: eigenpair %lld did not converge in max_iter = %lld "
                                "iterations (worst ||A v - lambda v|| / ||A||_F = %g, tol = %g; "
                                "eigenvalues of equal magnitude and opposite sign never "
                                "converge); all k pairs hold the last estimates",
                                fn, (long long)failed, (long long)max_iter, worst, (float)tol);
    return basis_call_end(ctx, &call, s);
}
