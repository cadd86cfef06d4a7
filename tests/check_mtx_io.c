/* check_mtx_io.c: the Matrix Market reader and writer (good files, each malformed case with its file:line, size limits) and `basis solve` end to end. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "internal.h"
#include "io/mtx.h"
#include "testutil.h"

/* Reads text as a file and compares with the column-major want (rows x cols). */
static void good(const char *name, const char *text, int64_t rows, int64_t cols,
                 const double *want)
{
    const char *path = bt_put_file(name, text);
    basis_mtx_dense m = {0};
    basis_status s = basis_mtx_read_dense(path, 0, &m);
    int same = s == BASIS_OK && m.rows == rows && m.cols == cols;
    for (int64_t i = 0; same && i < rows * cols; i++)
        same = m.data[i] == want[i];
    BT_CHECK(same, "%s: %s \"%s\", %lld x %lld", name, basis_status_name(s), basis_last_error(),
             (long long)m.rows, (long long)m.cols);
    basis_mtx_free(&m);
}

/* A malformed file: the status, and "path:line:" at the head of the message. */
static void bad(const char *name, const char *text, basis_status want, int64_t line,
                const char *also)
{
    const char *path = bt_put_file(name, text);
    basis_mtx_dense m = {7, 7, NULL};
    basis_status s = basis_mtx_read_dense(path, 1000, &m);
    char head[600];
    snprintf(head, sizeof head, "%s:%lld:", path, (long long)line);
    const char *msg = basis_last_error();
    BT_CHECK(s == want && strstr(msg, head) == msg && (!also || strstr(msg, also)) &&
                 m.rows == 7 && m.data == NULL,
             "%s: %s \"%s\", want %s starting \"%s\"%s%s", name, basis_status_name(s), msg,
             basis_status_name(want), head, also ? " and mentioning " : "", also ? also : "");
}

static void test_reader(void)
{
    static const double g23[6] = {1, 4, 2, 5, 3, 6}; /* [[1,2,3],[4,5,6]] */
    good("array.mtx", "%%MatrixMarket matrix array real general\n% c\n\n2 3\n1\n4\n2\n5\n3\n6\n",
         2, 3, g23);
    good("array_crlf.mtx",
         "%%MatrixMarket Matrix Array Real General\r\n2 3\r\n1\r\n4 2\r\n5\r\n3\r\n6\r\n", 2, 3,
         g23);
    static const double sym[9] = {1, 2, 3, 2, 4, 5, 3, 5, 6};
    good("array_sym.mtx", "%%MatrixMarket matrix array integer symmetric\n3 3\n1\n2\n3\n4\n5\n6\n",
         3, 3, sym);
    good("coord.mtx",
         "%%MatrixMarket matrix coordinate real general\n%\n2 3 7\n1 1 1\n2 1 4\n1 2 2.0\n"
         "2 2 2.5\n2 2 2.5\n1 3 3e0\n2 3 6\n",
         2, 3, g23); /* the 2,2 entry is given twice and summed */
    static const double pat[9] = {1, 1, 0, 1, 0, 1, 0, 1, 1};
    good("pattern.mtx", "%%MatrixMarket matrix coordinate pattern symmetric\n3 3 4\n1 1\n2 1\n3 2\n3 3\n",
         3, 3, pat);
    static const double skew[4] = {0, -7, 7, 0};
    good("skew.mtx", "%%MatrixMarket matrix coordinate integer skew-symmetric\n2 2 1\n2 1 -7\n",
         2, 2, skew);
    good("empty.mtx", "%%MatrixMarket matrix coordinate real general\n0 0 0\n", 0, 0, NULL);
}

static void test_malformed(void)
{
    const basis_status F = BASIS_ERR_FORMAT;
    bad("nobanner.mtx", "2 2\n1\n2\n3\n4\n", F, 1, "Matrix Market");
    bad("object.mtx", "%%MatrixMarket vector array real general\n2\n1\n2\n", F, 1, "matrix");
    bad("complex.mtx", "%%MatrixMarket matrix array complex general\n1 1\n1 0\n", F, 1, "complex");
    bad("hermitian.mtx", "%%MatrixMarket matrix coordinate real hermitian\n1 1 0\n", F, 1,
        "symmetry");
    bad("nosize.mtx", "%%MatrixMarket matrix array real general\n% only a comment\n", F, 3,
        "size");
    bad("badsize.mtx", "%%MatrixMarket matrix coordinate real general\n2 2\n1 1 1\n", F, 2, "size");
    bad("negsize.mtx", "%%MatrixMarket matrix array real general\n-2 2\n", F, 2, "size");
    bad("badvalue.mtx", "%%MatrixMarket matrix array real general\n2 1\n1.5\nabc\n", F, 4, "number");
    bad("nan.mtx", "%%MatrixMarket matrix array real general\n1 1\nnan\n", F, 3, "finite");
    bad("intfield.mtx", "%%MatrixMarket matrix array integer general\n1 1\n1.5\n", F, 3, "integer");
    bad("badentry.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n1 x 2\n", F,
        4, "row column value");
    bad("garbage.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1 9\n", F, 3, NULL);
    bad("range.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n", F, 3,
        "outside");
    bad("zeroidx.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n0 1 1\n", F, 3, NULL);
    bad("skewdiag.mtx", "%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n1 1 1\n", F,
        3, "diagonal");
    bad("nonsquare.mtx", "%%MatrixMarket matrix array real symmetric\n2 3\n1\n2\n3\n", F, 2, "square");
    /* (the comments give the file the bytes that the entries lack) */
    bad("few.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n% padding\n", F, 7,
        "3 of the 4");
    bad("fewcoord.mtx",
        "%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1\n2 2 2\n% padding\n", F, 6,
        "2 of the 3");
    bad("many.mtx", "%%MatrixMarket matrix array real general\n1 2\n1\n2\n3\n", F, 5, "more");
    bad("manycoord.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 2\n", F,
        4, "more");
    /* declared sizes the file cannot back: refused before any allocation */
    bad("huge.mtx", "%%MatrixMarket matrix array real general\n100000 100000\n1\n", F, 2, "bytes");
    bad("hugecoord.mtx", "%%MatrixMarket matrix coordinate real general\n5 5 1000000000000\n1 1 1\n",
        F, 2, "bytes");
    bad("overflow.mtx", "%%MatrixMarket matrix array real general\n9223372036854775807 2\n1\n", F, 2,
        "overflows");
    /* a small file that is a huge dense matrix: over the caller's limit (1000 here) */
    bad("dense.mtx", "%%MatrixMarket matrix coordinate real general\n100000 100000 1\n1 1 1\n",
        BASIS_ERR_NO_MEMORY, 2, "allowed");

    basis_mtx_dense m = {0};
    char path[512];
    snprintf(path, sizeof path, "%s/does-not-exist.mtx", bt_scratch_dir());
    basis_status s = basis_mtx_read_dense(path, 0, &m);
    BT_CHECK(s == BASIS_ERR_IO && strstr(basis_last_error(), path), "missing file: %s \"%s\"",
             basis_status_name(s), basis_last_error());
    s = basis_mtx_read_dense(bt_scratch_dir(), 0, &m);
    BT_CHECK(s == BASIS_ERR_IO, "a directory: %s \"%s\"", basis_status_name(s), basis_last_error());
}

static void test_writer(void)
{
    double a[12];
    for (int i = 0; i < 12; i++)
        a[i] = i == 3 ? 1e-310 : i == 4 ? -1.7976931348623157e308 : bt_uniform() * pow(10.0, i);
    char path[512];
    snprintf(path, sizeof path, "%s/written.mtx", bt_scratch_dir());
    /* 3 x 4 out of a leading dimension of 3, read back bit for bit */
    basis_status s = basis_mtx_write_array(path, 3, 4, a, 3);
    basis_mtx_dense m = {0};
    if (s == BASIS_OK)
        s = basis_mtx_read_dense(path, 0, &m);
    int same = s == BASIS_OK && m.rows == 3 && m.cols == 4;
    for (int i = 0; same && i < 12; i++)
        same = m.data[i] == a[i];
    BT_CHECK(same, "write + read round trip: %s \"%s\"", basis_status_name(s), basis_last_error());
    basis_mtx_free(&m);
    s = basis_mtx_write_array("/nonexistent-dir/x.mtx", 1, 1, a, 1);
    BT_CHECK(s == BASIS_ERR_IO && strstr(basis_last_error(), "/nonexistent-dir/x.mtx"),
             "write to a missing directory: %s", basis_status_name(s));
}

/* ---- basis solve ------------------------------------------------------------------------ */

/* Runs the program; returns its exit status, stdout in out, the number of stderr lines. */
static int run(const char *args, char *out, size_t size, int *err_lines, char *err, size_t esize)
{
    const char *prog = getenv("BASIS_PROGRAM");
    /* a cross build runs its programs through the emulator (CMAKE_CROSSCOMPILING_EMULATOR) */
    const char *runner = getenv("BASIS_PROGRAM_RUNNER");
    char cmd[2048], o[512], e[512];
    snprintf(o, sizeof o, "%s/stdout.txt", bt_scratch_dir());
    snprintf(e, sizeof e, "%s/stderr.txt", bt_scratch_dir());
    snprintf(cmd, sizeof cmd, "%s '%s' %s > '%s' 2> '%s'", runner ? runner : "", prog, args, o,
             e);
    int st = system(cmd);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    FILE *f = fopen(o, "r");
    size_t n = f ? fread(out, 1, size - 1, f) : 0;
    out[n] = '\0';
    if (f)
        fclose(f);
    f = fopen(e, "r");
    n = f ? fread(err, 1, esize - 1, f) : 0;
    err[n] = '\0';
    if (f)
        fclose(f);
    *err_lines = 0;
    for (char *p = err; *p; p++)
        *err_lines += *p == '\n';
    return code;
}

static double field(const char *out, const char *key)
{
    const char *p = strstr(out, key);
    return p ? strtod(p + strlen(key), NULL) : NAN;
}

static void test_solve_tool(void)
{
    if (!getenv("BASIS_PROGRAM")) {
        BT_CHECK(0, "BASIS_PROGRAM is not set: cannot run basis solve");
        return;
    }
    char out[4096], err[4096], args[2048];
    int lines;
    /* A = [[4,0,1],[0,5,0],[-1,0,6]] as coordinate, b as array: x = (0.12, 0.4, 0.52) */
    char a_path[512], b_path[512], x_path[512];
    snprintf(a_path, sizeof a_path, "%s", bt_put_file("sA.mtx",
             "%%MatrixMarket matrix coordinate real general\n3 3 5\n1 1 4\n2 2 5\n3 3 6\n"
             "1 3 1\n3 1 -1\n"));
    snprintf(b_path, sizeof b_path, "%s", bt_put_file("sb.mtx",
             "%%MatrixMarket matrix array real general\n3 1\n1\n2\n3\n"));
    snprintf(x_path, sizeof x_path, "%s/sx.mtx", bt_scratch_dir());
    snprintf(args, sizeof args, "solve '%s' '%s' --out '%s'", a_path, b_path, x_path);
    int code = run(args, out, sizeof out, &lines, err, sizeof err);
    double res = field(out, "residual:"), rc = field(out, "rcond:"), n = field(out, "n:");
    BT_CHECK(code == 0 && n == 3.0 && res >= 0.0 && res <= 10.0 && rc > 0.1 && rc <= 1.0 &&
                 strstr(out, "time:"),
             "basis solve 3x3: exit %d, stdout \"%s\", stderr \"%s\"", code, out, err);
    basis_mtx_dense x = {0};
    basis_status s = basis_mtx_read_dense(x_path, 0, &x);
    BT_CHECK(s == BASIS_OK && x.rows == 3 && x.cols == 1 && fabs(x.data[0] - 0.12) < 1e-15 &&
                 fabs(x.data[1] - 0.4) < 1e-15 && fabs(x.data[2] - 0.52) < 1e-15,
             "basis solve --out: %s, x = %g %g %g", basis_status_name(s),
             x.data ? x.data[0] : NAN, x.data ? x.data[1] : NAN, x.data ? x.data[2] : NAN);
    basis_mtx_free(&x);

    /* Hilbert 12: solved, exit 0, one warning line on stderr naming the cause */
    char h[16384];
    int len = snprintf(h, sizeof h, "%%%%MatrixMarket matrix array real general\n12 12\n");
    for (int j = 0; j < 12; j++)
        for (int i = 0; i < 12; i++)
            len += snprintf(h + len, sizeof h - (size_t)len, "%.17g\n", 1.0 / (i + j + 1));
    snprintf(a_path, sizeof a_path, "%s", bt_put_file("hilbert.mtx", h));
    len = snprintf(h, sizeof h, "%%%%MatrixMarket matrix array real general\n12 2\n");
    for (int i = 0; i < 24; i++)
        len += snprintf(h + len, sizeof h - (size_t)len, "%d\n", i % 5 - 2);
    snprintf(b_path, sizeof b_path, "%s", bt_put_file("hb.mtx", h));
    snprintf(args, sizeof args, "solve '%s' '%s'", a_path, b_path);
    code = run(args, out, sizeof out, &lines, err, sizeof err);
    BT_CHECK(code == 0 && lines == 1 && strstr(err, "warning") && strstr(err, "rcond") &&
                 field(out, "rcond:") < 1.2e-16 && field(out, "nrhs:") == 2.0,
             "basis solve Hilbert 12: exit %d, stdout \"%s\", stderr \"%s\"", code, out, err);

    /* runtime errors: one line, exit 1 */
    char sing[512], b2[512], badf[512];
    snprintf(sing, sizeof sing, "%s", bt_put_file("sing.mtx",
             "%%MatrixMarket matrix array real general\n2 2\n1\n2\n2\n4\n"));
    snprintf(b2, sizeof b2, "%s", bt_put_file("b2.mtx",
             "%%MatrixMarket matrix array real general\n2 1\n1\n1\n"));
    snprintf(badf, sizeof badf, "%s", bt_put_file("bad.mtx",
             "%%MatrixMarket matrix array real general\n2 2\n1\nx\n3\n4\n"));
    struct {
        const char *what, *a, *b, *needle;
    } errs[] = {
        {"singular", sing, b2, "singular"},
        {"format", badf, b2, "bad.mtx:4:"},
        {"missing file", "/nonexistent/A.mtx", b2, "cannot open"},
        {"b of the wrong size", sing, b_path, "rows"},
        {"A not square", b2, b2, "square"},
    };
    for (int i = 0; i < 5; i++) {
        snprintf(args, sizeof args, "solve '%s' '%s'", errs[i].a, errs[i].b);
        code = run(args, out, sizeof out, &lines, err, sizeof err);
        BT_CHECK(code == 1 && lines == 1 && strstr(err, errs[i].needle) && out[0] == '\0',
                 "basis solve %s: exit %d, %d stderr lines \"%s\"", errs[i].what, code, lines,
                 err);
    }
    /* usage errors: one line, exit 2 */
    static const char *const usage[] = {"solve", "solve only-one.mtx", "solve a b c",
                                        "solve a b --bogus", "solve a b --out"};
    for (int i = 0; i < 5; i++) {
        code = run(usage[i], out, sizeof out, &lines, err, sizeof err);
        BT_CHECK(code == 2 && lines == 1 && strstr(err, "usage"),
                 "basis %s: exit %d, %d stderr lines \"%s\"", usage[i], code, lines, err);
    }
}

int main(void)
{
    bt_seed(77);
    bt_scratch_begin("basis-mtx");
    test_reader();
    test_malformed();
    test_writer();
    test_solve_tool();
    bt_scratch_end();
    printf("check_mtx_io: ");
    return bt_end();
}
