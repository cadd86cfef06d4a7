/* check_graph_program.c: the basis program's graph commands end to end: `basis pagerank` (usage and runtime errors, personalization, --ids, nodes in no edge, the real graphs against their oracles) and `basis eigen` (dominant, shifted, top-k, a matrix beyond memory), and the tools' dense-matrix limit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "tools.h"

static int program(const char *args, const char *redirect)
{
    const char *prog = getenv("BASIS_PROGRAM");
    const char *runner = getenv("BASIS_PROGRAM_RUNNER");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s '%s' %s %s", runner ? runner : "", prog, args,
             redirect ? redirect : ">/dev/null 2>&1");
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Reads scores, one per line ('#' lines skipped), through cmd ("cat" or "gzip -dc"). */
static double *read_scores(const char *cmd, const char *path, int64_t *n)
{
    char c[1024];
    snprintf(c, sizeof c, "%s '%s' 2>/dev/null", cmd, path);
    FILE *f = popen(c, "r");
    if (!f)
        return NULL;
    size_t cap = 1024, len = 0;
    double *x = malloc(cap * sizeof *x);
    char line[256];
    while (x && fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        if (len == cap)
            x = realloc(x, (cap *= 2) * sizeof *x);
        if (x)
            x[len++] = strtod(line, NULL);
    }
    pclose(f);
    *n = (int64_t)len;
    return x;
}

/* L1 distance of the --out scores to the oracle and their sum. */
static void compare_scores(const char *what, const char *out, const char *oracle_cmd,
                           const char *oracle, double tol)
{
    int64_t n1 = 0, n2 = 0;
    double *x = read_scores("cat", out, &n1), *o = read_scores(oracle_cmd, oracle, &n2);
    double l1 = INFINITY, sum = 0.0;
    if (x && o && n1 == n2 && n1 > 0) {
        l1 = 0.0;
        for (int64_t i = 0; i < n1; i++) {
            l1 += fabs(x[i] - o[i]);
            sum += x[i];
        }
    }
    BT_CHECK(l1 <= tol && fabs(sum - 1.0) <= 1e-12,
             "%s: %lld scores vs %lld in the oracle, L1 %.3g (tol %.1g), sum - 1 = %.3g", what,
             (long long)n1, (long long)n2, l1, tol, sum - 1.0);
    free(x);
    free(o);
}

/* The tools' dense limit: 2^30 entries at most, and memory sets a lower one when a matrix
 * must be held many times over (tools/dense_limit.c). */
static void test_dense_limit(void)
{
    char why[200];
    int64_t one = basis_tool_dense_limit(1, 0, why, sizeof why);
    BT_CHECK(one >= 1 && one <= ((int64_t)1 << 30), "dense limit for 1 copy: %lld",
             (long long)one);
    int64_t many = basis_tool_dense_limit(1 << 24, 0, why, sizeof why);
    BT_CHECK(many >= 1 && many < one && strstr(why, "available memory"),
             "dense limit for 2^24 copies: %lld (1 copy: %lld), \"%s\"", (long long)many,
             (long long)one, why);
    /* memory already taken by what was read counts against the next matrix */
    int64_t after = basis_tool_dense_limit(1, UINT64_MAX / 2, why, sizeof why);
    BT_CHECK(after == 1 && strstr(why, "already read"),
             "dense limit with all memory taken: %lld, \"%s\"", (long long)after, why);
}

static void test_program(const char *shared)
{
    if (!getenv("BASIS_PROGRAM")) {
        printf("note: BASIS_PROGRAM not set, basis pagerank is not checked\n");
        return;
    }
    char args[2048], out[512], js[512], redir[1100], g[512], oracle[512];
    snprintf(out, sizeof out, "%s/scores.txt", bt_scratch_dir());
    snprintf(js, sizeof js, "%s/out.json", bt_scratch_dir());
    snprintf(redir, sizeof redir, ">'%s' 2>&1", js);

    /* usage and runtime errors, with shared or without */
    BT_CHECK(program("pagerank", NULL) == 2, "pagerank without FILE: exit not 2");
    BT_CHECK(program("pagerank x --damping 1.5", NULL) == 2, "bad damping: exit not 2");
    BT_CHECK(program("pagerank x --top -1", NULL) == 2, "bad top: exit not 2");
    BT_CHECK(program("pagerank x --frobnicate", NULL) == 2, "bad option: exit not 2");
    snprintf(args, sizeof args, "pagerank '%s/missing.tsv'", bt_scratch_dir());
    BT_CHECK(program(args, NULL) == 1, "missing file: exit not 1");
    const char *badf = bt_put_file("prog_bad.tsv", "0 1\n1 x\n");
    snprintf(args, sizeof args, "pagerank '%s'", badf);
    BT_CHECK(program(args, redir) == 1, "malformed file: exit not 1");
    char *msg = bt_slurp(js);
    char where[600];
    snprintf(where, sizeof where, "%s:2:", badf);
    BT_CHECK(msg && strstr(msg, where) && strchr(msg, '\n') == strrchr(msg, '\n'),
             "malformed file: want one line naming %s, got \"%s\"", where, msg ? msg : "");
    free(msg);

    /* personalization: "node weight" pairs and one weight per line give the same ranks */
    const char *tri = bt_put_file("tri.tsv", "0 1\n1 2\n2 0\n2 1\n");
    const char *pw = bt_put_file("pw.txt", "# weights\n1\n0\n0\n");
    const char *pp = bt_put_file("pp.txt", "0 1\n");
    snprintf(args, sizeof args, "pagerank '%s' --personalize '%s' --out '%s' --tol 1e-14", tri,
             pw, out);
    int rc1 = program(args, NULL);
    int64_t n1 = 0, n2 = 0;
    double *a = read_scores("cat", out, &n1);
    snprintf(args, sizeof args, "pagerank '%s' --personalize '%s' --out '%s' --tol 1e-14", tri,
             pp, out);
    int rc2 = program(args, NULL);
    double *b = read_scores("cat", out, &n2);
    int same = rc1 == 0 && rc2 == 0 && a && b && n1 == 3 && n2 == 3;
    for (int i = 0; same && i < 3; i++)
        same = fabs(a[i] - b[i]) < 1e-15;
    snprintf(args, sizeof args, "pagerank '%s' --out '%s' --tol 1e-14", tri, out);
    int64_t n3 = 0;
    double *u = program(args, NULL) == 0 ? read_scores("cat", out, &n3) : NULL;
    BT_CHECK(same && u && n3 == 3 && a[0] > u[0] + 0.01,
             "personalize: the two file forms differ (rc %d %d) or do not favour node 0", rc1,
             rc2);
    free(u);
    free(a);
    free(b);
    const char *pbad = bt_put_file("pbad.txt", "1\n0\n");
    snprintf(args, sizeof args, "pagerank '%s' --personalize '%s'", tri, pbad);
    BT_CHECK(program(args, NULL) == 1, "personalize with too few weights: exit not 1");
    /* on a Matrix Market graph "node weight" names the node by its row, from 1: row 1 is
     * node 0, and 0 names no node */
    char tri_tsv[600], pp0[600]; /* bt_put_file's paths last four calls: keep these two */
    snprintf(tri_tsv, sizeof tri_tsv, "%s", tri);
    snprintf(pp0, sizeof pp0, "%s", pp);
    /* a CSV line or a stray character is a malformed line, not the number before it; all
     * weights zero is refused naming the file */
    static const char *const malformed[][2] = {{"pcsv.txt", "0,1\n1,0\n2,0\n"},
                                               {"px.txt", "1\n1x\n0\n"},
                                               {"pzeros.txt", "0 0\n1 0\n2 0\n"}};
    for (int i = 0; i < 3; i++) {
        char errpath[700], redirect[800];
        snprintf(errpath, sizeof errpath, "%s/personalize-err.txt", bt_scratch_dir());
        snprintf(redirect, sizeof redirect, ">/dev/null 2>'%s'", errpath);
        const char *pf = bt_put_file(malformed[i][0], malformed[i][1]);
        snprintf(args, sizeof args, "pagerank '%s' --personalize '%s'", tri_tsv, pf);
        int rc = program(args, redirect);
        char *err = bt_slurp(errpath);
        BT_CHECK(rc == 1 && err && strstr(err, malformed[i][0]) && strchr(err, '\n') &&
                     strchr(err, '\n')[1] == '\0',
                 "personalize file %s: exit %d, stderr %s", malformed[i][0], rc, err ? err : "-");
        free(err);
    }
    const char *trim = bt_put_file("tri.mtx", "%%MatrixMarket matrix coordinate pattern general\n"
                                              "3 3 4\n1 2\n2 3\n3 1\n3 2\n");
    const char *prow = bt_put_file("prow.txt", "1 1\n"), *pzero = bt_put_file("pzero.txt", "0 1\n");
    snprintf(args, sizeof args, "pagerank '%s' --personalize '%s' --out '%s' --tol 1e-14", trim,
             prow, out);
    int64_t nm = 0;
    double *pm = program(args, NULL) == 0 ? read_scores("cat", out, &nm) : NULL;
    snprintf(args, sizeof args, "pagerank '%s' --personalize '%s' --out '%s' --tol 1e-14",
             tri_tsv, pp0, out);
    int64_t ne = 0;
    double *pe = program(args, NULL) == 0 ? read_scores("cat", out, &ne) : NULL;
    int same_mtx = pm && pe && nm == 3 && ne == 3;
    for (int i = 0; same_mtx && i < 3; i++)
        same_mtx = fabs(pm[i] - pe[i]) < 1e-15;
    BT_CHECK(same_mtx, "personalize on a .mtx: row 1 should weigh node 0 as \"0 1\" does on "
                       "the edge list");
    free(pm);
    free(pe);
    snprintf(args, sizeof args, "pagerank '%s' --personalize '%s'", trim, pzero);
    BT_CHECK(program(args, NULL) == 1, "personalize naming row 0 of a .mtx: exit not 1");

    /* --ids: each line names the node by its id in the file (sparse ids are renumbered in
     * order of first appearance); without --out it is a usage error */
    const char *sp = bt_put_file("sparse.tsv", "5 900\n900 7\n7 5\n");
    snprintf(args, sizeof args, "pagerank '%s' --out '%s' --ids --tol 1e-14", sp, out);
    int rc_ids = program(args, NULL);
    msg = bt_slurp(out);
    long long id[3] = {-1, -1, -1};
    double sc[3] = {0, 0, 0};
    int got = msg ? sscanf(msg, "%lld %lf %lld %lf %lld %lf", &id[0], &sc[0], &id[1], &sc[1],
                           &id[2], &sc[2])
                  : 0;
    BT_CHECK(rc_ids == 0 && got == 6 && id[0] == 5 && id[1] == 900 && id[2] == 7 &&
                 fabs(sc[0] - 1.0 / 3) < 1e-12 && fabs(sc[2] - 1.0 / 3) < 1e-12,
             "pagerank --ids: rc %d, \"%s\"", rc_ids, msg ? msg : "");
    free(msg);
    snprintf(args, sizeof args, "pagerank '%s' --ids", sp);
    BT_CHECK(program(args, NULL) == 2, "--ids without --out: exit not 2");
    /* Matrix Market names its nodes by 1-based row */
    const char *cyc = bt_put_file("cycle.mtx", "%%MatrixMarket matrix coordinate pattern general\n"
                                            "3 3 3\n1 2\n2 3\n3 1\n");
    snprintf(args, sizeof args, "pagerank '%s' --out '%s' --ids --tol 1e-14", cyc, out);
    rc_ids = program(args, NULL);
    msg = bt_slurp(out);
    got = msg ? sscanf(msg, "%lld %lf %lld %lf %lld %lf", &id[0], &sc[0], &id[1], &sc[1], &id[2],
                       &sc[2])
              : 0;
    BT_CHECK(rc_ids == 0 && got == 6 && id[0] == 1 && id[1] == 2 && id[2] == 3,
             "pagerank --ids on a .mtx: rc %d, \"%s\"", rc_ids, msg ? msg : "");
    free(msg);
    /* ids 1..3 are dense enough to be kept as node numbers: node 0 is in no edge, and the
     * output says so (text and JSON) */
    const char *one = bt_put_file("one_based.tsv", "1 2\n2 3\n3 1\n");
    snprintf(args, sizeof args, "pagerank '%s'", one);
    BT_CHECK(program(args, redir) == 0, "pagerank one_based.tsv failed");
    msg = bt_slurp(js);
    BT_CHECK(msg && strstr(msg, "4 nodes") && strstr(msg, "1 node(s) in no edge"),
             "a gap in the ids: want the isolated node counted, got \"%s\"", msg ? msg : "");
    free(msg);
    snprintf(args, sizeof args, "pagerank '%s' --json", one);
    BT_CHECK(program(args, redir) == 0, "pagerank one_based.tsv --json failed");
    msg = bt_slurp(js);
    BT_CHECK(msg && strstr(msg, "\"isolated\": 1,"), "--json: want \"isolated\": 1, got \"%s\"",
             msg ? msg : "");
    free(msg);
    /* seven unused ids at the end: whole chunks of slots without in-edges */
    const char *gap = bt_put_file("gap.tsv", "0 1\n1 2\n2 3\n3 4\n4 5\n5 6\n6 7\n7 8\n8 9\n"
                                          "9 10\n18 18\n");
    snprintf(args, sizeof args, "pagerank '%s' --json", gap);
    BT_CHECK(program(args, redir) == 0, "pagerank gap.tsv --json failed");
    msg = bt_slurp(js);
    BT_CHECK(msg && strstr(msg, "\"nodes\": 19,") && strstr(msg, "\"isolated\": 7,"),
             "ids 0-10 and 18: want 19 nodes, 7 isolated, got \"%s\"", msg ? msg : "");
    free(msg);

    /* eigen: a few lines declaring a dense matrix four times what the available memory
     * holds twice (so that memory freed meanwhile cannot let it through), within the
     * tools' 2^30 entries, are refused in one line before allocating; where memory holds
     * any such matrix the case cannot be made here */
    int64_t cap = (int64_t)1 << 30;
    char why[200];
    int64_t fits = basis_tool_dense_limit(2, 0, why, sizeof why);
    if (fits < cap / 4) {
        int64_t order = (int64_t)sqrt((double)fits * 4.0) + 1;
        char text[200];
        snprintf(text, sizeof text,
                 "%%%%MatrixMarket matrix coordinate real general\n%lld %lld 1\n1 1 2\n",
                 (long long)order, (long long)order);
        snprintf(args, sizeof args, "eigen '%s'", bt_put_file("big.mtx", text));
        BT_CHECK(program(args, redir) == 1, "eigen on a matrix beyond memory: exit not 1");
        msg = bt_slurp(js);
        BT_CHECK(msg && strstr(msg, "available memory") && strchr(msg, '\n') == strrchr(msg, '\n'),
                 "eigen on a matrix beyond memory: \"%s\"", msg ? msg : "");
        free(msg);
    } else {
        printf("note: memory holds any dense matrix the tools take; the refusal for memory is "
               "checked through basis_tool_dense_limit only\n");
    }

    /* eigen: the dominant eigenvalue of a small symmetric matrix (3 and 1) */
    const char *em = bt_put_file("e.mtx", "%%MatrixMarket matrix coordinate real symmetric\n"
                                       "2 2 3\n1 1 2\n2 1 1\n2 2 2\n");
    snprintf(args, sizeof args, "eigen '%s'", em);
    BT_CHECK(program(args, redir) == 0, "basis eigen failed");
    msg = bt_slurp(js);
    const char *ev = msg ? strstr(msg, "eigenvalue: ") : NULL;
    BT_CHECK(ev && fabs(strtod(ev + 12, NULL) - 3.0) < 1e-12, "basis eigen: \"%s\"",
             msg ? msg : "");
    free(msg);
    snprintf(args, sizeof args, "eigen '%s' --shift 0.9", em);
    BT_CHECK(program(args, redir) == 0, "basis eigen --shift failed");
    msg = bt_slurp(js);
    ev = msg ? strstr(msg, "eigenvalue: ") : NULL;
    BT_CHECK(ev && fabs(strtod(ev + 12, NULL) - 1.0) < 1e-10, "basis eigen --shift 0.9: \"%s\"",
             msg ? msg : "");
    free(msg);
    snprintf(args, sizeof args, "eigen '%s' --k 2", em);
    BT_CHECK(program(args, redir) == 0, "basis eigen --k 2 failed");
    msg = bt_slurp(js);
    ev = msg ? strstr(msg, "     1  ") : NULL;
    const char *ev2 = msg ? strstr(msg, "     2  ") : NULL;
    BT_CHECK(ev && ev2 && fabs(strtod(ev + 8, NULL) - 3.0) < 1e-10 &&
                 fabs(strtod(ev2 + 8, NULL) - 1.0) < 1e-10,
             "basis eigen --k 2: \"%s\"", msg ? msg : "");
    free(msg);
    snprintf(args, sizeof args, "eigen '%s' --k 3", em);
    BT_CHECK(program(args, NULL) == 1, "eigen --k 3 on a 2 x 2: exit not 1");
    BT_CHECK(program("eigen x.mtx --k 2 --shift 1", NULL) == 2, "eigen --k with --shift: exit not 2");
    BT_CHECK(program("eigen", NULL) == 2, "eigen without FILE: exit not 2");
    BT_CHECK(program("eigen x.mtx --k 0", NULL) == 2, "eigen --k 0: exit not 2");

    if (!shared)
        return;
    snprintf(g, sizeof g, "%s/data/graphs/polblogs.edges.tsv", shared);
    snprintf(oracle, sizeof oracle, "%s/data/graphs/oracle/polblogs.pagerank_d085.txt", shared);
    snprintf(args, sizeof args, "pagerank '%s' --tol 1e-13 --json --out '%s'", g, out);
    BT_CHECK(program(args, redir) == 0, "basis pagerank polblogs --json failed");
    msg = bt_slurp(js);
    static const char *const keys[] = {"\"nodes\": 1490", "\"edges\": 19090", "\"iterations\"",
                                       "\"residual\"", "\"ms_per_iter\"", "\"edges_per_s\"",
                                       "\"seconds\"", "\"load_seconds\""};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        BT_CHECK(msg && msg[0] == '{' && strstr(msg, keys[i]), "polblogs --json: no %s in \"%s\"",
                 keys[i], msg ? msg : "");
    free(msg);
    compare_scores("polblogs --out", out, "cat", oracle, 1e-9);

    snprintf(args, sizeof args, "pagerank '%s' --tol 1e-13 --top 3", g);
    snprintf(redir, sizeof redir, ">'%s' 2>&1", js);
    BT_CHECK(program(args, redir) == 0, "basis pagerank polblogs (text) failed");
    msg = bt_slurp(js);
    BT_CHECK(msg && strstr(msg, "top 3") && strstr(msg, "node 154") && strstr(msg, "load:") &&
                 strstr(msg, "ms/iter"),
             "polblogs text output: \"%s\"", msg ? msg : "");
    free(msg);

    snprintf(g, sizeof g, "%s/data/graphs/cnr-2000.edges.tsv.gz", shared);
    snprintf(oracle, sizeof oracle, "%s/data/graphs/oracle/cnr-2000.pagerank_d085.txt.gz",
             shared);
    snprintf(args, sizeof args, "pagerank '%s' --tol 1e-13 --json --out '%s'", g, out);
    int rc = program(args, redir);
    msg = bt_slurp(js);
    if (rc == 1 && msg && strstr(msg, "without zlib")) {
        printf("note: cnr-2000 end to end skipped (no zlib)\n");
    } else {
        BT_CHECK(rc == 0 && msg && strstr(msg, "\"nodes\": 325557") &&
                     strstr(msg, "\"edges\": 3216152"),
                 "basis pagerank cnr-2000: rc %d \"%s\"", rc, msg ? msg : "");
        if (system("gzip --version >/dev/null 2>&1") == 0)
            compare_scores("cnr-2000 --out", out, "gzip -dc", oracle, 1e-9);
        else
            printf("note: no gzip program, cnr-2000 scores not compared\n");
    }
    free(msg);

    /* the tiny LAGraph karate (Matrix Market, symmetric) is the karate of the oracle */
    snprintf(g, sizeof g, "%s/data/graphs/LAGraph-karate.mtx", shared);
    snprintf(oracle, sizeof oracle, "%s/data/graphs/oracle/karate.pagerank_d085.txt", shared);
    snprintf(args, sizeof args, "pagerank '%s' --tol 1e-13 --out '%s'", g, out);
    BT_CHECK(program(args, NULL) == 0, "basis pagerank LAGraph-karate.mtx failed");
    compare_scores("LAGraph-karate.mtx --out", out, "cat", oracle, 1e-9);
}

int main(void)
{
    bt_scratch_begin("basis_graph_program");
    test_dense_limit();
    test_program(bt_shared_graphs());
    bt_scratch_end();
    return bt_end();
}
