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

#define REPO_NOT_FOUND "Repository not found"
#define NOT_FOUND "Finding not found"
#define REASON_MAX_CHARS 1000

/* introduced_commit {sha, author_name, committed_at}: null unless from a git history. */
static json_t *finding_commit_json(const struct store_scan_finding *f)
{
    if (f->introduced_sha == NULL)
        return json_null();
    return json_pack("{s:s,s:s,s:o}", "sha", f->introduced_sha, "author_name",
                     f->introduced_author != NULL ? f->introduced_author : "", "committed_at",
                     api_time(f->introduced_at));
}

json_t *api_scan_finding_json(const struct store_scan_finding *f)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:I,s:I,s:o,s:s,s:s,s:o,s:o}", "id",
                     f->id, "severity", f->severity, "category", f->category, "rule_id",
                     f->rule_id, "title", f->title, "description", f->description,
                     "recommendation", api_str(f->recommendation), "file_path", f->file_path,
                     "line_start", (json_int_t)f->line_start, "line_end",
                     (json_int_t)f->line_end, "masked_evidence", api_str(f->masked_evidence),
                     "confidence", f->confidence, "fingerprint", f->fingerprint,
                     "introduced_commit", finding_commit_json(f), "in_head",
                     f->introduced_sha != NULL ? json_boolean(f->in_head) : json_null());
}

json_t *api_repo_finding_json(const struct store_repo_finding *rf)
{
    const struct store_scan_finding *f = &rf->f;
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:I,s:I,s:o,s:s,s:s,s:o,s:s,"
                     "s:o,s:s,s:o,s:o,s:o,s:o}",
                     "id", f->id, "repository_id", rf->repository_id, "fingerprint",
                     f->fingerprint, "rule_id", f->rule_id, "severity", f->severity,
                     "category", f->category, "title", f->title, "description", f->description,
                     "recommendation", api_str(f->recommendation), "file_path", f->file_path,
                     "line_start", (json_int_t)f->line_start, "line_end",
                     (json_int_t)f->line_end, "masked_evidence", api_str(f->masked_evidence),
                     "confidence", f->confidence, "status", rf->status, "status_reason",
                     api_str(rf->status_reason), "first_seen_scan_id", rf->first_seen_scan_id,
                     "first_seen_at", api_time(rf->first_seen_at), "last_seen_scan_id",
                     rf->last_seen_scan_id, "last_seen_at", api_time(rf->last_seen_at),
                     "fixed_at", api_time_or_null(rf->fixed_at), "introduced_commit",
                     finding_commit_json(f), "in_head",
                     f->introduced_sha != NULL ? json_boolean(f->in_head) : json_null());
}

json_t *api_repo_finding_brief_json(const struct store_repo_finding *rf)
{
    const struct store_scan_finding *f = &rf->f;
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:o,s:s,s:s,s:o,s:o}", "id", f->id,
                     "repository_id", rf->repository_id, "severity", f->severity, "category",
                     f->category, "rule_id", f->rule_id, "title", f->title, "file_path",
                     f->file_path, "line_start", (json_int_t)f->line_start, "line_end",
                     (json_int_t)f->line_end, "masked_evidence", api_str(f->masked_evidence),
                     "confidence", f->confidence, "status", rf->status, "first_seen_at",
                     api_time(rf->first_seen_at), "last_seen_at", api_time(rf->last_seen_at));
}

/* A finding with its history: [{type, scan_id, at, actor, from_status, to_status,
 * reason}], oldest first. */
static json_t *finding_detail_json(const struct store_repo_finding_detail *d)
{
    static const char *const keys[] = {"from_status", "to_status", "reason"};
    json_t *history = json_array();
    for (size_t i = 0; i < d->history.n; i++) {
        const struct store_event *ev = &d->history.items[i];
        json_t *data = api_event_data_json(ev);
        json_t *h = json_pack("{s:s,s:o,s:o,s:o}", "type", ev->type, "scan_id",
                              api_str(ev->scan_id[0] ? ev->scan_id : NULL), "at",
                              api_time(ev->created_at), "actor", api_event_actor_json(ev));
        for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
            json_t *v = json_object_get(data, keys[k]);
            json_object_set_new(h, keys[k], v ? json_incref(v) : json_null());
        }
        json_decref(data);
        json_array_append_new(history, h);
    }
    json_t *j = api_repo_finding_json(&d->finding);
    json_object_set_new(j, "history", history);
    return j;
}

/* Answer a finding from the store: 200 with its JSON, or the store error. */
static enum vg_err finding_answer(struct resp *resp, enum vg_err e,
                                  struct store_repo_finding_detail *d)
{
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND,
                               "This finding is fixed; it is reopened when a scan sees it again.");
    json_t *j = finding_detail_json(d);
    store_repo_finding_detail_release(d);
    return resp_json(resp, 200, j);
}

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
    /* A foreign repository is a 404 like a missing one (the store checks). */
    struct store_repo_finding_page page;
    e = store_repo_findings_page(req->app->store, &f, &page);
    if (e != VG_OK)
        return api_store_error(resp, e, REPO_NOT_FOUND, NULL);
    API_PAGE_RENDER(e, resp, &page, api_repo_finding_json, store_repo_finding_page_release);
    return e;
}

enum vg_err api_findings_get(struct req *req, struct resp *resp)
{
    const char *repo = NULL, *id = NULL;
    enum vg_err e = api_path_id(req, resp, "id", REPO_NOT_FOUND, &repo);
    if (e == VG_OK)
        e = api_path_id(req, resp, "finding_id", NOT_FOUND, &id);
    if (e != VG_OK)
        return e;
    struct store_repo_finding_detail d;
    e = store_repo_finding_get(req->app->store, req->principal.user_id, repo, id, &d);
    return finding_answer(resp, e, &d);
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
    struct store_repo_finding_detail d;
    e = store_repo_finding_triage(req->app->store, req->principal.user_id, repo, id, status,
                                  reason, api_actor(req), &d);
    return finding_answer(resp, e, &d);
}
