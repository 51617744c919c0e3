/*
 * rules.h - the rule pack as data: YAML files (docs/rules.md) parsed into plain structs.
 *
 * This module only reads and validates rule files; it compiles nothing (engine.c turns a
 * rule set into Vectorscan and PCRE2 code). Rules come from the files embedded in the
 * binary (every .yaml under rules/) and from extra directories given at run time. Not thread-safe
 * while loading; a loaded set is read-only.
 */
#ifndef VG_SCAN_RULES_H
#define VG_SCAN_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "scan/engine.h"
#include "util/buf.h"

enum rule_flag {
    RULE_CASELESS = 1 << 0,
    RULE_MULTILINE = 1 << 1,
    RULE_DOTALL = 1 << 2,
};

/* Named verifiers built into the engine (checks.c). */
enum rule_checksum {
    CHECKSUM_NONE,
    CHECKSUM_GITHUB_CRC32, /* ghp_/gho_/ghu_/ghs_/ghr_ and npm_: base62 CRC32 tail */
    CHECKSUM_LUHN,         /* card numbers */
    CHECKSUM_JWT,          /* header is base64url JSON with "alg" */
    CHECKSUM_PEM,          /* a PEM key body: base64 of a complete DER SEQUENCE, END line */
    CHECKSUM_OPENSSH,      /* an OpenSSH key body: openssh-key-v1, complete, END line */
};

/* Token checksums (github-crc32) and key structures (pem, openssh) never drop a match: a
 * failure keeps it at low confidence with the reason, a pass raises it to high. Format
 * validators (luhn, jwt) reject a value that fails: it is not of that kind at all. */
bool rules_checksum_keeps(enum rule_checksum kind);

/* Longest public prefix of a secret (rules' `prefix`). */
#define RULE_PREFIX_MAX 24

/* How a rule finds its matches: a regular expression (the default), or a syntax-tree check
 * (src/code/) that runs on files in which the rule's pattern (its prefilter) matched. */
enum rule_engine {
    RULE_ENGINE_REGEX,
    RULE_ENGINE_TREE,
};

struct rule_example {
    char *path;     /* file name the example is scanned as; "snippet.txt" by default */
    char *content;  /* the file's content */
    int confidence; /* positives: the finding's expected confidence (enum scan_confidence),
                     * -1 when the example does not say */
};

struct strlist {
    char **v;
    size_t n;
};

struct rule {
    char *id;
    char *title;
    char *category;
    char *description;
    char *recommendation;
    enum scan_severity severity;
    enum scan_confidence confidence;
    char *pattern; /* NULL for a file-level rule */
    /* A pattern every match of `pattern` contains (NULL: none): the rule is then looked for
     * only around the trigger's matches (engine.c, "Triggers"). Same flags as pattern. */
    char *trigger;
    unsigned flags;
    int secret_group; /* 0: the whole match */
    double entropy;   /* 0: no floor */
    enum rule_checksum checksum;
    bool generic; /* id starts with "generic-": loses overlaps, stricter value checks */
    /* `loses_overlaps: true` (or generic): a finding of any rule without the flag on an
     * overlapping byte range of the same file wins over this rule's (dedupe.c). */
    bool loses_overlaps;
    struct strlist languages;
    struct strlist paths;
    struct strlist exclude_paths;
    struct strlist file_requires;
    struct strlist file_excludes;
    struct strlist once_per_dir; /* file-level: one finding per directory of these names */
    /* The secret's public prefixes (sk_live_, AKIA, ghp_): what masked evidence may show.
     * From the rule's `prefix`, else derived from the pattern's literal start of the secret
     * group (rules_derive_prefix); '\x01' stands for one character of a class. */
    struct strlist prefix;
    struct strlist references;
    struct rule_example *examples;
    size_t n_examples;
    struct rule_example *negatives;
    size_t n_negatives;
    char *source; /* the file the rule came from, for messages */
    enum rule_engine engine;
    char *check; /* engine tree: a named check of src/code/ (docs/rules.md), or NULL */
    char *query; /* engine tree: a tree-sitter query, or NULL */
    /* `evidence: secret`: the finding's node is a hard-coded secret (a session or HMAC key
     * in a literal), so its quoted literals are masked whatever they look like. */
    bool evidence_secret;
    /* `prefilter_outside_strings: true` (tree rules of JavaScript/TypeScript): the pattern
     * names a code construct (request data, `new Function(`, `innerHTML =`), so a match that
     * starts inside a string literal (webpack's generated `"innerHTML = html;"`, the attribute
     * name 'http.request.header') selects nothing to parse, as a match in a comment does not. */
    bool prefilter_code;
};

struct rule_set {
    struct rule *rules;
    size_t n;
    size_t alloc;
};

/*
 * Parse one YAML document (the content of a rule file named `source`) and append its
 * rules to `set`. Problems are appended to `errors` as lines "source: rule 'id': what";
 * returns the number of problems found (0 when every rule in the file is valid). Invalid
 * rules are not added.
 */
size_t rules_parse(struct rule_set *set, const char *source, const char *data, size_t len,
                   struct buf *errors);

/*
 * Load the embedded rule files (when `embedded`) and every *.yaml / *.yml file under each
 * directory of `dirs` (recursively, in name order). Also checks that ids are unique.
 * Returns the number of problems, described in `errors`.
 */
size_t rules_load(struct rule_set *set, bool embedded, const char *const *dirs, size_t n_dirs,
                  struct buf *errors);

/* The literal starts of capture group `group` of pattern (alternatives of a leading
 * (?:a|b) expanded; a character class becomes '\x01'), appended to out. Empty when the
 * group starts with anything else. Exposed for tests. */
void rules_derive_prefix(const char *pattern, int group, struct strlist *out);

/* Append a formatted line to an error list (NULL: nothing). */
__attribute__((format(printf, 2, 3))) void rules_note(struct buf *errors, const char *fmt, ...);

/* Free every rule; the set is empty afterwards. Accepts NULL. */
void rules_release(struct rule_set *set);

#endif
