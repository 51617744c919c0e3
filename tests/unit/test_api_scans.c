/*
 * test_api_scans.c - the scan handlers (api/scans.c) driven in memory through apilib.h:
 * create (validation, limits, ownership of the project), start (409s, idempotence) and
 * get (the seed's shape, findings once complete, another user's scan is a 404). On
 * SQLite in memory, and PostgreSQL when VEGA_TEST_PG_URL is set.
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
#include "store/keys.h"
#include "store/row.h"
#include "storelib.h"
#include "apilib.h"

struct fx {
    struct storelib_fx *db;
    struct apilib_app a;
    char alice[UUID_STR_LEN], bob[UUID_STR_LEN];
};

static int fx_setup(void **state, int (*db_setup)(void **))
{
    void *db = NULL;
    if (db_setup(&db) != 0)
        return -1;
    struct fx *f = calloc(1, sizeof(*f));
    f->db = db;
    apilib_app_init(&f->a, f->db->st);
    apilib_user(&f->a, "alice@example.com", true, f->alice);
    apilib_user(&f->a, "bob@example.com", true, f->bob);
    *state = f;
    return 0;
}

static int sqlite_setup(void **state) { return fx_setup(state, storelib_sqlite_setup); }
static int pg_setup(void **state) { return fx_setup(state, storelib_pg_setup); }

static int fx_teardown(void **state)
{
    struct fx *f = *state;
    apilib_app_release(&f->a);
    void *db = f->db;
    free(f);
    return storelib_teardown(&db);
}

/* POST /v1/scans as user (or as key_id when not NULL) with body; returns the status and
 * copies scan_id into scan (when 201). */
static unsigned create(struct fx *f, const char *user, const char *key_id, const char *body,
                       char scan[UUID_STR_LEN])
{
    struct api_call c;
    api_call_begin(&c, &f->a, "POST", "/v1/scans");
    if (key_id != NULL)
        api_call_as_key(&c, user, key_id, "scans:read scans:write");
    else
        api_call_as_user(&c, user);
    api_call_body(&c, body);
    unsigned st = api_call_run(&c, api_scans_create);
    if (st == 201 && scan != NULL)
        snprintf(scan, UUID_STR_LEN, "%s", api_call_str(&c, "scan_id"));
    api_call_end(&c);
    return st;
}

static void sql(struct fx *f, const char *stmt, const char *id)
{
    struct store_param p[] = {SP_TEXT(id)};
    assert_int_equal(store_query1(f->a.app.store, stmt, p, 1, NULL), VG_OK);
}

static void test_create_zip(void **state)
{
    struct fx *f = *state;
    struct api_call c;
    api_call_begin(&c, &f->a, "POST", "/v1/scans");
    api_call_as_user(&c, f->alice);
    api_call_body(&c, "{\"project_name\":\"shop\",\"source_type\":\"zip\"}");
    assert_int_equal(api_call_run(&c, api_scans_create), 201);
    const char *scan = api_call_str(&c, "scan_id");
    assert_true(uuid_valid(scan));
    assert_true(uuid_valid(api_call_str(&c, "project_id")));
    char want[256];
    snprintf(want, sizeof(want), "http://127.0.0.1:8000/v1/uploads/%s?expires=", scan);
    assert_memory_equal(api_call_str(&c, "upload_url"), want, strlen(want));
    assert_non_null(strstr(api_call_str(&c, "upload_url"), "&signature="));
    snprintf(want, sizeof(want), "raw-uploads/%s/%s.zip", f->alice, scan);
    assert_string_equal(api_call_str(&c, "upload_storage_path"), want);
    assert_non_null(api_call_str(&c, "upload_expires_at"));
    char project[UUID_STR_LEN];
    snprintf(project, sizeof(project), "%s", api_call_str(&c, "project_id"));
    api_call_end(&c);

    /* The same name reuses the caller's project; another user gets their own. */
    api_call_begin(&c, &f->a, "POST", "/v1/scans");
    api_call_as_user(&c, f->alice);
    api_call_body(&c, "{\"project_name\":\"shop\",\"source_type\":\"zip\"}");
    assert_int_equal(api_call_run(&c, api_scans_create), 201);
    assert_string_equal(api_call_str(&c, "project_id"), project);
    api_call_end(&c);
    api_call_begin(&c, &f->a, "POST", "/v1/scans");
    api_call_as_user(&c, f->bob);
    api_call_body(&c, "{\"project_name\":\"shop\",\"source_type\":\"zip\"}");
    assert_int_equal(api_call_run(&c, api_scans_create), 201);
    assert_string_not_equal(api_call_str(&c, "project_id"), project);
    api_call_end(&c);
}

static void test_create_github_and_validation(void **state)
{
    struct fx *f = *state;
    struct api_call c;
    api_call_begin(&c, &f->a, "POST", "/v1/scans");
    api_call_as_user(&c, f->alice);
    api_call_body(&c, "{\"project_name\":\"gh\",\"source_type\":\"github\","
                      "\"github_repo_full_name\":\"octo/hello\"}");
    assert_int_equal(api_call_run(&c, api_scans_create), 201);
    assert_true(json_is_null(json_object_get(c.body, "upload_url")));
    assert_true(json_is_null(json_object_get(c.body, "upload_storage_path")));
    assert_true(json_is_null(json_object_get(c.body, "upload_expires_at")));
    api_call_end(&c);

    const char *bad[][2] = {
        {"{\"source_type\":\"zip\"}", "project_name"},
        {"{\"project_name\":\"p\",\"source_type\":\"svn\"}", "source_type"},
        {"{\"project_name\":\"p\",\"source_type\":\"github\"}", "github_repo_full_name"},
        {"{\"project_name\":\"p\",\"source_type\":\"github\",\"github_repo_full_name\":\"x\"}",
         "github_repo_full_name"},
        {"{\"project_name\":7,\"source_type\":\"zip\"}", "project_name"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        api_call_begin(&c, &f->a, "POST", "/v1/scans");
        api_call_as_user(&c, f->alice);
        api_call_body(&c, bad[i][0]);
        assert_int_equal(api_call_run(&c, api_scans_create), 422);
        json_t *fields = json_object_get(c.body, "detail");
        assert_true(json_is_array(fields));
        json_t *loc = json_object_get(json_array_get(fields, 0), "loc");
        assert_string_equal(json_string_value(json_array_get(loc, 1)), bad[i][1]);
        api_call_end(&c);
    }

    /* An unverified account may not create scans. */
    api_call_begin(&c, &f->a, "POST", "/v1/scans");
    api_call_as_user(&c, f->alice);
    c.req.principal.email_verified = false;
    api_call_body(&c, "{\"project_name\":\"p\",\"source_type\":\"zip\"}");
    assert_int_equal(api_call_run(&c, api_scans_create), 403);
    api_call_end(&c);
}

/* An API key of user, as POST /v1/api-keys would store it; the full key into key. */
static void make_key(struct fx *f, const char *user, char key[64], char id[UUID_STR_LEN])
{
    snprintf(key, 64, "vg_live_");
    rand_base62(key + 8, 40);
    char hash[65];
    sha256_hex(hash, key, strlen(key));
    rand_uuid(id);
    struct store_key_new in = {id, user, "ci", "vg_live_abcd", hash, "scans:read scans:write",
                               NULL, time_now()};
    struct store_key k;
    assert_int_equal(store_keys_insert(f->a.app.store, &in, &k), VG_OK);
    store_key_release(&k);
}

/* POST /v1/scans through the dispatcher with an API key: the route's bucket column counts
 * the key's daily scans (and its minute) before the handler. */
static unsigned dispatch_create(struct fx *f, const char *key, const char *body,
                                char message[256])
{
    struct api_call c;
    api_call_begin(&c, &f->a, "POST", "/v1/scans");
    api_call_header(&c, "X-API-Key", key);
    unsigned st = api_call_dispatch(&c, body);
    if (message != NULL)
        snprintf(message, 256, "%s", api_call_message(&c));
    api_call_end(&c);
    return st;
}

static void test_create_key_daily_limit(void **state)
{
    struct fx *f = *state;
    char key[64], key_id[UUID_STR_LEN], other[64], other_id[UUID_STR_LEN], msg[256];
    make_key(f, f->bob, key, key_id);
    make_key(f, f->bob, other, other_id);
    const char *body = "{\"project_name\":\"k\",\"source_type\":\"zip\"}";
    for (int i = 0; i < 20; i++)
        assert_int_equal(dispatch_create(f, key, body, NULL), 201);
    struct store_result *r = NULL;
    struct store_param p[] = {SP_TEXT(key_id)};
    assert_int_equal(store_query1(f->a.app.store,
                                  "SELECT COUNT(*) AS n FROM scans WHERE api_key_id = $1", p, 1,
                                  &r),
                     VG_OK);
    assert_int_equal(store_row_int(r, 0, "n", -1), 20);
    store_result_free(r);
    assert_int_equal(dispatch_create(f, key, body, msg), 429);
    assert_string_equal(msg,
                        "Rate limit exceeded (v1_scans_per_key_per_day: 21/20). Try again later.");
    /* The bucket is per key: another key of the same user still creates. */
    assert_int_equal(dispatch_create(f, other, body, NULL), 201);
    /* GET /v1/scans/{id} counts only the key's minute, not its daily scans. */
    struct api_call c;
    api_call_begin(&c, &f->a, "GET", "/v1/scans/00000000-0000-4000-8000-000000000000");
    api_call_header(&c, "X-API-Key", other);
    assert_int_equal(api_call_dispatch(&c, NULL), 404);
    api_call_end(&c);
}

/* Only accepted scans count toward the daily limits: refused creations (422) give their
 * count back, so a key that sent 25 bad requests still creates its 20 scans. */
static void test_refused_scan_not_counted(void **state)
{
    struct fx *f = *state;
    char key[64], key_id[UUID_STR_LEN], msg[256];
    make_key(f, f->bob, key, key_id);
    for (int i = 0; i < 25; i++)
        assert_int_equal(
            dispatch_create(f, key, "{\"project_name\":\"\",\"source_type\":\"zip\"}", NULL),
            422);
    const char *body = "{\"project_name\":\"ok\",\"source_type\":\"zip\"}";
    for (int i = 0; i < 20; i++)
        assert_int_equal(dispatch_create(f, key, body, NULL), 201);
    assert_int_equal(dispatch_create(f, key, body, msg), 429);
    assert_string_equal(msg,
                        "Rate limit exceeded (v1_scans_per_key_per_day: 21/20). Try again later.");
}

static unsigned start(struct fx *f, const char *user, const char *scan, struct api_call *keep)
{
    struct api_call c;
    api_call_begin(&c, &f->a, "POST", "/v1/scans/x/start");
    api_call_as_user(&c, user);
    api_call_param(&c, "scan_id", scan);
    unsigned st = api_call_run(&c, api_scans_start);
    if (keep != NULL)
        *keep = c;
    else
        api_call_end(&c);
    return st;
}

static void test_start(void **state)
{
    struct fx *f = *state;
    char scan[UUID_STR_LEN];
    assert_int_equal(create(f, f->alice, NULL, "{\"project_name\":\"s\",\"source_type\":\"zip\"}",
                            scan),
                     201);
    struct api_call c;
    /* Another user's scan and a malformed id read as missing. */
    assert_int_equal(start(f, f->bob, scan, &c), 404);
    assert_string_equal(api_call_message(&c), "Scan not found");
    api_call_end(&c);
    assert_int_equal(start(f, f->alice, "not-a-uuid", NULL), 404);
    /* Before the upload arrived. */
    assert_int_equal(start(f, f->alice, scan, &c), 409);
    assert_non_null(strstr(api_call_message(&c), "upload has not arrived"));
    api_call_end(&c);
    sql(f, "UPDATE scans SET upload_received_at = 1 WHERE id = $1", scan);
    assert_int_equal(start(f, f->alice, scan, &c), 202);
    assert_string_equal(api_call_str(&c, "scan_id"), scan);
    assert_string_equal(api_call_str(&c, "status"), "queued");
    api_call_end(&c);
    /* Idempotent while queued: one job. */
    assert_int_equal(start(f, f->alice, scan, NULL), 202);
    struct store_result *r = NULL;
    struct store_param p[] = {SP_TEXT(scan)};
    assert_int_equal(store_query1(f->a.app.store,
                                  "SELECT COUNT(*) AS n FROM jobs WHERE subject_id = $1", p, 1,
                                  &r),
                     VG_OK);
    assert_int_equal(store_row_int(r, 0, "n", -1), 1);
    store_result_free(r);
    /* Once it left the queue. */
    sql(f, "UPDATE scans SET status = 'scanning' WHERE id = $1", scan);
    assert_int_equal(start(f, f->alice, scan, &c), 409);
    assert_non_null(strstr(api_call_message(&c), "scanning"));
    api_call_end(&c);
}

static unsigned get(struct fx *f, const char *user, const char *scan, struct api_call *c)
{
    api_call_begin(c, &f->a, "GET", "/v1/scans/x");
    api_call_as_user(c, user);
    api_call_param(c, "scan_id", scan);
    return api_call_run(c, api_scans_get);
}

static void insert_finding(struct fx *f, const char *scan, const char *sev, const char *path,
                           int line)
{
    char id[UUID_STR_LEN], fp[40];
    rand_uuid(id);
    snprintf(fp, sizeof(fp), "fp-%s-%d", path, line);
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(scan), SP_TEXT(fp), SP_TEXT(sev),
                              SP_TEXT(path), SP_INT(line)};
    assert_int_equal(store_query1(f->a.app.store,
                                  "INSERT INTO findings (id, scan_id, fingerprint, rule_id, "
                                  "severity, category, title, description, file_path, "
                                  "line_start, line_end, masked_evidence, confidence, "
                                  "created_at) VALUES ($1,$2,$3,'r.x',$4,'secret','T','D',$5,"
                                  "$6,$6,'sk_live_****','high',1)",
                                  p, 6, NULL),
                     VG_OK);
}

/* The route table's bucket column: every route an API key may call counts the key's
 * minute; creating a scan also counts the three daily scan buckets; nothing else does. */
static void test_route_limits_column(void **state)
{
    (void)state;
    const unsigned minute = ROUTE_LIMIT(LIMIT_KEY_REQUESTS_MINUTE);
    const unsigned daily = ROUTE_LIMIT(LIMIT_KEY_SCANS_DAY) | ROUTE_LIMIT(LIMIT_USER_SCANS_DAY) |
                           ROUTE_LIMIT(LIMIT_IP_SCANS_DAY);
    bool saw_create = false;
    for (size_t i = 0; i < routes_count; i++) {
        const struct route *r = &routes[i];
        bool create = strcmp(r->method, "POST") == 0 && strcmp(r->pattern, "/v1/scans") == 0;
        saw_create |= create;
        assert_int_equal(r->limits & minute, r->auth == ROUTE_AUTH_ANY ? minute : 0u);
        if (create)
            assert_int_equal(r->limits & daily, daily);
        /* The login buckets are reserved by the login handler, never by the table. */
        assert_int_equal(r->limits & (ROUTE_LIMIT(LIMIT_LOGIN_ACCOUNT) |
                                      ROUTE_LIMIT(LIMIT_LOGIN_IP)),
                         0u);
    }
    assert_true(saw_create);
    /* Subjects: a key bucket only for a key, the user's for any principal, the address. */
    struct req req;
    req_init(&req, NULL);
    req.client_ip = "10.1.2.3";
    assert_null(route_limit_subject(&req, LIMIT_KEY_SCANS_DAY));
    assert_null(route_limit_subject(&req, LIMIT_USER_SCANS_DAY));
    assert_string_equal(route_limit_subject(&req, LIMIT_IP_SCANS_DAY), "10.1.2.3");
    req.principal.kind = PRINCIPAL_USER;
    snprintf(req.principal.user_id, sizeof(req.principal.user_id), "u1");
    assert_null(route_limit_subject(&req, LIMIT_KEY_REQUESTS_MINUTE));
    assert_string_equal(route_limit_subject(&req, LIMIT_USER_SCANS_DAY), "u1");
    req.principal.kind = PRINCIPAL_KEY;
    snprintf(req.principal.key_id, sizeof(req.principal.key_id), "k1");
    assert_string_equal(route_limit_subject(&req, LIMIT_KEY_REQUESTS_MINUTE), "k1");
    assert_null(route_limit_subject(&req, LIMIT_LOGIN_IP));
    req_release(&req);
}

static void test_get(void **state)
{
    struct fx *f = *state;
    char scan[UUID_STR_LEN];
    assert_int_equal(create(f, f->alice, NULL, "{\"project_name\":\"g\",\"source_type\":\"zip\"}",
                            scan),
                     201);
    struct api_call c;
    assert_int_equal(get(f, f->bob, scan, &c), 404);
    assert_string_equal(api_call_message(&c), "Scan not found");
    api_call_end(&c);

    assert_int_equal(get(f, f->alice, scan, &c), 200);
    static const char *const keys[] = {
        "id", "status", "source_type", "project_id", "total_files", "included_files",
        "ignored_files", "risky_skipped_files", "total_bytes", "included_bytes",
        "complexity_score", "complexity_label", "launch_readiness_score",
        "free_findings_summary", "created_at", "completed_at", "error_message",
        "github_repo_full_name", "started_at", "findings"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        assert_non_null(json_object_get(c.body, keys[i]));
    assert_string_equal(api_call_str(&c, "status"), "queued");
    assert_int_equal(json_integer_value(json_object_get(c.body, "total_files")), 0);
    assert_true(json_is_null(json_object_get(c.body, "complexity_score")));
    assert_true(json_is_null(json_object_get(c.body, "completed_at")));
    assert_int_equal(json_array_size(json_object_get(c.body, "findings")), 0);
    api_call_end(&c);

    /* Findings appear once complete, worst first, then by path and line. */
    insert_finding(f, scan, "low", "a.js", 3);
    insert_finding(f, scan, "critical", "z.js", 9);
    insert_finding(f, scan, "high", "b.js", 2);
    insert_finding(f, scan, "high", "b.js", 1);
    assert_int_equal(get(f, f->alice, scan, &c), 200);
    assert_int_equal(json_array_size(json_object_get(c.body, "findings")), 0);
    api_call_end(&c);
    sql(f,
        "UPDATE scans SET status = 'complete', completed_at = 1700000000, complexity_score = "
        "12.5, launch_readiness_score = 80, findings_summary = '{\"total_findings\":4}' "
        "WHERE id = $1",
        scan);
    assert_int_equal(get(f, f->alice, scan, &c), 200);
    assert_string_equal(api_call_str(&c, "completed_at"), "2023-11-14T22:13:20Z");
    assert_true(json_real_value(json_object_get(c.body, "complexity_score")) == 12.5);
    assert_true(json_number_value(json_object_get(c.body, "launch_readiness_score")) == 80.0);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(c.body, "free_findings_summary"),
                                           "total_findings")),
        4);
    json_t *fs = json_object_get(c.body, "findings");
    assert_int_equal(json_array_size(fs), 4);
    const char *order[][2] = {{"critical", "z.js"}, {"high", "b.js"}, {"high", "b.js"},
                              {"low", "a.js"}};
    for (size_t i = 0; i < 4; i++) {
        json_t *fi = json_array_get(fs, i);
        assert_string_equal(json_string_value(json_object_get(fi, "severity")), order[i][0]);
        assert_string_equal(json_string_value(json_object_get(fi, "file_path")), order[i][1]);
        assert_true(json_is_integer(json_object_get(fi, "line_start")));
        assert_string_equal(json_string_value(json_object_get(fi, "masked_evidence")),
                            "sk_live_****");
    }
    assert_int_equal(json_integer_value(json_object_get(json_array_get(fs, 1), "line_start")), 1);
    api_call_end(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_zip),
        cmocka_unit_test(test_create_github_and_validation),
        cmocka_unit_test(test_create_key_daily_limit),
        cmocka_unit_test(test_refused_scan_not_counted),
        cmocka_unit_test(test_start),
        cmocka_unit_test(test_get),
        cmocka_unit_test(test_route_limits_column),
    };
    int fails = cmocka_run_group_tests_name("api_scans_sqlite", tests, sqlite_setup, fx_teardown);
    if (storelib_pg_url() != NULL)
        fails += cmocka_run_group_tests_name("api_scans_pg", tests, pg_setup, fx_teardown);
    return fails;
}
