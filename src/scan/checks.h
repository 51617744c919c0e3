/*
 * checks.h - the pure functions the engine applies after a confirmed match and to paths:
 * entropy, placeholder rejection, provider checksums, path globs, languages by extension,
 * and the "this path is a test/docs/example" context signal. No state, thread-safe.
 */
#ifndef VG_SCAN_CHECKS_H
#define VG_SCAN_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scan/rules.h"

/* Shannon entropy of s in bits per byte (0 for an empty string). */
double checks_entropy(const char *s, size_t n);

/* True when the value looks like a placeholder or a template rather than a secret:
 * EXAMPLE, xxxx, changeme, your-api-key, <token>, ${VAR}, {{ x }}, %VAR%, $VAR,
 * process.env.X, os.getenv(...), runs of one character, 123456 / abcdef sequences,
 * true/false/null. */
bool checks_is_placeholder(const char *s, size_t n);

/* Stricter test for values caught by generic (keyword = value) rules: identifiers, words,
 * paths, URLs without credentials, UUIDs, numbers, prose. True means "not a secret". */
bool checks_generic_reject(const char *s, size_t n);

/* A generic rule's value under a setting name (name[0..nn), the text before the value) that
 * names a provider by one of its keywords (`WANDB_API_KEY`, `lokaliseToken`) when the value
 * fits none of that provider's shapes and nearly fits one (a few characters short or long,
 * a password's `$` added): a near-miss of the provider's format, its own rule's to judge.
 * True means "not a secret". */
bool checks_named_shape_reject(const char *name, size_t nn, const char *v, size_t n);

/* A setting's name (the text before its value) that says the value is no secret: a word of
 * it is dummy, fake, mock, mocked, placeholder, example or bogus (`MOCK_TOKEN`,
 * `dummyHash`, `exampleApiKey`), or it names a push notification device token
 * (`deviceToken`, `DEVICE_TOKEN`: the address of an app install, not a credential). */
bool checks_name_not_secret(const char *name, size_t nn);

/* Whether rule `id` is one checks_named_shape_reject applies to: generic rules keyed on any
 * setting's name (generic-secret-assignment, generic-env-secret...). */
bool checks_named_shape_rule(const char *id);

/* Verify a named checksum. Returns true when the value carries a valid one. */
bool checks_checksum(enum rule_checksum kind, const char *s, size_t n);

/* A private key's body from data[start] (base64 across lines, escaped \n, quotes and
 * string concatenations): CHECKSUM_PEM wants one complete DER SEQUENCE, CHECKSUM_OPENSSH
 * an openssh-key-v1 structure, both followed by an -----END line. */
#define CHECKS_KEY_BODY_MAX 8192
enum checks_key { CHECKS_KEY_OK, CHECKS_KEY_TRUNCATED, CHECKS_KEY_MALFORMED };
enum checks_key checks_key_body(enum rule_checksum kind, const char *data, size_t len,
                                size_t start);

/* Glob match against a '/'-separated relative path: '*' and '?' stay within a component,
 * '**' spans components ('**' followed by '/' also matches zero components), [a-z] classes.
 * A pattern without '/' matches the last component (the file name). */
bool checks_glob(const char *pattern, const char *path);

/* Language of a path by extension or file name ("javascript", "python", ...), or NULL.
 * Static storage. */
const char *checks_language(const char *path);

/* True for test, fixture, example, mock and documentation paths (confidence drops one
 * level there). */
/* A test file by its name (the last path component, len bytes, any case): x.test.js,
 * x_test.go, x-spec.ts, x_spec.rb, test_x.py, conftest.py. */
bool checks_test_file_name(const char *name, size_t len);
bool checks_context_path(const char *path);
/* Is one of path's directories (not its file name) named one of names[0, n_names),
 * ignoring case? */
bool checks_path_has_dir(const char *path, const char *const *names, size_t n_names);

/* True for dependency manifests and lockfiles (package-lock.json, go.sum, ...). */
bool checks_is_manifest(const char *path);

/* Default ignored directory names: third-party trees and caches (node_modules, .git,
 * vendor, virtualenvs, bower_components, .cache, ...); build output is not among them. */
bool checks_ignored_dir(const char *name);
/* The same for a directory `name` inside `parent` (its name, NULL at the root): also
 * .next/cache. */
bool checks_ignored_subdir(const char *parent, const char *name);
/* A path inside build output (a dist/ build/ .next/ .nuxt/ .output/ out/ .svelte-kit/
 * coverage/ ... directory): secret rules read it, code and config rules do not (in the
 * default mode). */
bool checks_build_output(const char *path);
/* A TypeScript declaration file (x.d.ts, x.d.mts, x.d.cts): types only, no statements, so
 * code rules do not read it (secret rules do). */
bool checks_declaration_file(const char *path);

/* Fast non-cryptographic 128-bit content hash for de-duplication. */
void checks_hash128(const void *data, size_t n, uint64_t out[2]);

/* Minified, bundled or vendored code: a file name with .min. / -min. / .bundle. / .umd.,
 * a directory dist/ umd/ bundles/ compiled/ vendor/ third_party/ min/, or content of at
 * least CHECKS_MINIFIED_MIN_LEN bytes whose lines average over CHECKS_MINIFIED_AVG_LINE. */
#define CHECKS_MINIFIED_MIN_LEN 2048
#define CHECKS_MINIFIED_AVG_LINE 300
bool checks_bundled_file(const char *path, const char *data, size_t len);

/* Byte `pos` of a JavaScript/TypeScript or Python file (`lang`: a checks_language() name)
 * lies in a comment, as far as its own line and the block above show: after a line
 * comment opener or an unclosed block comment (JS/TS) or `#` (Python) outside a string on
 * the same line, or on a line starting with `*` inside a block comment opened at most
 * 4 KiB above (JSDoc). Other languages: false. Code rules' regular expressions are not
 * reported there. */
bool checks_in_comment(const char *lang, const char *data, size_t len, size_t pos);
/* Byte `pos` of a JavaScript/TypeScript file lies inside a string literal opened earlier on its
 * line ('...', "...", `...`): quotes and escapes are followed from the line's start, a
 * `${` substitution is code in any of them (a template's `${req.query.q}`; text after an
 * apostrophe of JSX stays code that way), and a block comment's end on the line starts it
 * afresh. Only the line is read, so a line inside a multi-line template counts as code; an
 * apostrophe in a regular expression literal or in a block comment that ends on the line
 * opens a string as far as this test knows. Other languages: false. */
bool checks_in_string(const char *lang, const char *data, size_t len, size_t pos);

#endif
