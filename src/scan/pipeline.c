/*
 * pipeline.c - producer/worker threads of one scan (see pipeline.h), per-file processing
 * (binary check, statistics, manifests, engine), and the statistics helpers of engine.h
 * (result lists are in result.c).
 */
#include "scan/pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PIPE_HAVE_AVX2_PATH 1
#endif

#include <sodium.h>

#include "scan/checks.h"
#include "util/xalloc.h"

#define PIPE_QUEUE_CAP 512u
#define PIPE_QUEUE_BYTES ((size_t)64 * 1024 * 1024)
/* Open files waiting in the queue (pipeline_submit_fd): a bound on descriptors per scan. */
#define PIPE_QUEUE_FDS 64u
#define PIPE_MAX_THREADS 64u
/* Hand-offs in batches (one lock and one wake for several files, not one per file: with
 * ~10 KB files the lock and the futex calls cost as much as reading): the walk queues
 * opened files PIPE_BATCH at a time, and a worker takes up to PIPE_BATCH at a time (never
 * more than its share of what waits). */
#define PIPE_BATCH 16u
#define PIPE_PROGRESS_NS 250000000LL
#define INGEST_READ_CHUNK ((size_t)65536)
/* Files larger than this are probed before they are read: a binary one (a NUL in its first
 * ENGINE_BINARY_PROBE bytes, as pipeline_is_binary) is not read further. The npm tree's
 * native modules and executables (tens of MB) were read whole, only to be ignored, and the
 * buffer grown for them and wiped cost more than reading. */
#define PIPE_PROBE_ABOVE ((uint64_t)1024 * 1024)
/* pipeline_submit_fd: one file in this many is probed for being in the page cache. */
#define PIPE_PREFETCH_PROBE 32u

struct item {
    char *path;
    char *fspath;
    struct buf data;
    uint64_t tag; /* scan/stream.c: copied onto the item's findings */
    int fd;       /* pipeline_submit_fd: open, regular, size bytes at the walk; else -1 */
    uint64_t size;
    bool secrets_only;
    pipeline_fill_fn fill; /* pipeline_submit_fill: the worker fetches the bytes */
    void *fill_ctx;
    uint64_t fill_arg;
};

struct wctx {
    struct pipeline *p;
    struct scan_worker *w;
    struct scan_result res;
    struct buf filebuf;
    size_t filebuf_used; /* bytes of filebuf that ever held file content (wiped at the end) */
    bool unique; /* the file being processed is a fill file: no dedupe */
    pthread_t tid;
};

struct pipeline {
    const struct scan_engine *eng;
    const struct scan_options *opt;
    struct scan_result *out;
    struct scan_stats st; /* producer side */
    struct vegaignore *vi;
    struct buf vi_text;
    struct dedupe *dd;
    const char *limit;
    unsigned n_workers; /* 0: inline */
    uint64_t n_fds;     /* files the walk queued open (pipeline_submit_fd) */
    bool prefetch;      /* the last probed file was not in the page cache */
    struct wctx *workers;
    struct wctx inline_ctx;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    struct item **q;
    size_t q_head, q_len, q_bytes, q_fds;
    bool closed;
    bool producer_waits; /* on not_full, until the queue is drained (queue_drained) */
    struct item *pend[PIPE_BATCH]; /* opened files the walk has not queued yet */
    size_t n_pend;
    _Atomic uint64_t done_files, done_bytes;
    long long last_tick;
    uint64_t t_start, wait_ns; /* producer: start, time blocked on a full queue */
};

static const char *const stage_names[SCAN_STAGE_N] = {
    "walk", "read", "lines", "manifest", "prefilter", "confirm", "parse", "tree", "results",
    "finish",
};

const char *scan_stage_name(enum scan_stage s)
{
    return (unsigned)s < SCAN_STAGE_N ? stage_names[s] : "?";
}

uint64_t scan_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void scan_options_init(struct scan_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->max_file_size = SCAN_DEFAULT_MAX_FILE_SIZE;
    opt->max_entries = SCAN_DEFAULT_MAX_ENTRIES;
    opt->max_total_bytes = SCAN_DEFAULT_MAX_TOTAL_BYTES;
    opt->max_ratio = SCAN_DEFAULT_MAX_RATIO;
    opt->max_findings = SCAN_DEFAULT_MAX_FINDINGS;
    opt->default_ignores = true;
    opt->use_vegaignore = true;
}

void stats_add_lang(struct scan_stats *st, const char *lang, uint64_t bytes, uint64_t lines)
{
    size_t i = 0;
    while (i < st->n_langs && strcmp(st->langs[i].name, lang) != 0)
        i++;
    if (i == st->n_langs) {
        if (st->n_langs == SCAN_LANG_MAX)
            return;
        st->langs[st->n_langs++] = (struct scan_lang_stat){lang, 0, 0, 0};
    }
    st->langs[i].files++;
    st->langs[i].bytes += bytes;
    st->langs[i].lines += lines;
}

void stats_merge(struct scan_stats *d, const struct scan_stats *s)
{
    d->total_files += s->total_files;
    d->total_bytes += s->total_bytes;
    d->included_files += s->included_files;
    d->included_bytes += s->included_bytes;
    d->ignored_files += s->ignored_files;
    d->ignored_bytes += s->ignored_bytes;
    d->ignored_dirs += s->ignored_dirs;
    d->risky_files += s->risky_files;
    d->risky_bytes += s->risky_bytes;
    d->duplicate_files += s->duplicate_files;
    d->lines += s->lines;
    d->manifests += s->manifests;
    d->errors += s->errors;
    d->suppressed += s->suppressed;
    d->parsed_files += s->parsed_files;
    d->parsed_bytes += s->parsed_bytes;
    for (size_t i = 0; i < SCAN_STAGE_N; i++)
        d->stage_ns[i] += s->stage_ns[i];
    for (size_t i = 0; i < s->n_langs; i++) {
        const struct scan_lang_stat *l = &s->langs[i];
        size_t k = 0;
        while (k < d->n_langs && strcmp(d->langs[k].name, l->name) != 0)
            k++;
        if (k == d->n_langs) {
            if (d->n_langs == SCAN_LANG_MAX)
                continue;
            d->langs[d->n_langs++] = (struct scan_lang_stat){l->name, 0, 0, 0};
        }
        d->langs[k].files += l->files;
        d->langs[k].bytes += l->bytes;
        d->langs[k].lines += l->lines;
    }
    if (d->limit_reached == NULL)
        d->limit_reached = s->limit_reached;
}

bool pipeline_is_binary(const char *data, size_t len)
{
    return memchr(data, '\0', len < ENGINE_BINARY_PROBE ? len : ENGINE_BINARY_PROBE) != NULL;
}

#ifdef PIPE_HAVE_AVX2_PATH
/* The newlines of p[0, n & ~31], 32 bytes at a time; built for AVX2 whatever the target,
 * called only when the CPU has it. */
__attribute__((target("avx2"))) static uint64_t count_lines_avx2(const char *p, size_t n)
{
    const __m256i nl = _mm256_set1_epi8('\n'), zero = _mm256_setzero_si256();
    uint64_t c = 0;
    size_t i = 0;
    while (i + 32 <= n) {
        __m256i acc = zero;
        size_t stop = n - i >= 255 * 32 ? i + 255 * 32 : i + ((n - i) & ~(size_t)31);
        for (; i < stop; i += 32) {
            __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
            acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(v, nl)); /* +1 per '\n' */
        }
        __m256i s = _mm256_sad_epu8(acc, zero);
        c += (uint64_t)_mm256_extract_epi64(s, 0) + (uint64_t)_mm256_extract_epi64(s, 1) +
             (uint64_t)_mm256_extract_epi64(s, 2) + (uint64_t)_mm256_extract_epi64(s, 3);
    }
    return c;
}
#endif

/* Newlines counted 32 bytes at a time (AVX2 where the CPU has it) or 16 (SSE2 compare,
 * per-byte counters summed every 255 blocks), else 8 at a time (SWAR): this runs over
 * every byte scanned. */
static uint64_t count_lines(const char *p, size_t n)
{
    uint64_t c = 0;
    size_t i = 0;
#ifdef PIPE_HAVE_AVX2_PATH
    if (n >= 64 && __builtin_cpu_supports("avx2")) {
        c = count_lines_avx2(p, n);
        i = n & ~(size_t)31;
    }
#endif
#ifdef __SSE2__
    const __m128i nl16 = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    while (i + 16 <= n) {
        __m128i acc = zero;
        size_t stop = n - i >= 255 * 16 ? i + 255 * 16 : i + ((n - i) & ~(size_t)15);
        for (; i < stop; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, nl16)); /* +1 per '\n' */
        }
        __m128i s = _mm_sad_epu8(acc, zero);
        c += (uint64_t)_mm_cvtsi128_si64(s) + (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(s, s));
    }
#else
    const uint64_t ones = 0x0101010101010101ull, nl = ones * '\n', high = ones * 0x80;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, sizeof w);
        uint64_t x = w ^ nl; /* zero bytes where '\n' was */
        uint64_t t = ((x & ~high) + ~high) | x;
        c += (((~t & high) >> 7) * ones) >> 56; /* sum of the 0/1 bytes */
    }
#endif
    for (; i < n; i++)
        c += p[i] == '\n';
    return c + (n > 0 && p[n - 1] != '\n');
}

/* One file's bytes: statistics, the manifest hook, the engine. */
static void process(struct wctx *c, const char *path, const char *data, size_t len)
{
    struct scan_stats *st = &c->res.stats;
    const struct scan_options *opt = c->p->opt;
    uint64_t t0 = scan_now_ns();
    if (pipeline_is_binary(data, len)) {
        st->ignored_files++;
        st->ignored_bytes += len;
        st->stage_ns[STAGE_LINES] += scan_now_ns() - t0;
        return;
    }
    uint64_t lines = count_lines(data, len);
    st->included_files++;
    st->included_bytes += len;
    st->lines += lines;
    const char *lang = checks_language(path);
    if (lang != NULL)
        stats_add_lang(st, lang, len, lines);
    uint64_t t1 = scan_now_ns();
    st->stage_ns[STAGE_LINES] += t1 - t0;
    if (checks_is_manifest(path)) {
        st->manifests++;
        /* Hook for src/scan/deps.h: the dependency module matches lockfiles here. */
        if (opt->manifest != NULL)
            opt->manifest(opt->manifest_ctx, path, data, len, &c->res);
        st->stage_ns[STAGE_MANIFEST] += scan_now_ns() - t1;
    }
    worker_scan_file(c->w, opt, path, lang, data, len, &c->res, st,
                     c->unique ? NULL : c->p->dd);
    atomic_fetch_add(&c->p->done_files, 1);
    atomic_fetch_add(&c->p->done_bytes, len);
}

/* Wipe the file content the worker's buffer held, then free it (only the bytes ever used:
 * the buffer may have grown to the size limit for one file). */
static void filebuf_wipe(struct wctx *c)
{
    if (c->filebuf.ptr != NULL)
        sodium_memzero(c->filebuf.ptr, c->filebuf_used < c->filebuf.alloc ? c->filebuf_used
                                                                            : c->filebuf.alloc);
    buf_release(&c->filebuf);
    c->filebuf_used = 0;
}

/* Read the first bytes of fd (offset unchanged) into the worker's buffer: true when they
 * hold a NUL (binary: see process). */
static bool probe_binary(struct wctx *c, int fd)
{
    if (c->filebuf.alloc < ENGINE_BINARY_PROBE + 2) {
        filebuf_wipe(c); /* a fresh block: never a realloc copying the last file's bytes */
        c->filebuf.cap = ENGINE_BINARY_PROBE + 2;
        if (buf_reserve(&c->filebuf, ENGINE_BINARY_PROBE + 1) != VG_OK)
            return false;
    }
    ssize_t got;
    do
        got = pread(fd, c->filebuf.ptr, ENGINE_BINARY_PROBE, 0);
    while (got < 0 && errno == EINTR);
    if (got <= 0)
        return false; /* the read below reports it */
    if ((size_t)got + 1 > c->filebuf_used)
        c->filebuf_used = (size_t)got + 1;
    return memchr(c->filebuf.ptr, '\0', (size_t)got) != NULL;
}

/* Read an open regular file (size bytes at its fstat) into the worker's buffer, then
 * process it; closes fd. */
static void process_fd(struct wctx *c, const char *path, int fd, uint64_t size, uint64_t t0)
{
    struct scan_stats *st = &c->res.stats;
    uint64_t max = c->p->opt->max_file_size;
    if (size > PIPE_PROBE_ABOVE && size <= max && probe_binary(c, fd)) {
        close(fd);
        st->stage_ns[STAGE_READ] += scan_now_ns() - t0;
        st->ignored_files++; /* as process() counts a binary file */
        st->ignored_bytes += size;
        return;
    }
    /* The buffer is reused across files; its cap is one byte over the limit, so a file
     * that grew since the walk measured it is seen as too large. */
    if (size <= max && c->filebuf.ptr != NULL && c->filebuf.alloc < (size_t)size + 2) {
        /* Growing: a fresh block rather than a realloc that copies the last file's bytes. */
        filebuf_wipe(c);
    }
    buf_reset(&c->filebuf);
    c->filebuf.cap = (size_t)max + 2;
    bool too_large = size > max || buf_reserve(&c->filebuf, (size_t)size + 1) != VG_OK;
    bool failed = false;
    while (!too_large) {
        if (c->filebuf.alloc - c->filebuf.len < 2 &&
            buf_reserve(&c->filebuf, INGEST_READ_CHUNK) != VG_OK) {
            too_large = true;
            break;
        }
        ssize_t got =
            read(fd, c->filebuf.ptr + c->filebuf.len, c->filebuf.alloc - c->filebuf.len - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            failed = got < 0;
            break;
        }
        c->filebuf.len += (size_t)got;
        c->filebuf.ptr[c->filebuf.len] = '\0';
        if (c->filebuf.len == (size_t)size && size > 0)
            break; /* the size fstat gave: no read for the end of file (one syscall a file) */
    }
    close(fd);
    if (c->filebuf.len + 1 > c->filebuf_used)
        c->filebuf_used = c->filebuf.len + 1;
    st->stage_ns[STAGE_READ] += scan_now_ns() - t0;
    if (failed) {
        st->errors++;
    } else if (too_large || c->filebuf.len > max) {
        st->ignored_files++;
        st->ignored_bytes += c->filebuf.len > size ? c->filebuf.len : size;
    } else {
        process(c, path, c->filebuf.ptr != NULL ? c->filebuf.ptr : "", c->filebuf.len);
    }
}

/* Open a file by its path (never following a symlink), then as process_fd. */
static void process_fs(struct wctx *c, const char *path, const char *fspath)
{
    struct scan_stats *st = &c->res.stats;
    uint64_t t0 = scan_now_ns();
    int fd = open(fspath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        st->errors++;
        if (fd >= 0)
            close(fd);
        return;
    }
    process_fd(c, path, fd, (uint64_t)sb.st_size, t0);
}

/* A file the worker fetches itself (pipeline_submit_fill) into its reusable buffer. */
static void process_fill(struct wctx *c, const struct item *it)
{
    struct scan_stats *st = &c->res.stats;
    uint64_t max = c->p->opt->max_file_size, t0 = scan_now_ns();
    buf_reset(&c->filebuf);
    c->filebuf.cap = (size_t)max + 2;
    bool ok = it->fill(it->fill_ctx, it->fill_arg, &c->filebuf);
    c->filebuf_used = c->filebuf.alloc; /* the fill may have written anywhere in it */
    st->stage_ns[STAGE_READ] += scan_now_ns() - t0;
    if (!ok || c->filebuf.len > max) {
        st->ignored_files++;
        st->ignored_bytes += ok ? c->filebuf.len : it->size;
        return;
    }
    worker_secrets_only_next(c->w, it->secrets_only);
    c->unique = true;
    process(c, it->path, c->filebuf.ptr != NULL ? c->filebuf.ptr : "", c->filebuf.len);
    c->unique = false;
}

static void item_run(struct wctx *c, struct item *it)
{
    size_t before = c->res.n_findings;
    if (it->fd >= 0)
        process_fd(c, it->path, it->fd, it->size, scan_now_ns());
    else if (it->fill != NULL)
        process_fill(c, it);
    else if (it->fspath != NULL)
        process_fs(c, it->path, it->fspath);
    else {
        worker_secrets_only_next(c->w, it->secrets_only);
        process(c, it->path, buf_cstr(&it->data), it->data.len);
    }
    for (size_t i = before; it->tag != 0 && i < c->res.n_findings; i++)
        c->res.findings[i].feed_tag = it->tag;
    free(it->path);
    free(it->fspath);
    buf_release_secret(&it->data);
    free(it);
}

/* Half empty or less: a producer that found the queue full sleeps until then, so it is
 * woken once for many files, not once a file. */
static bool queue_drained(const struct pipeline *p)
{
    return p->q_len == 0 || (p->q_len <= PIPE_QUEUE_CAP / 2 && p->q_fds <= PIPE_QUEUE_FDS / 2 &&
                             p->q_bytes <= PIPE_QUEUE_BYTES / 2);
}

static void *worker_main(void *arg)
{
    struct wctx *c = arg;
    struct pipeline *p = c->p;
    struct item *batch[PIPE_BATCH];
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->q_len == 0 && !p->closed)
            pthread_cond_wait(&p->not_empty, &p->mu);
        if (p->q_len == 0) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        /* This worker's share of the queue, at most a batch. */
        size_t n = (p->q_len + p->n_workers - 1) / p->n_workers;
        n = n > PIPE_BATCH ? PIPE_BATCH : n;
        for (size_t i = 0; i < n; i++) {
            struct item *it = p->q[p->q_head];
            p->q_head = (p->q_head + 1) % PIPE_QUEUE_CAP;
            p->q_len--;
            p->q_bytes -= it->data.len;
            p->q_fds -= it->fd >= 0;
            batch[i] = it;
        }
        if (p->producer_waits && queue_drained(p))
            pthread_cond_signal(&p->not_full);
        pthread_mutex_unlock(&p->mu);
        for (size_t i = 0; i < n; i++)
            item_run(c, batch[i]);
    }
}

static void wctx_init(struct wctx *c, struct pipeline *p)
{
    c->p = p;
    c->w = worker_new(p->eng);
    c->res = (struct scan_result)SCAN_RESULT_INIT;
    buf_init(&c->filebuf, 0);
}

static unsigned thread_count(const struct scan_options *opt)
{
    unsigned n = opt->threads;
    if (n == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        n = cpus > 0 ? (unsigned)cpus : 1;
    }
    return n > PIPE_MAX_THREADS ? PIPE_MAX_THREADS : n;
}

struct pipeline *pipeline_start(const struct scan_engine *eng, const struct scan_options *opt,
                                struct scan_result *res)
{
    struct pipeline *p = xcalloc(1, sizeof *p);
    p->eng = eng;
    p->opt = opt;
    p->out = res;
    p->dd = dedupe_new();
    p->t_start = scan_now_ns();
    if (opt->vegaignore_text != NULL)
        pipeline_add_vegaignore(p, opt->vegaignore_text);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->not_empty, NULL);
    pthread_cond_init(&p->not_full, NULL);
    unsigned n = thread_count(opt);
    wctx_init(&p->inline_ctx, p);
    if (n > 1) {
        p->q = xcalloc(PIPE_QUEUE_CAP, sizeof *p->q);
        p->workers = xcalloc(n, sizeof *p->workers);
        for (unsigned i = 0; i < n; i++) {
            wctx_init(&p->workers[i], p);
            if (pthread_create(&p->workers[i].tid, NULL, worker_main, &p->workers[i]) != 0) {
                worker_free(p->workers[i].w);
                buf_release(&p->workers[i].filebuf);
                break;
            }
            p->n_workers++;
        }
    }
    return p;
}

static bool queue_full(const struct pipeline *p, const struct item *it)
{
    return p->q_len == PIPE_QUEUE_CAP ||
           (p->q_len > 0 && p->q_bytes + it->data.len > PIPE_QUEUE_BYTES) ||
           (it->fd >= 0 && p->q_fds >= PIPE_QUEUE_FDS);
}

/* Queue items (the caller holds p->mu), waiting for room as needed; wakes the workers. */
static void enqueue_locked(struct pipeline *p, struct item *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct item *it = items[i];
        if (queue_full(p, it)) {
            uint64_t t0 = scan_now_ns();
            p->producer_waits = true;
            pthread_cond_broadcast(&p->not_empty);
            while (queue_full(p, it) || !queue_drained(p))
                pthread_cond_wait(&p->not_full, &p->mu);
            p->producer_waits = false;
            p->wait_ns += scan_now_ns() - t0;
        }
        p->q[(p->q_head + p->q_len) % PIPE_QUEUE_CAP] = it;
        p->q_len++;
        p->q_bytes += it->data.len;
        p->q_fds += it->fd >= 0;
    }
    if (n > 1)
        pthread_cond_broadcast(&p->not_empty);
    else
        pthread_cond_signal(&p->not_empty);
}

/* Queue the walk's pending files. */
static void flush_pending(struct pipeline *p)
{
    if (p->n_pend == 0)
        return;
    pthread_mutex_lock(&p->mu);
    enqueue_locked(p, p->pend, p->n_pend);
    pthread_mutex_unlock(&p->mu);
    p->n_pend = 0;
}

static void submit(struct pipeline *p, struct item *it)
{
    if (p->n_workers == 0) {
        item_run(&p->inline_ctx, it);
        pipeline_tick(p);
        return;
    }
    flush_pending(p); /* keep the order of submission */
    pthread_mutex_lock(&p->mu);
    enqueue_locked(p, &it, 1);
    pthread_mutex_unlock(&p->mu);
    pipeline_tick(p);
}

static struct item *item_new(char *path_take)
{
    struct item *it = xcalloc(1, sizeof *it);
    it->path = path_take;
    it->fd = -1;
    return it;
}

void pipeline_submit_file(struct pipeline *p, char *path_take, char *fspath_take)
{
    struct item *it = item_new(path_take);
    it->fspath = fspath_take;
    submit(p, it);
}

/* Is the file's first page in memory? A one-byte read that does not wait for the disk
 * (RWF_NOWAIT) says; where it cannot tell, no. */
static bool file_cached(int fd)
{
#ifdef RWF_NOWAIT
    char b;
    struct iovec io = {&b, 1};
    return preadv2(fd, &io, 1, 0, RWF_NOWAIT) >= 0;
#else
    (void)fd;
    return false;
#endif
}

/* From a cold page cache the two workers' reads alone kept the disk's queue one or two deep
 * (bench tree: 7.5 s, ripgrep 7.2 s). While the cache is cold, the walk asks the kernel to
 * read each file it queues in the background (POSIX_FADV_WILLNEED): a worker takes it only
 * after up to PIPE_QUEUE_FDS others, by when its pages are in memory (4.4-5.8 s). Every
 * PIPE_PREFETCH_PROBE-th file is probed first (file_cached) and decides for the files up to
 * the next probe, so a warm tree pays one read per PIPE_PREFETCH_PROBE files, not a call
 * per file (~2% of the scan's CPU). */
void pipeline_submit_fd(struct pipeline *p, char *path_take, int fd_take, uint64_t size)
{
    struct item *it = item_new(path_take);
    it->fd = fd_take;
    it->size = size;
    if (p->n_workers == 0) {
        submit(p, it);
        return;
    }
    if (p->n_fds++ % PIPE_PREFETCH_PROBE == 0)
        p->prefetch = !file_cached(fd_take);
    if (p->prefetch && size > 0)
        (void)posix_fadvise(fd_take, 0,
                            (off_t)(size < PIPE_PROBE_ABOVE ? size : PIPE_PROBE_ABOVE),
                            POSIX_FADV_WILLNEED);
    p->pend[p->n_pend++] = it;
    if (p->n_pend == PIPE_BATCH)
        flush_pending(p);
    pipeline_tick(p);
}

void pipeline_submit_data(struct pipeline *p, char *path_take, struct buf *data_take)
{
    pipeline_submit_tagged(p, path_take, data_take, 0, false);
}

void pipeline_submit_tagged(struct pipeline *p, char *path_take, struct buf *data_take,
                            uint64_t tag, bool secrets_only)
{
    struct item *it = item_new(path_take);
    it->data = *data_take;
    it->tag = tag;
    it->secrets_only = secrets_only;
    *data_take = (struct buf)BUF_INIT;
    submit(p, it);
}

void pipeline_submit_fill(struct pipeline *p, char *path_take, uint64_t size, pipeline_fill_fn fill,
                          void *ctx, uint64_t arg, uint64_t tag, bool secrets_only)
{
    struct item *it = item_new(path_take);
    it->size = size;
    it->fill = fill;
    it->fill_ctx = ctx;
    it->fill_arg = arg;
    it->tag = tag;
    it->secrets_only = secrets_only;
    submit(p, it);
}

struct scan_stats *pipeline_stats(struct pipeline *p)
{
    return &p->st;
}
const struct scan_options *pipeline_options(const struct pipeline *p)
{
    return p->opt;
}

void pipeline_limit(struct pipeline *p, const char *which)
{
    if (p->limit == NULL)
        p->limit = which;
}

bool pipeline_limited(const struct pipeline *p)
{
    return p->limit != NULL;
}

const struct vegaignore *pipeline_vegaignore(const struct pipeline *p)
{
    return p->vi;
}

void pipeline_add_vegaignore(struct pipeline *p, const char *text)
{
    /* Every .vegaignore applies: keep the concatenated text and parse it again. */
    vegaignore_check_rules(text, p->eng, p->opt);
    if (buf_append_str(&p->vi_text, text) != VG_OK || buf_append_char(&p->vi_text, '\n') != VG_OK)
        return; /* over the cap: the earlier files stay in force */
    vegaignore_free(p->vi);
    p->vi = vegaignore_parse(buf_cstr(&p->vi_text));
}

static void snapshot(struct pipeline *p, struct scan_stats *s)
{
    *s = p->st;
    s->included_files = atomic_load(&p->done_files);
    s->included_bytes = atomic_load(&p->done_bytes);
    s->limit_reached = p->limit;
}

void pipeline_tick(struct pipeline *p)
{
    if (p->opt->progress == NULL)
        return;
    long long t = (long long)scan_now_ns();
    if (t - p->last_tick < PIPE_PROGRESS_NS)
        return;
    p->last_tick = t;
    struct scan_stats s;
    snapshot(p, &s);
    p->opt->progress(p->opt->progress_ctx, &s);
}

static void wctx_merge(struct pipeline *p, struct wctx *c, struct scan_result *dst)
{
    result_append(dst, &c->res);
    stats_merge(&dst->stats, &c->res.stats);
    if (dst->error == NULL && c->res.error != NULL) {
        dst->error = c->res.error;
        c->res.error = NULL;
    }
    scan_result_release(&c->res);
    worker_free(c->w);
    filebuf_wipe(c);
    (void)p;
}

enum vg_err pipeline_finish(struct pipeline *p, enum vg_err status, const char *error)
{
    uint64_t t_fin = scan_now_ns();
    /* The producer's own time: walking and reading entries, not waiting for workers nor
     * (inline) scanning. */
    uint64_t walk = t_fin - p->t_start - p->wait_ns, inl = 0;
    for (size_t i = STAGE_READ; i < STAGE_FINISH; i++)
        inl += p->inline_ctx.res.stats.stage_ns[i];
    p->st.stage_ns[STAGE_WALK] += walk > inl ? walk - inl : 0;
    flush_pending(p);
    if (p->n_workers > 0) {
        pthread_mutex_lock(&p->mu);
        p->closed = true;
        pthread_cond_broadcast(&p->not_empty);
        pthread_mutex_unlock(&p->mu);
        for (unsigned i = 0; i < p->n_workers; i++)
            pthread_join(p->workers[i].tid, NULL);
    }
    struct scan_result local = SCAN_RESULT_INIT;
    local.stats = p->st;
    wctx_merge(p, &p->inline_ctx, &local);
    for (unsigned i = 0; i < p->n_workers; i++)
        wctx_merge(p, &p->workers[i], &local);
    uint64_t t_merge = scan_now_ns();
    if (result_finish(p->eng, p->vi, p->opt, &local))
        pipeline_limit(p, "max_findings");
    local.stats.stage_ns[STAGE_FINISH] += scan_now_ns() - t_merge;
    local.stats.limit_reached = p->limit;
    /* Append into the caller's result (several roots may share one). */
    struct scan_result *out = p->out;
    result_append(out, &local);
    free(local.findings);
    stats_merge(&out->stats, &local.stats);
    if (status == VG_OK && p->limit != NULL)
        status = VG_ERR_TOO_LARGE;
    if (status == VG_OK && local.stats.errors > 0)
        status = VG_ERR_IO;
    if (out->error == NULL) {
        if (error != NULL)
            out->error = xstrdup(error);
        else if (p->limit != NULL)
            out->error = xasprintf("scan stopped early: limit '%s' reached", p->limit);
        else if (local.stats.errors > 0)
            out->error =
                xasprintf("%llu file(s) could not be read", (unsigned long long)local.stats.errors);
        else if (local.error != NULL)
            out->error = local.error, local.error = NULL;
    }
    free(local.error);
    if (p->opt->progress != NULL)
        p->opt->progress(p->opt->progress_ctx, &out->stats);
    vegaignore_free(p->vi);
    buf_release(&p->vi_text);
    dedupe_free(p->dd);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->not_empty);
    pthread_cond_destroy(&p->not_full);
    free(p->q);
    free(p->workers);
    free(p);
    return status;
}
