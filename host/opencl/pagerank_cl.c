/* pagerank_cl.c: PageRank (s and d) on an OpenCL device: the graph and the vectors stay on the device across iterations; the host reads one partial sum per work-group each iteration. */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "graph.h"
#include "opencl/opencl.h"
#include "pagerank.h"

/* The same iteration as the CPU (host/pagerank.h): phase 1 the SELL-8 SpMV, phase 2 the
 * fused update; the work-group partials are added on the host in group order, so the
 * stopping decision does not depend on timing. Per iteration the host reads 2 numbers per
 * work-group of the update, 256 nodes where the device allows (cnr-2000: 20 KB), and sets
 * one kernel argument. */

#define PR_WG 256 /* the update's work-group, where the device allows it */
#define MAX_MEM 8
/* Chunks of at least this many steps go to the long-row kernel: 32 partial sums per row
 * there, so each work-item has two steps or more. */
#define PR_LONG_STEPS 64

static _Atomic int64_t test_long_steps;

void basis_cl_test_pagerank_long(int64_t steps)
{
    atomic_store(&test_long_steps, steps > 0 ? steps : 0);
}

/* The long-row kernel's work-group: 256, or the largest power of two the device allows;
 * 0 when that is below 8 (one per lane). */
static int long_group(const basis_cl_device_info *info)
{
    int v = basis_cl_group_size(info, 256);
    return v >= 8 ? v : 0;
}

/* How many chunks, from the front, go to the long-row kernel (chunk lengths never grow
 * along the graph: nodes are sorted by in-degree). On a GPU only: a CPU device runs a
 * work-group's items one after another, so there the kernel only adds its barriers (PoCL,
 * cnr-2000: 3.4-3.5 against 2.8-3.0 ms per iteration with every row on one work-item).
 * Not yet measured on a GPU: what it is for is cnr-2000's longest row, 18235 steps for one
 * work-item where the average row has 10. */
static int64_t long_chunks(const basis_graph *g, int vwg, int is_gpu)
{
    int64_t least = atomic_load(&test_long_steps), c = 0;
    if (least == 0 && !is_gpu)
        return 0;
    least = least > 0 ? least : PR_LONG_STEPS;
    while (vwg && c < g->nchunks &&
           (g->chunk_start[c + 1] - g->chunk_start[c]) / BASIS_SELL_C >= least)
        c++;
    return c;
}

typedef basis_cl_job pr_job;

/* The host-side vectors the device starts from, in slot numbering as on the CPU
 * (host/pagerank.h): x = v (or 1/n), xs = x * inv, inv, v. */
typedef struct pr_host {
    void *x, *xs, *inv, *v;
    double dang0;
} pr_host;

static void fill_host(const basis_graph *g, const basis_pagerank_opts *opts, double psum,
                      int elem, pr_host *h)
{
    int64_t n = g->n;
    h->dang0 = 0.0;
    for (int64_t i = 0; i < n; i++) { /* i is a slot */
        int64_t deg = g->out_degree[g->perm[i]];
        double inv = deg > 0 ? 1.0 / (double)deg : 0.0;
        double v = psum > 0.0 ? opts->personalize[g->perm[i]] / psum : 1.0 / (double)n;
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
    basis_status s = basis_cl_check_precision(j->fn, j->dev, elem);
    if (s != BASIS_OK)
        return s;
    const basis_cl_device_info *dinfo = basis_cl_info(j->dev);
    int acc64 = dinfo->fp64;
    size_t accsz = acc64 ? sizeof(double) : sizeof(float);
    int wg = basis_cl_group_size(dinfo, PR_WG);
    int64_t n = g->n, nslots = g->nchunks * BASIS_SELL_C, ngroups = (n + wg - 1) / wg;
    int64_t entries = g->chunk_start[g->nchunks];
    int has_v = psum > 0.0;
    /* every buffer against the device's limits before allocating any */
    int64_t bytes[MAX_MEM] = {(g->nchunks + 1) * 8, entries * 4, (n + 1) * elem,
                              nslots * elem, n * elem, n * elem, has_v ? n * elem : elem,
                              2 * ngroups * (int64_t)accsz};
    static const char *const names[MAX_MEM] = {"the chunk offsets", "the edge sources", "xs",
                                               "y", "x", "1 / outdeg", "the teleport vector",
                                               "the partial sums"};
    s = basis_cl_check_fit(j->fn, j->dev, bytes, names, MAX_MEM,
                                        "the graph and vectors");
    if (s != BASIS_OK)
        return s;

    int vwg = long_group(dinfo);
    int64_t nlong = long_chunks(g, vwg, dinfo->is_gpu);
    char options[128];
    snprintf(options, sizeof options, "-DPRECISION=%d -DACC64=%d -DWG=%d -DVWG=%d", elem * 8,
             acc64, wg, vwg ? vwg : 8);
    cl_program prog;
    s = basis_cl_program(j->fn, j->dev, "pagerank", options, &prog);
    if (s != BASIS_OK)
        return s;
    cl_kernel spmv, spmv_long, update;
    if ((s = basis_cl_job_kernel(j, prog, "pagerank_spmv", &spmv)) ||
        (s = basis_cl_job_kernel(j, prog, "pagerank_spmv_long", &spmv_long)) ||
        (s = basis_cl_job_kernel(j, prog, "pagerank_update", &update)))
        return s;

    /* the starting vectors, built in one host block and freed once uploaded */
    pr_host h;
    char *hb = basis_alloc((size_t)(3 * n + 1 + (has_v ? n : 0)) * (size_t)elem);
    /* the partials, and behind them room to read the ranks back at the end (taken now, so
     * that running out of memory cannot throw away a finished solve) */
    double *part = basis_alloc((size_t)(2 * ngroups) * accsz + (size_t)n * (size_t)elem);
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
    cl_mem dcs, dcol, dxs, dy, dx, dinv, dv, dpart;
    if ((s = basis_cl_job_buffer(j, bytes[0], g->chunk_start, &dcs)) ||
        (s = basis_cl_job_buffer(j, bytes[1], g->col, &dcol)) ||
        (s = basis_cl_job_buffer(j, bytes[2], h.xs, &dxs)) ||
        (s = basis_cl_job_buffer(j, bytes[3], NULL, &dy)) ||
        (s = basis_cl_job_buffer(j, bytes[4], h.x, &dx)) ||
        (s = basis_cl_job_buffer(j, bytes[5], h.inv, &dinv)) ||
        (s = basis_cl_job_buffer(j, bytes[6], h.v, &dv)) ||
        (s = basis_cl_job_buffer(j, bytes[7], NULL, &dpart))) {
        basis_free(hb);
        basis_free(part);
        return s;
    }
    double dang = h.dang0;
    basis_free(hb);

    cl_long ln = n, lslots = nslots, lfirst = nlong * BASIS_SELL_C;
    cl_int ihas_v = has_v;
    double dd = opts->damping;
    float fd = (float)dd;
    const size_t spmv_sz[] = {sizeof lfirst, sizeof ln, sizeof dcs, sizeof dcol, sizeof dxs,
                              sizeof dy};
    const void *const spmv_val[] = {&lfirst, &lslots, &dcs, &dcol, &dxs, &dy};
    if (s == BASIS_OK)
        s = basis_cl_job_args(j, spmv, "pagerank_spmv", 6, spmv_sz, spmv_val);
    if (s == BASIS_OK)
        s = basis_cl_job_args(j, spmv_long, "pagerank_spmv_long", 4, spmv_sz + 2,
                              spmv_val + 2);
    size_t gs = (size_t)((nslots - lfirst + 63) / 64 * 64), gu = (size_t)(ngroups * wg);
    size_t gl = (size_t)nlong * (size_t)vwg, wl = (size_t)vwg;
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
        /* the commands' events go to the job's ring: the blocking read ran after the
         * kernels (in-order queue) */
        size_t lu = (size_t)wg;
        if ((s = basis_cl_job_args(j, update, "pagerank_update", 11, upd_sz, upd_val)) ||
            (gl && (s = basis_cl_job_launch(j, spmv_long, "pagerank_spmv_long", NULL, 0, 1,
                                            &gl, &wl))) ||
            (gs && (s = basis_cl_job_launch(j, spmv, "pagerank_spmv", NULL, 0, 1, &gs,
                                            NULL))) ||
            (s = basis_cl_job_launch(j, update, "pagerank_update", NULL, 0, 1, &gu, &lu)))
            break;
        cl_int err = clEnqueueReadBuffer(j->q, dpart, CL_TRUE, 0, (size_t)bytes[7], part, 0,
                                         NULL, basis_cl_job_event(j, 0));
        if (err != CL_SUCCESS) {
            j->nev--;
            s = basis_cl_job_failed(j, "read from the device", err);
            break;
        }
        res = 0.0;
        dang = 0.0;
        for (int64_t b = 0; b < ngroups; b++) {
            res += acc64 ? part[2 * b] : (double)((float *)part)[2 * b];
            dang += acc64 ? part[2 * b + 1] : (double)((float *)part)[2 * b + 1];
        }
        if (res < opts->tol || it == opts->max_iter)
            break;
    }
    if (s != BASIS_OK) {
        basis_free(part);
        return s;
    }

    /* the ranks: read x (slot order) behind the partials, then renormalize to sum 1 into
     * ranks in node order */
    char *xh = (char *)part + (size_t)(2 * ngroups) * accsz;
    cl_event ev;
    cl_int err = clEnqueueReadBuffer(j->q, dx, CL_TRUE, 0, (size_t)bytes[4], xh, 0, NULL, &ev);
    if (err != CL_SUCCESS) {
        basis_free(part);
        return basis_cl_job_failed(j, "read from the device", err);
    }
    basis_cl_job_account(j, ev, 0);
    /* a command that failed on the device (this read included): the ranks are not written */
    if ((s = basis_cl_job_check(j))) {
        basis_free(part);
        return s;
    }
    double sum = 0.0;
    for (int64_t p = 0; p < n; p++)
        sum += elem == 8 ? ((double *)xh)[p] : (double)((float *)xh)[p];
    for (int64_t p = 0; p < n; p++) {
        if (elem == 8)
            ((double *)ranks)[g->perm[p]] = ((double *)xh)[p] / sum;
        else
            ((float *)ranks)[g->perm[p]] = (float)((double)((float *)xh)[p] / sum);
    }
    basis_free(part);
    if (info) {
        info->iterations = it;
        info->residual = res;
    }
    basis_cl_job_settle(j); /* the ring's times, for the log */
    basis_log("%s: opencl PageRank on %s, %lld iterations, kernels %.3f ms, transfers %.3f ms",
              j->fn, dinfo->name, (long long)it, j->kernel_s * 1e3, j->transfer_s * 1e3);
    return res < opts->tol ? BASIS_OK
                           : basis_pagerank_no_convergence(j->fn, opts->max_iter, res, opts->tol);
}

basis_status basis_cl_pagerank(const char *fn, int elem, const basis_graph *g,
                               const basis_pagerank_opts *opts, double psum, void *ranks,
                               basis_iter_info *info)
{
    pr_job j;
    basis_status s = basis_cl_job_begin(&j, fn);
    if (s != BASIS_OK)
        return s;
    s = run(&j, elem, g, opts, psum, ranks, info);
    return basis_cl_job_end(&j, s); /* or a command that failed on the device */
}
