/*
 * ci.c - `vega ci [options] PATH`: scan a directory through a Vega server, the way a CI job
 * does. Packs PATH into a ZIP (scan_pack_zip: the engine's default ignores) in an unlinked
 * temporary file, creates the scan (POST /v1/scans), uploads the ZIP to the signed
 * upload_url (PUT), starts it, polls GET /v1/scans/{id} with a progress line on stderr, then
 * prints the findings like `vega scan` (text, JSON or SARIF) and exits by --fail-on:
 * 0 clean, 1 findings at or above the threshold, 2 errors.
 *
 * The API key comes from VEGA_API_KEY, else VIBEGUARD_API_KEY (the name the VibeGuard
 * dashboard and docs use), never from a flag (it would show in process lists); it is sent
 * to the API origin only, never to the upload URL (which carries its own signature and may
 * be another host). It is never printed. A 429 waits Retry-After and retries, a few times.
 */
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <libgen.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/report.h"
#include "scan/engine.h"
#include "scan/pack.h"
#include "scan/report.h"
#include "util/buf.h"
#include "util/rand.h"
#include "util/version.h"
#include "util/xalloc.h"

#define CI_DEFAULT_TIMEOUT_S 900u
#define CI_DEFAULT_POLL_S 2.0
#define CI_MAX_RETRIES 3         /* 429s and connection failures, per request */
#define CI_RETRY_AFTER_MAX_S 120 /* longer waits (a daily limit) are not worth it */
#define CI_CONNECT_TIMEOUT_S 10L
#define CI_REQUEST_TIMEOUT_S 60L
#define CI_LOW_SPEED_BYTES 1024L
#define CI_LOW_SPEED_TIME_S 60L
#define CI_PROJECT_MAX 200 /* the API's project_name limit */
#define CI_BODY_MAX ((size_t)256 * 1024 * 1024)
#define CI_UPLOAD_MAX_FILE ((uint64_t)8 * 1024 * 1024) /* the engine skips bigger files */


struct ci_args {
    const char *api, *path, *project;
    struct cli_report rep;
    int fail_on; /* severity, or -1: never */
    unsigned timeout_s;
    double poll_s;
    bool progress;
};

struct ci_client {
    CURL *h;
    char *api;       /* ".../v1", no trailing slash */
    const char *key; /* borrowed from the environment */
    double deadline; /* monotonic seconds */
};

struct ci_resp {
    long status;
    json_t *body; /* NULL when the body is not JSON */
    long retry_after;
};

static void ci_usage(FILE *out)
{
    fprintf(out,
            "usage: vega ci [options] PATH\n\n"
            "Scan PATH (a directory, or a .zip) on a Vega server: pack it (skipping\n"
            "node_modules, .git, vendor, caches, ...), upload, start, wait, and print the\n"
            "findings. The API key is read from VEGA_API_KEY (or VIBEGUARD_API_KEY).\n"
            "Exit 0 clean, 1 findings at or above --fail-on, 2 errors.\n\n"
            "  --api URL              the server (also VEGA_API_URL), e.g. https://vega.example\n"
            "  --project NAME         project name (default: the directory's name)\n"
            "  --fail-on SEVERITY     critical|high|medium|low|info|never (default high)\n"
            "  --format FMT           text (default), json or sarif\n"
            "  -o, --output FILE      write the report to FILE (text still goes to stdout)\n"
            "  -v, --verbose          text: also print each finding's recommendation\n"
            "  -q, --quiet            text: print only the one-line summary; no progress\n"
            "  --timeout SECONDS      give up after this long (default 900)\n"
            "  --poll-interval SECS   how often to ask for the status (default 2)\n"
            "  --no-progress          no progress line on stderr\n");
}

static double mono_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
    if (s <= 0)
        return;
    struct timespec t = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

/* ---- arguments ---- */

static int ci_parse_opt(int c, struct ci_args *a)
{
    char *end = NULL;
    int rc;
    if (cli_report_opt("vega ci", c, optarg, &a->rep, &rc)) {
        a->progress = a->progress && !a->rep.quiet;
        return rc;
    }
    switch (c) {
    case 'a':
        a->api = optarg;
        return -1;
    case 'p':
        a->project = optarg;
        return -1;
    case 'f':
        return cli_parse_fail_on("vega ci", optarg, &a->fail_on);
    case 't': {
        unsigned long v = strtoul(optarg, &end, 10);
        if (end == optarg || *end != '\0' || v == 0 || v > 86400)
            return fprintf(stderr, "vega ci: --timeout takes 1 to 86400 seconds\n"), 2;
        a->timeout_s = (unsigned)v;
        return -1;
    }
    case 'i':
        a->poll_s = strtod(optarg, &end);
        if (end == optarg || *end != '\0' || !(a->poll_s >= 0.05 && a->poll_s <= 300))
            return fprintf(stderr, "vega ci: --poll-interval takes 0.05 to 300 seconds\n"), 2;
        return -1;
    case 'P':
        a->progress = false;
        return -1;
    case 'h':
        ci_usage(stdout);
        return 0;
    default:
        ci_usage(stderr);
        return 2;
    }
}

static int ci_parse_args(int argc, char **argv, struct ci_args *a)
{
    static const struct option longopts[] = {{"api", required_argument, NULL, 'a'},
                                             {"project", required_argument, NULL, 'p'},
                                             {"fail-on", required_argument, NULL, 'f'},
                                             CLI_REPORT_LONGOPTS,
                                             {"timeout", required_argument, NULL, 't'},
                                             {"poll-interval", required_argument, NULL, 'i'},
                                             {"no-progress", no_argument, NULL, 'P'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_REPORT_SHORTOPTS "h", longopts, NULL)) != -1) {
        int rc = ci_parse_opt(c, a);
        if (rc >= 0)
            return rc;
    }
    if (optind != argc - 1) {
        fprintf(stderr, "vega ci: give exactly one PATH\n\n");
        ci_usage(stderr);
        return 2;
    }
    a->path = argv[optind];
    if (a->api == NULL)
        a->api = getenv("VEGA_API_URL");
    if (a->api == NULL || a->api[0] == '\0')
        return fprintf(stderr, "vega ci: which server? Give --api URL or set VEGA_API_URL\n"), 2;
    if (strncmp(a->api, "http://", 7) != 0 && strncmp(a->api, "https://", 8) != 0)
        return fprintf(stderr, "vega ci: --api must be an http:// or https:// URL\n"), 2;
    return -1;
}

/* "https://host", "https://host/", "https://host/v1/" -> "https://host/v1". */
static char *ci_api_base(const char *url)
{
    size_t n = strlen(url);
    while (n > 0 && url[n - 1] == '/')
        n--;
    if (n >= 3 && strncmp(url + n - 3, "/v1", 3) == 0)
        return xstrndup(url, n);
    return xasprintf("%.*s/v1", (int)n, url);
}

/* ---- HTTP ---- */

static size_t ci_body_cb(char *p, size_t size, size_t nmemb, void *ud)
{
    return buf_append(ud, p, size * nmemb) == VG_OK ? size * nmemb : 0;
}

static size_t ci_header_cb(char *p, size_t size, size_t nmemb, void *ud)
{
    struct ci_resp *r = ud;
    size_t n = size * nmemb;
    static const char name[] = "retry-after:";
    if (n > sizeof name && strncasecmp(p, name, sizeof name - 1) == 0) {
        char tmp[32];
        size_t len =
            n - (sizeof name - 1) < sizeof tmp - 1 ? n - (sizeof name - 1) : sizeof tmp - 1;
        memcpy(tmp, p + sizeof name - 1, len);
        tmp[len] = '\0';
        char *end = NULL;
        long v = strtol(tmp, &end, 10);
        if (end != tmp && v >= 0)
            r->retry_after = v;
    }
    return n;
}

static void ci_slist_free_secret(struct curl_slist *l)
{
    for (struct curl_slist *p = l; p != NULL; p = p->next)
        sodium_memzero(p->data, strlen(p->data));
    curl_slist_free_all(l);
}

/*
 * One request. `send_key`: add X-API-Key (the API origin only). `json`: a JSON body;
 * `upload`: a file to PUT instead. VG_ERR_UNAVAILABLE on a transport failure (printed).
 */
static enum vg_err ci_http(struct ci_client *c, const char *method, const char *url, bool send_key,
                           const char *json, FILE *upload, uint64_t upload_size, struct ci_resp *r)
{
    struct curl_slist *hdrs = NULL;
    struct buf body = BUF_INIT;
    buf_init(&body, CI_BODY_MAX);
    r->status = 0;
    r->body = NULL;
    r->retry_after = -1;
    curl_easy_reset(c->h);
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    hdrs = curl_slist_append(hdrs, "Expect:");
    if (json != NULL)
        hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    if (upload != NULL)
        hdrs = curl_slist_append(hdrs, "Content-Type: application/zip");
    if (send_key) {
        char *h = xasprintf("X-API-Key: %s", c->key);
        hdrs = curl_slist_append(hdrs, h);
        sodium_memzero(h, strlen(h));
        free(h);
    }
    double left = c->deadline - mono_now();
    CURL *h = c->h;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "vega/" VEGA_VERSION);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CI_CONNECT_TIMEOUT_S);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, CI_LOW_SPEED_BYTES);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, CI_LOW_SPEED_TIME_S);
    /* Uploads may take until the deadline; other calls a minute, never past it. */
    long limit = (long)(left * 1000);
    if (upload == NULL && limit > CI_REQUEST_TIMEOUT_S * 1000)
        limit = CI_REQUEST_TIMEOUT_S * 1000;
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, limit > 1000 ? limit : 1000L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, ci_body_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, ci_header_cb);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
    if (json != NULL) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, json);
    } else if (upload != NULL) {
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_READDATA, upload);
        curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)upload_size);
    } else if (strcmp(method, "POST") == 0) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
    }
    CURLcode cc = curl_easy_perform(h);
    ci_slist_free_secret(hdrs);
    enum vg_err e = VG_OK;
    if (cc != CURLE_OK) {
        fprintf(stderr, "vega ci: %s %s: %s\n", method, send_key ? "the API" : "the upload URL",
                curl_easy_strerror(cc));
        e = VG_ERR_UNAVAILABLE;
    } else {
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
        r->body = json_loadb(buf_cstr(&body), body.len, 0, NULL);
    }
    buf_release(&body);
    return e;
}

static void ci_resp_release(struct ci_resp *r)
{
    json_decref(r->body);
    r->body = NULL;
}

/* "v1_scans_per_key_per_day (21/20), resets in 3 h 12 min (at 2026-12-06 00:00 UTC)" for a
 * 429: the limit from error.details, the reset from Retry-After. */
static void ci_describe_limit(const struct ci_resp *r, char *out, size_t cap)
{
    json_t *d = json_object_get(json_object_get(r->body, "error"), "details");
    const char *bucket = json_string_value(json_object_get(d, "bucket"));
    json_t *count = json_object_get(d, "count"), *limit = json_object_get(d, "limit");
    int n = 0;
    if (bucket != NULL && json_is_integer(count) && json_is_integer(limit))
        n = snprintf(out, cap, "limit %s (%lld/%lld)", bucket,
                     (long long)json_integer_value(count), (long long)json_integer_value(limit));
    else
        n = snprintf(out, cap, "a rate limit");
    if (n < 0 || (size_t)n >= cap)
        return;
    if (r->retry_after < 0) {
        snprintf(out + n, cap - (size_t)n, ", reset time not given");
        return;
    }
    long s = r->retry_after;
    char in[48], at[32];
    if (s >= 3600)
        snprintf(in, sizeof(in), "%ld h %ld min", s / 3600, (s % 3600) / 60);
    else if (s >= 60)
        snprintf(in, sizeof(in), "%ld min %ld s", s / 60, s % 60);
    else
        snprintf(in, sizeof(in), "%ld s", s);
    time_t when = time(NULL) + s;
    struct tm tm;
    gmtime_r(&when, &tm);
    strftime(at, sizeof(at), "%Y-%m-%d %H:%M:%S UTC", &tm);
    snprintf(out + n, cap - (size_t)n, ", resets in %s (at %s)", in, at);
}

/* The error envelope's message (API.md): error.message, else a string detail. */
static void ci_print_error(const struct ci_resp *r, const char *what)
{
    const char *msg =
        json_string_value(json_object_get(json_object_get(r->body, "error"), "message"));
    if (msg == NULL)
        msg = json_string_value(json_object_get(r->body, "detail"));
    fprintf(stderr, "vega ci: %s failed (HTTP %ld): %s\n", what, r->status,
            msg != NULL ? msg : "no error message");
    if (r->status == 429) {
        char lim[256];
        ci_describe_limit(r, lim, sizeof(lim));
        fprintf(stderr, "vega ci: the server's %s\n", lim);
    }
    json_t *detail = json_object_get(r->body, "detail");
    size_t i;
    json_t *f;
    json_array_foreach(detail, i, f)
    {
        const char *m = json_string_value(json_object_get(f, "msg"));
        json_t *loc = json_object_get(f, "loc");
        const char *field = json_string_value(json_array_get(loc, json_array_size(loc) - 1));
        fprintf(stderr, "  %s: %s\n", field ? field : "?", m ? m : "?");
    }
}

/* ci_http with retries: a 429 waits Retry-After; a refused connection waits a second. */
static enum vg_err ci_call(struct ci_client *c, const char *method, const char *url, bool send_key,
                           const char *json, FILE *upload, uint64_t upload_size, struct ci_resp *r)
{
    for (int attempt = 0;; attempt++) {
        if (upload != NULL)
            rewind(upload);
        enum vg_err e = ci_http(c, method, url, send_key, json, upload, upload_size, r);
        bool limited = e == VG_OK && r->status == 429;
        if ((e == VG_OK && !limited) || attempt == CI_MAX_RETRIES)
            return e;
        double wait = limited ? (r->retry_after >= 0 ? (double)r->retry_after : 1.0) : 1.0;
        if (wait > CI_RETRY_AFTER_MAX_S || mono_now() + wait > c->deadline)
            return e;
        if (limited) {
            char lim[256];
            ci_describe_limit(r, lim, sizeof(lim));
            fprintf(stderr, "vega ci: rate limited by the server's %s; retrying in %.0f s\n",
                    lim, wait);
            ci_resp_release(r);
        }
        sleep_s(wait);
    }
}

/* ---- the steps ---- */

/* PATH as a ZIP in an unlinked temporary file (or PATH itself when it is a .zip). */
static FILE *ci_pack(const char *path, uint64_t *size)
{
    size_t n = strlen(path);
    if (n > 4 && strcasecmp(path + n - 4, ".zip") == 0) {
        FILE *f = fopen(path, "rb");
        if (f == NULL || fseeko(f, 0, SEEK_END) != 0) {
            fprintf(stderr, "vega ci: %s: %s\n", path, strerror(errno));
            if (f != NULL)
                fclose(f);
            return NULL;
        }
        *size = (uint64_t)ftello(f);
        return f;
    }
    const char *tmpdir = getenv("TMPDIR");
    char *tmpl = xasprintf("%s/vega-ci-XXXXXX", tmpdir && tmpdir[0] ? tmpdir : "/tmp");
    int fd = mkstemp(tmpl);
    if (fd < 0) {
        fprintf(stderr, "vega ci: cannot create a temporary file: %s\n", strerror(errno));
        free(tmpl);
        return NULL;
    }
    unlink(tmpl);
    free(tmpl);
    struct scan_pack_options opt = {true, CI_UPLOAD_MAX_FILE};
    struct scan_pack_stats st;
    struct buf err = BUF_INIT;
    enum vg_err e = scan_pack_zip(path, fd, &opt, &st, &err);
    if (e != VG_OK) {
        fprintf(stderr, "vega ci: packing %s failed: %s\n", path, buf_cstr(&err));
        buf_release(&err);
        close(fd);
        return NULL;
    }
    buf_release(&err);
    off_t end = lseek(fd, 0, SEEK_END);
    *size = end > 0 ? (uint64_t)end : 0;
    char raw[32], zipped[32];
    cli_format_size(st.bytes, raw, sizeof raw);
    cli_format_size(*size, zipped, sizeof zipped);
    fprintf(stderr,
            "vega ci: packed %llu file%s (%s, %s zipped); skipped %llu ignored "
            "director%s, %llu large file%s, %llu link%s\n",
            (unsigned long long)st.files, st.files == 1 ? "" : "s", raw, zipped,
            (unsigned long long)st.ignored_dirs, st.ignored_dirs == 1 ? "y" : "ies",
            (unsigned long long)st.ignored_files, st.ignored_files == 1 ? "" : "s",
            (unsigned long long)st.skipped, st.skipped == 1 ? "" : "s");
    return fdopen(fd, "rb");
}

static char *ci_project_name(const char *path)
{
    char real[PATH_MAX];
    char *copy = xstrdup(realpath(path, real) != NULL ? real : path);
    char *base = basename(copy);
    size_t n = strlen(base);
    if (n > 4 && strcasecmp(base + n - 4, ".zip") == 0)
        base[n - 4] = '\0';
    const char *pick = base[0] && strcmp(base, "/") != 0 ? base : "project";
    char *name = xstrndup(pick, strnlen(pick, CI_PROJECT_MAX));
    free(copy);
    return name;
}

/* POST /v1/scans -> scan id and upload URL (caller frees both). */
static int ci_create(struct ci_client *c, const char *project, char **scan_id, char **upload)
{
    json_t *req = json_pack("{s:s,s:s}", "project_name", project, "source_type", "zip");
    char *text = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    char *url = xasprintf("%s/scans", c->api);
    struct ci_resp r;
    enum vg_err e = ci_call(c, "POST", url, true, text, NULL, 0, &r);
    free(url);
    free(text);
    if (e != VG_OK)
        return 2;
    int rc = 2;
    const char *id = json_string_value(json_object_get(r.body, "scan_id"));
    const char *up = json_string_value(json_object_get(r.body, "upload_url"));
    if (r.status != 201) {
        ci_print_error(&r, "creating the scan");
    } else if (id == NULL || !uuid_valid(id) || up == NULL) {
        fprintf(stderr, "vega ci: the server's answer to POST /v1/scans lacks scan_id or "
                        "upload_url\n");
    } else {
        *scan_id = xstrdup(id);
        *upload = xstrdup(up);
        rc = 0;
    }
    ci_resp_release(&r);
    return rc;
}

static int ci_upload(struct ci_client *c, const char *url, FILE *zip, uint64_t size)
{
    struct ci_resp r;
    if (ci_call(c, "PUT", url, false, NULL, zip, size, &r) != VG_OK)
        return 2;
    int rc = r.status == 200 || r.status == 201 || r.status == 204 ? 0 : 2;
    if (rc != 0)
        ci_print_error(&r, "uploading the archive");
    ci_resp_release(&r);
    return rc;
}

static int ci_start(struct ci_client *c, const char *scan_id)
{
    char *url = xasprintf("%s/scans/%s/start", c->api, scan_id);
    struct ci_resp r;
    enum vg_err e = ci_call(c, "POST", url, true, NULL, NULL, 0, &r);
    free(url);
    if (e != VG_OK)
        return 2;
    int rc = r.status == 202 ? 0 : 2;
    if (rc != 0)
        ci_print_error(&r, "starting the scan");
    ci_resp_release(&r);
    return rc;
}

struct ci_progress {
    bool tty, shown;
    char last[32];
    double start;
};

static void ci_show(struct ci_progress *p, const char *scan_id, json_t *scan)
{
    const char *status = json_string_value(json_object_get(scan, "status"));
    if (status == NULL)
        return;
    json_int_t files = json_integer_value(json_object_get(scan, "included_files"));
    if (p->tty) {
        fprintf(stderr, "\r\033[Kvega ci: scan %.8s %s, %lld files scanned (%.0f s)", scan_id,
                status, (long long)files, mono_now() - p->start);
        p->shown = true;
    } else if (strcmp(status, p->last) != 0 && strcmp(status, "complete") != 0 &&
               strcmp(status, "failed") != 0) { /* the end has its own line */
        fprintf(stderr, "vega ci: scan %s %s (%.0f s)\n", scan_id, status, mono_now() - p->start);
    }
    snprintf(p->last, sizeof p->last, "%s", status);
}

/* Poll until complete or failed; *scan gets the final answer. */
static int ci_poll(struct ci_client *c, const struct ci_args *a, const char *scan_id, json_t **scan)
{
    char *url = xasprintf("%s/scans/%s", c->api, scan_id);
    struct ci_progress p = {a->progress && isatty(STDERR_FILENO), false, "", mono_now()};
    int rc = -1;
    while (rc < 0) {
        struct ci_resp r;
        if (ci_call(c, "GET", url, true, NULL, NULL, 0, &r) != VG_OK) {
            rc = 2;
            break;
        }
        const char *status = json_string_value(json_object_get(r.body, "status"));
        if (r.status != 200 || status == NULL) {
            ci_print_error(&r, "reading the scan");
            rc = 2;
        } else {
            if (a->progress)
                ci_show(&p, scan_id, r.body);
            if (strcmp(status, "complete") == 0 || strcmp(status, "failed") == 0) {
                *scan = json_incref(r.body);
                rc = 0;
            } else if (mono_now() + a->poll_s > c->deadline) {
                fprintf(stderr, "%svega ci: the scan did not finish within %u s (status %s)\n",
                        p.shown ? "\n" : "", a->timeout_s, status);
                p.shown = false;
                rc = 2;
            }
        }
        ci_resp_release(&r);
        if (rc < 0)
            sleep_s(a->poll_s);
    }
    if (p.shown)
        fputs("\r\033[K", stderr);
    free(url);
    return rc;
}

/* ---- the report ---- */

static const char *ci_str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s != NULL ? s : "";
}

static uint64_t ci_u64(json_t *o, const char *k)
{
    json_int_t v = json_integer_value(json_object_get(o, k));
    return v > 0 ? (uint64_t)v : 0;
}

/* A fingerprint for findings that come without one: keyed by what identifies them. */
static void ci_fingerprint(json_t *f, char out[SCAN_FINGERPRINT_HEX + 1])
{
    const char *fp = json_string_value(json_object_get(f, "fingerprint"));
    if (fp != NULL && strlen(fp) <= SCAN_FINGERPRINT_HEX) {
        snprintf(out, SCAN_FINGERPRINT_HEX + 1, "%s", fp);
        return;
    }
    unsigned char h[SCAN_FINGERPRINT_HEX / 2];
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    static const char *const keys[] = {"rule_id", "file_path", "masked_evidence"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *s = ci_str(f, keys[i]);
        crypto_generichash_update(&st, (const unsigned char *)s, strlen(s) + 1);
    }
    crypto_generichash_final(&st, h, sizeof h);
    hex_encode(out, h, sizeof h);
}

/* The API's findings as a scan_result; strings borrowed from `scan` stay valid while it
 * lives. */
static void ci_result(json_t *scan, struct scan_result *res)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(scan, "findings"), i, f)
    {
        struct scan_finding_spec sf;
        char fp[SCAN_FINGERPRINT_HEX + 1];
        memset(&sf, 0, sizeof sf);
        sf.rule_id = ci_str(f, "rule_id");
        sf.title = ci_str(f, "title");
        sf.category = ci_str(f, "category");
        sf.description = ci_str(f, "description");
        sf.recommendation = ci_str(f, "recommendation");
        if (!scan_severity_parse(ci_str(f, "severity"), &sf.severity))
            sf.severity = SEV_INFO;
        sf.confidence = CONF_LOW;
        for (int cf = CONF_LOW; cf <= CONF_HIGH; cf++) {
            if (strcmp(ci_str(f, "confidence"), scan_confidence_name((enum scan_confidence)cf)) ==
                0)
                sf.confidence = (enum scan_confidence)cf;
        }
        sf.file_path = ci_str(f, "file_path");
        sf.masked_evidence = ci_str(f, "masked_evidence");
        sf.line_start = (unsigned)ci_u64(f, "line_start");
        sf.line_end = (unsigned)ci_u64(f, "line_end");
        ci_fingerprint(f, fp);
        sf.fingerprint = fp;
        scan_result_add(res, &sf);
    }
    struct scan_stats *st = &res->stats;
    st->total_files = ci_u64(scan, "total_files");
    st->included_files = ci_u64(scan, "included_files");
    st->ignored_files = ci_u64(scan, "ignored_files");
    st->risky_files = ci_u64(scan, "risky_skipped_files");
    st->total_bytes = ci_u64(scan, "total_bytes");
    st->included_bytes = ci_u64(scan, "included_bytes");
}

static int ci_report(const struct ci_args *a, const struct scan_result *res)
{
    int rc = cli_write_report("vega ci", &a->rep, res, NULL);
    /* A report written to a file: show the findings in the job log too. */
    if (a->rep.output != NULL) {
        struct cli_report term = a->rep;
        term.fmt = CLI_FMT_TEXT;
        term.output = NULL;
        if (cli_write_report("vega ci", &term, res, NULL) != 0)
            rc = 2;
    }
    return rc;
}

/* ---- the command ---- */

static int ci_run(const struct ci_args *a, struct ci_client *c)
{
    uint64_t size = 0;
    char *scan_id = NULL, *upload = NULL, *project = NULL;
    json_t *scan = NULL;
    struct scan_result res = SCAN_RESULT_INIT;
    FILE *zip = ci_pack(a->path, &size);
    int rc = zip == NULL ? 2 : 0;
    project = a->project != NULL ? xstrdup(a->project) : ci_project_name(a->path);
    if (rc == 0)
        rc = ci_create(c, project, &scan_id, &upload);
    if (rc == 0)
        rc = ci_upload(c, upload, zip, size);
    if (rc == 0)
        rc = ci_start(c, scan_id);
    if (rc == 0)
        rc = ci_poll(c, a, scan_id, &scan);
    if (rc == 0 && strcmp(ci_str(scan, "status"), "failed") == 0) {
        const char *msg = json_string_value(json_object_get(scan, "error_message"));
        fprintf(stderr, "vega ci: the scan failed: %s\n", msg ? msg : "no reason given");
        rc = 2;
    }
    if (rc == 0) {
        ci_result(scan, &res);
        rc = ci_report(a, &res);
        size_t failing = 0;
        for (size_t i = 0; i < res.n_findings; i++)
            failing += a->fail_on >= 0 && (int)res.findings[i].severity >= a->fail_on;
        fprintf(stderr, "vega ci: scan %s complete: %zu finding%s, %zu at or above --fail-on %s\n",
                scan_id, res.n_findings, res.n_findings == 1 ? "" : "s", failing,
                a->fail_on >= 0 ? scan_severity_name((enum scan_severity)a->fail_on) : "never");
        if (rc == 0 && failing > 0)
            rc = 1;
    }
    scan_result_release(&res);
    json_decref(scan);
    if (zip != NULL)
        fclose(zip);
    free(project);
    free(scan_id);
    free(upload);
    return rc;
}

int cmd_ci(int argc, char **argv)
{
    struct ci_args a = {.rep = {.fmt = CLI_FMT_TEXT},
                        .fail_on = SEV_HIGH,
                        .timeout_s = CI_DEFAULT_TIMEOUT_S,
                        .poll_s = CI_DEFAULT_POLL_S,
                        .progress = true};
    int rc = ci_parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    const char *var = "VEGA_API_KEY";
    const char *key = getenv(var);
    if (key == NULL || key[0] == '\0')
        key = getenv(var = "VIBEGUARD_API_KEY");
    if (key == NULL || key[0] == '\0') {
        fprintf(stderr, "vega ci: set VEGA_API_KEY (or VIBEGUARD_API_KEY) to an API key with "
                        "the scans:write and scans:read scopes\n");
        return 2;
    }
    if (strpbrk(key, "\r\n") != NULL) {
        fprintf(stderr, "vega ci: %s holds a line break\n", var);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct ci_client c = {curl_easy_init(), ci_api_base(a.api), key,
                          mono_now() + (double)a.timeout_s};
    rc = c.h != NULL ? ci_run(&a, &c) : 2;
    curl_easy_cleanup(c.h);
    free(c.api);
    curl_global_cleanup();
    return rc;
}
