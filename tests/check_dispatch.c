/* check_dispatch.c: detection against /proc/cpuinfo, backend forcing and refusal, thread policy, the stats clock, the basis program's exits. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>

#include "cpu/cpu.h"
#include "testutil.h"

/* 1 if /proc/cpuinfo's first feature line ("flags" on x86, "Features" on Arm) lists the flag,
 * 0 if not (a second opinion on CPUID / HWCAP); -1 if there is no such line, as under
 * qemu-user, where /proc/cpuinfo is the host's. */
static int cpuinfo_has(const char *flag)
{
#if defined(__aarch64__)
    const char *key = "Features";
#else
    const char *key = "flags";
#endif
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[8192];
    int found = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, key, strlen(key)) || !strchr(line, ':'))
            continue;
        found = 0;
        for (char *tok = strtok(strchr(line, ':') + 1, " \n"); tok; tok = strtok(NULL, " \n"))
            if (!strcmp(tok, flag))
                found = 1;
        break;
    }
    fclose(f);
    return found;
}

static void check_detection(void)
{
    const basis_cpu_features *f = basis_cpu_features_get();
#if defined(__x86_64__)
    /* The kernel hides flags whose state it does not save, so /proc agrees with CPUID+XGETBV. */
    BT_CHECK(f->avx2 == cpuinfo_has("avx2"), "avx2: cpuid %d vs /proc/cpuinfo", f->avx2);
    BT_CHECK(f->fma == cpuinfo_has("fma"), "fma: cpuid %d vs /proc/cpuinfo", f->fma);
    BT_CHECK(f->avx512f == cpuinfo_has("avx512f"), "avx512f: %d vs /proc/cpuinfo", f->avx512f);
    int want512 = cpuinfo_has("avx512f") && cpuinfo_has("avx512vl") &&
                  cpuinfo_has("avx512bw") && cpuinfo_has("avx512dq");
    int want2 = cpuinfo_has("avx2") && cpuinfo_has("fma");
    basis_backend best = want512 ? BASIS_BACKEND_AVX512
                         : want2 ? BASIS_BACKEND_AVX2 : BASIS_BACKEND_REF;
    BT_CHECK(basis_backend_best_cpu() == best, "best cpu backend %s, expected %s",
             basis_backend_name(basis_backend_best_cpu()), basis_backend_name(best));
#elif defined(__aarch64__)
    int asimd = cpuinfo_has("asimd");
    if (asimd < 0)
        printf("note: /proc/cpuinfo has no Features line (qemu-user?), HWCAP not cross-checked\n");
    else
        BT_CHECK(f->neon == asimd, "neon: hwcap %d vs /proc/cpuinfo", f->neon);
#endif
    const basis_topology *t = basis_topology_get();
    BT_CHECK(t->physical_cores >= 1 && t->logical_cpus >= t->physical_cores,
             "cores %d, cpus %d", t->physical_cores, t->logical_cpus);
    BT_CHECK(t->l1d_bytes >= 4096 && t->l2_bytes >= t->l1d_bytes, "l1d %lld l2 %lld",
             (long long)t->l1d_bytes, (long long)t->l2_bytes);
}

static void check_env_backend(void)
{
    double x[3] = {1, 2, 3}, r = 42.0;
    setenv("BASIS_BACKEND", "bogus", 1);
    basis_status s = basis_ddot(NULL, 3, x, 1, x, 1, &r);
    BT_CHECK(s == BASIS_ERR_BACKEND, "bogus BASIS_BACKEND gave %s", basis_status_name(s));
    BT_CHECK(strstr(basis_last_error(), "bogus") && strstr(basis_last_error(), "avx512") &&
                 strstr(basis_last_error(), "ref"),
             "message should name the value and list the backends: %s", basis_last_error());
    BT_CHECK(r == 42.0, "result written despite the error");
#if defined(__x86_64__)
    setenv("BASIS_BACKEND", "neon", 1);
    s = basis_ddot(NULL, 3, x, 1, x, 1, &r);
    BT_CHECK(s == BASIS_ERR_BACKEND && strstr(basis_last_error(), "neon"),
             "neon on x86: %s %s", basis_status_name(s), basis_last_error());
#endif
    int count;
    const basis_target *t = basis_targets(&count);
    for (int i = 0; i < count; i++) {
        if (!t[i].supported(basis_cpu_features_get()))
            continue;
        setenv("BASIS_BACKEND", t[i].name, 1);
        basis_stats st;
        s = basis_ddot(NULL, 3, x, 1, x, 1, &r);
        basis_ctx_get_stats(NULL, &st);
        BT_CHECK(s == BASIS_OK && r == 14.0 && st.backend == t[i].backend,
                 "forced %s: status %s, r %g, ran on %s", t[i].name, basis_status_name(s), r,
                 basis_backend_name(st.backend));
    }
    unsetenv("BASIS_BACKEND");
    s = basis_ddot(NULL, 3, x, 1, x, 1, &r);
    basis_stats st;
    basis_ctx_get_stats(NULL, &st);
    BT_CHECK(s == BASIS_OK && st.backend == basis_backend_best_cpu(), "auto ran on %s",
             basis_backend_name(st.backend));
}

/* The backend a NULL-context call ran on, or -1 when it failed. */
static int ran_on(void)
{
    double x[3] = {1, 2, 3}, r = 0.0;
    basis_stats st;
    if (basis_ddot(NULL, 3, x, 1, x, 1, &r) != BASIS_OK || r != 14.0)
        return -1;
    basis_ctx_get_stats(NULL, &st);
    return (int)st.backend;
}

static int default_threads(void)
{
    int th = 0;
    basis_ctx_get_threads(NULL, &th);
    return th;
}

typedef struct env_worker {
    pthread_barrier_t *bar;
    int before, after;
} env_worker;

/* A change this thread makes between two calls of another must show in the other's
 * second call. */
static void *env_worker_run(void *arg)
{
    env_worker *w = arg;
    w->before = default_threads();
    pthread_barrier_wait(w->bar); /* main changes BASIS_NUM_THREADS */
    pthread_barrier_wait(w->bar);
    w->after = default_threads();
    return NULL;
}

/* Sets (or, with set = 0, unsets) BASIS_ENV_TEST_0 .. BASIS_ENV_TEST_<count - 1>. */
static void test_vars(int count, int set)
{
    char name[32];
    for (int i = 0; i < count; i++) {
        snprintf(name, sizeof name, "BASIS_ENV_TEST_%d", i);
        if (set)
            setenv(name, "1", 1);
        else
            unsetenv(name);
    }
}

/* The variables are read again after every change a program can make between two calls:
 * a new value, a value edited in place inside a putenv string, an unrelated variable
 * removed before them (the later entries shift) or added after them, one removed and one
 * added (the array keeps its length), many removed (glibc may shrink the array in place),
 * more variables than a per-thread record of them would hold, and a change made by
 * another thread. A cache of the environment that misses any of these fails here
 * (docs/performance.md tells of one that did). */
static void check_env_changes(void)
{
    const int ref = BASIS_BACKEND_REF, best = (int)basis_backend_best_cpu();
    static char entry[64] = "BASIS_BACKEND=ref";
    BT_CHECK(putenv(entry) == 0, "putenv");
    BT_CHECK(ran_on() == ref, "putenv BASIS_BACKEND=ref: ran on %d", ran_on());
    strcpy(entry + 14, "bogus");
    BT_CHECK(ran_on() == -1, "BASIS_BACKEND edited to bogus in place was not seen");
    strcpy(entry + 14, "ref");
    BT_CHECK(ran_on() == ref, "BASIS_BACKEND edited back to ref: ran on %d", ran_on());
    unsetenv("BASIS_BACKEND");
    BT_CHECK(ran_on() == best, "BASIS_BACKEND unset: ran on %d", ran_on());

    setenv("BASIS_ENV_TEST_BEFORE", "1", 1);
    setenv("BASIS_BACKEND", "ref", 1);
    BT_CHECK(ran_on() == ref, "setenv ref: ran on %d", ran_on());
    unsetenv("BASIS_ENV_TEST_BEFORE");
    BT_CHECK(ran_on() == ref, "after an earlier variable was removed: ran on %d", ran_on());
    setenv("BASIS_ENV_TEST_AFTER", "1", 1);
    BT_CHECK(ran_on() == ref, "after a variable was added: ran on %d", ran_on());
    setenv("BASIS_BACKEND", "bogus", 1);
    BT_CHECK(ran_on() == -1, "setenv bogus over ref was not seen");
    unsetenv("BASIS_BACKEND");
    BT_CHECK(ran_on() == best, "BASIS_BACKEND unset again: ran on %d", ran_on());
    /* one variable removed and one added between two calls: the array keeps its length */
    unsetenv("BASIS_ENV_TEST_AFTER");
    setenv("BASIS_BACKEND", "bogus", 1);
    BT_CHECK(ran_on() == -1, "unsetenv of another variable, then setenv bogus: not seen");
    unsetenv("BASIS_BACKEND");
    BT_CHECK(ran_on() == best, "BASIS_BACKEND unset once more: ran on %d", ran_on());
    /* many removed, then one added: glibc may shrink the array where it stands */
    test_vars(60, 1);
    BT_CHECK(ran_on() == best, "with 60 more variables: ran on %d", ran_on());
    test_vars(60, 0);
    setenv("BASIS_BACKEND", "ref", 1);
    BT_CHECK(ran_on() == ref, "60 variables removed, then setenv ref: ran on %d", ran_on());
    unsetenv("BASIS_BACKEND");
    /* a long environment */
    test_vars(300, 1);
    BT_CHECK(ran_on() == best, "with 300 more variables: ran on %d", ran_on());
    setenv("BASIS_BACKEND", "ref", 1);
    BT_CHECK(ran_on() == ref, "with 300 more variables, setenv ref: ran on %d", ran_on());
    test_vars(300, 0);
    unsetenv("BASIS_BACKEND");
    BT_CHECK(ran_on() == best, "all test variables removed: ran on %d", ran_on());

    pthread_barrier_t bar;
    pthread_barrier_init(&bar, NULL, 2);
    env_worker w = {&bar, 0, 0};
    pthread_t t;
    setenv("BASIS_NUM_THREADS", "3", 1);
    BT_CHECK(pthread_create(&t, NULL, env_worker_run, &w) == 0, "pthread_create");
    pthread_barrier_wait(&bar);
    setenv("BASIS_NUM_THREADS", "4", 1);
    pthread_barrier_wait(&bar);
    pthread_join(t, NULL);
    pthread_barrier_destroy(&bar);
    BT_CHECK(w.before == 3 && w.after == 4, "another thread saw BASIS_NUM_THREADS %d then %d",
             w.before, w.after);
    BT_CHECK(default_threads() == 4, "this thread saw %d", default_threads());
    unsetenv("BASIS_NUM_THREADS");
}

static void check_ctx(void)
{
    basis_ctx *ctx = NULL;
    BT_CHECK(basis_ctx_create(&ctx) == BASIS_OK && ctx, "ctx create");
    BT_CHECK(basis_ctx_set_backend(ctx, (basis_backend)99) == BASIS_ERR_BACKEND,
             "backend 99 accepted");
    BT_CHECK(basis_ctx_set_backend(ctx, BASIS_BACKEND_REF) == BASIS_OK, "ref refused");
    basis_backend b;
    basis_ctx_get_backend(ctx, &b);
    BT_CHECK(b == BASIS_BACKEND_REF, "backend kept %s", basis_backend_name(b));
    /* A refused backend leaves the context as it was. */
#if defined(__x86_64__)
    BT_CHECK(basis_ctx_set_backend(ctx, BASIS_BACKEND_NEON) == BASIS_ERR_BACKEND, "neon on x86");
    basis_ctx_get_backend(ctx, &b);
    BT_CHECK(b == BASIS_BACKEND_REF, "refused backend changed the context");
#endif
    /* A context's explicit backend wins over BASIS_BACKEND, even a bogus one. */
    setenv("BASIS_BACKEND", "bogus", 1);
    double x[2] = {3, 4}, r = 0;
    BT_CHECK(basis_dnrm2(ctx, 2, x, 1, &r) == BASIS_OK && r == 5.0, "ctx backend not used");
    unsetenv("BASIS_BACKEND");
    BT_CHECK(basis_ctx_set_threads(ctx, -1) == BASIS_ERR_ARGUMENT, "negative threads");
    BT_CHECK(basis_ctx_set_threads(ctx, 3) == BASIS_OK, "threads 3");
    int th = 0;
    basis_ctx_get_threads(ctx, &th);
    BT_CHECK(th == 3, "threads %d", th);
    BT_CHECK(basis_ctx_set_opencl_device(ctx, 0, -1) == BASIS_ERR_ARGUMENT, "half default");
    basis_ctx_destroy(ctx);

    setenv("BASIS_NUM_THREADS", "abc", 1);
    BT_CHECK(basis_dnrm2(NULL, 2, x, 1, &r) == BASIS_ERR_ARGUMENT &&
                 strstr(basis_last_error(), "BASIS_NUM_THREADS"),
             "bad BASIS_NUM_THREADS: %s", basis_last_error());
    setenv("BASIS_NUM_THREADS", "5", 1);
    basis_ctx_get_threads(NULL, &th);
    BT_CHECK(th == 5, "BASIS_NUM_THREADS=5 gave %d", th);
    unsetenv("BASIS_NUM_THREADS");
    setenv("OMP_NUM_THREADS", "2,1", 1);
    basis_ctx_get_threads(NULL, &th);
    BT_CHECK(th == 2, "OMP_NUM_THREADS=2,1 gave %d", th);
    unsetenv("OMP_NUM_THREADS");
    basis_ctx_get_threads(NULL, &th);
    BT_CHECK(th == basis_topology_get()->physical_cores, "default threads %d", th);

    basis_backend p;
    BT_CHECK(basis_backend_parse("AVX512", &p) == BASIS_OK && p == BASIS_BACKEND_AVX512, "parse");
    BT_CHECK(basis_backend_parse("sse", &p) == BASIS_ERR_ARGUMENT, "parse sse");
}

/* Runs the basis program with a shell command line; returns its exit status. */
static int program(const char *args, const char *env)
{
    const char *prog = getenv("BASIS_PROGRAM");
    /* A cross build runs its programs through the emulator (CMAKE_CROSSCOMPILING_EMULATOR). */
    const char *runner = getenv("BASIS_PROGRAM_RUNNER");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s %s '%s' %s >/dev/null 2>&1", env ? env : "",
             runner ? runner : "", prog, args);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void check_program(void)
{
    if (!getenv("BASIS_PROGRAM")) {
        printf("note: BASIS_PROGRAM not set, the basis program is not checked\n");
        return;
    }
    BT_CHECK(program("info", NULL) == 0, "basis info failed");
    BT_CHECK(program("info --json | python3 -m json.tool", NULL) == 0 ||
                 program("info --json", NULL) == 0, "basis info --json failed");
    BT_CHECK(program("info", "BASIS_BACKEND=bogus") == 1, "bogus backend: exit not 1");
    BT_CHECK(program("info --frobnicate", NULL) == 2, "bad option: exit not 2");
    BT_CHECK(program("frobnicate", NULL) == 2, "bad command: exit not 2");
    BT_CHECK(program("", NULL) == 2, "no command: exit not 2");
    static const char *const helps[] = {"info --help", "smoke --help", "tune --help",
                                        "tune gemm --help", "solve --help", "eigen --help",
                                        "pagerank --help"};
    for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++)
        BT_CHECK(program(helps[i], NULL) == 0, "%s: exit not 0", helps[i]);
    BT_CHECK(program("tune gemm --budget 1e999", NULL) == 2, "tune: infinite budget accepted");
    /* compare is a Python program over basis-bench: checked natively only (a cross build's
     * emulator cannot start the host's python3) and where the bench was built (it needs
     * Google Benchmark; `compare --help` says whether compare can start) */
    const char *runner = getenv("BASIS_PROGRAM_RUNNER");
    if ((!runner || !*runner) && system("python3 -c 1 >/dev/null 2>&1") == 0 &&
        program("compare --help", NULL) == 0) {
        BT_CHECK(program("compare --threads abc", NULL) == 2, "compare --threads abc: not 2");
        BT_CHECK(program("compare --sizes 12x", NULL) == 2, "compare --sizes 12x: not 2");
        BT_CHECK(program("compare --precisions q", NULL) == 2, "compare --precisions q: not 2");
        BT_CHECK(program("compare --ops dot --sizes 8 --no-peers --backends avx-512 "
                         "--out /nonexistent-dir/x", NULL) == 2,
                 "compare with an unknown backend: exit not 2");
    }
}

/* A call's stats time it on the cheap clock (host/call_clock.c), whose rate is measured
 * against CLOCK_MONOTONIC during the process's first 10 ms: before and after that, the
 * time a call records lies inside the interval measured around it (with 1 % for the
 * measured rate), and once the rate is known, most of it. Comparisons of two clocks
 * only: no bound on how long anything takes. */
static void check_stats_clock(void)
{
    basis_ctx *ctx = NULL;
    BT_CHECK(basis_ctx_create(&ctx) == BASIS_OK && ctx, "ctx create");
    enum { N = 96 };
    static double a[N * N], b[N * N], c[N * N];
    for (int i = 0; i < N * N; i++)
        a[i] = b[i] = 1.0 / (1 + i % 7);
    int bad = 0, nlate = 0;
    double worst = 0.0, late[200];
    for (int r = 0; r < 200; r++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        basis_status s = basis_dgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, N,
                                     N, N, 1.0, a, N, b, N, 0.0, c, N);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double outside = (double)(t1.tv_sec - t0.tv_sec) +
                         1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
        basis_stats st;
        basis_ctx_get_stats(ctx, &st);
        if (r > 101) /* calls timed on the counter at the measured rate */
            late[nlate++] = st.total_seconds / outside;
        if (s != BASIS_OK || !(st.total_seconds > 0.0) ||
            st.total_seconds > outside * 1.01 + 1e-7) {
            bad++;
            worst = st.total_seconds / outside;
        }
        if (r == 100) { /* past the 10 ms of the rate's measurement */
            struct timespec ts = {0, 20 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    BT_CHECK(bad == 0, "stats: %d of 200 calls recorded a time outside the interval around "
             "them (last: %.3f of it)", bad, worst);
    /* and, once the rate is known, not far below it: a call is ~99 % of the interval
     * around it (time lost to preemption counts on both clocks), so the median ratio of
     * the calls after the rate was measured shows a rate that is off by more than 10 % */
    for (int i = 1; i < nlate; i++) /* insertion sort: 98 values */
        for (int j = i; j > 0 && late[j - 1] > late[j]; j--) {
            double t = late[j];
            late[j] = late[j - 1];
            late[j - 1] = t;
        }
    double median = nlate ? late[nlate / 2] : 0.0;
    BT_CHECK(median >= 0.9, "stats: the calls after the rate was measured recorded a "
             "median %.3f of the interval around them", median);
    basis_ctx_destroy(ctx);
}

int main(void)
{
    printf("check_dispatch\n");
    unsetenv("BASIS_BACKEND");
    check_stats_clock(); /* first: its first calls come before the clock's rate is known */
    check_detection();
    check_env_backend();
    check_env_changes();
    check_ctx();
    check_program();
    return bt_end();
}
