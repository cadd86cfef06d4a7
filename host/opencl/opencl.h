/* opencl.h: OpenCL discovery through the ICD loader: what platforms and devices exist. */
#ifndef BASIS_HOST_OPENCL_H
#define BASIS_HOST_OPENCL_H

#include <stdint.h>

#include "internal.h"

typedef struct basis_cl_device_info {
    int platform, device; /* indices as BASIS_OPENCL_DEVICE=platform:device takes them */
    char platform_name[128];
    char name[128];
    char vendor[128];
    char version[128];        /* CL_DEVICE_VERSION */
    char driver[64];          /* CL_DRIVER_VERSION */
    int is_gpu;
    int compute_units;
    int64_t global_mem_bytes;
    int64_t max_alloc_bytes;
    int fp64;                 /* double precision supported */
} basis_cl_device_info;

/* Fills up to max entries and sets *count to the number of devices found (0 with BASIS_OK
 * when the loader finds no platform). BASIS_ERR_BACKEND when built without OpenCL. */
basis_status basis_opencl_devices(basis_cl_device_info *out, int max, int *count);

/* The device the default policy picks: BASIS_OPENCL_DEVICE, else the first GPU, else the
 * first device; -1 when there is none. An invalid BASIS_OPENCL_DEVICE is an argument error. */
basis_status basis_opencl_default_device(const basis_cl_device_info *devs, int count, int *index);

#endif /* BASIS_HOST_OPENCL_H */
