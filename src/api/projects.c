/*
 * projects.c - the dashboard's projects (API.md "Projects"):
 *   GET|POST /v1/projects (?q= filters by name), GET|PATCH|DELETE /v1/projects/{id},
 *   GET /v1/projects/{id}/rollup.
 * Another user's project is "Project not found", like a missing one.
 */
#include "api/api.h"
#include "api/listing.h"
#include "app/app.h"
#include "store/projects.h"

#define NOT_FOUND "Project not found"
#define NAME_MAX_CHARS 200
#define DESCRIPTION_MAX_CHARS 2000

/* A project as API.md gives it. */
static json_t *project_json(const struct store_project *p)
{
    return json_pack("{s:s,s:s,s:o,s:o,s:o,s:I,s:o,s:o,s:o}", "id", p->id, "name", p->name,
                     "description", api_str(p->description), "created_at",
                     api_time(p->created_at), "updated_at", api_time(p->updated_at),
                     "repository_count", (json_int_t)p->repository_count, "latest_scan_at",
                     api_time_or_null(p->latest_scan_at), "launch_readiness_score",
                     api_real_or_null(p->has_score, p->launch_readiness_score),
                     "open_findings_by_severity", api_severity_counts_json(&p->open));
}

/* Answer a project from the store: status with its JSON, or the store error. */
static enum vg_err project_answer(struct resp *resp, enum vg_err e, unsigned status,
                                  struct store_project *p)
{
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    json_t *j = project_json(p);
    store_project_release(p);
    return resp_json(resp, status, j);
}

enum vg_err api_projects_list(struct req *req, struct resp *resp)
{
    static const char *const allowed[] = {"limit", "cursor", "q", NULL};
    enum vg_err e = api_query_known(req, resp, allowed);
    struct store_page_req pg;
    if (e == VG_OK)
        e = api_page_parse(req, resp, &pg);
    if (e != VG_OK)
        return e;
    const char *q = req_query(req, "q");
    if (q != NULL && (api_utf8_chars(q) > NAME_MAX_CHARS)) {
        resp_field_error(resp, "query", "q", "String should have at most 200 characters",
                         "string_too_long");
        return resp_validation_result(resp);
    }
    struct store_project_page page;
    e = store_projects_page(req->app->store, req->principal.user_id, q, &pg, &page);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    API_PAGE_RENDER(e, resp, &page, project_json, store_project_page_release);
    return e;
}

enum vg_err api_projects_create(struct req *req, struct resp *resp)
{
    const char *name = NULL, *description = NULL;
    api_field_name(req, resp, "name", NAME_MAX_CHARS, true, &name);
    api_field_string(req, resp, "description", 0, DESCRIPTION_MAX_CHARS, false, &description);
    enum vg_err e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    struct store_project p;
    e = store_project_create(req->app->store, req->principal.user_id, name, description, &p);
    return project_answer(resp, e, 201, &p);
}

enum vg_err api_projects_get(struct req *req, struct resp *resp)
{
    const char *id = NULL;
    enum vg_err e = api_path_id(req, resp, "id", NOT_FOUND, &id);
    if (e != VG_OK)
        return e;
    struct store_project p;
    e = store_project_get(req->app->store, req->principal.user_id, id, &p);
    return project_answer(resp, e, 200, &p);
}

enum vg_err api_projects_update(struct req *req, struct resp *resp)
{
    const char *id = NULL;
    enum vg_err e = api_path_id(req, resp, "id", NOT_FOUND, &id);
    if (e != VG_OK)
        return e;
    const char *name = NULL, *description = NULL;
    api_field_name(req, resp, "name", NAME_MAX_CHARS, false, &name);
    api_field_string(req, resp, "description", 0, DESCRIPTION_MAX_CHARS, false, &description);
    json_t *d = req->json ? json_object_get(req->json, "description") : NULL;
    bool clear = d != NULL && json_is_null(d);
    if (resp_validation_result(resp) == VG_OK && name == NULL && description == NULL && !clear)
        resp_field_error(resp, "body", "name", "Give name and/or description to change",
                         "missing");
    e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    struct store_project p;
    e = store_project_update(req->app->store, req->principal.user_id, id, name, description,
                             clear, &p);
    return project_answer(resp, e, 200, &p);
}

enum vg_err api_projects_delete(struct req *req, struct resp *resp)
{
    const char *id = NULL;
    enum vg_err e = api_path_id(req, resp, "id", NOT_FOUND, &id);
    if (e != VG_OK)
        return e;
    e = store_project_delete(req->app->store, req->app->blobs, req->principal.user_id, id);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    return resp_empty(resp, 204);
}

static json_t *rollup_json(const struct store_project_rollup *r)
{
    json_t *categories = json_object();
    for (size_t i = 0; i < r->ncategories; i++)
        json_object_set_new(categories, r->categories[i].category,
                            json_integer(r->categories[i].n));
    json_t *repos = json_array();
    for (size_t i = 0; i < r->nrepositories; i++) {
        const struct store_rollup_repository *rr = &r->repositories[i];
        json_array_append_new(
            repos, json_pack("{s:s,s:s,s:o,s:o,s:o}", "id", rr->id, "name", rr->name,
                             "latest_scan_id",
                             api_str(rr->latest_scan_id[0] ? rr->latest_scan_id : NULL),
                             "launch_readiness_score",
                             api_real_or_null(rr->has_score, rr->launch_readiness_score),
                             "open_findings_by_severity", api_severity_counts_json(&rr->open)));
    }
    json_t *trend = json_array();
    for (size_t i = 0; i < r->ntrend; i++) {
        const struct store_trend_point *t = &r->trend[i];
        json_array_append_new(
            trend, json_pack("{s:s,s:o,s:o,s:o,s:o}", "scan_id", t->scan_id, "repository_id",
                             api_str(t->repository_id[0] ? t->repository_id : NULL),
                             "completed_at", api_time_or_null(t->completed_at),
                             "launch_readiness_score",
                             api_real_or_null(t->has_score, t->launch_readiness_score),
                             "open_findings",
                             t->has_open_findings ? json_integer(t->open_findings)
                                                  : json_null()));
    }
    json_t *top = json_array();
    for (size_t i = 0; i < r->ntop_risks; i++)
        json_array_append_new(top, api_repo_finding_brief_json(&r->top_risks[i]));
    const struct store_project *p = &r->project;
    return json_pack("{s:s,s:o,s:o,s:o,s:{s:I,s:I},s:I,s:o,s:o,s:o}", "project_id", p->id,
                     "launch_readiness_score",
                     api_real_or_null(p->has_score, p->launch_readiness_score),
                     "open_findings_by_severity", api_severity_counts_json(&p->open),
                     "open_findings_by_category", categories, "triaged", "ignored",
                     (json_int_t)r->ignored, "false_positive", (json_int_t)r->false_positive,
                     "fixed_last_30_days", (json_int_t)r->fixed_last_30_days, "repositories",
                     repos, "trend", trend, "top_risks", top);
}

enum vg_err api_projects_rollup(struct req *req, struct resp *resp)
{
    const char *id = NULL;
    enum vg_err e = api_path_id(req, resp, "id", NOT_FOUND, &id);
    if (e != VG_OK)
        return e;
    struct store_project_rollup r;
    e = store_project_rollup(req->app->store, req->principal.user_id, id, &r);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    json_t *j = rollup_json(&r);
    store_project_rollup_release(&r);
    return resp_json(resp, 200, j);
}
