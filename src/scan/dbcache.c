/*
 * dbcache.c - a file cache of the compiled Vectorscan database. Compiling ~200 rules takes
 * over a second of CPU, longer than scanning a typical repository, so `vega scan` keeps the
 * serialized database (plus each rule's width and mode) under a cache directory, keyed by a
 * hash of the Vectorscan version and every rule's pattern and flags. A file that does not
 * match (other rules, other CPU, corrupt) is ignored and rewritten. The server compiles once
 * per process and need not use it.
 */
#include "scan/engine_int.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

#define DBCACHE_MAGIC "VGHSDB01"
#define DBCACHE_MAX ((size_t)256 * 1024 * 1024)

static void cache_key(const struct scan_engine *eng, char hex[65])
{
    unsigned char h[32];
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    const char *v = hs_version();
    crypto_generichash_update(&st, (const unsigned char *)v, strlen(v) + 1);
    for (size_t i = 0; i < eng->set.n; i++) {
        const struct rule *r = &eng->set.rules[i];
        unsigned char flags[4] = {(unsigned char)r->flags, r->pattern != NULL, 0, 0};
        crypto_generichash_update(&st, flags, sizeof flags);
        if (r->pattern != NULL)
            crypto_generichash_update(&st, (const unsigned char *)r->pattern,
                                      strlen(r->pattern) + 1);
    }
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

static char *cache_file(const struct scan_engine *eng, const char *dir)
{
    char hex[65];
    cache_key(eng, hex);
    return xasprintf("%s/rules-%s.hsdb", dir, hex);
}

static bool read_all(const char *path, struct buf *b)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return false;
    char chunk[65536];
    ssize_t n;
    bool ok = true;
    while ((n = read(fd, chunk, sizeof chunk)) > 0) {
        if (buf_append(b, chunk, (size_t)n) != VG_OK) {
            ok = false;
            break;
        }
    }
    close(fd);
    return ok && n == 0;
}

bool dbcache_load(struct scan_engine *eng, const char *dir)
{
    if (dir == NULL)
        return false;
    char *path = cache_file(eng, dir);
    struct buf b = BUF_INIT;
    buf_init(&b, DBCACHE_MAX);
    size_t head = strlen(DBCACHE_MAGIC) + eng->set.n * 5;
    bool ok = read_all(path, &b) && b.len > head &&
              memcmp(b.ptr, DBCACHE_MAGIC, strlen(DBCACHE_MAGIC)) == 0;
    hs_database_t *db = NULL;
    if (ok)
        ok = hs_deserialize_database(b.ptr + head, b.len - head, &db) == HS_SUCCESS;
    if (ok && hs_alloc_scratch(db, &eng->scratch_proto) != HS_SUCCESS) {
        hs_free_database(db);
        ok = false;
    }
    if (ok) {
        const unsigned char *p = (const unsigned char *)b.ptr + strlen(DBCACHE_MAGIC);
        for (size_t i = 0; i < eng->set.n; i++, p += 5) {
            uint32_t w;
            memcpy(&w, p, sizeof w);
            eng->er[i].max_width = w;
            eng->er[i].prefilter = p[4] != 0;
            eng->er[i].have_info = true;
        }
        eng->db = db;
    }
    buf_release(&b);
    free(path);
    return ok;
}

void dbcache_store(const struct scan_engine *eng, const char *dir)
{
    char *bytes = NULL;
    size_t len = 0;
    if (dir == NULL || eng->db == NULL ||
        hs_serialize_database(eng->db, &bytes, &len) != HS_SUCCESS)
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
    ok = ok && fwrite(bytes, 1, len, f) == len;
    if (f != NULL && fclose(f) != 0)
        ok = false;
    if (!ok || rename(tmp, path) != 0)
        (void)unlink(tmp);
    free(tmp);
    free(path);
    free(bytes);
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
