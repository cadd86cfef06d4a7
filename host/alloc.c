/* alloc.c: the one allocator of the library: 64-byte aligned workspaces, never aborts; and its test-only fault hook. */
#include <stdatomic.h>
#include <stdlib.h>

#include "internal.h"

/* Fault injection for tests (see internal.h): the number of allocations still allowed
 * (-1: no limit) and the blocks handed out and not yet freed. Relaxed atomics: one load
 * per allocation when no test arms the hook. */
static atomic_llong fail_after = -1;
static atomic_llong live_blocks;
static atomic_llong failed_count; /* allocations the hook failed since it was armed */

static int fault_now(void)
{
    long long left = atomic_load_explicit(&fail_after, memory_order_relaxed);
    /* Each allocation takes one from the budget; once it is 0 every allocation fails. */
    while (left > 0 && !atomic_compare_exchange_weak_explicit(&fail_after, &left, left - 1,
                                                               memory_order_relaxed,
                                                               memory_order_relaxed))
        ;
    if (left != 0)
        return 0;
    atomic_fetch_add_explicit(&failed_count, 1, memory_order_relaxed);
    return 1;
}

void *basis_alloc(size_t bytes)
{
    /* aligned_alloc wants a multiple of the alignment; 64 bytes is a cache line and a zmm. */
    size_t rounded = (bytes + 63) & ~(size_t)63;
    if (rounded < bytes || fault_now())
        return NULL;
    void *p = aligned_alloc(64, rounded ? rounded : 64);
    if (p)
        atomic_fetch_add_explicit(&live_blocks, 1, memory_order_relaxed);
    return p;
}

void *basis_realloc(void *p, size_t bytes)
{
    if (fault_now())
        return NULL;
    void *q = realloc(p, bytes ? bytes : 1);
    if (q && !p)
        atomic_fetch_add_explicit(&live_blocks, 1, memory_order_relaxed);
    return q;
}

void basis_free(void *p)
{
    if (p)
        atomic_fetch_sub_explicit(&live_blocks, 1, memory_order_relaxed);
    free(p);
}

void basis_test_fail_alloc_after(int64_t n)
{
    atomic_store_explicit(&failed_count, 0, memory_order_relaxed);
    atomic_store_explicit(&fail_after, n < 0 ? -1 : n, memory_order_relaxed);
}

int64_t basis_test_alloc_failed(void)
{
    return atomic_load_explicit(&failed_count, memory_order_relaxed);
}

int64_t basis_test_alloc_live(void)
{
    return atomic_load_explicit(&live_blocks, memory_order_relaxed);
}
