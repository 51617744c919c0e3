/*
 * cleanup.c - every statement of the cleanup pass (see cleanup.h). Each row step is a
 * table row: the SQL that counts what it would remove (dry run) and the SQL that removes
 * it, both with the same conditions.
 */
#include "store/cleanup.h"

#include <stdlib.h>
#include <string.h>

#include "store/page.h"
#include "store/row.h"

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
    /* The one-use links of account mail (migration 0008), once expired. */
    {COUNT(expired_tokens), 1, 1, "SELECT COUNT(*) AS n FROM account_tokens WHERE expires_at < $1",
     "DELETE FROM account_tokens WHERE expires_at < $1"},
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

static void upload_from_row(const struct store_result *r, size_t i, void *item)
{
    struct store_scan_upload *u = item;
    store_row_copy(r, i, "id", u->id, sizeof(u->id));
    u->storage_path = store_row_dup(r, i, "upload_storage_path");
}

static enum vg_err uploads_query(struct store *st, const char *sql, const struct store_param *p,
                                 size_t np, struct store_scan_uploads *out)
{
    void *items = NULL;
    enum vg_err e = store_query_items(st, sql, p, np, sizeof(struct store_scan_upload),
                                      upload_from_row, &items, &out->n);
    out->items = items;
    return e;
}

/* Whether the code of scan s may go (docs/audits.md "Customer code"): no paid audit is
 * running on it, and the scan failed, or a paid audit on it has ended, or its audit window
 * ($1: scans completed before it) passed with no purchase still awaiting its payment. */
#define SOURCE_DUE(s)                                                                              \
    "NOT EXISTS (SELECT 1 FROM audits a WHERE a.scan_id = " s ".id AND a.status IN ('queued', "     \
    "'running', 'generating_report')) AND (" s ".status = 'failed' OR EXISTS (SELECT 1 FROM "       \
    "audits a WHERE a.scan_id = " s ".id AND a.status IN ('completed', 'failed')) OR "              \
    "(COALESCE(" s ".completed_at, " s ".created_at) < $1 AND NOT EXISTS (SELECT 1 FROM audits a "  \
    "WHERE a.scan_id = " s ".id AND a.status = 'awaiting_payment')))"

enum vg_err store_cleanup_finished_uploads(struct store *st, int64_t window_before,
                                           const char *scan_id, struct store_scan_uploads *out)
{
    struct store_param p[] = {SP_INT(window_before), SP_TEXT(scan_id ? scan_id : "")};
    return uploads_query(st,
                         "SELECT id, upload_storage_path FROM scans s WHERE status IN "
                         "('complete', 'failed') AND upload_storage_path IS NOT NULL AND "
                         "upload_deleted_at IS NULL AND ($2 = '' OR s.id = $2) AND " SOURCE_DUE(
                             "s"),
                         p, 2, out);
}

enum vg_err store_cleanup_git_repos_due(struct store *st, int64_t window_before,
                                        const char *scan_id, char (*ids)[UUID_STR_LEN],
                                        size_t max, size_t *n)
{
    *n = 0;
    struct store_param p[] = {SP_INT(window_before), SP_TEXT(scan_id ? scan_id : ""),
                              SP_INT((int64_t)max)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(
        st,
        "SELECT g.id FROM git_uploads g JOIN scans s ON s.id = g.scan_id WHERE "
        "g.repo_deleted_at IS NULL AND g.status = 'complete' AND ($2 = '' OR s.id = $2) "
        "AND " SOURCE_DUE("s") " ORDER BY g.id LIMIT $3",
        p, 3, &r);
    for (size_t i = 0; e == VG_OK && i < store_result_rows(r) && i < max; i++)
        store_row_copy(r, i, "id", ids[(*n)++], UUID_STR_LEN);
    store_result_free(r);
    return e;
}

#define ABANDONED_WHERE                                                                            \
    "status = 'queued' AND started_at IS NULL AND upload_received_at IS NOT NULL AND "             \
    "upload_received_at < $1"

enum vg_err store_cleanup_abandon(struct store *st, int64_t received_before, int64_t now,
                                  const char *message, bool dry_run, struct store_scan_uploads *out)
{
    struct store_param p[] = {SP_INT(received_before), SP_INT(now), SP_TEXT(message)};
    if (dry_run)
        return uploads_query(st,
                             "SELECT id, upload_storage_path FROM scans WHERE " ABANDONED_WHERE,
                             p, 1, out);
    return uploads_query(st,
                         "UPDATE scans SET status = 'failed', error_message = $3, completed_at = "
                         "$2 WHERE " ABANDONED_WHERE " RETURNING id, upload_storage_path",
                         p, 3, out);
}

enum vg_err store_cleanup_upload_deleted(struct store *st, const char *scan_id, int64_t now)
{
    struct store_param p[] = {SP_INT(now), SP_TEXT(scan_id)};
    return store_query1(st,
                        "UPDATE scans SET upload_deleted_at = $1 WHERE id = $2 AND "
                        "upload_deleted_at IS NULL",
                        p, 2, NULL);
}

enum vg_err store_cleanup_upload_kept(struct store *st, const char *key, bool *kept)
{
    struct store_param p[] = {SP_TEXT(key)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT COUNT(*) AS n FROM scans WHERE upload_storage_path = $1 "
                                 "AND upload_deleted_at IS NULL",
                                 p, 1, &r);
    *kept = e != VG_OK || store_row_int(r, 0, "n", 1) > 0;
    store_result_free(r);
    return e;
}
