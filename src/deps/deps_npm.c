/*
 * deps_npm.c - npm manifests: package-lock.json / npm-shrinkwrap.json (lockfile v1 nested
 * "dependencies", v2/v3 flat "packages"), package.json (direct dependencies, version
 * guessed from the range), yarn.lock (v1 and berry, by hand) and pnpm-lock.yaml (v5 to
 * v9, libyaml's event parser: no document tree, no alias expansion).
 */
#include "deps/deps_parse.h"

#include <jansson.h>
#include <string.h>
#include <yaml.h>

#include "deps/semver.h"

#define DEPS_NPM_MAX_HEADER 4096

static bool valid_semver(const char *v, size_t n)
{
    struct semver sv;
    return semver_parse(v, n, &sv);
}

static enum vg_err add_npm(struct deps_list *out, const char *name, size_t nlen, const char *ver,
                           size_t vlen, const char *locate, unsigned line, unsigned line_end,
                           enum deps_confidence conf)
{
    if (!valid_semver(ver, vlen))
        return VG_OK; /* file:, git, link: and other non-registry versions */
    return deps_list_add(out, OSV_ECO_NPM, name, nlen, ver, vlen, locate, line, line_end, conf);
}

static json_t *load_json(const char *data, size_t len)
{
    json_error_t jerr;
    return json_loadb(data, len, 0, &jerr);
}

/* ---- package-lock.json ---- */

/* "npm:real-name@1.2.3" aliases install real-name. */
static void split_alias(const char **name, size_t *nlen, const char **ver)
{
    if (strncmp(*ver, "npm:", 4) != 0)
        return;
    const char *spec = *ver + 4;
    const char *at = strrchr(spec, '@');
    if (at == NULL || at == spec)
        return;
    *name = spec;
    *nlen = (size_t)(at - spec);
    *ver = at + 1;
}

static enum vg_err lock_v1(json_t *deps, int depth, struct deps_list *out)
{
    if (depth > DEPS_MAX_DEPTH)
        return VG_ERR_INVALID;
    const char *key;
    json_t *val;
    json_object_foreach(deps, key, val)
    {
        const char *ver = json_string_value(json_object_get(val, "version"));
        if (ver != NULL) {
            const char *name = key;
            size_t nlen = strlen(key);
            split_alias(&name, &nlen, &ver);
            enum vg_err e = add_npm(out, name, nlen, ver, strlen(ver), key, 0, 0, DEPS_CONF_HIGH);
            if (e != VG_OK)
                return e;
        }
        json_t *sub = json_object_get(val, "dependencies");
        if (json_is_object(sub)) {
            enum vg_err e = lock_v1(sub, depth + 1, out);
            if (e != VG_OK)
                return e;
        }
    }
    return VG_OK;
}

static enum vg_err lock_v2(json_t *packages, struct deps_list *out)
{
    const char *key;
    json_t *val;
    json_object_foreach(packages, key, val)
    {
        const char *nm = NULL, *p = key;
        while ((p = strstr(p, "node_modules/")) != NULL) {
            nm = p + 13;
            p = nm;
        }
        const char *ver = json_string_value(json_object_get(val, "version"));
        if (nm == NULL || *nm == '\0' || ver == NULL || json_is_true(json_object_get(val, "link")))
            continue; /* the root, workspaces and links are not registry packages */
        const char *real = json_string_value(json_object_get(val, "name"));
        const char *name = real != NULL ? real : nm;
        enum vg_err e =
            add_npm(out, name, strlen(name), ver, strlen(ver), key, 0, 0, DEPS_CONF_HIGH);
        if (e != VG_OK)
            return e;
    }
    return VG_OK;
}

enum vg_err deps_parse_package_lock(const char *data, size_t len, struct deps_list *out)
{
    json_t *root = load_json(data, len);
    if (!json_is_object(root)) {
        json_decref(root);
        return VG_ERR_INVALID;
    }
    json_t *packages = json_object_get(root, "packages");
    json_t *deps = json_object_get(root, "dependencies");
    enum vg_err e = VG_OK;
    if (json_is_object(packages))
        e = lock_v2(packages, out);
    else if (json_is_object(deps))
        e = lock_v1(deps, 0, out);
    json_decref(root);
    return e;
}

/* ---- package.json ---- */

static const char *const pj_sections[] = {"dependencies", "devDependencies",
                                          "optionalDependencies"};

enum vg_err deps_parse_package_json(const char *data, size_t len, struct deps_list *out)
{
    json_t *root = load_json(data, len);
    if (!json_is_object(root)) {
        json_decref(root);
        return VG_ERR_INVALID;
    }
    enum vg_err e = VG_OK;
    for (size_t s = 0; s < sizeof(pj_sections) / sizeof(pj_sections[0]) && e == VG_OK; s++) {
        const char *key;
        json_t *val;
        json_object_foreach(json_object_get(root, pj_sections[s]), key, val)
        {
            const char *range = json_string_value(val);
            if (range == NULL)
                continue;
            const char *name = key;
            size_t nlen = strlen(key);
            split_alias(&name, &nlen, &range);
            char min[SEMVER_MAX_LEN + 1];
            bool exact = false;
            if (!semver_range_min(range, min, sizeof(min), &exact))
                continue;
            e = add_npm(out, name, nlen, min, strlen(min), key, 0, 0,
                        exact ? DEPS_CONF_MEDIUM : DEPS_CONF_LOW);
            if (e != VG_OK)
                break;
        }
    }
    json_decref(root);
    return e;
}

/* ---- yarn.lock ---- */

static const char *const yarn_skip_protocols[] = {
    "@workspace:", "@link:", "@portal:", "@file:", "@exec:"};

/*
 * Package name of a yarn.lock block header: its first descriptor, unquoted, up to the
 * '@' that starts the range ("@babel/core@^7.0.0", "lodash@npm:^4.17.15",
 * "alias@npm:real@^1.0.0" gives real). False for __metadata and non-registry protocols.
 */
static bool yarn_header_name(const char *h, size_t n, const char **name, size_t *nlen)
{
    size_t end = 0;
    while (end < n && h[end] != ',')
        end++;
    while (end > 0 && (h[end - 1] == ':' || h[end - 1] == ' '))
        end--;
    if (end > 0 && h[0] == '"') {
        h++;
        end--;
        if (end > 0 && h[end - 1] == '"')
            end--;
    }
    for (size_t k = 0; k < sizeof(yarn_skip_protocols) / sizeof(yarn_skip_protocols[0]); k++) {
        if (end > 0 && memmem(h, end, yarn_skip_protocols[k], strlen(yarn_skip_protocols[k])))
            return false;
    }
    const char *at = end > 1 ? memchr(h + 1, '@', end - 1) : NULL;
    if (at == NULL || strncmp(h, "__metadata", 10) == 0)
        return false;
    *name = h;
    *nlen = (size_t)(at - h);
    const char *rest = at + 1;
    size_t rlen = end - (size_t)(rest - h);
    if (rlen > 4 && memcmp(rest, "npm:", 4) == 0) {
        const char *real = rest + 4;
        const char *at2 = rlen > 5 ? memchr(real + 1, '@', rlen - 5) : NULL;
        if (at2 != NULL) {
            *name = real;
            *nlen = (size_t)(at2 - real);
        }
    }
    return true;
}

/* "  version "1.2.3"" (v1) or "  version: 1.2.3" (berry): the version, unquoted. */
static bool yarn_version(const struct deps_line *ln, const char **v, size_t *vlen)
{
    size_t i = 0;
    while (i < ln->len && ln->ptr[i] == ' ')
        i++;
    if (i == 0 || ln->len - i < 8 || memcmp(ln->ptr + i, "version", 7) != 0)
        return false;
    i += 7;
    if (i < ln->len && ln->ptr[i] == ':')
        i++;
    if (i >= ln->len || ln->ptr[i] != ' ')
        return false;
    while (i < ln->len && ln->ptr[i] == ' ')
        i++;
    size_t end = ln->len;
    while (end > i && (ln->ptr[end - 1] == ' ' || ln->ptr[end - 1] == '"'))
        end--;
    if (i < end && ln->ptr[i] == '"')
        i++;
    *v = ln->ptr + i;
    *vlen = end > i ? end - i : 0;
    return *vlen > 0;
}

enum vg_err deps_parse_yarn_lock(const char *data, size_t len, struct deps_list *out)
{
    size_t pos = 0;
    struct deps_line ln = {NULL, 0, 0};
    const char *name = NULL;
    size_t nlen = 0;
    unsigned header_line = 0;
    while (deps_next_line(data, len, &pos, &ln)) {
        if (ln.len == 0 || ln.ptr[0] == '#')
            continue;
        if (ln.ptr[0] != ' ') {
            name = NULL;
            if (ln.len < DEPS_NPM_MAX_HEADER && ln.ptr[ln.len - 1] == ':' &&
                yarn_header_name(ln.ptr, ln.len, &name, &nlen))
                header_line = ln.no;
            continue;
        }
        const char *v;
        size_t vlen;
        if (name != NULL && yarn_version(&ln, &v, &vlen)) {
            enum vg_err e =
                add_npm(out, name, nlen, v, vlen, NULL, header_line, ln.no, DEPS_CONF_HIGH);
            if (e != VG_OK)
                return e;
            name = NULL;
        }
    }
    return VG_OK;
}

/* ---- pnpm-lock.yaml ---- */

/*
 * A "packages:" key to (name, version). v5: "/name/1.0.0_peer@1", "/@scope/name/1.0.0";
 * v6: "/name@1.0.0(peer@1)"; v9: "name@1.0.0", "@scope/name@1.0.0".
 */
static bool pnpm_key(const char *k, size_t n, bool slash_form, const char **name, size_t *nlen,
                     const char **ver, size_t *vlen)
{
    if (n > 0 && k[0] == '/') {
        k++;
        n--;
    }
    const char *paren = memchr(k, '(', n);
    if (paren != NULL)
        n = (size_t)(paren - k);
    if (n < 3)
        return false;
    const char *sep;
    if (slash_form) {
        const char *first = memchr(k, '/', n);
        sep = first != NULL && k[0] == '@' ? memchr(first + 1, '/', n - (size_t)(first + 1 - k))
                                           : first;
    } else {
        sep = memchr(k + 1, '@', n - 1);
    }
    if (sep == NULL)
        return false;
    *name = k;
    *nlen = (size_t)(sep - k);
    *ver = sep + 1;
    *vlen = n - *nlen - 1;
    const char *peer = slash_form ? memchr(*ver, '_', *vlen) : NULL;
    if (peer != NULL)
        *vlen = (size_t)(peer - *ver);
    return *nlen > 0 && *vlen > 0;
}

struct yaml_walk {
    bool is_key[DEPS_MAX_DEPTH + 1]; /* per mapping level: next scalar is a key */
    bool is_map[DEPS_MAX_DEPTH + 1];
    int depth;
    bool in_packages, in_version, slash_form;
};

/* A value (scalar, or a nested node starting) was consumed at the current level. */
static void yaml_took_node(struct yaml_walk *w)
{
    if (w->depth > 0 && w->is_map[w->depth])
        w->is_key[w->depth] = !w->is_key[w->depth];
}

static enum vg_err pnpm_scalar(struct yaml_walk *w, const yaml_event_t *ev, struct deps_list *out)
{
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    bool key = w->depth > 0 && w->is_map[w->depth] && w->is_key[w->depth];
    enum vg_err e = VG_OK;
    if (w->depth == 1 && key) {
        w->in_packages = n == strlen("packages") && memcmp(s, "packages", n) == 0;
        w->in_version = n == strlen("lockfileVersion") && memcmp(s, "lockfileVersion", n) == 0;
    } else if (w->depth == 1 && w->in_version) {
        w->slash_form = n > 0 && s[0] == '5';
        w->in_version = false;
    } else if (w->depth == 2 && key && w->in_packages) {
        const char *name, *ver;
        size_t nlen, vlen;
        if (pnpm_key(s, n, w->slash_form, &name, &nlen, &ver, &vlen)) {
            unsigned line = (unsigned)ev->start_mark.line + 1;
            e = add_npm(out, name, nlen, ver, vlen, NULL, line, line, DEPS_CONF_HIGH);
        }
    }
    yaml_took_node(w);
    return e;
}

static enum vg_err pnpm_event(struct yaml_walk *w, const yaml_event_t *ev, struct deps_list *out)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        return pnpm_scalar(w, ev, out);
    case YAML_ALIAS_EVENT:
        yaml_took_node(w);
        return VG_OK;
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT:
        if (w->depth == DEPS_MAX_DEPTH)
            return VG_ERR_INVALID;
        yaml_took_node(w);
        w->depth++;
        w->is_map[w->depth] = ev->type == YAML_MAPPING_START_EVENT;
        w->is_key[w->depth] = true;
        return VG_OK;
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
        if (w->depth > 0)
            w->depth--;
        return VG_OK;
    default:
        return VG_OK;
    }
}

enum vg_err deps_parse_pnpm_lock(const char *data, size_t len, struct deps_list *out)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return VG_ERR_INTERNAL;
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    struct yaml_walk w;
    memset(&w, 0, sizeof(w));
    enum vg_err e = VG_OK;
    bool done = false;
    while (!done && e == VG_OK) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            e = VG_ERR_INVALID;
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT || ev.type == YAML_DOCUMENT_END_EVENT;
        e = pnpm_event(&w, &ev, out);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return e;
}
