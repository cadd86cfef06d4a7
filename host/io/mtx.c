/* mtx.c: the Matrix Market reader (array and coordinate, real/integer/pattern, general/symmetric/skew-symmetric, into a dense matrix or, coordinate only, a graph) and the dense array writer. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "graph.h"
#include "internal.h"
#include "io/mtx.h"
#include "io/out_file.h"

enum { FIELD_REAL, FIELD_INTEGER, FIELD_PATTERN };
enum { SYM_GENERAL, SYM_SYMMETRIC, SYM_SKEW };

typedef struct reader {
    const char *path;
    FILE *f;
    char *line;
    size_t cap;
    int64_t lineno;
    int64_t bytes_left; /* of the file after the current line */
} reader;

/* The next line that is neither blank nor a % comment, without its newline; 0 at the end
 * of the file, -1 on a read error. */
static int next_line(reader *r, int skip_comments)
{
    for (;;) {
        errno = 0;
        ssize_t len = getline(&r->line, &r->cap, r->f);
        if (len < 0) {
            /* At the end getline may leave a fresh buffer unterminated: messages print it. */
            if (r->line)
                r->line[0] = '\0';
            return ferror(r->f) ? -1 : 0;
        }
        r->lineno++;
        r->bytes_left -= len;
        while (len > 0 && (r->line[len - 1] == '\n' || r->line[len - 1] == '\r'))
            r->line[--len] = '\0';
        const char *p = r->line;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '\0' || (skip_comments && *p == '%'))
            continue;
        return 1;
    }
}

/* Copies at most 40 characters of s, for messages. */
static const char *clip(const char *s, char *buf, size_t size)
{
    snprintf(buf, size, "%.40s%s", s, strlen(s) > 40 ? "..." : "");
    return buf;
}

static basis_status bad(const reader *r, const char *what)
{
    char b[64];
    return basis_fail(BASIS_ERR_FORMAT, "%s:%lld: %s (line: \"%s\")", r->path,
                      (long long)r->lineno, what, clip(r->line ? r->line : "", b, sizeof b));
}

/* Reads one whitespace-separated token of *p as an int64 >= lo; 0 when it is not one. */
static int take_int(const char **p, int64_t lo, int64_t *v)
{
    char *end;
    errno = 0;
    long long x = strtoll(*p, &end, 10);
    if (end == *p || errno == ERANGE || x < lo || (*end && !isspace((unsigned char)*end)))
        return 0;
    *v = x;
    *p = end;
    return 1;
}

static int take_value(const char **p, int field, double *v)
{
    if (field == FIELD_INTEGER) {
        int64_t x;
        if (!take_int(p, INT64_MIN, &x))
            return 0;
        *v = (double)x;
        return 1;
    }
    char *end;
    double x = strtod(*p, &end);
    if (end == *p || !isfinite(x) || (*end && !isspace((unsigned char)*end)))
        return 0;
    *v = x;
    *p = end;
    return 1;
}

static int at_end(const char *p)
{
    while (isspace((unsigned char)*p))
        p++;
    return *p == '\0';
}

/* The banner: %%MatrixMarket matrix <array|coordinate> <field> <symmetry>. */
static basis_status banner(reader *r, int *coordinate, int *field, int *sym)
{
    int got = next_line(r, 0);
    if (got < 0)
        return basis_fail(BASIS_ERR_IO, "%s: cannot read: %s", r->path, strerror(errno));
    char w[5][32];
    if (got == 0 || sscanf(r->line, "%31s %31s %31s %31s %31s", w[0], w[1], w[2], w[3],
                           w[4]) != 5 || strcasecmp(w[0], "%%MatrixMarket") != 0)
        return bad(r, "not a Matrix Market file: the first line must be \"%%MatrixMarket "
                      "matrix <array|coordinate> <real|integer|pattern> "
                      "<general|symmetric|skew-symmetric>\"");
    if (strcasecmp(w[1], "matrix") != 0)
        return bad(r, "only the object \"matrix\" is supported");
    if (!strcasecmp(w[2], "array") || !strcasecmp(w[2], "coordinate"))
        *coordinate = !strcasecmp(w[2], "coordinate");
    else
        return bad(r, "the format must be \"array\" or \"coordinate\"");
    if (!strcasecmp(w[3], "real") || !strcasecmp(w[3], "double"))
        *field = FIELD_REAL;
    else if (!strcasecmp(w[3], "integer"))
        *field = FIELD_INTEGER;
    else if (!strcasecmp(w[3], "pattern") && *coordinate)
        *field = FIELD_PATTERN;
    else
        return bad(r, "the field must be real or integer (or pattern for coordinate); "
                      "complex is not supported");
    if (!strcasecmp(w[4], "general"))
        *sym = SYM_GENERAL;
    else if (!strcasecmp(w[4], "symmetric"))
        *sym = SYM_SYMMETRIC;
    else if (!strcasecmp(w[4], "skew-symmetric"))
        *sym = SYM_SKEW;
    else
        return bad(r, "the symmetry must be general, symmetric or skew-symmetric");
    return BASIS_OK;
}

/* Stores entry (i, j) (0-based) and its mirror; coordinate entries add up. */
static void put(double *d, int64_t rows, int64_t i, int64_t j, double v, int sym, int add)
{
    if (add)
        d[i + j * rows] += v;
    else
        d[i + j * rows] = v;
    if (sym != SYM_GENERAL && i != j) {
        double m = sym == SYM_SKEW ? -v : v;
        if (add)
            d[j + i * rows] += m;
        else
            d[j + i * rows] = m;
    }
}

static basis_status read_entries(reader *r, int coordinate, int field, int sym, int64_t rows,
                                 int64_t cols, int64_t count, double *d)
{
    char msg[160];
    /* array: column by column, only the lower triangle (below it for skew) when symmetric */
    int64_t i = 0, j = 0, skip = sym == SYM_GENERAL ? -1 : sym == SYM_SKEW ? 1 : 0;
    if (!coordinate && skip >= 0)
        i = skip;
    for (int64_t e = 0; e < count;) {
        int got = next_line(r, 1);
        if (got < 0)
            return basis_fail(BASIS_ERR_IO, "%s:%lld: cannot read: %s", r->path,
                              (long long)r->lineno, strerror(errno));
        if (got == 0) {
            snprintf(msg, sizeof msg, "the file ends after %lld of the %lld entries declared",
                     (long long)e, (long long)count);
            r->lineno++;
            return basis_fail(BASIS_ERR_FORMAT, "%s:%lld: %s", r->path, (long long)r->lineno,
                              msg);
        }
        const char *p = r->line;
        if (coordinate) {
            int64_t ii, jj;
            double v = 1.0;
            if (!take_int(&p, 1, &ii) || !take_int(&p, 1, &jj) ||
                (field != FIELD_PATTERN && !take_value(&p, field, &v)) || !at_end(p))
                return bad(r, field == FIELD_PATTERN ? "an entry must be \"row column\""
                              : field == FIELD_INTEGER
                                  ? "an entry must be \"row column integer\""
                                  : "an entry must be \"row column value\" with a finite value");
            if (ii > rows || jj > cols) {
                snprintf(msg, sizeof msg, "entry (%lld, %lld) is outside the %lld x %lld matrix",
                         (long long)ii, (long long)jj, (long long)rows, (long long)cols);
                return bad(r, msg);
            }
            if (sym == SYM_SKEW && ii == jj)
                return bad(r, "a skew-symmetric matrix has no diagonal entries");
            put(d, rows, ii - 1, jj - 1, v, sym, 1);
            e++;
            continue;
        }
        /* array values may also share a line */
        while (e < count && !at_end(p)) {
            double v;
            if (!take_value(&p, field, &v))
                return bad(r, field == FIELD_INTEGER ? "an entry must be an integer"
                                                     : "an entry must be a finite number");
            put(d, rows, i, j, v, sym, 0);
            e++;
            if (++i == rows) {
                j++;
                i = skip >= 0 ? j + skip : 0;
            }
        }
        if (!at_end(p))
            return bad(r, "more values than the size line declares");
    }
    int got;
    while ((got = next_line(r, 1)) > 0) {
        snprintf(msg, sizeof msg, "more entries than the %lld declared", (long long)count);
        return bad(r, msg);
    }
    if (got < 0)
        return basis_fail(BASIS_ERR_IO, "%s: cannot read: %s", r->path, strerror(errno));
    return BASIS_OK;
}

/* The size line, and the refusal of a declared entry count the rest of the file cannot
 * hold, before anything is allocated. */
static basis_status size_line(reader *r, int coordinate, int field, int sym, int64_t *rows_out,
                              int64_t *cols_out, int64_t *count_out)
{
    int got = next_line(r, 1);
    if (got < 0)
        return basis_fail(BASIS_ERR_IO, "%s: cannot read: %s", r->path, strerror(errno));
    if (got == 0) {
        r->lineno++;
        return basis_fail(BASIS_ERR_FORMAT, "%s:%lld: the size line is missing", r->path,
                          (long long)r->lineno);
    }
    int64_t rows, cols, count = 0;
    const char *p = r->line;
    if (!take_int(&p, 0, &rows) || !take_int(&p, 0, &cols) ||
        (coordinate && !take_int(&p, 0, &count)) || !at_end(p))
        return bad(r, coordinate ? "the size line must be \"rows columns entries\""
                                 : "the size line must be \"rows columns\"");
    if (sym != SYM_GENERAL && rows != cols)
        return bad(r, "a symmetric or skew-symmetric matrix must be square");
    if (!coordinate && rows > 0 && cols > INT64_MAX / rows)
        return bad(r, "rows x columns overflows");
    if (!coordinate)
        count = sym == SYM_GENERAL ? rows * cols
                : sym == SYM_SYMMETRIC ? rows * (rows + 1) / 2 : rows * (rows - 1) / 2;
    /* Every entry needs at least "v\n" (array) or "i j v\n" / "i j\n" (coordinate): a
     * declared size the rest of the file cannot hold is refused before allocating. */
    int64_t least = coordinate ? (field == FIELD_PATTERN ? 4 : 6) : 2;
    if (count > (r->bytes_left + 1) / least) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "declares %lld entries but only %lld bytes follow: too few entries",
                 (long long)count, (long long)r->bytes_left);
        return bad(r, msg);
    }
    *rows_out = rows;
    *cols_out = cols;
    *count_out = count;
    return BASIS_OK;
}

static basis_status read_body(reader *r, int64_t max_elements, basis_mtx_dense *out)
{
    int coordinate = 0, field = FIELD_REAL, sym = SYM_GENERAL;
    basis_status s = banner(r, &coordinate, &field, &sym);
    if (s)
        return s;
    int64_t rows, cols, count;
    if ((s = size_line(r, coordinate, field, sym, &rows, &cols, &count)))
        return s;
    if (rows > 0 && cols > INT64_MAX / rows)
        return bad(r, "rows x columns overflows");
    int64_t elems = rows * cols;
    if ((max_elements > 0 && elems > max_elements) ||
        (uint64_t)elems > SIZE_MAX / sizeof(double))
        return basis_fail(BASIS_ERR_NO_MEMORY,
                          "%s:%lld: a dense %lld x %lld matrix is more than the %lld entries "
                          "allowed", r->path, (long long)r->lineno, (long long)rows,
                          (long long)cols, (long long)max_elements);
    double *d = NULL;
    if (elems > 0) {
        d = basis_alloc((size_t)elems * sizeof *d);
        if (!d)
            return basis_fail(BASIS_ERR_NO_MEMORY,
                              "%s: could not allocate a dense %lld x %lld matrix", r->path,
                              (long long)rows, (long long)cols);
        memset(d, 0, (size_t)elems * sizeof *d);
    }
    s = read_entries(r, coordinate, field, sym, rows, cols, count, d);
    if (s) {
        basis_free(d);
        return s;
    }
    out->rows = rows;
    out->cols = cols;
    out->data = d;
    return BASIS_OK;
}

static basis_status reader_open(reader *r, const char *path)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->f = fopen(path, "r");
    if (!r->f)
        return basis_fail(BASIS_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(r->f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(r->f);
        return basis_fail(BASIS_ERR_IO, "%s: not a regular file", path);
    }
    r->bytes_left = (int64_t)st.st_size;
    return BASIS_OK;
}

static void reader_close(reader *r)
{
    free(r->line);
    fclose(r->f);
}

basis_status basis_mtx_read_dense(const char *path, int64_t max_elements, basis_mtx_dense *out)
{
    if (!path || !out)
        return basis_fail(BASIS_ERR_ARGUMENT, "basis_mtx_read_dense: %s is NULL",
                          path ? "out" : "path");
    reader r;
    basis_status s = reader_open(&r, path);
    if (s)
        return s;
    s = read_body(&r, max_elements, out);
    reader_close(&r);
    return s;
}

/* The entries of a coordinate graph into src/dst (0-based), then the end of the file. */
static basis_status read_graph_entries(reader *r, int field, int64_t n, int64_t count,
                                       int64_t *src, int64_t *dst)
{
    char msg[160];
    for (int64_t e = 0; e < count; e++) {
        int got = next_line(r, 1);
        if (got < 0)
            return basis_fail(BASIS_ERR_IO, "%s:%lld: cannot read: %s", r->path,
                              (long long)r->lineno, strerror(errno));
        if (got == 0) {
            r->lineno++;
            return basis_fail(BASIS_ERR_FORMAT,
                              "%s:%lld: the file ends after %lld of the %lld entries declared",
                              r->path, (long long)r->lineno, (long long)e, (long long)count);
        }
        const char *p = r->line;
        int64_t i, j;
        double v;
        if (!take_int(&p, 1, &i) || !take_int(&p, 1, &j) ||
            (field != FIELD_PATTERN && !take_value(&p, field, &v)) || !at_end(p))
            return bad(r, field == FIELD_PATTERN ? "an entry must be \"row column\" (1-based)"
                          : field == FIELD_INTEGER
                              ? "an entry must be \"row column integer\" (1-based)"
                              : "an entry must be \"row column value\" (1-based) with a "
                                "finite value");
        if (i > n || j > n) {
            snprintf(msg, sizeof msg, "entry (%lld, %lld) is outside the %lld x %lld matrix",
                     (long long)i, (long long)j, (long long)n, (long long)n);
            return bad(r, msg);
        }
        src[e] = i - 1;
        dst[e] = j - 1;
    }
    int got;
    while ((got = next_line(r, 1)) > 0) {
        snprintf(msg, sizeof msg, "more entries than the %lld declared", (long long)count);
        return bad(r, msg);
    }
    if (got < 0)
        return basis_fail(BASIS_ERR_IO, "%s: cannot read: %s", r->path, strerror(errno));
    return BASIS_OK;
}

/* Memory: the entries as two int64 arrays (16 bytes each, sized by the declared count the
 * file was checked to hold), then the graph; the arrays are freed once it is built. */
static basis_status read_graph(reader *r, int undirected, basis_graph **out)
{
    int coordinate = 0, field = FIELD_REAL, sym = SYM_GENERAL;
    basis_status s = banner(r, &coordinate, &field, &sym);
    if (s)
        return s;
    if (!coordinate)
        return bad(r, "a graph must be a coordinate matrix, not an array");
    int64_t rows, cols, count;
    if ((s = size_line(r, coordinate, field, sym, &rows, &cols, &count)))
        return s;
    if (rows != cols)
        return bad(r, "the adjacency matrix of a graph must be square");
    /* Isolated nodes cost no bytes in the file, so the node count is not bounded by it; but
     * a count this far beyond the file is a typo or an attack, not a graph, and would cost
     * 16 bytes per node. */
    int64_t budget = (INT64_MAX - ((int64_t)1 << 20)) / 64 > r->bytes_left
                         ? 64 * r->bytes_left + ((int64_t)1 << 20) : INT64_MAX;
    if (rows > budget) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "declares %lld nodes, more than the %lld this %lld-byte file can plausibly "
                 "describe", (long long)rows, (long long)budget, (long long)r->bytes_left);
        return bad(r, msg);
    }
    int64_t *src = basis_alloc((size_t)(count > 0 ? count : 1) * sizeof *src);
    int64_t *dst = basis_alloc((size_t)(count > 0 ? count : 1) * sizeof *dst);
    if (!src || !dst) {
        s = basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for %lld entries", r->path,
                       (long long)count);
    } else {
        s = read_graph_entries(r, field, rows, count, src, dst);
        if (!s)
            s = basis_graph_from_edges(rows, src, dst, count,
                                       undirected || sym != SYM_GENERAL, out);
    }
    basis_free(src);
    basis_free(dst);
    return s;
}

basis_status basis_mtx_read_graph(const char *path, int undirected, basis_graph **out)
{
    if (!path || !out)
        return basis_fail(BASIS_ERR_ARGUMENT, "basis_mtx_read_graph: %s is NULL",
                          path ? "out" : "path");
    reader r;
    basis_status s = reader_open(&r, path);
    if (s)
        return s;
    s = read_graph(&r, undirected, out);
    reader_close(&r);
    if (s == BASIS_OK)
        (*out)->id_base = 1; /* node i is row and column i + 1 of the file */
    return s;
}

void basis_mtx_free(basis_mtx_dense *m)
{
    if (!m)
        return;
    basis_free(m->data);
    m->data = NULL;
    m->rows = m->cols = 0;
}

basis_status basis_mtx_write_array(const char *path, int64_t rows, int64_t cols,
                                   const double *a, int64_t ld)
{
    if (!path || rows < 0 || cols < 0 || ld < (rows > 1 ? rows : 1) ||
        (!a && rows > 0 && cols > 0))
        return basis_fail(BASIS_ERR_ARGUMENT, "basis_mtx_write_array: invalid arguments");
    basis_out_file o;
    if (!basis_out_open(&o, path))
        return basis_fail(BASIS_ERR_IO, "%s: cannot create: %s", path, strerror(errno));
    FILE *f = o.f;
    int ok = fprintf(f, "%%%%MatrixMarket matrix array real general\n%% written by basis "
                        "%s\n%lld %lld\n", basis_version(), (long long)rows,
                     (long long)cols) > 0;
    for (int64_t j = 0; j < cols && ok; j++)
        for (int64_t i = 0; i < rows && ok; i++)
            ok = fprintf(f, "%.17g\n", a[i + j * ld]) > 0;
    if (!basis_out_close(&o, ok)) /* a file that was there stays as it was */
        return basis_fail(BASIS_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    return BASIS_OK;
}
