/* getrf_blocked_s.c: single-precision LU with partial pivoting: blocks of nb columns, each panel factored recursively (in a column-major copy when A is not), the trailing update by TRSM + GEMM with a one-panel look-ahead under OpenMP, row interchanges by column blocks. */
#ifdef BASIS_WITH_OPENMP
#include <omp.h>
#endif

#include <float.h>
#include <math.h>

#include "lu_blocked.h"

/* Panels narrower than LEAF go to the target's unblocked kernel (call->k->sgetrf). */
enum { LEAF = 8, SWAP_BLOCK = 512 };
/* Above basis_lu_top_cols() columns (2048) the factorization first halves (top()), in
 * multiples of TOP_ROUND columns. blocked() then factors at most 2048 columns, in blocks
 * of 128 (block_cols), so 192 does not keep those whole; 128, which would, measured no
 * better (sgetrf n = 4096 on 2 threads 305-331 against 331-336 GFLOP/s, two alternating
 * rounds, 2026-11-29). */
enum { TOP_ROUND = 192 };

/* ---- row interchanges ------------------------------------------------------------------- */

static void swap_cols(int64_t w, float *a, int64_t rs, int64_t cs, int64_t k1, int64_t k2,
                      const int64_t *ipiv, int backward)
{
    if (rs == 1 && !backward) {
        for (int64_t j = 0; j < w; j++) {
            float *c = a + j * cs;
            for (int64_t i = k1; i < k2; i++) {
                int64_t p = ipiv[i];
                float t = c[i];
                c[i] = c[p];
                c[p] = t;
            }
        }
        return;
    }
    for (int64_t j = 0; j < w; j++) {
        float *c = a + j * cs;
        for (int64_t s = k1; s < k2; s++) {
            int64_t i = backward ? k2 - 1 - (s - k1) : s, p = ipiv[i];
            if (p != i) {
                float t = c[i * rs];
                c[i * rs] = c[p * rs];
                c[p * rs] = t;
            }
        }
    }
}

static void swap_rows(int64_t w, float *a, int64_t rs, int64_t cs, int64_t k1, int64_t k2,
                      const int64_t *ipiv, int backward)
{
    for (int64_t s = k1; s < k2; s++) {
        int64_t i = backward ? k2 - 1 - (s - k1) : s, p = ipiv[i];
        if (p == i)
            continue;
        float *restrict r1 = a + i * rs, *restrict r2 = a + p * rs;
        if (cs == 1) {
            for (int64_t j = 0; j < w; j++) {
                float t = r1[j];
                r1[j] = r2[j];
                r2[j] = t;
            }
        } else {
            for (int64_t j = 0; j < w; j++) {
                float t = r1[j * cs];
                r1[j * cs] = r2[j * cs];
                r2[j * cs] = t;
            }
        }
    }
}

/* Column major: column by column, each column takes all its swaps at once. Row major:
 * whole row segments of SWAP_BLOCK columns, contiguous. Blocks split across threads. */
void basis_slaswp(int64_t ncols, float *a, int64_t rs, int64_t cs, int64_t k1, int64_t k2,
                  const int64_t *ipiv, int backward, int threads)
{
    if (ncols <= 0 || k2 <= k1)
        return;
    int by_col = rs == 1 || (cs != 1 && (rs < 0 ? -rs : rs) < (cs < 0 ? -cs : cs));
    int64_t blk = by_col ? 32 : SWAP_BLOCK, nblk = (ncols + blk - 1) / blk;
#ifdef BASIS_WITH_OPENMP
    if (omp_in_parallel() || (double)ncols * (double)(k2 - k1) < 65536.0)
        threads = 1;
    if (threads > nblk)
        threads = (int)nblk;
    if (threads > 1) {
#pragma omp parallel for num_threads(threads) schedule(static)
        for (int64_t q = 0; q < nblk; q++) {
            int64_t w = ncols - q * blk < blk ? ncols - q * blk : blk;
            if (by_col)
                swap_cols(w, a + q * blk * cs, rs, cs, k1, k2, ipiv, backward);
            else
                swap_rows(w, a + q * blk * cs, rs, cs, k1, k2, ipiv, backward);
        }
        return;
    }
#else
    (void)threads;
    (void)nblk;
#endif
    if (by_col)
        swap_cols(ncols, a, rs, cs, k1, k2, ipiv, backward);
    else
        swap_rows(ncols, a, rs, cs, k1, k2, ipiv, backward);
}

/* ---- the leaves ------------------------------------------------------------------------- */

/* The reference kernel is the oracle, built strict and simple (divisions, generic strides).
 * When the target has nothing faster, leaves run this column-major version instead: the
 * same pivots (largest |a|, first on ties; a zero column is skipped, not scaled), scaling by
 * the reciprocal as LAPACK's sgetf2 does when the pivot is normal, unit-stride loops. */
static int64_t leaf_colmajor(int64_t m, int64_t n, float *a, int64_t lda, int64_t *ipiv)
{
    int64_t info = 0;
    for (int64_t k = 0; k < n; k++) {
        float *restrict ck = a + k * lda;
        int64_t p = k;
        float best = fabsf(ck[k]);
        for (int64_t i = k + 1; i < m; i++)
            if (fabsf(ck[i]) > best) {
                best = fabsf(ck[i]);
                p = i;
            }
        ipiv[k] = p;
        if (ck[p] != 0.0f) {
            if (p != k)
                for (int64_t j = 0; j < n; j++) {
                    float t = a[k + j * lda];
                    a[k + j * lda] = a[p + j * lda];
                    a[p + j * lda] = t;
                }
            const float piv = ck[k];
            if (fabsf(piv) >= FLT_MIN) {
                const float r = 1.0f / piv;
                for (int64_t i = k + 1; i < m; i++)
                    ck[i] *= r;
            } else {
                for (int64_t i = k + 1; i < m; i++)
                    ck[i] /= piv;
            }
        } else if (info == 0) {
            info = k + 1;
        }
        for (int64_t j = k + 1; j < n; j++) {
            float *restrict cj = a + j * lda;
            const float u = cj[k];
            for (int64_t i = k + 1; i < m; i++)
                cj[i] -= ck[i] * u;
        }
    }
    return info;
}

/* Leaf panels of a matrix without unit row stride are factored in a column-major copy in
 * w (m x LEAF, from the caller; NULL: in place, same result, slower): in place, the kernel
 * would walk columns at stride ld, and a power-of-two ld puts every row of the panel in
 * the same cache set. */
static int64_t leaf(const basis_call *call, int64_t m, int64_t n, float *a, int64_t rs,
                    int64_t cs, int64_t *ipiv, float *w)
{
    int own = call->k->sgetrf == basis_sgetrf_ref;
    if (rs == 1)
        return own ? leaf_colmajor(m, n, a, cs, ipiv) : call->k->sgetrf(m, n, a, rs, cs, ipiv);
    if (!w)
        return call->k->sgetrf(m, n, a, rs, cs, ipiv);
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++)
            w[i + j * m] = a[i * rs + j * cs];
    int64_t info = own ? leaf_colmajor(m, n, w, m, ipiv) : call->k->sgetrf(m, n, w, 1, m, ipiv);
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++)
            a[i * rs + j * cs] = w[i + j * m];
    return info;
}

/* ---- the panel: recursive LU of an m x n block, n <= m ---------------------------------- */

static int64_t split(int64_t n)
{
    int64_t h = n / 2, r = (h + 7) / 8 * 8;
    return r < n ? r : h;
}

/* Left half, then the right half's update (swaps, TRSM, GEMM), then the right half, then
 * its swaps on the left half: every flop outside the LEAF-wide leaves is GEMM or TRSM.
 * Pivots are relative to the block's first row; w is the leaves' workspace. */
static int64_t panel(const basis_call *call, int64_t m, int64_t n, float *a, int64_t rs,
                     int64_t cs, int64_t *ipiv, float *w)
{
    if (n <= LEAF)
        return leaf(call, m, n, a, rs, cs, ipiv, w);
    int64_t n1 = split(n), n2 = n - n1;
    float *a12 = a + n1 * cs, *a21 = a + n1 * rs, *a22 = a + n1 * (rs + cs);
    int64_t info = panel(call, m, n1, a, rs, cs, ipiv, w);
    basis_slaswp(n2, a12, rs, cs, 0, n1, ipiv, 0, call->threads);
    basis_strsm_left(call, 1, 1, n1, n2, 1.0f, a, rs, cs, a12, rs, cs);
    basis_sgemm_sure(call, m - n1, n2, n1, -1.0f, a21, rs, cs, a12, rs, cs, 1.0f, a22, rs, cs);
    int64_t info2 = panel(call, m - n1, n2, a22, rs, cs, ipiv + n1, w);
    for (int64_t i = n1; i < n; i++)
        ipiv[i] += n1;
    basis_slaswp(n1, a, rs, cs, n1, n, ipiv, 0, call->threads);
    return info ? info : (info2 ? info2 + n1 : 0);
}

/* Copies between an m x n block (rs, cs) and a column-major buffer with ld = m, eight rows
 * at a time so both sides move whole cache lines when the block is row major. */
static void to_colmajor(int64_t m, int64_t n, float *a, int64_t rs, int64_t cs, float *w,
                        int back)
{
    for (int64_t i0 = 0; i0 < m; i0 += 8) {
        int64_t i1 = m - i0 < 8 ? m : i0 + 8;
        for (int64_t j = 0; j < n; j++)
            for (int64_t i = i0; i < i1; i++) {
                if (back)
                    a[i * rs + j * cs] = w[i + j * m];
                else
                    w[i + j * m] = a[i * rs + j * cs];
            }
    }
}

/* A panel of a matrix without unit row stride is factored in a column-major copy pw
 * (m x nb) when there is one, where the recursion's TRSMs, GEMMs, interchanges and leaves
 * all run on unit-stride columns; else in place, with the leaves copied to lw. */
static int64_t factor_panel(const basis_call *call, int64_t m, int64_t n, float *a,
                            int64_t rs, int64_t cs, int64_t *ipiv, float *pw, float *lw)
{
    if (rs == 1 || !pw)
        return panel(call, m, n, a, rs, cs, ipiv, lw);
    to_colmajor(m, n, a, rs, cs, pw, 0);
    int64_t info = panel(call, m, n, pw, 1, m, ipiv, NULL);
    to_colmajor(m, n, a, rs, cs, pw, 1);
    return info;
}

/* ---- the blocked factorization ---------------------------------------------------------- */

/* Columns [c0, c1) after panel k (columns k .. k+kb, pivots global): its interchanges,
 * U12 := inv(L11) A12, A22 -= L21 U12. */
static void update(const basis_call *call, int64_t m, float *a, int64_t rs, int64_t cs,
                   const int64_t *ipiv, int64_t k, int64_t kb, int64_t c0, int64_t c1,
                   int threads)
{
    int64_t w = c1 - c0;
    float *u12 = a + k * rs + c0 * cs;
    basis_slaswp(w, a + c0 * cs, rs, cs, k, k + kb, ipiv, 0, threads);
    basis_strsm_left(call, 1, 1, kb, w, 1.0f, a + k * (rs + cs), rs, cs, u12, rs, cs);
    if (m > k + kb)
        basis_sgemm_sure(call, m - k - kb, w, kb, -1.0f, a + (k + kb) * rs + k * cs, rs, cs,
                         u12, rs, cs, 1.0f, u12 + kb * rs, rs, cs);
}

#ifdef BASIS_WITH_OPENMP
/* Look-ahead, one parallel region per step: one thread updates the next panel's columns
 * and factors that panel while the others update the remaining columns chunk by chunk;
 * it joins them when done, so the panel's serial work hides behind the GEMM. */
static int64_t lookahead(const basis_call *call, int64_t m, int64_t n, float *a, int64_t rs,
                         int64_t cs, int64_t *ipiv, int64_t k, int64_t kb, int64_t j0,
                         int64_t next, int nt, float *pw, float *lw)
{
    int64_t r0 = j0 + next, rw = n - r0;
    int64_t chunk = (rw / (4 * nt) + 15) / 16 * 16;
    if (chunk < 64)
        chunk = 64;
    int64_t nchunks = (rw + chunk - 1) / chunk, pinfo = 0;
#pragma omp parallel num_threads(nt)
    {
#pragma omp single nowait
        {
            update(call, m, a, rs, cs, ipiv, k, kb, j0, j0 + next, 1);
            pinfo = factor_panel(call, m - j0, next, a + j0 * (rs + cs), rs, cs, ipiv + j0, pw,
                                 lw);
        }
#pragma omp for schedule(dynamic, 1) nowait
        for (int64_t q = 0; q < nchunks; q++) {
            int64_t c0 = r0 + q * chunk, c1 = c0 + chunk < n ? c0 + chunk : n;
            update(call, m, a, rs, cs, ipiv, k, kb, c0, c1, 1);
        }
    }
    return pinfo;
}
#endif

/* Block width: small problems are one recursive panel; larger ones use blocks wide enough
 * for an efficient GEMM (k = nb) and narrow enough that the panel stays a small share.
 * Measured on Zen 5: 128 is best up to n ~ 2048; at n = 4096 a deeper trailing GEMM (192)
 * pays for its wider panel (sgetrf +5-10 %, dgetrf +0-2 %). */
static int64_t block_cols(int64_t mn)
{
    if (mn <= 192)
        return mn;
    return mn >= 3072 ? 192 : 128;
}

/* The factorization in blocks of nb columns with look-ahead. */
static int64_t blocked(const basis_call *call, int64_t m, int64_t n, float *a, int64_t rs,
                       int64_t cs, int64_t *ipiv)
{
    int64_t mn = m < n ? m : n;
    if (mn <= 0)
        return 0;
    int nt = call->threads;
#ifdef BASIS_WITH_OPENMP
    if (omp_in_parallel())
        nt = 1;
#else
    nt = 1;
#endif
    int64_t nb = block_cols(mn), kb = nb < mn ? nb : mn;
    /* One panel is factored at a time, so one workspace serves the whole call: a copy of
     * the panel when A is not column major, else (no memory) one of a leaf. */
    float *pw = rs == 1 ? NULL : basis_alloc((size_t)m * (size_t)kb * sizeof *pw);
    float *lw = rs == 1 || pw ? NULL : basis_alloc((size_t)m * LEAF * sizeof *lw);
    int64_t info = factor_panel(call, m, kb, a, rs, cs, ipiv, pw, lw);
    for (int64_t k = 0; k < mn; k += kb) {
        kb = mn - k < nb ? mn - k : nb;
        int64_t j0 = k + kb;
        if (j0 >= n)
            break;
        int64_t next = j0 < mn ? (mn - j0 < nb ? mn - j0 : nb) : 0, pinfo = 0;
#ifdef BASIS_WITH_OPENMP
        if (nt > 1 && next > 0 && n - j0 - next >= nb)
            pinfo = lookahead(call, m, n, a, rs, cs, ipiv, k, kb, j0, next, nt, pw, lw);
        else
#endif
        {
            update(call, m, a, rs, cs, ipiv, k, kb, j0, n, nt);
            if (next > 0)
                pinfo = factor_panel(call, m - j0, next, a + j0 * (rs + cs), rs, cs, ipiv + j0,
                                     pw, lw);
        }
        for (int64_t i = j0; i < j0 + next; i++)
            ipiv[i] += j0;
        if (info == 0 && pinfo > 0)
            info = pinfo + j0;
    }
    /* Each panel's L still needs the interchanges of the panels after it; deferred to here
     * because no later step reads it. Panels are independent column ranges. */
    int64_t np = (mn + nb - 1) / nb;
#ifdef BASIS_WITH_OPENMP
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1) if (nt > 1 && np > 2)
#endif
    for (int64_t p = 0; p < np - 1; p++)
        basis_slaswp(nb, a + p * nb * cs, rs, cs, (p + 1) * nb, mn, ipiv, 0, 1);
    basis_free(pw);
    basis_free(lw);
    return info;
}

/* Column major and at least as tall as wide, above basis_lu_top_cols() columns: halves, as panel()
 * does, down to blocks no wider factored by blocked(). The halves'
 * trailing updates are GEMMs with k = n/2, n/4, ... rather than nb, so the trailing matrix
 * is read and written a few times instead of once per block of nb columns. Measured on
 * Zen 5 (2026-11-29, basis-bench --ops=getrf, two rounds, GFLOP/s): sgetrf n = 4096 on 1
 * thread 177-180 against 160-165 blocked, on 2 threads 327-328 against 301-304; dgetrf
 * n = 3072-4096 on 2 threads 154-184 against 156-163. Fully recursive (no blocked() at
 * all) lost at n = 1024-2048 on 2 threads, where the blocked look-ahead hides the panels
 * behind the update; blocks up to 2048 columns keep it there, and halving below that
 * (1024, 384) measured within the noise. */
static int64_t top(const basis_call *call, int64_t m, int64_t n, float *a, int64_t cs,
                   int64_t *ipiv)
{
    if (n <= basis_lu_top_cols())
        return blocked(call, m, n, a, 1, cs, ipiv);
    int64_t n1 = n / 2 / TOP_ROUND * TOP_ROUND;
    if (n1 == 0) /* only under a test's lowered threshold */
        n1 = n / 2;
    int64_t n2 = n - n1;
    float *a12 = a + n1 * cs, *a21 = a + n1, *a22 = a + n1 * (1 + cs);
    int64_t info = top(call, m, n1, a, cs, ipiv);
    basis_slaswp(n2, a12, 1, cs, 0, n1, ipiv, 0, call->threads);
    basis_strsm_left(call, 1, 1, n1, n2, 1.0f, a, 1, cs, a12, 1, cs);
    basis_sgemm_sure(call, m - n1, n2, n1, -1.0f, a21, 1, cs, a12, 1, cs, 1.0f, a22, 1, cs);
    int64_t info2 = top(call, m - n1, n2, a22, cs, ipiv + n1);
    for (int64_t i = n1; i < n; i++)
        ipiv[i] += n1;
    basis_slaswp(n1, a, 1, cs, n1, n, ipiv, 0, call->threads);
    return info ? info : (info2 ? info2 + n1 : 0);
}

int64_t basis_sgetrf_blocked(const basis_call *call, int64_t m, int64_t n, float *a,
                             int64_t rs, int64_t cs, int64_t *ipiv)
{
    if (rs == 1 && m >= n && n > basis_lu_top_cols())
        return top(call, m, n, a, cs, ipiv);
    return blocked(call, m, n, a, rs, cs, ipiv);
}
