/*
 * s3.c - the S3-compatible blob backend (see blob.h). Every request is one libcurl easy
 * transfer signed by libcurl itself (CURLOPT_AWS_SIGV4, "aws:amz:REGION:s3", payload
 * UNSIGNED-PAYLOAD so bodies stream); presigned URLs come from sigv4.c. Objects live at
 * PREFIX/KEY in the bucket, addressed path style (ENDPOINT/BUCKET/...) or virtual-host
 * style (BUCKET.HOST/...). Bodies stream both ways: a PUT reads the writer's temporary
 * file, a GET hands each chunk to the caller's sink, a listing is read page by page
 * (ListObjectsV2, at most 1,000 keys per answer).
 *
 * Errors: 404 is VG_ERR_NOT_FOUND; no connection, timeouts and 5xx are VG_ERR_UNAVAILABLE
 * (the caller retries later); anything else (403 SignatureDoesNotMatch, ...) is VG_ERR_IO
 * and the store's answer goes to the log.
 */
#include <curl/curl.h>
#include <sodium.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "blob/blob_int.h"
#include "blob/sigv4.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/version.h"
#include "util/xalloc.h"

#define S3_CONNECT_TIMEOUT_S 5L
#define S3_LOW_SPEED_BYTES 1024L
#define S3_LOW_SPEED_TIME_S 30L
#define S3_SMALL_TIMEOUT_S 30L /* HEAD, DELETE, a listing page */
#define S3_BUFFER 262144L
#define S3_ERROR_BODY_CAP (16 * 1024)
#define S3_LIST_BODY_CAP (4 * 1024 * 1024)

struct s3 {
    char *scheme;   /* http | https */
    char *host;     /* host[:port] requests go to (virtual: BUCKET.host) */
    char *base;     /* scheme://host */
    char *root;     /* "/BUCKET" (path style) or "" (virtual) */
    char *bucket;
    char *prefix;   /* "" or "a/b" */
    char *region;
    char *sigv4;    /* "aws:amz:REGION:s3" */
    char *akid, *secret;
};

static pthread_once_t s3_curl_once = PTHREAD_ONCE_INIT;
static void s3_curl_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

static void s3_close(void *impl)
{
    struct s3 *s = impl;
    if (s == NULL)
        return;
    free(s->scheme);
    free(s->host);
    free(s->base);
    free(s->root);
    free(s->bucket);
    free(s->prefix);
    free(s->region);
    free(s->sigv4);
    if (s->secret != NULL)
        sodium_memzero(s->secret, strlen(s->secret));
    free(s->secret);
    free(s->akid);
    free(s);
}

/* Scheme and host[:port] of the endpoint, by libcurl's URL parser. */
static enum vg_err s3_parse_endpoint(const char *endpoint, char **scheme, char **host)
{
    CURLU *u = curl_url();
    char *sch = NULL, *h = NULL, *port = NULL;
    enum vg_err e = VG_ERR_INVALID;
    if (u != NULL && curl_url_set(u, CURLUPART_URL, endpoint, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &sch, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
        (strcmp(sch, "http") == 0 || strcmp(sch, "https") == 0)) {
        (void)curl_url_get(u, CURLUPART_PORT, &port, 0);
        *scheme = xstrdup(sch);
        *host = port ? xasprintf("%s:%s", h, port) : xstrdup(h);
        e = VG_OK;
    }
    curl_free(sch);
    curl_free(h);
    curl_free(port);
    curl_url_cleanup(u);
    return e;
}

enum vg_err blob_s3_impl(const struct blob_s3_config *cfg, void **impl)
{
    pthread_once(&s3_curl_once, s3_curl_init);
    const char *region = cfg->region && *cfg->region ? cfg->region : "us-east-1";
    char *aws = NULL;
    const char *endpoint = cfg->endpoint;
    if (endpoint == NULL || *endpoint == '\0')
        endpoint = aws = xasprintf("https://s3.%s.amazonaws.com", region);
    char *scheme = NULL, *host = NULL;
    if (s3_parse_endpoint(endpoint, &scheme, &host) != VG_OK) {
        fprintf(stderr, "vega: --s3-endpoint: not an http(s) URL: '%s'\n", endpoint);
        free(aws);
        return VG_ERR_INVALID;
    }
    bool virt = cfg->addressing == BLOB_S3_VIRTUAL ||
                (cfg->addressing == BLOB_S3_AUTO && aws != NULL);
    free(aws);
    struct s3 *s = xcalloc(1, sizeof *s);
    s->scheme = scheme;
    s->bucket = xstrdup(cfg->bucket);
    if (virt) {
        s->host = xasprintf("%s.%s", cfg->bucket, host);
        free(host);
        s->root = xstrdup("");
    } else {
        s->host = host;
        s->root = xasprintf("/%s", cfg->bucket);
    }
    s->base = xasprintf("%s://%s", s->scheme, s->host);
    s->prefix = xstrdup(cfg->prefix ? cfg->prefix : "");
    s->region = xstrdup(region);
    s->sigv4 = xasprintf("aws:amz:%s:s3", region);
    s->akid = xstrdup(cfg->access_key_id);
    s->secret = xstrdup(cfg->secret_access_key);
    *impl = s;
    return VG_OK;
}

/* The object's path: ROOT/PREFIX/KEY (keys and prefixes need no encoding: blob.h). */
static char *s3_path(const struct s3 *s, const char *key)
{
    return xasprintf("%s%s%s/%s", s->root, s->prefix[0] ? "/" : "", s->prefix, key);
}

/* ---- one request ---- */

struct s3_req {
    CURL *h;
    struct curl_slist *hdrs;
    char *url;
    blob_sink_fn sink; /* 2xx bodies go here; others to err */
    void *ctx;
    int sink_rc;
    struct buf err;
    long status;
    const char *version; /* get_version: the ETag the object must still have */
    bool version_changed;
};

/* The response's ETag header into out (quotes kept: S3 compares it as sent). */
static void s3_etag(CURL *h, char out[BLOB_VERSION_LEN])
{
    struct curl_header *hdr = NULL;
    out[0] = '\0';
    if (curl_easy_header(h, "ETag", 0, CURLH_HEADER, -1, &hdr) == CURLHE_OK && hdr != NULL)
        snprintf(out, BLOB_VERSION_LEN, "%s", hdr->value);
}

static size_t s3_write(char *p, size_t size, size_t nmemb, void *ud)
{
    struct s3_req *r = ud;
    size_t n = size * nmemb;
    long status = 0;
    curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 200 && status < 300 && r->sink != NULL) {
        if (r->version != NULL) {
            /* Stores that ignore If-Match: compare before the first byte is used. */
            char etag[BLOB_VERSION_LEN];
            s3_etag(r->h, etag);
            if (strcmp(etag, r->version) != 0) {
                r->version_changed = true;
                return 0;
            }
            r->version = NULL;
        }
        r->sink_rc = r->sink(r->ctx, p, n);
        return r->sink_rc == 0 ? n : 0; /* 0 ends the transfer */
    }
    if (buf_append(&r->err, p, n) != VG_OK)
        return 0;
    return n;
}

static void s3_req_init(struct s3_req *r, const struct s3 *s, const char *method,
                        const char *path_query)
{
    memset(r, 0, sizeof *r);
    buf_init(&r->err, S3_ERROR_BODY_CAP);
    r->url = xasprintf("%s%s", s->base, path_query);
    r->h = curl_easy_init();
    if (r->h == NULL)
        abort();
    CURL *h = r->h;
    /* libcurl hashes no streamed body: the payload is declared unsigned (S3 allows it). */
    r->hdrs = curl_slist_append(NULL, "x-amz-content-sha256: UNSIGNED-PAYLOAD");
    curl_easy_setopt(h, CURLOPT_URL, r->url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, r->hdrs);
    curl_easy_setopt(h, CURLOPT_AWS_SIGV4, s->sigv4);
    curl_easy_setopt(h, CURLOPT_USERNAME, s->akid);
    curl_easy_setopt(h, CURLOPT_PASSWORD, s->secret);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "vega/" VEGA_VERSION);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, S3_CONNECT_TIMEOUT_S);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, S3_LOW_SPEED_BYTES);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, S3_LOW_SPEED_TIME_S);
    curl_easy_setopt(h, CURLOPT_BUFFERSIZE, S3_BUFFER);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, s3_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
    if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
        curl_easy_setopt(h, CURLOPT_TIMEOUT, S3_SMALL_TIMEOUT_S);
    } else if (strcmp(method, "DELETE") == 0) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
        curl_easy_setopt(h, CURLOPT_TIMEOUT, S3_SMALL_TIMEOUT_S);
    }
}

static void s3_req_release(struct s3_req *r)
{
    curl_easy_cleanup(r->h);
    curl_slist_free_all(r->hdrs);
    buf_release(&r->err);
    free(r->url);
}

/* Run the request; map the outcome (see the file comment). */
static enum vg_err s3_perform(struct s3_req *r, const char *op)
{
    CURLcode rc = curl_easy_perform(r->h);
    curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE, &r->status);
    if (r->version_changed || r->status == 412) {
        log_msg(LOG_WARN, "s3_object_changed", "op", op, NULL);
        return VG_ERR_CONFLICT;
    }
    if (rc == CURLE_WRITE_ERROR && r->sink_rc > 0)
        return VG_OK; /* the sink had enough */
    if (rc == CURLE_WRITE_ERROR && r->sink_rc < 0)
        return VG_ERR_IO;
    char st[16];
    snprintf(st, sizeof st, "%ld", r->status);
    if (rc != CURLE_OK) {
        log_msg(LOG_WARN, "s3_unreachable", "op", op, "error", curl_easy_strerror(rc), NULL);
        return VG_ERR_UNAVAILABLE;
    }
    if (r->status >= 200 && r->status < 300)
        return VG_OK;
    if (r->status == 404)
        return VG_ERR_NOT_FOUND;
    /* The store's error code (<Code>...</Code>), never the URL: it may carry a signature. */
    const char *body = buf_cstr(&r->err);
    const char *c = strstr(body, "<Code>");
    char code[64] = "";
    if (c != NULL)
        snprintf(code, sizeof code, "%.*s", (int)strcspn(c + 6, "<"), c + 6);
    log_msg(r->status >= 500 ? LOG_WARN : LOG_ERROR, "s3_error", "op", op, "status", st, "code",
            code[0] ? code : NULL, NULL);
    return r->status >= 500 || r->status == 429 ? VG_ERR_UNAVAILABLE : VG_ERR_IO;
}

/* ---- the ops ---- */

struct s3_upload {
    int fd;
};

static size_t s3_read_fd(char *p, size_t size, size_t nmemb, void *ud)
{
    struct s3_upload *u = ud;
    for (;;) {
        ssize_t n = read(u->fd, p, size * nmemb);
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0 ? CURL_READFUNC_ABORT : (size_t)n;
    }
}

static enum vg_err s3_commit(void *impl, const char *key, int fd, const char *tmp_path,
                             uint64_t size)
{
    struct s3 *s = impl;
    (void)tmp_path;
    if (lseek(fd, 0, SEEK_SET) != 0)
        return VG_ERR_IO;
    char *path = s3_path(s, key);
    struct s3_req r;
    s3_req_init(&r, s, "PUT", path);
    struct s3_upload u = {fd};
    curl_easy_setopt(r.h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(r.h, CURLOPT_READFUNCTION, s3_read_fd);
    curl_easy_setopt(r.h, CURLOPT_READDATA, &u);
    curl_easy_setopt(r.h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)size);
    enum vg_err e = s3_perform(&r, "put");
    s3_req_release(&r);
    free(path);
    return e == VG_ERR_NOT_FOUND ? VG_ERR_IO : e; /* 404 on a PUT: no such bucket */
}

static enum vg_err s3_get_version(void *impl, const char *key, const char *version,
                                  blob_sink_fn sink, void *ctx)
{
    struct s3 *s = impl;
    char *path = s3_path(s, key);
    struct s3_req r;
    s3_req_init(&r, s, "GET", path);
    r.sink = sink;
    r.ctx = ctx;
    if (version != NULL) {
        /* AWS answers 412 itself; s3_write checks the ETag for stores that do not. */
        char *h = xasprintf("If-Match: %s", version);
        r.hdrs = curl_slist_append(r.hdrs, h);
        free(h);
        curl_easy_setopt(r.h, CURLOPT_HTTPHEADER, r.hdrs);
        r.version = version;
    }
    enum vg_err e = s3_perform(&r, "get");
    s3_req_release(&r);
    free(path);
    return e;
}

static enum vg_err s3_get(void *impl, const char *key, blob_sink_fn sink, void *ctx)
{
    return s3_get_version(impl, key, NULL, sink, ctx);
}

static enum vg_err s3_head(struct s3 *s, const char *path, uint64_t *size,
                           char etag[BLOB_VERSION_LEN])
{
    struct s3_req r;
    s3_req_init(&r, s, "HEAD", path);
    enum vg_err e = s3_perform(&r, "head");
    curl_off_t len = -1;
    if (e == VG_OK && size != NULL) {
        curl_easy_getinfo(r.h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len);
        *size = len > 0 ? (uint64_t)len : 0;
    }
    if (e == VG_OK && etag != NULL)
        s3_etag(r.h, etag);
    s3_req_release(&r);
    return e;
}

static enum vg_err s3_stat_version(void *impl, const char *key, uint64_t *size,
                                   char out[BLOB_VERSION_LEN])
{
    struct s3 *s = impl;
    char *path = s3_path(s, key);
    enum vg_err e = s3_head(s, path, size, out);
    free(path);
    return e;
}

static enum vg_err s3_stat(void *impl, const char *key, uint64_t *size)
{
    struct s3 *s = impl;
    char *path = s3_path(s, key);
    enum vg_err e = s3_head(s, path, size, NULL);
    free(path);
    return e;
}

/* S3's DELETE answers 204 whether or not the key existed: a HEAD first says how many
 * bytes this call freed. */
static enum vg_err s3_remove(void *impl, const char *key, uint64_t *freed)
{
    struct s3 *s = impl;
    char *path = s3_path(s, key);
    uint64_t size = 0;
    enum vg_err e = s3_head(s, path, &size, NULL);
    if (e == VG_ERR_NOT_FOUND) {
        free(path);
        return VG_OK;
    }
    if (e == VG_OK) {
        struct s3_req r;
        s3_req_init(&r, s, "DELETE", path);
        e = s3_perform(&r, "delete");
        s3_req_release(&r);
        if (e == VG_OK)
            *freed = size;
        if (e == VG_ERR_NOT_FOUND)
            e = VG_OK;
    }
    free(path);
    return e;
}

/* The text of the first <tag>...</tag> at or after p, in out (cap n); the position after
 * it, or NULL. Keys are limited to characters XML does not escape (blob.h). */
static const char *s3_xml_text(const char *p, const char *end, const char *tag, char *out,
                               size_t n)
{
    char open[48], close[48];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *a = strstr(p, open);
    if (a == NULL || (end != NULL && a >= end))
        return NULL;
    a += strlen(open);
    const char *b = strstr(a, close);
    if (b == NULL)
        return NULL;
    snprintf(out, n, "%.*s", (int)(b - a), a);
    return b + strlen(close);
}

static int s3_list_sink(void *ctx, const void *p, size_t n)
{
    return buf_append(ctx, p, n) == VG_OK ? 0 : -1;
}

static int64_t s3_parse_time(const char *iso)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) == NULL)
        return 0;
    return (int64_t)timegm(&tm);
}

/* Report the <Contents> of one page; 1 when fn stopped. */
static int s3_list_page(const struct s3 *s, const char *xml, blob_list_fn fn, void *ctx)
{
    size_t plen = s->prefix[0] ? strlen(s->prefix) + 1 : 0;
    const char *p = xml;
    for (;;) {
        const char *c = strstr(p, "<Contents>");
        if (c == NULL)
            return 0;
        const char *end = strstr(c, "</Contents>");
        if (end == NULL)
            return 0;
        char key[1100] = "", size[32] = "", mtime[64] = "";
        (void)s3_xml_text(c, end, "Key", key, sizeof key);
        (void)s3_xml_text(c, end, "Size", size, sizeof size);
        (void)s3_xml_text(c, end, "LastModified", mtime, sizeof mtime);
        p = end + strlen("</Contents>");
        if (strlen(key) <= plen || !blob_key_valid(key + plen))
            continue;
        if (fn(ctx, key + plen, strtoull(size, NULL, 10), s3_parse_time(mtime)) != 0)
            return 1;
    }
}

static enum vg_err s3_list(void *impl, const char *prefix, blob_list_fn fn, void *ctx)
{
    struct s3 *s = impl;
    char *full = xasprintf("%s%s%s", s->prefix, s->prefix[0] ? "/" : "", prefix);
    char *pfx = sigv4_uri_encode(full, 0);
    free(full);
    char token[1024] = "";
    enum vg_err e = VG_OK;
    for (;;) {
        /* Parameters in canonical (sorted) order, encoded: the SigV4 query as sent. */
        char *tok = sigv4_uri_encode(token, 0);
        char *pq = xasprintf("%s/?%s%s%slist-type=2&prefix=%s", s->root,
                             token[0] ? "continuation-token=" : "", tok, token[0] ? "&" : "",
                             pfx);
        free(tok);
        struct buf body = BUF_INIT;
        buf_init(&body, S3_LIST_BODY_CAP);
        struct s3_req r;
        s3_req_init(&r, s, "GET", pq);
        curl_easy_setopt(r.h, CURLOPT_TIMEOUT, S3_SMALL_TIMEOUT_S);
        r.sink = s3_list_sink;
        r.ctx = &body;
        e = s3_perform(&r, "list");
        s3_req_release(&r);
        free(pq);
        int stop = 0;
        char trunc[8] = "";
        if (e == VG_OK) {
            const char *xml = buf_cstr(&body);
            stop = s3_list_page(s, xml, fn, ctx);
            (void)s3_xml_text(xml, NULL, "IsTruncated", trunc, sizeof trunc);
            if (s3_xml_text(xml, NULL, "NextContinuationToken", token, sizeof token) == NULL)
                token[0] = '\0';
        }
        buf_release(&body);
        if (e != VG_OK || stop || strcmp(trunc, "true") != 0 || token[0] == '\0')
            break;
    }
    free(pfx);
    return e;
}

static enum vg_err s3_presign(void *impl, const char *method, const char *key, int64_t now,
                              int64_t expires, char **url)
{
    struct s3 *s = impl;
    char *path = s3_path(s, key);
    struct sigv4_presign p = {method,  s->scheme, s->host,   path, s->region, "s3",
                              s->akid, s->secret, (time_t)now, expires - now};
    *url = sigv4_presign_url(&p);
    free(path);
    return VG_OK;
}

/* HEAD on the bucket: it exists and the credentials may use it. */
static enum vg_err s3_ping(void *impl)
{
    struct s3 *s = impl;
    char *path = xasprintf("%s/", s->root);
    enum vg_err e = s3_head(s, path, NULL, NULL);
    free(path);
    return e == VG_OK ? VG_OK : VG_ERR_UNAVAILABLE;
}

const struct blob_ops blob_s3_ops = {
    .name = "s3",
    .commit = s3_commit,
    .get = s3_get,
    .open_read = NULL, /* spooled by blob.c */
    .stat = s3_stat,
    .remove = s3_remove,
    .list = s3_list,
    .presign = s3_presign,
    .stat_version = s3_stat_version,
    .get_version = s3_get_version,
    .ping = s3_ping,
    .close = s3_close,
};
