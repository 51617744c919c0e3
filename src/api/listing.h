/*
 * listing.h - what the dashboard handlers (projects, repositories, findings, events,
 * billing, sessions) share: list parameters (?limit= 1..200, opaque ?cursor=), refusal of
 * unknown query parameters (paging itself: api_page_parse), comma-list filters checked against their allowed values, path
 * ids, the actor of a request, and the answer for a store error.
 */
#ifndef VG_API_LISTING_H
#define VG_API_LISTING_H

#include "http/http.h"
#include "store/events.h"
#include "store/json_rows.h"

#define API_FILTER_MAX 32

/* 422 when the query holds a parameter not in allowed (NULL terminated). */
enum vg_err api_query_known(struct req *req, struct resp *resp, const char *const *allowed);

/* A comma-separated filter (?severity=high,critical): each item non-empty and, when
 * allowed is not NULL, one of allowed; a 422 naming the bad value otherwise. */
struct api_filter {
    const char *v[API_FILTER_MAX];
    size_t n;
    char storage[1024];
};
enum vg_err api_query_filter(struct req *req, struct resp *resp, const char *name,
                             const char *const *allowed, struct api_filter *out);

/* The path parameter name when it is a UUID; otherwise records a 404 with not_found. */
enum vg_err api_path_id(struct req *req, struct resp *resp, const char *name,
                        const char *not_found, const char **out);

/* The caller as an event actor. */
struct store_actor api_actor(const struct req *req);

/* Answer a store error: NOT_FOUND with not_found, CONFLICT with conflict, BAD_REQUEST (a
 * list's cursor) with "Invalid cursor", 503 otherwise. */
enum vg_err api_store_error(struct resp *resp, enum vg_err e, const char *not_found,
                            const char *conflict);

/* Answer GET of one resource: the path id (404 not_found when malformed), fn, 200 with its
 * JSON, or the store error (404 not_found for a missing or foreign one). */
typedef enum vg_err (*api_get_fn)(struct store *st, const char *user_id, const char *id,
                                  json_t **out);
enum vg_err api_answer_get(struct req *req, struct resp *resp, const char *param,
                           const char *not_found, api_get_fn fn);



/* RFC 3339 ("2026-06-12T10:15:00Z", fractions and offsets allowed) or a date
 * ("2026-06-12", midnight UTC) as epoch seconds; false when malformed. */
bool api_parse_time(const char *s, int64_t *out);
/* ?name= as a time (api_parse_time); a 422 when malformed. *out untouched when absent. */
enum vg_err api_query_time(struct req *req, struct resp *resp, const char *name, int64_t *out,
                           bool *present);

#endif
