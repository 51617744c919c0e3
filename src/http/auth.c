/*
 * auth.c - Bearer tokens and API keys (see auth.h). Tokens and keys are looked up by
 * their SHA-256 (they are long random strings, so a fast hash is enough); the raw values
 * are never stored or logged.
 */
#include "http/auth.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/limits.h"
#include "http/query.h"
#include "http/route.h"
#include "store/store.h"
#include "util/cidr.h"
#include "util/log.h"
#include "util/timeutil.h"

#define API_KEY_PREFIX "vg_live_"

bool auth_has_scope(const struct principal *p, const char *scope)
{
    if (scope == NULL || p->kind == PRINCIPAL_USER)
        return true;
    if (p->kind != PRINCIPAL_KEY)
        return false;
    size_t n = strlen(scope);
    for (const char *s = p->key_scopes; *s;) {
        size_t len = strcspn(s, " ,");
        if (len == n && strncmp(s, scope, n) == 0)
            return true;
        s += len;
        s += strspn(s, " ,");
    }
    return false;
}

void auth_activity(struct req *req, const char *action, const char *api_key_id,
                   const char *detail)
{
    char id[UUID_STR_LEN];
    rand_uuid(id);
    struct store_param p[] = {SP_TEXT(id),
                              SP_TEXT(req->principal.user_id),
                              SP_TEXT_OR_NULL(api_key_id),
                              SP_TEXT(action),
                              SP_TEXT_OR_NULL(detail),
                              SP_TEXT_OR_NULL(req->client_ip),
                              SP_INT(time_now())};
    enum vg_err e = store_query1(req->app->store,
                                 "INSERT INTO activity (id, user_id, api_key_id, action, "
                                 "detail, ip, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)",
                                 p, 7, NULL);
    if (e != VG_OK)
        log_msg(LOG_ERROR, "activity_write_failed", "action", action, "error", err_name(e),
                NULL);
}

enum vg_err auth_rate_limited(struct resp *resp, const struct limit_result *lim)
{
    char ra[32];
    snprintf(ra, sizeof(ra), "%lld", (long long)lim->retry_after);
    resp_header(resp, "Retry-After", ra);
    resp->err_details = json_pack("{s:s,s:I,s:I,s:I}", "bucket", lim->bucket, "count",
                                  (json_int_t)lim->count, "limit", (json_int_t)lim->limit,
                                  "retry_after", (json_int_t)lim->retry_after);
    return resp_errorf(resp, VG_ERR_RATE_LIMITED,
                       "Rate limit exceeded (%s: %lld/%lld). Try again later.", lim->bucket,
                       (long long)lim->count, (long long)lim->limit);
}

static void copy_str(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

static void auth_fill_user(struct principal *p, const struct store_result *r, size_t c)
{
    copy_str(p->user_id, sizeof(p->user_id), store_result_get(r, 0, c));
    copy_str(p->email, sizeof(p->email), store_result_get(r, 0, c + 1));
    p->email_verified = store_result_int(r, 0, c + 2, 0) != 0;
    p->is_admin = store_result_int(r, 0, c + 3, 0) != 0;
    p->user_created_at = store_result_int(r, 0, c + 4, 0);
}

static enum vg_err auth_bearer(struct req *req, struct resp *resp, const char *token)
{
    char hash[65];
    sha256_hex(hash, token, strlen(token));
    struct store_param p[] = {SP_TEXT(hash), SP_INT(time_now())};
    struct store_result *r = NULL;
    enum vg_err e = req_query_row(req, resp,
                                  "SELECT u.id, u.email, u.email_verified, u.is_admin, "
                                  "u.created_at FROM access_tokens t JOIN users u ON "
                                  "u.id = t.user_id WHERE t.token_hash = $1 AND t.expires_at > $2",
                                  p, 2, VG_ERR_UNAUTHORIZED, AUTH_MSG_BAD_TOKEN, &r);
    if (e != VG_OK) {
        if (e == VG_ERR_UNAUTHORIZED)
            resp_header(resp, "WWW-Authenticate", "Bearer");
        return e;
    }
    req->principal.kind = PRINCIPAL_USER;
    auth_fill_user(&req->principal, r, 0);
    copy_str(req->principal.token_hash, sizeof(req->principal.token_hash), hash);
    store_result_free(r);
    return VG_OK;
}

static bool api_key_well_formed(const char *key)
{
    size_t plen = strlen(API_KEY_PREFIX);
    if (strncmp(key, API_KEY_PREFIX, plen) != 0)
        return false;
    size_t n = 0;
    for (const char *s = key + plen; *s; s++, n++) {
        char c = *s;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return false;
    }
    return n >= 32 && n <= 128;
}

static bool auth_cidr_allows(const char *cidrs, const char *ip)
{
    if (cidrs == NULL || *cidrs == '\0')
        return true;
    char one[64];
    for (const char *s = cidrs; *s;) {
        size_t len = strcspn(s, ",");
        if (len < sizeof(one)) {
            memcpy(one, s, len);
            one[len] = '\0';
            if (cidr_contains(one, ip))
                return true;
        }
        s += len;
        s += strspn(s, ",");
    }
    return false;
}

static void auth_key_touch(struct req *req, int64_t now)
{
    struct store_param p[] = {SP_INT(now), SP_TEXT(req->principal.key_id), SP_INT(now - 60)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(req->app->store,
                                 "UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND "
                                 "(last_used_at IS NULL OR last_used_at <= $3)",
                                 p, 3, &r);
    if (e == VG_OK && store_result_affected(r) > 0)
        auth_activity(req, "api_key.used", req->principal.key_id, req->path);
    store_result_free(r);
}

static enum vg_err auth_api_key(struct req *req, struct resp *resp, const char *key)
{
    if (!api_key_well_formed(key))
        return resp_error(resp, VG_ERR_UNAUTHORIZED, AUTH_MSG_BAD_KEY);
    char hash[65];
    sha256_hex(hash, key, strlen(key));
    struct store_param p[] = {SP_TEXT(hash)};
    struct store_result *r = NULL;
    enum vg_err e = req_query_row(req, resp,
                                  "SELECT k.id, k.prefix, k.scopes, k.allowed_cidrs, "
                                  "k.revoked_at, u.id, u.email, u.email_verified, u.is_admin, "
                                  "u.created_at FROM api_keys k JOIN users u ON "
                                  "u.id = k.user_id WHERE k.key_hash = $1 AND k.revoked_at IS NULL",
                                  p, 1, VG_ERR_UNAUTHORIZED, AUTH_MSG_BAD_KEY, &r);
    if (e != VG_OK)
        return e;
    struct principal *pr = &req->principal;
    pr->kind = PRINCIPAL_KEY;
    copy_str(pr->key_id, sizeof(pr->key_id), store_result_get(r, 0, 0));
    copy_str(pr->key_prefix, sizeof(pr->key_prefix), store_result_get(r, 0, 1));
    copy_str(pr->key_scopes, sizeof(pr->key_scopes), store_result_get(r, 0, 2));
    auth_fill_user(pr, r, 5);
    bool ip_ok = auth_cidr_allows(store_result_get(r, 0, 3), req->client_ip);
    store_result_free(r);
    /* Refusals come first: a request the key may not make is neither counted nor "use". */
    if (!ip_ok)
        return resp_error(resp, VG_ERR_FORBIDDEN,
                          "This API key is not allowed from this IP address.");
    if (!pr->email_verified)
        return resp_error(resp, VG_ERR_FORBIDDEN, AUTH_MSG_UNVERIFIED);
    return VG_OK;
}

/* An accepted API-key request: count it against the key's per-minute limit, then record
 * its use. */
static enum vg_err auth_api_key_count(struct req *req, struct resp *resp)
{
    const struct principal *pr = &req->principal;
    int64_t now = time_now();
    struct limit_result lim;
    enum vg_err e = limits_take(req->app->store, &req->app->cfg, LIMIT_KEY_REQUESTS_MINUTE, pr->key_id, now,
                    &lim);
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    if (!lim.allowed)
        return auth_rate_limited(resp, &lim);
    auth_key_touch(req, now);
    return VG_OK;
}

enum vg_err auth_authenticate(struct req *req, struct resp *resp)
{
    const struct route *route = req->route;
    if (route->auth == ROUTE_AUTH_NONE)
        return VG_OK;
    const char *key = req_header(req, "X-API-Key");
    const char *authz = req_header(req, "Authorization");
    enum vg_err e;
    if (key != NULL) {
        e = auth_api_key(req, resp, key);
        if (e != VG_OK)
            return e;
        if (route->auth != ROUTE_AUTH_ANY)
            return resp_error(resp, VG_ERR_FORBIDDEN,
                              "API keys cannot be used for this endpoint; sign in to the "
                              "dashboard.");
        if (!auth_has_scope(&req->principal, route->scope))
            return resp_errorf(resp, VG_ERR_FORBIDDEN,
                               "This API key is missing the required scope '%s'.",
                               route->scope);
        return auth_api_key_count(req, resp);
    }
    if (authz != NULL && strncasecmp(authz, "Bearer ", 7) == 0 && authz[7] != '\0') {
        e = auth_bearer(req, resp, authz + 7);
        if (e != VG_OK)
            return e;
        if (route->auth == ROUTE_AUTH_ADMIN && !req->principal.is_admin)
            return resp_error(resp, VG_ERR_FORBIDDEN, "This endpoint is for administrators.");
        return VG_OK;
    }
    resp_header(resp, "WWW-Authenticate", "Bearer");
    return resp_error(resp, VG_ERR_UNAUTHORIZED,
                      authz != NULL ? "Malformed Authorization header; use 'Bearer <token>'."
                                    : "Not authenticated: send Authorization: Bearer <token> "
                                      "or X-API-Key.");
}
