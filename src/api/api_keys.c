/*
 * api_keys.c - /v1/api-keys: create (the full key shown once), list, revoke, activity.
 * Dashboard users only (the route table refuses API keys). A key is "vg_live_" and 40
 * random base62 characters; the database keeps its SHA-256 and a 12-character display
 * prefix. Revocation takes effect on the next request: every request looks the key up.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "app/app.h"
#include "http/auth.h"
#include "store/activity.h"
#include "store/keys.h"
#include "util/buf.h"
#include "util/cidr.h"
#include "util/timeutil.h"

#define KEY_RANDOM_CHARS 40
#define KEY_PREFIX_CHARS 12
#define KEY_MAX_CIDRS 20

static const char *const key_scopes_known[] = {"scans:read", "scans:write", "reports:read"};

static bool scope_known(const char *s)
{
    for (size_t i = 0; i < sizeof(key_scopes_known) / sizeof(key_scopes_known[0]); i++) {
        if (strcmp(s, key_scopes_known[i]) == 0)
            return true;
    }
    return false;
}

/* Append item to a separated list; the caps are far above what validation lets through. */
static void key_list_add(struct resp *resp, struct buf *b, const char *sep, const char *item)
{
    if (buf_printf(b, "%s%s", b->len ? sep : "", item) != VG_OK)
        resp_field_error(resp, "body", NULL, "List too long", "too_long");
}

/* Validate scopes and CIDRs into space/comma separated text. */
static void keys_parse_lists(struct req *req, struct resp *resp, struct buf *scopes,
                             struct buf *cidrs)
{
    json_t *arr = NULL;
    size_t i;
    json_t *v;
    if (api_field_string_array(req, resp, "scopes", 3, 32, false, &arr)) {
        if (arr == NULL) {
            for (i = 0; i < 3; i++)
                key_list_add(resp, scopes, " ", key_scopes_known[i]);
        } else {
            json_array_foreach(arr, i, v)
            {
                const char *s = json_string_value(v);
                if (!scope_known(s)) {
                    resp_field_error(resp, "body", "scopes",
                                     "Unknown scope; use scans:read, scans:write or "
                                     "reports:read",
                                     "enum");
                    break;
                }
                if (strstr(buf_cstr(scopes), s) == NULL)
                    key_list_add(resp, scopes, " ", s);
            }
            if (json_array_size(arr) == 0)
                resp_field_error(resp, "body", "scopes", "At least one scope is required",
                                 "too_short");
        }
    }
    arr = NULL;
    if (api_field_string_array(req, resp, "allowed_cidrs", KEY_MAX_CIDRS, 49, false, &arr) &&
        arr != NULL) {
        json_array_foreach(arr, i, v)
        {
            const char *s = json_string_value(v);
            if (!cidr_valid(s)) {
                resp_field_error(resp, "body", "allowed_cidrs",
                                 "Each item must be an IP address or CIDR block", "value_error");
                break;
            }
            key_list_add(resp, cidrs, ",", s);
        }
    }
}

/* The JSON of a key (never its secret part). */
static json_t *key_json(const struct store_key *k)
{
    json_t *cidrs = json_array();
    for (const char *s = k->allowed_cidrs ? k->allowed_cidrs : ""; *s;) {
        size_t len = strcspn(s, ",");
        json_array_append_new(cidrs, json_stringn(s, len));
        s += len;
        s += strspn(s, ",");
    }
    return json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o}", "id", k->id, "name", k->name,
                     "prefix", k->prefix, "scopes", api_scopes_json(k->scopes),
                     "allowed_cidrs", cidrs, "created_at", api_time(k->created_at),
                     "last_used_at", api_time_or_null(k->last_used_at), "revoked_at",
                     api_time_or_null(k->revoked_at));
}

enum vg_err api_keys_create(struct req *req, struct resp *resp)
{
    if (!req->principal.email_verified)
        return resp_error(resp, VG_ERR_FORBIDDEN, AUTH_MSG_UNVERIFIED);
    const char *name = NULL;
    struct buf scopes = BUF_INIT, cidrs = BUF_INIT;
    buf_init(&scopes, 256);
    buf_init(&cidrs, 2048);
    api_field_name(req, resp, "name", 100, true, &name);
    keys_parse_lists(req, resp, &scopes, &cidrs);
    enum vg_err e = resp_validation_result(resp);
    if (e != VG_OK)
        goto out;

    char key[8 + KEY_RANDOM_CHARS + 1] = "vg_live_";
    rand_base62(key + 8, KEY_RANDOM_CHARS);
    char hash[65], prefix[KEY_PREFIX_CHARS + 1], id[UUID_STR_LEN];
    sha256_hex(hash, key, strlen(key));
    memcpy(prefix, key, KEY_PREFIX_CHARS);
    prefix[KEY_PREFIX_CHARS] = '\0';
    rand_uuid(id);
    struct store_key_new in = {id,
                               req->principal.user_id,
                               name,
                               prefix,
                               hash,
                               buf_cstr(&scopes),
                               cidrs.len ? buf_cstr(&cidrs) : NULL,
                               time_now()};
    struct store_key k;
    e = store_keys_insert(req->app->store, &in, &k);
    if (e != VG_OK) {
        sodium_memzero(key, sizeof(key));
        e = resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
        goto out;
    }
    json_t *j = key_json(&k);
    store_key_release(&k);
    json_object_set_new(j, "key", json_string(key));
    sodium_memzero(key, sizeof(key));
    auth_activity(req, "api_key.created", id, name);
    e = resp_json(resp, 201, j);
out:
    buf_release(&scopes);
    buf_release(&cidrs);
    return e;
}

enum vg_err api_keys_list(struct req *req, struct resp *resp)
{
    struct store_page_req pg;
    enum vg_err e = api_page_parse(req, resp, &pg);
    if (e != VG_OK)
        return e;
    struct store_key_page page;
    e = store_keys_list(req->app->store, req->principal.user_id, &pg, &page);
    if (e != VG_OK)
        return api_page_fail(resp, e);
    API_PAGE_RENDER(e, resp, &page, key_json, store_key_page_release);
    return e;
}

enum vg_err api_keys_revoke(struct req *req, struct resp *resp)
{
    const char *id = req_param(req, "id");
    if (!uuid_valid(id))
        return resp_error(resp, VG_ERR_NOT_FOUND, "API key not found");
    struct store_key k;
    enum vg_err e =
        store_keys_revoke(req->app->store, id, req->principal.user_id, time_now(), &k);
    if (e == VG_ERR_NOT_FOUND)
        return resp_error(resp, VG_ERR_NOT_FOUND, "API key not found");
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    json_t *j = key_json(&k);
    store_key_release(&k);
    auth_activity(req, "api_key.revoked", id, NULL);
    return resp_json(resp, 200, j);
}

static json_t *activity_json(const struct store_activity *a)
{
    return json_pack("{s:s,s:s,s:o,s:o,s:o,s:o}", "id", a->id, "action", a->action,
                     "api_key_id", api_str(a->api_key_id[0] ? a->api_key_id : NULL), "detail",
                     api_str(a->detail), "ip", api_str(a->ip), "created_at",
                     api_time(a->created_at));
}

enum vg_err api_keys_activity(struct req *req, struct resp *resp)
{
    struct store_page_req pg;
    enum vg_err e = api_page_parse(req, resp, &pg);
    if (e != VG_OK)
        return e;
    struct store_activity_page page;
    e = store_activity_list(req->app->store, req->principal.user_id, &pg, &page);
    if (e != VG_OK)
        return api_page_fail(resp, e);
    API_PAGE_RENDER(e, resp, &page, activity_json, store_activity_page_release);
    return e;
}
