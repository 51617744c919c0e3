/*
 * setup.h - shared start-up of the server-side commands (serve, worker, migrate, user).
 */
#ifndef VG_CLI_SETUP_H
#define VG_CLI_SETUP_H

#include <signal.h>

#include "app/app.h"

/*
 * Load the configuration into app (zeroed first) from the environment and argv; the
 * options in `only` (NULL-terminated names; NULL: every option) are taken out of argv, and
 * --help shows those alone. Returns 0 to go on, 1 when --help was printed (exit 0), -1 on
 * a bad option (message printed; exit 2).
 */
int cli_setup(struct app *app, int *argc, char **argv, const char *usage, const char *const *only);

/* The options of the commands that only open the database (migrate, user). */
extern const char *const cli_store_options[];
/* -1 with a message when argv has arguments from index first on. */
int cli_reject_extra(int argc, char **argv, int first);

/* Block SIGINT and SIGTERM in this thread and the threads it starts afterwards (they are
 * then taken with sigwait(set)), and ignore SIGPIPE. */
void cli_block_stop_signals(sigset_t *set);
/* app->metrics for a process that serves GET /metrics: a request counter per route of the
 * table (labels: its method, pattern), the engine's counters. */
void cli_metrics_new(struct app *app);
/* End the process now with status 0 after a stop that handed running jobs back while their
 * threads still run (worker_pool_stop returned false): nothing shared may be freed under
 * them, so exit without running destructors. Flushes stdio first. */
_Noreturn void cli_exit_abandoning(void);

#endif
