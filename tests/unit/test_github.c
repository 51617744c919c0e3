/*
 * test_github.c - the GitHub source: repository names, URLs, the RS256 app JWT (verified
 * with OpenSSL against a key generated here), and github_scan_repo end to end against
 * tests/fakes/github_server.py (started with posix_spawn) serving a real .tar.gz with a
 * planted Stripe key: the finding, the error messages, the size cap, and that neither the
 * token nor the JWT reaches the log.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testlib.h"
#include <curl/curl.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "source/github.h"
#include "util/rand.h"

extern char **environ;

#define FAKE_SERVER "tests/fakes/github_server.py"
#define APP_ID "12345"
#define REPO "acme/storefront"
#define TOP "acme-storefront-abc123"

static const char stripe_rule[] = "rules:\n"
                                  "  - id: test-stripe-live-key\n"
                                  "    title: Stripe live secret key (test rule)\n"
                                  "    category: secret\n"
                                  "    severity: critical\n"
                                  "    confidence: high\n"
                                  "    pattern: '\\b(sk_live_[0-9A-Za-z]{24,99})\\b'\n"
                                  "    secret_group: 1\n"
                                  "    entropy: 3.0\n"
                                  "    description: A Stripe live secret key.\n"
                                  "    recommendation: Roll the key in the Stripe dashboard.\n"
                                  "    examples:\n"
                                  "      - 'STRIPE_SECRET_KEY=sk_live_51H8xq2LkR4tY7uWz9PbN3mVc'\n"
                                  "    negative_examples:\n"
                                  "      - 'STRIPE_SECRET_KEY=sk_live_EXAMPLEKEY'\n";

static struct {
    char dir[64];
    char key[PATH_MAX], wrong_key[PATH_MAX], pub[PATH_MAX], tarball[PATH_MAX];
    char secret[64];
    char api[64];
    pid_t pid;
    struct scan_engine *eng;
} fx = {.pid = -1};

/* ---- helpers ---- */

/* fx.dir + "/" + rel. Caller frees. */
static char *in_dir(const char *rel)
{
    char *p = NULL;
    assert_true(asprintf(&p, "%s/%s", fx.dir, rel) > 0);
    return p;
}

static int run_argv(const char *const argv[])
{
    pid_t pid;
    int st = 0;
    if (posix_spawnp(&pid, argv[0], NULL, NULL, (char *const *)(uintptr_t)argv, environ) != 0)
        return -1;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static EVP_PKEY *write_key(const char *priv, const char *pub)
{
    EVP_PKEY *k = EVP_RSA_gen(2048);
    assert_non_null(k);
    FILE *f = fopen(priv, "w");
    assert_non_null(f);
    assert_int_equal(PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL), 1);
    fclose(f);
    if (pub != NULL) {
        f = fopen(pub, "w");
        assert_non_null(f);
        assert_int_equal(PEM_write_PUBKEY(f, k), 1);
        fclose(f);
    }
    return k;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = calloc(1, (size_t)n + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

/* The repository: a planted key, a clean file, and a key under node_modules (ignored). */
static void make_tarball(void)
{
    char sfx[25];
    rand_base62(sfx, 24);
    snprintf(fx.secret, sizeof fx.secret, "sk_live_%s", sfx);
    char *cfg_dir = in_dir("src/" TOP "/config"), *nm_dir = in_dir("src/" TOP "/node_modules/pkg");
    const char *mk[] = {"mkdir", "-p", cfg_dir, nm_dir, NULL};
    assert_int_equal(run_argv(mk), 0);
    free(cfg_dir);
    free(nm_dir);
    char text[256];
    snprintf(text, sizeof text, "module.exports = {\n  stripe: \"%s\",\n};\n", fx.secret);
    static const char *const files[] = {"src/" TOP "/config/settings.js",
                                        "src/" TOP "/node_modules/pkg/index.js"};
    for (size_t i = 0; i < 2; i++) {
        char *p = in_dir(files[i]);
        write_file(p, text);
        free(p);
    }
    char *p = in_dir("src/" TOP "/README.md");
    write_file(p, "# storefront\n");
    free(p);
    char *srcdir = in_dir("src");
    const char *tar[] = {"tar", "-czf", fx.tarball, "-C", srcdir, TOP, NULL};
    assert_int_equal(run_argv(tar), 0);
    free(srcdir);
}

static int start_fake(void)
{
    int pfd[2];
    if (pipe(pfd) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pfd[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, pfd[0]);
    const char *argv[] = {
        "/usr/bin/python3", FAKE_SERVER, "--public-key", fx.pub,     "--app-id", APP_ID,
        "--repo",           REPO,        "--tarball",    fx.tarball, NULL};
    int rc = posix_spawn(&fx.pid, argv[0], &fa, NULL, (char *const *)(uintptr_t)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pfd[1]);
    if (rc != 0)
        return -1;
    char line[64] = {0};
    size_t n = 0;
    while (n < sizeof line - 1 && read(pfd[0], line + n, 1) == 1 && line[n] != '\n')
        n++;
    close(pfd[0]);
    unsigned port = 0;
    if (sscanf(line, "PORT %u", &port) != 1)
        return -1;
    snprintf(fx.api, sizeof fx.api, "http://127.0.0.1:%u", port);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    if (access(FAKE_SERVER, R_OK) != 0) {
        fprintf(stderr, "test_github: run from the repository root (%s)\n", FAKE_SERVER);
        return -1;
    }
    assert_non_null(test_mkdtemp(fx.dir, sizeof fx.dir, "gh"));
    snprintf(fx.key, sizeof fx.key, "%s/app.pem", fx.dir);
    snprintf(fx.wrong_key, sizeof fx.wrong_key, "%s/wrong.pem", fx.dir);
    snprintf(fx.pub, sizeof fx.pub, "%s/app.pub.pem", fx.dir);
    snprintf(fx.tarball, sizeof fx.tarball, "%s/repo.tar.gz", fx.dir);
    EVP_PKEY_free(write_key(fx.key, fx.pub));
    EVP_PKEY_free(write_key(fx.wrong_key, NULL));
    make_tarball();
    char *rules = in_dir("rules");
    mkdir(rules, 0700);
    char *rule_file = in_dir("rules/stripe.yaml");
    write_file(rule_file, stripe_rule);
    const char *dirs[] = {rules};
    struct scan_engine_config ec = {false, dirs, 1, NULL};
    struct buf err = BUF_INIT;
    enum vg_err e = scan_engine_load(&ec, &fx.eng, &err);
    if (e != VG_OK)
        fprintf(stderr, "rules: %s\n", buf_cstr(&err));
    buf_release(&err);
    free(rule_file);
    free(rules);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return e == VG_OK ? start_fake() : -1;
}

static int teardown(void **state)
{
    (void)state;
    if (fx.pid > 0) {
        kill(fx.pid, SIGTERM);
        waitpid(fx.pid, NULL, 0);
    }
    scan_engine_free(fx.eng);
    const char *rm[] = {"rm", "-rf", fx.dir, NULL};
    run_argv(rm);
    curl_global_cleanup();
    return 0;
}

static size_t to_buf(char *p, size_t s, size_t n, void *ud)
{
    return buf_append(ud, p, s * n) == VG_OK ? s * n : 0;
}

/* A control call to the fake: POST /_mode or GET /_stats. */
static json_t *fake_call(const char *path, const char *post)
{
    CURL *h = curl_easy_init();
    struct buf b = BUF_INIT;
    char url[128];
    snprintf(url, sizeof url, "%s%s", fx.api, path);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, to_buf);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    if (post != NULL)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, post);
    assert_int_equal(curl_easy_perform(h), CURLE_OK);
    curl_easy_cleanup(h);
    json_t *j = json_loads(buf_cstr(&b), 0, NULL);
    buf_release(&b);
    assert_non_null(j);
    return j;
}

static void fake_mode(const char *mode)
{
    char body[64];
    snprintf(body, sizeof body, "{\"mode\":\"%s\"}", mode);
    json_decref(fake_call("/_mode", body));
}

static char app_id[] = APP_ID;
static char closed_port_url[] = "http://127.0.0.1:1";

static void test_config(struct config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->github_app_id = app_id;
    cfg->github_private_key_file = fx.key;
    cfg->github_api_url = fx.api;
    cfg->max_upload_bytes = 50ul * 1024 * 1024;
}

/* github_scan_repo with stderr (the log) captured into *log (caller frees). */
static enum vg_err scan_repo(const struct config *cfg, const char *repo, struct scan_result *res,
                             char *ue, size_t ue_len, char **log)
{
    char *log_path = in_dir("log.txt");
    int saved = dup(STDERR_FILENO);
    int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, STDERR_FILENO);
    close(fd);
    struct scan_options opt;
    scan_options_init(&opt);
    opt.threads = 2;
    enum vg_err e = github_scan_repo(cfg, repo, fx.eng, &opt, res, ue, ue_len);
    dup2(saved, STDERR_FILENO);
    close(saved);
    size_t n = 0;
    *log = read_all(log_path, &n);
    free(log_path);
    return e;
}

/* ---- names, URLs ---- */

static void test_repo_names(void **state)
{
    (void)state;
    static const char *const good[] = {
        "acme/storefront", "a/b", "Acme-Corp/my.repo_2", "x/.github", "octo-org/-dash", "a/..x"};
    static const char *const bad[] = {NULL,
                                      "",
                                      "acme",
                                      "/repo",
                                      "acme/",
                                      "-acme/repo",
                                      "ac_me/repo",
                                      "acme/re po",
                                      "acme/repo/extra",
                                      "acme/.",
                                      "acme/..",
                                      "acme/repo?x",
                                      "acme/repo#x",
                                      "ac%2Fme/r",
                                      "a\nb/c",
                                      "acme/rep\xc3\xa9",
                                      "a234567890123456789012345678901234567890/repo"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_true(github_repo_name_valid(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (github_repo_name_valid(bad[i]))
            fail_msg("accepted '%s'", bad[i]);
    }
    char name[160];
    memset(name, 'r', sizeof name);
    memcpy(name, "o/", 2);
    name[102] = '\0';
    assert_true(github_repo_name_valid(name)); /* 100 characters */
    name[102] = 'r';
    name[103] = '\0';
    assert_false(github_repo_name_valid(name));
}

static void test_urls(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"https://api.github.com", "repos/a/b/installation",
         "https://api.github.com/repos/a/b/installation"},
        {"https://api.github.com/", "/repos/a/b/tarball",
         "https://api.github.com/repos/a/b/tarball"},
        {"https://ghe.example.com/api/v3//", "app/installations/7/access_tokens",
         "https://ghe.example.com/api/v3/app/installations/7/access_tokens"},
        {"http://127.0.0.1:9", "x", "http://127.0.0.1:9/x"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *u = github_url(cases[i][0], cases[i][1]);
        assert_string_equal(u, cases[i][2]);
        free(u);
    }
}

/* ---- the JWT ---- */

static json_t *b64_json(const char *s, size_t n)
{
    unsigned char bin[512];
    size_t len = 0;
    assert_int_equal(sodium_base642bin(bin, sizeof bin, s, n, NULL, &len, NULL,
                                       sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                     0);
    json_t *j = json_loadb((const char *)bin, len, 0, NULL);
    assert_non_null(j);
    return j;
}

static bool jwt_verify(EVP_PKEY *key, const char *jwt)
{
    const char *dot2 = strrchr(jwt, '.');
    unsigned char sig[1024];
    size_t sig_len = 0;
    if (sodium_base642bin(sig, sizeof sig, dot2 + 1, strlen(dot2 + 1), NULL, &sig_len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return false;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok =
        EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key) == 1 &&
        EVP_DigestVerify(md, sig, sig_len, (const unsigned char *)jwt, (size_t)(dot2 - jwt)) == 1;
    EVP_MD_CTX_free(md);
    return ok;
}

static void test_jwt(void **state)
{
    (void)state;
    size_t pem_len = 0;
    char *pem = read_all(fx.key, &pem_len);
    BIO *bio = BIO_new_mem_buf(pem, (int)pem_len);
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    assert_non_null(key);
    struct buf jwt = BUF_INIT;
    time_t now = 1760000000;
    assert_int_equal(github_app_jwt(APP_ID, pem, pem_len, now, &jwt), VG_OK);
    const char *s = buf_cstr(&jwt);
    assert_null(strpbrk(s, "=+/ \n"));
    const char *d1 = strchr(s, '.'), *d2 = strrchr(s, '.');
    assert_true(d1 != NULL && d2 > d1);
    json_t *h = b64_json(s, (size_t)(d1 - s));
    json_t *want = json_pack("{s:s,s:s}", "alg", "RS256", "typ", "JWT");
    assert_true(json_equal(h, want));
    json_t *c = b64_json(d1 + 1, (size_t)(d2 - d1 - 1));
    assert_int_equal(json_integer_value(json_object_get(c, "iat")), now - 60);
    assert_int_equal(json_integer_value(json_object_get(c, "exp")), now + 540);
    assert_int_equal(json_integer_value(json_object_get(c, "iss")), 12345);
    assert_true(jwt_verify(key, s));
    /* A flipped claims byte no longer verifies. */
    char *bad = strdup(s);
    bad[d1 - s + 3] ^= 1;
    assert_false(jwt_verify(key, bad));
    free(bad);
    /* A client id (not all digits) is a string claim. */
    buf_reset(&jwt);
    assert_int_equal(github_app_jwt("Iv1.abc123", pem, pem_len, now, &jwt), VG_OK);
    s = buf_cstr(&jwt);
    d1 = strchr(s, '.');
    d2 = strrchr(s, '.');
    json_decref(c);
    c = b64_json(d1 + 1, (size_t)(d2 - d1 - 1));
    assert_string_equal(json_string_value(json_object_get(c, "iss")), "Iv1.abc123");
    json_decref(c);
    json_decref(h);
    json_decref(want);
    buf_release_secret(&jwt);
    EVP_PKEY_free(key);
    free(pem);
}

static void test_jwt_errors(void **state)
{
    (void)state;
    struct buf jwt = BUF_INIT;
    static const char not_pem[] = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    assert_int_equal(github_app_jwt(APP_ID, not_pem, sizeof not_pem - 1, 0, &jwt), VG_ERR_INVALID);
    assert_int_equal(github_app_jwt(APP_ID, "", 0, 0, &jwt), VG_ERR_INVALID);
    /* An EC key is not RSA. */
    EVP_PKEY *ec = EVP_EC_gen("P-256");
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, ec, NULL, NULL, 0, NULL, NULL);
    char *p = NULL;
    long n = BIO_get_mem_data(bio, &p);
    assert_int_equal(github_app_jwt(APP_ID, p, (size_t)n, 0, &jwt), VG_ERR_INVALID);
    BIO_free(bio);
    EVP_PKEY_free(ec);
    size_t pem_len = 0;
    char *pem = read_all(fx.key, &pem_len);
    assert_int_equal(github_app_jwt("", pem, pem_len, 0, &jwt), VG_ERR_VALIDATION);
    assert_int_equal(github_app_jwt("12\"3", pem, pem_len, 0, &jwt), VG_ERR_VALIDATION);
    assert_int_equal(jwt.len, 0);
    free(pem);
    buf_release(&jwt);
}

/* ---- end to end against the fake GitHub ---- */

static void assert_no_secrets(const char *log, const char *ue)
{
    json_t *st = fake_call("/_stats", NULL);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(st, "tokens"), i, v)
    {
        assert_null(strstr(log, json_string_value(v)));
        assert_null(strstr(ue, json_string_value(v)));
    }
    json_array_foreach(json_object_get(st, "jwts"), i, v)
    {
        assert_null(strstr(log, json_string_value(v)));
    }
    assert_null(strstr(log, "eyJ")); /* no JWT piece at all */
    assert_null(strstr(log, fx.secret));
    assert_int_equal(json_integer_value(json_object_get(st, "auth_leaked")), 0);
    assert_int_equal(json_integer_value(json_object_get(st, "bad_headers")), 0);
    json_decref(st);
}

static void test_scan_ok(void **state)
{
    (void)state;
    fake_mode("ok");
    struct config cfg;
    test_config(&cfg);
    struct scan_result res = SCAN_RESULT_INIT;
    char ue[256] = "x";
    char *log = NULL;
    enum vg_err e = scan_repo(&cfg, REPO, &res, ue, sizeof ue, &log);
    if (e != VG_OK)
        fail_msg("github_scan_repo: %s: %s", err_name(e), ue);
    assert_string_equal(ue, "");
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].rule_id, "test-stripe-live-key");
    assert_string_equal(res.findings[0].file_path, "config/settings.js");
    assert_int_equal(res.findings[0].line_start, 2);
    assert_null(strstr(res.findings[0].masked_evidence, fx.secret));
    assert_int_equal(res.stats.included_files, 2);
    assert_true(res.stats.ignored_dirs + res.stats.ignored_files >= 1);
    assert_no_secrets(log, ue);
    json_t *st = fake_call("/_stats", NULL);
    assert_int_equal(json_integer_value(json_object_get(st, "codeload")), 1);
    json_decref(st);
    free(log);
    scan_result_release(&res);
}

struct err_case {
    const char *mode, *repo;
    bool wrong_key, no_config;
    unsigned long max_upload;
    enum vg_err want;
    const char *message;
};

static void test_scan_errors(void **state)
{
    (void)state;
    static const struct err_case cases[] = {
        {"ok", "acme/other", false, false, 0, VG_ERR_NOT_FOUND,
         "The VibeGuard GitHub App is not installed on acme/other"},
        {"not-installed", REPO, false, false, 0, VG_ERR_NOT_FOUND,
         "The VibeGuard GitHub App is not installed on acme/storefront"},
        {"ok", REPO, true, false, 0, VG_ERR_UNAUTHORIZED, "GitHub refused the app credentials"},
        {"reject-jwt", REPO, false, false, 0, VG_ERR_UNAUTHORIZED,
         "GitHub refused the app credentials"},
        {"ok", REPO, false, true, 0, VG_ERR_UNAVAILABLE,
         "GitHub App is not configured on this server"},
        {"tarball-500", REPO, false, false, 0, VG_ERR_UNAVAILABLE,
         "Could not download the repository from GitHub (HTTP 500)"},
        {"codeload-404", REPO, false, false, 0, VG_ERR_UNAVAILABLE,
         "Could not download the repository from GitHub (HTTP 404)"},
        {"ok", REPO, false, false, 100, VG_ERR_TOO_LARGE,
         "The repository archive exceeds 100 bytes"},
        {"ok", "acme/../x", false, false, 0, VG_ERR_VALIDATION,
         "Not a GitHub repository name (owner/name)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct err_case *c = &cases[i];
        fake_mode(c->mode);
        struct config cfg;
        test_config(&cfg);
        if (c->wrong_key)
            cfg.github_private_key_file = fx.wrong_key;
        if (c->no_config)
            cfg.github_app_id = NULL;
        if (c->max_upload)
            cfg.max_upload_bytes = c->max_upload;
        struct scan_result res = SCAN_RESULT_INIT;
        char ue[256] = "";
        char *log = NULL;
        enum vg_err e = scan_repo(&cfg, c->repo, &res, ue, sizeof ue, &log);
        if (e != c->want || strcmp(ue, c->message) != 0)
            fail_msg("case %zu (%s): got %s '%s'", i, c->mode, err_name(e), ue);
        assert_no_secrets(log, ue);
        free(log);
        scan_result_release(&res);
    }
    fake_mode("ok");
}

static void test_scan_truncated_and_unreachable(void **state)
{
    (void)state;
    fake_mode("truncated");
    struct config cfg;
    test_config(&cfg);
    struct scan_result res = SCAN_RESULT_INIT;
    char ue[256] = "";
    char *log = NULL;
    enum vg_err e = scan_repo(&cfg, REPO, &res, ue, sizeof ue, &log);
    assert_int_not_equal(e, VG_OK);
    assert_non_null(strstr(ue, "Could not download the repository from GitHub"));
    free(log);
    scan_result_release(&res);
    fake_mode("ok");
    /* A closed port: refused at once, never a hang. */
    cfg.github_api_url = closed_port_url;
    e = scan_repo(&cfg, REPO, &res, ue, sizeof ue, &log);
    assert_int_equal(e, VG_ERR_UNAVAILABLE);
    assert_non_null(strstr(ue, "Could not reach GitHub"));
    free(log);
    scan_result_release(&res);
    /* No truncation beyond the caller's buffer, and NULL is fine. */
    char tiny[8];
    cfg.github_app_id = NULL;
    e = scan_repo(&cfg, REPO, &res, tiny, sizeof tiny, &log);
    assert_string_equal(tiny, "GitHub ");
    free(log);
    e = scan_repo(&cfg, REPO, &res, NULL, 0, &log);
    assert_int_equal(e, VG_ERR_UNAVAILABLE);
    free(log);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repo_names),
        cmocka_unit_test(test_urls),
        cmocka_unit_test(test_jwt),
        cmocka_unit_test(test_jwt_errors),
        cmocka_unit_test(test_scan_ok),
        cmocka_unit_test(test_scan_errors),
        cmocka_unit_test(test_scan_truncated_and_unreachable),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
