/* ctx_internal.h: the layout of basis_ctx and the thread-count policy, shared by ctx.c and dispatch.c. */
#ifndef BASIS_HOST_CTX_INTERNAL_H
#define BASIS_HOST_CTX_INTERNAL_H

#include "internal.h"

struct basis_ctx {
    basis_backend backend;
    int threads; /* 0: the default policy */
    int cl_platform, cl_device; /* -1: the default device */
    basis_stats stats;
};

/* The variables every call reads (env.c): BASIS_BACKEND, and with threads_too the two
 * that set the thread count; NULL where one is unset (or was not asked for). */
typedef struct basis_env {
    const char *backend, *num_threads, *omp_num_threads;
} basis_env;
void basis_env_read(basis_env *env, int threads_too);

/* BASIS_NUM_THREADS, else OMP_NUM_THREADS, else physical cores; an invalid
 * BASIS_NUM_THREADS fails with BASIS_ERR_ARGUMENT naming the variable. */
basis_status basis_default_threads(int *threads);
/* The same from an environment already read. */
basis_status basis_env_threads(const basis_env *env, int *threads);

/* BASIS_OK if backend is usable here, else BASIS_ERR_BACKEND with a message from who that
 * lists the usable backends. */
basis_status basis_backend_check(const char *who, basis_backend backend);

/* Where the stats of calls on the default context go: per thread, so that concurrent
 * callers of the NULL context do not race. */
basis_stats *basis_default_stats(void);

#endif /* BASIS_HOST_CTX_INTERNAL_H */
