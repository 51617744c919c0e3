/*
 * secret_rules.h - which findings are about a secret value, from the rules' own metadata
 * (not from words in rule ids): a rule of the secret family (`category: secret`, every rule
 * of the rules/secrets/ pack) or a code rule whose finding is a hard-coded secret
 * (`evidence: secret`, docs/rules.md). The audit masks every literal on such a finding's
 * lines in excerpts and evidence, and the secret fixer moves its value to the environment.
 */
#ifndef VG_AUDIT_SECRET_RULES_H
#define VG_AUDIT_SECRET_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "scan/engine.h"

/* Whether a rule with this category, source file and `evidence` field is about a secret. */
bool audit_rule_is_secret(const char *category, const char *source, bool evidence_secret);

/* The ids of an engine's secret rules, sorted (borrowed from the engine). */
struct audit_secret_rules {
    const char **ids;
    size_t n;
};

void audit_secret_rules_load(const struct scan_engine *eng, struct audit_secret_rules *out);
bool audit_secret_rules_has(const struct audit_secret_rules *s, const char *rule_id);
void audit_secret_rules_release(struct audit_secret_rules *s);

#endif
