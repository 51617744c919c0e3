/*
 * response.c - building responses, and the one writer of the error envelope (API.md):
 *   {"schema_version":1,
 *    "error":{"code":..,"message":..,"retryable":..,"details":{..}},
 *    "detail": message, or for 422 the FastAPI-style list of field errors}
 * Nothing else in Vega writes an error body.
 */
#include "http/http.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/json.h"
#include "util/xalloc.h"

void resp_init(struct resp *s)
{
    memset(s, 0, sizeof(*s));
    s->status = 200;
    buf_init(&s->raw, 0);
}

void resp_release(struct resp *s)
{
    if (s == NULL)
        return;
    json_decref(s->json);
    json_decref(s->err_fields);
    json_decref(s->err_details);
    buf_release(&s->raw);
    if (s->stream_done != NULL && s->stream_ctx != NULL)
        s->stream_done(s->stream_ctx); /* never sent */
    free(s->err_message);
    for (size_t i = 0; i < s->nheaders; i++)
        free((char *)(uintptr_t)s->headers[i].value);
    memset(s, 0, sizeof(*s));
}

enum vg_err resp_json(struct resp *s, unsigned status, json_t *j)
{
    json_decref(s->json);
    s->json = j;
    s->status = status;
    s->err = VG_OK;
    return VG_OK;
}

enum vg_err resp_empty(struct resp *s, unsigned status)
{
    s->status = status;
    s->err = VG_OK;
    return VG_OK;
}

/* A non-JSON body of this status and type follows (the raw buffer emptied). */
static void resp_body(struct resp *s, unsigned status, const char *content_type)
{
    buf_reset(&s->raw);
    s->status = status;
    s->content_type = content_type;
    s->err = VG_OK;
}

enum vg_err resp_raw(struct resp *s, unsigned status, const char *content_type, const void *p,
                     size_t n)
{
    resp_body(s, status, content_type);
    return buf_append(&s->raw, p, n);
}

enum vg_err resp_static(struct resp *s, unsigned status, const char *content_type,
                        const char *p, size_t n)
{
    resp_body(s, status, content_type);
    s->static_body = p;
    s->static_len = n;
    return VG_OK;
}

enum vg_err resp_stream(struct resp *s, unsigned status, const char *content_type,
                        resp_read_fn read, resp_done_fn done, void *ctx)
{
    resp_body(s, status, content_type);
    s->stream_read = read;
    s->stream_done = done;
    s->stream_ctx = ctx;
    return VG_OK;
}

void resp_header(struct resp *s, const char *name, const char *value)
{
    if (s->nheaders >= HTTP_MAX_RESP_HEADERS)
        return;
    s->headers[s->nheaders].name = name;
    s->headers[s->nheaders].value = xstrdup(value);
    s->nheaders++;
}

bool resp_has_header(const struct resp *s, const char *name)
{
    for (size_t i = 0; i < s->nheaders; i++)
        if (strcasecmp(s->headers[i].name, name) == 0)
            return true;
    return false;
}

enum vg_err resp_error(struct resp *s, enum vg_err e, const char *message)
{
    s->err = e;
    s->status = err_http_status(e);
    free(s->err_message);
    s->err_message = message ? xstrdup(message) : NULL;
    if (s->err_message != NULL)
        utf8_sanitize(s->err_message);
    return e;
}

enum vg_err resp_errorf(struct resp *s, enum vg_err e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[512];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return resp_error(s, e, buf);
}

void resp_field_error(struct resp *s, const char *where, const char *field, const char *msg,
                      const char *type)
{
    if (s->err_fields == NULL)
        s->err_fields = json_array();
    json_t *loc = json_array();
    json_array_append_new(loc, json_string(where));
    if (field != NULL)
        json_array_append_new(loc, json_string(field));
    json_array_append_new(s->err_fields,
                          json_pack("{s:o,s:s,s:s}", "loc", loc, "msg", msg, "type", type));
}

enum vg_err resp_validation_result(struct resp *s)
{
    if (s->err_fields == NULL || json_array_size(s->err_fields) == 0)
        return VG_OK;
    return resp_error(s, VG_ERR_VALIDATION, NULL);
}

static char *resp_validation_message(const json_t *fields)
{
    struct buf b = BUF_INIT;
    buf_init(&b, 4096);
    enum vg_err e = buf_append_str(&b, "Validation failed");
    size_t i;
    json_t *f;
    json_array_foreach(fields, i, f)
    {
        json_t *loc = json_object_get(f, "loc");
        const char *field = json_string_value(json_array_get(loc, json_array_size(loc) - 1));
        if (e == VG_OK)
            e = buf_printf(&b, "%s %s: %s", i == 0 ? ":" : ";", field ? field : "?",
                           json_string_value(json_object_get(f, "msg")));
    }
    if (e == VG_OK)
        e = buf_append_char(&b, '.');
    return buf_detach(&b, NULL);
}

static json_t *resp_envelope(const struct resp *s)
{
    enum vg_err e = s->err;
    char *msg = NULL;
    if (s->err_message != NULL)
        msg = xstrdup(s->err_message);
    else if (e == VG_ERR_VALIDATION && s->err_fields != NULL)
        msg = resp_validation_message(s->err_fields);
    else
        msg = xstrdup(err_message(e));
    json_t *details = s->err_details ? json_deep_copy(s->err_details) : json_object();
    json_t *detail = NULL;
    if (e == VG_ERR_VALIDATION && s->err_fields != NULL) {
        json_object_set_new(details, "fields", json_deep_copy(s->err_fields));
        detail = json_deep_copy(s->err_fields);
    } else {
        detail = json_string(msg);
    }
    json_t *env = json_pack("{s:i,s:{s:s,s:s,s:b,s:o},s:o}", "schema_version", 1, "error",
                            "code", err_code(e), "message", msg, "retryable", err_retryable(e),
                            "details", details, "detail", detail);
    free(msg);
    return env;
}

char *resp_render(struct resp *s, size_t *len, const char **ctype)
{
    json_t *j = NULL;
    if (s->err != VG_OK) {
        j = resp_envelope(s);
    } else if (s->json != NULL) {
        j = json_incref(s->json);
    } else if (s->raw.ptr != NULL) {
        *ctype = s->content_type ? s->content_type : "application/octet-stream";
        char *p = xmalloc(s->raw.len + 1);
        memcpy(p, s->raw.ptr, s->raw.len);
        *len = s->raw.len;
        return p;
    } else {
        *ctype = NULL;
        *len = 0;
        return NULL;
    }
    *ctype = "application/json";
    char *out = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(12));
    json_decref(j);
    if (out == NULL)
        out = xstrdup("{}");
    *len = strlen(out);
    return out;
}
