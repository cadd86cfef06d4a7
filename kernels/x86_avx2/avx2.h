/* avx2.h: declarations of the AVX2 kernels (signatures and contracts are in ukernel.h). */
#ifndef BASIS_KERNELS_AVX2_H
#define BASIS_KERNELS_AVX2_H

#include "ukernel.h"

/* level 1 and 2: kernels/x86_avx2/{d,s}level1_avx2.c, {d,s}gemv_avx2.c */
basis_sdot_fn basis_sdot_avx2;
basis_ddot_fn basis_ddot_avx2;
basis_snrm2_fn basis_snrm2_avx2;
basis_dnrm2_fn basis_dnrm2_avx2;
basis_saxpy_fn basis_saxpy_avx2;
basis_daxpy_fn basis_daxpy_avx2;
basis_sscal_fn basis_sscal_avx2;
basis_dscal_fn basis_dscal_avx2;
basis_sgemv_fn basis_sgemv_avx2;
basis_dgemv_fn basis_dgemv_avx2;

/* GEMM microkernels: kernels/x86_avx2/{d,s}gemm_avx2_<MR>x<NR>.c */
basis_dgemm_ukr_fn basis_dgemm_ukr_avx2_8x6;
basis_sgemm_ukr_fn basis_sgemm_ukr_avx2_16x6;

/* Packing of full slivers for those microkernels: kernels/x86_avx2/gemm_pack_avx2.c */
basis_spack_fn basis_spack_a_avx2_16;
basis_spack_fn basis_spack_b_avx2_6;
basis_dpack_fn basis_dpack_a_avx2_8;
basis_dpack_fn basis_dpack_b_avx2_6;

/* small GEMM (no packing): kernels/x86_avx2/{d,s}gemm_small_avx2.c */
basis_dgemm_small_fn basis_dgemm_small_avx2;
basis_sgemm_small_fn basis_sgemm_small_avx2;

/* pull SpMV over SELL-8 in-edges: kernels/x86_avx2/spmv_sell8_avx2.c */
basis_sspmv_sell8_fn basis_sspmv_sell8_avx2;
basis_dspmv_sell8_fn basis_dspmv_sell8_avx2;

/* PageRank's update phase: kernels/x86_avx2/pagerank_update_avx2.c */
basis_spagerank_update_fn basis_spagerank_update_avx2;
basis_dpagerank_update_fn basis_dpagerank_update_avx2;

#endif /* BASIS_KERNELS_AVX2_H */
