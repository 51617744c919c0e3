/*
 * fix.c - the fixers (see fix.h). Each works on a file as an array of lines (each keeps
 * its '\n'); a fixer edits lines in place or inserts new ones. Findings of one file are
 * fixed from the bottom up so that line numbers stay valid; additions at the top of a file
 * (an import) are made once, after the line edits.
 */
#include "audit/fix.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/diff.h"
#include "util/xalloc.h"

#define FIX_DIFF_MAX ((size_t)32 * 1024 * 1024)
#define FIX_ENV_NAME_MAX 64

/* ---- files as lines ---- */

struct wfile {
    char *path;
    const struct audit_file *orig; /* NULL: created by a fixer */
    char **lines;
    size_t n, alloc;
    bool touched;
    bool needs_import_os; /* python: add `import os` */
};

struct ws {
    struct wfile *files;
    size_t n, alloc;
    const struct audit_files *orig;
    /* Collected for .env.example, and whether .env must be ignored. */
    char **env_names;
    size_t n_env;
    bool ignore_env;
};

static void wfile_insert(struct wfile *f, size_t at, const char *text)
{
    if (f->n == f->alloc) {
        f->alloc = f->alloc ? f->alloc * 2 : 16;
        f->lines = xrealloc(f->lines, f->alloc * sizeof *f->lines);
    }
    memmove(f->lines + at + 1, f->lines + at, (f->n - at) * sizeof *f->lines);
    f->lines[at] = xstrdup(text);
    f->n++;
    f->touched = true;
}

static void wfile_set(struct wfile *f, size_t i, char *owned)
{
    if (strcmp(f->lines[i], owned) == 0) {
        free(owned);
        return;
    }
    free(f->lines[i]);
    f->lines[i] = owned;
    f->touched = true;
}

/* The file at path (loaded from the originals), or NULL when not available. create: a
 * missing file starts empty. */
static struct wfile *ws_file(struct ws *w, const char *path, bool create)
{
    for (size_t i = 0; i < w->n; i++) {
        if (strcmp(w->files[i].path, path) == 0)
            return &w->files[i];
    }
    const struct audit_file *o = audit_files_get(w->orig, path);
    if (o == NULL && !create)
        return NULL;
    if (w->n == w->alloc) {
        w->alloc = w->alloc ? w->alloc * 2 : 16;
        w->files = xrealloc(w->files, w->alloc * sizeof *w->files);
    }
    struct wfile *f = &w->files[w->n++];
    memset(f, 0, sizeof *f);
    f->path = xstrdup(path);
    f->orig = o;
    size_t i = 0, len = o ? o->len : 0;
    while (i < len) {
        const char *nl = memchr(o->data + i, '\n', len - i);
        size_t k = nl ? (size_t)(nl - (o->data + i)) + 1 : len - i;
        char *line = xmalloc(k + 1);
        memcpy(line, o->data + i, k);
        line[k] = '\0';
        if (f->n == f->alloc) {
            f->alloc = f->alloc ? f->alloc * 2 : 64;
            f->lines = xrealloc(f->lines, f->alloc * sizeof *f->lines);
        }
        f->lines[f->n++] = line;
        i += k;
    }
    return f;
}

/* Append a line (text without '\n') at the end, ending a last line that lacks a newline. */
static void wfile_append(struct wfile *f, const char *text)
{
    if (f->n > 0) {
        char *last = f->lines[f->n - 1];
        size_t l = strlen(last);
        if (l > 0 && last[l - 1] != '\n')
            wfile_set(f, f->n - 1, xasprintf("%s\n", last));
    }
    char *line = xasprintf("%s\n", text);
    wfile_insert(f, f->n, line);
    free(line);
}

static bool wfile_has_line(const struct wfile *f, const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < f->n; i++) {
        const char *s = f->lines[i];
        while (*s == ' ' || *s == '\t')
            s++;
        if (strncmp(s, text, n) == 0 && (s[n] == '\n' || s[n] == '\0' || s[n] == '\r'))
            return true;
    }
    return false;
}

static char *str_replace_span(const char *s, size_t from, size_t to, const char *with)
{
    return xasprintf("%.*s%s%s", (int)from, s, with, s + to);
}

static const char *path_ext(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot ? dot + 1 : "";
}

static const char *path_base(const char *path)
{
    const char *base = strrchr(path, '/');
    return base ? base + 1 : path;
}

/* ---- hard-coded secrets ---- */

enum lang { LANG_NONE, LANG_JS, LANG_PY, LANG_GO, LANG_RB, LANG_PHP, LANG_SH };

static enum lang lang_of(const char *path)
{
    static const struct {
        const char *ext;
        enum lang l;
    } t[] = {{"js", LANG_JS},  {"mjs", LANG_JS}, {"cjs", LANG_JS}, {"jsx", LANG_JS},
             {"ts", LANG_JS},  {"tsx", LANG_JS}, {"mts", LANG_JS}, {"vue", LANG_JS},
             {"svelte", LANG_JS}, {"py", LANG_PY}, {"go", LANG_GO}, {"rb", LANG_RB},
             {"php", LANG_PHP}, {"sh", LANG_SH}, {"bash", LANG_SH}, {"zsh", LANG_SH}};
    const char *ext = path_ext(path);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (strcmp(ext, t[i].ext) == 0)
            return t[i].l;
    }
    return LANG_NONE;
}

/* UPPER_SNAKE of an identifier (camelCase, kebab, dotted), into out. */
static void env_name_from(const char *s, size_t n, char out[FIX_ENV_NAME_MAX])
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 2 < FIX_ENV_NAME_MAX; i++) {
        char c = s[i];
        if (isupper((unsigned char)c) && i > 0 && islower((unsigned char)s[i - 1]) && k > 0 &&
            out[k - 1] != '_')
            out[k++] = '_';
        if (isalnum((unsigned char)c))
            out[k++] = (char)toupper((unsigned char)c);
        else if (k > 0 && out[k - 1] != '_')
            out[k++] = '_';
    }
    while (k > 0 && out[k - 1] == '_')
        k--;
    out[k] = '\0';
}

/* A name from the rule id: py-hardcoded-secret-key -> SECRET_KEY. */
static void env_name_from_rule(const char *rule, char out[FIX_ENV_NAME_MAX])
{
    static const char *const drop[] = {"js-", "py-", "go-", "rb-", "php-", "node-", NULL};
    for (size_t i = 0; drop[i] != NULL; i++) {
        if (strncmp(rule, drop[i], strlen(drop[i])) == 0) {
            rule += strlen(drop[i]);
            break;
        }
    }
    char tmp[FIX_ENV_NAME_MAX * 2];
    snprintf(tmp, sizeof tmp, "%s", rule);
    char *h = strstr(tmp, "hardcoded-");
    if (h != NULL)
        memmove(h, h + 10, strlen(h + 10) + 1);
    env_name_from(tmp, strlen(tmp), out);
}

struct literal {
    size_t open, close; /* indices of the quotes */
};

/* The string literal on line holding the secret: one whose content starts with the
 * evidence's shown prefix (the part before "****"), the longest when no prefix is shown. */
static bool find_secret_literal(const char *line, const char *evidence, struct literal *out)
{
    size_t plen = 0;
    while (evidence != NULL && (*evidence == '"' || *evidence == '\'' || *evidence == '`' ||
                                *evidence == ' '))
        evidence++;
    const char *stars = evidence ? strstr(evidence, "****") : NULL;
    if (stars != NULL)
        plen = (size_t)(stars - evidence);
    bool found = false;
    size_t best = 0;
    for (size_t i = 0; line[i] != '\0'; i++) {
        char q = line[i];
        if (q != '"' && q != '\'' && q != '`')
            continue;
        size_t j = i + 1;
        while (line[j] != '\0' && line[j] != q && line[j] != '\n') {
            if (line[j] == '\\' && line[j + 1] != '\0')
                j++;
            j++;
        }
        if (line[j] != q)
            break;
        size_t len = j - i - 1;
        bool match = plen > 0 ? len >= plen && strncmp(line + i + 1, evidence, plen) == 0
                              : len >= 4 && len > best;
        if (match && (plen > 0 || !found || len > best)) {
            *out = (struct literal){i, j};
            best = len;
            found = true;
            if (plen > 0)
                break;
        }
        i = j;
    }
    return found;
}

/* The identifier assigned just before column at on line (`KEY = "..."`, `key: "..."`). */
static bool ident_before(const char *line, size_t at, char out[FIX_ENV_NAME_MAX])
{
    size_t i = at;
    while (i > 0 && (line[i - 1] == ' ' || line[i - 1] == '\t'))
        i--;
    if (i == 0 || (line[i - 1] != '=' && line[i - 1] != ':'))
        return false;
    i--;
    if (i > 0 && line[i] == '=' && (line[i - 1] == '=' || line[i - 1] == '!'))
        return false;
    while (i > 0 && (line[i - 1] == ' ' || line[i - 1] == '\t' || line[i - 1] == ']' ||
                     line[i - 1] == '"' || line[i - 1] == '\''))
        i--;
    size_t end = i;
    while (i > 0 && (isalnum((unsigned char)line[i - 1]) || line[i - 1] == '_'))
        i--;
    if (end == i)
        return false;
    env_name_from(line + i, end - i, out);
    /* app.secret_key -> SECRET_KEY, a lone "secret" -> SESSION_SECRET-like names come from
     * the rule instead. */
    return strlen(out) >= 3;
}

static bool is_dotenv(const char *path)
{
    const char *b = path_base(path);
    return strcmp(b, ".env") == 0 || strncmp(b, ".env.", 5) == 0;
}

static bool fix_secret(struct ws *w, const struct scan_finding *f, char **what)
{
    if (is_dotenv(f->file_path)) { /* the right place for a secret: keep it out of git */
        w->ignore_env = true;
        return false;
    }
    enum lang lang = lang_of(f->file_path);
    struct wfile *wf = lang == LANG_NONE ? NULL : ws_file(w, f->file_path, false);
    if (wf == NULL || f->line_start == 0 || f->line_start > wf->n)
        return false;
    size_t li = f->line_start - 1;
    const char *line = wf->lines[li];
    char name[FIX_ENV_NAME_MAX] = "";
    char *expr = NULL;
    struct literal lit;
    if (lang == LANG_SH) {
        /* NAME=value (unquoted or quoted): read it from the environment instead. */
        size_t s = 0;
        while (line[s] == ' ' || line[s] == '\t')
            s++;
        if (strncmp(line + s, "export ", 7) == 0)
            s += 7;
        size_t e = s;
        while (isalnum((unsigned char)line[e]) || line[e] == '_')
            e++;
        if (e == s || line[e] != '=')
            return false;
        snprintf(name, sizeof name, "%.*s", (int)(e - s), line + s);
        char *nl = xasprintf(": \"${%s:?set %s in the environment}\"\n", name, name);
        wfile_set(wf, li, nl);
    } else {
        if (!find_secret_literal(line, f->masked_evidence, &lit))
            return false;
        if (!ident_before(line, lit.open, name) || strcmp(name, "SECRET") == 0 ||
            strcmp(name, "KEY") == 0)
            env_name_from_rule(f->rule_id, name);
        if (name[0] == '\0')
            return false;
        switch (lang) {
        case LANG_JS:
            expr = xasprintf("process.env.%s", name);
            break;
        case LANG_PY:
            expr = xasprintf("os.environ[\"%s\"]", name);
            wf->needs_import_os = true;
            break;
        case LANG_GO:
            expr = xasprintf("os.Getenv(\"%s\")", name);
            break;
        case LANG_RB:
            expr = xasprintf("ENV.fetch(\"%s\")", name);
            break;
        case LANG_PHP:
            expr = xasprintf("getenv('%s')", name);
            break;
        default:
            return false;
        }
        size_t from = lit.open, to = lit.close + 1;
        /* Python string prefixes (r"", b"") go with the literal. */
        if (lang == LANG_PY && from > 0 && strchr("rbuRBU", line[from - 1]) != NULL &&
            (from == 1 || !isalnum((unsigned char)line[from - 2])))
            from--;
        wfile_set(wf, li, str_replace_span(line, from, to, expr));
        free(expr);
    }
    bool seen = false;
    for (size_t i = 0; i < w->n_env; i++)
        seen = seen || strcmp(w->env_names[i], name) == 0;
    if (!seen) {
        w->env_names = xrealloc(w->env_names, (w->n_env + 1) * sizeof *w->env_names);
        w->env_names[w->n_env++] = xstrdup(name);
    }
    w->ignore_env = true;
    *what = xasprintf("The value now comes from the environment variable `%s` (listed in "
                      "`.env.example`); rotate the old one, it is in your git history.",
                      name);
    return true;
}

/* ---- Supabase: RLS ---- */

static bool fix_supabase_rls(struct ws *w, const struct scan_finding *f, char **what)
{
    struct wfile *wf = ws_file(w, f->file_path, false);
    if (wf == NULL || f->line_start == 0 || f->line_start > wf->n)
        return false;
    size_t li = f->line_start - 1;
    /* The table's name: after "table" [if not exists]. */
    const char *line = wf->lines[li];
    const char *t = NULL;
    for (const char *p = line; *p; p++) {
        if (strncasecmp(p, "table", 5) == 0 && isspace((unsigned char)p[5])) {
            t = p + 5;
            break;
        }
    }
    if (t == NULL)
        return false;
    while (isspace((unsigned char)*t))
        t++;
    if (strncasecmp(t, "if not exists", 13) == 0)
        t += 13;
    while (isspace((unsigned char)*t))
        t++;
    char table[192];
    size_t k = 0;
    while ((isalnum((unsigned char)*t) || *t == '_' || *t == '.' || *t == '"') &&
           k + 1 < sizeof table)
        table[k++] = *t++;
    table[k] = '\0';
    if (k == 0)
        return false;
    if (strchr(table, '.') == NULL) {
        char tmp[200];
        snprintf(tmp, sizeof tmp, "public.%.120s", table);
        snprintf(table, sizeof table, "%.180s", tmp);
    }
    /* The end of the statement: the first line from here holding ");". */
    size_t end = li;
    const char *owner = NULL;
    static const char *const owners[] = {"user_id", "owner_id", "created_by", "profile_id",
                                         "account_id", NULL};
    for (; end < wf->n; end++) {
        for (size_t o = 0; owner == NULL && owners[o] != NULL; o++) {
            const char *s = wf->lines[end];
            while (isspace((unsigned char)*s))
                s++;
            if (strncmp(s, owners[o], strlen(owners[o])) == 0 &&
                isspace((unsigned char)s[strlen(owners[o])]))
                owner = owners[o];
        }
        if (strstr(wf->lines[end], ");") != NULL)
            break;
    }
    if (end == wf->n)
        return false;
    char *enable = xasprintf("alter table %s enable row level security;\n", table);
    size_t at = end + 1;
    wfile_insert(wf, at++, enable);
    free(enable);
    if (owner != NULL) {
        char *pol = xasprintf("create policy \"Owners manage their rows\" on %s for all "
                              "to authenticated using (auth.uid() = %s) with check "
                              "(auth.uid() = %s);\n",
                              table, owner, owner);
        wfile_insert(wf, at, pol);
        free(pol);
    }
    *what = owner ? xasprintf("Row Level Security is enabled on `%s`, with a policy that lets "
                              "each user reach only the rows whose `%s` is theirs.",
                              table, owner)
                  : xasprintf("Row Level Security is enabled on `%s` (no rows are reachable "
                              "through the API until you add a policy).",
                              table);
    return true;
}

/* ---- Firebase rules ---- */

/* The wildcard of the nearest enclosing `match .../{name}` naming a user, or NULL. */
static char *rules_user_wildcard(const struct wfile *wf, size_t li)
{
    for (size_t i = li + 1; i-- > 0;) {
        const char *m = strstr(wf->lines[i], "match ");
        if (m == NULL)
            continue;
        const char *last = NULL;
        for (const char *p = strchr(m, '{'); p != NULL; p = strchr(p + 1, '{')) {
            if (isalpha((unsigned char)p[1]) && strchr(p, '}') != NULL)
                last = p; /* a {wildcard}, not the block's own brace */
        }
        if (last == NULL)
            return NULL;
        size_t n = strcspn(last + 1, "}=");
        char *name = xasprintf("%.*s", (int)n, last + 1);
        char lower[64];
        snprintf(lower, sizeof lower, "%s", name);
        for (char *c = lower; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        if (strcmp(lower, "uid") == 0 || strstr(lower, "user") || strstr(lower, "owner"))
            return name;
        free(name);
        return NULL;
    }
    return NULL;
}

static bool fix_firebase_rules(struct ws *w, const struct scan_finding *f, char **what)
{
    struct wfile *wf = ws_file(w, f->file_path, false);
    if (wf == NULL || f->line_start == 0 || f->line_start > wf->n)
        return false;
    size_t li = f->line_start - 1;
    const char *line = wf->lines[li];
    if (strcmp(path_ext(f->file_path), "json") == 0) {
        /* Realtime Database: ".read": true -> ".read": "auth != null". */
        const char *v = strstr(line, "true");
        if (v == NULL)
            return false;
        size_t from = (size_t)(v - line), to = from + 4;
        if (from > 0 && line[from - 1] == '"' && line[to] == '"')
            from--, to++;
        wfile_set(wf, li, str_replace_span(line, from, to, "\"auth != null\""));
        *what = xstrdup("Only signed-in users may read or write this path (`auth != null`).");
        return true;
    }
    const char *allow = strstr(line, "allow ");
    const char *semi = allow ? strchr(allow, ';') : NULL;
    if (allow == NULL || semi == NULL)
        return false;
    char *user = rules_user_wildcard(wf, li);
    char *cond = user ? xasprintf("request.auth != null && request.auth.uid == %s", user)
                      : xstrdup("request.auth != null");
    const char *colon = strchr(allow, ':');
    char *nl = NULL;
    if (colon != NULL && colon < semi)
        nl = xasprintf("%.*s: if %s%s", (int)(colon - line), line, cond, semi);
    else
        nl = xasprintf("%.*s: if %s%s", (int)(semi - line), line, cond, semi);
    wfile_set(wf, li, nl);
    *what = user ? xasprintf("Access requires a signed-in user who owns the document "
                             "(`request.auth.uid == %s`).",
                             user)
                 : xstrdup("Access requires a signed-in user (`request.auth != null`); scope it "
                           "further to the owner's uid where the data has one.");
    free(user);
    free(cond);
    return true;
}

/* ---- Dockerfile ---- */

static bool fix_dockerfile_user(struct ws *w, const struct scan_finding *f, char **what)
{
    struct wfile *wf = ws_file(w, f->file_path, false);
    if (wf == NULL)
        return false;
    bool node = false;
    size_t at = wf->n;
    for (size_t i = 0; i < wf->n; i++) {
        const char *s = wf->lines[i];
        while (isspace((unsigned char)*s))
            s++;
        if (strncasecmp(s, "FROM ", 5) == 0)
            node = strstr(s, "node") != NULL;
        if ((strncasecmp(s, "CMD", 3) == 0 || strncasecmp(s, "ENTRYPOINT", 10) == 0) &&
            at == wf->n)
            at = i;
    }
    const char *user = node ? "USER node\n" : "USER 10001:10001\n";
    if (at == wf->n) {
        wfile_append(wf, node ? "USER node" : "USER 10001:10001");
    } else {
        wfile_insert(wf, at, user);
    }
    *what = node ? xstrdup("The container now runs as the unprivileged `node` user.")
                 : xstrdup("The container now runs as an unprivileged user (uid 10001).");
    return true;
}

/* ---- cookies ---- */

/* The index of the parenthesis closing the one at open on line, or 0. */
static size_t close_paren(const char *line, size_t open)
{
    int depth = 0;
    char q = 0;
    for (size_t i = open; line[i] != '\0'; i++) {
        char c = line[i];
        if (q) {
            if (c == '\\' && line[i + 1])
                i++;
            else if (c == q)
                q = 0;
            continue;
        }
        if (c == '"' || c == '\'' || c == '`')
            q = c;
        else if (c == '(')
            depth++;
        else if (c == ')' && --depth == 0)
            return i;
    }
    return 0;
}

static bool fix_cookie(struct ws *w, const struct scan_finding *f, char **what)
{
    struct wfile *wf = ws_file(w, f->file_path, false);
    if (wf == NULL || f->line_start == 0 || f->line_start > wf->n)
        return false;
    size_t li = f->line_start - 1;
    const char *line = wf->lines[li];
    char *nl = NULL;
    if (strstr(f->rule_id, "session-cookie-insecure-flags") != NULL) {
        char *s = xstrdup(line);
        bool changed = false;
        static const char *const from[] = {"secure: false", "httpOnly: false"};
        static const char *const to[] = {"secure: true", "httpOnly: true"};
        for (size_t k = 0; k < 2; k++) {
            char *p = strstr(s, from[k]);
            if (p != NULL) {
                char *t = str_replace_span(s, (size_t)(p - s), (size_t)(p - s) + strlen(from[k]),
                                           to[k]);
                free(s);
                s = t;
                changed = true;
            }
        }
        if (!changed) {
            free(s);
            return false;
        }
        wfile_set(wf, li, s);
        *what = xstrdup("The session cookie is now `secure` and `httpOnly` (behind a TLS proxy, "
                        "also `app.set(\"trust proxy\", 1)`).");
        return true;
    }
    bool py = lang_of(f->file_path) == LANG_PY;
    const char *call = strstr(line, py ? "set_cookie(" : ".cookie(");
    if (call == NULL)
        return false;
    size_t open = (size_t)(strchr(call, '(') - line);
    size_t close = close_paren(line, open);
    if (close == 0)
        return false;
    if (py) {
        nl = str_replace_span(line, close, close,
                              ", httponly=True, secure=True, samesite=\"Lax\"");
    } else {
        /* A third argument object: add the flags to it; else append one. */
        const char *brace = memchr(line + open, '{', close - open);
        if (brace != NULL)
            nl = str_replace_span(line, (size_t)(brace - line) + 1, (size_t)(brace - line) + 1,
                                  " httpOnly: true, secure: true, sameSite: \"lax\",");
        else
            nl = str_replace_span(line, close, close,
                                  ", { httpOnly: true, secure: true, sameSite: \"lax\" }");
    }
    wfile_set(wf, li, nl);
    *what = xstrdup("The cookie is now set with httpOnly, secure and sameSite.");
    return true;
}

/* ---- .gitignore ---- */

static bool fix_gitignore(struct ws *w, const struct scan_finding *f, char **what)
{
    (void)f;
    w->ignore_env = true;
    *what = xstrdup("`.env` is now in `.gitignore`.");
    return true;
}

/* ---- dependencies ---- */

/* The new range for a manifest whose range was old: its ^ or ~ kept, an exact pin stays
 * exact, anything else (>=, *, x) becomes ^fixed. */
static char *dep_range(const char *old, size_t len, const char *fixed)
{
    if (len > 0 && (old[0] == '^' || old[0] == '~'))
        return xasprintf("%c%s", old[0], fixed);
    if (len > 0 && isdigit((unsigned char)old[0]) && memchr(old, ' ', len) == NULL)
        return xstrdup(fixed);
    return xasprintf("^%s", fixed);
}

/* The span of the string value of key "name" on line s (JSON, one member a line): the
 * opening quote of the key must start the member, a ':' follow it. */
static bool json_member(const char *s, const char *name, const char **v1, const char **v2)
{
    const char *p = s;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = strlen(name);
    if (p[0] != '"' || strncmp(p + 1, name, n) != 0 || p[1 + n] != '"')
        return false;
    p += n + 2;
    while (*p == ' ')
        p++;
    if (*p++ != ':')
        return false;
    while (*p == ' ')
        p++;
    if (*p != '"')
        return false;
    *v1 = p + 1;
    *v2 = strchr(p + 1, '"');
    return *v2 != NULL;
}

/* package.json (or a lockfile's ranges): every "name": "RANGE" member asks for fixed. */
static bool dep_bump_ranges(struct wfile *wf, const char *name, const char *fixed)
{
    bool done = false;
    for (size_t i = 0; i < wf->n; i++) {
        const char *s = wf->lines[i], *v1, *v2;
        if (!json_member(s, name, &v1, &v2))
            continue;
        char *r = dep_range(v1, (size_t)(v2 - v1), fixed);
        wfile_set(wf, i, str_replace_span(s, (size_t)(v1 - s), (size_t)(v2 - s), r));
        free(r);
        done = true;
    }
    return done;
}

static size_t indent_of(const char *s)
{
    size_t n = 0;
    while (s[n] == ' ')
        n++;
    return n;
}

/* Whether line s opens the lockfile entry of name: "node_modules/NAME": { (npm 7+, also
 * nested .../node_modules/NAME) or "NAME": { (lockfile v1 "dependencies"). */
static bool lock_entry_opens(const char *s, const char *name)
{
    const char *p = s + indent_of(s);
    if (*p != '"')
        return false;
    const char *end = strchr(p + 1, '"');
    size_t n = strlen(name);
    if (end == NULL || strncmp(end, "\": {", 4) != 0 || (size_t)(end - p - 1) < n ||
        strncmp(end - n, name, n) != 0)
        return false;
    return end - n == p + 1 || (end - n - p - 1 >= 13 && strncmp(end - n - 13, "node_modules/", 13) == 0);
}

/* package-lock.json / npm-shrinkwrap.json: each entry of name at version old gets version
 * fixed, and loses resolved and integrity (they name the old tarball; `npm install` writes
 * the new ones); the ranges that ask for name ask for fixed. */
static bool dep_bump_lock(struct wfile *wf, const char *name, const char *old, const char *fixed)
{
    bool done = false;
    for (size_t i = 0; i < wf->n; i++) {
        if (!lock_entry_opens(wf->lines[i], name))
            continue;
        size_t ind = indent_of(wf->lines[i]), end = i + 1;
        while (end < wf->n && !(indent_of(wf->lines[end]) == ind && wf->lines[end][ind] == '}'))
            end++;
        size_t ver = 0;
        for (size_t k = i + 1; k < end; k++) {
            const char *v1, *v2;
            if (indent_of(wf->lines[k]) == ind + 2 && json_member(wf->lines[k], "version", &v1, &v2) &&
                (size_t)(v2 - v1) == strlen(old) && strncmp(v1, old, strlen(old)) == 0)
                ver = k;
        }
        if (ver == 0 || end == wf->n)
            continue;
        const char *v1, *v2;
        json_member(wf->lines[ver], "version", &v1, &v2);
        wfile_set(wf, ver, str_replace_span(wf->lines[ver], (size_t)(v1 - wf->lines[ver]),
                                            (size_t)(v2 - wf->lines[ver]), fixed));
        for (size_t k = i + 1; k < end; k++) {
            const char *a, *b;
            if (indent_of(wf->lines[k]) == ind + 2 &&
                (json_member(wf->lines[k], "resolved", &a, &b) ||
                 json_member(wf->lines[k], "integrity", &a, &b)))
                wfile_set(wf, k, xstrdup(""));
        }
        /* The entry's last member now ends with a comma: JSON wants none. */
        size_t last = end;
        while (last > i + 1 && wf->lines[last - 1][0] == '\0')
            last--;
        char *l = wf->lines[last - 1];
        size_t len = strlen(l);
        size_t c = len;
        while (c > 0 && (l[c - 1] == '\n' || l[c - 1] == '\r'))
            c--;
        if (last - 1 > i && c > 0 && l[c - 1] == ',')
            wfile_set(wf, last - 1, xasprintf("%.*s%s", (int)(c - 1), l, l + c));
        done = true;
    }
    if (done)
        (void)dep_bump_ranges(wf, name, fixed);
    return done;
}

/* requirements*.txt: the line of name (any case, '-' '_' '.' alike, with [extras]) gets
 * ==fixed (a pin) or >=fixed (a range); extras, markers and comments stay. */
static bool dep_bump_requirement(struct wfile *wf, const char *name, const char *fixed)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < wf->n; i++) {
        const char *s = wf->lines[i], *p = s + indent_of(s);
        size_t k = 0;
        for (; k < n && p[k] != '\0'; k++) {
            char a = (char)tolower((unsigned char)p[k]), b = (char)tolower((unsigned char)name[k]);
            bool sep = (a == '-' || a == '_' || a == '.') && (b == '-' || b == '_' || b == '.');
            if (a != b && !sep)
                break;
        }
        if (k < n)
            continue;
        const char *q = p + n;
        if (*q == '[') {
            q = strchr(q, ']');
            if (q == NULL)
                continue;
            q++;
        }
        while (*q == ' ')
            q++;
        if (strchr("=<>~!", *q) == NULL || *q == '\0')
            continue;
        const char *spec_end = q;
        while (*spec_end != '\0' && *spec_end != ';' && *spec_end != '#' && *spec_end != '\n' &&
               *spec_end != '\r' && *spec_end != '\\')
            spec_end++;
        while (spec_end > q && spec_end[-1] == ' ')
            spec_end--;
        char *spec = xasprintf("%s%s", strncmp(q, "==", 2) == 0 ? "==" : ">=", fixed);
        wfile_set(wf, i, str_replace_span(s, (size_t)(q - s), (size_t)(spec_end - s), spec));
        free(spec);
        return true;
    }
    return false;
}

/* The sibling package.json of a lockfile path. Caller frees. */
static char *dep_manifest_of(const char *lock)
{
    const char *base = path_base(lock);
    return xasprintf("%.*spackage.json", (int)(base - lock), lock);
}

static bool dep_is_npm_lock(const char *base)
{
    return strcmp(base, "package-lock.json") == 0 || strcmp(base, "npm-shrinkwrap.json") == 0;
}

static bool fix_dependency(struct ws *w, const struct scan_finding *f, char **what)
{
    /* "Upgrade NAME to FIXED or later." and evidence NAME@VERSION / NAME==VERSION. */
    const char *rec = f->recommendation, *ev = f->masked_evidence ? f->masked_evidence : "";
    if (rec == NULL || strncmp(rec, "Upgrade ", 8) != 0)
        return false;
    const char *to = strstr(rec, " to ");
    const char *later = to ? strstr(to, " or later") : NULL;
    if (to == NULL || later == NULL)
        return false;
    char name[128], fixed[64];
    snprintf(name, sizeof name, "%.*s", (int)(to - rec - 8), rec + 8);
    snprintf(fixed, sizeof fixed, "%.*s", (int)(later - to - 4), to + 4);
    const char *at = strrchr(ev, '@'), *eq = strstr(ev, "==");
    const char *old = at && at != ev ? at + 1 : eq ? eq + 2 : "";
    const char *base = path_base(f->file_path);
    struct wfile *wf = ws_file(w, f->file_path, false);
    if (wf == NULL)
        return false;
    bool done = false;
    if (strcmp(base, "package.json") == 0) {
        done = dep_bump_ranges(wf, name, fixed);
    } else if (dep_is_npm_lock(base)) {
        done = old[0] != '\0' && dep_bump_lock(wf, name, old, fixed);
        char *manifest = dep_manifest_of(f->file_path);
        struct wfile *mf = done ? ws_file(w, manifest, false) : NULL;
        if (mf != NULL)
            (void)dep_bump_ranges(mf, name, fixed);
        free(manifest);
    } else if (strstr(base, "requirements") != NULL && strcmp(path_ext(base), "txt") == 0) {
        done = dep_bump_requirement(wf, name, fixed);
    }
    if (done)
        *what = xasprintf("`%s` now asks for %s, the first version with the fix; refresh the "
                          "lockfile (`npm install` / `pip install`).",
                          name, fixed);
    return done;
}

/* ---- the table ---- */

struct fixer {
    const char *match; /* rule id substring, or "category:NAME" */
    bool (*fix)(struct ws *w, const struct scan_finding *f, char **what);
};

static const struct fixer fixers[] = {
    {"config-gitignore-missing-env", fix_gitignore},
    {"config-supabase-table-without-rls", fix_supabase_rls},
    {"config-firebase-rules-write-if-true", fix_firebase_rules},
    {"config-firebase-rules-read-if-true", fix_firebase_rules},
    {"config-firebase-rules-write-without-auth", fix_firebase_rules},
    {"config-firebase-rtdb-public", fix_firebase_rules},
    {"config-dockerfile-runs-as-root", fix_dockerfile_user},
    {"cookie-without-httponly", fix_cookie},
    {"session-cookie-insecure-flags", fix_cookie},
    {"hardcoded-secret", fix_secret},
    {"hardcoded-session-secret", fix_secret},
    {"jwt-hardcoded-secret", fix_secret},
    {"category:secret", fix_secret},
    {"category:dependency", fix_dependency},
};

static const struct fixer *fixer_for(const struct scan_finding *f)
{
    for (size_t i = 0; i < sizeof fixers / sizeof fixers[0]; i++) {
        const char *m = fixers[i].match;
        if (strncmp(m, "category:", 9) == 0 ? strcmp(f->category, m + 9) == 0
                                            : strstr(f->rule_id, m) != NULL)
            return &fixers[i];
    }
    return NULL;
}

char **audit_fix_wanted(const struct scan_finding *f, size_t n, size_t *count)
{
    size_t cap = n + 3;
    char **out = xmalloc(cap * sizeof *out);
    size_t k = 0;
    const char *extra[] = {".gitignore", ".env.example"};
    for (size_t i = 0; i < 2; i++)
        out[k++] = xstrdup(extra[i]);
    for (size_t i = 0; i < n; i++) {
        /* A lockfile's fix edits its package.json too. */
        char *paths[2] = {xstrdup(f[i].file_path), dep_is_npm_lock(path_base(f[i].file_path))
                                                        ? dep_manifest_of(f[i].file_path)
                                                        : NULL};
        for (size_t p = 0; p < 2 && paths[p] != NULL; p++) {
            bool dup = false;
            for (size_t j = 0; j < k && !dup; j++)
                dup = strcmp(out[j], paths[p]) == 0;
            if (dup) {
                free(paths[p]);
                continue;
            }
            if (k == cap)
                out = xrealloc(out, (cap *= 2) * sizeof *out);
            out[k++] = paths[p];
        }
    }
    *count = k;
    return out;
}

/* Finding order for fixing: by file, then bottom-up by line. */
struct order {
    const struct scan_finding *f;
    size_t i;
};

static int order_cmp(const void *a, const void *b)
{
    const struct order *x = a, *y = b;
    int c = strcmp(x->f->file_path, y->f->file_path);
    if (c != 0)
        return c;
    return (x->f->line_start < y->f->line_start) - (x->f->line_start > y->f->line_start);
}

static char *wfile_text(const struct wfile *f, size_t *len)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += strlen(f->lines[i]);
    char *s = xmalloc(n + 1), *p = s;
    for (size_t i = 0; i < f->n; i++) {
        size_t l = strlen(f->lines[i]);
        memcpy(p, f->lines[i], l);
        p += l;
    }
    *p = '\0';
    *len = n;
    return s;
}

static void ws_finish(struct ws *w)
{
    if (w->ignore_env) {
        struct wfile *gi = ws_file(w, ".gitignore", true);
        if (!wfile_has_line(gi, ".env") && !wfile_has_line(gi, ".env*") &&
            !wfile_has_line(gi, "*.env"))
            wfile_append(gi, ".env");
    }
    if (w->n_env > 0) {
        struct wfile *ex = ws_file(w, ".env.example", true);
        for (size_t i = 0; i < w->n_env; i++) {
            char *line = xasprintf("%s=", w->env_names[i]);
            bool has = false;
            for (size_t k = 0; k < ex->n && !has; k++)
                has = strncmp(ex->lines[k], line, strlen(line)) == 0;
            if (!has)
                wfile_append(ex, line);
            free(line);
        }
    }
    for (size_t i = 0; i < w->n; i++) {
        struct wfile *f = &w->files[i];
        if (!f->needs_import_os || wfile_has_line(f, "import os"))
            continue;
        /* After a shebang, module docstring line or __future__ imports: simply first
         * line unless it is a shebang or encoding comment. */
        size_t at = 0;
        while (at < f->n && (strncmp(f->lines[at], "#!", 2) == 0 ||
                             strncmp(f->lines[at], "# -*-", 5) == 0 ||
                             strncmp(f->lines[at], "from __future__", 15) == 0))
            at++;
        wfile_insert(f, at, "import os\n");
    }
}

void audit_fix_run(const struct scan_finding *f, size_t n, const struct audit_files *orig,
                   struct audit_fix_result *out)
{
    memset(out, 0, sizeof *out);
    out->fixed = xcalloc(n ? n : 1, sizeof *out->fixed);
    out->what = xcalloc(n ? n : 1, sizeof *out->what);
    buf_init(&out->diff, FIX_DIFF_MAX);
    struct ws w = {0};
    w.orig = orig;
    struct order *ord = xmalloc((n ? n : 1) * sizeof *ord);
    for (size_t i = 0; i < n; i++)
        ord[i] = (struct order){&f[i], i};
    qsort(ord, n, sizeof *ord, order_cmp);
    const struct scan_finding *last_docker = NULL;
    for (size_t k = 0; k < n; k++) {
        const struct scan_finding *fi = ord[k].f;
        const struct fixer *fx = fixer_for(fi);
        if (fx == NULL)
            continue;
        /* One USER per Dockerfile, even if reported twice. */
        if (fx->fix == fix_dockerfile_user && last_docker != NULL &&
            strcmp(last_docker->file_path, fi->file_path) == 0)
            continue;
        char *what = NULL;
        if (fx->fix(&w, fi, &what)) {
            out->fixed[ord[k].i] = true;
            out->what[ord[k].i] = what;
            out->fix_count++;
            if (fx->fix == fix_dockerfile_user)
                last_docker = fi;
        } else {
            free(what);
        }
    }
    free(ord);
    ws_finish(&w);
    for (size_t i = 0; i < w.n; i++) {
        struct wfile *wf = &w.files[i];
        if (wf->touched) {
            size_t len = 0;
            char *text = wfile_text(wf, &len);
            if (audit_diff(wf->path, wf->orig ? wf->orig->data : NULL,
                           wf->orig ? wf->orig->len : 0, text, len, &out->diff) == VG_OK)
                audit_files_put(&out->changed, wf->path, text, len);
            free(text);
        }
        for (size_t l = 0; l < wf->n; l++)
            free(wf->lines[l]);
        free(wf->lines);
        free(wf->path);
    }
    free(w.files);
    for (size_t i = 0; i < w.n_env; i++)
        free(w.env_names[i]);
    free(w.env_names);
}

void audit_fix_release(struct audit_fix_result *r, size_t n)
{
    if (r == NULL)
        return;
    for (size_t i = 0; r->what != NULL && i < n; i++)
        free(r->what[i]);
    free(r->what);
    free(r->fixed);
    audit_files_release(&r->changed);
    buf_release(&r->diff);
    memset(r, 0, sizeof *r);
}
