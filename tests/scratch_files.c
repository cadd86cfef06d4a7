/* scratch_files.c: a test's own scratch directory and the small files it writes there, and where the shared graphs are (testutil.h declares them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static char scratch[512];

const char *bt_scratch_begin(const char *prefix)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/%s_XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);
    if (!mkdtemp(scratch)) {
        perror("mkdtemp");
        exit(1);
    }
    return scratch;
}

const char *bt_scratch_dir(void)
{
    return scratch;
}

const char *bt_shared_graphs(void)
{
    const char *d = getenv("BASIS_SHARED_DIR");
    static char path[512];
    if (!d)
        return NULL;
    snprintf(path, sizeof path, "%s/data/graphs/polblogs.edges.tsv", d);
    return access(path, R_OK) == 0 ? d : NULL;
}

/* Paths rotate through four buffers, so that a call may name up to four files at once. */
const char *bt_put_bytes(const char *name, const void *data, size_t len)
{
    static char path[4][600];
    static int which;
    char *p = path[which = (which + 1) & 3];
    snprintf(p, sizeof path[0], "%s/%s", scratch, name);
    FILE *f = fopen(p, "wb");
    BT_CHECK(f != NULL, "cannot create %s", p);
    if (f) {
        fwrite(data, 1, len, f);
        fclose(f);
    }
    return p;
}

const char *bt_put_file(const char *name, const char *text)
{
    return bt_put_bytes(name, text, strlen(text));
}

char *bt_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 65537);
    size_t n = buf ? fread(buf, 1, 65536, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

void bt_scratch_end(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    if (system(cmd) != 0)
        fprintf(stderr, "note: could not remove %s\n", scratch);
}
