/*
 * scan_job.c - one scan, from source to stored results (see scan_job.h).
 *
 * Status moves queued -> extracting (the source is being opened) -> scanning (the
 * engine is reading entries) -> complete | failed. While the engine runs, its progress
 * callback publishes the file counts about once a second; the lease is renewed by the
 * worker's heartbeat timer (worker.c), which keeps going inside one long entry. Once the
 * outcome is stored, the uploaded archive is deleted (unless --retain-uploads).
 * error_message is written for users: it never holds paths, SQL or library internals.
 */
#include "jobs/scan_job.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/metrics.h"
#include "blob/blob.h"
#include "jobs/cleanup.h"
#include "source/github.h"
#include "jobs/score.h"
#include "deps/depscan.h"
#include "scan/engine.h"
#include "source/source.h"
#include "store/git_uploads.h"
#include "store/findings.h"
#include "store/scans.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define SCAN_MAX_TOTAL_BYTES ((uint64_t)4 * 1024 * 1024 * 1024)
#define SCAN_ATTEMPTS_MESSAGE "The scan could not be completed after several attempts."

struct scan_row {
    enum scan_status status;
    char source[16];
    char *storage_path;
    char *storage_version;
    char *repo;
    bool history;
};

struct job_ctx {
    struct app *app;
    const struct job *job;
    const char *worker_id;
    const char *scan_id;
    double last_ms;
    bool scanning;
    uint64_t dependencies; /* distinct dependencies in the manifests scanned */
    bool transient;        /* the storage did not answer: run the job again later */
};

static void scan_row_release(struct scan_row *r)
{
    free(r->storage_path);
    free(r->storage_version);
    free(r->repo);
}

static enum vg_err scan_load(struct app *app, const char *id, struct scan_row *row, bool *found)
{
    struct store_scan scan;
    enum vg_err e = store_scans_get(app->store, id, NULL, &scan);
    *found = e == VG_OK;
    if (e == VG_ERR_NOT_FOUND)
        return VG_OK;
    if (e != VG_OK)
        return e;
    row->status = scan.status;
    snprintf(row->source, sizeof(row->source), "%s", scan.source_type);
    row->storage_path = scan.upload_storage_path;
    row->storage_version = scan.upload_version;
    scan.upload_version = NULL; /* handed over */
    row->repo = scan.github_repo_full_name;
    row->history = scan.history;
    scan.upload_storage_path = scan.github_repo_full_name = NULL; /* handed over */
    store_scan_release(&scan);
    return VG_OK;
}

static void scan_set_status(struct app *app, const char *id, enum scan_status status)
{
    (void)store_scans_set_status(app->store, id, status);
}

/* A warning about the input (a .vegaignore entry naming no rule): in the server log. */
static void job_warn(void *vctx, const char *message)
{
    struct job_ctx *ctx = vctx;
    log_msg(LOG_WARN, "scan_warning", "scan_id", ctx->scan_id, "message", message, NULL);
}

/* Progress from the engine: show counts, flip to `scanning`. */
static void job_progress(void *vctx, const struct scan_stats *s)
{
    struct job_ctx *c = vctx;
    if (!c->scanning) {
        c->scanning = true;
        scan_set_status(c->app, c->scan_id, SCAN_STATUS_SCANNING);
    }
    double now = time_mono_ms();
    if (now - c->last_ms < 1000.0)
        return;
    c->last_ms = now;
    struct store_scan_counts counts = {(int64_t)s->total_files,    (int64_t)s->included_files,
                                       (int64_t)s->ignored_files,  (int64_t)s->risky_files,
                                       (int64_t)s->total_bytes,    (int64_t)s->included_bytes};
    (void)store_scans_progress(c->app->store, c->scan_id, &counts);
}

/* A message for the user from the engine's outcome; NULL when the scan completed. */
static char *scan_outcome_message(enum vg_err e, const struct scan_result *res)
{
    const char *limit = res->stats.limit_reached;
    if (e == VG_OK || (e == VG_ERR_TOO_LARGE && limit && strcmp(limit, "max_findings") == 0))
        return NULL;
    if (e == VG_ERR_TOO_LARGE && limit != NULL) {
        if (strcmp(limit, "max_ratio") == 0)
            return xasprintf("The archive's compression ratio exceeds %u:1 (a possible zip "
                             "bomb); it was not scanned completely.",
                             SCAN_DEFAULT_MAX_RATIO);
        if (strcmp(limit, "max_entries") == 0)
            return xasprintf("The archive holds more than %llu entries.",
                             (unsigned long long)SCAN_DEFAULT_MAX_ENTRIES);
        return xasprintf("The archive expands to more than %llu MB.",
                         (unsigned long long)(SCAN_MAX_TOTAL_BYTES >> 20));
    }
    if (e == VG_ERR_INVALID && res->stats.total_files == 0 && res->stats.risky_files == 0)
        return xstrdup("The upload is not a valid ZIP archive.");
    if (e == VG_ERR_INVALID)
        return xstrdup("The archive is corrupt or truncated; upload it again.");
    return xstrdup("The archive could not be read completely; upload it again.");
}

static enum vg_err scan_insert_findings(struct store_conn *c, const char *scan_id,
                                        const struct scan_result *res)
{
    struct store_scan_finding_new *fs = xcalloc(res->n_findings ? res->n_findings : 1, sizeof(*fs));
    for (size_t i = 0; i < res->n_findings; i++) {
        const struct scan_finding *f = &res->findings[i];
        /* Borrowed from res: store_scans_findings_replace only reads them. */
        fs[i] = (struct store_scan_finding_new){
            .fingerprint = f->fingerprint,
            .rule_id = f->rule_id,
            .severity = scan_severity_name(f->severity),
            .category = f->category,
            .title = f->title,
            .description = f->description,
            .recommendation = f->recommendation,
            .file_path = f->file_path,
            .masked_evidence = f->masked_evidence,
            .confidence = scan_confidence_name(f->confidence),
            .line_start = f->line_start,
            .line_end = f->line_end,
            .introduced_sha = f->origin != NULL ? f->origin->sha : NULL,
            .introduced_author = f->origin != NULL ? f->origin->author_name : NULL,
            .introduced_at = f->origin != NULL ? f->origin->committed_at : 0,
            .in_head = f->origin != NULL && f->origin->in_head,
        };
    }
    enum vg_err e = store_scans_findings_replace(c, scan_id, fs, res->n_findings, time_now());
    free(fs);
    return e;
}

/* {"critical": n, ..., "info": n} and the languages object, as JSON text. */
static char *scan_summary_json(const struct scan_result *res)
{
    json_int_t by[5] = {0};
    for (size_t i = 0; i < res->n_findings; i++)
        by[res->findings[i].severity]++;
    json_t *j = json_pack("{s:{s:I,s:I,s:I,s:I,s:I},s:I}", "findings_by_severity", "critical",
                          by[SEV_CRITICAL], "high", by[SEV_HIGH], "medium", by[SEV_MEDIUM], "low",
                          by[SEV_LOW], "info", by[SEV_INFO], "total_findings",
                          (json_int_t)res->n_findings);
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}

static char *scan_languages_json(const struct scan_stats *st)
{
    json_t *j = json_object();
    for (size_t i = 0; i < st->n_langs; i++)
        json_object_set_new(j, st->langs[i].name,
                            json_pack("{s:I,s:I}", "files", (json_int_t)st->langs[i].files,
                                      "lines", (json_int_t)st->langs[i].lines));
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}

static enum vg_err scan_store_complete(struct store_conn *c, const char *scan_id,
                                       const struct scan_result *res, uint64_t dependencies)
{
    const struct scan_stats *st = &res->stats;
    const char *label = NULL;
    struct complexity_input ci = {st->included_files, st->lines, (unsigned)st->n_langs,
                                  dependencies};
    double complexity = score_complexity(&ci, &label);
    double readiness = score_launch_readiness(res->findings, res->n_findings);
    char cs[32], rs[32];
    snprintf(cs, sizeof(cs), "%.1f", complexity);
    snprintf(rs, sizeof(rs), "%.1f", readiness);
    char *summary = scan_summary_json(res);
    char *langs = scan_languages_json(st);
    struct store_scan_outcome o = {
        {(int64_t)st->total_files, (int64_t)st->included_files, (int64_t)st->ignored_files,
         (int64_t)st->risky_files, (int64_t)st->total_bytes, (int64_t)st->included_bytes},
        (int64_t)st->lines,
        (int64_t)dependencies,
        langs,
        cs,
        label,
        rs,
        summary,
        time_now()};
    enum vg_err e = store_scans_complete(c, scan_id, &o);
    free(summary);
    free(langs);
    return e;
}

static enum vg_err scan_store_failed(struct store_conn *c, const char *scan_id, const char *msg)
{
    return store_scans_fail(c, scan_id, msg, time_now());
}

/* Write the outcome and finish the job in one transaction, under the lease. */
static enum vg_err scan_settle(struct app *app, const struct job *job, const char *worker_id,
                               const struct scan_result *res, uint64_t dependencies,
                               const char *failure)
{
    struct store_conn *c = NULL;
    enum vg_err e = store_acquire(app->store, &c);
    if (e != VG_OK)
        return e;
    e = store_begin(c);
    if (e == VG_OK && failure == NULL)
        e = scan_insert_findings(c, job->subject_id, res);
    if (e == VG_OK)
        e = failure == NULL ? scan_store_complete(c, job->subject_id, res, dependencies)
                            : scan_store_failed(c, job->subject_id, failure);
    /* Events, usage and the findings lifecycle, in the same transaction (idempotent). */
    if (e == VG_OK)
        e = store_scan_settled(c, job->subject_id, failure == NULL);
    if (e == VG_OK)
        e = jobs_finish(c, job, worker_id, failure == NULL, failure);
    if (e == VG_OK)
        e = store_commit(c);
    else
        store_rollback(c);
    store_release(c);
    return e;
}

/* The source's failure for the user: its own message, except for the engine's limits,
 * which read the same for every source. */
static char *scan_source_message(enum vg_err e, const struct scan_result *res,
                                 const struct source_outcome *so, const char *fallback)
{
    if (e == VG_OK || res->stats.limit_reached != NULL)
        return scan_outcome_message(e, res);
    return xstrdup(so->error[0] ? so->error : fallback);
}

/* A push to a git upload: every ref of its bare repository and their history. */
static void scan_git_upload(struct app *app, const char *scan_id, struct source_spec *spec,
                            const struct scan_options *opt, struct scan_result *res,
                            struct source_outcome *so, char **failure)
{
    struct store_git_upload u;
    if (scan_id == NULL || store_git_uploads_by_scan(app->store, scan_id, &u) != VG_OK ||
        u.repo_deleted_at != 0) {
        *failure = xstrdup("The pushed repository is gone; push again to a new git upload.");
        return;
    }
    char *dir = source_git_upload_path(app->cfg.data_dir, u.id);
    spec->kind = SOURCE_GIT;
    spec->repo_path = dir;
    spec->all_refs = true;
    enum vg_err e = source_scan(spec, app->engine, opt, res, so);
    *failure = scan_source_message(e, res, so, "The pushed repository could not be read.");
    free(dir);
}

enum vg_err scan_job_read_source(struct app *app, const struct scan_job_source *src,
                                 scan_progress_fn progress, scan_warn_fn warn, void *ctx,
                                 struct scan_result *res, uint64_t *dependencies,
                                 char **failure)
{
    enum vg_err outcome = VG_OK;
    struct scan_options opt;
    scan_options_init(&opt);
    opt.threads = app->cfg.scan_threads;
    opt.fingerprint_key = app->cfg.key;
    opt.fingerprint_key_len = sizeof(app->cfg.key);
    opt.max_total_bytes = SCAN_MAX_TOTAL_BYTES;
    opt.progress = progress;
    opt.progress_ctx = ctx;
    opt.warn = warn;
    opt.warn_ctx = ctx;
    /* Opened per job (tens of milliseconds) so `vega advisories import` takes effect
     * without restarting the workers. */
    struct deps_db *db = NULL;
    if (deps_db_open(app->cfg.data_dir, &db) != VG_OK)
        log_msg(LOG_ERROR, "advisory_index_unreadable", "note",
                "dependencies not checked; run `vega advisories import` again", NULL);
    struct depscan *deps = depscan_new(db);
    depscan_attach(deps, &opt);
    struct source_spec spec = {.kind = SOURCE_ZIP, .fd = -1};
    struct source_outcome so;
    memset(&so, 0, sizeof so);
    enum vg_err e = VG_OK;
    if (strcmp(src->source_type, "github") == 0) {
        spec.kind = SOURCE_GITHUB;
        spec.github_repo = src->repo ? src->repo : "";
        spec.cfg = &app->cfg;
        spec.history = src->history;
        e = source_scan(&spec, app->engine, &opt, res, &so);
        *failure = scan_source_message(e, res, &so,
                                       "The repository could not be fetched from GitHub.");
    } else if (strcmp(src->source_type, "git") == 0) {
        scan_git_upload(app, src->scan_id, &spec, &opt, res, &so, failure);
    } else {
        e = src->storage_path ? blob_open_read_version(app->blobs, src->storage_path,
                                                       src->storage_version, &spec.fd)
                              : VG_ERR_NOT_FOUND;
        if (e == VG_ERR_CONFLICT) {
            /* Bytes PUT through the upload URL after the scan started: never scanned. */
            *failure = xstrdup("The uploaded archive was replaced after the scan started; "
                               "create a new scan and upload again.");
        } else if (e == VG_ERR_NOT_FOUND || e == VG_ERR_INVALID) {
            *failure = xstrdup("The uploaded archive is missing; create a new scan and "
                               "upload again.");
        } else if (e != VG_OK) {
            /* An outage of the storage, not of this scan: the caller may run it later. */
            outcome = VG_ERR_UNAVAILABLE;
            *failure = xstrdup("The storage is unavailable; try again later.");
            log_msg(LOG_WARN, "scan_source_unavailable", NULL);
        } else {
            e = source_scan(&spec, app->engine, &opt, res, &so);
            close(spec.fd);
            *failure = scan_outcome_message(e, res);
        }
    }
    if (*failure != NULL && outcome == VG_OK)
        log_msg(LOG_WARN, "scan_failed", "scan_id", src->scan_id ? src->scan_id : "",
                "engine_error", res->error ? res->error : err_name(e), NULL);
    depscan_finish(deps, res);
    *dependencies = depscan_dependency_count(deps);
    depscan_free(deps);
    deps_db_free(db);
    return outcome;
}

/* Run the engine over the job's source into res. *failure gets a user message; a storage
 * outage sets ctx->transient instead (the job runs again later). */
static void scan_source(struct job_ctx *ctx, const struct scan_row *row,
                        struct scan_result *res, char **failure)
{
    struct scan_job_source src = {row->source, row->storage_path, row->repo, ctx->scan_id,
                                  row->history, row->storage_version};
    if (scan_job_read_source(ctx->app, &src, job_progress, job_warn, ctx, res,
                             &ctx->dependencies, failure) == VG_ERR_UNAVAILABLE) {
        ctx->transient = true;
        free(*failure);
        *failure = NULL;
    }
}

enum vg_err scan_job_run(struct app *app, const struct job *job, const char *worker_id)
{
    struct scan_row row = {0};
    bool found = false;
    enum vg_err e = scan_load(app, job->subject_id, &row, &found);
    if (e != VG_OK)
        return e;
    struct scan_result res = SCAN_RESULT_INIT;
    char *failure = NULL;
    struct job_ctx ctx = {app, job, worker_id, job->subject_id, 0, false, 0, false};
    if (!found || scan_status_settled(row.status)) {
        /* Nothing to do: settled by an earlier run, or the scan is gone. */
        struct store_conn *c = NULL;
        if (store_acquire(app->store, &c) == VG_OK) {
            (void)jobs_finish(c, job, worker_id, true, NULL);
            store_release(c);
        }
        if (found) /* settled, maybe by a run that crashed before deleting the archive */
            cleanup_scan_upload(app, job->subject_id, row.storage_path);
        goto out;
    }
    if (job->attempts > job->max_attempts) {
        failure = xstrdup(SCAN_ATTEMPTS_MESSAGE);
    } else {
        scan_set_status(app, job->subject_id, SCAN_STATUS_EXTRACTING);
        log_msg(LOG_INFO, "scan_started", "scan_id", job->subject_id, "worker", worker_id, NULL);
        double t0 = time_mono_ms();
        scan_source(&ctx, &row, &res, &failure);
        metrics_engine(app->metrics, res.stats.total_bytes, (time_mono_ms() - t0) / 1000.0);
        if (ctx.transient) {
            e = VG_ERR_UNAVAILABLE; /* the worker hands the job back for a later run */
            goto out;
        }
    }
    e = scan_settle(app, job, worker_id, &res, ctx.dependencies, failure);
    if (e == VG_ERR_CONFLICT)
        log_msg(LOG_WARN, "scan_lease_lost", "scan_id", job->subject_id, NULL);
    if (e == VG_OK) {
        log_msg(LOG_INFO, failure ? "scan_failed_settled" : "scan_complete", "scan_id",
                job->subject_id, NULL);
        cleanup_scan_upload(app, job->subject_id, row.storage_path);
    }
out:
    free(failure);
    scan_result_release(&res);
    scan_row_release(&row);
    return e == VG_ERR_CONFLICT ? VG_OK : e;
}
