/* peak_cache.c: the peak figures' cache file (peak.json under the XDG cache directory): locate, read and validate, write atomically. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "peak.h"

#define MAX_FILE 65536

/* peak.json in the cache directory; 0 when there is none or the path does not fit. */
static int cache_location(char *dir, size_t dsize, char *path, size_t psize)
{
    if (!basis_cache_dir(NULL, dir, dsize))
        return 0;
    int n = snprintf(path, psize, "%s/peak.json", dir);
    return n >= 0 && (size_t)n < psize;
}

/* ---- writing ----------------------------------------------------------------------------- */

static void put_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", (unsigned)(unsigned char)*s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

/* %.17g: every double reads back bit for bit. */
static void put_file(FILE *f, const basis_peak *p)
{
    fprintf(f, "{\n  \"basis_version\": ");
    put_str(f, p->version);
    fprintf(f, ",\n  \"cpu_model\": ");
    put_str(f, p->cpu_model);
    fprintf(f, ",\n  \"physical_cores\": %d,\n  \"threads\": %d,\n  \"targets\": [",
            p->physical_cores, p->threads);
    for (int i = 0; i < p->ntargets; i++) {
        const basis_peak_target *t = &p->target[i];
        fprintf(f, "%s\n    {\"name\": ", i ? "," : "");
        put_str(f, t->name);
        fprintf(f, ", \"s_gflops_1core\": %.17g, \"d_gflops_1core\": %.17g, "
                   "\"s_gflops_all\": %.17g, \"d_gflops_all\": %.17g}",
                t->s_gflops_1core, t->d_gflops_1core, t->s_gflops_all, t->d_gflops_all);
    }
    fprintf(f, "\n  ],\n  \"triad\": {\"target\": ");
    put_str(f, p->triad_target);
    fprintf(f, ", \"array_bytes\": %lld, \"gbs_1thread\": %.17g, \"gbs_all\": %.17g}\n}\n",
            (long long)p->triad_array_bytes, p->triad_gbs_1thread, p->triad_gbs_all);
}

/* Written to a temporary file and renamed over the old one, so a reader in another process
 * sees the old file or the new one, never half of one. */
static int save(const char *dir, const char *path, const basis_peak *p)
{
    char tmp[600];
    if (!basis_make_dirs(dir)) {
        basis_log("peak cache: cannot create %s: %s", dir, strerror(errno));
        return 0;
    }
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) {
        basis_log("peak cache: cannot write %s: %s", tmp, strerror(errno));
        return 0;
    }
    put_file(f, p);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        basis_log("peak cache: cannot write %s: %s", path, strerror(errno));
        remove(tmp);
        return 0;
    }
    basis_log("peak cache: wrote %s", path);
    return 1;
}

/* ---- reading: exactly the shape put_file writes, any whitespace ------------------------ */

typedef struct cursor {
    const char *p;
    int ok;
} cursor;

static void skip_ws(cursor *c)
{
    while (*c->p == ' ' || *c->p == '\n' || *c->p == '\t' || *c->p == '\r')
        c->p++;
}

static void expect(cursor *c, const char *lit)
{
    skip_ws(c);
    size_t n = strlen(lit);
    if (c->ok && !strncmp(c->p, lit, n))
        c->p += n;
    else
        c->ok = 0;
}

static void get_str(cursor *c, char *out, size_t size)
{
    size_t n = 0;
    expect(c, "\"");
    while (c->ok && *c->p != '"') {
        char ch = *c->p++;
        if (ch == '\0' || (unsigned char)ch < 0x20) {
            c->ok = 0;
        } else if (ch == '\\') {
            unsigned code;
            if (*c->p == '"' || *c->p == '\\') {
                ch = *c->p++;
            } else if (*c->p == 'u' && sscanf(c->p + 1, "%4x", &code) == 1 && code > 0 &&
                       code < 0x20) {
                ch = (char)code;
                c->p += 5;
            } else {
                c->ok = 0;
            }
        }
        if (c->ok && n + 1 < size)
            out[n++] = ch;
        else
            c->ok = 0;
    }
    if (c->ok)
        c->p++;
    out[n] = '\0';
}

static double get_num(cursor *c)
{
    skip_ws(c);
    char *end;
    double v = c->ok ? strtod(c->p, &end) : 0.0;
    if (!c->ok || end == c->p || !isfinite(v)) {
        c->ok = 0;
        return 0.0;
    }
    c->p = end;
    return v;
}

static void key(cursor *c, const char *name)
{
    expect(c, "\"");
    expect(c, name);
    expect(c, "\"");
    expect(c, ":");
}

static int get_int(cursor *c, double lo, double hi)
{
    double v = get_num(c);
    if (v != floor(v) || v < lo || v > hi)
        c->ok = 0;
    return c->ok ? (int)v : 0;
}

/* A positive figure: a zero or negative one means the file is not ours. */
static double get_figure(cursor *c)
{
    double v = get_num(c);
    if (!(v > 0.0))
        c->ok = 0;
    return v;
}

static int parse(const char *text, basis_peak *p)
{
    cursor c = {text, 1};
    memset(p, 0, sizeof *p);
    expect(&c, "{");
    key(&c, "basis_version");
    get_str(&c, p->version, sizeof p->version);
    expect(&c, ",");
    key(&c, "cpu_model");
    get_str(&c, p->cpu_model, sizeof p->cpu_model);
    expect(&c, ",");
    key(&c, "physical_cores");
    p->physical_cores = get_int(&c, 1, 1 << 20);
    expect(&c, ",");
    key(&c, "threads");
    p->threads = get_int(&c, 1, 1 << 20);
    expect(&c, ",");
    key(&c, "targets");
    expect(&c, "[");
    for (int i = 0; c.ok; i++) {
        skip_ws(&c);
        if (*c.p == ']')
            break;
        if (i > 0)
            expect(&c, ",");
        if (i >= BASIS_PEAK_MAX_TARGETS)
            c.ok = 0;
        if (!c.ok)
            break;
        basis_peak_target *t = &p->target[p->ntargets++];
        expect(&c, "{");
        key(&c, "name");
        get_str(&c, t->name, sizeof t->name);
        expect(&c, ",");
        key(&c, "s_gflops_1core");
        t->s_gflops_1core = get_figure(&c);
        expect(&c, ",");
        key(&c, "d_gflops_1core");
        t->d_gflops_1core = get_figure(&c);
        expect(&c, ",");
        key(&c, "s_gflops_all");
        t->s_gflops_all = get_figure(&c);
        expect(&c, ",");
        key(&c, "d_gflops_all");
        t->d_gflops_all = get_figure(&c);
        expect(&c, "}");
    }
    expect(&c, "]");
    expect(&c, ",");
    key(&c, "triad");
    expect(&c, "{");
    key(&c, "target");
    get_str(&c, p->triad_target, sizeof p->triad_target);
    expect(&c, ",");
    key(&c, "array_bytes");
    double bytes = get_figure(&c);
    p->triad_array_bytes = c.ok && bytes < 9e18 && bytes == floor(bytes) ? (int64_t)bytes : 0;
    expect(&c, ",");
    key(&c, "gbs_1thread");
    p->triad_gbs_1thread = get_figure(&c);
    expect(&c, ",");
    key(&c, "gbs_all");
    p->triad_gbs_all = get_figure(&c);
    expect(&c, "}");
    expect(&c, "}");
    skip_ws(&c);
    return c.ok && *c.p == '\0' && p->triad_array_bytes > 0;
}

/* The cache key: this basis version, CPU model and core count, and the same supported
 * targets in the same order (a build with another target set measures again). */
static int matches_this_machine(basis_peak *p)
{
    const basis_cpu_features *f = basis_cpu_features_get();
    const basis_topology *topo = basis_topology_get();
    int ntargets, k = 0, triad_ok = 0;
    const basis_target *targets = basis_targets(&ntargets);
    if (strcmp(p->version, basis_version()) || strcmp(p->cpu_model, f->model) ||
        p->physical_cores != (topo->physical_cores > 0 ? topo->physical_cores : 1))
        return 0;
    for (int i = 0; i < ntargets; i++) {
        if (!targets[i].supported(f))
            continue;
        if (k >= p->ntargets || strcmp(p->target[k].name, targets[i].name))
            return 0;
        p->target[k++].backend = targets[i].backend;
        triad_ok |= !strcmp(p->triad_target, targets[i].name);
    }
    return k == p->ntargets && triad_ok;
}

static int load(const char *path, basis_peak *out)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char *text = basis_alloc(MAX_FILE + 1);
    if (!text) {
        fclose(f);
        return 0;
    }
    size_t n = fread(text, 1, MAX_FILE, f);
    int too_big = n == MAX_FILE && fgetc(f) != EOF;
    fclose(f);
    text[n] = '\0';
    basis_peak p;
    int ok = !too_big && !memchr(text, '\0', n) && parse(text, &p);
    basis_free(text);
    if (!ok) {
        basis_log("peak cache: %s is not a peak file basis wrote; measuring again", path);
        return 0;
    }
    if (!matches_this_machine(&p)) {
        basis_log("peak cache: %s is from another basis version, CPU or build; measuring again",
                  path);
        return 0;
    }
    *out = p;
    return 1;
}

basis_status basis_peak_load_or_measure(basis_peak *out, int force)
{
    if (!out)
        return basis_fail(BASIS_ERR_ARGUMENT, "basis_peak_load_or_measure: out is NULL");
    char dir[480], path[512];
    int have_path = cache_location(dir, sizeof dir, path, sizeof path);
    basis_peak p;
    if (!have_path)
        basis_log("peak cache: neither XDG_CACHE_HOME nor HOME is usable; not cached");
    if (!force && have_path && load(path, &p)) {
        p.from_cache = 1;
        snprintf(p.cache_path, sizeof p.cache_path, "%s", path);
        *out = p;
        return BASIS_OK;
    }
    basis_status s = basis_measure_peak(&p);
    if (s != BASIS_OK)
        return s;
    if (have_path && save(dir, path, &p))
        snprintf(p.cache_path, sizeof p.cache_path, "%s", path);
    *out = p;
    return BASIS_OK;
}
