/*
 * ingest.c - the sources a scan reads: a directory tree (never following symlinks), a
 * single file, an archive (.zip, .tar, .tar.gz/.tgz and the other filters libarchive
 * knows) read from a path, an fd or a callback, and one in-memory buffer.
 *
 * Archives are hostile input: they are never extracted to disk and no entry name is ever
 * joined to a file system path. Links, devices, absolute or `..` paths and encrypted
 * entries are counted as risky and not read; limits on entries, total bytes and the
 * compression ratio stop bombs; nested archives are not opened (they are binary).
 *
 * A ZIP in a seekable file (an upload, `vega scan x.zip`) is read by its central
 * directory, the only place that holds an entry's file mode: a `zip -y` symlink is a
 * link there, while the streaming reader (pipes, GitHub tarballs) cannot tell it from a
 * file. Sizes an entry declares are never trusted: statistics count the bytes actually
 * read, and a risky entry contributes none.
 */
#include "scan/pipeline.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan/checks.h"
#include "util/xalloc.h"

#define INGEST_MAX_DEPTH 64
#define INGEST_CHUNK ((size_t)64 * 1024)
#define INGEST_RATIO_MIN_BYTES ((uint64_t)8 * 1024 * 1024)
#define INGEST_VEGAIGNORE_MAX ((size_t)256 * 1024)

/* ---- directories ---- */

struct walk {
    struct pipeline *p;
    const struct scan_options *opt;
    uint64_t entries;
};

static bool entries_ok(struct walk *wk)
{
    if (++wk->entries > wk->opt->max_entries) {
        pipeline_limit(wk->p, "max_entries");
        return false;
    }
    return true;
}

/* A regular file the walk opened (fd): accounted, then handed to a worker (with rel_take)
 * or closed. */
static void walk_file(struct walk *wk, char *rel_take, const struct stat *sb, int fd)
{
    const char *rel = rel_take;
    struct scan_stats *st = pipeline_stats(wk->p);
    uint64_t size = (uint64_t)sb->st_size;
    st->total_files++;
    st->total_bytes += size;
    if (size > wk->opt->max_file_size || vegaignore_path(pipeline_vegaignore(wk->p), rel)) {
        st->ignored_files++;
        st->ignored_bytes += size;
        close(fd);
        free(rel_take);
        return;
    }
    if (st->total_bytes - st->ignored_bytes - st->risky_bytes > wk->opt->max_total_bytes) {
        pipeline_limit(wk->p, "max_total_bytes");
        close(fd);
        free(rel_take);
        return;
    }
    pipeline_submit_fd(wk->p, rel_take, fd, size);
}

/* A Python virtualenv under any name (env/, .env-py/, ...) holds a pyvenv.cfg. */
static bool is_virtualenv(int dfd)
{
    struct stat sb;
    return fstatat(dfd, "pyvenv.cfg", &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode);
}

/* The last component of a relative path ("" at the root). */
static const char *base_name(const char *rel)
{
    const char *slash = strrchr(rel, '/');
    return slash != NULL ? slash + 1 : rel;
}

struct dirent_name {
    char *name;
    unsigned char type; /* DT_* from readdir; DT_UNKNOWN when the file system does not say */
};

static int name_cmp(const void *a, const void *b)
{
    return strcmp(((const struct dirent_name *)a)->name, ((const struct dirent_name *)b)->name);
}

/* The entry's type without a stat when readdir gave it (DT_DIR, DT_REG, other). */
static unsigned char entry_type(int dfd, const struct dirent_name *e, bool *failed)
{
    struct stat sb;
    if (e->type != DT_UNKNOWN)
        return e->type;
    if (fstatat(dfd, e->name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
        *failed = true;
        return DT_UNKNOWN;
    }
    return S_ISDIR(sb.st_mode) ? DT_DIR : S_ISREG(sb.st_mode) ? DT_REG : DT_LNK;
}

/* Entries are opened relative to the open directory (one path component each, never
 * following a symlink), and a file is opened once: the worker reads the descriptor. */
static void walk_dir(struct walk *wk, int fd, const char *rel, int depth)
{
    struct scan_stats *st = pipeline_stats(wk->p);
    DIR *d = fdopendir(fd);
    if (d == NULL) {
        close(fd);
        st->errors++;
        return;
    }
    struct dirent_name *names = NULL;
    size_t n = 0, alloc = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (n == alloc) {
            alloc = alloc ? alloc * 2 : 32;
            names = xrealloc(names, alloc * sizeof *names);
        }
        names[n++] = (struct dirent_name){xstrdup(de->d_name), de->d_type};
    }
    if (n > 1)
        qsort(names, n, sizeof *names, name_cmp);
    int dfd = dirfd(d);
    for (size_t i = 0; i < n; i++) {
        const char *name = names[i].name;
        char *crel = rel[0] ? xasprintf("%s/%s", rel, name) : xstrdup(name);
        bool failed = false;
        unsigned char type = DT_UNKNOWN;
        if (pipeline_limited(wk->p)) {
            /* stop quietly: the limit is recorded */
        } else if ((type = entry_type(dfd, &names[i], &failed)), failed) {
            st->errors++;
        } else if (type == DT_DIR) {
            int sub = -1;
            if ((wk->opt->default_ignores && checks_ignored_subdir(base_name(rel), name)) ||
                depth >= INGEST_MAX_DEPTH) {
                st->ignored_dirs++;
            } else if ((sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) <
                       0) {
                st->errors++;
            } else if (wk->opt->default_ignores && is_virtualenv(sub)) {
                st->ignored_dirs++;
                close(sub);
            } else {
                walk_dir(wk, sub, crel, depth + 1);
            }
        } else if (!entries_ok(wk)) {
            /* limit recorded */
        } else if (type == DT_REG) {
            int f = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
            struct stat sb;
            if (f >= 0 && fstat(f, &sb) == 0 && S_ISREG(sb.st_mode)) {
                walk_file(wk, crel, &sb, f); /* takes crel */
                crel = NULL;
            } else if (f < 0 && errno == ELOOP) { /* became a symlink since readdir */
                st->total_files++;
                st->risky_files++;
            } else {
                st->errors++;
                if (f >= 0)
                    close(f);
            }
        } else {
            st->total_files++;
            st->risky_files++; /* symlink, device, fifo, socket */
        }
        free(crel);
        free(names[i].name);
    }
    closedir(d);
    free(names);
}

static void load_root_vegaignore(struct pipeline *p, const char *dir)
{
    char *path = xasprintf("%s/.vegaignore", dir);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    free(path);
    if (fd < 0)
        return;
    char *text = xmalloc(INGEST_VEGAIGNORE_MAX + 1);
    ssize_t got = read(fd, text, INGEST_VEGAIGNORE_MAX);
    close(fd);
    if (got > 0) {
        text[got] = '\0';
        pipeline_add_vegaignore(p, text);
    }
    free(text);
}

/* ---- archives ---- */

struct arc_src {
    int fd;
    scan_read_fn fn;
    void *ctx;
    uint64_t raw;             /* compressed bytes read from the source */
    bool seekable;            /* fd is a regular file: ZIPs are read by their central directory */
    char buf[INGEST_CHUNK];   /* compressed bytes read from an fd */
    char chunk[INGEST_CHUNK]; /* uncompressed entry data */
    bool failed;
};

static la_ssize_t arc_read(struct archive *a, void *ud, const void **out)
{
    struct arc_src *s = ud;
    ssize_t n;
    (void)a;
    if (s->fn != NULL) {
        n = s->fn(s->ctx, out);
    } else {
        do
            n = read(s->fd, s->buf, sizeof s->buf);
        while (n < 0 && errno == EINTR);
        *out = s->buf;
    }
    if (n < 0) {
        s->failed = true;
        return -1;
    }
    s->raw += (uint64_t)n;
    return n;
}

static la_int64_t arc_seek(struct archive *a, void *ud, la_int64_t offset, int whence)
{
    struct arc_src *s = ud;
    (void)a;
    off_t at = lseek(s->fd, (off_t)offset, whence);
    if (at < 0) {
        s->failed = true;
        return ARCHIVE_FATAL;
    }
    return (la_int64_t)at;
}

struct arc {
    struct pipeline *p;
    const struct scan_options *opt;
    struct archive *a;
    struct arc_src *src;
    uint64_t uncompressed;
};

/* Account for n more uncompressed bytes; false when a limit stops the scan. */
static bool arc_account(struct arc *ar, size_t n)
{
    ar->uncompressed += n;
    if (ar->uncompressed > ar->opt->max_total_bytes) {
        pipeline_limit(ar->p, "max_total_bytes");
        return false;
    }
    if (ar->opt->max_ratio > 0 && ar->uncompressed > INGEST_RATIO_MIN_BYTES &&
        ar->uncompressed / (ar->src->raw ? ar->src->raw : 1) >= ar->opt->max_ratio) {
        pipeline_limit(ar->p, "max_ratio");
        return false;
    }
    return true;
}

/* Read an entry's data into `into` (NULL: discard), counting every byte against the limits.
 * Returns 0 at the end of the entry, 1 when the entry outgrew max_file_size (the rest is
 * discarded and *total says how much there was), -1 on a limit, -2 on a read error. */
static int arc_data(struct arc *ar, struct buf *into, uint64_t *total)
{
    char *chunk = ar->src->chunk;
    int rc = 0;
    *total = 0;
    for (;;) {
        la_ssize_t n = archive_read_data(ar->a, chunk, INGEST_CHUNK);
        if (n == 0)
            return rc;
        if (n < 0)
            return -2;
        *total += (uint64_t)n;
        if (!arc_account(ar, (size_t)n))
            return -1;
        if (into != NULL && rc == 0) {
            if (*total > ar->opt->max_file_size || buf_append(into, chunk, (size_t)n) != VG_OK)
                rc = 1;
        }
    }
}

/* Normalise an entry name; NULL when it is absolute, climbs out with `..`, or is empty. */
static char *arc_path(const char *name, unsigned strip)
{
    if (name == NULL || name[0] == '\0' || name[0] == '/' || name[0] == '\\')
        return NULL;
    if (strlen(name) > 2 && name[1] == ':') /* C:\ */
        return NULL;
    struct buf out = BUF_INIT;
    buf_init(&out, 4096);
    const char *p = name;
    unsigned skipped = 0;
    bool bad = false;
    while (*p != '\0' && !bad) {
        size_t len = strcspn(p, "/\\");
        if (len == 2 && p[0] == '.' && p[1] == '.')
            bad = true;
        else if (len == 0 || (len == 1 && p[0] == '.'))
            ; /* "//" and "./" */
        else if (skipped < strip)
            skipped++;
        else if ((out.len > 0 && buf_append_char(&out, '/') != VG_OK) ||
                 buf_append(&out, p, len) != VG_OK)
            bad = true;
        p += len;
        if (*p != '\0')
            p++;
    }
    if (bad || out.len == 0 || memchr(out.ptr, '\0', out.len) != NULL) {
        buf_release(&out);
        return NULL;
    }
    return buf_detach(&out, NULL);
}

bool path_in_ignored_dir(const char *path)
{
    const char *p = path;
    char prev[256] = "";
    for (const char *slash = strchr(p, '/'); slash != NULL; slash = strchr(p, '/')) {
        char name[256];
        size_t len = (size_t)(slash - p);
        if (len < sizeof name) {
            memcpy(name, p, len);
            name[len] = '\0';
            if (checks_ignored_subdir(prev, name))
                return true;
            memcpy(prev, name, len + 1);
        } else {
            prev[0] = '\0';
        }
        p = slash + 1;
    }
    return false;
}

/* Skip an entry's data with accounting: 0 ok, <0 stop. */
static int arc_skip(struct arc *ar, uint64_t *bytes)
{
    int rc = arc_data(ar, NULL, bytes);
    return rc < 0 ? rc : 0;
}

/* A .vegaignore at the archive's root, or one level down (a GitHub tarball's top
 * directory): its anchored paths are relative to where it sits. */
static void arc_vegaignore(struct arc *ar, const char *path, const char *text)
{
    const char *slash = strchr(path, '/');
    if (strcmp(path, ".vegaignore") == 0) {
        pipeline_add_vegaignore(ar->p, text);
        return;
    }
    if (slash == NULL || strcmp(slash + 1, ".vegaignore") != 0)
        return;
    struct buf t = BUF_INIT;
    buf_init(&t, INGEST_VEGAIGNORE_MAX);
    for (const char *p = text; *p != '\0';) {
        size_t n = strcspn(p, "\n");
        const char *body = *p == '/' ? p + 1 : p;
        bool anchored = memchr(p, '/', n) != NULL && (*p == '/' || memchr(p, '/', n - 1) != NULL) &&
                        strncmp(p, "rule:", 5) != 0 && strncmp(p, "fingerprint:", 12) != 0 &&
                        *p != '#';
        if (anchored && buf_printf(&t, "%.*s/", (int)(slash - path), path) != VG_OK)
            break;
        if (buf_append(&t, body, n - (size_t)(body - p)) != VG_OK ||
            buf_append_char(&t, '\n') != VG_OK)
            break;
        p += n + (p[n] == '\n');
    }
    pipeline_add_vegaignore(ar->p, buf_cstr(&t));
    buf_release(&t);
}

/* One regular entry. Returns 0 to go on, <0 to stop (-1 limit, -2 read error). */
static int arc_regular(struct arc *ar, char *path)
{
    struct scan_stats *st = pipeline_stats(ar->p);
    uint64_t bytes = 0;
    int rc;
    st->total_files++;
    bool ignored = (ar->opt->default_ignores && path_in_ignored_dir(path)) ||
                   vegaignore_path(pipeline_vegaignore(ar->p), path);
    if (ignored) {
        rc = arc_skip(ar, &bytes);
        st->total_bytes += bytes;
        st->ignored_files++;
        st->ignored_bytes += bytes;
        free(path);
        return rc;
    }
    struct buf data = BUF_INIT;
    buf_init(&data, (size_t)ar->opt->max_file_size + 1);
    rc = arc_data(ar, &data, &bytes);
    st->total_bytes += bytes;
    if (rc != 0) {
        if (rc == 1) {
            st->ignored_files++;
            st->ignored_bytes += bytes;
        }
        buf_release_secret(&data);
        free(path);
        return rc == 1 ? 0 : rc;
    }
    if (ar->opt->use_vegaignore)
        arc_vegaignore(ar, path, buf_cstr(&data));
    pipeline_submit_data(ar->p, path, &data);
    return 0;
}

static int arc_entry(struct arc *ar, struct archive_entry *e)
{
    struct scan_stats *st = pipeline_stats(ar->p);
    mode_t type = archive_entry_filetype(e);
    if (type == AE_IFDIR)
        return 0;
    char *path = arc_path(archive_entry_pathname(e), ar->opt->strip_components);
    bool risky = path == NULL || type != AE_IFREG || archive_entry_hardlink(e) != NULL ||
                 archive_entry_symlink(e) != NULL || archive_entry_is_encrypted(e);
    if (!risky)
        return arc_regular(ar, path);
    free(path);
    st->total_files++;
    st->risky_files++;
    /* Never read, so it adds no bytes: a declared size is only a claim (a crafted ZIP64
     * entry declares 2^63). Seekable input skips by seeking; a stream is read to its
     * next header with every byte counted against the bomb limits, then discarded. */
    if (archive_entry_is_encrypted(e) || ar->src->seekable)
        return archive_read_data_skip(ar->a) == ARCHIVE_OK ? 0 : -2;
    uint64_t ignored = 0;
    return arc_skip(ar, &ignored);
}

static enum vg_err arc_run(struct pipeline *p, struct arc_src *src, char **error)
{
    const struct scan_options *opt = pipeline_options(p);
    struct arc ar = {p, opt, archive_read_new(), src, 0};
    enum vg_err status = VG_OK;
    archive_read_support_filter_all(ar.a);
    if (src->seekable) {
        archive_read_support_format_zip_seekable(ar.a);
        archive_read_set_seek_callback(ar.a, arc_seek);
    } else {
        archive_read_support_format_zip_streamable(ar.a);
    }
    archive_read_support_format_tar(ar.a);
    archive_read_support_format_gnutar(ar.a);
    archive_read_set_read_callback(ar.a, arc_read);
    archive_read_set_callback_data(ar.a, src);
    if (archive_read_open1(ar.a) != ARCHIVE_OK) {
        *error =
            xasprintf("not a readable archive: %s",
                      archive_error_string(ar.a) ? archive_error_string(ar.a) : "unknown format");
        archive_read_free(ar.a);
        return VG_ERR_INVALID;
    }
    uint64_t entries = 0;
    for (;;) {
        struct archive_entry *e = NULL;
        int r = archive_read_next_header(ar.a, &e);
        if (r == ARCHIVE_EOF)
            break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
            const char *why = archive_error_string(ar.a);
            *error = xasprintf("%s: %s",
                               entries == 0 ? "not a readable archive"
                                            : "archive is corrupt or truncated",
                               why != NULL ? why : "read error");
            status = VG_ERR_INVALID;
            break;
        }
        if (++entries > opt->max_entries) {
            pipeline_limit(p, "max_entries");
            break;
        }
        int rc = arc_entry(&ar, e);
        if (rc == -2) {
            const char *why = archive_error_string(ar.a);
            *error =
                xasprintf("archive is corrupt or truncated: %s", why != NULL ? why : "read error");
            status = VG_ERR_INVALID;
            break;
        }
        if (rc < 0)
            break;
        pipeline_tick(p);
    }
    if (src->failed && status == VG_OK) {
        *error = xstrdup("reading the archive failed");
        status = VG_ERR_IO;
    }
    archive_read_free(ar.a);
    return status;
}

static enum vg_err scan_arc_src(const struct scan_engine *eng, struct arc_src *src,
                                const struct scan_options *opt, struct scan_result *res)
{
    struct pipeline *p = pipeline_start(eng, opt, res);
    char *error = NULL;
    enum vg_err st = arc_run(p, src, &error);
    st = pipeline_finish(p, st, error);
    free(error);
    return st;
}

enum vg_err scan_archive_fd(const struct scan_engine *eng, int fd, const struct scan_options *opt,
                            struct scan_result *res)
{
    struct arc_src *src = xcalloc(1, sizeof *src);
    src->fd = fd;
    struct stat sb;
    src->seekable = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && lseek(fd, 0, SEEK_SET) == 0;
    enum vg_err st = scan_arc_src(eng, src, opt, res);
    sodium_memzero(src, sizeof *src); /* it held archive content */
    free(src);
    return st;
}

enum vg_err scan_archive_stream(const struct scan_engine *eng, scan_read_fn read_fn, void *ctx,
                                const struct scan_options *opt, struct scan_result *res)
{
    struct arc_src *src = xcalloc(1, sizeof *src);
    src->fd = -1;
    src->fn = read_fn;
    src->ctx = ctx;
    enum vg_err st = scan_arc_src(eng, src, opt, res);
    sodium_memzero(src, sizeof *src); /* it held archive content */
    free(src);
    return st;
}

/* ---- entry points ---- */

/* Archive by magic bytes: zip, gzip, bzip2, xz, zstd, or a ustar header. */
static bool looks_like_archive(int fd)
{
    unsigned char h[512];
    ssize_t n = pread(fd, h, sizeof h, 0);
    if (n < 4)
        return false;
    if (h[0] == 'P' && h[1] == 'K' && (h[2] == 3 || h[2] == 5) && (h[3] == 4 || h[3] == 6))
        return true;
    if ((h[0] == 0x1f && h[1] == 0x8b) || (h[0] == 'B' && h[1] == 'Z' && h[2] == 'h') ||
        (h[0] == 0xfd && h[1] == '7' && h[2] == 'z' && h[3] == 'X') ||
        (h[0] == 0x28 && h[1] == 0xb5 && h[2] == 0x2f && h[3] == 0xfd))
        return true;
    return n >= 262 && memcmp(h + 257, "ustar", 5) == 0;
}

static char *display_name(const char *path)
{
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    if (path[0] == '/') {
        const char *base = strrchr(path, '/');
        return xstrdup(base + 1);
    }
    return xstrdup(path);
}

enum vg_err scan_path(const struct scan_engine *eng, const char *path,
                      const struct scan_options *opt, struct scan_result *res)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (res->error == NULL)
            res->error = xasprintf("%s: %s", path, strerror(errno));
        res->stats.errors++;
        return VG_ERR_IO;
    }
    if (S_ISDIR(sb.st_mode)) {
        struct pipeline *p = pipeline_start(eng, opt, res);
        struct walk wk = {p, opt, 0};
        if (opt->use_vegaignore)
            load_root_vegaignore(p, path);
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            pipeline_stats(p)->errors++;
        else
            walk_dir(&wk, fd, "", 0);
        return pipeline_finish(p, VG_OK, NULL);
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        if (res->error == NULL)
            res->error = xasprintf("%s: not a regular file or directory", path);
        res->stats.errors++;
        return VG_ERR_IO;
    }
    enum vg_err st;
    if (looks_like_archive(fd)) {
        st = scan_archive_fd(eng, fd, opt, res);
    } else {
        struct pipeline *p = pipeline_start(eng, opt, res);
        struct scan_stats *ps = pipeline_stats(p);
        ps->total_files++;
        ps->total_bytes += (uint64_t)sb.st_size;
        if ((uint64_t)sb.st_size > opt->max_file_size) {
            ps->ignored_files++;
            ps->ignored_bytes += (uint64_t)sb.st_size;
        } else {
            pipeline_submit_file(p, display_name(path), xstrdup(path));
        }
        st = pipeline_finish(p, VG_OK, NULL);
    }
    close(fd);
    return st;
}

enum vg_err scan_buffer(const struct scan_engine *eng, const char *path, const void *data,
                        size_t len, const struct scan_options *opt, struct scan_result *res)
{
    struct scan_options one = *opt;
    one.threads = 1;
    struct pipeline *p = pipeline_start(eng, &one, res);
    struct scan_stats *ps = pipeline_stats(p);
    ps->total_files++;
    ps->total_bytes += len;
    if (len > opt->max_file_size) {
        ps->ignored_files++;
        ps->ignored_bytes += len;
    } else {
        struct buf b = BUF_INIT;
        buf_init(&b, len + 1);
        if (buf_append(&b, data, len) == VG_OK)
            pipeline_submit_data(p, xstrdup(path), &b);
        buf_release_secret(&b);
    }
    return pipeline_finish(p, VG_OK, NULL);
}
