/* forward.c: finds the routines basis does not implement in the system BLAS/LAPACK (dlopen of libblas.so.3 / liblapack.so.3 on first use), without ever finding libbasis_blas itself. */
#include <ctype.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "basis_cblas.h"
#include "forward.h"
#include "internal.h"

/* BASIS_SYSTEM_BLAS / BASIS_SYSTEM_LAPACK name another file (a path or a soname), e.g. to
 * pick one of several installed BLAS without touching the system's alternatives. */
static const char *const lib_default[2] = {"libblas.so.3", "liblapack.so.3"};
static const char *const lib_env[2] = {"BASIS_SYSTEM_BLAS", "BASIS_SYSTEM_LAPACK"};

static void *lib_handle[2];
static char lib_file[2][256];
static char lib_why[2][256];
static once_flag lib_once[2] = {ONCE_FLAG_INIT, ONCE_FLAG_INIT};

/* The load base of libbasis_blas itself: a symbol found there would call us back forever
 * (the system's libblas.so.3 alternative may point at basis). */
static const void *self_base(void)
{
    Dl_info info;
    return dladdr((const void *)basis_forward_resolve, &info) ? info.dli_fbase : NULL;
}

static void open_lib(int which)
{
    const char *env = getenv(lib_env[which]);
    const char *file = env && *env ? env : lib_default[which];
    snprintf(lib_file[which], sizeof lib_file[which], "%s", file);
    /* RTLD_LOCAL: the system library's names must not join the global scope, where they
     * would shadow basis's for everything loaded later. */
    void *h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(lib_why[which], sizeof lib_why[which], "%s", e ? e : "dlopen failed");
        return;
    }
    lib_handle[which] = h;
}

static void open_blas(void)
{
    open_lib(BASIS_FORWARD_BLAS);
}

static void open_lapack(void)
{
    open_lib(BASIS_FORWARD_LAPACK);
}

static void *lookup(int which, const char *name, int *found_self)
{
    call_once(&lib_once[which], which == BASIS_FORWARD_BLAS ? open_blas : open_lapack);
    if (!lib_handle[which])
        return NULL;
    void *p = dlsym(lib_handle[which], name);
    if (!p)
        return NULL;
    Dl_info info;
    if (dladdr(p, &info) && info.dli_fbase == self_base()) {
        *found_self = 1;
        return NULL;
    }
    return p;
}

/* The name as XERBLA spells it: upper case, without the trailing underscore, blank-padded
 * to 6 characters. */
static size_t xerbla_name(const char *name, char *out, size_t cap)
{
    size_t n = 0;
    for (; name[n] && n + 1 < cap; n++)
        out[n] = (char)toupper((unsigned char)name[n]);
    if (n > 0 && out[n - 1] == '_')
        n--;
    while (n < 6 && n + 1 < cap)
        out[n++] = ' ';
    out[n] = '\0';
    return n;
}

void *basis_forward_resolve(uint32_t index)
{
    if (index >= basis_forward_count)
        return (void *)basis_forward_missing;
    const char *name = basis_forward_names[index];
    int home = basis_forward_home[index], found_self = 0;
    void *p = lookup(home, name, &found_self);
    if (!p)
        p = lookup(1 - home, name, &found_self);
    if (p) {
        __atomic_store_n(&basis_forward_slots[index], p, __ATOMIC_RELEASE);
        return p;
    }
    /* Not cached: a later call reports again (and finds nothing again, since a failed
     * dlopen is not retried). xerbla_ with parameter 0 tells a program's own handler that
     * the routine itself is missing; the sentence is left in basis_last_error(). */
    char xname[64];
    size_t len = xerbla_name(name, xname, sizeof xname);
    int zero = 0;
    xerbla_(xname, &zero, len);
    const char *home_file = lib_file[home][0] ? lib_file[home] : lib_default[home];
    if (found_self)
        basis_fail(BASIS_ERR_BACKEND,
                   "libbasis_blas: %s is not one of basis's routines, and the system library "
                   "that should provide it (%s or %s) is libbasis_blas itself; install the "
                   "reference BLAS/LAPACK or OpenBLAS, or name one with %s",
                   name, lib_file[home], lib_file[1 - home], lib_env[home]);
    else
        basis_fail(BASIS_ERR_BACKEND,
                   "libbasis_blas: %s is not one of basis's routines and was not found in the "
                   "system BLAS/LAPACK (%s: %s; %s: %s); install libblas3/liblapack3 or "
                   "OpenBLAS, or name a library with %s",
                   name, home_file, lib_why[home][0] ? lib_why[home] : "has no such symbol",
                   lib_file[1 - home][0] ? lib_file[1 - home] : lib_default[1 - home],
                   lib_why[1 - home][0] ? lib_why[1 - home] : "has no such symbol", lib_env[home]);
    return (void *)basis_forward_missing;
}
