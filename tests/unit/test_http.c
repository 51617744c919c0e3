/*
 * test_http.c - the router, the dispatcher's refusals, the error envelope, and that
 * docs/openapi.json documents every route in the table (and nothing else).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_params),
        cmocka_unit_test(test_route_404_405_head),
        cmocka_unit_test(test_dispatch_refusals),
        cmocka_unit_test(test_envelope_sanitises_messages),
        cmocka_unit_test(test_openapi_matches_routes),
    };
    return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}
