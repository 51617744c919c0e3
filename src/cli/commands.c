/*
 * commands.c - the table of `vega` subcommands. To add one: write cmd_x in cli/x.c,
 * declare it in cli.h, add a row here.
 */
#include "cli/cli.h"

const struct cli_command cli_commands[] = {
    {"serve", cmd_serve, "run the HTTP API server"},
    {"worker", cmd_worker, "run scan workers against the database's job queue"},
    {"migrate", cmd_migrate, "apply database migrations and exit"},
    {"user", cmd_user, "manage users: add, verify, list, set-admin"},
    {"audit", cmd_audit, "audits: mark-paid (manual payments), list"},
    {"version", cmd_version, "print the version"},
    {"scan", cmd_scan, "scan directories, files and archives: secrets, risky code, config"},
    {"rules", cmd_rules, "list, show and test the rule pack"},
    {"advisories", cmd_advisories, "import OSV advisory data for dependency scanning; status"},
    {"hook", cmd_hook, "install a git pre-commit hook that runs `vega scan --staged`"},
    {"ci", cmd_ci, "scan a directory through a Vega server (for CI jobs)"},
    {NULL, NULL, NULL},
};

void cli_usage(FILE *out)
{
    fprintf(out, "usage: vega COMMAND [options]\n\ncommands:\n");
    for (const struct cli_command *c = cli_commands; c->name != NULL; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fprintf(out, "\nRun 'vega COMMAND --help' for a command's options.\n");
}
