/*
 * audits.h - the audits table: a purchased audit of one complete scan, from its quote and
 * payment to its report. Every statement on audits lives in audits.c.
 *
 * Status (strings, AUDIT_STATUS_*): awaiting_payment -> queued (paid) -> running ->
 * generating_report -> completed | failed; canceled when the payment was declined, never
 * approved before expires_at, or captured for the wrong amount. The settling writes
 * (paid, completed, failed) are conditional on the status they move from, so a replayed
 * capture, a double mark-paid or a job that runs twice changes nothing the second time,
 * and each writes its usage row and event once.
 *
 * Times are epoch seconds, 0 for SQL NULL. Functions return VG_OK, VG_ERR_NOT_FOUND where
 * stated (a missing audit or another user's alike), or the store's errors.
 */
#ifndef VG_STORE_AUDITS_H
#define VG_STORE_AUDITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/events.h"
#include "store/page.h"
#include "util/rand.h"

#define AUDIT_STATUS_AWAITING "awaiting_payment"
#define AUDIT_STATUS_QUEUED "queued"
#define AUDIT_STATUS_RUNNING "running"
#define AUDIT_STATUS_GENERATING "generating_report"
#define AUDIT_STATUS_COMPLETED "completed"
#define AUDIT_STATUS_FAILED "failed"
#define AUDIT_STATUS_CANCELED "canceled"

struct store_audit {
    char id[UUID_STR_LEN];
    char user_id[UUID_STR_LEN];
    char scan_id[UUID_STR_LEN];
    char repository_id[UUID_STR_LEN]; /* the scan's; "" when none */
    char tier[24];
    char status[24];
    char provider[16];
    char currency[8];
    int64_t amount_cents;
    char *order_id;         /* owned, may be NULL */
    char *capture_id;       /* owned, may be NULL */
    char *approve_url;      /* owned, may be NULL */
    char *pr_url;           /* owned, may be NULL */
    char *report_pdf_path;  /* owned blob key, may be NULL */
    char *fixed_files_path; /* owned blob key, may be NULL */
    char *error_message;    /* owned, may be NULL; written for users */
    char *report_summary;   /* owned JSON text, may be NULL */
    int64_t fix_count;
    int64_t expires_at, paid_at, completed_at, created_at, updated_at;
    char *refund_id;     /* owned, may be NULL: the provider's refund of a failed audit */
    int64_t refunded_at; /* 0: not refunded */
};

struct store_audit_new {
    const char *id, *user_id, *scan_id, *tier, *provider, *currency;
    int64_t amount_cents, expires_at, created_at;
};

struct store_audit_page {
    struct store_audit *items; /* owned */
    size_t n;
    char *next_cursor; /* owned; NULL on the last page */
};

/* What a finished audit stores (borrowed). */
struct store_audit_report {
    const char *markdown;
    const char *summary_json;
    const char *pdf_path;
    const char *fixed_files_path; /* NULL: none */
    const char *pr_url;           /* NULL: none */
    int64_t fix_count;
};

void store_audit_release(struct store_audit *a);
void store_audit_page_release(struct store_audit_page *p);

/* Insert an audit awaiting payment; *out receives the row. */
enum vg_err store_audits_insert(struct store *st, const struct store_audit_new *in,
                                struct store_audit *out);
/* The audit id (of user_id; NULL: anyone's). VG_ERR_NOT_FOUND when missing. */
enum vg_err store_audits_get(struct store *st, const char *id, const char *user_id,
                             struct store_audit *out);
/* The user's audits, newest first. VG_ERR_BAD_REQUEST for a malformed cursor. */
enum vg_err store_audits_list(struct store *st, const char *user_id,
                              const struct store_page_req *pg, struct store_audit_page *out);
/* The report's markdown (caller frees; NULL when none yet). */
enum vg_err store_audits_markdown(struct store *st, const char *id, char **out);
/* Record the provider's order and the buyer's approval page. */
enum vg_err store_audits_set_order(struct store *st, const char *id, const char *order_id,
                                   const char *approve_url);
/* Drop an audit whose order could not be created (nothing was charged). */
enum vg_err store_audits_delete_unpaid(struct store *st, const char *id);
/* Cancel every audit still awaiting payment after its expires_at; *n how many. */
enum vg_err store_audits_expire(struct store *st, int64_t now, int64_t *n);
/*
 * Settle the payment: awaiting_payment -> queued with capture_id, paid_at, one usage_events
 * row (kind audit, the amount and tier) and the audit.purchased event, in one transaction.
 * *changed is false when the audit had already left awaiting_payment (a replay).
 */
enum vg_err store_audits_paid(struct store *st, const char *id, const char *capture_id,
                              int64_t now, struct store_actor actor, bool *changed);
/* awaiting_payment -> canceled with message. *changed false when it was not awaiting. */
enum vg_err store_audits_cancel(struct store *st, const char *id, const char *message,
                                int64_t now, bool *changed);
/* Move a paid, unsettled audit to status (running, generating_report). */
enum vg_err store_audits_progress(struct store *st, const char *id, const char *status,
                                  int64_t now);
/* On c, inside the job's transaction: completed with the report and audit.completed. */
enum vg_err store_audits_complete(struct store_conn *c, const char *id,
                                  const struct store_audit_report *rep, int64_t now);
/* On c, inside the job's transaction: failed with a message and audit.failed. */
enum vg_err store_audits_fail(struct store_conn *c, const char *id, const char *message,
                              int64_t now);

/* Whether a settled status (completed, failed, canceled). */
bool store_audit_status_settled(const char *status);
/* Record the refund of a failed audit (once: *changed false when already recorded). */
enum vg_err store_audits_refunded(struct store *st, const char *id, const char *refund_id,
                                  int64_t now, bool *changed);
/* Up to max failed audits with a capture and no refund yet (ids, *n of them). */
enum vg_err store_audits_unrefunded(struct store *st, char (*ids)[UUID_STR_LEN], size_t max,
                                    size_t *n);
/* Whether the audit was paid (queued or later, not canceled). */
bool store_audit_status_paid(const char *status);

#endif
