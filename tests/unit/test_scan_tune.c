/*
 * test_scan_tune.c - rule tester with file-level rules, the compiled-database cache
 * pruning, once_per_dir grouping and bundled-file confidence.
 * Run from the repository root (make test-unit does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "testlib.h"
#include <sodium.h>

#include "scan/checks.h"
#include "scan/engine.h"
#include "scan/engine_int.h"
#include "util/xalloc.h"

static size_t rules_test_dir(const char *dir)
{
    const char *const dirs[] = {dir};
    struct scan_engine_config cfg = {false, dirs, 1, NULL};
    FILE *devnull = fopen("/dev/null", "w");
    size_t n = scan_rules_test(&cfg, devnull, false);
    fclose(devnull);
    return n;
}

/* A pattern rule's .env example passes although a file-level .env rule fires there too;
 * between two file-level rules the other's finding still counts. */
static void test_ruletest_file_level(void **state)
{
    (void)state;
    assert_int_equal(rules_test_dir("tests/scan/ruletest-ok"), 0);
    assert_int_equal(rules_test_dir("tests/scan/ruletest-clash"), 2);
}

static void test_dbcache_prune(void **state)
{
    (void)state;
    char dir[256];
    assert_non_null(test_mkdtemp(dir, sizeof dir, "test-cache"));
    for (int i = 0; i < 11; i++) {
        char *p = xasprintf("%s/rules-%02d.hsdb", dir, i);
        write_file(p, "x");
        struct timespec ts[2] = {{1700000000 + i * 10, 0}, {1700000000 + i * 10, 0}};
        assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
        free(p);
    }
    char *other = xasprintf("%s/notes.txt", dir);
    write_file(other, "keep me");
    dbcache_prune(dir, 8);
    for (int i = 0; i < 11; i++) {
        char *p = xasprintf("%s/rules-%02d.hsdb", dir, i);
        assert_int_equal(access(p, F_OK) == 0, i >= 3); /* the three oldest are gone */
        unlink(p);
        free(p);
    }
    assert_int_equal(access(other, F_OK), 0);
    unlink(other);
    free(other);
    dbcache_prune("/nonexistent/vega-cache", 8); /* no directory: nothing happens */
    rmdir(dir);
}

/* Load the tune-rules pack with a rule-database cache in dir. */
static void load_with_cache(const char *dir)
{
    const char *const dirs[] = {"tests/scan/tune-rules"};
    struct scan_engine_config cfg = {false, dirs, 1, dir};
    struct scan_engine *eng = NULL;
    struct buf err = BUF_INIT;
    assert_int_equal(scan_engine_load(&cfg, &eng, &err), VG_OK);
    scan_engine_free(eng);
    buf_release(&err);
}

/* Writing a cache entry through the engine keeps the directory at 8 entries. */
static void test_dbcache_store_prunes(void **state)
{
    (void)state;
    char dir[256];
    assert_non_null(test_mkdtemp(dir, sizeof dir, "test-cache"));
    for (int i = 0; i < 12; i++) {
        char *p = xasprintf("%s/rules-old%02d.hsdb", dir, i);
        write_file(p, "stale");
        struct timespec ts[2] = {{1600000000 + i, 0}, {1600000000 + i, 0}};
        assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
        free(p);
    }
    load_with_cache(dir);
    size_t n = 0;
    bool fresh = false;
    for (int i = 0; i < 12; i++) {
        char *p = xasprintf("%s/rules-old%02d.hsdb", dir, i);
        if (access(p, F_OK) == 0) {
            n++;
            assert_true(i >= 5); /* the newest stale ones stay */
            unlink(p);
        }
        free(p);
    }
    assert_int_equal(n, 7); /* 7 stale + the new entry = 8 */
    char cmd[400];
    snprintf(cmd, sizeof cmd, "ls %s/rules-*.hsdb >/dev/null 2>&1", dir);
    fresh = system(cmd) == 0;
    assert_true(fresh);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_group_dir(void **state)
{
    (void)state;
    char n1[] = "dist", n2[] = "public";
    char *names_v[] = {n1, n2};
    struct strlist names = {names_v, 2};
    char *d = result_group_dir(&names, "pkgs/a/dist/x/y.js.map");
    assert_string_equal(d, "pkgs/a/dist");
    free(d);
    d = result_group_dir(&names, "public/app.js.map");
    assert_string_equal(d, "public");
    free(d);
    d = result_group_dir(&names, "out/chunks/app.js.map");
    assert_string_equal(d, "out/chunks");
    free(d);
    d = result_group_dir(&names, "dist.js.map");
    assert_string_equal(d, ".");
    free(d);
}

static void test_bundled_files(void **state)
{
    (void)state;
    assert_true(checks_bundled_file("lib/jquery.min.js", "x", 1));
    assert_true(checks_bundled_file("pkg/dist/index.js", "x", 1));
    assert_true(checks_bundled_file("a/vendor/b.js", "x", 1));
    assert_false(checks_bundled_file("src/app.js", "x", 1));
    assert_false(checks_bundled_file("src/distance.js", "x", 1));
    /* Angular package format flat ES modules: fesm + digits only */
    assert_true(checks_bundled_file("@angular/core/fesm2022/core.mjs", "x", 1));
    assert_true(checks_bundled_file("pkg/FESM5/pkg.js", "x", 1));
    assert_false(checks_bundled_file("src/fesm/app.js", "x", 1));
    assert_false(checks_bundled_file("src/fesm2022x/app.js", "x", 1));
    assert_false(checks_bundled_file("src/fesm2022.js", "x", 1));
    size_t n = 8192;
    char *big = xmalloc(n + 1);
    memset(big, 'a', n);
    big[n] = '\0';
    assert_true(checks_bundled_file("src/app.js", big, n)); /* one 8 KiB line */
    for (size_t i = 40; i < n; i += 40)
        big[i] = '\n';
    assert_false(checks_bundled_file("src/app.js", big, n));
    free(big);
}

/* Whole-engine: three maps under one dist/ are one finding; a minified file lowers a code
 * finding's confidence (HTML), or, of a language the code checks parse (JavaScript), is not
 * read by its code-rule database at all (code_file_skipped). */
static void test_once_per_dir_and_bundles(void **state)
{
    (void)state;
    char dir[256];
    assert_non_null(test_mkdtemp(dir, sizeof dir, "test-tune"));
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd %s && mkdir -p web/dist/assets web/public src && "
             "for f in web/dist/a.js.map web/dist/assets/b.js.map web/dist/assets/c.js.map "
             "web/public/d.js.map; do echo '{\"version\":3}' > $f; done && "
             "echo 'el.innerHTML = html;' > src/app.js && "
             "echo 'el.innerHTML = html;' > src/app.min.js && "
             "echo 'el.innerHTML = html;' > src/app.min.html",
             dir);
    assert_int_equal(system(cmd), 0);
    const char *const dirs[] = {"tests/scan/tune-rules"};
    struct scan_engine_config cfg = {false, dirs, 1, NULL};
    struct scan_engine *eng = NULL;
    struct buf err = BUF_INIT;
    assert_int_equal(scan_engine_load(&cfg, &eng, &err), VG_OK);
    struct scan_options opt;
    scan_options_init(&opt);
    opt.default_ignores = false;
    struct scan_result res = SCAN_RESULT_INIT;
    assert_int_equal(scan_path(eng, dir, &opt, &res), VG_OK);
    assert_int_equal(res.n_findings, 4);
    /* sorted by path */
    assert_string_equal(res.findings[0].file_path, "src/app.js");
    assert_int_equal(res.findings[0].confidence, CONF_MEDIUM);
    assert_string_equal(res.findings[1].file_path, "src/app.min.html");
    assert_int_equal(res.findings[1].confidence, CONF_LOW);
    assert_string_equal(res.findings[2].rule_id, "tt-source-map");
    assert_string_equal(res.findings[2].file_path, "web/dist/a.js.map");
    assert_string_equal(res.findings[2].masked_evidence, "web/dist/ (3 files)");
    assert_string_equal(res.findings[3].file_path, "web/public/d.js.map");
    assert_string_equal(res.findings[3].masked_evidence, "web/public/");
    assert_string_not_equal(res.findings[2].fingerprint, res.findings[3].fingerprint);
    scan_result_release(&res);
    scan_engine_free(eng);
    buf_release(&err);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* Where a code rule's pattern is documentation: comments of JS/TS and Python, by position. */
static void test_in_comment(void **state)
{
    (void)state;
    static const char js[] = "/**\n"
                             " * forge.cipher.createCipher('DES-ECB', key);\n"
                             " */\n"
                             "const a = 'x // y'; createCipher('des');\n"
                             "eval(x); // eval(y)\n"
                             "/* eval(z) */ eval(w); /* open\n"
                             "  * eval(v)\n"
                             "const g = 'src/**/*.js'; eval(u);\n"
                             "  * 2;\n"
                             "  /*\n"
                             "    hash = sha1('password') (a block without stars)\n"
                             "  */\n"
                             "  x = sha1(pass);\n"
                             "/**\n"
                             " * it's a note */ eval(s);\n"
                             "/*\n"
                             "  plain */ eval(r); /* eval(p) */\n";
    size_t n = strlen(js);
#define AT(s, k) ((size_t)(strstr(js, s) - js) + (k))
    assert_true(checks_in_comment("javascript", js, n, AT("forge", 0)));
    assert_false(checks_in_comment("javascript", js, n, AT("createCipher('des", 0)));
    assert_false(checks_in_comment("typescript", js, n, AT("eval(x)", 0)));
    assert_true(checks_in_comment("javascript", js, n, AT("eval(y)", 0)));
    assert_true(checks_in_comment("javascript", js, n, AT("eval(z)", 0)));
    assert_false(checks_in_comment("javascript", js, n, AT("eval(w)", 0)));
    assert_true(checks_in_comment("javascript", js, n, AT("eval(v)", 0)));
    /* a glob in a string is not a comment opener on its own line */
    assert_false(checks_in_comment("javascript", js, n, AT("eval(u)", 0)));
    /* a line inside a block whose opener starts its own line */
    assert_true(checks_in_comment("javascript", js, n, AT("sha1('password')", 0)));
    assert_false(checks_in_comment("javascript", js, n, AT("sha1(pass)", 0)));
    /* a line that starts inside a block is code after the block's closer */
    assert_true(checks_in_comment("javascript", js, n, AT("a note", 0)));
    assert_false(checks_in_comment("javascript", js, n, AT("eval(s)", 0)));
    assert_false(checks_in_comment("typescript", js, n, AT("eval(r)", 0)));
    assert_true(checks_in_comment("javascript", js, n, AT("eval(p)", 0)));
    /* other languages, out of range */
    assert_false(checks_in_comment("go", js, n, AT("eval(y)", 0)));
    assert_false(checks_in_comment(NULL, js, n, 0));
    assert_false(checks_in_comment("javascript", js, n, n + 5));
#undef AT
    static const char py[] = "x = '#' + eval(a)  # eval(b)\n\"\"\"doc\"\"\"\n";
    size_t m = strlen(py);
    assert_false(checks_in_comment("python", py, m, (size_t)(strstr(py, "eval(a)") - py)));
    assert_true(checks_in_comment("python", py, m, (size_t)(strstr(py, "eval(b)") - py)));
}

/* A code rule's file_requires match in a block comment does not hide a real match later on
 * the same line (a comment holding `$(` closes before `$(el)`): the example fires, the
 * comment-only negative example does not. */
static void test_requires_after_comment(void **state)
{
    (void)state;
    assert_int_equal(rules_test_dir("tests/scan/requires-comment"), 0);
}

static bool in_code_s(const char *lang, const char *re, const char *data, bool strings)
{
    char msg[256];
    pcre2_code *code = engine_pcre2_compile(re, 0, 0, msg, sizeof msg);
    assert_non_null(code);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    bool r = engine_regex_in_code(lang, code, md, NULL, data, strlen(data), strings);
    pcre2_match_data_free(md);
    pcre2_code_free(code);
    return r;
}

static bool in_code(const char *lang, const char *re, const char *data)
{
    return in_code_s(lang, re, data, false);
}

/* engine_regex_in_code, which file_requires and the code checks' parse gate share: matches
 * only in comments do not count; a later match on the same line does; a match whose lead
 * byte ends a comment but whose construct is code counts; past ENGINE_COMMENT_MATCH_MAX
 * matches in comments the file counts as matching; NULL language: all code. */
static void test_regex_in_code(void **state)
{
    (void)state;
    assert_false(in_code("javascript", "eval\\(", "// eval(x)\n/* eval(y) */\n"));
    assert_true(in_code("javascript", "eval\\(", "/* eval(y) */ eval(z);\n"));
    assert_true(in_code("javascript", "\\$\\(", "/* $( */ $(el).html(x);\n"));
    assert_false(in_code("python", "eval\\(", "x = 1  # eval(a)\n"));
    /* the match's first byte is the line break that ends a comment, its call is code */
    assert_true(in_code("javascript", "[\\n;]\\s*eval\\(", "// note\neval(a);\n"));
    assert_true(in_code(NULL, "eval\\(", "// eval(x)\n"));
    assert_false(in_code("javascript", "exec\\(", "// eval(x)\n"));
    char many[ENGINE_COMMENT_MATCH_MAX * 12 + 32] = "";
    for (int i = 0; i <= ENGINE_COMMENT_MATCH_MAX; i++)
        strcat(many, "// eval(x)\n");
    assert_true(in_code("javascript", "eval\\(", many));
    many[strlen(many) - 11 * 2] = '\0'; /* fewer than the limit: all in comments */
    assert_false(in_code("javascript", "eval\\(", many));
    /* outside_strings: a match inside a string literal does not count; a template's ${...},
     * the text after a string with an escaped quote and after a block comment's end do */
    const char *gen = "out.push(\"el.innerHTML = html;\", 'x = \\'innerHTML =\\'');\n";
    assert_true(in_code("javascript", "innerHTML =", gen));
    assert_false(in_code_s("javascript", "innerHTML =", gen, true));
    assert_true(in_code_s("javascript", "req\\.query", "res.send(`<p>${req.query.q}</p>`);\n", true));
    assert_true(in_code_s("javascript", "req\\.query", "s = 'it\\'s'; eval(req.query.c);\n", true));
    assert_true(in_code_s("javascript", "req\\.query", "/* a\n * b */ eval(req.query.c);\n", true));
    assert_false(in_code_s("javascript", "req\\.query", "k = 'http.req.query';\n", true));
    assert_true(in_code_s("python", "req\\.query", "k = 'req.query'\n", true)); /* JS/TS only */
}

/* A cached database is read back whole (a hit refreshes the entry's time, same file); one
 * cut short or grown by a byte is not used, and the compile rewrites it. */
static void test_dbcache_round_trip(void **state)
{
    (void)state;
    char dir[256], cmd[600], path[512] = "";
    assert_non_null(test_mkdtemp(dir, sizeof dir, "test-cache-rt"));
    load_with_cache(dir); /* compiles, stores */
    snprintf(cmd, sizeof cmd, "ls %s/rules-*.hsdb", dir);
    FILE *ls = popen(cmd, "r");
    assert_non_null(ls);
    assert_non_null(fgets(path, sizeof path, ls));
    pclose(ls);
    path[strcspn(path, "\n")] = '\0';
    struct stat a, b;
    assert_int_equal(stat(path, &a), 0);
    struct timespec old[2] = {{1600000000, 0}, {1600000000, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
    load_with_cache(dir); /* a hit: the same file, its time refreshed */
    assert_int_equal(stat(path, &b), 0);
    assert_int_equal(a.st_ino, b.st_ino);
    assert_true(b.st_mtim.tv_sec > 1600000000);
    assert_int_equal(truncate(path, a.st_size - 1), 0);
    load_with_cache(dir); /* cut short: compiled again, a new file of the full size */
    assert_int_equal(stat(path, &b), 0);
    assert_int_equal(b.st_size, a.st_size);
    assert_true(b.st_ino != a.st_ino);
    ino_t rewritten = b.st_ino;
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    fputc('x', f);
    fclose(f);
    load_with_cache(dir); /* a byte more: compiled again */
    assert_int_equal(stat(path, &b), 0);
    assert_int_equal(b.st_size, a.st_size);
    assert_true(b.st_ino != rewritten);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ruletest_file_level), cmocka_unit_test(test_dbcache_prune),
        cmocka_unit_test(test_dbcache_store_prunes), cmocka_unit_test(test_dbcache_round_trip), cmocka_unit_test(test_group_dir),
        cmocka_unit_test(test_bundled_files),       cmocka_unit_test(test_once_per_dir_and_bundles),
        cmocka_unit_test(test_in_comment),        cmocka_unit_test(test_requires_after_comment),
        cmocka_unit_test(test_regex_in_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
