/* compare.c: `basis compare`: finds tools/compare.py and basis-bench (installed, or in the build tree) and runs the comparison under python3. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools.h"

#ifndef BASIS_TOOLS_SOURCE_DIR
#define BASIS_TOOLS_SOURCE_DIR ""
#endif
#ifndef BASIS_DATA_DIR_FROM_BIN
#define BASIS_DATA_DIR_FROM_BIN "../share/basis"
#endif

static int is_file(const char *path, int executable)
{
    return access(path, executable ? X_OK : R_OK) == 0;
}

/* The first of dir/rel candidates that exists; 0 when none does. */
static int find(char *out, size_t cap, const char *const *candidates, int n, int executable)
{
    for (int i = 0; i < n; i++) {
        if (!candidates[i] || !candidates[i][0])
            continue;
        snprintf(out, cap, "%s", candidates[i]);
        if (is_file(out, executable))
            return 1;
    }
    return 0;
}

int basis_tool_compare(int argc, char **argv)
{
    static const char usage[] = "basis compare [--quick] [--ops LIST] [--out DIR] ...";
    char self[PATH_MAX], dir[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0)
        return basis_tool_runtime_error("compare", "cannot find the basis program's own path");
    self[len] = '\0';
    snprintf(dir, sizeof dir, "%s", self);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';

    /* Installed: bin/basis, bin/basis-bench, share/basis/compare.py. Build tree:
     * build/tools/basis, build/bench/basis-bench, the source tree's tools/compare.py. */
    char script_installed[PATH_MAX + 64], script_source[PATH_MAX + 64];
    char bench_installed[PATH_MAX + 32], bench_build[PATH_MAX + 32];
    const char *env_script = getenv("BASIS_COMPARE_SCRIPT");
    snprintf(script_installed, sizeof script_installed, "%s/%s/compare.py", dir,
             BASIS_DATA_DIR_FROM_BIN);
    snprintf(script_source, sizeof script_source, "%s%scompare.py", BASIS_TOOLS_SOURCE_DIR,
             BASIS_TOOLS_SOURCE_DIR[0] ? "/" : "");
    snprintf(bench_installed, sizeof bench_installed, "%s/basis-bench", dir);
    snprintf(bench_build, sizeof bench_build, "%s/../bench/basis-bench", dir);
    const char *scripts[] = {env_script, script_installed, BASIS_TOOLS_SOURCE_DIR[0] ? script_source : NULL};
    const char *benches[] = {bench_installed, bench_build};
    char script[PATH_MAX + 64], bench[PATH_MAX + 64];
    if (!find(script, sizeof script, scripts, 3, 0))
        return basis_tool_runtime_error(
            "compare", "compare.py not found (looked beside the program in ../share/basis and "
                       "in the source tree; BASIS_COMPARE_SCRIPT names it)");
    if (!find(bench, sizeof bench, benches, 2, 1))
        return basis_tool_runtime_error(
            "compare", "basis-bench not found beside the program or in ../bench (it needs "
                       "Google Benchmark at build time; Debian: apt-get install libbenchmark-dev)");
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--basis") || !strcmp(argv[i], "--bench") ||
            !strncmp(argv[i], "--basis=", 8) || !strncmp(argv[i], "--bench=", 8))
            return basis_tool_usage_error("compare", usage, "unknown option", argv[i]);

    char **args = calloc((size_t)argc + 8, sizeof *args);
    if (!args)
        return basis_tool_runtime_error("compare", "out of memory");
    int n = 0;
    args[n++] = "python3";
    args[n++] = script;
    args[n++] = "--basis";
    args[n++] = self;
    args[n++] = "--bench";
    args[n++] = bench;
    for (int i = 1; i < argc; i++)
        args[n++] = argv[i];
    args[n] = NULL;
    fflush(stdout);
    execvp("python3", args);
    free(args);
    return basis_tool_runtime_error("compare", "cannot run python3 (Debian: apt-get install "
                                               "python3)");
}
