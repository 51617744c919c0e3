/*
 * dedupe.c - scan each distinct content once (ENGINE.md). Workers of one scan share a
 * table from a 128-bit content hash (and length) to the Vectorscan hits of that content;
 * a file whose content was already scanned reuses the hits and skips the Vectorscan pass.
 * Everything after it (PCRE2 confirmation, path filters, suppression) still runs for each
 * path, because rules and suppressions depend on the path. Bounded: past DEDUPE_MAX_ENTRIES
 * distinct contents nothing more is remembered.
 *
 * Overlapping findings of two rules in one file are resolved in result.c.
 */
#include "scan/engine_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

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

void dedupe_key(const char *data, size_t len, struct dedupe_key *k)
{
    /* XXH3 (libxxhash) picks its vector path for the CPU; the key is never stored. */
    XXH128_hash_t h = XXH3_128bits(data, len);
    k->h[0] = h.low64;
    k->h[1] = h.high64;
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
