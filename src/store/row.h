/*
 * row.h - reading a query result by column name, the only way entity modules read rows.
 * A column is named by its name in the SELECT list (give expressions an alias with AS:
 * both backends then report the alias). Reading by position is what this replaces: a
 * column added to a SELECT cannot shift the others.
 *
 * Naming a column the result does not have is a programmer error (assert). Every value
 * is borrowed from the result and lives until store_result_free(). Thread-safe for
 * concurrent readers of one result.
 */
#ifndef VG_STORE_ROW_H
#define VG_STORE_ROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* The index of column name in r, or SIZE_MAX when r has no such column. */
size_t store_col(const struct store_result *r, const char *name);

/* Text of the column, or NULL for SQL NULL. Borrowed. */
const char *store_row_text(const struct store_result *r, size_t row, const char *col);
/* Integer value; def for SQL NULL or a non-numeric value. Booleans read as 1 / 0. */
int64_t store_row_int(const struct store_result *r, size_t row, const char *col, int64_t def);
/* Floating value (DOUBLE PRECISION columns); def for SQL NULL or a non-numeric value. */
double store_row_real(const struct store_result *r, size_t row, const char *col, double def);
/* A flag column (0/1 integer, or PostgreSQL's t/f): false for SQL NULL. */
bool store_row_bool(const struct store_result *r, size_t row, const char *col);
/* Whether the column is SQL NULL. */
bool store_row_null(const struct store_result *r, size_t row, const char *col);
/* A malloc'ed copy of the column's text (the caller frees), or NULL for SQL NULL. */
char *store_row_dup(const struct store_result *r, size_t row, const char *col);
/* Copy the column's text into dst (cap bytes, truncated, always NUL-terminated; "" for
 * SQL NULL). Returns false when it did not fit or was NULL. */
bool store_row_copy(const struct store_result *r, size_t row, const char *col, char *dst,
                    size_t cap);
/* Free the n strings a typed row owns (from store_row_dup) and set each to NULL. */
void store_row_free_strs(char **const fields[], size_t n);
#define STORE_ROW_FREE_STRS(...)                                                           \
    store_row_free_strs((char **const[]){__VA_ARGS__},                                     \
                        sizeof((char **const[]){__VA_ARGS__}) / sizeof(char **))

#endif
