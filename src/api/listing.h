/*
 * listing.h - what the dashboard handlers (projects, repositories, findings, events,
 * billing, sessions) share: list parameters (?limit= 1..200, opaque ?cursor=), refusal of
 * unknown query parameters (paging itself: api_page_parse), comma-list filters checked against their allowed values, path
 * ids, the actor of a request, and the answer for a store error.
 */
#ifndef VG_API_LISTING_H
#define VG_API_LISTING_H

#include <jansson.h>
#include <stdbool.h>

#include "http/http.h"
#include "store/events.h"
#include "store/findings.h"
#include "store/scans.h"

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

/*
 * Rendering the store's structs as the JSON of API.md (each returns a new reference).
 */
/* v, or null when has is false. */
json_t *api_real_or_null(bool has, double v);
/* {"critical": n, "high": n, "medium": n, "low": n, "info": n} */
json_t *api_severity_counts_json(const struct store_severity_counts *c);
/* An event's actor {type, id} and its data object (parsed from its JSON text; {} when it
 * is not an object). */
json_t *api_event_actor_json(const struct store_event *ev);
json_t *api_event_data_json(const struct store_event *ev);
/* A scan (the seed's shape without findings; api/scans.c) and one of its findings. */
json_t *api_scan_json(const struct store_scan *s);
json_t *api_scan_finding_json(const struct store_scan_finding *f);
/* A finding across scans (api/findings.c): whole, or the rollup's short form. */
json_t *api_repo_finding_json(const struct store_repo_finding *f);
json_t *api_repo_finding_brief_json(const struct store_repo_finding *f);


/* RFC 3339 ("2026-06-12T10:15:00Z", fractions and offsets allowed) or a date
 * ("2026-06-12", midnight UTC) as epoch seconds; false when malformed. */
bool api_parse_time(const char *s, int64_t *out);
/* ?name= as a time (api_parse_time); a 422 when malformed. *out untouched when absent. */
enum vg_err api_query_time(struct req *req, struct resp *resp, const char *name, int64_t *out,
                           bool *present);

#endif
