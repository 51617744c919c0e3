/*
 * rules.c - read rule files (docs/rules.md) with libyaml's document API and validate each
 * rule's fields. Compiling patterns is engine.c's job; this file only checks what can be
 * checked on the text (required fields, known names, example shapes).
 */
#include "scan/rules.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "util/embedded.h"
#include "util/xalloc.h"

#define RULES_MAX_FILE_SIZE ((size_t)4 * 1024 * 1024)
#define RULES_MAX_DEPTH 8
#define RULES_PARSE_THREADS 4

/* Append one line to an error list (may be NULL). The list is capped: a line that does not
 * fit is dropped, the problem count stays right. */
__attribute__((format(printf, 2, 3))) void rules_note(struct buf *errors, const char *fmt, ...)
{
    va_list ap;
    if (errors == NULL)
        return;
    va_start(ap, fmt);
    if (buf_vprintf(errors, fmt, ap) != VG_OK) {
        /* dropped, see above */
    }
    va_end(ap);
}

struct parse_ctx {
    yaml_document_t *doc;
    const char *source;
    struct buf *errors;
    size_t problems;
    struct rule *r;
};

__attribute__((format(printf, 2, 3))) static void perr(struct parse_ctx *c, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rules_note(c->errors, "%s: rule '%s': %s\n", c->source,
               c->r != NULL && c->r->id != NULL ? c->r->id : "?", msg);
    c->problems++;
}

static const char *scalar(yaml_node_t *n)
{
    if (n == NULL || n->type != YAML_SCALAR_NODE)
        return NULL;
    return (const char *)n->data.scalar.value;
}

static yaml_node_t *node(struct parse_ctx *c, int idx)
{
    return yaml_document_get_node(c->doc, idx);
}

static bool get_string(struct parse_ctx *c, yaml_node_t *v, const char *key, char **out)
{
    const char *s = scalar(v);
    if (s == NULL) {
        perr(c, "'%s' must be a string", key);
        return false;
    }
    free(*out);
    *out = xstrdup(s);
    return true;
}

static bool get_list(struct parse_ctx *c, yaml_node_t *v, const char *key, struct strlist *out)
{
    if (v->type == YAML_SCALAR_NODE) {
        out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
        out->v[out->n++] = xstrdup(scalar(v));
        return true;
    }
    if (v->type != YAML_SEQUENCE_NODE) {
        perr(c, "'%s' must be a list of strings", key);
        return false;
    }
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        const char *s = scalar(node(c, *it));
        if (s == NULL) {
            perr(c, "'%s' must be a list of strings", key);
            return false;
        }
        out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
        out->v[out->n++] = xstrdup(s);
    }
    return true;
}

static bool parse_enum(struct parse_ctx *c, yaml_node_t *v, const char *key,
                       const char *const *names, size_t n, int *out)
{
    const char *s = scalar(v);
    for (size_t i = 0; s != NULL && i < n; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (int)i;
            return true;
        }
    }
    perr(c, "unknown value for '%s'", key);
    return false;
}

static const char *const severity_names[] = {"info", "low", "medium", "high", "critical"};
static const char *const confidence_names[] = {"low", "medium", "high"};
static const char *const checksum_names[] = {"none", "github-crc32", "luhn",
                                             "jwt",  "pem",          "openssh"};

bool rules_checksum_keeps(enum rule_checksum kind)
{
    return kind == CHECKSUM_GITHUB_CRC32 || kind == CHECKSUM_PEM || kind == CHECKSUM_OPENSSH;
}
static const char *const engine_names[] = {"regex", "tree"};
static const char *const evidence_names[] = {"code", "secret"};
static const char *const bool_names[] = {"false", "true"};

const char *scan_severity_name(enum scan_severity s)
{
    return (unsigned)s < 5 ? severity_names[s] : "info";
}

const char *scan_confidence_name(enum scan_confidence c)
{
    return (unsigned)c < 3 ? confidence_names[c] : "low";
}

bool scan_severity_parse(const char *s, enum scan_severity *out)
{
    for (size_t i = 0; i < 5; i++) {
        if (strcmp(s, severity_names[i]) == 0) {
            *out = (enum scan_severity)i;
            return true;
        }
    }
    return false;
}

static bool get_examples(struct parse_ctx *c, yaml_node_t *v, const char *key,
                         struct rule_example **out, size_t *n)
{
    if (v->type != YAML_SEQUENCE_NODE) {
        perr(c, "'%s' must be a list", key);
        return false;
    }
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        yaml_node_t *e = node(c, *it);
        struct rule_example ex = {NULL, NULL, -1};
        if (scalar(e) != NULL) {
            ex.content = xstrdup(scalar(e));
        } else if (e != NULL && e->type == YAML_MAPPING_NODE) {
            for (yaml_node_pair_t *p = e->data.mapping.pairs.start; p < e->data.mapping.pairs.top;
                 p++) {
                const char *k = scalar(node(c, p->key));
                const char *s = scalar(node(c, p->value));
                if (k != NULL && s != NULL && strcmp(k, "path") == 0) {
                    free(ex.path);
                    ex.path = xstrdup(s);
                } else if (k != NULL && s != NULL && strcmp(k, "content") == 0) {
                    free(ex.content);
                    ex.content = xstrdup(s);
                } else if (k != NULL && s != NULL && strcmp(k, "confidence") == 0) {
                    for (int ci = 0; ci < 3; ci++)
                        ex.confidence = strcmp(s, confidence_names[ci]) == 0 ? ci : ex.confidence;
                    if (ex.confidence < 0)
                        perr(c, "an example's confidence is low, medium or high");
                } else {
                    perr(c,
                         "an example in '%s' may only have 'path', 'content' and "
                         "'confidence' strings",
                         key);
                }
            }
        }
        if (ex.content == NULL) {
            perr(c, "an example in '%s' has no content", key);
            free(ex.path);
            continue;
        }
        if (ex.path == NULL)
            ex.path = xstrdup("snippet.txt");
        *out = xrealloc(*out, (*n + 1) * sizeof **out);
        (*out)[(*n)++] = ex;
    }
    return true;
}

static bool get_flags(struct parse_ctx *c, yaml_node_t *v, unsigned *flags)
{
    struct strlist l = {NULL, 0};
    bool ok = get_list(c, v, "flags", &l);
    for (size_t i = 0; ok && i < l.n; i++) {
        if (strcmp(l.v[i], "caseless") == 0)
            *flags |= RULE_CASELESS;
        else if (strcmp(l.v[i], "multiline") == 0)
            *flags |= RULE_MULTILINE;
        else if (strcmp(l.v[i], "dotall") == 0)
            *flags |= RULE_DOTALL;
        else {
            perr(c, "unknown flag '%s' (caseless, multiline, dotall)", l.v[i]);
            ok = false;
        }
    }
    for (size_t i = 0; i < l.n; i++)
        free(l.v[i]);
    free(l.v);
    return ok;
}

static bool get_number(struct parse_ctx *c, yaml_node_t *v, const char *key, double lo, double hi,
                       double *out)
{
    const char *s = scalar(v);
    char *end = NULL;
    double d = s != NULL ? strtod(s, &end) : 0;
    if (s == NULL || end == s || *end != '\0' || d < lo || d > hi) {
        perr(c, "'%s' must be a number in range", key);
        return false;
    }
    *out = d;
    return true;
}

enum field_kind {
    F_STRING,
    F_LIST,
    F_IGNORED_LIST,
    F_SEVERITY,
    F_CONFIDENCE,
    F_CHECKSUM,
    F_FLAGS,
    F_GROUP,
    F_ENTROPY,
    F_EXAMPLES,
    F_NEGATIVES,
    F_ENGINE,
    F_EVIDENCE,
    F_BOOL,
};

/* The fields of docs/rules.md (plus `keywords` and `tags`, accepted and unused). */
static const struct rule_field_def {
    const char *key;
    enum field_kind kind;
    size_t off;
} rule_fields[] = {
    {"id", F_STRING, offsetof(struct rule, id)},
    {"title", F_STRING, offsetof(struct rule, title)},
    {"category", F_STRING, offsetof(struct rule, category)},
    {"description", F_STRING, offsetof(struct rule, description)},
    {"recommendation", F_STRING, offsetof(struct rule, recommendation)},
    {"pattern", F_STRING, offsetof(struct rule, pattern)},
    {"trigger", F_STRING, offsetof(struct rule, trigger)},
    {"engine", F_ENGINE, 0},
    {"evidence", F_EVIDENCE, 0},
    {"check", F_STRING, offsetof(struct rule, check)},
    {"prefilter_outside_strings", F_BOOL, offsetof(struct rule, prefilter_code)},
    {"query", F_STRING, offsetof(struct rule, query)},
    {"severity", F_SEVERITY, 0},
    {"confidence", F_CONFIDENCE, 0},
    {"checksum", F_CHECKSUM, 0},
    {"flags", F_FLAGS, 0},
    {"loses_overlaps", F_BOOL, offsetof(struct rule, loses_overlaps)},
    {"secret_group", F_GROUP, 0},
    {"entropy", F_ENTROPY, 0},
    {"languages", F_LIST, offsetof(struct rule, languages)},
    {"paths", F_LIST, offsetof(struct rule, paths)},
    {"exclude_paths", F_LIST, offsetof(struct rule, exclude_paths)},
    {"file_requires", F_LIST, offsetof(struct rule, file_requires)},
    {"file_excludes", F_LIST, offsetof(struct rule, file_excludes)},
    {"once_per_dir", F_LIST, offsetof(struct rule, once_per_dir)},
    {"prefix", F_LIST, offsetof(struct rule, prefix)},
    {"references", F_LIST, offsetof(struct rule, references)},
    {"keywords", F_IGNORED_LIST, 0},
    {"tags", F_IGNORED_LIST, 0},
    {"examples", F_EXAMPLES, 0},
    {"negative_examples", F_NEGATIVES, 0},
};

static bool ignored_list(struct parse_ctx *c, yaml_node_t *v, const char *k)
{
    struct strlist ignored = {NULL, 0};
    bool ok = get_list(c, v, k, &ignored);
    for (size_t i = 0; i < ignored.n; i++)
        free(ignored.v[i]);
    free(ignored.v);
    return ok;
}

/* One key of a rule mapping. Returns false on a problem (already reported). */
static bool rule_field(struct parse_ctx *c, const char *k, yaml_node_t *v)
{
    struct rule *r = c->r;
    const struct rule_field_def *f = NULL;
    int e = 0;
    double d = 0;
    bool ok = false;
    for (size_t i = 0; i < sizeof rule_fields / sizeof rule_fields[0] && f == NULL; i++)
        f = strcmp(rule_fields[i].key, k) == 0 ? &rule_fields[i] : NULL;
    if (f == NULL) {
        perr(c, "unknown field '%s'", k);
        return false;
    }
    switch (f->kind) {
    case F_STRING:
        return get_string(c, v, k, (char **)((char *)r + f->off));
    case F_LIST:
        return get_list(c, v, k, (struct strlist *)((char *)r + f->off));
    case F_IGNORED_LIST:
        return ignored_list(c, v, k);
    case F_SEVERITY:
        ok = parse_enum(c, v, k, severity_names, 5, &e);
        r->severity = (enum scan_severity)e;
        return ok;
    case F_CONFIDENCE:
        ok = parse_enum(c, v, k, confidence_names, 3, &e);
        r->confidence = (enum scan_confidence)e;
        return ok;
    case F_CHECKSUM:
        ok =
            parse_enum(c, v, k, checksum_names, sizeof checksum_names / sizeof *checksum_names, &e);
        r->checksum = (enum rule_checksum)e;
        return ok;
    case F_FLAGS:
        return get_flags(c, v, &r->flags);
    case F_GROUP:
        ok = get_number(c, v, k, 0, 99, &d);
        r->secret_group = (int)d;
        return ok;
    case F_ENTROPY:
        return get_number(c, v, k, 0, 8, &r->entropy);
    case F_EXAMPLES:
        return get_examples(c, v, k, &r->examples, &r->n_examples);
    case F_NEGATIVES:
        return get_examples(c, v, k, &r->negatives, &r->n_negatives);
    case F_ENGINE:
        ok = parse_enum(c, v, k, engine_names, 2, &e);
        r->engine = (enum rule_engine)e;
        return ok;
    case F_BOOL:
        ok = parse_enum(c, v, k, bool_names, 2, &e);
        *(bool *)((char *)r + f->off) = e == 1;
        return ok;
    case F_EVIDENCE:
        ok = parse_enum(c, v, k, evidence_names, 2, &e);
        r->evidence_secret = e == 1;
        return ok;
    }
    return false;
}

static void strlist_free(struct strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static void examples_free(struct rule_example *ex, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(ex[i].path);
        free(ex[i].content);
    }
    free(ex);
}

static void rule_free(struct rule *r)
{
    free(r->id);
    free(r->title);
    free(r->category);
    free(r->description);
    free(r->recommendation);
    free(r->pattern);
    free(r->trigger);
    free(r->source);
    free(r->check);
    free(r->query);
    strlist_free(&r->languages);
    strlist_free(&r->paths);
    strlist_free(&r->exclude_paths);
    strlist_free(&r->file_requires);
    strlist_free(&r->file_excludes);
    strlist_free(&r->once_per_dir);
    strlist_free(&r->prefix);
    strlist_free(&r->references);
    examples_free(r->examples, r->n_examples);
    examples_free(r->negatives, r->n_negatives);
    memset(r, 0, sizeof *r);
}

/* Just after the '(' that opens capture group `group` of pattern (after a (?<name> or
 * (?P<name>), or NULL. */
static const char *group_start(const char *p, int group)
{
    int n = 0;
    bool cls = false;
    for (; *p != '\0'; p++) {
        if (*p == '\\') {
            if (p[1] != '\0')
                p++;
            continue;
        }
        if (cls) {
            cls = *p != ']';
            continue;
        }
        if (*p == '[') {
            cls = true;
            if (p[1] == '^')
                p++;
            if (p[1] == ']')
                p++;
            continue;
        }
        if (*p != '(')
            continue;
        bool named = p[1] == '?' &&
                     ((p[2] == '<' && p[3] != '=' && p[3] != '!') || (p[2] == 'P' && p[3] == '<'));
        if (p[1] == '?' && !named)
            continue;
        if (++n == group) {
            if (!named)
                return p + 1;
            const char *e = strchr(p, '>');
            return e != NULL ? e + 1 : NULL;
        }
    }
    return NULL;
}

/* One literal character at *pp (a byte, or 1 for a character class), advancing *pp;
 * -1 when *pp is not a literal. */
static int literal_char(const char **pp)
{
    const char *p = *pp;
    if (*p == '\\') {
        if (p[1] != '\0' && strchr(".-_/+=:@#*?$^|(){}[]\\ ", p[1]) != NULL) {
            *pp = p + 2;
            return (unsigned char)p[1];
        }
        return -1;
    }
    if (*p == '[') {
        const char *e = p + 1;
        if (*e == '^')
            return -1;
        if (*e == ']')
            e++;
        while (*e != '\0' && *e != ']')
            e += e[0] == '\\' && e[1] != '\0' ? 2 : 1;
        if (*e != ']')
            return -1;
        *pp = e + 1;
        return 1;
    }
    if (*p != '\0' && (isalnum((unsigned char)*p) || strchr("_-:/@=#%!,~<>'\" &;", *p) != NULL)) {
        *pp = p + 1;
        return (unsigned char)*p;
    }
    return -1;
}

static bool is_quantifier(char c)
{
    return c == '?' || c == '*' || c == '{' || c == '+';
}

struct lit {
    char s[RULE_PREFIX_MAX + 1];
    size_t n;
};

/* Literal characters from *pp into l (at most RULE_PREFIX_MAX), stopping at the first
 * non-literal or a character of stop; a quantified last character is left out. */
static void literal_run(const char **pp, const char *stop, struct lit *l)
{
    const char *p = *pp;
    while (*p != '\0' && (stop == NULL || strchr(stop, *p) == NULL)) {
        const char *q = p;
        int ch = literal_char(&q);
        if (ch < 0 || is_quantifier(*q))
            break;
        if (l->n < RULE_PREFIX_MAX)
            l->s[l->n++] = (char)ch;
        l->s[l->n] = '\0';
        p = q;
    }
    *pp = p;
}

static bool useful_prefix(const char *s)
{
    size_t lit = 0;
    for (; *s != '\0'; s++)
        lit += *s != 1;
    return lit >= 2;
}

void rules_derive_prefix(const char *pattern, int group, struct strlist *out)
{
    const char *p = group_start(pattern, group);
    if (p == NULL)
        return;
    struct lit alts[16];
    size_t n = 0;
    if (strncmp(p, "(?:", 3) == 0) {
        /* (?:a|b|c) of plain literals, then what follows */
        p += 3;
        for (;;) {
            if (n == sizeof alts / sizeof alts[0])
                return;
            alts[n] = (struct lit){{0}, 0};
            literal_run(&p, "|)", &alts[n]);
            if ((*p != '|' && *p != ')') || alts[n].n == 0)
                return;
            n++;
            if (*p++ == ')')
                break;
        }
        if (is_quantifier(*p))
            return;
    } else {
        alts[n++] = (struct lit){{0}, 0};
    }
    struct lit tail = {{0}, 0};
    literal_run(&p, NULL, &tail);
    for (size_t i = 0; i < n; i++) {
        char *s = xasprintf("%s%s", alts[i].s, tail.s);
        if (strlen(s) > RULE_PREFIX_MAX)
            s[RULE_PREFIX_MAX] = '\0';
        if (useful_prefix(s)) {
            out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
            out->v[out->n++] = s;
        } else {
            free(s);
        }
    }
}

static bool id_is_kebab(const char *id)
{
    if (id[0] == '\0' || strlen(id) > 100)
        return false;
    for (const char *p = id; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
              *p == '_'))
            return false;
    }
    return true;
}

/* Required fields and cross-field checks once the mapping is read. */
static size_t rule_validate(struct parse_ctx *c)
{
    struct rule *r = c->r;
    size_t before = c->problems;
    const char *need[] = {"id", "title", "category", "description", "recommendation"};
    char *have[] = {r->id, r->title, r->category, r->description, r->recommendation};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        if (have[i] == NULL || have[i][0] == '\0')
            perr(c, "missing '%s'", need[i]);
    }
    if (r->id != NULL && !id_is_kebab(r->id))
        perr(c, "id must be kebab-case (a-z, 0-9, '-')");
    if (r->n_examples == 0)
        perr(c, "no examples: every rule needs at least one positive example");
    bool secret = r->category != NULL && strcmp(r->category, "secret") == 0;
    if (secret && r->pattern == NULL)
        perr(c, "a secret rule needs a pattern");
    if (secret && r->secret_group == 0)
        perr(c, "a secret rule needs 'secret_group' (the capture group holding the secret)");
    if (secret && r->n_negatives == 0)
        perr(c, "a secret rule needs at least one negative example");
    if (r->pattern == NULL && r->paths.n == 0 && r->languages.n == 0 && r->file_requires.n == 0)
        perr(c, "a file-level rule (no pattern) needs paths, languages or file_requires");
    if (r->pattern != NULL && r->once_per_dir.n > 0)
        perr(c, "once_per_dir applies to file-level rules (no pattern) only");
    if (r->pattern != NULL && r->pattern[0] == '\0')
        perr(c, "empty pattern");
    if (r->trigger != NULL && (r->pattern == NULL || r->trigger[0] == '\0' ||
                               r->engine != RULE_ENGINE_REGEX || r->paths.n > 0 ||
                               r->languages.n > 0))
        perr(c, "a trigger needs a non-empty pattern of its own and a regex rule read in every "
                "file (no paths or languages)");
    if (r->engine == RULE_ENGINE_TREE) {
        if (r->pattern == NULL)
            perr(c, "a tree rule needs a pattern (the prefilter that selects files to parse)");
        if ((r->check == NULL) == (r->query == NULL))
            perr(c, "a tree rule needs exactly one of 'check' and 'query'");
        if (r->languages.n == 0)
            perr(c, "a tree rule needs languages (javascript, typescript, python)");
        if (r->secret_group > 0)
            perr(c, "a tree rule has no secret group");
    } else if (r->check != NULL || r->query != NULL) {
        perr(c, "'check' and 'query' need 'engine: tree'");
    }
    if (r->prefilter_code && r->engine != RULE_ENGINE_TREE)
        perr(c, "'prefilter_outside_strings' applies to tree rules only");
    r->generic = r->id != NULL && strncmp(r->id, "generic-", 8) == 0;
    r->loses_overlaps = r->loses_overlaps || r->generic;
    for (size_t i = 0; i < r->prefix.n; i++) {
        if (strlen(r->prefix.v[i]) > RULE_PREFIX_MAX)
            perr(c, "a prefix is at most %d characters", RULE_PREFIX_MAX);
    }
    if (r->prefix.n == 0 && r->pattern != NULL && r->secret_group > 0)
        rules_derive_prefix(r->pattern, r->secret_group, &r->prefix);
    return c->problems - before;
}

static void rule_from_mapping(struct parse_ctx *c, struct rule_set *set, yaml_node_t *m)
{
    struct rule r;
    memset(&r, 0, sizeof r);
    r.severity = SEV_MEDIUM;
    r.confidence = CONF_MEDIUM;
    c->r = &r;
    size_t before = c->problems;
    /* The id first, so that every later message names the rule. */
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        const char *k = scalar(node(c, p->key));
        if (k != NULL && strcmp(k, "id") == 0)
            (void)get_string(c, node(c, p->value), k, &r.id);
    }
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        const char *k = scalar(node(c, p->key));
        yaml_node_t *v = node(c, p->value);
        if (k == NULL || v == NULL) {
            perr(c, "keys must be strings");
            continue;
        }
        (void)rule_field(c, k, v);
    }
    (void)rule_validate(c);
    c->r = NULL;
    if (c->problems != before) {
        rule_free(&r);
        return;
    }
    r.source = xstrdup(c->source);
    if (set->n == set->alloc) {
        set->alloc = set->alloc ? set->alloc * 2 : 64;
        set->rules = xrealloc(set->rules, set->alloc * sizeof *set->rules);
    }
    set->rules[set->n++] = r;
}

/* `prefilters:` holds the patterns several rules of the file share: a mapping of names to
 * strings, each anchored (&name) and named by its rules with an alias (*name). */
static void check_prefilters(struct parse_ctx *c, yaml_node_t *m)
{
    if (m == NULL || m->type != YAML_MAPPING_NODE) {
        perr(c, "'prefilters' is a mapping of names to patterns");
        return;
    }
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        const char *name = scalar(node(c, p->key));
        if (scalar(node(c, p->value)) == NULL)
            perr(c, "prefilter '%s' is not a pattern string", name != NULL ? name : "?");
    }
}

size_t rules_parse(struct rule_set *set, const char *source, const char *data, size_t len,
                   struct buf *errors)
{
    struct parse_ctx c = {NULL, source, errors, 0, NULL};
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        perr(&c, "cannot initialise the YAML parser");
        return c.problems;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    if (!yaml_parser_load(&parser, &doc)) {
        char msg[256];
        snprintf(msg, sizeof msg, "YAML error at line %lu: %s",
                 (unsigned long)parser.problem_mark.line + 1,
                 parser.problem ? parser.problem : "?");
        perr(&c, "%s", msg);
        yaml_parser_delete(&parser);
        return c.problems;
    }
    c.doc = &doc;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    yaml_node_t *list = NULL;
    if (root != NULL && root->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
             p++) {
            const char *k = scalar(node(&c, p->key));
            if (k != NULL && strcmp(k, "rules") == 0)
                list = node(&c, p->value);
            else if (k != NULL && strcmp(k, "prefilters") == 0)
                check_prefilters(&c, node(&c, p->value));
            else
                perr(&c, "unknown top-level key '%s' (a rule file holds 'rules:' and, for patterns "
                         "its rules share through YAML anchors, 'prefilters:')",
                     k != NULL ? k : "?");
        }
    }
    if (list == NULL || list->type != YAML_SEQUENCE_NODE) {
        if (root != NULL) /* an empty file holds no rules and is fine */
            perr(&c, "a rule file holds a list of rules under the key 'rules:'");
    } else {
        for (yaml_node_item_t *it = list->data.sequence.items.start;
             it < list->data.sequence.items.top; it++) {
            yaml_node_t *m = node(&c, *it);
            if (m == NULL || m->type != YAML_MAPPING_NODE) {
                perr(&c, "each rule is a mapping");
                continue;
            }
            rule_from_mapping(&c, set, m);
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return c.problems;
}

static bool has_yaml_ext(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t load_file(struct rule_set *set, const char *path, struct buf *errors)
{
    struct buf data = BUF_INIT;
    size_t problems = 0;
    buf_init(&data, RULES_MAX_FILE_SIZE);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        rules_note(errors, "%s: %s\n", path, strerror(errno));
        buf_release(&data);
        return 1;
    }
    char chunk[65536];
    ssize_t got;
    while ((got = read(fd, chunk, sizeof chunk)) > 0) {
        if (buf_append(&data, chunk, (size_t)got) != VG_OK) {
            got = -1;
            break;
        }
    }
    close(fd);
    if (got < 0) {
        rules_note(errors, "%s: cannot read (or too large)\n", path);
        problems = 1;
    } else {
        problems = rules_parse(set, path, buf_cstr(&data), data.len, errors);
    }
    buf_release(&data);
    return problems;
}

static size_t load_dir(struct rule_set *set, const char *dir, int depth, struct buf *errors)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        rules_note(errors, "%s: %s\n", dir, strerror(errno));
        return 1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        names = xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, name_cmp);
    size_t problems = 0;
    for (size_t i = 0; i < n; i++) {
        char *p = xasprintf("%s/%s", dir, names[i]);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode) && depth < RULES_MAX_DEPTH)
            problems += load_dir(set, p, depth + 1, errors);
        else if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && has_yaml_ext(names[i]))
            problems += load_file(set, p, errors);
        free(p);
        free(names[i]);
    }
    free(names);
    return problems;
}

struct id_at {
    const char *id;
    size_t i;
};

/* By id, then by position: the first of each run of equal ids is the earliest rule. */
static int id_at_cmp(const void *a, const void *b)
{
    const struct id_at *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

/* Every rule whose id an earlier rule has, reported in rule order against the first rule of
 * that id (ids sorted once: comparing ~2,000 ids pairwise was a visible part of every
 * scan's start). */
static size_t report_duplicate_ids(const struct rule_set *set, struct buf *errors)
{
    if (set->n < 2)
        return 0;
    struct id_at *v = xcalloc(set->n, sizeof *v);
    size_t *first = xcalloc(set->n, sizeof *first);
    for (size_t i = 0; i < set->n; i++)
        v[i] = (struct id_at){set->rules[i].id, i};
    qsort(v, set->n, sizeof *v, id_at_cmp);
    for (size_t k = 0; k < set->n; k++)
        first[v[k].i] = k > 0 && strcmp(v[k].id, v[k - 1].id) == 0 ? first[v[k - 1].i] : v[k].i;
    size_t problems = 0;
    for (size_t i = 0; i < set->n; i++) {
        if (first[i] == i)
            continue;
        rules_note(errors, "%s: rule '%s': duplicate id (also in %s)\n", set->rules[i].source,
                   set->rules[i].id, set->rules[first[i]].source);
        problems++;
    }
    free(v);
    free(first);
    return problems;
}

/* ---- the embedded pack, parsed on several threads ---- */

/* One rule file parsed on its own: its rules and messages are appended in file order once
 * every file is done, so the set and the messages are those of a parse one file after
 * another. */
struct parse_job {
    const struct embedded_file *f;
    struct rule_set set;
    struct buf errors;
    size_t problems;
};

struct job_at {
    size_t len, i;
};

struct parse_pool {
    struct parse_job *jobs;
    struct job_at *order; /* largest file first: the threads finish together */
    size_t n;
    _Atomic size_t next;
    bool want_errors;
};

static void *parse_pool_run(void *arg)
{
    struct parse_pool *pp = arg;
    for (size_t k; (k = atomic_fetch_add(&pp->next, 1)) < pp->n;) {
        struct parse_job *j = &pp->jobs[pp->order[k].i];
        j->problems = rules_parse(&j->set, j->f->path, j->f->data, j->f->len,
                                  pp->want_errors ? &j->errors : NULL);
    }
    return NULL;
}

static int job_larger_first(const void *a, const void *b)
{
    const struct job_at *x = a, *y = b;
    return x->len != y->len ? (x->len < y->len) - (x->len > y->len) : (x->i > y->i) - (x->i < y->i);
}

/* Append text's lines to errors one by one (rules_note's cap: a line that does not fit is
 * dropped, later shorter ones still go in). */
static void append_lines(struct buf *errors, const struct buf *text)
{
    if (text->ptr == NULL)
        return;
    const char *p = text->ptr, *end = text->ptr + text->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl != NULL ? (size_t)(nl - p) + 1 : (size_t)(end - p);
        if (buf_append(errors, p, n) != VG_OK) {
            /* dropped, as rules_note drops it */
        }
        p += n;
    }
}

/* The embedded rule files (~4 MB of YAML, ~2,000 rules: parsing them is most of a scan's
 * start-up) on up to RULES_PARSE_THREADS threads, the caller's included. */
static size_t parse_embedded(struct rule_set *set, struct buf *errors)
{
    struct parse_pool pp = {NULL, NULL, 0, 0, errors != NULL};
    for (const struct embedded_file *f = embedded_files; f->path != NULL; f++)
        pp.n += strncmp(f->path, "rules/", 6) == 0 && has_yaml_ext(f->path);
    pp.jobs = xcalloc(pp.n + 1, sizeof *pp.jobs);
    pp.order = xcalloc(pp.n + 1, sizeof *pp.order);
    size_t k = 0;
    for (const struct embedded_file *f = embedded_files; f->path != NULL; f++) {
        if (strncmp(f->path, "rules/", 6) != 0 || !has_yaml_ext(f->path))
            continue;
        pp.jobs[k].f = f;
        buf_init(&pp.jobs[k].errors, errors != NULL ? errors->cap : 0);
        pp.order[k] = (struct job_at){f->len, k};
        k++;
    }
    qsort(pp.order, pp.n, sizeof *pp.order, job_larger_first);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t want = cpus < 1 ? 1 : cpus > RULES_PARSE_THREADS ? RULES_PARSE_THREADS : (size_t)cpus;
    pthread_t tid[RULES_PARSE_THREADS];
    size_t started = 0;
    while (started + 1 < want && started + 1 < pp.n &&
           pthread_create(&tid[started], NULL, parse_pool_run, &pp) == 0)
        started++;
    (void)parse_pool_run(&pp);
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    size_t problems = 0;
    for (size_t i = 0; i < pp.n; i++) {
        struct parse_job *j = &pp.jobs[i];
        problems += j->problems;
        if (set->n + j->set.n > set->alloc) {
            set->alloc = set->n + j->set.n + 64;
            set->rules = xrealloc(set->rules, set->alloc * sizeof *set->rules);
        }
        if (j->set.n > 0)
            memcpy(set->rules + set->n, j->set.rules, j->set.n * sizeof *set->rules);
        set->n += j->set.n;
        free(j->set.rules);
        if (errors != NULL)
            append_lines(errors, &j->errors);
        buf_release(&j->errors);
    }
    free(pp.jobs);
    free(pp.order);
    return problems;
}

size_t rules_load(struct rule_set *set, bool embedded, const char *const *dirs, size_t n_dirs,
                  struct buf *errors)
{
    size_t problems = 0;
    if (embedded)
        problems += parse_embedded(set, errors);
    for (size_t i = 0; i < n_dirs; i++) {
        struct stat st;
        if (stat(dirs[i], &st) == 0 && S_ISREG(st.st_mode))
            problems += load_file(set, dirs[i], errors);
        else
            problems += load_dir(set, dirs[i], 0, errors);
    }
    return problems + report_duplicate_ids(set, errors);
}

void rules_release(struct rule_set *set)
{
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->n; i++)
        rule_free(&set->rules[i]);
    free(set->rules);
    set->rules = NULL;
    set->n = set->alloc = 0;
}
