/* cl_fault_shim.c: an LD_PRELOAD library for opencl_fault.c: the Nth OpenCL enqueue (kernel launch or transfer) fails with CL_OUT_OF_RESOURCES without reaching the device, or (the late fault) runs but its event reports that status, as a command that failed on the device; and every buffer, event, kernel and program made or released is counted, so the test can see what a call left behind. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>

#include "cl_fault_shim.h"

/* Set by cl_fault_arm; only the test's thread arms it, and the ops it calls enqueue from
 * that thread. */
static long target, seen, fired;

void cl_fault_arm(long n)
{
    target = n;
    seen = 0;
    fired = 0;
}

long cl_fault_fired(void)
{
    return fired;
}

static int fail_now(void)
{
    if (target <= 0 || ++seen != target)
        return 0;
    fired = 1;
    return 1;
}

/* Atomic: any thread of the process may make or release objects, not only the armed one. */
static _Atomic long live_mem, live_event, live_kernel, live_program, made;

void cl_fault_live_get(cl_fault_live *out)
{
    out->mem = atomic_load(&live_mem);
    out->event = atomic_load(&live_event);
    out->kernel = atomic_load(&live_kernel);
    out->program = atomic_load(&live_program);
    out->made = atomic_load(&made);
}

/* Only what the runtime accepted changes a count: a failed create made nothing, a failed
 * release released nothing. */
static void count_if(_Atomic long *n, int ok, long by)
{
    if (!ok)
        return;
    atomic_fetch_add(n, by);
    if (by > 0)
        atomic_fetch_add(&made, by);
}

/* The late fault: the Nth enqueue from cl_fault_arm_late runs, but its event reports
 * CL_OUT_OF_RESOURCES as its execution status, as a command that failed on the device
 * after the queue accepted it. Armed and read by the test's thread only, like target. */
static long late_target, late_seen;
static cl_event late_event;

void cl_fault_arm_late(long n)
{
    late_target = n;
    late_seen = 0;
    late_event = NULL;
}

long cl_fault_late_fired(void)
{
    return late_event != NULL;
}

/* An enqueue's result: its event is the caller's to release when it succeeded. */
static cl_int enqueued(cl_int err, const cl_event *ev)
{
    count_if(&live_event, err == CL_SUCCESS && ev, 1);
    if (err == CL_SUCCESS && late_target > 0 && ++late_seen == late_target && ev)
        late_event = *ev;
    return err;
}

#define REAL(name) ((name##_fn)dlsym(RTLD_NEXT, #name))

/* ---- object lifetimes (counted, never failed) ------------------------------------------ */

typedef cl_mem (*clCreateBuffer_fn)(cl_context, cl_mem_flags, size_t, void *, cl_int *);
cl_mem clCreateBuffer(cl_context ctx, cl_mem_flags flags, size_t size, void *host, cl_int *err)
{
    cl_mem m = REAL(clCreateBuffer)(ctx, flags, size, host, err);
    count_if(&live_mem, m != NULL, 1);
    return m;
}

typedef cl_kernel (*clCreateKernel_fn)(cl_program, const char *, cl_int *);
cl_kernel clCreateKernel(cl_program prog, const char *name, cl_int *err)
{
    cl_kernel k = REAL(clCreateKernel)(prog, name, err);
    count_if(&live_kernel, k != NULL, 1);
    return k;
}

typedef cl_program (*clCreateProgramWithSource_fn)(cl_context, cl_uint, const char **,
                                                   const size_t *, cl_int *);
cl_program clCreateProgramWithSource(cl_context ctx, cl_uint count, const char **src,
                                     const size_t *len, cl_int *err)
{
    cl_program p = REAL(clCreateProgramWithSource)(ctx, count, src, len, err);
    count_if(&live_program, p != NULL, 1);
    return p;
}

typedef cl_program (*clCreateProgramWithBinary_fn)(cl_context, cl_uint, const cl_device_id *,
                                                   const size_t *, const unsigned char **,
                                                   cl_int *, cl_int *);
cl_program clCreateProgramWithBinary(cl_context ctx, cl_uint ndev, const cl_device_id *devs,
                                     const size_t *len, const unsigned char **bin,
                                     cl_int *status, cl_int *err)
{
    cl_program p = REAL(clCreateProgramWithBinary)(ctx, ndev, devs, len, bin, status, err);
    count_if(&live_program, p != NULL, 1);
    return p;
}

/* clRetain* and clRelease* of each kind: +1 or -1 when the runtime accepted it. */
#define RETAIN_RELEASE(kind, type, counter)                                                  \
    typedef cl_int (*clRetain##kind##_fn)(type);                                             \
    cl_int clRetain##kind(type obj)                                                          \
    {                                                                                        \
        cl_int err = REAL(clRetain##kind)(obj);                                              \
        count_if(&counter, err == CL_SUCCESS, 1);                                            \
        return err;                                                                          \
    }                                                                                        \
    typedef cl_int (*clRelease##kind##_fn)(type);                                            \
    cl_int clRelease##kind(type obj)                                                         \
    {                                                                                        \
        cl_int err = REAL(clRelease##kind)(obj);                                             \
        count_if(&counter, err == CL_SUCCESS, -1);                                           \
        return err;                                                                          \
    }

RETAIN_RELEASE(MemObject, cl_mem, live_mem)
RETAIN_RELEASE(Event, cl_event, live_event)
RETAIN_RELEASE(Kernel, cl_kernel, live_kernel)
RETAIN_RELEASE(Program, cl_program, live_program)

typedef cl_int (*clGetEventInfo_fn)(cl_event, cl_event_info, size_t, void *, size_t *);
cl_int clGetEventInfo(cl_event ev, cl_event_info what, size_t size, void *value, size_t *ret)
{
    cl_int err = REAL(clGetEventInfo)(ev, what, size, value, ret);
    if (err == CL_SUCCESS && ev == late_event && late_event &&
        what == CL_EVENT_COMMAND_EXECUTION_STATUS && value && size >= sizeof(cl_int))
        *(cl_int *)value = CL_OUT_OF_RESOURCES;
    return err;
}

/* ---- enqueues (failed when armed, events counted) ---------------------------------------- */

typedef cl_int (*clEnqueueNDRangeKernel_fn)(cl_command_queue, cl_kernel, cl_uint, const size_t *,
                                            const size_t *, const size_t *, cl_uint,
                                            const cl_event *, cl_event *);
cl_int clEnqueueNDRangeKernel(cl_command_queue q, cl_kernel k, cl_uint dims, const size_t *off,
                              const size_t *global, const size_t *local, cl_uint nwait,
                              const cl_event *wait, cl_event *ev)
{
    if (fail_now())
        return CL_OUT_OF_RESOURCES;
    return enqueued(REAL(clEnqueueNDRangeKernel)(q, k, dims, off, global, local, nwait, wait, ev),
                    ev);
}

typedef cl_int (*clEnqueueReadBuffer_fn)(cl_command_queue, cl_mem, cl_bool, size_t, size_t,
                                         void *, cl_uint, const cl_event *, cl_event *);
cl_int clEnqueueReadBuffer(cl_command_queue q, cl_mem m, cl_bool blocking, size_t off,
                           size_t size, void *p, cl_uint nwait, const cl_event *wait,
                           cl_event *ev)
{
    if (fail_now())
        return CL_OUT_OF_RESOURCES;
    return enqueued(REAL(clEnqueueReadBuffer)(q, m, blocking, off, size, p, nwait, wait, ev), ev);
}

typedef cl_int (*clEnqueueWriteBuffer_fn)(cl_command_queue, cl_mem, cl_bool, size_t, size_t,
                                          const void *, cl_uint, const cl_event *, cl_event *);
cl_int clEnqueueWriteBuffer(cl_command_queue q, cl_mem m, cl_bool blocking, size_t off,
                            size_t size, const void *p, cl_uint nwait, const cl_event *wait,
                            cl_event *ev)
{
    if (fail_now())
        return CL_OUT_OF_RESOURCES;
    return enqueued(REAL(clEnqueueWriteBuffer)(q, m, blocking, off, size, p, nwait, wait, ev),
                    ev);
}

typedef cl_int (*clEnqueueReadBufferRect_fn)(cl_command_queue, cl_mem, cl_bool, const size_t *,
                                             const size_t *, const size_t *, size_t, size_t,
                                             size_t, size_t, void *, cl_uint, const cl_event *,
                                             cl_event *);
cl_int clEnqueueReadBufferRect(cl_command_queue q, cl_mem m, cl_bool blocking,
                               const size_t *boff, const size_t *hoff, const size_t *region,
                               size_t brow, size_t bslice, size_t hrow, size_t hslice, void *p,
                               cl_uint nwait, const cl_event *wait, cl_event *ev)
{
    if (fail_now())
        return CL_OUT_OF_RESOURCES;
    return enqueued(REAL(clEnqueueReadBufferRect)(q, m, blocking, boff, hoff, region, brow,
                                                  bslice, hrow, hslice, p, nwait, wait, ev),
                    ev);
}

typedef cl_int (*clEnqueueWriteBufferRect_fn)(cl_command_queue, cl_mem, cl_bool, const size_t *,
                                              const size_t *, const size_t *, size_t, size_t,
                                              size_t, size_t, const void *, cl_uint,
                                              const cl_event *, cl_event *);
cl_int clEnqueueWriteBufferRect(cl_command_queue q, cl_mem m, cl_bool blocking,
                                const size_t *boff, const size_t *hoff, const size_t *region,
                                size_t brow, size_t bslice, size_t hrow, size_t hslice,
                                const void *p, cl_uint nwait, const cl_event *wait, cl_event *ev)
{
    if (fail_now())
        return CL_OUT_OF_RESOURCES;
    return enqueued(REAL(clEnqueueWriteBufferRect)(q, m, blocking, boff, hoff, region, brow,
                                                   bslice, hrow, hslice, p, nwait, wait, ev),
                    ev);
}
