/*
 * test_scan_trigger.c - rules with a `trigger` (engine.c, "Triggers"): the engine reads
 * them only in windows around the trigger's hits, and must find exactly what the same rule
 * finds without a trigger; a trigger that is not inside the pattern's match fails
 * `vega rules test`, also when only a near miss of an example shows it; a trigger on a prefilter (lookaround) rule is refused.
 * Run from the repository root (make test-unit does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "testlib.h"
#include <sodium.h>

#include "scan/engine.h"
#include "util/xalloc.h"

#define PATTERN                                                                                    \
    "(?:acme)[^\\r\\n]{0,24}(?:\\r?\\n[^\\r\\n]{0,24})?(?:key|token)[A-Za-z0-9_.-]{0,16}[ "      \
    "\\t]{0,4}[:=][ \\t]{0,4}[\"'']?([a-z0-9]{32})(?:[^A-Za-z0-9_]|$)"
#define TRIGGER "(?:key|token)[A-Za-z0-9_.-]{0,16}[ \\t]{0,4}[:=][ \\t]{0,4}[\"'']?[a-z0-9]{16}"

/* The same setting read from up to 400 characters after the name: a match of up to
 * ~480 bytes, wider than PATTERN's (~130), so engine_split_triggers gives it an entry of
 * its own behind the same trigger. */
#define WIDE_PATTERN                                                                               \
    "(?:acme)[^\\r\\n]{0,400}(?:key|token)[A-Za-z0-9_.-]{0,16}[ \\t]{0,4}[:=][ \\t]{0,4}[\"'']?"   \
    "([a-z0-9]{32})(?:[^A-Za-z0-9_]|$)"
#define WIDE_RULE                                                                                  \
    "  - id: acme-wide-credential\n"                                                              \
    "    title: Acme credential, far from its name\n"                                             \
    "    category: secret\n"                                                                      \
    "    severity: high\n"                                                                        \
    "    confidence: medium\n"                                                                    \
    "    pattern: '%s'\n"                                                                         \
    "%s%s%s"                                                                                      \
    "    flags: [caseless]\n"                                                                     \
    "    secret_group: 1\n"                                                                       \
    "    description: An Acme credential.\n"                                                      \
    "    recommendation: Rotate it.\n"                                                            \
    "    examples:\n"                                                                             \
    "      - 'ACME_API_KEY=k3j9x0q8w7e6r5t4y3u2i1o0p9a8s7d6'\n"                                   \
    "    negative_examples:\n"                                                                      \
    "      - 'ACME_API_KEY=k3j9x0q8'\n"

static char *rule_dir_wide(const char *pattern, const char *trigger, const char *wide);

/* A rule directory holding one rule (trigger NULL: none; extra: more YAML lines). */
static char *rule_dir(const char *pattern, const char *trigger)
{
    return rule_dir_wide(pattern, trigger, NULL);
}

/* ... and a second rule of pattern `wide` (NULL: none), with the same trigger. */
static char *rule_dir_wide(const char *pattern, const char *trigger, const char *wide)
{
    char *dir = xmalloc(512);
    assert_non_null(test_mkdtemp(dir, 512, "test-trigger"));
    char *yaml = xasprintf(
        "rules:\n"
        "  - id: acme-credential\n"
        "    title: Acme credential\n"
        "    category: secret\n"
        "    severity: high\n"
        "    confidence: medium\n"
        "    pattern: '%s'\n"
        "%s%s%s"
        "    flags: [caseless]\n"
        "    secret_group: 1\n"
        "    description: An Acme credential.\n"
        "    recommendation: Rotate it.\n"
        "    examples:\n"
        "      - 'ACME_API_KEY=k3j9x0q8w7e6r5t4y3u2i1o0p9a8s7d6'\n"
        "      - \"acme:\\n  token: 'zq81mx0c7v6b5n4m3l2k1j0h9g8f7d6s'\"\n"
        "    negative_examples:\n"
        "      - 'ACME_API_KEY=k3j9x0q8'\n",
        pattern, trigger ? "    trigger: '" : "", trigger ? trigger : "", trigger ? "'\n" : "");
    if (wide != NULL) {
        char *more = xasprintf(WIDE_RULE, wide, trigger ? "    trigger: '" : "",
                               trigger ? trigger : "", trigger ? "'\n" : "");
        char *both = xasprintf("%s%s", yaml, more);
        free(yaml);
        free(more);
        yaml = both;
    }
    char *path = xasprintf("%s/rules.yaml", dir);
    write_file(path, yaml);
    free(path);
    free(yaml);
    return dir;
}

static void rm_dir(char *dir)
{
    char *cmd = xasprintf("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(dir);
}

static struct scan_engine *load_cached(const char *dir, const char *cache, enum vg_err want,
                                       struct buf *err)
{
    const char *const dirs[] = {dir};
    struct scan_engine_config cfg = {false, dirs, 1, cache};
    struct scan_engine *eng = NULL;
    assert_int_equal(scan_engine_load(&cfg, &eng, err), want);
    return eng;
}

static struct scan_engine *load(const char *dir, enum vg_err want, struct buf *err)
{
    const char *const dirs[] = {dir};
    struct scan_engine_config cfg = {false, dirs, 1, NULL};
    struct scan_engine *eng = NULL;
    assert_int_equal(scan_engine_load(&cfg, &eng, err), want);
    return eng;
}

static uint64_t rnd_state = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return (unsigned)(rnd_state % n);
}

static void put(struct buf *b, const char *s)
{
    assert_int_equal(buf_append_str(b, s), VG_OK);
}

static void add_value(struct buf *b, size_t n)
{
    static const char alpha[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (size_t i = 0; i < n; i++)
        assert_int_equal(buf_append_char(b, alpha[rnd(36)]), VG_OK);
}

/* Code-like text with settings (some real, some near misses) at random places, a credential
 * as the very first and the very last bytes (no newline after it: the pattern's `$`). */
static void make_text(struct buf *b, size_t target)
{
    static const char *const filler[] = {
        "const x = require('y');\n", "  if (key === undefined) return;\n",
        "token = getToken(opts);\n", "/* acme client settings */\n",
        "function f(a, b) { return a + b; }\n", "keyValue: 'abc',\n", "\n\n",
    };
    put(b, "acme_key=");
    add_value(b, 32);
    put(b, "\n");
    while (b->len < target) {
        unsigned k = rnd(12);
        if (k < 7) {
            put(b, filler[k]);
        } else if (k < 9) {
            /* a setting: the provider, a gap, the secret word, a value of 31, 32 or 33 */
            put(b, rnd(2) ? "ACME_" : "acme:\n  ");
            put(b, rnd(2) ? "API_KEY" : "token");
            put(b, rnd(2) ? "=" : ": '");
            add_value(b, 31 + rnd(3));
            put(b, rnd(2) ? "'\n" : "\n");
        } else if (k < 10) {
            add_value(b, 4000 + rnd(6000)); /* windows far apart */
            put(b, "\n");
        } else {
            put(b, "key=");
            add_value(b, 20);
            put(b, "; // no provider\n");
        }
    }
    put(b, "ACME_API_TOKEN=\"");
    add_value(b, 32);
}

static void scan_text(const struct scan_engine *eng, const struct buf *text,
                      struct scan_result *res)
{
    struct scan_options opt;
    scan_options_init(&opt);
    opt.max_findings = 1000000;
    assert_int_equal(scan_buffer(eng, "src/settings.js", text->ptr, text->len, &opt, res),
                     VG_OK);
}

/* The same findings (rule, lines, fingerprint) with and without the trigger. */
static void test_trigger_same_findings(void **state)
{
    (void)state;
    char *with = rule_dir(PATTERN, TRIGGER), *without = rule_dir(PATTERN, NULL);
    struct buf err = BUF_INIT;
    struct scan_engine *a = load(with, VG_OK, &err), *b = load(without, VG_OK, &err);
    for (int round = 0; round < 4; round++) {
        struct buf text = BUF_INIT;
        buf_init(&text, 0);
        make_text(&text, (size_t)20000 << round * 2);
        struct scan_result ra = SCAN_RESULT_INIT, rb = SCAN_RESULT_INIT;
        scan_text(a, &text, &ra);
        scan_text(b, &text, &rb);
        assert_true(rb.n_findings >= 2);
        assert_int_equal(ra.n_findings, rb.n_findings);
        for (size_t i = 0; i < ra.n_findings; i++) {
            assert_int_equal(ra.findings[i].line_start, rb.findings[i].line_start);
            assert_int_equal(ra.findings[i].line_end, rb.findings[i].line_end);
            assert_string_equal(ra.findings[i].fingerprint, rb.findings[i].fingerprint);
        }
        assert_int_equal(ra.findings[0].line_start, 1);
        scan_result_release(&ra);
        scan_result_release(&rb);
        buf_release(&text);
    }
    /* The masker reads trigger rules too. */
    const char *line = "ACME_API_KEY=k3j9x0q8w7e6r5t4y3u2i1o0p9a8s7d6\n";
    char *masked = scan_mask_excerpt(a, line, strlen(line), 0, strlen(line));
    assert_null(strstr(masked, "w7e6r5t4y3u2i1o0p9a8s7d6"));
    free(masked);
    scan_engine_free(a);
    scan_engine_free(b);
    buf_release(&err);
    rm_dir(with);
    rm_dir(without);
}

/* Findings equal (rule, lines, fingerprint). */
static void same_findings(const struct scan_result *a, const struct scan_result *b)
{
    assert_int_equal(a->n_findings, b->n_findings);
    for (size_t i = 0; i < a->n_findings; i++) {
        assert_string_equal(a->findings[i].rule_id, b->findings[i].rule_id);
        assert_int_equal(a->findings[i].line_start, b->findings[i].line_start);
        assert_int_equal(a->findings[i].line_end, b->findings[i].line_end);
        assert_string_equal(a->findings[i].fingerprint, b->findings[i].fingerprint);
    }
}

/* Two rules of one trigger, one ~4x wider than the other: split into two entries (a window
 * of each around every hit), the same findings as without triggers, with the database
 * compiled, then read back from the cache (which splits from the cached widths). */
static void test_trigger_split_by_width(void **state)
{
    (void)state;
    char *with = rule_dir_wide(PATTERN, TRIGGER, WIDE_PATTERN);
    char *without = rule_dir_wide(PATTERN, NULL, WIDE_PATTERN);
    char *cache = xmalloc(512);
    assert_non_null(test_mkdtemp(cache, 512, "test-trigger-cache"));
    struct buf err = BUF_INIT;
    struct scan_engine *b = load(without, VG_OK, &err);
    struct scan_engine *cold = load_cached(with, cache, VG_OK, &err);
    struct scan_engine *warm = load_cached(with, cache, VG_OK, &err);
    for (int round = 0; round < 3; round++) {
        struct buf text = BUF_INIT;
        buf_init(&text, 0);
        make_text(&text, (size_t)20000 << round * 2);
        /* the wide rule alone: the secret word 300 characters after the name */
        put(&text, "\nacme:");
        for (int i = 0; i < 30; i++)
            put(&text, " settings");
        put(&text, " api_key = ");
        add_value(&text, 32);
        put(&text, "\n");
        struct scan_result rc = SCAN_RESULT_INIT, rw = SCAN_RESULT_INIT, rb = SCAN_RESULT_INIT;
        scan_text(cold, &text, &rc);
        scan_text(warm, &text, &rw);
        scan_text(b, &text, &rb);
        assert_true(rb.n_findings >= 3);
        bool far = false;
        for (size_t i = 0; i < rb.n_findings; i++)
            far |= strcmp(rb.findings[i].rule_id, "acme-wide-credential") == 0 &&
                   rb.findings[i].line_start > 1;
        assert_true(far);
        same_findings(&rc, &rb);
        same_findings(&rw, &rb);
        scan_result_release(&rc);
        scan_result_release(&rw);
        scan_result_release(&rb);
        buf_release(&text);
    }
    scan_engine_free(cold);
    scan_engine_free(warm);
    scan_engine_free(b);
    buf_release(&err);
    rm_dir(with);
    rm_dir(without);
    rm_dir(cache);
}

/* A trigger the pattern's match does not contain fails the rule's examples; the engine
 * reads the rule only where its trigger is. */
static void test_trigger_not_inside(void **state)
{
    (void)state;
    char *dir = rule_dir(PATTERN, "token");
    struct buf err = BUF_INIT, text = BUF_INIT;
    struct scan_engine *eng = load(dir, VG_OK, &err);
    buf_init(&text, 0);
    put(&text, "ACME_API_KEY=k3j9x0q8w7e6r5t4y3u2i1o0p9a8s7d6\n");
    struct scan_result res = SCAN_RESULT_INIT;
    scan_text(eng, &text, &res);
    assert_int_equal(res.n_findings, 0);
    for (int i = 0; i < 400; i++) /* beyond any window around the next line */
        put(&text, "const x = require('y');\n");
    put(&text, "ACME_API_TOKEN=k3j9x0q8w7e6r5t4y3u2i1o0p9a8s7d6\n");
    scan_text(eng, &text, &res);
    assert_int_equal(res.n_findings, 1);
    assert_int_equal(res.findings[0].line_start, 402);
    scan_result_release(&res);
    scan_engine_free(eng);
    buf_release(&text);
    buf_release(&err);
    const char *const dirs[] = {dir};
    struct scan_engine_config cfg = {false, dirs, 1, NULL};
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    assert_non_null(f);
    assert_true(scan_rules_test(&cfg, f, false) > 0);
    fclose(f);
    assert_non_null(strstr(out, "no match of the trigger inside the pattern's match"));
    free(out);
    rm_dir(dir);
}

/* A trigger inside the match of every example, but not of every match: the second
 * example's quote is optional in the pattern and required by the trigger after ':'. The
 * example with the quote left out (`token: zq81...`) still matches the pattern, without
 * the trigger: `vega rules test` fails it. */
static void test_trigger_near_miss(void **state)
{
    (void)state;
    char *dir = rule_dir(PATTERN, "(?:key|token)[A-Za-z0-9_.-]{0,16}[ \\t]{0,4}"
                                  "(?:=|:[ \\t]{1,4}[\"''])[a-z0-9]{16}");
    const char *const dirs[] = {dir};
    struct scan_engine_config cfg = {false, dirs, 1, NULL};
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    assert_non_null(f);
    assert_int_equal(scan_rules_test(&cfg, f, false), 1);
    fclose(f);
    assert_non_null(strstr(out, "example #2 with byte"));
    assert_non_null(strstr(out, "left out: the pattern matches without the trigger inside"));
    assert_null(strstr(out, "no match of the trigger inside the pattern's match"));
    free(out);
    rm_dir(dir);
}

/* Lookaround makes Vectorscan a prefilter: its hits are not the rule's, no trigger then. */
static void test_trigger_refused(void **state)
{
    (void)state;
    char *dir = rule_dir("(?<![a-z])" PATTERN, TRIGGER);
    struct buf err = BUF_INIT;
    assert_null(load(dir, VG_ERR_INVALID, &err));
    assert_non_null(strstr(buf_cstr(&err), "trigger"));
    buf_release(&err);
    rm_dir(dir);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trigger_same_findings),
        cmocka_unit_test(test_trigger_split_by_width),
        cmocka_unit_test(test_trigger_not_inside),
        cmocka_unit_test(test_trigger_near_miss),
        cmocka_unit_test(test_trigger_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
