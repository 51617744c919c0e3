/*
 * quote.c - tiers and prices (see quote.h and docs/audits.md).
 */
#include "audit/quote.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Price caps: the multiplier never exceeds this, so a huge repository gets a quote, not a
 * surprise. */
#define QUOTE_MAX_MULTIPLIER 4.0
#define QUOTE_SIZE_WEIGHT 0.1   /* per doubling of included megabytes ... */
#define QUOTE_SIZE_CAP 0.5      /* ... up to this much */
#define QUOTE_FINDINGS_DIV 40.0 /* weighted findings per +1.0 ... */
#define QUOTE_FINDINGS_CAP 1.0  /* ... up to this much */

static const char *const launch_deliverables[] = {
    "Launch-readiness report (Markdown and PDF) with the score and what moves it",
    "Every finding at every confidence level, grouped by severity, with where, why and the "
    "exact fix",
    "Top risks explained in plain words",
    NULL,
};
static const char *const shield_deliverables[] = {
    "Everything in Launch Check",
    "Fix bundle: the changed files and one unified diff (uploads)",
    "A pull request with the fixes (GitHub repositories)",
    "Dependencies checked against advisories, with the fixed versions",
    NULL,
};
static const char *const elite_deliverables[] = {
    "Everything in Founder Shield",
    "Masked code excerpts for every finding, not only critical and high",
    "Git history searched for past secrets (git sources)",
    NULL,
};

const struct audit_tier_info audit_tiers[AUDIT_TIERS] = {
    {"launch_check", "Launch Check", launch_deliverables, false, false},
    {"founder_shield", "Founder Shield", shield_deliverables, true, false},
    {"elite_audit", "Elite Audit", elite_deliverables, true, true},
};

const struct audit_tier_info *audit_tier_find(const char *name, enum audit_tier *which)
{
    for (size_t i = 0; name != NULL && i < AUDIT_TIERS; i++) {
        if (strcmp(audit_tiers[i].name, name) == 0) {
            if (which != NULL)
                *which = (enum audit_tier)i;
            return &audit_tiers[i];
        }
    }
    return NULL;
}

int64_t audit_quote_cents(int64_t base_cents, const struct audit_quote_input *in)
{
    double complexity = in->complexity_score < 0 ? 0 : in->complexity_score > 100 ? 100
                                                                                 : in->complexity_score;
    double mb = (double)(in->included_bytes > 0 ? in->included_bytes : 0) / (1024.0 * 1024.0);
    double size = QUOTE_SIZE_WEIGHT * log2(1.0 + mb);
    if (size > QUOTE_SIZE_CAP)
        size = QUOTE_SIZE_CAP;
    const int64_t *s = in->by_severity;
    double weighted = 3.0 * (double)s[0] + 2.0 * (double)s[1] + (double)s[2] +
                      0.25 * (double)(s[3] + s[4]);
    double findings = weighted / QUOTE_FINDINGS_DIV;
    if (findings > QUOTE_FINDINGS_CAP)
        findings = QUOTE_FINDINGS_CAP;
    double m = 1.0 + complexity / 100.0 + size + findings;
    if (m > QUOTE_MAX_MULTIPLIER)
        m = QUOTE_MAX_MULTIPLIER;
    double cents = (double)base_cents * m;
    int64_t units = (int64_t)ceil(cents / 100.0 - 1e-9);
    return units * 100;
}

bool audit_prices_parse(const char *spec, int64_t out[AUDIT_TIERS])
{
    bool seen[AUDIT_TIERS] = {false};
    const char *p = spec;
    while (p != NULL && *p != '\0') {
        const char *eq = strchr(p, '=');
        if (eq == NULL)
            return false;
        char name[32];
        size_t n = (size_t)(eq - p);
        if (n == 0 || n >= sizeof name)
            return false;
        memcpy(name, p, n);
        name[n] = '\0';
        enum audit_tier t;
        if (audit_tier_find(name, &t) == NULL || seen[t])
            return false;
        char *end = NULL;
        if (!isdigit((unsigned char)eq[1]))
            return false;
        long long v = strtoll(eq + 1, &end, 10);
        if (v <= 0 || v > 100000000LL || (*end != ',' && *end != '\0'))
            return false;
        out[t] = v;
        seen[t] = true;
        p = *end == ',' ? end + 1 : end;
    }
    for (size_t i = 0; i < AUDIT_TIERS; i++) {
        if (!seen[i])
            return false;
    }
    return true;
}

bool audit_currency_valid(const char *s)
{
    if (s == NULL || strlen(s) != 3)
        return false;
    for (size_t i = 0; i < 3; i++) {
        if (s[i] < 'A' || s[i] > 'Z')
            return false;
    }
    return true;
}
