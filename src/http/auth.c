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
#include "http/route.h"
#include "store/activity.h"
#include "store/tokens.h"
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
    enum vg_err e = store_activity_add(req->app->store, req->principal.user_id, api_key_id,
                                       action, detail, req->client_ip, time_now());
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

static void auth_fill_user(struct principal *p, const struct store_user *u)
{
    copy_str(p->user_id, sizeof(p->user_id), u->id);
    copy_str(p->email, sizeof(p->email), u->email);
    p->email_verified = u->email_verified;
    p->is_admin = u->is_admin;
    p->user_created_at = u->created_at;
}

/* Map a lookup's failure: no row is (missing, message), the rest a 503. */
static enum vg_err auth_lookup_failed(struct resp *resp, enum vg_err e, enum vg_err missing,
                                      const char *message)
{
    if (e == VG_ERR_NOT_FOUND)
        return resp_error(resp, missing, message);
    return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
}

static enum vg_err auth_bearer(struct req *req, struct resp *resp, const char *token)
{
    char hash[65];
    sha256_hex(hash, token, strlen(token));
    struct store_user u;
    enum vg_err e = store_auth_bearer(req->app->store, hash, time_now(), &u);
    if (e != VG_OK) {
        if (e == VG_ERR_NOT_FOUND)
            resp_header(resp, "WWW-Authenticate", "Bearer");
        return auth_lookup_failed(resp, e, VG_ERR_UNAUTHORIZED, AUTH_MSG_BAD_TOKEN);
    }
    req->principal.kind = PRINCIPAL_USER;
    auth_fill_user(&req->principal, &u);
    copy_str(req->principal.token_hash, sizeof(req->principal.token_hash), hash);
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
    bool touched = false;
    if (store_keys_touch(req->app->store, req->principal.key_id, now, 60, &touched) == VG_OK &&
        touched)
        auth_activity(req, "api_key.used", req->principal.key_id, req->path);
}

static enum vg_err auth_api_key(struct req *req, struct resp *resp, const char *key)
{
    if (!api_key_well_formed(key))
        return resp_error(resp, VG_ERR_UNAUTHORIZED, AUTH_MSG_BAD_KEY);
    char hash[65];
    sha256_hex(hash, key, strlen(key));
    struct store_auth_key k;
    enum vg_err e = store_auth_key(req->app->store, hash, &k);
    if (e != VG_OK)
        return auth_lookup_failed(resp, e, VG_ERR_UNAUTHORIZED, AUTH_MSG_BAD_KEY);
    struct principal *pr = &req->principal;
    pr->kind = PRINCIPAL_KEY;
    copy_str(pr->key_id, sizeof(pr->key_id), k.id);
    copy_str(pr->key_prefix, sizeof(pr->key_prefix), k.prefix);
    copy_str(pr->key_scopes, sizeof(pr->key_scopes), k.scopes);
    auth_fill_user(pr, &k.user);
    bool ip_ok = auth_cidr_allows(k.allowed_cidrs, req->client_ip);
    /* Refusals come first: a request the key may not make is neither counted nor "use". */
    if (!ip_ok)
        return resp_error(resp, VG_ERR_FORBIDDEN,
                          "This API key is not allowed from this IP address.");
    if (!pr->email_verified)
        return resp_error(resp, VG_ERR_FORBIDDEN, AUTH_MSG_UNVERIFIED);
    return VG_OK;
}

void auth_key_used(struct req *req)
{
    if (req->principal.kind == PRINCIPAL_KEY)
        auth_key_touch(req, time_now());
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
        return VG_OK; /* counted by the route's limits, then recorded as use */
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
