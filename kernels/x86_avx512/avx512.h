/* avx512.h: declarations of the AVX512 kernels (signatures and contracts are in ukernel.h). */
#ifndef BASIS_KERNELS_AVX512_H
#define BASIS_KERNELS_AVX512_H

#include "ukernel.h"

/* level 1 and 2: kernels/x86_avx512/{d,s}level1_avx512.c, {d,s}gemv_avx512.c */
basis_sdot_fn basis_sdot_avx512;
basis_ddot_fn basis_ddot_avx512;
basis_snrm2_fn basis_snrm2_avx512;
basis_dnrm2_fn basis_dnrm2_avx512;
basis_saxpy_fn basis_saxpy_avx512;
basis_daxpy_fn basis_daxpy_avx512;
basis_sscal_fn basis_sscal_avx512;
basis_dscal_fn basis_dscal_avx512;
basis_sgemv_fn basis_sgemv_avx512;
basis_dgemv_fn basis_dgemv_avx512;

/* GEMM microkernels: kernels/x86_avx512/{d,s}gemm_avx512_<MR>x<NR>.c */
basis_dgemm_ukr_fn basis_dgemm_ukr_avx512_24x8;
basis_sgemm_ukr_fn basis_sgemm_ukr_avx512_48x8;
/* Their edge tiles (fewer than MR rows): kernels/x86_avx512/gemm_edge_avx512.c */
basis_dgemm_edge_fn basis_dgemm_edge_avx512_24x8;
basis_sgemm_edge_fn basis_sgemm_edge_avx512_48x8;

/* Packing of full slivers for those microkernels: kernels/x86_avx512/gemm_pack_avx512.c */
basis_spack_fn basis_spack_a_avx512_48;
basis_spack_fn basis_spack_b_avx512_8;
basis_dpack_fn basis_dpack_a_avx512_24;
basis_dpack_fn basis_dpack_b_avx512_8;

/* small GEMM (no packing): kernels/x86_avx512/{d,s}gemm_small_avx512.c */
basis_dgemm_small_fn basis_dgemm_small_avx512;
basis_sgemm_small_fn basis_sgemm_small_avx512;

/* pull SpMV over SELL-8 in-edges: kernels/x86_avx512/spmv_sell8_avx512.c */
basis_sspmv_sell8_fn basis_sspmv_sell8_avx512;
basis_dspmv_sell8_fn basis_dspmv_sell8_avx512;

/* PageRank's update phase: kernels/x86_avx512/pagerank_update_avx512.c */
basis_spagerank_update_fn basis_spagerank_update_avx512;
basis_dpagerank_update_fn basis_dpagerank_update_avx512;

#endif /* BASIS_KERNELS_AVX512_H */
