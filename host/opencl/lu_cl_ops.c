/* lu_cl_ops.c: the device side of an LU job: its lifetime, kernels and transfers (on basis_cl_job), and the operations the LU, its solves and its resident factors are built from (row swaps, blocked triangular solves, GEMM updates). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "opencl/lu_cl_job.h"

/* Rows [r0, r0+nr) x columns [c0, c0+nc) of the compact device copy of d, to (write) or
 * from host memory in d's layout with leading dimension hld. ev: the caller's event
 * (released by the caller), else one of the job's. */
basis_status basis_cl_lu_xfer(lu_job *j, cl_mem buf, const hmat *d, int64_t r0, int64_t c0,
                              int64_t nr, int64_t nc, void *host, int64_t hld, int write,
                              cl_bool blocking, cl_event *ev)
{
    size_t e = (size_t)j->elem;
    int64_t inner = d->col ? nr : nc, outer = d->col ? nc : nr;
    if (inner <= 0 || outer <= 0)
        return BASIS_OK;
    size_t borig[3] = {(size_t)(d->col ? r0 : c0) * e, (size_t)(d->col ? c0 : r0), 0};
    size_t horig[3] = {0, 0, 0}, region[3] = {(size_t)inner * e, (size_t)outer, 1};
    size_t dpitch = (size_t)(d->col ? d->rows : d->cols) * e, hpitch = (size_t)hld * e;
    cl_event *slot = ev ? ev : basis_cl_job_event(&j->cl, 0);
    cl_int err = write ? clEnqueueWriteBufferRect(j->cl.q, buf, blocking, borig, horig, region,
                                                  dpitch, 0, hpitch, 0, host, 0, NULL, slot)
                       : clEnqueueReadBufferRect(j->cl.q, buf, blocking, borig, horig, region,
                                                 dpitch, 0, hpitch, 0, host, 0, NULL, slot);
    if (err != CL_SUCCESS) {
        if (!ev)
            j->cl.nev--;
        return basis_cl_job_failed(&j->cl, write ? "write to the device" : "read from the device",
                                   err);
    }
    return BASIS_OK;
}

/* ---- the device operations ------------------------------------------------------------ */

/* Rows k1 .. k2-1 swapped with their pivots (the device's copy) in columns [0, ncols)
 * outside [skip0, skip1). */
basis_status basis_cl_lu_swap(lu_job *j, dview a, int64_t ncols, int64_t k1, int64_t k2,
                              int64_t skip0, int64_t skip1, int backward)
{
    int64_t count = ncols - (skip1 - skip0);
    if (count <= 0 || k2 <= k1)
        return BASIS_OK;
    cl_long ln = ncols, off = a.off, rs = a.rs, cs = a.cs, l1 = k1, l2 = k2, s0 = skip0,
            s1 = skip1;
    cl_int bw = backward;
    const basis_cl_arg args[] = {{sizeof ln, &ln}, {sizeof a.buf, &a.buf}, {sizeof off, &off},
                        {sizeof rs, &rs}, {sizeof cs, &cs},       {sizeof l1, &l1},
                        {sizeof l2, &l2}, {sizeof s0, &s0},       {sizeof s1, &s1},
                        {sizeof j->piv, &j->piv}, {sizeof bw, &bw}};
    size_t global = (size_t)round_up(count, 64);
    return basis_cl_job_launch(&j->cl, j->swap, "lu_laswp", args, 11, 1, &global, NULL);
}

/* B := inv(T) B for one diagonal block: T kb x kb (kb <= nb), B kb x w. */
basis_status basis_cl_lu_trsm_block(lu_job *j, int lower, int unit, int64_t kb, int64_t w,
                                    dview t, dview b)
{
    if (kb <= 0 || w <= 0)
        return BASIS_OK;
    cl_int ikb = (cl_int)kb, il = lower, iu = unit;
    cl_long lw = w, toff = t.off, trs = t.rs, tcs = t.cs, boff = b.off, brs = b.rs, bcs = b.cs;
    const basis_cl_arg args[] = {{sizeof ikb, &ikb},     {sizeof lw, &lw},     {sizeof il, &il},
                        {sizeof iu, &iu},       {sizeof t.buf, &t.buf}, {sizeof toff, &toff},
                        {sizeof trs, &trs},     {sizeof tcs, &tcs},   {sizeof b.buf, &b.buf},
                        {sizeof boff, &boff},   {sizeof brs, &brs},   {sizeof bcs, &bcs}};
    size_t global = (size_t)round_up(w, j->tw), local = (size_t)j->tw;
    return basis_cl_job_launch(&j->cl, j->trsm, "lu_trsm_block", args, 12, 1, &global, &local);
}

/* C := alpha A B + beta C: C m x n, A m x k, B k x n (k <= nb: the packed operands hold
 * nb columns). gemm.cl's kernels write a column-major C, so a row-major C is computed as
 * C^T := alpha B^T A^T + beta C^T; small products take the direct kernel, the others are
 * packed for the tiled one, as basis_cl_?gemm chooses. */
basis_status basis_cl_lu_gemm(lu_job *j, int64_t m, int64_t n, int64_t k, double alpha_v,
                              dview a, dview b, double beta_v, dview c)
{
    if (m <= 0 || n <= 0 || k <= 0)
        return BASIS_OK;
    if (c.rs != 1) {
        int64_t t = m;
        m = n;
        n = t;
        dview at = transposed(b), bt = transposed(a);
        a = at;
        b = bt;
        c = transposed(c);
    }
    const basis_cl_gemm_params *p = &j->prm;
    basis_cl_real alpha = basis_cl_as_real(alpha_v, j->elem);
    basis_cl_real beta = basis_cl_as_real(beta_v, j->elem);
    cl_int im = (cl_int)m, in = (cl_int)n, ik = (cl_int)k;
    cl_long coff = c.off, ldc = c.cs;
    if (2.0 * (double)m * (double)n * (double)k < p->direct_below) {
        cl_long aoff = a.off, ars = a.rs, acs = a.cs, boff = b.off, brs = b.rs, bcs = b.cs;
        const basis_cl_arg args[] = {{sizeof im, &im},     {sizeof in, &in},     {sizeof ik, &ik},
                            {(size_t)j->elem, &alpha}, {sizeof a.buf, &a.buf},
                            {sizeof aoff, &aoff}, {sizeof ars, &ars},   {sizeof acs, &acs},
                            {sizeof b.buf, &b.buf}, {sizeof boff, &boff},
                            {sizeof brs, &brs},   {sizeof bcs, &bcs},
                            {(size_t)j->elem, &beta}, {sizeof c.buf, &c.buf},
                            {sizeof coff, &coff}, {sizeof ldc, &ldc}};
        int64_t bm = (int64_t)p->dmdim * p->dwm, bn = (int64_t)p->dndim * p->dwn;
        size_t gl[2] = {(size_t)((m + bm - 1) / bm * p->dmdim),
                        (size_t)((n + bn - 1) / bn * p->dndim)};
        size_t lo[2] = {(size_t)p->dmdim, (size_t)p->dndim};
        return basis_cl_job_launch(&j->cl, j->direct, "gemm_direct", args, 16, 2, gl, lo);
    }
    int64_t mp = round_up(m, p->mwg), np = round_up(n, p->nwg), kp = round_up(k, p->kwg);
    cl_int imp = (cl_int)mp, inp = (cl_int)np, ikp = (cl_int)kp, tm = p->mwg, tn = p->nwg;
    /* A as (i, p) panels of MWG rows; B as B^T, (j, p) panels of NWG columns */
    cl_long aoff = a.off, ars = a.rs, acs = a.cs, boff = b.off, brs = b.cs, bcs = b.rs;
    const basis_cl_arg pack_a[] = {{sizeof im, &im},   {sizeof ik, &ik},     {sizeof imp, &imp},
                          {sizeof tm, &tm},   {sizeof ikp, &ikp},   {sizeof a.buf, &a.buf},
                          {sizeof aoff, &aoff}, {sizeof ars, &ars}, {sizeof acs, &acs},
                          {sizeof j->pa, &j->pa}};
    const basis_cl_arg pack_b[] = {{sizeof in, &in},   {sizeof ik, &ik},     {sizeof inp, &inp},
                          {sizeof tn, &tn},   {sizeof ikp, &ikp},   {sizeof b.buf, &b.buf},
                          {sizeof boff, &boff}, {sizeof brs, &brs}, {sizeof bcs, &bcs},
                          {sizeof j->pb, &j->pb}};
    const basis_cl_arg targs[] = {{sizeof im, &im},      {sizeof in, &in},     {sizeof ikp, &ikp},
                         {(size_t)j->elem, &alpha}, {sizeof j->pa, &j->pa},
                         {sizeof j->pb, &j->pb}, {(size_t)j->elem, &beta},
                         {sizeof c.buf, &c.buf}, {sizeof coff, &coff}, {sizeof ldc, &ldc}};
    size_t lo[2];
    basis_cl_pack_group(basis_cl_info(j->cl.dev), lo);
    size_t ga[2] = {(size_t)round_up(mp, 8), (size_t)round_up(kp, 8)};
    size_t gb[2] = {(size_t)round_up(np, 8), (size_t)round_up(kp, 8)};
    size_t gt[2] = {(size_t)(mp / p->mwg * p->mdimc), (size_t)(np / p->nwg * p->ndimc)};
    size_t lt[2] = {(size_t)p->mdimc, (size_t)p->ndimc};
    basis_status s;
    /* arguments are captured at each enqueue, so one pack kernel object serves both */
    if ((s = basis_cl_job_launch(&j->cl, j->pack, "gemm_pack", pack_a, 10, 2, ga, lo)) ||
        (s = basis_cl_job_launch(&j->cl, j->pack, "gemm_pack", pack_b, 10, 2, gb, lo)))
        return s;
    return basis_cl_job_launch(&j->cl, j->tiled, "gemm_tiled", targs, 10, 2, gt, lt);
}

/* B := inv(T) B, T n x n lower (forward) or upper (backward), B n x w: blocks of nb rows,
 * each solved by lu_trsm_block and then taken out of the rows still to solve by GEMM. */
basis_status basis_cl_lu_trsm(lu_job *j, int lower, int unit, int64_t n, int64_t w, dview t,
                              dview b)
{
    basis_status s = BASIS_OK;
    for (int64_t done = 0; done < n && s == BASIS_OK; done += j->nb) {
        int64_t kb = min64(j->nb, n - done), k = lower ? done : n - done - kb;
        s = basis_cl_lu_trsm_block(j, lower, unit, kb, w, sub(t, k, k), sub(b, k, 0));
        if (s == BASIS_OK && lower)
            s = basis_cl_lu_gemm(j, n - k - kb, w, kb, -1.0, sub(t, k + kb, k), sub(b, k, 0),
                                 1.0, sub(b, k + kb, 0));
        else if (s == BASIS_OK)
            s = basis_cl_lu_gemm(j, k, w, kb, -1.0, sub(t, 0, k), sub(b, k, 0), 1.0, b);
    }
    return s;
}

/* op(A) X = B from the factors in a (n x n) and the first `swaps` pivots on the device. */
basis_status basis_cl_lu_getrs(lu_job *j, int trans, int64_t n, int64_t nrhs, int64_t swaps,
                               dview a, dview b)
{
    basis_status s;
    if (!trans) {
        if ((s = basis_cl_lu_swap(j, b, nrhs, 0, swaps, 0, 0, 0)) ||
            (s = basis_cl_lu_trsm(j, 1, 1, n, nrhs, a, b)))
            return s;
        return basis_cl_lu_trsm(j, 0, 0, n, nrhs, a, b);
    }
    /* A^T = U^T L^T P: U^T is lower with U's diagonal, L^T upper with a unit one */
    if ((s = basis_cl_lu_trsm(j, 1, 0, n, nrhs, transposed(a), b)) ||
        (s = basis_cl_lu_trsm(j, 0, 1, n, nrhs, transposed(a), b)))
        return s;
    return basis_cl_lu_swap(j, b, nrhs, 0, swaps, 0, 0, 1);
}

/* Block size, the solve's work-group and the GEMM parameters for this device. */
void basis_cl_lu_prepare(lu_job *j)
{
    const basis_cl_device_info *info = basis_cl_info(j->cl.dev);
    j->nb = info->is_gpu ? NB_GPU : NB_CPU;
    j->tw = TW_MAX;
    while (j->tw > 1 && ((info->max_work_group > 0 && j->tw > info->max_work_group) ||
                         (info->local_mem_bytes > 0 &&
                          j->nb * j->tw * j->elem > info->local_mem_bytes / 2)))
        j->tw /= 2;
    basis_cl_gemm_params_get(info, j->elem, &j->prm);
}

/* The lu and gemm programs (built once per device and options) and the job's kernels. */
basis_status basis_cl_lu_build(lu_job *j)
{
    char options[512];
    cl_program lu, gemm;
    basis_status s;
    snprintf(options, sizeof options, "-DPRECISION=%d -DNB=%lld -DTW=%d", j->elem * 8,
             (long long)j->nb, j->tw);
    if ((s = basis_cl_program(j->cl.fn, j->cl.dev, "lu", options, &lu)))
        return s;
    basis_cl_gemm_options(&j->prm, j->elem, options, sizeof options);
    if ((s = basis_cl_program(j->cl.fn, j->cl.dev, "gemm", options, &gemm)) ||
        (s = basis_cl_job_kernel(&j->cl, lu, "lu_laswp", &j->swap)) ||
        (s = basis_cl_job_kernel(&j->cl, lu, "lu_trsm_block", &j->trsm)) ||
        (s = basis_cl_job_kernel(&j->cl, lu, "lu_identity", &j->ident)) ||
        (s = basis_cl_job_kernel(&j->cl, gemm, "gemm_pack", &j->pack)) ||
        (s = basis_cl_job_kernel(&j->cl, gemm, "gemm_tiled", &j->tiled)))
        return s;
    return basis_cl_job_kernel(&j->cl, gemm, "gemm_direct", &j->direct);
}

/* The device can run a problem this size in this precision. */
basis_status basis_cl_lu_check_device(lu_job *j, int64_t m, int64_t n, int64_t nrhs)
{
    basis_status s = basis_cl_check_precision(j->cl.fn, j->cl.dev, j->elem);
    if (s != BASIS_OK)
        return s;
    if (m > INT_MAX / 2 || n > INT_MAX / 2 || nrhs > INT_MAX / 2)
        return basis_fail(BASIS_ERR_DEVICE, "%s: m = %lld, n = %lld, nrhs = %lld exceed what "
                          "the OpenCL kernels index (2^30 per dimension)", j->cl.fn, (long long)m,
                          (long long)n, (long long)nrhs);
    return BASIS_OK;
}

basis_status basis_cl_lu_write_pivots(lu_job *j, const int64_t *ipiv, int64_t n)
{
    cl_int err = clEnqueueWriteBuffer(j->cl.q, j->piv, CL_FALSE, 0, (size_t)n * sizeof(cl_long),
                                      ipiv, 0, NULL, basis_cl_job_event(&j->cl, 0));
    if (err != CL_SUCCESS) {
        j->cl.nev--;
        return basis_cl_job_failed(&j->cl, "write to the device", err);
    }
    return BASIS_OK;
}

/* The device for a job, locked until finish. */
basis_status basis_cl_lu_start(lu_job *j, const basis_call *call, const char *fn, int elem)
{
    memset(j, 0, sizeof *j);
    j->call = call;
    j->elem = elem;
    return basis_cl_job_begin(&j->cl, fn);
}

/* Takes the times of the recorded events, then waits for the queue, frees what the job
 * made, unlocks the device and adds the job's times to the call's (basis_cl_job_end). */
basis_status basis_cl_lu_finish(lu_job *j, basis_status s)
{
    basis_cl_job_settle(&j->cl);
    basis_log("%s: opencl LU on %s, nb %lld, kernels %.3f ms, transfers %.3f ms", j->cl.fn,
              basis_cl_info(j->cl.dev)->name, (long long)j->nb, j->cl.kernel_s * 1e3,
              j->cl.transfer_s * 1e3);
    return basis_cl_job_end(&j->cl, s);
}
