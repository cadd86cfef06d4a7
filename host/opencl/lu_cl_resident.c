/* lu_cl_resident.c: a dense matrix and its LU factors kept on an OpenCL device across an iteration (shifted inverse iteration, deflated power iteration), so each step moves one vector each way. */
#include <string.h>

#include "opencl/lu_cl_job.h"

/* The products and solves are lu_cl_ops.c's: y = A x as GEMMs over nb-column blocks of A
 * (the packed operands hold nb columns), the solve as getrs with one right-hand side. The
 * job holds the device from open to free, so the host's work between the steps
 * (orthogonalization, norms, the stopping rule) is all the caller may do meanwhile. */
struct basis_cl_resident {
    lu_job j;
    int64_t n;
    hmat hv;          /* an n-vector, column-major */
    dview a, lu, x, y; /* a.buf / lu.buf NULL when not kept */
};

basis_status basis_cl_resident_open(const basis_call *call, const char *fn, int elem, int64_t n,
                                    const void *a, const void *lu, const int64_t *ipiv,
                                    basis_cl_resident **out)
{
    *out = NULL;
    basis_cl_resident *r = basis_alloc(sizeof *r);
    if (!r)
        return basis_fail(BASIS_ERR_NO_MEMORY, "%s: could not allocate the device state", fn);
    memset(r, 0, sizeof *r);
    lu_job *j = &r->j;
    basis_status s = basis_cl_lu_start(j, call, fn, elem);
    if (s != BASIS_OK) {
        basis_free(r);
        return s;
    }
    r->n = n;
    if ((s = basis_cl_lu_check_device(j, n, n, 1))) {
        basis_cl_lu_finish(j, s);
        basis_free(r);
        return s;
    }
    basis_cl_lu_prepare(j);
    int64_t e = elem, kp = round_up(j->nb, j->prm.kwg);
    int64_t bytes[7] = {a ? n * n * e : 0,
                        lu ? n * n * e : 0,
                        lu ? n * (int64_t)sizeof(cl_long) : 0,
                        n * e,
                        n * e,
                        round_up(n, j->prm.mwg) * kp * e,
                        round_up(n, j->prm.nwg) * kp * e};
    static const char *const names[7] = {"A", "the LU factors", "the pivots", "x", "A x",
                                         "the packed GEMM operand A",
                                         "the packed GEMM operand B"};
    hmat ha;
    describe(&ha, n, n, 1, n);
    describe(&r->hv, n, 1, 1, n);
    cl_mem da = NULL, dlu = NULL, dx, dy;
    if ((s = basis_cl_check_fit(fn, j->cl.dev, bytes, names, 7,
                                "the matrices of the iteration")) ||
        (s = basis_cl_lu_build(j)) ||
        (a && (s = basis_cl_job_buffer(&j->cl, bytes[0], NULL, &da))) ||
        (lu && (s = basis_cl_job_buffer(&j->cl, bytes[1], NULL, &dlu))) ||
        (lu && (s = basis_cl_job_buffer(&j->cl, bytes[2], NULL, &j->piv))) ||
        (s = basis_cl_job_buffer(&j->cl, bytes[3], NULL, &dx)) ||
        (s = basis_cl_job_buffer(&j->cl, bytes[4], NULL, &dy)) ||
        (s = basis_cl_job_buffer(&j->cl, bytes[5], NULL, &j->pa)) ||
        (s = basis_cl_job_buffer(&j->cl, bytes[6], NULL, &j->pb)) ||
        (a && (s = basis_cl_lu_xfer(j, da, &ha, 0, 0, n, n, (void *)a, n, 1, CL_FALSE, NULL))) ||
        (lu && (s = basis_cl_lu_xfer(j, dlu, &ha, 0, 0, n, n, (void *)lu, n, 1, CL_FALSE, NULL))) ||
        (lu && (s = basis_cl_lu_write_pivots(j, ipiv, n)))) {
        basis_cl_lu_finish(j, s);
        basis_free(r);
        return s;
    }
    r->a = device_view(&ha, da);
    r->lu = device_view(&ha, dlu);
    r->x = device_view(&r->hv, dx);
    r->y = device_view(&r->hv, dy);
    *out = r;
    return BASIS_OK;
}

basis_status basis_cl_resident_gemv(basis_cl_resident *r, const void *x, void *y)
{
    lu_job *j = &r->j;
    int64_t n = r->n;
    basis_status s = basis_cl_lu_xfer(j, r->x.buf, &r->hv, 0, 0, n, 1, (void *)x, n, 1,
                                      CL_FALSE, NULL);
    for (int64_t k = 0; k < n && s == BASIS_OK; k += j->nb) {
        int64_t kb = min64(j->nb, n - k);
        s = basis_cl_lu_gemm(j, n, 1, kb, 1.0, sub(r->a, 0, k), sub(r->x, k, 0), k ? 1.0 : 0.0,
                             r->y);
    }
    if (s == BASIS_OK)
        s = basis_cl_lu_xfer(j, r->y.buf, &r->hv, 0, 0, n, 1, y, n, 0, CL_TRUE, NULL);
    return s ? s : basis_cl_job_check(&j->cl); /* a command that failed on the device */
}

basis_status basis_cl_resident_solve(basis_cl_resident *r, void *x)
{
    lu_job *j = &r->j;
    int64_t n = r->n;
    basis_status s;
    if ((s = basis_cl_lu_xfer(j, r->x.buf, &r->hv, 0, 0, n, 1, x, n, 1, CL_FALSE, NULL)) ||
        (s = basis_cl_lu_getrs(j, 0, n, 1, n, r->lu, r->x)) ||
        (s = basis_cl_lu_xfer(j, r->x.buf, &r->hv, 0, 0, n, 1, x, n, 0, CL_TRUE, NULL)))
        return s;
    return basis_cl_job_check(&j->cl); /* a command that failed on the device */
}

void basis_cl_resident_free(basis_cl_resident *r)
{
    if (!r)
        return;
    basis_cl_lu_finish(&r->j, BASIS_OK); /* each step checked its own commands */
    basis_free(r);
}
