/*
 * stream.h - the engine as a stream of files: begin a scan, feed it (path, bytes, metadata)
 * as the caller produces them (a git history, standard input, anything that is not a
 * directory or an archive), finish it. Files are scanned by the pipeline's worker threads
 * while the caller goes on producing; memory stays bounded by the pipeline's queue.
 *
 *     struct scan_stream *s = scan_stream_begin(eng, &opt, &res);
 *     scan_stream_feed(s, "src/app.js", data, len, &(struct scan_feed_meta){.commit = &c});
 *     enum vg_err e = scan_stream_finish(s, VG_OK, NULL);
 *
 * Metadata: a file fed with a commit makes its findings carry an origin (engine.h,
 * struct scan_origin). At finish, findings of the same fingerprint are folded into one: its
 * origin names the earliest commit fed (feed order is history order, oldest first), in_head
 * is true when any copy came from a file fed with in_head, and the path and line are those
 * of a copy in the tip when there is one. A file fed with a commit but not in_head (it lives
 * only in the history) is read by secret rules only: deleted code is no longer a weakness,
 * a deleted secret is still leaked. A secret that lives only in history keeps its
 * severity; its recommendation gains a sentence saying to rotate it. line_offset shifts the
 * lines of a file that is a slice of a bigger input (standard input in slices), continues
 * folds what two overlapping slices both found.
 */
#ifndef VG_SCAN_STREAM_H
#define VG_SCAN_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scan/engine.h"
#include "util/buf.h"

struct scan_stream;

/* A commit, as named on findings (borrowed for the feed call; the stream copies it). */
struct scan_commit {
    const char *sha; /* 40 hex characters */
    const char *author_name;
    int64_t committed_at;
};

struct scan_feed_meta {
    const struct scan_commit *commit; /* NULL: not from a history */
    bool in_head;                     /* the file is in a tip of the scanned refs */
    unsigned line_offset;             /* added to the findings' lines */
    /* This file is the next slice of the previous one (the same input, standard input in
     * overlapping slices): a finding equal to one of the previous slice (fingerprint and
     * lines, after line_offset) is the same finding and is reported once. */
    bool continues;
};

/* The sentence added to the recommendation of a secret found only in history. */
#define SCAN_HISTORY_ROTATE_NOTE                                                                   \
    "This secret is no longer in the latest commit but stays in the repository's history "         \
    "(every clone has it): rotate it now; rewriting history does not un-leak it."

/* Start a scan appending into res (borrowed until finish). opt is borrowed too. */
struct scan_stream *scan_stream_begin(const struct scan_engine *eng, const struct scan_options *opt,
                                      struct scan_result *res);

/* Feed one file: path (copied) names it for the rules and the report, data is copied into
 * the pipeline's own buffer, meta (may be NULL) as above. Files over opt->max_file_size are
 * counted as ignored; over opt->max_total_bytes or max_entries the stream stops reading and
 * the scan ends with VG_ERR_TOO_LARGE (scan_stream_limited says so). */
void scan_stream_feed(struct scan_stream *s, const char *path, const void *data, size_t len,
                      const struct scan_feed_meta *meta);

/* The same, taking the content from *take (left empty): no copy. */
void scan_stream_feed_buf(struct scan_stream *s, const char *path, struct buf *take,
                          const struct scan_feed_meta *meta);

/* Fetches a file's bytes for scan_stream_feed_fill: appends them to `into` and returns true,
 * or returns false when they could not be read (the file is counted as ignored). */
typedef bool (*scan_stream_fill_fn)(void *ctx, uint64_t arg, struct buf *into);

/* Feed a file by its size (len) now, its bytes later: the worker thread that scans it calls
 * fill(ctx, arg, into) first, into a buffer of its own that it reuses (no copy or allocation
 * a file: for a source that reads one ordered stream, as git cat-file's output). fill runs
 * exactly once when this returns true, possibly at the same time as other files' fills and
 * in another order; false: a limit or an ignore rule kept the file out (no fill). Limits
 * and ignores as scan_stream_feed, by len. The files fed so must have distinct contents (git
 * blobs: each once): they are not looked up in the scan's table of contents seen. */
bool scan_stream_feed_fill(struct scan_stream *s, const char *path, size_t len,
                           const struct scan_feed_meta *meta, scan_stream_fill_fn fill, void *ctx,
                           uint64_t arg);

/* Count a file that was seen but not read (a submodule, a link): stats only. */
void scan_stream_skip(struct scan_stream *s, uint64_t bytes, bool risky);

/* True once a limit stopped the stream (further feeds are counted, not scanned). */
bool scan_stream_limited(const struct scan_stream *s);

/* Files fed and scanned (not skipped by a limit): the "blobs scanned" of a history scan. */
uint64_t scan_stream_fed(const struct scan_stream *s);

/* Wait for the workers, fold the findings as above, append them to res and free the
 * stream. status/error: the producer's own outcome (error copied; may be NULL). Returns
 * what scan_path would: VG_OK, VG_ERR_TOO_LARGE, VG_ERR_IO, or status. */
enum vg_err scan_stream_finish(struct scan_stream *s, enum vg_err status, const char *error);

#endif
