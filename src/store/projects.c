/*
 * projects.c - projects, their rollup and their deletion (see projects.h).
 */
#include "store/projects.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob/blob.h"
#include "store/findings.h"
#include "store/row.h"
#include "store/tx.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define ROLLUP_TREND 20
#define ROLLUP_TOP 5
#define ROLLUP_MAX_REPOS 500
#define FIXED_WINDOW_S (30 * 86400)

/* The project columns, read by name in project_from_row; the caller adds the owner filter. */
#define PROJECT_SELECT                                                                        \
    "SELECT p.id, p.name, p.description, p.created_at, p.updated_at, "                        \
    "(SELECT COUNT(*) FROM repositories r WHERE r.project_id = p.id) AS repository_count, "   \
    "(SELECT MAX(s.created_at) FROM scans s WHERE s.project_id = p.id) AS latest_scan_at, "   \
    "(SELECT MIN(s.launch_readiness_score) FROM repositories r JOIN scans s ON "              \
    "s.id = r.latest_complete_scan_id WHERE r.project_id = p.id) AS launch_readiness_score "  \
    "FROM projects p"

static void project_from_row(const struct store_result *r, size_t i, void *item)
{
    struct store_project *p = item;
    memset(p, 0, sizeof(*p));
    store_row_copy(r, i, "id", p->id, sizeof(p->id));
    p->name = store_row_dup(r, i, "name");
    p->description = store_row_dup(r, i, "description");
    p->created_at = store_row_int(r, i, "created_at", 0);
    p->updated_at = store_row_int(r, i, "updated_at", 0);
    p->repository_count = store_row_int(r, i, "repository_count", 0);
    p->latest_scan_at = store_row_int(r, i, "latest_scan_at", 0);
    p->has_score = !store_row_null(r, i, "launch_readiness_score");
    p->launch_readiness_score = store_row_real(r, i, "launch_readiness_score", 0);
}

void store_project_release(struct store_project *p)
{
    if (p == NULL)
        return;
    STORE_ROW_FREE_STRS(&p->name, &p->description);
}

void store_project_page_release(struct store_project_page *p)
{
    STORE_PAGE_RELEASE(p, store_project_release);
}

void store_project_rollup_release(struct store_project_rollup *r)
{
    if (r == NULL)
        return;
    store_project_release(&r->project);
    for (size_t i = 0; i < r->ncategories; i++)
        free(r->categories[i].category);
    for (size_t i = 0; i < r->nrepositories; i++)
        free(r->repositories[i].name);
    for (size_t i = 0; i < r->ntop_risks; i++)
        store_repo_finding_release(&r->top_risks[i]);
    free(r->categories);
    free(r->repositories);
    free(r->trend);
    free(r->top_risks);
    memset(r, 0, sizeof(*r));
}

/* Fill the open counts of n projects. */
static enum vg_err project_counts(struct store *st, const char *user_id, struct store_project *p,
                                  size_t n)
{
    return store_open_counts_fill(st, true, user_id, p, n, sizeof(*p),
                                  offsetof(struct store_project, id),
                                  offsetof(struct store_project, open));
}

enum vg_err store_project_get(struct store *st, const char *user_id, const char *id,
                              struct store_project *out)
{
    memset(out, 0, sizeof(*out));
    struct store_result *r = NULL;
    enum vg_err e = store_sql_owned_row(st, PROJECT_SELECT, "p", user_id, id, &r);
    if (e != VG_OK)
        return e;
    project_from_row(r, 0, out);
    store_result_free(r);
    e = project_counts(st, user_id, out, 1);
    if (e != VG_OK)
        store_project_release(out);
    return e;
}

enum vg_err store_project_create(struct store *st, const char *user_id, const char *name,
                                 const char *description, struct store_project *out)
{
    memset(out, 0, sizeof(*out));
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
                                 bool clear_description, struct store_project *out)
{
    memset(out, 0, sizeof(*out));
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
                                const struct store_page_req *page,
                                struct store_project_page *out)
{
    static const struct store_order_col order[] = {
        {"p.created_at", "created_at", STORE_P_INT, true}, {"p.id", "id", STORE_P_TEXT, true}};
    memset(out, 0, sizeof(*out));
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
    void *items = NULL;
    enum vg_err e = store_page_items(st, &q, order, 2, page, sizeof(struct store_project),
                                     project_from_row, &items, &out->n, &out->next_cursor);
    store_sql_release(&q);
    free(like);
    out->items = items;
    if (e == VG_OK)
        e = project_counts(st, user_id, out->items, out->n);
    if (e != VG_OK)
        store_project_page_release(out);
    return e;
}

static void category_from_row(const struct store_result *r, size_t i, void *item)
{
    struct store_category_count *c = item;
    c->category = store_row_dup(r, i, "category");
    c->n = store_row_int(r, i, "n", 0);
}

static enum vg_err rollup_counts(struct store *st, const char *id,
                                 struct store_project_rollup *out)
{
    struct store_param p[] = {SP_TEXT(id), SP_INT(time_now() - FIXED_WINDOW_S)};
    void *items = NULL;
    enum vg_err e = store_query_items(st,
                                      "SELECT category, SUM(n) AS n FROM "
                                      "repository_finding_counts WHERE project_id = $1 AND "
                                      "status = 'open' GROUP BY category HAVING SUM(n) > 0 "
                                      "ORDER BY category",
                                      p, 1, sizeof(struct store_category_count),
                                      category_from_row, &items, &out->ncategories);
    out->categories = items;
    if (e != VG_OK)
        return e;
    struct store_result *r = NULL;
    e = store_query1(st,
                     "SELECT status, SUM(n) AS n FROM repository_finding_counts WHERE "
                     "project_id = $1 AND status IN ('ignored', 'false_positive') GROUP BY status",
                     p, 1, &r);
    if (e != VG_OK)
        return e;
    for (size_t i = 0; i < store_result_rows(r); i++) {
        bool ignored = strcmp(store_row_text(r, i, "status"), "ignored") == 0;
        *(ignored ? &out->ignored : &out->false_positive) = store_row_int(r, i, "n", 0);
    }
    store_result_free(r);
    e = store_query1(st,
                     "SELECT COUNT(*) AS n FROM repository_findings WHERE project_id = $1 AND "
                     "status = 'fixed' AND fixed_at >= $2",
                     p, 2, &r);
    if (e != VG_OK)
        return e;
    out->fixed_last_30_days = store_row_int(r, 0, "n", 0);
    store_result_free(r);
    return VG_OK;
}

static void rollup_repository_from_row(const struct store_result *r, size_t i, void *item)
{
    struct store_rollup_repository *rr = item;
    store_row_copy(r, i, "id", rr->id, sizeof(rr->id));
    rr->name = store_row_dup(r, i, "name");
    store_row_copy(r, i, "latest_complete_scan_id", rr->latest_scan_id,
                   sizeof(rr->latest_scan_id));
    rr->has_score = !store_row_null(r, i, "launch_readiness_score");
    rr->launch_readiness_score = store_row_real(r, i, "launch_readiness_score", 0);
}

static enum vg_err rollup_repositories(struct store *st, const char *user_id, const char *id,
                                       struct store_project_rollup *out)
{
    struct store_param p[] = {SP_TEXT(id), SP_INT(ROLLUP_MAX_REPOS)};
    void *items = NULL;
    enum vg_err e = store_query_items(
        st,
        "SELECT r.id, r.name, r.latest_complete_scan_id, s.launch_readiness_score FROM "
        "repositories r LEFT JOIN scans s ON s.id = r.latest_complete_scan_id WHERE "
        "r.project_id = $1 ORDER BY r.created_at, r.id LIMIT $2",
        p, 2, sizeof(struct store_rollup_repository), rollup_repository_from_row, &items,
        &out->nrepositories);
    out->repositories = items;
    if (e != VG_OK)
        return e;
    return store_open_counts_fill(st, false, user_id, out->repositories, out->nrepositories,
                                  sizeof(struct store_rollup_repository),
                                  offsetof(struct store_rollup_repository, id),
                                  offsetof(struct store_rollup_repository, open));
}

static void trend_from_row(const struct store_result *r, size_t i, void *item)
{
    struct store_trend_point *t = item;
    store_row_copy(r, i, "id", t->scan_id, sizeof(t->scan_id));
    store_row_copy(r, i, "repository_id", t->repository_id, sizeof(t->repository_id));
    t->completed_at = store_row_int(r, i, "completed_at", 0);
    t->has_score = !store_row_null(r, i, "launch_readiness_score");
    t->launch_readiness_score = store_row_real(r, i, "launch_readiness_score", 0);
    t->has_open_findings = !store_row_null(r, i, "open_findings");
    t->open_findings = store_row_int(r, i, "open_findings", 0);
}

static enum vg_err rollup_trend(struct store *st, const char *id,
                                struct store_project_rollup *out)
{
    struct store_param p[] = {SP_TEXT(id), SP_INT(ROLLUP_TREND)};
    void *items = NULL;
    enum vg_err e = store_query_items(
        st,
        "SELECT id, repository_id, completed_at, launch_readiness_score, open_findings FROM "
        "scans WHERE project_id = $1 AND status = 'complete' ORDER BY completed_at DESC, "
        "id DESC LIMIT $2",
        p, 2, sizeof(struct store_trend_point), trend_from_row, &items, &out->ntrend);
    out->trend = items;
    /* Newest first from the index; the trend reads oldest first. */
    for (size_t i = 0, j = out->ntrend; e == VG_OK && i + 1 < j; i++, j--) {
        struct store_trend_point t = out->trend[i];
        out->trend[i] = out->trend[j - 1];
        out->trend[j - 1] = t;
    }
    return e;
}

static enum vg_err rollup_top(struct store *st, const char *id, struct store_project_rollup *out)
{
    struct store_param p[] = {SP_TEXT(id), SP_INT(ROLLUP_TOP)};
    void *items = NULL;
    enum vg_err e = store_query_items(
        st,
        "SELECT " STORE_REPO_FINDING_COLS " FROM repository_findings WHERE project_id = $1 "
        "AND status = 'open' ORDER BY severity_rank, CASE confidence WHEN 'high' THEN 0 WHEN "
        "'medium' THEN 1 ELSE 2 END, last_seen_at DESC, id LIMIT $2",
        p, 2, sizeof(struct store_repo_finding), store_repo_finding_from_row, &items,
        &out->ntop_risks);
    out->top_risks = items;
    return e;
}

enum vg_err store_project_rollup(struct store *st, const char *user_id, const char *id,
                                 struct store_project_rollup *out)
{
    memset(out, 0, sizeof(*out));
    enum vg_err e = store_project_get(st, user_id, id, &out->project);
    if (e == VG_OK)
        e = rollup_counts(st, id, out);
    if (e == VG_OK)
        e = rollup_repositories(st, user_id, id, out);
    if (e == VG_OK)
        e = rollup_trend(st, id, out);
    if (e == VG_OK)
        e = rollup_top(st, id, out);
    if (e != VG_OK)
        store_project_rollup_release(out);
    return e;
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
