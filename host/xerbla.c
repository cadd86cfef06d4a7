/* xerbla.c: the default argument-error handlers xerbla_ and cblas_xerbla, alone in this file
 * so that a program defining its own replaces them at link time.
 *
 * Reference XERBLA prints and STOPs the program, reference cblas_xerbla prints and calls
 * exit(-1). basis never ends the caller's process: these record the message as the
 * thread's basis_last_error() (basis_fail prints it only under BASIS_VERBOSE) and return,
 * and the routine that called them returns with its outputs untouched. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "basis_cblas.h"
#include "internal.h"

void xerbla_(const char *srname, const int *info, size_t len)
{
    /* srname is a Fortran CHARACTER: blank-padded, not NUL-terminated. */
    size_t n = srname ? len : 0;
    if (n > 64)
        n = 64;
    while (n > 0 && (srname[n - 1] == ' ' || srname[n - 1] == '\0'))
        n--;
    basis_fail(BASIS_ERR_ARGUMENT, "On entry to %.*s parameter number %d had an illegal value",
               (int)n, n ? srname : "", info ? *info : 0);
}

void cblas_xerbla(int p, const char *rout, const char *form, ...)
{
    char detail[256] = "";
    if (form) {
        va_list ap;
        va_start(ap, form);
        vsnprintf(detail, sizeof detail, form, ap);
        va_end(ap);
    }
    size_t n = strlen(detail);
    while (n > 0 && (detail[n - 1] == '\n' || detail[n - 1] == ' '))
        detail[--n] = '\0';
    if (!rout)
        rout = "cblas";
    if (p != 0)
        basis_fail(BASIS_ERR_ARGUMENT, "%s: parameter number %d had an illegal value%s%s%s",
                   rout, p, n ? " (" : "", detail, n ? ")" : "");
    else
        basis_fail(BASIS_ERR_ARGUMENT, "%s: %s", rout, n ? detail : "illegal call");
}
