/*
 * taint.c - the intra-procedural taint pass of the tree checks (code_int.h).
 *
 * One walk over a parsed file in document order. Each function is a scope: its parameters
 * are bound first (request data in route handlers, Next.js route handlers and server
 * actions, FastAPI/Flask/Django views; otherwise "a parameter"), then every assignment
 * binds its target names to the origin of the value (the strongest of its parts: request >
 * parameter > unknown > constant). Values flow through variables, destructuring, string
 * concatenation, template literals, f-strings, .format / % formatting, and calls (the
 * result of a call carries its arguments' origin unless the callee is a sanitiser). Nested
 * functions see the bindings of their enclosing scope. At each sink call (resolved through
 * the file's imports: `const { exec } = require('child_process')`, `from os import system`)
 * the argument's origin decides whether there is a finding and how sure it is.
 *
 * Limits: nothing crosses function boundaries (a helper that receives request data reports
 * it as "a parameter"), branches are merged by "last assignment wins", and recursion is
 * bounded by TAINT_MAX_DEPTH.
 */
#include "code/code_int.h"

#include <ctype.h>
#include <string.h>

#include "scan/checks.h"
#include "util/xalloc.h"

#define TAINT_MAX_DEPTH 400
#define QNAME_MAX 160

/* Flags carried by an origin. */
#define OF_SQL 1u   /* string built around SQL text (SELECT ... FROM, INSERT INTO, ...) */
#define OF_FIXED 2u /* a URL whose scheme and host (or leading "/path") are constant */
#define OF_RAND 4u  /* made from a non-cryptographic random generator (Math.random, random.*) */
#define OF_LDAP 8u  /* string built around an LDAP filter ("(uid=", "(&(", "(|(") */
#define OF_SHNAME 16u /* the constant name of a shell ("sh", "/bin/bash", "cmd.exe", ...) */
#define OF_SHDASHC 32u /* the constant "-c" / "/c" that makes a shell run its next argument */
#define OF_XXE 64u    /* an XML parser that resolves external entities */
#define OF_GUESS 128u /* JS: a request member no table names (req.foo in a handler): request
                         data, reported at no more than the rule's own confidence */
#define OF_CLI 512u   /* Python: command-line arguments (sys.argv): taken as request data,
                         reported at low confidence and at most medium severity */
#define OF_TYPED 1024u /* Python: what a user types (input(), sys.stdin): request data on a
                          guess (with OF_GUESS), named "User input" */
#define OF_OPAQUE 256u /* Python: a constant only as far as the pass can see: what a call
                          returns or an imported name holds (not a literal, not a string
                          method of one) */
/* JS: the page's own address (location.href, document.URL), whole or a prefix of it: request
 * data, but a fixed destination (with OF_FIXED) until a piece is taken out of it (.hash,
 * .split('#')[1], .get()) */
#define OF_SELF 2048u
/* JS: a server request's whole address (req.url, req.originalUrl, req.path, request.url)
 * or its host (req.headers.host, req.hostname): request data, but what a server library,
 * a static-file server or a middleware reads on every request, and mostly turns back into
 * the same request's own path. Reported at no more than medium confidence until a piece
 * is taken out of it (.query, .searchParams, .get('x'), .hash, .split('?')[1]), which is
 * what an application's handler reads. */
#define OF_WHOLE 4096u
/* JS: an address the code has shaped: what a call named for building a URL returns with
 * request data among its arguments only (keycloak.loginUrl(state, back),
 * client.buildAuthorizationUrl(config, params), a compiled template given a context), or
 * a path whose leading slashes were collapsed to one (x.replace(/^\/+/, '/')). The
 * builder picks the destination (an OAuth provider's authorize URL, the app's own path)
 * and request data is a parameter of it: a redirect there is reported at low confidence. */
#define OF_SHAPED 8192u
/* The weaker kinds of request data: a flow keeps one only if no path holds request data
 * without it (o_join) */
#define OF_WEAK (OF_GUESS | OF_CLI | OF_TYPED | OF_WHOLE | OF_SHAPED)

struct origin {
    enum taint_level lvl;
    unsigned flags;
    TSNode src;
    bool has_int; /* a constant integer (for conditions such as `7 * 18 + num > 200`) */
    long long ival;
    bool has_str; /* a constant string without escapes (sval, slen into the source) */
    const char *sval;
    size_t slen;
    bool esc_html;  /* every non-constant part went through an HTML escaper */
    bool esc_quote; /* ... through x.replace("'", ...) (cannot leave a quoted literal) */
    bool esc_path;  /* JS: ... through x.replace(...) / replaceAll(...): path.join and
                       path.resolve take such a part as cleaned */
    unsigned pmask; /* summarising a helper: which of its parameters the value comes from */
};

/* What a function of the file does with its parameters: a sink that parameter i reaches
 * (bit i of pmask), found by walking the function once with its parameters as request
 * data. A call that hands request data to that parameter reports the sink. */
struct sum_hit {
    enum sink_kind k;
    TSNode node;
    unsigned pmask;
    bool capped;
    bool contained; /* JS: a path sink that only probes or is in a function that checks the
                       path stays under its root (js_root_guarded); a redirect to a shaped
                       address (OF_SHAPED) */
};
struct fsum {
    const char *name;
    size_t nlen;
    TSNode fn;
    int state; /* 0 not yet, 1 being summarised, 2 done */
    struct sum_hit *hits;
    size_t nh, ch;
};

struct binding {
    const char *name;
    size_t nlen;
    struct origin o;
    const char *module; /* an import alias: the module path it stands for (static or owned) */
    char *owned;
    const char *from; /* bound to a call on one variable (u = urlparse(x)): that name */
    size_t from_len;
    unsigned seq;   /* when it was last bound */
    unsigned reset; /* a container: bindings of its elements older than this are stale */
    int len;        /* a list whose every element is bound ("#0", "#1", ...), or -1 */
    int level;      /* the branch depth (tctx.cond) where the container was bound whole */
    bool made;      /* last bound to what a `new`, a call or a literal makes (const request =
                       new Request(url, opts)): an object of the code's own, not the
                       framework's request however it is named */
};

struct tctx {
    const struct code_src *s;
    bool py;
    unsigned want;
    taint_report_fn report;
    void *rctx;
    struct binding *b;
    size_t nb, cb;
    size_t scope; /* first binding of the current function */
    int depth;
    bool use_server; /* file-level 'use server' directive */
    bool js_handler; /* inside a JS function with (req|request, res|response|reply) parameters */
    bool js_lambda;  /* ... with (event, context) parameters (AWS Lambda) */
    bool js_archive; /* the file imports an archive reader (unzip, adm-zip, tar-stream, ...) */
    bool archive_checked; /* ... and holds a parent-segment literal ('..', "../") or regex
                             (\.\.): it checks entry paths for escapes somewhere */
    bool js_sql_driver; /* the file imports a SQL driver or query builder (pg, knex, ...) */
    bool at_medium;  /* the sink being reported is not certain even with request data */
    bool route_fn;   /* the current Python function is a route handler */
    bool py_handler; /* inside a Python class deriving from *RequestHandler (http.server) */
    bool py_view;    /* inside a Python class-based view (View, APIView, ViewSet, Resource) */
    const char *py_req; /* the request parameter of the current Python view, when not */
    size_t py_req_len;  /* named `request` (def get(self, req), @api_view def f(req)) */
    int cond;        /* inside a branch or loop: assignments join instead of replacing */
    bool route_literal; /* ... and every route path of it is literal (no <converter>) */
    bool py_fastapi;    /* the file imports FastAPI */
    bool route_json;    /* ... and the current route answers JSON (no response_class=
                           HTMLResponse on its decorator): what it returns is serialised */
    unsigned seq;       /* binding clock (binding.seq, binding.reset) */
    bool capped;        /* the sink being reported has a generic name (SF_CAPPED) */
    bool joining;       /* ... is a path.join/resolve (SF_JOIN) */
    bool noshell;       /* ... Python: starts a program without a shell (SF_NOSHELL) */
    bool probing;       /* ... JS: is contained (low confidence, at most medium): only
                           probes a path (SF_PROBE), writes one key of an object the
                           function made, or was contained in a helper (sum_hit.contained) */
    struct fsum *fs;    /* the file's named functions (helpers) */
    size_t nfs, cfs;
    struct fsum *summ;  /* the helper being summarised (reports are recorded, not made) */
    int summ_depth;
    uint32_t *done;     /* start bytes of sinks already reported through a helper call */
    size_t ndone, cdone;
    struct taint_hit *out; /* what the pass found, handed to report at the end (one per
                              sink node and kind: the surest) */
    size_t nout, cout;
};

/* ---- small helpers ---- */

/* tree-sitter 0.20 dereferences null nodes: every access below goes through these. */
static TSNode null_node(void)
{
    TSNode n;
    memset(&n, 0, sizeof n);
    return n;
}

static uint32_t nchild(TSNode n)
{
    return ts_node_is_null(n) ? 0 : ts_node_named_child_count(n);
}

static TSNode child(TSNode n, uint32_t i)
{
    return ts_node_is_null(n) || i >= ts_node_named_child_count(n) ? null_node()
                                                                  : ts_node_named_child(n, i);
}

static const char *ntype(TSNode n)
{
    return ts_node_is_null(n) ? "" : ts_node_type(n);
}

static TSNode parent_of(TSNode n)
{
    return ts_node_is_null(n) ? null_node() : ts_node_parent(n);
}

bool code_node_is(TSNode n, const char *type)
{
    const char *t = ntype(n);
    return t[0] == type[0] && strcmp(t, type) == 0; /* most tests fail on the first byte */
}

unsigned code_node_line(TSNode n)
{
    return ts_node_is_null(n) ? 0 : ts_node_start_point(n).row + 1;
}

/* The bytes of node n in a file of `size` bytes (clamped: a stale node reads nothing). */
static const char *span_text(const char *data, size_t size, TSNode n, size_t *len)
{
    if (ts_node_is_null(n)) {
        *len = 0;
        return "";
    }
    size_t a = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > size)
        e = size;
    if (a > e)
        a = e;
    *len = e - a;
    return data + a;
}

static const char *ntext(const struct tctx *t, TSNode n, size_t *len)
{
    return span_text(t->s->data, t->s->len, n, len);
}

static bool text_is(const struct tctx *t, TSNode n, const char *w)
{
    size_t len;
    const char *p = ntext(t, n, &len);
    return strlen(w) == len && memcmp(p, w, len) == 0;
}

static bool in_list(const char *s, size_t n, const char *const *list)
{
    for (size_t i = 0; list[i] != NULL; i++) {
        if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
            return true;
    }
    return false;
}

/* Field ids by name, per thread: ts_node_child_by_field_name looks the name up with a linear
 * strncmp over every field name of the grammar on each call, and the pass asks for fields at
 * most nodes it visits (that lookup was ~8% of the code checks' time). Slots are keyed by
 * the name's address and the language and keep a copy of the name, compared on a hit (a
 * caller may pass a reused buffer rather than a literal); a miss looks the id up as
 * tree-sitter does. */
#define FIELD_SLOTS 64u
#define FIELD_NAME_MAX 24u
struct field_slot {
    const TSLanguage *lang;
    const char *name;
    char copy[FIELD_NAME_MAX];
    TSFieldId id;
};
static _Thread_local struct field_slot field_slots[FIELD_SLOTS];

static TSNode field(TSNode n, const char *name)
{
    if (ts_node_is_null(n))
        return null_node();
    const TSLanguage *lang = ts_tree_language(n.tree);
    struct field_slot *s =
        &field_slots[(((uintptr_t)name >> 2) ^ ((uintptr_t)lang >> 6)) % FIELD_SLOTS];
    if (s->name == name && s->lang == lang && strcmp(s->copy, name) == 0)
        return ts_node_child_by_field_id(n, s->id);
    size_t len = strlen(name);
    TSFieldId id = ts_language_field_id_for_name(lang, name, (uint32_t)len);
    if (len < FIELD_NAME_MAX) {
        memcpy(s->copy, name, len + 1);
        s->name = name;
        s->lang = lang;
        s->id = id;
    }
    return ts_node_child_by_field_id(n, id);
}

static struct origin o_const(void)
{
    struct origin o = {.lvl = T_CONST, .src = null_node()};
    return o;
}

static struct origin o_level(enum taint_level l, TSNode src)
{
    struct origin o = {.lvl = l, .src = src};
    return o;
}

/* url || location.href: the page's own address (`self`, request data but a fixed
 * destination) or a weaker value that is not fixed; what may reach a sink unfixed is the
 * weaker one, so `self` takes its level and source and is no longer fixed. */
static void o_self_yield(struct origin *self, const struct origin *other)
{
    if (!(self->flags & OF_SELF) || other->lvl == T_CONST || other->lvl == T_REQUEST ||
        (other->flags & OF_FIXED))
        return;
    self->lvl = other->lvl;
    self->src = other->src;
    self->flags &= ~(OF_SELF | OF_FIXED);
}

static struct origin o_join(struct origin a, struct origin b)
{
    o_self_yield(&a, &b);
    o_self_yield(&b, &a);
    struct origin r = a.lvl >= b.lvl ? a : b;
    r.flags = (a.flags | b.flags) & ~(OF_FIXED | OF_SELF);
    /* a fixed destination on one path and request data on the other is not fixed
     * (`if (!u) u = "/";` keeps the request's u on the other path) */
    bool fa = a.lvl == T_CONST || (a.flags & OF_FIXED), fb = b.lvl == T_CONST || (b.flags & OF_FIXED);
    if (fa && fb)
        r.flags |= (a.flags | b.flags) & (OF_FIXED | OF_SELF);
    r.has_int = false;
    r.has_str = false;
    r.esc_html = (a.lvl == T_CONST || a.esc_html) && (b.lvl == T_CONST || b.esc_html);
    r.esc_quote = (a.lvl == T_CONST || a.esc_quote) && (b.lvl == T_CONST || b.esc_quote);
    r.esc_path = (a.lvl == T_CONST || a.esc_path) && (b.lvl == T_CONST || b.esc_path);
    r.pmask = a.pmask | b.pmask;
    /* a weaker kind of request data stays only if no path holds request data without it */
    static const unsigned weak[] = {OF_GUESS, OF_CLI, OF_TYPED, OF_WHOLE, OF_SHAPED};
    _Static_assert((OF_GUESS | OF_CLI | OF_TYPED | OF_WHOLE | OF_SHAPED) == OF_WEAK,
                   "o_join's weak kinds are OF_WEAK");
    for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++) {
        if ((a.lvl == T_REQUEST && !(a.flags & weak[i])) ||
            (b.lvl == T_REQUEST && !(b.flags & weak[i])))
            r.flags &= ~weak[i];
    }
    return r;
}

/* ---- bindings ---- */

static struct binding *lookup(struct tctx *t, const char *name, size_t n)
{
    for (size_t i = t->nb; i > 0; i--) {
        struct binding *b = &t->b[i - 1];
        if (b->nlen == n && memcmp(b->name, name, n) == 0)
            return b;
    }
    return NULL;
}

static struct binding *bind_name(struct tctx *t, const char *name, size_t n, struct origin o)
{
    for (size_t i = t->nb; i > t->scope; i--) {
        struct binding *b = &t->b[i - 1];
        if (b->nlen == n && memcmp(b->name, name, n) == 0) {
            b->o = o;
            b->module = NULL;
            b->from = NULL;
            b->seq = ++t->seq;
            return b;
        }
    }
    if (t->nb == t->cb) {
        t->cb = t->cb ? t->cb * 2 : 64;
        t->b = xrealloc(t->b, t->cb * sizeof *t->b);
    }
    struct binding *outer = lookup(t, name, n);
    unsigned reset = outer != NULL ? outer->reset : 0;
    int blen = outer != NULL ? outer->len : -1, level = outer != NULL ? outer->level : t->cond;
    struct binding *b = &t->b[t->nb++];
    bool made = outer != NULL && outer->made; /* checked or added to: the same object */
    *b = (struct binding){name, n, o, NULL, NULL, NULL, 0, ++t->seq, reset, blen, level, made};
    return b;
}

static void pop_to(struct tctx *t, size_t mark)
{
    while (t->nb > mark) {
        free(t->b[t->nb - 1].owned);
        t->nb--;
    }
}

void code_js_module_name(const char **mod, size_t *len)
{
    if (*len > 5 && memcmp(*mod, "node:", 5) == 0)
        *mod += 5, *len -= 5;
}

static bool parent_segment_text(const char *d, size_t n);

static void bind_module(struct tctx *t, TSNode name, const char *mod, size_t mlen)
{
    size_t n;
    const char *p = ntext(t, name, &n);
    struct binding *b = bind_name(t, p, n, o_const());
    /* Normalise node:fs, fs/promises, fs-extra to one name. */
    code_js_module_name(&mod, &mlen);
    bool fs = (mlen == 11 && memcmp(mod, "fs/promises", 11) == 0) ||
              (mlen == 11 && memcmp(mod, "fs.promises", 11) == 0) ||
              (mlen == 8 && memcmp(mod, "fs-extra", 8) == 0) ||
              (mlen == 11 && memcmp(mod, "graceful-fs", 11) == 0);
    static const char *const archives[] = {"unzip", "unzipper", "unzip-stream", "adm-zip",
                                           "tar-stream", "yauzl", "decompress", "jszip",
                                           "node-stream-zip", NULL};
    if (!t->py && in_list(mod, mlen, archives) && !t->js_archive) {
        t->js_archive = true;
        t->archive_checked = parent_segment_text(t->s->data, t->s->len);
    }
    static const char *const sql_drivers[] = {
        "pg", "pg-promise", "postgres", "mysql", "mysql2", "mariadb", "mssql", "tedious",
        "sqlite", "sqlite3", "better-sqlite3", "sql.js", "oracledb", "knex", "sequelize",
        "typeorm", "kysely", "drizzle-orm", "slonik", "@prisma/client", "@vercel/postgres",
        "@neondatabase/serverless", "@planetscale/database", "@databases/pg",
        "@databases/mysql", "@databases/sqlite", "alasql", NULL};
    if (!t->py) {
        for (size_t i = 0; sql_drivers[i] != NULL && !t->js_sql_driver; i++) {
            size_t dl = strlen(sql_drivers[i]);
            t->js_sql_driver = mlen >= dl && memcmp(mod, sql_drivers[i], dl) == 0 &&
                               (mlen == dl || mod[dl] == '.' || mod[dl] == '/');
        }
    }
    char *m = fs ? xstrdup("fs") : xasprintf("%.*s", (int)mlen, mod);
    if (strcmp(m, "child_process.promises") == 0)
        m[13] = '\0';
    free(b->owned);
    b->owned = m;
    b->module = m;
}

/* ---- qualified names of callees ---- */

struct qname {
    char s[QNAME_MAX];
    size_t n;
    bool ok;
};

static void qn_add(struct qname *q, const char *p, size_t n)
{
    if (q->n + n + 1 >= QNAME_MAX) {
        q->ok = false;
        return;
    }
    memcpy(q->s + q->n, p, n);
    q->n += n;
    q->s[q->n] = '\0';
}

bool code_literal_value(const char *data, size_t size, TSNode n, const char **p, size_t *len)
{
    if (!code_node_is(n, "string"))
        return false;
    const char *s = span_text(data, size, n, len);
    size_t i = 0;
    while (i < *len && s[i] != '"' && s[i] != '\'')
        i++; /* python prefixes (b, r, u) */
    if (*len < i + 2)
        return false;
    *p = s + i + 1;
    *len -= i + 2;
    if (*len >= 4 && (*p)[0] == (*p)[-1] && (*p)[1] == (*p)[-1]) { /* triple quotes */
        *p += 2;
        *len -= 4;
    }
    return true;
}

static bool string_value(const struct tctx *t, TSNode n, const char **p, size_t *len)
{
    return code_literal_value(t->s->data, t->s->len, n, p, len);
}

/* require('m') with a literal module name: *mod is m without a `node:` scheme. */
static bool require_module(const char *data, size_t size, TSNode n, const char **mod,
                           size_t *mlen)
{
    if (!code_node_is(n, "call_expression"))
        return false;
    TSNode f = field(n, "function"), args = field(n, "arguments");
    size_t fl;
    const char *fp = span_text(data, size, f, &fl);
    if (fl != 7 || memcmp(fp, "require", 7) != 0 || nchild(args) != 1 ||
        !code_literal_value(data, size, child(args, 0), mod, mlen))
        return false;
    code_js_module_name(mod, mlen);
    return true;
}

static bool is_require(const struct tctx *t, TSNode n, const char **mod, size_t *mlen)
{
    return !t->py && require_module(t->s->data, t->s->len, n, mod, mlen);
}

static bool py_dynamic_name(struct tctx *t, TSNode call, struct qname *q, int depth);

/* Python: calls that return the environment or the command line: os.getenv,
 * os.environ.get (and their bytes forms), an argparse/optparse parser's parse_args() (it
 * reads sys.argv; the parser is bound to "argparse#"/"optparse#" by client_alias). */
static bool py_cli_call(const struct qname *q)
{
    static const char *const calls[] = {"os.getenv",
                                        "os.getenvb",
                                        "os.environ.get",
                                        "os.environb.get",
                                        "argparse#.parse_args",
                                        "argparse#.parse_known_args",
                                        "argparse#.parse_intermixed_args",
                                        "optparse#.parse_args",
                                        NULL};
    return q->ok && in_list(q->s, q->n, calls);
}

static void qualify(struct tctx *t, TSNode n, struct qname *q, int depth)
{
    const char *p, *mod;
    size_t len, mlen;
    if (depth > 16 || ts_node_is_null(n)) {
        q->ok = false;
        return;
    }
    const char *ty = ntype(n);
    if (strcmp(ty, "identifier") == 0) {
        p = ntext(t, n, &len);
        struct binding *b = lookup(t, p, len);
        if (b != NULL && b->module != NULL)
            qn_add(q, b->module, strlen(b->module));
        else
            qn_add(q, p, len);
    } else if (strcmp(ty, "member_expression") == 0 || strcmp(ty, "attribute") == 0) {
        qualify(t, field(n, "object"), q, depth + 1);
        qn_add(q, ".", 1);
        p = ntext(t, field(n, t->py ? "attribute" : "property"), &len);
        qn_add(q, p, len);
    } else if (is_require(t, n, &mod, &mlen)) {
        qn_add(q, mod, mlen);
    } else if (strcmp(ty, "parenthesized_expression") == 0 ||
               strcmp(ty, "non_null_expression") == 0 || strcmp(ty, "await_expression") == 0) {
        qualify(t, child(n, 0), q, depth + 1);
    } else if (strcmp(ty, "import") == 0) { /* JS dynamic import(x) */
        qn_add(q, "import", 6);
    } else if (strcmp(ty, "new_expression") == 0) { /* new VM({...}).run(code): "vm2.VM#.run" */
        qualify(t, field(n, "constructor"), q, depth + 1);
        qn_add(q, "#", 1);
    } else if (t->py && strcmp(ty, "call") == 0 && py_dynamic_name(t, n, q, depth)) {
        /* __import__("os") / getattr(os, "system") */
    } else {
        qn_add(q, "?", 1);
    }
}

/* "*.x" matches any name ending in ".x"; otherwise an exact match. */
static bool qn_match(const struct qname *q, const char *pat)
{
    if (pat[0] == '*') {
        size_t pl = strlen(pat + 1);
        return q->n > pl && memcmp(q->s + q->n - pl, pat + 1, pl) == 0;
    }
    return strcmp(q->s, pat) == 0;
}

/* ---- elements of containers ----
 *
 * A dict, list or config object filled with constant keys keeps one binding per element,
 * named "<container>\x1f<key>" (string keys 'k, indexes #i, several keys joined by \x1e):
 * `m['a'] = x; m['b'] = y; v = m['b']` and `lst.pop(0); v = lst[1]` read the element that
 * was stored there, not everything the container ever held. An element binding older than
 * its container's `reset` is stale (the container was rebound or changed in a way the pass
 * does not follow); a read then falls back to the container as a whole. */

#define ELEM_KEY_MAX 96

static bool int_literal(const struct tctx *t, TSNode n, long long *v)
{
    bool neg = false;
    if ((code_node_is(n, "unary_operator") || code_node_is(n, "unary_expression")) &&
        nchild(n) == 1) {
        size_t ol;
        const char *op = ntext(t, ts_node_child(n, 0), &ol);
        if (ol != 1 || *op != '-')
            return false;
        neg = true;
        n = child(n, 0);
    }
    if (!code_node_is(n, "integer") && !code_node_is(n, "number"))
        return false;
    size_t len;
    const char *p = ntext(t, n, &len);
    char tmp[24];
    if (len == 0 || len >= sizeof tmp)
        return false;
    memcpy(tmp, p, len);
    tmp[len] = '\0';
    char *end = NULL;
    long long x = strtoll(tmp, &end, 10);
    if (end == NULL || *end != '\0')
        return false;
    *v = neg ? -x : x;
    return true;
}

/* Append the constant key `k` to out[*n..cap); false when it is not a constant. */
static bool key_part(const struct tctx *t, const struct binding *c, TSNode k, char *out,
                     size_t *n, size_t cap)
{
    const char *p;
    size_t len;
    long long v;
    char tmp[32];
    if (string_value(t, k, &p, &len)) {
        for (uint32_t i = 0; i < nchild(k); i++) {
            if (code_node_is(child(k, i), "interpolation"))
                return false;
        }
        if (*n + len + 2 >= cap)
            return false;
        out[(*n)++] = '\'';
        memcpy(out + *n, p, len);
        *n += len;
        return true;
    }
    if (!int_literal(t, k, &v))
        return false;
    if (v < 0 && c != NULL && c->len >= 0)
        v += c->len;
    if (v < 0 || v > 1000000)
        return false;
    int m = snprintf(tmp, sizeof tmp, "#%lld", v);
    if (m <= 0 || *n + (size_t)m + 1 >= cap)
        return false;
    memcpy(out + *n, tmp, (size_t)m);
    *n += (size_t)m;
    return true;
}

/* The binding of element `key` of container `c` when it is not stale. */
static struct binding *lookup_elem(struct tctx *t, const struct binding *c, const char *key,
                                   size_t klen)
{
    char full[QNAME_MAX + ELEM_KEY_MAX];
    if (c->nlen + klen + 1 >= sizeof full)
        return NULL;
    memcpy(full, c->name, c->nlen);
    full[c->nlen] = '\x1f';
    memcpy(full + c->nlen + 1, key, klen);
    struct binding *e = lookup(t, full, c->nlen + 1 + klen);
    return e != NULL && e->seq > c->reset ? e : NULL;
}

/* Bind element `key` of container `c` (c may move: callers look it up again after). */
static void bind_elem(struct tctx *t, const struct binding *c, const char *key, size_t klen,
                      struct origin o)
{
    char *full = xasprintf("%.*s\x1f%.*s", (int)c->nlen, c->name, (int)klen, key);
    struct binding *e = bind_name(t, full, strlen(full), o);
    if (e->name == full)
        e->owned = full;
    else
        free(full);
}

/* The container binding an identifier names (not an import alias), or NULL. */
static struct binding *container_of(struct tctx *t, TSNode obj)
{
    if (!code_node_is(obj, "identifier"))
        return NULL;
    size_t len;
    const char *p = ntext(t, obj, &len);
    struct binding *c = lookup(t, p, len);
    return c != NULL && c->module == NULL ? c : NULL;
}

/* ---- sources ---- */

static const char *const js_req_roots[] = {"req", "request", NULL};
static const char *const js_req_props[] = {
    "query",   "body",     "params", "headers", "cookies", "signedCookies", "url",
    "originalUrl", "path", "files",  "file",    "hostname", "nextUrl",      "json",
    "formData", "text",    "get",    "header",  "param",   "searchParams",  "payload",
    "state",    NULL};
static const char *const js_dom_roots[] = {"location", "window", "document", NULL};
static const char *const js_dom_props[] = {"hash", "search", "href", "URL", "documentURI",
                                           "referrer", "name", "cookie", "location", NULL};
static const char *const py_req_props[] = {
    "args",    "form",     "values",     "json",      "data",   "files",  "cookies",
    "headers", "get_json", "get_data",   "GET",       "POST",   "COOKIES", "META",
    "body",    "query_params", "path_params", "match_info", "query", "rel_url", "post",
    "content", "text",     "url",        "path",      "full_path", "environ", "stream",
    "FILES",   "REQUEST",  "view_args",  "query_string", "arguments", "query_arguments",
    "body_arguments", "uri", "params", "matchdict", "json_body",
    /* werkzeug headers by name, Django's path with its query, Falcon, Bottle */
    "referrer", "user_agent", "authorization", "get_full_path", "get_full_path_info",
    "media", "get_media", "get_param", "get_param_as_list", "get_header", "bounded_stream",
    "forms", "POST_params", NULL};

const char *const *taint_request_members(bool py)
{
    return py ? py_req_props : js_req_props;
}

/* The root identifier and the first properties of a member chain. */
static bool member_chain(const struct tctx *t, TSNode n, TSNode parts[4], size_t *np)
{
    TSNode stack[32];
    size_t k = 0;
    while ((code_node_is(n, "member_expression") || code_node_is(n, "attribute") ||
            code_node_is(n, "subscript_expression") || code_node_is(n, "subscript") ||
            code_node_is(n, "call_expression") || code_node_is(n, "call")) &&
           k < 32) {
        if (code_node_is(n, "member_expression") || code_node_is(n, "attribute"))
            stack[k++] = field(n, t->py ? "attribute" : "property");
        n = code_node_is(n, "call_expression") || code_node_is(n, "call") ? field(n, "function")
            : code_node_is(n, "subscript") ? field(n, "value")
                                            : field(n, "object");
    }
    if (!code_node_is(n, "identifier") || k == 32)
        return false;
    parts[0] = n;
    *np = 1;
    while (k > 0 && *np < 4)
        parts[(*np)++] = stack[--k];
    return true;
}

static bool part_in(const struct tctx *t, TSNode n, const char *const *list)
{
    size_t len;
    const char *p = ntext(t, n, &len);
    return in_list(p, len, list);
}

/* A name the current code bound to an object it made (binding.made), not a DOM global
 * (const location = useLocation() is still the address bar). */
static bool made_here(const struct tctx *t, TSNode id)
{
    size_t len;
    const char *p = ntext(t, id, &len);
    if (t->py || in_list(p, len, js_dom_roots))
        return false; /* Python: request = Request(environ) is werkzeug's own request */
    for (size_t i = t->nb; i > 0; i--) {
        const struct binding *b = &t->b[i - 1];
        if (b->nlen == len && memcmp(b->name, p, len) == 0)
            return b->made && b->module == NULL;
    }
    return false;
}

static bool is_function(const char *ty);
static void js_random_return(struct tctx *t, TSNode n, TSNode e);
static TSNode param_target(TSNode p);

/* JS: `request` is the first parameter of the nearest function that declares it, and the
 * parameter after it is not the other half of an HTTP exchange (res, response, reply, h,
 * a Workers env/ctx, a Next.js context or `{ params }`): a hook or plugin callback
 * (`(request, resolveContext, callback)` of a module resolver), whose `request.path` names
 * a module, not what a client sent. `req`, and `request` alone, stay request data. */
static bool js_foreign_request(const struct tctx *t, TSNode id)
{
    static const char *const second[] = {"res", "response", "reply", "h", "resp", "rep",
                                         "env", "ctx", "context", "_res", "_response",
                                         "_reply", "_h", "_ctx", "_context", "_env", NULL};
    if (t->py || !text_is(t, id, "request"))
        return false;
    for (TSNode f = parent_of(id); !ts_node_is_null(f); f = parent_of(f)) {
        if (!is_function(ntype(f)))
            continue;
        TSNode ps = field(f, "parameters");
        uint32_t c = nchild(ps);
        int at = -1;
        for (uint32_t i = 0; i < c && at < 0; i++) {
            if (text_is(t, param_target(child(ps, i)), "request"))
                at = (int)i;
        }
        if (at < 0)
            continue; /* a free `request`: the function above may declare it */
        if (at != 0 || c < 2)
            return false;
        TSNode p1 = child(ps, 0), p2 = param_target(child(ps, 1));
        if (!ts_node_is_null(field(p1, "type")) || !code_node_is(p2, "identifier") ||
            part_in(t, p2, second))
            return false; /* typed (request: Request), or (request, { params }) */
        size_t l2;
        const char *n2 = ntext(t, p2, &l2);
        static const char *const ends[] = {"res", "Res", "resp", "Resp", "response",
                                           "Response", "reply", "Reply", "toolkit",
                                           "Toolkit", NULL};
        for (size_t i = 0; ends[i] != NULL; i++) {
            size_t m = strlen(ends[i]);
            if (l2 >= m && memcmp(n2 + l2 - m, ends[i], m) == 0)
                return false; /* responseToolkit, httpRes, fastifyReply */
        }
        return !(l2 >= 4 && (memcmp(n2, "resp", 4) == 0 || memcmp(n2, "repl", 4) == 0));
    }
    return false;
}

/* Python: `request` is a parameter of the nearest function that declares it, typed as a
 * client's outgoing request (requests' PreparedRequest in a transport adapter, httpx,
 * urllib, aiohttp): its url and headers are what this program sends, not what it got. */
static bool py_foreign_request(const struct tctx *t, TSNode id)
{
    static const char *const client[] = {"PreparedRequest", "requests.PreparedRequest",
                                         "requests.Request", "httpx.Request",
                                         "urllib.request.Request", "ClientRequest",
                                         "aiohttp.ClientRequest", NULL};
    for (TSNode f = parent_of(id); !ts_node_is_null(f); f = parent_of(f)) {
        if (!is_function(ntype(f)))
            continue;
        TSNode ps = field(f, "parameters");
        for (uint32_t i = 0; i < nchild(ps); i++) {
            TSNode p = child(ps, i);
            TSNode name = code_node_is(p, "typed_parameter") ? child(p, 0) : param_target(p);
            if (text_is(t, name, "request"))
                return part_in(t, field(p, "type"), client);
        }
    }
    return false;
}

/* Is this member/attribute chain request data? */
static bool is_source(const struct tctx *t, TSNode n)
{
    TSNode p[4];
    size_t np = 0;
    if (!member_chain(t, n, p, &np) || np < 2 || made_here(t, p[0]))
        return false;
    if (t->py) {
        /* the path of a route without <converters> is the route's own text */
        if (t->route_literal && text_is(t, p[1], "path"))
            return false;
        size_t rl;
        const char *r0 = ntext(t, p[0], &rl);
        if (text_is(t, p[0], "request"))
            return part_in(t, p[1], py_req_props) && !py_foreign_request(t, p[0]);
        if (t->py_req != NULL && rl == t->py_req_len && memcmp(r0, t->py_req, rl) == 0)
            return part_in(t, p[1], py_req_props);
        /* http.server handlers: what the client sent */
        static const char *const hs[] = {"path", "headers", "rfile", "requestline", NULL};
        if (t->py_handler && text_is(t, p[0], "self") && part_in(t, p[1], hs))
            return true;
        /* Tornado handlers: self.get_argument('q'), self.get_cookie('c') */
        static const char *const tornado[] = {"get_argument", "get_arguments",
                                              "get_query_argument", "get_query_arguments",
                                              "get_body_argument", "get_body_arguments",
                                              "get_cookie", "get_secure_cookie",
                                              "get_signed_cookie", NULL};
        if (text_is(t, p[0], "self") && part_in(t, p[1], tornado))
            return true;
        /* self.request.GET in a class-based view; bottle.request.query */
        return np >= 3 && (text_is(t, p[0], "self") || text_is(t, p[0], "bottle")) &&
               text_is(t, p[1], "request") && part_in(t, p[2], py_req_props);
    }
    if (part_in(t, p[0], js_req_roots))
        return part_in(t, p[1], js_req_props) && !js_foreign_request(t, p[0]);
    if (text_is(t, p[0], "ctx")) {
        static const char *const kp[] = {"request", "query", "params", "cookies", "headers",
                                         NULL};
        return part_in(t, p[1], kp);
    }
    if (text_is(t, p[0], "event")) { /* AWS Lambda behind API Gateway */
        static const char *const kp[] = {"body", "queryStringParameters", "pathParameters",
                                         "multiValueQueryStringParameters", "rawQueryString",
                                         NULL};
        return part_in(t, p[1], kp);
    }
    if (text_is(t, p[0], "context")) { /* Next.js getServerSideProps(context) */
        static const char *const kp[] = {"query", "params", NULL};
        return part_in(t, p[1], kp);
    }
    if (part_in(t, p[0], js_dom_roots)) {
        size_t i = 1;
        while (i < np && (text_is(t, p[i], "location") || text_is(t, p[i], "document")))
            i++;
        if (text_is(t, p[0], "location") && i == 1)
            return part_in(t, p[1], js_dom_props);
        return i > 1 ? i < np && part_in(t, p[i], js_dom_props)
                     : part_in(t, p[1], js_dom_props) && !text_is(t, p[1], "name");
    }
    return false;
}

static TSNode positional_arg(TSNode args, int idx, bool py);

/* JS: replace(/^http:/, 'https:') / replace(/^http/, 'ws'): arguments that swap the
 * scheme of a URL (a regex of letters and ':' anchored at its start, a string) and leave
 * the rest as it was. */
static bool js_scheme_swap(const struct tctx *t, TSNode args)
{
    TSNode re = positional_arg(args, 0, false), to = positional_arg(args, 1, false);
    if (!code_node_is(re, "regex") || !code_node_is(to, "string"))
        return false;
    size_t len;
    const char *p = ntext(t, field(re, "pattern"), &len);
    if (len < 2 || p[0] != '^')
        return false;
    for (size_t i = 1; i < len; i++) {
        if (!isalpha((unsigned char)p[i]) && p[i] != ':' && p[i] != '?')
            return false;
    }
    return true;
}

/* JS: replace(/([?&]?)mode=embed&?/g, '$1') / replace(/#.*$/, ''): arguments that edit the
 * query or fragment of a URL only (a regex whose match starts at '?', '&' or '#', a
 * replacement without ':' or '/'), so the scheme, host and path stay as they were. */
static bool js_query_edit(const struct tctx *t, TSNode args)
{
    static const char *const starts[] = {"#", "?", "&", "\\?", "\\#", "[?&]", "([?&]", "(\\?",
                                         "(&", "(#", "[&?]", "([&?]", NULL};
    TSNode re = positional_arg(args, 0, false), to = positional_arg(args, 1, false);
    const char *v;
    size_t vl, len;
    if (!code_node_is(re, "regex") || !string_value(t, to, &v, &vl) || memchr(v, ':', vl) ||
        memchr(v, '/', vl))
        return false;
    const char *p = ntext(t, field(re, "pattern"), &len);
    for (size_t i = 0; starts[i] != NULL; i++) {
        size_t sl = strlen(starts[i]);
        if (len > sl && memcmp(p, starts[i], sl) == 0)
            return true;
    }
    return false;
}

/* JS: is n, request data by is_source, the page's own address whole or a prefix of it:
 * location.href (also through window/document), document.URL / documentURI (also
 * window.document), and of one of those .toString(), .split(s)[0], .substring(0, i) /
 * .slice(0, i) / .substr(0, i) and a scheme swapped (js_scheme_swap)? The attacker chooses
 * its path, query and hash, never its scheme or host. */
static bool js_self_address(const struct tctx *t, TSNode n)
{
    static const char *const locs[] = {"location", "window.location", "document.location",
                                       "window.document.location", NULL};
    static const char *const docs[] = {"document", "window.document", NULL};
    static const char *const cuts[] = {"substring", "slice", "substr", NULL};
    if (t->py)
        return false;
    if (code_node_is(n, "subscript_expression")) {
        TSNode c = field(n, "object"), f = field(c, "function");
        return code_node_is(c, "call_expression") && text_is(t, field(n, "index"), "0") &&
               code_node_is(f, "member_expression") && text_is(t, field(f, "property"), "split") &&
               js_self_address(t, field(f, "object"));
    }
    if (code_node_is(n, "call_expression")) {
        TSNode f = field(n, "function");
        if (!code_node_is(f, "member_expression"))
            return false;
        TSNode m = field(f, "property"), args = field(n, "arguments");
        bool prefix = text_is(t, m, "toString") ||
                      (part_in(t, m, cuts) && text_is(t, positional_arg(args, 0, false), "0")) ||
                      (text_is(t, m, "replace") && js_scheme_swap(t, args)) ||
                      ((text_is(t, m, "replace") || text_is(t, m, "replaceAll")) &&
                       js_query_edit(t, args));
        return prefix && js_self_address(t, field(f, "object"));
    }
    if (!code_node_is(n, "member_expression"))
        return false;
    TSNode prop = field(n, "property");
    size_t len;
    const char *p = ntext(t, field(n, "object"), &len);
    if (text_is(t, prop, "href"))
        return in_list(p, len, locs);
    return (text_is(t, prop, "URL") || text_is(t, prop, "documentURI")) && in_list(p, len, docs);
}

static const char *const js_whole_props[] = {"url",  "originalUrl", "path", "hostname", "host",
                                             "href", "origin",      "URL",  NULL};
/* Members that take a piece out of an address (OF_WHOLE no longer holds). */
static const char *const js_url_pieces[] = {"query", "searchParams", "search", "hash", "params",
                                            "get", "getAll", "body", NULL};

static bool in_list_nocase(const char *p, size_t n, const char *const *list)
{
    for (size_t i = 0; list[i] != NULL; i++) {
        if (strlen(list[i]) == n && strncasecmp(p, list[i], n) == 0)
            return true;
    }
    return false;
}

/* JS: is n, request data by is_source, the request's whole address or host (OF_WHOLE):
 * req.url, req.originalUrl, req.path (also called: restify's req.path()), req.hostname,
 * request.url, the Host and Referer headers (req.headers.host, req.headers[':authority'],
 * req.get('Referrer'), req.header('host'))? The Referer names the page the browser came
 * from: redirecting back there sends the visitor to a page they were already on. */
static bool js_piece_index(const struct tctx *t, TSNode n)
{
    long long i;
    return code_node_is(n, "subscript_expression") &&
           !(int_literal(t, field(n, "index"), &i) && i == 0);
}

static bool js_whole_address(const struct tctx *t, TSNode n)
{
    TSNode p[4];
    size_t np = 0, b = 1;
    if (t->py || !member_chain(t, n, p, &np))
        return false;
    if (text_is(t, p[0], "ctx")) /* Koa: ctx.headers.host, ctx.request.URL.origin */
        b = np > 2 && text_is(t, p[1], "request") ? 2 : 1;
    else if (!part_in(t, p[0], js_req_roots))
        return false;
    static const char *const hosts[] = {"host", ":authority", "referer", "referrer", NULL};
    const char *v;
    size_t vl;
    if (np == b + 1 && text_is(t, p[b], "headers") && code_node_is(n, "subscript_expression"))
        return code_node_is(field(n, "object"), "member_expression") && /* headers['host'] */
               string_value(t, field(n, "index"), &v, &vl) && in_list_nocase(v, vl, hosts);
    if (np >= b + 2 && text_is(t, p[b], "headers"))
        return np == b + 2 && code_node_is(n, "member_expression") && part_in(t, p[b + 1], hosts);
    /* req.get('Referrer'), req.header('host') */
    if (np == b + 1 && code_node_is(n, "call_expression") &&
        (text_is(t, p[b], "get") || text_is(t, p[b], "header")))
        return string_value(t, positional_arg(field(n, "arguments"), 0, false), &v, &vl) &&
               in_list_nocase(v, vl, hosts);
    if (np <= b || !part_in(t, p[b], js_whole_props))
        return false;
    /* req.url.split('?')[0], req.path.slice(1): still the address; .split('?')[1] and
     * .searchParams are pieces of it */
    for (size_t i = b + 1; i < np; i++) {
        if (part_in(t, p[i], js_url_pieces))
            return false;
    }
    for (TSNode c = n; !ts_node_is_null(c) && !code_node_is(c, "identifier");) {
        if (js_piece_index(t, c))
            return false;
        c = code_node_is(c, "call_expression") ? field(c, "function") : field(c, "object");
    }
    return true;
}

/* The origin of request data found at n (is_source): the page's own address is also a
 * fixed destination (OF_SELF | OF_FIXED); a server request's whole address is OF_WHOLE. */
static struct origin js_self_origin(const struct tctx *t, TSNode n)
{
    struct origin o = o_level(T_REQUEST, n);
    if (js_self_address(t, n))
        o.flags = OF_SELF | OF_FIXED;
    else if (js_whole_address(t, n))
        o.flags = OF_WHOLE;
    return o;
}

/* JS: does call f keep the page's own address it is handed whole (OF_SELF)? The address's
 * toString/valueOf/trim, String(x), decodeURI(x), encodeURI(x); any other call may return
 * a piece of it (getParam(location.href, 'next')). new URL(x) is left out: the object is
 * made to be changed (url.searchParams.set(...)), which the pass does not follow. */
static bool js_self_keeps(const struct tctx *t, TSNode f, bool member)
{
    static const char *const methods[] = {"toString", "valueOf", "trim", NULL};
    static const char *const wraps[] = {"String", "decodeURI", "encodeURI", NULL};
    if (member)
        return part_in(t, field(f, t->py ? "attribute" : "property"), methods);
    return code_node_is(f, "identifier") && part_in(t, f, wraps);
}

/* JS: `req.foo` / `request.foo` in a handler (its request parameter, or a free `req`): a
 * member none of the tables names is taken as request data on a guess (OF_GUESS), except
 * what the server or a middleware sets (req.user, req.session, ...) and the request
 * object's own methods and state. */
/* Python: what a submitted form holds, Django `form.cleaned_data[...]`/`form.data[...]`
 * and WTForms `form.name.data`, on an object named like a form (form, login_form, loginForm,
 * self.form):
 * request data on a guess (OF_GUESS: at most medium confidence). */
static bool py_form_source(const struct tctx *t, TSNode n)
{
    TSNode p[4];
    size_t np = 0, len;
    if (!t->py || !member_chain(t, n, p, &np) || np < 2)
        return false;
    size_t i = text_is(t, p[0], "self") && np >= 3 ? 1 : 0;
    const char *root = ntext(t, p[i], &len);
    /* form, login_form, loginForm (not platform, transform, uniform) */
    if (!(len == 4 && strncasecmp(root, "form", 4) == 0) &&
        !(len > 5 && strncmp(root + len - 5, "_form", 5) == 0) &&
        !(len > 4 && strncmp(root + len - 4, "Form", 4) == 0))
        return false;
    if (text_is(t, p[i + 1], "cleaned_data") || text_is(t, p[i + 1], "data"))
        return true;
    return i + 2 < np && text_is(t, p[i + 2], "data");
}

/* zip slip: the path an archive entry names (entry.path, zipEntry.entryName), in a file
 * that imports an archive reader. */
static bool archive_entry(const struct tctx *t, TSNode n)
{
    static const char *const entries[] = {"entry", "zipEntry", "header", "fileEntry", NULL};
    static const char *const names[] = {"path", "entryName", "name", "fileName", NULL};
    TSNode p[4];
    size_t np = 0;
    return t->js_archive && member_chain(t, n, p, &np) && np == 2 &&
           part_in(t, p[0], entries) && part_in(t, p[1], names);
}

/* Does the file hold a parent-segment literal ('..', "../", `..\\`) or a regex of one
 * (\.\.)? An archive extractor that has one checks its entries' paths for escapes (the
 * check may be in the caller of the function that writes the file, or just after a mkdir
 * it guards). */
static bool parent_segment_text(const char *d, size_t n)
{
    for (size_t i = 0; i + 3 < n; i++) {
        if ((d[i] == '\'' || d[i] == '"' || d[i] == '`') && d[i + 1] == '.' && d[i + 2] == '.' &&
            (d[i + 3] == d[i] || d[i + 3] == '/' || d[i + 3] == '\\'))
            return true;
        if (d[i] == '\\' && d[i + 1] == '.' && d[i + 2] == '\\' && d[i + 3] == '.')
            return true;
    }
    return false;
}

static bool js_guess_source(struct tctx *t, TSNode n)
{
    static const char *const server_set[] = {
        "user", "session", "sessionID", "sessionStore", "app", "res", "next", "method",
        "protocol", "secure", "ip", "ips", "xhr", "route", "baseUrl", "fresh", "stale",
        "socket", "connection", "httpVersion", "httpVersionMajor", "httpVersionMinor",
        "statusCode", "statusMessage", "complete", "aborted", "readable", "locals", "id",
        "log", "logger", "t", "i18n", "flash", "isAuthenticated", "isUnauthenticated",
        "login", "logIn", "logout", "logOut", "csrfToken", "accepts", "acceptsCharsets",
        "acceptsEncodings", "acceptsLanguages", "acceptsLanguage", "is", "on", "once", "off",
        "pipe", "unpipe", "resume", "pause", "setEncoding", "destroy", "end", "write",
        "setTimeout", "emit", "addListener", "removeListener", "removeAllListeners",
        "listeners", "db", "models", "config", "context", "auth", "startTime", "length",
        "constructor", "prototype", "hasOwnProperty", "toString", "agent", "abort",
        "setHeader", "getHeader", "getHeaders", "removeHeader", "headersSent", "finished",
        "writableEnded", "flushHeaders", "client", "services", "raw", "span", "tracer",
        "requestId", "reqId", "env", "cache", "store", "redis", "knex", "sequelize",
        "prisma", "tenant", "account", "token", "jwt", "permissions", "roles", "isAdmin",
        "admin", "server", "signal", "destroyed", "closed", "errored", "timedout", "host_",
        "then", "catch", "finally", "bind", "call", "apply", NULL};
    TSNode p[4];
    size_t np = 0, len;
    if (t->py)
        return false;
    /* a Lambda handler's event: event.user, event["dir"] */
    if (t->js_lambda && (code_node_is(n, "member_expression") ||
                         code_node_is(n, "subscript_expression"))) {
        TSNode o = field(n, "object");
        size_t ol;
        const char *op = ntext(t, o, &ol);
        struct binding *eb = lookup(t, op, ol);
        if (code_node_is(o, "identifier") && text_is(t, o, "event") && eb != NULL &&
            eb->module == NULL && eb->o.lvl == T_CONST)
            return true;
    }
    if (!member_chain(t, n, p, &np) || np < 2)
        return false;
    if (archive_entry(t, n))
        return true;
    if (!text_is(t, p[0], "req") && !text_is(t, p[0], "request"))
        return false;
    const char *nm = ntext(t, p[0], &len);
    struct binding *b = lookup(t, nm, len);
    /* a free `req`, or the request parameter of a handler; not `const request =
     * require('request')`, `const req = https.request(...)`, nor `function f(req)` */
    if (b == NULL ? !text_is(t, p[0], "req")
                  : b->module != NULL || b->o.lvl != T_CONST || !t->js_handler)
        return false;
    const char *m = ntext(t, p[1], &len);
    return len > 0 && m[0] != '_' && m[0] != '$' && !in_list(m, len, server_set);
}

/* JS: req.body, request.query, ctx.request.body ...: a whole parsed container of the
 * request (an object), not one of its fields. */
static bool js_req_container(struct tctx *t, TSNode n)
{
    static const char *const containers[] = {"body", "query", "params", "cookies",
                                             "signedCookies", "headers", NULL};
    if (code_node_is(n, "identifier") && part_in(t, n, containers)) {
        size_t len; /* `const { query } = req` ... res.send(query) */
        const char *p = ntext(t, n, &len);
        const struct binding *b = lookup(t, p, len);
        return b != NULL && b->module == NULL && b->o.lvl == T_REQUEST &&
               (code_node_is(b->o.src, "shorthand_property_identifier_pattern") ||
                code_node_is(b->o.src, "property_identifier"));
    }
    if (!code_node_is(n, "member_expression") || !is_source(t, n))
        return false;
    return part_in(t, field(n, "property"), containers);
}

/* ---- sanitisers ---- */

static const char *const js_sanitisers[] = {
    "parseInt", "parseFloat", "Number", "Boolean", "isNaN", "encodeURIComponent", "escape",
    "escapeHtml", "escapeHTML", "he.encode", "he.escape", "validator.escape", "validator.isInt",
    "DOMPurify.sanitize", "sanitizeHtml", "sanitize", "xss", "xssFilters.inHTMLData",
    "sqlstring.escape", "SqlString.escape", "mysql.escape", "mysql.format", "pg-format",
    "shellescape", "shell-quote.quote", "shellQuote.quote", "shell-escape", "any-shell-escape",
    "shescape.quote", "shescape.quoteAll", "shescape.Shescape#.quote",
    "shescape.Shescape#.quoteAll", "path.basename", "Math.floor",
    "Math.round", "Math.max", "Math.min", "Math.abs", "Date.parse", "crypto.createHash",
    "bcrypt.hash", "uuid", "String.fromCharCode", "JSON.stringify", "mongo-sanitize", NULL};
static const char *const js_method_sanitisers[] = {"escape", "length", "indexOf", "includes",
                                                   "test", "startsWith", "endsWith", "getTime",
                                                   "toFixed", "digest", "sanitize", NULL};
static const char *const py_sanitisers[] = {
    "int", "float", "bool", "len", "escape", "html.escape", "cgi.escape", "markupsafe.escape",
    "flask.escape", "bleach.clean", "shlex.quote", "pipes.quote", "quote", "os.path.basename",
    "secure_filename", "werkzeug.utils.secure_filename", "uuid.UUID", "hash", "ord",
    "hashlib.sha256", "hashlib.md5", "hashlib.sha1", "abs", "round", "isinstance",
    "django.utils.html.escape", "html.escape", "conditional_escape", "urllib.parse.quote",
    "json.dumps", "url_for", "flask.url_for", "reverse", "django.urls.reverse", "jsonify",
    "flask.jsonify", "render_template", "flask.render_template", "render_to_string",
    "django.template.loader.render_to_string", "render", "django.shortcuts.render",
    "jwt.encode", NULL}; /* a signed token: base64url parts and dots */

/* A function named like a validator or an escaper (safeNext, is_safe_url, sanitizePath,
 * validateHost, escape_sql, allowlisted): its result is treated as checked. */
static bool validator_name(const char *s, size_t n)
{
    static const char *const words[] = {"safe", "saniti", "valid", "escape", "clean", "allow",
                                        "whitelist", "verify", NULL};
    const char *dot = memrchr(s, '.', n);
    if (dot != NULL) {
        n -= (size_t)(dot + 1 - s);
        s = dot + 1;
    }
    for (size_t i = 0; words[i] != NULL; i++) {
        size_t m = strlen(words[i]);
        for (size_t k = 0; k + m <= n; k++) {
            /* a word of the name (safeNext, is_safe_url, isSafe; not urlsafe_b64decode),
             * not unescape / unsafe / invalid... */
            bool word = k == 0 || s[k - 1] == '_' || k + m == n || /* htmlescape */
                        (s[k] >= 'A' && s[k] <= 'Z' && s[k - 1] >= 'a' && s[k - 1] <= 'z');
            if (word && strncasecmp(s + k, words[i], m) == 0 &&
                !(k >= 2 && strncasecmp(s + k - 2, "un", 2) == 0) &&
                !(k >= 2 && strncasecmp(s + k - 2, "in", 2) == 0))
                return true;
        }
    }
    return false;
}

/* Python: Django's strip_tags (django.utils.html; imported by its bare name or from
 * another module): the markup is taken out. */
static bool py_strip_tags(const struct tctx *t, const struct qname *q)
{
    static const char sfx[] = "strip_tags";
    size_t m = sizeof sfx - 1;
    return t->py && q->ok && q->n >= m && memcmp(q->s + q->n - m, sfx, m) == 0 &&
           (q->n == m || q->s[q->n - m - 1] == '.');
}

static bool sanitiser(const struct tctx *t, const struct qname *q, TSNode callee)
{
    if (!q->ok)
        return false;
    if (validator_name(q->s, q->n) || py_strip_tags(t, q))
        return true;
    const char *const *list = t->py ? py_sanitisers : js_sanitisers;
    for (size_t i = 0; list[i] != NULL; i++) {
        if (strcmp(q->s, list[i]) == 0)
            return true;
    }
    /* the last component for methods (x.escape(), s.length) */
    if (!t->py && code_node_is(callee, "member_expression"))
        return part_in(t, field(callee, "property"), js_method_sanitisers);
    if (t->py && code_node_is(callee, "attribute")) {
        static const char *const pm[] = {"isdigit", "isalnum", "isnumeric", "startswith",
                                         "endswith", "count", "find", "index", "escape",
                                         "hexdigest", "quote", NULL};
        return part_in(t, field(callee, "attribute"), pm);
    }
    const char *dot = strrchr(q->s, '.');
    return dot != NULL && (strcmp(dot, ".escape") == 0 || strcmp(dot, ".quote") == 0);
}

/* ---- string flags ---- */

static bool has_word(const char *p, size_t n, const char *w)
{
    size_t m = strlen(w);
    for (size_t i = 0; i + m <= n; i++) {
        if (strncasecmp(p + i, w, m) == 0 &&
            (i == 0 || !((p[i - 1] >= 'a' && p[i - 1] <= 'z') || (p[i - 1] >= 'A' && p[i - 1] <= 'Z'))) &&
            (i + m == n || !((p[i + m] >= 'a' && p[i + m] <= 'z') || (p[i + m] >= 'A' && p[i + m] <= 'Z'))))
            return true;
    }
    return false;
}

/* Does p[0..n) contain w (case-sensitive)? */
static bool has_sub(const char *p, size_t n, const char *w)
{
    size_t m = strlen(w);
    for (size_t i = 0; p != NULL && i + m <= n; i++)
        if (memcmp(p + i, w, m) == 0)
            return true;
    return false;
}

/* Does p[0..n) contain one of words (NULL-ended), whatever the case? */
static bool has_any_ci(const char *p, size_t n, const char *const *words)
{
    for (size_t i = 0; p != NULL && words[i] != NULL; i++) {
        size_t m = strlen(words[i]);
        for (size_t k = 0; k + m <= n; k++) {
            if (strncasecmp(p + k, words[i], m) == 0)
                return true;
        }
    }
    return false;
}

/* SQL text: SELECT..FROM, INSERT INTO, UPDATE..SET, DELETE FROM, or a WHERE/ORDER BY
 * clause being built. */
static unsigned sql_flag(const char *p, size_t n)
{
    if ((has_word(p, n, "select") && has_word(p, n, "from")) ||
        (has_word(p, n, "insert") && has_word(p, n, "into")) ||
        (has_word(p, n, "update") && has_word(p, n, "set")) ||
        (has_word(p, n, "delete") && has_word(p, n, "from")) ||
        (has_word(p, n, "where") && (memchr(p, '=', n) != NULL || has_word(p, n, "like"))) ||
        has_word(p, n, "order by"))
        return OF_SQL;
    return 0;
}

/* An LDAP filter: "(attr=", "(attr~=", "(&(", "(|(", "(!(". */
static unsigned ldap_flag(const char *p, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++) {
        if (p[i] != '(')
            continue;
        if ((p[i + 1] == '&' || p[i + 1] == '|' || p[i + 1] == '!') && p[i + 2] == '(')
            return OF_LDAP;
        size_t k = i + 1;
        if (!((p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z')))
            continue;
        while (k < n && ((p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z') ||
                         (p[k] >= '0' && p[k] <= '9') || p[k] == '-' || p[k] == '.'))
            k++;
        if (k < n && (p[k] == '~' || p[k] == '>' || p[k] == '<'))
            k++;
        if (k < n && p[k] == '=')
            return OF_LDAP;
    }
    return 0;
}

/* A string that begins "http(s)://host/", "/x" (not "//"), "#", "?" or a relative reference
 * ("api/users?", "contexts?q=", "./x": a path segment, then '/', '?' or '#', before any ':'):
 * the destination is fixed (a relative reference stays on the page's or the base URL's
 * host). */
static unsigned fixed_flag(const char *p, size_t n)
{
    if (n >= 2 && (*p == 'f' || *p == 'F') && (p[1] == '"' || p[1] == '\''))
        p++, n--; /* Python f-string */
    while (n > 0 && (*p == '"' || *p == '\'' || *p == '`'))
        p++, n--;
    if (n >= 2 && p[0] == '/' && p[1] != '/' && p[1] != '\\')
        return OF_FIXED;
    if (n >= 1 && (p[0] == '#' || p[0] == '?'))
        return OF_FIXED; /* "#" + x, "?q=" + x: this document, another fragment or query */
    size_t i = 0;
    if (n > 8 && strncasecmp(p, "https://", 8) == 0)
        i = 8;
    else if (n > 7 && strncasecmp(p, "http://", 7) == 0)
        i = 7;
    if (i == 0) {
        for (; i < n && (isalnum((unsigned char)p[i]) || p[i] == '.' || p[i] == '-' ||
                         p[i] == '_');
             i++)
            ;
        return i > 0 && i < n && (p[i] == '/' || p[i] == '?' || p[i] == '#') ? OF_FIXED : 0;
    }
    for (; i < n; i++) {
        if (p[i] == '/' || p[i] == '?')
            return OF_FIXED;
        if (p[i] == '$' || p[i] == '{' || p[i] == '%' || p[i] == '"' || p[i] == '\'' ||
            p[i] == '`')
            return 0;
    }
    return 0;
}

/* ---- expressions ---- */

static struct origin eval(struct tctx *t, TSNode n);
static bool allow_check(struct tctx *t, TSNode n);

static struct origin eval_children(struct tctx *t, TSNode n, struct origin o)
{
    uint32_t c = nchild(n);
    for (uint32_t i = 0; i < c; i++) {
        TSNode k = child(n, i);
        if (code_node_is(k, "comment"))
            continue;
        if (code_node_is(k, "keyword_argument") || code_node_is(k, "pair"))
            k = field(k, "value");
        o = o_join(o, eval(t, k));
    }
    return o;
}

/* A string literal, template literal or f-string. */
/* JS: a string that is a lone "/" before the data joined to it ('/' + x, `/${x}`): x =
 * "/evil.example" makes "//evil.example", another host, so the destination is not fixed. */
static bool js_bare_slash(const char *p, size_t n)
{
    if (n == 0 || (*p != '"' && *p != '\'' && *p != '`'))
        return false;
    p++, n--;
    if (n == 0 || *p != '/')
        return false;
    return n == 1 || p[1] == '"' || p[1] == '\'' || p[1] == '`' ||
           (n >= 3 && p[1] == '$' && p[2] == '{');
}

/* Python: the same lone "/" before data: "/" + x, f"/{x}", "/{}".format(x), "/%s" % x.
 * Prefixes (f, r, b, u) and triple quotes are skipped; "/%d" stays fixed (a number). */
static bool py_bare_slash(const char *p, size_t n)
{
    while (n > 0 && isalpha((unsigned char)*p))
        p++, n--;
    if (n == 0 || (*p != '"' && *p != '\''))
        return false;
    char q = *p;
    while (n > 0 && *p == q)
        p++, n--;
    if (n == 0 || *p != '/')
        return false;
    p++, n--;
    return n == 0 || *p == q || *p == '{' || (n >= 2 && p[0] == '%' && p[1] == 's');
}

static struct origin eval_string(struct tctx *t, TSNode n)
{
    size_t len;
    const char *p = ntext(t, n, &len);
    struct origin o = o_const();
    uint32_t c = nchild(n);
    for (uint32_t i = 0; i < c; i++) {
        TSNode k = child(n, i);
        if (code_node_is(k, "template_substitution") || code_node_is(k, "interpolation"))
            o = o_join(o, eval(t, child(k, 0)));
    }
    bool bare = t->py ? py_bare_slash(p, len) : js_bare_slash(p, len);
    unsigned fixed = bare ? 0 : fixed_flag(p, len);
    o.flags |= sql_flag(p, len) | fixed | ldap_flag(p, len);
    if (o.lvl == T_CONST)
        o.flags &= ~(OF_SQL | OF_LDAP);
    const char *sv;
    size_t sl;
    bool interp = false;
    for (uint32_t i = 0; i < c; i++)
        interp |= code_node_is(child(n, i), "interpolation");
    if (o.lvl == T_CONST && !interp && code_node_is(n, "string") &&
        string_value(t, n, &sv, &sl) && memchr(sv, '\\', sl) == NULL) {
        o.has_str = true;
        o.sval = sv;
        o.slen = sl;
        static const char *const shells[] = {"sh", "bash", "zsh", "dash", "ksh", "/bin/sh",
                                             "/bin/bash", "/usr/bin/bash", "/bin/zsh", "cmd",
                                             "cmd.exe", "powershell", "powershell.exe", "pwsh",
                                             NULL};
        if (in_list(sv, sl, shells))
            o.flags |= OF_SHNAME;
        else if ((sl == 2 && (memcmp(sv, "-c", 2) == 0 || memcmp(sv, "/c", 2) == 0 ||
                              memcmp(sv, "/C", 2) == 0)) ||
                 (sl == 8 && memcmp(sv, "-Command", 8) == 0))
            o.flags |= OF_SHDASHC;
    }
    return o;
}

static bool sink_named(const struct tctx *t, const struct qname *q, TSNode callee);

/* JS: a name that says it loads records: load/find/fetch/lookup/retrieve, alone or followed
 * by a capitalised word (loadShare, findByPk, fetchUser; not loader, finder, fetched). */
static bool js_loader_name(const struct tctx *t, TSNode id)
{
    static const char *const verbs[] = {"load", "find", "fetch", "lookup", "retrieve", NULL};
    if (!code_node_is(id, "identifier") && !code_node_is(id, "property_identifier"))
        return false;
    size_t len;
    const char *p = ntext(t, id, &len);
    for (size_t i = 0; verbs[i] != NULL; i++) {
        size_t vl = strlen(verbs[i]);
        if (len > vl && memcmp(p, verbs[i], vl) == 0 && isupper((unsigned char)p[vl]))
            return true;
    }
    return false;
}

static TSNode positional_arg(TSNode args, int idx, bool py);
static TSNode py_kwarg(struct tctx *t, TSNode args, const char *name);

/* Math.random(), random.random() / randint / choice / getrandbits ... (not SystemRandom,
 * not the secrets module). */
static bool weak_random(const struct tctx *t, const struct qname *q)
{
    if (!q->ok)
        return false;
    if (!t->py)
        return strcmp(q->s, "Math.random") == 0;
    static const char *const fns[] = {"random", "randint", "randrange", "choice", "choices",
                                      "getrandbits", "uniform", "sample", "shuffle", "randbytes",
                                      "normalvariate", "gauss", "triangular", "betavariate",
                                      "expovariate", "gammavariate", "lognormvariate",
                                      "vonmisesvariate", "paretovariate", "weibullvariate",
                                      "binomialvariate", NULL};
    if (strncmp(q->s, "random.", 7) != 0)
        return false;
    return in_list(q->s + 7, strlen(q->s + 7), fns);
}

/* c.get('k') / conf.get('section', 'key') / m.get('k', default): the element stored under
 * those constant keys (every argument, else the first), or NULL. */
static struct binding *get_elem(struct tctx *t, TSNode obj, TSNode args)
{
    struct binding *c = container_of(t, obj);
    if (c == NULL)
        return NULL;
    char key[ELEM_KEY_MAX];
    size_t kl = 0, first = 0;
    uint32_t na = nchild(args);
    for (uint32_t i = 0; i < na; i++) {
        if (i > 0)
            key[kl++] = '\x1e';
        if (!key_part(t, NULL, child(args, i), key, &kl, sizeof key - 1))
            return i > 0 && first > 0 ? lookup_elem(t, c, key, first) : NULL;
        if (i == 0)
            first = kl;
    }
    struct binding *e = na > 0 ? lookup_elem(t, c, key, kl) : NULL;
    return e != NULL || na < 2 ? e : lookup_elem(t, c, key, first);
}

/* An HTML escaper (html.escape, markupsafe/flask escape, bleach.clean, escapeHtml, he.encode,
 * DOMPurify.sanitize, escape_for_html, ...): its result is safe in HTML only. */
static bool html_escaper(const struct tctx *t, const struct qname *q)
{
    static const char *const py[] = {"escape", "html.escape", "cgi.escape", "markupsafe.escape",
                                     "flask.escape", "bleach.clean", "conditional_escape",
                                     "django.utils.html.escape", NULL};
    static const char *const js[] = {"he.encode", "he.escape", "validator.escape",
                                     "DOMPurify.sanitize", "xss", "xssFilters.inHTMLData",
                                     "_.escape", "lodash.escape", NULL};
    if (in_list(q->s, q->n, t->py ? py : js) || py_strip_tags(t, q))
        return true;
    for (size_t i = 0; i + 4 <= q->n; i++) {
        if (strncasecmp(q->s + i, "html", 4) == 0)
            return true;
    }
    return false;
}

/* x.replace("'", "&apos;") / x.replaceAll('"', '\\"'): the quote is gone (or escaped), so
 * the value cannot leave a quoted SQL or XPath literal. */
static bool quote_replace(const struct tctx *t, TSNode method, TSNode args)
{
    const char *a, *b;
    size_t al, bl;
    if (!(text_is(t, method, "replace") || text_is(t, method, "replaceAll")) ||
        nchild(args) < 2 || !string_value(t, child(args, 0), &a, &al) ||
        !string_value(t, child(args, 1), &b, &bl))
        return false;
    if (al == 2 && a[0] == '\\')
        a++, al--;
    if (al != 1 || (*a != '\'' && *a != '"'))
        return false;
    /* the replacement holds no bare quote of that kind */
    for (size_t i = 0; i < bl; i++) {
        if (b[i] == '\\')
            i++;
        else if (b[i] == *a && !(i + 1 < bl && b[i + 1] == *a))
            return false;
        else if (b[i] == *a)
            i++;
    }
    return true;
}

/* An identifier bound to an imported module (import base64; from os import path). */
static bool py_module_name(struct tctx *t, TSNode n)
{
    if (!code_node_is(n, "identifier"))
        return false;
    size_t len;
    const char *p = ntext(t, n, &len);
    struct binding *b = lookup(t, p, len);
    return b != NULL && b->module != NULL;
}

/* Python: a call whose result the pass cannot see into (insecure_function('x'),
 * json.dumps(d), render_to_string(...)); not str()/int()/len() and the like, not a method of
 * a string literal ('<b>{}</b>'.format(x)), not gettext (_('Text')). */
static bool py_opaque_call(struct tctx *t, TSNode f)
{
    static const char *const pure[] = {"str", "int", "float", "bool", "len", "repr", "format",
                                       "range", "sorted", "min", "max", "abs", "round", "chr",
                                       "ord", "hex", "_", "gettext", "ngettext", "pgettext",
                                       "gettext_lazy", "lazy_gettext", "ugettext",
                                       "ugettext_lazy", "ngettext_lazy", "pgettext_lazy",
                                       "escape", "format_html", NULL};
    /* string and bytes methods, and modules of pure transformations: what they return from
     * a constant is a constant */
    static const char *const methods[] = {"format", "join", "encode", "decode", "strip",
                                          "lstrip", "rstrip", "lower", "upper", "replace",
                                          "split", "title", "capitalize", "zfill", "ljust",
                                          "rjust", "center", "fromhex", "hex", "copy", NULL};
    static const char *const modules[] = {"base64.", "binascii.", "codecs.", "urllib.parse.",
                                          "html.", "string.", "json.", "os.path.", "re.",
                                          "math.", "zlib.", "gzip.", "bz2.", "lzma.", NULL};
    if (code_node_is(f, "identifier"))
        return !part_in(t, f, pure);
    if (!code_node_is(f, "attribute"))
        return false;
    TSNode obj = field(f, "object");
    if (!py_module_name(t, obj) && part_in(t, field(f, "attribute"), methods))
        return false;
    if (code_node_is(obj, "string") || code_node_is(obj, "concatenated_string"))
        return false;
    struct qname q = {"", 0, true};
    qualify(t, f, &q, 0);
    for (size_t i = 0; q.ok && modules[i] != NULL; i++) {
        if (strncmp(q.s, modules[i], strlen(modules[i])) == 0)
            return false;
    }
    return !eval(t, obj).has_str;
}

/* JS: path.join('/', ...): a rooted, normalised path. */
static bool rooted_join(struct tctx *t, TSNode n)
{
    if (!code_node_is(n, "call_expression"))
        return false;
    struct qname q = {"", 0, true};
    qualify(t, field(n, "function"), &q, 0);
    const char *root;
    size_t len;
    return (strcmp(q.s, "path.join") == 0 || strcmp(q.s, "path.posix.join") == 0) &&
           string_value(t, positional_arg(field(n, "arguments"), 0, false), &root, &len) &&
           len == 1 && root[0] == '/';
}

static bool py_file_mentions(const struct tctx *t, const char *const *words);

/* flask-restful / flask-restx: parser.parse_args() of a reqparse.RequestParser reads the
 * request (arguments, form, JSON body). Only in a file that names reqparse or those
 * libraries, where argparse's parse_args() of a command line is not what is meant. */
static bool py_reqparse_source(const struct tctx *t, TSNode f, TSNode args)
{
    static const char *const libs[] = {"reqparse", "flask_restful", "flask_restx",
                                       "flask_restplus", NULL};
    if (!t->py || !code_node_is(f, "attribute") || !text_is(t, field(f, "attribute"), "parse_args"))
        return false;
    for (uint32_t i = 0; i < nchild(args); i++) {
        TSNode a = child(args, i);
        if (ts_node_is_named(a) && !code_node_is(a, "comment") &&
            !code_node_is(a, "keyword_argument"))
            return false; /* argparse: parser.parse_args(argv) */
    }
    return py_file_mentions(t, libs);
}

/* JS: is callee f named for building a URL (loginUrl, buildAuthorizationUrl, authorizeURL,
 * createLogoutUri, tarballUrlRedirect), or a function a call made (compile(tpl)(ctx),
 * _.template(t)(data))? Not one that re-encodes, decodes or parses an address it is
 * given (encodeURI, decodeURIComponent, fileURLToPath, parseUrl, normalizeUrl), nor a
 * function of the file itself, whose return the pass may see through. */
static struct fsum *find_fsum(struct tctx *t, const char *p, size_t len);
static bool js_url_builder(struct tctx *t, TSNode f, TSNode args, bool member)
{
    if (code_node_is(f, "call_expression")) {
        /* the template is not request data (summarising a helper: not from the parameter
         * the context comes from) */
        struct origin made = eval_children(t, field(f, "arguments"), o_const());
        unsigned ctx = eval_children(t, args, o_const()).pmask;
        return made.lvl < T_REQUEST || (made.pmask != 0 && (made.pmask & ctx) == 0);
    }
    TSNode name = member ? field(f, "property") : f;
    if (!code_node_is(name, "identifier") && !code_node_is(name, "property_identifier"))
        return false;
    size_t len;
    const char *p = ntext(t, name, &len);
    if (!member && find_fsum(t, p, len) != NULL)
        return false;
    bool url = false;
    for (size_t i = 1; i + 3 <= len && !url; i++) /* a camel-case word Url/URL/Uri/URI */
        url = p[i] == 'U' && (p[i + 1] == 'r' || p[i + 1] == 'R') &&
              (p[i + 2] == 'l' || p[i + 2] == 'L' || p[i + 2] == 'i' || p[i + 2] == 'I');
    static const char *const not_built[] = {"encod", "decod", "pars", "normali", "sanitiz",
                                            "escap", "path", "valid", "check", NULL};
    return url && !has_any_ci(p, len, not_built);
}

/* JS: x.replace(/^\/+/, '/') (or /^\/{2,}/, /^\/\/+/): leading slashes collapsed to one. */
static bool js_slashes_collapsed(const struct tctx *t, TSNode f, TSNode args)
{
    if (!text_is(t, field(f, "property"), "replace"))
        return false;
    TSNode re = positional_arg(args, 0, false), to = positional_arg(args, 1, false);
    const char *v;
    size_t vl, len;
    if (!code_node_is(re, "regex") || !string_value(t, to, &v, &vl) || vl != 1 || v[0] != '/')
        return false;
    const char *p = ntext(t, field(re, "pattern"), &len);
    return (len == 4 && memcmp(p, "^\\/+", 4) == 0) || (len == 6 && memcmp(p, "^\\/\\/+", 6) == 0) ||
           (len == 7 && memcmp(p, "^\\/{2,}", 7) == 0);
}

static struct origin eval_call(struct tctx *t, TSNode n)
{
    TSNode f = field(n, t->py || code_node_is(n, "call_expression") ? "function" : "constructor");
    TSNode args = field(n, "arguments");
    struct qname q = {"", 0, true};
    qualify(t, f, &q, 0);
    if (!t->py && (strcmp(q.s, "path.join") == 0 || strcmp(q.s, "path.posix.join") == 0)) {
        /* path.join(cwd, path.join('/', name)): the inner join is rooted and normalised,
         * so `..` in name cannot climb above cwd (tar-fs) */
        struct origin r = o_const();
        bool rooted = false;
        for (uint32_t i = 0; i < nchild(args); i++) {
            TSNode a = child(args, i);
            if (!ts_node_is_named(a) || code_node_is(a, "comment"))
                continue;
            if (rooted_join(t, a))
                rooted = true;
            else
                r = o_join(r, eval(t, a));
        }
        if (rooted)
            return r;
    }
    if (weak_random(t, &q)) {
        struct origin r = o_const();
        r.flags = OF_RAND;
        r.src = n;
        return r;
    }
    if (sanitiser(t, &q, f) && html_escaper(t, &q)) {
        /* HTML-escaped: safe in HTML, not in a URL, a path or a command */
        struct origin r = eval_children(t, args, o_const());
        r.esc_html = r.lvl > T_CONST;
        r.has_int = r.has_str = false;
        return r;
    }
    if (sanitiser(t, &q, f)) {
        struct origin r = o_const();
        r.flags = eval_children(t, args, o_const()).flags & OF_RAND;
        if (code_node_is(f, t->py ? "attribute" : "member_expression"))
            r.flags |= eval(t, field(f, "object")).flags & OF_RAND;
        return r;
    }
    if (is_source(t, f) || py_reqparse_source(t, f, args))
        return js_self_origin(t, n);
    if (t->py && (strcmp(q.s, "input") == 0 || strcmp(q.s, "raw_input") == 0 ||
                  strcmp(q.s, "sys.stdin.readline") == 0 || strcmp(q.s, "sys.stdin.read") == 0 ||
                  strcmp(q.s, "sys.stdin.readlines") == 0)) {
        struct origin r = o_level(T_REQUEST, n); /* what a user types: at most medium */
        r.flags = OF_GUESS | OF_TYPED;
        return r;
    }
    if (t->py && py_cli_call(&q)) {
        struct origin r = o_level(T_REQUEST, n); /* the environment: as the command line */
        r.flags = OF_CLI;
        return r;
    }
    if (code_node_is(f, "member_expression") && js_guess_source(t, f)) {
        struct origin r = o_level(T_REQUEST, n); /* req.foo('bar') */
        r.flags = OF_GUESS;
        return r;
    }
    /* lxml XMLParser(resolve_entities=True) / (no_network=False): external entities on */
    if (t->py && (qn_match(&q, "*.XMLParser") || strcmp(q.s, "XMLParser") == 0)) {
        struct origin r = o_const();
        for (uint32_t i = 0; i < nchild(args); i++) {
            TSNode a = child(args, i);
            if (!code_node_is(a, "keyword_argument"))
                continue;
            TSNode k = field(a, "name"), v = field(a, "value");
            if ((text_is(t, k, "resolve_entities") && code_node_is(v, "true")) ||
                (text_is(t, k, "no_network") && code_node_is(v, "false")))
                r.flags |= OF_XXE;
        }
        return r;
    }
    /* new URL("/path", req.url): a constant path on the app's own origin */
    if (!t->py && code_node_is(n, "new_expression") && strcmp(q.s, "URL") == 0 &&
        nchild(args) == 2 && eval(t, child(args, 0)).lvl == T_CONST) {
        struct origin r = o_const();
        r.flags = OF_FIXED;
        return r;
    }
    /* What a sink returns (file content, a response, query rows) is not the request data
     * that went in. */
    if (sink_named(t, &q, f))
        return o_level(T_UNKNOWN, n);
    struct origin o = o_const();
    bool member = code_node_is(f, "member_expression") || code_node_is(f, "attribute");
    /* psycopg2's adapt(x).getquoted(): x quoted as an SQL literal */
    if (member && (quote_replace(t, field(f, t->py ? "attribute" : "property"), args) ||
                   (t->py && text_is(t, field(f, "attribute"), "getquoted")))) {
        o = eval(t, field(f, "object"));
        o.esc_quote = o.lvl > T_CONST;
        o.has_str = false;
        return o;
    }
    /* Rows a data store answers (collection.find(q).toArray(), Model.findOne({...})) are
     * not the request data that selected them. */
    static const char *const reads[] = {"find", "findOne", "findAll", "findById", "findByPk",
                                        "findOneAndUpdate", "findOneAndDelete", "findMany",
                                        "findFirst", "findUnique", "aggregate", "toArray",
                                        "countDocuments", "fetchall", "fetchone", "fetchmany",
                                        NULL};
    if (member && part_in(t, field(f, t->py ? "attribute" : "property"), reads))
        return o_level(T_UNKNOWN, n);
    /* JS: loadPublicShare({ id }), findUserByEmail(email), this.fetchTeam(id): a function
     * named for loading records answers what it found, not the key that selected it */
    if (!t->py && js_loader_name(t, member ? field(f, "property") : f))
        return o_level(T_UNKNOWN, n);
    if (member && text_is(t, field(f, t->py ? "attribute" : "property"), "get")) {
        struct binding *e = get_elem(t, field(f, "object"), args);
        if (e != NULL)
            return e->o;
    }
    if (member) {
        o = eval(t, field(f, "object"));
        if (t->py && py_module_name(t, field(f, "object")))
            o.flags &= ~OF_OPAQUE; /* base64.b64decode(x): py_opaque_call decides below */
    } else if (nchild(args) == 0)
        o = o_level(T_UNKNOWN, n);
    /* Python: "/gossip/{}".format(x) keeps the fixed destination of its text, a path on
     * this host, as "/gossip/" + x and "/gossip/%s" % x do (a URL of another host,
     * "http://svc/{}".format(x), is left to the SSRF sink, which takes its path as data) */
    unsigned fmt_fixed = 0;
    if (t->py && member && code_node_is(field(f, "object"), "string") &&
        text_is(t, field(f, "attribute"), "format")) {
        const char *sv;
        size_t sl;
        if (string_value(t, field(f, "object"), &sv, &sl) && sl >= 2 && sv[0] == '/' &&
            sv[1] != '/' && sv[1] != '\\')
            fmt_fixed = o.flags & OF_FIXED;
    }
    enum taint_level recv = o.lvl;
    o = code_node_is(args, "generator_expression") ? o_join(o, eval(t, args))
                                                    : eval_children(t, args, o);
    o.flags |= fmt_fixed;
    if (!t->py && o.lvl == T_REQUEST && recv < T_REQUEST && js_url_builder(t, f, args, member))
        o.flags |= OF_SHAPED;
    if (!t->py && o.lvl == T_REQUEST && member && js_slashes_collapsed(t, f, args))
        o.flags |= OF_SHAPED;
    if ((o.flags & OF_SELF) && !js_self_keeps(t, f, member))
        o.flags &= ~(OF_SELF | OF_FIXED);
    if ((o.flags & OF_WHOLE) && member && part_in(t, field(f, "property"), js_url_pieces))
        o.flags &= ~OF_WHOLE; /* searchParams.get('next') */
    /* "... %s" % x, "...{}".format(x), "".join(...): SQL text stays visible */
    if (member && o.lvl > T_CONST && code_node_is(field(f, "object"), "string")) {
        size_t len;
        const char *p = ntext(t, field(f, "object"), &len);
        o.flags |= sql_flag(p, len) | ldap_flag(p, len);
    }
    if (o.lvl == T_CONST && !member && !code_node_is(f, "identifier"))
        o.lvl = T_UNKNOWN;
    if (t->py && o.lvl == T_CONST && py_opaque_call(t, f))
        o.flags |= OF_OPAQUE;
    return o;
}

static struct origin eval_binary(struct tctx *t, TSNode n)
{
    TSNode op = field(n, "operator");
    size_t len;
    const char *p = ntext(t, op, &len);
    bool join = (len == 1 && (*p == '+' || (t->py && *p == '%'))) ||
                (len == 2 && (memcmp(p, "||", 2) == 0 || memcmp(p, "??", 2) == 0 ||
                              memcmp(p, "&&", 2) == 0 || memcmp(p, "or", 2) == 0)) ||
                (len == 3 && memcmp(p, "and", 3) == 0);
    /* pathlib: base / name joins paths (not with a number on either side) */
    if (t->py && len == 1 && *p == '/' && !code_node_is(field(n, "left"), "integer") &&
        !code_node_is(field(n, "left"), "float") && !code_node_is(field(n, "right"), "integer") &&
        !code_node_is(field(n, "right"), "float"))
        join = true;
    struct origin l = eval(t, field(n, "left")), r = eval(t, field(n, "right"));
    if (!join) { /* arithmetic and comparisons: a number or a boolean */
        struct origin c = o_const();
        c.flags = (l.flags | r.flags) & OF_RAND;
        c.src = (l.flags & OF_RAND) ? l.src : r.src;
        return c;
    }
    struct origin o = o_join(l, r);
    unsigned guess = o.flags & OF_WEAK; /* weak only if no side is strong (o_join) */
    o.flags = (l.flags & ~OF_WEAK) |
              (r.flags & (OF_SQL | OF_RAND | OF_LDAP | OF_OPAQUE)) | guess;
    if (o.lvl > T_CONST) {
        const char *lp = ntext(t, field(n, "left"), &len);
        if (code_node_is(field(n, "left"), "string") ||
            code_node_is(field(n, "left"), "concatenated_string") ||
            code_node_is(field(n, "left"), "template_string"))
            o.flags |= sql_flag(lp, len) | ldap_flag(lp, len);
        if (code_node_is(field(n, "right"), "string")) {
            lp = ntext(t, field(n, "right"), &len);
            o.flags |= sql_flag(lp, len) | ldap_flag(lp, len);
        }
    } else {
        o.flags &= ~(OF_SQL | OF_LDAP);
    }
    return o;
}

static struct origin eval_ident(struct tctx *t, TSNode n)
{
    size_t len;
    const char *p = ntext(t, n, &len);
    struct binding *b = lookup(t, p, len);
    /* wrapper(request): the Flask request object handed to a helper is request data */
    if (b != NULL && b->module != NULL && strcmp(b->module, "flask.request") == 0 &&
        code_node_is(parent_of(n), "argument_list"))
        return o_level(T_REQUEST, n);
    if (b != NULL && b->module != NULL && t->py && strcmp(b->module, "sys.argv") == 0) {
        struct origin r = o_level(T_REQUEST, n); /* from sys import argv */
        r.flags = OF_CLI;
        return r;
    }
    if (b != NULL && b->module != NULL && t->py && b->o.lvl == T_CONST &&
        strcmp(b->module, "flask.request") != 0) {
        struct origin o = b->o;
        o.flags |= OF_OPAQUE; /* from sre_constants import ANY */
        return o;
    }
    if (b != NULL)
        return b->o;
    static const char *const consts[] = {"undefined", "None", "True", "False", "NaN",
                                         "Infinity", NULL};
    if (in_list(p, len, consts))
        return o_const();
    return o_level(T_UNKNOWN, n);
}

static struct origin eval_member(struct tctx *t, TSNode n)
{
    if (is_source(t, n))
        return js_self_origin(t, n);
    if (t->py && code_node_is(n, "attribute")) {
        struct qname q = {"", 0, true};
        qualify(t, n, &q, 0);
        if (q.ok && (strcmp(q.s, "sys.argv") == 0 || strcmp(q.s, "os.environ") == 0 ||
                     strcmp(q.s, "sys.orig_argv") == 0 || strcmp(q.s, "os.environb") == 0)) {
            struct origin r = o_level(T_REQUEST, n);
            r.flags = OF_CLI;
            return r;
        }
    }
    size_t len;
    const char *p = ntext(t, n, &len);
    struct binding *b = lookup(t, p, len);
    if (b != NULL)
        return b->o;
    if (js_guess_source(t, n) || py_form_source(t, n)) {
        struct origin r = o_level(T_REQUEST, n);
        r.flags = OF_GUESS;
        return r;
    }
    if (code_node_is(n, "subscript") || code_node_is(n, "subscript_expression")) {
        bool py = code_node_is(n, "subscript");
        struct binding *c = container_of(t, field(n, py ? "value" : "object"));
        char key[ELEM_KEY_MAX];
        size_t kl = 0;
        if (c != NULL && key_part(t, c, field(n, py ? "subscript" : "index"), key, &kl,
                                  sizeof key)) {
            struct binding *e = lookup_elem(t, c, key, kl);
            if (e != NULL)
                return e->o;
        }
    }
    TSNode prop = field(n, t->py ? "attribute" : "property");
    if (text_is(t, prop, "length"))
        return o_const();
    struct origin o = eval(t, field(n, code_node_is(n, "subscript") ? "value" : "object"));
    /* new URL(location.href).href stays the page's address; .hash, [1] are pieces of it */
    if ((o.flags & OF_SELF) && !text_is(t, prop, "href") && !text_is(t, prop, "origin"))
        o.flags &= ~(OF_SELF | OF_FIXED);
    /* new URL(req.url).searchParams, url.parse(req.url, true).query, req.url.split('?')[1] */
    if ((o.flags & OF_WHOLE) && (part_in(t, prop, js_url_pieces) || js_piece_index(t, n)))
        o.flags &= ~OF_WHOLE;
    long long i;
    if (o.has_str && (code_node_is(n, "subscript") || code_node_is(n, "subscript_expression")) &&
        int_literal(t, field(n, code_node_is(n, "subscript") ? "subscript" : "index"), &i) &&
        i < (long long)o.slen && i >= -(long long)o.slen) { /* "ABC"[1] */
        o.sval += i < 0 ? (long long)o.slen + i : i;
        o.slen = 1;
    } else {
        o.has_str = false;
    }
    return o;
}

/* The value of a condition built from integer constants (`7 * 18 + num > 200` with
 * num = 106): 1 true, 0 false, -1 unknown. */
static int const_int(struct tctx *t, TSNode n, long long *v, int depth)
{
    if (depth > 32 || ts_node_is_null(n))
        return -1;
    const char *ty = ntype(n);
    if (strcmp(ty, "parenthesized_expression") == 0)
        return const_int(t, child(n, 0), v, depth + 1);
    if (strcmp(ty, "integer") == 0 || strcmp(ty, "number") == 0 || strcmp(ty, "identifier") == 0) {
        struct origin o = eval(t, n);
        if (!o.has_int)
            return -1;
        *v = o.ival;
        return 1;
    }
    if (strcmp(ty, "binary_operator") != 0 && strcmp(ty, "binary_expression") != 0)
        return -1;
    long long a, b;
    if (const_int(t, field(n, "left"), &a, depth + 1) < 0 ||
        const_int(t, field(n, "right"), &b, depth + 1) < 0 || a > 1000000000LL ||
        a < -1000000000LL || b > 1000000000LL || b < -1000000000LL)
        return -1;
    size_t len;
    const char *op = ntext(t, field(n, "operator"), &len);
    if (len == 1 && *op == '+')
        *v = a + b;
    else if (len == 1 && *op == '-')
        *v = a - b;
    else if (len == 1 && *op == '*')
        *v = a * b;
    else
        return -1;
    return 1;
}

static int const_cond(struct tctx *t, TSNode n)
{
    if (code_node_is(n, "parenthesized_expression"))
        return const_cond(t, child(n, 0));
    long long a, b;
    size_t len;
    const char *op;
    if (code_node_is(n, "comparison_operator") && nchild(n) == 2) {
        TSNode opn = ts_node_child(n, 1);
        op = ntext(t, opn, &len);
        if (const_int(t, child(n, 0), &a, 0) < 0 || const_int(t, child(n, 1), &b, 0) < 0)
            return -1;
    } else if (code_node_is(n, "binary_expression")) {
        op = ntext(t, field(n, "operator"), &len);
        if (const_int(t, field(n, "left"), &a, 0) < 0 || const_int(t, field(n, "right"), &b, 0) < 0)
            return -1;
    } else {
        return -1;
    }
    if (len == 1 && *op == '>')
        return a > b;
    if (len == 1 && *op == '<')
        return a < b;
    if (len == 2 && memcmp(op, ">=", 2) == 0)
        return a >= b;
    if (len == 2 && memcmp(op, "<=", 2) == 0)
        return a <= b;
    if ((len == 2 && memcmp(op, "==", 2) == 0) || (len == 3 && memcmp(op, "===", 3) == 0))
        return a == b;
    if ((len == 2 && memcmp(op, "!=", 2) == 0) || (len == 3 && memcmp(op, "!==", 3) == 0))
        return a != b;
    return -1;
}

/* [f(x) for x in xs], (c for c in s), {k: v for ...}: the element expression; when it
 * reads only the loop variables (unknown here), what is iterated over. */
static struct origin eval_comprehension(struct tctx *t, TSNode n)
{
    struct origin body = eval(t, field(n, "body"));
    if (body.lvl != T_UNKNOWN)
        return body;
    struct origin o = o_const();
    uint32_t c = nchild(n);
    for (uint32_t i = 0; i < c; i++) {
        TSNode k = child(n, i);
        if (code_node_is(k, "for_in_clause"))
            o = o_join(o, eval(t, field(k, "right")));
    }
    if (o.lvl == T_CONST)
        return body;
    /* every element is the body's value: what escapes it escapes them all (sqlite3's
     * dump: `'"{0}"'.format(col.replace('"', '""')) for col in column_names`) */
    o.esc_quote = body.esc_quote;
    o.esc_html = body.esc_html;
    return o;
}

/* Does `cond` check identifier `name` with a call (`to.startsWith("/")`, `isSafe(u)`,
 * `ALLOWED.has(u)`) or a comparison against a fixed value (`u === "/home"`)? */
static bool cond_checks(struct tctx *t, TSNode cond, const char *name, size_t nlen, int depth)
{
    if (ts_node_is_null(cond) || depth > 12)
        return false;
    bool call = code_node_is(cond, "call_expression") || code_node_is(cond, "call");
    if (call || allow_check(t, cond)) {
        /* the identifier as the receiver or an argument of the call */
        TSNode parts[2] = {call ? field(cond, "function") : cond,
                           call ? field(cond, "arguments") : null_node()};
        for (int i = 0; i < 2; i++) {
            TSNode x = parts[i];
            if (code_node_is(x, "member_expression") || code_node_is(x, "attribute"))
                x = field(x, "object");
            uint32_t c = code_node_is(x, "identifier") ? 1 : nchild(x);
            for (uint32_t k = 0; k < c; k++) {
                TSNode a = code_node_is(x, "identifier") ? x : child(x, k);
                size_t len;
                const char *p = ntext(t, a, &len);
                if (code_node_is(a, "identifier") && len == nlen && memcmp(p, name, len) == 0)
                    return true;
            }
        }
    }
    uint32_t c = nchild(cond);
    for (uint32_t i = 0; i < c; i++) {
        if (cond_checks(t, child(cond, i), name, nlen, depth + 1))
            return true;
    }
    return false;
}

/* One branch of `c ? a : b` / `a if c else b`: an identifier the condition checks is
 * treated as checked there (`to.startsWith("/") ? to : "/"`). */
static struct origin eval_branch(struct tctx *t, TSNode cond, TSNode br)
{
    if (code_node_is(br, "identifier")) {
        size_t len;
        const char *p = ntext(t, br, &len);
        if (cond_checks(t, cond, p, len, 0))
            return o_const();
    }
    return eval(t, br);
}

static struct origin eval(struct tctx *t, TSNode n)
{
    if (ts_node_is_null(n))
        return o_const();
    if (t->depth > TAINT_MAX_DEPTH)
        return o_level(T_UNKNOWN, n);
    t->depth++;
    struct origin o = o_const();
    const char *ty = ntype(n);
    if (strcmp(ty, "identifier") == 0 || strcmp(ty, "shorthand_property_identifier") == 0)
        o = eval_ident(t, n);
    else if (strcmp(ty, "string") == 0 || strcmp(ty, "template_string") == 0)
        o = eval_string(t, n);
    else if (strcmp(ty, "concatenated_string") == 0 || strcmp(ty, "object") == 0 ||
             strcmp(ty, "array") == 0 || strcmp(ty, "list") == 0 || strcmp(ty, "tuple") == 0 ||
             strcmp(ty, "set") == 0 || strcmp(ty, "dictionary") == 0 ||
             strcmp(ty, "spread_element") == 0 || strcmp(ty, "sequence_expression") == 0 ||
             strcmp(ty, "ternary_expression") == 0 || strcmp(ty, "conditional_expression") == 0 ||
             strcmp(ty, "boolean_operator") == 0 || strcmp(ty, "expression_list") == 0 ||
             strcmp(ty, "list_splat") == 0 || strcmp(ty, "dictionary_splat") == 0) {
        if (strcmp(ty, "ternary_expression") == 0) {
            TSNode cond = field(n, "condition");
            int c = const_cond(t, cond);
            o = c == 1   ? eval(t, field(n, "consequence"))
                : c == 0 ? eval(t, field(n, "alternative"))
                         : o_join(eval_branch(t, cond, field(n, "consequence")),
                                  eval_branch(t, cond, field(n, "alternative")));
        } else if (strcmp(ty, "conditional_expression") == 0) {
            int c = const_cond(t, child(n, 1));
            o = c == 1   ? eval(t, child(n, 0))
                : c == 0 ? eval(t, child(n, 2))
                         : o_join(eval_branch(t, child(n, 1), child(n, 0)),
                                  eval_branch(t, child(n, 1), child(n, 2)));
        } else {
            o = eval_children(t, n, o_const());
            if (strcmp(ty, "concatenated_string") == 0) {
                size_t len;
                const char *p = ntext(t, n, &len);
                o.flags |= o.lvl > T_CONST ? sql_flag(p, len) : 0;
            }
        }
    } else if (strcmp(ty, "binary_expression") == 0 || strcmp(ty, "binary_operator") == 0)
        o = eval_binary(t, n);
    else if (strcmp(ty, "generator_expression") == 0 || strcmp(ty, "list_comprehension") == 0 ||
             strcmp(ty, "set_comprehension") == 0 || strcmp(ty, "dictionary_comprehension") == 0)
        o = eval_comprehension(t, n);
    else if (strcmp(ty, "member_expression") == 0 || strcmp(ty, "attribute") == 0 ||
             strcmp(ty, "subscript_expression") == 0 || strcmp(ty, "subscript") == 0)
        o = eval_member(t, n);
    else if (strcmp(ty, "call_expression") == 0 || strcmp(ty, "call") == 0 ||
             strcmp(ty, "new_expression") == 0) {
        o = eval_call(t, n);
        TSNode f = field(n, "function");
        if (!t->py && o.lvl > T_CONST && code_node_is(f, "member_expression") &&
            (text_is(t, field(f, "property"), "replace") ||
             text_is(t, field(f, "property"), "replaceAll")))
            o.esc_path = true;
    }
    else if (strcmp(ty, "parenthesized_expression") == 0 || strcmp(ty, "await_expression") == 0 ||
             strcmp(ty, "await") == 0 || strcmp(ty, "as_expression") == 0 ||
             strcmp(ty, "non_null_expression") == 0 || strcmp(ty, "satisfies_expression") == 0 ||
             strcmp(ty, "type_assertion") == 0 || strcmp(ty, "jsx_expression") == 0)
        o = eval(t, child(n, 0));
    else if (strcmp(ty, "assignment_expression") == 0 || strcmp(ty, "named_expression") == 0)
        o = eval(t, field(n, strcmp(ty, "named_expression") == 0 ? "value" : "right"));
    else if (strcmp(ty, "integer") == 0 || (strcmp(ty, "number") == 0 && !t->py)) {
        size_t len;
        const char *p = ntext(t, n, &len);
        char tmp[24];
        if (len > 0 && len < sizeof tmp) {
            memcpy(tmp, p, len);
            tmp[len] = '\0';
            char *end = NULL;
            long long v = strtoll(tmp, &end, 10);
            if (end != NULL && *end == '\0') {
                o.has_int = true;
                o.ival = v;
            }
        }
    } else if (strcmp(ty, "number") == 0 || strcmp(ty, "integer") == 0 || strcmp(ty, "float") == 0 ||
             strcmp(ty, "true") == 0 || strcmp(ty, "false") == 0 || strcmp(ty, "null") == 0 ||
             strcmp(ty, "none") == 0 || strcmp(ty, "undefined") == 0 || strcmp(ty, "regex") == 0 ||
             strcmp(ty, "unary_expression") == 0 || strcmp(ty, "update_expression") == 0 ||
             strcmp(ty, "not_operator") == 0 || strcmp(ty, "comparison_operator") == 0 ||
             strcmp(ty, "arrow_function") == 0 || strcmp(ty, "function_expression") == 0 ||
             strcmp(ty, "lambda") == 0 || strcmp(ty, "class") == 0 ||
             strncmp(ty, "jsx_", 4) == 0 || strcmp(ty, "unary_operator") == 0)
        o = o_const();
    else
        o = o_level(T_UNKNOWN, n);
    if (o.has_str && strcmp(ty, "identifier") != 0 && strcmp(ty, "string") != 0 &&
        strcmp(ty, "subscript") != 0 && strcmp(ty, "subscript_expression") != 0 &&
        strcmp(ty, "parenthesized_expression") != 0)
        o.has_str = false;
    t->depth--;
    return o;
}

/* ---- binding targets ---- */

/* JS: `m.k = v` is `m['k'] = v`: element 'k of container m (when m is one) holds v from now
 * on, so a later m['k'] reads what was stored last, not an older value. */
static void js_member_elem(struct tctx *t, TSNode n, struct origin o)
{
    TSNode obj = field(n, "object"), prop = field(n, "property");
    if (!code_node_is(obj, "identifier") || !code_node_is(prop, "property_identifier"))
        return;
    size_t len, pl;
    const char *p = ntext(t, obj, &len);
    struct binding *c = lookup(t, p, len);
    if (c == NULL || c->module != NULL)
        return;
    const char *pp = ntext(t, prop, &pl);
    char key[ELEM_KEY_MAX];
    if (pl + 2 >= sizeof key)
        return;
    key[0] = '\'';
    memcpy(key + 1, pp, pl);
    struct binding *e = lookup_elem(t, c, key, pl + 1);
    struct origin prior = e != NULL ? e->o : c->o;
    bind_elem(t, c, key, pl + 1, t->cond > 0 ? o_join(prior, o) : o);
}

static void bind_target(struct tctx *t, TSNode n, struct origin o)
{
    if (ts_node_is_null(n) || t->depth > TAINT_MAX_DEPTH)
        return;
    size_t len;
    const char *ty = ntype(n);
    if (strcmp(ty, "identifier") == 0 || strcmp(ty, "shorthand_property_identifier_pattern") == 0 ||
        strcmp(ty, "member_expression") == 0 || strcmp(ty, "attribute") == 0) {
        const char *p = ntext(t, n, &len);
        struct binding *old = t->cond > 0 ? lookup(t, p, len) : NULL;
        if (old != NULL && old->module == NULL)
            o = o_join(old->o, o);
        struct binding *b = bind_name(t, p, len, o);
        b->reset = b->seq; /* a new value: what was known of its elements is gone */
        b->made = false;  /* (set_made says when it is one the code made) */
        b->len = -1;
        b->level = t->cond;
        if (!t->py && strcmp(ty, "member_expression") == 0)
            js_member_elem(t, n, o);
        return;
    }
    /* m['k'] = v, a[i] = v: the container holds v from now on (joined), and element 'k'
     * holds v (joined with what it held when the assignment may not run) */
    if (strcmp(ty, "subscript") == 0 || strcmp(ty, "subscript_expression") == 0) {
        bool py = strcmp(ty, "subscript") == 0;
        TSNode obj = field(n, py ? "value" : "object");
        if (code_node_is(obj, "identifier")) {
            const char *p = ntext(t, obj, &len);
            struct binding *old = lookup(t, p, len);
            if (old == NULL || old->module != NULL) {
                (void)bind_name(t, p, len, o);
                return;
            }
            char key[ELEM_KEY_MAX];
            size_t kl = 0;
            bool konst = key_part(t, old, field(n, py ? "subscript" : "index"), key, &kl,
                                  sizeof key);
            struct origin prior = old->o;
            struct binding *e = konst ? lookup_elem(t, old, key, kl) : NULL;
            if (e != NULL)
                prior = e->o;
            struct binding *c = bind_name(t, p, len, o_join(old->o, o));
            if (!konst) { /* m[k] = v may have replaced any element */
                c->reset = ++t->seq;
                c->len = -1;
                return;
            }
            bind_elem(t, c, key, kl, t->cond > 0 ? o_join(prior, o) : o);
        }
        return;
    }
    t->depth++;
    if (strcmp(ty, "pair_pattern") == 0) {
        bind_target(t, field(n, "value"), o);
    } else if (strcmp(ty, "assignment_pattern") == 0 ||
               strcmp(ty, "object_assignment_pattern") == 0) {
        bind_target(t, field(n, "left"), o);
    } else {
        uint32_t c = nchild(n);
        for (uint32_t i = 0; i < c; i++) {
            TSNode k = child(n, i), key = k;
            struct origin ko = o;
            if (code_node_is(k, "pair_pattern"))
                key = field(k, "key");
            else if (code_node_is(k, "object_assignment_pattern"))
                key = field(k, "left");
            if ((o.flags & OF_WHOLE) && strcmp(ty, "object_pattern") == 0 &&
                part_in(t, key, js_url_pieces))
                ko.flags &= ~OF_WHOLE; /* const { searchParams } = new URL(req.url) */
            bind_target(t, k, ko);
        }
    }
    t->depth--;
}

/* x = [a, b], x = (a, b), x = {'k': v}: bind each element. */
static void init_elems(struct tctx *t, TSNode name, TSNode value)
{
    bool list = code_node_is(value, "list") || code_node_is(value, "tuple") ||
                code_node_is(value, "array");
    if (!code_node_is(name, "identifier") || !(list || code_node_is(value, "dictionary")))
        return;
    size_t nl;
    const char *np = ntext(t, name, &nl);
    uint32_t c = nchild(value);
    char key[ELEM_KEY_MAX];
    for (uint32_t i = 0; i < c; i++) { /* only literal keys, no spreads */
        TSNode k = child(value, i);
        size_t kl = 0;
        if (code_node_is(k, "comment"))
            continue;
        if (list ? (code_node_is(k, "spread_element") || code_node_is(k, "list_splat") ||
                    code_node_is(k, "parenthesized_list_splat"))
                 : (!code_node_is(k, "pair") ||
                    !key_part(t, NULL, field(k, "key"), key, &kl, sizeof key)))
            return;
    }
    int idx = 0;
    for (uint32_t i = 0; i < c; i++) {
        TSNode k = child(value, i);
        size_t kl = 0;
        if (code_node_is(k, "comment"))
            continue;
        struct binding *cb = lookup(t, np, nl);
        if (cb == NULL)
            return;
        if (list) {
            kl = (size_t)snprintf(key, sizeof key, "#%d", idx++);
            bind_elem(t, cb, key, kl, eval(t, k));
        } else if (key_part(t, NULL, field(k, "key"), key, &kl, sizeof key)) {
            bind_elem(t, cb, key, kl, eval(t, field(k, "value")));
        }
    }
    struct binding *cb = lookup(t, np, nl);
    if (cb != NULL && list)
        cb->len = idx;
}

/* u = urlparse(x), u = new URL(x): remember that u was made from x alone (a check of u in
 * a guard checks x too). */
static void set_from(struct tctx *t, TSNode name, TSNode value)
{
    if (!code_node_is(name, "identifier"))
        return;
    while (code_node_is(value, "await") || code_node_is(value, "await_expression"))
        value = child(value, 0);
    if (!code_node_is(value, "call") && !code_node_is(value, "call_expression") &&
        !code_node_is(value, "new_expression"))
        return;
    TSNode args = field(value, "arguments");
    TSNode a = child(args, 0);
    /* rel = path.relative(root, p): where p lands under root (rel.startsWith('..') checks
     * p), whatever root is */
    bool relative = false;
    if (!t->py && nchild(args) == 2 && code_node_is(child(args, 1), "identifier")) {
        struct qname q = {"", 0, true};
        qualify(t, field(value, "function"), &q, 0);
        relative = q.ok && (strcmp(q.s, "path.relative") == 0 ||
                            strcmp(q.s, "path.posix.relative") == 0);
        if (relative)
            a = child(args, 1);
    }
    if (nchild(args) < 1 || !code_node_is(a, "identifier"))
        return;
    for (uint32_t i = 1; i < nchild(args) && !relative; i++) { /* others: constants only */
        TSNode k = child(args, i);
        if (code_node_is(k, "keyword_argument"))
            k = field(k, "value");
        if (eval(t, k).lvl != T_CONST)
            return;
    }
    size_t nl, al;
    const char *np = ntext(t, name, &nl), *ap = ntext(t, a, &al);
    struct binding *b = lookup(t, np, nl);
    if (b != NULL && b->module == NULL && !(al == nl && memcmp(ap, np, nl) == 0)) {
        b->from = ap;
        b->from_len = al;
    }
}

/* request = new Request(url, opts), req = http.request(opts), request = {}: the name now
 * holds an object the code made (binding.made), so request.url is not what a client sent.
 * Not a getter (ctx.switchToHttp().getRequest(), get_current_request(), .get('request')),
 * which hands back the framework's own request object. */
static void set_made(struct tctx *t, TSNode name, TSNode value)
{
    if (!code_node_is(name, "identifier"))
        return;
    while (code_node_is(value, "await") || code_node_is(value, "await_expression") ||
           code_node_is(value, "parenthesized_expression"))
        value = child(value, code_node_is(value, "parenthesized_expression") ? 1 : 0);
    static const char *const literal[] = {"new_expression", "object", "array", "string",
                                          "template_string", "number", "dictionary", "list",
                                          NULL};
    const char *ty = ntype(value);
    bool made = in_list(ty, strlen(ty), literal);
    if (code_node_is(value, "call_expression") || code_node_is(value, "call")) {
        TSNode f = field(value, "function");
        if (code_node_is(f, "member_expression") || code_node_is(f, "attribute"))
            f = field(f, t->py ? "attribute" : "property");
        size_t fl;
        const char *fp = ntext(t, f, &fl);
        made = code_node_is(f, "identifier") || code_node_is(f, "property_identifier");
        made = made && !(fl >= 3 && strncasecmp(fp, "get", 3) == 0);
    }
    size_t nl;
    const char *np = ntext(t, name, &nl);
    struct binding *b = lookup(t, np, nl);
    if (b != NULL && b->module == NULL)
        b->made = made && b->o.lvl < T_REQUEST;
}

/* JS: `const { request } = args`, `const req = opts.request`: a name read out of an
 * object that is not a framework's context (ctx, context, this, the request itself) is
 * the code's own request object (an SDK middleware's outgoing HttpRequest), not what a
 * client sent, unless the value is request data already. */
static void js_req_taken_from(struct tctx *t, TSNode target, TSNode value)
{
    static const char *const carriers[] = {"ctx", "context", "c", "this", "req", "request",
                                           "event", "evt", "reqCtx", "requestContext", NULL};
    TSNode p[4];
    size_t np = 0, len;
    if (t->py || !member_chain(t, value, p, &np) || code_node_is(value, "call_expression") ||
        part_in(t, p[0], carriers))
        return;
    TSNode names[16];
    size_t nn = 0;
    if (code_node_is(target, "identifier")) {
        names[nn++] = target;
    } else if (code_node_is(target, "object_pattern")) {
        for (uint32_t i = 0, c = nchild(target); i < c && nn < 16; i++) {
            TSNode k = child(target, i);
            if (code_node_is(k, "pair_pattern"))
                k = field(k, "value");
            if (code_node_is(k, "shorthand_property_identifier_pattern") ||
                code_node_is(k, "identifier"))
                names[nn++] = k;
        }
    }
    for (size_t i = 0; i < nn; i++) {
        if (!part_in(t, names[i], js_req_roots))
            continue;
        const char *nm = ntext(t, names[i], &len);
        struct binding *b = lookup(t, nm, len);
        if (b != NULL && b->module == NULL && b->o.lvl < T_REQUEST)
            b->made = true;
    }
}

/* JS: `const { params, query: { q } } = req` in a handler (or with a free `req`): the
 * request's members destructured out of it are request data, as req.params is. */
static void js_req_destructured(struct tctx *t, TSNode target, TSNode value)
{
    if (t->py || !code_node_is(target, "object_pattern") || !code_node_is(value, "identifier") ||
        !part_in(t, value, js_req_roots) || made_here(t, value) || js_foreign_request(t, value))
        return;
    size_t len;
    const char *nm = ntext(t, value, &len);
    struct binding *b = lookup(t, nm, len);
    if (b == NULL ? !text_is(t, value, "req")
                  : b->module != NULL || b->o.lvl != T_CONST || !t->js_handler)
        return;
    for (uint32_t i = 0, c = nchild(target); i < c; i++) {
        TSNode k = child(target, i), key = k, v = k;
        if (code_node_is(k, "pair_pattern")) {
            key = field(k, "key");
            v = field(k, "value");
        } else if (code_node_is(k, "object_assignment_pattern")) {
            key = field(k, "left");
            v = key;
        } else if (!code_node_is(k, "shorthand_property_identifier_pattern")) {
            continue;
        }
        if (part_in(t, key, js_req_props)) {
            struct origin o = o_level(T_REQUEST, key);
            if (part_in(t, key, js_whole_props))
                o.flags = OF_WHOLE;
            bind_target(t, v, o);
        }
    }
}

/* ---- sinks ---- */

/* Sink flags: one bit each, numbered by this enum so that two flags never share a value
 * (two branches once both took the next free power of two). */
enum sink_flag_bit {
    SFB_SHELL,
    SFB_SQLDYN,
    SFB_SQLONLY,
    SFB_NOFIXED,
    SFB_YAML,
    SFB_RECEIVER,
    SFB_REQONLY,
    SFB_LDAPONLY,
    SFB_STRARG,
    SFB_XXE,
    SFB_CAPPED,
    SFB_FILEARG,
    SFB_WEIGHTS,
    SFB_NOOBJ,
    SFB_JOIN,
    SFB_KEYOPT,
    SFB_KEYVAR,
    SFB_BUILT,
    SFB_ETPATH,
    SFB_NOENTRY,
    SFB_EVALCODE,
    SFB_NOSHELL,
    SFB_PROBE,
    SFB_N
};
_Static_assert(SFB_N <= 32, "sink flags are an unsigned bit set");

/* only with a shell (JS options {shell: true}, Python shell=True) */
#define SF_SHELL (1u << SFB_SHELL)
/* non-request values only when built around SQL text */
#define SF_SQLDYN (1u << SFB_SQLDYN)
/* any value only when built around SQL text */
#define SF_SQLONLY (1u << SFB_SQLONLY)
/* not when the destination is fixed (scheme+host or "/path") */
#define SF_NOFIXED (1u << SFB_NOFIXED)
/* yaml.load without a safe Loader */
#define SF_YAML (1u << SFB_YAML)
/* the receiver is a response object (res, response, reply) */
#define SF_RECEIVER (1u << SFB_RECEIVER)
/* request data only (a response body from a variable is normal) */
#define SF_REQONLY (1u << SFB_REQONLY)
/* only when built around an LDAP filter */
#define SF_LDAPONLY (1u << SFB_LDAPONLY)
/* code given as a string (setTimeout('...' + x)), not a function */
#define SF_STRARG (1u << SFB_STRARG)
/* only with a parser that resolves external entities (OF_XXE) */
#define SF_XXE (1u << SFB_XXE)
/* a generic name: request data does not make the finding certain */
#define SF_CAPPED (1u << SFB_CAPPED)
/* Python: the argument names or opens what is loaded (a path, a file object), so even a
 * constant one is data of unknown origin */
#define SF_FILEARG (1u << SFB_FILEARG)
/* torch.load: not with weights_only=True */
#define SF_WEIGHTS (1u << SFB_WEIGHTS)
/* not an object or array literal argument (its values are data) */
#define SF_NOOBJ (1u << SFB_NOOBJ)
/* JS path.join/resolve: each argument on its own; one cleaned with .replace()/.indexOf() or a
 * sanitize*() call is not a path part the caller controls, and a join handed straight to
 * another call is left to that call (a sink of its own, or nothing) */
#define SF_JOIN (1u << SFB_JOIN)
/* SK_KEY: the key is a `secret`-like member of an object literal argument ({ secret: KEY }) */
#define SF_KEYOPT (1u << SFB_KEYOPT)
/* SK_KEY: a constant held in a variable only (a literal in place is left to the query rules
 * that read it) */
#define SF_KEYVAR (1u << SFB_KEYVAR)
/* only a string built in place around a space (`ls ${dir}`, "grep " + x): a command line, not
 * a program's name */
#define SF_BUILT (1u << SFB_BUILT)
/* Python ElementPath (find/findall of ElementTree, lxml): only a string built in place
 * (f-string, +, %, .format) in a file that imports xml.etree or lxml */
#define SF_ETPATH (1u << SFB_ETPATH)
/* JS: not an archive entry's name (extractors probe and link their own output; the write is
 * what is reported) */
#define SF_NOENTRY (1u << SFB_NOENTRY)
/* JS vm: the context object (arg 1), only when the code run in it is a constant that evaluates
 * code (vm.runInContext('safeEval(x)', sandbox)): request data in the sandbox is then run */
#define SF_EVALCODE (1u << SFB_EVALCODE)
/* Python: starts the program it names without a shell (os.exec*, os.spawn*, os.posix_spawn):
 * what is not request data is a wrapper running its caller's program (pty.spawn, subprocess's
 * own internals), low confidence and at most medium severity */
#define SF_NOSHELL (1u << SFB_NOSHELL)
/* JS: only asks whether a path exists or what it is (stat, lstat, access, exists, realpath):
 * nothing is read or written, so request data there tells an attacker at most which files
 * exist (low confidence, at most medium severity); the read that may follow is what a
 * traversal reaches */
#define SF_PROBE (1u << SFB_PROBE)

#define ARG_ANY -1
#define ARG_LAST -2
#define ARG_RECV -3 /* the receiver: Path(p).read_text() */

struct sink {
    const char *name;
    enum sink_kind kind;
    int arg;
    unsigned flags;
};

static const struct sink js_sinks[] = {
    {"eval", SK_EVAL, 0, 0},
    {"window.eval", SK_EVAL, 0, 0},
    {"globalThis.eval", SK_EVAL, 0, 0},
    {"Function", SK_FUNCTION, ARG_ANY, 0},
    {"mathjs.eval", SK_EVAL, 0, 0},
    {"require", SK_EVAL, 0, SF_REQONLY}, /* require(req.query.module) */
    {"setTimeout", SK_EVAL, 0, SF_STRARG},
    {"setInterval", SK_EVAL, 0, SF_STRARG},
    {"window.setTimeout", SK_EVAL, 0, SF_STRARG},
    {"window.setInterval", SK_EVAL, 0, SF_STRARG},
    {"mathjs.evaluate", SK_EVAL, 0, 0},
    {"vm.runInContext", SK_VM, 1, SF_EVALCODE | SF_REQONLY},
    {"vm.runInNewContext", SK_VM, 1, SF_EVALCODE | SF_REQONLY},
    {"vm.runInNewContext", SK_VM, 0, 0},
    {"vm.runInThisContext", SK_VM, 0, 0},
    {"vm.runInContext", SK_VM, 0, 0},
    {"vm.compileFunction", SK_VM, 0, 0},
    {"vm.Script", SK_VM, 0, 0},
    {"import", SK_EVAL, 0, SF_REQONLY}, /* import(req.query.module) */
    {"child_process.exec", SK_CMD, 0, 0},
    {"child_process.execSync", SK_CMD, 0, 0},
    {"child_process.spawn", SK_CMD, ARG_ANY, SF_SHELL},
    {"child_process.spawnSync", SK_CMD, ARG_ANY, SF_SHELL},
    {"child_process.execFile", SK_CMD, ARG_ANY, SF_SHELL},
    {"child_process.execFileSync", SK_CMD, ARG_ANY, SF_SHELL},
    /* without a shell: the program itself named by the request, or a whole command line
     * built into the program's name (spawn(`ls ${dir}`): a shell command meant for exec) */
    {"child_process.spawn", SK_CMD, 0, SF_REQONLY},
    {"child_process.spawnSync", SK_CMD, 0, SF_REQONLY},
    {"child_process.execFile", SK_CMD, 0, SF_REQONLY},
    {"child_process.execFileSync", SK_CMD, 0, SF_REQONLY},
    {"child_process.spawn", SK_CMD, 0, SF_BUILT},
    {"child_process.spawnSync", SK_CMD, 0, SF_BUILT},
    {"shelljs.exec", SK_CMD, 0, 0},
    {"execa.command", SK_CMD, 0, 0},
    {"execa.execaCommand", SK_CMD, 0, 0},
    {"*.query", SK_SQL, 0, SF_SQLDYN},
    {"*.execute", SK_SQL, 0, SF_SQLDYN},
    {"*.raw", SK_SQL, 0, SF_SQLDYN},
    {"*.$queryRawUnsafe", SK_SQL, 0, 0},
    {"*.$executeRawUnsafe", SK_SQL, 0, 0},
    {"*.whereRaw", SK_SQL, 0, SF_SQLDYN},
    {"*.orderByRaw", SK_SQL, 0, SF_SQLDYN},
    {"*.havingRaw", SK_SQL, 0, SF_SQLDYN},
    {"*.joinRaw", SK_SQL, 0, SF_SQLDYN},
    {"*.run", SK_SQL, 0, SF_SQLONLY},
    {"*.all", SK_SQL, 0, SF_SQLONLY},
    {"*.get", SK_SQL, 0, SF_SQLONLY},
    {"*.each", SK_SQL, 0, SF_SQLONLY},
    {"*.prepare", SK_SQL, 0, SF_SQLONLY},
    {"*.exec", SK_SQL, 0, SF_SQLONLY},
    {"*.one", SK_SQL, 0, SF_SQLONLY}, /* pg-promise */
    {"*.many", SK_SQL, 0, SF_SQLONLY},
    {"*.any", SK_SQL, 0, SF_SQLONLY},
    {"*.none", SK_SQL, 0, SF_SQLONLY},
    {"*.oneOrNone", SK_SQL, 0, SF_SQLONLY},
    {"*.manyOrNone", SK_SQL, 0, SF_SQLONLY},
    {"*.result", SK_SQL, 0, SF_SQLONLY},
    {"*.multi", SK_SQL, 0, SF_SQLONLY},
    {"*.sql", SK_SQL, 0, SF_SQLONLY}, /* Sequelize literal / mssql */
    {"*.literal", SK_SQL, 0, SF_SQLONLY},
    {"fs.readFile", SK_PATH, 0, 0},
    {"fs.readFileSync", SK_PATH, 0, 0},
    {"fs.createReadStream", SK_PATH, 0, 0},
    {"fs.writeFile", SK_PATH, 0, 0},
    {"fs.writeFileSync", SK_PATH, 0, 0},
    {"fs.appendFile", SK_PATH, 0, 0},
    {"fs.appendFileSync", SK_PATH, 0, 0},
    {"fs.createWriteStream", SK_PATH, 0, 0},
    {"fs.unlink", SK_PATH, 0, 0},
    {"fs.unlinkSync", SK_PATH, 0, 0},
    {"fs.rm", SK_PATH, 0, 0},
    {"fs.rmSync", SK_PATH, 0, 0},
    {"fs.readdir", SK_PATH, 0, 0},
    {"fs.readdirSync", SK_PATH, 0, 0},
    {"fs.open", SK_PATH, 0, 0},
    {"fs.openSync", SK_PATH, 0, 0},
    {"fs.promises.readFile", SK_PATH, 0, 0},
    {"fs.promises.writeFile", SK_PATH, 0, 0},
    {"fs.promises.appendFile", SK_PATH, 0, 0},
    {"fs.promises.unlink", SK_PATH, 0, 0},
    {"fs.promises.readdir", SK_PATH, 0, 0},
    {"fs.mkdir", SK_PATH, 0, 0},
    {"fs.mkdirSync", SK_PATH, 0, 0},
    {"fs.rmdir", SK_PATH, 0, 0},
    {"fs.rmdirSync", SK_PATH, 0, 0},
    {"fs.rename", SK_PATH, ARG_ANY, 0},
    {"fs.renameSync", SK_PATH, ARG_ANY, 0},
    {"fs.copyFile", SK_PATH, ARG_ANY, 0},
    {"fs.copyFileSync", SK_PATH, ARG_ANY, 0},
    {"fs.outputFile", SK_PATH, 0, 0},
    {"fs.outputFileSync", SK_PATH, 0, 0},
    {"fs.readJson", SK_PATH, 0, 0},
    {"fs.readJsonSync", SK_PATH, 0, 0},
    {"fs.remove", SK_PATH, 0, 0},
    {"fs.removeSync", SK_PATH, 0, 0},
    /* the rest of node:fs (and fs/promises, fs-extra): what a path names is read, probed
     * (stat/exists/access tell an attacker which files exist), changed or linked; not
     * an archive entry's path, which code that extracts archives probes and links by design
     * (its writes are reported) */
    {"fs.stat", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.statSync", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.lstat", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.lstatSync", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.access", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.accessSync", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.exists", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.existsSync", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.chmod", SK_PATH, 0, SF_NOENTRY},
    {"fs.chmodSync", SK_PATH, 0, SF_NOENTRY},
    {"fs.chown", SK_PATH, 0, SF_NOENTRY},
    {"fs.chownSync", SK_PATH, 0, SF_NOENTRY},
    {"fs.lchown", SK_PATH, 0, SF_NOENTRY},
    {"fs.lchownSync", SK_PATH, 0, SF_NOENTRY},
    {"fs.truncate", SK_PATH, 0, SF_NOENTRY},
    {"fs.truncateSync", SK_PATH, 0, SF_NOENTRY},
    {"fs.readlink", SK_PATH, 0, SF_NOENTRY},
    {"fs.readlinkSync", SK_PATH, 0, SF_NOENTRY},
    {"fs.realpath", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.realpathSync", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.opendir", SK_PATH, 0, SF_NOENTRY},
    {"fs.opendirSync", SK_PATH, 0, SF_NOENTRY},
    {"fs.mkdtemp", SK_PATH, 0, SF_NOENTRY},
    {"fs.mkdtempSync", SK_PATH, 0, SF_NOENTRY},
    {"fs.utimes", SK_PATH, 0, SF_NOENTRY},
    {"fs.utimesSync", SK_PATH, 0, SF_NOENTRY},
    {"fs.watch", SK_PATH, 0, SF_NOENTRY},
    {"fs.watchFile", SK_PATH, 0, SF_NOENTRY},
    {"fs.symlink", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"fs.symlinkSync", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"fs.link", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"fs.linkSync", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"fs.cp", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"fs.cpSync", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"fs.copy", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"fs.copySync", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"fs.move", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"fs.moveSync", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"fs.ensureFile", SK_PATH, 0, SF_NOENTRY},
    {"fs.ensureFileSync", SK_PATH, 0, SF_NOENTRY},
    {"fs.ensureDir", SK_PATH, 0, SF_NOENTRY},
    {"fs.ensureDirSync", SK_PATH, 0, SF_NOENTRY},
    {"fs.pathExists", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.pathExistsSync", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.emptyDir", SK_PATH, 0, SF_NOENTRY},
    {"fs.emptyDirSync", SK_PATH, 0, SF_NOENTRY},
    {"fs.writeJson", SK_PATH, 0, SF_NOENTRY},
    {"fs.writeJsonSync", SK_PATH, 0, SF_NOENTRY},
    {"fs.outputJson", SK_PATH, 0, SF_NOENTRY},
    {"fs.outputJsonSync", SK_PATH, 0, SF_NOENTRY},
    {"fs.promises.open", SK_PATH, 0, SF_NOENTRY},
    {"fs.promises.stat", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.promises.lstat", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.promises.access", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.promises.rm", SK_PATH, 0, SF_NOENTRY},
    {"fs.promises.rmdir", SK_PATH, 0, SF_NOENTRY},
    {"fs.promises.mkdir", SK_PATH, 0, SF_NOENTRY},
    {"fs.promises.readlink", SK_PATH, 0, SF_NOENTRY},
    {"fs.promises.realpath", SK_PATH, 0, SF_NOENTRY | SF_PROBE},
    {"fs.promises.opendir", SK_PATH, 0, SF_NOENTRY},
    {"fs.promises.truncate", SK_PATH, 0, SF_NOENTRY},
    {"fs.promises.chmod", SK_PATH, 0, SF_NOENTRY},
    {"fs.promises.rename", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"fs.promises.copyFile", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"fs.promises.symlink", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"fs.promises.link", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"fs.promises.cp", SK_PATH, ARG_ANY, SF_NOENTRY},
    {"*.sendFile", SK_PATH, 0, SF_RECEIVER},
    {"*.render", SK_PATH, 0, SF_RECEIVER | SF_REQONLY}, /* res.render(req.query.view) */
    {"*.goto", SK_SSRF, 0, SF_NOFIXED | SF_REQONLY},    /* puppeteer page.goto(url) */
    {"*.download", SK_PATH, 0, SF_RECEIVER},
    {"fetch", SK_SSRF, 0, SF_NOFIXED},
    {"axios", SK_SSRF, 0, SF_NOFIXED},
    {"axios.get", SK_SSRF, 0, SF_NOFIXED},
    {"axios.post", SK_SSRF, 0, SF_NOFIXED},
    {"axios.put", SK_SSRF, 0, SF_NOFIXED},
    {"axios.delete", SK_SSRF, 0, SF_NOFIXED},
    {"axios.head", SK_SSRF, 0, SF_NOFIXED},
    {"axios.request", SK_SSRF, 0, SF_NOFIXED},
    {"axios.patch", SK_SSRF, 0, SF_NOFIXED},
    {"node-fetch", SK_SSRF, 0, SF_NOFIXED},
    {"undici.request", SK_SSRF, 0, SF_NOFIXED},
    {"undici.fetch", SK_SSRF, 0, SF_NOFIXED},
    {"got.put", SK_SSRF, 0, SF_NOFIXED},
    {"got.stream", SK_SSRF, 0, SF_NOFIXED},
    {"request.post", SK_SSRF, 0, SF_NOFIXED},
    {"needle", SK_SSRF, 1, SF_NOFIXED},
    {"needle.post", SK_SSRF, 0, SF_NOFIXED},
    {"needle.request", SK_SSRF, 1, SF_NOFIXED},
    {"superagent.post", SK_SSRF, 0, SF_NOFIXED},
    {"got", SK_SSRF, 0, SF_NOFIXED},
    {"got.get", SK_SSRF, 0, SF_NOFIXED},
    {"got.post", SK_SSRF, 0, SF_NOFIXED},
    {"request", SK_SSRF, 0, SF_NOFIXED},
    {"request.get", SK_SSRF, 0, SF_NOFIXED},
    {"needle.get", SK_SSRF, 0, SF_NOFIXED},
    {"superagent.get", SK_SSRF, 0, SF_NOFIXED},
    {"http.get", SK_SSRF, 0, SF_NOFIXED},
    {"http.request", SK_SSRF, 0, SF_NOFIXED},
    {"https.get", SK_SSRF, 0, SF_NOFIXED},
    {"https.request", SK_SSRF, 0, SF_NOFIXED},
    {"XMLHttpRequest#.open", SK_SSRF, 1, SF_NOFIXED}, /* xhr.open('GET', url) */
    {"*.redirect", SK_REDIRECT, ARG_LAST, SF_NOFIXED},
    {"redirect", SK_REDIRECT, 0, SF_NOFIXED},
    {"location.assign", SK_REDIRECT, 0, SF_NOFIXED},
    {"location.replace", SK_REDIRECT, 0, SF_NOFIXED},
    {"window.location.assign", SK_REDIRECT, 0, SF_NOFIXED},
    {"window.location.replace", SK_REDIRECT, 0, SF_NOFIXED},
    {"window.open", SK_REDIRECT, 0, SF_NOFIXED},
    {"*.send", SK_XSS, 0, SF_RECEIVER | SF_REQONLY},
    {"*.write", SK_XSS, 0, SF_RECEIVER | SF_REQONLY},
    {"*.end", SK_XSS, 0, SF_RECEIVER | SF_REQONLY},
    {"*.response", SK_XSS, 0, SF_RECEIVER | SF_REQONLY}, /* hapi h.response(x) */
    {"document.write", SK_HTML, 0, 0},
    {"document.writeln", SK_HTML, 0, 0},
    {"*.insertAdjacentHTML", SK_HTML, 1, 0},
    {"*.createContextualFragment", SK_HTML, 0, 0},
    {"ejs.render", SK_SSTI, 0, SF_REQONLY},
    {"ejs.compile", SK_SSTI, 0, SF_REQONLY},
    {"pug.render", SK_SSTI, 0, SF_REQONLY},
    {"pug.compile", SK_SSTI, 0, SF_REQONLY},
    {"jade.render", SK_SSTI, 0, SF_REQONLY},
    {"jade.compile", SK_SSTI, 0, SF_REQONLY},
    {"handlebars.compile", SK_SSTI, 0, SF_REQONLY},
    {"Handlebars.compile", SK_SSTI, 0, SF_REQONLY},
    {"nunjucks.renderString", SK_SSTI, 0, SF_REQONLY},
    {"lodash.template", SK_SSTI, 0, SF_REQONLY},
    {"_.template", SK_SSTI, 0, SF_REQONLY},
    {"dot.template", SK_SSTI, 0, SF_REQONLY},
    {"doT.template", SK_SSTI, 0, SF_REQONLY},
    {"*.location", SK_REDIRECT, 0, SF_RECEIVER | SF_NOFIXED},
    {"node-serialize.unserialize", SK_DESER, 0, 0},
    {"serialize-to-js.deserialize", SK_DESER, 0, 0},
    {"funcster.deepDeserialize", SK_DESER, 0, 0},
    {"RegExp", SK_REGEXP, 0, 0},
    {"xpath.select", SK_XPATH, 0, 0},
    {"xpath.select1", SK_XPATH, 0, 0},
    {"xpath.evaluate", SK_XPATH, 0, 0},
    {"xpath.parse", SK_XPATH, 0, 0},
    {"document.evaluate", SK_XPATH, 0, 0},
    {"*.search", SK_LDAP, ARG_ANY, SF_LDAPONLY},
    {"lodash.merge", SK_PROTO, ARG_ANY, 0},
    {"lodash.mergeWith", SK_PROTO, ARG_ANY, 0},
    {"lodash.defaultsDeep", SK_PROTO, ARG_ANY, 0},
    {"lodash.set", SK_PROTO, ARG_ANY, 0},
    {"lodash.setWith", SK_PROTO, ARG_ANY, 0},
    {"lodash.zipObjectDeep", SK_PROTO, ARG_ANY, 0},
    {"_.merge", SK_PROTO, ARG_ANY, 0},
    {"_.mergeWith", SK_PROTO, ARG_ANY, 0},
    {"_.defaultsDeep", SK_PROTO, ARG_ANY, 0},
    {"_.set", SK_PROTO, ARG_ANY, 0},
    {"_.setWith", SK_PROTO, ARG_ANY, 0},
    {"_.zipObjectDeep", SK_PROTO, ARG_ANY, 0},
    {"deepmerge", SK_PROTO, ARG_ANY, 0},
    {"merge-deep", SK_PROTO, ARG_ANY, 0},
    {"mixin-deep", SK_PROTO, ARG_ANY, 0},
    {"defaults-deep", SK_PROTO, ARG_ANY, 0},
    {"set-value", SK_PROTO, ARG_ANY, 0},
    {"dot-prop.set", SK_PROTO, ARG_ANY, 0},
    {"object-path.set", SK_PROTO, ARG_ANY, 0},
    {"merge", SK_PROTO, ARG_ANY, SF_CAPPED},
    {"deepMerge", SK_PROTO, ARG_ANY, SF_CAPPED},
    {"mergeDeep", SK_PROTO, ARG_ANY, SF_CAPPED},
    {"deepExtend", SK_PROTO, ARG_ANY, SF_CAPPED},
    {"extend", SK_PROTO, ARG_ANY, SF_CAPPED},
    /* headless browsers and HTML renderers load what they are given (puppeteer,
     * playwright, phantom, wkhtmltopdf), more HTTP clients, sockets, sandboxes */
    {"*.setContent", SK_SSRF, 0, SF_REQONLY},
    {"*.evaluate", SK_SSRF, ARG_ANY, SF_REQONLY},
    {"*.evaluateOnNewDocument", SK_SSRF, ARG_ANY, SF_REQONLY},
    {"*.evaluateJavaScript", SK_SSRF, 0, SF_REQONLY},
    {"*.openUrl", SK_SSRF, 0, SF_REQONLY | SF_NOFIXED},
    {"*.property", SK_SSRF, 1, SF_REQONLY}, /* phantom page.property('content', html) */
    {"wkhtmltopdf", SK_SSRF, 0, SF_NOFIXED},
    {"wkhtmltoimage.generate", SK_SSRF, 0, SF_NOFIXED},
    {"urllib.request", SK_SSRF, 0, SF_NOFIXED},
    {"urllib.curl", SK_SSRF, 0, SF_NOFIXED},
    {"bent#", SK_SSRF, 0, SF_NOFIXED}, /* getJSON = bent('json'); getJSON(url) */
    {"net.connect", SK_SSRF, ARG_ANY, SF_NOFIXED},
    {"net.createConnection", SK_SSRF, ARG_ANY, SF_NOFIXED},
    {"net.Socket#.connect", SK_SSRF, ARG_ANY, SF_NOFIXED},
    {"vm2.VM#.run", SK_VM, 0, 0},
    {"vm2.NodeVM#.run", SK_VM, 0, 0},
    {"vm2.VMScript", SK_VM, 0, 0},
    {"VMScript", SK_VM, 0, SF_REQONLY},
    {"sandbox#.run", SK_VM, 0, 0},
    {"squirrelly.Compile", SK_SSTI, 0, SF_REQONLY},
    {"squirrelly.compile", SK_SSTI, 0, SF_REQONLY},
    {"squirrelly.render", SK_SSTI, 0, SF_REQONLY},
    {"Sqrl.render", SK_SSTI, 0, SF_REQONLY},
    {"Sqrl.compile", SK_SSTI, 0, SF_REQONLY},
    {"Sqrl.Compile", SK_SSTI, 0, SF_REQONLY},
    {"doT.compile", SK_SSTI, 0, SF_REQONLY},
    {"dot.compile", SK_SSTI, 0, SF_REQONLY},
    {"Hogan.compile", SK_SSTI, 0, SF_REQONLY},
    {"Hogan.parse", SK_SSTI, 0, SF_REQONLY},
    {"hogan.js.compile", SK_SSTI, 0, SF_REQONLY},
    {"Mustache.render", SK_SSTI, 0, SF_REQONLY},
    {"mustache.render", SK_SSTI, 0, SF_REQONLY},
    {"Template7.compile", SK_SSTI, 0, SF_REQONLY},
    {"template7.compile", SK_SSTI, 0, SF_REQONLY},
    {"eta.render", SK_SSTI, 0, SF_REQONLY},
    {"eta.compile", SK_SSTI, 0, SF_REQONLY},
    {"$.templates", SK_SSTI, 0, SF_REQONLY},
    {"jsrender.templates", SK_SSTI, 0, SF_REQONLY},
    {"whiskers.render", SK_SSTI, 0, SF_REQONLY},
    {"whiskers.compile", SK_SSTI, 0, SF_REQONLY},
    {"liquidjs.Liquid#.parse", SK_SSTI, 0, SF_REQONLY},
    {"liquidjs.Liquid#.parseAndRender", SK_SSTI, 0, SF_REQONLY},
    {"liquidjs.Liquid#.parseAndRenderSync", SK_SSTI, 0, SF_REQONLY},
    {"js-yaml.load", SK_DESER, 0, SF_REQONLY},
    /* res.render('page', req.body): request data as the render options (hbs/express
     * read `layout`, `settings`, `cache` from them: local file read) */
    {"*.render", SK_PATH, 1, SF_RECEIVER | SF_REQONLY | SF_NOOBJ},
    /* server-side families (codejs): notevil's "safe" eval, path.join/resolve of request
     * data, phantom page.open */
    {"notevil", SK_EVAL, 0, 0},
    {"path.join", SK_PATH, ARG_ANY, SF_REQONLY | SF_JOIN},
    {"path.resolve", SK_PATH, ARG_ANY, SF_REQONLY | SF_JOIN},
    {"*.open", SK_SSRF, 0, SF_REQONLY | SF_NOFIXED},
    /* library families (codets): what a headless browser loads or runs, from any value
     * that is not constant (the rule gates on the library's import; request data in the
     * same calls goes to the SK_SSRF entries above first) */
    {"*.goto", SK_BROWSER, 0, 0},
    {"*.setContent", SK_BROWSER, 0, 0},
    {"*.evaluate", SK_BROWSER, ARG_ANY, 0},
    {"*.evaluateHandle", SK_BROWSER, ARG_ANY, 0},
    {"*.evaluateOnNewDocument", SK_BROWSER, ARG_ANY, 0},
    {"*.addInitScript", SK_BROWSER, 0, 0},
    {"*.evaluateJavaScript", SK_BROWSER, 0, 0},
    {"*.openUrl", SK_BROWSER, 0, 0},
    {"*.open", SK_BROWSER, 0, 0},
    {"*.property", SK_BROWSER, 1, 0},
    {"*.compileScript", SK_BROWSER, 0, 0},
    {"*.navigate", SK_BROWSER, 0, 0},
    {"*.printToPDF", SK_BROWSER, 0, 0},
    {"*.setDocumentContent", SK_BROWSER, 0, 0},
    /* hard-coded keys (codejs): a string constant, usually held in a variable declared a
     * few lines above, used as a JWT, HMAC, cipher or session key */
    {"jsonwebtoken.sign", SK_KEY, 1, SF_KEYVAR},
    {"jsonwebtoken.verify", SK_KEY, 1, SF_KEYVAR},
    {"jwt.sign", SK_KEY, 1, SF_KEYVAR},
    {"jwt.verify", SK_KEY, 1, SF_KEYVAR},
    {"JWT.sign", SK_KEY, 1, SF_KEYVAR},
    {"JWT.verify", SK_KEY, 1, SF_KEYVAR},
    {"jose.JWT.sign", SK_KEY, 1, SF_KEYVAR},
    {"jose.JWT.verify", SK_KEY, 1, SF_KEYVAR},
    {"jwt-simple.encode", SK_KEY, 1, SF_KEYVAR},
    {"jwt-simple.decode", SK_KEY, 1, SF_KEYVAR},
    {"crypto.createHmac", SK_KEY, 1, SF_KEYVAR},
    {"crypto.createSecretKey", SK_KEY, 0, 0},
    {"crypto.createPrivateKey", SK_KEY, 0, 0},
    {"crypto.createCipheriv", SK_KEY, 1, SF_KEYVAR},
    {"crypto.createDecipheriv", SK_KEY, 1, SF_KEYVAR},
    /* crypto-js: the key or passphrase, a literal in place too (no query rule reads it) */
    {"crypto-js.AES.encrypt", SK_KEY, 1, 0},
    {"crypto-js.AES.decrypt", SK_KEY, 1, 0},
    {"crypto-js.DES.encrypt", SK_KEY, 1, 0},
    {"crypto-js.DES.decrypt", SK_KEY, 1, 0},
    {"crypto-js.TripleDES.encrypt", SK_KEY, 1, 0},
    {"crypto-js.TripleDES.decrypt", SK_KEY, 1, 0},
    {"crypto-js.Rabbit.encrypt", SK_KEY, 1, 0},
    {"crypto-js.Rabbit.decrypt", SK_KEY, 1, 0},
    {"crypto-js.RabbitLegacy.encrypt", SK_KEY, 1, 0},
    {"crypto-js.RabbitLegacy.decrypt", SK_KEY, 1, 0},
    {"crypto-js.RC4.encrypt", SK_KEY, 1, 0},
    {"crypto-js.RC4.decrypt", SK_KEY, 1, 0},
    {"crypto-js.RC4Drop.encrypt", SK_KEY, 1, 0},
    {"crypto-js.RC4Drop.decrypt", SK_KEY, 1, 0},
    {"crypto-js.Blowfish.encrypt", SK_KEY, 1, 0},
    {"crypto-js.Blowfish.decrypt", SK_KEY, 1, 0},
    {"CryptoJS.AES.encrypt", SK_KEY, 1, 0},
    {"CryptoJS.AES.decrypt", SK_KEY, 1, 0},
    {"CryptoJS.DES.encrypt", SK_KEY, 1, 0},
    {"CryptoJS.DES.decrypt", SK_KEY, 1, 0},
    {"CryptoJS.TripleDES.encrypt", SK_KEY, 1, 0},
    {"CryptoJS.TripleDES.decrypt", SK_KEY, 1, 0},
    {"CryptoJS.Rabbit.encrypt", SK_KEY, 1, 0},
    {"CryptoJS.Rabbit.decrypt", SK_KEY, 1, 0},
    {"CryptoJS.RabbitLegacy.encrypt", SK_KEY, 1, 0},
    {"CryptoJS.RabbitLegacy.decrypt", SK_KEY, 1, 0},
    {"CryptoJS.RC4.encrypt", SK_KEY, 1, 0},
    {"CryptoJS.RC4.decrypt", SK_KEY, 1, 0},
    {"CryptoJS.RC4Drop.encrypt", SK_KEY, 1, 0},
    {"CryptoJS.RC4Drop.decrypt", SK_KEY, 1, 0},
    {"CryptoJS.Blowfish.encrypt", SK_KEY, 1, 0},
    {"CryptoJS.Blowfish.decrypt", SK_KEY, 1, 0},
    {"crypto-js/aes.encrypt", SK_KEY, 1, 0},
    {"crypto-js/aes.decrypt", SK_KEY, 1, 0},
    {"crypto-js/tripledes.encrypt", SK_KEY, 1, 0},
    {"crypto-js/tripledes.decrypt", SK_KEY, 1, 0},
    {"crypto-js/rabbit.encrypt", SK_KEY, 1, 0},
    {"crypto-js/rabbit.decrypt", SK_KEY, 1, 0},
    {"crypto-js/rc4.encrypt", SK_KEY, 1, 0},
    {"crypto-js/rc4.decrypt", SK_KEY, 1, 0},
    {"crypto.privateDecrypt", SK_KEY, 0, SF_KEYOPT},
    {"crypto.privateEncrypt", SK_KEY, 0, SF_KEYOPT},
    {"express-jwt", SK_KEY, 0, SF_KEYOPT | SF_KEYVAR},
    {"express-jwt.expressjwt", SK_KEY, 0, SF_KEYOPT | SF_KEYVAR},
    {"expressjwt", SK_KEY, 0, SF_KEYOPT | SF_KEYVAR},
    {"expressJwt", SK_KEY, 0, SF_KEYOPT | SF_KEYVAR},
    {"express-session", SK_KEY, 0, SF_KEYOPT | SF_KEYVAR},
    {"session", SK_KEY, 0, SF_KEYOPT | SF_KEYVAR},
    {"cookie-session", SK_KEY, 0, SF_KEYOPT | SF_KEYVAR},
    {"cookieSession", SK_KEY, 0, SF_KEYOPT | SF_KEYVAR},
    {"cookie-parser", SK_KEY, 0, SF_KEYVAR},
    {"cookieParser", SK_KEY, 0, SF_KEYVAR},
    {NULL, SK_N, 0, 0},
};

static const struct sink py_sinks[] = {
    /* a string constant held in a variable as a JWT or HMAC key (a literal in place is
     * py-jwt-hardcoded-secret's / py-hardcoded-hmac-key's query) */
    {"jwt.encode", SK_KEY, 1, SF_KEYVAR},
    {"jwt.decode", SK_KEY, 1, SF_KEYVAR},
    {"hmac.new", SK_KEY, 0, SF_KEYVAR},
    /* ... and as a cipher's key (cryptography's Fernet, AEAD and algorithm classes,
     * PyCryptodome's new(key)); py_key_unwrap sees through re-encoding wrappers. A weak
     * cipher's key (TripleDES, DES3, Blowfish, ...) is left to py-weak-cipher: the fix is
     * another cipher, and one finding says so */
    {"cryptography.fernet.Fernet", SK_KEY, 0, SF_KEYVAR},
    {"cryptography.hazmat.primitives.ciphers.aead.AESGCM", SK_KEY, 0, SF_KEYVAR},
    {"cryptography.hazmat.primitives.ciphers.aead.AESCCM", SK_KEY, 0, SF_KEYVAR},
    {"cryptography.hazmat.primitives.ciphers.aead.AESOCB3", SK_KEY, 0, SF_KEYVAR},
    {"cryptography.hazmat.primitives.ciphers.aead.AESSIV", SK_KEY, 0, SF_KEYVAR},
    {"cryptography.hazmat.primitives.ciphers.aead.ChaCha20Poly1305", SK_KEY, 0, SF_KEYVAR},
    {"cryptography.hazmat.primitives.ciphers.algorithms.AES", SK_KEY, 0, SF_KEYVAR},
    {"cryptography.hazmat.primitives.ciphers.algorithms.AES128", SK_KEY, 0, SF_KEYVAR},
    {"cryptography.hazmat.primitives.ciphers.algorithms.AES256", SK_KEY, 0, SF_KEYVAR},
    {"cryptography.hazmat.primitives.ciphers.algorithms.ChaCha20", SK_KEY, 0, SF_KEYVAR},
    {"cryptography.hazmat.primitives.ciphers.algorithms.Camellia", SK_KEY, 0, SF_KEYVAR},
    {"Crypto.Cipher.AES.new", SK_KEY, 0, SF_KEYVAR},
    {"Cryptodome.Cipher.AES.new", SK_KEY, 0, SF_KEYVAR},
    {"Crypto.Cipher.ChaCha20.new", SK_KEY, 0, SF_KEYVAR},
    {"Cryptodome.Cipher.ChaCha20.new", SK_KEY, 0, SF_KEYVAR},
    {"Crypto.Cipher.ChaCha20_Poly1305.new", SK_KEY, 0, SF_KEYVAR},
    {"Cryptodome.Cipher.ChaCha20_Poly1305.new", SK_KEY, 0, SF_KEYVAR},
    {"eval", SK_EVAL, 0, 0},
    {"exec", SK_EVAL, 0, 0},
    {"builtins.eval", SK_EVAL, 0, 0},
    {"builtins.exec", SK_EVAL, 0, 0},
    {"compile", SK_EVAL, 0, SF_REQONLY},
    {"__import__", SK_EVAL, 0, SF_REQONLY},
    {"importlib.import_module", SK_EVAL, 0, SF_REQONLY},
    {"PIL.ImageMath.eval", SK_EVAL, 0, 0},
    {"ImageMath.eval", SK_EVAL, 0, 0},
    {"os.system", SK_CMD, 0, 0},
    {"os.popen", SK_CMD, 0, 0},
    {"commands.getoutput", SK_CMD, 0, 0},
    {"commands.getstatusoutput", SK_CMD, 0, 0},
    {"os.popen2", SK_CMD, 0, 0},
    {"os.popen3", SK_CMD, 0, 0},
    {"os.popen4", SK_CMD, 0, 0},
    {"subprocess.getoutput", SK_CMD, 0, 0},
    {"subprocess.getstatusoutput", SK_CMD, 0, 0},
    {"subprocess.call", SK_CMD, 0, SF_SHELL},
    {"subprocess.run", SK_CMD, 0, SF_SHELL},
    {"subprocess.Popen", SK_CMD, 0, SF_SHELL},
    {"subprocess.check_output", SK_CMD, 0, SF_SHELL},
    {"subprocess.check_call", SK_CMD, 0, SF_SHELL},
    {"asyncio.create_subprocess_shell", SK_CMD, 0, 0},
    {"pexpect.spawn", SK_CMD, 0, 0},
    /* os.exec* / os.spawn*: no shell, but the program they start (or a shell's -c command) */
    {"os.execl", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.execl", SK_CMD, 0, SF_NOSHELL},
    {"os.execle", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.execle", SK_CMD, 0, SF_NOSHELL},
    {"os.execlp", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.execlp", SK_CMD, 0, SF_NOSHELL},
    {"os.execlpe", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.execlpe", SK_CMD, 0, SF_NOSHELL},
    {"os.execv", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.execv", SK_CMD, 0, SF_NOSHELL},
    {"os.execve", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.execve", SK_CMD, 0, SF_NOSHELL},
    {"os.execvp", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.execvp", SK_CMD, 0, SF_NOSHELL},
    {"os.execvpe", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.execvpe", SK_CMD, 0, SF_NOSHELL},
    {"os.spawnl", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.spawnl", SK_CMD, 1, SF_NOSHELL},
    {"os.spawnle", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.spawnle", SK_CMD, 1, SF_NOSHELL},
    {"os.spawnlp", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.spawnlp", SK_CMD, 1, SF_NOSHELL},
    {"os.spawnlpe", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.spawnlpe", SK_CMD, 1, SF_NOSHELL},
    {"os.spawnv", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.spawnv", SK_CMD, 1, SF_NOSHELL},
    {"os.spawnve", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.spawnve", SK_CMD, 1, SF_NOSHELL},
    {"os.spawnvp", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.spawnvp", SK_CMD, 1, SF_NOSHELL},
    {"os.spawnvpe", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.spawnvpe", SK_CMD, 1, SF_NOSHELL},
    {"os.posix_spawn", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.posix_spawn", SK_CMD, 0, SF_NOSHELL},
    {"os.posix_spawnp", SK_CMD, ARG_ANY, SF_SHELL},
    {"os.posix_spawnp", SK_CMD, 0, SF_NOSHELL},
    {"os.startfile", SK_CMD, 0, SF_NOSHELL},
    /* asyncio: a shell always for *_shell; for *_exec with ("sh", "-c", cmd), or a
     * program named by request data */
    {"asyncio.create_subprocess_exec", SK_CMD, ARG_ANY, SF_SHELL},
    {"asyncio.create_subprocess_exec", SK_CMD, 0, SF_REQONLY},
    {"*.subprocess_shell", SK_CMD, 1, 0},
    {"*.subprocess_exec", SK_CMD, ARG_ANY, SF_SHELL},
    {"*.subprocess_exec", SK_CMD, 1, SF_REQONLY},
    /* interpreters run the source they are given */
    {"pyconsole#.push", SK_EVAL, 0, 0},
    {"*.runsource", SK_EVAL, 0, 0},
    {"*.runcode", SK_EVAL, 0, 0},
    {"_testcapi.run_in_subinterp", SK_EVAL, 0, 0},
    {"_xxsubinterpreters.run_string", SK_EVAL, 1, 0},
    {"interpreters.run_string", SK_EVAL, 1, 0},
    {"pexpect.run", SK_CMD, 0, 0},
    {"*.execute", SK_SQL, 0, SF_SQLDYN},
    {"*.executemany", SK_SQL, 0, SF_SQLDYN},
    {"*.executescript", SK_SQL, 0, SF_SQLDYN},
    {"*.raw", SK_SQL, 0, SF_SQLDYN},
    {"*.fetch", SK_SQL, 0, SF_SQLONLY},
    {"*.fetchrow", SK_SQL, 0, SF_SQLONLY},
    {"*.fetchval", SK_SQL, 0, SF_SQLONLY},
    {"*.callproc", SK_SQL, 0, SF_SQLDYN}, /* DB-API: the procedure's name */
    {"*.run", SK_SQL, 0, SF_SQLONLY},     /* pg8000.native Connection.run(sql) */
    {"sqlalchemy.text", SK_SQL, 0, SF_SQLDYN},
    {"pandas.read_sql", SK_SQL, 0, SF_SQLDYN},
    {"pandas.read_sql_query", SK_SQL, 0, SF_SQLDYN},
    {"text", SK_SQL, 0, SF_SQLONLY},
    {"RawSQL", SK_SQL, 0, SF_SQLDYN},
    {"*.extra", SK_SQL, ARG_ANY, SF_SQLDYN},
    {"*.RawSQL", SK_SQL, 0, SF_SQLDYN},
    {"django.db.models.expressions.RawSQL", SK_SQL, 0, SF_SQLDYN},
    {"open", SK_PATH, 0, 0},
    {"io.open", SK_PATH, 0, 0},
    {"codecs.open", SK_PATH, 0, 0},
    {"os.remove", SK_PATH, 0, 0},
    {"os.unlink", SK_PATH, 0, 0},
    {"os.listdir", SK_PATH, 0, 0},
    {"shutil.rmtree", SK_PATH, 0, 0},
    {"shutil.copy", SK_PATH, 0, 0},
    {"shutil.copyfile", SK_PATH, 0, 0},
    {"shutil.move", SK_PATH, ARG_ANY, 0},
    {"os.rename", SK_PATH, ARG_ANY, 0},
    {"os.rmdir", SK_PATH, 0, 0},
    {"os.makedirs", SK_PATH, 0, 0},
    {"os.mkdir", SK_PATH, 0, 0},
    {"fileinput.input", SK_PATH, 0, 0},
    {"fileinput.FileInput", SK_PATH, 0, 0},
    /* Django storages: the root (location/base_url) or the name a file is saved under */
    {"django.core.files.storage.FileSystemStorage", SK_PATH, ARG_ANY, 0},
    {"django.core.files.storage.default_storage.save", SK_PATH, ARG_ANY, 0},
    {"django.core.files.storage.default_storage.open", SK_PATH, 0, 0},
    {"aiofiles.open", SK_PATH, 0, 0},
    {"*.read_text", SK_PATH, ARG_RECV, 0},
    {"*.read_bytes", SK_PATH, ARG_RECV, 0},
    {"*.write_text", SK_PATH, ARG_RECV, 0},
    {"*.write_bytes", SK_PATH, ARG_RECV, 0},
    {"*.unlink", SK_PATH, ARG_RECV, 0},
    {"*.rmdir", SK_PATH, ARG_RECV, 0},
    {"send_file", SK_PATH, 0, 0},
    {"flask.send_file", SK_PATH, 0, 0},
    {"FileResponse", SK_PATH, 0, 0},
    {"*.FileResponse", SK_PATH, 0, 0},
    {"requests.get", SK_SSRF, 0, SF_NOFIXED},
    {"requests.post", SK_SSRF, 0, SF_NOFIXED},
    {"requests.put", SK_SSRF, 0, SF_NOFIXED},
    {"requests.delete", SK_SSRF, 0, SF_NOFIXED},
    {"requests.head", SK_SSRF, 0, SF_NOFIXED},
    {"requests.patch", SK_SSRF, 0, SF_NOFIXED},
    {"requests.request", SK_SSRF, 1, SF_NOFIXED},
    {"httpx.get", SK_SSRF, 0, SF_NOFIXED},
    {"httpx.post", SK_SSRF, 0, SF_NOFIXED},
    {"httpx.put", SK_SSRF, 0, SF_NOFIXED},
    {"httpx.delete", SK_SSRF, 0, SF_NOFIXED},
    {"httpx.request", SK_SSRF, 1, SF_NOFIXED},
    {"httpx.stream", SK_SSRF, 1, SF_NOFIXED},
    {"urllib.request.urlretrieve", SK_SSRF, 0, SF_NOFIXED},
    {"urllib.request.urlopen", SK_SSRF, 0, SF_NOFIXED},
    {"urllib.request.Request", SK_SSRF, 0, SF_NOFIXED},
    {"urllib2.urlopen", SK_SSRF, 0, SF_NOFIXED},
    {"urlopen", SK_SSRF, 0, SF_NOFIXED},
    /* http.client, httplib2, urllib3 pools and aiohttp: the host or URL argument */
    {"http.client.HTTPConnection", SK_SSRF, 0, SF_NOFIXED},
    {"http.client.HTTPSConnection", SK_SSRF, 0, SF_NOFIXED},
    {"httpconn#.request", SK_SSRF, 1, SF_NOFIXED},
    {"httpconn#.putrequest", SK_SSRF, 1, SF_NOFIXED},
    {"httpconn#.set_tunnel", SK_SSRF, ARG_ANY, SF_NOFIXED}, /* the host or its port */
    {"httpx.Client", SK_SSRF, 0, SF_NOFIXED},                /* base_url= */
    {"httpx.AsyncClient", SK_SSRF, 0, SF_NOFIXED},
    {"httplib2#.request", SK_SSRF, 0, SF_NOFIXED},
    {"requests.Request", SK_SSRF, 1, SF_NOFIXED},
    {"aiohttp.request", SK_SSRF, 1, SF_NOFIXED},
    {"aiohttp.ClientSession", SK_SSRF, 0, SF_NOFIXED},
    {"urllib3.request", SK_SSRF, 1, SF_NOFIXED},
    {"urllib3.ProxyManager", SK_SSRF, 0, SF_NOFIXED},
    {"urllib3.HTTPConnectionPool", SK_SSRF, ARG_ANY, SF_NOFIXED},
    {"urllib3.HTTPSConnectionPool", SK_SSRF, ARG_ANY, SF_NOFIXED},
    {"urllib3.connection_from_url", SK_SSRF, 0, SF_NOFIXED},
    {"urllib3.connectionpool.connection_from_url", SK_SSRF, 0, SF_NOFIXED},
    {"urllib3.connection.HTTPConnection", SK_SSRF, ARG_ANY, SF_NOFIXED},
    {"urllib3.connection.HTTPSConnection", SK_SSRF, ARG_ANY, SF_NOFIXED},
    {"requests.connection_from_url", SK_SSRF, 0, SF_NOFIXED}, /* PoolManager() stands for requests */
    {"requests.connection_from_host", SK_SSRF, ARG_ANY, SF_NOFIXED},
    {"urllib3pool#.urlopen", SK_SSRF, 1, SF_NOFIXED},
    {"httpconn#.request_chunked", SK_SSRF, 1, SF_NOFIXED},
    {"redirect", SK_REDIRECT, 0, SF_NOFIXED},
    {"flask.redirect", SK_REDIRECT, 0, SF_NOFIXED},
    {"django.shortcuts.redirect", SK_REDIRECT, 0, SF_NOFIXED},
    {"HttpResponseRedirect", SK_REDIRECT, 0, SF_NOFIXED},
    {"django.http.HttpResponseRedirect", SK_REDIRECT, 0, SF_NOFIXED},
    {"HttpResponsePermanentRedirect", SK_REDIRECT, 0, SF_NOFIXED},
    {"django.http.HttpResponsePermanentRedirect", SK_REDIRECT, 0, SF_NOFIXED},
    {"RedirectResponse", SK_REDIRECT, 0, SF_NOFIXED},
    {"*.RedirectResponse", SK_REDIRECT, 0, SF_NOFIXED},
    {"render_template_string", SK_SSTI, 0, 0},
    {"flask.render_template_string", SK_SSTI, 0, 0},
    {"jinja2.Template", SK_SSTI, 0, 0},
    {"django.template.Template", SK_SSTI, 0, 0},
    {"django.template.Engine.from_string", SK_SSTI, 0, 0},
    {"Template", SK_SSTI, 0, 0},
    {"*.from_string", SK_SSTI, 0, 0},
    {"Markup", SK_XSS, 0, 0},
    {"markupsafe.Markup", SK_XSS, 0, 0},
    {"flask.Markup", SK_XSS, 0, 0},
    {"mark_safe", SK_XSS, 0, 0},
    {"django.utils.safestring.mark_safe", SK_XSS, 0, 0},
    {"HttpResponse", SK_XSS, 0, SF_REQONLY},
    {"django.http.HttpResponse", SK_XSS, 0, SF_REQONLY},
    {"HttpResponseBadRequest", SK_XSS, 0, SF_REQONLY},
    {"HttpResponseNotFound", SK_XSS, 0, SF_REQONLY},
    {"HttpResponseForbidden", SK_XSS, 0, SF_REQONLY},
    {"HttpResponseServerError", SK_XSS, 0, SF_REQONLY},
    {"django.http.HttpResponseBadRequest", SK_XSS, 0, SF_REQONLY},
    {"django.http.HttpResponseNotFound", SK_XSS, 0, SF_REQONLY},
    {"django.http.HttpResponseForbidden", SK_XSS, 0, SF_REQONLY},
    {"SafeString", SK_XSS, 0, 0},
    {"django.utils.safestring.SafeString", SK_XSS, 0, 0},
    {"SafeText", SK_XSS, 0, 0},
    {"django.utils.safestring.SafeText", SK_XSS, 0, 0},
    {"django.utils.safestring.SafeUnicode", SK_XSS, 0, 0},
    {"django.utils.safestring.SafeBytes", SK_XSS, 0, 0},
    {"make_response", SK_XSS, 0, SF_REQONLY},
    {"flask.make_response", SK_XSS, 0, SF_REQONLY},
    {"HTMLResponse", SK_XSS, 0, SF_REQONLY},
    {"*.HTMLResponse", SK_XSS, 0, SF_REQONLY},
    {"starlette.responses.HTMLResponse", SK_XSS, 0, SF_REQONLY},
    {"fastapi.responses.HTMLResponse", SK_XSS, 0, SF_REQONLY},
    {"flask.Response", SK_XSS, 0, SF_REQONLY},
    {"werkzeug.wrappers.Response", SK_XSS, 0, SF_REQONLY},
    {"*.write", SK_XSS, 0, SF_RECEIVER | SF_REQONLY},
    {"*.writelines", SK_XSS, 0, SF_RECEIVER | SF_REQONLY},
    {"*.finish", SK_XSS, 0, SF_RECEIVER | SF_REQONLY},
    {"pickle.loads", SK_DESER, 0, 0},
    {"pickle.load", SK_DESER, 0, SF_FILEARG},
    {"cPickle.loads", SK_DESER, 0, 0},
    {"cPickle.load", SK_DESER, 0, SF_FILEARG},
    {"_pickle.loads", SK_DESER, 0, 0},
    {"_pickle.load", SK_DESER, 0, SF_FILEARG},
    {"dill.loads", SK_DESER, 0, 0},
    {"marshal.loads", SK_DESER, 0, 0},
    {"jsonpickle.decode", SK_DESER, 0, 0},
    {"jsonpickle.loads", SK_DESER, 0, 0},
    {"pandas.read_pickle", SK_DESER, 0, SF_FILEARG},
    {"pickle.Unpickler", SK_DESER, 0, SF_FILEARG},
    {"dill.load", SK_DESER, 0, SF_FILEARG},
    {"marshal.load", SK_DESER, 0, SF_FILEARG},
    {"shelve.open", SK_DESER, 0, SF_FILEARG},
    {"dill.Unpickler", SK_DESER, 0, SF_FILEARG},
    {"cPickle.Unpickler", SK_DESER, 0, SF_FILEARG},
    {"_pickle.Unpickler", SK_DESER, 0, SF_FILEARG},
    {"jsonpickle.unpickler.decode", SK_DESER, 0, 0},
    {"jsonpickle.unpickler.Unpickler", SK_DESER, ARG_ANY, SF_FILEARG},
    {"torch.load", SK_DESER, 0, SF_FILEARG | SF_WEIGHTS},
    {"joblib.load", SK_DESER, 0, SF_FILEARG},
    {"yaml.load", SK_YAML, 0, SF_YAML},
    {"yaml.load_all", SK_YAML, 0, SF_YAML},
    {"yaml.unsafe_load", SK_YAML, 0, 0},
    {"yaml.unsafe_load_all", SK_YAML, 0, 0},
    {"re.compile", SK_REGEXP, 0, 0},
    {"re.match", SK_REGEXP, 0, 0},
    {"re.search", SK_REGEXP, 0, 0},
    {"re.fullmatch", SK_REGEXP, 0, 0},
    {"re.findall", SK_REGEXP, 0, 0},
    {"re.finditer", SK_REGEXP, 0, 0},
    {"re.sub", SK_REGEXP, 0, 0},
    {"re.subn", SK_REGEXP, 0, 0},
    {"re.split", SK_REGEXP, 0, 0},
    {"regex.compile", SK_REGEXP, 0, 0},
    {"regex.match", SK_REGEXP, 0, 0},
    {"regex.search", SK_REGEXP, 0, 0},
    {"regex.fullmatch", SK_REGEXP, 0, 0},
    {"re2.compile", SK_REGEXP, 0, 0},
    {"re2.match", SK_REGEXP, 0, 0},
    {"re2.search", SK_REGEXP, 0, 0},
    {"sre_parse.parse", SK_REGEXP, 0, 0},
    {"sre_compile.compile", SK_REGEXP, 0, 0},
    /* http.server: BaseHTTPRequestHandler.send_header writes name and value as they are */
    {"*.send_header", SK_HEADER, ARG_ANY, SF_CAPPED},
    /* Pyramid: Response(body) answers text/html unless told otherwise */
    {"pyramid.response.Response", SK_XSS, 0, SF_REQONLY},
    {"pyramid.request.Response", SK_XSS, 0, SF_REQONLY},
    /* ElementTree/lxml ElementPath: find*(path) with the path built in place */
    {"*.findall", SK_XPATH, 0, SF_ETPATH},
    {"*.iterfind", SK_XPATH, 0, SF_ETPATH},
    {"*.findtext", SK_XPATH, 0, SF_ETPATH},
    {"*.find", SK_XPATH, 0, SF_ETPATH},
    {"lxml.etree.XPath", SK_XPATH, 0, 0},
    {"lxml.etree.ETXPath", SK_XPATH, 0, 0},
    {"*.XPath", SK_XPATH, 0, 0},
    {"*.xpath", SK_XPATH, 0, 0},
    {"elementpath.select", SK_XPATH, 1, 0},
    {"elementpath.iter_select", SK_XPATH, 1, 0},
    {"*.search_s", SK_LDAP, 2, 0},
    {"*.search_st", SK_LDAP, 2, 0},
    {"*.search_ext", SK_LDAP, 2, 0},
    {"*.search_ext_s", SK_LDAP, 2, 0},
    {"*.search", SK_LDAP, ARG_ANY, SF_LDAPONLY},
    {"xml.dom.minidom.parseString", SK_XXE, 0, SF_XXE},
    {"xml.dom.minidom.parse", SK_XXE, 0, SF_XXE},
    {"xml.dom.pulldom.parseString", SK_XXE, 0, SF_XXE},
    {"xml.dom.pulldom.parse", SK_XXE, 0, SF_XXE},
    {"xml.sax.parseString", SK_XXE, 0, SF_XXE},
    {"xml.sax.parse", SK_XXE, 0, SF_XXE},
    {"lxml.etree.fromstring", SK_XXE, 0, SF_XXE},
    {"lxml.etree.XML", SK_XXE, 0, SF_XXE},
    {"lxml.etree.parse", SK_XXE, 0, SF_XXE},
    {"*.parse", SK_XXE, 0, SF_XXE},
    {"*.feed", SK_XXE, 0, SF_XXE},
    /* XML parsed without defusedxml: entity expansion (billion laughs), and with lxml
     * external entities; rules gate on the file not naming defusedxml */
    {"xml.etree.ElementTree.parse", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.etree.ElementTree.iterparse", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.etree.ElementTree.fromstring", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.etree.ElementTree.fromstringlist", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.etree.ElementTree.XML", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.etree.ElementTree.XMLID", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.etree.cElementTree.parse", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.etree.cElementTree.iterparse", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.etree.cElementTree.fromstring", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.etree.cElementTree.fromstringlist", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.etree.cElementTree.XML", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.etree.cElementTree.XMLID", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.dom.minidom.parse", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.dom.minidom.parseString", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.dom.pulldom.parse", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.dom.pulldom.parseString", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.dom.expatbuilder.parse", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.dom.expatbuilder.parseString", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.sax.parse", SK_XMLPARSE, 0, SF_CAPPED},
    {"xml.sax.parseString", SK_XMLPARSE, 0, SF_CAPPED},
    {"lxml.etree.parse", SK_XMLPARSE, 0, SF_CAPPED},
    {"lxml.etree.fromstring", SK_XMLPARSE, 0, SF_CAPPED},
    {"lxml.etree.XML", SK_XMLPARSE, 0, SF_CAPPED},
    {"lxml.etree.iterparse", SK_XMLPARSE, 0, SF_CAPPED},
    {"lxml.etree.fromstringlist", SK_XMLPARSE, 0, SF_CAPPED},
    {"lxml.etree.XMLDTDID", SK_XMLPARSE, 0, SF_CAPPED},
    {"lxml.etree.XMLID", SK_XMLPARSE, 0, SF_CAPPED},
    {"lxml.objectify.parse", SK_XMLPARSE, 0, SF_CAPPED},
    {"lxml.objectify.fromstring", SK_XMLPARSE, 0, SF_CAPPED},
    /* request data written to a file or stream (CRLF/log injection, disk filling); a
     * response object's write() is an XSS sink above */
    {"*.write", SK_FWRITE, 0, SF_REQONLY | SF_CAPPED},
    /* float('nan') compares false with everything: request data cast to a float, a bool
     * or a complex number */
    {"float", SK_NAN, 0, SF_REQONLY | SF_CAPPED},
    {"bool", SK_NAN, 0, SF_REQONLY | SF_CAPPED},
    {"complex", SK_NAN, 0, SF_REQONLY | SF_CAPPED},
    {NULL, SK_N, 0, 0},
};

static bool sink_named(const struct tctx *t, const struct qname *q, TSNode callee)
{
    if (!q->ok)
        return false;
    for (const struct sink *s = t->py ? py_sinks : js_sinks; s->name != NULL; s++) {
        if (s->kind == SK_REGEXP || s->kind == SK_SQL || s->kind == SK_LDAP || s->kind == SK_XXE ||
            s->kind == SK_BROWSER || (s->flags & SF_JOIN) || strcmp(s->name, "require") == 0 ||
            !qn_match(q, s->name))
            continue; /* path.join returns the joined path: the parts' data flows on */
        /* a parsed document, a cast number: the data flows on */
        if (s->kind == SK_XMLPARSE || s->kind == SK_FWRITE || s->kind == SK_NAN)
            continue;
        if (s->name[0] == '*' && !code_node_is(callee, t->py ? "attribute" : "member_expression"))
            continue;
        return true;
    }
    return false;
}

static void emit_hit(struct tctx *t, const struct taint_hit *h)
{
    if (t->nout == t->cout) {
        t->cout = t->cout ? t->cout * 2 : 16;
        t->out = xrealloc(t->out, t->cout * sizeof *t->out);
    }
    t->out[t->nout++] = *h;
}

/* A value of a non-cryptographic random source (o) becomes a secret or token at node `at`. */
/* Does the subtree n call a cryptographic random source (crypto.getRandomValues,
 * randomBytes, randomUUID, randomFill(Sync), randomInt)? */
static bool js_calls_csprng(const struct tctx *t, TSNode n, int depth)
{
    static const char *const rngs[] = {"getRandomValues", "randomBytes", "randomUUID", "randomFill",
                                       "randomFillSync",  "randomInt",   NULL};
    if (ts_node_is_null(n) || depth > 200)
        return false;
    if (code_node_is(n, "call_expression")) {
        TSNode f = field(n, "function");
        if (code_node_is(f, "member_expression") && part_in(t, field(f, "property"), rngs))
            return true;
    }
    for (uint32_t i = 0, c = nchild(n); i < c; i++) {
        if (js_calls_csprng(t, child(n, i), depth + 1))
            return true;
    }
    return false;
}

/* JS: a Math.random() token made in a function that draws from crypto on its main path
 * (`if (typeof crypto === 'undefined') { ...Math.random()... } crypto.getRandomValues(a)`): a
 * fallback for a runtime without Web Crypto, which every current browser and Node has. Weak
 * where it runs, but rarely run: low confidence, at most medium severity. */
static bool js_random_fallback(const struct tctx *t, TSNode n)
{
    if (t->py)
        return false;
    for (TSNode p = parent_of(n); !ts_node_is_null(p); p = parent_of(p)) {
        if (is_function(ntype(p)))
            return js_calls_csprng(t, field(p, "body"), 0);
    }
    return false;
}

static void emit_rand(struct tctx *t, TSNode at, struct origin o)
{
    struct taint_hit h = {.sink = SK_RAND, .level = T_PARAM, .node = at, .src_node = o.src,
                          .from = null_node()};
    h.contained = js_random_fallback(t, ts_node_is_null(o.src) ? at : o.src);
    emit_hit(t, &h);
}

/* A string built from request data (SK_SQLSTR, SK_HTMLSTR) that a sink of its kind runs or
 * sends: inside the call (`db.query('SELECT ' + id)`, `res.send('<p>' + q)`) or through a
 * variable holding the same request value. That sink says it (through_var: from a few
 * lines above, where the sink's finding then starts). */
static bool built_in_sink(const struct taint_hit *h, const struct taint_hit *o, bool *through_var)
{
    bool sql = h->sink == SK_SQLSTR && o->sink == SK_SQL;
    bool html = h->sink == SK_HTMLSTR && (o->sink == SK_XSS || o->sink == SK_HTML ||
                                          o->sink == SK_REACT || o->sink == SK_SSTI);
    /* a path.join of request data that a file API then opens: one finding at the API,
     * from the join */
    bool path = h->join && h->sink == SK_PATH && o->sink == SK_PATH && !o->join;
    *through_var = false;
    if (!sql && !html && !path)
        return false;
    if (ts_node_start_byte(o->node) <= ts_node_start_byte(h->node) &&
        ts_node_end_byte(h->node) <= ts_node_end_byte(o->node))
        return true;
    if (ts_node_is_null(h->src_node) || ts_node_is_null(o->src_node) ||
        !ts_node_eq(h->src_node, o->src_node))
        return false;
    unsigned hl = code_node_line(h->node), ol = code_node_line(o->node);
    *through_var = hl < ol && ol - hl <= 6;
    return true;
}

/* Python: SQL sinks one inside the other (`db.execute(text(f"... {q}"))`, `cursor.execute(
 * sql.SQL(q))`) run one query: one finding, the surer one, else the outer call. Hit i
 * is dropped when such a partner beats it. */
static bool py_nested_sql(const struct tctx *t, size_t i)
{
    const struct taint_hit *h = &t->out[i];
    if (h->sink != SK_SQL)
        return false;
    for (size_t j = 0; j < t->nout; j++) {
        const struct taint_hit *o = &t->out[j];
        if (j == i || o->sink != SK_SQL || ts_node_eq(o->node, h->node))
            continue;
        bool h_in_o = ts_node_start_byte(o->node) <= ts_node_start_byte(h->node) &&
                      ts_node_end_byte(h->node) <= ts_node_end_byte(o->node);
        bool o_in_h = ts_node_start_byte(h->node) <= ts_node_start_byte(o->node) &&
                      ts_node_end_byte(o->node) <= ts_node_end_byte(h->node);
        if ((h_in_o && o->level >= h->level) || (o_in_h && o->level > h->level))
            return true;
    }
    return false;
}

/* Hand the hits over; a sink reached both by a parameter (walking the helper) and by
 * request data (through a call of the helper) is one finding, the surer one. */
static void flush_hits(struct tctx *t)
{
    /* strings built for a sink seen in the file: that sink's finding, from where they were
     * built */
    bool *gone = xcalloc(t->nout + 1, sizeof *gone);
    for (size_t i = 0; i < t->nout; i++) {
        for (size_t j = 0; j < t->nout && !gone[i]; j++) {
            bool through_var;
            struct taint_hit *o = &t->out[j];
            if (j == i || !built_in_sink(&t->out[i], o, &through_var))
                continue;
            gone[i] = true;
            if (through_var && (ts_node_is_null(o->from) ||
                                ts_node_start_byte(t->out[i].node) < ts_node_start_byte(o->from)))
                o->from = t->out[i].node;
        }
    }
    for (size_t i = 0; t->py && i < t->nout; i++)
        gone[i] = gone[i] || py_nested_sql(t, i);
    for (size_t i = 0; i < t->nout; i++) {
        const struct taint_hit *h = &t->out[i];
        bool beaten = gone[i];
        for (size_t j = 0; j < t->nout && !beaten; j++) {
            const struct taint_hit *o = &t->out[j];
            if (j == i || o->sink != h->sink || !ts_node_eq(o->node, h->node))
                continue;
            beaten = o->level > h->level || (o->level == h->level && j < i);
        }
        if (!beaten)
            t->report(t->rctx, h);
    }
    free(gone);
}

/* Python: is the call `n` one that loads or compiles code without running it as a
 * statement (__import__, importlib.import_module, compile)? A command-line tool doing so
 * with what its user named (python -m inspect mod, python -m dis file.py, doctest) gives
 * that user nothing they could not run already. */
static bool py_cli_own_code(struct tctx *t, TSNode n)
{
    static const char *const loads[] = {"__import__", "importlib.import_module", "compile", NULL};
    if (!t->py || !code_node_is(n, "call"))
        return false;
    struct qname q = {"", 0, true};
    qualify(t, field(n, "function"), &q, 0);
    return q.ok && in_list(q.s, q.n, loads);
}

/* JS: is n inside a test case or a hook of a test suite: a function handed to `it('name',
 * fn)`, `test('name', fn)`, `describe(...)`, `t.test('name', fn)`, `it.only(...)` or a bare
 * `beforeEach(fn)` / `afterAll(fn)` ...? What runs there, it made itself (a temporary
 * directory, a fixture's name, a port it opened). */
static bool js_in_test_case(const struct tctx *t, TSNode n)
{
    static const char *const cases[] = {"it",    "test",    "describe", "context",
                                        "suite", "specify", NULL};
    static const char *const hooks[] = {"beforeEach", "afterEach", "beforeAll", "afterAll",
                                        "before",     "after",     NULL};
    for (TSNode p = parent_of(n); !ts_node_is_null(p); p = parent_of(p)) {
        if (!is_function(ntype(p)) || !code_node_is(parent_of(p), "arguments"))
            continue;
        TSNode args = parent_of(p), call = parent_of(args);
        if (!code_node_is(call, "call_expression"))
            continue;
        TSNode f = field(call, "function");
        if (code_node_is(f, "identifier") && part_in(t, f, hooks))
            return true;
        /* it.only / test.skip / describe.concurrent: the suite's name is first */
        if (code_node_is(f, "member_expression") &&
            code_node_is(field(f, "object"), "identifier") && part_in(t, field(f, "object"), cases))
            f = field(f, "object");
        else if (code_node_is(f, "member_expression")) /* tap: t.test('name', fn) */
            f = text_is(t, field(f, "property"), "test") ? field(f, "property") : null_node();
        TSNode first = positional_arg(args, 0, false);
        if (!ts_node_is_null(f) && part_in(t, f, cases) &&
            (code_node_is(first, "string") || code_node_is(first, "template_string")))
            return true;
    }
    return false;
}

static bool js_root_guarded(struct tctx *t, TSNode n);
static bool js_plain_string(TSNode n);

static void report(struct tctx *t, enum sink_kind k, TSNode node, struct origin o)
{
    if (!(t->want & (1u << k)) || o.lvl == T_CONST)
        return;
    /* JS: a test that runs, opens or renders what it made itself attacks no one (`git clone
     * ${dir}` of the temporary directory it created); request data there is still reported */
    if (!t->py && o.lvl < T_REQUEST && t->summ == NULL && js_in_test_case(t, node))
        return;
    if (o.esc_html && k != SK_REDIRECT && k != SK_SSRF && k != SK_PATH && k != SK_CMD)
        return; /* HTML-escaped values are safe in HTML (and, quotes escaped, in code) */
    if (o.esc_quote && (k == SK_SQL || k == SK_XPATH))
        return;
    /* A command-line user opening, fetching or redirecting to what they typed attacks only
     * themselves: argv counts where it is code, a command or a query (not a regex or a
     * header either: os.environ['PATHEXT'] compiled into a pattern). */
    if (o.lvl == T_REQUEST && (o.flags & OF_CLI) &&
        (k == SK_PATH || k == SK_SSRF || k == SK_REDIRECT || k == SK_XSS || k == SK_HTML ||
         k == SK_REGEXP || k == SK_HEADER))
        return;
    /* Python: a line, a number or a document from the command line, the environment or
     * the console is the user's own, written, cast or parsed for themselves */
    if (o.lvl == T_REQUEST && (o.flags & (OF_CLI | OF_TYPED)) &&
        (k == SK_FWRITE || k == SK_NAN || k == SK_XMLPARSE))
        return;
    if (o.lvl == T_REQUEST && (o.flags & OF_CLI) && k == SK_EVAL && py_cli_own_code(t, node))
        return;
    /* Python: a line typed at the console written back with self.write() is a terminal
     * client's own session (telnetlib's interact()), not a page a server answers */
    if (t->py && o.lvl == T_REQUEST && (o.flags & OF_TYPED) && (k == SK_XSS || k == SK_HTML))
        return;
    /* JS: a path that is only probed, or whose function checks that the path it builds
     * stays under its root (a static-file server): plausible, rarely a traversal; a
     * redirect to an address a builder made with request data as a parameter, or to a path
     * with its leading slashes collapsed (OF_SHAPED). Low confidence, at most medium. */
    bool in = !t->py && (t->probing || (k == SK_PATH && js_root_guarded(t, node)) ||
                         (k == SK_REDIRECT && o.lvl >= T_PARAM && (o.flags & OF_SHAPED)));
    if (t->summ != NULL) {
        struct fsum *f = t->summ;
        if (o.pmask == 0)
            return;
        if (f->nh == f->ch) {
            f->ch = f->ch ? f->ch * 2 : 8;
            f->hits = xrealloc(f->hits, f->ch * sizeof *f->hits);
        }
        f->hits[f->nh++] = (struct sum_hit){k, node, o.pmask, t->capped, in};
        return;
    }
    struct taint_hit h = {.sink = k, .level = o.lvl, .node = node, .src_node = o.src,
                          .capped = t->capped, .from = null_node(), .join = t->joining};
    h.guess = (o.lvl == T_REQUEST && (o.flags & OF_GUESS)) || t->at_medium;
    h.whole = o.lvl == T_REQUEST && (o.flags & OF_WHOLE);
    h.contained = in;
    h.cli = o.lvl == T_REQUEST && (o.flags & OF_CLI);
    h.contained = h.contained || (k == SK_PATH && t->archive_checked &&
                                  !ts_node_is_null(o.src) && archive_entry(t, o.src));
    /* Python: pickle/marshal loading what is not request data (a cache, a .pyc, a file the
     * program wrote: shelve, pstats, importlib, lib2to3's grammar tables) is a risk only if
     * someone else can write it. Bandit rates it medium; so do we, at low confidence. */
    h.contained = h.contained || (t->py && k == SK_DESER && o.lvl < T_REQUEST);
    h.contained = h.contained || (t->py && t->noshell && o.lvl < T_REQUEST);
    h.typed = o.lvl == T_REQUEST && (o.flags & OF_TYPED);
    if (o.lvl == T_UNKNOWN)
        h.src_node = null_node();
    emit_hit(t, &h);
}

/* Parts of names that hold a secret: a token, password, session id, nonce, reset code...
 * (taint_may_report relies on this list: a weak random value is reported only under one of
 * these names or in a cookie). */
static const char *const secret_words[] = {"token", "secret", "passw", "pwd", "nonce", "salt",
                                           "otp", "session", "sessid", "csrf", "xsrf", "apikey",
                                           "api_key", "reset", "verif", "remember",
                                           "cookie", "credential", "auth", NULL};

/* A name that holds a secret: a token, password, session id, nonce, reset code... */
static bool secret_name(const struct tctx *t, TSNode n)
{
    size_t len;
    const char *p = ntext(t, n, &len);
    return has_any_ci(p, len, secret_words);
}

/* Python: is n inside a function that makes a MIME boundary or a delimiter
 * (email.generator's _make_boundary: `token = random.randrange(sys.maxsize)` is a
 * separator that must not occur in the text, not a secret)? */
static bool py_in_boundary_maker(const struct tctx *t, TSNode n)
{
    static const char *const words[] = {"boundary", "delimiter", "separator", NULL};
    for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); p = ts_node_parent(p)) {
        if (!code_node_is(p, "function_definition"))
            continue;
        size_t l;
        const char *np = ntext(t, field(p, "name"), &l);
        return has_any_ci(np, l, words);
    }
    return false;
}

/* A weak random value stored under a secret's name, in a cookie or in the session. */
static void check_random(struct tctx *t, TSNode at, TSNode target, struct origin o)
{
    if (!(o.flags & OF_RAND) || !(t->want & (1u << SK_RAND)))
        return;
    TSNode name = target;
    if (code_node_is(target, "subscript") || code_node_is(target, "subscript_expression"))
        name = field(target, code_node_is(target, "subscript") ? "value" : "object");
    else if (code_node_is(target, "attribute") || code_node_is(target, "member_expression"))
        name = field(target, t->py ? "attribute" : "property");
    if (ts_node_is_null(name) || !secret_name(t, name))
        return;
    if (t->py && py_in_boundary_maker(t, at))
        return;
    if (t->summ == NULL)
        emit_rand(t, at, o);
}

/* Python: the last plain assignment to name `v` that starts in `n` before byte `before`
 * (`kw = True`): its value, or a null node. Nested functions and classes are their own
 * scopes and are not searched. */
static TSNode py_last_assign(struct tctx *t, TSNode n, TSNode v, uint32_t before, int depth)
{
    TSNode best = null_node();
    uint32_t c = nchild(n);
    for (uint32_t i = 0; i < c && depth < 40; i++) {
        TSNode k = child(n, i);
        if (ts_node_start_byte(k) >= before)
            break;
        if (code_node_is(k, "function_definition") || code_node_is(k, "class_definition"))
            continue;
        TSNode found = null_node();
        if (code_node_is(k, "assignment")) {
            size_t a, b;
            const char *pa = ntext(t, field(k, "left"), &a), *pb = ntext(t, v, &b);
            if (code_node_is(field(k, "left"), "identifier") && a == b && memcmp(pa, pb, a) == 0)
                found = field(k, "right");
        } else {
            found = py_last_assign(t, k, v, before, depth + 1);
        }
        if (!ts_node_is_null(found))
            best = found;
    }
    return best;
}

/* Python: the value name `v` was last assigned before its use, in its function (or the
 * module); a null node when there is none. */
static TSNode py_name_value(struct tctx *t, TSNode v)
{
    TSNode scope = parent_of(v);
    while (!ts_node_is_null(scope) && !code_node_is(scope, "function_definition") &&
           !code_node_is(scope, "module"))
        scope = parent_of(scope);
    if (ts_node_is_null(scope))
        return null_node();
    if (code_node_is(scope, "function_definition"))
        scope = field(scope, "body");
    return py_last_assign(t, scope, v, ts_node_start_byte(v), 0);
}

/* Python: the call name `v` was last assigned from: its qualified name in `q`, false when
 * there is none. */
static bool py_assigned_call(struct tctx *t, TSNode v, struct qname *q)
{
    TSNode c = py_name_value(t, v);
    if (code_node_is(c, "await"))
        c = child(c, 0);
    if (!code_node_is(c, "call"))
        return false;
    qualify(t, field(c, "function"), q, 0);
    return q->ok;
}

/* Python: shell=<name> where the name was last set to True in the same function (or at
 * the top of the module): `kw = True; subprocess.run(cmd, shell=kw)`. */
static bool py_name_true(struct tctx *t, TSNode v)
{
    TSNode scope = parent_of(v);
    while (!ts_node_is_null(scope) && !code_node_is(scope, "function_definition") &&
           !code_node_is(scope, "module"))
        scope = parent_of(scope);
    if (code_node_is(scope, "function_definition"))
        scope = field(scope, "body");
    return code_node_is(py_last_assign(t, scope, v, ts_node_start_byte(v), 0), "true");
}

/* JS: an options object literal among the arguments with `shell:` not false. Python:
 * shell=True, or shell=<a name last set to True>. */
static bool shell_enabled(struct tctx *t, TSNode args)
{
    uint32_t c = nchild(args);
    for (uint32_t i = 0; i < c; i++) {
        TSNode a = child(args, i);
        if (t->py && code_node_is(a, "keyword_argument") && text_is(t, field(a, "name"), "shell")) {
            TSNode v = field(a, "value");
            return code_node_is(v, "true") || (code_node_is(v, "identifier") && py_name_true(t, v));
        }
        if (!t->py && code_node_is(a, "object")) {
            uint32_t m = nchild(a);
            for (uint32_t j = 0; j < m; j++) {
                TSNode p = child(a, j);
                if (code_node_is(p, "pair") && text_is(t, field(p, "key"), "shell"))
                    return !code_node_is(field(p, "value"), "false");
                if (code_node_is(p, "shorthand_property_identifier") && text_is(t, p, "shell"))
                    return true;
            }
        }
    }
    return false;
}

static bool yaml_unsafe(struct tctx *t, TSNode args)
{
    uint32_t c = nchild(args);
    for (uint32_t i = 0; i < c; i++) {
        TSNode a = child(args, i);
        TSNode v = a;
        if (code_node_is(a, "keyword_argument")) {
            if (!text_is(t, field(a, "name"), "Loader"))
                continue;
            v = field(a, "value");
        } else if (i != 1) {
            continue;
        }
        size_t len;
        const char *p = ntext(t, v, &len);
        return !(has_word(p, len, "SafeLoader") || has_word(p, len, "CSafeLoader") ||
                 has_word(p, len, "BaseLoader"));
    }
    return true;
}

/* Python: the receiver of x.load() is a name the code bound to an object it made
 * (yaml = YAML(typ="safe") of ruamel, rebinding the module's name), not the module. */
static bool py_made_receiver(struct tctx *t, TSNode f)
{
    if (!t->py || !code_node_is(f, "attribute"))
        return false;
    TSNode o = field(f, "object");
    if (!code_node_is(o, "identifier"))
        return false;
    size_t len;
    const char *p = ntext(t, o, &len);
    struct binding *b = lookup(t, p, len);
    return b != NULL && b->module == NULL && b->made;
}

/* Python: keyword argument `name=True`. */
static bool py_kwarg_true(struct tctx *t, TSNode args, const char *name)
{
    uint32_t c = nchild(args);
    for (uint32_t i = 0; i < c; i++) {
        TSNode a = child(args, i);
        if (code_node_is(a, "keyword_argument") && text_is(t, field(a, "name"), name))
            return code_node_is(field(a, "value"), "true");
    }
    return false;
}

/* Python deserialisers (pickle, marshal, yaml.load...) given a value of constant origin:
 * still data of unknown origin when it is what an opaque call returns (pickle.dumps(x),
 * io.BytesIO(), yaml.dump(x): OF_OPAQUE) or what a file holds (pickle.load(f),
 * torch.load('model.pt')), which someone else may have written. A literal, or a constant
 * decoded (pickle.loads(base64.b64decode('...'))), is not. */
static bool py_loads_unknown(struct tctx *t, const struct sink *s, TSNode args)
{
    TSNode a = positional_arg(args, s->arg, true);
    struct origin o = ts_node_is_null(a) ? o_const() : eval(t, a);
    /* pickle.load('/srv/app/known.pkl'): the app's own file; a torch checkpoint, whatever
     * its name, is the usual way a model from elsewhere arrives */
    if (s->flags & SF_FILEARG)
        return !o.has_str || (s->flags & SF_WEIGHTS);
    return (o.flags & OF_OPAQUE) != 0;
}

static bool response_receiver(struct tctx *t, TSNode callee)
{
    static const char *const names[] = {"res", "response", "reply", "resp", "h", NULL};
    /* Tornado handlers write the page with self.write(); Django's HttpResponse.write() */
    static const char *const py_names[] = {"self", "response", "resp", NULL};
    TSNode obj = field(callee, "object");
    if (t->py)
        return code_node_is(obj, "identifier") && part_in(t, obj, py_names);
    /* res.status(200).send(x), reply.code(400).type('text/html').send(x) */
    for (int i = 0; i < 8 && code_node_is(obj, "call_expression"); i++) {
        TSNode f = field(obj, "function");
        if (!code_node_is(f, "member_expression"))
            return false;
        obj = field(f, "object");
    }
    return code_node_is(obj, "identifier") && part_in(t, obj, names);
}

/* SK_FWRITE: f.write(x) on what is not a response (response.write, self.write of Tornado,
 * self.wfile.write of http.server: XSS sinks) nor the console (sys.stdout, sys.stderr),
 * with x not trimmed or cleaned in place
 * (x.strip(), x.replace('\r\n', '')) as the line is written. */
static bool py_file_write(struct tctx *t, TSNode f, TSNode args)
{
    static const char *const cleaners[] = {"strip", "rstrip", "lstrip", "replace", "splitlines",
                                           "translate", NULL};
    static const char *const answers[] = {"wfile", "response", "resp", "stdout", "stderr",
                                          NULL};
    TSNode obj = field(f, "object");
    if (response_receiver(t, f) ||
        (code_node_is(obj, "attribute") && part_in(t, field(obj, "attribute"), answers)))
        return false;
    TSNode a = positional_arg(args, 0, true);
    if (code_node_is(a, "call") && code_node_is(field(a, "function"), "attribute") &&
        part_in(t, field(field(a, "function"), "attribute"), cleaners))
        return false;
    return true;
}

static TSNode positional_arg(TSNode args, int idx, bool py)
{
    if (code_node_is(args, "generator_expression"))
        return idx == 0 || idx == ARG_LAST ? args : null_node();
    uint32_t c = nchild(args), k = 0;
    TSNode last = null_node();
    for (uint32_t i = 0; i < c; i++) {
        TSNode a = child(args, i);
        if (code_node_is(a, "comment") || (py && code_node_is(a, "keyword_argument")))
            continue;
        if ((int)k == idx)
            return a;
        last = a;
        k++;
    }
    return idx == ARG_LAST ? last : null_node();
}

/* Python: eval()/exec() given the namespace its code runs in, as a name or an expression
 * (exec(code, module.__dict__), eval(s, globals, locals), exec(txt, globals, ns)), not a
 * dict literal (a "sandbox" of {'__builtins__': None} is still eval). The caller chose the
 * globals its code sees: interpreters, debuggers, profilers, importers, plugin loaders and
 * code generators (dataclasses, namedtuple, attrs) run code by design, and 45 of the 56
 * eval/exec findings in Python's stdlib and Debian's dist-packages were such. Request data
 * stays reported, and so does a parameter that a caller fills with request data. */
static bool py_eval_namespace(struct tctx *t, const struct sink *s, TSNode args)
{
    static const char *const builtins[] = {"eval", "exec", "builtins.eval", "builtins.exec", NULL};
    bool named = false;
    for (size_t i = 0; builtins[i] != NULL && !named; i++)
        named = strcmp(s->name, builtins[i]) == 0;
    if (!named)
        return false;
    TSNode g = positional_arg(args, 1, true);
    if (ts_node_is_null(g))
        g = py_kwarg(t, args, "globals");
    if (ts_node_is_null(g) || code_node_is(g, "dictionary") || code_node_is(g, "none"))
        return false;
    if (code_node_is(g, "call") && text_is(t, field(g, "function"), "dict"))
        return false;
    return true;
}

/* set_cookie(name, value) / res.cookie(name, value) with a weak random value. */
static void check_random_cookie(struct tctx *t, TSNode n, TSNode f, TSNode args)
{
    if (!(t->want & (1u << SK_RAND)) || !code_node_is(f, t->py ? "attribute" : "member_expression"))
        return;
    TSNode m = field(f, t->py ? "attribute" : "property");
    if (!text_is(t, m, t->py ? "set_cookie" : "cookie"))
        return;
    struct origin o = eval(t, positional_arg(args, 1, t->py));
    uint32_t c = nchild(args);
    for (uint32_t i = 0; t->py && i < c; i++) {
        TSNode a = child(args, i);
        if (code_node_is(a, "keyword_argument") && text_is(t, field(a, "name"), "value"))
            o = o_join(o, eval(t, field(a, "value")));
    }
    if ((o.flags & OF_RAND) && t->summ == NULL)
        emit_rand(t, n, o);
}

/* The name of a header (a string literal or an object key) is `location`. */
static bool location_name(const struct tctx *t, TSNode k)
{
    const char *p;
    size_t len;
    if (!string_value(t, k, &p, &len))
        p = ntext(t, k, &len);
    return len == 8 && strncasecmp(p, "location", 8) == 0;
}

/* An Access-Control-* header: reflecting the request's origin or headers there is a CORS
 * policy (the CORS rules judge it), not an injection. */
static bool cors_name(const struct tctx *t, TSNode k)
{
    const char *p;
    size_t len;
    if (!string_value(t, k, &p, &len))
        p = ntext(t, k, &len);
    return len > 15 && strncasecmp(p, "access-control-", 15) == 0;
}

static bool allows_credentials(const struct tctx *t)
{
    static const char w[] = "access-control-allow-credentials";
    size_t m = sizeof w - 1;
    for (size_t i = 0; i + m <= t->s->len; i++)
        if ((t->s->data[i] | 0x20) == 'a' && strncasecmp(t->s->data + i, w, m) == 0)
            return true;
    return false;
}

/* The request's own Origin header sent back (req.headers.origin, req.get('origin')): without
 * credentials that grants no more than "*" (the CORS rules judge it with them). */
static bool origin_echo(const struct tctx *t, TSNode v)
{
    size_t len;
    const char *p = ntext(t, v, &len);
    for (size_t i = 0; i + 6 <= len; i++)
        if (strncasecmp(p + i, "header", 6) == 0 || strncasecmp(p + i, ".get(", 5) == 0)
            return true;
    return false;
}

static bool allow_origin_name(const struct tctx *t, TSNode k)
{
    const char *p;
    size_t len;
    if (!string_value(t, k, &p, &len))
        p = ntext(t, k, &len);
    return len == 27 && strncasecmp(p, "access-control-allow-origin", 27) == 0;
}

/* Request data in the headers of a Node/Express response: res.set(name, value),
 * res.header / setHeader / append, res.set({...}), res.writeHead(status, {...}). A Location
 * header is a redirect; any other is a header injection, reported at the rule's own
 * confidence (Node refuses CR/LF in header values, so the attack is not certain). */
static bool js_header_sink(struct tctx *t, TSNode n, TSNode f, TSNode args)
{
    static const char *const setters[] = {"set", "header", "setHeader", "append", "writeHead",
                                          NULL};
    if (t->py || !(t->want & ((1u << SK_HEADER) | (1u << SK_REDIRECT))) ||
        !code_node_is(f, "member_expression") || !part_in(t, field(f, "property"), setters) ||
        !response_receiver(t, f))
        return false;
    bool head = text_is(t, field(f, "property"), "writeHead");
    TSNode obj = positional_arg(args, head ? ARG_LAST : 0, false);
    struct origin hdr = o_const(), loc = o_const();
    bool has_loc = false;
    if (code_node_is(obj, "object")) {
        uint32_t c = nchild(obj);
        for (uint32_t i = 0; i < c; i++) {
            TSNode p = child(obj, i);
            if (!code_node_is(p, "pair"))
                continue;
            if (cors_name(t, field(p, "key"))) {
                /* { 'Access-Control-Allow-Origin': req.query.origin }: as res.set(name, v) */
                struct origin v = eval(t, field(p, "value"));
                if (allow_origin_name(t, field(p, "key")) && v.lvl == T_REQUEST &&
                    !allows_credentials(t) && !origin_echo(t, field(p, "value")))
                    hdr = o_join(hdr, v);
                continue;
            }
            struct origin v = eval(t, field(p, "value"));
            if (location_name(t, field(p, "key"))) {
                has_loc = true;
                loc = o_join(loc, v);
            } else {
                hdr = o_join(hdr, v);
            }
        }
    } else if (!head) {
        TSNode name = positional_arg(args, 0, false), value = positional_arg(args, 1, false);
        if (ts_node_is_null(value))
            return false;
        if (cors_name(t, name)) {
            /* the allowed origin taken from the request: any site may read the answers */
            struct origin v = eval(t, value);
            if (!allow_origin_name(t, name) || v.lvl != T_REQUEST || allows_credentials(t) ||
                origin_echo(t, value))
                return false; /* with credentials: js-cors-header-with-credentials */
            t->capped = true;
            report(t, SK_HEADER, n, v);
            t->capped = false;
            return true;
        }
        if (location_name(t, name)) {
            has_loc = true;
            loc = eval(t, value);
        } else {
            hdr = o_join(eval(t, name), eval(t, value));
        }
    }
    if (has_loc && loc.lvl == T_REQUEST && !(loc.flags & OF_FIXED)) {
        report(t, SK_REDIRECT, n, loc);
        return true;
    }
    if (hdr.lvl == T_REQUEST) {
        t->capped = true;
        report(t, SK_HEADER, n, hdr);
        t->capped = false;
        return true;
    }
    return false;
}

/* A secret word found in a comment: after this many, the file counts as holding one in
 * code (the comment test is a line scan; a file full of such comments is parsed). */
#define RAND_COMMENT_WORDS_MAX 64

bool taint_may_report(enum sink_kind k, const char *lang, const char *data, size_t len)
{
    if (k != SK_RAND)
        return true;
    /* check_random: the target's name holds a secret word; check_random_cookie: a
     * cookie / set_cookie call. Both are text of the file's code (a name, a property, a
     * string key), compared without case; a word in a comment (a license's `author`, a
     * JSDoc `@param token`) is neither. */
    unsigned in_comment = 0;
    for (size_t i = 0; i < len; i++) {
        char c = (char)(data[i] | 0x20);
        for (size_t w = 0; secret_words[w] != NULL; w++) {
            size_t m = strlen(secret_words[w]);
            if (secret_words[w][0] != c || m > len - i ||
                strncasecmp(data + i, secret_words[w], m) != 0)
                continue;
            if (lang == NULL || !checks_in_comment(lang, data, len, i) ||
                ++in_comment >= RAND_COMMENT_WORDS_MAX)
                return true;
            i += m - 1; /* the next word starts after this one */
            break;
        }
    }
    return false;
}

/* The SQL text of a query given as an object: its `sql` / `text` / `query` member. */
static struct origin sql_text_of(struct tctx *t, TSNode obj)
{
    static const char *const keys[] = {"sql", "text", "query", NULL};
    struct origin o = o_const();
    for (uint32_t i = 0, c = nchild(obj); i < c; i++) {
        TSNode p = child(obj, i);
        if (code_node_is(p, "pair") && part_in(t, field(p, "key"), keys))
            o = o_join(o, eval(t, field(p, "value")));
        else if (code_node_is(p, "shorthand_property_identifier") && part_in(t, p, keys))
            o = o_join(o, eval(t, p));
    }
    return o;
}

/* An AWS Lambda (API Gateway) answer `{ headers: { 'Content-Type': 'text/html' }, body }`
 * whose body holds request data: an HTML response. */
static void check_html_answer(struct tctx *t, TSNode obj)
{
    static const char *const body_key[] = {"body", NULL};
    static const char *const headers_key[] = {"headers", NULL};
    if (t->py || !(t->want & (1u << SK_XSS)))
        return;
    TSNode body = null_node();
    bool html = false;
    for (uint32_t i = 0, c = nchild(obj); i < c; i++) {
        TSNode p = child(obj, i);
        if (!code_node_is(p, "pair"))
            continue;
        if (part_in(t, field(p, "key"), body_key)) {
            body = field(p, "value");
        } else if (part_in(t, field(p, "key"), headers_key)) {
            size_t len;
            const char *h = ntext(t, field(p, "value"), &len);
            for (size_t k = 0; k + 9 <= len && !html; k++)
                html = strncasecmp(h + k, "text/html", 9) == 0;
        }
    }
    if (!html || ts_node_is_null(body))
        return;
    struct origin o = eval(t, body);
    if (o.lvl == T_REQUEST)
        report(t, SK_XSS, body, o);
}

/* The callee `this.query` / `this.runner.query`: a method of the object itself. */
static bool receiver_is_this(TSNode f)
{
    for (int d = 0; d < 16 && code_node_is(f, "member_expression"); d++)
        f = field(f, "object");
    return code_node_is(f, "this");
}

/* A SQL sink the taint pass leaves alone for values that are not request data: a class
 * calling its own query method (`this.query(sql)`, `this.queryRunner.query(sql)`) in a file
 * that imports no SQL driver is the database layer itself (an ORM's query runner building
 * SQL from its own metadata), not an application passing a caller's value into SQL. */
static bool sql_layer_internal(const struct tctx *t, const struct sink *s, TSNode f,
                               struct origin o)
{
    if (s->kind != SK_SQL || t->py || t->js_sql_driver)
        return false;
    if (o.lvl < T_REQUEST)
        return receiver_is_this(f);
    /* x.query(term) / x.execute(term) in a file that imports no SQL driver, handed request
     * data as it is (no SQL text around it): a generic name (a search index, a GraphQL or
     * HTTP client, a job queue); a SQL-specific name (raw, whereRaw) stays a sink */
    size_t nl = strlen(s->name);
    bool generic = (nl >= 6 && strcmp(s->name + nl - 6, ".query") == 0) ||
                   (nl >= 8 && strcmp(s->name + nl - 8, ".execute") == 0);
    return generic && !(o.flags & OF_SQL);
}

/* path.join(a, b, ...): the origin of the parts, leaving out those cleaned on the spot
 * (x.replace(/\.\./g, ''), x.indexOf('..'), sanitizePath(x)). */
static struct origin join_parts(struct tctx *t, TSNode args)
{
    struct origin o = o_const();
    uint32_t c = nchild(args);
    for (uint32_t i = 0; i < c; i++) {
        TSNode a = child(args, i);
        if (!ts_node_is_named(a) || code_node_is(a, "comment"))
            continue;
        size_t len;
        const char *p = ntext(t, a, &len);
        if (has_sub(p, len, ".indexOf") || has_sub(p, len, "sanitize") ||
            has_sub(p, len, "Sanitize") || rooted_join(t, a))
            continue;
        struct origin e = eval(t, a);
        if (!e.esc_path)
            o = o_join(o, e);
    }
    return o;
}

/* SF_BUILT: a template literal with a substitution, or a `+` chain, whose constant text
 * holds a space after a word ("ls ", `grep ${x}`): a whole command line. */
static bool built_command(struct tctx *t, TSNode a)
{
    if (!code_node_is(a, "template_string") && !code_node_is(a, "binary_expression"))
        return false;
    size_t len;
    const char *p = ntext(t, a, &len);
    bool sub = code_node_is(a, "binary_expression");
    for (uint32_t i = 0; !sub && i < nchild(a); i++)
        sub = code_node_is(child(a, i), "template_substitution");
    if (!sub)
        return false;
    for (size_t i = 1; i + 1 < len; i++) {
        if (p[i] == ' ' && isalnum((unsigned char)p[i - 1]) && p[i - 1] != '+' &&
            (p[i + 1] == '$' || p[i + 1] == '-' || p[i + 1] == '"' || p[i + 1] == '\'' ||
             isalnum((unsigned char)p[i + 1])))
            return true;
    }
    return false;
}

/* SK_KEY: the argument (or the `secret`-like member of an object literal argument) is a
 * string constant: a key anyone with the source holds. The finding starts at the literal
 * when it is at most KEY_FROM_LINES above the use (`const secret = "..."` then
 * `jwt.sign(p, secret)`: one finding over both). Public keys and certificates are not
 * secrets; fewer than 3 characters is a placeholder. */
#define KEY_FROM_LINES 20

/* The key inside a wrapper that only re-encodes it (jose's JWK.asKey(k), Buffer.from(k)),
 * or `a` itself. */
static TSNode key_unwrap(struct tctx *t, TSNode a, bool *wrapped)
{
    if (!code_node_is(a, "call_expression"))
        return a;
    TSNode f = field(a, "function");
    if (!code_node_is(f, "member_expression"))
        return a;
    TSNode o = field(f, "object"), m = field(f, "property");
    if ((text_is(t, m, "asKey") && (text_is(t, o, "JWK") || text_is(t, o, "jose.JWK"))) ||
        (text_is(t, m, "from") && text_is(t, o, "Buffer")) ||
        (text_is(t, m, "encode") && code_node_is(o, "new_expression") &&
         text_is(t, field(o, "constructor"), "TextEncoder"))) { /* jose's HS256 keys */
        TSNode k = positional_arg(field(a, "arguments"), 0, false);
        if (!ts_node_is_null(k)) {
            *wrapped = true;
            return k;
        }
    }
    return a;
}

/* Python: the key inside calls that only re-encode it (base64/binascii encoders and
 * decoders, bytes.fromhex, `k.encode()`), or `a` itself. */
static TSNode py_key_unwrap(struct tctx *t, TSNode a, bool *wrapped)
{
    static const char *const codecs[] = {"base64.b64encode",
                                         "base64.b64decode",
                                         "base64.urlsafe_b64encode",
                                         "base64.urlsafe_b64decode",
                                         "base64.b32decode",
                                         "base64.b16decode",
                                         "binascii.unhexlify",
                                         "binascii.a2b_hex",
                                         "binascii.a2b_base64",
                                         "bytes.fromhex",
                                         "bytearray.fromhex",
                                         "bytes",
                                         "bytearray",
                                         NULL};
    for (int depth = 0; depth < 4 && code_node_is(a, "call"); depth++) {
        TSNode f = field(a, "function"), args = field(a, "arguments");
        TSNode k = null_node();
        if (code_node_is(f, "attribute") && text_is(t, field(f, "attribute"), "encode")) {
            k = field(f, "object"); /* "...".encode() / KEY.encode("utf-8") */
        } else {
            struct qname q = {"", 0, true};
            qualify(t, f, &q, 0);
            if (q.ok && in_list(q.s, q.n, codecs))
                k = positional_arg(args, 0, true);
        }
        if (ts_node_is_null(k))
            break;
        *wrapped = true;
        a = k;
    }
    return a;
}

/* jwt.sign(p, '...') with one of these receivers is js-jwt-hardcoded-secret's query. */
/* JS vm: is n a constant string of code that evaluates code itself ('safeEval(x)',
 * 'eval(input)', 'new Function(body)()')? */
static bool js_plain_string(TSNode n);
static bool js_evals_code(const struct tctx *t, TSNode n)
{
    size_t len;
    if (!js_plain_string(n))
        return false;
    const char *p = ntext(t, n, &len);
    return has_sub(p, len, "eval(") || has_sub(p, len, "Eval(") || has_sub(p, len, "Function(");
}

static bool js_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '$';
}

bool code_names_ident(const char *p, size_t n, const char *w, size_t m)
{
    for (size_t i = 0; m > 0 && i + m <= n; i++) {
        if (memcmp(p + i, w, m) == 0 && (i == 0 || !js_ident_char(p[i - 1])) &&
            (i + m == n || !js_ident_char(p[i + m])))
            return true;
    }
    return false;
}

static bool text_is_n(const struct tctx *t, TSNode n, const char *w, size_t wl);
/* The last `name = value` / `var name = value` before `at` in the subtree of n (a function
 * body or the program), up to `budget` nodes looked at. */
static TSNode js_last_assigned(const struct tctx *t, TSNode n, TSNode at, const char *name,
                               size_t len, int *budget)
{
    TSNode found = null_node();
    if (--*budget < 0 || ts_node_start_byte(n) >= ts_node_start_byte(at))
        return found;
    bool decl = code_node_is(n, "variable_declarator");
    if (decl || code_node_is(n, "assignment_expression")) {
        TSNode l = field(n, decl ? "name" : "left"), v = field(n, decl ? "value" : "right");
        if (code_node_is(l, "identifier") && !ts_node_is_null(v) && text_is_n(t, l, name, len))
            found = v;
    }
    for (uint32_t i = 0, c = nchild(n); i < c; i++) {
        TSNode r = js_last_assigned(t, child(n, i), at, name, len, budget);
        if (!ts_node_is_null(r))
            found = r;
    }
    return found;
}

/* The object literal a vm context is made of: { ... } in place, vm.createContext({ ... }),
 * or a variable assigned one of those earlier in the same function. */
static TSNode js_context_object(struct tctx *t, TSNode n, int depth)
{
    if (depth > 3 || ts_node_is_null(n))
        return null_node();
    if (code_node_is(n, "object"))
        return n;
    if (code_node_is(n, "call_expression")) {
        struct qname q = {"", 0, true};
        qualify(t, field(n, "function"), &q, 0);
        if (!q.ok || strcmp(q.s, "vm.createContext") != 0)
            return null_node();
        return js_context_object(t, positional_arg(field(n, "arguments"), 0, false), depth + 1);
    }
    if (!code_node_is(n, "identifier"))
        return null_node();
    TSNode scope = parent_of(n);
    while (!ts_node_is_null(scope) && !is_function(ntype(scope)) &&
           !code_node_is(scope, "program"))
        scope = parent_of(scope);
    if (ts_node_is_null(scope))
        return null_node();
    size_t len;
    const char *p = ntext(t, n, &len);
    int budget = 4000;
    return js_context_object(t, js_last_assigned(t, scope, n, p, len, &budget), depth + 1);
}

/* vm.runInContext(CODE, ctx): the origin of the context's members that the constant code
 * evaluates ('safeEval(x)' with { x: req.query.x }); constant when the code evaluates none
 * of them or is not code that evaluates code. */
static struct origin js_sandbox_origin(struct tctx *t, TSNode code, TSNode ctx)
{
    if (!js_evals_code(t, code))
        return o_const();
    TSNode obj = js_context_object(t, ctx, 0);
    size_t cl;
    const char *cp = ntext(t, code, &cl);
    for (uint32_t i = 0, c = ts_node_is_null(obj) ? 0 : nchild(obj); i < c; i++) {
        TSNode k = child(obj, i), key = k, v = k;
        if (code_node_is(k, "pair")) {
            key = field(k, "key");
            v = field(k, "value");
        } else if (!code_node_is(k, "shorthand_property_identifier")) {
            continue;
        }
        size_t kl;
        const char *kp = ntext(t, key, &kl);
        if (!code_node_is(key, "property_identifier") && key.id != k.id)
            continue;
        if (!code_names_ident(cp, cl, kp, kl))
            continue;
        struct origin o = o_const();
        if (key.id == k.id) {
            struct binding *b = lookup(t, kp, kl);
            if (b != NULL)
                o = b->o;
        } else {
            o = eval(t, v);
        }
        if (o.lvl >= T_REQUEST)
            return o;
    }
    return o_const();
}

static bool jwt_query_receiver(struct tctx *t, TSNode n)
{
    static const char *const names[] = {"jwt", "jsonwebtoken", "JWT", "jwt_1",
                                        "jsonwebtoken_1", NULL};
    static const char *const methods[] = {"sign", "verify", NULL};
    TSNode f = field(n, "function");
    if (!code_node_is(f, "member_expression") || !part_in(t, field(f, "property"), methods))
        return true; /* createHmac, createCipheriv, ...: their own query rules */
    TSNode o = field(f, "object");
    return !code_node_is(o, "identifier") || part_in(t, o, names);
}

static bool text_is_n(const struct tctx *t, TSNode n, const char *w, size_t wl)
{
    size_t len;
    const char *p = ntext(t, n, &len);
    return len == wl && memcmp(p, w, wl) == 0;
}

static bool key_name(const struct tctx *t, TSNode k)
{
    static const char *const members[] = {"secret", "secretOrKey", "secretOrPrivateKey",
                                          "key", "passphrase", "keys", "clientSecret",
                                          "consumerSecret", NULL};
    return part_in(t, k, members);
}

/* The `secret`-like member of an object literal (its value node), or a null node. */
static TSNode key_member(struct tctx *t, TSNode a)
{
    TSNode v = null_node();
    if (!code_node_is(a, "object"))
        return v;
    for (uint32_t j = 0; j < nchild(a); j++) {
        TSNode p = child(a, j);
        if (code_node_is(p, "pair") && key_name(t, field(p, "key")) &&
            !(text_is(t, field(p, "key"), "secretOrKey") &&
              code_node_is(field(p, "value"), "string")))
            v = field(p, "value"); /* secretOrKey: '...' is js-jwt-hardcoded-secret's */
        else if (code_node_is(p, "shorthand_property_identifier") && key_name(t, p))
            v = p;
    }
    return v;
}

/* The key member of an options value: an object literal or Object.assign({...}, {...}). */
static TSNode key_option(struct tctx *t, TSNode a)
{
    if (code_node_is(a, "call_expression") && text_is(t, field(a, "function"), "Object.assign")) {
        TSNode as = field(a, "arguments"), v = null_node();
        for (uint32_t j = 0; j < nchild(as) && ts_node_is_null(v); j++)
            v = key_member(t, child(as, j));
        return v;
    }
    return key_member(t, a);
}

/* What the statements before the call `n` make of variable `id`: each statement of a block
 * holding `n` (nearest block first) goes in order to `decl` (the value of `var id = value`)
 * or, when given, `assign` (an expression statement), which return the node found so far
 * or a new one; the first block that ends with a node gives it, else a null node. */
typedef TSNode (*bind_decl)(struct tctx *t, TSNode value, TSNode found);
typedef TSNode (*bind_assign)(struct tctx *t, TSNode stmt, const char *ip, size_t il,
                              TSNode found);
static TSNode last_binding(struct tctx *t, TSNode n, TSNode id, bind_decl decl,
                           bind_assign assign)
{
    size_t il;
    const char *ip = ntext(t, id, &il);
    uint32_t at = ts_node_start_byte(n);
    for (TSNode b = parent_of(n); !ts_node_is_null(b); b = parent_of(b)) {
        if (!code_node_is(b, "statement_block") && !code_node_is(b, "program"))
            continue;
        TSNode found = null_node();
        for (uint32_t i = 0; i < nchild(b); i++) {
            TSNode d = child(b, i);
            if (ts_node_end_byte(d) > at)
                break;
            if (assign != NULL && code_node_is(d, "expression_statement")) {
                found = assign(t, d, ip, il, found);
                continue;
            }
            if (!code_node_is(d, "lexical_declaration") &&
                !code_node_is(d, "variable_declaration"))
                continue;
            for (uint32_t j = 0; j < nchild(d); j++) {
                TSNode v = child(d, j);
                if (code_node_is(v, "variable_declarator") &&
                    text_is_n(t, field(v, "name"), ip, il))
                    found = decl(t, field(v, "value"), found);
            }
        }
        if (!ts_node_is_null(found))
            return found;
    }
    return null_node();
}

/* `var opts = {...}` / `Object.assign(...)`: its key member, if it has one. */
static TSNode key_decl(struct tctx *t, TSNode value, TSNode found)
{
    TSNode k = key_option(t, value);
    return ts_node_is_null(k) ? found : k;
}

/* `opts.secretOrKey = '...'`: the value assigned. */
static TSNode key_assign(struct tctx *t, TSNode stmt, const char *ip, size_t il, TSNode found)
{
    TSNode e = child(stmt, 0), l = field(e, "left");
    if (code_node_is(e, "assignment_expression") && code_node_is(l, "member_expression") &&
        text_is_n(t, field(l, "object"), ip, il) && key_name(t, field(l, "property")))
        return field(e, "right");
    return found;
}

/* The key member of the options held in variable `id` at the call `n`: the last of
 * `var id = {...}` / `var id = Object.assign(...)` and `id.secret = ...` before the call
 * in a block that holds it (nearest block first); a null node when there is none. */
static TSNode key_of_var(struct tctx *t, TSNode n, TSNode id)
{
    return last_binding(t, n, id, key_decl, key_assign);
}

/* Python: the statement `NAME = '...'` at the top of the module that holds literal `lit`,
 * or a null node. */
static TSNode py_module_constant(TSNode lit)
{
    while (!ts_node_is_null(lit) && !code_node_is(lit, "string"))
        lit = parent_of(lit); /* from string_content */
    TSNode st = parent_of(parent_of(lit));
    if (!code_node_is(parent_of(lit), "assignment") || !code_node_is(st, "expression_statement") ||
        !code_node_is(parent_of(st), "module"))
        return null_node();
    return st;
}

/* JS: a string literal, or a template without substitutions. */
static bool js_plain_string(TSNode n)
{
    if (code_node_is(n, "string"))
        return true;
    if (!code_node_is(n, "template_string"))
        return false;
    for (uint32_t i = 0; i < nchild(n); i++) {
        if (code_node_is(child(n, i), "template_substitution"))
            return false;
    }
    return true;
}

/* `this.<name> = value` anywhere under n: each value goes to *lit when it is a plain
 * string; false when one is not (the field is also set from something else). */
static bool this_assignments(struct tctx *t, TSNode n, TSNode name, TSNode *lit, int depth)
{
    if (depth > TAINT_MAX_DEPTH / 4)
        return false;
    if (code_node_is(n, "assignment_expression") || code_node_is(n, "augmented_assignment_expression")) {
        TSNode l = field(n, "left");
        size_t nl;
        const char *np = ntext(t, name, &nl);
        if (code_node_is(l, "member_expression") && text_is(t, field(l, "object"), "this") &&
            text_is_n(t, field(l, "property"), np, nl)) {
            TSNode r = field(n, "right");
            if (!code_node_is(n, "assignment_expression") || !js_plain_string(r))
                return false;
            *lit = r;
        }
    }
    for (uint32_t i = 0; i < nchild(n); i++) {
        if (!this_assignments(t, child(n, i), name, lit, depth + 1))
            return false;
    }
    return true;
}

/* `this.name` in a class method: the string constant the class holds there, from a field
 * declaration (`secret = '...'`, TypeScript `private readonly key = '...'`) or an
 * assignment `this.name = '...'` in one of its methods, when nothing in the class sets
 * it to anything else; else a null node. A key kept in a class field is as hard-coded as
 * one kept in a variable. */
static TSNode this_field_value(struct tctx *t, TSNode m)
{
    TSNode lit = null_node();
    if (t->py || !code_node_is(m, "member_expression") ||
        !text_is(t, field(m, "object"), "this"))
        return lit;
    TSNode name = field(m, "property"), body = parent_of(m);
    while (!ts_node_is_null(body) && !code_node_is(body, "class_body"))
        body = parent_of(body);
    if (ts_node_is_null(body) || ts_node_is_null(name))
        return lit;
    size_t nl;
    const char *np = ntext(t, name, &nl);
    for (uint32_t i = 0; i < nchild(body); i++) {
        TSNode d = child(body, i);
        TSNode k = field(d, code_node_is(d, "public_field_definition") ? "name" : "property");
        if ((code_node_is(d, "field_definition") || code_node_is(d, "public_field_definition")) &&
            text_is_n(t, k, np, nl)) {
            TSNode v = field(d, "value");
            if (ts_node_is_null(v) || !js_plain_string(v))
                return null_node(); /* declared without a value, or with a computed one */
            lit = v;
        }
    }
    if (!this_assignments(t, body, name, &lit, 0))
        return null_node();
    return lit;
}

/* `var k = <call>`: the call, to see whether it only re-encodes a key (key_unwrap). */
static TSNode key_wrapper_decl(struct tctx *t, TSNode value, TSNode found)
{
    (void)t;
    (void)found;
    return code_node_is(value, "call_expression") ? value : null_node();
}

static bool check_key(struct tctx *t, TSNode n, const struct sink *s, TSNode args)
{
    TSNode a = positional_arg(args, s->arg, t->py);
    if (t->py && ts_node_is_null(a))
        a = py_kwarg(t, args, "key"); /* jwt.encode(claims, key=K) / hmac.new(key=K) */
    /* wrapped: the literal is not where a query rule looks for it */
    bool wrapped = false;
    if (t->py)
        a = py_key_unwrap(t, a, &wrapped);
    if (t->py && !code_node_is(a, "identifier") && !(wrapped && code_node_is(a, "string")))
        return false; /* literals in place are the query rules' */
    if (ts_node_is_null(a))
        return false;
    if (s->flags & SF_KEYOPT) {
        TSNode v;
        if (code_node_is(a, "identifier")) { /* session(opts), opts = {...} above */
            v = key_of_var(t, n, a);
            wrapped = true;
        } else {
            v = key_option(t, a);
            wrapped = code_node_is(a, "call_expression"); /* Object.assign({keys}, {...}) */
        }
        if (ts_node_is_null(v))
            return false;
        a = v;
    }
    while (code_node_is(a, "array") && nchild(a) >= 1) /* keys: ['k1', 'k2'] */
        a = child(a, 0);
    a = key_unwrap(t, a, &wrapped);
    if (!t->py && code_node_is(a, "identifier")) { /* const key = new TextEncoder().encode('...') */
        TSNode d = last_binding(t, n, a, key_wrapper_decl, NULL);
        if (!ts_node_is_null(d)) {
            bool w = false;
            TSNode k = key_unwrap(t, d, &w);
            if (w && (code_node_is(k, "string") || code_node_is(k, "identifier"))) {
                a = k;
                wrapped = true;
            }
        }
    }
    bool inplace = code_node_is(a, "string") || code_node_is(a, "template_string");
    if (inplace && (s->flags & SF_KEYVAR) && !wrapped &&
        ((s->flags & SF_KEYOPT) || jwt_query_receiver(t, n)))
        return false;
    if (!inplace && !code_node_is(a, "identifier") &&
        !code_node_is(a, "shorthand_property_identifier") && !code_node_is(a, "member_expression"))
        return false;
    struct origin o;
    if (code_node_is(a, "shorthand_property_identifier")) { /* { secret } */
        size_t al;
        const char *ap = ntext(t, a, &al);
        struct binding *b = lookup(t, ap, al);
        if (b == NULL || b->module != NULL)
            return false;
        o = b->o;
    } else {
        o = eval(t, a);
        TSNode fv = o.lvl == T_CONST ? null_node() : this_field_value(t, a);
        if (!ts_node_is_null(fv))
            o = eval(t, fv); /* this.secret, set to a constant elsewhere in the class */
    }
    if (o.lvl != T_CONST || !o.has_str || o.slen < 3 || o.sval < t->s->data ||
        o.sval >= t->s->data + t->s->len)
        return false;
    static const char *const pub[] = {"PUBLIC KEY", "CERTIFICATE", NULL};
    for (size_t i = 0; pub[i] != NULL; i++) {
        size_t pl = strlen(pub[i]);
        for (size_t k = 0; k + pl <= o.slen; k++) {
            if (memcmp(o.sval + k, pub[i], pl) == 0)
                return false;
        }
    }
    if (!(t->want & (1u << SK_KEY)) || t->summ != NULL)
        return true;
    uint32_t off = (uint32_t)(o.sval - t->s->data);
    TSNode lit = ts_node_descendant_for_byte_range(ts_tree_root_node(n.tree), off, off);
    struct taint_hit h = {.sink = SK_KEY, .level = T_PARAM, .node = n, .src_node = null_node(),
                          .from = null_node()};
    unsigned ll = code_node_line(lit), nl = code_node_line(n);
    TSNode top = t->py ? py_module_constant(lit) : null_node();
    if (!ts_node_is_null(top))
        h.node = top; /* one finding at the constant, however many calls use it */
    else if (!ts_node_is_null(lit) && ll < nl && nl - ll <= KEY_FROM_LINES)
        h.from = lit;
    emit_hit(t, &h);
    return true;
}

/* SK_CLEAR: an HTTP client's URL argument is a variable holding a constant http:// URL
 * to a public host (`const url = "http://api.acme.com/x"` ... `fetch(url)`); a literal in
 * place is js-cleartext-http-request's. Local, private and documentation hosts are not
 * reported. The finding starts at the literal when it is a few lines above. */
static void check_cleartext(struct tctx *t, TSNode n, TSNode args, int arg)
{
    static const char *const local[] = {"localhost", "127.", "0.0.0.0", "[::1]", "169.254.",
                                        "10.", "192.168.", "example.", "host.docker", NULL};
    static const char *const tlds[] = {".local", ".internal", ".test", ".example",
                                       ".localhost", ".lan", ".svc", NULL};
    if (!(t->want & (1u << SK_CLEAR)) || t->summ != NULL)
        return;
    TSNode a = positional_arg(args, arg, false);
    if (!code_node_is(a, "identifier") && !code_node_is(a, "member_expression"))
        return;
    struct origin o = eval(t, a);
    if (o.lvl != T_CONST || !o.has_str || o.slen < 9 || memcmp(o.sval, "http://", 7) != 0 ||
        o.sval < t->s->data || o.sval >= t->s->data + t->s->len)
        return;
    const char *h = o.sval + 7;
    size_t hl = 0;
    while (7 + hl < o.slen && h[hl] != '/' && h[hl] != ':' && h[hl] != '?' && h[hl] != '#')
        hl++;
    if (hl < 3 || memchr(h, '.', hl) == NULL)
        return; /* no dotted host name: a service name on a private network */
    for (size_t i = 0; local[i] != NULL; i++) {
        size_t l = strlen(local[i]);
        if (hl >= l && strncasecmp(h, local[i], l) == 0)
            return;
    }
    for (size_t i = 0; tlds[i] != NULL; i++) {
        size_t l = strlen(tlds[i]);
        if (hl >= l && strncasecmp(h + hl - l, tlds[i], l) == 0)
            return;
    }
    if (hl >= 4 && strncmp(h, "172.", 4) == 0)
        return;
    uint32_t off = (uint32_t)(o.sval - t->s->data);
    TSNode lit = ts_node_descendant_for_byte_range(ts_tree_root_node(n.tree), off, off);
    struct taint_hit hit = {.sink = SK_CLEAR, .level = T_PARAM, .node = n,
                            .src_node = null_node(), .from = null_node()};
    unsigned ll = code_node_line(lit), nl = code_node_line(n);
    if (!ts_node_is_null(lit) && ll < nl && nl - ll <= KEY_FROM_LINES)
        hit.from = lit;
    emit_hit(t, &hit);
}

/* Does the file's text hold one of these words (an import of a library the sink needs)? */
static bool py_file_mentions(const struct tctx *t, const char *const *words)
{
    for (size_t i = 0; words[i] != NULL; i++) {
        if (memmem(t->s->data, t->s->len, words[i], strlen(words[i])) != NULL)
            return true;
    }
    return false;
}

/* SF_ETPATH: root.findall(f"./{x}") / find("./" + x) / iterfind("%s" % x) in a file that
 * imports xml.etree or lxml: an ElementPath expression built in place. A variable or a
 * plain string (str.find(sub), a compiled regex's findall(text)) is not. */
static bool etpath_text(const struct tctx *t, TSNode n)
{
    size_t len;
    const char *p = ntext(t, n, &len);
    return memchr(p, '/', len) != NULL || memchr(p, '[', len) != NULL;
}

static bool py_etpath(struct tctx *t, TSNode a)
{
    static const char *const libs[] = {"xml.etree", "lxml", "ElementTree", NULL};
    if (ts_node_is_null(a) || !py_file_mentions(t, libs))
        return false;
    if (code_node_is(a, "string")) {
        /* f"./{x}": an interpolation and path text ('/' or '[') around it */
        bool interp = false, path = false;
        uint32_t c = nchild(a);
        for (uint32_t i = 0; i < c; i++) {
            TSNode k = child(a, i);
            interp |= code_node_is(k, "interpolation");
            path |= code_node_is(k, "string_content") && etpath_text(t, k);
        }
        return interp && path;
    }
    if (code_node_is(a, "binary_operator")) {
        TSNode l = field(a, "left"), r = field(a, "right");
        while (code_node_is(l, "binary_operator"))
            l = field(l, "left");
        return (code_node_is(l, "string") && etpath_text(t, l)) ||
               (code_node_is(r, "string") && etpath_text(t, r));
    }
    if (code_node_is(a, "call")) {
        TSNode f = field(a, "function");
        return code_node_is(f, "attribute") && code_node_is(field(f, "object"), "string") &&
               text_is(t, field(f, "attribute"), "format") && etpath_text(t, field(f, "object"));
    }
    return false;
}

/* Python keyword argument `name=...`, or a null node. */
static TSNode py_kwarg(struct tctx *t, TSNode args, const char *name)
{
    uint32_t c = nchild(args);
    for (uint32_t i = 0; i < c; i++) {
        TSNode a = child(args, i);
        if (code_node_is(a, "keyword_argument") && text_is(t, field(a, "name"), name))
            return field(a, "value");
    }
    return null_node();
}

/* What a MongoDB filter, update or pipeline holds: the values of dict and list literals,
 * where a value forced to a scalar (str(x), int(x), ObjectId(x), Decimal128(x)) is no
 * operator a client could slip in ({"$ne": ""}, {"$where": ...}). */
static struct origin nosql_origin(struct tctx *t, TSNode n, int depth)
{
    static const char *const scalar[] = {"str", "int", "float", "bool", "ObjectId",
                                         "Decimal128", "bson.ObjectId", "UUID", "uuid.UUID",
                                         "escape", "re.escape", NULL};
    if (ts_node_is_null(n) || depth > 8)
        return o_const();
    if (code_node_is(n, "dictionary") || code_node_is(n, "list") || code_node_is(n, "tuple")) {
        struct origin o = o_const();
        uint32_t c = nchild(n);
        for (uint32_t i = 0; i < c; i++) {
            TSNode k = child(n, i);
            if (code_node_is(k, "pair")) {
                if (!code_node_is(field(k, "key"), "string"))
                    o = o_join(o, eval(t, field(k, "key")));
                o = o_join(o, nosql_origin(t, field(k, "value"), depth + 1));
            } else if (!code_node_is(k, "comment")) {
                o = o_join(o, nosql_origin(t, k, depth + 1));
            }
        }
        return o;
    }
    if (code_node_is(n, "call") && part_in(t, field(n, "function"), scalar))
        return o_const();
    return eval(t, n);
}

/* Python sinks that a name alone does not say:
 * - pymongo/motor collection methods (find, find_one, update_one, aggregate, ...) given a
 *   filter, update or pipeline holding request data, in a file that uses MongoDB;
 * - boto3 DynamoDB scan(ScanFilter=...) / query(QueryFilter=..., KeyConditions=...) given
 *   request data other than a dict literal the code spells out;
 * - HTML e-mail bodies: Django send_mail(html_message=...), mail_admins/mail_managers,
 *   EmailMultiAlternatives.attach_alternative(body, "text/html"), an EmailMessage whose
 *   content_subtype is set to "html" in the file, Flask-Mail Message(html=...).
 * True when the call was one of them (reported or not). */
/* Python: a bare name the module defines itself at its top level (def compile(...):,
 * def eval(...):): a call of it is not the builtin or an imported sink of that name. */
static bool py_module_defines(const struct tctx *t, TSNode f)
{
    if (!code_node_is(f, "identifier"))
        return false;
    size_t len;
    const char *name = ntext(t, f, &len);
    const char *d = t->s->data, *end = d + t->s->len;
    for (const char *p = d; p != NULL && p + 4 + len < end;) {
        p = memmem(p, (size_t)(end - p), "def ", 4);
        if (p == NULL)
            return false;
        bool top = p == d || p[-1] == '\n' || (p - d >= 6 && memcmp(p - 6, "async ", 6) == 0 &&
                                              (p - 6 == d || p[-7] == '\n'));
        const char *q = p + 4;
        if (top && q + len < end && memcmp(q, name, len) == 0 && q[len] == '(')
            return true;
        p = q;
    }
    return false;
}

/* Flask/werkzeug: an uploaded file saved under a path built from request data,
 * f = request.files["doc"]; f.save(os.path.join(UPLOADS, f.filename)). Only when the
 * receiver is itself request data (the upload): a Django storage's fs.save(name, f) checks
 * the name, a model's save() takes none. */
static bool py_upload_save(struct tctx *t, TSNode n, TSNode f, TSNode args)
{
    TSNode a = positional_arg(args, 0, true);
    if (ts_node_is_null(a))
        a = py_kwarg(t, args, "dst");
    if (ts_node_is_null(a) || eval(t, field(f, "object")).lvl != T_REQUEST)
        return false;
    struct origin o = eval(t, a);
    if (o.lvl != T_REQUEST)
        return false;
    report(t, SK_PATH, n, o);
    return true;
}

/* Python: a pathlib path object: `Path(x)`, `Path(a) / b`, or a name last assigned one
 * in its function (or the module). */
static bool py_pathlib_obj(struct tctx *t, TSNode r, int depth)
{
    static const char *const classes[] = {"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath",
                                          "pathlib.PurePosixPath", "pathlib.WindowsPath", NULL};
    if (depth > 4 || ts_node_is_null(r))
        return false;
    if (code_node_is(r, "parenthesized_expression"))
        return py_pathlib_obj(t, child(r, 0), depth + 1);
    if (code_node_is(r, "binary_operator"))
        return py_pathlib_obj(t, field(r, "left"), depth + 1);
    struct qname q = {"", 0, true};
    if (code_node_is(r, "identifier"))
        return py_assigned_call(t, r, &q) && in_list(q.s, q.n, classes);
    if (!code_node_is(r, "call"))
        return false;
    qualify(t, field(r, "function"), &q, 0);
    return q.ok && in_list(q.s, q.n, classes);
}

/* Python pathlib: a path object opened, created or moved (`Path(x).open()`, `p.mkdir()`:
 * the path itself), or joined with a value (`base.joinpath(x)`: the joined part). */
static bool py_pathlib_sink(struct tctx *t, TSNode n, TSNode f, TSNode args)
{
    static const char *const own[] = {"open", "mkdir", "touch", "rename", "replace",
                                      "symlink_to", "hardlink_to", NULL};
    TSNode m = field(f, "attribute");
    bool join = text_is(t, m, "joinpath");
    if (!(t->want & (1u << SK_PATH)) || (!join && !part_in(t, m, own)) ||
        !py_pathlib_obj(t, field(f, "object"), 0))
        return false;
    struct origin o = eval(t, field(f, "object"));
    if (join || text_is(t, m, "rename") || text_is(t, m, "replace"))
        o = o_join(o, eval_children(t, args, o_const()));
    if (o.lvl == T_REQUEST)
        report(t, SK_PATH, n, o);
    return true;
}

/* Python: a condition built with boto3.dynamodb.conditions (`Key('id').eq(x)`,
 * `Attr('a').gt(1) & Attr('b').exists()`), in place or in a name assigned it. */
static bool py_dynamo_condition(struct tctx *t, TSNode v, int depth)
{
    static const char *const conds[] = {"Key", "Attr", "boto3.dynamodb.conditions.Key",
                                        "boto3.dynamodb.conditions.Attr", "conditions.Key",
                                        "conditions.Attr", NULL};
    for (int i = 0; i < 16 && depth < 4 && !ts_node_is_null(v); i++) {
        if (code_node_is(v, "binary_operator") || code_node_is(v, "parenthesized_expression")) {
            v = code_node_is(v, "binary_operator") ? field(v, "left") : child(v, 0);
        } else if (code_node_is(v, "call")) {
            TSNode f = field(v, "function");
            struct qname q = {"", 0, true};
            qualify(t, f, &q, 0);
            if (q.ok && in_list(q.s, q.n, conds))
                return true;
            if (!code_node_is(f, "attribute"))
                return false;
            v = field(f, "object");
        } else if (code_node_is(v, "identifier")) {
            v = py_name_value(t, v);
            depth++;
        } else {
            return false;
        }
    }
    return false;
}

static bool py_named_arg_sinks(struct tctx *t, TSNode n, TSNode f, TSNode args,
                               const struct qname *q)
{
    static const char *const mongo_files[] = {"pymongo", "MongoClient", "motor_asyncio",
                                              "PyMongo", "mongoengine", NULL};
    static const char *const mongo_methods[] = {
        "find", "find_one", "find_one_and_delete", "find_one_and_replace",
        "find_one_and_update", "delete_one", "delete_many", "update_one", "update_many",
        "replace_one", "count_documents", "aggregate", "find_raw_batches", "watch", NULL};
    static const char *const mails[] = {"django.core.mail.send_mail", "django.core.mail.mail_admins",
                                        "django.core.mail.mail_managers", NULL};
    if (!code_node_is(f, "attribute")) {
        bool mail = false, message = false;
        for (size_t i = 0; mails[i] != NULL; i++)
            mail |= qn_match(q, mails[i]);
        message = qn_match(q, "django.core.mail.EmailMessage") ||
                  qn_match(q, "django.core.mail.EmailMultiAlternatives");
        if (mail || qn_match(q, "flask_mail.Message")) {
            TSNode v = py_kwarg(t, args, mail ? "html_message" : "html");
            if (!ts_node_is_null(v) && (t->want & (1u << SK_XSS))) {
                struct origin o = eval(t, v);
                if (o.lvl == T_REQUEST)
                    report(t, SK_XSS, n, o);
            }
            return true;
        }
        if (message) {
            static const char *const html[] = {"content_subtype", NULL};
            TSNode v = py_kwarg(t, args, "body");
            if (ts_node_is_null(v))
                v = positional_arg(args, 1, true);
            if (!ts_node_is_null(v) && (t->want & (1u << SK_XSS)) && py_file_mentions(t, html)) {
                struct origin o = eval(t, v);
                if (o.lvl == T_REQUEST)
                    report(t, SK_XSS, n, o);
            }
            return true;
        }
        return false;
    }
    TSNode m = field(f, "attribute");
    if (text_is(t, m, "save") && (t->want & (1u << SK_PATH)) && py_upload_save(t, n, f, args))
        return true;
    if (py_pathlib_sink(t, n, f, args))
        return true;
    if (text_is(t, m, "attach_alternative")) {
        TSNode v = positional_arg(args, 0, true), ty = positional_arg(args, 1, true);
        if (!ts_node_is_null(v) && (t->want & (1u << SK_XSS)) && code_node_is(ty, "string")) {
            size_t len;
            const char *p = ntext(t, ty, &len);
            struct origin o = eval(t, v);
            if (memmem(p, len, "html", 4) != NULL && o.lvl == T_REQUEST)
                report(t, SK_XSS, n, o);
        }
        return true;
    }
    if (!(t->want & (1u << SK_NOSQL)))
        return false;
    static const char *const boto[] = {"boto3", NULL};
    /* DynamoDB scan/query: filter documents, and expression strings (FilterExpression,
     * KeyConditionExpression) whose text is the query; SimpleDB select(SelectExpression) */
    if ((text_is(t, m, "scan") || text_is(t, m, "query") || text_is(t, m, "select")) &&
        py_file_mentions(t, boto)) {
        static const char *const kws[] = {"ScanFilter",       "QueryFilter",
                                          "KeyConditions",    "ExclusiveStartKey",
                                          "FilterExpression", "KeyConditionExpression",
                                          "SelectExpression", NULL};
        struct origin o = o_const();
        for (size_t i = 0; kws[i] != NULL; i++) {
            TSNode v = py_kwarg(t, args, kws[i]);
            /* an expression built with boto3.dynamodb.conditions (Key('id').eq(x), Attr):
             * values are sent apart from the expression's text */
            bool built = i >= 4 && py_dynamo_condition(t, v, 0);
            if (!ts_node_is_null(v) && !code_node_is(v, "dictionary") && !built)
                o = o_join(o, eval(t, v));
        }
        t->capped = true;
        if (o.lvl == T_REQUEST)
            report(t, SK_NOSQL, n, o);
        t->capped = false;
        return o.lvl == T_REQUEST;
    }
    if (!part_in(t, m, mongo_methods) || code_node_is(field(f, "object"), "string") ||
        !py_file_mentions(t, mongo_files))
        return false;
    TSNode a = positional_arg(args, 0, true);
    if (ts_node_is_null(a))
        a = py_kwarg(t, args, "filter");
    /* name.find(sub): a string searched, not a collection (the receiver is request data,
     * or the argument is a string literal or one built in place) */
    if (eval(t, field(f, "object")).lvl == T_REQUEST ||
        (text_is(t, m, "find") && (code_node_is(a, "string") || code_node_is(a, "binary_operator") ||
                                   code_node_is(a, "concatenated_string"))))
        return false;
    struct origin o = nosql_origin(t, a, 0);
    /* update_one(filter, update): the update document may set operators too */
    TSNode u = positional_arg(args, 1, true);
    if (!ts_node_is_null(u) && !text_is(t, m, "find") && !text_is(t, m, "find_one"))
        o = o_join(o, nosql_origin(t, u, 0));
    if (o.lvl == T_REQUEST) {
        t->capped = true;
        report(t, SK_NOSQL, n, o);
        t->capped = false;
        return true;
    }
    return false;
}

/* JS: the origin of a MongoDB filter, element by element: the values of an object literal
 * (shorthand { username } included, nested objects and arrays followed), computed keys;
 * a value cast to a scalar (String(x), Number(x), x.toString(), ObjectId(x)) cannot carry
 * an operator object. */
static bool js_scalar_call(struct tctx *t, TSNode n)
{
    static const char *const scalar[] = {"String", "Number", "parseInt", "parseFloat",
                                         "Boolean", "ObjectId", "toString", "escape",
                                         "sanitize", "trim", "toLowerCase", "toUpperCase",
                                         "isValidObjectId", "normalizeEmail", NULL};
    if (!code_node_is(n, "call_expression"))
        return false;
    TSNode f = field(n, "function");
    if (code_node_is(f, "member_expression")) {
        if (text_is(t, field(f, "object"), "Buffer")) /* Buffer.from(x, 'base64url') */
            return true;
        f = field(f, "property");
    }
    return part_in(t, f, scalar);
}

/* `var id = value` before the call: the value (any later declaration hides it). */
static TSNode value_decl(struct tctx *t, TSNode value, TSNode found)
{
    (void)t;
    (void)found;
    return value;
}

/* Variable `id` (a name or a shorthand property) was last declared, in a block holding the
 * call `at`, with a scalar cast: `const owner = String(req.query.owner)`. */
static bool js_scalar_var(struct tctx *t, TSNode at, TSNode id)
{
    TSNode v = last_binding(t, at, id, value_decl, NULL);
    return !ts_node_is_null(v) && js_scalar_call(t, v);
}

static struct origin js_nosql_origin(struct tctx *t, TSNode at, TSNode n, int depth)
{
    if (ts_node_is_null(n) || depth > 8)
        return o_const();
    if (code_node_is(n, "object") || code_node_is(n, "array")) {
        struct origin o = o_const();
        for (uint32_t i = 0, c = nchild(n); i < c; i++) {
            TSNode k = child(n, i);
            if (code_node_is(k, "pair")) {
                if (code_node_is(field(k, "key"), "computed_property_name"))
                    o = o_join(o, eval(t, field(k, "key")));
                /* { $eq: v }: v is compared as a value, an object included ({ $eq:
                 * { $ne: null } } matches only that object): the usual fix */
                const char *kp;
                size_t kl;
                TSNode key = field(k, "key");
                if ((code_node_is(key, "property_identifier") || code_node_is(key, "string")) &&
                    ((string_value(t, key, &kp, &kl) && kl == 3 && memcmp(kp, "$eq", 3) == 0) ||
                     text_is(t, key, "$eq")))
                    continue;
                o = o_join(o, js_nosql_origin(t, at, field(k, "value"), depth + 1));
            } else if (code_node_is(k, "shorthand_property_identifier")) {
                if (js_scalar_var(t, at, k))
                    continue;
                size_t len;
                const char *p = ntext(t, k, &len);
                struct binding *b = lookup(t, p, len);
                if (b != NULL && b->module == NULL)
                    o = o_join(o, b->o);
            } else if (ts_node_is_named(k) && !code_node_is(k, "comment")) {
                o = o_join(o, js_nosql_origin(t, at, k, depth + 1));
            }
        }
        return o;
    }
    if (js_scalar_call(t, n) || (code_node_is(n, "identifier") && js_scalar_var(t, at, n)))
        return o_const();
    return eval(t, n);
}

/* JS: a MongoDB query (Model.findOne(filter), collection.deleteMany(filter), ...) whose
 * filter holds request data as it came: a JSON body or `?a[$ne]=` query string turns a
 * value into an operator object ({"$ne": null}: any user, any password). Not an array's
 * find(callback), nor an ORM's { where: ... } (Sequelize, TypeORM: operators are not
 * JSON there), nor a file that imports a SQL driver and never names MongoDB.
 * True when the call was one (reported or not). */
static bool js_nosql_sink(struct tctx *t, TSNode n, TSNode f, TSNode args)
{
    static const char *const methods[] = {
        "find", "findOne", "findOneAndUpdate", "findOneAndDelete", "findOneAndRemove",
        "findOneAndReplace", "update", "updateOne", "updateMany", "deleteOne", "deleteMany", "remove",
        "countDocuments", "count", "exists", "distinct", NULL};
    static const char *const orm_keys[] = {"where", "include", "attributes", "select",
                                           "relations", "order", NULL};
    static const char *const mongo[] = {"mongo", "Mongo", "mongoose", "Schema", NULL};
    if (t->py || !(t->want & (1u << SK_NOSQL)) || !code_node_is(f, "member_expression") ||
        !part_in(t, field(f, "property"), methods))
        return false;
    TSNode a = positional_arg(args, 0, false);
    if (ts_node_is_null(a) || code_node_is(a, "arrow_function") ||
        code_node_is(a, "function_expression") || code_node_is(a, "function") ||
        code_node_is(a, "string") || code_node_is(a, "template_string"))
        return false;
    if (t->js_sql_driver && !py_file_mentions(t, mongo))
        return false;
    TSNode obj = field(f, "object");
    if (code_node_is(obj, "array") || eval(t, obj).lvl == T_REQUEST)
        return false;
    /* a filter that is not an object literal (req.body, a variable), and update(): only on
     * what looks like a model or a collection (User, db.users, collection('x'), a file
     * that names MongoDB), not hash.update(x), list.remove(x), fs.exists(p) */
    if (!code_node_is(a, "object") || text_is(t, field(f, "property"), "update")) {
        TSNode p[4];
        size_t np = 0, len;
        const char *r = ntext(t, obj, &len);
        bool model = member_chain(t, obj, p, &np) && np == 1 && len > 0 &&
                     isupper((unsigned char)r[0]);
        bool coll = memmem(r, len, "collection", 10) != NULL || memmem(r, len, "db", 2) != NULL ||
                    memmem(r, len, "odel", 4) != NULL;
        bool update = text_is(t, field(f, "property"), "update");
        if (update ? !code_node_is(a, "object") || (!model && !coll)
                   : !model && !coll && !py_file_mentions(t, mongo))
            return false;
    }
    if (code_node_is(a, "object")) {
        for (uint32_t i = 0, c = nchild(a); i < c; i++) {
            TSNode k = child(a, i);
            if (code_node_is(k, "pair") && part_in(t, field(k, "key"), orm_keys))
                return false;
        }
    }
    struct origin o = js_nosql_origin(t, n, a, 0);
    if (o.lvl != T_REQUEST)
        return false;
    /* a route parameter (req.params.id) is a path segment: always a string */
    TSNode sp[4];
    size_t snp = 0;
    if (!ts_node_is_null(o.src) && member_chain(t, o.src, sp, &snp) && snp >= 2 &&
        part_in(t, sp[0], js_req_roots) && text_is(t, sp[1], "params"))
        return false;
    t->capped = true;
    report(t, SK_NOSQL, n, o);
    t->capped = false;
    return true;
}

/* A DynamoDB request's parts that the service reads as expressions or conditions, not as
 * values (ExpressionAttributeValues, Key and Item hold values, typed {S: ...}). */
static bool dynamo_expr_key(const struct tctx *t, TSNode k)
{
    static const char *const keys[] = {
        "KeyConditionExpression", "FilterExpression", "ConditionExpression",
        "UpdateExpression", "ProjectionExpression", "ExpressionAttributeNames", "ScanFilter",
        "QueryFilter", "KeyConditions", "Statement", NULL};
    return part_in(t, k, keys);
}

/* `var params = {...}` before the call: the object literal, else a null node. */
static TSNode object_decl(struct tctx *t, TSNode value, TSNode found)
{
    (void)t;
    return code_node_is(value, "object") ? value : found;
}

/* What request data a DynamoDB request's parameters carry where the service reads them as
 * expressions: the whole parameters object, or an expression, condition or names member of
 * an object literal (in place or held in a variable declared above). */
static struct origin dynamo_origin(struct tctx *t, TSNode at, TSNode a)
{
    if (code_node_is(a, "identifier")) {
        TSNode lit = last_binding(t, at, a, object_decl, NULL);
        if (!ts_node_is_null(lit))
            a = lit;
    }
    if (!code_node_is(a, "object"))
        return eval(t, a);
    struct origin o = o_const();
    for (uint32_t i = 0, c = nchild(a); i < c; i++) {
        TSNode k = child(a, i);
        if (code_node_is(k, "pair") && dynamo_expr_key(t, field(k, "key")))
            o = o_join(o, eval(t, field(k, "value")));
        else if (code_node_is(k, "spread_element"))
            o = o_join(o, eval(t, k));
    }
    return o;
}

/* JS: a DynamoDB query or scan (SDK v3 `new QueryCommand(params)`, v2 DocumentClient or
 * client `.query(params)` / `.scan(params)`, PartiQL `ExecuteStatementCommand`) whose
 * parameters come from the request as they are, or whose key condition, filter or other
 * expression is built from request data: the client picks the table, the conditions and the
 * attributes read. Only in a file that names DynamoDB. True when the call was one. */
static bool js_dynamo_sink(struct tctx *t, TSNode n, TSNode f, TSNode args, bool is_new)
{
    static const char *const cmds[] = {"QueryCommand", "ScanCommand", "ExecuteStatementCommand",
                                       NULL};
    static const char *const methods[] = {"query", "scan", "executeStatement", NULL};
    static const char *const dynamo[] = {"DynamoDB", "dynamodb", NULL};
    if (t->py || !(t->want & (1u << SK_NOSQL)))
        return false;
    TSNode name = is_new ? f : field(f, "property");
    if (is_new ? !code_node_is(f, "identifier") && !code_node_is(f, "member_expression")
               : !code_node_is(f, "member_expression"))
        return false;
    if (is_new && code_node_is(f, "member_expression"))
        name = field(f, "property");
    if (!part_in(t, name, is_new ? cmds : methods) || !py_file_mentions(t, dynamo))
        return false;
    TSNode a = positional_arg(args, 0, false);
    if (ts_node_is_null(a) || code_node_is(a, "string") || code_node_is(a, "template_string"))
        return false;
    struct origin o = dynamo_origin(t, n, a);
    if (o.lvl != T_REQUEST)
        return false;
    report(t, SK_NOSQL, n, o);
    return true;
}

/* A regular expression whose group holding a repeated part is itself repeated: (a+)+,
 * ([a-z]+.)*, (\w*\s?)+ -- catastrophic backtracking on a long non-matching input.
 * `p` is the pattern between the slashes; classes and escapes are skipped. */
#define REDOS_DEPTH 16
static bool nested_quantifier(const char *p, size_t n)
{
    bool inner[REDOS_DEPTH + 1] = {false};
    int d = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '\\') {
            i++;
            continue;
        }
        if (c == '[') { /* a class: up to its unescaped ']' */
            for (i++; i < n && p[i] != ']'; i++)
                if (p[i] == '\\')
                    i++;
            continue;
        }
        bool quant = c == '+' || c == '*' ||
                     (c == '{' && i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '9' &&
                      memchr(p + i, ',', n - i) != NULL);
        if (c == '{' && quant) { /* {n,} unbounded only */
            size_t j = i + 1;
            while (j < n && p[j] >= '0' && p[j] <= '9')
                j++;
            quant = j + 1 < n && p[j] == ',' && p[j + 1] == '}';
        }
        if (c == '(') {
            if (d >= REDOS_DEPTH)
                return false;
            inner[++d] = false;
        } else if (c == ')' && d > 0) {
            bool had = inner[d--];
            char q = i + 1 < n ? p[i + 1] : '\0';
            bool rep = q == '+' || q == '*' || (q == '{' && i + 2 < n && memchr(p + i, ',', n - i));
            if (q == '{' && rep) {
                size_t j = i + 2;
                while (j < n && p[j] >= '0' && p[j] <= '9')
                    j++;
                rep = j + 1 < n && p[j] == ',' && p[j + 1] == '}';
            }
            if (had && rep)
                return true;
            if (had || rep)
                inner[d] = true;
        } else if (quant) {
            inner[d] = true;
        }
    }
    return false;
}

/* `var re = /.../`: the literal; any other value hides an earlier one. */
static TSNode regex_decl(struct tctx *t, TSNode value, TSNode found)
{
    (void)t;
    (void)found;
    return code_node_is(value, "regex") ? value : null_node();
}

/* The regex literal `r` is (or variable `r` was declared with, in a block holding the call
 * `n`); a null node otherwise. */
static TSNode regex_of(struct tctx *t, TSNode n, TSNode r)
{
    if (code_node_is(r, "regex"))
        return r;
    if (!code_node_is(r, "identifier"))
        return null_node();
    return last_binding(t, n, r, regex_decl, NULL);
}

/* SK_REDOS: re.test(x) / re.exec(x) with `re` a literal (or a variable declared with one)
 * of nested quantifiers, or x.match(re) / x.search(re) / x.replace(re, ...) / x.split(re):
 * what x holds decides whether the backtracking can be triggered. */
static void check_redos(struct tctx *t, TSNode n, TSNode f, TSNode args)
{
    static const char *const on_re[] = {"test", "exec", NULL};
    static const char *const on_str[] = {"match", "matchAll", "search", "replace",
                                         "replaceAll", "split", NULL};
    if (t->py || !(t->want & (1u << SK_REDOS)) || !code_node_is(f, "member_expression"))
        return;
    TSNode m = field(f, "property"), re, subject;
    if (part_in(t, m, on_re)) {
        re = regex_of(t, n, field(f, "object"));
        subject = positional_arg(args, 0, false);
    } else if (part_in(t, m, on_str)) {
        re = regex_of(t, n, positional_arg(args, 0, false));
        subject = field(f, "object");
    } else {
        return;
    }
    if (ts_node_is_null(re) || ts_node_is_null(subject))
        return;
    size_t len;
    const char *p = ntext(t, field(re, "pattern"), &len);
    if (len == 0 || !nested_quantifier(p, len))
        return;
    report(t, SK_REDOS, n, eval(t, subject));
}

/* Python: the sink's argument given by keyword when it is not given by position
 * (requests.get(url=u), subprocess.run(args=cmd, shell=True), open(file=p),
 * redirect(location=u)); a null node when neither is there. */
static TSNode py_sink_arg(struct tctx *t, const struct sink *s, TSNode args)
{
    TSNode a = positional_arg(args, s->arg, true);
    if (!ts_node_is_null(a) || s->arg < 0)
        return a;
    switch (s->kind) {
    case SK_SSRF: /* httpx.Client(base_url=...) */
        a = py_kwarg(t, args, "url");
        return ts_node_is_null(a) ? py_kwarg(t, args, "base_url") : a;
    case SK_CMD:
        a = py_kwarg(t, args, "args");
        return ts_node_is_null(a) ? py_kwarg(t, args, "command") : a;
    case SK_PATH: /* open(file=...), fileinput.input(files=...) */
        a = py_kwarg(t, args, "file");
        return ts_node_is_null(a) ? py_kwarg(t, args, "files") : a;
    case SK_REDIRECT:
        return py_kwarg(t, args, "location");
    case SK_XSS: /* HTMLResponse(content=...), HttpResponse(content=...), Response(response=...) */
        a = py_kwarg(t, args, "content");
        return ts_node_is_null(a) ? py_kwarg(t, args, "response") : a;
    default:
        return a;
    }
}

/* jose: `new SignJWT(claims).setIssuedAt()...sign(key)` (also EncryptJWT .encrypt): the
 * builder chain ends in a call whose first argument is the key. */
static bool jose_sign_chain(struct tctx *t, TSNode f)
{
    TSNode m = field(f, "property");
    if (!code_node_is(f, "member_expression") ||
        !(text_is(t, m, "sign") || text_is(t, m, "encrypt")))
        return false;
    TSNode o = field(f, "object");
    for (int i = 0; i < 16; i++) {
        if (code_node_is(o, "parenthesized_expression") || code_node_is(o, "await_expression")) {
            o = child(o, 0);
        } else if (code_node_is(o, "call_expression") &&
                   code_node_is(field(o, "function"), "member_expression")) {
            o = field(field(o, "function"), "object");
        } else if (code_node_is(o, "new_expression")) {
            struct qname q = {"", 0, true};
            qualify(t, field(o, "constructor"), &q, 0);
            return q.ok && (strcmp(q.s, "jose.SignJWT") == 0 || strcmp(q.s, "jose.EncryptJWT") == 0);
        } else {
            return false;
        }
    }
    return false;
}

/* Python: x.replace("\r\n", "") / x.replace("\n", " "): line breaks taken out (the
 * outermost call, as the value is sent), so the value cannot split a header. */
static bool py_crlf_stripped(struct tctx *t, TSNode v)
{
    TSNode f = field(v, "function");
    if (!code_node_is(v, "call") || !code_node_is(f, "attribute") ||
        !text_is(t, field(f, "attribute"), "replace"))
        return false;
    TSNode a = positional_arg(field(v, "arguments"), 0, true);
    size_t len;
    const char *p = ntext(t, a, &len);
    if (!code_node_is(a, "string"))
        return false;
    for (size_t i = 0; i + 1 < len; i++) {
        if (p[i] == '\\' && (p[i + 1] == 'n' || p[i + 1] == 'r'))
            return true;
    }
    return false;
}

/* send_header(name, value): what both arguments hold, but a value stripped of line
 * breaks. */
static struct origin py_header_value(struct tctx *t, TSNode args)
{
    struct origin o = o_const();
    uint32_t c = nchild(args);
    for (uint32_t i = 0; i < c; i++) {
        TSNode a = child(args, i);
        if (!py_crlf_stripped(t, a))
            o = o_join(o, eval(t, a));
    }
    return o;
}

/* Python: calls `v.load()` / `v.persistent_load()` inside statement n (not in a nested
 * function or class), each reported as sink k with origin o. */
static bool py_report_loads_in(struct tctx *t, TSNode n, const char *v, size_t vl,
                               enum sink_kind k, struct origin o, int *budget)
{
    if (ts_node_is_null(n) || --*budget < 0 || code_node_is(n, "function_definition") ||
        code_node_is(n, "class_definition"))
        return false;
    bool any = false;
    if (code_node_is(n, "call")) {
        TSNode f = field(n, "function");
        TSNode a = field(f, "attribute");
        if (code_node_is(f, "attribute") && text_is_n(t, field(f, "object"), v, vl) &&
            (text_is(t, a, "load") || text_is(t, a, "persistent_load"))) {
            report(t, k, n, o);
            any = true;
        }
    }
    for (uint32_t i = 0; i < nchild(n); i++)
        any = py_report_loads_in(t, child(n, i), v, vl, k, o, budget) || any;
    return any;
}

/* Python: `u = pickle.Unpickler(f)` then `u.load()`: the data is read where load() runs,
 * so the finding is there (each load of u in the statements that follow, up to u's next
 * assignment). False when u is not loaded there: the constructor is reported. */
static bool py_unpickler_loads(struct tctx *t, TSNode n, enum sink_kind k, struct origin o)
{
    TSNode asg = parent_of(n), lhs = field(asg, "left");
    if (!code_node_is(asg, "assignment") || !code_node_is(lhs, "identifier") ||
        !code_node_is(parent_of(asg), "expression_statement"))
        return false;
    size_t vl;
    const char *v = ntext(t, lhs, &vl);
    bool any = false;
    int budget = 4000;
    for (TSNode st = ts_node_next_named_sibling(parent_of(asg)); !ts_node_is_null(st);
         st = ts_node_next_named_sibling(st)) {
        TSNode e = child(st, 0);
        if (code_node_is(st, "expression_statement") && code_node_is(e, "assignment") &&
            text_is_n(t, field(e, "left"), v, vl))
            break;
        any = py_report_loads_in(t, st, v, vl, k, o, &budget) || any;
    }
    return any;
}

static bool js_dom_url_call(struct tctx *t, TSNode n, TSNode f, TSNode args);

/* Does the subtree n assign the identifier name[0..len) (`x = ...`, `x += ...`, `x++`)? */
static bool js_assigns(const struct tctx *t, TSNode n, const char *name, size_t len, int depth)
{
    if (ts_node_is_null(n) || depth > 200)
        return false;
    TSNode left = code_node_is(n, "assignment_expression") ||
                          code_node_is(n, "augmented_assignment_expression")
                      ? field(n, "left")
                  : code_node_is(n, "update_expression") ? field(n, "argument")
                                                         : null_node();
    size_t l;
    const char *p = ntext(t, left, &l);
    if (code_node_is(left, "identifier") && l == len && memcmp(p, name, len) == 0)
        return true;
    for (uint32_t i = 0, c = nchild(n); i < c; i++) {
        if (js_assigns(t, child(n, i), name, len, depth + 1))
            return true;
    }
    return false;
}

/* JS: is a (an identifier, or `x.join(' ')` of one) a parameter of the enclosing function,
 * as the caller handed it over (never assigned in the function)? */
static bool js_whole_param(struct tctx *t, TSNode a)
{
    while (code_node_is(a, "parenthesized_expression"))
        a = child(a, 0);
    if (code_node_is(a, "call_expression")) { /* command.join(' ') */
        TSNode f = field(a, "function");
        if (!code_node_is(f, "member_expression") || !text_is(t, field(f, "property"), "join"))
            return false;
        a = field(f, "object");
    }
    if (!code_node_is(a, "identifier"))
        return false;
    size_t len;
    const char *p = ntext(t, a, &len);
    struct binding *b = lookup(t, p, len);
    if (b == NULL || b->module != NULL || b->o.lvl != T_PARAM ||
        !code_node_is(b->o.src, "identifier"))
        return false;
    size_t sl;
    const char *sp = ntext(t, b->o.src, &sl);
    if (sl != len || memcmp(sp, p, len) != 0)
        return false;
    TSNode ps = parent_of(b->o.src); /* (cmd), (cmd: string), (cmd = 'ls'), cmd => ... */
    if (code_node_is(ps, "required_parameter") || code_node_is(ps, "optional_parameter") ||
        code_node_is(ps, "assignment_pattern"))
        ps = parent_of(ps);
    TSNode fn = code_node_is(ps, "formal_parameters") ? parent_of(ps) : ps;
    if (!is_function(ntype(fn)))
        return false;
    return !js_assigns(t, field(fn, "body"), p, len, 0);
}

/* JS: a function that runs the command line its caller gives it (`function run(cmd) {
 * return exec(cmd, opts) }`, `spawn(cmd, [], { shell: true })`, a task runner's or a process
 * manager's exec helper) is no injection of its own: whoever builds the command decides
 * what runs. Request data handed to it is still followed to the sink (call_helper). */
static bool js_cmd_passthrough(struct tctx *t, const struct sink *s, TSNode args)
{
    if (!js_whole_param(t, positional_arg(args, 0, false)))
        return false;
    if (s->arg != ARG_ANY)
        return true;
    for (uint32_t i = 1, c = nchild(args); i < c; i++) {
        TSNode a = child(args, i);
        if (code_node_is(a, "comment") || code_node_is(a, "object") || is_function(ntype(a)))
            continue; /* options; a callback */
        if (eval(t, a).lvl != T_CONST && !js_whole_param(t, a))
            return false;
    }
    return true;
}

static void check_sink_call(struct tctx *t, TSNode n)
{
    bool is_new = code_node_is(n, "new_expression");
    TSNode f = field(n, is_new ? "constructor" : "function");
    TSNode args = field(n, "arguments");
    if (ts_node_is_null(args))
        return;
    if (!is_new)
        check_redos(t, n, f, args);
    struct qname q = {"", 0, true};
    qualify(t, f, &q, 0);
    if (!q.ok)
        return;
    check_random_cookie(t, n, f, args);
    bool clear_done = false;
    /* new Strategy({ clientSecret: KEY }) of a passport-* module: a hard-coded OAuth client
     * secret or JWT key */
    static const struct sink passport = {"passport-*", SK_KEY, 0, SF_KEYOPT};
    if (is_new && !t->py && strncmp(q.s, "passport-", 9) == 0 &&
        check_key(t, n, &passport, args))
        return;
    static const struct sink signjwt = {"jose.SignJWT", SK_KEY, 0, SF_KEYVAR};
    if (!is_new && !t->py && jose_sign_chain(t, f) && check_key(t, n, &signjwt, args))
        return;
    if (!is_new && js_header_sink(t, n, f, args))
        return;
    if (!is_new && js_dom_url_call(t, n, f, args))
        return;
    if (t->py && py_named_arg_sinks(t, n, f, args, &q))
        return;
    if (t->py && py_module_defines(t, f))
        return; /* py_compile's own compile(filename), not the builtin */
    if (!t->py && js_dynamo_sink(t, n, f, args, is_new))
        return;
    if (!is_new && !t->py)
        js_nosql_sink(t, n, f, args);
    for (const struct sink *s = t->py ? py_sinks : js_sinks; s->name != NULL; s++) {
        if (!qn_match(&q, s->name))
            continue;
        if (s->name[0] == '*' && !code_node_is(f, t->py ? "attribute" : "member_expression"))
            continue;
        if (s->kind == SK_SSRF && !t->py && !clear_done && s->arg >= 0) {
            clear_done = true;
            check_cleartext(t, n, args, s->arg);
        }
        if (!(t->want & (1u << s->kind)))
            continue;
        if (s->kind == SK_KEY) {
            if (check_key(t, n, s, args))
                return;
            continue;
        }
        /* Promise.all([this.query(a), this.query(b)]): the promises, not SQL text (each
         * query is a sink of its own) */
        if (s->kind == SK_SQL && !t->py && code_node_is(field(f, "object"), "identifier") &&
            text_is(t, field(f, "object"), "Promise"))
            continue;
        if ((s->flags & SF_SHELL) && !shell_enabled(t, args)) {
            /* ["sh", "-c", cmd] / spawn("bash", ["-c", cmd]): a shell all the same */
            unsigned both = OF_SHNAME | OF_SHDASHC;
            if ((eval_children(t, args, o_const()).flags & both) != both)
                continue;
        }
        if ((s->flags & SF_YAML) && (!yaml_unsafe(t, args) || py_made_receiver(t, f)))
            continue;
        if ((s->flags & SF_WEIGHTS) && py_kwarg_true(t, args, "weights_only"))
            continue;
        if ((s->flags & SF_RECEIVER) && !response_receiver(t, f))
            continue;
        if (s->kind == SK_FWRITE && !py_file_write(t, f, args))
            continue;
        if (s->flags & SF_XXE) {
            /* parser.parse(data) / parseString(data, parser) with external entities on */
            struct origin p = eval_children(t, args, o_const());
            if (code_node_is(f, t->py ? "attribute" : "member_expression"))
                p = o_join(p, eval(t, field(f, "object")));
            if (!(p.flags & OF_XXE))
                continue;
        }
        struct origin o = o_const();
        if (s->flags & SF_JOIN) {
            if (code_node_is(parent_of(n), "arguments"))
                continue;
            o = join_parts(t, args);
        } else if (s->arg == ARG_ANY && s->kind == SK_HEADER && t->py)
            o = py_header_value(t, args);
        else if (s->arg == ARG_ANY)
            o = eval_children(t, args, o_const());
        else if (s->arg == ARG_RECV)
            o = eval(t, field(f, "object"));
        else {
            TSNode a = t->py ? py_sink_arg(t, s, args) : positional_arg(args, s->arg, false);
            if (s->kind == SK_XSS && t->py && code_node_is(a, "tuple"))
                a = child(a, 0); /* make_response((body, headers)): headers are not HTML */
            /* res.send({...}) / res.send([...]) answers JSON, not HTML */
            if (s->kind == SK_XSS && !t->py && (code_node_is(a, "object") || code_node_is(a, "array")))
                continue;
            /* res.send(req.body) / reply.send(req.query): the parsed container itself is an
             * object, answered as JSON (a field of it, req.query.q, is a string) */
            if (s->kind == SK_XSS && !t->py && (s->flags & SF_RECEIVER) && js_req_container(t, a))
                continue;
            if ((s->flags & SF_NOOBJ) && (code_node_is(a, "object") || code_node_is(a, "array")))
                continue;
            if (s->kind == SK_SQL && !t->py && code_node_is(a, "object")) {
                /* conn.query({ sql, values }): only the text is SQL (a DynamoDB
                 * DocumentClient's params object holds no SQL at all) */
                o = sql_text_of(t, a);
                if (o.lvl == T_CONST || ((s->flags & SF_SQLDYN) && o.lvl < T_REQUEST &&
                                         !(o.flags & OF_SQL)) ||
                    ((s->flags & SF_SQLONLY) && !(o.flags & OF_SQL)) ||
                    sql_layer_internal(t, s, f, o))
                    continue;
                report(t, s->kind, n, o);
                return;
            }
            if ((s->flags & SF_BUILT) && !built_command(t, a))
                continue;
            if ((s->flags & SF_ETPATH) && !py_etpath(t, a))
                continue;
            if ((s->flags & SF_STRARG) && !code_node_is(a, "string") &&
                !code_node_is(a, "template_string") && !code_node_is(a, "binary_expression") &&
                eval(t, a).lvl < T_REQUEST)
                continue;
            o = (s->flags & SF_EVALCODE) ? js_sandbox_origin(t, positional_arg(args, 0, false), a)
                                         : eval(t, a);
        }
        if ((s->flags & SF_NOFIXED) && (o.flags & OF_FIXED))
            continue;
        if ((s->flags & SF_SQLONLY) && !(o.flags & OF_SQL))
            continue;
        if ((s->flags & SF_LDAPONLY) && !(o.flags & OF_LDAP))
            continue;
        if ((s->flags & SF_SQLDYN) && o.lvl < T_REQUEST && !(o.flags & OF_SQL))
            continue;
        if (sql_layer_internal(t, s, f, o))
            continue;
        if ((s->flags & SF_REQONLY) && o.lvl < T_REQUEST)
            continue;
        if (s->kind == SK_CMD && !t->py && o.lvl == T_PARAM && js_cmd_passthrough(t, s, args))
            continue;
        if ((s->flags & SF_NOENTRY) && !ts_node_is_null(o.src) && archive_entry(t, o.src))
            continue;
        if (s->kind == SK_DESER && o.lvl == T_CONST && !t->py)
            o.lvl = T_UNKNOWN; /* node-serialize is dangerous whatever the argument */
        if (t->py && s->kind == SK_EVAL && o.lvl < T_REQUEST && t->summ == NULL &&
            py_eval_namespace(t, s, args))
            continue;
        if (t->py && (s->kind == SK_DESER || s->kind == SK_YAML) && o.lvl == T_CONST &&
            py_loads_unknown(t, s, args))
            o = o_level(T_UNKNOWN, n);
        /* mark_safe(helper('x')) / Markup(json.dumps(d)): what a call returns is not known
         * to be safe HTML */
        if (t->py && s->kind == SK_XSS && !(s->flags & SF_REQONLY) && o.lvl == T_CONST &&
            (o.flags & OF_OPAQUE))
            o = o_level(T_UNKNOWN, n);
        t->capped = (s->flags & SF_CAPPED) != 0;
        t->at_medium = (s->flags & SF_NOOBJ) != 0; /* only some view engines read options */
        t->joining = (s->flags & SF_JOIN) != 0;
        t->noshell = (s->flags & SF_NOSHELL) != 0;
        t->probing = (s->flags & SF_PROBE) != 0;
        size_t nl = strlen(s->name);
        if (!(t->py && s->kind == SK_DESER && nl > 9 &&
              strcmp(s->name + nl - 9, "Unpickler") == 0 && py_unpickler_loads(t, n, s->kind, o)))
            report(t, s->kind, n, o);
        t->capped = false;
        t->at_medium = false;
        t->joining = false;
        t->noshell = false;
        t->probing = false;
        return;
    }
}

/* The last name of an identifier or member chain (styleNode, this.styleEl -> styleEl). */
static const char *last_name(const struct tctx *t, TSNode n, size_t *len)
{
    if (code_node_is(n, "member_expression"))
        n = field(n, "property");
    if (!code_node_is(n, "identifier") && !code_node_is(n, "property_identifier"))
        return NULL;
    return ntext(t, n, len);
}

/* Is w (lower case) a word of the identifier p[0..n): at its start, after '_' or where a
 * capital follows a lower-case letter (styleNode, existStyleEl, style_tag, ICON_SVG; not
 * lifestyleCard, silicon)? */
static bool js_name_word(const char *p, size_t n, const char *w)
{
    size_t m = strlen(w);
    for (size_t i = 0; p != NULL && i + m <= n; i++) {
        if (strncasecmp(p + i, w, m) == 0 &&
            (i == 0 || p[i - 1] == '_' ||
             (isupper((unsigned char)p[i]) && islower((unsigned char)p[i - 1]))))
            return true;
    }
    return false;
}

/* `styleNode.innerHTML = css`: the text of a <style> element (its node named for a style,
 * or the value named as CSS) is a stylesheet, not markup that runs script (antd's and
 * rc-util's dynamic CSS). `svg.innerHTML = svgPath`, `button.innerHTML = tab.icon`: an
 * icon's markup, the drawing of a UI kit (three.js's inspector), not text from users.
 * Request data written there is still reported. */
static bool js_style_text(const struct tctx *t, TSNode obj, TSNode value)
{
    size_t n;
    const char *p = last_name(t, obj, &n);
    if (js_name_word(p, n, "style") || js_name_word(p, n, "svg"))
        return true;
    p = last_name(t, value, &n);
    return p != NULL && ((n >= 3 && strncasecmp(p + n - 3, "css", 3) == 0) ||
                         (n == 7 && strncasecmp(p, "cssText", 7) == 0) ||
                         (n == 6 && strncasecmp(p, "styles", 6) == 0) ||
                         js_name_word(p, n, "svg") || js_name_word(p, n, "icon"));
}

/* `doc.documentElement.innerHTML = html` where doc was made by
 * implementation.createHTMLDocument / createDocument or DOMParser.parseFromString earlier in
 * the function: an inert document (no script of it runs, no image of it loads), which is how
 * sanitisers such as DOMPurify parse what they clean. */
static bool js_inert_document(struct tctx *t, TSNode obj, TSNode at)
{
    while (code_node_is(obj, "member_expression"))
        obj = field(obj, "object");
    if (!code_node_is(obj, "identifier"))
        return false;
    TSNode scope = parent_of(obj);
    while (!ts_node_is_null(scope) && !is_function(ntype(scope)) &&
           !code_node_is(scope, "program"))
        scope = parent_of(scope);
    if (ts_node_is_null(scope))
        return false;
    size_t len, fl;
    const char *p = ntext(t, obj, &len);
    int budget = 4000;
    TSNode v = js_last_assigned(t, scope, at, p, len, &budget);
    if (code_node_is(v, "await_expression"))
        v = child(v, 0);
    if (!code_node_is(v, "call_expression"))
        return false;
    const char *f = last_name(t, field(v, "function"), &fl);
    return f != NULL && ((fl == 18 && memcmp(f, "createHTMLDocument", 18) == 0) ||
                         (fl == 14 && memcmp(f, "createDocument", 14) == 0) ||
                         (fl == 15 && memcmp(f, "parseFromString", 15) == 0));
}

/* `closeButton.innerHTML = lang[1]`: an entry of a table of UI strings (lang, i18n, locale,
 * labels, messages, translations) is the product's own wording. */
static bool js_ui_string(const struct tctx *t, TSNode value)
{
    static const char *const tables[] = {"lang", "i18n", "locale", "labels", "messages",
                                         "translations", "l10n", "strings", NULL};
    if (!code_node_is(value, "subscript_expression"))
        return false;
    size_t n;
    const char *p = last_name(t, field(value, "object"), &n);
    return p != NULL && in_list(p, n, tables);
}

/* The address bar a page assigns to navigate: `location`, `location.href`, and the
 * location (or its href) of window, document, top, parent, self or frames, directly or
 * through window (`window.top.location.href`). */
static bool js_location_target(const struct tctx *t, TSNode left)
{
    static const char *const wins[] = {
        "window",     "document",      "top",         "parent",          "self", "frames",
        "window.top", "window.parent", "window.self", "window.document", NULL};
    if (code_node_is(left, "identifier"))
        return text_is(t, left, "location");
    if (!code_node_is(left, "member_expression"))
        return false;
    TSNode obj = field(left, "object");
    if (text_is(t, field(left, "property"), "href")) {
        if (code_node_is(obj, "identifier"))
            return text_is(t, obj, "location");
        if (!code_node_is(obj, "member_expression") ||
            !text_is(t, field(obj, "property"), "location"))
            return false;
        left = obj;
        obj = field(obj, "object");
    }
    size_t len;
    const char *p = ntext(t, obj, &len);
    return text_is(t, field(left, "property"), "location") && in_list(p, len, wins);
}

/* A DOM URL sink (script/iframe src, a/area href, form action, setAttribute('src', v))
 * given request data, mostly the page's address (location.hash, URLSearchParams of
 * location.search): a `javascript:` URL runs in the page, a script src loads the
 * attacker's code. A fixed destination (the page's own address, "/path?q=" + x, "#" + x)
 * is not reported. */
static void js_dom_url(struct tctx *t, TSNode n, TSNode value)
{
    if (!(t->want & (1u << SK_URL)))
        return;
    struct origin o = eval(t, value);
    if (o.lvl == T_REQUEST && !(o.flags & OF_FIXED))
        report(t, SK_URL, n, o);
}

/* el.setAttribute('src'|'href'|'action'|'formaction'|'xlink:href', v), setAttributeNS(ns,
 * name, v) and jQuery's .attr(name, v) / .prop(name, v): a DOM URL sink (js_dom_url). */
static bool js_dom_url_call(struct tctx *t, TSNode n, TSNode f, TSNode args)
{
    static const char *const setters[] = {"setAttribute", "setAttributeNS", "attr", "prop", NULL};
    static const char *const names[] = {"src", "href", "action", "formaction", "xlink:href", NULL};
    if (t->py || !(t->want & (1u << SK_URL)) || !code_node_is(f, "member_expression") ||
        !part_in(t, field(f, "property"), setters))
        return false;
    int i = text_is(t, field(f, "property"), "setAttributeNS") ? 1 : 0;
    TSNode name = positional_arg(args, i, false), value = positional_arg(args, i + 1, false);
    const char *p;
    size_t len;
    if (ts_node_is_null(value) || !string_value(t, name, &p, &len))
        return false;
    for (size_t k = 0; names[k] != NULL; k++) {
        if (strlen(names[k]) == len && strncasecmp(p, names[k], len) == 0) {
            js_dom_url(t, n, value);
            return true;
        }
    }
    return false;
}

/* JS: the body of the function holding n (the program at the top level). */
static TSNode js_scope_of(TSNode n)
{
    TSNode a = parent_of(n), last = n;
    for (; !ts_node_is_null(a); last = a, a = parent_of(a)) {
        if (is_function(ntype(a)))
            return field(a, "body");
    }
    return last;
}

/* JS: what identifier `id` was last assigned before `at` in its function, or a null node. */
static TSNode js_value_of(const struct tctx *t, TSNode id, TSNode at)
{
    if (!code_node_is(id, "identifier"))
        return null_node();
    size_t len;
    const char *p = ntext(t, id, &len);
    int budget = 4096;
    return js_last_assigned(t, js_scope_of(at), at, p, len, &budget);
}

/* JS: is v `Object.keys(obj)` / `Object.getOwnPropertyNames(obj)` of the object named
 * `obj`, in place or through a name assigned it (`var keys = Object.keys(obj)`)? */
static bool js_own_keys_of(const struct tctx *t, TSNode v, TSNode obj, TSNode at, int depth)
{
    if (depth > 2)
        return false;
    if (code_node_is(v, "identifier"))
        return js_own_keys_of(t, js_value_of(t, v, at), obj, at, depth + 1);
    if (!code_node_is(v, "call_expression"))
        return false;
    TSNode f = field(v, "function"), a = child(field(v, "arguments"), 0);
    size_t ol, al;
    const char *op = ntext(t, obj, &ol), *ap = ntext(t, a, &al);
    return code_node_is(f, "member_expression") && text_is(t, field(f, "object"), "Object") &&
           (text_is(t, field(f, "property"), "keys") ||
            text_is(t, field(f, "property"), "getOwnPropertyNames")) &&
           ol == al && ol > 0 && memcmp(op, ap, ol) == 0;
}

/* JS: is `key` one of obj's own keys: `for (k in obj)`, `for (const k of Object.keys(obj))`,
 * `Object.keys(obj).forEach((k) => ...)`, or `k = keys[i]` of `keys = Object.keys(obj)`?
 * Writing obj[k] then rewrites a property obj already has (a parser decoding its values in
 * place), which never reaches a prototype. */
static bool js_own_key(const struct tctx *t, TSNode key, TSNode obj, TSNode at)
{
    if (!code_node_is(key, "identifier") || !code_node_is(obj, "identifier"))
        return false;
    size_t kl;
    const char *kp = ntext(t, key, &kl);
    for (TSNode a = parent_of(at); !ts_node_is_null(a); a = parent_of(a)) {
        if (code_node_is(a, "for_in_statement")) {
            TSNode l = field(a, "left"), r = field(a, "right");
            if (code_node_is(l, "identifier") && text_is_n(t, l, kp, kl)) {
                size_t ol, rl;
                const char *op = ntext(t, obj, &ol), *rp = ntext(t, r, &rl);
                bool in = ts_node_child_count(a) > 0 && text_is(t, field(a, "operator"), "in");
                return (in && ol == rl && memcmp(op, rp, ol) == 0) ||
                       js_own_keys_of(t, r, obj, at, 0);
            }
        }
        if (is_function(ntype(a))) {
            /* Object.keys(obj).forEach((k) => { obj[k] = ... }) */
            TSNode ps = field(a, "parameters"), p0 = child(ps, 0);
            if (ts_node_is_null(ps))
                p0 = field(a, "parameter");
            TSNode call = parent_of(parent_of(a)), f = field(call, "function");
            if (code_node_is(p0, "identifier") && text_is_n(t, p0, kp, kl) &&
                code_node_is(call, "call_expression") && code_node_is(f, "member_expression") &&
                text_is(t, field(f, "property"), "forEach"))
                return js_own_keys_of(t, field(f, "object"), obj, at, 0);
            break;
        }
    }
    TSNode v = js_value_of(t, key, at); /* key = keys[i] */
    return code_node_is(v, "subscript_expression") &&
           js_own_keys_of(t, field(v, "object"), obj, at, 0);
}

/* JS: a null-prototype object (`Object.create(null)`) or a Map, made in place or assigned
 * to the name earlier in the function: a key is only a key there, __proto__ included. */
static bool js_protoless(const struct tctx *t, TSNode obj, TSNode at)
{
    TSNode v = code_node_is(obj, "identifier") ? js_value_of(t, obj, at) : obj;
    size_t len;
    const char *p = ntext(t, v, &len);
    return (code_node_is(v, "call_expression") && has_sub(p, len, "Object.create(null)")) ||
           (code_node_is(v, "new_expression") && has_sub(p, len, "Map("));
}

/* JS: does the function around n compare with the string '__proto__' (a loop that skips
 * the key: `if (k === '__proto__' || k === 'constructor') continue;`)? */
static bool js_proto_filtered(const struct tctx *t, TSNode n, int depth, unsigned *budget)
{
    if (ts_node_is_null(n) || depth > TAINT_MAX_DEPTH || *budget == 0)
        return false;
    (*budget)--;
    const char *v;
    size_t vl;
    if (string_value(t, n, &v, &vl))
        return vl == 9 && memcmp(v, "__proto__", 9) == 0;
    for (uint32_t i = 0, c = nchild(n); i < c; i++) {
        if (js_proto_filtered(t, child(n, i), depth + 1, budget))
            return true;
    }
    return false;
}

/* innerHTML / outerHTML / location assignments. */
/* obj[req.body.key] = value: the request names the property written, so it can be
 * __proto__, constructor or a property the code relies on (remote property injection). Not
 * when the key is a literal or built around one ('x_' + k), nor when a constant is stored
 * (a string, a number, null, undefined, true or false: `user[provider] = undefined` unlinks
 * a field and can replace no prototype). */
static void check_property_write(struct tctx *t, TSNode n, TSNode left, TSNode right)
{
    TSNode idx = field(left, "index");
    if (ts_node_is_null(idx) || code_node_is(right, "string") || code_node_is(right, "number") ||
        code_node_is(right, "null") || code_node_is(right, "true") ||
        code_node_is(right, "false") || text_is(t, right, "undefined") ||
        code_node_is(idx, "string") || code_node_is(idx, "number") ||
        code_node_is(idx, "template_string"))
        return;
    if (code_node_is(idx, "binary_expression") &&
        (code_node_is(field(idx, "left"), "string") || code_node_is(field(idx, "right"), "string")))
        return;
    struct origin o = eval(t, idx);
    if (o.lvl != T_REQUEST)
        return;
    /* JS: obj[k] = f(obj[k]) over obj's own keys, into a null-prototype object or a Map, or
     * in a function that filters '__proto__' out: the key cannot reach a prototype */
    TSNode obj = field(left, "object");
    unsigned budget = 4096;
    if (!t->py && (js_own_key(t, idx, obj, n) || js_protoless(t, obj, n) ||
                   js_proto_filtered(t, js_scope_of(n), 0, &budget)))
        return;
    /* JS: one key written into an object literal the function made (`const tags = {};
     * tags[req.params.tag] = v`): '__proto__' there swaps that object's own prototype, not
     * Object.prototype; a risk only if the object is then read with for...in. Low. */
    bool fresh = !t->py && code_node_is(obj, "identifier") &&
                 code_node_is(js_value_of(t, obj, n), "object");
    bool old = t->probing;
    t->probing = t->probing || fresh;
    report(t, SK_PROTO, n, o);
    t->probing = old;
}

/* A name holding a response: response, resp, http_response, flask_resp... */
static bool resp_name(const struct tctx *t, TSNode id)
{
    size_t len;
    const char *p = ntext(t, id, &len);
    for (size_t i = 0; i + 4 <= len; i++) {
        if (strncasecmp(p + i, "resp", 4) == 0)
            return true;
    }
    return false;
}

/* A string literal that spells an HTTP header name: Capitalised-Words-With-Dashes
 * ('Content-Disposition', 'X-Request-Id') or one of the single-word headers a page sets
 * (Location, Refresh, Link). */
static bool header_key(const struct tctx *t, TSNode k)
{
    static const char *const one[] = {"Location", "Refresh", "Link", "Server", "Vary", "Allow",
                                      NULL};
    size_t len;
    const char *p = ntext(t, k, &len);
    if (!code_node_is(k, "string") || len < 3 || (p[0] != '\'' && p[0] != '"'))
        return false;
    p++;
    len -= 2;
    if (in_list(p, len, one))
        return true;
    bool dash = false;
    if (len == 0 || !isupper((unsigned char)p[0]))
        return false;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '-' && i + 1 < len && isalnum((unsigned char)p[i + 1]))
            dash = true;
        else if (!isalnum((unsigned char)p[i]))
            return false;
    }
    return dash;
}

/* Python assignments that send request data to the client:
 * - resp.headers['X-Name'] = value (Flask/Werkzeug, Starlette/FastAPI, Pyramid, aiohttp)
 *   and response['X-Name'] = value (Django HttpResponse): a header (its name or value) set
 *   from request data; Access-Control-* headers are left to the CORS rules;
 * - response.content = value (Django), request.response.text/body = value (Pyramid): the
 *   page's body. */
/* Python: a URL or proxy set on a request or client object: `req.full_url = url` (urllib's
 * Request), `http.proxy = url` / `session.proxies = ...` (a urllib3 PoolManager, a requests
 * or httpx client: bound to the module's name). Reported at the assignment. */
static bool py_ssrf_assign(struct tctx *t, TSNode n, TSNode left, TSNode right)
{
    static const char *const reqs[] = {"urllib.request.Request", "urllib2.Request", NULL};
    static const char *const clients[] = {"requests", "httpx", NULL};
    TSNode obj = field(left, "object"), a = field(left, "attribute");
    if (!code_node_is(obj, "identifier") || !(t->want & (1u << SK_SSRF)))
        return false;
    struct qname q = {"", 0, true};
    bool hit = false;
    if (text_is(t, a, "full_url")) {
        hit = py_assigned_call(t, obj, &q) && in_list(q.s, q.n, reqs);
    } else if (text_is(t, a, "proxy") || text_is(t, a, "proxies")) {
        qualify(t, obj, &q, 0);
        hit = q.ok && in_list(q.s, q.n, clients) && !text_is(t, obj, "requests") &&
              !text_is(t, obj, "httpx");
    }
    if (!hit)
        return false;
    struct origin o = eval(t, right);
    if (!(o.flags & OF_FIXED))
        report(t, SK_SSRF, n, o);
    return true;
}

static void py_sink_assign(struct tctx *t, TSNode n, TSNode left, TSNode right)
{
    if (code_node_is(left, "attribute") && py_ssrf_assign(t, n, left, right))
        return;
    if (code_node_is(left, "subscript")) {
        TSNode v = field(left, "value"), k = field(left, "subscript");
        bool hdr = false;
        if (code_node_is(v, "attribute") && text_is(t, field(v, "attribute"), "headers")) {
            /* a response's headers, not a client session's (session.headers[...]) */
            TSNode obj = field(v, "object");
            hdr = (code_node_is(obj, "identifier") && (resp_name(t, obj) || text_is(t, obj, "r"))) ||
                  (code_node_is(obj, "attribute") && text_is(t, field(obj, "attribute"), "response"));
        } else if (code_node_is(v, "identifier") && resp_name(t, v)) {
            /* response['Content-Disposition'] = ...: a header's name, not a dict's key */
            hdr = header_key(t, k);
        }
        if (!hdr || !(t->want & (1u << SK_HEADER)))
            return;
        if (code_node_is(k, "string")) {
            size_t len;
            const char *p = ntext(t, k, &len);
            if (len > 14 && strncasecmp(p + 1, "access-control", 14) == 0)
                return;
        }
        struct origin o = o_join(eval(t, k), py_crlf_stripped(t, right) ? o_const() : eval(t, right));
        if (o.lvl == T_REQUEST) {
            t->capped = true;
            report(t, SK_HEADER, n, o);
            t->capped = false;
        }
        return;
    }
    if (!code_node_is(left, "attribute") || !(t->want & (1u << SK_XSS)))
        return;
    static const char *const body[] = {"content", "text", "body", "ubody", "unicode_body", NULL};
    TSNode obj = field(left, "object");
    /* Django's response.content; Pyramid's request.response.text/body/... */
    bool page = (code_node_is(obj, "identifier") && text_is(t, field(left, "attribute"), "content") &&
                 (text_is(t, obj, "response") || text_is(t, obj, "resp"))) ||
                (part_in(t, field(left, "attribute"), body) && code_node_is(obj, "attribute") &&
                 text_is(t, field(obj, "attribute"), "response") &&
                 text_is(t, field(obj, "object"), "request"));
    if (!page)
        return;
    /* reported at the value: an HTML string built there from request data is the same
     * finding */
    struct origin o = eval(t, right);
    if (o.lvl == T_REQUEST)
        report(t, SK_XSS, right, o);
}

static void check_sink_assign(struct tctx *t, TSNode n, TSNode left, TSNode right)
{
    if (t->py) {
        py_sink_assign(t, n, left, right);
        return;
    }
    if (!t->py && code_node_is(left, "subscript_expression")) {
        /* only in request handlers: elsewhere `req` is often a client library's own
         * request object (the AWS SDK's req.params) */
        if ((t->want & (1u << SK_PROTO)) && (t->js_handler || t->js_lambda))
            check_property_write(t, n, left, right);
        return;
    }
    if (t->py || (!code_node_is(left, "member_expression") && !code_node_is(left, "identifier")))
        return;
    TSNode prop = code_node_is(left, "member_expression") ? field(left, "property") : left;
    if (code_node_is(left, "member_expression") &&
        (text_is(t, prop, "innerHTML") || text_is(t, prop, "outerHTML") ||
         text_is(t, prop, "srcdoc"))) {
        struct origin o = eval(t, right);
        if (o.lvl == T_REQUEST ||
            !(js_style_text(t, field(left, "object"), right) || js_ui_string(t, right) ||
              js_inert_document(t, field(left, "object"), n)))
            report(t, SK_HTML, n, o);
        return;
    }
    size_t len;
    const char *p = ntext(t, left, &len);
    /* Koa: ctx.body = '<p>' + ctx.query.q (an object body is sent as JSON) */
    if (len == 8 && memcmp(p, "ctx.body", 8) == 0 && !code_node_is(right, "object") &&
        !code_node_is(right, "array")) {
        struct origin o = eval(t, right);
        if (o.lvl == T_REQUEST)
            report(t, SK_XSS, n, o);
        return;
    }
    if (js_location_target(t, left)) {
        struct origin o = eval(t, right);
        if (!(o.flags & OF_FIXED))
            report(t, SK_REDIRECT, n, o);
        return;
    }
    static const char *const urls[] = {"src", "href", "action", "formAction", NULL};
    if (code_node_is(left, "member_expression") && part_in(t, prop, urls))
        js_dom_url(t, n, right);
}

/* <div dangerouslySetInnerHTML={{ __html: x }} /> */
static void check_jsx_attr(struct tctx *t, TSNode n)
{
    TSNode name = child(n, 0);
    if (!text_is(t, name, "dangerouslySetInnerHTML"))
        return;
    TSNode e = child(n, 1);
    if (!code_node_is(e, "jsx_expression"))
        return;
    /* <style dangerouslySetInnerHTML={{ __html: `:root { --brand: ${theme.color} }` }} />:
     * a stylesheet, not markup that runs script (as js_style_text for innerHTML); request
     * data there is still reported */
    TSNode el = parent_of(n);
    bool style =
        (code_node_is(el, "jsx_opening_element") || code_node_is(el, "jsx_self_closing_element")) &&
        text_is(t, field(el, "name"), "style");
    TSNode obj = child(e, 0);
    if (!code_node_is(obj, "object")) {
        struct origin o = eval(t, obj);
        if (!style || o.lvl == T_REQUEST)
            report(t, SK_REACT, n, o);
        return;
    }
    uint32_t c = nchild(obj);
    for (uint32_t i = 0; i < c; i++) {
        TSNode p = child(obj, i);
        if (!code_node_is(p, "pair") || !text_is(t, field(p, "key"), "__html"))
            continue;
        struct origin o = eval(t, field(p, "value"));
        if (!style || o.lvl == T_REQUEST)
            report(t, SK_REACT, n, o);
    }
}

/* ---- imports ---- */

/* import x from 'm' / import * as x from 'm' bind x to "m"; import { a, b as c } from 'm'
 * a to "m.a" and c to "m.b". */
static void js_import_clause(const char *data, size_t size, TSNode n, code_import_fn fn,
                             void *ctx)
{
    const char *mod;
    size_t mlen;
    if (!code_literal_value(data, size, field(n, "source"), &mod, &mlen))
        return;
    code_js_module_name(&mod, &mlen);
    TSNode clause = null_node();
    uint32_t c = nchild(n);
    for (uint32_t i = 0; i < c; i++) {
        if (code_node_is(child(n, i), "import_clause"))
            clause = child(n, i);
    }
    c = nchild(clause);
    for (uint32_t i = 0; i < c; i++) {
        TSNode k = child(clause, i);
        if (code_node_is(k, "identifier")) {
            fn(ctx, k, mod, mlen);
        } else if (code_node_is(k, "namespace_import")) {
            fn(ctx, child(k, 0), mod, mlen);
        } else if (code_node_is(k, "named_imports")) {
            uint32_t m = nchild(k);
            for (uint32_t j = 0; j < m; j++) {
                TSNode s = child(k, j);
                if (!code_node_is(s, "import_specifier"))
                    continue;
                TSNode nm = field(s, "name"), al = field(s, "alias");
                size_t nl;
                const char *np = span_text(data, size, nm, &nl);
                char *full = xasprintf("%.*s.%.*s", (int)mlen, mod, (int)nl, np);
                fn(ctx, ts_node_is_null(al) ? nm : al, full, strlen(full));
                free(full);
            }
        }
    }
}

/* const x = require('m') binds x to "m"; const y = require('m').a y to "m.a";
 * const { a, b: c } = require('m') a to "m.a" and c to "m.b". */
static bool js_require_clause(const char *data, size_t size, TSNode n, code_import_fn fn,
                              void *ctx)
{
    const char *mod;
    size_t mlen;
    TSNode name = field(n, "name"), call = field(n, "value");
    TSNode member = null_node();
    if (code_node_is(call, "member_expression")) { /* require('m').x */
        member = field(call, "property");
        call = field(call, "object");
    }
    if (!require_module(data, size, call, &mod, &mlen))
        return false;
    size_t pl = 0;
    const char *pp = ts_node_is_null(member) ? "" : span_text(data, size, member, &pl);
    char *base = xasprintf("%.*s%s%.*s", (int)mlen, mod, pl > 0 ? "." : "", (int)pl, pp);
    if (code_node_is(name, "identifier")) {
        fn(ctx, name, base, strlen(base));
    } else if (code_node_is(name, "object_pattern")) {
        uint32_t c = nchild(name);
        for (uint32_t i = 0; i < c; i++) {
            TSNode k = child(name, i);
            TSNode key = k, target = k;
            if (code_node_is(k, "pair_pattern")) {
                key = field(k, "key");
                target = field(k, "value");
            } else if (!code_node_is(k, "shorthand_property_identifier_pattern")) {
                continue;
            }
            size_t kl;
            const char *kp = span_text(data, size, key, &kl);
            char *full = xasprintf("%s.%.*s", base, (int)kl, kp);
            if (code_node_is(target, "identifier") ||
                code_node_is(target, "shorthand_property_identifier_pattern"))
                fn(ctx, target, full, strlen(full));
            free(full);
        }
    }
    free(base);
    return true;
}

bool code_js_imports(const char *data, size_t size, TSNode n, code_import_fn fn, void *ctx)
{
    if (code_node_is(n, "import_statement")) {
        js_import_clause(data, size, n, fn, ctx);
        return true;
    }
    return code_node_is(n, "variable_declarator") && js_require_clause(data, size, n, fn, ctx);
}

/* The bindings of one Python import statement, in the order they appear: `import a.b`
 * binds `a` to "a", `import a.b as x` x to "a.b", `from a.b import c as d` d to "a.b.c"
 * (a relative import's path starts with '.'). fn gets the bound name's node and the path. */
void code_py_imports(const char *data, TSNode st, code_import_fn fn, void *ctx)
{
    bool from = code_node_is(st, "import_from_statement");
    TSNode mod = field(st, "module_name");
    size_t ms = from ? ts_node_start_byte(mod) : 0, ml = from ? ts_node_end_byte(mod) - ms : 0;
    for (uint32_t i = 0, c = nchild(st); i < c; i++) {
        TSNode k = child(st, i), nm = k, al = k;
        if (from && ts_node_eq(k, mod))
            continue;
        if (code_node_is(k, "aliased_import")) {
            nm = field(k, "name");
            al = field(k, "alias");
        } else if (!code_node_is(k, "dotted_name")) {
            continue;
        }
        size_t ns = ts_node_start_byte(nm), nl = ts_node_end_byte(nm) - ns;
        if (from) {
            char *full = xasprintf("%.*s.%.*s", (int)ml, data + ms, (int)nl, data + ns);
            if (code_node_is(al, "dotted_name"))
                al = child(al, nchild(al) - 1);
            fn(ctx, al, full, strlen(full));
            free(full);
        } else if (code_node_is(k, "aliased_import")) {
            fn(ctx, al, data + ns, nl);
        } else { /* import os.path: binds `os` */
            TSNode first = child(nm, 0);
            size_t fs = ts_node_start_byte(first);
            fn(ctx, first, data + fs, ts_node_end_byte(first) - fs);
        }
    }
}

static void import_bind(void *ctx, TSNode name, const char *path, size_t len)
{
    bind_module(ctx, name, path, len);
}

/* s = requests.Session() / http = urllib3.PoolManager() / api = axios.create(...): calls on
 * the client are the module's requests (s.get(url) is requests.get(url)). */
/* JS: `s = new Sandbox()`, `vm = new NodeVM({...})`, `c = new net.Socket()`: s stands for
 * an instance of the module's class ("sandbox#", "vm2.NodeVM#", "net.Socket#"). */
static bool js_new_alias(struct tctx *t, TSNode name, TSNode value)
{
    static const char *const classes[] = {"sandbox",        "vm2.VM",         "vm2.NodeVM",
                                          "net.Socket",     "liquidjs.Liquid", "XMLHttpRequest",
                                          "shescape.Shescape", NULL};
    if (!code_node_is(name, "identifier") || !code_node_is(value, "new_expression"))
        return false;
    struct qname q = {"", 0, true};
    qualify(t, field(value, "constructor"), &q, 0);
    if (!q.ok || !in_list(q.s, q.n, classes))
        return false;
    qn_add(&q, "#", 1);
    bind_module(t, name, q.s, q.n);
    return true;
}

/* Python: the text of a plain string literal that spells a dotted name ("os",
 * "os.path", "system"), false otherwise. */
static bool py_word_literal(struct tctx *t, TSNode n, const char **p, size_t *len)
{
    if (!code_node_is(n, "string"))
        return false;
    TSNode c = null_node();
    for (uint32_t i = 0, k = nchild(n); i < k; i++) {
        TSNode x = child(n, i);
        if (code_node_is(x, "interpolation") || (code_node_is(x, "string_content") && !ts_node_is_null(c)))
            return false;
        if (code_node_is(x, "string_content"))
            c = x;
    }
    if (ts_node_is_null(c))
        return false;
    *p = ntext(t, c, len);
    if (*len == 0 || *len > 64)
        return false;
    for (size_t i = 0; i < *len; i++) {
        char ch = (*p)[i];
        if (!isalnum((unsigned char)ch) && ch != '_' && ch != '.')
            return false;
    }
    return true;
}

/* Python: a module named by an import (`import os as m`) or loaded in place
 * (`__import__("os")`, `importlib.import_module("os")`). */
static bool py_module_expr(struct tctx *t, TSNode n, int depth)
{
    if (code_node_is(n, "identifier")) {
        size_t len;
        const char *p = ntext(t, n, &len);
        struct binding *b = lookup(t, p, len);
        return b != NULL && b->module != NULL;
    }
    struct qname q = {"", 0, true};
    return code_node_is(n, "call") && depth < 8 && py_dynamic_name(t, n, &q, depth + 1);
}

/* Python: what a lookup with constant names stands for, appended to `q`: `__import__("os")`
 * and `importlib.import_module("os")` are "os", `getattr(os, "system")` on a module is
 * "os.system" (as semgrep's dangerous-system-call spells its sinks). False, with `q`
 * unchanged, for anything else. */
static bool py_dynamic_name(struct tctx *t, TSNode call, struct qname *q, int depth)
{
    TSNode f = field(call, "function"), args = field(call, "arguments");
    TSNode a0 = positional_arg(args, 0, true), a1 = positional_arg(args, 1, true);
    const char *p;
    size_t len;
    if (depth > 8 || !code_node_is(args, "argument_list"))
        return false;
    if (code_node_is(f, "identifier") && text_is(t, f, "getattr")) {
        if (!py_word_literal(t, a1, &p, &len) || !py_module_expr(t, a0, depth))
            return false;
        qualify(t, a0, q, depth + 1);
        qn_add(q, ".", 1);
        qn_add(q, p, len);
        return true;
    }
    bool imp = code_node_is(f, "identifier") && text_is(t, f, "__import__");
    if (!imp && code_node_is(f, "attribute")) {
        struct qname fq = {"", 0, true};
        qualify(t, f, &fq, depth + 1);
        imp = fq.ok && strcmp(fq.s, "importlib.import_module") == 0;
    }
    if (!imp || !py_word_literal(t, a0, &p, &len))
        return false;
    qn_add(q, p, len);
    return true;
}

/* Python: `m = __import__("os")`, `run = getattr(os, "system")`: the name stands for the
 * module or its function. */
static bool py_dynamic_alias(struct tctx *t, TSNode name, TSNode value)
{
    struct qname q = {"", 0, true};
    if (!code_node_is(name, "identifier") || !code_node_is(value, "call") ||
        !py_dynamic_name(t, value, &q, 0) || !q.ok)
        return false;
    bind_module(t, name, q.s, q.n);
    return true;
}

static bool client_alias(struct tctx *t, TSNode name, TSNode value)
{
    if (!t->py && js_new_alias(t, name, value))
        return true;
    if (t->py && py_dynamic_alias(t, name, value))
        return true;
    static const char *const map[][2] = {
        {"requests.Session", "requests"}, {"requests.session", "requests"},
        {"httpx.Client", "httpx"},        {"httpx.AsyncClient", "httpx"},
        {"aiohttp.ClientSession", "requests"}, {"urllib3.PoolManager", "requests"},
        {"axios.create", "axios"},        {"got.extend", "got"},
        {"bent", "bent#"},
        {"http.client.HTTPConnection", "httpconn#"}, {"http.client.HTTPSConnection", "httpconn#"},
        {"urllib3.connection.HTTPConnection", "httpconn#"},
        {"urllib3.connection.HTTPSConnection", "httpconn#"}, {"httplib2.Http", "httplib2#"},
        {"urllib3.HTTPConnectionPool", "urllib3pool#"},
        {"urllib3.HTTPSConnectionPool", "urllib3pool#"},
        {"urllib3.connection_from_url", "urllib3pool#"},
        {"urllib3.connectionpool.connection_from_url", "urllib3pool#"},
        {"urllib3.ProxyManager", "requests"},
        /* a pool from a PoolManager/ProxyManager (bound as "requests" above) */
        {"requests.connection_from_host", "urllib3pool#"},
        {"requests.connection_from_url", "urllib3pool#"},
        {"code.InteractiveConsole", "pyconsole#"}, {"code.InteractiveInterpreter", "pyconsole#"},
        {"argparse.ArgumentParser", "argparse#"}, {"optparse.OptionParser", "optparse#"},
    };
    if (code_node_is(value, "await_expression") || code_node_is(value, "await"))
        value = child(value, 0);
    if (!code_node_is(name, "identifier") ||
        !(code_node_is(value, "call") || code_node_is(value, "call_expression")))
        return false;
    struct qname q = {"", 0, true};
    qualify(t, field(value, "function"), &q, 0);
    for (size_t i = 0; q.ok && i < sizeof map / sizeof map[0]; i++) {
        if (strcmp(q.s, map[i][0]) == 0) {
            bind_module(t, name, map[i][1], strlen(map[i][1]));
            return true;
        }
    }
    return false;
}

/* ---- functions and statements ---- */

/* ---- strings built from request data (JS) ---- */

/* Does a literal part of a `+` chain or template literal hold an HTML tag ("<b", "</td",
 * "<!--")? Substituted values are not looked at. */
static bool html_literal(const struct tctx *t, TSNode n)
{
    size_t len;
    const char *p;
    if (code_node_is(n, "parenthesized_expression"))
        return html_literal(t, child(n, 0));
    if (code_node_is(n, "binary_expression"))
        return html_literal(t, field(n, "left")) || html_literal(t, field(n, "right"));
    if (code_node_is(n, "string")) {
        p = ntext(t, n, &len);
    } else if (code_node_is(n, "template_string")) {
        uint32_t c = nchild(n);
        for (uint32_t i = 0; i < c; i++) {
            TSNode k = child(n, i);
            if (!code_node_is(k, "template_substitution") && html_literal(t, k))
                return true;
        }
        return false;
    } else if (code_node_is(n, "string_fragment")) {
        p = ntext(t, n, &len);
    } else {
        return false;
    }
    for (size_t i = 0; i + 1 < len; i++) {
        char c = p[i + 1];
        if (p[i] == '<' && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c == '/' && i + 2 < len && p[i + 2] >= 'a' && p[i + 2] <= 'z') ||
                            c == '!'))
            return true;
    }
    return false;
}

/* A string built by `+` or a template literal (the outermost of a chain) from request data
 * around SQL text or HTML markup: reported where it is built, whether or not a query or a
 * response is seen (where one is, in the same expression, that sink's finding stands
 * alone: flush_hits). At the rule's own confidence: the text may never be executed. */
static void check_built_string(struct tctx *t, TSNode n)
{
    if (t->py || !(t->want & ((1u << SK_SQLSTR) | (1u << SK_HTMLSTR))))
        return;
    TSNode up = parent_of(n);
    while (code_node_is(up, "parenthesized_expression"))
        up = parent_of(up);
    if (code_node_is(up, "binary_expression") && text_is(t, field(up, "operator"), "+"))
        return; /* not the outermost part of the chain */
    if (code_node_is(n, "binary_expression") && !text_is(t, field(n, "operator"), "+"))
        return;
    if (code_node_is(n, "template_string")) {
        bool subst = false;
        for (uint32_t i = 0, c = nchild(n); i < c && !subst; i++)
            subst = code_node_is(child(n, i), "template_substitution");
        if (!subst)
            return;
    }
    struct origin o = eval(t, n);
    if (o.lvl != T_REQUEST)
        return;
    t->capped = true;
    if (o.flags & OF_SQL)
        report(t, SK_SQLSTR, n, o);
    else if (html_literal(t, n))
        report(t, SK_HTMLSTR, n, o);
    t->capped = false;
}

static void walk(struct tctx *t, TSNode n);

static bool is_http_verb(const struct tctx *t, TSNode name)
{
    static const char *const verbs[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
                                        NULL};
    return !ts_node_is_null(name) && part_in(t, name, verbs);
}

/* A body that starts with the 'use server' directive. */
static bool use_server_body(const struct tctx *t, TSNode body)
{
    TSNode first = child(body, 0);
    if (!code_node_is(first, "expression_statement"))
        return false;
    TSNode s = child(first, 0);
    const char *p;
    size_t len;
    return string_value(t, s, &p, &len) && len == 10 && memcmp(p, "use server", 10) == 0;
}

/* Python: the function is a route handler (decorated with *.route/get/post/... or
 * api_view). */
static bool py_route(const struct tctx *t, TSNode fn)
{
    TSNode parent = parent_of(fn);
    if (!code_node_is(parent, "decorated_definition"))
        return false;
    static const char *const verbs[] = {"route", "get", "post", "put", "patch", "delete",
                                        "api_route", "websocket", "api_view", "require_http_methods",
                                        "require_GET", "require_POST", "csrf_exempt",
                                        "login_required", NULL};
    uint32_t c = nchild(parent);
    for (uint32_t i = 0; i < c; i++) {
        TSNode d = child(parent, i);
        if (!code_node_is(d, "decorator"))
            continue;
        TSNode e = child(d, 0);
        if (code_node_is(e, "call"))
            e = field(e, "function");
        TSNode last = code_node_is(e, "attribute") ? field(e, "attribute") : e;
        if (code_node_is(last, "identifier") && part_in(t, last, verbs))
            return true;
    }
    return false;
}

/* Does a decorator of route function fn say it answers HTML or text (FastAPI's
 * response_class=HTMLResponse / PlainTextResponse, or any class named *HTML*)? */
static bool py_route_html(const struct tctx *t, TSNode fn)
{
    TSNode parent = parent_of(fn);
    for (uint32_t i = 0, c = nchild(parent); i < c; i++) {
        TSNode d = child(parent, i), e = child(d, 0);
        if (!code_node_is(d, "decorator") || !code_node_is(e, "call"))
            continue;
        TSNode args = field(e, "arguments");
        for (uint32_t k = 0; k < nchild(args); k++) {
            TSNode a = child(args, k);
            if (!code_node_is(a, "keyword_argument") ||
                !text_is(t, field(a, "name"), "response_class"))
                continue;
            size_t len;
            const char *p = ntext(t, field(a, "value"), &len);
            return has_sub(p, len, "HTML") || has_sub(p, len, "Html") ||
                   has_sub(p, len, "PlainText");
        }
    }
    return false;
}

/* Every route decorator of the function names a literal path ('/a/b', no <converter>):
 * request.path is then the route's own text. */
static bool py_route_literal(const struct tctx *t, TSNode fn)
{
    TSNode parent = parent_of(fn);
    uint32_t c = nchild(parent);
    bool any = false;
    for (uint32_t i = 0; i < c; i++) {
        TSNode d = child(parent, i);
        TSNode e = child(d, 0);
        if (!code_node_is(d, "decorator") || !code_node_is(e, "call"))
            continue;
        TSNode fnm = field(e, "function");
        TSNode last = code_node_is(fnm, "attribute") ? field(fnm, "attribute") : fnm;
        static const char *const verbs[] = {"route", "get", "post", "put", "patch", "delete",
                                            NULL};
        if (!part_in(t, last, verbs))
            continue;
        const char *p;
        size_t len;
        if (!string_value(t, child(field(e, "arguments"), 0), &p, &len) ||
            memchr(p, '<', len) != NULL || memchr(p, '{', len) != NULL || len == 0 || p[0] != '/')
            return false;
        any = true;
    }
    return any;
}

static enum taint_level param_level(struct tctx *t, TSNode p, enum taint_level dflt)
{
    TSNode type = field(p, "type");
    TSNode value = code_node_is(p, "assignment_pattern") ? field(p, "right") : field(p, "value");
    if (!ts_node_is_null(type)) {
        size_t len;
        const char *s = ntext(t, type, &len);
        if (has_word(s, len, "number") || has_word(s, len, "boolean") || has_word(s, len, "int") ||
            has_word(s, len, "bool") || has_word(s, len, "float") || has_word(s, len, "Session") ||
            has_word(s, len, "Response"))
            return T_CONST;
    }
    if (!ts_node_is_null(value)) {
        if (code_node_is(value, "number") || code_node_is(value, "integer") ||
            code_node_is(value, "true") || code_node_is(value, "false") ||
            code_node_is(value, "float"))
            return T_CONST;
        if (code_node_is(value, "call") && text_is(t, field(value, "function"), "Depends"))
            return T_CONST;
    }
    return dflt;
}

/* What a parameter binds: the name or pattern of `x: T`, `x=1`, `*args`, `...rest`. */
static TSNode param_target(TSNode p)
{
    if (!ts_node_is_null(field(p, "pattern")))
        return field(p, "pattern");
    if (!ts_node_is_null(field(p, "name")))
        return field(p, "name");
    if (code_node_is(p, "assignment_pattern"))
        return field(p, "left");
    if (code_node_is(p, "list_splat_pattern") || code_node_is(p, "dictionary_splat_pattern") ||
        code_node_is(p, "rest_pattern"))
        return child(p, 0);
    return p;
}

/* NestJS: a parameter decorated @Query() / @Body() / @Param() / @Headers() / ... */
static bool nest_request_param(const struct tctx *t, TSNode p)
{
    static const char *const decos[] = {"Query", "Body", "Param", "Headers", "Cookies",
                                        "Req", "Request", "UploadedFile", "UploadedFiles",
                                        "HostParam", "Args", NULL};
    uint32_t c = nchild(p);
    for (uint32_t i = 0; i < c; i++) {
        TSNode d = child(p, i);
        if (!code_node_is(d, "decorator"))
            continue;
        TSNode e = child(d, 0);
        if (code_node_is(e, "call_expression"))
            e = field(e, "function");
        if (code_node_is(e, "identifier") && part_in(t, e, decos))
            return true;
    }
    return false;
}

/* A GraphQL resolver in a resolver map: `name: (parent, args, context, info) => ...` or
 * `name(_, { id }) {...}`: its second parameter holds the query's arguments. */
static bool js_resolver(const struct tctx *t, TSNode fn, TSNode ps)
{
    static const char *const firsts[] = {"parent", "root", "_", "obj", "_parent", "_root",
                                         "source", "_source", "__", NULL};
    TSNode parent = parent_of(fn);
    if (!code_node_is(fn, "method_definition") && !code_node_is(parent, "pair"))
        return false;
    if (code_node_is(fn, "method_definition") && !code_node_is(parent, "object"))
        return false;
    TSNode p0 = null_node(), p1 = null_node();
    uint32_t c = nchild(ps), k = 0;
    for (uint32_t i = 0; i < c && k < 2; i++) {
        TSNode p = child(ps, i);
        if (code_node_is(p, "required_parameter") || code_node_is(p, "optional_parameter"))
            p = field(p, "pattern");
        if (code_node_is(p, "comment"))
            continue;
        if (k++ == 0)
            p0 = p;
        else
            p1 = p;
    }
    return code_node_is(p0, "identifier") && part_in(t, p0, firsts) &&
           (code_node_is(p1, "object_pattern") ||
            (code_node_is(p1, "identifier") && (text_is(t, p1, "args") || text_is(t, p1, "input"))));
}

/* Next.js pages and layouts: `export default function Page({ params, searchParams })`. */
static bool next_page_props(const struct tctx *t, TSNode fn, TSNode target)
{
    if (!code_node_is(target, "object_pattern"))
        return false;
    TSNode parent = parent_of(fn);
    if (!code_node_is(parent, "export_statement"))
        return false;
    size_t len;
    const char *p = ntext(t, target, &len);
    return has_word(p, len, "searchParams") || has_word(p, len, "params");
}

/* Python GraphQL resolvers: graphene `def resolve_x(self, info, arg)` / `def mutate(root,
 * info, **kw)`, ariadne `def resolve_x(obj, info, **kw)`: what follows `info` is the query's
 * arguments. */
/* Falcon: a resource's responder, def on_get(self, req, resp, ...) / on_post_item(...):
 * req is the request and the parameters after resp are fields of the URI template. */
static bool py_falcon_responder(const struct tctx *t, TSNode fn, TSNode ps)
{
    size_t len;
    const char *p = ntext(t, field(fn, "name"), &len);
    if (len < 5 || memcmp(p, "on_", 3) != 0 || nchild(ps) < 3)
        return false;
    static const char *const verbs[] = {"get", "post", "put", "patch", "delete", "head",
                                        "options", NULL};
    size_t v = 3;
    while (v < len && p[v] != '_')
        v++;
    if (!in_list(p + 3, v - 3, verbs))
        return false;
    TSNode a = child(ps, 0), b = child(ps, 1), c = child(ps, 2);
    return text_is(t, a, "self") && (text_is(t, b, "req") || text_is(t, b, "request")) &&
           (text_is(t, c, "resp") || text_is(t, c, "response"));
}

static bool py_resolver(const struct tctx *t, TSNode fn, TSNode ps)
{
    size_t len;
    const char *name = ntext(t, field(fn, "name"), &len);
    if (!((len > 8 && memcmp(name, "resolve_", 8) == 0) || (len == 6 && memcmp(name, "mutate", 6) == 0)))
        return false;
    TSNode p1 = child(ps, 1);
    return code_node_is(p1, "identifier") && text_is(t, p1, "info");
}

/* def f(cls='...') / def f(info: str = ''): a parameter with a default value is not the
 * class, the request or a callback the framework passes. */
static bool py_default_param(TSNode p)
{
    return code_node_is(p, "default_parameter") || code_node_is(p, "typed_default_parameter");
}

/* TypeScript: a parameter typed as an HTTP request (`foo: Request`, `{ params }: Request`,
 * `r: express.Request`, `NextRequest`, `FastifyRequest`, `IncomingMessage`) holds request
 * data, whatever its name. */
static bool ts_request_typed(const struct tctx *t, TSNode p)
{
    static const char *const types[] = {"Request", "express.Request", "Express.Request",
                                        "NextRequest", "FastifyRequest", "Koa.Request",
                                        "IncomingMessage", "http.IncomingMessage", NULL};
    TSNode type = field(p, "type");
    if (t->py || ts_node_is_null(type))
        return false;
    size_t len;
    const char *s = ntext(t, type, &len);
    while (len > 0 && (*s == ':' || *s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    for (size_t i = 0; types[i] != NULL; i++) {
        size_t n = strlen(types[i]);
        if (len >= n && memcmp(s, types[i], n) == 0 && (len == n || s[n] == '<'))
            return true;
    }
    return false;
}

/* Python: an AWS Lambda handler, `def handler(event, context)`: the event is what API
 * Gateway (or any trigger) sent. */
static bool py_lambda_handler(const struct tctx *t, TSNode fn)
{
    TSNode ps = field(fn, "parameters");
    return t->py && nchild(ps) == 2 && code_node_is(child(ps, 0), "identifier") &&
           text_is(t, child(ps, 0), "event") && code_node_is(child(ps, 1), "identifier") &&
           (text_is(t, child(ps, 1), "context") || text_is(t, child(ps, 1), "_context"));
}

/* Python: a route parameter declared with a number or UUID converter (`<int:uid>`,
 * `<float:x>`, `<uuid:id>` in a route decorator): not text the client chooses. */
static bool py_typed_route_param(const struct tctx *t, TSNode fn, TSNode name)
{
    TSNode parent = parent_of(fn);
    if (!code_node_is(parent, "decorated_definition") || !code_node_is(name, "identifier"))
        return false;
    size_t nl, dl;
    const char *np = ntext(t, name, &nl);
    static const char *const conv[] = {"<int:", "<float:", "<uuid:", NULL};
    uint32_t c = nchild(parent);
    for (uint32_t i = 0; i < c; i++) {
        TSNode d = child(parent, i);
        if (!code_node_is(d, "decorator"))
            continue;
        const char *dp = ntext(t, d, &dl);
        for (size_t k = 0; conv[k] != NULL; k++) {
            size_t cl = strlen(conv[k]);
            for (size_t j = 0; j + cl + nl < dl; j++)
                if (memcmp(dp + j, conv[k], cl) == 0 && memcmp(dp + j + cl, np, nl) == 0 &&
                    dp[j + cl + nl] == '>')
                    return true;
        }
    }
    return false;
}

static void bind_params(struct tctx *t, TSNode fn, enum taint_level lvl)
{
    TSNode ps = field(fn, "parameters");
    if (ts_node_is_null(ps))
        ps = field(fn, "parameter");
    if (ts_node_is_null(ps))
        return;
    if (code_node_is(ps, "identifier")) {
        bind_target(t, ps, o_level(lvl, ps));
        return;
    }
    static const char *const ctx_names[] = {"req", "request", "res", "response", "next", "ctx",
                                            "self", "cls", "reply", "event", "e", "err", "error",
                                            "callback", "cb", "done", "info", NULL};
    bool resolver = t->py ? py_resolver(t, fn, ps) : js_resolver(t, fn, ps);
    uint32_t c = nchild(ps);
    /* ({ query, body }, res) => ...: the request destructured in an Express handler */
    bool req_pattern = false;
    for (uint32_t i = 1; !t->py && i < c && !req_pattern; i++) {
        TSNode p = child(ps, i);
        if (code_node_is(p, "required_parameter") || code_node_is(p, "optional_parameter"))
            p = field(p, "pattern");
        req_pattern = code_node_is(p, "identifier") &&
                      (text_is(t, p, "res") || text_is(t, p, "response") || text_is(t, p, "reply"));
    }
    for (uint32_t i = 0; i < c; i++) {
        TSNode p = child(ps, i);
        TSNode target = param_target(p);
        enum taint_level l = param_level(t, p, lvl);
        if (l > T_CONST && (resolver || (!t->py && (nest_request_param(t, p) ||
                                                    next_page_props(t, fn, target) ||
                                                    (req_pattern && i == 0 &&
                                                     code_node_is(target, "object_pattern"))))))
            l = T_REQUEST;
        if (t->py && t->route_fn && py_typed_route_param(t, fn, target))
            l = T_CONST;
        if (t->py && i == 0 && text_is(t, target, "event") && py_lambda_handler(t, fn))
            l = T_REQUEST; /* def handler(event, context) */
        else if (code_node_is(target, "identifier") && part_in(t, target, ctx_names) &&
            !(t->py && py_default_param(p)))
            l = T_CONST;
        else if (ts_request_typed(t, p)) {
            struct origin o = o_level(T_REQUEST, target);
            o.flags = OF_GUESS; /* a type is a claim, not a route: at most medium */
            bind_target(t, target, o);
            continue;
        }
        bind_target(t, target, o_level(l, target));
    }
}

/* A JS function whose parameters are a request and a response: (req, res), (request,
 * response, next), ...; or (lambda) an AWS Lambda handler's (event, context). */
static bool js_handler_params(const struct tctx *t, TSNode fn, bool lambda)
{
    static const char *const reqs[] = {"req", "request", NULL};
    static const char *const resps[] = {"res", "response", "reply", NULL};
    static const char *const events[] = {"event", NULL};
    static const char *const ctxs[] = {"context", "_context", "ctx", NULL};
    /* constructor(req, res, options): a class wrapping the exchange (a cache policy, a
     * proxy), built by code that has it, not a route the server calls */
    if (code_node_is(fn, "method_definition") && text_is(t, field(fn, "name"), "constructor"))
        return false;
    TSNode ps = field(fn, "parameters");
    bool rq = false, rs = false;
    uint32_t c = nchild(ps);
    for (uint32_t i = 0; i < c; i++) {
        TSNode p = child(ps, i);
        if (code_node_is(p, "required_parameter") || code_node_is(p, "optional_parameter"))
            p = field(p, "pattern");
        if (!code_node_is(p, "identifier"))
            continue;
        rq |= part_in(t, p, lambda ? events : reqs);
        rs |= part_in(t, p, lambda ? ctxs : resps);
    }
    if (lambda && rq && !rs) {
        /* exports.handler = async (event) => ... / export const handler = (event) => ...:
         * a Lambda handler that does not name its context */
        TSNode up = parent_of(fn);
        TSNode name = code_node_is(up, "assignment_expression") ? field(up, "left")
                      : code_node_is(up, "variable_declarator") ? field(up, "name")
                                                                : null_node();
        size_t nl;
        const char *np = ntext(t, name, &nl);
        rs = !ts_node_is_null(name) && nl >= 7 && memcmp(np + nl - 7, "handler", 7) == 0 &&
             (nl == 7 || np[nl - 8] == '.');
    }
    return rq && rs;
}

static void walk_function(struct tctx *t, TSNode fn)
{
    size_t mark = t->nb, old_scope = t->scope;
    bool old_route = t->route_fn, old_json = t->route_json;
    int old_cond = t->cond;
    t->cond = 0;
    t->scope = t->nb;
    TSNode body = field(fn, "body");
    enum taint_level lvl = T_PARAM;
    bool old_literal = t->route_literal;
    const char *old_req = t->py_req;
    size_t old_req_len = t->py_req_len;
    if (t->py) {
        t->route_fn = py_route(t, fn);
        t->route_literal = t->route_fn && py_route_literal(t, fn);
        t->route_json = t->route_fn && t->py_fastapi && !py_route_html(t, fn);
        TSNode ps = field(fn, "parameters");
        TSNode first = child(ps, 0);
        if (code_node_is(first, "identifier") && text_is(t, first, "self"))
            first = child(ps, 1); /* class-based views: def get(self, request, pk) */
        if (t->route_fn || (code_node_is(first, "identifier") && text_is(t, first, "request")))
            lvl = T_REQUEST;
        /* def get(self, req, pk) in a class-based view; @api_view def f(req): the request
         * object under another name */
        static const char *const view_verbs[] = {"get", "post", "put", "patch", "delete",
                                                 "head", "options", "list", "create",
                                                 "retrieve", "update", "partial_update",
                                                 "destroy", NULL};
        bool view_method = (t->py_view && !ts_node_eq(first, child(ps, 0)) &&
                            part_in(t, field(fn, "name"), view_verbs)) ||
                           py_falcon_responder(t, fn, ps);
        if (view_method)
            lvl = T_REQUEST;
        t->py_req = NULL;
        t->py_req_len = 0;
        if (code_node_is(first, "identifier") && (view_method || t->route_fn) &&
            (text_is(t, first, "req") || view_method))
            t->py_req = ntext(t, first, &t->py_req_len);
    } else {
        TSNode name = field(fn, "name");
        TSNode parent = parent_of(fn);
        if ((is_http_verb(t, name) && code_node_is(parent, "export_statement")) ||
            (t->use_server && code_node_is(parent, "export_statement")) ||
            (code_node_is(body, "statement_block") && use_server_body(t, body)))
            lvl = T_REQUEST;
    }
    bind_params(t, fn, lvl);
    bool old_handler = t->js_handler, old_lambda = t->js_lambda;
    t->js_handler = old_handler || (!t->py && js_handler_params(t, fn, false));
    t->js_lambda = old_lambda || (!t->py && js_handler_params(t, fn, true));
    walk(t, body);
    if (!t->py && code_node_is(fn, "arrow_function") && !code_node_is(body, "statement_block"))
        js_random_return(t, body, body); /* const newToken = () => Math.random()... */
    t->js_handler = old_handler;
    t->js_lambda = old_lambda;
    pop_to(t, mark);
    t->scope = old_scope;
    t->route_fn = old_route;
    t->route_json = old_json;
    t->route_literal = old_literal;
    t->py_req = old_req;
    t->py_req_len = old_req_len;
    t->cond = old_cond;
}

/* ---- helpers of the same file ---- */

static void add_fsum(struct tctx *t, TSNode name, TSNode fn)
{
    if (!code_node_is(name, "identifier") || ts_node_is_null(field(fn, "body")))
        return;
    if (t->nfs == t->cfs) {
        t->cfs = t->cfs ? t->cfs * 2 : 16;
        t->fs = xrealloc(t->fs, t->cfs * sizeof *t->fs);
    }
    size_t len;
    const char *p = ntext(t, name, &len);
    t->fs[t->nfs++] = (struct fsum){p, len, fn, 0, NULL, 0, 0};
}

static bool function_declaration(TSNode n)
{
    return code_node_is(n, "function_declaration") || code_node_is(n, "function_definition") ||
           code_node_is(n, "generator_function_declaration");
}

/* The functions declared directly in function fn's body: a route factory's helpers
 * (`function serveFiles () { return (req, res) => { verify(req.params.file, res) };
 * function verify (file, res) { res.sendFile(...) } }`, a Python view's inner def). */
static void collect_nested(struct tctx *t, TSNode fn)
{
    TSNode body = field(fn, "body");
    if (!code_node_is(body, "statement_block") && !code_node_is(body, "block"))
        return;
    for (uint32_t i = 0, c = nchild(body); i < c; i++) {
        TSNode n = child(body, i);
        if (code_node_is(n, "decorated_definition"))
            n = field(n, "definition");
        if (function_declaration(n))
            add_fsum(t, field(n, "name"), n);
    }
}

/* The functions declared at the top of the file (function f(){}, const f = () => {},
 * def f(): ..., and the same behind export or a decorator), and those declared directly in
 * their bodies or in a `module.exports = function () {...}`. */
static void collect_functions(struct tctx *t, TSNode root)
{
    uint32_t c = nchild(root);
    for (uint32_t i = 0; i < c; i++) {
        TSNode n = child(root, i);
        if (code_node_is(n, "export_statement") && !ts_node_is_null(field(n, "declaration")))
            n = field(n, "declaration");
        if (code_node_is(n, "decorated_definition"))
            n = field(n, "definition");
        if (function_declaration(n)) {
            add_fsum(t, field(n, "name"), n);
            collect_nested(t, n);
        } else if (code_node_is(n, "lexical_declaration") ||
                   code_node_is(n, "variable_declaration")) {
            uint32_t m = nchild(n);
            for (uint32_t k = 0; k < m; k++) {
                TSNode d = child(n, k);
                TSNode v = field(d, "value");
                if (code_node_is(d, "variable_declarator") &&
                    (code_node_is(v, "arrow_function") || code_node_is(v, "function_expression") ||
                     code_node_is(v, "function"))) {
                    add_fsum(t, field(d, "name"), v);
                    collect_nested(t, v);
                }
            }
        } else if (code_node_is(n, "expression_statement") &&
                   code_node_is(child(n, 0), "assignment_expression")) {
            TSNode v = field(child(n, 0), "right");
            if (code_node_is(v, "function_expression") || code_node_is(v, "function") ||
                code_node_is(v, "arrow_function"))
                collect_nested(t, v);
        }
    }
}

static struct fsum *find_fsum(struct tctx *t, const char *p, size_t len)
{
    for (size_t i = 0; i < t->nfs; i++) {
        if (t->fs[i].nlen == len && memcmp(t->fs[i].name, p, len) == 0)
            return &t->fs[i];
    }
    return NULL;
}

/* Walk helper f once with each parameter i as request data tagged (1 << i): the sinks it
 * reaches are recorded in f, not reported. */
static void summarise(struct tctx *t, struct fsum *f)
{
    f->state = 1;
    size_t mark = t->nb, old_scope = t->scope;
    int old_cond = t->cond;
    bool old_route = t->route_fn, old_literal = t->route_literal;
    struct fsum *old_summ = t->summ;
    t->summ = f;
    t->summ_depth++;
    t->scope = t->nb;
    t->cond = 0;
    t->route_fn = t->route_literal = false;
    static const char *const ctx_names[] = {"req", "request", "res", "response", "next", "ctx",
                                            "self", "cls", "reply", "callback", "cb", "done",
                                            NULL};
    TSNode ps = field(f->fn, "parameters");
    if (ts_node_is_null(ps))
        ps = field(f->fn, "parameter");
    uint32_t c = code_node_is(ps, "identifier") ? 1 : nchild(ps);
    unsigned idx = 0;
    for (uint32_t i = 0; i < c && idx < 16; i++) {
        TSNode p = code_node_is(ps, "identifier") ? ps : child(ps, i);
        if (code_node_is(p, "comment"))
            continue;
        TSNode target = param_target(p);
        struct origin o = o_level(T_REQUEST, target);
        o.pmask = 1u << idx++;
        if ((code_node_is(target, "identifier") && part_in(t, target, ctx_names)) ||
            param_level(t, p, T_REQUEST) == T_CONST)
            o = o_const();
        bind_target(t, target, o);
    }
    walk(t, field(f->fn, "body"));
    pop_to(t, mark);
    t->scope = old_scope;
    t->cond = old_cond;
    t->route_fn = old_route;
    t->route_literal = old_literal;
    t->summ = old_summ;
    t->summ_depth--;
    f->state = 2;
}

/* helper(req.body.x): the sinks the helper's parameter reaches, reported where they are
 * (inside the helper) with the caller's request data as their source. */
static void call_helper(struct tctx *t, TSNode call)
{
    TSNode fn = field(call, "function");
    if (t->nfs == 0 || !code_node_is(fn, "identifier"))
        return;
    size_t len;
    const char *p = ntext(t, fn, &len);
    struct binding *b = lookup(t, p, len);
    if (b != NULL && (b->module != NULL || b->o.lvl > T_CONST))
        return;
    struct fsum *f = find_fsum(t, p, len);
    if (f == NULL)
        return;
    /* a local merge() is itself the sink (SF_CAPPED names): reported at the call */
    for (const struct sink *s = t->py ? py_sinks : js_sinks; s->name != NULL; s++) {
        if (strlen(s->name) == len && memcmp(s->name, p, len) == 0)
            return;
    }
    TSNode args = field(call, "arguments");
    /* only a call that hands over request data (or, summarising, a parameter) matters */
    struct origin all = eval_children(t, args, o_const());
    /* JS: run(`git tag ${version}`) of a local run(cmd) that hands its command to a shell
     * whole (js_cmd_passthrough): the command line is built here, so it is reported even
     * when what it is built from is not request data */
    bool built = false;
    if (!t->py && t->summ == NULL && all.lvl > T_CONST && all.lvl < T_REQUEST &&
        (t->want & (1u << SK_CMD)) && !js_in_test_case(t, call)) {
        for (uint32_t i = 0, c = nchild(args); i < c && !built; i++)
            built = built_command(t, child(args, i));
    }
    if (t->summ == NULL ? all.lvl < T_REQUEST && !built : all.pmask == 0)
        return;
    if (f->state == 0 && t->summ_depth < 2)
        summarise(t, f);
    if (f->state != 2)
        return;
    for (size_t i = 0; i < f->nh; i++) {
        struct sum_hit h = f->hits[i];
        struct origin o = o_const();
        bool built_arg = false;
        for (int k = 0; k < 16; k++) {
            if (h.pmask & (1u << k)) {
                o = o_join(o, eval(t, positional_arg(args, k, t->py)));
                built_arg =
                    built_arg || (built && built_command(t, positional_arg(args, k, false)));
            }
        }
        if (t->summ == NULL && o.lvl < T_REQUEST) {
            if (!built_arg || h.k != SK_CMD || o.lvl == T_CONST)
                continue;
            t->capped = h.capped;
            report(t, h.k, h.node, o);
            t->capped = false;
            continue;
        }
        if (t->summ == NULL) {
            if (o.lvl < T_REQUEST)
                continue;
            uint32_t at = ts_node_start_byte(h.node);
            bool seen = false;
            for (size_t d = 0; d < t->ndone && !seen; d++)
                seen = t->done[d] == at;
            if (seen)
                continue;
            if (t->ndone == t->cdone) {
                t->cdone = t->cdone ? t->cdone * 2 : 16;
                t->done = xrealloc(t->done, t->cdone * sizeof *t->done);
            }
            t->done[t->ndone++] = at;
        }
        t->capped = h.capped;
        /* contained in the helper (a probe, a root check, a shaped address), or called
         * where the path is checked */
        t->probing = h.contained || (h.k == SK_PATH && !t->py && js_root_guarded(t, call));
        report(t, h.k, h.node, o);
        t->capped = false;
        t->probing = false;
    }
}

static void walk_children(struct tctx *t, TSNode n)
{
    uint32_t c = nchild(n);
    for (uint32_t i = 0; i < c; i++)
        walk(t, child(n, i));
}

static bool is_function(const char *ty)
{
    return strcmp(ty, "function_declaration") == 0 || strcmp(ty, "function_expression") == 0 ||
           strcmp(ty, "arrow_function") == 0 || strcmp(ty, "method_definition") == 0 ||
           strcmp(ty, "generator_function_declaration") == 0 ||
           strcmp(ty, "generator_function") == 0 || strcmp(ty, "function_definition") == 0 ||
           strcmp(ty, "lambda") == 0;
}

/* An HTML tag in text: `<` then a letter, `/` or `!`. */
static bool html_tag(const char *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (p[i] == '<' && (isalpha((unsigned char)p[i + 1]) || p[i + 1] == '/' || p[i + 1] == '!'))
            return true;
    return false;
}

/* The host of a URL is a slot: "https://%s/...", f"http://{host}/", "https://" + host,
 * "https://{}/".format(host). */
static bool host_slot(const char *p, size_t n)
{
    static const char *const after[] = {"%s", "{", "\" +", "' +", "\"+", "'+", NULL};
    for (size_t i = 0; i + 3 < n; i++) {
        if (memcmp(p + i, "://", 3) != 0)
            continue;
        for (size_t k = 0; after[k] != NULL; k++) {
            size_t m = strlen(after[k]);
            if (i + 3 + m <= n && memcmp(p + i + 3, after[k], m) == 0)
                return true;
        }
    }
    return false;
}

/* Python: request data formatted into SQL text, an HTML fragment or the host of a URL and
 * stored or returned (`q = "SELECT ... '%s'" % name`, `url = f"https://{host}/x"`): reported
 * where the string is built, whatever later uses it (a SQL string is injectable wherever it
 * runs). A value passed straight to a call is the call's business (its sink). */
/* Is identifier `name` an argument of a call (f(x), f(k=x)) in `n`, after byte `from`? */
static bool passed_on(const struct tctx *t, TSNode n, const char *name, size_t len,
                      uint32_t from, int depth)
{
    if (ts_node_is_null(n) || depth > 200 || ts_node_end_byte(n) <= from)
        return false;
    if (code_node_is(n, "identifier")) {
        size_t l;
        const char *p = ntext(t, n, &l);
        TSNode up = parent_of(n);
        if (code_node_is(up, "keyword_argument"))
            up = parent_of(up);
        return l == len && memcmp(p, name, l) == 0 && ts_node_start_byte(n) >= from &&
               code_node_is(up, "argument_list");
    }
    uint32_t c = nchild(n);
    for (uint32_t i = 0; i < c; i++)
        if (passed_on(t, child(n, i), name, len, from, depth + 1))
            return true;
    return false;
}

static void py_built_string(struct tctx *t, TSNode v, bool html)
{
    bool fmt = code_node_is(v, "binary_operator") || code_node_is(v, "concatenated_string") ||
               (code_node_is(v, "string") && nchild(v) > 2) ||
               (code_node_is(v, "call") && code_node_is(field(v, "function"), "attribute") &&
                text_is(t, field(field(v, "function"), "attribute"), "format"));
    if (!t->py || !fmt)
        return;
    struct origin o = eval(t, v);
    bool req = o.lvl == T_REQUEST && !(o.flags & (OF_CLI | OF_GUESS | OF_TYPED));
    /* SQL text formatted from a parameter or a value of unknown origin and kept: the
     * sql.dynamic rule reports it where it is built (bandit B608's statements) */
    bool sql_dyn = !req && o.lvl > T_CONST && o.lvl < T_REQUEST && (o.flags & OF_SQL);
    if (!req && !sql_dyn)
        return;
    /* q = "..." + x; cur.execute(q): the call reports it, where it runs */
    TSNode asg = parent_of(v), target = field(asg, "left");
    if (code_node_is(asg, "assignment") && code_node_is(target, "identifier")) {
        TSNode fn = asg;
        while (!ts_node_is_null(fn) && !code_node_is(fn, "function_definition"))
            fn = parent_of(fn);
        size_t nl;
        const char *np = ntext(t, target, &nl);
        if (passed_on(t, ts_node_is_null(fn) ? asg : field(fn, "body"), np, nl,
                      ts_node_end_byte(asg), 0)) {
            if (o.flags & OF_SQL)
                report(t, SK_SQLSTR, v, o); /* the query's finding starts here */
            return;
        }
    }
    size_t len;
    const char *p = ntext(t, v, &len);
    if (o.flags & OF_SQL)
        report(t, SK_SQL, v, o);
    else if (sql_dyn)
        return;
    else if (host_slot(p, len))
        report(t, SK_SSRF, v, o);
    else if (html && html_tag(p, len))
        report(t, SK_XSS, v, o);
}

/* Python route handlers returning request data as the response body. */
/* Python: `return <weak random>` from a function named for a secret (def reset_token(),
 * def gen_session_id(), def make_password()): the helper's value is that secret. The
 * function's name must hold one of these parts (narrower than secret_words: a name like
 * author_color or footprint is no secret). */
static void py_random_return(struct tctx *t, TSNode n, TSNode e)
{
    static const char *const parts[] = {"token", "secret", "passw", "nonce", "salt", "session",
                                        "sessid", "csrf", "xsrf", "apikey", "api_key", "otp",
                                        "reset_code", "verification_code", "passcode", NULL};
    if (!(t->want & (1u << SK_RAND)) || t->summ != NULL)
        return;
    TSNode fn = parent_of(n);
    while (!ts_node_is_null(fn) && !code_node_is(fn, "function_definition"))
        fn = parent_of(fn);
    size_t len;
    const char *p = ntext(t, field(fn, "name"), &len);
    bool named = false;
    for (size_t i = 0; parts[i] != NULL && !named; i++) {
        size_t m = strlen(parts[i]);
        for (size_t k = 0; k + m <= len && !named; k++) {
            /* otp only as a whole part: gen_otp, otp_code (not footprint) */
            bool whole = strcmp(parts[i], "otp") != 0 ||
                         ((k == 0 || p[k - 1] == '_') && (k + m == len || p[k + m] == '_'));
            named = strncasecmp(p + k, parts[i], m) == 0 && whole;
        }
    }
    /* try: from secrets import randbits / except ImportError: from random import ...: the
     * random module is the old Pythons' fallback of a file that knows better */
    static const char *const knows[] = {"from secrets import", "import secrets", NULL};
    if (!named || py_file_mentions(t, knows))
        return;
    /* def otp(request): a view returns a response (render(..., {"otp": n})), not the token */
    TSNode p0 = child(field(fn, "parameters"), 0);
    if (t->route_fn || (code_node_is(p0, "identifier") &&
                        (text_is(t, p0, "request") || text_is(t, p0, "req"))))
        return;
    struct origin o = eval(t, e);
    if (o.flags & OF_RAND)
        emit_rand(t, n, o);
}

/* JS: the name a function goes by: its own (function f() {}, a method), or the name it is
 * stored under (const f = () => ..., f: function () {}, obj.f = function () {}). */
static TSNode js_fn_name(TSNode fn)
{
    TSNode name = field(fn, "name");
    if (!ts_node_is_null(name))
        return name;
    TSNode p = parent_of(fn);
    if (code_node_is(p, "variable_declarator"))
        return field(p, "name");
    if (code_node_is(p, "pair"))
        return field(p, "key");
    if (code_node_is(p, "assignment_expression")) {
        TSNode l = field(p, "left");
        return code_node_is(l, "member_expression") ? field(l, "property") : l;
    }
    return null_node();
}

/* Does the name end with one of parts, then at most a plain suffix (generateToken,
 * createSessionId, newApiKeyString; not tokenColor or tokenize)? */
static bool js_ends_with_part(const char *p, size_t n, const char *const *parts)
{
    static const char *const tails[] = {"", "s", "id", "ids", "key", "str", "string", "value",
                                        "hex", "code", NULL};
    for (size_t i = 0; parts[i] != NULL; i++) {
        size_t m = strlen(parts[i]);
        for (size_t k = 0; k + m <= n; k++) {
            if (strncasecmp(p + k, parts[i], m) != 0)
                continue;
            size_t r = k + m + (k + m < n && p[k + m] == '_');
            for (size_t j = 0; tails[j] != NULL; j++) {
                if (strlen(tails[j]) == n - r && strncasecmp(p + r, tails[j], n - r) == 0)
                    return true;
            }
        }
    }
    return false;
}

/* JS: `return <weak random>` (or an arrow's expression body) from a function named for a
 * secret (function generateToken(), const makeResetToken = () => ..., genPassword()): the
 * helper's value is that secret. The same narrow name parts as py_random_return; not in a
 * request handler (it answers, its value is no token). */
static void js_random_return(struct tctx *t, TSNode n, TSNode e)
{
    static const char *const parts[] = {"token", "secret", "passw", "nonce", "salt", "session",
                                        "sessid", "csrf", "xsrf", "apikey", "api_key",
                                        "resetcode", "reset_code", "passcode", NULL};
    if (!(t->want & (1u << SK_RAND)) || t->summ != NULL || t->js_handler || ts_node_is_null(e))
        return;
    TSNode fn = parent_of(n);
    while (!ts_node_is_null(fn) && !is_function(ntype(fn)))
        fn = parent_of(fn);
    if (ts_node_is_null(fn))
        return;
    size_t len;
    const char *p = ntext(t, js_fn_name(fn), &len);
    /* return token: reported where the value was stored under that name */
    if (!js_ends_with_part(p, len, parts) || (code_node_is(e, "identifier") && secret_name(t, e)))
        return;
    struct origin o = eval(t, e);
    if (o.flags & OF_RAND)
        emit_rand(t, n, o);
}

static void py_return(struct tctx *t, TSNode n)
{
    TSNode e = child(n, 0);
    if (ts_node_is_null(e))
        return;
    py_random_return(t, n, e);
    /* a FastAPI route answers what it returns as JSON (an HTMLResponse it builds is a sink
     * of its own) */
    if (t->route_json)
        return;
    bool built = (t->route_fn && code_node_is(e, "identifier")) ||
                 code_node_is(e, "binary_operator") || code_node_is(e, "concatenated_string") ||
                 (code_node_is(e, "string") && nchild(e) > 2) ||
                 (code_node_is(e, "call") && code_node_is(field(e, "function"), "attribute") &&
                  text_is(t, field(field(e, "function"), "attribute"), "format"));
    if (!built && t->route_fn &&
        (is_source(t, e) || (code_node_is(e, "call") && is_source(t, field(e, "function"))))) {
        /* return request.args.get('q'): a string answered as HTML (not request.json: JSON) */
        size_t len;
        const char *p = ntext(t, e, &len);
        built = !has_word(p, len, "json") && !has_word(p, len, "get_json") &&
                !has_word(p, len, "files") && !has_word(p, len, "FILES");
    }
    if (!built)
        return;
    struct origin o = eval(t, e);
    if (o.lvl == T_REQUEST)
        report(t, SK_XSS, n, o);
}

/* The statement leaves the function (return, throw, raise, abort(), continue). */
static bool exits(const struct tctx *t, TSNode n)
{
    const char *ty = ntype(n);
    if (strcmp(ty, "statement_block") == 0 || strcmp(ty, "block") == 0) {
        uint32_t c = nchild(n);
        return c > 0 && exits(t, child(n, c - 1));
    }
    if (strcmp(ty, "return_statement") == 0 || strcmp(ty, "throw_statement") == 0 ||
        strcmp(ty, "raise_statement") == 0 || strcmp(ty, "continue_statement") == 0)
        return true;
    if (strcmp(ty, "expression_statement") == 0) {
        TSNode e = child(n, 0);
        return code_node_is(e, "call") && text_is(t, field(e, "function"), "abort");
    }
    return false;
}

/* An operand that is a fixed value a check compares against: a non-empty string, a list or
 * set literal, or an UPPER_CASE constant (`'../' in name`, `x not in ALLOWED`). */
static bool check_operand(struct tctx *t, TSNode n)
{
    const char *p;
    size_t len;
    if (string_value(t, n, &p, &len))
        return len > 0 && !(code_node_is(n, "string") && nchild(n) > 3);
    if (code_node_is(n, "list") || code_node_is(n, "tuple") || code_node_is(n, "set") ||
        code_node_is(n, "array"))
        return nchild(n) > 0;
    if (!code_node_is(n, "identifier"))
        return false;
    p = ntext(t, n, &len);
    bool upper = len > 1;
    for (size_t i = 0; i < len && upper; i++)
        upper = (p[i] >= 'A' && p[i] <= 'Z') || p[i] == '_' || (p[i] >= '0' && p[i] <= '9');
    return upper;
}

/* `'../' in name`, `name not in ALLOWED`, `x === 'admin'`: a comparison that validates. */
static bool allow_check(struct tctx *t, TSNode n)
{
    if (code_node_is(n, "comparison_operator") && nchild(n) == 2) {
        size_t len;
        const char *op = ntext(t, ts_node_child(n, 1), &len);
        bool ok = (len == 2 && memcmp(op, "in", 2) == 0) || (len >= 6 && memcmp(op, "not", 3) == 0) ||
                  (len == 2 && (memcmp(op, "==", 2) == 0 || memcmp(op, "!=", 2) == 0));
        return ok && (check_operand(t, child(n, 0)) || check_operand(t, child(n, 1)));
    }
    if (code_node_is(n, "binary_expression")) {
        size_t len;
        const char *op = ntext(t, field(n, "operator"), &len);
        bool ok = (len == 3 && (memcmp(op, "===", 3) == 0 || memcmp(op, "!==", 3) == 0)) ||
                  (len == 2 && (memcmp(op, "==", 2) == 0 || memcmp(op, "!=", 2) == 0));
        return ok && (check_operand(t, field(n, "left")) || check_operand(t, field(n, "right")));
    }
    return false;
}

/* ---- paths kept under a root (JS) ---- */

/* Does the condition check that a path stays under a root: a '..' literal or a regex of one
 * (`rel.startsWith('..')` of a path.relative(), `name.includes('..')`, /\.\./.test(p)), a
 * prefix test against a name or a string built from one (`file.startsWith(root)`,
 * `p.indexOf(base) !== 0`,
 * `file.slice(0, root.length) !== root`), or a call named for it (isPathInside(p, root))? */
static bool root_cond(struct tctx *t, TSNode n, int depth)
{
    if (ts_node_is_null(n) || depth > 24)
        return false;
    const char *ty = ntype(n);
    size_t len;
    const char *p;
    if (strcmp(ty, "string") == 0 || strcmp(ty, "regex") == 0 || strcmp(ty, "template_string") == 0) {
        p = ntext(t, n, &len);
        return has_sub(p, len, "..") || has_sub(p, len, "\\.\\.");
    }
    if (strcmp(ty, "call_expression") == 0) {
        TSNode f = field(n, "function"), args = field(n, "arguments");
        TSNode a0 = child(args, 0), a1 = child(args, 1);
        /* a root held in a name, or built from one (root + path.sep, `${root}/`) */
        bool name0 = !ts_node_is_null(a0) && !js_plain_string(a0);
        if (code_node_is(f, "member_expression")) {
            TSNode m = field(f, "property");
            if ((text_is(t, m, "startsWith") || text_is(t, m, "indexOf")) && name0)
                return true;
            if ((text_is(t, m, "slice") || text_is(t, m, "substr") || text_is(t, m, "substring")) &&
                code_node_is(a1, "member_expression") &&
                text_is(t, field(a1, "property"), "length"))
                return true;
        }
        p = ntext(t, code_node_is(f, "member_expression") ? field(f, "property") : f, &len);
        static const char *const words[] = {"inside", "within", NULL};
        if (has_any_ci(p, len, words))
            return true;
    }
    uint32_t c = nchild(n);
    for (uint32_t i = 0; i < c; i++) {
        if (!is_function(ntype(child(n, i))) && root_cond(t, child(n, i), depth + 1))
            return true;
    }
    return false;
}

/* An `if` in the subtree of n (not in a nested function) whose condition checks a path stays
 * under a root (root_cond) and whose branch leaves (return, throw) or ends the answer. */
static bool root_guard_in(struct tctx *t, TSNode n, int depth, unsigned *budget)
{
    if (ts_node_is_null(n) || depth > TAINT_MAX_DEPTH || *budget == 0)
        return false;
    (*budget)--;
    if (code_node_is(n, "if_statement")) {
        TSNode cons = field(n, "consequence");
        if (exits(t, cons) && root_cond(t, field(n, "condition"), 0))
            return true;
    }
    uint32_t c = nchild(n);
    for (uint32_t i = 0; i < c; i++) {
        TSNode k = child(n, i);
        if (!is_function(ntype(k)) && root_guard_in(t, k, depth + 1, budget))
            return true;
    }
    return false;
}

/* JS: is n inside a function (or one of the functions around it) that checks, with a
 * guard, that a path stays under its root? A static-file server resolves the requested
 * path, then rejects one that leaves its directory (path.relative(root, p) starting with
 * '..', p.startsWith(root)); the file calls around such a check are contained as far as
 * the pass can tell, so they are reported at low confidence rather than as traversals. */
static bool js_root_guarded(struct tctx *t, TSNode n)
{
    if (t->py)
        return false;
    for (TSNode a = parent_of(n); !ts_node_is_null(a); a = parent_of(a)) {
        if (!is_function(ntype(a)))
            continue;
        unsigned budget = 4096;
        if (root_guard_in(t, field(a, "body"), 0, &budget))
            return true;
    }
    return false;
}

/* Bind every variable read by a call in `n` (an argument or a receiver) as checked. */
static void mark_checked(struct tctx *t, TSNode n, bool in_call)
{
    if (ts_node_is_null(n) || t->depth > TAINT_MAX_DEPTH)
        return;
    if (in_call && code_node_is(n, "identifier")) {
        size_t len;
        const char *p = ntext(t, n, &len);
        struct binding *b = lookup(t, p, len);
        for (int hop = 0; hop < 4 && b != NULL && b->module == NULL; hop++) {
            const char *from = b->from;
            size_t from_len = b->from_len;
            if (b->o.lvl > T_CONST)
                (void)bind_name(t, p, len, o_const());
            if (from == NULL)
                break;
            p = from, len = from_len; /* u = urlparse(x): checking u checks x */
            b = lookup(t, p, len);
        }
        return;
    }
    bool call = code_node_is(n, "call_expression") || code_node_is(n, "call") || allow_check(t, n);
    t->depth++;
    uint32_t c = nchild(n);
    for (uint32_t i = 0; i < c; i++)
        mark_checked(t, child(n, i), in_call || call);
    t->depth--;
}

/* `if (!ALLOWED.has(url.host)) return ...;` / `if not is_safe(url): abort(400)`: a value
 * checked by a call in a guard that leaves the function is treated as validated after it. */
static void guard_clause(struct tctx *t, TSNode n)
{
    TSNode cond = field(n, "condition"), cons = field(n, "consequence");
    if (ts_node_is_null(cond) || ts_node_is_null(cons) ||
        !ts_node_is_null(field(n, "alternative")) || !exits(t, cons))
        return;
    mark_checked(t, cond, false);
}

/* `if not nxt or urlsplit(nxt).netloc != '': nxt = url_for('index')` / `if (!isSafe(u)) u =
 * '/';`: a value checked by a call in the condition and replaced in the branch by a value
 * that is not request data is, after the `if`, either the checked value or the
 * replacement: treated as validated (the flask-login pattern for `next`). */
static void guard_replace(struct tctx *t, TSNode n)
{
    TSNode cond = field(n, "condition"), cons = field(n, "consequence");
    if (ts_node_is_null(cond) || ts_node_is_null(cons) || !ts_node_is_null(field(n, "alternative")))
        return;
    TSNode st = cons;
    if (code_node_is(st, "block") || code_node_is(st, "statement_block")) {
        if (ts_node_named_child_count(st) != 1)
            return;
        st = ts_node_named_child(st, 0);
    }
    if (!code_node_is(st, "expression_statement"))
        return;
    TSNode a = child(st, 0);
    if (!code_node_is(a, "assignment") && !code_node_is(a, "assignment_expression"))
        return;
    TSNode left = field(a, "left"), right = field(a, "right");
    if (!code_node_is(left, "identifier") || ts_node_is_null(right) ||
        eval(t, right).lvl >= T_REQUEST)
        return;
    size_t len, cl;
    const char *name = ntext(t, left, &len), *cp = ntext(t, cond, &cl);
    if (!code_names_ident(cp, cl, name, len))
        return;
    mark_checked(t, cond, false);
}

/* Statements whose body may or may not run (assignments in them join). */
static bool is_branch(const char *ty)
{
    static const char *const kinds[] = {
        "switch_statement", "match_statement", "while_statement", "do_statement",
        "for_statement",    "for_in_statement", "catch_clause",  "except_clause",
        "try_statement",    "with_statement",   NULL};
    return in_list(ty, strlen(ty), kinds);
}

/* Does case pattern `p` match the constant string subject? 1 yes, 0 no, -1 unknown. */
static int case_matches(struct tctx *t, TSNode p, const struct origin *subj)
{
    const char *v;
    size_t len;
    if (code_node_is(p, "case_pattern")) {
        if (nchild(p) == 0)
            return 1; /* case _: */
        return case_matches(t, child(p, 0), subj);
    }
    if (code_node_is(p, "union_pattern")) {
        int r = 0;
        for (uint32_t i = 0; i < nchild(p) && r >= 0; i++) {
            int m = case_matches(t, child(p, i), subj);
            r = m == 1 ? 1 : m < 0 ? -1 : r;
            if (r == 1)
                break;
        }
        return r;
    }
    if (string_value(t, p, &v, &len) && memchr(v, '\\', len) == NULL && nchild(p) <= 3)
        return len == subj->slen && memcmp(v, subj->sval, len) == 0;
    if (code_node_is(p, "integer") || code_node_is(p, "float") || code_node_is(p, "true") ||
        code_node_is(p, "false") || code_node_is(p, "none"))
        return 0;
    return -1;
}

/* match "ABC"[1]: case 'A': ... case 'B': ...: only the case that runs. False when the
 * subject or a pattern before the one that matches is not a constant. */
static bool walk_const_match(struct tctx *t, TSNode n)
{
    struct origin subj = eval(t, field(n, "subject"));
    if (!subj.has_str)
        return false;
    TSNode body = field(n, "body");
    TSNode run = null_node();
    for (uint32_t i = 0; i < nchild(body) && ts_node_is_null(run); i++) {
        TSNode cc = child(body, i);
        if (!code_node_is(cc, "case_clause"))
            continue;
        if (!ts_node_is_null(field(cc, "guard")))
            return false;
        for (uint32_t k = 0; k < nchild(cc); k++) {
            TSNode p = child(cc, k);
            if (!code_node_is(p, "case_pattern"))
                continue;
            int m = case_matches(t, p, &subj);
            if (m < 0)
                return false;
            if (m == 1) {
                run = field(cc, "consequence");
                break;
            }
        }
    }
    walk(t, run);
    return true;
}

/* lst.pop(i) / lst.shift() on a list whose every element is known: the elements after i
 * move down one. False when the list is not followed that precisely. */
static bool list_remove(struct tctx *t, struct binding *c, TSNode m, TSNode args)
{
    long long idx = c->len - 1;
    if (c->len <= 0 || c->level != t->cond)
        return false;
    if (text_is(t, m, "shift"))
        idx = 0;
    else if (!text_is(t, m, "pop") || nchild(args) > 1 ||
             (nchild(args) == 1 && !int_literal(t, child(args, 0), &idx)))
        return false;
    if (idx < 0)
        idx += c->len;
    if (idx < 0 || idx >= c->len)
        return false;
    size_t cn = c->nlen;
    const char *cname = c->name;
    for (long long i = idx; i + 1 < c->len; i++) {
        char key[32];
        int kl = snprintf(key, sizeof key, "#%lld", i + 1);
        c = lookup(t, cname, cn);
        struct binding *e = lookup_elem(t, c, key, (size_t)kl);
        if (e == NULL)
            return false;
        struct origin eo = e->o;
        kl = snprintf(key, sizeof key, "#%lld", i);
        bind_elem(t, c, key, (size_t)kl, eo);
    }
    c = lookup(t, cname, cn);
    c->len--;
    return true;
}

/* Calls that change a container: x.append(v), list.push(v), m.update(v), s.add(v) make the
 * receiver hold v; lst.append(v) on a list whose every element is known binds the new last
 * element, conf.set('section', 'key', v) / m.set('k', v) bind that element, lst.pop(0)
 * moves the elements; any other change (sort, insert, clear, ...) makes the pass forget
 * the elements of the container. */
static void container_add(struct tctx *t, TSNode call)
{
    TSNode f = field(call, "function");
    if (!code_node_is(f, t->py ? "attribute" : "member_expression"))
        return;
    TSNode obj = field(f, "object"), m = field(f, t->py ? "attribute" : "property");
    TSNode args = field(call, "arguments");
    static const char *const adders[] = {"append", "extend", "insert", "add", "update", "push",
                                         "unshift", "set", "put", "setdefault", NULL};
    static const char *const changers[] = {"pop", "remove", "sort", "reverse", "clear", "shift",
                                           "splice", "popitem", "discard", "fill", "delete",
                                           "copyWithin", "__setitem__", "read", "read_dict",
                                           "read_string", "add_section", NULL};
    if (!code_node_is(obj, "identifier"))
        return;
    /* JS: record.update({...}) saves a model (Sequelize, Mongoose), hash.update(x) feeds a
     * digest: neither makes the object hold the value (Python's dict.update does) */
    if (!t->py && text_is(t, m, "update"))
        return;
    size_t len;
    const char *p = ntext(t, obj, &len);
    struct binding *c = lookup(t, p, len);
    if (c != NULL && c->module != NULL)
        return;
    uint32_t na = nchild(args);
    if (t->py && text_is(t, m, "setFeature") && na == 2) {
        /* parser.setFeature(feature_external_ges, True): the parser resolves entities */
        size_t fl;
        const char *fp = ntext(t, child(args, 0), &fl);
        if ((has_word(fp, fl, "feature_external_ges") || has_word(fp, fl, "feature_external_pes")) &&
            code_node_is(child(args, 1), "true")) {
            struct origin o = c != NULL ? c->o : o_const();
            o.flags |= OF_XXE;
            (void)bind_name(t, p, len, o);
        }
        return;
    }
    if (c != NULL && (text_is(t, m, "append") || text_is(t, m, "push")) && na == 1 &&
        c->len >= 0 && c->level == t->cond) {
        struct origin o = eval(t, child(args, 0));
        char key[32];
        int kl = snprintf(key, sizeof key, "#%d", c->len);
        c = bind_name(t, p, len, o_join(c->o, o));
        bind_elem(t, c, key, (size_t)kl, o);
        lookup(t, p, len)->len++;
        return;
    }
    if (c != NULL && (text_is(t, m, "set") || text_is(t, m, "put")) && na >= 2) {
        char key[ELEM_KEY_MAX];
        size_t kl = 0;
        bool konst = true;
        for (uint32_t i = 0; i + 1 < na && konst; i++) {
            if (i > 0)
                key[kl++] = '\x1e';
            konst = key_part(t, NULL, child(args, i), key, &kl, sizeof key - 1);
        }
        if (konst) {
            struct origin o = eval(t, child(args, na - 1));
            struct origin prior = c->o;
            struct binding *e = lookup_elem(t, c, key, kl);
            if (e != NULL)
                prior = e->o;
            c = bind_name(t, p, len, o_join(c->o, o));
            bind_elem(t, c, key, kl, t->cond > 0 ? o_join(prior, o) : o);
            return;
        }
    }
    if (c != NULL && list_remove(t, c, m, args))
        return;
    bool adder = part_in(t, m, adders) ||
                 (t->py && (text_is(t, m, "write") || text_is(t, m, "writelines")));
    if (c != NULL && (adder || part_in(t, m, changers))) {
        c->reset = ++t->seq;
        c->len = -1;
    }
    if (!adder)
        return;
    struct origin o = eval_children(t, args, o_const());
    if (o.lvl == T_CONST && !(o.flags & (OF_SHNAME | OF_SHDASHC)))
        return;
    c = lookup(t, p, len);
    unsigned reset = c != NULL ? c->reset : 0;
    c = bind_name(t, p, len, c != NULL ? o_join(c->o, o) : o);
    c->reset = reset > c->reset ? reset : c->reset;
}

/* A Python class: its bases say whether its methods handle HTTP requests (http.server's
 * *RequestHandler: self.path/self.headers; a class-based view: def get(self, req)). */
static void walk_py_class(struct tctx *t, TSNode n)
{
    size_t len;
    const char *p = ntext(t, field(n, "superclasses"), &len);
    bool old_h = t->py_handler, old_v = t->py_view;
    t->py_handler = has_sub(p, len, "RequestHandler") && !has_sub(p, len, "tornado");
    t->py_view = has_sub(p, len, "View") || has_sub(p, len, "Resource") ||
                 has_sub(p, len, "Endpoint");
    walk_children(t, n);
    t->py_handler = old_h;
    t->py_view = old_v;
}

static void walk(struct tctx *t, TSNode n)
{
    if (ts_node_is_null(n) || t->depth > TAINT_MAX_DEPTH)
        return;
    const char *ty = ntype(n);
    if (strcmp(ty, "template_string") == 0)
        check_built_string(t, n);
    if (strcmp(ty, "comment") == 0 || strcmp(ty, "string") == 0 ||
        strcmp(ty, "template_string") == 0 || strcmp(ty, "number") == 0)
        return;
    if (strcmp(ty, "binary_expression") == 0)
        check_built_string(t, n);
    t->depth++;
    if (is_function(ty)) {
        walk_function(t, n);
    } else if (strcmp(ty, "variable_declarator") == 0) {
        TSNode name = field(n, "name"), value = field(n, "value");
        walk(t, value);
        if (!ts_node_is_null(value) && !code_js_imports(t->s->data, t->s->len, n, import_bind, t) &&
            !client_alias(t, name, value)) {
            struct origin o = eval(t, value);
            check_random(t, n, name, o);
            bind_target(t, name, o);
            init_elems(t, name, value);
            set_from(t, name, value);
            set_made(t, name, value);
            js_req_taken_from(t, name, value);
            js_req_destructured(t, name, value);
        }
    } else if (strcmp(ty, "assignment_expression") == 0 || strcmp(ty, "assignment") == 0) {
        TSNode l = field(n, "left"), r = field(n, "right");
        walk(t, r);
        if (!ts_node_is_null(r) && !client_alias(t, l, r)) {
            struct origin o = eval(t, r);
            check_sink_assign(t, n, l, r);
            check_random(t, n, l, o);
            py_built_string(t, r, true);
            bind_target(t, l, o);
            init_elems(t, l, r);
            set_from(t, l, r);
            set_made(t, l, r);
        }
    } else if (strcmp(ty, "augmented_assignment_expression") == 0 ||
               strcmp(ty, "augmented_assignment") == 0) {
        TSNode l = field(n, "left"), r = field(n, "right");
        walk(t, r);
        struct origin o = o_join(eval(t, l), eval(t, r));
        if (o.lvl > T_CONST && code_node_is(r, "string")) {
            size_t len;
            const char *p = ntext(t, r, &len);
            o.flags |= sql_flag(p, len);
        }
        check_sink_assign(t, n, l, r);
        if (!t->py)
            check_random(t, n, l, eval(t, r)); /* token += chars[Math.random() * n | 0] */
        bind_target(t, l, o);
    } else if ((strcmp(ty, "for_statement") == 0 && t->py) ||
               strcmp(ty, "for_in_statement") == 0) {
        walk(t, field(n, "right"));
        bind_target(t, field(n, "left"), eval(t, field(n, "right")));
        t->cond++;
        walk(t, field(n, "body"));
        walk(t, field(n, "alternative"));
        t->cond--;
    } else if (strcmp(ty, "call_expression") == 0 || strcmp(ty, "call") == 0 ||
               strcmp(ty, "new_expression") == 0) {
        check_sink_call(t, n);
        walk_children(t, n);
        call_helper(t, n);
        if (!code_node_is(n, "new_expression"))
            container_add(t, n);
    } else if (strcmp(ty, "import_statement") == 0 && !t->py) {
        code_js_imports(t->s->data, t->s->len, n, import_bind, t);
    } else if (strcmp(ty, "import_statement") == 0 || strcmp(ty, "import_from_statement") == 0) {
        code_py_imports(t->s->data, n, import_bind, t);
    } else if (strcmp(ty, "if_statement") == 0 && const_cond(t, field(n, "condition")) >= 0) {
        /* if (7 * 42 - num > 200) ...: only the branch that runs */
        bool taken = const_cond(t, field(n, "condition")) == 1;
        TSNode alt = field(n, "alternative");
        if (taken)
            walk(t, field(n, "consequence"));
        else if (code_node_is(alt, "else_clause"))
            walk(t, code_node_is(alt, "else_clause") && t->py ? field(alt, "body") : alt);
        else if (!ts_node_is_null(alt)) {
            t->cond++;
            walk(t, alt);
            t->cond--;
        }
    } else if (strcmp(ty, "if_statement") == 0) {
        walk(t, field(n, "condition"));
        t->cond++;
        uint32_t c = nchild(n);
        for (uint32_t i = 0; i < c; i++) {
            TSNode k = child(n, i);
            if (!ts_node_eq(k, field(n, "condition")))
                walk(t, k);
        }
        t->cond--;
        guard_clause(t, n);
        guard_replace(t, n);
    } else if (strcmp(ty, "match_statement") == 0 && walk_const_match(t, n)) {
        /* done: only the case that runs */
    } else if (is_branch(ty)) {
        t->cond++;
        walk_children(t, n);
        t->cond--;
    } else if (strcmp(ty, "as_pattern") == 0 && t->py) {
        /* with requests.Session() as s: / with open(p) as f: */
        TSNode value = child(n, 0), alias = field(n, "alias");
        walk(t, value);
        TSNode target = code_node_is(alias, "as_pattern_target") ? child(alias, 0) : alias;
        if (!client_alias(t, target, value) && code_node_is(target, "identifier"))
            bind_target(t, target, eval(t, value));
    } else if (strcmp(ty, "class_definition") == 0 && t->py) {
        walk_py_class(t, n);
    } else if (strcmp(ty, "object") == 0 && !t->py) {
        check_html_answer(t, n);
        walk_children(t, n);
    } else if (strcmp(ty, "jsx_attribute") == 0) {
        check_jsx_attr(t, n);
        walk_children(t, n);
    } else if (strcmp(ty, "return_statement") == 0 && !t->py) {
        walk_children(t, n);
        js_random_return(t, n, child(n, 0));
    } else if (strcmp(ty, "return_statement") == 0 && t->py) {
        py_return(t, n);
        py_built_string(t, child(n, 0), false);
        walk_children(t, n);
    } else {
        walk_children(t, n);
    }
    t->depth--;
}

void taint_run(const struct code_src *src, TSNode root, unsigned want, taint_report_fn report_fn,
               void *ctx)
{
    struct tctx t;
    memset(&t, 0, sizeof t);
    t.s = src;
    t.py = src->lang == CL_PY;
    t.want = want;
    /* Python: SQL text built a few lines above the query that runs it (py_built_string) is
     * handed over as SK_SQLSTR only for that query's finding to start there (flush_hits);
     * no Python rule reports SK_SQLSTR itself */
    if (t.py && (want & (1u << SK_SQL)))
        t.want |= 1u << SK_SQLSTR;
    t.report = report_fn;
    t.rctx = ctx;
    t.use_server = !t.py && use_server_body(&t, root);
    t.py_fastapi = t.py && (has_sub(src->data, src->len, "from fastapi") ||
                            has_sub(src->data, src->len, "import fastapi"));
    collect_functions(&t, root);
    walk(&t, root);
    flush_hits(&t);
    free(t.out);
    pop_to(&t, 0);
    for (size_t i = 0; i < t.nfs; i++)
        free(t.fs[i].hits);
    free(t.fs);
    free(t.done);
    free(t.b);
}

/* ---- settings the user opts into ---- */

/* Does the text name an opt-out of a safety check (insecure, noVerify, no-verify,
 * verifySsl, allowUnauthorized, rejectUnauthorized, strictSSL, selfSigned, ignoreCertErrors,
 * allowUnsafe...)? Compared without case, '-' and '_'. Words of a check in general
 * (verified, verifyToken(...), unauthorized, unsafe) are not enough: `if (user.verified)`
 * or `if (res.status === UNAUTHORIZED)` guards something else. */
static bool optout_text(const char *p, size_t n)
{
    static const char *const words[] = {
        "insecure",    "noverif",       "skipverif",     "disableverif",  "verifyssl",
        "sslverif",    "verifytls",     "tlsverif",      "verifycert",    "certverif",
        "verifypeer",  "peerverif",     "verifyhost",    "hostverif",     "verifyserver",
        "serververif", "allowunauthori", "rejectunauthori", "selfsigned", "strictssl",
        "ignorecert",  "invalidcert",   "allowinvalid",  "allowunsafe",   "unsafessl",
        "unsafetls",   "unsafecert",    "unsafehttp",    "ignoretls",     "ignoressl",
        "ignorehttps", "trustall",      "skipssl",       "skiptls",       "dangerously",
        "sslmode",     "tlsmode",       NULL};
    char buf[256];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof buf; i++) {
        if (p[i] != '-' && p[i] != '_')
            buf[k++] = (char)tolower((unsigned char)p[i]);
    }
    for (size_t i = 0; words[i] != NULL; i++) {
        size_t m = strlen(words[i]);
        for (size_t j = 0; j + m <= k; j++) {
            if (memcmp(buf + j, words[i], m) == 0)
                return true;
        }
    }
    /* an option named just `verify` (requests-style `opts.verify`, `'verify'`), not a call
     * of a verify() function nor a longer word (verified, verifyToken) */
    for (size_t j = 0; j + 6 <= n; j++) {
        if (strncasecmp(p + j, "verify", 6) != 0 ||
            (j > 0 && (isalnum((unsigned char)p[j - 1]) || p[j - 1] == '_')))
            continue;
        size_t e = j + 6;
        if (e == n || (!isalnum((unsigned char)p[e]) && p[e] != '_' && p[e] != '(' &&
                       p[e] != '$'))
            return true;
    }
    return false;
}

/* JS: does the name say the code stands in for the real thing (an emulator, a mock, a
 * fake, a stub)? EmulatorSignatureVerifier, createMockServer, fakeAuth; not a word that
 * merely holds the letters (stubborn, mockup is still a mock). */
static bool stand_in_name(const char *p, size_t n)
{
    /* `whole`: the word must end where a lower-case letter does not follow (stubborn) */
    static const struct {
        const char *w;
        bool whole;
    } words[] = {{"emulator", false}, {"mock", false}, {"fake", false}, {"stub", true}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t m = strlen(words[i].w);
        for (size_t j = 0; j + m <= n; j++) {
            if (strncasecmp(p + j, words[i].w, m) != 0)
                continue;
            /* a word of its own: starts the name, follows '_' or a lower-case letter
             * (camelCase: fakeAuth, createMockServer) */
            bool start = j == 0 || p[j - 1] == '_' || p[j - 1] == '$' ||
                         (isupper((unsigned char)p[j]) && islower((unsigned char)p[j - 1]));
            bool end = !words[i].whole || j + m == n || !islower((unsigned char)p[j + m]);
            if (start && end)
                return true;
        }
    }
    return false;
}

/* JS: the function holding n (or the class of the method holding it) is named as a
 * stand-in (stand_in_name). */
static bool js_in_stand_in(const char *data, size_t len, TSNode fn)
{
    for (TSNode c = fn; !ts_node_is_null(c); c = ts_node_parent(c)) {
        const char *ty = ntype(c);
        TSNode name = null_node();
        if (is_function(ty) || strcmp(ty, "class_declaration") == 0 ||
            strcmp(ty, "class") == 0)
            name = field(c, "name");
        if (strcmp(ty, "variable_declarator") == 0)
            name = field(c, "name");
        size_t nl;
        const char *np = span_text(data, len, name, &nl);
        if (!ts_node_is_null(name) && np != NULL && stand_in_name(np, nl))
            return true;
    }
    return false;
}

/* Python: does the text of n equal s? */
static bool py_span_is(const char *data, size_t len, TSNode n, const char *s)
{
    size_t l;
    const char *p = span_text(data, len, n, &l);
    return !ts_node_is_null(n) && l == strlen(s) && memcmp(p, s, l) == 0;
}

/* Python: does the subtree n set `x.verify_mode = name` (a variable, not a CERT_ constant)? */
static bool py_sets_verify_mode_from(const char *data, size_t len, TSNode n, int depth)
{
    if (depth > 64)
        return false;
    if (code_node_is(n, "assignment")) {
        TSNode l = field(n, "left"), r = field(n, "right");
        size_t rl;
        const char *rp = span_text(data, len, r, &rl);
        if (code_node_is(l, "attribute") && py_span_is(data, len, field(l, "attribute"), "verify_mode") &&
            code_node_is(r, "identifier") && !(rl >= 5 && memcmp(rp, "CERT_", 5) == 0))
            return true;
    }
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++) {
        if (py_sets_verify_mode_from(data, len, ts_node_named_child(n, i), depth + 1))
            return true;
    }
    return false;
}

/* Python: `x.check_hostname = False` in TLS plumbing, not a connection made unsafe: under a
 * test of the host name (asyncio's `if not server_hostname:`, no name to check), or in a
 * function that sets verify_mode from a variable (urllib3's create_urllib3_context turns
 * the hostname check off before its caller's cert_reqs selects the mode). A literal
 * CERT_NONE or a conditional on a flag stays reported. */
static bool py_hostname_plumbing(const char *data, size_t len, TSNode n)
{
    TSNode l = field(n, "left");
    if (!code_node_is(n, "assignment") || !code_node_is(l, "attribute") ||
        !py_span_is(data, len, field(l, "attribute"), "check_hostname"))
        return false;
    TSNode top = null_node();
    for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); p = ts_node_parent(p)) {
        if (code_node_is(p, "if_statement") || code_node_is(p, "elif_clause")) {
            size_t tl;
            const char *tp = span_text(data, len, field(p, "condition"), &tl);
            if (memmem(tp, tl, "hostname", 8) != NULL)
                return true;
        }
        if (code_node_is(p, "function_definition"))
            top = p;
    }
    return !ts_node_is_null(top) && py_sets_verify_mode_from(data, len, top, 0);
}

bool code_optout_guarded(const char *data, size_t len, TSNode n)
{
    if (py_hostname_plumbing(data, len, n))
        return true;
    TSNode c = n;
    for (int depth = 0; depth < 64; depth++) {
        TSNode p = ts_node_parent(c);
        if (ts_node_is_null(p))
            return false;
        if (is_function(ntype(p)))
            return (code_node_is(p, "method_definition") || code_node_is(p, "function_declaration") ||
                    code_node_is(p, "arrow_function") || code_node_is(p, "function_expression") ||
                    code_node_is(p, "function")) &&
                   js_in_stand_in(data, len, p);
        TSNode test = null_node(), test2 = null_node();
        const char *ty = ntype(p);
        if (strcmp(ty, "if_statement") == 0 || strcmp(ty, "elif_clause") == 0) {
            test = field(p, "condition");
        } else if (strcmp(ty, "ternary_expression") == 0 ||
                   strcmp(ty, "conditional_expression") == 0) {
            test = field(p, "condition");
            if (ts_node_is_null(test)) /* Python: body if condition else other */
                test = child(p, 1);
        } else if (strcmp(ty, "switch_case") == 0) {
            test = field(p, "value");
            TSNode sw = parent_of(parent_of(p));
            if (code_node_is(sw, "switch_statement"))
                test2 = field(sw, "value");
        } else if (strcmp(ty, "pair") == 0 && !ts_node_eq(c, n)) {
            /* { https: agent, httpsAllowUnauthorized: new Agent({ rejectUnauthorized: false }) }:
             * the variant offered for those who ask for it */
            test = field(p, "key");
        } else if (strcmp(ty, "binary_expression") == 0 || strcmp(ty, "boolean_operator") == 0) {
            size_t ol;
            const char *op = span_text(data, len, field(p, "operator"), &ol);
            if ((ol == 2 && (memcmp(op, "&&", 2) == 0 || memcmp(op, "||", 2) == 0 ||
                             memcmp(op, "or", 2) == 0)) ||
                (ol == 3 && memcmp(op, "and", 3) == 0))
                test = field(p, "left"); /* opts.insecure && { rejectUnauthorized: false } */
        }
        if (!ts_node_eq(test, c)) {
            size_t tl;
            const char *tp = span_text(data, len, test, &tl);
            if (!ts_node_is_null(test) && tp != NULL && optout_text(tp, tl))
                return true;
            tp = span_text(data, len, test2, &tl);
            if (!ts_node_is_null(test2) && tp != NULL && optout_text(tp, tl))
                return true;
        }
        c = p;
    }
    return false;
}

/* ---- value equality ---- */

bool code_in_equality_method(const char *data, size_t len, TSNode n)
{
    static const char *const names[] = {"equals", "isEqual", "equal", "isEquivalent", "sameAs",
                                        "isSame", "__eq__", "__ne__", NULL};
    if (!code_node_is(n, "binary_expression") && !code_node_is(n, "comparison_operator"))
        return false;
    TSNode c = n;
    for (int depth = 0; depth < 64; depth++) {
        TSNode p = ts_node_parent(c);
        if (ts_node_is_null(p))
            return false;
        if (is_function(ntype(p))) {
            TSNode name = field(p, "name");
            size_t nl;
            const char *np = span_text(data, len, name, &nl);
            return !ts_node_is_null(name) && np != NULL && in_list(np, nl, names) &&
                   (code_node_is(p, "method_definition") ||
                    code_node_is(p, "function_definition"));
        }
        c = p;
    }
    return false;
}
