/* power.cl: dense power iteration on an OpenCL device: the gemv w = A x (row- and column-major kernels) with per-work-group norm and dot partials, and the residual-plus-normalization update (host/opencl/power_cl.c drives them). */

/* Tunables, each with a default so the file builds on its own; the host passes -D options.
 *   PRECISION  32 (float) or 64 (double) matrix and vectors
 *   ACC64      1: the partials in double (the device has fp64); 0: in the matrix's type
 *   ROW_TJ     work-items sharing one row in the row-major gemv (a power of two)
 *   ROW_TR     rows per work-group in the row-major gemv
 *   COL_TI     rows per work-group in the column-major gemv
 *   COL_TJ     column slices per row in the column-major gemv (a power of two)
 *   WG         work-group size of the update kernel (a power of two)
 * A is n x n, dense with leading dimension n (the host packs the caller's lda away). */
#ifndef PRECISION
#define PRECISION 32
#endif
#ifndef ACC64
#define ACC64 0
#endif
#ifndef ROW_TJ
#define ROW_TJ 32
#endif
#ifndef ROW_TR
#define ROW_TR 8
#endif
#ifndef COL_TI
#define COL_TI 32
#endif
#ifndef COL_TJ
#define COL_TJ 8
#endif
#ifndef WG
#define WG 256
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

/* One work-group's partials over its count rows of w (at wv[k * stride]): the largest
 * |w_i|, sum (w_i / that)^2, sum x_i w_i and sum xp_i w_i (xp the previous iterate, for
 * the host's test of the plane of x and A x). The squares are scaled so that they can
 * neither overflow nor underflow whatever the magnitude of A (the host combines the
 * groups' scales); one work-item adds them in row order, so the bits never depend on
 * timing. */
static void gemv_partials(__local const real *wv, int stride, int count,
                          __global const real *x, __global const real *xp, __global acc *out)
{
    acc m = 0, ssq = 0, dot = 0, dotp = 0;
    for (int k = 0; k < count; k++)
        m = fmax(m, fabs((acc)wv[k * stride]));
    for (int k = 0; k < count; k++) {
        acc wk = (acc)wv[k * stride];
        acc t = m > 0 ? wk / m : (acc)0;
        ssq += t * t;
        dot += (acc)x[k] * wk;
        dotp += (acc)xp[k] * wk;
    }
    out[0] = m;
    out[1] = ssq;
    out[2] = dot;
    out[3] = dotp;
}

/* Row-major A: ROW_TJ work-items per row read consecutive entries of it (coalesced) and
 * add their strided sums in a fixed tree; ROW_TR rows per group. part gets 4 numbers per
 * group (gemv_partials). */
__kernel __attribute__((reqd_work_group_size(ROW_TJ, ROW_TR, 1)))
void power_gemv_rows(const long n, __global const real *a, __global const real *x,
                     __global const real *xp, __global real *w, __global acc *part)
{
    __local real sum[ROW_TR][ROW_TJ];
    int p = (int)get_local_id(0), r = (int)get_local_id(1);
    long i0 = (long)get_group_id(1) * ROW_TR, i = i0 + r;
    real s = 0;
    if (i < n) {
        __global const real *row = a + i * n;
        for (long j = p; j < n; j += ROW_TJ)
            s += row[j] * x[j];
    }
    sum[r][p] = s;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int h = ROW_TJ / 2; h > 0; h >>= 1) {
        if (p < h)
            sum[r][p] += sum[r][p + h];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (p == 0 && i < n)
        w[i] = sum[r][0];
    if (p == 0 && r == 0) {
        long left = n - i0;
        gemv_partials(&sum[0][0], ROW_TJ, (int)(left < ROW_TR ? left : ROW_TR), x + i0,
                      xp + i0, part + 4 * get_group_id(1));
    }
}

/* Column-major A: the COL_TI work-items of a slice take consecutive rows, so for each
 * column they read consecutive addresses (coalesced, where a work-item per row in the
 * row-major kernel would stride by n); COL_TJ slices take the columns j = p mod COL_TJ
 * and are added in a fixed tree. */
__kernel __attribute__((reqd_work_group_size(COL_TI, COL_TJ, 1)))
void power_gemv_cols(const long n, __global const real *a, __global const real *x,
                     __global const real *xp, __global real *w, __global acc *part)
{
    __local real sum[COL_TJ][COL_TI];
    int r = (int)get_local_id(0), p = (int)get_local_id(1);
    long i0 = (long)get_group_id(0) * COL_TI, i = i0 + r;
    real s = 0;
    if (i < n)
        for (long j = p; j < n; j += COL_TJ)
            s += a[i + j * n] * x[j];
    sum[p][r] = s;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int h = COL_TJ / 2; h > 0; h >>= 1) {
        if (p < h)
            sum[p][r] += sum[p + h][r];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (p == 0 && i < n)
        w[i] = sum[0][r];
    if (p == 0 && r == 0) {
        long left = n - i0;
        gemv_partials(&sum[0][0], 1, (int)(left < COL_TI ? left : COL_TI), x + i0, xp + i0,
                      part + 4 * get_group_id(0));
    }
}

/* The residual r = w - lambda x, as the CPU's axpy forms it in the matrix's type, and the
 * host's plane measure z = w - tr x + beta xp (xp the previous iterate; on the first
 * iteration the host passes x and zeros and ignores z), each reduced to (max |.|,
 * sum (. / max)^2) per group in part[4 g .. 4 g + 3], both in the same trees; and the
 * next iterate w / ||w|| into xn, a buffer apart from x and xp because x is the answer
 * when the host finds the residual small enough, and from the best pair's vector, which
 * the host keeps. */
__kernel __attribute__((reqd_work_group_size(WG, 1, 1)))
void power_update(const long n, const real lambda, const real wn, const real tr,
                  const real beta, __global const real *w, __global const real *x,
                  __global const real *xp, __global real *xn, __global acc *part)
{
    __local acc mr[WG], mz[WG], sr[WG], sz[WG];
    long i = get_global_id(0);
    int t = (int)get_local_id(0);
    acc r = 0, z = 0;
    if (i < n) {
        real wi = w[i], xi = x[i];
        r = fabs((acc)(wi - lambda * xi));
        real zi = wi - tr * xi;
        z = fabs((acc)(zi + beta * xp[i]));
        xn[i] = wi / wn;
    }
    mr[t] = r;
    mz[t] = z;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int h = WG / 2; h > 0; h >>= 1) {
        if (t < h) {
            mr[t] = fmax(mr[t], mr[t + h]);
            mz[t] = fmax(mz[t], mz[t + h]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    acc rmax = mr[0], zmax = mz[0];
    acc qr = rmax > 0 ? r / rmax : (acc)0, qz = zmax > 0 ? z / zmax : (acc)0;
    sr[t] = qr * qr;
    sz[t] = qz * qz;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int h = WG / 2; h > 0; h >>= 1) {
        if (t < h) {
            sr[t] += sr[t + h];
            sz[t] += sz[t + h];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (t == 0) {
        part[4 * get_group_id(0)] = rmax;
        part[4 * get_group_id(0) + 1] = sr[0];
        part[4 * get_group_id(0) + 2] = zmax;
        part[4 * get_group_id(0) + 3] = sz[0];
    }
}
