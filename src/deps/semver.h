/*
 * semver.h - npm's Semantic Versioning 2.0.0 versions: parsing, ordering, and the
 * smallest version a package.json range admits.
 *
 * Used by the dependency scanner to compare installed npm versions against OSV
 * SEMVER/ECOSYSTEM events, and to guess a version from a package.json range
 * ("^4.17.15" -> 4.17.15). It does not implement full range satisfaction: OSV events
 * are explicit versions, so ordering is all matching needs. Pure functions, no
 * allocation, thread-safe.
 */
#ifndef VG_DEPS_SEMVER_H
#define VG_DEPS_SEMVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Longest version string we accept (npm caps versions at 256 characters). */
#define SEMVER_MAX_LEN 256

struct semver {
    uint64_t major, minor, patch;
    struct strv pre; /* pre-release identifiers without the '-'; borrowed from the input */
};

/*
 * Parse s[0..len) as a full version "MAJOR.MINOR.PATCH[-PRE][+BUILD]". A leading 'v' or
 * '=' and surrounding spaces are accepted (npm's loose form); build metadata is ignored.
 * Returns false on anything else. out->pre borrows s.
 */
bool semver_parse(const char *s, size_t len, struct semver *out);

/* Order two parsed versions per SemVer 2.0.0 section 11: <0, 0, >0. */
int semver_cmp(const struct semver *a, const struct semver *b);

/*
 * Compare two version strings. Returns false when either does not parse (then *cmp is
 * left alone).
 */
bool semver_cmp_str(const char *a, const char *b, int *cmp);

/*
 * The smallest version an npm range admits, written to out (a NUL-terminated
 * "M.m.p[-pre]" string of at most outlen-1 bytes). Handles "||" alternatives, hyphen
 * ranges, x-ranges, partial versions, =, >=, >, ~, ^ and bare versions; with several
 * alternatives it returns the smallest lower bound. Returns false when the range has no
 * lower bound we can name ("*", "", "<2", "latest", URLs, file:, git, workspace:).
 * *exact is set to true when the range is one plain version ("4.17.15", "=4.17.15").
 */
bool semver_range_min(const char *range, char *out, size_t outlen, bool *exact);

/*
 * Compare two separated lists of identifiers (semver pre-release "alpha.1", PEP 440 local
 * "ubuntu.2"): segment by segment with cmp_seg, where is_sep marks separators; when one
 * list is a prefix of the other, the longer one is greater. Returns -1, 0 or 1.
 */
typedef bool (*version_sep_fn)(char c);
typedef int (*version_seg_cmp_fn)(const char *a, size_t an, const char *b, size_t bn);
int version_cmp_segments(struct strv a, struct strv b, version_sep_fn is_sep,
                         version_seg_cmp_fn cmp_seg);

#endif
