/*
 * archive_files.c - reading named files back from an archive, writing a ZIP (see
 * archive_files.h).
 */
#include "scan/archive_files.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "util/xalloc.h"

bool scan_path_normalize(char *path)
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

enum vg_err scan_archive_read_files(int fd, bool (*wanted)(void *ctx, const char *path),
                                    scan_file_fn put, void *ctx, size_t max_file)
{
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    archive_read_support_filter_gzip(a);
    enum vg_err e = VG_OK;
    char *data = xmalloc(max_file + 1);
    if (archive_read_open_fd(a, fd, 64 * 1024) != ARCHIVE_OK) {
        e = VG_ERR_INVALID;
        goto out;
    }
    struct archive_entry *ent = NULL;
    int r;
    bool more = true;
    while (more && ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK || r == ARCHIVE_WARN)) {
        const char *raw = archive_entry_pathname_utf8(ent);
        if (raw == NULL)
            raw = archive_entry_pathname(ent);
        if (raw == NULL || archive_entry_filetype(ent) != AE_IFREG ||
            archive_entry_is_encrypted(ent))
            continue;
        char *name = xstrdup(raw);
        if (scan_path_normalize(name) && wanted(ctx, name)) {
            size_t len = 0;
            la_ssize_t got;
            while ((got = archive_read_data(a, data + len, max_file + 1 - len)) > 0) {
                len += (size_t)got;
                if (len > max_file)
                    break;
            }
            if (got >= 0 && len <= max_file)
                more = put(ctx, name, data, len);
        }
        free(name);
    }
    if (more && r != ARCHIVE_EOF)
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

static int zip_noop_cb(struct archive *a, void *ud)
{
    (void)a;
    (void)ud;
    return ARCHIVE_OK;
}

enum vg_err scan_zip_write(const char *const *names, const char *const *data,
                           const size_t *lens, size_t n, struct buf *out)
{
    struct archive *a = archive_write_new();
    enum vg_err e = VG_OK;
    archive_write_set_format_zip(a);
    archive_write_set_bytes_in_last_block(a, 1);
    if (archive_write_open(a, out, zip_noop_cb, zip_write_cb, zip_noop_cb) != ARCHIVE_OK) {
        archive_write_free(a);
        return VG_ERR_IO;
    }
    time_t now = time(NULL);
    for (size_t i = 0; e == VG_OK && i < n; i++) {
        struct archive_entry *ent = archive_entry_new();
        archive_entry_set_pathname_utf8(ent, names[i]);
        archive_entry_set_filetype(ent, AE_IFREG);
        archive_entry_set_perm(ent, 0644);
        archive_entry_set_size(ent, (la_int64_t)lens[i]);
        archive_entry_set_mtime(ent, now, 0);
        if (archive_write_header(a, ent) != ARCHIVE_OK ||
            archive_write_data(a, data[i], lens[i]) != (la_ssize_t)lens[i])
            e = VG_ERR_IO;
        archive_entry_free(ent);
    }
    if (archive_write_close(a) != ARCHIVE_OK)
        e = VG_ERR_IO;
    archive_write_free(a);
    return e;
}
