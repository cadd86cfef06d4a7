/* bench_einsum.c: basis-bench-einsum: times basis_deinsum on the contractions tools/bench_einsum.py compares with numpy.einsum, each result spot-checked against naive sums. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basis.h"
#include "internal.h"

/* One case: subscripts, two operands' shapes (row major, contiguous), the output's. */
typedef struct bench_case {
    const char *name, *sub;
    int nda;
    int64_t sa[3];
    int ndb;
    int64_t sb[3];
    int ndo;
    int64_t so[3];
} bench_case;

static const bench_case cases[] = {
    {"matmul", "ij,jk->ik", 2, {1024, 1024}, 2, {1024, 1024}, 2, {1024, 1024}},
    {"batched", "bij,bjk->bik", 3, {64, 128, 128}, 3, {64, 128, 128}, 3, {64, 128, 128}},
    {"tensor3", "ijk,jkl->il", 3, {256, 64, 64}, 3, {64, 64, 256}, 2, {256, 256}},
    {"tensor3-t", "ijk,kl->lji", 3, {128, 96, 256}, 2, {256, 192}, 3, {192, 96, 128}},
};

static int64_t count(int nd, const int64_t *s)
{
    int64_t n = 1;
    for (int i = 0; i < nd; i++)
        n *= s[i];
    return n;
}

/* Naive value of output entry e (row-major index) for the two-operand cases above, by
 * walking every label: slow, so only a few entries are checked. */
static double naive_entry(const bench_case *c, const double *a, const double *b, int64_t e,
                          double *absum, int64_t *terms)
{
    int64_t dim[128] = {0}, val[128] = {0};
    const char *arrow = strstr(c->sub, "->"), *comma = strchr(c->sub, ',');
    for (int i = 0; i < c->nda; i++)
        dim[(int)c->sub[i]] = c->sa[i];
    for (int i = 0; i < c->ndb; i++)
        dim[(int)comma[1 + i]] = c->sb[i];
    const char *out = arrow + 2;
    for (int i = c->ndo - 1; i >= 0; i--) {
        val[(int)out[i]] = e % c->so[i];
        e /= c->so[i];
    }
    char sum[8];
    int ns = 0;
    for (int ch = 'a'; ch <= 'z'; ch++)
        if (dim[ch] && !strchr(out, ch))
            sum[ns++] = (char)ch;
    int64_t total = 1;
    for (int s = 0; s < ns; s++)
        total *= dim[(int)sum[s]];
    double acc = 0.0;
    *absum = 0.0;
    *terms = total;
    for (int64_t t = 0; t < total; t++) {
        int64_t r = t;
        for (int s = ns - 1; s >= 0; s--) {
            val[(int)sum[s]] = r % dim[(int)sum[s]];
            r /= dim[(int)sum[s]];
        }
        int64_t ia = 0, ib = 0;
        for (int i = 0; i < c->nda; i++)
            ia = ia * c->sa[i] + val[(int)c->sub[i]];
        for (int i = 0; i < c->ndb; i++)
            ib = ib * c->sb[i] + val[(int)comma[1 + i]];
        acc += a[ia] * b[ib];
        *absum += fabs(a[ia] * b[ib]);
    }
    return acc;
}

int main(int argc, char **argv)
{
    int reps = 5;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "--reps=", 7))
            reps = atoi(argv[i] + 7);
        else if (!strncmp(argv[i], "--case=", 7))
            only = argv[i] + 7;
        else {
            fprintf(stderr, "usage: basis-bench-einsum [--reps=N] [--case=NAME]\n");
            return 2;
        }
    }
    if (reps < 1)
        reps = 1;
    int bad = 0;
    for (size_t ci = 0; ci < sizeof cases / sizeof *cases; ci++) {
        const bench_case *c = &cases[ci];
        if (only && strcmp(only, c->name))
            continue;
        int64_t na = count(c->nda, c->sa), nb = count(c->ndb, c->sb), no = count(c->ndo, c->so);
        double *a = malloc(sizeof(double) * (size_t)na), *b = malloc(sizeof(double) * (size_t)nb);
        double *o = malloc(sizeof(double) * (size_t)no);
        uint64_t z = 88172645463325252ull;
        for (int64_t i = 0; i < na + nb; i++) {
            z ^= z << 13, z ^= z >> 7, z ^= z << 17;
            double v = (double)(z >> 11) / 9007199254740992.0 - 0.5;
            if (i < na)
                a[i] = v;
            else
                b[i - na] = v;
        }
        basis_dtensor ops[2] = {{c->nda, c->sa, NULL, a}, {c->ndb, c->sb, NULL, b}};
        basis_dtensor out = {c->ndo, c->so, NULL, o};
        double best = INFINITY;
        basis_status s = BASIS_OK;
        for (int r = 0; r <= reps && s == BASIS_OK; r++) { /* r = 0 warms up */
            double t0 = basis_now();
            s = basis_deinsum(NULL, c->sub, 2, ops, &out);
            double t = basis_now() - t0;
            if (r > 0 && t < best)
                best = t;
        }
        if (s != BASIS_OK) {
            fprintf(stderr, "%s: %s: %s\n", c->name, basis_status_name(s), basis_last_error());
            return 1;
        }
        /* 16 spread entries against naive sums */
        double worst = 0.0;
        for (int k = 0; k < 16; k++) {
            int64_t e = (int64_t)((double)k / 16.0 * (double)no) + k % 3;
            e = e < no ? e : no - 1;
            int64_t terms;
            double absum, want = naive_entry(c, a, b, e, &absum, &terms);
            /* in units of the bound 2 K eps sum|terms| (K summed terms, eps = 2^-53) */
            double err = fabs(o[e] - want) /
                         (2.0 * (double)terms * 1.1102230246251565e-16 * absum + 1e-300);
            worst = fmax(worst, err);
        }
        int ok = worst <= 1.0;
        bad |= !ok;
        printf("einsum %s %s %.6e %s\n", c->name, c->sub, best, ok ? "verified" : "WRONG");
        free(a);
        free(b);
        free(o);
    }
    return bad ? 1 : 0;
}
