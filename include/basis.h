/* basis.h: the native C API of basis (dense GEMM, LU, power iteration, PageRank). */
#ifndef BASIS_H
#define BASIS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(BASIS_BUILDING) && defined(__GNUC__)
#define BASIS_API __attribute__((visibility("default")))
#else
#define BASIS_API
#endif

#define BASIS_VERSION_MAJOR 0
#define BASIS_VERSION_MINOR 1
#define BASIS_VERSION_PATCH 0
#define BASIS_VERSION_STRING "0.1.0"

/* Every call returns a status. 0 is success; errors are negative. After an error,
 * basis_last_error() holds a sentence naming the argument (and its value) or the cause,
 * and every output the caller passed in is left as it was, unless the code says otherwise. */
typedef enum basis_status {
    BASIS_OK = 0,
    /* An argument is invalid: NULL pointer with a non-zero size, negative size, leading
     * dimension or increment out of range, invalid enum value, m*n*elemsize overflowing
     * int64/size_t, NaN or Inf where a finite value is required. Nothing was written. */
    BASIS_ERR_ARGUMENT = -1,
    /* Memory for a workspace could not be allocated. Nothing was written. */
    BASIS_ERR_NO_MEMORY = -2,
    /* The matrix is exactly singular: a pivot U(i,i) is zero. getrf still completes the
     * factorization (LAPACK semantics) and the message gives the 1-based index i; gesv
     * returns the factorization but leaves B untouched; getri leaves A untouched. */
    BASIS_ERR_SINGULAR = -3,
    /* An iteration stopped at max_iter (or found no dominant eigenvalue) before reaching its
     * tolerance. The best estimate so far IS written; the message says which case. */
    BASIS_ERR_NO_CONVERGENCE = -4,
    /* The requested backend is unknown, not compiled in, or not supported by this machine
     * (CPU features or no OpenCL device). The message lists the valid backends. */
    BASIS_ERR_BACKEND = -5,
    /* A file could not be opened, read or written. */
    BASIS_ERR_IO = -6,
    /* A file's contents do not follow its format; the message names the file and line. */
    BASIS_ERR_FORMAT = -7,
    /* A device runtime (OpenCL) failed: build error, device out of memory, lost device. */
    BASIS_ERR_DEVICE = -8,
    /* The system was solved and the solution IS written, but A is singular to working
     * precision: its estimated reciprocal condition number (returned too) is below the
     * unit roundoff, so the solution may have no correct digits (basis_?gesv_checked). */
    BASIS_ERR_ILL_CONDITIONED = -9,
    /* A result lies outside the range of its floating-point type: it would overflow to
     * Inf or, being non-zero, underflow to 0. Nothing was written; the message gives the
     * value's sign and logarithm (basis_?det_value). */
    BASIS_ERR_OVERFLOW = -10
} basis_status;

typedef enum basis_layout {
    BASIS_ROW_MAJOR = 101, /* same values as CBLAS_ORDER */
    BASIS_COL_MAJOR = 102
} basis_layout;

typedef enum basis_trans {
    BASIS_NO_TRANS = 111, /* same values as CBLAS_TRANSPOSE */
    BASIS_TRANS = 112,
    BASIS_CONJ_TRANS = 113 /* equals BASIS_TRANS for real data */
} basis_trans;

typedef enum basis_backend {
    BASIS_BACKEND_AUTO = 0, /* BASIS_BACKEND from the environment if set, else the best found */
    BASIS_BACKEND_REF = 1,  /* scalar reference kernels: the oracle */
    BASIS_BACKEND_AVX2 = 2, /* x86-64 AVX2 + FMA */
    BASIS_BACKEND_AVX512 = 3, /* x86-64 AVX-512 F+VL+BW+DQ */
    BASIS_BACKEND_NEON = 4, /* aarch64 Advanced SIMD */
    BASIS_BACKEND_OPENCL = 5 /* an OpenCL device */
} basis_backend;

/* ---- version and errors ---------------------------------------------------------- */

BASIS_API const char *basis_version(void);
/* The last error of the calling thread as one sentence; "" when none yet. */
BASIS_API const char *basis_last_error(void);
/* The name of a status code, e.g. "BASIS_ERR_ARGUMENT". */
BASIS_API const char *basis_status_name(basis_status s);

/* ---- contexts ---------------------------------------------------------------------- */

/* A context fixes the backend, the thread count and the OpenCL device, and records the
 * timing of its last call. Every op takes one as first argument; NULL means the process
 * default context (backend AUTO, threads from the environment). A context may be used by
 * one thread at a time; distinct contexts may be used concurrently. */
typedef struct basis_ctx basis_ctx;

typedef struct basis_stats {
    basis_backend backend;   /* the backend the last call ran on */
    double total_seconds;    /* wall time of the last call, end to end */
    double kernel_seconds;   /* device kernel time (OpenCL) or compute time (CPU) */
    double transfer_seconds; /* host<->device transfer time (OpenCL); 0 on the CPU */
} basis_stats;

BASIS_API basis_status basis_ctx_create(basis_ctx **out);
BASIS_API void basis_ctx_destroy(basis_ctx *ctx);
/* Fails with BASIS_ERR_BACKEND if the backend is not usable here; the context keeps its old one. */
BASIS_API basis_status basis_ctx_set_backend(basis_ctx *ctx, basis_backend backend);
BASIS_API basis_status basis_ctx_get_backend(const basis_ctx *ctx, basis_backend *backend);
/* threads = 0 restores the default (BASIS_NUM_THREADS, OMP_NUM_THREADS, physical cores). */
BASIS_API basis_status basis_ctx_set_threads(basis_ctx *ctx, int threads);
BASIS_API basis_status basis_ctx_get_threads(const basis_ctx *ctx, int *threads);
/* Choose the OpenCL platform and device by index (as `basis info` lists them); -1, -1
 * restores the default (BASIS_OPENCL_DEVICE, else the first GPU, else the first device). */
BASIS_API basis_status basis_ctx_set_opencl_device(basis_ctx *ctx, int platform, int device);
/* Timing of the last call made with ctx (NULL: the last call of this thread on the default).
 * Wall time is read from the CPU's invariant cycle counter where there is one (its rate
 * measured against the monotonic clock during the process's first 10 ms), else from the
 * monotonic clock: a few nanoseconds per call instead of tens. */
BASIS_API basis_status basis_ctx_get_stats(const basis_ctx *ctx, basis_stats *stats);

/* "auto", "ref", "avx2", "avx512", "neon", "opencl". */
BASIS_API const char *basis_backend_name(basis_backend backend);
/* Parses a backend name (case-insensitive); an unknown name is BASIS_ERR_ARGUMENT. */
BASIS_API basis_status basis_backend_parse(const char *name, basis_backend *backend);
/* BASIS_OK if the backend is compiled in and supported by this machine. */
BASIS_API basis_status basis_backend_available(basis_backend backend);
/* The CPU backend AUTO resolves to on this machine, ignoring BASIS_BACKEND. */
BASIS_API basis_backend basis_backend_best_cpu(void);

/* ---- level 1 ------------------------------------------------------------------------
 * Increments follow BLAS: a negative increment walks the vector from its far end.
 * An increment of 0 is an argument error. n = 0 is a valid empty problem. */

BASIS_API basis_status basis_sdot(basis_ctx *ctx, int64_t n, const float *x, int64_t incx,
                                  const float *y, int64_t incy, float *result);
BASIS_API basis_status basis_ddot(basis_ctx *ctx, int64_t n, const double *x, int64_t incx,
                                  const double *y, int64_t incy, double *result);
/* Euclidean norm without overflow or underflow for any finite input (scaled, as BLAS). */
BASIS_API basis_status basis_snrm2(basis_ctx *ctx, int64_t n, const float *x, int64_t incx,
                                   float *result);
BASIS_API basis_status basis_dnrm2(basis_ctx *ctx, int64_t n, const double *x, int64_t incx,
                                   double *result);
/* y := alpha x + y */
BASIS_API basis_status basis_saxpy(basis_ctx *ctx, int64_t n, float alpha, const float *x,
                                   int64_t incx, float *y, int64_t incy);
BASIS_API basis_status basis_daxpy(basis_ctx *ctx, int64_t n, double alpha, const double *x,
                                   int64_t incx, double *y, int64_t incy);
/* x := alpha x; alpha == 0 writes zeros without reading x (so NaN there is cleared, unlike
 * reference BLAS's cblas_?scal, which basis's standard names follow). */
BASIS_API basis_status basis_sscal(basis_ctx *ctx, int64_t n, float alpha, float *x, int64_t incx);
BASIS_API basis_status basis_dscal(basis_ctx *ctx, int64_t n, double alpha, double *x, int64_t incx);

/* ---- level 2 and 3 ------------------------------------------------------------------
 * y := alpha op(A) x + beta y, A is m x n in the given layout.
 * C := alpha op(A) op(B) + beta C, C is m x n, op(A) m x k, op(B) k x n.
 * beta == 0 never reads y or C (NaN there does not propagate); alpha == 0 never reads A, B, x.
 * An empty inner dimension (k == 0, or gemv's op(A) with no columns) still scales the output
 * by beta, as the formula says; the standard names keep reference BLAS's quick return instead.
 * Leading dimensions: at least max(1, rows) in column major, max(1, cols) in row major. */

BASIS_API basis_status basis_sgemv(basis_ctx *ctx, basis_layout layout, basis_trans trans,
                                   int64_t m, int64_t n, float alpha, const float *a,
                                   int64_t lda, const float *x, int64_t incx, float beta,
                                   float *y, int64_t incy);
BASIS_API basis_status basis_dgemv(basis_ctx *ctx, basis_layout layout, basis_trans trans,
                                   int64_t m, int64_t n, double alpha, const double *a,
                                   int64_t lda, const double *x, int64_t incx, double beta,
                                   double *y, int64_t incy);
BASIS_API basis_status basis_sgemm(basis_ctx *ctx, basis_layout layout, basis_trans transa,
                                   basis_trans transb, int64_t m, int64_t n, int64_t k,
                                   float alpha, const float *a, int64_t lda, const float *b,
                                   int64_t ldb, float beta, float *c, int64_t ldc);
BASIS_API basis_status basis_dgemm(basis_ctx *ctx, basis_layout layout, basis_trans transa,
                                   basis_trans transb, int64_t m, int64_t n, int64_t k,
                                   double alpha, const double *a, int64_t lda, const double *b,
                                   int64_t ldb, double beta, double *c, int64_t ldc);

/* ---- LU ------------------------------------------------------------------------------
 * getrf: P A = L U with partial pivoting, A is m x n, overwritten by L (unit diagonal,
 * not stored) and U. ipiv has min(m, n) entries, 0-based: row i was swapped with ipiv[i].
 * An exactly singular A returns BASIS_ERR_SINGULAR with the factorization completed.
 * getrs: solves op(A) X = B with the factors from getrf; B is n x nrhs; a zero on U's
 * diagonal is BASIS_ERR_SINGULAR with B untouched. ipiv need not come from getrf: as in
 * LAPACK, rows i and ipiv[i] are swapped for i = 0 .. n-1 in turn, so any entry in [0, n)
 * is valid and one outside is an argument error. getri, as LAPACK's, applies the first n-1
 * (getrf always leaves ipiv[n-1] = n-1).
 * gesv: getrf + getrs; on BASIS_ERR_SINGULAR, A holds the factors and B is untouched.
 * getri: A := inverse(A) from getrf's factors; singular: error, A untouched.
 * det: sign (-1, 0 or +1) and log|det A| of a square A (A is not modified); a singular A
 * gives BASIS_OK with sign 0 and logabsdet -inf; NaN or Inf in A is an argument error.
 * Memory: getrf, getrs and gesv work in place, beside the GEMM's packing buffers and, for a
 * row-major A, a column-major copy of one m x 128 panel; getri needs n x 64 values of
 * workspace, not a second n x n matrix; det and det_value factor a copy of A because A is
 * const. */

BASIS_API basis_status basis_sgetrf(basis_ctx *ctx, basis_layout layout, int64_t m, int64_t n,
                                    float *a, int64_t lda, int64_t *ipiv);
BASIS_API basis_status basis_dgetrf(basis_ctx *ctx, basis_layout layout, int64_t m, int64_t n,
                                    double *a, int64_t lda, int64_t *ipiv);
BASIS_API basis_status basis_sgetrs(basis_ctx *ctx, basis_layout layout, basis_trans trans,
                                    int64_t n, int64_t nrhs, const float *a, int64_t lda,
                                    const int64_t *ipiv, float *b, int64_t ldb);
BASIS_API basis_status basis_dgetrs(basis_ctx *ctx, basis_layout layout, basis_trans trans,
                                    int64_t n, int64_t nrhs, const double *a, int64_t lda,
                                    const int64_t *ipiv, double *b, int64_t ldb);
BASIS_API basis_status basis_sgesv(basis_ctx *ctx, basis_layout layout, int64_t n, int64_t nrhs,
                                   float *a, int64_t lda, int64_t *ipiv, float *b, int64_t ldb);
BASIS_API basis_status basis_dgesv(basis_ctx *ctx, basis_layout layout, int64_t n, int64_t nrhs,
                                   double *a, int64_t lda, int64_t *ipiv, double *b, int64_t ldb);
BASIS_API basis_status basis_sgetri(basis_ctx *ctx, basis_layout layout, int64_t n, float *a,
                                    int64_t lda, const int64_t *ipiv);
BASIS_API basis_status basis_dgetri(basis_ctx *ctx, basis_layout layout, int64_t n, double *a,
                                    int64_t lda, const int64_t *ipiv);
BASIS_API basis_status basis_sdet(basis_ctx *ctx, basis_layout layout, int64_t n, const float *a,
                                  int64_t lda, float *sign, float *logabsdet);
BASIS_API basis_status basis_ddet(basis_ctx *ctx, basis_layout layout, int64_t n, const double *a,
                                  int64_t lda, double *sign, double *logabsdet);

/* det_value: det A itself for a square A (A is not modified); a singular A gives 0 and
 * BASIS_OK. When |det A| does not fit the type (above the largest finite value, or non-zero
 * below the smallest subnormal) the call returns BASIS_ERR_OVERFLOW, *det is untouched and
 * the message gives the sign and log|det|, which basis_?det returns for any A. NaN or Inf
 * in A is an argument error. */
BASIS_API basis_status basis_sdet_value(basis_ctx *ctx, basis_layout layout, int64_t n,
                                        const float *a, int64_t lda, float *det);
BASIS_API basis_status basis_ddet_value(basis_ctx *ctx, basis_layout layout, int64_t n,
                                        const double *a, int64_t lda, double *det);

/* ---- conditioning ----------------------------------------------------------------------
 * norm1: ||A||_1 = max_j sum_i |a(i,j)| of an m x n A (0 when empty, NaN if A holds NaN).
 * gecon: an estimate of the reciprocal condition number 1 / (||A||_1 ||inv(A)||_1) of a
 * square A, from getrf's factors in a (the pivots are not needed) and anorm = ||A||_1 of
 * the original A (basis_?norm1 before getrf), as LAPACK's ?gecon with norm '1'.
 * ||inv(A)||_1 is estimated by Hager's method with Higham's refinements (LAPACK's ?lacn2)
 * from a few solves with the factors: the estimate never exceeds the true norm, so rcond
 * is never below the true reciprocal condition number (up to rounding) and in practice
 * within a factor of 3 of it. A zero on U's diagonal, or a solve that overflows, gives
 * rcond = 0 with BASIS_OK; n = 0 gives 1; anorm = 0 gives 0; anorm must be finite, >= 0.
 * gesv_checked: gesv that also returns gecon's rcond for A. rcond below the unit roundoff
 * (2^-24 in s, 2^-53 in d: LAPACK's ?gesvx test) returns BASIS_ERR_ILL_CONDITIONED with
 * the solution written to B and the factors in A, so the caller learns why the answer may
 * be garbage. An exactly singular A is BASIS_ERR_SINGULAR as in gesv (factors in A, B
 * untouched) with *rcond = 0. Workspace: 3n values, allocated before anything is written. */

BASIS_API basis_status basis_snorm1(basis_ctx *ctx, basis_layout layout, int64_t m, int64_t n,
                                    const float *a, int64_t lda, float *result);
BASIS_API basis_status basis_dnorm1(basis_ctx *ctx, basis_layout layout, int64_t m, int64_t n,
                                    const double *a, int64_t lda, double *result);
BASIS_API basis_status basis_sgecon(basis_ctx *ctx, basis_layout layout, int64_t n,
                                    const float *a, int64_t lda, float anorm, float *rcond);
BASIS_API basis_status basis_dgecon(basis_ctx *ctx, basis_layout layout, int64_t n,
                                    const double *a, int64_t lda, double anorm, double *rcond);
BASIS_API basis_status basis_sgesv_checked(basis_ctx *ctx, basis_layout layout, int64_t n,
                                           int64_t nrhs, float *a, int64_t lda, int64_t *ipiv,
                                           float *b, int64_t ldb, float *rcond);
BASIS_API basis_status basis_dgesv_checked(basis_ctx *ctx, basis_layout layout, int64_t n,
                                           int64_t nrhs, double *a, int64_t lda,
                                           int64_t *ipiv, double *b, int64_t ldb,
                                           double *rcond);

/* ---- iterations ---------------------------------------------------------------------- */

typedef struct basis_iter_info {
    int64_t iterations; /* iterations performed */
    double residual;    /* the stopping criterion's value for what is returned:
                         * ||A v - lambda v|| / |lambda| of the pair written for power
                         * iteration, the L1 change for PageRank */
} basis_iter_info;

/* Dominant eigenpair of a square A by power iteration with the Rayleigh quotient.
 * v: n entries; on entry a start vector (all zeros: a fixed default start), on exit the
 * unit eigenvector. Stops when ||A v - lambda v|| <= tol |lambda|; tol > 0, max_iter >= 1.
 * No convergence: BASIS_ERR_NO_CONVERGENCE, and v and eigenvalue hold the best estimate,
 * the measured pair (one that belongs together) with the lowest residual in the run;
 * info->residual is its residual, info->iterations the iterations run. The message says
 * which case: "no dominant eigenvalue" when, as far as the iterates show, two or more
 * eigenvalues share the largest modulus (+-lambda, a complex pair such as a rotation);
 * otherwise "max_iter = N reached", with whether the residual was still falling. The run
 * always goes on to max_iter. A v = 0:
 * eigenvalue 0, BASIS_OK. NaN/Inf in A or v: argument error. */
BASIS_API basis_status basis_spower(basis_ctx *ctx, basis_layout layout, int64_t n,
                                    const float *a, int64_t lda, float tol, int64_t max_iter,
                                    float *v, float *eigenvalue, basis_iter_info *info);
BASIS_API basis_status basis_dpower(basis_ctx *ctx, basis_layout layout, int64_t n,
                                    const double *a, int64_t lda, double tol, int64_t max_iter,
                                    double *v, double *eigenvalue, basis_iter_info *info);

/* Eigenpair of a square A whose eigenvalue is nearest sigma (sigma = 0: smallest in
 * magnitude), by shifted inverse iteration: A - sigma I is factored once (LU, partial
 * pivoting), each iteration solves with it, lambda is the Rayleigh quotient v^T A v.
 * Stops when ||A v - lambda v|| <= tol ||A||_F (info->residual holds that ratio).
 * v: n entries, the start on entry (all zeros: a fixed default start), the unit
 * eigenvector on exit. sigma exactly an eigenvalue (A - sigma I singular) is not an error:
 * the zero pivot is replaced by eps max(||A||_F, |sigma|) and the first solve lands on its
 * eigenvector.
 * A = 0: eigenvalue 0, v the normalized start. A complex pair nearest sigma (a non-symmetric
 * A) never converges: BASIS_ERR_NO_CONVERGENCE at max_iter with the last estimate written.
 * Memory: two n x n copies (A and its LU). */
BASIS_API basis_status basis_seigen_shift(basis_ctx *ctx, basis_layout layout, int64_t n,
                                          const float *a, int64_t lda, float sigma, float tol,
                                          int64_t max_iter, float *v, float *eigenvalue,
                                          basis_iter_info *info);
BASIS_API basis_status basis_deigen_shift(basis_ctx *ctx, basis_layout layout, int64_t n,
                                          const double *a, int64_t lda, double sigma,
                                          double tol, int64_t max_iter, double *v,
                                          double *eigenvalue, basis_iter_info *info);

/* The k eigenpairs of largest magnitude of a symmetric A (0 <= k <= n), by power iteration
 * with deflation: pair j iterates the operator projected off pairs 0..j-1. values: k
 * entries sorted by magnitude, largest first; vectors: n x k in layout with leading
 * dimension ldv, orthonormal columns, column j belonging to values[j]. Each pair stops when
 * ||A v - lambda v|| <= tol ||A||_F or at max_iter (iterations per pair); info: iterations
 * of all pairs, the worst residual ratio. A not symmetric (beyond 64 eps max|a|): argument
 * error naming the entry. Eigenvalues of equal magnitude and opposite sign (lambda, -lambda)
 * never converge: BASIS_ERR_NO_CONVERGENCE with every pair written. Memory: one n x n copy. */
BASIS_API basis_status basis_seigen_sym_topk(basis_ctx *ctx, basis_layout layout, int64_t n,
                                             const float *a, int64_t lda, int64_t k, float tol,
                                             int64_t max_iter, float *values, float *vectors,
                                             int64_t ldv, basis_iter_info *info);
BASIS_API basis_status basis_deigen_sym_topk(basis_ctx *ctx, basis_layout layout, int64_t n,
                                             const double *a, int64_t lda, int64_t k,
                                             double tol, int64_t max_iter, double *values,
                                             double *vectors, int64_t ldv,
                                             basis_iter_info *info);

/* A directed graph in compressed sparse rows: the out-edges of node i are
 * targets[offsets[i] .. offsets[i+1]-1]; offsets has n+1 entries, offsets[0] == 0. */
typedef struct basis_csr {
    int64_t n;
    const int64_t *offsets;
    const int64_t *targets;
} basis_csr;

/* PageRank with damping d in [0, 1), uniform teleport, the rank of dangling nodes spread
 * uniformly, start 1/n; stops when the L1 change between iterates is below tol (not scaled
 * by n). ranks: n entries, summing to 1. At max_iter: ranks written, BASIS_ERR_NO_CONVERGENCE. */
BASIS_API basis_status basis_spagerank(basis_ctx *ctx, const basis_csr *graph, float damping,
                                       float tol, int64_t max_iter, float *ranks,
                                       basis_iter_info *info);
BASIS_API basis_status basis_dpagerank(basis_ctx *ctx, const basis_csr *graph, double damping,
                                       double tol, int64_t max_iter, double *ranks,
                                       basis_iter_info *info);

/* ---- graphs (PageRank's own representation) -------------------------------------------
 * A basis_graph holds a directed graph once, in the form PageRank pulls from: the in-edges
 * of every node (sliced ELLPACK, 32-bit indices: 4 bytes per edge plus padding, about 1 %
 * on web graphs) and the out-degree of every node.
 * Built from an edge list, from an out-edge basis_csr, or loaded from a file; immutable
 * afterwards, so it may be shared by threads. Self-loops count as edges; repeated edges
 * count as many times as they appear. */
typedef struct basis_graph basis_graph;

/* Edge list src[e] -> dst[e], e < nedges, node ids in [0, n). undirected != 0 adds both
 * directions of every edge (a self-loop once). */
BASIS_API basis_status basis_graph_from_edges(int64_t n, const int64_t *src, const int64_t *dst,
                                              int64_t nedges, int undirected, basis_graph **out);
BASIS_API basis_status basis_graph_from_csr(const basis_csr *csr, basis_graph **out);

typedef enum basis_graph_format {
    BASIS_GRAPH_AUTO = 0,   /* from the name: .mtx -> Matrix Market, else an edge list */
    BASIS_GRAPH_EDGELIST = 1, /* "src dst" per line (tab or spaces), '#' or '%' comments, gzip ok */
    BASIS_GRAPH_MTX = 2     /* Matrix Market coordinate, pattern/real/integer, general/symmetric */
} basis_graph_format;

/* Loads a graph file. Edge lists: node ids are taken as given (0-based) when dense, else
 * (sparse ids) renumbered in order of first appearance, with the map kept (see
 * basis_graph_node_id). Matrix Market: 1-based, entry (i, j) is an edge i -> j, symmetric
 * means both directions. undirected != 0 adds both directions. BASIS_ERR_IO when the file
 * cannot be read, BASIS_ERR_FORMAT naming the file and line of a malformed line; a size
 * the file cannot back is refused before allocating. */
BASIS_API basis_status basis_graph_load(const char *path, basis_graph_format format,
                                        int undirected, basis_graph **out);
BASIS_API void basis_graph_destroy(basis_graph *g);
BASIS_API int64_t basis_graph_nodes(const basis_graph *g);
BASIS_API int64_t basis_graph_edges(const basis_graph *g);
/* The id a node had in the file it was loaded from: itself for an edge list whose ids were
 * kept, its 1-based row for Matrix Market, the file's id when renumbered; -1 for no node.
 * A graph built in memory numbers its nodes from 0. */
BASIS_API int64_t basis_graph_node_id(const basis_graph *g, int64_t node);

typedef struct basis_pagerank_opts {
    double damping;              /* in [0, 1); 0.85 usual */
    double tol;                  /* stop when the L1 change between iterates < tol (not scaled by n) */
    int64_t max_iter;            /* >= 1 */
    const double *personalize;   /* NULL: uniform teleport; else n finite non-negative
                                  * weights whose sum is finite and > 0 (normalized
                                  * internally); dangling rank follows it too */
} basis_pagerank_opts;

/* PageRank on a basis_graph; ranks (n entries) sum to 1. No allocation per iteration. */
BASIS_API basis_status basis_spagerank_graph(basis_ctx *ctx, const basis_graph *g,
                                             const basis_pagerank_opts *opts, float *ranks,
                                             basis_iter_info *info);
BASIS_API basis_status basis_dpagerank_graph(basis_ctx *ctx, const basis_graph *g,
                                             const basis_pagerank_opts *opts, double *ranks,
                                             basis_iter_info *info);

/* ---- the course: vectors, bases, independence, Einstein summation ---------------------
 * Operations of an introductory linear algebra course, each on the SIMD kernels of the
 * backend in force; docs/course.md gives the semantics and every tolerance. Vectors follow
 * the level-1 rules (BLAS increments, n = 0 valid); sets of vectors are the k columns of an
 * n x k matrix in the given layout. A zero vector where a direction is needed (angle,
 * projection onto it) is an argument error, never NaN.
 * eps below is the machine epsilon of the precision (2^-23 in s, 2^-52 in d). */

/* The angle between x and y in radians, in [0, pi], as 2 atan2(||x/|x| - y/|y|||,
 * ||x/|x| + y/|y|||): accurate to a few eps even for nearly parallel or opposite vectors,
 * where acos of the cosine loses half the digits. */
BASIS_API basis_status basis_sangle(basis_ctx *ctx, int64_t n, const float *x, int64_t incx,
                                    const float *y, int64_t incy, float *radians);
BASIS_API basis_status basis_dangle(basis_ctx *ctx, int64_t n, const double *x, int64_t incx,
                                    const double *y, int64_t incy, double *radians);
/* Scalar projection of x onto y, x . y / ||y||, and vector projection (x . u) u with
 * u = y / ||y|| written to p (n entries at incp). ||x|| is basis_?nrm2, x . y basis_?dot.
 * Both (and the angle) work on x and y scaled by powers of two, so vectors of any finite
 * magnitude work, subnormal ones included; a result beyond the type's range (a scalar
 * projection past 1.8e308 of a long vector near it) is BASIS_ERR_OVERFLOW, nothing
 * written. */
BASIS_API basis_status basis_sscalar_projection(basis_ctx *ctx, int64_t n, const float *x,
                                                int64_t incx, const float *y, int64_t incy,
                                                float *result);
BASIS_API basis_status basis_dscalar_projection(basis_ctx *ctx, int64_t n, const double *x,
                                                int64_t incx, const double *y, int64_t incy,
                                                double *result);
BASIS_API basis_status basis_svector_projection(basis_ctx *ctx, int64_t n, const float *x,
                                                int64_t incx, const float *y, int64_t incy,
                                                float *p, int64_t incp);
BASIS_API basis_status basis_dvector_projection(basis_ctx *ctx, int64_t n, const double *x,
                                                int64_t incx, const double *y, int64_t incy,
                                                double *p, int64_t incp);

/* Change of basis. coords_orthogonal: the coordinates C (k x nv) of the nv columns of V
 * (n x nv) in the pairwise orthogonal columns of B (n x k, k <= n) by projection,
 * c(i,j) = b_i . v_j / b_i . b_i (a v outside span(B) gets the coordinates of its orthogonal
 * projection); a zero column of B, or two columns with |b_i . b_j| > 16 n eps |b_i| |b_j|,
 * is an argument error naming them (B is checked even when nv = 0). Each column is scaled
 * by a power of two first (exact), so columns of any finite size work, 1e-300 or 1e300;
 * memory: that n x k copy of B and the k x k Gram matrix. coords: the coordinates C
 * (n x nv) of V in a general basis, the columns of a square B, by solving B C = V (LU with
 * partial pivoting, as basis_?gesv_checked): dependent columns are BASIS_ERR_SINGULAR
 * with C untouched, a B singular to working precision BASIS_ERR_ILL_CONDITIONED with C
 * written.
 * basis_transform: T (n x n) with T c = the coordinates in basis `to` of the vector whose
 * coordinates in basis `from` are c, i.e. T = to^-1 from (statuses as coords). */
BASIS_API basis_status basis_scoords_orthogonal(basis_ctx *ctx, basis_layout layout, int64_t n,
                                                int64_t k, const float *b, int64_t ldb,
                                                int64_t nv, const float *v, int64_t ldv,
                                                float *c, int64_t ldc);
BASIS_API basis_status basis_dcoords_orthogonal(basis_ctx *ctx, basis_layout layout, int64_t n,
                                                int64_t k, const double *b, int64_t ldb,
                                                int64_t nv, const double *v, int64_t ldv,
                                                double *c, int64_t ldc);
BASIS_API basis_status basis_scoords(basis_ctx *ctx, basis_layout layout, int64_t n,
                                     const float *b, int64_t ldb, int64_t nv, const float *v,
                                     int64_t ldv, float *c, int64_t ldc);
BASIS_API basis_status basis_dcoords(basis_ctx *ctx, basis_layout layout, int64_t n,
                                     const double *b, int64_t ldb, int64_t nv, const double *v,
                                     int64_t ldv, double *c, int64_t ldc);
BASIS_API basis_status basis_sbasis_transform(basis_ctx *ctx, basis_layout layout, int64_t n,
                                              const float *from, int64_t ldf, const float *to,
                                              int64_t ldt, float *t, int64_t ld);
BASIS_API basis_status basis_dbasis_transform(basis_ctx *ctx, basis_layout layout, int64_t n,
                                              const double *from, int64_t ldf,
                                              const double *to, int64_t ldt, double *t,
                                              int64_t ld);

/* Independence of the k columns of the n x k A. Lengths do not matter: every column is
 * scaled to unit length first. rank: Householder QR with column pivoting (the column of
 * largest remaining norm next) stops when that norm, the distance of every remaining unit
 * column to the span of the chosen ones, is <= rtol; rtol < 0 selects the default
 * 16 max(n, k) eps. gram_schmidt: modified Gram-Schmidt in column order, each column
 * orthogonalized twice (a third time when the second pass still removes more than half of
 * it), so Q^T Q = I to a few eps even for ill-conditioned A; column j is dependent when the
 * part left after orthogonalization is <= rtol of its length (same default). Q (n x k, ldq)
 * gets the rank orthonormal columns in order, then zero columns. Both return the rank and,
 * when dependent is not NULL, dependent[j] = 1 for each column left out (a zero column
 * always), 0 for the columns kept, which form a basis of the span. */
BASIS_API basis_status basis_srank(basis_ctx *ctx, basis_layout layout, int64_t n, int64_t k,
                                   const float *a, int64_t lda, float rtol, int64_t *rank,
                                   int *dependent);
BASIS_API basis_status basis_drank(basis_ctx *ctx, basis_layout layout, int64_t n, int64_t k,
                                   const double *a, int64_t lda, double rtol, int64_t *rank,
                                   int *dependent);
BASIS_API basis_status basis_sgram_schmidt(basis_ctx *ctx, basis_layout layout, int64_t n,
                                           int64_t k, const float *a, int64_t lda, float rtol,
                                           float *q, int64_t ldq, int64_t *rank,
                                           int *dependent);
BASIS_API basis_status basis_dgram_schmidt(basis_ctx *ctx, basis_layout layout, int64_t n,
                                           int64_t k, const double *a, int64_t lda,
                                           double rtol, double *q, int64_t ldq, int64_t *rank,
                                           int *dependent);

/* Einstein summation with numpy's subscript language: "ij,jk->ik" (explicit output) or
 * "ij,jk" (implicit: the letters seen once, in ASCII order); letters a-z and A-Z, spaces
 * ignored, no ellipsis. A letter repeated within an operand takes its diagonal; a letter
 * absent from the output is summed. Operands and output are strided tensors: ndim sizes and
 * ndim strides in elements (any sign, 0 broadcasts in an operand; NULL: contiguous row
 * major). out must have the output's shape, non-zero strides where its size exceeds 1 and
 * no overlap with the operands; it is overwritten (never read). Two or more operands are
 * contracted pairwise, each time the pair with the smallest result; a contraction with a
 * GEMM shape runs on basis_?gemm, others on a strided loop (s accumulates in double). Bad
 * subscripts are an argument error naming the position (0-based) in the string. */
#define BASIS_EINSUM_MAX_DIMS 64 /* axes of one operand; at most 52 distinct letters */
#define BASIS_EINSUM_MAX_OPS 64

typedef struct basis_stensor {
    int64_t ndim;
    const int64_t *shape;
    const int64_t *strides;
    float *data; /* operands are only read */
} basis_stensor;

typedef struct basis_dtensor {
    int64_t ndim;
    const int64_t *shape;
    const int64_t *strides;
    double *data; /* operands are only read */
} basis_dtensor;

BASIS_API basis_status basis_seinsum(basis_ctx *ctx, const char *subscripts, int64_t nops,
                                     const basis_stensor *ops, const basis_stensor *out);
BASIS_API basis_status basis_deinsum(basis_ctx *ctx, const char *subscripts, int64_t nops,
                                     const basis_dtensor *ops, const basis_dtensor *out);
/* The output's rank and shape (out_shape: room for 52) for operands of the given ranks and
 * shapes; the same subscript errors as einsum. */
BASIS_API basis_status basis_einsum_shape(const char *subscripts, int64_t nops,
                                          const int64_t *ndims, const int64_t *const *shapes,
                                          int64_t *out_ndim, int64_t *out_shape);

#ifdef __cplusplus
}
#endif

#endif /* BASIS_H */
