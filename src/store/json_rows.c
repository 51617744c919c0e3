/*
 * json_rows.c - rows as JSON by column name (see json_rows.h).
 */
#include "store/json_rows.h"

#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"

static bool name_in(const char *name, const char *const *list)
{
    for (size_t i = 0; list && list[i]; i++) {
        if (strcmp(name, list[i]) == 0)
            return true;
    }
    return false;
}

json_t *store_row_json(const struct store_result *r, size_t row, const char *const *ints,
                       const char *const *reals)
{
    json_t *o = json_object();
    for (size_t c = 0; c < store_result_cols(r); c++) {
        const char *name = store_result_name(r, c);
        if (name[0] == '_')
            continue;
        const char *v = store_row_text(r, row, name);
        size_t nl = strlen(name);
        json_t *j;
        if (v == NULL) {
            j = json_null();
        } else if (nl > 3 && strcmp(name + nl - 3, "_at") == 0) {
            char iso[ISO8601_LEN];
            time_iso8601(iso, store_row_int(r, row, name, 0));
            j = json_string(iso);
        } else if (name_in(name, ints)) {
            j = json_integer(store_row_int(r, row, name, 0));
        } else if (name_in(name, reals)) {
            j = json_real(store_row_real(r, row, name, 0));
        } else {
            j = json_string(v);
        }
        json_object_set_new(o, name, j);
    }
    return o;
}

enum vg_err store_json_page(struct store *st, struct store_sql *q,
                            const struct store_order_col *order, size_t norder,
                            const struct store_page_req *pg, const char *const *ints,
                            const char *const *reals, json_t **out, struct store_result **rows)
{
    *out = NULL;
    if (rows)
        *rows = NULL;
    struct store_result *r = NULL;
    char *next = NULL;
    enum vg_err e = store_page(st, q, order, norder, pg, &r, &next);
    if (e != VG_OK)
        return e;
    json_t *items = json_array();
    for (size_t i = 0; i < store_result_rows(r); i++)
        json_array_append_new(items, store_row_json(r, i, ints, reals));
    *out = json_pack("{s:o,s:o}", "items", items, "next_cursor",
                     next ? json_string(next) : json_null());
    free(next);
    if (rows)
        *rows = r;
    else
        store_result_free(r);
    return VG_OK;
}

json_t *store_severity_counts(void)
{
    return json_pack("{s:i,s:i,s:i,s:i,s:i}", "critical", 0, "high", 0, "medium", 0, "low", 0,
                     "info", 0);
}
