/*
 * findings.c - findings across the scans of a repository (API.md "Findings across scans"):
 *   GET /v1/repositories/{id}/findings (status default open, severity, category, rule_id,
 *     path prefix; comma lists), GET|PATCH /v1/repositories/{id}/findings/{finding_id}.
 * The lifecycle itself runs when a scan completes (store/findings.h).
 */
#include <string.h>

#include "api/api.h"
#include "api/listing.h"
#include "app/app.h"
#include "store/findings.h"
#include "store/repositories.h"

#define REPO_NOT_FOUND "Repository not found"
#define NOT_FOUND "Finding not found"
#define REASON_MAX_CHARS 1000

static const char *const categories[] = {"secret", "injection", "xss", "auth", "crypto",
                                         "config", "dependency", "code", "other", NULL};

enum vg_err api_findings_list(struct req *req, struct resp *resp)
{
    static const char *const allowed[] = {"limit",   "cursor", "status", "severity",
                                          "category", "rule_id", "path", NULL};
    struct store_findings_filter f = {0};
    struct api_filter status, severity, category, rule;
    enum vg_err e = api_path_id(req, resp, "id", REPO_NOT_FOUND, &f.repository_id);
    if (e == VG_OK)
        e = api_query_known(req, resp, allowed);
    if (e == VG_OK)
        e = api_page_parse(req, resp, &f.page);
    if (e == VG_OK)
        e = api_query_filter(req, resp, "status", store_finding_statuses, &status);
    if (e == VG_OK)
        e = api_query_filter(req, resp, "severity", store_severities, &severity);
    if (e == VG_OK)
        e = api_query_filter(req, resp, "category", categories, &category);
    if (e == VG_OK)
        e = api_query_filter(req, resp, "rule_id", NULL, &rule);
    if (e != VG_OK)
        return e;
    f.path_prefix = req_query(req, "path");
    if (f.path_prefix != NULL && (*f.path_prefix == '\0' || strlen(f.path_prefix) > 1024)) {
        resp_field_error(resp, "query", "path", "Give a path prefix of 1 to 1024 bytes",
                         "value_error");
        return resp_validation_result(resp);
    }
    static const char *const open_only[] = {"open", NULL};
    f.user_id = req->principal.user_id;
    f.status = status.n ? status.v : open_only;
    f.nstatus = status.n ? status.n : 1;
    f.severity = severity.v;
    f.nseverity = severity.n;
    f.category = category.v;
    f.ncategory = category.n;
    f.rule_id = rule.v;
    f.nrule_id = rule.n;
    /* The repository must be the caller's: the same 404 for missing and foreign ones. */
    e = store_repository_owned(req->app->store, f.user_id, f.repository_id);
    json_t *page = NULL;
    if (e == VG_OK)
        e = store_repo_findings_page(req->app->store, &f, &page);
    if (e != VG_OK)
        return api_store_error(resp, e, REPO_NOT_FOUND, NULL);
    return resp_json(resp, 200, page);
}

enum vg_err api_findings_get(struct req *req, struct resp *resp)
{
    const char *repo = NULL, *id = NULL;
    enum vg_err e = api_path_id(req, resp, "id", REPO_NOT_FOUND, &repo);
    if (e == VG_OK)
        e = api_path_id(req, resp, "finding_id", NOT_FOUND, &id);
    if (e != VG_OK)
        return e;
    json_t *j = NULL;
    e = store_repo_finding_get(req->app->store, req->principal.user_id, repo, id, &j);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    return resp_json(resp, 200, j);
}

enum vg_err api_findings_triage(struct req *req, struct resp *resp)
{
    static const char *const settable[] = {"open", "ignored", "false_positive", NULL};
    const char *repo = NULL, *id = NULL;
    enum vg_err e = api_path_id(req, resp, "id", REPO_NOT_FOUND, &repo);
    if (e == VG_OK)
        e = api_path_id(req, resp, "finding_id", NOT_FOUND, &id);
    if (e != VG_OK)
        return e;
    const char *status = NULL, *reason = NULL;
    if (api_field_string(req, resp, "status", 1, 32, true, &status) && status) {
        bool ok = false;
        for (size_t i = 0; settable[i] && !ok; i++)
            ok = strcmp(status, settable[i]) == 0;
        if (!ok) {
            resp_field_error(resp, "body", "status",
                             "Input should be 'open', 'ignored' or 'false_positive'", "enum");
            status = NULL;
        }
    }
    api_field_name(req, resp, "reason", REASON_MAX_CHARS, false, &reason);
    if (status && strcmp(status, "open") != 0 && reason == NULL &&
        resp_validation_result(resp) == VG_OK)
        resp_field_error(resp, "body", "reason",
                         "A reason is required to mark a finding ignored or false_positive",
                         "missing");
    e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    json_t *j = NULL;
    e = store_repo_finding_triage(req->app->store, req->principal.user_id, repo, id, status,
                                  reason, api_actor(req), &j);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND,
                               "This finding is fixed; it is reopened when a scan sees it again.");
    return resp_json(resp, 200, j);
}
