/* call_clock.c: the clock behind every call's stats: the CPU's invariant cycle counter once its rate is known, else CLOCK_MONOTONIC. */
#include <stdatomic.h>
#include <threads.h>
#include <time.h>

#include "internal.h"
#if defined(__x86_64__)
#include <cpuid.h>
#include <x86intrin.h>
#endif

/* Why: every call times itself for its context's stats, and two clock_gettime calls took
 * 50 of the ~125 ns a 1x1x1 GEMM with its own context spent in basis (Zen 5 VM,
 * clocksource tsc, 25 ns each); a counter read costs 10. x86-64 reads the time-stamp
 * counter where CPUID says it is invariant (constant rate, running in every power state),
 * with its rate measured against CLOCK_MONOTONIC: calls in the first CAL_SECONDS of the
 * process read both clocks, and the first to end after that fixes the rate. AArch64 reads
 * the generic timer, whose rate the CPU states. Elsewhere: CLOCK_MONOTONIC. */

#define CAL_SECONDS 0.01

enum { KIND_MONOTONIC, KIND_TSC, KIND_ARM };

static int kind;
static int64_t cal_ticks; /* the counter at the first call ... */
static double cal_sec;    /* ... and CLOCK_MONOTONIC then */
static _Atomic double period; /* seconds per tick; 0 until measured */
static once_flag clock_once = ONCE_FLAG_INIT;

static int64_t counter(void)
{
#if defined(__x86_64__)
    if (kind == KIND_TSC)
        return (int64_t)__rdtsc();
#elif defined(__aarch64__)
    if (kind == KIND_ARM) {
        uint64_t v;
        __asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(v));
        return (int64_t)v;
    }
#endif
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The counter and CLOCK_MONOTONIC at one moment: of a few tries, the one read between the
 * two closest counter reads, so that a thread preempted in between does not skew the
 * rate measured from two such pairs. */
static void pair(int64_t *ticks, double *sec)
{
    int64_t best = -1;
    for (int i = 0; i < 5; i++) {
        int64_t c1 = counter();
        double s = basis_now();
        int64_t c2 = counter();
        if (best < 0 || c2 - c1 < best) {
            best = c2 - c1;
            *ticks = c1 + (c2 - c1) / 2;
            *sec = s;
        }
    }
}

static void clock_init(void)
{
    kind = KIND_MONOTONIC;
    double p = 1e-9;
#if defined(__x86_64__)
    unsigned a, b, c, d;
    if (__get_cpuid(0x80000000u, &a, &b, &c, &d) && a >= 0x80000007u &&
        __get_cpuid(0x80000007u, &a, &b, &c, &d) && (d & (1u << 8))) {
        kind = KIND_TSC;
        p = 0.0;
    }
#elif defined(__aarch64__)
    uint64_t f;
    __asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(f));
    if (f > 0) {
        kind = KIND_ARM;
        p = 1.0 / (double)f;
    }
#endif
    pair(&cal_ticks, &cal_sec);
    atomic_store(&period, p);
}

basis_stamp basis_stamp_now(void)
{
    call_once(&clock_once, clock_init);
    basis_stamp s = {counter(), -1.0};
    if (atomic_load_explicit(&period, memory_order_relaxed) == 0.0)
        s.sec = basis_now();
    return s;
}

double basis_stamp_seconds(basis_stamp t0)
{
    int64_t now = counter();
    double p = atomic_load_explicit(&period, memory_order_relaxed);
    if (p == 0.0) {
        double sec = basis_now();
        if (sec - cal_sec >= CAL_SECONDS) {
            int64_t tk;
            double sk;
            pair(&tk, &sk);
            if (tk > cal_ticks)
                atomic_store(&period, (sk - cal_sec) / (double)(tk - cal_ticks));
        }
        if (t0.sec >= 0.0)
            return sec - t0.sec;
        p = atomic_load(&period); /* t0 came after the rate was known */
    }
    return (double)(now - t0.ticks) * p;
}
