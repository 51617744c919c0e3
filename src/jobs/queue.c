/*
 * queue.c - the jobs table as a queue (see queue.h). The claim is one UPDATE over a
 * sub-select; on PostgreSQL the sub-select takes `FOR UPDATE SKIP LOCKED` so concurrent
 * workers never block on or take the same row; SQLite serialises writers, and its driver
 * drops that clause.
 */
#include "jobs/queue.h"

#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util/timeutil.h"

enum vg_err jobs_enqueue(struct store *st, const char *kind, const char *subject_id)
{
    char id[UUID_STR_LEN];
    rand_uuid(id);
    int64_t now = time_now();
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(kind), SP_TEXT(subject_id), SP_INT(now)};
    return store_query1(st,
                        "INSERT INTO jobs (id, kind, subject_id, status, attempts, max_attempts, "
                        "run_after, created_at, updated_at) VALUES ($1,$2,$3,'queued',0,3,$4,$4,$4) "
                        "ON CONFLICT (kind, subject_id) DO NOTHING",
                        p, 4, NULL);
}

enum vg_err jobs_claim(struct store *st, const char *worker_id, int64_t lease_seconds,
                       struct job *job, bool *got)
{
    *got = false;
    int64_t now = time_now();
    struct store_param p[] = {SP_TEXT(worker_id), SP_INT(now + lease_seconds), SP_INT(now)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(
        st,
        "UPDATE jobs SET status = 'running', lease_owner = $1, lease_expires_at = $2, "
        "attempts = attempts + 1, updated_at = $3 WHERE id = ("
        "SELECT id FROM jobs WHERE run_after <= $3 AND (status = 'queued' OR "
        "(status = 'running' AND lease_expires_at < $3)) ORDER BY created_at, id LIMIT 1 "
        "FOR UPDATE SKIP LOCKED) "
        "RETURNING id, kind, subject_id, attempts, max_attempts",
        p, 3, &r);
    if (e != VG_OK)
        return e;
    if (store_result_rows(r) == 1) {
        snprintf(job->id, sizeof(job->id), "%s", store_result_get(r, 0, 0));
        snprintf(job->kind, sizeof(job->kind), "%s", store_result_get(r, 0, 1));
        snprintf(job->subject_id, sizeof(job->subject_id), "%s", store_result_get(r, 0, 2));
        job->attempts = store_result_int(r, 0, 3, 1);
        job->max_attempts = store_result_int(r, 0, 4, 3);
        *got = true;
    }
    store_result_free(r);
    return VG_OK;
}

enum vg_err jobs_renew(struct store *st, const struct job *job, const char *worker_id,
                       int64_t lease_seconds)
{
    int64_t now = time_now();
    struct store_param p[] = {SP_INT(now + lease_seconds), SP_INT(now), SP_TEXT(job->id),
                              SP_TEXT(worker_id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "UPDATE jobs SET lease_expires_at = $1, updated_at = $2 "
                                 "WHERE id = $3 AND lease_owner = $4 AND status = 'running'",
                                 p, 4, &r);
    if (e == VG_OK && store_result_affected(r) == 0)
        e = VG_ERR_CONFLICT;
    store_result_free(r);
    return e;
}

enum vg_err jobs_finish(struct store_conn *c, const struct job *job, const char *worker_id,
                        bool ok, const char *error)
{
    struct store_param p[] = {SP_TEXT(ok ? "done" : "failed"), SP_TEXT_OR_NULL(error),
                              SP_INT(time_now()), SP_TEXT(job->id), SP_TEXT(worker_id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query(c,
                                "UPDATE jobs SET status = $1, last_error = $2, updated_at = $3, "
                                "lease_owner = NULL, lease_expires_at = NULL "
                                "WHERE id = $4 AND lease_owner = $5 AND status = 'running'",
                                p, 5, &r);
    if (e == VG_OK && store_result_affected(r) == 0)
        e = VG_ERR_CONFLICT;
    store_result_free(r);
    return e;
}

enum vg_err jobs_depth(struct store *st, int64_t *n)
{
    struct store_param p[] = {SP_INT(time_now())};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT COUNT(*) FROM jobs WHERE status = 'queued' OR "
                                 "(status = 'running' AND lease_expires_at < $1)",
                                 p, 1, &r);
    if (e == VG_OK)
        *n = store_result_int(r, 0, 0, 0);
    store_result_free(r);
    return e;
}
