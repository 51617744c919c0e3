/*
 * blob_int.h - what a blob backend implements (the ops table) and the parts of a store
 * every backend shares. Only src/blob/ includes it. blob.c owns the writer (a temporary
 * file, so an upload of unknown length streams without being held in memory), key
 * validation, error counting and the dispatch; a backend moves bytes to and from its
 * storage.
 */
#ifndef VG_BLOB_BLOB_INT_H
#define VG_BLOB_BLOB_INT_H

#include <stdatomic.h>

#include "blob/blob.h"

/* What blob_open passes to the S3 backend (borrowed). */
struct blob_s3_config {
    const char *bucket, *prefix;
    const char *endpoint, *region, *access_key_id, *secret_access_key;
    enum blob_s3_addressing addressing;
};

struct blob_ops {
    const char *name; /* "local", "s3" */
    /* Move the finished temporary file (fd open for reading and writing, tmp_path its
     * name) to key. The caller closes fd and unlinks tmp_path afterwards if it still
     * exists. */
    enum vg_err (*commit)(void *impl, const char *key, int fd, const char *tmp_path,
                          uint64_t size);
    /* Feed key's bytes to sink in order. VG_ERR_NOT_FOUND when absent. */
    enum vg_err (*get)(void *impl, const char *key, blob_sink_fn sink, void *ctx);
    /* Open key for reading (a seekable fd the caller closes), or NULL in the table when the
     * backend has no files: blob.c then spools get() into an anonymous temporary file. */
    enum vg_err (*open_read)(void *impl, const char *key, int *fd);
    enum vg_err (*stat)(void *impl, const char *key, uint64_t *size);
    /* Remove key; *freed is its size when it was there, 0 when it was absent. */
    enum vg_err (*remove)(void *impl, const char *key, uint64_t *freed);
    enum vg_err (*list)(void *impl, const char *prefix, blob_list_fn fn, void *ctx);
    /* A URL valid for `method` on key until expires (epoch seconds), or VG_ERR_INVALID
     * when the backend cannot sign URLs (the server serves its own). */
    enum vg_err (*presign)(void *impl, const char *method, const char *key, int64_t now,
                           int64_t expires, char **url);
    /* stat() plus the version of key (S3: its ETag) into out, or NULL in the table when
     * objects cannot change behind the server (local: only the server writes them). */
    enum vg_err (*stat_version)(void *impl, const char *key, uint64_t *size,
                                char out[BLOB_VERSION_LEN]);
    /* get(), refusing with VG_ERR_CONFLICT (before any byte reaches sink) when key is no
     * longer at version. NULL with stat_version. */
    enum vg_err (*get_version)(void *impl, const char *key, const char *version,
                               blob_sink_fn sink, void *ctx);
    /* Whether the storage answers (readiness). */
    enum vg_err (*ping)(void *impl);
    void (*close)(void *impl);
};

struct blob_store {
    const struct blob_ops *ops;
    void *impl;
    char *tmp_dir;           /* temporary files of writers and spooled reads */
    atomic_ullong errors;    /* failed storage operations (metrics) */
};

/* Create a store around a backend (tmp_dir is created). NULL-free: aborts on OOM. */
enum vg_err blob_store_new(const struct blob_ops *ops, void *impl, const char *tmp_dir,
                           struct blob_store **out);

/* The two backends. */
enum vg_err blob_local_impl(const char *root, void **impl);
extern const struct blob_ops blob_local_ops;
enum vg_err blob_s3_impl(const struct blob_s3_config *cfg, void **impl);
extern const struct blob_ops blob_s3_ops;

/* mkdir -p with mode 0700 for path (modified in place, restored). 0 or -1 (errno). */
int blob_mkdirs(char *path);

#endif
