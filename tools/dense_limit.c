/* dense_limit.c: the most entries a dense matrix read by a subcommand may have: 2^30, and no more than the memory available now holds the given number of times. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tools.h"

/* The first number in a file, 0 when there is none ("max" included). */
static uint64_t read_number(const char *path)
{
    FILE *f = fopen(path, "r");
    uint64_t v = 0;
    if (f) {
        if (fscanf(f, "%" SCNu64, &v) != 1)
            v = 0;
        fclose(f);
    }
    return v;
}

/* What the container's memory cgroup still allows (v2, else v1, as mounted for a
 * process in its own cgroup), 0 when no limit is set: inside a limited container
 * MemAvailable reports the host's memory. */
static uint64_t cgroup_room(void)
{
    static const char *const limits[2][2] = {
        {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"},
        {"/sys/fs/cgroup/memory/memory.limit_in_bytes",
         "/sys/fs/cgroup/memory/memory.usage_in_bytes"}};
    for (int i = 0; i < 2; i++) {
        uint64_t limit = read_number(limits[i][0]);
        if (limit == 0)
            continue;
        if (limit >= (uint64_t)1 << 60) /* v1's "no limit" is a page-rounded INT64_MAX */
            return 0;
        uint64_t used = read_number(limits[i][1]);
        return limit > used ? limit - used : 1;
    }
    return 0;
}

/* Bytes of memory available now: Linux's MemAvailable (what can be allocated without
 * swapping), else the free pages, and no more than the cgroup allows; 0 when none of it
 * is known. A coordinate file of a few lines may declare a 30000 x 30000 matrix, and its
 * dense copy (7.2 GB) would otherwise be allocated and zeroed before anything else fails,
 * ending in the OOM killer on a smaller machine instead of in one clear line. */
static uint64_t available_bytes(void)
{
    uint64_t avail = 0;
    FILE *f = fopen("/proc/meminfo", "r");
    if (f) {
        char line[256];
        uint64_t kb = 0;
        int found = 0;
        while (!found && fgets(line, sizeof line, f))
            found = sscanf(line, "MemAvailable: %" SCNu64 " kB", &kb) == 1;
        fclose(f);
        if (found)
            avail = kb * 1024;
    }
    if (avail == 0) {
        long pages = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
        avail = pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page : 0;
    }
    uint64_t room = cgroup_room();
    return room > 0 && (avail == 0 || room < avail) ? room : avail;
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
