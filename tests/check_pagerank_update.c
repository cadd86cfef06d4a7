/* check_pagerank_update.c: every target's PageRank update kernels (s and d) against the reference, bitwise: new ranks, scaled ranks, lane sums, and nothing written outside the range. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "testutil.h"

/* The kernel contract (ukernel.h) fixes every rounding and the order of the four lane
 * sums, so a target must return the reference's bits. Ranges: empty, shorter than one
 * vector, every tail length, a whole block, and starts that are not multiples of 4 or 8
 * (the lanes count from i0). Inputs: y and x of mixed magnitudes, a fifth of the nodes
 * dangling (inv = 0), uniform and personalized teleport, and lane sums that start nonzero
 * (the kernel adds to them). Slots around the range hold NaN and must stay NaN. Then
 * inputs built so that an FMA would show (check_fma_trap). */

enum { PAD = 8, NMAX = 2100 };

static void fill(double *yd, double *xd, double *invd, double *vd, float *yf, float *xf,
                 float *invf, float *vf, int64_t n)
{
    for (int64_t i = 0; i < n; i++) {
        double u = bt_uniform() * 0.5 + 0.5; /* [0, 1) */
        yd[i] = u * 1e-3 * (i % 5 == 0 ? 1e-4 : 1.0);
        xd[i] = (bt_uniform() * 0.5 + 0.5) * 1e-3;
        invd[i] = i % 5 == 3 ? 0.0 : 1.0 / (double)(1 + i % 17);
        vd[i] = bt_uniform() * 0.5 + 0.5;
        yf[i] = (float)yd[i], xf[i] = (float)xd[i], invf[i] = (float)invd[i];
        vf[i] = (float)vd[i];
    }
}

static int same(const void *a, const void *b, size_t bytes)
{
    return memcmp(a, b, bytes) == 0;
}

/* The first lane where two sets of lane sums differ (0 when none does). */
static int lane_of(const double *a, const double *b)
{
    for (int l = 0; l < 4; l++)
        if (memcmp(&a[l], &b[l], sizeof a[l]) != 0)
            return l;
    return 0;
}

/* One kernel's outputs against the reference's: ranks_same says whether x and xs matched
 * bit for bit; the four lane sums of the change and of the dangling rank must too. */
static void compare(const char *name, const char *op, int64_t i0, int64_t i1,
                    int personalized, int ranks_same, const double rt[4], const double rr[4],
                    const double gt[4], const double gr[4])
{
    BT_CHECK(ranks_same, "%s %s [%lld, %lld) %s: ranks differ from the reference", name, op,
             (long long)i0, (long long)i1, personalized ? "personalized" : "uniform");
    BT_CHECK(same(rt, rr, 4 * sizeof *rt) && same(gt, gr, 4 * sizeof *gt),
             "%s %s [%lld, %lld) %s: lane sums differ from the reference "
             "(change lane %d: %.17g against %.17g; dangling lane %d: %.17g against %.17g)",
             name, op, (long long)i0, (long long)i1, personalized ? "personalized" : "uniform",
             lane_of(rt, rr), rt[lane_of(rt, rr)], rr[lane_of(rt, rr)], lane_of(gt, gr),
             gt[lane_of(gt, gr)], gr[lane_of(gt, gr)]);
}

static void check_range(const basis_kernels *k, const char *name, int64_t i0, int64_t i1,
                        int personalized)
{
    static double yd[NMAX], xd[NMAX], invd[NMAX], vd[NMAX];
    static float yf[NMAX], xf[NMAX], invf[NMAX], vf[NMAX];
    static double xd_t[NMAX], xsd_t[NMAX], xd_r[NMAX], xsd_r[NMAX];
    static float xf_t[NMAX], xsf_t[NMAX], xf_r[NMAX], xsf_r[NMAX];
    int64_t n = i1 + PAD;
    fill(yd, xd, invd, vd, yf, xf, invf, vf, n);
    for (int64_t i = 0; i < n; i++) {
        int inside = i >= i0 && i < i1;
        xd_t[i] = xd_r[i] = xd[i];
        xf_t[i] = xf_r[i] = xf[i];
        xsd_t[i] = xsd_r[i] = inside ? -1.0 : NAN;
        xsf_t[i] = xsf_r[i] = inside ? -1.0f : NAN;
        if (!inside)
            xd_t[i] = xd_r[i] = NAN, xf_t[i] = xf_r[i] = NAN;
    }
    const double d = 0.85, c = 0.15 + 1e-3 * (double)i0, base = c / 1000.0;
    double r0[4] = {0.25, 1e-9, 0.0, 3.0}, g0[4] = {1e-7, 0.0, 2.0, 0.5};
    double rt[4], gt[4], rr[4], gr[4];

    memcpy(rt, r0, sizeof rt), memcpy(rr, r0, sizeof rr);
    memcpy(gt, g0, sizeof gt), memcpy(gr, g0, sizeof gr);
    basis_dpagerank_update_ref(i0, i1, d, c, base, personalized ? vd : NULL, yd, invd, xd_r,
                               xsd_r, rr, gr);
    k->dpagerank_update(i0, i1, d, c, base, personalized ? vd : NULL, yd, invd, xd_t, xsd_t,
                        rt, gt);
    compare(name, "dpagerank_update", i0, i1, personalized,
            same(xd_t, xd_r, sizeof(double) * (size_t)n) &&
                same(xsd_t, xsd_r, sizeof(double) * (size_t)n),
            rt, rr, gt, gr);

    memcpy(rt, r0, sizeof rt), memcpy(rr, r0, sizeof rr);
    memcpy(gt, g0, sizeof gt), memcpy(gr, g0, sizeof gr);
    basis_spagerank_update_ref(i0, i1, d, c, base, personalized ? vf : NULL, yf, invf, xf_r,
                               xsf_r, rr, gr);
    k->spagerank_update(i0, i1, d, c, base, personalized ? vf : NULL, yf, invf, xf_t, xsf_t,
                        rt, gt);
    compare(name, "spagerank_update", i0, i1, personalized,
            same(xf_t, xf_r, sizeof(float) * (size_t)n) &&
                same(xsf_t, xsf_r, sizeof(float) * (size_t)n),
            rt, rr, gt, gr);
}

/* The reference itself, against the formula written out node by node. */
static void check_reference(void)
{
    enum { N = 11 };
    double y[N], x[N], inv[N], v[N], xs[N], r[4] = {0}, g[4] = {0};
    float yf[N], xf[N], invf[N], vf[N];
    fill(y, x, inv, v, yf, xf, invf, vf, N);
    double x0[N], want_r[4] = {0}, want_g[4] = {0};
    memcpy(x0, x, sizeof x0);
    basis_dpagerank_update_ref(0, N, 0.85, 0.2, 0.01, v, y, inv, x, xs, r, g);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        double xn = 0.85 * y[i] + 0.2 * v[i];
        want_r[i % 4] += fabs(xn - x0[i]);
        want_g[i % 4] += inv[i] == 0.0 ? xn : 0.0;
        bad += x[i] != xn || xs[i] != xn * inv[i];
    }
    BT_CHECK(bad == 0 && same(r, want_r, sizeof r) && same(g, want_g, sizeof g),
             "reference dpagerank_update: %d nodes or the lane sums differ from the formula",
             bad);
}

/* Inputs where fusing d * y + t into one FMA changes the answer: with P = d * y rounded
 * and e = d * y - P (exact, from fma) positive, t = m - P for a float halfway point m far
 * below P. Rounded apart (the contract), d * y + t is m exactly, which rounds to even in
 * float; fused, it is m + e, which rounds up (float) or stays m + e (double). Random data
 * would catch a fused float kernel only by luck: the fused double differs from the
 * rounded one by at most one double ulp, which rarely moves the float rounding. Every
 * node gets the same y, so the vector body and the tail are both tried. */
static void check_fma_trap(const basis_kernels *k, const char *name)
{
    enum { N = 21 };
    const double d = 0.85;
    float y = 0.3f;
    volatile double prod; /* d * y rounded on its own */
    double e = 0.0;
    for (int tries = 0; tries < 1000 && !(e > 0.0); tries++) {
        y = nextafterf(y, 1.0f);
        prod = d * (double)y;
        e = fma(d, (double)y, -prod);
    }
    BT_CHECK(e > 0.0, "no y found where d * y is inexact upward");
    const double m = ldexp(1.0, -30) + ldexp(1.0, -54); /* a float halfway point */
    const double t = m - prod; /* exact: both are multiples of 2^-54 below 1/2 */
    float yf[N], invf[N], xf[N], xsf[N];
    double yd[N], invd[N], xd[N], xsd[N], r[4] = {0}, g[4] = {0};
    for (int i = 0; i < N; i++) {
        yf[i] = y, invf[i] = 1.0f, xf[i] = 0.0f;
        yd[i] = (double)y, invd[i] = 1.0, xd[i] = 0.0;
    }
    k->spagerank_update(0, N, d, 0.0, t, NULL, yf, invf, xf, xsf, r, g);
    int bad = 0;
    for (int i = 0; i < N; i++)
        bad += xf[i] != (float)m;
    BT_CHECK(bad == 0, "%s spagerank_update: %d of %d nodes fused d * y + t into one FMA "
             "(%.9g, want %.9g)", name, bad, N, (double)xf[0], (double)(float)m);
    k->dpagerank_update(0, N, d, 0.0, t, NULL, yd, invd, xd, xsd, r, g);
    bad = 0;
    for (int i = 0; i < N; i++)
        bad += xd[i] != m;
    BT_CHECK(bad == 0, "%s dpagerank_update: %d of %d nodes fused d * y + t into one FMA "
             "(%.17g, want %.17g)", name, bad, N, xd[0], m);
}

int main(void)
{
    static const basis_backend targets[] = {BASIS_BACKEND_AVX2, BASIS_BACKEND_AVX512,
                                            BASIS_BACKEND_NEON};
    static const int64_t ranges[][2] = {{0, 0}, {0, 1}, {0, 3}, {0, 4}, {0, 7}, {0, 8},
                                        {0, 9}, {0, 15}, {0, 16}, {0, 17}, {0, 31},
                                        {3, 30}, {5, 6}, {6, 41}, {8, 2056}, {2048, 2091}};
    bt_seed(4242);
    printf("check_pagerank_update: PageRank update kernels against the reference\n");
    check_reference();
    check_fma_trap(basis_target_kernels(BASIS_BACKEND_REF), "ref");
    int tested = 0;
    for (int t = 0; t < 3; t++) {
        const basis_kernels *k = basis_target_kernels(targets[t]);
        if (!k)
            continue;
        tested++;
        check_fma_trap(k, basis_backend_name(targets[t]));
        for (int q = 0; q < (int)(sizeof ranges / sizeof ranges[0]); q++)
            for (int p = 0; p < 2; p++)
                check_range(k, basis_backend_name(targets[t]), ranges[q][0], ranges[q][1], p);
    }
    printf("  %d SIMD target(s) on this machine\n", tested);
    return bt_end();
}
