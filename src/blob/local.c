/*
 * local.c - the local-directory blob backend (see blob.h). Temporary files live in
 * ROOT/.tmp on the same file system as the objects, so commit is one rename(2); the ones
 * a crash or a dropped upload leaves there are swept by blob_sweep_tmp (the cleanup).
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
#include <unistd.h>

#include "util/log.h"
#include "util/rand.h"
#include "util/xalloc.h"

struct blob_store {
    char *root;
};

struct blob_writer {
    struct blob_store *bs;
    char *tmp_path;
    char *final_path;
    int fd;
    uint64_t size;
    unsigned char head[8];
};

static int blob_mkdirs(char *path)
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

enum vg_err blob_open_local(const char *root, struct blob_store **out)
{
    char *tmp = xasprintf("%s/.tmp", root);
    int rc = blob_mkdirs(tmp);
    free(tmp);
    if (rc != 0) {
        log_msg(LOG_ERROR, "blob_root_unusable", "root", root, "error", strerror(errno), NULL);
        return VG_ERR_IO;
    }
    struct blob_store *bs = xcalloc(1, sizeof(*bs));
    bs->root = xstrdup(root);
    *out = bs;
    return VG_OK;
}

void blob_close(struct blob_store *bs)
{
    if (bs == NULL)
        return;
    free(bs->root);
    free(bs);
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

enum vg_err blob_writer_open(struct blob_store *bs, const char *key, struct blob_writer **out)
{
    if (!blob_key_valid(key))
        return VG_ERR_INVALID;
    char rnd[17];
    rand_base62(rnd, 16);
    struct blob_writer *w = xcalloc(1, sizeof(*w));
    w->bs = bs;
    w->tmp_path = xasprintf("%s/.tmp/%s.part", bs->root, rnd);
    w->final_path = xasprintf("%s/%s", bs->root, key);
    w->fd = open(w->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (w->fd < 0) {
        log_msg(LOG_ERROR, "blob_open_failed", "error", strerror(errno), NULL);
        free(w->tmp_path);
        free(w->final_path);
        free(w);
        return VG_ERR_IO;
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
            return VG_ERR_IO;
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
    return VG_ERR_IO;
}

static void blob_writer_free(struct blob_writer *w)
{
    if (w->fd >= 0)
        close(w->fd);
    free(w->tmp_path);
    free(w->final_path);
    free(w);
}

enum vg_err blob_writer_commit(struct blob_writer *w)
{
    enum vg_err e = VG_ERR_IO;
    char *dir = xstrdup(w->final_path);
    char *slash = strrchr(dir, '/');
    if (slash != NULL)
        *slash = '\0';
    if (fsync(w->fd) != 0 || blob_mkdirs(dir) != 0 || rename(w->tmp_path, w->final_path) != 0) {
        log_msg(LOG_ERROR, "blob_commit_failed", "error", strerror(errno), NULL);
        unlink(w->tmp_path);
    } else {
        e = VG_OK;
    }
    free(dir);
    blob_writer_free(w);
    return e;
}

void blob_writer_abort(struct blob_writer *w)
{
    if (w == NULL)
        return;
    unlink(w->tmp_path);
    blob_writer_free(w);
}

enum vg_err blob_open_read(struct blob_store *bs, const char *key, int *fd)
{
    if (!blob_key_valid(key))
        return VG_ERR_INVALID;
    char *path = xasprintf("%s/%s", bs->root, key);
    *fd = open(path, O_RDONLY | O_CLOEXEC);
    int err = errno;
    free(path);
    if (*fd < 0)
        return err == ENOENT ? VG_ERR_NOT_FOUND : VG_ERR_IO;
    return VG_OK;
}

enum vg_err blob_delete_counted(struct blob_store *bs, const char *key, uint64_t *freed)
{
    *freed = 0;
    if (!blob_key_valid(key))
        return VG_ERR_INVALID;
    char *path = xasprintf("%s/%s", bs->root, key);
    struct stat sb;
    bool had = lstat(path, &sb) == 0;
    int rc = unlink(path);
    int err = errno;
    free(path);
    if (rc == 0 && had)
        *freed = (uint64_t)sb.st_size;
    return (rc == 0 || err == ENOENT) ? VG_OK : VG_ERR_IO;
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
    char *path = xasprintf("%s/%s", bs->root, key);
    struct stat sb;
    int rc = lstat(path, &sb);
    int err = errno;
    free(path);
    if (rc != 0)
        return err == ENOENT ? VG_ERR_NOT_FOUND : VG_ERR_IO;
    *size = (uint64_t)sb.st_size;
    return VG_OK;
}

enum vg_err blob_sweep_tmp(struct blob_store *bs, int64_t older_than, bool dry_run,
                           int64_t *files, uint64_t *bytes)
{
    *files = 0;
    *bytes = 0;
    char *dir = xasprintf("%s/.tmp", bs->root);
    DIR *d = opendir(dir);
    if (d == NULL) {
        free(dir);
        return errno == ENOENT ? VG_OK : VG_ERR_IO;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n < 6 || strcmp(de->d_name + n - 5, ".part") != 0)
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
    free(dir);
    return VG_OK;
}

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
