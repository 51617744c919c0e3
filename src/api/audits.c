/*
 * audits.c - audits and their payment (API.md "Audits and payments"; seed shapes for
 * GET /v1/audits/{id} and /report):
 *   GET  /v1/scans/{scan_id}/audit-options   the three tiers priced for a complete scan
 *   POST /v1/audits                          buy {scan_id, tier}: an order to approve
 *   POST /v1/audits/{audit_job_id}/capture   settle the approved payment -> queued
 *   GET  /v1/audits                          the user's audits
 *   GET  /v1/audits/{audit_job_id}           status (API keys with reports:read too)
 *   GET  /v1/audits/{audit_job_id}/report    the report with fresh signed links
 *   GET  /v1/audit-files/{audit_job_id}/{name}?expires=&signature=   a signed download
 * Buying is for dashboard users: the route table gives API keys 403 on the first three.
 * Another user's audit or scan is "not found", like a missing one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "api/listing.h"
#include "app/app.h"
#include "audit/quote.h"
#include "audit/report.h"
#include "audit/seal.h"
#include "blob/blob.h"
#include "jobs/cleanup.h"
#include "jobs/queue.h"
#include "pay/pay.h"
#include "store/audits.h"
#include "store/page.h"
#include "store/scans.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define AUDIT_NOT_FOUND "Audit not found"
#define AUDIT_DOWNLOAD_MAX ((uint64_t)256 * 1024 * 1024)

/* ---- quotes ---- */

static void audits_quote_input(const struct store_scan *s, struct audit_quote_input *in)
{
    memset(in, 0, sizeof *in);
    in->complexity_score = s->has_complexity_score ? s->complexity_score : 0;
    in->included_bytes = s->included_bytes;
    json_t *sum = s->findings_summary ? json_loads(s->findings_summary, 0, NULL) : NULL;
    json_t *by = json_object_get(sum, "findings_by_severity");
    static const char *const sev[5] = {"critical", "high", "medium", "low", "info"};
    for (size_t i = 0; i < 5; i++)
        in->by_severity[i] = json_integer_value(json_object_get(by, sev[i]));
    json_decref(sum);
}

/* The caller's complete scan named by param; 404 / 409 answered here. */
static enum vg_err audits_complete_scan(struct req *req, struct resp *resp, const char *id,
                                        struct store_scan *out)
{
    if (!uuid_valid(id))
        return resp_error(resp, VG_ERR_NOT_FOUND, "Scan not found");
    enum vg_err e = store_scans_get(req->app->store, id, req->principal.user_id, out);
    if (e == VG_ERR_NOT_FOUND)
        return resp_error(resp, VG_ERR_NOT_FOUND, "Scan not found");
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    if (out->status != SCAN_STATUS_COMPLETE) {
        e = resp_errorf(resp, VG_ERR_CONFLICT,
                        "Audits are quoted for complete scans only (this scan is %s).",
                        scan_status_name(out->status));
        store_scan_release(out);
    }
    return e;
}

static int64_t audits_price(struct req *req, enum audit_tier t, const struct store_scan *s)
{
    int64_t base[AUDIT_TIERS];
    if (!audit_prices_parse(req->app->cfg.audit_prices, base)) /* checked at start-up */
        return 0;
    struct audit_quote_input in;
    audits_quote_input(s, &in);
    return audit_quote_cents(base[t], &in);
}

/* The code of a scan is kept for an audit only for a while (docs/audits.md "Customer
 * code"): when it is gone, 409 with the reason (the scan is released). */
#define AUDIT_SOURCE_GONE                                                                          \
    "The scan's code is no longer kept, so it cannot be audited: Vega deletes it when the "       \
    "scan ends, or (with --retain-uploads) once its audit window of %u s has passed without a "   \
    "paid audit or a paid audit has ended. Scan the code again to buy an audit."

static enum vg_err audits_source_gone(struct req *req, struct resp *resp, struct store_scan *s)
{
    store_scan_release(s);
    return resp_errorf(resp, VG_ERR_CONFLICT, AUDIT_SOURCE_GONE,
                       req->app->cfg.audit_window_seconds);
}

enum vg_err api_audits_options(struct req *req, struct resp *resp)
{
    struct store_scan scan;
    enum vg_err e = audits_complete_scan(req, resp, req_param(req, "scan_id"), &scan);
    if (e != VG_OK)
        return e;
    int64_t until = cleanup_audit_window_end(req->app, &scan, true);
    if (until < 0)
        return audits_source_gone(req, resp, &scan);
    json_t *tiers = json_array();
    for (size_t i = 0; i < AUDIT_TIERS; i++) {
        json_t *d = json_array();
        for (const char *const *p = audit_tiers[i].deliverables; *p != NULL; p++)
            json_array_append_new(d, json_string(*p));
        json_array_append_new(
            tiers, json_pack("{s:s,s:s,s:o,s:I}", "tier", audit_tiers[i].name, "title",
                             audit_tiers[i].title, "deliverables", d, "amount_cents",
                             (json_int_t)audits_price(req, (enum audit_tier)i, &scan)));
    }
    json_t *j = json_pack("{s:s,s:s,s:o,s:o}", "scan_id", scan.id, "currency",
                          req->app->cfg.audit_currency, "tiers", tiers, "audit_window_ends_at",
                          api_time_or_null(until));
    store_scan_release(&scan);
    return resp_json(resp, 200, j);
}

/* ---- rendering ---- */

static json_t *audits_json(const struct store_audit *a)
{
    bool awaiting = strcmp(a->status, AUDIT_STATUS_AWAITING) == 0;
    return json_pack(
        "{s:s,s:s,s:s,s:o,s:s,s:I,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "audit_job_id", a->id,
        "status", a->status, "tier", a->tier, "pr_url", api_str(a->pr_url), "scan_id",
        a->scan_id, "amount_cents", (json_int_t)a->amount_cents, "currency", a->currency,
        "payment_provider", a->provider, "approve_url",
        awaiting ? api_str(a->approve_url) : json_null(), "error_message",
        api_str(a->error_message), "created_at", api_time(a->created_at), "paid_at",
        api_time_or_null(a->paid_at), "completed_at", api_time_or_null(a->completed_at),
        "expires_at", awaiting ? api_time(a->expires_at) : json_null(), "refunded_at",
        api_time_or_null(a->refunded_at));
}

/* The audit named by the path, of the caller (API keys: of the key's user). */
static enum vg_err audits_find(struct req *req, struct resp *resp, struct store_audit *out)
{
    const char *id = req_param(req, "audit_job_id");
    if (!uuid_valid(id))
        return resp_error(resp, VG_ERR_NOT_FOUND, AUDIT_NOT_FOUND);
    (void)store_audits_expire(req->app->store, time_now(), NULL);
    enum vg_err e = store_audits_get(req->app->store, id, req->principal.user_id, out);
    if (e == VG_ERR_NOT_FOUND)
        return resp_error(resp, VG_ERR_NOT_FOUND, AUDIT_NOT_FOUND);
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    return VG_OK;
}

/* ---- purchase ---- */

enum vg_err api_audits_create(struct req *req, struct resp *resp)
{
    const char *scan_id = NULL, *tier = NULL;
    api_field_string(req, resp, "scan_id", 1, 64, true, &scan_id);
    enum audit_tier t = AUDIT_LAUNCH_CHECK;
    if (api_field_string(req, resp, "tier", 1, 32, true, &tier) && tier != NULL &&
        audit_tier_find(tier, &t) == NULL)
        resp_field_error(resp, "body", "tier",
                         "Input should be 'launch_check', 'founder_shield' or 'elite_audit'",
                         "enum");
    enum vg_err e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    if (!req->principal.email_verified)
        return resp_error(resp, VG_ERR_FORBIDDEN, "Your account email must be verified.");
    struct store_scan scan;
    e = audits_complete_scan(req, resp, scan_id, &scan);
    if (e != VG_OK)
        return e;
    if (cleanup_audit_window_end(req->app, &scan, true) < 0)
        return audits_source_gone(req, resp, &scan);
    const struct pay_provider *pp = pay_provider_for(&req->app->cfg);
    char id[UUID_STR_LEN], sid[UUID_STR_LEN];
    rand_uuid(id);
    memcpy(sid, scan.id, sizeof sid);
    int64_t now = time_now();
    struct store_audit_new in = {id,
                                 req->principal.user_id,
                                 sid,
                                 audit_tiers[t].name,
                                 pp->name,
                                 req->app->cfg.audit_currency,
                                 audits_price(req, t, &scan),
                                 now + (int64_t)req->app->cfg.audit_payment_ttl,
                                 now};
    store_scan_release(&scan);
    struct store_audit a;
    if (store_audits_insert(req->app->store, &in, &a) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    store_audit_release(&a);
    char *ret = xasprintf("%s/audits/%s?payment=approved", req->app->cfg.public_url, id);
    char *cancel = xasprintf("%s/audits/%s?payment=canceled", req->app->cfg.public_url, id);
    char *desc = xasprintf("VibeGuard %s audit", audit_tiers[t].title);
    struct pay_request pr = {id, desc, in.amount_cents, in.currency, ret, cancel};
    struct pay_order order;
    enum pay_result r = pp->create_order(&req->app->cfg, &pr, &order);
    free(ret);
    free(cancel);
    free(desc);
    if (r != PAY_OK) {
        /* No order exists: nothing can be charged for this audit; drop it. */
        (void)store_audits_delete_unpaid(req->app->store, id);
        return resp_error(resp, VG_ERR_UNAVAILABLE,
                          r == PAY_UNAVAILABLE
                              ? "The payment provider is unreachable; nothing was charged. "
                                "Try again in a moment."
                              : "The payment provider refused the order; nothing was charged.");
    }
    if (store_audits_set_order(req->app->store, id, order.id[0] ? order.id : NULL,
                               order.approve_url[0] ? order.approve_url : NULL) != VG_OK ||
        store_audits_get(req->app->store, id, NULL, &a) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    json_t *j = audits_json(&a);
    store_audit_release(&a);
    return resp_json(resp, 201, j);
}

/* Paid: queue the job (idempotent) and answer the audit as it now is. */
static enum vg_err audits_answer_paid(struct req *req, struct resp *resp, const char *id)
{
    if (jobs_enqueue(req->app->store, JOB_KIND_AUDIT, id) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    struct store_audit a;
    if (store_audits_get(req->app->store, id, NULL, &a) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    json_t *j = audits_json(&a);
    store_audit_release(&a);
    return resp_json(resp, 200, j);
}

enum vg_err api_audits_capture(struct req *req, struct resp *resp)
{
    struct store_audit a;
    enum vg_err e = audits_find(req, resp, &a);
    if (e != VG_OK)
        return e;
    char id[UUID_STR_LEN];
    memcpy(id, a.id, sizeof id);
    if (store_audit_status_paid(a.status)) { /* a replay: already settled */
        store_audit_release(&a);
        return audits_answer_paid(req, resp, id);
    }
    if (strcmp(a.status, AUDIT_STATUS_CANCELED) == 0) {
        e = resp_errorf(resp, VG_ERR_CONFLICT, "This audit was canceled: %s",
                        a.error_message ? a.error_message : "request a new audit.");
        store_audit_release(&a);
        return e;
    }
    /* The code went while the payment waited (a paid audit of the scan ended): cancel
     * before anything is charged. */
    struct store_scan scan;
    bool gone = false;
    if (store_scans_get(req->app->store, a.scan_id, NULL, &scan) == VG_OK) {
        gone = cleanup_audit_window_end(req->app, &scan, false) < 0;
        store_scan_release(&scan);
    }
    if (gone) {
        bool changed = false;
        (void)store_audits_cancel(req->app->store, id, "The scan's code is no longer kept.",
                                  time_now(), &changed);
        store_audit_release(&a);
        return resp_errorf(resp, VG_ERR_CONFLICT, AUDIT_SOURCE_GONE " Nothing was charged.",
                           req->app->cfg.audit_window_seconds);
    }
    const struct pay_provider *pp = pay_provider_find(a.provider);
    struct pay_capture cap;
    enum pay_result r = pp ? pp->capture(&req->app->cfg, a.id, a.order_id, &cap) : PAY_ERROR;
    bool changed = false;
    int64_t now = time_now();
    if (r == PAY_OK && !pay_capture_matches(&cap, a.amount_cents, a.currency)) {
        char want[32], got[32];
        pay_amount_format(a.amount_cents, want);
        pay_amount_format(cap.amount_cents, got);
        log_msg(LOG_ERROR, "audit_capture_mismatch", "audit_id", a.id, "quoted", want,
                "captured", got, "currency", cap.currency, NULL);
        char *msg = xasprintf("The captured payment (%s %s) does not match the quote (%s %s); "
                              "the audit was canceled. Contact support for a refund.",
                              got, cap.currency, want, a.currency);
        (void)store_audits_cancel(req->app->store, id, msg, now, &changed);
        e = resp_error(resp, VG_ERR_PAYMENT, msg);
        free(msg);
    } else if (r == PAY_OK) {
        e = store_audits_paid(req->app->store, id, cap.id, now, api_actor(req), &changed);
        e = e == VG_OK ? audits_answer_paid(req, resp, id) : resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    } else if (r == PAY_DECLINED) {
        (void)store_audits_cancel(req->app->store, id,
                                  "The payment was declined; request a new audit to try again.",
                                  now, &changed);
        e = resp_error(resp, VG_ERR_PAYMENT,
                       "The payment was declined; the audit was canceled. Request a new audit "
                       "to try again.");
    } else if (r == PAY_PENDING) {
        e = resp_error(resp, VG_ERR_CONFLICT,
                       strcmp(a.provider, "manual") == 0
                           ? "This server takes payments manually: an administrator marks the "
                             "audit paid with `vega audit mark-paid`."
                           : "The payment has not been approved yet: approve it at approve_url, "
                             "then capture.");
    } else {
        e = resp_error(resp, VG_ERR_UNAVAILABLE,
                       r == PAY_UNAVAILABLE
                           ? "The payment provider is unreachable; try the capture again (it "
                             "is never charged twice)."
                           : "The payment provider answered unexpectedly; try again later.");
    }
    store_audit_release(&a);
    return e;
}

/* ---- observing ---- */

enum vg_err api_audits_list(struct req *req, struct resp *resp)
{
    struct store_page_req pg;
    enum vg_err e = api_page_parse(req, resp, &pg);
    if (e != VG_OK)
        return e;
    (void)store_audits_expire(req->app->store, time_now(), NULL);
    struct store_audit_page page;
    e = store_audits_list(req->app->store, req->principal.user_id, &pg, &page);
    if (e != VG_OK)
        return api_page_fail(resp, e);
    API_PAGE_RENDER(e, resp, &page, audits_json, store_audit_page_release);
    return e;
}

enum vg_err api_audits_get(struct req *req, struct resp *resp)
{
    struct store_audit a;
    enum vg_err e = audits_find(req, resp, &a);
    if (e != VG_OK)
        return e;
    json_t *j = audits_json(&a);
    store_audit_release(&a);
    return resp_json(resp, 200, j);
}

/* The signed link to one of the audit's files. */
static json_t *audits_file_url(struct req *req, const char *id, const char *name)
{
    char path[160], sig[BLOB_SIG_HEX + 1];
    snprintf(path, sizeof path, "/v1/audit-files/%s/%s", id, name);
    int64_t expires = time_now() + AUDIT_DOWNLOAD_TTL_S;
    blob_sign(req->app->cfg.key, "GET", path, expires, sig);
    char *url = xasprintf("%s%s?expires=%lld&signature=%s", req->app->cfg.public_url, path,
                          (long long)expires, sig);
    json_t *j = json_string(url);
    free(url);
    return j;
}

enum vg_err api_audits_report(struct req *req, struct resp *resp)
{
    struct store_audit a;
    enum vg_err e = audits_find(req, resp, &a);
    if (e != VG_OK)
        return e;
    bool ready = strcmp(a.status, AUDIT_STATUS_COMPLETED) == 0;
    bool failed = strcmp(a.status, AUDIT_STATUS_FAILED) == 0 ||
                  strcmp(a.status, AUDIT_STATUS_CANCELED) == 0;
    char *md = NULL;
    if (ready && store_audits_markdown(req->app->store, a.id, &md) != VG_OK) {
        store_audit_release(&a);
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    }
    json_t *sum = a.report_summary ? json_loads(a.report_summary, 0, NULL) : NULL;
    json_t *by = json_object_get(sum, "findings_by_severity");
    json_t *score = json_object_get(sum, "launch_readiness_score");
    const struct audit_tier_info *ti = audit_tier_find(a.tier, NULL);
    char *title = xasprintf("VibeGuard %s audit", ti ? ti->title : a.tier);
    json_t *files = json_object();
    if (ready && a.report_pdf_path != NULL)
        json_object_set_new(files, "pdf",
                            json_pack("{s:s,s:o}", "name", AUDIT_PDF_NAME, "url",
                                      audits_file_url(req, a.id, AUDIT_PDF_NAME)));
    json_t *j = json_pack(
        "{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:I,s:o,s:I}", "audit_job_id", a.id, "status",
        ready ? "ready" : failed ? "failed" : "pending", "title", title, "tier", a.tier,
        "report_markdown", md ? json_string(md) : json_null(), "files", files,
        "fixed_files_url",
        ready && a.fixed_files_path ? audits_file_url(req, a.id, AUDIT_BUNDLE_NAME)
                                    : json_null(),
        "pr_url", api_str(a.pr_url), "findings_by_severity",
        by ? json_incref(by)
           : json_pack("{s:i,s:i,s:i,s:i,s:i}", "critical", 0, "high", 0, "medium", 0, "low", 0,
                       "info", 0),
        "total_findings", (json_int_t)json_integer_value(json_object_get(sum, "total_findings")),
        "launch_readiness_score", score ? json_incref(score) : json_null(), "fix_count",
        (json_int_t)a.fix_count);
    if (failed)
        json_object_set_new(j, "error_message", api_str(a.error_message));
    json_decref(sum);
    free(title);
    free(md);
    store_audit_release(&a);
    return resp_json(resp, 200, j);
}

/* ---- signed downloads ---- */

enum vg_err api_audits_download(struct req *req, struct resp *resp)
{
    const char *id = req_param(req, "audit_job_id"), *name = req_param(req, "name");
    const char *exp = req_query(req, "expires"), *sig = req_query(req, "signature");
    char path[160];
    char *end = NULL;
    long long expires = exp ? strtoll(exp, &end, 10) : 0;
    bool pdf = name && strcmp(name, AUDIT_PDF_NAME) == 0;
    bool zip = name && strcmp(name, AUDIT_BUNDLE_NAME) == 0;
    snprintf(path, sizeof path, "/v1/audit-files/%s/%s", id ? id : "", name ? name : "");
    if (!uuid_valid(id) || !(pdf || zip) || exp == NULL || *end != '\0' ||
        !blob_verify(req->app->cfg.key, "GET", path, expires, sig))
        return resp_error(resp, VG_ERR_FORBIDDEN, "Invalid download signature.");
    if (time_now() > expires)
        return resp_error(resp, VG_ERR_GONE,
                          "This download link has expired; fetch the report again for a fresh "
                          "one.");
    struct store_audit a;
    enum vg_err e = store_audits_get(req->app->store, id, NULL, &a);
    if (e != VG_OK)
        return e == VG_ERR_NOT_FOUND ? resp_error(resp, VG_ERR_NOT_FOUND, AUDIT_NOT_FOUND)
                                     : resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    const char *key = pdf ? a.report_pdf_path : a.fixed_files_path;
    struct buf b = BUF_INIT;
    buf_init(&b, AUDIT_DOWNLOAD_MAX);
    int fd = -1;
    e = key ? blob_open_read(req->app->blobs, key, &fd) : VG_ERR_NOT_FOUND;
    char chunk[65536];
    ssize_t n = 0;
    while (e == VG_OK && (n = read(fd, chunk, sizeof chunk)) > 0)
        e = buf_append(&b, chunk, (size_t)n);
    if (e == VG_OK && n < 0)
        e = VG_ERR_IO;
    if (fd >= 0)
        close(fd);
    if (e == VG_OK && zip) { /* sealed at rest (audit/seal.h): opened only here */
        struct buf plain = BUF_INIT;
        buf_init(&plain, AUDIT_DOWNLOAD_MAX);
        e = audit_unseal(req->app->cfg.key, key, b.ptr, b.len, &plain);
        buf_release(&b);
        b = plain;
        if (e != VG_OK)
            log_msg(LOG_ERROR, "audit_bundle_unsealable", "audit_id", a.id, NULL);
    }
    store_audit_release(&a);
    if (e != VG_OK) {
        buf_release_secret(&b);
        return e == VG_ERR_NOT_FOUND ? resp_error(resp, VG_ERR_NOT_FOUND, "File not found")
                                     : resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    }
    char disp[128];
    snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", name);
    resp_header(resp, "Content-Disposition", disp);
    resp_header(resp, "Cache-Control", "private, no-store");
    e = resp_raw(resp, 200, pdf ? "application/pdf" : "application/zip", b.ptr, b.len);
    buf_release_secret(&b);
    return e;
}
