/* graph.h: the layout of basis_graph (in-edge CSR + out-degrees), shared by the builders, the loaders and PageRank. */
#ifndef BASIS_HOST_GRAPH_H
#define BASIS_HOST_GRAPH_H

#include "internal.h"

/* n nodes, m edges: the in-edges of node i are sources[in_offsets[i] .. in_offsets[i+1]-1]
 * (sorted by source within a node, so sums run in a fixed order), out_degree[j] counts the
 * out-edges of j. 8 bytes per edge + 16 per node. ids maps a node to its id in the file it
 * came from, NULL when nodes were not renumbered. */
struct basis_graph {
    int64_t n, m;
    int64_t *in_offsets; /* n + 1 */
    int64_t *sources;    /* m */
    int64_t *out_degree; /* n */
    int64_t *ids;        /* n or NULL */
};

#endif /* BASIS_HOST_GRAPH_H */
