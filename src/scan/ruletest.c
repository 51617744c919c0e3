/*
 * ruletest.c - `vega rules test` (docs/rules.md, "Examples are tests"). Every pattern is
 * compiled alone with Vectorscan and with PCRE2; every positive example must give exactly
 * one finding, this rule's, through the whole engine (all rules loaded, so overlaps with
 * other rules show up); every negative example must give none of this rule. Each failure
 * names the rule, its file and the example.
 */
#include "scan/engine_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int count_cb(unsigned id, unsigned long long from, unsigned long long to,
                    unsigned flags, void *ctx)
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
        bool pm = pcre2_match(er->fwd_code, (PCRE2_SPTR)ex->content, n, 0, 0, md, NULL) >= 0;
        if (hits == 0 && pm)
            fail(t, er->r, "example #%zu: PCRE2 matches but Vectorscan does not (dialect)",
                 i + 1);
        else if (hits > 0 && !pm && !er->prefilter)
            fail(t, er->r, "example #%zu: Vectorscan matches but PCRE2 does not (dialect)",
                 i + 1);
    }
    hs_free_scratch(scratch);
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

static void examples(struct rt *t, const struct scan_engine *eng, const struct rule *r)
{
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
        for (size_t k = 0; k < res.n_findings; k++)
            mine += strcmp(res.findings[k].rule_id, r->id) == 0;
        if (pos && (res.n_findings != 1 || mine != 1))
            fail(t, r, "example #%zu (%s): expected exactly one finding of this rule, got: %s",
                 num, ex->path, ids);
        else if (!pos && mine > 0)
            fail(t, r, "negative example #%zu (%s): expected no finding of this rule, got: %s",
                 num, ex->path, ids);
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
    if (engine_from_set(&good, &eng, &errs) != VG_OK) {
        fprintf(t.out, "FAIL the rules do not compile together:\n%s", buf_cstr(&errs));
        t.failures++;
    } else {
        for (size_t i = 0; i < eng->set.n; i++) {
            examples(&t, eng, &eng->set.rules[i]);
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
