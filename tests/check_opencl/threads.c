/* threads.c (check_opencl): threads: first use of the device from several at once, then concurrent calls. */
#include <threads.h>

#include "check_opencl/check_opencl.h"

/* ---- threads: first use from several at once, then concurrent calls --------------------- */

static int thread_main(void *arg)
{
    basis_ctx *ctx;
    basis_ctx_create(&ctx);
    basis_ctx_set_backend(ctx, BASIS_BACKEND_OPENCL);
    int ok = 1;
    for (int r = 0; r < 4; r++) {
        int64_t n = 40 + 7 * r + (int)(intptr_t)arg;
        float *a = malloc(sizeof(float) * (size_t)(n * n)), *c = malloc(sizeof(float) * (size_t)(n * n));
        for (int64_t i = 0; i < n * n; i++)
            a[i] = (float)((i * 7) % 5) - 2.0f;
        basis_status s = basis_sgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, n, n, n,
                                     1.0f, a, n, a, n, 0.0f, c, n);
        for (int64_t i = 0; ok && i < n; i += 5)
            for (int64_t j = 0; j < n; j += 3) {
                float want = 0.0f;
                for (int64_t p = 0; p < n; p++)
                    want += a[i + p * n] * a[p + j * n];
                ok &= s == BASIS_OK && c[i + j * n] == want; /* small integers: exact */
            }
        free(a);
        free(c);
    }
    basis_ctx_destroy(ctx);
    return ok;
}

void check_threads(void)
{
    thrd_t t[3];
    for (int i = 0; i < 3; i++)
        thrd_create(&t[i], thread_main, (void *)(intptr_t)i);
    for (int i = 0; i < 3; i++) {
        int ok = 0;
        thrd_join(t[i], &ok);
        BT_CHECK(ok, "thread %d: wrong results", i);
    }
}
