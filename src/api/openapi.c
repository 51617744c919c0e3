/*
 * openapi.c - GET /v1/openapi.json (docs/openapi.json, embedded at build time) and
 * GET /docs, a small self-contained page that renders it (no external scripts: the
 * server may run without internet access).
 */
#include <string.h>

#include "api/api.h"
#include "app/app.h"
#include "util/embedded.h"

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

static const char docs_page[] =
    "<!doctype html><html><head><meta charset=utf-8><title>Vega API</title>"
    "<style>body{font:15px system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em}"
    "h2{margin-top:1.5em}.op{border:1px solid #ddd;border-radius:6px;margin:.5em 0;"
    "padding:.5em .8em}.m{font-weight:bold;display:inline-block;width:5em}"
    "code{background:#f4f4f4;padding:0 .3em}</style></head><body>"
    "<h1 id=title>Vega API</h1><p>Machine-readable: <a href=/v1/openapi.json>"
    "/v1/openapi.json</a></p><div id=ops>Loading…</div><script>"
    "fetch('/v1/openapi.json').then(r=>r.json()).then(d=>{"
    "document.getElementById('title').textContent=d.info.title+' '+d.info.version;"
    "const o=document.getElementById('ops');o.textContent='';const groups={};"
    "for(const[p,ms]of Object.entries(d.paths))for(const[m,op]of Object.entries(ms)){"
    "const t=(op.tags||['other'])[0];(groups[t]=groups[t]||[]).push([m,p,op]);}"
    "for(const[t,ops]of Object.entries(groups)){const h=document.createElement('h2');"
    "h.textContent=t;o.appendChild(h);for(const[m,p,op]of ops){"
    "const e=document.createElement('div');e.className='op';"
    "const s=document.createElement('span');s.className='m';s.textContent=m.toUpperCase();"
    "const c=document.createElement('code');c.textContent=p;"
    "const x=document.createElement('div');x.textContent=op.summary||'';"
    "e.append(s,c,x);o.appendChild(e);}}});</script></body></html>";

enum vg_err api_openapi_docs(struct req *req, struct resp *resp)
{
    (void)req;
    return resp_raw(resp, 200, "text/html; charset=utf-8", docs_page, sizeof(docs_page) - 1);
}
