/*
 * osv_index.c - the advisory index file of one ecosystem: writer and reader.
 *
 * Layout (host byte order; the header's endian mark rejects a file from another
 * machine): a fixed header, then n fixed-size entry records sorted by package name (bytes)
 * then advisory id, then a string pool. Every string is stored NUL-terminated, so a
 * loaded index hands out plain C strings without copying. Loading is one read() of the
 * file plus an O(n) validation of offsets and order; lookups are a binary search.
 */
#include "deps/osv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

#define OSV_INDEX_MAGIC "VGOSVIX1"
#define OSV_INDEX_VERSION 1u
#define OSV_INDEX_ENDIAN 0x01020304u

struct idx_header {
    char magic[8];
    uint32_t version;
    uint32_t endian;
    uint64_t import_time;
    uint32_t n_entries;
    uint32_t n_advisories;
    uint64_t pool_size;
};

struct idx_str {
    uint32_t off, len;
};

enum { S_NAME, S_ID, S_ALIASES, S_SUMMARY, S_RANGES, S__COUNT };

struct idx_entry {
    struct idx_str s[S__COUNT];
    uint8_t severity, score10, pad[2];
};

struct osv_index {
    char *data; /* the whole file */
    const struct idx_header *hdr;
    const struct idx_entry *entries;
    const char *pool;
};

char *osv_index_path(const char *data_dir, enum osv_ecosystem eco)
{
    return xasprintf("%s/advisories/%s", data_dir, osv_ecosystem_file(eco));
}

/* ---- writer ---- */

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

/* Order by id, newest import first: the first of each id group is the one to keep. */
static int cmp_id_seq(const void *pa, const void *pb)
{
    const struct osv_entry *a = pa, *b = pb;
    int c = cmp_str(a->id, b->id);
    if (c != 0)
        return c;
    return a->seq > b->seq ? -1 : a->seq < b->seq ? 1 : 0;
}

static int cmp_name_id(const void *pa, const void *pb)
{
    const struct osv_entry *a = pa, *b = pb;
    int c = cmp_str(a->name, b->name);
    return c != 0 ? c : cmp_str(a->id, b->id);
}

/* Keep, per id, only the entries of its newest import; drop tombstones. Returns the count. */
static size_t dedupe(struct osv_entry *e, size_t n, uint32_t *n_adv)
{
    *n_adv = 0;
    if (n == 0)
        return 0;
    qsort(e, n, sizeof(*e), cmp_id_seq);
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && cmp_str(e[j].id, e[i].id) == 0)
            j++;
        bool counted = false;
        uint32_t keep = e[i].seq; /* e[i] may be released or overwritten below */
        for (size_t k = i; k < j; k++) {
            if (e[k].seq == keep && e[k].ranges != NULL && e[k].name != NULL) {
                e[out++] = e[k];
                if (!counted)
                    (*n_adv)++;
                counted = true;
            } else {
                osv_entry_release(&e[k]);
            }
        }
        i = j;
    }
    if (out > 0)
        qsort(e, out, sizeof(*e), cmp_name_id);
    return out;
}

static bool write_all(FILE *f, const void *p, size_t n)
{
    return fwrite(p, 1, n, f) == n;
}

static enum vg_err pool_add(struct buf *pool, const char *s, struct idx_str *ref)
{
    if (s == NULL)
        s = "";
    size_t n = strlen(s);
    if (pool->len > UINT32_MAX - n - 1)
        return VG_ERR_TOO_LARGE;
    ref->off = (uint32_t)pool->len;
    ref->len = (uint32_t)n;
    enum vg_err e = buf_append(pool, s, n);
    return e != VG_OK ? e : buf_append_char(pool, '\0');
}

static enum vg_err build(struct osv_entry *e, size_t n, struct idx_entry *rec, struct buf *pool)
{
    for (size_t i = 0; i < n; i++) {
        const char *s[S__COUNT] = {e[i].name, e[i].id, e[i].aliases, e[i].summary, e[i].ranges};
        memset(&rec[i], 0, sizeof(rec[i]));
        for (int k = 0; k < S__COUNT; k++) {
            enum vg_err err = pool_add(pool, s[k], &rec[i].s[k]);
            if (err != VG_OK)
                return err;
        }
        rec[i].severity = e[i].severity;
        rec[i].score10 = e[i].score10;
    }
    return VG_OK;
}

enum vg_err osv_index_write(const char *path, struct osv_entry *entries, size_t n,
                            uint64_t import_time, struct osv_index_info *info)
{
    enum vg_err ret = VG_ERR_IO;
    struct buf pool = BUF_INIT;
    buf_init(&pool, (size_t)UINT32_MAX);
    struct idx_header h;
    memset(&h, 0, sizeof(h));
    n = dedupe(entries, n, &h.n_advisories);
    struct idx_entry *rec = xcalloc(n ? n : 1, sizeof(*rec));
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    FILE *f = NULL;
    if (n > UINT32_MAX) {
        ret = VG_ERR_TOO_LARGE;
        goto out;
    }
    ret = build(entries, n, rec, &pool);
    if (ret != VG_OK)
        goto out;
    memcpy(h.magic, OSV_INDEX_MAGIC, sizeof(h.magic));
    h.version = OSV_INDEX_VERSION;
    h.endian = OSV_INDEX_ENDIAN;
    h.import_time = import_time;
    h.n_entries = (uint32_t)n;
    h.pool_size = pool.len;
    ret = VG_ERR_IO;
    f = fopen(tmp, "wb");
    if (f == NULL)
        goto out;
    if (!write_all(f, &h, sizeof(h)) || !write_all(f, rec, n * sizeof(*rec)) ||
        !write_all(f, pool.ptr != NULL ? pool.ptr : "", pool.len) || fflush(f) != 0 ||
        fsync(fileno(f)) != 0)
        goto out;
    if (fclose(f) != 0) {
        f = NULL;
        goto out;
    }
    f = NULL;
    if (rename(tmp, path) != 0)
        goto out;
    if (info != NULL)
        *info = (struct osv_index_info){import_time, h.n_entries, h.n_advisories};
    ret = VG_OK;
out:
    if (f != NULL)
        fclose(f);
    if (ret != VG_OK)
        unlink(tmp);
    for (size_t i = 0; i < n; i++)
        osv_entry_release(&entries[i]);
    free(tmp);
    free(rec);
    buf_release(&pool);
    return ret;
}

/* ---- reader ---- */

static enum vg_err read_file(const char *path, char **out, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? VG_ERR_NOT_FOUND : VG_ERR_IO;
    enum vg_err ret = VG_ERR_IO;
    char *data = NULL;
    struct stat st;
    if (fstat(fd, &st) != 0)
        goto out;
    ret = VG_ERR_INVALID;
    if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > OSV_INDEX_MAX_BYTES ||
        (size_t)st.st_size < sizeof(struct idx_header))
        goto out;
    size_t n = (size_t)st.st_size, got = 0;
    data = xmalloc(n);
    ret = VG_ERR_IO;
    while (got < n) {
        ssize_t r = read(fd, data + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            goto out;
        got += (size_t)r;
    }
    *out = data;
    *len = n;
    data = NULL;
    ret = VG_OK;
out:
    free(data);
    close(fd);
    return ret;
}

static bool header_ok(const struct idx_header *h, size_t len)
{
    if (memcmp(h->magic, OSV_INDEX_MAGIC, 8) != 0 || h->version != OSV_INDEX_VERSION ||
        h->endian != OSV_INDEX_ENDIAN)
        return false;
    uint64_t want = sizeof(*h) + (uint64_t)h->n_entries * sizeof(struct idx_entry) + h->pool_size;
    return want == len;
}

static bool entries_ok(const struct osv_index *idx)
{
    uint64_t pool = idx->hdr->pool_size;
    for (size_t i = 0; i < idx->hdr->n_entries; i++) {
        const struct idx_entry *e = &idx->entries[i];
        for (int k = 0; k < S__COUNT; k++) {
            uint64_t end = (uint64_t)e->s[k].off + e->s[k].len;
            if (end >= pool || idx->pool[end] != '\0')
                return false;
        }
        if (i > 0 &&
            strcmp(idx->pool + idx->entries[i - 1].s[S_NAME].off, idx->pool + e->s[S_NAME].off) > 0)
            return false;
    }
    return true;
}

enum vg_err osv_index_load(const char *path, struct osv_index **out)
{
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    enum vg_err e = read_file(path, &data, &len);
    if (e != VG_OK)
        return e;
    struct osv_index *idx = xcalloc(1, sizeof(*idx));
    idx->data = data;
    idx->hdr = (const struct idx_header *)(const void *)data;
    if (!header_ok(idx->hdr, len)) {
        osv_index_free(idx);
        return VG_ERR_INVALID;
    }
    idx->entries = (const struct idx_entry *)(const void *)(data + sizeof(struct idx_header));
    idx->pool = data + sizeof(struct idx_header) + idx->hdr->n_entries * sizeof(struct idx_entry);
    if (!entries_ok(idx)) {
        osv_index_free(idx);
        return VG_ERR_INVALID;
    }
    *out = idx;
    return VG_OK;
}

enum vg_err osv_index_stat(const char *path, struct osv_index_info *info)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? VG_ERR_NOT_FOUND : VG_ERR_IO;
    struct idx_header h;
    struct stat st;
    enum vg_err ret = VG_ERR_INVALID;
    if (fstat(fd, &st) == 0 && read(fd, &h, sizeof(h)) == (ssize_t)sizeof(h) &&
        header_ok(&h, (size_t)st.st_size)) {
        *info = (struct osv_index_info){h.import_time, h.n_entries, h.n_advisories};
        ret = VG_OK;
    }
    close(fd);
    return ret;
}

void osv_index_free(struct osv_index *idx)
{
    if (idx == NULL)
        return;
    free(idx->data);
    free(idx);
}

void osv_index_info_get(const struct osv_index *idx, struct osv_index_info *info)
{
    *info =
        (struct osv_index_info){idx->hdr->import_time, idx->hdr->n_entries, idx->hdr->n_advisories};
}

size_t osv_index_size(const struct osv_index *idx)
{
    return idx->hdr->n_entries;
}

void osv_index_get(const struct osv_index *idx, size_t i, struct osv_ref *ref)
{
    const struct idx_entry *e = &idx->entries[i];
    ref->name = idx->pool + e->s[S_NAME].off;
    ref->id = idx->pool + e->s[S_ID].off;
    ref->aliases = idx->pool + e->s[S_ALIASES].off;
    ref->summary = idx->pool + e->s[S_SUMMARY].off;
    ref->ranges = idx->pool + e->s[S_RANGES].off;
    ref->severity = e->severity;
    ref->score10 = e->score10;
}

size_t osv_index_lookup(const struct osv_index *idx, const char *name, size_t *first)
{
    size_t lo = 0, hi = idx->hdr->n_entries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(idx->pool + idx->entries[mid].s[S_NAME].off, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < idx->hdr->n_entries &&
           strcmp(idx->pool + idx->entries[end].s[S_NAME].off, name) == 0)
        end++;
    *first = lo;
    return end - lo;
}
