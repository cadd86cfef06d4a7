/* tune.c: `basis tune gemm [--precision s|d] [--budget SECONDS] [--n N]`: searches the OpenCL GEMM tile parameters on the default device and stores the winner where the runtime finds it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools.h"
#ifdef BASIS_WITH_OPENCL
#include "opencl/tune.h"
#endif

static const char usage_line[] = "usage: basis tune gemm [--precision s|d] [--budget SECONDS] [--n N]";

#ifdef BASIS_WITH_OPENCL
static void show(const basis_cl_gemm_params *p)
{
    printf("MWG=%d NWG=%d KWG=%d MDIMC=%d NDIMC=%d VW=%d VWN=%d SA=%d SB=%d DB=%d", p->mwg,
           p->nwg, p->kwg, p->mdimc, p->ndimc, p->vw, p->vwn, p->sa, p->sb, p->db);
}

static void progress(void *user, const basis_cl_gemm_params *p, double gflops, const char *note)
{
    int *i = user;
    printf("  %3d  ", ++*i);
    show(p);
    if (gflops > 0.0)
        printf("  %8.1f GFLOP/s%s%s\n", gflops, note[0] ? "  " : "", note);
    else
        printf("  failed: %s\n", note);
    fflush(stdout);
}
#endif

int basis_tool_tune(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
                      (!strcmp(argv[1], "gemm") && argc >= 3 &&
                       (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))))) {
        printf("%s\n", usage_line);
        return BASIS_EXIT_OK;
    }
    if (argc < 2 || strcmp(argv[1], "gemm"))
        return basis_tool_usage_error("tune", usage_line, "expected 'gemm', got",
                                      argc < 2 ? "(nothing)" : argv[1]);
    int elem = 4;
    double budget = 60.0;
    long n = 512;
    for (int i = 2; i < argc; i++) {
        const char *opt = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (strcmp(opt, "--precision") && strcmp(opt, "--budget") && strcmp(opt, "--n"))
            return basis_tool_usage_error("tune", usage_line, "unknown option", opt);
        if (!v || !*v)
            return basis_tool_usage_error("tune", usage_line, "a value must follow", opt);
        if (!strcmp(opt, "--precision")) {
            if (strcmp(v, "s") && strcmp(v, "d"))
                return basis_tool_usage_error("tune", usage_line,
                                              "--precision must be s or d, not", v);
            elem = v[0] == 'd' ? 8 : 4;
        } else if (!strcmp(opt, "--budget")) {
            if (!((budget = strtod(v, &end)) > 0.0) || !isfinite(budget) || *end)
                return basis_tool_usage_error("tune", usage_line,
                                              "--budget must be a positive, finite number of "
                                              "seconds, not", v);
        } else if (!((n = strtol(v, &end, 10)) >= 16 && n <= 8192) || *end) {
            return basis_tool_usage_error("tune", usage_line,
                                          "--n must be an integer in [16, 8192], not", v);
        }
        i++;
    }
#ifdef BASIS_WITH_OPENCL
    int count = 0;
    printf("basis tune gemm: %cgemm n = %ld on the default OpenCL device, budget %.0f s\n",
           elem == 8 ? 'd' : 's', n, budget);
    basis_cl_tune_result res;
    basis_status s = basis_cl_tune_gemm(elem, n, budget, progress, &count, &res);
    if (s != BASIS_OK)
        return basis_tool_runtime_error("tune", basis_last_error());
    char where[1200];
    s = basis_cl_gemm_params_store(&res.device, elem, &res.best, where, sizeof where);
    if (s != BASIS_OK)
        return basis_tool_runtime_error("tune", basis_last_error());
    printf("device: %s (%s, driver %s); %d candidates timed\n", res.device.name,
           res.device.platform_name, res.device.driver, res.tried);
    printf("winner: ");
    show(&res.best);
    printf("  %.1f GFLOP/s (the built-in entry: %.1f)\nstored in %s\n", res.best_gflops,
           res.base_gflops, where);
    return BASIS_EXIT_OK;
#else
    (void)elem;
    return basis_tool_runtime_error("tune", "this basis was built without OpenCL");
#endif
}
