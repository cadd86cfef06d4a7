/* check_opencl.h: what the parts of check_opencl (tests/check_opencl.c and the files beside this one) share: the checks main runs, the cases one part borrows from another, small helpers. */
#ifndef BASIS_CHECK_OPENCL_H
#define BASIS_CHECK_OPENCL_H

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opencl/opencl.h"
#include "opencl/tune.h"
#include "testutil.h"

static inline int contains(const char *s, const char *part)
{
    return s && strstr(s, part) != NULL;
}

/* Entry (i, j) of a matrix in layout l with leading dimension ld. */
static inline int64_t at(basis_layout l, int64_t i, int64_t j, int64_t ld)
{
    return l == BASIS_COL_MAJOR ? i + j * ld : i * ld + j;
}

/* Whether the default device has double precision. */
static inline int fp64(void)
{
    basis_cl_device_info d[8];
    int count = 0, idx = -1;
    basis_opencl_devices(d, 8, &count);
    basis_opencl_default_device(d, count, &idx);
    return idx >= 0 && d[idx].fp64;
}

/* Where ctx's last call ran. */
static inline basis_backend last_backend(basis_ctx *ctx)
{
    basis_stats st;
    basis_ctx_get_stats(ctx, &st);
    return st.backend;
}

/* A context on the reference backend, the CPU answer the device is held to. */
static inline basis_ctx *ref_ctx(void)
{
    basis_ctx *cpu = NULL;
    basis_ctx_create(&cpu);
    basis_ctx_set_backend(cpu, BASIS_BACKEND_REF);
    return cpu;
}

/* ---- cases one part borrows from another ----------------------------------------------- */
/* gemm.c: one s or d GEMM against a double loop; 1 when it passed. */
int gemm_case(basis_ctx *ctx, int dbl, basis_layout l, basis_trans ta, basis_trans tb, int64_t m,
              int64_t n, int64_t k, double alpha, double beta);
/* pagerank.c: a graph of m edges src -> dst over n nodes (NULL after a failed check). */
basis_graph *edges_graph(int64_t n, const int64_t *src, const int64_t *dst, int64_t m);
/* lu.c: getrf (and getrs) on ctx against cpu; ctx's getrf must run on the device. */
void lu_case(basis_ctx *ctx, basis_ctx *cpu, int dbl, basis_layout l, int64_t m, int64_t n);
/* failures.c: a square float matrix past the default device's largest allocation, as
 * address space only (PROT_NONE: any read or write crashes the test); its side in *n, its
 * size in *bytes; MAP_FAILED when it could not be reserved (munmap it after). */
void *unreadable_matrix(int64_t *n, size_t *bytes);
/* power.c: a symmetric matrix with a dominant eigenvalue, and power iteration on ctx
 * (which must run dpower on the device) against cpu in s and d. */
void power_matrix(int64_t n, basis_layout l, int64_t pad, double mult, double *a);
void power_case(basis_ctx *ctx, basis_ctx *cpu, int64_t n, basis_layout l, int64_t pad,
                double mult);

/* ---- the checks, in the order main runs them -------------------------------------------- */
void check_cache(basis_ctx *ctx);          /* cache.c */
void check_gemm(basis_ctx *ctx);           /* gemm.c */
void check_build_failure(basis_ctx *ctx);  /* failures.c */
void check_oversized(basis_ctx *ctx);
void check_refusals(basis_ctx *ctx);
void check_pagerank(basis_ctx *ctx);       /* pagerank.c */
void check_pagerank_long(basis_ctx *ctx);
void check_lu(basis_ctx *ctx);             /* lu.c */
void check_cond(basis_ctx *ctx);           /* eigen.c */
void check_eigen(basis_ctx *ctx);
void check_power(basis_ctx *ctx);          /* power.c */
void check_threads(void);                  /* threads.c */
void check_tune(basis_ctx *ctx);           /* tune.c */
void check_auto(void);                     /* auto.c */
void check_auto_ops(void);
void check_small_groups(basis_ctx *ctx); /* groups.c */
/* failures.c: run with OCL_ICD_VENDORS naming an empty directory (`check_opencl noplatform`) */
int no_platform(void);

#endif
