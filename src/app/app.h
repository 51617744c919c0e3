/*
 * app.h - the one context passed down instead of globals: configuration and the shared
 * services (store, blobs, engine). Built by the command that runs (serve, worker, ...),
 * borrowed by everything below it.
 */
#ifndef VG_APP_APP_H
#define VG_APP_APP_H

#include "app/config.h"

struct store;
struct blob_store;
struct scan_engine;
struct metrics;

struct app {
    struct config cfg;
    struct store *store;
    struct blob_store *blobs;
    struct scan_engine *engine; /* loaded by processes that run scan jobs */
    struct metrics *metrics;    /* counters for GET /metrics; may be NULL */
    /* NULL: the HTTP server serves every route (vega serve); a path: only that one, 404
     * for the rest (vega worker's --metrics-listen serves "/metrics"). */
    const char *http_only_path;
};

/* With the configuration loaded by the caller: open the store (migrating it when
 * migrate is set) and the blob store. Prints a message and returns -1 on failure. */
int app_open_store(struct app *app, int migrate);
/* Load the rule pack into app->engine (compiled database cached under DATA_DIR/cache).
 * Prints a message and returns -1 on failure. */
int app_load_engine(struct app *app);
void app_close(struct app *app);

#endif
