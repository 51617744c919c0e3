#!/usr/bin/env python3
"""How much of semgrep's public security-rule catalogue (JS/TS/Python) the code checks cover,
family by family, from the hand-kept maps bench/semgrep-coverage-*.tsv (-js, -py, ...).

Each map line: SEMGREP_RULE_ID <TAB> VEGA_RULE_IDS (comma-separated, or -) <TAB> note.
A rule counts as covered when it maps to vega rules that exist (the check fails otherwise);
the proof that a vega rule detects the family is its own examples (`vega rules test`), which
we write ourselves. Rules of the catalogue not in a map are listed as unreviewed.
The catalogue's test files are reserved and never read (see semgrep_catalog.py).

  bench/semgrep_coverage.py build/vega [--lang js|py] [--show-open]
"""
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
INDEX = os.path.join(HERE, ".corpus-semgrep-rules", "index.tsv")
MAPS = sorted(glob.glob(os.path.join(HERE, "semgrep-coverage-*.tsv")))


def lang_of(top):
    return "py" if top == "python" else "js"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    vega = args[0] if args else os.path.join(HERE, "..", "build", "vega")
    only = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv else None
    if not os.path.exists(INDEX):
        subprocess.run([sys.executable, os.path.join(HERE, "semgrep_catalog.py")], check=True,
                       stdout=subprocess.DEVNULL)
    rules = {r["id"] for r in json.loads(subprocess.run(
        [vega, "rules", "list", "--format", "json"], check=True,
        capture_output=True).stdout)}
    catalog = {}
    for line in open(INDEX):
        rid, top, cat, _sub, _conf, path, msg = line.rstrip("\n").split("\t")
        if cat == "security":
            catalog[rid] = (lang_of(top), "/".join(path.split("/")[:2]), msg)
    mapped, bad = {}, []
    for path in MAPS:
        for n, line in enumerate(open(path), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            sid, vids = parts[0], parts[1] if len(parts) > 1 else "-"
            if sid not in catalog:
                bad.append(f"{os.path.basename(path)}:{n}: {sid} is not a security rule of the catalogue")
                continue
            ids = [v for v in vids.split(",") if v and v != "-"]
            for v in ids:
                if v not in rules:
                    bad.append(f"{os.path.basename(path)}:{n}: vega has no rule {v}")
            mapped[sid] = ids
    fam = {}
    for sid, (lang, family, _msg) in catalog.items():
        if only and lang != only:
            continue
        f = fam.setdefault(family, [0, 0, 0])
        f[0] += 1
        if sid in mapped:
            f[1] += 1
            f[2] += bool(mapped[sid])
    tot = [sum(v[i] for v in fam.values()) for i in range(3)]
    print(f"semgrep security rules: {tot[0]}, reviewed {tot[1]}, covered {tot[2]} "
          f"({tot[2] / max(tot[0], 1):.3f})")
    for family, (n, r, c) in sorted(fam.items(), key=lambda kv: -kv[1][0]):
        print(f"  {family:32s} {c:3d}/{n:3d} covered, {n - r:3d} unreviewed")
    if "--show-open" in sys.argv:
        for sid, (lang, family, msg) in sorted(catalog.items(), key=lambda kv: kv[1][1]):
            if (not only or lang == only) and not mapped.get(sid):
                print(f"open  {family:28s} {sid}  {msg[:110]}")
    for b in bad:
        print("ERROR", b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
