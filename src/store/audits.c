/*
 * audits.c - every statement on audits (see audits.h).
 */
#include "store/audits.h"

#include <stdlib.h>
#include <string.h>

#include "store/row.h"
#include "store/tx.h"

/* Every audit query returns these, read by name in audit_from_row (a.* joined with the
 * scan's repository). */
#define AUDIT_COLS                                                                             \
    "a.id, a.user_id, a.scan_id, COALESCE(s.repository_id, '') AS repository_id, a.tier, "     \
    "a.status, a.provider, a.currency, a.amount_cents, a.order_id, a.capture_id, "             \
    "a.approve_url, a.pr_url, a.report_pdf_path, a.fixed_files_path, a.error_message, "        \
    "a.report_summary, a.fix_count, a.expires_at, a.paid_at, a.completed_at, a.created_at, "   \
    "a.updated_at, a.refund_id, a.refunded_at"
#define AUDIT_FROM " FROM audits a JOIN scans s ON s.id = a.scan_id"

static const struct store_order_col audit_order[] = {
    {"a.created_at", "created_at", STORE_P_INT, true},
    {"a.id", "id", STORE_P_TEXT, true},
};

static void audit_from_row(const struct store_result *r, size_t i, void *item)
{
    struct store_audit *a = item;
    memset(a, 0, sizeof(*a));
    store_row_copy(r, i, "id", a->id, sizeof(a->id));
    store_row_copy(r, i, "user_id", a->user_id, sizeof(a->user_id));
    store_row_copy(r, i, "scan_id", a->scan_id, sizeof(a->scan_id));
    store_row_copy(r, i, "repository_id", a->repository_id, sizeof(a->repository_id));
    store_row_copy(r, i, "tier", a->tier, sizeof(a->tier));
    store_row_copy(r, i, "status", a->status, sizeof(a->status));
    store_row_copy(r, i, "provider", a->provider, sizeof(a->provider));
    store_row_copy(r, i, "currency", a->currency, sizeof(a->currency));
    a->amount_cents = store_row_int(r, i, "amount_cents", 0);
    a->order_id = store_row_dup(r, i, "order_id");
    a->capture_id = store_row_dup(r, i, "capture_id");
    a->approve_url = store_row_dup(r, i, "approve_url");
    a->pr_url = store_row_dup(r, i, "pr_url");
    a->report_pdf_path = store_row_dup(r, i, "report_pdf_path");
    a->fixed_files_path = store_row_dup(r, i, "fixed_files_path");
    a->error_message = store_row_dup(r, i, "error_message");
    a->report_summary = store_row_dup(r, i, "report_summary");
    a->fix_count = store_row_int(r, i, "fix_count", 0);
    a->expires_at = store_row_int(r, i, "expires_at", 0);
    a->paid_at = store_row_int(r, i, "paid_at", 0);
    a->completed_at = store_row_int(r, i, "completed_at", 0);
    a->created_at = store_row_int(r, i, "created_at", 0);
    a->updated_at = store_row_int(r, i, "updated_at", 0);
    a->refund_id = store_row_dup(r, i, "refund_id");
    a->refunded_at = store_row_int(r, i, "refunded_at", 0);
}

void store_audit_release(struct store_audit *a)
{
    if (a == NULL)
        return;
    STORE_ROW_FREE_STRS(&a->order_id, &a->capture_id, &a->approve_url, &a->pr_url,
                        &a->report_pdf_path, &a->fixed_files_path, &a->error_message,
                        &a->report_summary, &a->refund_id);
}

void store_audit_page_release(struct store_audit_page *p)
{
    STORE_PAGE_RELEASE(p, store_audit_release);
}

bool store_audit_status_settled(const char *status)
{
    return strcmp(status, AUDIT_STATUS_COMPLETED) == 0 ||
           strcmp(status, AUDIT_STATUS_FAILED) == 0 || strcmp(status, AUDIT_STATUS_CANCELED) == 0;
}

bool store_audit_status_paid(const char *status)
{
    return strcmp(status, AUDIT_STATUS_AWAITING) != 0 &&
           strcmp(status, AUDIT_STATUS_CANCELED) != 0;
}

enum vg_err store_audits_get(struct store *st, const char *id, const char *user_id,
                             struct store_audit *out)
{
    struct store_result *r = NULL;
    enum vg_err e = store_sql_owned_row(st, "SELECT " AUDIT_COLS AUDIT_FROM, "a", user_id, id, &r);
    if (e == VG_OK)
        audit_from_row(r, 0, out);
    store_result_free(r);
    return e;
}

enum vg_err store_audits_insert(struct store *st, const struct store_audit_new *in,
                                struct store_audit *out)
{
    struct store_param p[] = {SP_TEXT(in->id),         SP_TEXT(in->user_id),
                              SP_TEXT(in->scan_id),    SP_TEXT(in->tier),
                              SP_TEXT(in->provider),   SP_TEXT(in->currency),
                              SP_INT(in->amount_cents), SP_INT(in->expires_at),
                              SP_INT(in->created_at),  SP_TEXT(AUDIT_STATUS_AWAITING)};
    enum vg_err e = store_query1(st,
                                 "INSERT INTO audits (id, user_id, scan_id, tier, provider, "
                                 "currency, amount_cents, expires_at, created_at, updated_at, "
                                 "status) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9,$10)",
                                 p, 10, NULL);
    return e != VG_OK ? e : store_audits_get(st, in->id, NULL, out);
}

enum vg_err store_audits_list(struct store *st, const char *user_id,
                              const struct store_page_req *pg, struct store_audit_page *out)
{
    memset(out, 0, sizeof(*out));
    struct store_sql q;
    store_sql_init(&q, "SELECT " AUDIT_COLS AUDIT_FROM);
    store_sql_where1(&q, "a.user_id = ?", SP_TEXT(user_id));
    void *items = NULL;
    enum vg_err e = store_page_items(st, &q, audit_order, 2, pg, sizeof(struct store_audit),
                                     audit_from_row, &items, &out->n, &out->next_cursor);
    store_sql_release(&q);
    out->items = items;
    return e;
}

enum vg_err store_audits_markdown(struct store *st, const char *id, char **out)
{
    *out = NULL;
    struct store_param p[] = {SP_TEXT(id)};
    struct store_result *r = NULL;
    enum vg_err e =
        store_query1(st, "SELECT report_markdown FROM audits WHERE id = $1", p, 1, &r);
    if (e == VG_OK && store_result_rows(r) > 0)
        *out = store_row_dup(r, 0, "report_markdown");
    store_result_free(r);
    return e;
}

enum vg_err store_audits_set_order(struct store *st, const char *id, const char *order_id,
                                   const char *approve_url)
{
    struct store_param p[] = {SP_TEXT(id), SP_TEXT_OR_NULL(order_id),
                              SP_TEXT_OR_NULL(approve_url)};
    return store_query1(st, "UPDATE audits SET order_id = $2, approve_url = $3 WHERE id = $1",
                        p, 3, NULL);
}

enum vg_err store_audits_delete_unpaid(struct store *st, const char *id)
{
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(AUDIT_STATUS_AWAITING)};
    return store_query1(st, "DELETE FROM audits WHERE id = $1 AND status = $2", p, 2, NULL);
}

#define AUDIT_EXPIRED_MESSAGE "The payment was not approved in time; request a new audit."

enum vg_err store_audits_expire(struct store *st, int64_t now, int64_t *n)
{
    struct store_param p[] = {SP_INT(now), SP_TEXT(AUDIT_STATUS_AWAITING),
                              SP_TEXT(AUDIT_STATUS_CANCELED), SP_TEXT(AUDIT_EXPIRED_MESSAGE)};
    struct store_result *r = NULL;
    /* Called on every read of an audit: a probe of the awaiting index first, so that a read
     * takes a write (a lock on SQLite) only when something is overdue. */
    enum vg_err e = store_query1(st,
                                 "SELECT 1 FROM audits WHERE status = $2 AND expires_at > 0 "
                                 "AND expires_at < $1 LIMIT 1",
                                 p, 2, &r);
    bool overdue = e == VG_OK && store_result_rows(r) > 0;
    store_result_free(r);
    r = NULL;
    if (n != NULL)
        *n = 0;
    if (!overdue)
        return e;
    e = store_query1(st,
                     "UPDATE audits SET status = $3, error_message = $4, "
                     "updated_at = $1 WHERE status = $2 AND expires_at > 0 AND "
                     "expires_at < $1",
                     p, 4, &r);
    if (n != NULL)
        *n = e == VG_OK ? (int64_t)store_result_affected(r) : 0;
    store_result_free(r);
    return e;
}

/* An event of the audit's repository (none when the scan has no repository). */
static enum vg_err audit_event(struct store_conn *c, const char *id, const char *type,
                               struct store_actor actor)
{
    struct store_param p[] = {SP_TEXT(id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query(c,
                                "SELECT a.scan_id, s.repository_id, a.tier, a.amount_cents, "
                                "a.currency, a.status, a.fix_count FROM audits a JOIN scans s "
                                "ON s.id = a.scan_id WHERE a.id = $1",
                                p, 1, &r);
    if (e == VG_OK && store_result_rows(r) > 0 && !store_row_null(r, 0, "repository_id")) {
        json_t *data = json_pack(
            "{s:s,s:s,s:I,s:s,s:s}", "audit_job_id", id, "tier", store_row_text(r, 0, "tier"),
            "amount_cents", (json_int_t)store_row_int(r, 0, "amount_cents", 0), "currency",
            store_row_text(r, 0, "currency"), "status", store_row_text(r, 0, "status"));
        e = store_event_add(NULL, c, store_row_text(r, 0, "repository_id"), type,
                            store_row_text(r, 0, "scan_id"), NULL, actor, data);
        json_decref(data);
    }
    store_result_free(r);
    return e;
}

struct audit_paid_arg {
    const char *id, *capture_id;
    int64_t now;
    struct store_actor actor;
    bool changed;
};

static enum vg_err audit_paid_tx(struct store_conn *c, void *varg)
{
    struct audit_paid_arg *a = varg;
    a->changed = false;
    struct store_param p[] = {SP_TEXT(a->id), SP_TEXT_OR_NULL(a->capture_id), SP_INT(a->now),
                              SP_TEXT(AUDIT_STATUS_AWAITING), SP_TEXT(AUDIT_STATUS_QUEUED)};
    struct store_result *r = NULL;
    enum vg_err e = store_query(c,
                                "UPDATE audits SET status = $5, capture_id = $2, paid_at = $3, "
                                "updated_at = $3 WHERE id = $1 AND status = $4",
                                p, 5, &r);
    bool changed = e == VG_OK && store_result_affected(r) > 0;
    store_result_free(r);
    if (e != VG_OK || !changed)
        return e;
    struct store_param u[] = {SP_TEXT(a->id), SP_INT(a->now)};
    e = store_query(c,
                    "INSERT INTO usage_events (id, user_id, kind, quantity, amount_cents, tier, "
                    "subject_id, created_at) SELECT CAST(gen_random_uuid() AS TEXT), user_id, "
                    "'audit', 1, amount_cents, tier, id, $2 FROM audits WHERE id = $1 "
                    "ON CONFLICT (subject_id, kind) DO NOTHING",
                    u, 2, NULL);
    if (e == VG_OK)
        e = audit_event(c, a->id, "audit.purchased", a->actor);
    a->changed = e == VG_OK;
    return e;
}

enum vg_err store_audits_paid(struct store *st, const char *id, const char *capture_id,
                              int64_t now, struct store_actor actor, bool *changed)
{
    struct audit_paid_arg a = {id, capture_id, now, actor, false};
    enum vg_err e = store_tx(st, audit_paid_tx, &a);
    *changed = e == VG_OK && a.changed;
    return e;
}

enum vg_err store_audits_cancel(struct store *st, const char *id, const char *message,
                                int64_t now, bool *changed)
{
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(message), SP_INT(now),
                              SP_TEXT(AUDIT_STATUS_AWAITING), SP_TEXT(AUDIT_STATUS_CANCELED)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "UPDATE audits SET status = $5, error_message = $2, "
                                 "updated_at = $3 WHERE id = $1 AND status = $4",
                                 p, 5, &r);
    *changed = e == VG_OK && store_result_affected(r) > 0;
    store_result_free(r);
    return e;
}

enum vg_err store_audits_progress(struct store *st, const char *id, const char *status,
                                  int64_t now)
{
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(status), SP_INT(now)};
    return store_query1(st,
                        "UPDATE audits SET status = $2, updated_at = $3 WHERE id = $1 AND "
                        "status IN ('queued', 'running', 'generating_report')",
                        p, 3, NULL);
}

enum vg_err store_audits_complete(struct store_conn *c, const char *id,
                                  const struct store_audit_report *rep, int64_t now)
{
    struct store_param p[] = {SP_TEXT(id),
                              SP_TEXT(rep->markdown),
                              SP_TEXT(rep->summary_json),
                              SP_TEXT_OR_NULL(rep->pdf_path),
                              SP_TEXT_OR_NULL(rep->fixed_files_path),
                              SP_TEXT_OR_NULL(rep->pr_url),
                              SP_INT(rep->fix_count),
                              SP_INT(now),
                              SP_TEXT(AUDIT_STATUS_COMPLETED)};
    struct store_result *r = NULL;
    enum vg_err e = store_query(
        c,
        "UPDATE audits SET status = $9, report_status = 'ready', report_markdown = $2, "
        "report_summary = $3, report_pdf_path = $4, fixed_files_path = $5, pr_url = $6, "
        "fix_count = $7, completed_at = $8, updated_at = $8, error_message = NULL WHERE id = $1 "
        "AND status IN ('queued', 'running', 'generating_report')",
        p, 9, &r);
    bool changed = e == VG_OK && store_result_affected(r) > 0;
    store_result_free(r);
    if (e == VG_OK && changed)
        e = audit_event(c, id, "audit.completed", STORE_ACTOR_SYSTEM);
    return e;
}

enum vg_err store_audits_fail(struct store_conn *c, const char *id, const char *message,
                              int64_t now)
{
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(message), SP_INT(now),
                              SP_TEXT(AUDIT_STATUS_FAILED)};
    struct store_result *r = NULL;
    enum vg_err e = store_query(
        c,
        "UPDATE audits SET status = $4, report_status = 'failed', error_message = $2, "
        "completed_at = $3, updated_at = $3 WHERE id = $1 AND status IN ('queued', 'running', "
        "'generating_report')",
        p, 4, &r);
    bool changed = e == VG_OK && store_result_affected(r) > 0;
    store_result_free(r);
    if (e == VG_OK && changed)
        e = audit_event(c, id, "audit.failed", STORE_ACTOR_SYSTEM);
    return e;
}

enum vg_err store_audits_refunded(struct store *st, const char *id, const char *refund_id,
                                  int64_t now, bool *changed)
{
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(refund_id), SP_INT(now)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "UPDATE audits SET refund_id = $2, refunded_at = $3, "
                                 "updated_at = $3 WHERE id = $1 AND status = 'failed' AND "
                                 "refunded_at IS NULL",
                                 p, 3, &r);
    *changed = e == VG_OK && store_result_affected(r) > 0;
    store_result_free(r);
    return e;
}

enum vg_err store_audits_unrefunded(struct store *st, char (*ids)[UUID_STR_LEN], size_t max,
                                    size_t *n)
{
    *n = 0;
    struct store_param p[] = {SP_INT((int64_t)max)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT id FROM audits WHERE status = 'failed' AND refunded_at "
                                 "IS NULL AND capture_id IS NOT NULL ORDER BY updated_at LIMIT $1",
                                 p, 1, &r);
    for (size_t i = 0; e == VG_OK && i < store_result_rows(r) && i < max; i++)
        store_row_copy(r, i, "id", ids[(*n)++], UUID_STR_LEN);
    store_result_free(r);
    return e;
}
