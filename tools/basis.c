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
            "  smoke            runs every op once on every usable backend (on an OpenCL\n"
            "                   device, the ones it implements) and checks it against the\n"
            "                   scalar reference\n"
            "  solve A.mtx b.mtx [--out x.mtx]\n"
            "                   solves A x = b (Matrix Market files) by LU; prints n, the\n"
            "                   residual, the rcond estimate and the time\n"
            "  pagerank FILE [--damping D] [--tol T] [--max-iter N] [--float]\n"
            "           [--undirected] [--personalize FILE] [--top K] [--out PATH [--ids]]\n"
            "           [--json]\n"
            "                   PageRank of a graph (edge list, gzip ok, or Matrix Market);\n"
            "                   prints the top nodes, load and iteration times\n"
            "  eigen FILE.mtx [--shift S] [--k K] [--tol T] [--max-iter N]\n"
            "                   the dominant eigenvalue of a square matrix (power iteration),\n"
            "                   the one nearest S, or the K largest of a symmetric one\n"
            "  compare [--quick] [--ops LIST] [--out DIR]\n"
            "                   every op verified on every backend, device and peer over a\n"
            "                   sweep of sizes: a table, DIR/report.json, report.csv and one\n"
            "                   PNG plot per op (python3; --help lists the options)\n"
            "  image-map IN.png OUT.png (--matrix a,b,c,d | --rotate DEG | --reflect X,Y |\n"
            "            --shear K) [--origin center|corner]\n"
            "                   applies a 2x2 linear map to an image (needs libpng)\n"
            "  tune gemm [--precision s|d] [--budget SECONDS] [--n N]\n"
            "                   searches the OpenCL GEMM tile parameters on the default\n"
            "                   device (default 60 s, n = 512) and stores the winner in\n"
            "                   ($XDG_CACHE_HOME or ~/.cache)/basis/opencl/gemm-tuned.txt\n"
            "  help             this text\n"
            "\n"
            "environment:\n"
            "  BASIS_BACKEND=auto|ref|avx2|avx512|neon|opencl   force a backend\n"
            "  BASIS_NUM_THREADS=N   threads per call (else OMP_NUM_THREADS, else the cores)\n"
            "  BASIS_VERBOSE=1       log every call's backend and threads, and every error\n"
            "  BASIS_OPENCL_DEVICE=P:D   the OpenCL platform and device, as `info` lists them\n"
            "  BASIS_SYSTEM_BLAS, BASIS_SYSTEM_LAPACK   what libbasis_blas.so forwards to\n"
            "                        (default libblas.so.3, liblapack.so.3)\n"
            "exit status: 0 success, 1 runtime error, 2 usage error\n"
            "see also: docs/dropin.md (libbasis.so or libbasis_blas.so under an existing\n"
            "program: relinking, LD_PRELOAD, numpy)\n");
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
    if (!strcmp(cmd, "compare"))
        return basis_tool_compare(argc - 1, argv + 1);
    if (!strcmp(cmd, "tune"))
        return basis_tool_tune(argc - 1, argv + 1);
    if (!strcmp(cmd, "image-map")) {
#ifdef BASIS_WITH_PNG
        return basis_tool_image_map(argc - 1, argv + 1);
#else
        fprintf(stderr, "basis image-map: this build has no libpng (Debian: apt-get install "
                        "libpng-dev, then reconfigure)\n");
        return 1;
#endif
    }
    fprintf(stderr, "basis: unknown command '%s' (try 'basis help')\n", cmd);
    return 2;
}
