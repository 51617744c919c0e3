/*
 * router.c - path matching over routes[] and the request pipeline (see route.h).
 */
#include "http/route.h"

#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "http/auth.h"
#include "util/log.h"
#include "util/timeutil.h"

/* Match pattern against path segment by segment; {name} matches one non-empty segment. */
static int route_match_path(const char *pattern, const char *path, struct req *req)
{
    const char *p = pattern;
    const char *s = path;
    size_t np = 0;
    char *st = req ? req->param_storage : NULL;
    if (req != NULL && strlen(path) + strlen(pattern) + 2 > sizeof(req->param_storage))
        return 0;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t seglen = strcspn(s, "/");
            if (close == NULL || seglen == 0 || np >= HTTP_MAX_PARAMS)
                return 0;
            size_t namelen = (size_t)(close - p - 1);
            if (req != NULL) {
                memcpy(st, s, seglen);
                st[seglen] = '\0';
                req->params[np].value = st;
                st += seglen + 1;
                memcpy(st, p + 1, namelen);
                st[namelen] = '\0';
                req->params[np].name = st;
                st += namelen + 1;
            }
            np++;
            p = close + 1;
            s += seglen;
            continue;
        }
        if (*p != *s)
            return 0;
        p++;
        s++;
    }
    if (*p != '\0' || *s != '\0')
        return 0;
    if (req != NULL)
        req->nparams = np;
    return 1;
}

static void allow_add(char *allow, size_t cap, const char *method)
{
    if (strstr(allow, method) != NULL)
        return;
    size_t len = strlen(allow);
    snprintf(allow + len, cap - len, "%s%s", len ? ", " : "", method);
}

void route_find(const char *method, const char *path, struct req *req, struct route_match *m)
{
    memset(m, 0, sizeof(*m));
    const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
    for (size_t i = 0; i < routes_count; i++) {
        const struct route *r = &routes[i];
        if (!route_match_path(r->pattern, path, NULL))
            continue;
        m->path_known = 1;
        allow_add(m->allow, sizeof(m->allow), r->method);
        if (strcmp(r->method, "GET") == 0)
            allow_add(m->allow, sizeof(m->allow), "HEAD");
        if (m->route == NULL && strcmp(r->method, want) == 0) {
            m->route = r;
            route_match_path(r->pattern, path, req);
        }
    }
    if (m->path_known)
        allow_add(m->allow, sizeof(m->allow), "OPTIONS");
}

const struct route *route_lookup(const char *method, const char *path)
{
    struct route_match m;
    route_find(method, path, NULL, &m);
    return m.route;
}

size_t route_body_cap(const struct app *app, const char *method, const char *path)
{
    const struct route *r = route_lookup(method, path);
    if (r == NULL || r->body == ROUTE_BODY_NONE)
        return 64 * 1024;
    if (r->body_cap)
        return r->body_cap;
    return r->body == ROUTE_BODY_STREAM ? app->cfg.max_upload_bytes : app->cfg.max_body_bytes;
}

static int content_type_is_json(const char *ct)
{
    if (ct == NULL)
        return 0;
    while (*ct == ' ')
        ct++;
    size_t n = strcspn(ct, "; ");
    return n == 16 && strncasecmp(ct, "application/json", 16) == 0;
}

static enum vg_err route_parse_body(struct req *req, struct resp *resp)
{
    const struct route *r = req->route;
    if (r->body != ROUTE_BODY_JSON || req->body.len == 0)
        return VG_OK;
    if (!content_type_is_json(req_header(req, "Content-Type")))
        return resp_error(resp, VG_ERR_UNSUPPORTED_MEDIA,
                          "Content-Type must be application/json.");
    json_error_t jerr;
    req->json = json_loadb(req->body.ptr, req->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (req->json == NULL)
        return resp_errorf(resp, VG_ERR_BAD_REQUEST, "Malformed JSON body: %s (line %d).",
                           jerr.text, jerr.line);
    if (!json_is_object(req->json))
        return resp_error(resp, VG_ERR_BAD_REQUEST, "The JSON body must be an object.");
    return VG_OK;
}

static void route_run(struct req *req, struct resp *resp, route_handler handler)
{
    enum vg_err e = handler(req, resp);
    if (e != VG_OK && resp->err == VG_OK)
        resp_error(resp, e, NULL);
}

/* Routing and the steps that need no body: true with req->route set to go on, false
 * when resp already holds the answer (404, 405, OPTIONS). */
static bool route_resolve(struct req *req, struct resp *resp)
{
    struct route_match m;
    if (req->app->http_only_path != NULL && strcmp(req->path, req->app->http_only_path) != 0) {
        resp_error(resp, VG_ERR_NOT_FOUND, "No such endpoint.");
        return false;
    }
    route_find(req->method, req->path, req, &m);
    if (!m.path_known) {
        bool api = strncmp(req->path, "/v1/", 4) == 0 || strcmp(req->path, "/v1") == 0;
        bool read = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
        if (route_fallback != NULL && read && !api)
            route_run(req, resp, route_fallback);
        else
            resp_error(resp, VG_ERR_NOT_FOUND, "No such endpoint.");
        return false;
    }
    if (strcmp(req->method, "OPTIONS") == 0) {
        resp_header(resp, "Allow", m.allow);
        resp_empty(resp, 204);
        return false;
    }
    if (m.route == NULL) {
        resp_header(resp, "Allow", m.allow);
        resp_errorf(resp, VG_ERR_METHOD_NOT_ALLOWED, "Method %s is not allowed here; use %s.",
                    req->method, m.allow);
        return false;
    }
    req->route = m.route;
    return true;
}

/* Whom each limit counts. The login limits are reserved by the login handler itself. */
enum limit_subject { LIMIT_SUBJECT_NONE, LIMIT_SUBJECT_KEY, LIMIT_SUBJECT_USER, LIMIT_SUBJECT_IP };

static const enum limit_subject limit_subjects[LIMIT_COUNT] = {
    [LIMIT_KEY_REQUESTS_MINUTE] = LIMIT_SUBJECT_KEY,
    [LIMIT_KEY_SCANS_DAY] = LIMIT_SUBJECT_KEY,
    [LIMIT_USER_SCANS_DAY] = LIMIT_SUBJECT_USER,
    [LIMIT_IP_SCANS_DAY] = LIMIT_SUBJECT_IP,
    [LIMIT_LOGIN_ACCOUNT] = LIMIT_SUBJECT_NONE,
    [LIMIT_LOGIN_IP] = LIMIT_SUBJECT_NONE,
    [LIMIT_ACCOUNT_MAILS_IP] = LIMIT_SUBJECT_IP,
};

const char *route_limit_subject(const struct req *req, enum limit_id id)
{
    const struct principal *p = &req->principal;
    switch ((unsigned)id < LIMIT_COUNT ? limit_subjects[id] : LIMIT_SUBJECT_NONE) {
    case LIMIT_SUBJECT_KEY:
        return p->kind == PRINCIPAL_KEY ? p->key_id : NULL;
    case LIMIT_SUBJECT_USER:
        return p->kind != PRINCIPAL_NONE ? p->user_id : NULL;
    case LIMIT_SUBJECT_IP:
        return req->client_ip;
    case LIMIT_SUBJECT_NONE:
        break;
    }
    return NULL;
}

/* Limits that count only accepted requests (the daily scan limits): a request the handler
 * refuses (4xx, 5xx) gives its count back, so a 422 never spends a day's scan. */
static const bool limit_accepted_only[LIMIT_COUNT] = {
    [LIMIT_KEY_SCANS_DAY] = true,
    [LIMIT_USER_SCANS_DAY] = true,
    [LIMIT_IP_SCANS_DAY] = true,
};

/* What a request took, to give back. */
struct route_taken {
    struct limit_result lim[LIMIT_COUNT];
    const char *subject[LIMIT_COUNT];
};

static enum vg_err route_take(struct req *req, struct resp *resp, struct route_taken *t)
{
    const struct route *r = req->route;
    int64_t now = time_now();
    for (unsigned id = 0; r != NULL && id < LIMIT_COUNT; id++) {
        const char *subject = route_limit_subject(req, (enum limit_id)id);
        if ((r->limits & ROUTE_LIMIT(id)) == 0 || subject == NULL)
            continue;
        struct limit_result lim;
        if (limits_take(req->app->store, &req->app->cfg, (enum limit_id)id, subject, now, &lim) !=
            VG_OK)
            return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
        if (!lim.allowed)
            return auth_rate_limited(resp, &lim);
        if (t != NULL && limit_accepted_only[id]) {
            t->lim[id] = lim;
            t->subject[id] = subject;
        }
    }
    return VG_OK;
}

enum vg_err route_take_limits(struct req *req, struct resp *resp)
{
    return route_take(req, resp, NULL);
}

/* Give back the accepted-only counts of a request the handler did not accept. */
static void route_give_back(struct req *req, const struct resp *resp, const struct route_taken *t)
{
    if (resp->err == VG_OK && resp->status < 300)
        return;
    for (unsigned id = 0; id < LIMIT_COUNT; id++)
        if (t->subject[id] != NULL)
            (void)limits_release(req->app->store, &t->lim[id], t->subject[id]);
}

/* Authentication, the route's limits, then (the request is accepted) the key's use. */
static enum vg_err route_admit(struct req *req, struct resp *resp, struct route_taken *t)
{
    enum vg_err e = auth_authenticate(req, resp);
    if (e == VG_OK)
        e = route_take(req, resp, t);
    if (e == VG_OK && req->principal.kind == PRINCIPAL_KEY)
        auth_key_used(req);
    return e;
}

void route_dispatch(struct req *req, struct resp *resp, int body_too_large)
{
    if (!route_resolve(req, resp))
        return;
    if (body_too_large) {
        resp_error(resp, VG_ERR_TOO_LARGE, NULL);
        return;
    }
    const struct route *r = req->route;
    if (r->handler == NULL) {
        resp_error(resp, VG_ERR_INTERNAL, NULL);
        return;
    }
    struct route_taken taken;
    memset(&taken, 0, sizeof(taken));
    if (route_parse_body(req, resp) != VG_OK || route_admit(req, resp, &taken) != VG_OK)
        return;
    route_run(req, resp, r->handler);
    route_give_back(req, resp, &taken);
}

enum vg_err route_stream_begin(struct req *req, struct resp *resp, void **state)
{
    *state = NULL;
    if (!route_resolve(req, resp))
        return resp->err != VG_OK ? resp->err : VG_ERR_CONFLICT;
    const struct route *r = req->route;
    if (r->stream == NULL)
        return resp_error(resp, VG_ERR_INTERNAL, NULL);
    enum vg_err e = route_admit(req, resp, NULL);
    if (e != VG_OK)
        return e;
    e = r->stream->begin(req, resp, state);
    if (e != VG_OK && resp->err == VG_OK)
        resp_error(resp, e, NULL);
    return e;
}
