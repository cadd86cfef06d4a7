/* target_avx2.c: the slots the avx2 target overrides in its copy of the reference table. */
#include "cpu/cpu.h"
#include "x86_avx2/avx2.h"

void basis_target_avx2_override(basis_kernels *k)
{
    k->sdot = basis_sdot_avx2;
    k->ddot = basis_ddot_avx2;
    k->snrm2 = basis_snrm2_avx2;
    k->dnrm2 = basis_dnrm2_avx2;
    k->saxpy = basis_saxpy_avx2;
    k->daxpy = basis_daxpy_avx2;
    k->sscal = basis_sscal_avx2;
    k->dscal = basis_dscal_avx2;
    k->sgemv = basis_sgemv_avx2;
    k->dgemv = basis_dgemv_avx2;
    k->dgemm_ukr = (basis_dgemm_ukr){basis_dgemm_ukr_avx2_8x6, 8, 6, basis_dpack_a_avx2_8,
                                    basis_dpack_b_avx2_6, NULL, BASIS_BLOCK_AB_IN_L1};
    k->sgemm_ukr = (basis_sgemm_ukr){basis_sgemm_ukr_avx2_16x6, 16, 6, basis_spack_a_avx2_16,
                                    basis_spack_b_avx2_6, NULL, BASIS_BLOCK_AB_IN_L1};
    k->dgemm_small = basis_dgemm_small_avx2;
    k->sgemm_small = basis_sgemm_small_avx2;
    k->sspmv_sell8 = basis_sspmv_sell8_avx2;
    k->dspmv_sell8 = basis_dspmv_sell8_avx2;
    k->spagerank_update = basis_spagerank_update_avx2;
    k->dpagerank_update = basis_dpagerank_update_avx2;
}
