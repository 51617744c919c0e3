/*
 * engine.c - turn a rule set into the compiled engine: one Vectorscan block database for
 * every rule with a pattern (id = rule index, no start-of-match), PCRE2 JIT code per rule
 * for confirmation, and the file-level regexes. Scanning is in match.c, ingest in ingest.c.
 *
 * Triggers: a rule may name a `trigger`, a pattern that each of its matches contains. Rules
 * sharing a trigger (and flags) get their own database; the trigger joins the main one with
 * id set.n + that entry's index. A trigger hit ending at t means a match of those rules
 * can only lie in [t - width, t + width] (width: their widest match), so their database
 * is scanned only over those windows (match.c, engine_scan_main). Within a window every
 * real match is found (its bytes and one byte either side are there); a window's edge may
 * make `^`, `$` or `\b` hold where they do not in the file, which only adds hits, and
 * PCRE2 confirms every hit against the whole file. Hence trigger rules must be exact in
 * Vectorscan (no prefilter mode).
 */
#include "scan/engine_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code/code.h"
#include "scan/checks.h"
#include "util/xalloc.h"

unsigned engine_hs_flags(unsigned rule_flags)
{
    unsigned f = 0;
    if (rule_flags & RULE_CASELESS)
        f |= HS_FLAG_CASELESS;
    if (rule_flags & RULE_MULTILINE)
        f |= HS_FLAG_MULTILINE;
    if (rule_flags & RULE_DOTALL)
        f |= HS_FLAG_DOTALL;
    return f;
}

pcre2_code *engine_pcre2_compile(const char *pattern, unsigned rule_flags, uint32_t extra,
                                 char *msg, size_t msg_len)
{
    uint32_t opts = extra;
    int errcode = 0;
    PCRE2_SIZE erroff = 0;
    if (rule_flags & RULE_CASELESS)
        opts |= PCRE2_CASELESS;
    if (rule_flags & RULE_MULTILINE)
        opts |= PCRE2_MULTILINE;
    if (rule_flags & RULE_DOTALL)
        opts |= PCRE2_DOTALL;
    pcre2_code *code =
        pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &errcode, &erroff, NULL);
    if (code == NULL) {
        PCRE2_UCHAR text[256];
        pcre2_get_error_message(errcode, text, sizeof text);
        snprintf(msg, msg_len, "PCRE2: %s at offset %zu", (const char *)text, (size_t)erroff);
        return NULL;
    }
    /* Without JIT (unsupported platform) the interpreter still works: not an error. */
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    return code;
}

static void note(struct buf *errors, const struct rule *r, const char *msg)
{
    rules_note(errors, "%s: rule '%s': %s\n", r->source, r->id, msg);
}

/* A trigger must be exact in Vectorscan, as its rule (a prefilter rule's hits are not the
 * rule's matches), and no wider than the rule: its match lies inside the rule's. */
static bool trigger_info(const struct engine_rule *er, unsigned flags, struct buf *errors)
{
    hs_expr_info_t *info = NULL;
    hs_compile_error_t *cerr = NULL;
    char msg[512];
    if (er->prefilter) {
        note(errors, er->r, "a rule with a trigger cannot use lookaround or backreferences");
        return false;
    }
    if (hs_expression_info(er->r->trigger, flags, &info, &cerr) != HS_SUCCESS) {
        snprintf(msg, sizeof msg, "trigger: Vectorscan: %s", cerr ? cerr->message : "?");
        hs_free_compile_error(cerr);
        note(errors, er->r, msg);
        return false;
    }
    bool ok = info->min_width > 0 && info->max_width <= er->max_width;
    if (!ok)
        note(errors, er->r, "the trigger can match the empty string or more than the pattern");
    free(info);
    return ok;
}

/* Vectorscan view of one pattern: mode (plain or prefilter) and width bounds. */
static bool rule_hs_info(struct engine_rule *er, struct buf *errors)
{
    const struct rule *r = er->r;
    hs_expr_info_t *info = NULL;
    hs_compile_error_t *cerr = NULL;
    unsigned flags = engine_hs_flags(r->flags);
    char msg[512];
    if (hs_expression_info(r->pattern, flags, &info, &cerr) != HS_SUCCESS) {
        hs_free_compile_error(cerr);
        cerr = NULL;
        if (hs_expression_info(r->pattern, flags | HS_FLAG_PREFILTER, &info, &cerr) != HS_SUCCESS) {
            snprintf(msg, sizeof msg, "Vectorscan: %s", cerr ? cerr->message : "?");
            hs_free_compile_error(cerr);
            note(errors, r, msg);
            return false;
        }
        er->prefilter = true;
    }
    bool ok = true;
    if (info->min_width == 0) {
        note(errors, r, "the pattern can match the empty string");
        ok = false;
    } else if (info->max_width == UINT_MAX) {
        note(errors, r, "unbounded match width: bound every repetition ({1,64}, not + or *)");
        ok = false;
    } else if (info->max_width > ENGINE_MAX_WIDTH) {
        snprintf(msg, sizeof msg, "match width up to %u bytes exceeds the %u-byte cap",
                 info->max_width, ENGINE_MAX_WIDTH);
        note(errors, r, msg);
        ok = false;
    }
    er->max_width = info->max_width;
    free(info);
    if (ok && r->trigger != NULL)
        ok = trigger_info(er, flags, errors);
    return ok;
}

static bool compile_list(const struct rule *r, const struct strlist *l, pcre2_code ***out,
                         struct buf *errors)
{
    char msg[320];
    bool ok = true;
    if (l->n == 0)
        return true;
    *out = xcalloc(l->n, sizeof **out);
    for (size_t i = 0; i < l->n; i++) {
        (*out)[i] = engine_pcre2_compile(l->v[i], r->flags, 0, msg, sizeof msg);
        if ((*out)[i] == NULL) {
            char full[400];
            snprintf(full, sizeof full, "file regex '%.40s': %s", l->v[i], msg);
            note(errors, r, full);
            ok = false;
        }
    }
    return ok;
}

static bool rule_compile(struct engine_rule *er, struct buf *errors)
{
    const struct rule *r = er->r;
    char msg[320];
    bool ok = compile_list(r, &r->file_requires, &er->requires, errors) &&
              compile_list(r, &r->file_excludes, &er->excludes, errors);
    if (r->pattern == NULL)
        return ok;
    if (er->have_info) /* from the cache: validated when written; codes at first use */
        return ok;
    if (!rule_hs_info(er, errors))
        ok = false;
    pcre2_code *end = engine_pcre2_compile(r->pattern, r->flags, PCRE2_ENDANCHORED, msg, sizeof msg);
    pcre2_code *fwd = engine_pcre2_compile(r->pattern, r->flags, 0, msg, sizeof msg);
    atomic_store(&er->codes->end, end);
    atomic_store(&er->codes->fwd, fwd);
    if (end == NULL || fwd == NULL) {
        note(errors, r, msg);
        return false;
    }
    uint32_t groups = 0;
    pcre2_pattern_info(fwd, PCRE2_INFO_CAPTURECOUNT, &groups);
    if ((uint32_t)r->secret_group > groups) {
        snprintf(msg, sizeof msg, "secret_group %d but the pattern has %u capture groups",
                 r->secret_group, groups);
        note(errors, r, msg);
        ok = false;
    }
    return ok;
}

/* The lang_db entry named lang, added when missing; SIZE_MAX when the table is full. */
static size_t lang_db_slot(struct scan_engine *eng, const char *lang)
{
    size_t d = 0;
    while (d < eng->n_lang_db && strcmp(eng->lang_db[d].lang, lang) != 0)
        d++;
    if (d == eng->n_lang_db) {
        if (d == ENGINE_MAX_LANG_DBS)
            return SIZE_MAX;
        eng->lang_db[eng->n_lang_db++] = (struct engine_lang_db){lang, NULL, NULL, 0, 0, 0, false};
    }
    return d;
}

/* The literal end of a path glob, as checks_glob's own quick test (checks.c, tail_fits). */
static void add_path_tails(const struct scan_engine *eng, unsigned i,
                           struct engine_path_tail **tails, size_t *n_tails)
{
    const struct strlist *paths = &eng->er[i].r->paths;
    *tails = xrealloc(*tails, (*n_tails + paths->n) * sizeof **tails);
    for (size_t k = 0; k < paths->n; k++) {
        const char *g = paths->v[k][0] == '/' ? paths->v[k] + 1 : paths->v[k], *t = g;
        for (const char *q = g; *q != '\0'; q++) {
            if (*q == '*' || *q == '?' || *q == '[' || *q == ']')
                t = q + 1;
        }
        if (t != g && *t == '/')
            t++;
        (*tails)[(*n_tails)++] = (struct engine_path_tail){i, t, strlen(t)};
    }
}

/* The trigger entry of rule r's trigger and flags, added when missing; SIZE_MAX when the
 * table is full (the rule then stays in the main database). */
static size_t trigger_slot(struct scan_engine *eng, const struct rule *r)
{
    size_t d = 0;
    while (d < eng->n_lang_db &&
           !(eng->lang_db[d].trigger != NULL && strcmp(eng->lang_db[d].trigger, r->trigger) == 0 &&
             eng->lang_db[d].trigger_flags == r->flags))
        d++;
    if (d == eng->n_lang_db) {
        if (d == ENGINE_MAX_LANG_DBS)
            return SIZE_MAX;
        eng->lang_db[eng->n_lang_db++] =
            (struct engine_lang_db){ENGINE_TRIGGER_DB, NULL, r->trigger, r->flags, 0, 0, false};
    }
    return d;
}

void engine_group_rules(struct scan_engine *eng)
{
    eng->n_lang_db = 0;
    eng->path_dbi = 0;
    free(eng->path_tails);
    eng->path_tails = NULL;
    eng->n_path_tails = 0;
    for (size_t i = 0; i < eng->set.n; i++) {
        const struct rule *r = eng->er[i].r;
        eng->er[i].dbi = 0;
        if (r->pattern == NULL)
            continue;
        if (r->paths.n > 0 && (r->languages.n == 0 || r->secret_group > 0)) {
            /* Read only where its paths match: no cost on every other file. */
            size_t d = lang_db_slot(eng, ENGINE_PATH_DB);
            if (d != SIZE_MAX) {
                eng->er[i].dbi = (unsigned)d + 1;
                eng->path_dbi = (unsigned)d + 1;
                add_path_tails(eng, (unsigned)i, &eng->path_tails, &eng->n_path_tails);
            }
            continue;
        }
        if (r->trigger != NULL) {
            size_t d = trigger_slot(eng, r);
            if (d != SIZE_MAX)
                eng->er[i].dbi = (unsigned)d + 1;
            continue;
        }
        if (r->secret_group > 0 || r->languages.n == 0)
            continue;
        /* A rule of several languages goes into each of their databases; it is filed under
         * the first (dbi), the others find it by language. */
        size_t first = SIZE_MAX;
        for (size_t k = 0; k < r->languages.n; k++) {
            size_t d = lang_db_slot(eng, r->languages.v[k]);
            if (d == SIZE_MAX)
                break;
            if (first == SIZE_MAX)
                first = d;
        }
        if (first != SIZE_MAX && r->languages.n <= ENGINE_MAX_LANG_DBS)
            eng->er[i].dbi = (unsigned)first + 1;
    }
}

/* The width class of a match of up to w bytes: 0 up to 256 bytes, k up to 256 << k. */
#define TRIGGER_CLASSES 6u
static unsigned width_class(unsigned w)
{
    unsigned k = 0;
    while (k + 1 < TRIGGER_CLASSES && w > (256u << k))
        k++;
    return k;
}

/* A trigger hit is looked at over the widest match of the entry's rules either side, so
 * one rule of 1.5 KiB among 600 of ~160 bytes made every window of the 600 ten times
 * wider than they need (bench tree: 100 MB of windows through the entry's ~680 rules).
 * The entry keeps its most common width class and the narrower ones; each wider class
 * moves to an entry of its own, chained after it. */
void engine_split_triggers(struct scan_engine *eng)
{
    size_t n0 = eng->n_lang_db;
    for (size_t d = 0; d < n0; d++) {
        if (eng->lang_db[d].trigger == NULL || eng->lang_db[d].follows)
            continue;
        size_t count[TRIGGER_CLASSES] = {0};
        for (size_t i = 0; i < eng->set.n; i++) {
            if (eng->er[i].dbi == d + 1)
                count[width_class(eng->er[i].max_width)]++;
        }
        unsigned base = 0;
        for (unsigned k = 1; k < TRIGGER_CLASSES; k++)
            base = count[k] > count[base] ? k : base;
        size_t slot[TRIGGER_CLASSES], last = d;
        for (unsigned k = 0; k < TRIGGER_CLASSES; k++) {
            slot[k] = d;
            if (k <= base || count[k] == 0 || eng->n_lang_db == ENGINE_MAX_LANG_DBS)
                continue;
            size_t e = eng->n_lang_db++;
            eng->lang_db[e] = (struct engine_lang_db){
                ENGINE_TRIGGER_DB, NULL, eng->lang_db[d].trigger, eng->lang_db[d].trigger_flags,
                0, 0, true};
            eng->lang_db[last].next = (unsigned)e + 1;
            last = e;
            slot[k] = e;
        }
        for (size_t i = 0; i < eng->set.n; i++) {
            if (eng->er[i].dbi == d + 1)
                eng->er[i].dbi = (unsigned)slot[width_class(eng->er[i].max_width)] + 1;
        }
    }
}

/* Does rule i belong in database dbi (0 main, k lang_db[k - 1])? */
bool engine_rule_in_db(const struct scan_engine *eng, size_t i, unsigned dbi)
{
    const struct engine_rule *er = &eng->er[i];
    if (er->r->pattern == NULL)
        return false;
    if (er->dbi == dbi)
        return true;
    /* Language databases may share a rule; the path and trigger entries (":...") do not. */
    if (dbi == 0 || er->dbi == 0 || eng->lang_db[dbi - 1].lang[0] == ':' ||
        eng->lang_db[er->dbi - 1].lang[0] == ':')
        return false;
    const char *lang = eng->lang_db[dbi - 1].lang;
    for (size_t k = 0; k < er->r->languages.n; k++) {
        if (strcmp(er->r->languages.v[k], lang) == 0)
            return true;
    }
    return false;
}

static bool compile_db(struct scan_engine *eng, unsigned dbi, hs_database_t **out,
                       struct buf *errors)
{
    size_t n = 0, cap = eng->set.n + ENGINE_MAX_LANG_DBS + 1;
    const char **exprs = xcalloc(cap, sizeof *exprs);
    unsigned *flags = xcalloc(cap, sizeof *flags);
    unsigned *ids = xcalloc(cap, sizeof *ids);
    for (size_t i = 0; i < eng->set.n; i++) {
        const struct engine_rule *er = &eng->er[i];
        if (!engine_rule_in_db(eng, i, dbi))
            continue;
        exprs[n] = er->r->pattern;
        flags[n] = engine_hs_flags(er->r->flags) | (er->prefilter ? HS_FLAG_PREFILTER : 0);
        /* A tree rule's hit only selects the file for parsing: its first hit is enough. */
        if (er->r->engine == RULE_ENGINE_TREE)
            flags[n] |= HS_FLAG_SINGLEMATCH;
        ids[n] = (unsigned)i;
        n++;
    }
    for (size_t d = 0; dbi == 0 && d < eng->n_lang_db; d++) {
        if (eng->lang_db[d].trigger == NULL || eng->lang_db[d].follows)
            continue;
        exprs[n] = eng->lang_db[d].trigger;
        flags[n] = engine_hs_flags(eng->lang_db[d].trigger_flags);
        ids[n] = (unsigned)(eng->set.n + d);
        n++;
    }
    bool ok = true;
    *out = NULL;
    if (n > 0) {
        hs_compile_error_t *cerr = NULL;
        if (hs_compile_multi(exprs, flags, ids, (unsigned)n, HS_MODE_BLOCK, NULL, out,
                             &cerr) != HS_SUCCESS) {
            const struct rule *r = cerr->expression >= 0 && (size_t)cerr->expression < n &&
                                           ids[cerr->expression] < eng->set.n
                                       ? eng->er[ids[cerr->expression]].r
                                       : NULL;
            char msg[512];
            snprintf(msg, sizeof msg, "Vectorscan database: %s", cerr->message);
            if (r != NULL)
                note(errors, r, msg);
            else
                rules_note(errors, "rules: %s\n", msg);
            hs_free_compile_error(cerr);
            ok = false;
        } else if (hs_alloc_scratch(*out, &eng->scratch_proto) != HS_SUCCESS) {
            ok = false;
        }
    }
    free(exprs);
    free(flags);
    free(ids);
    return ok;
}

static bool build_database(struct scan_engine *eng, struct buf *errors)
{
    bool ok = compile_db(eng, 0, &eng->db, errors);
    for (size_t d = 0; ok && d < eng->n_lang_db; d++)
        ok = compile_db(eng, (unsigned)d + 1, &eng->lang_db[d].db, errors);
    return ok;
}

static void free_codes(pcre2_code **codes, size_t n)
{
    for (size_t i = 0; codes != NULL && i < n; i++)
        pcre2_code_free(codes[i]);
    free(codes);
}

pcre2_code *engine_code(const struct engine_rule *er, bool end)
{
    _Atomic(pcre2_code *) *slot = end ? &er->codes->end : &er->codes->fwd;
    pcre2_code *c = atomic_load_explicit(slot, memory_order_acquire);
    if (c != NULL || er->r->pattern == NULL)
        return c;
    char msg[320];
    c = engine_pcre2_compile(er->r->pattern, er->r->flags, end ? PCRE2_ENDANCHORED : 0, msg,
                             sizeof msg);
    if (c == NULL)
        return NULL;
    pcre2_code *expect = NULL;
    if (!atomic_compare_exchange_strong(slot, &expect, c)) {
        pcre2_code_free(c);
        c = expect;
    }
    return c;
}

bool engine_rule_compile(struct engine_rule *er, struct buf *errors)
{
    if (er->codes == NULL)
        er->codes = &er->own;
    return rule_compile(er, errors);
}

void engine_rule_release(struct engine_rule *er)
{
    if (er->codes != NULL) {
        pcre2_code_free(atomic_load(&er->codes->end));
        pcre2_code_free(atomic_load(&er->codes->fwd));
    }
    free_codes(er->requires, er->r->file_requires.n);
    free_codes(er->excludes, er->r->file_excludes.n);
    memset(er, 0, sizeof *er);
}

enum vg_err engine_from_set(struct rule_set *set_take, const char *cache_dir,
                            struct scan_engine **out, struct buf *errors)
{
    struct scan_engine *eng = xcalloc(1, sizeof *eng);
    size_t problems = 0;
    *out = NULL;
    eng->set = *set_take;
    *set_take = (struct rule_set){NULL, 0, 0};
    eng->er = xcalloc(eng->set.n + 1, sizeof *eng->er);
    eng->file_rules = xcalloc(eng->set.n + 1, sizeof *eng->file_rules);
    for (size_t i = 0; i < eng->set.n; i++) {
        eng->er[i].r = &eng->set.rules[i];
        eng->er[i].codes = &eng->er[i].own;
        eng->er[i].named_shape = checks_named_shape_rule(eng->set.rules[i].id);
    }
    engine_group_rules(eng);
    bool cached = dbcache_load(eng, cache_dir);
    for (size_t i = 0; i < eng->set.n; i++) {
        if (!rule_compile(&eng->er[i], errors))
            problems++;
        if (eng->set.rules[i].pattern != NULL)
            continue;
        eng->file_rules[eng->n_file_rules++] = (unsigned)i;
        if (eng->set.rules[i].paths.n > 0)
            add_path_tails(eng, (unsigned)i, &eng->file_tails, &eng->n_file_tails);
    }
    if (!cached)
        engine_split_triggers(eng); /* dbcache_load did, from the cached widths */
    for (size_t i = 0; i < eng->set.n; i++) {
        unsigned d = eng->er[i].dbi;
        if (d > 0 && eng->lang_db[d - 1].trigger != NULL &&
            eng->er[i].max_width > eng->lang_db[d - 1].window)
            eng->lang_db[d - 1].window = eng->er[i].max_width;
    }
    eng->code = code_engine_new(&eng->set, cached, errors, &problems);
    if (problems == 0 && !cached) {
        if (!build_database(eng, errors))
            problems++;
        else
            dbcache_store(eng, cache_dir);
    }
    if (problems > 0) {
        scan_engine_free(eng);
        return VG_ERR_INVALID;
    }
    *out = eng;
    return VG_OK;
}

enum vg_err scan_engine_load(const struct scan_engine_config *cfg, struct scan_engine **out,
                             struct buf *errors)
{
    struct rule_set set = {NULL, 0, 0};
    *out = NULL;
    size_t problems = rules_load(&set, cfg->embedded, cfg->dirs, cfg->n_dirs, errors);
    /* Compile the valid rules even then, so that one run reports every problem. */
    enum vg_err e = engine_from_set(&set, problems == 0 ? cfg->cache_dir : NULL, out, errors);
    if (problems > 0 && e == VG_OK) {
        scan_engine_free(*out);
        *out = NULL;
        e = VG_ERR_INVALID;
    }
    return e;
}

enum vg_err scan_engine_load_rules(const struct scan_engine_config *cfg, struct scan_engine **out,
                                   struct buf *errors)
{
    struct rule_set set = {NULL, 0, 0};
    *out = NULL;
    if (rules_load(&set, cfg->embedded, cfg->dirs, cfg->n_dirs, errors) > 0) {
        rules_release(&set);
        return VG_ERR_INVALID;
    }
    struct scan_engine *eng = xcalloc(1, sizeof *eng);
    eng->set = set;
    *out = eng;
    return VG_OK;
}

void scan_engine_free(struct scan_engine *eng)
{
    if (eng == NULL)
        return;
    for (size_t i = 0; eng->er != NULL && i < eng->set.n; i++) {
        if (eng->er[i].r != NULL)
            engine_rule_release(&eng->er[i]);
    }
    free(eng->er);
    free(eng->file_rules);
    free(eng->path_tails);
    free(eng->file_tails);
    code_engine_free(eng->code);
    hs_free_scratch(eng->scratch_proto);
    hs_free_database(eng->db);
    for (size_t d = 0; d < eng->n_lang_db; d++)
        hs_free_database(eng->lang_db[d].db);
    rules_release(&eng->set);
    free(eng);
}

size_t scan_engine_rule_count(const struct scan_engine *eng)
{
    return eng->set.n;
}

bool scan_engine_rule_info(const struct scan_engine *eng, size_t i, struct scan_rule_info *out)
{
    if (i >= eng->set.n)
        return false;
    const struct rule *r = &eng->set.rules[i];
    *out = (struct scan_rule_info){
        .id = r->id,
        .title = r->title,
        .category = r->category,
        .description = r->description,
        .recommendation = r->recommendation,
        .source = r->source,
        .pattern = r->pattern,
        .severity = r->severity,
        .confidence = r->confidence,
        .languages = (const char *const *)r->languages.v,
        .n_languages = r->languages.n,
        .references = (const char *const *)r->references.v,
        .n_references = r->references.n,
        .evidence_secret = r->evidence_secret,
    };
    return true;
}
