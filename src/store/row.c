/*
 * row.c - column access by name over struct store_result (see row.h). Results have a
 * handful of columns, so a linear scan of the names is cheaper than any index.
 */
#include "store/row.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

size_t store_col(const struct store_result *r, const char *name)
{
    size_t n = store_result_cols(r);
    for (size_t i = 0; i < n; i++) {
        const char *c = store_result_name(r, i);
        if (c != NULL && strcmp(c, name) == 0)
            return i;
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
    int n = snprintf(dst, cap, "%s", s ? s : "");
    return s != NULL && n >= 0 && (size_t)n < cap;
}

void store_row_free_strs(char **const fields[], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(*fields[i]);
        *fields[i] = NULL;
    }
}
