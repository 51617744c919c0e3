/*
 * session.c - browser sessions for the web dashboard (issue 14): the refresh token lives in
 * an HttpOnly cookie a script cannot read, the access token in the page's memory.
 *
 *   POST   /v1/auth/session          {email, password} -> {access_token, expires_in, csrf_token}
 *   POST   /v1/auth/session/refresh  (cookie + X-CSRF-Token) -> a new access token, rotated cookie
 *   DELETE /v1/auth/session          (Bearer + cookie + X-CSRF-Token) -> 204, the login revoked
 *
 * They wrap the token endpoints of auth.c (login throttling, rotation with reuse detection,
 * family revocation are theirs) and only move the refresh token between the JSON body and
 * the cookie `vega_refresh` (HttpOnly, SameSite=Strict, Path=/v1/auth/session, Secure when
 * --public-url is https). CSRF: the two cookie-authenticated requests must also carry
 * X-CSRF-Token equal to the `vega_csrf` cookie (double submit; the cookie is SameSite=Strict
 * and readable by the page only on its own origin), and an Origin header, when sent, must be
 * the server's own. Every other state-changing request is authenticated by the in-memory
 * Bearer token, which a cross-site page cannot send.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "app/app.h"
#include "util/rand.h"

#define REFRESH_COOKIE "vega_refresh"
#define CSRF_COOKIE "vega_csrf"
#define CSRF_HEADER "X-CSRF-Token"
#define SESSION_PATH "/v1/auth/session"
#define CSRF_CHARS 32
#define SESSION_MAX_AGE (30 * 86400)

/* The value of cookie `name` in the Cookie header, copied into out; false when absent. */
static bool session_cookie(const struct req *req, const char *name, char *out, size_t cap)
{
    const char *h = req_header(req, "Cookie");
    size_t n = strlen(name);
    for (const char *s = h; s != NULL && *s;) {
        s += strspn(s, " ;");
        size_t len = strcspn(s, ";");
        if (len > n && strncmp(s, name, n) == 0 && s[n] == '=') {
            size_t vlen = len - n - 1;
            if (vlen == 0 || vlen >= cap)
                return false;
            memcpy(out, s + n + 1, vlen);
            out[vlen] = '\0';
            return true;
        }
        s += len;
    }
    return false;
}

static bool session_secure(const struct req *req)
{
    return strncasecmp(req->app->cfg.public_url, "https://", 8) == 0;
}

static void session_set_cookies(struct req *req, struct resp *resp, const char *refresh,
                                const char *csrf)
{
    char c[512];
    const char *secure = session_secure(req) ? "; Secure" : "";
    snprintf(c, sizeof(c), REFRESH_COOKIE "=%s; Path=" SESSION_PATH
             "; Max-Age=%d; HttpOnly; SameSite=Strict%s",
             refresh ? refresh : "", refresh ? SESSION_MAX_AGE : 0, secure);
    resp_header(resp, "Set-Cookie", c);
    snprintf(c, sizeof(c), CSRF_COOKIE "=%s; Path=/; Max-Age=%d; SameSite=Strict%s",
             csrf ? csrf : "", csrf ? SESSION_MAX_AGE : 0, secure);
    resp_header(resp, "Set-Cookie", c);
    sodium_memzero(c, sizeof(c));
}

/* After a token handler answered 200: move its refresh token into the cookie, and give the
 * page the CSRF token (kept, or new). */
static enum vg_err session_take_refresh(struct req *req, struct resp *resp, const char *csrf_in)
{
    json_t *j = resp->json;
    const char *refresh = json_string_value(json_object_get(j, "refresh_token"));
    if (resp->err != VG_OK || resp->status != 200 || refresh == NULL)
        return resp->err;
    char csrf[CSRF_CHARS + 1];
    if (csrf_in != NULL)
        snprintf(csrf, sizeof(csrf), "%s", csrf_in);
    else
        rand_base62(csrf, CSRF_CHARS);
    session_set_cookies(req, resp, refresh, csrf);
    json_object_del(j, "refresh_token");
    json_object_del(j, "refresh_expires_in");
    json_object_set_new(j, "csrf_token", json_string(csrf));
    return VG_OK;
}

/* The Origin, when the browser sent one, is this server's (public URL or Host). */
static bool session_same_origin(const struct req *req)
{
    const char *origin = req_header(req, "Origin");
    if (origin == NULL)
        return true;
    if (strcasecmp(origin, req->app->cfg.public_url) == 0)
        return true;
    const char *host = req_header(req, "Host");
    const char *rest = strncasecmp(origin, "http://", 7) == 0    ? origin + 7
                       : strncasecmp(origin, "https://", 8) == 0 ? origin + 8
                                                                 : NULL;
    return host != NULL && rest != NULL && strcasecmp(rest, host) == 0;
}

/* The CSRF check of a cookie-authenticated request; VG_OK or the 403 recorded. */
static enum vg_err session_csrf(struct req *req, struct resp *resp, char *csrf, size_t cap)
{
    const char *header = req_header(req, CSRF_HEADER);
    bool ok = session_same_origin(req) && header != NULL &&
              session_cookie(req, CSRF_COOKIE, csrf, cap) && strlen(header) == strlen(csrf) &&
              sodium_memcmp(header, csrf, strlen(csrf)) == 0;
    if (!ok)
        return resp_error(resp, VG_ERR_FORBIDDEN,
                          "Missing or wrong CSRF token: send the vega_csrf cookie's value in "
                          "X-CSRF-Token from this server's own pages.");
    return VG_OK;
}

enum vg_err api_session_create(struct req *req, struct resp *resp)
{
    enum vg_err e = api_auth_login(req, resp);
    if (e != VG_OK)
        return e;
    return session_take_refresh(req, resp, NULL);
}

enum vg_err api_session_refresh(struct req *req, struct resp *resp)
{
    char csrf[CSRF_CHARS + 1], refresh[256];
    enum vg_err e = session_csrf(req, resp, csrf, sizeof(csrf));
    if (e != VG_OK)
        return e;
    if (!session_cookie(req, REFRESH_COOKIE, refresh, sizeof(refresh)))
        return resp_error(resp, VG_ERR_UNAUTHORIZED, "No session: sign in.");
    json_decref(req->json);
    req->json = json_pack("{s:s}", "refresh_token", refresh);
    sodium_memzero(refresh, sizeof(refresh));
    e = api_auth_refresh(req, resp);
    if (e != VG_OK) {
        session_set_cookies(req, resp, NULL, NULL); /* a dead session: forget it */
        return e;
    }
    return session_take_refresh(req, resp, csrf);
}

enum vg_err api_session_delete(struct req *req, struct resp *resp)
{
    char csrf[CSRF_CHARS + 1];
    enum vg_err e = session_csrf(req, resp, csrf, sizeof(csrf));
    if (e != VG_OK)
        return e;
    e = api_auth_logout(req, resp);
    session_set_cookies(req, resp, NULL, NULL);
    return e;
}
