/* bench_suite.h: what the suite's rows share (gemv, dot, axpy, power, pagerank): the family a row belongs to, and each op's description. */
#ifndef BASIS_BENCH_SUITE_H
#define BASIS_BENCH_SUITE_H

#include <stddef.h>
#include <stdint.h>

#include "basis.h"
#include "gbench_shim.h"
#include "peers.h"

/* A peer's level-1 and level-2 CBLAS (32-bit sizes, as Debian's OpenBLAS and BLIS take). */
typedef struct suite_blas {
    bench_impl *impl; /* the library as peers.c opened it: name, threads */
    void (*sgemv)(int, int, int, int, float, const float *, int, const float *, int, float,
                  float *, int);
    void (*dgemv)(int, int, int, int, double, const double *, int, const double *, int, double,
                  double *, int);
    float (*sdot)(int, const float *, int, const float *, int);
    double (*ddot)(int, const double *, int, const double *, int);
    void (*saxpy)(int, float, const float *, int, float *, int);
    void (*daxpy)(int, double, const double *, int, double *, int);
} suite_blas;

/* CBLAS's enum values (the same as basis's). */
enum { SUITE_CBLAS_COL_MAJOR = 102, SUITE_CBLAS_NO_TRANS = 111, SUITE_CBLAS_TRANS = 112 };

/* Opens the peer lib (path: its file, NULL: the installed one) as peers.c does and finds its
 * gemv, dot and axpy. 0, or -1 with msg filled. */
int suite_blas_open(suite_blas *b, bench_lib lib, const char *path, char *msg, size_t cap);
/* 1 when n fits the peer's 32-bit int; else 0 with msg filled. */
int suite_blas_fits(int64_t n, const char *name, char *msg, size_t cap);

/* What every row of one family ("op/p/backend/tT") shares. Families live to the end of the
 * process (the shim keeps pointers to them). */
typedef struct suite_family {
    char name[96];       /* the family, "gemv/d/avx512/t1" or "gemv/d/openblas-haswell/t1" */
    basis_ctx *ctx;      /* basis: the backend and thread count of every call */
    suite_blas *peer;    /* non-NULL: the rows time this peer instead (gemv, dot, axpy) */
    int threads;
    char ctx_error[256]; /* non-empty: the context could not be set up; rows are skipped */
    int dbl;             /* 1: double, 0: single */
    int trans;           /* gemv: 0 y = A x, 1 y = A^T x */
    const struct suite_graph *graph; /* pagerank: the graph (loaded by the first row) */
    int corrupt;         /* test hook BASIS_BENCH_CORRUPT: the op's output is made wrong */
} suite_family;

/* A graph of --graphs: its file, loaded once and shared by every row that uses it. */
typedef struct suite_graph {
    char name[64];        /* the row's last part: "karate", "cnr-2000" */
    char path[512];       /* edge list or Matrix Market file */
    char oracle[512];     /* reference ranks, one per line ("" when there is none) */
    int undirected;       /* read as both directions of every edge (karate) */
    basis_graph *g;       /* NULL until loaded */
    double *want;         /* the oracle's ranks in the graph's node order */
    int load_failed;      /* 1: the load or the oracle failed once; load_error says why */
    char load_error[1536];
} suite_graph;

/* Each op is described once: setup (data, reference result, flops and bytes per call),
 * run (one library call), check (against the reference, scale-aware), teardown. The rows
 * (bench_suite.c) and the bench tests (bench/CMakeLists.txt) use these descriptions; a
 * description's comment states its check and its traffic model. Args: gemv and power {n},
 * dot and axpy {n}, pagerank none (the family's graph). */
extern const gbs_case_ops suite_gemv_ops;
extern const gbs_case_ops suite_dot_ops;
extern const gbs_case_ops suite_axpy_ops;
extern const gbs_case_ops suite_power_ops;
extern const gbs_case_ops suite_pagerank_ops;

/* Every setup starts here: GBS_OK, or the reason the family's rows cannot run (its context
 * failed: GBS_SKIP; a peer cannot run that many threads: GBS_SKIP) in msg. Sets a peer's
 * threads, which are global to the library, for the case about to run. */
int suite_family_ready(const suite_family *f, char *msg, size_t cap);

/* A library status as a case result: BASIS_ERR_BACKEND (the backend refuses the op, as
 * OpenCL may) is GBS_SKIP with its reason, any other error GBS_FAIL. */
int suite_status(basis_status s, const char *what, char *msg, size_t cap);

/* 64-byte aligned, NULL on failure (free with free()). */
void *suite_alloc(size_t bytes);

/* Uniform in [-1, 1) from a xorshift state (never 0). */
double suite_uniform(uint64_t *state);

/* Loads the family's graph and its oracle once; 0, or -1 with msg filled (the reason is
 * kept, so later rows of the same graph report it without trying again). */
int suite_graph_load(suite_graph *gr, char *msg, size_t cap);

#endif /* BASIS_BENCH_SUITE_H */
