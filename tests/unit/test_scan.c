/*
 * test_scan.c - the engine on in-memory files: value checks, globs, languages, matching,
 * overlaps, suppression, fingerprints and the rule tests of tests/scan/rules/.
 * Run from the repository root (make test-unit does).
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
#include <sodium.h>

#include "scan/checks.h"
#include "scan/engine.h"
#include "scan/report.h"
#include "scan/rules.h"
#include "testlib.h"
#include "util/embedded.h"

#define TEST_RULES "tests/scan/rules"
#define GH_OK "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"
#define GH_BAD "ghp_Ky9Pf34qY6Nb3wWD25RQ4F5ZR3qa7y3gm1IM"

static struct scan_engine *eng;

static int setup(void **state)
{
    (void)state;
    static const char *const dirs[] = {TEST_RULES};
    struct scan_engine_config cfg = {false, dirs, 1, NULL};
    return test_engine_load(&cfg, &eng);
}

static int teardown(void **state)
{
    (void)state;
    scan_engine_free(eng);
    return 0;
}

static void scan_str(const char *path, const char *text, struct scan_result *res,
                     const struct scan_options *o)
{
    struct scan_options opt;
    if (o == NULL) {
        scan_options_init(&opt);
        o = &opt;
    }
    assert_int_equal(scan_buffer(eng, path, text, strlen(text), o, res), VG_OK);
}

static void test_entropy(void **state)
{
    (void)state;
    assert_true(checks_entropy("aaaa", 4) < 0.01);
    assert_true(checks_entropy("abcd", 4) > 1.99);
    assert_true(checks_entropy(GH_OK, strlen(GH_OK)) > 4.0);
}

/* A generic value under a setting that names a provider of the table: a near-miss of the
 * provider's shape (a few characters short, a password's '$' added) is that provider's
 * rule's to judge; a value that fits, or of another format altogether (base64 where the
 * table says 40 alphanumerics), or a name of no provider, stays. */
static void test_named_shape(void **state)
{
    (void)state;
    const char *hex40 = "e84f6b995ec40ecc6658356044847ffb31a0b2c3";
    const char *name = "WANDB_API_KEY = '";
    assert_false(checks_named_shape_reject(name, strlen(name), hex40, 40));
    assert_true(checks_named_shape_reject(name, strlen(name), hex40, 34));
    const char *camel = "  bitmexSecret := \"";
    assert_true(checks_named_shape_reject(camel, strlen(camel), "IXpH-fJJiLFn--Wo7rnlXE", 22));
    assert_false(checks_named_shape_reject(camel, strlen(camel), "IXpH-fJJiLFn--Wo7rnlXEab", 24));
    const char *bar = "bitBarSecret = \"";
    assert_true(checks_named_shape_reject(bar, strlen(bar), "DyV64pq66z15thg8fh3&cd00l35lpyg7c82$",
                                          36));
    const char *bf = "BRANDFETCH_API_KEY=";
    assert_false(checks_named_shape_reject(bf, strlen(bf),
                                           "msCwu3kod43s2ad/D0em/LbIBpZq9AKE9P+H3UTno=", 44));
    /* Longer, of the alphabet: maybe a newer format (68 where the table says 64). */
    const char *kb = "kickbox_KEY = \"";
    assert_false(checks_named_shape_reject(
        kb, strlen(kb), "ttVbDGxzJoGPT4RwU6DqYgbEPXCriy1qwh3Bprlb8j9dCdnjR2y5QUybS4Ihcd6QDMO9Zb", 68));
    /* The keyword starts a word: "xwandb" names nothing; nor does a bare secret word. */
    const char *other = "xwandb_key = '";
    assert_false(checks_named_shape_reject(other, strlen(other), hex40, 34));
    const char *plain = "api_key = '";
    assert_false(checks_named_shape_reject(plain, strlen(plain), hex40, 34));
    /* A name that also names a provider of unknown shapes (geocode beside geocodio's
     * "geocod") keeps any value. */
    const char *geo = "GEOCODE_API_KEY=";
    assert_false(checks_named_shape_reject(geo, strlen(geo), hex40, 36));
    assert_true(checks_named_shape_rule("generic-secret-assignment"));
    assert_false(checks_named_shape_rule("generic-provider-name-hex-key"));
}

/* Names that say their value is no secret, and the empty input's digests. */
static void test_not_secret_names(void **state)
{
    (void)state;
    const char *fake[] = {"MOCK_DEVICE_TOKEN", "dummyHash",   "fakeApiKey", "exampleSecret",
                          "deviceToken",       "DEVICE_TOKEN", "apnsDeviceTokens",
                          "config.placeholder.token", "BOGUS_PASSWORD"};
    for (size_t i = 0; i < sizeof fake / sizeof fake[0]; i++) {
        if (!checks_name_not_secret(fake[i], strlen(fake[i])))
            fail_msg("not taken for a fake name: %s", fake[i]);
    }
    /* Whole words only: a mockingbird or a device id's token is another matter. */
    const char *real[] = {"MOCKINGBIRD_TOKEN", "deviceId",  "device_auth_key", "apiKey",
                          "examplesToken",     "TOKEN_DEVICE", "fakerSeedSecret"};
    for (size_t i = 0; i < sizeof real / sizeof real[0]; i++) {
        if (checks_name_not_secret(real[i], strlen(real[i])))
            fail_msg("taken for a fake name: %s", real[i]);
    }
    assert_true(checks_is_placeholder("da39a3ee5e6b4b0d3255bfef95601890afd80709", 40));
    assert_true(checks_is_placeholder("D41D8CD98F00B204E9800998ECF8427E", 32));
    assert_true(checks_is_placeholder(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 64));
    assert_false(checks_is_placeholder("da39a3ee5e6b4b0d3255bfef95601890afd80708", 40));
    assert_true(checks_is_placeholder("foobared", 8));
}

static void test_placeholders(void **state)
{
    (void)state;
    const char *bad[] = {"AKIAIOSFODNN7EXAMPLE",
                         "xxxxxxxxxxxxxxxx",
                         "your-api-key",
                         "${API_KEY}",
                         "{{ token }}",
                         "%TOKEN%",
                         "$TOKEN",
                         "process.env.KEY",
                         "os.getenv('X')",
                         "<token>",
                         "1234567890abcd",
                         "abcdefghijk",
                         "changeme",
                         "null",
                         "********",
                         "randompassword",
                         "MyPassword"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (!checks_is_placeholder(bad[i], strlen(bad[i])))
            fail_msg("not a placeholder: %s", bad[i]);
    }
    assert_false(checks_is_placeholder(GH_OK, strlen(GH_OK)));
    assert_false(checks_is_placeholder("daKy8isWydfhl3TvtnythpZPPPP6UeP3", 32));
    /* A random key with x and X side by side is not the xxxx of a placeholder. */
    assert_false(checks_is_placeholder("sk_live_TFcE6KtY8oqWnyRd5xXxxKYBFMZoeYwr", 40));
    assert_true(checks_is_placeholder("sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", 32));
    assert_true(checks_is_placeholder("sk_live_XXXXabcd1234efgh5678ijkl", 32));
    /* ... nor is one XXXX inside an otherwise random key (a soak run lost this one). */
    assert_false(checks_is_placeholder("sk_live_znFOMN9igG2zZBAuOT5iXXXXfipdjg4n", 40));
    assert_true(checks_is_placeholder("xoxb-xxxx-xxxx-xxxx", 19));
    assert_true(checks_is_placeholder("AKIAXXXXXXXXXXXXXXXX", 20));
    /* A long token's run by format (an Entra refresh token's .AgABAAAAAAD) is no filler; a
     * long run in a long value still is. */
    char tok[241];
    for (size_t i = 0; i < 240; i++)
        tok[i] = "Qx7vK2m9LpZr4TnW8yB3cF6hJ1dS5gA0eRuXoNiVb"[(i * 7 + i / 41) % 41];
    tok[240] = '\0';
    memcpy(tok + 60, ".AgABAAAAAAD", 12);
    assert_false(checks_is_placeholder(tok, 240));
    memset(tok + 100, 'A', 12);
    assert_true(checks_is_placeholder(tok, 240));
    /* Generic values: words, identifiers, UUIDs, paths are not secrets. */
    const char *words[] = {
        "getApiKeyFromEnvironment", "MY_SECRET_NAME",        "550e8400-e29b-41d4-a716-446655440000",
        "src/components/a.js",      "https://example.org/x", "12345678901234567"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (!checks_generic_reject(words[i], strlen(words[i])))
            fail_msg("generic value accepted: %s", words[i]);
    }
    assert_false(checks_generic_reject("daKy8isWydfhl3TvtnythpZPPPP6UeP3", 32));
    /* Base64 with side-by-side slashes (a JWT secret) is no path; real paths stay out. */
    assert_false(checks_generic_reject("Qx7vK2m//9LpZr4TnW8yB3cF6hJ1dS5gA0eR+uXoNiVb", 44));
    assert_false(checks_generic_reject("Qx7vK2m/9LpZr4TnW8yB/cF6hJ1dS5gA0eR+/XoNiVb=", 44));
    assert_false(checks_generic_reject("2c/oIF2RLKY4OkvmK1OC3wzDb/aJpbhfSs+t7zjPgUKc", 44));
    assert_true(checks_generic_reject("src/Components2/Button/index", 28));
    assert_true(checks_generic_reject("assets/Img2/logo/Header4=", 25));
    assert_true(checks_generic_reject("build//Release2/App/Main3", 25));
    /* A format string (a printf directive) and a provider's prefixed format that its own
     * rule rejected are not generic secrets; URL escapes and a '%' in a password stay. */
    const char *near[] = {"2xN7puShxzNf5fZleQthTg305l95D3gSD%c^", "kASkto5VuIO%s^HxfuG198a",
                          "cfut_ZE4CrcFhEIDXk9vL2sTLe",           "xai-W5zbfUkzlXedo7qD42AbBLlRSsyJr",
                          "bkua_hqlh73m51jtho0jh12wcf27v05z023ly-jonx"};
    for (size_t i = 0; i < sizeof near / sizeof near[0]; i++) {
        if (!checks_generic_reject(near[i], strlen(near[i])))
            fail_msg("near-miss accepted: %s", near[i]);
    }
    /* A provider's suffix judges the value as its prefix does (New Relic's -NRMA). */
    assert_true(checks_generic_reject("AA3f9c2b7e1d0a4c6b8e2f1a9d7c5b3e0f4a6c8-NRMA", 44));
    /* Filler punctuation (a run of four) is not part of a generated credential; two in a
     * row, or base64 padding, may be. */
    assert_true(checks_generic_reject("HRKU-q7vK2m9lpZr4tnw8yB3cf____6hj1dS5ga0eruxon", 46));
    assert_true(checks_generic_reject("q7vK2m9lpZr4tnw8yB3cf----6hj1dS5ga0eruxon", 41));
    assert_false(checks_generic_reject("Qx7vK2m/9LpZr4TnW8yB3cF6hJ1dS5gA0eR+uXoNiVb4wZ2==", 49));
    assert_false(checks_generic_reject("q7vK2m9lpZr4tnw8yB3cf__6hj1dS5ga0eruxon", 39));
    assert_false(checks_generic_reject("Qx7vK2m9Lp%2BZr4TnW8yB3cF6h", 27));
    assert_false(checks_generic_reject("Qx7vK2m9Lp%HqZr4TnW8yB3cF6h", 27));
    assert_false(checks_generic_reject("Qx7vK2m9Lp%dZr4TnW8yB3cF6h", 26));
    /* A prefix several providers share is no one provider's to judge. */
    assert_false(checks_generic_reject("sk_test_14a67eEd-21Fd-B18d-2B8D-275697febE7D", 44));
    /* Base64 (a Kubernetes Secret's data:) of a placeholder, prose or a URL without
     * credentials is rejected; of a key (printable or binary), of a URL with one, kept. */
    const char *b64_not[] = {
        "eW91cl9hcGlfdG9rZW5faGVyZQ==",                     /* your_api_token_here */
        "MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw", /* 00000000-0000-... */
        "aHR0cHM6Ly9ob29rcy5vcmJpdC5kZXYvaW5ib3VuZC92Mg==", /* https://hooks.orbit.dev/... */
        "dGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcw==",             /* the quick brown fox jumps */
    };
    for (size_t i = 0; i < sizeof b64_not / sizeof b64_not[0]; i++) {
        if (!checks_generic_reject(b64_not[i], strlen(b64_not[i])))
            fail_msg("base64 of a non-secret accepted: %s", b64_not[i]);
    }
    const char *b64_key[] = {
        "YmE1N2Q1MGQ1ZmNjNDg0YmEwOWVmM2U1YTQzZWI5MTE=", /* 32 hex digits */
        "cG9zdGdyZXM6Ly9hcHA6N3J3RjBvMVZuNFlZQGRiLmludGVybmFsOjU0MzIvb3JkZXJz",
        "Qx7vK2m/9LpZr4TnW8yB/cF6hJ1dS5gA0eR+/XoNiVb=", /* decodes to binary */
    };
    for (size_t i = 0; i < sizeof b64_key / sizeof b64_key[0]; i++) {
        if (checks_generic_reject(b64_key[i], strlen(b64_key[i])))
            fail_msg("base64 of a key rejected: %s", b64_key[i]);
    }
}

static void test_checksums(void **state)
{
    (void)state;
    assert_true(checks_checksum(CHECKSUM_GITHUB_CRC32, GH_OK, strlen(GH_OK)));
    assert_false(checks_checksum(CHECKSUM_GITHUB_CRC32, GH_BAD, strlen(GH_BAD)));
    assert_true(checks_checksum(CHECKSUM_LUHN, "4111111111111111", 16));
    assert_false(checks_checksum(CHECKSUM_LUHN, "4111111111111112", 16));
    const char *jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2ln";
    assert_true(checks_checksum(CHECKSUM_JWT, jwt, strlen(jwt)));
    assert_false(checks_checksum(CHECKSUM_JWT, "eyJub3RoaW5nIjoxfQ.e30.x", 23));
    /* A header that decodes to binary or ends mid-string (a corrupted segment), a header
     * alone, and jwt.io's sample token (sub "1234567890", name "John Doe") are not
     * credentials. */
    const char *not_jwt[] = {
        "eyJhbGciOiJIUzI1NiIsInR5cCVCJ9.eyJzdWIiOiIxIn0.c2ln",
        "eyJhbGciOiJIUzI1NiJ9",
        ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi"
         "aWF0IjoxNTE2MjM5MDIyfQ.c2ln"),
    };
    for (size_t i = 0; i < sizeof not_jwt / sizeof not_jwt[0]; i++) {
        if (checks_checksum(CHECKSUM_JWT, not_jwt[i], strlen(not_jwt[i])))
            fail_msg("not a JWT accepted: %s", not_jwt[i]);
    }
    /* A made-up payload (test suites' stand-ins for real tokens) stays a JWT. */
    const char *made_up = "eyJhbGciOiJIUzI1NiJ9.eyJ5nzGXjcjJ2CaJVf8LF1cNVd07A4XSYHvHK1MQ.c2ln";
    assert_true(checks_checksum(CHECKSUM_JWT, made_up, strlen(made_up)));
}

static void test_globs_languages(void **state)
{
    (void)state;
    assert_true(checks_glob("**/.env", ".env"));
    assert_true(checks_glob("**/.env", "a/b/.env"));
    assert_true(checks_glob(".env.*", "config/.env.local"));
    assert_false(checks_glob(".env.*", "config/.env"));
    assert_true(checks_glob("src/*.ts", "src/a.ts"));
    assert_false(checks_glob("src/*.ts", "src/x/a.ts"));
    assert_true(checks_glob("src/**/*.ts", "src/x/y/a.ts"));
    assert_true(checks_glob("*.min.js", "dist/app.min.js"));
    assert_true(checks_glob("[Dd]ockerfile", "x/Dockerfile"));
    /* The literal-tail shortcut: a path must end with what follows the last wildcard. */
    assert_true(checks_glob("**/.next/static/**/*.map", "a/.next/static/x/y.map"));
    assert_false(checks_glob("**/.next/static/**/*.map", "a/.next/static/x/y.mapx"));
    assert_true(checks_glob("webpack.config.js", "app/webpack.config.js"));
    assert_false(checks_glob("webpack.config.js", "app/my-webpack.config.js"));
    assert_true(checks_glob("**/app/**/route.ts", "app/route.ts"));
    assert_string_equal(checks_language("a/b.tsx"), "typescript");
    assert_string_equal(checks_language("Dockerfile"), "dockerfile");
    assert_string_equal(checks_language(".env.production"), "dotenv");
    assert_null(checks_language("LICENSE"));
    assert_true(checks_context_path("test/fixtures/a.js"));
    assert_true(checks_context_path("src/a.test.ts"));
    assert_true(checks_context_path(".env.example"));
    assert_false(checks_context_path("src/app.ts"));
    assert_true(checks_is_manifest("web/package-lock.json"));
}

static void test_finding_shape(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_str("src/config.js", "// line 1\nconst t = \"" GH_OK "\";\n", &res, NULL);
    assert_int_equal(res.n_findings, 1);
    const struct scan_finding *f = &res.findings[0];
    assert_string_equal(f->rule_id, "test-github-pat");
    assert_string_equal(f->category, "secret");
    assert_int_equal(f->severity, SEV_CRITICAL);
    assert_int_equal(f->confidence, CONF_HIGH); /* checksum verified */
    assert_int_equal(f->line_start, 2);
    assert_int_equal(f->line_end, 2);
    assert_string_equal(f->file_path, "src/config.js");
    assert_string_equal(f->masked_evidence, "ghp_Ky9P****");
    assert_null(strstr(f->masked_evidence, GH_OK));
    assert_int_equal(strlen(f->fingerprint), SCAN_FINGERPRINT_HEX);
    char fp1[SCAN_FINGERPRINT_HEX + 1];
    memcpy(fp1, f->fingerprint, sizeof fp1);
    scan_result_release(&res);

    /* Same secret elsewhere: same fingerprint. Another key: another fingerprint. */
    scan_str("other/place.env", "\n\nX=" GH_OK "\n", &res, NULL);
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].fingerprint, fp1);
    scan_result_release(&res);
    struct scan_options o;
    scan_options_init(&o);
    o.fingerprint_key = (const unsigned char *)"server-secret-key-0123456789";
    o.fingerprint_key_len = strlen("server-secret-key-0123456789");
    scan_str("src/config.js", GH_OK, &res, &o);
    assert_int_equal(res.n_findings, 1);
    assert_string_not_equal(res.findings[0].fingerprint, fp1);
    scan_result_release(&res);
}

static void test_rejections(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_str("a.env", "T=" GH_BAD "\nK=AKIAIOSFODNN7EXAMPLE\n", &res, NULL);
    /* A failed checksum keeps the token at low confidence and says why; the placeholder
     * key is rejected. */
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].rule_id, "test-github-pat");
    assert_int_equal(res.findings[0].confidence, CONF_LOW);
    assert_non_null(strstr(res.findings[0].description, "checksum does not verify"));
    scan_result_release(&res);
    scan_str("a.env", "T=" GH_OK "\n", &res, NULL);
    assert_int_equal(res.findings[0].confidence, CONF_HIGH);
    assert_non_null(strstr(res.findings[0].description, "checksum verifies"));
    /* A NUL early on makes the file binary: ignored. */
    scan_result_release(&res);
    static const char bin[] = "\0\1\2" GH_OK;
    assert_int_equal(scan_buffer(eng, "a.bin", bin, sizeof bin,
                                 &(struct scan_options){.max_file_size = 1 << 20}, &res),
                     VG_OK);
    assert_int_equal(res.n_findings, 0);
    assert_int_equal(res.stats.ignored_files, 1);
    scan_result_release(&res);
}

static void test_overlap_specific_wins(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    /* Both generic-api-key and test-github-pat match: only the specific one stays. */
    scan_str("a.js", "const api_key = \"" GH_OK "\";\n", &res, NULL);
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].rule_id, "test-github-pat");
    scan_result_release(&res);
}

static void test_overlap_loses_flag(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    /* test-uuid-key-assignment (loses_overlaps: true) and test-acme-uuid-key read the same
     * UUID: the provider rule's finding alone stays, at its own severity. */
    scan_str("a.py", "acme_key = \"7c2f4e1a-58b9-4d0e-a6c3-91e2b7d4f085\"\n", &res, NULL);
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].rule_id, "test-acme-uuid-key");
    assert_int_equal(res.findings[0].severity, SEV_HIGH);
    scan_result_release(&res);
    /* Alone, the flagged rule reports. */
    scan_str("b.py", "other_key = \"7c2f4e1a-58b9-4d0e-a6c3-91e2b7d4f085\"\n", &res, NULL);
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].rule_id, "test-uuid-key-assignment");
    scan_result_release(&res);
}

static void test_context_confidence(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_str("test/fixtures/keys.py", "aws_access_key_id = AKIAT7V4SEH2KVJ72CEU\n", &res, NULL);
    assert_int_equal(res.n_findings, 1);
    assert_int_equal(res.findings[0].confidence, CONF_LOW);
    /* at most medium, and the description says why */
    assert_int_equal(res.findings[0].severity, SEV_MEDIUM);
    assert_non_null(strstr(res.findings[0].description, "Rated medium at most"));
    scan_result_release(&res);
    /* the same key in the app's own code keeps its severity and confidence */
    scan_str("src/keys.py", "aws_access_key_id = AKIAT7V4SEH2KVJ72CEU\n", &res, NULL);
    assert_int_equal(res.n_findings, 1);
    assert_int_equal(res.findings[0].severity, SEV_HIGH);
    assert_null(strstr(res.findings[0].description, "Rated medium at most"));
    scan_result_release(&res);
    /* a document is context too */
    scan_str("docs/setup.md", "aws_access_key_id = AKIAT7V4SEH2KVJ72CEU\n", &res, NULL);
    assert_int_equal(res.n_findings, 1);
    assert_int_equal(res.findings[0].severity, SEV_MEDIUM);
    scan_result_release(&res);
}

static void test_inline_ignore(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_str("a.env",
             "A=" GH_OK " # vega:ignore\n"
             "# vega:ignore test-github-pat\n"
             "B=" GH_OK "\n"
             "# vega:ignore:test-aws-access-key-id\n"
             "C=" GH_OK "\n"
             "D=AKIAT7V4SEH2KVJ72CEU # vega:ignore test-aws-access-key-id\n",
             &res, NULL);
    assert_int_equal(res.n_findings, 1);
    assert_int_equal(res.findings[0].line_start, 5);
    assert_int_equal(res.stats.suppressed, 3);
    scan_result_release(&res);
}

static void test_vegaignore_and_baseline(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    struct scan_options o;
    scan_options_init(&o);
    o.vegaignore_text = "# comment\nrule:test-aws-access-key-id\n";
    scan_str("a.env", "A=" GH_OK "\nK=AKIAT7V4SEH2KVJ72CEU\n", &res, &o);
    assert_int_equal(res.n_findings, 1);
    char fp[SCAN_FINGERPRINT_HEX + 1];
    memcpy(fp, res.findings[0].fingerprint, sizeof fp);
    scan_result_release(&res);

    char *vi = NULL;
    assert_true(asprintf(&vi, "fingerprint:%s\n", fp) > 0);
    o.vegaignore_text = vi;
    scan_str("b.env", "X=" GH_OK "\n", &res, &o);
    assert_int_equal(res.n_findings, 0);
    scan_result_release(&res);
    free(vi);

    o.vegaignore_text = "fixtures/\n/only/root.env\n";
    scan_str("a/fixtures/x.env", "X=" GH_OK "\n", &res, &o);
    assert_int_equal(res.n_findings, 0);
    scan_result_release(&res);
    scan_str("only/root.env", "X=" GH_OK "\n", &res, &o);
    assert_int_equal(res.n_findings, 0);
    scan_result_release(&res);
    scan_str("x/only/root.env", "X=" GH_OK "\n", &res, &o);
    assert_int_equal(res.n_findings, 1);
    scan_result_release(&res);

    const char *base[] = {fp};
    o.vegaignore_text = NULL;
    o.baseline_fingerprints = base;
    o.n_baseline = 1;
    scan_str("c.env", "X=" GH_OK "\nK=AKIAT7V4SEH2KVJ72CEU\n", &res, &o);
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].rule_id, "test-aws-access-key-id");
    scan_result_release(&res);
}

static void test_filters_and_file_rules(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_str("server.ts", "import express from 'express';\nconst app = express();\n", &res, NULL);
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].rule_id, "test-express-no-helmet");
    assert_int_equal(res.findings[0].line_start, 2);
    scan_result_release(&res);
    scan_str("sub/.gitignore", "node_modules\n", &res, NULL);
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].rule_id, "test-gitignore-env");
    assert_int_equal(res.findings[0].line_start, 1);
    scan_result_release(&res);
    /* Prefilter rule (lookahead): confirmed by PCRE2 with context after the hit. */
    scan_str("x.yaml", "url: postgres://u:Qm9vZ2xlZ0aPk3x@db.internal/app\n", &res, NULL);
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].rule_id, "test-password-lookahead");
    /* A 16-character password: no public prefix, too short to show 4 characters. */
    assert_string_equal(res.findings[0].masked_evidence, "****");
    scan_result_release(&res);
}

static void test_near_matches_and_file_findings(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    /* Two matches of one rule closer than its width (two secrets of a .env, keys side by side
     * in a bundle): the leftmost match in the second hit's window is the first one, which
     * used to be dropped as a repeat, losing the second secret. */
    scan_str("a.js",
             "const api_key = \"Qm9vZ2xlZ0aPk3xLw8Rt\";\nconst auth_token = \"Zr8mQ2xLp9Vt4Kw7Hd3F\";\n",
             &res, NULL);
    assert_int_equal(res.n_findings, 2);
    assert_int_equal(res.findings[0].line_start, 1);
    assert_int_equal(res.findings[1].line_start, 2);
    scan_result_release(&res);
    /* The same for a prefilter rule (a lookahead: PCRE2 confirms around an approximate end). */
    scan_str("x.yaml",
             "a: postgres://u:Qm9vZ2xlZ0aPk3x@db.internal/app\n"
             "b: postgres://v:Zr8mQ2xLp9Vt4Kw7@db.internal/app\n",
             &res, NULL);
    assert_int_equal(res.n_findings, 2);
    assert_string_equal(res.findings[1].rule_id, "test-password-lookahead");
    assert_int_equal(res.findings[1].line_start, 2);
    scan_result_release(&res);
    /* A file-level finding covers no bytes: the secret on its line stays a finding. */
    scan_str("sub/.gitignore", "api_key = \"Qm9vZ2xlZ0aPk3xLw8Rt\"\n", &res, NULL);
    assert_int_equal(res.n_findings, 2);
    scan_result_release(&res);
}

static void test_reports(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_str("a.env", "A=" GH_OK "\nB=" GH_OK "\nK=AKIAT7V4SEH2KVJ72CEU\n", &res, NULL);
    assert_int_equal(res.n_findings, 3);
    struct buf b = BUF_INIT;
    assert_int_equal(report_json(&res, &b), VG_OK);
    assert_null(strstr(buf_cstr(&b), GH_OK));
    assert_non_null(strstr(buf_cstr(&b), "\"fingerprint\""));
    /* A file of its own (the build directory may be build-asan/, or not exist). */
    char path[256];
    int fd = test_mkstemp(path, sizeof path, "test-scan-report");
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fwrite(b.ptr, 1, b.len, f);
    fclose(f);
    buf_reset(&b);
    assert_int_equal(report_sarif(&res, eng, &b), VG_OK);
    /* rules[] has each rule once although two results share one. */
    const char *s = buf_cstr(&b);
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, "\"shortDescription\"")) != NULL; p++)
        n++;
    assert_int_equal(n, 2);
    assert_non_null(strstr(s, "partialFingerprints"));
    assert_null(strstr(s, GH_OK));
    buf_release(&b);
    char **fps = NULL;
    size_t nf = 0;
    assert_int_equal(report_baseline_load(path, &fps, &nf), VG_OK);
    unlink(path);
    assert_int_equal(nf, 3);
    report_baseline_free(fps, nf);
    scan_result_release(&res);
}

static void test_line_stats(void **state)
{
    (void)state;
    const char *texts[] = {"a\nb\n", "a\nb", "\n\n\n\n\n\n\n\n\n\n\n\n",
                           "0123456789abcdef\n0123456789\n\nx", ""};
    const unsigned long expect[] = {2, 2, 12, 4, 0};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct scan_result res = SCAN_RESULT_INIT;
        scan_str("f.txt", texts[i], &res, NULL);
        assert_int_equal(res.stats.lines, expect[i]);
        scan_result_release(&res);
    }
}

static void test_rule_tests(void **state)
{
    (void)state;
    static const char *const dirs[] = {TEST_RULES};
    struct scan_engine_config cfg = {false, dirs, 1, NULL};
    FILE *devnull = fopen("/dev/null", "w");
    assert_int_equal(scan_rules_test(&cfg, devnull, false), 0);
    fclose(devnull);
}

static void test_bad_rules(void **state)
{
    (void)state;
    static const char *const dirs[] = {"tests/scan/bad-rules"};
    struct scan_engine_config cfg = {false, dirs, 1, NULL};
    struct scan_engine *bad = NULL;
    struct buf err = BUF_INIT;
    assert_int_equal(scan_engine_load(&cfg, &bad, &err), VG_ERR_INVALID);
    const char *e = buf_cstr(&err);
    assert_non_null(strstr(e, "unbounded"));
    assert_non_null(strstr(e, "no examples"));
    assert_non_null(strstr(e, "secret_group"));
    assert_non_null(strstr(e, "empty string"));
    assert_non_null(strstr(e, "unknown field"));
    assert_non_null(strstr(e, "unknown value for 'loses_overlaps'"));
    assert_non_null(strstr(e, "'prefilter_outside_strings' applies to tree rules only"));
    assert_non_null(strstr(e, "unknown top-level key 'rulez'"));
    assert_non_null(strstr(e, "prefilter 'listed' is not a pattern string"));
    buf_release(&err);
    FILE *devnull = fopen("/dev/null", "w");
    assert_true(scan_rules_test(&cfg, devnull, false) >= 5);
    fclose(devnull);
}

/* The embedded pack is parsed on several threads: the set (rules, order, sources) is the one
 * a parse of one file after another gives. */
static void test_parallel_load_order(void **state)
{
    (void)state;
    struct rule_set par = {0}, ser = {0};
    struct buf err = BUF_INIT;
    buf_init(&err, 0);
    assert_int_equal(rules_load(&par, true, NULL, 0, &err), 0);
    for (const struct embedded_file *f = embedded_files; f->path != NULL; f++) {
        size_t n = strlen(f->path);
        if (strncmp(f->path, "rules/", 6) == 0 && n > 5 && strcmp(f->path + n - 5, ".yaml") == 0)
            assert_int_equal(rules_parse(&ser, f->path, f->data, f->len, &err), 0);
    }
    assert_true(par.n > 1000);
    assert_int_equal(par.n, ser.n);
    for (size_t i = 0; i < par.n; i++) {
        assert_string_equal(par.rules[i].id, ser.rules[i].id);
        assert_string_equal(par.rules[i].source, ser.rules[i].source);
        assert_string_equal(par.rules[i].title, ser.rules[i].title);
    }
    assert_int_equal(err.len, 0);
    rules_release(&par);
    rules_release(&ser);
    buf_release(&err);
}

/* Duplicate ids are reported once per later rule, in rule order, against the first rule of
 * that id, whatever the order of the ids. */
static void test_duplicate_ids(void **state)
{
    (void)state;
    char tmpl[512];
    assert_non_null(test_mkdtemp(tmpl, sizeof tmpl, "dupids"));
    static const char *const ids[2][3] = {{"zeta", "alpha", "mid"}, {"alpha", "omega", "zeta"}};
    char paths[2][600];
    for (int f = 0; f < 2; f++) {
        snprintf(paths[f], sizeof paths[f], "%s/%c.yaml", tmpl, 'a' + f);
        FILE *fh = fopen(paths[f], "w");
        assert_non_null(fh);
        fprintf(fh, "rules:\n");
        for (int i = 0; i < 3; i++)
            fprintf(fh,
                    "  - id: %s\n    title: t\n    category: injection\n    description: d\n"
                    "    recommendation: r\n    pattern: 'x%dy'\n    examples: ['x%dy']\n",
                    ids[f][i], i, i);
        fclose(fh);
    }
    const char *const dirs[] = {paths[0], paths[1]};
    struct rule_set set = {0};
    struct buf err = BUF_INIT;
    buf_init(&err, 0);
    assert_int_equal(rules_load(&set, false, dirs, 2, &err), 2);
    assert_int_equal(set.n, 6);
    char want[4096];
    snprintf(want, sizeof want,
             "%s: rule 'alpha': duplicate id (also in %s)\n"
             "%s: rule 'zeta': duplicate id (also in %s)\n",
             paths[1], paths[0], paths[1], paths[0]);
    assert_string_equal(buf_cstr(&err), want);
    rules_release(&set);
    buf_release(&err);
    for (int f = 0; f < 2; f++)
        unlink(paths[f]);
    rmdir(tmpl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entropy),
        cmocka_unit_test(test_placeholders),
        cmocka_unit_test(test_not_secret_names),
        cmocka_unit_test(test_named_shape),
        cmocka_unit_test(test_checksums),
        cmocka_unit_test(test_globs_languages),
        cmocka_unit_test(test_finding_shape),
        cmocka_unit_test(test_rejections),
        cmocka_unit_test(test_overlap_specific_wins),
        cmocka_unit_test(test_overlap_loses_flag),
        cmocka_unit_test(test_context_confidence),
        cmocka_unit_test(test_inline_ignore),
        cmocka_unit_test(test_vegaignore_and_baseline),
        cmocka_unit_test(test_filters_and_file_rules),
        cmocka_unit_test(test_near_matches_and_file_findings),
        cmocka_unit_test(test_reports),
        cmocka_unit_test(test_line_stats),
        cmocka_unit_test(test_rule_tests),
        cmocka_unit_test(test_bad_rules),
        cmocka_unit_test(test_parallel_load_order),
        cmocka_unit_test(test_duplicate_ids),
    };
    return cmocka_run_group_tests_name("scan", tests, setup, teardown);
}
