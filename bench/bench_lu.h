/* bench_lu.h: basis-bench's LU rows (getrf, gesv) and the --ops list that picks GEMM and LU rows. */
#ifndef BASIS_BENCH_LU_H
#define BASIS_BENCH_LU_H

#include <stdint.h>

#include "peers.h"

/* The operations basis-bench registers, as bits of --ops. */
enum {
    BENCH_OP_GEMM = 1,
    BENCH_OP_GETRF = 2,
    BENCH_OP_GESV = 4,
    BENCH_OP_ALL = 7
};

/* Parses a comma-separated list of "gemm", "getrf", "gesv" (or "all") into bits; -1 if a
 * name is unknown or the list is empty. */
int bench_ops_parse(const char *list, unsigned *ops);

/* Registers getrf/<s|d>/<impl>/t<threads>/<n> and gesv/... (nrhs = 1) for every precision
 * (0: s, 1: d), thread count and size, for the bits of ops among GETRF and GESV. impl must
 * outlive the run. Returns 0, or -1 when out of memory. A library without LU still gets its
 * rows, each reported as skipped with the reason. */
int bench_lu_register(bench_impl *impl, unsigned ops, const int *precisions, int nprecisions,
                      const int *threads, int nthreads, const int64_t *sizes, int nsizes);

#endif /* BASIS_BENCH_LU_H */
