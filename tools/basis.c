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
            "  info [--json]    version, CPU features, cores and caches, OpenCL devices,\n"
            "                   the backend AUTO picks and the thread count\n"
            "  smoke            runs every op once on every usable backend and checks it\n"
            "                   against the scalar reference\n"
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
    fprintf(stderr, "basis: unknown command '%s' (try 'basis help')\n", cmd);
    return 2;
}
