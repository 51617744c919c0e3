/*
 * jobs.c - every statement on the jobs table (see jobs.h).
 */
#include "store/jobs.h"

#include <stdlib.h>
#include <string.h>

#include "store/page.h"
#include "store/row.h"
#include "store/status.h"
#include "util/xalloc.h"

static const char *job_status(enum job_status s) { return job_status_name(s); }

enum vg_err store_jobs_insert(struct store *st, const char *kind, const char *subject_id,
                              int64_t max_attempts, int64_t now)
{
    char id[UUID_STR_LEN];
    rand_uuid(id);
    struct store_param p[] = {SP_TEXT(id),
                              SP_TEXT(kind),
                              SP_TEXT(subject_id),
                              SP_TEXT(job_status(JOB_STATUS_QUEUED)),
                              SP_INT(max_attempts),
                              SP_INT(now)};
    return store_query1(st,
                        "INSERT INTO jobs (id, kind, subject_id, status, attempts, max_attempts, "
                        "run_after, created_at, updated_at) VALUES ($1,$2,$3,$4,0,$5,$6,$6,$6) "
                        "ON CONFLICT (kind, subject_id) DO NOTHING",
                        p, 6, NULL);
}

enum vg_err store_jobs_claim(struct store *st, const char *const *kinds, size_t n,
                             const char *worker_id, int64_t lease_until, int64_t now,
                             struct job *job, bool *got)
{
    *got = false;
    const char *running = job_status(JOB_STATUS_RUNNING);
    struct store_param p[] = {SP_TEXT(running), SP_TEXT(worker_id), SP_INT(lease_until),
                              SP_INT(now), SP_TEXT(job_status(JOB_STATUS_QUEUED)),
                              SP_TEXT(running)};
    struct store_sql q;
    store_sql_init(&q, "");
    store_sql_append(&q,
                     "UPDATE jobs SET status = ?, lease_owner = ?, lease_expires_at = ?, "
                     "attempts = attempts + 1, updated_at = ? WHERE id = ("
                     /* $4 is the fourth parameter, now, used twice */
                     "SELECT id FROM jobs WHERE run_after <= $4 AND (status = ? OR "
                     "(status = ? AND lease_expires_at < $4)) AND kind IN (",
                     p, 6);
    for (size_t i = 0; i < n; i++)
        store_sql_append(&q, i ? ", ?" : "?", (struct store_param[]){SP_TEXT(kinds[i])}, 1);
    store_sql_append(&q,
                     ") ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
                     "RETURNING id, kind, subject_id, attempts, max_attempts",
                     NULL, 0);
    struct store_result *r = NULL;
    enum vg_err e = n == 0 ? VG_ERR_INVALID : store_sql_run(st, &q, &r);
    store_sql_release(&q);
    if (e != VG_OK)
        return e;
    if (store_result_rows(r) == 1) {
        store_row_copy(r, 0, "id", job->id, sizeof(job->id));
        store_row_copy(r, 0, "kind", job->kind, sizeof(job->kind));
        store_row_copy(r, 0, "subject_id", job->subject_id, sizeof(job->subject_id));
        job->attempts = store_row_int(r, 0, "attempts", 1);
        job->max_attempts = store_row_int(r, 0, "max_attempts", 3);
        *got = true;
    }
    store_result_free(r);
    return VG_OK;
}

enum vg_err store_jobs_renew(struct store *st, const struct job *job, const char *worker_id,
                             int64_t lease_until, int64_t now)
{
    struct store_param p[] = {SP_INT(lease_until), SP_INT(now), SP_TEXT(job->id),
                              SP_TEXT(worker_id), SP_TEXT(job_status(JOB_STATUS_RUNNING))};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "UPDATE jobs SET lease_expires_at = $1, updated_at = $2 "
                                 "WHERE id = $3 AND lease_owner = $4 AND status = $5",
                                 p, 5, &r);
    if (e == VG_OK && store_result_affected(r) == 0)
        e = VG_ERR_CONFLICT;
    store_result_free(r);
    return e;
}

enum vg_err store_jobs_finish(struct store_conn *c, const struct job *job, const char *worker_id,
                              bool ok, const char *error, int64_t now)
{
    struct store_param p[] = {SP_TEXT(job_status(ok ? JOB_STATUS_DONE : JOB_STATUS_FAILED)),
                              SP_TEXT_OR_NULL(error),
                              SP_INT(now),
                              SP_TEXT(job->id),
                              SP_TEXT(worker_id),
                              SP_TEXT(job_status(JOB_STATUS_RUNNING))};
    struct store_result *r = NULL;
    enum vg_err e = store_query(c,
                                "UPDATE jobs SET status = $1, last_error = $2, updated_at = $3, "
                                "lease_owner = NULL, lease_expires_at = NULL "
                                "WHERE id = $4 AND lease_owner = $5 AND status = $6",
                                p, 6, &r);
    if (e == VG_OK && store_result_affected(r) == 0)
        e = VG_ERR_CONFLICT;
    store_result_free(r);
    return e;
}

enum vg_err store_jobs_depth(struct store *st, int64_t now, int64_t *n)
{
    struct store_param p[] = {SP_INT(now), SP_TEXT(job_status(JOB_STATUS_QUEUED)),
                              SP_TEXT(job_status(JOB_STATUS_RUNNING))};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT COUNT(*) AS n FROM jobs WHERE status = $2 OR "
                                 "(status = $3 AND lease_expires_at < $1)",
                                 p, 3, &r);
    if (e == VG_OK)
        *n = store_row_int(r, 0, "n", 0);
    store_result_free(r);
    return e;
}

void store_job_groups_release(struct store_job_groups *g)
{
    if (g == NULL)
        return;
    free(g->items);
    memset(g, 0, sizeof(*g));
}

enum vg_err store_jobs_summary(struct store *st, int64_t now, struct store_job_groups *out)
{
    memset(out, 0, sizeof(*out));
    struct store_param p[] = {SP_INT(now), SP_TEXT(job_status(JOB_STATUS_RUNNING))};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT kind, status, COUNT(*) AS n, MIN(created_at) AS oldest, "
                                 "SUM(CASE WHEN status = $2 AND lease_expires_at < $1 THEN 1 "
                                 "ELSE 0 END) AS expired FROM jobs GROUP BY kind, status "
                                 "ORDER BY kind, status",
                                 p, 2, &r);
    if (e != VG_OK)
        return e;
    out->n = store_result_rows(r);
    out->items = xcalloc(out->n ? out->n : 1, sizeof(*out->items));
    for (size_t i = 0; i < out->n; i++) {
        struct store_job_group *g = &out->items[i];
        store_row_copy(r, i, "kind", g->kind, sizeof(g->kind));
        store_row_copy(r, i, "status", g->status, sizeof(g->status));
        g->count = store_row_int(r, i, "n", 0);
        g->oldest_created_at = store_row_int(r, i, "oldest", 0);
        g->expired_leases = store_row_int(r, i, "expired", 0);
    }
    store_result_free(r);
    return VG_OK;
}
