/*
 * osv_match.c - is an installed version inside an advisory's affected ranges?
 *
 * Implements the OSV evaluation: per range, sort the events by version ("0" lowest),
 * walk them, and track whether the version sits after an "introduced" and before the
 * next "fixed" (or at/below a "last_affected"); a "limit" caps the range. Explicitly
 * listed versions match by equality in the ecosystem's scheme. npm uses SemVer ordering,
 * PyPI PEP 440.
 */
#include "deps/osv.h"

#include <stdlib.h>
#include <string.h>

#include "deps/pep440.h"
#include "deps/semver.h"

bool osv_version_cmp(enum osv_ecosystem eco, const char *a, const char *b, int *cmp)
{
    if (eco == OSV_ECO_PYPI)
        return pep440_cmp_str(a, b, cmp);
    return semver_cmp_str(a, b, cmp);
}

struct event {
    char tag;        /* i f l m */
    struct strv ver; /* into the encoded ranges */
    bool zero;       /* introduced "0": below everything */
};

struct range_ctx {
    enum osv_ecosystem eco;
    const char *version;
};

/* Copy a token's version into a NUL-terminated scratch buffer. */
static const char *tok_str(struct strv v, char *tmp)
{
    size_t n = v.len > OSV_MAX_VERSION_LEN ? OSV_MAX_VERSION_LEN : v.len;
    memcpy(tmp, v.ptr, n);
    tmp[n] = '\0';
    return tmp;
}

/* cmp(version, event); false when the event's version does not parse. */
static bool cmp_event(const struct range_ctx *rc, const struct event *e, int *c)
{
    if (e->zero) {
        *c = 1;
        return true;
    }
    char tmp[OSV_MAX_VERSION_LEN + 1];
    return osv_version_cmp(rc->eco, rc->version, tok_str(e->ver, tmp), c);
}

static bool event_less(enum osv_ecosystem eco, const struct event *a, const struct event *b)
{
    if (a->zero || b->zero)
        return a->zero && !b->zero;
    char ta[OSV_MAX_VERSION_LEN + 1], tb[OSV_MAX_VERSION_LEN + 1];
    int c = 0;
    osv_version_cmp(eco, tok_str(a->ver, ta), tok_str(b->ver, tb), &c);
    return c < 0;
}

/* Drop events that do not parse, then insertion-sort (ranges hold few events). */
static size_t prepare(const struct range_ctx *rc, struct event *ev, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char tmp[OSV_MAX_VERSION_LEN + 1];
        int c;
        ev[i].zero = ev[i].tag == 'i' && ev[i].ver.len == 1 && ev[i].ver.ptr[0] == '0';
        if (ev[i].zero || osv_version_cmp(rc->eco, tok_str(ev[i].ver, tmp), tmp, &c))
            ev[k++] = ev[i];
    }
    for (size_t i = 1; i < k; i++) {
        struct event x = ev[i];
        size_t j = i;
        while (j > 0 && event_less(rc->eco, &x, &ev[j - 1])) {
            ev[j] = ev[j - 1];
            j--;
        }
        ev[j] = x;
    }
    return k;
}

static void set_str(char *dst, struct strv v)
{
    size_t n = v.len > OSV_MAX_VERSION_LEN ? OSV_MAX_VERSION_LEN : v.len;
    memcpy(dst, v.ptr, n);
    dst[n] = '\0';
}

/* Evaluate one range; on a match, record the nearest fix above the version. */
static bool eval_range(const struct range_ctx *rc, struct event *ev, size_t n, struct osv_match *m)
{
    n = prepare(rc, ev, n);
    bool affected = false;
    const struct event *last = NULL;
    for (size_t i = 0; i < n; i++) {
        int c;
        if (!cmp_event(rc, &ev[i], &c))
            continue;
        if (ev[i].tag == 'm' && c >= 0)
            return false;
        if (ev[i].tag == 'i' && c >= 0) {
            affected = true;
            last = NULL;
        } else if (ev[i].tag == 'f' && c >= 0) {
            affected = false;
        } else if (ev[i].tag == 'l') {
            if (c > 0)
                affected = false;
            else if (affected && last == NULL)
                last = &ev[i];
        }
    }
    if (!affected)
        return false;
    for (size_t i = 0; i < n; i++) {
        int c;
        if (ev[i].tag == 'f' && cmp_event(rc, &ev[i], &c) && c < 0) {
            char tmp[OSV_MAX_VERSION_LEN + 1];
            int d;
            tok_str(ev[i].ver, tmp);
            if (m->fixed[0] == '\0' || (osv_version_cmp(rc->eco, tmp, m->fixed, &d) && d < 0))
                set_str(m->fixed, ev[i].ver);
            break;
        }
    }
    if (last != NULL && m->fixed[0] == '\0')
        set_str(m->last_affected, last->ver);
    return true;
}

bool osv_ranges_affect(enum osv_ecosystem eco, const char *ranges, const char *version,
                       struct osv_match *m)
{
    memset(m, 0, sizeof(*m));
    struct range_ctx rc = {eco, version};
    int self;
    bool parses = osv_version_cmp(eco, version, version, &self);
    struct event *ev = malloc(sizeof(*ev) * OSV_MAX_EVENTS);
    if (ev == NULL)
        return false;
    size_t n = 0;
    bool in_range = false;
    const char *p = ranges;
    while (p != NULL && *p != '\0') {
        const char *nl = strchr(p, '\n');
        size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
        char tag = p[0];
        struct strv v = {p + 1, len - 1};
        if (tag == 'S' || tag == 'E') {
            if (in_range && parses && eval_range(&rc, ev, n, m))
                m->affected = true;
            in_range = true;
            n = 0;
        } else if (tag == 'v') {
            char tmp[OSV_MAX_VERSION_LEN + 1];
            int c;
            tok_str(v, tmp);
            if (strcmp(tmp, version) == 0 ||
                (parses && osv_version_cmp(eco, tmp, version, &c) && c == 0))
                m->affected = true;
        } else if (in_range && n < OSV_MAX_EVENTS && len > 1) {
            ev[n++] = (struct event){tag, v, false};
        }
        p = nl != NULL ? nl + 1 : NULL;
    }
    if (in_range && parses && eval_range(&rc, ev, n, m))
        m->affected = true;
    free(ev);
    return m->affected;
}
