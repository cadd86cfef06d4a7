/* pagerank_cl.c: PageRank (s and d) on an OpenCL device: the graph and the vectors stay on the device across iterations; the host reads one partial sum per work-group each iteration. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "graph.h"
#include "opencl/opencl.h"
#include "pagerank.h"

/* The same iteration as the CPU (host/pagerank.h): phase 1 the SELL-8 SpMV, phase 2 the
 * fused update; the work-group partials are added on the host in group order, so the
 * stopping decision does not depend on timing. Per iteration the host reads 2 numbers per
 * 256 nodes (cnr-2000: 20 KB) and sets one kernel argument. */

#define PR_WG 256
#define MAX_MEM 9

typedef struct pr_job {
    const char *fn;
    basis_cl_device *dev;
    cl_command_queue q;
    cl_mem mem[MAX_MEM];
    int nmem;
    cl_kernel spmv, update;
    double kernel_s, transfer_s;
} pr_job;

static basis_status pr_failed(pr_job *j, const char *what, cl_int err)
{
    return basis_fail(BASIS_ERR_DEVICE, "%s: OpenCL %s failed on %s: %s", j->fn, what,
                      basis_cl_info(j->dev)->name, basis_cl_error_name(err));
}

/* Adds an event's profiled time to the kernel or transfer total and releases it. */
static void account(pr_job *j, cl_event ev, int kernel)
{
    *(kernel ? &j->kernel_s : &j->transfer_s) += basis_cl_event_seconds(ev);
    clReleaseEvent(ev);
}

/* A device buffer of `bytes` (at least 1), filled from host when host != NULL. */
static basis_status buffer(pr_job *j, int64_t bytes, const void *host, cl_mem *out)
{
    cl_int err;
    size_t size = (size_t)(bytes > 0 ? bytes : 1);
    cl_mem m = clCreateBuffer(basis_cl_context(j->dev), CL_MEM_READ_WRITE, size, NULL, &err);
    if (!m || err != CL_SUCCESS)
        return pr_failed(j, "clCreateBuffer", err);
    j->mem[j->nmem++] = m;
    *out = m;
    if (host && bytes > 0) {
        cl_event ev;
        err = clEnqueueWriteBuffer(j->q, m, CL_TRUE, 0, (size_t)bytes, host, 0, NULL, &ev);
        if (err != CL_SUCCESS)
            return pr_failed(j, "write to the device", err);
        account(j, ev, 0);
    }
    return BASIS_OK;
}

static basis_status set_args(pr_job *j, cl_kernel k, const char *name, int nargs,
                             const size_t *sizes, const void *const *values)
{
    for (int i = 0; i < nargs; i++) {
        cl_int err = clSetKernelArg(k, (cl_uint)i, sizes[i], values[i]);
        if (err != CL_SUCCESS)
            return pr_failed(j, name, err);
    }
    return BASIS_OK;
}

/* The kernel's event goes to *ev, to be accounted once the queue has run it. */
static basis_status enqueue(pr_job *j, cl_kernel k, const char *name, size_t global,
                            size_t local, cl_event *ev)
{
    cl_int err = clEnqueueNDRangeKernel(j->q, k, 1, NULL, &global, local ? &local : NULL, 0,
                                        NULL, ev);
    if (err != CL_SUCCESS) {
        *ev = NULL;
        return pr_failed(j, name, err);
    }
    return BASIS_OK;
}

/* The host-side vectors the device starts from: x = v (or 1/n), xs = x * inv, inv, v. */
typedef struct pr_host {
    void *x, *xs, *inv, *v;
    double dang0;
} pr_host;

static void fill_host(const basis_graph *g, const basis_pagerank_opts *opts, double psum,
                      int elem, pr_host *h)
{
    int64_t n = g->n;
    h->dang0 = 0.0;
    for (int64_t i = 0; i < n; i++) {
        int64_t deg = g->out_degree[i];
        double inv = deg > 0 ? 1.0 / (double)deg : 0.0;
        double v = psum > 0.0 ? opts->personalize[i] / psum : 1.0 / (double)n;
        if (elem == 8) {
            ((double *)h->inv)[i] = inv;
            ((double *)h->x)[i] = v;
            ((double *)h->xs)[i] = v * inv;
            if (h->v)
                ((double *)h->v)[i] = v;
            h->dang0 += deg > 0 ? 0.0 : v;
        } else {
            float fi = deg > 0 ? (float)inv : 0.0f, fv = (float)v;
            ((float *)h->inv)[i] = fi;
            ((float *)h->x)[i] = fv;
            ((float *)h->xs)[i] = fv * fi;
            if (h->v)
                ((float *)h->v)[i] = fv;
            h->dang0 += deg > 0 ? 0.0 : (double)fv;
        }
    }
    if (elem == 8)
        ((double *)h->xs)[n] = 0.0;
    else
        ((float *)h->xs)[n] = 0.0f;
}

static basis_status run(pr_job *j, int elem, const basis_graph *g,
                        const basis_pagerank_opts *opts, double psum, void *ranks,
                        basis_iter_info *info)
{
    const basis_cl_device_info *dinfo = basis_cl_info(j->dev);
    if (elem == 8 && !dinfo->fp64)
        return basis_fail(BASIS_ERR_BACKEND, "%s: the OpenCL device %s has no double precision "
                          "(cl_khr_fp64); run it on auto or a CPU backend, or in float",
                          j->fn, dinfo->name);
    int acc64 = dinfo->fp64;
    size_t accsz = acc64 ? sizeof(double) : sizeof(float);
    int64_t n = g->n, nslots = g->nchunks * BASIS_SELL_C, ngroups = (n + PR_WG - 1) / PR_WG;
    int64_t entries = g->chunk_start[g->nchunks];
    int has_v = psum > 0.0;
    /* every buffer against the device's limits before allocating any */
    int64_t bytes[MAX_MEM] = {(g->nchunks + 1) * 8, entries * 4, nslots * 4, (n + 1) * elem,
                              (n + 1) * elem, n * elem, n * elem, has_v ? n * elem : elem,
                              2 * ngroups * (int64_t)accsz};
    static const char *const names[MAX_MEM] = {"the chunk offsets", "the edge sources",
                                               "the slot map", "xs", "y", "x", "1 / outdeg",
                                               "the teleport vector", "the partial sums"};
    basis_status s = basis_cl_check_fit(j->fn, j->dev, bytes, names, MAX_MEM,
                                        "the graph and vectors");
    if (s != BASIS_OK)
        return s;

    char options[128];
    snprintf(options, sizeof options, "-DPRECISION=%d -DACC64=%d -DWG=%d", elem * 8, acc64,
             PR_WG);
    cl_program prog;
    s = basis_cl_program(j->fn, j->dev, "pagerank", options, &prog);
    if (s != BASIS_OK)
        return s;
    cl_int err;
    j->spmv = clCreateKernel(prog, "pagerank_spmv", &err);
    if (!j->spmv || err != CL_SUCCESS)
        return pr_failed(j, "pagerank_spmv", err);
    j->update = clCreateKernel(prog, "pagerank_update", &err);
    if (!j->update || err != CL_SUCCESS)
        return pr_failed(j, "pagerank_update", err);

    /* the starting vectors, built in one host block and freed once uploaded */
    pr_host h;
    char *hb = basis_alloc((size_t)(3 * n + 1 + (has_v ? n : 0)) * (size_t)elem);
    double *part = basis_alloc((size_t)(2 * ngroups) * accsz);
    if (!hb || !part) {
        basis_free(hb);
        basis_free(part);
        return basis_pagerank_no_memory(j->fn, n);
    }
    h.x = hb;
    h.xs = hb + n * elem;
    h.inv = hb + (2 * n + 1) * elem;
    h.v = has_v ? hb + (3 * n + 1) * elem : NULL;
    fill_host(g, opts, psum, elem, &h);
    cl_mem dcs, dcol, dperm, dxs, dy, dx, dinv, dv, dpart;
    if ((s = buffer(j, bytes[0], g->chunk_start, &dcs)) ||
        (s = buffer(j, bytes[1], g->col, &dcol)) || (s = buffer(j, bytes[2], g->perm, &dperm)) ||
        (s = buffer(j, bytes[3], h.xs, &dxs)) || (s = buffer(j, bytes[4], NULL, &dy)) ||
        (s = buffer(j, bytes[5], h.x, &dx)) || (s = buffer(j, bytes[6], h.inv, &dinv)) ||
        (s = buffer(j, bytes[7], h.v, &dv)) || (s = buffer(j, bytes[8], NULL, &dpart))) {
        basis_free(hb);
        basis_free(part);
        return s;
    }
    double dang = h.dang0;
    basis_free(hb);

    cl_long ln = n, lslots = nslots;
    cl_int ihas_v = has_v;
    double dd = opts->damping;
    float fd = (float)dd;
    const size_t spmv_sz[] = {sizeof ln, sizeof dcs, sizeof dcol, sizeof dperm, sizeof dxs,
                              sizeof dy};
    const void *const spmv_val[] = {&lslots, &dcs, &dcol, &dperm, &dxs, &dy};
    s = set_args(j, j->spmv, "pagerank_spmv", 6, spmv_sz, spmv_val);
    size_t gs = (size_t)((nslots + 63) / 64 * 64), gu = (size_t)(ngroups * PR_WG);
    int64_t it;
    double res = INFINITY;
    for (it = 1; s == BASIS_OK; it++) {
        double c = opts->damping * dang + (1.0 - opts->damping);
        double base = c / (double)n;
        float fc = (float)c, fbase = (float)base;
        const size_t upd_sz[] = {sizeof ln, accsz, accsz, accsz, sizeof dy, sizeof dinv,
                                 sizeof dv, sizeof ihas_v, sizeof dx, sizeof dxs, sizeof dpart};
        const void *const upd_val[] = {&ln, acc64 ? (const void *)&dd : &fd,
                                       acc64 ? (const void *)&c : &fc,
                                       acc64 ? (const void *)&base : &fbase, &dy, &dinv, &dv,
                                       &ihas_v, &dx, &dxs, &dpart};
        cl_event kev[2] = {NULL, NULL};
        if ((s = set_args(j, j->update, "pagerank_update", 11, upd_sz, upd_val)) ||
            (s = enqueue(j, j->spmv, "pagerank_spmv", gs, 0, &kev[0])) ||
            (s = enqueue(j, j->update, "pagerank_update", gu, PR_WG, &kev[1]))) {
            clFinish(j->q);
            for (int e = 0; e < 2; e++)
                if (kev[e])
                    clReleaseEvent(kev[e]);
            break;
        }
        cl_event ev;
        err = clEnqueueReadBuffer(j->q, dpart, CL_TRUE, 0, (size_t)bytes[8], part, 0, NULL, &ev);
        account(j, kev[0], 1); /* the blocking read ran after both kernels (in-order queue) */
        account(j, kev[1], 1);
        if (err != CL_SUCCESS) {
            s = pr_failed(j, "read from the device", err);
            break;
        }
        account(j, ev, 0);
        res = 0.0;
        dang = 0.0;
        for (int64_t b = 0; b < ngroups; b++) {
            res += acc64 ? part[2 * b] : (double)((float *)part)[2 * b];
            dang += acc64 ? part[2 * b + 1] : (double)((float *)part)[2 * b + 1];
        }
        if (res < opts->tol || it == opts->max_iter)
            break;
    }
    basis_free(part);
    if (s != BASIS_OK)
        return s;

    /* the ranks: read x into ranks, then renormalize to sum 1 on the host */
    cl_event ev;
    err = clEnqueueReadBuffer(j->q, dx, CL_TRUE, 0, (size_t)bytes[5], ranks, 0, NULL, &ev);
    if (err != CL_SUCCESS)
        return pr_failed(j, "read from the device", err);
    account(j, ev, 0);
    double sum = 0.0;
    for (int64_t i = 0; i < n; i++)
        sum += elem == 8 ? ((double *)ranks)[i] : (double)((float *)ranks)[i];
    for (int64_t i = 0; i < n; i++) {
        if (elem == 8)
            ((double *)ranks)[i] /= sum;
        else
            ((float *)ranks)[i] = (float)((double)((float *)ranks)[i] / sum);
    }
    if (info) {
        info->iterations = it;
        info->residual = res;
    }
    basis_log("%s: opencl PageRank on %s, %lld iterations, kernels %.3f ms, transfers %.3f ms",
              j->fn, dinfo->name, (long long)it, j->kernel_s * 1e3, j->transfer_s * 1e3);
    return res < opts->tol ? BASIS_OK
                           : basis_pagerank_no_convergence(j->fn, opts->max_iter, res, opts->tol);
}

basis_status basis_cl_pagerank(const char *fn, int elem, const basis_graph *g,
                               const basis_pagerank_opts *opts, double psum, void *ranks,
                               basis_iter_info *info)
{
    basis_cl_call *cur = basis_cl_current();
    pr_job j;
    memset(&j, 0, sizeof j);
    j.fn = fn;
    basis_status s = basis_cl_acquire(fn, cur->platform, cur->device, &j.dev);
    if (s != BASIS_OK)
        return s;
    j.q = basis_cl_queue(j.dev);
    s = run(&j, elem, g, opts, psum, ranks, info);
    clFinish(j.q);
    if (j.spmv)
        clReleaseKernel(j.spmv);
    if (j.update)
        clReleaseKernel(j.update);
    for (int i = 0; i < j.nmem; i++)
        clReleaseMemObject(j.mem[i]);
    basis_cl_release(j.dev);
    cur->kernel_seconds += j.kernel_s;
    cur->transfer_seconds += j.transfer_s;
    return s;
}
