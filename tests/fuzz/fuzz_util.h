/* fuzz_util.h: what the libFuzzer targets share: the entry point's prototype, an input as a file path, and a byte reader for parameters. */
#ifndef BASIS_FUZZ_UTIL_H
#define BASIS_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fuzz finding: print why and abort, so libFuzzer (or the replay test) keeps the input. */
#define FUZZ_ASSERT(cond, ...)                                                   \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "%s:%d: fuzz assertion failed: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                                        \
            fputc('\n', stderr);                                                 \
            abort();                                                             \
        }                                                                        \
    } while (0)

/* The readers take a path: the input goes into an anonymous in-memory file whose
 * /proc/self/fd path they open (a regular file, so its size is known as for a disk file).
 * Returns the descriptor (close it after), -1 if none could be made. */
static inline int fuzz_memfile(const uint8_t *data, size_t size, char *path, size_t pathsize)
{
    int fd = memfd_create("basis_fuzz", 0);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(fd, data + done, size - done);
        if (w <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)w;
    }
    snprintf(path, pathsize, "/proc/self/fd/%d", fd);
    return fd;
}

/* Parameters drawn from the input, front to back; 0 once it is used up. */
typedef struct fuzz_bytes {
    const uint8_t *p;
    size_t left;
} fuzz_bytes;

static inline uint8_t fuzz_u8(fuzz_bytes *b)
{
    if (!b->left)
        return 0;
    b->left--;
    return *b->p++;
}

/* A size, increment or leading dimension: mostly small (so buffers can be exact), some
 * negative, some at the int32 and int64 edges where products overflow. */
static inline int64_t fuzz_dim(fuzz_bytes *b)
{
    static const int64_t special[] = {-1, -2, INT32_MAX, (int64_t)INT32_MAX + 1,
                                      (int64_t)1 << 32, (int64_t)1 << 40, INT64_MAX / 2,
                                      INT64_MAX, INT64_MIN, -(int64_t)INT32_MAX};
    uint8_t v = fuzz_u8(b);
    if (v < 224)
        return v % 13;
    return special[(v - 224) % (sizeof special / sizeof special[0])];
}

/* An increment: mostly -6..6 (0 included: invalid), sometimes one at the int edges. */
static inline int64_t fuzz_inc(fuzz_bytes *b)
{
    int64_t v = fuzz_dim(b);
    return v >= 0 && v <= 12 ? v - 6 : v;
}

#endif /* BASIS_FUZZ_UTIL_H */
