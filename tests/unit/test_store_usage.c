/*
 * test_store_usage.c - store/usage.c: a complete scan's usage rows written once (a job
 * that settles twice bills once), per-UTC-day sums in [from, to) with API requests from
 * the per-key counters, billable costs by kind and tier with their total, and nothing of
 * another user's. On SQLite in memory, and PostgreSQL when VEGA_TEST_PG_URL is set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "store/projects.h"
#include "store/usage.h"
#include "storelib.h"
#include "dashlib.h"

#define DAY 86400
#define T0 (20000 * (int64_t)DAY) /* 2024-10-04T00:00:00Z */

/* A usage row of user at t. */
static void usage_row(struct store *st, const char *user, const char *kind, int64_t qty,
                      int64_t cents, const char *tier, int64_t t)
{
    char id[UUID_STR_LEN];
    rand_uuid(id);
    struct store_param p[] = {SP_TEXT(id),   SP_TEXT(user),         SP_TEXT(kind), SP_INT(qty),
                              SP_INT(cents), SP_TEXT_OR_NULL(tier), SP_INT(t)};
    dash_exec(st,
              "INSERT INTO usage_events (id, user_id, kind, quantity, amount_cents, tier, "
              "subject_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $1, $7)",
              p, 7);
}

static void test_scan_usage_once(void **state)
{
    struct store *st = ((struct storelib_fx *)*state)->st;
    char alice[UUID_STR_LEN], repo[UUID_STR_LEN], scan[UUID_STR_LEN];
    dash_user(st, "u1@example.com", alice);
    struct store_project p;
    assert_int_equal(store_project_create(st, alice, "p", NULL, &p), VG_OK);
    dash_repository(st, alice, p.id, "r", repo);
    dash_scan(st, alice, p.id, repo, NULL, 0, "100", scan);
    store_project_release(&p);
    dash_settle(st, scan, true);
    /* A second settling (a job run twice) adds nothing. */
    struct store_conn *c = NULL;
    assert_int_equal(store_acquire(st, &c), VG_OK);
    assert_int_equal(store_usage_scan(c, scan), VG_OK);
    store_release(c);

    int64_t now = time_now();
    struct store_usage_day *days = NULL;
    size_t n = 0;
    assert_int_equal(store_usage_days(st, alice, now - DAY, now + DAY, &days, &n), VG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(days[0].day, now / DAY);
    assert_int_equal(days[0].scans, 1);
    assert_int_equal(days[0].scanned_bytes, 100);
    assert_int_equal(days[0].scanned_files, 2);
    assert_int_equal(days[0].audits + days[0].api_requests, 0);
    free(days);
}

static void test_days_and_costs(void **state)
{
    struct store *st = ((struct storelib_fx *)*state)->st;
    char alice[UUID_STR_LEN], bob[UUID_STR_LEN], key[UUID_STR_LEN];
    dash_user(st, "u2@example.com", alice);
    dash_user(st, "u3@example.com", bob);
    usage_row(st, alice, "scan", 1, 0, NULL, T0 + 10);
    usage_row(st, alice, "scan", 1, 0, NULL, T0 + 2 * DAY + 5);
    usage_row(st, alice, "audit", 1, 4900, "founder", T0 + DAY);
    usage_row(st, alice, "audit", 1, 4900, "founder", T0 + 2 * DAY);
    usage_row(st, alice, "audit", 1, 19900, "launch", T0 + 3 * DAY); /* outside [T0, T0+3d) */
    usage_row(st, bob, "audit", 1, 100, "founder", T0 + DAY);
    rand_uuid(key);
    struct store_param pk[] = {SP_TEXT(key), SP_TEXT(alice)};
    dash_exec(st,
              "INSERT INTO api_keys (id, user_id, name, prefix, key_hash, scopes, created_at) "
              "VALUES ($1, $2, 'k', 'vg_live_x', $1, 'scans:read', 0)",
              pk, 2);
    struct store_param pr[] = {SP_TEXT(key), SP_INT(T0 + DAY + 60)};
    dash_exec(st,
              "INSERT INTO rate_counters (bucket, subject, window_start, count) VALUES "
              "('v1_requests_per_key_per_minute', $1, $2, 7)",
              pr, 2);

    struct store_usage_day *days = NULL;
    size_t n = 0;
    assert_int_equal(store_usage_days(st, alice, T0, T0 + 3 * DAY, &days, &n), VG_OK);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(days[i].day, T0 / DAY + (int64_t)i);
    assert_int_equal(days[0].scans, 1);
    assert_int_equal(days[1].audits, 1);
    assert_int_equal(days[1].api_requests, 7);
    assert_int_equal(days[2].scans + days[2].audits, 2);
    free(days);

    struct store_usage_costs costs;
    assert_int_equal(store_usage_costs(st, alice, T0, T0 + 3 * DAY, &costs), VG_OK);
    assert_int_equal(costs.n, 1);
    assert_string_equal(costs.items[0].kind, "audit");
    assert_string_equal(costs.items[0].tier, "founder");
    assert_int_equal(costs.items[0].count, 2);
    assert_int_equal(costs.items[0].amount_cents, 9800);
    assert_int_equal(costs.total_cents, 9800);
    store_usage_costs_release(&costs);
    assert_int_equal(store_usage_costs(st, alice, T0, T0 + 4 * DAY, &costs), VG_OK);
    assert_int_equal(costs.n, 2);
    assert_string_equal(costs.items[1].tier, "launch");
    assert_int_equal(costs.total_cents, 9800 + 19900);
    store_usage_costs_release(&costs);
    store_usage_costs_release(NULL);

    /* bob sees his one row only. */
    assert_int_equal(store_usage_costs(st, bob, T0, T0 + 4 * DAY, &costs), VG_OK);
    assert_int_equal(costs.total_cents, 100);
    store_usage_costs_release(&costs);
    assert_int_equal(store_usage_days(st, bob, T0, T0 + 4 * DAY, &days, &n), VG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(days[0].api_requests, 0);
    free(days);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan_usage_once),
        cmocka_unit_test(test_days_and_costs),
    };
    return STORELIB_RUN("store_usage", tests);
}
