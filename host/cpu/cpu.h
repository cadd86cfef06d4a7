/* cpu.h: what the machine offers: ISA features (detect.c), cache/core topology (topology.c), CPU targets (targets.c). */
#ifndef BASIS_HOST_CPU_H
#define BASIS_HOST_CPU_H

#include <stdint.h>

#include "internal.h"

/* ISA features, queried once. An x86 feature counts only when the OS also saves the
 * register state it needs (XGETBV): os_ymm for AVX/AVX2/FMA, os_zmm for AVX-512. */
typedef struct basis_cpu_features {
    int x86_64, aarch64;
    int sse2, avx, avx2, fma, avx512f, avx512vl, avx512bw, avx512dq;
    int os_ymm, os_zmm; /* XCR0 says the OS saves ymm / zmm+opmask state */
    int neon, asimd_fp16;
    char vendor[16];
    char model[64];
} basis_cpu_features;

/* Detected once (call_once) in a translation unit built with baseline flags only. */
const basis_cpu_features *basis_cpu_features_get(void);

/* Cores and caches, from hwloc, else sysfs, else conservative defaults. */
typedef struct basis_topology {
    int physical_cores;
    int logical_cpus;
    int64_t l1d_bytes, l2_bytes, l3_bytes; /* per core for L1d/L2, per package/CCX for L3 */
    const char *source;                    /* "hwloc", "sysfs" or "defaults" */
} basis_topology;

const basis_topology *basis_topology_get(void);

/* The CPU targets, as data: name, backend, what it needs, which slots it overrides. */
typedef struct basis_target {
    const char *name;
    basis_backend backend;
    const char *requires; /* for messages: "AVX2 and FMA with OS ymm support" */
    int (*supported)(const basis_cpu_features *f);
    void (*override)(basis_kernels *k); /* NULL: the target is ref's table as is */
} basis_target;

/* Each SIMD target's slot overrides (host/cpu/target_<isa>.c), applied to a copy of ref. */
void basis_target_avx2_override(basis_kernels *k);
void basis_target_avx512_override(basis_kernels *k);
void basis_target_neon_override(basis_kernels *k);

/* All targets compiled into this build, best last; *count receives their number. */
const basis_target *basis_targets(int *count);
/* Kernel table of a CPU backend, or NULL when it is not compiled in or not supported. */
const basis_kernels *basis_target_kernels(basis_backend backend);

#endif /* BASIS_HOST_CPU_H */
