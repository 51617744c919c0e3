/*
 * openapi.c - GET /v1/openapi.json (docs/openapi.json, embedded at build time) and
 * GET /docs, Swagger UI rendering it (embedded in the binary: the server may run without
 * internet access).
 */
#include <string.h>

#include "api/api.h"
#include "app/app.h"
#include "util/embedded.h"
#include "web/static.h"

static const struct embedded_file *openapi_file(void)
{
    for (size_t i = 0; i < embedded_files_count; i++) {
        if (strcmp(embedded_files[i].path, "docs/openapi.json") == 0)
            return &embedded_files[i];
    }
    return NULL;
}

/* The document with `servers` set to the URL this server is reached at (public_url). */
enum vg_err api_openapi_json(struct req *req, struct resp *resp)
{
    const struct embedded_file *f = openapi_file();
    if (f == NULL)
        return resp_error(resp, VG_ERR_NOT_FOUND, "The OpenAPI document is not built in.");
    json_t *doc = json_loadb((const char *)f->data, f->len, 0, NULL);
    if (doc == NULL)
        return resp_error(resp, VG_ERR_INTERNAL, NULL);
    json_object_set_new(doc, "servers",
                        json_pack("[{s:s}]", "url", req->app->cfg.public_url));
    return resp_json(resp, 200, doc);
}

/* Swagger UI (swagger-ui-dist from npm, embedded with the dashboard: web/build.mjs) on this
 * server's /v1/openapi.json; try-it calls the same origin. */
enum vg_err api_openapi_docs(struct req *req, struct resp *resp)
{
    const struct web_asset *a = web_asset_find("/docs");
    if (a == NULL)
        return resp_error(resp, VG_ERR_NOT_FOUND, "The API reference is not built in.");
    return web_serve_asset(req, resp, a);
}
