/*
 * migrate.c - `vega migrate`: apply pending database migrations and exit.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/setup.h"
#include "store/store.h"

static const char migrate_usage[] =
    "usage: vega migrate [options]\n\n"
    "Apply every pending migration to --database-url and exit. `vega serve` does the\n"
    "same at start-up; running it twice is harmless.\n";

int cmd_migrate(int argc, char **argv)
{
    struct app app;
    int rc = cli_setup(&app, &argc, argv, migrate_usage, cli_store_options);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    rc = 2;
    unsigned applied = 0;
    if (cli_reject_extra(argc, argv, 1) != 0 || app_open_store(&app, 0) != 0)
        goto out;
    if (store_migrate(app.store, &applied) != VG_OK) {
        fprintf(stderr, "vega migrate: migration failed (see the log above)\n");
        goto out;
    }
    printf("migrations applied: %u\n", applied);
    rc = 0;
out:
    app_close(&app);
    return rc;
}
