/*
 * spawn.h - start a child process on two pipes (its stdin and stdout; stderr to /dev/null),
 * with the signal state a child expects (nothing blocked, SIGPIPE at its default even when
 * the server ignores it). Used for `git http-backend` and `git cat-file --batch`.
 */
#ifndef VG_UTIL_SPAWN_H
#define VG_UTIL_SPAWN_H

#include <sys/types.h>

/* Run file (searched in PATH) with argv and envp; *to_child is the write end of its stdin,
 * *from_child the read end of its stdout (both close-on-exec). 0 with *pid set, or an errno
 * value (nothing left open). */
int spawn_piped(const char *file, char *const argv[], char *const envp[], pid_t *pid, int *to_child,
                int *from_child);

#endif
