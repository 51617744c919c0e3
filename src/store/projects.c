/*
 * projects.c - projects, their rollup and their deletion (see projects.h).
 */
#include "store/projects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob/blob.h"
#include "store/findings.h"
#include "store/tx.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define ROLLUP_TREND 20
#define ROLLUP_TOP 5
#define ROLLUP_MAX_REPOS 500
#define FIXED_WINDOW_S (30 * 86400)

static const char *const project_ints[] = {"repository_count", NULL};
static const char *const project_reals[] = {"launch_readiness_score", NULL};

/* The project columns of API.md; the caller appends the owner filter. */
#define PROJECT_SELECT                                                                        \
    "SELECT p.id, p.name, p.description, p.created_at, p.updated_at, "                        \
    "(SELECT COUNT(*) FROM repositories r WHERE r.project_id = p.id) AS repository_count, "   \
    "(SELECT MAX(s.created_at) FROM scans s WHERE s.project_id = p.id) AS latest_scan_at, "   \
    "(SELECT MIN(s.launch_readiness_score) FROM repositories r JOIN scans s ON "              \
    "s.id = r.latest_complete_scan_id WHERE r.project_id = p.id) AS launch_readiness_score "  \
    "FROM projects p"

enum vg_err store_project_get(struct store *st, const char *user_id, const char *id,
                              json_t **out)
{
    *out = NULL;
    struct store_result *r = NULL;
    enum vg_err e = store_sql_owned_row(st, PROJECT_SELECT, "p", user_id, id, &r);
    if (e != VG_OK)
        return e;
    json_t *items = json_array();
    json_array_append_new(items, store_row_json(r, 0, project_ints, project_reals));
    store_result_free(r);
    e = store_add_open_counts(st, "project_id", user_id, items);
    if (e == VG_OK)
        *out = json_incref(json_array_get(items, 0));
    json_decref(items);
    return e;
}

enum vg_err store_project_create(struct store *st, const char *user_id, const char *name,
                                 const char *description, json_t **out)
{
    char id[UUID_STR_LEN];
    rand_uuid(id);
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(user_id), SP_TEXT(name),
                              SP_TEXT_OR_NULL(description), SP_INT(time_now())};
    enum vg_err e = store_query1(st,
                                 "INSERT INTO projects (id, user_id, name, description, "
                                 "created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$5)",
                                 p, 5, NULL);
    if (e != VG_OK)
        return e;
    return store_project_get(st, user_id, id, out);
}

enum vg_err store_project_update(struct store *st, const char *user_id, const char *id,
                                 const char *name, const char *description,
                                 bool clear_description, json_t **out)
{
    struct store_param p[] = {SP_TEXT_OR_NULL(name), SP_TEXT_OR_NULL(description),
                              SP_INT(clear_description ? 1 : 0), SP_INT(time_now()),
                              SP_TEXT(id), SP_TEXT(user_id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(
        st,
        "UPDATE projects SET name = COALESCE($1, name), description = CASE WHEN $3 = 1 THEN "
        "NULL ELSE COALESCE($2, description) END, updated_at = $4 WHERE id = $5 AND "
        "user_id = $6",
        p, 6, &r);
    if (e != VG_OK)
        return e;
    bool found = store_result_affected(r) == 1;
    store_result_free(r);
    if (!found)
        return VG_ERR_NOT_FOUND;
    return store_project_get(st, user_id, id, out);
}

void store_blob_deletions_run(struct store *st, struct blob_store *blobs)
{
    if (blobs == NULL)
        return;
    struct store_result *r = NULL;
    if (store_query1(st, "SELECT blob_key FROM blob_deletions ORDER BY created_at LIMIT 1000",
                     NULL, 0, &r) != VG_OK)
        return;
    for (size_t i = 0; i < store_result_rows(r); i++) {
        const char *key = store_row_text(r, i, "blob_key");
        if (blob_key_valid(key) && blob_delete(blobs, key) != VG_OK) {
            log_msg(LOG_WARN, "blob_delete_failed", "key", key, NULL);
            continue;
        }
        struct store_param p[] = {SP_TEXT(key)};
        (void)store_query1(st, "DELETE FROM blob_deletions WHERE blob_key = $1", p, 1, NULL);
    }
    store_result_free(r);
}

struct delete_args {
    enum store_delete_kind kind;
    const char *user_id, *id;
};

static enum vg_err delete_tx(struct store_conn *c, void *arg)
{
    const struct delete_args *a = arg;
    bool project = a->kind == STORE_DELETE_PROJECT;
    struct store_param p[] = {SP_TEXT(a->id), SP_TEXT(a->user_id), SP_INT(time_now())};
    enum vg_err e = store_query(
        c,
        project ? "INSERT INTO blob_deletions (blob_key, created_at) SELECT upload_storage_path, "
                  "$3 FROM scans WHERE project_id = $1 AND user_id = $2 AND "
                  "upload_storage_path IS NOT NULL ON CONFLICT (blob_key) DO NOTHING"
                : "INSERT INTO blob_deletions (blob_key, created_at) SELECT upload_storage_path, "
                  "$3 FROM scans WHERE repository_id = $1 AND user_id = $2 AND "
                  "upload_storage_path IS NOT NULL ON CONFLICT (blob_key) DO NOTHING",
        p, 3, NULL);
    struct store_result *r = NULL;
    if (e == VG_OK)
        e = store_query(c,
                        project ? "DELETE FROM projects WHERE id = $1 AND user_id = $2"
                                : "DELETE FROM repositories WHERE id = $1 AND user_id = $2",
                        p, 2, &r);
    if (e == VG_OK && store_result_affected(r) != 1)
        e = VG_ERR_NOT_FOUND;
    store_result_free(r);
    return e;
}

enum vg_err store_delete_with_scans(struct store *st, struct blob_store *blobs,
                                    enum store_delete_kind kind, const char *user_id,
                                    const char *id)
{
    struct delete_args a = {kind, user_id, id};
    enum vg_err e = store_tx(st, delete_tx, &a);
    if (e == VG_OK)
        store_blob_deletions_run(st, blobs);
    return e;
}

enum vg_err store_project_delete(struct store *st, struct blob_store *blobs,
                                 const char *user_id, const char *id)
{
    return store_delete_with_scans(st, blobs, STORE_DELETE_PROJECT, user_id, id);
}

enum vg_err store_projects_page(struct store *st, const char *user_id, const char *q_name,
                                const struct store_page_req *page, json_t **out)
{
    static const struct store_order_col order[] = {
        {"p.created_at", "created_at", STORE_P_INT, true}, {"p.id", "id", STORE_P_TEXT, true}};
    struct store_sql q;
    store_sql_init(&q, PROJECT_SELECT);
    store_sql_where1(&q, "p.user_id = ?", SP_TEXT(user_id));
    char *like = NULL;
    if (q_name != NULL && *q_name) {
        size_t n = strlen(q_name);
        like = xmalloc(2 * n + 3);
        size_t o = 0;
        like[o++] = '%';
        for (const char *s = q_name; *s; s++) {
            if (*s == '%' || *s == '_' || *s == '\\')
                like[o++] = '\\';
            like[o++] = *s;
        }
        like[o++] = '%';
        like[o] = '\0';
        store_sql_where1(&q, "LOWER(p.name) LIKE LOWER(?) ESCAPE '\\'", SP_TEXT(like));
    }
    enum vg_err e =
        store_json_page(st, &q, order, 2, page, project_ints, project_reals, out, NULL);
    store_sql_release(&q);
    free(like);
    if (e != VG_OK)
        return e;
    e = store_add_open_counts(st, "project_id", user_id, json_object_get(*out, "items"));
    if (e != VG_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return e;
}

/* {key: n} from a result of columns (k, n). */
static json_t *count_object(const struct store_result *r, json_t *into)
{
    for (size_t i = 0; i < store_result_rows(r); i++)
        json_object_set_new(into, store_row_text(r, i, "k"),
                            json_integer(store_row_int(r, i, "n", 0)));
    return into;
}

static enum vg_err rollup_counts(struct store *st, const char *id, json_t *j)
{
    struct store_param p[] = {SP_TEXT(id), SP_INT(time_now() - FIXED_WINDOW_S)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT category AS k, SUM(n) AS n FROM "
                                 "repository_finding_counts WHERE project_id = $1 AND status = "
                                 "'open' GROUP BY category HAVING SUM(n) > 0 ORDER BY category",
                                 p, 1, &r);
    if (e != VG_OK)
        return e;
    json_object_set_new(j, "open_findings_by_category", count_object(r, json_object()));
    store_result_free(r);
    e = store_query1(st,
                     "SELECT status AS k, SUM(n) AS n FROM repository_finding_counts WHERE "
                     "project_id = $1 AND status IN ('ignored', 'false_positive') GROUP BY status",
                     p, 1, &r);
    if (e != VG_OK)
        return e;
    json_object_set_new(j, "triaged",
                        count_object(r, json_pack("{s:i,s:i}", "ignored", 0, "false_positive", 0)));
    store_result_free(r);
    e = store_query1(st,
                     "SELECT COUNT(*) AS n FROM repository_findings WHERE project_id = $1 AND "
                     "status = 'fixed' AND fixed_at >= $2",
                     p, 2, &r);
    if (e != VG_OK)
        return e;
    json_object_set_new(j, "fixed_last_30_days", json_integer(store_row_int(r, 0, "n", 0)));
    store_result_free(r);
    return VG_OK;
}

static enum vg_err rollup_repositories(struct store *st, const char *user_id, const char *id,
                                       json_t *j)
{
    struct store_param p[] = {SP_TEXT(id), SP_INT(ROLLUP_MAX_REPOS)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT r.id, r.name, r.latest_complete_scan_id AS latest_scan_id, "
                                 "s.launch_readiness_score FROM repositories r LEFT JOIN scans s "
                                 "ON s.id = r.latest_complete_scan_id WHERE r.project_id = $1 "
                                 "ORDER BY r.created_at, r.id LIMIT $2",
                                 p, 2, &r);
    if (e != VG_OK)
        return e;
    json_t *repos = json_array();
    for (size_t i = 0; i < store_result_rows(r); i++)
        json_array_append_new(repos, store_row_json(r, i, NULL, project_reals));
    store_result_free(r);
    json_object_set_new(j, "repositories", repos);
    return store_add_open_counts(st, "repository_id", user_id, repos);
}

static enum vg_err rollup_trend(struct store *st, const char *id, json_t *j)
{
    struct store_param p[] = {SP_TEXT(id), SP_INT(ROLLUP_TREND)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(
        st,
        "SELECT id AS scan_id, repository_id, completed_at, launch_readiness_score, "
        "open_findings FROM scans WHERE project_id = $1 AND status = 'complete' "
        "ORDER BY completed_at DESC, id DESC LIMIT $2",
        p, 2, &r);
    if (e != VG_OK)
        return e;
    static const char *const ints[] = {"open_findings", NULL};
    json_t *trend = json_array();
    for (size_t i = store_result_rows(r); i-- > 0;)
        json_array_append_new(trend, store_row_json(r, i, ints, project_reals));
    store_result_free(r);
    json_object_set_new(j, "trend", trend);
    return VG_OK;
}

static enum vg_err rollup_top(struct store *st, const char *id, json_t *j)
{
    struct store_param p[] = {SP_TEXT(id), SP_INT(ROLLUP_TOP)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(
        st,
        "SELECT id, repository_id, severity, category, rule_id, title, file_path, line_start, "
        "line_end, masked_evidence, confidence, status, first_seen_at, last_seen_at FROM "
        "repository_findings WHERE project_id = $1 AND status = 'open' ORDER BY severity_rank, "
        "CASE confidence WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, last_seen_at DESC, "
        "id LIMIT $2",
        p, 2, &r);
    if (e != VG_OK)
        return e;
    static const char *const ints[] = {"line_start", "line_end", NULL};
    json_t *top = json_array();
    for (size_t i = 0; i < store_result_rows(r); i++)
        json_array_append_new(top, store_row_json(r, i, ints, NULL));
    store_result_free(r);
    json_object_set_new(j, "top_risks", top);
    return VG_OK;
}

enum vg_err store_project_rollup(struct store *st, const char *user_id, const char *id,
                                 json_t **out)
{
    *out = NULL;
    json_t *project = NULL;
    enum vg_err e = store_project_get(st, user_id, id, &project);
    if (e != VG_OK)
        return e;
    json_t *j = json_pack("{s:s,s:O,s:O}", "project_id", id, "launch_readiness_score",
                          json_object_get(project, "launch_readiness_score"),
                          "open_findings_by_severity",
                          json_object_get(project, "open_findings_by_severity"));
    json_decref(project);
    e = rollup_counts(st, id, j);
    if (e == VG_OK)
        e = rollup_repositories(st, user_id, id, j);
    if (e == VG_OK)
        e = rollup_trend(st, id, j);
    if (e == VG_OK)
        e = rollup_top(st, id, j);
    if (e != VG_OK) {
        json_decref(j);
        return e;
    }
    *out = j;
    return VG_OK;
}

enum vg_err store_project_ensure(struct store *st, const char *user_id, const char *name,
                                 char id[UUID_STR_LEN])
{
    struct store_param p[] = {SP_TEXT(user_id), SP_TEXT(name)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT id FROM projects WHERE user_id = $1 AND name = $2 "
                                 "ORDER BY created_at, id LIMIT 1",
                                 p, 2, &r);
    if (e != VG_OK)
        return e;
    if (store_result_rows(r) == 1) {
        store_row_copy(r, 0, "id", id, UUID_STR_LEN);
        store_result_free(r);
        return VG_OK;
    }
    store_result_free(r);
    rand_uuid(id);
    struct store_param pi[] = {SP_TEXT(id), SP_TEXT(user_id), SP_TEXT(name), SP_INT(time_now())};
    return store_query1(st,
                        "INSERT INTO projects (id, user_id, name, created_at, updated_at) "
                        "VALUES ($1,$2,$3,$4,$4)",
                        pi, 4, NULL);
}
