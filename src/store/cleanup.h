/*
 * cleanup.h - the statements of the cleanup pass (the policy, the archive deletions and
 * the timer stay in jobs/cleanup.c). Every removal is one conditional statement, so with
 * several processes each row is removed, and counted, by exactly one; a dry run runs the
 * same conditions as a count. Thread-safe.
 */
#ifndef VG_STORE_CLEANUP_H
#define VG_STORE_CLEANUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/rand.h"

struct store_cleanup_cutoffs {
    int64_t now;
    int64_t age;                 /* finished work older than this goes */
    int64_t upload;              /* upload URLs that expired before this are dead */
    int64_t rates;               /* rate windows that started before this are history */
    const char *expired_message; /* error_message of a scan whose upload URL expired */
};

/* What the row steps removed (or, dry, would remove). Added to, not reset. */
struct store_cleanup_counts {
    int64_t expired_uploads, expired_git_uploads, expired_tokens, rate_counters, finished_jobs,
        dead_workers;
};

/* A scan whose archive is to go. */
struct store_scan_upload {
    char id[UUID_STR_LEN];
    char *storage_path; /* owned, may be NULL */
};

struct store_scan_uploads {
    struct store_scan_upload *items; /* owned */
    size_t n;
};

void store_scan_uploads_release(struct store_scan_uploads *l);

/* The row steps: expired upload URLs (the scan fails), expired git uploads, tokens and
 * rate windows, old finished jobs, workers already marked dead. */
enum vg_err store_cleanup_rows(struct store *st, const struct store_cleanup_cutoffs *k,
                               bool dry_run, struct store_cleanup_counts *out);
/* Finished scans whose archive is still on storage and may go (docs/audits.md "Customer
 * code"): failed ones, those with a paid audit ended and none running, and complete ones
 * whose audit window passed (completed before window_before) with no audit paid or awaiting
 * its payment. scan_id: only that scan (NULL: every one). */
enum vg_err store_cleanup_finished_uploads(struct store *st, int64_t window_before,
                                           const char *scan_id, struct store_scan_uploads *out);
/* The same for the bare repositories of git uploads whose scan completed: up to max ids
 * into ids, *n of them. */
enum vg_err store_cleanup_git_repos_due(struct store *st, int64_t window_before,
                                        const char *scan_id, char (*ids)[UUID_STR_LEN],
                                        size_t max, size_t *n);
/* Scans uploaded before received_before and never started: failed with message (one
 * conditional UPDATE; dry: only listed). */
enum vg_err store_cleanup_abandon(struct store *st, int64_t received_before, int64_t now,
                                  const char *message, bool dry_run,
                                  struct store_scan_uploads *out);
/* Whether some scan still keeps the upload object key (its archive not deleted yet);
 * *kept true on error too, so a failed check never deletes. */
enum vg_err store_cleanup_upload_kept(struct store *st, const char *key, bool *kept);
/* Record that the scan's archive was deleted (keeps the first time). */
enum vg_err store_cleanup_upload_deleted(struct store *st, const char *scan_id, int64_t now);

#endif
