/*
 * ruletest.c - `vega rules test` (docs/rules.md, "Examples are tests"). Every pattern is
 * compiled alone with Vectorscan and with PCRE2; every positive example must give exactly
 * one finding, this rule's, through the whole engine (all rules loaded, so overlaps with
 * other rules show up; findings of other file-level rules, which fire on any file of their
 * paths, are not counted against a pattern rule's example); every negative example must
 * give none of this rule. A positive example may name the finding's expected confidence
 * (`confidence: low` for a token whose checksum fails or a truncated key). Each failure
 * names the rule, its file and the example.
 */
#include "scan/engine_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/checks.h"
#include "util/xalloc.h"

struct rt {
    FILE *out;
    size_t failures;
    bool verbose;
};

__attribute__((format(printf, 3, 4))) static void fail(struct rt *t, const struct rule *r,
                                                       const char *fmt, ...)
{
    va_list ap;
    fprintf(t->out, "FAIL %s (%s): ", r->id, r->source);
    va_start(ap, fmt);
    vfprintf(t->out, fmt, ap);
    va_end(ap);
    fputc('\n', t->out);
    t->failures++;
}

static int count_cb(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx)
{
    (void)id, (void)from, (void)to, (void)flags;
    (*(size_t *)ctx)++;
    return 0;
}

/* Compile the pattern alone with Vectorscan; returns the database or NULL. */
static hs_database_t *hs_alone(struct rt *t, const struct engine_rule *er)
{
    hs_database_t *db = NULL;
    hs_compile_error_t *cerr = NULL;
    unsigned flags = engine_hs_flags(er->r->flags) | (er->prefilter ? HS_FLAG_PREFILTER : 0);
    if (hs_compile(er->r->pattern, flags, HS_MODE_BLOCK, NULL, &db, &cerr) != HS_SUCCESS) {
        fail(t, er->r, "Vectorscan does not compile the pattern: %s",
             cerr != NULL ? cerr->message : "?");
        hs_free_compile_error(cerr);
        return NULL;
    }
    return db;
}

/* Each engine alone must see a match in every positive example (dialect differences). */
static void dialects(struct rt *t, const struct engine_rule *er, hs_database_t *db)
{
    hs_scratch_t *scratch = NULL;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS || md == NULL)
        abort();
    for (size_t i = 0; i < er->r->n_examples; i++) {
        const struct rule_example *ex = &er->r->examples[i];
        size_t n = strlen(ex->content), hits = 0;
        hs_scan(db, ex->content, (unsigned)n, 0, scratch, count_cb, &hits);
        bool pm = pcre2_match(engine_code(er, false), (PCRE2_SPTR)ex->content, n, 0, 0, md, NULL) >= 0;
        if (hits == 0 && pm)
            fail(t, er->r, "example #%zu: PCRE2 matches but Vectorscan does not (dialect)", i + 1);
        else if (hits > 0 && !pm && !er->prefilter)
            fail(t, er->r, "example #%zu: Vectorscan matches but PCRE2 does not (dialect)", i + 1);
    }
    hs_free_scratch(scratch);
    pcre2_match_data_free(md);
}

/* Does every match of fwd in s[0, n) hold a match of trig inside it? Else the offset just
 * past the first match that does not (> 0), or 0. */
static size_t trigger_missing(pcre2_code *fwd, pcre2_code *trig, const char *s, size_t n,
                              pcre2_match_data *md)
{
    size_t at = 0;
    while (at < n && pcre2_match(fwd, (PCRE2_SPTR)s, n, at, 0, md, NULL) >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t ms = ov[0], me = ov[1];
        /* The subject ends where the match does: the trigger's match must lie inside. */
        if (pcre2_match(trig, (PCRE2_SPTR)s, me, ms, 0, md, NULL) < 0)
            return me > 0 ? me : 1;
        at = me > ms ? me : ms + 1;
    }
    return 0;
}

/* The example with each byte of the trigger's matches in turn replaced by a space, then
 * left out: a pattern that still matches such a near miss must still hold the trigger. An
 * alternative of the pattern that the examples never take (`<token VALUE` where the
 * trigger asks for `<token>`) shows up here. Returns false after the first failure. */
static bool trigger_near_misses(struct rt *t, const struct engine_rule *er, size_t ex,
                                pcre2_code *fwd, pcre2_code *trig, const char *s, size_t n,
                                pcre2_match_data *md)
{
    char *m = xmalloc(n + 1);
    size_t at = 0;
    bool ok = true;
    while (ok && at < n && pcre2_match(trig, (PCRE2_SPTR)s, n, at, 0, md, NULL) >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t ts = ov[0], te = ov[1];
        for (size_t p = ts; ok && p < te; p++) {
            for (int kind = 0; ok && kind < 2; kind++) {
                memcpy(m, s, p);
                size_t mn = n;
                if (kind == 0) {
                    m[p] = ' ';
                    memcpy(m + p + 1, s + p + 1, n - p - 1);
                } else {
                    memcpy(m + p, s + p + 1, n - p - 1);
                    mn = n - 1;
                }
                if (trigger_missing(fwd, trig, m, mn, md) > 0) {
                    fail(t, er->r,
                         "example #%zu with byte %zu %s: the pattern matches without the "
                         "trigger inside (the trigger must be in every match)",
                         ex + 1, p + 1, kind == 0 ? "made a space" : "left out");
                    ok = false;
                }
            }
        }
        at = te > ts ? te : ts + 1;
    }
    free(m);
    return ok;
}

/* A trigger is a promise: every match of the pattern contains a match of it (the engine
 * looks for the rule only around the trigger's hits). Checked on every positive example,
 * and on its near misses around the trigger (trigger_near_misses). */
static void trigger_inside(struct rt *t, const struct engine_rule *er)
{
    char msg[320];
    pcre2_code *trig = engine_pcre2_compile(er->r->trigger, er->r->flags, 0, msg, sizeof msg);
    pcre2_code *fwd = engine_code(er, false);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (md == NULL)
        abort();
    if (trig == NULL || fwd == NULL) {
        fail(t, er->r, "the trigger does not compile with PCRE2: %s", msg);
    }
    bool ok = true;
    for (size_t i = 0; ok && trig != NULL && fwd != NULL && i < er->r->n_examples; i++) {
        const char *s = er->r->examples[i].content;
        size_t n = strlen(s);
        if (trigger_missing(fwd, trig, s, n, md) > 0) {
            fail(t, er->r, "example #%zu: no match of the trigger inside the pattern's match",
                 i + 1);
            ok = false;
        } else {
            ok = trigger_near_misses(t, er, i, fwd, trig, s, n, md);
        }
    }
    pcre2_code_free(trig);
    pcre2_match_data_free(md);
}

/* Compile each rule alone; keep the good ones in `good`. */
static void check_alone(struct rt *t, struct rule_set *all, struct rule_set *good)
{
    for (size_t i = 0; i < all->n; i++) {
        struct rule *r = &all->rules[i];
        struct engine_rule er = {.r = r};
        struct buf errs = BUF_INIT;
        bool ok = engine_rule_compile(&er, &errs);
        if (!ok)
            fprintf(t->out, "FAIL %s", buf_cstr(&errs)), t->failures++;
        if (ok && r->pattern != NULL) {
            hs_database_t *db = hs_alone(t, &er);
            ok = db != NULL;
            if (db != NULL)
                dialects(t, &er, db);
            if (r->trigger != NULL)
                trigger_inside(t, &er);
            hs_free_database(db);
        }
        engine_rule_release(&er);
        buf_release(&errs);
        if (!ok)
            continue;
        if (good->n == good->alloc) {
            good->alloc = good->alloc ? good->alloc * 2 : 64;
            good->rules = xrealloc(good->rules, good->alloc * sizeof *good->rules);
        }
        good->rules[good->n++] = *r;
        memset(r, 0, sizeof *r);
    }
}

static void list_ids(const struct scan_result *res, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < res->n_findings && o + 4 < cap; i++) {
        int w = snprintf(out + o, cap - o, "%s%s", i ? ", " : "", res->findings[i].rule_id);
        if (w < 0)
            break;
        o += (size_t)w;
    }
    if (o >= cap)
        out[cap - 1] = '\0';
    if (res->n_findings == 0)
        snprintf(out, cap, "none");
}

static bool in_list(const struct strlist *l, const char *path, bool glob)
{
    const char *lang = glob ? NULL : checks_language(path);
    for (size_t i = 0; i < l->n; i++) {
        if (glob ? checks_glob(l->v[i], path) : (lang != NULL && strcmp(lang, l->v[i]) == 0))
            return true;
    }
    return false;
}

static bool any_regex(pcre2_code **codes, size_t n, const char *text, bool all)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    bool result = all;
    for (size_t i = 0; i < n; i++) {
        bool m = pcre2_match(codes[i], (PCRE2_SPTR)text, strlen(text), 0, 0, md, NULL) >= 0;
        if (all ? !m : m) {
            result = !all;
            break;
        }
    }
    pcre2_match_data_free(md);
    return result;
}

/* Why a positive example gave no finding of its rule: the first check that drops it. */
static const char *why_missed(const struct engine_rule *er, const struct rule_example *ex,
                              char *msg, size_t cap)
{
    const struct rule *r = er->r;
    if ((r->languages.n > 0 && !in_list(&r->languages, ex->path, false)) ||
        (r->paths.n > 0 && !in_list(&r->paths, ex->path, true)) ||
        in_list(&r->exclude_paths, ex->path, true))
        return "the example's path is outside the rule's languages/paths/exclude_paths";
    if (!any_regex(er->requires, r->file_requires.n, ex->content, true))
        return "a file_requires regex does not match the example";
    if (r->file_excludes.n > 0 && any_regex(er->excludes, r->file_excludes.n, ex->content, false))
        return "a file_excludes regex matches the example";
    if (r->pattern == NULL)
        return "dropped (suppressed or overlapping)";
    pcre2_match_data *md = pcre2_match_data_create(100, NULL);
    int rc =
        pcre2_match(engine_code(er, false), (PCRE2_SPTR)ex->content, strlen(ex->content), 0, 0, md, NULL);
    const char *why = "kept by the checks but dropped: an inline vega:ignore, or an overlap "
                      "with a specific rule (generic rules lose overlaps)";
    if (rc < 0) {
        why = "the pattern does not match the example (PCRE2)";
    } else {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        int g = r->secret_group;
        const char *v = ex->content + ov[2 * g];
        size_t n = g < rc && ov[2 * g] != PCRE2_UNSET ? ov[2 * g + 1] - ov[2 * g] : 0;
        double h = checks_entropy(v, n);
        if (g > 0 && n == 0)
            why = "the secret group did not participate in the match";
        else if (r->entropy > 0 && h < r->entropy)
            why = (snprintf(msg, cap, "the secret's entropy %.2f is below the floor %.2f", h,
                            r->entropy),
                   msg);
        else if (g > 0 && checks_is_placeholder(v, n))
            why = "the secret looks like a placeholder (EXAMPLE, xxxx, 6 equal or sequential "
                  "characters, ${VAR}, ...)";
        else if (g > 0 && r->generic && checks_generic_reject(v, n))
            why = "generic rule: the value looks like a word, identifier, path or number";
        else if (r->checksum != CHECKSUM_NONE && !checks_checksum(r->checksum, v, n))
            why = "the secret fails the rule's checksum";
    }
    pcre2_match_data_free(md);
    return why;
}

/* True when `id` names a file-level rule (no pattern) of the engine. */
static bool file_level_id(const struct scan_engine *eng, const char *id)
{
    for (size_t i = 0; i < eng->set.n; i++) {
        if (strcmp(eng->set.rules[i].id, id) == 0)
            return eng->set.rules[i].pattern == NULL;
    }
    return false;
}

size_t ruletest_counted_findings(const struct scan_engine *eng, const struct rule *r,
                                 const struct scan_result *res)
{
    size_t n = 0;
    for (size_t k = 0; k < res->n_findings; k++) {
        const char *id = res->findings[k].rule_id;
        if (strcmp(id, r->id) == 0 || r->pattern == NULL || !file_level_id(eng, id))
            n++;
    }
    return n;
}

static void examples(struct rt *t, const struct scan_engine *eng, size_t ri)
{
    const struct rule *r = &eng->set.rules[ri];
    struct scan_options opt;
    scan_options_init(&opt);
    opt.threads = 1;
    char ids[512];
    for (size_t i = 0; i < r->n_examples + r->n_negatives; i++) {
        bool pos = i < r->n_examples;
        const struct rule_example *ex = pos ? &r->examples[i] : &r->negatives[i - r->n_examples];
        size_t num = pos ? i + 1 : i - r->n_examples + 1;
        struct scan_result res = SCAN_RESULT_INIT;
        (void)scan_buffer(eng, ex->path, ex->content, strlen(ex->content), &opt, &res);
        list_ids(&res, ids, sizeof ids);
        size_t mine = 0;
        int conf = -1;
        for (size_t k = 0; k < res.n_findings; k++) {
            if (strcmp(res.findings[k].rule_id, r->id) == 0) {
                mine++;
                conf = (int)res.findings[k].confidence;
            }
        }
        char msg[160];
        if (pos && mine == 0)
            fail(t, r, "example #%zu (%s): expected exactly one finding of this rule, got: %s (%s)",
                 num, ex->path, ids, why_missed(&eng->er[ri], ex, msg, sizeof msg));
        else if (pos && (ruletest_counted_findings(eng, r, &res) != 1 || mine != 1))
            fail(t, r, "example #%zu (%s): expected exactly one finding of this rule, got: %s", num,
                 ex->path, ids);
        else if (pos && ex->confidence >= 0 && conf != ex->confidence)
            fail(t, r, "example #%zu (%s): expected confidence %s, got %s", num, ex->path,
                 scan_confidence_name((enum scan_confidence)ex->confidence),
                 scan_confidence_name((enum scan_confidence)conf));
        else if (!pos && mine > 0)
            fail(t, r, "negative example #%zu (%s): expected no finding of this rule, got: %s", num,
                 ex->path, ids);
        else if (t->verbose)
            fprintf(t->out, "ok   %s %s #%zu\n", r->id, pos ? "example" : "negative", num);
        scan_result_release(&res);
    }
}

size_t scan_rules_test(const struct scan_engine_config *cfg, void *out, bool verbose)
{
    struct rt t = {out, 0, verbose};
    struct rule_set all = {NULL, 0, 0}, good = {NULL, 0, 0};
    struct buf errs = BUF_INIT;
    size_t problems = rules_load(&all, cfg->embedded, cfg->dirs, cfg->n_dirs, &errs);
    if (problems > 0) {
        /* Each line already names the file and the rule. */
        const char *p = buf_cstr(&errs);
        while (*p != '\0') {
            const char *eol = strchr(p, '\n');
            size_t n = eol != NULL ? (size_t)(eol - p) : strlen(p);
            fprintf(t.out, "FAIL %.*s\n", (int)n, p);
            p += n + (eol != NULL);
        }
        t.failures += problems;
    }
    buf_reset(&errs);
    size_t n_rules = all.n, n_examples = 0;
    check_alone(&t, &all, &good);
    rules_release(&all);
    struct scan_engine *eng = NULL;
    if (engine_from_set(&good, NULL, &eng, &errs) != VG_OK) {
        fprintf(t.out, "FAIL the rules do not compile together:\n%s", buf_cstr(&errs));
        t.failures++;
    } else {
        for (size_t i = 0; i < eng->set.n; i++) {
            examples(&t, eng, i);
            n_examples += eng->set.rules[i].n_examples + eng->set.rules[i].n_negatives;
        }
    }
    fprintf(t.out, "%zu rules, %zu examples checked: %zu failure%s\n", n_rules, n_examples,
            t.failures, t.failures == 1 ? "" : "s");
    scan_engine_free(eng);
    rules_release(&good);
    buf_release(&errs);
    return t.failures;
}
