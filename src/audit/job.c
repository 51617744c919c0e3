/*
 * job.c - the audit job (see job.h).
 */
#include "audit/job.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "audit/files.h"
#include "audit/fix.h"
#include "audit/pr.h"
#include "audit/quote.h"
#include "audit/report.h"
#include "audit/seal.h"
#include "audit/secret_rules.h"
#include "blob/blob.h"
#include "jobs/cleanup.h"
#include "source/github.h"
#include "jobs/scan_job.h"
#include "jobs/score.h"
#include "store/audits.h"
#include "store/projects.h"
#include "store/scans.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "audit/textbuf.h"
#include "pay/pay.h"
#include "util/xalloc.h"

#define AUDIT_ATTEMPTS_MESSAGE "The audit could not be completed after several attempts."
#define AUDIT_EXCERPT_CONTEXT 2 /* lines either side of a finding */

struct audit_work {
    struct app *app;
    struct audit_secret_rules secret_rules; /* by rule metadata (audit/secret_rules.h) */
    const struct store_audit *audit;
    const struct store_scan *scan;
    const struct audit_tier_info *tier;
    struct scan_result res;
    struct audit_files files;
    struct audit_fix_result fix;
    char **excerpts;
    char *markdown;
    char *project;
    char *pr_url;
    struct buf pdf;
    struct buf bundle;
};

static bool audit_secret_finding(const struct audit_work *w, const struct scan_finding *f);
static bool audit_secret_line(const struct audit_work *w, const char *path, unsigned line);

static unsigned finding_last_line(const struct scan_finding *f)
{
    return f->line_end > f->line_start ? f->line_end : f->line_start;
}

/* Excerpts of the lines around f in file, masked by the engine ("12 | code\n"...). The
 * literals on the lines of every secret finding in the file are masked too: the engine's
 * masking misses secrets that look like words (a session key "acme-notes-2024"), and a
 * neighbour's excerpt shows them as context. */
static char *audit_excerpt(const struct audit_work *w, const struct audit_file *file,
                           const struct scan_finding *f)
{
    unsigned first = f->line_start > AUDIT_EXCERPT_CONTEXT ? f->line_start - AUDIT_EXCERPT_CONTEXT
                                                           : 1;
    unsigned last = finding_last_line(f) + AUDIT_EXCERPT_CONTEXT;
    if (last - first > 12)
        last = first + 12;
    size_t from = 0, to = file->len;
    unsigned line = 1;
    for (size_t i = 0; i < file->len && line <= last; i++) {
        if (line < first)
            from = i + 1;
        if (file->data[i] == '\n') {
            line++;
            if (line > last)
                to = i + 1;
        }
    }
    if (from >= to || f->line_start == 0)
        return NULL;
    char *masked = scan_mask_excerpt(w->app->engine, file->data, file->len, from, to);
    if (masked == NULL)
        return NULL;
    struct buf b = BUF_INIT;
    buf_init(&b, 64 * 1024);
    unsigned n = first;
    for (char *p = masked; *p != '\0';) {
        char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len > 160)
            len = 160;
        bool hit = n >= f->line_start && n <= finding_last_line(f);
        bprintf(&b, "%5u %s ", n, hit ? ">" : "|");
        char *shown = (hit && audit_secret_finding(w, f)) || audit_secret_line(w, f->file_path, n)
                          ? mask_literals(p, len)
                          : xasprintf("%.*s", (int)len, p);
        for (size_t i = 0; shown[i] != '\0'; i++) /* a fence inside would end the block */
            bputc(&b, shown[i] == '`' ? '\'' : shown[i] == '\t' ? ' ' : shown[i]);
        free(shown);
        bputc(&b, '\n');
        n++;
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    free(masked);
    return buf_detach(&b, NULL);
}

/* The score with the findings that keep(i) says stay. */
static double score_without(const struct scan_result *res, bool (*drop)(const struct scan_finding *, size_t, const void *),
                            const void *ctx)
{
    struct scan_finding *keep = xmalloc((res->n_findings ? res->n_findings : 1) * sizeof *keep);
    size_t n = 0;
    for (size_t i = 0; i < res->n_findings; i++) {
        if (!drop(&res->findings[i], i, ctx))
            keep[n++] = res->findings[i];
    }
    double s = score_launch_readiness(keep, n);
    free(keep);
    return s;
}

static bool drop_critical(const struct scan_finding *f, size_t i, const void *ctx)
{
    (void)i;
    (void)ctx;
    return f->severity == SEV_CRITICAL;
}

static bool drop_high(const struct scan_finding *f, size_t i, const void *ctx)
{
    (void)i;
    (void)ctx;
    return f->severity >= SEV_HIGH;
}

static bool drop_fixed(const struct scan_finding *f, size_t i, const void *ctx)
{
    (void)f;
    const bool *fixed = ctx;
    return fixed != NULL && fixed[i];
}

static char *summary_json(const struct audit_doc *d)
{
    int64_t by[5];
    audit_doc_counts(d, by);
    json_t *j = json_pack("{s:{s:I,s:I,s:I,s:I,s:I},s:I,s:f,s:I}", "findings_by_severity",
                          "critical", (json_int_t)by[0], "high", (json_int_t)by[1], "medium",
                          (json_int_t)by[2], "low", (json_int_t)by[3], "info",
                          (json_int_t)by[4], "total_findings", (json_int_t)d->n,
                          "launch_readiness_score", d->score, "fix_count",
                          (json_int_t)d->fix_count);
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}

static enum vg_err blob_put(struct app *app, const char *key, const void *p, size_t n)
{
    struct blob_writer *w = NULL;
    enum vg_err e = blob_writer_open(app->blobs, key, &w);
    if (e != VG_OK)
        return e;
    e = blob_writer_write(w, p, n, 0);
    if (e != VG_OK) {
        blob_writer_abort(w);
        return e;
    }
    return blob_writer_commit(w);
}

/* Settle (completed with rep, or failed with failure) and finish the job, in one
 * transaction under the lease. */
static enum vg_err audit_settle(struct app *app, const struct job *job, const char *worker_id,
                                const struct store_audit_report *rep, const char *failure)
{
    struct store_conn *c = NULL;
    enum vg_err e = store_acquire(app->store, &c);
    if (e != VG_OK)
        return e;
    e = store_begin(c);
    int64_t now = time_now();
    if (e == VG_OK)
        e = failure ? store_audits_fail(c, job->subject_id, failure, now)
                    : store_audits_complete(c, job->subject_id, rep, now);
    if (e == VG_OK)
        e = jobs_finish(c, job, worker_id, failure == NULL, failure);
    if (e == VG_OK)
        e = store_commit(c);
    else
        store_rollback(c);
    store_release(c);
    return e;
}


/* Whether f is about a secret value (its evidence or lines may quote it): its rule's
 * metadata says so (audit/secret_rules.h). */
static bool audit_secret_finding(const struct audit_work *w, const struct scan_finding *f)
{
    return audit_secret_rules_has(&w->secret_rules, f->rule_id) ||
           strcmp(f->category, "secret") == 0;
}

/* Whether line of path is a line of some secret finding. */
static bool audit_secret_line(const struct audit_work *w, const char *path, unsigned line)
{
    for (size_t i = 0; i < w->res.n_findings; i++) {
        const struct scan_finding *g = &w->res.findings[i];
        if (line >= g->line_start && line <= finding_last_line(g) &&
            strcmp(g->file_path, path) == 0 && audit_secret_finding(w, g))
            return true;
    }
    return false;
}

/* Read back the files the report quotes and the fixers edit (uploads). */
static void audit_read_files(struct audit_work *w)
{
    if (strcmp(w->scan->source_type, "zip") != 0 || w->scan->upload_storage_path == NULL)
        return;
    size_t n = 0;
    char **want = audit_fix_wanted(w->res.findings, w->res.n_findings, &n);
    int fd = -1;
    if (blob_open_read_version(w->app->blobs, w->scan->upload_storage_path,
                               w->scan->upload_version, &fd) == VG_OK) {
        if (audit_files_from_archive(fd, (const char *const *)want, n, &w->files) != VG_OK)
            log_msg(LOG_WARN, "audit_files_unreadable", "audit_id", w->audit->id, NULL);
        close(fd);
    }
    for (size_t i = 0; i < n; i++)
        free(want[i]);
    free(want);
}

/* The pull request's body: the score it moves and what each fix does. */
static char *audit_pr_body(const struct audit_work *w, double before, double after)
{
    struct buf b = BUF_INIT;
    buf_init(&b, 1024 * 1024);
    bprintf(&b, "## VibeGuard audit: security fixes\n\nThis pull request fixes %zu finding%s "
                "of the %s audit `%s`. Launch-readiness score: %.1f \xe2\x86\x92 **%.1f** "
                "once merged.\n\n",
            w->fix.fix_count, w->fix.fix_count == 1 ? "" : "s", w->tier->title, w->audit->id,
            before, after);
    for (size_t i = 0; i < w->res.n_findings; i++) {
        if (w->fix.what == NULL || w->fix.what[i] == NULL)
            continue;
        const struct scan_finding *f = &w->res.findings[i];
        bprintf(&b, "- **%s** (`%s:%u`): %s\n", f->title, f->file_path, f->line_start,
                w->fix.what[i]);
    }
    bputs(&b, "\nRotate every secret these changes move to the environment: the old values "
              "stay in the git history. The full report is in the VibeGuard dashboard.\n");
    return buf_detach(&b, NULL);
}

/* GitHub sources: read the files to fix from the default branch, fix, open the pull
 * request. A failure leaves the audit without a pull request (logged), not failed. */
static void audit_github_fix(struct audit_work *w)
{
    struct buf token = BUF_INIT;
    buf_init(&token, 4096);
    char msg[256] = "";
    const char *repo = w->scan->github_repo_full_name;
    if (repo == NULL || github_repo_token(&w->app->cfg, repo, &token, msg, sizeof msg) != VG_OK) {
        log_msg(LOG_WARN, "audit_pr_token_failed", "audit_id", w->audit->id, "error", msg, NULL);
        buf_release_secret(&token);
        return;
    }
    struct audit_github gh = {&w->app->cfg, repo, buf_cstr(&token), ""};
    size_t n = 0;
    char **want = audit_fix_wanted(w->res.findings, w->res.n_findings, &n);
    enum vg_err e = audit_github_read(&gh, (const char *const *)want, n, &w->files);
    for (size_t i = 0; i < n; i++)
        free(want[i]);
    free(want);
    if (e == VG_OK)
        audit_fix_run(w->res.findings, w->res.n_findings, &w->files, &w->fix);
    if (e == VG_OK && w->fix.fix_count > 0) {
        double before = score_launch_readiness(w->res.findings, w->res.n_findings);
        double after = score_without(&w->res, drop_fixed, w->fix.fixed);
        char *body = audit_pr_body(w, before, after);
        char *title = xasprintf("VibeGuard security fixes (%zu)", w->fix.fix_count);
        e = audit_github_pr(&gh, w->audit->id, &w->fix.changed, title, body, &w->pr_url);
        free(body);
        free(title);
    }
    if (e != VG_OK)
        log_msg(LOG_WARN, "audit_pr_failed", "audit_id", w->audit->id, "error", err_name(e),
                NULL);
    buf_release_secret(&token);
}

static enum vg_err audit_build(struct audit_work *w, struct audit_doc *doc)
{
    const struct scan_result *res = &w->res;
    size_t n = res->n_findings;
    bool bundle = w->tier->fixes && strcmp(w->scan->source_type, "zip") == 0;
    bool github = w->tier->fixes && strcmp(w->scan->source_type, "github") == 0;
    if (bundle)
        audit_fix_run(res->findings, n, &w->files, &w->fix);
    if (github)
        audit_github_fix(w);
    bool pr = github && w->pr_url != NULL;
    w->excerpts = xcalloc(n ? n : 1, sizeof *w->excerpts);
    for (size_t i = 0; i < n; i++) {
        const struct audit_file *f = audit_files_get(&w->files, res->findings[i].file_path);
        if (f != NULL && (w->tier->all_excerpts || res->findings[i].severity >= SEV_HIGH))
            w->excerpts[i] = audit_excerpt(w, f, &res->findings[i]);
    }
    const char *project = w->scan->github_repo_full_name;
    struct store_project pj = {0};
    if (project == NULL &&
        store_project_get(w->app->store, w->scan->user_id, w->scan->project_id, &pj) == VG_OK)
        project = pj.name;
    if (project != NULL)
        w->project = xstrdup(project);
    store_project_release(&pj);
    project = w->project;
    *doc = (struct audit_doc){
        .audit_id = w->audit->id,
        .tier = w->tier->name,
        .tier_title = w->tier->title,
        .project = project ? project : "Uploaded project",
        .findings = res->findings,
        .n = n,
        .fixed = bundle || pr ? w->fix.fixed : NULL,
        .fix_what = bundle || pr ? w->fix.what : NULL,
        .excerpts = w->excerpts,
        .score = score_launch_readiness(res->findings, n),
        .score_no_critical = score_without(res, drop_critical, NULL),
        .score_no_high = score_without(res, drop_high, NULL),
        .score_after_fixes = score_without(res, drop_fixed, bundle || pr ? w->fix.fixed : NULL),
        .fix_count = bundle || pr ? w->fix.fix_count : 0,
        .bundle = bundle && w->fix.fix_count > 0,
        .pr = pr,
        .generated_at = time_now(),
    };
    w->markdown = audit_report_markdown(doc);
    double t0 = time_mono_ms();
    enum vg_err e = audit_report_pdf(doc, w->markdown, &w->pdf);
    char ms[32], size[32];
    snprintf(ms, sizeof ms, "%.0f", time_mono_ms() - t0);
    snprintf(size, sizeof size, "%zu", w->pdf.len);
    log_msg(LOG_INFO, "audit_pdf_rendered", "audit_id", w->audit->id, "ms", ms, "bytes", size,
            NULL);
    if (e == VG_OK && doc->bundle) {
        struct audit_files z = {0};
        audit_files_put(&z, AUDIT_DIFF_NAME, w->fix.diff.ptr ? w->fix.diff.ptr : "",
                        w->fix.diff.len);
        for (size_t i = 0; i < w->fix.changed.n; i++) {
            char *name = xasprintf("files/%s", w->fix.changed.items[i].path);
            audit_files_put(&z, name, w->fix.changed.items[i].data, w->fix.changed.items[i].len);
            free(name);
        }
        buf_init(&w->bundle, (size_t)256 * 1024 * 1024);
        e = audit_zip_write(&z, &w->bundle);
        audit_files_release(&z);
    }
    return e;
}

static void audit_work_release(struct audit_work *w)
{
    size_t n = w->res.n_findings;
    for (size_t i = 0; w->excerpts && i < n; i++)
        free(w->excerpts[i]);
    free(w->excerpts);
    audit_fix_release(&w->fix, n);
    audit_files_release(&w->files);
    scan_result_release(&w->res);
    audit_secret_rules_release(&w->secret_rules);
    free(w->markdown);
    free(w->project);
    free(w->pr_url);
    buf_release(&w->pdf);
    buf_release_secret(&w->bundle);
}

void audit_refund(struct app *app, const char *audit_id)
{
    struct store_audit a;
    if (store_audits_get(app->store, audit_id, NULL, &a) != VG_OK)
        return;
    const struct pay_provider *pp = pay_provider_find(a.provider);
    if (strcmp(a.status, AUDIT_STATUS_FAILED) == 0 && a.refunded_at == 0 &&
        a.capture_id != NULL && pp != NULL) {
        struct pay_refund req = {a.id, a.capture_id, a.amount_cents, a.currency};
        char refund_id[PAY_ID_MAX];
        enum pay_result r = pp->refund(&app->cfg, &req, refund_id);
        bool changed = false;
        if (r == PAY_OK &&
            store_audits_refunded(app->store, a.id, refund_id, time_now(), &changed) == VG_OK)
            log_msg(LOG_INFO, "audit_refunded", "audit_id", a.id, "refund_id", refund_id, NULL);
        else if (r != PAY_OK)
            log_msg(LOG_WARN, r == PAY_PENDING ? "audit_refund_manual" : "audit_refund_failed",
                    "audit_id", a.id, NULL);
    }
    store_audit_release(&a);
}

enum vg_err audit_job_run(struct app *app, const struct job *job, const char *worker_id)
{
    struct store_audit audit;
    struct store_scan scan;
    enum vg_err e = store_audits_get(app->store, job->subject_id, NULL, &audit);
    if (e == VG_ERR_NOT_FOUND || (e == VG_OK && (store_audit_status_settled(audit.status) ||
                                                 !store_audit_status_paid(audit.status)))) {
        /* Gone, settled by an earlier run, or not paid: nothing to do. */
        if (e == VG_OK)
            store_audit_release(&audit);
        struct store_conn *c = NULL;
        if (store_acquire(app->store, &c) == VG_OK) {
            (void)jobs_finish(c, job, worker_id, true, NULL);
            store_release(c);
        }
        return VG_OK;
    }
    if (e != VG_OK)
        return e;
    e = store_scans_get(app->store, audit.scan_id, NULL, &scan);
    if (e != VG_OK) {
        store_audit_release(&audit);
        return e == VG_ERR_NOT_FOUND ? VG_OK : e;
    }
    struct audit_work w = {0};
    w.app = app;
    w.audit = &audit;
    w.scan = &scan;
    w.tier = audit_tier_find(audit.tier, NULL);
    audit_secret_rules_load(app->engine, &w.secret_rules);
    char *failure = NULL;
    struct store_audit_report rep = {0};
    char *summary = NULL, pdf_key[160] = "", zip_key[160] = "";
    if (job->attempts > job->max_attempts || w.tier == NULL) {
        failure = xstrdup(AUDIT_ATTEMPTS_MESSAGE);
        goto settle;
    }
    (void)store_audits_progress(app->store, audit.id, AUDIT_STATUS_RUNNING, time_now());
    log_msg(LOG_INFO, "audit_started", "audit_id", audit.id, "worker", worker_id, NULL);
    struct scan_job_source src = {scan.source_type, scan.upload_storage_path,
                                  scan.github_repo_full_name, audit.scan_id, false,
                                  scan.upload_version};
    uint64_t deps = 0;
    scan_job_read_source(app, &src, NULL, NULL, NULL, &w.res, &deps, &failure);
    if (failure != NULL)
        goto settle;
    for (size_t i = 0; i < w.res.n_findings; i++) {
        struct scan_finding *f = &w.res.findings[i];
        if (audit_secret_finding(&w, f) && f->masked_evidence != NULL) {
            char *m = mask_literals(f->masked_evidence, strlen(f->masked_evidence));
            free(f->masked_evidence);
            f->masked_evidence = m;
        }
    }
    if (strcmp(scan.source_type, "zip") == 0)
        audit_read_files(&w);
    (void)store_audits_progress(app->store, audit.id, AUDIT_STATUS_GENERATING, time_now());
    struct audit_doc doc;
    e = audit_build(&w, &doc);
    snprintf(pdf_key, sizeof pdf_key, "audits/%s/%s", audit.id, AUDIT_PDF_NAME);
    snprintf(zip_key, sizeof zip_key, "audits/%s/%s", audit.id, AUDIT_BUNDLE_NAME);
    if (e == VG_OK)
        e = blob_put(app, pdf_key, w.pdf.ptr, w.pdf.len);
    if (e == VG_OK && doc.bundle) { /* its diff quotes the removed secrets: sealed */
        struct buf sealed = BUF_INIT;
        buf_init(&sealed, (size_t)512 * 1024 * 1024);
        e = audit_seal(app->cfg.key, zip_key, w.bundle.ptr, w.bundle.len, &sealed);
        if (e == VG_OK)
            e = blob_put(app, zip_key, sealed.ptr, sealed.len);
        buf_release(&sealed);
    }
    if (e != VG_OK) {
        log_msg(LOG_ERROR, "audit_report_failed", "audit_id", audit.id, "error", err_name(e),
                NULL);
        e = VG_OK;
        failure = xstrdup("The report could not be generated; the audit will be retried by "
                          "support.");
        goto settle;
    }
    summary = summary_json(&doc);
    rep = (struct store_audit_report){w.markdown, summary, pdf_key,
                                      doc.bundle ? zip_key : NULL, w.pr_url,
                                      (int64_t)doc.fix_count};
settle:
    e = audit_settle(app, job, worker_id, &rep, failure);
    if (e == VG_OK) {
        log_msg(LOG_INFO, failure ? "audit_failed" : "audit_completed", "audit_id", audit.id,
                NULL);
        cleanup_audit_source(app, audit.scan_id); /* the customer's code is done with */
        if (failure != NULL)
            audit_refund(app, audit.id);
    }
    free(failure);
    free(summary);
    audit_work_release(&w);
    store_scan_release(&scan);
    store_audit_release(&audit);
    return e == VG_ERR_CONFLICT ? VG_OK : e;
}
