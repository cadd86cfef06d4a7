/* lu_cl.c: LU on an OpenCL device (getrf, getrs, gesv, getri for s and d): the matrix resident on the device for the whole call, panels factored on the host by the CPU LU while the device runs the trailing update, row swaps, triangular solves and GEMMs on the device. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cpu/cpu.h"
#include "lu_blocked.h"
#include "opencl/opencl.h"

/* Right-looking blocked LU, block size nb (128 on a GPU, where a deeper GEMM pays; 64 on a
 * CPU device). The device buffer keeps the caller's layout, compacted (ld = the inner
 * extent), so no transpose is needed anywhere: every kernel takes (row, column) strides,
 * and a row-major GEMM update runs as its transpose on gemm.cl's column-major kernels.
 * Step k:
 *   host:   factor the (m-k) x kb panel with the CPU LU (basis_?getrf_blocked: the SIMD
 *           recursive panel, the same pivoting and zero-pivot rules as the CPU path)
 *   device: write the panel and its pivots back; swap the rows of every other column
 *           (lu_laswp); U12 := inv(L11) A12 (lu_trsm_block); A22 -= L21 U12 (gemm.cl)
 * Look-ahead: the device updates the next panel's columns first and queues their read
 * before the rest of the update, so the host factors panel k+1 while the device runs the
 * bulk of update k (one in-order queue; the host waits only for the panel's read event).
 * getrs: the row swaps and both triangular solves on the device (each solve blocked by
 * nb: the diagonal block by lu_trsm_block, the rows after it by GEMM); gesv keeps the
 * factors and pivots on the device between the two; getri solves A X = I there.
 * Errors: every buffer is checked against the device's limits before any is made; a
 * device failure leaves the caller's A and B untouched unless the final read failed. */

enum { NB_GPU = 128, NB_CPU = 64, TW_MAX = 32, MAX_EVENTS = 256, MAX_MEM = 5 };

/* A matrix in device memory, or the same view of host memory: element (i, j) at
 * off + i * rs + j * cs. */
typedef struct dview {
    cl_mem buf;
    int64_t off, rs, cs;
} dview;

/* How a caller's matrix is stored: `col` when its columns are contiguous. */
typedef struct hmat {
    int64_t rows, cols, ld;
    int col;
} hmat;

typedef struct lu_job {
    const char *fn;
    const basis_call *call;
    basis_cl_device *dev;
    cl_command_queue q;
    int elem;
    int64_t nb;
    int tw;
    basis_cl_gemm_params prm;
    cl_mem mem[MAX_MEM];
    int nmem;
    cl_mem pa, pb, piv; /* the packed GEMM operands, the pivots */
    cl_kernel swap, trsm, ident, pack, tiled, direct;
    cl_event ev[MAX_EVENTS];
    int is_kernel[MAX_EVENTS];
    int nev;
    double kernel_s, transfer_s;
} lu_job;

static basis_status cl_failed(lu_job *j, const char *what, cl_int err)
{
    const char *hint = (err == CL_MEM_OBJECT_ALLOCATION_FAILURE || err == CL_OUT_OF_RESOURCES)
                           ? " (the device is out of memory or resources)"
                           : "";
    return basis_fail(BASIS_ERR_DEVICE, "%s: OpenCL %s failed on %s: %s%s", j->fn, what,
                      basis_cl_info(j->dev)->name, basis_cl_error_name(err), hint);
}

static void account(lu_job *j, cl_event ev, int kernel)
{
    *(kernel ? &j->kernel_s : &j->transfer_s) += basis_cl_event_seconds(ev);
    clReleaseEvent(ev);
}

/* Waits for everything queued, then takes the times of the recorded events. */
static void settle(lu_job *j)
{
    clFinish(j->q);
    for (int i = 0; i < j->nev; i++)
        account(j, j->ev[i], j->is_kernel[i]);
    j->nev = 0;
}

static cl_event *next_event(lu_job *j, int kernel)
{
    if (j->nev == MAX_EVENTS)
        settle(j);
    j->is_kernel[j->nev] = kernel;
    return &j->ev[j->nev++];
}

static int64_t round_up(int64_t v, int64_t to)
{
    return (v + to - 1) / to * to;
}

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static dview sub(dview v, int64_t i, int64_t j)
{
    return (dview){v.buf, v.off + i * v.rs + j * v.cs, v.rs, v.cs};
}

static dview transposed(dview v)
{
    return (dview){v.buf, v.off, v.cs, v.rs};
}

static void describe(hmat *h, int64_t rows, int64_t cols, int64_t rs, int64_t cs)
{
    h->rows = rows;
    h->cols = cols;
    h->col = rs == 1 && (cols == 1 || cs >= rows);
    h->ld = h->col ? (cols == 1 ? rows : cs) : (rows == 1 ? cols : rs);
}

/* The compact device copy of h. */
static dview device_view(const hmat *h, cl_mem buf)
{
    return (dview){buf, 0, h->col ? 1 : h->cols, h->col ? h->rows : 1};
}

static basis_status new_buffer(lu_job *j, int64_t bytes, cl_mem *out)
{
    cl_int err;
    cl_mem m = clCreateBuffer(basis_cl_context(j->dev), CL_MEM_READ_WRITE,
                              (size_t)(bytes > 0 ? bytes : 1), NULL, &err);
    if (!m || err != CL_SUCCESS)
        return cl_failed(j, "clCreateBuffer", err);
    j->mem[j->nmem++] = m;
    *out = m;
    return BASIS_OK;
}

/* Rows [r0, r0+nr) x columns [c0, c0+nc) of the compact device copy of d, to (write) or
 * from host memory in d's layout with leading dimension hld. ev: the caller's event
 * (released by the caller), else one of the job's. */
static basis_status xfer(lu_job *j, cl_mem buf, const hmat *d, int64_t r0, int64_t c0,
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
    cl_event *slot = ev ? ev : next_event(j, 0);
    cl_int err = write ? clEnqueueWriteBufferRect(j->q, buf, blocking, borig, horig, region,
                                                  dpitch, 0, hpitch, 0, host, 0, NULL, slot)
                       : clEnqueueReadBufferRect(j->q, buf, blocking, borig, horig, region,
                                                 dpitch, 0, hpitch, 0, host, 0, NULL, slot);
    if (err != CL_SUCCESS) {
        if (!ev)
            j->nev--;
        return cl_failed(j, write ? "write to the device" : "read from the device", err);
    }
    return BASIS_OK;
}

typedef struct arg {
    size_t size;
    const void *value;
} arg;

static basis_status launch(lu_job *j, cl_kernel k, const char *name, const arg *args,
                           int nargs, cl_uint dims, const size_t *global, const size_t *local)
{
    for (int i = 0; i < nargs; i++) {
        cl_int err = clSetKernelArg(k, (cl_uint)i, args[i].size, args[i].value);
        if (err != CL_SUCCESS)
            return cl_failed(j, name, err);
    }
    cl_int err = clEnqueueNDRangeKernel(j->q, k, dims, NULL, global, local, 0, NULL,
                                        next_event(j, 1));
    if (err != CL_SUCCESS) {
        j->nev--;
        return cl_failed(j, name, err);
    }
    return BASIS_OK;
}

typedef union scalar {
    float f;
    double d;
} scalar;

static scalar as_real(double v, int elem)
{
    scalar s;
    if (elem == 4)
        s.f = (float)v;
    else
        s.d = v;
    return s;
}

/* ---- the device operations ------------------------------------------------------------ */

/* Rows k1 .. k2-1 swapped with their pivots (the device's copy) in columns [0, ncols)
 * outside [skip0, skip1). */
static basis_status dev_swap(lu_job *j, dview a, int64_t ncols, int64_t k1, int64_t k2,
                             int64_t skip0, int64_t skip1, int backward)
{
    int64_t count = ncols - (skip1 - skip0);
    if (count <= 0 || k2 <= k1)
        return BASIS_OK;
    cl_long ln = ncols, off = a.off, rs = a.rs, cs = a.cs, l1 = k1, l2 = k2, s0 = skip0,
            s1 = skip1;
    cl_int bw = backward;
    const arg args[] = {{sizeof ln, &ln}, {sizeof a.buf, &a.buf}, {sizeof off, &off},
                        {sizeof rs, &rs}, {sizeof cs, &cs},       {sizeof l1, &l1},
                        {sizeof l2, &l2}, {sizeof s0, &s0},       {sizeof s1, &s1},
                        {sizeof j->piv, &j->piv}, {sizeof bw, &bw}};
    size_t global = (size_t)round_up(count, 64);
    return launch(j, j->swap, "lu_laswp", args, 11, 1, &global, NULL);
}

/* B := inv(T) B for one diagonal block: T kb x kb (kb <= nb), B kb x w. */
static basis_status dev_trsm_block(lu_job *j, int lower, int unit, int64_t kb, int64_t w,
                                   dview t, dview b)
{
    if (kb <= 0 || w <= 0)
        return BASIS_OK;
    cl_int ikb = (cl_int)kb, il = lower, iu = unit;
    cl_long lw = w, toff = t.off, trs = t.rs, tcs = t.cs, boff = b.off, brs = b.rs, bcs = b.cs;
    const arg args[] = {{sizeof ikb, &ikb},     {sizeof lw, &lw},     {sizeof il, &il},
                        {sizeof iu, &iu},       {sizeof t.buf, &t.buf}, {sizeof toff, &toff},
                        {sizeof trs, &trs},     {sizeof tcs, &tcs},   {sizeof b.buf, &b.buf},
                        {sizeof boff, &boff},   {sizeof brs, &brs},   {sizeof bcs, &bcs}};
    size_t global = (size_t)round_up(w, j->tw), local = (size_t)j->tw;
    return launch(j, j->trsm, "lu_trsm_block", args, 12, 1, &global, &local);
}

/* C -= A B: C m x n, A m x k, B k x n (k <= nb). gemm.cl's kernels write a column-major
 * C, so a row-major C is computed as C^T -= B^T A^T; small products take the direct
 * kernel, the others are packed for the tiled one, as basis_cl_?gemm chooses. */
static basis_status dev_gemm(lu_job *j, int64_t m, int64_t n, int64_t k, dview a, dview b,
                             dview c)
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
    scalar alpha = as_real(-1.0, j->elem), beta = as_real(1.0, j->elem);
    cl_int im = (cl_int)m, in = (cl_int)n, ik = (cl_int)k;
    cl_long coff = c.off, ldc = c.cs;
    if (2.0 * (double)m * (double)n * (double)k < p->direct_below) {
        cl_long aoff = a.off, ars = a.rs, acs = a.cs, boff = b.off, brs = b.rs, bcs = b.cs;
        const arg args[] = {{sizeof im, &im},     {sizeof in, &in},     {sizeof ik, &ik},
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
        return launch(j, j->direct, "gemm_direct", args, 16, 2, gl, lo);
    }
    int64_t mp = round_up(m, p->mwg), np = round_up(n, p->nwg), kp = round_up(k, p->kwg);
    cl_int imp = (cl_int)mp, inp = (cl_int)np, ikp = (cl_int)kp, tm = p->mwg, tn = p->nwg;
    /* A as (i, p) panels of MWG rows; B as B^T, (j, p) panels of NWG columns */
    cl_long aoff = a.off, ars = a.rs, acs = a.cs, boff = b.off, brs = b.cs, bcs = b.rs;
    const arg pack_a[] = {{sizeof im, &im},   {sizeof ik, &ik},     {sizeof imp, &imp},
                          {sizeof tm, &tm},   {sizeof ikp, &ikp},   {sizeof a.buf, &a.buf},
                          {sizeof aoff, &aoff}, {sizeof ars, &ars}, {sizeof acs, &acs},
                          {sizeof j->pa, &j->pa}};
    const arg pack_b[] = {{sizeof in, &in},   {sizeof ik, &ik},     {sizeof inp, &inp},
                          {sizeof tn, &tn},   {sizeof ikp, &ikp},   {sizeof b.buf, &b.buf},
                          {sizeof boff, &boff}, {sizeof brs, &brs}, {sizeof bcs, &bcs},
                          {sizeof j->pb, &j->pb}};
    const arg targs[] = {{sizeof im, &im},      {sizeof in, &in},     {sizeof ikp, &ikp},
                         {(size_t)j->elem, &alpha}, {sizeof j->pa, &j->pa},
                         {sizeof j->pb, &j->pb}, {(size_t)j->elem, &beta},
                         {sizeof c.buf, &c.buf}, {sizeof coff, &coff}, {sizeof ldc, &ldc}};
    size_t lo[2] = {8, 8};
    size_t ga[2] = {(size_t)round_up(mp, 8), (size_t)round_up(kp, 8)};
    size_t gb[2] = {(size_t)round_up(np, 8), (size_t)round_up(kp, 8)};
    size_t gt[2] = {(size_t)(mp / p->mwg * p->mdimc), (size_t)(np / p->nwg * p->ndimc)};
    size_t lt[2] = {(size_t)p->mdimc, (size_t)p->ndimc};
    basis_status s;
    /* arguments are captured at each enqueue, so one pack kernel object serves both */
    if ((s = launch(j, j->pack, "gemm_pack", pack_a, 10, 2, ga, lo)) ||
        (s = launch(j, j->pack, "gemm_pack", pack_b, 10, 2, gb, lo)))
        return s;
    return launch(j, j->tiled, "gemm_tiled", targs, 10, 2, gt, lt);
}

/* B := inv(T) B, T n x n lower (forward) or upper (backward), B n x w: blocks of nb rows,
 * each solved by lu_trsm_block and then taken out of the rows still to solve by GEMM. */
static basis_status dev_trsm(lu_job *j, int lower, int unit, int64_t n, int64_t w, dview t,
                             dview b)
{
    basis_status s = BASIS_OK;
    for (int64_t done = 0; done < n && s == BASIS_OK; done += j->nb) {
        int64_t kb = min64(j->nb, n - done), k = lower ? done : n - done - kb;
        s = dev_trsm_block(j, lower, unit, kb, w, sub(t, k, k), sub(b, k, 0));
        if (s == BASIS_OK && lower)
            s = dev_gemm(j, n - k - kb, w, kb, sub(t, k + kb, k), sub(b, k, 0),
                         sub(b, k + kb, 0));
        else if (s == BASIS_OK)
            s = dev_gemm(j, k, w, kb, sub(t, 0, k), sub(b, k, 0), b);
    }
    return s;
}

/* op(A) X = B from the factors in a (n x n) and the pivots on the device. */
static basis_status dev_getrs(lu_job *j, int trans, int64_t n, int64_t nrhs, dview a, dview b)
{
    basis_status s;
    if (!trans) {
        if ((s = dev_swap(j, b, nrhs, 0, n, 0, 0, 0)) ||
            (s = dev_trsm(j, 1, 1, n, nrhs, a, b)))
            return s;
        return dev_trsm(j, 0, 0, n, nrhs, a, b);
    }
    /* A^T = U^T L^T P: U^T is lower with U's diagonal, L^T upper with a unit one */
    if ((s = dev_trsm(j, 1, 0, n, nrhs, transposed(a), b)) ||
        (s = dev_trsm(j, 0, 1, n, nrhs, transposed(a), b)))
        return s;
    return dev_swap(j, b, nrhs, 0, n, 0, 0, 1);
}

/* The panel (rows [k, m), columns [k, k+kb)) on the host, in pw in A's layout: the CPU LU
 * with the best CPU target's kernels (never the device's), pivots made global. */
static int64_t factor_panel(lu_job *j, const hmat *h, int64_t k, int64_t kb, void *pw,
                            int64_t *ipiv)
{
    basis_call cpu = *j->call;
    cpu.backend = basis_backend_best_cpu();
    cpu.k = basis_target_kernels(cpu.backend);
    int64_t rows = h->rows - k, rs = h->col ? 1 : kb, cs = h->col ? rows : 1;
    int64_t info = j->elem == 4 ? basis_sgetrf_blocked(&cpu, rows, kb, pw, rs, cs, ipiv + k)
                                : basis_dgetrf_blocked(&cpu, rows, kb, pw, rs, cs, ipiv + k);
    for (int64_t i = k; i < k + kb; i++)
        ipiv[i] += k;
    return info > 0 ? info + k : 0;
}

/* Reads the panel at column k (kb wide) into pw; the caller waits on *ev. */
static basis_status read_panel(lu_job *j, const hmat *h, cl_mem buf, int64_t k, int64_t kb,
                               void *pw, cl_event *ev)
{
    int64_t rows = h->rows - k;
    return xfer(j, buf, h, k, k, rows, kb, pw, h->col ? rows : kb, 0, CL_FALSE, ev);
}

static basis_status wait_panel(lu_job *j, cl_event ev)
{
    cl_int err = clWaitForEvents(1, &ev);
    account(j, ev, 0);
    return err == CL_SUCCESS ? BASIS_OK : cl_failed(j, "read of a panel", err);
}

/* Columns [c0, c1) after panel k: U12 := inv(L11) A12, A22 -= L21 U12 (the rows were
 * swapped already). */
static basis_status update(lu_job *j, dview a, int64_t m, int64_t k, int64_t kb, int64_t c0,
                           int64_t c1)
{
    basis_status s = dev_trsm_block(j, 1, 1, kb, c1 - c0, sub(a, k, k), sub(a, k, c0));
    if (s == BASIS_OK)
        s = dev_gemm(j, m - k - kb, c1 - c0, kb, sub(a, k + kb, k), sub(a, k, c0),
                     sub(a, k + kb, c0));
    return s;
}

/* P A = L U of the device matrix (h describes it), pivots into ipiv and the device's
 * pivot buffer; pw holds one panel. *info as basis_?getrf_blocked. */
static basis_status dev_getrf(lu_job *j, const hmat *h, cl_mem buf, int64_t *ipiv, void *pw,
                              int64_t *info)
{
    int64_t m = h->rows, n = h->cols, mn = min64(m, n), nb = j->nb;
    dview a = device_view(h, buf);
    cl_event ev;
    basis_status s = read_panel(j, h, buf, 0, min64(nb, mn), pw, &ev);
    if (s || (s = wait_panel(j, ev)))
        return s;
    *info = factor_panel(j, h, 0, min64(nb, mn), pw, ipiv);
    for (int64_t k = 0; k < mn; k += nb) {
        int64_t kb = min64(nb, mn - k), j0 = k + kb;
        int64_t next = j0 < mn ? min64(nb, mn - j0) : 0;
        cl_int err = clEnqueueWriteBuffer(j->q, j->piv, CL_FALSE, (size_t)k * sizeof(cl_long),
                                          (size_t)kb * sizeof(cl_long), ipiv + k, 0, NULL,
                                          next_event(j, 0));
        if (err != CL_SUCCESS) {
            j->nev--;
            return cl_failed(j, "write to the device", err);
        }
        if ((s = xfer(j, buf, h, k, k, m - k, kb, pw, h->col ? m - k : kb, 1, CL_FALSE, NULL)) ||
            (s = dev_swap(j, a, n, k, j0, k, j0, 0)) ||
            (s = update(j, a, m, k, kb, j0, j0 + next)))
            return s;
        /* pw is free again once the write above ran: the in-order queue runs the read
         * after it, and the host touches pw only after the read's event */
        if (next > 0 && (s = read_panel(j, h, buf, j0, next, pw, &ev)))
            return s;
        if ((s = update(j, a, m, k, kb, j0 + next, n)))
            return s;
        clFlush(j->q);
        if (next > 0) {
            if ((s = wait_panel(j, ev)))
                return s;
            int64_t pinfo = factor_panel(j, h, j0, next, pw, ipiv);
            if (*info == 0)
                *info = pinfo;
        }
    }
    return BASIS_OK;
}

/* ---- one call --------------------------------------------------------------------------- */

typedef enum lu_op { OP_GETRF, OP_GETRS, OP_GESV, OP_GETRI } lu_op;

typedef struct lu_req {
    lu_op op;
    int elem, trans;
    int64_t m, n, nrhs;
    void *a;
    int64_t rs, cs;
    int64_t *ipiv; /* read only for getrs and getri */
    void *b;
    int64_t rsb, csb;
    int64_t *info;
} lu_req;

static basis_status make_kernel(lu_job *j, cl_program prog, const char *name, cl_kernel *out)
{
    cl_int err;
    *out = clCreateKernel(prog, name, &err);
    if (!*out || err != CL_SUCCESS) {
        *out = NULL;
        return cl_failed(j, name, err);
    }
    return BASIS_OK;
}

/* Block size, the solve's work-group and the GEMM parameters for this device; the
 * programs and kernels. */
static void prepare(lu_job *j)
{
    const basis_cl_device_info *info = basis_cl_info(j->dev);
    j->nb = info->is_gpu ? NB_GPU : NB_CPU;
    j->tw = TW_MAX;
    while (j->tw > 1 && ((info->max_work_group > 0 && j->tw > info->max_work_group) ||
                         (info->local_mem_bytes > 0 &&
                          j->nb * j->tw * j->elem > info->local_mem_bytes / 2)))
        j->tw /= 2;
    basis_cl_gemm_params_get(info, j->elem, &j->prm);
}

static basis_status build(lu_job *j)
{
    char options[512];
    cl_program lu, gemm;
    basis_status s;
    snprintf(options, sizeof options, "-DPRECISION=%d -DNB=%lld -DTW=%d", j->elem * 8,
             (long long)j->nb, j->tw);
    if ((s = basis_cl_program(j->fn, j->dev, "lu", options, &lu)))
        return s;
    basis_cl_gemm_options(&j->prm, j->elem, options, sizeof options);
    if ((s = basis_cl_program(j->fn, j->dev, "gemm", options, &gemm)) ||
        (s = make_kernel(j, lu, "lu_laswp", &j->swap)) ||
        (s = make_kernel(j, lu, "lu_trsm_block", &j->trsm)) ||
        (s = make_kernel(j, lu, "lu_identity", &j->ident)) ||
        (s = make_kernel(j, gemm, "gemm_pack", &j->pack)) ||
        (s = make_kernel(j, gemm, "gemm_tiled", &j->tiled)))
        return s;
    return make_kernel(j, gemm, "gemm_direct", &j->direct);
}

static basis_status run(lu_job *j, const lu_req *r)
{
    const basis_cl_device_info *info = basis_cl_info(j->dev);
    if (r->elem == 8 && !info->fp64)
        return basis_fail(BASIS_ERR_BACKEND, "%s: the OpenCL device %s has no double precision "
                          "(cl_khr_fp64); run it on auto or a CPU backend, or in float",
                          j->fn, info->name);
    int64_t m = r->m, n = r->n, nrhs = r->op == OP_GETRI ? n : r->nrhs, mn = min64(m, n);
    if (m > INT_MAX / 2 || n > INT_MAX / 2 || nrhs > INT_MAX / 2)
        return basis_fail(BASIS_ERR_DEVICE, "%s: m = %lld, n = %lld, nrhs = %lld exceed what "
                          "the OpenCL kernels index (2^30 per dimension)", j->fn, (long long)m,
                          (long long)n, (long long)nrhs);
    prepare(j);
    int with_b = r->op != OP_GETRF && nrhs > 0;
    int64_t e = r->elem, big = m > n ? m : n;
    big = big > nrhs ? big : nrhs;
    int64_t kp = round_up(j->nb, j->prm.kwg);
    int64_t bytes[MAX_MEM] = {m * n * e, mn * (int64_t)sizeof(cl_long), with_b ? n * nrhs * e : 0,
                              round_up(big, j->prm.mwg) * kp * e,
                              round_up(big, j->prm.nwg) * kp * e};
    static const char *const names[MAX_MEM] = {"A", "the pivots", "B", "the packed GEMM operand A",
                                               "the packed GEMM operand B"};
    basis_status s = basis_cl_check_fit(j->fn, j->dev, bytes, names, MAX_MEM,
                                        "the matrices of the LU");
    if (s || (s = build(j)))
        return s;

    hmat ha, hb;
    describe(&ha, m, n, r->rs, r->cs);
    cl_mem da, dp, db = NULL;
    if ((s = new_buffer(j, bytes[0], &da)) || (s = new_buffer(j, bytes[1], &dp)) ||
        (s = new_buffer(j, bytes[3], &j->pa)) || (s = new_buffer(j, bytes[4], &j->pb)) ||
        (with_b && (s = new_buffer(j, bytes[2], &db))))
        return s;
    j->piv = dp;
    if ((s = xfer(j, da, &ha, 0, 0, m, n, r->a, ha.ld, 1, CL_FALSE, NULL)))
        return s;
    if (r->op == OP_GETRS || r->op == OP_GETRI) {
        cl_int err = clEnqueueWriteBuffer(j->q, dp, CL_FALSE, 0, (size_t)bytes[1], r->ipiv, 0,
                                          NULL, next_event(j, 0));
        if (err != CL_SUCCESS) {
            j->nev--;
            return cl_failed(j, "write to the device", err);
        }
    }
    dview a = device_view(&ha, da);
    if (r->op == OP_GETRF || r->op == OP_GESV) {
        /* one panel of host memory, the only host workspace */
        void *pw = basis_alloc((size_t)m * (size_t)j->nb * (size_t)e);
        if (!pw)
            return basis_fail(BASIS_ERR_NO_MEMORY, "%s: could not allocate the %lld x %lld "
                              "panel workspace", j->fn, (long long)m, (long long)j->nb);
        s = dev_getrf(j, &ha, da, r->ipiv, pw, r->info);
        if (s == BASIS_OK)
            s = xfer(j, da, &ha, 0, 0, m, n, r->a, ha.ld, 0, CL_TRUE, NULL);
        settle(j); /* the queue may still read or write pw */
        basis_free(pw);
        if (s != BASIS_OK)
            return s;
        if (r->op == OP_GETRF || *r->info > 0 || nrhs == 0)
            return BASIS_OK;
    }
    if (r->op == OP_GETRI) {
        /* X = inv(A) solves A X = I: B is I in A's layout, read back into a */
        hb = ha;
        dview b = device_view(&hb, db);
        cl_long ln = n, rs = b.rs, cs = b.cs;
        const arg args[] = {{sizeof ln, &ln}, {sizeof db, &db}, {sizeof rs, &rs},
                            {sizeof cs, &cs}};
        size_t global[2] = {(size_t)round_up(n, 8), (size_t)round_up(n, 8)};
        if ((s = launch(j, j->ident, "lu_identity", args, 4, 2, global, NULL)) ||
            (s = dev_getrs(j, 0, n, n, a, b)))
            return s;
        return xfer(j, db, &hb, 0, 0, n, n, r->a, ha.ld, 0, CL_TRUE, NULL);
    }
    describe(&hb, n, nrhs, r->rsb, r->csb);
    dview b = device_view(&hb, db);
    if ((s = xfer(j, db, &hb, 0, 0, n, nrhs, r->b, hb.ld, 1, CL_FALSE, NULL)) ||
        (s = dev_getrs(j, r->trans, n, nrhs, a, b)))
        return s;
    return xfer(j, db, &hb, 0, 0, n, nrhs, r->b, hb.ld, 0, CL_TRUE, NULL);
}

static basis_status lu_call(const basis_call *call, const char *fn, const lu_req *r)
{
    basis_cl_call *cur = basis_cl_current();
    lu_job j;
    memset(&j, 0, sizeof j);
    j.fn = fn;
    j.call = call;
    j.elem = r->elem;
    basis_status s = basis_cl_acquire(fn, cur->platform, cur->device, &j.dev);
    if (s != BASIS_OK)
        return s;
    j.q = basis_cl_queue(j.dev);
    s = run(&j, r);
    settle(&j);
    cl_kernel ks[] = {j.swap, j.trsm, j.ident, j.pack, j.tiled, j.direct};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++)
        if (ks[i])
            clReleaseKernel(ks[i]);
    for (int i = 0; i < j.nmem; i++)
        clReleaseMemObject(j.mem[i]);
    basis_log("%s: opencl LU on %s, nb %lld, kernels %.3f ms, transfers %.3f ms", fn,
              basis_cl_info(j.dev)->name, (long long)j.nb, j.kernel_s * 1e3,
              j.transfer_s * 1e3);
    basis_cl_release(j.dev);
    cur->kernel_seconds += j.kernel_s;
    cur->transfer_seconds += j.transfer_s;
    return s;
}

/* ---- entry points (host/lu.c, host/inverse.c) ------------------------------------------ */

basis_status basis_cl_getrf(const basis_call *call, const char *fn, int elem, int64_t m,
                            int64_t n, void *a, int64_t rs, int64_t cs, int64_t *ipiv,
                            int64_t *info)
{
    *info = 0;
    lu_req r = {OP_GETRF, elem, 0, m, n, 0, a, rs, cs, ipiv, NULL, 0, 0, info};
    return lu_call(call, fn, &r);
}

basis_status basis_cl_getrs(const basis_call *call, const char *fn, int elem, int trans,
                            int64_t n, int64_t nrhs, const void *lu, int64_t rs, int64_t cs,
                            const int64_t *ipiv, void *b, int64_t rsb, int64_t csb)
{
    /* A and ipiv are only read: the request's pointers are shared with getrf's */
    lu_req r = {OP_GETRS, elem, trans, n, n, nrhs, (void *)lu, rs, cs, (int64_t *)ipiv, b,
                rsb, csb, NULL};
    return lu_call(call, fn, &r);
}

basis_status basis_cl_gesv(const basis_call *call, const char *fn, int elem, int64_t n,
                           int64_t nrhs, void *a, int64_t rs, int64_t cs, int64_t *ipiv, void *b,
                           int64_t rsb, int64_t csb, int64_t *info)
{
    *info = 0;
    lu_req r = {OP_GESV, elem, 0, n, n, nrhs, a, rs, cs, ipiv, b, rsb, csb, info};
    return lu_call(call, fn, &r);
}

basis_status basis_cl_getri(const basis_call *call, const char *fn, int elem, int64_t n,
                            void *a, int64_t rs, int64_t cs, const int64_t *ipiv)
{
    lu_req r = {OP_GETRI, elem, 0, n, n, n, a, rs, cs, (int64_t *)ipiv, NULL, 0, 0, NULL};
    return lu_call(call, fn, &r);
}
