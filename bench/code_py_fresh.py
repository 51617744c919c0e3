#!/usr/bin/python3
"""Fresh Python code-check yardstick (`make bench`): per-family recall and precision of the
Python code checks on two sets of short files nobody tuned the checks on, labelled by hand in
bench/code-labels-py-fresh.txt (what counts as vulnerable, and which files are not judged, is
written at its top).

The corpus is rebuilt under bench/.corpus-py-fresh/ (never committed) from these directories
of public repositories at pinned commits, from the local mirror when there is one
(/work/.mirror/OWNER+NAME/repo) or else with `git clone`:

  bandit/examples  https://github.com/PyCQA/bandit examples/ (one short file per check family,
                   vulnerable and safe forms side by side)
  pyt/examples     https://github.com/python-security/pyt examples/vulnerable_code and
                   examples/vulnerable_code_across_files (Flask taint flows, with sanitised
                   and no-vulnerability variants)

Usage: code_py_fresh.py VEGA [--rebuild] [--show-misses]
"""
import os, shutil, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import code_corpus as cc  # noqa: E402

CORPUS = os.path.join(cc.ROOT, "bench", ".corpus-py-fresh")
LABELS = os.path.join(cc.ROOT, "bench", "code-labels-py-fresh.txt")
SOURCES = [
    ("bandit", "PyCQA/bandit", "92080542688902ad1eb6af74cf16939fad767d29", ["examples"]),
    ("pyt", "python-security/pyt", "f4ec9e127497a7ba7d08d68e8fca8b2f06756679",
     ["examples/vulnerable_code", "examples/vulnerable_code_across_files"]),
]


def build(rebuild):
    if os.path.exists(os.path.join(CORPUS, "ready")) and not rebuild:
        return
    shutil.rmtree(CORPUS, ignore_errors=True)
    for name, repo, commit, paths in SOURCES:
        gd, tmp = cc.git_dir(repo)
        dest = os.path.join(CORPUS, name)
        os.makedirs(dest)
        arch = subprocess.run(["git", "--git-dir", gd, "archive", commit] + paths, check=True,
                              capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", dest], input=arch, check=True)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        cc.log("corpus: %s (%s@%s %s)" % (name, repo, commit[:10], " ".join(paths)))
    open(os.path.join(CORPUS, "ready"), "w").close()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    build("--rebuild" in sys.argv)
    findings = []
    for f in cc.scan_findings(sys.argv[1], CORPUS):
        fam = cc.FAMILY.get(f["category"])
        if fam is not None and f["file_path"].endswith(".py"):
            findings.append((f["file_path"], f["line_start"], fam, f["rule_id"], f["confidence"],
                             f["line_end"]))
    cc.report_labels(findings, "Python code checks on fresh files (bandit and PyT examples, "
                     "bench/code-labels-py-fresh.txt):", cc.FAMILIES, LABELS)


if __name__ == "__main__":
    main()
