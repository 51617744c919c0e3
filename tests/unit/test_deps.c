/*
 * Unit tests for the dependency scanner: every manifest parser on the sample files in
 * tests/deps/, hostile input, lockfile precedence, and the end-to-end path: build an OSV
 * ZIP, import it into a temporary data dir, open the db and scan lockfiles.
 */
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "testlib.h"

#include "deps/deps.h"
#include "deps/deps_parse.h"
#include "deps/osv.h"
#include "util/buf.h"
#include "util/xalloc.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    struct buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        assert_int_equal(buf_append(&b, chunk, n), VG_OK);
    fclose(f);
    return buf_detach(&b, len);
}

static const char *const conf_s[] = {"low", "medium", "high"};

/* Parse a sample and compare "name@version:line-line:confidence" rows, in order. */
static void expect_parse(const char *path, const char *const *want)
{
    size_t len;
    char *data = slurp(path, &len);
    struct deps_list l = {NULL, 0, 0};
    assert_int_equal(deps_parse(deps_kind_of(path), data, len, &l), VG_OK);
    deps_list_unique(&l);
    size_t n = 0;
    while (want[n] != NULL)
        n++;
    struct buf got = BUF_INIT;
    struct deps_pkg **ptrs = xcalloc(l.n + 1, sizeof(*ptrs));
    for (size_t i = 0; i < l.n; i++)
        ptrs[i] = &l.v[i];
    deps_resolve_lines(ptrs, l.n, data, len);
    free(ptrs);
    for (size_t i = 0; i < l.n; i++) {
        assert_int_equal(buf_printf(&got, "  %s@%s:%u-%u:%s\n", l.v[i].name, l.v[i].version,
                                    l.v[i].line_start, l.v[i].line_end, conf_s[l.v[i].conf]),
                         VG_OK);
    }
    bool ok = l.n == n;
    for (size_t i = 0; ok && i < n; i++) {
        char row[512];
        snprintf(row, sizeof(row), "%s@%s:%u-%u:%s", l.v[i].name, l.v[i].version, l.v[i].line_start,
                 l.v[i].line_end, conf_s[l.v[i].conf]);
        ok = strcmp(row, want[i]) == 0;
    }
    if (!ok)
        fail_msg("%s parsed as:\n%s", path, buf_cstr(&got));
    buf_release(&got);
    deps_list_release(&l);
    free(data);
}

static void test_package_lock(void **state)
{
    (void)state;
    const char *v1[] = {"express@4.17.1:7-7:high",   "lodash@4.17.15:21-21:high",
                        "lodash@4.17.20:26-26:high", "qs@6.7.0:15-15:high",
                        "qs@6.9.4:33-33:high",       NULL};
    expect_parse("tests/deps/npm-v1/package-lock.json", v1);
    const char *v2[] = {"minimist@1.2.5:14-14:high", NULL};
    expect_parse("tests/deps/npm-v2/package-lock.json", v2);
    const char *v3[] = {"@babel/traverse@7.22.5:15-15:high", "lodash@4.17.15:20-20:high",
                        "lodash@4.17.21:25-25:high", "string-width@4.2.3:30-30:high", NULL};
    expect_parse("tests/deps/npm-v3/package-lock.json", v3);
}

static void test_package_json(void **state)
{
    (void)state;
    const char *want[] = {"express@4.17.1:9-9:medium", "jest@26.0.0:17-17:low",
                          "lodash@4.17.15:10-10:low", "minimist@1.2.0:14-14:low", NULL};
    expect_parse("tests/deps/npm-app/package.json", want);
}

static void test_yarn(void **state)
{
    (void)state;
    const char *v1[] = {"@babel/code-frame@7.12.13:5-6:high", "lodash@4.17.15:12-13:high",
                        "minimist@1.2.5:16-17:high", NULL};
    expect_parse("tests/deps/yarn-v1/yarn.lock", v1);
    const char *berry[] = {"@types/node@18.11.9:8-9:high", "lodash@4.17.15:15-16:high", NULL};
    expect_parse("tests/deps/yarn-berry/yarn.lock", berry);
}

static void test_pnpm(void **state)
{
    (void)state;
    const char *v5[] = {"@babel/core@7.12.3:13-13:high", "lodash@4.17.15:18-18:high", NULL};
    expect_parse("tests/deps/pnpm-v5/pnpm-lock.yaml", v5);
    const char *v6[] = {"@babel/runtime@7.20.1:27-27:high", "lodash@4.17.15:17-17:high",
                        "react-dom@18.2.0:21-21:high", NULL};
    expect_parse("tests/deps/pnpm-v6/pnpm-lock.yaml", v6);
    const char *v9[] = {"@babel/runtime@7.20.1:17-17:high", "lodash@4.17.15:21-21:high", NULL};
    expect_parse("tests/deps/pnpm-v9/pnpm-lock.yaml", v9);
}

static void test_python(void **state)
{
    (void)state;
    const char *req[] = {"django@3.2.4:4-4:high",           "jinja2@2.11:13-13:low",
                         "numpy@1.21.0:10-11:high",         "pyyaml@5.3:7-7:low",
                         "requests@2.25.0:5-5:high",        "urllib3@1.26.0:6-6:low",
                         "zope-interface@5.4.0:14-14:high", NULL};
    expect_parse("tests/deps/py-req/requirements.txt", req);
    const char *poetry[] = {"certifi@2021.5.30:4-5:high", "jinja2@2.11.2:14-15:high",
                            "markupsafe@2.0.1:27-28:high", NULL};
    expect_parse("tests/deps/py-poetry/poetry.lock", poetry);
    const char *pipenv[] = {"django@3.2.4:19-19:high", "pyyaml@5.3.1:33-33:high", NULL};
    expect_parse("tests/deps/py-pipenv/Pipfile.lock", pipenv);
}

static void test_kinds(void **state)
{
    (void)state;
    assert_true(deps_is_manifest("a/b/package-lock.json"));
    assert_true(deps_is_manifest("package.json"));
    assert_true(deps_is_manifest("x/requirements.txt"));
    assert_true(deps_is_manifest("x/requirements-dev.txt"));
    assert_true(deps_is_manifest("x/requirements_test.txt"));
    assert_false(deps_is_manifest("x/requirementsfoo.txt"));
    assert_false(deps_is_manifest("x/package.json.bak"));
    assert_false(deps_is_manifest("x/my-package.json"));
    assert_false(deps_is_manifest("Pipfile"));
    assert_true(deps_is_lockfile("a/yarn.lock"));
    assert_false(deps_is_lockfile("a/package.json"));
    const char *paths[] = {
        "web/package.json", "web/package-lock.json", "api/package.json", "api/requirements.txt",
        "svc/poetry.lock",  "svc/requirements.txt",  "package.json",     "yarn.lock"};
    size_t n = sizeof(paths) / sizeof(paths[0]);
    assert_true(deps_is_superseded("web/package.json", paths, n));
    assert_false(deps_is_superseded("web/package-lock.json", paths, n));
    assert_false(deps_is_superseded("api/package.json", paths, n));
    assert_false(deps_is_superseded("api/requirements.txt", paths, n));
    assert_true(deps_is_superseded("svc/requirements.txt", paths, n));
    assert_true(deps_is_superseded("package.json", paths, n));
    assert_false(deps_is_superseded("svc/package.json", paths, n)); /* poetry is PyPI */
    assert_false(deps_is_superseded("webx/package.json", paths, n));
}

/* ---- hostile input ---- */

static enum vg_err count_cb(const struct deps_finding *f, void *ctx)
{
    (void)f;
    (*(size_t *)ctx)++;
    return VG_OK;
}

static void test_hostile(void **state)
{
    (void)state;
    size_t count = 0, deps = 99;
    static const struct {
        const char *path, *data;
        enum vg_err want;
    } cases[] = {
        {"package-lock.json", "{\"packages\": {", VG_ERR_INVALID},
        {"package-lock.json", "[1,2,3]", VG_ERR_INVALID},
        {"package-lock.json", "", VG_ERR_INVALID},
        {"package-lock.json", "{\"packages\": [], \"dependencies\": 5}", VG_OK},
        {"package-lock.json", "{\"packages\": {\"node_modules/\": {\"version\": 1}}}", VG_OK},
        {"package.json", "{\"dependencies\": {\"a\": 5, \"b\": null, \"c\": \"^^^\"}}", VG_OK},
        {"package.json", "null", VG_ERR_INVALID},
        {"pnpm-lock.yaml", "packages: [unclosed", VG_ERR_INVALID},
        {"pnpm-lock.yaml", "a: &x [1]\nb: *x\npackages:\n  *x : 1\n", VG_OK},
        {"pnpm-lock.yaml", "", VG_OK},
        {"yarn.lock", "\"\":\n  version \"\"\n@:\n  version\n:\n", VG_OK},
        {"requirements.txt", "==1.0\n[\n\\\n\\", VG_OK},
        {"poetry.lock", "[[package]]\nname = \"x\nversion = '1.0'\n[[package]]", VG_OK},
        {"Pipfile.lock", "{\"default\": {\"x\": {\"version\": \"==\"}}}", VG_OK},
        {"Pipfile.lock", "{\"default\": ", VG_ERR_INVALID},
        {"README.md", "{", VG_OK},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum vg_err e = deps_scan_file(NULL, cases[i].path, cases[i].data, strlen(cases[i].data),
                                       count_cb, &count, &deps);
        if (e != cases[i].want)
            fail_msg("case %zu (%s): got %s", i, cases[i].path, err_name(e));
    }
    /* Deep nesting: JSON arrays past jansson's limit, v1 dependencies past ours, YAML. */
    size_t depth = 5000;
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < depth; i++)
        assert_int_equal(buf_append_char(&b, '['), VG_OK);
    for (size_t i = 0; i < depth; i++)
        assert_int_equal(buf_append_char(&b, ']'), VG_OK);
    assert_int_equal(
        deps_scan_file(NULL, "package-lock.json", b.ptr, b.len, count_cb, &count, &deps),
        VG_ERR_INVALID);
    buf_reset(&b);
    assert_int_equal(buf_append_str(&b, "{\"dependencies\":"), VG_OK);
    for (size_t i = 0; i < 100; i++)
        assert_int_equal(buf_append_str(&b, "{\"a\":{\"version\":\"1.0.0\",\"dependencies\":"),
                         VG_OK);
    assert_int_equal(buf_append_str(&b, "{}"), VG_OK);
    for (size_t i = 0; i < 100; i++)
        assert_int_equal(buf_append_str(&b, "}}"), VG_OK);
    assert_int_equal(buf_append_char(&b, '}'), VG_OK);
    assert_int_equal(
        deps_scan_file(NULL, "package-lock.json", b.ptr, b.len, count_cb, &count, &deps),
        VG_ERR_INVALID);
    buf_reset(&b);
    for (size_t i = 0; i < 200; i++)
        assert_int_equal(buf_append_str(&b, "- "), VG_OK);
    assert_int_equal(buf_append_str(&b, "x\n"), VG_OK);
    assert_int_equal(deps_scan_file(NULL, "pnpm-lock.yaml", b.ptr, b.len, count_cb, &count, &deps),
                     VG_ERR_INVALID);
    /* Too large is refused before parsing. */
    assert_int_equal(
        deps_scan_file(NULL, "yarn.lock", "", DEPS_MAX_FILE_BYTES + 1, count_cb, &count, &deps),
        VG_ERR_TOO_LARGE);
    /* Data without a terminating NUL is never read past its length. */
    char *raw = xmalloc(12);
    memcpy(raw, "lodash==1.0\n", 12);
    assert_int_equal(deps_scan_file(NULL, "requirements.txt", raw, 12, count_cb, &count, &deps),
                     VG_OK);
    assert_int_equal(deps, 1);
    free(raw);
    buf_release(&b);
    assert_int_equal(count, 0);
}

/* ---- end to end ---- */

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

struct got {
    char rows[16][512];
    size_t n;
};

static enum vg_err keep_cb(const struct deps_finding *f, void *ctx)
{
    struct got *g = ctx;
    assert_true(g->n < 16);
    snprintf(g->rows[g->n++], sizeof(g->rows[0]), "%s|%s|%s|%s|%u-%u|%s|%s|%s|%s|%s", f->rule_id,
             f->severity, f->confidence, f->masked_evidence, f->line_start, f->line_end, f->title,
             f->recommendation, f->fingerprint_input, f->fixed_version, f->description);
    assert_string_equal(f->category, "dependency");
    return VG_OK;
}

static enum vg_err stop_cb(const struct deps_finding *f, void *ctx)
{
    (void)f;
    assert_null(ctx);
    return VG_ERR_CONFLICT;
}

static const char E2E_LODASH[] =
    "{\"id\":\"GHSA-35jh-r3h4-6jhm\",\"modified\":\"2024-01-01T00:00:00Z\","
    "\"aliases\":[\"CVE-2021-23337\"],\"summary\":\"Command Injection in lodash\","
    "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/"
    "A:H\"}],"
    "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"lodash\"},"
    "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"4.17.21\"}]}]"
    "}]}";
static const char E2E_MAL[] = "{\"id\":\"MAL-2024-1\",\"modified\":\"2024-01-01T00:00:00Z\","
                              "\"summary\":\"Malicious code in qs\","
                              "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"qs\"},"
                              "\"versions\":[\"6.9.4\"]}]}";
static const char E2E_DJANGO[] =
    "{\"id\":\"PYSEC-2021-98\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":[\"CVE-2021-"
    "33203\","
    "\"GHSA-68w8-qjq3-2gfm\"],\"details\":\"Directory traversal in admindocs\","
    "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"Django\"},"
    "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"3.2\"},{\"fixed\":\"3.2.5\"}"
    ","
    "{\"introduced\":\"3.1\"},{\"fixed\":\"3.1.13\"}]}]}],"
    "\"database_specific\":{\"severity\":\"MODERATE\"}}";

static void scan_sample(const struct deps_db *db, const char *path, struct got *g, size_t *deps)
{
    size_t len;
    char *data = slurp(path, &len);
    memset(g, 0, sizeof(*g));
    assert_int_equal(deps_scan_file(db, path, data, len, keep_cb, g, deps), VG_OK);
    free(data);
}

static void test_end_to_end(void **state)
{
    (void)state;
    char dir[256];
    assert_non_null(test_mkdtemp(dir, sizeof dir, "deps-test"));
    char *data_dir = xasprintf("%s/var", dir);
    char *zip = xasprintf("%s/all.zip", dir);

    /* Before any import: an empty db that still counts dependencies. */
    struct deps_db *db = NULL;
    assert_int_equal(deps_db_open(data_dir, &db), VG_OK);
    assert_true(deps_db_is_empty(db));
    struct got g;
    size_t deps = 0;
    scan_sample(db, "tests/deps/npm-v1/package-lock.json", &g, &deps);
    assert_int_equal(g.n, 0);
    assert_int_equal(deps, 5);
    deps_db_free(db);

    const char *members[] = {"GHSA-35jh-r3h4-6jhm.json",
                             E2E_LODASH,
                             "MAL-2024-1.json",
                             E2E_MAL,
                             "PYSEC-2021-98.json",
                             E2E_DJANGO,
                             NULL};
    write_zip(zip, members);
    char err[256];
    struct osv_import *imp = osv_import_new();
    assert_int_equal(osv_import_path(imp, zip, err, sizeof(err)), VG_OK);
    assert_int_equal(osv_import_commit(imp, data_dir, err, sizeof(err)), VG_OK);
    osv_import_free(imp);
    assert_int_equal(deps_db_open(data_dir, &db), VG_OK);
    assert_false(deps_db_is_empty(db));
    assert_int_equal(deps_db_entries(db, "npm"), 2);
    assert_int_equal(deps_db_entries(db, "PyPI"), 1);

    scan_sample(db, "tests/deps/npm-v1/package-lock.json", &g, &deps);
    assert_int_equal(g.n, 3);
    assert_string_equal(
        g.rows[0],
        "dependency-npm-vulnerable|high|high|lodash@4.17.15|21-21|"
        "lodash 4.17.15 has a known vulnerability (GHSA-35jh-r3h4-6jhm)|"
        "Upgrade lodash to 4.17.21 or later.|dependency|npm|lodash|4.17.15|GHSA-35jh-r3h4-6jhm|"
        "4.17.21|Command Injection in lodash (CVE-2021-23337). Advisory GHSA-35jh-r3h4-6jhm: "
        "https://osv.dev/vulnerability/GHSA-35jh-r3h4-6jhm");
    assert_non_null(strstr(g.rows[1], "|lodash@4.17.20|26-26|")); /* the npm: alias */
    assert_non_null(strstr(g.rows[2], "dependency-npm-vulnerable|critical|high|qs@6.9.4|33-33|"));
    assert_non_null(strstr(g.rows[2], "Remove qs:"));

    scan_sample(db, "tests/deps/npm-v3/package-lock.json", &g, &deps);
    assert_int_equal(g.n, 1); /* 4.17.21 under webpack is fixed */
    assert_non_null(strstr(g.rows[0], "|lodash@4.17.15|20-20|"));
    scan_sample(db, "tests/deps/yarn-berry/yarn.lock", &g, &deps);
    assert_int_equal(g.n, 1);
    assert_non_null(strstr(g.rows[0], "|lodash@4.17.15|15-16|"));
    scan_sample(db, "tests/deps/pnpm-v9/pnpm-lock.yaml", &g, &deps);
    assert_int_equal(g.n, 1);
    scan_sample(db, "tests/deps/npm-app/package.json", &g, &deps);
    assert_int_equal(g.n, 1);
    assert_non_null(strstr(g.rows[0], "|high|low|lodash@4.17.15|10-10|"));
    assert_non_null(strstr(g.rows[0], "lowest one the declared range allows"));

    scan_sample(db, "tests/deps/py-req/requirements.txt", &g, &deps);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.rows[0],
                        "dependency-pypi-vulnerable|medium|high|Django==3.2.4|4-4|"
                        "Django 3.2.4 has a known vulnerability (PYSEC-2021-98)|"
                        "Upgrade Django to 3.2.5 or later.|dependency|PyPI|django|3.2.4|"
                        "PYSEC-2021-98|3.2.5|Directory traversal in admindocs (CVE-2021-33203, "
                        "GHSA-68w8-qjq3-2gfm). Advisory PYSEC-2021-98: "
                        "https://osv.dev/vulnerability/PYSEC-2021-98");
    scan_sample(db, "tests/deps/py-pipenv/Pipfile.lock", &g, &deps);
    assert_int_equal(g.n, 1);
    assert_non_null(strstr(g.rows[0], "|django==3.2.4|19-19|"));
    scan_sample(db, "tests/deps/py-poetry/poetry.lock", &g, &deps);
    assert_int_equal(g.n, 0);

    /* A callback error stops the scan and is returned. */
    size_t len;
    char *lock = slurp("tests/deps/npm-v1/package-lock.json", &len);
    assert_int_equal(deps_scan_file(db, "package-lock.json", lock, len, stop_cb, NULL, &deps),
                     VG_ERR_CONFLICT);
    free(lock);
    deps_db_free(db);
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(zip);
    free(data_dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_package_lock), cmocka_unit_test(test_package_json),
        cmocka_unit_test(test_yarn),         cmocka_unit_test(test_pnpm),
        cmocka_unit_test(test_python),       cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_hostile),      cmocka_unit_test(test_end_to_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
