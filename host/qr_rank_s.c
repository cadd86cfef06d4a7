/* qr_rank_s.c: float rank and dependent columns of a set of vectors by Householder QR with column pivoting on the level-1 kernels. */
#include <float.h>
#include <math.h>

#include "internal.h"

/* The default relative tolerance: rounding leaves an exactly dependent unit column a
 * remainder of a few eps times sqrt(n); 16 max(n, k) eps stays above that while any
 * column farther than that from the span (a condition number up to ~1 / (16 n eps)) counts
 * as independent. */
static float s_default_rtol(int64_t n, int64_t k)
{
    return 16.0f * (float)(n > k ? n : k) * FLT_EPSILON;
}

basis_status basis_srank(basis_ctx *ctx, basis_layout layout, int64_t n, int64_t k,
                         const float *a, int64_t lda, float rtol, int64_t *rank, int *dependent)
{
    static const char fn[] = "basis_srank";
    basis_status s;
    int64_t rs, cs;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_size(fn, "k", k)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, k, lda, sizeof *a)) ||
        (s = basis_check_ptr(fn, "rank", rank, 1)))
        return s;
    if (isnan(rtol))
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: rtol is NaN", fn);
    if (k == 0) { /* no vectors: rank 0 (n may be anything) */
        *rank = 0;
        return BASIS_OK;
    }
    if ((s = basis_check_alloc(fn, "workspace", n + 2, k, sizeof *a)))
        return s;
    basis_strides(layout, 0, lda, &rs, &cs);
    if ((s = basis_check_finite_s(fn, "a", a, rs, cs, n, k)))
        return s;
    if (rtol < 0.0f)
        rtol = s_default_rtol(n, k);
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    const basis_kernels *kk = call.k;
    int64_t *perm = basis_alloc((size_t)k * sizeof *perm + (size_t)(n * k + k + 1) * sizeof(float));
    if (perm == NULL)
        return basis_call_end(ctx, &call,
                              basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for a %lld x %lld "
                                         "copy", fn, (long long)n, (long long)k));
    float *w = (float *)(perm + k), *norm = w + n * k;
    /* Unit columns: independence is a property of directions, not lengths. A zero column
     * stays zero and is never chosen. */
    for (int64_t j = 0; j < k; j++) {
        perm[j] = j;
        float *wj = w + j * n;
        for (int64_t i = 0; i < n; i++)
            wj[i] = a[i * rs + j * cs];
        float nj = n ? kk->snrm2(n, wj, 1) : 0.0f;
        for (int64_t i = 0; i < n && nj > 0.0f; i++)
            wj[i] /= nj;
    }
    int64_t r = 0, steps = n < k ? n : k;
    for (; r < steps; r++) {
        /* Remaining norms recomputed each step (not downdated), so cancellation in a
         * downdate can never promote a dependent column. */
        int64_t p = r;
        for (int64_t j = r; j < k; j++) {
            norm[j] = kk->snrm2(n - r, w + j * n + r, 1);
            if (norm[j] > norm[p])
                p = j;
        }
        if (!(norm[p] > rtol))
            break;
        if (p != r) {
            for (int64_t i = 0; i < n; i++) {
                float t = w[i + r * n];
                w[i + r * n] = w[i + p * n];
                w[i + p * n] = t;
            }
            int64_t t = perm[r];
            perm[r] = perm[p];
            perm[p] = t;
        }
        /* Householder H = I - beta v v^T maps w(r:n, r) to alpha e_1; v overwrites it. */
        float *v = w + r * n + r, x0 = v[0];
        float alpha = x0 >= 0.0f ? -norm[p] : norm[p];
        v[0] = x0 - alpha;
        float vv = kk->sdot(n - r, v, 1, v, 1);
        if (vv > 0.0f)
            for (int64_t j = r + 1; j < k; j++) {
                float *wj = w + j * n + r;
                kk->saxpy(n - r, -2.0f * kk->sdot(n - r, v, 1, wj, 1) / vv, v, 1, wj, 1);
            }
    }
    *rank = r;
    if (dependent)
        for (int64_t j = 0; j < k; j++)
            dependent[perm[j]] = j >= r;
    basis_free(perm);
    return basis_call_end(ctx, &call, BASIS_OK);
}
