/*
 * static.h - the dashboard's embedded files over HTTP (see static.c). Thread-safe: reads
 * only the constant asset table.
 */
#ifndef VG_WEB_STATIC_H
#define VG_WEB_STATIC_H

#include "http/http.h"
#include "web/assets.h"

/* The asset at exactly this URL path, or NULL. */
const struct web_asset *web_asset_find(const char *path);
/* The variant to send for an Accept-Encoding header (NULL: identity). */
enum web_encoding web_pick_encoding(const struct web_asset *a, const char *accept_encoding);
/* Answer with asset a (200, or 304 when If-None-Match names it), with its caching and
 * security headers. */
enum vg_err web_serve_asset(struct req *req, struct resp *resp, const struct web_asset *a);
/* The fallback for a GET/HEAD no route matches: the asset at req->path, else index.html for
 * a client route, else 404 in the error envelope. */
enum vg_err web_serve(struct req *req, struct resp *resp);

#endif
