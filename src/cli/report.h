/*
 * report.h - what `vega scan` and `vega ci` share: parsing --format and --fail-on, and
 * writing a report (text, JSON or SARIF) to stdout or --output.
 */
#ifndef VG_CLI_REPORT_H
#define VG_CLI_REPORT_H

#include <stdbool.h>

struct scan_result;
struct scan_engine;

enum cli_format { CLI_FMT_TEXT, CLI_FMT_JSON, CLI_FMT_SARIF };

/* Option parsers in the getopt loop's convention: -1 to go on, 2 (message printed,
 * prefixed with cmd) on a bad value. fail_on becomes a severity, or -1 for never. */
int cli_parse_format(const char *cmd, const char *arg, enum cli_format *out);
int cli_parse_fail_on(const char *cmd, const char *arg, int *fail_on);
/* Whether any finding is at or above fail_on (-1: never). */
bool cli_fails(const struct scan_result *res, int fail_on);

/*
 * Write res in fmt to output (NULL: stdout; text is coloured on a TTY unless NO_COLOR).
 * SARIF takes the rule references from eng; with eng NULL the built-in rules are loaded
 * for it. Returns 0, or 2 with a message when writing failed.
 */
int cli_write_report(const char *cmd, enum cli_format fmt, const char *output,
                     const struct scan_result *res, const struct scan_engine *eng);

#endif
