/* einsum_s.c: float einsum: operands checked, contracted pairwise (GEMM-shaped pairs on basis_sgemm, others by a strided loop), written to the strided output. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "einsum.h"

/* size values, or NULL when their bytes do not fit in size_t (a broadcast operand, stride
 * 0, may describe far more values than memory holds) or memory runs out. */
static float *s_alloc_values(int64_t size)
{
    if (size < 0 || (uint64_t)size > SIZE_MAX / sizeof(float))
        return NULL;
    return basis_alloc((size_t)(size ? size : 1) * sizeof(float));
}

/* Below this many multiply-adds per batch entry a GEMM call costs more than it saves. */
#define S_GEMM_MIN_FLOPS 4096

/* out(o) = sum over the labels of a (and b) absent from out of a(...) b(...), every label
 * walked once with the strides of all axes it names added (a repeated label: a diagonal).
 * b may be NULL (a copy, transpose, diagonal or sum of a). */
static void s_loop(const basis_einsum_spec *spec, const basis_einsum_view *a,
                   const basis_einsum_view *b, const basis_einsum_view *out)
{
    int64_t sa[BASIS_EINSUM_LETTERS] = {0}, sb[BASIS_EINSUM_LETTERS] = {0};
    int64_t so[BASIS_EINSUM_LETTERS] = {0};
    int used[BASIS_EINSUM_LETTERS] = {0}, is_out[BASIS_EINSUM_LETTERS] = {0};
    for (int q = 0; q < a->nd; q++) {
        sa[a->label[q]] += a->stride[q];
        used[a->label[q]] = 1;
    }
    for (int q = 0; b && q < b->nd; q++) {
        sb[b->label[q]] += b->stride[q];
        used[b->label[q]] = 1;
    }
    int ol[BASIS_EINSUM_LETTERS], sl[BASIS_EINSUM_LETTERS], no = 0, ns = 0;
    int64_t odim[BASIS_EINSUM_LETTERS], sdim[BASIS_EINSUM_LETTERS];
    for (int q = 0; q < out->nd; q++) {
        int l = out->label[q];
        so[l] = out->stride[q];
        is_out[l] = 1;
        ol[no] = l;
        odim[no++] = spec->dim[l];
        if (spec->dim[l] == 0)
            return;
    }
    int64_t inner = 1;
    for (int l = 0; l < BASIS_EINSUM_LETTERS; l++)
        if (used[l] && !is_out[l]) {
            sl[ns] = l;
            sdim[ns++] = spec->dim[l];
            inner *= spec->dim[l];
        }
    const float *pa = a->data, *pb = b ? b->data : NULL;
    float *po = out->data;
    int64_t oi[BASIS_EINSUM_LETTERS] = {0}, si[BASIS_EINSUM_LETTERS];
    int64_t oa = 0, ob = 0, oo = 0;
    int last = ns - 1;
    if (ns == 0 && no > 0) {
        /* Nothing summed (a copy, transpose, diagonal or elementwise product): the last
         * output label runs as a tight loop under the odometer of the others. */
        int l = ol[no - 1];
        int64_t n = odim[no - 1], da = sa[l], db = sb[l], dout = so[l];
        for (;;) {
            if (pb)
                for (int64_t r = 0; r < n; r++)
                    po[oo + r * dout] = pa[oa + r * da] * pb[ob + r * db];
            else
                for (int64_t r = 0; r < n; r++)
                    po[oo + r * dout] = pa[oa + r * da];
            int q = no - 2;
            for (; q >= 0; q--) {
                int lq = ol[q];
                oa += sa[lq];
                ob += sb[lq];
                oo += so[lq];
                if (++oi[q] < odim[q])
                    break;
                oa -= sa[lq] * odim[q];
                ob -= sb[lq] * odim[q];
                oo -= so[lq] * odim[q];
                oi[q] = 0;
            }
            if (q < 0)
                return;
        }
    }
    for (;;) {
        double acc = 0.0; /* s sums in double: more accurate, same speed here */
        if (inner > 0) {
            /* The summed labels but the last by odometer; the last in a tight loop. */
            int64_t ia = oa, ib = ob;
            for (int q = 0; q < ns; q++)
                si[q] = 0;
            for (;;) {
                if (ns == 0) {
                    acc += pb ? (double)pa[ia] * pb[ib] : pa[ia];
                    break;
                }
                int64_t n = sdim[last], da = sa[sl[last]], db = sb[sl[last]];
                if (pb)
                    for (int64_t r = 0; r < n; r++)
                        acc += (double)pa[ia + r * da] * pb[ib + r * db];
                else
                    for (int64_t r = 0; r < n; r++)
                        acc += pa[ia + r * da];
                int q = last - 1;
                for (; q >= 0; q--) {
                    ia += sa[sl[q]];
                    ib += sb[sl[q]];
                    if (++si[q] < sdim[q])
                        break;
                    ia -= sa[sl[q]] * sdim[q];
                    ib -= sb[sl[q]] * sdim[q];
                    si[q] = 0;
                }
                if (q < 0)
                    break;
            }
        }
        po[oo] = (float)acc;
        int q = no - 1;
        for (; q >= 0; q--) {
            int l = ol[q];
            oa += sa[l];
            ob += sb[l];
            oo += so[l];
            if (++oi[q] < odim[q])
                break;
            oa -= sa[l] * odim[q];
            ob -= sb[l] * odim[q];
            oo -= so[l] * odim[q];
            oi[q] = 0;
        }
        if (q < 0)
            return;
    }
}

/* out := a where every label of a is in out (a copy, transpose or diagonal), in 32 x 32
 * tiles over the label fastest in a and the one fastest in out, so that a transpose reads
 * and writes whole cache lines; the tiles are shared among threads. */
#define S_TILE 32

static void s_copy(const basis_einsum_spec *spec, const basis_einsum_view *a,
                   const basis_einsum_view *out, int threads)
{
    int64_t sa[BASIS_EINSUM_LETTERS] = {0}, so[BASIS_EINSUM_LETTERS] = {0};
    for (int q = 0; q < a->nd; q++)
        sa[a->label[q]] += a->stride[q];
    const float *pa = a->data;
    float *po = out->data;
    int lo = -1, la = -1;
    for (int q = 0; q < out->nd; q++) {
        int l = out->label[q];
        so[l] = out->stride[q];
        if (spec->dim[l] == 0)
            return;
    }
    for (int q = 0; q < out->nd; q++) {
        int l = out->label[q];
        if (spec->dim[l] < 2)
            continue;
        if (lo < 0 || llabs(so[l]) < llabs(so[lo]))
            lo = l;
        if (la < 0 || llabs(sa[l]) < llabs(sa[la]))
            la = l;
    }
    if (lo < 0) { /* a single value */
        po[0] = pa[0];
        return;
    }
    if (la == lo)
        la = -1;
    int ot[BASIS_EINSUM_LETTERS], nt = 0;
    int64_t outer = 1;
    for (int q = 0; q < out->nd; q++) {
        int l = out->label[q];
        if (l != lo && l != la && spec->dim[l] > 1) {
            ot[nt++] = l;
            outer *= spec->dim[l];
        }
    }
    int64_t dlo = spec->dim[lo], dla = la < 0 ? 1 : spec->dim[la];
    int64_t slo_a = sa[lo], slo_o = so[lo], sla_a = la < 0 ? 0 : sa[la];
    int64_t sla_o = la < 0 ? 0 : so[la], nblk = (dlo + S_TILE - 1) / S_TILE;
    int64_t total = outer * nblk;
    int nth = threads > 1 && outer * dlo * dla >= ((int64_t)1 << 16) ? threads : 1;
    (void)nth;
#ifdef _OPENMP
#pragma omp parallel for num_threads(nth) schedule(static)
#endif
    for (int64_t w = 0; w < total; w++) {
        int64_t r = w / nblk, offa = 0, offo = 0;
        for (int q = nt - 1; q >= 0; q--) {
            int64_t d = spec->dim[ot[q]], i = r % d;
            r /= d;
            offa += i * sa[ot[q]];
            offo += i * so[ot[q]];
        }
        int64_t o0 = (w % nblk) * S_TILE, o1 = o0 + S_TILE < dlo ? o0 + S_TILE : dlo;
        for (int64_t x0 = 0; x0 < dla; x0 += S_TILE) {
            int64_t x1 = x0 + S_TILE < dla ? x0 + S_TILE : dla;
            for (int64_t o = o0; o < o1; o++) {
                const float *src = pa + offa + o * slo_a;
                float *dst = po + offo + o * slo_o;
                for (int64_t x = x0; x < x1; x++)
                    dst[x * sla_o] = src[x * sla_a];
            }
        }
    }
}

/* A copy of v reduced to the labels in keep (first appearance order, each once) in fresh
 * contiguous memory at *mem, when v repeats a label or has one that keep lacks; else v
 * itself (*mem NULL). */
static basis_status s_reduce(const char *fn, const basis_einsum_spec *spec,
                             const basis_einsum_view *v, const int *keep, basis_einsum_view *r,
                             float **mem)
{
    signed char labels[BASIS_EINSUM_MAX_DIMS];
    int nl = 0, seen[BASIS_EINSUM_LETTERS] = {0}, needs = 0;
    *mem = NULL;
    for (int q = 0; q < v->nd; q++) {
        int l = v->label[q];
        if (seen[l] || !keep[l]) {
            needs = 1;
            continue;
        }
        seen[l] = 1;
        labels[nl++] = (signed char)l;
    }
    if (!needs) {
        *r = *v;
        return BASIS_OK;
    }
    int64_t size = basis_einsum_contiguous(spec, labels, nl, NULL, r);
    *mem = s_alloc_values(size);
    if (*mem == NULL)
        return basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for an intermediate of %lld values",
                          fn, (long long)size);
    r->data = *mem;
    s_loop(spec, v, NULL, r);
    return BASIS_OK;
}

static basis_trans s_flip(basis_trans t)
{
    return t == BASIS_NO_TRANS ? BASIS_TRANS : BASIS_NO_TRANS;
}

/* out := the contraction of a and b. Labels shared by a, b and out are batch, by a and out
 * (b and out) rows (columns), by a and b only summed: one GEMM per batch entry, on the
 * operands in place where their strides allow, else on packed copies. */
static basis_status s_contract2(basis_ctx *ctx, const char *fn, const basis_einsum_spec *spec,
                                const basis_einsum_view *a0, const basis_einsum_view *b0,
                                const basis_einsum_view *out, int threads)
{
    int in_a[BASIS_EINSUM_LETTERS] = {0}, in_b[BASIS_EINSUM_LETTERS] = {0};
    int in_o[BASIS_EINSUM_LETTERS] = {0}, keep[BASIS_EINSUM_LETTERS];
    for (int q = 0; q < a0->nd; q++)
        in_a[a0->label[q]] = 1;
    for (int q = 0; q < b0->nd; q++)
        in_b[b0->label[q]] = 1;
    for (int q = 0; q < out->nd; q++)
        in_o[out->label[q]] = 1;
    double m = 1.0, n = 1.0, k = 1.0; /* sizes, as in the planner */
    int zero = 0;
    for (int l = 0; l < BASIS_EINSUM_LETTERS; l++) {
        zero |= (in_a[l] || in_b[l]) && spec->dim[l] == 0;
        if (in_a[l] && in_o[l] && !in_b[l])
            m *= (float)spec->dim[l];
        if (in_b[l] && in_o[l] && !in_a[l])
            n *= (float)spec->dim[l];
        if (in_a[l] && in_b[l] && !in_o[l])
            k *= (float)spec->dim[l];
    }
    if (zero || m * n * k < S_GEMM_MIN_FLOPS) {
        s_loop(spec, a0, b0, out);
        return BASIS_OK;
    }

    basis_status s;
    basis_einsum_view a, b, pa, pb, pc;
    float *ma = NULL, *mb = NULL, *packa = NULL, *packb = NULL, *tmpc = NULL;
    for (int l = 0; l < BASIS_EINSUM_LETTERS; l++)
        keep[l] = in_o[l] || (in_a[l] && in_b[l]);
    if ((s = s_reduce(fn, spec, a0, keep, &a, &ma)) || (s = s_reduce(fn, spec, b0, keep, &b, &mb)))
        goto done;

    /* Label groups: batch and columns in the output's order; rows and summed labels in the
     * order that leaves the fewest values to copy. */
    signed char bl[BASIS_EINSUM_LETTERS], ml[BASIS_EINSUM_LETTERS], nl[BASIS_EINSUM_LETTERS];
    signed char kl[BASIS_EINSUM_LETTERS], lab[3 * BASIS_EINSUM_LETTERS];
    int nb, nm, nn, nk;
    basis_einsum_gemm_groups(&a, &b, out, &m, &n, k, bl, &nb, ml, &nm, nl, &nn, kl, &nk);
    int64_t im = (int64_t)m, in = (int64_t)n, ik = (int64_t)k;
    basis_trans ta, tb;
    int64_t lda, ldb, ldc;
    pa = a;
    if (!basis_einsum_as_matrix(&a, ml, nm, kl, nk, &ta, &lda)) {
        memcpy(lab, bl, (size_t)nb);
        memcpy(lab + nb, ml, (size_t)nm);
        memcpy(lab + nb + nm, kl, (size_t)nk);
        int64_t size = basis_einsum_contiguous(spec, lab, nb + nm + nk, NULL, &pa);
        if ((packa = s_alloc_values(size)) == NULL)
            goto nomem;
        pa.data = packa;
        s_copy(spec, &a, &pa, threads);
        ta = BASIS_NO_TRANS;
        lda = ik;
    }
    pb = b;
    if (!basis_einsum_as_matrix(&b, kl, nk, nl, nn, &tb, &ldb)) {
        memcpy(lab, bl, (size_t)nb);
        memcpy(lab + nb, kl, (size_t)nk);
        memcpy(lab + nb + nk, nl, (size_t)nn);
        int64_t size = basis_einsum_contiguous(spec, lab, nb + nk + nn, NULL, &pb);
        if ((packb = s_alloc_values(size)) == NULL)
            goto nomem;
        pb.data = packb;
        s_copy(spec, &b, &pb, threads);
        tb = BASIS_NO_TRANS;
        ldb = in;
    }
    /* C directly when its rows or its columns are unit-stride (the latter as C^T = B^T A^T),
     * else a contiguous C scattered at the end. */
    pc = *out;
    basis_trans tc;
    if (!basis_einsum_as_matrix(out, ml, nm, nl, nn, &tc, &ldc)) {
        memcpy(lab, bl, (size_t)nb);
        memcpy(lab + nb, ml, (size_t)nm);
        memcpy(lab + nb + nm, nl, (size_t)nn);
        int64_t size = basis_einsum_contiguous(spec, lab, nb + nm + nn, NULL, &pc);
        if ((tmpc = s_alloc_values(size)) == NULL)
            goto nomem;
        pc.data = tmpc;
        tc = BASIS_NO_TRANS;
        ldc = in;
    }

    /* One GEMM per batch entry; the batch labels' strides in each operand. */
    int64_t bsa[BASIS_EINSUM_LETTERS], bsb[BASIS_EINSUM_LETTERS], bsc[BASIS_EINSUM_LETTERS];
    int64_t bdim[BASIS_EINSUM_LETTERS], bi[BASIS_EINSUM_LETTERS] = {0};
    for (int q = 0; q < nb; q++) {
        bsa[q] = bsb[q] = bsc[q] = 0;
        bdim[q] = spec->dim[bl[q]];
        for (int r = 0; r < pa.nd; r++)
            if (pa.label[r] == bl[q])
                bsa[q] = pa.stride[r];
        for (int r = 0; r < pb.nd; r++)
            if (pb.label[r] == bl[q])
                bsb[q] = pb.stride[r];
        for (int r = 0; r < pc.nd; r++)
            if (pc.label[r] == bl[q])
                bsc[q] = pc.stride[r];
    }
    const float *da = pa.data, *db = pb.data;
    float *dc = pc.data;
    int64_t oa = 0, ob = 0, oc = 0;
    for (;;) {
        if (tc == BASIS_NO_TRANS)
            s = basis_sgemm(ctx, BASIS_ROW_MAJOR, ta, tb, im, in, ik, 1.0f, da + oa, lda, db + ob,
                            ldb, 0.0f, dc + oc, ldc);
        else
            s = basis_sgemm(ctx, BASIS_ROW_MAJOR, s_flip(tb), s_flip(ta), in, im, ik, 1.0f,
                            db + ob, ldb, da + oa, lda, 0.0f, dc + oc, ldc);
        if (s)
            goto done;
        int q = nb - 1;
        for (; q >= 0; q--) {
            oa += bsa[q];
            ob += bsb[q];
            oc += bsc[q];
            if (++bi[q] < bdim[q])
                break;
            oa -= bsa[q] * bdim[q];
            ob -= bsb[q] * bdim[q];
            oc -= bsc[q] * bdim[q];
            bi[q] = 0;
        }
        if (q < 0)
            break;
    }
    if (tmpc)
        s_copy(spec, &pc, out, threads);
    s = BASIS_OK;
    goto done;
nomem:
    s = basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for a packed GEMM operand", fn);
done:
    basis_free(ma);
    basis_free(mb);
    basis_free(packa);
    basis_free(packb);
    basis_free(tmpc);
    return s;
}

/* Whether every label of a is in out: then out is a rearrangement of a, nothing summed. */
static int s_copy_only(const basis_einsum_view *a, const basis_einsum_view *out)
{
    for (int q = 0; q < a->nd; q++)
        if (!basis_einsum_has(out, a->label[q]))
            return 0;
    return 1;
}

/* Operand t of ops (or out when t < 0) checked: rank, shape, data present, strides within
 * what int64 addresses; out: no zero stride on an axis longer than 1. */
static basis_status s_check_tensor(const char *fn, const basis_stensor *x, int64_t t)
{
    char name[32];
    if (t >= 0)
        snprintf(name, sizeof name, "ops[%lld]", (long long)t);
    else
        snprintf(name, sizeof name, "out");
    if (x->ndim < 0 || x->ndim > BASIS_EINSUM_MAX_DIMS)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s.ndim = %lld is outside [0, %d]", fn, name,
                          (long long)x->ndim, BASIS_EINSUM_MAX_DIMS);
    if (x->ndim > 0 && x->shape == NULL)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s.shape is NULL", fn, name);
    int64_t size = 1, span = 0;
    for (int64_t q = 0; q < x->ndim; q++) {
        int64_t d = x->shape[q];
        if (d < 0)
            return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s.shape[%lld] = %lld is negative", fn,
                              name, (long long)q, (long long)d);
        if (__builtin_mul_overflow(size, d, &size))
            return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s has more elements than int64 counts",
                              fn, name);
    }
    for (int64_t q = 0; q < x->ndim && x->strides && size > 0; q++) {
        int64_t st = x->strides[q], ext;
        if (t < 0 && st == 0 && x->shape[q] > 1)
            return basis_fail(BASIS_ERR_ARGUMENT,
                              "%s: out.strides[%lld] = 0 would write every entry of axis %lld "
                              "to one place",
                              fn, (long long)q, (long long)q);
        if (st == INT64_MIN || __builtin_mul_overflow(st < 0 ? -st : st, x->shape[q] - 1, &ext) ||
            __builtin_add_overflow(span, ext, &span))
            return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s.strides[%lld] = %lld reach beyond "
                              "what int64 addresses", fn, name, (long long)q, (long long)st);
    }
    return basis_check_ptr(fn, name, x->data, size);
}

/* The view of tensor x with the given labels (NULL strides: contiguous row major). */
static void s_view(const basis_stensor *x, const signed char *labels, basis_einsum_view *v)
{
    int64_t step = 1;
    v->nd = (int)x->ndim;
    v->data = x->data;
    for (int q = v->nd - 1; q >= 0; q--) {
        v->label[q] = labels[q];
        v->dim[q] = x->shape[q];
        v->stride[q] = x->strides ? x->strides[q] : step;
        step *= x->shape[q];
    }
}

basis_status basis_seinsum(basis_ctx *ctx, const char *subscripts, int64_t nops,
                           const basis_stensor *ops, const basis_stensor *out)
{
    static const char fn[] = "basis_seinsum";
    basis_status s;
    if (nops < 1 || nops > BASIS_EINSUM_MAX_OPS)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: nops = %lld is outside [1, %d]", fn,
                          (long long)nops, BASIS_EINSUM_MAX_OPS);
    if ((s = basis_check_ptr(fn, "ops", ops, nops)) || (s = basis_check_ptr(fn, "out", out, 1)))
        return s;
    int64_t ndims[BASIS_EINSUM_MAX_OPS];
    const int64_t *shapes[BASIS_EINSUM_MAX_OPS];
    for (int64_t t = 0; t < nops; t++) {
        if ((s = s_check_tensor(fn, &ops[t], t)))
            return s;
        ndims[t] = ops[t].ndim;
        shapes[t] = ops[t].shape;
    }
    if ((s = s_check_tensor(fn, out, -1)))
        return s;
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    basis_einsum_spec *spec = basis_alloc(sizeof *spec);
    basis_einsum_view *v = basis_alloc(sizeof *v * (size_t)(nops + 1));
    float *mem[BASIS_EINSUM_MAX_OPS] = {0};
    if (spec == NULL || v == NULL) {
        s = basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory to plan the contraction", fn);
        goto done;
    }
    if ((s = basis_einsum_parse(fn, subscripts, nops, ndims, shapes, spec)))
        goto done;
    if (out->ndim != spec->out_ndim) {
        s = basis_fail(BASIS_ERR_ARGUMENT, "%s: out.ndim = %lld but the subscripts give an "
                       "output of %d dimensions", fn, (long long)out->ndim, spec->out_ndim);
        goto done;
    }
    for (int q = 0; q < spec->out_ndim; q++)
        if (out->shape[q] != spec->dim[spec->out_label[q]]) {
            s = basis_fail(BASIS_ERR_ARGUMENT, "%s: out.shape[%d] = %lld but '%c' has size %lld",
                           fn, q, (long long)out->shape[q], spec->letter[spec->out_label[q]],
                           (long long)spec->dim[spec->out_label[q]]);
            goto done;
        }
    basis_einsum_view *ov = &v[nops];
    s_view(out, spec->out_label, ov);
    int n = (int)nops;
    for (int t = 0; t < n; t++)
        s_view(&ops[t], spec->op_label[t], &v[t]);
    /* Pairs until two remain, each into a contiguous intermediate; the last pair (or the
     * single operand) straight into out. */
    while (n > 2) {
        int i, j, nl;
        signed char labels[BASIS_EINSUM_LETTERS];
        basis_einsum_view r;
        basis_einsum_pick_pair(spec, v, n, ov, &i, &j, labels, &nl);
        float dsize = 1.0f;
        for (int q = 0; q < nl; q++)
            dsize *= (float)spec->dim[labels[q]];
        if (dsize * sizeof(float) > 0x1p62) {
            s = basis_fail(BASIS_ERR_NO_MEMORY, "%s: an intermediate of %.3g values is too large "
                           "to hold", fn, dsize);
            goto done;
        }
        int64_t size = basis_einsum_contiguous(spec, labels, nl, NULL, &r);
        float *m = s_alloc_values(size);
        if (m == NULL) {
            s = basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for an intermediate of %lld "
                           "values", fn, (long long)size);
            goto done;
        }
        r.data = m;
        if ((s = s_contract2(ctx, fn, spec, &v[i], &v[j], &r, call.threads))) {
            basis_free(m);
            goto done;
        }
        basis_free(mem[i]);
        basis_free(mem[j]);
        /* the result takes i's place; j's slot is filled by the last view */
        v[i] = r;
        mem[i] = m;
        v[j] = v[n - 1];
        mem[j] = mem[n - 1];
        mem[n - 1] = NULL;
        n--;
    }
    if (n == 2)
        s = s_contract2(ctx, fn, spec, &v[0], &v[1], ov, call.threads);
    else if (s_copy_only(&v[0], ov))
        s_copy(spec, &v[0], ov, call.threads);
    else
        s_loop(spec, &v[0], NULL, ov);
done:
    for (int t = 0; t < BASIS_EINSUM_MAX_OPS; t++)
        basis_free(mem[t]);
    basis_free(v);
    basis_free(spec);
    return basis_call_end(ctx, &call, s);
}
