/* edgelist.h: reading "src dst" edge-list files (plain or gzip) into a basis_graph. */
#ifndef BASIS_HOST_IO_EDGELIST_H
#define BASIS_HOST_IO_EDGELIST_H

#include "basis.h"

/* Reads an edge list: one edge "src dst" per line, separated by spaces or tabs; further
 * columns (weights, timestamps) are ignored; blank lines and lines whose first non-blank
 * character is '#' or '%' are skipped; CRLF line ends are accepted. The file may be gzip'd
 * (recognized by its magic bytes, not its name; needs a build with zlib).
 * Node ids are non-negative decimal integers below 2^63. Ids are kept as node numbers
 * (n = max id + 1, absent ids become isolated nodes) when they are dense enough, that is
 * when max id < 2 x the number of distinct ids; else the nodes are renumbered 0, 1, ... in
 * order of first appearance (src before dst on a line) and the graph keeps the map
 * (basis_graph_node_id). undirected != 0 adds both directions of every edge (a self-loop
 * once).
 * - BASIS_ERR_IO: the file cannot be opened or read, a gzip stream is corrupt or cut
 *   short, or a gzip'd file in a build without zlib.
 * - BASIS_ERR_FORMAT: "path:line: what is wrong (line: "...")" for a line with fewer than
 *   two fields, a negative id, an id that is not an integer or does not fit int64.
 * - BASIS_ERR_NO_MEMORY: the edges or the graph could not be allocated.
 * *out is written only on success. */
basis_status basis_edgelist_read(const char *path, int undirected, basis_graph **out);

#endif /* BASIS_HOST_IO_EDGELIST_H */
