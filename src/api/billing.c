/*
 * billing.c - dashboard users only (API keys get 403 from the route table):
 *   GET /v1/billing/usage?from=&to=&granularity=day|month  usage per UTC day or month
 *   GET /v1/billing/summary                                 the current month: usage,
 *                                                           limits, costs, total
 * Usage comes from usage_events (written once when a scan completes) and, for
 * api_requests, from the per-key request counters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/listing.h"
#include "app/app.h"
#include "app/limits.h"
#include "store/usage.h"
#include "util/timeutil.h"

#define DAY_S 86400
#define MAX_DAY_PERIODS 366
#define MAX_MONTH_PERIODS 120

/* The first second of the month holding t, moved by delta months. */
static int64_t month_start(int64_t t, int delta)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    tm.tm_mday = 1;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_mon += delta;
    return (int64_t)timegm(&tm);
}

static json_t *usage_obj(const struct store_usage_day *u)
{
    return json_pack("{s:I,s:I,s:I,s:I,s:I}", "scans", (json_int_t)u->scans, "scanned_bytes",
                     (json_int_t)u->scanned_bytes, "scanned_files", (json_int_t)u->scanned_files,
                     "audits", (json_int_t)u->audits, "api_requests",
                     (json_int_t)u->api_requests);
}

static void usage_add(struct store_usage_day *to, const struct store_usage_day *u)
{
    to->scans += u->scans;
    to->scanned_bytes += u->scanned_bytes;
    to->scanned_files += u->scanned_files;
    to->audits += u->audits;
    to->api_requests += u->api_requests;
}

enum vg_err api_billing_usage(struct req *req, struct resp *resp)
{
    static const char *const allowed[] = {"from", "to", "granularity", NULL};
    int64_t now = time_now(), from = 0, to = 0;
    bool has_from = false, has_to = false;
    enum vg_err e = api_query_known(req, resp, allowed);
    if (e == VG_OK)
        e = api_query_time(req, resp, "from", &from, &has_from);
    if (e == VG_OK)
        e = api_query_time(req, resp, "to", &to, &has_to);
    if (e != VG_OK)
        return e;
    const char *g = req_query(req, "granularity");
    bool month = g != NULL && strcmp(g, "month") == 0;
    if (g != NULL && !month && strcmp(g, "day") != 0) {
        resp_field_error(resp, "query", "granularity", "Input should be 'day' or 'month'",
                         "enum");
        return resp_validation_result(resp);
    }
    if (!has_from)
        from = month ? month_start(now, -11) : month_start(now, 0);
    /* A date as `to` includes that day. */
    const char *tq = req_query(req, "to");
    if (!has_to)
        to = now;
    if (!has_to || strlen(tq) == 10)
        to = to - to % DAY_S + DAY_S;
    int64_t first = month ? month_start(from, 0) : from - from % DAY_S;
    if (to <= from) {
        resp_field_error(resp, "query", "to", "'to' should be after 'from'", "value_error");
        return resp_validation_result(resp);
    }
    size_t nperiods = 0;
    for (int64_t p = first; p < to && nperiods <= MAX_MONTH_PERIODS + MAX_DAY_PERIODS;
         p = month ? month_start(p, 1) : p + DAY_S)
        nperiods++;
    if (nperiods > (month ? MAX_MONTH_PERIODS : MAX_DAY_PERIODS)) {
        resp_field_error(resp, "query", "from",
                         month ? "At most 120 months per request" : "At most 366 days per request",
                         "value_error");
        return resp_validation_result(resp);
    }
    struct store_usage_day *days = NULL;
    size_t n = 0;
    e = store_usage_days(req->app->store, req->principal.user_id, from, to, &days, &n);
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    json_t *periods = json_array();
    struct store_usage_day total = {0};
    size_t di = 0;
    for (int64_t p = first; p < to; p = month ? month_start(p, 1) : p + DAY_S) {
        int64_t end = month ? month_start(p, 1) : p + DAY_S;
        struct store_usage_day sum = {0};
        for (; di < n && days[di].day * DAY_S < end; di++)
            usage_add(&sum, &days[di]);
        usage_add(&total, &sum);
        json_t *o = usage_obj(&sum);
        json_object_set_new(o, "start", api_time(p));
        json_array_append_new(periods, o);
    }
    free(days);
    return resp_json(resp, 200,
                     json_pack("{s:o,s:o,s:s,s:o,s:o}", "from", api_time(from), "to", api_time(to),
                               "granularity", month ? "month" : "day", "periods", periods,
                               "totals", usage_obj(&total)));
}

enum vg_err api_billing_summary(struct req *req, struct resp *resp)
{
    static const char *const allowed[] = {NULL};
    enum vg_err e = api_query_known(req, resp, allowed);
    if (e != VG_OK)
        return e;
    int64_t now = time_now(), start = month_start(now, 0), end = month_start(now, 1);
    struct store_usage_day *days = NULL, total = {0};
    size_t n = 0;
    struct store_usage_costs costs = {0};
    e = store_usage_days(req->app->store, req->principal.user_id, start, end, &days, &n);
    if (e == VG_OK)
        e = store_usage_costs(req->app->store, req->principal.user_id, start, end, &costs);
    if (e != VG_OK) {
        free(days);
        store_usage_costs_release(&costs);
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    }
    json_t *cost_items = json_array();
    for (size_t i = 0; i < costs.n; i++) {
        const struct store_usage_cost *c = &costs.items[i];
        json_array_append_new(cost_items,
                              json_pack("{s:s,s:o,s:I,s:I}", "kind", c->kind, "tier",
                                        api_str(c->tier), "count", (json_int_t)c->count,
                                        "amount_cents", (json_int_t)c->amount_cents));
    }
    int64_t cents = costs.total_cents;
    store_usage_costs_release(&costs);
    for (size_t i = 0; i < n; i++)
        usage_add(&total, &days[i]);
    free(days);
    /* The same table as GET /v1/ops/limits: every rate limit with its window, and sizes. */
    json_t *limits = limits_json(&req->app->cfg);
    return resp_json(
        resp, 200,
        json_pack("{s:s,s:o,s:o,s:s,s:{s:I,s:I,s:I},s:o,s:o,s:I}", "plan", "free",
                  "period_start", api_time(start), "period_end", api_time(end), "currency",
                  "USD", "usage", "scans", (json_int_t)total.scans, "scanned_bytes",
                  (json_int_t)total.scanned_bytes, "audits", (json_int_t)total.audits, "limits",
                  limits, "costs", cost_items, "total_cents", (json_int_t)cents));
}
