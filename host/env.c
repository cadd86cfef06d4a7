/* env.c: the environment variables every call reads (BASIS_BACKEND, BASIS_NUM_THREADS, OMP_NUM_THREADS): one pass over the environment, kept per thread until the environment changes. */
#include <stdlib.h>
#include <string.h>

#include "ctx_internal.h"

/* POSIX: the process environment, as getenv reads it. */
extern char **environ;

enum { VAR_BACKEND, VAR_NUM_THREADS, VAR_OMP_NUM_THREADS, VARS };

/* What the last pass of this thread found: the environment array and the place of its
 * terminator then, and for each variable its entry and the entry's place (NULL: unset). */
typedef struct env_seen {
    char **base, **end;
    char *entry[VARS];
    char **at[VARS];
} env_seen;

static _Thread_local env_seen seen;

/* Whether the environment is still the one seen. setenv, putenv and unsetenv change it
 * only in ways this notices: a new variable is appended (the terminator moves, or the
 * array moves when it grows), a removed one shifts the later entries down over it (the
 * terminator moves), and a changed one gets a new entry in its place (its pointer
 * changes). clearenv leaves no array at all. A value edited in place inside a putenv
 * string needs no check: the entry still points at it. */
static int still_seen(char **p)
{
    if (p == NULL || p != seen.base || *seen.end != NULL || (seen.end > p && seen.end[-1] == NULL))
        return 0;
    for (int v = 0; v < VARS; v++)
        if (seen.at[v] && *seen.at[v] != seen.entry[v])
            return 0;
    return 1;
}

/* Variable v if entry e is NAME=value (len = strlen(NAME)) and v is not found yet. */
static void match_one(char **at, const char *name, size_t len, int v)
{
    if (!seen.at[v] && strncmp(*at, name, len) == 0 && (*at)[len] == '=') {
        seen.at[v] = at;
        seen.entry[v] = *at;
    }
}

/* One pass: an entry costs a test of its first two letters; the first match of a name
 * wins, as with getenv. */
static void scan(char **p)
{
    memset(&seen, 0, sizeof seen);
    if (p == NULL)
        return;
    char **at = p;
    for (const char *e; (e = *at) != NULL; at++) {
        if (__builtin_expect(e[0] == 'B' && e[1] == 'A', 0)) {
            match_one(at, "BASIS_BACKEND", 13, VAR_BACKEND);
            match_one(at, "BASIS_NUM_THREADS", 17, VAR_NUM_THREADS);
        } else if (__builtin_expect(e[0] == 'O' && e[1] == 'M', 0)) {
            match_one(at, "OMP_NUM_THREADS", 15, VAR_OMP_NUM_THREADS);
        }
    }
    seen.base = p;
    seen.end = at;
}

static const char *value(int v, size_t len)
{
    return seen.at[v] ? *seen.at[v] + len + 1 : NULL;
}

/* Why kept: these are read on every call (a program may change them between calls), and
 * the pass over the environment was the largest share of a small GEMM's overhead: about
 * 430 of 1700 instructions per call with 41 variables (callgrind, 1x1x1 sgemm), where
 * checking that nothing changed costs a dozen. */
void basis_env_read(basis_env *env, int threads_too)
{
    char **p = environ;
    if (!still_seen(p))
        scan(p);
    env->backend = value(VAR_BACKEND, 13);
    env->num_threads = threads_too ? value(VAR_NUM_THREADS, 17) : NULL;
    env->omp_num_threads = threads_too ? value(VAR_OMP_NUM_THREADS, 15) : NULL;
}
