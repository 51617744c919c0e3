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

struct store_result;

/* health.c */
enum vg_err api_health_live(struct req *, struct resp *);
enum vg_err api_health_ready(struct req *, struct resp *);
/* auth.c */
enum vg_err api_auth_login(struct req *, struct resp *);
enum vg_err api_auth_refresh(struct req *, struct resp *);
enum vg_err api_auth_logout(struct req *, struct resp *);
enum vg_err api_auth_me(struct req *, struct resp *);
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
/* sessions.c (legacy; every answer carries Deprecation, Sunset and Link) */
enum vg_err api_sessions_create(struct req *, struct resp *);
enum vg_err api_sessions_analyze(struct req *, struct resp *);
enum vg_err api_sessions_get(struct req *, struct resp *);
/* uploads.c: PUT of the signed upload URL, streamed to blob storage */
struct route_stream;
extern const struct route_stream api_uploads_stream;
/* ops.c (administrators) */
enum vg_err api_ops_limits(struct req *, struct resp *);
enum vg_err api_ops_workers(struct req *, struct resp *);
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
/* An optional array of strings (max_items at most, each 1..max_chars). */
bool api_field_string_array(struct req *req, struct resp *resp, const char *field,
                            size_t max_items, size_t max_chars, bool required, json_t **out);

/* Number of Unicode code points in a valid UTF-8 string. */
size_t api_utf8_chars(const char *s);

/* ISO 8601 string for an epoch-seconds column, or JSON null when the column is NULL. */
json_t *api_time_col(const struct store_result *r, size_t row, size_t col);
json_t *api_time(int64_t t);
/* JSON string of a column, or null. */
json_t *api_str_col(const struct store_result *r, size_t row, size_t col);

/* Keyset pagination over (created_at DESC, id DESC). */
struct api_page {
    long limit;
    int64_t before_time;
    char before_id[UUID_STR_LEN];
};
/* Parse ?limit= (1..100, default 50) and ?cursor=; a 422 on bad values. */
enum vg_err api_page_parse(struct req *req, struct resp *resp, struct api_page *pg);
/* {"items": items, "next_cursor": ...}: takes items; uses the last item's created_at
 * (epoch, passed in) and id when more rows exist. */
json_t *api_page_result(json_t *items, bool more, int64_t last_time, const char *last_id);

typedef json_t *(*api_row_json)(const struct store_result *r, size_t row);
/*
 * Answer a paginated list: select_sql is "SELECT <cols, id first> FROM t WHERE user_id = $1"
 * (the owner filter); this adds the keyset condition, order and limit, renders each row
 * with row_json and the page envelope. time_col is the created_at column's index.
 */
enum vg_err api_page_list(struct req *req, struct resp *resp, const char *select_sql,
                          size_t time_col, api_row_json row_json);

/* Scopes stored as "a b c" as a JSON array. */
json_t *api_scopes_json(const char *scopes);

#endif
