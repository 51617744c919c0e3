/*
 * deps_py.c - Python manifests: requirements*.txt (pins, ~=/>= lower bounds, extras,
 * markers, continuation lines; options such as -r, -e, --hash are ignored), poetry.lock
 * (only the name/version pairs of [[package]] tables, read line by line: no TOML library
 * is needed for that subset) and Pipfile.lock (JSON "default" and "develop").
 */
#include "deps/deps_parse.h"

#include <jansson.h>
#include <string.h>

#include "deps/pep440.h"

#define DEPS_PY_MAX_LOGICAL_LINE 8192

static bool valid_pep440(const char *v, size_t n)
{
    struct pep440 pv;
    return pep440_parse(v, n, &pv);
}

static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* ---- requirements.txt ---- */

struct req_spec {
    const char *ver;
    size_t vlen;
    enum deps_confidence conf;
};

/* The version we can name from "==1.2", "===1.2", "~=1.2", ">=1.2" (lowest wins). */
static bool req_pick(const char *s, size_t n, struct req_spec *best)
{
    bool found = false;
    size_t i = 0;
    while (i < n) {
        while (i < n && (is_blank(s[i]) || s[i] == ','))
            i++;
        size_t op = i;
        while (i < n && strchr("=<>!~", s[i]) != NULL)
            i++;
        size_t oplen = i - op;
        while (i < n && is_blank(s[i]))
            i++;
        size_t v = i;
        while (i < n && s[i] != ',' && !is_blank(s[i]))
            i++;
        size_t vlen = i - v;
        if (oplen == 0 || vlen == 0)
            continue;
        bool pin = (oplen == 2 && memcmp(s + op, "==", 2) == 0) ||
                   (oplen == 3 && memcmp(s + op, "===", 3) == 0);
        bool lower = oplen == 2 && (memcmp(s + op, "~=", 2) == 0 || memcmp(s + op, ">=", 2) == 0);
        if (pin && vlen > 2 && memcmp(s + v + vlen - 2, ".*", 2) == 0) {
            vlen -= 2; /* "==1.4.*": the lowest release of the series, a guess */
            pin = false;
            lower = true;
        }
        if ((!pin && !lower) || !valid_pep440(s + v, vlen))
            continue;
        if (pin) {
            *best = (struct req_spec){s + v, vlen, DEPS_CONF_HIGH};
            return true;
        }
        if (!found)
            *best = (struct req_spec){s + v, vlen, DEPS_CONF_LOW};
        found = true;
    }
    return found;
}

static enum vg_err req_line(const char *s, size_t n, unsigned first, unsigned last,
                            struct deps_list *out)
{
    size_t i = 0;
    while (i < n && is_blank(s[i]))
        i++;
    if (i >= n || s[i] == '-' || s[i] == '#')
        return VG_OK; /* options (-r, -e, -c, --index-url) and comments */
    size_t name = i;
    while (i < n && is_name_char(s[i]))
        i++;
    size_t nlen = i - name;
    while (i < n && is_blank(s[i]))
        i++;
    if (i < n && s[i] == '[') { /* extras */
        const char *close = memchr(s + i, ']', n - i);
        if (close == NULL)
            return VG_OK;
        i = (size_t)(close - s) + 1;
    }
    size_t end = n;
    const char *semi = memchr(s + i, ';', n - i);
    if (semi != NULL)
        end = (size_t)(semi - s);
    for (size_t k = i; k + 1 < end; k++) {
        if (is_blank(s[k]) && (s[k + 1] == '#' || s[k + 1] == '-')) {
            end = k; /* a trailing comment or --hash option */
            break;
        }
    }
    struct req_spec spec;
    if (nlen == 0 || (i < end && s[i] == '@') || !req_pick(s + i, end - i, &spec))
        return VG_OK; /* unpinned, or a direct URL reference */
    return deps_list_add(out, OSV_ECO_PYPI, s + name, nlen, spec.ver, spec.vlen, NULL, first, last,
                         spec.conf);
}

enum vg_err deps_parse_requirements(const char *data, size_t len, struct deps_list *out)
{
    size_t pos = 0;
    struct deps_line ln = {NULL, 0, 0};
    char logical[DEPS_PY_MAX_LOGICAL_LINE];
    size_t llen = 0;
    unsigned first = 0;
    bool overflow = false;
    while (deps_next_line(data, len, &pos, &ln)) {
        if (llen == 0) {
            first = ln.no;
            overflow = false;
        }
        size_t n = ln.len;
        bool cont = n > 0 && ln.ptr[n - 1] == '\\';
        if (cont)
            n--;
        if (llen + n + 1 > sizeof(logical))
            overflow = true;
        else {
            memcpy(logical + llen, ln.ptr, n);
            llen += n;
            logical[llen++] = ' ';
        }
        if (cont)
            continue;
        enum vg_err e = overflow ? VG_OK : req_line(logical, llen, first, ln.no, out);
        llen = 0;
        if (e != VG_OK)
            return e;
    }
    if (llen > 0 && !overflow)
        return req_line(logical, llen, first, ln.no, out);
    return VG_OK;
}

/* ---- poetry.lock ---- */

/* `key = "value"` on one line: the unquoted value, or false. */
static bool toml_string(const struct deps_line *ln, const char *key, const char **v, size_t *vlen)
{
    size_t k = strlen(key), i = 0;
    if (ln->len < k + 3 || memcmp(ln->ptr, key, k) != 0)
        return false;
    i = k;
    while (i < ln->len && is_blank(ln->ptr[i]))
        i++;
    if (i >= ln->len || ln->ptr[i] != '=')
        return false;
    i++;
    while (i < ln->len && is_blank(ln->ptr[i]))
        i++;
    if (i >= ln->len || (ln->ptr[i] != '"' && ln->ptr[i] != '\''))
        return false;
    char q = ln->ptr[i++];
    const char *close = memchr(ln->ptr + i, q, ln->len - i);
    if (close == NULL)
        return false;
    *v = ln->ptr + i;
    *vlen = (size_t)(close - *v);
    return true;
}

struct poetry_pkg {
    const char *name, *ver;
    size_t nlen, vlen;
    unsigned name_line, ver_line;
};

static enum vg_err poetry_flush(struct poetry_pkg *p, struct deps_list *out)
{
    enum vg_err e = VG_OK;
    if (p->name != NULL && p->ver != NULL && valid_pep440(p->ver, p->vlen)) {
        unsigned a = p->name_line < p->ver_line ? p->name_line : p->ver_line;
        unsigned b = p->name_line < p->ver_line ? p->ver_line : p->name_line;
        e = deps_list_add(out, OSV_ECO_PYPI, p->name, p->nlen, p->ver, p->vlen, NULL, a, b,
                          DEPS_CONF_HIGH);
    }
    memset(p, 0, sizeof(*p));
    return e;
}

enum vg_err deps_parse_poetry_lock(const char *data, size_t len, struct deps_list *out)
{
    size_t pos = 0;
    struct deps_line ln = {NULL, 0, 0};
    struct poetry_pkg p;
    memset(&p, 0, sizeof(p));
    bool in_pkg = false;
    while (deps_next_line(data, len, &pos, &ln)) {
        if (ln.len > 0 && ln.ptr[0] == '[') {
            enum vg_err e = poetry_flush(&p, out);
            if (e != VG_OK)
                return e;
            in_pkg = ln.len >= 11 && memcmp(ln.ptr, "[[package]]", 11) == 0;
            continue;
        }
        if (!in_pkg)
            continue;
        if (p.name == NULL && toml_string(&ln, "name", &p.name, &p.nlen))
            p.name_line = ln.no;
        else if (p.ver == NULL && toml_string(&ln, "version", &p.ver, &p.vlen))
            p.ver_line = ln.no;
    }
    return poetry_flush(&p, out);
}

/* ---- Pipfile.lock ---- */

enum vg_err deps_parse_pipfile_lock(const char *data, size_t len, struct deps_list *out)
{
    json_error_t jerr;
    json_t *root = json_loadb(data, len, 0, &jerr);
    if (!json_is_object(root)) {
        json_decref(root);
        return VG_ERR_INVALID;
    }
    static const char *const sections[] = {"default", "develop"};
    enum vg_err e = VG_OK;
    for (size_t s = 0; s < 2 && e == VG_OK; s++) {
        const char *key;
        json_t *val;
        json_object_foreach(json_object_get(root, sections[s]), key, val)
        {
            const char *v = json_string_value(json_object_get(val, "version"));
            if (v == NULL || strncmp(v, "==", 2) != 0)
                continue; /* git, path and editable entries carry no version */
            v += 2;
            if (*v == '=')
                v++;
            if (!valid_pep440(v, strlen(v)))
                continue;
            e = deps_list_add(out, OSV_ECO_PYPI, key, strlen(key), v, strlen(v), key, 0, 0,
                              DEPS_CONF_HIGH);
            if (e != VG_OK)
                break;
        }
    }
    json_decref(root);
    return e;
}
