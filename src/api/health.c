/*
 * health.c - GET /v1/healthz (the process answers) and GET /v1/readyz (the database is
 * reachable and migrated, the data dir is writable and the blob storage answers - for S3,
 * a HEAD on the bucket; 503 otherwise).
 */
#include <unistd.h>

#include "api/api.h"
#include "app/app.h"
#include "blob/blob.h"
#include "store/store.h"

enum vg_err api_health_live(struct req *req, struct resp *resp)
{
    (void)req;
    return resp_json(resp, 200, json_pack("{s:s}", "status", "ok"));
}

enum vg_err api_health_ready(struct req *req, struct resp *resp)
{
    const char *db = "ok";
    const char *storage = "ok";
    if (store_ping(req->app->store) != VG_OK)
        db = "unreachable";
    else if (store_migrations_current(req->app->store) != VG_OK)
        db = "migrations_pending";
    if (access(req->app->cfg.data_dir, W_OK) != 0)
        storage = "unwritable";
    else if (blob_ping(req->app->blobs) != VG_OK)
        storage = "unreachable";
    bool ok = db[0] == 'o' && storage[0] == 'o';
    if (!ok) {
        resp->err_details = json_pack("{s:s,s:s}", "database", db, "storage", storage);
        return resp_error(resp, VG_ERR_UNAVAILABLE, "Not ready: the database or storage is "
                                                    "unavailable.");
    }
    return resp_json(resp, 200,
                     json_pack("{s:s,s:{s:s,s:s}}", "status", "ready", "checks", "database", db,
                               "storage", storage));
}
