#!/usr/bin/python3
"""Planted secrets in a real npm tree, scanned in the default mode (issue 11: 200/200, and at
most 100 other findings, <= 3 high or critical, <= 5 at high confidence).

The tree is bench/.corpus/tree (scan_bench.py builds it from npm packages), linked file by
file (`cp -al`) into bench/.corpus-planted/tree so that only the files that receive a key
are copies. 200 keys of the top-40 providers' shapes (secrets_top40.PROVIDERS: random bodies
from a fixed seed, never a real key, never another scanner's example) are planted where
shipped apps leak them:

  bundle      inside a minified line of a package's existing dist/ or build/ .js file
              (`,apiKey:"..."` spliced after a `;`), the form browsers download
  next        a new .next/static/chunks/*.js, out/ or build/ chunk holding one minified line
  env         a `.env.production` at a package root
  json        a config JSON beside the package's package.json
  source      a line of one of the package's own .js source files (not build output)
  ts/py/yaml  the top-40 bench's source and config forms, written under the package

A key counts as found when a secret finding covers its line in its file. Prints recall per
form and provider, and the findings that are not planted keys, with their severity and
confidence split, as the issue counts them.

Usage: secrets_planted.py VEGA [--show-misses] [--keep]
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import secrets_top40 as top  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "bench", ".corpus", "tree")
OUT = os.path.join(ROOT, "bench", ".corpus-planted")
TREE = os.path.join(OUT, "tree")
N = 200
FORMS = ("bundle", "bundle", "next", "env", "json", "source", "ts", "py", "yaml")


def private_copy(path):
    """Break the hard link before writing a planted file."""
    data = open(path, "rb").read()
    os.unlink(path)
    with open(path, "wb") as fh:
        fh.write(data)
    return data


def package_dirs(tree):
    out = []
    for d, subdirs, files in os.walk(tree):
        if "package.json" in files:
            out.append(d)
        subdirs[:] = [s for s in subdirs if not s.startswith(".")]
    return sorted(out)


def bundle_files(pkg):
    out = []
    for sub in ("dist", "build", "umd", "bundles"):
        base = os.path.join(pkg, sub)
        for d, _, files in os.walk(base):
            for f in files:
                p = os.path.join(d, f)
                if f.endswith(".js") and 5000 < os.path.getsize(p) < 8000000:
                    out.append(p)
    return sorted(out)


def source_files(pkg):
    out = []
    for f in sorted(os.listdir(pkg)):
        p = os.path.join(pkg, f)
        if f.endswith(".js") and os.path.isfile(p) and 2000 < os.path.getsize(p) < 500000:
            out.append(p)
    return out


def plant_bundle(path, key, v, rnd):
    data = private_copy(path)
    text = data.decode("utf-8", "replace")
    semis = [m.end() for m in re.finditer(r";", text)]
    if not semis:
        return None
    at = rnd.choice(semis)
    ins = 'var __cfg={%s:"%s"};' % (key, v)
    with open(path, "w") as fh:
        fh.write(text[:at] + ins + text[at:])
    return text[:at].count("\n") + 1


def provider_key(p):
    return top.camel(p["key"]) if p["key"] != "token" else top.words(p["id"]) + "Token"


def plant(rnd):
    if os.path.islink(OUT):  # a worktree linked to a shared corpus: write a private one
        os.unlink(OUT)
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    subprocess.run(["cp", "-al", SRC, TREE], check=True)
    for stale in ("planted.json",):
        if os.path.exists(os.path.join(TREE, stale)):
            os.unlink(os.path.join(TREE, stale))
    pkgs = package_dirs(TREE)
    bundles = [f for pkg in pkgs for f in bundle_files(pkg)]
    provs = [p for p in top.PROVIDERS if p["kind"] == "token"]
    labels = []
    i = 0
    while len(labels) < N:
        p = provs[i % len(provs)]
        form = FORMS[i % len(FORMS)]
        i += 1
        v = p["mk"]()
        pkg = rnd.choice(pkgs)
        key = provider_key(p)
        if form == "bundle":
            path = rnd.choice(bundles)
            if os.stat(path).st_nlink == 1:
                continue
            ln = plant_bundle(path, key, v, rnd)
            if ln is None:
                continue
        elif form == "next":
            where = rnd.choice((".next/static/chunks", "out/_next/static/chunks", "build/static/js"))
            path = os.path.join(pkg, where, "%d-%s.js" % (i, top.R(top.HEX, 16)))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            filler = ";".join("function n%d(e,t){return e[t]||%d}" % (k, k) for k in range(400))
            with open(path, "w") as fh:
                fh.write('"use strict";(self.webpackChunk=self.webpackChunk||[]).push([[%d],{%d:'
                         'function(e,t,n){%s;const r={%s:"%s",region:"us"};%s}}]);\n'
                         % (i, i, filler, key, v, filler))
            ln = 1
        elif form == "source":
            cands = [f for f in source_files(pkg) if os.stat(f).st_nlink > 1]
            if not cands:
                continue
            path = rnd.choice(cands)
            lines = private_copy(path).split(b"\n")
            at = rnd.randrange(0, len(lines))
            lines.insert(at, ("const %s = '%s';" % (p["env"], v)).encode())
            with open(path, "wb") as fh:
                fh.write(b"\n".join(lines))
            ln = at + 1
        else:
            want = {"env": "env-other", "json": "json", "ts": "ts", "py": "py", "yaml": "yaml"}[form]
            got = [f for f in top.token_forms(p, v) if f[0] == want]
            if not got:
                continue
            _, rel, text = got[0]
            if form == "env":
                rel, text = ".env.production", "NODE_ENV=production\n%s=%s\n" % (p["env"], v)
            path = os.path.join(pkg, rel)
            if os.path.exists(path):
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as fh:
                fh.write(text)
            ln = top.line_of(text, v)
        labels.append({"provider": p["id"], "form": form, "path": os.path.relpath(path, TREE),
                       "line": ln})
    json.dump(labels, open(os.path.join(OUT, "planted.json"), "w"), indent=1)
    return labels


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    vega = os.path.abspath(sys.argv[1])
    if not os.path.isdir(SRC):
        sys.exit("secrets_planted: no bench tree: run bench/scan_bench.py first")
    top.gen.rng = random.Random(2000)
    labels = plant(random.Random(7))
    r = subprocess.run([vega, "scan", "--no-progress", "--format", "json", "--fail-on", "never",
                        "-j", "2", TREE], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("vega scan failed: " + r.stderr[-2000:])
    findings = json.loads(r.stdout)["findings"]
    secret_at = {}
    for f in findings:
        if f.get("category") == "secret":
            for ln in range(f["line_start"], f.get("line_end", f["line_start"]) + 1):
                secret_at[(f["file_path"], ln)] = f
    by_form, by_prov, misses = {}, {}, []
    planted_at = set()
    for lab in labels:
        planted_at.add((lab["path"], lab["line"]))
        hit = (lab["path"], lab["line"]) in secret_at
        for d, k in ((by_form, lab["form"]), (by_prov, lab["provider"])):
            t = d.setdefault(k, [0, 0])
            t[0] += 1
            t[1] += hit
        if not hit:
            misses.append(lab)
    found = len(labels) - len(misses)
    print("planted secrets, default mode (bench/.corpus-planted/tree): %d/%d found" % (found, len(labels)))
    print("by form:     " + "  ".join("%s %d/%d" % (k, v[1], v[0]) for k, v in sorted(by_form.items())))
    print("by provider: " + "  ".join("%s %d/%d" % (k, v[1], v[0]) for k, v in sorted(by_prov.items())
                                      if v[1] < v[0]) + "  (the others: all)")
    # Not counted as other: the keys scan_bench.py planted in the source tree, and anything
    # in a file this script wrote or changed (a planted .env also trips config-dotenv-committed).
    base = os.path.join(os.path.dirname(SRC), "planted.json")
    bench_at = {(p["file"], p["line"]) for p in json.load(open(base))} if os.path.exists(base) else set()
    touched = {lab["path"] for lab in labels}
    other = [f for f in findings if f["file_path"] not in touched
             and (f["file_path"], f["line_start"]) not in bench_at]
    hc = sum(1 for f in other if f["severity"] in ("high", "critical"))
    hconf = sum(1 for f in other if f.get("confidence") == "high")
    print("other findings: %d (%d high or critical, %d at high confidence; issue 11: <= 100, <= 3, <= 5)"
          % (len(other), hc, hconf))
    if "--show-misses" in sys.argv:
        for lab in misses:
            print("  miss %-22s %-7s %s:%d" % (lab["provider"], lab["form"], lab["path"], lab["line"]))
        for f in other:
            if f["severity"] in ("high", "critical") or f.get("confidence") == "high":
                print("  other %-8s %-6s %s %s:%d" % (f["severity"], f.get("confidence"), f["rule_id"],
                                                     f["file_path"], f["line_start"]))
    if "--keep" not in sys.argv:
        shutil.rmtree(OUT, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
