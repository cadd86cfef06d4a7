/* workspace.c: per-thread scratch buffers that live as long as their thread and are freed when it exits. */
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "internal.h"

typedef struct workspace {
    void *p[BASIS_WS_COUNT];
    size_t bytes[BASIS_WS_COUNT];
} workspace;

static tss_t ws_key;
static int ws_key_ok;
static once_flag ws_once = ONCE_FLAG_INIT;

/* Runs at thread exit (OpenMP retiring a worker included), so nothing is left behind. */
static void ws_free(void *v)
{
    workspace *w = v;
    for (int i = 0; i < BASIS_WS_COUNT; i++)
        basis_free(w->p[i]);
    basis_free(w);
}

static void ws_init(void)
{
    ws_key_ok = tss_create(&ws_key, ws_free) == thrd_success;
}

void *basis_workspace(basis_ws_slot slot, size_t bytes)
{
    call_once(&ws_once, ws_init);
    if (!ws_key_ok)
        return NULL;
    workspace *w = tss_get(ws_key);
    if (!w) {
        w = basis_alloc(sizeof *w);
        if (!w)
            return NULL;
        memset(w, 0, sizeof *w);
        if (tss_set(ws_key, w) != thrd_success) {
            basis_free(w);
            return NULL;
        }
    }
    if (w->bytes[slot] < bytes) {
        void *p = basis_alloc(bytes);
        if (!p)
            return NULL;
        basis_free(w->p[slot]);
        w->p[slot] = p;
        w->bytes[slot] = bytes;
    }
    return w->p[slot];
}
