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
Warm page cache, the compiled rule database cached; best of BENCH_REPEAT runs, the floor and
vega taking turns (the same load for both), with the CPU seconds (user + system, children
included: vega's git cat-file) and the load average, as the machine may be shared.

Usage: history.py VEGA [--rebuild]   (env: BENCH_HISTORY_PACKAGES, BENCH_HISTORY_VERSIONS,
BENCH_JOBS, BENCH_REPEAT)
"""
import json, os, resource, shutil, subprocess, sys, tarfile, tempfile, time

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


def run(cmd, shell=False, env=None):
    """One run: (wall seconds, CPU seconds of it and its children, stderr)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    r = subprocess.run(cmd, shell=shell, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    dt = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode not in (0, 1):
        raise SystemExit(f"{cmd}: exit {r.returncode}: {r.stderr[-500:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return dt, cpu, r.stderr


def timed(cmd, shell=False, env=None, repeat=None):
    """Best wall and best CPU seconds over the repeats, and the last stderr."""
    walls, cpus, err = [], [], ""
    for _ in range(repeat or REPEAT):
        dt, cpu, err = run(cmd, shell, env)
        walls.append(dt)
        cpus.append(cpu)
    return min(walls), min(cpus), err


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
    floor_cmd = ["git", "-C", REPO, "cat-file", "--batch-all-objects", "--batch"]
    scan_cmd = [vega, "scan", "--history", "--all-refs", "-q", "--no-progress", "-j", JOBS,
                "--fail-on", "never", REPO]
    subprocess.run(floor_cmd, stdout=subprocess.DEVNULL)  # warm the page cache
    load0 = os.getloadavg()[0]
    # The floor and vega take turns, so both see the same load (the machine may be shared);
    # each pair gives a ratio.
    pairs = []
    for _ in range(REPEAT):
        f = run(floor_cmd)
        v = run(scan_cmd, env=env)
        pairs.append((f, v))
    floor, floor_cpu = min(f[0] for f, _ in pairs), min(f[1] for f, _ in pairs)
    scan, scan_cpu = min(v[0] for _, v in pairs), min(v[1] for _, v in pairs)
    ratios = sorted(f[0] / v[0] for f, v in pairs)
    err = pairs[-1][1][2]
    load1 = os.getloadavg()[0]
    logp, logp_cpu, _ = timed(f"git -C '{REPO}' log -p --all | '{vega}' scan - -q --no-progress "
                              f"-j {JOBS} --fail-on never", shell=True, env=env, repeat=1)
    # Where the time goes: start-up (rule database from the cache, every blob sized from its
    # header and skipped) and the engine's own rate on the tip's files as a directory.
    walk, walk_cpu, _ = timed([vega, "scan", "--history", "--all-refs", "-q", "--no-progress",
                               "--max-file-size", "1", REPO], env=env)
    tip_mb = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(REPO)
                 if "/.git" not in d + "/" for f in fs) / 1e6
    tip, tip_cpu, _ = timed([vega, "scan", "-q", "--no-progress", "-j", JOBS, "--fail-on",
                             "never", REPO], env=env)
    log(f"  load average {load0:.1f} -> {load1:.1f} on {os.cpu_count()} CPUs; best of {REPEAT}, "
        "floor and vega in turns; CPU = user + system of the process and its children")
    log(f"  floor  git cat-file --batch-all-objects --batch   {floor:6.2f} s  "
        f"{mb / floor:7.1f} MB/s  CPU {floor_cpu:5.2f} s")
    log(f"  vega   scan --history --all-refs -j{JOBS}              {scan:6.2f} s  "
        f"{mb / scan:7.1f} MB/s  CPU {scan_cpu:5.2f} s  = {floor / scan:.2f}x the floor "
        f"(target >= 0.50; per pair {ratios[0]:.2f}-{ratios[-1]:.2f}x)")
    log(f"  log-p  git log -p --all | vega scan - (once)     {logp:6.2f} s  "
        f"{mb / logp:7.1f} MB/s  CPU {logp_cpu:5.2f} s  (vega --history is "
        f"{logp / scan:.1f}x faster)")
    log(f"  start-up and walk (every blob skipped)          {walk:6.2f} s           "
        f"CPU {walk_cpu:5.2f} s")
    log(f"  engine on the tip as a directory ({tip_mb:.1f} MB)       {tip:6.2f} s  "
        f"{tip_mb / max(tip - walk, 0.01):7.1f} MB/s after start-up")
    log("  " + err.strip().splitlines()[-1] if err.strip() else "")


if __name__ == "__main__":
    main()
