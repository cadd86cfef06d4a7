/* gbench_shim.h: the C face of Google Benchmark: registration, the timed loop, counters, errors, main. */
#ifndef BASIS_GBENCH_SHIM_H
#define BASIS_GBENCH_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a case's callbacks return. A failed case is reported with Google Benchmark's
 * skip-with-error (never as a time) and makes the program exit 1; a skipped one is reported
 * the same way, with its reason, but is not a failure (a peer not installed, a size predicted
 * to be too slow). */
enum {
    GBS_OK = 0,
    GBS_FAIL = 1,
    GBS_SKIP = 2
};

/* Filled by setup: the work of one call, for the counters. Zero means "no such counter".
 * setup may keep the pointer and revise the figures during the first, untimed call (an
 * iteration whose count is known only once it has run); it stays valid for the case. */
typedef struct gbs_case_info {
    double flops;           /* floating-point operations per call (GFLOPS counter) */
    double bytes;           /* bytes per call by the op's stated traffic model (GB/s) */
    double items;           /* items per call, published per second as items_name */
    const char *items_name; /* e.g. "edges/s"; a static string */
    int memory_bound;       /* pct_peak against the bandwidth peak (GB/s), not the FMA peak */
} gbs_case_info;

/* One benchmark case, described by its callbacks. The shim builds a case once (setup), makes
 * one untimed call (run) and checks it, then times run in Google Benchmark's loop and checks
 * the last result again after every timed loop; poison, where a case has it, overwrites the
 * outputs before each timed loop, so that check sees what the timed calls wrote and not what
 * an earlier call left. A case lives until the next benchmark starts,
 * so repetitions and Google Benchmark's iteration-count trials reuse its data.
 * msg (msg_cap bytes) takes the reason for any result other than GBS_OK. */
typedef struct gbs_case_ops {
    /* Builds a case for user and args (as registered); NULL with msg filled on failure
     * (*status says GBS_FAIL or GBS_SKIP). */
    void *(*setup)(const void *user, const int64_t *args, int nargs, gbs_case_info *info,
                   int *status, char *msg, size_t msg_cap);
    /* One call of the operation being timed. */
    int (*run)(void *c, char *msg, size_t msg_cap);
    /* Checks the current result; may publish a value through *residual (NAN if none). */
    int (*check)(void *c, double *residual, char *msg, size_t msg_cap);
    void (*teardown)(void *c);
    /* Optional (NULL: none): the outputs set to NaN, for ops whose every call writes them
     * afresh (not those that accumulate, as axpy and beta = 1 GEMM do). */
    void (*poison)(void *c);
} gbs_case_ops;

/* n doubles (dbl) or floats set to NaN: what a case's poison does to an output. */
void gbs_fill_nan(void *x, int64_t n, int dbl);

/* Registers the benchmark "family/a0/.../" with its arguments joined by 'x' as the last name
 * part: family "gemm/d/avx512/t1" with args {1024} is "gemm/d/avx512/t1/1024", with
 * {4096, 64, 4096} "gemm/d/avx512/t1/4096x64x4096". suffix (may be NULL or "") is appended
 * as one more part. user must outlive the run; args are copied (at most 8). */
void gbs_register(const char *family, const int64_t *args, int nargs, const char *suffix,
                  const gbs_case_ops *ops, const void *user);

/* Registers family/lo, family/lo*mult, ... up to hi (one argument each). */
void gbs_register_range(const char *family, int64_t lo, int64_t hi, int64_t mult,
                        const gbs_case_ops *ops, const void *user);

/* A key/value line in the report's context (printed at the top, and in JSON "context"). */
void gbs_add_context(const char *key, const char *value);

/* For a case's run callback: the time between gbs_pause_timing() and gbs_resume_timing()
 * is left out of the row's time (GFLOPS) and out of Google Benchmark's own timer, so a call
 * can restore an input the operation overwrites (LU factors in place) without timing the copy.
 * Also honoured by the untimed first call. A pause without its resume ends at the end of run;
 * nested or unmatched calls do nothing. Each pair costs a few clock reads. */
void gbs_pause_timing(void);
void gbs_resume_timing(void);

/* Cases of one family run in registration order; a later case whose predicted time per call
 * (its flops at the best rate the family reached on a case with at least 1/64 of its flops)
 * exceeds this is skipped, not run. Default 10 s; 0 turns the guard off. */
void gbs_set_max_call_seconds(double seconds);

/* The peak a row is measured against: the family ("op/p/impl/tT") in, the FMA peak in
 * GFLOP/s of that precision, implementation and thread count and the memory bandwidth in GB/s
 * out (0 when unknown). Every row then gets counter pct_peak = 100 x GFLOPS / gflops (or
 * GB/s / gbs for a memory-bound case). Without a lookup (the default) there is no pct_peak. */
typedef void (*gbs_peak_fn)(const char *family, double *gflops, double *gbs);
void gbs_set_peak_lookup(gbs_peak_fn fn);

/* Every row whose family follows "op/p/impl/tT" also gets the label impl (the backend or
 * peer that ran) and counter threads = T. */

/* Defined by the benchmark program. The shim's main calls gbs_app_init with the arguments
 * Google Benchmark did not take; it parses them, registers the benchmarks and returns 0, or
 * an exit status (2 for a usage error) after printing why. gbs_app_help prints the program's
 * own options for --help. */
int gbs_app_init(int argc, char **argv);
void gbs_app_help(void);

/* The second part of the program (bench_suite.c: gemv, dot, axpy, power, pagerank), called
 * by the shim's main around gbs_app_init. gbs_suite_parse runs first on the arguments Google
 * Benchmark did not take: it removes the options only it knows, takes its own names out of
 * --ops, and sets *run_app to 0 when nothing is left for gbs_app_init (it then checks the
 * options they share itself). Returns 0 or an exit status like gbs_app_init.
 * gbs_suite_register runs after gbs_app_init, so its rows follow the app's. */
int gbs_suite_parse(int *argc, char **argv, int *run_app);
int gbs_suite_register(void);
void gbs_suite_help(void);

#ifdef __cplusplus
}
#endif

#endif /* BASIS_GBENCH_SHIM_H */
