/*
 * page.h - building a filtered SELECT and reading it a page at a time (keyset
 * pagination), for every list endpoint.
 *
 *   struct store_sql q;
 *   store_sql_init(&q, "SELECT id, name, created_at FROM projects");
 *   store_sql_where(&q, "user_id = ?", (struct store_param[]){SP_TEXT(uid)}, 1);
 *   if (name_q) store_sql_where1(&q, "name LIKE ?", SP_TEXT(pattern));
 *   static const struct store_order_col order[] = {
 *       {"created_at", "created_at", STORE_P_INT, true}, {"id", "id", STORE_P_TEXT, true}};
 *   e = store_page(st, &q, order, 2, &(struct store_page_req){limit, cursor}, &rows, &next);
 *   store_sql_release(&q);
 *
 * Filters are conditions joined with AND; each `?` in a condition takes the next
 * parameter and becomes `$N` (a `?` inside a '...' literal is left alone). The order is
 * a list of columns with a direction each; its last column must be unique (the id) so
 * that ties are broken and a walk visits every row exactly once, even while rows are
 * inserted. Order columns must not be NULL (wrap a nullable one in COALESCE).
 *
 * A cursor is the base64url (no padding) of the JSON array of the last row's order
 * values: opaque to clients, validated on the way back in (length, base64, JSON shape,
 * one value of the right type per order column).
 */
#ifndef VG_STORE_PAGE_H
#define VG_STORE_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/buf.h"

/* Parameters one query may carry. */
#define STORE_SQL_MAX_PARAMS 64
/* Longest SQL text a builder accepts. */
#define STORE_SQL_MAX_LEN (16 * 1024)
/* Longest cursor accepted from a client, and longest text value inside it. */
#define STORE_CURSOR_MAX_LEN 1024
#define STORE_CURSOR_MAX_TEXT 512
/* Page sizes of the list endpoints (API.md: limit 1-200, default 50). */
#define STORE_PAGE_MIN 1
#define STORE_PAGE_MAX 200
#define STORE_PAGE_DEFAULT 50

struct store_sql {
    struct buf sql;
    struct store_param params[STORE_SQL_MAX_PARAMS];
    size_t n;
    bool has_where;
    bool overflow; /* too many parameters or too much text: running it fails */
};

/* Start a query with select_from ("SELECT cols FROM t [JOIN ...]"). Release with
 * store_sql_release. Text parameters are borrowed: they must outlive the query's run. */
void store_sql_init(struct store_sql *q, const char *select_from);
void store_sql_release(struct store_sql *q);
/* AND a condition holding n `?` placeholders, with their n parameters. */
void store_sql_where(struct store_sql *q, const char *cond, const struct store_param *p,
                     size_t n);
/* The same with exactly one placeholder. */
void store_sql_where1(struct store_sql *q, const char *cond, struct store_param p);
/* AND `expr IN (?, ...)` over n text values (borrowed); nothing when n is 0. */
void store_sql_where_in(struct store_sql *q, const char *expr, const char *const *values,
                        size_t n);
/* Append raw SQL text (GROUP BY, ORDER BY, LIMIT ... of a query that is not paged), with
 * its n `?` parameters. */
void store_sql_append(struct store_sql *q, const char *text, const struct store_param *p,
                      size_t n);
/* Run a built query (not paged). *out as store_query; VG_ERR_INVALID when it overflowed. */
enum vg_err store_sql_run(struct store *st, struct store_sql *q, struct store_result **out);
enum vg_err store_sql_run_conn(struct store_conn *c, struct store_sql *q,
                               struct store_result **out);
/* One row by id that a user owns: `select` plus "WHERE <alias>.id = ? AND <alias>.user_id = ?"
 * (user_id NULL: any owner, for workers and admins). VG_ERR_NOT_FOUND (and *out NULL) unless
 * exactly one row answers. */
enum vg_err store_sql_owned_row(struct store *st, const char *select, const char *alias,
                                const char *user_id, const char *id,
                                struct store_result **out);

struct store_order_col {
    const char *expr;       /* SQL expression to order by, "s.created_at" */
    const char *name;       /* its column name in the SELECT list, read for the cursor */
    enum store_ptype type;  /* STORE_P_INT or STORE_P_TEXT */
    bool desc;
};

struct store_page_req {
    long limit;         /* STORE_PAGE_MIN..STORE_PAGE_MAX */
    const char *cursor; /* from the client, borrowed; NULL or "" for the first page */
};

/*
 * Run q as one page: after the cursor's position, in order, at most pg->limit rows.
 * *rows receives the page (the caller frees it); *next_cursor a malloc'ed cursor for the
 * next page, or NULL when this page is the last. Errors: VG_ERR_BAD_REQUEST for a
 * malformed cursor (answer 400 "Invalid cursor"), VG_ERR_INVALID when q overflowed,
 * otherwise store_query's. On error both outputs are NULL.
 */
enum vg_err store_page(struct store *st, struct store_sql *q, const struct store_order_col *order,
                       size_t norder, const struct store_page_req *pg, struct store_result **rows,
                       char **next_cursor);

/*
 * store_page, with each row turned into a typed item: *items receives an array of *n items
 * of item_size bytes (malloc'ed, the caller frees it and what from_row put in each),
 * filled by from_row(r, row, item) from zeroed memory. Errors as store_page.
 */
typedef void (*store_row_fn)(const struct store_result *r, size_t row, void *item);
enum vg_err store_page_items(struct store *st, struct store_sql *q,
                             const struct store_order_col *order, size_t norder,
                             const struct store_page_req *pg, size_t item_size,
                             store_row_fn from_row, void **items, size_t *n, char **next_cursor);

/* Run one statement and turn every row into a typed item, as store_page_items does (for
 * short lists that need no paging). */
enum vg_err store_query_items(struct store *st, const char *sql, const struct store_param *p,
                              size_t np, size_t item_size, store_row_fn from_row, void **items,
                              size_t *n);

/* The cursor for row of r (malloc'ed), or NULL when an order value is NULL. */
char *store_page_cursor_encode(const struct store_result *r, size_t row,
                          const struct store_order_col *order, size_t norder);
/*
 * Decode cursor into norder parameters (text ones point into *holder, which the caller
 * frees with free()). VG_ERR_BAD_REQUEST when malformed.
 */
enum vg_err store_page_cursor_decode(const char *cursor, const struct store_order_col *order,
                                size_t norder, struct store_param *out, char **holder);

/* Release a typed page {items, n, next_cursor} (NULL is fine): each item with release(),
 * then the array and the cursor; the page is left zeroed. */
#define STORE_PAGE_RELEASE(p, release)                                                       \
    do {                                                                                     \
        if ((p) != NULL) {                                                                   \
            for (size_t i_ = 0; i_ < (p)->n; i_++)                                           \
                release(&(p)->items[i_]);                                                    \
            free((p)->items);                                                                \
            free((p)->next_cursor);                                                          \
            memset((p), 0, sizeof(*(p)));                                                    \
        }                                                                                    \
    } while (0)

#endif
