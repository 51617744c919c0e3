/*
 * quote.h - the three audit tiers, what each delivers, and the price of each for one
 * complete scan: a configurable base price (--audit-prices, cents) times a multiplier
 * from the scan's complexity, size and findings (docs/audits.md gives the formula).
 */
#ifndef VG_AUDIT_QUOTE_H
#define VG_AUDIT_QUOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIT_TIERS 3
#define AUDIT_DEFAULT_PRICES "launch_check=4900,founder_shield=14900,elite_audit=49900"

enum audit_tier { AUDIT_LAUNCH_CHECK, AUDIT_FOUNDER_SHIELD, AUDIT_ELITE };

struct audit_tier_info {
    const char *name;  /* launch_check | founder_shield | elite_audit */
    const char *title;
    const char *const *deliverables; /* NULL-terminated */
    bool fixes;        /* a fix bundle (uploads) or a pull request (GitHub) */
    bool all_excerpts; /* code excerpts for every finding, not only critical/high */
};

extern const struct audit_tier_info audit_tiers[AUDIT_TIERS];

/* The tier named name, or NULL. */
const struct audit_tier_info *audit_tier_find(const char *name, enum audit_tier *which);

/* What the price depends on, from the complete scan. */
struct audit_quote_input {
    double complexity_score;   /* 0..100 */
    int64_t included_bytes;
    int64_t by_severity[5];    /* critical, high, medium, low, info */
};

/* The price in cents for base_cents: base x multiplier, rounded up to a whole unit. */
int64_t audit_quote_cents(int64_t base_cents, const struct audit_quote_input *in);

/* Parse "launch_check=4900,founder_shield=14900,elite_audit=49900" (every tier once,
 * positive cents) into out[AUDIT_TIERS]. false when malformed. */
bool audit_prices_parse(const char *spec, int64_t out[AUDIT_TIERS]);

/* A 3-letter upper-case ISO 4217 code. */
bool audit_currency_valid(const char *s);

#endif
