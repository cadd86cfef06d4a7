/* pagerank_peers.h: the PageRank rows of basis-bench-pagerank: the graph as plain CSR, the scalar baseline and the peers (igraph PRPACK, GraphBLAS), one function each. */
#ifndef BASIS_BENCH_PAGERANK_PEERS_H
#define BASIS_BENCH_PAGERANK_PEERS_H

#include <stdint.h>

/* The graph as the baseline and the peers take it: in-edge CSR with 64-bit indices
 * (in_off n + 1, in_src m, sources ascending within a node), out-degrees, and the edge
 * list (src[e] -> dst[e]) in the same order. */
typedef struct pr_csr {
    int64_t n, m;
    int64_t *in_off, *in_src, *outdeg;
    int64_t *src, *dst;
} pr_csr;

/* What a row measured: the iterations its solver reports (0 when it does not say), the
 * seconds of the timed part, and its ranks in x (n entries, double). */
typedef struct pr_run {
    int64_t iterations;
    double seconds;
} pr_run;

/* The plain scalar pull iteration, 1 thread, double: the same equations as basis (uniform
 * teleport, dangling rank spread uniformly, L1 stop) written the textbook way. 0 on
 * success, else a message in err. */
int pr_plain_run(const pr_csr *g, double damping, double tol, int64_t max_iter, double *x,
                 pr_run *run, char *err, size_t errlen);

/* igraph's PRPACK solver (igraph_pagerank, IGRAPH_PAGERANK_ALGO_PRPACK); PRPACK's own
 * tolerance is fixed inside igraph. Timed: the igraph_pagerank call on a built igraph_t. */
int pr_igraph_run(const pr_csr *g, double damping, double *x, pr_run *run, char *err,
                  size_t errlen);

/* GraphBLAS (SuiteSparse): the same iteration as a loop of GrB_mxv over the pattern of
 * A^T and vector operations, threads set with GxB_NTHREADS. Timed: the loop. */
int pr_graphblas_run(const pr_csr *g, double damping, double tol, int64_t max_iter, int threads,
                     double *x, pr_run *run, char *err, size_t errlen);

#endif /* BASIS_BENCH_PAGERANK_PEERS_H */
