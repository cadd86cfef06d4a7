/* tsan_call_once.h: force-included in ThreadSanitizer builds (BASIS_SANITIZE=thread): C11 call_once and mtx_* through their pthread equivalents, which TSan understands. */
#ifndef BASIS_TSAN_CALL_ONCE_H
#define BASIS_TSAN_CALL_ONCE_H

/* glibc's C11 call_once and mtx_* call its internal __pthread_once / __pthread_mutex_*
 * directly, past TSan's interceptors of the public pthread functions, so TSan never sees
 * their happens-before edges and reports every first-use table (CPU features, kernel
 * tables, topology, the OpenCL device table) as a race. glibc's once_flag and mtx_t are a
 * pthread_once_t and a pthread_mutex_t inside, so the public pthread calls do the same
 * thing where TSan can see it. Only this build uses the header. */
#include <pthread.h>
#include <threads.h>

_Static_assert(sizeof(once_flag) == sizeof(pthread_once_t), "once_flag wraps a pthread_once_t");
_Static_assert(sizeof(mtx_t) == sizeof(pthread_mutex_t), "mtx_t wraps a pthread_mutex_t");

#define call_once(flag, fn) pthread_once((pthread_once_t *)(void *)(flag), (fn))

static inline int basis_tsan_mtx_init(mtx_t *m, int type)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    if (type & mtx_recursive)
        pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    int r = pthread_mutex_init((pthread_mutex_t *)(void *)m, &attr);
    pthread_mutexattr_destroy(&attr);
    return r ? thrd_error : thrd_success;
}
#define mtx_init(m, type) basis_tsan_mtx_init((m), (type))
#define mtx_lock(m) (pthread_mutex_lock((pthread_mutex_t *)(void *)(m)) ? thrd_error : thrd_success)
#define mtx_unlock(m) \
    (pthread_mutex_unlock((pthread_mutex_t *)(void *)(m)) ? thrd_error : thrd_success)
#define mtx_destroy(m) pthread_mutex_destroy((pthread_mutex_t *)(void *)(m))

#endif
