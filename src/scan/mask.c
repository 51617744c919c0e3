/*
 * mask.c - no secret in clear in any evidence (ENGINE.md, "Any evidence shown to a user").
 *
 * A secret is shown as its provider's public prefix plus at most MASK_SHOW characters,
 * then "****" (mask_secret). Any other text that becomes evidence (a code rule's match, a
 * finding added by another module) goes through mask_span: the secret rules' own compiled
 * patterns run over it (with MASK_CONTEXT bytes around it, so a key cut by the evidence's
 * edge is still recognised), then keyword detectors for what secret rules do not cover in
 * code (command-line and connection-string passwords, Authorization headers), then an
 * entropy guard (long tokens that look random). Every token found is replaced by its
 * masked form.
 */
#include "scan/engine_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "scan/checks.h"
#include "util/xalloc.h"

#define MASK_CONTEXT 256u   /* bytes read either side of the evidence by the detectors */
#define MASK_SHOW 4u        /* characters shown after the public prefix ... */
#define MASK_MIN_HIDDEN 20u /* ... only when at least this many stay hidden */
#define MASK_TOKEN_MIN 20u  /* the entropy guard's shortest token */
#define MASK_MAX_HITS 4096u
#define MASK_STARS "****"

struct mask_span {
    size_t s, e;
    const struct rule *r; /* the detecting rule (its prefix), or NULL */
};

struct mask_ctx {
    const struct scan_engine *eng;
    struct engine_thread t;
    struct engine_hit *hits;
    size_t n_hits, cap_hits;
    struct engine_trig_buf trig;
    struct mask_span *spans;
    size_t n_spans, cap_spans;
};

struct mask_ctx *mask_ctx_new(const struct scan_engine *eng)
{
    struct mask_ctx *m = xcalloc(1, sizeof *m);
    m->eng = eng;
    engine_thread_init(eng, &m->t);
    return m;
}

void mask_ctx_free(struct mask_ctx *m)
{
    if (m == NULL)
        return;
    engine_thread_release(&m->t);
    free(m->hits);
    free(m->trig.v);
    free(m->spans);
    free(m);
}

static bool prefix_at(const char *p, const char *v, size_t n, bool caseless)
{
    size_t k = strlen(p);
    if (k > n)
        return false;
    for (size_t i = 0; i < k; i++) {
        if (p[i] == 1)
            continue; /* one character of a class */
        if (caseless ? tolower((unsigned char)p[i]) != tolower((unsigned char)v[i]) : p[i] != v[i])
            return false;
    }
    return true;
}

size_t mask_shown(const struct rule *r, const char *v, size_t n)
{
    size_t pl = 0;
    for (size_t i = 0; r != NULL && i < r->prefix.n; i++) {
        size_t k = strlen(r->prefix.v[i]);
        if (k > pl && prefix_at(r->prefix.v[i], v, n, (r->flags & RULE_CASELESS) != 0))
            pl = k;
    }
    if (pl * 2 > n)
        pl = 0; /* a "prefix" that is most of the value is not public */
    return pl + (n - pl >= MASK_SHOW + MASK_MIN_HIDDEN ? MASK_SHOW : 0);
}

char *mask_secret(const struct rule *r, const char *v, size_t n)
{
    size_t keep = mask_shown(r, v, n);
    char *out = xmalloc(keep + sizeof MASK_STARS);
    memcpy(out, v, keep);
    memcpy(out + keep, MASK_STARS, sizeof MASK_STARS);
    return out;
}

static void span_add(struct mask_ctx *m, size_t s, size_t e, const struct rule *r)
{
    if (e <= s)
        return;
    if (m->n_spans == m->cap_spans) {
        m->cap_spans = m->cap_spans ? m->cap_spans * 2 : 16;
        m->spans = xrealloc(m->spans, m->cap_spans * sizeof *m->spans);
    }
    m->spans[m->n_spans++] = (struct mask_span){s, e, r};
}

static int on_hit(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                  void *ctx)
{
    struct mask_ctx *m = ctx;
    (void)from;
    (void)flags;
    if (m->eng->er[id].r->secret_group == 0)
        return 0;
    if (m->n_hits == m->cap_hits) {
        if (m->cap_hits >= MASK_MAX_HITS)
            return 1;
        m->cap_hits = m->cap_hits ? m->cap_hits * 2 : 64;
        m->hits = xrealloc(m->hits, m->cap_hits * sizeof *m->hits);
    }
    m->hits[m->n_hits++] = (struct engine_hit){id, to};
    return 0;
}

/* The secret rules' patterns over w[0, n). */
static void detect_rules(struct mask_ctx *m, const char *w, size_t n, size_t base)
{
    if (m->eng == NULL || m->eng->db == NULL || m->t.scratch == NULL || n == 0 || n > UINT32_MAX)
        return;
    m->n_hits = 0;
    engine_scan_main(m->eng, m->t.scratch, w, n, &m->trig, on_hit, m);
    for (size_t i = 0; i < m->n_hits; i++) {
        const struct engine_rule *er = &m->eng->er[m->hits[i].rule];
        struct scan_cand c = {.rule = m->hits[i].rule};
        if (!engine_confirm(er, m->hits[i].end, w, n, m->t.md, m->t.mctx, &c))
            continue;
        if (c.send <= c.sstart || checks_is_placeholder(w + c.sstart, c.send - c.sstart))
            continue;
        span_add(m, base + c.sstart, base + c.send, er->r);
    }
}

static bool value_char(char c)
{
    return c != '\0' && !isspace((unsigned char)c) && strchr("\"'`;,&|()<>*\\", c) == NULL;
}

static bool ident_chain(const char *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!isalpha((unsigned char)v[i]) && v[i] != '_' && v[i] != '.' && v[i] != '-')
            return false;
    }
    return true;
}

/* A value starting at w[i]: quoted (no whitespace inside) or bare. Adds it as a span
 * unless it is a variable, a template or a placeholder. */
static void value_at(struct mask_ctx *m, const char *w, size_t n, size_t i, size_t base, size_t min)
{
    char q = i < n && (w[i] == '"' || w[i] == '\'' || w[i] == '`') ? w[i] : 0;
    size_t s = q ? i + 1 : i, e = s;
    while (e < n && value_char(w[e]) && w[e] != q)
        e++;
    if (q && (e >= n || w[e] != q))
        return;
    size_t len = e - s;
    if (len < min || w[s] == '$' || w[s] == '%' || w[s] == '{' || w[s] == '@' || w[s] == '[')
        return;
    if (!q && ident_chain(w + s, len))
        return; /* password=req.body.password: a variable, not a value */
    if (checks_is_placeholder(w + s, len))
        return;
    span_add(m, base + s, base + e, NULL);
}

static bool word_before(const char *w, size_t i)
{
    return i == 0 || !isalnum((unsigned char)w[i - 1]);
}

static size_t icase_at(const char *w, size_t n, size_t i, const char *word)
{
    size_t k = strlen(word);
    return i + k <= n && strncasecmp(w + i, word, k) == 0 ? k : 0;
}

static bool icontains(const char *w, size_t n, const char *word)
{
    for (size_t i = 0; i < n; i++) {
        if (icase_at(w, n, i, word))
            return true;
    }
    return false;
}

/* Secrets in code that no provider rule names: key = value assignments and options
 * (--password=X, password: "X"), mysql -pX, sshpass -p X, user:pass@ in URLs,
 * Authorization: Bearer/Basic X. */
static void detect_keywords(struct mask_ctx *m, const char *w, size_t n, size_t base)
{
    static const char *const keys[] = {"password", "passwd",     "passphrase",  "pwd",
                                       "secret",   "token",      "api_key",     "apikey",
                                       "api-key",  "access_key", "private_key", "credential"};
    bool mysql = icontains(w, n, "mysql") || icontains(w, n, "mariadb");
    bool sshpass = icontains(w, n, "sshpass");
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        for (size_t j = 0; j < sizeof keys / sizeof keys[0] && k == 0; j++)
            k = icase_at(w, n, i, keys[j]);
        if (k > 0) {
            size_t e = i + k;
            while (e < n && e - i < k + 20 && (isalnum((unsigned char)w[e]) || w[e] == '_'))
                e++; /* password_hash, tokenValue */
            if (e < n && (w[e] == '"' || w[e] == '\''))
                e++;
            while (e < n && w[e] == ' ')
                e++;
            if (e < n && (w[e] == '=' || w[e] == ':')) {
                e++;
                while (e < n && (w[e] == ' ' || w[e] == '='))
                    e++;
                value_at(m, w, n, e, base, 4);
            } else if (e < n && e > i + k && w[e - 1] == ' ' && i >= 2 && w[i - 1] == '-') {
                value_at(m, w, n, e, base, 4); /* --password X */
            }
            i = e > i ? e - 1 : i;
            continue;
        }
        if (w[i] == '-' && i + 2 < n && w[i + 1] == 'p' && (i == 0 || w[i - 1] == ' ')) {
            if (mysql && value_char(w[i + 2]))
                value_at(m, w, n, i + 2, base, 3);
            else if (sshpass && w[i + 2] == ' ')
                value_at(m, w, n, i + 3, base, 3);
            continue;
        }
        size_t b = word_before(w, i) ? icase_at(w, n, i, "bearer ") : 0;
        if (b == 0 && word_before(w, i))
            b = icase_at(w, n, i, "basic ");
        if (b > 0) {
            size_t s = i + b, e = s;
            while (e < n && (isalnum((unsigned char)w[e]) || strchr("._~+/=-", w[e]) != NULL))
                e++;
            if (e - s >= 8 && !checks_is_placeholder(w + s, e - s))
                span_add(m, base + s, base + e, NULL);
            i = e > i ? e - 1 : i;
            continue;
        }
        if (w[i] == ':' && i + 2 < n && w[i + 1] == '/' && w[i + 2] == '/') {
            size_t u = i + 3, e = u;
            while (e < n && e - u < 128 && w[e] != '@' && w[e] != '/' &&
                   !isspace((unsigned char)w[e]) && w[e] != '"' && w[e] != '\'')
                e++;
            const char *colon = e < n && w[e] == '@' ? memchr(w + u, ':', e - u) : NULL;
            if (colon != NULL) {
                size_t s = (size_t)(colon - w) + 1;
                if (e - s >= 3 && w[s] != '$' && !checks_is_placeholder(w + s, e - s))
                    span_add(m, base + s, base + e, NULL);
            }
        }
    }
}

static bool token_char(char c)
{
    return isalnum((unsigned char)c) || c == '+' || c == '/' || c == '_' || c == '=' || c == '-';
}

static int char_class(char c)
{
    return isdigit((unsigned char)c) ? 0 : isupper((unsigned char)c) ? 1 : 2;
}

/* Looks random: long, mixed letters and digits, many letter/digit/case switches (words
 * and paths have few), high entropy. */
bool mask_random_token(const char *t, size_t n)
{
    while (n > 0 && (t[n - 1] == '=' || t[n - 1] == '-' || t[n - 1] == '_'))
        n--;
    while (n > 0 && (t[0] == '-' || t[0] == '_' || t[0] == '/'))
        t++, n--;
    if (n < MASK_TOKEN_MIN)
        return false;
    size_t digits = 0, letters = 0, switches = 0, seg = 0, longest = 0;
    bool hex = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        digits += isdigit(c) != 0;
        letters += isalpha(c) != 0;
        hex = hex && (isxdigit(c) || c == '-');
        if (i > 0 && isalnum(c) && isalnum((unsigned char)t[i - 1]) &&
            char_class(t[i]) != char_class(t[i - 1]))
            switches++;
        seg = c == '/' ? 0 : seg + 1;
        longest = seg > longest ? seg : longest;
    }
    if (digits < 2 || letters < 4 || longest < 12 || switches * 4 < n)
        return false;
    return checks_entropy(t, n) >= (hex ? 3.0 : 3.5);
}

static bool cut_token(const char *t, size_t n)
{
    size_t digits = 0, letters = 0;
    for (size_t i = 0; i < n; i++) {
        digits += isdigit((unsigned char)t[i]) != 0;
        letters += isalpha((unsigned char)t[i]) != 0;
    }
    return n >= 8 && digits >= 1 && letters >= 2;
}

static void detect_entropy(struct mask_ctx *m, const char *w, size_t n, size_t base)
{
    for (size_t i = 0; i < n;) {
        if (!token_char(w[i]) || w[i] == '=') {
            i++;
            continue;
        }
        size_t s = i;
        while (i < n && token_char(w[i])) {
            if (w[i] == '=') {
                size_t k = i;
                while (k < n && w[k] == '=')
                    k++;
                if (k < n && token_char(w[k]))
                    break; /* key=value: two tokens; only trailing '=' is padding */
                i = k;
                break;
            }
            i++;
        }
        size_t e = i;
        while (s < e && (w[s] == '-' || w[s] == '_' || w[s] == '/'))
            s++;
        /* Evidence cut short ("...") may end inside a key: a shorter tail with letters
         * and digits is masked too. */
        bool cut = n - e == 3 && memcmp(w + e, "...", 3) == 0;
        if (e > s && (mask_random_token(w + s, e - s) || (cut && cut_token(w + s, e - s))))
            span_add(m, base + s, base + e, NULL);
    }
}

static int span_cmp(const void *x, const void *y)
{
    const struct mask_span *a = x, *b = y;
    if (a->s != b->s)
        return a->s < b->s ? -1 : 1;
    if (a->e != b->e)
        return a->e > b->e ? -1 : 1;
    return (a->r == NULL) - (b->r == NULL); /* a rule's span first: it knows the prefix */
}

char *mask_span(struct mask_ctx *m, const char *data, size_t len, size_t from, size_t to)
{
    if (to > len)
        to = len;
    if (from > to)
        from = to;
    size_t ws = from > MASK_CONTEXT ? from - MASK_CONTEXT : 0;
    size_t we = to + MASK_CONTEXT < len ? to + MASK_CONTEXT : len;
    m->n_spans = 0;
    detect_rules(m, data + ws, we - ws, ws);
    detect_keywords(m, data + ws, we - ws, ws);
    detect_entropy(m, data + ws, we - ws, ws);
    if (m->n_spans > 1)
        qsort(m->spans, m->n_spans, sizeof *m->spans, span_cmp);
    struct buf out = BUF_INIT;
    bool ok = true;
    size_t pos = from;
    for (size_t i = 0; i < m->n_spans && ok; i++) {
        struct mask_span sp = m->spans[i];
        while (i + 1 < m->n_spans && m->spans[i + 1].s < sp.e) {
            if (m->spans[i + 1].e > sp.e)
                sp.e = m->spans[i + 1].e;
            i++;
        }
        if (sp.e <= pos || sp.s >= to)
            continue;
        if (len - sp.e >= strlen(MASK_STARS) && memcmp(data + sp.e, MASK_STARS, 4) == 0)
            continue; /* already masked (the safety pass over finished evidence) */
        if (sp.s > pos)
            ok = buf_append(&out, data + pos, sp.s - pos) == VG_OK;
        if (ok && sp.s < from) {
            ok = buf_append(&out, MASK_STARS, strlen(MASK_STARS)) == VG_OK;
        } else if (ok) {
            size_t keep = mask_shown(sp.r, data + sp.s, sp.e - sp.s);
            ok = buf_append(&out, data + sp.s, keep) == VG_OK &&
                 buf_append(&out, MASK_STARS, strlen(MASK_STARS)) == VG_OK;
        }
        pos = sp.e;
    }
    if (ok && pos < to)
        ok = buf_append(&out, data + pos, to - pos) == VG_OK;
    if (!ok) {
        buf_release_secret(&out);
        return xstrdup(MASK_STARS);
    }
    char *s = xstrdup(buf_cstr(&out));
    buf_release_secret(&out);
    return s;
}

char *mask_text(struct mask_ctx *m, const char *s)
{
    return mask_span(m, s, strlen(s), 0, strlen(s));
}

char *mask_literals(const char *s, size_t n)
{
    /* A literal of k >= 1 characters (k + 2 with its quotes) becomes 6: at most twice n. */
    char *out = xmalloc(2 * n + sizeof MASK_STARS);
    size_t o = 0;
    bool quoted = false;
    for (size_t i = 0; i < n; i++) {
        char q = s[i];
        out[o++] = q;
        if (q != '"' && q != '\'' && q != '`')
            continue;
        size_t j = i + 1;
        while (j < n && s[j] != q && s[j] != '\n')
            j += s[j] == '\\' && j + 1 < n ? 2 : 1;
        if (j >= n || s[j] != q)
            continue;
        if (j > i + 1) {
            memcpy(out + o, MASK_STARS, strlen(MASK_STARS));
            o += strlen(MASK_STARS);
        }
        out[o++] = q;
        quoted = true;
        i = j;
    }
    if (!quoted && n > 0) /* no literal to point at: the whole text is the value */
        o = (size_t)(stpcpy(out, MASK_STARS) - out);
    out[o] = '\0';
    return out;
}
