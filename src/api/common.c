/*
 * common.c - validation, time rendering and pagination helpers shared by handlers.
 */
#include "api/api.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "store/page.h"
#include "util/timeutil.h"

size_t api_utf8_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) != 0x80)
            n++;
    }
    return n;
}

bool api_field_string(struct req *req, struct resp *resp, const char *field, size_t min_chars,
                      size_t max_chars, bool required, const char **out)
{
    *out = NULL;
    json_t *v = req->json ? json_object_get(req->json, field) : NULL;
    if (v == NULL || json_is_null(v)) {
        if (required) {
            resp_field_error(resp, "body", field, "Field required", "missing");
            return false;
        }
        return true;
    }
    if (!json_is_string(v)) {
        resp_field_error(resp, "body", field, "Input should be a valid string", "string_type");
        return false;
    }
    const char *s = json_string_value(v);
    size_t n = api_utf8_chars(s);
    if (strlen(s) != json_string_length(v)) {
        resp_field_error(resp, "body", field, "String must not contain NUL characters",
                         "value_error");
        return false;
    }
    if (n < min_chars || n > max_chars) {
        char msg[128];
        snprintf(msg, sizeof(msg), "String should have %zu to %zu characters", min_chars,
                 max_chars);
        resp_field_error(resp, "body", field, msg,
                         n < min_chars ? "string_too_short" : "string_too_long");
        return false;
    }
    *out = s;
    return true;
}

bool api_field_string_array(struct req *req, struct resp *resp, const char *field,
                            size_t max_items, size_t max_chars, bool required, json_t **out)
{
    *out = NULL;
    json_t *v = req->json ? json_object_get(req->json, field) : NULL;
    if (v == NULL || json_is_null(v)) {
        if (required) {
            resp_field_error(resp, "body", field, "Field required", "missing");
            return false;
        }
        return true;
    }
    if (!json_is_array(v) || json_array_size(v) > max_items) {
        char msg[96];
        snprintf(msg, sizeof(msg), "Input should be a list of at most %zu strings", max_items);
        resp_field_error(resp, "body", field, msg, "list_type");
        return false;
    }
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item)
    {
        if (!json_is_string(item) || json_string_length(item) == 0 ||
            api_utf8_chars(json_string_value(item)) > max_chars ||
            strlen(json_string_value(item)) != json_string_length(item)) {
            resp_field_error(resp, "body", field, "Every item should be a non-empty string",
                             "string_type");
            return false;
        }
    }
    *out = v;
    return true;
}

json_t *api_time(int64_t t)
{
    char iso[ISO8601_LEN];
    time_iso8601(iso, t);
    return json_string(iso);
}

json_t *api_time_col(const struct store_result *r, size_t row, size_t col)
{
    if (store_result_get(r, row, col) == NULL)
        return json_null();
    return api_time(store_result_int(r, row, col, 0));
}

json_t *api_str_col(const struct store_result *r, size_t row, size_t col)
{
    const char *s = store_result_get(r, row, col);
    return s ? json_string(s) : json_null();
}

json_t *api_time_or_null(int64_t t) { return t ? api_time(t) : json_null(); }

json_t *api_str(const char *s) { return s ? json_string(s) : json_null(); }

enum vg_err api_page_parse(struct req *req, struct resp *resp, struct store_page_req *pg)
{
    pg->limit = STORE_PAGE_DEFAULT;
    pg->cursor = req_query(req, "cursor");
    return req_query_int(req, resp, "limit", STORE_PAGE_MIN, STORE_PAGE_MAX, STORE_PAGE_DEFAULT,
                         &pg->limit);
}

enum vg_err api_page_fail(struct resp *resp, enum vg_err e)
{
    if (e == VG_ERR_BAD_REQUEST)
        return resp_error(resp, VG_ERR_BAD_REQUEST, "Invalid cursor");
    return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
}

enum vg_err api_page_answer(struct resp *resp, json_t *items, const char *next_cursor)
{
    return resp_json(resp, 200, json_pack("{s:o,s:o}", "items", items, "next_cursor",
                                          api_str(next_cursor)));
}

json_t *api_scopes_json(const char *scopes)
{
    json_t *a = json_array();
    for (const char *s = scopes ? scopes : ""; *s;) {
        size_t len = strcspn(s, " ,");
        if (len > 0)
            json_array_append_new(a, json_stringn(s, len));
        s += len;
        s += strspn(s, " ,");
    }
    return a;
}

