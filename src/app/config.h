/*
 * config.h - the configuration shared by `vega serve`, `worker`, `migrate` and `user`.
 *
 * One table (config.c) lists every option with its flag, environment variable, default
 * and help; --help output and README.md's "Configuration" table say the same. Precedence:
 * flag, then environment, then default. config_finish() derives what depends on other
 * options (the default database under the data dir) and loads or creates the secret.
 */
#ifndef VG_APP_CONFIG_H
#define VG_APP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CONFIG_KEY_BYTES 32

struct config {
    char *database_url;
    char *listen;
    char *data_dir;
    char *public_url;
    char *secret;
    bool dev;
    unsigned http_threads;
    unsigned workers;
    unsigned job_lease_seconds;
    unsigned cleanup_interval;
    bool retain_uploads;
    /* With retain_uploads: seconds after a scan completes that its code stays for an audit
     * (docs/audits.md "Customer code"); a paid audit keeps it until the audit settles. */
    unsigned audit_window_seconds;
    unsigned scan_threads;
    unsigned long max_body_bytes;
    unsigned long max_upload_bytes;
    /* Limits (0: no limit); GET /v1/ops/limits shows them (limits_json). */
    unsigned long requests_per_key_per_minute;
    unsigned long scans_per_key_per_day;
    unsigned long scans_per_user_per_day;
    unsigned long scans_per_ip_per_day;
    unsigned long login_failures_per_account;
    unsigned long login_failures_per_ip;
    unsigned long account_mails_per_ip_per_hour;
    unsigned login_window_seconds;
    /* Connections (see src/http/server.c) and password hashing. */
    unsigned max_connections;
    unsigned max_connections_per_ip;
    unsigned header_timeout_seconds;
    unsigned body_timeout_seconds;
    unsigned password_hash_threads;
    char *log_level;
    char *github_app_id;
    char *github_private_key_file;
    char *github_api_url;
    /* Blob storage (src/blob/blob.h): the url and, for s3://, where and as whom. The S3
     * settings fall back to the AWS variables (config_finish). */
    char *blob_url;
    char *s3_endpoint;
    char *s3_region;
    char *s3_access_key_id;
    char *s3_secret_access_key;
    char *s3_addressing;
    /* GET /metrics: the bearer token it requires (NULL: loopback clients only). */
    char *metrics_token;
    char *metrics_listen; /* vega worker: HOST:PORT of its /metrics, NULL: none */
    /* How long start-up waits for the database to accept connections. */
    unsigned database_wait_seconds;
    /* Accounts (issue 14): self-service sign-up and the account mail over SMTP. */
    bool allow_signup;
    char *smtp_url;
    char *smtp_from;
    char *smtp_user;
    char *smtp_password;
    bool smtp_starttls;
    /* Audits and payments (docs/audits.md): PayPal when both credentials are set, else
     * the manual provider (`vega audit mark-paid`). */
    char *paypal_client_id;
    char *paypal_client_secret;
    char *paypal_api_url;
    char *audit_currency;
    char *audit_prices;
    unsigned audit_payment_ttl;
    unsigned long git_max_pack_bytes;     /* git uploads: largest pack a push may send */
    unsigned long git_max_objects;        /* git uploads: objects a push may hold */
    unsigned long git_max_inflated_bytes; /* git uploads: their inflated size (pack bombs) */
    /* Derived by config_finish(): */
    unsigned char key[CONFIG_KEY_BYTES]; /* server key derived from secret */
    char listen_host[64];
    unsigned listen_port;
};

/* Fill defaults and environment values. Never fails. */
void config_init(struct config *cfg);
/*
 * Take the options this module knows out of argv (--name value, --name=value, --flag),
 * leaving the others, in order, in argv[0..*argc). `only`: the names of the options the
 * command uses (NULL-terminated; NULL: every option); the others stay in argv like
 * unknown ones. On a bad value prints a message to stderr and returns -1.
 */
int config_parse_args(struct config *cfg, int *argc, char **argv, const char *const *only);
/* Derive defaults, create the data dir, load/create the secret. -1 with a message on error. */
int config_finish(struct config *cfg);
void config_release(struct config *cfg);
/* Point cfg's listening address (listen_host, listen_port) at hostport "HOST:PORT"; flag
 * names the option in the message printed when it is malformed. 0 or -1. */
int config_listen_on(struct config *cfg, const char *flag, const char *hostport);
/* The help of the options in `only` (NULL: every option), for a command's --help. */
void config_usage(FILE *out, const char *const *only);

#endif
