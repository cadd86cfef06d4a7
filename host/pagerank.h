/* pagerank.h: what the PageRank entry points (pagerank.c) share with the s and d iterations (pagerank_s.c, pagerank_d.c). */
#ifndef BASIS_HOST_PAGERANK_H
#define BASIS_HOST_PAGERANK_H

#include "graph.h"

#ifdef BASIS_WITH_OPENMP
#include <omp.h>
#define PR_BARRIER _Pragma("omp barrier")
#else
#define PR_BARRIER
#endif

/* The iteration, pull-based, with v the teleport vector (uniform 1/n, or the normalized
 * personalization) and D the rank held by dangling nodes (no out-edges):
 *   x_new[i] = d sum_{j -> i} x[j] / outdeg[j] + (d D + 1 - d) v[i]
 * so the rank of dangling nodes follows v too; stop when ||x_new - x||_1 < tol (not scaled
 * by n). The start is v. The result is renormalized to sum 1, which only removes rounding
 * drift. Self-loops and repeated edges count as edges.
 *
 * Each iteration has two phases, each split over threads, with a barrier after each:
 * 1. the SpMV kernel pulls y = A^T xs over the graph's SELL-8 chunks (xs = x / outdeg,
 *    with xs[n] = 0 for the padding); threads own runs of chunks balanced by stored
 *    entries + slots;
 * 2. one fused pass over blocks of PR_BLOCK nodes forms x_new, writes x and the next xs in
 *    place, and leaves each block's |x_new - x| and dangling rank in a partial; threads own
 *    equal runs of blocks.
 * Then every thread adds the block partials in block order, so the sums, the stopping
 * decision and the ranks are bitwise the same for any number of threads (each row's sum
 * runs in the kernel's fixed order). The float version keeps its vectors in float but its
 * partials, teleport weight and final sum in double. */

#define PR_BLOCK 2048
/* below this many (entries + nodes) per thread, another thread costs more than it saves */
#define PR_WORK_PER_THREAD 65536

/* A call's thread split: nth threads; thread t owns chunks [cb[t], cb[t+1]) in phase 1 and
 * node blocks [bb[t], bb[t+1]) in phase 2. */
typedef struct pr_plan {
    int nth;
    int64_t nblocks;
    int64_t *cb, *bb; /* nth + 1 each, in the call's workspace */
} pr_plan;

/* Integers the plan needs from the workspace, for at most `threads` threads. */
static inline size_t pr_plan_words(int threads)
{
    return 2 * ((size_t)threads + 1);
}
/* Fills plan (cb and bb point at pr_plan_words(threads) int64 of workspace). */
void basis_pagerank_plan(const basis_graph *g, int threads, int64_t *words, pr_plan *plan);

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
