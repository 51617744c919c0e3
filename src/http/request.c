/*
 * request.c - accessors over the in-memory request.
 */
#include "http/http.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void req_init(struct req *r, struct app *app)
{
    memset(r, 0, sizeof(*r));
    r->app = app;
    buf_init(&r->body, 0);
}

void req_release(struct req *r)
{
    if (r == NULL)
        return;
    buf_release(&r->body);
    json_decref(r->json);
    r->json = NULL;
}

static const char *kv_find(const struct kv *kv, size_t n, const char *name, bool icase)
{
    for (size_t i = 0; i < n; i++) {
        if ((icase ? strcasecmp(kv[i].name, name) : strcmp(kv[i].name, name)) == 0)
            return kv[i].value;
    }
    return NULL;
}

const char *req_param(const struct req *r, const char *name)
{
    return kv_find(r->params, r->nparams, name, false);
}

const char *req_header(const struct req *r, const char *name)
{
    return kv_find(r->headers, r->nheaders, name, true);
}

const char *req_query(const struct req *r, const char *name)
{
    return kv_find(r->query, r->nquery, name, false);
}

enum vg_err req_query_int(const struct req *r, struct resp *s, const char *name, long lo,
                          long hi, long def, long *out)
{
    const char *v = req_query(r, name);
    if (v == NULL || *v == '\0') {
        *out = def;
        return VG_OK;
    }
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (*end != '\0' || errno != 0 || n < lo || n > hi) {
        char msg[96];
        snprintf(msg, sizeof(msg), "must be an integer from %ld to %ld", lo, hi);
        resp_field_error(s, "query", name, msg, "value_error");
        return resp_validation_result(s);
    }
    *out = n;
    return VG_OK;
}
