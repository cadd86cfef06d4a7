/* basis.c: the basis program's entry: dispatches to its subcommands. */
#include <stdio.h>
#include <string.h>

#include "basis.h"
#include "tools.h"

static void usage(FILE *to)
{
    fprintf(to,
            "usage: basis COMMAND [OPTIONS]\n"
            "\n"
            "commands:\n"
            "  info [--json] [--peak]\n"
            "                   version, CPU features, cores and caches, OpenCL devices,\n"
            "                   the backend AUTO picks and the thread count; --peak also\n"
            "                   measures (seconds) each target's FMA peak, 1 core and all\n"
            "                   cores, and the memory bandwidth, and refreshes the cache\n"
            "                   ($XDG_CACHE_HOME or ~/.cache)/basis/peak.json\n"
            "  smoke            runs every op once on every usable backend and checks it\n"
            "                   against the scalar reference\n"
            "  solve A.mtx b.mtx [--out x.mtx]\n"
            "                   solves A x = b (Matrix Market files) by LU; prints n, the\n"
            "                   residual, the rcond estimate and the time\n"
            "  pagerank FILE [--damping D] [--tol T] [--max-iter N] [--float]\n"
            "           [--undirected] [--personalize FILE] [--top K] [--out PATH] [--json]\n"
            "                   PageRank of a graph (edge list, gzip ok, or Matrix Market);\n"
            "                   prints the top nodes, load and iteration times\n"
            "  eigen FILE.mtx [--shift S] [--k K]\n"
            "                   the dominant eigenvalue of a square matrix (power iteration),\n"
            "                   the one nearest S, or the K largest of a symmetric one\n"
            "  help             this text\n"
            "\n"
            "environment: BASIS_BACKEND, BASIS_NUM_THREADS, BASIS_VERBOSE, BASIS_OPENCL_DEVICE\n"
            "exit status: 0 success, 1 runtime error, 2 usage error\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "basis: missing command (try 'basis help')\n");
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("basis %s\n", basis_version());
        return 0;
    }
    if (!strcmp(cmd, "info"))
        return basis_tool_info(argc - 1, argv + 1);
    if (!strcmp(cmd, "smoke"))
        return basis_tool_smoke(argc - 1, argv + 1);
    if (!strcmp(cmd, "solve"))
        return basis_tool_solve(argc - 1, argv + 1);
    if (!strcmp(cmd, "pagerank"))
        return basis_tool_pagerank(argc - 1, argv + 1);
    if (!strcmp(cmd, "eigen"))
        return basis_tool_eigen(argc - 1, argv + 1);
    fprintf(stderr, "basis: unknown command '%s' (try 'basis help')\n", cmd);
    return 2;
}
