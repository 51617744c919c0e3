/*
 * api.h - every endpoint handler (one file per endpoint group) and the helpers they
 * share for validation, pagination and rendering. Handlers have one shape:
 *   enum vg_err api_<group>_<action>(struct req *, struct resp *);
 */
#ifndef VG_API_API_H
#define VG_API_API_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

struct store_page_req;

/* health.c */
enum vg_err api_health_live(struct req *, struct resp *);
enum vg_err api_health_ready(struct req *, struct resp *);
enum vg_err api_metrics(struct req *, struct resp *);
/* auth.c */
enum vg_err api_auth_login(struct req *, struct resp *);
enum vg_err api_auth_refresh(struct req *, struct resp *);
enum vg_err api_auth_logout(struct req *, struct resp *);
enum vg_err api_auth_me(struct req *, struct resp *);
/* session.c: browser sessions (refresh token in an HttpOnly cookie, CSRF double submit). */
enum vg_err api_session_create(struct req *, struct resp *);
enum vg_err api_session_refresh(struct req *, struct resp *);
enum vg_err api_session_delete(struct req *, struct resp *);
/* accounts.c: sign-up, email verification, password reset (issue 14). */
enum vg_err api_accounts_signup_info(struct req *, struct resp *);
enum vg_err api_accounts_signup(struct req *, struct resp *);
enum vg_err api_accounts_verify(struct req *, struct resp *);
enum vg_err api_accounts_resend(struct req *, struct resp *);
enum vg_err api_accounts_reset_request(struct req *, struct resp *);
enum vg_err api_accounts_reset_confirm(struct req *, struct resp *);
/* api_keys.c */
enum vg_err api_keys_create(struct req *, struct resp *);
enum vg_err api_keys_list(struct req *, struct resp *);
enum vg_err api_keys_revoke(struct req *, struct resp *);
enum vg_err api_keys_activity(struct req *, struct resp *);
/* scans.c */
enum vg_err api_scans_create(struct req *, struct resp *);
enum vg_err api_scans_start(struct req *, struct resp *);
enum vg_err api_scans_get(struct req *, struct resp *);
/* Where a new scan goes: by project name (the developer API: the project and its
 * repository of that name / GitHub full name are created on first use), or an existing
 * project and repository (POST /v1/repositories/{id}/scans). */
struct api_scan_target {
    const char *project_name;
    const char *project_id;
    const char *repository_id;
    const char *source_type; /* zip | github */
    const char *github_repo_full_name;
    bool history; /* github: clone with history */
};
/* Limits, insert, file under the repository, 201 with the upload URL (zip). */
enum vg_err api_scans_create_in(struct req *, struct resp *, const struct api_scan_target *);
enum vg_err api_scans_list(struct req *, struct resp *);
enum vg_err api_scans_findings(struct req *, struct resp *);
/* projects.c */
enum vg_err api_projects_list(struct req *, struct resp *);
enum vg_err api_projects_create(struct req *, struct resp *);
enum vg_err api_projects_get(struct req *, struct resp *);
enum vg_err api_projects_update(struct req *, struct resp *);
enum vg_err api_projects_delete(struct req *, struct resp *);
enum vg_err api_projects_rollup(struct req *, struct resp *);
/* repositories.c */
enum vg_err api_repositories_list(struct req *, struct resp *);
enum vg_err api_repositories_create(struct req *, struct resp *);
enum vg_err api_repositories_get(struct req *, struct resp *);
enum vg_err api_repositories_update(struct req *, struct resp *);
enum vg_err api_repositories_delete(struct req *, struct resp *);
enum vg_err api_repositories_scan_create(struct req *, struct resp *);
enum vg_err api_repositories_scans(struct req *, struct resp *);
/* findings.c */
enum vg_err api_findings_list(struct req *, struct resp *);
enum vg_err api_findings_get(struct req *, struct resp *);
enum vg_err api_findings_triage(struct req *, struct resp *);
/* events.c */
enum vg_err api_events_list(struct req *, struct resp *);
/* billing.c (dashboard users only) */
enum vg_err api_billing_usage(struct req *, struct resp *);
enum vg_err api_billing_summary(struct req *, struct resp *);
/* audits.c (purchase: dashboard users only; observe: reports:read) */
enum vg_err api_audits_options(struct req *, struct resp *);
enum vg_err api_audits_create(struct req *, struct resp *);
enum vg_err api_audits_capture(struct req *, struct resp *);
enum vg_err api_audits_list(struct req *, struct resp *);
enum vg_err api_audits_get(struct req *, struct resp *);
enum vg_err api_audits_report(struct req *, struct resp *);
enum vg_err api_audits_download(struct req *, struct resp *);
/* sessions.c (legacy; every answer carries Deprecation, Sunset and Link) */
enum vg_err api_sessions_create(struct req *, struct resp *);
enum vg_err api_sessions_analyze(struct req *, struct resp *);
enum vg_err api_sessions_get(struct req *, struct resp *);
/* git_uploads.c: temporary git push remotes (the pushes themselves: git_http.h) */
enum vg_err api_git_uploads_create(struct req *, struct resp *);
enum vg_err api_git_uploads_get(struct req *, struct resp *);
enum vg_err api_git_uploads_delete(struct req *, struct resp *);
/* uploads.c: PUT of the signed upload URL, streamed to blob storage */
struct route_stream;
extern const struct route_stream api_uploads_stream;
/* ops.c (administrators) */
enum vg_err api_ops_limits(struct req *, struct resp *);
enum vg_err api_ops_workers(struct req *, struct resp *);
enum vg_err api_ops_queue(struct req *, struct resp *);
enum vg_err api_ops_cleanup(struct req *, struct resp *);
/* openapi.c */
enum vg_err api_openapi_json(struct req *, struct resp *);
enum vg_err api_openapi_docs(struct req *, struct resp *);

/*
 * Body field validators: on a problem they add a field error to resp and return false;
 * the handler checks resp_validation_result() once after all fields. *out is borrowed
 * from req->json. A missing optional field leaves *out NULL and returns true.
 */
bool api_field_string(struct req *req, struct resp *resp, const char *field, size_t min_chars,
                      size_t max_chars, bool required, const char **out);
/* A display name (projects, repositories, API keys): a string of 1..max_chars code points
 * without control characters (C0, DEL, C1, U+2028/9, bidi overrides) and not only
 * whitespace. A 422 field error otherwise. */
bool api_field_name(struct req *req, struct resp *resp, const char *field, size_t max_chars,
                    bool required, const char **out);
/* Why s is not an acceptable name (the 422 message), or NULL when it is. */
const char *api_name_problem(const char *s);
/* An optional array of strings (max_items at most, each 1..max_chars). */
bool api_field_string_array(struct req *req, struct resp *resp, const char *field,
                            size_t max_items, size_t max_chars, bool required, json_t **out);

/* Number of Unicode code points in a valid UTF-8 string. */
size_t api_utf8_chars(const char *s);

/* ISO 8601 string for epoch seconds; api_time_or_null gives JSON null for 0 (the store's
 * "SQL NULL" time). */
json_t *api_time(int64_t t);
json_t *api_time_or_null(int64_t t);
/* JSON string of s, or null when s is NULL. */
json_t *api_str(const char *s);

/*
 * Lists (API.md): ?limit= 1..200 (default 50; otherwise 422) and ?cursor= (borrowed from
 * the request; validated by the store, see api_page_fail). Fills pg for store_page.
 */
enum vg_err api_page_parse(struct req *req, struct resp *resp, struct store_page_req *pg);
/* The answer to a failed list query: 400 "Invalid cursor" for VG_ERR_BAD_REQUEST (a
 * malformed cursor), 503 otherwise. */
enum vg_err api_page_fail(struct resp *resp, enum vg_err e);
/* Answer 200 {"items": items, "next_cursor": next or null}; takes items, borrows next. */
enum vg_err api_page_answer(struct resp *resp, json_t *items, const char *next_cursor);
/* Answer a typed store page {items, n, next_cursor} (src/store/page.h): each item through
 * to_json, then release(page); e receives api_page_answer's result. */
#define API_PAGE_RENDER(e, resp, page, to_json, release)                                     \
    do {                                                                                     \
        json_t *items_ = json_array();                                                       \
        for (size_t i_ = 0; i_ < (page)->n; i_++)                                            \
            json_array_append_new(items_, to_json(&(page)->items[i_]));                      \
        (e) = api_page_answer((resp), items_, (page)->next_cursor);                          \
        release(page);                                                                       \
    } while (0)

/* Scopes stored as "a b c" as a JSON array. */
json_t *api_scopes_json(const char *scopes);

#endif
