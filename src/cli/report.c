/*
 * report.c - report options and output shared by `vega scan` and `vega ci` (report.h).
 */
#include "cli/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
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
    enum vg_err e = scan_engine_load(&cfg, &own, NULL);
    if (e == VG_OK)
        e = report_sarif(res, own, out);
    scan_engine_free(own);
    return e;
}

int cli_write_report(const char *cmd, enum cli_format fmt, const char *output,
                     const struct scan_result *res, const struct scan_engine *eng)
{
    FILE *out = output != NULL ? fopen(output, "w") : stdout;
    if (out == NULL) {
        fprintf(stderr, "%s: %s: %s\n", cmd, output, strerror(errno));
        return 2;
    }
    int rc = 0;
    if (fmt == CLI_FMT_TEXT) {
        cli_report_text(res, out, out == stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
    } else {
        struct buf b = BUF_INIT;
        buf_init(&b, CLI_REPORT_MAX);
        if (cli_machine_report(fmt, res, eng, &b) != VG_OK ||
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
