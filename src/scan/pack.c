/*
 * pack.c - a directory tree into a ZIP for upload (pack.h), with libarchive's writer.
 *
 * The walk mirrors the engine's directory walk (ingest.c): sorted names, lstat, never
 * following a symlink, the same default ignored directories (checks_ignored_subdir), a depth
 * limit. It does not apply .vegaignore: the file itself is packed, and the server's engine
 * honours it, so a local and a server scan of the same tree agree.
 */
#include "scan/pack.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan/checks.h"
#include "util/xalloc.h"

#define PACK_MAX_DEPTH 64
#define PACK_CHUNK ((size_t)64 * 1024)

struct pack {
    struct archive *a;
    const struct scan_pack_options *opt;
    struct scan_pack_stats *st;
    struct buf *err;
    char *chunk;
};

static enum vg_err pack_fail(struct pack *p, const char *what, const char *rel, int errnum)
{
    if (p->err != NULL && p->err->len == 0) {
        enum vg_err e = buf_printf(p->err, "%s %s: %s", what, rel[0] ? rel : ".",
                                   errnum ? strerror(errnum) : archive_error_string(p->a));
        (void)e; /* the message is best effort */
    }
    return VG_ERR_IO;
}

static enum vg_err pack_copy(struct pack *p, int fd, const char *rel, uint64_t size)
{
    uint64_t left = size;
    while (left > 0) {
        size_t want = left < PACK_CHUNK ? (size_t)left : PACK_CHUNK;
        ssize_t n = read(fd, p->chunk, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return pack_fail(p, "cannot read", rel, errno);
        if (n == 0)
            break; /* the file shrank: pack what is there */
        if (archive_write_data(p->a, p->chunk, (size_t)n) != n)
            return pack_fail(p, "cannot write", rel, 0);
        left -= (uint64_t)n;
    }
    return VG_OK;
}

static enum vg_err pack_file(struct pack *p, const char *full, const char *rel)
{
    int fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return pack_fail(p, "cannot open", rel, errno);
    struct stat sb;
    enum vg_err e = VG_OK;
    if (fstat(fd, &sb) != 0) {
        e = pack_fail(p, "cannot stat", rel, errno);
    } else if (!S_ISREG(sb.st_mode)) {
        p->st->skipped++;
    } else if (p->opt->max_file_size > 0 && (uint64_t)sb.st_size > p->opt->max_file_size) {
        p->st->ignored_files++;
    } else {
        struct archive_entry *ent = archive_entry_new();
        archive_entry_set_pathname(ent, rel);
        archive_entry_set_filetype(ent, AE_IFREG);
        archive_entry_set_perm(ent, 0644);
        archive_entry_set_size(ent, sb.st_size);
        archive_entry_set_mtime(ent, sb.st_mtime, 0);
        if (archive_write_header(p->a, ent) != ARCHIVE_OK)
            e = pack_fail(p, "cannot write", rel, 0);
        else
            e = pack_copy(p, fd, rel, (uint64_t)sb.st_size);
        archive_entry_free(ent);
        if (e == VG_OK) {
            p->st->files++;
            p->st->bytes += (uint64_t)sb.st_size;
        }
    }
    close(fd);
    return e;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in a directory, sorted; NULL with errno set when it cannot be read. */
static char **pack_list(const char *full, size_t *n)
{
    DIR *d = opendir(full);
    if (d == NULL)
        return NULL;
    char **names = NULL;
    size_t alloc = 0;
    struct dirent *de;
    *n = 0;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (*n == alloc) {
            alloc = alloc ? alloc * 2 : 32;
            names = xrealloc(names, alloc * sizeof *names);
        }
        names[(*n)++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (*n > 1)
        qsort(names, *n, sizeof *names, name_cmp);
    return names != NULL ? names : xcalloc(1, sizeof *names);
}

static enum vg_err pack_dir(struct pack *p, const char *full, const char *rel, int depth)
{
    size_t n = 0;
    char **names = pack_list(full, &n);
    if (names == NULL)
        return pack_fail(p, "cannot read directory", rel, errno);
    enum vg_err e = VG_OK;
    for (size_t i = 0; i < n; i++) {
        char *cfull = xasprintf("%s/%s", full, names[i]);
        char *crel = rel[0] ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
        struct stat sb;
        if (e != VG_OK) {
            /* stop: the first error is recorded */
        } else if (lstat(cfull, &sb) != 0) {
            e = pack_fail(p, "cannot stat", crel, errno);
        } else if (S_ISDIR(sb.st_mode)) {
            if ((p->opt->default_ignores &&
                 checks_ignored_subdir(strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel,
                                       names[i])) ||
                depth >= PACK_MAX_DEPTH)
                p->st->ignored_dirs++;
            else
                e = pack_dir(p, cfull, crel, depth + 1);
        } else if (S_ISREG(sb.st_mode)) {
            e = pack_file(p, cfull, crel);
        } else {
            p->st->skipped++; /* symlink, device, fifo, socket */
        }
        free(cfull);
        free(crel);
        free(names[i]);
    }
    free(names);
    return e;
}

enum vg_err scan_pack_zip(const char *root, int fd, const struct scan_pack_options *opt,
                          struct scan_pack_stats *st, struct buf *err)
{
    memset(st, 0, sizeof *st);
    struct pack p = {archive_write_new(), opt, st, err, xmalloc(PACK_CHUNK)};
    enum vg_err e = VG_OK;
    struct stat sb;
    if (archive_write_set_format_zip(p.a) != ARCHIVE_OK ||
        archive_write_zip_set_compression_deflate(p.a) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(p.a, 1) != ARCHIVE_OK ||
        archive_write_open_fd(p.a, fd) != ARCHIVE_OK) {
        e = pack_fail(&p, "cannot create", "the archive", 0);
        goto out;
    }
    if (stat(root, &sb) != 0) {
        e = pack_fail(&p, "cannot stat", root, errno);
    } else if (S_ISDIR(sb.st_mode)) {
        e = pack_dir(&p, root, "", 0);
    } else {
        const char *base = strrchr(root, '/');
        e = pack_file(&p, root, base != NULL ? base + 1 : root);
    }
    if (archive_write_close(p.a) != ARCHIVE_OK && e == VG_OK)
        e = pack_fail(&p, "cannot write", "the archive", 0);
out:
    archive_write_free(p.a);
    free(p.chunk);
    return e;
}
