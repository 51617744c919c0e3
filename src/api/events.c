/*
 * events.c - GET /v1/repositories/{id}/events (API.md "Events"): the repository's event
 * log, newest first, with ?type= (a prefix of the known types: "finding." or
 * "scan.completed") and ?since= (RFC 3339 or a date).
 */
#include <string.h>

#include "api/api.h"
#include "api/listing.h"
#include "app/app.h"
#include "store/events.h"

#define NOT_FOUND "Repository not found"

/* The id of an optional reference: null when "". */
static json_t *ref_json(const char *id) { return api_str(id[0] ? id : NULL); }

static json_t *event_json(const struct store_event *ev)
{
    return json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o}", "id", ev->id, "repository_id",
                     ev->repository_id, "type", ev->type, "scan_id", ref_json(ev->scan_id),
                     "finding_id", ref_json(ev->finding_id), "created_at",
                     api_time(ev->created_at), "actor", api_event_actor_json(ev), "data",
                     api_event_data_json(ev));
}

enum vg_err api_events_list(struct req *req, struct resp *resp)
{
    static const char *const allowed[] = {"limit", "cursor", "type", "since", NULL};
    struct store_events_filter f = {0};
    bool since = false;
    enum vg_err e = api_path_id(req, resp, "id", NOT_FOUND, &f.repository_id);
    if (e == VG_OK)
        e = api_query_known(req, resp, allowed);
    if (e == VG_OK)
        e = api_page_parse(req, resp, &f.page);
    if (e == VG_OK)
        e = api_query_time(req, resp, "since", &f.since, &since);
    if (e != VG_OK)
        return e;
    f.type_prefix = req_query(req, "type");
    if (f.type_prefix != NULL) {
        size_t n = strlen(f.type_prefix);
        bool known = false;
        for (size_t i = 0; store_event_types[i] && !known && n > 0; i++)
            known = strncmp(store_event_types[i], f.type_prefix, n) == 0;
        if (!known) {
            resp_field_error(resp, "query", "type",
                             "Unknown event type; give a type or a prefix of one such as "
                             "'finding.' or 'scan.completed'",
                             "enum");
            return resp_validation_result(resp);
        }
    }
    if (since && f.since <= 0)
        f.since = 1;
    /* A foreign repository is a 404 like a missing one (the store checks). */
    f.user_id = req->principal.user_id;
    struct store_event_page page;
    e = store_events_page(req->app->store, &f, &page);
    if (e != VG_OK)
        return api_store_error(resp, e, NOT_FOUND, NULL);
    API_PAGE_RENDER(e, resp, &page, event_json, store_event_page_release);
    return e;
}
