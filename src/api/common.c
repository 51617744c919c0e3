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

/* Next code point of valid UTF-8 (jansson strings are), advancing *p. */
static uint32_t utf8_next(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = s[0];
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n > 1) {
        c &= n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07;
        for (size_t i = 1; i < n && (s[i] & 0xC0) == 0x80; i++)
            c = (c << 6) | (s[i] & 0x3F);
    }
    for (size_t i = 0; i < n && **p; i++)
        (*p)++;
    return c;
}

/* Control characters (C0, DEL, C1), line/paragraph separators and bidirectional
 * overrides, marks and isolates (they reorder what an operator reads in a log or list). */
static bool name_char_forbidden(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0x200E ||
           c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* Spaces and invisible fillers: a name made only of these is blank. */
static bool name_char_blank(uint32_t c)
{
    return c == 0x20 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200D) ||
           c == 0x202F || c == 0x205F || c == 0x2060 || c == 0x3000 || c == 0x3164 ||
           c == 0xFEFF;
}

const char *api_name_problem(const char *s)
{
    bool blank = true;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        uint32_t c = utf8_next(&p);
        if (name_char_forbidden(c))
            return "String should not contain control characters";
        if (!name_char_blank(c))
            blank = false;
    }
    return blank ? "String should not be blank" : NULL;
}

bool api_field_name(struct req *req, struct resp *resp, const char *field, size_t max_chars,
                    bool required, const char **out)
{
    if (!api_field_string(req, resp, field, 1, max_chars, required, out))
        return false;
    if (*out == NULL)
        return true;
    const char *problem = api_name_problem(*out);
    if (problem == NULL)
        return true;
    resp_field_error(resp, "body", field, problem, "value_error");
    *out = NULL;
    return false;
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

