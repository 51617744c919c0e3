/*
 * apilib.h - handler unit tests in memory (the h2o habit): build a request struct, call
 * a handler with a principal, look at the status and the JSON body exactly as the
 * client would get it (the error envelope included). The database is storelib.h's
 * (SQLite in memory, or PostgreSQL). No socket, no server, no libmicrohttpd.
 *
 *   struct apilib_app a; apilib_app_init(&a, fx->st);
 *   char uid[UUID_STR_LEN]; apilib_user(&a, "a@example.com", true, uid);
 *   struct api_call c;
 *   api_call_begin(&c, &a, "POST", "/v1/scans");
 *   api_call_as_user(&c, uid);
 *   api_call_body(&c, "{\"project_name\":\"p\",\"source_type\":\"zip\"}");
 *   assert_int_equal(api_call_run(&c, api_scans_create), 201);
 *   ... json_object_get(c.body, "scan_id") ...
 *   api_call_end(&c);
 *
 * Include after <cmocka.h> and storelib.h.
 */
#ifndef VG_TESTS_APILIB_H
#define VG_TESTS_APILIB_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/config.h"
#include "http/http.h"
#include "store/store.h"
#include "util/rand.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

struct apilib_app {
    struct app app;
    int next_ip;
};

static inline void apilib_app_init(struct apilib_app *a, struct store *st)
{
    memset(a, 0, sizeof(*a));
    config_init(&a->app.cfg);
    free(a->app.cfg.public_url);
    a->app.cfg.public_url = xstrdup("http://127.0.0.1:8000");
    memset(a->app.cfg.key, 7, sizeof(a->app.cfg.key));
    a->app.store = st;
}

static inline void apilib_app_release(struct apilib_app *a) { config_release(&a->app.cfg); }

/* A user row (no usable password: these tests never log in). */
static inline void apilib_user(struct apilib_app *a, const char *email, bool verified,
                               char id[UUID_STR_LEN])
{
    rand_uuid(id);
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(email), SP_INT(verified ? 1 : 0),
                              SP_INT(time_now())};
    assert_int_equal(store_query1(a->app.store,
                                  "INSERT INTO users (id, email, password_hash, email_verified, "
                                  "is_admin, created_at, updated_at) VALUES "
                                  "($1,$2,'!',$3,0,$4,$4)",
                                  p, 4, NULL),
                     VG_OK);
}

struct api_call {
    struct req req;
    struct resp resp;
    unsigned status;
    json_t *body; /* what the client would parse; NULL for an empty body */
    char ip[32];
};

static inline void api_call_begin(struct api_call *c, struct apilib_app *a, const char *method,
                                  const char *path)
{
    memset(c, 0, sizeof(*c));
    req_init(&c->req, &a->app);
    resp_init(&c->resp);
    c->req.method = method;
    c->req.path = path;
    /* A different client address per call, so per-IP limits only count on purpose. */
    snprintf(c->ip, sizeof(c->ip), "127.0.%d.%d", (a->next_ip / 250) % 250, a->next_ip % 250 + 1);
    a->next_ip++;
    c->req.client_ip = c->ip;
}

static inline void api_call_param(struct api_call *c, const char *name, const char *value)
{
    assert_true(c->req.nparams < HTTP_MAX_PARAMS);
    c->req.params[c->req.nparams++] = (struct kv){name, value};
}

static inline void api_call_query(struct api_call *c, const char *name, const char *value)
{
    assert_true(c->req.nquery < HTTP_MAX_KV);
    c->req.query[c->req.nquery++] = (struct kv){name, value};
}

/* A JSON body, parsed as the router would (it must be an object). */
static inline void api_call_body(struct api_call *c, const char *json_text)
{
    json_error_t err;
    c->req.json = json_loads(json_text, JSON_REJECT_DUPLICATES, &err);
    assert_non_null(c->req.json);
}

static inline void api_call_as_user(struct api_call *c, const char *user_id)
{
    struct principal *p = &c->req.principal;
    p->kind = PRINCIPAL_USER;
    snprintf(p->user_id, sizeof(p->user_id), "%s", user_id);
    snprintf(p->email, sizeof(p->email), "%s@example.com", user_id);
    p->email_verified = true;
}

static inline void api_call_as_key(struct api_call *c, const char *user_id, const char *key_id,
                                   const char *scopes)
{
    api_call_as_user(c, user_id);
    struct principal *p = &c->req.principal;
    p->kind = PRINCIPAL_KEY;
    snprintf(p->key_id, sizeof(p->key_id), "%s", key_id);
    snprintf(p->key_prefix, sizeof(p->key_prefix), "vg_live_test");
    snprintf(p->key_scopes, sizeof(p->key_scopes), "%s", scopes);
}

/* Run the handler as the router does (an error returned without a recorded answer is the
 * error's default envelope), render the response and parse its body. Returns the status. */
static inline unsigned api_call_run(struct api_call *c, enum vg_err (*h)(struct req *, struct resp *))
{
    enum vg_err e = h(&c->req, &c->resp);
    if (e != VG_OK && c->resp.err == VG_OK)
        resp_error(&c->resp, e, NULL);
    size_t len = 0;
    const char *ctype = NULL;
    char *out = resp_render(&c->resp, &len, &ctype);
    c->status = c->resp.status;
    json_decref(c->body);
    c->body = out ? json_loadb(out, len, 0, NULL) : NULL;
    free(out);
    return c->status;
}

/* The error message of an envelope body ("" when there is none). */
static inline const char *api_call_message(const struct api_call *c)
{
    json_t *err = c->body ? json_object_get(c->body, "error") : NULL;
    const char *m = err ? json_string_value(json_object_get(err, "message")) : NULL;
    return m ? m : "";
}

static inline const char *api_call_str(const struct api_call *c, const char *key)
{
    const char *s = c->body ? json_string_value(json_object_get(c->body, key)) : NULL;
    return s;
}

static inline void api_call_end(struct api_call *c)
{
    json_decref(c->body);
    req_release(&c->req);
    resp_release(&c->resp);
}

#endif
