/*
 * report.h - machine-readable reports of a scan result: the JSON report (findings in the
 * API's shape plus statistics) and SARIF 2.1.0 for GitHub code scanning; and reading an
 * earlier JSON report back as a baseline. The text report is the CLI's (cli/scan.c).
 */
#ifndef VG_SCAN_REPORT_H
#define VG_SCAN_REPORT_H

#include "scan/engine.h"
#include "util/buf.h"

/* Append the JSON report to out. VG_ERR_TOO_LARGE when out's cap is hit. */
enum vg_err report_json(const struct scan_result *res, struct buf *out);

/* Append a SARIF 2.1.0 log: one run, unique rules[] (those with findings), relative URIs,
 * partialFingerprints. `eng` (borrowed) gives rule metadata. */
enum vg_err report_sarif(const struct scan_result *res, const struct scan_engine *eng,
                         struct buf *out);

/*
 * Read the fingerprints of an earlier JSON report (ours, or a SARIF log of ours) into a
 * sorted array (caller frees each string and the array with report_baseline_free).
 * VG_ERR_IO when the file cannot be read, VG_ERR_INVALID when it is not such a report.
 */
enum vg_err report_baseline_load(const char *path, char ***fps, size_t *n);
void report_baseline_free(char **fps, size_t n);

#endif
