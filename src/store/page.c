/*
 * page.c - the query builder and keyset pagination (see page.h). It writes SQL only from
 * the caller's constant fragments and numbered placeholders; values never enter the text.
 */
#include "store/page.h"

#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/row.h"
#include "store/store_internal.h"
#include "util/xalloc.h"

void store_sql_init(struct store_sql *q, const char *select_from)
{
    memset(q, 0, sizeof(*q));
    buf_init(&q->sql, STORE_SQL_MAX_LEN);
    if (buf_printf(&q->sql, "%s", select_from) != VG_OK)
        q->overflow = true;
}

void store_sql_release(struct store_sql *q) { buf_release(&q->sql); }

static void sql_text(struct store_sql *q, const char *s, size_t len)
{
    if (buf_printf(&q->sql, "%.*s", (int)len, s) != VG_OK)
        q->overflow = true;
}

/* Copy text, numbering each `?` outside '...' literals with the next of p[0..n). */
static void sql_fragment(struct store_sql *q, const char *text, const struct store_param *p,
                         size_t n)
{
    size_t used = 0;
    bool quoted = false;
    const char *start = text;
    for (const char *s = text; *s; s++) {
        if (*s == '\'')
            quoted = !quoted;
        if (*s != '?' || quoted)
            continue;
        sql_text(q, start, (size_t)(s - start));
        start = s + 1;
        if (used >= n || q->n >= STORE_SQL_MAX_PARAMS) {
            q->overflow = true;
            return;
        }
        q->params[q->n++] = p[used++];
        if (buf_printf(&q->sql, "$%zu", q->n) != VG_OK)
            q->overflow = true;
    }
    sql_text(q, start, strlen(start));
    if (used != n)
        q->overflow = true; /* a parameter without a placeholder: a bug in the caller */
}

void store_sql_where(struct store_sql *q, const char *cond, const struct store_param *p,
                     size_t n)
{
    sql_text(q, q->has_where ? " AND (" : " WHERE (", q->has_where ? 6 : 8);
    q->has_where = true;
    sql_fragment(q, cond, p, n);
    sql_text(q, ")", 1);
}

void store_sql_where1(struct store_sql *q, const char *cond, struct store_param p)
{
    store_sql_where(q, cond, &p, 1);
}

void store_sql_where_in(struct store_sql *q, const char *expr, const char *const *values,
                        size_t n)
{
    if (n == 0)
        return;
    if (n > STORE_SQL_MAX_PARAMS) {
        q->overflow = true;
        return;
    }
    struct buf cond = BUF_INIT;
    buf_init(&cond, STORE_SQL_MAX_LEN);
    struct store_param p[STORE_SQL_MAX_PARAMS];
    bool ok = buf_printf(&cond, "%s IN (", expr) == VG_OK;
    for (size_t i = 0; ok && i < n; i++) {
        p[i] = SP_TEXT(values[i]);
        ok = buf_printf(&cond, "%s?", i ? ", " : "") == VG_OK;
    }
    ok = ok && buf_printf(&cond, ")") == VG_OK;
    if (ok)
        store_sql_where(q, buf_cstr(&cond), p, n);
    else
        q->overflow = true;
    buf_release(&cond);
}

void store_sql_append(struct store_sql *q, const char *text, const struct store_param *p,
                      size_t n)
{
    sql_text(q, " ", 1);
    sql_fragment(q, text, p, n);
}

enum vg_err store_sql_run_conn(struct store_conn *c, struct store_sql *q,
                               struct store_result **out)
{
    if (out != NULL)
        *out = NULL;
    if (q->overflow)
        return VG_ERR_INVALID;
    return store_query(c, buf_cstr(&q->sql), q->params, q->n, out);
}

enum vg_err store_sql_run(struct store *st, struct store_sql *q, struct store_result **out)
{
    if (out != NULL)
        *out = NULL;
    if (q->overflow)
        return VG_ERR_INVALID;
    return store_query1(st, buf_cstr(&q->sql), q->params, q->n, out);
}

enum vg_err store_sql_owned_row(struct store *st, const char *select, const char *alias,
                                const char *user_id, const char *id,
                                struct store_result **out)
{
    *out = NULL;
    char where[64];
    struct store_sql q;
    store_sql_init(&q, select);
    snprintf(where, sizeof where, "%s.id = ?", alias);
    store_sql_where1(&q, where, SP_TEXT(id));
    if (user_id != NULL) {
        snprintf(where, sizeof where, "%s.user_id = ?", alias);
        store_sql_where1(&q, where, SP_TEXT(user_id));
    }
    enum vg_err e = store_sql_run(st, &q, out);
    store_sql_release(&q);
    if (e == VG_OK && store_result_rows(*out) != 1) {
        store_result_free(*out);
        *out = NULL;
        e = VG_ERR_NOT_FOUND;
    }
    return e;
}

/* ---- cursors ------------------------------------------------------------------------- */

char *store_page_cursor_encode(const struct store_result *r, size_t row,
                          const struct store_order_col *order, size_t norder)
{
    json_t *a = json_array();
    for (size_t i = 0; i < norder; i++) {
        const char *v = store_row_text(r, row, order[i].name);
        if (v == NULL) {
            json_decref(a);
            return NULL;
        }
        json_array_append_new(a, order[i].type == STORE_P_INT
                                     ? json_integer(store_row_int(r, row, order[i].name, 0))
                                     : json_string(v));
    }
    char *js = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    if (js == NULL)
        return NULL;
    size_t len = strlen(js);
    size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = xmalloc(cap);
    sodium_bin2base64(out, cap, (const unsigned char *)js, len,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    free(js);
    return out;
}

/* The JSON array inside a cursor, or NULL when it is not one. */
static json_t *cursor_json(const char *cursor)
{
    size_t clen = strlen(cursor);
    if (clen == 0 || clen > STORE_CURSOR_MAX_LEN)
        return NULL;
    unsigned char bin[STORE_CURSOR_MAX_LEN];
    size_t blen = 0;
    if (sodium_base642bin(bin, sizeof(bin), cursor, clen, NULL, &blen, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return NULL;
    json_t *a = json_loadb((const char *)bin, blen, JSON_REJECT_DUPLICATES, NULL);
    if (a != NULL && !json_is_array(a)) {
        json_decref(a);
        return NULL;
    }
    return a;
}

enum vg_err store_page_cursor_decode(const char *cursor, const struct store_order_col *order,
                                size_t norder, struct store_param *out, char **holder)
{
    *holder = NULL;
    json_t *a = cursor_json(cursor);
    if (a == NULL || json_array_size(a) != norder) {
        json_decref(a);
        return VG_ERR_BAD_REQUEST;
    }
    /* Text values are copied one after another into one block the caller frees. */
    char *block = xmalloc(norder * (STORE_CURSOR_MAX_TEXT + 1) + 1);
    size_t used = 0;
    enum vg_err e = VG_OK;
    for (size_t i = 0; i < norder && e == VG_OK; i++) {
        json_t *v = json_array_get(a, i);
        if (order[i].type == STORE_P_INT) {
            if (json_is_integer(v))
                out[i] = SP_INT(json_integer_value(v));
            else
                e = VG_ERR_BAD_REQUEST;
            continue;
        }
        size_t len = json_is_string(v) ? json_string_length(v) : SIZE_MAX;
        if (len > STORE_CURSOR_MAX_TEXT || strlen(json_string_value(v)) != len) {
            e = VG_ERR_BAD_REQUEST;
            continue;
        }
        memcpy(block + used, json_string_value(v), len + 1);
        out[i] = SP_TEXT(block + used);
        used += len + 1;
    }
    json_decref(a);
    if (e != VG_OK)
        free(block);
    else
        *holder = block;
    return e;
}

/* ---- pages --------------------------------------------------------------------------- */

static bool order_uniform(const struct store_order_col *order, size_t norder)
{
    for (size_t i = 1; i < norder; i++) {
        if (order[i].desc != order[0].desc)
            return false;
    }
    return true;
}

/* AND the keyset condition "after the cursor's row" in the order's sense. */
static void page_after(struct store_sql *q, const struct store_order_col *order, size_t norder,
                       const struct store_param *key)
{
    struct buf c = BUF_INIT;
    buf_init(&c, STORE_SQL_MAX_LEN);
    bool ok = true;
    if (order_uniform(order, norder)) {
        /* (a, b, id) < (?, ?, ?): one row-value comparison an index can serve. */
        ok = buf_printf(&c, "(") == VG_OK;
        for (size_t i = 0; ok && i < norder; i++)
            ok = buf_printf(&c, "%s%s", i ? ", " : "", order[i].expr) == VG_OK;
        ok = ok && buf_printf(&c, ") %s (", order[0].desc ? "<" : ">") == VG_OK;
        for (size_t i = 0; ok && i < norder; i++)
            ok = buf_printf(&c, "%s?", i ? ", " : "") == VG_OK;
        ok = ok && buf_printf(&c, ")") == VG_OK;
        if (ok)
            store_sql_where(q, buf_cstr(&c), key, norder);
    } else {
        /* a > ? OR (a = ? AND b < ?) OR ...: mixed directions. */
        struct store_param p[STORE_SQL_MAX_PARAMS];
        size_t np = 0;
        for (size_t i = 0; ok && i < norder; i++) {
            ok = buf_printf(&c, "%s(", i ? " OR " : "") == VG_OK;
            for (size_t j = 0; ok && j < i && np < STORE_SQL_MAX_PARAMS; j++) {
                ok = buf_printf(&c, "%s = ? AND ", order[j].expr) == VG_OK;
                p[np++] = key[j];
            }
            ok = ok && np < STORE_SQL_MAX_PARAMS &&
                 buf_printf(&c, "%s %s ?)", order[i].expr, order[i].desc ? "<" : ">") == VG_OK;
            if (ok)
                p[np++] = key[i];
        }
        if (ok)
            store_sql_where(q, buf_cstr(&c), p, np);
    }
    if (!ok)
        q->overflow = true;
    buf_release(&c);
}

static void page_order_limit(struct store_sql *q, const struct store_order_col *order,
                             size_t norder, long limit)
{
    sql_text(q, " ORDER BY ", 10);
    for (size_t i = 0; i < norder; i++) {
        if (buf_printf(&q->sql, "%s%s %s", i ? ", " : "", order[i].expr,
                       order[i].desc ? "DESC" : "ASC") != VG_OK)
            q->overflow = true;
    }
    store_sql_append(q, "LIMIT ?", (struct store_param[]){SP_INT(limit + 1)}, 1);
}

enum vg_err store_page(struct store *st, struct store_sql *q, const struct store_order_col *order,
                       size_t norder, const struct store_page_req *pg, struct store_result **rows,
                       char **next_cursor)
{
    *rows = NULL;
    *next_cursor = NULL;
    if (norder == 0 || norder > STORE_SQL_MAX_PARAMS / 2 || pg->limit < STORE_PAGE_MIN ||
        pg->limit > STORE_PAGE_MAX)
        return VG_ERR_INVALID;
    char *holder = NULL;
    if (pg->cursor != NULL && pg->cursor[0] != '\0') {
        struct store_param key[STORE_SQL_MAX_PARAMS / 2];
        enum vg_err e = store_page_cursor_decode(pg->cursor, order, norder, key, &holder);
        if (e != VG_OK)
            return e;
        page_after(q, order, norder, key);
    }
    page_order_limit(q, order, norder, pg->limit);
    struct store_result *r = NULL;
    enum vg_err e = store_sql_run(st, q, &r);
    free(holder);
    if (e != VG_OK)
        return e;
    if (r->rows > (size_t)pg->limit) {
        r->rows = (size_t)pg->limit; /* the extra row only said that more exist */
        *next_cursor = store_page_cursor_encode(r, r->rows - 1, order, norder);
    }
    *rows = r;
    return VG_OK;
}

/* Every row of r as an item (see store_page_items); frees r. */
static void rows_to_items(struct store_result *r, size_t item_size, store_row_fn from_row,
                          void **items, size_t *n)
{
    size_t rows = store_result_rows(r);
    unsigned char *arr = xcalloc(rows ? rows : 1, item_size);
    for (size_t i = 0; i < rows; i++)
        from_row(r, i, arr + i * item_size);
    store_result_free(r);
    *items = arr;
    *n = rows;
}

enum vg_err store_page_items(struct store *st, struct store_sql *q,
                             const struct store_order_col *order, size_t norder,
                             const struct store_page_req *pg, size_t item_size,
                             store_row_fn from_row, void **items, size_t *n, char **next_cursor)
{
    *items = NULL;
    *n = 0;
    struct store_result *r = NULL;
    enum vg_err e = store_page(st, q, order, norder, pg, &r, next_cursor);
    if (e == VG_OK)
        rows_to_items(r, item_size, from_row, items, n);
    return e;
}

enum vg_err store_query_items(struct store *st, const char *sql, const struct store_param *p,
                              size_t np, size_t item_size, store_row_fn from_row, void **items,
                              size_t *n)
{
    *items = NULL;
    *n = 0;
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st, sql, p, np, &r);
    if (e == VG_OK)
        rows_to_items(r, item_size, from_row, items, n);
    else
        store_result_free(r);
    return e;
}
