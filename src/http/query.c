/*
 * query.c - the lookup every handler does: one row or an error answer.
 */
#include "http/query.h"

#include "app/app.h"
#include "store/store.h"

enum vg_err req_query_row(struct req *req, struct resp *resp, const char *sql,
                          const struct store_param *params, size_t nparams, enum vg_err missing,
                          const char *missing_message, struct store_result **out)
{
    *out = NULL;
    struct store_result *r = NULL;
    if (store_query1(req->app->store, sql, params, nparams, &r) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    if (store_result_rows(r) == 0) {
        store_result_free(r);
        return resp_error(resp, missing, missing_message);
    }
    *out = r;
    return VG_OK;
}
