/*
 * dedupe.c - scan each distinct content once (ENGINE.md). Workers of one scan share a
 * table from a 128-bit content hash (and length) to the Vectorscan hits of that content;
 * a file whose content was already scanned reuses the hits and skips the Vectorscan pass.
 * Everything after it (PCRE2 confirmation, path filters, suppression) still runs for each
 * path, because rules and suppressions depend on the path. Bounded: past DEDUPE_MAX_ENTRIES
 * distinct contents nothing more is remembered.
 */
#include "scan/engine_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define DEDUPE_HAVE_AVX2_PATH 1
#endif

#include "scan/checks.h"
#include "util/xalloc.h"

#define DEDUPE_MAX_ENTRIES ((size_t)1 << 22)
#define DEDUPE_MAX_HITS 4096u

struct dd_entry {
    uint64_t h[2];
    uint64_t len;
    struct engine_hit *hits; /* NULL with n 0: no hits */
    uint32_t n;
    bool used;
};

struct dedupe {
    pthread_mutex_t mu;
    struct dd_entry *t;
    size_t cap, n;
};

struct dedupe *dedupe_new(void)
{
    struct dedupe *d = xcalloc(1, sizeof *d);
    pthread_mutex_init(&d->mu, NULL);
    d->cap = 1024;
    d->t = xcalloc(d->cap, sizeof *d->t);
    return d;
}

void dedupe_free(struct dedupe *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->cap; i++)
        free(d->t[i].hits);
    free(d->t);
    pthread_mutex_destroy(&d->mu);
    free(d);
}

static struct dd_entry *slot(struct dd_entry *t, size_t cap, const uint64_t h[2], uint64_t len)
{
    size_t i = (size_t)h[0] & (cap - 1);
    while (t[i].used && !(t[i].h[0] == h[0] && t[i].h[1] == h[1] && t[i].len == len))
        i = (i + 1) & (cap - 1);
    return &t[i];
}

static void grow(struct dedupe *d)
{
    size_t cap = d->cap * 2;
    struct dd_entry *t = xcalloc(cap, sizeof *t);
    for (size_t i = 0; i < d->cap; i++) {
        if (d->t[i].used)
            *slot(t, cap, d->t[i].h, d->t[i].len) = d->t[i];
    }
    free(d->t);
    d->t = t;
    d->cap = cap;
}

/* Content at least this long takes the vector hash where the CPU has AVX2. */
#define DEDUPE_VEC_MIN 256u
/* 64-byte stripes per block; a block ends with a scramble of the lanes. */
#define DEDUPE_BLOCK_STRIPES 16u

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

#ifdef DEDUPE_HAVE_AVX2_PATH
/* Eight 64-bit lanes over `stripes` 64-byte stripes of p, 32 bytes per vector: each lane
 * adds its 8 bytes (halves swapped) and the product of the two 32-bit halves of those
 * bytes xored with a key; the keys advance every stripe, so the same bytes at another
 * position add something else. After each block of stripes the lanes are scrambled
 * (shift-xor, key, odd multiply: invertible, nothing is lost). ~3x checks_hash128 on one
 * core; built for AVX2 whatever the target, called only when the CPU has it. */
__attribute__((target("avx2"))) static void lanes_avx2(const unsigned char *p, size_t stripes,
                                                       uint64_t lanes[8])
{
    __m256i a0 = _mm256_loadu_si256((const __m256i *)(const void *)lanes);
    __m256i a1 = _mm256_loadu_si256((const __m256i *)(const void *)(lanes + 4));
    __m256i k0 = _mm256_set_epi64x((long long)0x8EBC6AF09C88C6E3ull, 0x589965CC75374CC3ll,
                                   0x1D8E4E27C47D124Fll, (long long)0xA0761D6478BD642Full);
    __m256i k1 = _mm256_set_epi64x(0x165667B19E3779F9ll, (long long)0xC2B2AE3D27D4EB4Full,
                                   (long long)0x9E3779B97F4A7C15ull, (long long)0xE7037ED1A0B428DBull);
    const __m256i step = _mm256_set1_epi64x((long long)0x9E3779B97F4A7C15ull);
    const __m256i prime = _mm256_set1_epi32((int)0x9E3779B1u);
    size_t s = 0;
    while (s < stripes) {
        size_t stop = stripes - s > DEDUPE_BLOCK_STRIPES ? s + DEDUPE_BLOCK_STRIPES : stripes;
        __m256i kk0 = k0, kk1 = k1;
        for (; s < stop; s++, p += 64) {
            __m256i d0 = _mm256_loadu_si256((const __m256i *)(const void *)p);
            __m256i d1 = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
            __m256i x0 = _mm256_xor_si256(d0, kk0), x1 = _mm256_xor_si256(d1, kk1);
            __m256i m0 = _mm256_mul_epu32(x0, _mm256_srli_epi64(x0, 32));
            __m256i m1 = _mm256_mul_epu32(x1, _mm256_srli_epi64(x1, 32));
            a0 = _mm256_add_epi64(a0, _mm256_add_epi64(m0, _mm256_shuffle_epi32(d0, 0x4E)));
            a1 = _mm256_add_epi64(a1, _mm256_add_epi64(m1, _mm256_shuffle_epi32(d1, 0x4E)));
            kk0 = _mm256_add_epi64(kk0, step);
            kk1 = _mm256_add_epi64(kk1, step);
        }
        __m256i t0 = _mm256_xor_si256(_mm256_xor_si256(a0, _mm256_srli_epi64(a0, 47)), k1);
        __m256i t1 = _mm256_xor_si256(_mm256_xor_si256(a1, _mm256_srli_epi64(a1, 47)), k0);
        /* t * prime mod 2^64: low half times prime, plus the high half's product moved up */
        a0 = _mm256_add_epi64(_mm256_mul_epu32(t0, prime),
                              _mm256_slli_epi64(_mm256_mul_epu32(_mm256_srli_epi64(t0, 32), prime), 32));
        a1 = _mm256_add_epi64(_mm256_mul_epu32(t1, prime),
                              _mm256_slli_epi64(_mm256_mul_epu32(_mm256_srli_epi64(t1, 32), prime), 32));
        k0 = _mm256_add_epi64(k0, _mm256_slli_epi64(step, 1));
        k1 = _mm256_sub_epi64(k1, step);
    }
    _mm256_storeu_si256((__m256i *)(void *)lanes, a0);
    _mm256_storeu_si256((__m256i *)(void *)(lanes + 4), a1);
}
#endif

/* The content hash of the table: checks_hash128, or on CPUs with AVX2 (content of
 * DEDUPE_VEC_MIN bytes or more) the vector lanes above folded the same way. One scan uses
 * one CPU, so equal contents always get equal keys; the keys are never stored. */
static void content_hash(const char *data, size_t n, uint64_t out[2])
{
#ifdef DEDUPE_HAVE_AVX2_PATH
    static const uint64_t k[8] = {
        0xA0761D6478BD642Full, 0xE7037ED1A0B428DBull, 0x8EBC6AF09C88C6E3ull, 0x589965CC75374CC3ull,
        0x1D8E4E27C47D124Full, 0x9E3779B97F4A7C15ull, 0xC2B2AE3D27D4EB4Full, 0x165667B19E3779F9ull};
    if (n >= DEDUPE_VEC_MIN && __builtin_cpu_supports("avx2")) {
        const unsigned char *p = (const unsigned char *)data;
        uint64_t l[8], h1 = 0x9E3779B97F4A7C15ull ^ n, h2 = 0xC2B2AE3D27D4EB4Full + n;
        for (unsigned j = 0; j < 8; j++)
            l[j] = k[(j + 3) % 8] ^ n;
        lanes_avx2(p, n / 64, l);
        for (unsigned j = 0; j < 8; j += 2) {
            h1 = mix(h1 ^ l[j], k[j]);
            h2 = mix(h2 ^ l[j + 1], k[j + 1]);
        }
        size_t i = n & ~(size_t)63;
        for (; i + 16 <= n; i += 16) {
            h1 = mix(h1 ^ rd64(p + i), k[0]);
            h2 = mix(h2 ^ rd64(p + i + 8), k[1]);
        }
        unsigned char tail[16] = {0};
        memcpy(tail, p + i, n - i);
        h1 = mix(h1 ^ rd64(tail), k[2]);
        h2 = mix(h2 ^ rd64(tail + 8), k[3]);
        out[0] = mix(h1 ^ h2, k[4]);
        out[1] = mix(h2 + out[0], k[0]);
        return;
    }
#endif
    checks_hash128(data, n, out);
}

void dedupe_key(const char *data, size_t len, struct dedupe_key *k)
{
    content_hash(data, len, k->h);
    k->len = len;
}

bool dedupe_get(struct dedupe *d, const struct dedupe_key *k, struct engine_hit **hits, size_t *n,
                size_t *cap)
{
    bool found = false;
    pthread_mutex_lock(&d->mu);
    struct dd_entry *e = slot(d->t, d->cap, k->h, k->len);
    if (e->used) {
        found = true;
        if (e->n > *cap) {
            *cap = e->n;
            *hits = xrealloc(*hits, *cap * sizeof **hits);
        }
        if (e->n > 0)
            memcpy(*hits, e->hits, e->n * sizeof **hits);
        *n = e->n;
    }
    pthread_mutex_unlock(&d->mu);
    return found;
}

void dedupe_put(struct dedupe *d, const struct dedupe_key *k, const struct engine_hit *hits,
                size_t n)
{
    if (n > DEDUPE_MAX_HITS)
        return;
    pthread_mutex_lock(&d->mu);
    if (d->n < DEDUPE_MAX_ENTRIES) {
        if (2 * (d->n + 1) > d->cap)
            grow(d);
        struct dd_entry *e = slot(d->t, d->cap, k->h, k->len);
        if (!e->used) {
            e->used = true;
            e->h[0] = k->h[0];
            e->h[1] = k->h[1];
            e->len = k->len;
            e->n = (uint32_t)n;
            e->hits = n > 0 ? xmalloc(n * sizeof *hits) : NULL;
            if (n > 0)
                memcpy(e->hits, hits, n * sizeof *hits);
            d->n++;
        }
    }
    pthread_mutex_unlock(&d->mu);
}
