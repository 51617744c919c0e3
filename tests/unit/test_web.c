/*
 * test_web.c - the dashboard's embedded files through the dispatcher (src/web/static.c):
 * the table is sorted and complete, encodings are negotiated from Accept-Encoding, ETags
 * answer 304, client routes fall back to index.html while API paths and missing assets stay
 * 404, and the headers every page needs are set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "http/route.h"
#include "web/static.h"

struct served {
    unsigned status;
    const char *body; /* the static body (borrowed from the table) */
    size_t len;
    char etag[96];
    char encoding[16];
    char cache[64];
    char csp[512];
    enum vg_err err;
};

static void copy_header(const struct resp *s, const char *name, char *out, size_t cap)
{
    out[0] = '\0';
    for (size_t i = 0; i < s->nheaders; i++)
        if (strcmp(s->headers[i].name, name) == 0)
            snprintf(out, cap, "%s", s->headers[i].value);
}

static struct served serve(const char *method, const char *path, const char *accept,
                           const char *inm)
{
    struct app app;
    memset(&app, 0, sizeof(app));
    struct req req;
    struct resp resp;
    req_init(&req, &app);
    resp_init(&resp);
    req.method = method;
    req.path = path;
    if (accept != NULL) {
        req.headers[req.nheaders].name = "Accept-Encoding";
        req.headers[req.nheaders++].value = accept;
    }
    if (inm != NULL) {
        req.headers[req.nheaders].name = "If-None-Match";
        req.headers[req.nheaders++].value = inm;
    }
    route_dispatch(&req, &resp, 0);
    struct served out = {.status = resp.status, .body = resp.static_body,
                         .len = resp.static_len, .err = resp.err};
    copy_header(&resp, "ETag", out.etag, sizeof(out.etag));
    copy_header(&resp, "Content-Encoding", out.encoding, sizeof(out.encoding));
    copy_header(&resp, "Cache-Control", out.cache, sizeof(out.cache));
    copy_header(&resp, "Content-Security-Policy", out.csp, sizeof(out.csp));
    req_release(&req);
    resp_release(&resp);
    return out;
}

static void test_table_is_sorted_and_has_the_pages(void **state)
{
    (void)state;
    assert_true(web_assets_count >= 6);
    for (size_t i = 1; i < web_assets_count; i++)
        assert_true(strcmp(web_assets[i - 1].path, web_assets[i].path) < 0);
    const struct web_asset *index = web_asset_find("/");
    assert_non_null(index);
    assert_non_null(strstr(index->v[WEB_IDENTITY].data, "<script type=\"module\" src=\"/assets/"));
    assert_false(index->immutable);
    assert_non_null(web_asset_find("/docs"));
    assert_null(web_asset_find("/nope"));
    for (size_t i = 0; i < web_assets_count; i++) {
        const struct web_asset *a = &web_assets[i];
        assert_int_equal(a->immutable, strncmp(a->path, "/assets/", 8) == 0);
        assert_int_equal(strlen(a->v[WEB_IDENTITY].data), a->v[WEB_IDENTITY].len);
        if (a->v[WEB_BROTLI].data != NULL)
            assert_true(a->v[WEB_BROTLI].len < a->v[WEB_IDENTITY].len);
    }
}

static void test_encoding_negotiation(void **state)
{
    (void)state;
    const struct web_asset *a = web_asset_find("/");
    assert_int_equal(web_pick_encoding(a, NULL), WEB_IDENTITY);
    assert_int_equal(web_pick_encoding(a, "gzip, deflate, br"), WEB_BROTLI);
    assert_int_equal(web_pick_encoding(a, "gzip"), WEB_GZIP);
    assert_int_equal(web_pick_encoding(a, "br;q=0, gzip"), WEB_GZIP);
    assert_int_equal(web_pick_encoding(a, "br;q=0.0,gzip;q=0"), WEB_IDENTITY);
    assert_int_equal(web_pick_encoding(a, "br;q=0.5"), WEB_BROTLI);
    assert_int_equal(web_pick_encoding(a, "brotli, xgzip"), WEB_IDENTITY);
    assert_int_equal(web_pick_encoding(a, "identity"), WEB_IDENTITY);
}

static void test_serving_and_revalidation(void **state)
{
    (void)state;
    struct served s = serve("GET", "/", "br", NULL);
    assert_int_equal(s.status, 200);
    assert_string_equal(s.encoding, "br");
    assert_string_equal(s.cache, "no-cache");
    assert_non_null(strstr(s.csp, "frame-ancestors 'none'"));
    assert_null(strstr(s.csp, "unsafe-inline"));
    char etag[96];
    snprintf(etag, sizeof(etag), "%s", s.etag);
    assert_non_null(strstr(etag, "-br\""));
    s = serve("GET", "/", "br", etag);
    assert_int_equal(s.status, 304);
    assert_null(s.body);
    char list[200];
    snprintf(list, sizeof(list), "\"abc\", %s", etag);
    assert_int_equal(serve("HEAD", "/", "br", list).status, 304);
    assert_int_equal(serve("GET", "/", "br", "\"abc\"").status, 200);
    s = serve("GET", "/", NULL, NULL);
    assert_string_equal(s.encoding, "");
    assert_non_null(s.body);
    assert_int_equal(s.len, strlen(s.body));
    /* A hashed asset is cacheable for a year. */
    for (size_t i = 0; i < web_assets_count; i++) {
        if (!web_assets[i].immutable)
            continue;
        s = serve("GET", web_assets[i].path, "gzip", NULL);
        assert_int_equal(s.status, 200);
        assert_string_equal(s.cache, "public, max-age=31536000, immutable");
        break;
    }
}

static void test_client_routes_and_404s(void **state)
{
    (void)state;
    const struct web_asset *index = web_asset_find("/");
    struct served s = serve("GET", "/repositories/abc/findings", NULL, NULL);
    assert_int_equal(s.status, 200);
    assert_ptr_equal(s.body, index->v[WEB_IDENTITY].data);
    assert_int_equal(serve("GET", "/v1/nothing", NULL, NULL).err, VG_ERR_NOT_FOUND);
    assert_int_equal(serve("GET", "/v1", NULL, NULL).err, VG_ERR_NOT_FOUND);
    assert_int_equal(serve("GET", "/assets/app-NOPE.js", NULL, NULL).err, VG_ERR_NOT_FOUND);
    assert_int_equal(serve("GET", "/favicon.ico", NULL, NULL).err, VG_ERR_NOT_FOUND);
    assert_int_equal(serve("POST", "/projects", NULL, NULL).err, VG_ERR_NOT_FOUND);
    /* /docs is a route of its own (documented in the OpenAPI file), served from the table. */
    s = serve("GET", "/docs", "gzip", NULL);
    assert_int_equal(s.status, 200);
    assert_string_equal(s.encoding, "gzip");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_sorted_and_has_the_pages),
        cmocka_unit_test(test_encoding_negotiation),
        cmocka_unit_test(test_serving_and_revalidation),
        cmocka_unit_test(test_client_routes_and_404s),
    };
    return cmocka_run_group_tests_name("web", tests, NULL, NULL);
}
