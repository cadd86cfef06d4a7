/* ukernel.h: the one signature of each compute kernel, with its contract; every ISA implements these. */
#ifndef BASIS_UKERNEL_H
#define BASIS_UKERNEL_H

#include <stdint.h>

/* Common contract of all kernels below.
 * - Arguments were validated by the host: sizes >= 0, pointers valid for the extent they
 *   describe. Kernels never fail, allocate, print or touch floating-point state.
 * - Strides are in elements and may be any non-zero value (negative too). A vector pointer
 *   points at logical element 0; element i lives at x[i * incx]. The host converts BLAS's
 *   "negative increment starts at the far end" convention before calling.
 * - A matrix is given by a pointer to element (0,0) and a row stride rs and column stride
 *   cs: element (i,j) lives at a[i*rs + j*cs]. Column major is (1, ld), row major (ld, 1),
 *   a transpose swaps them. So one kernel covers every layout and transpose.
 * - beta == 0 means the output is overwritten and never read (NaN/Inf there do not
 *   propagate). alpha == 0 means the inputs A, B, x are never read.
 * - Kernels may use bounded stack scratch (at most 16 KiB) and FMA contraction; results are
 *   held to the reference with scale-aware tolerances, not bit for bit. */

/* ---- level 1 ---------------------------------------------------------------------- */

/* sum_i x[i] y[i]; n == 0 gives 0. */
typedef float basis_sdot_fn(int64_t n, const float *x, int64_t incx, const float *y, int64_t incy);
typedef double basis_ddot_fn(int64_t n, const double *x, int64_t incx, const double *y,
                             int64_t incy);

/* sqrt(sum_i x[i]^2) with relative error O(n eps) and no spurious overflow or underflow
 * for any finite x (however it is achieved: scaling, a wider accumulator, a fallback pass);
 * Inf in x gives Inf, NaN gives NaN (NaN wins over Inf). */
typedef float basis_snrm2_fn(int64_t n, const float *x, int64_t incx);
typedef double basis_dnrm2_fn(int64_t n, const double *x, int64_t incx);

/* y := alpha x + y. alpha == 0 returns without reading x or writing y. */
typedef void basis_saxpy_fn(int64_t n, float alpha, const float *x, int64_t incx, float *y,
                            int64_t incy);
typedef void basis_daxpy_fn(int64_t n, double alpha, const double *x, int64_t incx, double *y,
                            int64_t incy);

/* x := alpha x. alpha == 0 writes zeros without reading x (BLAS 3.10 semantics differ on
 * NaN; basis chooses "overwrite", like beta == 0 elsewhere). */
typedef void basis_sscal_fn(int64_t n, float alpha, float *x, int64_t incx);
typedef void basis_dscal_fn(int64_t n, double alpha, double *x, int64_t incx);

/* ---- level 2 and 3 ------------------------------------------------------------------ */

/* y := alpha A x + beta y, A is m x n with strides (rsa, csa); x has n entries, y m.
 * n == 0 (like alpha == 0) gives y := beta y (0 when beta == 0). */
typedef void basis_sgemv_fn(int64_t m, int64_t n, float alpha, const float *a, int64_t rsa,
                            int64_t csa, const float *x, int64_t incx, float beta, float *y,
                            int64_t incy);
typedef void basis_dgemv_fn(int64_t m, int64_t n, double alpha, const double *a, int64_t rsa,
                            int64_t csa, const double *x, int64_t incx, double beta, double *y,
                            int64_t incy);

/* C := alpha A B + beta C; A m x k (rsa, csa), B k x n (rsb, csb), C m x n (rsc, csc).
 * k == 0 or alpha == 0 only scales C by beta (beta == 0: C := 0). */
typedef void basis_sgemm_fn(int64_t m, int64_t n, int64_t k, float alpha, const float *a,
                            int64_t rsa, int64_t csa, const float *b, int64_t rsb, int64_t csb,
                            float beta, float *c, int64_t rsc, int64_t csc);
typedef void basis_dgemm_fn(int64_t m, int64_t n, int64_t k, double alpha, const double *a,
                            int64_t rsa, int64_t csa, const double *b, int64_t rsb, int64_t csb,
                            double beta, double *c, int64_t rsc, int64_t csc);

/* ---- GEMM microkernel (the blocked driver in host/gemm_blocked_*.c calls it) -----------
 * C(0:MR, 0:NR) := alpha * sum_{p < k} A(:, p) B(p, :) + beta * C
 * - a: a packed MR x k panel stored column after column, a[p*MR + i]; 64-byte aligned.
 * - b: a packed k x NR panel stored row after row, b[p*NR + j]; 64-byte aligned.
 * - c: a full MR x NR tile in column-major order, element (i, j) at c[i + j*ldc]. The driver
 *   hands edge tiles (fewer than MR rows or NR columns) and C that is not column-major
 *   as an aligned scratch tile with beta = 0 and merges it itself, so the kernel always
 *   computes a full tile with unit row stride.
 * - k >= 0; k == 0 gives C := beta C. beta == 0: C is written, never read (NaN there does
 *   not propagate). Packed panels may hold zeros in rows/columns beyond the edge.
 * - alpha is applied once per element, to the finished sum; alpha == 0 reads neither A nor
 *   B and gives C := beta C.
 * - c has no alignment guarantee (a full tile points into the caller's C).
 * - MR * NR is at most 2048 (the driver's edge scratch tile lives on the stack).
 * MR and NR belong to the kernel; basis_?gemm_ukr says which. The kernel may read up to
 * one packed column/row of a and b past the end (the driver pads the buffers). */
typedef void basis_sgemm_ukr_fn(int64_t k, float alpha, const float *a, const float *b,
                                float beta, float *c, int64_t ldc);
typedef void basis_dgemm_ukr_fn(int64_t k, double alpha, const double *a, const double *b,
                                double beta, double *c, int64_t ldc);
/* Optional edge kernel of the same tile: only rows 0 .. rows-1 (0 < rows < MR) of C, which
 * is rows x NR with unit row stride; a is the zero-padded sliver with the full kernel's MR
 * stride. Nothing outside those rows is read or written; the other rules as above, and each
 * entry gets the bits the full kernel would give it. */
typedef void basis_sgemm_edge_fn(int64_t k, int64_t rows, float alpha, const float *a,
                                 const float *b, float beta, float *c, int64_t ldc);
typedef void basis_dgemm_edge_fn(int64_t k, int64_t rows, double alpha, const double *a,
                                 const double *b, double beta, double *c, int64_t ldc);

/* Packing of one full sliver for the microkernel above, from any strides (the ones worth
 * a fast path: unit row stride and unit column stride):
 * - pack_a: dst[p*MR + i] = A(i, p) = a[i*rsa + p*csa] for i < MR, p < k.
 * - pack_b: dst[p*NR + j] = B(p, j) = b[p*rsb + j*csb] for j < NR, p < k.
 * dst is 64-byte aligned. Partial slivers (fewer than MR rows / NR columns) are packed by
 * the driver's portable loop, which pads them with zeros. */
typedef void basis_spack_fn(int64_t k, const float *src, int64_t rs, int64_t cs, float *dst);
typedef void basis_dpack_fn(int64_t k, const double *src, int64_t rs, int64_t cs, double *dst);

/* Which slivers the driver's cache blocking keeps in L1 for a microkernel.
 * - BASIS_BLOCK_B_IN_L1 (0, the default): kc so that the kc x NR sliver of B fills half of
 *   L1; the A sliver streams from L2. Measured right for the AVX-512 tiles (24 x 8, 48 x 8),
 *   whose A sliver is larger than L1 at any useful depth and which prefetch it; the NEON
 *   tiles keep it too, unmeasured (no AArch64 machine to time them on).
 * - BASIS_BLOCK_AB_IN_L1: kc so that the A and B slivers together fill three quarters of
 *   L1, and an A block of a quarter of L2. Measured right for the AVX2 tiles (8 x 6, 16 x
 *   6): with B's rule their 32-64 KiB A sliver pushed the B sliver out of L1 on every call. */
enum { BASIS_BLOCK_B_IN_L1 = 0, BASIS_BLOCK_AB_IN_L1 = 1 };

typedef struct basis_sgemm_ukr {
    basis_sgemm_ukr_fn *fn; /* NULL: the target has no microkernel; gemm runs the strided kernel */
    int mr, nr;
    basis_spack_fn *pack_a, *pack_b; /* NULL: the driver's portable packing */
    basis_sgemm_edge_fn *edge;       /* NULL: edge tiles through a scratch tile */
    int blocking;                    /* BASIS_BLOCK_* */
} basis_sgemm_ukr;

typedef struct basis_dgemm_ukr {
    basis_dgemm_ukr_fn *fn;
    int mr, nr;
    basis_dpack_fn *pack_a, *pack_b;
    basis_dgemm_edge_fn *edge;
    int blocking;
} basis_dgemm_ukr;

/* ---- small GEMM (no packing) --------------------------------------------------------
 * C := alpha A B + beta C for a whole small problem (the driver sends m, n, k up to a few
 * hundred, where packing would cost as much as the arithmetic), straight from the caller's
 * operands: A is m x k with unit row stride, a[i + p*lda]; B is k x n with any strides,
 * b[p*rsb + j*csb] (rsb == 1 or csb == 1 are the cases worth a fast path); C is m x n with
 * unit row stride, c[i + j*ldc]. Edges (m % MR, n % NR) are handled inside, with masked
 * loads and stores where the ISA has them; nothing outside the m x n block of C is read
 * or written. beta == 0 never reads C; alpha == 0 reads neither A nor B; k == 0 gives
 * C := beta C. No allocation; stack scratch up to 16 KiB. */
typedef void basis_sgemm_small_fn(int64_t m, int64_t n, int64_t k, float alpha, const float *a,
                                  int64_t lda, const float *b, int64_t rsb, int64_t csb,
                                  float beta, float *c, int64_t ldc);
typedef void basis_dgemm_small_fn(int64_t m, int64_t n, int64_t k, double alpha,
                                  const double *a, int64_t lda, const double *b, int64_t rsb,
                                  int64_t csb, double beta, double *c, int64_t ldc);

/* ---- LU ----------------------------------------------------------------------------- */

/* P A = L U with partial pivoting (largest |a| in the column, first one on ties) of the
 * m x n matrix A (rs, cs), in place; ipiv[i] (0-based) is the row swapped with row i, for
 * i < min(m, n). Returns 0, or the 1-based index of the first exactly zero pivot; the
 * factorization is completed either way (LAPACK getrf semantics). */
typedef int64_t basis_sgetrf_fn(int64_t m, int64_t n, float *a, int64_t rs, int64_t cs,
                                int64_t *ipiv);
typedef int64_t basis_dgetrf_fn(int64_t m, int64_t n, double *a, int64_t rs, int64_t cs,
                                int64_t *ipiv);

/* Solves A X = B (trans == 0) or A^T X = B (trans != 0) in place in B (n x nrhs, strides
 * rsb, csb), with the n x n factors and pivots from getrf. The host guarantees that no
 * pivot is zero. */
typedef void basis_sgetrs_fn(int trans, int64_t n, int64_t nrhs, const float *lu, int64_t rs,
                             int64_t cs, const int64_t *ipiv, float *b, int64_t rsb,
                             int64_t csb);
typedef void basis_dgetrs_fn(int trans, int64_t n, int64_t nrhs, const double *lu, int64_t rs,
                             int64_t cs, const int64_t *ipiv, double *b, int64_t rsb,
                             int64_t csb);

/* ---- sparse ------------------------------------------------------------------------- */

/* Pull SpMV over a graph's in-edges stored as SELL-8 (sliced ELLPACK: host/graph.h says
 * why). Nodes sit in slots sorted by in-degree, and PageRank works in slot numbering: slot
 * p = 8 c + l is lane l of chunk c. Chunk c holds len_c = (chunk_start[c + 1] -
 * chunk_start[c]) / 8 steps; step k of lane l is the source slot col[chunk_start[c] + 8 k +
 * l], or n where the lane's node has fewer than len_c in-edges. For c in [c0, c1) and every
 * lane: y[8 c + l] = sum over k < len_c of x[col[...]], added in k order from 0, each add
 * rounded (no fused or reassociated adds), so every target returns the same bits. x is
 * indexed by slot, x[n] must be 0, and y has room for 8 c1 entries (an empty slot's sum is
 * 0). x is already divided by the out-degree by the caller. */
#define BASIS_SELL_C 8
typedef void basis_sspmv_sell8_fn(int64_t c0, int64_t c1, const int64_t *chunk_start,
                                  const uint32_t *col, const float *x, float *y);
typedef void basis_dspmv_sell8_fn(int64_t c0, int64_t c1, const int64_t *chunk_start,
                                  const uint32_t *col, const double *x, double *y);

/* PageRank's update (phase 2 of host/pagerank.h) over slots [i0, i1) (every vector is in
 * slot numbering, as the SpMV's), y the pulled sums:
 *   xn     = (T)(d * y[i] + t), t = c * v[i] when v is not NULL, else base; in double,
 *            each product and the sum rounded on its own (never one FMA);
 *   r[l]  += |xn - x[i]|, dg[l] += (inv[i] == 0 ? xn : 0), with l = (i - i0) % 4, in
 *            double, slot after slot within each lane (four independent running sums,
 *            so the adds do not wait on one another);
 *   x[i]   = xn, xs[i] = xn * inv[i] (in T).
 * T is float (s) or double (d); the float version converts y, v, x and xn to double
 * exactly. Every target returns the reference's bits. */
typedef void basis_spagerank_update_fn(int64_t i0, int64_t i1, double d, double c,
                                       double base, const float *v, const float *y,
                                       const float *inv, float *x, float *xs, double r[4],
                                       double dg[4]);
typedef void basis_dpagerank_update_fn(int64_t i0, int64_t i1, double d, double c,
                                       double base, const double *v, const double *y,
                                       const double *inv, double *x, double *xs, double r[4],
                                       double dg[4]);

/* ---- the reference kernels (kernels/ref/): the oracle every other target is held to ---- */

basis_sdot_fn basis_sdot_ref;
basis_ddot_fn basis_ddot_ref;
basis_snrm2_fn basis_snrm2_ref;
basis_dnrm2_fn basis_dnrm2_ref;
basis_saxpy_fn basis_saxpy_ref;
basis_daxpy_fn basis_daxpy_ref;
basis_sscal_fn basis_sscal_ref;
basis_dscal_fn basis_dscal_ref;
basis_sgemv_fn basis_sgemv_ref;
basis_dgemv_fn basis_dgemv_ref;
basis_sgemm_fn basis_sgemm_ref;
basis_dgemm_fn basis_dgemm_ref;
basis_sgetrf_fn basis_sgetrf_ref;
basis_dgetrf_fn basis_dgetrf_ref;
basis_sgetrs_fn basis_sgetrs_ref;
basis_dgetrs_fn basis_dgetrs_ref;
basis_sspmv_sell8_fn basis_sspmv_sell8_ref;
basis_dspmv_sell8_fn basis_dspmv_sell8_ref;
basis_spagerank_update_fn basis_spagerank_update_ref;
basis_dpagerank_update_fn basis_dpagerank_update_ref;

#endif /* BASIS_UKERNEL_H */
