/*
 * server.c - libmicrohttpd glue (see server.h). The only file that includes
 * microhttpd.h. Request bodies are read into a buffer capped by the route's limit;
 * a larger Content-Length is refused with 413 before the body is read.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/app.h"
#include "app/metrics.h"
#include "http/gate.h"
#include "http/relay.h"
#include "http/route.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

struct http_ctx;

/* The offload pool (route->offload): a queue of suspended requests and a few threads. */
struct http_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct http_ctx *head, *tail;
    pthread_t *threads;
    unsigned nthreads;
    bool stop;
};

/* A connection libmicrohttpd holds, watched between its requests (see http_idle_main). */
struct http_watch {
    int fd;
    double idle_since; /* ms; 0 while a request is in progress */
    struct http_watch *prev, *next;
};

/* Every connection between requests must complete its next request head within the
 * header timeout, counted from the end of the previous request: libmicrohttpd's own
 * timeout is one of inactivity, which a client trickling a byte at a time never meets.
 * One thread sweeps the list and shuts an overdue connection down; libmicrohttpd then
 * closes it, and its per-address slot is free. */
struct http_idle {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct http_watch *head;
    pthread_t thread;
    bool running, stop;
    double timeout_ms;
};

struct http_server {
    struct MHD_Daemon *daemon;
    struct http_gate *gate;
    struct app *app;
    atomic_int active;
    struct http_pool pool;
    struct http_idle idle;
};

struct http_ctx {
    struct http_server *srv;
    struct req req;
    struct resp resp;
    char *method;
    char *path;
    char ip[INET6_ADDRSTRLEN];
    size_t cap;
    int too_large;
    int too_many_headers; /* more than HTTP_MAX_KV: 431 */
    int responded;
    const struct route *stream_route; /* a streaming route in progress */
    void *stream_state;
    int stream_failed;
    int stream_ended;
    int long_timeout; /* the body timeout is in force on the connection */
    /* Offloaded requests: 0 not (yet), 1 queued or running on the pool, 2 answered. */
    int offload;
    int offloaded;
    struct MHD_Connection *conn;
    struct http_ctx *next;
    double start_ms;
};

static enum MHD_Result collect_kv(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    struct http_ctx *c = cls;
    struct req *r = &c->req;
    if (key == NULL)
        return MHD_YES;
    if (kind == MHD_HEADER_KIND) {
        if (r->nheaders == HTTP_MAX_KV) {
            c->too_many_headers = 1;
            return MHD_NO;
        }
        r->headers[r->nheaders].name = key;
        r->headers[r->nheaders++].value = value ? value : "";
    } else if (kind == MHD_GET_ARGUMENT_KIND && r->nquery < HTTP_MAX_KV) {
        r->query[r->nquery].name = key;
        r->query[r->nquery++].value = value ? value : "";
    }
    return MHD_YES;
}

static void ctx_client_ip(struct http_ctx *c, struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(c->ip, sizeof(c->ip), "unknown");
    if (ci == NULL || ci->client_addr == NULL)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, c->ip,
                  sizeof(c->ip));
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, c->ip,
                  sizeof(c->ip));
}

static void ctx_request_id(struct http_ctx *c)
{
    const char *given = req_header(&c->req, "X-Request-Id");
    size_t n = given ? strlen(given) : 0;
    if (n > 0 && n < sizeof(c->req.request_id) &&
        strspn(given, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n) {
        memcpy(c->req.request_id, given, n + 1);
        return;
    }
    rand_base62(c->req.request_id, 20);
}

static struct http_ctx *ctx_new(struct http_server *srv, struct MHD_Connection *conn,
                                const char *method, const char *url)
{
    struct http_ctx *c = xcalloc(1, sizeof(*c));
    c->srv = srv;
    c->start_ms = time_mono_ms();
    c->method = xstrdup(method);
    c->path = xstrdup(url);
    req_init(&c->req, srv->app);
    resp_init(&c->resp);
    c->req.method = c->method;
    c->req.path = c->path;
    MHD_get_connection_values(conn, MHD_HEADER_KIND | MHD_GET_ARGUMENT_KIND, collect_kv, c);
    ctx_client_ip(c, conn);
    c->req.client_ip = c->ip;
    ctx_request_id(c);
    const struct route *route = route_lookup(method, url);
    c->offload = route != NULL && route->offload;
    c->cap = route_body_cap(srv->app, method, url);
    c->req.body.cap = c->cap;
    atomic_fetch_add(&srv->active, 1);
    return c;
}

/* resp_stream's body as libmicrohttpd's content reader. */
struct stream_body {
    resp_read_fn read;
    resp_done_fn done;
    void *ctx;
};

static ssize_t stream_body_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    struct stream_body *b = cls;
    ssize_t n = b->read(b->ctx, buf, max);
    return n > 0 ? n : n == 0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void stream_body_free(void *cls)
{
    struct stream_body *b = cls;
    b->done(b->ctx);
    free(b);
}

/* A response reading c->resp's stream (which it now owns), or NULL. */
static struct MHD_Response *stream_response(struct http_ctx *c)
{
    struct stream_body *b = xcalloc(1, sizeof *b);
    *b = (struct stream_body){c->resp.stream_read, c->resp.stream_done, c->resp.stream_ctx};
    c->resp.stream_ctx = NULL;
    struct MHD_Response *r = MHD_create_response_from_callback(
        MHD_SIZE_UNKNOWN, 64 * 1024, stream_body_read, b, stream_body_free);
    if (r == NULL)
        stream_body_free(b);
    return r;
}

static enum MHD_Result ctx_send(struct http_ctx *c, struct MHD_Connection *conn)
{
    size_t len = 0;
    const char *ctype = NULL;
    char *body = NULL;
    struct MHD_Response *r = NULL;
    if (c->resp.err == VG_OK && c->resp.json == NULL && c->resp.stream_ctx != NULL) {
        ctype = c->resp.content_type;
        r = stream_response(c);
    } else if (c->resp.err == VG_OK && c->resp.json == NULL && c->resp.static_body != NULL) {
        ctype = c->resp.content_type;
        r = MHD_create_response_from_buffer(c->resp.static_len,
                                            (void *)(uintptr_t)c->resp.static_body,
                                            MHD_RESPMEM_PERSISTENT);
    } else {
        body = resp_render(&c->resp, &len, &ctype);
        r = MHD_create_response_from_buffer(len, body ? body : (char *)(uintptr_t) "",
                                            body ? MHD_RESPMEM_MUST_FREE
                                                 : MHD_RESPMEM_PERSISTENT);
    }
    if (r == NULL) {
        free(body);
        return MHD_NO;
    }
    if (ctype != NULL)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    MHD_add_response_header(r, "X-Request-Id", c->req.request_id);
    if (!resp_has_header(&c->resp, "Cache-Control"))
        MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    for (size_t i = 0; i < c->resp.nheaders; i++)
        MHD_add_response_header(r, c->resp.headers[i].name, c->resp.headers[i].value);
    enum MHD_Result ret = MHD_queue_response(conn, c->resp.status, r);
    MHD_destroy_response(r);
    c->responded = 1;
    return ret;
}

/* ---- the offload pool ---- */

static void *pool_main(void *arg)
{
    struct http_server *srv = arg;
    struct http_pool *pl = &srv->pool;
    /* Below the HTTP threads: a burst of password checks yields the cores to them. */
    (void)setpriority(PRIO_PROCESS, 0, 5);
    for (;;) {
        pthread_mutex_lock(&pl->mu);
        while (pl->head == NULL && !pl->stop)
            pthread_cond_wait(&pl->cv, &pl->mu);
        struct http_ctx *c = pl->head;
        if (c == NULL) { /* stopping, and the queue is drained */
            pthread_mutex_unlock(&pl->mu);
            return NULL;
        }
        pl->head = c->next;
        if (pl->head == NULL)
            pl->tail = NULL;
        pthread_mutex_unlock(&pl->mu);
        route_dispatch(&c->req, &c->resp, c->too_large);
        c->offloaded = 2;
        MHD_resume_connection(c->conn); /* MHD calls http_access again: it sends */
    }
}

/* Suspend c's connection and queue c, or false once the pool is stopping (the caller then
 * answers it itself). Under the pool's lock, so nothing is suspended after pool_stop()
 * began: every suspended connection is resumed before libmicrohttpd stops. */
static bool pool_offload(struct http_server *srv, struct http_ctx *c, struct MHD_Connection *conn)
{
    struct http_pool *pl = &srv->pool;
    pthread_mutex_lock(&pl->mu);
    if (pl->stop) {
        pthread_mutex_unlock(&pl->mu);
        return false;
    }
    c->offloaded = 1;
    c->conn = conn;
    MHD_suspend_connection(conn);
    c->next = NULL;
    if (pl->tail != NULL)
        pl->tail->next = c;
    else
        pl->head = c;
    pl->tail = c;
    pthread_cond_signal(&pl->cv);
    pthread_mutex_unlock(&pl->mu);
    return true;
}

static int pool_start(struct http_server *srv, unsigned n)
{
    struct http_pool *pl = &srv->pool;
    pthread_mutex_init(&pl->mu, NULL);
    pthread_cond_init(&pl->cv, NULL);
    pl->threads = xcalloc(n, sizeof(*pl->threads));
    for (unsigned i = 0; i < n; i++) {
        if (pthread_create(&pl->threads[i], NULL, pool_main, srv) != 0)
            return -1;
        pl->nthreads++;
    }
    return 0;
}

/* Let the threads finish every queued request (each resumes its connection), then join. */
static void pool_stop(struct http_server *srv)
{
    struct http_pool *pl = &srv->pool;
    pthread_mutex_lock(&pl->mu);
    pl->stop = true;
    pthread_cond_broadcast(&pl->cv);
    pthread_mutex_unlock(&pl->mu);
    for (unsigned i = 0; i < pl->nthreads; i++)
        pthread_join(pl->threads[i], NULL);
    free(pl->threads);
    pthread_cond_destroy(&pl->cv);
    pthread_mutex_destroy(&pl->mu);
}

static enum MHD_Result ctx_respond(struct http_ctx *c, struct MHD_Connection *conn)
{
    if (c->offload && !c->too_large) {
        if (c->offloaded == 2)
            return ctx_send(c, conn);
        if (c->offloaded == 1 || pool_offload(c->srv, c, conn))
            return MHD_YES;
    }
    route_dispatch(&c->req, &c->resp, c->too_large);
    return ctx_send(c, conn);
}

/* Close a stream exactly once: complete=false only releases its state. */
static void ctx_stream_end(struct http_ctx *c, bool complete)
{
    if (c->stream_route == NULL || c->stream_ended)
        return;
    c->stream_ended = 1;
    const struct route_stream *st = c->stream_route->stream;
    enum vg_err e = st->end(&c->req, &c->resp, c->stream_state, complete);
    if (complete && e != VG_OK && c->resp.err == VG_OK)
        resp_error(&c->resp, e, NULL);
}

/* A chunk (or the end) of a streaming request body. */
static enum MHD_Result ctx_stream(struct http_ctx *c, struct MHD_Connection *conn,
                                  const char *data, size_t *size)
{
    if (*size > 0) {
        if (!c->stream_failed) {
            enum vg_err e =
                c->stream_route->stream->data(&c->req, &c->resp, c->stream_state, data, *size);
            if (e != VG_OK) {
                if (c->resp.err == VG_OK)
                    resp_error(&c->resp, e, NULL);
                c->stream_failed = 1;
                ctx_stream_end(c, false);
            }
        }
        *size = 0;
        return MHD_YES;
    }
    if (!c->stream_failed)
        ctx_stream_end(c, true);
    return ctx_send(c, conn);
}
/*
 * Timeouts: the daemon's inactivity timeout is the short header timeout (an idle keep-alive
 * connection, or one that dribbles its request line and headers, is closed after it); once
 * a request's headers are in and a body follows, its connection gets the longer body
 * timeout (a slow upload), and the short one again when the request is done.
 */
static void ctx_body_timeout(struct http_ctx *c, struct MHD_Connection *conn)
{
    const char *cl = req_header(&c->req, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *te = req_header(&c->req, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    if ((cl == NULL || strtoull(cl, NULL, 10) == 0) && te == NULL)
        return;
    const struct config *cfg = &c->srv->app->cfg;
    MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT,
                              (unsigned)cfg->body_timeout_seconds);
    c->long_timeout = 1;
}

/* ---- the keep-alive watch ---- */

#define HTTP_IDLE_SWEEP_MS 200

static void http_watch_mark(struct http_server *srv, struct MHD_Connection *conn, bool idle)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct http_watch *w = ci != NULL ? ci->socket_context : NULL;
    if (w == NULL)
        return;
    pthread_mutex_lock(&srv->idle.mu);
    w->idle_since = idle ? time_mono_ms() : 0;
    pthread_mutex_unlock(&srv->idle.mu);
}

static void http_notify_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                                   enum MHD_ConnectionNotificationCode toe)
{
    struct http_server *srv = cls;
    struct http_idle *id = &srv->idle;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct http_watch *w = xcalloc(1, sizeof(*w));
        w->fd = ci != NULL ? ci->connect_fd : -1;
        w->idle_since = time_mono_ms(); /* its first head is here already (the gate saw it) */
        pthread_mutex_lock(&id->mu);
        w->next = id->head;
        if (id->head)
            id->head->prev = w;
        id->head = w;
        pthread_mutex_unlock(&id->mu);
        *socket_context = w;
        return;
    }
    struct http_watch *w = *socket_context;
    if (w == NULL)
        return;
    /* Before libmicrohttpd closes the descriptor: the sweep never touches a reused one. */
    pthread_mutex_lock(&id->mu);
    if (w->prev)
        w->prev->next = w->next;
    else
        id->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    pthread_mutex_unlock(&id->mu);
    free(w);
    *socket_context = NULL;
}

static void *http_idle_main(void *arg)
{
    struct http_idle *id = arg;
    pthread_mutex_lock(&id->mu);
    while (!id->stop) {
        struct timespec until = time_deadline_after_ms(HTTP_IDLE_SWEEP_MS);
        pthread_cond_timedwait(&id->cv, &id->mu, &until);
        double now = time_mono_ms();
        for (struct http_watch *w = id->head; w != NULL && !id->stop; w = w->next) {
            if (w->idle_since > 0 && now - w->idle_since > id->timeout_ms && w->fd >= 0) {
                w->idle_since = 0; /* once */
                shutdown(w->fd, SHUT_RDWR);
                http_warn_limited("request_head_timeout",
                                  "no complete request head in time (keep-alive)", NULL);
            }
        }
    }
    pthread_mutex_unlock(&id->mu);
    return NULL;
}

static int http_idle_start(struct http_server *srv, unsigned timeout_s)
{
    struct http_idle *id = &srv->idle;
    pthread_mutex_init(&id->mu, NULL);
    pthread_cond_init(&id->cv, NULL);
    id->timeout_ms = timeout_s * 1000.0;
    id->running = pthread_create(&id->thread, NULL, http_idle_main, id) == 0;
    return id->running ? 0 : -1;
}

static void http_idle_stop(struct http_server *srv)
{
    struct http_idle *id = &srv->idle;
    if (!id->running)
        return;
    pthread_mutex_lock(&id->mu);
    id->stop = true;
    pthread_cond_broadcast(&id->cv);
    pthread_mutex_unlock(&id->mu);
    pthread_join(id->thread, NULL);
    id->running = false;
}

static enum MHD_Result http_access(void *cls, struct MHD_Connection *conn, const char *url,
                                   const char *method, const char *version,
                                   const char *upload_data, size_t *upload_data_size,
                                   void **con_cls)
{
    (void)version;
    struct http_server *srv = cls;
    struct http_ctx *c = *con_cls;
    if (c == NULL) {
        http_watch_mark(srv, conn, false);
        c = ctx_new(srv, conn, method, url);
        *con_cls = c;
        if (c->too_many_headers) {
            resp_errorf(&c->resp, VG_ERR_HEADERS_TOO_LARGE,
                        "Too many request header fields (at most %d).", HTTP_MAX_KV);
            return ctx_send(c, conn);
        }
        const char *cl = req_header(&c->req, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl != NULL && strtoull(cl, NULL, 10) > c->cap) {
            c->too_large = 1;
            return ctx_respond(c, conn);
        }
        ctx_body_timeout(c, conn);
        const struct route *r = route_lookup(method, url);
        if (r != NULL && r->body == ROUTE_BODY_STREAM) {
            if (route_stream_begin(&c->req, &c->resp, &c->stream_state) != VG_OK)
                return ctx_send(c, conn);
            c->stream_route = r;
        }
        return MHD_YES;
    }
    if (c->stream_route != NULL && !c->responded)
        return ctx_stream(c, conn, upload_data, upload_data_size);
    if (c->responded) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (!c->too_large && buf_append(&c->req.body, upload_data, *upload_data_size) != VG_OK) {
            c->too_large = 1;
            buf_release(&c->req.body);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    return ctx_respond(c, conn);
}

static void http_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                           enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    struct http_ctx *c = *con_cls;
    if (c == NULL)
        return;
    if (c->long_timeout && toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
        MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT,
                                  (unsigned)srv->app->cfg.header_timeout_seconds);
    http_watch_mark(srv, conn, true); /* the next head's clock starts now */
    ctx_stream_end(c, false);
    char status[8], ms[32];
    snprintf(status, sizeof(status), "%u", c->responded ? c->resp.status : 0);
    double elapsed_ms = time_mono_ms() - c->start_ms;
    snprintf(ms, sizeof(ms), "%.2f", elapsed_ms);
    if (c->responded) {
        const struct route *rt = route_lookup(c->method, c->path);
        metrics_http(srv->app->metrics, rt != NULL ? (size_t)(rt - routes) : routes_count,
                     c->resp.status, elapsed_ms / 1000.0);
    }
    const char *who = c->req.principal.kind == PRINCIPAL_KEY    ? "api_key"
                      : c->req.principal.kind == PRINCIPAL_USER ? "user"
                                                                : "anonymous";
    log_msg(toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? LOG_INFO : LOG_WARN, "http",
            "request_id", c->req.request_id, "method", c->method, "path", c->path, "status",
            status, "ms", ms, "ip", c->ip, "principal", who, "user_id",
            c->req.principal.user_id[0] ? c->req.principal.user_id : NULL, "error",
            c->resp.err != VG_OK ? err_code(c->resp.err) : NULL, NULL);
    req_release(&c->req);
    resp_release(&c->resp);
    free(c->method);
    free(c->path);
    free(c);
    *con_cls = NULL;
    atomic_fetch_sub(&srv->active, 1);
}

/* libmicrohttpd's own warnings come in bursts when a client misbehaves: rate-limited. */
__attribute__((format(printf, 2, 0))) static void http_mhd_log(void *cls, const char *fmt,
                                                           va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    /* A relayed request arrives on a local socket pair, where TCP options do not apply. */
    if (strncmp(msg, "Setting TCP_", 12) == 0 || strncmp(msg, "Failed to push the data", 23) == 0)
        return;
    http_warn_limited("mhd", msg, NULL);
}

/* Files the server keeps open besides connections (database, blobs, workers, logs). */
#define HTTP_FD_RESERVE 256

/* Raise the open-files limit to fit max_connections; the connection limit actually used
 * (the configured one, or what the hard limit leaves room for). */
static unsigned http_fd_budget(unsigned want)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return want;
    rlim_t need = (rlim_t)want + HTTP_FD_RESERVE;
    if (rl.rlim_cur < need) {
        rlim_t old = rl.rlim_cur;
        rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            rl.rlim_cur = old;
    }
    if (rl.rlim_cur >= need || rl.rlim_cur == RLIM_INFINITY)
        return want;
    unsigned fit = rl.rlim_cur > 2 * HTTP_FD_RESERVE ? (unsigned)(rl.rlim_cur - HTTP_FD_RESERVE)
                                                     : (unsigned)(rl.rlim_cur / 2);
    char w[32], f[32];
    snprintf(w, sizeof(w), "%u", want);
    snprintf(f, sizeof(f), "%u", fit);
    log_msg(LOG_WARN, "max_connections_lowered", "configured", w, "open_files_allows", f, NULL);
    return fit;
}

/* The gate hands a checked connection over. */
static void http_handoff(void *cls, int fd, const struct sockaddr *sa, socklen_t salen,
                         const struct gate_head *head)
{
    struct http_server *srv = cls;
    if (head->chunked) {
        const struct config *cfg = &srv->app->cfg;
        unsigned s = cfg->body_timeout_seconds > cfg->header_timeout_seconds
                         ? (unsigned)cfg->body_timeout_seconds
                         : (unsigned)cfg->header_timeout_seconds;
        int pfd = relay_start(fd, head->len, head->ip, (s + 5) * 1000u);
        if (pfd >= 0)
            fd = pfd; /* libmicrohttpd reads the relayed request */
    }
    if (MHD_add_connection(srv->daemon, fd, sa, salen) != MHD_YES)
        http_warn_limited("connection_dropped", "the server could not take the connection",
                          NULL); /* MHD closed it */
}

/* A listening socket on cfg->listen_host:listen_port, or -1 with a message. */
static int http_listen(const struct config *cfg)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    const char *host = cfg->listen_host;
    if (strcmp(host, "localhost") == 0)
        host = "127.0.0.1";
    struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
    socklen_t len;
    char h6[64];
    snprintf(h6, sizeof(h6), "%s", host[0] == '[' ? host + 1 : host);
    h6[strcspn(h6, "]")] = '\0';
    if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)cfg->listen_port);
        len = sizeof(*s4);
    } else if (inet_pton(AF_INET6, h6, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)cfg->listen_port);
        len = sizeof(*s6);
    } else {
        fprintf(stderr, "vega: --listen: '%s' is not an IP address\n", host);
        return -1;
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 1024) != 0) {
        fprintf(stderr, "vega: cannot listen on %s (in use or not permitted)\n", cfg->listen);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* Request heads the gate accepts (libmicrohttpd's pool, below, has room for them). */
#define HTTP_MAX_HEAD_BYTES (16 * 1024)
#define HTTP_CONN_MEMORY (64 * 1024)

struct http_server *http_server_start(struct app *app)
{
    const struct config *cfg = &app->cfg;
    int lfd = http_listen(cfg);
    if (lfd < 0)
        return NULL;
    struct http_server *srv = xcalloc(1, sizeof(*srv));
    srv->app = app;
    if (pool_start(srv, cfg->password_hash_threads ? cfg->password_hash_threads : 1) != 0 ||
        http_idle_start(srv, cfg->header_timeout_seconds ? cfg->header_timeout_seconds : 1) != 0) {
        fprintf(stderr, "vega: cannot start threads\n");
        goto fail;
    }
    unsigned threads = cfg->http_threads ? cfg->http_threads : 1;
    unsigned conns = http_fd_budget(cfg->max_connections > threads ? cfg->max_connections
                                                                    : threads);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
                     MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_NO_LISTEN_SOCKET;
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, http_access, srv, MHD_OPTION_EXTERNAL_LOGGER, http_mhd_log, srv,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_NOTIFY_COMPLETED, http_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, http_notify_connection, srv,
        MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(cfg->header_timeout_seconds ? cfg->header_timeout_seconds : 1),
        MHD_OPTION_CONNECTION_LIMIT, conns, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)cfg->max_connections_per_ip, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)HTTP_CONN_MEMORY, MHD_OPTION_END);
    if (srv->daemon == NULL) {
        fprintf(stderr, "vega: cannot start the HTTP server\n");
        goto fail;
    }
    struct gate_options go = {
        .header_timeout_ms = (cfg->header_timeout_seconds ? cfg->header_timeout_seconds : 1) * 1000u,
        .max_per_ip = cfg->max_connections_per_ip,
        .max_pending = conns,
        .max_head_bytes = HTTP_MAX_HEAD_BYTES,
        .max_headers = HTTP_MAX_KV,
    };
    srv->gate = gate_start(lfd, &go, http_handoff, srv);
    if (srv->gate == NULL) {
        fprintf(stderr, "vega: cannot start the HTTP server\n");
        MHD_stop_daemon(srv->daemon);
        goto fail;
    }
    return srv;
fail:
    http_idle_stop(srv);
    if (srv->pool.threads != NULL)
        pool_stop(srv);
    close(lfd);
    free(srv);
    return NULL;
}

void http_server_stop(struct http_server *srv, unsigned grace_ms)
{
    if (srv == NULL)
        return;
    gate_stop(srv->gate); /* no new connections */
    double until = time_mono_ms() + grace_ms;
    while (atomic_load(&srv->active) > 0 && time_mono_ms() < until)
        usleep(20 * 1000);
    pool_stop(srv); /* every suspended request is answered and resumed before the stop */
    MHD_stop_daemon(srv->daemon);
    http_idle_stop(srv); /* after the daemon: its connections' CLOSED notices are in */
    free(srv);
}
