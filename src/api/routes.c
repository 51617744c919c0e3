/*
 * routes.c - the one route table: it names the handlers, so it lives with them in api/ while
 * http/ stays generic (the router, the dispatcher and the steps know no handler). See
 * http/route.h for how to add an endpoint.
 */
#include "http/route.h"

#include "api/api.h"
#include "api/git_http.h"
#include "web/static.h"

#define SMALL_BODY (16 * 1024)

/* The buckets every route an API key may call counts: v1_requests_per_key_per_minute. */
#define KEY_MINUTE ROUTE_LIMIT(LIMIT_KEY_REQUESTS_MINUTE)
#define LIMITS_FOR(a) ((a) == ROUTE_AUTH_ANY ? KEY_MINUTE : 0u)
/* Creating a scan (POST /v1/scans, /v1/repositories/{id}/scans, /v1/sessions) also counts
 * the daily scan buckets of the key, the user and the address. */
#define SCAN_CREATE_LIMITS                                                                     \
    (KEY_MINUTE | ROUTE_LIMIT(LIMIT_KEY_SCANS_DAY) | ROUTE_LIMIT(LIMIT_USER_SCANS_DAY) |       \
     ROUTE_LIMIT(LIMIT_IP_SCANS_DAY))

/* Sign-up, password-reset requests and verification resends send mail: counted per address. */
#define ACCOUNT_MAILS ROUTE_LIMIT(LIMIT_ACCOUNT_MAILS_IP)

/* Shorthands for the common row shapes: (pattern, handler, auth, scope), with the default
 * limits of their auth kind. */
#define GET(p, h, a, s) {"GET", p, h, a, s, ROUTE_BODY_NONE, 0, NULL, false, LIMITS_FOR(a)}
#define DELETE(p, h, a, s) {"DELETE", p, h, a, s, ROUTE_BODY_NONE, 0, NULL, false, LIMITS_FOR(a)}
#define POST_EMPTY(p, h, a, s)                                                                 \
    {"POST", p, h, a, s, ROUTE_BODY_NONE, 0, NULL, false, LIMITS_FOR(a)}
#define POST_JSON(p, h, a, s)                                                                  \
    {"POST", p, h, a, s, ROUTE_BODY_JSON, SMALL_BODY, NULL, false, LIMITS_FOR(a)}
#define PATCH_JSON(p, h, a, s)                                                                 \
    {"PATCH", p, h, a, s, ROUTE_BODY_JSON, SMALL_BODY, NULL, false, LIMITS_FOR(a)}

const struct route routes[] = {
    GET("/v1/healthz", api_health_live, ROUTE_AUTH_NONE, NULL),
    GET("/v1/readyz", api_health_ready, ROUTE_AUTH_NONE, NULL),
    /* The usual probe paths of load balancers and orchestrators, so a probe of /healthz gets
     * the health answer and not the dashboard's index.html (the web fallback). */
    GET("/healthz", api_health_live, ROUTE_AUTH_NONE, NULL),
    GET("/readyz", api_health_ready, ROUTE_AUTH_NONE, NULL),
    /* Prometheus: a bearer token (--metrics-token) or a loopback client, checked inside. */
    GET("/metrics", api_metrics, ROUTE_AUTH_NONE, NULL),
    GET("/v1/openapi.json", api_openapi_json, ROUTE_AUTH_NONE, NULL),
    GET("/docs", api_openapi_docs, ROUTE_AUTH_NONE, NULL),

    /* Password checks (argon2id) run on the offload pool. */
    {"POST", "/v1/auth/login", api_auth_login, ROUTE_AUTH_NONE, NULL, ROUTE_BODY_JSON,
     SMALL_BODY, NULL, true, 0},
    POST_JSON("/v1/auth/refresh", api_auth_refresh, ROUTE_AUTH_NONE, NULL),
    POST_EMPTY("/v1/auth/logout", api_auth_logout, ROUTE_AUTH_USER, NULL),
    GET("/v1/auth/me", api_auth_me, ROUTE_AUTH_ANY, NULL),
    /* Browser sessions (session.c): the refresh token in a cookie, not in the body. */
    {"POST", "/v1/auth/session", api_session_create, ROUTE_AUTH_NONE, NULL, ROUTE_BODY_JSON,
     SMALL_BODY, NULL, true, 0},
    POST_EMPTY("/v1/auth/session/refresh", api_session_refresh, ROUTE_AUTH_NONE, NULL),
    DELETE("/v1/auth/session", api_session_delete, ROUTE_AUTH_USER, NULL),
    /* Accounts (accounts.c): the two that hash a password run on the offload pool. The three
     * that send mail count account_mails_per_ip_per_hour (before any hashing or mail). */
    GET("/v1/auth/signup", api_accounts_signup_info, ROUTE_AUTH_NONE, NULL),
    {"POST", "/v1/auth/signup", api_accounts_signup, ROUTE_AUTH_NONE, NULL, ROUTE_BODY_JSON,
     SMALL_BODY, NULL, true, ACCOUNT_MAILS},
    POST_JSON("/v1/auth/verify-email", api_accounts_verify, ROUTE_AUTH_NONE, NULL),
    {"POST", "/v1/auth/verify-email/resend", api_accounts_resend, ROUTE_AUTH_USER, NULL,
     ROUTE_BODY_NONE, 0, NULL, false, ACCOUNT_MAILS},
    {"POST", "/v1/auth/password-reset", api_accounts_reset_request, ROUTE_AUTH_NONE, NULL,
     ROUTE_BODY_JSON, SMALL_BODY, NULL, false, ACCOUNT_MAILS},
    {"POST", "/v1/auth/password-reset/confirm", api_accounts_reset_confirm, ROUTE_AUTH_NONE,
     NULL, ROUTE_BODY_JSON, SMALL_BODY, NULL, true, 0},

    GET("/v1/api-keys", api_keys_list, ROUTE_AUTH_USER, NULL),
    POST_JSON("/v1/api-keys", api_keys_create, ROUTE_AUTH_USER, NULL),
    GET("/v1/api-keys/activity", api_keys_activity, ROUTE_AUTH_USER, NULL),
    DELETE("/v1/api-keys/{id}", api_keys_revoke, ROUTE_AUTH_USER, NULL),

    {"POST", "/v1/scans", api_scans_create, ROUTE_AUTH_ANY, "scans:write", ROUTE_BODY_JSON,
     SMALL_BODY, NULL, false, SCAN_CREATE_LIMITS},
    POST_EMPTY("/v1/scans/{scan_id}/start", api_scans_start, ROUTE_AUTH_ANY, "scans:write"),
    GET("/v1/scans/{scan_id}", api_scans_get, ROUTE_AUTH_ANY, "scans:read"),
    GET("/v1/scans", api_scans_list, ROUTE_AUTH_ANY, "scans:read"),
    GET("/v1/scans/{scan_id}/findings", api_scans_findings, ROUTE_AUTH_ANY, "scans:read"),

    /* Dashboard API: API keys may read with scans:read; changes are for users. */
    GET("/v1/projects", api_projects_list, ROUTE_AUTH_ANY, "scans:read"),
    POST_JSON("/v1/projects", api_projects_create, ROUTE_AUTH_USER, NULL),
    GET("/v1/projects/{id}", api_projects_get, ROUTE_AUTH_ANY, "scans:read"),
    PATCH_JSON("/v1/projects/{id}", api_projects_update, ROUTE_AUTH_USER, NULL),
    DELETE("/v1/projects/{id}", api_projects_delete, ROUTE_AUTH_USER, NULL),
    GET("/v1/projects/{id}/rollup", api_projects_rollup, ROUTE_AUTH_ANY, "scans:read"),
    GET("/v1/repositories", api_repositories_list, ROUTE_AUTH_ANY, "scans:read"),
    POST_JSON("/v1/repositories", api_repositories_create, ROUTE_AUTH_USER, NULL),
    GET("/v1/repositories/{id}", api_repositories_get, ROUTE_AUTH_ANY, "scans:read"),
    PATCH_JSON("/v1/repositories/{id}", api_repositories_update, ROUTE_AUTH_USER, NULL),
    DELETE("/v1/repositories/{id}", api_repositories_delete, ROUTE_AUTH_USER, NULL),
    {"POST", "/v1/repositories/{id}/scans", api_repositories_scan_create, ROUTE_AUTH_ANY,
     "scans:write", ROUTE_BODY_NONE, 0, NULL, false, SCAN_CREATE_LIMITS},
    GET("/v1/repositories/{id}/scans", api_repositories_scans, ROUTE_AUTH_ANY, "scans:read"),
    GET("/v1/repositories/{id}/findings", api_findings_list, ROUTE_AUTH_ANY, "scans:read"),
    GET("/v1/repositories/{id}/findings/{finding_id}", api_findings_get, ROUTE_AUTH_ANY,
        "scans:read"),
    PATCH_JSON("/v1/repositories/{id}/findings/{finding_id}", api_findings_triage,
               ROUTE_AUTH_USER, NULL),
    GET("/v1/repositories/{id}/events", api_events_list, ROUTE_AUTH_ANY, "scans:read"),
    /* Audits: users buy (API keys get 403 on the purchase endpoints); reports:read observes. */
    GET("/v1/scans/{scan_id}/audit-options", api_audits_options, ROUTE_AUTH_USER, NULL),
    POST_JSON("/v1/audits", api_audits_create, ROUTE_AUTH_USER, NULL),
    POST_EMPTY("/v1/audits/{audit_job_id}/capture", api_audits_capture, ROUTE_AUTH_USER, NULL),
    GET("/v1/audits", api_audits_list, ROUTE_AUTH_ANY, "reports:read"),
    GET("/v1/audits/{audit_job_id}", api_audits_get, ROUTE_AUTH_ANY, "reports:read"),
    GET("/v1/audits/{audit_job_id}/report", api_audits_report, ROUTE_AUTH_ANY, "reports:read"),
    /* Signed report downloads: authorised by the signature, not by a principal. */
    GET("/v1/audit-files/{audit_job_id}/{name}", api_audits_download, ROUTE_AUTH_NONE, NULL),
    GET("/v1/billing/usage", api_billing_usage, ROUTE_AUTH_USER, NULL),
    GET("/v1/billing/summary", api_billing_summary, ROUTE_AUTH_USER, NULL),

    /* Legacy sessions: a thin adapter over scans (Deprecation, Sunset, Link headers). */
    {"POST", "/v1/sessions", api_sessions_create, ROUTE_AUTH_ANY, "scans:write", ROUTE_BODY_JSON,
     SMALL_BODY, NULL, false, SCAN_CREATE_LIMITS},
    POST_EMPTY("/v1/sessions/{id}/analyze", api_sessions_analyze, ROUTE_AUTH_ANY, "scans:write"),
    GET("/v1/sessions/{id}", api_sessions_get, ROUTE_AUTH_ANY, "scans:read"),
    GET("/v1/ops/limits", api_ops_limits, ROUTE_AUTH_ADMIN, NULL),
    GET("/v1/ops/workers", api_ops_workers, ROUTE_AUTH_ADMIN, NULL),
    GET("/v1/ops/queue", api_ops_queue, ROUTE_AUTH_ADMIN, NULL),
    POST_JSON("/v1/ops/cleanup", api_ops_cleanup, ROUTE_AUTH_ADMIN, NULL),
    /* Git uploads: temporary push remotes; the pushes (git's smart HTTP) are authorised by
     * the upload's own credential (git_http.c), fetch and clone are refused. */
    POST_JSON("/v1/git-uploads", api_git_uploads_create, ROUTE_AUTH_ANY, "scans:write"),
    GET("/v1/git-uploads/{id}", api_git_uploads_get, ROUTE_AUTH_ANY, "scans:read"),
    DELETE("/v1/git-uploads/{id}", api_git_uploads_delete, ROUTE_AUTH_ANY, "scans:write"),
    GET("/v1/git/{id}/info/refs", api_git_info_refs, ROUTE_AUTH_NONE, NULL),
    {"POST", "/v1/git/{id}/git-receive-pack", NULL, ROUTE_AUTH_NONE, NULL, ROUTE_BODY_STREAM, 0,
     &api_git_receive_pack_stream, false, 0},
    /* The signed upload URL: authorised by its signature, not by a principal. */
    {"PUT", "/v1/uploads/{scan_id}", NULL, ROUTE_AUTH_NONE, NULL, ROUTE_BODY_STREAM, 0,
     &api_uploads_stream, false, 0},
};

const size_t routes_count = sizeof(routes) / sizeof(routes[0]);

/* Everything else a browser GETs: the web dashboard (src/web/). */
const route_handler route_fallback = web_serve;
