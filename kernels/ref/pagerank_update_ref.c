/* pagerank_update_ref.c: the reference PageRank update kernels (s and d): new ranks, scaled ranks and the lane sums of the change and of the dangling rank. */
#include <math.h>

#include "ukernel.h"

/* personalized is a constant at each call (the kernels below pass 0 or 1), so the uniform
 * case never loads v. */
static inline __attribute__((always_inline)) void
s_nodes(const int personalized, int64_t i0, int64_t i1, double d, double c, double base,
        const float *v, const float *y, const float *inv, float *x, float *xs, double r[4],
        double dg[4])
{
    for (int64_t i = i0; i < i1; i++) {
        int l = (int)((i - i0) & 3);
        float xn = (float)(d * (double)y[i] + (personalized ? c * (double)v[i] : base));
        r[l] += fabs((double)xn - (double)x[i]);
        dg[l] += inv[i] == 0.0f ? (double)xn : 0.0;
        x[i] = xn;
        xs[i] = xn * inv[i];
    }
}

void basis_spagerank_update_ref(int64_t i0, int64_t i1, double d, double c, double base,
                                const float *v, const float *y, const float *inv, float *x,
                                float *xs, double r[4], double dg[4])
{
    if (v)
        s_nodes(1, i0, i1, d, c, base, v, y, inv, x, xs, r, dg);
    else
        s_nodes(0, i0, i1, d, c, base, v, y, inv, x, xs, r, dg);
}

static inline __attribute__((always_inline)) void
d_nodes(const int personalized, int64_t i0, int64_t i1, double d, double c, double base,
        const double *v, const double *y, const double *inv, double *x, double *xs,
        double r[4], double dg[4])
{
    for (int64_t i = i0; i < i1; i++) {
        int l = (int)((i - i0) & 3);
        double xn = d * y[i] + (personalized ? c * v[i] : base);
        r[l] += fabs(xn - x[i]);
        dg[l] += inv[i] == 0.0 ? xn : 0.0;
        x[i] = xn;
        xs[i] = xn * inv[i];
    }
}

void basis_dpagerank_update_ref(int64_t i0, int64_t i1, double d, double c, double base,
                                const double *v, const double *y, const double *inv, double *x,
                                double *xs, double r[4], double dg[4])
{
    if (v)
        d_nodes(1, i0, i1, d, c, base, v, y, inv, x, xs, r, dg);
    else
        d_nodes(0, i0, i1, d, c, base, v, y, inv, x, xs, r, dg);
}
