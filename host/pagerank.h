/* pagerank.h: what the PageRank entry points (pagerank.c) share with the s and d iterations (pagerank_s.c, pagerank_d.c). */
#ifndef BASIS_HOST_PAGERANK_H
#define BASIS_HOST_PAGERANK_H

#include "graph.h"

#include <stdatomic.h>

/* The iteration, pull-based, with v the teleport vector (uniform 1/n, or the normalized
 * personalization) and D the rank held by dangling nodes (no out-edges):
 *   x_new[i] = d sum_{j -> i} x[j] / outdeg[j] + (d D + 1 - d) v[i]
 * so the rank of dangling nodes follows v too; stop when ||x_new - x||_1 < tol (not scaled
 * by n). The start is v. The result is renormalized to sum 1, which only removes rounding
 * drift. Self-loops and repeated edges count as edges.
 *
 * The vectors are held in the graph's slot numbering (host/graph.h): entry p belongs to
 * node perm[p]; v and 1 / outdeg are put in that order at the start and the ranks back in
 * node order at the end. Each iteration has two phases:
 * 1. the SpMV kernel pulls y = A^T xs over the graph's SELL-8 chunks (xs = x / outdeg,
 *    with xs[n] = 0 for the padding), in units of consecutive chunks holding about
 *    PR_UNIT_WORK entries + slots;
 * 2. one fused pass over blocks of PR_BLOCK slots forms x_new, writes x and the next xs in
 *    place, and leaves each block's |x_new - x| and dangling rank in a partial.
 * The threads share no barrier (basis_pagerank_iterate): they claim the units and blocks
 * one at a time from a shared counter, and a phase ends when its last item is done; the
 * thread that finishes it adds the block partials in block order, decides whether to stop
 * and opens the next phase. A thread that loses its core on a busy machine holds up only
 * the one item it claimed, never the others: with an OpenMP barrier after each phase,
 * 2-thread runs on this 2-vCPU machine swung between 3.8x and 0.4x the plain kernel's
 * rate with the load of other processes.
 * The sums, the stopping decision and the ranks are bitwise the same for any number of
 * threads and any order of claims (each row's sum runs in the kernel's fixed order, each
 * block's in slot order). The float version keeps its vectors in float but its partials,
 * teleport weight and final sum in double. */

#define PR_BLOCK 2048
/* below this many (entries + nodes) per thread, another thread costs more than it saves */
#define PR_WORK_PER_THREAD 65536
/* (entries + slots) per phase-1 unit: ~20 us of SpMV, so a claim's atomic is ~1 % of it */
#define PR_UNIT_WORK 65536

/* A call's split: up to nth threads; phase-1 unit u covers chunks [ub[u], ub[u+1]), the
 * same for every thread count. */
typedef struct pr_plan {
    int nth;
    int64_t nunits, nblocks;
    int64_t *ub; /* nunits + 1, in the call's workspace */
} pr_plan;

/* Integers the plan of g needs from the workspace. */
int64_t basis_pagerank_plan_words(const basis_graph *g);
/* Fills plan for at most `threads` threads (ub points at basis_pagerank_plan_words(g)
 * int64 of workspace). */
void basis_pagerank_plan(const basis_graph *g, int threads, int64_t *words, pr_plan *plan);

/* One PageRank solve as the threads share it. The caller fills the first group and the
 * counters' start (basis_pagerank_start); every thread of the team, any number of them,
 * calls basis_pagerank_iterate, which returns when the solve has stopped. */
typedef struct pr_run {
    void *state;                                        /* the s or d iteration's data */
    void (*spmv)(void *state, int64_t c0, int64_t c1); /* phase 1 over chunks [c0, c1) */
    /* phase 2 over node block b with teleport weight c: the block's partials */
    void (*update)(void *state, int64_t b, double c, double *res, double *dang);
    pr_plan plan;
    double damping, tol;
    int64_t max_iter;
    double *part; /* [residual, dangling][block] */
    /* shared progress: items are numbered across phases (iteration i's phase 1 holds
     * nunits of them, then phase 2 nblocks); claim: the next unclaimed item; done: items
     * finished; phase: 2 (i - 1) + (0 or 1), or -1 once stopped. One line: every item
     * touches claim and done anyway. */
    _Alignas(64) atomic_llong claim;
    atomic_llong done, phase;
    /* iteration i's teleport weight in c[i & 1], set before its phase 2 opens; on its own
     * line, so the items that read it do not contend with the counters' line */
    _Alignas(64) double c[2];
    int64_t it; /* out: iterations run */
    double res; /* out: the last L1 change */
} pr_run;

/* Sets the counters for iteration 1 from the starting dangling rank dang0. */
void basis_pagerank_start(pr_run *r, double dang0);
void basis_pagerank_iterate(pr_run *r);

basis_status basis_pagerank_no_convergence(const char *fn, int64_t max_iter, double residual,
                                           double tol);
basis_status basis_pagerank_no_memory(const char *fn, int64_t n);

/* The iterations behind basis_?pagerank_graph, after the arguments were checked; psum is
 * the personalization's sum (0: uniform). */
basis_status basis_dpagerank_run(const char *fn, basis_ctx *ctx, const basis_graph *g,
                                 const basis_pagerank_opts *opts, double psum, double *ranks,
                                 basis_iter_info *info);
basis_status basis_spagerank_run(const char *fn, basis_ctx *ctx, const basis_graph *g,
                                 const basis_pagerank_opts *opts, double psum, float *ranks,
                                 basis_iter_info *info);

#endif /* BASIS_HOST_PAGERANK_H */
