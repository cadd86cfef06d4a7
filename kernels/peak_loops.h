/* peak_loops.h: the loops that measure a core's peak: independent FMA chains per ISA, and the STREAM triad. */
#ifndef BASIS_KERNELS_PEAK_LOOPS_H
#define BASIS_KERNELS_PEAK_LOOPS_H

#include <stdint.h>

/* Peak FMA loop contract.
 * - Runs iters iterations; each iteration advances every one of several independent chains
 *   by one multiply-add x := x * m + c per lane (m < 1, so values stay near 1: no overflow,
 *   no denormals). The chains are independent so that latency never limits the rate: a
 *   core with 2 FMA pipes of latency 4 needs 8 chains in flight; x86 loops use 12 (the
 *   margin covers 5-cycle FMAs), NEON loops 16 (4 pipes on Neoverse V and Apple cores).
 * - Returns the sum of all lanes of all chains, so the compiler cannot drop the loop.
 * - BASIS_PEAK_FLOPS_<ISA>_<s|d> is the flop count of one iteration (2 per lane per chain).
 * The ref loops are scalar multiply then add (the ref kernels are built without
 * contraction), the same 2 flops per step on the scalar pipes. */

#define BASIS_PEAK_FLOPS_REF_S 24.0 /* 12 chains x 1 lane x 2 */
#define BASIS_PEAK_FLOPS_REF_D 24.0
float basis_peak_fma_ref_s(int64_t iters);
double basis_peak_fma_ref_d(int64_t iters);

#define BASIS_PEAK_FLOPS_AVX2_S 192.0 /* 12 ymm chains x 8 lanes x 2 */
#define BASIS_PEAK_FLOPS_AVX2_D 96.0  /* 12 ymm chains x 4 lanes x 2 */
float basis_peak_fma_avx2_s(int64_t iters);
double basis_peak_fma_avx2_d(int64_t iters);

#define BASIS_PEAK_FLOPS_AVX512_S 384.0 /* 12 zmm chains x 16 lanes x 2 */
#define BASIS_PEAK_FLOPS_AVX512_D 192.0 /* 12 zmm chains x 8 lanes x 2 */
float basis_peak_fma_avx512_s(int64_t iters);
double basis_peak_fma_avx512_d(int64_t iters);

#define BASIS_PEAK_FLOPS_NEON_S 128.0 /* 16 q chains x 4 lanes x 2 */
#define BASIS_PEAK_FLOPS_NEON_D 64.0  /* 16 q chains x 2 lanes x 2 */
float basis_peak_fma_neon_s(int64_t iters);
double basis_peak_fma_neon_d(int64_t iters);

/* STREAM triad a[i] = b[i] + s * c[i], i < n, with ordinary (write-allocating) stores as
 * STREAM compiles them; any alignment. The SIMD versions use one FMA per element, which
 * changes nothing for a loop bound by memory. */
void basis_peak_triad_ref(int64_t n, double s, const double *b, const double *c, double *a);
void basis_peak_triad_avx2(int64_t n, double s, const double *b, const double *c, double *a);
void basis_peak_triad_avx512(int64_t n, double s, const double *b, const double *c,
                             double *a);
void basis_peak_triad_neon(int64_t n, double s, const double *b, const double *c, double *a);

#endif /* BASIS_KERNELS_PEAK_LOOPS_H */
