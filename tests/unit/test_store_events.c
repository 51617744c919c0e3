/*
 * test_store_events.c - store/events.c: events recorded with their actor and data, read
 * back as typed rows newest first, under the type-prefix and since filters, a limit=2 walk
 * that visits each once, a bad cursor, a finding's history oldest first, and another
 * user's repository as VG_ERR_NOT_FOUND. On SQLite in memory, and PostgreSQL when
 * VEGA_TEST_PG_URL is set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "store/events.h"
#include "store/projects.h"
#include "util/xalloc.h"
#include "storelib.h"
#include "dashlib.h"

struct world {
    struct store *st;
    char alice[UUID_STR_LEN], bob[UUID_STR_LEN], repo[UUID_STR_LEN];
};

static void world(void **state, struct world *w)
{
    static unsigned seq;
    char email[64];
    w->st = ((struct storelib_fx *)*state)->st;
    snprintf(email, sizeof(email), "ea%u@example.com", seq);
    dash_user(w->st, email, w->alice);
    snprintf(email, sizeof(email), "eb%u@example.com", seq++);
    dash_user(w->st, email, w->bob);
    struct store_project p;
    assert_int_equal(store_project_create(w->st, w->alice, "p", NULL, &p), VG_OK);
    dash_repository(w->st, w->alice, p.id, "r", w->repo);
    store_project_release(&p);
}

/* The events of a filtered walk, limit 2: how many, each once, newest first. */
static size_t walk(struct world *w, const char *prefix, int64_t since)
{
    struct store_events_filter f = {w->alice, w->repo, prefix, since, {2, NULL}};
    size_t n = 0, pages = 0;
    char *cursor = NULL;
    int64_t last = INT64_MAX;
    char seen[16][UUID_STR_LEN];
    do {
        f.page.cursor = cursor;
        struct store_event_page pg;
        assert_int_equal(store_events_page(w->st, &f, &pg), VG_OK);
        free(cursor);
        cursor = pg.next_cursor ? xstrdup(pg.next_cursor) : NULL;
        for (size_t i = 0; i < pg.n; i++) {
            assert_true(pg.items[i].created_us <= last);
            last = pg.items[i].created_us;
            assert_string_equal(pg.items[i].repository_id, w->repo);
            if (prefix != NULL)
                assert_memory_equal(pg.items[i].type, prefix, strlen(prefix));
            for (size_t k = 0; k < n; k++)
                assert_string_not_equal(seen[k], pg.items[i].id);
            assert_true(n < 16);
            snprintf(seen[n++], UUID_STR_LEN, "%s", pg.items[i].id);
        }
        store_event_page_release(&pg);
    } while (cursor != NULL && ++pages < 20);
    return n;
}

static void test_add_and_page(void **state)
{
    struct world w;
    world(state, &w);
    char finding[UUID_STR_LEN], scan[UUID_STR_LEN];
    rand_uuid(finding);
    rand_uuid(scan);
    json_t *data = json_pack("{s:s,s:s}", "from_status", "open", "to_status", "ignored");
    assert_int_equal(store_event_add(w.st, NULL, w.repo, "finding.triaged", NULL, finding,
                                     (struct store_actor){"api_key", w.bob}, data),
                     VG_OK);
    json_decref(data);
    assert_int_equal(store_event_add(w.st, NULL, w.repo, "finding.fixed", scan, finding,
                                     STORE_ACTOR_SYSTEM, NULL),
                     VG_OK);
    assert_int_equal(
        store_event_add(w.st, NULL, w.repo, "scan.completed", scan, NULL, STORE_ACTOR_SYSTEM, NULL),
        VG_OK);
    /* repository.created (from dash_repository) and the three above. */
    assert_int_equal(walk(&w, NULL, 0), 4);
    assert_int_equal(walk(&w, "finding.", 0), 2);
    assert_int_equal(walk(&w, "scan.completed", 0), 1);
    assert_int_equal(walk(&w, "finding_", 0), 0); /* '_' is not LIKE's wildcard */
    assert_int_equal(walk(&w, NULL, time_now() + 3600), 0);

    struct store_events_filter f = {w.alice, w.repo, NULL, 0, {1, NULL}};
    struct store_event_page pg;
    assert_int_equal(store_events_page(w.st, &f, &pg), VG_OK);
    assert_int_equal(pg.n, 1);
    const struct store_event *ev = &pg.items[0];
    assert_string_equal(ev->type, "scan.completed");
    assert_string_equal(ev->scan_id, scan);
    assert_string_equal(ev->finding_id, "");
    assert_string_equal(ev->actor_type, "system");
    assert_null(ev->actor_id);
    assert_string_equal(ev->detail, "{}");
    assert_true(ev->created_at > 0 && ev->created_us / 1000000 == ev->created_at);
    store_event_page_release(&pg);

    struct store_event_list h;
    assert_int_equal(store_finding_history(w.st, finding, &h), VG_OK);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.items[0].type, "finding.triaged");
    assert_string_equal(h.items[0].actor_type, "api_key");
    assert_string_equal(h.items[0].actor_id, w.bob);
    assert_string_equal(h.items[0].scan_id, "");
    json_t *d = json_loads(h.items[0].detail, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(d, "to_status")), "ignored");
    json_decref(d);
    assert_string_equal(h.items[1].type, "finding.fixed");
    store_event_list_release(&h);
    store_event_list_release(NULL);

    f.page.cursor = "WyJ4IiwieSJd"; /* ["x","y"]: the time must be an integer */
    assert_int_equal(store_events_page(w.st, &f, &pg), VG_ERR_BAD_REQUEST);
    f.page.cursor = NULL;
    f.user_id = w.bob;
    assert_int_equal(store_events_page(w.st, &f, &pg), VG_ERR_NOT_FOUND);
    assert_null(pg.items);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_and_page),
    };
    return STORELIB_RUN("store_events", tests);
}
