/*
 * main.c - the `vega` entry point: shared process setup, then dispatch to a subcommand
 * from cli_commands[].
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
    if (sodium_init() < 0) {
        fputs("vega: libsodium failed to initialise\n", stderr);
        return 2;
    }
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        cli_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(1, argv);
    for (const struct cli_command *c = cli_commands; c->name != NULL; c++) {
        if (strcmp(c->name, argv[1]) == 0)
            return c->fn(argc - 1, argv + 1);
    }
    fprintf(stderr, "vega: unknown command '%s'\n\n", argv[1]);
    cli_usage(stderr);
    return 2;
}
