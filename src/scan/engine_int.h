/*
 * engine_int.h - what the engine's own files share: the compiled engine, the per-thread
 * worker that scans one file, and the helpers that build results (result.c). Not for
 * callers outside src/scan/ (they use engine.h).
 */
#ifndef VG_SCAN_ENGINE_INT_H
#define VG_SCAN_ENGINE_INT_H

#include <hs.h>
#include <stdatomic.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "scan/engine.h"
#include "scan/rules.h"

/* A rule's match may span at most this many bytes (docs/rules.md). */
#define ENGINE_MAX_WIDTH 4096u
/* Hits kept per file before the file is marked truncated. */
#define ENGINE_MAX_HITS_PER_FILE ((size_t)1 << 18)
/* Content is binary when a NUL byte occurs in its first bytes. */
#define ENGINE_BINARY_PROBE 8192u
/* PCRE2 match limit per confirmation or file regex (a bound against hostile input). */
#define ENGINE_PCRE2_MATCH_LIMIT 1000000u
/* Prefilter rules: how far past Vectorscan's end PCRE2 may look (lookahead context). */
#define ENGINE_PREFILTER_SLACK 256u

/* A rule's PCRE2 codes: compiled at load, or at first use (engine_code) when the engine came
 * from the cache (a cached set was validated when it was written, and most rules never
 * hit). Reached through a pointer so a shared, const engine can fill them. */
struct engine_codes {
    _Atomic(pcre2_code *) end; /* PCRE2_ENDANCHORED: confirm a hit ending at an offset */
    _Atomic(pcre2_code *) fwd; /* unanchored: prefilter rules and rule tests */
};

struct engine_rule {
    const struct rule *r;
    struct engine_codes *codes; /* &own (set by engine_from_set / engine_rule_compile) */
    struct engine_codes own;
    pcre2_code **requires;
    pcre2_code **excludes;
    unsigned max_width;
    bool prefilter;
    bool have_info; /* max_width and prefilter came from the database cache */
    unsigned dbi;   /* which database holds the pattern: 0 the main one, k: lang_db[k - 1] */
    bool named_shape; /* checks_named_shape_rule(r->id), looked up once when the engine is built */
};

/* Code rules limited to languages live in one database per language, scanned only over
 * files of that language. Rules limited to paths (and no language: .pgpass, .npmrc,
 * firebase.json, ...) share one more entry (lang ENGINE_PATH_DB), scanned only over files
 * one of them applies to. Everything else (secret rules, config rules, code rules for any
 * language) is in the main database, which every file goes through. */
#define ENGINE_PATH_DB ":paths" 
/* Rules with a trigger (engine.c, "Triggers") share one entry per distinct trigger and
 * flags: the trigger is a pattern of the main database (id set.n + the entry's index), and
 * the entry's database is scanned only over windows around the trigger's hits. The few
 * rules of an entry whose matches are much wider than most (engine_split_triggers) get
 * entries of their own, which follow it (`next`): one trigger hit opens a window of each
 * entry of the chain, each as wide as its own rules' widest match. */
#define ENGINE_TRIGGER_DB ":trigger"
#define ENGINE_MAX_LANG_DBS 40u
struct engine_lang_db {
    const char *lang; /* a checks_language() name (borrowed from a rule), or ":..." */
    hs_database_t *db;
    const char *trigger; /* ENGINE_TRIGGER_DB entries: the trigger (borrowed), its rule flags */
    unsigned trigger_flags;
    unsigned window; /* the widest match of its rules: how far around a trigger hit to look */
    unsigned next;   /* 1 + the index of the next entry of the same trigger; 0: none */
    bool follows;    /* an entry that another's `next` leads to: no pattern of its own */
};

struct engine_path_tail {
    unsigned rule;    /* rule index */
    const char *tail; /* borrowed from the rule's glob */
    size_t len;
};

struct scan_engine {
    struct rule_set set;
    struct engine_rule *er;      /* set.n entries */
    hs_database_t *db;           /* the main database; NULL when no rule is in it */
    struct engine_lang_db lang_db[ENGINE_MAX_LANG_DBS];
    size_t n_lang_db;
    unsigned path_dbi;    /* 1 + the lang_db index of ENGINE_PATH_DB; 0: no such rule */
    /* The literal end of each path glob of the rules filed there (what follows its last wildcard):
     * a path that ends with none of a rule's tails cannot match its paths, so most files
     * are ruled out with one memcmp per glob (match.c, path_db_for). */
    struct engine_path_tail *path_tails;
    size_t n_path_tails;
    /* The same for the pattern-less rules limited to paths: a file whose path ends with none
     * of a rule's tails is not one of its paths (match.c, file_rules). */
    struct engine_path_tail *file_tails;
    size_t n_file_tails;
    hs_scratch_t *scratch_proto; /* cloned per worker; fits every database */
    unsigned *file_rules;        /* indices of pattern-less rules */
    size_t n_file_rules;
    struct code_engine *code; /* the tree rules' queries and checks (src/code/) */
    char cache_name[65]; /* dbcache_load's key, kept for dbcache_store ("": not computed) */
};

/* er's end-anchored (end) or unanchored code, compiled now if it was left for its first use;
 * NULL when it does not compile. Thread-safe. */
pcre2_code *engine_code(const struct engine_rule *er, bool end);
/* Compile one pattern for PCRE2 with the rule's flags (+ extra options). Writes a message
 * to msg on failure and returns NULL. JIT-compiled when possible. */
pcre2_code *engine_pcre2_compile(const char *pattern, unsigned rule_flags, uint32_t extra,
                                 char *msg, size_t msg_len);
/* After this many matches of a regular expression in comments, engine_regex_in_code takes
 * the file as matching in code. */
#define ENGINE_COMMENT_MATCH_MAX 64
/* Does re match data[0, len) in code, in a file of language lang (a checks_language() name;
 * NULL: every byte is code)? A match counts unless both its first and its last byte are in
 * comments (checks_in_comment; a lead character before the construct may be the line break
 * that ends a comment). The search goes on one byte after a match in comments, not at the
 * next line (a block comment holding `$(` may close before a real `$(el)` on the same line).
 * After ENGINE_COMMENT_MATCH_MAX matches in comments, or when PCRE2 gives up (a match
 * limit), the file counts as matching. code rules' file_requires and the parse gate of the
 * code checks (a prefilter matched only in comments selects nothing) share it. With
 * outside_strings, a match whose first byte is inside a string literal does not count either
 * (checks_in_string; a tree rule's `prefilter_outside_strings`). */
bool engine_regex_in_code(const char *lang, const pcre2_code *re, pcre2_match_data *md,
                          pcre2_match_context *mctx, const char *data, size_t len,
                          bool outside_strings);
/* Compile one rule alone (PCRE2 codes, Vectorscan info); false with messages in errors.
 * engine_rule_release frees what it made. */
bool engine_rule_compile(struct engine_rule *er, struct buf *errors);
void engine_rule_release(struct engine_rule *er);
/* Build an engine from a validated rule set (taken even on failure). */
enum vg_err engine_from_set(struct rule_set *set_take, const char *cache_dir,
                            struct scan_engine **out, struct buf *errors);
/* The compiled-database cache (dbcache.c); cache_dir NULL disables it. */
bool dbcache_load(struct scan_engine *eng, const char *cache_dir);
void dbcache_store(struct scan_engine *eng, const char *cache_dir);
/* Delete all but the `keep` newest (by mtime) rules-*.hsdb files of dir. */
void dbcache_prune(const char *dir, size_t keep);
/* File each pattern rule under its database (er[i].dbi, lang_db[].lang); before
 * dbcache_load or compiling. */
void engine_group_rules(struct scan_engine *eng);
/* Once every rule's max_width is known: move the rules of a trigger entry that are wider
 * than its most common width class into entries of their own (chained by `next`), so
 * that a few wide rules do not widen every window of the many narrow ones. A function of
 * the grouping and the widths only (the cache relies on it). */
void engine_split_triggers(struct scan_engine *eng);
bool engine_rule_in_db(const struct scan_engine *eng, size_t i, unsigned dbi);
/* Vectorscan flags for a rule's flags. */
unsigned engine_hs_flags(unsigned rule_flags);

/* A Vectorscan hit: rule index and end offset. */
struct engine_hit {
    uint32_t rule;
    uint64_t end;
};

/* The main database's pass over one buffer (match.c): rule hits go to cb (ids are rule
 * indices, offsets in data), trigger hits are gathered in `trig` (reused, grown as needed)
 * and then each trigger entry's database is scanned over the merged windows around them,
 * its hits going to cb too. Returns false when cb stopped the scan. */
struct engine_trig_buf {
    struct engine_hit *v; /* rule: the lang_db index of the trigger entry */
    size_t n, cap;
};
bool engine_scan_main(const struct scan_engine *eng, hs_scratch_t *scratch, const char *data,
                      size_t len, struct engine_trig_buf *trig, match_event_handler cb,
                      void *ctx);

/* Content de-duplication shared by the workers of one scan (dedupe.c). Thread-safe. */
struct dedupe;
struct dedupe_key {
    uint64_t h[2];
    uint64_t len;
};
struct dedupe *dedupe_new(void);
void dedupe_free(struct dedupe *d);
void dedupe_key(const char *data, size_t len, struct dedupe_key *k);
/* Copy the remembered hits of this content into *hits (grown as needed); false if unseen. */
bool dedupe_get(struct dedupe *d, const struct dedupe_key *k, struct engine_hit **hits, size_t *n,
                size_t *cap);
void dedupe_put(struct dedupe *d, const struct dedupe_key *k, const struct engine_hit *hits,
                size_t n);

struct scan_worker;
struct scan_worker *worker_new(const struct scan_engine *eng);
/* Only secret rules read the next file worker_scan_file is given (scan/stream.c: a blob
 * that lives only in a git history); reset by that call. */
void worker_secrets_only_next(struct scan_worker *w, bool on);
void worker_free(struct scan_worker *w);

/* How many findings of `res` count against "exactly one finding, of r" for a positive
 * example of r: all of them, except findings of other file-level rules when r has a
 * pattern (those fire on every file of their paths, e.g. any .env or Dockerfile). */
size_t ruletest_counted_findings(const struct scan_engine *eng, const struct rule *r,
                                 const struct scan_result *res);
/*
 * Scan one file's content. Findings go to `res` (owned strings), statistics to `st`.
 * `lang` is checks_language(path), which the caller has already looked up.
 * `data` must stay valid during the call and have one readable byte past len (a NUL).
 * Thread-safe with other workers; one worker per thread.
 */
void worker_scan_file(struct scan_worker *w, const struct scan_options *opt, const char *path,
                      const char *lang, const char *data, size_t len, struct scan_result *res,
                      struct scan_stats *st, struct dedupe *dd);

/* Why a match's confidence was changed by a check; said in the finding's description. */
enum scan_note {
    NOTE_NONE,
    NOTE_CHECKSUM_OK,   /* the provider's checksum verifies: high */
    NOTE_CHECKSUM_BAD,  /* it does not: low, kept */
    NOTE_KEY_OK,        /* a private key's body parses (DER / openssh-key-v1) and is complete */
    NOTE_KEY_TRUNCATED, /* the body ends early or has no END line: low */
    NOTE_KEY_MALFORMED, /* the body does not decode to a key structure: low */
};

/* A confirmed match in one file, before it becomes a finding (match.c, then result.c). */
struct scan_cand {
    uint32_t rule;
    enum scan_confidence conf;
    size_t start, end;   /* the whole match */
    size_t sstart, send; /* the secret (== match without a secret group) */
    bool dead;
    enum scan_note note;
};

/* Per-thread matching state: a Vectorscan scratch cloned from the engine's (NULL without
 * a database), PCRE2 match data and a match context bounded by ENGINE_PCRE2_MATCH_LIMIT.
 * Aborts when out of memory, as xmalloc. */
struct engine_thread {
    hs_scratch_t *scratch;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
};
void engine_thread_init(const struct scan_engine *eng, struct engine_thread *t);
void engine_thread_release(struct engine_thread *t);

/* Run PCRE2 for a Vectorscan hit of er ending at `end`: fills c's match and secret
 * offsets. False when it does not confirm. */
bool engine_confirm(const struct engine_rule *er, uint64_t end, const char *data, size_t len,
                    pcre2_match_data *md, pcre2_match_context *mctx, struct scan_cand *c);

/* Masking (mask.c): what any evidence may show of a secret. One mask_ctx per thread. */
struct mask_ctx;
struct mask_ctx *mask_ctx_new(const struct scan_engine *eng);
void mask_ctx_free(struct mask_ctx *m);
/* How many leading characters of secret v (rule r, NULL: none) may be shown: the rule's
 * public prefix when v starts with it, plus 4 more when 20 or more stay hidden. */
size_t mask_shown(const struct rule *r, const char *v, size_t n);
/* v's shown characters then "****". Caller frees. */
char *mask_secret(const struct rule *r, const char *v, size_t n);
/* A copy of data[from, to) with every secret-looking token replaced by its masked form:
 * the secret rules' patterns, keyword detectors (password options and assignments,
 * user:pass@ URLs, Bearer/Basic) and an entropy guard, looking up to 256 bytes either
 * side of the span. Caller frees. */
char *mask_span(struct mask_ctx *m, const char *data, size_t len, size_t from, size_t to);
char *mask_text(struct mask_ctx *m, const char *s);
/* The entropy guard alone: a token of 20+ characters that looks random. */
bool mask_random_token(const char *t, size_t n);

/* Results (result.c). */
struct vegaignore;
/* A rule that loses overlaps (loses_overlaps, generic-*) gives way to any other rule on
 * overlapping bytes; between two such rules, the better ranked one stays (the loser is marked
 * dead). cands sorted by start, widest first. In dedupe.c. */
void result_resolve_overlaps(const struct scan_engine *eng, struct scan_cand *cands, size_t n);
/* Append the finding of c (rule r) to res: evidence, fingerprint, confidence signals.
 * *bundled caches checks_bundled_file for this file (-1 unknown). */
void result_emit(const struct rule *r, const struct scan_options *opt, struct mask_ctx *mk,
                 const char *path, const char *data, size_t len, const struct scan_cand *c,
                 unsigned line_start, unsigned line_end, int *bundled, struct scan_result *res);
/* A finding in a test, fixture, example, template or document (checks_context_path): one
 * level less sure and at most medium. Returns the sentence the description gets when the
 * severity was lowered, else NULL (result.c; code.c's tree findings too). */
const char *result_context_rating(const char *path, enum scan_severity *sev,
                                  enum scan_confidence *conf);
/* The rule's description followed by up to two notes (either may be NULL); NULL when both
 * are, for the caller to use the description as it is. Caller frees. */
char *result_description(const char *desc, const char *note, const char *more);
/* The fingerprint of a code finding: rule id, path and the matched text without
 * whitespace (result.c). */
void result_code_fingerprint(const struct scan_options *opt, const char *rule_id, const char *path,
                             const char *v, size_t n, char out[SCAN_FINGERPRINT_HEX + 1]);
/* The directory a once_per_dir finding is grouped under: the path up to its first
 * component named in `names`, else the file's directory ("." at the root). Caller frees. */
char *result_group_dir(const struct strlist *names, const char *path);
/* Keep one finding per (rule, directory) of the once_per_dir rules: the first path; its
 * evidence says how many files were folded into it. */
void result_collapse_dirs(const struct scan_engine *eng, struct scan_result *res);
/* Move src's findings to the end of dst (src keeps its other fields, no findings). */
void result_append(struct scan_result *dst, struct scan_result *src);
/* qsort order of reported findings: path, line, rule id. */
int result_finding_cmp(const void *x, const void *y);
/* A scan's list once every worker is merged: .vegaignore and baseline, once_per_dir
 * folding, the max_findings cap, order by path, line, rule, and the masker over every
 * finding's evidence and description (findings added by hooks included). True when the
 * cap cut it. */
bool result_finish(const struct scan_engine *eng, const struct vegaignore *vi,
                   const struct scan_options *opt, struct scan_result *res);

/* Statistics helpers (pipeline.c). */
void stats_add_lang(struct scan_stats *st, const char *lang, uint64_t bytes, uint64_t lines);
void stats_merge(struct scan_stats *dst, const struct scan_stats *src);

/* Suppression (suppress.c). */
struct vegaignore;
struct vegaignore *vegaignore_parse(const char *text);
void vegaignore_free(struct vegaignore *vi);
bool vegaignore_path(const struct vegaignore *vi, const char *path);
bool vegaignore_finding(const struct vegaignore *vi, const struct scan_finding *f);
/* Warn (opt->warn) about each `rule:ID` line of a .vegaignore text naming no rule of eng
 * nor of opt->manifest_rule_ids. */
void vegaignore_check_rules(const char *text, const struct scan_engine *eng,
                            const struct scan_options *opt);
/* An inline `vega:ignore` on the finding's line, or in a comment alone on the line above,
 * covers rule_id. */
bool suppress_inline(const char *data, size_t len, size_t match_start, const char *rule_id);
/* Drop findings matched by .vegaignore or the baseline; counts them in stats.suppressed. */
void suppress_filter(struct scan_result *res, const struct vegaignore *vi,
                     const struct scan_options *opt);

#endif
