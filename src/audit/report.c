/*
 * report.c - the markdown report (see report.h). Written for a founder: the score and
 * what moves it first, the top risks in plain words, then every finding with where it is,
 * why it matters and the exact fix, grouped by severity.
 */
#include "audit/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/textbuf.h"
#include "util/xalloc.h"

#define REPORT_MAX ((size_t)64 * 1024 * 1024)

static const char *const sev_names[5] = {"critical", "high", "medium", "low", "info"};
static const char *const sev_titles[5] = {"Critical", "High", "Medium", "Low", "Info"};

/* critical = index 0 */
static size_t sev_index(enum scan_severity s) { return (size_t)(SEV_CRITICAL - s); }

void audit_doc_counts(const struct audit_doc *d, int64_t by[5])
{
    memset(by, 0, 5 * sizeof *by);
    for (size_t i = 0; i < d->n; i++)
        by[sev_index(d->findings[i].severity)]++;
}

static const char *score_verdict(double s)
{
    return s >= 85 ? "ready to launch"
           : s >= 60 ? "close: fix the high findings first"
           : s >= 35 ? "not ready: serious issues to fix"
                     : "not ready: critical issues to fix before launch";
}

/* Text safe inside a markdown table cell or inline: no pipes or newlines. */
static void md_inline(struct buf *b, const char *s)
{
    for (; s && *s; s++) {
        char c = *s == '\n' || *s == '\r' ? ' ' : *s;
        if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '[' || c == ']')
            bputc(b, '\\');
        bputc(b, c);
    }
}

/* Inline code: backticks inside are replaced, so the span cannot end early. */
static void md_code(struct buf *b, const char *s)
{
    bputs(b, "`");
    for (; s && *s; s++)
        bputc(b, *s == '`' ? '\'' : *s == '\n' ? ' ' : *s);
    bputs(b, "`");
}

/* The first sentence of s (plain words for the top risks). */
static void first_sentence(struct buf *b, const char *s)
{
    const char *end = s;
    while (*end && !(end[0] == '.' && (end[1] == ' ' || end[1] == '\0')))
        end++;
    char *t = xasprintf("%.*s.", (int)(end - s), s);
    md_inline(b, t);
    free(t);
}

static void where(struct buf *b, const struct scan_finding *f)
{
    char *w = f->line_end > f->line_start
                  ? xasprintf("%s:%u-%u", f->file_path, f->line_start, f->line_end)
                  : xasprintf("%s:%u", f->file_path, f->line_start);
    md_code(b, w);
    free(w);
}

/* Where in the history a finding came from (git sources): the commit that introduced it
 * and whether the tip still holds it. */
static void history_line(struct buf *b, const struct scan_origin *o)
{
    char day[16] = "";
    time_t t = (time_t)o->committed_at;
    struct tm tm;
    if (o->committed_at > 0 && gmtime_r(&t, &tm) != NULL)
        strftime(day, sizeof day, " on %Y-%m-%d", &tm);
    bprintf(b, "- **Introduced in:** commit `%.12s`%s", o->sha, day);
    if (o->author_name && o->author_name[0]) {
        bputs(b, " by ");
        md_inline(b, o->author_name);
    }
    bputs(b, o->in_head ? "; still in the current code\n"
                        : "; no longer in the current code, but still in the git history "
                          "(rewrite the history or, for a secret, rotate it)\n");
}

struct rank_ctx {
    const struct scan_finding *f;
};

/* Findings ordered by severity then confidence (stable on the engine's path order). */
static int rank_cmp(const void *a, const void *b, void *ctx)
{
    const struct scan_finding *f = ((const struct rank_ctx *)ctx)->f;
    const struct scan_finding *x = &f[*(const size_t *)a], *y = &f[*(const size_t *)b];
    if (x->severity != y->severity)
        return (int)y->severity - (int)x->severity;
    if (x->confidence != y->confidence)
        return (int)y->confidence - (int)x->confidence;
    return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

char *audit_report_markdown(const struct audit_doc *d)
{
    struct buf b = BUF_INIT;
    buf_init(&b, REPORT_MAX);
    int64_t by[5];
    audit_doc_counts(d, by);
    char date[32];
    time_t t = (time_t)d->generated_at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", &tm);
    size_t *idx = xmalloc((d->n ? d->n : 1) * sizeof *idx);
    for (size_t i = 0; i < d->n; i++)
        idx[i] = i;
    struct rank_ctx rc = {d->findings};
    qsort_r(idx, d->n, sizeof *idx, rank_cmp, &rc);

    bprintf(&b, "# VibeGuard audit: ");
    md_inline(&b, d->project);
    bprintf(&b, "\n\n**%s** · generated %s · audit `%s`\n\n", d->tier_title, date,
                     d->audit_id);

    bprintf(&b, "## Executive summary\n\n");
    bprintf(&b, "**Launch-readiness score: %.1f / 100** (%s).\n\n", d->score,
                     score_verdict(d->score));
    bprintf(&b,
                     "The audit found **%zu findings**: %lld critical, %lld high, %lld medium, "
                     "%lld low and %lld informational.\n\n",
                     d->n, (long long)by[0], (long long)by[1], (long long)by[2],
                     (long long)by[3], (long long)by[4]);
    bprintf(&b, "### What moves the score\n\n");
    if (by[0] > 0)
        bprintf(&b, "- Fixing the %lld critical finding%s: %.1f → **%.1f**\n",
                         (long long)by[0], by[0] == 1 ? "" : "s", d->score,
                         d->score_no_critical);
    if (by[0] + by[1] > 0)
        bprintf(&b, "- Fixing every critical and high finding: %.1f → **%.1f**\n",
                         d->score, d->score_no_high);
    if (d->bundle || d->pr)
        bprintf(&b, "- Applying the %s (%zu fix%s): %.1f → **%.1f**\n",
                         d->pr ? "pull request" : "fix bundle", d->fix_count,
                         d->fix_count == 1 ? "" : "es", d->score, d->score_after_fixes);
    if (d->n == 0)
        bprintf(&b, "- Nothing to fix: keep scanning on every change.\n");
    bprintf(&b, "\nEach critical finding caps the score below 50: one is enough to "
                         "make a launch unsafe.\n\n");

    bprintf(&b, "## Top risks\n\n");
    size_t top = d->n < AUDIT_TOP_RISKS ? d->n : AUDIT_TOP_RISKS;
    for (size_t k = 0; k < top; k++) {
        const struct scan_finding *f = &d->findings[idx[k]];
        bprintf(&b, "%zu. **", k + 1);
        md_inline(&b, f->title);
        bprintf(&b, "** (%s, ", sev_names[sev_index(f->severity)]);
        where(&b, f);
        bprintf(&b, "): ");
        first_sentence(&b, f->description);
        bputs(&b, "\n");
    }
    if (top == 0)
        bprintf(&b, "No risks found.\n");
    bputs(&b, "\n");

    bprintf(&b, "## Findings overview\n\n| # | Severity | Finding | Where | Fixed |\n"
                         "|---|---|---|---|---|\n");
    for (size_t k = 0; k < d->n; k++) {
        const struct scan_finding *f = &d->findings[idx[k]];
        bprintf(&b, "| %zu | %s | ", k + 1, sev_titles[sev_index(f->severity)]);
        md_inline(&b, f->title);
        bputs(&b, " | ");
        where(&b, f);
        bprintf(&b, " | %s |\n", d->fixed && d->fixed[idx[k]] ? "yes" : "");
    }
    bputs(&b, "\n## Findings\n\n");
    size_t k = 0;
    for (size_t s = 0; s < 5; s++) {
        if (by[s] == 0)
            continue;
        bprintf(&b, "### %s (%lld)\n\n", sev_titles[s], (long long)by[s]);
        for (; k < d->n && sev_index(d->findings[idx[k]].severity) == s; k++) {
            size_t i = idx[k];
            const struct scan_finding *f = &d->findings[i];
            bprintf(&b, "#### %zu. ", k + 1);
            md_inline(&b, f->title);
            bprintf(&b, "\n\n- **Where:** ");
            where(&b, f);
            bprintf(&b, "\n- **Rule:** ");
            md_code(&b, f->rule_id);
            bprintf(&b, " (%s, confidence %s)\n", f->category,
                             scan_confidence_name(f->confidence));
            if (f->origin != NULL) /* history (git sources) */
                history_line(&b, f->origin);
            if (f->masked_evidence && f->masked_evidence[0]) {
                bprintf(&b, "- **Evidence:** ");
                md_code(&b, f->masked_evidence);
                bputs(&b, "\n");
            }
            bprintf(&b, "\n**Why it matters.** ");
            md_inline(&b, f->description);
            bprintf(&b, "\n\n**Exact fix.** ");
            md_inline(&b, f->recommendation && f->recommendation[0]
                              ? f->recommendation
                              : "Review the code at this location.");
            bputs(&b, "\n\n");
            if (d->fix_what && d->fix_what[i]) {
                bprintf(&b, "**Fixed in the %s.** %s\n\n",
                                 d->pr ? "pull request" : "fix bundle", d->fix_what[i]);
            }
            if (d->excerpts && d->excerpts[i]) {
                bprintf(&b, "```\n%s", d->excerpts[i]);
                if (b.len > 0 && b.ptr[b.len - 1] != '\n')
                    bputc(&b, '\n');
                bputs(&b, "```\n\n");
            }
        }
    }
    bprintf(&b, "---\n\nSecrets are never shown in this report: evidence keeps at "
                         "most a provider's public prefix and four characters. Rotate every "
                         "secret listed here; removing it from the code does not remove it "
                         "from your git history.\n");
    free(idx);
    return buf_detach(&b, NULL);
}
