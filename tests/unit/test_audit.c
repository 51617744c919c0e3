/*
 * test_audit.c - the audit's pure parts: the price table and quote formula, unified diffs
 * (checked with `git apply --check`), the fixers on small files, the markdown report.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit/diff.h"
#include "audit/fix.h"
#include "audit/quote.h"
#include "audit/report.h"
#include "audit/seal.h"
#include "audit/secret_rules.h"
#include "scan/rules.h"
#include "pay/pay.h"
#include "util/xalloc.h"
#include "testlib.h"

/* The bundle sealed at rest: no byte of the secret in the stored form, opened only with
 * the same server key and blob name, and any change or truncation refused. */
static void test_seal_round_trip(void **state)
{
    (void)state;
    unsigned char key[32], other[32];
    memset(key, 7, sizeof key);
    memset(other, 8, sizeof other);
    const char *secret = "-const key = \"sk_live_4eC39HqLyjWDarjtT1zdp7dc\";\n";
    size_t sizes[] = {0, strlen(secret), AUDIT_SEAL_CHUNK, AUDIT_SEAL_CHUNK * 2 + 5};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t len = sizes[k];
        char *plain = xmalloc(len + 1);
        for (size_t i = 0; i < len; i++)
            plain[i] = secret[i % strlen(secret)];
        struct buf sealed = BUF_INIT, back = BUF_INIT;
        buf_init(&sealed, 0);
        buf_init(&back, 0);
        assert_int_equal(audit_seal(key, "audits/a/b.zip", plain, len, &sealed), VG_OK);
        assert_true(sealed.len > len);
        assert_null(memmem(sealed.ptr, sealed.len, "sk_live_", 8));
        assert_int_equal(audit_unseal(key, "audits/a/b.zip", sealed.ptr, sealed.len, &back),
                         VG_OK);
        assert_int_equal(back.len, len);
        assert_memory_equal(back.ptr, plain, len);
        buf_reset(&back);
        assert_int_equal(audit_unseal(other, "audits/a/b.zip", sealed.ptr, sealed.len, &back),
                         VG_ERR_INVALID);
        buf_reset(&back);
        assert_int_equal(audit_unseal(key, "audits/x/b.zip", sealed.ptr, sealed.len, &back),
                         VG_ERR_INVALID);
        buf_reset(&back);
        assert_int_equal(audit_unseal(key, "audits/a/b.zip", sealed.ptr, sealed.len - 1, &back),
                         VG_ERR_INVALID);
        if (len > AUDIT_SEAL_CHUNK) { /* a whole last chunk dropped */
            buf_reset(&back);
            assert_int_equal(audit_unseal(key, "audits/a/b.zip", sealed.ptr,
                                          sealed.len - (5 + 17), &back),
                             VG_ERR_INVALID);
        }
        sealed.ptr[sealed.len / 2] ^= 1;
        buf_reset(&back);
        assert_int_equal(audit_unseal(key, "audits/a/b.zip", sealed.ptr, sealed.len, &back),
                         VG_ERR_INVALID);
        buf_release(&sealed);
        buf_release(&back);
        free(plain);
    }
}

/* Secret findings by rule metadata: the secret family (category, the secrets/ pack) and
 * `evidence: secret` code rules; not rules whose ids merely hold "token", "password" or
 * "credentials" (the heuristic on ids this replaced said yes to all of these). */
static void test_secret_rules_by_metadata(void **state)
{
    (void)state;
    assert_true(audit_rule_is_secret("secret", "rules/secrets/aws.yaml", false));
    assert_true(audit_rule_is_secret("cloud", "secrets/aws.yaml", false));
    assert_true(audit_rule_is_secret("auth", "rules/code/auth.yaml", true));
    assert_false(audit_rule_is_secret("auth", "rules/code/mysecrets/auth.yaml", false));
    assert_false(audit_rule_is_secret("crypto", NULL, false));
    struct rule_set set = {0};
    struct buf err = BUF_INIT;
    buf_init(&err, 0);
    assert_int_equal(rules_load(&set, true, NULL, 0, &err), 0);
    static const struct {
        const char *id;
        bool secret;
    } want[] = {
        {"stripe-live-secret-key", true},       {"aws-access-key-id", true},
        {"js-hardcoded-session-secret", true},  {"js-hardcoded-hmac-key", true},
        {"py-hardcoded-hmac-key", true},        {"py-hardcoded-secret-key", true},
        {"js-jwt-hardcoded-secret", true},      {"js-insecure-random-token", false},
        {"js-weak-password-hash", false},       {"js-cors-any-origin-with-credentials", false},
        {"config-supabase-table-without-rls", false},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        const struct rule *r = NULL;
        for (size_t i = 0; i < set.n && r == NULL; i++)
            if (strcmp(set.rules[i].id, want[k].id) == 0)
                r = &set.rules[i];
        assert_non_null(r);
        if (audit_rule_is_secret(r->category, r->source, r->evidence_secret) != want[k].secret)
            fail_msg("%s: expected %s", want[k].id, want[k].secret ? "secret" : "not secret");
    }
    rules_release(&set);
    buf_release(&err);
}

static void test_prices_and_quote(void **state)
{
    (void)state;
    int64_t p[AUDIT_TIERS];
    assert_true(audit_prices_parse(AUDIT_DEFAULT_PRICES, p));
    assert_int_equal(p[AUDIT_FOUNDER_SHIELD], 14900);
    assert_false(audit_prices_parse("launch_check=1,founder_shield=2", p));
    assert_false(audit_prices_parse("launch_check=1,launch_check=2,elite_audit=3", p));
    assert_false(audit_prices_parse("launch_check=-1,founder_shield=2,elite_audit=3", p));
    assert_false(audit_prices_parse("launch_check=1x,founder_shield=2,elite_audit=3", p));
    struct audit_quote_input empty = {0};
    assert_int_equal(audit_quote_cents(4900, &empty), 4900);
    struct audit_quote_input big = {50.0, 8 * 1024 * 1024, {2, 4, 8, 0, 0}};
    /* 1 + 0.5 + 0.1*log2(9) (0.317) + (6+8+8)/40 (0.55) = 2.367 -> 115.98 -> 116.00 */
    assert_int_equal(audit_quote_cents(4900, &big), 11600);
    struct audit_quote_input huge = {100.0, (int64_t)1 << 40, {1000, 0, 0, 0, 0}};
    assert_int_equal(audit_quote_cents(10000, &huge), 35000); /* 1+1+0.5+1 = 3.5 */
    assert_true(audit_currency_valid("EUR"));
    assert_false(audit_currency_valid("eur"));
    int64_t c = 0;
    assert_true(pay_amount_parse("149.00", &c) && c == 14900);
    assert_true(pay_amount_parse("149.5", &c) && c == 14950);
    assert_true(pay_amount_parse("7", &c) && c == 700);
    assert_false(pay_amount_parse("1.234", &c));
    assert_false(pay_amount_parse("-1", &c));
    char s[32];
    pay_amount_format(14905, s);
    assert_string_equal(s, "149.05");
}

/* Apply diff to a tree holding (path, old) with git and compare with want. */
static void check_git_apply(const char *path, const char *old, const char *diff, const char *want)
{
    char dir[256];
    assert_non_null(test_mkdtemp(dir, sizeof dir, "audit-diff"));
    char *cmd = xasprintf("cd %s && git init -q . && mkdir -p \"$(dirname '%s')\"", dir, path);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    char *fp = xasprintf("%s/%s", dir, path);
    if (old != NULL) {
        FILE *f = fopen(fp, "w");
        fputs(old, f);
        fclose(f);
    }
    char *dp = xasprintf("%s/x.diff", dir);
    FILE *f = fopen(dp, "w");
    fputs(diff, f);
    fclose(f);
    cmd = xasprintf("cd %s && git apply --check x.diff && git apply x.diff", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    f = fopen(fp, "r");
    char got[4096] = "";
    size_t n = fread(got, 1, sizeof got - 1, f);
    got[n] = '\0';
    fclose(f);
    assert_string_equal(got, want);
    cmd = xasprintf("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(fp);
    free(dp);
}

static void test_diff_applies(void **state)
{
    (void)state;
    struct {
        const char *old, *new_;
    } cases[] = {
        {"a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n", "a\nB\nc\nd\ne\nf\ng\nh\ni\nJ\nk\nl\n"},
        {"one\ntwo", "one\ntwo\nthree\n"},       /* no newline at the end of the old */
        {"x\n", "x"},                             /* ... of the new */
        {"1\n2\n3\n", "0\n1\n2\n3\n"},            /* insertion at the top */
        {NULL, "NEW=\n"},                         /* a new file */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf b = BUF_INIT;
        buf_init(&b, 1 << 20);
        assert_int_equal(audit_diff("dir/f.txt", cases[i].old, cases[i].old ? strlen(cases[i].old) : 0,
                                    cases[i].new_, strlen(cases[i].new_), &b),
                         VG_OK);
        check_git_apply("dir/f.txt", cases[i].old, buf_cstr(&b), cases[i].new_);
        buf_release(&b);
    }
}

static struct scan_finding finding(const char *rule, const char *cat, const char *path,
                                   unsigned line, const char *evidence)
{
    struct scan_finding f;
    memset(&f, 0, sizeof f);
    f.rule_id = (char *)(uintptr_t)rule;
    f.category = (char *)(uintptr_t)cat;
    f.file_path = (char *)(uintptr_t)path;
    f.title = (char *)(uintptr_t)"t";
    f.description = (char *)(uintptr_t)"d";
    f.recommendation = (char *)(uintptr_t)"r";
    f.masked_evidence = (char *)(uintptr_t)evidence;
    f.line_start = f.line_end = line;
    f.severity = SEV_HIGH;
    return f;
}

static void test_fixers(void **state)
{
    (void)state;
    struct audit_files orig = {0};
    const char *py = "from flask import Flask\napp = Flask(__name__)\napp.secret_key = \"hunter2-long-secret\"\n";
    const char *js = "res.cookie(\"session\", sid);\nconst k = { accessKeyId: \"AKIAABCDEFGHIJKLMNOP\" };\n";
    const char *docker = "FROM python:3.12\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";
    const char *sql = "create table public.notes (\n  id uuid primary key,\n  user_id uuid not null\n);\n";
    const char *rules = "service cloud.firestore {\n  match /users/{userId} {\n    allow read, write: if true;\n  }\n}\n";
    audit_files_put(&orig, "app.py", py, strlen(py));
    audit_files_put(&orig, "web/a.js", js, strlen(js));
    audit_files_put(&orig, "Dockerfile", docker, strlen(docker));
    audit_files_put(&orig, "supabase/m.sql", sql, strlen(sql));
    audit_files_put(&orig, "firestore.rules", rules, strlen(rules));
    struct scan_finding f[] = {
        finding("py-hardcoded-secret-key", "auth", "app.py", 3, "****"),
        finding("js-cookie-without-httponly", "auth", "web/a.js", 1, ".cookie(\"session\","),
        finding("aws-access-key-id", "secret", "web/a.js", 2, "AKIA****"),
        finding("config-dockerfile-runs-as-root", "config", "Dockerfile", 1, ""),
        finding("config-supabase-table-without-rls", "config", "supabase/m.sql", 1, ""),
        finding("config-firebase-rules-write-if-true", "config", "firestore.rules", 3, ""),
        finding("js-eval-request-data", "injection", "web/a.js", 1, "eval"),
    };
    size_t n = sizeof f / sizeof f[0];
    struct audit_fix_result r;
    audit_fix_run(f, n, &orig, &r);
    assert_int_equal(r.fix_count, 6);
    assert_false(r.fixed[6]);
    const struct audit_file *o = audit_files_get(&r.changed, "app.py");
    assert_non_null(o);
    assert_non_null(strstr(o->data, "import os\n"));
    assert_non_null(strstr(o->data, "app.secret_key = os.environ[\"SECRET_KEY\"]"));
    assert_null(strstr(o->data, "hunter2"));
    o = audit_files_get(&r.changed, "web/a.js");
    assert_non_null(strstr(o->data, "accessKeyId: process.env.ACCESS_KEY_ID"));
    assert_non_null(strstr(o->data, "sid, { httpOnly: true, secure: true, sameSite: \"lax\" })"));
    assert_non_null(strstr(audit_files_get(&r.changed, "Dockerfile")->data, "USER 10001:10001\nCMD"));
    assert_non_null(strstr(audit_files_get(&r.changed, "supabase/m.sql")->data,
                           "alter table public.notes enable row level security;\ncreate policy"));
    assert_non_null(strstr(audit_files_get(&r.changed, "firestore.rules")->data,
                           "allow read, write: if request.auth != null && request.auth.uid == userId;"));
    assert_string_equal(audit_files_get(&r.changed, ".gitignore")->data, ".env\n");
    o = audit_files_get(&r.changed, ".env.example");
    assert_non_null(strstr(o->data, "SECRET_KEY=\n"));
    assert_non_null(strstr(o->data, "ACCESS_KEY_ID=\n"));
    assert_non_null(strstr(buf_cstr(&r.diff), "new file mode 100644\n--- /dev/null\n+++ b/.gitignore"));

    /* The report quotes none of the secrets and lists every finding. */
    struct audit_doc d = {"id", "founder_shield", "Founder Shield", "demo", f, n, r.fixed,
                          r.what, NULL, 10, 20, 30, 40, r.fix_count, true, false, 0};
    char *md = audit_report_markdown(&d);
    assert_non_null(strstr(md, "**Launch-readiness score: 10.0 / 100**"));
    assert_non_null(strstr(md, "Applying the fix bundle (6 fixes): 10.0 → **40.0**"));
    assert_null(strstr(md, "hunter2"));
    free(md);
    audit_fix_release(&r, n);
    audit_files_release(&orig);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seal_round_trip),
        cmocka_unit_test(test_secret_rules_by_metadata),
        cmocka_unit_test(test_prices_and_quote),
        cmocka_unit_test(test_diff_applies),
        cmocka_unit_test(test_fixers),
    };
    return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
