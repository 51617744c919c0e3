/*
 * deps_parse.h - manifest and lockfile parsers of the dependency scanner (internal to
 * src/deps; the engine uses deps.h). Each parser turns one file's bytes into a list of
 * (package, version, line, confidence). They never match advisories and never allocate
 * in proportion to anything but the number of packages found (capped).
 */
#ifndef VG_DEPS_DEPS_PARSE_H
#define VG_DEPS_DEPS_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "deps/osv.h"
#include "util/err.h"

#define DEPS_MAX_FILE_BYTES ((size_t)64 * 1024 * 1024)
#define DEPS_MAX_PACKAGES 200000
#define DEPS_MAX_DEPTH 64 /* nesting of package-lock v1 "dependencies", YAML levels */

enum deps_kind {
    DEPS_KIND_NONE,
    DEPS_KIND_PACKAGE_LOCK, /* package-lock.json, npm-shrinkwrap.json (v1-v3) */
    DEPS_KIND_YARN_LOCK,    /* yarn.lock, v1 and berry */
    DEPS_KIND_PNPM_LOCK,    /* pnpm-lock.yaml, v5-v9 */
    DEPS_KIND_PACKAGE_JSON,
    DEPS_KIND_REQUIREMENTS, /* requirements*.txt */
    DEPS_KIND_POETRY_LOCK,
    DEPS_KIND_PIPFILE_LOCK,
};

enum deps_confidence { DEPS_CONF_LOW, DEPS_CONF_MEDIUM, DEPS_CONF_HIGH };

struct deps_pkg {
    char *name;    /* the matching key: npm as written, PyPI normalised (PEP 503) */
    char *display; /* as written in the file */
    char *version; /* installed, or the lower bound of a range (then conf < HIGH) */
    char *locate;  /* JSON key to search for the line when line_start is 0; else NULL */
    unsigned line_start, line_end;
    enum deps_confidence conf;
};

struct deps_list {
    struct deps_pkg *v;
    size_t n, cap;
};

void deps_list_release(struct deps_list *l);
/*
 * Append a package (copies every string; display/locate may be NULL). Returns
 * VG_ERR_TOO_LARGE past DEPS_MAX_PACKAGES.
 */
enum vg_err deps_list_add(struct deps_list *l, enum osv_ecosystem eco, const char *name,
                          size_t name_len, const char *version, size_t version_len,
                          const char *locate, unsigned line_start, unsigned line_end,
                          enum deps_confidence conf);
/* Sort by (name, version) and keep one of each: the highest confidence, then first line. */
void deps_list_unique(struct deps_list *l);

enum deps_kind deps_kind_of(const char *path);
enum osv_ecosystem deps_kind_ecosystem(enum deps_kind kind);

/*
 * Parsers: data need not be NUL-terminated. VG_ERR_INVALID on malformed input (bad
 * JSON/YAML, nesting past DEPS_MAX_DEPTH), VG_ERR_TOO_LARGE past DEPS_MAX_PACKAGES. On
 * error the list may hold what was parsed so far; the caller releases it.
 */
enum vg_err deps_parse_package_lock(const char *data, size_t len, struct deps_list *out);
enum vg_err deps_parse_package_json(const char *data, size_t len, struct deps_list *out);
enum vg_err deps_parse_yarn_lock(const char *data, size_t len, struct deps_list *out);
enum vg_err deps_parse_pnpm_lock(const char *data, size_t len, struct deps_list *out);
enum vg_err deps_parse_requirements(const char *data, size_t len, struct deps_list *out);
enum vg_err deps_parse_poetry_lock(const char *data, size_t len, struct deps_list *out);
enum vg_err deps_parse_pipfile_lock(const char *data, size_t len, struct deps_list *out);

/* Dispatch on kind. */
enum vg_err deps_parse(enum deps_kind kind, const char *data, size_t len, struct deps_list *out);

/*
 * Give every package of pkgs whose line_start is 0 the line of its JSON key (locate, else
 * display) in data, found in one pass over data: the first occurrence whose value is an
 * object holding the exact version within a few hundred bytes is preferred, then one
 * holding the version, then an object value; line 1 when the key is absent.
 */
void deps_resolve_lines(struct deps_pkg *const *pkgs, size_t n, const char *data, size_t len);

/* Line-reader helper shared by the line-oriented parsers. */
struct deps_line {
    const char *ptr;
    size_t len;
    unsigned no; /* 1-based */
};
/* Next line of data from *pos (without the "\n" or "\r\n"); false at the end. */
bool deps_next_line(const char *data, size_t len, size_t *pos, struct deps_line *line);

#endif
