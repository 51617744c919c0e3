#!/usr/bin/python3
"""Fresh JS/TS yardstick of the code checks (`make bench`): per-family recall and precision on
njsscan's Node test assets, short files in the rule-test style (a sink line whose argument is
request data, a function parameter or a variable of unknown origin, with safe near-misses).

The corpus is rebuilt under bench/.code-corpus-njsscan/ (never committed) from
  njsscan   https://github.com/ajinabraham/njsscan  tests/assets/node_source at the pinned
            commit below: true_positives/semantic_grep/GROUP/FILE -> tp/GROUP/FILE,
            true_negatives/FILE -> tn/FILE
from a local mirror when there is one (/work/.mirror/OWNER+NAME/repo) or else `git clone`
(bench/code_corpus.py's git_dir).

Labels: bench/code-labels-js-njsscan.txt (hand-written, path:line -> family). A label is found
when a finding of its family is on one of its lines; a finding in a judged file on no label
line of its family is a false positive (every true-negative file is judged, so any finding
there counts against precision). Scored through code_corpus.score_labels/print_labels.

Baseline (main at ee51b4a, before any rule changed; 315 labels): recall 0.406 (128), precision
0.908 (128 right, 13 wrong); per family recall/precision injection 0.394/0.945, xss
0.810/0.895, auth 0.348/1.000, crypto 0.500/0.750, config 0.150/0.600.
After session 6 (codejs): recall 0.689 (217), precision 0.944; injection 0.817/0.973, xss
0.857/0.900, auth 0.348/1.000, crypto 0.667/0.800, config 0.600/0.867.
Session 10 (codejs): recall 0.765 -> 0.825 (260), precision 0.942 -> 0.939; auth 0.565 ->
0.725 (keys through options held in variables), config 0.600 -> 0.800 (CORS headers object,
per-route cors()), injection 0.834 -> 0.857 (ReDoS).

Usage: code_js_njsscan.py VEGA [--rebuild] [--show-misses] [--json OUT]
"""
import os, shutil, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import code_corpus  # noqa: E402  (git_dir, scan_findings, score_labels, print_labels)

ROOT = code_corpus.ROOT
CORPUS = os.path.join(ROOT, "bench", ".code-corpus-njsscan")
LABELS = os.path.join(ROOT, "bench", "code-labels-js-njsscan.txt")
REPO, COMMIT = "ajinabraham/njsscan", "b6ade853818a0c2a4fde36a1c5740b663e758ad2"
ASSETS = "tests/assets/node_source/"
LAYOUT = [("true_positives/semantic_grep/", "tp/"), ("true_negatives/", "tn/")]
FAMILIES = ["injection", "xss", "auth", "crypto", "config"]


def build(rebuild):
    """Extract the test assets at the pinned commit under CORPUS (once; --rebuild redoes it)."""
    if os.path.exists(os.path.join(CORPUS, "ready")) and not rebuild:
        return
    shutil.rmtree(CORPUS, ignore_errors=True)
    gd, tmp = code_corpus.git_dir(REPO)
    names = subprocess.run(["git", "--git-dir", gd, "ls-tree", "-r", "--name-only", COMMIT,
                            ASSETS], check=True, capture_output=True, text=True).stdout.split()
    for name in names:
        rel = name[len(ASSETS):]
        for src, dst in LAYOUT:
            if rel.startswith(src) and rel.endswith(".js"):
                out = os.path.join(CORPUS, dst + rel[len(src):])
                os.makedirs(os.path.dirname(out), exist_ok=True)
                with open(out, "wb") as f:
                    f.write(subprocess.run(["git", "--git-dir", gd, "show",
                                            "%s:%s" % (COMMIT, name)], check=True,
                                           capture_output=True).stdout)
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    open(os.path.join(CORPUS, "ready"), "w").close()
    code_corpus.log("corpus: njsscan node_source (%s@%s)" % (REPO, COMMIT[:10]))


def scan(vega):
    out = []
    for f in code_corpus.scan_findings(vega, CORPUS):
        fam = code_corpus.FAMILY.get(f["category"])
        if fam is not None:
            out.append((f["file_path"], f["line_start"], fam, f["rule_id"], f["confidence"],
                        f["line_end"]))
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    build("--rebuild" in sys.argv)
    findings = scan(sys.argv[1])
    code_corpus.report_labels(findings, "JS/TS code checks on njsscan's Node test assets "
                              "(bench/code-labels-js-njsscan.txt):", FAMILIES, LABELS)


if __name__ == "__main__":
    main()
