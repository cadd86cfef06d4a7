/* gemm_edge_avx512.c: the AVX-512 GEMM edge microkernels (s and d): the first `rows` < MR rows of a 48 x 8 (s) or 24 x 8 (d) tile, straight into C with masked loads and stores. */
#include <immintrin.h>

#include "x86_avx512/avx512.h"

/* Why: the last row tile of every A block is partial whenever m is not a multiple of MR
 * (n = 1024: 16 of 48 rows in single, 16 of 24 in double). The full kernel on a zero-padded
 * sliver spends MR rows of FMAs on it and then goes through a scratch tile and a scalar
 * copy; at n = 1024 that wasted about 3 % of sgemm's arithmetic. Here only the vectors
 * that hold valid rows are loaded, multiplied and stored, the last one masked.
 * NV (vectors per column) is a compile-time constant in each instance: NV x 8 accumulators
 * stay in registers; with NV = 1 the 8 independent chains still cover the FMA latency
 * (2 pipes x 4 cycles). The packed A keeps the full kernel's stride (MR per k step). */

enum { S_MR = 48, D_MR = 24, NR = 8 };

static inline __attribute__((always_inline)) void
sedge(const int nv, int64_t k, int64_t rows, float alpha, const float *a, const float *b,
      float beta, float *c, int64_t ldc)
{
    const __mmask16 last = (__mmask16)((1u << (rows - 16 * (nv - 1))) - 1u);
    __m512 acc[3][NR];
    for (int v = 0; v < nv; v++)
        for (int j = 0; j < NR; j++)
            acc[v][j] = _mm512_setzero_ps();
    if (alpha != 0.0f)
        for (int64_t p = 0; p < k; p++, a += S_MR, b += NR) {
            __m512 av[3];
            for (int v = 0; v < nv; v++)
                av[v] = _mm512_load_ps(a + 16 * v);
            for (int j = 0; j < NR; j++) {
                const __m512 bj = _mm512_set1_ps(b[j]);
                for (int v = 0; v < nv; v++)
                    acc[v][j] = _mm512_fmadd_ps(av[v], bj, acc[v][j]);
            }
        }
    const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    for (int j = 0; j < NR; j++, c += ldc)
        for (int v = 0; v < nv; v++) {
            __mmask16 m = v == nv - 1 ? last : (__mmask16)0xffff;
            /* the full kernel's roundings (update_col, scale_tile), so an edge row gets the
             * bits it would get inside a full tile; alpha == 0 or k == 0: C := beta C,
             * never alpha * 0 (an infinite alpha) */
            __m512 r;
            if (alpha == 0.0f || k <= 0)
                r = beta == 0.0f ? _mm512_setzero_ps()
                                 : _mm512_mul_ps(vb, _mm512_maskz_loadu_ps(m, c + 16 * v));
            else if (beta == 0.0f)
                r = _mm512_mul_ps(va, acc[v][j]);
            else if (beta == 1.0f)
                r = _mm512_fmadd_ps(va, acc[v][j], _mm512_maskz_loadu_ps(m, c + 16 * v));
            else
                r = _mm512_fmadd_ps(va, acc[v][j],
                                    _mm512_mul_ps(vb, _mm512_maskz_loadu_ps(m, c + 16 * v)));
            _mm512_mask_storeu_ps(c + 16 * v, m, r);
        }
}

void basis_sgemm_edge_avx512_48x8(int64_t k, int64_t rows, float alpha, const float *a,
                                  const float *b, float beta, float *c, int64_t ldc)
{
    if (rows <= 16)
        sedge(1, k, rows, alpha, a, b, beta, c, ldc);
    else if (rows <= 32)
        sedge(2, k, rows, alpha, a, b, beta, c, ldc);
    else
        sedge(3, k, rows, alpha, a, b, beta, c, ldc);
}

static inline __attribute__((always_inline)) void
dedge(const int nv, int64_t k, int64_t rows, double alpha, const double *a, const double *b,
      double beta, double *c, int64_t ldc)
{
    const __mmask8 last = (__mmask8)((1u << (rows - 8 * (nv - 1))) - 1u);
    __m512d acc[3][NR];
    for (int v = 0; v < nv; v++)
        for (int j = 0; j < NR; j++)
            acc[v][j] = _mm512_setzero_pd();
    if (alpha != 0.0)
        for (int64_t p = 0; p < k; p++, a += D_MR, b += NR) {
            __m512d av[3];
            for (int v = 0; v < nv; v++)
                av[v] = _mm512_load_pd(a + 8 * v);
            for (int j = 0; j < NR; j++) {
                const __m512d bj = _mm512_set1_pd(b[j]);
                for (int v = 0; v < nv; v++)
                    acc[v][j] = _mm512_fmadd_pd(av[v], bj, acc[v][j]);
            }
        }
    const __m512d va = _mm512_set1_pd(alpha), vb = _mm512_set1_pd(beta);
    for (int j = 0; j < NR; j++, c += ldc)
        for (int v = 0; v < nv; v++) {
            __mmask8 m = v == nv - 1 ? last : (__mmask8)0xff;
            __m512d r;
            if (alpha == 0.0 || k <= 0)
                r = beta == 0.0 ? _mm512_setzero_pd()
                                : _mm512_mul_pd(vb, _mm512_maskz_loadu_pd(m, c + 8 * v));
            else if (beta == 0.0)
                r = _mm512_mul_pd(va, acc[v][j]);
            else if (beta == 1.0)
                r = _mm512_fmadd_pd(va, acc[v][j], _mm512_maskz_loadu_pd(m, c + 8 * v));
            else
                r = _mm512_fmadd_pd(va, acc[v][j],
                                    _mm512_mul_pd(vb, _mm512_maskz_loadu_pd(m, c + 8 * v)));
            _mm512_mask_storeu_pd(c + 8 * v, m, r);
        }
}

void basis_dgemm_edge_avx512_24x8(int64_t k, int64_t rows, double alpha, const double *a,
                                  const double *b, double beta, double *c, int64_t ldc)
{
    if (rows <= 8)
        dedge(1, k, rows, alpha, a, b, beta, c, ldc);
    else if (rows <= 16)
        dedge(2, k, rows, alpha, a, b, beta, c, ldc);
    else
        dedge(3, k, rows, alpha, a, b, beta, c, ldc);
}
