/*
 * deps_common.c - shared pieces of the manifest parsers: the package list, file kinds by
 * base name, the line reader and the line locator for JSON files (jansson gives no
 * positions, so the line of a finding is found afterwards by searching for its key; only
 * findings pay for it).
 */
#include "scan/deps_parse.h"

#include <stdlib.h>
#include <string.h>

#include "scan/pep440.h"
#include "util/xalloc.h"

#define DEPS_LOCATE_WINDOW 400

void deps_list_release(struct deps_list *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].name);
        free(l->v[i].display);
        free(l->v[i].version);
        free(l->v[i].locate);
    }
    free(l->v);
    memset(l, 0, sizeof(*l));
}

enum vg_err deps_list_add(struct deps_list *l, enum osv_ecosystem eco, const char *name,
                          size_t name_len, const char *version, size_t version_len,
                          const char *locate, unsigned line_start, unsigned line_end,
                          enum deps_confidence conf)
{
    if (name_len == 0 || name_len > OSV_MAX_NAME_LEN || version_len == 0 ||
        version_len > OSV_MAX_VERSION_LEN)
        return VG_OK; /* not a package we could match; skip quietly */
    if (l->n == DEPS_MAX_PACKAGES)
        return VG_ERR_TOO_LARGE;
    char norm[OSV_MAX_NAME_LEN + 1];
    if (eco == OSV_ECO_PYPI && !pep503_normalize(name, name_len, norm, sizeof(norm)))
        return VG_OK;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
    }
    struct deps_pkg *p = &l->v[l->n++];
    p->name = eco == OSV_ECO_PYPI ? xstrdup(norm) : xstrndup(name, name_len);
    p->display = xstrndup(name, name_len);
    p->version = xstrndup(version, version_len);
    p->locate = locate != NULL ? xstrdup(locate) : NULL;
    p->line_start = line_start;
    p->line_end = line_end >= line_start ? line_end : line_start;
    p->conf = conf;
    return VG_OK;
}

static int cmp_pkg(const void *pa, const void *pb)
{
    const struct deps_pkg *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    if (c == 0)
        c = strcmp(a->version, b->version);
    if (c == 0 && a->conf != b->conf)
        c = a->conf > b->conf ? -1 : 1;
    if (c == 0 && a->line_start != b->line_start)
        c = a->line_start < b->line_start ? -1 : 1;
    return c;
}

void deps_list_unique(struct deps_list *l)
{
    if (l->n == 0)
        return;
    qsort(l->v, l->n, sizeof(*l->v), cmp_pkg);
    size_t out = 1;
    for (size_t i = 1; i < l->n; i++) {
        struct deps_pkg *keep = &l->v[out - 1];
        if (strcmp(l->v[i].name, keep->name) == 0 && strcmp(l->v[i].version, keep->version) == 0) {
            free(l->v[i].name);
            free(l->v[i].display);
            free(l->v[i].version);
            free(l->v[i].locate);
            continue;
        }
        l->v[out++] = l->v[i];
    }
    l->n = out;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s != NULL ? s + 1 : path;
}

static const struct {
    const char *name;
    enum deps_kind kind;
} kind_names[] = {
    {"package-lock.json", DEPS_KIND_PACKAGE_LOCK}, {"npm-shrinkwrap.json", DEPS_KIND_PACKAGE_LOCK},
    {"yarn.lock", DEPS_KIND_YARN_LOCK},            {"pnpm-lock.yaml", DEPS_KIND_PNPM_LOCK},
    {"package.json", DEPS_KIND_PACKAGE_JSON},      {"poetry.lock", DEPS_KIND_POETRY_LOCK},
    {"Pipfile.lock", DEPS_KIND_PIPFILE_LOCK},
};

enum deps_kind deps_kind_of(const char *path)
{
    const char *b = base_name(path);
    for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
        if (strcmp(b, kind_names[i].name) == 0)
            return kind_names[i].kind;
    }
    size_t n = strlen(b);
    /* requirements.txt, requirements-dev.txt, requirements_test.txt */
    if (strncmp(b, "requirements", 12) == 0 && n >= 16 && strcmp(b + n - 4, ".txt") == 0 &&
        (n == 16 || b[12] == '-' || b[12] == '_' || b[12] == '.'))
        return DEPS_KIND_REQUIREMENTS;
    return DEPS_KIND_NONE;
}

enum osv_ecosystem deps_kind_ecosystem(enum deps_kind kind)
{
    return kind == DEPS_KIND_REQUIREMENTS || kind == DEPS_KIND_POETRY_LOCK ||
                   kind == DEPS_KIND_PIPFILE_LOCK
               ? OSV_ECO_PYPI
               : OSV_ECO_NPM;
}

enum vg_err deps_parse(enum deps_kind kind, const char *data, size_t len, struct deps_list *out)
{
    switch (kind) {
    case DEPS_KIND_PACKAGE_LOCK:
        return deps_parse_package_lock(data, len, out);
    case DEPS_KIND_YARN_LOCK:
        return deps_parse_yarn_lock(data, len, out);
    case DEPS_KIND_PNPM_LOCK:
        return deps_parse_pnpm_lock(data, len, out);
    case DEPS_KIND_PACKAGE_JSON:
        return deps_parse_package_json(data, len, out);
    case DEPS_KIND_REQUIREMENTS:
        return deps_parse_requirements(data, len, out);
    case DEPS_KIND_POETRY_LOCK:
        return deps_parse_poetry_lock(data, len, out);
    case DEPS_KIND_PIPFILE_LOCK:
        return deps_parse_pipfile_lock(data, len, out);
    case DEPS_KIND_NONE:
        break;
    }
    return VG_ERR_INVALID;
}

bool deps_next_line(const char *data, size_t len, size_t *pos, struct deps_line *line)
{
    if (*pos >= len)
        return false;
    const char *start = data + *pos;
    const char *nl = memchr(start, '\n', len - *pos);
    size_t n = nl != NULL ? (size_t)(nl - start) : len - *pos;
    *pos += n + (nl != NULL ? 1 : 0);
    if (n > 0 && start[n - 1] == '\r')
        n--;
    line->ptr = start;
    line->len = n;
    line->no++;
    return true;
}

static unsigned line_of(const char *data, size_t off)
{
    unsigned line = 1;
    for (const char *p = data; (p = memchr(p, '\n', (size_t)(data + off - p))) != NULL; p++)
        line++;
    return line;
}

/* After a closing quote: optional spaces, ':', optional spaces; returns the next byte. */
static int key_colon(const char *data, size_t len, size_t at)
{
    while (at < len && (data[at] == ' ' || data[at] == '\t' || data[at] == '\r' || data[at] == '\n'))
        at++;
    if (at >= len || data[at] != ':')
        return -1;
    at++;
    while (at < len && (data[at] == ' ' || data[at] == '\t' || data[at] == '\r' || data[at] == '\n'))
        at++;
    return at < len ? (unsigned char)data[at] : 0;
}

/*
 * Ranks of an occurrence of "key": an object value holding the version (3), any value
 * holding it (2), an object value (1), anything else (0). The first best one wins.
 */
unsigned deps_locate_line(const char *data, size_t len, const char *key, const char *version)
{
    size_t klen = strlen(key), vlen = version != NULL ? strlen(version) : 0;
    size_t best = SIZE_MAX;
    int best_rank = -1;
    for (size_t i = 0; i + klen + 2 <= len && best_rank < 3;) {
        const char *q = memchr(data + i, '"', len - i);
        if (q == NULL)
            break;
        size_t at = (size_t)(q - data);
        int next = at + klen + 2 <= len && memcmp(q + 1, key, klen) == 0 && q[klen + 1] == '"'
                       ? key_colon(data, len, at + klen + 2)
                       : -1;
        if (next >= 0) {
            size_t win = len - at < DEPS_LOCATE_WINDOW ? len - at : DEPS_LOCATE_WINDOW;
            bool has_v = vlen == 0 || memmem(q, win, version, vlen) != NULL;
            int rank = (has_v ? 2 : 0) + (next == '{' ? 1 : 0);
            if (rank > best_rank) {
                best_rank = rank;
                best = at;
            }
        }
        i = at + 1;
    }
    return best != SIZE_MAX ? line_of(data, best) : 1;
}

void deps_pkg_resolve_line(struct deps_pkg *p, const char *data, size_t len)
{
    if (p->line_start != 0)
        return;
    p->line_start = deps_locate_line(data, len, p->locate != NULL ? p->locate : p->display,
                                     p->conf == DEPS_CONF_HIGH ? p->version : NULL);
    p->line_end = p->line_start;
}
