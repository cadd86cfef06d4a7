/* graph_load.c: basis_graph_load: picks the reader (Matrix Market or edge list) by format, name or first line. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "io/edgelist.h"
#include "io/mtx.h"

/* AUTO: a name ending in .mtx, or a plain file starting with the Matrix Market banner, is
 * Matrix Market; anything else (including gzip, which the Matrix Market reader does not
 * take) is an edge list, whose reader refuses a decompressed first line that is the Matrix
 * Market banner (host/io/edgelist.c). */
static int looks_like_mtx(const char *path)
{
    size_t len = strlen(path);
    if (len >= 4 && !strcasecmp(path + len - 4, ".mtx"))
        return 1;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0; /* the edge-list reader reports why it cannot be opened */
    char head[15] = {0};
    size_t got = fread(head, 1, 14, f);
    fclose(f);
    return got == 14 && !strncasecmp(head, "%%MatrixMarket", 14);
}

basis_status basis_graph_load(const char *path, basis_graph_format format, int undirected,
                              basis_graph **out)
{
    static const char fn[] = "basis_graph_load";
    if (!path || !out)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: %s is NULL", fn, path ? "out" : "path");
    switch (format) {
    case BASIS_GRAPH_AUTO:
        return looks_like_mtx(path) ? basis_mtx_read_graph(path, undirected, out)
                                    : basis_edgelist_read(path, undirected, out);
    case BASIS_GRAPH_EDGELIST:
        return basis_edgelist_read(path, undirected, out);
    case BASIS_GRAPH_MTX:
        return basis_mtx_read_graph(path, undirected, out);
    }
    return basis_fail(BASIS_ERR_ARGUMENT,
                      "%s: format = %d is not a basis_graph_format (AUTO 0, EDGELIST 1, MTX 2)",
                      fn, (int)format);
}
