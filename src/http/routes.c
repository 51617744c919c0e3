/*
 * routes.c - the one route table. See route.h for how to add an endpoint.
 */
#include "http/route.h"

#include "api/api.h"

#define SMALL_BODY (16 * 1024)

const struct route routes[] = {
    /* method, pattern, handler, auth, scope, body, body cap */
    {"GET", "/v1/healthz", api_health_live, ROUTE_AUTH_NONE, NULL, ROUTE_BODY_NONE, 0},
    {"GET", "/v1/readyz", api_health_ready, ROUTE_AUTH_NONE, NULL, ROUTE_BODY_NONE, 0},
    {"GET", "/v1/openapi.json", api_openapi_json, ROUTE_AUTH_NONE, NULL, ROUTE_BODY_NONE, 0},
    {"GET", "/docs", api_openapi_docs, ROUTE_AUTH_NONE, NULL, ROUTE_BODY_NONE, 0},

    {"POST", "/v1/auth/login", api_auth_login, ROUTE_AUTH_NONE, NULL, ROUTE_BODY_JSON,
     SMALL_BODY},
    {"POST", "/v1/auth/refresh", api_auth_refresh, ROUTE_AUTH_NONE, NULL, ROUTE_BODY_JSON,
     SMALL_BODY},
    {"POST", "/v1/auth/logout", api_auth_logout, ROUTE_AUTH_USER, NULL, ROUTE_BODY_NONE, 0},
    {"GET", "/v1/auth/me", api_auth_me, ROUTE_AUTH_ANY, NULL, ROUTE_BODY_NONE, 0},

    {"GET", "/v1/api-keys", api_keys_list, ROUTE_AUTH_USER, NULL, ROUTE_BODY_NONE, 0},
    {"POST", "/v1/api-keys", api_keys_create, ROUTE_AUTH_USER, NULL, ROUTE_BODY_JSON,
     SMALL_BODY},
    {"GET", "/v1/api-keys/activity", api_keys_activity, ROUTE_AUTH_USER, NULL,
     ROUTE_BODY_NONE, 0},
    {"DELETE", "/v1/api-keys/{id}", api_keys_revoke, ROUTE_AUTH_USER, NULL, ROUTE_BODY_NONE,
     0},
};

const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
