/*
 * code.h - code checks on syntax trees (docs/checks.md, "Checks on syntax trees").
 *
 * Rules with `engine: tree` (docs/rules.md) keep a `pattern`: it goes into the engine's one
 * Vectorscan database like any rule, and a hit only *selects* the file. A file of a
 * supported language (JavaScript, TypeScript/TSX, Python) with at least one selected tree
 * rule is parsed once with tree-sitter; then each selected rule runs either its
 * tree-sitter `query` or a named `check` of the taint pass (taint.c), which follows request
 * data through assignments, string building and calls inside one function to a sink. Each
 * result becomes one finding at the sink line, with the source line in its description.
 *
 * Threads: a code_engine is read-only once built and shared; each scanning thread owns a
 * code_worker (tree-sitter parsers are not thread-safe).
 */
#ifndef VG_CODE_CODE_H
#define VG_CODE_CODE_H

#include <stdbool.h>
#include <stddef.h>

#include "scan/engine.h"
#include "scan/rules.h"
#include "util/buf.h"

/* Files larger than this are not parsed (tree rules give nothing there): hand-written
 * source files are far smaller; bigger ones are generated (bundles, parser tables, workers
 * built from many modules), and a parse costs ~10-30 MB/s, so a few of them would cost more
 * than reading every other byte of a repository (docs/checks.md). */
#define CODE_MAX_PARSE_BYTES ((size_t)128 * 1024)
/* A parse that takes longer than this is abandoned (hostile or generated input). */
#define CODE_PARSE_TIMEOUT_US 1000000u

struct code_engine;
struct code_worker;

/* Compile the queries and resolve the check names of the tree rules of `set` (borrowed; it
 * must outlive the engine). Problems are appended to `errors`, one line each, and counted
 * in *problems. `lazy`: the set is known to be valid (its compiled database was cached), so
 * each query compiles at its first use instead. Never returns NULL. */
struct code_engine *code_engine_new(const struct rule_set *set, bool lazy, struct buf *errors,
                                    size_t *problems);
void code_engine_free(struct code_engine *ce);

struct code_worker *code_worker_new(const struct code_engine *ce);
void code_worker_free(struct code_worker *cw);

/* Per file: forget the selected rules; select rule `i` (a tree rule whose prefilter hit;
 * hit_in_code: that hit is an exact match of the prefilter whose last byte is not in a
 * comment, so the prefilter matches in code without a search). */
void code_worker_reset(struct code_worker *cw);
void code_select(struct code_worker *cw, unsigned i, bool hit_in_code);
/* A file of developer tooling (scripts/, bin/, tools/, benchmark(s)/, bench/): the taint
 * pass reports only request data reaching a sink there (and weak random values named as
 * secrets: a seed script's password may well reach production). */
bool code_tooling_path(const char *path);

/* True when the file is of a language with a grammar but the code checks never parse it:
 * over CODE_MAX_PARSE_BYTES, minified, bundled or vendored (checks_bundled_file), or a test
 * file by name (code_test_file). The code-rule databases of those languages skip such
 * files too (match.c, lang_db_for): issue 11 lets code checks skip bundles and minified
 * files, and their regex rules would only report library code or tests there. */
bool code_file_skipped(const char *path, const char *data, size_t len);
/* A test file by name (checks_test_file_name: *.test.*, *_spec.*, test_*.*, conftest.py
 * ...) or anything under __tests__/. */
bool code_test_file(const char *path);

/* Parse the file (when its language has a grammar and a rule was selected) and run the
 * selected rules; findings go to `res`. `data` has len bytes. */
void code_scan_file(struct code_worker *cw, const struct scan_options *opt, const char *path,
                    const char *data, size_t len, struct scan_result *res, struct scan_stats *st);

/* True when a finding of the last code_scan_file covers part of data[start, end): a generic
 * secret rule's match there steps aside (a specific finding beats a generic one). */
bool code_covers(const struct code_worker *cw, size_t start, size_t end);

/* The grammar ABI the linked tree-sitter library accepts and the grammars' versions (for
 * tests and `vega version`-like reports). */
bool code_grammars_compatible(char *msg, size_t cap);

#endif
