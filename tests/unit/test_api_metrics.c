/*
 * test_api_metrics.c - GET /metrics in memory: loopback clients only without a token,
 * the bearer token (and only it) with one, the families in the text format, and the
 * in-process counters (requests by route and status, latency buckets, engine work).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "app/metrics.h"
#include "blob/blob.h"
#include "storelib.h"
#include "apilib.h"
#include "testlib.h"

struct fx {
    struct storelib_fx *db;
    struct apilib_app a;
    char root[64];
};

static int fx_setup(void **state)
{
    void *db = NULL;
    if (storelib_sqlite_setup(&db) != 0)
        return -1;
    struct fx *f = calloc(1, sizeof(*f));
    f->db = db;
    apilib_app_init(&f->a, f->db->st);
    if (test_mkdtemp(f->root, sizeof f->root, "metrics") == NULL || blob_open_local(f->root, &f->a.app.blobs) != VG_OK)
        return -1;
    static const char *const methods[] = {"GET", "POST"};
    static const char *const patterns[] = {"/v1/healthz", "/v1/scans"};
    f->a.app.metrics = metrics_new(2, methods, patterns);
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    struct fx *f = *state;
    metrics_free(f->a.app.metrics);
    blob_close(f->a.app.blobs);
    char *tmp = xasprintf("%s/.tmp", f->root); /* the store's only content */
    rmdir(tmp);
    rmdir(f->root);
    free(tmp);
    apilib_app_release(&f->a);
    void *db = f->db;
    free(f);
    return storelib_teardown(&db);
}

/* GET /metrics from ip with an Authorization header (or none); the status, and the body
 * text in *text (caller frees). */
static unsigned scrape(struct fx *f, const char *ip, const char *auth, char **text)
{
    struct api_call c;
    api_call_begin(&c, &f->a, "GET", "/metrics");
    snprintf(c.ip, sizeof c.ip, "%s", ip);
    if (auth != NULL)
        api_call_header(&c, "Authorization", auth);
    enum vg_err e = api_metrics(&c.req, &c.resp);
    if (e != VG_OK && c.resp.err == VG_OK)
        resp_error(&c.resp, e, NULL);
    size_t len = 0;
    const char *ctype = NULL;
    *text = resp_render(&c.resp, &len, &ctype);
    unsigned status = c.resp.status;
    if (status == 200)
        assert_string_equal(ctype, "text/plain; version=0.0.4; charset=utf-8");
    api_call_end(&c);
    return status;
}

static void test_loopback_only_without_a_token(void **state)
{
    struct fx *f = *state;
    char *body = NULL;
    assert_int_equal(scrape(f, "127.0.0.1", NULL, &body), 200);
    assert_non_null(strstr(body, "# TYPE vega_db_pool_waits_total counter\n"));
    assert_non_null(strstr(body, "vega_blob_errors_total{backend=\"local\"} 0\n"));
    assert_non_null(strstr(body, "# TYPE vega_scans gauge\n"));
    assert_non_null(strstr(body, "vega_workers_busy 0\n"));
    free(body);
    assert_int_equal(scrape(f, "::1", NULL, &body), 200);
    free(body);
    assert_int_equal(scrape(f, "203.0.113.7", NULL, &body), 403);
    assert_non_null(strstr(body, "--metrics-token"));
    free(body);
    assert_int_equal(scrape(f, "10.0.0.127", NULL, &body), 403);
    free(body);
}

static void test_token_required_when_set(void **state)
{
    struct fx *f = *state;
    f->a.app.cfg.metrics_token = xstrdup("s3cret-metrics-token");
    char *body = NULL;
    assert_int_equal(scrape(f, "127.0.0.1", NULL, &body), 401); /* loopback is no pass now */
    free(body);
    assert_int_equal(scrape(f, "203.0.113.7", "Bearer s3cret-metrics-tokeX", &body), 401);
    free(body);
    assert_int_equal(scrape(f, "203.0.113.7", "Bearer s3cret-metrics-token-longer", &body), 401);
    free(body);
    assert_int_equal(scrape(f, "203.0.113.7", "Basic s3cret-metrics-token", &body), 401);
    free(body);
    assert_int_equal(scrape(f, "203.0.113.7", "Bearer s3cret-metrics-token", &body), 200);
    free(body);
    free(f->a.app.cfg.metrics_token);
    f->a.app.cfg.metrics_token = NULL;
}

static void test_counters(void **state)
{
    struct fx *f = *state;
    struct metrics *m = f->a.app.metrics;
    metrics_http(m, 0, 200, 0.003);
    metrics_http(m, 0, 200, 0.2);
    metrics_http(m, 1, 429, 0.02);
    metrics_http(m, 7, 404, 0.001); /* no such route: counted as unmatched */
    metrics_http(m, 1, 418, 0.001); /* an unlisted status: its class */
    metrics_engine(m, 1000, 0.5);
    metrics_engine(NULL, 1, 1); /* no metrics in this process: a no-op */
    char *body = NULL;
    assert_int_equal(scrape(f, "127.0.0.1", NULL, &body), 200);
    static const char *const want[] = {
        "vega_http_requests_total{method=\"GET\",route=\"/v1/healthz\",status=\"200\"} 2\n",
        "vega_http_requests_total{method=\"POST\",route=\"/v1/scans\",status=\"429\"} 1\n",
        "vega_http_requests_total{method=\"POST\",route=\"/v1/scans\",status=\"4xx\"} 1\n",
        "vega_http_requests_total{method=\"\",route=\"unmatched\",status=\"404\"} 1\n",
        "vega_http_request_duration_seconds_bucket{method=\"GET\",route=\"/v1/healthz\","
        "le=\"0.005\"} 1\n",
        "vega_http_request_duration_seconds_bucket{method=\"GET\",route=\"/v1/healthz\","
        "le=\"0.1\"} 1\n",
        "vega_http_request_duration_seconds_bucket{method=\"GET\",route=\"/v1/healthz\","
        "le=\"0.25\"} 2\n",
        "vega_http_request_duration_seconds_count{method=\"GET\",route=\"/v1/healthz\"} 2\n",
        "vega_engine_scanned_bytes_total 1000\n",
        "vega_engine_seconds_total 0.500000\n",
        "vega_engine_scans_total 1\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (strstr(body, want[i]) == NULL)
            fail_msg("missing: %s\nin:\n%s", want[i], body);
    }
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loopback_only_without_a_token),
        cmocka_unit_test(test_token_required_when_set),
        cmocka_unit_test(test_counters),
    };
    return cmocka_run_group_tests_name("api_metrics_sqlite", tests, fx_setup, fx_teardown);
}
