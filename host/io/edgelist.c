/* edgelist.c: the streaming "src dst" edge-list reader (plain or gzip), sparse-id renumbering, and the graph it builds. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifdef BASIS_WITH_ZLIB
#include <zlib.h>
#endif

#include "graph.h"
#include "io/edgelist.h"

/* Memory: the edges are gathered as two int64 arrays (16 bytes per edge; grown by realloc,
 * which glibc does in place with mremap for large blocks, then trimmed), then the graph is
 * built from them (8 bytes per directed edge + 16 per node) and the arrays are freed: the
 * peak is 16 m + the graph. Renumbering adds a hash map of 16 bytes per slot (at most 4
 * slots per distinct id) and the id map (8 bytes per node). */

enum { CHUNK = 1 << 20 };

typedef struct source {
    const char *path;
    FILE *f;
#ifdef BASIS_WITH_ZLIB
    gzFile gz;
#endif
    char *buf;
    size_t cap, len, pos; /* buf holds len bytes, of which pos are consumed */
    int eof;
    int64_t lineno;
} source;

static basis_status source_open(source *s, const char *path)
{
    memset(s, 0, sizeof *s);
    s->path = path;
    s->f = fopen(path, "rb");
    if (!s->f)
        return basis_fail(BASIS_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    unsigned char magic[2] = {0, 0};
    size_t got = fread(magic, 1, 2, s->f);
    if (ferror(s->f)) {
        int err = errno;
        fclose(s->f);
        return basis_fail(BASIS_ERR_IO, "%s: cannot read: %s", path, strerror(err));
    }
    int gzipped = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    if (!gzipped) {
        rewind(s->f);
    } else {
#ifdef BASIS_WITH_ZLIB
        fclose(s->f);
        s->f = NULL;
        s->gz = gzopen(path, "rb");
        if (!s->gz)
            return basis_fail(BASIS_ERR_IO, "%s: cannot open: %s", path,
                              errno ? strerror(errno) : "out of memory");
        gzbuffer(s->gz, 1 << 17);
#else
        fclose(s->f);
        return basis_fail(BASIS_ERR_IO,
                          "%s: the file is gzip-compressed but this basis was built without "
                          "zlib (BASIS_WITH_ZLIB=OFF); decompress it first",
                          path);
#endif
    }
    s->cap = CHUNK;
    s->buf = basis_alloc(s->cap);
    if (!s->buf) {
        if (s->f)
            fclose(s->f);
#ifdef BASIS_WITH_ZLIB
        if (s->gz)
            gzclose(s->gz);
#endif
        return basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory for the read buffer", path);
    }
    return BASIS_OK;
}

static void source_close(source *s)
{
    if (s->f)
        fclose(s->f);
#ifdef BASIS_WITH_ZLIB
    if (s->gz)
        gzclose(s->gz);
#endif
    basis_free(s->buf);
}

/* Moves the unread tail to the front and reads more after it; grows the buffer when a
 * single line fills it. One byte is always left free for the terminating '\0'. */
static basis_status source_fill(source *s)
{
    if (s->pos > 0) {
        memmove(s->buf, s->buf + s->pos, s->len - s->pos);
        s->len -= s->pos;
        s->pos = 0;
    }
    if (s->cap - s->len < 2) {
        char *nb = basis_realloc(s->buf, s->cap * 2);
        if (!nb)
            return basis_fail(BASIS_ERR_NO_MEMORY, "%s:%lld: no memory for a line of %zu bytes",
                              s->path, (long long)s->lineno + 1, s->len);
        s->buf = nb;
        s->cap *= 2;
    }
    size_t want = s->cap - s->len - 1;
#ifdef BASIS_WITH_ZLIB
    if (s->gz) {
        int r = gzread(s->gz, s->buf + s->len, (unsigned)(want < (1u << 30) ? want : 1u << 30));
        int zerr = Z_OK;
        const char *zmsg = r < 0 ? gzerror(s->gz, &zerr) : NULL;
        if (r == 0)
            zmsg = gzerror(s->gz, &zerr);
        if (r < 0 || (zerr != Z_OK && zerr != Z_STREAM_END))
            return basis_fail(BASIS_ERR_IO, "%s: cannot decompress after line %lld: %s",
                              s->path, (long long)s->lineno,
                              zerr == Z_ERRNO ? strerror(errno) : zmsg);
        if (r == 0)
            s->eof = 1;
        s->len += (size_t)r;
        return BASIS_OK;
    }
#endif
    size_t r = fread(s->buf + s->len, 1, want, s->f);
    if (r < want) {
        if (ferror(s->f))
            return basis_fail(BASIS_ERR_IO, "%s: cannot read after line %lld: %s", s->path,
                              (long long)s->lineno, strerror(errno));
        if (r == 0)
            s->eof = 1;
    }
    s->len += r;
    return BASIS_OK;
}

/* The next line, '\0'-terminated without its '\n', in *line; *line NULL at the end. */
static basis_status source_line(source *s, char **line)
{
    for (;;) {
        char *start = s->buf + s->pos;
        char *nl = memchr(start, '\n', s->len - s->pos);
        if (nl) {
            *nl = '\0';
            s->pos = (size_t)(nl - s->buf) + 1;
            s->lineno++;
            *line = start;
            return BASIS_OK;
        }
        if (s->eof) {
            if (s->pos == s->len) {
                *line = NULL;
                return BASIS_OK;
            }
            s->buf[s->len] = '\0';
            *line = s->buf + s->pos;
            s->pos = s->len;
            s->lineno++;
            return BASIS_OK;
        }
        basis_status st = source_fill(s);
        if (st)
            return st;
    }
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

enum { ID_OK, ID_MISSING, ID_NEGATIVE, ID_NOT_INT, ID_TOO_BIG };

static int parse_id(const char **pp, int64_t *v)
{
    const char *p = *pp;
    while (blank(*p))
        p++;
    if (*p == '\0')
        return ID_MISSING;
    if (*p == '-')
        return p[1] >= '0' && p[1] <= '9' ? ID_NEGATIVE : ID_NOT_INT;
    if (*p == '+')
        p++;
    if (*p < '0' || *p > '9')
        return ID_NOT_INT;
    uint64_t x = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (x > ((uint64_t)INT64_MAX - d) / 10)
            return ID_TOO_BIG;
        x = x * 10 + d;
    }
    if (*p != '\0' && !blank(*p))
        return ID_NOT_INT;
    *v = (int64_t)x;
    *pp = p;
    return ID_OK;
}

static basis_status bad_line(const source *s, const char *line, int why, int field)
{
    static const char *const what[] = {
        "", "a line must be \"src dst\" (two node ids)", "is negative",
        "is not a non-negative integer", "does not fit in int64"};
    char clip[48];
    snprintf(clip, sizeof clip, "%.40s%s", line, strlen(line) > 40 ? "..." : "");
    if (why == ID_MISSING)
        return basis_fail(BASIS_ERR_FORMAT, "%s:%lld: %s (line: \"%s\")", s->path,
                          (long long)s->lineno, what[why], clip);
    return basis_fail(BASIS_ERR_FORMAT, "%s:%lld: the %s node id %s (line: \"%s\")", s->path,
                      (long long)s->lineno, field ? "destination" : "source", what[why], clip);
}

typedef struct edges {
    int64_t *src, *dst;
    int64_t m, cap;
    int64_t max_id;
} edges;

static int edges_push(edges *e, int64_t a, int64_t b)
{
    if (e->m == e->cap) {
        int64_t cap = e->cap ? e->cap * 2 : 1 << 16;
        if ((uint64_t)cap > SIZE_MAX / sizeof(int64_t))
            return 0;
        int64_t *ns = basis_realloc(e->src, (size_t)cap * sizeof(int64_t));
        if (!ns)
            return 0;
        e->src = ns;
        int64_t *nd = basis_realloc(e->dst, (size_t)cap * sizeof(int64_t));
        if (!nd)
            return 0;
        e->dst = nd;
        e->cap = cap;
    }
    e->src[e->m] = a;
    e->dst[e->m] = b;
    e->m++;
    if (a > e->max_id)
        e->max_id = a;
    if (b > e->max_id)
        e->max_id = b;
    return 1;
}

static basis_status read_edges(source *s, edges *e)
{
    char *line;
    basis_status st;
    while ((st = source_line(s, &line)) == BASIS_OK && line) {
        const char *p = line;
        while (blank(*p))
            p++;
        /* A Matrix Market file reaches this reader when it is gzip-compressed (AUTO sends
         * only plain files to the Matrix Market reader) or forced here; read as an edge
         * list, its size line would become an edge. */
        if (s->lineno == 1 && !strncasecmp(p, "%%MatrixMarket", 14))
            return basis_fail(BASIS_ERR_FORMAT,
                              "%s:1: a Matrix Market file, not an edge list (read it as "
                              "Matrix Market: a .mtx name or BASIS_GRAPH_MTX, decompressing a "
                              "gzip'd one first)",
                              s->path);
        if (*p == '\0' || *p == '#' || *p == '%')
            continue;
        int64_t a, b;
        int why = parse_id(&p, &a);
        if (why)
            return bad_line(s, line, why, 0);
        if ((why = parse_id(&p, &b)))
            return bad_line(s, line, why, 1);
        if (!edges_push(e, a, b))
            return basis_fail(BASIS_ERR_NO_MEMORY, "%s:%lld: no memory for %lld edges",
                              s->path, (long long)s->lineno, (long long)e->m + 1);
    }
    return st;
}

/* Distinct ids, for the density rule; only called when max_id < 4 m, so the bitmap is at
 * most m / 2 bytes. */
static int64_t count_distinct(const edges *e, uint64_t *bits)
{
    int64_t distinct = 0;
    const int64_t *side[2] = {e->src, e->dst};
    for (int k = 0; k < 2; k++)
        for (int64_t i = 0; i < e->m; i++) {
            uint64_t v = (uint64_t)side[k][i], bit = (uint64_t)1 << (v & 63);
            if (!(bits[v >> 6] & bit)) {
                bits[v >> 6] |= bit;
                distinct++;
            }
        }
    return distinct;
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

/* Renumbers src/dst in place in order of first appearance; *ids gets the map (basis_alloc,
 * n entries). An open-addressing table (key -1: empty) grown at half load. */
static basis_status renumber(const char *path, edges *e, int64_t *n_out, int64_t **ids_out)
{
    size_t cap = 1 << 12;
    int64_t *keys = NULL, *vals = NULL, *ids = NULL, n = 0, idcap = 0;
    basis_status st = BASIS_OK;
    keys = basis_alloc(cap * sizeof *keys);
    vals = basis_alloc(cap * sizeof *vals);
    if (!keys || !vals)
        goto nomem;
    memset(keys, 0xff, cap * sizeof *keys);
    for (int64_t i = 0; i < 2 * e->m; i++) {
        int64_t *slot = (i & 1) ? &e->dst[i >> 1] : &e->src[i >> 1];
        int64_t key = *slot;
        size_t h = (size_t)mix((uint64_t)key) & (cap - 1);
        while (keys[h] != -1 && keys[h] != key)
            h = (h + 1) & (cap - 1);
        if (keys[h] == key) {
            *slot = vals[h];
            continue;
        }
        if (n == idcap) {
            idcap = idcap ? idcap * 2 : 1 << 12;
            int64_t *ni = basis_realloc(ids, (size_t)idcap * sizeof *ids);
            if (!ni)
                goto nomem;
            ids = ni;
        }
        ids[n] = key;
        keys[h] = key;
        vals[h] = n;
        *slot = n++;
        if ((size_t)n * 2 > cap) {
            size_t ncap = cap * 2;
            int64_t *nk = basis_alloc(ncap * sizeof *nk), *nv = basis_alloc(ncap * sizeof *nv);
            if (!nk || !nv) {
                basis_free(nk);
                basis_free(nv);
                goto nomem;
            }
            memset(nk, 0xff, ncap * sizeof *nk);
            for (size_t j = 0; j < cap; j++) {
                if (keys[j] == -1)
                    continue;
                size_t g = (size_t)mix((uint64_t)keys[j]) & (ncap - 1);
                while (nk[g] != -1)
                    g = (g + 1) & (ncap - 1);
                nk[g] = keys[j];
                nv[g] = vals[j];
            }
            basis_free(keys);
            basis_free(vals);
            keys = nk;
            vals = nv;
            cap = ncap;
        }
    }
    *ids_out = basis_alloc((size_t)(n > 0 ? n : 1) * sizeof **ids_out);
    if (!*ids_out)
        goto nomem;
    if (n > 0)
        memcpy(*ids_out, ids, (size_t)n * sizeof *ids);
    *n_out = n;
    goto done;
nomem:
    st = basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory to renumber the node ids", path);
done:
    basis_free(keys);
    basis_free(vals);
    basis_free(ids);
    return st;
}

basis_status basis_edgelist_read(const char *path, int undirected, basis_graph **out)
{
    if (!path || !out)
        return basis_fail(BASIS_ERR_ARGUMENT, "basis_edgelist_read: %s is NULL",
                          path ? "out" : "path");
    source s;
    basis_status st = source_open(&s, path);
    if (st)
        return st;
    edges e = {.max_id = -1};
    st = read_edges(&s, &e);
    source_close(&s);
    /* n = max id + 1 only for dense ids (below 4 m): a sparse max id may be INT64_MAX. */
    int64_t n = 0, *ids = NULL;
    if (!st && e.m > 0) {
        /* at most 2 m distinct ids, so max_id >= 4 m is sparse whatever their count */
        int dense = 0;
        if (e.max_id < 4 * e.m) {
            size_t nbits = (size_t)(e.max_id / 64 + 1) * sizeof(uint64_t);
            uint64_t *bits = basis_alloc(nbits);
            if (!bits) {
                st = basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory to count node ids", path);
            } else {
                memset(bits, 0, nbits);
                dense = e.max_id < 2 * count_distinct(&e, bits);
                basis_free(bits);
            }
        }
        if (!st && !dense)
            st = renumber(path, &e, &n, &ids);
        else if (!st)
            n = e.max_id + 1;
    }
    basis_graph *g = NULL;
    if (!st)
        st = basis_graph_from_edges(n, e.src, e.dst, e.m, undirected, &g);
    basis_free(e.src);
    basis_free(e.dst);
    if (st) {
        basis_free(ids);
        return st;
    }
    g->ids = ids;
    *out = g;
    return BASIS_OK;
}
