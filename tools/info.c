/* info.c: `basis info [--json] [--peak]`: version, CPU features, topology, OpenCL devices, AUTO's choice, measured peak. */
#include <stdio.h>
#include <string.h>

#include "cpu/cpu.h"
#include "peak.h"
#include "tools.h"
#ifdef BASIS_WITH_OPENCL
#include "opencl/opencl.h"
#endif

#define MAX_CL 32

typedef struct machine {
    const basis_cpu_features *f;
    const basis_topology *t;
    const basis_target *targets;
    int ntargets;
    basis_call call; /* what a call on the default context resolves to */
    int cl_count, cl_default;
    int cl_built;
#ifdef BASIS_WITH_OPENCL
    basis_cl_device_info cl[MAX_CL];
#endif
    const basis_peak *peak; /* NULL unless --peak */
} machine;

static const char *yes(int v)
{
    return v ? "yes" : "no";
}

/* JSON string with the escapes a device or CPU name might need. */
static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            printf("\\u%04x", *s);
        else
            putchar(*s);
    }
    putchar('"');
}

static void print_bytes(int64_t b)
{
    if (b >= ((int64_t)1 << 30))
        printf("%.1f GiB", (double)b / (double)((int64_t)1 << 30));
    else if (b >= ((int64_t)1 << 20))
        printf("%.1f MiB", (double)b / (double)((int64_t)1 << 20));
    else
        printf("%lld KiB", (long long)(b >> 10));
}

static void print_text(const machine *m)
{
    const basis_cpu_features *f = m->f;
    const basis_topology *t = m->t;
    printf("basis %s\n", basis_version());
    printf("cpu: %s (%s)\n", f->model[0] ? f->model : "unknown", f->vendor);
    if (f->x86_64)
        printf("isa: avx %s, fma %s, avx2 %s, avx512f %s, avx512vl %s, avx512bw %s, avx512dq %s;"
               " OS saves ymm %s, zmm %s\n", yes(f->avx), yes(f->fma), yes(f->avx2),
               yes(f->avx512f), yes(f->avx512vl), yes(f->avx512bw), yes(f->avx512dq),
               yes(f->os_ymm), yes(f->os_zmm));
    if (f->aarch64)
        printf("isa: neon %s, fp16 %s\n", yes(f->neon), yes(f->asimd_fp16));
    printf("topology (%s): %d physical cores, %d logical CPUs, L1d ", t->source,
           t->physical_cores, t->logical_cpus);
    print_bytes(t->l1d_bytes);
    printf(", L2 ");
    print_bytes(t->l2_bytes);
    printf(", L3 ");
    print_bytes(t->l3_bytes);
    printf("\ntargets:");
    for (int i = 0; i < m->ntargets; i++)
        printf(" %s (%s)%s", m->targets[i].name,
               m->targets[i].supported(f) ? "usable" : "not supported",
               i + 1 < m->ntargets ? "," : "\n");
    printf("auto picks: %s (best CPU target %s)\n", basis_backend_name(m->call.backend),
           basis_backend_name(basis_backend_best_cpu()));
    printf("threads: %d\n", m->call.threads);
    if (!m->cl_built) {
        printf("opencl: not built in\n");
        return;
    }
    printf("opencl: %d device%s\n", m->cl_count, m->cl_count == 1 ? "" : "s");
#ifdef BASIS_WITH_OPENCL
    for (int i = 0; i < m->cl_count; i++) {
        const basis_cl_device_info *d = &m->cl[i];
        printf("  %d:%d %s [%s] %s, %d compute units, ", d->platform, d->device, d->name,
               d->platform_name, d->is_gpu ? "GPU" : "non-GPU", d->compute_units);
        print_bytes(d->global_mem_bytes);
        printf(" (max alloc ");
        print_bytes(d->max_alloc_bytes);
        printf("), fp64 %s, %s, driver %s%s\n", yes(d->fp64), d->version, d->driver,
               i == m->cl_default ? "  <- default" : "");
    }
#endif
}

/* The measured limits as a table: per target s/d GFLOP/s on 1 core and all cores. */
static void print_peak_text(const basis_peak *p)
{
    if (p->from_cache)
        printf("peak FMA GFLOP/s (read from %s):\n", p->cache_path);
    else if (p->cache_path[0])
        printf("peak FMA GFLOP/s (measured now, saved to %s):\n", p->cache_path);
    else
        printf("peak FMA GFLOP/s (measured now, not cached):\n");
    printf("  %-8s %12s %12s %12s %12s\n", "target", "single 1", "single all", "double 1",
           "double all");
    for (int i = 0; i < p->ntargets; i++) {
        const basis_peak_target *t = &p->target[i];
        printf("  %-8s %12.1f %12.1f %12.1f %12.1f\n", t->name, t->s_gflops_1core,
               t->s_gflops_all, t->d_gflops_1core, t->d_gflops_all);
    }
    printf("  (1 = one core, all = %d thread%s on %d physical core%s)\n", p->threads,
           p->threads == 1 ? "" : "s", p->physical_cores, p->physical_cores == 1 ? "" : "s");
    printf("memory bandwidth (STREAM triad, %s loop, 3 arrays of ", p->triad_target);
    print_bytes(p->triad_array_bytes);
    printf(", write-allocate not counted): %.1f GB/s 1 thread, %.1f GB/s %d thread%s\n",
           p->triad_gbs_1thread, p->triad_gbs_all, p->threads, p->threads == 1 ? "" : "s");
}

static void print_peak_json(const basis_peak *p)
{
    printf(",\n  \"peak\": {\"from_cache\": %s, \"cache_path\": ",
           p->from_cache ? "true" : "false");
    json_str(p->cache_path);
    printf(", \"physical_cores\": %d, \"threads\": %d,\n    \"targets\": [",
           p->physical_cores, p->threads);
    for (int i = 0; i < p->ntargets; i++) {
        const basis_peak_target *t = &p->target[i];
        printf("%s\n      {\"name\": \"%s\", \"s_gflops_1core\": %.2f, \"s_gflops_all\": %.2f, "
               "\"d_gflops_1core\": %.2f, \"d_gflops_all\": %.2f}", i ? "," : "", t->name,
               t->s_gflops_1core, t->s_gflops_all, t->d_gflops_1core, t->d_gflops_all);
    }
    printf("],\n    \"triad\": {\"target\": \"%s\", \"array_bytes\": %lld, "
           "\"bytes_per_element\": 24, \"write_allocate_counted\": false, "
           "\"gbs_1thread\": %.2f, \"gbs_all\": %.2f}}", p->triad_target,
           (long long)p->triad_array_bytes, p->triad_gbs_1thread, p->triad_gbs_all);
}

static void print_json(const machine *m)
{
    const basis_cpu_features *f = m->f;
    const basis_topology *t = m->t;
    printf("{\n  \"version\": ");
    json_str(basis_version());
    printf(",\n  \"cpu\": {\"model\": ");
    json_str(f->model);
    printf(", \"vendor\": ");
    json_str(f->vendor);
    printf(", \"arch\": \"%s\",\n    \"features\": {\"avx\": %d, \"fma\": %d, \"avx2\": %d, "
           "\"avx512f\": %d, \"avx512vl\": %d, \"avx512bw\": %d, \"avx512dq\": %d, \"neon\": %d},"
           "\n    \"os_saves_ymm\": %d, \"os_saves_zmm\": %d},\n",
           f->x86_64 ? "x86_64" : f->aarch64 ? "aarch64" : "unknown", f->avx, f->fma, f->avx2,
           f->avx512f, f->avx512vl, f->avx512bw, f->avx512dq, f->neon, f->os_ymm, f->os_zmm);
    printf("  \"topology\": {\"source\": \"%s\", \"physical_cores\": %d, \"logical_cpus\": %d, "
           "\"l1d_bytes\": %lld, \"l2_bytes\": %lld, \"l3_bytes\": %lld},\n", t->source,
           t->physical_cores, t->logical_cpus, (long long)t->l1d_bytes,
           (long long)t->l2_bytes, (long long)t->l3_bytes);
    printf("  \"targets\": [");
    for (int i = 0; i < m->ntargets; i++)
        printf("%s{\"name\": \"%s\", \"usable\": %s}", i ? ", " : "", m->targets[i].name,
               m->targets[i].supported(f) ? "true" : "false");
    printf("],\n  \"auto_backend\": \"%s\",\n  \"best_cpu_backend\": \"%s\",\n"
           "  \"threads\": %d,\n", basis_backend_name(m->call.backend),
           basis_backend_name(basis_backend_best_cpu()), m->call.threads);
    printf("  \"opencl\": {\"built\": %s, \"default\": %d, \"devices\": [",
           m->cl_built ? "true" : "false", m->cl_default);
#ifdef BASIS_WITH_OPENCL
    for (int i = 0; i < m->cl_count; i++) {
        const basis_cl_device_info *d = &m->cl[i];
        printf("%s\n    {\"platform\": %d, \"device\": %d, \"name\": ", i ? "," : "",
               d->platform, d->device);
        json_str(d->name);
        printf(", \"platform_name\": ");
        json_str(d->platform_name);
        printf(", \"vendor\": ");
        json_str(d->vendor);
        printf(", \"version\": ");
        json_str(d->version);
        printf(", \"driver\": ");
        json_str(d->driver);
        printf(", \"gpu\": %s, \"compute_units\": %d, \"global_mem_bytes\": %lld, "
               "\"max_alloc_bytes\": %lld, \"fp64\": %s}", d->is_gpu ? "true" : "false",
               d->compute_units, (long long)d->global_mem_bytes,
               (long long)d->max_alloc_bytes, d->fp64 ? "true" : "false");
    }
#endif
    printf("]}");
    if (m->peak)
        print_peak_json(m->peak);
    printf("\n}\n");
}

int basis_tool_info(int argc, char **argv)
{
    int json = 0, want_peak = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (!strcmp(argv[i], "--peak")) {
            want_peak = 1;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: basis info [--json] [--peak]\n"
                   "  the CPU, its ISA and topology, the targets and the one auto picks, the "
                   "threads,\n  every OpenCL device (--json: as JSON; --peak: measure the "
                   "FMA peak too)\n");
            return BASIS_EXIT_OK;
        } else {
            fprintf(stderr,
                    "basis info: unknown option '%s' (usage: basis info [--json] [--peak])\n",
                    argv[i]);
            return BASIS_EXIT_USAGE;
        }
    }
    static machine m;
    m.f = basis_cpu_features_get();
    m.t = basis_topology_get();
    m.targets = basis_targets(&m.ntargets);
    m.cl_default = -1;
    /* Resolving the default context's call reports a bad BASIS_BACKEND or
     * BASIS_NUM_THREADS exactly as every op would. */
    if (basis_call_begin(NULL, "basis info", &m.call) != BASIS_OK) {
        /* the message names "basis info" already, except the thread count's */
        const char *msg = basis_last_error();
        fprintf(stderr, "%s%s\n", strncmp(msg, "basis info", 10) ? "basis info: " : "", msg);
        return BASIS_EXIT_RUNTIME;
    }
#ifdef BASIS_WITH_OPENCL
    m.cl_built = 1;
    if (basis_opencl_devices(m.cl, MAX_CL, &m.cl_count) != BASIS_OK ||
        basis_opencl_default_device(m.cl, m.cl_count, &m.cl_default) != BASIS_OK) {
        fprintf(stderr, "basis info: %s\n", basis_last_error());
        return BASIS_EXIT_RUNTIME;
    }
#endif
    /* --peak measures now (seconds) and refreshes the cache that benchmarks read. */
    static basis_peak peak;
    if (want_peak) {
        if (basis_peak_load_or_measure(&peak, 1) != BASIS_OK) {
            fprintf(stderr, "basis info: %s\n", basis_last_error());
            return BASIS_EXIT_RUNTIME;
        }
        m.peak = &peak;
    }
    if (json)
        print_json(&m);
    else
        print_text(&m);
    if (m.peak && !json)
        print_peak_text(m.peak);
    return BASIS_EXIT_OK;
}
