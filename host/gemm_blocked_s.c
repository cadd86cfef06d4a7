/* gemm_blocked_s.c: single-precision GEMM around the microkernel: packing, MC/KC/NC blocking, OpenMP split, edge tiles. */
#include <string.h>
#ifdef BASIS_WITH_OPENMP
#include <omp.h>
#endif

#include "gemm_blocked.h"

/* Elements between consecutive packed slivers of r rows (or columns) and depth kc: rounded
 * up to 64 bytes, so every sliver starts aligned as the microkernel contract promises. */
static int64_t sliver(int64_t r, int64_t kc)
{
    const int64_t unit = 64 / (int64_t)sizeof(float);
    return (r * kc + unit - 1) / unit * unit;
}

/* One MR x kc sliver of A (rows i0.., columns p0..) into dst[p*MR + i], zero rows past m. */
static void pack_a(int mr, int64_t rows, int64_t kc, const float *a, int64_t rsa, int64_t csa,
                   float *dst)
{
    if (rsa == 1 && rows == mr) {
        for (int64_t p = 0; p < kc; p++, dst += mr)
            for (int i = 0; i < mr; i++)
                dst[i] = a[i + p * csa];
        return;
    }
    for (int64_t p = 0; p < kc; p++, dst += mr) {
        int64_t i = 0;
        for (; i < rows; i++)
            dst[i] = a[i * rsa + p * csa];
        for (; i < mr; i++)
            dst[i] = 0.0f;
    }
}

/* One kc x NR sliver of B into dst[p*NR + j], zero columns past n. */
static void pack_b(int nr, int64_t cols, int64_t kc, const float *b, int64_t rsb, int64_t csb,
                   float *dst)
{
    if (csb == 1 && cols == nr) {
        for (int64_t p = 0; p < kc; p++, dst += nr)
            for (int j = 0; j < nr; j++)
                dst[j] = b[p * rsb + j];
        return;
    }
    for (int64_t p = 0; p < kc; p++, dst += nr) {
        int64_t j = 0;
        for (; j < cols; j++)
            dst[j] = b[p * rsb + j * csb];
        for (; j < nr; j++)
            dst[j] = 0.0f;
    }
}

/* One B sliver: the target's packing kernel for a full one, the portable loop otherwise. */
static void pack_b_sliver(const basis_sgemm_ukr *u, int64_t cols, int64_t kc, const float *b,
                          int64_t rsb, int64_t csb, float *dst)
{
    if (u->pack_b && cols >= u->nr)
        u->pack_b(kc, b, rsb, csb, dst);
    else
        pack_b(u->nr, cols < u->nr ? cols : u->nr, kc, b, rsb, csb, dst);
}

/* Largest MR * NR a microkernel may have (the edge scratch tile lives on the stack). */
#define TILE_MAX 2048

typedef struct sgemm_job {
    basis_sgemm_ukr ukr;
    basis_gemm_blocking bs;
    int64_t m, n, k;
    float alpha, beta;
    const float *a, *b;
    int64_t rsa, csa, rsb, csb;
    float *c;
    int64_t rsc, csc;
    float *bp; /* the shared packed B panel (not split_n) */
    size_t ap_count, bp_count; /* elements of an A block and a B panel buffer */
    int split_n; /* 1: threads own column ranges of C, each with its own B panel */
    int split_m; /* 1: threads own row ranges of C; 0: threads share each A block */
    int failed;
} sgemm_job;

/* One MR x NR tile of C at (i, j) from packed slivers; edge tiles and C without unit row
 * stride go through a scratch tile, as the microkernel contract asks. */
static void tile(const sgemm_job *J, const float *ap, const float *bp, int64_t kc, float beta,
                 int64_t i, int64_t j)
{
    const int mr = J->ukr.mr, nr = J->ukr.nr;
    int64_t rows = J->m - i < mr ? J->m - i : mr;
    int64_t cols = J->n - j < nr ? J->n - j : nr;
    float *c = J->c + i * J->rsc + j * J->csc;
    if (rows == mr && cols == nr && J->rsc == 1) {
        J->ukr.fn(kc, J->alpha, ap, bp, beta, c, J->csc);
        return;
    }
    if (J->ukr.edge && cols == nr && J->rsc == 1) {
        J->ukr.edge(kc, rows, J->alpha, ap, bp, beta, c, J->csc);
        return;
    }
    float t[TILE_MAX] __attribute__((aligned(64)));
    J->ukr.fn(kc, J->alpha, ap, bp, 0.0f, t, mr);
    for (int64_t jj = 0; jj < cols; jj++)
        for (int64_t ii = 0; ii < rows; ii++) {
            float *cij = c + ii * J->rsc + jj * J->csc;
            *cij = beta == 0.0f ? t[ii + jj * mr] : t[ii + jj * mr] + beta * *cij;
        }
}

/* The first `slivers` full slivers of the A block at rows i0.., columns pc.. (kc deep) of
 * column-major A, one column at a time across all of them: A is then read down each column
 * (the block's mc rows of a column are contiguous) instead of one line per column for each
 * sliver in turn, a pattern DRAM serves at about two thirds of the rate. Zen 5, a 4096 x
 * 4096 float A packed whole in AVX2 blocks: 2.8-3.1 ms against 4.8 (4 columns per call
 * 3.3-3.5, 8 4.0, 32 5.2; in GEMM 1 and 4 measured within 4 % of each other). Both x86
 * targets take it (their A columns are 64 or 192 bytes); AVX-512's square GEMMs measured
 * within the noise of the old order (docs/performance.md). */
static void pack_a_down_columns(const sgemm_job *J, float *ap, int64_t i0, int64_t pc, int64_t kc,
                                int64_t slivers)
{
    const int mr = J->ukr.mr;
    const float *col = J->a + i0 + pc * J->csa;
    for (int64_t p = 0; p < kc; p++, col += J->csa)
        for (int64_t s = 0; s < slivers; s++)
            J->ukr.pack_a(1, col + s * mr, 1, J->csa, ap + s * sliver(mr, kc) + p * mr);
}

/* Rows [i0, i1) of C against the packed panel bp (columns jc.., kc deep), A block by block. */
static void rows_block(const sgemm_job *J, float *ap, const float *bp, int64_t i0, int64_t i1,
                       int64_t jc, int64_t nc, int64_t pc, int64_t kc, float beta, int sl0,
                       int slstep)
{
    const int mr = J->ukr.mr, nr = J->ukr.nr;
    for (int64_t ic = i0; ic < i1; ic += J->bs.mc) {
        int64_t mc = i1 - ic < J->bs.mc ? i1 - ic : J->bs.mc;
        /* Column by column only where each packed column starts 64-byte aligned, as
         * pack_a's contract promises its dst. */
        int64_t full =
            J->ukr.pack_a && J->rsa == 1 && mr * sizeof(float) % 64 == 0 ? mc / mr : 0;
        if (full)
            pack_a_down_columns(J, ap, ic, pc, kc, full);
        for (int64_t ir = full * mr; ir < mc; ir += mr) {
            const float *src = J->a + (ic + ir) * J->rsa + pc * J->csa;
            if (J->ukr.pack_a && mc - ir >= mr)
                J->ukr.pack_a(kc, src, J->rsa, J->csa, ap + ir / mr * sliver(mr, kc));
            else
                pack_a(mr, mc - ir < mr ? mc - ir : mr, kc, src, J->rsa, J->csa,
                       ap + ir / mr * sliver(mr, kc));
        }
        int64_t slivers = (nc + nr - 1) / nr;
        for (int64_t s = sl0; s < slivers; s += slstep)
            for (int64_t ir = 0; ir < mc; ir += mr)
                tile(J, ap + ir / mr * sliver(mr, kc), bp + s * sliver(nr, kc), kc, beta,
                     ic + ir, jc + s * nr);
    }
}

static void run(sgemm_job *J, int nth)
{
    const int mr = J->ukr.mr, nr = J->ukr.nr;
#ifdef BASIS_WITH_OPENMP
#pragma omp parallel num_threads(nth)
#endif
    {
#ifdef BASIS_WITH_OPENMP
        int tid = omp_get_thread_num(), nt = omp_get_num_threads();
#else
        int tid = 0, nt = 1;
#endif
        float *ap = basis_workspace(BASIS_WS_GEMM_A_S, sizeof(float) * J->ap_count);
        float *own_bp =
            J->split_n ? basis_workspace(BASIS_WS_GEMM_B_S, sizeof(float) * J->bp_count) : NULL;
        if (!ap || (J->split_n && !own_bp)) {
#ifdef BASIS_WITH_OPENMP
#pragma omp atomic write
#endif
            J->failed = 1;
        }
#ifdef BASIS_WITH_OPENMP
#pragma omp barrier
#endif
        if (J->split_n) {
            /* Each thread is a whole single-threaded GEMM on its columns: no barrier, no
             * B shared between cores, and no more packing in all than one thread does. */
            int64_t ctiles = (J->n + nr - 1) / nr;
            int64_t j0 = ctiles * tid / nt * nr, j1 = ctiles * (tid + 1) / nt * nr;
            if (j1 > J->n)
                j1 = J->n;
            for (int64_t jc = j0; jc < j1 && !J->failed; jc += J->bs.nc) {
                int64_t nc = j1 - jc < J->bs.nc ? j1 - jc : J->bs.nc;
                for (int64_t pc = 0; pc < J->k; pc += J->bs.kc) {
                    int64_t kc = J->k - pc < J->bs.kc ? J->k - pc : J->bs.kc;
                    for (int64_t j = 0; j < nc; j += nr)
                        pack_b_sliver(&J->ukr, nc - j, kc,
                               J->b + pc * J->rsb + (jc + j) * J->csb, J->rsb, J->csb,
                               own_bp + j / nr * sliver(nr, kc));
                    rows_block(J, ap, own_bp, 0, J->m, jc, nc, pc, kc,
                               pc == 0 ? J->beta : 1.0f, 0, 1);
                }
            }
        } else {
            /* Row ranges in whole MR tiles, as even as the tiles allow. */
            int64_t tiles = (J->m + mr - 1) / mr;
            int64_t i0 = J->split_m ? tiles * tid / nt * mr : 0;
            int64_t i1 = J->split_m ? tiles * (tid + 1) / nt * mr : J->m;
            if (i1 > J->m)
                i1 = J->m;
            for (int64_t jc = 0; jc < J->n && !J->failed; jc += J->bs.nc) {
                int64_t nc = J->n - jc < J->bs.nc ? J->n - jc : J->bs.nc;
                int64_t slivers = (nc + nr - 1) / nr;
                for (int64_t pc = 0; pc < J->k; pc += J->bs.kc) {
                    int64_t kc = J->k - pc < J->bs.kc ? J->k - pc : J->bs.kc;
                    float beta = pc == 0 ? J->beta : 1.0f;
#ifdef BASIS_WITH_OPENMP
#pragma omp for schedule(static)
#endif
                    for (int64_t s = 0; s < slivers; s++) {
                        int64_t j = s * nr;
                        pack_b_sliver(&J->ukr, nc - j, kc,
                               J->b + pc * J->rsb + (jc + j) * J->csb, J->rsb, J->csb,
                               J->bp + s * sliver(nr, kc));
                    }
                    if (J->split_m)
                        rows_block(J, ap, J->bp, i0, i1, jc, nc, pc, kc, beta, 0, 1);
                    else
                        rows_block(J, ap, J->bp, 0, J->m, jc, nc, pc, kc, beta, tid, nt);
#ifdef BASIS_WITH_OPENMP
#pragma omp barrier
#endif
                }
            }
        }
    }
}

basis_status basis_sgemm_blocked(const basis_call *call, int64_t m, int64_t n, int64_t k,
                                 float alpha, const float *a, int64_t rsa, int64_t csa,
                                 const float *b, int64_t rsb, int64_t csb, float beta,
                                 float *c, int64_t rsc, int64_t csc)
{
    if (m == 0 || n == 0)
        return BASIS_OK;
    if (k == 0 || alpha == 0.0f) {
        /* Only beta C remains; the reference kernel does exactly that without reading A, B. */
        basis_sgemm_ref(m, n, 0, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc);
        return BASIS_OK;
    }
    /* Row-major C is turned around; C with no unit stride goes through scratch tiles. */
    const void *pa = a, *pb = b;
    basis_gemm_orient(&pa, &rsa, &csa, &pb, &rsb, &csb, &m, &n, &rsc, &csc);
    a = pa, b = pb;
    /* The scratch tile for edges bounds the microkernel's tile. */
    if (call->k->sgemm_ukr.mr * call->k->sgemm_ukr.nr > TILE_MAX) {
        basis_sgemm_ref(m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc);
        return BASIS_OK;
    }
    sgemm_job J = {.ukr = call->k->sgemm_ukr, .m = m, .n = n, .k = k, .alpha = alpha,
                   .beta = beta, .a = a, .b = b, .rsa = rsa, .csa = csa, .rsb = rsb,
                   .csb = csb, .c = c, .rsc = rsc, .csc = csc};
    J.bs = basis_gemm_blocks(J.ukr.mr, J.ukr.nr, sizeof(float), J.ukr.blocking);
    int nth = basis_gemm_threads(call->threads, m, n, k);
    /* Few rows: all threads walk the same A block and split its column slivers. */
    J.split_m = (m + J.ukr.mr - 1) / J.ukr.mr >= 4 * nth;
    /* Enough columns for every thread: each takes its own (see run). */
    J.split_n = nth > 1 && (n + J.ukr.nr - 1) / J.ukr.nr >= 4 * nth;
    basis_gemm_fit(&J.bs, J.ukr.nr, J.split_n ? (n + nth - 1) / nth : n, k);
    int64_t ncap = n < J.bs.nc ? n : J.bs.nc, kcap = k < J.bs.kc ? k : J.bs.kc;
    int64_t mcap = m < J.bs.mc ? m : J.bs.mc;
    J.ap_count = (size_t)((mcap + J.ukr.mr - 1) / J.ukr.mr * sliver(J.ukr.mr, kcap) + J.ukr.mr);
    J.bp_count = (size_t)((ncap + J.ukr.nr - 1) / J.ukr.nr * sliver(J.ukr.nr, kcap) + J.ukr.nr);
    J.bp = J.split_n ? NULL : basis_workspace(BASIS_WS_GEMM_B_S, sizeof(float) * J.bp_count);
    if (!J.bp && !J.split_n)
        return basis_fail(BASIS_ERR_NO_MEMORY, "basis_sgemm: no memory for the packed B panel");
    run(&J, nth);
    if (J.failed)
        return basis_fail(BASIS_ERR_NO_MEMORY, "basis_sgemm: no memory for a packed A block");
    return BASIS_OK;
}
