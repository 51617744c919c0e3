/*
 * limits.c - the limit table; its counters are store/rates.c (table rate_counters).
 */
#include "app/limits.h"

#include <stddef.h>

#include "app/config.h"
#include "blob/blob.h"
#include "store/rates.h"

#define MINUTE 60
#define HOUR 3600
#define DAY 86400

struct limit_def {
    const char *bucket;
    size_t value;  /* offsetof the unsigned long in struct config */
    int64_t window; /* seconds; 0: config's login_window_seconds */
};

static const struct limit_def limit_defs[LIMIT_COUNT] = {
    [LIMIT_KEY_REQUESTS_MINUTE] = {"v1_requests_per_key_per_minute",
                                   offsetof(struct config, requests_per_key_per_minute), MINUTE},
    [LIMIT_KEY_SCANS_DAY] = {"v1_scans_per_key_per_day",
                             offsetof(struct config, scans_per_key_per_day), DAY},
    [LIMIT_USER_SCANS_DAY] = {"scans_per_user_per_day",
                              offsetof(struct config, scans_per_user_per_day), DAY},
    [LIMIT_IP_SCANS_DAY] = {"scans_per_ip_per_day", offsetof(struct config, scans_per_ip_per_day),
                            DAY},
    [LIMIT_LOGIN_ACCOUNT] = {"login_failures_per_account",
                             offsetof(struct config, login_failures_per_account), 0},
    [LIMIT_LOGIN_IP] = {"login_failures_per_ip", offsetof(struct config, login_failures_per_ip), 0},
    [LIMIT_ACCOUNT_MAILS_IP] = {"account_mails_per_ip_per_hour",
                                offsetof(struct config, account_mails_per_ip_per_hour), HOUR},
};

const char *limits_bucket(enum limit_id id)
{
    return limit_defs[id].bucket;
}

int64_t limits_value(const struct config *cfg, enum limit_id id)
{
    const unsigned long *v =
        (const unsigned long *)(const void *)((const char *)cfg + limit_defs[id].value);
    return (int64_t)*v;
}

int64_t limits_window(const struct config *cfg, enum limit_id id)
{
    if (limit_defs[id].window != 0)
        return limit_defs[id].window;
    return cfg->login_window_seconds > 0 ? (int64_t)cfg->login_window_seconds : 1;
}

enum vg_err limits_hit(struct store *st, const char *bucket, const char *subject,
                       int64_t window_seconds, int64_t limit, int64_t now,
                       struct limit_result *out)
{
    int64_t start = now - now % window_seconds;
    enum vg_err e = store_rates_hit(st, bucket, subject, start, &out->count);
    if (e != VG_OK)
        return e;
    out->limit = limit;
    out->allowed = out->count <= limit;
    out->window_start = start;
    out->bucket = bucket;
    out->retry_after = start + window_seconds - now;
    if (out->retry_after < 1)
        out->retry_after = 1;
    return VG_OK;
}

enum vg_err limits_reserve(struct store *st, const struct config *cfg, enum limit_id id,
                           const char *subject, int64_t now, struct limit_result *out)
{
    int64_t limit = limits_value(cfg, id), window = limits_window(cfg, id);
    *out = (struct limit_result){.allowed = true, .bucket = limits_bucket(id), .limit = limit};
    if (limit == 0)
        return VG_OK;
    int64_t start = now - now % window;
    int64_t count = 0;
    enum vg_err e = store_rates_reserve(st, out->bucket, subject ? subject : "", start, limit,
                                        &out->allowed, &count);
    if (e != VG_OK)
        return e;
    out->count = out->allowed ? count : limit + 1;
    out->window_start = start;
    out->retry_after = start + window - now;
    if (out->retry_after < 1)
        out->retry_after = 1;
    return VG_OK;
}

enum vg_err limits_take(struct store *st, const struct config *cfg, enum limit_id id,
                        const char *subject, int64_t now, struct limit_result *out)
{
    int64_t limit = limits_value(cfg, id);
    if (limit == 0) {
        *out = (struct limit_result){.allowed = true, .bucket = limits_bucket(id)};
        return VG_OK;
    }
    return limits_hit(st, limits_bucket(id), subject ? subject : "", limits_window(cfg, id),
                      limit, now, out);
}

enum vg_err limits_release(struct store *st, const struct limit_result *res, const char *subject)
{
    if (res->limit == 0)
        return VG_OK;
    return store_rates_release(st, res->bucket, subject ? subject : "", res->window_start);
}

enum vg_err limits_clear(struct store *st, const struct limit_result *res, const char *subject)
{
    if (res->limit == 0)
        return VG_OK;
    return store_rates_clear(st, res->bucket, subject ? subject : "", res->window_start);
}

json_t *limits_json(const struct config *c)
{
    json_t *o = json_object();
    for (int i = 0; i < LIMIT_COUNT; i++) {
        int64_t v = limits_value(c, (enum limit_id)i), w = limits_window(c, (enum limit_id)i);
        json_object_set_new(o, limits_bucket((enum limit_id)i),
                            json_pack("{s:o,s:s,s:I}", "limit",
                                      v ? json_integer((json_int_t)v) : json_null(), "window",
                                      w == MINUTE ? "minute"
                                      : w == HOUR ? "hour"
                                      : w == DAY  ? "day"
                                                  : "seconds",
                                      "window_seconds", (json_int_t)w));
    }
    json_t *conn = json_pack(
        "{s:I,s:I,s:I,s:I,s:I}", "max_connections", (json_int_t)c->max_connections,
        "max_connections_per_ip", (json_int_t)c->max_connections_per_ip,
        "header_timeout_seconds", (json_int_t)c->header_timeout_seconds, "body_timeout_seconds",
        (json_int_t)c->body_timeout_seconds, "password_hash_threads",
        (json_int_t)c->password_hash_threads);
    json_object_update_new(o, conn);
    json_object_set_new(o, "max_body_bytes", json_integer((json_int_t)c->max_body_bytes));
    json_object_set_new(o, "max_upload_bytes", json_integer((json_int_t)c->max_upload_bytes));
    json_object_set_new(o, "job_lease_seconds", json_integer((json_int_t)c->job_lease_seconds));
    json_object_set_new(o, "upload_url_ttl_seconds", json_integer(BLOB_UPLOAD_TTL_S));
    return o;
}
