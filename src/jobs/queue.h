/*
 * queue.h - the job queue: a table of jobs claimed under leases. A worker claims the
 * oldest runnable job (queued, or running with an expired lease: its worker died),
 * renews the lease while it works, and finishes it. A job may run more than once, so its
 * effects must be idempotent; jobs_finish() and the result writer check the lease so a
 * worker that lost its lease cannot overwrite the work of the one that took over.
 */
#ifndef VG_JOBS_QUEUE_H
#define VG_JOBS_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/jobs.h" /* struct job */
#include "util/err.h"

#define JOB_KIND_SCAN "scan"
#define JOB_KIND_AUDIT "audit"
/* A scan of what was pushed to a git upload (jobs/git_job.c); the subject is the scan. */
#define JOB_KIND_GIT_UPLOAD "git_upload"

/* Kinds one claim may name. */
#define JOBS_MAX_KINDS 16

/* Queue a job for subject with its kind's max_attempts (kinds.h); a job that already
 * exists for (kind, subject) is kept. VG_ERR_INVALID for a kind not in the table. */
enum vg_err jobs_enqueue(struct store *st, const char *kind, const char *subject_id);
/* Claim one runnable job of a kind in the job-kind table for worker. VG_OK with *got
 * false when there is none. */
enum vg_err jobs_claim(struct store *st, const char *worker_id, int64_t lease_seconds,
                       struct job *job, bool *got);
/* The same over an explicit list of kinds (at most JOBS_MAX_KINDS; none: *got false). */
enum vg_err jobs_claim_kinds(struct store *st, const char *const *kinds, size_t nkinds,
                             const char *worker_id, int64_t lease_seconds, struct job *job,
                             bool *got);
/* Extend the lease. VG_ERR_CONFLICT when the lease was lost to another worker. */
enum vg_err jobs_renew(struct store *st, const struct job *job, const char *worker_id,
                       int64_t lease_seconds);
/* Mark done or failed, within the caller's transaction on c. VG_ERR_CONFLICT when the
 * lease is no longer this worker's (the caller must roll back). */
enum vg_err jobs_finish(struct store_conn *c, const struct job *job, const char *worker_id,
                        bool ok, const char *error);
/* Hand the job back to the queue now, runnable again after delay_s seconds, its attempt
 * not counted (a stopping worker, a storage or database outage). VG_ERR_CONFLICT when the
 * lease is no longer this worker's. */
enum vg_err jobs_release(struct store *st, const struct job *job, const char *worker_id,
                         int64_t delay_s);
/* Jobs waiting to run (queued or with an expired lease). */
enum vg_err jobs_depth(struct store *st, int64_t *n);

#endif
