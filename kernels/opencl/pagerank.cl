/* pagerank.cl: PageRank on an OpenCL device: the SELL-8 pull SpMV (a work-item per row, a work-group per long chunk) and the fused update with one partial sum per work-group (host/opencl/pagerank_cl.c drives them). */

/* Tunables, each with a default so the file builds on its own; the host passes -D options.
 *   PRECISION  32 (float ranks) or 64 (double ranks)
 *   ACC64      1: residual and dangling partials in double (the device has fp64); 0: float
 *   WG         work-group size of the update kernel (a power of two)
 *   VWG        work-group size of the long-row SpMV: 8 lanes x VWG / 8 partial sums each
 *              (a power of two, at least 8)
 * The graph layout is host/graph.h's: slot p = 8 c + l, chunk c of (chunk_start[c+1] -
 * chunk_start[c]) / 8 steps, sources naming slots, padding entries naming n. Every vector
 * is in slot numbering; the host puts them in and out of node order. */
#ifndef PRECISION
#define PRECISION 32
#endif
#ifndef ACC64
#define ACC64 0
#endif
#ifndef WG
#define WG 256
#endif
#ifndef VWG
#define VWG 256
#endif

#if PRECISION == 64 || ACC64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
#if PRECISION == 64
typedef double real;
#else
typedef float real;
#endif
#if ACC64
typedef double acc;
#else
typedef float acc;
#endif

/* The CPU's results are the reference: no fused multiply-adds. */
#pragma OPENCL FP_CONTRACT OFF

/* y[p] = sum over k of xs[col[...]] for slot p = first + the work-item (sources and vectors
 * in slot numbering), added in k order from 0 as the CPU kernels do, so a row's sum has the
 * same bits on every target. One work-item per slot: the 8 lanes of a chunk read 8
 * consecutive col entries per step (coalesced) and write 8 consecutive sums. */
__kernel void pagerank_spmv(const long first, const long nslots,
                            __global const long *chunk_start, __global const uint *col,
                            __global const real *xs, __global real *y)
{
    long p = first + get_global_id(0);
    if (p >= nslots)
        return;
    long c = p / 8, l = p % 8;
    long e = chunk_start[c] + l, end = chunk_start[c + 1];
    real sum = 0;
    for (; e < end; e += 8)
        sum += xs[col[e]];
    y[p] = sum;
}

/* The same sums for the long chunks at the front (nodes sorted by in-degree): one
 * work-group per chunk. With a work-item per slot, the slowest of them walked its whole
 * row alone (18235 steps for cnr-2000's largest in-degree, against 10 on average) while
 * the rest of the device idled. Here work-item t takes lane t % 8 and the steps k = t / 8,
 * t / 8 + VWG / 8, ...: at each turn the work-group reads VWG consecutive col entries.
 * Each lane's VWG / 8 partial sums are then added in a fixed tree, so the sums do not
 * depend on timing, but their last bits differ from the CPU's k order. */
__kernel __attribute__((reqd_work_group_size(VWG, 1, 1)))
void pagerank_spmv_long(__global const long *chunk_start, __global const uint *col,
                        __global const real *xs, __global real *y)
{
    __local real part[VWG];
    long c = get_group_id(0);
    int t = (int)get_local_id(0);
    long e = chunk_start[c] + t, end = chunk_start[c + 1];
    real sum = 0;
    for (; e < end; e += VWG)
        sum += xs[col[e]];
    part[t] = sum;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = VWG / 2; s >= 8; s >>= 1) { /* s a multiple of 8: t and t + s share a lane */
        if (t < s)
            part[t] += part[t + s];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (t < 8)
        y[c * 8 + t] = part[t];
}

/* x_new[i] = d y[i] + (v ? cv v[i] : base) for slot i; x and xs = x_new * inv written in
 * place; each work-group leaves sum |x_new - x| and the dangling rank (inv == 0) of its WG
 * slots in part[2 g], part[2 g + 1], summed in a fixed tree order. */
__kernel __attribute__((reqd_work_group_size(WG, 1, 1)))
void pagerank_update(const long n, const acc d, const acc cv, const acc base,
                     __global const real *y, __global const real *inv,
                     __global const real *v, const int has_v, __global real *x,
                     __global real *xs, __global acc *part)
{
    __local acc lr[WG], ld[WG];
    long i = get_global_id(0);
    int t = (int)get_local_id(0);
    acc r = 0, dg = 0;
    if (i < n) {
        real xn = (real)(d * (acc)y[i] + (has_v ? cv * (acc)v[i] : base));
        r = fabs((acc)xn - (acc)x[i]);
        dg = inv[i] == 0 ? (acc)xn : (acc)0;
        x[i] = xn;
        xs[i] = xn * inv[i];
    }
    lr[t] = r;
    ld[t] = dg;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = WG / 2; s > 0; s >>= 1) {
        if (t < s) {
            lr[t] += lr[t + s];
            ld[t] += ld[t + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (t == 0) {
        part[2 * get_group_id(0)] = lr[0];
        part[2 * get_group_id(0) + 1] = ld[0];
    }
}
