/*
 * osv_import.c - `vega advisories import`: read OSV JSON files, osv.dev ZIP exports and
 * directories of either, then merge them into the per-ecosystem index files.
 *
 * ZIPs are read as a stream with libarchive: one member is in memory at a time, and
 * only the compact struct osv_entry of each advisory is kept, so the several hundred MB
 * npm export never sits in memory whole. Nothing is written until every input was read
 * without error; then each touched ecosystem's index is rewritten atomically, so a failed
 * import leaves the previous index as it was. Member names are never used as paths.
 */
#include "deps/osv.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/xalloc.h"

#define OSV_IMPORT_MAX_JSON_FILE ((size_t)256 * 1024 * 1024)
#define OSV_IMPORT_BLOCK 65536
#define OSV_IMPORT_MAX_DEPTH 16

struct eco_list {
    struct osv_entry *e;
    size_t n, cap;
};

struct osv_import {
    struct eco_list eco[OSV_ECO__COUNT];
    uint32_t seq;
    char *last_id;
    struct osv_import_stats st;
};

struct osv_import *osv_import_new(void)
{
    return xcalloc(1, sizeof(struct osv_import));
}

void osv_import_free(struct osv_import *imp)
{
    if (imp == NULL)
        return;
    for (int k = 0; k < OSV_ECO__COUNT; k++) {
        for (size_t i = 0; i < imp->eco[k].n; i++)
            osv_entry_release(&imp->eco[k].e[i]);
        free(imp->eco[k].e);
    }
    free(imp->last_id);
    free(imp);
}

void osv_import_stats_get(const struct osv_import *imp, struct osv_import_stats *st)
{
    *st = imp->st;
}

static void list_push(struct eco_list *l, const struct osv_entry *e)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->e = xrealloc(l->e, l->cap * sizeof(*l->e));
    }
    l->e[l->n++] = *e;
}

/* A new advisory id starts a new generation: later documents replace earlier ones. */
static void on_entry(enum osv_ecosystem eco, struct osv_entry *e, void *ctx)
{
    struct osv_import *imp = ctx;
    if (imp->last_id == NULL || strcmp(imp->last_id, e->id) != 0) {
        free(imp->last_id);
        imp->last_id = xstrdup(e->id);
        imp->seq++;
    }
    e->seq = imp->seq;
    list_push(&imp->eco[eco], e);
    if (e->ranges != NULL)
        imp->st.entries[eco]++;
}

static enum vg_err parse_doc(struct osv_import *imp, const char *data, size_t len, const char *what,
                             char *err, size_t errlen)
{
    char why[256] = "";
    enum vg_err e = osv_parse_json(data, len, on_entry, imp, &imp->st.skipped, why, sizeof(why));
    free(imp->last_id); /* a document boundary always ends a generation */
    imp->last_id = NULL;
    if (e != VG_OK)
        snprintf(err, errlen, "%s: %s", what, why);
    else
        imp->st.files++;
    return e;
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

static enum vg_err read_member(struct archive *a, struct buf *b)
{
    buf_reset(b);
    char chunk[OSV_IMPORT_BLOCK];
    for (;;) {
        la_ssize_t r = archive_read_data(a, chunk, sizeof(chunk));
        if (r == 0)
            return VG_OK;
        if (r < 0)
            return VG_ERR_INVALID;
        if (buf_append(b, chunk, (size_t)r) != VG_OK)
            return VG_ERR_TOO_LARGE;
    }
}

static enum vg_err import_zip(struct osv_import *imp, const char *path, char *err, size_t errlen)
{
    enum vg_err ret = VG_ERR_INVALID;
    struct buf b = BUF_INIT;
    buf_init(&b, OSV_MAX_RECORD_BYTES);
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    if (archive_read_open_filename(a, path, OSV_IMPORT_BLOCK) != ARCHIVE_OK) {
        snprintf(err, errlen, "%s: not a readable ZIP: %s", path, archive_error_string(a));
        goto out;
    }
    for (;;) {
        struct archive_entry *ent;
        int r = archive_read_next_header(a, &ent);
        if (r == ARCHIVE_EOF)
            break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
            snprintf(err, errlen, "%s: not a valid ZIP: %s", path, archive_error_string(a));
            goto out;
        }
        const char *name = archive_entry_pathname(ent);
        if (archive_entry_filetype(ent) != AE_IFREG || name == NULL || !has_suffix(name, ".json"))
            continue;
        enum vg_err e = read_member(a, &b);
        if (e != VG_OK) {
            snprintf(err, errlen, "%s: member %.200s: %s", path, name,
                     e == VG_ERR_TOO_LARGE ? "too large" : archive_error_string(a));
            goto out;
        }
        char what[512];
        snprintf(what, sizeof(what), "%s: member %.200s", path, name);
        if (parse_doc(imp, b.ptr != NULL ? b.ptr : "", b.len, what, err, errlen) != VG_OK)
            goto out;
    }
    ret = VG_OK;
out:
    archive_read_free(a);
    buf_release(&b);
    return ret;
}

static enum vg_err import_json(struct osv_import *imp, int fd, const char *path, char *err,
                               size_t errlen)
{
    struct buf b = BUF_INIT;
    buf_init(&b, OSV_IMPORT_MAX_JSON_FILE);
    char chunk[OSV_IMPORT_BLOCK];
    enum vg_err ret = VG_OK;
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof(chunk));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            ret = VG_ERR_IO;
            break;
        }
        if (r == 0)
            break;
        if (buf_append(&b, chunk, (size_t)r) != VG_OK) {
            snprintf(err, errlen, "%s: larger than %zu bytes", path, OSV_IMPORT_MAX_JSON_FILE);
            ret = VG_ERR_INVALID;
            break;
        }
    }
    if (ret == VG_OK)
        ret = parse_doc(imp, b.ptr != NULL ? b.ptr : "", b.len, path, err, errlen);
    buf_release(&b);
    return ret;
}

static enum vg_err import_file(struct osv_import *imp, const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return errno == ENOENT ? VG_ERR_NOT_FOUND : VG_ERR_IO;
    }
    unsigned char magic[4] = {0};
    ssize_t got = read(fd, magic, sizeof(magic));
    enum vg_err e;
    if (got == 4 && magic[0] == 'P' && magic[1] == 'K' &&
        ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6))) {
        close(fd);
        return import_zip(imp, path, err, errlen);
    }
    if (got < 0 || lseek(fd, 0, SEEK_SET) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        e = VG_ERR_IO;
    } else {
        e = import_json(imp, fd, path, err, errlen);
    }
    close(fd);
    return e;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static enum vg_err import_any(struct osv_import *imp, const char *path, bool top, int depth,
                              char *err, size_t errlen);

/* Every *.json and *.zip below dir, in name order (so imports are reproducible). */
static enum vg_err import_dir(struct osv_import *imp, const char *dir, int depth, char *err,
                              size_t errlen)
{
    if (depth > OSV_IMPORT_MAX_DEPTH) {
        snprintf(err, errlen, "%s: directories nested too deep", dir);
        return VG_ERR_INVALID;
    }
    DIR *d = opendir(dir);
    if (d == NULL) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return VG_ERR_IO;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    const struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = xrealloc(names, cap * sizeof(*names));
        }
        names[n++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof(*names), cmp_names);
    enum vg_err e = VG_OK;
    for (size_t i = 0; i < n; i++) {
        char *p = xasprintf("%s/%s", dir, names[i]);
        if (e == VG_OK)
            e = import_any(imp, p, false, depth + 1, err, errlen);
        free(p);
        free(names[i]);
    }
    free(names);
    return e;
}

static enum vg_err import_any(struct osv_import *imp, const char *path, bool top, int depth,
                              char *err, size_t errlen)
{
    struct stat st;
    if ((top ? stat(path, &st) : lstat(path, &st)) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return errno == ENOENT ? VG_ERR_NOT_FOUND : VG_ERR_IO;
    }
    if (S_ISDIR(st.st_mode))
        return import_dir(imp, path, depth, err, errlen);
    if (!S_ISREG(st.st_mode))
        return VG_OK; /* symlinks and devices inside a directory are not followed */
    if (!top && !has_suffix(path, ".json") && !has_suffix(path, ".zip"))
        return VG_OK;
    return import_file(imp, path, err, errlen);
}

enum vg_err osv_import_path(struct osv_import *imp, const char *path, char *err, size_t errlen)
{
    return import_any(imp, path, true, 0, err, errlen);
}

/* ---- commit ---- */

static enum vg_err mkdir_p(const char *dir)
{
    if (mkdir(dir, 0755) == 0 || errno == EEXIST)
        return VG_OK;
    return VG_ERR_IO;
}

/* Append the entries of the current index (generation 0, below every import). */
static enum vg_err load_existing(struct eco_list *l, const char *path)
{
    struct osv_index *idx = NULL;
    enum vg_err e = osv_index_load(path, &idx);
    if (e == VG_ERR_NOT_FOUND)
        return VG_OK;
    if (e == VG_ERR_INVALID) {
        log_msg(LOG_WARN, "advisories_index_corrupt", "path", path, "action", "replaced", NULL);
        return VG_OK;
    }
    if (e != VG_OK)
        return e;
    for (size_t i = 0; i < osv_index_size(idx); i++) {
        struct osv_ref r;
        osv_index_get(idx, i, &r);
        struct osv_entry ent = {
            xstrdup(r.name),   xstrdup(r.id), xstrdup(r.aliases), xstrdup(r.summary),
            xstrdup(r.ranges), r.severity,    r.score10,          0};
        list_push(l, &ent);
    }
    osv_index_free(idx);
    return VG_OK;
}

enum vg_err osv_import_commit(struct osv_import *imp, const char *data_dir, char *err,
                              size_t errlen)
{
    char *adv = xasprintf("%s/advisories", data_dir);
    char *lockp = xasprintf("%s/.lock", adv);
    int lock = -1;
    enum vg_err ret = VG_ERR_IO;
    if (mkdir_p(data_dir) != VG_OK || mkdir_p(adv) != VG_OK) {
        snprintf(err, errlen, "%s: cannot create: %s", adv, strerror(errno));
        goto out;
    }
    lock = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock < 0 || flock(lock, LOCK_EX) != 0) {
        snprintf(err, errlen, "%s: cannot lock: %s", lockp, strerror(errno));
        goto out;
    }
    uint64_t now = (uint64_t)time(NULL);
    for (int k = 0; k < OSV_ECO__COUNT; k++) {
        struct eco_list *l = &imp->eco[k];
        if (l->n == 0)
            continue;
        char *path = osv_index_path(data_dir, (enum osv_ecosystem)k);
        enum vg_err e = load_existing(l, path);
        if (e == VG_OK)
            e = osv_index_write(path, l->e, l->n, now, NULL);
        else
            for (size_t i = 0; i < l->n; i++)
                osv_entry_release(&l->e[i]);
        if (e != VG_OK)
            snprintf(err, errlen, "%s: cannot write the index (%s)", path, err_name(e));
        free(path);
        l->n = 0; /* osv_index_write consumed the entries */
        if (e != VG_OK) {
            ret = e;
            goto out;
        }
    }
    ret = VG_OK;
out:
    if (lock >= 0)
        close(lock);
    free(lockp);
    free(adv);
    return ret;
}
