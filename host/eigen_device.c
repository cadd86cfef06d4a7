/* eigen_device.c: where the eigen ops (eigen_s.c, eigen_d.c) keep their matrix during an iteration: on the OpenCL device under a forced opencl backend, else nowhere (the CPU paths run). */
#include "internal.h"
#ifdef BASIS_WITH_OPENCL
#include "opencl/opencl.h"
#endif

/* On opencl the matrix (and for the shift its LU) goes to the device once for the whole
 * iteration, and the O(n^2) steps run there: each gemv or solve moves one n-vector each
 * way. The O(n) and O(nk) vector work (dots, norms, orthogonalization, the stopping rule)
 * stays on the host with the CPU kernels, where it costs less than a round trip. */
basis_status basis_eigen_device_open(const basis_call *call, const char *fn, int elem,
                                     int64_t n, const void *ac, const void *lu,
                                     const int64_t *ipiv, void **dev)
{
    *dev = NULL;
#ifdef BASIS_WITH_OPENCL
    if (call->backend == BASIS_BACKEND_OPENCL) {
        basis_cl_resident *r = NULL;
        basis_status s = basis_cl_resident_open(call, fn, elem, n, ac, lu, ipiv, &r);
        *dev = r;
        return s;
    }
#else
    (void)call, (void)fn, (void)elem, (void)n, (void)ac, (void)lu, (void)ipiv;
#endif
    return BASIS_OK;
}

void basis_eigen_device_close(void *dev)
{
#ifdef BASIS_WITH_OPENCL
    basis_cl_resident_free(dev);
#else
    (void)dev;
#endif
}
