/*
 * cleanup.c - the cleanup pass and its timer (see cleanup.h). The statements are in
 * store/cleanup.c; this file orders the steps and deletes the archives, in the steps
 * that know their keys: a finished scan's archive is unlinked first and the scan marked after
 * (upload_deleted_at), so a crash in between leaves a row the next pass retries, never an
 * archive nobody will delete.
 */
#include "jobs/cleanup.h"

#include <dirent.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/app.h"
#include "audit/job.h"
#include "blob/blob.h"
#include "store/audits.h"
#include "source/source.h"
#include "store/cleanup.h"
#include "store/git_uploads.h"
#include "store/projects.h"
#include "store/scans.h"
#include "store/workers.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define DAY_S 86400
#define CLEANUP_MSG_EXPIRED "The upload URL expired before an archive arrived; create a new scan."
#define CLEANUP_MSG_ABANDONED                                                                      \
    "The archive was uploaded but the scan was never started; it has been deleted."

struct cutoffs {
    int64_t now, age, upload, rates;
    int64_t window; /* complete scans' code kept for an audit: those completed after this */
};

/* Scans completed before the result lost their audit window (all of them without
 * --retain-uploads). */
static int64_t cleanup_window_cutoff(const struct app *app, int64_t now)
{
    return app->cfg.retain_uploads ? now - (int64_t)app->cfg.audit_window_seconds : now + 1;
}

/* Delete one archive (or, dry, measure it). True when it existed. */
static bool cleanup_blob(struct app *app, const char *key, bool dry_run, struct cleanup_counts *out)
{
    uint64_t size = 0;
    if (dry_run) {
        if (blob_stat(app->blobs, key, &size) != VG_OK)
            return false;
    } else if (blob_delete_counted(app->blobs, key, &size) != VG_OK || size == 0) {
        /* Absent (another process got it first) or unreadable: nothing freed here. An
         * empty archive is impossible: uploads are refused unless they start with PK. */
        return false;
    }
    out->bytes_freed += size;
    return true;
}

static enum vg_err cleanup_mark_deleted(struct app *app, const char *id, int64_t now)
{
    return store_cleanup_upload_deleted(app->store, id, now);
}

/* Delete the archives of l (or, dry, measure them), marking each scan after its archive. */
static enum vg_err cleanup_uploads(struct app *app, const struct store_scan_uploads *l,
                                   int64_t now, bool dry_run, struct cleanup_counts *out)
{
    enum vg_err e = VG_OK;
    for (size_t i = 0; e == VG_OK && i < l->n; i++) {
        const char *key = l->items[i].storage_path;
        if (key != NULL && cleanup_blob(app, key, dry_run, out))
            out->upload_blobs++;
        if (!dry_run)
            e = cleanup_mark_deleted(app, l->items[i].id, now);
    }
    return e;
}

/* Archives of finished scans still on storage that may go: missed by the delete at
 * completion (a crash), kept for the audit window that has now passed, or kept for a paid
 * audit that has ended (docs/audits.md "Customer code"). scan_id: only that scan's. */
static enum vg_err cleanup_upload_blobs(struct app *app, int64_t window, const char *scan_id,
                                        int64_t now, bool dry_run, struct cleanup_counts *out)
{
    struct store_scan_uploads l;
    enum vg_err e = store_cleanup_finished_uploads(app->store, window, scan_id, &l);
    if (e == VG_OK)
        e = cleanup_uploads(app, &l, now, dry_run, out);
    store_scan_uploads_release(&l);
    return e;
}

/* Uploaded but never started for older_than_days: the scan fails (claimed by one
 * conditional UPDATE, so a concurrent `start` or cleanup either wins or loses whole) and
 * its archive goes, --retain-uploads or not: no audit can follow a scan that never ran. */
static enum vg_err cleanup_abandoned(struct app *app, const struct cutoffs *k, bool dry_run,
                                     struct cleanup_counts *out)
{
    struct store_scan_uploads l;
    enum vg_err e =
        store_cleanup_abandon(app->store, k->age, k->now, CLEANUP_MSG_ABANDONED, dry_run, &l);
    if (e == VG_OK) {
        out->abandoned_scans += (int64_t)l.n;
        e = cleanup_uploads(app, &l, k->now, dry_run, out);
    }
    store_scan_uploads_release(&l);
    return e;
}

/* ---- orphans: objects no scan keeps ---- */

#define CLEANUP_UPLOAD_PREFIX "raw-uploads/"

struct orphan_walk {
    struct app *app;
    bool dry_run;
    struct cleanup_counts *out;
    enum vg_err e;
};

static int cleanup_orphan_one(void *ctx, const char *key, uint64_t size, int64_t mtime)
{
    struct orphan_walk *w = ctx;
    (void)size, (void)mtime;
    bool kept = true;
    w->e = store_cleanup_upload_kept(w->app->store, key, &kept);
    if (w->e != VG_OK)
        return 1;
    if (!kept && cleanup_blob(w->app, key, w->dry_run, w->out))
        w->out->upload_blobs++;
    return 0;
}

/* Upload objects that no scan keeps: a direct upload to S3 whose scan was never started
 * (the server never saw it arrive), a scan or project deleted, a delete that failed. */
static enum vg_err cleanup_orphan_blobs(struct app *app, bool dry_run, struct cleanup_counts *out)
{
    struct orphan_walk w = {app, dry_run, out, VG_OK};
    enum vg_err e = blob_list(app->blobs, CLEANUP_UPLOAD_PREFIX, cleanup_orphan_one, &w);
    return e != VG_OK ? e : w.e;
}

/* Failed paid audits whose refund the job could not make (the provider was down). */
static void cleanup_refunds(struct app *app)
{
    char ids[32][UUID_STR_LEN];
    size_t n = 0;
    if (store_audits_unrefunded(app->store, ids, 32, &n) == VG_OK) {
        for (size_t i = 0; i < n; i++)
            audit_refund(app, ids[i]);
    }
}

void cleanup_mark_dead_workers(struct app *app, int64_t now)
{
    int64_t stale = now - (int64_t)CLEANUP_DEAD_LEASES * app->cfg.job_lease_seconds;
    int64_t n = 0;
    if (store_workers_mark_dead(app->store, stale, now, &n) == VG_OK && n > 0) {
        char v[24];
        snprintf(v, sizeof v, "%lld", (long long)n);
        log_msg(LOG_WARN, "workers_marked_dead", "count", v, NULL);
    }
}

void cleanup_git_repo(struct app *app, const char *upload_id)
{
    char *dir = source_git_upload_path(app->cfg.data_dir, upload_id);
    if (fs_remove_tree(dir) != 0)
        log_msg(LOG_WARN, "git_repo_delete_failed", "git_upload_id", upload_id, NULL);
    else if (store_git_uploads_repo_deleted(app->store, upload_id, time_now()) != VG_OK)
        log_msg(LOG_WARN, "git_repo_mark_failed", "git_upload_id", upload_id, NULL);
    free(dir);
}

/* Bare repositories whose git upload row is gone (its repository or project was deleted),
 * an hour after they were made (a POST creates the directory before the row). */
static void cleanup_git_orphans(struct app *app, int64_t now)
{
    char *root = xasprintf("%s/git", app->cfg.data_dir);
    DIR *d = opendir(root);
    struct dirent *de;
    while (d != NULL && (de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        char id[UUID_STR_LEN];
        if (len != UUID_STR_LEN - 1 + 4 || strcmp(de->d_name + len - 4, ".git") != 0)
            continue;
        snprintf(id, sizeof id, "%.*s", (int)(len - 4), de->d_name);
        char *dir = source_git_upload_path(app->cfg.data_dir, id);
        struct stat sb;
        struct store_git_upload u;
        if (uuid_valid(id) && stat(dir, &sb) == 0 && sb.st_mtime < now - CLEANUP_GIT_ORPHAN_S &&
            store_git_uploads_get(app->store, id, NULL, 0, &u) == VG_ERR_NOT_FOUND &&
            fs_remove_tree(dir) == 0)
            log_msg(LOG_INFO, "git_repo_orphan_deleted", "git_upload_id", id, NULL);
        free(dir);
    }
    if (d != NULL)
        closedir(d);
    free(root);
}

/* The bare repositories of git uploads whose scan completed and whose code may go, by the
 * rule of the archives (cleanup_upload_blobs). */
static void cleanup_git_scanned(struct app *app, int64_t window, const char *scan_id)
{
    char ids[64][UUID_STR_LEN];
    size_t n = 0;
    if (store_cleanup_git_repos_due(app->store, window, scan_id, ids, 64, &n) == VG_OK) {
        for (size_t i = 0; i < n; i++)
            cleanup_git_repo(app, ids[i]);
    }
}

/* Waiting git uploads past their expiry become expired (git_upload.expired); the bare
 * repositories of expired, revoked and failed uploads are deleted, and those of scanned
 * ones once their audit window has passed. */
static void cleanup_git_uploads(struct app *app, int64_t window, int64_t now)
{
    int64_t expired = 0;
    if (store_git_uploads_expire(app->store, now, &expired) != VG_OK)
        log_msg(LOG_WARN, "git_upload_expire_failed", NULL);
    char ids[64][UUID_STR_LEN];
    size_t n = 0;
    if (store_git_uploads_stale_repos(app->store, ids, 64, &n) == VG_OK) {
        for (size_t i = 0; i < n; i++)
            cleanup_git_repo(app, ids[i]);
    }
    cleanup_git_scanned(app, window, NULL);
    cleanup_git_orphans(app, now);
}

enum vg_err cleanup_run(struct app *app, bool dry_run, int64_t older_than_days, int64_t now,
                        struct cleanup_counts *out)
{
    memset(out, 0, sizeof *out);
    struct cutoffs k = {now, now - older_than_days * DAY_S,
                        now - BLOB_UPLOAD_TTL_S - CLEANUP_UPLOAD_GRACE_S,
                        now - CLEANUP_RATE_WINDOW_KEEP_S, cleanup_window_cutoff(app, now)};
    /* Audits whose payment was never approved are canceled first: they no longer hold
     * their scan's code past its audit window. */
    if (!dry_run)
        (void)store_audits_expire(app->store, now, NULL);
    /* First, so an expired upload gets its event and loses its repository before the
     * step below deletes its row (older_than_days after it expired). */
    if (!dry_run)
        cleanup_git_uploads(app, k.window, now);
    enum vg_err e = cleanup_abandoned(app, &k, dry_run, out);
    if (e == VG_OK)
        e = cleanup_upload_blobs(app, k.window, NULL, now, dry_run, out);
    if (e == VG_OK) {
        struct store_cleanup_cutoffs sk = {k.now, k.age, k.upload, k.rates, CLEANUP_MSG_EXPIRED};
        struct store_cleanup_counts n = {0};
        e = store_cleanup_rows(app->store, &sk, dry_run, &n);
        out->expired_uploads += n.expired_uploads;
        out->expired_git_uploads += n.expired_git_uploads;
        out->expired_tokens += n.expired_tokens;
        out->rate_counters += n.rate_counters;
        out->finished_jobs += n.finished_jobs;
        out->dead_workers += n.dead_workers;
    }
    if (e == VG_OK)
        e = cleanup_orphan_blobs(app, dry_run, out);
    if (e == VG_OK) {
        uint64_t bytes = 0;
        e = blob_sweep_tmp(app->blobs, k.upload, dry_run, &out->part_files, &bytes);
        out->bytes_freed += bytes;
    }
    if (e == VG_OK && !dry_run) {
        cleanup_mark_dead_workers(app, now);
        cleanup_refunds(app);
        /* Archives of deleted projects and repositories whose deletion did not finish. */
        store_blob_deletions_run(app->store, app->blobs);
    }
    return e;
}

bool cleanup_keeps_code(const struct app *app, bool complete)
{
    return app->cfg.retain_uploads && complete;
}

void cleanup_scan_upload(struct app *app, const char *scan_id, const char *storage_path)
{
    if (storage_path == NULL)
        return;
    struct store_scan scan;
    enum vg_err e = store_scans_get(app->store, scan_id, NULL, &scan);
    if (e != VG_OK) { /* the next cleanup pass decides */
        if (e != VG_ERR_NOT_FOUND)
            return;
    } else {
        bool keep = cleanup_keeps_code(app, scan.status == SCAN_STATUS_COMPLETE);
        store_scan_release(&scan);
        if (keep)
            return;
    }
    if (blob_delete(app->blobs, storage_path) != VG_OK) {
        log_msg(LOG_WARN, "upload_delete_failed", "scan_id", scan_id, NULL);
        return;
    }
    if (cleanup_mark_deleted(app, scan_id, time_now()) != VG_OK)
        log_msg(LOG_WARN, "upload_mark_failed", "scan_id", scan_id, NULL);
}

void cleanup_audit_source(struct app *app, const char *scan_id)
{
    struct cleanup_counts c = {0};
    int64_t now = time_now();
    if (cleanup_upload_blobs(app, cleanup_window_cutoff(app, now), scan_id, now, false, &c) !=
        VG_OK)
        log_msg(LOG_WARN, "audit_source_delete_failed", "scan_id", scan_id, NULL);
    cleanup_git_scanned(app, cleanup_window_cutoff(app, now), scan_id);
    if (c.upload_blobs > 0)
        log_msg(LOG_INFO, "audit_source_deleted", "scan_id", scan_id, NULL);
}

int64_t cleanup_audit_window_end(struct app *app, const struct store_scan *scan, bool window)
{
    if (strcmp(scan->source_type, "github") == 0)
        return 0; /* read again from GitHub */
    int64_t end = (scan->completed_at ? scan->completed_at : scan->created_at) +
                  (int64_t)app->cfg.audit_window_seconds;
    if (!app->cfg.retain_uploads || (window && time_now() >= end))
        return -1;
    if (strcmp(scan->source_type, "git") == 0) {
        struct store_git_upload u;
        return store_git_uploads_by_scan(app->store, scan->id, &u) == VG_OK &&
                       u.repo_deleted_at == 0
                   ? end
                   : -1;
    }
    uint64_t size = 0;
    return scan->upload_storage_path != NULL &&
                   blob_stat(app->blobs, scan->upload_storage_path, &size) == VG_OK
               ? end
               : -1;
}

/* ---- the timer of `vega serve` ---- */

struct cleanup_timer {
    struct app *app;
    unsigned interval;
    pthread_t tid;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    bool stop;
};

static void cleanup_log(const struct cleanup_counts *c)
{
    char v[10][24];
    const int64_t n[] = {c->expired_uploads,     c->abandoned_scans,     c->upload_blobs,
                         c->part_files,          c->expired_git_uploads, c->expired_tokens,
                         c->rate_counters,       c->finished_jobs,       c->dead_workers,
                         (int64_t)c->bytes_freed};
    for (size_t i = 0; i < 10; i++)
        snprintf(v[i], sizeof v[i], "%lld", (long long)n[i]);
    log_msg(LOG_INFO, "cleanup", "expired_uploads", v[0], "abandoned_scans", v[1], "upload_blobs",
            v[2], "part_files", v[3], "expired_git_uploads", v[4], "expired_tokens", v[5],
            "rate_counters", v[6], "finished_jobs", v[7], "dead_workers", v[8], "bytes_freed", v[9],
            NULL);
}

static void *cleanup_timer_main(void *arg)
{
    struct cleanup_timer *t = arg;
    pthread_mutex_lock(&t->mu);
    while (!t->stop) {
        struct timespec until = time_deadline_after_ms((uint64_t)t->interval * 1000u);
        while (!t->stop && pthread_cond_timedwait(&t->wake, &t->mu, &until) == 0)
            ;
        if (t->stop)
            break;
        pthread_mutex_unlock(&t->mu);
        struct cleanup_counts c;
        if (cleanup_run(t->app, false, CLEANUP_DEFAULT_DAYS, time_now(), &c) == VG_OK)
            cleanup_log(&c);
        else
            log_msg(LOG_WARN, "cleanup_failed", NULL);
        pthread_mutex_lock(&t->mu);
    }
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

struct cleanup_timer *cleanup_timer_start(struct app *app, unsigned interval)
{
    if (interval == 0)
        return NULL;
    struct cleanup_timer *t = xcalloc(1, sizeof *t);
    t->app = app;
    t->interval = interval;
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->wake, NULL);
    if (pthread_create(&t->tid, NULL, cleanup_timer_main, t) != 0) {
        log_msg(LOG_ERROR, "cleanup_timer_failed", NULL);
        pthread_mutex_destroy(&t->mu);
        pthread_cond_destroy(&t->wake);
        free(t);
        return NULL;
    }
    return t;
}

void cleanup_timer_stop(struct cleanup_timer *t)
{
    if (t == NULL)
        return;
    pthread_mutex_lock(&t->mu);
    t->stop = true;
    pthread_cond_broadcast(&t->wake);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->tid, NULL);
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->wake);
    free(t);
}
