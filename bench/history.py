#!/usr/bin/python3
"""History benchmark (`make bench`): `vega scan --history` on a real git history built from
public npm packages - every published version (the last BENCH_HISTORY_VERSIONS of each) of
a few packages, committed in version order, so consecutive commits share most blobs as real
histories do. Nothing third-party is committed: the history is rebuilt under
bench/.history/ (npm pack of each version, then git).

It reports the unique blob bytes of the repository per second for:
  floor   `git cat-file --batch-all-objects --batch` reading every object once (git's own
          object reader, output discarded): the floor to compare with (target >= 50%)
  vega    `vega scan --history --all-refs` (each blob once, commits walked)
  log-p   `git log -p --all | vega scan -` (the text way: every diff of every commit)
Warm page cache, the compiled rule database cached; best of BENCH_REPEAT runs.

Usage: history.py VEGA [--rebuild]   (env: BENCH_HISTORY_PACKAGES, BENCH_HISTORY_VERSIONS,
BENCH_JOBS, BENCH_REPEAT)
"""
import json, os, shutil, subprocess, sys, tarfile, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, "bench", ".history")
REPO = os.path.join(DIR, "repo")
PACKAGES = os.environ.get("BENCH_HISTORY_PACKAGES", "lodash express react-dom axios").split()
VERSIONS = int(os.environ.get("BENCH_HISTORY_VERSIONS", "40"))
JOBS = os.environ.get("BENCH_JOBS", "2")
REPEAT = int(os.environ.get("BENCH_REPEAT", "2"))
GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com",
               GIT_CONFIG_NOSYSTEM="1")


def log(*a):
    print(*a, flush=True)


def git(*args, **kw):
    return subprocess.run(["git", "-C", REPO, *args], env=GIT_ENV, check=True,
                          capture_output=True, **kw)


def versions(pkg):
    out = subprocess.run(["npm", "view", pkg, "versions", "--json"], capture_output=True,
                         text=True, check=True).stdout
    vs = [v for v in json.loads(out) if "-" not in v]  # releases, in publication order
    return vs[-VERSIONS:]


def extract(tgz, dest):
    """Regular files only, under dest, without the tarball's top folder ("package/")."""
    with tarfile.open(tgz) as t:
        for m in t.getmembers():
            parts = m.name.split("/")[1:]
            if not m.isfile() or not parts or any(p in ("", ".", "..") for p in parts):
                continue
            path = os.path.join(dest, *parts)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with t.extractfile(m) as src, open(path, "wb") as out:
                shutil.copyfileobj(src, out)


def build():
    if os.path.exists(os.path.join(DIR, "ready")):
        return
    shutil.rmtree(DIR, ignore_errors=True)
    os.makedirs(REPO)
    git("init", "-q", "-b", "main")
    packs = tempfile.mkdtemp(prefix="vega-bench-history-")
    n = 0
    for pkg in PACKAGES:
        vs = versions(pkg)
        # One npm process packs every version (tarballs named PKG-VERSION.tgz).
        r = subprocess.run(["npm", "pack", "--silent", "--pack-destination", packs,
                            *(f"{pkg}@{v}" for v in vs)], capture_output=True, text=True)
        names = r.stdout.split()
        if r.returncode != 0 or len(names) != len(vs):
            log(f"history: skipped {pkg} (npm pack: {r.stderr.strip()[-200:]})")
            continue
        for v, name in zip(vs, names):
            tgz = os.path.join(packs, name)
            dest = os.path.join(REPO, pkg.replace("/", "_"))
            shutil.rmtree(dest, ignore_errors=True)
            extract(tgz, dest)
            os.unlink(tgz)
            git("add", "-A")
            git("commit", "-q", "-m", f"{pkg} {v}")
            n += 1
        log(f"history: {pkg}: {n} commits so far")
    shutil.rmtree(packs, ignore_errors=True)
    subprocess.run(["git", "-C", REPO, "gc", "-q"], env=GIT_ENV)  # packed, as clones are
    open(os.path.join(DIR, "ready"), "w").close()


def blob_bytes():
    out = git("cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize)",
              text=True).stdout
    sizes = [int(s) for t, s in (line.split() for line in out.splitlines()) if t == "blob"]
    return len(sizes), sum(sizes)


def timed(cmd, shell=False, env=None):
    best = None
    for _ in range(REPEAT):
        t = time.monotonic()
        r = subprocess.run(cmd, shell=shell, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        dt = time.monotonic() - t
        if r.returncode not in (0, 1):
            raise SystemExit(f"{cmd}: exit {r.returncode}: {r.stderr[-500:]}")
        best = dt if best is None else min(best, dt)
    return best, r.stderr


def main():
    vega = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/vega")
    if "--rebuild" in sys.argv:
        shutil.rmtree(DIR, ignore_errors=True)
    build()
    commits = int(git("rev-list", "--all", "--count", text=True).stdout)
    nblobs, nbytes = blob_bytes()
    mb = nbytes / 1e6
    log(f"history: {commits} commits, {nblobs} unique blobs, {mb:.1f} MB of blob content")
    env = dict(os.environ, VEGA_CACHE_DIR=os.path.join(DIR, "cache"), NO_COLOR="1")
    subprocess.run([vega, "scan", "-q", "--no-progress", os.path.join(REPO, "lodash")],
                   env=env, capture_output=True)  # compile and cache the rule database
    subprocess.run(["git", "-C", REPO, "cat-file", "--batch-all-objects", "--batch"],
                   stdout=subprocess.DEVNULL)  # warm the page cache
    floor, _ = timed(["git", "-C", REPO, "cat-file", "--batch-all-objects", "--batch"])
    scan, err = timed([vega, "scan", "--history", "--all-refs", "-q", "--no-progress", "-j",
                       JOBS, "--fail-on", "never", REPO], env=env)
    logp, _ = timed(f"git -C '{REPO}' log -p --all | '{vega}' scan - -q --no-progress -j {JOBS} "
                    f"--fail-on never", shell=True, env=env)
    # Where the time goes: start-up (rule database from the cache, every blob sized from its
    # header and skipped) and the engine's own rate on the tip's files as a directory.
    walk, _ = timed([vega, "scan", "--history", "--all-refs", "-q", "--no-progress",
                     "--max-file-size", "1", REPO], env=env)
    tip_mb = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(REPO)
                 if "/.git" not in d + "/" for f in fs) / 1e6
    tip, _ = timed([vega, "scan", "-q", "--no-progress", "-j", JOBS, "--fail-on", "never",
                    REPO], env=env)
    log(f"  floor  git cat-file --batch-all-objects --batch   {floor:6.2f} s  "
        f"{mb / floor:7.1f} MB/s")
    log(f"  vega   scan --history --all-refs -j{JOBS}              {scan:6.2f} s  "
        f"{mb / scan:7.1f} MB/s  = {floor / scan:.2f}x the floor (target >= 0.50)")
    log(f"  log-p  git log -p --all | vega scan -            {logp:6.2f} s  "
        f"{mb / logp:7.1f} MB/s  (vega --history is {logp / scan:.1f}x faster)")
    log(f"  start-up and walk (every blob skipped)          {walk:6.2f} s")
    log(f"  engine on the tip as a directory ({tip_mb:.1f} MB)       {tip:6.2f} s  "
        f"{tip_mb / max(tip - walk, 0.01):7.1f} MB/s after start-up")
    log("  " + err.strip().splitlines()[-1] if err.strip() else "")


if __name__ == "__main__":
    main()
