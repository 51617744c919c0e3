/*
 * git_uploads.c - temporary git push remotes (API.md "Git uploads"):
 *   POST   /v1/git-uploads {repository_id, expires_in_seconds 60..86400, default 3600}
 *          -> 201 with remote_url carrying the credential (shown this once)
 *   GET    /v1/git-uploads/{id}     (remote_url without the credential)
 *   DELETE /v1/git-uploads/{id}     revoke: the remote refuses pushes at once (204)
 * The credential is "vgp_" + 40 base62 characters; the store keeps its SHA-256 only.
 * Each upload gets an empty bare repository under DATA_DIR/git/; pushes are served by
 * git_http.c, and the repository is deleted once scanned (jobs/git_job.c) or by the
 * cleanup once expired or revoked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>

#include "api/api.h"
#include "api/listing.h"
#include "app/app.h"
#include "source/source.h"
#include "store/git_uploads.h"
#include "store/repositories.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define GU_NOT_FOUND "Git upload not found"
#define GU_TTL_DEFAULT 3600
#define GU_TTL_MIN 60
#define GU_TTL_MAX 86400
#define GU_TOKEN_RANDOM 40
#define GU_TOKEN_PREFIX "vgp_"

/* public_url with "vega:TOKEN@" after the scheme, then /v1/git/{id}. */
static char *gu_remote_url(const struct app *app, const char *id, const char *token)
{
    const char *base = app->cfg.public_url;
    const char *rest = strstr(base, "://");
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    if (token == NULL || rest == NULL)
        return xasprintf("%.*s/v1/git/%s", (int)n, base, id);
    int scheme = (int)(rest + 3 - base);
    return xasprintf("%.*svega:%s@%.*s/v1/git/%s", scheme, base, token, (int)n - scheme,
                     rest + 3, id);
}

static json_t *gu_json(const struct app *app, const struct store_git_upload *u, const char *token)
{
    char *url = gu_remote_url(app, u->id, token);
    json_t *j = json_pack("{s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:o}", "id", u->id, "repository_id",
                          u->repository_id, "remote_url", url, "expires_at",
                          api_time(u->expires_at), "status", u->status, "scan_id",
                          u->scan_id[0] ? json_string(u->scan_id) : json_null(), "created_at",
                          api_time(u->created_at), "pushed_at", api_time_or_null(u->pushed_at));
    free(url);
    return j;
}

/* The body: repository_id (the caller's git repository) and expires_in_seconds. */
static enum vg_err gu_parse(struct req *req, struct resp *resp, const char **repo, long *ttl)
{
    *ttl = GU_TTL_DEFAULT;
    api_field_string(req, resp, "repository_id", 1, 64, true, repo);
    json_t *t = json_object_get(req->json, "expires_in_seconds");
    if (t != NULL && (!json_is_integer(t) || json_integer_value(t) < GU_TTL_MIN ||
                      json_integer_value(t) > GU_TTL_MAX))
        resp_field_error(resp, "body", "expires_in_seconds",
                         "must be an integer from 60 to 86400", "value_error");
    else if (t != NULL)
        *ttl = (long)json_integer_value(t);
    enum vg_err e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    char source[16], project[UUID_STR_LEN];
    char *full = NULL;
    e = uuid_valid(*repo) ? store_repository_source(req->app->store, req->principal.user_id,
                                                    *repo, source, project, &full)
                          : VG_ERR_NOT_FOUND;
    free(full);
    if (e == VG_ERR_NOT_FOUND)
        return resp_error(resp, VG_ERR_NOT_FOUND, "Repository not found");
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    if (strcmp(source, "git") != 0)
        return resp_errorf(resp, VG_ERR_CONFLICT,
                           "This repository's source is %s; git uploads are for repositories "
                           "with source_type git.",
                           source);
    return VG_OK;
}

enum vg_err api_git_uploads_create(struct req *req, struct resp *resp)
{
    const char *repo = NULL;
    long ttl = 0;
    enum vg_err e = gu_parse(req, resp, &repo, &ttl);
    if (e != VG_OK)
        return e;
    struct store_git_upload u;
    memset(&u, 0, sizeof u);
    rand_uuid(u.id);
    snprintf(u.user_id, sizeof u.user_id, "%s", req->principal.user_id);
    snprintf(u.repository_id, sizeof u.repository_id, "%s", repo);
    snprintf(u.status, sizeof u.status, "waiting");
    u.created_at = time_now();
    u.expires_at = u.created_at + ttl;
    char token[sizeof GU_TOKEN_PREFIX + GU_TOKEN_RANDOM];
    memcpy(token, GU_TOKEN_PREFIX, sizeof GU_TOKEN_PREFIX - 1);
    rand_base62(token + sizeof GU_TOKEN_PREFIX - 1, GU_TOKEN_RANDOM);
    token[sizeof token - 1] = '\0';
    sha256_hex(u.token_hash, token, strlen(token));
    char *dir = source_git_upload_path(req->app->cfg.data_dir, u.id);
    if (fs_mkdirs(dir, 0700) != 0 || source_git_init_bare(dir) != VG_OK) {
        log_msg(LOG_ERROR, "git_upload_init_failed", "git_upload_id", u.id, NULL);
        fs_remove_tree(dir);
        free(dir);
        return resp_error(resp, VG_ERR_UNAVAILABLE, "Storage is unavailable; try again.");
    }
    e = store_git_uploads_insert(req->app->store, &u, api_actor(req));
    if (e != VG_OK) {
        fs_remove_tree(dir);
        free(dir);
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    }
    free(dir);
    e = resp_json(resp, 201, gu_json(req->app, &u, token));
    sodium_memzero(token, sizeof token);
    return e;
}

enum vg_err api_git_uploads_get(struct req *req, struct resp *resp)
{
    const char *id = NULL;
    enum vg_err e = api_path_id(req, resp, "id", GU_NOT_FOUND, &id);
    if (e != VG_OK)
        return e;
    struct store_git_upload u;
    e = store_git_uploads_get(req->app->store, id, req->principal.user_id, time_now(), &u);
    if (e != VG_OK)
        return api_store_error(resp, e, GU_NOT_FOUND, NULL);
    return resp_json(resp, 200, gu_json(req->app, &u, NULL));
}

enum vg_err api_git_uploads_delete(struct req *req, struct resp *resp)
{
    const char *id = NULL;
    enum vg_err e = api_path_id(req, resp, "id", GU_NOT_FOUND, &id);
    if (e != VG_OK)
        return e;
    e = store_git_uploads_revoke(req->app->store, id, req->principal.user_id, time_now());
    if (e != VG_OK)
        return api_store_error(resp, e, GU_NOT_FOUND, NULL);
    return resp_empty(resp, 204);
}
