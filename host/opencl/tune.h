/* tune.h: the GEMM parameter search of `basis tune gemm` (host/opencl/tune.c). */
#ifndef BASIS_HOST_OPENCL_TUNE_H
#define BASIS_HOST_OPENCL_TUNE_H

#include "opencl/opencl.h"

typedef struct basis_cl_tune_result {
    basis_cl_device_info device;  /* the device searched (the default one) */
    basis_cl_gemm_params best;
    double best_gflops, base_gflops; /* the winner and the table's entry, n^3 kernel time */
    int tried;
} basis_cl_tune_result;

/* Called after each candidate: its GFLOP/s (0 when it failed) and a note ("" when fine). */
typedef void basis_cl_tune_cb(void *user, const basis_cl_gemm_params *p, double gflops,
                              const char *note);

/* Times candidates of the tiled GEMM kernel on the default device for an n x n x n product
 * (s: elem 4, d: elem 8) until budget_s seconds have passed; the table's entry goes first
 * and every result must equal its result bit for bit (exact integer data). Does not store
 * anything: basis_cl_gemm_params_store does. */
basis_status basis_cl_tune_gemm(int elem, int64_t n, double budget_s, basis_cl_tune_cb *cb,
                                void *user, basis_cl_tune_result *res);

#endif /* BASIS_HOST_OPENCL_TUNE_H */
