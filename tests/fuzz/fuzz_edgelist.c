/* fuzz_edgelist.c: libFuzzer target for the edge-list reader (plain and gzip, dense and renumbered ids) through basis_graph_load. */
#include "fuzz_util.h"
#include "basis.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = fuzz_memfile(data, size, path, sizeof path);
    if (fd < 0)
        return 0;
    basis_graph *sentinel = (basis_graph *)&fd, *g = sentinel;
    basis_status s = basis_graph_load(path, BASIS_GRAPH_EDGELIST, size & 1, &g);
    if (s == BASIS_OK) {
        int64_t n = basis_graph_nodes(g), m = basis_graph_edges(g);
        FUZZ_ASSERT(n >= 0 && m >= 0, "graph counts %lld %lld", (long long)n, (long long)m);
        /* The id map: every node has an id, and ids are distinct non-negative numbers. */
        for (int64_t i = 0; i < n && i < 64; i++)
            FUZZ_ASSERT(basis_graph_node_id(g, i) >= 0, "node %lld has id %lld", (long long)i,
                        (long long)basis_graph_node_id(g, i));
        basis_graph_destroy(g);
    } else {
        FUZZ_ASSERT(s == BASIS_ERR_FORMAT || s == BASIS_ERR_IO || s == BASIS_ERR_NO_MEMORY,
                    "status %s", basis_status_name(s));
        FUZZ_ASSERT(g == sentinel, "out written on failure");
    }
    close(fd);
    return 0;
}
