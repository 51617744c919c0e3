/*
 * metrics.c - the in-process counters (see metrics.h). Statuses are counted per route in
 * a fixed table of the codes the API answers (others fall into their class, "2xx"...);
 * latencies in one cumulative-bucket histogram per route. Nothing is allocated per
 * request.
 */
#include "app/metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/xalloc.h"

static const unsigned metrics_statuses[] = {200, 201, 202, 204, 206, 301, 302, 304, 400,
                                            401, 403, 404, 405, 409, 410, 413, 415, 422,
                                            429, 431, 500, 503};
#define NSTATUS (sizeof metrics_statuses / sizeof metrics_statuses[0])
#define NCLASS 5 /* 1xx..5xx fallbacks */
#define NSLOTS (NSTATUS + NCLASS)

static const double metrics_buckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                         0.5,   1,    2.5,   5,    10};
#define NBUCKETS (sizeof metrics_buckets / sizeof metrics_buckets[0])

struct route_counters {
    atomic_ullong status[NSLOTS];
    atomic_ullong bucket[NBUCKETS]; /* non-cumulative here; summed when rendered */
    atomic_ullong count;
    atomic_ullong sum_us;
};

struct metrics {
    size_t n;
    const char *const *methods;
    const char *const *patterns;
    struct route_counters *routes; /* n + 1 */
    atomic_ullong engine_bytes;
    atomic_ullong engine_us;
    atomic_ullong engine_scans;
};

struct metrics *metrics_new(size_t n, const char *const *methods, const char *const *patterns)
{
    struct metrics *m = xcalloc(1, sizeof *m);
    m->n = n;
    m->methods = methods;
    m->patterns = patterns;
    m->routes = xcalloc(n + 1, sizeof *m->routes); /* zeroed atomics are valid zeros */
    return m;
}

void metrics_free(struct metrics *m)
{
    if (m == NULL)
        return;
    free(m->routes);
    free(m);
}

static size_t metrics_slot(unsigned status)
{
    for (size_t i = 0; i < NSTATUS; i++) {
        if (metrics_statuses[i] == status)
            return i;
    }
    unsigned cls = status / 100;
    return NSTATUS + (cls >= 1 && cls <= 5 ? cls - 1 : 4);
}

void metrics_http(struct metrics *m, size_t route, unsigned status, double seconds)
{
    if (m == NULL)
        return;
    struct route_counters *r = &m->routes[route < m->n ? route : m->n];
    atomic_fetch_add_explicit(&r->status[metrics_slot(status)], 1, memory_order_relaxed);
    size_t b = 0;
    while (b < NBUCKETS && seconds > metrics_buckets[b])
        b++;
    if (b < NBUCKETS)
        atomic_fetch_add_explicit(&r->bucket[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&r->count, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&r->sum_us, (unsigned long long)(seconds * 1e6),
                              memory_order_relaxed);
}

void metrics_engine(struct metrics *m, uint64_t bytes, double seconds)
{
    if (m == NULL)
        return;
    atomic_fetch_add_explicit(&m->engine_bytes, bytes, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->engine_us, (unsigned long long)(seconds * 1e6),
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&m->engine_scans, 1, memory_order_relaxed);
}

static unsigned long long metrics_load(const atomic_ullong *a)
{
    return atomic_load_explicit((atomic_ullong *)(uintptr_t)a, memory_order_relaxed);
}

static void metrics_status_label(size_t slot, char out[8])
{
    if (slot < NSTATUS)
        snprintf(out, 8, "%u", metrics_statuses[slot]);
    else
        snprintf(out, 8, "%zuxx", slot - NSTATUS + 1);
}

static enum vg_err metrics_render_requests(const struct metrics *m, struct buf *out)
{
    enum vg_err e = buf_append_str(out, "# HELP vega_http_requests_total HTTP requests answered, "
                                        "by route and status.\n"
                                        "# TYPE vega_http_requests_total counter\n");
    for (size_t i = 0; e == VG_OK && i <= m->n; i++) {
        const char *method = i < m->n ? m->methods[i] : "";
        const char *route = i < m->n ? m->patterns[i] : "unmatched";
        for (size_t s = 0; e == VG_OK && s < NSLOTS; s++) {
            unsigned long long v = metrics_load(&m->routes[i].status[s]);
            char st[8];
            metrics_status_label(s, st);
            if (v > 0)
                e = buf_printf(out,
                               "vega_http_requests_total{method=\"%s\",route=\"%s\","
                               "status=\"%s\"} %llu\n",
                               method, route, st, v);
        }
    }
    return e;
}

static enum vg_err metrics_render_latency(const struct metrics *m, struct buf *out)
{
    enum vg_err e =
        buf_append_str(out, "# HELP vega_http_request_duration_seconds Time from a request's "
                            "arrival to its answer, by route.\n"
                            "# TYPE vega_http_request_duration_seconds histogram\n");
    for (size_t i = 0; e == VG_OK && i <= m->n; i++) {
        const struct route_counters *r = &m->routes[i];
        unsigned long long count = metrics_load(&r->count), cum = 0;
        if (count == 0)
            continue;
        const char *method = i < m->n ? m->methods[i] : "";
        const char *route = i < m->n ? m->patterns[i] : "unmatched";
        for (size_t b = 0; e == VG_OK && b < NBUCKETS; b++) {
            cum += metrics_load(&r->bucket[b]);
            e = buf_printf(out,
                           "vega_http_request_duration_seconds_bucket{method=\"%s\","
                           "route=\"%s\",le=\"%g\"} %llu\n",
                           method, route, metrics_buckets[b], cum);
        }
        if (e == VG_OK)
            e = buf_printf(out,
                           "vega_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
                           "le=\"+Inf\"} %llu\n"
                           "vega_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} "
                           "%.6f\n"
                           "vega_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"}"
                           " %llu\n",
                           method, route, count, method, route,
                           (double)metrics_load(&r->sum_us) / 1e6, method, route, count);
    }
    return e;
}

enum vg_err metrics_render(const struct metrics *m, struct buf *out)
{
    enum vg_err e = metrics_render_requests(m, out);
    if (e == VG_OK)
        e = metrics_render_latency(m, out);
    if (e == VG_OK)
        e = buf_printf(out,
                       "# HELP vega_engine_scanned_bytes_total Bytes the scan engine read in "
                       "this process.\n# TYPE vega_engine_scanned_bytes_total counter\n"
                       "vega_engine_scanned_bytes_total %llu\n"
                       "# HELP vega_engine_seconds_total Seconds scan jobs spent in the engine "
                       "in this process.\n# TYPE vega_engine_seconds_total counter\n"
                       "vega_engine_seconds_total %.6f\n"
                       "# HELP vega_engine_scans_total Scan jobs the engine ran in this "
                       "process.\n# TYPE vega_engine_scans_total counter\n"
                       "vega_engine_scans_total %llu\n",
                       metrics_load(&m->engine_bytes), (double)metrics_load(&m->engine_us) / 1e6,
                       metrics_load(&m->engine_scans));
    return e;
}
