/*
 * gate.h - the front door of the HTTP server: it owns the listening socket, accepts
 * connections, holds each new one until its first request head (request line and
 * headers) has arrived, checks that head, and only then hands the connection to
 * libmicrohttpd (server.c). It looks at the head with MSG_PEEK, so libmicrohttpd still
 * reads the request from its first byte.
 *
 * Why: libmicrohttpd answers requests it cannot parse (a Content-Length that does not fit,
 * a malformed header line, a head over its memory limit, ...) itself, with an HTML page
 * (and, for Content-Length, the status line and headers twice). The gate answers those in
 * the JSON error envelope instead, once, and it bounds what idle or slow clients can hold:
 *   - a connection must deliver its whole first head within the header timeout (slowloris),
 *   - one client address holds at most max_per_ip connections waiting here,
 *   - at most max_pending connections wait here in all.
 * Later requests on a kept-alive connection are read by libmicrohttpd directly (server.c
 * holds them to the header timeout counted from the previous answer, and counts their
 * headers). A request with a chunked body goes through relay.c, which checks the chunk
 * framing libmicrohttpd would otherwise refuse with its own HTML page.
 */
#ifndef VG_HTTP_GATE_H
#define VG_HTTP_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "util/err.h"

struct http_gate;

struct gate_options {
    unsigned header_timeout_ms; /* the whole first head must arrive within this */
    unsigned max_per_ip;        /* connections one address may have waiting (0: no limit) */
    unsigned max_pending;       /* connections waiting in all */
    size_t max_head_bytes;      /* request line + headers */
    size_t max_headers;         /* header lines */
};

/* What the gate learnt of a connection's first head. */
struct gate_head {
    size_t len;   /* bytes up to and including the blank line that ends it */
    bool chunked; /* Transfer-Encoding: chunked */
    const char *ip; /* the client's address as text */
};

/* Receives a checked connection (it now belongs to the callee). */
typedef void (*gate_handoff)(void *cls, int fd, const struct sockaddr *sa, socklen_t salen,
                             const struct gate_head *head);

/* Start the gate's thread on a listening socket (which it then owns). NULL on failure. */
struct http_gate *gate_start(int listen_fd, const struct gate_options *o, gate_handoff fn,
                             void *cls);
/* Stop accepting and close the listening socket and every connection still waiting. */
void gate_stop(struct http_gate *g);

/*
 * Check a request head (what has arrived so far, n bytes). Returns 1 when p holds a whole
 * head that libmicrohttpd can take, 0 when more bytes are needed, -1 when the request must
 * be refused: *e and *msg (static text) say how.
 */
int gate_check_head(const char *p, size_t n, const struct gate_options *o, enum vg_err *e,
                    const char **msg);

/* Where a whole, checked head ends in p (the length including its blank line) and whether
 * it announces a chunked body. */
void gate_head_info(const char *p, size_t n, size_t *len, bool *chunked);

/* Answer a refused request on fd in the JSON envelope (status from e, Connection: close)
 * and log it as stage (ip may be NULL). Does not close fd. */
void gate_send_refusal(int fd, enum vg_err e, const char *msg, const char *ip, const char *stage);

/* A warning that may come in floods (refused connections, bad heads, libmicrohttpd's own
 * messages): at most a few lines per 10 s are written, then one line counting the ones
 * suppressed. ip may be NULL. */
void http_warn_limited(const char *event, const char *message, const char *ip);

#endif
