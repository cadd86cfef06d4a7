/* check_gemm_small.c: every small-GEMM kernel (no packing) this CPU can run, reached through its target's slot, against the reference GEMM and the contract's padding, NaN and beta rules. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "testutil.h"

/* One small kernel as the test sees it: either precision behind one interface, values
 * exchanged as double (exact for float). */
typedef struct kern {
    char name[48];
    int single;
    basis_sgemm_small_fn *sfn;
    basis_dgemm_small_fn *dfn;
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

static void *xalloc(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (!p) {
        fprintf(stderr, "check_gemm_small: out of memory\n");
        exit(1);
    }
    return p;
}

/* A stored operand: GUARD elements before and after the len elements that hold it. */
enum { GUARD = 5 };

typedef struct buf {
    void *mem;
    int64_t len; /* elements between the guards */
} buf;

static buf make_buf(const kern *K, int64_t len)
{
    buf b = {xalloc((size_t)(len + 2 * GUARD) * elem(K)), len};
    for (int64_t i = 0; i < len + 2 * GUARD; i++)
        put(K, b.mem, i, NAN);
    return b;
}

static void *at(const kern *K, const buf *b)
{
    return (char *)b->mem + GUARD * elem(K);
}

/* The (rsb, csb) of B's orientations: column-major (rsb = 1), row-major or transposed
 * (csb = 1), and neither (every other element of a wider array). */
enum { B_COLUMNS, B_ROWS, B_STRIDED, B_ORIENTATIONS };
static const char *const orient_name[B_ORIENTATIONS] = {"rsb=1", "csb=1", "strided"};

static void b_strides(int orient, int64_t k, int64_t n, int64_t *rsb, int64_t *csb)
{
    if (orient == B_COLUMNS)
        *rsb = 1, *csb = k + 2;
    else if (orient == B_ROWS)
        *rsb = n + 3, *csb = 1;
    else
        *rsb = 2, *csb = 2 * k + 3;
}

static int64_t b_extent(int64_t k, int64_t n, int64_t rsb, int64_t csb)
{
    return k == 0 || n == 0 ? 0 : (k - 1) * rsb + (n - 1) * csb + 1;
}

/* NaN with a payload of its own, so that a kernel that copies some other NaN over the
 * padding of C is caught by a bitwise comparison. */
static void put_sentinel(const kern *K, void *p, int64_t i)
{
    if (K->single) {
        const uint32_t bits = 0x7fc0beefu;
        memcpy((float *)p + i, &bits, sizeof bits);
    } else {
        const uint64_t bits = 0x7ff8dead0000beefull;
        memcpy((double *)p + i, &bits, sizeof bits);
    }
}

static void call(const kern *K, int64_t m, int64_t n, int64_t k, double alpha, const void *a,
                 int64_t lda, const void *b, int64_t rsb, int64_t csb, double beta, void *c,
                 int64_t ldc)
{
    if (K->single)
        K->sfn(m, n, k, (float)alpha, a, lda, b, rsb, csb, (float)beta, c, ldc);
    else
        K->dfn(m, n, k, alpha, a, lda, b, rsb, csb, beta, c, ldc);
}

static void ref(const kern *K, int64_t m, int64_t n, int64_t k, double alpha, const void *a,
                int64_t lda, const void *b, int64_t rsb, int64_t csb, double beta, void *c,
                int64_t ldc)
{
    if (K->single)
        basis_sgemm_ref(m, n, k, (float)alpha, a, 1, lda, b, rsb, csb, (float)beta, c, 1, ldc);
    else
        basis_dgemm_ref(m, n, k, alpha, a, 1, lda, b, rsb, csb, beta, c, 1, ldc);
}

/* How the entries of A, B and C are filled. */
enum { FILL_RANDOM, FILL_POISON /* NaN, +Inf, -Inf in turn */ };

static double fill_value(int fill, int64_t i)
{
    static const double poison[3] = {NAN, INFINITY, -INFINITY};
    return fill == FILL_POISON ? poison[i % 3] : bt_uniform();
}

/* One call of the kernel on m x n x k with padded A (lda = m + 3), B in the given
 * orientation and padded C (ldc = m + 2), everything outside the operands NaN:
 * - C's padding and guards come back bit for bit (nothing outside C is written);
 * - the result is within 4 (k + 2) eps (|alpha| |A||B| + |beta C|) of the reference
 *   (both summation errors with room to spare) and finite, so neither the NaN around A
 *   and B nor NaN/Inf in C under beta == 0 leaked in;
 * - alpha == 0 or k == 0: exactly beta C (A and B are not read; with ab_fill poison they
 *   hold NaN/Inf). */
static void check_case(const kern *K, int64_t m, int64_t n, int64_t k, int orient, double alpha,
                       double beta, int ab_fill)
{
    const int64_t lda = m + 3, ldc = m + 2;
    int64_t rsb, csb;
    b_strides(orient, k, n, &rsb, &csb);
    buf A = make_buf(K, k ? (k - 1) * lda + m : 0);
    buf B = make_buf(K, b_extent(k, n, rsb, csb));
    buf C = make_buf(K, (n - 1) * ldc + m), R = make_buf(K, C.len), C0 = make_buf(K, C.len),
        S = make_buf(K, C.len);
    void *a = at(K, &A), *b = at(K, &B), *c = at(K, &C), *r = at(K, &R), *c0 = at(K, &C0),
         *s = at(K, &S);
    for (int64_t p = 0; p < k; p++)
        for (int64_t i = 0; i < m; i++)
            put(K, a, i + p * lda, fill_value(ab_fill, i + p));
    for (int64_t j = 0; j < n; j++)
        for (int64_t p = 0; p < k; p++)
            put(K, b, p * rsb + j * csb, fill_value(ab_fill, j + p));
    for (int64_t i = 0; i < C.len + 2 * GUARD; i++)
        put_sentinel(K, C.mem, i);
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < m; i++)
            put(K, c, i + j * ldc, fill_value(beta == 0.0 ? FILL_POISON : FILL_RANDOM, i + j));
    memcpy(R.mem, C.mem, (size_t)(C.len + 2 * GUARD) * elem(K));
    memcpy(C0.mem, C.mem, (size_t)(C.len + 2 * GUARD) * elem(K));

    call(K, m, n, k, alpha, a, lda, b, rsb, csb, beta, c, ldc);
    ref(K, m, n, k, alpha, a, lda, b, rsb, csb, beta, r, ldc);

    /* |A||B|, for the threshold (only when A and B hold finite values). */
    const int exact = alpha == 0.0 || k == 0;
    if (!exact) {
        buf AA = make_buf(K, A.len), BB = make_buf(K, B.len);
        void *aa = at(K, &AA), *bb = at(K, &BB);
        for (int64_t i = 0; i < A.len; i++)
            put(K, aa, i, fabs(get(K, a, i)));
        for (int64_t i = 0; i < B.len; i++)
            put(K, bb, i, fabs(get(K, b, i)));
        ref(K, m, n, k, 1.0, aa, lda, bb, rsb, csb, 0.0, s, ldc);
        free(AA.mem);
        free(BB.mem);
    }

    int64_t bad = 0, nonfinite = 0, damage = 0;
    double worst = 0.0;
    int64_t wi = -1, wj = -1;
    for (int64_t i = -GUARD; i < C.len + GUARD; i++) {
        const int64_t row = i >= 0 ? i % ldc : -1, col = i >= 0 ? i / ldc : -1;
        if (i < 0 || i >= C.len || row >= m) {
            if (memcmp((char *)c + i * (int64_t)elem(K), (char *)r + i * (int64_t)elem(K),
                       elem(K)) != 0)
                damage++;
            continue;
        }
        const double got = get(K, c, i), want = get(K, r, i);
        if (exact) {
            /* beta C rounded once in the kernel's precision, as the reference does. */
            if (!(got == want || (isnan(got) && isnan(want))))
                bad++;
            continue;
        }
        if (!isfinite(got)) {
            nonfinite++;
            continue;
        }
        const double bound =
            fabs(alpha) * get(K, s, i) + (beta == 0.0 ? 0.0 : fabs(beta * get(K, c0, i)));
        const double thr = 4.0 * (double)(k + 2) * eps(K) * bound;
        const double excess = fabs(got - want) - thr;
        if (excess > 0.0) {
            bad++;
            if (wi < 0 || excess > worst)
                worst = excess, wi = row, wj = col;
        }
    }
    BT_CHECK(bad == 0 && nonfinite == 0 && damage == 0,
             "%s m=%lld n=%lld k=%lld B %s alpha=%g beta=%g%s: %lld wrong (worst excess %.3g "
             "at (%lld,%lld)), %lld non-finite, %lld elements outside C changed",
             K->name, (long long)m, (long long)n, (long long)k, orient_name[orient], alpha, beta,
             ab_fill == FILL_POISON ? " NaN/Inf in A and B" : "", (long long)bad, worst,
             (long long)wi, (long long)wj, (long long)nonfinite, (long long)damage);
    free(A.mem);
    free(B.mem);
    free(C.mem);
    free(R.mem);
    free(C0.mem);
    free(S.mem);
}

static const double alpha_beta[3] = {0.0, 1.0, -1.5};

/* Every m and n around the tile edges of all x86 kernels (MR 8..48, NR 6 or 8; 88 is the
 * single AVX-512 kernel's shifted 3-vector edge tile), every k remainder of the unrolling
 * by 4, both fast B orientations and general strides. alpha and beta take their 9 pairs
 * in turn: for each k and orientation, every m meets all 9 across n, and every n across m. */
static void check_sizes(const kern *K)
{
    static const int64_t mn[] = {1,  2,  3,  7,  8,  9,  15, 16, 17, 23,  24,
                                 25, 31, 47, 48, 49, 64, 65, 88, 100, 128};
    static const int64_t ks[] = {0, 1, 2, 5, 64, 129};
    const int count = (int)(sizeof mn / sizeof mn[0]);
    for (int im = 0; im < count; im++)
        for (int in = 0; in < count; in++)
            for (int ik = 0; ik < (int)(sizeof ks / sizeof ks[0]); ik++)
                for (int o = 0; o < B_ORIENTATIONS; o++) {
                    /* The strided orientation shares one code path with the others, so a
                     * quarter of the sizes suffices for it. */
                    if (o == B_STRIDED && (im + in) % 4 != 0)
                        continue;
                    const int pair = (im + 4 * in + 2 * ik + o) % 9;
                    check_case(K, mn[im], mn[in], ks[ik], o, alpha_beta[pair % 3],
                               alpha_beta[pair / 3], FILL_RANDOM);
                }
}

/* alpha == 0 never reads A or B: NaN/Inf everywhere in them leaves exactly beta C (and
 * zeros over NaN/Inf in C when beta == 0). */
static void check_alpha_zero(const kern *K)
{
    static const int64_t shapes[][3] = {{1, 1, 1}, {7, 9, 5}, {25, 17, 64}, {65, 31, 129}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int o = 0; o < B_ORIENTATIONS; o++)
            for (int ib = 0; ib < 3; ib++)
                check_case(K, shapes[s][0], shapes[s][1], shapes[s][2], o, 0.0, alpha_beta[ib],
                           FILL_POISON);
}

int main(void)
{
    static const basis_backend backends[] = {BASIS_BACKEND_AVX2, BASIS_BACKEND_AVX512};
    int ran = 0;
    bt_seed(20240716);
    for (size_t t = 0; t < sizeof backends / sizeof backends[0]; t++) {
        const char *name = basis_backend_name(backends[t]);
        const basis_kernels *tab = basis_target_kernels(backends[t]);
        if (!tab) {
            printf("check_gemm_small: %s skipped: not compiled in or not supported by this CPU\n",
                   name);
            continue;
        }
        for (int single = 0; single < 2; single++) {
            kern K;
            memset(&K, 0, sizeof K);
            K.single = single;
            K.sfn = single ? tab->sgemm_small : NULL;
            K.dfn = single ? NULL : tab->dgemm_small;
            snprintf(K.name, sizeof K.name, "%s %cgemm_small", name, single ? 's' : 'd');
            BT_CHECK(K.sfn || K.dfn, "%s: no small kernel registered", K.name);
            if (!K.sfn && !K.dfn)
                continue;
            printf("check_gemm_small: %s\n", K.name);
            check_sizes(&K);
            check_alpha_zero(&K);
            ran++;
        }
    }
    if (!ran) {
        printf("check_gemm_small: skipped, no x86 small kernel this CPU can run is compiled in\n");
        bt_end();
        return 77;
    }
    return bt_end();
}
