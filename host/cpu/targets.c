/* targets.c: the CPU targets as data (name, requirement, overridden slots) and their kernel tables. */
#include <threads.h>

#include "cpu/cpu.h"

static int needs_nothing(const basis_cpu_features *f)
{
    (void)f;
    return 1;
}

#if defined(__x86_64__)
static int needs_avx2_fma(const basis_cpu_features *f)
{
    return f->avx2 && f->fma;
}

static int needs_avx512(const basis_cpu_features *f)
{
    return f->avx512f && f->avx512vl && f->avx512bw && f->avx512dq;
}
#endif

#if defined(__aarch64__)
static int needs_neon(const basis_cpu_features *f)
{
    return f->neon;
}
#endif

/* Best last. A slot a target does not override keeps the reference kernel. */
static const basis_target targets[] = {
    {"ref", BASIS_BACKEND_REF, "nothing", needs_nothing, NULL},
#if defined(__x86_64__)
    {"avx2", BASIS_BACKEND_AVX2, "AVX2 and FMA with OS-enabled ymm state", needs_avx2_fma,
     basis_target_avx2_override},
    {"avx512", BASIS_BACKEND_AVX512, "AVX-512 F, VL, BW and DQ with OS-enabled zmm state",
     needs_avx512, basis_target_avx512_override},
#endif
#if defined(__aarch64__)
    {"neon", BASIS_BACKEND_NEON, "Advanced SIMD (ASIMD)", needs_neon, basis_target_neon_override},
#endif
};
#define TARGET_COUNT ((int)(sizeof targets / sizeof targets[0]))

static basis_kernels tables[TARGET_COUNT];
static once_flag tables_once = ONCE_FLAG_INIT;

static void fill_ref(basis_kernels *k)
{
    k->sdot = basis_sdot_ref;
    k->ddot = basis_ddot_ref;
    k->snrm2 = basis_snrm2_ref;
    k->dnrm2 = basis_dnrm2_ref;
    k->saxpy = basis_saxpy_ref;
    k->daxpy = basis_daxpy_ref;
    k->sscal = basis_sscal_ref;
    k->dscal = basis_dscal_ref;
    k->sgemv = basis_sgemv_ref;
    k->dgemv = basis_dgemv_ref;
    k->sgemm = basis_sgemm_ref;
    k->dgemm = basis_dgemm_ref;
    k->sgetrf = basis_sgetrf_ref;
    k->dgetrf = basis_dgetrf_ref;
    k->sgetrs = basis_sgetrs_ref;
    k->dgetrs = basis_dgetrs_ref;
    k->sspmv_sell8 = basis_sspmv_sell8_ref;
    k->dspmv_sell8 = basis_dspmv_sell8_ref;
    k->spagerank_update = basis_spagerank_update_ref;
    k->dpagerank_update = basis_dpagerank_update_ref;
}

static void build_tables(void)
{
    for (int i = 0; i < TARGET_COUNT; i++) {
        fill_ref(&tables[i]);
        if (targets[i].override)
            targets[i].override(&tables[i]);
    }
}

const basis_target *basis_targets(int *count)
{
    *count = TARGET_COUNT;
    return targets;
}

const basis_kernels *basis_target_kernels(basis_backend backend)
{
    call_once(&tables_once, build_tables);
    const basis_cpu_features *f = basis_cpu_features_get();
    for (int i = 0; i < TARGET_COUNT; i++)
        if (targets[i].backend == backend)
            return targets[i].supported(f) ? &tables[i] : NULL;
    return NULL;
}
