/* check_graph_io.c: the graph builders, the edge-list and Matrix Market graph loaders (good files, each malformed case with its file:line and nothing leaked, huge sizes), the real graphs' counts (the basis program's graph commands: check_graph_program.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "graph.h"
#include "testutil.h"

/* Bytes the C heap holds (glibc), to show a failed load leaves nothing behind; -1 where
 * that cannot be asked. */
static long long heap_in_use(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 mi = mallinfo2();
    return (long long)(mi.uordblks + mi.hblkhd);
#else
    return -1;
#endif
}

/* ---- a gzip file by hand (stored deflate blocks), so the test needs no zlib ---------- */

static uint32_t crc32_of(const unsigned char *p, size_t len)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < len; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return c ^ 0xffffffffu;
}

/* gzip of text in stored blocks of at most 7 bytes (so the stream has several blocks);
 * cut > 0 drops that many bytes from the end (a truncated file). */
static const char *put_gzip(const char *name, const char *text, size_t cut)
{
    size_t len = strlen(text), nblocks = len / 7 + 1;
    unsigned char *g = malloc(18 + len + 5 * nblocks);
    size_t o = 0;
    static const unsigned char head[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    memcpy(g, head, 10);
    o = 10;
    size_t pos = 0;
    do {
        size_t b = len - pos < 7 ? len - pos : 7;
        g[o++] = pos + b == len ? 1 : 0; /* BFINAL, BTYPE 00 */
        g[o++] = (unsigned char)b;
        g[o++] = 0;
        g[o++] = (unsigned char)~b;
        g[o++] = 0xff;
        memcpy(g + o, text + pos, b);
        o += b;
        pos += b;
    } while (pos < len);
    uint32_t crc = crc32_of((const unsigned char *)text, len);
    for (int k = 0; k < 4; k++)
        g[o++] = (unsigned char)(crc >> (8 * k));
    for (int k = 0; k < 4; k++)
        g[o++] = (unsigned char)((uint32_t)len >> (8 * k));
    const char *p = bt_put_bytes(name, g, o - cut);
    free(g);
    return p;
}

/* ---- comparing graphs ----------------------------------------------------------------- */

/* The in-edge CSR (off[n + 1], src[m]) read back from g's SELL-8 layout (host/graph.h),
 * checking the layout on the way: the first n slots a permutation of the nodes sorted by
 * in-degree, descending, then empty slots naming n; a chunk as long as its first slot's
 * in-degree; every lane its node's sources then padding (n). NULL when anything is off. */
static int64_t *graph_to_csr(const basis_graph *g, int64_t **src_out)
{
    int64_t n = g->n, m = g->m, nc = g->nchunks, C = BASIS_SELL_C;
    int64_t *off = calloc((size_t)n + 1, sizeof(int64_t));
    int64_t *src = malloc((size_t)(m > 0 ? m : 1) * sizeof(int64_t));
    int64_t *len = calloc((size_t)(n > 0 ? n : 1), sizeof(int64_t));
    char *seen = calloc((size_t)(n > 0 ? n : 1), 1);
    int ok = off && src && len && seen && nc == (n + C - 1) / C && g->chunk_start[0] == 0;
    for (int64_t p = 0; ok && p < nc * C; p++) {
        int64_t node = g->perm[p], c = p / C, steps = (g->chunk_start[c + 1] - g->chunk_start[c]) / C;
        ok = (p < n) ? (node >= 0 && node < n && !seen[node]) : node == n;
        if (!ok || p >= n)
            break;
        seen[node] = 1;
        int64_t k = 0;
        while (k < steps && basis_graph_source(g, p, k) != (uint32_t)n)
            k++;
        len[node] = k;
        for (int64_t j = k; j < steps; j++)
            ok = ok && basis_graph_source(g, p, j) == (uint32_t)n;
        ok = ok && (p % C != 0 || k == steps) && (p == 0 || k <= len[g->perm[p - 1]]);
    }
    for (int64_t i = 0; ok && i < n; i++)
        off[i + 1] = off[i] + len[i];
    ok = ok && off[n] == m;
    for (int64_t p = 0; ok && p < n; p++) {
        int64_t node = g->perm[p];
        for (int64_t k = 0; k < len[node]; k++)
            src[off[node] + k] = basis_graph_source(g, p, k);
    }
    free(len);
    free(seen);
    if (!ok) {
        free(off);
        free(src);
        return NULL;
    }
    *src_out = src;
    return off;
}

/* g against the expected in-edge CSR (sources sorted) and out-degrees. */
static int same_graph(const basis_graph *g, int64_t n, int64_t m, const int64_t *off,
                      const int64_t *src, const int64_t *deg)
{
    if (!g || g->n != n || g->m != m)
        return 0;
    int64_t *gsrc = NULL, *goff = graph_to_csr(g, &gsrc);
    int ok = goff != NULL;
    for (int64_t i = 0; ok && i <= n; i++)
        ok = goff[i] == off[i];
    for (int64_t e = 0; ok && e < m; e++)
        ok = gsrc[e] == src[e];
    for (int64_t i = 0; ok && i < n; i++)
        ok = g->out_degree[i] == deg[i];
    free(goff);
    free(gsrc);
    return ok;
}

static int graphs_equal(const basis_graph *a, const basis_graph *b)
{
    if (!a || !b)
        return 0;
    int64_t *bsrc = NULL, *boff = graph_to_csr(b, &bsrc);
    int ok = boff && same_graph(a, b->n, b->m, boff, bsrc, b->out_degree);
    free(boff);
    free(bsrc);
    return ok;
}

/* The layout consistent, every node's sources sorted and in range, out-degrees summing to m. */
static int well_formed(const basis_graph *g)
{
    int64_t total = 0, *src = NULL, *off = graph_to_csr(g, &src);
    int ok = off != NULL;
    for (int64_t i = 0; ok && i < g->n; i++) {
        total += g->out_degree[i];
        for (int64_t e = off[i]; ok && e < off[i + 1]; e++)
            ok = src[e] >= 0 && src[e] < g->n && (e == off[i] || src[e - 1] <= src[e]);
    }
    free(off);
    free(src);
    return ok && total == g->m;
}

/* ---- builders ------------------------------------------------------------------------ */

static void test_builders(void)
{
    /* 0->1, 0->2, 1->2, 2->0, 2->2 (self-loop), 3->2 twice (repeated), 4 isolated; scrambled */
    static const int64_t src[] = {3, 2, 0, 1, 3, 2, 0};
    static const int64_t dst[] = {2, 2, 2, 2, 2, 0, 1};
    static const int64_t off[] = {0, 1, 2, 7, 7, 7};
    static const int64_t in[] = {2, 0, 0, 1, 2, 3, 3};
    static const int64_t deg[] = {2, 1, 2, 2, 0};
    basis_graph *g = NULL;
    basis_status s = basis_graph_from_edges(5, src, dst, 7, 0, &g);
    BT_CHECK(s == BASIS_OK && same_graph(g, 5, 7, off, in, deg), "hand graph: %s %s",
             basis_status_name(s), basis_last_error());
    BT_CHECK(basis_graph_nodes(g) == 5 && basis_graph_edges(g) == 7 &&
                 basis_graph_node_id(g, 4) == 4 && basis_graph_node_id(g, 5) == -1 &&
                 basis_graph_node_id(g, -1) == -1,
             "accessors");

    /* the same graph as an out-edge CSR */
    static const int64_t coff[] = {0, 2, 3, 5, 7, 7};
    static const int64_t ctg[] = {2, 1, 2, 2, 0, 2, 2};
    basis_csr csr = {5, coff, ctg};
    basis_graph *h = NULL;
    s = basis_graph_from_csr(&csr, &h);
    BT_CHECK(s == BASIS_OK && graphs_equal(h, g), "from_csr: %s %s", basis_status_name(s),
             basis_last_error());
    basis_graph_destroy(h);
    basis_graph_destroy(g);

    /* undirected: both directions, the self-loop once */
    static const int64_t us[] = {0, 1, 2}, ud[] = {1, 2, 2};
    static const int64_t uoff[] = {0, 1, 3, 5}, uin[] = {1, 0, 2, 1, 2}, udeg[] = {1, 2, 2};
    g = NULL;
    s = basis_graph_from_edges(3, us, ud, 3, 1, &g);
    BT_CHECK(s == BASIS_OK && same_graph(g, 3, 5, uoff, uin, udeg), "undirected: %s %s",
             basis_status_name(s), basis_last_error());
    basis_graph_destroy(g);

    /* bad ids name the edge; out is left alone */
    static const int64_t bs[] = {0, 1, 2}, bd[] = {1, 3, 0};
    g = (basis_graph *)&g;
    s = basis_graph_from_edges(3, bs, bd, 3, 0, &g);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "edge 1") &&
                 g == (basis_graph *)&g,
             "bad dst: %s %s", basis_status_name(s), basis_last_error());
    static const int64_t ns[] = {-1};
    s = basis_graph_from_edges(3, ns, ns, 1, 0, &g);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "edge 0"), "negative src");
    BT_CHECK(basis_graph_from_edges(-1, NULL, NULL, 0, 0, &g) == BASIS_ERR_ARGUMENT, "n < 0");
    BT_CHECK(basis_graph_from_edges(3, NULL, NULL, 2, 0, &g) == BASIS_ERR_ARGUMENT, "NULL src");
    BT_CHECK(basis_graph_from_edges(3, bs, bd, 1, 0, NULL) == BASIS_ERR_ARGUMENT, "NULL out");
    static const int64_t boff[] = {0, 2, 1};
    basis_csr bc = {2, boff, ctg};
    BT_CHECK(basis_graph_from_csr(&bc, &g) == BASIS_ERR_ARGUMENT, "decreasing offsets");
    static const int64_t toff[] = {0, 1}, tt[] = {1};
    basis_csr tc = {1, toff, tt};
    BT_CHECK(basis_graph_from_csr(&tc, &g) == BASIS_ERR_ARGUMENT &&
                 strstr(basis_last_error(), "targets[0]"),
             "target out of range: %s", basis_last_error());

    /* empty */
    g = NULL;
    s = basis_graph_from_edges(0, NULL, NULL, 0, 0, &g);
    BT_CHECK(s == BASIS_OK && g && basis_graph_nodes(g) == 0 && basis_graph_edges(g) == 0,
             "empty graph");
    basis_graph_destroy(g);
    basis_graph_destroy(NULL);

    /* random: from unsorted edges == from the CSR (which sorts by construction); one node
     * with many in-edges exercises the segment sort */
    enum { N = 257, M = 20000 };
    int64_t *rs = malloc(M * sizeof *rs), *rd = malloc(M * sizeof *rd);
    int64_t *co = calloc(N + 1, sizeof *co), *ct = malloc(M * sizeof *ct);
    bt_seed(11);
    for (int e = 0; e < M; e++) {
        rs[e] = (int64_t)((bt_uniform() + 1.0) * 0.5 * N);
        rd[e] = e % 3 ? 7 : (int64_t)((bt_uniform() + 1.0) * 0.5 * N);
        co[rs[e] + 1]++;
    }
    for (int i = 0; i < N; i++)
        co[i + 1] += co[i];
    int64_t *cur = malloc(N * sizeof *cur);
    memcpy(cur, co, N * sizeof *cur);
    for (int e = 0; e < M; e++)
        ct[cur[rs[e]]++] = rd[e];
    basis_csr rc = {N, co, ct};
    g = h = NULL;
    BT_CHECK(basis_graph_from_edges(N, rs, rd, M, 0, &g) == BASIS_OK &&
                 basis_graph_from_csr(&rc, &h) == BASIS_OK && graphs_equal(g, h) &&
                 well_formed(g),
             "random graph: edges vs csr");
    basis_graph_destroy(g);
    basis_graph_destroy(h);
    g = NULL;
    BT_CHECK(basis_graph_from_edges(N, rs, rd, M, 1, &g) == BASIS_OK && well_formed(g),
             "random undirected graph well formed");
    basis_graph_destroy(g);
    free(rs);
    free(rd);
    free(co);
    free(ct);
    free(cur);
}

/* ---- loaders -------------------------------------------------------------------------- */

static basis_graph *load_ok(const char *what, const char *path, basis_graph_format fmt,
                            int undirected)
{
    basis_graph *g = NULL;
    basis_status s = basis_graph_load(path, fmt, undirected, &g);
    BT_CHECK(s == BASIS_OK && g && well_formed(g), "%s: %s %s", what, basis_status_name(s),
             basis_last_error());
    return s == BASIS_OK ? g : NULL;
}

/* A graph given by its edge list (dense ids) equals what was loaded. */
static void expect_edges(const char *what, basis_graph *g, int64_t n, const int64_t *src,
                         const int64_t *dst, int64_t m, int undirected)
{
    basis_graph *want = NULL;
    basis_graph_from_edges(n, src, dst, m, undirected, &want);
    BT_CHECK(g && graphs_equal(g, want), "%s: not the expected graph (n %lld m %lld)", what,
             (long long)(g ? g->n : -1), (long long)(g ? g->m : -1));
    basis_graph_destroy(want);
    basis_graph_destroy(g);
}

/* A malformed file: the status, "path:line:" at the head of the message, out untouched,
 * the heap as before. */
static void bad(const char *name, const char *text, basis_graph_format fmt, basis_status want,
                int64_t line, const char *also)
{
    const char *path = bt_put_file(name, text);
    basis_graph *g = (basis_graph *)&g;
    long long before = heap_in_use();
    basis_status s = basis_graph_load(path, fmt, 0, &g);
    long long after = heap_in_use();
    char head[600];
    if (line > 0)
        snprintf(head, sizeof head, "%s:%lld:", path, (long long)line);
    else
        snprintf(head, sizeof head, "%s:", path);
    const char *msg = basis_last_error();
    BT_CHECK(s == want && strstr(msg, head) == msg && (!also || strstr(msg, also)) &&
                 g == (basis_graph *)&g && before == after,
             "%s: %s \"%s\" (heap %lld -> %lld), want %s starting \"%s\"%s%s", name,
             basis_status_name(s), msg, before, after, basis_status_name(want), head,
             also ? " and mentioning " : "", also ? also : "");
}

static void test_edgelist(void)
{
    /* comments, blank lines, tabs and spaces, extra columns, CRLF, no final newline */
    const char *text = "# a comment\n% another\n\n0\t1\n  1   2  0.5 extra\r\n\n2 0\n3\t3\n"
                       "   # indented comment\n0 1";
    static const int64_t s1[] = {0, 1, 2, 3, 0}, d1[] = {1, 2, 0, 3, 1};
    expect_edges("plain", load_ok("plain", bt_put_file("plain.tsv", text), BASIS_GRAPH_AUTO, 0),
                 4, s1, d1, 5, 0);
    expect_edges("plain undirected",
                 load_ok("plain undirected", bt_put_file("plain.tsv", text), BASIS_GRAPH_EDGELIST,
                         1),
                 4, s1, d1, 5, 1);
    /* dense rule: ids {0, 3} (max 3 < 2 x 2 distinct) stay, with isolated 1 and 2 */
    static const int64_t s2[] = {0}, d2[] = {3};
    basis_graph *g = load_ok("dense ids", bt_put_file("dense.txt", "0 3\n"), BASIS_GRAPH_AUTO, 0);
    BT_CHECK(g && g->ids == NULL && basis_graph_node_id(g, 3) == 3, "dense ids kept");
    expect_edges("dense ids", g, 4, s2, d2, 1, 0);
    /* sparse: ids {0, 4} (4 >= 2 x 2), and big ids, renumbered by first appearance */
    g = load_ok("sparse", bt_put_file("sparse.txt", "1000000000000 5\n5 77\n77 1000000000000\n"
                                                 "9223372036854775807 5\n"),
                BASIS_GRAPH_AUTO, 0);
    static const int64_t s3[] = {0, 1, 2, 3}, d3[] = {1, 2, 0, 1};
    BT_CHECK(g && basis_graph_node_id(g, 0) == 1000000000000LL && basis_graph_node_id(g, 1) == 5 &&
                 basis_graph_node_id(g, 2) == 77 &&
                 basis_graph_node_id(g, 3) == INT64_MAX,
             "sparse ids map");
    expect_edges("sparse", g, 4, s3, d3, 4, 0);
    g = load_ok("sparse small", bt_put_file("sparse2.txt", "4 0\n"), BASIS_GRAPH_AUTO, 0);
    static const int64_t s4[] = {0}, d4[] = {1};
    BT_CHECK(g && g->n == 2 && basis_graph_node_id(g, 0) == 4, "ids {0, 4} renumbered");
    expect_edges("sparse small", g, 2, s4, d4, 1, 0);
    /* many sparse ids: the hash map grows */
    {
        size_t cap = 1 << 20, len = 0;
        char *big = malloc(cap);
        for (int i = 0; i < 20000; i++)
            len += (size_t)snprintf(big + len, cap - len, "%d %d\n", i * 1000 + 7,
                                    ((i * 7919) % 20000) * 1000 + 7);
        g = load_ok("many sparse", bt_put_file("many.txt", big), BASIS_GRAPH_AUTO, 0);
        int ok = g && g->n == 20000;
        for (int64_t i = 0; ok && i < 20000; i++)
            ok = basis_graph_node_id(g, i) % 1000 == 7;
        BT_CHECK(ok, "many sparse ids");
        basis_graph_destroy(g);
        free(big);
    }
    /* empty file: no nodes */
    g = load_ok("empty", bt_put_file("empty.txt", "# nothing\n"), BASIS_GRAPH_AUTO, 0);
    BT_CHECK(g && g->n == 0 && g->m == 0, "empty edge list");
    basis_graph_destroy(g);

    /* gzip, recognized by magic bytes whatever the name */
    const char *gz = put_gzip("plain.gz.data", text, 0);
    g = NULL;
    basis_status s = basis_graph_load(gz, BASIS_GRAPH_AUTO, 0, &g);
    if (s == BASIS_ERR_IO && strstr(basis_last_error(), "without zlib")) {
        printf("note: built without zlib; gzip files are refused as they should be\n");
    } else {
        BT_CHECK(s == BASIS_OK, "gzip: %s %s", basis_status_name(s), basis_last_error());
        expect_edges("gzip", g, 4, s1, d1, 5, 0);
        const char *cut = put_gzip("cut.gz", text, 12);
        g = (basis_graph *)&g;
        long long before = heap_in_use();
        s = basis_graph_load(cut, BASIS_GRAPH_AUTO, 0, &g);
        BT_CHECK(s == BASIS_ERR_IO && strstr(basis_last_error(), cut) &&
                     g == (basis_graph *)&g && heap_in_use() == before,
                 "truncated gzip: %s %s", basis_status_name(s), basis_last_error());
        static const unsigned char junk[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xfe,
                                             0x13, 0x37, 0x42, 0x99, 0x01, 0x02};
        const char *jp = bt_put_bytes("junk.gz", junk, sizeof junk);
        g = (basis_graph *)&g;
        s = basis_graph_load(jp, BASIS_GRAPH_AUTO, 0, &g);
        BT_CHECK(s == BASIS_ERR_IO && strstr(basis_last_error(), jp) && g == (basis_graph *)&g,
                 "corrupt gzip: %s %s", basis_status_name(s), basis_last_error());
        /* a gzip'd Matrix Market file: refused at its banner, not read with its size line
         * "3 3 2" as an edge */
        const char *gm = put_gzip("m.mtx.gz",
                                  "%%MatrixMarket matrix coordinate pattern general\n"
                                  "3 3 2\n1 2\n2 3\n",
                                  0);
        g = (basis_graph *)&g;
        before = heap_in_use();
        s = basis_graph_load(gm, BASIS_GRAPH_AUTO, 0, &g);
        char head[600];
        snprintf(head, sizeof head, "%s:1: a Matrix Market file", gm);
        BT_CHECK(s == BASIS_ERR_FORMAT && strstr(basis_last_error(), head) == basis_last_error() &&
                     g == (basis_graph *)&g && heap_in_use() == before,
                 "gzip'd Matrix Market: %s %s", basis_status_name(s), basis_last_error());
    }
    /* the same file, plain but forced through the edge-list reader */
    bad("forced.mtx", "%%MatrixMarket matrix coordinate pattern general\n3 3 1\n1 2\n",
        BASIS_GRAPH_EDGELIST, BASIS_ERR_FORMAT, 1, "not an edge list");

    /* malformed lines: file:line, nothing leaked */
    bad("one.tsv", "# c\n0 1\n\n2\n", BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 4, "two node ids");
    bad("neg.tsv", "0 1\n1 -2\n", BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 2, "negative");
    bad("frac.tsv", "0 1\n1.5 2\n", BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 2, "not a non-negative integer");
    bad("word.tsv", "a b\n", BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 1, "source");
    bad("glued.tsv", "1 2x\n", BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 1, "destination");
    bad("huge.tsv", "1 99999999999999999999\n", BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 1, "int64");
    bad("minus.tsv", "1 -\n", BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 1, NULL);
    {
        /* the error after many good lines, past the first read buffer */
        size_t cap = 3 << 20, len = 0;
        char *big = malloc(cap);
        for (int i = 0; i < 200000; i++)
            len += (size_t)snprintf(big + len, cap - len, "%d\t%d\n", i, (i * 31) % 200000);
        snprintf(big + len, cap - len, "5 x\n");
        bad("late.tsv", big, BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 200001, NULL);
        free(big);
    }
    char missing[512];
    snprintf(missing, sizeof missing, "%s/no-such-file.tsv", bt_scratch_dir());
    g = (basis_graph *)&g;
    BT_CHECK(basis_graph_load(missing, BASIS_GRAPH_AUTO, 0, &g) == BASIS_ERR_IO &&
                 strstr(basis_last_error(), missing) && g == (basis_graph *)&g,
             "missing file: %s", basis_last_error());
    BT_CHECK(basis_graph_load(bt_scratch_dir(), BASIS_GRAPH_EDGELIST, 0, &g) == BASIS_ERR_IO,
             "a directory: %s", basis_last_error());
    BT_CHECK(basis_graph_load(missing, (basis_graph_format)9, 0, &g) == BASIS_ERR_ARGUMENT,
             "bad format enum");
    BT_CHECK(basis_graph_load(NULL, BASIS_GRAPH_AUTO, 0, &g) == BASIS_ERR_ARGUMENT, "NULL path");
}

static void test_mtx(void)
{
    /* general: entry (i, j) is the edge i -> j, 1-based; repeated entries repeat edges */
    static const int64_t s1[] = {0, 1, 2, 2, 2}, d1[] = {1, 2, 0, 2, 0};
    expect_edges("pattern general",
                 load_ok("pattern general",
                         bt_put_file("pg.mtx", "%%MatrixMarket matrix coordinate pattern general\n"
                                            "% comment\n\n3 3 5\n1 2\n2 3\n3 1\n3 3\n3 1\n"),
                         BASIS_GRAPH_AUTO, 0),
                 3, s1, d1, 5, 0);
    expect_edges("real general",
                 load_ok("real general",
                         bt_put_file("rg.mtx", "%%MatrixMarket matrix coordinate real general\n"
                                            "3 3 5\n1 2 0.5\n2 3 -1e3\n3 1 0\n3 3 2\n3 1 1\n"),
                         BASIS_GRAPH_AUTO, 0),
                 3, s1, d1, 5, 0);
    expect_edges("integer general",
                 load_ok("integer general",
                         bt_put_file("ig.mtx", "%%MatrixMarket matrix coordinate integer general\n"
                                            "3 3 5\n1 2 1\n2 3 2\n3 1 3\n3 3 4\n3 1 5\n"),
                         BASIS_GRAPH_MTX, 0),
                 3, s1, d1, 5, 0);
    /* a Matrix Market graph names node i by its 1-based row */
    basis_graph *gm = load_ok("ids of .mtx",
                              bt_put_file("id.mtx", "%%MatrixMarket matrix coordinate pattern "
                                                 "general\n3 3 1\n1 2\n"),
                              BASIS_GRAPH_AUTO, 0);
    BT_CHECK(gm && basis_graph_node_id(gm, 0) == 1 && basis_graph_node_id(gm, 2) == 3 &&
                 basis_graph_node_id(gm, 3) == -1,
             "Matrix Market node ids: %lld %lld", gm ? (long long)basis_graph_node_id(gm, 0) : -9,
             gm ? (long long)basis_graph_node_id(gm, 2) : -9);
    basis_graph_destroy(gm);
    /* symmetric: both directions, the diagonal once; isolated node 4 */
    static const int64_t s2[] = {1, 2, 2}, d2[] = {0, 1, 2};
    expect_edges("pattern symmetric",
                 load_ok("pattern symmetric",
                         bt_put_file("ps.mtx", "%%MatrixMarket matrix coordinate pattern symmetric\n"
                                            "4 4 3\n2 1\n3 2\n3 3\n"),
                         BASIS_GRAPH_AUTO, 0),
                 4, s2, d2, 3, 1);
    expect_edges("real symmetric",
                 load_ok("real symmetric",
                         bt_put_file("rs.mtx", "%%MatrixMarket matrix coordinate real symmetric\n"
                                            "4 4 3\n2 1 1.5\n3 2 2\n3 3 1\n"),
                         BASIS_GRAPH_AUTO, 0),
                 4, s2, d2, 3, 1);
    expect_edges("general read undirected",
                 load_ok("general undirected",
                         bt_put_file("gu.mtx", "%%MatrixMarket matrix coordinate pattern general\n"
                                            "4 4 3\n2 1\n3 2\n3 3\n"),
                         BASIS_GRAPH_AUTO, 1),
                 4, s2, d2, 3, 1);
    /* AUTO knows a Matrix Market file by its banner too */
    expect_edges("banner sniffed",
                 load_ok("banner", bt_put_file("pg.txt", "%%MatrixMarket matrix coordinate "
                                                      "pattern general\n3 3 5\n1 2\n2 3\n3 1\n"
                                                      "3 3\n3 1\n"),
                         BASIS_GRAPH_AUTO, 0),
                 3, s1, d1, 5, 0);

    const char *h = "%%MatrixMarket matrix coordinate pattern general\n";
    char t[512];
    bad("banner.mtx", "%%MatrixMarket matrix coordinate complex general\n2 2 1\n1 1 1 0\n",
        BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 1, NULL);
    bad("array.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n",
        BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 1, "coordinate");
    snprintf(t, sizeof t, "%s2 3 1\n1 1\n", h);
    bad("rect.mtx", t, BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 2, "square");
    snprintf(t, sizeof t, "%s%% c\n3 3 2\n1 2\n4 1\n", h);
    bad("range.mtx", t, BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 5, "outside");
    snprintf(t, sizeof t, "%s3 3 2\n1 0\n%% padding for the size check\n", h);
    bad("zero.mtx", t, BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 3, NULL);
    snprintf(t, sizeof t, "%s3 3 3\n1 2\n2 3\n%% padding for the size check\n", h);
    bad("few.mtx", t, BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 6, "ends after 2");
    snprintf(t, sizeof t, "%s3 3 1\n1 2\n2 3\n", h);
    bad("many.mtx", t, BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 4, "more entries");
    bad("value.mtx", "%%MatrixMarket matrix coordinate real general\n3 3 1\n1 2 x\n",
        BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 3, NULL);
    bad("intval.mtx", "%%MatrixMarket matrix coordinate integer general\n3 3 1\n1 2 1.5\n",
        BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 3, NULL);
    snprintf(t, sizeof t, "%s3 3\n", h);
    bad("sizeline.mtx", t, BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 2, "size line");
    bad("nosize.mtx", h, BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 2, "missing");
    /* huge declared sizes: refused before allocating (the heap check shows nothing was) */
    snprintf(t, sizeof t, "%s3 3 1000000000000\n1 2\n", h);
    bad("hugennz.mtx", t, BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 2, "declares");
    snprintf(t, sizeof t, "%s4000000000000000 4000000000000000 1\n1 2\n", h);
    bad("hugen.mtx", t, BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 2, "nodes");
    snprintf(t, sizeof t, "%s9223372036854775807 9223372036854775807 1\n1 2\n", h);
    bad("maxn.mtx", t, BASIS_GRAPH_AUTO, BASIS_ERR_FORMAT, 2, NULL);
}

/* ---- the real graphs ------------------------------------------------------------------ */

static void test_real(const char *shared)
{
    static const struct {
        const char *file;
        int undirected;
        int64_t nodes, edges;
    } t[] = {
        {"karate.edges.tsv", 1, 34, 156},
        {"polblogs.edges.tsv", 0, 1490, 19090},
        {"pgp-strong-2009.edges.tsv.gz", 0, 39796, 301498},
        {"cnr-2000.edges.tsv.gz", 0, 325557, 3216152},
        {"LAGraph-karate.mtx", 0, 34, 156},
        {"LAGraph-west0067.mtx", 0, 67, 294},
        {"LAGraph-ldbc-directed-example.mtx", 0, 10, 17},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char path[768];
        snprintf(path, sizeof path, "%s/data/graphs/%s", shared, t[i].file);
        double t0 = basis_now();
        basis_graph *g = NULL;
        basis_status s = basis_graph_load(path, BASIS_GRAPH_AUTO, t[i].undirected, &g);
        double sec = basis_now() - t0;
        if (s == BASIS_ERR_IO && strstr(basis_last_error(), "without zlib")) {
            printf("note: %s skipped (no zlib)\n", t[i].file);
            continue;
        }
        BT_CHECK(s == BASIS_OK && g->n == t[i].nodes && g->m == t[i].edges && g->ids == NULL,
                 "%s: %s %s: %lld nodes, %lld edges", t[i].file, basis_status_name(s),
                 basis_last_error(), (long long)(g ? g->n : -1), (long long)(g ? g->m : -1));
        if (g && t[i].edges > 100000)
            printf("%s: loaded in %.3f s\n", t[i].file, sec);
        basis_graph_destroy(g);
    }
}

int main(void)
{
    bt_scratch_begin("basis_graph_io");
    test_builders();
    test_edgelist();
    test_mtx();
    const char *shared = bt_shared_graphs();
    if (shared)
        test_real(shared);
    else
        printf("note: BASIS_SHARED_DIR missing or without data/graphs; the real graphs are "
               "not checked\n");
    bt_scratch_end();
    return bt_end();
}
