/* out_file.h: writing a result file without losing what was there: a regular file is written as a temporary beside it and renamed over it only once complete. */
#ifndef BASIS_HOST_IO_OUT_FILE_H
#define BASIS_HOST_IO_OUT_FILE_H

#include <stdio.h>

typedef struct basis_out_file {
    FILE *f;
    const char *path;
    char tmp[4096]; /* "" when writing path directly */
} basis_out_file;

/* Opens path for writing: a new or regular file through "path.tmp.PID" in its directory,
 * anything else (a device, a pipe, /dev/stdout) directly, since renaming over it would
 * replace it. 0 with errno set when it cannot be created. */
int basis_out_open(basis_out_file *o, const char *path);
/* Closes o. With ok (everything was written) the temporary replaces path; without, or
 * when closing or renaming fails, the temporary is removed and path is as it was. Returns
 * 1 when the file is in place, 0 with errno set (kept from the failure when !ok). */
int basis_out_close(basis_out_file *o, int ok);

#endif /* BASIS_HOST_IO_OUT_FILE_H */
