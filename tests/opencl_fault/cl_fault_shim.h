/* cl_fault_shim.h: what cl_fault_shim.c exports to opencl_fault.c (looked up with dlsym: without the shim the test skips, without the counts only its leak checks): the fault triggers (an enqueue that fails, or one whose command fails on the device) and the counts of live OpenCL objects. */
#ifndef BASIS_TESTS_CL_FAULT_SHIM_H
#define BASIS_TESTS_CL_FAULT_SHIM_H

/* References the process holds, by kind: +1 for each successful create, retain or event
 * returned through an out-parameter, -1 for each successful release. A release the shim
 * did not see created (a function it does not wrap) shows as a count below its start. */
typedef struct cl_fault_live {
    long mem;     /* clCreateBuffer, clRetainMemObject / clReleaseMemObject */
    long event;   /* the events of the enqueues basis uses (kernel launch, buffer and rect
                   * reads and writes), clRetainEvent / clReleaseEvent */
    long kernel;  /* clCreateKernel, clRetainKernel / clReleaseKernel */
    long program; /* clCreateProgramWith{Source,Binary}, clRetainProgram / clReleaseProgram */
    long made;    /* creations and retains of all four since the start, never decreasing;
                   * a device call that leaves it as it was went past the shim */
} cl_fault_live;

/* The Nth enqueue from now fails (0: none). */
typedef void (*cl_fault_arm_fn)(long n);
/* Whether the armed enqueue was reached. */
typedef long (*cl_fault_fired_fn)(void);
/* The Nth enqueue from now runs, but its event's execution status says it failed on the
 * device (0: none). */
typedef void (*cl_fault_arm_late_fn)(long n);
/* Whether the late fault's enqueue was reached. */
typedef long (*cl_fault_late_fired_fn)(void);
/* The counts now. */
typedef void (*cl_fault_live_fn)(cl_fault_live *out);

#endif /* BASIS_TESTS_CL_FAULT_SHIM_H */
