/* graph.c: the basis_graph builders (edge list, out-edge CSR) and accessors. */
#include <string.h>

#include "graph.h"

/* Memory: the graph alone is 8 m + 16 n + 8 bytes (in_offsets n + 1, sources m, out_degree
 * n), allocated once at its final size. The counting sort scatters with in_offsets itself as
 * the cursor (then shifts it back), so building needs no scratch beyond the graph: the peak
 * is the caller's input plus the finished graph, never two copies of the graph. */

static basis_graph *graph_alloc(const char *fn, int64_t n, int64_t m, basis_status *s)
{
    if ((*s = basis_check_alloc(fn, "the in-edge offsets", n + 1, 1, sizeof(int64_t))) ||
        (*s = basis_check_alloc(fn, "the edge sources", m, 1, sizeof(int64_t))))
        return NULL;
    basis_graph *g = basis_alloc(sizeof *g);
    if (g) {
        memset(g, 0, sizeof *g);
        g->n = n;
        g->m = m;
        g->in_offsets = basis_alloc((size_t)(n + 1) * sizeof(int64_t));
        g->sources = basis_alloc((size_t)(m > 0 ? m : 1) * sizeof(int64_t));
        g->out_degree = basis_alloc((size_t)(n > 0 ? n : 1) * sizeof(int64_t));
    }
    if (!g || !g->in_offsets || !g->sources || !g->out_degree) {
        basis_graph_destroy(g);
        *s = basis_fail(BASIS_ERR_NO_MEMORY,
                        "%s: could not allocate a graph of %lld nodes and %lld edges (%.3g GB)",
                        fn, (long long)n, (long long)m,
                        (8.0 * (double)m + 16.0 * (double)n) / 1e9);
        return NULL;
    }
    memset(g->in_offsets, 0, (size_t)(n + 1) * sizeof(int64_t));
    memset(g->out_degree, 0, (size_t)(n > 0 ? n : 1) * sizeof(int64_t));
    return g;
}

/* in_offsets holds counts at [i + 1]; makes it the start of each node's segment (the
 * scatter cursor): off[i] = sum of counts below i. */
static void counts_to_starts(int64_t *off, int64_t n)
{
    off[0] = 0;
    for (int64_t i = 0; i < n; i++)
        off[i + 1] += off[i];
}

/* After the scatter off[i] is the end of node i's segment; shifts it back to starts. */
static void ends_to_starts(int64_t *off, int64_t n)
{
    for (int64_t i = n; i > 0; i--)
        off[i] = off[i - 1];
    off[0] = 0;
}

static void sort_int64(int64_t *a, int64_t len)
{
    if (len < 2)
        return;
    if (len <= 24) {
        for (int64_t i = 1; i < len; i++) {
            int64_t v = a[i], j = i;
            for (; j > 0 && a[j - 1] > v; j--)
                a[j] = a[j - 1];
            a[j] = v;
        }
        return;
    }
    /* median of three, Hoare partition; recurse into the smaller side */
    while (len > 24) {
        int64_t x = a[0], y = a[len / 2], z = a[len - 1];
        int64_t p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
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
            int64_t t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        int64_t left = j + 1;
        if (left < len - left) {
            sort_int64(a, left);
            a += left;
            len -= left;
        } else {
            sort_int64(a + left, len - left);
            len = left;
        }
    }
    sort_int64(a, len);
}

/* Sources sorted within each node, so that the pull sums run in a fixed order whatever the
 * order of the input. Edge lists are usually sorted by source already; a segment that is in
 * order costs one pass. */
static void sort_segments(basis_graph *g)
{
    for (int64_t i = 0; i < g->n; i++) {
        int64_t *a = g->sources + g->in_offsets[i];
        int64_t len = g->in_offsets[i + 1] - g->in_offsets[i];
        int64_t k = 1;
        while (k < len && a[k - 1] <= a[k])
            k++;
        if (k < len)
            sort_int64(a, len);
    }
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
    int64_t *off = g->in_offsets, *deg = g->out_degree;
    for (int64_t e = 0; e < nedges; e++) {
        off[dst[e] + 1]++;
        deg[src[e]]++;
        if (undirected && src[e] != dst[e]) {
            off[src[e] + 1]++;
            deg[dst[e]]++;
        }
    }
    counts_to_starts(off, n);
    for (int64_t e = 0; e < nedges; e++) {
        g->sources[off[dst[e]]++] = src[e];
        if (undirected && src[e] != dst[e])
            g->sources[off[src[e]]++] = dst[e];
    }
    ends_to_starts(off, n);
    sort_segments(g);
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
    int64_t *off = g->in_offsets;
    for (int64_t e = 0; e < m; e++)
        off[csr->targets[e] + 1]++;
    counts_to_starts(off, n);
    /* sources come out sorted: node j is scattered before node j + 1 */
    for (int64_t j = 0; j < n; j++) {
        g->out_degree[j] = co[j + 1] - co[j];
        for (int64_t e = co[j]; e < co[j + 1]; e++)
            g->sources[off[csr->targets[e]]++] = j;
    }
    ends_to_starts(off, n);
    *out = g;
    return BASIS_OK;
}

void basis_graph_destroy(basis_graph *g)
{
    if (!g)
        return;
    basis_free(g->in_offsets);
    basis_free(g->sources);
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
    return g->ids ? g->ids[node] : node;
}
