/*
 * report.c - report options, the text report and report output, shared by `vega scan` and
 * `vega ci` (report.h).
 */
#include "cli/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "scan/engine.h"
#include "scan/report.h"

#define CLI_REPORT_MAX ((size_t)1 << 31)

int cli_parse_format(const char *cmd, const char *arg, enum cli_format *out)
{
    static const char *const names[] = {"text", "json", "sarif"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(arg, names[i]) == 0) {
            *out = (enum cli_format)i;
            return -1;
        }
    }
    fprintf(stderr, "%s: --format is text, json or sarif\n", cmd);
    return 2;
}

bool cli_report_opt(const char *cmd, int c, const char *arg, struct cli_report *rep, int *rc)
{
    *rc = -1;
    switch (c) {
    case 'F':
        *rc = cli_parse_format(cmd, arg, &rep->fmt);
        return true;
    case 'o':
        rep->output = arg;
        return true;
    case 'v':
        rep->verbose = true;
        return true;
    case 'q':
        rep->quiet = true;
        return true;
    default:
        return false;
    }
}

int cli_parse_fail_on(const char *cmd, const char *arg, int *fail_on)
{
    enum scan_severity sev;
    if (strcmp(arg, "never") == 0 || strcmp(arg, "none") == 0) {
        *fail_on = -1;
        return -1;
    }
    if (scan_severity_parse(arg, &sev)) {
        *fail_on = (int)sev;
        return -1;
    }
    fprintf(stderr, "%s: unknown severity '%s'\n", cmd, arg);
    return 2;
}

bool cli_fails(const struct scan_result *res, int fail_on)
{
    for (size_t i = 0; fail_on >= 0 && i < res->n_findings; i++) {
        if ((int)res->findings[i].severity >= fail_on)
            return true;
    }
    return false;
}

static enum vg_err cli_machine_report(enum cli_format fmt, const struct scan_result *res,
                                      const struct scan_engine *eng, struct buf *out)
{
    if (fmt == CLI_FMT_JSON)
        return report_json(res, out);
    if (eng != NULL)
        return report_sarif(res, eng, out);
    struct scan_engine *own = NULL;
    struct scan_engine_config cfg = {true, NULL, 0, NULL};
    enum vg_err e = scan_engine_load_rules(&cfg, &own, NULL); /* metadata: no compile */
    if (e == VG_OK)
        e = report_sarif(res, own, out);
    scan_engine_free(own);
    return e;
}

void cli_format_size(uint64_t bytes, char *out, size_t n)
{
    static const char *const units[] = {"KB", "MB", "GB", "TB"};
    if (bytes < 1024) {
        snprintf(out, n, "%llu B", (unsigned long long)bytes);
        return;
    }
    double v = (double)bytes / 1024.0;
    size_t u = 0;
    while (v >= 1023.95 && u + 1 < sizeof units / sizeof units[0]) {
        v /= 1024.0;
        u++;
    }
    snprintf(out, n, "%.1f %s", v, units[u]);
}

static const char *plural(uint64_t n)
{
    return n == 1 ? "" : "s";
}

void cli_report_summary(const struct scan_result *res, FILE *out)
{
    const struct scan_stats *st = &res->stats;
    char size[32], lines[48] = "";
    cli_format_size(st->included_bytes, size, sizeof size);
    /* Bytes without lines: a count the source did not report (the API has none). */
    if (st->lines > 0 || st->included_bytes == 0)
        snprintf(lines, sizeof lines, ", %llu line%s", (unsigned long long)st->lines,
                 plural(st->lines));
    fprintf(out,
            "%zu finding%s. %llu file%s scanned (%s%s), %llu ignored, %llu risky skipped, %llu "
            "suppressed.\n",
            res->n_findings, plural(res->n_findings), (unsigned long long)st->included_files,
            plural(st->included_files), size, lines, (unsigned long long)st->ignored_files,
            (unsigned long long)st->risky_files, (unsigned long long)st->suppressed);
}

static const char *sev_colour(enum scan_severity s)
{
    static const char *const c[] = {"\033[2m", "\033[36m", "\033[33m", "\033[31m", "\033[1;31m"};
    return c[s];
}

/* The commit that introduced a history finding, and whether the tip still has it. */
static void cli_report_origin(const struct scan_origin *o, FILE *out)
{
    char date[32] = "";
    time_t t = (time_t)o->committed_at;
    struct tm tm;
    if (gmtime_r(&t, &tm) != NULL)
        strftime(date, sizeof date, "%Y-%m-%d", &tm);
    fprintf(out, "      introduced in commit %.12s by %s on %s%s\n", o->sha, o->author_name, date,
            o->in_head ? "" : " (no longer in the tip: history only)");
}

void cli_report_text(const struct scan_result *res, FILE *out, bool colour, bool verbose)
{
    const char *reset = colour ? "\033[0m" : "";
    for (int s = SEV_CRITICAL; s >= SEV_INFO; s--) {
        size_t n = 0;
        for (size_t i = 0; i < res->n_findings; i++)
            n += (int)res->findings[i].severity == s;
        if (n == 0)
            continue;
        fprintf(out, "%s%s (%zu)%s\n", colour ? sev_colour((enum scan_severity)s) : "",
                scan_severity_name((enum scan_severity)s), n, reset);
        for (size_t i = 0; i < res->n_findings; i++) {
            const struct scan_finding *f = &res->findings[i];
            if ((int)f->severity != s)
                continue;
            /* A finding that spans lines (a flow from a join to the file API that opens it)
             * names both ends, as its evidence may be the last line. */
            char lines[32];
            if (f->line_end > f->line_start)
                snprintf(lines, sizeof lines, "%u-%u", f->line_start, f->line_end);
            else
                snprintf(lines, sizeof lines, "%u", f->line_start);
            fprintf(out, "  %s:%s  %s  %s  [%s confidence]\n", f->file_path, lines, f->rule_id,
                    f->title, scan_confidence_name(f->confidence));
            if (f->masked_evidence != NULL && f->masked_evidence[0] != '\0')
                fprintf(out, "      %s\n", f->masked_evidence);
            if (f->origin != NULL)
                cli_report_origin(f->origin, out);
            if (verbose && f->recommendation != NULL && f->recommendation[0] != '\0')
                fprintf(out, "      fix: %s\n", f->recommendation);
        }
        fputc('\n', out);
    }
    cli_report_summary(res, out);
}

int cli_write_report(const char *cmd, const struct cli_report *rep, const struct scan_result *res,
                     const struct scan_engine *eng)
{
    FILE *out = rep->output != NULL ? fopen(rep->output, "w") : stdout;
    if (out == NULL) {
        fprintf(stderr, "%s: %s: %s\n", cmd, rep->output, strerror(errno));
        return 2;
    }
    int rc = 0;
    if (rep->fmt == CLI_FMT_TEXT && rep->quiet && out == stdout) {
        cli_report_summary(res, out);
    } else if (rep->fmt == CLI_FMT_TEXT) {
        cli_report_text(res, out, out == stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"),
                        rep->verbose);
    } else {
        struct buf b = BUF_INIT;
        buf_init(&b, CLI_REPORT_MAX);
        if (cli_machine_report(rep->fmt, res, eng, &b) != VG_OK ||
            fwrite(b.ptr, 1, b.len, out) != b.len)
            rc = 2;
        buf_release(&b);
    }
    if (out == stdout ? fflush(out) != 0 : fclose(out) != 0)
        rc = 2;
    if (rc != 0)
        fprintf(stderr, "%s: writing the report failed\n", cmd);
    return rc;
}
