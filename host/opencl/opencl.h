/* opencl.h: the OpenCL backend's internal interface: discovery, the per-device runtime, programs and their cache, GEMM parameters, test hooks. */
#ifndef BASIS_HOST_OPENCL_H
#define BASIS_HOST_OPENCL_H

#include <stdint.h>

#include "internal.h"

typedef struct basis_cl_device_info {
    int platform, device; /* indices as BASIS_OPENCL_DEVICE=platform:device takes them */
    char platform_name[128];
    char platform_version[128];
    char name[128];
    char vendor[128];
    char version[128];        /* CL_DEVICE_VERSION */
    char driver[64];          /* CL_DRIVER_VERSION */
    int is_gpu;
    int compute_units;
    int64_t global_mem_bytes;
    int64_t max_alloc_bytes;
    int64_t local_mem_bytes;
    int64_t max_work_group;
    int fp64;                 /* double precision supported */
} basis_cl_device_info;

/* Fills up to max entries and sets *count to the number of devices found (0 with BASIS_OK
 * when the loader finds no platform). BASIS_ERR_BACKEND when built without OpenCL. */
basis_status basis_opencl_devices(basis_cl_device_info *out, int max, int *count);

/* The device the default policy picks: BASIS_OPENCL_DEVICE, else the first GPU, else the
 * first device; -1 when there is none. An invalid BASIS_OPENCL_DEVICE is an argument error. */
basis_status basis_opencl_default_device(const basis_cl_device_info *devs, int count, int *index);
/* Whether a device or vendor name contains part, ignoring case (the parameter database and
 * AUTO's measured list match names this way). */
int basis_cl_name_has(const char *name, const char *part);
/* The largest power of two <= want that the device's work-groups allow (>= 1), for kernels
 * whose work-group size is a choice. */
int basis_cl_group_size(const basis_cl_device_info *info, int want);
/* The pack kernels' work-group: 8 x 8, or a smaller power-of-two shape the device allows;
 * each side divides 8, so launch ranges rounded up to 8 stay multiples of it. */
void basis_cl_pack_group(const basis_cl_device_info *info, size_t lo[2]);

#ifdef BASIS_WITH_OPENCL
#include <CL/cl.h>

/* basis_opencl_devices with the platform and device ids beside the descriptions (either
 * may be NULL). */
basis_status basis_cl_enumerate(basis_cl_device_info *out, cl_platform_id *pids,
                                cl_device_id *ids, int max, int *count);

/* ---- runtime (runtime.c) -------------------------------------------------------------
 * One context and one profiling queue per device, created on first use and kept for the
 * life of the process (thread-safe). A call holds its device's lock from acquire to
 * release, so calls on one device run one after the other. */
typedef struct basis_cl_device basis_cl_device;

/* The device for a call: (platform, device) when both are >= 0 (a context's choice), else
 * the default policy; created on first use. BASIS_ERR_BACKEND when there is no platform or
 * no such device, BASIS_ERR_DEVICE when the runtime fails. The device comes back locked. */
basis_status basis_cl_acquire(const char *fn, int platform, int device, basis_cl_device **out);
void basis_cl_release(basis_cl_device *d);
const basis_cl_device_info *basis_cl_info(const basis_cl_device *d);
cl_context basis_cl_context(const basis_cl_device *d);
cl_command_queue basis_cl_queue(const basis_cl_device *d);
cl_device_id basis_cl_device_id(const basis_cl_device *d);
/* The description of the device a call would use (as acquire chooses it) without opening
 * it; NULL when there is none or the choice is invalid (no message is set). */
const basis_cl_device_info *basis_cl_peek(int platform, int device);
/* BASIS_OK when at least one device exists; else BASIS_ERR_BACKEND with a sentence. */
basis_status basis_cl_check_available(const char *who);
/* "CL_OUT_OF_RESOURCES (-5)" for messages. */
const char *basis_cl_error_name(cl_int err);

/* The allocation limits of a device (a test hook may lower them). */
int64_t basis_cl_max_alloc(const basis_cl_device *d);
int64_t basis_cl_global_mem(const basis_cl_device *d);
/* Every buffer a call will make (bytes[i], named names[i]) against the device's largest
 * allocation, and their sum (named all) against its global memory, before any is made:
 * BASIS_ERR_DEVICE naming the first that does not fit. */
basis_status basis_cl_check_fit(const char *fn, const basis_cl_device *d, const int64_t *bytes,
                                const char *const *names, int count, const char *all);
/* BASIS_OK when the device computes in elem-byte floats (8: it has cl_khr_fp64), else
 * BASIS_ERR_BACKEND saying so, for op fn. */
basis_status basis_cl_check_precision(const char *fn, const basis_cl_device *d, int elem);
/* The profiled run time of a finished command, 0 when the queue gives none. */
double basis_cl_event_seconds(cl_event ev);

/* ---- ops on the device (dispatch.c asks) ----------------------------------------------- */

/* Whether public op fn has an OpenCL implementation ("basis_sgemm", "basis_dgemm"). */
int basis_cl_has_op(const char *fn);
/* Those ops, comma-separated, for messages. */
void basis_cl_ops_list(char *buf, size_t size);
/* PageRank (elem 4: float ranks, 8: double) on the call's device (pagerank_cl.c), after
 * basis_?pagerank_run checked the arguments; psum as there. The call's times go into the
 * thread's basis_cl_call. */
basis_status basis_cl_pagerank(const char *fn, int elem, const basis_graph *g,
                               const basis_pagerank_opts *opts, double psum, void *ranks,
                               basis_iter_info *info);
/* Power iteration (elem 4: float, 8: double) on the call's device (power_cl.c), after
 * basis_?power checked the arguments and scaled A: the n x n matrix a with strides rs, cs
 * (one of them 1), x the unit start vector on entry. Each iteration's numbers go to the
 * watch *pw (host/power_watch.h), which decides when to stop and keeps the best pair's
 * number; on BASIS_OK x holds that pair's vector. No convergence is BASIS_OK here (the
 * caller words the status from the watch, as for its CPU loop). Times go into the
 * thread's basis_cl_call. */
struct basis_power_watch;
basis_status basis_cl_power(const char *fn, int elem, int64_t n, const void *a, int64_t rs,
                            int64_t cs, struct basis_power_watch *pw, void *x);
/* The kernel table a call forced onto OpenCL gets: the best CPU table with the GEMM slots
 * replaced by the device launchers (the others are never reached: ops without a device
 * implementation are refused before they run). */
const basis_kernels *basis_cl_kernels(void);
/* The thread's current device call: set by dispatch before the op, read after it (the
 * kernel slots have no status, so the launchers leave theirs here). */
typedef struct basis_cl_call {
    int platform, device;  /* the context's device choice; -1, -1: the default */
    const char *fn;
    basis_status status;
    double kernel_seconds, transfer_seconds;
    int c_touched;         /* the device path began writing the caller's C (or LU's A, B) */
    int automatic;         /* AUTO: the op may go to a GPU by size (auto.c) */
    int ran_on_device;     /* ... and it did */
    basis_call cpu_call;   /* AUTO: the CPU call to run otherwise */
} basis_cl_call;
basis_cl_call *basis_cl_current(void);

/* ---- AUTO (auto.c) -------------------------------------------------------------------
 * Under AUTO, GEMM goes to the default OpenCL device when it is a GPU with a measured
 * threshold (docs/gpu.md) and the product is large enough; a device failure before C is
 * touched falls back to the CPU with a log line. Returns the kernel table for the call
 * (cpu unchanged for other ops) and prepares the thread's basis_cl_call. */
const basis_kernels *basis_cl_auto_kernels(basis_ctx *ctx, const char *fn, const basis_call *cpu);
/* 0 when an op of this many flops is below every threshold AUTO could send to a device
 * (then basis_cl_auto_kernels would return the CPU table anyway); 1 otherwise. */
int basis_cl_auto_may_take(double flops);
/* TEST-ONLY: min_flops > 0 lets any device type (PoCL) qualify from 2mnk >= min_flops,
 * without the size floor (and LU, power iteration and PageRank from their work, below);
 * 0 restores the measured policy. */
void basis_cl_test_auto(double min_flops);

/* The other ops with a device path (LU, power iteration, PageRank). flops is the op's
 * work: 2n^3/3 for an n x n LU, 2n^2 per iteration of power iteration, 2 per edge per
 * PageRank iteration. 1 when the call goes to the device: forced opencl, or AUTO
 * (call->automatic) with a GPU whose vendor has a measured threshold for op at or below
 * flops (docs/gpu.md), the thread's basis_cl_call then prepared for it. */
typedef enum basis_cl_auto_op { BASIS_CL_AUTO_LU, BASIS_CL_AUTO_POWER,
                                BASIS_CL_AUTO_PAGERANK } basis_cl_auto_op;
int basis_cl_op_on_device(basis_ctx *ctx, const basis_call *call, const char *fn,
                          basis_cl_auto_op op, double flops);
/* After the device's attempt returned *s: 1 when the CPU is to run the op instead (AUTO,
 * and the device failed before writing any of the caller's outputs: logged and forgotten,
 * *s back to BASIS_OK), 0 when *s stands (the call counts as the device's). */
int basis_cl_op_fall_back(const basis_call *call, basis_status *s);

/* ---- programs (program.c) ------------------------------------------------------------
 * The built program of an embedded kernels/opencl/<name>.cl with the given -D options:
 * from this process's table, else the on-disk binary cache (validated), else built from
 * source and stored. A build failure is BASIS_ERR_DEVICE with the build log in the
 * message. The device must be held (acquired). The program belongs to the device. */
basis_status basis_cl_program(const char *fn, basis_cl_device *d, const char *name,
                              const char *options, cl_program *out);
/* Drops the device's programs (release_all uses it). */
void basis_cl_programs_free(basis_cl_device *d);

/* The embedded sources (generated at build time from kernels/opencl/ *.cl). */
typedef struct basis_cl_source {
    const char *name;
    const char *text;
} basis_cl_source;
extern const basis_cl_source basis_cl_sources[];
extern const int basis_cl_source_count;

/* ---- GEMM parameters (params.c) ------------------------------------------------------ */
typedef struct basis_cl_gemm_params {
    int mwg, nwg, kwg, mdimc, ndimc, vw, vwn, sa, sb, db; /* the tiled kernel (gemm.cl) */
    int dwm, dwn, dmdim, dndim;                  /* the direct kernel */
    double direct_below;                         /* 2mnk under which the direct kernel runs */
    char source[96];                             /* where they came from, for the log */
} basis_cl_gemm_params;
/* The parameters for this device and precision (elem 4 or 8): tuned entry, else device
 * name, else vendor, else the default for the device type; each candidate is checked
 * against the device's limits and skipped when it does not fit. */
void basis_cl_gemm_params_get(const basis_cl_device_info *info, int elem,
                              basis_cl_gemm_params *out);
/* Stores p as the tuned entry of this device and precision (<cache dir>/gemm-tuned.txt,
 * found first by basis_cl_gemm_params_get from then on); *where gets the file's path. */
basis_status basis_cl_gemm_params_store(const basis_cl_device_info *info, int elem,
                                        const basis_cl_gemm_params *p, char *where,
                                        size_t where_size);
/* "name|vendor|version|driver": what a tuned entry is kept for. */
void basis_cl_device_key(const basis_cl_device_info *info, char *buf, size_t size);
/* The calling thread's parameter override (the tuner's candidates), NULL when none. */
const basis_cl_gemm_params *basis_cl_gemm_params_override(void);
void basis_cl_gemm_params_set_override(const basis_cl_gemm_params *p);
/* 1 when p fits the device (work-group size, local memory, divisibility). */
int basis_cl_gemm_params_valid(const basis_cl_device_info *info, int elem,
                               const basis_cl_gemm_params *p);
/* The -D options of p. */
void basis_cl_gemm_options(const basis_cl_gemm_params *p, int elem, char *buf, size_t size);

/* ---- GEMM launchers (gemm_cl.c): the kernel-table slots ------------------------------ */
basis_sgemm_fn basis_cl_sgemm;
basis_dgemm_fn basis_cl_dgemm;

/* ---- LU (lu_cl.c): the device paths of host/lu.c and host/inverse.c ------------------
 * Called after the public op checked its arguments, with sizes > 0 and strides as
 * basis_strides gives them; elem 4 (float) or 8 (double). getrf and gesv set *info as
 * basis_?getrf_blocked (the first zero pivot, factorization completed); gesv solves only
 * when *info == 0; getrs and getri need no zero pivot (the caller checked). The call's
 * times go into the thread's basis_cl_call; the panels run on call's thread count. */
basis_status basis_cl_getrf(const basis_call *call, const char *fn, int elem, int64_t m,
                            int64_t n, void *a, int64_t rs, int64_t cs, int64_t *ipiv,
                            int64_t *info);
basis_status basis_cl_getrs(const basis_call *call, const char *fn, int elem, int trans,
                            int64_t n, int64_t nrhs, const void *lu, int64_t rs, int64_t cs,
                            const int64_t *ipiv, void *b, int64_t rsb, int64_t csb);
basis_status basis_cl_gesv(const basis_call *call, const char *fn, int elem, int64_t n,
                           int64_t nrhs, void *a, int64_t rs, int64_t cs, int64_t *ipiv, void *b,
                           int64_t rsb, int64_t csb, int64_t *info);
/* inv(A) in place from its factors: A X = I solved on the device. */
basis_status basis_cl_getri(const basis_call *call, const char *fn, int elem, int64_t n,
                            void *a, int64_t rs, int64_t cs, const int64_t *ipiv);

/* A scalar kernel argument as the kernel's `real` (float or double by elem bytes). */
typedef union basis_cl_real {
    float f;
    double d;
} basis_cl_real;
static inline basis_cl_real basis_cl_as_real(double v, int elem)
{
    basis_cl_real r;
    if (elem == 4)
        r.f = (float)v;
    else
        r.d = v;
    return r;
}

/* ---- one device call's resources (job.c) ---------------------------------------------- */
#define BASIS_CL_JOB_MAX_MEM 16
#define BASIS_CL_JOB_MAX_KERN 8
#define BASIS_CL_JOB_MAX_EVENTS 256
/* What an op's device call holds: the current thread's device and queue, the buffers and
 * kernels made through the helpers below (released by basis_cl_job_end), and the profiled
 * kernel and transfer seconds it adds to the call's stats. */
typedef struct basis_cl_job {
    const char *fn;
    basis_cl_device *dev;
    cl_command_queue q;
    cl_mem mem[BASIS_CL_JOB_MAX_MEM];
    int nmem;
    cl_kernel kern[BASIS_CL_JOB_MAX_KERN];
    int nkern;
    /* events of commands still to be timed (basis_cl_job_event), and whether each ran a
     * kernel; settled (timed and released) when the ring fills and at the end */
    cl_event ev[BASIS_CL_JOB_MAX_EVENTS];
    int is_kernel[BASIS_CL_JOB_MAX_EVENTS];
    int nev;
    double kernel_s, transfer_s;
    /* the first negative CL_EVENT_COMMAND_EXECUTION_STATUS among the settled events: a
     * command accepted by the queue that then failed on the device (0: none) */
    cl_int failed;
} basis_cl_job;
/* A kernel argument: clSetKernelArg's size and value. */
typedef struct basis_cl_arg {
    size_t size;
    const void *value;
} basis_cl_arg;
/* Acquires the device basis_cl_current names; on failure there is nothing to end. */
basis_status basis_cl_job_begin(basis_cl_job *j, const char *fn);
/* Settles, releases what the job made and the device, adds its seconds to the call's.
 * Returns s, the op's status so far; when that is OK, BASIS_ERR_DEVICE if a command failed
 * on the device (basis_cl_job_check). */
basis_status basis_cl_job_end(basis_cl_job *j, basis_status s);
/* The slot for the event of the next command (kernel or transfer); a caller whose enqueue
 * then fails gives it back with j->nev--. */
cl_event *basis_cl_job_event(basis_cl_job *j, int kernel);
/* Waits for everything queued, then times and releases the recorded events. */
void basis_cl_job_settle(basis_cl_job *j);
/* Settles, then BASIS_ERR_DEVICE if a command the queue accepted failed on the device (its
 * event's status): called before the caller's outputs are written, so such a failure
 * leaves them as they were (and AUTO may still run the op on the CPU). */
basis_status basis_cl_job_check(basis_cl_job *j);
/* BASIS_ERR_DEVICE: "<fn>: OpenCL <what> failed on <device>: <error>". */
basis_status basis_cl_job_failed(const basis_cl_job *j, const char *what, cl_int err);
/* Adds an event's profiled time to the kernel or transfer total and releases it. */
void basis_cl_job_account(basis_cl_job *j, cl_event ev, int kernel);
/* A buffer of `bytes` (at least 1), filled from host (a blocking write) when host != NULL. */
basis_status basis_cl_job_buffer(basis_cl_job *j, int64_t bytes, const void *host, cl_mem *out);
basis_status basis_cl_job_kernel(basis_cl_job *j, cl_program prog, const char *name,
                                 cl_kernel *out);
/* Sets arguments 0 .. nargs-1 of k; a failure names the kernel. */
basis_status basis_cl_job_args(basis_cl_job *j, cl_kernel k, const char *name, int nargs,
                               const size_t *sizes, const void *const *values);
/* Sets k's arguments and enqueues it over global (local: NULL or the work-group), its
 * event recorded for timing. */
basis_status basis_cl_job_launch(basis_cl_job *j, cl_kernel k, const char *name,
                                 const basis_cl_arg *args, int nargs, cl_uint dims,
                                 const size_t *global, const size_t *local);

/* ---- resident matrix and factors (lu_cl_resident.c): host/eigen_*.c's iterations ------
 * The n x n column-major a (NULL: none) and LU factors lu with pivots ipiv (NULL: none)
 * uploaded once; then each gemv (y = A x) or solve (x := inv(A) x) moves one n-vector
 * each way. The device stays locked from open to free, so the caller must not start
 * another device call in between; free adds the times to the thread's basis_cl_call. */
typedef struct basis_cl_resident basis_cl_resident;
basis_status basis_cl_resident_open(const basis_call *call, const char *fn, int elem, int64_t n,
                                    const void *a, const void *lu, const int64_t *ipiv,
                                    basis_cl_resident **out);
basis_status basis_cl_resident_gemv(basis_cl_resident *r, const void *x, void *y);
basis_status basis_cl_resident_solve(basis_cl_resident *r, void *x);
void basis_cl_resident_free(basis_cl_resident *r);

/* ---- counters and TEST-ONLY hooks (hidden from the shared library's exports) ---------- */
typedef struct basis_cl_counters {
    int64_t source_builds; /* programs compiled from source */
    int64_t cache_hits;    /* programs loaded from the on-disk cache */
    int64_t cache_rejects; /* cache entries found corrupt or stale (then rebuilt) */
    int64_t cache_writes;  /* entries written */
} basis_cl_counters;
void basis_cl_counters_get(basis_cl_counters *out);
/* Replaces the source of every program by src (NULL: the embedded ones again). */
void basis_cl_test_source(const char *src);
/* Forces GEMM's path: 1 the direct kernel, 2 the packed tiled one, 0 chosen by size. */
void basis_cl_test_force_path(int path);
/* PageRank's chunks of at least `steps` steps go to the long-row SpMV kernel, on any
 * device (0: the built-in threshold, on GPUs only). */
void basis_cl_test_pagerank_long(int64_t steps);
/* Lowers the allocation limit every device reports (0: the device's own). */
void basis_cl_test_max_alloc(int64_t bytes);
/* Lowers the global memory every device reports to basis_cl_check_fit (0: the device's
 * own), so a request whose buffers each fit can still be too large in total. */
void basis_cl_test_global_mem(int64_t bytes);
/* Tests: every device's CL_DEVICE_MAX_WORK_GROUP_SIZE as seen by basis lowered to items (0:
 * the real one), so a device with small work-groups can be played on PoCL; only while no
 * call runs. */
void basis_cl_test_max_work_group(int64_t items);
/* Releases every program, queue and context (none may be in use), as at process start,
 * so that a test can see the disk cache from a fresh start. */
void basis_cl_release_all(void);
/* The path of the cache file of a program (for tests), "" when there is no cache dir. */
void basis_cl_cache_path(basis_cl_device *d, const char *name, const char *options, char *buf,
                         size_t size);
const char *basis_cl_test_source_get(void);
#endif /* BASIS_WITH_OPENCL */

#endif /* BASIS_HOST_OPENCL_H */
