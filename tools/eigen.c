/* eigen.c: `basis eigen FILE.mtx [--shift S] [--k K]`: eigenvalues of a square Matrix Market matrix: dominant (power iteration), nearest a shift (inverse iteration), top-k of a symmetric one (deflation). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "io/mtx.h"
#include "tools.h"

static const char usage_line[] =
    "usage: basis eigen FILE.mtx [--shift S] [--k K] [--tol T] [--max-iter N]";

static int usage_error(const char *what, const char *arg)
{
    return basis_tool_usage_error("eigen", usage_line, what, arg);
}

static int runtime_error(const char *what)
{
    return basis_tool_runtime_error("eigen", what);
}

typedef struct options {
    const char *file;
    double shift, tol;
    int64_t k, max_iter;
    int shifted;
} options;

/* Copies of an n x n matrix in memory at once: the tool's A and, in the library, the
 * scaled copy power iteration makes of a matrix with huge or tiny entries; with --shift
 * a copy of A and its LU (host/eigen_?.c); with --k one working copy, and the k vectors
 * (n k, in the tool and the library) counted as one more. */
static int dense_copies(const options *o)
{
    return o->shifted || o->k > 1 ? 3 : 2;
}

static void print_info(const basis_iter_info *info, basis_status s, const char *ratio,
                       double seconds)
{
    printf("iterations: %lld\n", (long long)info->iterations);
    printf("residual: %.3g (%s)%s\n", info->residual, ratio,
           s == BASIS_OK ? "" : " (not converged)");
    printf("time: %.6f s\n", seconds);
}

static int run(const options *o)
{
    basis_mtx_dense A = {0};
    char msg[1200], why[200];
    int64_t limit = basis_tool_dense_limit(dense_copies(o), 0, why, sizeof why);
    basis_status rs = basis_mtx_read_dense(o->file, limit, &A);
    if (rs)
        return runtime_error(basis_tool_dense_refusal(rs, why, msg, sizeof msg));
    int rc = BASIS_EXIT_RUNTIME;
    double *v = NULL, *values = NULL;
    if (A.rows != A.cols || A.rows == 0) {
        snprintf(msg, sizeof msg, "%s: the matrix is %lld x %lld; it must be square and not "
                 "empty", o->file, (long long)A.rows, (long long)A.cols);
        rc = runtime_error(msg);
        goto done;
    }
    int64_t n = A.rows;
    if (o->k > n) {
        snprintf(msg, sizeof msg, "--k %lld is more than the matrix order %lld",
                 (long long)o->k, (long long)n);
        rc = runtime_error(msg);
        goto done;
    }
    /* zeros: the library's fixed default start; top-k needs n x k for the vectors */
    v = calloc((size_t)(n * o->k), sizeof *v);
    values = calloc((size_t)o->k, sizeof *values);
    if (!v || !values) {
        rc = runtime_error("out of memory for the eigenvectors");
        goto done;
    }
    double lambda = 0.0;
    basis_iter_info info = {0};
    basis_status s;
    double t0 = basis_now(), seconds;
    if (o->shifted) {
        s = basis_deigen_shift(NULL, BASIS_COL_MAJOR, n, A.data, n, o->shift, o->tol,
                               o->max_iter, v, &lambda, &info);
    } else if (o->k > 1) {
        s = basis_deigen_sym_topk(NULL, BASIS_COL_MAJOR, n, A.data, n, o->k, o->tol,
                                  o->max_iter, values, v, n, &info);
    } else {
        s = basis_dpower(NULL, BASIS_COL_MAJOR, n, A.data, n, o->tol, o->max_iter, v, &lambda,
                         &info);
    }
    seconds = basis_now() - t0;
    if (s != BASIS_OK && s != BASIS_ERR_NO_CONVERGENCE) {
        rc = runtime_error(basis_last_error());
        goto done;
    }
    printf("n: %lld\n", (long long)n);
    if (o->shifted) {
        printf("eigenvalue: %.17g (nearest %.17g, shifted inverse iteration)\n", lambda,
               o->shift);
        print_info(&info, s, "||A v - lambda v|| / ||A||_F", seconds);
    } else if (o->k > 1) {
        printf("eigenvalues: %lld largest in magnitude (symmetric, power iteration with "
               "deflation)\n", (long long)o->k);
        for (int64_t j = 0; j < o->k; j++)
            printf("%6lld  %.17g\n", (long long)(j + 1), values[j]);
        print_info(&info, s, "worst ||A v - lambda v|| / ||A||_F", seconds);
    } else {
        printf("eigenvalue: %.17g (dominant, power iteration)\n", lambda);
        print_info(&info, s, "||A v - lambda v|| / |lambda|", seconds);
    }
    rc = s == BASIS_OK ? BASIS_EXIT_OK : runtime_error(basis_last_error());
done:
    basis_mtx_free(&A);
    free(v);
    free(values);
    return rc;
}

int basis_tool_eigen(int argc, char **argv)
{
    options o = {.tol = 1e-10, .k = 1, .max_iter = 10000};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        char *end;
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            printf("%s\n  the dominant eigenvalue of a square Matrix Market matrix (array or\n"
                   "  coordinate) by power iteration; --shift S: the eigenvalue nearest S\n"
                   "  (shifted inverse iteration); --k K: the K largest in magnitude of a\n"
                   "  symmetric matrix (power iteration with deflation)\n",
                   usage_line);
            return BASIS_EXIT_OK;
        } else if (!strcmp(arg, "--shift") || !strcmp(arg, "--k") || !strcmp(arg, "--tol") ||
                   !strcmp(arg, "--max-iter")) {
            if (!val || !*val)
                return usage_error("a value must follow", arg);
            i++;
            errno = 0;
            if (!strcmp(arg, "--shift") || !strcmp(arg, "--tol")) {
                double x = strtod(val, &end);
                if (end == val || *end || errno == ERANGE || !isfinite(x) ||
                    (!strcmp(arg, "--tol") && !(x > 0.0)))
                    return usage_error(!strcmp(arg, "--tol")
                                           ? "--tol must be a positive number, not"
                                           : "--shift must be a finite number, not",
                                       val);
                if (!strcmp(arg, "--tol"))
                    o.tol = x;
                else
                    o.shift = x, o.shifted = 1;
            } else {
                long long x = strtoll(val, &end, 10);
                if (end == val || *end || errno == ERANGE || x < 1)
                    return usage_error(!strcmp(arg, "--k") ? "--k must be an integer >= 1, not"
                                                           : "--max-iter must be an integer "
                                                             ">= 1, not",
                                       val);
                if (!strcmp(arg, "--k"))
                    o.k = x;
                else
                    o.max_iter = x;
            }
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage_error("unknown option", arg);
        } else if (!o.file) {
            o.file = arg;
        } else {
            return usage_error("unexpected argument", arg);
        }
    }
    if (!o.file)
        return usage_error("needs a matrix FILE.mtx", NULL);
    if (o.shifted && o.k != 1)
        return usage_error("--shift and --k do not go together", NULL);
    return run(&o);
}
