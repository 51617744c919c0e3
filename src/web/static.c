/*
 * static.c - serves the dashboard's embedded files (web/assets.h): the best precompressed
 * variant the client accepts (brotli, gzip, identity), strong ETags with 304 answers,
 * `immutable` caching for content-hashed names and revalidation for the HTML, the security
 * headers of an app that loads nothing from elsewhere, and the single-page app's fallback:
 * a GET of any other path outside /v1/ and /assets/ gets index.html, and the client router
 * draws the page. It compresses nothing at run time and never reads the file system.
 */
#include "web/static.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "web/assets.h"

#define WEB_CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define WEB_CACHE_REVALIDATE "no-cache"
/* No inline script or style anywhere (esbuild bundles the CSS; Swagger UI starts from an
 * external file); uploads go to this origin's signed URLs. */
#define WEB_CSP                                                                                \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "         \
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "               \
    "form-action 'self'; frame-ancestors 'none'"

static const char *const web_etag_suffix[WEB_ENCODINGS] = {"", "-gz", "-br"};
static const char *const web_encoding_name[WEB_ENCODINGS] = {NULL, "gzip", "br"};

const struct web_asset *web_asset_find(const char *path)
{
    size_t lo = 0, hi = web_assets_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(web_assets[mid].path, path);
        if (c == 0)
            return &web_assets[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Whether an Accept-Encoding header accepts coding (a token without ";q=0"). */
static bool web_accepts(const char *header, const char *coding)
{
    size_t n = strlen(coding);
    for (const char *s = header; s != NULL && *s;) {
        s += strspn(s, " \t,");
        size_t len = strcspn(s, " \t,;");
        const char *params = s + len;
        size_t plen = strcspn(params, ",");
        if (len == n && strncasecmp(s, coding, n) == 0) {
            const char *q = strstr(params, "q=");
            bool zero = q != NULL && q < params + plen && q[2] == '0' &&
                        strspn(q + 3, ".0") == strcspn(q + 3, ", \t");
            return !zero;
        }
        s = params + plen;
    }
    return false;
}

enum web_encoding web_pick_encoding(const struct web_asset *a, const char *accept_encoding)
{
    if (a->v[WEB_BROTLI].data != NULL && web_accepts(accept_encoding, "br"))
        return WEB_BROTLI;
    if (a->v[WEB_GZIP].data != NULL && web_accepts(accept_encoding, "gzip"))
        return WEB_GZIP;
    return WEB_IDENTITY;
}

/* Whether If-None-Match names this asset (any of its encodings' validators, or "*"). */
static bool web_not_modified(const struct web_asset *a, const char *inm)
{
    if (inm == NULL)
        return false;
    if (strcmp(inm, "*") == 0)
        return true;
    size_t elen = strlen(a->etag) - 1; /* the validator without its closing quote */
    for (const char *s = inm; *s; s++) {
        if (strncmp(s, a->etag, elen) != 0)
            continue;
        const char *rest = s + elen;
        for (int e = 0; e < WEB_ENCODINGS; e++) {
            size_t sl = strlen(web_etag_suffix[e]);
            if (strncmp(rest, web_etag_suffix[e], sl) == 0 && rest[sl] == '"')
                return true;
        }
    }
    return false;
}

static void web_security_headers(struct resp *resp)
{
    resp_header(resp, "Content-Security-Policy", WEB_CSP);
    resp_header(resp, "X-Frame-Options", "DENY");
    resp_header(resp, "Referrer-Policy", "no-referrer");
    resp_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    resp_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

enum vg_err web_serve_asset(struct req *req, struct resp *resp, const struct web_asset *a)
{
    enum web_encoding enc = web_pick_encoding(a, req_header(req, "Accept-Encoding"));
    char etag[80];
    snprintf(etag, sizeof(etag), "%.*s%s\"", (int)(strlen(a->etag) - 1), a->etag,
             web_etag_suffix[enc]);
    resp_header(resp, "ETag", etag);
    resp_header(resp, "Vary", "Accept-Encoding");
    resp_header(resp, "Cache-Control", a->immutable ? WEB_CACHE_IMMUTABLE : WEB_CACHE_REVALIDATE);
    web_security_headers(resp);
    if (web_not_modified(a, req_header(req, "If-None-Match")))
        return resp_empty(resp, 304);
    if (web_encoding_name[enc] != NULL)
        resp_header(resp, "Content-Encoding", web_encoding_name[enc]);
    return resp_static(resp, 200, a->type, a->v[enc].data, a->v[enc].len);
}

/* A path the client router draws: not an API path, not a file name (a last segment with a
 * dot), not under /assets/. */
static bool web_is_client_route(const char *path)
{
    if (strncmp(path, "/assets/", 8) == 0 || strncmp(path, "/v1/", 4) == 0 ||
        strcmp(path, "/v1") == 0)
        return false;
    const char *last = strrchr(path, '/');
    return last != NULL && strchr(last, '.') == NULL;
}

enum vg_err web_serve(struct req *req, struct resp *resp)
{
    const struct web_asset *a = web_asset_find(req->path);
    if (a == NULL && web_is_client_route(req->path))
        a = web_asset_find("/");
    if (a == NULL)
        return resp_error(resp, VG_ERR_NOT_FOUND, "No such endpoint.");
    return web_serve_asset(req, resp, a);
}
