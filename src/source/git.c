/*
 * git.c - a git repository as a source (libgit2): its history or its index.
 *
 * History: the commits reachable from the chosen refs (HEAD, one branch, or every ref),
 * minus those reachable from --since, are put in an order where every parent comes before
 * its children (a depth-first post-order from the tips; parents that are missing, as in a
 * shallow clone, make their child a root). Walking them in that order, each commit's tree is
 * read and every tree and blob not seen before is visited: a blob is scanned once, at the
 * first commit (in that order) that has it, which is the commit that introduced it. Trees
 * already seen are skipped whole, so a commit costs only what changed in it. Blobs in the
 * tips' trees are fed as in_head. Blobs are sized from their header before being read, so
 * a blob over the file-size limit is never inflated. Links and submodules are not read.
 *
 * Index (--staged): the blobs of the index's stage-0 entries that HEAD does not already have:
 * what the next commit adds, as a pre-commit hook sees it.
 */
#include "source/source.h"

#include <git2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/stream.h"
#include "source/git_batch.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* ---- a set of object ids (open addressing) ---- */

struct oidset {
    git_oid *slots;
    unsigned char *used;
    char **vals; /* the head set: each blob's path in the tip (owned), else NULL */
    bool with_vals;
    size_t cap, n;
};

static size_t oid_hash(const git_oid *id)
{
    size_t h;
    memcpy(&h, id->id, sizeof h);
    return h;
}

static void oidset_release(struct oidset *s)
{
    for (size_t i = 0; s->vals != NULL && i < s->cap; i++)
        free(s->vals[i]);
    free(s->vals);
    free(s->slots);
    free(s->used);
    memset(s, 0, sizeof *s);
}

static bool oidset_put(struct oidset *s, const git_oid *id, char *val_take);

static void oidset_grow(struct oidset *s)
{
    struct oidset old = *s;
    s->cap = old.cap ? old.cap * 2 : 1024;
    s->slots = xcalloc(s->cap, sizeof *s->slots);
    s->used = xcalloc(s->cap, 1);
    s->vals = s->with_vals ? xcalloc(s->cap, sizeof *s->vals) : NULL;
    s->n = 0;
    for (size_t i = 0; i < old.cap; i++) {
        if (old.used[i])
            oidset_put(s, &old.slots[i], old.vals != NULL ? old.vals[i] : NULL);
    }
    free(old.slots);
    free(old.used);
    free(old.vals);
}

/* The slot of id, or SIZE_MAX. */
static size_t oidset_find(const struct oidset *s, const git_oid *id)
{
    if (s->cap == 0)
        return SIZE_MAX;
    for (size_t i = oid_hash(id) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (!s->used[i])
            return SIZE_MAX;
        if (git_oid_equal(&s->slots[i], id))
            return i;
    }
}

static bool oidset_has(const struct oidset *s, const git_oid *id)
{
    return oidset_find(s, id) != SIZE_MAX;
}

/* Add id (with val_take when the set keeps values); false when it was there already (then
 * val_take is freed). */
static bool oidset_put(struct oidset *s, const git_oid *id, char *val_take)
{
    if ((s->n + 1) * 2 > s->cap)
        oidset_grow(s);
    size_t i = oid_hash(id) & (s->cap - 1);
    for (; s->used[i]; i = (i + 1) & (s->cap - 1)) {
        if (git_oid_equal(&s->slots[i], id)) {
            free(val_take);
            return false;
        }
    }
    s->used[i] = 1;
    git_oid_cpy(&s->slots[i], id);
    if (s->vals != NULL)
        s->vals[i] = val_take;
    else
        free(val_take);
    s->n++;
    return true;
}

static bool oidset_add(struct oidset *s, const git_oid *id)
{
    return oidset_put(s, id, NULL);
}

/* ---- the walk ---- */

/* A blob to scan: found by the tree walk, read after it (git_batch.h). */
struct pend {
    git_oid id;
    size_t size;     /* from its header */
    uint32_t commit; /* index into crec */
    bool in_head;
    unsigned char state; /* enum pend_state, under the reader's lock */
    char *path;          /* owned */
};

enum pend_state { PEND_UNFED, PEND_QUEUED, PEND_DROPPED };

/* The pending blobs' reader. git answers in pend order; the worker thread that scans
 * pend[i] reads it straight into its own buffer (reader_fill), once every blob before it was
 * read by its own worker or dropped (not fed: an ignore rule, a limit). */
struct greader {
    pthread_mutex_t mu;
    pthread_cond_t turn; /* next moved */
    struct git_batch *b; /* NULL: libgit2 reads */
    size_t next;         /* the pend index of git's next answer */
    size_t filled;       /* reader_fill calls done */
};

struct commit_rec {
    char sha[GIT_OID_HEXSZ + 1];
    char *author; /* owned */
    int64_t at;
};

enum walk_mode { WALK_FEED, WALK_MARK };

struct gwalk {
    git_repository *repo;
    git_odb *odb;
    struct scan_stream *s;
    const struct scan_options *opt;
    struct oidset seen; /* trees and blobs visited */
    struct oidset head; /* trees and blobs of the tips */
    struct buf path;
    git_oid *order; /* commits, parents first */
    size_t n_order, cap_order;
    struct pend *pend; /* the blobs to scan, in walk order (read after the walk) */
    size_t n_pend, cap_pend;
    struct commit_rec *crec; /* the commits walked, in order */
    size_t n_crec, cap_crec;
    struct greader rd;
    uint64_t commits, blobs, missing; /* blobs, missing: under rd.mu once the reading starts */
};

static pthread_once_t git_once = PTHREAD_ONCE_INIT;

static void git_init_once(void)
{
    git_libgit2_init();
    /* Objects are checked when they arrive (receive.fsckObjects, the clone's indexer);
     * hashing every object again on each read costs more than inflating it. */
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

void source_git_lib_init(void)
{
    pthread_once(&git_once, git_init_once);
}

/* Note a new blob of the current commit (read and fed after the walk). */
static void walk_note_blob(struct gwalk *w, const git_tree_entry *e)
{
    const git_oid *id = git_tree_entry_id(e);
    size_t len = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&len, &type, w->odb, id) != 0 || type != GIT_OBJECT_BLOB) {
        w->missing++;
        scan_stream_skip(w->s, 0, false);
        return;
    }
    if (len > w->opt->max_file_size) { /* sized from its header, never inflated */
        scan_stream_skip(w->s, len, false);
        return;
    }
    if (w->n_pend == w->cap_pend) {
        w->cap_pend = w->cap_pend ? w->cap_pend * 2 : 1024;
        w->pend = xrealloc(w->pend, w->cap_pend * sizeof *w->pend);
    }
    size_t h = oidset_find(&w->head, id); /* in a tip: named by its path there */
    const char *path =
        h != SIZE_MAX && w->head.vals[h] != NULL ? w->head.vals[h] : buf_cstr(&w->path);
    struct pend *p = &w->pend[w->n_pend++];
    git_oid_cpy(&p->id, id);
    p->size = len;
    p->state = PEND_UNFED;
    p->commit = (uint32_t)(w->n_crec - 1);
    p->in_head = h != SIZE_MAX;
    p->path = xstrdup(path);
}

static void walk_tree(struct gwalk *w, const git_tree *tree, enum walk_mode mode,
                      struct oidset *set, int depth);

static void walk_subtree(struct gwalk *w, const git_tree_entry *e, enum walk_mode mode,
                         struct oidset *set, int depth)
{
    if (depth >= SOURCE_GIT_MAX_DEPTH) {
        if (mode == WALK_FEED)
            scan_stream_skip(w->s, 0, true);
        return;
    }
    git_tree *sub = NULL;
    if (git_tree_lookup(&sub, w->repo, git_tree_entry_id(e)) == 0)
        walk_tree(w, sub, mode, set, depth + 1);
    else
        w->missing++;
    git_tree_free(sub);
}

static void walk_entry(struct gwalk *w, const git_tree_entry *e, enum walk_mode mode,
                       struct oidset *set, int depth)
{
    git_object_t type = git_tree_entry_type(e);
    git_filemode_t fm = git_tree_entry_filemode(e);
    if (type == GIT_OBJECT_COMMIT || fm == GIT_FILEMODE_LINK ||
        (type != GIT_OBJECT_TREE && type != GIT_OBJECT_BLOB))
        return; /* submodules and links: not content */
    if (oidset_has(set, git_tree_entry_id(e)))
        return;
    size_t mark = w->path.len;
    if ((mark > 0 && buf_append_char(&w->path, '/') != VG_OK) ||
        buf_append_str(&w->path, git_tree_entry_name(e)) != VG_OK) {
        w->missing++;
        oidset_add(set, git_tree_entry_id(e));
    } else if (type == GIT_OBJECT_BLOB) {
        oidset_put(set, git_tree_entry_id(e), set->with_vals ? xstrdup(buf_cstr(&w->path)) : NULL);
        if (mode == WALK_FEED)
            walk_note_blob(w, e);
    } else {
        oidset_add(set, git_tree_entry_id(e));
        walk_subtree(w, e, mode, set, depth);
    }
    w->path.len = mark;
    if (w->path.ptr != NULL)
        w->path.ptr[mark] = '\0';
}

static void walk_tree(struct gwalk *w, const git_tree *tree, enum walk_mode mode,
                      struct oidset *set, int depth)
{
    size_t n = git_tree_entrycount(tree);
    for (size_t i = 0; i < n && !scan_stream_limited(w->s); i++)
        walk_entry(w, git_tree_entry_byindex(tree, i), mode, set, depth);
}

/* Visit a commit's tree: feed new blobs, or only mark what it holds (set). */
static void walk_commit_tree(struct gwalk *w, const git_commit *c, enum walk_mode mode,
                             struct oidset *set)
{
    git_tree *tree = NULL;
    if (git_commit_tree(&tree, c) != 0) {
        w->missing++;
        return;
    }
    if (oidset_add(set, git_tree_id(tree))) {
        buf_reset(&w->path);
        walk_tree(w, tree, mode, set, 0);
    }
    git_tree_free(tree);
}

/* ---- which commits ---- */

struct tips {
    git_oid *ids;
    size_t n, cap;
};

static void tips_add(struct tips *t, const git_oid *id)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 8;
        t->ids = xrealloc(t->ids, t->cap * sizeof *t->ids);
    }
    git_oid_cpy(&t->ids[t->n++], id);
}

/* A revision (a ref name, a sha, HEAD~2, ...) peeled to its commit. */
static int resolve_commit(git_repository *repo, const char *rev, git_oid *out)
{
    git_object *obj = NULL, *peeled = NULL;
    int rc = git_revparse_single(&obj, repo, rev);
    if (rc == 0)
        rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
    if (rc == 0)
        git_oid_cpy(out, git_object_id(peeled));
    git_object_free(peeled);
    git_object_free(obj);
    return rc;
}

static int collect_all_refs(git_repository *repo, struct tips *t)
{
    git_reference_iterator *it = NULL;
    git_reference *ref = NULL;
    int rc = git_reference_iterator_new(&it, repo);
    while (rc == 0 && git_reference_next(&ref, it) == 0) {
        git_object *peeled = NULL;
        if (git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT) == 0)
            tips_add(t, git_object_id(peeled));
        git_object_free(peeled);
        git_reference_free(ref);
    }
    git_reference_iterator_free(it);
    return rc;
}

static enum vg_err collect_tips(git_repository *repo, const struct source_spec *spec,
                                struct tips *t, struct source_outcome *out)
{
    git_oid id;
    if (spec->all_refs)
        return collect_all_refs(repo, t) == 0 ? VG_OK
                                              : source_fail(out, VG_ERR_INVALID,
                                                            "The repository's refs could "
                                                            "not be read.");
    if (spec->branch != NULL) {
        char *full = xasprintf("refs/heads/%s", spec->branch);
        int rc = resolve_commit(repo, full, &id);
        free(full);
        if (rc != 0 && resolve_commit(repo, spec->branch, &id) != 0)
            return source_fail(out, VG_ERR_NOT_FOUND, "No branch or revision '%s'.", spec->branch);
        tips_add(t, &id);
        return VG_OK;
    }
    if (git_repository_head_unborn(repo) == 1)
        return VG_OK; /* an empty repository: nothing to scan */
    if (resolve_commit(repo, "HEAD", &id) != 0)
        return source_fail(out, VG_ERR_INVALID, "The repository's HEAD could not be read.");
    tips_add(t, &id);
    return VG_OK;
}

/* Every ancestor of `since` (and itself) into hidden. */
static void hide_since(struct gwalk *w, const git_oid *since, struct oidset *hidden)
{
    struct tips stack = {0};
    tips_add(&stack, since);
    while (stack.n > 0) {
        git_oid id = stack.ids[--stack.n];
        git_commit *c = NULL;
        if (!oidset_add(hidden, &id) || git_commit_lookup(&c, w->repo, &id) != 0)
            continue;
        for (unsigned i = 0; i < git_commit_parentcount(c); i++)
            tips_add(&stack, git_commit_parent_id(c, i));
        git_commit_free(c);
    }
    free(stack.ids);
}

static void order_add(struct gwalk *w, const git_oid *id)
{
    if (w->n_order == w->cap_order) {
        w->cap_order = w->cap_order ? w->cap_order * 2 : 256;
        w->order = xrealloc(w->order, w->cap_order * sizeof *w->order);
    }
    git_oid_cpy(&w->order[w->n_order++], id);
}

/* Depth-first post-order from the tips: parents before children. The stack holds ids;
 * an entry is expanded once (its parents pushed above it) and emitted when met again. */
static void order_commits(struct gwalk *w, const struct tips *t, struct oidset *hidden)
{
    struct oidset visited = {0}, emitted = {0};
    struct tips stack = {0};
    for (size_t i = t->n; i-- > 0;)
        tips_add(&stack, &t->ids[i]);
    while (stack.n > 0) {
        git_oid id = stack.ids[stack.n - 1];
        if (oidset_has(hidden, &id) || oidset_has(&emitted, &id)) {
            stack.n--;
            continue;
        }
        if (!oidset_add(&visited, &id)) { /* second meeting: its parents are done */
            stack.n--;
            oidset_add(&emitted, &id);
            order_add(w, &id);
            continue;
        }
        git_commit *c = NULL;
        if (git_commit_lookup(&c, w->repo, &id) != 0) { /* beyond a shallow boundary */
            stack.n--;
            oidset_add(&emitted, &id);
            continue;
        }
        for (unsigned i = git_commit_parentcount(c); i-- > 0;) {
            const git_oid *p = git_commit_parent_id(c, i);
            if (!oidset_has(&visited, p) && !oidset_has(hidden, p))
                tips_add(&stack, p);
        }
        git_commit_free(c);
    }
    free(stack.ids);
    oidset_release(&visited);
    oidset_release(&emitted);
}

static void walk_set_commit(struct gwalk *w, const git_commit *c)
{
    if (w->n_crec == w->cap_crec) {
        w->cap_crec = w->cap_crec ? w->cap_crec * 2 : 256;
        w->crec = xrealloc(w->crec, w->cap_crec * sizeof *w->crec);
    }
    struct commit_rec *r = &w->crec[w->n_crec++];
    git_oid_tostr(r->sha, sizeof r->sha, git_commit_id(c));
    const git_signature *a = git_commit_author(c);
    r->author = xstrdup(a != NULL && a->name != NULL ? a->name : "");
    r->at = (int64_t)git_commit_time(c);
}

/* libgit2 reads one blob of the pending list (when git could not be started, stopped, or
 * lacks it); the walk checked its type and size. */
static enum git_batch_got read_one(struct gwalk *w, const git_oid *id, struct buf *out,
                                   size_t *size)
{
    *size = 0;
    git_odb_object *o = NULL;
    if (git_odb_read(&o, w->odb, id) != 0)
        return GIT_BATCH_MISSING;
    buf_reset(out);
    *size = git_odb_object_size(o);
    enum vg_err e = buf_append(out, git_odb_object_data(o), *size);
    git_odb_object_free(o);
    return e == VG_OK ? GIT_BATCH_BLOB : GIT_BATCH_LARGE;
}

/* git's answer for pend[i] into out (NULL: dropped). Called with rd.mu held. */
static enum git_batch_got reader_take(struct gwalk *w, size_t i, struct buf *out)
{
    struct greader *rd = &w->rd;
    enum git_batch_got got = GIT_BATCH_BROKEN;
    size_t size = 0;
    if (rd->b != NULL) {
        if (out == NULL)
            got = git_batch_skip(rd->b) ? GIT_BATCH_LARGE : GIT_BATCH_BROKEN;
        else
            got = git_batch_next(rd->b, w->opt->max_file_size, out, &size);
        if (got == GIT_BATCH_BROKEN) { /* git stopped (or never ran): libgit2 reads the rest */
            git_batch_end(rd->b);
            rd->b = NULL;
        }
    }
    if (out != NULL && (got == GIT_BATCH_BROKEN || got == GIT_BATCH_MISSING))
        got = read_one(w, &w->pend[i].id, out, &size);
    return got;
}

/* scan_stream_fill_fn: pend[arg]'s content into the scanning worker's buffer, once git's
 * answers before it are taken. */
static bool reader_fill(void *ctx, uint64_t arg, struct buf *into)
{
    struct gwalk *w = ctx;
    struct greader *rd = &w->rd;
    size_t i = (size_t)arg;
    pthread_mutex_lock(&rd->mu);
    while (rd->next < i) {
        if (w->pend[rd->next].state == PEND_QUEUED) { /* its own worker reads it */
            pthread_cond_wait(&rd->turn, &rd->mu);
            continue;
        }
        reader_take(w, rd->next, NULL);
        rd->next++;
    }
    enum git_batch_got got = reader_take(w, i, into);
    w->missing += got == GIT_BATCH_MISSING;
    w->blobs += got == GIT_BATCH_BLOB;
    rd->next = i + 1;
    rd->filled++;
    pthread_cond_broadcast(&rd->turn);
    pthread_mutex_unlock(&rd->mu);
    return got == GIT_BATCH_BLOB;
}

/* Feed the pending blobs in walk order, each with the commit that introduced it; the
 * workers read them (git cat-file --batch, else libgit2) as they scan them. Returns once
 * every blob fed has been read (so w->missing is final). */
static void feed_pending(struct gwalk *w)
{
    if (w->n_pend == 0)
        return;
    char *names = xmalloc(w->n_pend * (GIT_BATCH_HEX + 1) + 1);
    for (size_t i = 0; i < w->n_pend; i++) {
        git_oid_fmt(names + i * (GIT_BATCH_HEX + 1), &w->pend[i].id);
        names[i * (GIT_BATCH_HEX + 1) + GIT_BATCH_HEX] = '\n';
    }
    struct greader *rd = &w->rd;
    rd->b = git_batch_start(git_repository_path(w->repo), names, w->n_pend);
    size_t fed = 0;
    for (size_t i = 0; i < w->n_pend && !scan_stream_limited(w->s); i++) {
        struct pend *p = &w->pend[i];
        const struct commit_rec *c = &w->crec[p->commit];
        struct scan_commit sc = {c->sha, c->author, c->at};
        struct scan_feed_meta meta = {.commit = &sc, .in_head = p->in_head};
        bool queued = scan_stream_feed_fill(w->s, p->path, p->size, &meta, reader_fill, w, i);
        pthread_mutex_lock(&rd->mu);
        p->state = queued ? PEND_QUEUED : PEND_DROPPED;
        fed += queued;
        pthread_mutex_unlock(&rd->mu);
    }
    pthread_mutex_lock(&rd->mu);
    while (rd->filled < fed)
        pthread_cond_wait(&rd->turn, &rd->mu);
    git_batch_end(rd->b);
    rd->b = NULL;
    pthread_mutex_unlock(&rd->mu);
}

static void walk_history(struct gwalk *w)
{
    for (size_t i = 0; i < w->n_order; i++) {
        git_commit *c = NULL;
        if (git_commit_lookup(&c, w->repo, &w->order[i]) != 0) {
            w->missing++;
            continue;
        }
        walk_set_commit(w, c);
        walk_commit_tree(w, c, WALK_FEED, &w->seen);
        w->commits++;
        git_commit_free(c);
    }
    feed_pending(w);
}

/* Mark the trees of the commits in `ids` into set (no feeding). */
static void mark_trees(struct gwalk *w, const git_oid *ids, size_t n, struct oidset *set)
{
    for (size_t i = 0; i < n; i++) {
        git_commit *c = NULL;
        if (git_commit_lookup(&c, w->repo, &ids[i]) == 0)
            walk_commit_tree(w, c, WALK_MARK, set);
        git_commit_free(c);
    }
}

static enum vg_err git_history(struct gwalk *w, const struct source_spec *spec,
                               struct source_outcome *out)
{
    struct tips t = {0};
    struct oidset hidden = {0};
    enum vg_err e = collect_tips(w->repo, spec, &t, out);
    git_oid since;
    if (e == VG_OK && spec->since != NULL) {
        if (resolve_commit(w->repo, spec->since, &since) != 0) {
            e = source_fail(out, VG_ERR_NOT_FOUND, "No revision '%s' (--since).", spec->since);
        } else {
            hide_since(w, &since, &hidden);
            mark_trees(w, &since, 1, &w->seen); /* what it already had is not new */
        }
    }
    if (e == VG_OK) {
        mark_trees(w, t.ids, t.n, &w->head);
        order_commits(w, &t, &hidden);
        walk_history(w);
    }
    free(t.ids);
    oidset_release(&hidden);
    return e;
}

/* The staged changes: index entries whose blob HEAD's tree does not already have. */
static enum vg_err git_index_scan(struct gwalk *w, struct source_outcome *out)
{
    git_index *idx = NULL;
    if (git_repository_index(&idx, w->repo) != 0)
        return source_fail(out, VG_ERR_INVALID, "The repository's index could not be read.");
    git_oid head;
    if (git_repository_head_unborn(w->repo) != 1 && resolve_commit(w->repo, "HEAD", &head) == 0)
        mark_trees(w, &head, 1, &w->head);
    size_t n = git_index_entrycount(idx);
    for (size_t i = 0; i < n && !scan_stream_limited(w->s); i++) {
        const git_index_entry *ie = git_index_get_byindex(idx, i);
        if (ie == NULL || git_index_entry_stage(ie) != 0 || (ie->mode & 0170000) != 0100000 ||
            oidset_has(&w->head, &ie->id))
            continue; /* conflicts, links, submodules, unchanged since HEAD */
        git_blob *blob = NULL;
        if (git_blob_lookup(&blob, w->repo, &ie->id) != 0) {
            w->missing++;
            continue;
        }
        scan_stream_feed(w->s, ie->path, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
                         NULL);
        w->blobs++;
        git_blob_free(blob);
    }
    git_index_free(idx);
    return VG_OK;
}

enum vg_err source_git_scan(const struct source_spec *spec, const struct scan_engine *eng,
                            const struct scan_options *opt, struct scan_result *res,
                            struct source_outcome *out)
{
    pthread_once(&git_once, git_init_once);
    struct gwalk w;
    memset(&w, 0, sizeof w);
    w.opt = opt;
    w.head.with_vals = true;
    buf_init(&w.path, 0);
    if (git_repository_open_ext(&w.repo, spec->repo_path, 0, NULL) != 0)
        return source_fail(out, VG_ERR_NOT_FOUND, "Not a git repository: %s", spec->repo_path);
    if (git_repository_odb(&w.odb, w.repo) != 0) {
        git_repository_free(w.repo);
        return source_fail(out, VG_ERR_INVALID, "The repository's objects could not be read.");
    }
    pthread_mutex_init(&w.rd.mu, NULL);
    pthread_cond_init(&w.rd.turn, NULL);
    w.s = scan_stream_begin(eng, opt, res);
    enum vg_err e = spec->staged ? git_index_scan(&w, out) : git_history(&w, spec, out);
    if (e == VG_OK && w.missing > 0)
        e = source_fail(out, VG_ERR_IO, "%llu object(s) of the repository could not be read.",
                        (unsigned long long)w.missing);
    e = scan_stream_finish(w.s, e, e != VG_OK ? out->error : NULL);
    out->commits = w.commits;
    out->blobs = w.blobs;
    oidset_release(&w.seen);
    oidset_release(&w.head);
    for (size_t i = 0; i < w.n_pend; i++)
        free(w.pend[i].path);
    free(w.pend);
    for (size_t i = 0; i < w.n_crec; i++)
        free(w.crec[i].author);
    free(w.crec);
    free(w.order);
    buf_release(&w.path);
    pthread_mutex_destroy(&w.rd.mu);
    pthread_cond_destroy(&w.rd.turn);
    git_odb_free(w.odb);
    git_repository_free(w.repo);
    return e;
}

char *source_git_hooks_dir(const char *path, char *err, size_t err_len)
{
    pthread_once(&git_once, git_init_once);
    git_repository *repo = NULL;
    git_config *cfg = NULL;
    git_buf hp = {0};
    char *dir = NULL;
    if (git_repository_open_ext(&repo, path, 0, NULL) != 0) {
        snprintf(err, err_len, "%s is not in a git repository", path);
        return NULL;
    }
    if (git_repository_config_snapshot(&cfg, repo) == 0 &&
        git_config_get_path(&hp, cfg, "core.hooksPath") == 0 && hp.ptr != NULL && hp.ptr[0]) {
        const char *wd = git_repository_workdir(repo);
        dir = hp.ptr[0] == '/' || wd == NULL ? xstrdup(hp.ptr) : xasprintf("%s%s", wd, hp.ptr);
    } else {
        dir = xasprintf("%shooks", git_repository_commondir(repo));
    }
    git_buf_dispose(&hp);
    git_config_free(cfg);
    git_repository_free(repo);
    return dir;
}

enum vg_err source_git_init_bare(const char *path)
{
    pthread_once(&git_once, git_init_once);
    git_repository *repo = NULL;
    int rc = git_repository_init(&repo, path, 1);
    git_repository_free(repo);
    return rc == 0 ? VG_OK : VG_ERR_IO;
}

long source_git_ref_count(const char *path)
{
    pthread_once(&git_once, git_init_once);
    git_repository *repo = NULL;
    git_strarray refs = {0};
    long n = -1;
    if (git_repository_open_bare(&repo, path) == 0 && git_reference_list(&refs, repo) == 0)
        n = (long)refs.count;
    git_strarray_dispose(&refs);
    git_repository_free(repo);
    return n;
}

char *source_git_upload_path(const char *data_dir, const char *upload_id)
{
    return xasprintf("%s/git/%s.git", data_dir, upload_id);
}
