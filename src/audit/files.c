/*
 * files.c - reading a few files back from an upload, and writing the bundle ZIP (see
 * files.h).
 */
#include "audit/files.h"

#include <stdlib.h>
#include <string.h>

#include "scan/archive_files.h"
#include "util/xalloc.h"

void audit_files_release(struct audit_files *fs)
{
    if (fs == NULL)
        return;
    for (size_t i = 0; i < fs->n; i++) {
        free(fs->items[i].path);
        free(fs->items[i].data);
    }
    free(fs->items);
    memset(fs, 0, sizeof *fs);
}

const struct audit_file *audit_files_get(const struct audit_files *fs, const char *path)
{
    for (size_t i = 0; i < fs->n; i++) {
        if (strcmp(fs->items[i].path, path) == 0)
            return &fs->items[i];
    }
    return NULL;
}

void audit_files_put(struct audit_files *fs, const char *path, const char *data, size_t len)
{
    struct audit_file *f = NULL;
    for (size_t i = 0; i < fs->n && f == NULL; i++)
        f = strcmp(fs->items[i].path, path) == 0 ? &fs->items[i] : NULL;
    if (f == NULL) {
        if (fs->n == fs->alloc) {
            fs->alloc = fs->alloc ? fs->alloc * 2 : 16;
            fs->items = xrealloc(fs->items, fs->alloc * sizeof *fs->items);
        }
        f = &fs->items[fs->n++];
        f->path = xstrdup(path);
    } else {
        free(f->data);
    }
    f->data = xmalloc(len + 1);
    memcpy(f->data, data, len);
    f->data[len] = '\0';
    f->len = len;
}

bool audit_path_normalize(char *path) { return scan_path_normalize(path); }

struct files_read {
    const char *const *want;
    size_t n;
    size_t total;
    struct audit_files *out;
};

static bool files_wanted(void *ctx, const char *name)
{
    struct files_read *r = ctx;
    if (audit_files_get(r->out, name) != NULL)
        return false;
    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->want[i], name) == 0)
            return true;
    }
    return false;
}

static bool files_put(void *ctx, const char *name, const char *data, size_t len)
{
    struct files_read *r = ctx;
    if (r->total + len > AUDIT_FILES_TOTAL_MAX)
        return false;
    audit_files_put(r->out, name, data, len);
    r->total += len;
    return true;
}

enum vg_err audit_files_from_archive(int fd, const char *const *want, size_t n,
                                     struct audit_files *out)
{
    struct files_read r = {want, n, 0, out};
    return scan_archive_read_files(fd, files_wanted, files_put, &r, AUDIT_FILE_MAX);
}

enum vg_err audit_zip_write(const struct audit_files *entries, struct buf *out)
{
    size_t n = entries->n;
    const char **names = xcalloc(n + 1, sizeof *names);
    const char **data = xcalloc(n + 1, sizeof *data);
    size_t *lens = xcalloc(n + 1, sizeof *lens);
    for (size_t i = 0; i < n; i++) {
        names[i] = entries->items[i].path;
        data[i] = entries->items[i].data;
        lens[i] = entries->items[i].len;
    }
    enum vg_err e = scan_zip_write(names, data, lens, n, out);
    free(names);
    free(data);
    free(lens);
    return e;
}
