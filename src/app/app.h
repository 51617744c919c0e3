/*
 * app.h - the one context passed down instead of globals: configuration and the shared
 * services (store, blobs, engine). Built by the command that runs (serve, worker, ...),
 * borrowed by everything below it.
 */
#ifndef VG_APP_APP_H
#define VG_APP_APP_H

#include <stdatomic.h>

#include "app/config.h"

struct store;

struct app {
    struct config cfg;
    struct store *store;
    atomic_bool stopping;
};

/* Load configuration is done by the caller; this opens the store and migrates it.
 * Prints a message and returns -1 on failure. */
int app_open_store(struct app *app, int migrate);
void app_close(struct app *app);

#endif
