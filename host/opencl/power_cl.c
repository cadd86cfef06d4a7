/* power_cl.c: dense power iteration (s and d) on an OpenCL device: A uploaded once and resident, each iteration's gemv, norms, Rayleigh quotient, residual and normalization on the device; the host adds per-work-group partials in a fixed order and decides when to stop. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "opencl/opencl.h"

/* The iteration is host/power.c's, step for step: w = A x, wn = ||w||, lambda = x.w,
 * rn = ||w - lambda x||, stop when rn <= tol |lambda|, else x = w / wn. Two round trips
 * per iteration: the gemv kernel leaves per-group partials of ||w|| and x.w, the host
 * forms wn and lambda from them; the update kernel then leaves the residual's partials
 * and writes the next iterate into the other x buffer, so the pair the residual measured
 * is still there to return. Per iteration the host reads 3 numbers per gemv group and
 * 2 per update group. */

#define MAX_MEM 6

typedef basis_cl_job pw_job;

/* Enqueues k and the blocking read of its partials (bytes into host), both timed through
 * the job's events; the in-order queue runs the read after the kernel. */
static basis_status run_and_read(pw_job *j, cl_kernel k, const char *name, const size_t *global,
                                 const size_t *local, cl_mem part, int64_t bytes, void *host)
{
    basis_status s = basis_cl_job_launch(j, k, name, NULL, 0, 2, global, local);
    if (s != BASIS_OK)
        return s;
    cl_int err = clEnqueueReadBuffer(j->q, part, CL_TRUE, 0, (size_t)bytes, host, 0, NULL,
                                     basis_cl_job_event(j, 0));
    if (err != CL_SUCCESS) {
        j->nev--;
        return basis_cl_job_failed(j, "read from the device", err);
    }
    return BASIS_OK;
}

static double part_at(const void *part, int acc64, int64_t i)
{
    return acc64 ? ((const double *)part)[i] : (double)((const float *)part)[i];
}

/* The 2-norm from groups' (scale m_g, sum of (v / m_g)^2) pairs, each stride numbers
 * apart: max m_g times the root of the rescaled sums, added in group order. */
static double combine_norm(const void *part, int acc64, int64_t groups, int stride)
{
    double big = 0.0, sum = 0.0;
    for (int64_t g = 0; g < groups; g++)
        big = fmax(big, part_at(part, acc64, g * stride));
    if (big == 0.0)
        return 0.0;
    for (int64_t g = 0; g < groups; g++) {
        double t = part_at(part, acc64, g * stride) / big;
        sum += part_at(part, acc64, g * stride + 1) * (t * t);
    }
    return big * sqrt(sum);
}

/* The largest power of two <= v (v >= 1). */
static int pow2_floor(int64_t v)
{
    int p = 1;
    while ((int64_t)p * 2 <= v)
        p *= 2;
    return p;
}

static basis_status run(pw_job *j, int elem, int64_t n, const void *a, int64_t rs,
                        int64_t cs, double tol, int64_t max_iter, void *x,
                        basis_cl_power_result *out)
{
    basis_status s = basis_cl_check_precision(j->fn, j->dev, elem);
    if (s != BASIS_OK)
        return s;
    const basis_cl_device_info *dinfo = basis_cl_info(j->dev);
    int acc64 = dinfo->fp64;
    int64_t accsz = acc64 ? 8 : 4;
    /* a row-major A has unit column stride (the host's scaled copy is column-major); the
     * one row of n = 1 may have any leading dimension, never stepped over */
    int rowmajor = cs == 1;
    int64_t lda = n == 1 ? 1 : rowmajor ? rs : cs;
    /* work-group shapes within the device's limit: 256 where it allows, 32 work-items
     * along the contiguous direction where it allows (one coalesced 128-byte line) */
    int wg = pow2_floor(dinfo->max_work_group < 256 ? (dinfo->max_work_group > 0
                                                       ? dinfo->max_work_group : 1) : 256);
    int tc = wg < 32 ? wg : 32, tk = wg / tc;
    int64_t rows_per_group = rowmajor ? tk : tc;
    int64_t g1 = (n + rows_per_group - 1) / rows_per_group, g2 = (n + wg - 1) / wg;
    int64_t bytes[MAX_MEM] = {n * n * elem, n * elem, n * elem, n * elem, 3 * g1 * accsz,
                              2 * g2 * accsz};
    static const char *const names[MAX_MEM] = {"the matrix", "the iterate", "the next iterate",
                                               "A times the iterate", "the gemv partials",
                                               "the residual partials"};
    s = basis_cl_check_fit(j->fn, j->dev, bytes, names, MAX_MEM,
                                        "the matrix and vectors");
    if (s != BASIS_OK)
        return s;

    char options[192];
    snprintf(options, sizeof options,
             "-DPRECISION=%d -DACC64=%d -DROW_TJ=%d -DROW_TR=%d -DCOL_TI=%d -DCOL_TJ=%d -DWG=%d",
             elem * 8, acc64, tc, tk, tc, tk, wg);
    cl_program prog;
    s = basis_cl_program(j->fn, j->dev, "power", options, &prog);
    if (s != BASIS_OK)
        return s;
    const char *gname = rowmajor ? "power_gemv_rows" : "power_gemv_cols";
    cl_kernel gemv, update;
    if ((s = basis_cl_job_kernel(j, prog, gname, &gemv)) ||
        (s = basis_cl_job_kernel(j, prog, "power_update", &update)))
        return s;

    void *part = basis_alloc((size_t)(3 * g1 + 2 * g2) * (size_t)accsz);
    if (!part)
        return basis_fail(BASIS_ERR_NO_MEMORY, "%s: could not allocate the host's copy of the "
                          "partial sums (%lld groups)", j->fn, (long long)(g1 + g2));
    char *part2 = (char *)part + 3 * g1 * accsz;
    cl_mem da, dx[2], dw, dp1, dp2;
    if ((s = basis_cl_job_buffer(j, bytes[0], NULL, &da)) ||
        (s = basis_cl_job_buffer(j, bytes[1], NULL, &dx[0])) ||
        (s = basis_cl_job_buffer(j, bytes[2], NULL, &dx[1])) ||
        (s = basis_cl_job_buffer(j, bytes[3], NULL, &dw)) ||
        (s = basis_cl_job_buffer(j, bytes[4], NULL, &dp1)) ||
        (s = basis_cl_job_buffer(j, bytes[5], NULL, &dp2))) {
        basis_free(part);
        return s;
    }
    /* A packed to leading dimension n on the way (the caller's lda padding stays behind),
     * the start vector beside it */
    const size_t zero[3] = {0, 0, 0}, region[3] = {(size_t)(n * elem), (size_t)n, 1};
    cl_event ev[2];
    cl_int err = clEnqueueWriteBufferRect(j->q, da, CL_FALSE, zero, zero, region,
                                          (size_t)(n * elem), 0, (size_t)(lda * elem), 0, a,
                                          0, NULL, &ev[0]);
    if (err != CL_SUCCESS) {
        basis_free(part);
        return basis_cl_job_failed(j, "write of the matrix to the device", err);
    }
    err = clEnqueueWriteBuffer(j->q, dx[0], CL_TRUE, 0, (size_t)bytes[1], x, 0, NULL, &ev[1]);
    if (err != CL_SUCCESS) {
        clFinish(j->q);
        clReleaseEvent(ev[0]);
        basis_free(part);
        return basis_cl_job_failed(j, "write of the start vector to the device", err);
    }
    basis_cl_job_account(j, ev[0], 0);
    basis_cl_job_account(j, ev[1], 0);

    cl_long ln = n;
    const size_t g_rows[2] = {(size_t)tc, (size_t)(g1 * tk)}, l_rows[2] = {(size_t)tc, (size_t)tk};
    const size_t g_cols[2] = {(size_t)(g1 * tc), (size_t)tk}, l_cols[2] = {(size_t)tc, (size_t)tk};
    const size_t g_upd[2] = {(size_t)(g2 * wg), 1}, l_upd[2] = {(size_t)wg, 1};
    int cur = 0;
    double lambda = 0.0, residual = INFINITY;
    int converged = 0;
    int64_t it;
    for (it = 1;; it++) {
        const size_t gsz[] = {sizeof ln, sizeof da, sizeof dx[0], sizeof dw, sizeof dp1};
        const void *const gval[] = {&ln, &da, &dx[cur], &dw, &dp1};
        if ((s = basis_cl_job_args(j, gemv, gname, 5, gsz, gval)) ||
            (s = run_and_read(j, gemv, gname, rowmajor ? g_rows : g_cols,
                              rowmajor ? l_rows : l_cols, dp1, bytes[4], part)))
            break;
        double dot = 0.0;
        for (int64_t g = 0; g < g1; g++)
            dot += part_at(part, acc64, 3 * g + 2);
        double wn = combine_norm(part, acc64, g1, 3);
        /* rounded to the matrix's type where the CPU's s kernels hold them in float */
        float fwn = (float)wn, flambda = (float)dot;
        if (elem == 4)
            wn = (double)fwn;
        if (wn == 0.0) {
            lambda = 0.0;
            residual = 0.0;
            converged = 1;
            break;
        }
        lambda = elem == 4 ? (double)flambda : dot;
        double dlambda = lambda;
        const size_t usz[] = {sizeof ln, (size_t)elem, (size_t)elem, sizeof dw, sizeof dx[0],
                              sizeof dx[1], sizeof dp2};
        const void *const uval[] = {&ln, elem == 4 ? (const void *)&flambda : &dlambda,
                                    elem == 4 ? (const void *)&fwn : &wn, &dw, &dx[cur],
                                    &dx[1 - cur], &dp2};
        if ((s = basis_cl_job_args(j, update, "power_update", 7, usz, uval)) ||
            (s = run_and_read(j, update, "power_update", g_upd, l_upd, dp2, bytes[5], part2)))
            break;
        double rn = combine_norm(part2, acc64, g2, 2);
        if (elem == 4) {
            float frn = (float)rn;
            residual = (double)frn / fabs(lambda);
            converged = frn <= (float)tol * fabsf(flambda);
        } else {
            residual = rn / fabs(lambda);
            converged = rn <= tol * fabs(lambda);
        }
        if (converged || it == max_iter)
            break;
        cur = 1 - cur;
    }
    basis_free(part);
    if (s != BASIS_OK)
        return s;

    /* the measured pair's vector; written to the caller's x only now, all or nothing */
    cl_event rev;
    err = clEnqueueReadBuffer(j->q, dx[cur], CL_TRUE, 0, (size_t)bytes[1], x, 0, NULL, &rev);
    if (err != CL_SUCCESS)
        return basis_cl_job_failed(j, "read of the eigenvector from the device", err);
    basis_cl_job_account(j, rev, 0);
    out->lambda = lambda;
    out->residual = residual;
    out->iterations = it;
    out->converged = converged;
    basis_cl_job_settle(j); /* the ring's times, for the log */
    basis_log("%s: opencl power iteration on %s (%s-major gemv), %lld iterations, kernels "
              "%.3f ms, transfers %.3f ms", j->fn, dinfo->name, rowmajor ? "row" : "column",
              (long long)it, j->kernel_s * 1e3, j->transfer_s * 1e3);
    return BASIS_OK;
}

basis_status basis_cl_power(const char *fn, int elem, int64_t n, const void *a, int64_t rs,
                            int64_t cs, double tol, int64_t max_iter, void *x,
                            basis_cl_power_result *out)
{
    pw_job j;
    basis_status s = basis_cl_job_begin(&j, fn);
    if (s != BASIS_OK)
        return s;
    s = run(&j, elem, n, a, rs, cs, tol, max_iter, x, out);
    basis_cl_job_end(&j);
    return s;
}
