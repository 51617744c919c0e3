/*
 * files.c - reading a few files back from an upload, and writing the bundle ZIP (see
 * files.h).
 */
#include "audit/files.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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

bool audit_path_normalize(char *path)
{
    if (path[0] == '/')
        return false;
    char *out = path;
    const char *p = path;
    while (*p != '\0') {
        const char *seg = p;
        size_t n = strcspn(seg, "/");
        p = seg[n] == '/' ? seg + n + 1 : seg + n;
        if (n == 0 || (n == 1 && seg[0] == '.'))
            continue;
        if (n == 2 && seg[0] == '.' && seg[1] == '.')
            return false;
        if (out != path)
            *out++ = '/';
        memmove(out, seg, n);
        out += n;
    }
    *out = '\0';
    return path[0] != '\0';
}

static bool files_wanted(const char *name, const char *const *want, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(want[i], name) == 0)
            return true;
    }
    return false;
}

enum vg_err audit_files_from_archive(int fd, const char *const *want, size_t n,
                                     struct audit_files *out)
{
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    archive_read_support_filter_gzip(a);
    enum vg_err e = VG_OK;
    size_t total = 0;
    char *data = xmalloc(AUDIT_FILE_MAX + 1);
    if (archive_read_open_fd(a, fd, 64 * 1024) != ARCHIVE_OK) {
        e = VG_ERR_INVALID;
        goto out;
    }
    struct archive_entry *ent = NULL;
    int r;
    while ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK ||
           r == ARCHIVE_WARN) {
        const char *raw = archive_entry_pathname_utf8(ent);
        if (raw == NULL)
            raw = archive_entry_pathname(ent);
        if (raw == NULL || archive_entry_filetype(ent) != AE_IFREG ||
            archive_entry_is_encrypted(ent))
            continue;
        char *name = xstrdup(raw);
        bool ok = audit_path_normalize(name) && files_wanted(name, want, n) &&
                  audit_files_get(out, name) == NULL;
        if (ok) {
            size_t len = 0;
            la_ssize_t got;
            while ((got = archive_read_data(a, data + len, AUDIT_FILE_MAX + 1 - len)) > 0) {
                len += (size_t)got;
                if (len > AUDIT_FILE_MAX)
                    break;
            }
            if (got >= 0 && len <= AUDIT_FILE_MAX && total + len <= AUDIT_FILES_TOTAL_MAX) {
                audit_files_put(out, name, data, len);
                total += len;
            }
        }
        free(name);
    }
    if (r != ARCHIVE_EOF)
        e = VG_ERR_INVALID;
out:
    free(data);
    archive_read_free(a);
    return e;
}

static la_ssize_t zip_write_cb(struct archive *a, void *ud, const void *p, size_t n)
{
    (void)a;
    return buf_append(ud, p, n) == VG_OK ? (la_ssize_t)n : -1;
}

static int zip_open_cb(struct archive *a, void *ud)
{
    (void)a;
    (void)ud;
    return ARCHIVE_OK;
}

static int zip_close_cb(struct archive *a, void *ud)
{
    (void)a;
    (void)ud;
    return ARCHIVE_OK;
}

enum vg_err audit_zip_write(const struct audit_files *entries, struct buf *out)
{
    struct archive *a = archive_write_new();
    enum vg_err e = VG_OK;
    archive_write_set_format_zip(a);
    archive_write_set_bytes_in_last_block(a, 1);
    if (archive_write_open(a, out, zip_open_cb, zip_write_cb, zip_close_cb) != ARCHIVE_OK) {
        archive_write_free(a);
        return VG_ERR_IO;
    }
    time_t now = time(NULL);
    for (size_t i = 0; e == VG_OK && i < entries->n; i++) {
        struct archive_entry *ent = archive_entry_new();
        archive_entry_set_pathname_utf8(ent, entries->items[i].path);
        archive_entry_set_filetype(ent, AE_IFREG);
        archive_entry_set_perm(ent, 0644);
        archive_entry_set_size(ent, (la_int64_t)entries->items[i].len);
        archive_entry_set_mtime(ent, now, 0);
        if (archive_write_header(a, ent) != ARCHIVE_OK ||
            archive_write_data(a, entries->items[i].data, entries->items[i].len) !=
                (la_ssize_t)entries->items[i].len)
            e = VG_ERR_IO;
        archive_entry_free(ent);
    }
    if (archive_write_close(a) != ARCHIVE_OK)
        e = VG_ERR_IO;
    archive_write_free(a);
    return e;
}
