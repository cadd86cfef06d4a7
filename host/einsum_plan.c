/* einsum_plan.c: the precision-free parts of einsum's evaluation: label bookkeeping, the pairwise contraction order, and when axes can be handed to GEMM as one. */
#include "einsum.h"

int basis_einsum_has(const basis_einsum_view *v, int l)
{
    for (int a = 0; a < v->nd; a++)
        if (v->label[a] == l)
            return 1;
    return 0;
}

int64_t basis_einsum_contiguous(const basis_einsum_spec *spec, const signed char *labels, int nl,
                                void *data, basis_einsum_view *v)
{
    int64_t size = 1;
    v->nd = nl;
    v->data = data;
    for (int a = nl - 1; a >= 0; a--) {
        v->label[a] = labels[a];
        v->dim[a] = spec->dim[labels[a]];
        v->stride[a] = size;
        size *= v->dim[a];
    }
    return size;
}

void basis_einsum_needed(const basis_einsum_view *views, int n, int skip1, int skip2,
                         const basis_einsum_view *out, int *needed)
{
    for (int l = 0; l < BASIS_EINSUM_LETTERS; l++)
        needed[l] = 0;
    for (int a = 0; a < out->nd; a++)
        needed[out->label[a]] = 1;
    for (int t = 0; t < n; t++)
        if (t != skip1 && t != skip2)
            for (int a = 0; a < views[t].nd; a++)
                needed[views[t].label[a]] = 1;
}

/* Sizes as doubles: products of many axes may pass int64 in a plan never chosen. */
void basis_einsum_pick_pair(const basis_einsum_spec *spec, const basis_einsum_view *views, int n,
                            const basis_einsum_view *out, int *pi, int *pj, signed char *labels,
                            int *nl)
{
    double best_size = -1.0, best_cost = 0.0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            int needed[BASIS_EINSUM_LETTERS], seen[BASIS_EINSUM_LETTERS] = {0};
            signed char keep[BASIS_EINSUM_LETTERS];
            int nk = 0;
            basis_einsum_needed(views, n, i, j, out, needed);
            double size = 1.0, cost = 1.0;
            for (int side = 0; side < 2; side++) {
                const basis_einsum_view *v = &views[side ? j : i];
                for (int a = 0; a < v->nd; a++) {
                    int l = v->label[a];
                    if (seen[l])
                        continue;
                    seen[l] = 1;
                    cost *= (double)spec->dim[l];
                    if (needed[l]) {
                        keep[nk++] = (signed char)l;
                        size *= (double)spec->dim[l];
                    }
                }
            }
            if (best_size < 0.0 || size < best_size || (size == best_size && cost < best_cost)) {
                best_size = size;
                best_cost = cost;
                *pi = i;
                *pj = j;
                *nl = nk;
                for (int a = 0; a < nk; a++)
                    labels[a] = keep[a];
            }
        }
}

int basis_einsum_collapse(const basis_einsum_view *v, const signed char *labels, int nl,
                          int64_t *len, int64_t *stride)
{
    int64_t total = 1, step = 0, expect = 0;
    int started = 0;
    /* From the last (fastest) label outwards: each axis must step exactly over the run of
     * the axes after it. Axes of size 1 never move and are skipped. */
    for (int q = nl - 1; q >= 0; q--) {
        int a = -1;
        for (int b = 0; b < v->nd; b++)
            if (v->label[b] == labels[q])
                a = b;
        if (a < 0)
            return 0;
        if (v->dim[a] == 1)
            continue;
        if (!started) {
            step = v->stride[a];
            started = 1;
        } else if (v->stride[a] != expect) {
            return 0;
        }
        total *= v->dim[a];
        expect = step * total;
    }
    *len = total;
    *stride = total <= 1 ? 0 : step;
    return 1;
}

int basis_einsum_as_matrix(const basis_einsum_view *v, const signed char *rl, int nr,
                           const signed char *cl, int nc, basis_trans *trans, int64_t *ld)
{
    int64_t rows, cols, rs, cs;
    if (!basis_einsum_collapse(v, rl, nr, &rows, &rs) ||
        !basis_einsum_collapse(v, cl, nc, &cols, &cs))
        return 0;
    int64_t wr = rows > 1 ? rows : 1, wc = cols > 1 ? cols : 1;
    if ((cols <= 1 || cs == 1) && (rows <= 1 || rs >= wc)) {
        *trans = BASIS_NO_TRANS;
        *ld = rows <= 1 ? wc : rs;
        return 1;
    }
    if ((rows <= 1 || rs == 1) && (cols <= 1 || cs >= wr)) {
        *trans = BASIS_TRANS;
        *ld = cols <= 1 ? wr : cs;
        return 1;
    }
    return 0;
}

/* The labels of v that pass keep, in v's order. */
static int labels_in_order(const basis_einsum_view *v, const int *keep, signed char *out)
{
    int n = 0;
    for (int q = 0; q < v->nd; q++)
        if (keep[v->label[q]])
            out[n++] = v->label[q];
    return n;
}

/* Values to copy for the GEMM of groups (ml, kl, nl): each operand that is no matrix as is. */
static double pack_cost(const basis_einsum_view *a, const basis_einsum_view *b,
                        const basis_einsum_view *out, const signed char *ml, int nm,
                        const signed char *kl, int nk, const signed char *nl, int nn, double m,
                        double n, double k)
{
    basis_trans t;
    int64_t ld;
    double cost = 0.0;
    if (!basis_einsum_as_matrix(a, ml, nm, kl, nk, &t, &ld))
        cost += m * k;
    if (!basis_einsum_as_matrix(b, kl, nk, nl, nn, &t, &ld))
        cost += k * n;
    if (!basis_einsum_as_matrix(out, ml, nm, nl, nn, &t, &ld))
        cost += m * n;
    return cost;
}

static double dim_of(const basis_einsum_view *v, int l)
{
    for (int q = 0; q < v->nd; q++)
        if (v->label[q] == l)
            return (double)v->dim[q];
    return 1.0;
}

/* Removes entry q of list (n entries). */
static void drop(signed char *list, int *n, int q)
{
    for (int r = q; r + 1 < *n; r++)
        list[r] = list[r + 1];
    (*n)--;
}

void basis_einsum_gemm_groups(const basis_einsum_view *a, const basis_einsum_view *b,
                              const basis_einsum_view *out, double *m, double *n, double k,
                              signed char *bl, int *nb, signed char *ml, int *nm,
                              signed char *nl, int *nn, signed char *kl, int *nk)
{
    int in_a[BASIS_EINSUM_LETTERS] = {0}, in_b[BASIS_EINSUM_LETTERS] = {0};
    int is_m[BASIS_EINSUM_LETTERS] = {0}, is_k[BASIS_EINSUM_LETTERS] = {0};
    for (int q = 0; q < a->nd; q++)
        in_a[a->label[q]] = 1;
    for (int q = 0; q < b->nd; q++)
        in_b[b->label[q]] = 1;
    *nb = *nn = 0;
    for (int q = 0; q < out->nd; q++) {
        int l = out->label[q];
        if (in_a[l] && in_b[l])
            bl[(*nb)++] = (signed char)l;
        else if (in_a[l])
            is_m[l] = 1;
        else
            nl[(*nn)++] = (signed char)l;
    }
    for (int q = 0; q < a->nd; q++)
        is_k[a->label[q]] = in_b[a->label[q]] && !basis_einsum_has(out, a->label[q]);
    signed char mc[2][BASIS_EINSUM_LETTERS], kc[2][BASIS_EINSUM_LETTERS];
    int nmc = labels_in_order(out, is_m, mc[0]);
    labels_in_order(a, is_m, mc[1]);
    int nkc = labels_in_order(a, is_k, kc[0]);
    labels_in_order(b, is_k, kc[1]);
    double best = -1.0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double cost = pack_cost(a, b, out, mc[i], nmc, kc[j], nkc, nl, *nn, *m, *n, k);
            if (best < 0.0 || cost < best) {
                best = cost;
                *nm = nmc;
                *nk = nkc;
                for (int q = 0; q < nmc; q++)
                    ml[q] = mc[i][q];
                for (int q = 0; q < nkc; q++)
                    kl[q] = kc[j][q];
            }
        }
    if (best == 0.0)
        return;
    /* Still a copy: a row or column label looped over outside the GEMM (as a batch label
     * that one operand lacks) may leave matrices that need none, e.g. "ijk,kl->lji" as one
     * GEMM per j. Take the one leaving the largest GEMM, if that is still large. */
    double best_size = 0.0;
    int best_side = -1, best_q = -1;
    for (int side = 0; side < 2; side++) {
        int cnt = side ? *nn : *nm;
        for (int q = 0; q < cnt; q++) {
            signed char mm[BASIS_EINSUM_LETTERS], nn2[BASIS_EINSUM_LETTERS];
            int cm = *nm, cn = *nn;
            for (int r = 0; r < cm; r++)
                mm[r] = ml[r];
            for (int r = 0; r < cn; r++)
                nn2[r] = nl[r];
            double d = side ? dim_of(b, nl[q]) : dim_of(a, ml[q]);
            double m2 = side ? *m : *m / d, n2 = side ? *n / d : *n;
            if (side)
                drop(nn2, &cn, q);
            else
                drop(mm, &cm, q);
            if (m2 * n2 * k > best_size &&
                pack_cost(a, b, out, mm, cm, kl, *nk, nn2, cn, m2, n2, k) == 0.0) {
                best_size = m2 * n2 * k;
                best_side = side;
                best_q = q;
            }
        }
    }
    if (best_side < 0 || best_size < 65536.0)
        return;
    if (best_side) {
        bl[(*nb)++] = nl[best_q];
        *n /= dim_of(b, nl[best_q]);
        drop(nl, nn, best_q);
    } else {
        bl[(*nb)++] = ml[best_q];
        *m /= dim_of(a, ml[best_q]);
        drop(ml, nm, best_q);
    }
}
