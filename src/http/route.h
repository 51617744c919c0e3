/*
 * route.h - the one route table and the dispatcher that runs the shared steps before a
 * handler: 404/405 (with Allow), HEAD and OPTIONS, body caps (413), content type (415),
 * JSON parsing (400), authentication (401/403), scopes (403), rate limits (429).
 *
 * To add an endpoint:
 *   1. write `enum vg_err api_x_y(struct req *, struct resp *)` in src/api/x.c and
 *      declare it in src/api/api.h;
 *   2. add a row to routes[] in src/api/routes.c (method, pattern with {name}
 *      parameters, handler, auth kind, scope for API keys, body kind and cap, and the
 *      rate-limit buckets it counts: the shorthands give every route an API key may
 *      call the per-key minute; add others with ROUTE_LIMIT(LIMIT_...));
 *   3. describe it in docs/openapi.json (a test fails when a route is missing there).
 */
#ifndef VG_HTTP_ROUTE_H
#define VG_HTTP_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/limits.h"
#include "http/http.h"

typedef enum vg_err (*route_handler)(struct req *, struct resp *);

enum route_auth {
    ROUTE_AUTH_NONE,  /* public */
    ROUTE_AUTH_USER,  /* dashboard users only (Bearer); API keys get 403 */
    ROUTE_AUTH_ANY,   /* Bearer or X-API-Key (the key needs the route's scope) */
    ROUTE_AUTH_ADMIN, /* Bearer of an admin user */
};

enum route_body {
    ROUTE_BODY_NONE, /* a body is ignored */
    ROUTE_BODY_JSON, /* optional JSON body; when present must be application/json */
    ROUTE_BODY_STREAM, /* raw body streamed to route->stream, never held in memory */
};

/*
 * A streaming endpoint (uploads). begin runs after routing and authentication, before
 * any body byte is read: it validates the request and opens its sink (*state); an error
 * recorded in resp ends the request at once. data receives each chunk. end runs once:
 * complete=true after the last chunk (it writes the response), complete=false when the
 * client went away or an earlier step failed (it only releases the state).
 */
struct route_stream {
    enum vg_err (*begin)(struct req *, struct resp *, void **state);
    enum vg_err (*data)(struct req *, struct resp *, void *state, const char *p, size_t n);
    enum vg_err (*end)(struct req *, struct resp *, void *state, bool complete);
};

struct route {
    const char *method;
    const char *pattern;
    route_handler handler;
    enum route_auth auth;
    const char *scope; /* required API-key scope, or NULL */
    enum route_body body;
    size_t body_cap; /* 0: the configured max_body_bytes (JSON), max_upload_bytes (stream) */
    const struct route_stream *stream; /* ROUTE_BODY_STREAM only */
    /* Run the handler on the server's small offload pool (sized to the cores), never on
     * an HTTP thread: for CPU-heavy handlers (argon2id password checks), so they cannot
     * starve other requests and their concurrency is bounded. */
    bool offload;
    /* The rate-limit buckets this route counts (ROUTE_LIMIT bits of enum limit_id): the
     * dispatcher counts each against its subject (the API key, the user or the client
     * address, as route_limit_subject says) after authentication and before the handler,
     * and answers 429 on the first one exceeded. A bucket whose subject the caller does
     * not have (a key bucket for a Bearer user) is not counted. */
    unsigned limits;
};

#define ROUTE_LIMIT(id) (1u << (id))

extern const struct route routes[];
extern const size_t routes_count;
/* Answers a GET or HEAD of a path outside /v1/ that no route has (the web dashboard's
 * files and client routes); NULL: a 404. Defined with the route table. */
extern const route_handler route_fallback;

struct route_match {
    const struct route *route; /* NULL: no route for this method */
    int path_known;            /* some route has this path (405 rather than 404) */
    char allow[96];            /* methods allowed for the path, "GET, HEAD, POST" */
};

/*
 * Find the route for method and path; with req, fills req->params (backed by
 * req->param_storage). HEAD matches GET routes.
 */
void route_find(const char *method, const char *path, struct req *req, struct route_match *m);

/* Run the whole pipeline for a request whose body has been read into req->body (or
 * that exceeded its cap: body_too_large). Fills resp; never fails. */
void route_dispatch(struct req *req, struct resp *resp, int body_too_large);

/* The route for method+path without filling parameters, or NULL. */
const struct route *route_lookup(const char *method, const char *path);
/* The body cap for a request to method+path before it is routed (for early 413). */
size_t route_body_cap(const struct app *app, const char *method, const char *path);

/* The subject a limit bucket counts for this request (the key id, the user id or the
 * client address), or NULL when it does not apply to this caller. */
const char *route_limit_subject(const struct req *req, enum limit_id id);
/* Count every bucket of req->route (see struct route); VG_OK, or the 429 / 503 recorded in
 * resp. */
enum vg_err route_take_limits(struct req *req, struct resp *resp);

/* For a ROUTE_BODY_STREAM route: routing, authentication and route->stream->begin.
 * VG_OK to go on with the body; otherwise resp holds the final answer. */
enum vg_err route_stream_begin(struct req *req, struct resp *resp, void **state);

#endif
