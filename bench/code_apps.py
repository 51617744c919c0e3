#!/usr/bin/env python3
"""Real applications nobody wrote for us: how many findings, and which at high confidence.

The labelled yardsticks measure recall and precision on code written to be vulnerable; the
npm noise trees measure libraries. Founders scan applications: Express, Koa, Next.js, Flask
and FastAPI apps written the ordinary way. This scans seven public ones at pinned commits
(from the local mirror the `fetch` tool leaves, else a blob-less clone) and lists every
high-confidence or high-severity finding, with the verdict we gave it by hand where we
read it (true / debatable / wrong; `?` not read yet). Session 18 found three classes here
that no yardstick showed (FastAPI routes returning JSON, the flask-login `next` check,
record loaders), each a cluster of wrong high-confidence findings.

  bench/code_apps.py build/vega [--all]     (--all lists every finding, not only the high ones)
"""
import collections
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mirror  # noqa: E402

CORPUS = os.path.join(HERE, ".corpus-apps")
APPS = [  # repository, commit
    ("sahat/hackathon-starter", "dbcac7a7b159bf6b8e93eb071a6f066c0b0ab6c8"),
    ("gothinkster/node-express-realworld-example-app", "30b68e1e881462b2f4164ea09ab4c4f5699c7b0b"),
    ("miguelgrinberg/microblog", "a975ef64864354867c88e0ed3a17ba7d17dca752"),
    ("fastapi/full-stack-fastapi-template", "68adb40d37425f6f8668ec7e5a054500d045e43e"),
    ("outline/outline", "d77dcdf853868c5d5fe125c895c9b71f0eff5c68"),
    ("shadcn-ui/taxonomy", "651f984e52edd65d40ccd55e299c1baeea3ff017"),
    ("documenso/documenso", "75330166cc00b29c14399bc2e391e4b4d8080c00"),
]
# Hand verdicts: (repository-relative path, line, rule) -> verdict, with the reason.
VERDICTS = {
    ("sahat+hackathon-starter/config/nodemailer.js", 28, "js-tls-reject-unauthorized-false"):
        "true",  # retries without verification after a self-signed certificate error
    ("outline+outline/server/storage/database.ts", 160, "js-tls-reject-unauthorized-false"):
        "debatable",  # only when the operator sets sslmode without a CA
    ("outline+outline/server/storage/redis.ts", 37, "js-tls-reject-unauthorized-false"):
        "debatable",
    ("outline+outline/server/config/database.js", 19, "js-tls-reject-unauthorized-false"):
        "debatable",
    ("outline+outline/server/emails/mailer.tsx", 322, "js-tls-reject-unauthorized-false"):
        "debatable",
    ("outline+outline/plugins/passkeys/server/auth/passkeys.ts", 253,
     "js-open-redirect-request-data"):
        "wrong",  # the same-file arrow helper returns a fixed path (not summarised)
    ("fastapi+full-stack-fastapi-template/backend/app/api/routes/login.py", 121,
     "py-flask-reflected-request-data"):
        "debatable",  # superuser-only; the e-mail address reaches a rendered template
    ("fastapi+full-stack-fastapi-template/backend/app/crud.py", 42, "password-hash-argon2"):
        "wrong",  # DUMMY_HASH for constant-time login: a hash of a random password
}


def export(gd, commit, out):
    """The files of `commit` into `out` (a snapshot may lack its largest blobs: skipped)."""
    ls = subprocess.run(["git", "-C", gd, "ls-tree", "-r", "-z", commit], check=True,
                        capture_output=True).stdout.split(b"\0")
    blobs = []
    for row in ls:
        if not row:
            continue
        meta, path = row.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob" and mode != b"120000":
            blobs.append((sha, path.decode("utf-8", "replace")))
    cat = subprocess.run(["git", "-C", gd, "cat-file", "--batch"], check=True,
                         input=b"".join(sha + b"\n" for sha, _ in blobs),
                         capture_output=True).stdout
    at = 0
    for sha, path in blobs:
        nl = cat.index(b"\n", at)
        head = cat[at:nl].split()
        at = nl + 1
        if head[-1] == b"missing":
            continue
        size = int(head[2])
        dest = os.path.join(out, path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as fh:
            fh.write(cat[at:at + size])
        at += size + 1


def build():
    os.makedirs(CORPUS, exist_ok=True)
    for repo, commit in APPS:
        out = os.path.join(CORPUS, repo.replace("/", "+"))
        stamp = os.path.join(out, ".commit")
        if os.path.exists(stamp) and open(stamp).read().strip() == commit:
            continue
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        gd = mirror.git_dir(repo, commit, os.path.join(CORPUS, ".git-" + repo.replace("/", "+")))
        export(gd, commit, out)
        with open(stamp, "w") as fh:
            fh.write(commit + "\n")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    vega = args[0] if args else os.path.join(HERE, "..", "build", "vega")
    build()
    roots = [os.path.join(CORPUS, r.replace("/", "+")) for r, _ in APPS]
    p = subprocess.run([vega, "scan", "--format", "json", "--fail-on", "never", "--no-progress",
                        "-j", "2", CORPUS], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit("vega scan failed: " + p.stderr)
    fs = [f for f in json.loads(p.stdout)["findings"] if f["category"] != "dependency"]
    sev = collections.Counter(f["severity"] for f in fs)
    conf = collections.Counter(f["confidence"] for f in fs)
    print("real applications (%d, bench/.corpus-apps): %d findings; high or critical %d; "
          "high confidence %d" % (len(roots), len(fs), sev["critical"] + sev["high"],
                                  conf["high"]))
    verdicts = collections.Counter()
    for f in sorted(fs, key=lambda f: (f["file_path"], f["line_start"])):
        hi = f["confidence"] == "high" or f["severity"] in ("high", "critical")
        if not hi and "--all" not in sys.argv:
            continue
        v = VERDICTS.get((f["file_path"], f["line_start"], f["rule_id"]), "?")
        if f["confidence"] == "high":
            verdicts[v] += 1
        print("  %-9s %-36s %-8s %-6s %s:%d" % (v, f["rule_id"], f["severity"], f["confidence"],
                                              f["file_path"], f["line_start"]))
    print("high-confidence verdicts: " + ", ".join("%s %d" % kv for kv in sorted(verdicts.items())))


if __name__ == "__main__":
    main()
