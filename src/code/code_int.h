/*
 * code_int.h - what the files of src/code/ share: languages, the parsed source, and the
 * interface between the rule runner (code.c) and the taint pass (taint.c).
 */
#ifndef VG_CODE_CODE_INT_H
#define VG_CODE_CODE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "code/code.h"

enum code_lang { CL_JS, CL_TS, CL_TSX, CL_PY, CL_N };

/* The grammar for a path by extension, or -1. */
int code_lang_of(const char *path);
const TSLanguage *code_language(enum code_lang l);

/* How sure the pass is that a value reaching a sink is attacker-controlled. */
enum taint_level {
    T_CONST,   /* literals, numbers, booleans, sanitised values */
    T_UNKNOWN, /* a non-literal of unknown origin (a global, a call result) */
    T_PARAM,   /* derived from a parameter of the enclosing function */
    T_REQUEST, /* derived from request data (query, body, params, headers, cookies, ...) */
};

/* The sinks the taint pass knows (the `check:` names are "<sink>.request" and
 * "<sink>.dynamic", docs/rules.md). */
enum sink_kind {
    SK_EVAL,     /* eval / exec (Python) */
    SK_FUNCTION, /* new Function(...) */
    SK_VM,       /* Node vm */
    SK_CMD,      /* shell commands */
    SK_SQL,      /* SQL text built from data */
    SK_PATH,     /* file system paths */
    SK_SSRF,     /* outgoing HTTP requests */
    SK_REDIRECT, /* redirects */
    SK_XSS,      /* HTML responses (res.send, HttpResponse), Markup / mark_safe */
    SK_HTML,     /* DOM HTML sinks: innerHTML, outerHTML, insertAdjacentHTML, document.write */
    SK_REACT,    /* dangerouslySetInnerHTML */
    SK_SSTI,     /* templates compiled from data (render_template_string) */
    SK_DESER,    /* pickle, marshal, node-serialize */
    SK_YAML,     /* yaml.load without a safe Loader */
    SK_REGEXP,   /* regular expressions built from data */
    SK_RAND,     /* Math.random / random.* stored as a token, password, session id, cookie */
    SK_XPATH,    /* XPath expressions built from data (lxml, elementpath, xpath, evaluate) */
    SK_LDAP,     /* LDAP search filters built from data (ldap3, python-ldap, ldapjs) */
    SK_XXE,      /* XML parsed by a parser that resolves external entities */
    SK_PROTO,    /* objects merged or set from data (lodash merge/set, deep merges) */
    SK_HEADER,   /* response headers set from data (res.set, setHeader, writeHead) */
    SK_SQLSTR,   /* JS: SQL text built from request data (reported where it is built) */
    SK_HTMLSTR,  /* JS: HTML markup built from request data (reported where it is built) */
    SK_BROWSER,  /* JS: pages a headless browser loads or scripts it runs (puppeteer,
                    playwright, phantom, chrome-remote-interface) */
    SK_KEY,      /* JS: a string constant used as a signing, HMAC, cipher or session key */
    SK_CLEAR,    /* JS: a constant http:// URL (held in a variable) an HTTP client requests */
    SK_NOSQL,    /* Python: MongoDB filters, updates and pipelines, DynamoDB scan/query
                    filters holding request data */
    SK_REDOS,    /* JS: data matched against a regex literal with a nested quantifier */
    SK_XMLPARSE, /* Python: XML parsed by the standard library or lxml (not defusedxml) */
    SK_FWRITE,   /* Python: request data written with .write() to a file or stream */
    SK_NAN,      /* Python: request data cast with float()/bool()/complex() (NaN injection) */
    SK_URL,      /* JS: URLs a page loads or links to (script/iframe src, a href, form action,
                    setAttribute('src'|'href', x)) */
    SK_N,
};
/* taint_run's `want` is a mask of 1u << sink: one bit per sink of a 32-bit unsigned. */
_Static_assert(SK_N <= 32, "sink_kind no longer fits taint_run's 32-bit want mask");

const char *code_sink_name(enum sink_kind k);

struct code_src {
    const char *data;
    size_t len;
    enum code_lang lang;
};

/* One result of the taint pass: `sink` reached by a value of `level`; `src_node` is where
 * the value came from (null node when unknown). */
struct taint_hit {
    enum sink_kind sink;
    enum taint_level level;
    TSNode node;     /* the sink call or assignment */
    TSNode src_node; /* the source expression, or a null node */
    bool capped;     /* request data does not raise the confidence (a sink known by a
                        generic name only, such as a local merge()) */
    bool guess;      /* JS: the request data is a member no table names (req.foo): the
                        finding keeps the rule's confidence, at most medium */
    bool cli;        /* Python: the "request data" is a command-line argument (sys.argv):
                        low confidence, at most medium severity */
    bool typed;      /* Python: the "request data" is what a user types (input(), stdin) */
    bool whole;      /* JS: the request data is the request's whole address or host (req.url,
                        req.headers.host): at most medium confidence */
    bool contained;  /* JS: the path is an archive entry's, in a file that checks entry paths
                        for parent segments ('..'); Python: pickle/marshal of a value that
                        is not request data, or a program started without a shell that is
                        not request data; JS: a Math.random() token in a function that uses
                        crypto's random source otherwise (a fallback): low confidence, at
                        most medium severity */
    TSNode from;     /* JS: where the SQL text or HTML the sink runs was built from request
                        data, when that is a few lines above the sink (the finding starts
                        there), or a null node */
    bool join;       /* JS: the sink is a path.join/resolve (the joined path a file API may
                        open a few lines below: then one finding, from the join) */
};
typedef void (*taint_report_fn)(void *ctx, const struct taint_hit *h);

/* Run the pass over a parsed file; `want` says which sinks are wanted (1 << sink). */
void taint_run(const struct code_src *src, TSNode root, unsigned want, taint_report_fn report,
               void *ctx);

/* The members of the request object (`req.<m>` in JavaScript, `request.<m>` in Python) the
 * pass takes as request data; NULL-terminated. The request-data prefilter of
 * rules/code/tree-*.yaml must select a file that reads any of them (test_code.c checks). */
const char *const *taint_request_members(bool py);

/* Helpers over nodes (taint.c). */
bool code_node_is(TSNode n, const char *type);
/* The text of string literal n (a Python prefix such as r or b, and single or triple quotes
 * taken off; no interpolation): p[0..len) inside data[0..size). False for another node. */
bool code_literal_value(const char *data, size_t size, TSNode n, const char **p, size_t *len);
/* Does code p[0..n) name the identifier w[0..m) (a whole JavaScript/Python word)? */
bool code_names_ident(const char *p, size_t n, const char *w, size_t m);
/* Each binding of a Python import statement `st` of the file `data`: fn(ctx, the bound
 * name's node, the dotted path it stands for). */
typedef void (*code_import_fn)(void *ctx, TSNode name, const char *path, size_t len);
void code_py_imports(const char *data, TSNode st, code_import_fn fn, void *ctx);
/* The bindings of a JavaScript/TypeScript `import` statement or a `variable_declarator`
 * whose value is require('m') (or require('m').x), for a file of `size` bytes: fn(ctx, the
 * bound name's node, the dotted path, e.g. "child_process.exec"; a `node:` scheme is
 * dropped). True when n is such an import. */
bool code_js_imports(const char *data, size_t size, TSNode n, code_import_fn fn, void *ctx);
/* A JavaScript module name as the bindings name it: without a `node:` scheme (node:fs is
 * fs). */
void code_js_module_name(const char **mod, size_t *len);
/* False only when sink k cannot be reported in a file with these bytes (what the taint pass
 * needs to see in the text: SK_RAND a secret's name or a cookie, outside comments when lang,
 * the file's checks_language name, is given); code.c does not parse a file none of whose
 * selected rules can report. */
bool taint_may_report(enum sink_kind k, const char *lang, const char *data, size_t len);
/* The file-wide form of a query's #match? regex (code.c, file gates); NULL: none. */
char *code_file_regex(const char *re);
/* Is node n (in a file of `len` bytes) under a condition that names a user's opt-out of a
 * safety check (`if (opts.insecure)`, `case 'no-verify':`, `allowUnauthorized ? a : b`,
 * `tlsInsecure && {...}`, `switch (config.sslmode)`) or a key that does
 * (`{ httpsAllowUnauthorized: new Agent({...}) }`) within its function? Such a setting is
 * the option doing what it says: reported at medium severity and low confidence. */
bool code_optout_guarded(const char *data, size_t len, TSNode n);
/* Is node n a comparison (a === b, a == b) in the body of a value-equality method
 * (equals(other), isEqual, __eq__)? Comparing an object's fields with another's, a password
 * or a secret among them, is not a login or signature check: medium severity, low
 * confidence. */
bool code_in_equality_method(const char *data, size_t len, TSNode n);
/* 1-based line of a node's start. */
unsigned code_node_line(TSNode n);

#endif
