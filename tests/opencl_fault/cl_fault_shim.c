/* cl_fault_shim.c: an LD_PRELOAD library for opencl_fault.c: the Nth OpenCL enqueue (kernel launch or transfer) fails with CL_OUT_OF_RESOURCES without reaching the device, so a test can see a device error in the middle of an op. */
#define _GNU_SOURCE
#include <dlfcn.h>
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>

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

#define REAL(name) ((name##_fn)dlsym(RTLD_NEXT, #name))

typedef cl_int (*clEnqueueNDRangeKernel_fn)(cl_command_queue, cl_kernel, cl_uint, const size_t *,
                                            const size_t *, const size_t *, cl_uint,
                                            const cl_event *, cl_event *);
cl_int clEnqueueNDRangeKernel(cl_command_queue q, cl_kernel k, cl_uint dims, const size_t *off,
                              const size_t *global, const size_t *local, cl_uint nwait,
                              const cl_event *wait, cl_event *ev)
{
    if (fail_now())
        return CL_OUT_OF_RESOURCES;
    return REAL(clEnqueueNDRangeKernel)(q, k, dims, off, global, local, nwait, wait, ev);
}

typedef cl_int (*clEnqueueReadBuffer_fn)(cl_command_queue, cl_mem, cl_bool, size_t, size_t,
                                         void *, cl_uint, const cl_event *, cl_event *);
cl_int clEnqueueReadBuffer(cl_command_queue q, cl_mem m, cl_bool blocking, size_t off,
                           size_t size, void *p, cl_uint nwait, const cl_event *wait,
                           cl_event *ev)
{
    if (fail_now())
        return CL_OUT_OF_RESOURCES;
    return REAL(clEnqueueReadBuffer)(q, m, blocking, off, size, p, nwait, wait, ev);
}

typedef cl_int (*clEnqueueWriteBuffer_fn)(cl_command_queue, cl_mem, cl_bool, size_t, size_t,
                                          const void *, cl_uint, const cl_event *, cl_event *);
cl_int clEnqueueWriteBuffer(cl_command_queue q, cl_mem m, cl_bool blocking, size_t off,
                            size_t size, const void *p, cl_uint nwait, const cl_event *wait,
                            cl_event *ev)
{
    if (fail_now())
        return CL_OUT_OF_RESOURCES;
    return REAL(clEnqueueWriteBuffer)(q, m, blocking, off, size, p, nwait, wait, ev);
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
    return REAL(clEnqueueReadBufferRect)(q, m, blocking, boff, hoff, region, brow, bslice, hrow,
                                         hslice, p, nwait, wait, ev);
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
    return REAL(clEnqueueWriteBufferRect)(q, m, blocking, boff, hoff, region, brow, bslice, hrow,
                                          hslice, p, nwait, wait, ev);
}
