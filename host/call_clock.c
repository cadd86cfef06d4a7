/* call_clock.c: the clock behind every call's stats: the CPU's invariant cycle counter once its rate is known, else CLOCK_MONOTONIC. */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>
#include <time.h>

#include "internal.h"
#if defined(__x86_64__)
#include <cpuid.h>
#include <x86intrin.h>
#endif

/* Why: every call times itself for its context's stats, and two clock_gettime calls took
 * 50 of the ~125 ns a 1x1x1 GEMM with its own context spent in basis (Zen 5 VM,
 * clocksource tsc, 25 ns each); a counter read costs 10.
 * - x86-64 reads the time-stamp counter where CPUID says it is invariant (constant rate in
 *   every power state) and Linux itself keeps time with it (clocksource "tsc": the kernel
 *   checked that the cores' counters agree, so a thread that moves between cores during a
 *   call reads one clock). Its rate is measured against CLOCK_MONOTONIC: calls in the
 *   process's first CAL_SECONDS read both clocks, and the first call to end after that
 *   measures the rate (one thread; the others go on reading both clocks until it is set).
 *   If the measurement fails (the counter did not advance), calls keep CLOCK_MONOTONIC.
 * - AArch64 reads the generic timer, whose rate the CPU states, after an isb so that the
 *   read is not taken before the call's work.
 * - Elsewhere: CLOCK_MONOTONIC. */

#define CAL_SECONDS 0.01

enum { KIND_MONOTONIC, KIND_TSC, KIND_ARM };
enum { RATE_UNKNOWN, RATE_MEASURING, RATE_KNOWN, RATE_FAILED };

/* kind, cal_* and period are written before `rate` says RATE_KNOWN (or in call_once) and
 * read after a load of `rate` saw it, so no thread reads them while they change. */
static int kind;
static int64_t cal_ticks; /* the counter at the first call ... */
static double cal_sec;    /* ... and CLOCK_MONOTONIC then */
static double period;     /* seconds per tick, once rate is RATE_KNOWN */
static atomic_int rate;   /* RATE_FAILED: every call reads CLOCK_MONOTONIC */
static once_flag clock_once = ONCE_FLAG_INIT;

static int64_t counter(void)
{
#if defined(__x86_64__)
    if (kind == KIND_TSC)
        return (int64_t)__rdtsc();
#elif defined(__aarch64__)
    if (kind == KIND_ARM) {
        uint64_t v;
        __asm__ __volatile__("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
        return (int64_t)v;
    }
#endif
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#if defined(__x86_64__)
/* 1 when CPUID reports an invariant TSC and Linux keeps time with it. */
static int tsc_usable(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(0x80000000u, &a, &b, &c, &d) || a < 0x80000007u ||
        !__get_cpuid(0x80000007u, &a, &b, &c, &d) || !(d & (1u << 8)))
        return 0;
    FILE *f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");
    if (!f)
        return 0;
    char name[32] = "";
    int ok = fgets(name, sizeof name, f) != NULL && strncmp(name, "tsc", 3) == 0 &&
             (name[3] == '\n' || name[3] == '\0');
    fclose(f);
    return ok;
}
#endif

/* The counter and CLOCK_MONOTONIC at one moment: of a few tries, the one read between the
 * two closest counter reads, so that a thread preempted in between does not skew the rate
 * measured from two such pairs. 0 when the counter never advanced in order. */
static int pair(int64_t *ticks, double *sec)
{
    int64_t best = INT64_MAX;
    for (int i = 0; i < 5; i++) {
        int64_t c1 = counter();
        double s = basis_now();
        int64_t c2 = counter();
        if (c2 >= c1 && c2 - c1 < best) {
            best = c2 - c1;
            *ticks = c1 + (c2 - c1) / 2;
            *sec = s;
        }
    }
    return best != INT64_MAX;
}

static void clock_init(void)
{
    kind = KIND_MONOTONIC;
    period = 1e-9;
    int r = RATE_KNOWN;
#if defined(__x86_64__)
    if (tsc_usable()) {
        kind = KIND_TSC; /* before pair(), which reads the counter */
        r = RATE_UNKNOWN;
        if (!pair(&cal_ticks, &cal_sec)) {
            kind = KIND_MONOTONIC;
            r = RATE_KNOWN;
        }
    }
#elif defined(__aarch64__)
    uint64_t f;
    __asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(f));
    if (f > 0) {
        kind = KIND_ARM;
        period = 1.0 / (double)f;
    }
#endif
    atomic_store(&rate, r);
}

/* Run by one thread, at least CAL_SECONDS after the first pair: the rate, or the fallback
 * to CLOCK_MONOTONIC. */
static void measure_rate(void)
{
    int64_t tk = 0;
    double sk = 0.0;
    if (pair(&tk, &sk) && tk > cal_ticks && sk > cal_sec) {
        period = (sk - cal_sec) / (double)(tk - cal_ticks);
        atomic_store(&rate, RATE_KNOWN);
    } else {
        atomic_store(&rate, RATE_FAILED);
    }
}

basis_stamp basis_stamp_now(void)
{
    call_once(&clock_once, clock_init);
    basis_stamp s = {0, -1.0};
    if (atomic_load(&rate) != RATE_KNOWN)
        s.sec = basis_now();
    s.ticks = counter();
    return s;
}

double basis_stamp_seconds(basis_stamp t0)
{
    if (t0.sec >= 0.0) { /* started before the rate was known: CLOCK_MONOTONIC */
        double sec = basis_now();
        int expect = RATE_UNKNOWN;
        if (sec - cal_sec >= CAL_SECONDS &&
            atomic_compare_exchange_strong(&rate, &expect, RATE_MEASURING))
            measure_rate();
        return sec > t0.sec ? sec - t0.sec : 0.0;
    }
    int64_t dt = counter() - t0.ticks;
    return dt > 0 ? (double)dt * period : 0.0;
}
