/*
 * git_uploads.c - the git_uploads table (see git_uploads.h).
 */
#include "store/git_uploads.h"

#include <stdio.h>
#include <string.h>

#include "store/row.h"

#define GU_COLS                                                                                \
    "id, user_id, repository_id, status, scan_id, token_hash, expires_at, pushed_at, "         \
    "created_at, repo_deleted_at"

static void gu_from_row(const struct store_result *r, size_t i, int64_t now,
                        struct store_git_upload *u)
{
    memset(u, 0, sizeof *u);
    store_row_copy(r, i, "id", u->id, sizeof u->id);
    store_row_copy(r, i, "user_id", u->user_id, sizeof u->user_id);
    store_row_copy(r, i, "repository_id", u->repository_id, sizeof u->repository_id);
    store_row_copy(r, i, "status", u->status, sizeof u->status);
    store_row_copy(r, i, "scan_id", u->scan_id, sizeof u->scan_id);
    store_row_copy(r, i, "token_hash", u->token_hash, sizeof u->token_hash);
    u->expires_at = store_row_int(r, i, "expires_at", 0);
    u->pushed_at = store_row_int(r, i, "pushed_at", 0);
    u->created_at = store_row_int(r, i, "created_at", 0);
    u->repo_deleted_at = store_row_int(r, i, "repo_deleted_at", 0);
    if (now > 0 && strcmp(u->status, "waiting") == 0 && now >= u->expires_at)
        snprintf(u->status, sizeof u->status, "expired");
}

static enum vg_err gu_one(struct store *st, const char *sql, const struct store_param *p,
                          size_t n, int64_t now, struct store_git_upload *out)
{
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st, sql, p, n, &r);
    if (e == VG_OK && store_result_rows(r) != 1)
        e = VG_ERR_NOT_FOUND;
    if (e == VG_OK)
        gu_from_row(r, 0, now, out);
    store_result_free(r);
    return e;
}

static enum vg_err gu_event(struct store *st, const char *id, const char *type,
                            struct store_actor actor)
{
    struct store_git_upload u;
    enum vg_err e = store_git_uploads_get(st, id, NULL, 0, &u);
    if (e != VG_OK)
        return e;
    json_t *data = json_pack("{s:s}", "git_upload_id", id);
    e = store_event_add(st, NULL, u.repository_id, type, u.scan_id[0] ? u.scan_id : NULL, NULL,
                        actor, data);
    json_decref(data);
    return e;
}

enum vg_err store_git_uploads_insert(struct store *st, const struct store_git_upload *u,
                                     struct store_actor actor)
{
    struct store_param p[] = {SP_TEXT(u->id),         SP_TEXT(u->user_id),
                              SP_TEXT(u->repository_id), SP_TEXT(u->token_hash),
                              SP_INT(u->expires_at),  SP_INT(u->created_at)};
    enum vg_err e = store_query1(st,
                                 "INSERT INTO git_uploads (id, user_id, repository_id, "
                                 "token_hash, expires_at, created_at, updated_at, status) "
                                 "VALUES ($1, $2, $3, $4, $5, $6, $6, 'waiting')",
                                 p, 6, NULL);
    if (e == VG_OK)
        e = gu_event(st, u->id, "git_upload.created", actor);
    return e;
}

enum vg_err store_git_uploads_get(struct store *st, const char *id, const char *user_id,
                                  int64_t now, struct store_git_upload *out)
{
    struct store_param p[] = {SP_TEXT(id), SP_TEXT_OR_NULL(user_id)};
    if (user_id == NULL)
        return gu_one(st, "SELECT " GU_COLS " FROM git_uploads WHERE id = $1", p, 1, now, out);
    return gu_one(st, "SELECT " GU_COLS " FROM git_uploads WHERE id = $1 AND user_id = $2", p,
                  2, now, out);
}

enum vg_err store_git_uploads_by_scan(struct store *st, const char *scan_id,
                                      struct store_git_upload *out)
{
    struct store_param p[] = {SP_TEXT(scan_id)};
    return gu_one(st, "SELECT " GU_COLS " FROM git_uploads WHERE scan_id = $1", p, 1, 0, out);
}

enum vg_err store_git_uploads_revoke(struct store *st, const char *id, const char *user_id,
                                     int64_t now)
{
    struct store_git_upload u;
    enum vg_err e = store_git_uploads_get(st, id, user_id, 0, &u);
    if (e != VG_OK)
        return e;
    struct store_param p[] = {SP_TEXT(id), SP_INT(now)};
    return store_query1(st,
                        "UPDATE git_uploads SET status = 'revoked', updated_at = $2 WHERE id = "
                        "$1 AND status = 'waiting'",
                        p, 2, NULL);
}

enum vg_err store_git_uploads_mark_received(struct store *st, const char *id,
                                            const char *scan_id, int64_t now)
{
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(scan_id), SP_INT(now)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "UPDATE git_uploads SET status = 'received', scan_id = $2, "
                                 "pushed_at = $3, updated_at = $3 WHERE id = $1 AND status = "
                                 "'waiting' AND expires_at > $3 RETURNING id",
                                 p, 3, &r);
    if (e == VG_OK && store_result_rows(r) != 1)
        e = VG_ERR_CONFLICT;
    store_result_free(r);
    if (e == VG_OK)
        e = gu_event(st, id, "git_upload.pushed", STORE_ACTOR_SYSTEM);
    return e;
}

enum vg_err store_git_uploads_set_status(struct store *st, const char *scan_id,
                                         const char *status, int64_t now)
{
    struct store_param p[] = {SP_TEXT(scan_id), SP_TEXT(status), SP_INT(now)};
    return store_query1(st,
                        "UPDATE git_uploads SET status = $2, updated_at = $3 WHERE scan_id = $1",
                        p, 3, NULL);
}

enum vg_err store_git_uploads_expire(struct store *st, int64_t now, int64_t *n)
{
    *n = 0;
    struct store_param p[] = {SP_INT(now)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "UPDATE git_uploads SET status = 'expired', updated_at = $1 "
                                 "WHERE status = 'waiting' AND expires_at <= $1 RETURNING id",
                                 p, 1, &r);
    for (size_t i = 0; e == VG_OK && i < store_result_rows(r); i++) {
        char id[UUID_STR_LEN];
        store_row_copy(r, i, "id", id, sizeof id);
        e = gu_event(st, id, "git_upload.expired", STORE_ACTOR_SYSTEM);
        (*n)++;
    }
    store_result_free(r);
    return e;
}

enum vg_err store_git_uploads_stale_repos(struct store *st, char (*ids)[UUID_STR_LEN], size_t max,
                                          size_t *n)
{
    *n = 0;
    struct store_param p[] = {SP_INT((int64_t)max)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT id FROM git_uploads WHERE repo_deleted_at IS NULL AND "
                                 "status IN ('expired', 'revoked', 'failed') "
                                 "ORDER BY id LIMIT $1",
                                 p, 1, &r);
    for (size_t i = 0; e == VG_OK && i < store_result_rows(r) && i < max; i++)
        store_row_copy(r, i, "id", ids[(*n)++], UUID_STR_LEN);
    store_result_free(r);
    return e;
}

enum vg_err store_git_uploads_repo_deleted(struct store *st, const char *id, int64_t now)
{
    struct store_param p[] = {SP_TEXT(id), SP_INT(now)};
    return store_query1(st, "UPDATE git_uploads SET repo_deleted_at = $2 WHERE id = $1", p, 2,
                        NULL);
}
