/*
 * deps_common.c - shared pieces of the manifest parsers: the package list, file kinds by
 * base name, the line reader and the line locator for JSON files (jansson gives no
 * positions, so the line of a finding is found afterwards by searching for its key; only
 * findings pay for it).
 */
#include "deps/deps_parse.h"

#include <stdlib.h>
#include <string.h>

#include "deps/pep440.h"
#include "util/xalloc.h"

#define DEPS_LOCATE_WINDOW 400
#define DEPS_LOCATE_MAX_SAME 64 /* entries of one key checked per occurrence */

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
    {"package-lock.json", DEPS_KIND_PACKAGE_LOCK},
    {"npm-shrinkwrap.json", DEPS_KIND_PACKAGE_LOCK},
    {"yarn.lock", DEPS_KIND_YARN_LOCK},
    {"pnpm-lock.yaml", DEPS_KIND_PNPM_LOCK},
    {"package.json", DEPS_KIND_PACKAGE_JSON},
    {"poetry.lock", DEPS_KIND_POETRY_LOCK},
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

/* One package whose line is to be found: its key and, for exact versions, the version. */
struct wanted {
    const char *key;
    size_t klen;
    const char *version;
    struct deps_pkg *pkg;
    int rank; /* best so far, -1 none */
    unsigned line;
};

static int cmp_wanted(const void *pa, const void *pb)
{
    const struct wanted *a = pa, *b = pb;
    size_t n = a->klen < b->klen ? a->klen : b->klen;
    int c = memcmp(a->key, b->key, n);
    return c != 0 ? c : a->klen < b->klen ? -1 : a->klen > b->klen ? 1 : 0;
}

/* After a closing quote: spaces, ':', spaces; the byte after, or -1 when no ':'. */
static int key_colon(const char *data, size_t len, size_t at)
{
    while (at < len &&
           (data[at] == ' ' || data[at] == '\t' || data[at] == '\r' || data[at] == '\n'))
        at++;
    if (at >= len || data[at] != ':')
        return -1;
    at++;
    while (at < len && (data[at] == ' ' || data[at] == '\t' || data[at] == '\r'))
        at++;
    return at < len ? (unsigned char)data[at] : 0;
}

/*
 * Rank an occurrence of a key: an object value holding the version (3), any value
 * holding it (2), an object value (1), anything else (0). The first best one wins.
 */
static void consider(struct wanted *w, const char *data, size_t len, size_t at, int next,
                     unsigned line)
{
    size_t win = len - at < DEPS_LOCATE_WINDOW ? len - at : DEPS_LOCATE_WINDOW;
    bool has_v = w->version == NULL || memmem(data + at, win, w->version, strlen(w->version));
    int rank = (has_v ? 2 : 0) + (next == '{' ? 1 : 0);
    if (rank > w->rank) {
        w->rank = rank;
        w->line = line;
    }
}

static void match_key(struct wanted *w, size_t nw, const char *data, size_t len, size_t at,
                      size_t klen, int next, unsigned line)
{
    struct wanted probe = {data + at + 1, klen, NULL, NULL, 0, 0};
    size_t lo = 0, hi = nw;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_wanted(&w[mid], &probe) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo, seen = 0;
         k < nw && seen < DEPS_LOCATE_MAX_SAME && cmp_wanted(&w[k], &probe) == 0; k++, seen++) {
        if (w[k].rank < 3)
            consider(&w[k], data, len, at, next, line);
    }
}

void deps_resolve_lines(struct deps_pkg *const *pkgs, size_t n, const char *data, size_t len)
{
    struct wanted *w = xcalloc(n ? n : 1, sizeof(*w));
    size_t nw = 0;
    for (size_t i = 0; i < n; i++) {
        if (pkgs[i]->line_start != 0)
            continue;
        const char *key = pkgs[i]->locate != NULL ? pkgs[i]->locate : pkgs[i]->display;
        w[nw++] = (struct wanted){
            key,     strlen(key), pkgs[i]->conf == DEPS_CONF_HIGH ? pkgs[i]->version : NULL,
            pkgs[i], -1,          1};
    }
    if (nw > 0)
        qsort(w, nw, sizeof(*w), cmp_wanted);
    unsigned line = 1;
    for (size_t i = 0; nw > 0 && i < len; i++) {
        if (data[i] == '\n') {
            line++;
            continue;
        }
        if (data[i] != '"')
            continue;
        size_t j = i + 1; /* one pass over every string, honouring escapes */
        while (j < len && data[j] != '"') {
            if (data[j] == '\n')
                line++;
            j += data[j] == '\\' ? 2 : 1;
        }
        if (j >= len)
            break;
        int next = key_colon(data, len, j + 1);
        if (next >= 0)
            match_key(w, nw, data, len, i, j - i - 1, next, line);
        i = j;
    }
    for (size_t k = 0; k < nw; k++) {
        w[k].pkg->line_start = w[k].line;
        w[k].pkg->line_end = w[k].line;
    }
    free(w);
}
