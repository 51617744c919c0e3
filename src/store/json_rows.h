/*
 * json_rows.h - rows rendered to JSON by column name, for the dashboard store modules
 * (projects, repositories, findings, events): the API field names are the SELECT list's
 * names, so one SELECT defines a resource's shape.
 */
#ifndef VG_STORE_JSON_ROWS_H
#define VG_STORE_JSON_ROWS_H

#include <jansson.h>

#include "store/page.h"
#include "store/row.h"
#include "util/rand.h"

/*
 * A row as a JSON object keyed by column name: SQL NULL is null; a name ending in "_at"
 * is an epoch-seconds column rendered as RFC 3339 UTC; a name listed in ints (NULL
 * terminated, may be NULL) is an integer, in reals a number; anything else a string.
 * Column names starting with '_' are skipped (order keys, internals).
 */
json_t *store_row_json(const struct store_result *r, size_t row, const char *const *ints,
                       const char *const *reals);
/*
 * Run q as one page (store_page: errors as there, VG_ERR_BAD_REQUEST for a bad cursor) and
 * render it as {"items": [...], "next_cursor": ...}. With rows not NULL the result is
 * handed over too (the caller frees it; item i is row i).
 */
enum vg_err store_json_page(struct store *st, struct store_sql *q,
                            const struct store_order_col *order, size_t norder,
                            const struct store_page_req *pg, const char *const *ints,
                            const char *const *reals, json_t **out, struct store_result **rows);
/* {"critical":0,...,"info":0} */
json_t *store_severity_counts(void);

#endif
