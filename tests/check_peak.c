/* check_peak.c: the peak loops compute what they claim, the measured peak is well formed, and its cache file round-trips, is keyed and survives corruption. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "peak.h"
#include "peak_loops.h"
#include "testutil.h"

/* Only structural checks: figures are positive and finite, single precision runs about
 * twice as many lanes as double. No wall-clock bound and no speed threshold: the machine
 * may be busy, slow or emulated. */

typedef struct loops_under_test {
    const char *name; /* target name */
    float (*fma_s)(int64_t);
    double (*fma_d)(int64_t);
    double flops_s, flops_d;
    void (*triad)(int64_t, double, const double *, const double *, double *);
} loops_under_test;

static const loops_under_test all_loops[] = {
    {"ref", basis_peak_fma_ref_s, basis_peak_fma_ref_d, BASIS_PEAK_FLOPS_REF_S,
     BASIS_PEAK_FLOPS_REF_D, basis_peak_triad_ref},
#if defined(__x86_64__)
    {"avx2", basis_peak_fma_avx2_s, basis_peak_fma_avx2_d, BASIS_PEAK_FLOPS_AVX2_S,
     BASIS_PEAK_FLOPS_AVX2_D, basis_peak_triad_avx2},
    {"avx512", basis_peak_fma_avx512_s, basis_peak_fma_avx512_d, BASIS_PEAK_FLOPS_AVX512_S,
     BASIS_PEAK_FLOPS_AVX512_D, basis_peak_triad_avx512},
#endif
#if defined(__aarch64__)
    {"neon", basis_peak_fma_neon_s, basis_peak_fma_neon_d, BASIS_PEAK_FLOPS_NEON_S,
     BASIS_PEAK_FLOPS_NEON_D, basis_peak_triad_neon},
#endif
};
#define LOOPS_COUNT ((int)(sizeof all_loops / sizeof all_loops[0]))

static int target_usable(const char *name)
{
    int n;
    const basis_target *t = basis_targets(&n);
    for (int i = 0; i < n; i++)
        if (!strcmp(t[i].name, name))
            return t[i].supported(basis_cpu_features_get());
    return 0;
}

/* One chain started at x0 after n steps of x := 0.999 x + 0.001 is 1 + (x0 - 1) 0.999^n.
 * Every loop starts chain k at 1 + k/64, so its result is (flops per iteration / 2) / chains
 * lanes times the sum over its chains: the result checks both the iteration count and the
 * flop constant the host divides by. */
static double expected_sum(int chains, int64_t iters)
{
    double s = 0.0;
    for (int k = 0; k < chains; k++)
        s += 1.0 + (k / 64.0) * pow(0.999, (double)iters);
    return s;
}

static void check_loops(void)
{
    const int64_t iters = 1000;
    for (int i = 0; i < LOOPS_COUNT; i++) {
        const loops_under_test *l = &all_loops[i];
        if (!target_usable(l->name))
            continue;
        /* NEON runs 16 chains, the others 12; lanes x chains = flops / 2. */
        int chains = !strcmp(l->name, "neon") ? 16 : 12;
        double want_d = expected_sum(chains, iters) * (l->flops_d / 2.0 / chains);
        double want_s = expected_sum(chains, iters) * (l->flops_s / 2.0 / chains);
        double got_d = l->fma_d(iters), got_s = (double)l->fma_s(iters);
        BT_CHECK(fabs(got_d - want_d) <= 1e-12 * want_d * iters, "%s fma_d: %.17g, want %.17g",
                 l->name, got_d, want_d);
        BT_CHECK(fabs(got_s - want_s) <= 1e-6 * want_s * iters, "%s fma_s: %.9g, want %.9g",
                 l->name, got_s, want_s);
        BT_CHECK(l->fma_d(0) == expected_sum(chains, 0) * (l->flops_d / 2.0 / chains),
                 "%s fma_d(0) should return the starting values", l->name);

        /* Triad at odd sizes and unaligned starts. */
        static const int64_t sizes[] = {0, 1, 7, 63, 65, 257};
        double b[260], c[260], a[260];
        for (int k = 0; k < 260; k++) {
            b[k] = k + 0.5;
            c[k] = 2.0 * k - 3.0;
        }
        for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
            int64_t n = sizes[si];
            for (int k = 0; k < 260; k++)
                a[k] = -7.0;
            l->triad(n, 3.0, b + 1, c + 2, a + 3);
            int bad = 0;
            for (int k = 0; k < 260; k++) {
                double want = (k >= 3 && k < 3 + n) ? b[k - 2] + 3.0 * c[k - 1] : -7.0;
                bad += a[k] != want;
            }
            BT_CHECK(!bad, "%s triad n=%lld: %d wrong entries (or written outside)", l->name,
                     (long long)n, bad);
        }
    }
}

static int figure_ok(double v)
{
    return isfinite(v) && v > 0.0;
}

/* Well formed: every usable target listed in basis_targets' order, positive figures. */
static void check_figures(const basis_peak *p, const char *what)
{
    const basis_topology *topo = basis_topology_get();
    BT_CHECK(!strcmp(p->version, basis_version()), "%s: version %s", what, p->version);
    BT_CHECK(!strcmp(p->cpu_model, basis_cpu_features_get()->model), "%s: model %s", what,
             p->cpu_model);
    BT_CHECK(p->physical_cores == topo->physical_cores, "%s: %d cores, topology says %d", what,
             p->physical_cores, topo->physical_cores);
    BT_CHECK(p->threads >= 1 && p->threads <= p->physical_cores, "%s: %d threads", what,
             p->threads);
    int n, k = 0;
    const basis_target *t = basis_targets(&n);
    for (int i = 0; i < n; i++) {
        if (!t[i].supported(basis_cpu_features_get()))
            continue;
        BT_CHECK(k < p->ntargets && !strcmp(p->target[k].name, t[i].name) &&
                     p->target[k].backend == t[i].backend,
                 "%s: target %d should be %s", what, k, t[i].name);
        if (k >= p->ntargets)
            break;
        const basis_peak_target *e = &p->target[k++];
        BT_CHECK(figure_ok(e->s_gflops_1core) && figure_ok(e->d_gflops_1core) &&
                     figure_ok(e->s_gflops_all) && figure_ok(e->d_gflops_all),
                 "%s: %s figures %g %g %g %g", what, e->name, e->s_gflops_1core,
                 e->d_gflops_1core, e->s_gflops_all, e->d_gflops_all);
        BT_CHECK(basis_peak_find(p, e->backend) == e, "%s: basis_peak_find(%s)", what,
                 e->name);
    }
    BT_CHECK(k == p->ntargets && k >= 1, "%s: %d targets listed, %d usable", what, p->ntargets,
             k);
    BT_CHECK(basis_peak_find(p, BASIS_BACKEND_OPENCL) == NULL, "%s: opencl has no CPU peak",
             what);
    BT_CHECK(p->ntargets >= 1 && !strcmp(p->triad_target, p->target[p->ntargets - 1].name),
             "%s: triad ran on %s, not the best target", what, p->triad_target);
    int64_t min_bytes = 4 * topo->l3_bytes > (64 << 20) ? 4 * topo->l3_bytes : (64 << 20);
    BT_CHECK(p->triad_array_bytes >= min_bytes, "%s: triad arrays of %lld bytes, want >= %lld",
             what, (long long)p->triad_array_bytes, (long long)min_bytes);
    BT_CHECK(figure_ok(p->triad_gbs_1thread) && figure_ok(p->triad_gbs_all),
             "%s: bandwidth %g %g", what, p->triad_gbs_1thread, p->triad_gbs_all);
}

/* Single precision about twice double on SIMD targets (twice the lanes), on one core. The
 * best ratio of the test's measurements, and 1.2 not 2, so that a busy machine that slowed
 * one run does not fail it. The ref loops are scalar: single and double run alike. */
static void check_s_over_d(const basis_peak *runs, int nruns)
{
    for (int i = 0; i < runs[0].ntargets; i++) {
        const basis_peak_target *e = &runs[0].target[i];
        if (e->backend == BASIS_BACKEND_REF)
            continue;
        double best = 0.0;
        for (int r = 0; r < nruns; r++) {
            const basis_peak_target *x = basis_peak_find(&runs[r], e->backend);
            if (x && x->d_gflops_1core > 0.0 && x->s_gflops_1core / x->d_gflops_1core > best)
                best = x->s_gflops_1core / x->d_gflops_1core;
        }
        BT_CHECK(best >= 1.2, "%s: single / double GFLOP/s on one core is %.2f, want about 2",
                 e->name, best);
    }
}

static int same_figures(const basis_peak *x, const basis_peak *y)
{
    if (x->ntargets != y->ntargets || x->threads != y->threads ||
        x->triad_array_bytes != y->triad_array_bytes ||
        x->triad_gbs_1thread != y->triad_gbs_1thread || x->triad_gbs_all != y->triad_gbs_all ||
        strcmp(x->triad_target, y->triad_target))
        return 0;
    for (int i = 0; i < x->ntargets; i++) {
        const basis_peak_target *a = &x->target[i], *b = &y->target[i];
        if (strcmp(a->name, b->name) || a->backend != b->backend ||
            a->s_gflops_1core != b->s_gflops_1core || a->d_gflops_1core != b->d_gflops_1core ||
            a->s_gflops_all != b->s_gflops_all || a->d_gflops_all != b->d_gflops_all)
            return 0;
    }
    return 1;
}

static void write_all(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void check_cache(const char *root)
{
    char path[600];
    snprintf(path, sizeof path, "%s/basis/peak.json", root);

    /* No file yet: measured and written. */
    basis_peak p1, p2, p3, p4;
    basis_status s = basis_peak_load_or_measure(&p1, 0);
    BT_CHECK(s == BASIS_OK, "first call: %s %s", basis_status_name(s), basis_last_error());
    BT_CHECK(!p1.from_cache && !strcmp(p1.cache_path, path), "first call: from_cache %d, %s",
             p1.from_cache, p1.cache_path);
    BT_CHECK(access(path, R_OK) == 0, "%s was not written", path);
    check_figures(&p1, "measured");

    /* Read back bit for bit. */
    s = basis_peak_load_or_measure(&p2, 0);
    BT_CHECK(s == BASIS_OK && p2.from_cache && same_figures(&p1, &p2),
             "second call should read the cache unchanged (from_cache %d)", p2.from_cache);
    check_figures(&p2, "cached");

    /* A corrupt file is ignored, measured again and rewritten. */
    write_all(path, "{\"basis_version\": \"0.1.0\", \"cpu_model\": [1, 2,");
    s = basis_peak_load_or_measure(&p3, 0);
    BT_CHECK(s == BASIS_OK && !p3.from_cache, "corrupt cache: %s, from_cache %d",
             basis_status_name(s), p3.from_cache);
    check_figures(&p3, "after corruption");
    s = basis_peak_load_or_measure(&p4, 0);
    BT_CHECK(s == BASIS_OK && p4.from_cache && same_figures(&p3, &p4),
             "the corrupt file should have been rewritten (from_cache %d)", p4.from_cache);

    /* A file from another basis version is stale: measured again. */
    char *text = bt_slurp(path);
    char *v = text ? strstr(text, basis_version()) : NULL;
    BT_CHECK(v != NULL, "the cache file should name the basis version");
    if (v) {
        v[0] = v[0] == '9' ? '8' : '9';
        write_all(path, text);
        s = basis_peak_load_or_measure(&p4, 0);
        BT_CHECK(s == BASIS_OK && !p4.from_cache, "stale version: from_cache %d",
                 p4.from_cache);
    }
    free(text);

    basis_peak measured[3] = {p1, p3, p4};
    check_s_over_d(measured, 3);

    /* ... and rewritten. */
    s = basis_peak_load_or_measure(&p1, 0);
    BT_CHECK(s == BASIS_OK && p1.from_cache, "rewritten after the stale version");

    remove(path);
    snprintf(path, sizeof path, "%s/basis", root);
    rmdir(path);
}

int main(void)
{
    printf("check_peak\n");
    unsetenv("BASIS_BACKEND");
    check_loops();

    BT_CHECK(basis_measure_peak(NULL) == BASIS_ERR_ARGUMENT, "NULL out");
    BT_CHECK(basis_peak_load_or_measure(NULL, 0) == BASIS_ERR_ARGUMENT, "NULL out");

    /* A private cache directory, set before the first call reads the environment. */
    char root[] = "/tmp/basis_check_peak_XXXXXX";
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    setenv("XDG_CACHE_HOME", root, 1);
    check_cache(root);
    rmdir(root);
    return bt_end();
}
