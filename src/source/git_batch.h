/*
 * git_batch.h - blob contents in bulk from `git cat-file --batch` (private to src/source).
 *
 * libgit2 keeps at most 16 MB of delta bases, none over 1 MB, in a cache fixed at build
 * time: reading the versions of a large file one by one re-inflates its delta chain again
 * and again (about 60 MB/s on the history bench). git's own reader keeps 96 MB of bases and
 * runs in its own process, next to the engine's threads (several hundred MB/s). So a
 * history's blobs, once chosen by the libgit2 tree walk, are read through one
 * `git cat-file --batch`: a thread writes the object names, the caller reads the contents
 * in the same order. When git cannot be started (git_batch_start returns NULL), stops
 * answering (GIT_BATCH_BROKEN) or does not find an object, the caller reads with libgit2.
 */
#ifndef VG_SOURCE_GIT_BATCH_H
#define VG_SOURCE_GIT_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct git_batch;

#define GIT_BATCH_HEX 40 /* object names: SHA-1 in hex */

/* Start git on the repository at git_dir (its .git directory or a bare repository) asking
 * for the objects named in `names`: n lines of 40 hex digits each ending in '\n' (taken:
 * freed by the batch). NULL when git could not be started. */
struct git_batch *git_batch_start(const char *git_dir, char *names_take, size_t n);

enum git_batch_got {
    GIT_BATCH_BLOB,    /* *out holds the content */
    GIT_BATCH_LARGE,   /* over max bytes: not kept (size in *size) */
    GIT_BATCH_MISSING, /* not in the repository, or not a blob */
    GIT_BATCH_BROKEN,  /* git stopped answering: this and every later object is lost */
};

/* The next object's content into out (reset first) when it is a blob of at most max
 * bytes; *size is its size. */
enum git_batch_got git_batch_next(struct git_batch *b, size_t max, struct buf *out, size_t *size);

/* Read the next object's answer and drop it; false when git stopped answering. */
bool git_batch_skip(struct git_batch *b);

/* Stop git (killed when objects are left unread) and free the batch. */
void git_batch_end(struct git_batch *b);

#endif
