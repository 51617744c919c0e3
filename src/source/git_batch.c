/*
 * git_batch.c - blob contents in bulk from `git cat-file --batch` (git_batch.h).
 * The object names are written by a thread of their own (git answers as it reads them,
 * so one thread writing all of them first could block on a full pipe both ways).
 */
#include "source/git_batch.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/spawn.h"
#include "util/xalloc.h"

#define GIT_BATCH_PIPE_BUF ((size_t)1 << 20)

struct git_batch {
    pid_t pid;
    int in_fd;
    FILE *out;
    char *names;
    size_t names_len;
    size_t left; /* objects not read yet */
    pthread_t writer;
    bool writer_on;
};

static void *batch_writer(void *arg)
{
    struct git_batch *b = arg;
    sigset_t pipe_sig;
    sigemptyset(&pipe_sig);
    sigaddset(&pipe_sig, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_sig, NULL); /* git gone: EPIPE, not a signal */
    const char *p = b->names;
    size_t n = b->names_len;
    while (n > 0) {
        ssize_t w = write(b->in_fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        p += w;
        n -= (size_t)w;
    }
    close(b->in_fd);
    b->in_fd = -1;
    struct timespec now = {0, 0};
    while (sigtimedwait(&pipe_sig, NULL, &now) > 0) /* a SIGPIPE of this thread, if any */
        ;
    return NULL;
}

struct git_batch *git_batch_start(const char *git_dir, char *names_take, size_t n)
{
    char *dir_arg = xasprintf("--git-dir=%s", git_dir);
    char a0[] = "git", a2[] = "cat-file", a3[] = "--batch";
    char *argv[] = {a0, dir_arg, a2, a3, NULL};
    extern char **environ;
    pid_t pid = -1;
    int to_git = -1, from_git = -1;
    int rc = spawn_piped("git", argv, environ, &pid, &to_git, &from_git);
    free(dir_arg);
    if (rc != 0) {
        free(names_take);
        return NULL;
    }
    (void)fcntl(from_git, F_SETPIPE_SZ, (int)GIT_BATCH_PIPE_BUF); /* fewer wake-ups */
    struct git_batch *b = xcalloc(1, sizeof *b);
    b->pid = pid;
    b->in_fd = to_git;
    b->out = fdopen(from_git, "r");
    b->names = names_take;
    b->names_len = n * (GIT_BATCH_HEX + 1);
    b->left = n;
    if (b->out == NULL) {
        close(from_git);
    } else {
        setvbuf(b->out, NULL, _IOFBF, 256 * 1024);
        b->writer_on = pthread_create(&b->writer, NULL, batch_writer, b) == 0;
    }
    if (!b->writer_on) {
        git_batch_end(b);
        return NULL;
    }
    return b;
}

/* Read and drop n bytes; false at the end of git's output. */
static bool batch_skip(FILE *f, size_t n)
{
    char tmp[65536];
    while (n > 0) {
        size_t got = fread(tmp, 1, n < sizeof tmp ? n : sizeof tmp, f);
        if (got == 0)
            return false;
        n -= got;
    }
    return true;
}

/* The next answer's header line: its type (16 bytes) and size. GIT_BATCH_BLOB when an
 * object follows, GIT_BATCH_MISSING when git has no such object, else GIT_BATCH_BROKEN. */
static enum git_batch_got batch_head(struct git_batch *b, char *type, unsigned long long *sz)
{
    char head[160];
    if (b->left == 0 || fgets(head, sizeof head, b->out) == NULL)
        return GIT_BATCH_BROKEN;
    b->left--;
    if (sscanf(head, "%*40s %15s %llu", type, sz) != 2)
        return strstr(head, " missing") != NULL ? GIT_BATCH_MISSING : GIT_BATCH_BROKEN;
    return GIT_BATCH_BLOB;
}

enum git_batch_got git_batch_next(struct git_batch *b, size_t max, struct buf *out, size_t *size)
{
    unsigned long long sz = 0;
    char type[16] = "";
    *size = 0;
    buf_reset(out);
    enum git_batch_got got = batch_head(b, type, &sz);
    if (got != GIT_BATCH_BLOB)
        return got;
    *size = (size_t)sz;
    bool blob = strcmp(type, "blob") == 0;
    if (!blob || sz > max || buf_reserve(out, (size_t)sz) != VG_OK) {
        if (!batch_skip(b->out, (size_t)sz + 1))
            return GIT_BATCH_BROKEN;
        return blob ? GIT_BATCH_LARGE : GIT_BATCH_MISSING;
    }
    if (fread(out->ptr + out->len, 1, (size_t)sz, b->out) != (size_t)sz || fgetc(b->out) != '\n')
        return GIT_BATCH_BROKEN;
    out->len = (size_t)sz;
    out->ptr[out->len] = '\0';
    return GIT_BATCH_BLOB;
}

bool git_batch_skip(struct git_batch *b)
{
    unsigned long long sz = 0;
    char type[16] = "";
    enum git_batch_got got = batch_head(b, type, &sz);
    return got == GIT_BATCH_MISSING || (got == GIT_BATCH_BLOB && batch_skip(b->out, (size_t)sz + 1));
}

void git_batch_end(struct git_batch *b)
{
    if (b == NULL)
        return;
    if (b->left > 0 && b->pid > 0)
        kill(b->pid, SIGKILL);
    if (b->out != NULL)
        fclose(b->out); /* the writer's pipe breaks if git still reads */
    if (b->writer_on)
        pthread_join(b->writer, NULL);
    if (b->in_fd >= 0)
        close(b->in_fd);
    int st;
    while (b->pid > 0 && waitpid(b->pid, &st, 0) < 0 && errno == EINTR)
        ;
    free(b->names);
    free(b);
}
