/*
 * storelib.h - a migrated, empty database for unit tests, on either backend: SQLite in
 * memory (the default) or PostgreSQL when VEGA_TEST_PG_URL is set (a fresh schema named
 * after the process, selected through the url's search_path and dropped at teardown).
 * Include after <cmocka.h>. Usage:
 *   cmocka_run_group_tests_name("x_sqlite", tests, storelib_sqlite_setup, storelib_teardown)
 *   if (storelib_pg_url()) cmocka_run_group_tests_name("x_pg", tests, storelib_pg_setup, ...)
 * Each test gets the struct storelib_fx * as *state.
 */
#ifndef VG_TESTS_STORELIB_H
#define VG_TESTS_STORELIB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

struct storelib_fx {
    const char *name; /* "sqlite" / "postgresql" */
    char base_url[512];
    char schema[64];
    struct store *st;
};

static inline const char *storelib_pg_url(void)
{
    const char *u = getenv("VEGA_TEST_PG_URL");
    return u != NULL && *u != '\0' ? u : NULL;
}

static inline int storelib_open(struct storelib_fx *fx, const char *url)
{
    char reason[256] = "";
    if (store_open(url, 0, &fx->st, reason, sizeof(reason)) != VG_OK) {
        fprintf(stderr, "store_open(%s): %s\n", fx->name, reason);
        return -1;
    }
    return store_migrate(fx->st, NULL) == VG_OK ? 0 : -1;
}

static inline int storelib_sqlite_setup(void **state)
{
    struct storelib_fx *fx = calloc(1, sizeof(*fx));
    fx->name = "sqlite";
    *state = fx;
    return storelib_open(fx, "sqlite::memory:");
}

/* verb: "CREATE SCHEMA" or "DROP SCHEMA IF EXISTS"; cascade drops what it holds. */
static inline int storelib_schema_sql(const char *base_url, const char *verb, const char *schema,
                                      const char *tail)
{
    char sql[192];
    snprintf(sql, sizeof(sql), "%s %s%s", verb, schema, tail);
    struct store *base = NULL;
    if (store_open(base_url, 1, &base, NULL, 0) != VG_OK)
        return -1;
    enum vg_err e = store_query1(base, sql, NULL, 0, NULL);
    store_close(base);
    return e == VG_OK ? 0 : -1;
}

static inline int storelib_pg_setup(void **state)
{
    static unsigned seq;
    struct storelib_fx *fx = calloc(1, sizeof(*fx));
    fx->name = "postgresql";
    *state = fx;
    snprintf(fx->base_url, sizeof(fx->base_url), "%s", storelib_pg_url());
    snprintf(fx->schema, sizeof(fx->schema), "vega_u%ld_%ld_%u", (long)getpid(),
             (long)time(NULL), seq++);
    if (storelib_schema_sql(fx->base_url, "CREATE SCHEMA", fx->schema, "") != 0)
        return -1;
    char url[1024];
    snprintf(url, sizeof(url), "%s%coptions=-csearch_path%%3D%s", fx->base_url,
             strchr(fx->base_url, '?') ? '&' : '?', fx->schema);
    return storelib_open(fx, url);
}

static inline int storelib_teardown(void **state)
{
    struct storelib_fx *fx = *state;
    if (fx == NULL)
        return 0;
    store_close(fx->st);
    if (fx->schema[0] != '\0')
        (void)storelib_schema_sql(fx->base_url, "DROP SCHEMA IF EXISTS", fx->schema, " CASCADE");
    free(fx);
    return 0;
}

/* Run one group on SQLite in memory and, when configured, on PostgreSQL. */
#define STORELIB_RUN(name, tests)                                                             \
    (cmocka_run_group_tests_name(name "_sqlite", tests, storelib_sqlite_setup,                \
                                 storelib_teardown) +                                        \
     (storelib_pg_url() ? cmocka_run_group_tests_name(name "_pg", tests, storelib_pg_setup,   \
                                                      storelib_teardown)                     \
                        : 0))

#endif
