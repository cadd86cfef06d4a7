/* bench_opencl_gemm.c: basis-bench-opencl: s/d GEMM on the OpenCL device basis picks, basis beside CLBlast (default parameters) and, with --cpu, basis on the CPU, in one run, every result verified. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clblast_c.h>

#include "basis.h"
#include "opencl/opencl.h"

#define MAX_SIZES 16

typedef struct timing {
    double best_total, best_kernel; /* seconds */
} timing;

static double now_s(void)
{
    return basis_now();
}

static void fill(double *x, size_t n, unsigned seed)
{
    unsigned s = seed * 2654435761u + 1u;
    for (size_t i = 0; i < n; i++) {
        s = s * 1664525u + 1013904223u;
        x[i] = (double)(s >> 8) / (double)(1u << 24) * 2.0 - 1.0;
    }
}

/* ||C t - A (B t)|| / (||A|| ||B|| ||t|| n eps): O(n^2), the same test for both results. */
static double residual(int dbl, int64_t n, const void *a, const void *b, const void *c)
{
    double *t = malloc(sizeof(double) * (size_t)n), *bt = calloc((size_t)n, sizeof(double));
    double *abt = calloc((size_t)n, sizeof(double)), *ct = calloc((size_t)n, sizeof(double));
    fill(t, (size_t)n, 99);
    double na = 0.0, nb = 0.0, nt = 0.0, diff = 0.0;
#define AT(p, i) (dbl ? ((const double *)(p))[i] : (double)((const float *)(p))[i])
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++) {
            size_t ij = (size_t)(i + j * n);
            bt[i] += AT(b, ij) * t[j];
            ct[i] += AT(c, ij) * t[j];
            na += AT(a, ij) * AT(a, ij);
            nb += AT(b, ij) * AT(b, ij);
        }
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++)
            abt[i] += AT(a, (size_t)(i + j * n)) * bt[j];
#undef AT
    for (int64_t i = 0; i < n; i++) {
        diff += (ct[i] - abt[i]) * (ct[i] - abt[i]);
        nt += t[i] * t[i];
    }
    free(t);
    free(bt);
    free(abt);
    free(ct);
    double eps = dbl ? 1.1e-16 : 6e-8;
    return sqrt(diff) / (sqrt(na) * sqrt(nb) * sqrt(nt) * (double)n * eps + 1e-300);
}

static int run_basis(int dbl, int64_t n, int reps, const void *a, const void *b, void *c,
                     timing *t, basis_backend backend)
{
    basis_ctx *ctx;
    if (basis_ctx_create(&ctx) || basis_ctx_set_backend(ctx, backend)) {
        fprintf(stderr, "bench-opencl: %s\n", basis_last_error());
        return 0;
    }
    t->best_total = t->best_kernel = INFINITY;
    for (int r = 0; r <= reps; r++) { /* r = 0 builds (or loads) the program: not counted */
        basis_status s = dbl ? basis_dgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS,
                                           n, n, n, 1.0, a, n, b, n, 0.0, c, n)
                             : basis_sgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS,
                                           n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
        if (s != BASIS_OK) {
            fprintf(stderr, "bench-opencl: basis %s: %s\n", basis_status_name(s),
                    basis_last_error());
            basis_ctx_destroy(ctx);
            return 0;
        }
        basis_stats st;
        basis_ctx_get_stats(ctx, &st);
        if (r > 0 && st.total_seconds < t->best_total) {
            t->best_total = st.total_seconds;
            t->best_kernel = st.kernel_seconds;
        }
    }
    basis_ctx_destroy(ctx);
    return 1;
}

/* CLBlast on the same device, its matrices resident there (transfers not timed: in its
 * favour). */
static int run_clblast(int dbl, int64_t n, int reps, cl_context cx, cl_command_queue q,
                       const void *a, const void *b, void *c, timing *t)
{
    size_t bytes = (size_t)(n * n) * (dbl ? sizeof(double) : sizeof(float));
    cl_int err;
    cl_mem da = clCreateBuffer(cx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, bytes, (void *)a, &err);
    cl_mem db = clCreateBuffer(cx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, bytes, (void *)b, &err);
    cl_mem dc = clCreateBuffer(cx, CL_MEM_READ_WRITE, bytes, NULL, &err);
    int ok = da && db && dc;
    t->best_total = t->best_kernel = INFINITY;
    for (int r = 0; ok && r <= reps; r++) {
        cl_event ev = NULL;
        double t0 = now_s();
        CLBlastStatusCode s =
            dbl ? CLBlastDgemm(CLBlastLayoutColMajor, CLBlastTransposeNo, CLBlastTransposeNo,
                               (size_t)n, (size_t)n, (size_t)n, 1.0, da, 0, (size_t)n, db, 0,
                               (size_t)n, 0.0, dc, 0, (size_t)n, &q, &ev)
                : CLBlastSgemm(CLBlastLayoutColMajor, CLBlastTransposeNo, CLBlastTransposeNo,
                               (size_t)n, (size_t)n, (size_t)n, 1.0f, da, 0, (size_t)n, db, 0,
                               (size_t)n, 0.0f, dc, 0, (size_t)n, &q, &ev);
        if (s != CLBlastSuccess) {
            fprintf(stderr, "bench-opencl: CLBlast%cgemm failed with status %d\n",
                    dbl ? 'D' : 'S', (int)s);
            ok = 0;
            break;
        }
        clFinish(q);
        double wall = now_s() - t0;
        if (ev)
            clReleaseEvent(ev);
        if (r > 0 && wall < t->best_total)
            t->best_total = t->best_kernel = wall;
    }
    if (ok)
        ok = clEnqueueReadBuffer(q, dc, CL_TRUE, 0, bytes, c, 0, NULL, NULL) == CL_SUCCESS;
    if (da)
        clReleaseMemObject(da);
    if (db)
        clReleaseMemObject(db);
    if (dc)
        clReleaseMemObject(dc);
    return ok;
}

int main(int argc, char **argv)
{
    int64_t sizes[MAX_SIZES] = {1024};
    int nsizes = 1, reps = 3, dbl = 0, cpu = 0;
    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "--sizes=", 8)) {
            nsizes = 0;
            for (char *p = argv[i] + 8; *p && nsizes < MAX_SIZES;) {
                char *end;
                long v = strtol(p, &end, 10);
                if (end == p || v <= 0) {
                    fprintf(stderr, "bench-opencl: bad --sizes '%s'\n", argv[i] + 8);
                    return 2;
                }
                sizes[nsizes++] = v;
                p = *end == ',' ? end + 1 : end;
            }
        } else if (!strncmp(argv[i], "--reps=", 7) && atoi(argv[i] + 7) > 0) {
            reps = atoi(argv[i] + 7);
        } else if (!strcmp(argv[i], "--cpu")) {
            cpu = 1;
        } else if (!strcmp(argv[i], "--precision=d")) {
            dbl = 1;
        } else if (!strcmp(argv[i], "--precision=s")) {
            dbl = 0;
        } else {
            fprintf(stderr, "usage: basis-bench-opencl [--sizes=N,N...] [--reps=R] "
                            "[--precision=s|d] [--cpu]\n");
            return 2;
        }
    }
    /* the device basis's default policy picks, with its OpenCL ids for CLBlast */
    basis_cl_device_info info[32];
    cl_platform_id pids[32];
    cl_device_id ids[32];
    int count = 0, idx = -1;
    if (basis_cl_enumerate(info, pids, ids, 32, &count) != BASIS_OK ||
        basis_opencl_default_device(info, count, &idx) != BASIS_OK || idx < 0) {
        fprintf(stderr, "bench-opencl: no OpenCL device (%s)\n", basis_last_error());
        return 1;
    }
    if (dbl && !info[idx].fp64) {
        fprintf(stderr, "bench-opencl: %s has no fp64\n", info[idx].name);
        return 1;
    }
    cl_int err;
    cl_context cx = clCreateContext(NULL, 1, &ids[idx], NULL, NULL, &err);
    cl_command_queue q = cx ? clCreateCommandQueue(cx, ids[idx], 0, &err) : NULL;
    if (!q) {
        fprintf(stderr, "bench-opencl: cannot open %s\n", info[idx].name);
        return 1;
    }
    printf("device %d:%d %s (%s, driver %s), %cgemm, column major NN, alpha 1 beta 0, best of %d\n",
           info[idx].platform, info[idx].device, info[idx].name, info[idx].platform_name,
           info[idx].driver, dbl ? 'd' : 's', reps);
    printf("%6s %14s %14s %14s %10s %10s %12s\n", "n", "basis e2e", "basis kernels", "CLBlast",
           "e2e/CLB", "kern/CLB", "verified");
    int failed = 0;
    for (int si = 0; si < nsizes; si++) {
        int64_t n = sizes[si];
        size_t cnt = (size_t)(n * n), esz = dbl ? sizeof(double) : sizeof(float);
        double *tmp = malloc(sizeof(double) * cnt);
        void *a = malloc(esz * cnt), *b = malloc(esz * cnt), *c1 = malloc(esz * cnt),
             *c2 = malloc(esz * cnt);
        for (int which = 0; which < 2; which++) {
            void *x = which ? b : a;
            fill(tmp, cnt, (unsigned)which + 1u);
            for (size_t i = 0; i < cnt; i++) {
                if (dbl)
                    ((double *)x)[i] = tmp[i];
                else
                    ((float *)x)[i] = (float)tmp[i];
            }
        }
        timing tb = {INFINITY, INFINITY}, tc = {INFINITY, INFINITY};
        /* the best CPU backend on the same data (first, before any device thread exists
         * to compete with it): where the device starts to pay */
        timing tcpu = {INFINITY, INFINITY};
        int okc = cpu && run_basis(dbl, n, reps, a, b, c2, &tcpu, basis_backend_best_cpu());
        double rc = okc ? residual(dbl, n, a, b, c2) : 0.0;
        int ok1 = run_basis(dbl, n, reps, a, b, c1, &tb, BASIS_BACKEND_OPENCL);
        int ok2 = run_clblast(dbl, n, reps, cx, q, a, b, c2, &tc);
        double r1 = ok1 ? residual(dbl, n, a, b, c1) : INFINITY;
        double r2 = ok2 ? residual(dbl, n, a, b, c2) : INFINITY;
        int good = r1 < 10.0 && r2 < 10.0 && rc < 10.0;
        failed |= !good;
        double fl = 2.0 * (double)n * (double)n * (double)n * 1e-9;
        printf("%6lld %9.1f GF/s %9.1f GF/s %9.1f GF/s %9.2fx %9.2fx %5s %.1e/%.1e\n",
               (long long)n, fl / tb.best_total, fl / tb.best_kernel, fl / tc.best_total,
               tc.best_total / tb.best_total, tc.best_total / tb.best_kernel,
               good ? "yes" : "NO", r1, r2);
        if (okc)
            printf("%6s %9.1f GF/s on the CPU (%s, the best CPU backend; e2e/CPU %.2fx)\n", "",
                   fl / tcpu.best_total, basis_backend_name(basis_backend_best_cpu()),
                   tcpu.best_total / tb.best_total);
        free(tmp);
        free(a);
        free(b);
        free(c1);
        free(c2);
    }
    clReleaseCommandQueue(q);
    clReleaseContext(cx);
    printf("(e2e: basis_%cgemm from host arrays, transfers included; kernels: its pack and "
           "GEMM kernels' profiled time; CLBlast: device-resident matrices, wall time of the "
           "call to clFinish; residual ||Ct - A(Bt)|| / (||A|| ||B|| ||t|| n eps) basis/CLBlast)\n",
           dbl ? 'd' : 's');
    return failed ? 1 : 0;
}
