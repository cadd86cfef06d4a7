/* einsum_naive.c: s/d einsum against naive loops over every label, on fixed textbook cases and many random subscripts with random strides (transposed, padded, negative, broadcast). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define MAXD 6
#define SENTINEL 12345.0

typedef struct layout {
    int nd;
    int64_t shape[MAXD], strides[MAXD];
    int64_t origin, buflen;
} layout;

static int64_t rnd(int64_t n)
{
    return (int64_t)((bt_uniform() + 1.0) * 0.5 * (double)n) % n;
}

/* Random memory order, padding, sign per axis; zero strides (broadcast) when allowed. */
static void make_layout(int nd, const int64_t *shape, int allow_zero, int plain, layout *L)
{
    int perm[MAXD];
    L->nd = nd;
    for (int a = 0; a < nd; a++)
        perm[a] = a;
    for (int a = nd - 1; a > 0 && !plain; a--) {
        int b = (int)rnd(a + 1), t = perm[a];
        perm[a] = perm[b];
        perm[b] = t;
    }
    int64_t st = 1;
    L->origin = 0;
    for (int q = nd - 1; q >= 0; q--) {
        int a = perm[q];
        L->shape[a] = shape[a];
        if (!plain && allow_zero && shape[a] > 1 && rnd(8) == 0) {
            L->strides[a] = 0;
            continue;
        }
        int neg = !plain && rnd(4) == 0;
        L->strides[a] = neg ? -st : st;
        if (neg && shape[a] > 0)
            L->origin += st * (shape[a] - 1);
        st *= shape[a] + (plain ? 0 : rnd(2));
    }
    L->buflen = st > 0 ? st : 1;
}

static int64_t offset_of(const layout *L, const int64_t *idx)
{
    int64_t o = L->origin;
    for (int a = 0; a < L->nd; a++)
        o += idx[a] * L->strides[a];
    return o;
}

/* One problem: subscripts, each operand's letters, the sizes of the letters. */
typedef struct problem {
    char sub[128];
    int nops;
    char terms[4][MAXD + 1];
    char out[MAXD * 4 + 1];
    int64_t dim[128];
} problem;

/* Naive: every assignment of every letter, products summed in long double; abs keeps the
 * sum of |products| per output entry for the error bound. */
static void naive(const problem *p, const layout *L, double *const *vals, const layout *O,
                  long double *ref, long double *abs)
{
    char letters[64];
    int nl = 0;
    for (int t = 0; t < p->nops; t++)
        for (const char *c = p->terms[t]; *c; c++)
            if (!memchr(letters, *c, (size_t)nl))
                letters[nl++] = *c;
    int64_t total = 1, olen = 1;
    for (int q = 0; q < nl; q++)
        total *= p->dim[(int)letters[q]];
    for (int a = 0; a < O->nd; a++)
        olen *= O->shape[a];
    for (int64_t e = 0; e < olen; e++)
        ref[e] = abs[e] = 0.0L;
    int64_t val[128] = {0};
    for (int64_t it = 0; it < total; it++) {
        int64_t r = it;
        for (int q = nl - 1; q >= 0; q--) {
            int64_t d = p->dim[(int)letters[q]];
            val[(int)letters[q]] = r % d;
            r /= d;
        }
        long double prod = 1.0L;
        for (int t = 0; t < p->nops; t++) {
            int64_t idx[MAXD];
            for (int a = 0; a < L[t].nd; a++)
                idx[a] = val[(int)p->terms[t][a]];
            prod *= vals[t][offset_of(&L[t], idx)];
        }
        int64_t e = 0;
        for (int a = 0; a < O->nd; a++)
            e = e * O->shape[a] + val[(int)p->out[a]];
        ref[e] += prod;
        abs[e] += fabsl(prod);
    }
}

static int run_problem(const problem *p, int plain, const char *what)
{
    layout L[4], O;
    double *vals[4];
    int64_t shapes[4][MAXD];
    int fails = 0;
    for (int t = 0; t < p->nops; t++) {
        int nd = (int)strlen(p->terms[t]);
        for (int a = 0; a < nd; a++)
            shapes[t][a] = p->dim[(int)p->terms[t][a]];
        make_layout(nd, shapes[t], 1, plain, &L[t]);
        vals[t] = malloc((size_t)L[t].buflen * sizeof(double));
        for (int64_t e = 0; e < L[t].buflen; e++)
            vals[t][e] = (double)(float)bt_uniform();
    }
    int ond = (int)strlen(p->out);
    int64_t oshape[MAXD * 4], olen = 1;
    for (int a = 0; a < ond; a++) {
        oshape[a] = p->dim[(int)p->out[a]];
        olen *= oshape[a];
    }
    make_layout(ond, oshape, 0, plain, &O);
    long double *ref = malloc(sizeof(long double) * (size_t)(olen + 1));
    long double *abs = malloc(sizeof(long double) * (size_t)(olen + 1));
    naive(p, L, vals, &O, ref, abs);
    int64_t terms = 1; /* products summed per output entry, for the bound */
    for (int c = 0; c < 128; c++)
        if (p->dim[c] && !strchr(p->out, c)) {
            int used = 0;
            for (int t = 0; t < p->nops; t++)
                used |= strchr(p->terms[t], c) != NULL;
            if (used)
                terms *= p->dim[c];
        }

    for (int prec = 0; prec < 2; prec++) {
        double eps = prec ? BT_EPS_S : BT_EPS_D;
        double *od = malloc((size_t)O.buflen * sizeof(double));
        float *os = malloc((size_t)O.buflen * sizeof(float));
        float *in_s[4];
        basis_dtensor dops[4], dout;
        basis_stensor sops[4], sout;
        for (int64_t e = 0; e < O.buflen; e++) {
            od[e] = SENTINEL;
            os[e] = (float)SENTINEL;
        }
        for (int t = 0; t < p->nops; t++) {
            in_s[t] = malloc((size_t)L[t].buflen * sizeof(float));
            for (int64_t e = 0; e < L[t].buflen; e++)
                in_s[t][e] = (float)vals[t][e];
            dops[t] = (basis_dtensor){L[t].nd, L[t].shape, plain ? NULL : L[t].strides,
                                      vals[t] + L[t].origin};
            sops[t] = (basis_stensor){L[t].nd, L[t].shape, plain ? NULL : L[t].strides,
                                      in_s[t] + L[t].origin};
        }
        dout = (basis_dtensor){O.nd, O.shape, plain ? NULL : O.strides, od + O.origin};
        sout = (basis_stensor){O.nd, O.shape, plain ? NULL : O.strides, os + O.origin};
        basis_status s = prec ? basis_seinsum(NULL, p->sub, p->nops, sops, &sout)
                              : basis_deinsum(NULL, p->sub, p->nops, dops, &dout);
        BT_CHECK(s == BASIS_OK, "%s %s \"%s\": %s %s", what, prec ? "s" : "d", p->sub,
                 basis_status_name(s), basis_last_error());
        if (s == BASIS_OK) {
            /* every output entry right; padding (entries outside the view) untouched */
            char *hit = calloc((size_t)O.buflen, 1);
            int bad = 0;
            for (int64_t e = 0; e < olen; e++) {
                int64_t idx[MAXD * 4], r = e;
                for (int a = ond - 1; a >= 0; a--) {
                    idx[a] = r % O.shape[a];
                    r /= O.shape[a];
                }
                int64_t at = offset_of(&O, idx);
                hit[at] = 1;
                double got = prec ? (double)os[at] : od[at];
                double err = fabs(got - (double)ref[e]);
                double tol = 4.0 * (double)(terms + p->nops) * eps * (double)abs[e] + 1e-300;
                if (!(err <= tol) && bad++ < 3)
                    BT_CHECK(0, "%s %s \"%s\" entry %lld: got %.17g want %.17g (err %.3g > %.3g)",
                             what, prec ? "s" : "d", p->sub, (long long)e, got, (double)ref[e],
                             err, tol);
            }
            for (int64_t e = 0; e < O.buflen; e++)
                if (!hit[e] && (prec ? os[e] != (float)SENTINEL : od[e] != SENTINEL) && bad++ < 3)
                    BT_CHECK(0, "%s %s \"%s\": padding at %lld was written", what,
                             prec ? "s" : "d", p->sub, (long long)e);
            BT_CHECK(bad == 0, "%s %s \"%s\": %d bad entries", what, prec ? "s" : "d", p->sub,
                     bad);
            fails += bad != 0;
            free(hit);
        }
        for (int t = 0; t < p->nops; t++)
            free(in_s[t]);
        free(od);
        free(os);
    }
    for (int t = 0; t < p->nops; t++)
        free(vals[t]);
    free(ref);
    free(abs);
    return fails;
}

/* Fills terms and out from a subscript string (explicit or implicit, numpy's rule). */
static void split(problem *p, const char *sub)
{
    memset(p->terms, 0, sizeof p->terms);
    memset(p->out, 0, sizeof p->out);
    snprintf(p->sub, sizeof p->sub, "%s", sub);
    p->nops = 1;
    int t = 0, len = 0, out = 0, count[128] = {0};
    for (const char *c = sub; *c; c++) {
        if (*c == ',') {
            t++;
            p->nops++;
            len = 0;
        } else if (*c == '-') {
            c++;
            out = 1;
            len = 0;
        } else if (*c != ' ') {
            if (out) {
                p->out[len++] = *c;
            } else {
                p->terms[t][len++] = *c;
                count[(int)*c]++;
            }
        }
    }
    if (!out)
        for (int c = 'A'; c <= 'z'; c++)
            if (count[c] == 1)
                p->out[strlen(p->out)] = (char)c;
}

static void fixed(const char *sub, const char *sizes, int plain)
{
    problem p;
    memset(&p, 0, sizeof p);
    split(&p, sub);
    /* sizes: "i=3 j=4 ..." */
    for (const char *c = sizes; *c; c++)
        if (c[1] == '=') {
            p.dim[(int)c[0]] = strtoll(c + 2, NULL, 10);
            c += 2;
        }
    run_problem(&p, plain, "fixed");
}

static void random_problem(int big)
{
    static const char pool[] = "abcdeABz";
    problem p;
    memset(&p, 0, sizeof p);
    int nl = big ? 2 + (int)rnd(3) : 1 + (int)rnd(6);
    char letters[8];
    for (int q = 0; q < nl; q++) {
        letters[q] = pool[q];
        p.dim[(int)pool[q]] = big ? 6 + rnd(12) : 1 + rnd(4);
    }
    p.nops = 1 + (int)rnd(big ? 3 : 4);
    char *w = p.sub;
    int count[128] = {0};
    for (int t = 0; t < p.nops; t++) {
        int nd = (int)rnd(big ? 4 : 5);
        if (big && nd < 2)
            nd = 2;
        for (int a = 0; a < nd; a++) {
            char c = letters[rnd(nl)];
            p.terms[t][a] = c;
            count[(int)c]++;
            *w++ = c;
        }
        if (t + 1 < p.nops)
            *w++ = ',';
    }
    if (rnd(3) == 0) {
        for (int c = 'A'; c <= 'z'; c++)
            if (count[c] == 1)
                p.out[strlen(p.out)] = (char)c;
    } else {
        *w++ = '-';
        *w++ = '>';
        int used[128] = {0};
        for (int q = 0; q < 2 * nl; q++) {
            char c = letters[rnd(nl)];
            if (count[(int)c] && !used[(int)c] && rnd(2)) {
                used[(int)c] = 1;
                p.out[strlen(p.out)] = c;
                *w++ = c;
            }
        }
    }
    *w = 0;
    /* keep the naive loop small */
    double work = 1.0;
    for (int q = 0; q < nl; q++)
        work *= (double)p.dim[(int)letters[q]];
    if (work > 2e6)
        return;
    run_problem(&p, rnd(4) == 0, big ? "random-big" : "random");
}

int main(void)
{
    bt_begin("einsum_naive");
    bt_seed(2026);
    const char *sizes = "i=5 j=6 k=7 l=3 b=4 a=2 c=3 d=4";
    const char *cases[] = {"ij->ji",      "ii->",         "ii->i",        "ij->",
                           "ij",          "ji",           "i,j->ij",      "i,i->",
                           "ij,jk->ik",   "ij,kj->ik",    "ji,jk->ki",    "bij,bjk->bik",
                           "ijk,jkl->il", "ij,jk,kl->il", "ij,jk,kl",     "i,i,i->i",
                           "ab,bc,cd,da->", "iij->j",     "ij,ij->ij",    "ij,ij->",
                           "bij,bkj->bki", "i->",          "abc->cba"};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        fixed(cases[c], sizes, 1);
        fixed(cases[c], sizes, 0);
    }
    /* GEMM-shaped sizes (m n k >= 4096) through every stride pattern */
    const char *big = "i=33 j=40 k=29 l=17 b=3";
    const char *gemm_cases[] = {"ij,jk->ik", "ji,jk->ik", "ij,kj->ki", "bij,bjk->bik",
                                "ijk,jkl->il", "ij,jk,kl->il", "bji,bjk->kbi", "ik,kj"};
    for (size_t c = 0; c < sizeof gemm_cases / sizeof *gemm_cases; c++)
        for (int rep = 0; rep < 3; rep++)
            fixed(gemm_cases[c], big, rep == 0);
    /* large enough for the tiled, threaded copies (packing, scattering, transposes) */
    for (int rep = 0; rep < 2; rep++) {
        fixed("ijk->kji", "i=40 j=50 k=60", rep == 0);
        fixed("ijk,kl->lji", "i=40 j=30 k=40 l=50", rep == 0); /* one GEMM per j */
        fixed("iij->ji", "i=70 j=33", rep == 0);
    }
    fixed("ij,jk->ik", "i=4 j=0 k=5", 1); /* empty sum: zeros */
    fixed("ij,jk->ik", "i=0 j=3 k=5", 0); /* empty output */
    for (int r = 0; r < 300; r++)
        random_problem(0);
    for (int r = 0; r < 40; r++)
        random_problem(1);
    return bt_end();
}
