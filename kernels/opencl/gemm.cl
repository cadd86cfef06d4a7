/* gemm.cl: C := alpha A B + beta C on an OpenCL device: a pack kernel, a tiled kernel on
 * packed panels (local memory and register blocking, vector loads) and a direct kernel for
 * small or odd shapes. The host turns every layout and transpose into one canonical
 * problem: C is m x n column major (ldc), A and B are read through (row, column) strides.
 *
 * Every tunable has a default here; the host passes its tuned values as -D options.
 *   PRECISION     32 (float) or 64 (double)
 *   MWG, NWG      the work-group's tile of C (rows, columns)
 *   KWG           the k depth of one local-memory stage (and of the inner unrolled loop)
 *   MDIMC, NDIMC  work-group size; each work-item computes (MWG/MDIMC) x (NWG/NDIMC) of C
 *   VW            vector width along m (A loads, C accumulators and stores): 1, 2, 4, 8, 16
 *   VWN           vector width along n (B loads): 1, 2, 4; a work-item's columns come in
 *                 runs of VWN, so one local-memory load feeds VWN columns
 *   SA, SB        1: stage the A (B) tile through local memory; 0: read the packed panel
 *                 directly (CPU devices, where the caches do that job)
 *   DB            1 (with SA and SB): two local buffers; the next stage's global loads are
 *                 issued before the current stage's arithmetic and stored after it, so
 *                 their latency hides behind it and one barrier per stage suffices
 *   DWM, DWN      the direct kernel's block per work-item; DMDIM, DNDIM its work-group size
 * Constraints (checked by the host): MWG % (MDIMC*VW) == 0, NWG % (NDIMC*VWN) == 0. */

#ifndef PRECISION
#define PRECISION 32
#endif
#ifndef MWG
#define MWG 64
#endif
#ifndef NWG
#define NWG 64
#endif
#ifndef KWG
#define KWG 16
#endif
#ifndef MDIMC
#define MDIMC 8
#endif
#ifndef NDIMC
#define NDIMC 8
#endif
#ifndef VW
#define VW 4
#endif
#ifndef VWN
#define VWN 1
#endif
#ifndef SA
#define SA 1
#endif
#ifndef SB
#define SB 1
#endif
#ifndef DB
#define DB 0
#endif
#ifndef DWM
#define DWM 4
#endif
#ifndef DWN
#define DWN 4
#endif
#ifndef DMDIM
#define DMDIM 8
#endif
#ifndef DNDIM
#define DNDIM 8
#endif

#if PRECISION == 64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define REAL double
#else
#define REAL float
#endif
typedef REAL real;

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#if VW == 1
typedef real realv;
#define VLOAD(p) (*(p))
#define VSTORE(v, p) (*(p) = (v))
#else
typedef CAT(REAL, VW) realv;
#define VLOAD(p) CAT(vload, VW)(0, (p))
#define VSTORE(v, p) CAT(vstore, VW)((v), 0, (p))
#endif

#if VWN == 1
typedef real realw;
#define WLOAD(p) (*(p))
#define SPLIT(d, v) ((d)[0] = (v))
#else
typedef CAT(REAL, VWN) realw;
#define WLOAD(p) CAT(vload, VWN)(0, (p))
#if VWN == 2
#define SPLIT(d, v) ((d)[0] = (v).s0, (d)[1] = (v).s1)
#else
#define SPLIT(d, v) ((d)[0] = (v).s0, (d)[1] = (v).s1, (d)[2] = (v).s2, (d)[3] = (v).s3)
#endif
#endif

#define MWI (MWG / MDIMC)    /* rows of C per work-item */
#define NWI (NWG / NDIMC)    /* columns of C per work-item */
#define MWV (MWI / VW)       /* ... in vectors */
#define NWV (NWI / VWN)      /* ... in runs of VWN columns */
#define MWGV (MWG / VW)      /* the tile's rows in vectors */
#define NWGV (NWG / VWN)     /* the tile's columns in runs */
#define WGS (MDIMC * NDIMC)  /* work-items per group */
#define LDA ((KWG * MWGV + WGS - 1) / WGS) /* a work-item's share of a stage's A vectors */
#define LDB ((KWG * NWGV + WGS - 1) / WGS) /* ... and of its B runs */
#if DB && !(SA && SB)
#undef DB
#define DB 0 /* the host never asks for it: DB needs both tiles in local memory */
#endif

/* DB: one stage's tiles from the packed panels into registers (ra, rb), then into local
 * buffer `bf`; element t of the stage is read by work-item t % WGS, so neighbours read
 * neighbours. Each is one loop of LDA (LDB) steps, unrolled where it is used so that ra
 * and rb stay in registers. */
#if DB
#define FETCH_A(p0)                                                                        \
    for (int l = 0; l < LDA; l++)                                                          \
        if (lid + l * WGS < KWG * MWGV)                                                    \
            ra[l] = VLOAD(apan + (long)(p0) * MWG + (lid + l * WGS) * VW)
#define STORE_A(bf)                                                                        \
    for (int l = 0; l < LDA; l++)                                                          \
        if (lid + l * WGS < KWG * MWGV)                                                    \
            ATILE(bf, lid + l * WGS) = ra[l]
#define FETCH_B(p0)                                                                        \
    for (int l = 0; l < LDB; l++)                                                          \
        if (lid + l * WGS < KWG * NWGV)                                                    \
            rb[l] = WLOAD(bpan + (long)(p0) * NWG + (lid + l * WGS) * VWN)
#define STORE_B(bf)                                                                        \
    for (int l = 0; l < LDB; l++)                                                          \
        if (lid + l * WGS < KWG * NWGV)                                                    \
            BTILE(bf, lid + l * WGS) = rb[l]
#endif

/* Packs op(A) (rows x cols, element (i, p) at a[off + i*rs + p*cs]) into panels of `tile`
 * rows: element (i, p) goes to out[(i / tile) * tile * kp + p * tile + i % tile], zero
 * outside rows x cols (up to ipad rows, kp columns), so the tiled kernel needs no bounds
 * checks. One work-item per element, i fastest (coalesced writes). B is packed as op(B)^T. */
__kernel void gemm_pack(const int rows, const int cols, const int ipad, const int tile,
                        const int kp, const __global real *restrict a, const long off,
                        const long rs, const long cs, __global real *restrict out)
{
    const int i = (int)get_global_id(0);
    const int p = (int)get_global_id(1);
    if (i >= ipad || p >= kp) /* the launch range is rounded up to the work-group size */
        return;
    real v = 0;
    if (i < rows && p < cols)
        v = a[off + i * rs + p * cs];
    out[(long)(i / tile) * tile * kp + (long)p * tile + i % tile] = v;
}

/* The tiled kernel: group (gx, gy) computes C[gx*MWG .. +MWG, gy*NWG .. +NWG] from the A
 * panel gx and the B panel gy (kp deep, a multiple of KWG). Work-item (tx, ty) holds rows
 * gx*MWG + (r*MDIMC + tx)*VW + v and columns gy*NWG + (q*NDIMC + ty)*VWN + w, so
 * neighbouring work-items read neighbouring vectors (and a warp's B reads are a few
 * broadcasts). Stores are bounds-checked against m x n. */
__kernel __attribute__((reqd_work_group_size(MDIMC, NDIMC, 1)))
void gemm_tiled(const int m, const int n, const int kp, const real alpha,
                const __global real *restrict ap, const __global real *restrict bp,
                const real beta, __global real *restrict c, const long c_off, const long ldc)
{
    const int tx = (int)get_local_id(0), ty = (int)get_local_id(1);
    const int gx = (int)get_group_id(0), gy = (int)get_group_id(1);
    const __global real *apan = ap + (long)gx * MWG * kp;
    const __global real *bpan = bp + (long)gy * NWG * kp;
    /* the local tiles: two buffers with DB (ATILE(b, i): element i of buffer b), one
     * without, declared flat then, as before DB existed */
#if DB
    __local realv as[2][KWG * MWGV];
    __local realw bs[2][KWG * NWGV];
#define ATILE(b, i) as[b][i]
#define BTILE(b, i) bs[b][i]
#else
#if SA
    __local realv as[KWG * MWGV];
#endif
#if SB
    __local realw bs[KWG * NWGV];
#endif
#define ATILE(b, i) as[i]
#define BTILE(b, i) bs[i]
#endif
#if DB
    realv ra[LDA];
    realw rb[LDB];
#endif
#if SA || SB
    const int lid = ty * MDIMC + tx;
#endif
    realv acc[NWI][MWV];
    for (int cc = 0; cc < NWI; cc++)
        for (int r = 0; r < MWV; r++)
            acc[cc][r] = (realv)0;

#if DB
    int buf = 0; /* the local buffer the arithmetic reads (ATILE ignores it without DB) */
#pragma unroll
    FETCH_A(0);
#pragma unroll
    FETCH_B(0);
#pragma unroll
    STORE_A(0);
#pragma unroll
    STORE_B(0);
    barrier(CLK_LOCAL_MEM_FENCE);
#endif
    for (int p0 = 0; p0 < kp; p0 += KWG) {
#if DB
        /* the next stage's loads go out now; the arithmetic below hides their latency */
        const int more = p0 + KWG < kp;
        if (more) {
#pragma unroll
            FETCH_A(p0 + KWG);
#pragma unroll
            FETCH_B(p0 + KWG);
        }
#else
#if SA
        for (int t = lid; t < KWG * MWGV; t += WGS)
            ATILE(0, t) = VLOAD(apan + (long)p0 * MWG + t * VW);
#endif
#if SB && VWN == 1
        for (int t = lid; t < KWG * NWG; t += WGS)
            BTILE(0, t) = bpan[(long)p0 * NWG + t];
#elif SB
        for (int t = lid; t < KWG * NWGV; t += WGS)
            BTILE(0, t) = WLOAD(bpan + (long)p0 * NWG + t * VWN);
#endif
#if SA || SB
        barrier(CLK_LOCAL_MEM_FENCE);
#endif
#endif
#pragma unroll
        for (int pp = 0; pp < KWG; pp++) {
            realv av[MWV];
#pragma unroll
            for (int r = 0; r < MWV; r++) {
#if SA
                av[r] = ATILE(buf, pp * MWGV + r * MDIMC + tx);
#else
                av[r] = VLOAD(apan + (long)(p0 + pp) * MWG + (r * MDIMC + tx) * VW);
#endif
            }
#pragma unroll
            for (int q = 0; q < NWV; q++) {
#if SB
                const realw bw = BTILE(buf, pp * NWGV + q * NDIMC + ty);
#elif VWN == 1
                const real bw = bpan[(long)(p0 + pp) * NWG + q * NDIMC + ty];
#else
                const realw bw = WLOAD(bpan + (long)(p0 + pp) * NWG + (q * NDIMC + ty) * VWN);
#endif
                /* each run's columns used at once: on a CPU device the accumulators fill the
                 * vector registers, and B values held longer would spill them (with VWN 1
                 * the loads, products and stores are written as before VWN existed: the same
                 * code for the measured entries) */
#if VWN == 1
#pragma unroll
                for (int r = 0; r < MWV; r++)
                    acc[q][r] = mad(av[r], (realv)bw, acc[q][r]);
#else
                real bc[VWN];
                SPLIT(bc, bw);
#pragma unroll
                for (int w = 0; w < VWN; w++)
#pragma unroll
                    for (int r = 0; r < MWV; r++)
                        acc[q * VWN + w][r] = mad(av[r], (realv)bc[w], acc[q * VWN + w][r]);
#endif
            }
        }
#if DB
        /* the other buffer was last read before the previous barrier: free to fill */
        if (more) {
#pragma unroll
            STORE_A(buf ^ 1);
#pragma unroll
            STORE_B(buf ^ 1);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        buf ^= 1;
#elif SA || SB
        barrier(CLK_LOCAL_MEM_FENCE);
#endif
    }

    for (int cc = 0; cc < NWI; cc++) {
#if VWN == 1
        const int j = gy * NWG + cc * NDIMC + ty;
#else
        const int j = gy * NWG + ((cc / VWN) * NDIMC + ty) * VWN + cc % VWN;
#endif
        if (j >= n)
            continue;
        __global real *cj = c + c_off + j * ldc;
        for (int r = 0; r < MWV; r++) {
            const int i = gx * MWG + (r * MDIMC + tx) * VW;
            if (i >= m)
                continue;
            realv v = alpha * acc[cc][r];
            if (i + VW <= m) {
                if (beta != (real)0)
                    v = mad((realv)beta, VLOAD(cj + i), v);
                VSTORE(v, cj + i);
            } else {
                const real *vs = (const real *)&v;
                for (int e = 0; e < VW && i + e < m; e++) {
                    real s = vs[e];
                    if (beta != (real)0)
                        s = mad(beta, cj[i + e], s);
                    cj[i + e] = s;
                }
            }
        }
    }
}

/* The direct kernel: no packing, any strides, bounds checks everywhere; each work-item
 * computes a DWM x DWN block of C, rows and columns strided by the group size. k = 0 (also
 * how the host asks for C := beta C when alpha == 0) never reads A or B. */
__kernel __attribute__((reqd_work_group_size(DMDIM, DNDIM, 1)))
void gemm_direct(const int m, const int n, const int k, const real alpha,
                 const __global real *restrict a, const long a_off, const long rsa,
                 const long csa, const __global real *restrict b, const long b_off,
                 const long rsb, const long csb, const real beta, __global real *restrict c,
                 const long c_off, const long ldc)
{
    const int i0 = (int)get_group_id(0) * DMDIM * DWM + (int)get_local_id(0);
    const int j0 = (int)get_group_id(1) * DNDIM * DWN + (int)get_local_id(1);
    real acc[DWN][DWM];
    for (int jj = 0; jj < DWN; jj++)
        for (int ii = 0; ii < DWM; ii++)
            acc[jj][ii] = 0;
    for (int p = 0; p < k; p++) {
        real av[DWM], bv[DWN];
        for (int ii = 0; ii < DWM; ii++) {
            const int i = min(i0 + ii * DMDIM, m - 1); /* clamped: results beyond m dropped */
            av[ii] = a[a_off + i * rsa + p * csa];
        }
        for (int jj = 0; jj < DWN; jj++) {
            const int j = min(j0 + jj * DNDIM, n - 1);
            bv[jj] = b[b_off + p * rsb + j * csb];
        }
        for (int jj = 0; jj < DWN; jj++)
            for (int ii = 0; ii < DWM; ii++)
                acc[jj][ii] = mad(av[ii], bv[jj], acc[jj][ii]);
    }
    for (int jj = 0; jj < DWN; jj++) {
        const int j = j0 + jj * DNDIM;
        if (j >= n)
            break;
        for (int ii = 0; ii < DWM; ii++) {
            const int i = i0 + ii * DMDIM;
            if (i >= m)
                break;
            const long at = c_off + i + j * ldc;
            real v = alpha * acc[jj][ii];
            if (beta != (real)0)
                v = mad(beta, c[at], v);
            c[at] = v;
        }
    }
}
