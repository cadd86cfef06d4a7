/* gemm_cl.c: s/d GEMM on an OpenCL device: one canonical column-major problem from any layout and transpose, memory checks before allocating, transfers, the packed tiled path or the direct kernel, and the call's timing. */
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "opencl/opencl.h"

/* A matrix as stored: `outer` runs of `inner` contiguous elements, ld apart. */
typedef struct stored {
    const void *p;
    int64_t rows, cols;   /* of the operand as the product sees it */
    int64_t rs, cs;       /* host strides */
    int64_t inner, outer, ld;
    int64_t drs, dcs;     /* strides in the compact device copy */
} stored;

/* One of rs, cs is 1 (basis_strides); a single row or column may report either. */
static void describe(stored *s, const void *p, int64_t rows, int64_t cols, int64_t rs,
                     int64_t cs)
{
    s->p = p;
    s->rows = rows;
    s->cols = cols;
    s->rs = rs;
    s->cs = cs;
    if (rs == 1 && (cols == 1 || cs >= rows)) { /* columns are contiguous */
        s->inner = rows;
        s->outer = cols;
        s->ld = cols == 1 ? rows : cs;
        s->drs = 1;
        s->dcs = rows;
    } else { /* rows are contiguous */
        s->inner = cols;
        s->outer = rows;
        s->ld = rows == 1 ? cols : rs;
        s->drs = cols;
        s->dcs = 1;
    }
}

static int64_t round_up(int64_t v, int64_t to)
{
    return (v + to - 1) / to * to;
}

static _Atomic int force_path; /* test hook: 0 by size, 1 direct, 2 tiled */

void basis_cl_test_force_path(int path)
{
    atomic_store(&force_path, path);
}

typedef struct job {
    basis_cl_job cl; /* device, queue, buffers, kernels, events, seconds (opencl.h) */
    int c_touched;   /* the read into the caller's C has begun */
} job;

/* The stored operand into a compact device buffer (ld == inner). */
static basis_status upload(job *j, const stored *s, int elem, cl_mem *out)
{
    int64_t bytes = s->inner * s->outer * elem;
    basis_status st = basis_cl_job_buffer(&j->cl, bytes, NULL, out);
    if (st != BASIS_OK)
        return st;
    cl_int err;
    if (s->ld == s->inner || s->outer == 1) {
        err = clEnqueueWriteBuffer(j->cl.q, *out, CL_FALSE, 0, (size_t)bytes, s->p, 0, NULL,
                                   basis_cl_job_event(&j->cl, 0));
    } else {
        size_t zero[3] = {0, 0, 0}, region[3] = {(size_t)(s->inner * elem), (size_t)s->outer, 1};
        err = clEnqueueWriteBufferRect(j->cl.q, *out, CL_FALSE, zero, zero, region,
                                       (size_t)(s->inner * elem), 0, (size_t)(s->ld * elem), 0,
                                       s->p, 0, NULL, basis_cl_job_event(&j->cl, 0));
    }
    if (err != CL_SUCCESS) {
        j->cl.nev--;
        return basis_cl_job_failed(&j->cl, "write to the device", err);
    }
    return BASIS_OK;
}

/* C := alpha A B + beta C with C column major. swapped: the caller's C is row major and
 * this is its transpose (A and B, m and n exchanged), which the messages undo so that they
 * name the caller's arguments. */
static basis_status run(job *j, int elem, int64_t m, int64_t n, int64_t k, double alpha,
                        stored *A, stored *B, double beta, stored *C, int swapped)
{
    long long cm = swapped ? n : m, cn = swapped ? m : n;
    basis_status s = basis_cl_check_precision(j->cl.fn, j->cl.dev, elem);
    if (s != BASIS_OK)
        return s;
    const basis_cl_device_info *info = basis_cl_info(j->cl.dev);
    basis_cl_gemm_params prm;
    basis_cl_gemm_params_get(info, elem, &prm);
    int scale_only = alpha == 0.0 || k == 0;
    int forced = atomic_load(&force_path);
    int direct = scale_only || (forced ? forced == 1
                                       : 2.0 * (double)m * (double)n * (double)k < prm.direct_below);
    int64_t mp = round_up(m, prm.mwg), np = round_up(n, prm.nwg), kp = round_up(k, prm.kwg);

    /* the kernels index with int: refuse what they cannot address */
    if (mp > INT_MAX / 2 || np > INT_MAX / 2 || (!scale_only && kp > INT_MAX / 2))
        return basis_fail(BASIS_ERR_DEVICE, "%s: m = %lld, n = %lld, k = %lld exceed what the "
                          "OpenCL kernels index (2^30 per dimension)", j->cl.fn, cm, cn,
                          (long long)k);
    /* the packed panels: up to 2^30 x 2^30 elements each, whose bytes may pass int64 */
    int64_t packed_a = 0, packed_b = 0;
    if (!direct && (__builtin_mul_overflow(mp * elem, kp, &packed_a) ||
                    __builtin_mul_overflow(np * elem, kp, &packed_b)))
        return basis_fail(BASIS_ERR_DEVICE, "%s: m = %lld, n = %lld, k = %lld make packed "
                          "panels beyond what any device buffer holds (nothing was written)",
                          j->cl.fn, cm, cn, (long long)k);
    int64_t bytes[5] = {scale_only ? 0 : A->inner * A->outer * elem,
                        scale_only ? 0 : B->inner * B->outer * elem, m * n * elem, packed_a,
                        packed_b};
    static const char *const names[2][5] = {{"A", "B", "C", "packed A", "packed B"},
                                            {"B", "A", "C", "packed B", "packed A"}};
    s = basis_cl_check_fit(j->cl.fn, j->cl.dev, bytes, names[swapped], 5, "the product");
    if (s != BASIS_OK)
        return s;

    char options[512];
    basis_cl_gemm_options(&prm, elem, options, sizeof options);
    cl_program prog;
    s = basis_cl_program(j->cl.fn, j->cl.dev, "gemm", options, &prog);
    if (s != BASIS_OK)
        return s;

    cl_mem da = NULL, db = NULL, dc = NULL, pa = NULL, pb = NULL;
    if (!scale_only && ((s = upload(j, A, elem, &da)) || (s = upload(j, B, elem, &db))))
        return s;
    if (beta != 0.0)
        s = upload(j, C, elem, &dc);
    else
        s = basis_cl_job_buffer(&j->cl, bytes[2], NULL, &dc);
    if (s != BASIS_OK)
        return s;

    /* k = 0 or alpha = 0 only scale C: alpha is never multiplied in (Inf * 0 would be NaN) */
    basis_cl_real sa = basis_cl_as_real(scale_only ? 0.0 : alpha, elem),
                  sb = basis_cl_as_real(beta, elem);
    cl_int im = (cl_int)m, in = (cl_int)n, ik = scale_only ? 0 : (cl_int)k;
    cl_long zero = 0, ldc = m;
    if (direct) {
        cl_kernel kd = NULL;
        if ((s = basis_cl_job_kernel(&j->cl, prog, "gemm_direct", &kd)))
            return s;
        cl_long ars = A->drs, acs = A->dcs, brs = B->drs, bcs = B->dcs;
        const basis_cl_arg args[] = {{sizeof im, &im},   {sizeof in, &in},   {sizeof ik, &ik},
                            {(size_t)elem, &sa}, {sizeof da, &da},  {sizeof zero, &zero},
                            {sizeof ars, &ars}, {sizeof acs, &acs}, {sizeof db, &db},
                            {sizeof zero, &zero}, {sizeof brs, &brs}, {sizeof bcs, &bcs},
                            {(size_t)elem, &sb}, {sizeof dc, &dc},  {sizeof zero, &zero},
                            {sizeof ldc, &ldc}};
        int64_t bm = (int64_t)prm.dmdim * prm.dwm, bn = (int64_t)prm.dndim * prm.dwn;
        size_t gl[2] = {(size_t)((m + bm - 1) / bm * prm.dmdim),
                        (size_t)((n + bn - 1) / bn * prm.dndim)};
        size_t lo[2] = {(size_t)prm.dmdim, (size_t)prm.dndim};
        if ((s = basis_cl_job_launch(&j->cl, kd, "gemm_direct", args, 16, 2, gl, lo)))
            return s;
    } else {
        cl_kernel kpack = NULL, kt = NULL;
        if ((s = basis_cl_job_kernel(&j->cl, prog, "gemm_pack", &kpack)) ||
            (s = basis_cl_job_kernel(&j->cl, prog, "gemm_tiled", &kt)) ||
            (s = basis_cl_job_buffer(&j->cl, bytes[3], NULL, &pa)) ||
            (s = basis_cl_job_buffer(&j->cl, bytes[4], NULL, &pb)))
            return s;
        /* A as (i, p) panels of MWG rows; B as op(B)^T, (j, p) panels of NWG columns */
        cl_int imp = (cl_int)mp, inp = (cl_int)np, ikp = (cl_int)kp, tm = prm.mwg, tn = prm.nwg;
        cl_long ars = A->drs, acs = A->dcs, brs = B->dcs, bcs = B->drs;
        size_t lo[2];
        basis_cl_pack_group(info, lo);
        size_t ga[2] = {(size_t)round_up(mp, 8), (size_t)round_up(kp, 8)};
        size_t gb[2] = {(size_t)round_up(np, 8), (size_t)round_up(kp, 8)};
        const basis_cl_arg pack_a[] = {{sizeof im, &im},   {sizeof ik, &ik},   {sizeof imp, &imp},
                              {sizeof tm, &tm},   {sizeof ikp, &ikp}, {sizeof da, &da},
                              {sizeof zero, &zero}, {sizeof ars, &ars}, {sizeof acs, &acs},
                              {sizeof pa, &pa}};
        const basis_cl_arg pack_b[] = {{sizeof in, &in},   {sizeof ik, &ik},   {sizeof inp, &inp},
                              {sizeof tn, &tn},   {sizeof ikp, &ikp}, {sizeof db, &db},
                              {sizeof zero, &zero}, {sizeof brs, &brs}, {sizeof bcs, &bcs},
                              {sizeof pb, &pb}};
        if ((s = basis_cl_job_launch(&j->cl, kpack, "gemm_pack", pack_a, 10, 2, ga, lo)))
            return s;
        /* the second pack needs its own kernel object: arguments are per kernel object */
        cl_kernel kpack_b = NULL;
        if ((s = basis_cl_job_kernel(&j->cl, prog, "gemm_pack", &kpack_b)) ||
            (s = basis_cl_job_launch(&j->cl, kpack_b, "gemm_pack", pack_b, 10, 2, gb, lo)))
            return s;
        const basis_cl_arg targs[] = {{sizeof im, &im}, {sizeof in, &in},   {sizeof ikp, &ikp},
                             {(size_t)elem, &sa}, {sizeof pa, &pa}, {sizeof pb, &pb},
                             {(size_t)elem, &sb}, {sizeof dc, &dc}, {sizeof zero, &zero},
                             {sizeof ldc, &ldc}};
        size_t gt[2] = {(size_t)(mp / prm.mwg * prm.mdimc), (size_t)(np / prm.nwg * prm.ndimc)};
        size_t lt[2] = {(size_t)prm.mdimc, (size_t)prm.ndimc};
        if ((s = basis_cl_job_launch(&j->cl, kt, "gemm_tiled", targs, 10, 2, gt, lt)))
            return s;
    }

    /* C back into the caller's matrix: only the m x n entries, its padding untouched; a
     * command that failed on the device stops the call first, C as it was */
    if ((s = basis_cl_job_check(&j->cl)))
        return s;
    cl_int err;
    j->c_touched = 1;
    if (C->ld == C->inner || C->outer == 1) {
        err = clEnqueueReadBuffer(j->cl.q, dc, CL_TRUE, 0, (size_t)bytes[2], (void *)C->p, 0, NULL,
                                  basis_cl_job_event(&j->cl, 0));
    } else {
        size_t zero3[3] = {0, 0, 0}, region[3] = {(size_t)(C->inner * elem), (size_t)C->outer, 1};
        err = clEnqueueReadBufferRect(j->cl.q, dc, CL_TRUE, zero3, zero3, region,
                                      (size_t)(C->inner * elem), 0, (size_t)(C->ld * elem), 0,
                                      (void *)C->p, 0, NULL, basis_cl_job_event(&j->cl, 0));
    }
    if (err != CL_SUCCESS) {
        j->cl.nev--;
        return basis_cl_job_failed(&j->cl, "read from the device", err);
    }
    if ((s = basis_cl_job_check(&j->cl))) /* the read itself; and the times, for the log */
        return s;
    basis_log("%s: opencl %s path %lld x %lld x %lld, kernels %.3f ms, transfers %.3f ms "
              "(parameters: %s)", j->cl.fn, direct ? "direct" : "tiled", cm, cn, (long long)k,
              j->cl.kernel_s * 1e3, j->cl.transfer_s * 1e3, prm.source);
    return BASIS_OK;
}

static void gemm(int elem, int64_t m, int64_t n, int64_t k, double alpha, const void *a,
                 int64_t rsa, int64_t csa, const void *b, int64_t rsb, int64_t csb, double beta,
                 void *c, int64_t rsc, int64_t csc)
{
    basis_cl_call *cur = basis_cl_current();
    const char *fn = cur->fn ? cur->fn : (elem == 4 ? "basis_sgemm" : "basis_dgemm");
    stored A, B, C;
    describe(&C, c, m, n, rsc, csc);
    int swapped = C.drs != 1;
    if (!swapped) {
        describe(&A, a, m, k, rsa, csa);
        describe(&B, b, k, n, rsb, csb);
    } else {
        /* row-major C: compute C^T = op(B)^T op(A)^T, whose C is column major */
        int64_t t = m;
        m = n;
        n = t;
        describe(&C, c, m, n, csc, rsc);
        describe(&A, b, m, k, csb, rsb);
        describe(&B, a, k, n, csa, rsa);
    }
    job j;
    j.c_touched = 0;
    basis_status s = basis_cl_job_begin(&j.cl, fn);
    if (s == BASIS_OK) {
        s = run(&j, elem, m, n, k, alpha, &A, &B, beta, &C, swapped);
        s = basis_cl_job_end(&j.cl, s); /* drains the queue: nothing may still use the arrays */
    }
    if (cur->status == BASIS_OK)
        cur->status = s;
    cur->c_touched = j.c_touched;
}

void basis_cl_sgemm(int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t rsa,
                    int64_t csa, const float *b, int64_t rsb, int64_t csb, float beta, float *c,
                    int64_t rsc, int64_t csc)
{
    gemm(4, m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc);
}

void basis_cl_dgemm(int64_t m, int64_t n, int64_t k, double alpha, const double *a,
                    int64_t rsa, int64_t csa, const double *b, int64_t rsb, int64_t csb,
                    double beta, double *c, int64_t rsc, int64_t csc)
{
    gemm(8, m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc);
}
