/* gemm_verify.h: random data and the O(n^2) residual check of a GEMM result against a random vector. */
#ifndef BASIS_BENCH_GEMM_VERIFY_H
#define BASIS_BENCH_GEMM_VERIFY_H

#include <stdint.h>

/* Unit roundoff of each precision. */
#define BENCH_EPS_S 5.9604644775390625e-08
#define BENCH_EPS_D 1.1102230246251565e-16

/* Largest scaled residual accepted. Rounding alone stays below about 1 (see gemm_verify.c);
 * a single wrong element of a 4096^3 single-precision product scores about 60, anything
 * wrong in double precision scores orders of magnitude more. */
#define BENCH_GEMM_TOL_S 10.0
#define BENCH_GEMM_TOL_D 10.0

/* Uniform in [-1, 1), from a xorshift state (never 0). */
void bench_fill_s(float *x, int64_t n, uint64_t *state);
void bench_fill_d(double *x, int64_t n, uint64_t *state);

/* The scaled residual of C = alpha A B + beta C0 (column major; C0 is not read when beta is
 * 0), with t a random n-vector:
 *     ||C t - (beta C0 t + alpha A (B t))||_2 * sqrt(n)
 *     / (eps * (|alpha| ||A||_F ||B||_F + |beta| ||C0||_F) * ||t||_2)
 * computed in double. NaN anywhere in C makes it NaN; compare with !(r <= tol). -1 when the
 * few vectors it needs cannot be allocated. */
double bench_gemm_residual_s(int64_t m, int64_t n, int64_t k, float alpha, const float *a,
                             int64_t lda, const float *b, int64_t ldb, float beta,
                             const float *c0, const float *c, int64_t ldc, const double *t);
double bench_gemm_residual_d(int64_t m, int64_t n, int64_t k, double alpha, const double *a,
                             int64_t lda, const double *b, int64_t ldb, double beta,
                             const double *c0, const double *c, int64_t ldc, const double *t);

#endif /* BASIS_BENCH_GEMM_VERIFY_H */
