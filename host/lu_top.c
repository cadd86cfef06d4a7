/* lu_top.c: the width above which getrf halves the matrix before its blocked loop, and the test hook that lowers it. */
#include <stdatomic.h>

#include "lu_blocked.h"

/* 2048: measured on Zen 5 (host/getrf_blocked_s.c says how); 0 in the hook's variable
 * means that default. */
enum { TOP_COLS_DEFAULT = 2048 };

static atomic_llong test_cols;

int64_t basis_lu_top_cols(void)
{
    long long c = atomic_load_explicit(&test_cols, memory_order_relaxed);
    return c > 0 ? (int64_t)c : TOP_COLS_DEFAULT;
}

void basis_lu_test_top_cols(int64_t cols)
{
    atomic_store(&test_cols, cols > 0 ? (long long)cols : 0);
}
