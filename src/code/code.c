/*
 * code.c - run the tree rules (code.h): grammars, the rules' tree-sitter queries (with the
 * #eq? / #not-eq? / #match? / #not-match? / #any-of? predicates, which the C library leaves
 * to its caller), the mapping from the taint pass's sinks to the rules that asked for them,
 * and turning results into findings (line, evidence, fingerprint, confidence).
 */
#include "code/code_int.h"

#include <ctype.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scan/checks.h"
#include "scan/engine_int.h" /* PCRE2 (predicates), suppress_inline, fingerprints */
#include "util/xalloc.h"

const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_python(void);

#define CODE_EVIDENCE_MAX 120u
#define FINDING_SPAN_MAX 8u /* lines a finding may span (finding_end_row) */
#define CODE_SOURCE_TEXT_MAX 60u

const TSLanguage *code_language(enum code_lang l)
{
    switch (l) {
    case CL_JS:
        return tree_sitter_javascript();
    case CL_TS:
        return tree_sitter_typescript();
    case CL_TSX:
        return tree_sitter_tsx();
    case CL_PY:
        return tree_sitter_python();
    case CL_N:
        break;
    }
    return NULL;
}

int code_lang_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (dot == NULL)
        return -1;
    static const struct {
        const char *ext;
        enum code_lang l;
    } exts[] = {
        {"js", CL_JS}, {"jsx", CL_JS}, {"mjs", CL_JS}, {"cjs", CL_JS}, {"ts", CL_TS},
        {"mts", CL_TS}, {"cts", CL_TS}, {"tsx", CL_TSX}, {"py", CL_PY},
    };
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        if (strcasecmp(dot + 1, exts[i].ext) == 0)
            return checks_declaration_file(base) ? -1 : (int)exts[i].l;
    }
    return -1;
}

/* The rule language name that covers a grammar. */
static const char *lang_rule_name(enum code_lang l)
{
    return l == CL_PY ? "python" : l == CL_JS ? "javascript" : "typescript";
}

bool code_grammars_compatible(char *msg, size_t cap)
{
    static const char *const names[CL_N] = {"javascript", "typescript", "tsx", "python"};
    for (int l = 0; l < CL_N; l++) {
        uint32_t v = ts_language_version(code_language((enum code_lang)l));
        if (v < TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION || v > TREE_SITTER_LANGUAGE_VERSION) {
            snprintf(msg, cap, "grammar %s has ABI %u; the tree-sitter library loads %u..%u",
                     names[l], v, TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION,
                     TREE_SITTER_LANGUAGE_VERSION);
            return false;
        }
    }
    snprintf(msg, cap, "grammars ABI %u (library %u..%u)", ts_language_version(code_language(CL_JS)),
             TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION, TREE_SITTER_LANGUAGE_VERSION);
    return true;
}

/* ---- queries ---- */

enum pred_op {
    P_EQ,
    P_NOT_EQ,
    P_MATCH,
    P_NOT_MATCH,
    P_ANY_OF,
    P_QUALNAME,
    P_VALUE_MATCH,
    P_MEMBER_MATCH,
    P_NOT_SAME_NAME
};

struct pred {
    enum pred_op op;
    uint32_t cap;
    bool rhs_is_cap;
    uint32_t rhs_cap;
    char **strs; /* literal operands (any-of: several) */
    size_t n_strs;
    pcre2_code *re;
    /* A condition on the whole file that every match of the pattern implies (its capture is
     * in every match, and the capture's text is part of the file): the file contains the
     * literal (eq?, any-of?) or a match of file_re (match?, anchors and word boundaries
     * dropped). A file where it fails for every pattern is not parsed for this rule. */
    bool gate;
    pcre2_code *file_re;
};

struct cquery {
    TSQuery *q;
    uint32_t finding_cap;
    struct pred **preds; /* per pattern */
    size_t *n_preds;
    uint32_t n_patterns;
    bool gated; /* every pattern has a file gate (cquery_may_match) */
};

struct tree_rule {
    bool tree;
    bool lang[CL_N];
    int sink;          /* check rules: enum sink_kind, else -1 */
    bool request_only; /* "<sink>.request" */
    bool param_only;   /* "<sink>.param": request data and parameters, never unknown values */
    _Atomic(struct cquery *) cq[CL_N]; /* compiled at load, or at first use when lazy */
    /* The first tree rule with the same prefilter pattern and flags (-1: no pattern); that
     * rule's entry holds the pattern compiled for prefilter_in_code, at first use. */
    int pat;
    _Atomic(pcre2_code *) pre;
};

struct code_engine {
    const struct rule_set *set;
    struct tree_rule *tr; /* set->n entries */
    bool lazy;            /* queries compile at first use (the pack was validated before) */
};

static void pred_free(struct pred *p)
{
    for (size_t i = 0; i < p->n_strs; i++)
        free(p->strs[i]);
    free(p->strs);
    pcre2_code_free(p->re);
    pcre2_code_free(p->file_re);
}

static void cquery_free(struct cquery *c)
{
    if (c == NULL)
        return;
    for (uint32_t i = 0; i < c->n_patterns; i++) {
        for (size_t k = 0; k < c->n_preds[i]; k++)
            pred_free(&c->preds[i][k]);
        free(c->preds[i]);
    }
    free(c->preds);
    free(c->n_preds);
    ts_query_delete(c->q);
    free(c);
}

/* A regular expression that matches somewhere in a file whenever `re` matches a part of it
 * (a capture's text): `re` without its anchors (^ $ \A \z \Z \G) and word boundaries
 * (\b \B), which may hold at the edge of the part and not in the file. NULL when `re` uses
 * a construct whose match in a part does not imply one in the whole (negative or other
 * lookarounds, atomic groups, possessive quantifiers, verbs, \Q..\E, extended mode): the
 * predicate then gives no file condition. */
char *code_file_regex(const char *re)
{
    size_t n = strlen(re), o = 0;
    char *out = xmalloc(n + 1);
    bool cls = false;
    for (size_t i = 0; i < n; i++) {
        char ch = re[i];
        if (ch == '\\') {
            char nx = re[i + 1];
            if (nx == '\0' || nx == 'Q' || nx == 'E')
                goto fail;
            if (!cls && strchr("bBAzZG", nx) != NULL) {
                i++;
                continue;
            }
            out[o++] = ch;
            out[o++] = nx;
            i++;
            continue;
        }
        if (cls) {
            if (ch == '[' && re[i + 1] == ':') { /* [:alpha:] */
                const char *e = strstr(re + i + 2, ":]");
                if (e == NULL)
                    goto fail;
                size_t m = (size_t)(e + 2 - (re + i));
                memcpy(out + o, re + i, m);
                o += m;
                i += m - 1;
                continue;
            }
            cls = ch != ']';
            out[o++] = ch;
            continue;
        }
        if (ch == '[') {
            cls = true;
            out[o++] = ch;
            if (re[i + 1] == '^')
                out[o++] = re[++i];
            if (re[i + 1] == ']')
                out[o++] = re[++i];
            continue;
        }
        if (ch == '(' && re[i + 1] == '*')
            goto fail; /* (*VERB) */
        if (ch == '(' && re[i + 1] == '?') {
            /* Only (?: and option settings (?i) (?i: (?-i) of i, m, s, n. */
            size_t k = i + 2;
            while (re[k] != '\0' && strchr("imsn-", re[k]) != NULL)
                k++;
            if (re[k] != ':' && re[k] != ')')
                goto fail;
            memcpy(out + o, re + i, k + 1 - i);
            o += k + 1 - i;
            i = k;
            continue;
        }
        if (ch == '^' || ch == '$')
            continue;
        if (ch == '+' && o > 0 && strchr("*+?}", out[o - 1]) != NULL)
            goto fail; /* possessive (or an escaped + quantified: no condition either way) */
        out[o++] = ch;
    }
    if (cls)
        goto fail;
    out[o] = '\0';
    return out;
fail:
    free(out);
    return NULL;
}

/* Parse the predicates of one pattern; false with a message on an unsupported one. */
static bool parse_preds(struct cquery *c, uint32_t pat, char *msg, size_t cap)
{
    uint32_t n = 0;
    const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(c->q, pat, &n);
    uint32_t i = 0;
    while (i < n) {
        uint32_t j = i;
        while (j < n && st[j].type != TSQueryPredicateStepTypeDone)
            j++;
        uint32_t len = 0;
        const char *name = st[i].type == TSQueryPredicateStepTypeString
                               ? ts_query_string_value_for_id(c->q, st[i].value_id, &len)
                               : "";
        struct pred p = {P_EQ, 0, false, 0, NULL, 0, NULL, false, NULL};
        if (strcmp(name, "eq?") == 0)
            p.op = P_EQ;
        else if (strcmp(name, "not-eq?") == 0)
            p.op = P_NOT_EQ;
        else if (strcmp(name, "match?") == 0)
            p.op = P_MATCH;
        else if (strcmp(name, "not-match?") == 0)
            p.op = P_NOT_MATCH;
        else if (strcmp(name, "any-of?") == 0)
            p.op = P_ANY_OF;
        else if (strcmp(name, "qualname?") == 0)
            p.op = P_QUALNAME;
        else if (strcmp(name, "value-match?") == 0)
            p.op = P_VALUE_MATCH;
        else if (strcmp(name, "member-match?") == 0)
            p.op = P_MEMBER_MATCH;
        else if (strcmp(name, "not-same-name?") == 0)
            p.op = P_NOT_SAME_NAME;
        else {
            snprintf(msg, cap, "unsupported query predicate #%s", name);
            return false;
        }
        if (j - i < 3 || st[i + 1].type != TSQueryPredicateStepTypeCapture) {
            snprintf(msg, cap, "#%s needs a capture and an operand", name);
            return false;
        }
        p.cap = st[i + 1].value_id;
        for (uint32_t k = i + 2; k < j; k++) {
            if (st[k].type == TSQueryPredicateStepTypeCapture &&
                (p.op <= P_NOT_EQ || p.op == P_NOT_SAME_NAME) && k == i + 2) {
                p.rhs_is_cap = true;
                p.rhs_cap = st[k].value_id;
                continue;
            }
            const char *s = ts_query_string_value_for_id(c->q, st[k].value_id, &len);
            p.strs = xrealloc(p.strs, (p.n_strs + 1) * sizeof *p.strs);
            p.strs[p.n_strs++] = xstrdup(s);
        }
        if (p.op == P_NOT_SAME_NAME && (!p.rhs_is_cap || p.n_strs > 0)) {
            snprintf(msg, cap, "#%s needs two captures", name);
            pred_free(&p);
            return false;
        }
        if (p.op == P_MATCH || p.op == P_NOT_MATCH || p.op == P_VALUE_MATCH ||
            p.op == P_MEMBER_MATCH) {
            /* member-match?: the key, then the expression */
            size_t want = p.op == P_MEMBER_MATCH ? 2 : 1;
            char em[128] = "";
            p.re = p.n_strs == want ? engine_pcre2_compile(p.strs[want - 1], 0, 0, em, sizeof em)
                                    : NULL;
            if (p.re == NULL) {
                snprintf(msg, cap, "#%s: bad regular expression (%s)", name, em);
                pred_free(&p);
                return false;
            }
        }
        TSQuantifier qn = ts_query_capture_quantifier_for_id(c->q, pat, p.cap);
        if ((qn == TSQuantifierOne || qn == TSQuantifierOneOrMore) && !p.rhs_is_cap &&
            p.n_strs > 0 && (p.op == P_EQ || p.op == P_ANY_OF)) {
            p.gate = true;
        } else if ((qn == TSQuantifierOne || qn == TSQuantifierOneOrMore) &&
                   (p.op == P_MATCH || p.op == P_VALUE_MATCH)) {
            /* value-match?: the literal is in the file, at the capture or where the name
             * it reads was declared */
            char *fre = code_file_regex(p.strs[0]), em[128];
            p.file_re = fre != NULL ? engine_pcre2_compile(fre, 0, 0, em, sizeof em) : NULL;
            p.gate = p.file_re != NULL;
            free(fre);
        }
        c->preds[pat] = xrealloc(c->preds[pat], (c->n_preds[pat] + 1) * sizeof **c->preds);
        c->preds[pat][c->n_preds[pat]++] = p;
        i = j + 1;
    }
    return true;
}

static const char *const query_errors[] = {"none",      "syntax",    "unknown node type",
                                           "unknown field", "unknown capture", "structure",
                                           "language"};

static struct cquery *cquery_new(const char *text, enum code_lang l, char *msg, size_t cap)
{
    uint32_t off = 0;
    TSQueryError err = TSQueryErrorNone;
    TSQuery *q = ts_query_new(code_language(l), text, (uint32_t)strlen(text), &off, &err);
    if (q == NULL) {
        snprintf(msg, cap, "query does not compile for %s: %s error at offset %u",
                 lang_rule_name(l), (unsigned)err < 7 ? query_errors[err] : "?", off);
        return NULL;
    }
    struct cquery *c = xcalloc(1, sizeof *c);
    c->q = q;
    c->finding_cap = UINT32_MAX;
    for (uint32_t i = 0; i < ts_query_capture_count(q); i++) {
        uint32_t len = 0;
        if (strcmp(ts_query_capture_name_for_id(q, i, &len), "finding") == 0)
            c->finding_cap = i;
    }
    c->n_patterns = ts_query_pattern_count(q);
    c->preds = xcalloc(c->n_patterns + 1, sizeof *c->preds);
    c->n_preds = xcalloc(c->n_patterns + 1, sizeof *c->n_preds);
    if (c->finding_cap == UINT32_MAX) {
        snprintf(msg, cap, "the query needs a capture named @finding (the reported node)");
        cquery_free(c);
        return NULL;
    }
    c->gated = c->n_patterns > 0;
    for (uint32_t i = 0; i < c->n_patterns; i++) {
        if (!parse_preds(c, i, msg, cap)) {
            cquery_free(c);
            return NULL;
        }
        bool any = false;
        for (size_t k = 0; k < c->n_preds[i]; k++)
            any |= c->preds[i][k].gate;
        c->gated &= any;
    }
    return c;
}

static const char *const sink_names[SK_N] = {
    "eval", "function", "vm",  "cmd",  "sql",   "path",   "ssrf",
    "redirect", "xss",  "html", "react", "ssti", "deser", "yaml", "regexp", "rand",
    "xpath",    "ldap", "xxe", "proto", "header", "sqlstr", "htmlstr",
    "browser",  "key",  "cleartext", "nosql", "redos", "xmlparse", "write", "nan", "url",
};

const char *code_sink_name(enum sink_kind k)
{
    return (unsigned)k < SK_N ? sink_names[k] : "?";
}

/* A query over JSX nodes (jsx_element, jsx_attribute...) does not compile for the plain
 * TypeScript grammar, which has none; .ts files hold no JSX, so such a rule of
 * `typescript` runs on .tsx files only. */
static bool jsx_only_query(const char *query, enum code_lang l, const struct tree_rule *t)
{
    return l == CL_TS && t->lang[CL_TSX] && strstr(query, "(jsx_") != NULL;
}

static bool parse_check(const char *name, struct tree_rule *t)
{
    const char *dot = strrchr(name, '.');
    if (dot == NULL)
        return false;
    size_t n = (size_t)(dot - name);
    if (strcmp(dot + 1, "request") == 0)
        t->request_only = true;
    else if (strcmp(dot + 1, "param") == 0)
        t->param_only = true;
    else if (strcmp(dot + 1, "dynamic") != 0)
        return false;
    for (int k = 0; k < SK_N; k++) {
        if (strlen(sink_names[k]) == n && memcmp(sink_names[k], name, n) == 0) {
            t->sink = k;
            return true;
        }
    }
    return false;
}

/* Rule i's query for language l: compiled now if it was left for its first use. Thread-safe
 * (two threads may both compile; one result stays). NULL without a query. */
static const struct cquery *cquery_get(const struct code_engine *ce, size_t i, enum code_lang l)
{
    struct tree_rule *t = &ce->tr[i];
    struct cquery *c = atomic_load_explicit(&t->cq[l], memory_order_acquire);
    const struct rule *r = &ce->set->rules[i];
    if (c != NULL || !ce->lazy || r->query == NULL || !t->lang[l])
        return c;
    char msg[256];
    c = cquery_new(r->query, l, msg, sizeof msg);
    if (c == NULL)
        return NULL;
    struct cquery *expect = NULL;
    if (!atomic_compare_exchange_strong(&t->cq[l], &expect, c)) {
        cquery_free(c);
        c = expect;
    }
    return c;
}

/* The first tree rule before rule i with i's prefilter pattern and flags, or i itself (-1:
 * i has no pattern): rules of a family share one pattern, searched once per file. */
static int same_pattern(const struct rule_set *set, const struct tree_rule *tr, size_t i)
{
    const struct rule *r = &set->rules[i];
    if (r->pattern == NULL)
        return -1;
    for (size_t k = 0; k < i; k++) {
        const struct rule *o = &set->rules[k];
        if (tr[k].tree && tr[k].pat == (int)k && o->flags == r->flags &&
            o->prefilter_code == r->prefilter_code && strcmp(o->pattern, r->pattern) == 0)
            return (int)k;
    }
    return (int)i;
}

struct code_engine *code_engine_new(const struct rule_set *set, bool lazy, struct buf *errors,
                                    size_t *problems)
{
    struct code_engine *ce = xcalloc(1, sizeof *ce);
    ce->set = set;
    ce->lazy = lazy;
    ce->tr = xcalloc(set->n + 1, sizeof *ce->tr);
    char msg[256];
    bool abi_checked = false;
    for (size_t i = 0; i < set->n; i++) {
        const struct rule *r = &set->rules[i];
        struct tree_rule *t = &ce->tr[i];
        t->sink = -1;
        t->pat = -1;
        if (r->engine != RULE_ENGINE_TREE)
            continue;
        if (!abi_checked && !code_grammars_compatible(msg, sizeof msg)) {
            rules_note(errors, "%s: rule '%s': %s\n", r->source, r->id, msg);
            (*problems)++;
            continue;
        }
        abi_checked = true;
        t->tree = true;
        t->pat = same_pattern(set, ce->tr, i);
        for (size_t k = 0; k < r->languages.n; k++) {
            const char *ln = r->languages.v[k];
            if (strcmp(ln, "javascript") == 0)
                t->lang[CL_JS] = true;
            else if (strcmp(ln, "typescript") == 0)
                t->lang[CL_TS] = t->lang[CL_TSX] = true;
            else if (strcmp(ln, "python") == 0)
                t->lang[CL_PY] = true;
            else {
                rules_note(errors, "%s: rule '%s': tree rules support javascript, typescript "
                                   "and python, not '%s'\n",
                           r->source, r->id, ln);
                (*problems)++;
            }
        }
        if (r->check != NULL && !parse_check(r->check, t)) {
            rules_note(errors, "%s: rule '%s': unknown check '%s' (docs/rules.md)\n", r->source,
                       r->id, r->check);
            (*problems)++;
        }
        for (int l = 0; r->query != NULL && !lazy && l < CL_N; l++) {
            if (!t->lang[l])
                continue;
            struct cquery *c = cquery_new(r->query, (enum code_lang)l, msg, sizeof msg);
            atomic_store(&t->cq[l], c);
            if (c == NULL && jsx_only_query(r->query, (enum code_lang)l, t)) {
                t->lang[l] = false; /* plain .ts has no JSX: the TSX grammar runs it */
                continue;
            }
            if (c == NULL) {
                rules_note(errors, "%s: rule '%s': %s\n", r->source, r->id, msg);
                (*problems)++;
                break;
            }
        }
    }
    return ce;
}

void code_engine_free(struct code_engine *ce)
{
    if (ce == NULL)
        return;
    for (size_t i = 0; i < ce->set->n; i++) {
        for (int l = 0; l < CL_N; l++)
            cquery_free(atomic_load(&ce->tr[i].cq[l]));
        pcre2_code_free(atomic_load(&ce->tr[i].pre));
    }
    free(ce->tr);
    free(ce);
}

/* ---- workers ---- */

struct code_worker {
    const struct code_engine *ce;
    TSParser *parser;
    TSQueryCursor *qc;
    pcre2_match_data *md;
    unsigned *sel; /* selected rule indices of this file */
    size_t n_sel;
    unsigned *live; /* the selected rules that may report in the file (rule_may_fire) */
    size_t n_live;
    bool *is_sel;
    bool *hit_in_code; /* code_select: the prefilter's match ended in code */
    /* the file being scanned */
    const struct scan_options *opt;
    const char *path, *data;
    size_t len;
    enum code_lang lang;
    struct scan_result *res;
    struct scan_stats *st;
    size_t *seen; /* (rule << 32 | start byte) of findings already emitted */
    size_t n_seen, cap_seen;
    size_t (*spans)[2]; /* byte ranges of the findings emitted for this file */
    size_t n_spans, cap_spans;
    /* The file's Python import bindings (#qualname?), built at the first use per file. */
    TSNode root;
    struct qbind *binds;
    size_t n_binds, cap_binds;
    bool binds_built;
    /* prefilter_in_code's answer per pattern (stamp << 1 | in code) for the file stamped */
    uint32_t *pat_memo;
    uint32_t stamp;
};

/* A name an import binds in the file and the dotted path it stands for: `import a.b as x`
 * binds x to a.b, `from a.b import c as d` d to a.b.c, `import a.b` a to a. */
struct qbind {
    char *name, *path;
    size_t at; /* byte offset of the import */
};

static void binds_clear(struct code_worker *cw)
{
    for (size_t i = 0; i < cw->n_binds; i++)
        free(cw->binds[i].name), free(cw->binds[i].path);
    cw->n_binds = 0;
}

struct code_worker *code_worker_new(const struct code_engine *ce)
{
    struct code_worker *cw = xcalloc(1, sizeof *cw);
    cw->ce = ce;
    cw->parser = ts_parser_new();
    cw->qc = ts_query_cursor_new();
    cw->md = pcre2_match_data_create(4, NULL);
    if (cw->parser == NULL || cw->qc == NULL || cw->md == NULL)
        abort();
    ts_parser_set_timeout_micros(cw->parser, CODE_PARSE_TIMEOUT_US);
    cw->sel = xcalloc(ce->set->n + 1, sizeof *cw->sel);
    cw->live = xcalloc(ce->set->n + 1, sizeof *cw->live);
    cw->is_sel = xcalloc(ce->set->n + 1, sizeof *cw->is_sel);
    cw->hit_in_code = xcalloc(ce->set->n + 1, sizeof *cw->hit_in_code);
    cw->pat_memo = xcalloc(ce->set->n + 1, sizeof *cw->pat_memo);
    return cw;
}

void code_worker_free(struct code_worker *cw)
{
    if (cw == NULL)
        return;
    ts_parser_delete(cw->parser);
    ts_query_cursor_delete(cw->qc);
    pcre2_match_data_free(cw->md);
    free(cw->sel);
    free(cw->live);
    free(cw->is_sel);
    free(cw->hit_in_code);
    free(cw->pat_memo);
    free(cw->seen);
    free(cw->spans);
    binds_clear(cw);
    free(cw->binds);
    free(cw);
}

void code_worker_reset(struct code_worker *cw)
{
    for (size_t i = 0; i < cw->n_sel; i++)
        cw->is_sel[cw->sel[i]] = cw->hit_in_code[cw->sel[i]] = false;
    cw->n_sel = 0;
}

void code_select(struct code_worker *cw, unsigned i, bool hit_in_code)
{
    if (i >= cw->ce->set->n || !cw->ce->tr[i].tree || cw->is_sel[i])
        return;
    cw->is_sel[i] = true;
    cw->hit_in_code[i] = hit_in_code;
    cw->sel[cw->n_sel++] = i;
}

/* ---- findings ---- */

/* Text of bytes [s, e) with whitespace runs collapsed, at most `max` bytes (+ "..."). */
static char *range_text(const struct code_worker *cw, size_t s, size_t e, size_t max,
                        bool first_line)
{
    if (e > cw->len)
        e = cw->len;
    if (s > e)
        s = e;
    char *out = xmalloc(max + 4);
    size_t o = 0;
    bool space = false, cut = false;
    for (size_t i = s; i < e; i++) {
        unsigned char ch = (unsigned char)cw->data[i];
        if (ch == '\n' && first_line) {
            cut = true;
            break;
        }
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            space = o > 0;
            continue;
        }
        if (o >= max) {
            cut = true;
            break;
        }
        if (space && o + 1 < max)
            out[o++] = ' ';
        space = false;
        out[o++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    if (cut)
        memcpy(out + o, "...", 3), o += 3;
    out[o] = '\0';
    return out;
}

/* Node text with whitespace runs collapsed, at most `max` bytes (+ "..."). */
static char *node_text(const struct code_worker *cw, TSNode n, size_t max, bool first_line)
{
    return range_text(cw, ts_node_start_byte(n), ts_node_end_byte(n), max, first_line);
}

static bool seen_before(struct code_worker *cw, size_t rule, size_t start)
{
    size_t key = (rule << 32) ^ start;
    for (size_t i = 0; i < cw->n_seen; i++) {
        if (cw->seen[i] == key)
            return true;
    }
    if (cw->n_seen == cw->cap_seen) {
        cw->cap_seen = cw->cap_seen ? cw->cap_seen * 2 : 32;
        cw->seen = xrealloc(cw->seen, cw->cap_seen * sizeof *cw->seen);
    }
    cw->seen[cw->n_seen++] = key;
    return false;
}

/* The last line a finding covers: a call's through its last argument that is not a
 * callback (`exec(\n  'gzip ' + req.query.f,\n  function (err) {...})` covers the
 * call and its tainted argument, not the callback's body); another node's own last line
 * when it spans a few lines; else its first line (a whole handler is not "the line"). */
static uint32_t finding_end_row(TSNode node)
{
    uint32_t first = ts_node_start_point(node).row, last = ts_node_end_point(node).row;
    TSNode args = ts_node_child_by_field_name(node, "arguments", 9);
    if (!ts_node_is_null(args) && (code_node_is(node, "call_expression") ||
                                   code_node_is(node, "new_expression") ||
                                   code_node_is(node, "call"))) {
        last = first;
        uint32_t n = ts_node_named_child_count(args);
        for (uint32_t i = 0; i < n; i++) {
            TSNode a = ts_node_named_child(args, i);
            if (code_node_is(a, "arrow_function") || code_node_is(a, "function_expression") ||
                code_node_is(a, "function") || code_node_is(a, "comment"))
                continue;
            uint32_t r = ts_node_end_point(a).row;
            last = r > last ? r : last;
        }
    }
    return last - first <= FINDING_SPAN_MAX ? last : first;
}

/* Where a finding starts: a node inside an options object handed to a call
 * (`app.use(session({ cookie: { secure: false } }))`, `https.request({ rejectUnauthorized:
 * false })`, `set_cookie("k", v, secure=False)`) starts where the outermost such call does,
 * so the finding covers the call that carries the setting as well as the setting's line
 * (FINDING_SPAN_MAX lines up at most); any other node starts where it does. */
static TSNode finding_start(TSNode node)
{
    static const char *const inside[] = {"pair", "object", "dictionary", "keyword_argument",
                                         "arguments", "argument_list", "array", "list",
                                         "shorthand_property_identifier", NULL};
    TSNode best = node, n = node;
    uint32_t row = ts_node_start_point(node).row;
    for (int depth = 0; depth < 16; depth++) {
        TSNode p = ts_node_parent(n);
        if (ts_node_is_null(p))
            break;
        if (code_node_is(p, "call_expression") || code_node_is(p, "new_expression") ||
            code_node_is(p, "call")) {
            if (!code_node_is(n, "arguments") && !code_node_is(n, "argument_list"))
                break; /* the callee, not an argument */
            if (row - ts_node_start_point(p).row > FINDING_SPAN_MAX)
                break;
            best = p;
        } else {
            bool ok = false;
            for (size_t i = 0; inside[i] != NULL && !ok; i++)
                ok = code_node_is(p, inside[i]);
            if (!ok)
                break;
        }
        n = p;
    }
    return best;
}

/* `from`: a node above `node` where the finding starts (the SQL text a query runs, built a
 * few lines before it), or a null node. */
static void emit(struct code_worker *cw, unsigned ri, TSNode node, TSNode from,
                 enum scan_confidence conf, bool sev_medium, const char *note)
{
    const struct rule *r = &cw->ce->set->rules[ri];
    const struct scan_options *opt = cw->opt;
    size_t start = ts_node_start_byte(node);
    if (opt->max_findings > 0 && cw->res->n_findings >= opt->max_findings)
        return;
    if (seen_before(cw, ri, start))
        return;
    TSNode first = finding_start(node);
    if (!ts_node_is_null(from) && ts_node_start_byte(from) < ts_node_start_byte(first))
        first = from;
    size_t first_byte = ts_node_start_byte(first);
    if (suppress_inline(cw->data, cw->len, start, r->id) ||
        (first_byte != start && suppress_inline(cw->data, cw->len, first_byte, r->id))) {
        cw->st->suppressed++;
        return;
    }
    enum scan_severity sev = sev_medium && r->severity > SEV_MEDIUM ? SEV_MEDIUM : r->severity;
    const char *where = result_context_rating(cw->path, &sev, &conf);
    char *ev = node_text(cw, node, CODE_EVIDENCE_MAX, true);
    char fp[SCAN_FINGERPRINT_HEX + 1];
    result_code_fingerprint(opt, r->id, cw->path, ev, strlen(ev), fp);
    if (r->evidence_secret) {
        char *masked = mask_literals(ev, strlen(ev));
        free(ev);
        ev = masked;
    }
    char *desc = result_description(r->description, note, where);
    if (cw->n_spans == cw->cap_spans) {
        cw->cap_spans = cw->cap_spans ? cw->cap_spans * 2 : 16;
        cw->spans = xrealloc(cw->spans, cw->cap_spans * sizeof *cw->spans);
    }
    cw->spans[cw->n_spans][0] = start;
    cw->spans[cw->n_spans++][1] = ts_node_end_byte(node);
    TSPoint a = ts_node_start_point(first);
    struct scan_finding_spec f = {
        .rule_id = r->id,
        .title = r->title,
        .category = r->category,
        .description = desc != NULL ? desc : r->description,
        .recommendation = r->recommendation,
        .severity = sev,
        .confidence = conf,
        .file_path = cw->path,
        .masked_evidence = ev,
        .line_start = a.row + 1,
        .line_end = finding_end_row(node) + 1,
        .fingerprint = fp,
    };
    scan_result_add(cw->res, &f);
    free(desc);
    free(ev);
}

static bool cap_text_eq(const struct code_worker *cw, TSNode n, const char *s, size_t sl)
{
    size_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    return b >= a && b - a == sl && b <= cw->len && memcmp(cw->data + a, s, sl) == 0;
}

/* Do a[0..an) and b[0..bn) spell the same name, case and the separators `_`, `-`, `.` aside
 * (CLIENT_SECRET and "client_secret", invalidSecret and "invalid_secret")? */
static bool same_name(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, k = 0;
    for (;;) {
        while (i < an && (a[i] == '_' || a[i] == '-' || a[i] == '.'))
            i++;
        while (k < bn && (b[k] == '_' || b[k] == '-' || b[k] == '.'))
            k++;
        if (i == an || k == bn)
            return i == an && k == bn;
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[k]))
            return false;
        i++;
        k++;
    }
}

static bool capture_node(const TSQueryMatch *m, uint32_t id, TSNode *out)
{
    for (uint16_t i = 0; i < m->capture_count; i++) {
        if (m->captures[i].index == id) {
            *out = m->captures[i].node;
            return true;
        }
    }
    return false;
}

/* Current import statement of binds_build (its byte offset is the bindings' `at`). */
struct bind_ctx {
    struct code_worker *cw;
    size_t at;
};

static void bind_add(void *ctx, TSNode name, const char *path, size_t len)
{
    struct bind_ctx *b = ctx;
    struct code_worker *cw = b->cw;
    size_t s = ts_node_start_byte(name), e = ts_node_end_byte(name);
    if (e > cw->len || s > e)
        return;
    if (cw->n_binds == cw->cap_binds) {
        cw->cap_binds = cw->cap_binds ? cw->cap_binds * 2 : 16;
        cw->binds = xrealloc(cw->binds, cw->cap_binds * sizeof *cw->binds);
    }
    cw->binds[cw->n_binds++] =
        (struct qbind){xstrndup(cw->data + s, e - s), xstrndup(path, len), b->at};
}

/* The import bindings of the file: Python import statements; JavaScript/TypeScript import
 * statements and require() declarations. */
static void binds_build(struct code_worker *cw)
{
    cw->binds_built = true;
    bool py = cw->lang == CL_PY;
    TSTreeCursor tc = ts_tree_cursor_new(cw->root);
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&tc);
        struct bind_ctx b = {cw, ts_node_start_byte(n)};
        bool imp = false;
        if (py && (code_node_is(n, "import_statement") || code_node_is(n, "import_from_statement"))) {
            code_py_imports(cw->data, n, bind_add, &b);
            imp = true;
        } else if (!py && (code_node_is(n, "import_statement") ||
                           code_node_is(n, "variable_declarator"))) {
            imp = code_js_imports(cw->data, cw->len, n, bind_add, &b);
        }
        if (!imp && ts_tree_cursor_goto_first_child(&tc))
            continue;
        while (!ts_tree_cursor_goto_next_sibling(&tc)) {
            if (!ts_tree_cursor_goto_parent(&tc)) {
                ts_tree_cursor_delete(&tc);
                return;
            }
        }
    }
}

/* A chain that starts with require('m') (JavaScript): m without a `node:` scheme in
 * *mod, and the offset of what follows the call in *rest. */
static bool require_head(const char *text, const char **mod, size_t *mlen, size_t *rest)
{
    if (strncmp(text, "require(", 8) != 0 || (text[8] != '\'' && text[8] != '"'))
        return false;
    const char *e = strchr(text + 9, text[8]);
    if (e == NULL || e[1] != ')')
        return false;
    *mod = text + 9;
    *mlen = (size_t)(e - *mod);
    code_js_module_name(mod, mlen);
    *rest = (size_t)(e + 2 - text);
    return true;
}

/* #qualname? @c "pkg.mod.Name" ...: the capture, a name or a dotted attribute chain, names
 * one of the fully qualified paths once the file's imports are applied to its first part
 * (`from Crypto.Cipher import DES as D` makes `D.new` Crypto.Cipher.DES.new; `const cp =
 * require('child_process')` makes `cp.exec` child_process.exec). When no import binds the
 * first part (a snippet without its imports), the chain may be a tail of a path of at
 * least two parts (`DES.new`). */
static bool qualname_holds(struct code_worker *cw, const struct pred *p, size_t a, size_t b)
{
    if (!cw->binds_built)
        binds_build(cw);
    char text[256];
    size_t o = 0;
    for (size_t i = a; i < b; i++) {
        char ch = cw->data[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\\' ||
            (ch == '?' && i + 1 < b && cw->data[i + 1] == '.'))
            continue; /* `a . b`, `a?.b` */
        if (o + 1 >= sizeof text)
            return false;
        text[o++] = ch;
    }
    text[o] = '\0';
    /* The chain's head as a path (an import binding or an inline require) and the rest. */
    const char *head = NULL;
    size_t head_len = 0, h;
    if (!require_head(text, &head, &head_len, &h)) {
        h = strcspn(text, ".");
        /* The binding in force: the last import of the name before the use, else the
         * first one after it (a module-level import below the function that uses it). */
        const struct qbind *bd = NULL;
        for (size_t i = 0; i < cw->n_binds; i++) {
            const struct qbind *q = &cw->binds[i];
            if (strlen(q->name) != h || memcmp(q->name, text, h) != 0)
                continue;
            if (bd == NULL || (q->at < a && (bd->at > a || q->at > bd->at)))
                bd = q;
        }
        if (bd != NULL)
            head = bd->path, head_len = strlen(bd->path);
    }
    for (size_t k = 0; k < p->n_strs; k++) {
        const char *want = p->strs[k];
        size_t wl = strlen(want);
        if (head != NULL) {
            size_t rl = o - h;
            if (head_len + rl == wl && memcmp(want, head, head_len) == 0 &&
                memcmp(want + head_len, text + h, rl) == 0)
                return true;
        } else if (text[h] == '.' && o <= wl && memcmp(want + wl - o, text, o) == 0 &&
                   (o == wl || want[wl - o - 1] == '.')) {
            return true;
        }
    }
    return false;
}

/* ---- constant values (#value-match?, #member-match?) ---- */

static bool node_type_in(TSNode n, const char *const *types)
{
    const char *t = ts_node_type(n);
    for (size_t i = 0; types[i] != NULL; i++) {
        if (strcmp(t, types[i]) == 0)
            return true;
    }
    return false;
}

static bool node_text_is(const struct code_worker *cw, TSNode n, const char *s, size_t sl)
{
    return !ts_node_is_null(n) && cap_text_eq(cw, n, s, sl);
}

/* A literal whose text is its value: a string without substitutions, a number, a boolean
 * (JavaScript and Python grammars). */
static bool const_literal(TSNode n)
{
    static const char *const scalars[] = {"number", "integer", "float", "true", "false", NULL};
    static const char *const strings[] = {"string", "template_string", NULL};
    static const char *const dynamic[] = {"template_substitution", "interpolation", NULL};
    if (ts_node_is_null(n))
        return false;
    if (node_type_in(n, scalars))
        return true;
    if (!node_type_in(n, strings))
        return false;
    for (uint32_t i = 0, c = ts_node_named_child_count(n); i < c; i++) {
        if (node_type_in(ts_node_named_child(n, i), dynamic))
            return false;
    }
    return true;
}

/* A function whose parameters name `name` (a whole word of their text): inside it the name
 * is the parameter, not a declaration further out. */
static bool params_name(const struct code_worker *cw, TSNode fn, const char *name, size_t nl)
{
    TSNode ps = ts_node_child_by_field_name(fn, "parameters", 10);
    if (ts_node_is_null(ps))
        ps = ts_node_child_by_field_name(fn, "parameter", 9); /* x => ... */
    if (ts_node_is_null(ps))
        return false;
    size_t a = ts_node_start_byte(ps), b = ts_node_end_byte(ps);
    return b <= cw->len && a <= b && code_names_ident(cw->data + a, b - a, name, nl);
}

/* The value statement `d` gives `name` (`const name = v`, `var name = v`, `name = v`, and
 * the same behind `export`), or false when it does not assign it. */
static bool decl_of(const struct code_worker *cw, TSNode d, const char *name, size_t nl,
                    TSNode *value)
{
    static const char *const decls[] = {"lexical_declaration", "variable_declaration", NULL};
    static const char *const assigns[] = {"assignment_expression", "assignment", NULL};
    if (strcmp(ts_node_type(d), "export_statement") == 0)
        d = ts_node_child_by_field_name(d, "declaration", 11);
    if (ts_node_is_null(d))
        return false;
    bool hit = false;
    if (node_type_in(d, decls)) {
        for (uint32_t j = 0, c = ts_node_named_child_count(d); j < c; j++) {
            TSNode v = ts_node_named_child(d, j);
            if (strcmp(ts_node_type(v), "variable_declarator") == 0 &&
                node_text_is(cw, ts_node_child_by_field_name(v, "name", 4), name, nl)) {
                *value = ts_node_child_by_field_name(v, "value", 5);
                hit = true;
            }
        }
    } else if (strcmp(ts_node_type(d), "expression_statement") == 0) {
        TSNode e = ts_node_named_child(d, 0);
        if (!ts_node_is_null(e) && node_type_in(e, assigns) &&
            node_text_is(cw, ts_node_child_by_field_name(e, "left", 4), name, nl)) {
            *value = ts_node_child_by_field_name(e, "right", 5);
            hit = true;
        }
    }
    return hit;
}

/* What name `id` holds where it is read: the value of its last declaration or assignment
 * before the use, in the nearest block holding the use that has one (the statements of a
 * block, not those nested in an `if` of it); a null node when there is none or a function
 * on the way names it as a parameter. */
static TSNode name_value(const struct code_worker *cw, TSNode id)
{
    static const char *const blocks[] = {"statement_block", "program", "module", "block", NULL};
    static const char *const fns[] = {"function_declaration", "function_expression", "function",
                                      "arrow_function", "method_definition",
                                      "generator_function_declaration", "function_definition",
                                      "lambda", NULL};
    size_t a = ts_node_start_byte(id), b = ts_node_end_byte(id);
    if (b > cw->len || b <= a)
        return (TSNode){0};
    const char *name = cw->data + a;
    size_t nl = b - a;
    for (TSNode up = ts_node_parent(id); !ts_node_is_null(up); up = ts_node_parent(up)) {
        if (node_type_in(up, fns) && params_name(cw, up, name, nl))
            return (TSNode){0};
        if (!node_type_in(up, blocks))
            continue;
        TSNode value = {0};
        bool found = false;
        for (uint32_t i = 0, c = ts_node_named_child_count(up); i < c; i++) {
            TSNode d = ts_node_named_child(up, i);
            if (ts_node_end_byte(d) > a)
                break;
            found |= decl_of(cw, d, name, nl, &value);
        }
        if (found)
            return value;
    }
    return (TSNode){0};
}

/* Is `n` a Python `dict(k=v, ...)` call? */
static bool dict_call(const struct code_worker *cw, TSNode n)
{
    return strcmp(ts_node_type(n), "call") == 0 &&
           node_text_is(cw, ts_node_child_by_field_name(n, "function", 8), "dict", 4);
}

/* The object literal `n` is (a JavaScript object, a Python dictionary or `dict(k=v)` call),
 * or the one name `n` holds. */
static TSNode object_value(const struct code_worker *cw, TSNode n)
{
    static const char *const objects[] = {"object", "dictionary", NULL};
    for (int depth = 0; depth < 4 && !ts_node_is_null(n); depth++) {
        if (node_type_in(n, objects) || dict_call(cw, n))
            return n;
        if (strcmp(ts_node_type(n), "identifier") != 0)
            break;
        n = name_value(cw, n);
    }
    return (TSNode){0};
}

/* The member `key` of object literal `obj` (`key: v`, `"key": v`, the shorthand `key`, a
 * Python `"key": v` with any string prefix, or `key=v` in `dict(...)`). */
static TSNode object_member(const struct code_worker *cw, TSNode obj, const char *key, size_t kl)
{
    if (dict_call(cw, obj)) {
        TSNode args = ts_node_child_by_field_name(obj, "arguments", 9);
        for (uint32_t i = 0, c = ts_node_named_child_count(args); i < c; i++) {
            TSNode k = ts_node_named_child(args, i);
            if (strcmp(ts_node_type(k), "keyword_argument") == 0 &&
                node_text_is(cw, ts_node_child_by_field_name(k, "name", 4), key, kl))
                return ts_node_child_by_field_name(k, "value", 5);
        }
        return (TSNode){0};
    }
    for (uint32_t i = 0, c = ts_node_named_child_count(obj); i < c; i++) {
        TSNode k = ts_node_named_child(obj, i);
        if (strcmp(ts_node_type(k), "shorthand_property_identifier") == 0 &&
            node_text_is(cw, k, key, kl))
            return k;
        if (strcmp(ts_node_type(k), "pair") != 0)
            continue;
        TSNode kn = ts_node_child_by_field_name(k, "key", 3);
        size_t ka = ts_node_start_byte(kn), kb = ts_node_end_byte(kn);
        const char *kp = cw->data + ka;
        size_t klen = kb >= ka ? kb - ka : 0;
        if (strcmp(ts_node_type(kn), "string") == 0 &&
            !code_literal_value(cw->data, cw->len, kn, &kp, &klen))
            continue;
        if (klen == kl && memcmp(kp, key, kl) == 0)
            return ts_node_child_by_field_name(k, "value", 5);
    }
    return (TSNode){0};
}

/* The literal value `n` stands for: `n` itself, what a name holds (name_value), or the
 * member of an object literal a name holds (`opts.secure`, Python `opts["secure"]`); a null
 * node when it is not a constant. */
static TSNode const_value(const struct code_worker *cw, TSNode n)
{
    static const char *const names[] = {"identifier", "shorthand_property_identifier", NULL};
    for (int depth = 0; depth < 4 && !ts_node_is_null(n); depth++) {
        if (const_literal(n))
            return n;
        if (node_type_in(n, names)) {
            n = name_value(cw, n);
        } else if (strcmp(ts_node_type(n), "member_expression") == 0) {
            TSNode obj = object_value(cw, ts_node_child_by_field_name(n, "object", 6));
            TSNode prop = ts_node_child_by_field_name(n, "property", 8);
            if (ts_node_is_null(obj) || ts_node_is_null(prop))
                break;
            size_t pa = ts_node_start_byte(prop), pb = ts_node_end_byte(prop);
            n = object_member(cw, obj, cw->data + pa, pb - pa);
        } else if (strcmp(ts_node_type(n), "subscript") == 0) { /* Python conf["key"] */
            TSNode obj = object_value(cw, ts_node_child_by_field_name(n, "value", 5));
            TSNode sub = ts_node_child_by_field_name(n, "subscript", 9);
            const char *kp;
            size_t kl;
            if (ts_node_is_null(obj) || ts_node_next_named_sibling(sub).id != NULL ||
                !code_literal_value(cw->data, cw->len, sub, &kp, &kl))
                break;
            n = object_member(cw, obj, kp, kl);
        } else if (strcmp(ts_node_type(n), "parenthesized_expression") == 0) {
            n = ts_node_named_child(n, 0);
        } else {
            break;
        }
    }
    return (TSNode){0};
}

/* Does the constant `n` stands for match `re`? A string is matched without its quotes (and
 * a Python prefix such as r or b). */
static bool value_holds(struct code_worker *cw, const pcre2_code *re, TSNode n)
{
    TSNode v = const_value(cw, n);
    if (ts_node_is_null(v))
        return false;
    size_t a = ts_node_start_byte(v), b = ts_node_end_byte(v);
    if (b > cw->len || b < a)
        return false;
    const char *p = cw->data + a;
    size_t len = b - a;
    if (strcmp(ts_node_type(v), "template_string") == 0) { /* `...` without substitutions */
        if (len < 2)
            return false;
        p++, len -= 2;
    } else if (strcmp(ts_node_type(v), "string") == 0 &&
               !code_literal_value(cw->data, cw->len, v, &p, &len)) {
        return false;
    }
    return pcre2_match(re, (PCRE2_SPTR)p, len, 0, 0, cw->md, NULL) >= 0;
}

/* #member-match? @obj "key" "re": the object literal @obj is (or its name holds) has a
 * member `key` whose constant value matches. */
static bool member_holds(struct code_worker *cw, const struct pred *p, TSNode n)
{
    TSNode obj = object_value(cw, n);
    if (ts_node_is_null(obj) || p->n_strs != 2)
        return false;
    TSNode v = object_member(cw, obj, p->strs[0], strlen(p->strs[0]));
    return !ts_node_is_null(v) && value_holds(cw, p->re, v);
}

static bool pred_holds(struct code_worker *cw, const struct pred *p, const TSQueryMatch *m)
{
    TSNode n;
    /* A capture of another branch of an alternation: the predicate does not apply. */
    if (!capture_node(m, p->cap, &n))
        return true;
    size_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    if (b > cw->len || a > b)
        return false;
    bool r = false;
    switch (p->op) {
    case P_EQ:
    case P_NOT_EQ:
        if (p->rhs_is_cap) {
            TSNode o;
            r = capture_node(m, p->rhs_cap, &o) &&
                cap_text_eq(cw, o, cw->data + a, b - a);
        } else {
            r = p->n_strs > 0 && cap_text_eq(cw, n, p->strs[0], strlen(p->strs[0]));
        }
        return p->op == P_EQ ? r : !r;
    case P_NOT_SAME_NAME: {
        TSNode o;
        if (!capture_node(m, p->rhs_cap, &o))
            return true;
        size_t oa = ts_node_start_byte(o), ob = ts_node_end_byte(o);
        return ob > cw->len || oa > ob || !same_name(cw->data + a, b - a, cw->data + oa, ob - oa);
    }
    case P_MATCH:
    case P_NOT_MATCH:
        r = pcre2_match(p->re, (PCRE2_SPTR)(cw->data + a), b - a, 0, 0, cw->md, NULL) >= 0;
        return p->op == P_MATCH ? r : !r;
    case P_ANY_OF:
        for (size_t k = 0; k < p->n_strs && !r; k++)
            r = cap_text_eq(cw, n, p->strs[k], strlen(p->strs[k]));
        return r;
    case P_QUALNAME:
        return qualname_holds(cw, p, a, b);
    case P_VALUE_MATCH:
        return value_holds(cw, p->re, n);
    case P_MEMBER_MATCH:
        return member_holds(cw, p, n);
    }
    return false;
}

static void run_query(struct code_worker *cw, unsigned ri, const struct cquery *c, TSNode root)
{
    TSQueryMatch m;
    ts_query_cursor_exec(cw->qc, c->q, root);
    while (ts_query_cursor_next_match(cw->qc, &m)) {
        bool ok = true;
        for (size_t k = 0; ok && k < c->n_preds[m.pattern_index]; k++)
            ok = pred_holds(cw, &c->preds[m.pattern_index][k], &m);
        TSNode f;
        if (!ok || !capture_node(&m, c->finding_cap, &f))
            continue;
        /* Not reported: a setting under a condition naming the user's opt-out (the option
         * doing what it says), a stand-in's code, a value-equality method. Real packages are
         * full of them (connection-string parsers, emulators, credential classes), and
         * no founder's reviewer would call them bugs. */
        if (code_optout_guarded(cw->data, cw->len, f) ||
            code_in_equality_method(cw->data, cw->len, f))
            continue;
        emit(cw, ri, f, f, cw->ce->set->rules[ri].confidence, false, NULL);
    }
}

/* Developer tooling: a file under scripts/, bin/, tools/, benchmark(s)/ or bench/ (release,
 * build and benchmark scripts, a package's command line). Whoever runs it chose its
 * values: a value that is not request data reaching a sink there attacks no one
 * (`execSync(\`npm version ${version}\`)` in a release script). */
bool code_tooling_path(const char *path)
{
    static const char *const dirs[] = {"scripts", "script", "bin",   "tools",
                                       "tool",    "bench",  "benchmark", "benchmarks"};
    return checks_path_has_dir(path, dirs, sizeof dirs / sizeof dirs[0]);
}

/* Does an argument of `call` hand the parameter `param` over as it is (the parameter, a
 * member of it, an element)? `new Function(body)` of a parameter `body` compiles the code its
 * caller gave; `new Function('return ' + x)`, a template around `x` or lines joined from it is
 * a code generator writing its own code around a value, which template engines, validators,
 * serializers and routers do by design: 39 of the 42 `new Function` findings in our two npm
 * bench trees (1.2 GB) were such generators, none an application's bug. Request data stays
 * reported whichever way it reaches the sink. */
static bool call_passes_param(const struct code_worker *cw, TSNode call, TSNode param)
{
    TSNode args = ts_node_child_by_field_name(call, "arguments", 9);
    size_t pa = ts_node_start_byte(param), pb = pa;
    while (pb < cw->len && pb < ts_node_end_byte(param) &&
           (isalnum((unsigned char)cw->data[pb]) || cw->data[pb] == '_' || cw->data[pb] == '$'))
        pb++;
    if (ts_node_is_null(args) || pb == pa)
        return false;
    for (uint32_t i = 0; i < ts_node_named_child_count(args); i++) {
        TSNode a = ts_node_named_child(args, i);
        while (!ts_node_is_null(a) && !code_node_is(a, "identifier")) {
            if (code_node_is(a, "member_expression") || code_node_is(a, "subscript_expression"))
                a = ts_node_child_by_field_name(a, "object", 6);
            else if (code_node_is(a, "parenthesized_expression") ||
                     code_node_is(a, "as_expression") || code_node_is(a, "non_null_expression"))
                a = ts_node_named_child(a, 0);
            else
                break;
        }
        if (!ts_node_is_null(a) && code_node_is(a, "identifier") &&
            cap_text_eq(cw, a, cw->data + pa, pb - pa))
            return true;
    }
    return false;
}

static void on_taint(void *ctx, const struct taint_hit *h)
{

    struct code_worker *cw = ctx;
    unsigned best = UINT32_MAX;
    if (h->level != T_REQUEST && h->sink != SK_RAND && code_tooling_path(cw->path))
        return;
    if (h->sink == SK_FUNCTION && h->level == T_PARAM && !call_passes_param(cw, h->node, h->src_node))
        return;
    for (size_t k = 0; k < cw->n_live; k++) {
        unsigned ri = cw->live[k];
        const struct tree_rule *t = &cw->ce->tr[ri];
        if (t->sink != (int)h->sink || !t->lang[cw->lang])
            continue;
        if (t->request_only && h->level != T_REQUEST)
            continue;
        if (t->param_only && h->level < T_PARAM)
            continue;
        if (best == UINT32_MAX || (t->request_only && h->level == T_REQUEST))
            best = ri;
    }
    if (best == UINT32_MAX)
        return;
    const struct rule *r = &cw->ce->set->rules[best];
    enum scan_confidence conf = r->confidence;
    if (h->level == T_REQUEST && !h->capped)
        conf = CONF_HIGH;
    else if (h->level == T_UNKNOWN && conf > CONF_LOW)
        conf--;
    if ((h->guess || h->whole) && conf > CONF_MEDIUM)
        conf = CONF_MEDIUM;
    if (h->cli || h->contained)
        conf = CONF_LOW;
    char *note = NULL;
    if (!ts_node_is_null(h->src_node)) {
        char *src = node_text(cw, h->src_node, CODE_SOURCE_TEXT_MAX, true);
        const char *what = h->sink == SK_RAND         ? "The non-cryptographic random value"
                           : h->cli                 ? "Command-line input"
                           : h->typed              ? "User input"
                           : h->level == T_REQUEST ? "Request data"
                                                   : "The parameter";
        const char *why = h->whole ? " It is the request's own address or Host/Referer header, "
                                     "which a server library reads on every request: rated "
                                     "medium confidence at most."
                                   : "";
        unsigned sl = code_node_line(h->src_node), kl = code_node_line(h->node);
        char at[32] = "";
        if (sl != kl)
            snprintf(at, sizeof at, " (line %u)", sl);
        note = xasprintf("%s `%s`%s reaches this %s sink.%s", what, src, at,
                         h->sink == SK_RAND ? "secret" : code_sink_name(h->sink), why);
        free(src);
    }
    /* at most medium severity from the command line: the person at the console attacks
     * only themselves */
    emit(cw, best, h->node, h->from, conf, h->cli || h->contained, note);
    free(note);
}

/* Does the file hold what some pattern of query c needs in every match (its gates)? A
 * regex that gives up (match limit) counts as a match: the file is parsed. */
static bool cquery_may_match(struct code_worker *cw, const struct cquery *c, const char *data,
                             size_t len)
{
    if (!c->gated)
        return true;
    for (uint32_t i = 0; i < c->n_patterns; i++) {
        bool ok = true;
        for (size_t k = 0; ok && k < c->n_preds[i]; k++) {
            const struct pred *p = &c->preds[i][k];
            if (!p->gate)
                continue;
            if (p->file_re != NULL) {
                ok = pcre2_match(p->file_re, (PCRE2_SPTR)data, len, 0, 0, cw->md, NULL) !=
                     PCRE2_ERROR_NOMATCH;
                continue;
            }
            ok = false;
            for (size_t j = 0; !ok && j < (p->op == P_EQ ? 1 : p->n_strs); j++)
                ok = memmem(data, len, p->strs[j], strlen(p->strs[j])) != NULL;
        }
        if (ok)
            return true;
    }
    return false;
}

/* Rule p's prefilter pattern as PCRE2, compiled at its first use (NULL: it does not
 * compile; the file is then parsed as before). */
static pcre2_code *prefilter_re(const struct code_engine *ce, unsigned p)
{
    struct tree_rule *t = &ce->tr[p];
    pcre2_code *re = atomic_load_explicit(&t->pre, memory_order_acquire);
    if (re != NULL)
        return re;
    const struct rule *r = &ce->set->rules[p];
    char msg[128];
    re = engine_pcre2_compile(r->pattern, r->flags, 0, msg, sizeof msg);
    if (re == NULL)
        return NULL;
    pcre2_code *expect = NULL;
    if (!atomic_compare_exchange_strong(&t->pre, &expect, re)) {
        pcre2_code_free(re);
        re = expect;
    }
    return re;
}

/* Does selected rule ri's prefilter match this file in code? The prefilter selected the file,
 * but a match only in comments (JSDoc `eval(code)`, a license's example) is no construct of
 * the file: such a file is not parsed for the rule, as file_requires does not count matches
 * in comments (engine_regex_in_code). When the scan saw the prefilter's match end in code
 * (code_select), that match is in code: no search. A rule with `prefilter_outside_strings`
 * (a construct that never lives in a string literal) is searched always, and a match inside
 * a string does not count either (checks_in_string). Rules of one pattern share the answer
 * per file. */
static bool prefilter_in_code(struct code_worker *cw, unsigned ri, const char *data, size_t len)
{
    int p = cw->ce->tr[ri].pat;
    if (p < 0)
        return true;
    uint32_t *memo = &cw->pat_memo[p];
    if ((*memo >> 1) == cw->stamp)
        return (*memo & 1u) != 0;
    /* The scan's answer (code_select) knows comments only, not strings. */
    bool strings = cw->ce->set->rules[p].prefilter_code;
    pcre2_code *re =
        cw->hit_in_code[ri] && !strings ? NULL : prefilter_re(cw->ce, (unsigned)p);
    bool in_code = re == NULL || engine_regex_in_code(lang_rule_name(cw->lang), re, cw->md,
                                                      NULL, data, len, strings);
    *memo = cw->stamp << 1 | (in_code ? 1u : 0u);
    return in_code;
}

/* Can selected rule ri report anything in this file? Its prefilter matches in code, and its
 * query's file gates or what its sink of the taint pass needs in the file
 * (taint_may_report) hold. */
static bool rule_may_fire(struct code_worker *cw, unsigned ri, const char *data, size_t len)
{
    const struct tree_rule *t = &cw->ce->tr[ri];
    const struct rule *r = &cw->ce->set->rules[ri];
    if (!prefilter_in_code(cw, ri, data, len))
        return false;
    if (t->sink >= 0 &&
        taint_may_report((enum sink_kind)t->sink, lang_rule_name(cw->lang), data, len))
        return true;
    if (r->query != NULL) {
        const struct cquery *c = cquery_get(cw->ce, ri, cw->lang);
        return c != NULL && cquery_may_match(cw, c, data, len);
    }
    return t->sink < 0; /* neither a query nor a check: as before, parsed */
}

bool code_covers(const struct code_worker *cw, size_t start, size_t end)
{
    for (size_t i = 0; i < cw->n_spans; i++) {
        if (start < cw->spans[i][1] && cw->spans[i][0] < end)
            return true;
    }
    return false;
}

/* A test file (checks_test_file_name, or anything under a `__tests__/` directory): a flow
 * in a test is not reachable by an attacker, and a test library's files are full of
 * requests reflected on purpose. Directories named test/ or tests/ are not enough on their
 * own (a project's own checks may live there). */
bool code_test_file(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    return strstr(path, "__tests__/") != NULL || checks_test_file_name(base, strlen(base));
}

bool code_file_skipped(const char *path, const char *data, size_t len)
{
    if (code_lang_of(path) < 0)
        return false;
    /* Minified, bundled and vendored code is not the project's own, and a test is not
     * reachable by an attacker: not parsed. */
    return len > CODE_MAX_PARSE_BYTES || len > UINT32_MAX ||
           checks_bundled_file(path, data, len) || code_test_file(path);
}

void code_scan_file(struct code_worker *cw, const struct scan_options *opt, const char *path,
                    const char *data, size_t len, struct scan_result *res, struct scan_stats *st)
{
    int l = code_lang_of(path);
    cw->n_spans = 0;
    if (cw->n_sel == 0 || l < 0 || code_file_skipped(path, data, len))
        return;
    cw->lang = (enum code_lang)l;
    if (++cw->stamp == (UINT32_MAX >> 1)) { /* wrapped: forget every memo */
        memset(cw->pat_memo, 0, (cw->ce->set->n + 1) * sizeof *cw->pat_memo);
        cw->stamp = 1;
    }
    /* Only the rules that may report here run (queries compile at their first use, and a
     * query costs a walk of the tree); when none may, the file is not parsed (parsing is
     * the costliest step of a scan per byte). The findings are the same either way. */
    unsigned want = 0;
    cw->n_live = 0;
    for (size_t k = 0; k < cw->n_sel; k++) {
        unsigned ri = cw->sel[k];
        const struct tree_rule *t = &cw->ce->tr[ri];
        if (!t->lang[cw->lang] || !rule_may_fire(cw, ri, data, len))
            continue;
        cw->live[cw->n_live++] = ri;
        if (t->sink >= 0)
            want |= 1u << t->sink;
    }
    if (cw->n_live == 0)
        return;
    if (!ts_parser_set_language(cw->parser, code_language(cw->lang)))
        return;
    uint64_t t0 = scan_now_ns();
    TSTree *tree = ts_parser_parse_string(cw->parser, NULL, data, (uint32_t)len);
    uint64_t t1 = scan_now_ns();
    st->stage_ns[STAGE_PARSE] += t1 - t0;
    st->parsed_files++;
    st->parsed_bytes += len;
    if (tree == NULL) {
        ts_parser_reset(cw->parser);
        return;
    }
    cw->opt = opt;
    cw->path = path;
    cw->data = data;
    cw->len = len;
    cw->res = res;
    cw->st = st;
    cw->n_seen = 0;
    TSNode root = ts_tree_root_node(tree);
    cw->root = root;
    binds_clear(cw);
    cw->binds_built = false;
    for (size_t k = 0; k < cw->n_live; k++) {
        unsigned ri = cw->live[k];
        const struct cquery *c = cquery_get(cw->ce, ri, cw->lang);
        if (c != NULL)
            run_query(cw, ri, c, root);
    }
    if (want != 0) {
        struct code_src src = {data, len, cw->lang};
        taint_run(&src, root, want, on_taint, cw);
    }
    ts_tree_delete(tree);
}
