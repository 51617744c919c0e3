/*
 * scans.c - every statement on `scans` and `findings` (see scans.h). Status strings are
 * parameters from status.h, never literals in the SQL.
 */
#include "store/scans.h"

#include <stdlib.h>
#include <string.h>

#include "store/page.h"
#include "store/row.h"
#include "util/xalloc.h"

#define SCAN_COLS                                                                              \
    "id, user_id, project_id, repository_id, api_key_id, status, source_type, "                \
    "github_repo_full_name, upload_storage_path, upload_version, upload_expires_at, "          \
    "upload_received_at, upload_bytes, total_files, included_files, ignored_files, "           \
    "risky_skipped_files, "                                                                    \
    "total_bytes, included_bytes, total_lines, dependency_count, languages, "                  \
    "complexity_score, complexity_label, launch_readiness_score, findings_summary, "           \
    "error_message, created_at, started_at, completed_at, history"

#define FINDING_COLS                                                                           \
    "id, fingerprint, rule_id, severity, category, title, description, recommendation, "       \
    "file_path, line_start, line_end, masked_evidence, confidence, introduced_sha, "          \
    "introduced_author, introduced_at, in_head"

static const char *status_param(enum scan_status s) { return scan_status_name(s); }

static void scan_from_row(const struct store_result *r, size_t i, struct store_scan *s)
{
    memset(s, 0, sizeof(*s));
    store_row_copy(r, i, "id", s->id, sizeof(s->id));
    store_row_copy(r, i, "user_id", s->user_id, sizeof(s->user_id));
    store_row_copy(r, i, "project_id", s->project_id, sizeof(s->project_id));
    store_row_copy(r, i, "repository_id", s->repository_id, sizeof(s->repository_id));
    store_row_copy(r, i, "api_key_id", s->api_key_id, sizeof(s->api_key_id));
    if (!scan_status_parse(store_row_text(r, i, "status"), &s->status))
        s->status = SCAN_STATUS_FAILED; /* a status this build does not know: not runnable */
    store_row_copy(r, i, "source_type", s->source_type, sizeof(s->source_type));
    s->github_repo_full_name = store_row_dup(r, i, "github_repo_full_name");
    s->upload_storage_path = store_row_dup(r, i, "upload_storage_path");
    s->upload_version = store_row_dup(r, i, "upload_version");
    s->upload_expires_at = store_row_int(r, i, "upload_expires_at", 0);
    s->upload_received_at = store_row_int(r, i, "upload_received_at", 0);
    s->upload_bytes = store_row_int(r, i, "upload_bytes", 0);
    s->total_files = store_row_int(r, i, "total_files", 0);
    s->included_files = store_row_int(r, i, "included_files", 0);
    s->ignored_files = store_row_int(r, i, "ignored_files", 0);
    s->risky_skipped_files = store_row_int(r, i, "risky_skipped_files", 0);
    s->total_bytes = store_row_int(r, i, "total_bytes", 0);
    s->included_bytes = store_row_int(r, i, "included_bytes", 0);
    s->total_lines = store_row_int(r, i, "total_lines", 0);
    s->dependency_count = store_row_int(r, i, "dependency_count", 0);
    s->languages = store_row_dup(r, i, "languages");
    s->has_complexity_score = !store_row_null(r, i, "complexity_score");
    s->complexity_score = store_row_real(r, i, "complexity_score", 0);
    s->complexity_label = store_row_dup(r, i, "complexity_label");
    s->has_launch_readiness_score = !store_row_null(r, i, "launch_readiness_score");
    s->launch_readiness_score = store_row_real(r, i, "launch_readiness_score", 0);
    s->findings_summary = store_row_dup(r, i, "findings_summary");
    s->error_message = store_row_dup(r, i, "error_message");
    s->created_at = store_row_int(r, i, "created_at", 0);
    s->started_at = store_row_int(r, i, "started_at", 0);
    s->completed_at = store_row_int(r, i, "completed_at", 0);
    s->history = store_row_int(r, i, "history", 0) != 0;
}

void store_scan_release(struct store_scan *s)
{
    if (s == NULL)
        return;
    free(s->github_repo_full_name);
    free(s->upload_storage_path);
    free(s->upload_version);
    free(s->languages);
    free(s->complexity_label);
    free(s->findings_summary);
    free(s->error_message);
    memset(s, 0, sizeof(*s));
}

void store_scan_finding_from_row(const struct store_result *r, size_t i, void *item)
{
    struct store_scan_finding *f = item;
    memset(f, 0, sizeof(*f));
    f->id = store_row_dup(r, i, "id");
    f->fingerprint = store_row_dup(r, i, "fingerprint");
    f->rule_id = store_row_dup(r, i, "rule_id");
    f->severity = store_row_dup(r, i, "severity");
    f->category = store_row_dup(r, i, "category");
    f->title = store_row_dup(r, i, "title");
    f->description = store_row_dup(r, i, "description");
    f->recommendation = store_row_dup(r, i, "recommendation");
    f->file_path = store_row_dup(r, i, "file_path");
    f->line_start = store_row_int(r, i, "line_start", 0);
    f->line_end = store_row_int(r, i, "line_end", 0);
    f->masked_evidence = store_row_dup(r, i, "masked_evidence");
    f->confidence = store_row_dup(r, i, "confidence");
    if (!store_row_null(r, i, "introduced_sha")) {
        f->introduced_sha = store_row_dup(r, i, "introduced_sha");
        f->introduced_author = store_row_dup(r, i, "introduced_author");
        f->introduced_at = store_row_int(r, i, "introduced_at", 0);
        f->in_head = store_row_int(r, i, "in_head", 0) != 0;
    }
}

void store_scan_finding_release(struct store_scan_finding *f)
{
    if (f == NULL)
        return;
    STORE_ROW_FREE_STRS(&f->id, &f->fingerprint, &f->rule_id, &f->severity, &f->category,
                        &f->title, &f->description, &f->recommendation, &f->file_path,
                        &f->masked_evidence, &f->confidence, &f->introduced_sha,
                        &f->introduced_author);
}

static void scan_item_from_row(const struct store_result *r, size_t i, void *item)
{
    scan_from_row(r, i, item);
}

void store_scan_page_release(struct store_scan_page *p)
{
    STORE_PAGE_RELEASE(p, store_scan_release);
}

void store_scan_finding_page_release(struct store_scan_finding_page *p)
{
    STORE_PAGE_RELEASE(p, store_scan_finding_release);
}

void store_scan_findings_release(struct store_scan_findings *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->n; i++)
        store_scan_finding_release(&f->items[i]);
    free(f->items);
    memset(f, 0, sizeof(*f));
}

enum vg_err store_scans_insert(struct store *st, const struct store_scan_new *in)
{
    struct store_param p[] = {SP_TEXT(in->id),
                              SP_TEXT(in->user_id),
                              SP_TEXT(in->project_id),
                              SP_TEXT_OR_NULL(in->repository_id),
                              SP_TEXT_OR_NULL(in->api_key_id),
                              SP_TEXT(in->source_type),
                              SP_TEXT_OR_NULL(in->github_repo_full_name),
                              SP_TEXT(status_param(SCAN_STATUS_QUEUED)),
                              SP_TEXT_OR_NULL(in->upload_storage_path),
                              in->upload_expires_at ? SP_INT(in->upload_expires_at) : SP_NULL,
                              SP_INT(in->created_at)};
    return store_query1(st,
                        "INSERT INTO scans (id, user_id, project_id, repository_id, api_key_id, "
                        "source_type, github_repo_full_name, status, upload_storage_path, "
                        "upload_expires_at, total_files, included_files, ignored_files, "
                        "risky_skipped_files, total_bytes, included_bytes, created_at) "
                        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,0,0,0,0,0,0,$11)",
                        p, 11, NULL);
}

enum vg_err store_scans_get(struct store *st, const char *id, const char *user_id,
                            struct store_scan *out)
{
    struct store_result *r = NULL;
    enum vg_err e = store_sql_owned_row(st, "SELECT " SCAN_COLS " FROM scans", "scans", user_id, id, &r);
    if (e == VG_OK)
        scan_from_row(r, 0, out);
    store_result_free(r);
    return e;
}

/* Run a write on c (or a pooled connection when c is NULL); VG_ERR_CONFLICT when it
 * changed no row. */
static enum vg_err scans_write(struct store *st, struct store_conn *c, const char *sql,
                               const struct store_param *p, size_t n, bool must_change)
{
    struct store_result *r = NULL;
    enum vg_err e = c ? store_query(c, sql, p, n, &r) : store_query1(st, sql, p, n, &r);
    if (e == VG_OK && must_change && store_result_affected(r) == 0)
        e = VG_ERR_CONFLICT;
    store_result_free(r);
    return e;
}

enum vg_err store_scans_mark_started(struct store *st, const char *id, int64_t now)
{
    struct store_param p[] = {SP_INT(now), SP_TEXT(id), SP_TEXT(status_param(SCAN_STATUS_QUEUED))};
    return scans_write(st, NULL,
                       "UPDATE scans SET started_at = COALESCE(started_at, $1) WHERE id = $2 "
                       "AND status = $3 AND (source_type <> 'zip' OR "
                       "upload_received_at IS NOT NULL)",
                       p, 3, true);
}

enum vg_err store_scans_upload_landed(struct store_conn *c, const char *id, int64_t now,
                                      int64_t bytes, const char *version)
{
    struct store_param p[] = {SP_INT(now), SP_INT(bytes), SP_TEXT(id),
                              SP_TEXT(status_param(SCAN_STATUS_QUEUED)),
                              SP_TEXT_OR_NULL(version && version[0] ? version : NULL)};
    return scans_write(NULL, c,
                       "UPDATE scans SET upload_received_at = $1, upload_bytes = $2, "
                       "upload_version = $5 WHERE id = $3 AND status = $4 AND started_at IS NULL",
                       p, 5, true);
}

enum vg_err store_scans_set_status(struct store *st, const char *id, enum scan_status status)
{
    struct store_param p[] = {SP_TEXT(status_param(status)), SP_TEXT(id),
                              SP_TEXT(status_param(SCAN_STATUS_COMPLETE)),
                              SP_TEXT(status_param(SCAN_STATUS_FAILED))};
    return scans_write(st, NULL,
                       "UPDATE scans SET status = $1 WHERE id = $2 AND status NOT IN ($3, $4)",
                       p, 4, false);
}

enum vg_err store_scans_progress(struct store *st, const char *id,
                                 const struct store_scan_counts *c)
{
    struct store_param p[] = {SP_INT(c->total_files),
                              SP_INT(c->included_files),
                              SP_INT(c->ignored_files),
                              SP_INT(c->risky_skipped_files),
                              SP_INT(c->total_bytes),
                              SP_INT(c->included_bytes),
                              SP_TEXT(id),
                              SP_TEXT(status_param(SCAN_STATUS_SCANNING))};
    return scans_write(st, NULL,
                       "UPDATE scans SET total_files = $1, included_files = $2, "
                       "ignored_files = $3, risky_skipped_files = $4, total_bytes = $5, "
                       "included_bytes = $6 WHERE id = $7 AND status = $8",
                       p, 8, false);
}

enum vg_err store_scans_complete(struct store_conn *c, const char *id,
                                 const struct store_scan_outcome *o)
{
    struct store_param p[] = {SP_TEXT(status_param(SCAN_STATUS_COMPLETE)),
                              SP_INT(o->counts.total_files),
                              SP_INT(o->counts.included_files),
                              SP_INT(o->counts.ignored_files),
                              SP_INT(o->counts.risky_skipped_files),
                              SP_INT(o->counts.total_bytes),
                              SP_INT(o->counts.included_bytes),
                              SP_INT(o->total_lines),
                              SP_TEXT_OR_NULL(o->languages),
                              SP_INT(o->dependency_count),
                              SP_TEXT_OR_NULL(o->complexity_score),
                              SP_TEXT_OR_NULL(o->complexity_label),
                              SP_TEXT_OR_NULL(o->launch_readiness_score),
                              SP_TEXT_OR_NULL(o->findings_summary),
                              SP_INT(o->completed_at),
                              SP_TEXT(id)};
    return scans_write(
        NULL, c,
        "UPDATE scans SET status = $1, total_files = $2, included_files = $3, "
        "ignored_files = $4, risky_skipped_files = $5, total_bytes = $6, included_bytes = $7, "
        "total_lines = $8, languages = $9, dependency_count = $10, complexity_score = $11, "
        "complexity_label = $12, launch_readiness_score = $13, findings_summary = $14, "
        "completed_at = $15, error_message = NULL WHERE id = $16",
        p, 16, false);
}

enum vg_err store_scans_fail(struct store_conn *c, const char *id, const char *message,
                             int64_t now)
{
    struct store_param p[] = {SP_TEXT(status_param(SCAN_STATUS_FAILED)), SP_TEXT(message),
                              SP_INT(now), SP_TEXT(id)};
    return scans_write(NULL, c,
                       "UPDATE scans SET status = $1, error_message = $2, completed_at = $3 "
                       "WHERE id = $4",
                       p, 4, false);
}

enum vg_err store_scans_findings_replace(struct store_conn *c, const char *scan_id,
                                         const struct store_scan_finding_new *f, size_t n,
                                         int64_t now)
{
    struct store_param pd[] = {SP_TEXT(scan_id)};
    enum vg_err e = store_query(c, "DELETE FROM findings WHERE scan_id = $1", pd, 1, NULL);
    for (size_t i = 0; e == VG_OK && i < n; i++) {
        char id[UUID_STR_LEN];
        if (f[i].id == NULL)
            rand_uuid(id);
        struct store_param p[] = {SP_TEXT(f[i].id ? f[i].id : id),
                                  SP_TEXT(scan_id),
                                  SP_TEXT(f[i].fingerprint),
                                  SP_TEXT(f[i].rule_id),
                                  SP_TEXT(f[i].severity),
                                  SP_TEXT(f[i].category),
                                  SP_TEXT(f[i].title),
                                  SP_TEXT(f[i].description),
                                  SP_TEXT_OR_NULL(f[i].recommendation),
                                  SP_TEXT(f[i].file_path),
                                  SP_INT(f[i].line_start),
                                  SP_INT(f[i].line_end),
                                  SP_TEXT_OR_NULL(f[i].masked_evidence),
                                  SP_TEXT(f[i].confidence),
                                  SP_INT(now),
                                  SP_TEXT_OR_NULL(f[i].introduced_sha),
                                  SP_TEXT_OR_NULL(f[i].introduced_author),
                                  f[i].introduced_sha ? SP_INT(f[i].introduced_at) : SP_NULL,
                                  f[i].introduced_sha ? SP_INT(f[i].in_head ? 1 : 0) : SP_NULL};
        e = store_query(c,
                        "INSERT INTO findings (id, scan_id, fingerprint, rule_id, severity, "
                        "category, title, description, recommendation, file_path, line_start, "
                        "line_end, masked_evidence, confidence, created_at, introduced_sha, "
                        "introduced_author, introduced_at, in_head) VALUES "
                        "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19) "
                        "ON CONFLICT (scan_id, fingerprint, file_path, line_start) DO NOTHING",
                        p, 19, NULL);
    }
    return e;
}

enum vg_err store_scans_findings_all(struct store *st, const char *scan_id,
                                     struct store_scan_findings *out)
{
    memset(out, 0, sizeof(*out));
    struct store_param p[] = {SP_TEXT(scan_id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(
        st,
        "SELECT " FINDING_COLS " FROM findings WHERE scan_id = $1 ORDER BY "
        STORE_SEVERITY_RANK("severity") ", file_path, line_start, rule_id",
        p, 1, &r);
    if (e != VG_OK)
        return e;
    out->n = store_result_rows(r);
    out->items = xcalloc(out->n ? out->n : 1, sizeof(*out->items));
    for (size_t i = 0; i < out->n; i++)
        store_scan_finding_from_row(r, i, &out->items[i]);
    store_result_free(r);
    return VG_OK;
}

enum vg_err store_scans_set_history(struct store *st, const char *id)
{
    struct store_param p[] = {SP_TEXT(id)};
    return store_query1(st, "UPDATE scans SET history = 1 WHERE id = $1", p, 1, NULL);
}

enum vg_err store_scans_page(struct store *st, const struct store_scans_filter *f,
                             struct store_scan_page *out)
{
    static const struct store_order_col order[] = {
        {"created_at", "created_at", STORE_P_INT, true}, {"id", "id", STORE_P_TEXT, true}};
    memset(out, 0, sizeof(*out));
    struct store_sql q;
    store_sql_init(&q, "SELECT " SCAN_COLS " FROM scans");
    store_sql_where1(&q, "user_id = ?", SP_TEXT(f->user_id));
    if (f->project_id)
        store_sql_where1(&q, "project_id = ?", SP_TEXT(f->project_id));
    if (f->repository_id)
        store_sql_where1(&q, "repository_id = ?", SP_TEXT(f->repository_id));
    store_sql_where_in(&q, "status", f->status, f->nstatus);
    void *items = NULL;
    enum vg_err e = store_page_items(st, &q, order, 2, &f->page, sizeof(struct store_scan),
                                     scan_item_from_row, &items, &out->n, &out->next_cursor);
    store_sql_release(&q);
    out->items = items;
    return e;
}

enum vg_err store_scans_findings_page(struct store *st, const char *user_id, const char *scan_id,
                                      const struct store_page_req *pg,
                                      struct store_scan_finding_page *out)
{
    memset(out, 0, sizeof(*out));
    struct store_param p[] = {SP_TEXT(scan_id), SP_TEXT(user_id)};
    struct store_result *r = NULL;
    enum vg_err e =
        store_query1(st, "SELECT 1 FROM scans WHERE id = $1 AND user_id = $2", p, 2, &r);
    if (e != VG_OK)
        return e;
    bool found = store_result_rows(r) == 1;
    store_result_free(r);
    if (!found)
        return VG_ERR_NOT_FOUND;
    static const struct store_order_col order[] = {
        {STORE_SEVERITY_RANK("severity"), "_rank", STORE_P_INT, false},
        {"id", "id", STORE_P_TEXT, false}};
    struct store_sql q;
    store_sql_init(&q, "SELECT " FINDING_COLS ", " STORE_SEVERITY_RANK("severity")
                       " AS _rank FROM findings");
    store_sql_where1(&q, "scan_id = ?", SP_TEXT(scan_id));
    void *items = NULL;
    e = store_page_items(st, &q, order, 2, pg, sizeof(struct store_scan_finding),
                         store_scan_finding_from_row, &items, &out->n, &out->next_cursor);
    store_sql_release(&q);
    out->items = items;
    return e;
}
