/*
 * gate.c - accept, hold and check new connections before libmicrohttpd takes them
 * (see gate.h). One thread, one epoll set: the listening socket, an eventfd to stop, and
 * the connections waiting for their first head (edge-triggered, read with MSG_PEEK), or
 * lingering after a refusal so the client reads the answer before the close.
 */
#include "http/gate.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "http/http.h"
#include "util/log.h"
#include "util/rand.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define GATE_LINGER_MS 1000   /* after a refusal: time for the client to read it */
#define GATE_PAUSE_MS 100     /* accept() out of descriptors: wait this long */
#define GATE_IP_BUCKETS 4096
#define GATE_MAX_EVENTS 256
#define GATE_MSG_HEAD_TOO_LARGE "The request line and header fields are too large."
#define GATE_MSG_TOO_MANY_HEADERS "Too many request header fields."

/* ---- rate-limited warnings ---- */

#define WARN_BURST 10
#define WARN_WINDOW_MS 10000.0

static pthread_mutex_t warn_mu = PTHREAD_MUTEX_INITIALIZER;
static double warn_window;
static unsigned warn_lines;
static unsigned long warn_suppressed;

void http_warn_limited(const char *event, const char *message, const char *ip)
{
    double now = time_mono_ms();
    unsigned long suppressed = 0;
    pthread_mutex_lock(&warn_mu);
    if (now - warn_window >= WARN_WINDOW_MS) {
        suppressed = warn_suppressed;
        warn_suppressed = 0;
        warn_lines = 0;
        warn_window = now;
    }
    bool emit = warn_lines < WARN_BURST;
    if (emit)
        warn_lines++;
    else
        warn_suppressed++;
    pthread_mutex_unlock(&warn_mu);
    if (suppressed > 0) {
        char n[32];
        snprintf(n, sizeof(n), "%lu", suppressed);
        log_msg(LOG_WARN, "warnings_suppressed", "lines", n, NULL);
    }
    if (emit)
        log_msg(LOG_WARN, event, "message", message, "ip", ip, NULL);
}

/* ---- checking a head ---- */

static bool is_tchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Trim optional whitespace around [*v, *v + *n). */
static void trim_ows(const char **v, size_t *n)
{
    while (*n > 0 && (**v == ' ' || **v == '\t')) {
        (*v)++;
        (*n)--;
    }
    while (*n > 0 && ((*v)[*n - 1] == ' ' || (*v)[*n - 1] == '\t'))
        (*n)--;
}

static int refuse(enum vg_err *e, const char **msg, enum vg_err err, const char *text)
{
    *e = err;
    *msg = text;
    return -1;
}

/* The request line: METHOD SP TARGET SP HTTP/1.x */
static int check_request_line(const char *p, size_t n, enum vg_err *e, const char **msg)
{
    size_t i = 0;
    while (i < n && is_tchar((unsigned char)p[i]))
        i++;
    if (i == 0 || i >= n || p[i] != ' ')
        return refuse(e, msg, VG_ERR_BAD_REQUEST, "Malformed request line.");
    size_t t = ++i;
    while (i < n && (unsigned char)p[i] > ' ' && p[i] != 0x7F)
        i++;
    if (i == t || i >= n || p[i] != ' ')
        return refuse(e, msg, VG_ERR_BAD_REQUEST, "Malformed request line.");
    i++;
    if (n - i != 8 || strncmp(p + i, "HTTP/1.", 7) != 0 || (p[i + 7] != '0' && p[i + 7] != '1'))
        return refuse(e, msg, VG_ERR_BAD_REQUEST,
                      "Unsupported or malformed HTTP version; use HTTP/1.1.");
    return 0;
}

/* A Content-Length value: digits that fit. */
static int check_content_length(const char *v, size_t n, enum vg_err *e, const char **msg)
{
    trim_ows(&v, &n);
    if (n == 0)
        return refuse(e, msg, VG_ERR_BAD_REQUEST, "Malformed Content-Length header.");
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return refuse(e, msg, VG_ERR_BAD_REQUEST, "Malformed Content-Length header.");
    }
    size_t digits = n;
    while (digits > 1 && *v == '0') {
        v++;
        digits--;
    }
    if (digits > 18) /* beyond any body this server takes, and near uint64 overflow */
        return refuse(e, msg, VG_ERR_TOO_LARGE, NULL);
    return 0;
}

int gate_check_head(const char *p, size_t n, const struct gate_options *o, enum vg_err *e,
                    const char **msg)
{
    size_t pos = 0;
    /* RFC 9112 2.2: ignore empty lines before the request line. */
    for (int k = 0; k < 4 && pos < n && (p[pos] == '\r' || p[pos] == '\n'); k++)
        pos += p[pos] == '\r' && pos + 1 < n && p[pos + 1] == '\n' ? 2 : 1;
    size_t headers = 0, cl = 0, te = 0;
    const char *cl_v = NULL;
    size_t cl_n = 0;
    for (bool first = true;; first = false) {
        const char *nl = memchr(p + pos, '\n', n - pos);
        if (nl == NULL) {
            if (n > o->max_head_bytes)
                return refuse(e, msg, VG_ERR_HEADERS_TOO_LARGE, GATE_MSG_HEAD_TOO_LARGE);
            return 0;
        }
        size_t end = (size_t)(nl - p), len = end - pos;
        if (end + 1 > o->max_head_bytes)
            return refuse(e, msg, VG_ERR_HEADERS_TOO_LARGE, GATE_MSG_HEAD_TOO_LARGE);
        if (len > 0 && p[end - 1] == '\r')
            len--;
        const char *line = p + pos;
        pos = end + 1;
        if (first) {
            if (check_request_line(line, len, e, msg) != 0)
                return -1;
            continue;
        }
        if (len == 0)
            break; /* the end of the head */
        if (++headers > o->max_headers)
            return refuse(e, msg, VG_ERR_HEADERS_TOO_LARGE, GATE_MSG_TOO_MANY_HEADERS);
        size_t i = 0;
        while (i < len && is_tchar((unsigned char)line[i]))
            i++;
        if (i == 0 || i >= len || line[i] != ':')
            return refuse(e, msg, VG_ERR_BAD_REQUEST, "Malformed header line.");
        for (size_t j = i + 1; j < len; j++) {
            unsigned char c = (unsigned char)line[j];
            if ((c < ' ' && c != '\t') || c == 0x7F)
                return refuse(e, msg, VG_ERR_BAD_REQUEST,
                              "Control characters in a header value.");
        }
        const char *v = line + i + 1;
        size_t vn = len - i - 1;
        if (i == 14 && strncasecmp(line, "Content-Length", 14) == 0) {
            if (check_content_length(v, vn, e, msg) != 0)
                return -1;
            trim_ows(&v, &vn);
            if (cl++ > 0 && (vn != cl_n || memcmp(v, cl_v, vn) != 0))
                return refuse(e, msg, VG_ERR_BAD_REQUEST, "Conflicting Content-Length headers.");
            cl_v = v;
            cl_n = vn;
        } else if (i == 17 && strncasecmp(line, "Transfer-Encoding", 17) == 0) {
            trim_ows(&v, &vn);
            if (te++ > 0 || vn != 7 || strncasecmp(v, "chunked", 7) != 0)
                return refuse(e, msg, VG_ERR_BAD_REQUEST,
                              "Unsupported Transfer-Encoding; only chunked is accepted.");
        }
    }
    if (cl > 0 && te > 0)
        return refuse(e, msg, VG_ERR_BAD_REQUEST,
                      "Content-Length and Transfer-Encoding cannot be used together.");
    return 1;
}

/* ---- the gate ---- */

struct gate_ip {
    unsigned char key[17]; /* family + address */
    unsigned count;
    struct gate_ip *next;
};

struct gate_conn {
    int fd;
    bool lingering;
    double deadline;
    struct gate_ip *ip;
    struct sockaddr_storage sa;
    socklen_t salen;
    char ipstr[INET6_ADDRSTRLEN];
    struct gate_conn *prev, *next;
};

/* Connections in deadline order: all get the same delay, so appending keeps the order. */
struct gate_list {
    struct gate_conn *head, *tail;
};

struct http_gate {
    int listen_fd, epfd, stopfd;
    struct gate_options o;
    gate_handoff fn;
    void *cls;
    pthread_t thread;
    unsigned pending;
    double paused_until; /* accept() paused (out of descriptors) */
    struct gate_list waiting, lingering;
    struct gate_ip *ips[GATE_IP_BUCKETS];
    char *peek; /* max_head_bytes + 1 */
};

static void list_add(struct gate_list *l, struct gate_conn *c)
{
    c->next = NULL;
    c->prev = l->tail;
    if (l->tail)
        l->tail->next = c;
    else
        l->head = c;
    l->tail = c;
}

static void list_del(struct gate_list *l, struct gate_conn *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        l->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    else
        l->tail = c->prev;
    c->prev = c->next = NULL;
}

static void ip_key(const struct sockaddr_storage *sa, unsigned char key[17])
{
    memset(key, 0, 17);
    key[0] = (unsigned char)sa->ss_family;
    if (sa->ss_family == AF_INET)
        memcpy(key + 1, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
    else if (sa->ss_family == AF_INET6)
        memcpy(key + 1, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
}

static size_t ip_bucket(const unsigned char key[17])
{
    uint32_t h = 2166136261u;
    for (int i = 0; i < 17; i++)
        h = (h ^ key[i]) * 16777619u;
    return h % GATE_IP_BUCKETS;
}

/* The address's entry with one more connection, or NULL when it has max_per_ip already. */
static struct gate_ip *ip_take(struct http_gate *g, const struct sockaddr_storage *sa)
{
    unsigned char key[17];
    ip_key(sa, key);
    struct gate_ip **b = &g->ips[ip_bucket(key)];
    struct gate_ip *e = *b;
    while (e != NULL && memcmp(e->key, key, 17) != 0)
        e = e->next;
    if (e == NULL) {
        e = xcalloc(1, sizeof(*e));
        memcpy(e->key, key, 17);
        e->next = *b;
        *b = e;
    }
    if (g->o.max_per_ip > 0 && e->count >= g->o.max_per_ip)
        return NULL;
    e->count++;
    return e;
}

static void ip_put(struct http_gate *g, struct gate_ip *e)
{
    if (e == NULL || --e->count > 0)
        return;
    struct gate_ip **b = &g->ips[ip_bucket(e->key)];
    while (*b != e)
        b = &(*b)->next;
    *b = e->next;
    free(e);
}

/* Forget c (its descriptor is closed or handed on by the caller). */
static void conn_forget(struct http_gate *g, struct gate_conn *c)
{
    epoll_ctl(g->epfd, EPOLL_CTL_DEL, c->fd, NULL);
    list_del(c->lingering ? &g->lingering : &g->waiting, c);
    if (!c->lingering) {
        ip_put(g, c->ip);
        g->pending--;
    }
    free(c);
}

static void conn_close(struct http_gate *g, struct gate_conn *c)
{
    int fd = c->fd;
    conn_forget(g, c);
    close(fd);
}

static const char *status_text(unsigned status)
{
    switch (status) {
    case 413:
        return "Content Too Large";
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Bad Request";
    }
}

void gate_send_refusal(int fd, enum vg_err e, const char *msg, const char *ip, const char *stage)
{
    struct resp r;
    resp_init(&r);
    resp_error(&r, e, msg);
    size_t blen = 0;
    const char *ctype = NULL;
    char *body = resp_render(&r, &blen, &ctype);
    char rid[24];
    rand_base62(rid, 20);
    unsigned status = err_http_status(e);
    char head[512];
    int hn = snprintf(head, sizeof(head),
                      "HTTP/1.1 %u %s\r\nContent-Type: application/json\r\n"
                      "Content-Length: %zu\r\nConnection: close\r\nX-Request-Id: %s\r\n"
                      "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\r\n",
                      status, status_text(status), blen, rid);
    struct buf out = BUF_INIT;
    if (buf_append(&out, head, (size_t)hn) == VG_OK && buf_append(&out, body, blen) == VG_OK)
        (void)!send(fd, out.ptr, out.len, MSG_NOSIGNAL);
    buf_release(&out);
    free(body);
    char status_s[8];
    snprintf(status_s, sizeof(status_s), "%u", status);
    log_msg(LOG_INFO, "http", "request_id", rid, "status", status_s, "ip", ip, "error",
            err_code(e), "stage", stage, NULL);
    resp_release(&r);
}

/* Answer a refused head in the envelope, then linger until the client closes. */
static void conn_refuse(struct http_gate *g, struct gate_conn *c, enum vg_err e, const char *msg)
{
    char sink[4096];
    for (int k = 0; k < 64 && read(c->fd, sink, sizeof(sink)) > 0; k++)
        ; /* unread input would turn the close into a reset that loses the answer */
    gate_send_refusal(c->fd, e, msg, c->ipstr, "head");
    shutdown(c->fd, SHUT_WR);
    list_del(&g->waiting, c);
    ip_put(g, c->ip);
    c->ip = NULL;
    g->pending--;
    c->lingering = true;
    c->deadline = time_mono_ms() + GATE_LINGER_MS;
    list_add(&g->lingering, c);
}

void gate_head_info(const char *p, size_t n, size_t *len, bool *chunked)
{
    *len = n;
    *chunked = false;
    size_t pos = 0;
    for (int k = 0; k < 4 && pos < n && (p[pos] == '\r' || p[pos] == '\n'); k++)
        pos += p[pos] == '\r' && pos + 1 < n && p[pos + 1] == '\n' ? 2 : 1;
    for (bool first = true;; first = false) {
        const char *nl = memchr(p + pos, '\n', n - pos);
        if (nl == NULL)
            return;
        size_t end = (size_t)(nl - p), l = end - pos;
        if (l > 0 && p[end - 1] == '\r')
            l--;
        const char *line = p + pos;
        pos = end + 1;
        if (first)
            continue;
        if (l == 0) {
            *len = pos;
            return;
        }
        if (l > 18 && strncasecmp(line, "Transfer-Encoding:", 18) == 0)
            *chunked = true; /* the check allowed only "chunked" */
    }
}

static void conn_readable(struct http_gate *g, struct gate_conn *c)
{
    if (c->lingering) {
        char sink[4096];
        ssize_t n;
        while ((n = read(c->fd, sink, sizeof(sink))) > 0)
            ;
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
            conn_close(g, c);
        return;
    }
    ssize_t n = recv(c->fd, g->peek, g->o.max_head_bytes + 1, MSG_PEEK);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        conn_close(g, c);
        return;
    }
    if (n < 0)
        return;
    enum vg_err e = VG_OK;
    const char *msg = NULL;
    int v = gate_check_head(g->peek, (size_t)n, &g->o, &e, &msg);
    if (v < 0) {
        conn_refuse(g, c, e, msg);
    } else if (v > 0) {
        int fd = c->fd;
        struct sockaddr_storage sa = c->sa;
        socklen_t salen = c->salen;
        char ip[INET6_ADDRSTRLEN];
        memcpy(ip, c->ipstr, sizeof(ip));
        struct gate_head h = {.ip = ip};
        gate_head_info(g->peek, (size_t)n, &h.len, &h.chunked);
        conn_forget(g, c);
        g->fn(g->cls, fd, (const struct sockaddr *)&sa, salen, &h);
    }
}

static void gate_accept(struct http_gate *g)
{
    for (;;) {
        struct sockaddr_storage sa;
        socklen_t salen = sizeof(sa);
        int fd = accept4(g->listen_fd, (struct sockaddr *)&sa, &salen,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                http_warn_limited("accept_failed", strerror(errno), NULL);
                epoll_ctl(g->epfd, EPOLL_CTL_DEL, g->listen_fd, NULL);
                g->paused_until = time_mono_ms() + GATE_PAUSE_MS;
            }
            return; /* EAGAIN, or a connection that went away */
        }
        char ipstr[INET6_ADDRSTRLEN] = "unknown";
        if (sa.ss_family == AF_INET)
            inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, ipstr, sizeof(ipstr));
        else if (sa.ss_family == AF_INET6)
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr, ipstr, sizeof(ipstr));
        struct gate_ip *ip = NULL;
        if (g->pending >= g->o.max_pending || (ip = ip_take(g, &sa)) == NULL) {
            http_warn_limited("connection_refused",
                              ip == NULL && g->pending < g->o.max_pending
                                  ? "too many connections from this address"
                                  : "too many connections waiting for their request",
                              ipstr);
            close(fd);
            continue;
        }
        struct gate_conn *c = xcalloc(1, sizeof(*c));
        c->fd = fd;
        c->ip = ip;
        c->sa = sa;
        c->salen = salen;
        memcpy(c->ipstr, ipstr, sizeof(ipstr));
        c->deadline = time_mono_ms() + g->o.header_timeout_ms;
        struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.ptr = c};
        if (epoll_ctl(g->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
            ip_put(g, ip);
            free(c);
            close(fd);
            continue;
        }
        list_add(&g->waiting, c);
        g->pending++;
    }
}

/* Close what is past its deadline; the milliseconds until the next deadline. */
static int gate_expire(struct http_gate *g)
{
    double now = time_mono_ms(), next = now + 1000;
    while (g->waiting.head != NULL && g->waiting.head->deadline <= now) {
        struct gate_conn *c = g->waiting.head;
        http_warn_limited("request_head_timeout", "no complete request head in time",
                          c->ipstr);
        char sink[4096];
        for (int k = 0; k < 16 && read(c->fd, sink, sizeof(sink)) > 0; k++)
            ; /* a close with unread input would be a reset */
        conn_close(g, c);
    }
    while (g->lingering.head != NULL && g->lingering.head->deadline <= now)
        conn_close(g, g->lingering.head);
    if (g->waiting.head != NULL && g->waiting.head->deadline < next)
        next = g->waiting.head->deadline;
    if (g->lingering.head != NULL && g->lingering.head->deadline < next)
        next = g->lingering.head->deadline;
    if (g->paused_until > 0) {
        if (g->paused_until <= now) {
            struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
            epoll_ctl(g->epfd, EPOLL_CTL_ADD, g->listen_fd, &ev);
            g->paused_until = 0;
        } else if (g->paused_until < next) {
            next = g->paused_until;
        }
    }
    return (int)(next - now) + 1;
}

static void *gate_main(void *arg)
{
    struct http_gate *g = arg;
    struct epoll_event evs[GATE_MAX_EVENTS];
    for (;;) {
        int timeout = gate_expire(g);
        int n = epoll_wait(g->epfd, evs, GATE_MAX_EVENTS, timeout);
        for (int i = 0; i < n; i++) {
            void *ptr = evs[i].data.ptr;
            if (ptr == g)
                return NULL; /* stop */
            if (ptr == NULL)
                gate_accept(g);
            else
                conn_readable(g, ptr);
        }
    }
}

struct http_gate *gate_start(int listen_fd, const struct gate_options *o, gate_handoff fn,
                             void *cls)
{
    struct http_gate *g = xcalloc(1, sizeof(*g));
    g->listen_fd = listen_fd;
    g->o = *o;
    g->fn = fn;
    g->cls = cls;
    g->peek = xmalloc(o->max_head_bytes + 1);
    g->epfd = epoll_create1(EPOLL_CLOEXEC);
    g->stopfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    struct epoll_event ls = {.events = EPOLLIN, .data.ptr = NULL};
    struct epoll_event ss = {.events = EPOLLIN, .data.ptr = g};
    if (g->epfd < 0 || g->stopfd < 0 || epoll_ctl(g->epfd, EPOLL_CTL_ADD, listen_fd, &ls) != 0 ||
        epoll_ctl(g->epfd, EPOLL_CTL_ADD, g->stopfd, &ss) != 0 ||
        pthread_create(&g->thread, NULL, gate_main, g) != 0) {
        if (g->epfd >= 0)
            close(g->epfd);
        if (g->stopfd >= 0)
            close(g->stopfd);
        free(g->peek);
        free(g);
        return NULL;
    }
    return g;
}

void gate_stop(struct http_gate *g)
{
    if (g == NULL)
        return;
    uint64_t one = 1;
    (void)!write(g->stopfd, &one, sizeof(one));
    pthread_join(g->thread, NULL);
    while (g->waiting.head != NULL)
        conn_close(g, g->waiting.head);
    while (g->lingering.head != NULL)
        conn_close(g, g->lingering.head);
    close(g->listen_fd);
    close(g->stopfd);
    close(g->epfd);
    free(g->peek);
    free(g);
}
