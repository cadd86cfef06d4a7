/* lu_blocked.h: the blocked LU family on validated strided operands: getrf, laswp, TRSM, getrs, getri, gecon, 1-norm. */
#ifndef BASIS_HOST_LU_BLOCKED_H
#define BASIS_HOST_LU_BLOCKED_H

#include "internal.h"

/* Matrices are (pointer to element (0,0), row stride rs, column stride cs) as in ukernel.h,
 * so row and column major, and transposes (swapped strides), share one code path.
 * Nothing here fails: the GEMM falls back to the target's strided kernel when its packing
 * buffers cannot be allocated, and workspaces are the caller's, allocated before any
 * output is touched. "threads" is the most threads a routine may use; inside an enclosing
 * OpenMP parallel region every routine runs on the calling thread only. */

/* C := alpha A B + beta C through basis_?gemm_run, or call->k->?gemm if that cannot get
 * its packing buffers. */
void basis_sgemm_sure(const basis_call *call, int64_t m, int64_t n, int64_t k, float alpha,
                      const float *a, int64_t rsa, int64_t csa, const float *b, int64_t rsb,
                      int64_t csb, float beta, float *c, int64_t rsc, int64_t csc);
void basis_dgemm_sure(const basis_call *call, int64_t m, int64_t n, int64_t k, double alpha,
                      const double *a, int64_t rsa, int64_t csa, const double *b, int64_t rsb,
                      int64_t csb, double beta, double *c, int64_t rsc, int64_t csc);

/* Row interchanges on ncols columns of a: for i = k1 .. k2-1 (backward: k2-1 down to k1)
 * swap rows i and ipiv[i]. Each column (or each block of a row-major row) takes all its
 * swaps while it is in cache. */
void basis_slaswp(int64_t ncols, float *a, int64_t rs, int64_t cs, int64_t k1, int64_t k2,
                  const int64_t *ipiv, int backward, int threads);
void basis_dlaswp(int64_t ncols, double *a, int64_t rs, int64_t cs, int64_t k1, int64_t k2,
                  const int64_t *ipiv, int backward, int threads);

/* B := alpha inv(T) B. T is n x n, lower or upper triangular (strides rst, cst), unit:
 * its diagonal is taken as 1 and not read; B is n x nrhs (rsb, csb). The other TRSM cases
 * are this call with swapped strides: op(T) = T^T swaps T's strides and flips lower/upper;
 * X op(T) = B is op(T)^T X^T = B^T. Recursive halving puts all but the small diagonal
 * blocks on the GEMM; many right-hand sides are split across threads. */
void basis_strsm_left(const basis_call *call, int lower, int unit, int64_t n, int64_t nrhs,
                      float alpha, const float *t, int64_t rst, int64_t cst, float *b,
                      int64_t rsb, int64_t csb);
void basis_dtrsm_left(const basis_call *call, int lower, int unit, int64_t n, int64_t nrhs,
                      double alpha, const double *t, int64_t rst, int64_t cst, double *b,
                      int64_t rsb, int64_t csb);

/* Columns above which getrf first halves the matrix (getrf_blocked_?.c says why): 2048,
 * or what a test set with basis_lu_test_top_cols (cols > 0; 0 restores 2048). TEST-ONLY
 * setter: it lets the halving run on matrices small enough for every backend's tests. */
int64_t basis_lu_top_cols(void);
void basis_lu_test_top_cols(int64_t cols);

/* P A = L U of the m x n A in place, pivots ipiv[0 .. min(m,n)) 0-based and global.
 * Returns 0 or the 1-based index of the first exactly zero pivot; the factorization is
 * completed either way (LAPACK semantics). Without unit row stride, each panel is factored
 * in a column-major copy (m x 128, allocated here; without memory, in place and slower). */
int64_t basis_sgetrf_blocked(const basis_call *call, int64_t m, int64_t n, float *a,
                             int64_t rs, int64_t cs, int64_t *ipiv);
int64_t basis_dgetrf_blocked(const basis_call *call, int64_t m, int64_t n, double *a,
                             int64_t rs, int64_t cs, int64_t *ipiv);

/* op(A) X = B in place in B (n x nrhs) from getrf's factors; no pivot may be zero. */
void basis_sgetrs_blocked(const basis_call *call, int trans, int64_t n, int64_t nrhs,
                          const float *lu, int64_t rs, int64_t cs, const int64_t *ipiv,
                          float *b, int64_t rsb, int64_t csb);
void basis_dgetrs_blocked(const basis_call *call, int trans, int64_t n, int64_t nrhs,
                          const double *lu, int64_t rs, int64_t cs, const int64_t *ipiv,
                          double *b, int64_t rsb, int64_t csb);

/* A := inv(A) in place from getrf's factors (no pivot zero), as LAPACK's getri: inv(U) in
 * place, then inv(A) L = inv(U) by column blocks, then the column interchanges. work has
 * basis_getri_work(n) entries: n x (one column block), never n x n. */
int64_t basis_getri_work(int64_t n);
void basis_sgetri_blocked(const basis_call *call, int64_t n, float *a, int64_t rs, int64_t cs,
                          const int64_t *ipiv, float *work);
void basis_dgetri_blocked(const basis_call *call, int64_t n, double *a, int64_t rs, int64_t cs,
                          const int64_t *ipiv, double *work);

/* max_j sum_i |a(i,j)| of an m x n matrix; NaN in A gives NaN. */
float basis_snorm1_strided(int64_t m, int64_t n, const float *a, int64_t rs, int64_t cs);
double basis_dnorm1_strided(int64_t m, int64_t n, const double *a, int64_t rs, int64_t cs);

/* Reciprocal 1-norm condition number estimate from getrf's n x n factors and anorm =
 * ||A||_1 of the original matrix (LAPACK's ?gecon with ?lacn2). work: 2n values, isgn: n.
 * 0 when a pivot is zero or a solve overflows; 1 for n = 0; 0 for anorm = 0. */
float basis_sgecon_lu(const basis_call *call, int64_t n, const float *lu, int64_t rs,
                      int64_t cs, float anorm, float *work, int64_t *isgn);
double basis_dgecon_lu(const basis_call *call, int64_t n, const double *lu, int64_t rs,
                       int64_t cs, double anorm, double *work, int64_t *isgn);

#endif /* BASIS_HOST_LU_BLOCKED_H */
