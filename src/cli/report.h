/*
 * report.h - what `vega scan` and `vega ci` share: parsing --format and --fail-on, the
 * text report (findings grouped by severity, then a one-line summary), and writing a
 * report (text, JSON or SARIF) to stdout or --output.
 */
#ifndef VG_CLI_REPORT_H
#define VG_CLI_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct scan_result;
struct scan_engine;

enum cli_format { CLI_FMT_TEXT, CLI_FMT_JSON, CLI_FMT_SARIF };

/* How a report is written. */
struct cli_report {
    enum cli_format fmt;
    const char *output; /* NULL: stdout (text coloured on a TTY unless NO_COLOR) */
    bool verbose;       /* text: also each finding's recommendation */
    bool quiet;         /* text on stdout: the summary line only */
};

/* The report options of a command's getopt_long table: --format, -o/--output,
 * -v/--verbose, -q/--quiet (short letters: CLI_REPORT_SHORTOPTS). */
#define CLI_REPORT_LONGOPTS                                                                        \
    {"format", required_argument, NULL, 'F'}, {"output", required_argument, NULL, 'o'},          \
    {"verbose", no_argument, NULL, 'v'}, {"quiet", no_argument, NULL, 'q'}
#define CLI_REPORT_SHORTOPTS "o:vq"
/* Take getopt's option c into rep if it is one of those: true with *rc -1 (go on) or 2
 * (bad value, message printed); false when c is another option. */
bool cli_report_opt(const char *cmd, int c, const char *arg, struct cli_report *rep, int *rc);

/* Option parsers in the getopt loop's convention: -1 to go on, 2 (message printed,
 * prefixed with cmd) on a bad value. fail_on becomes a severity, or -1 for never. */
int cli_parse_format(const char *cmd, const char *arg, enum cli_format *out);
int cli_parse_fail_on(const char *cmd, const char *arg, int *fail_on);
/* Whether any finding is at or above fail_on (-1: never). */
bool cli_fails(const struct scan_result *res, int fail_on);

/* "912 B", "1.5 KB", "3.2 MB", "1.1 GB" (powers of 1024) into out. */
void cli_format_size(uint64_t bytes, char *out, size_t n);

/* The text report: findings grouped by severity, most severe first (ANSI colours when
 * `colour`; with `verbose` each finding's recommendation), then the
 * summary line. */
void cli_report_text(const struct scan_result *res, FILE *out, bool colour, bool verbose);
/* The one-line summary that ends the text report: "2 findings. 1 file scanned (1.2 KB,
 * 40 lines), 0 ignored, 0 risky skipped, 0 suppressed." */
void cli_report_summary(const struct scan_result *res, FILE *out);

/*
 * Write res as rep says. SARIF takes the rule references from eng; with eng NULL the
 * built-in rules are loaded for it. Returns 0, or 2 with a message when writing failed.
 */
int cli_write_report(const char *cmd, const struct cli_report *rep, const struct scan_result *res,
                     const struct scan_engine *eng);

#endif
