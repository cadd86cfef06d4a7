/* gemm_blocking.c: GEMM block sizes from the cache sizes, and how many threads a GEMM gets. */
#ifdef BASIS_WITH_OPENMP
#include <omp.h>
#endif

#include "cpu/cpu.h"
#include "gemm_blocked.h"

static int64_t round_down(int64_t v, int64_t unit, int64_t floor)
{
    v -= v % unit;
    return v < floor ? floor : v;
}

basis_gemm_blocking basis_gemm_blocks(int mr, int nr, size_t elem, int rule)
{
    const basis_topology *t = basis_topology_get();
    const int64_t e = (int64_t)elem;
    basis_gemm_blocking b;
    /* BASIS_BLOCK_B_IN_L1: half of L1 for the B sliver leaves the other half to the A
     * sliver and C lines that stream through; half of L2 for the A block, the rest for B
     * slivers and C.
     * BASIS_BLOCK_AB_IN_L1: both slivers in three quarters of L1, the rest for C lines; an
     * A block of a quarter of L2, because the B panel streams through L2 on its way to L1
     * and a larger block loses lines to it. On Zen 5 (48 KiB L1, 1 MiB L2) that gives the
     * AVX2 tiles kc = 328, mc = 96 (double) and kc = 416, mc = 144 (single), which ran
     * 2048^3 2-3 % faster than B's rule (kc = 512, mc = 128 and kc = 1024, mc = 128). */
    int ab = rule == BASIS_BLOCK_AB_IN_L1;
    b.kc = round_down(ab ? t->l1d_bytes * 3 / 4 / ((mr + nr) * e) : t->l1d_bytes / 2 / (nr * e),
                      8, 64);
    if (b.kc > 1024)
        b.kc = 1024;
    b.mc = round_down(t->l2_bytes / (ab ? 4 : 2) / (b.kc * e), mr, mr);
    /* L3 is shared by the cores of a complex and with other tenants; a 4 MiB share per
     * B panel is safe on every machine basis targets. */
    int64_t l3 = t->l3_bytes > 0 ? t->l3_bytes : 8 << 20;
    int64_t share = l3 / 4 < (4 << 20) ? l3 / 4 : (4 << 20);
    b.nc = round_down(share / (b.kc * e), nr, nr);
    return b;
}

void basis_gemm_fit(basis_gemm_blocking *bs, int nr, int64_t cols, int64_t k)
{
    /* Passes over the columns of equal width: n = 1024 with nc = 1020 would otherwise pack
     * all of A again for a last pass 4 columns wide. (Letting a pass run 1/8 wider than nc,
     * so that AVX2's nc = 1020 covers n = 2048 in two passes rather than three, measured
     * no different on Zen 5.) */
    int64_t passes = (cols + bs->nc - 1) / bs->nc;
    bs->nc = ((cols + passes - 1) / passes + nr - 1) / nr * nr;
    /* Passes over k of equal depth too: k = 1024 with kc = 768 would otherwise end with a
     * 256-deep pass, where the C update and the packing weigh more per FMA. */
    int64_t kpasses = (k + bs->kc - 1) / bs->kc;
    bs->kc = ((k + kpasses - 1) / kpasses + 7) / 8 * 8;
}

int basis_gemm_threads(int threads, int64_t m, int64_t n, int64_t k)
{
#ifdef BASIS_WITH_OPENMP
    if (omp_in_parallel())
        return 1;
#endif
    /* Below ~4 MFLOP the fork/join and the shared B packing cost more than they save. */
    double flops = 2.0 * (double)m * (double)n * (double)k;
    if (threads <= 1 || flops < 4e6)
        return 1;
    return threads;
}

int basis_gemm_use_direct(basis_backend backend, int64_t m, int64_t n, int64_t k)
{
    /* Crossovers measured on Zen 5 (docs/performance.md): the small kernel beats packing
     * up to about 320^3 (AVX-512 d) and 448^3 (s); it loses when a tall A is re-read for
     * every column sliver (m = 1024, n = k = 64), and wins by far for short wide A
     * (m <= 64) and for long skinny B (n <= 64 with a deep k). The AVX2 small kernel, with
     * 16 registers, wins that last case only while A is short: at n = 64, k = 4096 it beat
     * packing at m = 128 (119 against 107 GFLOP/s single) but lost from m = 512 on (84
     * against 101; at m = 4096 46 against 88 single, 32 against 45 double). */
    double mnk = (double)m * (double)n * (double)k;
    int skinny_b = n <= 64 && k >= 1024 && (backend != BASIS_BACKEND_AVX2 || m <= 256);
    return m <= 64 || skinny_b || (m <= 256 && mnk <= 256.0 * 256.0 * 256.0);
}
