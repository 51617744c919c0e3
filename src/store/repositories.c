/*
 * repositories.c - repositories and their scan history (see repositories.h).
 */
#include "store/repositories.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/findings.h"
#include "store/projects.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* The repository columns of API.md plus the latest scan (by creation) as _ls_*. */
#define REPO_SELECT                                                                           \
    "SELECT r.id, r.project_id, r.name, r.source_type, r.github_repo_full_name, "             \
    "r.default_branch, r.created_at, r.updated_at, r.created_at AS _k, ls.id AS _ls_id, "     \
    "ls.status AS _ls_status, ls.completed_at AS _ls_completed_at, "                          \
    "ls.launch_readiness_score AS _ls_score FROM repositories r LEFT JOIN scans ls ON "       \
    "ls.repository_id = r.id AND ls.repo_seq = r.scan_seq WHERE r.user_id = "

static json_t *latest_scan_json(const struct store_result *r, size_t row)
{
    size_t c = store_col(r, "_ls_id");
    if (store_result_get(r, row, c) == NULL)
        return json_null();
    const char *score = store_result_get(r, row, c + 3);
    json_t *done = json_null();
    if (store_result_get(r, row, c + 2) != NULL) {
        char iso[ISO8601_LEN];
        time_iso8601(iso, store_result_int(r, row, c + 2, 0));
        done = json_string(iso);
    }
    return json_pack("{s:s,s:s,s:o,s:o}", "id", store_result_get(r, row, c), "status",
                     store_result_get(r, row, c + 1), "completed_at", done,
                     "launch_readiness_score", score ? json_real(strtod(score, NULL)) : json_null());
}

/* Render rows [0, n) into items: the repository shape with latest_scan and counts. */
static enum vg_err repos_render(struct store *st, const char *user_id,
                                const struct store_result *r, json_t *items)
{
    size_t n = json_array_size(items);
    for (size_t i = 0; i < n; i++)
        json_object_set_new(json_array_get(items, i), "latest_scan", latest_scan_json(r, i));
    if (n == 0)
        return VG_OK;
    const char **ids = xcalloc(n, sizeof(*ids));
    json_t **counts = xcalloc(n, sizeof(*counts));
    for (size_t i = 0; i < n; i++)
        ids[i] = json_string_value(json_object_get(json_array_get(items, i), "id"));
    enum vg_err e = store_open_by_severity(st, "repository_id", user_id, ids, n, counts);
    for (size_t i = 0; e == VG_OK && i < n; i++)
        json_object_set_new(json_array_get(items, i), "open_findings_by_severity", counts[i]);
    free(ids);
    free(counts);
    return e;
}

enum vg_err store_repository_get(struct store *st, const char *user_id, const char *id,
                                 json_t **out)
{
    *out = NULL;
    struct sqlb b;
    sqlb_init(&b, REPO_SELECT);
    sqlb_text(&b, user_id);
    sqlb_sql(&b, " AND r.id = ");
    sqlb_text(&b, id);
    struct store_result *r = NULL;
    enum vg_err e = sqlb_run(&b, st, NULL, &r);
    sqlb_release(&b);
    if (e != VG_OK)
        return e;
    if (store_result_rows(r) != 1) {
        store_result_free(r);
        return VG_ERR_NOT_FOUND;
    }
    json_t *items = json_array();
    json_array_append_new(items, store_row_json(r, 0, NULL, NULL));
    e = repos_render(st, user_id, r, items);
    store_result_free(r);
    if (e == VG_OK)
        *out = json_incref(json_array_get(items, 0));
    json_decref(items);
    return e;
}

enum vg_err store_repositories_page(struct store *st, const char *user_id,
                                    const char *project_id, const struct store_cursor *after,
                                    long limit, json_t **out)
{
    *out = NULL;
    struct sqlb b;
    sqlb_init(&b, REPO_SELECT);
    sqlb_text(&b, user_id);
    if (project_id) {
        sqlb_sql(&b, " AND r.project_id = ");
        sqlb_text(&b, project_id);
    }
    sqlb_after(&b, after, "r.created_at", "r.id", true);
    sqlb_sql(&b, " ORDER BY r.created_at DESC, r.id DESC LIMIT ");
    sqlb_int(&b, limit + 1);
    struct store_result *r = NULL;
    enum vg_err e = sqlb_run(&b, st, NULL, &r);
    sqlb_release(&b);
    if (e != VG_OK)
        return e;
    json_t *page = store_page_json(r, (size_t)limit, NULL, NULL);
    e = repos_render(st, user_id, r, json_object_get(page, "items"));
    store_result_free(r);
    if (e != VG_OK) {
        json_decref(page);
        return e;
    }
    *out = page;
    return VG_OK;
}

static bool project_owned(struct store *st, const char *user_id, const char *project_id,
                          enum vg_err *e)
{
    struct store_param p[] = {SP_TEXT(project_id), SP_TEXT(user_id)};
    struct store_result *r = NULL;
    *e = store_query1(st, "SELECT 1 FROM projects WHERE id = $1 AND user_id = $2", p, 2, &r);
    bool ok = *e == VG_OK && store_result_rows(r) == 1;
    store_result_free(r);
    return ok;
}

static enum vg_err repo_insert(struct store *st, const char *user_id, const char *id,
                               const struct store_repository_new *n, struct store_actor actor)
{
    struct store_param p[] = {SP_TEXT(id),
                              SP_TEXT(user_id),
                              SP_TEXT(n->project_id),
                              SP_TEXT(n->name),
                              SP_TEXT(n->source_type),
                              SP_TEXT_OR_NULL(n->github_repo_full_name),
                              SP_TEXT_OR_NULL(n->default_branch),
                              SP_INT(time_now())};
    enum vg_err e = store_query1(st,
                                 "INSERT INTO repositories (id, user_id, project_id, name, "
                                 "source_type, github_repo_full_name, default_branch, "
                                 "created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$8)",
                                 p, 8, NULL);
    if (e != VG_OK)
        return e;
    json_t *data = json_pack("{s:s,s:s}", "name", n->name, "source_type", n->source_type);
    e = store_event_add(st, NULL, id, "repository.created", NULL, NULL, actor, data);
    json_decref(data);
    return e;
}

enum vg_err store_repository_create(struct store *st, const char *user_id,
                                    const struct store_repository_new *n,
                                    struct store_actor actor, json_t **out)
{
    *out = NULL;
    enum vg_err e;
    if (!project_owned(st, user_id, n->project_id, &e))
        return e != VG_OK ? e : VG_ERR_NOT_FOUND;
    char id[UUID_STR_LEN];
    rand_uuid(id);
    e = repo_insert(st, user_id, id, n, actor);
    if (e != VG_OK)
        return e;
    return store_repository_get(st, user_id, id, out);
}

enum vg_err store_repository_update(struct store *st, const char *user_id, const char *id,
                                    const char *name, const char *default_branch,
                                    bool clear_branch, const char *github_repo_full_name,
                                    struct store_actor actor, json_t **out)
{
    *out = NULL;
    struct store_param p[] = {SP_TEXT_OR_NULL(name),
                              SP_TEXT_OR_NULL(default_branch),
                              SP_INT(clear_branch ? 1 : 0),
                              SP_TEXT_OR_NULL(github_repo_full_name),
                              SP_INT(time_now()),
                              SP_TEXT(id),
                              SP_TEXT(user_id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(
        st,
        "UPDATE repositories SET name = COALESCE($1, name), default_branch = CASE WHEN $3 = 1 "
        "THEN NULL ELSE COALESCE($2, default_branch) END, github_repo_full_name = "
        "COALESCE($4, github_repo_full_name), updated_at = $5 WHERE id = $6 AND user_id = $7",
        p, 7, &r);
    if (e != VG_OK)
        return e;
    bool found = store_result_affected(r) == 1;
    store_result_free(r);
    if (!found)
        return VG_ERR_NOT_FOUND;
    json_t *fields = json_array();
    if (name)
        json_array_append_new(fields, json_string("name"));
    if (default_branch || clear_branch)
        json_array_append_new(fields, json_string("default_branch"));
    if (github_repo_full_name)
        json_array_append_new(fields, json_string("github_repo_full_name"));
    json_t *data = json_pack("{s:o}", "fields", fields);
    e = store_event_add(st, NULL, id, "repository.updated", NULL, NULL, actor, data);
    json_decref(data);
    if (e != VG_OK)
        return e;
    return store_repository_get(st, user_id, id, out);
}

enum vg_err store_repository_delete(struct store *st, struct blob_store *blobs,
                                    const char *user_id, const char *id)
{
    struct store_conn *c = NULL;
    enum vg_err e = store_acquire(st, &c);
    if (e != VG_OK)
        return e;
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(user_id), SP_INT(time_now())};
    struct store_result *r = NULL;
    e = store_begin(c);
    if (e == VG_OK)
        e = store_query(c,
                        "INSERT INTO blob_deletions (blob_key, created_at) SELECT "
                        "upload_storage_path, $3 FROM scans WHERE repository_id = $1 AND "
                        "user_id = $2 AND upload_storage_path IS NOT NULL "
                        "ON CONFLICT (blob_key) DO NOTHING",
                        p, 3, NULL);
    if (e == VG_OK)
        e = store_query(c, "DELETE FROM repositories WHERE id = $1 AND user_id = $2", p, 2, &r);
    if (e == VG_OK && store_result_affected(r) != 1)
        e = VG_ERR_NOT_FOUND;
    store_result_free(r);
    if (e == VG_OK)
        e = store_commit(c);
    else
        store_rollback(c);
    store_release(c);
    if (e == VG_OK)
        store_blob_deletions_run(st, blobs);
    return e;
}

enum vg_err store_repository_owned(struct store *st, const char *user_id, const char *id)
{
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(user_id)};
    struct store_result *r = NULL;
    enum vg_err e =
        store_query1(st, "SELECT 1 FROM repositories WHERE id = $1 AND user_id = $2", p, 2, &r);
    if (e == VG_OK && store_result_rows(r) != 1)
        e = VG_ERR_NOT_FOUND;
    store_result_free(r);
    return e;
}

enum vg_err store_repository_source(struct store *st, const char *user_id, const char *id,
                                    char source_type[16], char project_id[UUID_STR_LEN],
                                    char **github_repo_full_name)
{
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(user_id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT source_type, project_id, github_repo_full_name FROM "
                                 "repositories WHERE id = $1 AND user_id = $2",
                                 p, 2, &r);
    if (e != VG_OK)
        return e;
    if (store_result_rows(r) != 1) {
        store_result_free(r);
        return VG_ERR_NOT_FOUND;
    }
    snprintf(source_type, 16, "%s", store_result_get(r, 0, 0));
    snprintf(project_id, UUID_STR_LEN, "%s", store_result_get(r, 0, 1));
    *github_repo_full_name = xstrdup(store_result_get(r, 0, 2));
    store_result_free(r);
    return VG_OK;
}

static enum vg_err repo_find(struct store *st, const char *project_id, const char *source_type,
                             const char *name, const char *full, char id[UUID_STR_LEN],
                             bool *found)
{
    struct store_param p[] = {SP_TEXT(project_id), SP_TEXT(source_type),
                              SP_TEXT(full ? full : name)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 full ? "SELECT id FROM repositories WHERE project_id = $1 AND "
                                        "source_type = $2 AND github_repo_full_name = $3 "
                                        "ORDER BY created_at, id LIMIT 1"
                                      : "SELECT id FROM repositories WHERE project_id = $1 AND "
                                        "source_type = $2 AND name = $3",
                                 p, 3, &r);
    if (e != VG_OK)
        return e;
    *found = store_result_rows(r) == 1;
    if (*found)
        snprintf(id, UUID_STR_LEN, "%s", store_result_get(r, 0, 0));
    store_result_free(r);
    return VG_OK;
}

enum vg_err store_repository_ensure(struct store *st, const char *user_id,
                                    const char *project_id, const char *source_type,
                                    const char *name, const char *github_repo_full_name,
                                    struct store_actor actor, char id[UUID_STR_LEN])
{
    const char *full = strcmp(source_type, "github") == 0 ? github_repo_full_name : NULL;
    bool found = false;
    enum vg_err e = repo_find(st, project_id, source_type, name, full, id, &found);
    if (e != VG_OK || found)
        return e;
    struct store_repository_new n = {project_id, full ? full : name, source_type, full, NULL};
    rand_uuid(id);
    e = repo_insert(st, user_id, id, &n, actor);
    if (e == VG_ERR_CONFLICT) /* created meanwhile by a concurrent request */
        e = repo_find(st, project_id, source_type, full ? full : name, NULL, id, &found);
    return e;
}

enum vg_err store_repository_attach_scan(struct store *st, const char *repository_id,
                                         const char *scan_id, struct store_actor actor)
{
    struct store_param p[] = {SP_TEXT(repository_id), SP_TEXT(scan_id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "UPDATE repositories SET scan_seq = scan_seq + 1 WHERE id = $1 "
                                 "RETURNING scan_seq",
                                 p, 1, &r);
    if (e != VG_OK)
        return e;
    if (store_result_rows(r) != 1) {
        store_result_free(r);
        return VG_ERR_NOT_FOUND;
    }
    struct store_param ps[] = {SP_TEXT(repository_id), SP_INT(store_result_int(r, 0, 0, 0)),
                               SP_TEXT(scan_id)};
    store_result_free(r);
    e = store_query1(st, "UPDATE scans SET repository_id = $1, repo_seq = $2 WHERE id = $3", ps,
                     3, NULL);
    if (e == VG_OK)
        e = store_event_add(st, NULL, repository_id, "scan.created", scan_id, NULL, actor, NULL);
    return e;
}

enum vg_err store_scan_started_event(struct store *st, const char *scan_id,
                                     struct store_actor actor)
{
    struct store_param p[] = {SP_TEXT(scan_id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st, "SELECT repository_id FROM scans WHERE id = $1", p, 1, &r);
    if (e != VG_OK)
        return e;
    const char *repo = store_result_rows(r) == 1 ? store_result_get(r, 0, 0) : NULL;
    if (repo != NULL)
        e = store_event_add(st, NULL, repo, "scan.started", scan_id, NULL, actor, NULL);
    store_result_free(r);
    return e;
}

enum vg_err store_scans_page(struct store *st, const struct store_scans_filter *f,
                             json_t **out)
{
    struct sqlb b;
    sqlb_init(&b,
              "SELECT id, status, source_type, project_id, repository_id, total_files, "
              "included_files, ignored_files, risky_skipped_files, total_bytes, included_bytes, "
              "complexity_score, complexity_label, launch_readiness_score, "
              "findings_summary AS _summary, created_at, started_at, completed_at, "
              "error_message, github_repo_full_name, created_at AS _k FROM scans WHERE user_id = ");
    sqlb_text(&b, f->user_id);
    if (f->project_id) {
        sqlb_sql(&b, " AND project_id = ");
        sqlb_text(&b, f->project_id);
    }
    if (f->repository_id) {
        sqlb_sql(&b, " AND repository_id = ");
        sqlb_text(&b, f->repository_id);
    }
    sqlb_in(&b, "status", f->status, f->nstatus);
    sqlb_after(&b, &f->after, "created_at", "id", true);
    sqlb_sql(&b, " ORDER BY created_at DESC, id DESC LIMIT ");
    sqlb_int(&b, f->limit + 1);
    struct store_result *r = NULL;
    enum vg_err e = sqlb_run(&b, st, NULL, &r);
    sqlb_release(&b);
    if (e != VG_OK)
        return e;
    static const char *const ints[] = {"total_files", "included_files", "ignored_files",
                                       "risky_skipped_files", "total_bytes", "included_bytes",
                                       NULL};
    static const char *const reals[] = {"complexity_score", "launch_readiness_score", NULL};
    *out = store_page_json(r, (size_t)f->limit, ints, reals);
    json_t *items = json_object_get(*out, "items");
    size_t sc = store_col(r, "_summary"), i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        const char *s = store_result_get(r, i, sc);
        json_t *sum = s ? json_loads(s, 0, NULL) : NULL;
        json_object_set_new(it, "free_findings_summary", sum ? sum : json_null());
    }
    store_result_free(r);
    return VG_OK;
}
