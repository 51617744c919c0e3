/*
 * test_http.c - the router, the dispatcher's refusals, the error envelope, and that
 * docs/openapi.json documents every route in the table (and nothing else); the gate's check
 * of request heads; the name rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "app/app.h"
#include "http/gate.h"
#include "http/relay.h"
#include "http/route.h"
#include "util/embedded.h"

static void test_route_params(void **state)
{
    (void)state;
    struct req req;
    req_init(&req, NULL);
    struct route_match m;
    route_find("DELETE", "/v1/api-keys/abc-123", &req, &m);
    assert_non_null(m.route);
    assert_string_equal(m.route->pattern, "/v1/api-keys/{id}");
    assert_string_equal(req_param(&req, "id"), "abc-123");
    assert_null(req_param(&req, "nope"));
    req_release(&req);
}

static void test_route_404_405_head(void **state)
{
    (void)state;
    struct route_match m;
    route_find("GET", "/v1/nothing", NULL, &m);
    assert_false(m.path_known);
    assert_null(m.route);
    route_find("PUT", "/v1/healthz", NULL, &m);
    assert_true(m.path_known);
    assert_null(m.route);
    assert_non_null(strstr(m.allow, "GET"));
    assert_non_null(strstr(m.allow, "HEAD"));
    route_find("HEAD", "/v1/healthz", NULL, &m);
    assert_non_null(m.route);
    /* A parameter never spans segments and is never empty. */
    route_find("DELETE", "/v1/api-keys/a/b", NULL, &m);
    assert_false(m.path_known);
    route_find("DELETE", "/v1/api-keys/", NULL, &m);
    assert_false(m.path_known);
}

static json_t *dispatch(const char *method, const char *path, const char *ctype,
                        const char *body, unsigned *status)
{
    struct app app;
    memset(&app, 0, sizeof(app));
    app.cfg.max_body_bytes = 1024;
    struct req req;
    struct resp resp;
    req_init(&req, &app);
    resp_init(&resp);
    req.method = method;
    req.path = path;
    if (ctype != NULL) {
        req.headers[0].name = "Content-Type";
        req.headers[0].value = ctype;
        req.nheaders = 1;
    }
    if (body != NULL)
        assert_int_equal(buf_append_str(&req.body, body), VG_OK);
    route_dispatch(&req, &resp, 0);
    size_t len = 0;
    const char *ct = NULL;
    char *out = resp_render(&resp, &len, &ct);
    *status = resp.status;
    json_t *j = out ? json_loadb(out, len, 0, NULL) : NULL;
    free(out);
    req_release(&req);
    resp_release(&resp);
    return j;
}

static void assert_envelope(json_t *j, const char *code)
{
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "schema_version")), 1);
    json_t *err = json_object_get(j, "error");
    assert_string_equal(json_string_value(json_object_get(err, "code")), code);
    assert_non_null(json_object_get(j, "detail"));
    json_decref(j);
}

static void test_dispatch_refusals(void **state)
{
    (void)state;
    unsigned status = 0;
    assert_envelope(dispatch("GET", "/v1/zzz", NULL, NULL, &status), "not_found");
    assert_int_equal(status, 404);
    assert_envelope(dispatch("PATCH", "/v1/auth/login", NULL, NULL, &status),
                    "method_not_allowed");
    assert_int_equal(status, 405);
    assert_envelope(dispatch("POST", "/v1/auth/login", "text/plain", "{}", &status),
                    "unsupported_media_type");
    assert_int_equal(status, 415);
    assert_envelope(dispatch("POST", "/v1/auth/login", "application/json", "{\"a\":", &status),
                    "bad_request");
    assert_int_equal(status, 400);
    assert_envelope(dispatch("POST", "/v1/auth/login", "application/json; charset=utf-8",
                             "\"str\"", &status),
                    "bad_request");
    /* Valid JSON but missing fields: 422 from the handler, before any database use. */
    json_t *j = dispatch("POST", "/v1/auth/login", "application/json", "{}", &status);
    assert_int_equal(status, 422);
    json_t *detail = json_object_get(j, "detail");
    assert_true(json_is_array(detail));
    assert_true(json_equal(detail, json_object_get(json_object_get(json_object_get(j, "error"),
                                                                    "details"),
                                                   "fields")));
    assert_envelope(j, "validation_error");
    /* No credentials on a protected route. */
    assert_envelope(dispatch("GET", "/v1/auth/me", NULL, NULL, &status), "unauthorized");
    assert_int_equal(status, 401);
}

static void test_envelope_sanitises_messages(void **state)
{
    (void)state;
    struct resp resp;
    resp_init(&resp);
    resp_error(&resp, VG_ERR_NOT_FOUND, "bad \xff\xfe bytes");
    size_t len = 0;
    const char *ct = NULL;
    char *out = resp_render(&resp, &len, &ct);
    json_t *j = json_loadb(out, len, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "detail")), "bad ?? bytes");
    json_decref(j);
    free(out);
    resp_release(&resp);
}

static void test_openapi_matches_routes(void **state)
{
    (void)state;
    const struct embedded_file *f = NULL;
    for (size_t i = 0; i < embedded_files_count; i++) {
        if (strcmp(embedded_files[i].path, "docs/openapi.json") == 0)
            f = &embedded_files[i];
    }
    assert_non_null(f);
    json_t *doc = json_loadb(f->data, f->len, 0, NULL);
    assert_non_null(doc);
    json_t *paths = json_object_get(doc, "paths");
    size_t documented = 0;
    const char *p;
    json_t *ops;
    json_object_foreach(paths, p, ops) documented += json_object_size(ops);
    for (size_t i = 0; i < routes_count; i++) {
        json_t *item = json_object_get(paths, routes[i].pattern);
        char lower[16];
        size_t k = 0;
        for (; routes[i].method[k] && k + 1 < sizeof(lower); k++)
            lower[k] = (char)(routes[i].method[k] | 0x20);
        lower[k] = '\0';
        if (item == NULL || json_object_get(item, lower) == NULL)
            fail_msg("route %s %s is not in docs/openapi.json", routes[i].method,
                     routes[i].pattern);
    }
    assert_int_equal(documented, routes_count);
    json_decref(doc);
}

static int head(const char *h, enum vg_err *e)
{
    struct gate_options o = {.max_head_bytes = 256, .max_headers = 3};
    const char *msg = NULL;
    *e = VG_OK;
    return gate_check_head(h, strlen(h), &o, e, &msg);
}

static void test_gate_heads(void **state)
{
    (void)state;
    enum vg_err e;
    assert_int_equal(head("GET / HTTP/1.1\r\nHost: x\r\n\r\n", &e), 1);
    assert_int_equal(head("\r\nGET / HTTP/1.0\n\n", &e), 1); /* bare LF, leading CRLF */
    assert_int_equal(head("GET / HTTP/1.1\r\nHost: x\r\n", &e), 0); /* more to come */
    assert_int_equal(head("GET / HTT", &e), 0);
    assert_int_equal(head("POST /x HTTP/1.1\r\nContent-Length: 0012\r\n\r\n", &e), 1);
    assert_int_equal(head("POST /x HTTP/1.1\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n", &e),
                     1);
    assert_int_equal(head("POST /x HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n", &e), 1);
    const struct {
        const char *h;
        enum vg_err e;
    } bad[] = {
        {"GARBAGE\r\n\r\n", VG_ERR_BAD_REQUEST},
        {"GET  / HTTP/1.1\r\n\r\n", VG_ERR_BAD_REQUEST},
        {"GET / HTTP/2.0\r\n\r\n", VG_ERR_BAD_REQUEST},
        {"GET / HTTP/1.1\r\nNoColon\r\n\r\n", VG_ERR_BAD_REQUEST},
        {"GET / HTTP/1.1\r\nName : v\r\n\r\n", VG_ERR_BAD_REQUEST},
        {"GET / HTTP/1.1\r\n folded\r\n\r\n", VG_ERR_BAD_REQUEST},
        {"GET / HTTP/1.1\r\nX: a\x01b\r\n\r\n", VG_ERR_BAD_REQUEST},
        {"POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", VG_ERR_BAD_REQUEST},
        {"POST / HTTP/1.1\r\nContent-Length: \r\n\r\n", VG_ERR_BAD_REQUEST},
        {"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", VG_ERR_BAD_REQUEST},
        {"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", VG_ERR_TOO_LARGE},
        {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", VG_ERR_BAD_REQUEST},
        {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n",
         VG_ERR_BAD_REQUEST},
        {"GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", VG_ERR_HEADERS_TOO_LARGE},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(head(bad[i].h, &e), -1);
        assert_int_equal(e, bad[i].e);
    }
    char big[400];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    memcpy(big, "GET /", 5);
    assert_int_equal(head(big, &e), -1); /* no end of line within the limit */
    assert_int_equal(e, VG_ERR_HEADERS_TOO_LARGE);
    assert_int_equal(err_http_status(VG_ERR_HEADERS_TOO_LARGE), 431);
    assert_string_equal(err_code(VG_ERR_HEADERS_TOO_LARGE), "request_header_fields_too_large");
}

/* Feed body to a fresh chunk checker one byte at a time (framing split anywhere must work);
 * 1 when it ends the body, -1 at a malformed byte, 0 when it wants more. */
static int chunks(const char *body, size_t *used)
{
    struct relay_chunks c = {0};
    size_t n = strlen(body);
    for (size_t i = 0; i < n; i++) {
        int bad = 0, done = 0;
        size_t ok = relay_chunks_feed(&c, body + i, 1, &bad, &done);
        if (bad || done) {
            *used = i + ok;
            return bad ? -1 : 1;
        }
    }
    *used = n;
    return 0;
}

static void test_chunk_framing(void **state)
{
    (void)state;
    size_t used = 0;
    assert_int_equal(chunks("2\r\n{}\r\n0\r\n\r\nGET /next", &used), 1);
    assert_int_equal(used, 12); /* the next request is not this body's */
    assert_int_equal(chunks("1;a=b\r\nx\r\nA\r\n0123456789\r\n0\r\nX-T: v\r\n\r\n", &used), 1);
    assert_int_equal(chunks("2\r\n{}\r\n", &used), 0);
    static const char *const bad[] = {
        "zz\r\n",          "\r\n",             "2\n{}\r\n0\r\n\r\n", "2\r\n{}X\r\n",
        "2\r\n{}\rX",       "1111111111111111\r\n", "1;\x01\r\n",       "0\r\nno colon\r\n\r\n",
        "0\r\n: v\r\n\r\n", "0\r\nX: v\rX",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(chunks(bad[i], &used), -1);
    /* Everything in one call stops at the bad byte. */
    struct relay_chunks c = {0};
    int b = 0, d = 0;
    assert_int_equal(relay_chunks_feed(&c, "3\r\nabcX", 7, &b, &d), 6);
    assert_true(b && !d);
}

static void test_names(void **state)
{
    (void)state;
    assert_null(api_name_problem("My App"));
    assert_null(api_name_problem("  padded  "));
    assert_null(api_name_problem("\xe6\x97\xa5\xe6\x9c\xac")); /* 日本 */
    assert_null(api_name_problem("launch \xf0\x9f\x9a\x80"));    /* rocket */
    assert_non_null(api_name_problem("\x1b[31mred"));
    assert_non_null(api_name_problem("a\tb"));
    assert_non_null(api_name_problem("a\x7f"));
    assert_non_null(api_name_problem("a\xc2\x85" "b"));             /* NEL (C1) */
    assert_non_null(api_name_problem("x\xe2\x80\xaegnp.exe"));  /* RLO */
    assert_non_null(api_name_problem("a\xe2\x80\xa8" "b"));        /* line separator */
    assert_non_null(api_name_problem(""));
    assert_non_null(api_name_problem("   "));
    assert_non_null(api_name_problem(" \xc2\xa0\xe3\x80\x80\xe2\x80\x8b")); /* NBSP, ideographic, ZWSP */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_params),
        cmocka_unit_test(test_route_404_405_head),
        cmocka_unit_test(test_dispatch_refusals),
        cmocka_unit_test(test_envelope_sanitises_messages),
        cmocka_unit_test(test_openapi_matches_routes),
        cmocka_unit_test(test_gate_heads),
        cmocka_unit_test(test_chunk_framing),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}
