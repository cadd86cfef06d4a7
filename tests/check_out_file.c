/* check_out_file.c: result files replace what was there only when complete: a new file, a failed write (RLIMIT_FSIZE standing in for a full disk) leaving the old file and no temporary, a device written in place and never removed, and basis_mtx_write_array and `basis pagerank --out` through it. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "internal.h"
#include "io/mtx.h"
#include "io/out_file.h"
#include "testutil.h"

/* Entries of the scratch directory whose name contains ".tmp." (left-over temporaries). */
static int temporaries(void)
{
    DIR *d = opendir(bt_scratch_dir());
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strstr(e->d_name, ".tmp.") != NULL;
    if (d)
        closedir(d);
    return n;
}

static int same_text(const char *path, const char *want)
{
    char *got = bt_slurp(path);
    int same = got && !strcmp(got, want);
    free(got);
    return same;
}

int main(void)
{
    bt_begin("check_out_file");
    bt_scratch_begin("basis-out");
    char old[700]; /* bt_put_file's paths are reused after four calls */
    snprintf(old, sizeof old, "%s", bt_put_file("result.txt", "the old result\n"));

    /* a complete write replaces the file */
    basis_out_file o;
    int ok = basis_out_open(&o, old);
    ok = ok && fprintf(o.f, "the new result\n") > 0;
    BT_CHECK(basis_out_close(&o, ok) && same_text(old, "the new result\n") && !temporaries(),
             "a complete write: %s", strerror(errno));
    /* a write the caller gives up on leaves the file as it was */
    ok = basis_out_open(&o, old);
    ok = ok && fprintf(o.f, "half of") > 0;
    BT_CHECK(ok && !basis_out_close(&o, 0) && same_text(old, "the new result\n") &&
                 !temporaries(), "an abandoned write changed the file");

    /* a write the system refuses part way (over RLIMIT_FSIZE, as on a full disk): the old
     * file stays, the temporary goes, errno says why */
    struct rlimit keep;
    getrlimit(RLIMIT_FSIZE, &keep);
    struct rlimit small = {4096, keep.rlim_max};
    signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &small);
    ok = basis_out_open(&o, old);
    for (int i = 0; ok && i < 2000; i++)
        ok = fprintf(o.f, "line %d of a result too large for the limit\n", i) > 0;
    int closed = basis_out_close(&o, ok), err = errno;
    double big[4000];
    for (int i = 0; i < 4000; i++)
        big[i] = 1.0 / (i + 3);
    const char *mtx = bt_put_file("x.mtx", "%%MatrixMarket matrix array real general\n1 1\n7\n");
    basis_status s = basis_mtx_write_array(mtx, 4000, 1, big, 4000);
    setrlimit(RLIMIT_FSIZE, &keep);
    BT_CHECK(!closed && err == EFBIG && same_text(old, "the new result\n") && !temporaries(),
             "a refused write: closed %d, %s; the file %s", closed, strerror(err),
             same_text(old, "the new result\n") ? "kept" : "changed");
    BT_CHECK(s == BASIS_ERR_IO && strstr(basis_last_error(), "cannot write") &&
                 same_text(mtx, "%%MatrixMarket matrix array real general\n1 1\n7\n") &&
                 !temporaries(),
             "mtx_write_array over the limit: %s: %s", basis_status_name(s), basis_last_error());

    /* a device is written in place, and a failure there never removes it */
    struct stat st;
    if (stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode)) {
        ok = basis_out_open(&o, "/dev/full");
        ok = ok && fprintf(o.f, "%s", "no room") > 0;
        closed = basis_out_close(&o, ok);
        BT_CHECK(!closed && errno == ENOSPC && stat("/dev/full", &st) == 0 &&
                     S_ISCHR(st.st_mode), "/dev/full: closed %d, %s, %s", closed,
                 strerror(errno), stat("/dev/full", &st) == 0 ? "still there" : "removed");
    }
    ok = basis_out_open(&o, "/dev/null");
    BT_CHECK(ok && fprintf(o.f, "x") > 0 && basis_out_close(&o, 1) &&
                 stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode), "/dev/null as output");

    /* a directory that does not exist: no file, errno from the open */
    BT_CHECK(!basis_out_open(&o, "/nonexistent-dir/result.txt") && errno == ENOENT,
             "an output in a missing directory: %s", strerror(errno));

    /* `basis pagerank --out` over the limit: exit 1, the old scores kept */
    const char *prog = getenv("BASIS_PROGRAM"), *runner = getenv("BASIS_PROGRAM_RUNNER");
    if (prog) {
        char edges[1 << 15] = "";
        size_t len = 0;
        for (int i = 0; i < 2000; i++)
            len += (size_t)snprintf(edges + len, sizeof edges - len, "%d %d\n", i, (i * 7 + 1) % 2000);
        const char *g = bt_put_file("g.txt", edges);
        const char *scores = bt_put_file("scores.txt", "old scores\n");
        char cmd[8192];
        snprintf(cmd, sizeof cmd, "ulimit -f 8; %s '%s' pagerank '%s' --out '%s' >/dev/null 2>&1",
                 runner ? runner : "", prog, g, scores);
        signal(SIGXFSZ, SIG_IGN); /* ignored here, so also in the shell and the program */
        int rc = system(cmd);
        BT_CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 1 && same_text(scores, "old scores\n") &&
                     !temporaries(),
                 "pagerank --out over the limit: exit %d, the old scores %s",
                 WIFEXITED(rc) ? WEXITSTATUS(rc) : -1,
                 same_text(scores, "old scores\n") ? "kept" : "changed");
    }
    bt_scratch_end();
    return bt_end();
}
