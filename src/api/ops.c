/*
 * ops.c - /v1/ops (administrators): the limits in force, the scan workers with their
 * heartbeats, current jobs and the queue depth (dead ones marked), the jobs by kind and
 * status, and the cleanup pass on demand (a dry run unless asked otherwise).
 */
#include "api/api.h"
#include "app/app.h"
#include "app/limits.h"
#include "http/auth.h"
#include "jobs/cleanup.h"
#include "jobs/queue.h"
#include "store/status.h"
#include "store/jobs.h"
#include "store/workers.h"
#include "util/timeutil.h"

/* A worker that has not beaten for this long (or three leases, if less) is not alive. */
#define OPS_WORKER_STALE_S 30

enum vg_err api_ops_limits(struct req *req, struct resp *resp)
{
    return resp_json(resp, 200, limits_json(&req->app->cfg));
}

enum vg_err api_ops_workers(struct req *req, struct resp *resp)
{
    struct store_worker_list l;
    if (store_workers_all(req->app->store, &l) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    int64_t now = time_now();
    int64_t stale = (int64_t)CLEANUP_DEAD_LEASES * req->app->cfg.job_lease_seconds;
    if (stale > OPS_WORKER_STALE_S)
        stale = OPS_WORKER_STALE_S;
    json_t *items = json_array();
    for (size_t i = 0; i < l.n; i++) {
        const struct store_worker *w = &l.items[i];
        bool dead = w->dead_at != 0;
        json_array_append_new(
            items, json_pack("{s:s,s:s,s:I,s:o,s:o,s:o,s:b,s:b,s:o}", "id", w->id, "hostname",
                             w->hostname, "pid", (json_int_t)w->pid, "started_at",
                             api_time(w->started_at), "heartbeat_at", api_time(w->heartbeat_at),
                             "current_job_id",
                             w->current_job_id[0] ? json_string(w->current_job_id) : json_null(),
                             "alive", !dead && now - w->heartbeat_at <= stale, "dead", dead,
                             "dead_at", api_time_or_null(w->dead_at)));
    }
    store_worker_list_release(&l);
    int64_t depth = 0;
    if (jobs_depth(req->app->store, &depth) != VG_OK) {
        json_decref(items);
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    }
    return resp_json(resp, 200,
                     json_pack("{s:o,s:I}", "workers", items, "queue_depth", (json_int_t)depth));
}

enum vg_err api_ops_queue(struct req *req, struct resp *resp)
{
    struct store_job_groups g;
    if (store_jobs_summary(req->app->store, time_now(), &g) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    json_t *kinds = json_object(), *rows = json_array();
    int64_t depth = 0;
    for (size_t i = 0; i < g.n; i++) {
        const struct store_job_group *row = &g.items[i];
        json_t *k = json_object_get(kinds, row->kind);
        if (k == NULL) {
            k = json_object();
            for (int s = 0; s < JOB_STATUS__COUNT; s++)
                json_object_set_new(k, job_status_name((enum job_status)s), json_integer(0));
            json_object_set_new(kinds, row->kind, k);
        }
        json_object_set_new(k, row->status, json_integer(row->count));
        json_array_append_new(rows, json_pack("{s:s,s:s,s:I,s:o,s:I}", "kind", row->kind,
                                              "status", row->status, "count",
                                              (json_int_t)row->count, "oldest_created_at",
                                              api_time_or_null(row->oldest_created_at),
                                              "expired_leases", (json_int_t)row->expired_leases));
        enum job_status js;
        if (job_status_parse(row->status, &js) && js == JOB_STATUS_QUEUED)
            depth += row->count;
        depth += row->expired_leases;
    }
    store_job_groups_release(&g);
    return resp_json(resp, 200, json_pack("{s:o,s:o,s:I}", "by_kind", kinds, "jobs", rows,
                                          "queue_depth", (json_int_t)depth));
}

/* {dry_run (default true), older_than_days (0..CLEANUP_MAX_DAYS, default 7)}. */
static void ops_cleanup_args(struct req *req, struct resp *resp, bool *dry_run, int64_t *days)
{
    json_t *d = req->json ? json_object_get(req->json, "dry_run") : NULL;
    json_t *o = req->json ? json_object_get(req->json, "older_than_days") : NULL;
    *dry_run = true;
    *days = CLEANUP_DEFAULT_DAYS;
    if (req->json != NULL && !json_is_object(req->json))
        resp_field_error(resp, "body", "dry_run", "Input should be an object", "model_type");
    if (d != NULL && !json_is_null(d) && !json_is_boolean(d))
        resp_field_error(resp, "body", "dry_run", "Input should be a valid boolean", "bool_type");
    else if (d != NULL && json_is_boolean(d))
        *dry_run = json_is_true(d);
    if (o != NULL && !json_is_null(o) &&
        (!json_is_integer(o) || json_integer_value(o) < 0 ||
         json_integer_value(o) > CLEANUP_MAX_DAYS))
        resp_field_error(resp, "body", "older_than_days",
                         "Input should be an integer from 0 to 3650", "int_type");
    else if (o != NULL && json_is_integer(o))
        *days = json_integer_value(o);
}

enum vg_err api_ops_cleanup(struct req *req, struct resp *resp)
{
    bool dry_run = true;
    int64_t days = CLEANUP_DEFAULT_DAYS;
    ops_cleanup_args(req, resp, &dry_run, &days);
    enum vg_err e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    struct cleanup_counts c;
    if (cleanup_run(req->app, dry_run, days, time_now(), &c) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    return resp_json(
        resp, 200,
        json_pack("{s:b,s:I,s:{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I},s:I}", "dry_run", dry_run,
                  "older_than_days", (json_int_t)days, "removed", "expired_uploads",
                  (json_int_t)c.expired_uploads, "abandoned_scans",
                  (json_int_t)c.abandoned_scans, "upload_blobs", (json_int_t)c.upload_blobs,
                  "part_files", (json_int_t)c.part_files, "expired_git_uploads",
                  (json_int_t)c.expired_git_uploads, "expired_tokens",
                  (json_int_t)c.expired_tokens, "rate_counters", (json_int_t)c.rate_counters,
                  "finished_jobs", (json_int_t)c.finished_jobs, "dead_workers",
                  (json_int_t)c.dead_workers, "bytes_freed", (json_int_t)c.bytes_freed));
}
