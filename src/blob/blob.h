/*
 * blob.h - object storage for uploads and artifacts, behind one small interface with two
 * backends (an ops table, blob_int.h):
 *   - local: files under a directory (the default, DATA_DIR/blobs); the server serves its
 *     own signed upload URLs (blob_sign / blob_verify);
 *   - s3: any S3-compatible store (`s3://bucket/prefix`), requests signed with libcurl's
 *     SigV4 (CURLOPT_AWS_SIGV4), upload and download URLs presigned with SigV4 query
 *     parameters (blob_presign), so clients PUT archives straight to the store.
 * Writes go to a temporary file that becomes the object on commit (a rename, or one PUT),
 * so a broken upload never leaves a half object behind and nothing is held in memory.
 * Reads stream (blob_get) or, for the engine's seekable ZIP reader, give a file
 * descriptor (blob_open_read; an S3 object is spooled into an anonymous temporary file
 * that vanishes when closed, even after a crash). Keys are relative paths of
 * [A-Za-z0-9._-] segments separated by '/'; anything else (.., absolute, empty segments)
 * is refused with VG_ERR_INVALID.
 *
 * Errors: VG_ERR_NOT_FOUND for a missing key, VG_ERR_UNAVAILABLE when the store cannot be
 * reached or answers 5xx (retry later), VG_ERR_IO for other failures; details go to the
 * log, never to a client. Thread-safe: a blob store may be shared; each writer belongs to
 * one thread.
 */
#ifndef VG_BLOB_BLOB_H
#define VG_BLOB_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct blob_store;
struct blob_writer;

#define BLOB_SIG_HEX 64
/* How long a signed upload URL stays valid (API.md: 15 minutes). */
#define BLOB_UPLOAD_TTL_S 900

/* Addressing of S3 requests: path style (http://endpoint/bucket/key) or virtual-host style
 * (http://bucket.endpoint/key); auto is virtual-host on AWS, path style with an endpoint. */
enum blob_s3_addressing { BLOB_S3_AUTO, BLOB_S3_PATH, BLOB_S3_VIRTUAL };

struct blob_config {
    const char *url;      /* NULL or "": DATA_DIR/blobs; a directory; or s3://bucket[/prefix] */
    const char *data_dir; /* temporary files live under DATA_DIR/tmp */
    /* s3 only (borrowed): */
    const char *endpoint; /* http(s)://host[:port]; NULL: https://s3.REGION.amazonaws.com */
    const char *region;   /* NULL: us-east-1 */
    const char *access_key_id, *secret_access_key;
    enum blob_s3_addressing addressing;
};

/* Open the store cfg names. VG_ERR_INVALID with a message on stderr for a bad url or
 * missing credentials; VG_ERR_IO when a local directory cannot be created. An S3 store is
 * not contacted here (blob_ping says whether it answers). */
enum vg_err blob_open(const struct blob_config *cfg, struct blob_store **out);
/* Open (creating) a local-directory store at root. */
enum vg_err blob_open_local(const char *root, struct blob_store **out);
void blob_close(struct blob_store *bs);
/* "local" or "s3". */
const char *blob_backend_name(const struct blob_store *bs);
/* Storage operations that failed since the store was opened (for /metrics). */
uint64_t blob_error_count(const struct blob_store *bs);
/* VG_OK when the storage answers (readiness), VG_ERR_UNAVAILABLE otherwise. */
enum vg_err blob_ping(struct blob_store *bs);

/* A consumer of streamed bytes: return 0 for more, 1 to stop early (the call still
 * succeeds), -1 to fail it (VG_ERR_IO). */
typedef int (*blob_sink_fn)(void *ctx, const void *p, size_t n);
/* Stream key to sink, in order, in chunks of at most 256 KB. VG_ERR_NOT_FOUND if absent. */
enum vg_err blob_get(struct blob_store *bs, const char *key, blob_sink_fn sink, void *ctx);
/* One listed object: return non-zero to stop the listing. key is borrowed for the call;
 * mtime in epoch seconds. */
typedef int (*blob_list_fn)(void *ctx, const char *key, uint64_t size, int64_t mtime);
/* Every object whose key starts with prefix (a whole segment or more: "raw-uploads/"), in
 * no particular order. Temporary files are not objects. */
enum vg_err blob_list(struct blob_store *bs, const char *prefix, blob_list_fn fn, void *ctx);
/* Whether the backend signs its own URLs (blob_presign works): true for s3. NULL: false. */
bool blob_presigns(const struct blob_store *bs);
/* A URL allowing method ("PUT" or "GET") on key for ttl_s seconds from now, which the
 * caller frees. VG_ERR_INVALID when the backend cannot presign (local: use blob_sign). */
enum vg_err blob_presign(struct blob_store *bs, const char *method, const char *key,
                         int64_t ttl_s, char **url);

/* Begin writing key; nothing is visible under key until blob_writer_commit. */
enum vg_err blob_writer_open(struct blob_store *bs, const char *key, struct blob_writer **out);
/* Append; VG_ERR_TOO_LARGE past cap bytes (0: no cap), VG_ERR_IO on a write error. */
enum vg_err blob_writer_write(struct blob_writer *w, const void *p, size_t n, uint64_t cap);
uint64_t blob_writer_size(const struct blob_writer *w);
/* First bytes written (up to 8), for content sniffing. */
size_t blob_writer_head(const struct blob_writer *w, unsigned char out[8]);
/* fsync the data written so far (so a later commit is a quick rename). VG_ERR_IO on
 * failure. */
enum vg_err blob_writer_sync(struct blob_writer *w);
/* fsync and atomically rename into place; frees w in every case. */
enum vg_err blob_writer_commit(struct blob_writer *w);
/* Drop the temporary file; frees w. Accepts NULL. */
void blob_writer_abort(struct blob_writer *w);

/* Open key for reading: a seekable file descriptor the caller closes. VG_ERR_NOT_FOUND if
 * absent. */
enum vg_err blob_open_read(struct blob_store *bs, const char *key, int *fd);
/* Remove key; absent is fine. */
enum vg_err blob_delete(struct blob_store *bs, const char *key);
/* Remove key; *freed is its size when this call removed it, 0 when it was absent (so
 * two processes deleting one key count its bytes once). */
enum vg_err blob_delete_counted(struct blob_store *bs, const char *key, uint64_t *freed);
/* Size of key. VG_ERR_NOT_FOUND if absent. */
enum vg_err blob_stat(struct blob_store *bs, const char *key, uint64_t *size);
/* Object versions. A client that holds a presigned PUT URL can overwrite the object until
 * the URL expires, even after the scan started; the version recorded when the server
 * accepted the object (S3: its ETag) pins what later reads may see. */
#define BLOB_VERSION_LEN 80
/* blob_stat, plus the version of key into out: "" when the backend's objects change only
 * through the server (local). VG_ERR_NOT_FOUND if absent. */
enum vg_err blob_stat_version(struct blob_store *bs, const char *key, uint64_t *size,
                              char out[BLOB_VERSION_LEN]);
/* blob_open_read, refusing with VG_ERR_CONFLICT when key is no longer at version (NULL or
 * "": any version). */
enum vg_err blob_open_read_version(struct blob_store *bs, const char *key, const char *version,
                                   int *fd);
/* The first up to 8 bytes of key (content sniffing); *n how many. version as for
 * blob_open_read_version: VG_ERR_CONFLICT when key is no longer at it. */
enum vg_err blob_head(struct blob_store *bs, const char *key, const char *version,
                      unsigned char out[8], size_t *n);
/* Temporary files of writers (interrupted uploads, a crash) last written before
 * older_than (epoch seconds): delete them (or, dry_run, only count them). *files and
 * *bytes receive what this call removed (or would remove). */
enum vg_err blob_sweep_tmp(struct blob_store *bs, int64_t older_than, bool dry_run,
                           int64_t *files, uint64_t *bytes);
bool blob_key_valid(const char *key);

/* HMAC-SHA256 hex of "METHOD\nPATH\nEXPIRES" with key (32 bytes). */
void blob_sign(const unsigned char key[32], const char *method, const char *path,
               int64_t expires, char out[BLOB_SIG_HEX + 1]);
/* Constant-time check of a signature produced by blob_sign. */
bool blob_verify(const unsigned char key[32], const char *method, const char *path,
                 int64_t expires, const char *sig);

#endif
