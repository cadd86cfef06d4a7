/* params.c: the GEMM kernel parameters per device: a small table searched device name -> vendor -> default for the device type, each entry checked against the device's limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <unistd.h>

#include "opencl/opencl.h"
#include "opencl/runtime_internal.h"

typedef enum match_kind { MATCH_DEVICE, MATCH_VENDOR, MATCH_DEFAULT_CPU, MATCH_DEFAULT_GPU,
                          MATCH_DEFAULT } match_kind;

typedef struct entry {
    match_kind kind;
    const char *pattern; /* a substring of the device name or vendor (case-insensitive) */
    int elem;            /* 4 or 8 */
    basis_cl_gemm_params p;
} entry;

/* direct_below is in flops (2mnk): the packed path's extra launches and copies cost more
 * than they save below it. The CPU figures were measured on PoCL 3.1 (docs/opencl.md); the
 * GPU ones are the usual shape of a first guess (16 x 16 threads, 8 x 8 / 4 x 4 per thread,
 * both tiles through local memory) until `basis tune` or a measured entry replaces them. */
static const entry table[] = {
    /* CPU devices (PoCL and the like): one work-item is a register-blocked microkernel of
     * MWG x (NWG / NDIMC) on float16 / double8 vectors; the caches hold the panels, so no
     * local memory and no barriers. */
    {MATCH_DEFAULT_CPU, NULL, 4,
     {48, 64, 16, 1, 8, 16, 1, 0, 0, 0, 4, 4, 8, 8, 2.0 * 64 * 64 * 64, ""}},
    {MATCH_DEFAULT_CPU, NULL, 8,
     {24, 64, 16, 1, 8, 8, 1, 0, 0, 0, 4, 4, 8, 8, 2.0 * 64 * 64 * 64, ""}},
    /* NVIDIA H200: `basis tune gemm --budget 200 --n 4096` (163 candidates, docs/gpu.md)
     * picked the vendor entry with float2 vectors: 34.8 against 33.4 TFLOP/s. */
    {MATCH_DEVICE, "H200", 4,
     {128, 128, 16, 16, 16, 2, 1, 1, 1, 0, 2, 2, 16, 16, 2.0 * 256 * 256 * 256, ""}},
    /* NVIDIA GPUs: 128 x 128 tiles, 8 x 8 per thread. (VWN 4 and DB, which the tuner tries
     * first, are not in these entries until a device run has measured them.) */
    {MATCH_VENDOR, "nvidia", 4,
     {128, 128, 16, 16, 16, 4, 1, 1, 1, 0, 2, 2, 16, 16, 2.0 * 256 * 256 * 256, ""}},
    {MATCH_VENDOR, "nvidia", 8,
     {64, 64, 16, 16, 16, 2, 1, 1, 1, 0, 2, 2, 16, 16, 2.0 * 256 * 256 * 256, ""}},
    /* any other GPU */
    {MATCH_DEFAULT_GPU, NULL, 4,
     {64, 64, 16, 8, 8, 4, 1, 1, 1, 0, 2, 2, 16, 16, 2.0 * 256 * 256 * 256, ""}},
    {MATCH_DEFAULT_GPU, NULL, 8,
     {32, 32, 16, 8, 8, 2, 1, 1, 1, 0, 2, 2, 16, 16, 2.0 * 256 * 256 * 256, ""}},
    /* anything: small, safe */
    {MATCH_DEFAULT, NULL, 4,
     {32, 32, 8, 8, 8, 1, 1, 1, 1, 0, 1, 1, 8, 8, 2.0 * 128 * 128 * 128, ""}},
    {MATCH_DEFAULT, NULL, 8,
     {32, 32, 8, 8, 8, 1, 1, 1, 1, 0, 1, 1, 8, 8, 2.0 * 128 * 128 * 128, ""}},
};
#define TABLE_SIZE ((int)(sizeof table / sizeof table[0]))

/* The last resort when no entry fits (a device with tiny work-groups or local memory). */
static const basis_cl_gemm_params minimal = {8, 8, 8, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1,
                                              2.0 * 128 * 128 * 128, "minimal"};

static int pow2_upto16(int v)
{
    return v == 1 || v == 2 || v == 4 || v == 8 || v == 16;
}

int basis_cl_gemm_params_valid(const basis_cl_device_info *info, int elem,
                               const basis_cl_gemm_params *p)
{
    if (p->mwg <= 0 || p->nwg <= 0 || p->kwg <= 0 || p->mdimc <= 0 || p->ndimc <= 0 ||
        !pow2_upto16(p->vw) || (p->vwn != 1 && p->vwn != 2 && p->vwn != 4) ||
        (p->sa != 0 && p->sa != 1) || (p->sb != 0 && p->sb != 1) ||
        (p->db != 0 && p->db != 1) || (p->db && !(p->sa && p->sb)) || p->dwm <= 0 ||
        p->dwn <= 0 || p->dmdim <= 0 || p->dndim <= 0)
        return 0;
    /* bounds first, so that the products below cannot overflow (a tuned file may say anything) */
    if (p->mdimc > 1024 || p->ndimc > 1024 || p->dmdim > 1024 || p->dndim > 1024)
        return 0;
    if (p->mwg % (p->mdimc * p->vw) || p->nwg % (p->ndimc * p->vwn) || p->mwg > 1024 ||
        p->nwg > 1024 ||
        p->kwg > 256 || p->dwm > 16 || p->dwn > 16)
        return 0;
    /* registers: the accumulators of one work-item, and with DB its share of a stage */
    if ((p->mwg / p->mdimc) * (p->nwg / p->ndimc) > 512)
        return 0;
    int64_t wg = (int64_t)p->mdimc * p->ndimc, dwg = (int64_t)p->dmdim * p->dndim;
    int64_t staged = ((int64_t)p->kwg * (p->mwg / p->vw) + wg - 1) / wg * p->vw +
                     ((int64_t)p->kwg * (p->nwg / p->vwn) + wg - 1) / wg * p->vwn;
    if (p->db && staged > 64)
        return 0;
    if (info->max_work_group > 0 && (wg > info->max_work_group || dwg > info->max_work_group))
        return 0;
    int64_t local = (int64_t)elem * p->kwg * ((p->sa ? p->mwg : 0) + (p->sb ? p->nwg : 0)) *
                    (p->db ? 2 : 1);
    if (local > 0 && info->local_mem_bytes > 0 && local > info->local_mem_bytes)
        return 0;
    return 1;
}

static int matches(const entry *e, const basis_cl_device_info *info, match_kind kind)
{
    if (e->kind != kind)
        return 0;
    switch (kind) {
    case MATCH_DEVICE: return basis_cl_name_has(info->name, e->pattern);
    case MATCH_VENDOR: return info->is_gpu && basis_cl_name_has(info->vendor, e->pattern);
    case MATCH_DEFAULT_CPU: return !info->is_gpu;
    case MATCH_DEFAULT_GPU: return info->is_gpu;
    case MATCH_DEFAULT: return 1;
    }
    return 0;
}

/* ---- tuned entries: what `basis tune gemm` found, in <cache dir>/gemm-tuned.txt ---------
 * One line per device and precision: "elem mwg nwg kwg mdimc ndimc vw vwn sa sb db dwm dwn
 * dmdim dndim direct_below<TAB>device key". Read once per process; a line that does not parse or
 * does not fit the device is ignored. */

#define MAX_TUNED 32
typedef struct tuned {
    int elem;
    char key[400];
    basis_cl_gemm_params p;
} tuned;

static tuned tuned_table[MAX_TUNED];
static int tuned_count;
static int tuned_loaded;
static mtx_t tuned_lock;
static once_flag tuned_once = ONCE_FLAG_INIT;

static void tuned_init(void)
{
    mtx_init(&tuned_lock, mtx_plain);
}

void basis_cl_device_key(const basis_cl_device_info *info, char *buf, size_t size)
{
    /* each part bounded so that the whole always fits a key of 400 */
    snprintf(buf, size, "%.120s|%.80s|%.120s|%.60s", info->name, info->vendor, info->version,
             info->driver);
}

static int tuned_path(char *buf, size_t size)
{
    char dir[1024];
    if (!basis_cache_dir("opencl", dir, sizeof dir))
        return 0;
    int n = snprintf(buf, size, "%s/gemm-tuned.txt", dir);
    return n > 0 && (size_t)n < size;
}

/* A line of 16 numbers, or of the 14 written before VWN and DB existed (read as 1 and 0). */
static int parse_line(const char *line, tuned *t)
{
    basis_cl_gemm_params *p = &t->p;
    memset(t, 0, sizeof *t);
    const char *tab = strchr(line, '\t');
    if (!tab)
        return 0;
    int words = 0;
    for (const char *q = line; q < tab; q++)
        words += *q != ' ' && (q == line || q[-1] == ' ');
    if (words == 16) {
        if (sscanf(line, "%d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %lf", &t->elem, &p->mwg,
                   &p->nwg, &p->kwg, &p->mdimc, &p->ndimc, &p->vw, &p->vwn, &p->sa, &p->sb,
                   &p->db, &p->dwm, &p->dwn, &p->dmdim, &p->dndim, &p->direct_below) != 16)
            return 0;
    } else if (words == 14) {
        p->vwn = 1;
        if (sscanf(line, "%d %d %d %d %d %d %d %d %d %d %d %d %d %lf", &t->elem, &p->mwg,
                   &p->nwg, &p->kwg, &p->mdimc, &p->ndimc, &p->vw, &p->sa, &p->sb, &p->dwm,
                   &p->dwn, &p->dmdim, &p->dndim, &p->direct_below) != 14)
            return 0;
    } else {
        return 0;
    }
    snprintf(t->key, sizeof t->key, "%s", tab + 1); /* everything after the tab, spaces too */
    t->key[strcspn(t->key, "\r\n")] = '\0';
    return (t->elem == 4 || t->elem == 8) && t->key[0];
}

/* the lock is held */
static void tuned_load(void)
{
    char path[1100], line[600];
    tuned_loaded = 1;
    tuned_count = 0;
    if (!tuned_path(path, sizeof path))
        return;
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    while (tuned_count < MAX_TUNED && fgets(line, sizeof line, f))
        if (parse_line(line, &tuned_table[tuned_count]))
            tuned_count++;
    fclose(f);
}

static int tuned_find(const basis_cl_device_info *info, int elem, basis_cl_gemm_params *out)
{
    char key[400];
    int found = 0;
    basis_cl_device_key(info, key, sizeof key);
    call_once(&tuned_once, tuned_init);
    mtx_lock(&tuned_lock);
    if (!tuned_loaded)
        tuned_load();
    for (int i = 0; i < tuned_count && !found; i++)
        if (tuned_table[i].elem == elem && !strcmp(tuned_table[i].key, key) &&
            basis_cl_gemm_params_valid(info, elem, &tuned_table[i].p)) {
            *out = tuned_table[i].p;
            snprintf(out->source, sizeof out->source, "tuned entry (gemm-tuned.txt)");
            found = 1;
        }
    mtx_unlock(&tuned_lock);
    return found;
}

basis_status basis_cl_gemm_params_store(const basis_cl_device_info *info, int elem,
                                        const basis_cl_gemm_params *p, char *where,
                                        size_t where_size)
{
    char path[1100], dir[1024], tmp[1200];
    if (!tuned_path(path, sizeof path) || !basis_cache_dir("opencl", dir, sizeof dir))
        return basis_fail(BASIS_ERR_IO, "basis tune: neither XDG_CACHE_HOME nor HOME names a "
                          "cache directory to store the parameters in");
    if (!basis_make_dirs(dir))
        return basis_fail(BASIS_ERR_IO, "basis tune: cannot create %s", dir);
    call_once(&tuned_once, tuned_init);
    mtx_lock(&tuned_lock);
    tuned_load();
    tuned t;
    memset(&t, 0, sizeof t);
    t.elem = elem;
    t.p = *p;
    basis_cl_device_key(info, t.key, sizeof t.key);
    /* the new entry goes last, so the file runs from the least recently stored: the same
     * key leaves its old place, and a full file drops its first line (an old driver's
     * entry, typically), never the one just tuned */
    int drop = -1;
    for (int i = 0; i < tuned_count; i++)
        if (tuned_table[i].elem == elem && !strcmp(tuned_table[i].key, t.key))
            drop = i;
    if (drop < 0 && tuned_count == MAX_TUNED)
        drop = 0;
    if (drop >= 0) {
        memmove(&tuned_table[drop], &tuned_table[drop + 1],
                (size_t)(tuned_count - drop - 1) * sizeof *tuned_table);
        tuned_count--;
    }
    tuned_table[tuned_count++] = t;
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    int ok = f != NULL;
    for (int i = 0; ok && i < tuned_count; i++) {
        const basis_cl_gemm_params *q = &tuned_table[i].p;
        ok = fprintf(f, "%d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %.17g\t%s\n",
                     tuned_table[i].elem, q->mwg, q->nwg, q->kwg, q->mdimc, q->ndimc, q->vw,
                     q->vwn, q->sa, q->sb, q->db, q->dwm, q->dwn, q->dmdim, q->dndim,
                     q->direct_below, tuned_table[i].key) > 0;
    }
    if (f)
        ok = (fclose(f) == 0) && ok;
    ok = ok && rename(tmp, path) == 0;
    mtx_unlock(&tuned_lock);
    if (!ok) {
        remove(tmp);
        return basis_fail(BASIS_ERR_IO, "basis tune: cannot write %s", path);
    }
    snprintf(where, where_size, "%s", path);
    return BASIS_OK;
}

void basis_cl_gemm_params_get(const basis_cl_device_info *info, int elem,
                              basis_cl_gemm_params *out)
{
    const basis_cl_gemm_params *o = basis_cl_gemm_params_override();
    if (o) {
        *out = *o;
        return;
    }
    if (tuned_find(info, elem, out))
        return;
    static const match_kind chain[] = {MATCH_DEVICE, MATCH_VENDOR, MATCH_DEFAULT_CPU,
                                       MATCH_DEFAULT_GPU, MATCH_DEFAULT};
    static const char *const kind_names[] = {"device", "vendor", "cpu default", "gpu default",
                                             "default"};
    for (int c = 0; c < (int)(sizeof chain / sizeof chain[0]); c++)
        for (int i = 0; i < TABLE_SIZE; i++) {
            const entry *e = &table[i];
            if (e->elem != elem || !matches(e, info, chain[c]) ||
                !basis_cl_gemm_params_valid(info, elem, &e->p))
                continue;
            *out = e->p;
            snprintf(out->source, sizeof out->source, "%s entry%s%s", kind_names[c],
                     e->pattern ? " " : "", e->pattern ? e->pattern : "");
            return;
        }
    *out = minimal;
}

void basis_cl_gemm_options(const basis_cl_gemm_params *p, int elem, char *buf, size_t size)
{
    snprintf(buf, size,
             "-cl-mad-enable -DPRECISION=%d -DMWG=%d -DNWG=%d -DKWG=%d -DMDIMC=%d -DNDIMC=%d "
             "-DVW=%d -DVWN=%d -DSA=%d -DSB=%d -DDB=%d -DDWM=%d -DDWN=%d -DDMDIM=%d -DDNDIM=%d",
             elem == 8 ? 64 : 32, p->mwg, p->nwg, p->kwg, p->mdimc, p->ndimc, p->vw, p->vwn,
             p->sa, p->sb, p->db, p->dwm, p->dwn, p->dmdim, p->dndim);
}
