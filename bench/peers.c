/* peers.c: opens basis or a peer BLAS (dlopen by path, RTLD_LOCAL | RTLD_DEEPBIND) and calls its GEMM and LU. */
#include "peers.h"

#include <ctype.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef BENCH_LIBDIR
#define BENCH_LIBDIR "/usr/lib"
#endif

/* The CBLAS ABI both peers export (32-bit integers in Debian's builds; the enums are ints). */
enum { CBLAS_COL_MAJOR = 102, CBLAS_NO_TRANS = 111 };
typedef void (*cblas_sgemm_fn)(int, int, int, int, int, int, float, const float *, int,
                               const float *, int, float, float *, int);
typedef void (*cblas_dgemm_fn)(int, int, int, int, int, int, double, const double *, int,
                               const double *, int, double, double *, int);
/* LAPACK's Fortran ABI (what Debian's OpenBLAS exports; it is built NO_LAPACKE): column
 * major, every argument by pointer, 32-bit integers, 1-based pivots, INFO out. */
typedef void (*sgetrf_fn)(const int *, const int *, float *, const int *, int *, int *);
typedef void (*dgetrf_fn)(const int *, const int *, double *, const int *, int *, int *);
typedef void (*sgesv_fn)(const int *, const int *, float *, const int *, int *, float *,
                         const int *, int *);
typedef void (*dgesv_fn)(const int *, const int *, double *, const int *, int *, double *,
                         const int *, int *);
typedef void (*openblas_set_threads_fn)(int);
typedef int (*openblas_get_threads_fn)(void);
typedef char *(*openblas_string_fn)(void);
typedef void (*blis_set_threads_fn)(long); /* dim_t: BLIS's gint_t is a long here */
typedef long (*blis_get_threads_fn)(void);
typedef int (*blis_arch_query_fn)(void);   /* arch_t, an enum */
typedef char *(*blis_arch_string_fn)(int);
typedef char *(*blis_version_fn)(void);
typedef void (*blis_init_fn)(void);

struct bench_impl {
    bench_lib lib;
    char name[64];
    char description[1024];
    basis_ctx *ctx;
    void *handle;
    cblas_sgemm_fn sgemm;
    cblas_dgemm_fn dgemm;
    sgetrf_fn sgetrf;
    dgetrf_fn dgetrf;
    sgesv_fn sgesv;
    dgesv_fn dgesv;
    openblas_set_threads_fn openblas_set_threads;
    openblas_get_threads_fn openblas_get_threads;
    blis_set_threads_fn blis_set_threads;
    blis_get_threads_fn blis_get_threads;
};

static void say(char *msg, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, cap, fmt, ap);
    va_end(ap);
}

/* dlsym's object pointer to a function pointer, without the cast ISO C leaves undefined. */
static void *sym(void *handle, const char *name, void *fn_out, size_t fn_size)
{
    void *p = dlsym(handle, name);
    if (p)
        memcpy(fn_out, &p, fn_size);
    return p;
}

static void lowercase_into(char *dst, size_t cap, const char *prefix, const char *s)
{
    size_t n = (size_t)snprintf(dst, cap, "%s", prefix);
    for (; *s && n + 1 < cap; s++)
        if (!isspace((unsigned char)*s))
            dst[n++] = (char)tolower((unsigned char)*s);
    dst[n] = '\0';
}

int bench_lib_parse(const char *name, bench_lib *lib)
{
    if (strcmp(name, "basis") == 0)
        *lib = BENCH_LIB_BASIS;
    else if (strcmp(name, "openblas") == 0)
        *lib = BENCH_LIB_OPENBLAS;
    else if (strcmp(name, "blis") == 0)
        *lib = BENCH_LIB_BLIS;
    else
        return -1;
    return 0;
}

static int open_basis(bench_impl *impl, basis_backend backend, char *msg, size_t cap)
{
    if (backend == BASIS_BACKEND_AUTO) {
        const char *env = getenv("BASIS_BACKEND");
        basis_backend forced;
        backend = basis_backend_best_cpu();
        if (env && env[0] && basis_backend_parse(env, &forced) == BASIS_OK &&
            forced != BASIS_BACKEND_AUTO)
            backend = forced;
    }
    if (basis_ctx_create(&impl->ctx) != BASIS_OK ||
        basis_ctx_set_backend(impl->ctx, backend) != BASIS_OK) {
        say(msg, cap, "basis backend %s: %s", basis_backend_name(backend), basis_last_error());
        return -1;
    }
    snprintf(impl->name, sizeof impl->name, "%s", basis_backend_name(backend));
    snprintf(impl->description, sizeof impl->description, "basis %s, backend %s",
             basis_version(), basis_backend_name(backend));
    return 0;
}

/* Loads the first of the candidate files that opens; msg lists what was tried otherwise. */
static void *load(const char *path, const char *const *flavours, const char *file,
                  char *loaded, size_t loaded_cap, char *msg, size_t cap)
{
    char tried[1024] = "";
    char candidate[512];
    void *h;
    if (path) {
        if ((h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND)))
            snprintf(loaded, loaded_cap, "%s", path);
        else
            say(msg, cap, "cannot load %s: %s", path, dlerror());
        return h;
    }
    for (int i = 0; flavours[i]; i++) {
        if (flavours[i][0])
            snprintf(candidate, sizeof candidate, "%s/%s/%s", BENCH_LIBDIR, flavours[i], file);
        else
            snprintf(candidate, sizeof candidate, "%s", file);
        if ((h = dlopen(candidate, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND))) {
            snprintf(loaded, loaded_cap, "%s", candidate);
            return h;
        }
        size_t used = strlen(tried);
        snprintf(tried + used, sizeof tried - used, "%s%s", used ? ", " : "", candidate);
    }
    say(msg, cap, "not installed (tried %s)", tried);
    return NULL;
}

static int open_openblas(bench_impl *impl, const char *path, char *msg, size_t cap)
{
    static const char *const flavours[] = {"openblas-pthread", "openblas-openmp",
                                           "openblas-serial", "", NULL};
    char loaded[512];
    impl->handle = load(path, flavours, "libopenblas.so.0", loaded, sizeof loaded, msg, cap);
    if (!impl->handle) {
        char why[1024];
        snprintf(why, sizeof why, "%s", msg);
        say(msg, cap, "OpenBLAS %s (Debian: apt-get install libopenblas-dev)", why);
        return -1;
    }
    openblas_string_fn corename = NULL, config = NULL;
    sym(impl->handle, "openblas_get_corename", &corename, sizeof corename);
    sym(impl->handle, "openblas_get_config", &config, sizeof config);
    if (!sym(impl->handle, "cblas_sgemm", &impl->sgemm, sizeof impl->sgemm) ||
        !sym(impl->handle, "cblas_dgemm", &impl->dgemm, sizeof impl->dgemm) ||
        !sym(impl->handle, "openblas_set_num_threads", &impl->openblas_set_threads,
             sizeof impl->openblas_set_threads) ||
        !sym(impl->handle, "openblas_get_num_threads", &impl->openblas_get_threads,
             sizeof impl->openblas_get_threads)) {
        say(msg, cap, "%s lacks cblas_sgemm, cblas_dgemm or openblas_set_num_threads", loaded);
        return -1;
    }
    /* Optional: without them the LU rows are skipped (bench_impl_has_lu). */
    sym(impl->handle, "sgetrf_", &impl->sgetrf, sizeof impl->sgetrf);
    sym(impl->handle, "dgetrf_", &impl->dgetrf, sizeof impl->dgetrf);
    sym(impl->handle, "sgesv_", &impl->sgesv, sizeof impl->sgesv);
    sym(impl->handle, "dgesv_", &impl->dgesv, sizeof impl->dgesv);
    /* The kernels OpenBLAS chose when it loaded (OPENBLAS_CORETYPE decides on DYNAMIC_ARCH). */
    const char *core = corename ? corename() : "unknown";
    lowercase_into(impl->name, sizeof impl->name, "openblas-", core);
    const char *coretype = getenv("OPENBLAS_CORETYPE");
    snprintf(impl->description, sizeof impl->description,
             "%s; kernels %s; OPENBLAS_CORETYPE=%s; %s", config ? config() : "OpenBLAS", core,
             coretype ? coretype : "(unset)", loaded);
    return 0;
}

static int open_blis(bench_impl *impl, const char *path, char *msg, size_t cap)
{
    static const char *const flavours[] = {"blis-openmp", "blis-pthread", "blis-serial", "",
                                           NULL};
    char loaded[512];
    impl->handle = load(path, flavours, "libblis.so.4", loaded, sizeof loaded, msg, cap);
    if (!impl->handle) {
        char why[1024];
        snprintf(why, sizeof why, "%s", msg);
        say(msg, cap, "BLIS %s (Debian: apt-get install libblis-dev)", why);
        return -1;
    }
    blis_arch_query_fn arch_id = NULL;
    blis_arch_string_fn arch_string = NULL;
    blis_version_fn version = NULL;
    blis_init_fn init = NULL;
    sym(impl->handle, "bli_init", &init, sizeof init);
    sym(impl->handle, "bli_arch_query_id", &arch_id, sizeof arch_id);
    sym(impl->handle, "bli_arch_string", &arch_string, sizeof arch_string);
    sym(impl->handle, "bli_info_get_version_str", &version, sizeof version);
    if (!sym(impl->handle, "cblas_sgemm", &impl->sgemm, sizeof impl->sgemm) ||
        !sym(impl->handle, "cblas_dgemm", &impl->dgemm, sizeof impl->dgemm) ||
        !sym(impl->handle, "bli_thread_set_num_threads", &impl->blis_set_threads,
             sizeof impl->blis_set_threads) ||
        !sym(impl->handle, "bli_thread_get_num_threads", &impl->blis_get_threads,
             sizeof impl->blis_get_threads)) {
        say(msg, cap, "%s lacks cblas_sgemm, cblas_dgemm or bli_thread_set_num_threads",
            loaded);
        return -1;
    }
    /* BLIS picks its kernels (BLIS_ARCH_TYPE, else CPUID) when it initializes; querying the
     * architecture before bli_init aborts the process whenever BLIS_ARCH_TYPE is set. */
    if (init)
        init();
    const char *arch = arch_id && arch_string ? arch_string(arch_id()) : "unknown";
    lowercase_into(impl->name, sizeof impl->name, "blis-", arch);
    const char *arch_type = getenv("BLIS_ARCH_TYPE");
    snprintf(impl->description, sizeof impl->description,
             "BLIS %s; kernels %s; BLIS_ARCH_TYPE=%s; %s", version ? version() : "?", arch,
             arch_type ? arch_type : "(unset)", loaded);
    return 0;
}

int bench_impl_open(bench_impl **out, bench_lib lib, basis_backend backend, const char *path,
                    char *msg, size_t msg_cap)
{
    bench_impl *impl = calloc(1, sizeof *impl);
    int rc;
    *out = NULL;
    if (!impl) {
        say(msg, msg_cap, "out of memory");
        return -1;
    }
    impl->lib = lib;
    if (lib == BENCH_LIB_BASIS)
        rc = open_basis(impl, backend, msg, msg_cap);
    else if (lib == BENCH_LIB_OPENBLAS)
        rc = open_openblas(impl, path, msg, msg_cap);
    else
        rc = open_blis(impl, path, msg, msg_cap);
    if (rc != 0) {
        bench_impl_close(impl);
        return -1;
    }
    *out = impl;
    return 0;
}

void bench_impl_close(bench_impl *impl)
{
    if (!impl)
        return;
    basis_ctx_destroy(impl->ctx);
    /* The peers stay loaded: their worker threads may still be parked in their code. */
    free(impl);
}

const char *bench_impl_name(const bench_impl *impl)
{
    return impl->name;
}

const char *bench_impl_description(const bench_impl *impl)
{
    return impl->description;
}

int bench_impl_set_threads(bench_impl *impl, int threads, char *msg, size_t msg_cap)
{
    long got = threads;
    switch (impl->lib) {
    case BENCH_LIB_BASIS:
        if (basis_ctx_set_threads(impl->ctx, threads) != BASIS_OK) {
            say(msg, msg_cap, "%s", basis_last_error());
            return -1;
        }
        return 0;
    case BENCH_LIB_OPENBLAS:
        impl->openblas_set_threads(threads);
        got = impl->openblas_get_threads();
        break;
    case BENCH_LIB_BLIS:
        impl->blis_set_threads(threads);
        got = impl->blis_get_threads();
        break;
    }
    if (got != threads) {
        say(msg, msg_cap, "%s runs %ld thread(s), not %d (a serial build?)", impl->name, got,
            threads);
        return -1;
    }
    return 0;
}

static int fits_int(int64_t m, int64_t n, int64_t k, int64_t lda, int64_t ldb, int64_t ldc,
                    const char *name, char *msg, size_t cap)
{
    if (m > INT_MAX || n > INT_MAX || k > INT_MAX || lda > INT_MAX || ldb > INT_MAX ||
        ldc > INT_MAX) {
        say(msg, cap, "%s takes 32-bit sizes; m, n, k or a leading dimension is too large",
            name);
        return 0;
    }
    return 1;
}

int bench_impl_sgemm(bench_impl *impl, int64_t m, int64_t n, int64_t k, float alpha,
                     const float *a, int64_t lda, const float *b, int64_t ldb, float beta,
                     float *c, int64_t ldc, char *msg, size_t msg_cap)
{
    if (impl->lib == BENCH_LIB_BASIS) {
        basis_status s = basis_sgemm(impl->ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS,
                                     m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (s != BASIS_OK) {
            say(msg, msg_cap, "%s: %s", basis_status_name(s), basis_last_error());
            return -1;
        }
        return 0;
    }
    if (!fits_int(m, n, k, lda, ldb, ldc, impl->name, msg, msg_cap))
        return -1;
    impl->sgemm(CBLAS_COL_MAJOR, CBLAS_NO_TRANS, CBLAS_NO_TRANS, (int)m, (int)n, (int)k, alpha,
                a, (int)lda, b, (int)ldb, beta, c, (int)ldc);
    return 0;
}

int bench_impl_dgemm(bench_impl *impl, int64_t m, int64_t n, int64_t k, double alpha,
                     const double *a, int64_t lda, const double *b, int64_t ldb, double beta,
                     double *c, int64_t ldc, char *msg, size_t msg_cap)
{
    if (impl->lib == BENCH_LIB_BASIS) {
        basis_status s = basis_dgemm(impl->ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS,
                                     m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (s != BASIS_OK) {
            say(msg, msg_cap, "%s: %s", basis_status_name(s), basis_last_error());
            return -1;
        }
        return 0;
    }
    if (!fits_int(m, n, k, lda, ldb, ldc, impl->name, msg, msg_cap))
        return -1;
    impl->dgemm(CBLAS_COL_MAJOR, CBLAS_NO_TRANS, CBLAS_NO_TRANS, (int)m, (int)n, (int)k, alpha,
                a, (int)lda, b, (int)ldb, beta, c, (int)ldc);
    return 0;
}

int bench_impl_has_lu(const bench_impl *impl, char *msg, size_t msg_cap)
{
    if (impl->lib == BENCH_LIB_BASIS ||
        (impl->sgetrf && impl->dgetrf && impl->sgesv && impl->dgesv))
        return 0;
    if (impl->lib == BENCH_LIB_BLIS)
        say(msg, msg_cap, "%s: BLIS has no LU (no LAPACK)", impl->name);
    else
        say(msg, msg_cap, "%s: the library lacks sgetrf_, dgetrf_, sgesv_ or dgesv_", impl->name);
    return -1;
}

int64_t bench_impl_pivot(const bench_impl *impl, const bench_pivots *piv, int64_t i)
{
    return impl->lib == BENCH_LIB_BASIS ? piv->i64[i] : (int64_t)piv->i32[i] - 1;
}

/* BASIS_ERR_BACKEND (the backend in force has no implementation of the op, e.g. LU on
 * OpenCL) is BENCH_NOT_HERE, so the row is skipped rather than failed. */
static int basis_result(basis_status s, char *msg, size_t cap)
{
    if (s == BASIS_OK)
        return 0;
    say(msg, cap, "%s: %s", basis_status_name(s), basis_last_error());
    return s == BASIS_ERR_BACKEND ? BENCH_NOT_HERE : -1;
}

/* LAPACK's INFO: < 0 argument -INFO is wrong; > 0 U(INFO, INFO) is exactly zero. */
static int lapack_result(const bench_impl *impl, const char *name, int info, char *msg,
                         size_t cap)
{
    if (info == 0)
        return 0;
    if (info < 0)
        say(msg, cap, "%s %s: argument %d is invalid (INFO = %d)", impl->name, name, -info,
            info);
    else
        say(msg, cap, "%s %s: exactly singular, U(%d,%d) = 0 (INFO = %d)", impl->name, name,
            info, info, info);
    return -1;
}

static int lu_fits_int(const bench_impl *impl, int have, int64_t n, int64_t nrhs, int64_t lda,
                       int64_t ldb, char *msg, size_t cap)
{
    if (!have) {
        bench_impl_has_lu(impl, msg, cap);
        return 0;
    }
    if (n > INT_MAX || nrhs > INT_MAX || lda > INT_MAX || ldb > INT_MAX) {
        say(msg, cap, "%s LAPACK takes 32-bit sizes; n, nrhs or a leading dimension is too large",
            impl->name);
        return 0;
    }
    return 1;
}

int bench_impl_sgetrf(bench_impl *impl, int64_t n, float *a, int64_t lda, bench_pivots *piv,
                      char *msg, size_t msg_cap)
{
    if (impl->lib == BENCH_LIB_BASIS)
        return basis_result(basis_sgetrf(impl->ctx, BASIS_COL_MAJOR, n, n, a, lda, piv->i64),
                            msg, msg_cap);
    if (!lu_fits_int(impl, impl->sgetrf != NULL, n, 1, lda, 1, msg, msg_cap))
        return -1;
    int in = (int)n, ilda = (int)lda, info = 0;
    impl->sgetrf(&in, &in, a, &ilda, piv->i32, &info);
    return lapack_result(impl, "sgetrf_", info, msg, msg_cap);
}

int bench_impl_dgetrf(bench_impl *impl, int64_t n, double *a, int64_t lda, bench_pivots *piv,
                      char *msg, size_t msg_cap)
{
    if (impl->lib == BENCH_LIB_BASIS)
        return basis_result(basis_dgetrf(impl->ctx, BASIS_COL_MAJOR, n, n, a, lda, piv->i64),
                            msg, msg_cap);
    if (!lu_fits_int(impl, impl->dgetrf != NULL, n, 1, lda, 1, msg, msg_cap))
        return -1;
    int in = (int)n, ilda = (int)lda, info = 0;
    impl->dgetrf(&in, &in, a, &ilda, piv->i32, &info);
    return lapack_result(impl, "dgetrf_", info, msg, msg_cap);
}

int bench_impl_sgesv(bench_impl *impl, int64_t n, int64_t nrhs, float *a, int64_t lda,
                     bench_pivots *piv, float *b, int64_t ldb, char *msg, size_t msg_cap)
{
    if (impl->lib == BENCH_LIB_BASIS)
        return basis_result(
            basis_sgesv(impl->ctx, BASIS_COL_MAJOR, n, nrhs, a, lda, piv->i64, b, ldb), msg,
            msg_cap);
    if (!lu_fits_int(impl, impl->sgesv != NULL, n, nrhs, lda, ldb, msg, msg_cap))
        return -1;
    int in = (int)n, inrhs = (int)nrhs, ilda = (int)lda, ildb = (int)ldb, info = 0;
    impl->sgesv(&in, &inrhs, a, &ilda, piv->i32, b, &ildb, &info);
    return lapack_result(impl, "sgesv_", info, msg, msg_cap);
}

int bench_impl_dgesv(bench_impl *impl, int64_t n, int64_t nrhs, double *a, int64_t lda,
                     bench_pivots *piv, double *b, int64_t ldb, char *msg, size_t msg_cap)
{
    if (impl->lib == BENCH_LIB_BASIS)
        return basis_result(
            basis_dgesv(impl->ctx, BASIS_COL_MAJOR, n, nrhs, a, lda, piv->i64, b, ldb), msg,
            msg_cap);
    if (!lu_fits_int(impl, impl->dgesv != NULL, n, nrhs, lda, ldb, msg, msg_cap))
        return -1;
    int in = (int)n, inrhs = (int)nrhs, ilda = (int)lda, ildb = (int)ldb, info = 0;
    impl->dgesv(&in, &inrhs, a, &ilda, piv->i32, b, &ildb, &info);
    return lapack_result(impl, "dgesv_", info, msg, msg_cap);
}
