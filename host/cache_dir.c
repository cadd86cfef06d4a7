/* cache_dir.c: where basis keeps its on-disk caches (the peak figures, OpenCL binaries and tuned parameters): $XDG_CACHE_HOME/basis, else $HOME/.cache/basis, and mkdir -p for it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "internal.h"

int basis_cache_dir(const char *sub, char *buf, size_t size)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    const char *sep = sub ? "/" : "", *tail = sub ? sub : "";
    int n;
    /* the XDG spec ignores a relative XDG_CACHE_HOME */
    if (xdg && xdg[0] == '/')
        n = snprintf(buf, size, "%s/basis%s%s", xdg, sep, tail);
    else if (home && home[0])
        n = snprintf(buf, size, "%s/.cache/basis%s%s", home, sep, tail);
    else
        return 0;
    return n > 0 && (size_t)n < size;
}

int basis_make_dirs(const char *dir)
{
    char buf[1024];
    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf)
        return 0;
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST)
                return 0;
            *p = c;
            if (c == '\0')
                return 1;
        }
    }
}
