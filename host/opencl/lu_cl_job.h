/* lu_cl_job.h: one LU job on an OpenCL device (its buffers, kernels and events) and the device operations on it, shared by lu_cl.c, lu_cl_ops.c and lu_cl_resident.c. */
#ifndef BASIS_HOST_OPENCL_LU_CL_JOB_H
#define BASIS_HOST_OPENCL_LU_CL_JOB_H

#include <stdint.h>

#include "opencl/opencl.h"

enum { NB_GPU = 128, NB_CPU = 64, TW_MAX = 32 };

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
    basis_cl_job cl; /* device, queue, buffers, kernels, seconds (opencl.h) */
    const basis_call *call;
    int elem;
    int64_t nb;
    int tw;
    basis_cl_gemm_params prm;
    cl_mem pa, pb, piv; /* the packed GEMM operands, the pivots */
    cl_kernel swap, trsm, ident, pack, tiled, direct;
} lu_job;

static inline int64_t round_up(int64_t v, int64_t to)
{
    return (v + to - 1) / to * to;
}

static inline int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static inline dview sub(dview v, int64_t i, int64_t j)
{
    return (dview){v.buf, v.off + i * v.rs + j * v.cs, v.rs, v.cs};
}

static inline dview transposed(dview v)
{
    return (dview){v.buf, v.off, v.cs, v.rs};
}

static inline void describe(hmat *h, int64_t rows, int64_t cols, int64_t rs, int64_t cs)
{
    h->rows = rows;
    h->cols = cols;
    h->col = rs == 1 && (cols == 1 || cs >= rows);
    h->ld = h->col ? (cols == 1 ? rows : cs) : (rows == 1 ? cols : rs);
}

/* The compact device copy of h. */
static inline dview device_view(const hmat *h, cl_mem buf)
{
    return (dview){buf, 0, h->col ? 1 : h->cols, h->col ? h->rows : 1};
}

/* ---- the job (lu_cl_ops.c) ----------------------------------------------------------------
 * A job holds its device locked from start to finish; every OpenCL error is
 * BASIS_ERR_DEVICE naming fn and the call; the profiled times of its events go into
 * kernel_s and transfer_s, and finish adds them to the thread's basis_cl_call. */
basis_status basis_cl_lu_start(lu_job *j, const basis_call *call, const char *fn, int elem);
/* Waits for the queue, frees what the job made, unlocks the device, records the times;
 * returns s, or when that is OK, the failure of a command on the device (job_end). */
basis_status basis_cl_lu_finish(lu_job *j, basis_status s);
/* A device problem of m x n with nrhs right-hand sides fits the kernels' indexing and the
 * precision (fp64). */
basis_status basis_cl_lu_check_device(lu_job *j, int64_t m, int64_t n, int64_t nrhs);
/* Block size, the solve's work-group and the GEMM parameters for this device. */
void basis_cl_lu_prepare(lu_job *j);
/* The lu and gemm programs and the job's kernels. */
basis_status basis_cl_lu_build(lu_job *j);
/* Rows [r0, r0+nr) x columns [c0, c0+nc) of the compact device copy of d, to (write) or
 * from host memory in d's layout with leading dimension hld. ev: the caller's event
 * (released by the caller), else one of the job's. */
basis_status basis_cl_lu_xfer(lu_job *j, cl_mem buf, const hmat *d, int64_t r0, int64_t c0,
                              int64_t nr, int64_t nc, void *host, int64_t hld, int write,
                              cl_bool blocking, cl_event *ev);
/* The first n pivots into the job's pivot buffer. */
basis_status basis_cl_lu_write_pivots(lu_job *j, const int64_t *ipiv, int64_t n);

/* ---- the device operations (lu_cl_ops.c) -------------------------------------------------- */
/* Rows k1 .. k2-1 swapped with their pivots (the device's copy) in columns [0, ncols)
 * outside [skip0, skip1); backward undoes them. */
basis_status basis_cl_lu_swap(lu_job *j, dview a, int64_t ncols, int64_t k1, int64_t k2,
                              int64_t skip0, int64_t skip1, int backward);
/* B := inv(T) B for one diagonal block: T kb x kb (kb <= nb), B kb x w. */
basis_status basis_cl_lu_trsm_block(lu_job *j, int lower, int unit, int64_t kb, int64_t w,
                                    dview t, dview b);
/* C := alpha A B + beta C: C m x n, A m x k, B k x n (k <= nb); beta 0 never reads C. */
basis_status basis_cl_lu_gemm(lu_job *j, int64_t m, int64_t n, int64_t k, double alpha,
                              dview a, dview b, double beta, dview c);
/* B := inv(T) B, T n x n lower or upper, B n x w. */
basis_status basis_cl_lu_trsm(lu_job *j, int lower, int unit, int64_t n, int64_t w, dview t,
                              dview b);
/* op(A) X = B from the factors in a (n x n) and the pivots on the device, rows i and
 * ipiv[i] swapped for i < swaps (n; n - 1 for getri, which ignores the last as LAPACK's). */
basis_status basis_cl_lu_getrs(lu_job *j, int trans, int64_t n, int64_t nrhs, int64_t swaps,
                               dview a, dview b);

#endif /* BASIS_HOST_OPENCL_LU_CL_JOB_H */
