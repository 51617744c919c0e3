/*
 * github.c - the GitHub source of a scan (github.h, source.h): app JWT (OpenSSL, libsodium base64),
 * installation lookup and token exchange (libcurl + jansson), and the tarball streamed into
 * scan_archive_stream.
 *
 * The stream needs no thread: the engine pulls bytes through a read callback, and that
 * callback drives a curl multi handle (curl_multi_perform / curl_multi_poll) until the write
 * callback has produced the next chunk. When the chunk is full the write callback pauses the
 * transfer (CURL_WRITEFUNC_PAUSE, libcurl keeps that one write for later), so at most
 * GITHUB_STREAM_CHUNK plus one write (16 KB) is buffered, whatever the tarball's size.
 *
 * It does not retry: a failed fetch fails the scan with a message the user can act on, and
 * the job queue decides about retries.
 */
#include "source/github.h"

#include <curl/curl.h>
#include <git2.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source/source.h"
#include "util/fs.h"
#include "util/version.h"
#include "util/log.h"
#include "util/xalloc.h"

#define GH_OWNER_MAX 39
#define GH_REPO_MAX 100
#define GH_APP_ID_MAX 64

/* ---- names and URLs ---- */

static bool gh_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool github_repo_name_valid(const char *s)
{
    if (s == NULL)
        return false;
    const char *slash = strchr(s, '/');
    if (slash == NULL || slash == s || slash - s > GH_OWNER_MAX || s[0] == '-')
        return false;
    for (const char *p = s; p < slash; p++) {
        if (!gh_alnum(*p) && *p != '-')
            return false;
    }
    const char *name = slash + 1;
    size_t n = strlen(name);
    if (n == 0 || n > GH_REPO_MAX || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return false;
    for (const char *p = name; *p != '\0'; p++) {
        if (!gh_alnum(*p) && *p != '-' && *p != '_' && *p != '.')
            return false;
    }
    return true;
}

char *github_url(const char *base, const char *path)
{
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    while (*path == '/')
        path++;
    return xasprintf("%.*s/%s", (int)n, base, path);
}

/* ---- the app JWT ---- */

static enum vg_err b64url_append(struct buf *out, const void *bin, size_t len)
{
    size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *tmp = xmalloc(cap);
    sodium_bin2base64(tmp, cap, bin, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    enum vg_err e = buf_append_str(out, tmp);
    free(tmp);
    return e;
}

static bool all_digits(const char *s)
{
    if (*s == '\0' || strlen(s) > 18)
        return false;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9')
            return false;
    }
    return true;
}

static bool app_id_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > GH_APP_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!gh_alnum(s[i]) && s[i] != '.' && s[i] != '_' && s[i] != '-')
            return false;
    }
    return true;
}

static enum vg_err jwt_claims(const char *app_id, time_t now, struct buf *out)
{
    json_t *iss = all_digits(app_id) ? json_integer((json_int_t)strtoll(app_id, NULL, 10))
                                     : json_string(app_id);
    json_t *claims = json_pack("{s:I,s:I,s:o}", "iat", (json_int_t)(now - GITHUB_JWT_BACKDATE_S),
                               "exp", (json_int_t)(now + GITHUB_JWT_LIFETIME_S), "iss", iss);
    char *text = json_dumps(claims, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(claims);
    if (text == NULL)
        return VG_ERR_INTERNAL;
    enum vg_err e = b64url_append(out, text, strlen(text));
    free(text);
    return e;
}

static enum vg_err rs256_sign(const char *pem, size_t pem_len, const char *input, size_t len,
                              struct buf *out)
{
    enum vg_err e = VG_ERR_INVALID;
    unsigned char *sig = NULL;
    EVP_MD_CTX *md = NULL;
    BIO *bio = BIO_new_mem_buf(pem, (int)pem_len);
    EVP_PKEY *key = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
    if (key == NULL || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
        goto out;
    md = EVP_MD_CTX_new();
    size_t sig_len = 0;
    if (md == NULL || EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) != 1 ||
        EVP_DigestSign(md, NULL, &sig_len, (const unsigned char *)input, len) != 1)
        goto out;
    sig = xmalloc(sig_len);
    if (EVP_DigestSign(md, sig, &sig_len, (const unsigned char *)input, len) != 1)
        goto out;
    e = b64url_append(out, sig, sig_len);
out:
    free(sig);
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(key);
    BIO_free(bio);
    return e;
}

enum vg_err github_app_jwt(const char *app_id, const char *pem, size_t pem_len, time_t now,
                           struct buf *out)
{
    static const char header[] = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    if (!app_id_ok(app_id))
        return VG_ERR_VALIDATION;
    if (pem == NULL || pem_len == 0 || pem_len > GITHUB_PEM_MAX)
        return VG_ERR_INVALID;
    struct buf input = BUF_INIT, sig = BUF_INIT;
    enum vg_err e = b64url_append(&input, header, sizeof header - 1);
    if (e == VG_OK)
        e = buf_append_char(&input, '.');
    if (e == VG_OK)
        e = jwt_claims(app_id, now, &input);
    if (e == VG_OK)
        e = rs256_sign(pem, pem_len, input.ptr, input.len, &sig);
    /* out changes only on success. */
    if (e == VG_OK)
        e = buf_printf(out, "%s.%s", buf_cstr(&input), buf_cstr(&sig));
    buf_release(&input);
    buf_release(&sig);
    return e;
}

/* ---- errors for the user ---- */

__attribute__((format(printf, 4, 5))) static enum vg_err
gh_fail(char *ue, size_t len, enum vg_err e, const char *fmt, ...)
{
    if (ue != NULL && len > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ue, len, fmt, ap);
        va_end(ap);
    }
    return e;
}

static enum vg_err gh_transport_fail(CURLcode cc, char *ue, size_t len)
{
    if (cc == CURLE_OPERATION_TIMEDOUT)
        return gh_fail(ue, len, VG_ERR_UNAVAILABLE, "GitHub did not answer in time");
    return gh_fail(ue, len, VG_ERR_UNAVAILABLE, "Could not reach GitHub (%s)",
                   curl_easy_strerror(cc));
}

/* What an unexpected status of an API call means for the user. */
static enum vg_err gh_status_fail(long status, const char *repo, char *ue, size_t len)
{
    if (status == 401)
        return gh_fail(ue, len, VG_ERR_UNAUTHORIZED, "GitHub refused the app credentials");
    if (status == 404)
        return gh_fail(ue, len, VG_ERR_NOT_FOUND, "The VibeGuard GitHub App is not installed on %s",
                       repo);
    if (status == 403 || status == 422)
        return gh_fail(ue, len, VG_ERR_FORBIDDEN,
                       "The VibeGuard GitHub App has no access to %s (HTTP %ld)", repo, status);
    if (status == 429)
        return gh_fail(ue, len, VG_ERR_UNAVAILABLE, "GitHub rate limit reached; try again later");
    if (status >= 500)
        return gh_fail(ue, len, VG_ERR_UNAVAILABLE, "GitHub is unavailable (HTTP %ld)", status);
    return gh_fail(ue, len, VG_ERR_UNAVAILABLE, "Unexpected answer from GitHub (HTTP %ld)", status);
}

/* ---- libcurl ---- */

static pthread_once_t gh_curl_once = PTHREAD_ONCE_INIT;

static void gh_curl_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct gh_req {
    CURL *h;
    struct curl_slist *hdrs;
};

/* The redirect protocols follow the base URL's: an https API never redirects to http. */
static const char *gh_protocols(const char *api)
{
    return strncmp(api, "https://", 8) == 0 ? "https" : "http,https";
}

/* A handle with everything every call shares. `bearer` (borrowed) is sent as
 * "Authorization: Bearer ...", and libcurl sends it to the original host only. */
static enum vg_err gh_req_init(struct gh_req *r, const char *api, const char *url,
                               const char *bearer, const char *post_json)
{
    r->hdrs = NULL;
    r->h = curl_easy_init();
    if (r->h == NULL)
        return VG_ERR_INTERNAL;
    r->hdrs = curl_slist_append(r->hdrs, "Accept: application/vnd.github+json");
    r->hdrs = curl_slist_append(r->hdrs, "X-GitHub-Api-Version: " GITHUB_API_VERSION);
    if (post_json != NULL)
        r->hdrs = curl_slist_append(r->hdrs, "Content-Type: application/json");
    CURL *h = r->h;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, r->hdrs);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "vega/" VEGA_VERSION);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, gh_protocols(api));
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, GITHUB_CONNECT_TIMEOUT_S);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, GITHUB_LOW_SPEED_BYTES);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, GITHUB_LOW_SPEED_TIME_S);
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
    curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, bearer);
    if (post_json != NULL)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, post_json);
    return r->hdrs != NULL ? VG_OK : VG_ERR_INTERNAL;
}

static void gh_req_release(struct gh_req *r)
{
    curl_easy_cleanup(r->h);
    curl_slist_free_all(r->hdrs);
    r->h = NULL;
    r->hdrs = NULL;
}

static size_t gh_body_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
    return buf_append(ud, ptr, size * nmemb) == VG_OK ? size * nmemb : 0;
}

/*
 * One JSON API call. On VG_OK *status is the HTTP status and *body (capped at
 * GITHUB_JSON_MAX) the parsed JSON or NULL when not JSON (caller decrefs).
 */
static enum vg_err gh_api(const char *api, const char *path, const char *bearer,
                          const char *post_json, long *status, json_t **body, char *ue,
                          size_t ue_len)
{
    struct gh_req r;
    struct buf b = BUF_INIT;
    char *url = github_url(api, path);
    buf_init(&b, GITHUB_JSON_MAX);
    *body = NULL;
    enum vg_err e = gh_req_init(&r, api, url, bearer, post_json);
    if (e != VG_OK)
        goto out;
    curl_easy_setopt(r.h, CURLOPT_TIMEOUT, GITHUB_API_TIMEOUT_S);
    curl_easy_setopt(r.h, CURLOPT_WRITEFUNCTION, gh_body_write);
    curl_easy_setopt(r.h, CURLOPT_WRITEDATA, &b);
    CURLcode cc = curl_easy_perform(r.h);
    if (cc != CURLE_OK) {
        log_msg(LOG_WARN, "github_call_failed", "path", path, "error", curl_easy_strerror(cc),
                NULL);
        e = cc == CURLE_WRITE_ERROR
                ? gh_fail(ue, ue_len, VG_ERR_UNAVAILABLE, "GitHub sent an oversized answer")
                : gh_transport_fail(cc, ue, ue_len);
        goto out;
    }
    curl_easy_getinfo(r.h, CURLINFO_RESPONSE_CODE, status);
    *body = json_loadb(buf_cstr(&b), b.len, 0, NULL);
out:
    gh_req_release(&r);
    buf_release_secret(&b); /* the token answer passes through here */
    free(url);
    return e;
}

/* GET repos/{repo}{suffix} with bearer: gh_api's returns. */
static enum vg_err gh_repo_get(const char *api, const char *repo, const char *suffix,
                               const char *bearer, long *status, json_t **body, char *ue,
                               size_t ue_len)
{
    char *path = xasprintf("repos/%s%s", repo, suffix);
    enum vg_err e = gh_api(api, path, bearer, NULL, status, body, ue, ue_len);
    free(path);
    return e;
}

/* GET /repos/{repo}/installation -> the installation id. */
static enum vg_err gh_installation(const char *api, const char *repo, const char *jwt,
                                   json_int_t *id, char *ue, size_t ue_len)
{
    long status = 0;
    json_t *body = NULL;
    enum vg_err e = gh_repo_get(api, repo, "/installation", jwt, &status, &body, ue, ue_len);
    if (e != VG_OK)
        return e;
    json_t *v = json_object_get(body, "id");
    if (status != 200)
        e = gh_status_fail(status, repo, ue, ue_len);
    else if (!json_is_integer(v) || json_integer_value(v) <= 0)
        e = gh_fail(ue, ue_len, VG_ERR_UNAVAILABLE, "Unexpected answer from GitHub");
    else
        *id = json_integer_value(v);
    json_decref(body);
    return e;
}

static bool token_ok(const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n > GITHUB_TOKEN_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (t[i] <= ' ' || t[i] > '~')
            return false;
    }
    return true;
}

/* POST /app/installations/{id}/access_tokens for this repository only -> token. */
static enum vg_err gh_token(const char *api, const char *repo, json_int_t id, const char *jwt,
                            struct buf *token, char *ue, size_t ue_len)
{
    long status = 0;
    json_t *body = NULL;
    char *path = xasprintf("app/installations/%" PRId64 "/access_tokens", (int64_t)id);
    json_t *req = json_pack("{s:[s]}", "repositories", strchr(repo, '/') + 1);
    char *req_text = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    enum vg_err e = gh_api(api, path, jwt, req_text, &status, &body, ue, ue_len);
    free(path);
    free(req_text);
    if (e != VG_OK)
        return e;
    json_t *v = json_object_get(body, "token");
    if (status != 201 && status != 200)
        e = gh_status_fail(status, repo, ue, ue_len);
    else if (!json_is_string(v) || !token_ok(json_string_value(v)))
        e = gh_fail(ue, ue_len, VG_ERR_UNAVAILABLE, "Unexpected answer from GitHub");
    else
        e = buf_append_str(token, json_string_value(v));
    if (json_is_string(v))
        sodium_memzero((char *)(uintptr_t)json_string_value(v), json_string_length(v));
    json_decref(body);
    return e;
}

/* ---- the tarball as a stream ---- */

struct gh_stream {
    CURLM *multi;
    CURL *easy;
    struct buf chunk; /* the bytes handed to the engine by the last read */
    uint64_t total, max;
    long status;
    CURLcode result;
    bool paused, done, too_large, bad_status;
};

static size_t gh_stream_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct gh_stream *s = ud;
    size_t n = size * nmemb;
    long status = 0;
    curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 300 && status < 400)
        return n; /* the body of a redirect we follow */
    if (status != 200) {
        s->status = status;
        s->bad_status = true;
        return 0;
    }
    if (s->total + n > s->max) {
        s->too_large = true;
        return 0;
    }
    if (s->chunk.len > 0 && s->chunk.len + n > GITHUB_STREAM_CHUNK) {
        s->paused = true;
        return CURL_WRITEFUNC_PAUSE;
    }
    if (buf_append(&s->chunk, ptr, n) != VG_OK)
        return 0;
    s->total += n;
    return n;
}

static void gh_stream_check_done(struct gh_stream *s)
{
    int left = 0;
    CURLMsg *m;
    while ((m = curl_multi_info_read(s->multi, &left)) != NULL) {
        if (m->msg == CURLMSG_DONE) {
            s->done = true;
            s->result = m->data.result;
        }
    }
}

/* scan_read_fn: the next chunk of the tarball, 0 at its end, -1 on any failure. */
static ssize_t gh_stream_read(void *ctx, const void **data)
{
    struct gh_stream *s = ctx;
    buf_reset(&s->chunk);
    if (s->paused) {
        s->paused = false;
        curl_easy_pause(s->easy, CURLPAUSE_CONT); /* may deliver the held write at once */
    }
    for (;;) {
        if (s->chunk.len > 0) {
            *data = s->chunk.ptr;
            return (ssize_t)s->chunk.len;
        }
        if (s->done) {
            if (s->result != CURLE_OK)
                return -1;
            curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &s->status);
            s->bad_status = s->status != 200;
            return s->bad_status ? -1 : 0;
        }
        int running = 0;
        if (curl_multi_perform(s->multi, &running) != CURLM_OK) {
            s->done = true;
            s->result = CURLE_RECV_ERROR;
            continue;
        }
        gh_stream_check_done(s);
        if (s->chunk.len == 0 && !s->done &&
            curl_multi_poll(s->multi, NULL, 0, 1000, NULL) != CURLM_OK) {
            s->done = true;
            s->result = CURLE_RECV_ERROR;
        }
    }
}

static enum vg_err gh_too_large(uint64_t max, char *ue, size_t ue_len)
{
    const uint64_t mb = 1024 * 1024;
    if (max >= mb)
        return gh_fail(ue, ue_len, VG_ERR_TOO_LARGE,
                       "The repository archive exceeds %" PRIu64 " MB", max / mb);
    return gh_fail(ue, ue_len, VG_ERR_TOO_LARGE, "The repository archive exceeds %" PRIu64 " bytes",
                   max);
}

static enum vg_err gh_stream_fail(const struct gh_stream *s, enum vg_err e, uint64_t max, char *ue,
                                  size_t ue_len)
{
    if (s->too_large || (s->done && s->result == CURLE_FILESIZE_EXCEEDED))
        return gh_too_large(max, ue, ue_len);
    if (s->bad_status)
        return gh_fail(ue, ue_len, VG_ERR_UNAVAILABLE,
                       "Could not download the repository from GitHub (HTTP %ld)", s->status);
    if (s->done && s->result == CURLE_OPERATION_TIMEDOUT)
        return gh_fail(ue, ue_len, VG_ERR_UNAVAILABLE,
                       "Could not download the repository from GitHub (timed out)");
    if (s->done && s->result != CURLE_OK)
        return gh_fail(ue, ue_len, VG_ERR_UNAVAILABLE,
                       "Could not download the repository from GitHub (%s)",
                       curl_easy_strerror(s->result));
    if (e == VG_ERR_INVALID || e == VG_ERR_IO)
        return gh_fail(ue, ue_len, e, "The repository archive from GitHub could not be read");
    if (e == VG_ERR_TOO_LARGE)
        return gh_fail(ue, ue_len, e, "The repository exceeds a scan limit");
    return e;
}

static enum vg_err gh_tarball_scan(const struct config *cfg, const char *repo, const char *token,
                                   const struct scan_engine *eng, const struct scan_options *opt,
                                   struct scan_result *res, char *ue, size_t ue_len)
{
    const char *api = cfg->github_api_url;
    struct gh_stream s;
    memset(&s, 0, sizeof s);
    buf_init(&s.chunk, GITHUB_STREAM_CHUNK + CURL_MAX_WRITE_SIZE);
    s.max = cfg->max_upload_bytes > 0 ? cfg->max_upload_bytes : UINT64_MAX;
    char *path = xasprintf("repos/%s/tarball", repo);
    char *url = github_url(api, path);
    struct gh_req r;
    enum vg_err e = gh_req_init(&r, api, url, token, NULL);
    s.easy = r.h;
    s.multi = curl_multi_init();
    if (e != VG_OK || s.multi == NULL) {
        e = VG_ERR_INTERNAL;
        goto out;
    }
    curl_easy_setopt(r.h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(r.h, CURLOPT_MAXREDIRS, GITHUB_MAX_REDIRECTS);
    curl_easy_setopt(r.h, CURLOPT_TIMEOUT, GITHUB_DOWNLOAD_TIMEOUT_S);
    curl_easy_setopt(r.h, CURLOPT_MAXFILESIZE_LARGE,
                     (curl_off_t)(s.max > INT64_MAX ? INT64_MAX : s.max));
    curl_easy_setopt(r.h, CURLOPT_WRITEFUNCTION, gh_stream_write);
    curl_easy_setopt(r.h, CURLOPT_WRITEDATA, &s);
    curl_multi_add_handle(s.multi, r.h);
    struct scan_options o = *opt;
    o.strip_components = 1;
    e = scan_archive_stream(eng, gh_stream_read, &s, &o, res);
    if (e != VG_OK || s.too_large || s.bad_status || (s.done && s.result != CURLE_OK))
        e = gh_stream_fail(&s, e, s.max, ue, ue_len);
    char bytes[32];
    snprintf(bytes, sizeof bytes, "%" PRIu64, s.total);
    log_msg(e == VG_OK ? LOG_INFO : LOG_WARN, "github_tarball", "repo", repo, "bytes", bytes,
            "result", err_name(e), NULL);
    curl_multi_remove_handle(s.multi, r.h);
out:
    curl_multi_cleanup(s.multi);
    gh_req_release(&r);
    buf_release(&s.chunk);
    free(url);
    free(path);
    return e;
}

/* ---- the whole fetch ---- */

static enum vg_err gh_read_key(const char *path, struct buf *pem)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return VG_ERR_IO;
    enum vg_err e = buf_reserve(pem, GITHUB_PEM_MAX);
    while (e == VG_OK) {
        char tmp[4096];
        ssize_t n = read(fd, tmp, sizeof tmp);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            e = n == 0 ? VG_OK : VG_ERR_IO;
            break;
        }
        e = buf_append(pem, tmp, (size_t)n);
        sodium_memzero(tmp, sizeof tmp);
    }
    close(fd);
    return e;
}

/* The app JWT from the configured key; the configuration problems become one message. */
static enum vg_err gh_jwt(const struct config *cfg, struct buf *jwt, char *ue, size_t ue_len)
{
    if (cfg->github_app_id == NULL || cfg->github_app_id[0] == '\0' ||
        cfg->github_private_key_file == NULL || cfg->github_private_key_file[0] == '\0' ||
        cfg->github_api_url == NULL || cfg->github_api_url[0] == '\0')
        return gh_fail(ue, ue_len, VG_ERR_UNAVAILABLE,
                       "GitHub App is not configured on this server");
    struct buf pem = BUF_INIT;
    buf_init(&pem, GITHUB_PEM_MAX + 1);
    enum vg_err e = gh_read_key(cfg->github_private_key_file, &pem);
    if (e == VG_OK)
        e = github_app_jwt(cfg->github_app_id, pem.ptr, pem.len, time(NULL), jwt);
    buf_release_secret(&pem);
    if (e != VG_OK) {
        log_msg(LOG_ERROR, "github_app_key_unusable", "path", cfg->github_private_key_file, "error",
                err_name(e), NULL);
        return gh_fail(ue, ue_len, VG_ERR_UNAVAILABLE,
                       "GitHub App is not configured correctly on this server");
    }
    return VG_OK;
}

enum vg_err github_repo_token(const struct config *cfg, const char *repo, struct buf *token,
                              char *user_error, size_t user_error_len)
{
    pthread_once(&gh_curl_once, gh_curl_init);
    struct buf jwt = BUF_INIT;
    json_int_t id = 0;
    const char *api = cfg->github_api_url;
    enum vg_err e = gh_jwt(cfg, &jwt, user_error, user_error_len);
    if (e == VG_OK)
        e = gh_installation(api, repo, buf_cstr(&jwt), &id, user_error, user_error_len);
    if (e == VG_OK)
        e = gh_token(api, repo, id, buf_cstr(&jwt), token, user_error, user_error_len);
    buf_release_secret(&jwt);
    return e;
}

enum vg_err github_api_call(const struct config *cfg, const char *path, const char *token,
                            const char *post_json, long *status, json_t **body)
{
    pthread_once(&gh_curl_once, gh_curl_init);
    return gh_api(cfg->github_api_url, path, token, post_json, status, body, NULL, 0);
}

enum vg_err github_scan_repo(const struct config *cfg, const char *repo_full_name,
                             const struct scan_engine *eng, const struct scan_options *opt,
                             struct scan_result *res, char *user_error, size_t user_error_len)
{
    if (user_error != NULL && user_error_len > 0)
        user_error[0] = '\0';
    if (!github_repo_name_valid(repo_full_name))
        return gh_fail(user_error, user_error_len, VG_ERR_VALIDATION,
                       "Not a GitHub repository name (owner/name)");
    struct buf token = BUF_INIT;
    buf_init(&token, GITHUB_TOKEN_MAX + 1);
    enum vg_err e = github_repo_token(cfg, repo_full_name, &token, user_error, user_error_len);
    if (e == VG_OK)
        e = gh_tarball_scan(cfg, repo_full_name, buf_cstr(&token), eng, opt, res, user_error,
                            user_error_len);
    buf_release_secret(&token);
    if (e != VG_OK)
        log_msg(LOG_WARN, "github_scan_failed", "repo", repo_full_name, "error", err_name(e), NULL);
    return e;
}

/* ---- with history: a bare clone through the installation token (libgit2) ---- */

/* GET /repos/{repo} -> clone_url (http(s); https when the API is https). */
static enum vg_err gh_clone_url(const char *api, const char *repo, const char *token,
                                struct buf *url, char *ue, size_t ue_len)
{
    long status = 0;
    json_t *body = NULL;
    enum vg_err e = gh_repo_get(api, repo, "", token, &status, &body, ue, ue_len);
    if (e != VG_OK)
        return e;
    const char *u = json_string_value(json_object_get(body, "clone_url"));
    bool https = strncmp(api, "https://", 8) == 0;
    if (status != 200)
        e = gh_status_fail(status, repo, ue, ue_len);
    else if (u == NULL || (strncmp(u, "https://", 8) != 0 && (https || strncmp(u, "http://", 7))))
        e = gh_fail(ue, ue_len, VG_ERR_UNAVAILABLE, "Unexpected answer from GitHub");
    else
        e = buf_append_str(url, u);
    json_decref(body);
    return e;
}

struct gh_clone {
    const char *token;
    int cred_calls;
    uint64_t max_bytes;
    bool too_large;
};

static int gh_clone_cred(git_credential **out, const char *url, const char *user,
                         unsigned int allowed, void *payload)
{
    (void)url;
    (void)user;
    struct gh_clone *c = payload;
    if (c->cred_calls++ > 0 || (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) == 0)
        return GIT_EUSER; /* refused once: the token does not open it */
    return git_credential_userpass_plaintext_new(out, "x-access-token", c->token);
}

static int gh_clone_progress(const git_indexer_progress *p, void *payload)
{
    struct gh_clone *c = payload;
    if (p->received_bytes > c->max_bytes) {
        c->too_large = true;
        return -1;
    }
    return 0;
}

static enum vg_err gh_clone(const char *url, const char *dir, struct gh_clone *c, char *ue,
                            size_t ue_len)
{
    git_clone_options o;
    git_clone_options_init(&o, GIT_CLONE_OPTIONS_VERSION);
    o.bare = 1;
    o.fetch_opts.callbacks.credentials = gh_clone_cred;
    o.fetch_opts.callbacks.transfer_progress = gh_clone_progress;
    o.fetch_opts.callbacks.payload = c;
    git_repository *repo = NULL;
    int rc = git_clone(&repo, url, dir, &o);
    git_repository_free(repo);
    if (rc == 0)
        return VG_OK;
    const git_error *ge = git_error_last();
    log_msg(LOG_WARN, "github_clone_failed", "error", ge != NULL ? ge->message : "?", NULL);
    if (c->too_large)
        return gh_too_large(c->max_bytes, ue, ue_len);
    if (c->cred_calls > 1 || rc == GIT_EUSER)
        return gh_fail(ue, ue_len, VG_ERR_FORBIDDEN,
                       "GitHub refused to let the app clone the repository");
    return gh_fail(ue, ue_len, VG_ERR_UNAVAILABLE, "Could not clone the repository from GitHub");
}

static enum vg_err gh_history_scan(const struct source_spec *spec, const struct scan_engine *eng,
                                   const struct scan_options *opt, struct scan_result *res,
                                   struct source_outcome *out)
{
    const struct config *cfg = spec->cfg;
    const char *repo = spec->github_repo != NULL ? spec->github_repo : "";
    if (!github_repo_name_valid(repo))
        return source_fail(out, VG_ERR_VALIDATION, "Not a GitHub repository name (owner/name)");
    struct buf token = BUF_INIT, url = BUF_INIT;
    buf_init(&token, GITHUB_TOKEN_MAX + 1);
    buf_init(&url, GITHUB_JSON_MAX);
    char *tmp = xasprintf("%s/tmp", cfg->data_dir), *dir = NULL;
    enum vg_err e = github_repo_token(cfg, repo, &token, out->error, sizeof out->error);
    if (e == VG_OK)
        e = gh_clone_url(cfg->github_api_url, repo, buf_cstr(&token), &url, out->error,
                         sizeof out->error);
    if (e == VG_OK) {
        dir = xasprintf("%s/github-XXXXXX", tmp);
        if (fs_mkdirs(tmp, 0700) != 0 || mkdtemp(dir) == NULL)
            e = source_fail(out, VG_ERR_IO, "The server could not make room for the clone.");
    }
    if (e == VG_OK) {
        source_git_lib_init();
        struct gh_clone c = {buf_cstr(&token), 0,
                             cfg->max_upload_bytes > 0 ? cfg->max_upload_bytes : UINT64_MAX, false};
        e = gh_clone(buf_cstr(&url), dir, &c, out->error, sizeof out->error);
    }
    buf_release_secret(&token);
    if (e == VG_OK) {
        /* Every branch (the clone keeps them under refs/remotes/origin) and tag. */
        struct source_spec g = {.kind = SOURCE_GIT, .repo_path = dir, .all_refs = true};
        e = source_git_scan(&g, eng, opt, res, out);
    }
    if (dir != NULL && fs_remove_tree(dir) != 0)
        log_msg(LOG_WARN, "github_clone_delete_failed", NULL);
    log_msg(e == VG_OK ? LOG_INFO : LOG_WARN, "github_history", "repo", repo, "result", err_name(e),
            NULL);
    free(dir);
    free(tmp);
    buf_release(&url);
    return e;
}

enum vg_err source_github_scan(const struct source_spec *spec, const struct scan_engine *eng,
                               const struct scan_options *opt, struct scan_result *res,
                               struct source_outcome *out)
{
    if (spec->history)
        return gh_history_scan(spec, eng, opt, res, out);
    return github_scan_repo(spec->cfg, spec->github_repo != NULL ? spec->github_repo : "", eng, opt,
                            res, out->error, sizeof out->error);
}
