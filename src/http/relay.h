/*
 * relay.h - requests with a chunked body pass through a relay on their way to
 * libmicrohttpd, which would answer malformed chunk framing with its own HTML page. The
 * relay reads the client's bytes, checks the framing as it goes (strictly: hex sizes with
 * optional extensions, CRLF after each size line and each chunk, trailer lines
 * `name: value`), forwards what
 * is valid to libmicrohttpd over a socket pair, and copies libmicrohttpd's answer back.
 * At the first malformed byte it answers 400 in the JSON envelope itself and closes both
 * sides (libmicrohttpd sees the request aborted). The relayed request carries
 * `Connection: close`, so the relay ends with its one request.
 */
#ifndef VG_HTTP_RELAY_H
#define VG_HTTP_RELAY_H

#include <stddef.h>

/* Relays at most this many requests at once; more go to libmicrohttpd directly. */
#define RELAY_MAX 64

/*
 * Start relaying the request on client_fd whose head is head_len bytes (already checked by
 * the gate, still unread). timeout_ms bounds every wait for either side. Returns the
 * descriptor to give libmicrohttpd in place of client_fd, or -1 when no relay could be
 * started (client_fd is then untouched).
 */
int relay_start(int client_fd, size_t head_len, const char *ip, unsigned timeout_ms);

/* The framing check, exposed for tests: feed bytes in order; see relay.c. */
struct relay_chunks {
    int state;
    unsigned long long left; /* bytes of chunk data still to come */
    size_t line;             /* bytes of the current size / trailer line */
    size_t ext;              /* bytes of the current chunk extension */
    unsigned trailers;
    int line_has_colon;      /* in a size line: in its extension */
};

/* How many of the n bytes at p are valid framing: n when all are; fewer when a malformed
 * byte follows (*bad set) or the body ended (*done set: the rest is not this request's). */
size_t relay_chunks_feed(struct relay_chunks *c, const char *p, size_t n, int *bad, int *done);

#endif
