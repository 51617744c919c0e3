/*
 * git_http.c - pushes to a git upload over git's smart HTTP protocol (git_http.h).
 *
 * `git http-backend` (Debian's git) does the protocol: it runs as a CGI child per request
 * with the upload's bare repository under GIT_PROJECT_ROOT. The request body is written to
 * the child's stdin chunk by chunk as libmicrohttpd delivers it (never held whole); a
 * thread drains the child's stdout into a bounded buffer, and the answer to a push (the ref
 * report and git's progress, as long as git makes it) is streamed from that buffer to the
 * client as it comes (chunked): never cut, never held until git is done. The upload's scan
 * is queued once git has exited with the refs stored. Limits are git's own, so the
 * pushing user sees them as `remote:` lines: receive.maxInputSize caps the pack, and a
 * pre-receive hook (written by the server, run while the pushed objects are still in
 * quarantine) caps the object count and their inflated size. A refused push leaves no ref
 * and no object behind.
 *
 * Authentication: HTTP Basic with the upload's credential; a request without it gets 401
 * and a Basic challenge (git then sends the credential of the remote URL). Refusals git
 * should print (wrong credential, expired, revoked, already pushed, fetch/clone) are
 * answered on info/refs as a protocol "ERR" line: git shows "remote error: <message>".
 */
#include "api/git_http.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/api.h"
#include "app/app.h"
#include "http/route.h"
#include "jobs/queue.h"
#include "source/source.h"
#include "store/git_uploads.h"
#include "store/repositories.h"
#include "store/scans.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/spawn.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define GIT_HTTP_OUT_MAX ((size_t)4 * 1024 * 1024)
#define GIT_HTTP_ENV_MAX 32
#define GIT_HTTP_TOKEN_MAX 128
#define GIT_HTTP_REALM "Basic realm=\"Vega git upload\""
#define GIT_MSG_UNKNOWN "Unknown git upload or wrong credential."
#define GIT_MSG_PUSH_ONLY                                                                          \
    "Vega git uploads accept pushes only: use `git push` to this remote; fetch and clone are "     \
    "refused."

extern char **environ;

/* ---- the pre-receive hook: object count and inflated size ---- */

static const char git_hook_text[] =
    "#!/bin/sh\n"
    "# Written by vega serve: the caps on one push to a git upload. The pushed objects are\n"
    "# still in quarantine here; refusing drops them all.\n"
    "set -- $(git cat-file --batch-all-objects --batch-check='%(objectsize)' |\n"
    "  awk '{ n++; s += $1 } END { printf \"%d %.0f\\n\", n, s }')\n"
    "if [ \"$1\" -gt \"$VEGA_GIT_MAX_OBJECTS\" ]; then\n"
    "  echo \"vega: push refused: it holds $1 objects; a git upload takes at most "
    "$VEGA_GIT_MAX_OBJECTS. Nothing was stored.\" >&2\n"
    "  exit 1\n"
    "fi\n"
    "if [ \"$2\" -gt \"$VEGA_GIT_MAX_BYTES\" ]; then\n"
    "  echo \"vega: push refused: its objects inflate to $2 bytes, more than the limit of "
    "$VEGA_GIT_MAX_BYTES (a pack bomb?). Nothing was stored.\" >&2\n"
    "  exit 1\n"
    "fi\n";

/* DATA_DIR/git-hooks/pre-receive, written atomically when missing or different. */
static char *git_hooks_dir(const struct app *app)
{
    char *dir = xasprintf("%s/git-hooks", app->cfg.data_dir);
    char *file = xasprintf("%s/pre-receive", dir);
    char cur[sizeof git_hook_text + 1];
    FILE *f = fopen(file, "r");
    size_t n = f != NULL ? fread(cur, 1, sizeof cur, f) : 0;
    if (f != NULL)
        fclose(f);
    if (n != sizeof git_hook_text - 1 || memcmp(cur, git_hook_text, n) != 0) {
        char uniq[UUID_STR_LEN];
        rand_uuid(uniq);
        char *tmp = xasprintf("%s/.pre-receive.%s", dir, uniq);
        fs_mkdirs(dir, 0700);
        f = fopen(tmp, "w");
        if (f == NULL ||
            fwrite(git_hook_text, 1, sizeof git_hook_text - 1, f) != sizeof git_hook_text - 1 ||
            fclose(f) != 0 || chmod(tmp, 0700) != 0 || rename(tmp, file) != 0)
            log_msg(LOG_ERROR, "git_hook_write_failed", "error", strerror(errno), NULL);
        free(tmp);
    }
    free(file);
    return dir;
}

/* ---- the CGI child ---- */

struct git_cgi {
    pid_t pid;
    int in_fd, out_fd;
    pthread_t reader;
    bool reader_on, in_broken;
    /* The child's stdout: out[off, len) not sent yet. When streaming, the reader waits
     * while GIT_HTTP_OUT_MAX bytes are unsent; otherwise what is over the cap is dropped. */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct buf out;
    size_t off;
    bool streaming, eof, abandoned, settled;
    struct store_git_upload upload;
    struct app *app;
};

static void *cgi_reader(void *arg)
{
    struct git_cgi *c = arg;
    char tmp[16384];
    for (;;) {
        ssize_t n = read(c->out_fd, tmp, sizeof tmp);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        pthread_mutex_lock(&c->mu);
        while (c->streaming && !c->abandoned && c->out.len - c->off + (size_t)n > GIT_HTTP_OUT_MAX)
            pthread_cond_wait(&c->cv, &c->mu);
        if (c->off > 0) { /* what was sent goes */
            memmove(c->out.ptr, c->out.ptr + c->off, c->out.len - c->off);
            c->out.len -= c->off;
            c->off = 0;
        }
        if (!c->abandoned && buf_append(&c->out, tmp, (size_t)n) != VG_OK) {
            /* over the cap (not streaming): drained, not kept */
        }
        pthread_cond_broadcast(&c->cv);
        pthread_mutex_unlock(&c->mu);
    }
    pthread_mutex_lock(&c->mu);
    c->eof = true;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

struct cgi_env {
    char *v[GIT_HTTP_ENV_MAX + 1];
    size_t n;
};

__attribute__((format(printf, 2, 3))) static void env_add(struct cgi_env *e, const char *fmt, ...)
{
    if (e->n == GIT_HTTP_ENV_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&e->v[e->n], fmt, ap) >= 0)
        e->n++;
    va_end(ap);
}

static void cgi_env_build(struct req *req, const char *id, const char *tail, const char *query,
                          const char *hooks, struct cgi_env *e)
{
    const struct config *cfg = &req->app->cfg;
    const char *path = getenv("PATH");
    const char *ct = req_header(req, "Content-Type");
    const char *enc = req_header(req, "Content-Encoding");
    env_add(e, "PATH=%s", path != NULL ? path : "/usr/bin:/bin");
    env_add(e, "GIT_PROJECT_ROOT=%s/git", cfg->data_dir);
    env_add(e, "PATH_INFO=/%s.git/%s", id, tail);
    env_add(e, "REQUEST_METHOD=%s", req->method);
    env_add(e, "QUERY_STRING=%s", query != NULL ? query : "");
    env_add(e, "CONTENT_TYPE=%s", ct != NULL ? ct : "");
    if (enc != NULL)
        env_add(e, "HTTP_CONTENT_ENCODING=%s", enc);
    env_add(e, "REMOTE_USER=vega");
    env_add(e, "REMOTE_ADDR=%s", req->client_ip != NULL ? req->client_ip : "");
    env_add(e, "GIT_HTTP_EXPORT_ALL=1");
    env_add(e, "HOME=%s/git", cfg->data_dir);
    env_add(e, "GIT_CONFIG_NOSYSTEM=1");
    env_add(e, "GIT_CONFIG_GLOBAL=/dev/null");
    env_add(e, "GIT_CONFIG_COUNT=6");
    env_add(e, "GIT_CONFIG_KEY_0=receive.maxInputSize");
    env_add(e, "GIT_CONFIG_VALUE_0=%lu", cfg->git_max_pack_bytes);
    env_add(e, "GIT_CONFIG_KEY_1=core.hooksPath");
    env_add(e, "GIT_CONFIG_VALUE_1=%s", hooks);
    env_add(e, "GIT_CONFIG_KEY_2=http.uploadpack");
    env_add(e, "GIT_CONFIG_VALUE_2=false");
    env_add(e, "GIT_CONFIG_KEY_3=http.getanyfile");
    env_add(e, "GIT_CONFIG_VALUE_3=false");
    env_add(e, "GIT_CONFIG_KEY_4=http.receivepack");
    env_add(e, "GIT_CONFIG_VALUE_4=true");
    env_add(e, "GIT_CONFIG_KEY_5=receive.fsckObjects");
    env_add(e, "GIT_CONFIG_VALUE_5=true");
    env_add(e, "VEGA_GIT_MAX_OBJECTS=%lu", cfg->git_max_objects);
    env_add(e, "VEGA_GIT_MAX_BYTES=%lu", cfg->git_max_inflated_bytes);
}

static void cgi_env_release(struct cgi_env *e)
{
    for (size_t i = 0; i < e->n; i++)
        free(e->v[i]);
}

/* Start `git http-backend` for the request; VG_OK with c running. */
static enum vg_err cgi_start(struct req *req, const char *id, const char *tail, const char *query,
                             struct git_cgi *c)
{
    c->pid = -1;
    c->in_fd = c->out_fd = -1;
    c->app = req->app;
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    buf_init(&c->out, GIT_HTTP_OUT_MAX);
    char *hooks = git_hooks_dir(req->app);
    struct cgi_env env = {0};
    cgi_env_build(req, id, tail, query, hooks, &env);
    char arg0[] = "git", arg1[] = "http-backend";
    char *argv[] = {arg0, arg1, NULL};
    int rc = spawn_piped("git", argv, env.v, &c->pid, &c->in_fd, &c->out_fd);
    cgi_env_release(&env);
    free(hooks);
    if (rc != 0) {
        log_msg(LOG_ERROR, "git_http_backend_failed", "error", strerror(rc), NULL);
        c->pid = -1;
        return VG_ERR_UNAVAILABLE;
    }
    c->reader_on = pthread_create(&c->reader, NULL, cgi_reader, c) == 0;
    return c->reader_on ? VG_OK : VG_ERR_UNAVAILABLE;
}

static void cgi_write(struct git_cgi *c, const char *p, size_t n)
{
    while (n > 0 && !c->in_broken) {
        ssize_t w = write(c->in_fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) { /* the child stopped reading (it refused the push): drain the rest */
            c->in_broken = true;
            break;
        }
        p += w;
        n -= (size_t)w;
    }
}

/* Close stdin, wait for the child and its output; the exit status, -1 when killed. */
static int cgi_wait(struct git_cgi *c, bool kill_it)
{
    if (c->in_fd >= 0)
        close(c->in_fd);
    c->in_fd = -1;
    if (kill_it && c->pid > 0)
        kill(c->pid, SIGKILL);
    if (kill_it) { /* a reader waiting for room: what is left is not wanted */
        pthread_mutex_lock(&c->mu);
        c->abandoned = true;
        pthread_cond_broadcast(&c->cv);
        pthread_mutex_unlock(&c->mu);
    }
    if (c->reader_on)
        pthread_join(c->reader, NULL);
    c->reader_on = false;
    if (c->out_fd >= 0)
        close(c->out_fd);
    c->out_fd = -1;
    int st = 0;
    if (c->pid > 0) {
        while (waitpid(c->pid, &st, 0) < 0 && errno == EINTR)
            ;
    }
    c->pid = -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *const git_ctypes[] = {"application/x-git-receive-pack-advertisement",
                                         "application/x-git-receive-pack-result",
                                         "text/plain; charset=utf-8", NULL};

static void cgi_release(struct git_cgi *c)
{
    buf_release(&c->out);
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->cv);
}

/* The CGI header block at p ("Status:", "Content-Type:", a blank line): its length, 0 when
 * it is not complete yet; *status and *ctype from it. */
static size_t cgi_head(const char *p, size_t n, unsigned *status, const char **ctype)
{
    const char *start = p, *end = p + n;
    *status = 200;
    *ctype = git_ctypes[2];
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            return 0;
        size_t len = (size_t)(nl - p) - (nl > p && nl[-1] == '\r');
        if (len == 0) {
            if (*status < 200 || *status > 599)
                *status = 500;
            return (size_t)(nl + 1 - start);
        }
        if (len > 7 && strncasecmp(p, "Status:", 7) == 0)
            *status = (unsigned)strtoul(p + 7, NULL, 10);
        for (size_t i = 0; git_ctypes[i] != NULL && len > 13; i++) {
            if (strncasecmp(p, "Content-Type:", 13) == 0 &&
                strncmp(p + 14, git_ctypes[i], strlen(git_ctypes[i])) == 0)
                *ctype = git_ctypes[i];
        }
        p = nl + 1;
    }
    return 0;
}

/* The whole CGI answer (the child has exited) into resp. */
static enum vg_err cgi_answer(struct git_cgi *c, struct resp *resp)
{
    unsigned status;
    const char *ctype;
    size_t head = cgi_head(buf_cstr(&c->out), c->out.len, &status, &ctype);
    if (head == 0)
        return resp_error(resp, VG_ERR_INTERNAL, NULL);
    resp_header(resp, "Cache-Control", "no-cache, max-age=0, must-revalidate");
    return resp_raw(resp, status, ctype, c->out.ptr + head, c->out.len - head);
}

/* ---- who may push ---- */

enum git_auth { GIT_AUTH_OK, GIT_AUTH_CHALLENGE, GIT_AUTH_REFUSED };

/* The password of "Authorization: Basic base64(user:password)" into pw. */
static bool basic_password(const char *authz, char *pw, size_t cap)
{
    if (authz == NULL || strncasecmp(authz, "Basic ", 6) != 0)
        return false;
    unsigned char bin[GIT_HTTP_TOKEN_MAX * 2];
    size_t n = 0;
    const char *b64 = authz + 6;
    if (sodium_base642bin(bin, sizeof bin - 1, b64, strlen(b64), NULL, &n, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    bin[n] = '\0';
    const char *colon = memchr(bin, ':', n);
    size_t pl = colon != NULL ? n - (size_t)(colon + 1 - (const char *)bin) : 0;
    bool ok = colon != NULL && pl > 0 && pl < cap;
    if (ok) {
        memcpy(pw, colon + 1, pl);
        pw[pl] = '\0';
    }
    sodium_memzero(bin, sizeof bin);
    return ok;
}

/* Check the credential against the upload; *msg says why a push is refused. */
static enum git_auth git_authorize(struct req *req, struct store_git_upload *u, const char **msg)
{
    char pw[GIT_HTTP_TOKEN_MAX];
    *msg = GIT_MSG_UNKNOWN;
    if (!basic_password(req_header(req, "Authorization"), pw, sizeof pw))
        return GIT_AUTH_CHALLENGE;
    char hash[65];
    sha256_hex(hash, pw, strlen(pw));
    sodium_memzero(pw, sizeof pw);
    const char *id = req_param(req, "id");
    enum vg_err e = uuid_valid(id) ? store_git_uploads_get(req->app->store, id, NULL, time_now(), u)
                                   : VG_ERR_NOT_FOUND;
    if (e != VG_OK) {
        if (e != VG_ERR_NOT_FOUND)
            *msg = "The server is unavailable; try the push again.";
        return GIT_AUTH_REFUSED;
    }
    if (sodium_memcmp(hash, u->token_hash, 64) != 0)
        return GIT_AUTH_REFUSED;
    if (strcmp(u->status, "waiting") == 0)
        return GIT_AUTH_OK;
    if (strcmp(u->status, "expired") == 0)
        *msg = "This git upload has expired; create a new one (POST /v1/git-uploads) and push "
               "to its remote.";
    else if (strcmp(u->status, "revoked") == 0)
        *msg = "This git upload was revoked; create a new one (POST /v1/git-uploads).";
    else
        *msg = "This git upload already received a push; create a new one to push again.";
    return GIT_AUTH_REFUSED;
}

static void pkt_line(struct buf *b, const char *s)
{
    char len[17];
    snprintf(len, sizeof len, "%04x", (unsigned)(strlen(s) + 4) & 0xffffu);
    if (buf_append_str(b, len) != VG_OK || buf_append_str(b, s) != VG_OK)
        return;
}

/* 200 with a protocol ERR line: git prints "remote error: <msg>". */
static enum vg_err git_refuse(struct resp *resp, const char *service, const char *msg)
{
    struct buf b = BUF_INIT;
    char *head = xasprintf("# service=%s\n", service);
    char *err = xasprintf("ERR %s", msg);
    pkt_line(&b, head);
    if (buf_append_str(&b, "0000") == VG_OK)
        pkt_line(&b, err);
    free(head);
    free(err);
    const char *ctype = strcmp(service, "git-upload-pack") == 0
                            ? "application/x-git-upload-pack-advertisement"
                            : git_ctypes[0];
    resp_header(resp, "Cache-Control", "no-cache, max-age=0, must-revalidate");
    enum vg_err e = resp_raw(resp, 200, ctype, b.ptr, b.len);
    buf_release(&b);
    return e;
}

static enum vg_err git_challenge(struct resp *resp)
{
    resp_header(resp, "WWW-Authenticate", GIT_HTTP_REALM);
    return resp_error(resp, VG_ERR_UNAUTHORIZED,
                      "Push with the remote URL of the git upload (it carries the credential).");
}

/* ---- GET info/refs ---- */

enum vg_err api_git_info_refs(struct req *req, struct resp *resp)
{
    const char *service = req_query(req, "service");
    if (service == NULL ||
        (strcmp(service, "git-receive-pack") != 0 && strcmp(service, "git-upload-pack") != 0))
        return resp_error(resp, VG_ERR_FORBIDDEN, GIT_MSG_PUSH_ONLY);
    struct store_git_upload u;
    const char *msg = NULL;
    enum git_auth a = git_authorize(req, &u, &msg);
    if (a == GIT_AUTH_CHALLENGE)
        return git_challenge(resp);
    if (strcmp(service, "git-upload-pack") == 0)
        return git_refuse(resp, service, a == GIT_AUTH_OK ? GIT_MSG_PUSH_ONLY : msg);
    if (a != GIT_AUTH_OK)
        return git_refuse(resp, service, msg);
    struct git_cgi c;
    memset(&c, 0, sizeof c);
    enum vg_err e = cgi_start(req, u.id, "info/refs", "service=git-receive-pack", &c);
    int rc = cgi_wait(&c, e != VG_OK);
    if (e == VG_OK && rc == 0)
        e = cgi_answer(&c, resp);
    else
        e = resp_error(resp, VG_ERR_UNAVAILABLE, "The push could not be served; try again.");
    cgi_release(&c);
    return e;
}

/* ---- POST git-receive-pack ---- */

/* The push landed (refs stored): the upload becomes received and its scan is queued. */
static void git_landed(struct app *app, const struct store_git_upload *u)
{
    struct store *st = app->store;
    char scan[UUID_STR_LEN], source[16], project[UUID_STR_LEN];
    char *full = NULL;
    int64_t now = time_now();
    rand_uuid(scan);
    enum vg_err e =
        store_repository_source(st, u->user_id, u->repository_id, source, project, &full);
    free(full);
    if (e == VG_OK)
        e = store_git_uploads_mark_received(st, u->id, scan, now);
    struct store_scan_new in = {scan, u->user_id, project, NULL, NULL, "git", NULL, NULL, 0, now};
    if (e == VG_OK)
        e = store_scans_insert(st, &in);
    if (e == VG_OK)
        e = store_repository_attach_scan(st, u->repository_id, scan, STORE_ACTOR_SYSTEM);
    if (e == VG_OK)
        e = store_scans_mark_started(st, scan, now);
    if (e == VG_OK)
        e = jobs_enqueue(st, JOB_KIND_GIT_UPLOAD, scan);
    if (e == VG_OK)
        (void)store_scan_started_event(st, scan, STORE_ACTOR_SYSTEM);
    log_msg(e == VG_OK ? LOG_INFO : LOG_WARN, "git_upload_pushed", "git_upload_id", u->id,
            "scan_id", scan, "result", err_name(e), NULL);
}

static enum vg_err receive_begin(struct req *req, struct resp *resp, void **state)
{
    const char *ct = req_header(req, "Content-Type");
    if (ct == NULL || strcmp(ct, "application/x-git-receive-pack-request") != 0)
        return resp_error(resp, VG_ERR_UNSUPPORTED_MEDIA,
                          "Content-Type must be application/x-git-receive-pack-request.");
    struct git_cgi *c = xcalloc(1, sizeof *c);
    const char *msg = NULL;
    enum git_auth a = git_authorize(req, &c->upload, &msg);
    enum vg_err e = a == GIT_AUTH_CHALLENGE ? git_challenge(resp)
                    : a != GIT_AUTH_OK      ? resp_error(resp, VG_ERR_FORBIDDEN, msg)
                                            : VG_OK;
    if (e == VG_OK && cgi_start(req, c->upload.id, "git-receive-pack", NULL, c) != VG_OK) {
        cgi_wait(c, true);
        e = resp_error(resp, VG_ERR_UNAVAILABLE, "The push could not be served; try again.");
    }
    if (e != VG_OK) {
        if (c->app != NULL)
            cgi_release(c);
        free(c);
        return e;
    }
    *state = c;
    return VG_OK;
}

static enum vg_err receive_data(struct req *req, struct resp *resp, void *state, const char *p,
                                size_t n)
{
    (void)req;
    (void)resp;
    cgi_write(state, p, n);
    return VG_OK;
}

/* Once: wait for git (killed when the client is gone: kill_it), then queue the scan when
 * the push stored refs. */
static void receive_settle(struct git_cgi *c, bool kill_it)
{
    if (c->settled)
        return;
    c->settled = true;
    int rc = cgi_wait(c, kill_it);
    char *dir = source_git_upload_path(c->app->cfg.data_dir, c->upload.id);
    if ((rc == 0 || kill_it) && source_git_ref_count(dir) > 0)
        git_landed(c->app, &c->upload);
    free(dir);
}

/* resp_stream's reader: git's answer as it comes; at its end, the push is settled. */
static ssize_t receive_stream_read(void *ctx, char *buf, size_t max)
{
    struct git_cgi *c = ctx;
    pthread_mutex_lock(&c->mu);
    while (c->off == c->out.len && !c->eof)
        pthread_cond_wait(&c->cv, &c->mu);
    size_t n = c->out.len - c->off < max ? c->out.len - c->off : max;
    memcpy(buf, c->out.ptr + c->off, n);
    c->off += n;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    if (n == 0)
        receive_settle(c, false);
    return (ssize_t)n;
}

static void receive_stream_done(void *ctx)
{
    struct git_cgi *c = ctx;
    receive_settle(c, true); /* the client left before the end: git is stopped */
    cgi_release(c);
    free(c);
}

static enum vg_err receive_end(struct req *req, struct resp *resp, void *state, bool complete)
{
    (void)req;
    struct git_cgi *c = state;
    if (c == NULL)
        return VG_OK;
    if (!complete) {
        cgi_wait(c, true);
        cgi_release(c);
        free(c);
        return VG_OK;
    }
    /* The request body is all written: git reads its end, then answers. */
    if (c->in_fd >= 0)
        close(c->in_fd);
    c->in_fd = -1;
    unsigned status = 500;
    const char *ctype = NULL;
    size_t head = 0;
    pthread_mutex_lock(&c->mu);
    c->streaming = true;
    while ((head = cgi_head(c->out.ptr != NULL ? c->out.ptr + c->off : "", c->out.len - c->off,
                            &status, &ctype)) == 0 &&
           !c->eof)
        pthread_cond_wait(&c->cv, &c->mu);
    c->off += head;
    pthread_mutex_unlock(&c->mu);
    if (head == 0) { /* git said nothing usable */
        receive_settle(c, false);
        cgi_release(c);
        free(c);
        return resp_error(resp, VG_ERR_UNAVAILABLE, "The push could not be served.");
    }
    resp_header(resp, "Cache-Control", "no-cache, max-age=0, must-revalidate");
    return resp_stream(resp, status, ctype, receive_stream_read, receive_stream_done, c);
}

const struct route_stream api_git_receive_pack_stream = {receive_begin, receive_data, receive_end};
