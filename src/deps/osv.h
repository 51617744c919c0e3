/*
 * osv.h - the advisory side of dependency scanning: OSV records reduced to what matching
 * needs, CVSS v3 scoring, the on-disk advisory index, and the importer.
 *
 * An OSV advisory (https://ossf.github.io/osv-schema/) becomes one struct osv_entry per
 * affected package of a supported ecosystem (npm, PyPI). Each ecosystem has one index
 * file under <data_dir>/advisories/ (npm.idx, pypi.idx): a sorted binary table written
 * atomically (temp file + rename), read into memory once per process and searched by
 * package name in O(log n). Import merges into the existing index: an advisory id seen
 * again replaces every older entry of that id, so re-importing is idempotent.
 *
 * Not here: manifest parsing and findings (deps.h).
 */
#ifndef VG_DEPS_OSV_H
#define VG_DEPS_OSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

/* ---- limits ---- */
#define OSV_MAX_RECORD_BYTES ((size_t)16 * 1024 * 1024) /* one OSV JSON document */
#define OSV_MAX_SUMMARY 300                             /* bytes kept of summary/details */
#define OSV_MAX_ALIASES 16
#define OSV_MAX_VERSION_LEN 128
#define OSV_MAX_RANGE_BYTES ((size_t)256 * 1024) /* encoded ranges of one entry */
#define OSV_MAX_EVENTS 256                       /* events of one range used in matching */
#define OSV_MAX_NAME_LEN 214                     /* npm's limit; PyPI names are shorter */
#define OSV_INDEX_MAX_BYTES ((uint64_t)2 * 1024 * 1024 * 1024)

enum osv_ecosystem { OSV_ECO_NPM, OSV_ECO_PYPI, OSV_ECO__COUNT };

/* Severity levels, ordered. UNKNOWN when an advisory carries none. */
enum osv_severity { OSV_SEV_UNKNOWN, OSV_SEV_LOW, OSV_SEV_MEDIUM, OSV_SEV_HIGH, OSV_SEV_CRITICAL };

/* OSV's ecosystem string ("npm", "PyPI"). Static storage. */
const char *osv_ecosystem_name(enum osv_ecosystem eco);
/* Index file base name ("npm.idx"). Static storage. */
const char *osv_ecosystem_file(enum osv_ecosystem eco);
/* "critical" .. "low", "unknown". Static storage. */
const char *osv_severity_name(enum osv_severity sev);

/*
 * CVSS v3.0/v3.1 base score of a vector string ("CVSS:3.1/AV:N/AC:L/..."), times ten
 * (9.8 -> 98), per the FIRST specification including its Roundup. Returns false for
 * anything else (v2, v4, missing or repeated base metrics).
 */
bool osv_cvss3_score10(const char *vector, unsigned *score10);
/* >=9.0 critical, >=7.0 high, >=4.0 medium, else low. */
enum osv_severity osv_severity_from_score10(unsigned score10);

/*
 * Encoded ranges: tokens separated by '\n'. "S" or "E" starts a SEMVER or ECOSYSTEM
 * range; "i<v>", "f<v>", "l<v>", "m<v>" are its introduced, fixed, last_affected and
 * limit events; "v<v>" is an explicitly listed affected version. Versions hold no
 * control characters.
 */
struct osv_entry {
    char *name;    /* package name: npm as published, PyPI normalised (PEP 503) */
    char *id;      /* "GHSA-..." */
    char *aliases; /* ", "-joined, "" when none */
    char *summary; /* summary, else the first line of details; may be "" */
    char *ranges;  /* encoded as above; NULL in a tombstone */
    uint8_t severity;
    uint8_t score10; /* CVSS base score x10, 0 when none */
    uint32_t seq;    /* import order; newer replaces older of the same id (not stored) */
};

/* Free the strings of e (not e itself). Accepts NULL. */
void osv_entry_release(struct osv_entry *e);

/*
 * Called once per affected package of a supported ecosystem. The callee takes ownership
 * of the strings in *e (copy the struct). A withdrawn advisory is reported once per
 * ecosystem as a tombstone (ranges NULL, name NULL) so that it replaces older entries.
 */
typedef void (*osv_entry_cb)(enum osv_ecosystem eco, struct osv_entry *e, void *ctx);

/*
 * Parse one OSV JSON document (an object, or an array of objects) of len bytes; the
 * caller caps len.
 * Returns VG_ERR_INVALID with a short reason in err (errlen bytes) when it is not JSON
 * or not an OSV record; advisories of other ecosystems are skipped silently and counted
 * in *skipped (may be NULL). Thread-safe.
 */
enum vg_err osv_parse_json(const char *json, size_t len, osv_entry_cb cb, void *ctx,
                           size_t *skipped, char *err, size_t errlen);

/* ---- matching ---- */

struct osv_match {
    bool affected;
    char fixed[OSV_MAX_VERSION_LEN + 1];         /* "" when no fix is known */
    char last_affected[OSV_MAX_VERSION_LEN + 1]; /* "" unless the range ends with one */
};

/*
 * Whether version (an installed version of eco) is affected by the encoded ranges; on a
 * match, the smallest fixed version above it. Events whose versions do not parse in the
 * ecosystem's scheme are ignored. Thread-safe.
 */
bool osv_ranges_affect(enum osv_ecosystem eco, const char *ranges, const char *version,
                       struct osv_match *m);

/* Compare two versions in eco's scheme; false when either does not parse. */
bool osv_version_cmp(enum osv_ecosystem eco, const char *a, const char *b, int *cmp);

/* ---- the index file ---- */

struct osv_index; /* one ecosystem, read-only once loaded: safe for concurrent readers */

struct osv_ref { /* borrowed views into a loaded index, valid until osv_index_free */
    const char *name, *id, *aliases, *summary, *ranges;
    uint8_t severity, score10;
};

struct osv_index_info {
    uint64_t import_time; /* unix seconds */
    uint32_t entries;     /* (advisory, package) pairs */
    uint32_t advisories;  /* distinct advisory ids */
};

/*
 * Write entries (deduplicated by id, newest seq wins, and sorted by this call) to path
 * atomically: path.tmp.<pid> then rename. Tombstones are dropped. Consumes the entries:
 * every string in the array is released, whatever the result (the array itself is not). Returns
 * VG_ERR_IO on a write failure (the old file stays), VG_ERR_TOO_LARGE past OSV_INDEX_MAX_BYTES.
 */
enum vg_err osv_index_write(const char *path, struct osv_entry *entries, size_t n,
                            uint64_t import_time, struct osv_index_info *info);

/*
 * Load an index file. VG_ERR_NOT_FOUND when it does not exist, VG_ERR_INVALID when it is
 * corrupt (bad magic, offsets out of range, unsorted), VG_ERR_IO on read errors. *out is
 * owned by the caller (osv_index_free).
 */
enum vg_err osv_index_load(const char *path, struct osv_index **out);
void osv_index_free(struct osv_index *idx);
/* Header only: counts and import time. Same errors as osv_index_load. */
enum vg_err osv_index_stat(const char *path, struct osv_index_info *info);
void osv_index_info_get(const struct osv_index *idx, struct osv_index_info *info);
size_t osv_index_size(const struct osv_index *idx);
void osv_index_get(const struct osv_index *idx, size_t i, struct osv_ref *ref);
/* Entries for one package name: [*first, *first + return value). O(log n). */
size_t osv_index_lookup(const struct osv_index *idx, const char *name, size_t *first);

/* ---- import ---- */

struct osv_import; /* accumulates entries from many inputs, then commits once */

struct osv_import_stats {
    size_t files; /* JSON documents read */
    size_t entries[OSV_ECO__COUNT];
    size_t skipped; /* advisories of other ecosystems */
};

struct osv_import *osv_import_new(void);
void osv_import_free(struct osv_import *imp);
/*
 * Read one input: an OSV JSON file, a ZIP of OSV JSON files (read as a stream: one
 * entry in memory at a time), or a directory searched recursively for *.json and *.zip.
 * On error returns VG_ERR_INVALID (not OSV, not JSON, not a ZIP), VG_ERR_NOT_FOUND or
 * VG_ERR_IO, with a message naming the input in err; nothing is written yet.
 */
enum vg_err osv_import_path(struct osv_import *imp, const char *path, char *err, size_t errlen);
/*
 * Merge what was read into <data_dir>/advisories/<eco>.idx (creating directories), for
 * each ecosystem that received entries; others are left untouched. Holds an flock on
 * <data_dir>/advisories/.lock so concurrent imports serialise. An existing corrupt index
 * is replaced.
 */
enum vg_err osv_import_commit(struct osv_import *imp, const char *data_dir, char *err,
                              size_t errlen);
void osv_import_stats_get(const struct osv_import *imp, struct osv_import_stats *st);

/* Path of an ecosystem's index in data_dir. Caller frees. */
char *osv_index_path(const char *data_dir, enum osv_ecosystem eco);

#endif
