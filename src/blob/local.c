/*
 * local.c - the local-directory blob backend (see blob.h). Objects are files under ROOT;
 * writers' temporary files live in ROOT/.tmp on the same file system, so commit is one
 * fsync and rename(2); the ones a crash or a dropped upload leaves there are swept by
 * blob_sweep_tmp (the cleanup). It cannot presign: the server signs its own upload URLs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blob/blob_int.h"
#include "util/log.h"
#include "util/xalloc.h"

#define LOCAL_CHUNK (256 * 1024)
#define LOCAL_LIST_DEPTH 16

struct local {
    char *root;
};

enum vg_err blob_local_impl(const char *root, void **impl)
{
    char *dir = xstrdup(root);
    int rc = blob_mkdirs(dir);
    free(dir);
    if (rc != 0) {
        log_msg(LOG_ERROR, "blob_root_unusable", "root", root, "error", strerror(errno), NULL);
        return VG_ERR_IO;
    }
    struct local *l = xcalloc(1, sizeof(*l));
    l->root = xstrdup(root);
    *impl = l;
    return VG_OK;
}

static void local_close(void *impl)
{
    struct local *l = impl;
    if (l == NULL)
        return;
    free(l->root);
    free(l);
}

static enum vg_err local_commit(void *impl, const char *key, int fd, const char *tmp_path,
                                uint64_t size)
{
    struct local *l = impl;
    (void)size;
    enum vg_err e = VG_ERR_IO;
    char *final = xasprintf("%s/%s", l->root, key);
    char *dir = xstrdup(final);
    char *slash = strrchr(dir, '/');
    if (slash != NULL)
        *slash = '\0';
    if (fsync(fd) != 0 || blob_mkdirs(dir) != 0 || rename(tmp_path, final) != 0)
        log_msg(LOG_ERROR, "blob_commit_failed", "error", strerror(errno), NULL);
    else
        e = VG_OK;
    free(dir);
    free(final);
    return e;
}

static enum vg_err local_open_read(void *impl, const char *key, int *fd)
{
    struct local *l = impl;
    char *path = xasprintf("%s/%s", l->root, key);
    *fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    int err = errno;
    free(path);
    if (*fd < 0)
        return err == ENOENT ? VG_ERR_NOT_FOUND : VG_ERR_IO;
    return VG_OK;
}

static enum vg_err local_get(void *impl, const char *key, blob_sink_fn sink, void *ctx)
{
    int fd = -1;
    enum vg_err e = local_open_read(impl, key, &fd);
    if (e != VG_OK)
        return e;
    char *buf = xmalloc(LOCAL_CHUNK);
    for (;;) {
        ssize_t n = read(fd, buf, LOCAL_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            e = VG_ERR_IO;
            break;
        }
        if (n == 0)
            break;
        int rc = sink(ctx, buf, (size_t)n);
        if (rc != 0) {
            e = rc > 0 ? VG_OK : VG_ERR_IO;
            break;
        }
    }
    free(buf);
    close(fd);
    return e;
}

static enum vg_err local_stat(void *impl, const char *key, uint64_t *size)
{
    struct local *l = impl;
    char *path = xasprintf("%s/%s", l->root, key);
    struct stat sb;
    int rc = lstat(path, &sb);
    int err = errno;
    free(path);
    if (rc != 0)
        return err == ENOENT ? VG_ERR_NOT_FOUND : VG_ERR_IO;
    *size = (uint64_t)sb.st_size;
    return VG_OK;
}

static enum vg_err local_remove(void *impl, const char *key, uint64_t *freed)
{
    struct local *l = impl;
    char *path = xasprintf("%s/%s", l->root, key);
    struct stat sb;
    bool had = lstat(path, &sb) == 0;
    int rc = unlink(path);
    int err = errno;
    free(path);
    if (rc == 0 && had)
        *freed = (uint64_t)sb.st_size;
    return (rc == 0 || err == ENOENT) ? VG_OK : VG_ERR_IO;
}

/* Walk dir (the path of key prefix rel under root), reporting regular files; the .tmp
 * directory at the root holds no objects. 1 when fn stopped the walk. */
static int local_walk(const char *dir, const char *rel, int depth, blob_list_fn fn, void *ctx)
{
    DIR *d = opendir(dir);
    if (d == NULL || depth > LOCAL_LIST_DEPTH) {
        if (d != NULL)
            closedir(d);
        return 0;
    }
    int stop = 0;
    struct dirent *de;
    while (!stop && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' && (rel[0] == '\0' || strcmp(de->d_name, ".") == 0 ||
                                     strcmp(de->d_name, "..") == 0))
            continue;
        struct stat sb;
        if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        char *key = rel[0] ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
        if (S_ISDIR(sb.st_mode)) {
            char *sub = xasprintf("%s/%s", dir, de->d_name);
            stop = local_walk(sub, key, depth + 1, fn, ctx);
            free(sub);
        } else if (S_ISREG(sb.st_mode) && blob_key_valid(key)) {
            stop = fn(ctx, key, (uint64_t)sb.st_size, (int64_t)sb.st_mtime) != 0;
        }
        free(key);
    }
    closedir(d);
    return stop;
}

static enum vg_err local_list(void *impl, const char *prefix, blob_list_fn fn, void *ctx)
{
    struct local *l = impl;
    /* The prefix names a directory ("raw-uploads/" or "raw-uploads/USER"). */
    char *rel = xstrdup(prefix);
    size_t n = strlen(rel);
    while (n > 0 && rel[n - 1] == '/')
        rel[--n] = '\0';
    char *dir = n ? xasprintf("%s/%s", l->root, rel) : xstrdup(l->root);
    (void)local_walk(dir, rel, 0, fn, ctx);
    free(dir);
    free(rel);
    return VG_OK;
}

static enum vg_err local_presign(void *impl, const char *method, const char *key, int64_t now,
                                 int64_t expires, char **url)
{
    (void)impl, (void)method, (void)key, (void)now, (void)expires, (void)url;
    return VG_ERR_INVALID;
}

static enum vg_err local_ping(void *impl)
{
    struct local *l = impl;
    return access(l->root, W_OK) == 0 ? VG_OK : VG_ERR_UNAVAILABLE;
}

const struct blob_ops blob_local_ops = {
    .name = "local",
    .commit = local_commit,
    .get = local_get,
    .open_read = local_open_read,
    .stat = local_stat,
    .remove = local_remove,
    .list = local_list,
    .presign = local_presign,
    .ping = local_ping,
    .close = local_close,
};
