/* check_level12_simd.c: every level-1/2 kernel slot of each x86 SIMD target this CPU runs, against the reference kernels. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "testutil.h"

/* Vectors live in NaN-filled buffers with PAD slack on both sides, so a kernel that reads
 * outside its vector turns a result into NaN and one that writes outside is caught by a
 * bitwise comparison of the whole buffer. */
#define PAD 64
#define BUFN (2 * PAD + 3 * 1000 + 1)

static const int64_t sizes[] = {0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128,
                                129, 1000};
static const int64_t incs[] = {1, 2, -1, -3};
static const double alphas[] = {0.0, 1.0, -1.5};
#define NSIZES ((int)(sizeof sizes / sizeof sizes[0]))
#define NINCS ((int)(sizeof incs / sizeof incs[0]))
#define NALPHAS ((int)(sizeof alphas / sizeof alphas[0]))

static const char *tname; /* the target under test, for messages */

/* Buffer offset of logical element 0 (BLAS convention: a negative increment starts at the
 * far end), after the slack. */
static int64_t origin(int64_t n, int64_t inc)
{
    return PAD + ((inc < 0 && n > 0) ? -(n - 1) * inc : 0);
}

/* Fills buf (BUFN entries) with NaN and the n vector entries with uniform values times
 * scale; sbuf receives the same buffer rounded to float. */
static void fill_vec(double *buf, float *sbuf, int64_t n, int64_t inc, double scale)
{
    for (int64_t p = 0; p < BUFN; p++)
        buf[p] = NAN;
    for (int64_t i = 0; i < n; i++)
        buf[origin(n, inc) + i * inc] = bt_uniform() * scale;
    for (int64_t p = 0; p < BUFN; p++)
        sbuf[p] = (float)buf[p];
}

/* ---- dot -------------------------------------------------------------------------------- */

static void check_dot(const basis_kernels *k)
{
    static double xd[BUFN], yd[BUFN];
    static float xs[BUFN], ys[BUFN];
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++)
            for (int b = 0; b < NINCS; b++) {
                int64_t n = sizes[si], incx = incs[a], incy = incs[b];
                int64_t ox = origin(n, incx), oy = origin(n, incy);
                fill_vec(xd, xs, n, incx, 1.0);
                fill_vec(yd, ys, n, incy, 1.0);
                double scale_d = 0.0, scale_s = 0.0;
                for (int64_t i = 0; i < n; i++) {
                    scale_d += fabs(xd[ox + i * incx] * yd[oy + i * incy]);
                    scale_s += fabs((double)xs[ox + i * incx] * (double)ys[oy + i * incy]);
                }
                /* Any two summation orders agree within 2 (n+1) eps sum |x y|. */
                double rd = k->ddot(n, xd + ox, incx, yd + oy, incy);
                double refd = basis_ddot_ref(n, xd + ox, incx, yd + oy, incy);
                double told = 2.0 * (double)(n + 1) * BT_EPS_D * scale_d;
                BT_CHECK(fabs(rd - refd) <= told && (n > 0 || rd == 0.0),
                         "%s ddot n=%lld incx=%lld incy=%lld: %.17g, ref %.17g, tol %.3g", tname,
                         (long long)n, (long long)incx, (long long)incy, rd, refd, told);
                float rs = k->sdot(n, xs + ox, incx, ys + oy, incy);
                float refs = basis_sdot_ref(n, xs + ox, incx, ys + oy, incy);
                double tols = 2.0 * (double)(n + 1) * BT_EPS_S * scale_s;
                BT_CHECK(fabs((double)rs - (double)refs) <= tols && (n > 0 || rs == 0.0f),
                         "%s sdot n=%lld incx=%lld incy=%lld: %.9g, ref %.9g, tol %.3g", tname,
                         (long long)n, (long long)incx, (long long)incy, (double)rs,
                         (double)refs, tols);
            }
}

/* ---- axpy and scal ---------------------------------------------------------------------- */

/* Logical index of every buffer slot of an n-vector at inc, -1 for the slots outside it. */
static void slot_index(int64_t *idx, int64_t n, int64_t inc)
{
    for (int64_t p = 0; p < BUFN; p++)
        idx[p] = -1;
    for (int64_t i = 0; i < n; i++)
        idx[origin(n, inc) + i * inc] = i;
}

static void check_axpy(const basis_kernels *k)
{
    static double xd[BUFN], yd[BUFN], y0d[BUFN], yrd[BUFN];
    static float xs[BUFN], ys[BUFN], y0s[BUFN], yrs[BUFN];
    static int64_t idx[BUFN];
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++)
            for (int b = 0; b < NINCS; b++)
                for (int al = 0; al < NALPHAS; al++) {
                    int64_t n = sizes[si], incx = incs[a], incy = incs[b];
                    int64_t ox = origin(n, incx), oy = origin(n, incy);
                    double alpha = alphas[al];
                    fill_vec(xd, xs, alpha == 0.0 ? 0 : n, incx, 1.0); /* alpha == 0: x all NaN */
                    fill_vec(y0d, y0s, n, incy, 1.0);
                    slot_index(idx, n, incy);
                    memcpy(yd, y0d, sizeof yd);
                    memcpy(yrd, y0d, sizeof yd);
                    memcpy(ys, y0s, sizeof ys);
                    memcpy(yrs, y0s, sizeof ys);
                    k->daxpy(n, alpha, xd + ox, incx, yd + oy, incy);
                    basis_daxpy_ref(n, alpha, xd + ox, incx, yrd + oy, incy);
                    k->saxpy(n, (float)alpha, xs + ox, incx, ys + oy, incy);
                    basis_saxpy_ref(n, (float)alpha, xs + ox, incx, yrs + oy, incy);
                    int64_t badd = -1, bads = -1;
                    for (int64_t p = 0; p < BUFN; p++) {
                        int64_t i = idx[p];
                        if (i < 0 || alpha == 0.0) { /* untouched, bit for bit */
                            if (badd < 0 && memcmp(&yd[p], &y0d[p], sizeof yd[p]))
                                badd = p;
                            if (bads < 0 && memcmp(&ys[p], &y0s[p], sizeof ys[p]))
                                bads = p;
                            continue;
                        }
                        /* mul+add or FMA: each within a few roundings of |alpha x| + |y| */
                        double ad = fabs(alpha * xd[ox + i * incx]) + fabs(y0d[p]);
                        double as = fabs(alpha * (double)xs[ox + i * incx]) + fabs((double)y0s[p]);
                        if (badd < 0 && !(fabs(yd[p] - yrd[p]) <= 4.0 * BT_EPS_D * ad))
                            badd = p;
                        if (bads < 0 &&
                            !(fabs((double)ys[p] - (double)yrs[p]) <= 4.0 * BT_EPS_S * as))
                            bads = p;
                    }
                    BT_CHECK(badd < 0, "%s daxpy n=%lld incx=%lld incy=%lld alpha=%g: slot %lld = %.17g, ref %.17g",
                             tname, (long long)n, (long long)incx, (long long)incy, alpha,
                             (long long)badd, badd < 0 ? 0.0 : yd[badd], badd < 0 ? 0.0 : yrd[badd]);
                    BT_CHECK(bads < 0, "%s saxpy n=%lld incx=%lld incy=%lld alpha=%g: slot %lld = %.9g, ref %.9g",
                             tname, (long long)n, (long long)incx, (long long)incy, alpha,
                             (long long)bads, bads < 0 ? 0.0 : (double)ys[bads],
                             bads < 0 ? 0.0 : (double)yrs[bads]);
                }
}

/* x := alpha x is one rounding per entry, so every kernel must match the reference bit for
 * bit; alpha == 0 overwrites NaN with 0. */
static void check_scal(const basis_kernels *k)
{
    static double xd[BUFN], xrd[BUFN];
    static float xs[BUFN], xrs[BUFN];
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++)
            for (int al = 0; al < NALPHAS; al++) {
                int64_t n = sizes[si], inc = incs[a], o = origin(n, inc);
                double alpha = alphas[al];
                fill_vec(xd, xs, n, inc, 1.0);
                if (alpha == 0.0 && n > 0) {
                    xd[o + (n - 1) * inc] = NAN;
                    xs[o + (n - 1) * inc] = NAN;
                }
                memcpy(xrd, xd, sizeof xd);
                memcpy(xrs, xs, sizeof xs);
                k->dscal(n, alpha, xd + o, inc);
                basis_dscal_ref(n, alpha, xrd + o, inc);
                k->sscal(n, (float)alpha, xs + o, inc);
                basis_sscal_ref(n, (float)alpha, xrs + o, inc);
                BT_CHECK(!memcmp(xd, xrd, sizeof xd), "%s dscal n=%lld inc=%lld alpha=%g differs from ref",
                         tname, (long long)n, (long long)inc, alpha);
                BT_CHECK(!memcmp(xs, xrs, sizeof xs), "%s sscal n=%lld inc=%lld alpha=%g differs from ref",
                         tname, (long long)n, (long long)inc, alpha);
            }
}

/* ---- nrm2 ------------------------------------------------------------------------------- */

/* One nrm2 case in both precisions on the vectors already in xd / xs: NaN and Inf by the
 * contract, finite results within 2 (n+2) eps of the reference's, n == 1 exactly |x|. */
static void nrm2_compare(const basis_kernels *k, const double *xd, const float *xs, int64_t n,
                         int64_t inc, const char *what)
{
    int64_t o = origin(n, inc);
    double rd = k->dnrm2(n, xd + o, inc), refd = basis_dnrm2_ref(n, xd + o, inc);
    float rs = k->snrm2(n, xs + o, inc), refs = basis_snrm2_ref(n, xs + o, inc);
    int okd, oks;
    if (isnan(refd))
        okd = isnan(rd);
    else if (isinf(refd))
        okd = isinf(rd) && rd > 0;
    else
        okd = fabs(rd - refd) <= 2.0 * (double)(n + 2) * BT_EPS_D * refd &&
              (n != 1 || rd == fabs(xd[o]));
    if (isnan(refs))
        oks = isnan(rs);
    else if (isinf(refs))
        oks = isinf(rs) && rs > 0;
    else
        oks = fabs((double)rs - (double)refs) <= 2.0 * (double)(n + 2) * BT_EPS_S * (double)refs &&
              (n != 1 || rs == fabsf(xs[o]));
    BT_CHECK(okd, "%s dnrm2 %s n=%lld inc=%lld: %.17g, ref %.17g", tname, what, (long long)n,
             (long long)inc, rd, refd);
    BT_CHECK(oks, "%s snrm2 %s n=%lld inc=%lld: %.9g, ref %.9g", tname, what, (long long)n,
             (long long)inc, (double)rs, (double)refs);
}

static void check_nrm2(const basis_kernels *k)
{
    static double xd[BUFN];
    static float xs[BUFN];
    for (int si = 0; si < NSIZES; si++)
        for (int a = 0; a < NINCS; a++) {
            fill_vec(xd, xs, sizes[si], incs[a], 1.0);
            nrm2_compare(k, xd, xs, sizes[si], incs[a], "random");
        }

    /* Squares that overflow, underflow or are subnormal, alone and mixed: the fast sum of
     * squares must hand these to its scaled fallback. Float gets its own scales. */
    static const double dscales[] = {1e300, 1e-300, 1e-310, 4e-320, 1e160, 1e-170, 1.0};
    static const float sscales[] = {3e38f, 1e-30f, 1e-39f, 1e-43f, 1e20f, 1e-22f, 1.0f};
    static const int64_t ns[] = {1, 2, 7, 17, 64, 65, 1000};
    static const int64_t xincs[] = {1, -3};
    for (int ci = 0; ci < (int)(sizeof dscales / sizeof dscales[0]); ci++)
        for (int ni = 0; ni < (int)(sizeof ns / sizeof ns[0]); ni++)
            for (int ii = 0; ii < 2; ii++)
                for (int mix = 0; mix < 3; mix++) {
                    int64_t n = ns[ni], inc = xincs[ii], o = origin(n, inc);
                    fill_vec(xd, xs, n, inc, 1.0);
                    for (int64_t p = 0; p < BUFN; p++) {
                        xs[p] = (float)(xd[p] * (double)sscales[ci]);
                        xd[p] *= dscales[ci];
                    }
                    /* mix 1: one huge entry among them; mix 2: one tiny entry among them */
                    if (mix && n > 1) {
                        xd[o + (n / 2) * inc] = mix == 1 ? 1.5e307 : 3e-320;
                        xs[o + (n / 2) * inc] = mix == 1 ? 3e37f : 2e-44f;
                    }
                    nrm2_compare(k, xd, xs, n, inc, "extreme");
                }

    /* Largest finite values: the norm is DBL_MAX / FLT_MAX, no spurious Inf. */
    for (int64_t p = 0; p < BUFN; p++) {
        xd[p] = p >= PAD && p < PAD + 4 ? DBL_MAX / 2.0 : NAN;
        xs[p] = p >= PAD && p < PAD + 4 ? FLT_MAX / 2.0f : NAN;
    }
    nrm2_compare(k, xd, xs, 4, 1, "max/2");

    /* All zeros give 0. Inf gives +Inf, NaN gives NaN, NaN beside Inf gives NaN, wherever
     * it sits (first, middle, in a vector tail, last). */
    for (int si = 0; si < NSIZES; si++) {
        int64_t n = sizes[si];
        if (n == 0)
            continue;
        for (int a = 0; a < NINCS; a++) {
            int64_t inc = incs[a], o = origin(n, inc);
            fill_vec(xd, xs, n, inc, 0.0);
            nrm2_compare(k, xd, xs, n, inc, "zeros");
            int64_t where[3] = {0, n / 2, n - 1};
            for (int w = 0; w < 3; w++) {
                fill_vec(xd, xs, n, inc, 1.0);
                xd[o + where[w] * inc] = -INFINITY;
                xs[o + where[w] * inc] = INFINITY;
                nrm2_compare(k, xd, xs, n, inc, "inf");
                xd[o + where[w] * inc] = NAN;
                xs[o + where[w] * inc] = NAN;
                nrm2_compare(k, xd, xs, n, inc, "nan");
                if (n > 1) {
                    xd[o + where[(w + 1) % 3] * inc] = INFINITY;
                    xs[o + where[(w + 1) % 3] * inc] = -INFINITY;
                    if (where[(w + 1) % 3] != where[w])
                        nrm2_compare(k, xd, xs, n, inc, "nan+inf");
                }
            }
        }
    }
}

/* ---- gemv ------------------------------------------------------------------------------- */

/* A layout of an m x n matrix: strides and the offset of element (0,0) after the slack.
 * Unit row stride (column major) and unit column stride (row major), each walked forwards
 * and backwards, stride -1 on one side, and no unit stride at all (the scalar path). */
enum { NKINDS = 7 };
typedef struct layout {
    int64_t rs, cs, off, len;
} layout;

static const char *kind_names[NKINDS] = {"col-major", "row-major", "rows-reversed",
                                         "cols-reversed", "col-major-cs<0",
                                         "row-major-rs<0", "no-unit-stride"};

static layout make_layout(int kind, int64_t m, int64_t n)
{
    layout l = {0, 0, 0, 0};
    int64_t mm = m > 0 ? m : 1, nn = n > 0 ? n : 1;
    switch (kind) {
    case 0: l.rs = 1, l.cs = mm + 3; break;
    case 1: l.rs = nn + 2, l.cs = 1; break;
    case 2: l.rs = -1, l.cs = mm + 1; break;
    case 3: l.rs = nn + 3, l.cs = -1; break;
    case 4: l.rs = 1, l.cs = -(mm + 2); break;
    case 5: l.rs = -(nn + 1), l.cs = 1; break;
    default: l.rs = 2, l.cs = 2 * mm + 1; break;
    }
    /* (0,0) sits where the most negative offset lands on the first slot after the slack */
    l.off = PAD + (l.rs < 0 ? -(mm - 1) * l.rs : 0) + (l.cs < 0 ? -(nn - 1) * l.cs : 0);
    l.len = l.off + (l.rs > 0 ? (mm - 1) * l.rs : 0) + (l.cs > 0 ? (nn - 1) * l.cs : 0) + 1 + PAD;
    return l;
}

typedef struct gemv_case {
    int kind;
    int64_t m, n, incx, incy;
    double alpha, beta;
} gemv_case;

/* One gemv case in both precisions: A and x hold NaN when alpha == 0, y holds NaN when
 * beta == 0 (neither may be read), padding everywhere is NaN and must keep its bits. */
static void gemv_run(const basis_kernels *k, gemv_case c)
{
    layout l = make_layout(c.kind, c.m, c.n);
    int64_t lx = 2 * PAD + 1 + (c.n > 0 ? (c.n - 1) * llabs(c.incx) : 0);
    int64_t ly = 2 * PAD + 1 + (c.m > 0 ? (c.m - 1) * llabs(c.incy) : 0);
    int64_t ox = PAD + (c.incx < 0 && c.n > 0 ? -(c.n - 1) * c.incx : 0);
    int64_t oy = PAD + (c.incy < 0 && c.m > 0 ? -(c.m - 1) * c.incy : 0);
    double *ad = malloc((size_t)l.len * sizeof *ad), *xd = malloc((size_t)lx * sizeof *xd);
    float *as = malloc((size_t)l.len * sizeof *as), *xs = malloc((size_t)lx * sizeof *xs);
    double *yd = malloc((size_t)ly * 3 * sizeof *yd);
    float *ys = malloc((size_t)ly * 3 * sizeof *ys);
    double *bound_d = malloc((size_t)(c.m + 1) * sizeof(double));
    double *bound_s = malloc((size_t)(c.m + 1) * sizeof(double));
    double *y0d = yd + ly, *yrd = yd + 2 * ly;
    float *y0s = ys + ly, *yrs = ys + 2 * ly;
    for (int64_t p = 0; p < l.len; p++)
        ad[p] = NAN;
    for (int64_t p = 0; p < lx; p++)
        xd[p] = NAN;
    for (int64_t p = 0; p < ly; p++)
        y0d[p] = NAN;
    if (c.alpha != 0.0) {
        for (int64_t i = 0; i < c.m; i++)
            for (int64_t j = 0; j < c.n; j++)
                ad[l.off + i * l.rs + j * l.cs] = bt_uniform();
        for (int64_t j = 0; j < c.n; j++)
            xd[ox + j * c.incx] = bt_uniform();
    }
    if (c.beta != 0.0)
        for (int64_t i = 0; i < c.m; i++)
            y0d[oy + i * c.incy] = bt_uniform();
    for (int64_t p = 0; p < l.len; p++)
        as[p] = (float)ad[p];
    for (int64_t p = 0; p < lx; p++)
        xs[p] = (float)xd[p];
    for (int64_t p = 0; p < ly; p++) {
        y0s[p] = (float)y0d[p];
        yd[p] = yrd[p] = y0d[p];
        ys[p] = yrs[p] = y0s[p];
    }
    /* Per row, |alpha| sum_j |a_ij x_j| + |beta y_i|: the scale of that entry's rounding. */
    for (int64_t i = 0; i < c.m; i++) {
        double sd = 0.0, ss = 0.0;
        if (c.alpha != 0.0)
            for (int64_t j = 0; j < c.n; j++) {
                sd += fabs(ad[l.off + i * l.rs + j * l.cs] * xd[ox + j * c.incx]);
                ss += fabs((double)as[l.off + i * l.rs + j * l.cs] * (double)xs[ox + j * c.incx]);
            }
        double yv = c.beta != 0.0 ? y0d[oy + i * c.incy] : 0.0;
        bound_d[i] = fabs(c.alpha) * sd + fabs(c.beta * yv);
        bound_s[i] = fabs(c.alpha) * ss + fabs(c.beta * (double)(float)yv);
    }

    k->dgemv(c.m, c.n, c.alpha, ad + l.off, l.rs, l.cs, xd + ox, c.incx, c.beta, yd + oy, c.incy);
    basis_dgemv_ref(c.m, c.n, c.alpha, ad + l.off, l.rs, l.cs, xd + ox, c.incx, c.beta, yrd + oy,
                    c.incy);
    k->sgemv(c.m, c.n, (float)c.alpha, as + l.off, l.rs, l.cs, xs + ox, c.incx, (float)c.beta,
             ys + oy, c.incy);
    basis_sgemv_ref(c.m, c.n, (float)c.alpha, as + l.off, l.rs, l.cs, xs + ox, c.incx,
                    (float)c.beta, yrs + oy, c.incy);

    int64_t badd = -1, bads = -1;
    for (int64_t p = 0; p < ly; p++) {
        int64_t d = p - oy;
        int64_t i = (d % c.incy == 0 && d / c.incy >= 0 && d / c.incy < c.m) ? d / c.incy : -1;
        if (i < 0) {
            if (badd < 0 && memcmp(&yd[p], &y0d[p], sizeof yd[p]))
                badd = p;
            if (bads < 0 && memcmp(&ys[p], &y0s[p], sizeof ys[p]))
                bads = p;
        } else if (c.alpha == 0.0 || c.n == 0) { /* y := beta y: one rounding, exact */
            if (badd < 0 && !(yd[p] == yrd[p]))
                badd = p;
            if (bads < 0 && !(ys[p] == yrs[p]))
                bads = p;
        } else {
            double td = 2.0 * (double)(c.n + 2) * BT_EPS_D * bound_d[i];
            double ts = 2.0 * (double)(c.n + 2) * BT_EPS_S * bound_s[i];
            if (badd < 0 && !(fabs(yd[p] - yrd[p]) <= td))
                badd = p;
            if (bads < 0 && !(fabs((double)ys[p] - (double)yrs[p]) <= ts))
                bads = p;
        }
    }
    BT_CHECK(badd < 0, "%s dgemv %s m=%lld n=%lld incx=%lld incy=%lld alpha=%g beta=%g: y slot %lld = %.17g, ref %.17g",
             tname, kind_names[c.kind], (long long)c.m, (long long)c.n, (long long)c.incx,
             (long long)c.incy, c.alpha, c.beta, (long long)badd, badd < 0 ? 0.0 : yd[badd],
             badd < 0 ? 0.0 : yrd[badd]);
    BT_CHECK(bads < 0, "%s sgemv %s m=%lld n=%lld incx=%lld incy=%lld alpha=%g beta=%g: y slot %lld = %.9g, ref %.9g",
             tname, kind_names[c.kind], (long long)c.m, (long long)c.n, (long long)c.incx,
             (long long)c.incy, c.alpha, c.beta, (long long)bads,
             bads < 0 ? 0.0 : (double)ys[bads], bads < 0 ? 0.0 : (double)yrs[bads]);
    free(ad);
    free(as);
    free(xd);
    free(xs);
    free(yd);
    free(ys);
    free(bound_d);
    free(bound_s);
}

static void check_gemv(const basis_kernels *k)
{
    static const int64_t ms[] = {0, 1, 2, 3, 7, 8, 17, 33, 64, 65};
    static const int64_t ns[] = {0, 1, 2, 3, 7, 8, 17, 33, 65};
    static const int64_t incpairs[][2] = {{1, 1}, {2, -1}, {-3, 2}, {-1, -3}};
    for (int kind = 0; kind < NKINDS; kind++)
        for (int mi = 0; mi < (int)(sizeof ms / sizeof ms[0]); mi++)
            for (int ni = 0; ni < (int)(sizeof ns / sizeof ns[0]); ni++)
                for (int ip = 0; ip < 4; ip++)
                    for (int al = 0; al < NALPHAS; al++)
                        for (int be = 0; be < NALPHAS; be++) {
                            gemv_case c = {kind, ms[mi], ns[ni], incpairs[ip][0],
                                           incpairs[ip][1], alphas[al], alphas[be]};
                            gemv_run(k, c);
                        }
    /* Sizes past the kernels' internal blocks: many row chunks in column major (of both
     * lengths), many packed chunks of a strided x in row major, and long dot products. */
    static const gemv_case big[] = {
        {0, 2100, 9, 1, 1, -1.5, 1.0},   {0, 2100, 9, -1, 2, 1.0, 0.0},
        {2, 2100, 5, 2, -1, -1.5, -1.5}, {1, 9, 4500, 2, 1, -1.5, 1.0},
        {1, 9, 4500, -1, 3, 1.0, 0.0},   {3, 5, 4500, 1, 1, -1.5, -1.5},
        {1, 37, 1000, 1, 1, 1.0, 1.0},   {0, 1000, 37, 1, 1, 1.0, 1.0},
        {5, 13, 1000, -3, 1, -1.5, 0.0}, {4, 1000, 13, 1, -2, -1.5, 0.0},
        /* tall enough for the long row chunks (m >= 16384 single, 8192 double) */
        {0, 16411, 9, 1, 1, -1.5, 1.0},  {0, 16411, 5, 2, -1, 1.0, 0.0},
    };
    for (int i = 0; i < (int)(sizeof big / sizeof big[0]); i++)
        gemv_run(k, big[i]);
}

int main(void)
{
    static const basis_backend targets[] = {BASIS_BACKEND_AVX2, BASIS_BACKEND_AVX512};
    int ran = 0;
    bt_seed(1212);
    for (int t = 0; t < 2; t++) {
        const basis_kernels *k = basis_target_kernels(targets[t]);
        tname = basis_backend_name(targets[t]);
        if (!k) {
            printf("check_level12_simd: %s not compiled in or not supported here, skipped\n",
                   tname);
            continue;
        }
        printf("check_level12_simd: %s\n", tname);
        check_dot(k);
        check_axpy(k);
        check_scal(k);
        check_nrm2(k);
        check_gemv(k);
        ran++;
    }
    if (!ran) {
        printf("check_level12_simd: no x86 SIMD target here, skipped\n");
        return 77;
    }
    return bt_end();
}
