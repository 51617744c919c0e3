/*
 * server.h - the libmicrohttpd glue: a daemon with a thread pool on epoll that turns
 * each request into a struct req, runs route_dispatch() and sends the struct resp.
 * Adds X-Request-Id to every response and writes one JSON access-log line per request.
 */
#ifndef VG_HTTP_SERVER_H
#define VG_HTTP_SERVER_H

struct app;
struct http_server;

/* Start listening on app->cfg.listen_host:listen_port. NULL (and a message on stderr)
 * when the address cannot be bound. */
struct http_server *http_server_start(struct app *app);
/* Stop accepting, let in-flight requests finish (up to grace_ms), then stop. */
void http_server_stop(struct http_server *srv, unsigned grace_ms);

#endif
