/*
 * jobs.h - the jobs table: every statement of the queue (src/jobs/queue.c decides what
 * to queue and claim; the SQL is here). Job states come from status.h. The claim is one
 * UPDATE over a sub-select; on PostgreSQL the sub-select takes `FOR UPDATE SKIP LOCKED`
 * so concurrent workers never block on or take the same row; SQLite serialises writers
 * and its driver drops the clause. Errors: VG_OK, VG_ERR_CONFLICT where stated, otherwise
 * the store's. Thread-safe.
 */
#ifndef VG_STORE_JOBS_H
#define VG_STORE_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/rand.h"

#define STORE_JOB_KIND_LEN 16

struct job {
    char id[UUID_STR_LEN];
    char kind[STORE_JOB_KIND_LEN];
    char subject_id[UUID_STR_LEN];
    int64_t attempts, max_attempts;
};

/* Queue a job for subject; a job that already exists for (kind, subject) is kept. */
enum vg_err store_jobs_insert(struct store *st, const char *kind, const char *subject_id,
                              int64_t max_attempts, int64_t now);
/* Claim the oldest runnable job (queued, or running with a lease older than now) whose
 * kind is one of kinds[0..n) (n >= 1), leasing it to worker_id until lease_until.
 * *got false when there is none. */
enum vg_err store_jobs_claim(struct store *st, const char *const *kinds, size_t n,
                             const char *worker_id, int64_t lease_until, int64_t now,
                             struct job *job, bool *got);
/* Extend worker_id's lease. VG_ERR_CONFLICT when the lease is another worker's now. */
enum vg_err store_jobs_renew(struct store *st, const struct job *job, const char *worker_id,
                             int64_t lease_until, int64_t now);
/* Mark the job done / failed (error: NULL or a message), within the caller's transaction.
 * VG_ERR_CONFLICT when the lease is no longer worker_id's. */
enum vg_err store_jobs_finish(struct store_conn *c, const struct job *job, const char *worker_id,
                              bool ok, const char *error, int64_t now);
/* Jobs waiting to run (queued, or running with a lease older than now). */
enum vg_err store_jobs_depth(struct store *st, int64_t now, int64_t *n);

/* Jobs grouped by (kind, status), ordered so: how many, the oldest's creation time, and
 * how many of the running ones hold a lease that expired before now. */
struct store_job_group {
    char kind[STORE_JOB_KIND_LEN];
    char status[STORE_JOB_KIND_LEN];
    int64_t count;
    int64_t oldest_created_at;
    int64_t expired_leases;
};

struct store_job_groups {
    struct store_job_group *items; /* owned */
    size_t n;
};

void store_job_groups_release(struct store_job_groups *g);
enum vg_err store_jobs_summary(struct store *st, int64_t now, struct store_job_groups *out);

#endif
