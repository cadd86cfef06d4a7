/* target_avx512.c: the slots the avx512 target overrides in its copy of the reference table. */
#include "cpu/cpu.h"
#include "x86_avx512/avx512.h"

void basis_target_avx512_override(basis_kernels *k)
{
    k->sdot = basis_sdot_avx512;
    k->ddot = basis_ddot_avx512;
    k->snrm2 = basis_snrm2_avx512;
    k->dnrm2 = basis_dnrm2_avx512;
    k->saxpy = basis_saxpy_avx512;
    k->daxpy = basis_daxpy_avx512;
    k->sscal = basis_sscal_avx512;
    k->dscal = basis_dscal_avx512;
    k->sgemv = basis_sgemv_avx512;
    k->dgemv = basis_dgemv_avx512;
    k->dgemm_ukr = (basis_dgemm_ukr){basis_dgemm_ukr_avx512_24x8, 24, 8,
                                    basis_dpack_a_avx512_24, basis_dpack_b_avx512_8,
                                    basis_dgemm_edge_avx512_24x8, BASIS_BLOCK_B_IN_L1};
    k->sgemm_ukr = (basis_sgemm_ukr){basis_sgemm_ukr_avx512_48x8, 48, 8,
                                    basis_spack_a_avx512_48, basis_spack_b_avx512_8,
                                    basis_sgemm_edge_avx512_48x8, BASIS_BLOCK_B_IN_L1};
    k->dgemm_small = basis_dgemm_small_avx512;
    k->sgemm_small = basis_sgemm_small_avx512;
    k->sspmv_sell8 = basis_sspmv_sell8_avx512;
    k->dspmv_sell8 = basis_dspmv_sell8_avx512;
    k->spagerank_update = basis_spagerank_update_avx512;
    k->dpagerank_update = basis_dpagerank_update_avx512;
}
