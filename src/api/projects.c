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
    json_t *page = NULL;
    e = store_projects_page(req->app->store, req->principal.user_id, q, &pg, &page);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    return resp_json(resp, 200, page);
}

enum vg_err api_projects_create(struct req *req, struct resp *resp)
{
    const char *name = NULL, *description = NULL;
    api_field_name(req, resp, "name", NAME_MAX_CHARS, true, &name);
    api_field_string(req, resp, "description", 0, DESCRIPTION_MAX_CHARS, false, &description);
    enum vg_err e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    json_t *j = NULL;
    e = store_project_create(req->app->store, req->principal.user_id, name, description, &j);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    return resp_json(resp, 201, j);
}

enum vg_err api_projects_get(struct req *req, struct resp *resp)
{
    return api_answer_get(req, resp, "id", NOT_FOUND, store_project_get);
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
    json_t *j = NULL;
    e = store_project_update(req->app->store, req->principal.user_id, id, name, description,
                             clear, &j);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    return resp_json(resp, 200, j);
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

enum vg_err api_projects_rollup(struct req *req, struct resp *resp)
{
    return api_answer_get(req, resp, "id", NOT_FOUND, store_project_rollup);
}
