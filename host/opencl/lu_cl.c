/* lu_cl.c: LU on an OpenCL device (getrf, getrs, gesv, getri for s and d): the blocked factorization, panels factored on the host by the CPU LU while the device runs the trailing update, and the public calls, built on lu_cl_ops.c's device operations. */
#include <string.h>

#include "cpu/cpu.h"
#include "lu_blocked.h"
#include "opencl/lu_cl_job.h"

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
 * device failure leaves the caller's A, B and pivots untouched unless one of the final
 * reads failed (the pivots are staged on the host and copied out on success; gesv reads
 * A's factors back only after B's solve). */

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
    return basis_cl_lu_xfer(j, buf, h, k, k, rows, kb, pw, h->col ? rows : kb, 0, CL_FALSE, ev);
}

static basis_status wait_panel(lu_job *j, cl_event ev)
{
    cl_int err = clWaitForEvents(1, &ev);
    basis_cl_job_account(&j->cl, ev, 0);
    if (err != CL_SUCCESS)
        return basis_cl_job_failed(&j->cl, "read of a panel", err);
    return j->cl.failed ? basis_cl_job_check(&j->cl) : BASIS_OK; /* the host factors it next */
}

/* Columns [c0, c1) after panel k: U12 := inv(L11) A12, A22 -= L21 U12 (the rows were
 * swapped already). */
static basis_status update(lu_job *j, dview a, int64_t m, int64_t k, int64_t kb, int64_t c0,
                           int64_t c1)
{
    basis_status s = basis_cl_lu_trsm_block(j, 1, 1, kb, c1 - c0, sub(a, k, k), sub(a, k, c0));
    if (s == BASIS_OK)
        s = basis_cl_lu_gemm(j, m - k - kb, c1 - c0, kb, -1.0, sub(a, k + kb, k),
                             sub(a, k, c0), 1.0, sub(a, k + kb, c0));
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
        cl_int err = clEnqueueWriteBuffer(j->cl.q, j->piv, CL_FALSE, (size_t)k * sizeof(cl_long),
                                          (size_t)kb * sizeof(cl_long), ipiv + k, 0, NULL,
                                          basis_cl_job_event(&j->cl, 0));
        if (err != CL_SUCCESS) {
            j->cl.nev--;
            return basis_cl_job_failed(&j->cl, "write to the device", err);
        }
        if ((s = basis_cl_lu_xfer(j, buf, h, k, k, m - k, kb, pw, h->col ? m - k : kb, 1,
                                  CL_FALSE, NULL)) ||
            (s = basis_cl_lu_swap(j, a, n, k, j0, k, j0, 0)) ||
            (s = update(j, a, m, k, kb, j0, j0 + next)))
            return s;
        /* pw is free again once the write above ran: the in-order queue runs the read
         * after it, and the host touches pw only after the read's event */
        if (next > 0 && (s = read_panel(j, h, buf, j0, next, pw, &ev)))
            return s;
        if ((s = update(j, a, m, k, kb, j0 + next, n))) {
            if (next > 0)
                clReleaseEvent(ev); /* the read's event is ours; the queue still finishes it */
            return s;
        }
        clFlush(j->cl.q);
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

/* The caller's A or B is about to be written: a command that failed on the device stops
 * the call first, with them as they were; from here on a failure is the call's status, and
 * AUTO may no longer run the op on the CPU instead (auto.c). */
static basis_status read_back_begins(lu_job *j)
{
    basis_status s = basis_cl_job_check(&j->cl);
    if (s == BASIS_OK)
        basis_cl_current()->c_touched = 1;
    return s;
}

/* gesv's solve with the factors on the device (da): B up, solved, back into a compact host
 * copy; then A's factors into the caller's A, and the copy into B. */
static basis_status solve_b(lu_job *j, const lu_req *r, const hmat *ha, cl_mem da, cl_mem db)
{
    int64_t n = r->n, nrhs = r->nrhs;
    size_t e = (size_t)r->elem;
    hmat hb;
    describe(&hb, n, nrhs, r->rsb, r->csb);
    dview a = device_view(ha, da), b = device_view(&hb, db);
    char *copy = basis_alloc((size_t)n * (size_t)nrhs * e);
    if (!copy)
        return basis_fail(BASIS_ERR_NO_MEMORY, "%s: could not allocate the %lld x %lld copy "
                          "of B", j->cl.fn, (long long)n, (long long)nrhs);
    /* the copy has B's layout with the inner extent as leading dimension */
    int64_t cld = hb.col ? n : nrhs;
    basis_status s;
    if (!(s = basis_cl_lu_xfer(j, db, &hb, 0, 0, n, nrhs, r->b, hb.ld, 1, CL_FALSE, NULL)) &&
        !(s = basis_cl_lu_getrs(j, 0, n, nrhs, n, a, b)) &&
        !(s = basis_cl_lu_xfer(j, db, &hb, 0, 0, n, nrhs, copy, cld, 0, CL_TRUE, NULL))) {
        if (!(s = read_back_begins(j)))
            s = basis_cl_lu_xfer(j, da, ha, 0, 0, n, n, r->a, ha->ld, 0, CL_TRUE, NULL);
    }
    if (s) {
        basis_cl_job_settle(&j->cl);
        basis_free(copy);
        return s;
    }
    int64_t inner = hb.col ? n : nrhs, outer = hb.col ? nrhs : n;
    for (int64_t o = 0; o < outer; o++)
        memcpy((char *)r->b + (size_t)(o * hb.ld) * e, copy + (size_t)(o * cld) * e,
               (size_t)inner * e);
    basis_free(copy);
    return BASIS_OK;
}

static basis_status run(lu_job *j, const lu_req *r)
{
    int64_t m = r->m, n = r->n, nrhs = r->op == OP_GETRI ? n : r->nrhs, mn = min64(m, n);
    basis_status s = basis_cl_lu_check_device(j, m, n, nrhs);
    if (s)
        return s;
    basis_cl_lu_prepare(j);
    int with_b = r->op != OP_GETRF && nrhs > 0;
    int64_t e = r->elem, big = m > n ? m : n;
    big = big > nrhs ? big : nrhs;
    int64_t kp = round_up(j->nb, j->prm.kwg);
    enum { NBUF = 5 };
    int64_t bytes[NBUF] = {m * n * e, mn * (int64_t)sizeof(cl_long), with_b ? n * nrhs * e : 0,
                           round_up(big, j->prm.mwg) * kp * e,
                           round_up(big, j->prm.nwg) * kp * e};
    static const char *const names[NBUF] = {"A", "the pivots", "B", "the packed GEMM operand A",
                                            "the packed GEMM operand B"};
    s = basis_cl_check_fit(j->cl.fn, j->cl.dev, bytes, names, NBUF, "the matrices of the LU");
    if (s || (s = basis_cl_lu_build(j)))
        return s;

    hmat ha, hb;
    describe(&ha, m, n, r->rs, r->cs);
    cl_mem da, dp, db = NULL;
    if ((s = basis_cl_job_buffer(&j->cl, bytes[0], NULL, &da)) ||
        (s = basis_cl_job_buffer(&j->cl, bytes[1], NULL, &dp)) ||
        (s = basis_cl_job_buffer(&j->cl, bytes[3], NULL, &j->pa)) ||
        (s = basis_cl_job_buffer(&j->cl, bytes[4], NULL, &j->pb)) ||
        (with_b && (s = basis_cl_job_buffer(&j->cl, bytes[2], NULL, &db))))
        return s;
    j->piv = dp;
    if ((s = basis_cl_lu_xfer(j, da, &ha, 0, 0, m, n, r->a, ha.ld, 1, CL_FALSE, NULL)))
        return s;
    if ((r->op == OP_GETRS || r->op == OP_GETRI) && (s = basis_cl_lu_write_pivots(j, r->ipiv, n)))
        return s;
    dview a = device_view(&ha, da);
    /* gesv writes nothing of the caller's until B's solve has succeeded: B comes back into
     * a host copy first, then A's factors, then the copy goes to B and the staged pivots
     * to ipiv, so a device error leaves A, B and ipiv as they were */
    if (r->op == OP_GETRF || r->op == OP_GESV) {
        /* one panel of host memory and the pivots, the only host workspace */
        void *pw = basis_alloc((size_t)m * (size_t)j->nb * (size_t)e);
        int64_t *piv = basis_alloc((size_t)mn * sizeof *piv);
        if (!pw || !piv) {
            basis_free(pw);
            basis_free(piv);
            return basis_fail(BASIS_ERR_NO_MEMORY, "%s: could not allocate the %lld x %lld "
                              "panel workspace", j->cl.fn, (long long)m, (long long)j->nb);
        }
        s = dev_getrf(j, &ha, da, piv, pw, r->info);
        int done = r->op == OP_GETRF || *r->info > 0 || nrhs == 0;
        if (s == BASIS_OK && done) {
            if (!(s = read_back_begins(j)))
                s = basis_cl_lu_xfer(j, da, &ha, 0, 0, m, n, r->a, ha.ld, 0, CL_TRUE, NULL);
        }
        basis_cl_job_settle(&j->cl); /* the queue may still read or write pw */
        basis_free(pw);
        if (s == BASIS_OK && !done)
            s = solve_b(j, r, &ha, da, db);
        if (s == BASIS_OK)
            memcpy(r->ipiv, piv, (size_t)mn * sizeof *piv);
        basis_free(piv);
        return s;
    }
    if (r->op == OP_GETRI) {
        /* X = inv(A) solves A X = I: B is I in A's layout, read back into a */
        hb = ha;
        dview b = device_view(&hb, db);
        cl_long ln = n, rs = b.rs, cs = b.cs;
        const basis_cl_arg args[] = {{sizeof ln, &ln}, {sizeof db, &db}, {sizeof rs, &rs},
                            {sizeof cs, &cs}};
        size_t global[2] = {(size_t)round_up(n, 8), (size_t)round_up(n, 8)};
        if ((s = basis_cl_job_launch(&j->cl, j->ident, "lu_identity", args, 4, 2, global, NULL)) ||
            (s = basis_cl_lu_getrs(j, 0, n, n, n - 1, a, b)))
            return s;
        if ((s = read_back_begins(j)))
            return s;
        return basis_cl_lu_xfer(j, db, &hb, 0, 0, n, n, r->a, ha.ld, 0, CL_TRUE, NULL);
    }
    describe(&hb, n, nrhs, r->rsb, r->csb);
    dview b = device_view(&hb, db);
    if ((s = basis_cl_lu_xfer(j, db, &hb, 0, 0, n, nrhs, r->b, hb.ld, 1, CL_FALSE, NULL)) ||
        (s = basis_cl_lu_getrs(j, r->trans, n, nrhs, n, a, b)))
        return s;
    if ((s = read_back_begins(j)))
        return s;
    return basis_cl_lu_xfer(j, db, &hb, 0, 0, n, nrhs, r->b, hb.ld, 0, CL_TRUE, NULL);
}

static basis_status lu_call(const basis_call *call, const char *fn, const lu_req *r)
{
    lu_job j;
    basis_status s = basis_cl_lu_start(&j, call, fn, r->elem);
    if (s != BASIS_OK)
        return s;
    return basis_cl_lu_finish(&j, run(&j, r));
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
