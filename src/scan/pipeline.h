/*
 * pipeline.h - the scan's threads: one producer (the caller's thread, walking a directory
 * or reading an archive stream) hands files to N workers through a bounded queue (bounded
 * in entries and in bytes, so memory stays flat on any input). Each worker has its own
 * Vectorscan scratch, PCRE2 match data, read buffer and result; results are merged, filtered
 * by suppression and sorted at the end. With one thread the producer scans inline.
 */
#ifndef VG_SCAN_PIPELINE_H
#define VG_SCAN_PIPELINE_H

#include "scan/engine_int.h"

struct pipeline;

/* Start a run writing into res (borrowed until pipeline_finish). */
struct pipeline *pipeline_start(const struct scan_engine *eng, const struct scan_options *opt,
                                struct scan_result *res);

/* Producer side. The pipeline takes ownership of the strings and of data's storage. */
void pipeline_submit_file(struct pipeline *p, char *path_take, char *fspath_take);
/* A regular file the producer opened (fd taken, read and closed by a worker): one path
 * lookup and one stat a file. size is what fstat gave; a file that grew since is still
 * capped at max_file_size. */
void pipeline_submit_fd(struct pipeline *p, char *path_take, int fd_take, uint64_t size);
void pipeline_submit_data(struct pipeline *p, char *path_take, struct buf *data_take);
/* The same, and every finding of this file gets feed_tag = tag (scan/stream.c);
 * secrets_only: only secret rules read it (a blob that lives only in a git history). */
void pipeline_submit_tagged(struct pipeline *p, char *path_take, struct buf *data_take,
                            uint64_t tag, bool secrets_only);

/* A file whose bytes the worker that takes it fetches itself, just before scanning it, into
 * its own reusable buffer: no copy through the queue, no allocation a file (a producer
 * reading one ordered stream, as git cat-file's output). fill(ctx, arg, into) appends the
 * content to `into` (empty, capped one byte over max_file_size) and returns true, or returns
 * false when there is nothing to scan (counted as ignored, size bytes). It runs on a worker
 * thread (the producer's with one thread), exactly once per file submitted; the files of one
 * producer may be filled in any order and at the same time. Their contents are distinct (git
 * blobs, named by their hash), so they skip the scan's dedupe table. tag, secrets_only: as
 * above. */
typedef bool (*pipeline_fill_fn)(void *ctx, uint64_t arg, struct buf *into);
void pipeline_submit_fill(struct pipeline *p, char *path_take, uint64_t size, pipeline_fill_fn fill,
                          void *ctx, uint64_t arg, uint64_t tag, bool secrets_only);

/* The producer's own statistics (total, ignored, risky, errors). */
struct scan_stats *pipeline_stats(struct pipeline *p);
const struct scan_options *pipeline_options(const struct pipeline *p);

/* Record that a limit stopped the producer (static string). */
void pipeline_limit(struct pipeline *p, const char *which);
bool pipeline_limited(const struct pipeline *p);

/* The .vegaignore in force (from options, the root, or the archive). */
const struct vegaignore *pipeline_vegaignore(const struct pipeline *p);
void pipeline_add_vegaignore(struct pipeline *p, const char *text);

/* Call the progress callback if due (every 250 ms). */
void pipeline_tick(struct pipeline *p);

/*
 * Wait for the workers, merge their results into res, apply .vegaignore and the baseline,
 * sort, free the pipeline. `status` is the producer's outcome and `error` (may be NULL,
 * copied) its message. Returns the scan's status (see scan_path).
 */
enum vg_err pipeline_finish(struct pipeline *p, enum vg_err status, const char *error);

/* True when a directory on the path is one of the default ignores (ingest.c). */
bool path_in_ignored_dir(const char *path);

/* True when the bytes look binary (a NUL in the first ENGINE_BINARY_PROBE bytes). */
bool pipeline_is_binary(const char *data, size_t len);

#endif
