/*
 * report.h - the audit report: markdown (report.c) and the PDF rendered from it with cairo
 * and pango (pdf.c; the markdown is parsed with md4c). Both come from one struct
 * audit_doc. No raw secret reaches either: findings carry only masked evidence, and code
 * excerpts are masked by the engine (scan_mask_excerpt) before they get here.
 */
#ifndef VG_AUDIT_REPORT_H
#define VG_AUDIT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scan/engine.h"
#include "util/buf.h"
#include "util/err.h"

#define AUDIT_PDF_NAME "VIBEGUARD_REPORT.pdf"
#define AUDIT_BUNDLE_NAME "vibeguard-fixes.zip"
#define AUDIT_DIFF_NAME "VIBEGUARD_FIXES.diff"
/* How long a signed download link lives (the seed: about an hour). */
#define AUDIT_DOWNLOAD_TTL_S 3600
#define AUDIT_TOP_RISKS 5

struct audit_doc {
    const char *audit_id;
    const char *tier;       /* launch_check, ... */
    const char *tier_title; /* Launch Check, ... */
    const char *project;    /* the source: "acme/storefront" or the upload's project */
    const struct scan_finding *findings;
    size_t n;
    const bool *fixed;        /* per finding, may be NULL */
    char *const *fix_what;    /* per finding: what the fix bundle changed, may be NULL */
    char *const *excerpts;    /* per finding: masked code lines "12: ...\n", may be NULL */
    double score;             /* launch readiness now */
    double score_no_critical; /* with the critical findings fixed */
    double score_no_high;     /* with critical and high fixed */
    double score_after_fixes; /* with the bundle applied */
    size_t fix_count;
    bool bundle; /* a fix bundle is delivered */
    bool pr;     /* a pull request is delivered */
    int64_t generated_at;
};

/* The markdown report (caller frees). */
char *audit_report_markdown(const struct audit_doc *d);

/* Render the PDF of the report into out: a cover with the score and a severity chart,
 * then the markdown's content (tables, code excerpts), page numbers, embedded fonts. */
enum vg_err audit_report_pdf(const struct audit_doc *d, const char *markdown, struct buf *out);

/* "critical" .. "info" counts of d's findings into by[5] (critical first). */
void audit_doc_counts(const struct audit_doc *d, int64_t by[5]);

#endif
