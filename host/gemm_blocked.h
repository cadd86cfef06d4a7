/* gemm_blocked.h: the cache-blocked, packed, threaded GEMM driver around a target's microkernel. */
#ifndef BASIS_HOST_GEMM_BLOCKED_H
#define BASIS_HOST_GEMM_BLOCKED_H

#include "internal.h"

/* Block sizes for an mr x nr microkernel on elem-byte data: kc so that the slivers the
 * rule names (BASIS_BLOCK_*, kernels/ukernel.h) stay in L1, mc so that the mc x kc block of
 * A stays in L2, nc so that the kc x nc panel of B stays in a share of L3. */
typedef struct basis_gemm_blocking {
    int64_t mc, kc, nc;
} basis_gemm_blocking;

basis_gemm_blocking basis_gemm_blocks(int mr, int nr, size_t elem, int rule);

/* Fits bs->nc and bs->kc to one problem: passes of equal width over cols columns and of
 * equal depth over k, nc a multiple of nr and kc of 8 (see gemm_blocking.c). */
void basis_gemm_fit(basis_gemm_blocking *bs, int nr, int64_t cols, int64_t k);

/* Turns a problem with row-major C around (C^T = B^T A^T) so that C has unit row stride, as
 * the kernels want: swaps the operands, their strides, and m with n. Returns 0, changing
 * nothing, when C has neither unit stride. */
static inline int basis_gemm_orient(const void **a, int64_t *rsa, int64_t *csa, const void **b,
                                    int64_t *rsb, int64_t *csb, int64_t *m, int64_t *n,
                                    int64_t *rsc, int64_t *csc)
{
    if (*rsc == 1)
        return 1;
    if (*csc != 1)
        return 0;
    const void *t = *a;
    int64_t tm = *m, trs = *rsa, tcs = *csa;
    *a = *b, *rsa = *csb, *csa = *rsb;
    *b = t, *rsb = tcs, *csb = trs;
    *m = *n, *n = tm;
    *csc = *rsc, *rsc = 1;
    return 1;
}

/* How many threads a GEMM of this size should use out of `threads`: one inside an
 * enclosing parallel region (no oversubscription), one for problems too small to repay
 * waking a thread. */
int basis_gemm_threads(int threads, int64_t m, int64_t n, int64_t k);

/* Whether a GEMM should skip packing: small problems, where packing costs as much as the
 * arithmetic, and skinny ones, where a packed panel would be used too few times; backend
 * is the target whose small kernel would run (their crossovers differ). */
int basis_gemm_use_direct(basis_backend backend, int64_t m, int64_t n, int64_t k);

/* The no-packing path: the target's small kernel on cache-sized blocks of the operands
 * read in place. Returns 0, having done nothing, when the operands' strides do not suit
 * it (neither A nor C, after turning a row-major C around, has unit row stride). */
int basis_sgemm_direct(const basis_call *call, int64_t m, int64_t n, int64_t k, float alpha,
                       const float *a, int64_t rsa, int64_t csa, const float *b, int64_t rsb,
                       int64_t csb, float beta, float *c, int64_t rsc, int64_t csc);
int basis_dgemm_direct(const basis_call *call, int64_t m, int64_t n, int64_t k, double alpha,
                       const double *a, int64_t rsa, int64_t csa, const double *b, int64_t rsb,
                       int64_t csb, double beta, double *c, int64_t rsc, int64_t csc);

/* C := alpha A B + beta C with the strided arguments of basis_?gemm_fn, through call->k's
 * microkernel. Fails only with BASIS_ERR_NO_MEMORY (packing buffers), C untouched then. */
basis_status basis_sgemm_blocked(const basis_call *call, int64_t m, int64_t n, int64_t k,
                                 float alpha, const float *a, int64_t rsa, int64_t csa,
                                 const float *b, int64_t rsb, int64_t csb, float beta,
                                 float *c, int64_t rsc, int64_t csc);
basis_status basis_dgemm_blocked(const basis_call *call, int64_t m, int64_t n, int64_t k,
                                 double alpha, const double *a, int64_t rsa, int64_t csa,
                                 const double *b, int64_t rsb, int64_t csb, double beta,
                                 double *c, int64_t rsc, int64_t csc);

/* The GEMM every host algorithm (LU, einsum, ...) calls on already-validated strided
 * operands: the blocked driver when the call's target has a microkernel, else the target's
 * strided kernel. Fails only with BASIS_ERR_NO_MEMORY, C untouched then. */
basis_status basis_sgemm_run(const basis_call *call, int64_t m, int64_t n, int64_t k,
                             float alpha, const float *a, int64_t rsa, int64_t csa,
                             const float *b, int64_t rsb, int64_t csb, float beta, float *c,
                             int64_t rsc, int64_t csc);
basis_status basis_dgemm_run(const basis_call *call, int64_t m, int64_t n, int64_t k,
                             double alpha, const double *a, int64_t rsa, int64_t csa,
                             const double *b, int64_t rsb, int64_t csb, double beta, double *c,
                             int64_t rsc, int64_t csc);

#endif /* BASIS_HOST_GEMM_BLOCKED_H */
