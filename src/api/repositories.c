/*
 * repositories.c - the dashboard's repositories (API.md "Repositories"):
 *   GET|POST /v1/repositories (?project_id=), GET|PATCH|DELETE /v1/repositories/{id},
 *   POST|GET /v1/repositories/{id}/scans, and the scan lists GET /v1/scans (filters) and
 *   GET /v1/scans/{scan_id}/findings (one scan's findings, paged).
 * Another user's repository or scan is "... not found", like a missing one.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/listing.h"
#include "app/app.h"
#include "source/github.h"
#include "store/findings.h"
#include "store/repositories.h"
#include "store/scans.h"

#define NOT_FOUND "Repository not found"
#define NAME_MAX_CHARS 200
#define BRANCH_MAX_CHARS 255

static const char *const source_types[] = {"zip", "git", "github", NULL};
static const char *const scan_statuses[] = {"queued", "extracting", "scanning", "complete",
                                            "failed", NULL};

static json_t *latest_scan_json(const struct store_repository *r)
{
    if (r->latest_scan.id[0] == '\0')
        return json_null();
    return json_pack("{s:s,s:s,s:o,s:o}", "id", r->latest_scan.id, "status",
                     r->latest_scan.status, "completed_at",
                     api_time_or_null(r->latest_scan.completed_at), "launch_readiness_score",
                     api_real_or_null(r->latest_scan.has_score,
                                      r->latest_scan.launch_readiness_score));
}

/* A repository as API.md gives it. */
static json_t *repository_json(const struct store_repository *r)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "id", r->id, "project_id",
                     r->project_id, "name", r->name, "source_type", r->source_type,
                     "github_repo_full_name", api_str(r->github_repo_full_name),
                     "default_branch", api_str(r->default_branch), "created_at",
                     api_time(r->created_at), "updated_at", api_time(r->updated_at),
                     "latest_scan", latest_scan_json(r), "open_findings_by_severity",
                     api_severity_counts_json(&r->open));
}

/* Answer a repository from the store: status with its JSON, or the store error (not_found
 * for VG_ERR_NOT_FOUND). */
static enum vg_err repository_answer(struct resp *resp, enum vg_err e, unsigned status,
                                     struct store_repository *r, const char *not_found)
{
    if (e != VG_OK)
        return api_store_error(resp, e, not_found,
                               "A repository of this name and source type already exists in "
                               "the project.");
    json_t *j = repository_json(r);
    store_repository_release(r);
    return resp_json(resp, status, j);
}

/* A ?name= that must be a UUID when present (422 otherwise). */
static enum vg_err query_uuid(struct req *req, struct resp *resp, const char *name,
                              const char **out)
{
    *out = req_query(req, name);
    if (*out != NULL && !uuid_valid(*out)) {
        resp_field_error(resp, "query", name, "Input should be a valid UUID", "uuid_parsing");
        return resp_validation_result(resp);
    }
    return VG_OK;
}

enum vg_err api_repositories_list(struct req *req, struct resp *resp)
{
    static const char *const allowed[] = {"limit", "cursor", "project_id", NULL};
    struct store_page_req pg;
    const char *project = NULL;
    enum vg_err e = api_query_known(req, resp, allowed);
    if (e == VG_OK)
        e = api_page_parse(req, resp, &pg);
    if (e == VG_OK)
        e = query_uuid(req, resp, "project_id", &project);
    if (e != VG_OK)
        return e;
    struct store_repository_page page;
    e = store_repositories_page(req->app->store, req->principal.user_id, project, &pg, &page);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    API_PAGE_RENDER(e, resp, &page, repository_json, store_repository_page_release);
    return e;
}

static bool field_enum(struct req *req, struct resp *resp, const char *field,
                       const char *const *allowed, bool required, const char **out)
{
    if (!api_field_string(req, resp, field, 1, 32, required, out) || *out == NULL)
        return false;
    for (size_t i = 0; allowed[i]; i++) {
        if (strcmp(*out, allowed[i]) == 0)
            return true;
    }
    resp_field_error(resp, "body", field, "Input should be 'zip', 'git' or 'github'", "enum");
    *out = NULL;
    return false;
}

static void field_github(struct req *req, struct resp *resp, const char **full)
{
    if (api_field_string(req, resp, "github_repo_full_name", 1, 140, false, full) && *full &&
        !github_repo_name_valid(*full)) {
        resp_field_error(resp, "body", "github_repo_full_name", "Should look like 'owner/name'",
                         "value_error");
        *full = NULL;
    }
}

enum vg_err api_repositories_create(struct req *req, struct resp *resp)
{
    struct store_repository_new n = {0};
    const char *project = NULL;
    if (api_field_string(req, resp, "project_id", 1, 64, true, &project) && project &&
        !uuid_valid(project))
        resp_field_error(resp, "body", "project_id", "Input should be a valid UUID",
                         "uuid_parsing");
    field_enum(req, resp, "source_type", source_types, true, &n.source_type);
    field_github(req, resp, &n.github_repo_full_name);
    bool github = n.source_type && strcmp(n.source_type, "github") == 0;
    api_field_name(req, resp, "name", NAME_MAX_CHARS, !github, &n.name);
    api_field_name(req, resp, "default_branch", BRANCH_MAX_CHARS, false, &n.default_branch);
    if (github && n.github_repo_full_name == NULL &&
        !json_object_get(req->json, "github_repo_full_name"))
        resp_field_error(resp, "body", "github_repo_full_name",
                         "Field required for github sources", "missing");
    if (!github && n.github_repo_full_name != NULL)
        resp_field_error(resp, "body", "github_repo_full_name", "Only for github sources",
                         "value_error");
    enum vg_err e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    n.project_id = project;
    if (n.name == NULL)
        n.name = n.github_repo_full_name;
    struct store_repository r;
    e = store_repository_create(req->app->store, req->principal.user_id, &n, api_actor(req), &r);
    return repository_answer(resp, e, 201, &r, "Project not found");
}

enum vg_err api_repositories_get(struct req *req, struct resp *resp)
{
    const char *id = NULL;
    enum vg_err e = api_path_id(req, resp, "id", NOT_FOUND, &id);
    if (e != VG_OK)
        return e;
    struct store_repository r;
    e = store_repository_get(req->app->store, req->principal.user_id, id, &r);
    return repository_answer(resp, e, 200, &r, NOT_FOUND);
}

enum vg_err api_repositories_update(struct req *req, struct resp *resp)
{
    const char *id = NULL;
    enum vg_err e = api_path_id(req, resp, "id", NOT_FOUND, &id);
    if (e != VG_OK)
        return e;
    const char *name = NULL, *branch = NULL, *full = NULL;
    api_field_name(req, resp, "name", NAME_MAX_CHARS, false, &name);
    api_field_name(req, resp, "default_branch", BRANCH_MAX_CHARS, false, &branch);
    field_github(req, resp, &full);
    json_t *b = req->json ? json_object_get(req->json, "default_branch") : NULL;
    bool clear = b != NULL && json_is_null(b);
    if (resp_validation_result(resp) == VG_OK && !name && !branch && !full && !clear)
        resp_field_error(resp, "body", "name",
                         "Give name, default_branch and/or github_repo_full_name to change",
                         "missing");
    e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    char source[16], project[UUID_STR_LEN];
    char *old_full = NULL;
    e = store_repository_source(req->app->store, req->principal.user_id, id, source, project,
                                &old_full);
    free(old_full);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    if (full && strcmp(source, "github") != 0) {
        resp_field_error(resp, "body", "github_repo_full_name", "Only for github sources",
                         "value_error");
        return resp_validation_result(resp);
    }
    struct store_repository r;
    e = store_repository_update(req->app->store, req->principal.user_id, id, name, branch, clear,
                                full, api_actor(req), &r);
    return repository_answer(resp, e, 200, &r, NOT_FOUND);
}

enum vg_err api_repositories_delete(struct req *req, struct resp *resp)
{
    const char *id = NULL;
    enum vg_err e = api_path_id(req, resp, "id", NOT_FOUND, &id);
    if (e != VG_OK)
        return e;
    e = store_repository_delete(req->app->store, req->app->blobs, req->principal.user_id, id);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    return resp_empty(resp, 204);
}

enum vg_err api_repositories_scan_create(struct req *req, struct resp *resp)
{
    const char *id = NULL;
    enum vg_err e = api_path_id(req, resp, "id", NOT_FOUND, &id);
    if (e != VG_OK)
        return e;
    char source[16], project[UUID_STR_LEN];
    char *full = NULL;
    e = store_repository_source(req->app->store, req->principal.user_id, id, source, project,
                                &full);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    if (strcmp(source, "git") == 0) {
        free(full);
        return resp_error(resp, VG_ERR_CONFLICT,
                          "A git repository is scanned by pushing to a git upload "
                          "(POST /v1/git-uploads).");
    }
    if (strcmp(source, "github") == 0 && full == NULL) {
        free(full);
        return resp_error(resp, VG_ERR_CONFLICT,
                          "Set github_repo_full_name on this repository first.");
    }
    struct api_scan_target t = {NULL, project, id, source, full, false};
    e = api_scans_create_in(req, resp, &t);
    free(full);
    return e;
}

static enum vg_err scans_page(struct req *req, struct resp *resp, const char *repository)
{
    static const char *const allowed[] = {"limit", "cursor", "project_id", "repository_id",
                                          "status", NULL};
    static const char *const allowed_repo[] = {"limit", "cursor", "status", NULL};
    struct store_scans_filter f = {0};
    struct api_filter status;
    enum vg_err e = api_query_known(req, resp, repository ? allowed_repo : allowed);
    if (e == VG_OK)
        e = api_page_parse(req, resp, &f.page);
    if (e == VG_OK && repository == NULL)
        e = query_uuid(req, resp, "project_id", &f.project_id);
    if (e == VG_OK && repository == NULL)
        e = query_uuid(req, resp, "repository_id", &f.repository_id);
    if (e == VG_OK)
        e = api_query_filter(req, resp, "status", scan_statuses, &status);
    if (e != VG_OK)
        return e;
    if (repository)
        f.repository_id = repository;
    f.user_id = req->principal.user_id;
    f.status = status.v;
    f.nstatus = status.n;
    struct store_scan_page page;
    e = store_scans_page(req->app->store, &f, &page);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    json_t *items = json_array();
    for (size_t i = 0; i < page.n; i++) {
        const struct store_scan *sc = &page.items[i];
        json_t *j = api_scan_json(sc);
        json_object_set_new(j, "repository_id",
                            api_str(sc->repository_id[0] ? sc->repository_id : NULL));
        json_array_append_new(items, j);
    }
    e = api_page_answer(resp, items, page.next_cursor);
    store_scan_page_release(&page);
    return e;
}

enum vg_err api_repositories_scans(struct req *req, struct resp *resp)
{
    const char *id = NULL;
    enum vg_err e = api_path_id(req, resp, "id", NOT_FOUND, &id);
    if (e != VG_OK)
        return e;
    e = store_repository_owned(req->app->store, req->principal.user_id, id);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    return scans_page(req, resp, id);
}

enum vg_err api_scans_list(struct req *req, struct resp *resp)
{
    return scans_page(req, resp, NULL);
}

enum vg_err api_scans_findings(struct req *req, struct resp *resp)
{
    static const char *const allowed[] = {"limit", "cursor", NULL};
    const char *id = NULL;
    enum vg_err e = api_path_id(req, resp, "scan_id", "Scan not found", &id);
    struct store_page_req pg;
    if (e == VG_OK)
        e = api_query_known(req, resp, allowed);
    if (e == VG_OK)
        e = api_page_parse(req, resp, &pg);
    if (e != VG_OK)
        return e;
    struct store_scan_finding_page page;
    e = store_scans_findings_page(req->app->store, req->principal.user_id, id, &pg, &page);
    if (e != VG_OK)
        return api_store_error(resp, e, "Scan not found", NULL);
    API_PAGE_RENDER(e, resp, &page, api_scan_finding_json, store_scan_finding_page_release);
    return e;
}
