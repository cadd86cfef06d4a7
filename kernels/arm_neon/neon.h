/* neon.h: declarations of the NEON kernels (signatures and contracts are in ukernel.h). */
#ifndef BASIS_KERNELS_NEON_H
#define BASIS_KERNELS_NEON_H

#include "ukernel.h"

/* Level 1 (dlevel1_neon.c, slevel1_neon.c): vector loops for unit increments, scalar
 * loops otherwise. */
basis_sdot_fn basis_sdot_neon;
basis_ddot_fn basis_ddot_neon;
basis_snrm2_fn basis_snrm2_neon;
basis_dnrm2_fn basis_dnrm2_neon;
basis_saxpy_fn basis_saxpy_neon;
basis_daxpy_fn basis_daxpy_neon;
basis_sscal_fn basis_sscal_neon;
basis_dscal_fn basis_dscal_neon;

/* GEMV (dgemv_neon.c, sgemv_neon.c): vector paths for unit row stride and for unit column
 * stride with unit incx, scalar otherwise. */
basis_sgemv_fn basis_sgemv_neon;
basis_dgemv_fn basis_dgemv_neon;

/* GEMM microkernels: the name carries MR x NR. */
#define BASIS_DGEMM_NEON_MR 8
#define BASIS_DGEMM_NEON_NR 6
basis_dgemm_ukr_fn basis_dgemm_ukr_neon_8x6;
#define BASIS_SGEMM_NEON_MR 8
#define BASIS_SGEMM_NEON_NR 12
basis_sgemm_ukr_fn basis_sgemm_ukr_neon_8x12;

/* pull SpMV over SELL-8 in-edges: spmv_sell8_neon.c */
basis_sspmv_sell8_fn basis_sspmv_sell8_neon;
basis_dspmv_sell8_fn basis_dspmv_sell8_neon;

/* PageRank's update phase: pagerank_update_neon.c */
basis_spagerank_update_fn basis_spagerank_update_neon;
basis_dpagerank_update_fn basis_dpagerank_update_neon;

#endif /* BASIS_KERNELS_NEON_H */
