/*
 * blob.c - the backend-neutral half of blob storage (see blob.h): opening a store by its
 * url, the writer (a temporary file in the store's tmp dir, handed to the backend on
 * commit), key validation, spooling a backend without files into an anonymous temporary
 * file for blob_open_read, the sweep of abandoned temporary files, the server's own URL
 * signatures, and counting failed operations for /metrics. It knows no backend's protocol.
 */
#include "blob/blob.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "blob/blob_int.h"
#include "util/log.h"
#include "util/rand.h"
#include "util/xalloc.h"

#define BLOB_TMP_SUFFIX ".part"

struct blob_writer {
    struct blob_store *bs;
    char *key;
    char *tmp_path;
    int fd;
    uint64_t size;
    unsigned char head[8];
};

int blob_mkdirs(char *path)
{
    for (char *s = path + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        int rc = mkdir(path, 0700);
        *s = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return (mkdir(path, 0700) == 0 || errno == EEXIST) ? 0 : -1;
}

enum vg_err blob_store_new(const struct blob_ops *ops, void *impl, const char *tmp_dir,
                           struct blob_store **out)
{
    char *dir = xstrdup(tmp_dir);
    if (blob_mkdirs(dir) != 0) {
        log_msg(LOG_ERROR, "blob_tmp_unusable", "dir", tmp_dir, "error", strerror(errno), NULL);
        free(dir);
        ops->close(impl);
        return VG_ERR_IO;
    }
    struct blob_store *bs = xcalloc(1, sizeof(*bs));
    bs->ops = ops;
    bs->impl = impl;
    bs->tmp_dir = dir;
    atomic_init(&bs->errors, 0);
    *out = bs;
    return VG_OK;
}

enum vg_err blob_open_local(const char *root, struct blob_store **out)
{
    void *impl = NULL;
    enum vg_err e = blob_local_impl(root, &impl);
    if (e != VG_OK)
        return e;
    char *tmp = xasprintf("%s/.tmp", root);
    e = blob_store_new(&blob_local_ops, impl, tmp, out);
    free(tmp);
    return e;
}

/* "s3://bucket/prefix/" -> bucket and prefix (without slashes at either end). */
static enum vg_err blob_parse_s3_url(const char *url, char **bucket, char **prefix)
{
    const char *b = url + strlen("s3://");
    size_t bn = strcspn(b, "/");
    if (bn == 0 || bn > 63 || strspn(b, "abcdefghijklmnopqrstuvwxyz0123456789.-") < bn)
        return VG_ERR_INVALID;
    *bucket = xstrndup(b, bn);
    const char *p = b + bn;
    while (*p == '/')
        p++;
    *prefix = xstrdup(p);
    size_t pn = strlen(*prefix);
    while (pn > 0 && (*prefix)[pn - 1] == '/')
        (*prefix)[--pn] = '\0';
    if (pn > 0 && !blob_key_valid(*prefix)) {
        free(*bucket);
        free(*prefix);
        return VG_ERR_INVALID;
    }
    return VG_OK;
}

static enum vg_err blob_open_s3(const struct blob_config *cfg, struct blob_store **out)
{
    struct blob_s3_config s3 = {0};
    char *bucket = NULL, *prefix = NULL;
    if (blob_parse_s3_url(cfg->url, &bucket, &prefix) != VG_OK) {
        fprintf(stderr, "vega: --blob-url: expected s3://bucket[/prefix] with a valid bucket "
                        "name, got '%s'\n", cfg->url);
        return VG_ERR_INVALID;
    }
    if (cfg->access_key_id == NULL || cfg->secret_access_key == NULL) {
        fprintf(stderr, "vega: --blob-url %s needs credentials: --s3-access-key-id and "
                        "--s3-secret-access-key (or AWS_ACCESS_KEY_ID and "
                        "AWS_SECRET_ACCESS_KEY)\n", cfg->url);
        free(bucket);
        free(prefix);
        return VG_ERR_INVALID;
    }
    s3 = (struct blob_s3_config){bucket, prefix, cfg->endpoint, cfg->region,
                                 cfg->access_key_id, cfg->secret_access_key, cfg->addressing};
    void *impl = NULL;
    enum vg_err e = blob_s3_impl(&s3, &impl);
    free(bucket);
    free(prefix);
    if (e != VG_OK)
        return e;
    char *tmp = xasprintf("%s/tmp", cfg->data_dir);
    e = blob_store_new(&blob_s3_ops, impl, tmp, out);
    free(tmp);
    return e;
}

enum vg_err blob_open(const struct blob_config *cfg, struct blob_store **out)
{
    if (cfg->url != NULL && strncmp(cfg->url, "s3://", 5) == 0)
        return blob_open_s3(cfg, out);
    if (cfg->url != NULL && strstr(cfg->url, "://") != NULL) {
        fprintf(stderr, "vega: --blob-url: expected a directory or s3://bucket[/prefix], got "
                        "'%s'\n", cfg->url);
        return VG_ERR_INVALID;
    }
    char *root = cfg->url != NULL && *cfg->url != '\0' ? xstrdup(cfg->url)
                                                       : xasprintf("%s/blobs", cfg->data_dir);
    enum vg_err e = blob_open_local(root, out);
    if (e != VG_OK)
        fprintf(stderr, "vega: cannot use %s for storage\n", root);
    free(root);
    return e;
}

void blob_close(struct blob_store *bs)
{
    if (bs == NULL)
        return;
    bs->ops->close(bs->impl);
    free(bs->tmp_dir);
    free(bs);
}

const char *blob_backend_name(const struct blob_store *bs) { return bs->ops->name; }

uint64_t blob_error_count(const struct blob_store *bs)
{
    return atomic_load(&((struct blob_store *)(uintptr_t)bs)->errors);
}

/* Count a failure of the storage itself (a missing key is an answer, not a failure). */
static enum vg_err blob_counted(struct blob_store *bs, enum vg_err e)
{
    if (e != VG_OK && e != VG_ERR_NOT_FOUND && e != VG_ERR_INVALID && e != VG_ERR_CONFLICT)
        atomic_fetch_add(&bs->errors, 1);
    return e;
}

bool blob_key_valid(const char *key)
{
    if (key == NULL || *key == '\0' || strlen(key) > 512)
        return false;
    const char *seg = key;
    for (const char *s = key;; s++) {
        if (*s == '/' || *s == '\0') {
            size_t n = (size_t)(s - seg);
            if (n == 0 || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
                return false;
            if (*s == '\0')
                return true;
            seg = s + 1;
            continue;
        }
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return false;
    }
}

/* ---- the writer ---- */

enum vg_err blob_writer_open(struct blob_store *bs, const char *key, struct blob_writer **out)
{
    if (!blob_key_valid(key))
        return VG_ERR_INVALID;
    char rnd[17];
    rand_base62(rnd, 16);
    struct blob_writer *w = xcalloc(1, sizeof(*w));
    w->bs = bs;
    w->key = xstrdup(key);
    w->tmp_path = xasprintf("%s/%s" BLOB_TMP_SUFFIX, bs->tmp_dir, rnd);
    w->fd = open(w->tmp_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (w->fd < 0) {
        log_msg(LOG_ERROR, "blob_open_failed", "error", strerror(errno), NULL);
        free(w->tmp_path);
        free(w->key);
        free(w);
        return blob_counted(bs, VG_ERR_IO);
    }
    *out = w;
    return VG_OK;
}

enum vg_err blob_writer_write(struct blob_writer *w, const void *p, size_t n, uint64_t cap)
{
    if (cap != 0 && (n > cap || w->size > cap - n))
        return VG_ERR_TOO_LARGE;
    if (w->size < sizeof(w->head)) {
        size_t k = sizeof(w->head) - (size_t)w->size;
        memcpy(w->head + w->size, p, n < k ? n : k);
    }
    const char *c = p;
    size_t left = n;
    while (left > 0) {
        ssize_t k = write(w->fd, c, left);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            log_msg(LOG_ERROR, "blob_write_failed", "error", strerror(errno), NULL);
            return blob_counted(w->bs, VG_ERR_IO);
        }
        c += k;
        left -= (size_t)k;
    }
    w->size += n;
    return VG_OK;
}

uint64_t blob_writer_size(const struct blob_writer *w) { return w->size; }

size_t blob_writer_head(const struct blob_writer *w, unsigned char out[8])
{
    size_t n = w->size < 8 ? (size_t)w->size : 8;
    memcpy(out, w->head, n);
    return n;
}

enum vg_err blob_writer_sync(struct blob_writer *w)
{
    if (fsync(w->fd) == 0)
        return VG_OK;
    log_msg(LOG_ERROR, "blob_sync_failed", "error", strerror(errno), NULL);
    return blob_counted(w->bs, VG_ERR_IO);
}

static void blob_writer_free(struct blob_writer *w)
{
    if (w->fd >= 0)
        close(w->fd);
    unlink(w->tmp_path); /* gone already after a local commit */
    free(w->tmp_path);
    free(w->key);
    free(w);
}

enum vg_err blob_writer_commit(struct blob_writer *w)
{
    struct blob_store *bs = w->bs;
    enum vg_err e = bs->ops->commit(bs->impl, w->key, w->fd, w->tmp_path, w->size);
    blob_writer_free(w);
    return blob_counted(bs, e);
}

void blob_writer_abort(struct blob_writer *w)
{
    if (w == NULL)
        return;
    blob_writer_free(w);
}

/* ---- reading and the rest, dispatched ---- */

enum vg_err blob_get(struct blob_store *bs, const char *key, blob_sink_fn sink, void *ctx)
{
    if (!blob_key_valid(key))
        return VG_ERR_INVALID;
    return blob_counted(bs, bs->ops->get(bs->impl, key, sink, ctx));
}

struct blob_spool {
    int fd;
};

static int blob_spool_sink(void *ctx, const void *p, size_t n)
{
    struct blob_spool *s = ctx;
    const char *c = p;
    while (n > 0) {
        ssize_t k = write(s->fd, c, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

/* An anonymous file in the tmp dir: it vanishes when closed or when the process dies. */
static int blob_anon_file(const char *dir)
{
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
        return fd;
    char rnd[17];
    rand_base62(rnd, 16);
    char *path = xasprintf("%s/%s.spool", dir, rnd);
    fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        unlink(path);
    free(path);
    return fd;
}

enum vg_err blob_stat_version(struct blob_store *bs, const char *key, uint64_t *size,
                              char out[BLOB_VERSION_LEN])
{
    out[0] = '\0';
    if (!blob_key_valid(key))
        return VG_ERR_INVALID;
    if (bs->ops->stat_version == NULL)
        return blob_counted(bs, bs->ops->stat(bs->impl, key, size));
    return blob_counted(bs, bs->ops->stat_version(bs->impl, key, size, out));
}

enum vg_err blob_open_read(struct blob_store *bs, const char *key, int *fd)
{
    return blob_open_read_version(bs, key, NULL, fd);
}

enum vg_err blob_open_read_version(struct blob_store *bs, const char *key, const char *version,
                                   int *fd)
{
    *fd = -1;
    if (!blob_key_valid(key))
        return VG_ERR_INVALID;
    bool pinned = version != NULL && version[0] != '\0' && bs->ops->get_version != NULL;
    if (bs->ops->open_read != NULL && !pinned)
        return blob_counted(bs, bs->ops->open_read(bs->impl, key, fd));
    struct blob_spool s = {blob_anon_file(bs->tmp_dir)};
    if (s.fd < 0) {
        log_msg(LOG_ERROR, "blob_spool_failed", "error", strerror(errno), NULL);
        return blob_counted(bs, VG_ERR_IO);
    }
    enum vg_err e = pinned ? bs->ops->get_version(bs->impl, key, version, blob_spool_sink, &s)
                           : bs->ops->get(bs->impl, key, blob_spool_sink, &s);
    if (e == VG_OK && lseek(s.fd, 0, SEEK_SET) != 0)
        e = VG_ERR_IO;
    if (e != VG_OK) {
        close(s.fd);
        return blob_counted(bs, e);
    }
    *fd = s.fd;
    return VG_OK;
}

struct blob_head_ctx {
    unsigned char *out;
    size_t n;
};

static int blob_head_sink(void *ctx, const void *p, size_t n)
{
    struct blob_head_ctx *h = ctx;
    size_t k = 8 - h->n < n ? 8 - h->n : n;
    memcpy(h->out + h->n, p, k);
    h->n += k;
    return h->n == 8 ? 1 : 0;
}

enum vg_err blob_head(struct blob_store *bs, const char *key, const char *version,
                      unsigned char out[8], size_t *n)
{
    struct blob_head_ctx h = {out, 0};
    bool pinned = version != NULL && version[0] != '\0' && bs->ops->get_version != NULL;
    enum vg_err e = !pinned ? blob_get(bs, key, blob_head_sink, &h)
                   : !blob_key_valid(key)
                       ? VG_ERR_INVALID
                       : blob_counted(bs, bs->ops->get_version(bs->impl, key, version,
                                                               blob_head_sink, &h));
    *n = h.n;
    return e;
}

enum vg_err blob_delete_counted(struct blob_store *bs, const char *key, uint64_t *freed)
{
    *freed = 0;
    if (!blob_key_valid(key))
        return VG_ERR_INVALID;
    return blob_counted(bs, bs->ops->remove(bs->impl, key, freed));
}

enum vg_err blob_delete(struct blob_store *bs, const char *key)
{
    uint64_t freed = 0;
    return blob_delete_counted(bs, key, &freed);
}

enum vg_err blob_stat(struct blob_store *bs, const char *key, uint64_t *size)
{
    if (!blob_key_valid(key))
        return VG_ERR_INVALID;
    return blob_counted(bs, bs->ops->stat(bs->impl, key, size));
}

enum vg_err blob_list(struct blob_store *bs, const char *prefix, blob_list_fn fn, void *ctx)
{
    if (prefix == NULL || (*prefix != '\0' && !blob_key_valid(prefix) &&
                           !(prefix[strlen(prefix) - 1] == '/')))
        return VG_ERR_INVALID;
    return blob_counted(bs, bs->ops->list(bs->impl, prefix, fn, ctx));
}

bool blob_presigns(const struct blob_store *bs)
{
    return bs != NULL && bs->ops == &blob_s3_ops;
}

enum vg_err blob_presign(struct blob_store *bs, const char *method, const char *key,
                         int64_t ttl_s, char **url)
{
    *url = NULL;
    if (!blob_key_valid(key))
        return VG_ERR_INVALID;
    int64_t now = (int64_t)time(NULL);
    return bs->ops->presign(bs->impl, method, key, now, now + ttl_s, url);
}

enum vg_err blob_ping(struct blob_store *bs) { return blob_counted(bs, bs->ops->ping(bs->impl)); }

enum vg_err blob_sweep_tmp(struct blob_store *bs, int64_t older_than, bool dry_run,
                           int64_t *files, uint64_t *bytes)
{
    *files = 0;
    *bytes = 0;
    DIR *d = opendir(bs->tmp_dir);
    if (d == NULL)
        return errno == ENOENT ? VG_OK : VG_ERR_IO;
    struct dirent *de;
    size_t sl = strlen(BLOB_TMP_SUFFIX);
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n <= sl || strcmp(de->d_name + n - sl, BLOB_TMP_SUFFIX) != 0)
            continue;
        struct stat sb;
        if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(sb.st_mode) || (int64_t)sb.st_mtime >= older_than)
            continue;
        /* ENOENT: another process swept it first and counts it. */
        if (!dry_run && unlinkat(dirfd(d), de->d_name, 0) != 0)
            continue;
        (*files)++;
        *bytes += (uint64_t)sb.st_size;
    }
    closedir(d);
    return VG_OK;
}

/* ---- the server's own signed URLs (local backend) ---- */

void blob_sign(const unsigned char key[32], const char *method, const char *path,
               int64_t expires, char out[BLOB_SIG_HEX + 1])
{
    char *msg = xasprintf("%s\n%s\n%lld", method, path, (long long)expires);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, (const unsigned char *)msg, strlen(msg), key);
    hex_encode(out, mac, sizeof(mac));
    free(msg);
}

bool blob_verify(const unsigned char key[32], const char *method, const char *path,
                 int64_t expires, const char *sig)
{
    if (sig == NULL || strlen(sig) != BLOB_SIG_HEX)
        return false;
    char want[BLOB_SIG_HEX + 1];
    blob_sign(key, method, path, expires, want);
    return sodium_memcmp(want, sig, BLOB_SIG_HEX) == 0;
}
