/*
 * queue.c - the jobs table as a queue (see queue.h): which kinds to queue and claim
 * comes from the job-kind table (kinds.c), the statements from store/jobs.c.
 */
#include "jobs/queue.h"

#include "jobs/kinds.h"
#include "store/jobs.h"
#include "util/timeutil.h"

enum vg_err jobs_enqueue(struct store *st, const char *kind, const char *subject_id)
{
    const struct job_kind *k = job_kind_find(kind);
    if (k == NULL)
        return VG_ERR_INVALID;
    return store_jobs_insert(st, kind, subject_id, k->max_attempts, time_now());
}

enum vg_err jobs_claim_kinds(struct store *st, const char *const *kinds, size_t nkinds,
                             const char *worker_id, int64_t lease_seconds, struct job *job,
                             bool *got)
{
    *got = false;
    if (nkinds == 0 || nkinds > JOBS_MAX_KINDS)
        return nkinds == 0 ? VG_OK : VG_ERR_INVALID;
    int64_t now = time_now();
    return store_jobs_claim(st, kinds, nkinds, worker_id, now + lease_seconds, now, job, got);
}

enum vg_err jobs_claim(struct store *st, const char *worker_id, int64_t lease_seconds,
                       struct job *job, bool *got)
{
    const char *kinds[JOBS_MAX_KINDS];
    size_t n = 0;
    for (size_t i = 0; i < job_kinds_count && n < JOBS_MAX_KINDS; i++)
        kinds[n++] = job_kinds[i].kind;
    return jobs_claim_kinds(st, kinds, n, worker_id, lease_seconds, job, got);
}

enum vg_err jobs_renew(struct store *st, const struct job *job, const char *worker_id,
                       int64_t lease_seconds)
{
    int64_t now = time_now();
    return store_jobs_renew(st, job, worker_id, now + lease_seconds, now);
}

enum vg_err jobs_finish(struct store_conn *c, const struct job *job, const char *worker_id,
                        bool ok, const char *error)
{
    return store_jobs_finish(c, job, worker_id, ok, error, time_now());
}

enum vg_err jobs_release(struct store *st, const struct job *job, const char *worker_id,
                         int64_t delay_s)
{
    int64_t now = time_now();
    return store_jobs_release(st, job, worker_id, now + delay_s, true, now);
}

enum vg_err jobs_depth(struct store *st, int64_t *n)
{
    return store_jobs_depth(st, time_now(), n);
}
