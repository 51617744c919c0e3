/*
 * http.h - what a handler sees: a request built in memory (method, path, parameters,
 * headers, query, parsed JSON body, the authenticated principal) and a response it
 * fills (status, JSON or raw body, extra headers, or an error). Handlers never touch
 * libmicrohttpd; server.c translates both ways, so handlers can be unit-tested with a
 * request made in a test.
 *
 * Handler shape:  enum vg_err handler(struct req *, struct resp *);
 * Return VG_OK after resp_json()/resp_raw()/resp_empty(), or the error returned by
 * resp_error()/resp_validation() (which record the message for the envelope).
 */
#ifndef VG_HTTP_HTTP_H
#define VG_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/rand.h"

struct app;

#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_KV 48
#define HTTP_MAX_RESP_HEADERS 16

struct kv {
    const char *name;
    const char *value;
};

enum principal_kind { PRINCIPAL_NONE, PRINCIPAL_USER, PRINCIPAL_KEY };

/* Who is calling: a dashboard user (Bearer) or an API key. Strings owned by req. */
struct principal {
    enum principal_kind kind;
    char user_id[UUID_STR_LEN];
    char email[256];
    bool email_verified;
    bool is_admin;
    int64_t user_created_at;
    /* PRINCIPAL_USER: the access token's hash (for logout). */
    char token_hash[65];
    /* PRINCIPAL_KEY */
    char key_id[UUID_STR_LEN];
    char key_prefix[32];
    char key_scopes[128];
};

struct req {
    struct app *app;
    const char *method;
    const char *path;
    struct kv params[HTTP_MAX_PARAMS]; /* path parameters, by route pattern name */
    size_t nparams;
    struct kv headers[HTTP_MAX_KV];
    size_t nheaders;
    struct kv query[HTTP_MAX_KV];
    size_t nquery;
    struct buf body;    /* raw body (JSON routes) */
    json_t *json;       /* parsed body or NULL; owned by req */
    const char *client_ip;
    char request_id[65];
    struct principal principal;
    const void *route; /* the matched struct route */
    char param_storage[512]; /* backing store of params[] */
};

/* A streamed body (resp_stream): read blocks until it has bytes and returns how many (at
 * most max), 0 at the end, -1 on an error (the answer is cut: the client sees it fail);
 * done is called once, when the response is gone (sent, the client left, or never sent). */
typedef ssize_t (*resp_read_fn)(void *ctx, char *buf, size_t max);
typedef void (*resp_done_fn)(void *ctx);

struct resp {
    unsigned status;
    json_t *json;      /* owned */
    struct buf raw;    /* a non-JSON body */
    const char *static_body; /* a body that outlives the response (embedded files): sent
                              * without a copy; static_len bytes */
    size_t static_len;
    /* A body produced while it is sent (resp_stream); stream_ctx is owned until then. */
    resp_read_fn stream_read;
    resp_done_fn stream_done;
    void *stream_ctx;
    const char *content_type;
    struct kv headers[HTTP_MAX_RESP_HEADERS]; /* values owned (malloc) */
    size_t nheaders;
    enum vg_err err;
    char *err_message; /* owned; NULL: the error's default */
    json_t *err_fields; /* 422 field list, owned */
    json_t *err_details; /* extra details object, owned */
};

void req_init(struct req *r, struct app *app);
void req_release(struct req *r);
/* Path parameter by name, or NULL. */
const char *req_param(const struct req *r, const char *name);
/* Header by case-insensitive name, or NULL. */
const char *req_header(const struct req *r, const char *name);
/* Query value by name, or NULL. */
const char *req_query(const struct req *r, const char *name);
/* Parse ?name= as an integer in [lo, hi], def when absent; on a bad value records a 422
 * in resp and returns it. */
enum vg_err req_query_int(const struct req *r, struct resp *s, const char *name, long lo,
                          long hi, long def, long *out);

void resp_init(struct resp *s);
void resp_release(struct resp *s);
/* Set a JSON body (takes ownership of j). Returns VG_OK. */
enum vg_err resp_json(struct resp *s, unsigned status, json_t *j);
/* No body. */
enum vg_err resp_empty(struct resp *s, unsigned status);
/* Raw body copied from p. */
enum vg_err resp_raw(struct resp *s, unsigned status, const char *content_type, const void *p,
                     size_t n);
/* A body that lives for the whole process (an embedded file), sent without copying. */
enum vg_err resp_static(struct resp *s, unsigned status, const char *content_type,
                        const char *p, size_t n);
/* A body read from read(ctx) as it is sent (chunked), never held whole: the answer of a
 * child process (git http-backend). ctx belongs to the response from here on. */
enum vg_err resp_stream(struct resp *s, unsigned status, const char *content_type,
                        resp_read_fn read, resp_done_fn done, void *ctx);
/* Add a response header (value copied). */
void resp_header(struct resp *s, const char *name, const char *value);
/* Whether a header of that name (case-insensitive) was added. */
bool resp_has_header(const struct resp *s, const char *name);
/* Record an error with a message (NULL: the default); returns e for `return resp_error(...)`. */
enum vg_err resp_error(struct resp *s, enum vg_err e, const char *message);
enum vg_err resp_errorf(struct resp *s, enum vg_err e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Add a field error (loc = "body.field" style path segments, msg, type) for a later 422. */
void resp_field_error(struct resp *s, const char *where, const char *field, const char *msg,
                      const char *type);
/* Finish a validation: VG_ERR_VALIDATION if any field error was added, else VG_OK. */
enum vg_err resp_validation_result(struct resp *s);
/* Serialise the body to send: the JSON, the raw body, or the error envelope. The returned
 * buffer is malloc'd; *ctype is static or borrowed from s. */
char *resp_render(struct resp *s, size_t *len, const char **ctype);

#endif
