/*
 * pep440.h - Python package versions (PEP 440) and project names (PEP 503).
 *
 * Parses the public and local parts of a version (epoch, release, a/b/rc pre-releases,
 * post and dev releases, +local), accepting the alternative spellings PEP 440 normalises
 * ("1.0-alpha.1", "1.0.post-2", "v1.0", "1.0-1"), and orders versions exactly like the
 * `packaging` library. It does not evaluate specifier sets: OSV events are explicit
 * versions. Pure functions, no allocation, thread-safe.
 */
#ifndef VG_DEPS_PEP440_H
#define VG_DEPS_PEP440_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define PEP440_MAX_PARTS 12
#define PEP440_MAX_LEN 256

enum pep440_pre { PEP440_PRE_NONE, PEP440_PRE_A, PEP440_PRE_B, PEP440_PRE_RC };

struct pep440 {
    uint64_t epoch;
    uint64_t release[PEP440_MAX_PARTS];
    size_t nrelease;
    enum pep440_pre pre;
    uint64_t pre_num;
    bool has_post;
    uint64_t post_num;
    bool has_dev;
    uint64_t dev_num;
    struct strv local; /* after '+', borrowed from the input; len 0 when none */
};

/* Parse s[0..len). Returns false when it is not a valid PEP 440 version. */
bool pep440_parse(const char *s, size_t len, struct pep440 *out);

/* Order two versions: <0, 0, >0 ("1.0" == "1.0.0", "1.0.dev1" < "1.0a1" < "1.0"). */
int pep440_cmp(const struct pep440 *a, const struct pep440 *b);

/* Compare two version strings; false when either does not parse (*cmp left alone). */
bool pep440_cmp_str(const char *a, const char *b, int *cmp);

/*
 * Normalise a project name per PEP 503 (lower case, runs of '-', '_' and '.' become one
 * '-') into out (outlen bytes, NUL-terminated). Returns false when it does not fit or the
 * name is empty.
 */
bool pep503_normalize(const char *name, size_t len, char *out, size_t outlen);

#endif
