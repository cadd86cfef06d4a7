/* lu.cl: the LU family's device kernels besides GEMM: row interchanges, a triangular solve of one diagonal block, the identity (host/opencl/lu_cl.c drives them with gemm.cl's kernels). */

/* Tunables, each with a default so the file builds on its own; the host passes -D options.
 *   PRECISION  32 (float) or 64 (double)
 *   NB         the block size: the most rows lu_trsm_block solves (the LU's panel width)
 *   TW         lu_trsm_block's work-group size: columns of B per group (NB * TW reals of
 *              local memory)
 * Matrices are (buffer, offset, row stride rs, column stride cs), so row and column major
 * and transposes (swapped strides) share every kernel; one of rs, cs is 1. */
#ifndef PRECISION
#define PRECISION 32
#endif
#ifndef NB
#define NB 64
#endif
#ifndef TW
#define TW 32
#endif

#if PRECISION == 64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

/* Rows i and ipiv[i] swapped for i = k1 .. k2-1 (backward: k2-1 down to k1), in every
 * column of [0, ncols) outside [skip0, skip1) (the panel, which the host already swapped).
 * One work-item per column takes all its swaps in order, as LAPACK's laswp does; in row
 * major neighbouring work-items touch neighbouring addresses. */
__kernel void lu_laswp(const long ncols, __global real *a, const long off, const long rs,
                       const long cs, const long k1, const long k2, const long skip0,
                       const long skip1, __global const long *ipiv, const int backward)
{
    long j = (long)get_global_id(0);
    if (j >= ncols - (skip1 - skip0)) /* the launch range is rounded up */
        return;
    if (j >= skip0)
        j += skip1 - skip0;
    __global real *c = a + off + j * cs;
    for (long s = k1; s < k2; s++) {
        const long i = backward ? k2 - 1 - (s - k1) : s, p = ipiv[i];
        if (p != i) {
            const real t = c[i * rs];
            c[i * rs] = c[p * rs];
            c[p * rs] = t;
        }
    }
}

/* B := inv(T) B for one diagonal block: T kb x kb (kb <= NB) lower or upper triangular,
 * unit (diagonal taken as 1, not read) or not; B kb x w. A group stages TW columns of B in
 * local memory with coalesced loads in either layout, each work-item substitutes its own
 * column there (T's entries are the same address across the group), and the group stores
 * the block back. Division by the pivot as LAPACK's trsm does; columns past w compute on
 * zeros and are not stored. */
__kernel __attribute__((reqd_work_group_size(TW, 1, 1)))
void lu_trsm_block(const int kb, const long w, const int lower, const int unit,
                   __global const real *t, const long toff, const long trs, const long tcs,
                   __global real *b, const long boff, const long brs, const long bcs)
{
    __local real bl[NB * TW];
    const int lid = (int)get_local_id(0);
    const long c0 = (long)get_group_id(0) * TW;
    /* element e of the kb x TW tile: the unit-stride index runs fastest across work-items */
    for (int e = lid; e < kb * TW; e += TW) {
        const int i = brs == 1 ? e % kb : e / TW, c = brs == 1 ? e / kb : e % TW;
        bl[i * TW + c] = c0 + c < w ? b[boff + i * brs + (c0 + c) * bcs] : (real)0;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    t += toff;
    if (lower) {
        for (int p = 0; p < kb; p++) {
            real x = bl[p * TW + lid];
            if (!unit) {
                x /= t[p * trs + p * tcs];
                bl[p * TW + lid] = x;
            }
            for (int i = p + 1; i < kb; i++)
                bl[i * TW + lid] -= t[i * trs + p * tcs] * x;
        }
    } else {
        for (int p = kb - 1; p >= 0; p--) {
            real x = bl[p * TW + lid];
            if (!unit) {
                x /= t[p * trs + p * tcs];
                bl[p * TW + lid] = x;
            }
            for (int i = 0; i < p; i++)
                bl[i * TW + lid] -= t[i * trs + p * tcs] * x;
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int e = lid; e < kb * TW; e += TW) {
        const int i = brs == 1 ? e % kb : e / TW, c = brs == 1 ? e / kb : e % TW;
        if (c0 + c < w)
            b[boff + i * brs + (c0 + c) * bcs] = bl[i * TW + c];
    }
}

/* B := I (n x n): getri solves A X = I with the factors on the device. */
__kernel void lu_identity(const long n, __global real *b, const long rs, const long cs)
{
    const long i = (long)get_global_id(0), j = (long)get_global_id(1);
    if (i < n && j < n)
        b[i * rs + j * cs] = i == j ? (real)1 : (real)0;
}
