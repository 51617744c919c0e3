/*
 * test_api_findings.c - the findings and events handlers (api/findings.c, api/events.c)
 * driven in memory through apilib.h: the list (open by default, filters, validation, a
 * bad cursor), one finding with its history as JSON, triage (reason required, a fixed
 * finding is a 409), the event log, and another user's repository or finding answered
 * like a missing one. On SQLite in memory, and PostgreSQL when VEGA_TEST_PG_URL is set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "store/projects.h"
#include "storelib.h"
#include "apilib.h"
#include "dashlib.h"

struct fx {
    struct apilib_app a;
    char alice[UUID_STR_LEN], bob[UUID_STR_LEN];
    char repo[UUID_STR_LEN], scan1[UUID_STR_LEN], scan2[UUID_STR_LEN];
};

static const struct dash_finding fs[] = {
    {"k1", "critical", "secret", "aws-key", "src/a.py"},
    {"k2", "high", "secret", "stripe-key", "src/b.py"},
    {"k3", "low", "config", "debug", "conf/app.cfg"},
};

/* alice's repository: scan1 shows k1..k3, scan2 only k2 and k3 (k1 fixed). */
static struct fx *fx_new(void **state)
{
    static unsigned seq;
    struct fx *f = calloc(1, sizeof(*f));
    struct store *st = ((struct storelib_fx *)*state)->st;
    apilib_app_init(&f->a, st);
    char email[64];
    snprintf(email, sizeof(email), "fa%u@example.com", seq);
    apilib_user(&f->a, email, true, f->alice);
    snprintf(email, sizeof(email), "fb%u@example.com", seq++);
    apilib_user(&f->a, email, true, f->bob);
    struct store_project p;
    assert_int_equal(store_project_create(st, f->alice, "p", NULL, &p), VG_OK);
    dash_repository(st, f->alice, p.id, "r", f->repo);
    dash_scan(st, f->alice, p.id, f->repo, fs, 3, "50", f->scan1);
    dash_settle(st, f->scan1, true);
    dash_scan(st, f->alice, p.id, f->repo, fs + 1, 2, "70", f->scan2);
    dash_settle(st, f->scan2, true);
    store_project_release(&p);
    return f;
}

static void fx_free(struct fx *f)
{
    apilib_app_release(&f->a);
    free(f);
}

static void begin(struct api_call *c, struct fx *f, const char *user, const char *repo,
                  const char *finding)
{
    api_call_begin(c, &f->a, "GET", "/v1/repositories");
    api_call_as_user(c, user);
    api_call_param(c, "id", repo);
    if (finding != NULL)
        api_call_param(c, "finding_id", finding);
}

/* GET the list with one query parameter (name NULL: none); returns the status. */
static unsigned list(struct fx *f, struct api_call *c, const char *user, const char *name,
                     const char *value)
{
    begin(c, f, user, f->repo, NULL);
    if (name != NULL)
        api_call_query(c, name, value);
    return api_call_run(c, api_findings_list);
}

static void test_list(void **state)
{
    struct fx *f = fx_new(state);
    struct api_call c;
    assert_int_equal(list(f, &c, f->alice, NULL, NULL), 200);
    json_t *items = json_object_get(c.body, "items");
    assert_int_equal(json_array_size(items), 2); /* open only by default */
    json_t *it = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(it, "severity")), "high");
    assert_string_equal(json_string_value(json_object_get(it, "status")), "open");
    assert_string_equal(json_string_value(json_object_get(it, "first_seen_scan_id")), f->scan1);
    assert_string_equal(json_string_value(json_object_get(it, "last_seen_scan_id")), f->scan2);
    assert_true(json_is_integer(json_object_get(it, "line_start")));
    assert_true(json_is_null(json_object_get(it, "fixed_at")));
    assert_true(json_is_null(json_object_get(it, "status_reason")));
    assert_true(json_is_null(json_object_get(it, "introduced_commit")));
    assert_true(json_is_null(json_object_get(it, "in_head")));
    assert_int_equal(json_object_size(it), 23);
    assert_true(json_is_null(json_object_get(c.body, "next_cursor")));
    api_call_end(&c);

    assert_int_equal(list(f, &c, f->alice, "status", "fixed"), 200);
    items = json_object_get(c.body, "items");
    assert_int_equal(json_array_size(items), 1);
    it = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(it, "fingerprint")), "k1");
    assert_true(json_is_string(json_object_get(it, "fixed_at")));
    api_call_end(&c);

    begin(&c, f, f->alice, f->repo, NULL);
    api_call_query(&c, "status", "open,fixed");
    api_call_query(&c, "limit", "1");
    assert_int_equal(api_call_run(&c, api_findings_list), 200);
    assert_true(json_is_string(json_object_get(c.body, "next_cursor")));
    api_call_end(&c);

    static const char *const bad[][2] = {
        {"severity", "urgent"}, {"status", "open,,fixed"}, {"path", ""}, {"order", "x"}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(list(f, &c, f->alice, bad[i][0], bad[i][1]), 422);
        api_call_end(&c);
    }
    assert_int_equal(list(f, &c, f->alice, "cursor", "Zm9v"), 400);
    assert_string_equal(api_call_message(&c), "Invalid cursor");
    api_call_end(&c);
    assert_int_equal(list(f, &c, f->bob, NULL, NULL), 404);
    assert_string_equal(api_call_message(&c), "Repository not found");
    api_call_end(&c);
    fx_free(f);
}

/* The id of the open finding with fingerprint fp, read through the list. */
static void find(struct fx *f, const char *status, const char *fp, char id[UUID_STR_LEN])
{
    struct api_call c;
    assert_int_equal(list(f, &c, f->alice, "status", status), 200);
    json_t *items = json_object_get(c.body, "items");
    id[0] = '\0';
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        if (strcmp(json_string_value(json_object_get(it, "fingerprint")), fp) == 0)
            snprintf(id, UUID_STR_LEN, "%s", json_string_value(json_object_get(it, "id")));
    }
    api_call_end(&c);
    assert_true(uuid_valid(id));
}

static void test_get_and_triage(void **state)
{
    struct fx *f = fx_new(state);
    char id[UUID_STR_LEN], fixed[UUID_STR_LEN];
    find(f, "open", "k3", id);
    find(f, "fixed", "k1", fixed);
    struct api_call c;

    begin(&c, f, f->alice, f->repo, id);
    api_call_body(&c, "{\"status\":\"false_positive\"}");
    assert_int_equal(api_call_run(&c, api_findings_triage), 422);
    api_call_end(&c);
    begin(&c, f, f->alice, f->repo, id);
    api_call_body(&c, "{\"status\":\"fixed\",\"reason\":\"no\"}");
    assert_int_equal(api_call_run(&c, api_findings_triage), 422);
    api_call_end(&c);

    begin(&c, f, f->alice, f->repo, id);
    api_call_body(&c, "{\"status\":\"false_positive\",\"reason\":\"a test value\"}");
    assert_int_equal(api_call_run(&c, api_findings_triage), 200);
    assert_string_equal(api_call_str(&c, "status"), "false_positive");
    assert_string_equal(api_call_str(&c, "status_reason"), "a test value");
    json_t *h = json_object_get(c.body, "history");
    assert_int_equal(json_array_size(h), 2);
    json_t *last = json_array_get(h, 1);
    assert_string_equal(json_string_value(json_object_get(last, "type")), "finding.triaged");
    assert_true(json_is_null(json_object_get(last, "scan_id")));
    assert_true(json_is_string(json_object_get(last, "at")));
    json_t *actor = json_object_get(last, "actor");
    assert_string_equal(json_string_value(json_object_get(actor, "type")), "user");
    assert_string_equal(json_string_value(json_object_get(actor, "id")), f->alice);
    assert_string_equal(json_string_value(json_object_get(last, "from_status")), "open");
    assert_string_equal(json_string_value(json_object_get(last, "to_status")), "false_positive");
    assert_string_equal(json_string_value(json_object_get(last, "reason")), "a test value");
    json_t *first = json_array_get(h, 0);
    assert_string_equal(json_string_value(json_object_get(first, "type")), "finding.new");
    assert_string_equal(json_string_value(json_object_get(first, "scan_id")), f->scan1);
    assert_true(json_is_null(json_object_get(first, "reason")));
    assert_true(json_is_null(json_object_get(json_object_get(first, "actor"), "id")));
    api_call_end(&c);

    begin(&c, f, f->alice, f->repo, id);
    assert_int_equal(api_call_run(&c, api_findings_get), 200);
    assert_string_equal(api_call_str(&c, "status"), "false_positive");
    assert_int_equal(json_array_size(json_object_get(c.body, "history")), 2);
    api_call_end(&c);

    begin(&c, f, f->alice, f->repo, fixed);
    api_call_body(&c, "{\"status\":\"ignored\",\"reason\":\"x\"}");
    assert_int_equal(api_call_run(&c, api_findings_triage), 409);
    assert_string_equal(api_call_message(&c),
                        "This finding is fixed; it is reopened when a scan sees it again.");
    api_call_end(&c);

    enum vg_err (*const handlers[])(struct req *, struct resp *) = {api_findings_get,
                                                                    api_findings_triage};
    for (size_t i = 0; i < 2; i++) {
        begin(&c, f, f->bob, f->repo, id);
        api_call_body(&c, "{\"status\":\"open\"}");
        assert_int_equal(api_call_run(&c, handlers[i]), 404);
        assert_string_equal(api_call_message(&c), "Finding not found");
        api_call_end(&c);
    }
    fx_free(f);
}

static void test_events(void **state)
{
    struct fx *f = fx_new(state);
    struct api_call c;
    begin(&c, f, f->alice, f->repo, NULL);
    api_call_query(&c, "type", "finding.");
    assert_int_equal(api_call_run(&c, api_events_list), 200);
    json_t *items = json_object_get(c.body, "items");
    /* three new, one fixed */
    assert_int_equal(json_array_size(items), 4);
    json_t *ev = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(ev, "type")), "finding.fixed");
    assert_string_equal(json_string_value(json_object_get(ev, "scan_id")), f->scan2);
    assert_true(json_is_string(json_object_get(ev, "finding_id")));
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(ev, "data"), "to_status")), "fixed");
    assert_string_equal(json_string_value(json_object_get(json_object_get(ev, "actor"), "type")),
                        "system");
    assert_int_equal(json_object_size(ev), 8);
    api_call_end(&c);

    begin(&c, f, f->alice, f->repo, NULL);
    api_call_query(&c, "type", "nonsense");
    assert_int_equal(api_call_run(&c, api_events_list), 422);
    api_call_end(&c);
    begin(&c, f, f->alice, f->repo, NULL);
    api_call_query(&c, "cursor", "WzFd");
    assert_int_equal(api_call_run(&c, api_events_list), 400);
    api_call_end(&c);
    begin(&c, f, f->bob, f->repo, NULL);
    assert_int_equal(api_call_run(&c, api_events_list), 404);
    assert_string_equal(api_call_message(&c), "Repository not found");
    api_call_end(&c);
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_get_and_triage),
        cmocka_unit_test(test_events),
    };
    return STORELIB_RUN("api_findings", tests);
}
