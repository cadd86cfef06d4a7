/* testutil.h: the small harness every test shares: checks, the forced backend, random data. */
#ifndef BASIS_TESTUTIL_H
#define BASIS_TESTUTIL_H

#include <stdint.h>
#include <stdio.h>

#include "basis.h"

extern int bt_passes;
extern int bt_failures;

/* Counts a check; on failure prints file:line and the formatted reason to stderr. */
#define BT_CHECK(cond, ...)                                                   \
    do {                                                                      \
        if (cond) {                                                           \
            bt_passes++;                                                      \
        } else {                                                              \
            bt_failures++;                                                    \
            fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);             \
            fprintf(stderr, __VA_ARGS__);                                     \
            fputc('\n', stderr);                                              \
        }                                                                     \
    } while (0)

/* Reads BASIS_BACKEND (the backend ctest forces for this run); exits 77 (skipped) when
 * this machine cannot run it. Returns the backend in force. */
basis_backend bt_begin(const char *test_name);
/* Prints "N passed, N failed" and returns the process exit status. */
int bt_end(void);

/* Deterministic random numbers (xorshift), uniform in [-1, 1). */
void bt_seed(uint64_t seed);
double bt_uniform(void);
void bt_fill_d(double *x, int64_t n);
void bt_fill_s(float *x, int64_t n);

/* A scratch directory of the test's own under $TMPDIR (else /tmp), made by
 * bt_scratch_begin (exits 1 when it cannot be) and removed by bt_scratch_end; bt_put_*
 * write a file there and return its path (tests/scratch_files.c). */
const char *bt_scratch_begin(const char *prefix);
const char *bt_scratch_dir(void);
const char *bt_put_bytes(const char *name, const void *data, size_t len);
const char *bt_put_file(const char *name, const char *text);
void bt_scratch_end(void);
/* The first 64 KiB of a file as a string (malloc'd, the caller frees it), NULL when it
 * cannot be opened: for the small outputs and logs tests compare. */
char *bt_slurp(const char *path);
/* BASIS_SHARED_DIR when it holds data/graphs (the shared graphs), else NULL. */
const char *bt_shared_graphs(void);

/* Unit roundoff of each precision, for scale-aware thresholds. */
#define BT_EPS_D 1.1102230246251565e-16
#define BT_EPS_S 5.9604645e-08

#endif /* BASIS_TESTUTIL_H */
