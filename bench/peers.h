/* peers.h: where the GEMM and LU rows come from: basis (a context with a backend) or a peer (OpenBLAS, BLIS) loaded at run time. */
#ifndef BASIS_BENCH_PEERS_H
#define BASIS_BENCH_PEERS_H

#include <stddef.h>
#include <stdint.h>

#include "basis.h"

typedef enum bench_lib {
    BENCH_LIB_BASIS,
    BENCH_LIB_OPENBLAS,
    BENCH_LIB_BLIS
} bench_lib;

typedef struct bench_impl bench_impl;

/* Parses "basis", "openblas" or "blis"; -1 if unknown. */
int bench_lib_parse(const char *name, bench_lib *lib);

/* Opens a provider of GEMM. basis: a context forced onto backend (AUTO resolves to
 * BASIS_BACKEND if set, else the best CPU backend, and is then forced, so the row name is the
 * backend that ran). Peers: path, or when NULL the installed library (Debian's per-flavour
 * directories, then the soname), loaded with RTLD_LOCAL | RTLD_DEEPBIND so that its own
 * cblas_?gemm, not basis's, answers. Returns 0, or -1 with msg filled. */
int bench_impl_open(bench_impl **out, bench_lib lib, basis_backend backend, const char *path,
                    char *msg, size_t msg_cap);
void bench_impl_close(bench_impl *impl);

/* The name part of benchmark rows: "avx512", "openblas-skylakex", "blis-skx". */
const char *bench_impl_name(const bench_impl *impl);
/* One line for the report: library, version, kernels in use, file. */
const char *bench_impl_description(const bench_impl *impl);

/* Sets the threads of later calls. Returns 0, or -1 with msg filled when the library cannot
 * run that many (a serial build). */
int bench_impl_set_threads(bench_impl *impl, int threads, char *msg, size_t msg_cap);

/* What the calls below return besides 0 and -1: basis refused the op on the backend in
 * force (BASIS_ERR_BACKEND), so the row is skipped, not failed. */
#define BENCH_NOT_HERE (-2)

/* C := alpha A B + beta C, column major, no transposes. Returns 0, or -1 (BENCH_NOT_HERE)
 * with msg filled. */
int bench_impl_sgemm(bench_impl *impl, int64_t m, int64_t n, int64_t k, float alpha,
                     const float *a, int64_t lda, const float *b, int64_t ldb, float beta,
                     float *c, int64_t ldc, char *msg, size_t msg_cap);
int bench_impl_dgemm(bench_impl *impl, int64_t m, int64_t n, int64_t k, double alpha,
                     const double *a, int64_t lda, const double *b, int64_t ldb, double beta,
                     double *c, int64_t ldc, char *msg, size_t msg_cap);

/* LU. Pivots stay as each library writes them (basis: 0-based int64; a peer's LAPACK: 1-based
 * int), so that nothing but the library call is timed: the caller provides both arrays, n
 * entries each, and reads them back with bench_impl_pivot. */
typedef struct bench_pivots {
    int64_t *i64;
    int *i32;
} bench_pivots;

/* Whether the library has LU (OpenBLAS: its LAPACK ?getrf_ / ?gesv_; BLIS has none). 0, or
 * -1 with msg filled saying why not. */
int bench_impl_has_lu(const bench_impl *impl, char *msg, size_t msg_cap);
/* Row i was swapped with the returned row (0-based) by the last getrf or gesv into piv. */
int64_t bench_impl_pivot(const bench_impl *impl, const bench_pivots *piv, int64_t i);

/* P A = L U of a column-major n x n A, in place (basis_?getrf; a peer's ?getrf_). Returns 0,
 * or -1 with msg filled (an error, or an exactly singular A). */
int bench_impl_sgetrf(bench_impl *impl, int64_t n, float *a, int64_t lda, bench_pivots *piv,
                      char *msg, size_t msg_cap);
int bench_impl_dgetrf(bench_impl *impl, int64_t n, double *a, int64_t lda, bench_pivots *piv,
                      char *msg, size_t msg_cap);
/* A X = B: A factored in place, B (n x nrhs) overwritten by X (basis_?gesv; ?gesv_). */
int bench_impl_sgesv(bench_impl *impl, int64_t n, int64_t nrhs, float *a, int64_t lda,
                     bench_pivots *piv, float *b, int64_t ldb, char *msg, size_t msg_cap);
int bench_impl_dgesv(bench_impl *impl, int64_t n, int64_t nrhs, double *a, int64_t lda,
                     bench_pivots *piv, double *b, int64_t ldb, char *msg, size_t msg_cap);

#endif /* BASIS_BENCH_PEERS_H */
