/*
 * usage.c - billing usage rows and their sums (see usage.h).
 */
#include "store/usage.h"

#include <stdlib.h>
#include <string.h>

#include "store/row.h"
#include "util/xalloc.h"

#define DAY_S 86400

enum vg_err store_usage_scan(struct store_conn *c, const char *scan_id)
{
    struct store_param p[] = {SP_TEXT(scan_id)};
    return store_query(
        c,
        "INSERT INTO usage_events (id, user_id, kind, quantity, subject_id, created_at) "
        "SELECT CAST(gen_random_uuid() AS TEXT), s.user_id, k.kind, CASE k.kind WHEN 'scan' "
        "THEN 1 WHEN 'scanned_bytes' THEN COALESCE(s.included_bytes, 0) ELSE "
        "COALESCE(s.included_files, 0) END, s.id, COALESCE(s.completed_at, s.created_at) FROM "
        "scans s, (SELECT 'scan' AS kind UNION ALL SELECT 'scanned_bytes' UNION ALL SELECT "
        "'scanned_files') k WHERE s.id = $1 AND s.status = 'complete' "
        "ON CONFLICT (subject_id, kind) DO NOTHING",
        p, 1, NULL);
}

static struct store_usage_day *day_slot(struct store_usage_day **days, size_t *n, size_t *cap,
                                        int64_t day)
{
    for (size_t i = 0; i < *n; i++) {
        if ((*days)[i].day == day)
            return &(*days)[i];
    }
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        *days = xrealloc(*days, *cap * sizeof(**days));
    }
    struct store_usage_day *d = &(*days)[(*n)++];
    memset(d, 0, sizeof(*d));
    d->day = day;
    return d;
}

static int day_cmp(const void *a, const void *b)
{
    const struct store_usage_day *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

enum vg_err store_usage_days(struct store *st, const char *user_id, int64_t from, int64_t to,
                             struct store_usage_day **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct store_param p[] = {SP_TEXT(user_id), SP_INT(from), SP_INT(to)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT created_at / 86400 AS day, kind, SUM(quantity) AS n FROM "
                                 "usage_events WHERE user_id = $1 AND created_at >= $2 AND "
                                 "created_at < $3 GROUP BY 1, 2",
                                 p, 3, &r);
    if (e != VG_OK)
        return e;
    size_t cap = 0;
    struct store_usage_day *days = NULL;
    for (size_t i = 0; i < store_result_rows(r); i++) {
        struct store_usage_day *d = day_slot(&days, n, &cap, store_row_int(r, i, "day", 0));
        const char *kind = store_row_text(r, i, "kind");
        int64_t q = store_row_int(r, i, "n", 0);
        if (strcmp(kind, "scan") == 0)
            d->scans += q;
        else if (strcmp(kind, "scanned_bytes") == 0)
            d->scanned_bytes += q;
        else if (strcmp(kind, "scanned_files") == 0)
            d->scanned_files += q;
        else if (strcmp(kind, "audit") == 0)
            d->audits += q;
    }
    store_result_free(r);
    e = store_query1(st,
                     "SELECT rc.window_start / 86400 AS day, SUM(rc.count) AS n FROM rate_counters rc JOIN "
                     "api_keys k ON k.id = rc.subject WHERE rc.bucket = "
                     "'v1_requests_per_key_per_minute' AND k.user_id = $1 AND "
                     "rc.window_start >= $2 AND rc.window_start < $3 GROUP BY 1",
                     p, 3, &r);
    if (e != VG_OK) {
        free(days);
        *n = 0;
        return e;
    }
    for (size_t i = 0; i < store_result_rows(r); i++)
        day_slot(&days, n, &cap, store_row_int(r, i, "day", 0))->api_requests +=
            store_row_int(r, i, "n", 0);
    store_result_free(r);
    if (*n > 1)
        qsort(days, *n, sizeof(*days), day_cmp);
    *out = days;
    return VG_OK;
}

enum vg_err store_usage_costs(struct store *st, const char *user_id, int64_t from, int64_t to,
                              json_t **costs, int64_t *total_cents)
{
    *costs = NULL;
    *total_cents = 0;
    struct store_param p[] = {SP_TEXT(user_id), SP_INT(from), SP_INT(to)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT kind, tier, COUNT(*) AS n, SUM(amount_cents) AS cents FROM "
                                 "usage_events WHERE user_id = $1 AND created_at >= $2 AND "
                                 "created_at < $3 AND amount_cents > 0 GROUP BY kind, tier "
                                 "ORDER BY kind, tier",
                                 p, 3, &r);
    if (e != VG_OK)
        return e;
    json_t *a = json_array();
    for (size_t i = 0; i < store_result_rows(r); i++) {
        const char *tier = store_row_text(r, i, "tier");
        int64_t cents = store_row_int(r, i, "cents", 0);
        *total_cents += cents;
        json_array_append_new(a, json_pack("{s:s,s:o,s:I,s:I}", "kind", store_row_text(r, i, "kind"),
                                           "tier", tier ? json_string(tier) : json_null(),
                                           "count", (json_int_t)store_row_int(r, i, "n", 0),
                                           "amount_cents", (json_int_t)cents));
    }
    store_result_free(r);
    *costs = a;
    return VG_OK;
}
