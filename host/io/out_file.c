/* out_file.c: result files written through a temporary and renamed into place, so that a write that fails (a full disk) never leaves a truncated file or removes what was there. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/out_file.h"

int basis_out_open(basis_out_file *o, const char *path)
{
    struct stat st;
    o->path = path;
    o->tmp[0] = '\0';
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        o->f = fopen(path, "w");
        return o->f != NULL;
    }
    int n = snprintf(o->tmp, sizeof o->tmp, "%s.tmp.%ld", path, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof o->tmp) {
        o->tmp[0] = '\0';
        o->f = NULL;
        errno = ENAMETOOLONG;
        return 0;
    }
    o->f = fopen(o->tmp, "w");
    if (!o->f)
        o->tmp[0] = '\0';
    return o->f != NULL;
}

int basis_out_close(basis_out_file *o, int ok)
{
    int err = ok ? 0 : errno;
    if (fclose(o->f) != 0 && ok) {
        ok = 0;
        err = errno;
    }
    o->f = NULL;
    if (o->tmp[0]) {
        if (ok && rename(o->tmp, o->path) != 0) {
            ok = 0;
            err = errno;
        }
        if (!ok)
            remove(o->tmp);
    }
    errno = err;
    return ok;
}
