/*
 * dbcache.c - a file cache of the compiled Vectorscan database. Compiling ~200 rules takes
 * over a second of CPU, longer than scanning a typical repository, so `vega scan` keeps the
 * serialized database (plus each rule's width and mode) under a cache directory, keyed by a
 * hash of the Vectorscan version and every rule's pattern and flags. A file that does not
 * match (other rules, other CPU, corrupt) is ignored and rewritten. Writing an entry prunes
 * the directory to the DBCACHE_KEEP most recently used ones. The server compiles once per
 * process and need not use it.
 */
#include "scan/engine_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/xalloc.h"

#define DBCACHE_MAGIC "VGHSDB04" /* 04: trigger entries split by width */
#define DBCACHE_MAX ((size_t)256 * 1024 * 1024)
#define DBCACHE_KEEP 8 /* entries kept (newest by mtime; a hit refreshes it) */

static void cache_key(const struct scan_engine *eng, char hex[65])
{
    unsigned char h[32];
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    const char *v = hs_version();
    crypto_generichash_update(&st, (const unsigned char *)v, strlen(v) + 1);
    /* the layout too: builds of another layout keep files of their own, not each other's */
    crypto_generichash_update(&st, (const unsigned char *)DBCACHE_MAGIC, strlen(DBCACHE_MAGIC));
    for (size_t i = 0; i < eng->set.n; i++) {
        const struct rule *r = &eng->set.rules[i];
        /* Everything whose validity a hit vouches for (engine_from_set compiles lazily
         * then): patterns, groups, queries, checks, file regexes, databases. */
        unsigned char flags[4] = {(unsigned char)r->flags, r->pattern != NULL,
                                  (unsigned char)r->secret_group, (unsigned char)eng->er[i].dbi};
        crypto_generichash_update(&st, flags, sizeof flags);
        if (r->pattern != NULL)
            crypto_generichash_update(&st, (const unsigned char *)r->pattern,
                                      strlen(r->pattern) + 1);
        for (size_t k = 0; k < r->languages.n; k++)
            crypto_generichash_update(&st, (const unsigned char *)r->languages.v[k],
                                      strlen(r->languages.v[k]) + 1);
        const char *more[] = {r->id, r->query, r->check, r->engine == RULE_ENGINE_TREE ? "t" : "r",
                              r->trigger};
        for (size_t k = 0; k < sizeof more / sizeof more[0]; k++)
            crypto_generichash_update(&st, (const unsigned char *)(more[k] ? more[k] : ""),
                                      strlen(more[k] ? more[k] : "") + 1);
    }
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

/* The key is taken once, before engine_split_triggers moves rules (er[].dbi), and kept
 * for dbcache_store: the split follows from the rules, which the key covers. */
static char *cache_file(struct scan_engine *eng, const char *dir)
{
    if (eng->cache_name[0] == '\0')
        cache_key(eng, eng->cache_name);
    return xasprintf("%s/rules-%s.hsdb", dir, eng->cache_name);
}

/* The bytes of a cache file, in memory mapped and populated in one call (the database is
 * ~12 MB: a growing buffer copied it on each growth, and first-touch page faults on a plain
 * allocation cost as much as the read), then read into it: no mapping of the file itself,
 * which a truncation could turn into SIGBUS. */
struct blob {
    char *ptr;
    size_t len, map;
};

static bool read_all(const char *path, struct blob *b)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return false;
    struct stat sb;
    bool ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
              (uint64_t)sb.st_size <= DBCACHE_MAX;
    if (ok) {
        b->map = (size_t)sb.st_size + 1; /* one byte more: a file that grew is seen */
        void *m = mmap(NULL, b->map, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        ok = m != MAP_FAILED;
        b->ptr = ok ? m : NULL;
        if (!ok)
            b->map = 0;
    }
    while (ok && b->len < b->map) {
        ssize_t n = read(fd, b->ptr + b->len, b->map - b->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ok = n == 0;
            break;
        }
        b->len += (size_t)n;
    }
    close(fd);
    return ok && b->len < b->map; /* the whole file, as fstat sized it */
}

static void blob_release(struct blob *b)
{
    if (b->ptr != NULL)
        munmap(b->ptr, b->map);
    *b = (struct blob){NULL, 0, 0};
}

struct cached {
    char *name;
    struct timespec mtime;
};

static int newest_first(const void *x, const void *y)
{
    const struct cached *a = x, *b = y;
    if (a->mtime.tv_sec != b->mtime.tv_sec)
        return a->mtime.tv_sec > b->mtime.tv_sec ? -1 : 1;
    if (a->mtime.tv_nsec != b->mtime.tv_nsec)
        return a->mtime.tv_nsec > b->mtime.tv_nsec ? -1 : 1;
    return strcmp(a->name, b->name);
}

static bool is_cache_name(const char *n)
{
    size_t len = strlen(n);
    return strncmp(n, "rules-", 6) == 0 && len > 11 && strcmp(n + len - 5, ".hsdb") == 0;
}

void dbcache_prune(const char *dir, size_t keep)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct cached *v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        if (!is_cache_name(e->d_name) ||
            fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            v = xrealloc(v, cap * sizeof *v);
        }
        v[n++] = (struct cached){xstrdup(e->d_name), st.st_mtim};
    }
    if (n > keep) {
        qsort(v, n, sizeof *v, newest_first);
        for (size_t i = keep; i < n; i++)
            (void)unlinkat(dirfd(d), v[i].name, 0);
    }
    closedir(d);
    for (size_t i = 0; i < n; i++)
        free(v[i].name);
    free(v);
}

bool dbcache_load(struct scan_engine *eng, const char *dir)
{
    if (dir == NULL)
        return false;
    char *path = cache_file(eng, dir);
    struct blob b = {NULL, 0, 0};
    size_t head = strlen(DBCACHE_MAGIC) + eng->set.n * 5;
    bool ok = read_all(path, &b) && b.len > head &&
              memcmp(b.ptr, DBCACHE_MAGIC, strlen(DBCACHE_MAGIC)) == 0;
    if (ok) { /* each rule's width and mode: the trigger entries are split by width */
        const unsigned char *p = (const unsigned char *)b.ptr + strlen(DBCACHE_MAGIC);
        for (size_t i = 0; i < eng->set.n; i++, p += 5) {
            uint32_t w;
            memcpy(&w, p, sizeof w);
            eng->er[i].max_width = w;
            eng->er[i].prefilter = p[4] != 0;
        }
        engine_split_triggers(eng);
    }
    /* Then per database (the main one, then lang_db[] in order): u64 size, serialized. */
    hs_database_t *dbs[ENGINE_MAX_LANG_DBS + 1] = {NULL};
    size_t pos = head;
    for (size_t d = 0; ok && d <= eng->n_lang_db; d++) {
        uint64_t n = 0;
        ok = b.len - pos >= sizeof n;
        if (ok)
            memcpy(&n, b.ptr + pos, sizeof n), pos += sizeof n;
        ok = ok && n <= b.len - pos;
        if (ok && n > 0)
            ok = hs_deserialize_database(b.ptr + pos, (size_t)n, &dbs[d]) == HS_SUCCESS &&
                 hs_alloc_scratch(dbs[d], &eng->scratch_proto) == HS_SUCCESS;
        pos += ok ? (size_t)n : 0;
    }
    ok = ok && pos == b.len;
    if (!ok) {
        for (size_t d = 0; d <= eng->n_lang_db; d++)
            hs_free_database(dbs[d]);
        hs_free_scratch(eng->scratch_proto);
        eng->scratch_proto = NULL;
        /* as before the load: compiling computes the widths, then splits */
        for (size_t i = 0; i < eng->set.n; i++) {
            eng->er[i].max_width = 0;
            eng->er[i].prefilter = false;
        }
        engine_group_rules(eng);
    }
    if (ok) {
        for (size_t i = 0; i < eng->set.n; i++)
            eng->er[i].have_info = true;
        eng->db = dbs[0];
        for (size_t d = 0; d < eng->n_lang_db; d++)
            eng->lang_db[d].db = dbs[d + 1];
        (void)utimensat(AT_FDCWD, path, NULL, 0); /* recently used: pruned last */
    }
    blob_release(&b);
    free(path);
    return ok;
}

/* u64 size then the serialized database (size 0: none). */
static bool write_db(FILE *f, const hs_database_t *db)
{
    char *bytes = NULL;
    size_t len = 0;
    if (db != NULL && hs_serialize_database(db, &bytes, &len) != HS_SUCCESS)
        return false;
    uint64_t n = len;
    bool ok = fwrite(&n, 1, sizeof n, f) == sizeof n && (len == 0 || fwrite(bytes, 1, len, f) == len);
    free(bytes);
    return ok;
}

void dbcache_store(struct scan_engine *eng, const char *dir)
{
    if (dir == NULL)
        return;
    (void)mkdir(dir, 0700);
    char *path = cache_file(eng, dir);
    char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    bool ok =
        f != NULL && fwrite(DBCACHE_MAGIC, 1, strlen(DBCACHE_MAGIC), f) == strlen(DBCACHE_MAGIC);
    for (size_t i = 0; ok && i < eng->set.n; i++) {
        uint32_t w = eng->er[i].max_width;
        unsigned char rec[5];
        memcpy(rec, &w, sizeof w);
        rec[4] = eng->er[i].prefilter ? 1 : 0;
        ok = fwrite(rec, 1, sizeof rec, f) == sizeof rec;
    }
    ok = ok && write_db(f, eng->db);
    for (size_t d = 0; ok && d < eng->n_lang_db; d++)
        ok = write_db(f, eng->lang_db[d].db);
    if (f != NULL && fclose(f) != 0)
        ok = false;
    if (!ok || rename(tmp, path) != 0)
        (void)unlink(tmp);
    else
        dbcache_prune(dir, DBCACHE_KEEP);
    free(tmp);
    free(path);
}

char *scan_engine_default_cache_dir(void)
{
    const char *v = getenv("VEGA_CACHE_DIR");
    if (v != NULL)
        return v[0] != '\0' ? xstrdup(v) : NULL;
    v = getenv("XDG_CACHE_HOME");
    if (v != NULL && v[0] == '/')
        return xasprintf("%s/vega", v);
    v = getenv("HOME");
    if (v != NULL && v[0] == '/') {
        char *cache = xasprintf("%s/.cache", v);
        (void)mkdir(cache, 0700);
        free(cache);
        return xasprintf("%s/.cache/vega", v);
    }
    return NULL;
}
