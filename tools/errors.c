/* errors.c: the one-line error reports and exit statuses shared by the subcommands. */
#include <stdio.h>

#include "tools.h"

int basis_tool_usage_error(const char *cmd, const char *usage, const char *what,
                           const char *arg)
{
    fprintf(stderr, "basis %s: %s%s%s%s (%s)\n", cmd, what, arg ? " '" : "", arg ? arg : "",
            arg ? "'" : "", usage);
    return BASIS_EXIT_USAGE;
}

int basis_tool_runtime_error(const char *cmd, const char *what)
{
    fprintf(stderr, "basis %s: %s\n", cmd, what);
    return BASIS_EXIT_RUNTIME;
}
