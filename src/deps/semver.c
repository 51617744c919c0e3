/*
 * semver.c - npm version parsing and ordering, and the lower bound of an npm range.
 * See semver.h. Numbers are capped at 16 digits so they never overflow a uint64_t.
 */
#include "deps/semver.h"

#include <stdio.h>
#include <string.h>

#define SEMVER_MAX_DIGITS 16
#define SEMVER_MAX_SETS 32
#define SEMVER_MAX_TOKENS 16

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_ident_char(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Read a decimal number at s[*i]; false when there is none or it is too long. */
static bool read_num(const char *s, size_t len, size_t *i, uint64_t *out)
{
    size_t start = *i;
    uint64_t v = 0;
    while (*i < len && is_digit(s[*i])) {
        if (*i - start >= SEMVER_MAX_DIGITS)
            return false;
        v = v * 10 + (uint64_t)(s[*i] - '0');
        (*i)++;
    }
    *out = v;
    return *i > start;
}

/* Dot-separated non-empty identifiers from s[*i]; returns false when malformed. */
static bool read_idents(const char *s, size_t len, size_t *i)
{
    for (;;) {
        size_t start = *i;
        while (*i < len && is_ident_char(s[*i]))
            (*i)++;
        if (*i == start)
            return false;
        if (*i < len && s[*i] == '.') {
            (*i)++;
            continue;
        }
        return true;
    }
}

bool semver_parse(const char *s, size_t len, struct semver *out)
{
    if (len > SEMVER_MAX_LEN)
        return false;
    while (len > 0 && is_space(s[len - 1]))
        len--;
    size_t i = 0;
    while (i < len && is_space(s[i]))
        i++;
    if (i < len && (s[i] == '=' || s[i] == 'v' || s[i] == 'V'))
        i++;
    struct semver v = {0, 0, 0, {NULL, 0}};
    if (!read_num(s, len, &i, &v.major) || i >= len || s[i++] != '.')
        return false;
    if (!read_num(s, len, &i, &v.minor) || i >= len || s[i++] != '.')
        return false;
    if (!read_num(s, len, &i, &v.patch))
        return false;
    if (i < len && s[i] == '-') {
        size_t start = ++i;
        if (!read_idents(s, len, &i))
            return false;
        v.pre.ptr = s + start;
        v.pre.len = i - start;
    }
    if (i < len && s[i] == '+') {
        i++;
        if (!read_idents(s, len, &i))
            return false;
    }
    if (i != len)
        return false;
    *out = v;
    return true;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

static bool all_digits(const char *p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (!is_digit(p[k]))
            return false;
    }
    return n > 0;
}

/* Compare one pre-release identifier: numeric ones numerically and below alphanumeric. */
static int cmp_ident(const char *a, size_t an, const char *b, size_t bn)
{
    bool da = all_digits(a, an), db = all_digits(b, bn);
    if (da && db) {
        while (an > 1 && *a == '0') {
            a++;
            an--;
        }
        while (bn > 1 && *b == '0') {
            b++;
            bn--;
        }
        if (an != bn)
            return an < bn ? -1 : 1;
        int c = memcmp(a, b, an);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (da != db)
        return da ? -1 : 1;
    size_t n = an < bn ? an : bn;
    int c = memcmp(a, b, n);
    if (c != 0)
        return c < 0 ? -1 : 1;
    return an == bn ? 0 : an < bn ? -1 : 1;
}

static bool is_dot(char c) { return c == '.'; }

int version_cmp_segments(struct strv a, struct strv b, version_sep_fn is_sep,
                         version_seg_cmp_fn cmp_seg)
{
    size_t i = 0, j = 0;
    while (i < a.len && j < b.len) {
        size_t ie = i, je = j;
        while (ie < a.len && !is_sep(a.ptr[ie]))
            ie++;
        while (je < b.len && !is_sep(b.ptr[je]))
            je++;
        int c = cmp_seg(a.ptr + i, ie - i, b.ptr + j, je - j);
        if (c != 0)
            return c;
        i = ie + 1;
        j = je + 1;
    }
    bool a_more = i < a.len, b_more = j < b.len;
    return a_more == b_more ? 0 : a_more ? 1 : -1;
}

static int cmp_pre(struct strv a, struct strv b)
{
    if (a.len == 0 || b.len == 0)
        return a.len == b.len ? 0 : a.len == 0 ? 1 : -1;
    return version_cmp_segments(a, b, is_dot, cmp_ident);
}

int semver_cmp(const struct semver *a, const struct semver *b)
{
    int c = cmp_u64(a->major, b->major);
    if (c == 0)
        c = cmp_u64(a->minor, b->minor);
    if (c == 0)
        c = cmp_u64(a->patch, b->patch);
    if (c == 0)
        c = cmp_pre(a->pre, b->pre);
    return c;
}

bool semver_cmp_str(const char *a, const char *b, int *cmp)
{
    struct semver va, vb;
    if (!semver_parse(a, strlen(a), &va) || !semver_parse(b, strlen(b), &vb))
        return false;
    *cmp = semver_cmp(&va, &vb);
    return true;
}

/* ---- ranges ---- */

/* A partial version "1", "1.2", "1.x", "1.2.3-pre"; nparts counts the numbers given. */
struct partial {
    uint64_t n[3];
    int nparts;
    struct strv pre;
};

static bool is_wild(char c)
{
    return c == 'x' || c == 'X' || c == '*';
}

static bool parse_partial(const char *s, size_t len, struct partial *p)
{
    memset(p, 0, sizeof(*p));
    size_t i = 0;
    if (i < len && (s[i] == 'v' || s[i] == 'V' || s[i] == '='))
        i++;
    while (p->nparts < 3) {
        if (i < len && is_wild(s[i])) {
            i++;
            break;
        }
        if (!read_num(s, len, &i, &p->n[p->nparts]))
            return false;
        p->nparts++;
        if (i < len && s[i] == '.' && p->nparts < 3) {
            i++;
            continue;
        }
        break;
    }
    /* Wildcards after the numbers ("1.x.x") add nothing. */
    while (i + 1 < len && s[i] == '.' && is_wild(s[i + 1]))
        i += 2;
    if (p->nparts == 3 && i < len && s[i] == '-') {
        size_t start = ++i;
        if (!read_idents(s, len, &i))
            return false;
        p->pre.ptr = s + start;
        p->pre.len = i - start;
    }
    if (i < len && s[i] == '+') {
        i++;
        if (!read_idents(s, len, &i))
            return false;
    }
    return i == len;
}

enum bound { BOUND_NONE, BOUND_SOME, BOUND_BAD };

/* Lower bound implied by one comparator "op version"; BOUND_NONE when it gives none. */
static enum bound comparator_min(const char *s, size_t len, struct semver *out, bool *exact)
{
    size_t op = 0;
    while (op < len &&
           (s[op] == '<' || s[op] == '>' || s[op] == '=' || s[op] == '~' || s[op] == '^'))
        op++;
    size_t vs = op;
    while (vs < len && is_space(s[vs]))
        vs++;
    struct partial p;
    if (op > 3 || !parse_partial(s + vs, len - vs, &p))
        return BOUND_BAD;
    bool lt = op > 0 && s[0] == '<';
    bool gt_strict = op == 1 && s[0] == '>';
    *exact = (op == 0 || (op == 1 && s[0] == '=')) && p.nparts == 3;
    if (lt || p.nparts == 0)
        return BOUND_NONE;
    struct semver v = {p.n[0], p.nparts > 1 ? p.n[1] : 0, p.nparts > 2 ? p.n[2] : 0, p.pre};
    if (gt_strict) {
        if (p.nparts == 1) {
            v.major++;
        } else if (p.nparts == 2) {
            v.minor++;
        } else {
            v.patch++;
        }
        v.pre = (struct strv){NULL, 0};
    }
    *out = v;
    return BOUND_SOME;
}

/* Split s into whitespace tokens, gluing a lone operator to the version after it. */
static size_t tokenize(const char *s, size_t len, struct strv *tok, size_t max)
{
    size_t n = 0, i = 0;
    while (i < len) {
        while (i < len && is_space(s[i]))
            i++;
        if (i >= len)
            break;
        size_t start = i;
        while (i < len && !is_space(s[i]))
            i++;
        bool only_op = true;
        for (size_t k = start; k < i; k++)
            only_op = only_op && strchr("<>=~^", s[k]) != NULL;
        if (only_op) {
            while (i < len && is_space(s[i]))
                i++;
            while (i < len && !is_space(s[i]))
                i++;
        }
        if (n == max)
            return max + 1;
        tok[n++] = (struct strv){s + start, i - start};
    }
    return n;
}

/* Lower bound of one comparator set (the part between "||"). */
static enum bound set_min(const char *s, size_t len, struct semver *out, bool *exact)
{
    const char *hy = NULL;
    for (size_t k = 0; k + 2 < len; k++) {
        if (s[k] == ' ' && s[k + 1] == '-' && s[k + 2] == ' ') {
            hy = s + k;
            break;
        }
    }
    if (hy != NULL)
        len = (size_t)(hy - s);
    struct strv tok[SEMVER_MAX_TOKENS];
    size_t n = tokenize(s, len, tok, SEMVER_MAX_TOKENS);
    if (n > SEMVER_MAX_TOKENS)
        return BOUND_BAD;
    enum bound res = BOUND_NONE;
    *exact = n == 1 && hy == NULL;
    for (size_t k = 0; k < n; k++) {
        if (tok[k].len > SEMVER_MAX_LEN)
            return BOUND_BAD;
        struct semver v;
        bool ex = false;
        enum bound b = comparator_min(tok[k].ptr, tok[k].len, &v, &ex);
        if (b == BOUND_BAD)
            return BOUND_BAD;
        *exact = *exact && ex;
        if (b == BOUND_SOME && (res == BOUND_NONE || semver_cmp(&v, out) > 0)) {
            *out = v;
            res = BOUND_SOME;
        }
    }
    if (hy != NULL)
        *exact = false;
    return res;
}

bool semver_range_min(const char *range, char *out, size_t outlen, bool *exact)
{
    size_t len = strlen(range);
    *exact = false;
    if (len == 0 || len > SEMVER_MAX_LEN * 4 || strpbrk(range, ":/\\") != NULL)
        return false;
    struct semver best = {0, 0, 0, {NULL, 0}};
    bool have = false, best_exact = false;
    size_t nset = 0;
    const char *p = range, *end = range + len;
    while (p <= end) {
        const char *bar = strstr(p, "||");
        const char *stop = bar != NULL ? bar : end;
        if (nset == SEMVER_MAX_SETS)
            return false;
        struct semver v;
        bool ex = false;
        enum bound b = set_min(p, (size_t)(stop - p), &v, &ex);
        nset++;
        if (b == BOUND_BAD)
            return false;
        if (b == BOUND_NONE)
            return false; /* "*" or "<x" in an alternative: no useful lower bound */
        if (!have || semver_cmp(&v, &best) < 0) {
            best = v;
            best_exact = ex && bar == NULL && nset == 1;
            have = true;
        }
        if (bar == NULL)
            break;
        p = bar + 2;
    }
    if (!have)
        return false;
    int w = snprintf(out, outlen, "%llu.%llu.%llu%s%.*s", (unsigned long long)best.major,
                     (unsigned long long)best.minor, (unsigned long long)best.patch,
                     best.pre.len ? "-" : "", (int)best.pre.len, best.pre.ptr ? best.pre.ptr : "");
    if (w < 0 || (size_t)w >= outlen)
        return false;
    *exact = best_exact;
    return true;
}
