/*
 * activity.h - the account's activity log (table activity): key created / used /
 * revoked, logins, refresh-token reuse. Written by the auth steps and handlers, listed
 * by GET /v1/api-keys/activity. Times are epoch seconds. Thread-safe.
 */
#ifndef VG_STORE_ACTIVITY_H
#define VG_STORE_ACTIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "store/page.h"
#include "util/rand.h"

struct store_activity {
    char id[UUID_STR_LEN];
    char api_key_id[UUID_STR_LEN]; /* "" when none */
    char *action;                  /* owned */
    char *detail;                  /* owned, may be NULL */
    char *ip;                      /* owned, may be NULL */
    int64_t created_at;
};

struct store_activity_page {
    struct store_activity *items; /* owned */
    size_t n;
    char *next_cursor; /* owned; NULL on the last page */
};

void store_activity_page_release(struct store_activity_page *p);

/* Append one entry (a new id is drawn). api_key_id, detail and ip may be NULL. */
enum vg_err store_activity_add(struct store *st, const char *user_id, const char *api_key_id,
                               const char *action, const char *detail, const char *ip,
                               int64_t now);
/* The user's entries, newest first. VG_ERR_BAD_REQUEST for a malformed cursor. */
enum vg_err store_activity_list(struct store *st, const char *user_id,
                                const struct store_page_req *pg, struct store_activity_page *out);

#endif
