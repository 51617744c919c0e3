/*
 * test_mask.c - the evidence masker (src/scan/mask.c) with the embedded rule pack: public
 * prefixes (from `prefix` or derived from patterns), the cap of prefix + 4 characters,
 * secrets inside code text (the secret rules' patterns, keyword detectors, the entropy
 * guard), text that must stay as it is, and the engine's findings end to end.
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

#include "scan/engine_int.h"
#include "testlib.h"

#define STRIPE "sk_live_51Hx8qLkR4tY7uWz9PbN3mVcQ2"
#define AWS_ID "AKIAQ7KXW3MZ4RT2YB5N"
#define AWS_SECRET "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"
#define GH_TOKEN "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"
#define PASSWORD "S3cr3tPassw0rd9"

static struct scan_engine *eng;
static struct mask_ctx *mk;

static int setup(void **state)
{
    (void)state;
    struct scan_engine_config cfg = {true, NULL, 0, test_engine_cache()};
    if (test_engine_load(&cfg, &eng) != 0)
        return -1;
    mk = mask_ctx_new(eng);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    mask_ctx_free(mk);
    scan_engine_free(eng);
    return 0;
}

static const struct rule *rule_by_id(const char *id)
{
    for (size_t i = 0; i < eng->set.n; i++) {
        if (strcmp(eng->set.rules[i].id, id) == 0)
            return &eng->set.rules[i];
    }
    fail_msg("no rule %s", id);
    return NULL;
}

static void expect_prefixes(const char *pattern, int group, const char *const *want, size_t n)
{
    struct strlist l = {NULL, 0};
    rules_derive_prefix(pattern, group, &l);
    if (l.n != n)
        fail_msg("%s: %zu prefixes, want %zu", pattern, l.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(l.v[i], want[i]);
        free(l.v[i]);
    }
    free(l.v);
}

static void test_derive_prefix(void **state)
{
    (void)state;
    const char *stripe[] = {"sk_live_"};
    expect_prefixes("\\b(sk_live_(?:[0-9A-Za-z]{24,34}|[0-9A-Za-z]{90,110}))\\b", 1, stripe, 1);
    const char *aws[] = {"AKIA", "ABIA", "ACCA"};
    expect_prefixes("\\b((?:AKIA|ABIA|ACCA)[A-Z2-7]{16})\\b", 1, aws, 3);
    const char *test[] = {"\001k_test_"};
    expect_prefixes("\\b([sr]k_test_[0-9A-Za-z]{24})\\b", 1, test, 1);
    const char *slack[] = {"xoxb-"};
    expect_prefixes("(?:token)=(?P<t>xoxb-[0-9]{10,13})", 1, slack, 1);
    const char *age[] = {"AGE-SECRET-KEY-1"};
    expect_prefixes("\\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\\b", 1, age, 1);
    /* No literal start, an optional first character, a group that is not the secret's. */
    expect_prefixes("key=([A-Za-z0-9]{32})", 1, NULL, 0);
    expect_prefixes("(x?oxb-[0-9]{10})", 1, NULL, 0);
    expect_prefixes("(abc)=(AKIA[A-Z]{16})", 2, (const char *[]){"AKIA"}, 1);
    expect_prefixes("(?:a|b)=(.{8})", 1, NULL, 0);
}

static void test_mask_secret(void **state)
{
    (void)state;
    char *s = mask_secret(rule_by_id("stripe-live-secret-key"), STRIPE, strlen(STRIPE));
    assert_string_equal(s, "sk_live_51Hx****");
    free(s);
    s = mask_secret(rule_by_id("aws-access-key-id"), AWS_ID, strlen(AWS_ID));
    assert_string_equal(s, "AKIA****");
    free(s);
    s = mask_secret(rule_by_id("github-personal-access-token"), GH_TOKEN, strlen(GH_TOKEN));
    assert_string_equal(s, "ghp_Ky9P****");
    free(s);
    /* No public prefix: 4 characters of a 40-character secret, none of a short one. */
    s = mask_secret(NULL, AWS_SECRET, strlen(AWS_SECRET));
    assert_string_equal(s, "k9Qz****");
    free(s);
    s = mask_secret(NULL, PASSWORD, strlen(PASSWORD));
    assert_string_equal(s, "****");
    free(s);
    /* Never a quarter of the secret: a long token shows at most 4 characters. */
    const char *long_tok = "Zq8Wv3Lm9Tx2Rb7Nc4Hf6Jd1Kg5Ps0YaQe8Wr3Ut7Io2Px9Mn4";
    s = mask_secret(NULL, long_tok, strlen(long_tok));
    assert_int_equal(strlen(s), 8);
    free(s);
}

static void expect_masked(const char *text, const char *const *secrets, size_t n_secrets,
                          const char *want_sub)
{
    char *m = mask_text(mk, text);
    for (size_t i = 0; i < n_secrets; i++) {
        /* No 6-character piece of what must stay hidden: all of a short secret, all but
         * the first 12 characters (prefix + 4 at most) of a long one. */
        size_t len = strlen(secrets[i]);
        for (size_t k = len >= 24 ? 12 : 0; k + 6 <= len; k++) {
            char piece[7];
            memcpy(piece, secrets[i] + k, 6);
            piece[6] = '\0';
            if (strstr(m, piece) != NULL)
                fail_msg("'%s' shows '%s' of %s", m, piece, secrets[i]);
        }
    }
    if (want_sub != NULL && strstr(m, want_sub) == NULL)
        fail_msg("'%s' lacks '%s'", m, want_sub);
    /* Masking masked text changes nothing. */
    char *again = mask_text(mk, m);
    assert_string_equal(again, m);
    free(again);
    free(m);
}

static void test_mask_code_text(void **state)
{
    (void)state;
    expect_masked("exec(\"curl -H 'Authorization: Bearer " STRIPE "' https://api.stripe.com\")",
                  (const char *[]){STRIPE}, 1, "Bearer sk_live_51Hx****'");
    expect_masked("os.system(\"mysql -u root -p" PASSWORD " shop < dump.sql\")",
                  (const char *[]){PASSWORD}, 1, "-p****");
    expect_masked("subprocess.run(\"mysqldump --password=" PASSWORD " db\", shell=True)",
                  (const char *[]){PASSWORD}, 1, "--password=****");
    expect_masked("exec(`sshpass -p " PASSWORD " ssh deploy@host`)", (const char *[]){PASSWORD}, 1,
                  "-p ****");
    expect_masked("db.query(\"postgres://admin:" PASSWORD "@db.internal:5432/app\")",
                  (const char *[]){PASSWORD}, 1, "admin:****@db.internal");
    expect_masked("fetch(url, {headers: {'X-Api-Key': '" AWS_SECRET "'}})",
                  (const char *[]){AWS_SECRET}, 1, "'X-Api-Key': 'k9Qz****'");
    expect_masked("exec(`aws configure set aws_access_key_id " AWS_ID " && aws configure set "
                  "aws_secret_access_key " AWS_SECRET "`)",
                  (const char *[]){AWS_ID, AWS_SECRET}, 2, "AKIA****");
    expect_masked("exec('git clone https://" GH_TOKEN "@github.com/acme/app')",
                  (const char *[]){GH_TOKEN}, 1, "ghp_Ky9P****");
    expect_masked("const conn = {password: \"" PASSWORD "\"}; exec(cmd)",
                  (const char *[]){PASSWORD}, 1, "password: \"****\"");
}

static void expect_unchanged(const char *text)
{
    char *m = mask_text(mk, text);
    if (strcmp(m, text) != 0)
        fail_msg("changed: '%s' -> '%s'", text, m);
    free(m);
}

static void test_mask_leaves_code(void **state)
{
    (void)state;
    expect_unchanged("exec(\"ls -la /usr/local/lib/node_modules/left-pad\" + dir)");
    expect_unchanged(
        "const user = await db.query(`SELECT * FROM users WHERE id = ${req.params.id}`)");
    expect_unchanged("password = req.body.password; os.system(\"useradd \" + name)");
    expect_unchanged("os.system(\"mysql -u root -p$MYSQL_PWD shop\")");
    expect_unchanged("exec(\"gcc -O2 /usr/lib/x86_64-linux-gnu/libfoo.so -o build/out\")");
    expect_unchanged("fetch(\"https://api.example.com/v1/users/profile/settings\")");
    expect_unchanged("crypto.createHmac('sha256', process.env.WEBHOOK_SIGNING_SECRET)");
    expect_unchanged("headers: {Authorization: `Bearer ${token}`}");
    expect_unchanged("element.innerHTML = getElementByIdentifierForDocumentNode(x)");
    /* The safety pass runs over every finding's description: no rule's prose changes. */
    for (size_t i = 0; i < eng->set.n; i++) {
        char *m = mask_text(mk, eng->set.rules[i].description);
        if (strcmp(m, eng->set.rules[i].description) != 0)
            fail_msg("%s: description masked to '%s'", eng->set.rules[i].id, m);
        free(m);
    }
}

static void test_mask_span_edges(void **state)
{
    (void)state;
    const char *text = "call(\"" STRIPE "\")";
    size_t key = strlen("call(\"");
    /* The evidence starts inside the key: nothing of it is shown. */
    char *m = mask_span(mk, text, strlen(text), key + 10, strlen(text));
    assert_string_equal(m, "****\")");
    free(m);
    /* It ends inside the key: the public prefix and 4 characters at most. */
    m = mask_span(mk, text, strlen(text), 0, key + 20);
    assert_string_equal(m, "call(\"sk_live_51Hx****");
    free(m);
}

static void test_cut_evidence(void **state)
{
    (void)state;
    /* Evidence cut at a fixed length (as syntax-tree findings are) inside a key. */
    expect_masked("exec(\"curl -H 'Authorization: token sk_live_51Hx8qLkR4t...",
                  (const char *[]){"sk_live_51Hx8qLkR4t"}, 1, "token ****...");
}

static void test_random_token(void **state)
{
    (void)state;
    assert_true(mask_random_token(AWS_SECRET, strlen(AWS_SECRET)));
    assert_true(mask_random_token("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", 40));
    assert_false(mask_random_token("getUserProfileSettingsById", 26));
    assert_false(mask_random_token("/usr/lib/x86_64-linux-gnu/libssl", 32));
    assert_false(mask_random_token("short9X2k", 9));
}

static void check_literals(const char *in, const char *want)
{
    char *got = mask_literals(in, strlen(in));
    assert_string_equal(got, want);
    free(got);
}

/* A hard-coded secret's evidence (`evidence: secret`): every literal goes, however weak. */
static void test_mask_literals(void **state)
{
    (void)state;
    check_literals("\"acme-notes-session-2024\"", "\"****\"");
    check_literals("Buffer.from('k3y', 'utf8')", "Buffer.from('****', '****')");
    check_literals("[\"a\", `b${x}`, '']", "[\"****\", `****`, '']");
    check_literals("'it\\'s'", "'****'");
    check_literals("'cut at the first line", "****"); /* a literal cut short: all of it */
    check_literals("sessionKey", "****");
    check_literals("", "");
}

/* The engine end to end: a code rule's match that contains keys. */
static void test_engine_code_evidence(void **state)
{
    (void)state;
    const char *src = "const { exec } = require('child_process');\n"
                      "app.get('/x', (req, res) => {\n"
                      "  exec(\"curl -H 'Authorization: Bearer " STRIPE "' -d \" + req.query.q);\n"
                      "  exec(\"mysql -u root -p" PASSWORD " -e \" + req.query.sql);\n"
                      "});\n";
    struct scan_options opt;
    scan_options_init(&opt);
    struct scan_result res = SCAN_RESULT_INIT;
    assert_int_equal(scan_buffer(eng, "server.js", src, strlen(src), &opt, &res), VG_OK);
    size_t code = 0;
    for (size_t i = 0; i < res.n_findings; i++) {
        const struct scan_finding *f = &res.findings[i];
        if (strstr(f->masked_evidence, "exec(") != NULL)
            code++;
        if (strstr(f->masked_evidence, "8qLkR4tY7uWz") != NULL ||
            strstr(f->masked_evidence, "Passw0rd") != NULL)
            fail_msg("%s shows a secret: %s", f->rule_id, f->masked_evidence);
    }
    assert_true(code >= 2);
    scan_result_release(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_derive_prefix),        cmocka_unit_test(test_mask_secret),
        cmocka_unit_test(test_mask_code_text),       cmocka_unit_test(test_mask_leaves_code),
        cmocka_unit_test(test_mask_span_edges),      cmocka_unit_test(test_random_token),
        cmocka_unit_test(test_engine_code_evidence), cmocka_unit_test(test_cut_evidence),
        cmocka_unit_test(test_mask_literals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
