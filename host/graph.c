/* graph.c: the basis_graph builders (edge list, out-edge CSR) and accessors. */
#include <string.h>

#include "graph.h"

/* Building: one pass counts in- and out-degrees; the slots are a stable counting sort of
 * the nodes by in-degree (descending); then every edge is written straight into its SELL-8
 * place, with the in-degree array reused as each node's fill cursor; once every row is in
 * ascending node order, the sources are renamed to their slots (graph.h says why). Scratch
 * beyond the finished graph: 8 + 4 bytes per node and one bucket per distinct degree, never
 * a second copy of the edges. */

static basis_graph *graph_fail_memory(const char *fn, basis_graph *g, int64_t n, int64_t m,
                                      basis_status *s)
{
    basis_graph_destroy(g);
    *s = basis_fail(BASIS_ERR_NO_MEMORY,
                    "%s: could not allocate a graph of %lld nodes and %lld edges (%.3g GB)", fn,
                    (long long)n, (long long)m, (4.0 * (double)m + 12.5 * (double)n) / 1e9);
    return NULL;
}

/* The graph with its out-degrees zeroed and nothing else yet. */
static basis_graph *graph_alloc(const char *fn, int64_t n, int64_t m, basis_status *s)
{
    if (n > (int64_t)UINT32_MAX) {
        *s = basis_fail(BASIS_ERR_ARGUMENT,
                        "%s: n = %lld nodes exceeds the %lld a basis_graph holds (32-bit node "
                        "indices)",
                        fn, (long long)n, (long long)UINT32_MAX);
        return NULL;
    }
    if ((*s = basis_check_alloc(fn, "the out-degrees", n, 1, sizeof(int64_t))) ||
        (*s = basis_check_alloc(fn, "the edge sources", m, BASIS_SELL_C, sizeof(uint32_t))))
        return NULL;
    basis_graph *g = basis_alloc(sizeof *g);
    if (!g)
        return graph_fail_memory(fn, NULL, n, m, s);
    memset(g, 0, sizeof *g);
    g->n = n;
    g->m = m;
    g->nchunks = (n + BASIS_SELL_C - 1) / BASIS_SELL_C;
    g->out_degree = basis_alloc((size_t)(n > 0 ? n : 1) * sizeof(int64_t));
    if (!g->out_degree)
        return graph_fail_memory(fn, g, n, m, s);
    memset(g->out_degree, 0, (size_t)(n > 0 ? n : 1) * sizeof(int64_t));
    return g;
}

/* From the in-degrees deg[n]: perm, chunk_start, col (all padding), and slot_of (the
 * inverse of perm, n entries, for the caller to free); deg is zeroed to serve as the fill
 * cursor. On failure the graph is destroyed and *s set. */
static basis_graph *graph_layout(const char *fn, basis_graph *g, int64_t *deg,
                                 uint32_t **slot_of, basis_status *s)
{
    int64_t n = g->n, m = g->m, nc = g->nchunks, maxdeg = 0;
    for (int64_t i = 0; i < n; i++)
        maxdeg = deg[i] > maxdeg ? deg[i] : maxdeg;
    int64_t *bucket = basis_alloc((size_t)(maxdeg + 2) * sizeof(int64_t));
    *slot_of = basis_alloc((size_t)(n > 0 ? n : 1) * sizeof(uint32_t));
    g->perm = basis_alloc((size_t)(nc > 0 ? nc : 1) * BASIS_SELL_C * sizeof(uint32_t));
    g->chunk_start = basis_alloc((size_t)(nc + 1) * sizeof(int64_t));
    if (!bucket || !*slot_of || !g->perm || !g->chunk_start)
        goto fail;
    /* bucket[maxdeg - d] counts degree d, then becomes the first slot of degree d */
    memset(bucket, 0, (size_t)(maxdeg + 2) * sizeof(int64_t));
    for (int64_t i = 0; i < n; i++)
        bucket[maxdeg - deg[i] + 1]++;
    for (int64_t d = 0; d <= maxdeg; d++)
        bucket[d + 1] += bucket[d];
    for (int64_t i = 0; i < n; i++) {
        int64_t p = bucket[maxdeg - deg[i]]++;
        g->perm[p] = (uint32_t)i;
        (*slot_of)[i] = (uint32_t)p;
    }
    for (int64_t p = n; p < nc * BASIS_SELL_C; p++)
        g->perm[p] = (uint32_t)n;
    basis_free(bucket);
    bucket = NULL;
    /* a chunk's length is its first slot's in-degree; the total is at most 8 m */
    g->chunk_start[0] = 0;
    for (int64_t c = 0; c < nc; c++)
        g->chunk_start[c + 1] = g->chunk_start[c] + BASIS_SELL_C * deg[g->perm[c * BASIS_SELL_C]];
    int64_t total = g->chunk_start[nc];
    g->col = basis_alloc((size_t)(total > 0 ? total : 1) * sizeof(uint32_t));
    if (!g->col)
        goto fail;
    for (int64_t e = 0; e < total; e++)
        g->col[e] = (uint32_t)n;
    memset(deg, 0, (size_t)n * sizeof(int64_t));
    return g;
fail:
    basis_free(bucket);
    basis_free(*slot_of);
    *slot_of = NULL;
    return graph_fail_memory(fn, g, n, m, s);
}

/* Appends src to the in-edges of dst. */
static inline void graph_put(basis_graph *g, const uint32_t *slot_of, int64_t *fill, int64_t dst,
                             int64_t src)
{
    int64_t p = slot_of[dst];
    g->col[g->chunk_start[p / BASIS_SELL_C] + BASIS_SELL_C * fill[dst]++ + p % BASIS_SELL_C] =
        (uint32_t)src;
}

/* Every source (a node) becomes its slot; padding keeps n. */
static void sources_to_slots(basis_graph *g, const uint32_t *slot_of)
{
    const uint32_t pad = (uint32_t)g->n;
    for (int64_t e = 0, total = g->chunk_start[g->nchunks]; e < total; e++)
        if (g->col[e] != pad)
            g->col[e] = slot_of[g->col[e]];
}

static void sort_uint32(uint32_t *a, int64_t len)
{
    if (len < 2)
        return;
    if (len <= 24) {
        for (int64_t i = 1; i < len; i++) {
            uint32_t v = a[i];
            int64_t j = i;
            for (; j > 0 && a[j - 1] > v; j--)
                a[j] = a[j - 1];
            a[j] = v;
        }
        return;
    }
    /* median of three, Hoare partition; recurse into the smaller side */
    while (len > 24) {
        uint32_t x = a[0], y = a[len / 2], z = a[len - 1];
        uint32_t p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        int64_t i = -1, j = len;
        for (;;) {
            do
                i++;
            while (a[i] < p);
            do
                j--;
            while (a[j] > p);
            if (i >= j)
                break;
            uint32_t t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        int64_t left = j + 1;
        if (left < len - left) {
            sort_uint32(a, left);
            a += left;
            len -= left;
        } else {
            sort_uint32(a + left, len - left);
            len = left;
        }
    }
    sort_uint32(a, len);
}

/* Sources ascending within each node, so that the pull sums run in a fixed order whatever
 * the order of the input. A node's sources are strided in col: they are copied out, sorted
 * and copied back only when out of order (edge lists usually come sorted by source). The
 * longest row is the first slot's. Returns 0 when the row buffer cannot be allocated. */
static int sort_rows(basis_graph *g, const int64_t *fill)
{
    int64_t maxdeg = g->n > 0 ? fill[g->perm[0]] : 0;
    uint32_t *row = basis_alloc((size_t)(maxdeg > 0 ? maxdeg : 1) * sizeof(uint32_t));
    if (!row)
        return 0;
    for (int64_t p = 0; p < g->n; p++) {
        int64_t len = fill[g->perm[p]];
        uint32_t *a = g->col + g->chunk_start[p / BASIS_SELL_C] + p % BASIS_SELL_C;
        int64_t k = 1;
        while (k < len && a[(k - 1) * BASIS_SELL_C] <= a[k * BASIS_SELL_C])
            k++;
        if (k >= len)
            continue;
        for (k = 0; k < len; k++)
            row[k] = a[k * BASIS_SELL_C];
        sort_uint32(row, len);
        for (k = 0; k < len; k++)
            a[k * BASIS_SELL_C] = row[k];
    }
    basis_free(row);
    return 1;
}

basis_status basis_graph_from_edges(int64_t n, const int64_t *src, const int64_t *dst,
                                    int64_t nedges, int undirected, basis_graph **out)
{
    static const char fn[] = "basis_graph_from_edges";
    basis_status s;
    if (!out)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: out is NULL", fn);
    if ((s = basis_check_size(fn, "n", n)) || (s = basis_check_size(fn, "nedges", nedges)) ||
        (s = basis_check_ptr(fn, "src", src, nedges)) ||
        (s = basis_check_ptr(fn, "dst", dst, nedges)))
        return s;
    if (n == INT64_MAX)
        return basis_fail(BASIS_ERR_OVERFLOW, "%s: n = %lld leaves no room for n + 1 offsets",
                          fn, (long long)n);
    int64_t loops = 0;
    for (int64_t e = 0; e < nedges; e++) {
        if (src[e] < 0 || src[e] >= n || dst[e] < 0 || dst[e] >= n)
            return basis_fail(BASIS_ERR_ARGUMENT,
                              "%s: edge %lld (%lld -> %lld): %s = %lld is not a node: it must "
                              "be in [0, %lld)",
                              fn, (long long)e, (long long)src[e], (long long)dst[e],
                              src[e] < 0 || src[e] >= n ? "src" : "dst",
                              (long long)(src[e] < 0 || src[e] >= n ? src[e] : dst[e]),
                              (long long)n);
        loops += src[e] == dst[e];
    }
    int64_t m = nedges;
    if (undirected) {
        if (nedges - loops > INT64_MAX - nedges)
            return basis_fail(BASIS_ERR_OVERFLOW,
                              "%s: both directions of %lld edges overflow int64", fn,
                              (long long)nedges);
        m = nedges + (nedges - loops);
    }
    basis_graph *g = graph_alloc(fn, n, m, &s);
    if (!g)
        return s;
    int64_t *fill = basis_alloc((size_t)(n > 0 ? n : 1) * sizeof(int64_t));
    if (!fill) {
        graph_fail_memory(fn, g, n, m, &s);
        return s;
    }
    memset(fill, 0, (size_t)(n > 0 ? n : 1) * sizeof(int64_t));
    int64_t *deg = g->out_degree;
    for (int64_t e = 0; e < nedges; e++) {
        fill[dst[e]]++;
        deg[src[e]]++;
        if (undirected && src[e] != dst[e]) {
            fill[src[e]]++;
            deg[dst[e]]++;
        }
    }
    uint32_t *slot_of;
    if (!(g = graph_layout(fn, g, fill, &slot_of, &s))) {
        basis_free(fill);
        return s;
    }
    for (int64_t e = 0; e < nedges; e++) {
        graph_put(g, slot_of, fill, dst[e], src[e]);
        if (undirected && src[e] != dst[e])
            graph_put(g, slot_of, fill, src[e], dst[e]);
    }
    int sorted = sort_rows(g, fill);
    basis_free(fill);
    if (sorted)
        sources_to_slots(g, slot_of);
    basis_free(slot_of);
    if (!sorted) {
        graph_fail_memory(fn, g, n, m, &s);
        return s;
    }
    *out = g;
    return BASIS_OK;
}

basis_status basis_graph_from_csr(const basis_csr *csr, basis_graph **out)
{
    static const char fn[] = "basis_graph_from_csr";
    basis_status s;
    if (!out || !csr)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s is NULL", fn, out ? "csr" : "out");
    int64_t n = csr->n;
    const int64_t *co = csr->offsets;
    if ((s = basis_check_size(fn, "csr->n", n)))
        return s;
    if (n == INT64_MAX)
        return basis_fail(BASIS_ERR_OVERFLOW, "%s: n = %lld leaves no room for n + 1 offsets",
                          fn, (long long)n);
    if (!co)
        return basis_fail(BASIS_ERR_ARGUMENT,
                          "%s: csr->offsets is NULL but must hold n + 1 = %lld entries", fn,
                          (long long)(n + 1));
    if (co[0] != 0)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: csr->offsets[0] = %lld must be 0", fn,
                          (long long)co[0]);
    for (int64_t i = 0; i < n; i++)
        if (co[i + 1] < co[i])
            return basis_fail(BASIS_ERR_ARGUMENT,
                              "%s: csr->offsets[%lld] = %lld is less than csr->offsets[%lld] = "
                              "%lld (offsets must be nondecreasing)",
                              fn, (long long)(i + 1), (long long)co[i + 1], (long long)i,
                              (long long)co[i]);
    int64_t m = co[n];
    if ((s = basis_check_ptr(fn, "csr->targets", csr->targets, m)))
        return s;
    for (int64_t j = 0; j < n; j++)
        for (int64_t e = co[j]; e < co[j + 1]; e++)
            if (csr->targets[e] < 0 || csr->targets[e] >= n)
                return basis_fail(BASIS_ERR_ARGUMENT,
                                  "%s: csr->targets[%lld] = %lld (an out-edge of node %lld) is "
                                  "not a node: it must be in [0, %lld)",
                                  fn, (long long)e, (long long)csr->targets[e], (long long)j,
                                  (long long)n);
    basis_graph *g = graph_alloc(fn, n, m, &s);
    if (!g)
        return s;
    int64_t *fill = basis_alloc((size_t)(n > 0 ? n : 1) * sizeof(int64_t));
    if (!fill) {
        graph_fail_memory(fn, g, n, m, &s);
        return s;
    }
    memset(fill, 0, (size_t)(n > 0 ? n : 1) * sizeof(int64_t));
    for (int64_t e = 0; e < m; e++)
        fill[csr->targets[e]]++;
    uint32_t *slot_of;
    if (!(g = graph_layout(fn, g, fill, &slot_of, &s))) {
        basis_free(fill);
        return s;
    }
    /* sources come out ascending: node j is written before node j + 1 */
    for (int64_t j = 0; j < n; j++) {
        g->out_degree[j] = co[j + 1] - co[j];
        for (int64_t e = co[j]; e < co[j + 1]; e++)
            graph_put(g, slot_of, fill, csr->targets[e], j);
    }
    sources_to_slots(g, slot_of);
    basis_free(slot_of);
    basis_free(fill);
    *out = g;
    return BASIS_OK;
}

void basis_graph_destroy(basis_graph *g)
{
    if (!g)
        return;
    basis_free(g->chunk_start);
    basis_free(g->col);
    basis_free(g->perm);
    basis_free(g->out_degree);
    basis_free(g->ids);
    basis_free(g);
}

int64_t basis_graph_nodes(const basis_graph *g)
{
    return g ? g->n : 0;
}

int64_t basis_graph_edges(const basis_graph *g)
{
    return g ? g->m : 0;
}

int64_t basis_graph_node_id(const basis_graph *g, int64_t node)
{
    if (!g || node < 0 || node >= g->n)
        return -1;
    return g->ids ? g->ids[node] : node + g->id_base;
}
