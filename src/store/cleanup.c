/*
 * cleanup.c - every statement of the cleanup pass (see cleanup.h). Each row step is a
 * table row: the SQL that counts what it would remove (dry run) and the SQL that removes
 * it, both with the same conditions.
 */
#include "store/cleanup.h"

#include <stdlib.h>
#include <string.h>

#include "store/row.h"
#include "util/xalloc.h"

/* The parameters, in order: $1 now, $2 the age cutoff, $3 the upload-URL cutoff, $4 the
 * rate-window cutoff, $5 the message of an expired upload. */
struct step {
    size_t count; /* offset of the int64_t counter in struct store_cleanup_counts */
    /* The highest $N each statement uses: both backends want exactly those. */
    size_t count_nparams, remove_nparams;
    const char *count_sql;
    const char *remove_sql;
};

#define COUNT(f) offsetof(struct store_cleanup_counts, f)

#define EXPIRED_UPLOAD_WHERE                                                                       \
    "status = 'queued' AND started_at IS NULL AND upload_received_at IS NULL AND "                 \
    "upload_storage_path IS NOT NULL AND upload_expires_at < $3"

static const struct step cleanup_steps[] = {
    {COUNT(expired_uploads), 3, 5, "SELECT COUNT(*) AS n FROM scans WHERE " EXPIRED_UPLOAD_WHERE,
     "UPDATE scans SET status = 'failed', error_message = $5, completed_at = $1, "
     "upload_deleted_at = $1 WHERE " EXPIRED_UPLOAD_WHERE},
    {COUNT(expired_git_uploads), 2, 2,
     "SELECT COUNT(*) AS n FROM git_uploads WHERE expires_at < $2",
     "DELETE FROM git_uploads WHERE expires_at < $2"},
    {COUNT(expired_tokens), 1, 1, "SELECT COUNT(*) AS n FROM access_tokens WHERE expires_at < $1",
     "DELETE FROM access_tokens WHERE expires_at < $1"},
    /* Spent refresh tokens detect reuse; they go only older_than_days after expiry. */
    {COUNT(expired_tokens), 2, 2, "SELECT COUNT(*) AS n FROM refresh_tokens WHERE expires_at < $2",
     "DELETE FROM refresh_tokens WHERE expires_at < $2"},
    {COUNT(rate_counters), 4, 4, "SELECT COUNT(*) AS n FROM rate_counters WHERE window_start < $4",
     "DELETE FROM rate_counters WHERE window_start < $4"},
    {COUNT(finished_jobs), 2, 2,
     "SELECT COUNT(*) AS n FROM jobs WHERE status IN ('done', 'failed') AND updated_at < $2",
     "DELETE FROM jobs WHERE status IN ('done', 'failed') AND updated_at < $2"},
    /* Marked by an earlier pass (or a live worker's heartbeat), so GET /v1/ops/workers
     * showed them dead before they go. */
    {COUNT(dead_workers), 0, 0, "SELECT COUNT(*) AS n FROM workers WHERE dead_at IS NOT NULL",
     "DELETE FROM workers WHERE dead_at IS NOT NULL"},
};

enum vg_err store_cleanup_rows(struct store *st, const struct store_cleanup_cutoffs *k,
                               bool dry_run, struct store_cleanup_counts *out)
{
    struct store_param p[] = {SP_INT(k->now), SP_INT(k->age), SP_INT(k->upload), SP_INT(k->rates),
                              SP_TEXT(k->expired_message)};
    enum vg_err e = VG_OK;
    for (size_t i = 0; e == VG_OK && i < sizeof cleanup_steps / sizeof cleanup_steps[0]; i++) {
        const struct step *s = &cleanup_steps[i];
        struct store_result *r = NULL;
        e = store_query1(st, dry_run ? s->count_sql : s->remove_sql, p,
                         dry_run ? s->count_nparams : s->remove_nparams, &r);
        int64_t *counter = (int64_t *)(void *)((char *)out + s->count);
        if (e == VG_OK)
            *counter += dry_run ? store_row_int(r, 0, "n", 0) : (int64_t)store_result_affected(r);
        store_result_free(r);
    }
    return e;
}

void store_scan_uploads_release(struct store_scan_uploads *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i].storage_path);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

static void uploads_from(const struct store_result *r, struct store_scan_uploads *out)
{
    out->n = store_result_rows(r);
    out->items = xcalloc(out->n ? out->n : 1, sizeof(*out->items));
    for (size_t i = 0; i < out->n; i++) {
        store_row_copy(r, i, "id", out->items[i].id, sizeof(out->items[i].id));
        out->items[i].storage_path = store_row_dup(r, i, "upload_storage_path");
    }
}

enum vg_err store_cleanup_finished_uploads(struct store *st, int64_t finished_before,
                                           struct store_scan_uploads *out)
{
    memset(out, 0, sizeof(*out));
    struct store_param p[] = {SP_INT(finished_before)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(
        st,
        "SELECT id, upload_storage_path FROM scans s WHERE status IN ('complete', 'failed') "
        "AND upload_storage_path IS NOT NULL AND upload_deleted_at IS NULL AND "
        "COALESCE(completed_at, created_at) < $1 AND NOT EXISTS (SELECT 1 FROM audits a "
        "WHERE a.scan_id = s.id AND a.status NOT IN ('completed', 'failed', 'canceled'))",
        p, 1, &r);
    if (e == VG_OK)
        uploads_from(r, out);
    store_result_free(r);
    return e;
}

#define ABANDONED_WHERE                                                                            \
    "status = 'queued' AND started_at IS NULL AND upload_received_at IS NOT NULL AND "             \
    "upload_received_at < $1"

enum vg_err store_cleanup_abandon(struct store *st, int64_t received_before, int64_t now,
                                  const char *message, bool dry_run, struct store_scan_uploads *out)
{
    memset(out, 0, sizeof(*out));
    struct store_param p[] = {SP_INT(received_before), SP_INT(now), SP_TEXT(message)};
    struct store_result *r = NULL;
    enum vg_err e =
        dry_run
            ? store_query1(st, "SELECT id, upload_storage_path FROM scans WHERE " ABANDONED_WHERE,
                           p, 1, &r)
            : store_query1(st,
                           "UPDATE scans SET status = 'failed', error_message = $3, "
                           "completed_at = $2 WHERE " ABANDONED_WHERE
                           " RETURNING id, upload_storage_path",
                           p, 3, &r);
    if (e == VG_OK)
        uploads_from(r, out);
    store_result_free(r);
    return e;
}

enum vg_err store_cleanup_upload_deleted(struct store *st, const char *scan_id, int64_t now)
{
    struct store_param p[] = {SP_INT(now), SP_TEXT(scan_id)};
    return store_query1(st,
                        "UPDATE scans SET upload_deleted_at = $1 WHERE id = $2 AND "
                        "upload_deleted_at IS NULL",
                        p, 2, NULL);
}
