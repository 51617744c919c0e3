/*
 * sqlb.h - what the dashboard store modules (projects, repositories, findings, events,
 * usage) share: a statement builder for filtered lists (`$N` numbered as parameters are
 * added), opaque keyset cursors over (integer key, id), and rows rendered to JSON by
 * column name. Only for code inside src/store/.
 */
#ifndef VG_STORE_SQLB_H
#define VG_STORE_SQLB_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/buf.h"
#include "util/rand.h"

#define SQLB_MAX_PARAMS 64

struct sqlb {
    struct buf sql;
    struct store_param p[SQLB_MAX_PARAMS];
    size_t n;
    bool overflow; /* too many parameters or too long: the statement is not run */
};

void sqlb_init(struct sqlb *b, const char *head);
void sqlb_release(struct sqlb *b);
/* Append SQL text. */
void sqlb_sql(struct sqlb *b, const char *s);
/* Append "$N" for a new text / integer parameter (s is borrowed until the query ran). */
void sqlb_text(struct sqlb *b, const char *s);
void sqlb_int(struct sqlb *b, int64_t v);
/* Append " AND col IN ($a,$b,...)" for a list of text values. */
void sqlb_in(struct sqlb *b, const char *col, const char *const *vals, size_t n);
/* Run on c (or on a pooled connection when c is NULL). */
enum vg_err sqlb_run(struct sqlb *b, struct store *st, struct store_conn *c,
                     struct store_result **out);

/*
 * Keyset position after a row: (k, id). Encoded as opaque base64url text.
 * sqlb_after appends " AND (kcol <op> $k OR (kcol = $k AND idcol <op> $id))" with op '<'
 * for descending order and '>' for ascending.
 */
struct store_cursor {
    bool set;
    int64_t k;
    char id[UUID_STR_LEN];
};
/* false for a malformed cursor (NULL or "" decodes as unset). */
bool store_cursor_decode(const char *text, struct store_cursor *c);
/* malloc'd text. */
char *store_cursor_encode(int64_t k, const char *id);
void sqlb_after(struct sqlb *b, const struct store_cursor *c, const char *kcol,
                const char *idcol, bool desc);

/*
 * A row as a JSON object keyed by column name: SQL NULL is null; a name ending in "_at"
 * is an epoch-seconds column rendered as RFC 3339 UTC; a name listed in ints (NULL
 * terminated, may be NULL) is an integer, in reals a number; anything else a string.
 * Column names starting with '_' are skipped (keyset keys, internals).
 */
json_t *store_row_json(const struct store_result *r, size_t row, const char *const *ints,
                       const char *const *reals);
/* Index of the column named name, or SIZE_MAX. */
size_t store_col(const struct store_result *r, const char *name);
/* A page: rows [0, limit) as items; next_cursor from row limit-1's _k and id when more
 * rows came back than limit. The query must select "_k" and "id". */
json_t *store_page_json(const struct store_result *r, size_t limit, const char *const *ints,
                        const char *const *reals);
/* {"critical":0,...,"info":0} */
json_t *store_severity_counts(void);

#endif
