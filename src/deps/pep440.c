/*
 * pep440.c - PEP 440 version parsing and ordering, PEP 503 name normalisation.
 * See pep440.h. The ordering follows packaging.version's comparison key: a dev-only
 * release sorts before the pre-releases of the same release, post releases after it,
 * and a local version after the same public version.
 */
#include "deps/pep440.h"
#include "deps/semver.h"

#include <string.h>

#define PEP440_MAX_DIGITS 18

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}
static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static bool is_sep(char c)
{
    return c == '.' || c == '-' || c == '_';
}
static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

struct cur {
    const char *s;
    size_t len, i;
};

static bool read_num(struct cur *c, uint64_t *out)
{
    size_t start = c->i;
    uint64_t v = 0;
    while (c->i < c->len && is_digit(c->s[c->i])) {
        if (c->i - start >= PEP440_MAX_DIGITS)
            return false;
        v = v * 10 + (uint64_t)(c->s[c->i] - '0');
        c->i++;
    }
    *out = v;
    return c->i > start;
}

/* Case-insensitive match of word at the cursor; advances on success. */
static bool eat_word(struct cur *c, const char *w)
{
    size_t n = strlen(w);
    if (c->len - c->i < n)
        return false;
    for (size_t k = 0; k < n; k++) {
        if (lower(c->s[c->i + k]) != w[k])
            return false;
    }
    /* A word must not run on into more letters ("rcx"). */
    if (c->i + n < c->len && is_alpha(c->s[c->i + n]))
        return false;
    c->i += n;
    return true;
}

static const struct {
    const char *word;
    enum pep440_pre kind;
} pre_words[] = {
    {"alpha", PEP440_PRE_A}, {"beta", PEP440_PRE_B}, {"preview", PEP440_PRE_RC},
    {"pre", PEP440_PRE_RC},  {"rc", PEP440_PRE_RC},  {"a", PEP440_PRE_A},
    {"b", PEP440_PRE_B},     {"c", PEP440_PRE_RC},
};

/* "[sep]word[sep][N]": an implicit number is 0. Restores the cursor when absent. */
static bool read_tagged(struct cur *c, bool (*match)(struct cur *, void *), void *arg,
                        uint64_t *num)
{
    size_t save = c->i;
    if (c->i < c->len && is_sep(c->s[c->i]))
        c->i++;
    if (!match(c, arg)) {
        c->i = save;
        return false;
    }
    size_t before = c->i;
    if (c->i < c->len && is_sep(c->s[c->i]))
        c->i++;
    if (!read_num(c, num)) {
        c->i = before;
        *num = 0;
    }
    return true;
}

static bool match_pre(struct cur *c, void *arg)
{
    for (size_t k = 0; k < sizeof(pre_words) / sizeof(pre_words[0]); k++) {
        if (eat_word(c, pre_words[k].word)) {
            *(enum pep440_pre *)arg = pre_words[k].kind;
            return true;
        }
    }
    return false;
}

static bool match_post(struct cur *c, void *arg)
{
    (void)arg;
    return eat_word(c, "post") || eat_word(c, "rev") || eat_word(c, "r");
}

static bool match_dev(struct cur *c, void *arg)
{
    (void)arg;
    return eat_word(c, "dev");
}

static bool read_local(struct cur *c, struct pep440 *v)
{
    size_t start = c->i;
    for (;;) {
        size_t seg = c->i;
        while (c->i < c->len && (is_digit(c->s[c->i]) || is_alpha(c->s[c->i])))
            c->i++;
        if (c->i == seg)
            return false;
        if (c->i < c->len && is_sep(c->s[c->i])) {
            c->i++;
            continue;
        }
        break;
    }
    v->local = (struct strv){c->s + start, c->i - start};
    return true;
}

bool pep440_parse(const char *s, size_t len, struct pep440 *out)
{
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    struct cur c = {s, len, 0};
    while (c.i < len && (s[c.i] == ' ' || s[c.i] == '\t'))
        c.i++;
    if (len - c.i > PEP440_MAX_LEN)
        return false;
    struct pep440 v;
    memset(&v, 0, sizeof(v));
    if (c.i < len && lower(s[c.i]) == 'v')
        c.i++;
    uint64_t n;
    if (!read_num(&c, &n))
        return false;
    if (c.i < len && s[c.i] == '!') {
        v.epoch = n;
        c.i++;
        if (!read_num(&c, &n))
            return false;
    }
    v.release[v.nrelease++] = n;
    while (c.i + 1 < len && s[c.i] == '.' && is_digit(s[c.i + 1])) {
        c.i++;
        if (v.nrelease == PEP440_MAX_PARTS || !read_num(&c, &n))
            return false;
        v.release[v.nrelease++] = n;
    }
    enum pep440_pre kind = PEP440_PRE_NONE;
    if (read_tagged(&c, match_pre, &kind, &v.pre_num))
        v.pre = kind;
    if (read_tagged(&c, match_post, NULL, &v.post_num)) {
        v.has_post = true;
    } else if (c.i + 1 < len && s[c.i] == '-' && is_digit(s[c.i + 1])) {
        c.i++; /* "1.0-1" is the implicit post release 1.0.post1 */
        v.has_post = read_num(&c, &v.post_num);
    }
    if (read_tagged(&c, match_dev, NULL, &v.dev_num))
        v.has_dev = true;
    if (c.i < len && s[c.i] == '+') {
        c.i++;
        if (!read_local(&c, &v))
            return false;
    }
    if (c.i != len)
        return false;
    *out = v;
    return true;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

static int cmp_release(const struct pep440 *a, const struct pep440 *b)
{
    size_t n = a->nrelease > b->nrelease ? a->nrelease : b->nrelease;
    for (size_t k = 0; k < n; k++) {
        uint64_t x = k < a->nrelease ? a->release[k] : 0;
        uint64_t y = k < b->nrelease ? b->release[k] : 0;
        int c = cmp_u64(x, y);
        if (c != 0)
            return c;
    }
    return 0;
}

/*
 * The pre-release part of the key: -1 for a dev-only release (below every pre-release),
 * 1 for a final release, 0 when a pre-release is present (then compare kind and number).
 */
static int pre_rank(const struct pep440 *v)
{
    if (v->pre == PEP440_PRE_NONE)
        return !v->has_post && v->has_dev ? -1 : 1;
    return 0;
}

static int cmp_pre(const struct pep440 *a, const struct pep440 *b)
{
    int ra = pre_rank(a), rb = pre_rank(b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ra != 0)
        return 0;
    if (a->pre != b->pre)
        return a->pre < b->pre ? -1 : 1;
    return cmp_u64(a->pre_num, b->pre_num);
}

static bool seg_numeric(const char *p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (!is_digit(p[k]))
            return false;
    }
    return true;
}

/* One local segment: numeric segments sort above alphanumeric ones. */
static int cmp_local_seg(const char *a, size_t an, const char *b, size_t bn)
{
    bool na = seg_numeric(a, an), nb = seg_numeric(b, bn);
    if (na != nb)
        return na ? 1 : -1;
    if (na) {
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
    }
    size_t n = an < bn ? an : bn;
    for (size_t k = 0; k < n; k++) {
        char x = lower(a[k]), y = lower(b[k]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return an == bn ? 0 : an < bn ? -1 : 1;
}

static int cmp_local(struct strv a, struct strv b)
{
    return version_cmp_segments(a, b, is_sep, cmp_local_seg);
}

int pep440_cmp(const struct pep440 *a, const struct pep440 *b)
{
    int c = cmp_u64(a->epoch, b->epoch);
    if (c == 0)
        c = cmp_release(a, b);
    if (c == 0)
        c = cmp_pre(a, b);
    if (c == 0 && a->has_post != b->has_post)
        c = a->has_post ? 1 : -1;
    if (c == 0 && a->has_post)
        c = cmp_u64(a->post_num, b->post_num);
    if (c == 0 && a->has_dev != b->has_dev)
        c = a->has_dev ? -1 : 1;
    if (c == 0 && a->has_dev)
        c = cmp_u64(a->dev_num, b->dev_num);
    if (c == 0)
        c = cmp_local(a->local, b->local);
    return c;
}

bool pep440_cmp_str(const char *a, const char *b, int *cmp)
{
    struct pep440 va, vb;
    if (!pep440_parse(a, strlen(a), &va) || !pep440_parse(b, strlen(b), &vb))
        return false;
    *cmp = pep440_cmp(&va, &vb);
    return true;
}

bool pep503_normalize(const char *name, size_t len, char *out, size_t outlen)
{
    size_t o = 0;
    bool in_sep = false;
    while (len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t'))
        len--;
    for (size_t k = 0; k < len; k++) {
        if (is_sep(name[k])) {
            in_sep = true;
            continue;
        }
        if (in_sep && o > 0) {
            if (o + 1 >= outlen)
                return false;
            out[o++] = '-';
        }
        in_sep = false;
        if (o + 1 >= outlen)
            return false;
        out[o++] = lower(name[k]);
    }
    if (o == 0)
        return false;
    out[o] = '\0';
    return true;
}
