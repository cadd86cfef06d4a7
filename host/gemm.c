/* gemm.c: the public gemm ops (checks, layouts, transposes as strides) and the internal GEMM entry for host algorithms. */
#include "gemm_blocked.h"
#include "internal.h"

basis_status basis_sgemm(basis_ctx *ctx, basis_layout layout, basis_trans transa,
                         basis_trans transb, int64_t m, int64_t n, int64_t k, float alpha,
                         const float *a, int64_t lda, const float *b, int64_t ldb, float beta,
                         float *c, int64_t ldc)
{
    static const char fn[] = "basis_sgemm";
    basis_status s;
    int ta = transa != BASIS_NO_TRANS, tb = transb != BASIS_NO_TRANS;
    /* lda and ldb describe the matrices as stored, before op() is applied. */
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_trans(fn, "transa", transa)) ||
        (s = basis_check_trans(fn, "transb", transb)) || (s = basis_check_size(fn, "m", m)) ||
        (s = basis_check_size(fn, "n", n)) || (s = basis_check_size(fn, "k", k)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, ta ? k : m, ta ? m : k, lda,
                                sizeof *a)) ||
        (s = basis_check_matrix(fn, "b", "ldb", b, layout, tb ? n : k, tb ? k : n, ldb,
                                sizeof *b)) ||
        (s = basis_check_matrix(fn, "c", "ldc", c, layout, m, n, ldc, sizeof *c)))
        return s;

    basis_call call;
    s = basis_call_begin_sized(ctx, fn, 2.0 * (double)m * (double)n * (double)k, &call);
    if (s)
        return s;
    if (m > 0 && n > 0) {
        int64_t rsa, csa, rsb, csb, rsc, csc;
        basis_strides(layout, ta, lda, &rsa, &csa);
        basis_strides(layout, tb, ldb, &rsb, &csb);
        basis_strides(layout, 0, ldc, &rsc, &csc);
        basis_tame_strides(m, k, &rsa, &csa);
        basis_tame_strides(k, n, &rsb, &csb);
        basis_tame_strides(m, n, &rsc, &csc);
        s = basis_sgemm_run(&call, m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc,
                            csc);
    }
    return basis_call_end(ctx, &call, s);
}

basis_status basis_dgemm(basis_ctx *ctx, basis_layout layout, basis_trans transa,
                         basis_trans transb, int64_t m, int64_t n, int64_t k, double alpha,
                         const double *a, int64_t lda, const double *b, int64_t ldb,
                         double beta, double *c, int64_t ldc)
{
    static const char fn[] = "basis_dgemm";
    basis_status s;
    int ta = transa != BASIS_NO_TRANS, tb = transb != BASIS_NO_TRANS;
    /* lda and ldb describe the matrices as stored, before op() is applied. */
    if ((s = basis_check_layout(fn, layout)) || (s = basis_check_trans(fn, "transa", transa)) ||
        (s = basis_check_trans(fn, "transb", transb)) || (s = basis_check_size(fn, "m", m)) ||
        (s = basis_check_size(fn, "n", n)) || (s = basis_check_size(fn, "k", k)) ||
        (s = basis_check_matrix(fn, "a", "lda", a, layout, ta ? k : m, ta ? m : k, lda,
                                sizeof *a)) ||
        (s = basis_check_matrix(fn, "b", "ldb", b, layout, tb ? n : k, tb ? k : n, ldb,
                                sizeof *b)) ||
        (s = basis_check_matrix(fn, "c", "ldc", c, layout, m, n, ldc, sizeof *c)))
        return s;

    basis_call call;
    s = basis_call_begin_sized(ctx, fn, 2.0 * (double)m * (double)n * (double)k, &call);
    if (s)
        return s;
    if (m > 0 && n > 0) {
        int64_t rsa, csa, rsb, csb, rsc, csc;
        basis_strides(layout, ta, lda, &rsa, &csa);
        basis_strides(layout, tb, ldb, &rsb, &csb);
        basis_strides(layout, 0, ldc, &rsc, &csc);
        basis_tame_strides(m, k, &rsa, &csa);
        basis_tame_strides(k, n, &rsb, &csb);
        basis_tame_strides(m, n, &rsc, &csc);
        s = basis_dgemm_run(&call, m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc,
                            csc);
    }
    return basis_call_end(ctx, &call, s);
}

basis_status basis_sgemm_run(const basis_call *call, int64_t m, int64_t n, int64_t k,
                             float alpha, const float *a, int64_t rsa, int64_t csa,
                             const float *b, int64_t rsb, int64_t csb, float beta, float *c,
                             int64_t rsc, int64_t csc)
{
    if (call->k->sgemm_small && basis_gemm_use_direct(call->backend, m, n, k) &&
        basis_sgemm_direct(call, m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc))
        return BASIS_OK;
    if (call->k->sgemm_ukr.fn)
        return basis_sgemm_blocked(call, m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c,
                                   rsc, csc);
    call->k->sgemm(m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc);
    return BASIS_OK;
}

basis_status basis_dgemm_run(const basis_call *call, int64_t m, int64_t n, int64_t k,
                             double alpha, const double *a, int64_t rsa, int64_t csa,
                             const double *b, int64_t rsb, int64_t csb, double beta, double *c,
                             int64_t rsc, int64_t csc)
{
    if (call->k->dgemm_small && basis_gemm_use_direct(call->backend, m, n, k) &&
        basis_dgemm_direct(call, m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc))
        return BASIS_OK;
    if (call->k->dgemm_ukr.fn)
        return basis_dgemm_blocked(call, m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c,
                                   rsc, csc);
    call->k->dgemm(m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc);
    return BASIS_OK;
}
