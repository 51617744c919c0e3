#!/usr/bin/python3
"""Code-check yardstick labelled by someone else (`make bench`): the rule tests of Bearer's
public rule pack (https://github.com/Bearer/bearer-rules, at the pinned commit below, read
from a local mirror /work/.mirror/Bearer+bearer-rules/repo as the `fetch` tool leaves it, or
a bare `git clone` into bench/.bearer-rules/; nothing of it is committed here).

Each rule has `tests/<lang>/<group>/<rule>/testdata/*.{js,ts,py}`: short files in which the
line after a `bearer:expected <rule>` comment is where Bearer's rule must report, and files
named `ok_*`/`no_*` (or without any such comment) hold the safe near-misses. The files of
the JavaScript/TypeScript and Python rules are copied under bench/.corpus-bearer/ (git-
ignored), `vega scan --format json` runs once in the default mode, and:

- recall: an expected line is found when any vega finding covers it (line_start..line_end),
  whatever vega's rule and family;
- precision (informative): a finding that covers no expected line is counted against it.
  Bearer's tests label only their own rule, so another real issue in the same file counts
  as wrong here; the figure is a floor. Findings in files with no expected line at all are
  listed apart (`in safe files`): those are the near-misses Bearer says are fine.

Rules about privacy and data sharing rather than vulnerabilities (personal data sent to a
logger, a third-party SDK, a cookie, a JWT, a file) are left out; see SKIP.
The labels are Bearer's, so the figures are not shaped by how we wrote our rules, but the
forms are Bearer's test style: short handlers, often with a function parameter as input.

Usage: code_bearer.py VEGA [--show-misses] [--show-fp] [--lang javascript|python]
"""
import collections
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mirror import git_dir  # noqa: E402
from code_corpus import pct, scan_findings  # noqa: E402

REPO = "Bearer/bearer-rules"
COMMIT = "82c335f781a61a6d8b052394f84fd1d93edec467"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", ".corpus-bearer")
CLONE = os.path.join(ROOT, "bench", ".bearer-rules")
LANGS = ("javascript", "python")
# Privacy/data-flow rules (personal data reaching a logger, an SDK, a cookie, a file...),
# not vulnerabilities a security scanner is asked to find.
SKIP = re.compile(r"/third_parties/(?!.*(?:injection|hardcoded_secret))|/lang/(?:logger|"
                  r"logger_leak|file_generation|session|jwt|cookies|exception)/|"
                  r"/google_analytics/|/django/cookies/")
EXPECTED = re.compile(r"^\s*(?://|#)\s*bearer:expected\s+(\S+)")


def log(*a):
    print(*a, flush=True)


def expected_lines(text):
    """{line: bearer rule} for the line after each `bearer:expected` comment (1-based)."""
    lines = text.split("\n")
    out = {}
    for i, line in enumerate(lines):
        m = EXPECTED.match(line)
        if not m:
            continue
        j = i + 1
        while j < len(lines) and EXPECTED.match(lines[j]):
            j += 1
        out[j + 1] = m.group(1)
    return out


def build(gd, langs):
    if os.path.islink(OUT):  # a worktree linked to a shared corpus: write a private one
        os.unlink(OUT)
    shutil.rmtree(OUT, ignore_errors=True)
    names = subprocess.run(["git", "-C", gd, "ls-tree", "-r", "--name-only", COMMIT, "tests"],
                           check=True, capture_output=True, text=True).stdout.split()
    labels = {}
    for n in names:
        parts = n.split("/")
        if (len(parts) < 6 or parts[1] not in langs or parts[4] != "testdata"
                or not n.endswith((".js", ".ts", ".jsx", ".tsx", ".py")) or SKIP.search(n)):
            continue
        text = subprocess.run(["git", "-C", gd, "show", COMMIT + ":" + n], check=True,
                              capture_output=True, text=True).stdout
        rel = "/".join(parts[1:4] + parts[5:])  # python/lang/sql_injection/app.py
        p = os.path.join(OUT, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as fh:
            fh.write(text)
        labels[rel] = expected_lines(text)
    return labels


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    vega = os.path.abspath(sys.argv[1])
    langs = (sys.argv[sys.argv.index("--lang") + 1],) if "--lang" in sys.argv else LANGS
    labels = build(git_dir(REPO, COMMIT, CLONE), langs)
    findings = scan_findings(vega, OUT)
    by_file = collections.defaultdict(list)
    for f in findings:
        by_file[f["file_path"]].append(f)
    rows = collections.defaultdict(lambda: [0, 0, 0, 0, 0])  # labels, found, tp, fp, fp_safe
    for path, exp in sorted(labels.items()):
        lang = path.split("/")[0]
        fs = by_file.get(path, [])
        for line, rule in sorted(exp.items()):
            hit = any(f["line_start"] <= line <= f["line_end"] for f in fs)
            rows[lang][0] += 1
            rows[lang][1] += hit
            if not hit and "--show-misses" in sys.argv:
                log("  miss  %s:%d (%s)" % (path, line, rule))
        for f in fs:
            ok = any(f["line_start"] <= line <= f["line_end"] for line in exp)
            rows[lang][2 if ok else 3] += 1
            if not ok:
                rows[lang][4] += not exp
                if "--show-fp" in sys.argv:
                    log("  fp    %s:%d %s (%s)%s" % (path, f["line_start"], f["rule_id"],
                                                    f["confidence"], "" if exp else " [safe file]"))
    log("Bearer rule tests (%s @ %s): %d files, JS/TS and Python, privacy rules left out"
        % (REPO, COMMIT[:8], len(labels)))
    log("  %-11s %7s %6s %8s %6s %6s %10s %14s" % ("language", "labels", "found", "recall",
                                                  "tp", "fp", "precision", "fp in safe files"))
    tot = [0] * 5
    for lang in langs:
        r = rows[lang]
        tot = [a + b for a, b in zip(tot, r)]
        log("  %-11s %7d %6d %8s %6d %6d %10s %14d" % (lang, r[0], r[1], pct(r[1], r[0]), r[2],
                                                       r[3], pct(r[2], r[2] + r[3]), r[4]))
    log("  %-11s %7d %6d %8s %6d %6d %10s %14d" % ("all", tot[0], tot[1], pct(tot[1], tot[0]),
                                                   tot[2], tot[3], pct(tot[2], tot[2] + tot[3]),
                                                   tot[4]))


if __name__ == "__main__":
    main()
