/*
 * relay.c - the chunked-body relay (see relay.h). One thread per relayed request, each
 * waiting in poll() on its two sockets; RELAY_MAX bounds them.
 */
#include "http/relay.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/gate.h"
#include "util/xalloc.h"

#define RELAY_BUF 16384
#define RELAY_LINE_MAX 1024 /* a size line or a trailer line */
#define RELAY_TRAILERS_MAX 32
#define RELAY_SIZE_DIGITS 15
#define RELAY_MSG "Malformed chunked request body."

enum { CH_SIZE, CH_SIZE_LF, CH_DATA, CH_DATA_CR, CH_DATA_LF, CH_TRAILER, CH_TRAILER_LF,
       CH_DONE };

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

size_t relay_chunks_feed(struct relay_chunks *c, const char *p, size_t n, int *bad, int *done)
{
    *bad = 0;
    *done = 0;
    size_t i = 0;
    while (i < n) {
        char ch = p[i];
        switch (c->state) {
        case CH_SIZE: /* hex digits, an optional ";extension", then CR */
            if (ch == '\r' && c->line > 0) {
                c->state = CH_SIZE_LF;
            } else if (c->line_has_colon) { /* in an extension (ignored, as RFC 9112 says) */
                if (((unsigned char)ch < ' ' && ch != '\t') || ch == 0x7F ||
                    ++c->ext > RELAY_LINE_MAX) {
                    *bad = 1;
                    return i;
                }
            } else if (ch == ';' && c->line > 0) {
                c->line_has_colon = 1;
            } else if (hexval(ch) >= 0 && c->line < RELAY_SIZE_DIGITS) {
                c->left = c->left * 16 + (unsigned)hexval(ch);
                c->line++;
            } else {
                *bad = 1;
                return i;
            }
            i++;
            break;
        case CH_SIZE_LF:
            if (ch != '\n') {
                *bad = 1;
                return i;
            }
            i++;
            c->line = 0;
            c->ext = 0;
            c->line_has_colon = 0;
            c->state = c->left > 0 ? CH_DATA : CH_TRAILER;
            break;
        case CH_DATA: {
            size_t take = n - i < c->left ? n - i : (size_t)c->left;
            c->left -= take;
            i += take;
            if (c->left == 0)
                c->state = CH_DATA_CR;
            break;
        }
        case CH_DATA_CR:
        case CH_DATA_LF:
            if (ch != (c->state == CH_DATA_CR ? '\r' : '\n')) {
                *bad = 1;
                return i;
            }
            i++;
            c->state = c->state == CH_DATA_CR ? CH_DATA_LF : CH_SIZE;
            break;
        case CH_TRAILER: /* "name: value" lines, then an empty one */
            if (ch == '\r') {
                if (c->line > 0 && !c->line_has_colon) {
                    *bad = 1;
                    return i;
                }
                c->state = CH_TRAILER_LF;
            } else if (c->line < RELAY_LINE_MAX && ((unsigned char)ch >= ' ' || ch == '\t') &&
                       ch != 0x7F && (c->line > 0 || (ch != ' ' && ch != '\t' && ch != ':'))) {
                if (ch == ':')
                    c->line_has_colon = 1;
                c->line++;
            } else {
                *bad = 1;
                return i;
            }
            i++;
            break;
        case CH_TRAILER_LF:
            if (ch != '\n' || ++c->trailers > RELAY_TRAILERS_MAX + 1) {
                *bad = 1;
                return i;
            }
            i++;
            if (c->line == 0) {
                c->state = CH_DONE;
                *done = 1;
                return i;
            }
            c->line = 0;
            c->line_has_colon = 0;
            c->state = CH_TRAILER;
            break;
        default:
            *done = 1;
            return i;
        }
    }
    return i;
}

struct relay {
    int client, mhd;
    size_t head_len;
    unsigned timeout_ms;
    char ip[64];
};

static atomic_uint relay_count;

/* Write all of p to fd, waiting up to timeout_ms for room each time. */
static bool write_all(int fd, const char *p, size_t n, unsigned timeout_ms)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w > 0) {
            p += w;
            n -= (size_t)w;
            continue;
        }
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return false;
        struct pollfd pf = {.fd = fd, .events = POLLOUT};
        if (poll(&pf, 1, (int)timeout_ms) <= 0)
            return false;
    }
    return true;
}

/* Read exactly n bytes of the (already arrived) head from fd into buf. */
static bool read_head(int fd, char *buf, size_t n, unsigned timeout_ms)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = recv(fd, buf + got, n - got, 0);
        if (r > 0) {
            got += (size_t)r;
            continue;
        }
        if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            return false;
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        if (poll(&pf, 1, (int)timeout_ms) <= 0)
            return false;
    }
    return true;
}

/* The head with "Connection: close" as its first header: libmicrohttpd reads the first
 * Connection header, so it closes the pair after its answer and the relay ends. */
static bool forward_head(struct relay *r, char *buf)
{
    if (!read_head(r->client, buf, r->head_len, r->timeout_ms))
        return false;
    const char *nl = memchr(buf, '\n', r->head_len);
    size_t first = nl ? (size_t)(nl - buf) + 1 : r->head_len;
    static const char conn_close[] = "Connection: close\r\n";
    return write_all(r->mhd, buf, first, r->timeout_ms) &&
           write_all(r->mhd, conn_close, sizeof(conn_close) - 1, r->timeout_ms) &&
           write_all(r->mhd, buf + first, r->head_len - first, r->timeout_ms);
}

static void relay_run(struct relay *r)
{
    char *buf = xmalloc(r->head_len > RELAY_BUF ? r->head_len : RELAY_BUF);
    struct relay_chunks ch = {0};
    bool body_done = false, answered = false;
    if (!forward_head(r, buf))
        goto out;
    for (;;) {
        struct pollfd pf[2] = {{.fd = r->mhd, .events = POLLIN},
                               {.fd = r->client, .events = body_done ? 0 : POLLIN}};
        int n = poll(pf, 2, (int)r->timeout_ms);
        if (n <= 0)
            break; /* libmicrohttpd's own timeouts are shorter: this is a stuck peer */
        if (pf[0].revents != 0) {
            ssize_t got = recv(r->mhd, buf, RELAY_BUF, 0);
            if (got <= 0)
                break; /* libmicrohttpd answered and closed */
            answered = true;
            if (!write_all(r->client, buf, (size_t)got, r->timeout_ms))
                break;
        }
        if (!body_done && pf[1].revents != 0) {
            ssize_t got = recv(r->client, buf, RELAY_BUF, 0);
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                continue;
            if (got <= 0)
                break; /* the client went away mid-body: libmicrohttpd sees it abort */
            int bad = 0, done = 0;
            size_t ok = relay_chunks_feed(&ch, buf, (size_t)got, &bad, &done);
            if (ok > 0 && !write_all(r->mhd, buf, ok, r->timeout_ms))
                break;
            if (bad) {
                if (!answered)
                    gate_send_refusal(r->client, VG_ERR_BAD_REQUEST, RELAY_MSG, r->ip, "body");
                break;
            }
            body_done = done != 0;
        }
    }
out:
    free(buf);
}

static void *relay_main(void *arg)
{
    struct relay *r = arg;
    relay_run(r);
    shutdown(r->client, SHUT_WR);
    close(r->mhd);
    close(r->client);
    free(r);
    atomic_fetch_sub(&relay_count, 1);
    return NULL;
}

int relay_start(int client_fd, size_t head_len, const char *ip, unsigned timeout_ms)
{
    if (atomic_fetch_add(&relay_count, 1) >= RELAY_MAX) {
        atomic_fetch_sub(&relay_count, 1);
        return -1;
    }
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) != 0) {
        atomic_fetch_sub(&relay_count, 1);
        return -1;
    }
    struct relay *r = xcalloc(1, sizeof(*r));
    r->client = client_fd;
    r->mhd = pair[0];
    r->head_len = head_len;
    r->timeout_ms = timeout_ms;
    snprintf(r->ip, sizeof(r->ip), "%s", ip ? ip : "");
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    int rc = pthread_create(&t, &attr, relay_main, r);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        close(pair[0]);
        close(pair[1]);
        free(r);
        atomic_fetch_sub(&relay_count, 1);
        return -1;
    }
    return pair[1];
}
