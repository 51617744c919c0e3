/*
 * query.h - database lookups that answer for themselves (redis' ...OrReply style).
 */
#ifndef VG_HTTP_QUERY_H
#define VG_HTTP_QUERY_H

#include "http/http.h"
#include "store/store.h"

/*
 * Run sql expecting at least one row. On success *out holds the result (the caller frees
 * it). A database failure records a 503 in resp; no row records (missing,
 * missing_message). Either way the error is returned and *out is NULL.
 */
enum vg_err req_query_row(struct req *req, struct resp *resp, const char *sql,
                          const struct store_param *params, size_t nparams, enum vg_err missing,
                          const char *missing_message, struct store_result **out);

#endif
