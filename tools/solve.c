/* solve.c: `basis solve A.mtx b.mtx [--out x.mtx]`: solves A x = b from Matrix Market files with the checked LU solve and reports the residual, rcond and time. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "io/mtx.h"
#include "tools.h"

/* Dense matrices up to 2^30 entries (8 GiB of doubles): a larger one would take far longer
 * to factor than anyone waits for, and refusing it beats an out-of-memory kill. A and its
 * LU are in memory at once, and beside them B, x and the residual (each n x nrhs), so A
 * may take what the available memory holds twice, and B a third of what is left
 * (tools/dense_limit.c). */
#define A_COPIES 2
#define B_COPIES 3

static const char usage_line[] = "usage: basis solve A.mtx b.mtx [--out x.mtx]";

static int runtime_error(const char *what)
{
    return basis_tool_runtime_error("solve", what);
}

/* max over columns j of ||A x_j - b_j||_1 / (||A||_1 ||x_j||_1 n eps): the normwise
 * backward error in units of the unit roundoff; O(1) for a backward stable solve. */
static basis_status residual(int64_t n, int64_t nrhs, const double *a, double anorm,
                             const double *x, const double *b, double *r, double *worst)
{
    memcpy(r, b, sizeof(double) * (size_t)(n * nrhs));
    basis_status s = basis_dgemm(NULL, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_NO_TRANS, n, nrhs,
                                 n, -1.0, a, n, x, n, 1.0, r, n);
    if (s)
        return s;
    *worst = 0.0;
    for (int64_t j = 0; j < nrhs; j++) {
        double rn = 0.0, xn = 0.0;
        for (int64_t i = 0; i < n; i++) {
            rn += fabs(r[i + j * n]);
            xn += fabs(x[i + j * n]);
        }
        double den = anorm * xn * (double)n * (DBL_EPSILON / 2);
        double v = den > 0.0 ? rn / den : (rn > 0.0 ? INFINITY : 0.0);
        if (v > *worst || isnan(v))
            *worst = v;
    }
    return BASIS_OK;
}

static int solve_files(const char *apath, const char *bpath, const char *out)
{
    basis_mtx_dense A = {0}, B = {0};
    double *lu = NULL, *x = NULL, *r = NULL;
    int64_t *ipiv = NULL;
    int rc = BASIS_EXIT_RUNTIME;
    char msg[1200], why[200];
    int64_t limit = basis_tool_dense_limit(A_COPIES, 0, why, sizeof why);
    basis_status rs = basis_mtx_read_dense(apath, limit, &A);
    if (!rs) {
        uint64_t taken = (uint64_t)A.rows * (uint64_t)A.cols * A_COPIES * sizeof(double);
        limit = basis_tool_dense_limit(B_COPIES, taken, why, sizeof why);
        rs = basis_mtx_read_dense(bpath, limit, &B);
    }
    if (rs) {
        rc = runtime_error(basis_tool_dense_refusal(rs, why, msg, sizeof msg));
        goto done;
    }
    int64_t n = A.rows, nrhs = B.cols;
    if (A.rows != A.cols) {
        snprintf(msg, sizeof msg, "%s: A is %lld x %lld, not square", apath, (long long)A.rows,
                 (long long)A.cols);
        rc = runtime_error(msg);
        goto done;
    }
    if (B.rows != n) {
        snprintf(msg, sizeof msg, "%s: b has %lld rows but A (%s) is %lld x %lld", bpath,
                 (long long)B.rows, apath, (long long)n, (long long)n);
        rc = runtime_error(msg);
        goto done;
    }
    if (n == 0 || nrhs == 0) {
        rc = runtime_error("the system is empty (n = 0 or no right-hand side)");
        goto done;
    }
    size_t an = (size_t)(n * n), bn = (size_t)(n * nrhs);
    lu = basis_alloc(an * sizeof *lu);
    x = basis_alloc(bn * sizeof *x);
    r = basis_alloc(bn * sizeof *r);
    ipiv = basis_alloc((size_t)n * sizeof *ipiv);
    if (!lu || !x || !r || !ipiv) {
        rc = runtime_error("out of memory for the factors and the solution");
        goto done;
    }
    memcpy(lu, A.data, an * sizeof *lu);
    memcpy(x, B.data, bn * sizeof *x);

    double rcond = 0.0, anorm = 0.0, worst = 0.0;
    basis_dnorm1(NULL, BASIS_COL_MAJOR, n, n, A.data, n, &anorm);
    double t0 = basis_now();
    basis_status s = basis_dgesv_checked(NULL, BASIS_COL_MAJOR, n, nrhs, lu, n, ipiv, x, n,
                                         &rcond);
    double seconds = basis_now() - t0;
    if (s != BASIS_OK && s != BASIS_ERR_ILL_CONDITIONED) {
        rc = runtime_error(basis_last_error());
        goto done;
    }
    /* the warning names the cause before the numbers that show it */
    if (s == BASIS_ERR_ILL_CONDITIONED)
        fprintf(stderr, "basis solve: warning: %s\n", basis_last_error());
    if (residual(n, nrhs, A.data, anorm, x, B.data, r, &worst)) {
        rc = runtime_error(basis_last_error());
        goto done;
    }
    printf("n: %lld\n", (long long)n);
    printf("nrhs: %lld\n", (long long)nrhs);
    printf("residual: %.3g (||A x - b||_1 / (||A||_1 ||x||_1 n eps), worst column)\n", worst);
    printf("rcond: %.3g (1-norm estimate%s)\n", rcond,
           s == BASIS_ERR_ILL_CONDITIONED ? "; below eps: the solution may be garbage" : "");
    printf("time: %.6f s (factor, condition estimate and solve)\n", seconds);
    if (out && basis_mtx_write_array(out, n, nrhs, x, n)) {
        rc = runtime_error(basis_last_error());
        goto done;
    }
    rc = BASIS_EXIT_OK;
done:
    basis_mtx_free(&A);
    basis_mtx_free(&B);
    basis_free(lu);
    basis_free(x);
    basis_free(r);
    basis_free(ipiv);
    return rc;
}

int basis_tool_solve(int argc, char **argv)
{
    const char *files[2] = {NULL, NULL}, *out = NULL;
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--out") || !strcmp(arg, "-o")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "basis solve: %s needs a file name (%s)\n", arg, usage_line);
                return BASIS_EXIT_USAGE;
            }
            out = argv[++i];
        } else if (!strncmp(arg, "--out=", 6)) {
            out = arg + 6;
        } else if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            printf("%s\n  solves A X = B (B may have several columns) by LU with partial "
                   "pivoting;\n  prints n, the residual ||A x - b||_1 / (||A||_1 ||x||_1 n "
                   "eps), the 1-norm rcond\n  estimate and the time; --out writes X as a "
                   "Matrix Market array\n", usage_line);
            return BASIS_EXIT_OK;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "basis solve: unknown option '%s' (%s)\n", arg, usage_line);
            return BASIS_EXIT_USAGE;
        } else if (nfiles < 2) {
            files[nfiles++] = arg;
        } else {
            fprintf(stderr, "basis solve: unexpected argument '%s' (%s)\n", arg, usage_line);
            return BASIS_EXIT_USAGE;
        }
    }
    if (nfiles < 2 || (out && !*out)) {
        fprintf(stderr, "basis solve: %s (%s)\n",
                nfiles < 2 ? "needs A.mtx and b.mtx" : "--out needs a file name", usage_line);
        return BASIS_EXIT_USAGE;
    }
    return solve_files(files[0], files[1], out);
}
