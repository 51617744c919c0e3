/*
 * cleanup.h - deleting what Vega no longer needs: customer archives once their scan is
 * done, stale upload temp files, expired upload URLs, scans uploaded but never started,
 * expired git uploads, tokens and rate-limit windows, old finished jobs and dead
 * workers. POST /v1/ops/cleanup runs it on demand (dry run by default) and `vega serve`
 * every --cleanup-interval.
 *
 * Safe with several processes at once: every removal is one conditional statement (or
 * a file unlink), so each row or file is removed, and counted, by exactly one of them;
 * running it again removes nothing more. A dry run changes nothing and reports what a
 * real run would remove now.
 */
#ifndef VG_JOBS_CLEANUP_H
#define VG_JOBS_CLEANUP_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

struct app;

/* Default age (days) past which finished work and its leftovers go. */
#define CLEANUP_DEFAULT_DAYS 7
#define CLEANUP_MAX_DAYS 3650
/* An upload that started before its URL expired may still be streaming this long after. */
#define CLEANUP_UPLOAD_GRACE_S 3600
/* Rate-limit windows are at most a day long; older ones are history. */
#define CLEANUP_RATE_WINDOW_KEEP_S (2 * 86400)
/* A worker without a heartbeat for this many leases is dead. */
#define CLEANUP_DEAD_LEASES 3
/* A git upload's bare repository without its row is deleted after this long. */
#define CLEANUP_GIT_ORPHAN_S 3600

struct cleanup_counts {
    int64_t expired_uploads;     /* scans whose upload URL expired with no archive (failed) */
    int64_t abandoned_scans;     /* uploaded, never started for older_than_days (failed) */
    int64_t upload_blobs;        /* archives of finished scans deleted */
    int64_t part_files;          /* stale upload temp files deleted */
    int64_t expired_git_uploads; /* git uploads expired more than older_than_days ago */
    int64_t expired_tokens;      /* access and refresh tokens past their expiry */
    int64_t rate_counters;       /* rate-limit windows that ended */
    int64_t finished_jobs;       /* done or failed jobs older than older_than_days */
    int64_t dead_workers;        /* workers marked dead by an earlier pass */
    uint64_t bytes_freed;        /* archive and temp-file bytes deleted */
};

/*
 * One cleanup pass at time now. older_than_days applies to finished jobs, abandoned scans,
 * expired git uploads and refresh tokens; a complete scan's code goes after its audit
 * window (--audit-window-seconds, with --retain-uploads) or once its paid audit ended. Returns VG_OK, or the first store error (the counts then hold what was done).
 */
enum vg_err cleanup_run(struct app *app, bool dry_run, int64_t older_than_days, int64_t now,
                        struct cleanup_counts *out);

/* Delete the uploaded archive of one finished scan (after its result is stored) unless it
 * is kept for the audit window (cleanup_keeps_code); the scan records when. Errors are
 * logged, not returned: the next cleanup pass retries. */
void cleanup_scan_upload(struct app *app, const char *scan_id, const char *storage_path);
/* Whether a finished scan's code (archive, pushed repository) stays for the audit window:
 * --retain-uploads and the scan complete (docs/audits.md "Customer code"). */
bool cleanup_keeps_code(const struct app *app, bool complete);
/* After an audit of scan_id settled: delete the scan's code at once unless another paid
 * audit still runs on it. Logged, not returned (the cleanup pass retries). */
void cleanup_audit_source(struct app *app, const char *scan_id);
/* Until when an audit of scan can read its code: 0 for GitHub sources (fetched again), -1
 * when the code is gone (or, with window, its audit window has passed), else the end of
 * the audit window (epoch seconds). */
struct store_scan;
int64_t cleanup_audit_window_end(struct app *app, const struct store_scan *scan, bool window);

/* Mark workers whose heartbeat is older than CLEANUP_DEAD_LEASES leases as dead. */
void cleanup_mark_dead_workers(struct app *app, int64_t now);
/* Delete a git upload's bare repository (and mark it deleted); logged on failure. */
void cleanup_git_repo(struct app *app, const char *upload_id);

/* The periodic cleanup of `vega serve`: a thread running cleanup_run every interval
 * seconds until cleanup_timer_stop(). NULL (nothing started) when interval is 0. */
struct cleanup_timer;
struct cleanup_timer *cleanup_timer_start(struct app *app, unsigned interval);
/* Stop and free. Accepts NULL. Waits for a pass in progress. */
void cleanup_timer_stop(struct cleanup_timer *t);

#endif
