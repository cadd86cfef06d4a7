/* check_omp_nested.c: basis as a backend inside a threaded program: dgemm called from an OpenMP parallel region is right and adds no threads, the thread-count variables are obeyed, and no worker keeps a core busy after a call. */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <threads.h>
#include <time.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "basis_cblas.h"
#include "testutil.h"

enum { N = 160, TEAM = 4 };

/* C = A B for an N x N column-major problem in long double, with a bound per entry. */
static void oracle(const double *a, const double *b, double *c, double *bound)
{
    for (int j = 0; j < N; j++)
        for (int i = 0; i < N; i++) {
            long double s = 0, m = 0;
            for (int l = 0; l < N; l++) {
                s += (long double)a[i + l * N] * b[l + j * N];
                m += fabsl((long double)a[i + l * N] * b[l + j * N]);
            }
            c[i + j * N] = (double)s;
            bound[i + j * N] = (double)m * (N + 2) * 2 * BT_EPS_D;
        }
}

/* Threads of this process, from /proc (-1 where there is none). */
static int os_threads(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    int n = -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "Threads:", 8))
            n = atoi(line + 8);
    fclose(f);
    return n;
}

/* A watcher thread samples the thread count every 100 us: a nested team lives only as long
 * as the call that opened it, so a count taken after the calls would miss it. */
static atomic_int watch_stop, watch_max;

static int watcher(void *arg)
{
    (void)arg;
    struct timespec tick = {0, 100000};
    while (!atomic_load(&watch_stop)) {
        int n = os_threads();
        if (n > atomic_load(&watch_max))
            atomic_store(&watch_max, n);
        nanosleep(&tick, NULL);
    }
    return 0;
}

static double cpu_seconds(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + u.ru_utime.tv_usec * 1e-6 + (double)u.ru_stime.tv_sec +
           u.ru_stime.tv_usec * 1e-6;
}

static double *a, *b[TEAM], *want[TEAM], *bound[TEAM], *got[TEAM];

static int matches(const double *c, int t)
{
    for (int i = 0; i < N * N; i++)
        if (!(fabs(c[i] - want[t][i]) <= bound[t][i]))
            return 0;
    return 1;
}

/* Every thread of a team calls dgemm on its own problem, through both standard names. */
static void check_inside_region(void)
{
#ifdef _OPENMP
    /* The program allows nested teams: a backend that opened one per call would now get
     * real threads, so the thread count shows whether basis adds any. */
    omp_set_max_active_levels(2);
    /* basis may use 4 threads per call; a warm-up call outside the region starts whatever
     * it starts once (the OpenMP pool, an OpenCL runtime's threads) before the count. */
    setenv("BASIS_NUM_THREADS", "4", 1);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, N, N, N, 1.0, a, N, b[0], N, 0.0,
                got[0], N);
    atomic_store(&watch_stop, 0);
    atomic_store(&watch_max, 0);
    thrd_t w;
    int watching = thrd_create(&w, watcher, NULL) == thrd_success;
    int baseline = os_threads(), team = 0; /* the watcher included */
#pragma omp parallel num_threads(TEAM)
    {
        int t = omp_get_thread_num();
#pragma omp single
        team = omp_get_num_threads();
        for (int rep = 0; rep < 3; rep++) {
            memset(got[t], 0, sizeof(double) * N * N);
            if (rep % 2 == 0)
                cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, N, N, N, 1.0, a, N, b[t],
                            N, 0.0, got[t], N);
            else {
                int n = N;
                double one = 1.0, zero = 0.0;
                dgemm_("N", "N", &n, &n, &n, &one, a, &n, b[t], &n, &zero, got[t], &n, 1, 1);
            }
#pragma omp critical
            BT_CHECK(matches(got[t], t), "dgemm in thread %d of the region (rep %d) is wrong", t,
                     rep);
        }
    }
    atomic_store(&watch_stop, 1);
    if (watching)
        thrd_join(w, NULL);
    int during = atomic_load(&watch_max);
    BT_CHECK(team == TEAM, "the region got %d threads, want %d", team, TEAM);
    /* The region's team reuses or adds at most TEAM - 1 workers; nested 4-thread teams in
     * each of its threads would add 3 more apiece. */
    if (watching && during > 0 && baseline > 0)
        BT_CHECK(during <= baseline + TEAM - 1,
                 "%d OS threads inside a %d-thread region (%d before): basis opened nested teams",
                 during, TEAM, baseline);
    printf("check_omp_nested: %d OS threads before the region, at most %d during it\n",
           baseline, during);
    unsetenv("BASIS_NUM_THREADS");
    omp_set_max_active_levels(1);
#else
    printf("check_omp_nested: built without OpenMP, the region part is skipped\n");
#endif
}

/* BASIS_NUM_THREADS before OMP_NUM_THREADS before the core count. */
static void check_thread_variables(void)
{
    char *old_b = getenv("BASIS_NUM_THREADS"), *old_o = getenv("OMP_NUM_THREADS");
    char *sb = old_b ? strdup(old_b) : NULL, *so = old_o ? strdup(old_o) : NULL;
    int t = 0;
    unsetenv("BASIS_NUM_THREADS");
    setenv("OMP_NUM_THREADS", "5,2", 1);
    basis_ctx_get_threads(NULL, &t);
    BT_CHECK(t == 5, "OMP_NUM_THREADS=5,2 gives %d threads, want 5", t);
    setenv("BASIS_NUM_THREADS", "3", 1);
    basis_ctx_get_threads(NULL, &t);
    BT_CHECK(t == 3, "BASIS_NUM_THREADS=3 with OMP_NUM_THREADS=5 gives %d threads, want 3", t);
    if (sb)
        setenv("BASIS_NUM_THREADS", sb, 1);
    else
        unsetenv("BASIS_NUM_THREADS");
    if (so)
        setenv("OMP_NUM_THREADS", so, 1);
    else
        unsetenv("OMP_NUM_THREADS");
    free(sb);
    free(so);
}

/* After a threaded call returns, its workers sleep: over a 300 ms pause the process uses
 * far less than one core. (libgomp spins GOMP_SPINCOUNT iterations, well under a
 * millisecond, before a worker blocks, unless OMP_WAIT_POLICY=active asks otherwise.) */
static void check_idle_after_call(void)
{
    const char *policy = getenv("OMP_WAIT_POLICY");
    if (policy && (policy[0] == 'a' || policy[0] == 'A')) {
        printf("check_omp_nested: OMP_WAIT_POLICY=%s asks for spinning; idle check skipped\n",
               policy);
        return;
    }
    setenv("BASIS_NUM_THREADS", "2", 1);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, N, N, N, 1.0, a, N, b[0], N, 0.0,
                got[0], N);
    unsetenv("BASIS_NUM_THREADS");
    BT_CHECK(matches(got[0], 0), "two-thread dgemm is wrong");
    double c0 = cpu_seconds();
    struct timespec pause = {0, 300000000};
    nanosleep(&pause, NULL);
    double used = cpu_seconds() - c0;
    BT_CHECK(used < 0.15, "the process used %.3f s of CPU while idle for 0.3 s after a call", used);
    printf("check_omp_nested: %.4f s of CPU over a 0.3 s pause after a two-thread dgemm\n",
           used);
}

int main(void)
{
    bt_begin("check_omp_nested");
    bt_seed(5);
    a = malloc(sizeof(double) * N * N);
    bt_fill_d(a, N * N);
    for (int t = 0; t < TEAM; t++) {
        b[t] = malloc(sizeof(double) * N * N);
        want[t] = malloc(sizeof(double) * N * N);
        bound[t] = malloc(sizeof(double) * N * N);
        got[t] = malloc(sizeof(double) * N * N);
        bt_fill_d(b[t], N * N);
        oracle(a, b[t], want[t], bound[t]);
    }
    check_thread_variables();
    check_inside_region();
    check_idle_after_call();
    for (int t = 0; t < TEAM; t++) {
        free(b[t]);
        free(want[t]);
        free(bound[t]);
        free(got[t]);
    }
    free(a);
    return bt_end();
}
