/*
 * repositories.c - repositories and their scan history (see repositories.h).
 */
#include "store/repositories.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/findings.h"
#include "store/projects.h"
#include "store/row.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* The repository columns plus its latest scan (by creation), read by name in
 * repo_from_row. */
#define REPO_SELECT                                                                           \
    "SELECT r.id, r.project_id, r.name, r.source_type, r.github_repo_full_name, "             \
    "r.default_branch, r.created_at, r.updated_at, ls.id AS latest_scan_id, "                 \
    "ls.status AS latest_scan_status, ls.completed_at AS latest_scan_completed_at, "          \
    "ls.launch_readiness_score AS latest_scan_score FROM repositories r LEFT JOIN scans ls "  \
    "ON ls.repository_id = r.id AND ls.repo_seq = r.scan_seq"

static void repo_from_row(const struct store_result *r, size_t i, void *item)
{
    struct store_repository *rp = item;
    memset(rp, 0, sizeof(*rp));
    store_row_copy(r, i, "id", rp->id, sizeof(rp->id));
    store_row_copy(r, i, "project_id", rp->project_id, sizeof(rp->project_id));
    rp->name = store_row_dup(r, i, "name");
    store_row_copy(r, i, "source_type", rp->source_type, sizeof(rp->source_type));
    rp->github_repo_full_name = store_row_dup(r, i, "github_repo_full_name");
    rp->default_branch = store_row_dup(r, i, "default_branch");
    rp->created_at = store_row_int(r, i, "created_at", 0);
    rp->updated_at = store_row_int(r, i, "updated_at", 0);
    store_row_copy(r, i, "latest_scan_id", rp->latest_scan.id, sizeof(rp->latest_scan.id));
    store_row_copy(r, i, "latest_scan_status", rp->latest_scan.status,
                   sizeof(rp->latest_scan.status));
    rp->latest_scan.completed_at = store_row_int(r, i, "latest_scan_completed_at", 0);
    rp->latest_scan.has_score = !store_row_null(r, i, "latest_scan_score");
    rp->latest_scan.launch_readiness_score = store_row_real(r, i, "latest_scan_score", 0);
}

void store_repository_release(struct store_repository *r)
{
    if (r == NULL)
        return;
    STORE_ROW_FREE_STRS(&r->name, &r->github_repo_full_name, &r->default_branch);
}

void store_repository_page_release(struct store_repository_page *p)
{
    STORE_PAGE_RELEASE(p, store_repository_release);
}

/* Fill the open counts of n repositories. */
static enum vg_err repo_counts(struct store *st, const char *user_id,
                               struct store_repository *r, size_t n)
{
    return store_open_counts_fill(st, false, user_id, r, n, sizeof(*r),
                                  offsetof(struct store_repository, id),
                                  offsetof(struct store_repository, open));
}

enum vg_err store_repository_get(struct store *st, const char *user_id, const char *id,
                                 struct store_repository *out)
{
    memset(out, 0, sizeof(*out));
    struct store_result *r = NULL;
    enum vg_err e = store_sql_owned_row(st, REPO_SELECT, "r", user_id, id, &r);
    if (e != VG_OK)
        return e;
    repo_from_row(r, 0, out);
    store_result_free(r);
    e = repo_counts(st, user_id, out, 1);
    if (e != VG_OK)
        store_repository_release(out);
    return e;
}

enum vg_err store_repositories_page(struct store *st, const char *user_id,
                                    const char *project_id, const struct store_page_req *page,
                                    struct store_repository_page *out)
{
    static const struct store_order_col order[] = {
        {"r.created_at", "created_at", STORE_P_INT, true}, {"r.id", "id", STORE_P_TEXT, true}};
    memset(out, 0, sizeof(*out));
    struct store_sql q;
    store_sql_init(&q, REPO_SELECT);
    store_sql_where1(&q, "r.user_id = ?", SP_TEXT(user_id));
    if (project_id)
        store_sql_where1(&q, "r.project_id = ?", SP_TEXT(project_id));
    void *items = NULL;
    enum vg_err e = store_page_items(st, &q, order, 2, page, sizeof(struct store_repository),
                                     repo_from_row, &items, &out->n, &out->next_cursor);
    store_sql_release(&q);
    out->items = items;
    if (e == VG_OK)
        e = repo_counts(st, user_id, out->items, out->n);
    if (e != VG_OK)
        store_repository_page_release(out);
    return e;
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
                                    struct store_actor actor, struct store_repository *out)
{
    memset(out, 0, sizeof(*out));
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
                                    struct store_actor actor, struct store_repository *out)
{
    memset(out, 0, sizeof(*out));
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
    return store_delete_with_scans(st, blobs, STORE_DELETE_REPOSITORY, user_id, id);
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
    store_row_copy(r, 0, "source_type", source_type, 16);
    store_row_copy(r, 0, "project_id", project_id, UUID_STR_LEN);
    *github_repo_full_name = store_row_dup(r, 0, "github_repo_full_name");
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
        store_row_copy(r, 0, "id", id, UUID_STR_LEN);
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
    struct store_param ps[] = {SP_TEXT(repository_id), SP_INT(store_row_int(r, 0, "scan_seq", 0)),
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
    char id[UUID_STR_LEN];
    rand_uuid(id);
    int64_t us = store_now_epoch_us();
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(scan_id), SP_TEXT(actor.type),
                              SP_TEXT_OR_NULL(actor.id), SP_INT(us / 1000000), SP_INT(us)};
    return store_query1(st,
                        "INSERT INTO repository_events (id, repository_id, scan_id, kind, "
                        "actor_type, actor_id, detail, created_at, created_us) SELECT $1, "
                        "repository_id, id, 'scan.started', $3, $4, '{}', $5, $6 FROM scans "
                        "WHERE id = $2 AND repository_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
                        "FROM repository_events WHERE scan_id = $2 AND kind = 'scan.started')",
                        p, 6, NULL);
}
