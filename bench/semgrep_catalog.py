#!/usr/bin/env python3
"""Semgrep's public rule catalogue (semgrep/semgrep-rules), rule definitions only: a checklist
of vulnerability families for the code checks.

The catalogue's TEST files (the .js/.ts/.py/... beside each rule) are reserved for the
independent evaluation: this script never reads, lists or extracts them. It reads only the
*.yaml/*.yml rule files under javascript/, typescript/ and python/ at a pinned commit and
writes them, one file per rule, into bench/.corpus-semgrep-rules/ (git-ignored), plus an
index (index.tsv: id, language, category, subcategory, confidence, file, message).

  bench/semgrep_catalog.py            extract and print a per-family count
  bench/semgrep_catalog.py --list     also list every security rule (id and message)
"""
import os
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mirror  # noqa: E402

REPO = "semgrep/semgrep-rules"
COMMIT = "157ae4706"  # resolved to the full hash below
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, ".corpus-semgrep-rules")
LANGS = ("javascript/", "typescript/", "python/")


def git(d, *args):
    return subprocess.run(["git", "--git-dir", d, *args], check=True,
                          capture_output=True).stdout


def main():
    d = mirror.git_dir(REPO, COMMIT, os.path.join(HERE, ".clone-semgrep-rules"))
    full = git(d, "rev-parse", COMMIT).decode().strip()
    names = [n for n in git(d, "ls-tree", "-r", "--name-only", full).decode().splitlines()
             if n.startswith(LANGS) and n.endswith((".yaml", ".yml"))]
    rows = []
    for n in names:
        text = git(d, "show", f"{full}:{n}")
        out = os.path.join(OUT, n)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "wb") as f:
            f.write(text)
        try:
            doc = yaml.safe_load(text) or {}
        except yaml.YAMLError:
            continue
        for r in doc.get("rules") or []:
            meta = r.get("metadata") or {}
            sub = meta.get("subcategory") or []
            rows.append((r.get("id", "?"), n.split("/")[0], meta.get("category", "-"),
                         ",".join(sub) if isinstance(sub, list) else str(sub),
                         str(meta.get("confidence", "-")), n,
                         " ".join(str(r.get("message", "")).split())[:160]))
    with open(os.path.join(OUT, "index.tsv"), "w") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")
    fam = {}
    for r in rows:
        if r[2] != "security":
            continue
        key = "/".join(r[5].split("/")[:2])
        fam[key] = fam.get(key, 0) + 1
    print(f"semgrep-rules @ {full[:12]}: {len(rows)} rules in {len(names)} files, "
          f"{sum(fam.values())} security rules -> {OUT}")
    for k, v in sorted(fam.items(), key=lambda kv: -kv[1]):
        print(f"  {v:4d}  {k}")
    if "--list" in sys.argv:
        for r in rows:
            if r[2] == "security":
                print("\t".join((r[0], r[1], r[4], r[6])))


if __name__ == "__main__":
    main()
