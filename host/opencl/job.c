/* job.c: what one device call holds (device, queue, the buffers and kernels it made, its profiled seconds) and the helpers every device op shares for it. */
#include <string.h>

#include "opencl/opencl.h"

basis_status basis_cl_job_begin(basis_cl_job *j, const char *fn)
{
    memset(j, 0, sizeof *j);
    j->fn = fn;
    basis_cl_call *cur = basis_cl_current();
    basis_status s = basis_cl_acquire(fn, cur->platform, cur->device, &j->dev);
    if (s != BASIS_OK)
        return s;
    j->q = basis_cl_queue(j->dev);
    return BASIS_OK;
}

void basis_cl_job_settle(basis_cl_job *j)
{
    clFinish(j->q);
    for (int i = 0; i < j->nev; i++)
        basis_cl_job_account(j, j->ev[i], j->is_kernel[i]);
    j->nev = 0;
}

cl_event *basis_cl_job_event(basis_cl_job *j, int kernel)
{
    if (j->nev == BASIS_CL_JOB_MAX_EVENTS)
        basis_cl_job_settle(j);
    j->is_kernel[j->nev] = kernel;
    return &j->ev[j->nev++];
}

basis_status basis_cl_job_check(basis_cl_job *j)
{
    basis_cl_job_settle(j);
    if (!j->failed)
        return BASIS_OK;
    return basis_fail(BASIS_ERR_DEVICE, "%s: an OpenCL command failed on %s while it ran: %s "
                      "(what it computed is not used)", j->fn, basis_cl_info(j->dev)->name,
                      basis_cl_error_name(j->failed));
}

basis_status basis_cl_job_end(basis_cl_job *j, basis_status s)
{
    /* nothing is released while the queue may still use it, error paths included; a
     * failure already reported keeps its message */
    if (s == BASIS_OK)
        s = basis_cl_job_check(j);
    else
        basis_cl_job_settle(j);
    for (int i = 0; i < j->nkern; i++)
        clReleaseKernel(j->kern[i]);
    for (int i = 0; i < j->nmem; i++)
        clReleaseMemObject(j->mem[i]);
    basis_cl_release(j->dev);
    basis_cl_call *cur = basis_cl_current();
    cur->kernel_seconds += j->kernel_s;
    cur->transfer_seconds += j->transfer_s;
    return s;
}

basis_status basis_cl_job_failed(const basis_cl_job *j, const char *what, cl_int err)
{
    const char *hint = (err == CL_MEM_OBJECT_ALLOCATION_FAILURE || err == CL_OUT_OF_RESOURCES)
                           ? " (the device is out of memory or resources)"
                           : "";
    return basis_fail(BASIS_ERR_DEVICE, "%s: OpenCL %s failed on %s: %s%s", j->fn, what,
                      basis_cl_info(j->dev)->name, basis_cl_error_name(err), hint);
}

void basis_cl_job_account(basis_cl_job *j, cl_event ev, int kernel)
{
    /* a command can fail after its enqueue succeeded (a kernel fault, a lost device): its
     * event ends with a negative status instead of CL_COMPLETE */
    cl_int status = CL_COMPLETE;
    if (clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof status, &status, NULL) ==
            CL_SUCCESS &&
        status < 0 && !j->failed)
        j->failed = status;
    *(kernel ? &j->kernel_s : &j->transfer_s) += basis_cl_event_seconds(ev);
    clReleaseEvent(ev);
}

basis_status basis_cl_job_buffer(basis_cl_job *j, int64_t bytes, const void *host, cl_mem *out)
{
    if (j->nmem == BASIS_CL_JOB_MAX_MEM)
        return basis_fail(BASIS_ERR_DEVICE, "%s: more than %d device buffers in one call", j->fn,
                          BASIS_CL_JOB_MAX_MEM);
    cl_int err;
    size_t size = (size_t)(bytes > 0 ? bytes : 1);
    cl_mem m = clCreateBuffer(basis_cl_context(j->dev), CL_MEM_READ_WRITE, size, NULL, &err);
    if (!m || err != CL_SUCCESS)
        return basis_cl_job_failed(j, "clCreateBuffer", err);
    j->mem[j->nmem++] = m;
    *out = m;
    if (host && bytes > 0) {
        cl_event ev;
        err = clEnqueueWriteBuffer(j->q, m, CL_TRUE, 0, (size_t)bytes, host, 0, NULL, &ev);
        if (err != CL_SUCCESS)
            return basis_cl_job_failed(j, "write to the device", err);
        basis_cl_job_account(j, ev, 0);
    }
    return BASIS_OK;
}

basis_status basis_cl_job_kernel(basis_cl_job *j, cl_program prog, const char *name,
                                 cl_kernel *out)
{
    if (j->nkern == BASIS_CL_JOB_MAX_KERN)
        return basis_fail(BASIS_ERR_DEVICE, "%s: more than %d kernels in one call", j->fn,
                          BASIS_CL_JOB_MAX_KERN);
    cl_int err;
    cl_kernel k = clCreateKernel(prog, name, &err);
    if (!k || err != CL_SUCCESS)
        return basis_cl_job_failed(j, name, err);
    j->kern[j->nkern++] = k;
    *out = k;
    return BASIS_OK;
}

basis_status basis_cl_job_args(basis_cl_job *j, cl_kernel k, const char *name, int nargs,
                               const size_t *sizes, const void *const *values)
{
    for (int i = 0; i < nargs; i++) {
        cl_int err = clSetKernelArg(k, (cl_uint)i, sizes[i], values[i]);
        if (err != CL_SUCCESS)
            return basis_cl_job_failed(j, name, err);
    }
    return BASIS_OK;
}

basis_status basis_cl_job_launch(basis_cl_job *j, cl_kernel k, const char *name,
                                 const basis_cl_arg *args, int nargs, cl_uint dims,
                                 const size_t *global, const size_t *local)
{
    /* a work-group over the device's limit is this code's mistake, named here rather than
     * as the driver's CL_INVALID_WORK_GROUP_SIZE */
    size_t items = 1;
    for (cl_uint d = 0; local && d < dims; d++)
        items *= local[d];
    int64_t most = basis_cl_info(j->dev)->max_work_group;
    if (most > 0 && (int64_t)items > most)
        return basis_fail(BASIS_ERR_DEVICE, "%s: the kernel %s needs work-groups of %zu "
                          "work-items, above the %lld of %s (CL_DEVICE_MAX_WORK_GROUP_SIZE)",
                          j->fn, name, items, (long long)most, basis_cl_info(j->dev)->name);
    for (int i = 0; i < nargs; i++) {
        cl_int err = clSetKernelArg(k, (cl_uint)i, args[i].size, args[i].value);
        if (err != CL_SUCCESS)
            return basis_cl_job_failed(j, name, err);
    }
    cl_int err = clEnqueueNDRangeKernel(j->q, k, dims, NULL, global, local, 0, NULL,
                                        basis_cl_job_event(j, 1));
    if (err != CL_SUCCESS) {
        j->nev--;
        return basis_cl_job_failed(j, name, err);
    }
    return BASIS_OK;
}
