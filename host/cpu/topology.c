/* topology.c: physical cores and cache sizes, from hwloc, else sysfs, else safe defaults; queried once. */
#include <stdio.h>
#include <string.h>
#include <threads.h>
#include <unistd.h>

#include "cpu/cpu.h"

#ifdef BASIS_WITH_HWLOC
#include <hwloc.h>
#endif

static basis_topology topo;
static once_flag topo_once = ONCE_FLAG_INIT;

#ifdef BASIS_WITH_HWLOC
static int64_t hwloc_cache(hwloc_topology_t t, hwloc_obj_type_t type)
{
    hwloc_obj_t o = hwloc_get_obj_by_type(t, type, 0);
    return o && o->attr ? (int64_t)o->attr->cache.size : 0;
}

static int from_hwloc(basis_topology *out)
{
    hwloc_topology_t t;
    if (hwloc_topology_init(&t) != 0)
        return 0;
    if (hwloc_topology_load(t) != 0) {
        hwloc_topology_destroy(t);
        return 0;
    }
    int cores = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_CORE);
    int pus = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_PU);
    out->physical_cores = cores > 0 ? cores : pus;
    out->logical_cpus = pus;
    out->l1d_bytes = hwloc_cache(t, HWLOC_OBJ_L1CACHE);
    out->l2_bytes = hwloc_cache(t, HWLOC_OBJ_L2CACHE);
    out->l3_bytes = hwloc_cache(t, HWLOC_OBJ_L3CACHE);
    hwloc_topology_destroy(t);
    out->source = "hwloc";
    return out->physical_cores > 0;
}
#endif

static int read_line(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int ok = fgets(buf, (int)size, f) != NULL;
    fclose(f);
    if (ok)
        buf[strcspn(buf, "\n")] = '\0';
    return ok;
}

/* "48K", "1024K", "32M" as in sysfs cache size files. */
static int64_t parse_size(const char *s)
{
    long long v = 0;
    char unit = 0;
    if (sscanf(s, "%lld%c", &v, &unit) < 1)
        return 0;
    if (unit == 'K')
        v *= 1024;
    else if (unit == 'M')
        v *= 1024 * 1024;
    return v;
}

static int from_sysfs(basis_topology *out)
{
    char path[128], buf[64], level[16], type[32];
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    out->logical_cpus = n > 0 ? (int)n : 1;
    /* A core is counted once: by the CPU that comes first in its sibling list. */
    int cores = 0;
    for (int cpu = 0; cpu < out->logical_cpus; cpu++) {
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu%d/topology/thread_siblings_list",
                 cpu);
        int first = -1;
        if (read_line(path, buf, sizeof buf) && sscanf(buf, "%d", &first) == 1 && first == cpu)
            cores++;
    }
    out->physical_cores = cores > 0 ? cores : out->logical_cpus;
    for (int i = 0; i < 8; i++) {
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
        if (!read_line(path, level, sizeof level))
            break;
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/type", i);
        read_line(path, type, sizeof type);
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
        if (!read_line(path, buf, sizeof buf))
            continue;
        int64_t size = parse_size(buf);
        if (!strcmp(level, "1") && strcmp(type, "Instruction"))
            out->l1d_bytes = size;
        else if (!strcmp(level, "2"))
            out->l2_bytes = size;
        else if (!strcmp(level, "3"))
            out->l3_bytes = size;
    }
    out->source = "sysfs";
    return out->l1d_bytes > 0;
}

static void discover(void)
{
    memset(&topo, 0, sizeof topo);
#ifdef BASIS_WITH_HWLOC
    if (from_hwloc(&topo) && topo.l1d_bytes > 0)
        return;
    memset(&topo, 0, sizeof topo);
#endif
    if (from_sysfs(&topo))
        return;
    /* Sizes that are small enough to be safe on any CPU of the last decade. */
    topo.l1d_bytes = 32 * 1024;
    topo.l2_bytes = 256 * 1024;
    topo.l3_bytes = 4 * 1024 * 1024;
    if (topo.physical_cores <= 0)
        topo.physical_cores = topo.logical_cpus > 0 ? topo.logical_cpus : 1;
    topo.source = "defaults";
}

const basis_topology *basis_topology_get(void)
{
    call_once(&topo_once, discover);
    return &topo;
}
