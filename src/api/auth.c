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
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "app/app.h"
#include "app/limits.h"
#include "app/users.h"
#include "http/auth.h"
#include "store/tokens.h"
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
    enum vg_err e = store_tokens_issue(req->app->store, ah, rh, user_id, family, now,
                                       now + ACCESS_TTL, now + REFRESH_TTL);
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

    char user_id[UUID_STR_LEN];
    char *stored_hash = NULL;
    bool found = false;
    e = store_users_password(req->app->store, email, user_id, &stored_hash, &found);
    if (e != VG_OK) {
        (void)limits_release(req->app->store, &acct, email);
        (void)limits_release(req->app->store, &ip, req->client_ip);
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    }
    pthread_once(&auth_dummy_once, auth_dummy_init);
    found = found && stored_hash != NULL;
    bool ok = auth_verify(req, found ? stored_hash : auth_dummy_hash, password, found);
    free(stored_hash);
    if (!ok) /* the reservations stay: they are this failure's count */
        return resp_error(resp, VG_ERR_UNAUTHORIZED, "Incorrect email or password.");
    /* A success clears the account's failures and does not count against the address. */
    (void)limits_clear(req->app->store, &acct, email);
    (void)limits_release(req->app->store, &ip, req->client_ip);
    char family[UUID_STR_LEN];
    rand_uuid(family);
    e = store_families_open(req->app->store, family, user_id, time_now());
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    snprintf(req->principal.user_id, sizeof(req->principal.user_id), "%s", user_id);
    auth_activity(req, "auth.login", NULL, NULL);
    return auth_issue_pair(req, resp, user_id, family);
}

/* Revoke a family: no refresh token of it works again, nor any access token. */
static void auth_revoke_family(struct store *st, const char *family)
{
    (void)store_families_revoke(st, family, time_now());
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
    struct store_refresh rt;
    e = store_refresh_get(req->app->store, th, &rt);
    if (e == VG_ERR_NOT_FOUND)
        return resp_error(resp, VG_ERR_UNAUTHORIZED, "Invalid refresh token.");
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    snprintf(req->principal.user_id, sizeof(req->principal.user_id), "%s", rt.user_id);
    if (rt.family_revoked || rt.expires_at <= time_now())
        return resp_error(resp, VG_ERR_UNAUTHORIZED, "Refresh token expired or revoked.");
    bool spent = rt.spent;
    if (!spent) {
        bool won = false;
        if (store_refresh_spend(req->app->store, th, time_now(), &won) != VG_OK)
            return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
        spent = !won; /* lost a race with another refresh */
    }
    if (spent) {
        auth_revoke_family(req->app->store, rt.family_id);
        auth_activity(req, "auth.refresh_reuse", NULL, "refresh family revoked");
        return resp_error(resp, VG_ERR_UNAUTHORIZED,
                          "Refresh token already used; this login has been revoked. Sign in "
                          "again.");
    }
    return auth_issue_pair(req, resp, rt.user_id, rt.family_id);
}

enum vg_err api_auth_logout(struct req *req, struct resp *resp)
{
    struct store *st = req->app->store;
    char family[UUID_STR_LEN];
    enum vg_err e = store_access_family(st, req->principal.token_hash, family);
    if (e != VG_OK && e != VG_ERR_NOT_FOUND)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    if (e == VG_OK)
        auth_revoke_family(st, family);
    (void)store_access_delete(st, req->principal.token_hash);
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
