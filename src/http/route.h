/*
 * route.h - the one route table and the dispatcher that runs the shared steps before a
 * handler: 404/405 (with Allow), HEAD and OPTIONS, body caps (413), content type (415),
 * JSON parsing (400), authentication (401/403), scopes (403), rate limits (429).
 *
 * To add an endpoint:
 *   1. write `enum vg_err api_x_y(struct req *, struct resp *)` in src/api/x.c and
 *      declare it in src/api/api.h;
 *   2. add a row to routes[] in routes.c (method, pattern with {name} parameters, handler,
 *      auth kind, scope for API keys, body kind and cap);
 *   3. describe it in docs/openapi.json (a test fails when a route is missing there).
 */
#ifndef VG_HTTP_ROUTE_H
#define VG_HTTP_ROUTE_H

#include <stddef.h>

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
};

struct route {
    const char *method;
    const char *pattern;
    route_handler handler;
    enum route_auth auth;
    const char *scope; /* required API-key scope, or NULL */
    enum route_body body;
    size_t body_cap; /* 0: the configured max_body_bytes */
};

extern const struct route routes[];
extern const size_t routes_count;

struct route_match {
    const struct route *route; /* NULL: no route for this method */
    int path_known;            /* some route has this path (405 rather than 404) */
    char allow[96];            /* methods allowed for the path, "GET, HEAD, POST" */
};

/*
 * Find the route for method and path; fills req->params (pointing into storage, which
 * must outlive req and hold at least strlen(path)+1 bytes). HEAD matches GET routes.
 */
void route_find(const char *method, const char *path, struct req *req, char *storage,
                struct route_match *m);

/* Run the whole pipeline for a request whose body has been read into req->body (or
 * that exceeded its cap: body_too_large). Fills resp; never fails. */
void route_dispatch(struct req *req, struct resp *resp, int body_too_large);

/* The body cap for a request to method+path before it is routed (for early 413). */
size_t route_body_cap(const struct app *app, const char *method, const char *path);

#endif
