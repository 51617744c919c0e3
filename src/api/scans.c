/*
 * scans.c - the developer API's scan endpoints (seed: vibeguard-developer-api-v1.txt):
 *   POST /v1/scans              create a project (or reuse one of the same name) + scan
 *   POST /v1/scans/{id}/start   hand a scan to the workers (202; 409 once it left queued)
 *   GET  /v1/scans/{id}         status, statistics, scores and, once complete, findings
 * Ownership-scoped: another account's scan is "Scan not found", like a missing one.
 * Limits (app/limits.h, all configurable): v1_scans_per_key_per_day for API keys, and the
 * per-user and per-IP daily scan limits for everyone, all counted in the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "blob/blob.h"
#include "app/app.h"
#include "app/limits.h"
#include "http/auth.h"
#include "http/query.h"
#include "jobs/github.h"
#include "jobs/queue.h"
#include "store/store.h"
#include "util/timeutil.h"

#define UPLOAD_TTL 900

/* Count this creation against every scan limit that applies; a 429 on the first exceeded. */
static enum vg_err scans_check_limits(struct req *req, struct resp *resp)
{
    struct {
        enum limit_id id;
        const char *subject;
    } checks[] = {
        {LIMIT_KEY_SCANS_DAY, req->principal.key_id},
        {LIMIT_USER_SCANS_DAY, req->principal.user_id},
        {LIMIT_IP_SCANS_DAY, req->client_ip},
    };
    int64_t now = time_now();
    for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
        if (i == 0 && req->principal.kind != PRINCIPAL_KEY)
            continue;
        struct limit_result lim;
        if (limits_take(req->app->store, &req->app->cfg, checks[i].id, checks[i].subject, now,
                        &lim) != VG_OK)
            return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
        if (!lim.allowed)
            return auth_rate_limited(resp, &lim);
    }
    return VG_OK;
}

/* The id of the caller's project named name, created when missing. */
static enum vg_err scans_project(struct req *req, const char *name, char id[UUID_STR_LEN])
{
    struct store_param p[] = {SP_TEXT(req->principal.user_id), SP_TEXT(name)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(req->app->store,
                                 "SELECT id FROM projects WHERE user_id = $1 AND name = $2 "
                                 "ORDER BY created_at, id LIMIT 1",
                                 p, 2, &r);
    if (e != VG_OK)
        return e;
    if (store_result_rows(r) == 1) {
        snprintf(id, UUID_STR_LEN, "%s", store_result_get(r, 0, 0));
        store_result_free(r);
        return VG_OK;
    }
    store_result_free(r);
    rand_uuid(id);
    int64_t now = time_now();
    struct store_param pi[] = {SP_TEXT(id), SP_TEXT(req->principal.user_id), SP_TEXT(name),
                               SP_INT(now)};
    return store_query1(req->app->store,
                        "INSERT INTO projects (id, user_id, name, created_at, updated_at) "
                        "VALUES ($1,$2,$3,$4,$4)",
                        pi, 4, NULL);
}

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
    enum vg_err e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    bool zip = strcmp(source, "zip") == 0;
    if (!req->principal.email_verified)
        return resp_error(resp, VG_ERR_FORBIDDEN, AUTH_MSG_UNVERIFIED);
    e = scans_check_limits(req, resp);
    if (e != VG_OK)
        return e;

    char project[UUID_STR_LEN], scan[UUID_STR_LEN];
    if (scans_project(req, name, project) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    rand_uuid(scan);
    int64_t now = time_now(), expires = now + UPLOAD_TTL;
    char path[160];
    snprintf(path, sizeof(path), "raw-uploads/%s/%s.zip", req->principal.user_id, scan);
    struct store_param p[] = {SP_TEXT(scan),
                              SP_TEXT(req->principal.user_id),
                              SP_TEXT(project),
                              req->principal.kind == PRINCIPAL_KEY ? SP_TEXT(req->principal.key_id)
                                                                   : SP_NULL,
                              SP_TEXT(source),
                              zip ? SP_NULL : SP_TEXT(repo),
                              zip ? SP_TEXT(path) : SP_NULL,
                              zip ? SP_INT(expires) : SP_NULL,
                              SP_INT(now)};
    e = store_query1(req->app->store,
                     "INSERT INTO scans (id, user_id, project_id, api_key_id, source_type, "
                     "github_repo_full_name, status, upload_storage_path, upload_expires_at, "
                     "total_files, included_files, ignored_files, risky_skipped_files, "
                     "total_bytes, included_bytes, created_at) "
                     "VALUES ($1,$2,$3,$4,$5,$6,'queued',$7,$8,0,0,0,0,0,0,$9)",
                     p, 9, NULL);
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    json_t *url = json_null();
    if (zip) {
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

/* The caller's scan named by the path, with the given columns. */
static enum vg_err scans_find(struct req *req, struct resp *resp, const char *cols,
                              struct store_result **out)
{
    const char *id = req_param(req, "scan_id");
    if (!uuid_valid(id))
        return resp_error(resp, VG_ERR_NOT_FOUND, "Scan not found");
    char sql[640];
    snprintf(sql, sizeof(sql), "SELECT %s FROM scans WHERE id = $1 AND user_id = $2", cols);
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(req->principal.user_id)};
    return req_query_row(req, resp, sql, p, 2, VG_ERR_NOT_FOUND, "Scan not found", out);
}

enum vg_err api_scans_start(struct req *req, struct resp *resp)
{
    const char *id = req_param(req, "scan_id");
    struct store_result *r = NULL;
    enum vg_err e = scans_find(req, resp, "status, source_type, upload_received_at", &r);
    if (e != VG_OK)
        return e;
    char status[32];
    snprintf(status, sizeof(status), "%s", store_result_get(r, 0, 0));
    bool zip = strcmp(store_result_get(r, 0, 1), "zip") == 0;
    bool uploaded = store_result_get(r, 0, 2) != NULL;
    store_result_free(r);
    if (strcmp(status, "queued") != 0)
        return resp_errorf(resp, VG_ERR_CONFLICT,
                           "This scan has already left the queue (status: %s).", status);
    if (zip && !uploaded)
        return resp_error(resp, VG_ERR_CONFLICT,
                          "The upload has not arrived yet: PUT the ZIP archive to upload_url, "
                          "then start the scan.");
    /* Mark it started before queueing it, conditionally: an upload finishing at the same
     * moment either landed first (and is what the job reads) or is refused (uploads.c). */
    struct store_param ps[] = {SP_INT(time_now()), SP_TEXT(id)};
    struct store_result *u = NULL;
    if (store_query1(req->app->store,
                     "UPDATE scans SET started_at = COALESCE(started_at, $1) WHERE id = $2 "
                     "AND status = 'queued' AND (source_type <> 'zip' OR "
                     "upload_received_at IS NOT NULL)",
                     ps, 2, &u) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    bool marked = store_result_affected(u) == 1;
    store_result_free(u);
    if (!marked)
        return resp_error(resp, VG_ERR_CONFLICT, "This scan has already left the queue.");
    if (jobs_enqueue(req->app->store, JOB_KIND_SCAN, id) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    return resp_json(resp, 202, json_pack("{s:s,s:s}", "scan_id", id, "status", "queued"));
}

static json_t *num_col(const struct store_result *r, size_t col, bool real)
{
    if (store_result_get(r, 0, col) == NULL)
        return json_null();
    if (real)
        return json_real(strtod(store_result_get(r, 0, col), NULL));
    return json_integer(store_result_int(r, 0, col, 0));
}

static json_t *scans_findings(struct req *req, const char *id)
{
    json_t *items = json_array();
    struct store_param p[] = {SP_TEXT(id)};
    struct store_result *r = NULL;
    if (store_query1(req->app->store,
                     "SELECT id, severity, category, rule_id, title, description, "
                     "recommendation, file_path, line_start, line_end, masked_evidence, "
                     "confidence, fingerprint FROM findings WHERE scan_id = $1 ORDER BY "
                     "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' "
                     "THEN 2 WHEN 'low' THEN 3 ELSE 4 END, file_path, line_start, rule_id",
                     p, 1, &r) != VG_OK)
        return items;
    static const char *const names[] = {"id",          "severity",    "category",
                                        "rule_id",     "title",       "description",
                                        "recommendation", "file_path", "line_start",
                                        "line_end",    "masked_evidence", "confidence",
                                        "fingerprint"};
    for (size_t i = 0; i < store_result_rows(r); i++) {
        json_t *f = json_object();
        for (size_t c = 0; c < sizeof(names) / sizeof(names[0]); c++) {
            json_t *v = (c == 8 || c == 9) ? json_integer(store_result_int(r, i, c, 0))
                                           : api_str_col(r, i, c);
            json_object_set_new(f, names[c], v);
        }
        json_array_append_new(items, f);
    }
    store_result_free(r);
    return items;
}

enum vg_err api_scans_get(struct req *req, struct resp *resp)
{
    const char *id = req_param(req, "scan_id");
    struct store_result *r = NULL;
    enum vg_err e = scans_find(req, resp,
                               "id, status, source_type, project_id, total_files, "
                               "included_files, ignored_files, risky_skipped_files, total_bytes, "
                               "included_bytes, complexity_score, complexity_label, "
                               "launch_readiness_score, findings_summary, created_at, "
                               "completed_at, error_message, github_repo_full_name, started_at",
                               &r);
    if (e != VG_OK)
        return e;
    const char *summary = store_result_get(r, 0, 13);
    json_t *sum = summary ? json_loads(summary, 0, NULL) : NULL;
    bool complete = strcmp(store_result_get(r, 0, 1), "complete") == 0;
    json_t *j = json_pack(
        "{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id",
        api_str_col(r, 0, 0), "status", api_str_col(r, 0, 1), "source_type",
        api_str_col(r, 0, 2), "project_id", api_str_col(r, 0, 3), "total_files",
        num_col(r, 4, false), "included_files", num_col(r, 5, false), "ignored_files",
        num_col(r, 6, false), "risky_skipped_files", num_col(r, 7, false), "total_bytes",
        num_col(r, 8, false), "included_bytes", num_col(r, 9, false), "complexity_score",
        num_col(r, 10, true), "complexity_label", api_str_col(r, 0, 11),
        "launch_readiness_score", num_col(r, 12, true), "free_findings_summary",
        sum ? sum : json_null(), "created_at", api_time_col(r, 0, 14), "completed_at",
        api_time_col(r, 0, 15), "error_message", api_str_col(r, 0, 16),
        "github_repo_full_name", api_str_col(r, 0, 17), "started_at", api_time_col(r, 0, 18));
    store_result_free(r);
    json_object_set_new(j, "findings", complete ? scans_findings(req, id) : json_array());
    return resp_json(resp, 200, j);
}
