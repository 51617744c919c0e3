/*
 * blob.h - object storage for uploads and artifacts, behind one small interface. The
 * embedded backend keeps objects as files under a local directory; writes go to a
 * temporary file that is renamed into place on commit, so a broken upload never leaves
 * a half object behind. Keys are relative paths of [A-Za-z0-9._-] segments separated by
 * '/'; anything else (.., absolute, empty segments) is refused with VG_ERR_INVALID.
 *
 * Thread-safe: a blob store may be shared; each writer belongs to one thread.
 * Signed URLs: blob_sign() makes an HMAC-SHA256 (server key) over method, path and
 * expiry; blob_verify() checks it in constant time.
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

/* Open (creating) a local-directory store at root. */
enum vg_err blob_open_local(const char *root, struct blob_store **out);
void blob_close(struct blob_store *bs);

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

/* Open key for reading: a file descriptor the caller closes. VG_ERR_NOT_FOUND if absent. */
enum vg_err blob_open_read(struct blob_store *bs, const char *key, int *fd);
/* Remove key; absent is fine. */
enum vg_err blob_delete(struct blob_store *bs, const char *key);
/* Remove key; *freed is its size when this call removed it, 0 when it was absent (so
 * two processes deleting one key count its bytes once). */
enum vg_err blob_delete_counted(struct blob_store *bs, const char *key, uint64_t *freed);
/* Size of key. VG_ERR_NOT_FOUND if absent. */
enum vg_err blob_stat(struct blob_store *bs, const char *key, uint64_t *size);
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
