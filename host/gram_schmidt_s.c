/* gram_schmidt_s.c: float orthonormal basis of a set of vectors by modified Gram-Schmidt with re-orthogonalization, reporting the dependent ones. */
#include <float.h>
#include <math.h>

#include "internal.h"

/* v -= (q_i . v) q_i for each of the r columns of q (n x r, column major), one at a time
 * with the updated v (modified, not classical, Gram-Schmidt). Returns ||v|| after. */
static float s_mgs_pass(const basis_kernels *k, int64_t n, int64_t r, const float *q,
                         float *v)
{
    for (int64_t i = 0; i < r; i++)
        k->saxpy(n, -k->sdot(n, q + i * n, 1, v, 1), q + i * n, 1, v, 1);
    return k->snrm2(n, v, 1);
}

basis_status basis_sgram_schmidt(basis_ctx *ctx, basis_layout layout, int64_t n, int64_t k,
                                 const float *a, int64_t lda, float rtol, float *q,
                                 int64_t ldq, int64_t *rank, int *dependent)
{
    static const char fn[] = "basis_sgram_schmidt";
    basis_status s;
    int64_t rs, cs;
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_size(fn, "n", n)) ||
        (s = basis_check_size(fn, "k", k)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, n, k, lda, sizeof *a)) ||
        (s = basis_check_matrix(fn, "q", "ldq", q, layout, n, k, ldq, sizeof *q)) ||
        (s = basis_check_ptr(fn, "rank", rank, 1)))
        return s;
    if (isnan(rtol))
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: rtol is NaN", fn);
    if (k == 0) { /* the empty set: rank 0, nothing to build (n may be anything) */
        *rank = 0;
        return BASIS_OK;
    }
    if ((s = basis_check_alloc(fn, "workspace", n, k, sizeof *a)))
        return s;
    basis_strides(layout, 0, lda, &rs, &cs);
    if ((s = basis_check_finite_s(fn, "a", a, rs, cs, n, k)))
        return s;
    if (rtol < 0.0f) /* the same default as basis_srank, for the same reason */
        rtol = 16.0f * (float)(n > k ? n : k) * FLT_EPSILON;
    basis_call call;
    if ((s = basis_call_begin(ctx, fn, &call)))
        return s;
    const basis_kernels *kk = call.k;
    /* The basis is built column major in w and copied to q at the end. */
    float *w = basis_alloc((size_t)(n * k) * sizeof *w + 1);
    if (w == NULL)
        return basis_call_end(ctx, &call,
                              basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for a %lld x %lld "
                                         "copy", fn, (long long)n, (long long)k));
    int64_t r = 0;
    for (int64_t j = 0; j < k; j++) {
        float *v = w + r * n; /* the next basis column, built in place */
        for (int64_t i = 0; i < n; i++)
            v[i] = a[i * rs + j * cs];
        float len = n ? kk->snrm2(n, v, 1) : 0.0f, left = 0.0f;
        if (len > 0.0f) {
            /* Unit length first, so that rtol is relative to the vector. One pass loses
             * orthogonality in proportion to the cancellation; a second restores it ("twice
             * is enough"), and a third runs only if the second still removed over half
             * (Kahan-Parlett), which only happens at the edge of dependence. */
            for (int64_t i = 0; i < n; i++)
                v[i] /= len;
            left = s_mgs_pass(kk, n, r, w, v);
            float before = left;
            left = s_mgs_pass(kk, n, r, w, v);
            if (left < 0.5 * before)
                left = s_mgs_pass(kk, n, r, w, v);
        }
        int dep = !(left > rtol);
        if (dependent)
            dependent[j] = dep;
        if (!dep) {
            for (int64_t i = 0; i < n; i++)
                v[i] /= left;
            r++;
        }
    }
    for (int64_t j = 0; j < k; j++)
        for (int64_t i = 0; i < n; i++)
            q[layout == BASIS_COL_MAJOR ? i + j * ldq : i * ldq + j] = j < r ? w[i + j * n] : 0.0f;
    *rank = r;
    basis_free(w);
    return basis_call_end(ctx, &call, BASIS_OK);
}
