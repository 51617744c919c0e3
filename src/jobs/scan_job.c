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
#include "blob/blob.h"
#include "jobs/cleanup.h"
#include "jobs/github.h"
#include "jobs/score.h"
#include "deps/depscan.h"
#include "scan/engine.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define SCAN_MAX_TOTAL_BYTES ((uint64_t)4 * 1024 * 1024 * 1024)
#define SCAN_ATTEMPTS_MESSAGE "The scan could not be completed after several attempts."

struct scan_row {
    char status[16];
    char source[16];
    char *storage_path;
    char *repo;
};

struct job_ctx {
    struct app *app;
    const struct job *job;
    const char *worker_id;
    const char *scan_id;
    double last_ms;
    bool scanning;
    uint64_t dependencies; /* distinct dependencies in the manifests scanned */
};

static void scan_row_release(struct scan_row *r)
{
    free(r->storage_path);
    free(r->repo);
}

static enum vg_err scan_load(struct app *app, const char *id, struct scan_row *row, bool *found)
{
    struct store_param p[] = {SP_TEXT(id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(app->store,
                                 "SELECT status, source_type, upload_storage_path, "
                                 "github_repo_full_name FROM scans WHERE id = $1",
                                 p, 1, &r);
    if (e != VG_OK)
        return e;
    *found = store_result_rows(r) == 1;
    if (*found) {
        snprintf(row->status, sizeof(row->status), "%s", store_result_get(r, 0, 0));
        snprintf(row->source, sizeof(row->source), "%s", store_result_get(r, 0, 1));
        row->storage_path = xstrdup(store_result_get(r, 0, 2));
        row->repo = xstrdup(store_result_get(r, 0, 3));
    }
    store_result_free(r);
    return VG_OK;
}

static void scan_set_status(struct app *app, const char *id, const char *status)
{
    struct store_param p[] = {SP_TEXT(status), SP_TEXT(id)};
    (void)store_query1(app->store,
                       "UPDATE scans SET status = $1 WHERE id = $2 AND status IN "
                       "('queued', 'extracting', 'scanning')",
                       p, 2, NULL);
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
        scan_set_status(c->app, c->scan_id, "scanning");
    }
    double now = time_mono_ms();
    if (now - c->last_ms < 1000.0)
        return;
    c->last_ms = now;
    struct store_param p[] = {SP_INT((int64_t)s->total_files),
                              SP_INT((int64_t)s->included_files),
                              SP_INT((int64_t)s->ignored_files),
                              SP_INT((int64_t)s->risky_files),
                              SP_INT((int64_t)s->total_bytes),
                              SP_INT((int64_t)s->included_bytes),
                              SP_TEXT(c->scan_id)};
    (void)store_query1(c->app->store,
                       "UPDATE scans SET total_files = $1, included_files = $2, "
                       "ignored_files = $3, risky_skipped_files = $4, total_bytes = $5, "
                       "included_bytes = $6 WHERE id = $7 AND status = 'scanning'",
                       p, 7, NULL);
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
    int64_t now = time_now();
    struct store_param pd[] = {SP_TEXT(scan_id)};
    enum vg_err e = store_query(c, "DELETE FROM findings WHERE scan_id = $1", pd, 1, NULL);
    for (size_t i = 0; e == VG_OK && i < res->n_findings; i++) {
        const struct scan_finding *f = &res->findings[i];
        char id[UUID_STR_LEN];
        rand_uuid(id);
        struct store_param p[] = {SP_TEXT(id),
                                  SP_TEXT(scan_id),
                                  SP_TEXT(f->fingerprint),
                                  SP_TEXT(f->rule_id),
                                  SP_TEXT(scan_severity_name(f->severity)),
                                  SP_TEXT(f->category),
                                  SP_TEXT(f->title),
                                  SP_TEXT(f->description),
                                  SP_TEXT_OR_NULL(f->recommendation),
                                  SP_TEXT(f->file_path),
                                  SP_INT(f->line_start),
                                  SP_INT(f->line_end),
                                  SP_TEXT_OR_NULL(f->masked_evidence),
                                  SP_TEXT(scan_confidence_name(f->confidence)),
                                  SP_INT(now)};
        e = store_query(c,
                        "INSERT INTO findings (id, scan_id, fingerprint, rule_id, severity, "
                        "category, title, description, recommendation, file_path, line_start, "
                        "line_end, masked_evidence, confidence, created_at) VALUES "
                        "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) "
                        "ON CONFLICT (scan_id, fingerprint, file_path, line_start) DO NOTHING",
                        p, 15, NULL);
    }
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
    struct store_param p[] = {SP_INT((int64_t)st->total_files),
                              SP_INT((int64_t)st->included_files),
                              SP_INT((int64_t)st->ignored_files),
                              SP_INT((int64_t)st->risky_files),
                              SP_INT((int64_t)st->total_bytes),
                              SP_INT((int64_t)st->included_bytes),
                              SP_INT((int64_t)st->lines),
                              SP_TEXT(langs),
                              SP_INT((int64_t)dependencies),
                              SP_TEXT(cs),
                              SP_TEXT(label),
                              SP_TEXT(rs),
                              SP_TEXT(summary),
                              SP_INT(time_now()),
                              SP_TEXT(scan_id)};
    enum vg_err e = store_query(
        c,
        "UPDATE scans SET status = 'complete', total_files = $1, included_files = $2, "
        "ignored_files = $3, risky_skipped_files = $4, total_bytes = $5, included_bytes = $6, "
        "total_lines = $7, languages = $8, dependency_count = $9, complexity_score = $10, "
        "complexity_label = $11, launch_readiness_score = $12, findings_summary = $13, "
        "completed_at = $14, error_message = NULL WHERE id = $15",
        p, 15, NULL);
    free(summary);
    free(langs);
    return e;
}

static enum vg_err scan_store_failed(struct store_conn *c, const char *scan_id, const char *msg)
{
    struct store_param p[] = {SP_TEXT(msg), SP_INT(time_now()), SP_TEXT(scan_id)};
    return store_query(c,
                       "UPDATE scans SET status = 'failed', error_message = $1, "
                       "completed_at = $2 WHERE id = $3",
                       p, 3, NULL);
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
    if (e == VG_OK)
        e = jobs_finish(c, job, worker_id, failure == NULL, failure);
    if (e == VG_OK)
        e = store_commit(c);
    else
        store_rollback(c);
    store_release(c);
    return e;
}

/* A GitHub source: github_scan_repo streams the tarball; its message is for the user,
 * except for the engine's own limits, which read the same as for uploads. */
static void scan_github(struct job_ctx *ctx, const struct scan_row *row,
                        const struct scan_options *opt, struct scan_result *res, char **failure)
{
    char msg[256] = "";
    enum vg_err e = github_scan_repo(&ctx->app->cfg, row->repo ? row->repo : "",
                                     ctx->app->engine, opt, res, msg, sizeof msg);
    if (e == VG_OK || res->stats.limit_reached != NULL)
        *failure = scan_outcome_message(e, res);
    else
        *failure = xstrdup(msg[0] ? msg : "The repository could not be fetched from GitHub.");
}

/* Run the engine over the job's source into res. *failure gets a user message. */
static void scan_source(struct job_ctx *ctx, const struct scan_row *row,
                        struct scan_result *res, char **failure)
{
    struct app *app = ctx->app;
    struct scan_options opt;
    scan_options_init(&opt);
    opt.threads = app->cfg.scan_threads;
    opt.fingerprint_key = app->cfg.key;
    opt.fingerprint_key_len = sizeof(app->cfg.key);
    opt.max_total_bytes = SCAN_MAX_TOTAL_BYTES;
    opt.progress = job_progress;
    opt.progress_ctx = ctx;
    opt.warn = job_warn;
    opt.warn_ctx = ctx;
    /* Opened per job (tens of milliseconds) so `vega advisories import` takes effect
     * without restarting the workers. */
    struct deps_db *db = NULL;
    if (deps_db_open(app->cfg.data_dir, &db) != VG_OK)
        log_msg(LOG_ERROR, "advisory_index_unreadable", "note",
                "dependencies not checked; run `vega advisories import` again", NULL);
    struct depscan *deps = depscan_new(db);
    depscan_attach(deps, &opt);
    if (strcmp(row->source, "github") == 0) {
        scan_github(ctx, row, &opt, res, failure);
    } else {
        int fd = -1;
        enum vg_err e = blob_open_read(app->blobs, row->storage_path, &fd);
        if (e != VG_OK) {
            *failure = xstrdup("The uploaded archive is missing; create a new scan and "
                               "upload again.");
        } else {
            e = scan_archive_fd(app->engine, fd, &opt, res);
            close(fd);
            *failure = scan_outcome_message(e, res);
            if (*failure != NULL)
                log_msg(LOG_WARN, "scan_failed", "scan_id", ctx->scan_id, "engine_error",
                        res->error ? res->error : err_name(e), NULL);
        }
    }
    depscan_finish(deps, res);
    ctx->dependencies = depscan_dependency_count(deps);
    depscan_free(deps);
    deps_db_free(db);
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
    struct job_ctx ctx = {app, job, worker_id, job->subject_id, 0, false, 0};
    if (!found || strcmp(row.status, "complete") == 0 || strcmp(row.status, "failed") == 0) {
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
        scan_set_status(app, job->subject_id, "extracting");
        log_msg(LOG_INFO, "scan_started", "scan_id", job->subject_id, "worker", worker_id, NULL);
        scan_source(&ctx, &row, &res, &failure);
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
