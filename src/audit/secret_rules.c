/*
 * secret_rules.c - secret findings by rule metadata (see secret_rules.h).
 */
#include "audit/secret_rules.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define SECRET_PACK "secrets/"

bool audit_rule_is_secret(const char *category, const char *source, bool evidence_secret)
{
    if (evidence_secret || (category != NULL && strcmp(category, "secret") == 0))
        return true;
    if (source == NULL)
        return false;
    /* The pack is a directory: "rules/secrets/x.yaml", "secrets/x.yaml" (embedded). */
    for (const char *p = strstr(source, SECRET_PACK); p != NULL; p = strstr(p + 1, SECRET_PACK))
        if (p == source || p[-1] == '/')
            return true;
    return false;
}

static int cmp_id(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void audit_secret_rules_load(const struct scan_engine *eng, struct audit_secret_rules *out)
{
    size_t n = scan_engine_rule_count(eng);
    out->ids = xcalloc(n ? n : 1, sizeof *out->ids);
    out->n = 0;
    for (size_t i = 0; i < n; i++) {
        struct scan_rule_info r;
        if (scan_engine_rule_info(eng, i, &r) &&
            audit_rule_is_secret(r.category, r.source, r.evidence_secret))
            out->ids[out->n++] = r.id;
    }
    qsort(out->ids, out->n, sizeof *out->ids, cmp_id);
}

bool audit_secret_rules_has(const struct audit_secret_rules *s, const char *rule_id)
{
    return s->n > 0 && bsearch(&rule_id, s->ids, s->n, sizeof *s->ids, cmp_id) != NULL;
}

void audit_secret_rules_release(struct audit_secret_rules *s)
{
    free(s->ids);
    s->ids = NULL;
    s->n = 0;
}
