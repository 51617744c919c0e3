/*
 * cli.h - the `vega` subcommands, git-style: one function per command, one table in
 * commands.c, one dispatcher in main.c. Each command parses its own options, prints its
 * own --help, and returns the process exit status (0 ok, 1 "found something"/failure of
 * the task, 2 usage or runtime error).
 */
#ifndef VG_CLI_CLI_H
#define VG_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

struct cli_command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

/* Terminated by a NULL name. */
extern const struct cli_command cli_commands[];

int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_worker(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_advisories(int argc, char **argv);
int cmd_ci(int argc, char **argv);
int cmd_hook(int argc, char **argv);

/*
 * The data dir of `vega scan` and `vega advisories` without --data-dir: $VEGA_DATA_DIR,
 * else $XDG_DATA_HOME/vega, else ~/.local/share/vega (datadir.c). NULL when there is no
 * home directory. Caller frees.
 */
char *cli_user_data_dir(void);

/* Print the top-level usage with every command's summary. */
void cli_usage(FILE *out);

#endif
