/*
 * ops.c - /v1/ops (administrators): the limits in force, and the scan workers with their
 * heartbeats, current jobs and the queue depth.
 */
#include "api/api.h"
#include "app/app.h"
#include "app/limits.h"
#include "http/auth.h"
#include "jobs/queue.h"
#include "store/store.h"
#include "util/timeutil.h"

/* A worker that has not beaten for this long is reported as not alive. */
#define OPS_WORKER_STALE_S 30

enum vg_err api_ops_limits(struct req *req, struct resp *resp)
{
    return resp_json(resp, 200, limits_json(&req->app->cfg));
}

enum vg_err api_ops_workers(struct req *req, struct resp *resp)
{
    struct store_result *r = NULL;
    if (store_query1(req->app->store,
                     "SELECT id, hostname, pid, started_at, heartbeat_at, current_job_id "
                     "FROM workers ORDER BY started_at, id",
                     NULL, 0, &r) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    int64_t now = time_now();
    json_t *items = json_array();
    for (size_t i = 0; i < store_result_rows(r); i++)
        json_array_append_new(
            items, json_pack("{s:o,s:o,s:I,s:o,s:o,s:o,s:b}", "id", api_str_col(r, i, 0),
                             "hostname", api_str_col(r, i, 1), "pid",
                             (json_int_t)store_result_int(r, i, 2, 0), "started_at",
                             api_time_col(r, i, 3), "heartbeat_at", api_time_col(r, i, 4),
                             "current_job_id", api_str_col(r, i, 5), "alive",
                             now - store_result_int(r, i, 4, 0) <= OPS_WORKER_STALE_S));
    store_result_free(r);
    int64_t depth = 0;
    if (jobs_depth(req->app->store, &depth) != VG_OK) {
        json_decref(items);
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    }
    return resp_json(resp, 200,
                     json_pack("{s:o,s:I}", "workers", items, "queue_depth", (json_int_t)depth));
}
