/*
 * store_result.c - the backend-neutral query result: rows x cols of text (NULL for SQL
 * NULL), column names and the affected-row count. The backends fill it through the
 * builder in store_internal.h; callers only read it through store.h.
 */
#include "store/store_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static size_t result_store_bytes(struct store_result *r, const char *v, size_t len)
{
    if (r->data_len + len + 1 > r->data_alloc) {
        size_t n = r->data_alloc ? r->data_alloc : 256;
        while (n < r->data_len + len + 1)
            n *= 2;
        r->data = xrealloc(r->data, n);
        r->data_alloc = n;
    }
    size_t off = r->data_len;
    if (len)
        memcpy(r->data + off, v, len);
    r->data[off + len] = '\0';
    r->data_len += len + 1;
    return off;
}

struct store_result *store_result_new(size_t cols)
{
    struct store_result *r = xcalloc(1, sizeof(*r));
    r->cols = cols;
    r->names = xcalloc(cols ? cols : 1, sizeof(size_t));
    for (size_t i = 0; i < cols; i++)
        r->names[i] = STORE_RESULT_NULL;
    return r;
}

void store_result_set_name(struct store_result *r, size_t col, const char *name)
{
    if (col < r->cols)
        r->names[col] = result_store_bytes(r, name ? name : "", name ? strlen(name) : 0);
}

void store_result_add_row(struct store_result *r)
{
    size_t need = (r->rows + 1) * r->cols;
    if (need > r->vals_alloc) {
        size_t n = r->vals_alloc ? r->vals_alloc * 2 : 16 * (r->cols ? r->cols : 1);
        while (n < need)
            n *= 2;
        r->vals = xrealloc(r->vals, n * sizeof(size_t));
        r->vals_alloc = n;
    }
    for (size_t i = 0; i < r->cols; i++)
        r->vals[r->rows * r->cols + i] = STORE_RESULT_NULL;
    r->rows++;
}

void store_result_set(struct store_result *r, size_t col, const char *v, size_t len)
{
    if (r->rows == 0 || col >= r->cols)
        return;
    r->vals[(r->rows - 1) * r->cols + col] = v ? result_store_bytes(r, v, len) : STORE_RESULT_NULL;
}

size_t store_result_rows(const struct store_result *r) { return r ? r->rows : 0; }

size_t store_result_cols(const struct store_result *r) { return r ? r->cols : 0; }

uint64_t store_result_affected(const struct store_result *r) { return r ? r->affected : 0; }

const char *store_result_name(const struct store_result *r, size_t col)
{
    if (r == NULL || col >= r->cols || r->names[col] == STORE_RESULT_NULL)
        return NULL;
    return r->data + r->names[col];
}

const char *store_result_get(const struct store_result *r, size_t row, size_t col)
{
    if (r == NULL || row >= r->rows || col >= r->cols)
        return NULL;
    size_t off = r->vals[row * r->cols + col];
    return off == STORE_RESULT_NULL ? NULL : r->data + off;
}

int64_t store_result_int(const struct store_result *r, size_t row, size_t col, int64_t def)
{
    const char *s = store_result_get(r, row, col);
    if (s == NULL || *s == '\0')
        return def;
    /* PostgreSQL spells a boolean (EXISTS, IS NULL, a comparison) t/f, SQLite 1/0. */
    if (strcmp(s, "t") == 0 || strcmp(s, "f") == 0)
        return *s == 't';
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0')
        return def;
    return (int64_t)v;
}

void store_result_free(struct store_result *r)
{
    if (r == NULL)
        return;
    free(r->names);
    free(r->vals);
    free(r->data);
    free(r);
}
