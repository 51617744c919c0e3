/*
 * match.c - scan one file's bytes with the compiled engine (ENGINE.md, "Two stages"):
 * one Vectorscan pass whose callback only records (rule, end); then, per rule, PCRE2
 * confirms each hit over [end - max_width, end] with an end-anchored pattern, and the
 * value checks run (entropy, placeholders, checksum, file conditions); inline `vega:ignore`
 * is honoured and lines are counted. Turning the surviving matches into findings (overlaps,
 * masked evidence, fingerprints) lives in result.c; reading files and threads in ingest.c
 * and pipeline.c.
 */
#include "scan/engine_int.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "code/code.h"
#include "scan/checks.h"
#include "util/xalloc.h"

#define DEDUPE_MIN_LEN 64u

struct scan_worker {
    const struct scan_engine *eng;
    struct engine_thread t; /* scratch, PCRE2 match data and context */
    struct engine_hit *hits;
    size_t n_hits, cap_hits;
    struct engine_trig_buf trig;
    bool overflow;
    struct scan_cand *cands;
    size_t n_cands, cap_cands;
    /* Per rule, this file: does it apply (path_ok), do its file conditions hold (file_ok)?
     * An entry holds the answer (bit 0) for the file whose stamp (the bits above) it
     * carries, so a new file only increments `stamp` instead of clearing both arrays. */
    uint32_t *path_ok;
    uint32_t *file_ok;
    uint32_t stamp;
    uint32_t *tail_ok; /* == stamp: a literal tail of the rule's paths ends this path */
    const char *lang;  /* checks_language() of this file's path (NULL: none) */
    struct mask_ctx *mask;
    bool secrets_only;        /* this file is build output: code and config rules skip it */
    bool secrets_only_next;   /* worker_secrets_only_next */
    struct code_worker *code; /* tree rules (src/code/) */
};

void engine_thread_init(const struct scan_engine *eng, struct engine_thread *t)
{
    *t = (struct engine_thread){NULL, NULL, NULL};
    if (eng != NULL && eng->scratch_proto != NULL &&
        hs_clone_scratch(eng->scratch_proto, &t->scratch) != HS_SUCCESS)
        abort(); /* out of memory, as xmalloc */
    t->md = pcre2_match_data_create(100, NULL);
    t->mctx = pcre2_match_context_create(NULL);
    if (t->md == NULL || t->mctx == NULL)
        abort();
    pcre2_set_match_limit(t->mctx, ENGINE_PCRE2_MATCH_LIMIT);
}

void engine_thread_release(struct engine_thread *t)
{
    hs_free_scratch(t->scratch);
    pcre2_match_data_free(t->md);
    pcre2_match_context_free(t->mctx);
}

struct scan_worker *worker_new(const struct scan_engine *eng)
{
    struct scan_worker *w = xcalloc(1, sizeof *w);
    w->eng = eng;
    engine_thread_init(eng, &w->t);
    w->path_ok = xcalloc(eng->set.n + 1, sizeof *w->path_ok);
    w->file_ok = xcalloc(eng->set.n + 1, sizeof *w->file_ok);
    w->tail_ok = xcalloc(eng->set.n + 1, sizeof *w->tail_ok);
    w->mask = mask_ctx_new(eng);
    w->code = code_worker_new(eng->code);
    return w;
}

void worker_free(struct scan_worker *w)
{
    if (w == NULL)
        return;
    engine_thread_release(&w->t);
    free(w->hits);
    free(w->trig.v);
    free(w->cands);
    free(w->path_ok);
    free(w->file_ok);
    free(w->tail_ok);
    mask_ctx_free(w->mask);
    code_worker_free(w->code);
    free(w);
}

static int on_hit(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                  void *ctx)
{
    struct scan_worker *w = ctx;
    (void)from;
    (void)flags;
    if (w->n_hits == w->cap_hits) {
        if (w->cap_hits >= ENGINE_MAX_HITS_PER_FILE) {
            w->overflow = true;
            return 1; /* stop: the file is marked truncated */
        }
        w->cap_hits = w->cap_hits ? w->cap_hits * 2 : 256;
        w->hits = xrealloc(w->hits, w->cap_hits * sizeof *w->hits);
    }
    w->hits[w->n_hits++] = (struct engine_hit){id, to};
    return 0;
}

static int hit_cmp(const void *a, const void *b)
{
    const struct engine_hit *x = a, *y = b;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* ---- the main database's pass, with triggers (engine_int.h) ---- */

/* Bytes kept either side of a window beyond the widest match (a lead character, \b), and
 * the gap up to which two windows are scanned as one: a call costs about as much as 1 KiB
 * of the ~680 context rules' database (bench tree, windows of 256 bytes: joining gaps of
 * 4 KiB scanned 49 MB, of 1 KiB 31 MB in 1.5x the calls, of none 26 MB in 2x the calls). */
#define TRIGGER_MARGIN 8u
#define TRIGGER_JOIN 1024u

struct main_pass {
    const struct scan_engine *eng;
    struct engine_trig_buf *trig;
    match_event_handler cb;
    void *ctx;
    size_t base; /* offset of the scanned window in the caller's buffer */
};

static int main_hit(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx)
{
    struct main_pass *mp = ctx;
    if (id < mp->eng->set.n)
        return mp->cb(id, from + mp->base, to + mp->base, flags, mp->ctx);
    struct engine_trig_buf *t = mp->trig;
    /* the entry of the trigger, then those that follow it (engine_split_triggers) */
    for (unsigned d = id - (unsigned)mp->eng->set.n + 1; d != 0; d = mp->eng->lang_db[d - 1].next) {
        if (t->n == t->cap) {
            t->cap = t->cap ? t->cap * 2 : 64;
            t->v = xrealloc(t->v, t->cap * sizeof *t->v);
        }
        t->v[t->n++] = (struct engine_hit){d - 1, to};
    }
    return 0;
}

/* Scan entry ld's rules over data[a, b); false when a callback stopped the scan. */
static bool trigger_window(const struct engine_lang_db *ld, const char *data, size_t a, size_t b,
                           hs_scratch_t *scratch, struct main_pass *mp)
{
    mp->base = a;
    return ld->db == NULL || hs_scan(ld->db, data + a, (unsigned)(b - a), 0, scratch, main_hit,
                                     mp) != HS_SCAN_TERMINATED;
}

bool engine_scan_main(const struct scan_engine *eng, hs_scratch_t *scratch, const char *data,
                      size_t len, struct engine_trig_buf *trig, match_event_handler cb, void *ctx)
{
    struct main_pass mp = {eng, trig, cb, ctx, 0};
    trig->n = 0;
    if (eng->db == NULL || len == 0 || len > UINT_MAX)
        return true;
    if (hs_scan(eng->db, data, (unsigned)len, 0, scratch, main_hit, &mp) == HS_SCAN_TERMINATED)
        return false;
    if (trig->n == 0)
        return true;
    if (trig->n > 1)
        qsort(trig->v, trig->n, sizeof *trig->v, hit_cmp);
    /* Every match of a rule of entry d contains a match of its trigger, so it lies within
     * window bytes of that trigger's end: scan d's database over those windows only. */
    for (size_t h = 0; h < trig->n;) {
        const struct engine_lang_db *ld = &eng->lang_db[trig->v[h].rule];
        size_t reach = (size_t)ld->window + TRIGGER_MARGIN, a = 0, b = 0;
        bool open = false;
        for (; h < trig->n && &eng->lang_db[trig->v[h].rule] == ld; h++) {
            size_t e = (size_t)trig->v[h].end;
            size_t wa = e > reach ? e - reach : 0, wb = len - e > reach ? e + reach : len;
            if (open && wa <= b + TRIGGER_JOIN) {
                b = wb > b ? wb : b;
                continue;
            }
            if (open && !trigger_window(ld, data, a, b, scratch, &mp))
                return false;
            a = wa, b = wb, open = true;
        }
        if (!trigger_window(ld, data, a, b, scratch, &mp))
            return false;
    }
    return true;
}


/* languages / paths / exclude_paths */
static bool rule_applies(struct scan_worker *w, unsigned i, const char *path)
{
    if ((w->path_ok[i] >> 1) == w->stamp)
        return (w->path_ok[i] & 1u) != 0;
    const struct rule *r = w->eng->er[i].r;
    /* Build output in default mode: secret rules, and the file-level rules made for build
     * directories (once_per_dir: source maps shipped there). */
    bool ok = !(w->secrets_only && r->secret_group == 0 && r->once_per_dir.n == 0);
    if (ok && r->languages.n > 0) {
        const char *lang = w->lang;
        ok = false;
        for (size_t k = 0; lang != NULL && k < r->languages.n && !ok; k++)
            ok = strcmp(lang, r->languages.v[k]) == 0;
    }
    if (ok && r->paths.n > 0) {
        ok = false;
        for (size_t k = 0; k < r->paths.n && !ok; k++)
            ok = checks_glob(r->paths.v[k], path);
    }
    for (size_t k = 0; ok && k < r->exclude_paths.n; k++)
        ok = !checks_glob(r->exclude_paths.v[k], path);
    w->path_ok[i] = w->stamp << 1 | (ok ? 1u : 0u);
    return ok;
}

static bool regex_in(struct scan_worker *w, pcre2_code *code, const char *data, size_t len)
{
    return pcre2_match(code, (PCRE2_SPTR)data, len, 0, 0, w->t.md, w->t.mctx) >= 0;
}

/* A code rule (no secret, limited to languages): its patterns are about code, so a match in
 * a comment does not count. */
static bool code_rule(const struct rule *r)
{
    return r->secret_group == 0 && r->languages.n > 0;
}

bool engine_regex_in_code(const char *lang, const pcre2_code *re, pcre2_match_data *md,
                          pcre2_match_context *mctx, const char *data, size_t len,
                          bool outside_strings)
{
    size_t at = 0;
    for (int n = 0; at <= len; n++) {
        int rc = pcre2_match(re, (PCRE2_SPTR)data, len, at, 0, md, mctx);
        if (rc == PCRE2_ERROR_NOMATCH)
            return false;
        if (rc < 0 || n >= ENGINE_COMMENT_MATCH_MAX)
            return true;
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        bool comment = checks_in_comment(lang, data, len, ov[0]) &&
                       (ov[1] <= ov[0] + 1 || checks_in_comment(lang, data, len, ov[1] - 1));
        if (!comment && !(outside_strings && checks_in_string(lang, data, len, ov[0])))
            return true;
        at = ov[0] + 1;
    }
    return false;
}

/* file_requires (all must match) and file_excludes (none may). */
static bool file_conditions(struct scan_worker *w, unsigned i, const char *data, size_t len)
{
    if ((w->file_ok[i] >> 1) == w->stamp)
        return (w->file_ok[i] & 1u) != 0;
    const struct engine_rule *er = &w->eng->er[i];
    bool ok = true;
    bool code = code_rule(er->r);
    for (size_t k = 0; ok && k < er->r->file_requires.n; k++)
        ok = code ? engine_regex_in_code(w->lang, er->requires[k], w->t.md, w->t.mctx, data, len,
                                         false)
                  : regex_in(w, er->requires[k], data, len);
    for (size_t k = 0; ok && k < er->r->file_excludes.n; k++)
        ok = !regex_in(w, er->excludes[k], data, len);
    w->file_ok[i] = w->stamp << 1 | (ok ? 1u : 0u);
    return ok;
}

static void cand_push(struct scan_worker *w, struct scan_cand c)
{
    if (w->n_cands == w->cap_cands) {
        w->cap_cands = w->cap_cands ? w->cap_cands * 2 : 64;
        w->cands = xrealloc(w->cands, w->cap_cands * sizeof *w->cands);
    }
    w->cands[w->n_cands++] = c;
}

/* A generic rule's setting name, from the match's start back over the words before it on
 * the same line (`new relic mobile app token = '...'`, up to NAME_BACK bytes), up to the
 * value: when it names a provider whose value the value does not fit, the match is a
 * near-miss of that provider's format (checks_named_shape_reject). */
#define NAME_BACK 32

static bool named_shape_reject(const struct scan_cand *c, const char *data)
{
    size_t ns = c->start;
    while (ns > 0 && c->start - ns < NAME_BACK &&
           (isalnum((unsigned char)data[ns - 1]) || strchr("_.- \t", data[ns - 1]) != NULL) &&
           data[ns - 1] != '\0')
        ns--;
    return checks_named_shape_reject(data + ns, c->sstart - ns, data + c->sstart,
                                     c->send - c->sstart);
}

/* The name a value is assigned to: back from the value over its opening quote and blanks,
 * the `=`, `:` or `=>` that assigns it, blanks, a closing quote or `]`, then the name's
 * letters, digits and `_.-$` (up to NAME_BACK bytes); checks_name_not_secret judges it. */
static bool value_name_not_secret(const struct scan_cand *c, const char *data)
{
    size_t e = c->sstart, k = 0;
    while (e > 0 && k < 8 && data[e - 1] != '\0' && strchr("\"'` \t", data[e - 1]) != NULL)
        e--, k++;
    if (e == 0 || data[e - 1] == '\0' || strchr("=:>", data[e - 1]) == NULL)
        return false;
    e--;
    if (data[e] == '>' && e > 0 && data[e - 1] == '=')
        e--;
    for (k = 0; e > 0 && k < 8 && data[e - 1] != '\0' && strchr("\"'` \t]", data[e - 1]) != NULL;
         k++)
        e--;
    size_t ns = e;
    while (ns > 0 && e - ns < NAME_BACK &&
           (isalnum((unsigned char)data[ns - 1]) ||
            (data[ns - 1] != '\0' && strchr("_.-$", data[ns - 1]) != NULL)))
        ns--;
    return ns < e && checks_name_not_secret(data + ns, e - ns);
}

/* Value checks on a confirmed match; fills c->conf. False rejects the match. */
static bool cand_checks(struct scan_worker *w, struct scan_cand *c, const char *data, size_t len)
{
    const struct engine_rule *er = &w->eng->er[c->rule];
    const struct rule *r = er->r;
    const char *v = data + c->sstart;
    size_t n = c->send - c->sstart;
    c->conf = r->confidence;
    if (n == 0)
        return false;
    if (r->entropy > 0 && checks_entropy(v, n) < r->entropy)
        return false;
    if (r->secret_group > 0) {
        if (checks_is_placeholder(v, n) || value_name_not_secret(c, data))
            return false;
        if (r->generic && (checks_generic_reject(v, n) ||
                             (er->named_shape && named_shape_reject(c, data))))
            return false;
    }
    if (r->checksum == CHECKSUM_PEM || r->checksum == CHECKSUM_OPENSSH) {
        /* The key's whole body, from the end of its -----BEGIN ...----- line (the secret
         * group may be a later line): lowers or raises, never drops. */
        size_t body = c->sstart;
        const char *h = c->end - c->start > 10
                            ? memmem(data + c->start + 5, c->end - c->start - 5, "-----", 5)
                            : NULL;
        if (h != NULL)
            body = (size_t)(h - data) + 5;
        enum checks_key k = checks_key_body(r->checksum, data, len, body);
        c->conf = k == CHECKS_KEY_OK ? CONF_HIGH : CONF_LOW;
        c->note = k == CHECKS_KEY_OK          ? NOTE_KEY_OK
                  : k == CHECKS_KEY_TRUNCATED ? NOTE_KEY_TRUNCATED
                                              : NOTE_KEY_MALFORMED;
    } else if (r->checksum != CHECKSUM_NONE) {
        bool ok = checks_checksum(r->checksum, v, n);
        if (!ok && !rules_checksum_keeps(r->checksum))
            return false; /* not a value of this kind at all (luhn, jwt) */
        c->conf = ok ? CONF_HIGH : CONF_LOW;
        c->note = ok ? NOTE_CHECKSUM_OK : NOTE_CHECKSUM_BAD;
    }
    /* A code rule's pattern in a comment (`* forge.cipher.createCipher('DES-<mode>', key)`
     * in JSDoc, `// eval(x)`) is documentation, not code. */
    if (code_rule(r) && checks_in_comment(w->lang, data, len, c->start))
        return false;
    return file_conditions(w, c->rule, data, len);
}

bool engine_confirm(const struct engine_rule *er, uint64_t end, const char *data, size_t len,
                    pcre2_match_data *md, pcre2_match_context *mctx, struct scan_cand *c)
{
    size_t e = (size_t)end;
    size_t ws = e > er->max_width ? e - er->max_width : 0;
    int rc;
    pcre2_code *code = engine_code(er, !er->prefilter);
    if (code == NULL)
        return false;
    /* The leftmost match in the window may be an earlier match of the same rule (two
     * secrets of a .env on adjacent lines, keys side by side in a bundle: closer than the
     * rule's width), which the caller then drops as a repeat: the hit stands for a later
     * match, which must not be lost. */
    if (er->prefilter) {
        /* The hit's end is approximate: the last match that starts by e. */
        size_t lim = e + ENGINE_PREFILTER_SLACK < len ? e + ENGINE_PREFILTER_SLACK : len;
        rc = pcre2_match(code, (PCRE2_SPTR)data, lim, ws, 0, md, mctx);
        PCRE2_SIZE *o = pcre2_get_ovector_pointer(md);
        while (rc >= 0 && o[1] < e) {
            PCRE2_SIZE s0 = o[0], e0 = o[1];
            int r2 = pcre2_match(code, (PCRE2_SPTR)data, lim, e0 > s0 ? e0 : s0 + 1, 0, md, mctx);
            if (r2 >= 0 && o[0] <= e) {
                rc = r2;
                continue;
            }
            rc = pcre2_match(code, (PCRE2_SPTR)data, lim, s0, PCRE2_ANCHORED, md, mctx);
            break;
        }
    } else {
        rc = pcre2_match(code, (PCRE2_SPTR)data, e, ws, 0, md, mctx);
        /* The hit is a match that ends at e: ask for that one (the interpreter: rare). */
        if (rc >= 0 && pcre2_get_ovector_pointer(md)[1] < e)
            rc = pcre2_match(code, (PCRE2_SPTR)data, e, ws, PCRE2_ENDANCHORED, md, mctx);
    }
    if (rc < 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    if (er->prefilter && ov[0] > e)
        return false;
    c->start = ov[0];
    c->end = ov[1];
    c->sstart = ov[0];
    c->send = ov[1];
    int g = er->r->secret_group;
    if (g > 0) {
        if (rc <= g || ov[2 * g] == PCRE2_UNSET)
            return false;
        c->sstart = ov[2 * g];
        c->send = ov[2 * g + 1];
    }
    return c->end > c->start;
}

/* All hits of one rule (hits[from..to)), in end order. */
static void confirm_rule(struct scan_worker *w, size_t from, size_t to, const char *data,
                         size_t len)
{
    unsigned ri = w->hits[from].rule;
    const struct engine_rule *er = &w->eng->er[ri];
    size_t last = SIZE_MAX; /* index in cands of this rule's last kept match */
    for (size_t h = from; h < to; h++) {
        struct scan_cand c = {.rule = ri, .conf = CONF_LOW};
        if (last != SIZE_MAX && w->hits[h].end <= w->cands[last].end)
            continue; /* inside the match already kept */
        if (!engine_confirm(er, w->hits[h].end, data, len, w->t.md, w->t.mctx, &c) ||
            !cand_checks(w, &c, data, len))
            continue;
        if (last != SIZE_MAX && c.start < w->cands[last].end) {
            /* Same rule, overlapping: keep the wider match that starts first. */
            if (c.start <= w->cands[last].start)
                w->cands[last] = c;
            continue;
        }
        cand_push(w, c);
        last = w->n_cands - 1;
    }
}

static int cand_cmp(const void *x, const void *y)
{
    const struct scan_cand *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1;
    return a->rule < b->rule ? -1 : a->rule > b->rule;
}

static size_t count_nl(const char *p, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += p[i] == '\n';
    return c;
}

/* Pattern-less rules: once per selected file whose conditions hold. */
static void file_rules(struct scan_worker *w, const char *path, const char *data, size_t len)
{
    /* A rule limited to paths none of whose literal tails ends this path does not apply:
     * one memcmp per glob instead of matching each glob. */
    const struct scan_engine *eng = w->eng;
    size_t np = strlen(path);
    for (size_t k = 0; k < eng->n_file_tails; k++) {
        const struct engine_path_tail *t = &eng->file_tails[k];
        if (t->len <= np && memcmp(path + np - t->len, t->tail, t->len) == 0)
            w->tail_ok[t->rule] = w->stamp;
    }
    for (size_t k = 0; k < eng->n_file_tails; k++) {
        unsigned i = eng->file_tails[k].rule;
        if (w->tail_ok[i] != w->stamp && (w->path_ok[i] >> 1) != w->stamp)
            w->path_ok[i] = w->stamp << 1; /* does not apply */
    }
    for (size_t k = 0; k < w->eng->n_file_rules; k++) {
        unsigned i = w->eng->file_rules[k];
        if (rule_applies(w, i, path) && file_conditions(w, i, data, len))
            cand_push(w, (struct scan_cand){.rule = i, .conf = w->eng->er[i].r->confidence});
    }
}

/* A tree rule's hit h (its first: single match) is an exact match of its prefilter (not a
 * Vectorscan prefilter-mode approximation) whose last byte is in code. */
static bool hit_in_code(const struct scan_worker *w, size_t h, const char *data, size_t len)
{
    const struct engine_hit *hit = &w->hits[h];
    return !w->eng->er[hit->rule].prefilter && hit->end > 0 &&
           !checks_in_comment(w->lang, data, len, (size_t)hit->end - 1);
}

/* The language database for this file (0: none): code rules of a language read only its
 * files, and neither build output in default mode (secrets only), TypeScript declaration
 * files (types, no statements), nor the files of a language with a grammar that the code
 * checks never parse (too large, minified, bundled: code_file_skipped). */
static unsigned lang_db_for(const struct scan_worker *w, const char *path, const char *data,
                            size_t len)
{
    const struct scan_engine *eng = w->eng;
    if (eng->n_lang_db == 0 || w->secrets_only)
        return 0;
    const char *lang = w->lang;
    if (lang == NULL || checks_declaration_file(path) || code_file_skipped(path, data, len))
        return 0;
    for (size_t d = 0; d < eng->n_lang_db; d++) {
        if (strcmp(eng->lang_db[d].lang, lang) == 0)
            return eng->lang_db[d].db != NULL ? (unsigned)d + 1 : 0;
    }
    return 0;
}

/* The path-limited rules' database when one of them applies to this file (0: none). */
static unsigned path_db_for(struct scan_worker *w, const char *path)
{
    const struct scan_engine *eng = w->eng;
    if (eng->path_dbi == 0 || eng->lang_db[eng->path_dbi - 1].db == NULL)
        return 0;
    size_t np = strlen(path);
    for (size_t k = 0; k < eng->n_path_tails; k++) {
        const struct engine_path_tail *t = &eng->path_tails[k];
        if (t->len <= np && memcmp(path + np - t->len, t->tail, t->len) == 0 &&
            rule_applies(w, t->rule, path))
            return eng->path_dbi;
    }
    return 0;
}

/* The Vectorscan pass, or the hits remembered for the same content. */
static void find_hits(struct scan_worker *w, const char *path, const char *data, size_t len,
                      struct scan_stats *st, struct dedupe *dd)
{
    struct dedupe_key key;
    unsigned ldb = lang_db_for(w, path, data, len), pdb = path_db_for(w, path);
    bool use = dd != NULL && len >= DEDUPE_MIN_LEN;
    if (use) {
        dedupe_key(data, len, &key);
        /* same bytes, other rules */
        key.h[1] ^= (uint64_t)ldb * 0x9E3779B97F4A7C15ull + (uint64_t)pdb * 0xC2B2AE3D27D4EB4Full;
        if (dedupe_get(dd, &key, &w->hits, &w->n_hits, &w->cap_hits)) {
            st->duplicate_files++;
            return;
        }
    }
    engine_scan_main(w->eng, w->t.scratch, data, len, &w->trig, on_hit, w);
    if (ldb > 0 && !w->overflow && len > 0 && len <= UINT_MAX)
        hs_scan(w->eng->lang_db[ldb - 1].db, data, (unsigned)len, 0, w->t.scratch, on_hit, w);
    if (pdb > 0 && !w->overflow && len > 0 && len <= UINT_MAX)
        hs_scan(w->eng->lang_db[pdb - 1].db, data, (unsigned)len, 0, w->t.scratch, on_hit, w);
    if (use && !w->overflow)
        dedupe_put(dd, &key, w->hits, w->n_hits);
}

void worker_secrets_only_next(struct scan_worker *w, bool on)
{
    w->secrets_only_next = on;
}

void worker_scan_file(struct scan_worker *w, const struct scan_options *opt, const char *path,
                      const char *lang, const char *data, size_t len, struct scan_result *res,
                      struct scan_stats *st, struct dedupe *dd)
{
    const struct scan_engine *eng = w->eng;
    w->n_hits = w->n_cands = 0;
    w->overflow = false;
    if (++w->stamp == (UINT32_MAX >> 1)) { /* wrapped: forget every stamp */
        memset(w->path_ok, 0, (eng->set.n + 1) * sizeof *w->path_ok);
        memset(w->file_ok, 0, (eng->set.n + 1) * sizeof *w->file_ok);
        memset(w->tail_ok, 0, (eng->set.n + 1) * sizeof *w->tail_ok);
        w->stamp = 1;
    }
    w->lang = lang;
    /* Build output is read for secrets (a key there ships to browsers); code and config
     * checks would only repeat themselves on generated bundles. */
    w->secrets_only = w->secrets_only_next || (opt->default_ignores && checks_build_output(path));
    w->secrets_only_next = false;
    uint64_t t0 = scan_now_ns();
    find_hits(w, path, data, len, st, dd);
    uint64_t t1 = scan_now_ns();
    st->stage_ns[STAGE_PREFILTER] += t1 - t0;
    if (w->overflow && res->error == NULL)
        res->error = xasprintf("%s: too many candidate matches, scan of this file truncated", path);
    if (w->n_hits > 1)
        qsort(w->hits, w->n_hits, sizeof *w->hits, hit_cmp);
    for (size_t h = 0; h < w->n_hits;) {
        size_t g = h;
        while (g < w->n_hits && w->hits[g].rule == w->hits[h].rule)
            g++;
        if (rule_applies(w, w->hits[h].rule, path)) {
            if (eng->er[w->hits[h].rule].r->engine == RULE_ENGINE_TREE) {
                /* The prefilter selects the file, when the rule's file conditions hold. */
                if (file_conditions(w, w->hits[h].rule, data, len))
                    code_select(w->code, w->hits[h].rule, hit_in_code(w, h, data, len));
            } else
                confirm_rule(w, h, g, data, len);
        }
        h = g;
    }
    uint64_t t2 = scan_now_ns(), parse0 = st->stage_ns[STAGE_PARSE];
    code_scan_file(w->code, opt, path, data, len, res, st);
    code_worker_reset(w->code);
    uint64_t t3 = scan_now_ns();
    st->stage_ns[STAGE_TREE] += (t3 - t2) - (st->stage_ns[STAGE_PARSE] - parse0);
    file_rules(w, path, data, len);
    uint64_t t4 = scan_now_ns();
    st->stage_ns[STAGE_CONFIRM] += (t2 - t1) + (t4 - t3);
    if (w->n_cands == 0)
        return;
    qsort(w->cands, w->n_cands, sizeof *w->cands, cand_cmp);
    result_resolve_overlaps(eng, w->cands, w->n_cands);
    for (size_t i = 0; i < w->n_cands; i++) /* a tree finding beats a generic rule too */
        w->cands[i].dead |= eng->er[w->cands[i].rule].r->generic &&
                            code_covers(w->code, w->cands[i].start, w->cands[i].end);
    size_t pos = 0, line = 1;
    int bundled = -1;
    for (size_t i = 0; i < w->n_cands; i++) {
        const struct scan_cand *c = &w->cands[i];
        if (c->dead)
            continue;
        const struct rule *r = eng->er[c->rule].r;
        line += count_nl(data + pos, c->start - pos);
        pos = c->start;
        if (r->pattern != NULL && suppress_inline(data, len, c->start, r->id)) {
            st->suppressed++;
            continue;
        }
        /* A match may begin with the line break before its first token (a pattern's
         * (?:^|[^A-Za-z0-9]) lead): the finding is on the line of what follows it. */
        size_t s0 = c->start, first = line;
        while (s0 < c->sstart && s0 + 1 < c->end && (data[s0] == '\n' || data[s0] == '\r'))
            first += data[s0++] == '\n';
        size_t last = c->end > s0 ? c->end - 1 : s0;
        size_t line_end = first + count_nl(data + s0, last - s0);
        result_emit(r, opt, w->mask, path, data, len, c, (unsigned)first, (unsigned)line_end,
                    &bundled, res);
    }
    st->stage_ns[STAGE_RESULTS] += scan_now_ns() - t4;
}
