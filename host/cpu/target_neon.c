/* target_neon.c: the slots the neon target overrides in its copy of the reference table. */
#include "cpu/cpu.h"
#include "arm_neon/neon.h"

void basis_target_neon_override(basis_kernels *k)
{
    k->sdot = basis_sdot_neon;
    k->ddot = basis_ddot_neon;
    k->snrm2 = basis_snrm2_neon;
    k->dnrm2 = basis_dnrm2_neon;
    k->saxpy = basis_saxpy_neon;
    k->daxpy = basis_daxpy_neon;
    k->sscal = basis_sscal_neon;
    k->dscal = basis_dscal_neon;
    k->sgemv = basis_sgemv_neon;
    k->dgemv = basis_dgemv_neon;
    k->sspmv_sell8 = basis_sspmv_sell8_neon;
    k->dspmv_sell8 = basis_dspmv_sell8_neon;
    k->spagerank_update = basis_spagerank_update_neon;
    k->dpagerank_update = basis_dpagerank_update_neon;
    k->sgemm_ukr = (basis_sgemm_ukr){basis_sgemm_ukr_neon_8x12, BASIS_SGEMM_NEON_MR,
                                     BASIS_SGEMM_NEON_NR, NULL, NULL, NULL,
                                     BASIS_BLOCK_B_IN_L1};
    k->dgemm_ukr = (basis_dgemm_ukr){basis_dgemm_ukr_neon_8x6, BASIS_DGEMM_NEON_MR,
                                     BASIS_DGEMM_NEON_NR, NULL, NULL, NULL,
                                     BASIS_BLOCK_B_IN_L1};
}
