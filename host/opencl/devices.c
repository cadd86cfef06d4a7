/* devices.c: enumerates OpenCL platforms and devices through the ICD loader, and the default device choice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <CL/cl.h>

#include "opencl/opencl.h"

#define MAX_PLATFORMS 16
#define MAX_DEVICES 64

static void str_info(cl_device_id d, cl_device_info what, char *buf, size_t size)
{
    buf[0] = '\0';
    if (clGetDeviceInfo(d, what, size - 1, buf, NULL) != CL_SUCCESS)
        buf[0] = '\0';
    buf[size - 1] = '\0';
}

static void describe(cl_device_id d, basis_cl_device_info *o)
{
    cl_device_type type = 0;
    cl_uint cu = 0;
    cl_ulong mem = 0, alloc = 0, local = 0;
    size_t wg = 0;
    cl_device_fp_config fp64 = 0;
    str_info(d, CL_DEVICE_NAME, o->name, sizeof o->name);
    str_info(d, CL_DEVICE_VENDOR, o->vendor, sizeof o->vendor);
    str_info(d, CL_DEVICE_VERSION, o->version, sizeof o->version);
    str_info(d, CL_DRIVER_VERSION, o->driver, sizeof o->driver);
    clGetDeviceInfo(d, CL_DEVICE_TYPE, sizeof type, &type, NULL);
    clGetDeviceInfo(d, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof cu, &cu, NULL);
    clGetDeviceInfo(d, CL_DEVICE_GLOBAL_MEM_SIZE, sizeof mem, &mem, NULL);
    clGetDeviceInfo(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE, sizeof alloc, &alloc, NULL);
    clGetDeviceInfo(d, CL_DEVICE_LOCAL_MEM_SIZE, sizeof local, &local, NULL);
    clGetDeviceInfo(d, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof wg, &wg, NULL);
    /* A device without fp64 fails this query or reports no capabilities. */
    if (clGetDeviceInfo(d, CL_DEVICE_DOUBLE_FP_CONFIG, sizeof fp64, &fp64, NULL) != CL_SUCCESS)
        fp64 = 0;
    o->is_gpu = (type & CL_DEVICE_TYPE_GPU) != 0;
    o->compute_units = (int)cu;
    o->global_mem_bytes = (int64_t)mem;
    o->max_alloc_bytes = (int64_t)alloc;
    o->local_mem_bytes = (int64_t)local;
    o->max_work_group = (int64_t)wg;
    o->fp64 = fp64 != 0;
}

basis_status basis_cl_enumerate(basis_cl_device_info *out, cl_platform_id *pids,
                                cl_device_id *ids, int max, int *count)
{
    cl_platform_id plats[MAX_PLATFORMS];
    cl_uint nplat = 0;
    *count = 0;
    cl_int err = clGetPlatformIDs(MAX_PLATFORMS, plats, &nplat);
    /* -1001 (CL_PLATFORM_NOT_FOUND_KHR) is the loader's way of saying "no ICD installed". */
    if (err == -1001 || nplat == 0)
        return BASIS_OK;
    if (err != CL_SUCCESS)
        return basis_fail(BASIS_ERR_DEVICE, "OpenCL: clGetPlatformIDs failed with error %d",
                          (int)err);
    if (nplat > MAX_PLATFORMS)
        nplat = MAX_PLATFORMS;
    for (cl_uint p = 0; p < nplat; p++) {
        char pname[128] = "", pversion[128] = "";
        clGetPlatformInfo(plats[p], CL_PLATFORM_NAME, sizeof pname - 1, pname, NULL);
        clGetPlatformInfo(plats[p], CL_PLATFORM_VERSION, sizeof pversion - 1, pversion, NULL);
        cl_device_id devs[MAX_DEVICES];
        cl_uint ndev = 0;
        if (clGetDeviceIDs(plats[p], CL_DEVICE_TYPE_ALL, MAX_DEVICES, devs, &ndev) != CL_SUCCESS)
            continue;
        if (ndev > MAX_DEVICES)
            ndev = MAX_DEVICES;
        for (cl_uint d = 0; d < ndev; d++) {
            if (*count < max) {
                basis_cl_device_info *o = &out[*count];
                memset(o, 0, sizeof *o);
                o->platform = (int)p;
                o->device = (int)d;
                snprintf(o->platform_name, sizeof o->platform_name, "%s", pname);
                snprintf(o->platform_version, sizeof o->platform_version, "%s", pversion);
                describe(devs[d], o);
                if (pids)
                    pids[*count] = plats[p];
                if (ids)
                    ids[*count] = devs[d];
            }
            (*count)++;
        }
    }
    if (*count > max)
        *count = max;
    return BASIS_OK;
}

basis_status basis_opencl_devices(basis_cl_device_info *out, int max, int *count)
{
    return basis_cl_enumerate(out, NULL, NULL, max, count);
}

basis_status basis_opencl_default_device(const basis_cl_device_info *devs, int count, int *index)
{
    const char *env = getenv("BASIS_OPENCL_DEVICE");
    *index = -1;
    if (env && *env) {
        int p, d;
        char extra;
        if (sscanf(env, "%d:%d%c", &p, &d, &extra) != 2 || p < 0 || d < 0)
            return basis_fail(BASIS_ERR_ARGUMENT,
                              "BASIS_OPENCL_DEVICE = '%s' is not of the form platform:device "
                              "(e.g. 0:1)", env);
        for (int i = 0; i < count; i++)
            if (devs[i].platform == p && devs[i].device == d) {
                *index = i;
                return BASIS_OK;
            }
        return basis_fail(BASIS_ERR_BACKEND,
                          "BASIS_OPENCL_DEVICE = '%s' names no device (%d found; `basis info` "
                          "lists them)", env, count);
    }
    for (int i = 0; i < count; i++)
        if (devs[i].is_gpu) {
            *index = i;
            return BASIS_OK;
        }
    if (count > 0)
        *index = 0;
    return BASIS_OK;
}

int basis_cl_name_has(const char *name, const char *part)
{
    size_t n = strlen(part);
    for (; *name; name++)
        if (!strncasecmp(name, part, n))
            return 1;
    return 0;
}

int basis_cl_group_size(const basis_cl_device_info *info, int want)
{
    int64_t cap = info->max_work_group > 0 && info->max_work_group < want ? info->max_work_group
                                                                         : want;
    int p = 1;
    while ((int64_t)p * 2 <= cap)
        p *= 2;
    return p;
}

void basis_cl_pack_group(const basis_cl_device_info *info, size_t lo[2])
{
    lo[0] = (size_t)basis_cl_group_size(info, 8);
    lo[1] = (size_t)basis_cl_group_size(info, 64) / lo[0];
}
