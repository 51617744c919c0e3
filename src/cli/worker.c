/*
 * worker.c - `vega worker`: run scan workers without the HTTP server, on this or another
 * machine, against the same database (and blob storage) as `vega serve`.
 */
#include <signal.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/setup.h"
#include "http/server.h"
#include "jobs/worker.h"
#include "util/log.h"

static const char worker_usage[] =
    "usage: vega worker [options]\n\n"
    "Claim scan jobs from the database's queue and run them with --workers threads\n"
    "(default 2). Scans whose worker died are picked up again once their lease\n"
    "(--job-lease-seconds) runs out. On SIGINT or SIGTERM, running scans are handed back\n"
    "to the queue at once (their lease released) and the process exits. With\n"
    "--metrics-listen HOST:PORT it serves GET /metrics there (and nothing else).\n";

int cmd_worker(int argc, char **argv)
{
    struct app app;
    int rc = cli_setup(&app, &argc, argv, worker_usage, NULL);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    rc = 2;
    if (cli_reject_extra(argc, argv, 1) != 0 || app_open_store(&app, 1) != 0 ||
        app_load_engine(&app) != 0)
        goto out;
    if (app.cfg.workers == 0) {
        fprintf(stderr, "vega worker: --workers must be at least 1\n");
        goto out;
    }
    sigset_t set;
    cli_block_stop_signals(&set);
    struct http_server *srv = NULL;
    if (app.cfg.metrics_listen != NULL && app.cfg.metrics_listen[0] != '\0') {
        /* Its own /metrics (Prometheus scrapes each process): nothing else is served. */
        cli_metrics_new(&app);
        app.http_only_path = "/metrics";
        if (config_listen_on(&app.cfg, "metrics-listen", app.cfg.metrics_listen) != 0 ||
            (srv = http_server_start(&app)) == NULL)
            goto out;
        log_msg(LOG_INFO, "metrics_listening", "address", app.cfg.metrics_listen, NULL);
    }
    struct worker_pool *pool = worker_pool_start(&app, app.cfg.workers);
    char n[16];
    snprintf(n, sizeof(n), "%u", app.cfg.workers);
    log_msg(LOG_INFO, "worker_started", "threads", n, NULL);
    int sig = 0;
    sigwait(&set, &sig);
    log_msg(LOG_INFO, "worker_stopping", NULL);
    if (srv != NULL)
        http_server_stop(srv, 1000);
    if (!worker_pool_stop(pool))
        cli_exit_abandoning(); /* a scan still runs; its job is queued again */
    rc = 0;
out:
    app_close(&app);
    return rc;
}
