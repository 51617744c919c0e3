/*
 * engine.h - the public face of the detection engine: load the rule pack once, then scan
 * sources (a directory, a single file, an archive by path, fd or stream, or one in-memory
 * buffer) into findings and statistics.
 *
 * Lifecycle for a caller (the CLI, a server job worker):
 *
 *     struct scan_engine *eng = NULL;
 *     struct buf err = BUF_INIT;
 *     if (scan_engine_load(&(struct scan_engine_config){.embedded = true}, &eng, &err) != VG_OK)
 *         ... buf_cstr(&err) says which rule failed ...
 *     struct scan_options opt;
 *     scan_options_init(&opt);
 *     struct scan_result res = SCAN_RESULT_INIT;
 *     enum vg_err e = scan_path(eng, "/src/repo", &opt, &res);
 *     ... res.findings[0..res.n_findings), res.stats, res.error ...
 *     scan_result_release(&res);
 *     scan_engine_free(eng);
 *
 * Threads: a loaded engine is read-only and may be shared by any number of threads and
 * concurrent scans. Each scan call creates its own worker threads (opt.threads) with their
 * own scratch space, and returns when all of them finished.
 *
 * Secrets: the raw secret of a match never leaves the engine. Findings carry a masked
 * evidence string and a keyed fingerprint (BLAKE2b keyed with opt.fingerprint_key, over rule
 * id + secret). Buffers that held file content (and any copy of a matched value) are wiped
 * with sodium_memzero before they are freed.
 */
#ifndef VG_SCAN_ENGINE_H
#define VG_SCAN_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/buf.h"
#include "util/err.h"

enum scan_severity { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL };
enum scan_confidence { CONF_LOW, CONF_MEDIUM, CONF_HIGH };

/* Default limits (all configurable through struct scan_options). */
#define SCAN_DEFAULT_MAX_FILE_SIZE ((uint64_t)64 * 1024 * 1024)
#define SCAN_DEFAULT_MAX_ENTRIES ((uint64_t)1000000)
#define SCAN_DEFAULT_MAX_TOTAL_BYTES ((uint64_t)16 * 1024 * 1024 * 1024)
#define SCAN_DEFAULT_MAX_RATIO 200u
#define SCAN_DEFAULT_MAX_FINDINGS ((size_t)100000)
/* The fixed, documented fingerprint key of the CLI (docs/scan.md). Not a secret. */
#define SCAN_CLI_FINGERPRINT_KEY "vega-cli-fingerprint-v1"
#define SCAN_FINGERPRINT_HEX 32

struct scan_engine;

struct scan_engine_config {
    bool embedded;           /* load the rule files compiled into the binary */
    const char *const *dirs; /* extra rule directories (borrowed), may be NULL */
    size_t n_dirs;
    const char *cache_dir; /* compiled-database cache directory (borrowed); NULL: none */
};

/* $VEGA_CACHE_DIR (empty: none), else $XDG_CACHE_HOME/vega, else ~/.cache/vega; NULL when
 * there is none. Caller frees. */
char *scan_engine_default_cache_dir(void);

/*
 * Load, validate and compile the rules. On success *out is a new engine (free it with
 * scan_engine_free). On failure returns VG_ERR_INVALID and appends one line per problem
 * (file, rule id, what is wrong) to `errors` (may be NULL). Not thread-safe with itself
 * only in the sense that each call builds its own engine.
 */
enum vg_err scan_engine_load(const struct scan_engine_config *cfg, struct scan_engine **out,
                             struct buf *errors);
/* The rules alone, validated but not compiled (no database, no cache): enough for
 * scan_engine_rule_info and the SARIF report, never for a scan. A client that only formats
 * a server's findings (`vega ci --format sarif`) needs no rule database: a cold compile of
 * the pack costs ~30 s of CPU. Free with scan_engine_free. */
enum vg_err scan_engine_load_rules(const struct scan_engine_config *cfg, struct scan_engine **out,
                                   struct buf *errors);
/* Accepts NULL. Results stay valid (findings own their strings). */
void scan_engine_free(struct scan_engine *eng);

/* Read-only view of one rule, for `vega rules list|show` and reports. Borrowed from the
 * engine; valid until scan_engine_free. */
struct scan_rule_info {
    const char *id, *title, *category, *description, *recommendation, *source;
    const char *pattern; /* NULL for file-level rules */
    enum scan_severity severity;
    enum scan_confidence confidence;
    const char *const *languages;
    size_t n_languages;
    const char *const *references;
    size_t n_references;
    bool evidence_secret; /* `evidence: secret`: the finding's node is a hard-coded secret */
};
size_t scan_engine_rule_count(const struct scan_engine *eng);
/* i < scan_engine_rule_count; returns false otherwise. */
bool scan_engine_rule_info(const struct scan_engine *eng, size_t i, struct scan_rule_info *out);

struct scan_finding {
    /* Every string is owned by the result (scan_result_add copies them). */
    char *rule_id, *title, *category, *description, *recommendation;
    enum scan_severity severity;
    enum scan_confidence confidence;
    char *file_path;       /* relative to the scanned root, '/' separators */
    char *masked_evidence; /* a short prefix of the secret, the rest '*' */
    unsigned line_start, line_end;
    char fingerprint[SCAN_FINGERPRINT_HEX + 1];
    /* History scans (scan/stream.h): the commit that introduced the finding, NULL
     * otherwise (owned); feed_tag is the stream's internal tag of the fed file (0: none). */
    struct scan_origin *origin;
    uint64_t feed_tag;
};

/* Where a finding of a history scan came from. */
struct scan_origin {
    char sha[41];
    char *author_name;    /* owned */
    int64_t committed_at; /* epoch seconds */
    bool in_head;         /* still in the tip of a scanned ref */
};

#define SCAN_LANG_MAX 48
struct scan_lang_stat {
    const char *name; /* static storage */
    uint64_t files, bytes, lines;
};

/* Where a scan's time goes (`make bench` prints it): nanoseconds summed over the threads
 * that did the work (so with 2 workers the stages add up to about twice the wall time). */
enum scan_stage {
    STAGE_WALK,      /* producer: directory walk / archive reading, queue waits included */
    STAGE_READ,      /* worker: open + read of a file */
    STAGE_LINES,     /* binary probe, line counting and language statistics */
    STAGE_MANIFEST,  /* the dependency hook on lockfiles and manifests */
    STAGE_PREFILTER, /* content hash + the Vectorscan pass */
    STAGE_CONFIRM,   /* PCRE2 confirmation, value checks, file-level rules */
    STAGE_PARSE,     /* tree-sitter parsing */
    STAGE_TREE,      /* tree queries and the taint pass */
    STAGE_RESULTS,   /* overlaps, inline suppression, evidence masking, fingerprints */
    STAGE_FINISH,    /* merge, end-of-scan masker over every finding, suppression, sort */
    SCAN_STAGE_N
};
/* "walk", "read", ... (static storage). */
const char *scan_stage_name(enum scan_stage s);
/* CLOCK_MONOTONIC in nanoseconds (for the stage timers). */
uint64_t scan_now_ns(void);

struct scan_stats {
    uint64_t total_files, total_bytes;       /* every regular entry seen */
    uint64_t included_files, included_bytes; /* read and scanned */
    uint64_t ignored_files, ignored_bytes;   /* default ignores, binaries, too large, .vegaignore */
    uint64_t ignored_dirs;                   /* directories skipped without descending */
    uint64_t risky_files, risky_bytes;       /* links, devices, bad paths, encrypted */
    uint64_t duplicate_files;                /* included files whose content was seen before */
    uint64_t lines;
    uint64_t manifests;  /* dependency manifests and lockfiles seen */
    uint64_t errors;     /* files that could not be read */
    uint64_t suppressed; /* findings dropped by vega:ignore, .vegaignore or baseline */
    uint64_t parsed_files, parsed_bytes; /* files parsed with tree-sitter */
    uint64_t stage_ns[SCAN_STAGE_N];
    struct scan_lang_stat langs[SCAN_LANG_MAX];
    size_t n_langs;
    const char *limit_reached; /* static string naming the limit, or NULL */
};

/*
 * Called for each dependency manifest or lockfile (package-lock.json, yarn.lock, go.sum,
 * ...): the hook for src/scan/deps.h. The callee reads (path, data, len) during the call
 * (borrowed) and appends its findings to `out` with scan_result_add; `out` belongs to the
 * calling worker thread, so no locking is needed, and its findings go through the same
 * merge, .vegaignore, baseline and sorting as the engine's. Called from worker threads,
 * possibly concurrently: shared state of the callee (ctx) must be read-only or locked.
 * NULL: manifests are only counted (stats.manifests).
 */
struct scan_result;
typedef void (*scan_manifest_fn)(void *ctx, const char *path, const char *data, size_t len,
                                 struct scan_result *out);

/* Progress, called from the scanning thread about every 250 ms and once at the end. */
typedef void (*scan_progress_fn)(void *ctx, const struct scan_stats *snapshot);

/* A warning about the input that does not stop the scan (a .vegaignore entry naming no
 * known rule), one sentence without a trailing newline. Called from the scanning thread. */
typedef void (*scan_warn_fn)(void *ctx, const char *message);

struct scan_options {
    unsigned threads; /* 0: number of online CPUs */
    uint64_t max_file_size, max_entries, max_total_bytes;
    unsigned max_ratio; /* archives: uncompressed / compressed bytes */
    size_t max_findings;
    bool default_ignores; /* skip node_modules, .git, vendor, caches, ...; build output: secrets
                             only */
    unsigned strip_components; /* archives: drop leading path components (GitHub tarballs) */
    const unsigned char *fingerprint_key; /* borrowed; NULL: SCAN_CLI_FINGERPRINT_KEY */
    size_t fingerprint_key_len;
    const char *vegaignore_text; /* extra .vegaignore content (borrowed), may be NULL */
    bool use_vegaignore;         /* honour a .vegaignore at the scanned root (default true) */
    const char *const *baseline_fingerprints; /* borrowed, sorted with strcmp; may be NULL */
    size_t n_baseline;
    scan_progress_fn progress;
    void *progress_ctx;
    scan_manifest_fn manifest;
    void *manifest_ctx;
    /* Rule ids of the findings the manifest hook adds (NULL-terminated, borrowed), so a
     * .vegaignore naming them is not warned about. */
    const char *const *manifest_rule_ids;
    scan_warn_fn warn; /* may be NULL */
    void *warn_ctx;
};

void scan_options_init(struct scan_options *opt);

struct scan_result {
    struct scan_finding *findings; /* owned; sorted by path, line, rule id */
    size_t n_findings;
    size_t alloc;
    struct scan_stats stats;
    char *error; /* owned; why the scan failed or stopped early, NULL when complete */
};
#define SCAN_RESULT_INIT                                                                           \
    {                                                                                              \
        NULL, 0, 0, {0}, NULL                                                                      \
    }

/* Free the findings and the error; the result is SCAN_RESULT_INIT again. Accepts NULL. */
void scan_result_release(struct scan_result *res);

/*
 * Scan a directory tree, a single regular file or an archive file (.zip, .tar, .tar.gz,
 * .tgz: recognised by content). Results are appended to `res` (so several roots can be
 * scanned into one result). Returns VG_OK when the scan ran to completion (findings or
 * not), VG_ERR_TOO_LARGE when a limit stopped it early (what was read is in res),
 * VG_ERR_IO or VG_ERR_INVALID when the input could not be read (res->error says why).
 * Files that fail to read are counted in stats.errors and make the result VG_ERR_IO.
 */
enum vg_err scan_path(const struct scan_engine *eng, const char *path,
                      const struct scan_options *opt, struct scan_result *res);

/* Scan an archive read from an open file descriptor (borrowed; not closed). A regular
 * file is read from its start, a ZIP by its central directory (entry modes: links are
 * risky); anything else (a pipe) as a stream to its end. Same returns as scan_path. */
enum vg_err scan_archive_fd(const struct scan_engine *eng, int fd, const struct scan_options *opt,
                            struct scan_result *res);

/* Stream read callback: set *data to the next chunk and return its length, 0 at the end,
 * -1 on error. The chunk stays valid until the next call. */
typedef ssize_t (*scan_read_fn)(void *ctx, const void **data);

/* Scan an archive read through a callback (a blob download, a libcurl transfer). Same
 * returns as scan_path. */
enum vg_err scan_archive_stream(const struct scan_engine *eng, scan_read_fn read, void *ctx,
                                const struct scan_options *opt, struct scan_result *res);

/* Scan one in-memory file (rule tests, fuzzing). `path` names it for path and language
 * filters. Single-threaded; binaries and size limits apply as for any file. */
enum vg_err scan_buffer(const struct scan_engine *eng, const char *path, const void *data,
                        size_t len, const struct scan_options *opt, struct scan_result *res);

/* A finding to add (all borrowed for the call). */
struct scan_finding_spec {
    const char *rule_id, *title, *category, *description, *recommendation;
    enum scan_severity severity;
    enum scan_confidence confidence;
    const char *file_path, *masked_evidence;
    unsigned line_start, line_end;
    const char *fingerprint; /* hex from scan_fingerprint; NULL: empty */
};

/* Append a copy of a finding (every string is duplicated; NULL becomes ""): the engine's
 * own findings and those made outside it (the dependency module). Not thread-safe: the
 * caller serialises calls on one result. */
void scan_result_add(struct scan_result *res, const struct scan_finding_spec *f);

/* The fingerprint of a finding: keyed BLAKE2b (key opt->fingerprint_key; opt NULL or no key:
 * the CLI key)
 * over rule_id NUL [path NUL] value, as SCAN_FINGERPRINT_HEX hex characters. path NULL for
 * secrets (so the same secret has one fingerprint everywhere). Thread-safe. */
void scan_fingerprint(const struct scan_options *opt, const char *rule_id, const char *path,
                      const void *value, size_t len, char out[SCAN_FINGERPRINT_HEX + 1]);
/* Free a finding's strings (the finding itself is not freed). Accepts NULL. */
void scan_finding_release(struct scan_finding *f);

/* Severity and confidence names ("critical", "high", ...). Static storage. */
const char *scan_severity_name(enum scan_severity s);
const char *scan_confidence_name(enum scan_confidence c);
bool scan_severity_parse(const char *s, enum scan_severity *out);

/*
 * `vega rules test`: compile each rule's pattern alone with Vectorscan and with PCRE2 and
 * scan every example through the whole engine. Writes one line per failure (and a summary)
 * to `out` (a FILE *, void to keep stdio out of this header's users' way). Returns the
 * number of failures; 0 means every rule passed.
 */
size_t scan_rules_test(const struct scan_engine_config *cfg, void *out, bool verbose);

/* A copy of data[from, to) (a span of one file) with every secret-looking token masked the
 * way findings' evidence is (secret rules, keyword detectors, entropy), looking at the
 * surrounding bytes for context: for code excerpts in reports. Caller frees. */
char *scan_mask_excerpt(const struct scan_engine *eng, const char *data, size_t len,
                        size_t from, size_t to);

/* s with the content of every quoted literal ('…', "…", `…`) replaced by "****" (caller
 * frees): for evidence that is itself a hard-coded secret however weak it looks (a rule's
 * `evidence: secret`, the audit report's excerpts of secret findings). */
char *mask_literals(const char *s, size_t n);

#endif
