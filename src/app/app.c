/*
 * app.c - opening and closing the shared services of struct app.
 */
#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/metrics.h"
#include "blob/blob.h"
#include "scan/engine.h"
#include "store/store.h"
#include "util/xalloc.h"

static int app_open_blobs(struct app *app)
{
    const struct config *c = &app->cfg;
    const char *a = c->s3_addressing ? c->s3_addressing : "auto";
    struct blob_config bc = {
        c->blob_url,
        c->data_dir,
        c->s3_endpoint,
        c->s3_region,
        c->s3_access_key_id,
        c->s3_secret_access_key,
        strcmp(a, "path") == 0 ? BLOB_S3_PATH : strcmp(a, "virtual") == 0 ? BLOB_S3_VIRTUAL
                                                                           : BLOB_S3_AUTO,
    };
    return blob_open(&bc, &app->blobs) == VG_OK ? 0 : -1;
}

int app_open_store(struct app *app, int migrate)
{
    char reason[256] = "";
    enum vg_err e = store_open_wait(app->cfg.database_url, 0, app->cfg.database_wait_seconds,
                                    &app->store, reason, sizeof(reason));
    if (e != VG_OK) {
        fprintf(stderr, "vega: cannot open the database: %s\n", reason[0] ? reason : err_name(e));
        return -1;
    }
    if (app_open_blobs(app) != 0)
        return -1;
    if (!migrate)
        return 0;
    unsigned applied = 0;
    e = store_migrate(app->store, &applied);
    if (e != VG_OK) {
        fprintf(stderr, "vega: database migration failed (%s)\n", err_name(e));
        return -1;
    }
    return 0;
}

int app_load_engine(struct app *app)
{
    struct buf errors = BUF_INIT;
    buf_init(&errors, 0);
    char *cache = xasprintf("%s/cache", app->cfg.data_dir);
    struct scan_engine_config ec = {.embedded = true, .dirs = NULL, .n_dirs = 0,
                                    .cache_dir = cache};
    enum vg_err e = scan_engine_load(&ec, &app->engine, &errors);
    free(cache);
    if (e != VG_OK)
        fprintf(stderr, "vega: cannot load the rule pack:\n%s\n", buf_cstr(&errors));
    buf_release(&errors);
    return e == VG_OK ? 0 : -1;
}

void app_close(struct app *app)
{
    metrics_free(app->metrics);
    app->metrics = NULL;
    scan_engine_free(app->engine);
    app->engine = NULL;
    blob_close(app->blobs);
    app->blobs = NULL;
    store_close(app->store);
    app->store = NULL;
    config_release(&app->cfg);
}
