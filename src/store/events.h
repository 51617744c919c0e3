/*
 * events.h - the event log of a repository (repository_events): repository, scan,
 * finding and triage events with their actor, newest first.
 */
#ifndef VG_STORE_EVENTS_H
#define VG_STORE_EVENTS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "store/page.h"
#include "util/rand.h"

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
 * data is the event's free-form detail object (its keys depend on the type; stored as
 * JSON text); NULL is stored as {}; it is borrowed. */
enum vg_err store_event_add(struct store *st, struct store_conn *c, const char *repository_id,
                            const char *type, const char *scan_id, const char *finding_id,
                            struct store_actor actor, const json_t *data);

/* One event. Times: created_at in epoch seconds, created_us in microseconds (the order). */
struct store_event {
    char id[UUID_STR_LEN];
    char repository_id[UUID_STR_LEN];
    char type[32];
    char scan_id[UUID_STR_LEN];    /* "" when none */
    char finding_id[UUID_STR_LEN]; /* "" when none */
    char actor_type[16];           /* user | api_key | system */
    char *actor_id;                /* owned; NULL for system */
    char *detail;                  /* owned; the data object as JSON text ("{}" when none) */
    int64_t created_at, created_us;
};

struct store_event_page {
    struct store_event *items; /* owned */
    size_t n;
    char *next_cursor; /* owned; NULL on the last page */
};

struct store_event_list {
    struct store_event *items; /* owned */
    size_t n;
};

/* Free what the struct holds (not the struct). Accept NULL. */
void store_event_release(struct store_event *ev);
void store_event_page_release(struct store_event_page *p);
void store_event_list_release(struct store_event_list *l);

struct store_events_filter {
    const char *user_id;
    const char *repository_id;
    const char *type_prefix; /* NULL: all */
    int64_t since;           /* epoch seconds; 0: no bound */
    struct store_page_req page;
};
/* A page of the user's repository's events, newest first. VG_ERR_NOT_FOUND when the
 * repository is not the user's; VG_ERR_BAD_REQUEST for a malformed cursor. */
enum vg_err store_events_page(struct store *st, const struct store_events_filter *f,
                              struct store_event_page *out);
/* A finding's events (its history), oldest first. */
enum vg_err store_finding_history(struct store *st, const char *finding_id,
                                  struct store_event_list *out);

#endif
