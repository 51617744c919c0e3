#!/usr/bin/python3
"""Yardstick of the non-flow code checks (`make bench`): per-family recall and precision of the
auth, crypto, config and template/framework XSS query rules on a second development corpus of
public, deliberately vulnerable applications.

The corpus is rebuilt under bench/.code-corpus-rules/ (never committed) from these repositories
at pinned commits, from a local mirror when there is one (/work/.mirror/OWNER+NAME/repo, as
the `fetch` tool leaves it) or else with `git clone` (bench/code_corpus.py's git_dir):

  nodejs-goof    https://github.com/snyk-labs/nodejs-goof (Express, EJS, Mongoose)
  vulnerable-node https://github.com/cr0hn/vulnerable-node (Express, EJS)
  dvws-node      https://github.com/snoopysecurity/dvws-node (Express, JWT, GraphQL)
  vampi          https://github.com/erev0s/VAmPI (Flask, JWT)
  dvga           https://github.com/dolevf/Damn-Vulnerable-GraphQL-Application (Flask, Graphene)
  vulpy          https://github.com/fportantier/vulpy (Flask; bad/ and good/ variants)
  django-nv      https://github.com/nVisium/django.nV (Django)
  badguys        https://github.com/mpirnat/lets-be-bad-guys (Django)

Labels: bench/code-labels-rules.txt (path:line -> family, written by reading the files, for
the families auth, crypto, config and xss only). A label is found when a finding of its family
is on one of its lines; a finding of one of these families in a judged file on no label line
of its family is a false positive. Code files and templates (.html, .ejs, .hbs, .pug, ...) are
scored; injection findings are not (bench/code_corpus.py scores those).

Usage: code_rules_corpus.py VEGA [--rebuild] [--show-misses] [--json OUT]
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import code_corpus  # noqa: E402  (build, load_labels, scan_findings, score_labels, print_labels)

ROOT = code_corpus.ROOT
CORPUS = os.path.join(ROOT, "bench", ".code-corpus-rules")
LABELS = os.path.join(ROOT, "bench", "code-labels-rules.txt")
SOURCES = [
    ("nodejs-goof", "snyk-labs/nodejs-goof", "add14ba59e98240d9e00a235dd7d42cd61ae9912"),
    ("vulnerable-node", "cr0hn/vulnerable-node", "4e2058201e4443026c11de1799d1e2f2e37f9f9b"),
    ("dvws-node", "snoopysecurity/dvws-node", "a7385b855dce7a4da135f5949df96059b76aaba6"),
    ("vampi", "erev0s/VAmPI", "1713b54b601ad29582581eeda4b31fceb1319874"),
    ("dvga", "dolevf/Damn-Vulnerable-GraphQL-Application",
     "a961308c02d1fb462b192681c336b0739e432da7"),
    ("vulpy", "fportantier/vulpy", "5249cc8b05a1c37f6b2f757b1cf16a509c327122"),
    ("django-nv", "nVisium/django.nV", "a48901f106da4888417339b7b44b8ed56b64c63f"),
    ("badguys", "mpirnat/lets-be-bad-guys", "7cbf11014bfc6dc9e199dc0b8a64e4597bc2338f"),
]
FAMILIES = ["auth", "crypto", "config", "xss"]
FAMILY = {"xss": "xss", "auth": "auth", "crypto": "crypto", "config": "config"}


def flow_rules():
    """Ids of the taint-pass rules (rules/code/tree-*.yaml): flows are scored by
    bench/code_corpus.py, not here."""
    ids = set()
    d = os.path.join(ROOT, "rules", "code")
    for name in os.listdir(d):
        if name.startswith("tree-") and name.endswith(".yaml"):
            for line in open(os.path.join(d, name)):
                if line.startswith("  - id: "):
                    ids.add(line.split(":", 1)[1].strip())
    return ids


def scan(vega):
    out, skip = [], flow_rules()
    for f in code_corpus.scan_findings(vega, CORPUS):
        fam = FAMILY.get(f["category"])
        if fam is not None and f["rule_id"] not in skip:
            out.append((f["file_path"], f["line_start"], fam, f["rule_id"], f["confidence"],
                        f["line_end"]))
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    code_corpus.build("--rebuild" in sys.argv, CORPUS, SOURCES)
    findings = scan(sys.argv[1])
    code_corpus.report_labels(findings, "non-flow code checks on the hand-labelled corpus "
                              "(bench/code-labels-rules.txt):", FAMILIES, LABELS)


if __name__ == "__main__":
    main()
