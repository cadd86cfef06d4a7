/* alloc.c: the one allocator of the library: 64-byte aligned workspaces, never aborts. */
#include <stdlib.h>

#include "internal.h"

void *basis_alloc(size_t bytes)
{
    /* aligned_alloc wants a multiple of the alignment; 64 bytes is a cache line and a zmm. */
    size_t rounded = (bytes + 63) & ~(size_t)63;
    if (rounded < bytes)
        return NULL;
    return aligned_alloc(64, rounded ? rounded : 64);
}

void basis_free(void *p)
{
    free(p);
}
