/* graph.h: the layout of basis_graph (in-edges as SELL-8 + out-degrees), shared by the builders, the loaders and PageRank. */
#ifndef BASIS_HOST_GRAPH_H
#define BASIS_HOST_GRAPH_H

#include "internal.h"

/* n nodes, m edges. The in-edges are stored as SELL-8 (sliced ELLPACK with chunks of
 * BASIS_SELL_C = 8 rows), the layout the pull SpMV kernels read (kernels/ukernel.h):
 * - slots: nodes sorted by in-degree, descending, stable (equal degrees keep node order,
 *   which keeps a crawl-ordered web graph's locality); perm[p] is the node in slot p, and n
 *   in the empty slots past the last node (nchunks * 8 slots in all).
 * - chunk c covers slots 8c .. 8c+7; it holds len_c = (chunk_start[c+1] - chunk_start[c]) / 8
 *   steps of 8 sources, step k of lane l at col[chunk_start[c] + 8k + l]: the slot of the
 *   node's k-th in-edge source (sources in ascending node order), or n past its in-degree
 *   (padding: the kernels read x[n] = 0 there). len_c is the in-degree of the chunk's first
 *   slot.
 * Why: in plain CSR, 73% of cnr-2000's rows have 1-3 in-edges, and the branch on every
 * row's length and the one load in flight per row bound the pull; here 8 rows advance
 * together with no branch and 8 independent loads (1.9x faster measured, 1 thread).
 * Sorting by degree makes padding small (1.4% on cnr-2000; a chunk pads only to its own
 * first row). Sources name slots, not nodes, so that PageRank runs in slot numbering: the
 * SpMV stores each chunk's 8 sums as one vector, where storing them at their nodes
 * (scattered over a 1.3-2.6 MB y) took a fifth of its time on cnr-2000. Indices are
 * 32-bit, so n <= UINT32_MAX (n itself marks padding).
 * Memory: 4 bytes per stored entry (edges + padding) + 12.5 per node (perm 4, out_degree
 * 8, chunk_start 1) + 8 per node with ids. ids maps a node to its id in the file it came
 * from, NULL when nodes were not renumbered (then id_base gives the file's numbering). */
struct basis_graph {
    int64_t n, m;
    int64_t nchunks;      /* ceil(n / 8) */
    int64_t *chunk_start; /* nchunks + 1 */
    uint32_t *col;        /* chunk_start[nchunks] (at least 1) */
    uint32_t *perm;       /* nchunks * 8 (at least 1) */
    int64_t *out_degree;  /* n */
    int64_t *ids;         /* n or NULL */
    int64_t id_base;      /* without ids, node i is id i + id_base in its file (1: Matrix
                           * Market, whose rows count from 1) */
};

/* Step k of slot p: the k-th in-edge source of node perm[p] as a node (ascending), or n
 * past its in-degree; k < len of p's chunk. */
static inline uint32_t basis_graph_source(const basis_graph *g, int64_t slot, int64_t k)
{
    uint32_t s =
        g->col[g->chunk_start[slot / BASIS_SELL_C] + k * BASIS_SELL_C + slot % BASIS_SELL_C];
    return (int64_t)s == g->n ? s : g->perm[s];
}

#endif /* BASIS_HOST_GRAPH_H */
