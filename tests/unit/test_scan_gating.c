/*
 * test_scan_gating.c - what the engine leaves out for speed, and what it never leaves out
 * (issue 11, item 7), with the pack's code and config rules: code checks (tree rules and the
 * regex rules of the code-rule databases) skip minified bundles and files over
 * CODE_MAX_PARSE_BYTES (not parsed), while secret rules still read every byte
 * of them; path-limited file rules still fire on their paths only. Run from the
 * repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "code/code.h"
#include "scan/engine.h"
#include "testlib.h"

#define GH_OK "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"

static struct scan_engine *eng;

static int setup(void **state)
{
    (void)state;
    /* The pack's code and config rules and the test secret rules: a small, quick engine. */
    static const char *const dirs[] = {"tests/scan/rules", "rules/code", "rules/config"};
    struct scan_engine_config cfg = {false, dirs, 3, NULL};
    return test_engine_load(&cfg, &eng);
}

static int teardown(void **state)
{
    (void)state;
    scan_engine_free(eng);
    return 0;
}

static void scan_text(const char *path, const char *text, size_t len, struct scan_result *res)
{
    struct scan_options opt;
    scan_options_init(&opt);
    opt.threads = 1;
    opt.default_ignores = false; /* every byte, as the speed benchmark */
    assert_int_equal(scan_buffer(eng, path, text, len, &opt, res), VG_OK);
}

static size_t count(const struct scan_result *res, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < res->n_findings; i++)
        n += strcmp(res->findings[i].rule_id, rule) == 0;
    return n;
}

/* A request flow into eval, a weak cipher (a regex code rule), then a key; `pad` bytes of filler between them, on one line
 * (minified) or on lines of ~40 bytes (hand-written). */
static char *source_with(size_t pad, bool one_line, size_t *len)
{
    const char *flow = "router.get('/x', (req, res) => { const c = req.query.c;\n"
                       "  eval(c);\n});\n"
                       "const d = crypto.createCipheriv(\"des-ede3-cbc\", k, iv);\n";
    const char *key = "const token = \"" GH_OK "\";\n";
    size_t n = strlen(flow) + pad + strlen(key);
    char *s = malloc(n + 1);
    assert_non_null(s);
    size_t o = 0;
    memcpy(s + o, flow, strlen(flow));
    o += strlen(flow);
    for (size_t i = 0; i < pad; i++)
        s[o++] = !one_line && i % 40 == 39 ? '\n' : 'x';
    memcpy(s + o, key, strlen(key));
    o += strlen(key);
    s[o] = '\0';
    *len = o;
    return s;
}

static void test_code_checks_skip_what_secrets_read(void **state)
{
    (void)state;
    struct {
        const char *path;
        size_t pad;
        bool one_line;
        bool parsed;
    } cases[] = {
        {"src/app.js", 1000, false, true},                       /* hand-written */
        {"src/app.min.js", 1000, false, false},                  /* by its name */
        {"src/app.js", 200000, true, false},                     /* minified */
        {"src/big.js", CODE_MAX_PARSE_BYTES, false, false},      /* too large */
        {"src/ok.js", CODE_MAX_PARSE_BYTES - 4096, false, true}, /* just under */
        {"pkg/dist/app.js", 1000, false, false},                 /* bundled, by its folder */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = 0;
        char *s = source_with(cases[i].pad, cases[i].one_line, &len);
        struct scan_result res = SCAN_RESULT_INIT;
        scan_text(cases[i].path, s, len, &res);
        assert_int_equal(res.stats.parsed_files, cases[i].parsed ? 1 : 0);
        assert_int_equal(count(&res, "js-eval-request-data"), cases[i].parsed ? 1 : 0);
        /* The JS code rules' database reads only the files the code checks would parse, so
         * its regex rules skip the same files (code_file_skipped). */
        assert_int_equal(count(&res, "js-weak-cipher"), cases[i].parsed ? 1 : 0);
        assert_int_equal(code_file_skipped(cases[i].path, s, len), !cases[i].parsed);
        assert_int_equal(count(&res, "test-github-pat"), 1); /* always read */
        scan_result_release(&res);
        free(s);
    }
}

/* A prefilter of a construct (request data, `new Function(`, `innerHTML =`) matched only inside
 * string literals or comments selects nothing to parse; a template's `${...}` is code, so
 * request data there is still parsed and reported. `new Function` with literal arguments
 * only (the global-object idiom) cannot hand a parameter over: not parsed either. */
static void test_prefilter_in_strings(void **state)
{
    (void)state;
    struct {
        const char *text;
        bool parsed;
        const char *rule; /* reported when parsed, or NULL */
    } cases[] = {
        {"export const ATTR = 'http.request.header';\nconst B = \"http.request.body\";\n", false,
         NULL},
        {"lines.push(\"el.innerHTML = html;\", 'document.write(x)');\n", false, NULL},
        {"// req.query.id reaches eval(x) in the docs\n", false, NULL},
        {"var g = Function('return this')();\nvar h = new Function(\"a\", 'return a');\n", false,
         NULL},
        {"app.get('/a', (req, res) => { res.send(`<p>${req.query.name}</p>`); });\n", true,
         "js-express-reflected-request-data"},
        {"app.get('/a', (req, res) => { const s = \"it's\"; eval(req.query.c); });\n", true,
         "js-eval-request-data"},
        {"function compile(body) { return new Function('a', 'b', body); }\n", true,
         "js-new-function-dynamic"},
        {"function show(el, html) { el.innerHTML = html; }\n", true, "js-dom-inner-html-dynamic"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct scan_result res = SCAN_RESULT_INIT;
        scan_text("src/app.js", cases[i].text, strlen(cases[i].text), &res);
        if (res.stats.parsed_files != (cases[i].parsed ? 1u : 0u))
            fail_msg("case %zu: parsed %zu", i, res.stats.parsed_files);
        if (cases[i].rule != NULL)
            assert_int_equal(count(&res, cases[i].rule), 1);
        scan_result_release(&res);
    }
}

/* Pattern-less rules limited to paths (source maps in build output, .env files) are ruled
 * out by the literal tail of their globs first; they still fire where a glob matches, and
 * only there. */
static void test_path_rules_by_tail(void **state)
{
    (void)state;
    const char *map = "{\"version\":3,\"sources\":[\"a.ts\"],\"mappings\":\"AAAA\"}\n";
    struct {
        const char *path;
        size_t want;
    } cases[] = {
        {"dist/assets/app.js.map", 1},
        {"web/dist/assets/app.js.map", 1},
        {"dist/assets/app.js.mapx", 0},
        {"src/app.js.map", 0}, /* the tail fits, the glob does not */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct scan_result res = SCAN_RESULT_INIT;
        scan_text(cases[i].path, map, strlen(map), &res);
        assert_int_equal(count(&res, "config-source-map-in-build-output"), cases[i].want);
        scan_result_release(&res);
    }
}

/* Lines are counted over every byte with vector compares: the count must be exact at every
 * length and alignment around the block sizes (8, 16, 32 bytes, 255-block sums). */
static void test_line_count(void **state)
{
    (void)state;
    size_t lens[] = {0,     1,  31,           32,       33,           63,
                     64,    65, 255 * 32 - 1, 255 * 32, 255 * 32 + 7, 255 * 16 * 3 + 5,
                     100003};
    char *s = malloc(100003 + 2);
    assert_non_null(s);
    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        for (size_t off = 0; off < 2; off++) {
            size_t n = lens[k], want = 0;
            for (size_t i = 0; i < n; i++) {
                /* newline runs, lone newlines and long lines, no NUL (not binary) */
                s[off + i] = (i * 7 + k) % 13 == 0 || (i / 300) % 5 == 1 ? '\n' : 'a';
                want += s[off + i] == '\n';
            }
            s[off + n] = '\0';
            struct scan_result res = SCAN_RESULT_INIT;
            scan_text("notes.txt", s + off, n, &res);
            /* a last line without a newline counts too */
            assert_int_equal(res.stats.lines, want + (n > 0 && s[off + n - 1] != '\n'));
            scan_result_release(&res);
        }
    }
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_checks_skip_what_secrets_read),
        cmocka_unit_test(test_prefilter_in_strings),
        cmocka_unit_test(test_path_rules_by_tail),
        cmocka_unit_test(test_line_count),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
