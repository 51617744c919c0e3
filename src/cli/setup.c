/*
 * setup.c - what the server-side commands share: read the configuration (flags,
 * environment, defaults), answer --help, refuse unknown options, set the log level.
 */
#include "cli/setup.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/metrics.h"
#include "http/route.h"
#include "util/log.h"

const char *const cli_store_options[] = {"database-url", "data-dir", "log-level", NULL};

int cli_setup(struct app *app, int *argc, char **argv, const char *usage,
              const char *const *only)
{
    memset(app, 0, sizeof(*app));
    config_init(&app->cfg);
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            config_usage(stdout, only);
            config_release(&app->cfg);
            return 1;
        }
    }
    if (config_parse_args(&app->cfg, argc, argv, only) != 0)
        goto fail;
    if (config_finish(&app->cfg) != 0)
        goto fail;
    const char *lvl = app->cfg.log_level ? app->cfg.log_level : "info";
    log_set_level(strcmp(lvl, "debug") == 0  ? LOG_DEBUG
                  : strcmp(lvl, "warn") == 0 ? LOG_WARN
                  : strcmp(lvl, "error") == 0 ? LOG_ERROR
                                               : LOG_INFO);
    return 0;
fail:
    config_release(&app->cfg);
    return -1;
}

int cli_reject_extra(int argc, char **argv, int first)
{
    if (argc > first) {
        fprintf(stderr, "vega %s: unexpected argument '%s' (see --help)\n", argv[0],
                argv[first]);
        return -1;
    }
    return 0;
}

void cli_exit_abandoning(void)
{
    log_msg(LOG_INFO, "stopped", "note", "running scans were handed back to the queue", NULL);
    fflush(NULL);
    _exit(0);
}

void cli_block_stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, set, NULL);
    signal(SIGPIPE, SIG_IGN);
}

void cli_metrics_new(struct app *app)
{
    static const char *methods[256], *patterns[256];
    size_t n = routes_count < 256 ? routes_count : 256;
    for (size_t i = 0; i < n; i++) {
        methods[i] = routes[i].method;
        patterns[i] = routes[i].pattern;
    }
    app->metrics = metrics_new(n, methods, patterns);
}
