/*
 * suppress.c - the three ways to silence a finding (ENGINE.md, "Suppression"):
 * an inline `vega:ignore [rule-id,...]` comment (trailing on the finding's line, or alone
 * on the line above), a `.vegaignore` file (path globs, `rule:ID`, `fingerprint:HEX`), and
 * a baseline (the fingerprints of an earlier report, given by the caller). Fingerprints
 * hash the secret, not the line, so every suppression survives edits and moves.
 */
#include "scan/engine_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/checks.h"
#include "util/xalloc.h"

#define INLINE_MARK "vega:ignore"

struct vegaignore {
    struct strlist paths;
    struct strlist rules;
    struct strlist fingerprints;
};

static void push(struct strlist *l, const char *s, size_t n)
{
    l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n++] = xstrndup(s, n);
}

struct vegaignore *vegaignore_parse(const char *text)
{
    struct vegaignore *vi = xcalloc(1, sizeof *vi);
    const char *p = text;
    while (p != NULL && *p != '\0') {
        const char *eol = strchr(p, '\n');
        size_t n = eol != NULL ? (size_t)(eol - p) : strlen(p);
        const char *s = p;
        p = eol != NULL ? eol + 1 : NULL;
        while (n > 0 && isspace((unsigned char)*s))
            s++, n--;
        while (n > 0 && isspace((unsigned char)s[n - 1]))
            n--;
        if (n == 0 || s[0] == '#')
            continue;
        if (n > 5 && strncmp(s, "rule:", 5) == 0)
            push(&vi->rules, s + 5, n - 5);
        else if (n > 12 && strncmp(s, "fingerprint:", 12) == 0)
            push(&vi->fingerprints, s + 12, n - 12);
        else if (n > 5 && strncmp(s, "path:", 5) == 0)
            push(&vi->paths, s + 5, n - 5);
        else
            push(&vi->paths, s, n);
    }
    for (size_t i = 0; i < vi->rules.n + vi->fingerprints.n; i++) {
        char *v = i < vi->rules.n ? vi->rules.v[i] : vi->fingerprints.v[i - vi->rules.n];
        size_t skip = strspn(v, " \t");
        memmove(v, v + skip, strlen(v + skip) + 1);
    }
    return vi;
}

static void strlist_release(struct strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

void vegaignore_free(struct vegaignore *vi)
{
    if (vi == NULL)
        return;
    strlist_release(&vi->paths);
    strlist_release(&vi->rules);
    strlist_release(&vi->fingerprints);
    free(vi);
}

/* gitignore-like: "dir/" ignores a directory anywhere (or at that path when it has a '/'),
 * a name without '/' matches any component, a pattern with '/' is anchored at the root. */
static bool path_matches(const char *pat, const char *path)
{
    char buf[1024];
    size_t n = strlen(pat);
    if (n == 0 || n >= sizeof buf - 8)
        return false;
    memcpy(buf, pat, n + 1);
    bool dir = buf[n - 1] == '/';
    if (dir)
        buf[--n] = '\0';
    const char *body = buf[0] == '/' ? buf + 1 : buf;
    bool anchored = buf[0] == '/' || strchr(body, '/') != NULL;
    char *full = anchored ? xasprintf("%s", body) : xasprintf("**/%s", body);
    char *under = xasprintf("%s/**", full);
    bool hit = (!dir && checks_glob(full, path)) || checks_glob(under, path);
    /* checks_glob treats a pattern without '/' as a file-name pattern; "**" forms
     * always contain one. */
    free(full);
    free(under);
    return hit;
}

bool vegaignore_path(const struct vegaignore *vi, const char *path)
{
    for (size_t i = 0; vi != NULL && i < vi->paths.n; i++) {
        if (path_matches(vi->paths.v[i], path))
            return true;
    }
    return false;
}

bool vegaignore_finding(const struct vegaignore *vi, const struct scan_finding *f)
{
    if (vi == NULL)
        return false;
    for (size_t i = 0; i < vi->rules.n; i++) {
        if (strcmp(vi->rules.v[i], f->rule_id) == 0)
            return true;
    }
    for (size_t i = 0; i < vi->fingerprints.n; i++) {
        if (strcasecmp(vi->fingerprints.v[i], f->fingerprint) == 0)
            return true;
    }
    return vegaignore_path(vi, f->file_path);
}

static bool rule_known(const struct scan_engine *eng, const struct scan_options *opt,
                       const char *id)
{
    struct scan_rule_info info;
    for (size_t i = 0; i < scan_engine_rule_count(eng); i++) {
        if (scan_engine_rule_info(eng, i, &info) && strcmp(info.id, id) == 0)
            return true;
    }
    for (const char *const *m = opt->manifest_rule_ids; m != NULL && *m != NULL; m++) {
        if (strcmp(*m, id) == 0)
            return true;
    }
    return false;
}

void vegaignore_check_rules(const char *text, const struct scan_engine *eng,
                            const struct scan_options *opt)
{
    if (opt->warn == NULL || text == NULL)
        return;
    struct vegaignore *vi = vegaignore_parse(text);
    for (size_t i = 0; i < vi->rules.n; i++) {
        if (rule_known(eng, opt, vi->rules.v[i]))
            continue;
        char id[81];
        snprintf(id, sizeof id, "%s", vi->rules.v[i]);
        for (char *c = id; *c != '\0'; c++) {
            if (!isprint((unsigned char)*c))
                *c = '?';
        }
        char *msg = xasprintf(".vegaignore: rule:%s names no known rule, so it suppresses "
                              "nothing (see `vega rules list`)",
                              id);
        opt->warn(opt->warn_ctx, msg);
        free(msg);
    }
    vegaignore_free(vi);
}

static bool id_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

/* Does the text after the marker (up to eol) cover rule_id? No list: every rule. A list
 * is one or more comma-separated rule ids, each starting with a letter or digit and
 * containing a '-' (so prose and "-->" are not taken for ids). */
static bool covers(const char *p, const char *eol, const char *rule_id)
{
    if (p < eol && (*p == ':' || *p == '=' || *p == '(' || *p == ' '))
        p++;
    while (p < eol && *p == ' ')
        p++;
    bool any = false, hit = false;
    for (;;) {
        const char *s = p;
        while (p < eol && id_char(*p))
            p++;
        size_t n = (size_t)(p - s);
        if (n == 0 || !isalnum((unsigned char)s[0]) || memchr(s, '-', n) == NULL)
            break; /* prose, or a comment's closer ("-->") */
        any = true;
        hit |= strlen(rule_id) == n && memcmp(s, rule_id, n) == 0;
        while (p < eol && (*p == ',' || *p == ' '))
            p++;
    }
    return !any || hit;
}

/* Characters that may stand before the marker on a line that holds only a comment:
 * blanks and the characters of comment openers (slash-slash, slash-star, `#`, `--`, `<!--`,
 * `;`, `%`, `'`, JSX's brace-slash-star). */
static bool comment_lead(char c)
{
    return strchr(" \t\r/*#-<!;%'{", c) != NULL;
}

/*
 * Does [ls, le) hold a marker covering rule_id? With `alone`, only a marker with nothing
 * but a comment opener before it on the line counts (a comment on a line of its own).
 */
static bool line_has_mark(const char *ls, const char *le, const char *rule_id, bool alone)
{
    size_t m = strlen(INLINE_MARK);
    for (const char *q = ls; q + m <= le; q++) {
        q = memchr(q, 'v', (size_t)(le - q));
        if (q == NULL || q + m > le)
            return false;
        if (memcmp(q, INLINE_MARK, m) != 0)
            continue;
        if (alone) {
            for (const char *c = ls; c < q; c++) {
                if (!comment_lead(*c))
                    return false;
            }
        }
        if (covers(q + m, le, rule_id))
            return true;
    }
    return false;
}

bool suppress_inline(const char *data, size_t len, size_t match_start, const char *rule_id)
{
    const char *start = data + match_start;
    const char *ls = start;
    while (ls > data && ls[-1] != '\n')
        ls--;
    const char *le = memchr(start, '\n', len - match_start);
    if (le == NULL)
        le = data + len;
    /* A marker anywhere on the finding's own line (usually a trailing comment). */
    if (line_has_mark(ls, le, rule_id, false))
        return true;
    if (ls == data)
        return false;
    /* A comment alone on the line above; a trailing marker there covers its own line only. */
    const char *pe = ls - 1;
    const char *ps = pe;
    while (ps > data && ps[-1] != '\n')
        ps--;
    return line_has_mark(ps, pe, rule_id, true);
}

static int cmp_str(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

void suppress_filter(struct scan_result *res, const struct vegaignore *vi,
                     const struct scan_options *opt)
{
    size_t o = 0;
    for (size_t i = 0; i < res->n_findings; i++) {
        struct scan_finding *f = &res->findings[i];
        bool drop = vegaignore_finding(vi, f);
        if (!drop && opt->n_baseline > 0)
            drop = bsearch(f->fingerprint, opt->baseline_fingerprints, opt->n_baseline,
                           sizeof *opt->baseline_fingerprints, cmp_str) != NULL;
        if (drop) {
            scan_finding_release(f);
            res->stats.suppressed++;
            continue;
        }
        res->findings[o++] = *f;
    }
    res->n_findings = o;
}
