/* peak_ref.c: the scalar peak loop (12 multiply-add chains) and the plain C triad, for the ref target. */
#include "peak_loops.h"

/* Distinct starting values: identical chains could be merged by value numbering. */
#define CHAIN_START(k) (1.0 + (k) / 64.0)

float basis_peak_fma_ref_s(int64_t iters)
{
    const float m = 0.999f, c = 0.001f;
    float x0 = (float)CHAIN_START(0), x1 = (float)CHAIN_START(1), x2 = (float)CHAIN_START(2);
    float x3 = (float)CHAIN_START(3), x4 = (float)CHAIN_START(4), x5 = (float)CHAIN_START(5);
    float x6 = (float)CHAIN_START(6), x7 = (float)CHAIN_START(7), x8 = (float)CHAIN_START(8);
    float x9 = (float)CHAIN_START(9), x10 = (float)CHAIN_START(10);
    float x11 = (float)CHAIN_START(11);
    for (int64_t i = 0; i < iters; i++) {
        x0 = x0 * m + c;
        x1 = x1 * m + c;
        x2 = x2 * m + c;
        x3 = x3 * m + c;
        x4 = x4 * m + c;
        x5 = x5 * m + c;
        x6 = x6 * m + c;
        x7 = x7 * m + c;
        x8 = x8 * m + c;
        x9 = x9 * m + c;
        x10 = x10 * m + c;
        x11 = x11 * m + c;
    }
    return ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7)) + ((x8 + x9) + (x10 + x11));
}

double basis_peak_fma_ref_d(int64_t iters)
{
    const double m = 0.999, c = 0.001;
    double x0 = CHAIN_START(0), x1 = CHAIN_START(1), x2 = CHAIN_START(2);
    double x3 = CHAIN_START(3), x4 = CHAIN_START(4), x5 = CHAIN_START(5);
    double x6 = CHAIN_START(6), x7 = CHAIN_START(7), x8 = CHAIN_START(8);
    double x9 = CHAIN_START(9), x10 = CHAIN_START(10), x11 = CHAIN_START(11);
    for (int64_t i = 0; i < iters; i++) {
        x0 = x0 * m + c;
        x1 = x1 * m + c;
        x2 = x2 * m + c;
        x3 = x3 * m + c;
        x4 = x4 * m + c;
        x5 = x5 * m + c;
        x6 = x6 * m + c;
        x7 = x7 * m + c;
        x8 = x8 * m + c;
        x9 = x9 * m + c;
        x10 = x10 * m + c;
        x11 = x11 * m + c;
    }
    return ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7)) + ((x8 + x9) + (x10 + x11));
}

void basis_peak_triad_ref(int64_t n, double s, const double *b, const double *c, double *a)
{
    for (int64_t i = 0; i < n; i++)
        a[i] = b[i] + s * c[i];
}
