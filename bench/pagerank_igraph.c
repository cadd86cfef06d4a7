/* pagerank_igraph.c: the igraph PRPACK row of basis-bench-pagerank (built only where libigraph-dev is installed). */
#include <stdio.h>

#include <igraph/igraph.h>

#include "internal.h"
#include "pagerank_peers.h"

/* igraph counts a self-loop as an edge and spreads the rank of dangling nodes uniformly,
 * the convention of basis and of the oracle vectors. PRPACK solves by Gauss-Seidel on a
 * reordered graph with its tolerance fixed at 1e-10 inside igraph, so it reports no
 * iteration count; the timed part is the igraph_pagerank call (PRPACK's preprocessing of
 * the graph included: it redoes it on every call). */
int pr_igraph_run(const pr_csr *g, double damping, double *x, pr_run *run, char *err,
                  size_t errlen)
{
    igraph_vector_int_t edges;
    igraph_t graph;
    igraph_vector_t ranks;
    igraph_real_t value;
    if (igraph_vector_int_init(&edges, 2 * g->m) != IGRAPH_SUCCESS) {
        snprintf(err, errlen, "igraph: out of memory");
        return 1;
    }
    for (int64_t e = 0; e < g->m; e++) {
        VECTOR(edges)[2 * e] = g->src[e];
        VECTOR(edges)[2 * e + 1] = g->dst[e];
    }
    int rc = 1;
    if (igraph_create(&graph, &edges, g->n, IGRAPH_DIRECTED) != IGRAPH_SUCCESS) {
        snprintf(err, errlen, "igraph: igraph_create failed");
        igraph_vector_int_destroy(&edges);
        return 1;
    }
    igraph_vector_init(&ranks, 0);
    double t0 = basis_now();
    igraph_error_t e = igraph_pagerank(&graph, IGRAPH_PAGERANK_ALGO_PRPACK, &ranks, &value,
                                       igraph_vss_all(), IGRAPH_DIRECTED, damping, NULL, NULL);
    run->seconds = basis_now() - t0;
    run->iterations = 0;
    if (e == IGRAPH_SUCCESS && igraph_vector_size(&ranks) == g->n) {
        for (int64_t i = 0; i < g->n; i++)
            x[i] = VECTOR(ranks)[i];
        rc = 0;
    } else {
        snprintf(err, errlen, "igraph: igraph_pagerank failed (%s)", igraph_strerror(e));
    }
    igraph_vector_destroy(&ranks);
    igraph_destroy(&graph);
    igraph_vector_int_destroy(&edges);
    return rc;
}
