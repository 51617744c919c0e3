/*
 * serve.c - `vega serve`: migrate, seed the debug user in dev mode, serve HTTP until
 * SIGINT/SIGTERM, then finish in-flight requests and exit.
 */
#include <signal.h>
#include <stdio.h>

#include "app/metrics.h"
#include "app/users.h"
#include "cli/cli.h"
#include "cli/setup.h"
#include "http/route.h"
#include "http/server.h"
#include "jobs/cleanup.h"
#include "jobs/worker.h"
#include "util/log.h"

static const char serve_usage[] =
    "usage: vega serve [options]\n\n"
    "Serve the API on --listen (default 127.0.0.1:8000) under /v1. Applies pending\n"
    "migrations first. With --dev, the user debug@example.com / vega-debug-password\n"
    "exists with a verified email. Runs --workers scan worker threads (default 2; 0 to\n"
    "leave scans to `vega worker` processes). Every --cleanup-interval seconds (default\n"
    "3600; 0: never) deletes what is no longer needed (POST /v1/ops/cleanup). Stops\n"
    "gracefully on SIGINT or SIGTERM: no new connections, in-flight requests finish (up\n"
    "to 10 s), running scans are handed back to the queue at once for another worker.\n";

#define SERVE_GRACE_MS 10000

int cmd_serve(int argc, char **argv)
{
    struct app app;
    int rc = cli_setup(&app, &argc, argv, serve_usage, NULL);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    rc = 2;
    struct http_server *srv = NULL;
    struct worker_pool *workers = NULL;
    struct cleanup_timer *cleanup = NULL;
    if (cli_reject_extra(argc, argv, 1) != 0 || app_open_store(&app, 1) != 0)
        goto out;
    if (app.cfg.dev && users_seed_debug(app.store) != VG_OK) {
        fprintf(stderr, "vega serve: cannot create the debug user\n");
        goto out;
    }
    cli_metrics_new(&app);
    sigset_t set;
    cli_block_stop_signals(&set);
    srv = http_server_start(&app);
    if (srv == NULL)
        goto out;
    /* Serve and clean up first: compiling the rule pack takes a moment (seconds when the
     * compiled-database cache is cold) and only the workers need it. */
    cleanup = cleanup_timer_start(&app, app.cfg.cleanup_interval);
    if (app.cfg.workers > 0) {
        if (app_load_engine(&app) != 0) {
            http_server_stop(srv, SERVE_GRACE_MS);
            cleanup_timer_stop(cleanup);
            goto out;
        }
        workers = worker_pool_start(&app, app.cfg.workers);
    }
    char url[300];
    snprintf(url, sizeof(url), "%s/v1", app.cfg.public_url);
    log_msg(LOG_INFO, "listening", "url", url, "dev", app.cfg.dev ? "true" : "false", NULL);
    int sig = 0;
    sigwait(&set, &sig);
    log_msg(LOG_INFO, "shutting_down", "signal", sig == SIGINT ? "SIGINT" : "SIGTERM", NULL);
    http_server_stop(srv, SERVE_GRACE_MS);
    cleanup_timer_stop(cleanup);
    if (!worker_pool_stop(workers))
        cli_exit_abandoning(); /* a scan still runs; its job is queued again */
    rc = 0;
out:
    app_close(&app);
    return rc;
}
