/* runtime_internal.h: the device record shared by the OpenCL runtime's files (runtime.c, program.c). */
#ifndef BASIS_HOST_OPENCL_RUNTIME_INTERNAL_H
#define BASIS_HOST_OPENCL_RUNTIME_INTERNAL_H

#include <threads.h>

#include "opencl/opencl.h"

/* A program built for a device, kept for the life of the device. */
typedef struct basis_cl_program_entry {
    struct basis_cl_program_entry *next;
    char *name;
    char *options;
    uint64_t source_hash;
    cl_program program;
} basis_cl_program_entry;

struct basis_cl_device {
    mtx_t lock; /* held by the call using the device */
    int open;   /* context and queue exist */
    const basis_cl_device_info *info;
    cl_device_id id;
    cl_context context;
    cl_command_queue queue;
    basis_cl_program_entry *programs;
};

typedef enum basis_cl_counter {
    BASIS_CL_SOURCE_BUILD,
    BASIS_CL_CACHE_HIT,
    BASIS_CL_CACHE_REJECT,
    BASIS_CL_CACHE_WRITE
} basis_cl_counter;
void basis_cl_count(basis_cl_counter which);

/* The OpenCL caches live in basis_cache_dir("opencl", ...) (internal.h). */

#endif /* BASIS_HOST_OPENCL_RUNTIME_INTERNAL_H */
