/*
 * uploads.c - PUT /v1/uploads/{scan_id}?expires=E&signature=S: the signed upload URL
 * that POST /v1/scans hands out. The signature (HMAC of method, path and expiry with the
 * server key) is the only credential. The body streams to blob storage through a
 * temporary file and is renamed into place only when complete, so an interrupted upload
 * leaves nothing behind. Errors: 403 bad signature, 410 expired, 415 wrong content type,
 * 409 scan already started, 413 over --max-upload-bytes, 400 not a ZIP archive.
 *
 * An upload lands only while its scan still waits for it: the end of the body records
 * the upload with one conditional UPDATE (still queued, never started) and renames the
 * blob into place inside the same transaction, so a slow upload racing `start` either
 * lands before the start sees it or is refused with 409 and its data deleted - it can
 * never replace the archive of a scan that already ran.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "app/app.h"
#include "blob/blob.h"
#include "http/route.h"
#include "store/scans.h"
#include "store/store.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

struct upload {
    struct blob_writer *w;
    char scan_id[UUID_STR_LEN];
    char *key;
};

static bool upload_ctype_ok(const char *ct)
{
    if (ct == NULL)
        return false;
    size_t n = strcspn(ct, "; ");
    static const char *const ok[] = {"application/zip", "application/x-zip-compressed",
                                     "application/octet-stream"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        if (strlen(ok[i]) == n && strncasecmp(ct, ok[i], n) == 0)
            return true;
    }
    return false;
}

static enum vg_err upload_begin(struct req *req, struct resp *resp, void **state)
{
    const char *id = req_param(req, "scan_id");
    const char *exp = req_query(req, "expires");
    const char *sig = req_query(req, "signature");
    char path[96];
    char *end = NULL;
    long long expires = exp ? strtoll(exp, &end, 10) : 0;
    snprintf(path, sizeof(path), "/v1/uploads/%s", id ? id : "");
    if (!uuid_valid(id) || exp == NULL || *end != '\0' ||
        !blob_verify(req->app->cfg.key, "PUT", path, expires, sig))
        return resp_error(resp, VG_ERR_FORBIDDEN, "Invalid upload signature.");
    if (time_now() > expires)
        return resp_error(resp, VG_ERR_GONE,
                          "This upload URL has expired; create a new scan to get a fresh one.");
    if (!upload_ctype_ok(req_header(req, "Content-Type")))
        return resp_error(resp, VG_ERR_UNSUPPORTED_MEDIA,
                          "Upload the archive with Content-Type: application/zip.");
    struct store_scan scan;
    enum vg_err e = store_scans_get(req->app->store, id, NULL, &scan);
    if (e == VG_ERR_NOT_FOUND || (e == VG_OK && scan.upload_storage_path == NULL)) {
        store_scan_release(&scan);
        return resp_error(resp, VG_ERR_NOT_FOUND, "Scan not found");
    }
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    if (scan.status != SCAN_STATUS_QUEUED || scan.started_at != 0) {
        store_scan_release(&scan);
        return resp_error(resp, VG_ERR_CONFLICT,
                          "This scan has already started; create a new scan to upload again.");
    }
    struct upload *u = xcalloc(1, sizeof(*u));
    snprintf(u->scan_id, sizeof(u->scan_id), "%s", id);
    u->key = xstrdup(scan.upload_storage_path);
    store_scan_release(&scan);
    if (blob_writer_open(req->app->blobs, u->key, &u->w) != VG_OK) {
        free(u->key);
        free(u);
        return resp_error(resp, VG_ERR_UNAVAILABLE, "Storage is unavailable; try again.");
    }
    *state = u;
    return VG_OK;
}

static enum vg_err upload_data(struct req *req, struct resp *resp, void *state, const char *p,
                               size_t n)
{
    struct upload *u = state;
    enum vg_err e = blob_writer_write(u->w, p, n, req->app->cfg.max_upload_bytes);
    if (e == VG_ERR_TOO_LARGE)
        return resp_errorf(resp, VG_ERR_TOO_LARGE, "The archive exceeds %lu MB.",
                           req->app->cfg.max_upload_bytes / (1024 * 1024));
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, "Storage failed; try the upload again.");
    return VG_OK;
}

#define UPLOAD_MSG_STARTED                                                                  \
    "This scan has already started; the upload was discarded. Create a new scan to upload "  \
    "again."

/* Record the upload and move the blob into place, atomically with respect to `start`:
 * the row stays locked (SQLite: the write lock) from the conditional UPDATE to the commit.
 * VG_ERR_CONFLICT when the scan no longer waits for an upload; w is consumed always. */
static enum vg_err upload_land(struct app *app, struct upload *u, uint64_t size)
{
    struct store_conn *c = NULL;
    enum vg_err e = blob_writer_sync(u->w);
    if (e == VG_OK)
        e = store_acquire(app->store, &c);
    if (e == VG_OK)
        e = store_begin(c);
    if (e == VG_OK)
        e = store_scans_upload_landed(c, u->scan_id, time_now(), (int64_t)size, NULL);
    if (e == VG_OK) {
        e = blob_writer_commit(u->w);
        u->w = NULL;
    }
    if (e == VG_OK)
        e = store_commit(c);
    else if (c != NULL)
        store_rollback(c);
    store_release(c);
    blob_writer_abort(u->w);
    u->w = NULL;
    return e;
}

static enum vg_err upload_finish(struct req *req, struct resp *resp, struct upload *u)
{
    unsigned char head[8];
    size_t n = blob_writer_head(u->w, head);
    uint64_t size = blob_writer_size(u->w);
    bool zip = n >= 4 && head[0] == 'P' && head[1] == 'K' &&
               ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
    if (!zip) {
        blob_writer_abort(u->w);
        u->w = NULL;
        return resp_error(resp, VG_ERR_BAD_REQUEST,
                          size == 0 ? "The upload is empty." : "The upload is not a valid ZIP "
                                                               "archive.");
    }
    enum vg_err e = upload_land(req->app, u, size);
    if (e == VG_ERR_CONFLICT)
        return resp_error(resp, VG_ERR_CONFLICT, UPLOAD_MSG_STARTED);
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, "Storage failed; try the upload again.");
    return resp_json(resp, 200,
                     json_pack("{s:s,s:s,s:I}", "scan_id", u->scan_id, "upload_storage_path",
                               u->key, "size_bytes", (json_int_t)size));
}

static enum vg_err upload_end(struct req *req, struct resp *resp, void *state, bool complete)
{
    struct upload *u = state;
    if (u == NULL)
        return VG_OK;
    enum vg_err e = VG_OK;
    if (complete)
        e = upload_finish(req, resp, u);
    blob_writer_abort(u->w);
    free(u->key);
    free(u);
    return e;
}

const struct route_stream api_uploads_stream = {upload_begin, upload_data, upload_end};
