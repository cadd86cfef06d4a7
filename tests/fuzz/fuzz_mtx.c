/* fuzz_mtx.c: libFuzzer target for the Matrix Market reader (dense and graph): any bytes give a status, never a crash, leak or out-of-bounds access. */
#include "fuzz_util.h"
#include "io/mtx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = fuzz_memfile(data, size, path, sizeof path);
    if (fd < 0)
        return 0;
    /* A dense matrix of at most 2^16 entries: larger declared sizes are refused before
     * anything is allocated, which is what is under test. */
    basis_mtx_dense m = {-5, -5, (double *)&m};
    basis_status s = basis_mtx_read_dense(path, (int64_t)1 << 16, &m);
    if (s == BASIS_OK) {
        FUZZ_ASSERT(m.rows >= 0 && m.cols >= 0 && (m.rows * m.cols == 0) == (m.data == NULL),
                    "dense: %lld x %lld, data %p", (long long)m.rows, (long long)m.cols,
                    (void *)m.data);
        basis_mtx_free(&m);
    } else {
        FUZZ_ASSERT(s == BASIS_ERR_FORMAT || s == BASIS_ERR_IO || s == BASIS_ERR_NO_MEMORY,
                    "dense: status %s", basis_status_name(s));
        FUZZ_ASSERT(m.rows == -5 && m.data == (double *)&m, "dense: out written on failure");
    }
    basis_graph *g = (basis_graph *)&m;
    s = basis_mtx_read_graph(path, size & 1, &g);
    if (s == BASIS_OK) {
        FUZZ_ASSERT(basis_graph_nodes(g) >= 0 && basis_graph_edges(g) >= 0, "graph counts");
        basis_graph_destroy(g);
    } else {
        FUZZ_ASSERT(s == BASIS_ERR_FORMAT || s == BASIS_ERR_IO || s == BASIS_ERR_NO_MEMORY,
                    "graph: status %s", basis_status_name(s));
        FUZZ_ASSERT(g == (basis_graph *)&m, "graph: out written on failure");
    }
    close(fd);
    return 0;
}
