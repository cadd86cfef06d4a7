/* internal.h: what every host file shares: error reporting, argument checks, the dispatch call. */
#ifndef BASIS_HOST_INTERNAL_H
#define BASIS_HOST_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "basis.h"
#include "ukernel.h"

#if defined(__GNUC__)
#define BASIS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define BASIS_PRINTF(f, a)
#endif

/* ---- errors (host/status.c) -------------------------------------------------------- */

/* Stores a sentence as this thread's last error and returns s, so that a check reads
 * `return basis_fail(BASIS_ERR_ARGUMENT, "%s: n = %lld is negative", fn, n);`. */
basis_status basis_fail(basis_status s, const char *fmt, ...) BASIS_PRINTF(2, 3);
/* Optional log line on stderr, only when BASIS_VERBOSE is set (the library never prints
 * otherwise). */
void basis_log(const char *fmt, ...) BASIS_PRINTF(1, 2);
int basis_verbose(void);

/* ---- argument checks (host/check.c) -----------------------------------------------
 * Each returns BASIS_OK or fails with BASIS_ERR_ARGUMENT and a sentence that names the
 * function fn, the argument and its value. */

basis_status basis_check_size(const char *fn, const char *name, int64_t v);
basis_status basis_check_layout(const char *fn, basis_layout layout);
basis_status basis_check_trans(const char *fn, const char *name, basis_trans trans);
/* A pointer may be NULL only when the object it describes is empty. */
basis_status basis_check_ptr(const char *fn, const char *name, const void *p, int64_t count);
/* n entries at increment inc (non-zero), pointer non-NULL when n > 0, extent fits. */
basis_status basis_check_vector(const char *fn, const char *name, const void *p, int64_t n,
                                int64_t inc, const char *incname, size_t elem);
/* A rows x cols matrix stored in layout with leading dimension ld: ld >= max(1, rows) in
 * column major, >= max(1, cols) in row major; pointer non-NULL when non-empty; the extent
 * ld * (outer - 1) + inner, times elem, fits in int64 and size_t. */
basis_status basis_check_matrix(const char *fn, const char *name, const char *ldname,
                                const void *p, basis_layout layout, int64_t rows,
                                int64_t cols, int64_t ld, size_t elem);
/* rows * cols * elem fits in int64 and size_t (for workspaces). */
basis_status basis_check_alloc(const char *fn, const char *what, int64_t rows, int64_t cols,
                               size_t elem);
/* An iteration's stopping rule: tol > 0 and finite (0 could only be met by exact
 * arithmetic), max_iter >= 1. */
basis_status basis_check_iteration(const char *fn, double tol, int64_t max_iter);
/* Pivots of an n x n matrix's factors: ipiv[i] a row in [0, n), as LAPACK's laswp reads
 * them (getrf's own are in [i, n)). */
basis_status basis_check_ipiv(const char *fn, const int64_t *ipiv, int64_t n);
/* Fails naming the first entry of the rows x cols matrix that is NaN or Inf. */
basis_status basis_check_finite_s(const char *fn, const char *name, const float *a, int64_t rs,
                                  int64_t cs, int64_t rows, int64_t cols);
basis_status basis_check_finite_d(const char *fn, const char *name, const double *a,
                                  int64_t rs, int64_t cs, int64_t rows, int64_t cols);

/* The largest |a(i, j)| of a rows x cols matrix at strides rs, cs (a vector: cols = 1), and
 * the exponent e that brings x > 0 into [1, 2) as x 2^-e (0 for x = 0): the power of two
 * the ops that scale their input (exact) divide by (host/scale.c). */
float basis_max_abs_s(int64_t rows, int64_t cols, const float *a, int64_t rs, int64_t cs);
double basis_max_abs_d(int64_t rows, int64_t cols, const double *a, int64_t rs, int64_t cs);
int basis_unit_exponent(double x);

/* Row and column strides of a matrix stored in layout with leading dimension ld, as seen
 * after op (transposed swaps them). */
static inline void basis_strides(basis_layout layout, int transposed, int64_t ld, int64_t *rs,
                                 int64_t *cs)
{
    int64_t r = layout == BASIS_COL_MAJOR ? 1 : ld;
    int64_t c = layout == BASIS_COL_MAJOR ? ld : 1;
    *rs = transposed ? c : r;
    *cs = transposed ? r : c;
}

/* A stride that never reaches an element (that of the one row or column of a matrix, the
 * increment of a vector of one entry) may validly be anything up to INT64_MAX; a kernel
 * that steps its pointer by it once past the end would then wrap the address space
 * (undefined behaviour, though never dereferenced). The entry points replace such a stride
 * by the smallest valid one: rows x cols seen with strides (rs, cs), one of them 1. */
static inline void basis_tame_strides(int64_t rows, int64_t cols, int64_t *rs, int64_t *cs)
{
    if (cols <= 1 && *rs == 1)
        *cs = rows > 1 ? rows : 1;
    if (rows <= 1 && *cs == 1)
        *rs = cols > 1 ? cols : 1;
}

/* The same for a vector's increment. */
static inline int64_t basis_tame_inc(int64_t n, int64_t inc)
{
    return n <= 1 ? 1 : inc;
}

/* Offset of logical element 0 of an n-vector with BLAS increment inc: a negative
 * increment starts at the far end. */
static inline int64_t basis_vec_origin(int64_t n, int64_t inc)
{
    return (inc < 0 && n > 0) ? -(n - 1) * inc : 0;
}

/* ---- dispatch (host/dispatch.c) ------------------------------------------------------ */

/* One slot per kernel of ukernel.h. Every target starts as a copy of ref and overrides
 * slots, so no slot is ever empty. */
typedef struct basis_kernels {
    basis_sdot_fn *sdot;
    basis_ddot_fn *ddot;
    basis_snrm2_fn *snrm2;
    basis_dnrm2_fn *dnrm2;
    basis_saxpy_fn *saxpy;
    basis_daxpy_fn *daxpy;
    basis_sscal_fn *sscal;
    basis_dscal_fn *dscal;
    basis_sgemv_fn *sgemv;
    basis_dgemv_fn *dgemv;
    basis_sgemm_fn *sgemm;
    basis_dgemm_fn *dgemm;
    basis_sgemm_ukr sgemm_ukr; /* fn NULL (ref): sgemm runs the strided kernel above */
    basis_dgemm_ukr dgemm_ukr;
    basis_sgemm_small_fn *sgemm_small; /* NULL: small problems go through the blocked path */
    basis_dgemm_small_fn *dgemm_small;
    basis_sgetrf_fn *sgetrf;
    basis_dgetrf_fn *dgetrf;
    basis_sgetrs_fn *sgetrs;
    basis_dgetrs_fn *dgetrs;
    basis_sspmv_sell8_fn *sspmv_sell8;
    basis_dspmv_sell8_fn *dspmv_sell8;
    basis_spagerank_update_fn *spagerank_update;
    basis_dpagerank_update_fn *dpagerank_update;
} basis_kernels;

/* A call's start on the cheap clock of call_clock.c; sec is CLOCK_MONOTONIC too while
 * that clock's rate is still being measured (else -1). */
typedef struct basis_stamp {
    int64_t ticks;
    double sec;
} basis_stamp;
basis_stamp basis_stamp_now(void);
/* Seconds since t0. */
double basis_stamp_seconds(basis_stamp t0);

/* What one public call runs on, resolved from its context by basis_call_begin. */
typedef struct basis_call {
    const basis_kernels *k; /* CPU kernels of the chosen target */
    basis_backend backend;  /* the backend chosen (never AUTO) */
    int threads;            /* threads the call may use */
    basis_stamp t0;         /* start time, for the context's stats */
    int automatic;          /* nobody forced the backend: AUTO may send the op to a GPU */
} basis_call;

/* Resolves ctx (NULL: the process default) for op fn: fails with BASIS_ERR_BACKEND when
 * the context's backend or BASIS_BACKEND is unknown, unsupported here, or has no
 * implementation of this op. Logs the choice under BASIS_VERBOSE. */
basis_status basis_call_begin(basis_ctx *ctx, const char *fn, basis_call *call);
/* The same for an op of known size: flops is its floating-point work, which lets AUTO
 * leave a problem below every measured device threshold on the CPU without consulting
 * the device policy (basis_call_begin: the work is not known). */
basis_status basis_call_begin_sized(basis_ctx *ctx, const char *fn, double flops,
                                    basis_call *call);
/* Records the call's timing in ctx's stats. Returns s, so a call ends with
 * `return basis_call_end(ctx, &call, s);`. */
basis_status basis_call_end(basis_ctx *ctx, const basis_call *call, basis_status s);
/* The call itself on a CPU backend; on opencl, the same call on the best CPU target, for
 * the host parts of a device op (its kernel table's GEMM slots are the device launchers,
 * which a host-side chain of small solves must not reach). */
basis_call basis_call_host(const basis_call *call);

/* ---- the eigen ops' device (host/eigen_device.c) --------------------------------------
 * On a forced opencl backend, A (ac, column-major n x n) and for the shift its LU go to the
 * device once; *dev is NULL elsewhere, and the CPU paths run. */
basis_status basis_eigen_device_open(const basis_call *call, const char *fn, int elem,
                                     int64_t n, const void *ac, const void *lu,
                                     const int64_t *ipiv, void **dev);
void basis_eigen_device_close(void *dev);

/* Monotonic seconds. */
double basis_now(void);

/* The cache directory (host/cache_dir.c): $XDG_CACHE_HOME/basis (an absolute one only, as
 * the XDG spec says), else $HOME/.cache/basis, with "/sub" appended when sub is not NULL;
 * 0 when neither variable is usable or the path does not fit. */
int basis_cache_dir(const char *sub, char *buf, size_t size);
/* mkdir -p; 0 on failure (errno says why). */
int basis_make_dirs(const char *dir);

/* Allocation used by every host file: 64-byte aligned, NULL on failure or a zero size
 * request overflow; the test-only fault hook can make it fail. */
void *basis_alloc(size_t bytes);
/* realloc through the same hook (no alignment beyond malloc's), for arrays that grow;
 * basis_free releases its blocks too. */
void *basis_realloc(void *p, size_t bytes);
void basis_free(void *p);

/* TEST-ONLY fault hook (host/alloc.c), hidden from the shared library's exports: after
 * basis_test_fail_alloc_after(n) the next n allocations (basis_alloc, basis_realloc)
 * succeed and every later one fails, until it is called again; n < 0 turns it off.
 * basis_test_alloc_live counts the blocks allocated and not yet freed, so a test can see
 * that a failed call leaked nothing (tests/test_fault_alloc.c). Not for programs: the
 * hook is process-wide. */
void basis_test_fail_alloc_after(int64_t n);
int64_t basis_test_alloc_live(void);
/* The allocations the hook has failed since it was last set. */
int64_t basis_test_alloc_failed(void);

/* Per-thread scratch that repeated calls reuse (host/workspace.c): a buffer of at least
 * `bytes` for this thread and slot, kept until the thread exits (then freed), or NULL when
 * memory runs out. One slot per distinct use, so two users never share a buffer. */
typedef enum basis_ws_slot {
    BASIS_WS_GEMM_A_S,
    BASIS_WS_GEMM_B_S,
    BASIS_WS_GEMM_A_D,
    BASIS_WS_GEMM_B_D,
    BASIS_WS_COUNT
} basis_ws_slot;

void *basis_workspace(basis_ws_slot slot, size_t bytes);

#endif /* BASIS_HOST_INTERNAL_H */
