/* auto.c: AUTO's device policy: a large enough GEMM (or LU, power iteration, PageRank) goes to a GPU whose threshold was measured, everything else (and a device failure before the outputs are touched, logged) to the CPU target. */
#include <stdatomic.h>
#include <string.h>
#include <threads.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "ctx_internal.h"
#include "gemm_blocked.h"
#include "opencl/opencl.h"

/* Measured thresholds (docs/gpu.md): end to end from host memory, the H200 beat the 16-core
 * host's avx512 sgemm from n = 768 (1.09x) and by 1.4x at n = 1024; dgemm likewise. The
 * policy asks for 2mnk >= 2 * 1024^3 and every dimension >= 512 (a thin product moves more
 * bytes per flop than the square one measured). GPUs of other vendors have no measured
 * entry, so AUTO keeps them off until one is measured (basis-bench-opencl --cpu). */
typedef struct auto_entry {
    const char *vendor; /* substring of CL_DEVICE_VENDOR, case-insensitive */
    double min_flops;
    int64_t min_dim;
    const char *driver[2]; /* where the vendor's kernel driver shows itself (Linux) */
} auto_entry;

static const auto_entry measured[] = {
    {"nvidia", 2.0 * 1024 * 1024 * 1024, 512, {"/proc/driver/nvidia", "/dev/nvidiactl"}},
};

/* The other ops' thresholds, in their work (basis_cl_op_on_device), for a vendor of the
 * table above: none measured yet, so AUTO keeps them on the CPU. tools/gpu_run.sh times
 * LU at n = 1024..8192, power iteration and PageRank on three graphs on the device and
 * on the CPU; an entry goes here once a run has shown where the device starts to pay. */
typedef struct auto_op_entry {
    const char *vendor; /* NULL: the end of the table */
    basis_cl_auto_op op;
    double min_flops;
} auto_op_entry;

static const auto_op_entry measured_ops[] = {
    {NULL, BASIS_CL_AUTO_LU, 0.0},
};

/* Whether the kernel driver of a vendor in the table is loaded. AUTO asks the ICD loader
 * about devices only then: listing the platforms loads every installed ICD, and PoCL's
 * (a CPU device AUTO never takes) alone added 63 MB to the peak resident size of a 4096
 * dgemm here (464 against 401 MB; the three matrices are 393). A GPU of a vendor in the
 * table cannot be there without its driver. */
static once_flag driver_once = ONCE_FLAG_INIT;
static int driver_seen;

static void look_for_drivers(void)
{
    for (size_t i = 0; i < sizeof measured / sizeof measured[0]; i++)
        for (int j = 0; j < 2; j++)
            if (measured[i].driver[j] && access(measured[i].driver[j], F_OK) == 0)
                driver_seen = 1;
}

static _Atomic double test_min_flops;

void basis_cl_test_auto(double min_flops)
{
    atomic_store(&test_min_flops, min_flops > 0.0 ? min_flops : 0.0);
}

int basis_cl_auto_may_take(double flops)
{
    double test = atomic_load(&test_min_flops);
    if (test > 0.0)
        return flops >= test;
    double least = measured[0].min_flops;
    for (size_t i = 1; i < sizeof measured / sizeof measured[0]; i++)
        least = measured[i].min_flops < least ? measured[i].min_flops : least;
    return flops >= least;
}

/* The chosen device when it is a GPU whose vendor's driver is loaded, else NULL. */
static const basis_cl_device_info *auto_gpu(int platform, int device)
{
    call_once(&driver_once, look_for_drivers);
    if (!driver_seen)
        return NULL;
    const basis_cl_device_info *info = basis_cl_peek(platform, device);
    return info && info->is_gpu ? info : NULL;
}

static int worth_device(int64_t m, int64_t n, int64_t k)
{
    const basis_cl_call *cur = basis_cl_current();
    double flops = 2.0 * (double)m * (double)n * (double)k;
    double test = atomic_load(&test_min_flops);
    if (test > 0.0) {
        if (flops < test)
            return 0;
        return basis_cl_peek(cur->platform, cur->device) != NULL;
    }
    int64_t dmin = m < n ? (m < k ? m : k) : (n < k ? n : k);
    if (flops < measured[0].min_flops || dmin < measured[0].min_dim)
        return 0; /* the common case decides without asking the ICD loader */
    const basis_cl_device_info *info = auto_gpu(cur->platform, cur->device);
    if (!info)
        return 0;
    for (size_t i = 0; i < sizeof measured / sizeof measured[0]; i++)
        if (basis_cl_name_has(info->vendor, measured[i].vendor))
            return flops >= measured[i].min_flops && dmin >= measured[i].min_dim;
    return 0;
}

/* The thread's record for an AUTO call that may go to the device; cpu runs it otherwise. */
static void prepare(basis_ctx *ctx, const char *fn, const basis_call *cpu)
{
    basis_cl_call *cur = basis_cl_current();
    memset(cur, 0, sizeof *cur);
    cur->fn = fn;
    cur->platform = ctx ? ctx->cl_platform : -1;
    cur->device = ctx ? ctx->cl_device : -1;
    cur->automatic = 1;
    cur->cpu_call = *cpu;
}

/* A device failure AUTO forgets: logged, its times dropped, the CPU runs the op. */
static void forget_failure(basis_cl_call *cur)
{
    basis_log("%s: the OpenCL device failed (%s); running on the CPU instead", cur->fn,
              basis_last_error());
    cur->status = BASIS_OK;
    cur->kernel_seconds = cur->transfer_seconds = 0.0;
}

int basis_cl_op_on_device(basis_ctx *ctx, const basis_call *call, const char *fn,
                          basis_cl_auto_op op, double flops)
{
    if (call->backend == BASIS_BACKEND_OPENCL)
        return 1; /* forced: dispatch prepared the thread's record */
    if (!call->automatic)
        return 0;
    int platform = ctx ? ctx->cl_platform : -1, device = ctx ? ctx->cl_device : -1;
    double test = atomic_load(&test_min_flops);
    int take = 0;
    if (test > 0.0) {
        take = flops >= test && basis_cl_peek(platform, device) != NULL;
    } else {
        double least = -1.0;
        for (const auto_op_entry *e = measured_ops; e->vendor; e++)
            if (e->op == op && (least < 0.0 || e->min_flops < least))
                least = e->min_flops;
        if (least < 0.0 || flops < least)
            return 0; /* nothing measured, or too small for any: no ICD loader asked */
        const basis_cl_device_info *info = auto_gpu(platform, device);
        for (const auto_op_entry *e = measured_ops; info && e->vendor && !take; e++)
            take = e->op == op && flops >= e->min_flops &&
                   basis_cl_name_has(info->vendor, e->vendor);
    }
    if (take)
        prepare(ctx, fn, call);
    return take;
}

int basis_cl_op_fall_back(const basis_call *call, basis_status *s)
{
    if (call->backend == BASIS_BACKEND_OPENCL)
        return 0; /* forced: whatever happened is the call's */
    basis_cl_call *cur = basis_cl_current();
    /* a result (singular, no convergence) or a failure after the outputs were written
     * stands; so does success */
    int device_failed = *s == BASIS_ERR_DEVICE || *s == BASIS_ERR_BACKEND ||
                        *s == BASIS_ERR_NO_MEMORY;
    if (!device_failed || cur->c_touched) {
        cur->ran_on_device = 1;
        return 0;
    }
    forget_failure(cur);
    *s = BASIS_OK;
    return 1;
}

/* The device first; 1 when it produced C. A failure before C was touched is logged and
 * forgotten (the CPU runs); one after is the call's status. */
static int try_device(int elem, int64_t m, int64_t n, int64_t k, double alpha, const void *a,
                      int64_t rsa, int64_t csa, const void *b, int64_t rsb, int64_t csb,
                      double beta, void *c, int64_t rsc, int64_t csc)
{
    basis_cl_call *cur = basis_cl_current();
    if (!worth_device(m, n, k))
        return 0;
    cur->status = BASIS_OK;
    cur->c_touched = 0;
    if (elem == 4)
        basis_cl_sgemm(m, n, k, (float)alpha, a, rsa, csa, b, rsb, csb, (float)beta, c, rsc, csc);
    else
        basis_cl_dgemm(m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc);
    if (cur->status == BASIS_OK) {
        cur->ran_on_device = 1;
        return 1;
    }
    if (cur->c_touched)
        return 1; /* C is half written: the error stands */
    forget_failure(cur);
    return 0;
}

static void auto_sgemm(int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t rsa,
                       int64_t csa, const float *b, int64_t rsb, int64_t csb, float beta,
                       float *c, int64_t rsc, int64_t csc)
{
    if (try_device(4, m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc))
        return;
    basis_cl_call *cur = basis_cl_current();
    cur->status = basis_sgemm_run(&cur->cpu_call, m, n, k, alpha, a, rsa, csa, b, rsb, csb,
                                  beta, c, rsc, csc);
}

static void auto_dgemm(int64_t m, int64_t n, int64_t k, double alpha, const double *a,
                       int64_t rsa, int64_t csa, const double *b, int64_t rsb, int64_t csb,
                       double beta, double *c, int64_t rsc, int64_t csc)
{
    if (try_device(8, m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc))
        return;
    basis_cl_call *cur = basis_cl_current();
    cur->status = basis_dgemm_run(&cur->cpu_call, m, n, k, alpha, a, rsa, csa, b, rsb, csb,
                                  beta, c, rsc, csc);
}

/* One table per CPU backend: its own, with GEMM through the two functions above. */
#define MAX_BACKENDS 8
static basis_kernels hybrid[MAX_BACKENDS];
static int hybrid_ok[MAX_BACKENDS];
static once_flag hybrid_once = ONCE_FLAG_INIT;

static void build_hybrid(void)
{
    for (int b = 0; b < MAX_BACKENDS; b++) {
        if (b == BASIS_BACKEND_AUTO || b == BASIS_BACKEND_OPENCL)
            continue;
        const basis_kernels *k = basis_target_kernels((basis_backend)b);
        if (!k)
            continue;
        hybrid[b] = *k;
        hybrid[b].sgemm = auto_sgemm;
        hybrid[b].dgemm = auto_dgemm;
        /* GEMM reaches the plain slots; the CPU path behind them is the target's own */
        memset(&hybrid[b].sgemm_ukr, 0, sizeof hybrid[b].sgemm_ukr);
        memset(&hybrid[b].dgemm_ukr, 0, sizeof hybrid[b].dgemm_ukr);
        hybrid[b].sgemm_small = NULL;
        hybrid[b].dgemm_small = NULL;
        hybrid_ok[b] = 1;
    }
}

const basis_kernels *basis_cl_auto_kernels(basis_ctx *ctx, const char *fn, const basis_call *cpu)
{
    basis_cl_call *cur = basis_cl_current();
    cur->automatic = 0;
    cur->ran_on_device = 0;
    if (strcmp(fn, "basis_sgemm") && strcmp(fn, "basis_dgemm"))
        return cpu->k;
    int b = (int)cpu->backend;
    call_once(&hybrid_once, build_hybrid);
    if (b < 0 || b >= MAX_BACKENDS || !hybrid_ok[b])
        return cpu->k;
    prepare(ctx, fn, cpu);
    return &hybrid[b];
}
