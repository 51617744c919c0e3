/*
 * test_api_projects.c - the project handlers (api/projects.c) driven in memory through
 * apilib.h: the JSON of API.md rendered from the store's structs (types, nulls, counts),
 * validation, paging with ?q= and a bad cursor, the rollup, deletion, and another user's
 * project answered like a missing one. On SQLite in memory, and PostgreSQL when
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

#include "api/api.h"
#include "store/projects.h"
#include "storelib.h"
#include "apilib.h"
#include "dashlib.h"

struct fx {
    struct apilib_app a;
    char alice[UUID_STR_LEN], bob[UUID_STR_LEN];
};

static struct fx *fx_new(void **state)
{
    static unsigned seq;
    struct fx *f = calloc(1, sizeof(*f));
    apilib_app_init(&f->a, ((struct storelib_fx *)*state)->st);
    char email[64];
    snprintf(email, sizeof(email), "alice%u@example.com", seq);
    apilib_user(&f->a, email, true, f->alice);
    snprintf(email, sizeof(email), "bob%u@example.com", seq++);
    apilib_user(&f->a, email, true, f->bob);
    return f;
}

static void fx_free(struct fx *f)
{
    apilib_app_release(&f->a);
    free(f);
}

/* Begin a call as user on the project id (NULL: none). */
static void begin(struct api_call *c, struct fx *f, const char *user, const char *id)
{
    api_call_begin(c, &f->a, "GET", "/v1/projects");
    api_call_as_user(c, user);
    if (id != NULL)
        api_call_param(c, "id", id);
}

/* POST /v1/projects as alice; the new id into id. */
static void create(struct fx *f, const char *body, char id[UUID_STR_LEN])
{
    struct api_call c;
    begin(&c, f, f->alice, NULL);
    api_call_body(&c, body);
    assert_int_equal(api_call_run(&c, api_projects_create), 201);
    snprintf(id, UUID_STR_LEN, "%s", api_call_str(&c, "id"));
    api_call_end(&c);
}

static void assert_zero_counts(const json_t *counts)
{
    static const char *const sev[] = {"critical", "high", "medium", "low", "info"};
    assert_int_equal(json_object_size(counts), 5);
    for (size_t k = 0; k < 5; k++) {
        json_t *n = json_object_get(counts, sev[k]);
        assert_true(json_is_integer(n) && json_integer_value(n) == 0);
    }
}

static void test_create_get_update(void **state)
{
    struct fx *f = fx_new(state);
    char id[UUID_STR_LEN];
    create(f, "{\"name\":\"Shop\",\"description\":\"The shop\"}", id);
    struct api_call c;
    begin(&c, f, f->alice, id);
    assert_int_equal(api_call_run(&c, api_projects_get), 200);
    assert_string_equal(api_call_str(&c, "id"), id);
    assert_string_equal(api_call_str(&c, "name"), "Shop");
    assert_string_equal(api_call_str(&c, "description"), "The shop");
    const char *created = api_call_str(&c, "created_at");
    assert_true(created != NULL && strlen(created) == 20 && created[19] == 'Z');
    assert_true(json_is_integer(json_object_get(c.body, "repository_count")));
    assert_true(json_is_null(json_object_get(c.body, "latest_scan_at")));
    assert_true(json_is_null(json_object_get(c.body, "launch_readiness_score")));
    assert_zero_counts(json_object_get(c.body, "open_findings_by_severity"));
    assert_int_equal(json_object_size(c.body), 9);
    api_call_end(&c);

    begin(&c, f, f->alice, id);
    api_call_body(&c, "{\"description\":null}");
    assert_int_equal(api_call_run(&c, api_projects_update), 200);
    assert_true(json_is_null(json_object_get(c.body, "description")));
    assert_string_equal(api_call_str(&c, "name"), "Shop");
    api_call_end(&c);

    begin(&c, f, f->alice, id);
    api_call_body(&c, "{}");
    assert_int_equal(api_call_run(&c, api_projects_update), 422);
    api_call_end(&c);
    begin(&c, f, f->alice, NULL);
    api_call_body(&c, "{\"description\":\"no name\"}");
    assert_int_equal(api_call_run(&c, api_projects_create), 422);
    api_call_end(&c);
    begin(&c, f, f->alice, "not-a-uuid");
    assert_int_equal(api_call_run(&c, api_projects_get), 404);
    assert_string_equal(api_call_message(&c), "Project not found");
    api_call_end(&c);
    fx_free(f);
}

static void test_other_user(void **state)
{
    struct fx *f = fx_new(state);
    char id[UUID_STR_LEN], missing[UUID_STR_LEN];
    create(f, "{\"name\":\"Private\"}", id);
    rand_uuid(missing);
    enum vg_err (*const handlers[])(struct req *, struct resp *) = {
        api_projects_get, api_projects_update, api_projects_delete, api_projects_rollup};
    for (size_t i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++) {
        const char *ids[] = {id, missing};
        for (size_t k = 0; k < 2; k++) {
            struct api_call c;
            begin(&c, f, f->bob, ids[k]);
            api_call_body(&c, "{\"name\":\"Mine\"}");
            assert_int_equal(api_call_run(&c, handlers[i]), 404);
            assert_string_equal(api_call_message(&c), "Project not found");
            api_call_end(&c);
        }
    }
    struct api_call c;
    begin(&c, f, f->bob, NULL);
    assert_int_equal(api_call_run(&c, api_projects_list), 200);
    assert_int_equal(json_array_size(json_object_get(c.body, "items")), 0);
    api_call_end(&c);
    begin(&c, f, f->alice, id);
    assert_int_equal(api_call_run(&c, api_projects_get), 200);
    assert_string_equal(api_call_str(&c, "name"), "Private");
    api_call_end(&c);
    fx_free(f);
}

static void test_list(void **state)
{
    struct fx *f = fx_new(state);
    char ids[3][UUID_STR_LEN];
    create(f, "{\"name\":\"One web\"}", ids[0]);
    create(f, "{\"name\":\"Two web\"}", ids[1]);
    create(f, "{\"name\":\"Three\"}", ids[2]);
    struct api_call c;
    begin(&c, f, f->alice, NULL);
    api_call_query(&c, "limit", "2");
    assert_int_equal(api_call_run(&c, api_projects_list), 200);
    assert_int_equal(json_array_size(json_object_get(c.body, "items")), 2);
    char cursor[256];
    snprintf(cursor, sizeof(cursor), "%s", api_call_str(&c, "next_cursor"));
    api_call_end(&c);
    begin(&c, f, f->alice, NULL);
    api_call_query(&c, "limit", "2");
    api_call_query(&c, "cursor", cursor);
    assert_int_equal(api_call_run(&c, api_projects_list), 200);
    assert_int_equal(json_array_size(json_object_get(c.body, "items")), 1);
    assert_true(json_is_null(json_object_get(c.body, "next_cursor")));
    api_call_end(&c);

    begin(&c, f, f->alice, NULL);
    api_call_query(&c, "q", "WEB");
    assert_int_equal(api_call_run(&c, api_projects_list), 200);
    json_t *items = json_object_get(c.body, "items");
    assert_int_equal(json_array_size(items), 2);
    for (size_t i = 0; i < 2; i++)
        assert_non_null(
            strstr(json_string_value(json_object_get(json_array_get(items, i), "name")), "web"));
    api_call_end(&c);

    static const char *const bad[][2] = {{"cursor", "@@@"}, {"limit", "0"}, {"sort", "name"}};
    static const unsigned want[] = {400, 422, 422};
    for (size_t i = 0; i < 3; i++) {
        begin(&c, f, f->alice, NULL);
        api_call_query(&c, bad[i][0], bad[i][1]);
        assert_int_equal(api_call_run(&c, api_projects_list), want[i]);
        if (want[i] == 400)
            assert_string_equal(api_call_message(&c), "Invalid cursor");
        api_call_end(&c);
    }
    fx_free(f);
}

static void test_rollup_and_delete(void **state)
{
    struct fx *f = fx_new(state);
    struct store *st = f->a.app.store;
    char id[UUID_STR_LEN], repo[UUID_STR_LEN], scan[UUID_STR_LEN];
    create(f, "{\"name\":\"Rolled\"}", id);
    dash_repository(st, f->alice, id, "api", repo);
    static const struct dash_finding fs[] = {{"fp1", "critical", "secret", "aws-key", "src/a.py"},
                                             {"fp2", "medium", "injection", "sql", "src/b.py"}};
    dash_scan(st, f->alice, id, repo, fs, 2, "55.5", scan);
    dash_settle(st, scan, true);

    struct api_call c;
    begin(&c, f, f->alice, id);
    assert_int_equal(api_call_run(&c, api_projects_rollup), 200);
    json_t *b = c.body;
    assert_string_equal(api_call_str(&c, "project_id"), id);
    assert_true(json_real_value(json_object_get(b, "launch_readiness_score")) == 55.5);
    json_t *sev = json_object_get(b, "open_findings_by_severity");
    assert_int_equal(json_integer_value(json_object_get(sev, "critical")), 1);
    assert_int_equal(json_integer_value(json_object_get(sev, "medium")), 1);
    json_t *cat = json_object_get(b, "open_findings_by_category");
    assert_int_equal(json_object_size(cat), 2);
    assert_int_equal(json_integer_value(json_object_get(cat, "secret")), 1);
    json_t *tri = json_object_get(b, "triaged");
    assert_int_equal(json_integer_value(json_object_get(tri, "ignored")), 0);
    assert_int_equal(json_integer_value(json_object_get(tri, "false_positive")), 0);
    assert_int_equal(json_integer_value(json_object_get(b, "fixed_last_30_days")), 0);
    json_t *repos = json_object_get(b, "repositories");
    assert_int_equal(json_array_size(repos), 1);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(repos, 0), "latest_scan_id")), scan);
    json_t *trend = json_object_get(b, "trend");
    assert_int_equal(json_array_size(trend), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(trend, 0), "open_findings")),
                     2);
    json_t *top = json_object_get(b, "top_risks");
    assert_int_equal(json_array_size(top), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(top, 0), "severity")),
                        "critical");
    assert_int_equal(json_object_size(json_array_get(top, 0)), 14);
    api_call_end(&c);

    begin(&c, f, f->alice, id);
    assert_int_equal(api_call_run(&c, api_projects_get), 200);
    assert_int_equal(json_integer_value(json_object_get(c.body, "repository_count")), 1);
    assert_true(json_is_string(json_object_get(c.body, "latest_scan_at")));
    api_call_end(&c);
    begin(&c, f, f->alice, id);
    assert_int_equal(api_call_run(&c, api_projects_delete), 204);
    assert_null(c.body);
    api_call_end(&c);
    begin(&c, f, f->alice, id);
    assert_int_equal(api_call_run(&c, api_projects_rollup), 404);
    api_call_end(&c);
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_get_update),
        cmocka_unit_test(test_other_user),
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_rollup_and_delete),
    };
    return STORELIB_RUN("api_projects", tests);
}
