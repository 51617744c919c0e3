/*
 * app.c - opening the shared services of struct app.
 */
#include "app/app.h"

#include <stdio.h>

#include "store/store.h"

int app_open_store(struct app *app, int migrate)
{
    char reason[256] = "";
    enum vg_err e = store_open(app->cfg.database_url, 0, &app->store, reason, sizeof(reason));
    if (e != VG_OK) {
        fprintf(stderr, "vega: cannot open the database: %s\n", reason[0] ? reason : err_name(e));
        return -1;
    }
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

void app_close(struct app *app)
{
    store_close(app->store);
    app->store = NULL;
    config_release(&app->cfg);
}
