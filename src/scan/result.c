/*
 * result.c - from confirmed matches to a scan's findings: overlap resolution between
 * generic and specific rules, building a finding (masked evidence, confidence signals,
 * keyed fingerprint), the result lists (add, release, append), folding once_per_dir
 * findings, and finishing a scan's list (suppression, the max_findings cap, order).
 * Matching lives in match.c, threads in pipeline.c, suppression rules in suppress.c.
 */
#include "scan/engine_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/checks.h"
#include "util/xalloc.h"

#define EVIDENCE_CODE_MAX 120u

/* Length of the valid UTF-8 sequence at p (1-4), or 0. */
static size_t utf8_seq(const unsigned char *p)
{
    if (p[0] < 0x80)
        return 1;
    size_t n = p[0] >= 0xC2 && p[0] <= 0xDF   ? 2
               : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
               : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4
                                              : 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    }
    if ((n == 3 && p[0] == 0xE0 && p[1] < 0xA0) || (n == 3 && p[0] == 0xED && p[1] > 0x9F) ||
        (n == 4 && p[0] == 0xF0 && p[1] < 0x90) || (n == 4 && p[0] == 0xF4 && p[1] > 0x8F))
        return 0;
    return n;
}

/* A copy that is valid UTF-8 without control characters (paths and evidence come from
 * hostile input and end up in JSON, SARIF and terminals): bad bytes become '?'. */
static char *clean_dup(const char *s)
{
    if (s == NULL)
        return xstrdup("");
    size_t n = strlen(s);
    char *out = xmalloc(n + 1);
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    while (*p != '\0') {
        size_t k = utf8_seq(p);
        if (k == 0 || (k == 1 && (*p < 0x20 || *p == 0x7F))) {
            out[o++] = '?';
            p++;
            continue;
        }
        memcpy(out + o, p, k);
        o += k;
        p += k;
    }
    out[o] = '\0';
    return out;
}

/* Findings of one file: overlapping candidates of two rules. */

static int cand_rank(const struct scan_engine *eng, const struct scan_cand *c)
{
    const struct rule *r = eng->er[c->rule].r;
    /* A rule that keeps overlaps first, then a flagged specific rule before a generic one. */
    return (r->loses_overlaps ? 0 : 100) + (r->generic ? 0 : 50) + (int)c->conf * 10 +
           (int)r->severity;
}

/* A rule that loses overlaps (`loses_overlaps: true`, every generic-* rule) gives way to any
 * other rule on overlapping bytes; between two such rules, the better ranked one stays. Two
 * rules without the flag both stay (a rule test will notice). */
void result_resolve_overlaps(const struct scan_engine *eng, struct scan_cand *cands, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            struct scan_cand *a = &cands[i], *b = &cands[j];
            if (b->start >= a->end)
                break;
            /* A file-level finding (a pattern-less rule: `.env file committed`) covers no
             * bytes: the secrets inside the file stay findings of their own. */
            if (a->dead || b->dead || a->end == a->start || b->end == b->start)
                continue;
            if (!eng->er[a->rule].r->loses_overlaps && !eng->er[b->rule].r->loses_overlaps)
                continue;
            if (cand_rank(eng, a) >= cand_rank(eng, b))
                b->dead = true;
            else
                a->dead = true;
        }
    }
}

void scan_result_add(struct scan_result *res, const struct scan_finding_spec *f)
{
    if (res->n_findings == res->alloc) {
        res->alloc = res->alloc ? res->alloc * 2 : 16;
        res->findings = xrealloc(res->findings, res->alloc * sizeof *res->findings);
    }
    struct scan_finding *d = &res->findings[res->n_findings++];
    const char *fp = f->fingerprint != NULL ? f->fingerprint : "";
    *d = (struct scan_finding){
        .rule_id = xstrdup(f->rule_id != NULL ? f->rule_id : ""),
        .title = clean_dup(f->title),
        .category = xstrdup(f->category != NULL ? f->category : ""),
        .description = xstrdup(f->description != NULL ? f->description : ""),
        .recommendation = xstrdup(f->recommendation != NULL ? f->recommendation : ""),
        .severity = f->severity,
        .confidence = f->confidence,
        .file_path = clean_dup(f->file_path),
        .masked_evidence = clean_dup(f->masked_evidence),
        .line_start = f->line_start,
        .line_end = f->line_end,
    };
    snprintf(d->fingerprint, sizeof d->fingerprint, "%s", fp);
}

void scan_finding_release(struct scan_finding *f)
{
    if (f == NULL)
        return;
    free(f->rule_id);
    free(f->title);
    free(f->category);
    free(f->description);
    free(f->recommendation);
    free(f->file_path);
    free(f->masked_evidence);
    if (f->origin != NULL)
        free(f->origin->author_name);
    free(f->origin);
    f->origin = NULL;
    f->rule_id = f->title = f->category = f->description = f->recommendation = NULL;
    f->file_path = f->masked_evidence = NULL;
}

void scan_result_release(struct scan_result *res)
{
    if (res == NULL)
        return;
    for (size_t i = 0; i < res->n_findings; i++) {
        scan_finding_release(&res->findings[i]);
    }
    free(res->findings);
    free(res->error);
    *res = (struct scan_result)SCAN_RESULT_INIT;
}

static const unsigned char *fp_key(const struct scan_options *opt, size_t *len,
                                   unsigned char derived[crypto_generichash_KEYBYTES])
{
    const unsigned char *k = opt != NULL ? opt->fingerprint_key : NULL;
    size_t kl = opt != NULL ? opt->fingerprint_key_len : 0;
    if (k == NULL) {
        k = (const unsigned char *)SCAN_CLI_FINGERPRINT_KEY;
        kl = strlen(SCAN_CLI_FINGERPRINT_KEY);
    }
    if (kl < crypto_generichash_KEYBYTES_MIN || kl > crypto_generichash_KEYBYTES_MAX) {
        crypto_generichash(derived, crypto_generichash_KEYBYTES, k, kl, NULL, 0);
        k = derived;
        kl = crypto_generichash_KEYBYTES;
    }
    *len = kl;
    return k;
}

/* Keyed BLAKE2b of rule id (+ path for non-secret findings) + value, as hex. */
void scan_fingerprint(const struct scan_options *opt, const char *rule_id, const char *path,
                      const void *v, size_t n, char out[SCAN_FINGERPRINT_HEX + 1])
{
    unsigned char derived[crypto_generichash_KEYBYTES];
    unsigned char h[SCAN_FINGERPRINT_HEX / 2];
    size_t kl = 0;
    const unsigned char *k = fp_key(opt, &kl, derived);
    crypto_generichash_state st;
    crypto_generichash_init(&st, k, kl, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)rule_id, strlen(rule_id) + 1);
    if (path != NULL)
        crypto_generichash_update(&st, (const unsigned char *)path, strlen(path) + 1);
    crypto_generichash_update(&st, (const unsigned char *)v, n);
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, SCAN_FINGERPRINT_HEX + 1, h, sizeof h);
    sodium_memzero(&st, sizeof st);
    sodium_memzero(derived, sizeof derived);
}

/* Code matches: the text with every secret in it masked (mask.c), whitespace collapsed,
 * at most EVIDENCE_CODE_MAX characters. */
static char *code_evidence(struct mask_ctx *mk, const char *data, size_t len, size_t from,
                           size_t to)
{
    char *v = mask_span(mk, data, len, from, to);
    size_t n = strlen(v);
    size_t cap = n < EVIDENCE_CODE_MAX ? n : EVIDENCE_CODE_MAX;
    char *out = xmalloc(cap + 4);
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < n && o < cap; i++) {
        unsigned char ch = (unsigned char)v[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            space = o > 0;
            continue;
        }
        if (space && o < cap)
            out[o++] = ' ';
        space = false;
        out[o++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    if (n > cap)
        memcpy(out + o, "...", 3), o += 3;
    out[o] = '\0';
    sodium_memzero(v, n);
    free(v);
    return out;
}

/* What a check found, appended to the rule's description. */
static const char *note_text(enum scan_note note)
{
    switch (note) {
    case NOTE_CHECKSUM_OK:
        return "The token's built-in checksum verifies: it is a well-formed token of this "
               "provider.";
    case NOTE_CHECKSUM_BAD:
        return "Reported with low confidence: the token's built-in checksum does not verify, "
               "so it may be mistyped, truncated or made up (a test value); check it before "
               "rotating.";
    case NOTE_KEY_OK:
        return "The key body decodes to a complete key structure.";
    case NOTE_KEY_TRUNCATED:
        return "Reported with low confidence: the key body is truncated (it ends early or "
               "has no END line), so it may be an excerpt; a partial key can still be real.";
    case NOTE_KEY_MALFORMED:
        return "Reported with low confidence: the key body does not decode to a key "
               "structure, so it may be a placeholder or corrupted.";
    case NOTE_NONE:
        break;
    }
    return NULL;
}

/* Non-secret findings hash the matched text with whitespace removed (stable under
 * reformatting); the copy is wiped. */
void result_code_fingerprint(const struct scan_options *opt, const char *rule_id, const char *path,
                             const char *v, size_t n, char out[SCAN_FINGERPRINT_HEX + 1])
{
    char *norm = xmalloc(n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] != ' ' && v[i] != '\t' && v[i] != '\n' && v[i] != '\r')
            norm[o++] = v[i];
    }
    scan_fingerprint(opt, rule_id, path, norm, o, out);
    sodium_memzero(norm, n + 1);
    free(norm);
}

char *result_group_dir(const struct strlist *names, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *p = path;
    while (slash != NULL && p < slash) {
        const char *e = strchr(p, '/');
        size_t n = (size_t)(e - p);
        for (size_t k = 0; k < names->n; k++) {
            if (strlen(names->v[k]) == n && memcmp(names->v[k], p, n) == 0)
                return xasprintf("%.*s", (int)(e - path), path);
        }
        p = e + 1;
    }
    if (slash == NULL)
        return xstrdup(".");
    return xasprintf("%.*s", (int)(slash - path), path);
}

/* A test, fixture, example or document: rarely what the project runs or ships (a test's
 * throwaway key, a README's sample URL). One level less sure, and at most medium, so it is
 * seen without outranking what the app itself holds. */
const char *result_context_rating(const char *path, enum scan_severity *sev,
                                  enum scan_confidence *conf)
{
    if (!checks_context_path(path))
        return NULL;
    if (*conf > CONF_LOW)
        (*conf)--;
    if (*sev <= SEV_MEDIUM)
        return NULL;
    *sev = SEV_MEDIUM;
    return "Rated medium at most: the file is a test, fixture, example, template or document, "
           "which the project rarely runs or ships.";
}

char *result_description(const char *desc, const char *note, const char *more)
{
    if (note == NULL && more == NULL)
        return NULL;
    if (note == NULL || more == NULL)
        return xasprintf("%s %s", desc, note != NULL ? note : more);
    return xasprintf("%s %s %s", desc, note, more);
}

void result_emit(const struct rule *r, const struct scan_options *opt, struct mask_ctx *mk,
                 const char *path, const char *data, size_t len, const struct scan_cand *c,
                 unsigned line_start, unsigned line_end, int *bundled, struct scan_result *res)
{
    if (opt->max_findings > 0 && res->n_findings >= opt->max_findings)
        return;
    char fp[SCAN_FINGERPRINT_HEX + 1];
    char *ev = NULL;
    const char *v = data + c->sstart;
    size_t n = c->send - c->sstart;
    if (r->pattern == NULL && r->once_per_dir.n > 0) {
        char *dir = result_group_dir(&r->once_per_dir, path);
        scan_fingerprint(opt, r->id, dir, "", 0, fp);
        ev = xasprintf("%s/", dir);
        free(dir);
    } else if (r->pattern == NULL) {
        scan_fingerprint(opt, r->id, path, "", 0, fp);
        ev = xstrdup("");
    } else if (r->secret_group > 0) {
        scan_fingerprint(opt, r->id, NULL, v, n, fp);
        ev = mask_secret(r, v, n);
    } else {
        result_code_fingerprint(opt, r->id, path, v, n, fp);
        ev = code_evidence(mk, data, len, c->start, c->end);
    }
    enum scan_confidence conf = c->conf;
    enum scan_severity sev = r->severity;
    const char *where = result_context_rating(path, &sev, &conf);
    /* A code construct in minified, bundled or vendored library code is rarely the
     * scanned project's own (secrets keep their confidence: a bundle ships them). */
    if (r->pattern != NULL && r->secret_group == 0 && conf > CONF_LOW) {
        if (*bundled < 0)
            *bundled = checks_bundled_file(path, data, len) ? 1 : 0;
        if (*bundled == 1)
            conf--;
    }
    char *desc = result_description(r->description, note_text(c->note), where);
    struct scan_finding_spec f = {
        .rule_id = r->id,
        .title = r->title,
        .category = r->category,
        .description = desc != NULL ? desc : r->description,
        .recommendation = r->recommendation,
        .severity = sev,
        .confidence = conf,
        .file_path = path,
        .masked_evidence = ev,
        .line_start = line_start,
        .line_end = line_end,
        .fingerprint = fp,
    };
    scan_result_add(res, &f);
    free(ev);
    free(desc);
}

static int grouped_cmp(const void *x, const void *y, void *ctx)
{
    const struct scan_finding *f = ctx;
    const struct scan_finding *a = &f[*(const size_t *)x], *b = &f[*(const size_t *)y];
    int c = strcmp(a->rule_id, b->rule_id);
    if (c == 0)
        c = strcmp(a->fingerprint, b->fingerprint);
    if (c == 0)
        c = strcmp(a->file_path, b->file_path);
    return c;
}

static bool is_grouped(const char **ids, size_t n, const char *id)
{
    for (size_t k = 0; k < n; k++) {
        if (strcmp(ids[k], id) == 0)
            return true;
    }
    return false;
}

void result_collapse_dirs(const struct scan_engine *eng, struct scan_result *res)
{
    if (eng == NULL || res->n_findings < 2)
        return;
    const char **ids = xmalloc((eng->set.n + 1) * sizeof *ids);
    size_t ng = 0;
    for (size_t i = 0; i < eng->set.n; i++) {
        const struct rule *r = &eng->set.rules[i];
        if (r->pattern == NULL && r->once_per_dir.n > 0)
            ids[ng++] = r->id;
    }
    size_t *idx = xmalloc(res->n_findings * sizeof *idx);
    size_t m = 0;
    for (size_t i = 0; ng > 0 && i < res->n_findings; i++) {
        if (is_grouped(ids, ng, res->findings[i].rule_id))
            idx[m++] = i;
    }
    free(ids);
    if (m < 2) {
        free(idx);
        return;
    }
    qsort_r(idx, m, sizeof *idx, grouped_cmp, res->findings);
    bool *drop = xcalloc(res->n_findings, sizeof *drop);
    for (size_t j = 0; j < m;) {
        struct scan_finding *keep = &res->findings[idx[j]];
        size_t k = j + 1;
        while (k < m && strcmp(res->findings[idx[k]].rule_id, keep->rule_id) == 0 &&
               strcmp(res->findings[idx[k]].fingerprint, keep->fingerprint) == 0)
            drop[idx[k++]] = true;
        if (k - j > 1) {
            char *ev = xasprintf("%s (%zu files)", keep->masked_evidence, k - j);
            free(keep->masked_evidence);
            keep->masked_evidence = ev;
        }
        j = k;
    }
    size_t o = 0;
    for (size_t i = 0; i < res->n_findings; i++) {
        if (drop[i])
            scan_finding_release(&res->findings[i]);
        else
            res->findings[o++] = res->findings[i];
    }
    res->n_findings = o;
    free(drop);
    free(idx);
}

void result_append(struct scan_result *dst, struct scan_result *src)
{
    for (size_t i = 0; i < src->n_findings; i++) {
        if (dst->n_findings == dst->alloc) {
            dst->alloc = dst->alloc ? dst->alloc * 2 : 16;
            dst->findings = xrealloc(dst->findings, dst->alloc * sizeof *dst->findings);
        }
        dst->findings[dst->n_findings++] = src->findings[i];
    }
    src->n_findings = 0;
}

int result_finding_cmp(const void *x, const void *y)
{
    const struct scan_finding *a = x, *b = y;
    int c = strcmp(a->file_path, b->file_path);
    if (c != 0)
        return c;
    if (a->line_start != b->line_start)
        return a->line_start < b->line_start ? -1 : 1;
    return strcmp(a->rule_id, b->rule_id);
}

/* *s through the masker; replaced only when something was masked. */
static void mask_field(struct mask_ctx *mk, char **s)
{
    char *m = mask_text(mk, *s);
    if (strcmp(m, *s) == 0) {
        free(m);
        return;
    }
    sodium_memzero(*s, strlen(*s));
    free(*s);
    *s = m;
}

bool result_finish(const struct scan_engine *eng, const struct vegaignore *vi,
                   const struct scan_options *opt, struct scan_result *res)
{
    bool capped = false;
    struct mask_ctx *mk = mask_ctx_new(eng);
    for (size_t i = 0; i < res->n_findings; i++) {
        mask_field(mk, &res->findings[i].masked_evidence);
        mask_field(mk, &res->findings[i].description);
    }
    mask_ctx_free(mk);
    suppress_filter(res, vi, opt);
    result_collapse_dirs(eng, res);
    if (opt->max_findings > 0 && res->n_findings > opt->max_findings) {
        for (size_t i = opt->max_findings; i < res->n_findings; i++) {
            scan_finding_release(&res->findings[i]);
        }
        res->n_findings = opt->max_findings;
        capped = true;
    }
    if (res->n_findings > 1)
        qsort(res->findings, res->n_findings, sizeof *res->findings, result_finding_cmp);
    return capped;
}
