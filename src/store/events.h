/*
 * events.h - the event log of a repository (repository_events): repository, scan,
 * finding and triage events with their actor, newest first.
 */
#ifndef VG_STORE_EVENTS_H
#define VG_STORE_EVENTS_H

#include <jansson.h>
#include <stdint.h>

#include "store/json_rows.h"

/* Who caused an event: type "user", "api_key" or "system"; id NULL for system. */
struct store_actor {
    const char *type;
    const char *id;
};
#define STORE_ACTOR_SYSTEM ((struct store_actor){"system", NULL})

/* Every event type (NULL terminated), for ?type= validation and the documentation. */
extern const char *const store_event_types[];

/* Microseconds since the epoch (event order). */
int64_t store_now_epoch_us(void);

/* Record one event on c (inside the caller's transaction) or a pooled connection (c NULL).
 * data may be NULL (stored as {}); it is not consumed. */
enum vg_err store_event_add(struct store *st, struct store_conn *c, const char *repository_id,
                            const char *type, const char *scan_id, const char *finding_id,
                            struct store_actor actor, const json_t *data);

struct store_events_filter {
    const char *repository_id;
    const char *type_prefix; /* NULL: all */
    int64_t since;           /* epoch seconds; 0: no bound */
    struct store_page_req page;
};
/* A page of events, newest first: {"items": [...], "next_cursor": ...}. */
enum vg_err store_events_page(struct store *st, const struct store_events_filter *f,
                              json_t **out);
/* A finding's history, oldest first: [{at, type, scan_id, actor, from_status, to_status,
 * reason}]. */
enum vg_err store_finding_history(struct store *st, const char *finding_id, json_t **out);

#endif
