/*
 * auth.c - /v1/auth: login, refresh (rotation with reuse detection), logout, me.
 *
 * A login opens a refresh family. Access tokens (15 minutes) and refresh tokens (30 days)
 * are random strings; only their SHA-256 is stored. Refreshing spends the presented
 * refresh token and issues a new pair in the same family; presenting a spent token again
 * revokes the whole family (a stolen token was used). Logout kills the access token at
 * once and revokes its family. Password checks are reserved, atomically, against the
 * per-account and per-IP login limits before they run (so they are exact under concurrent
 * attempts); a success clears the account's count.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "app/app.h"
#include "app/limits.h"
#include "app/users.h"
#include "http/auth.h"
#include "http/query.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"

#define ACCESS_TTL 900
#define REFRESH_TTL (30 * 86400)
#define TOKEN_CHARS 43

/* The hash of a random password, verified when the account does not exist, so a missing
 * account costs the same time as a wrong password. Made once, on first use. */
static char auth_dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t auth_dummy_once = PTHREAD_ONCE_INIT;

static void auth_dummy_init(void)
{
    char pw[33];
    rand_base62(pw, 32);
    if (crypto_pwhash_str(auth_dummy_hash, pw, 32, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        auth_dummy_hash[0] = '\0';
}

/* Reserve this attempt's password check against the account's and the client IP's
 * login limits (app/limits.h) before verifying anything: the reservation is atomic in the
 * database, so N concurrent wrong logins make exactly the allowed number of checks. 429
 * (and nothing reserved) when either is spent. */
static enum vg_err auth_reserve(struct req *req, struct resp *resp, const char *email,
                                struct limit_result *acct, struct limit_result *ip)
{
    struct store *st = req->app->store;
    const struct config *cfg = &req->app->cfg;
    int64_t now = time_now();
    if (limits_reserve(st, cfg, LIMIT_LOGIN_ACCOUNT, email, now, acct) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    const struct limit_result *refused = acct->allowed ? NULL : acct;
    if (refused == NULL) {
        if (limits_reserve(st, cfg, LIMIT_LOGIN_IP, req->client_ip, now, ip) != VG_OK) {
            (void)limits_release(st, acct, email);
            return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
        }
        if (!ip->allowed) {
            (void)limits_release(st, acct, email);
            refused = ip;
        }
    }
    if (refused == NULL)
        return VG_OK;
    char ra[24];
    snprintf(ra, sizeof(ra), "%lld", (long long)refused->retry_after);
    resp_header(resp, "Retry-After", ra);
    resp->err_details = json_pack("{s:s,s:I,s:I}", "bucket", refused->bucket, "limit",
                                  (json_int_t)refused->limit, "retry_after",
                                  (json_int_t)refused->retry_after);
    return resp_error(resp, VG_ERR_RATE_LIMITED,
                      refused == acct
                          ? "Too many failed logins for this account. Try again later."
                          : "Too many failed logins from this address. Try again later.");
}

/* One argon2id verification, logged (password_check) so operators see its cost and count. */
static bool auth_verify(struct req *req, const char *hash, const char *password, bool found)
{
    double t0 = time_mono_ms();
    bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 && found;
    char ms[32];
    snprintf(ms, sizeof(ms), "%.1f", time_mono_ms() - t0);
    log_msg(LOG_INFO, "password_check", "request_id", req->request_id, "ok",
            ok ? "true" : "false", "ms", ms, NULL);
    return ok;
}

/* Issue an access + refresh token pair in family and answer with them. */
static enum vg_err auth_issue_pair(struct req *req, struct resp *resp, const char *user_id,
                                   const char *family)
{
    char access[TOKEN_CHARS + 5] = "vga_", refresh[TOKEN_CHARS + 5] = "vgr_";
    rand_base62(access + 4, TOKEN_CHARS);
    rand_base62(refresh + 4, TOKEN_CHARS);
    char ah[65], rh[65];
    sha256_hex(ah, access, strlen(access));
    sha256_hex(rh, refresh, strlen(refresh));
    int64_t now = time_now();
    struct store_param pa[] = {SP_TEXT(ah), SP_TEXT(user_id), SP_TEXT(family), SP_INT(now),
                               SP_INT(now + ACCESS_TTL)};
    struct store_param pr[] = {SP_TEXT(rh), SP_TEXT(family), SP_INT(now),
                               SP_INT(now + REFRESH_TTL)};
    enum vg_err e = store_query1(req->app->store,
                                 "INSERT INTO access_tokens (token_hash, user_id, family_id, "
                                 "created_at, expires_at) VALUES ($1,$2,$3,$4,$5)",
                                 pa, 5, NULL);
    if (e == VG_OK)
        e = store_query1(req->app->store,
                         "INSERT INTO refresh_tokens (token_hash, family_id, created_at, "
                         "expires_at) VALUES ($1,$2,$3,$4)",
                         pr, 4, NULL);
    if (e == VG_OK)
        resp_json(resp, 200,
                  json_pack("{s:s,s:s,s:s,s:i,s:i}", "access_token", access, "refresh_token",
                            refresh, "token_type", "bearer", "expires_in", ACCESS_TTL,
                            "refresh_expires_in", REFRESH_TTL));
    sodium_memzero(access, sizeof(access));
    sodium_memzero(refresh, sizeof(refresh));
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    return VG_OK;
}

enum vg_err api_auth_login(struct req *req, struct resp *resp)
{
    const char *email_in = NULL, *password = NULL;
    api_field_string(req, resp, "email", 3, 254, true, &email_in);
    api_field_string(req, resp, "password", 1, 1024, true, &password);
    enum vg_err e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    char email[256];
    if (!users_email_normalise(email_in, email, sizeof(email)))
        return resp_error(resp, VG_ERR_UNAUTHORIZED, "Incorrect email or password.");
    struct limit_result acct, ip;
    e = auth_reserve(req, resp, email, &acct, &ip);
    if (e != VG_OK)
        return e;

    struct store_param p[] = {SP_TEXT(email)};
    struct store_result *r = NULL;
    e = store_query1(req->app->store, "SELECT id, password_hash FROM users WHERE email = $1",
                     p, 1, &r);
    if (e != VG_OK) {
        (void)limits_release(req->app->store, &acct, email);
        (void)limits_release(req->app->store, &ip, req->client_ip);
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    }
    bool found = store_result_rows(r) == 1;
    pthread_once(&auth_dummy_once, auth_dummy_init);
    const char *hash = found ? store_result_get(r, 0, 1) : auth_dummy_hash;
    bool ok = auth_verify(req, hash, password, found);
    char user_id[UUID_STR_LEN] = "";
    if (found)
        snprintf(user_id, sizeof(user_id), "%s", store_result_get(r, 0, 0));
    store_result_free(r);
    if (!ok) /* the reservations stay: they are this failure's count */
        return resp_error(resp, VG_ERR_UNAUTHORIZED, "Incorrect email or password.");
    /* A success clears the account's failures and does not count against the address. */
    (void)limits_clear(req->app->store, &acct, email);
    (void)limits_release(req->app->store, &ip, req->client_ip);
    char family[UUID_STR_LEN];
    rand_uuid(family);
    struct store_param pf[] = {SP_TEXT(family), SP_TEXT(user_id), SP_INT(time_now())};
    e = store_query1(req->app->store,
                     "INSERT INTO refresh_families (id, user_id, created_at) VALUES ($1,$2,$3)",
                     pf, 3, NULL);
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    snprintf(req->principal.user_id, sizeof(req->principal.user_id), "%s", user_id);
    auth_activity(req, "auth.login", NULL, NULL);
    return auth_issue_pair(req, resp, user_id, family);
}

/* Revoke a family: no refresh token of it works again, nor any access token. */
static void auth_revoke_family(struct store *st, const char *family)
{
    struct store_param p[] = {SP_INT(time_now()), SP_TEXT(family)};
    (void)store_query1(st,
                       "UPDATE refresh_families SET revoked_at = $1 WHERE id = $2 AND "
                       "revoked_at IS NULL",
                       p, 2, NULL);
    (void)store_query1(st, "DELETE FROM access_tokens WHERE family_id = $1", p + 1, 1, NULL);
}

enum vg_err api_auth_refresh(struct req *req, struct resp *resp)
{
    const char *token = NULL;
    api_field_string(req, resp, "refresh_token", 1, 256, true, &token);
    enum vg_err e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    char th[65];
    sha256_hex(th, token, strlen(token));
    struct store_param p[] = {SP_TEXT(th)};
    struct store_result *r = NULL;
    e = req_query_row(req, resp,
                      "SELECT rt.family_id, rt.spent_at, rt.expires_at, f.revoked_at, f.user_id "
                      "FROM refresh_tokens rt JOIN refresh_families f ON f.id = rt.family_id "
                      "WHERE rt.token_hash = $1",
                      p, 1, VG_ERR_UNAUTHORIZED, "Invalid refresh token.", &r);
    if (e != VG_OK)
        return e;
    char family[UUID_STR_LEN], user_id[UUID_STR_LEN];
    snprintf(family, sizeof(family), "%s", store_result_get(r, 0, 0));
    snprintf(user_id, sizeof(user_id), "%s", store_result_get(r, 0, 4));
    bool spent = store_result_get(r, 0, 1) != NULL;
    bool expired = store_result_int(r, 0, 2, 0) <= time_now();
    bool revoked = store_result_get(r, 0, 3) != NULL;
    store_result_free(r);
    snprintf(req->principal.user_id, sizeof(req->principal.user_id), "%s", user_id);
    if (revoked || expired)
        return resp_error(resp, VG_ERR_UNAUTHORIZED, "Refresh token expired or revoked.");
    struct store_param ps[] = {SP_INT(time_now()), SP_TEXT(th)};
    r = NULL;
    if (!spent) {
        e = store_query1(req->app->store,
                         "UPDATE refresh_tokens SET spent_at = $1 WHERE token_hash = $2 AND "
                         "spent_at IS NULL",
                         ps, 2, &r);
        if (e != VG_OK)
            return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
        spent = store_result_affected(r) == 0; /* lost a race with another refresh */
        store_result_free(r);
    }
    if (spent) {
        auth_revoke_family(req->app->store, family);
        auth_activity(req, "auth.refresh_reuse", NULL, "refresh family revoked");
        return resp_error(resp, VG_ERR_UNAUTHORIZED,
                          "Refresh token already used; this login has been revoked. Sign in "
                          "again.");
    }
    return auth_issue_pair(req, resp, user_id, family);
}

enum vg_err api_auth_logout(struct req *req, struct resp *resp)
{
    struct store_param p[] = {SP_TEXT(req->principal.token_hash)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(req->app->store,
                                 "SELECT family_id FROM access_tokens WHERE token_hash = $1", p,
                                 1, &r);
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    if (store_result_rows(r) == 1)
        auth_revoke_family(req->app->store, store_result_get(r, 0, 0));
    store_result_free(r);
    (void)store_query1(req->app->store, "DELETE FROM access_tokens WHERE token_hash = $1", p, 1,
                       NULL);
    auth_activity(req, "auth.logout", NULL, NULL);
    return resp_empty(resp, 204);
}

enum vg_err api_auth_me(struct req *req, struct resp *resp)
{
    const struct principal *p = &req->principal;
    json_t *key = json_null();
    if (p->kind == PRINCIPAL_KEY)
        key = json_pack("{s:s,s:s,s:o}", "id", p->key_id, "prefix", p->key_prefix, "scopes",
                        api_scopes_json(p->key_scopes));
    return resp_json(resp, 200,
                     json_pack("{s:s,s:s,s:b,s:b,s:o,s:s,s:o}", "id", p->user_id, "email",
                               p->email, "email_verified", p->email_verified, "is_admin",
                               p->is_admin, "created_at", api_time(p->user_created_at),
                               "auth_method", p->kind == PRINCIPAL_KEY ? "api_key" : "bearer",
                               "api_key", key));
}
