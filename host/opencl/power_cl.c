/* power_cl.c: dense power iteration (s and d) on an OpenCL device: A uploaded once and resident, each iteration's gemv, norms, Rayleigh quotient, residual and normalization on the device; the host adds per-work-group partials in a fixed order and hands them to host/power_watch.c, which keeps the best pair and words the status. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "opencl/opencl.h"
#include "power_watch.h"

/* The iteration is host/power.c's, step for step: w = A x, wn = ||w||, lambda = x.w,
 * rn = ||w - lambda x||, stop when rn <= tol |lambda| or at max_iter (the watch words
 * which case), else x = w / wn; beside it the watch's e = x_prev.w and ||z||,
 * z = w - tr x + beta x_prev.
 * Two round trips per iteration: the gemv kernel leaves per-group partials of ||w||, x.w
 * and x_prev.w, the host forms wn, lambda and e from them and asks the watch for tr and
 * beta; the update kernel then leaves the partials of ||r|| and ||z|| and writes the next
 * iterate. Four iterate buffers, so that the next one is written apart from the current
 * (the answer if it converges), the previous (read by both kernels) and the best pair's
 * (kept for the end, no copy made). Per iteration the host reads 4 numbers per group of
 * each kernel. */

#define NX 4 /* iterate buffers */
#define MAX_MEM (NX + 4)

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

/* The 2-norm from groups' (scale m_g, sum of (v / m_g)^2) pairs at first + g * stride:
 * max m_g times the root of the rescaled sums, added in group order. */
static double combine_norm(const void *part, int acc64, int64_t groups, int stride,
                           int first)
{
    double big = 0.0, sum = 0.0;
    for (int64_t g = 0; g < groups; g++)
        big = fmax(big, part_at(part, acc64, g * stride + first));
    if (big == 0.0)
        return 0.0;
    for (int64_t g = 0; g < groups; g++) {
        double t = part_at(part, acc64, g * stride + first) / big;
        sum += part_at(part, acc64, g * stride + first + 1) * (t * t);
    }
    return big * sqrt(sum);
}

/* The sum of the groups' numbers at first + g * stride, in group order. */
static double combine_sum(const void *part, int acc64, int64_t groups, int stride, int first)
{
    double sum = 0.0;
    for (int64_t g = 0; g < groups; g++)
        sum += part_at(part, acc64, g * stride + first);
    return sum;
}

/* A number as the CPU's s kernels hold it (rounded to float) or its d kernels (as is). */
static double in_type(int elem, double v)
{
    return elem == 4 ? (double)(float)v : v;
}

/* The iterate buffer for the next iterate: none of the current, the previous and the
 * best pair's (-1: none yet). */
static int free_slot(int cur, int prev, int best)
{
    int k = 0;
    while (k == cur || k == prev || k == best)
        k++;
    return k;
}

/* What the loop needs of the setup: shapes, kernels, buffers and the host's copies of the
 * partials. */
typedef struct pw_dev {
    int elem, acc64, rowmajor;
    int64_t n, g1, g2, part_bytes[2];
    const char *gname;
    cl_kernel gemv, update;
    cl_mem da, dx[NX], dw, dp[2];
    size_t gemv_global[2], gemv_local[2], upd_global[2], upd_local[2];
    void *part[2];
} pw_dev;

/* A scalar kernel argument in the matrix's type: v rounded into *f or *d, its address
 * returned. */
static const void *real_arg(int elem, double v, float *f, double *d)
{
    *f = (float)v;
    *d = v;
    return elem == 4 ? (const void *)f : (const void *)d;
}

/* The iteration; on BASIS_OK *slot is the iterate buffer that holds the vector of the
 * watch's best pair. */
static basis_status iterate(pw_job *j, const pw_dev *d, basis_power_watch *pw, int *slot)
{
    cl_long ln = d->n;
    int cur = 0, prev = -1, best = -1, elem = d->elem, acc64 = d->acc64;
    for (;;) {
        int xp = prev >= 0 ? prev : cur; /* first iteration: any vector, z is ignored */
        const size_t gsz[] = {sizeof ln, sizeof d->da, sizeof d->dx[0], sizeof d->dx[0],
                              sizeof d->dw, sizeof d->dp[0]};
        const void *const gval[] = {&ln, &d->da, &d->dx[cur], &d->dx[xp], &d->dw, &d->dp[0]};
        basis_status s;
        if ((s = basis_cl_job_args(j, d->gemv, d->gname, 6, gsz, gval)) ||
            (s = run_and_read(j, d->gemv, d->gname, d->gemv_global, d->gemv_local, d->dp[0],
                              d->part_bytes[0], d->part[0])))
            return s;
        /* rounded to the matrix's type where the CPU's s kernels hold them in float */
        double wn = in_type(elem, combine_norm(d->part[0], acc64, d->g1, 4, 0));
        if (wn == 0.0) {
            basis_power_watch_step(pw, 0.0, 0.0, 0.0, NAN, 1);
            *slot = cur;
            return BASIS_OK;
        }
        double lambda = in_type(elem, combine_sum(d->part[0], acc64, d->g1, 4, 2));
        double e = in_type(elem, combine_sum(d->part[0], acc64, d->g1, 4, 3));
        double tr = 0.0, beta = 0.0;
        int plane = prev >= 0 && basis_power_watch_coeffs(pw, lambda, e, &tr, &beta);
        if (!plane)
            tr = beta = 0.0;
        int next = free_slot(cur, prev, best);
        float fv[4];
        double dv[4];
        const size_t esz = (size_t)elem, msz = sizeof d->dx[0];
        const size_t usz[] = {sizeof ln, esz, esz, esz, esz, msz, msz, msz, msz, msz};
        const void *const uval[] = {&ln, real_arg(elem, lambda, &fv[0], &dv[0]),
                                    real_arg(elem, wn, &fv[1], &dv[1]),
                                    real_arg(elem, tr, &fv[2], &dv[2]),
                                    real_arg(elem, beta, &fv[3], &dv[3]), &d->dw,
                                    &d->dx[cur], &d->dx[xp], &d->dx[next], &d->dp[1]};
        if ((s = basis_cl_job_args(j, d->update, "power_update", 10, usz, uval)) ||
            (s = run_and_read(j, d->update, "power_update", d->upd_global, d->upd_local,
                              d->dp[1], d->part_bytes[1], d->part[1])))
            return s;
        double rn = in_type(elem, combine_norm(d->part[1], acc64, d->g2, 4, 0));
        double zn = plane ? in_type(elem, combine_norm(d->part[1], acc64, d->g2, 4, 2)) : NAN;
        int converged = elem == 4 ? (float)rn <= (float)pw->tol * fabsf((float)lambda)
                                  : rn <= pw->tol * fabs(lambda);
        int stop = basis_power_watch_step(pw, lambda, wn, rn, converged ? NAN : zn, converged);
        if (pw->best_it == pw->it)
            best = cur;
        if (stop) {
            *slot = best;
            return BASIS_OK;
        }
        prev = cur;
        cur = next;
    }
}

/* Uploads A (packed to leading dimension n on the way: the caller's lda padding stays
 * behind) with lda its leading dimension, and the start vector x. */
static basis_status upload(pw_job *j, const pw_dev *d, const void *a, int64_t lda,
                           const void *x)
{
    int64_t n = d->n, elem = d->elem;
    const size_t zero[3] = {0, 0, 0}, region[3] = {(size_t)(n * elem), (size_t)n, 1};
    cl_event ev[2];
    cl_int err = clEnqueueWriteBufferRect(j->q, d->da, CL_FALSE, zero, zero, region,
                                          (size_t)(n * elem), 0, (size_t)(lda * elem), 0, a,
                                          0, NULL, &ev[0]);
    if (err != CL_SUCCESS)
        return basis_cl_job_failed(j, "write of the matrix to the device", err);
    err = clEnqueueWriteBuffer(j->q, d->dx[0], CL_TRUE, 0, (size_t)(n * elem), x, 0, NULL,
                               &ev[1]);
    if (err != CL_SUCCESS) {
        clFinish(j->q);
        clReleaseEvent(ev[0]);
        return basis_cl_job_failed(j, "write of the start vector to the device", err);
    }
    basis_cl_job_account(j, ev[0], 0);
    basis_cl_job_account(j, ev[1], 0);
    return BASIS_OK;
}

static basis_status run(pw_job *j, int elem, int64_t n, const void *a, int64_t rs,
                        int64_t cs, basis_power_watch *pw, void *x)
{
    basis_status s = basis_cl_check_precision(j->fn, j->dev, elem);
    if (s != BASIS_OK)
        return s;
    const basis_cl_device_info *dinfo = basis_cl_info(j->dev);
    pw_dev d = {.elem = elem, .acc64 = dinfo->fp64, .n = n};
    int64_t accsz = d.acc64 ? 8 : 4;
    /* a row-major A has unit column stride (the host's scaled copy is column-major); the
     * one row of n = 1 may have any leading dimension, never stepped over */
    d.rowmajor = cs == 1;
    int64_t lda = n == 1 ? 1 : d.rowmajor ? rs : cs;
    /* work-group shapes within the device's limit: 256 where it allows, 32 work-items
     * along the contiguous direction where it allows (one coalesced 128-byte line) */
    int wg = basis_cl_group_size(dinfo, 256);
    int tc = wg < 32 ? wg : 32, tk = wg / tc;
    int64_t rows_per_group = d.rowmajor ? tk : tc;
    d.g1 = (n + rows_per_group - 1) / rows_per_group;
    d.g2 = (n + wg - 1) / wg;
    d.part_bytes[0] = 4 * d.g1 * accsz;
    d.part_bytes[1] = 4 * d.g2 * accsz;
    int64_t bytes[MAX_MEM] = {n * n * elem, n * elem, n * elem, n * elem, n * elem, n * elem,
                              d.part_bytes[0], d.part_bytes[1]};
    static const char *const names[MAX_MEM] = {
        "the matrix",          "the iterate",       "the previous iterate",
        "the next iterate",    "the best iterate",  "A times the iterate",
        "the gemv partials",   "the update partials"};
    s = basis_cl_check_fit(j->fn, j->dev, bytes, names, MAX_MEM, "the matrix and vectors");
    if (s != BASIS_OK)
        return s;

    char options[192];
    snprintf(options, sizeof options,
             "-DPRECISION=%d -DACC64=%d -DROW_TJ=%d -DROW_TR=%d -DCOL_TI=%d -DCOL_TJ=%d -DWG=%d",
             elem * 8, d.acc64, tc, tk, tc, tk, wg);
    cl_program prog;
    s = basis_cl_program(j->fn, j->dev, "power", options, &prog);
    if (s != BASIS_OK)
        return s;
    d.gname = d.rowmajor ? "power_gemv_rows" : "power_gemv_cols";
    if ((s = basis_cl_job_kernel(j, prog, d.gname, &d.gemv)) ||
        (s = basis_cl_job_kernel(j, prog, "power_update", &d.update)))
        return s;
    if ((s = basis_cl_job_buffer(j, bytes[0], NULL, &d.da)))
        return s;
    for (int k = 0; k < NX; k++)
        if ((s = basis_cl_job_buffer(j, bytes[1 + k], NULL, &d.dx[k])))
            return s;
    if ((s = basis_cl_job_buffer(j, bytes[NX + 1], NULL, &d.dw)) ||
        (s = basis_cl_job_buffer(j, bytes[NX + 2], NULL, &d.dp[0])) ||
        (s = basis_cl_job_buffer(j, bytes[NX + 3], NULL, &d.dp[1])) ||
        (s = upload(j, &d, a, lda, x)))
        return s;
    /* the row-major gemv: tc work-items along a row, tk rows per group; column-major: tc
     * rows per group, tk column slices */
    d.gemv_global[0] = d.rowmajor ? (size_t)tc : (size_t)(d.g1 * tc);
    d.gemv_global[1] = d.rowmajor ? (size_t)(d.g1 * tk) : (size_t)tk;
    d.gemv_local[0] = (size_t)tc;
    d.gemv_local[1] = (size_t)tk;
    d.upd_global[0] = (size_t)(d.g2 * wg);
    d.upd_global[1] = 1;
    d.upd_local[0] = (size_t)wg;
    d.upd_local[1] = 1;

    d.part[0] = basis_alloc((size_t)(d.part_bytes[0] + d.part_bytes[1]));
    if (!d.part[0])
        return basis_fail(BASIS_ERR_NO_MEMORY, "%s: could not allocate the host's copy of the "
                          "partial sums (%lld groups)", j->fn, (long long)(d.g1 + d.g2));
    d.part[1] = (char *)d.part[0] + d.part_bytes[0];
    int slot;
    s = iterate(j, &d, pw, &slot);
    basis_free(d.part[0]);
    if (s != BASIS_OK)
        return s;

    /* the best pair's vector; written to the caller's x only now, all or nothing */
    cl_event rev;
    cl_int err = clEnqueueReadBuffer(j->q, d.dx[slot], CL_TRUE, 0, (size_t)(n * elem), x, 0,
                                     NULL, &rev);
    if (err != CL_SUCCESS)
        return basis_cl_job_failed(j, "read of the eigenvector from the device", err);
    basis_cl_job_account(j, rev, 0);
    basis_cl_job_settle(j); /* the ring's times, for the log */
    basis_log("%s: opencl power iteration on %s (%s-major gemv), %lld iterations, kernels "
              "%.3f ms, transfers %.3f ms", j->fn, dinfo->name, d.rowmajor ? "row" : "column",
              (long long)pw->it, j->kernel_s * 1e3, j->transfer_s * 1e3);
    return BASIS_OK;
}

basis_status basis_cl_power(const char *fn, int elem, int64_t n, const void *a, int64_t rs,
                            int64_t cs, basis_power_watch *pw, void *x)
{
    pw_job j;
    basis_status s = basis_cl_job_begin(&j, fn);
    if (s != BASIS_OK)
        return s;
    s = run(&j, elem, n, a, rs, cs, pw, x);
    return basis_cl_job_end(&j, s); /* or a command that failed on the device */
}
