/*
 * listing.c - shared helpers of the dashboard handlers (see listing.h).
 */
#include "api/listing.h"

#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "app/app.h"

enum vg_err api_query_known(struct req *req, struct resp *resp, const char *const *allowed)
{
    for (size_t i = 0; i < req->nquery; i++) {
        bool ok = false;
        for (size_t k = 0; allowed[k] && !ok; k++)
            ok = strcmp(req->query[i].name, allowed[k]) == 0;
        if (!ok) {
            char msg[160];
            snprintf(msg, sizeof(msg), "Unknown query parameter '%.60s'; allowed: see the API "
                     "reference", req->query[i].name);
            resp_field_error(resp, "query", req->query[i].name, msg, "extra_forbidden");
        }
    }
    return resp_validation_result(resp);
}

static void allowed_list(const char *const *allowed, char *out, size_t len)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t k = 0; allowed[k] && o + 4 < len; k++) {
        int n = snprintf(out + o, len - o, "%s'%s'", k ? ", " : "", allowed[k]);
        if (n < 0 || (size_t)n >= len - o)
            break;
        o += (size_t)n;
    }
}

enum vg_err api_query_filter(struct req *req, struct resp *resp, const char *name,
                             const char *const *allowed, struct api_filter *out)
{
    out->n = 0;
    const char *q = req_query(req, name);
    if (q == NULL)
        return VG_OK;
    size_t len = strlen(q);
    if (len == 0 || len >= sizeof(out->storage) || q[0] == ',' || q[len - 1] == ',' ||
        strstr(q, ",,") != NULL) {
        resp_field_error(resp, "query", name,
                         len >= sizeof(out->storage)
                             ? "Too long"
                             : "Give one or more comma-separated values without empty ones",
                         "value_error");
        return resp_validation_result(resp);
    }
    memcpy(out->storage, q, len + 1);
    char *save = NULL;
    for (char *t = strtok_r(out->storage, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        bool ok = allowed == NULL;
        for (size_t k = 0; allowed && allowed[k] && !ok; k++)
            ok = strcmp(t, allowed[k]) == 0;
        for (const unsigned char *c = (const unsigned char *)t; ok && *c; c++)
            ok = *c >= 0x20 && *c != 0x7F;
        if (!ok || out->n == API_FILTER_MAX) {
            char list[200], msg[320];
            if (allowed) {
                allowed_list(allowed, list, sizeof(list));
                snprintf(msg, sizeof(msg), "Unknown value '%.40s'; expected one of %s", t, list);
            } else {
                snprintf(msg, sizeof(msg), "Invalid value (at most %d values without control "
                         "characters)", API_FILTER_MAX);
            }
            resp_field_error(resp, "query", name, msg, "enum");
            return resp_validation_result(resp);
        }
        out->v[out->n++] = t;
    }
    if (out->n == 0) {
        resp_field_error(resp, "query", name, "Give at least one value, or leave the filter out",
                         "value_error");
        return resp_validation_result(resp);
    }
    return VG_OK;
}

enum vg_err api_path_id(struct req *req, struct resp *resp, const char *name,
                        const char *not_found, const char **out)
{
    const char *id = req_param(req, name);
    if (id == NULL || !uuid_valid(id))
        return resp_error(resp, VG_ERR_NOT_FOUND, not_found);
    *out = id;
    return VG_OK;
}

struct store_actor api_actor(const struct req *req)
{
    if (req->principal.kind == PRINCIPAL_KEY)
        return (struct store_actor){"api_key", req->principal.key_id};
    if (req->principal.kind == PRINCIPAL_USER)
        return (struct store_actor){"user", req->principal.user_id};
    return STORE_ACTOR_SYSTEM;
}

enum vg_err api_store_error(struct resp *resp, enum vg_err e, const char *not_found,
                            const char *conflict)
{
    if (e == VG_ERR_NOT_FOUND)
        return resp_error(resp, VG_ERR_NOT_FOUND, not_found);
    if (e == VG_ERR_CONFLICT)
        return resp_error(resp, VG_ERR_CONFLICT, conflict);
    if (e == VG_ERR_BAD_REQUEST)
        return api_page_fail(resp, e);
    return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
}

json_t *api_real_or_null(bool has, double v) { return has ? json_real(v) : json_null(); }

json_t *api_severity_counts_json(const struct store_severity_counts *c)
{
    json_t *o = json_object();
    for (size_t k = 0; k < STORE_SEVERITIES; k++)
        json_object_set_new(o, store_severities[k], json_integer(c->n[k]));
    return o;
}

json_t *api_event_actor_json(const struct store_event *ev)
{
    return json_pack("{s:s,s:o}", "type", ev->actor_type, "id", api_str(ev->actor_id));
}

json_t *api_event_data_json(const struct store_event *ev)
{
    json_t *j = ev->detail ? json_loads(ev->detail, 0, NULL) : NULL;
    if (!json_is_object(j)) {
        json_decref(j);
        j = json_object();
    }
    return j;
}

static bool digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool api_parse_time(const char *s, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
    size_t len = strlen(s);
    if (len < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d))
        return false;
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31)
        return false;
    const char *p = s + 10;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        if (strlen(p) < 9 || !digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi) ||
            p[6] != ':' || !digits(p + 7, 2, &sec) || h > 23 || mi > 59 || sec > 60)
            return false;
        p += 9;
        if (*p == '.') {
            p++;
            if (*p < '0' || *p > '9')
                return false;
            while (*p >= '0' && *p <= '9')
                p++;
        }
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int oh, om;
            if (strlen(p) != 6 || !digits(p + 1, 2, &oh) || p[3] != ':' ||
                !digits(p + 4, 2, &om) || oh > 23 || om > 59)
                return false;
            off = (oh * 60 + om) * 60 * (*p == '+' ? 1 : -1);
            p += 6;
        } else {
            return false;
        }
    }
    if (*p != '\0')
        return false;
    /* Days from the civil date (Howard Hinnant's algorithm), no time zone involved. */
    int yy = y - (mo <= 2);
    int era = yy / 400;
    int yoe = yy - era * 400;
    int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = (int64_t)era * 146097 + doe - 719468;
    *out = days * 86400 + h * 3600 + mi * 60 + sec - off;
    return true;
}

enum vg_err api_query_time(struct req *req, struct resp *resp, const char *name, int64_t *out,
                           bool *present)
{
    const char *v = req_query(req, name);
    *present = v != NULL;
    if (v == NULL)
        return VG_OK;
    if (!api_parse_time(v, out)) {
        resp_field_error(resp, "query", name,
                         "Input should be an RFC 3339 time (2026-06-12T10:15:00Z) or a date "
                         "(2026-06-12)",
                         "datetime_parsing");
        return resp_validation_result(resp);
    }
    return VG_OK;
}
