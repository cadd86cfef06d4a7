/* peak.c: measures the FMA peak of each supported CPU target (1 core, all cores) and the triad memory bandwidth. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef BASIS_WITH_OPENMP
#include <omp.h>
#endif

#include "cpu/cpu.h"
#include "peak.h"
#include "peak_loops.h"

/* Each figure is the best of several runs of about RUN_SECONDS: long enough to dwarf the
 * clock and thread start-up, short enough that the whole measurement takes seconds. The
 * best, not the mean, because noise (other processes, frequency ramp-up) only slows. On a
 * busy machine more runs are taken: they stop once STALE_RUNS in a row have not beaten the
 * best by 1%, and at MAX_RUNS. */
#define MIN_RUNS 3
#define MAX_RUNS 12
#define STALE_RUNS 3
#define RUN_SECONDS 0.05
#define MIN_TRIAD_PASSES 8
#define MAX_TRIAD_PASSES 30
#define MIB ((int64_t)1 << 20)

/* The peak loops of one CPU target: data, so adding a target is one line. */
typedef struct peak_loops {
    basis_backend backend;
    float (*fma_s)(int64_t iters);
    double (*fma_d)(int64_t iters);
    double flops_s, flops_d; /* per iteration */
    void (*triad)(int64_t n, double s, const double *b, const double *c, double *a);
} peak_loops;

static const peak_loops loops[] = {
    {BASIS_BACKEND_REF, basis_peak_fma_ref_s, basis_peak_fma_ref_d, BASIS_PEAK_FLOPS_REF_S,
     BASIS_PEAK_FLOPS_REF_D, basis_peak_triad_ref},
#if defined(__x86_64__)
    {BASIS_BACKEND_AVX2, basis_peak_fma_avx2_s, basis_peak_fma_avx2_d, BASIS_PEAK_FLOPS_AVX2_S,
     BASIS_PEAK_FLOPS_AVX2_D, basis_peak_triad_avx2},
    {BASIS_BACKEND_AVX512, basis_peak_fma_avx512_s, basis_peak_fma_avx512_d,
     BASIS_PEAK_FLOPS_AVX512_S, BASIS_PEAK_FLOPS_AVX512_D, basis_peak_triad_avx512},
#endif
#if defined(__aarch64__)
    {BASIS_BACKEND_NEON, basis_peak_fma_neon_s, basis_peak_fma_neon_d, BASIS_PEAK_FLOPS_NEON_S,
     BASIS_PEAK_FLOPS_NEON_D, basis_peak_triad_neon},
#endif
};
#define LOOP_COUNT ((int)(sizeof loops / sizeof loops[0]))

/* Results land here so that no loop's work is dead. */
static volatile double sink;

static const peak_loops *loops_of(basis_backend backend)
{
    for (int i = 0; i < LOOP_COUNT; i++)
        if (loops[i].backend == backend)
            return &loops[i];
    return NULL;
}

static double run_one(const peak_loops *l, int dbl, int64_t iters)
{
    return dbl ? l->fma_d(iters) : (double)l->fma_s(iters);
}

/* Seconds for iters iterations on each of nthreads threads: from the first thread's start
 * to the last one's end; *ran receives the threads really used. Each thread reads the clock
 * itself, so a thread preempted before it starts cannot hide another's head start (as one
 * clock read by thread 0 after the barrier would). */
static double time_fma(const peak_loops *l, int dbl, int64_t iters, int nthreads, int *ran)
{
    *ran = 1;
#ifdef BASIS_WITH_OPENMP
    if (nthreads > 1) {
        double start = 1e300, end = -1e300, sum = 0.0;
        int got = 1;
#pragma omp parallel num_threads(nthreads) reduction(min : start) reduction(max : end) \
    reduction(+ : sum)
        {
            if (omp_get_thread_num() == 0)
                got = omp_get_num_threads();
#pragma omp barrier
            start = basis_now();
            sum = run_one(l, dbl, iters);
            end = basis_now();
        }
        sink += sum;
        *ran = got;
        return end - start;
    }
#else
    (void)nthreads;
#endif
    double t0 = basis_now();
    sink += run_one(l, dbl, iters);
    return basis_now() - t0;
}

/* Iterations that take about RUN_SECONDS on one thread. */
static int64_t calibrate(const peak_loops *l, int dbl)
{
    int64_t iters = 1024;
    int ran;
    for (;;) {
        double t = time_fma(l, dbl, iters, 1, &ran);
        if (t >= 0.01 || iters > ((int64_t)1 << 50)) {
            double want = (double)iters * RUN_SECONDS / (t > 0.0 ? t : 1e-9);
            return want < 1.0 ? 1 : (int64_t)want;
        }
        iters *= 8;
    }
}

/* Best GFLOP/s of the runs; *ran receives the threads used. */
static double best_gflops(const peak_loops *l, int dbl, int64_t iters, int nthreads, int *ran)
{
    double best = 0.0;
    double flops = dbl ? l->flops_d : l->flops_s;
    int stale = 0;
    for (int r = 0; r < MAX_RUNS && (r < MIN_RUNS || stale < STALE_RUNS); r++) {
        double t = time_fma(l, dbl, iters, nthreads, ran);
        double g = t > 0.0 ? flops * (double)iters * (double)*ran / t * 1e-9 : 0.0;
        stale = g > 1.01 * best ? 0 : stale + 1;
        if (g > best)
            best = g;
    }
    return best;
}

static void measure_target(const peak_loops *l, int nthreads, basis_peak_target *t,
                           int *threads_used)
{
    int ran = 1;
    for (int dbl = 0; dbl <= 1; dbl++) {
        int64_t iters = calibrate(l, dbl);
        double one = best_gflops(l, dbl, iters, 1, &ran);
        double all = one;
        if (nthreads > 1) {
            all = best_gflops(l, dbl, iters, nthreads, &ran);
            *threads_used = ran;
        }
        if (dbl) {
            t->d_gflops_1core = one;
            t->d_gflops_all = all;
        } else {
            t->s_gflops_1core = one;
            t->s_gflops_all = all;
        }
    }
}

/* ---- memory bandwidth ------------------------------------------------------------------ */

typedef struct triad_arrays {
    double *a, *b, *c;
    int64_t n;
} triad_arrays;

#ifdef BASIS_WITH_OPENMP
/* Thread t's share of n elements among nt, in whole cache lines (8 doubles). */
static void share(int64_t n, int nt, int t, int64_t *lo, int64_t *hi)
{
    int64_t lines = (n + 7) / 8;
    int64_t per = (lines + nt - 1) / nt;
    *lo = (int64_t)t * per * 8;
    *hi = *lo + per * 8;
    if (*lo > n)
        *lo = n;
    if (*hi > n)
        *hi = n;
}
#endif

/* Each array is at least 4x the L3 (so no pass finds its data in cache) and 64 MiB. */
static basis_status triad_alloc(triad_arrays *t)
{
    const basis_topology *topo = basis_topology_get();
    int64_t bytes = 4 * topo->l3_bytes;
    if (bytes < 64 * MIB)
        bytes = 64 * MIB;
    bytes = (bytes + MIB - 1) / MIB * MIB;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    double ram = pages > 0 && page > 0 ? (double)pages * (double)page : 0.0;
    if (ram > 0.0 && 3.0 * (double)bytes > ram / 2)
        return basis_fail(BASIS_ERR_NO_MEMORY,
                          "basis_measure_peak: the bandwidth run needs 3 arrays of %lld MiB "
                          "(4 x L3), more than half of this machine's %.0f MiB",
                          (long long)(bytes / MIB), ram / (double)MIB);
    t->n = bytes / (int64_t)sizeof(double);
    t->a = basis_alloc((size_t)bytes);
    t->b = basis_alloc((size_t)bytes);
    t->c = basis_alloc((size_t)bytes);
    if (!t->a || !t->b || !t->c) {
        basis_free(t->a);
        basis_free(t->b);
        basis_free(t->c);
        return basis_fail(BASIS_ERR_NO_MEMORY,
                          "basis_measure_peak: cannot allocate 3 arrays of %lld MiB for the "
                          "bandwidth run", (long long)(bytes / MIB));
    }
    return BASIS_OK;
}

static void triad_free(triad_arrays *t)
{
    basis_free(t->a);
    basis_free(t->b);
    basis_free(t->c);
}

/* Keeps the best time of the timed passes; 1 when enough passes have run (the same
 * rule as the FMA runs: MIN_TRIAD_PASSES, then stop after STALE_RUNS without a 1% gain). */
typedef struct pass_log {
    double best;
    int passes, stale;
} pass_log;

static int pass_done(pass_log *g, double dt)
{
    g->stale = (g->best == 0.0 || dt < g->best / 1.01) ? 0 : g->stale + 1;
    if (g->best == 0.0 || dt < g->best)
        g->best = dt;
    g->passes++;
    return g->passes >= MAX_TRIAD_PASSES ||
           (g->passes >= MIN_TRIAD_PASSES && g->stale >= STALE_RUNS);
}

/* Best seconds of a pass over the arrays on nthreads threads (after one untimed pass):
 * from the first thread's start to the last one's end, each thread reading the clock
 * itself (see time_fma); *ran receives the threads used. */
static double time_triad(const peak_loops *l, const triad_arrays *t, int nthreads, int *ran)
{
    pass_log g = {0.0, 0, 0};
    *ran = 1;
#ifdef BASIS_WITH_OPENMP
    if (nthreads > 1) {
        int got = 1, stop = 0;
        double start = 1e300, end = -1e300;
#pragma omp parallel num_threads(nthreads)
        {
            int nt = omp_get_num_threads(), me = omp_get_thread_num();
            int64_t lo, hi;
            share(t->n, nt, me, &lo, &hi);
            for (int pass = 0;; pass++) {
                /* stop, start and end were last written by thread 0 before this barrier. */
#pragma omp barrier
                if (stop)
                    break;
                double t0 = basis_now();
                l->triad(hi - lo, 3.0, t->b + lo, t->c + lo, t->a + lo);
                double t1 = basis_now();
#pragma omp critical(basis_peak_triad)
                {
                    start = t0 < start ? t0 : start;
                    end = t1 > end ? t1 : end;
                }
#pragma omp barrier
                if (me == 0) {
                    if (pass > 0)
                        stop = pass_done(&g, end - start);
                    start = 1e300;
                    end = -1e300;
                }
            }
            if (me == 0)
                got = nt;
        }
        *ran = got;
        return g.best;
    }
#else
    (void)nthreads;
#endif
    for (int pass = 0;; pass++) {
        double t0 = basis_now();
        l->triad(t->n, 3.0, t->b, t->c, t->a);
        if (pass > 0 && pass_done(&g, basis_now() - t0))
            break;
    }
    return g.best;
}

static void first_touch(const triad_arrays *t, int nthreads)
{
#ifdef BASIS_WITH_OPENMP
#pragma omp parallel num_threads(nthreads)
    {
        int64_t lo, hi;
        share(t->n, omp_get_num_threads(), omp_get_thread_num(), &lo, &hi);
        for (int64_t i = lo; i < hi; i++) {
            t->a[i] = 0.0;
            t->b[i] = 1.0;
            t->c[i] = 2.0;
        }
    }
#else
    (void)nthreads;
    for (int64_t i = 0; i < t->n; i++) {
        t->a[i] = 0.0;
        t->b[i] = 1.0;
        t->c[i] = 2.0;
    }
#endif
}

static void measure_triad(const peak_loops *l, const triad_arrays *t, int nthreads,
                          basis_peak *p)
{
    /* STREAM's count: a[] written, b[] and c[] read, 8 bytes each. The write-allocate read
     * of a[] (ordinary stores fetch the line first) is real traffic but not counted. */
    double bytes = 3.0 * (double)sizeof(double) * (double)t->n;
    int ran = 1;
    first_touch(t, nthreads);
    double one = time_triad(l, t, 1, &ran);
    p->triad_gbs_1thread = one > 0.0 ? bytes / one * 1e-9 : 0.0;
    p->triad_gbs_all = p->triad_gbs_1thread;
    if (nthreads > 1) {
        double all = time_triad(l, t, nthreads, &ran);
        p->triad_gbs_all = all > 0.0 ? bytes / all * 1e-9 : 0.0;
        p->threads = ran > p->threads ? ran : p->threads;
    }
    p->triad_array_bytes = t->n * (int64_t)sizeof(double);
    sink += t->a[t->n / 2];
}

/* ---- the measurement ------------------------------------------------------------------- */

basis_status basis_measure_peak(basis_peak *out)
{
    if (!out)
        return basis_fail(BASIS_ERR_ARGUMENT, "basis_measure_peak: out is NULL");
    const basis_cpu_features *f = basis_cpu_features_get();
    const basis_topology *topo = basis_topology_get();
    int ntargets;
    const basis_target *targets = basis_targets(&ntargets);

    basis_peak p;
    memset(&p, 0, sizeof p);
    snprintf(p.version, sizeof p.version, "%s", basis_version());
    snprintf(p.cpu_model, sizeof p.cpu_model, "%s", f->model);
    p.physical_cores = topo->physical_cores > 0 ? topo->physical_cores : 1;
    p.threads = 1;
#ifdef BASIS_WITH_OPENMP
    /* One thread per physical core; the OS spreads them over cores before SMT siblings. */
    int nthreads = p.physical_cores;
#else
    int nthreads = 1;
#endif

    /* Allocated first so that a machine without the memory fails before seconds of work. */
    triad_arrays arrays = {NULL, NULL, NULL, 0};
    basis_status s = triad_alloc(&arrays);
    if (s != BASIS_OK)
        return s;

    const peak_loops *best = NULL;
    for (int i = 0; i < ntargets && p.ntargets < BASIS_PEAK_MAX_TARGETS; i++) {
        const peak_loops *l = loops_of(targets[i].backend);
        if (!l || !targets[i].supported(f))
            continue;
        basis_peak_target *t = &p.target[p.ntargets++];
        snprintf(t->name, sizeof t->name, "%s", targets[i].name);
        t->backend = targets[i].backend;
        measure_target(l, nthreads, t, &p.threads);
        best = l; /* targets are listed best last */
        snprintf(p.triad_target, sizeof p.triad_target, "%s", targets[i].name);
    }
    if (best)
        measure_triad(best, &arrays, nthreads, &p);
    triad_free(&arrays);
    basis_log("peak measured: %d targets, %d threads, triad %.1f / %.1f GB/s", p.ntargets,
              p.threads, p.triad_gbs_1thread, p.triad_gbs_all);
    *out = p;
    return BASIS_OK;
}

const basis_peak_target *basis_peak_find(const basis_peak *p, basis_backend backend)
{
    if (!p)
        return NULL;
    for (int i = 0; i < p->ntargets && i < BASIS_PEAK_MAX_TARGETS; i++)
        if (p->target[i].backend == backend)
            return &p->target[i];
    return NULL;
}
