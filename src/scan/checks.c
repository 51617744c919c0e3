/*
 * checks.c - value and path checks applied after a match: entropy, placeholders, generic
 * value filters, provider checksums, globs, languages, context paths, manifests, default
 * ignores, and the content hash used for de-duplication. Everything here is a pure
 * function over its arguments.
 */
#include "scan/checks.h"

#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

double checks_entropy(const char *s, size_t n)
{
    unsigned counts[256] = {0};
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        counts[(unsigned char)s[i]]++;
    double h = 0;
    for (size_t i = 0; i < 256; i++) {
        if (counts[i] == 0)
            continue;
        double p = (double)counts[i] / (double)n;
        h -= p * log2(p);
    }
    return h;
}

/* Case-insensitive substring search over a length-delimited value. */
static bool icontains(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; m <= n && i + m <= n; i++) {
        if (strncasecmp(s + i, needle, m) == 0)
            return true;
    }
    return false;
}

static bool iequals(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

static const char *const placeholder_words[] = {
    "example",     "changeme",   "change_me", "change-me",   "your-", "your_",
    "yourapi",     "yourkey",    "yoursecret", "yourtoken", "placeholder", "dummy", "redacted",
    "replace_me",  "replace-me", "replaceme",  "insert_",   "insert-",     "<your", "sample_key",
    "fake_",       "fakekey",    "notreal",    "not_real",  "not-a-real",  "***",   "...",
    "process.env", "os.getenv",  "os.environ", "getenv(",   "env[",        "${",    "{{",
    "#{",          "secrets.",   "vault:",      "randompassword", "mypassword", "somepassword",
    "strongpassword", "foobar",
};

/* Digests of the empty input (MD5, SHA-1, SHA-256, SHA-512): constants of every hashing
 * library and test, never a key. */
static const char *const empty_digests[] = {
    "d41d8cd98f00b204e9800998ecf8427e",
    "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ("cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce" /* SHA-512, */
     "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"), /* one string */
};

static bool longest_run(const char *s, size_t n, size_t limit)
{
    size_t run = 1;
    for (size_t i = 1; i < n; i++) {
        run = s[i] == s[i - 1] ? run + 1 : 1;
        if (run >= limit)
            return true;
    }
    return false;
}

/* Ascending or descending sequences like 123456, abcdef, 987654. */
static bool sequence_run(const char *s, size_t n, size_t limit)
{
    size_t up = 1, down = 1;
    for (size_t i = 1; i < n; i++) {
        int d = (unsigned char)tolower((unsigned char)s[i]) -
                (unsigned char)tolower((unsigned char)s[i - 1]);
        bool an = isalnum((unsigned char)s[i]) && isalnum((unsigned char)s[i - 1]);
        up = an && d == 1 ? up + 1 : 1;
        down = an && d == -1 ? down + 1 : 1;
        if (up >= limit || down >= limit)
            return true;
    }
    return false;
}

/* Filler x's: runs of four or more of one case (xxxx, XXXX) that make up eight characters
 * or a quarter of the value, or sit beside a sequence (XXXXabcd1234). A random key holds
 * "XXXX" or "XxxK" now and then (one of bench/soak.py's Stripe keys in a few thousand was
 * dropped that way); a placeholder is mostly filler and made-up runs. */
static bool x_filler(const char *s, size_t n)
{
    size_t filler = 0, run = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && (s[i] == 'x' || s[i] == 'X') && (run == 0 || s[i] == s[i - 1])) {
            run++;
            continue;
        }
        if (run >= 4)
            filler += run;
        run = i < n && (s[i] == 'x' || s[i] == 'X') ? 1 : 0;
    }
    return filler >= 8 || filler * 4 >= n || (filler > 0 && sequence_run(s, n, 4));
}

bool checks_is_placeholder(const char *s, size_t n)
{
    if (n == 0)
        return true;
    for (size_t i = 0; i < sizeof placeholder_words / sizeof placeholder_words[0]; i++) {
        if (icontains(s, n, placeholder_words[i]))
            return true;
    }
    static const char *const literals[] = {"true",      "false",    "null",   "none",  "nil",
                                           "undefined", "password", "secret", "token", "string"};
    for (size_t i = 0; i < sizeof literals / sizeof literals[0]; i++) {
        if (iequals(s, n, literals[i]))
            return true;
    }
    /* <token>, %VAR%, $VAR */
    if (s[0] == '<' && s[n - 1] == '>')
        return true;
    if (n > 2 && s[0] == '%' && s[n - 1] == '%')
        return true;
    if (n > 1 && s[0] == '$' && (isalpha((unsigned char)s[1]) || s[1] == '_'))
        return true;
    /* Six equal characters in a short value are filler; a long structured token holds such
     * a run by its format (an Entra refresh token's `.AgABAAAAAAD` header, base64 of zero
     * bytes), so the limit grows with the length from 192 characters on. */
    if (longest_run(s, n, n >= 192 ? n / 24 : 6) || sequence_run(s, n, 6))
        return true;
    for (size_t i = 0; i < sizeof empty_digests / sizeof empty_digests[0]; i++) {
        if (iequals(s, n, empty_digests[i]))
            return true;
    }
    return x_filler(s, n);
}

static bool is_uuid(const char *s, size_t n)
{
    if (n != 36)
        return false;
    for (size_t i = 0; i < n; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

/* Base64 rather than a path: only base64 characters, all three kinds of alphanumerics, few
 * slashes (random base64 has one in 64 characters; a path one per short word), and a mark a
 * path does not have: an empty segment ("//"), a '+', or '=' padding. URLs
 * carry a ':' and are rejected apart. */
static bool base64_slashes(const char *s, size_t n, size_t slashes, size_t upper, size_t lower,
                           size_t digit)
{
    bool mark = n > 0 && s[n - 1] == '=';
    if (upper == 0 || lower == 0 || digit == 0 || n < 24 || slashes * 12 > n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!isalnum(c) && c != '+' && c != '/' && c != '=')
            return false;
        if (c == '=' && i + 2 < n)
            return false;
        if (c == '/' && i + 1 < n && (s[i + 1] == '/' || s[i + 1] == '+'))
            mark = true;
        if (c == '+')
            mark = true; /* paths do not hold a '+' beside upper, lower and digits */
    }
    return mark;
}

static int b64url_val(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-' || c == '+')
        return 62;
    if (c == '_' || c == '/')
        return 63;
    return -1;
}

/* Standard base64 (padded to a multiple of 4) of printable text: decoded into out (cap
 * bytes, NUL-terminated), its length returned; 0 when the value is not that (binary, as a
 * random key decodes to, or not base64 at all). */
static size_t base64_text(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    if (n < 8 || n % 4 != 0 || n / 4 * 3 >= cap ||
        sodium_base642bin((unsigned char *)out, cap - 1, s, n, NULL, &o, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return 0;
    for (size_t i = 0; i < o; i++) {
        if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] > 0x7e)
            return 0;
    }
    out[o] = '\0';
    return o;
}

/* A base64 value (a Kubernetes Secret's data:, a CI variable) that decodes to a
 * placeholder, prose or a URL without credentials: base64 of "your_api_key_here" is not a
 * key. */
static bool base64_of_non_secret(const char *s, size_t n)
{
    char text[384];
    size_t t = base64_text(s, n, text, sizeof text);
    if (t == 0)
        return false;
    if (checks_is_placeholder(text, t) || memchr(text, ' ', t) != NULL)
        return true;
    return strstr(text, "://") != NULL && memchr(text, '@', t) == NULL;
}

/* A printf directive (`%s`, `%c`, `%08d`, `%v`) not followed by a letter or digit: the value
 * is a format string that a program fills in, not a secret. URL escapes (`%2B`) and a '%'
 * inside a password (`%Hq`) do not end that way. */
static bool format_directive(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != '%')
            continue;
        size_t j = i + 1;
        while (j < n && j - i <= 3 && isdigit((unsigned char)s[j]))
            j++;
        if (j < n && strchr("sdcvqxf", s[j]) != NULL &&
            (j + 1 == n || !isalnum((unsigned char)s[j + 1])))
            return true;
    }
    return false;
}

/* Prefixes that providers put on their tokens, whose own rules (same provider, exact
 * length and alphabet) judge a value that carries them: a generic rule catching such a
 * value has caught one the provider's rule rejected (one character short, past the
 * alphabet, a test key under its own name), a near-miss and not a credential of that
 * format. Case-sensitive, as providers issue them. Only prefixes of one provider whose rule
 * takes every documented shape are listed: not prefixes several providers share (sk_test_,
 * pk_live_: Stripe, Checkout.com...), not those whose rule is narrower than what the
 * provider issues (hf_, glsa_, SG., Sonar's squ_/sqco_), and not those whose near-misses
 * the rules report on purpose with low confidence (sk_live_ at any length, OpenAI's and
 * Anthropic's unverified keys, github_pat_, Slack's xox*, Heroku's HRKU- in a .netrc). */
static const char *const provider_prefixes[] = {
    "cfut_",   "cfat_",   "cfk_",    "bkua_",   "xai-",     "pat.",     "sat.",    "glpat-",
    "gloas-",  "ghp_",    "gho_",    "ghu_",    "ghs_",     "ghr_",     "npm_",    "pypi-",
    "dop_v1_", "doo_v1_", "dor_v1_", "shpat_",  "shpss_",   "shpca_",   "shppa_",  "sntrys_",
    "sntryu_", "lin_api_", "tkn.v1_", "nfp_",   "pcsk_",    "dp.st.",   "dp.pt.",  "AKIA",
    "ASIA",    "duffel_test_", "duffel_live_",
};

/* Suffixes that end one provider's tokens, on the same terms (New Relic mobile app tokens:
 * AA, 40 hex digits, -NRMA). */
static const char *const provider_suffixes[] = {
    "-NRMA",
};

/* A value that starts or ends with a provider's own mark: that provider's rule reports it. */
static bool provider_marked(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof provider_prefixes / sizeof provider_prefixes[0]; i++) {
        size_t m = strlen(provider_prefixes[i]);
        if (n > m && memcmp(s, provider_prefixes[i], m) == 0)
            return true;
    }
    for (size_t i = 0; i < sizeof provider_suffixes / sizeof provider_suffixes[0]; i++) {
        size_t m = strlen(provider_suffixes[i]);
        if (n > m && memcmp(s + n - m, provider_suffixes[i], m) == 0)
            return true;
    }
    return false;
}

/* {setting-name keyword, value shape} of the provider table (scripts/gen-provider-rules.py
 * writes the list from rules/providers.tsv). A shape is parts `lo,hi:alphabet` separated by
 * tabs: lo to hi characters of the alphabet; NULL for a provider whose table shape is not
 * every shape it issues (a common-word name, other token families in hand-written rules). */
struct provider_shape {
    const char *kw;
    const char *shape;
};

static const struct provider_shape provider_shapes[] = {
#include "provider-shapes.inc"
};

#define SHAPE_PARTS_MAX 16

struct shape_part {
    const char *alpha;
    size_t alen;
    size_t lo, hi;
};

/* Parses a shape string into parts; 0 when malformed or too long. */
static size_t shape_parse(const char *shape, struct shape_part *p, size_t cap)
{
    size_t k = 0;
    const char *s = shape;
    while (*s != '\0' && k < cap) {
        char *end;
        p[k].lo = strtoul(s, &end, 10);
        if (*end != ',')
            return 0;
        p[k].hi = strtoul(end + 1, &end, 10);
        if (*end != ':' || p[k].hi < p[k].lo)
            return 0;
        p[k].alpha = end + 1;
        const char *tab = strchr(p[k].alpha, '\t');
        p[k].alen = tab != NULL ? (size_t)(tab - p[k].alpha) : strlen(p[k].alpha);
        k++;
        s = tab != NULL ? tab + 1 : p[k - 1].alpha + p[k - 1].alen;
    }
    return *s == '\0' ? k : 0;
}

/* Whether s[0..n) is parts[0..k) exactly (backtracking over the variable lengths). */
static bool shape_parts_fit(const struct shape_part *p, size_t k, const char *s, size_t n)
{
    if (k == 0)
        return n == 0;
    size_t run = 0;
    while (run < p->hi && run < n && memchr(p->alpha, s[run], p->alen) != NULL)
        run++;
    if (run < p->lo)
        return false;
    for (size_t m = run + 1; m-- > p->lo;) {
        if (shape_parts_fit(p + 1, k - 1, s + m, n - m))
            return true;
    }
    return false;
}

static bool shape_fits(const char *shape, const char *s, size_t n)
{
    struct shape_part parts[SHAPE_PARTS_MAX];
    if (shape == NULL)
        return true; /* a provider named, of shapes the table does not hold */
    size_t k = shape_parse(shape, parts, SHAPE_PARTS_MAX);
    return k > 0 && shape_parts_fit(parts, k, s, n);
}

/* The keyword (lower case; its '_', '.', '-' stand for any of those or a blank) starts a
 * word of name at i: the name's start, after a non-alphanumeric, or a camelCase capital. */
static bool keyword_at(const char *name, size_t nn, size_t i, const char *kw)
{
    unsigned char c = (unsigned char)name[i];
    if (i > 0) {
        unsigned char b = (unsigned char)name[i - 1];
        if (isalnum(b) && !(islower(b) && isupper(c)))
            return false;
    }
    for (size_t j = 0; kw[j] != '\0'; j++) {
        if (i + j >= nn)
            return false;
        unsigned char x = (unsigned char)name[i + j];
        bool sep = strchr("_.-", kw[j]) != NULL;
        if (sep ? strchr("_.- ", x) == NULL || x == '\0' : tolower(x) != kw[j])
            return false;
    }
    return true;
}

static bool name_has_keyword(const char *name, size_t nn, const char *kw)
{
    for (size_t i = 0; i < nn; i++) {
        if (tolower((unsigned char)name[i]) == kw[0] && keyword_at(name, nn, i, kw))
            return true;
    }
    return false;
}

/* The generic rules whose names are any setting's (`*_TOKEN = "..."`), not a provider's
 * (generic-<provider>-credential, generic-provider-name-*: those judge the shape). */
static const char *const named_shape_rules[] = {
    "generic-secret-assignment", "generic-env-secret",         "generic-yaml-secret",
    "generic-bearer-token",      "generic-properties-secret",  "generic-xml-appsettings-secret",
    "generic-env-hex-secret",    "generic-hex-secret-assignment",
};

bool checks_named_shape_rule(const char *id)
{
    for (size_t i = 0; i < sizeof named_shape_rules / sizeof named_shape_rules[0]; i++) {
        if (strcmp(id, named_shape_rules[i]) == 0)
            return true;
    }
    return false;
}

/* A value the provider's single-class shape nearly takes: up to SHAPE_NEAR characters short
 * of it, or within SHAPE_NEAR of its length with a password's punctuation (`&`, `$`, `@`)
 * in it, and no token character the alphabet lacks (base64's `+/=`, `_`, `-`, another
 * letter case: a format of the provider the table may not hold). A longer value of the
 * alphabet may be a newer, longer format (Kickbox keys past 64). */
#define SHAPE_NEAR 6

static bool shape_near_miss(const char *shape, const char *s, size_t n)
{
    struct shape_part p;
    bool punct = false;
    if (shape == NULL || shape_parse(shape, &p, 1) != 1 || n + SHAPE_NEAR < p.lo ||
        n > p.hi + SHAPE_NEAR)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (memchr(p.alpha, c, p.alen) != NULL)
            continue;
        if (isalnum(c) || strchr("_+/=.-", c) != NULL)
            return false;
        punct = true;
    }
    return punct || n < p.lo;
}

bool checks_named_shape_reject(const char *name, size_t nn, const char *v, size_t n)
{
    bool near = false;
    for (size_t i = 0; i < sizeof provider_shapes / sizeof provider_shapes[0]; i++) {
        const struct provider_shape *ps = &provider_shapes[i];
        if (!name_has_keyword(name, nn, ps->kw))
            continue;
        if (shape_fits(ps->shape, v, n))
            return false;
        near = near || shape_near_miss(ps->shape, v, n);
    }
    return near;
}

/* The words of a setting's name: split at anything not a letter or digit and at case
 * changes (`MOCK_DEVICE_TOKEN`, `deviceToken`, `APNSDeviceToken` -> APNS Device Token). */
static size_t name_words(const char *s, size_t n, const char **w, size_t *wl, size_t cap)
{
    size_t k = 0, i = 0;
    while (i < n && k < cap) {
        while (i < n && !isalnum((unsigned char)s[i]))
            i++;
        size_t b = i;
        while (i < n && isalnum((unsigned char)s[i])) {
            i++;
            if (i < n && isupper((unsigned char)s[i]) &&
                (islower((unsigned char)s[i - 1]) ||
                 (i + 1 < n && islower((unsigned char)s[i + 1]) &&
                  isupper((unsigned char)s[i - 1]))))
                break;
        }
        if (i > b) {
            w[k] = s + b;
            wl[k++] = i - b;
        }
    }
    return k;
}

bool checks_name_not_secret(const char *name, size_t nn)
{
    static const char *const fake[] = {"dummy", "fake", "mock", "mocked", "placeholder",
                                       "example", "bogus"};
    const char *w[16];
    size_t wl[16];
    size_t k = name_words(name, nn, w, wl, 16);
    for (size_t i = 0; i < k; i++) {
        for (size_t j = 0; j < sizeof fake / sizeof fake[0]; j++) {
            if (iequals(w[i], wl[i], fake[j]))
                return true;
        }
        if (i + 1 < k && iequals(w[i], wl[i], "device") &&
            (iequals(w[i + 1], wl[i + 1], "token") || iequals(w[i + 1], wl[i + 1], "tokens")))
            return true;
    }
    return false;
}

/* Four or more of one punctuation character in a row (`____`, `----`): filler or a
 * separator, which a generated token's few symbols almost never make (one in ~10^5 of
 * 64-character base64url values). */
static bool punct_run(const char *s, size_t n)
{
    size_t run = 1;
    for (size_t i = 1; i < n; i++) {
        run = s[i] == s[i - 1] && ispunct((unsigned char)s[i]) ? run + 1 : 1;
        if (run >= 4)
            return true;
    }
    return false;
}

bool checks_generic_reject(const char *s, size_t n)
{
    size_t upper = 0, lower = 0, digit = 0, other = 0, dots = 0, slashes = 0;
    if (checks_is_placeholder(s, n) || is_uuid(s, n) || base64_of_non_secret(s, n) ||
        format_directive(s, n) || provider_marked(s, n))
        return true;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isupper(c))
            upper++;
        else if (islower(c))
            lower++;
        else if (isdigit(c))
            digit++;
        else
            other++;
        dots += c == '.';
        slashes += c == '/';
        if (c == ' ' || c == '\t')
            return true; /* prose */
    }
    if (punct_run(s, n))
        return true;
    /* Words and identifiers: no digit at all (camelCase, snake_case, CONSTANT). */
    if (digit == 0 && (upper == 0 || lower == 0 || other <= 1))
        return true;
    /* Only digits: ports, ids, timestamps. */
    if (digit == n)
        return true;
    /* Paths, dotted names, URLs without credentials; not base64 whose '/'s fall side by
     * side or beside '+' or '=' (a JWT secret "...m//9Lp...", "...+/x..."). */
    if ((slashes >= 2 && !base64_slashes(s, n, slashes, upper, lower, digit)) ||
        (dots >= 2 && digit * 4 < n) || memchr(s, ':', n) != NULL)
        return true;
    /* Letters and digits must both appear for a generated credential. */
    if (upper + lower < 2 || digit == 0)
        return other > 0 && upper > 0 && lower > 0 ? false : true;
    return false;
}

static uint32_t crc32_bytes(const char *s, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        crc ^= (unsigned char)s[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xFFFFFFFFu;
}

static const char base62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* GitHub (ghp_, gho_, ghu_, ghs_, ghr_) and npm (npm_) tokens: after the last '_', 30
 * random base62 characters then 6 base62 characters of CRC32 over those 30. */
static bool github_crc32(const char *s, size_t n)
{
    const char *body = s;
    size_t len = n;
    for (size_t i = n; i > 0; i--) {
        if (s[i - 1] == '_') {
            body = s + i;
            len = n - i;
            break;
        }
    }
    if (len < 7)
        return false;
    uint32_t crc = crc32_bytes(body, len - 6);
    char enc[6];
    for (int i = 5; i >= 0; i--) {
        enc[i] = base62[crc % 62];
        crc /= 62;
    }
    return memcmp(enc, body + len - 6, 6) == 0;
}

static bool luhn(const char *s, size_t n)
{
    unsigned sum = 0, digits = 0;
    bool dbl = false;
    for (size_t i = n; i > 0; i--) {
        char c = s[i - 1];
        if (c == ' ' || c == '-')
            continue;
        if (!isdigit((unsigned char)c))
            return false;
        unsigned d = (unsigned)(c - '0');
        if (dbl)
            d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
        dbl = !dbl;
        digits++;
    }
    return digits >= 12 && sum % 10 == 0;
}


/* One base64url segment of a JWT (up to '.' or the end) decoded into out (cap bytes,
 * NUL-terminated; a longer segment is decoded as far as fits). Returns the decoded length,
 * or 0 for a character outside base64url. *used gets the segment's length. */
static size_t jwt_segment(const char *s, size_t n, char *out, size_t cap, size_t *used)
{
    size_t o = 0, i = 0;
    unsigned acc = 0;
    int bits = 0;
    for (; i < n && s[i] != '.'; i++) {
        int v = b64url_val(s[i]);
        if (v < 0)
            return 0;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o < cap - 1)
                out[o++] = (char)((acc >> bits) & 0xFFu);
        }
    }
    out[o] = '\0';
    *used = i;
    return o;
}

/* JSON text as a JWT header holds it: no control character but blanks, and every byte
 * past ASCII part of a well-formed UTF-8 sequence (a corrupted segment decodes to binary).
 * A sequence cut by the end of a truncated decode is allowed. */
static bool json_text(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return false;
        if (c < 0x80)
            continue;
        size_t k = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c <= 0xDF ? 1 : 0;
        if (k == 0 || c > 0xF4)
            return false;
        for (size_t j = 1; j <= k && i + j < n; j++) {
            if (((unsigned char)t[i + j] & 0xC0u) != 0x80u)
                return false;
        }
        i += k;
    }
    return true;
}

/* A JWT: its header decodes to a whole JSON object that names "alg" (a corrupted header
 * decodes to binary or ends mid-string), a payload follows, and it is not the token every
 * JWT tutorial shows (jwt.io's sample: subject "1234567890", name "John Doe"). */
static bool jwt(const char *s, size_t n)
{
    char head[256], body[1024];
    size_t used = 0, h = jwt_segment(s, n, head, sizeof head, &used);
    if (h < 3 || head[0] != '{' || strstr(head, "\"alg\"") == NULL || !json_text(head, h))
        return false;
    /* A whole header closes its object (a corrupted one ends in mid-string). */
    while (h > 0 && isspace((unsigned char)head[h - 1]))
        h--;
    if (used * 3 / 4 < sizeof head - 1 && (h == 0 || head[h - 1] != '}'))
        return false;
    if (used >= n) /* no payload: the header alone */
        return false;
    /* The payload is only read for the sample's claims: test suites' made-up tokens
     * (a valid header, random payload characters) stand for real ones and stay. */
    size_t rest = used + 1, b = jwt_segment(s + rest, n - rest, body, sizeof body, &used);
    if (b < 2)
        return false;
    return !(strstr(body, "\"1234567890\"") != NULL && strstr(body, "\"John Doe\"") != NULL);
}

bool checks_checksum(enum rule_checksum kind, const char *s, size_t n)
{
    switch (kind) {
    case CHECKSUM_GITHUB_CRC32:
        return github_crc32(s, n);
    case CHECKSUM_LUHN:
        return luhn(s, n);
    case CHECKSUM_JWT:
        return jwt(s, n);
    case CHECKSUM_PEM:
    case CHECKSUM_OPENSSH: /* need the whole body: checks_key_body */
    case CHECKSUM_NONE:
        break;
    }
    return true;
}

/* Between two pieces of a key body in code: whitespace, escaped \n / \r, quotes, string
 * concatenation (+, commas, brackets, parentheses). Returns the length of the gap at p. */
static size_t body_gap(const char *p, const char *end)
{
    const char *q = p;
    while (q < end) {
        if (*q == '\\' && q + 1 < end && (q[1] == 'n' || q[1] == 'r'))
            q += 2;
        else if (strchr(" \t\r\n\"'`+,()[]", *q) != NULL)
            q++;
        else
            break;
    }
    return (size_t)(q - p);
}

enum checks_key checks_key_body(enum rule_checksum kind, const char *data, size_t len, size_t start)
{
    unsigned char out[CHECKS_KEY_BODY_MAX];
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    bool end_line = false;
    const char *p = data + start, *end = data + len;
    if ((size_t)(end - p) > CHECKS_KEY_BODY_MAX * 2)
        end = p + CHECKS_KEY_BODY_MAX * 2;
    while (p < end && o < sizeof out) {
        int v = *p == '-' || *p == '_' ? -1 : b64url_val(*p);
        if (v >= 0) {
            acc = (acc << 6) | (unsigned)v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (unsigned char)((acc >> bits) & 0xFFu);
            }
            p++;
            continue;
        }
        while (p < end && *p == '=')
            p++;
        size_t g = body_gap(p, end);
        if (end - p - (ptrdiff_t)g >= 8 && memcmp(p + g, "-----END", 8) == 0) {
            end_line = true;
            break;
        }
        if (g == 0)
            break;
        p += g;
    }
    if (kind == CHECKSUM_OPENSSH) {
        static const char magic[] = "openssh-key-v1";
        if (o < sizeof magic || memcmp(out, magic, sizeof magic) != 0)
            return o < sizeof magic ? CHECKS_KEY_TRUNCATED : CHECKS_KEY_MALFORMED;
        /* ciphername, kdfname, kdfoptions (strings), nkeys, public key, private section */
        size_t off = sizeof magic;
        for (int field = 0; field < 6; field++) {
            if (off + 4 > o)
                return CHECKS_KEY_TRUNCATED;
            uint32_t n = (uint32_t)out[off] << 24 | (uint32_t)out[off + 1] << 16 |
                         (uint32_t)out[off + 2] << 8 | out[off + 3];
            off += 4;
            if (field == 3) {
                if (n != 1)
                    return CHECKS_KEY_MALFORMED;
                continue;
            }
            if (n > CHECKS_KEY_BODY_MAX)
                return CHECKS_KEY_MALFORMED;
            off += n;
        }
        if (off > o)
            return CHECKS_KEY_TRUNCATED;
        return end_line ? CHECKS_KEY_OK : CHECKS_KEY_TRUNCATED;
    }
    /* PEM: one DER SEQUENCE with a definite length. */
    if (o < 2)
        return CHECKS_KEY_TRUNCATED;
    if (out[0] != 0x30)
        return CHECKS_KEY_MALFORMED;
    size_t hdr = 2, total;
    if (out[1] < 0x80) {
        total = out[1];
    } else {
        size_t nb = out[1] & 0x7Fu;
        if (nb == 0 || nb > 3)
            return CHECKS_KEY_MALFORMED;
        if (o < 2 + nb)
            return CHECKS_KEY_TRUNCATED;
        total = 0;
        for (size_t i = 0; i < nb; i++)
            total = total << 8 | out[2 + i];
        hdr += nb;
    }
    total += hdr;
    if (total > CHECKS_KEY_BODY_MAX)
        return CHECKS_KEY_MALFORMED;
    if (o < total || !end_line)
        return CHECKS_KEY_TRUNCATED;
    return CHECKS_KEY_OK;
}

static bool class_match(const char **pp, char c)
{
    const char *p = *pp + 1;
    bool neg = *p == '!' || *p == '^';
    bool hit = false;
    if (neg)
        p++;
    for (bool first = true; *p != '\0' && (first || *p != ']'); first = false, p++) {
        if (p[1] == '-' && p[2] != ']' && p[2] != '\0') {
            hit |= c >= p[0] && c <= p[2];
            p += 2;
        } else {
            hit |= c == *p;
        }
    }
    *pp = *p == ']' ? p + 1 : p;
    return hit != neg;
}

static bool glob_at(const char *p, const char *s)
{
    for (;;) {
        if (*p == '\0')
            return *s == '\0';
        if (p[0] == '*' && p[1] == '*') {
            const char *rest = p + 2;
            if (*rest == '/') {
                /* '**' + '/': zero or more whole components. */
                if (glob_at(rest + 1, s))
                    return true;
                for (const char *q = s; *q; q++) {
                    if (*q == '/' && glob_at(rest + 1, q + 1))
                        return true;
                }
                return false;
            }
            for (const char *q = s;; q++) {
                if (glob_at(rest, q))
                    return true;
                if (*q == '\0')
                    return false;
            }
        }
        if (*p == '*') {
            for (const char *q = s;; q++) {
                if (glob_at(p + 1, q))
                    return true;
                if (*q == '\0' || *q == '/')
                    return false;
            }
        }
        if (*s == '\0')
            return false;
        if (*p == '?') {
            if (*s == '/')
                return false;
            p++;
            s++;
            continue;
        }
        if (*p == '[') {
            if (*s == '/' || !class_match(&p, *s))
                return false;
            s++;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
}

/* The literal end of a glob (after its last wildcard, without a leading '/' that `** /`
 * may match as nothing) must end the path: a test that rules out most paths at once,
 * since this runs for every file against every path-limited rule. */
static bool tail_fits(const char *pattern, const char *path)
{
    const char *t = pattern;
    for (const char *q = pattern; *q != '\0'; q++) {
        if (*q == '*' || *q == '?' || *q == '[' || *q == ']')
            t = q + 1;
    }
    if (t != pattern && *t == '/')
        t++;
    size_t nt = strlen(t), np = strlen(path);
    return nt <= np && memcmp(path + np - nt, t, nt) == 0;
}

bool checks_glob(const char *pattern, const char *path)
{
    if (pattern[0] == '/')
        pattern++;
    if (!tail_fits(pattern, path))
        return false;
    if (strchr(pattern, '/') == NULL) {
        const char *base = strrchr(path, '/');
        return glob_at(pattern, base != NULL ? base + 1 : path);
    }
    return glob_at(pattern, path);
}

struct lang_ext {
    const char *ext;
    const char *lang;
};

/* Extensions (lower case, without the dot) and whole file names. */
static const struct lang_ext lang_exts[] = {
    {"js", "javascript"},
    {"mjs", "javascript"},
    {"cjs", "javascript"},
    {"jsx", "javascript"},
    {"ts", "typescript"},
    {"tsx", "typescript"},
    {"mts", "typescript"},
    {"cts", "typescript"},
    {"py", "python"},
    {"pyw", "python"},
    {"rb", "ruby"},
    {"go", "go"},
    {"java", "java"},
    {"kt", "kotlin"},
    {"kts", "kotlin"},
    {"cs", "csharp"},
    {"php", "php"},
    {"rs", "rust"},
    {"c", "c"},
    {"h", "c"},
    {"cc", "cpp"},
    {"cpp", "cpp"},
    {"cxx", "cpp"},
    {"hpp", "cpp"},
    {"swift", "swift"},
    {"scala", "scala"},
    {"sh", "shell"},
    {"bash", "shell"},
    {"zsh", "shell"},
    {"ps1", "powershell"},
    {"yml", "yaml"},
    {"yaml", "yaml"},
    {"json", "json"},
    {"toml", "toml"},
    {"xml", "xml"},
    {"html", "html"},
    {"htm", "html"},
    {"vue", "vue"},
    {"svelte", "svelte"},
    {"css", "css"},
    {"scss", "css"},
    {"md", "markdown"},
    {"sql", "sql"},
    {"tf", "terraform"},
    {"tfvars", "terraform"},
    {"hcl", "terraform"},
    {"ini", "ini"},
    {"cfg", "ini"},
    {"conf", "ini"},
    {"properties", "properties"},
    {"env", "dotenv"},
    {"dart", "dart"},
    {"lua", "lua"},
    {"pl", "perl"},
    {"ex", "elixir"},
    {"exs", "elixir"},
    {"gradle", "gradle"},
};

static const struct lang_ext lang_names[] = {
    {"dockerfile", "dockerfile"}, {"containerfile", "dockerfile"},
    {"makefile", "make"},         {"gemfile", "ruby"},
    {"rakefile", "ruby"},         {"jenkinsfile", "groovy"},
};

const char *checks_language(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    for (size_t i = 0; i < sizeof lang_names / sizeof lang_names[0]; i++) {
        if (strcasecmp(base, lang_names[i].ext) == 0)
            return lang_names[i].lang;
    }
    if (strncasecmp(base, "dockerfile.", 11) == 0)
        return "dockerfile";
    if (strcmp(base, ".env") == 0 || strncmp(base, ".env.", 5) == 0)
        return "dotenv";
    const char *dot = strrchr(base, '.');
    if (dot == NULL || dot == base)
        return NULL;
    for (size_t i = 0; i < sizeof lang_exts / sizeof lang_exts[0]; i++) {
        if (strcasecmp(dot + 1, lang_exts[i].ext) == 0)
            return lang_exts[i].lang;
    }
    return NULL;
}

static const char *const context_dirs[] = {
    "test",         "tests",     "__tests__", "spec",     "specs",  "fixture", "fixtures",
    "__fixtures__", "testdata",  "example",   "examples", "sample", "samples", "mock",
    "mocks",        "__mocks__", "doc",       "docs",     "demo",
};

bool checks_test_file_name(const char *name, size_t len)
{
    static const char *const marks[] = {".test.", "_test.", "-test.", ".spec.", "_spec.", "-spec."};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        if (icontains(name, len, marks[i]))
            return true;
    }
    return (len >= 5 && strncasecmp(name, "test_", 5) == 0) ||
           (len == 11 && strncasecmp(name, "conftest.py", 11) == 0);
}

bool checks_path_has_dir(const char *path, const char *const *names, size_t n_names)
{
    for (const char *p = path, *slash; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
        size_t n = (size_t)(slash - p);
        for (size_t i = 0; i < n_names; i++) {
            if (strlen(names[i]) == n && strncasecmp(p, names[i], n) == 0)
                return true;
        }
    }
    return false;
}

bool checks_context_path(const char *path)
{
    if (checks_path_has_dir(path, context_dirs, sizeof context_dirs / sizeof context_dirs[0]))
        return true;
    /* The file name: a test's, .env.example, README.md */
    const char *slash = strrchr(path, '/');
    const char *p = slash != NULL ? slash + 1 : path;
    size_t len = strlen(p);
    return checks_test_file_name(p, len) || icontains(p, len, ".example") ||
           icontains(p, len, ".sample") || icontains(p, len, ".template") ||
           icontains(p, len, ".md");
}

static const char *const bundle_dirs[] = {"dist",   "umd",     "bundles",     "compiled",
                                          "vendor", "vendors", "third_party", "third-party",
                                          "min",    "cjs",     "esm",         "amd"};

/* An Angular package format's flat ES module directory (fesm5, fesm2015, fesm2022...): each
 * file is a whole package bundled into one module. */
static bool flat_esm_dir(const char *p, size_t n)
{
    if (n < 5 || strncasecmp(p, "fesm", 4) != 0)
        return false;
    for (size_t i = 4; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
    }
    return true;
}

bool checks_bundled_file(const char *path, const char *data, size_t len)
{
    const char *p = path;
    const char *slash;
    while ((slash = strchr(p, '/')) != NULL) {
        size_t n = (size_t)(slash - p);
        for (size_t i = 0; i < sizeof bundle_dirs / sizeof bundle_dirs[0]; i++) {
            if (strlen(bundle_dirs[i]) == n && strncasecmp(p, bundle_dirs[i], n) == 0)
                return true;
        }
        if (flat_esm_dir(p, n))
            return true;
        p = slash + 1;
    }
    size_t n = strlen(p);
    if (icontains(p, n, ".min.") || icontains(p, n, "-min.") || icontains(p, n, ".bundle.") ||
        icontains(p, n, ".umd."))
        return true;
    /* Minified: long on average per line. */
    if (len < CHECKS_MINIFIED_MIN_LEN)
        return false;
    size_t lines = 1;
    for (const char *q = data; (q = memchr(q, '\n', len - (size_t)(q - data))) != NULL; q++)
        lines++;
    return len / lines > CHECKS_MINIFIED_AVG_LINE;
}

static const char *const manifest_names[] = {
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    "requirements.txt",
    "Pipfile",
    "Pipfile.lock",
    "poetry.lock",
    "pyproject.toml",
    "uv.lock",
    "go.mod",
    "go.sum",
    "Cargo.toml",
    "Cargo.lock",
    "Gemfile",
    "Gemfile.lock",
    "composer.json",
    "composer.lock",
    "pom.xml",
    "build.gradle",
    "gradle.lockfile",
    "packages.lock.json",
    "pubspec.lock",
    "mix.lock",
};

bool checks_is_manifest(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    for (size_t i = 0; i < sizeof manifest_names / sizeof manifest_names[0]; i++) {
        if (strcmp(base, manifest_names[i]) == 0)
            return true;
    }
    return false;
}

/* Third-party trees and caches: never the project's own code (ENGINE.md, "Where secrets
 * hide"). Build output (dist, build, .next, ...) is read: a key there reaches browsers. */
static const char *const ignored_dirs[] = {
    "node_modules",     ".git",          ".hg",         ".svn",
    "vendor",           ".venv",         "venv",        "virtualenv",
    ".virtualenvs",     ".tox",          "__pycache__", ".mypy_cache",
    ".pytest_cache",    ".ruff_cache",   ".gradle",     ".terraform",
    "bower_components", "jspm_packages", ".pnpm-store", ".yarn",
    ".cache",           ".parcel-cache", ".turbo",      ".angular",
};

bool checks_ignored_dir(const char *name)
{
    for (size_t i = 0; i < sizeof ignored_dirs / sizeof ignored_dirs[0]; i++) {
        if (strcmp(name, ignored_dirs[i]) == 0)
            return true;
    }
    return false;
}

bool checks_ignored_subdir(const char *parent, const char *name)
{
    /* Next.js keeps its webpack/image cache inside the build output. */
    return checks_ignored_dir(name) ||
           (parent != NULL && strcmp(parent, ".next") == 0 && strcmp(name, "cache") == 0);
}

static const char *const build_dirs[] = {
    "dist",     "build",       ".next",   ".nuxt",    ".output",
    "out",      ".svelte-kit", ".vercel", ".netlify", "storybook-static",
    "coverage", "_site",
};

bool checks_declaration_file(const char *path)
{
    size_t n = strlen(path);
    static const char *const ends[] = {".d.ts", ".d.mts", ".d.cts"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t m = strlen(ends[i]);
        if (n > m && strcasecmp(path + n - m, ends[i]) == 0)
            return true;
    }
    return false;
}

bool checks_build_output(const char *path)
{
    const char *p = path;
    for (const char *slash = strchr(p, '/'); slash != NULL; slash = strchr(p, '/')) {
        size_t n = (size_t)(slash - p);
        for (size_t i = 0; i < sizeof build_dirs / sizeof build_dirs[0]; i++) {
            if (strlen(build_dirs[i]) == n && memcmp(p, build_dirs[i], n) == 0)
                return true;
        }
        p = slash + 1;
    }
    return false;
}

static inline uint64_t rd64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline uint64_t mix(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* Eight independent lanes of 8 bytes each over 64-byte blocks (one multiply chain per lane,
 * so the multiplies overlap: ~4x the speed of two chains), folded into the two lanes that
 * take the last bytes. */
#define HASH_LANES 8u
void checks_hash128(const void *data, size_t n, uint64_t out[2])
{
    static const uint64_t k[HASH_LANES] = {
        0xA0761D6478BD642Full, 0xE7037ED1A0B428DBull, 0x8EBC6AF09C88C6E3ull, 0x589965CC75374CC3ull,
        0x1D8E4E27C47D124Full, 0x9E3779B97F4A7C15ull, 0xC2B2AE3D27D4EB4Full, 0x165667B19E3779F9ull};
    const unsigned char *p = data;
    uint64_t h1 = 0x9E3779B97F4A7C15ull ^ n, h2 = 0xC2B2AE3D27D4EB4Full + n;
    size_t i = 0;
    if (n >= 8 * HASH_LANES) {
        uint64_t l[HASH_LANES];
        for (unsigned j = 0; j < HASH_LANES; j++)
            l[j] = k[(j + 3) % HASH_LANES] ^ n;
        for (; i + 8 * HASH_LANES <= n; i += 8 * HASH_LANES) {
            for (unsigned j = 0; j < HASH_LANES; j++)
                l[j] = mix(l[j] ^ rd64(p + i + 8 * j), k[j]);
        }
        for (unsigned j = 0; j < HASH_LANES; j += 2) {
            h1 = mix(h1 ^ l[j], k[j]);
            h2 = mix(h2 ^ l[j + 1], k[j + 1]);
        }
    }
    for (; i + 16 <= n; i += 16) {
        h1 = mix(h1 ^ rd64(p + i), 0xA0761D6478BD642Full);
        h2 = mix(h2 ^ rd64(p + i + 8), 0xE7037ED1A0B428DBull);
    }
    unsigned char tail[16] = {0};
    memcpy(tail, p + i, n - i);
    h1 = mix(h1 ^ rd64(tail), 0x8EBC6AF09C88C6E3ull);
    h2 = mix(h2 ^ rd64(tail + 8), 0x589965CC75374CC3ull);
    out[0] = mix(h1 ^ h2, 0x1D8E4E27C47D124Full);
    out[1] = mix(h2 + out[0], 0xA0761D6478BD642Full);
}

/* The last occurrence of the two-byte string w in data[from, to), or SIZE_MAX. */
static size_t last_pair(const char *data, size_t from, size_t to, const char *w)
{
    for (size_t i = to; i >= from + 2; i--) {
        if (data[i - 2] == w[0] && data[i - 1] == w[1])
            return i - 2;
    }
    return SIZE_MAX;
}

/* The first occurrence of the two-byte string w in data[from, to), or SIZE_MAX. */
static size_t first_pair(const char *data, size_t from, size_t to, const char *w)
{
    for (size_t i = from; i + 2 <= to; i++) {
        if (data[i] == w[0] && data[i + 1] == w[1])
            return i;
    }
    return SIZE_MAX;
}

/* Whether the JS/TS line at ls starts inside a block comment: ` * text` after an unclosed
 * opener, or any line after an unclosed opener that starts its own line (the opener, then
 * plain text lines; not a glob's slash-star inside a string such as 'src/' + '**' + ...). */
static bool line_starts_in_block(const char *data, size_t len, size_t ls, size_t pos)
{
    size_t b = ls;
    while (b < pos && (data[b] == ' ' || data[b] == '\t'))
        b++;
    bool star = b < pos && data[b] == '*' && !(b + 1 < len && data[b + 1] == '/');
    size_t from = ls > 4096 ? ls - 4096 : 0;
    size_t open = last_pair(data, from, ls, "/*");
    if (open == SIZE_MAX || last_pair(data, open + 2, ls, "*/") != SIZE_MAX)
        return false;
    if (star)
        return true;
    size_t o = open;
    while (o > 0 && (data[o - 1] == ' ' || data[o - 1] == '\t'))
        o--;
    return o == 0 || data[o - 1] == '\n';
}

bool checks_in_comment(const char *lang, const char *data, size_t len, size_t pos)
{
    if (lang == NULL || pos >= len)
        return false;
    bool py = strcmp(lang, "python") == 0;
    if (!py && strcmp(lang, "javascript") != 0 && strcmp(lang, "typescript") != 0)
        return false;
    size_t ls = pos;
    while (ls > 0 && data[ls - 1] != '\n')
        ls--;
    /* A line that starts inside a block comment is code from its closer on. */
    if (!py && line_starts_in_block(data, len, ls, pos)) {
        size_t close = first_pair(data, ls, pos, "*/");
        if (close == SIZE_MAX)
            return true;
        ls = close + 2;
    }
    /* Same line: a comment opener outside a string before pos. */
    char q = 0;
    for (size_t i = ls; i < pos; i++) {
        char c = data[i];
        if (q != 0) {
            if (c == '\\')
                i++;
            else if (c == q)
                q = 0;
        } else if (c == '"' || c == '\'' || (c == '`' && !py)) {
            q = c;
        } else if (py ? c == '#' : (c == '/' && i + 1 < pos && data[i + 1] == '/')) {
            return true;
        } else if (!py && c == '/' && i + 1 < pos && data[i + 1] == '*') {
            size_t close = last_pair(data, i + 2, pos, "*/");
            if (close == SIZE_MAX)
                return true;
            i = close + 1;
        }
    }
    return false;
}

bool checks_in_string(const char *lang, const char *data, size_t len, size_t pos)
{
    if (lang == NULL || pos >= len ||
        (strcmp(lang, "javascript") != 0 && strcmp(lang, "typescript") != 0))
        return false;
    size_t ls = pos;
    while (ls > 0 && data[ls - 1] != '\n')
        ls--;
    char q = 0;
    char outer[8];      /* the quote each open substitution returns to */
    unsigned braces[8]; /* `{` open in each substitution */
    size_t depth = 0;
    for (size_t i = ls; i < pos; i++) {
        char c = data[i];
        if (q != 0) {
            if (c == '\\') {
                i++;
            } else if (c == '$' && i + 1 < pos && data[i + 1] == '{') {
                if (depth == sizeof outer)
                    return false;
                outer[depth] = q;
                braces[depth++] = 0;
                q = 0;
                i++;
            } else if (c == q) {
                q = 0;
            }
        } else if (c == '\'' || c == '"' || c == '`') {
            q = c;
        } else if (c == '/' && i + 1 < pos && data[i + 1] == '/') {
            return false; /* a comment: checks_in_comment's call */
        } else if (c == '/' && i + 1 < pos && data[i + 1] == '*') {
            for (i += 2; i + 1 < pos && !(data[i] == '*' && data[i + 1] == '/'); i++)
                ;
            if (i + 1 >= pos)
                return false;
            i++;
        } else if (c == '*' && i + 1 < pos && data[i + 1] == '/') {
            depth = 0; /* the line began in a block comment: what came before was not code */
            i++;
        } else if (c == '{' && depth > 0) {
            braces[depth - 1]++;
        } else if (c == '}' && depth > 0) {
            if (braces[depth - 1] > 0)
                braces[depth - 1]--;
            else
                q = outer[--depth];
        }
    }
    return q != 0;
}
