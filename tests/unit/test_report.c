/*
 * test_report.c - reports and suppression as the user sees them: the CLI's text report
 * (summary wording, sizes, -v), SARIF rule names and messages for every embedded rule,
 * inline `vega:ignore` placement, and .vegaignore entries naming unknown rules.
 * (tests/scan/test_reports.py runs the same through `vega scan` and the SARIF validator.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/report.h"
#include "deps/deps.h"
#include "scan/engine.h"
#include "scan/engine_int.h"
#include "scan/report.h"

static struct scan_engine *eng;

static int setup(void **state)
{
    (void)state;
    struct scan_engine_config cfg = {true, NULL, 0, NULL};
    /* Reports need the rules' metadata only, as `vega ci --format sarif` does: no database. */
    if (scan_engine_load_rules(&cfg, &eng, NULL) != VG_OK)
        return -1;
    return eng->db == NULL && eng->er == NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    scan_engine_free(eng);
    return 0;
}

static void add(struct scan_result *res, const char *rule, const char *path, unsigned line,
                const char *evidence)
{
    struct scan_finding_spec f = {
        .rule_id = rule,
        .title = "Stripe live secret key",
        .category = "secret",
        .description = "A live key.",
        .recommendation = "Roll the key.",
        .severity = SEV_CRITICAL,
        .confidence = CONF_HIGH,
        .file_path = path,
        .masked_evidence = evidence,
        .line_start = line,
        .line_end = line,
        .fingerprint = "00112233445566778899aabbccddeeff",
    };
    scan_result_add(res, &f);
}

/* What cli_report_text writes, as a string (caller frees). */
static char *text_of(const struct scan_result *res, bool verbose)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    cli_report_text(res, f, false, verbose);
    fclose(f);
    return text;
}

static void test_format_size(void **state)
{
    (void)state;
    static const struct {
        uint64_t n;
        const char *s;
    } cases[] = {{0, "0 B"},
                 {1, "1 B"},
                 {1023, "1023 B"},
                 {1024, "1.0 KB"},
                 {1536, "1.5 KB"},
                 {1048575, "1.0 MB"},
                 {5452595, "5.2 MB"},
                 {1ull << 30, "1.0 GB"},
                 {(1ull << 40) * 3, "3.0 TB"}};
    char out[32];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cli_format_size(cases[i].n, out, sizeof out);
        assert_string_equal(out, cases[i].s);
    }
}

static void test_text_summary_and_verbose(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    add(&res, "stripe-live-secret-key", "pay.js", 3, "sk_live_****");
    res.stats.included_files = 1;
    res.stats.included_bytes = 53;
    res.stats.lines = 1;
    char *t = text_of(&res, false);
    assert_non_null(strstr(t, "  pay.js:3  stripe-live-secret-key  Stripe live secret key  "
                              "[high confidence]\n      sk_live_****\n"));
    assert_non_null(strstr(t, "\n1 finding. 1 file scanned (53 B, 1 line), 0 ignored, 0 risky "
                              "skipped, 0 suppressed.\n"));
    assert_null(strstr(t, "fix:"));
    free(t);
    t = text_of(&res, true);
    assert_non_null(strstr(t, "      sk_live_****\n      fix: Roll the key.\n"));
    free(t);

    /* Plural forms and larger sizes; an empty evidence prints no blank line. */
    add(&res, "config-dotenv-committed", ".env", 1, "");
    res.stats.included_files = 2;
    res.stats.included_bytes = 3 * 1024 * 1024 + 200 * 1024;
    res.stats.lines = 2;
    t = text_of(&res, false);
    assert_non_null(strstr(t, "2 findings. 2 files scanned (3.2 MB, 2 lines)"));
    assert_null(strstr(t, "\n      \n"));
    free(t);
    /* A finding spanning lines names both ends. */
    res.findings[1].line_end = 4;
    t = text_of(&res, false);
    assert_non_null(strstr(t, "  .env:1-4  config-dotenv-committed  "));
    assert_non_null(strstr(t, "  pay.js:3  stripe-live-secret-key  "));
    free(t);
    res.findings[1].line_end = 1;
    /* A source that reports bytes but no lines (vega ci: the API has no line count). */
    res.stats.lines = 0;
    t = text_of(&res, false);
    assert_non_null(strstr(t, "2 findings. 2 files scanned (3.2 MB), 0 ignored"));
    free(t);
    scan_result_release(&res);
}

static json_t *sarif_of(const struct scan_result *res)
{
    struct buf b = BUF_INIT;
    assert_int_equal(report_sarif(res, eng, &b), VG_OK);
    json_error_t err;
    json_t *root = json_loads(buf_cstr(&b), 0, &err);
    buf_release(&b);
    assert_non_null(root);
    return root;
}

/* Every rule of the pack (and the dependency rules) gets a PascalCase name that differs
 * from its id; a finding without evidence gets a message that is a sentence. */
static void test_sarif_names_and_messages(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    struct scan_rule_info info;
    size_t n = scan_engine_rule_count(eng);
    assert_true(n > 100);
    for (size_t i = 0; i < n; i++) {
        assert_true(scan_engine_rule_info(eng, i, &info));
        add(&res, info.id, "a.js", 1, i % 2 ? "" : "x****");
    }
    for (size_t i = 0; deps_rule_ids[i] != NULL; i++)
        add(&res, deps_rule_ids[i], "package-lock.json", 1, "lodash@4.17.0");
    add(&res, "zz-q-html", "a.vue", 1, "v-html");
    add(&res, "weak-hash-x", "a.py", 1, "md5");
    json_t *root = sarif_of(&res);
    json_t *run = json_array_get(json_object_get(root, "runs"), 0);
    json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
    const char *info_uri = json_string_value(json_object_get(driver, "informationUri"));
    assert_non_null(info_uri);
    assert_int_equal(strncmp(info_uri, "https://", 8), 0);
    regex_t pascal;
    assert_int_equal(regcomp(&pascal, "^([A-Z][a-z0-9]+)+$", REG_EXTENDED | REG_NOSUB), 0);
    size_t k;
    json_t *rule;
    json_t *rules = json_object_get(driver, "rules");
    assert_int_equal(json_array_size(rules), n + 2 + 2);
    json_array_foreach(rules, k, rule)
    {
        const char *id = json_string_value(json_object_get(rule, "id"));
        const char *name = json_string_value(json_object_get(rule, "name"));
        assert_non_null(name);
        if (regexec(&pascal, name, 0, NULL, 0) != 0 || strcmp(name, id) == 0)
            fail_msg("rule %s: name '%s' is not PascalCase or equals the id", id, name);
        if (strcmp(id, "zz-q-html") == 0)
            assert_string_equal(name, "ZzQhtml");
        if (strcmp(id, "weak-hash-x") == 0)
            assert_string_equal(name, "WeakHashx");
        if (strcmp(id, "stripe-live-secret-key") == 0)
            assert_string_equal(name, "StripeLiveSecretKey");
    }
    regfree(&pascal);
    json_t *result;
    json_array_foreach(json_object_get(run, "results"), k, result)
    {
        const char *msg =
            json_string_value(json_object_get(json_object_get(result, "message"), "text"));
        size_t len = strlen(msg);
        assert_true(len > 2);
        if (msg[len - 1] == ' ' || msg[len - 1] == ':')
            fail_msg("message '%s' ends in ': '", msg);
    }
    json_decref(root);
    scan_result_release(&res);
}

static bool ignored(const char *text, const char *needle, const char *rule)
{
    const char *at = strstr(text, needle);
    assert_non_null(at);
    return suppress_inline(text, strlen(text), (size_t)(at - text), rule);
}

/* A trailing marker silences its own line only; a comment alone on a line silences the
 * next line. */
static void test_inline_ignore_placement(void **state)
{
    (void)state;
    const char *t = "a = KEY1 // vega:ignore\n"
                    "b = KEY2\n"
                    "// vega:ignore\n"
                    "c = KEY3\n"
                    "   # vega:ignore some-rule\n"
                    "d = KEY4\n"
                    "{/* vega:ignore */}\n"
                    "e = KEY5\n"
                    "<!-- vega:ignore -->\n"
                    "f = KEY6\n"
                    "x(1); -- vega:ignore\n"
                    "g = KEY7\n"
                    "KEY8 # vega:ignore other-rule\n"
                    "\n"
                    "-- vega:ignore\n"
                    "\n"
                    "h = KEY9\n";
    assert_true(ignored(t, "KEY1", "some-rule"));
    assert_false(ignored(t, "KEY2", "some-rule")); /* the old code silenced this one */
    assert_true(ignored(t, "KEY3", "some-rule"));
    assert_true(ignored(t, "KEY4", "some-rule"));
    assert_false(ignored(t, "KEY4", "another-rule"));
    assert_true(ignored(t, "KEY5", "some-rule"));
    assert_true(ignored(t, "KEY6", "some-rule"));
    assert_false(ignored(t, "KEY7", "some-rule"));
    assert_false(ignored(t, "KEY8", "some-rule"));
    assert_true(ignored(t, "KEY8", "other-rule"));
    assert_false(ignored(t, "KEY9", "some-rule")); /* two lines below: no */
    /* The marker on the first line of the data, and a finding on the first line. */
    assert_true(ignored("// vega:ignore\nKEY", "KEY", "r-1"));
    assert_false(ignored("KEY", "KEY", "r-1"));
}

struct warnings {
    char msgs[4][200];
    size_t n;
};

static void on_warn(void *ctx, const char *message)
{
    struct warnings *w = ctx;
    if (w->n < 4)
        snprintf(w->msgs[w->n], sizeof w->msgs[0], "%s", message);
    w->n++;
}

static void test_vegaignore_unknown_rules(void **state)
{
    (void)state;
    struct warnings w = {.n = 0};
    struct scan_options opt;
    scan_options_init(&opt);
    opt.warn = on_warn;
    opt.warn_ctx = &w;
    opt.manifest_rule_ids = deps_rule_ids;
    vegaignore_check_rules("# rule:commented\n"
                           "rule:stripe-live-secret-key\n"
                           "rule: dependency-npm-vulnerable\n"
                           "rule:stripe-live-secret-kye\n"
                           "src/generated/\n"
                           "fingerprint:0011\n"
                           "rule:bad\x1b[31m\n",
                           eng, &opt);
    assert_int_equal(w.n, 2);
    assert_string_equal(w.msgs[0], ".vegaignore: rule:stripe-live-secret-kye names no known "
                                   "rule, so it suppresses nothing (see `vega rules list`)");
    assert_non_null(strstr(w.msgs[1], "rule:bad?[31m names no known rule")); /* no ESC */
    /* Without the dependency ids (a caller that attaches no manifest hook), they warn too. */
    w.n = 0;
    opt.manifest_rule_ids = NULL;
    vegaignore_check_rules("rule:dependency-npm-vulnerable\n", eng, &opt);
    assert_int_equal(w.n, 1);
    /* No callback: nothing to do, no crash. */
    opt.warn = NULL;
    vegaignore_check_rules("rule:nope\n", eng, &opt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_size),
        cmocka_unit_test(test_text_summary_and_verbose),
        cmocka_unit_test(test_sarif_names_and_messages),
        cmocka_unit_test(test_inline_ignore_placement),
        cmocka_unit_test(test_vegaignore_unknown_rules),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
