/* check_gemm_driver.c: the blocked GEMM driver (packing, blocking, threads, edges, layouts) with deliberately odd plain-C microkernels. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "cpu/cpu.h"
#include "gemm_blocked.h"
#include "testutil.h"

/* A plain microkernel of any shape, so the driver is checked apart from the SIMD kernels
 * and with tiles that divide nothing. */
static int ukr_mr, ukr_nr;

static void plain_ukr(int64_t k, double alpha, const double *a, const double *b, double beta,
                      double *c, int64_t ldc)
{
    for (int j = 0; j < ukr_nr; j++)
        for (int i = 0; i < ukr_mr; i++) {
            double s = 0.0;
            for (int64_t p = 0; p < k; p++)
                s += a[p * ukr_mr + i] * b[p * ukr_nr + j];
            c[i + j * ldc] = beta == 0.0 ? alpha * s : alpha * s + beta * c[i + j * ldc];
        }
}

static void plain_sukr(int64_t k, float alpha, const float *a, const float *b, float beta,
                       float *c, int64_t ldc)
{
    for (int j = 0; j < ukr_nr; j++)
        for (int i = 0; i < ukr_mr; i++) {
            float s = 0.0f;
            for (int64_t p = 0; p < k; p++)
                s += a[p * ukr_mr + i] * b[p * ukr_nr + j];
            c[i + j * ldc] = beta == 0.0f ? alpha * s : alpha * s + beta * c[i + j * ldc];
        }
}

/* Plain packing of a full A sliver (basis_?pack_fn): the driver packs a column-major A block
 * with it one column at a time across the slivers when MR columns are whole 64-byte lines. */
static void plain_pack_a(int64_t k, const double *src, int64_t rs, int64_t cs, double *dst)
{
    BT_CHECK((uintptr_t)dst % 64 == 0, "pack_a dst %p is not 64-byte aligned", (void *)dst);
    for (int64_t p = 0; p < k; p++)
        for (int i = 0; i < ukr_mr; i++)
            dst[p * ukr_mr + i] = src[i * rs + p * cs];
}

static void plain_spack_a(int64_t k, const float *src, int64_t rs, int64_t cs, float *dst)
{
    BT_CHECK((uintptr_t)dst % 64 == 0, "pack_a dst %p is not 64-byte aligned", (void *)dst);
    for (int64_t p = 0; p < k; p++)
        for (int i = 0; i < ukr_mr; i++)
            dst[p * ukr_mr + i] = src[i * rs + p * cs];
}

/* A plain whole-problem kernel for the no-packing path (basis_dgemm_small_fn). */
static void plain_small(int64_t m, int64_t n, int64_t k, double alpha, const double *a,
                        int64_t lda, const double *b, int64_t rsb, int64_t csb, double beta,
                        double *c, int64_t ldc)
{
    basis_dgemm_ref(m, n, k, alpha, a, 1, lda, b, rsb, csb, beta, c, 1, ldc);
}

/* The no-packing path on blocks of the operands: every block boundary and both thread
 * splits, against the reference on the whole problem. */
static void direct_case(const basis_call *call, int64_t m, int64_t n, int64_t k, int row_major)
{
    double *a = malloc((size_t)(m * k) * sizeof *a), *b = malloc((size_t)(k * n) * sizeof *b);
    double *c = malloc((size_t)(m * n) * sizeof *c), *r = malloc((size_t)(m * n) * sizeof *r);
    bt_fill_d(a, m * k);
    bt_fill_d(b, k * n);
    bt_fill_d(c, m * n);
    for (int64_t i = 0; i < m * n; i++)
        r[i] = c[i];
    int64_t rsa = row_major ? k : 1, csa = row_major ? 1 : m;
    int64_t rsb = row_major ? n : 1, csb = row_major ? 1 : k;
    int64_t rsc = row_major ? n : 1, csc = row_major ? 1 : m;
    basis_dgemm_ref(m, n, k, 0.5, a, rsa, csa, b, rsb, csb, -1.5, r, rsc, csc);
    int done = basis_dgemm_direct(call, m, n, k, 0.5, a, rsa, csa, b, rsb, csb, -1.5, c, rsc, csc);
    double err = 0.0;
    for (int64_t i = 0; i < m * n; i++)
        err = fmax(err, fabs(c[i] - r[i]));
    BT_CHECK(done && err <= 8.0 * (double)(k + 2) * BT_EPS_D,
             "direct m %lld n %lld k %lld row_major %d threads %d: done %d err %g",
             (long long)m, (long long)n, (long long)k, row_major, call->threads, done, err);
    free(a), free(b), free(c), free(r);
}

/* Strides of an r x c operand stored column major (0), row major (1) or with both
 * strides non-unit (2: every other row of a column-major array twice as tall). */
static void strides(int kind, int64_t r, int64_t c, int64_t *rs, int64_t *cs)
{
    (void)c;
    *rs = kind == 0 ? 1 : kind == 1 ? c : 2;
    *cs = kind == 0 ? r : kind == 1 ? 1 : 2 * r;
}

static void one_case_d(const basis_call *call, int64_t m, int64_t n, int64_t k, int ka, int kb,
                       int kc, double alpha, double beta)
{
    int64_t rsa, csa, rsb, csb, rsc, csc;
    strides(ka, m, k, &rsa, &csa);
    strides(kb, k, n, &rsb, &csb);
    strides(kc, m, n, &rsc, &csc);
    size_t na = (size_t)(2 * m * k + 1), nb = (size_t)(2 * k * n + 1), nc = (size_t)(2 * m * n + 1);
    double *a = malloc(na * sizeof *a), *b = malloc(nb * sizeof *b);
    double *c = malloc(nc * sizeof *c), *r = malloc(nc * sizeof *r);
    bt_fill_d(a, (int64_t)na);
    bt_fill_d(b, (int64_t)nb);
    bt_fill_d(c, (int64_t)nc);
    for (size_t i = 0; i < nc; i++)
        r[i] = c[i];
    /* NaN where beta == 0 must overwrite, never read. */
    if (beta == 0.0)
        for (int64_t j = 0; j < n; j++)
            for (int64_t i = 0; i < m; i++)
                c[i * rsc + j * csc] = r[i * rsc + j * csc] = NAN;
    basis_dgemm_ref(m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, r, rsc, csc);
    basis_status s = basis_dgemm_blocked(call, m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta,
                                         c, rsc, csc);
    double err = 0.0;
    int same_outside = 1;
    for (size_t i = 0; i < nc; i++) {
        if (isnan(r[i]) != isnan(c[i]))
            err = INFINITY;
        else if (!isnan(r[i]))
            err = fmax(err, fabs(c[i] - r[i]));
        same_outside &= kc != 2 || i % 2 == 0 || c[i] == r[i];
    }
    BT_CHECK(s == BASIS_OK && err <= 8.0 * (double)(k + 2) * BT_EPS_D && same_outside,
             "dgemm %dx%d tile: m %lld n %lld k %lld layouts %d%d%d alpha %g beta %g threads "
             "%d: status %d err %g", ukr_mr, ukr_nr, (long long)m, (long long)n, (long long)k,
             ka, kb, kc, alpha, beta, call->threads, (int)s, err);
    free(a), free(b), free(c), free(r);
}

static void one_case_s(const basis_call *call, int64_t m, int64_t n, int64_t k)
{
    float *a = malloc((size_t)(m * k) * sizeof *a), *b = malloc((size_t)(k * n) * sizeof *b);
    float *c = malloc((size_t)(m * n) * sizeof *c), *r = malloc((size_t)(m * n) * sizeof *r);
    bt_fill_s(a, m * k);
    bt_fill_s(b, k * n);
    bt_fill_s(c, m * n);
    for (int64_t i = 0; i < m * n; i++)
        r[i] = c[i];
    /* Row-major C exercises the transposed problem. */
    basis_sgemm_ref(m, n, k, -1.5f, a, 1, m, b, n, 1, 1.0f, r, n, 1);
    basis_status s = basis_sgemm_blocked(call, m, n, k, -1.5f, a, 1, m, b, n, 1, 1.0f, c, n, 1);
    double err = 0.0;
    for (int64_t i = 0; i < m * n; i++)
        err = fmax(err, fabs((double)c[i] - (double)r[i]));
    BT_CHECK(s == BASIS_OK && err <= 8.0 * (double)(k + 2) * BT_EPS_S,
             "sgemm m %lld n %lld k %lld threads %d: err %g", (long long)m, (long long)n,
             (long long)k, call->threads, err);
    free(a), free(b), free(c), free(r);
}

int main(void)
{
    printf("check_gemm_driver\n");
    static const int shapes[][2] = {{6, 4}, {1, 1}, {5, 3}, {8, 8}, {16, 3}};
    static const int64_t sizes[] = {1, 2, 5, 7, 13, 64, 100};
    basis_kernels k = {0};
    for (size_t t = 0; t < sizeof shapes / sizeof shapes[0]; t++) {
        ukr_mr = shapes[t][0];
        ukr_nr = shapes[t][1];
        /* With a pack_a on every other shape: 8 x 8 (double) and 16 x 3 take the driver's
         * column-by-column packing of column-major A. */
        basis_dpack_fn *dpack = t % 2 ? plain_pack_a : NULL;
        basis_spack_fn *spack = t % 2 ? NULL : plain_spack_a;
        k.dgemm_ukr = (basis_dgemm_ukr){plain_ukr, ukr_mr, ukr_nr, dpack, NULL, NULL,
                                        BASIS_BLOCK_B_IN_L1};
        k.sgemm_ukr = (basis_sgemm_ukr){plain_sukr, ukr_mr, ukr_nr, spack, NULL, NULL,
                                        BASIS_BLOCK_B_IN_L1};
        for (int threads = 1; threads <= 3; threads++) {
            basis_call call = {.k = &k, .threads = threads};
            for (int layouts = 0; layouts < 27; layouts++) {
                int64_t m = sizes[(layouts + t) % 7], n = sizes[(layouts / 3 + 2 * t) % 7];
                int64_t kk = sizes[(layouts / 9 + threads) % 7];
                double beta = layouts % 3 == 0 ? 0.0 : layouts % 3 == 1 ? 1.0 : -1.5;
                one_case_d(&call, m, n, kk, layouts % 3, layouts / 3 % 3, layouts / 9,
                           layouts % 2 ? 1.0 : -1.5, beta);
            }
            one_case_s(&call, 37, 29, 11);
        }
    }
    /* The blocking rules: the slivers each names fit where it says (L1 and L2 as hwloc or
     * the fallbacks report them), and blocks are whole tiles. */
    const basis_topology *topo = basis_topology_get();
    for (int rule = BASIS_BLOCK_B_IN_L1; rule <= BASIS_BLOCK_AB_IN_L1; rule++)
        for (size_t elem = 4; elem <= 8; elem += 4) {
            basis_gemm_blocking r = basis_gemm_blocks(16, 6, elem, rule);
            int64_t in_l1 = (rule == BASIS_BLOCK_AB_IN_L1 ? 16 + 6 : 6) * r.kc * (int64_t)elem;
            int64_t l1_share = topo->l1d_bytes * (rule == BASIS_BLOCK_AB_IN_L1 ? 3 : 2) / 4;
            int64_t l2_share = topo->l2_bytes / (rule == BASIS_BLOCK_AB_IN_L1 ? 4 : 2);
            /* kc >= 64 and mc >= mr: the direct path relies on both. */
            BT_CHECK(r.kc % 8 == 0 && r.kc >= 64 && r.kc <= 1024 && r.mc % 16 == 0 && r.mc >= 16 &&
                         r.nc % 6 == 0 && (r.kc == 64 || in_l1 <= l1_share) &&
                         (r.mc == 16 || r.mc * r.kc * (int64_t)elem <= l2_share),
                     "rule %d elem %zu: kc %lld mc %lld nc %lld for L1 %lld L2 %lld", rule,
                     elem, (long long)r.kc, (long long)r.mc, (long long)r.nc,
                     (long long)topo->l1d_bytes, (long long)topo->l2_bytes);
        }
    /* Big enough for several MC, KC and NC blocks and for two threads to split rows or
     * column slivers, under either rule. */
    basis_gemm_blocking bs = {0};
    for (int pass = 0; pass < 3; pass++) {
        /* 6 x 4 under each rule; 16 x 4 with pack_a, A packed column by column. */
        int rule = pass == 0 ? BASIS_BLOCK_B_IN_L1 : BASIS_BLOCK_AB_IN_L1;
        ukr_mr = pass == 2 ? 16 : 6, ukr_nr = 4;
        k.dgemm_ukr = (basis_dgemm_ukr){plain_ukr, ukr_mr, 4, pass == 2 ? plain_pack_a : NULL,
                                        NULL, NULL, rule};
        k.sgemm_ukr = (basis_sgemm_ukr){plain_sukr, ukr_mr, 4, pass == 2 ? plain_spack_a : NULL,
                                        NULL, NULL, rule};
        bs = basis_gemm_blocks(ukr_mr, 4, sizeof(double), rule);
        int64_t big_m = bs.mc * 2 + 7, big_n = bs.nc + 5, big_k = bs.kc + 3;
        for (int threads = 1; threads <= 2; threads++) {
            basis_call call = {.k = &k, .threads = threads};
            one_case_d(&call, big_m, 40, big_k, 0, 0, 0, 1.0, 0.0); /* > 4 MFLOP: threads */
            one_case_d(&call, 10, big_n, big_k, 1, 0, 0, 1.0, -1.5);
            one_case_s(&call, 30, big_n, 40);
            /* Few rows and columns, over 4 MFLOP: the threads share each column-major A
             * block (packed down its columns, then a partial sliver) and split B. */
            if (pass == 2)
                one_case_d(&call, 40, 28, 2000, 0, 0, 0, 1.0, 0.5);
        }
    }
    /* The direct path: k and m past its blocks (always B's rule), threads by rows and by
     * columns. */
    ukr_mr = 6, ukr_nr = 4;
    k.dgemm_ukr = (basis_dgemm_ukr){plain_ukr, 6, 4, NULL, NULL, NULL, BASIS_BLOCK_B_IN_L1};
    bs = basis_gemm_blocks(6, 4, sizeof(double), BASIS_BLOCK_B_IN_L1);
    k.dgemm_small = plain_small;
    for (int threads = 1; threads <= 2; threads++) {
        basis_call call = {.k = &k, .threads = threads};
        direct_case(&call, bs.mc * 2 + 5, 33, bs.kc + 9, 0);
        direct_case(&call, 7, 300, bs.kc * 2 + 1, 0);
        direct_case(&call, 60, 70, 50, 1);
    }
    return bt_end();
}
