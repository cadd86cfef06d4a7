/* dense_limit.c: the most entries a dense matrix read by a subcommand may have: 2^30, and no more than the memory available now (MemAvailable, within the memory cgroup) holds the given number of times. */
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

/* The value of key in a memory.stat file ("key value" lines), 0 when absent. */
static uint64_t read_stat(const char *dir, const char *key)
{
    char path[700], name[64];
    snprintf(path, sizeof path, "%s/memory.stat", dir);
    FILE *f = fopen(path, "r");
    uint64_t v = 0, found = 0;
    while (f && !found && fscanf(f, "%63s %" SCNu64, name, &v) == 2)
        found = !strcmp(name, key);
    if (f)
        fclose(f);
    return found ? v : 0;
}

/* This process's cgroup in the memory hierarchy (v2: "0::/path"; v1: a "memory"
 * controller line), as a directory under the mount; the mount itself when the path is
 * not there (a container whose namespace makes its own cgroup the root). */
static int own_cgroup(int v2, char *dir, size_t size)
{
    const char *mount = v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory";
    FILE *f = fopen("/proc/self/cgroup", "r");
    char line[600];
    int found = 0;
    while (f && !found && fgets(line, sizeof line, f)) {
        char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        *c2 = '\0';
        line[strcspn(line, ":")] = '\0';
        c2[1 + strcspn(c2 + 1, "\n")] = '\0';
        const char *ctl = c1 + 1;
        found = v2 ? !strcmp(line, "0") && !*ctl
                   : !strcmp(ctl, "memory") || strstr(ctl, "memory,") == ctl ||
                         strstr(ctl, ",memory");
        if (found)
            snprintf(dir, size, "%s%s", mount, c2 + 1);
    }
    if (f)
        fclose(f);
    char probe[700];
    snprintf(probe, sizeof probe, "%s/%s", found ? dir : mount,
             v2 ? "memory.current" : "memory.usage_in_bytes");
    if (!found || access(probe, R_OK) != 0)
        snprintf(dir, size, "%s", mount);
    snprintf(probe, sizeof probe, "%s/%s", dir, v2 ? "memory.current" : "memory.usage_in_bytes");
    return access(probe, R_OK) == 0;
}

/* What the memory cgroup still allows, 0 when no limit applies: its limit less what it
 * uses, not counting inactive file pages (cache the kernel reclaims first, as MemAvailable
 * counts it). v2 takes the least room of the cgroup and its ancestors; v1 reads the limit
 * that holds through the hierarchy. Inside a limited container MemAvailable reports the
 * host's memory. */
static uint64_t cgroup_room(void)
{
    char dir[600];
    uint64_t room = 0;
    if (own_cgroup(1, dir, sizeof dir)) {
        for (;;) {
            char path[700];
            snprintf(path, sizeof path, "%s/memory.max", dir);
            uint64_t limit = read_number(path);
            if (limit > 0) {
                snprintf(path, sizeof path, "%s/memory.current", dir);
                uint64_t used = read_number(path), cache = read_stat(dir, "inactive_file");
                used = used > cache ? used - cache : 0;
                uint64_t r = limit > used ? limit - used : 1;
                room = room == 0 || r < room ? r : room;
            }
            char *slash = strrchr(dir, '/');
            if (!slash || (size_t)(slash - dir) <= strlen("/sys/fs/cgroup"))
                break;
            *slash = '\0';
        }
        return room;
    }
    if (own_cgroup(0, dir, sizeof dir)) {
        char path[700];
        uint64_t limit = read_stat(dir, "hierarchical_memory_limit");
        if (limit == 0) {
            snprintf(path, sizeof path, "%s/memory.limit_in_bytes", dir);
            limit = read_number(path);
        }
        if (limit == 0 || limit >= (uint64_t)1 << 60) /* v1's "no limit": a huge number */
            return 0;
        snprintf(path, sizeof path, "%s/memory.usage_in_bytes", dir);
        uint64_t used = read_number(path), cache = read_stat(dir, "total_inactive_file");
        used = used > cache ? used - cache : 0;
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

int64_t basis_tool_dense_limit(int copies, uint64_t reserved, char *why, size_t size)
{
    const int64_t cap = (int64_t)1 << 30; /* 8 GiB of doubles, whatever the memory */
    uint64_t avail = available_bytes();
    uint64_t left = avail > reserved ? avail - reserved : 0;
    uint64_t fits = left / ((uint64_t)copies * sizeof(double));
    why[0] = '\0'; /* when the cap decides, the reader's message gives the number */
    if (avail == 0 || fits >= (uint64_t)cap)
        return cap;
    snprintf(why, size, "as many as %.1f GB of available memory%s holds for %d copies",
             (double)left / 1e9, reserved ? ", less what is already read," : "", copies);
    return fits > 0 ? (int64_t)fits : 1;
}

const char *basis_tool_dense_refusal(basis_status s, const char *why, char *msg, size_t size)
{
    /* only a refusal for the limit ("... entries allowed"), not a failed allocation */
    int said = s == BASIS_ERR_NO_MEMORY && why[0] && strstr(basis_last_error(), "allowed");
    snprintf(msg, size, "%s%s%s%s", basis_last_error(), said ? " (" : "", said ? why : "",
             said ? ")" : "");
    return msg;
}
