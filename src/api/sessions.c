/*
 * sessions.c - the legacy upload/analyze flow (API.md "Sessions (legacy)") as a thin
 * adapter over scans: a session id is its scan's id.
 *   POST /v1/sessions {project_name}      -> 201 session_id, upload_url, expires_at
 *   POST /v1/sessions/{id}/analyze        -> 202 session_id, status
 *   GET  /v1/sessions/{id}                -> session_id, status, score, findings_count,
 *                                            findings
 * Status: pending (created, not analyzed yet), analyzing, done, error. Every answer of
 * these handlers carries Deprecation (RFC 9745), Sunset (RFC 8594) and a Link to the
 * successor, /v1/scans.
 */
#include <string.h>

#include "api/api.h"
#include "api/listing.h"

/* Deprecated since 2026-12-01T00:00:00Z; removed after June 2027. */
#define SESSIONS_DEPRECATION "@1796083200"
#define SESSIONS_SUNSET "Wed, 30 Jun 2027 23:59:59 GMT"
#define SESSIONS_LINK "</v1/scans>; rel=\"successor-version\""
#define NOT_FOUND "Session not found"

static void sessions_headers(struct resp *resp)
{
    resp_header(resp, "Deprecation", SESSIONS_DEPRECATION);
    resp_header(resp, "Sunset", SESSIONS_SUNSET);
    resp_header(resp, "Link", SESSIONS_LINK);
}

/* The scan handlers name the thing a scan; here it is a session. */
static enum vg_err sessions_error(struct resp *resp, enum vg_err e)
{
    if (e == VG_ERR_NOT_FOUND)
        return resp_error(resp, VG_ERR_NOT_FOUND, NOT_FOUND);
    return e;
}

enum vg_err api_sessions_create(struct req *req, struct resp *resp)
{
    sessions_headers(resp);
    const char *name = NULL;
    api_field_name(req, resp, "project_name", 200, true, &name);
    enum vg_err e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    struct api_scan_target t = {name, NULL, NULL, "zip", NULL, false};
    e = api_scans_create_in(req, resp, &t);
    if (e != VG_OK)
        return e;
    json_t *s = resp->json;
    json_t *j = json_pack("{s:O,s:O,s:O}", "session_id", json_object_get(s, "scan_id"),
                          "upload_url", json_object_get(s, "upload_url"), "expires_at",
                          json_object_get(s, "upload_expires_at"));
    return resp_json(resp, 201, j);
}

/* Let the scan handlers read the session id as {scan_id}. */
static void as_scan_id(struct req *req)
{
    for (size_t i = 0; i < req->nparams; i++) {
        if (strcmp(req->params[i].name, "id") == 0)
            req->params[i].name = "scan_id";
    }
}

enum vg_err api_sessions_analyze(struct req *req, struct resp *resp)
{
    sessions_headers(resp);
    as_scan_id(req);
    enum vg_err e = api_scans_start(req, resp);
    if (e != VG_OK)
        return sessions_error(resp, e);
    return resp_json(resp, 202,
                     json_pack("{s:s,s:s}", "session_id", req_param(req, "scan_id"), "status",
                               "analyzing"));
}

static const char *session_status(const json_t *scan)
{
    const char *s = json_string_value(json_object_get(scan, "status"));
    if (s == NULL)
        return "error";
    if (strcmp(s, "complete") == 0)
        return "done";
    if (strcmp(s, "failed") == 0)
        return "error";
    if (strcmp(s, "queued") == 0 && json_is_null(json_object_get(scan, "started_at")))
        return "pending";
    return "analyzing";
}

enum vg_err api_sessions_get(struct req *req, struct resp *resp)
{
    sessions_headers(resp);
    as_scan_id(req);
    enum vg_err e = api_scans_get(req, resp);
    if (e != VG_OK)
        return sessions_error(resp, e);
    json_t *s = resp->json;
    json_t *findings = json_object_get(s, "findings");
    json_t *j = json_pack("{s:O,s:s,s:O,s:I,s:O}", "session_id", json_object_get(s, "id"),
                          "status", session_status(s), "score",
                          json_object_get(s, "launch_readiness_score"), "findings_count",
                          (json_int_t)json_array_size(findings), "findings", findings);
    return resp_json(resp, 200, j);
}
