/* check_ukr.c: every GEMM microkernel this CPU can run, reached through its target's slot, against a double-accumulated loop and the contract's NaN, beta and padding rules. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "testutil.h"

/* One microkernel as the test sees it: either precision behind one interface, values
 * exchanged as double (exact for float). */
typedef struct kern {
    char name[48];
    int single;
    int mr, nr;
    basis_sgemm_ukr_fn *sfn;
    basis_dgemm_ukr_fn *dfn;
    basis_sgemm_edge_fn *sedge; /* the optional edge kernels (NULL: none) */
    basis_dgemm_edge_fn *dedge;
} kern;

static size_t elem(const kern *K)
{
    return K->single ? sizeof(float) : sizeof(double);
}

static double get(const kern *K, const void *p, int64_t i)
{
    return K->single ? (double)((const float *)p)[i] : ((const double *)p)[i];
}

static void put(const kern *K, void *p, int64_t i, double v)
{
    if (K->single)
        ((float *)p)[i] = (float)v;
    else
        ((double *)p)[i] = v;
}

static double eps(const kern *K)
{
    return K->single ? BT_EPS_S : BT_EPS_D;
}

static void call(const kern *K, int64_t k, double alpha, const void *a, const void *b,
                 double beta, void *c, int64_t ldc)
{
    if (K->single)
        K->sfn(k, (float)alpha, a, b, (float)beta, c, ldc);
    else
        K->dfn(k, alpha, a, b, beta, c, ldc);
}

/* 64-byte aligned, as the contract promises for the packed panels; never NULL. */
static void *alloc64(size_t bytes)
{
    void *p = aligned_alloc(64, (bytes + 63) / 64 * 64);
    if (!p) {
        fprintf(stderr, "check_ukr: out of memory\n");
        exit(1);
    }
    return p;
}

/* Packed panels of k columns/rows of random values plus the one extra column/row the
 * kernel may read past the end, filled with NaN: a kernel that uses it shows NaN. */
static void *make_panel(const kern *K, int64_t k, int width)
{
    void *p = alloc64((size_t)((k + 1) * width) * elem(K));
    for (int64_t i = 0; i < k * width; i++)
        put(K, p, i, bt_uniform());
    for (int64_t i = k * width; i < (k + 1) * width; i++)
        put(K, p, i, NAN);
    return p;
}

/* C lives at buf + GUARD (so it is not 64-byte aligned: full tiles point into the
 * user's C), with GUARD elements before it and TAIL after the last column; everything
 * that is not the MR x NR tile holds SENTINEL and must come back bitwise unchanged. */
enum { GUARD = 3, TAIL = 19 };
#define SENTINEL (-777.25)

typedef struct ctile {
    void *buf;
    int64_t len, ldc;
    double *c0; /* the tile before the call, column-major with leading dimension MR */
} ctile;

static int in_tile(const kern *K, const ctile *t, int64_t i)
{
    int64_t off = i - GUARD;
    return off >= 0 && off < t->ldc * K->nr && off % t->ldc < K->mr;
}

/* fill: 0 random values, 1 NaN/+Inf/-Inf in turn (for beta == 0, which must not read C). */
static ctile make_c(const kern *K, int64_t ldc, int fill)
{
    ctile t;
    t.ldc = ldc;
    t.len = GUARD + ldc * K->nr + TAIL;
    t.buf = alloc64((size_t)t.len * elem(K));
    t.c0 = alloc64((size_t)(K->mr * K->nr) * sizeof(double));
    static const double poison[3] = {NAN, INFINITY, -INFINITY};
    for (int64_t i = 0; i < t.len; i++)
        put(K, t.buf, i, SENTINEL);
    for (int j = 0; j < K->nr; j++)
        for (int i = 0; i < K->mr; i++) {
            double v = fill ? poison[(i + j) % 3] : bt_uniform();
            put(K, t.buf, GUARD + i + j * ldc, v);
            t.c0[i + j * K->mr] = get(K, t.buf, GUARD + i + j * ldc);
        }
    return t;
}

static void free_c(ctile *t)
{
    free(t->buf);
    free(t->c0);
}

static double tile_at(const kern *K, const ctile *t, int i, int j)
{
    return get(K, t->buf, GUARD + i + j * t->ldc);
}

static void *tile_ptr(const kern *K, const ctile *t)
{
    return (char *)t->buf + GUARD * elem(K);
}

/* Elements outside the tile that changed. */
static int64_t guard_damage(const kern *K, const ctile *t)
{
    int64_t bad = 0;
    for (int64_t i = 0; i < t->len; i++)
        if (!in_tile(K, t, i) && get(K, t->buf, i) != SENTINEL)
            bad++;
    return bad;
}

/* ---- accuracy over k, alpha, beta and ldc ------------------------------------------- */

static void check_case(const kern *K, int64_t k, double alpha, double beta, int64_t ldc)
{
    void *a = make_panel(K, k, K->mr), *b = make_panel(K, k, K->nr);
    ctile t = make_c(K, ldc, beta == 0.0);
    call(K, k, alpha, a, b, beta, tile_ptr(K, &t), ldc);

    /* |error| <= c k eps (|alpha| sum |a||b| + |beta| |c|): the kernel's and the
     * reference's summation errors (each <= (k + 2) eps of that scale) with room to spare. */
    double worst = 0.0;
    int wi = -1, wj = -1, nonfinite = 0;
    for (int j = 0; j < K->nr; j++)
        for (int i = 0; i < K->mr; i++) {
            double s = 0.0, scale = 0.0;
            for (int64_t p = 0; p < k; p++) {
                double x = get(K, a, p * K->mr + i), y = get(K, b, p * K->nr + j);
                s += x * y;
                scale += fabs(x * y);
            }
            double c0 = t.c0[i + j * K->mr];
            double want = beta == 0.0 ? alpha * s : alpha * s + beta * c0;
            double bound = fabs(alpha) * scale + (beta == 0.0 ? 0.0 : fabs(beta * c0));
            double thr = 4.0 * (double)(k + 2) * eps(K) * bound;
            double got = tile_at(K, &t, i, j);
            if (!isfinite(got)) {
                nonfinite++;
                continue;
            }
            double r = fabs(got - want) - thr;
            if (r > 0.0 && (wi < 0 || r > worst))
                worst = r, wi = i, wj = j;
        }
    BT_CHECK(nonfinite == 0 && wi < 0,
             "%s k=%lld alpha=%g beta=%g ldc=%lld: %d non-finite results; worst excess over "
             "the threshold %.3g at (%d,%d)",
             K->name, (long long)k, alpha, beta, (long long)ldc, nonfinite, worst, wi, wj);
    int64_t damage = guard_damage(K, &t);
    BT_CHECK(damage == 0, "%s k=%lld alpha=%g beta=%g ldc=%lld: %lld elements outside the tile changed",
             K->name, (long long)k, alpha, beta, (long long)ldc, (long long)damage);
    free_c(&t);
    free(a);
    free(b);
}

static void check_accuracy(const kern *K)
{
    static const int64_t ks[] = {0, 1, 2, 3, 7, 8, 9, 64, 257};
    static const double ab[] = {0.0, 1.0, -1.5};
    for (size_t ik = 0; ik < sizeof ks / sizeof ks[0]; ik++)
        for (int ia = 0; ia < 3; ia++)
            for (int ib = 0; ib < 3; ib++)
                for (int il = 0; il < 2; il++)
                    check_case(K, ks[ik], ab[ia], ab[ib], il ? K->mr + 5 : K->mr);
}

/* ---- NaN rules ------------------------------------------------------------------------ */

/* A NaN at A(i, p) must turn row i of C into NaN and leave the other rows finite; a NaN at
 * B(p, j) does the same to column j. */
static void check_nan_propagation(const kern *K)
{
    static const int64_t ks[] = {1, 7, 64};
    static const double alphas[] = {1.0, -1.5}, betas[] = {0.0, 1.0};
    for (size_t ik = 0; ik < sizeof ks / sizeof ks[0]; ik++)
        for (int ia = 0; ia < 2; ia++)
            for (int ib = 0; ib < 2; ib++)
                for (int where = 0; where < 2; where++) {
                    int64_t k = ks[ik], p = where ? k - 1 : 0, ldc = K->mr + 5;
                    double alpha = alphas[ia], beta = betas[ib];
                    int bad_rows = 0, bad_cols = 0;
                    void *a = make_panel(K, k, K->mr), *b = make_panel(K, k, K->nr);
                    for (int r = 0; r < K->mr; r++) {
                        double keep = get(K, a, p * K->mr + r);
                        put(K, a, p * K->mr + r, NAN);
                        ctile t = make_c(K, ldc, beta == 0.0);
                        call(K, k, alpha, a, b, beta, tile_ptr(K, &t), ldc);
                        for (int i = 0; i < K->mr; i++)
                            for (int j = 0; j < K->nr; j++)
                                if (isnan(tile_at(K, &t, i, j)) != (i == r)) {
                                    bad_rows++;
                                    i = K->mr;
                                    break;
                                }
                        free_c(&t);
                        put(K, a, p * K->mr + r, keep);
                    }
                    for (int s = 0; s < K->nr; s++) {
                        double keep = get(K, b, p * K->nr + s);
                        put(K, b, p * K->nr + s, NAN);
                        ctile t = make_c(K, ldc, beta == 0.0);
                        call(K, k, alpha, a, b, beta, tile_ptr(K, &t), ldc);
                        for (int j = 0; j < K->nr; j++)
                            for (int i = 0; i < K->mr; i++)
                                if (isnan(tile_at(K, &t, i, j)) != (j == s)) {
                                    bad_cols++;
                                    j = K->nr;
                                    break;
                                }
                        free_c(&t);
                        put(K, b, p * K->nr + s, keep);
                    }
                    BT_CHECK(bad_rows == 0 && bad_cols == 0,
                             "%s k=%lld p=%lld alpha=%g beta=%g: NaN in A spread wrongly for "
                             "%d of %d rows, NaN in B for %d of %d columns",
                             K->name, (long long)k, (long long)p, alpha, beta, bad_rows, K->mr,
                             bad_cols, K->nr);
                    free(a);
                    free(b);
                }
}

/* alpha == 0 means A and B are never read: NaN everywhere in them leaves C := beta C
 * exactly (beta == 0: zeros even over NaN in C). */
static void check_alpha_zero(const kern *K)
{
    static const double betas[] = {0.0, 1.0, -1.5};
    for (int ib = 0; ib < 3; ib++) {
        int64_t k = 9, ldc = K->mr + 5;
        double beta = betas[ib];
        void *a = make_panel(K, k, K->mr), *b = make_panel(K, k, K->nr);
        for (int64_t i = 0; i < k * K->mr; i++)
            put(K, a, i, NAN);
        for (int64_t i = 0; i < k * K->nr; i++)
            put(K, b, i, NAN);
        ctile t = make_c(K, ldc, beta == 0.0);
        call(K, k, 0.0, a, b, beta, tile_ptr(K, &t), ldc);
        int bad = 0;
        for (int j = 0; j < K->nr; j++)
            for (int i = 0; i < K->mr; i++) {
                /* beta C rounded once, in the kernel's precision */
                double c0 = t.c0[i + j * K->mr];
                double want = beta == 0.0 ? 0.0
                              : K->single ? (double)((float)beta * (float)c0)
                                          : beta * c0;
                if (tile_at(K, &t, i, j) != want)
                    bad++;
            }
        BT_CHECK(bad == 0 && guard_damage(K, &t) == 0,
                 "%s alpha=0 beta=%g with NaN in A and B: %d elements differ from beta*C",
                 K->name, beta, bad);
        free_c(&t);
        free(a);
        free(b);
    }
}

/* ---- the microkernels of every compiled target ----------------------------------------- */

static void check_kernel(const kern *K)
{
    printf("check_ukr: %s (%d x %d)\n", K->name, K->mr, K->nr);
    check_accuracy(K);
    check_nan_propagation(K);
    check_alpha_zero(K);
}

/* The edge kernel against the full one: for every rows < MR, the first `rows` rows of C
 * must hold exactly the full kernel's bits (on the same zero-padded sliver), and nothing
 * else of C may change: the rows past the edge hold NaN sentinels (with beta = 0 C is not
 * read, so the NaN in the rows it owns must not show either). */
static void check_edge(const kern *K)
{
    int mr = K->mr, nr = K->nr;
    static const int64_t ks[] = {0, 1, 3, 17, 64};
    static const double alphas[] = {1.0, -1.5, 0.0}, betas[] = {0.0, 1.0, -1.5};
    size_t es = elem(K);
    for (size_t ki = 0; ki < sizeof ks / sizeof ks[0]; ki++) {
        int64_t k = ks[ki];
        void *a = alloc64((size_t)(mr * (k > 0 ? k : 1)) * es);
        void *b = alloc64((size_t)(nr * (k > 0 ? k : 1)) * es);
        void *full = alloc64((size_t)(mr * nr) * es);
        void *edge = alloc64((size_t)(mr * nr) * es);
        for (int rows = 1; rows < mr; rows++) {
            /* a sliver packed from `rows` rows: zeros past them, as the driver pads */
            for (int64_t p = 0; p < k; p++)
                for (int i = 0; i < mr; i++)
                    put(K, a, p * mr + i, i < rows ? bt_uniform() : 0.0);
            for (int64_t i = 0; i < nr * k; i++)
                put(K, b, i, bt_uniform());
            for (size_t ai = 0; ai < sizeof alphas / sizeof alphas[0]; ai++)
                for (size_t bi = 0; bi < sizeof betas / sizeof betas[0]; bi++) {
                    double al = alphas[ai], be = betas[bi];
                    for (int j = 0; j < nr; j++)
                        for (int i = 0; i < mr; i++) {
                            double c0 = i < rows && be != 0.0 ? bt_uniform() : NAN;
                            put(K, full, j * mr + i, c0);
                            put(K, edge, j * mr + i, c0);
                        }
                    if (K->single) {
                        K->sfn(k, (float)al, a, b, (float)be, full, mr);
                        K->sedge(k, rows, (float)al, a, b, (float)be, edge, mr);
                    } else {
                        K->dfn(k, al, a, b, be, full, mr);
                        K->dedge(k, rows, al, a, b, be, edge, mr);
                    }
                    int64_t wrong = 0, touched = 0;
                    for (int j = 0; j < nr; j++)
                        for (int i = 0; i < mr; i++) {
                            double e = get(K, edge, j * mr + i), f = get(K, full, j * mr + i);
                            if (i < rows)
                                wrong += memcmp(&e, &f, sizeof e) != 0 && !(isnan(e) && isnan(f));
                            else
                                touched += !isnan(e);
                        }
                    BT_CHECK(wrong == 0 && touched == 0,
                             "%s edge: rows %d, k %lld, alpha %g, beta %g: %lld entries differ "
                             "from the full kernel's, %lld past the edge written",
                             K->name, rows, (long long)k, al, be, (long long)wrong,
                             (long long)touched);
                }
        }
        free(a);
        free(b);
        free(full);
        free(edge);
    }
}

int main(void)
{
    int count, ran = 0;
    const basis_target *targets = basis_targets(&count);
    const basis_cpu_features *f = basis_cpu_features_get();
    bt_seed(20240611);
    for (int t = 0; t < count; t++) {
        const basis_target *T = &targets[t];
        /* The x86 SIMD targets must provide both microkernels; others may leave the slot
         * empty (gemm then runs the strided kernel). */
        int required = T->backend == BASIS_BACKEND_AVX2 || T->backend == BASIS_BACKEND_AVX512;
        if (T->backend == BASIS_BACKEND_REF)
            continue;
        const basis_kernels *tab = basis_target_kernels(T->backend);
        if (!T->supported(f)) {
            printf("check_ukr: %s skipped: this CPU lacks %s\n", T->name, T->requires);
            BT_CHECK(tab == NULL, "%s: unsupported here but has a kernel table", T->name);
            continue;
        }
        BT_CHECK(tab != NULL, "%s: supported here but basis_target_kernels gives NULL", T->name);
        if (!tab)
            continue;
        for (int single = 0; single < 2; single++) {
            kern K;
            memset(&K, 0, sizeof K);
            K.single = single;
            if (single) {
                K.sfn = tab->sgemm_ukr.fn;
                K.sedge = tab->sgemm_ukr.edge;
                K.mr = tab->sgemm_ukr.mr;
                K.nr = tab->sgemm_ukr.nr;
            } else {
                K.dfn = tab->dgemm_ukr.fn;
                K.dedge = tab->dgemm_ukr.edge;
                K.mr = tab->dgemm_ukr.mr;
                K.nr = tab->dgemm_ukr.nr;
            }
            snprintf(K.name, sizeof K.name, "%s %cgemm_ukr", T->name, single ? 's' : 'd');
            if (!K.sfn && !K.dfn) {
                if (required)
                    BT_CHECK(0, "%s: no microkernel registered", K.name);
                else
                    printf("check_ukr: %s: none registered (gemm uses the strided kernel)\n",
                           K.name);
                continue;
            }
            BT_CHECK(K.mr > 0 && K.nr > 0 && K.mr <= 256 && K.nr <= 256,
                     "%s: registered with MR = %d, NR = %d", K.name, K.mr, K.nr);
            if (K.mr <= 0 || K.nr <= 0 || K.mr > 256 || K.nr > 256)
                continue;
            check_kernel(&K);
            if (K.sedge || K.dedge)
                check_edge(&K);
            ran++;
        }
    }
    if (!ran) {
        printf("check_ukr: skipped, no microkernel this CPU can run is compiled in\n");
        bt_end();
        return 77;
    }
    return bt_end();
}
