/* suite_peers.c: the peers' gemv, dot and axpy for the suite's rows: the library peers.c opened (OpenBLAS, BLIS), found again with RTLD_NOLOAD, called through its CBLAS names. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "bench_suite.h"

#ifndef BENCH_LIBDIR
#define BENCH_LIBDIR "/usr/lib"
#endif

/* The files peers.c tries, in its order: Debian's per-flavour directories, then the soname. */
static const char *const openblas_files[] = {
    BENCH_LIBDIR "/openblas-pthread/libopenblas.so.0", BENCH_LIBDIR "/openblas-openmp/libopenblas.so.0",
    BENCH_LIBDIR "/openblas-serial/libopenblas.so.0", "libopenblas.so.0", NULL};
static const char *const blis_files[] = {
    BENCH_LIBDIR "/blis-openmp/libblis.so.4", BENCH_LIBDIR "/blis-pthread/libblis.so.4",
    BENCH_LIBDIR "/blis-serial/libblis.so.4", "libblis.so.4", NULL};

/* dlsym's object pointer to a function pointer, without the cast ISO C leaves undefined. */
static int sym(void *handle, const char *name, void *fn_out, size_t fn_size)
{
    void *p = dlsym(handle, name);
    if (p)
        memcpy(fn_out, &p, fn_size);
    return p != NULL;
}

int suite_blas_open(suite_blas *b, bench_lib lib, const char *path, char *msg, size_t cap)
{
    memset(b, 0, sizeof *b);
    if (bench_impl_open(&b->impl, lib, BASIS_BACKEND_AUTO, path, msg, cap) != 0)
        return -1;
    /* bench_impl_open loaded it; RTLD_NOLOAD finds that same file without loading another. */
    const char *const one[] = {path, NULL};
    const char *const *files = path ? one : lib == BENCH_LIB_BLIS ? blis_files : openblas_files;
    void *h = NULL;
    for (int i = 0; files[i] && !h; i++)
        h = dlopen(files[i], RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND | RTLD_NOLOAD);
    if (!h || !sym(h, "cblas_sgemv", &b->sgemv, sizeof b->sgemv) ||
        !sym(h, "cblas_dgemv", &b->dgemv, sizeof b->dgemv) ||
        !sym(h, "cblas_sdot", &b->sdot, sizeof b->sdot) ||
        !sym(h, "cblas_ddot", &b->ddot, sizeof b->ddot) ||
        !sym(h, "cblas_saxpy", &b->saxpy, sizeof b->saxpy) ||
        !sym(h, "cblas_daxpy", &b->daxpy, sizeof b->daxpy)) {
        snprintf(msg, cap, "%s: cblas_?gemv, cblas_?dot or cblas_?axpy not found",
                 bench_impl_name(b->impl));
        return -1;
    }
    return 0;
}

int suite_blas_fits(int64_t n, const char *name, char *msg, size_t cap)
{
    if (n <= INT_MAX)
        return 1;
    snprintf(msg, cap, "%s takes 32-bit sizes; n = %lld is too large", name, (long long)n);
    return 0;
}
