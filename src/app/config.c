/*
 * config.c - the option table and its parsing. See config.h.
 */
#include "app/config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/quote.h"
#include "util/fs.h"
#include "util/rand.h"
#include "util/xalloc.h"

enum cfg_type { CFG_STR, CFG_BOOL, CFG_UINT, CFG_ULONG };

struct cfg_opt {
    const char *name;
    const char *env;
    enum cfg_type type;
    size_t offset;
    const char *def;
    const char *help;
};

#define OFF(f) offsetof(struct config, f)

static const struct cfg_opt cfg_opts[] = {
    {"database-url", "VEGA_DATABASE_URL", CFG_STR, OFF(database_url), NULL,
     "sqlite:///PATH or postgresql://... (default: sqlite under the data dir)"},
    {"listen", "VEGA_LISTEN", CFG_STR, OFF(listen), "127.0.0.1:8000", "HOST:PORT to serve on"},
    {"data-dir", "VEGA_DATA_DIR", CFG_STR, OFF(data_dir), "./var",
     "directory for the database, uploads, advisories and the secret"},
    {"public-url", "VEGA_PUBLIC_URL", CFG_STR, OFF(public_url), NULL,
     "base URL clients reach the server at (default: http://LISTEN)"},
    {"secret", "VEGA_SECRET", CFG_STR, OFF(secret), NULL,
     "server secret for signatures and fingerprints (default: generated in DATA_DIR/secret)"},
    {"dev", "VEGA_DEV", CFG_BOOL, OFF(dev), "0",
     "development mode: seeds debug@example.com / vega-debug-password"},
    {"http-threads", "VEGA_HTTP_THREADS", CFG_UINT, OFF(http_threads), "8",
     "HTTP worker threads"},
    {"workers", "VEGA_WORKERS", CFG_UINT, OFF(workers), "2",
     "scan worker threads inside `vega serve` (0: none, run `vega worker`)"},
    {"job-lease-seconds", "VEGA_JOB_LEASE_SECONDS", CFG_UINT, OFF(job_lease_seconds), "30",
     "a job whose worker stops renewing its lease for this long is run again"},
    {"cleanup-interval", "VEGA_CLEANUP_INTERVAL", CFG_UINT, OFF(cleanup_interval), "3600",
     "seconds between cleanup passes in `vega serve` (0: none; POST /v1/ops/cleanup)"},
    {"retain-uploads", "VEGA_RETAIN_UPLOADS", CFG_BOOL, OFF(retain_uploads), "0",
     "keep a complete scan's code (archive or pushed repository) for the audit window, so "
     "an audit can be bought; without it the code goes when the scan ends"},
    {"audit-window-seconds", "VEGA_AUDIT_WINDOW_SECONDS", CFG_UINT, OFF(audit_window_seconds),
     "86400", "with --retain-uploads: how long after a scan completes its code is kept for an "
     "audit to be bought (a paid audit keeps it until the audit ends)"},
    {"scan-threads", "VEGA_SCAN_THREADS", CFG_UINT, OFF(scan_threads), "0",
     "threads per scan job (0: one per core)"},
    {"max-body-bytes", "VEGA_MAX_BODY_BYTES", CFG_ULONG, OFF(max_body_bytes), "1048576",
     "largest JSON request body"},
    {"max-upload-bytes", "VEGA_MAX_UPLOAD_BYTES", CFG_ULONG, OFF(max_upload_bytes),
     "524288000", "largest uploaded archive"},
    {"requests-per-key-per-minute", "VEGA_REQUESTS_PER_KEY_PER_MINUTE", CFG_ULONG,
     OFF(requests_per_key_per_minute), "60",
     "requests one API key may make per UTC minute (v1_requests_per_key_per_minute; 0: no limit)"},
    {"scans-per-key-per-day", "VEGA_SCANS_PER_KEY_PER_DAY", CFG_ULONG, OFF(scans_per_key_per_day),
     "20", "scans one API key may create per UTC day (v1_scans_per_key_per_day; 0: no limit)"},
    {"scans-per-user-per-day", "VEGA_SCANS_PER_USER_PER_DAY", CFG_ULONG,
     OFF(scans_per_user_per_day), "200", "scans a user may create per UTC day (0: no limit)"},
    {"scans-per-ip-per-day", "VEGA_SCANS_PER_IP_PER_DAY", CFG_ULONG, OFF(scans_per_ip_per_day),
     "500", "scans one client IP may create per UTC day (0: no limit)"},
    {"login-failures-per-account", "VEGA_LOGIN_FAILURES_PER_ACCOUNT", CFG_ULONG,
     OFF(login_failures_per_account), "5",
     "password checks per account and login window before logins are refused (0: no limit)"},
    {"login-failures-per-ip", "VEGA_LOGIN_FAILURES_PER_IP", CFG_ULONG, OFF(login_failures_per_ip),
     "30", "password checks per client IP and login window (0: no limit)"},
    {"account-mails-per-ip-per-hour", "VEGA_ACCOUNT_MAILS_PER_IP_PER_HOUR", CFG_ULONG,
     OFF(account_mails_per_ip_per_hour), "20",
     "sign-ups, password-reset requests and verification resends one client IP may make per "
     "UTC hour (account_mails_per_ip_per_hour; 0: no limit)"},
    {"login-window-seconds", "VEGA_LOGIN_WINDOW_SECONDS", CFG_UINT, OFF(login_window_seconds),
     "900", "length of the login throttling window (fixed UTC windows)"},
    {"max-connections", "VEGA_MAX_CONNECTIONS", CFG_UINT, OFF(max_connections), "16384",
     "open HTTP connections at most (the open-files limit is raised to fit)"},
    {"max-connections-per-ip", "VEGA_MAX_CONNECTIONS_PER_IP", CFG_UINT,
     OFF(max_connections_per_ip), "256", "open HTTP connections per client IP (0: no limit)"},
    {"header-timeout-seconds", "VEGA_HEADER_TIMEOUT_SECONDS", CFG_UINT,
     OFF(header_timeout_seconds), "10",
     "an idle connection, or one still sending its request headers, is closed after this"},
    {"body-timeout-seconds", "VEGA_BODY_TIMEOUT_SECONDS", CFG_UINT, OFF(body_timeout_seconds),
     "120", "a request body (an upload) that stalls for this long is dropped"},
    {"password-hash-threads", "VEGA_PASSWORD_HASH_THREADS", CFG_UINT,
     OFF(password_hash_threads), "0",
     "password checks (argon2id) run at once at most (0: one per core)"},
    {"log-level", "VEGA_LOG_LEVEL", CFG_STR, OFF(log_level), "info",
     "debug, info, warn or error"},
    {"github-app-id", "VEGA_GITHUB_APP_ID", CFG_STR, OFF(github_app_id), NULL,
     "GitHub App id, for github sources"},
    {"github-private-key-file", "VEGA_GITHUB_PRIVATE_KEY_FILE", CFG_STR,
     OFF(github_private_key_file), NULL, "the GitHub App's private key (PEM file)"},
    {"github-api-url", "VEGA_GITHUB_API_URL", CFG_STR, OFF(github_api_url),
     "https://api.github.com", "GitHub API base URL"},
    {"blob-url", "VEGA_BLOB_URL", CFG_STR, OFF(blob_url), NULL,
     "blob storage: a directory or s3://BUCKET[/PREFIX] (default: DATA_DIR/blobs)"},
    {"s3-endpoint", "VEGA_S3_ENDPOINT", CFG_STR, OFF(s3_endpoint), NULL,
     "S3-compatible endpoint URL (else AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL; default AWS)"},
    {"s3-region", "VEGA_S3_REGION", CFG_STR, OFF(s3_region), NULL,
     "S3 region (else AWS_REGION; default us-east-1)"},
    {"s3-access-key-id", "VEGA_S3_ACCESS_KEY_ID", CFG_STR, OFF(s3_access_key_id), NULL,
     "S3 access key id (else AWS_ACCESS_KEY_ID)"},
    {"s3-secret-access-key", "VEGA_S3_SECRET_ACCESS_KEY", CFG_STR, OFF(s3_secret_access_key),
     NULL, "S3 secret access key (else AWS_SECRET_ACCESS_KEY)"},
    {"s3-addressing", "VEGA_S3_ADDRESSING", CFG_STR, OFF(s3_addressing), "auto",
     "path, virtual (BUCKET.HOST) or auto (virtual on AWS, path with --s3-endpoint)"},
    {"metrics-listen", "VEGA_METRICS_LISTEN", CFG_STR, OFF(metrics_listen), NULL,
     "`vega worker`: HOST:PORT to serve GET /metrics on (its engine and job counters; "
     "nothing else is served there)"},
    {"metrics-token", "VEGA_METRICS_TOKEN", CFG_STR, OFF(metrics_token), NULL,
     "bearer token GET /metrics requires (default: loopback clients only)"},
    {"database-wait-seconds", "VEGA_DATABASE_WAIT_SECONDS", CFG_UINT,
     OFF(database_wait_seconds), "60",
     "at start-up, retry connecting to the database for this long (backoff)"},
    {"allow-signup", "VEGA_ALLOW_SIGNUP", CFG_BOOL, OFF(allow_signup), "0",
     "let anyone create an account (POST /v1/auth/signup; needs --smtp-url for the mail)"},
    {"smtp-url", "VEGA_SMTP_URL", CFG_STR, OFF(smtp_url), NULL,
     "SMTP server for account mail: smtp://HOST:PORT or smtps://HOST:PORT"},
    {"smtp-from", "VEGA_SMTP_FROM", CFG_STR, OFF(smtp_from), "Vega <no-reply@localhost>",
     "From address of account mail"},
    {"smtp-user", "VEGA_SMTP_USER", CFG_STR, OFF(smtp_user), NULL, "SMTP AUTH user name"},
    {"smtp-password", "VEGA_SMTP_PASSWORD", CFG_STR, OFF(smtp_password), NULL,
     "SMTP AUTH password"},
    {"smtp-starttls", "VEGA_SMTP_STARTTLS", CFG_BOOL, OFF(smtp_starttls), "0",
     "refuse to send account mail unless the SMTP server does STARTTLS"},
    {"paypal-client-id", "VEGA_PAYPAL_CLIENT_ID", CFG_STR, OFF(paypal_client_id), NULL,
     "PayPal REST app client id (with the secret: audits are paid through PayPal)"},
    {"paypal-client-secret", "VEGA_PAYPAL_CLIENT_SECRET", CFG_STR, OFF(paypal_client_secret),
     NULL, "PayPal REST app secret (unset: audits are marked paid by `vega audit mark-paid`)"},
    {"paypal-api-url", "VEGA_PAYPAL_API_URL", CFG_STR, OFF(paypal_api_url),
     "https://api-m.sandbox.paypal.com", "PayPal API base URL (live: https://api-m.paypal.com)"},
    {"audit-currency", "VEGA_AUDIT_CURRENCY", CFG_STR, OFF(audit_currency), "USD",
     "currency of audit prices (ISO 4217, two decimals)"},
    {"audit-prices", "VEGA_AUDIT_PRICES", CFG_STR, OFF(audit_prices), AUDIT_DEFAULT_PRICES,
     "base price of each audit tier in cents (docs/audits.md)"},
    {"audit-payment-ttl", "VEGA_AUDIT_PAYMENT_TTL", CFG_UINT, OFF(audit_payment_ttl), "3600",
     "seconds an audit waits for its payment before it is canceled"},
    {"git-max-pack-bytes", "VEGA_GIT_MAX_PACK_BYTES", CFG_ULONG, OFF(git_max_pack_bytes),
     "268435456", "git uploads: the largest pack one push may send"},
    {"git-max-objects", "VEGA_GIT_MAX_OBJECTS", CFG_ULONG, OFF(git_max_objects), "1000000",
     "git uploads: the most objects one push may hold"},
    {"git-max-inflated-bytes", "VEGA_GIT_MAX_INFLATED_BYTES", CFG_ULONG,
     OFF(git_max_inflated_bytes), "4294967296",
     "git uploads: the most bytes a push's objects may inflate to (pack bombs)"},
};

#define CFG_NOPTS (sizeof(cfg_opts) / sizeof(cfg_opts[0]))

static int cfg_set(struct config *cfg, const struct cfg_opt *o, const char *val)
{
    char *base = (char *)cfg;
    void *field = base + o->offset;
    char *end = NULL;
    switch (o->type) {
    case CFG_STR: {
        char **s = field;
        free(*s);
        *s = (val != NULL && *val != '\0') ? xstrdup(val) : NULL;
        return 0;
    }
    case CFG_BOOL:
        *(bool *)field = val == NULL || strcmp(val, "1") == 0 || strcmp(val, "true") == 0 ||
                         strcmp(val, "yes") == 0;
        return 0;
    case CFG_UINT:
    case CFG_ULONG: {
        errno = 0;
        unsigned long v = strtoul(val ? val : "", &end, 10);
        if (val == NULL || *val == '\0' || *end != '\0' || errno != 0 || val[0] == '-' ||
            (o->type == CFG_UINT && v > UINT_MAX)) {
            fprintf(stderr, "vega: --%s: not a non-negative integer: '%s'\n", o->name,
                    val ? val : "");
            return -1;
        }
        if (o->type == CFG_UINT)
            *(unsigned *)field = (unsigned)v;
        else
            *(unsigned long *)field = v;
        return 0;
    }
    }
    return -1;
}

void config_init(struct config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    for (size_t i = 0; i < CFG_NOPTS; i++) {
        const char *env = getenv(cfg_opts[i].env);
        const char *v = (env != NULL && *env != '\0') ? env : cfg_opts[i].def;
        if (v != NULL && cfg_set(cfg, &cfg_opts[i], v) != 0)
            cfg_set(cfg, &cfg_opts[i], cfg_opts[i].def);
    }
}

static bool cfg_wanted(const struct cfg_opt *o, const char *const *only)
{
    for (size_t i = 0; only != NULL && only[i] != NULL; i++) {
        if (strcmp(only[i], o->name) == 0)
            return true;
    }
    return only == NULL;
}

static const struct cfg_opt *cfg_find(const char *name, size_t len, const char *const *only)
{
    for (size_t i = 0; i < CFG_NOPTS; i++) {
        if (strlen(cfg_opts[i].name) == len && strncmp(cfg_opts[i].name, name, len) == 0)
            return cfg_wanted(&cfg_opts[i], only) ? &cfg_opts[i] : NULL;
    }
    return NULL;
}

int config_parse_args(struct config *cfg, int *argc, char **argv, const char *const *only)
{
    int out = 0;
    for (int i = 0; i < *argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            argv[out++] = argv[i];
            continue;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const struct cfg_opt *o = cfg_find(name, len, only);
        if (o == NULL) {
            argv[out++] = argv[i];
            continue;
        }
        const char *val = eq ? eq + 1 : NULL;
        if (val == NULL && o->type != CFG_BOOL) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "vega: --%s needs a value\n", o->name);
                return -1;
            }
            val = argv[++i];
        }
        if (cfg_set(cfg, o, val) != 0)
            return -1;
    }
    *argc = out;
    argv[out] = NULL;
    return 0;
}

static int cfg_load_secret(struct config *cfg)
{
    if (cfg->secret != NULL)
        return 0;
    char *path = xasprintf("%s/secret", cfg->data_dir);
    char buf[129] = {0};
    int rc = -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        if (n >= 32) {
            buf[n] = '\0';
            buf[strcspn(buf, "\r\n")] = '\0';
            cfg->secret = xstrdup(buf);
            rc = 0;
        } else {
            fprintf(stderr, "vega: %s is unreadable or too short\n", path);
        }
        goto out;
    }
    rand_base62(buf, 48);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, buf, 48) != 48 || write(fd, "\n", 1) != 1) {
        fprintf(stderr, "vega: cannot write %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        goto out;
    }
    close(fd);
    cfg->secret = xstrdup(buf);
    rc = 0;
out:
    sodium_memzero(buf, sizeof(buf));
    free(path);
    return rc;
}

int config_listen_on(struct config *cfg, const char *flag, const char *hostport)
{
    const char *colon = strrchr(hostport, ':');
    if (colon == NULL || (size_t)(colon - hostport) >= sizeof(cfg->listen_host)) {
        fprintf(stderr, "vega: --%s must be HOST:PORT, got '%s'\n", flag, hostport);
        return -1;
    }
    char *end = NULL;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (*end != '\0' || port > 65535 || colon[1] == '\0') {
        fprintf(stderr, "vega: --%s: bad port in '%s'\n", flag, hostport);
        return -1;
    }
    memcpy(cfg->listen_host, hostport, (size_t)(colon - hostport));
    cfg->listen_host[colon - hostport] = '\0';
    cfg->listen_port = (unsigned)port;
    return 0;
}

static int cfg_parse_listen(struct config *cfg)
{
    if (cfg->metrics_listen != NULL && cfg->metrics_listen[0] != '\0') {
        struct config probe = {0};
        if (config_listen_on(&probe, "metrics-listen", cfg->metrics_listen) != 0)
            return -1;
    }
    return config_listen_on(cfg, "listen", cfg->listen);
}

/* The S3 settings not given as flags or VEGA_ variables come from the AWS ones. */
static int cfg_s3_finish(struct config *cfg)
{
    static const struct {
        size_t offset;
        const char *env[2];
    } aws[] = {
        {OFF(s3_endpoint), {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}},
        {OFF(s3_region), {"AWS_REGION", "AWS_DEFAULT_REGION"}},
        {OFF(s3_access_key_id), {"AWS_ACCESS_KEY_ID", NULL}},
        {OFF(s3_secret_access_key), {"AWS_SECRET_ACCESS_KEY", NULL}},
    };
    for (size_t i = 0; i < sizeof aws / sizeof aws[0]; i++) {
        char **field = (char **)(void *)((char *)cfg + aws[i].offset);
        for (size_t j = 0; *field == NULL && j < 2 && aws[i].env[j] != NULL; j++) {
            const char *v = getenv(aws[i].env[j]);
            if (v != NULL && *v != '\0')
                *field = xstrdup(v);
        }
    }
    const char *a = cfg->s3_addressing ? cfg->s3_addressing : "auto";
    if (strcmp(a, "auto") != 0 && strcmp(a, "path") != 0 && strcmp(a, "virtual") != 0) {
        fprintf(stderr, "vega: --s3-addressing must be path, virtual or auto, got '%s'\n", a);
        return -1;
    }
    return 0;
}

int config_finish(struct config *cfg)
{
    if (cfg_parse_listen(cfg) != 0)
        return -1;
    if (fs_mkdirs(cfg->data_dir, 0700) != 0) {
        fprintf(stderr, "vega: cannot create data dir %s: %s\n", cfg->data_dir, strerror(errno));
        return -1;
    }
    if (cfg->database_url == NULL) {
        char *abs = realpath(cfg->data_dir, NULL);
        if (abs == NULL)
            return -1;
        cfg->database_url = xasprintf("sqlite://%s/vega.db", abs);
        free(abs);
    }
    if (cfg->public_url == NULL)
        cfg->public_url = xasprintf("http://%s", cfg->listen);
    size_t pl = strlen(cfg->public_url);
    while (pl > 0 && cfg->public_url[pl - 1] == '/')
        cfg->public_url[--pl] = '\0';
    if (cfg_load_secret(cfg) != 0)
        return -1;
    if (strlen(cfg->secret) < 16) {
        fprintf(stderr, "vega: --secret must be at least 16 characters\n");
        return -1;
    }
    int64_t prices[AUDIT_TIERS];
    if (cfg->audit_prices != NULL && !audit_prices_parse(cfg->audit_prices, prices)) {
        fprintf(stderr, "vega: --audit-prices wants launch_check=CENTS,founder_shield=CENTS,"
                        "elite_audit=CENTS\n");
        return -1;
    }
    if (cfg->audit_currency != NULL && !audit_currency_valid(cfg->audit_currency)) {
        fprintf(stderr, "vega: --audit-currency wants a 3-letter ISO 4217 code (USD)\n");
        return -1;
    }
    if (cfg->header_timeout_seconds == 0)
        cfg->header_timeout_seconds = 1;
    if (cfg->password_hash_threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        cfg->password_hash_threads = n > 0 ? (unsigned)n : 1;
    }
    if (cfg_s3_finish(cfg) != 0)
        return -1;
    crypto_generichash(cfg->key, sizeof(cfg->key), (const unsigned char *)cfg->secret,
                       strlen(cfg->secret), (const unsigned char *)"vega-server-key1", 16);
    return 0;
}

void config_release(struct config *cfg)
{
    for (size_t i = 0; i < CFG_NOPTS; i++) {
        if (cfg_opts[i].type == CFG_STR) {
            char **s = (char **)((char *)cfg + cfg_opts[i].offset);
            if (*s != NULL && (&cfg->secret == s || &cfg->s3_secret_access_key == s ||
                               &cfg->metrics_token == s || &cfg->paypal_client_secret == s))
                sodium_memzero(*s, strlen(*s));
            free(*s);
            *s = NULL;
        }
    }
    sodium_memzero(cfg->key, sizeof(cfg->key));
}

void config_usage(FILE *out, const char *const *only)
{
    fprintf(out, "\nconfiguration (flag, environment variable):\n");
    for (size_t i = 0; i < CFG_NOPTS; i++) {
        const struct cfg_opt *o = &cfg_opts[i];
        if (!cfg_wanted(o, only))
            continue;
        fprintf(out, "  --%s%s, %s\n      %s%s%s%s\n", o->name,
                o->type == CFG_BOOL ? "" : " VALUE", o->env, o->help, o->def ? " [" : "",
                o->def ? o->def : "", o->def ? "]" : "");
    }
}
