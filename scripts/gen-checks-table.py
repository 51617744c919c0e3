#!/usr/bin/python3
"""Keep the "The checks" tables of docs/checks.md true to rules/code/ and rules/config/.

Rows of rules that are still there keep their hand-written text (the Scope column of a few
rules is written by hand); a rule that is gone loses its row; a new rule gets a row built
from its YAML (category, severity, confidence, languages or paths, tree check or query,
title), and the count line is recomputed. Run from the repository root:

    python3 scripts/gen-checks-table.py          # rewrite docs/checks.md
    python3 scripts/gen-checks-table.py --check  # exit 1 when it is out of date
"""
import glob, os, re, sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "checks.md")
HEAD = "| Rule id | Category | Severity | Confidence | Scope | What |\n|---|---|---|---|---|---|\n"


def scope(r):
    if r.get("languages"):
        s = ", ".join(r["languages"])
    elif r.get("paths"):
        s = ", ".join(r["paths"])
    else:
        s = "any file"
    if r.get("engine") == "tree":
        s += " (tree: `%s`)" % (r["check"] if r.get("check") else "query")
    return s


def row(r):
    title = r["title"].replace("|", "\\|")
    return "| `%s` | %s | %s | %s | %s | %s |\n" % (
        r["id"], r["category"], r["severity"], r["confidence"], scope(r), title)


def main():
    doc = open(DOC).read()
    start = doc.index("## The checks\n")
    old_rows = {}
    for line in doc[start:].splitlines(True):
        m = re.match(r"\| `([^`]+)` \|", line)
        if m:
            old_rows[m.group(1)] = line
    out = ["## The checks\n\n"]
    n_code = n_tree = n_config = 0
    sections = []
    for d in ("code", "config"):
        for path in sorted(glob.glob(os.path.join(ROOT, "rules", d, "*.yaml"))):
            rules = yaml.safe_load(open(path))["rules"]
            rel = os.path.relpath(path, ROOT)
            body = "".join(old_rows.get(r["id"]) or row(r) for r in rules)
            sections.append("### %s\n\n%s%s" % (rel, HEAD, body))
            if d == "code":
                n_code += len(rules)
                n_tree += sum(1 for r in rules if r.get("engine") == "tree")
            else:
                n_config += len(rules)
    out.append("%d checks: %d code checks in rules/code/ (%d of them on syntax trees), "
               "%d configuration checks in rules/config/.\n\n" % (
                   n_code + n_config, n_code, n_tree, n_config))
    out.append("\n".join(sections))
    new = doc[:start] + "".join(out)
    if "--check" in sys.argv:
        sys.exit(0 if new == doc else 1)
    open(DOC, "w").write(new)


if __name__ == "__main__":
    main()
