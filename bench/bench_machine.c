/* bench_machine.c: machine facts for basis-bench's context (what `basis info --json` reports) and the peak lookup behind every row's pct_peak. */
#include "bench_machine.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "gbench_shim.h"
#include "peak.h"
#ifdef BASIS_WITH_OPENCL
#include "opencl/opencl.h"
#endif

#define MAX_CL 16

static basis_peak peak;
static int have_peak;

/* A growing JSON text. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            return;
        if (t->s && t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = (t->cap + (size_t)n + 1) * 2;
        char *grown = realloc(t->s, cap);
        if (!grown)
            return;
        t->s = grown;
        t->cap = cap;
    }
}

static void put_str(text *t, const char *s)
{
    put(t, "\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            put(t, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            put(t, "\\u%04x", (unsigned)(unsigned char)*s);
        else
            put(t, "%c", *s);
    }
    put(t, "\"");
}

static void put_peak(text *t)
{
    put(t, ", \"peak\": {\"from_cache\": %s, \"physical_cores\": %d, \"threads\": %d, "
        "\"targets\": [", peak.from_cache ? "true" : "false", peak.physical_cores,
        peak.threads);
    for (int i = 0; i < peak.ntargets; i++) {
        const basis_peak_target *p = &peak.target[i];
        put(t, "%s{\"name\": \"%s\", \"s_gflops_1core\": %.2f, \"s_gflops_all\": %.2f, "
            "\"d_gflops_1core\": %.2f, \"d_gflops_all\": %.2f}", i ? ", " : "", p->name,
            p->s_gflops_1core, p->s_gflops_all, p->d_gflops_1core, p->d_gflops_all);
    }
    put(t, "], \"triad\": {\"target\": \"%s\", \"gbs_1thread\": %.2f, \"gbs_all\": %.2f}}",
        peak.triad_target, peak.triad_gbs_1thread, peak.triad_gbs_all);
}

void bench_machine_context(void)
{
    const basis_cpu_features *f = basis_cpu_features_get();
    const basis_topology *topo = basis_topology_get();
    int ntargets = 0, threads = 0;
    const basis_target *targets = basis_targets(&ntargets);
    basis_backend autob = BASIS_BACKEND_AUTO;
    basis_call call;
    if (basis_call_begin(NULL, "basis-bench", &call) == BASIS_OK) {
        autob = call.backend;
        threads = call.threads;
    }

    text t = {NULL, 0, 0};
    put(&t, "{\"version\": ");
    put_str(&t, basis_version());
    put(&t, ", \"cpu\": {\"model\": ");
    put_str(&t, f->model);
    put(&t, ", \"vendor\": ");
    put_str(&t, f->vendor);
    put(&t, ", \"arch\": \"%s\", \"features\": {\"avx\": %d, \"fma\": %d, \"avx2\": %d, "
        "\"avx512f\": %d, \"avx512vl\": %d, \"avx512bw\": %d, \"avx512dq\": %d, \"neon\": %d}, "
        "\"os_saves_ymm\": %d, \"os_saves_zmm\": %d}",
        f->x86_64 ? "x86_64" : f->aarch64 ? "aarch64" : "unknown", f->avx, f->fma, f->avx2,
        f->avx512f, f->avx512vl, f->avx512bw, f->avx512dq, f->neon, f->os_ymm, f->os_zmm);
    put(&t, ", \"topology\": {\"source\": \"%s\", \"physical_cores\": %d, \"logical_cpus\": %d, "
        "\"l1d_bytes\": %lld, \"l2_bytes\": %lld, \"l3_bytes\": %lld}", topo->source,
        topo->physical_cores, topo->logical_cpus, (long long)topo->l1d_bytes,
        (long long)topo->l2_bytes, (long long)topo->l3_bytes);
    put(&t, ", \"targets\": [");
    char usable[128] = "";
    for (int i = 0; i < ntargets; i++) {
        int ok = targets[i].supported(f);
        put(&t, "%s{\"name\": \"%s\", \"usable\": %s}", i ? ", " : "", targets[i].name,
            ok ? "true" : "false");
        if (ok) {
            size_t used = strlen(usable);
            snprintf(usable + used, sizeof usable - used, "%s%s", used ? " " : "",
                     targets[i].name);
        }
    }
    put(&t, "], \"auto_backend\": \"%s\", \"best_cpu_backend\": \"%s\", \"threads\": %d",
        basis_backend_name(autob), basis_backend_name(basis_backend_best_cpu()), threads);
    char devices[1024] = "";
    int cl_built = 0, cl_count = 0;
#ifdef BASIS_WITH_OPENCL
    basis_cl_device_info cl[MAX_CL];
    cl_built = 1;
    if (basis_opencl_devices(cl, MAX_CL, &cl_count) != BASIS_OK)
        cl_count = 0;
    put(&t, ", \"opencl\": {\"built\": true, \"devices\": [");
    for (int i = 0; i < cl_count && i < MAX_CL; i++) {
        put(&t, "%s{\"platform\": %d, \"device\": %d, \"name\": ", i ? ", " : "",
            cl[i].platform, cl[i].device);
        put_str(&t, cl[i].name);
        put(&t, ", \"platform_name\": ");
        put_str(&t, cl[i].platform_name);
        put(&t, ", \"version\": ");
        put_str(&t, cl[i].version);
        put(&t, ", \"gpu\": %s, \"compute_units\": %d, \"global_mem_bytes\": %lld, "
            "\"fp64\": %s}", cl[i].is_gpu ? "true" : "false", cl[i].compute_units,
            (long long)cl[i].global_mem_bytes, cl[i].fp64 ? "true" : "false");
        size_t used = strlen(devices);
        snprintf(devices + used, sizeof devices - used, "%s%d:%d %s (%s)", used ? "; " : "",
                 cl[i].platform, cl[i].device, cl[i].name, cl[i].is_gpu ? "GPU" : "non-GPU");
    }
    put(&t, "]}");
#else
    put(&t, ", \"opencl\": {\"built\": false, \"devices\": []}");
#endif
    if (have_peak)
        put_peak(&t);
    put(&t, "}");
    if (t.s)
        gbs_add_context("basis_info", t.s);
    free(t.s);

    char line[512];
    gbs_add_context("cpu", f->model[0] ? f->model : "unknown");
    snprintf(line, sizeof line, "%s%s%s%s%s", f->avx2 && f->fma ? "avx2 fma " : "",
             f->avx512f ? "avx512f " : "", f->avx512vl && f->avx512bw && f->avx512dq
                                               ? "avx512vl/bw/dq " : "",
             f->neon ? "neon " : "", f->os_zmm ? "(OS saves zmm)" : "");
    gbs_add_context("isa", line);
    snprintf(line, sizeof line, "%d physical cores, %d logical CPUs, L1d %lld KiB, L2 %lld KiB, "
             "L3 %lld KiB (%s)", topo->physical_cores, topo->logical_cpus,
             (long long)(topo->l1d_bytes >> 10), (long long)(topo->l2_bytes >> 10),
             (long long)(topo->l3_bytes >> 10), topo->source);
    gbs_add_context("topology", line);
    snprintf(line, sizeof line, "%s; auto picks %s; %d thread(s) by default", usable,
             basis_backend_name(autob), threads);
    gbs_add_context("backends", line);
    if (cl_built)
        gbs_add_context("opencl_devices", cl_count ? devices : "none found");
    if (have_peak) {
        snprintf(line, sizeof line,
                 "%s (basis info --peak); STREAM triad %.1f GB/s 1 thread, %.1f GB/s %d threads",
                 peak.from_cache ? "read from the cache" : "measured now",
                 peak.triad_gbs_1thread, peak.triad_gbs_all, peak.threads);
        gbs_add_context("peak", line);
    }
}

/* The FMA peak of a row: its backend's target (a peer's: the best target here, the
 * hardware's limit), one core's figure times the threads, capped by the all-core one. */
static void peak_lookup(const char *family, double *gflops, double *gbs)
{
    char op[32], prec[8], impl[64];
    int threads = 0;
    *gflops = 0;
    *gbs = 0;
    if (sscanf(family, "%31[^/]/%7[^/]/%63[^/]/t%d", op, prec, impl, &threads) != 4 ||
        threads < 1)
        return;
    int dbl = prec[0] == 'd';
    basis_backend b;
    const basis_peak_target *pt = NULL;
    if (basis_backend_parse(impl, &b) == BASIS_OK) {
        if (b == BASIS_BACKEND_OPENCL)
            return; /* a device: no measured peak */
        pt = basis_peak_find(&peak, b);
    } else {
        for (int i = 0; i < peak.ntargets; i++) {
            const basis_peak_target *c = &peak.target[i];
            if (!pt || (dbl ? c->d_gflops_all > pt->d_gflops_all
                            : c->s_gflops_all > pt->s_gflops_all))
                pt = c;
        }
    }
    if (pt) {
        double one = dbl ? pt->d_gflops_1core : pt->s_gflops_1core;
        double all = dbl ? pt->d_gflops_all : pt->s_gflops_all;
        *gflops = threads == 1 ? one : (one * threads < all ? one * threads : all);
    }
    double bw1 = peak.triad_gbs_1thread, bwall = peak.triad_gbs_all;
    *gbs = threads == 1 ? bw1 : (bw1 * threads < bwall ? bw1 * threads : bwall);
}

int bench_machine_load_peak(char *msg, unsigned long cap)
{
    if (basis_peak_load_or_measure(&peak, 0) != BASIS_OK) {
        snprintf(msg, cap, "the peak could not be measured: %s", basis_last_error());
        return -1;
    }
    have_peak = 1;
    gbs_set_peak_lookup(peak_lookup);
    return 0;
}
