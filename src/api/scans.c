/*
 * scans.c - the developer API's scan endpoints (seed: vibeguard-developer-api-v1.txt):
 *   POST /v1/scans              create a project (or reuse one of the same name) + scan
 *   POST /v1/scans/{id}/start   hand a scan to the workers (202; 409 once it left queued)
 *   GET  /v1/scans/{id}         status, statistics, scores and, once complete, findings
 * Ownership-scoped: another account's scan is "Scan not found", like a missing one.
 * Limits (app/limits.h, all configurable): POST /v1/scans counts v1_scans_per_key_per_day
 * for API keys and the per-user and per-IP daily scan limits for everyone - the route
 * table's bucket column (api/routes.c), counted by the dispatcher before this handler.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/listing.h"
#include "blob/blob.h"
#include "app/app.h"
#include "http/auth.h"
#include "source/github.h"
#include "jobs/queue.h"
#include "store/projects.h"
#include "store/repositories.h"
#include "store/scans.h"
#include "store/store.h"
#include "util/timeutil.h"


enum vg_err api_scans_create(struct req *req, struct resp *resp)
{
    const char *name = NULL, *source = NULL, *repo = NULL;
    api_field_name(req, resp, "project_name", 200, true, &name);
    if (api_field_string(req, resp, "source_type", 1, 16, true, &source) && source != NULL &&
        strcmp(source, "zip") != 0 && strcmp(source, "github") != 0) {
        resp_field_error(resp, "body", "source_type", "Input should be 'zip' or 'github'", "enum");
        source = NULL;
    }
    if (api_field_string(req, resp, "github_repo_full_name", 1, 140, false, &repo) &&
        source != NULL && strcmp(source, "github") == 0) {
        if (repo == NULL)
            resp_field_error(resp, "body", "github_repo_full_name",
                             "Field required for github sources", "missing");
        else if (!github_repo_name_valid(repo))
            resp_field_error(resp, "body", "github_repo_full_name",
                             "Should look like 'owner/name'", "value_error");
    }
    json_t *hist = json_object_get(req->json, "history");
    if (hist != NULL && !json_is_boolean(hist))
        resp_field_error(resp, "body", "history", "Input should be a valid boolean", "bool_type");
    else if (json_is_true(hist) && source != NULL && strcmp(source, "github") != 0)
        resp_field_error(resp, "body", "history", "history is for github sources", "value_error");
    enum vg_err e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    struct api_scan_target t = {name, NULL, NULL, source, repo, json_is_true(hist)};
    return api_scans_create_in(req, resp, &t);
}

enum vg_err api_scans_create_in(struct req *req, struct resp *resp,
                                const struct api_scan_target *t)
{
    const char *source = t->source_type, *repo = t->github_repo_full_name;
    bool zip = strcmp(source, "zip") == 0;
    if (!req->principal.email_verified)
        return resp_error(resp, VG_ERR_FORBIDDEN, AUTH_MSG_UNVERIFIED);
    enum vg_err e = VG_OK;

    char project[UUID_STR_LEN], repository[UUID_STR_LEN], scan[UUID_STR_LEN];
    if (t->project_id != NULL) {
        snprintf(project, sizeof(project), "%s", t->project_id);
        snprintf(repository, sizeof(repository), "%s", t->repository_id);
    } else if (store_project_ensure(req->app->store, req->principal.user_id, t->project_name,
                                    project) != VG_OK ||
               store_repository_ensure(req->app->store, req->principal.user_id, project, source,
                                       t->project_name, repo, api_actor(req),
                                       repository) != VG_OK) {
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    }
    rand_uuid(scan);
    int64_t now = time_now(), expires = now + BLOB_UPLOAD_TTL_S;
    char path[160];
    snprintf(path, sizeof(path), "raw-uploads/%s/%s.zip", req->principal.user_id, scan);
    struct store_scan_new in = {
        scan,   req->principal.user_id, project, NULL,
        req->principal.kind == PRINCIPAL_KEY ? req->principal.key_id : NULL,
        source, zip ? NULL : repo,      zip ? path : NULL,
        zip ? expires : 0, now};
    e = store_scans_insert(req->app->store, &in);
    if (e == VG_OK && t->history)
        e = store_scans_set_history(req->app->store, scan);
    if (e == VG_OK)
        e = store_repository_attach_scan(req->app->store, repository, scan, api_actor(req));
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    json_t *url = json_null();
    if (zip && blob_presigns(req->app->blobs)) {
        /* S3-compatible storage: the client PUTs straight to the store; `start` checks
         * that the object arrived. */
        char *presigned = NULL;
        if (blob_presign(req->app->blobs, "PUT", path, BLOB_UPLOAD_TTL_S, &presigned) != VG_OK)
            return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
        url = json_string(presigned);
        free(presigned);
    } else if (zip) {
        char sig[BLOB_SIG_HEX + 1], upath[80];
        snprintf(upath, sizeof(upath), "/v1/uploads/%s", scan);
        blob_sign(req->app->cfg.key, "PUT", upath, expires, sig);
        char full[512];
        snprintf(full, sizeof(full), "%s%s?expires=%lld&signature=%s", req->app->cfg.public_url,
                 upath, (long long)expires, sig);
        url = json_string(full);
    }
    return resp_json(resp, 201,
                     json_pack("{s:s,s:s,s:o,s:o,s:o}", "scan_id", scan, "project_id", project,
                               "upload_url", url, "upload_storage_path",
                               zip ? json_string(path) : json_null(), "upload_expires_at",
                               zip ? api_time(expires) : json_null()));
}

/* The caller's scan named by the path; 404 "Scan not found" for a malformed id, a missing
 * scan and another user's alike. Release *out after VG_OK. */
static enum vg_err scans_find(struct req *req, struct resp *resp, struct store_scan *out)
{
    const char *id = req_param(req, "scan_id");
    if (!uuid_valid(id))
        return resp_error(resp, VG_ERR_NOT_FOUND, "Scan not found");
    enum vg_err e = store_scans_get(req->app->store, id, req->principal.user_id, out);
    if (e == VG_ERR_NOT_FOUND)
        return resp_error(resp, VG_ERR_NOT_FOUND, "Scan not found");
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    return VG_OK;
}

#define SCANS_MSG_NOT_UPLOADED                                                               \
    "The upload has not arrived yet: PUT the ZIP archive to upload_url, then start the scan."

/* S3-compatible storage: the client PUT the archive straight to the store. Check it (a HEAD
 * for its size, its first bytes for the ZIP signature) and record it as landed, as the
 * server's own upload endpoint does (uploads.c). A refused object is deleted; the upload
 * URL stays valid for another try. *landed false when nothing arrived yet. */
static enum vg_err scans_direct_upload(struct req *req, struct resp *resp, const char *id,
                                       const char *key, bool *landed)
{
    struct blob_store *bs = req->app->blobs;
    uint64_t size = 0, cap = req->app->cfg.max_upload_bytes;
    char version[BLOB_VERSION_LEN];
    enum vg_err e = blob_stat_version(bs, key, &size, version);
    if (e == VG_ERR_NOT_FOUND)
        return VG_OK;
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, "Storage is unavailable; try again.");
    unsigned char head[8];
    size_t n = 0;
    if (cap != 0 && size > cap) {
        (void)blob_delete(bs, key);
        return resp_errorf(resp, VG_ERR_TOO_LARGE, "The archive exceeds %lu MB.",
                           (unsigned long)(cap / (1024 * 1024)));
    }
    /* The bytes sniffed are the version recorded below, which the job reads (If-Match). */
    e = blob_head(bs, key, version, head, &n);
    if (e == VG_ERR_CONFLICT)
        return resp_error(resp, VG_ERR_CONFLICT,
                          "The upload changed while it was being checked; start the scan "
                          "again.");
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, "Storage is unavailable; try again.");
    if (n < 4 || head[0] != 'P' || head[1] != 'K' ||
        !((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6))) {
        (void)blob_delete(bs, key);
        return resp_error(resp, VG_ERR_BAD_REQUEST,
                          size == 0 ? "The upload is empty." : "The upload is not a valid ZIP "
                                                               "archive.");
    }
    struct store_conn *c = NULL;
    e = store_acquire(req->app->store, &c);
    if (e == VG_OK)
        e = store_scans_upload_landed(c, id, time_now(), (int64_t)size, version);
    store_release(c);
    if (e != VG_OK && e != VG_ERR_CONFLICT) /* conflict: it left the queue meanwhile */
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    *landed = e == VG_OK;
    return VG_OK;
}

enum vg_err api_scans_start(struct req *req, struct resp *resp)
{
    const char *id = req_param(req, "scan_id");
    struct store_scan scan;
    enum vg_err e = scans_find(req, resp, &scan);
    if (e != VG_OK)
        return e;
    enum scan_status status = scan.status;
    bool zip = strcmp(scan.source_type, "zip") == 0;
    bool uploaded = scan.upload_received_at != 0;
    if (status == SCAN_STATUS_QUEUED && zip && !uploaded && scan.upload_storage_path != NULL &&
        blob_presigns(req->app->blobs)) {
        e = scans_direct_upload(req, resp, id, scan.upload_storage_path, &uploaded);
        if (e != VG_OK) {
            store_scan_release(&scan);
            return e;
        }
    }
    store_scan_release(&scan);
    if (status != SCAN_STATUS_QUEUED)
        return resp_errorf(resp, VG_ERR_CONFLICT,
                           "This scan has already left the queue (status: %s).",
                           scan_status_name(status));
    if (zip && !uploaded)
        return resp_error(resp, VG_ERR_CONFLICT, SCANS_MSG_NOT_UPLOADED);
    /* Mark it started before queueing it, conditionally: an upload finishing at the same
     * moment either landed first (and is what the job reads) or is refused (uploads.c). */
    e = store_scans_mark_started(req->app->store, id, time_now());
    if (e == VG_ERR_CONFLICT)
        return resp_error(resp, VG_ERR_CONFLICT, "This scan has already left the queue.");
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    if (jobs_enqueue(req->app->store, JOB_KIND_SCAN, id) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    /* scan.started, once per scan (a repeated start is idempotent). */
    (void)store_scan_started_event(req->app->store, id, api_actor(req));
    return resp_json(resp, 202,
                     json_pack("{s:s,s:s}", "scan_id", id, "status",
                               scan_status_name(SCAN_STATUS_QUEUED)));
}

static json_t *scans_findings(struct req *req, const char *id)
{
    json_t *items = json_array();
    struct store_scan_findings fs;
    if (store_scans_findings_all(req->app->store, id, &fs) != VG_OK)
        return items;
    for (size_t i = 0; i < fs.n; i++)
        json_array_append_new(items, api_scan_finding_json(&fs.items[i]));
    store_scan_findings_release(&fs);
    return items;
}

/* The seed's scan shape, without findings. */
json_t *api_scan_json(const struct store_scan *s)
{
    json_t *sum = s->findings_summary ? json_loads(s->findings_summary, 0, NULL) : NULL;
    return json_pack(
        "{s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id",
        s->id, "status", scan_status_name(s->status), "source_type", s->source_type,
        "project_id", s->project_id, "total_files", (json_int_t)s->total_files,
        "included_files", (json_int_t)s->included_files, "ignored_files",
        (json_int_t)s->ignored_files, "risky_skipped_files", (json_int_t)s->risky_skipped_files,
        "total_bytes", (json_int_t)s->total_bytes, "included_bytes",
        (json_int_t)s->included_bytes, "complexity_score",
        api_real_or_null(s->has_complexity_score, s->complexity_score), "complexity_label",
        api_str(s->complexity_label), "launch_readiness_score",
        api_real_or_null(s->has_launch_readiness_score, s->launch_readiness_score),
        "free_findings_summary", sum ? sum : json_null(), "created_at", api_time(s->created_at),
        "completed_at", api_time_or_null(s->completed_at), "error_message",
        api_str(s->error_message), "github_repo_full_name", api_str(s->github_repo_full_name),
        "started_at", api_time_or_null(s->started_at));
}

enum vg_err api_scans_get(struct req *req, struct resp *resp)
{
    struct store_scan scan;
    enum vg_err e = scans_find(req, resp, &scan);
    if (e != VG_OK)
        return e;
    json_t *j = api_scan_json(&scan);
    json_object_set_new(j, "findings", scan.status == SCAN_STATUS_COMPLETE
                                           ? scans_findings(req, scan.id)
                                           : json_array());
    store_scan_release(&scan);
    return resp_json(resp, 200, j);
}
