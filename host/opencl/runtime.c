/* runtime.c: the OpenCL runtime: one context and profiling queue per device, created once and reused, device choice, the ops the device implements, counters and test hooks. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "cpu/cpu.h"
#include "opencl/opencl.h"
#include "opencl/runtime_internal.h"

#define MAX_CL_DEVICES 32

static basis_cl_device devices[MAX_CL_DEVICES];
static basis_cl_device_info infos[MAX_CL_DEVICES];
static cl_platform_id platform_ids[MAX_CL_DEVICES];
static cl_device_id device_ids[MAX_CL_DEVICES];
static int device_count;
static basis_status discover_status;
static char discover_error[512];
static mtx_t table_lock;
static once_flag discover_once = ONCE_FLAG_INIT;
static _Atomic int64_t test_max_alloc, test_global_mem;

static void discover(void)
{
    mtx_init(&table_lock, mtx_plain);
    for (int i = 0; i < MAX_CL_DEVICES; i++)
        mtx_init(&devices[i].lock, mtx_plain);
    discover_status = basis_cl_enumerate(infos, platform_ids, device_ids, MAX_CL_DEVICES,
                                         &device_count);
    if (discover_status != BASIS_OK)
        snprintf(discover_error, sizeof discover_error, "%s", basis_last_error());
}

const char *basis_cl_error_name(cl_int err)
{
    static _Thread_local char buf[64];
    const char *name = NULL;
    switch (err) {
    case CL_DEVICE_NOT_FOUND: name = "CL_DEVICE_NOT_FOUND"; break;
    case CL_DEVICE_NOT_AVAILABLE: name = "CL_DEVICE_NOT_AVAILABLE"; break;
    case CL_COMPILER_NOT_AVAILABLE: name = "CL_COMPILER_NOT_AVAILABLE"; break;
    case CL_MEM_OBJECT_ALLOCATION_FAILURE: name = "CL_MEM_OBJECT_ALLOCATION_FAILURE"; break;
    case CL_OUT_OF_RESOURCES: name = "CL_OUT_OF_RESOURCES"; break;
    case CL_OUT_OF_HOST_MEMORY: name = "CL_OUT_OF_HOST_MEMORY"; break;
    case CL_BUILD_PROGRAM_FAILURE: name = "CL_BUILD_PROGRAM_FAILURE"; break;
    case CL_INVALID_VALUE: name = "CL_INVALID_VALUE"; break;
    case CL_INVALID_BINARY: name = "CL_INVALID_BINARY"; break;
    case CL_INVALID_BUILD_OPTIONS: name = "CL_INVALID_BUILD_OPTIONS"; break;
    case CL_INVALID_KERNEL_NAME: name = "CL_INVALID_KERNEL_NAME"; break;
    case CL_INVALID_KERNEL_ARGS: name = "CL_INVALID_KERNEL_ARGS"; break;
    case CL_INVALID_WORK_GROUP_SIZE: name = "CL_INVALID_WORK_GROUP_SIZE"; break;
    case CL_INVALID_BUFFER_SIZE: name = "CL_INVALID_BUFFER_SIZE"; break;
    case CL_INVALID_PROGRAM_EXECUTABLE: name = "CL_INVALID_PROGRAM_EXECUTABLE"; break;
    default: break;
    }
    if (name)
        snprintf(buf, sizeof buf, "%s (%d)", name, (int)err);
    else
        snprintf(buf, sizeof buf, "OpenCL error %d", (int)err);
    return buf;
}

basis_status basis_cl_check_available(const char *who)
{
    call_once(&discover_once, discover);
    if (discover_status != BASIS_OK)
        return basis_fail(BASIS_ERR_BACKEND, "%s: the opencl backend is unusable: %s", who,
                          discover_error);
    if (device_count == 0)
        return basis_fail(BASIS_ERR_BACKEND,
                          "%s: the opencl backend has no device: the ICD loader found no "
                          "OpenCL platform (install a driver, e.g. Debian's pocl-opencl-icd "
                          "for the CPU)", who);
    return BASIS_OK;
}

/* Creates the context and queue of slot i; the table lock is held. */
static basis_status open_device(const char *fn, int i)
{
    basis_cl_device *d = &devices[i];
    cl_int err;
    d->context = clCreateContext(NULL, 1, &device_ids[i], NULL, NULL, &err);
    if (!d->context || err != CL_SUCCESS) {
        d->context = NULL;
        return basis_fail(BASIS_ERR_DEVICE, "%s: clCreateContext on OpenCL device %d:%d (%s) "
                          "failed: %s", fn, infos[i].platform, infos[i].device, infos[i].name,
                          basis_cl_error_name(err));
    }
    d->queue = clCreateCommandQueue(d->context, device_ids[i], CL_QUEUE_PROFILING_ENABLE, &err);
    if (!d->queue || err != CL_SUCCESS) {
        clReleaseContext(d->context);
        d->context = NULL;
        d->queue = NULL;
        return basis_fail(BASIS_ERR_DEVICE, "%s: clCreateCommandQueue on OpenCL device %d:%d "
                          "(%s) failed: %s", fn, infos[i].platform, infos[i].device,
                          infos[i].name, basis_cl_error_name(err));
    }
    d->info = &infos[i];
    d->id = device_ids[i];
    d->open = 1;
    basis_log("opencl: opened device %d:%d %s (%s, driver %s)", infos[i].platform,
              infos[i].device, infos[i].name, infos[i].platform_name, infos[i].driver);
    return BASIS_OK;
}

basis_status basis_cl_acquire(const char *fn, int platform, int device, basis_cl_device **out)
{
    basis_status s = basis_cl_check_available(fn);
    if (s != BASIS_OK)
        return s;
    int index = -1;
    if (platform >= 0 && device >= 0) {
        for (int i = 0; i < device_count; i++)
            if (infos[i].platform == platform && infos[i].device == device)
                index = i;
        if (index < 0)
            return basis_fail(BASIS_ERR_BACKEND, "%s: the context's OpenCL device %d:%d does "
                              "not exist (%d device%s found; `basis info` lists them)", fn,
                              platform, device, device_count, device_count == 1 ? "" : "s");
    } else if ((s = basis_opencl_default_device(infos, device_count, &index)) != BASIS_OK) {
        return s;
    }
    if (index < 0)
        return basis_fail(BASIS_ERR_BACKEND, "%s: no OpenCL device", fn);
    mtx_lock(&table_lock);
    s = devices[index].open ? BASIS_OK : open_device(fn, index);
    mtx_unlock(&table_lock);
    if (s != BASIS_OK)
        return s;
    mtx_lock(&devices[index].lock);
    *out = &devices[index];
    return BASIS_OK;
}

const basis_cl_device_info *basis_cl_peek(int platform, int device)
{
    call_once(&discover_once, discover);
    if (discover_status != BASIS_OK || device_count == 0)
        return NULL;
    if (platform >= 0 && device >= 0) {
        for (int i = 0; i < device_count; i++)
            if (infos[i].platform == platform && infos[i].device == device)
                return &infos[i];
        return NULL;
    }
    /* the default policy, without touching the caller's last error */
    const char *env = getenv("BASIS_OPENCL_DEVICE");
    if (env && *env) {
        int p, d;
        char extra;
        if (sscanf(env, "%d:%d%c", &p, &d, &extra) != 2 || p < 0 || d < 0)
            return NULL;
        return basis_cl_peek(p, d);
    }
    for (int i = 0; i < device_count; i++)
        if (infos[i].is_gpu)
            return &infos[i];
    return &infos[0];
}

void basis_cl_release(basis_cl_device *d)
{
    if (d)
        mtx_unlock(&d->lock);
}

const basis_cl_device_info *basis_cl_info(const basis_cl_device *d)
{
    return d->info;
}

cl_context basis_cl_context(const basis_cl_device *d)
{
    return d->context;
}

cl_command_queue basis_cl_queue(const basis_cl_device *d)
{
    return d->queue;
}

cl_device_id basis_cl_device_id(const basis_cl_device *d)
{
    return d->id;
}

int64_t basis_cl_max_alloc(const basis_cl_device *d)
{
    int64_t t = atomic_load(&test_max_alloc);
    return t > 0 && t < d->info->max_alloc_bytes ? t : d->info->max_alloc_bytes;
}

int64_t basis_cl_global_mem(const basis_cl_device *d)
{
    int64_t t = atomic_load(&test_global_mem);
    return t > 0 && t < d->info->global_mem_bytes ? t : d->info->global_mem_bytes;
}

basis_status basis_cl_check_precision(const char *fn, const basis_cl_device *d, int elem)
{
    if (elem == 8 && !d->info->fp64)
        return basis_fail(BASIS_ERR_BACKEND, "%s: the OpenCL device %s has no double precision "
                          "(cl_khr_fp64); run it on auto or a CPU backend, or in float", fn,
                          d->info->name);
    return BASIS_OK;
}

basis_status basis_cl_check_fit(const char *fn, const basis_cl_device *d, const int64_t *bytes,
                                const char *const *names, int count, const char *all)
{
    int64_t max_alloc = basis_cl_max_alloc(d), global = basis_cl_global_mem(d), total = 0;
    const char *limit = "largest allocation (CL_DEVICE_MAX_MEM_ALLOC_SIZE)";
    const char *what = NULL;
    int64_t need = 0, max = 0;
    for (int i = 0; i < count && !what; i++) {
        if (bytes[i] > max_alloc)
            what = names[i], need = bytes[i], max = max_alloc;
        total += bytes[i];
    }
    if (!what && total > global)
        what = all, need = total, max = global, limit = "global memory";
    if (!what)
        return BASIS_OK;
    return basis_fail(BASIS_ERR_DEVICE, "%s: %s needs %lld bytes on %s, above its %s of %lld "
                      "bytes (checked before allocating; nothing was written)", fn, what,
                      (long long)need, d->info->name, limit, (long long)max);
}

double basis_cl_event_seconds(cl_event ev)
{
    cl_ulong t0 = 0, t1 = 0;
    if (clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_START, sizeof t0, &t0, NULL) !=
            CL_SUCCESS ||
        clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_END, sizeof t1, &t1, NULL) !=
            CL_SUCCESS ||
        t1 < t0)
        return 0.0;
    return 1e-9 * (double)(t1 - t0);
}

void basis_cl_test_max_alloc(int64_t bytes)
{
    atomic_store(&test_max_alloc, bytes > 0 ? bytes : 0);
}

void basis_cl_test_global_mem(int64_t bytes)
{
    atomic_store(&test_global_mem, bytes > 0 ? bytes : 0);
}

void basis_cl_test_max_work_group(int64_t items)
{
    static int64_t real[MAX_CL_DEVICES];
    static int saved;
    call_once(&discover_once, discover);
    mtx_lock(&table_lock);
    for (int i = 0; i < device_count; i++) {
        if (!saved)
            real[i] = infos[i].max_work_group;
        infos[i].max_work_group = items > 0 && items < real[i] ? items : real[i];
    }
    saved = 1;
    mtx_unlock(&table_lock);
}

void basis_cl_release_all(void)
{
    call_once(&discover_once, discover);
    mtx_lock(&table_lock);
    for (int i = 0; i < device_count; i++) {
        basis_cl_device *d = &devices[i];
        mtx_lock(&d->lock);
        basis_cl_programs_free(d);
        if (d->queue)
            clReleaseCommandQueue(d->queue);
        if (d->context)
            clReleaseContext(d->context);
        d->queue = NULL;
        d->context = NULL;
        d->open = 0;
        mtx_unlock(&d->lock);
    }
    mtx_unlock(&table_lock);
}

/* ---- the ops the device implements ------------------------------------------------------ */

/* The public ops with a device implementation: the one list has_op and the messages use. */
static const char *const cl_ops[] = {"basis_sgemm", "basis_dgemm", "basis_spagerank",
                                     "basis_dpagerank", "basis_spagerank_graph",
                                     "basis_dpagerank_graph",
                                     "basis_spower", "basis_dpower",
                                     "basis_sgetrf", "basis_dgetrf", "basis_sgetrs",
                                     "basis_dgetrs", "basis_sgesv", "basis_dgesv",
                                     "basis_sgetri", "basis_dgetri", "basis_sdet",
                                     "basis_ddet", "basis_sdet_value", "basis_ddet_value",
                                     "basis_snorm1", "basis_dnorm1", "basis_sgecon",
                                     "basis_dgecon", "basis_sgesv_checked",
                                     "basis_dgesv_checked", "basis_seigen_shift",
                                     "basis_deigen_shift", "basis_seigen_sym_topk",
                                     "basis_deigen_sym_topk"};

int basis_cl_has_op(const char *fn)
{
    for (size_t i = 0; i < sizeof cl_ops / sizeof cl_ops[0]; i++)
        if (!strcmp(fn, cl_ops[i]))
            return 1;
    return 0;
}

void basis_cl_ops_list(char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = 0;
    for (size_t i = 0; i < sizeof cl_ops / sizeof cl_ops[0] && used < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", cl_ops[i]);
        used += w > 0 ? (size_t)w : 0;
    }
}

static basis_kernels cl_table;
static once_flag cl_table_once = ONCE_FLAG_INIT;

static void fill_cl_table(void)
{
    cl_table = *basis_target_kernels(basis_backend_best_cpu());
    cl_table.sgemm = basis_cl_sgemm;
    cl_table.dgemm = basis_cl_dgemm;
    /* GEMM goes to the plain slots: no CPU microkernel or small-matrix path in front. */
    memset(&cl_table.sgemm_ukr, 0, sizeof cl_table.sgemm_ukr);
    memset(&cl_table.dgemm_ukr, 0, sizeof cl_table.dgemm_ukr);
    cl_table.sgemm_small = NULL;
    cl_table.dgemm_small = NULL;
}

const basis_kernels *basis_cl_kernels(void)
{
    call_once(&cl_table_once, fill_cl_table);
    return &cl_table;
}

static _Thread_local basis_cl_call current;

basis_cl_call *basis_cl_current(void)
{
    return &current;
}

/* ---- counters ------------------------------------------------------------------------------- */

static _Atomic int64_t n_source_builds, n_cache_hits, n_cache_rejects, n_cache_writes;

void basis_cl_count(basis_cl_counter which)
{
    switch (which) {
    case BASIS_CL_SOURCE_BUILD: atomic_fetch_add(&n_source_builds, 1); break;
    case BASIS_CL_CACHE_HIT: atomic_fetch_add(&n_cache_hits, 1); break;
    case BASIS_CL_CACHE_REJECT: atomic_fetch_add(&n_cache_rejects, 1); break;
    case BASIS_CL_CACHE_WRITE: atomic_fetch_add(&n_cache_writes, 1); break;
    }
}

void basis_cl_counters_get(basis_cl_counters *out)
{
    out->source_builds = atomic_load(&n_source_builds);
    out->cache_hits = atomic_load(&n_cache_hits);
    out->cache_rejects = atomic_load(&n_cache_rejects);
    out->cache_writes = atomic_load(&n_cache_writes);
}
