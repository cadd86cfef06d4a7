/* peak.h: this machine's measured limits (FMA peak per CPU target and core count, memory bandwidth) and their cache file. */
#ifndef BASIS_HOST_PEAK_H
#define BASIS_HOST_PEAK_H

#include <stdint.h>

#include "internal.h"

#define BASIS_PEAK_MAX_TARGETS 4

/* The FMA peak of one CPU target, in GFLOP/s (1e9 flops per second, an FMA counting 2). */
typedef struct basis_peak_target {
    char name[16]; /* the target's name as basis_targets() lists it: "ref", "avx2", ... */
    basis_backend backend;
    double s_gflops_1core, d_gflops_1core; /* one thread */
    double s_gflops_all, d_gflops_all;     /* one thread per physical core, summed */
} basis_peak_target;

/* What basis_measure_peak found. Bandwidth is the STREAM triad a[i] = b[i] + s * c[i]
 * counted as STREAM counts it: 3 arrays x 8 bytes per element. The write-allocate read of
 * a[] that ordinary stores cause is NOT counted, so the DRAM traffic really moved is 4/3 of
 * the figure. */
typedef struct basis_peak {
    char version[16];   /* basis_version() of the build that measured */
    char cpu_model[64]; /* basis_cpu_features_get()->model */
    int physical_cores; /* from basis_topology_get() */
    int threads;        /* threads the "all" figures ran on (1 without OpenMP) */
    int ntargets;       /* every CPU target of this build that this machine supports */
    basis_peak_target target[BASIS_PEAK_MAX_TARGETS];
    char triad_target[16];     /* the target whose triad loop ran (the best one) */
    int64_t triad_array_bytes; /* bytes of each of the 3 arrays: >= 4 x L3 and >= 64 MiB */
    double triad_gbs_1thread, triad_gbs_all; /* GB/s, 1e9 bytes per second */
    int from_cache;       /* 1 when basis_peak_load_or_measure read it from the cache file */
    char cache_path[512]; /* the cache file in use, "" when there is none */
} basis_peak;

/* Measures now: for every supported CPU target, s and d FMA loops on 1 thread and on one
 * thread per physical core (best of several ~50 ms runs each), then the triad on arrays
 * far larger than L3 with 1 thread and all cores. Takes a few seconds; never prints.
 * BASIS_ERR_ARGUMENT when out is NULL, BASIS_ERR_NO_MEMORY when the triad arrays cannot be
 * allocated (or would take more than half of the machine's memory). *out is written only
 * on success. */
basis_status basis_measure_peak(basis_peak *out);

/* The figures from the cache file $XDG_CACHE_HOME/basis/peak.json (else
 * $HOME/.cache/basis/peak.json) when it was written by this basis version on this CPU
 * model, core count and target list; otherwise (or when force is non-zero) measures and
 * rewrites the file. A missing, corrupt or stale file is not an error, and neither is a
 * file that cannot be written (logged under BASIS_VERBOSE): the figures are still
 * returned. Errors as basis_measure_peak. Not meant for concurrent calls in one process;
 * concurrent processes are safe (the file is replaced atomically). */
basis_status basis_peak_load_or_measure(basis_peak *out, int force);

/* The entry of p for a CPU backend, or NULL when p has none. */
const basis_peak_target *basis_peak_find(const basis_peak *p, basis_backend backend);

#endif /* BASIS_HOST_PEAK_H */
