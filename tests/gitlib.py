"""Real git repositories for tests: `git init`, commits through `git fast-import` (a thousand
commits in a fraction of a second) or plain `git` commands. Used by tests/scan and tests/api."""
import os
import secrets
import subprocess

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
GIT_ENV = {"GIT_AUTHOR_NAME": "Ann Author", "GIT_AUTHOR_EMAIL": "ann@example.com",
           "GIT_COMMITTER_NAME": "Ann Author", "GIT_COMMITTER_EMAIL": "ann@example.com",
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"}


def stripe_key():
    return "sk_live_" + "".join(secrets.choice(B62) for _ in range(32))


def git(repo, *args, input=None, check=True, env=None):
    e = dict(os.environ, HOME=str(repo), **GIT_ENV)
    e.update(env or {})
    r = subprocess.run(["git", "-C", str(repo), *args], input=input, capture_output=True,
                       env=e, timeout=120)
    if check and r.returncode != 0:
        raise AssertionError(f"git {args}: {r.stderr.decode(errors='replace')}")
    return r


def init(path, bare=False):
    os.makedirs(path, exist_ok=True)
    git(path, "init", "-q", "-b", "main", *(["--bare"] if bare else []))
    return path


def commit(repo, files, message, remove=()):
    """Write files ({path: str|bytes}), remove paths, commit; return the new sha."""
    for name, data in files.items():
        p = os.path.join(repo, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        git(repo, "add", name)
    for name in remove:
        git(repo, "rm", "-q", name)
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return head(repo)


def head(repo, rev="HEAD"):
    return git(repo, "rev-parse", rev).stdout.decode().strip()


def fast_import(repo, commits, branch="refs/heads/main"):
    """commits: a list of {path: str} dicts; each becomes one commit on branch (files not
    named keep their content). Returns nothing; use head() for the tip."""
    out = []
    for i, files in enumerate(commits):
        out.append(f"commit {branch}\nmark :{i + 1}\n"
                   f"author Ann Author <ann@example.com> {1700000000 + i} +0000\n"
                   f"committer Ann Author <ann@example.com> {1700000000 + i} +0000\n"
                   f"data 9\ncommit {i % 10}\n")
        if i > 0:
            out.append(f"from :{i}\n")
        for path, text in files.items():
            data = text.encode()
            out.append(f"M 100644 inline {path}\ndata {len(data)}\n")
            out.append(data.decode() + "\n")
    git(repo, "fast-import", "--quiet", input="".join(out).encode())
