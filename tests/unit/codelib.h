/*
 * codelib.h - fixtures of the code-check suites (test_code.c, test_code_js.c,
 * test_code_py.c): the embedded rule pack loaded once per suite (from the shared compiled
 * cache, testlib.h), a scan of one buffer, and findings by rule. Include after <cmocka.h>
 * and testlib.h.
 */
#ifndef VG_TESTS_CODELIB_H
#define VG_TESTS_CODELIB_H

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "scan/engine.h"

static struct scan_engine *eng;

static inline int setup(void **state)
{
    (void)state;
    struct scan_engine_config cfg = {true, NULL, 0, test_engine_cache()};
    return test_engine_load(&cfg, &eng);
}

static inline int teardown(void **state)
{
    (void)state;
    scan_engine_free(eng);
    return 0;
}

static inline void scan_with(const struct scan_engine *e, const char *path, const char *text,
                             struct scan_result *res)
{
    struct scan_options opt;
    scan_options_init(&opt);
    opt.threads = 1;
    assert_int_equal(scan_buffer(e, path, text, strlen(text), &opt, res), VG_OK);
}

/* Findings of one rule (NULL: any rule whose id starts with js-/py-). */
static inline size_t count(const struct scan_result *res, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < res->n_findings; i++) {
        const char *id = res->findings[i].rule_id;
        if (rule != NULL ? strcmp(id, rule) == 0
                         : strncmp(id, "js-", 3) == 0 || strncmp(id, "py-", 3) == 0)
            n++;
    }
    return n;
}

static inline const struct scan_finding *find(const struct scan_result *res, const char *rule)
{
    for (size_t i = 0; i < res->n_findings; i++) {
        if (strcmp(res->findings[i].rule_id, rule) == 0)
            return &res->findings[i];
    }
    return NULL;
}

/* The one finding of `rule` in `res`, on line `line` (1-based): the test fails when it is
 * missing, on another line or reported more than once. */
static inline const struct scan_finding *expect_one(const struct scan_result *res,
                                                    const char *rule, unsigned line)
{
    const struct scan_finding *f = find(res, rule);
    if (f == NULL)
        fprintf(stderr, "no finding of %s\n", rule);
    assert_non_null(f);
    assert_int_equal(f->line_start, line);
    assert_int_equal(count(res, rule), 1);
    return f;
}

/* The finding lines (1-based, ascending) of `text` as file `path` under `e` equal `want`. */
static inline void expect_lines_in(const struct scan_engine *e, const char *path, const char *text,
                                   const unsigned *want, size_t n_want)
{
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(e, path, text, &res);
    unsigned got[16];
    size_t n = 0;
    for (size_t i = 0; i < res.n_findings && n < 16; i++)
        got[n++] = res.findings[i].line_start;
    scan_result_release(&res);
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && got[k - 1] > got[k]; k--) {
            unsigned t = got[k];
            got[k] = got[k - 1];
            got[k - 1] = t;
        }
    if (n != n_want)
        fprintf(stderr, "in:\n%s\n", text);
    assert_int_equal(n, n_want);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(got[i], want[i]);
}

#endif
