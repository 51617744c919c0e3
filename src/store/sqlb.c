/*
 * sqlb.c - statement builder, keyset cursors and rows as JSON (see sqlb.h).
 */
#include "store/sqlb.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define SQLB_MAX_SQL (64 * 1024)
#define CURSOR_MAX 256

void sqlb_init(struct sqlb *b, const char *head)
{
    memset(b, 0, sizeof(*b));
    buf_init(&b->sql, SQLB_MAX_SQL);
    sqlb_sql(b, head);
}

void sqlb_release(struct sqlb *b)
{
    buf_release(&b->sql);
}

void sqlb_sql(struct sqlb *b, const char *s)
{
    if (buf_append_str(&b->sql, s) != VG_OK)
        b->overflow = true;
}

static void sqlb_param(struct sqlb *b, struct store_param p)
{
    if (b->n >= SQLB_MAX_PARAMS) {
        b->overflow = true;
        return;
    }
    b->p[b->n++] = p;
    if (buf_printf(&b->sql, "$%zu", b->n) != VG_OK)
        b->overflow = true;
}

void sqlb_text(struct sqlb *b, const char *s)
{
    sqlb_param(b, SP_TEXT(s));
}

void sqlb_int(struct sqlb *b, int64_t v)
{
    sqlb_param(b, SP_INT(v));
}

void sqlb_in(struct sqlb *b, const char *col, const char *const *vals, size_t n)
{
    if (n == 0)
        return;
    sqlb_sql(b, " AND ");
    sqlb_sql(b, col);
    sqlb_sql(b, " IN (");
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            sqlb_sql(b, ",");
        sqlb_text(b, vals[i]);
    }
    sqlb_sql(b, ")");
}

enum vg_err sqlb_run(struct sqlb *b, struct store *st, struct store_conn *c,
                     struct store_result **out)
{
    if (out)
        *out = NULL;
    if (b->overflow) {
        log_msg(LOG_ERROR, "sqlb_overflow", NULL);
        return VG_ERR_DB;
    }
    if (c != NULL)
        return store_query(c, buf_cstr(&b->sql), b->p, b->n, out);
    return store_query1(st, buf_cstr(&b->sql), b->p, b->n, out);
}

bool store_cursor_decode(const char *text, struct store_cursor *c)
{
    memset(c, 0, sizeof(*c));
    if (text == NULL || *text == '\0')
        return true;
    size_t len = strlen(text);
    if (len > CURSOR_MAX)
        return false;
    unsigned char raw[CURSOR_MAX];
    size_t n = 0;
    if (sodium_base642bin(raw, sizeof(raw) - 1, text, len, NULL, &n, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return false;
    raw[n] = '\0';
    if (memchr(raw, '\0', n) != NULL)
        return false;
    /* "v1:<k>:<uuid>" */
    const char *s = (const char *)raw;
    if (strncmp(s, "v1:", 3) != 0)
        return false;
    char *end = NULL;
    long long k = strtoll(s + 3, &end, 10);
    if (end == s + 3 || *end != ':' || !uuid_valid(end + 1))
        return false;
    c->set = true;
    c->k = k;
    snprintf(c->id, sizeof(c->id), "%s", end + 1);
    return true;
}

char *store_cursor_encode(int64_t k, const char *id)
{
    char raw[96];
    int n = snprintf(raw, sizeof(raw), "v1:%" PRId64 ":%s", k, id);
    size_t cap = sodium_base64_ENCODED_LEN((size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = xmalloc(cap);
    sodium_bin2base64(out, cap, (const unsigned char *)raw, (size_t)n,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

void sqlb_after(struct sqlb *b, const struct store_cursor *c, const char *kcol,
                const char *idcol, bool desc)
{
    if (!c->set)
        return;
    const char *op = desc ? " < " : " > ";
    sqlb_sql(b, " AND (");
    sqlb_sql(b, kcol);
    sqlb_sql(b, op);
    sqlb_int(b, c->k);
    sqlb_sql(b, " OR (");
    sqlb_sql(b, kcol);
    sqlb_sql(b, " = ");
    sqlb_int(b, c->k);
    sqlb_sql(b, " AND ");
    sqlb_sql(b, idcol);
    sqlb_sql(b, op);
    sqlb_text(b, c->id);
    sqlb_sql(b, "))");
}

static bool name_in(const char *name, const char *const *list)
{
    for (size_t i = 0; list && list[i]; i++) {
        if (strcmp(name, list[i]) == 0)
            return true;
    }
    return false;
}

size_t store_col(const struct store_result *r, const char *name)
{
    for (size_t c = 0; c < store_result_cols(r); c++) {
        if (strcmp(store_result_name(r, c), name) == 0)
            return c;
    }
    return SIZE_MAX;
}

json_t *store_row_json(const struct store_result *r, size_t row, const char *const *ints,
                       const char *const *reals)
{
    json_t *o = json_object();
    for (size_t c = 0; c < store_result_cols(r); c++) {
        const char *name = store_result_name(r, c);
        if (name[0] == '_')
            continue;
        const char *v = store_result_get(r, row, c);
        size_t nl = strlen(name);
        json_t *j;
        if (v == NULL) {
            j = json_null();
        } else if (nl > 3 && strcmp(name + nl - 3, "_at") == 0) {
            char iso[ISO8601_LEN];
            time_iso8601(iso, store_result_int(r, row, c, 0));
            j = json_string(iso);
        } else if (name_in(name, ints)) {
            j = json_integer(store_result_int(r, row, c, 0));
        } else if (name_in(name, reals)) {
            j = json_real(strtod(v, NULL));
        } else {
            j = json_string(v);
        }
        json_object_set_new(o, name, j);
    }
    return o;
}

json_t *store_page_json(const struct store_result *r, size_t limit, const char *const *ints,
                        const char *const *reals)
{
    size_t n = store_result_rows(r);
    bool more = n > limit;
    if (more)
        n = limit;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, store_row_json(r, i, ints, reals));
    json_t *next = json_null();
    if (more && n > 0) {
        size_t kc = store_col(r, "_k"), ic = store_col(r, "id");
        char *cur = store_cursor_encode(store_result_int(r, n - 1, kc, 0),
                                        store_result_get(r, n - 1, ic));
        next = json_string(cur);
        free(cur);
    }
    return json_pack("{s:o,s:o}", "items", items, "next_cursor", next);
}

json_t *store_severity_counts(void)
{
    return json_pack("{s:i,s:i,s:i,s:i,s:i}", "critical", 0, "high", 0, "medium", 0, "low", 0,
                     "info", 0);
}
