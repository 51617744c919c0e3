/*
 * row.c - column access by name over struct store_result (see row.h). Results have a
 * few dozen columns at most, so a scan of the names (from where the last one was found)
 * is cheaper than any index.
 */
#include "store/row.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

size_t store_col(const struct store_result *r, const char *name)
{
    /* A row mapper reads its columns in SELECT order: the search starts after the column
     * this thread found last, so a row costs about one compare per column, not a scan of
     * the names for each. */
    static _Thread_local size_t next;
    size_t n = store_result_cols(r);
    size_t start = next < n ? next : 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = start + k < n ? start + k : start + k - n;
        const char *c = store_result_name(r, i);
        if (c != NULL && strcmp(c, name) == 0) {
            next = i + 1;
            return i;
        }
    }
    return SIZE_MAX;
}

/* The index of col; a name the query does not select is a bug in the caller. */
static size_t row_col(const struct store_result *r, const char *col)
{
    size_t i = store_col(r, col);
    assert(i != SIZE_MAX && "column not in the SELECT list");
    return i;
}

const char *store_row_text(const struct store_result *r, size_t row, const char *col)
{
    return store_result_get(r, row, row_col(r, col));
}

int64_t store_row_int(const struct store_result *r, size_t row, const char *col, int64_t def)
{
    return store_result_int(r, row, row_col(r, col), def);
}

double store_row_real(const struct store_result *r, size_t row, const char *col, double def)
{
    const char *s = store_row_text(r, row, col);
    if (s == NULL || *s == '\0')
        return def;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0')
        return def;
    return v;
}

bool store_row_bool(const struct store_result *r, size_t row, const char *col)
{
    return store_row_int(r, row, col, 0) != 0;
}

bool store_row_null(const struct store_result *r, size_t row, const char *col)
{
    return store_row_text(r, row, col) == NULL;
}

char *store_row_dup(const struct store_result *r, size_t row, const char *col)
{
    const char *s = store_row_text(r, row, col);
    return s ? xstrdup(s) : NULL;
}

bool store_row_copy(const struct store_result *r, size_t row, const char *col, char *dst,
                    size_t cap)
{
    const char *s = store_row_text(r, row, col);
    if (cap == 0)
        return false;
    /* strlen and memcpy, not snprintf: mappers copy every id of every row. */
    size_t len = s != NULL ? strlen(s) : 0;
    size_t n = len < cap ? len : cap - 1;
    if (n > 0)
        memcpy(dst, s, n);
    dst[n] = '\0';
    return s != NULL && len < cap;
}

void store_row_free_strs(char **const fields[], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(*fields[i]);
        *fields[i] = NULL;
    }
}
