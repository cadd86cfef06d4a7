/* gemm_verify.c: random data and the O(n^2) residual check of a GEMM result against a random vector. */
#include "gemm_verify.h"

#include <math.h>
#include <stdlib.h>

/* Why this scaling: with entries of A, B, t of typical size sigma, rounding leaves each C(i,j)
 * wrong by at most about eps * k * sigma^2 (a recursive sum; blocked kernels do better), so
 * ||r||_2 is about sqrt(m n) * eps * k * sigma^3, while ||A||_F ||B||_F ||t||_2 is about
 * k sqrt(m n) * sqrt(n) * sigma^3. Multiplying by sqrt(n) makes rounding score O(1) for every
 * shape. One element wrong by its own size adds sqrt(k) sigma^3 to ||r||, a score of about
 * 1 / (eps sqrt(m n k)): 64 for 4096^3 in single precision. */

static uint64_t next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *s = x;
    return x;
}

static double uniform(uint64_t *s)
{
    return (double)(next(s) >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

void bench_fill_s(float *x, int64_t n, uint64_t *state)
{
    for (int64_t i = 0; i < n; i++)
        x[i] = (float)uniform(state);
}

void bench_fill_d(double *x, int64_t n, uint64_t *state)
{
    for (int64_t i = 0; i < n; i++)
        x[i] = uniform(state);
}

static double norm2(const double *x, int64_t n)
{
    double s = 0;
    for (int64_t i = 0; i < n; i++)
        s += x[i] * x[i];
    return sqrt(s);
}

static double scaled(const double *y, const double *z, int64_t m, int64_t n, double eps,
                     double scale, const double *t)
{
    double r2 = 0;
    for (int64_t i = 0; i < m; i++)
        r2 += (y[i] - z[i]) * (y[i] - z[i]);
    double denom = eps * scale * norm2(t, n);
    if (denom == 0)
        return r2 == 0 ? 0 : INFINITY;
    return sqrt(r2) * sqrt((double)n) / denom;
}

double bench_gemm_residual_s(int64_t m, int64_t n, int64_t k, float alpha, const float *a,
                             int64_t lda, const float *b, int64_t ldb, float beta,
                             const float *c0, const float *c, int64_t ldc, const double *t)
{
    double *u = calloc((size_t)(k > 0 ? k : 1), sizeof *u);
    double *z = calloc((size_t)(m > 0 ? m : 1), sizeof *z);
    double *y = calloc((size_t)(m > 0 ? m : 1), sizeof *y);
    double na = 0, nb = 0, nc0 = 0, r = -1;
    if (!u || !z || !y)
        goto done;
    for (int64_t j = 0; j < n; j++)
        for (int64_t l = 0; l < k; l++) {
            double v = b[l + j * ldb];
            u[l] += v * t[j];
            nb += v * v;
        }
    for (int64_t l = 0; l < k; l++)
        for (int64_t i = 0; i < m; i++) {
            double v = a[i + l * lda];
            z[i] += alpha * v * u[l];
            na += v * v;
        }
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < m; i++) {
            y[i] += (double)c[i + j * ldc] * t[j];
            if (beta != 0) {
                double v = c0[i + j * ldc];
                z[i] += beta * v * t[j];
                nc0 += v * v;
            }
        }
    r = scaled(y, z, m, n, BENCH_EPS_S,
               fabs((double)alpha) * sqrt(na) * sqrt(nb) + fabs((double)beta) * sqrt(nc0), t);
done:
    free(u);
    free(z);
    free(y);
    return r;
}

double bench_gemm_residual_d(int64_t m, int64_t n, int64_t k, double alpha, const double *a,
                             int64_t lda, const double *b, int64_t ldb, double beta,
                             const double *c0, const double *c, int64_t ldc, const double *t)
{
    double *u = calloc((size_t)(k > 0 ? k : 1), sizeof *u);
    double *z = calloc((size_t)(m > 0 ? m : 1), sizeof *z);
    double *y = calloc((size_t)(m > 0 ? m : 1), sizeof *y);
    double na = 0, nb = 0, nc0 = 0, r = -1;
    if (!u || !z || !y)
        goto done;
    for (int64_t j = 0; j < n; j++)
        for (int64_t l = 0; l < k; l++) {
            double v = b[l + j * ldb];
            u[l] += v * t[j];
            nb += v * v;
        }
    for (int64_t l = 0; l < k; l++)
        for (int64_t i = 0; i < m; i++) {
            double v = a[i + l * lda];
            z[i] += alpha * v * u[l];
            na += v * v;
        }
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < m; i++) {
            y[i] += c[i + j * ldc] * t[j];
            if (beta != 0) {
                double v = c0[i + j * ldc];
                z[i] += beta * v * t[j];
                nc0 += v * v;
            }
        }
    r = scaled(y, z, m, n, BENCH_EPS_D, fabs(alpha) * sqrt(na) * sqrt(nb) + fabs(beta) * sqrt(nc0),
               t);
done:
    free(u);
    free(z);
    free(y);
    return r;
}
