/*
 * metrics.c - GET /metrics: the Prometheus text format (version 0.0.4) for this process
 * and, read from the database at scrape time, the deployment as a whole. Who may read it:
 * with --metrics-token, callers presenting `Authorization: Bearer TOKEN` (compared in
 * constant time); without one, loopback clients only (a scraper on the same host, or a
 * sidecar) - route and status counts tell an outsider too much about traffic.
 *
 * Families: vega_http_requests_total, vega_http_request_duration_seconds (per process,
 * app/metrics.c), vega_engine_* (scans this process ran), vega_scans (by status),
 * vega_jobs (by kind and state), vega_workers / vega_workers_busy, vega_blob_errors_total,
 * vega_db_pool_*, process_resident_memory_bytes.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "app/app.h"
#include "app/metrics.h"
#include "blob/blob.h"
#include "store/jobs.h"
#include "store/stats.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define METRICS_MAX_BYTES (4u * 1024 * 1024)

static bool metrics_loopback(const char *ip)
{
    return ip != NULL && (strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 ||
                          strncmp(ip, "::ffff:127.", 11) == 0);
}

/* Whether the caller may read the metrics; the 401/403 is recorded in resp otherwise. */
static enum vg_err metrics_allowed(struct req *req, struct resp *resp)
{
    const char *token = req->app->cfg.metrics_token;
    if (token == NULL)
        return metrics_loopback(req->client_ip)
                   ? VG_OK
                   : resp_error(resp, VG_ERR_FORBIDDEN,
                                "Metrics are served to loopback clients only; set "
                                "--metrics-token to allow others.");
    const char *auth = req_header(req, "Authorization");
    size_t n = strlen(token);
    if (auth != NULL && strncmp(auth, "Bearer ", 7) == 0 && strlen(auth + 7) == n &&
        sodium_memcmp(auth + 7, token, n) == 0)
        return VG_OK;
    resp_header(resp, "WWW-Authenticate", "Bearer realm=\"metrics\"");
    return resp_error(resp, VG_ERR_UNAUTHORIZED, "Send the metrics token as a Bearer token.");
}

static enum vg_err metrics_family(struct buf *b, const char *name, const char *type,
                                  const char *help)
{
    return buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Queue depth by kind: waiting (queued, or running under an expired lease: it waits for
 * another worker) and running under a live lease. Groups of one kind are adjacent. */
static enum vg_err metrics_jobs(struct app *app, struct buf *b)
{
    struct store_job_groups g;
    if (store_jobs_summary(app->store, time_now(), &g) != VG_OK)
        return VG_OK;
    enum vg_err e = metrics_family(b, "vega_jobs", "gauge",
                                   "Jobs waiting (queued) or running under a live lease, by kind.");
    for (size_t i = 0; e == VG_OK && i < g.n;) {
        const char *kind = g.items[i].kind;
        int64_t queued = 0, running = 0;
        for (; i < g.n && strcmp(g.items[i].kind, kind) == 0; i++) {
            const struct store_job_group *x = &g.items[i];
            if (strcmp(x->status, "queued") == 0)
                queued += x->count;
            else if (strcmp(x->status, "running") == 0) {
                queued += x->expired_leases;
                running += x->count - x->expired_leases;
            }
        }
        e = buf_printf(b, "vega_jobs{kind=\"%s\",state=\"queued\"} %lld\n"
                          "vega_jobs{kind=\"%s\",state=\"running\"} %lld\n",
                       kind, (long long)queued, kind, (long long)running);
    }
    store_job_groups_release(&g);
    return e;
}

/* Deployment-wide gauges from the database; a failed query leaves its family out. */
static enum vg_err metrics_database(struct app *app, struct buf *b)
{
    struct store_stats s;
    enum vg_err e = VG_OK;
    if (store_stats_scans(app->store, &s) == VG_OK) {
        e = metrics_family(b, "vega_scans", "gauge", "Scans by status (every process).");
        for (size_t i = 0; e == VG_OK && i < s.n; i++)
            e = buf_printf(b, "vega_scans{status=\"%s\"} %lld\n", s.rows[i].label,
                           (long long)s.rows[i].n);
    }
    if (e == VG_OK)
        e = metrics_jobs(app, b);
    int64_t live = 0, busy = 0;
    if (e == VG_OK && store_stats_workers(app->store, &live, &busy) == VG_OK) {
        e = metrics_family(b, "vega_workers", "gauge", "Live worker threads (every process).");
        if (e == VG_OK)
            e = buf_printf(b, "vega_workers %lld\n", (long long)live);
        if (e == VG_OK)
            e = metrics_family(b, "vega_workers_busy", "gauge",
                               "Worker threads running a job now (every process).");
        if (e == VG_OK)
            e = buf_printf(b, "vega_workers_busy %lld\n", (long long)busy);
    }
    return e;
}

static long metrics_rss_bytes(void)
{
    long pages = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return 0;
    if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
        rss = 0;
    fclose(f);
    return rss * sysconf(_SC_PAGESIZE);
}

/* This process: blob errors, the database pool, memory. */
static enum vg_err metrics_process(struct app *app, struct buf *b)
{
    struct store_pool_stats ps;
    store_pool_stats(app->store, &ps);
    enum vg_err e = metrics_family(b, "vega_blob_errors_total", "counter",
                                   "Blob storage operations that failed (this process).");
    if (e == VG_OK)
        e = buf_printf(b, "vega_blob_errors_total{backend=\"%s\"} %llu\n",
                       blob_backend_name(app->blobs),
                       (unsigned long long)blob_error_count(app->blobs));
    if (e == VG_OK)
        e = metrics_family(b, "vega_db_pool_waits_total", "counter",
                           "Times a request or job waited for a free database connection.");
    if (e == VG_OK)
        e = buf_printf(b, "vega_db_pool_waits_total %llu\n", (unsigned long long)ps.waits);
    if (e == VG_OK)
        e = metrics_family(b, "vega_db_pool_wait_seconds_total", "counter",
                           "Seconds spent waiting for a free database connection.");
    if (e == VG_OK)
        e = buf_printf(b, "vega_db_pool_wait_seconds_total %.6f\n", ps.wait_seconds);
    if (e == VG_OK)
        e = metrics_family(b, "vega_db_pool_connections", "gauge",
                           "Database connections open in this process's pool.");
    if (e == VG_OK)
        e = buf_printf(b, "vega_db_pool_connections %u\n", ps.open);
    if (e == VG_OK)
        e = metrics_family(b, "vega_db_pool_max_connections", "gauge",
                           "The bound of this process's database pool.");
    if (e == VG_OK)
        e = buf_printf(b, "vega_db_pool_max_connections %u\n", ps.max);
    if (e == VG_OK)
        e = metrics_family(b, "process_resident_memory_bytes", "gauge",
                           "Resident memory size in bytes.");
    if (e == VG_OK)
        e = buf_printf(b, "process_resident_memory_bytes %ld\n", metrics_rss_bytes());
    return e;
}

enum vg_err api_metrics(struct req *req, struct resp *resp)
{
    enum vg_err e = metrics_allowed(req, resp);
    if (e != VG_OK)
        return e;
    struct buf b = BUF_INIT;
    buf_init(&b, METRICS_MAX_BYTES);
    if (req->app->metrics != NULL)
        e = metrics_render(req->app->metrics, &b);
    if (e == VG_OK)
        e = metrics_process(req->app, &b);
    if (e == VG_OK)
        e = metrics_database(req->app, &b);
    if (e != VG_OK) {
        buf_release(&b);
        return resp_error(resp, VG_ERR_INTERNAL, NULL);
    }
    e = resp_raw(resp, 200, "text/plain; version=0.0.4; charset=utf-8", buf_cstr(&b), b.len);
    buf_release(&b);
    return e;
}
