/*
 * usage.c - billing usage rows and their sums (see usage.h).
 */
#include "store/usage.h"

#include <stdlib.h>
#include <string.h>

#include "store/page.h"
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

static void cost_from_row(const struct store_result *r, size_t i, void *item)
{
    struct store_usage_cost *c = item;
    store_row_copy(r, i, "kind", c->kind, sizeof(c->kind));
    c->tier = store_row_dup(r, i, "tier");
    c->count = store_row_int(r, i, "n", 0);
    c->amount_cents = store_row_int(r, i, "cents", 0);
}

void store_usage_costs_release(struct store_usage_costs *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++)
        free(c->items[i].tier);
    free(c->items);
    memset(c, 0, sizeof(*c));
}

enum vg_err store_usage_costs(struct store *st, const char *user_id, int64_t from, int64_t to,
                              struct store_usage_costs *out)
{
    memset(out, 0, sizeof(*out));
    struct store_param p[] = {SP_TEXT(user_id), SP_INT(from), SP_INT(to)};
    void *items = NULL;
    enum vg_err e = store_query_items(st,
                                      "SELECT kind, tier, COUNT(*) AS n, SUM(amount_cents) AS "
                                      "cents FROM usage_events WHERE user_id = $1 AND "
                                      "created_at >= $2 AND created_at < $3 AND amount_cents > 0 "
                                      "GROUP BY kind, tier ORDER BY kind, tier",
                                      p, 3, sizeof(struct store_usage_cost), cost_from_row,
                                      &items, &out->n);
    out->items = items;
    for (size_t i = 0; e == VG_OK && i < out->n; i++)
        out->total_cents += out->items[i].amount_cents;
    return e;
}
