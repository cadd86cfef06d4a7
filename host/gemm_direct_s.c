/* gemm_direct_s.c: float GEMM without packing (small or skinny problems): the target's small kernel on cache-sized blocks, threads on disjoint blocks of C. */
#ifdef BASIS_WITH_OPENMP
#include <omp.h>
#endif

#include "gemm_blocked.h"

int basis_sgemm_direct(const basis_call *call, int64_t m, int64_t n, int64_t k, float alpha,
                       const float *a, int64_t rsa, int64_t csa, const float *b, int64_t rsb,
                       int64_t csb, float beta, float *c, int64_t rsc, int64_t csc)
{
    basis_sgemm_small_fn *small = call->k->sgemm_small;
    /* The kernel wants unit row stride in A and C. */
    const void *pa = a, *pb = b;
    if (!basis_gemm_orient(&pa, &rsa, &csa, &pb, &rsb, &csb, &m, &n, &rsc, &csc))
        return 0;
    a = pa, b = pb;
    if (rsa != 1 || !small)
        return 0;
    if (k == 0 || alpha == 0.0f) {
        small(m, n, 0, alpha, a, csa, b, rsb, csb, beta, c, csc);
        return 1;
    }
    /* An mc x kc block of A stays in L2 while the columns of B pass over it, as in the
     * packed path. B's rule always: nothing here is a packed sliver, and the crossovers in
     * basis_gemm_use_direct were measured with its blocks. */
    const int64_t mr = call->k->sgemm_ukr.mr > 0 ? call->k->sgemm_ukr.mr : 8;
    const int64_t nr = call->k->sgemm_ukr.nr > 0 ? call->k->sgemm_ukr.nr : 8;
    int nth = basis_gemm_threads(call->threads, m, n, k);
    /* One block on one thread: no parallel region, whose team set-up costs a tenth of a
     * 64 x 64 x 64 product. Blocks are at least mr x 64, so a problem inside that is one
     * block without working out the blocks (their divisions cost 3-5 ns of a 16^3 call's
     * 130). */
    basis_gemm_blocking bs = {0};
    int one_block = nth == 1 && m <= mr && k <= 64;
    if (!one_block) {
        bs = basis_gemm_blocks((int)mr, (int)nr, sizeof(float), BASIS_BLOCK_B_IN_L1);
        one_block = nth == 1 && m <= bs.mc && k <= bs.kc;
    }
    if (one_block) {
        small(m, n, k, alpha, a, csa, b, rsb, csb, beta, c, csc);
        return 1;
    }
    /* Threads take whole row tiles when there are enough of them, else column slivers;
     * either way each owns a block of C and no barrier is needed. */
    int64_t row_tiles = (m + mr - 1) / mr, col_tiles = (n + nr - 1) / nr;
    int by_rows = row_tiles >= 2 * (int64_t)nth || row_tiles >= col_tiles;
#ifdef BASIS_WITH_OPENMP
#pragma omp parallel num_threads(nth)
#endif
    {
#ifdef BASIS_WITH_OPENMP
        int64_t tid = omp_get_thread_num(), nt = omp_get_num_threads();
#else
        int64_t tid = 0, nt = 1;
#endif
        int64_t tiles = by_rows ? row_tiles : col_tiles, unit = by_rows ? mr : nr;
        int64_t lo = tiles * tid / nt * unit, hi = tiles * (tid + 1) / nt * unit;
        int64_t i0 = by_rows ? lo : 0, i1 = by_rows ? (hi < m ? hi : m) : m;
        int64_t j0 = by_rows ? 0 : lo, j1 = by_rows ? n : (hi < n ? hi : n);
        int64_t cols = j1 - j0;
        for (int64_t pc = 0; pc < k && i0 < i1 && cols > 0; pc += bs.kc) {
            int64_t kc = k - pc < bs.kc ? k - pc : bs.kc;
            float bpc = pc == 0 ? beta : 1.0f;
            const float *bp = b + pc * rsb + j0 * csb;
            for (int64_t ic = i0; ic < i1; ic += bs.mc) {
                int64_t mc = i1 - ic < bs.mc ? i1 - ic : bs.mc;
                small(mc, cols, kc, alpha, a + ic + pc * csa, csa, bp, rsb, csb, bpc,
                      c + ic + j0 * csc, csc);
            }
        }
    }
    return 1;
}
