/* pagerank_sched.c: how the threads of a PageRank solve share its iterations: items claimed from a counter, phases closed by whoever finishes the last item, no barrier. */
#include <math.h>
#include <sched.h>

#include "pagerank.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define PR_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define PR_RELAX() __asm__ __volatile__("yield")
#else
#define PR_RELAX() ((void)0)
#endif

/* Checks of the phase before a waiting thread starts giving its core away: about 20-50 us,
 * longer than the usual gap between two threads finishing a phase, so a quiet machine
 * never pays for a sleep; on a busy one the waiter yields to whatever runs instead. */
#define PR_SPINS 4096

/* The items of phase p: [*first, *end). */
static void phase_items(const pr_run *r, int64_t p, int64_t *first, int64_t *end)
{
    int64_t per_iter = r->plan.nunits + r->plan.nblocks;
    *first = p / 2 * per_iter + (p & 1 ? r->plan.nunits : 0);
    *end = *first + (p & 1 ? r->plan.nblocks : r->plan.nunits);
}

void basis_pagerank_start(pr_run *r, double dang0)
{
    atomic_init(&r->claim, 0);
    atomic_init(&r->done, 0);
    atomic_init(&r->phase, 0);
    r->c[1] = r->damping * dang0 + (1.0 - r->damping);
    r->it = 0;
    r->res = INFINITY;
}

/* Run by the thread that finished phase p's last item, so every item of p is done and no
 * item of p + 1 can start before this stores the new phase. After phase 2 of an
 * iteration: add the block partials in block order, stop or set the next weight. */
static void close_phase(pr_run *r, int64_t p)
{
    if (p & 1) {
        int64_t nb = r->plan.nblocks, it = p / 2 + 1;
        const double *pr = r->part, *pd = pr + nb;
        double res = 0.0, dang = 0.0;
        for (int64_t b = 0; b < nb; b++) {
            res += pr[b];
            dang += pd[b];
        }
        r->it = it;
        r->res = res;
        if (res < r->tol || it == r->max_iter) {
            atomic_store(&r->phase, -1);
            return;
        }
        r->c[(it + 1) & 1] = r->damping * dang + (1.0 - r->damping);
    }
    atomic_store(&r->phase, p + 1);
}

/* One claimed item: a unit of chunks in phase 1, a block of nodes in phase 2. */
static void run_item(pr_run *r, int64_t p, int64_t k)
{
    if (p & 1) {
        int64_t nb = r->plan.nblocks;
        r->update(r->state, k, r->c[(p / 2 + 1) & 1], &r->part[k], &r->part[nb + k]);
    } else {
        r->spmv(r->state, r->plan.ub[k], r->plan.ub[k + 1]);
    }
}

void basis_pagerank_iterate(pr_run *r)
{
    for (;;) {
        int64_t p = atomic_load(&r->phase);
        if (p < 0)
            return;
        int64_t first, end;
        phase_items(r, p, &first, &end);
        /* A claim succeeds only while p is open: once p's last item is claimed the counter
         * stays at or past end, so a thread that read an old p claims nothing. */
        long long v = atomic_load(&r->claim);
        while (v < end) {
            if (!atomic_compare_exchange_weak(&r->claim, &v, v + 1))
                continue; /* v now holds the counter's current value */
            run_item(r, p, v - first);
            if (atomic_fetch_add(&r->done, 1) + 1 == end)
                close_phase(r, p);
            v = atomic_load(&r->claim);
        }
        for (int spin = 0; atomic_load(&r->phase) == p;) {
            if (spin < PR_SPINS) {
                spin++;
                PR_RELAX();
            } else {
                sched_yield();
            }
        }
    }
}
