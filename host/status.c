/* status.c: the thread-local last-error sentence, status names, the version, the opt-in log. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <threads.h>
#include <time.h>

#include "internal.h"

static _Thread_local char last_error[1024];

basis_status basis_fail(basis_status s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    basis_log("error: %s", last_error);
    return s;
}

const char *basis_last_error(void)
{
    return last_error;
}

const char *basis_version(void)
{
    return BASIS_VERSION_STRING;
}

const char *basis_status_name(basis_status s)
{
    switch (s) {
    case BASIS_OK: return "BASIS_OK";
    case BASIS_ERR_ARGUMENT: return "BASIS_ERR_ARGUMENT";
    case BASIS_ERR_NO_MEMORY: return "BASIS_ERR_NO_MEMORY";
    case BASIS_ERR_SINGULAR: return "BASIS_ERR_SINGULAR";
    case BASIS_ERR_NO_CONVERGENCE: return "BASIS_ERR_NO_CONVERGENCE";
    case BASIS_ERR_BACKEND: return "BASIS_ERR_BACKEND";
    case BASIS_ERR_IO: return "BASIS_ERR_IO";
    case BASIS_ERR_FORMAT: return "BASIS_ERR_FORMAT";
    case BASIS_ERR_DEVICE: return "BASIS_ERR_DEVICE";
    case BASIS_ERR_ILL_CONDITIONED: return "BASIS_ERR_ILL_CONDITIONED";
    case BASIS_ERR_OVERFLOW: return "BASIS_ERR_OVERFLOW";
    }
    return "unknown basis_status";
}

static once_flag verbose_once = ONCE_FLAG_INIT;
static int verbose_level;

static void verbose_read(void)
{
    const char *v = getenv("BASIS_VERBOSE");
    verbose_level = (v && *v && *v != '0') ? 1 : 0;
}

int basis_verbose(void)
{
    call_once(&verbose_once, verbose_read);
    return verbose_level;
}

void basis_log(const char *fmt, ...)
{
    if (!basis_verbose())
        return;
    /* One fprintf per line so concurrent callers do not interleave within a line. */
    char line[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "basis: %s\n", line);
}

double basis_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
