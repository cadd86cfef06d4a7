/* tools.h: the subcommands of the basis program; each returns the process exit status. */
#ifndef BASIS_TOOLS_H
#define BASIS_TOOLS_H

#include <stddef.h>
#include <stdint.h>

#include "basis.h"

/* Exit statuses shared by every subcommand. */
enum { BASIS_EXIT_OK = 0, BASIS_EXIT_RUNTIME = 1, BASIS_EXIT_USAGE = 2 };

/* One line on stderr, "basis CMD: WHAT 'ARG' (USAGE)" (arg may be NULL), and the usage
 * exit status; the form every subcommand uses for a bad command line. */
int basis_tool_usage_error(const char *cmd, const char *usage, const char *what,
                           const char *arg);
/* One line on stderr, "basis CMD: WHAT", and the runtime exit status. */
int basis_tool_runtime_error(const char *cmd, const char *what);

/* The most entries a dense matrix a subcommand reads may have, for `copies` doubles of it
 * in memory at once beside `reserved` bytes already taken: 2^30, and no more than the
 * memory available now holds (MemAvailable, capped by the memory cgroup); why gets the
 * memory figure when memory set the limit, else "" (tools/dense_limit.c). */
int64_t basis_tool_dense_limit(int copies, uint64_t reserved, char *why, size_t size);
/* Appends why to the reader's refusal of a matrix over the limit; the message itself for
 * any other error (tools/dense_limit.c). */
const char *basis_tool_dense_refusal(basis_status s, const char *why, char *msg, size_t size);

int basis_tool_info(int argc, char **argv);
int basis_tool_smoke(int argc, char **argv);
int basis_tool_solve(int argc, char **argv);
int basis_tool_pagerank(int argc, char **argv);
int basis_tool_eigen(int argc, char **argv);
/* Only where libpng was found (BASIS_WITH_PNG). */
int basis_tool_image_map(int argc, char **argv);
int basis_tool_compare(int argc, char **argv);
/* `basis tune gemm`: the OpenCL GEMM parameter search (tools/tune.c). */
int basis_tool_tune(int argc, char **argv);

#endif /* BASIS_TOOLS_H */
