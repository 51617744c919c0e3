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
#include "store/store.h"
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

/* The JSON of one key row: id, name, prefix, scopes, allowed_cidrs, created_at,
 * last_used_at, revoked_at (columns in that order). */
static json_t *key_json(const struct store_result *r, size_t row)
{
    json_t *cidrs = json_array();
    const char *c = store_result_get(r, row, 4);
    for (const char *s = c ? c : ""; *s;) {
        size_t len = strcspn(s, ",");
        json_array_append_new(cidrs, json_stringn(s, len));
        s += len;
        s += strspn(s, ",");
    }
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", api_str_col(r, row, 0), "name",
                     api_str_col(r, row, 1), "prefix", api_str_col(r, row, 2), "scopes",
                     api_scopes_json(store_result_get(r, row, 3)), "allowed_cidrs", cidrs,
                     "created_at", api_time_col(r, row, 5), "last_used_at",
                     api_time_col(r, row, 6), "revoked_at", api_time_col(r, row, 7));
}

#define KEY_COLS "id, name, prefix, scopes, allowed_cidrs, created_at, last_used_at, revoked_at"

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
    struct store_param p[] = {SP_TEXT(id),
                              SP_TEXT(req->principal.user_id),
                              SP_TEXT(name),
                              SP_TEXT(prefix),
                              SP_TEXT(hash),
                              SP_TEXT(buf_cstr(&scopes)),
                              cidrs.len ? SP_TEXT(buf_cstr(&cidrs)) : SP_NULL,
                              SP_INT(time_now())};
    struct store_result *r = NULL;
    e = store_query1(req->app->store,
                     "INSERT INTO api_keys (id, user_id, name, prefix, key_hash, scopes, "
                     "allowed_cidrs, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) "
                     "RETURNING " KEY_COLS,
                     p, 8, &r);
    if (e != VG_OK) {
        sodium_memzero(key, sizeof(key));
        e = resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
        goto out;
    }
    json_t *j = key_json(r, 0);
    store_result_free(r);
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
    return api_page_list(req, resp, "SELECT " KEY_COLS " FROM api_keys WHERE user_id = $1", 5,
                         key_json);
}

enum vg_err api_keys_revoke(struct req *req, struct resp *resp)
{
    const char *id = req_param(req, "id");
    if (!uuid_valid(id))
        return resp_error(resp, VG_ERR_NOT_FOUND, "API key not found");
    struct store_param p[] = {SP_INT(time_now()), SP_TEXT(id), SP_TEXT(req->principal.user_id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(req->app->store,
                                 "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) "
                                 "WHERE id = $2 AND user_id = $3 RETURNING " KEY_COLS,
                                 p, 3, &r);
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    if (store_result_rows(r) == 0) {
        store_result_free(r);
        return resp_error(resp, VG_ERR_NOT_FOUND, "API key not found");
    }
    json_t *j = key_json(r, 0);
    store_result_free(r);
    auth_activity(req, "api_key.revoked", id, NULL);
    return resp_json(resp, 200, j);
}

static json_t *activity_json(const struct store_result *r, size_t i)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "id", api_str_col(r, i, 0), "action",
                     api_str_col(r, i, 1), "api_key_id", api_str_col(r, i, 2), "detail",
                     api_str_col(r, i, 3), "ip", api_str_col(r, i, 4), "created_at",
                     api_time_col(r, i, 5));
}

enum vg_err api_keys_activity(struct req *req, struct resp *resp)
{
    return api_page_list(req, resp,
                         "SELECT id, action, api_key_id, detail, ip, created_at FROM activity "
                         "WHERE user_id = $1",
                         5, activity_json);
}
