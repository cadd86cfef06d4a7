/* mtx.h: Matrix Market files: reading array and coordinate matrices into a dense matrix, coordinate matrices into a graph, writing a dense array. */
#ifndef BASIS_HOST_IO_MTX_H
#define BASIS_HOST_IO_MTX_H

#include <stdint.h>

#include "basis.h"

/* A dense matrix read from a file: column major, element (i,j) at data[i + j*rows];
 * data comes from basis_alloc (NULL when empty) and is released with basis_mtx_free. */
typedef struct basis_mtx_dense {
    int64_t rows, cols;
    double *data;
} basis_mtx_dense;

/* Reads a Matrix Market file into a dense matrix. Accepted: `%%MatrixMarket matrix`
 * followed by `array` with field real or integer, or `coordinate` with field real,
 * integer or pattern (pattern entries are 1), each with symmetry general, symmetric or
 * skew-symmetric (the other triangle is filled in; either triangle may be given).
 * Coordinate entries that repeat a position are summed, absent ones are 0. Blank lines and
 * % comments are skipped. Values must be finite.
 * - BASIS_ERR_IO: the file cannot be opened or read (the message names it and the reason).
 * - BASIS_ERR_FORMAT: the message names path:line and what is wrong: a bad banner, an
 *   unsupported field (complex, hermitian), a bad size line, a bad or out-of-range entry,
 *   too few or too many entries, or a declared size the file's bytes cannot hold, which
 *   is refused before anything is allocated.
 * - BASIS_ERR_NO_MEMORY: the dense matrix has more than max_elements entries (0: no
 *   limit but size_t) or could not be allocated.
 * out is written only on success. */
basis_status basis_mtx_read_dense(const char *path, int64_t max_elements, basis_mtx_dense *out);

void basis_mtx_free(basis_mtx_dense *m);

/* Reads a Matrix Market coordinate matrix as a graph: entry (i, j) (1-based) is the edge
 * i -> j, its value (real or integer; none for pattern) is checked and ignored, so an
 * explicit zero is still an edge; repeated entries are repeated edges. The matrix must be
 * square (n nodes). symmetric (and skew-symmetric, whose pattern is symmetric) adds both
 * directions of every off-diagonal entry and a diagonal entry once, as does
 * undirected != 0. Errors as basis_mtx_read_dense, plus: an array file, a non-square size,
 * and a node count far beyond what the file could describe (more than 64 nodes per byte
 * of the file, plus 2^20) are BASIS_ERR_FORMAT, refused before anything is allocated.
 * *out is written only on success. */
basis_status basis_mtx_read_graph(const char *path, int undirected, basis_graph **out);

/* Writes the rows x cols column-major matrix a (leading dimension ld >= rows) as
 * `%%MatrixMarket matrix array real general`, 17 significant digits, so that reading it
 * back gives the same doubles. BASIS_ERR_IO names the file and the reason. */
basis_status basis_mtx_write_array(const char *path, int64_t rows, int64_t cols,
                                   const double *a, int64_t ld);

#endif /* BASIS_HOST_IO_MTX_H */
