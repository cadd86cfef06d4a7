/* dense_limit.c: the most entries a dense matrix read by a subcommand may have: 2^30, and no more than the memory available now holds the given number of times. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tools.h"

/* Bytes of memory available now: Linux's MemAvailable (what can be allocated without
 * swapping), else the free pages; 0 when neither is known. A coordinate file of a few
 * lines may declare a 30000 x 30000 matrix, and its dense copy (7.2 GB) would otherwise be
 * allocated and zeroed before anything else fails, ending in the OOM killer on a smaller
 * machine instead of in one clear line. */
static uint64_t available_bytes(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (f) {
        char line[256];
        uint64_t kb = 0;
        int found = 0;
        while (!found && fgets(line, sizeof line, f))
            found = sscanf(line, "MemAvailable: %" SCNu64 " kB", &kb) == 1;
        fclose(f);
        if (found)
            return kb * 1024;
    }
    long pages = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    return pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page : 0;
}

int64_t basis_tool_dense_limit(int copies, char *why, size_t size)
{
    const int64_t cap = (int64_t)1 << 30; /* 8 GiB of doubles, whatever the memory */
    uint64_t avail = available_bytes();
    uint64_t fits = avail / ((uint64_t)copies * sizeof(double));
    if (avail == 0 || fits >= (uint64_t)cap) {
        why[0] = '\0'; /* the reader's message gives the number */
        return cap;
    }
    snprintf(why, size, "as many as %.1f GB of available memory holds for %d copies",
             (double)avail / 1e9, copies);
    return fits > 0 ? (int64_t)fits : 1;
}
