/* env.c: the environment variables every call reads (BASIS_BACKEND, BASIS_NUM_THREADS, OMP_NUM_THREADS), found in one pass over the environment. */
#include <stdlib.h>
#include <string.h>

#include "ctx_internal.h"

/* POSIX: the process environment, as getenv reads it. */
extern char **environ;

/* The value of entry e if it is name=value (len = strlen(name)), else NULL. */
static const char *value_of(const char *e, const char *name, size_t len)
{
    return strncmp(e, name, len) == 0 && e[len] == '=' ? e + len + 1 : NULL;
}

static void match(const char *e, basis_env *env)
{
    const char *v;
    if (e[0] == 'B') {
        if (!env->backend && (v = value_of(e, "BASIS_BACKEND", 13)))
            env->backend = v;
        else if (!env->num_threads && (v = value_of(e, "BASIS_NUM_THREADS", 17)))
            env->num_threads = v;
    } else if (!env->omp_num_threads && (v = value_of(e, "OMP_NUM_THREADS", 15))) {
        env->omp_num_threads = v;
    }
}

/* Why one pass: these are read on every call (a program may change them between calls),
 * and with the default context three getenv calls, each a scan of the whole environment,
 * were the largest share of a small GEMM's overhead (about 900 of 1500 instructions per
 * call with 41 variables). Here an entry costs a test of its first two letters; the first
 * match of a name wins, as with getenv. A context with its own thread count needs only
 * BASIS_BACKEND, which one getenv finds faster than this loop. */
void basis_env_read(basis_env *env, int threads_too)
{
    env->backend = env->num_threads = env->omp_num_threads = NULL;
    if (!threads_too) {
        env->backend = getenv("BASIS_BACKEND");
        return;
    }
    char **p = environ;
    if (!p)
        return;
    for (const char *e; (e = *p) != NULL; p++)
        if (__builtin_expect((e[0] == 'B' && e[1] == 'A') || (e[0] == 'O' && e[1] == 'M'), 0))
            match(e, env);
}
