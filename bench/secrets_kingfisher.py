#!/usr/bin/python3
"""Provider-breadth yardstick (`make bench`): does vega find a token in each format that
Kingfisher's rules describe? Kingfisher (https://github.com/mongodb/kingfisher, Apache-2.0)
ships ~770 rules for ~640 providers; its rule files are read at the pinned commit below from
a local mirror (/work/.mirror/mongodb+kingfisher/repo, as the `fetch` tool leaves it) or a
bare `git clone` into bench/.kingfisher/. Nothing of it is committed here.

Only each rule's `pattern` is used. The rule files' `examples` are reserved for the
independent evaluation and are never read: this script drops them on load. For each rule it
GENERATES text that the pattern matches (random characters in each class, a random branch of
each alternation, a random count inside a narrow repeat's bounds and the least count of a
wide one: `{36,255}` is a 36-character token) in two surroundings:

- style `assign`: the free gaps of the pattern (`.{0,32}`, `(?:.|[\\n\\r]){0,16}`, `.?`)
  become `_` between words and ` = "` before the token (`AIVEN_API_KEY = "..."`), and a
  setting-name alternation takes KEY, TOKEN or SECRET when it offers one,
- style `yaml`: the gaps become `-` between words and `: ` before the token
  (`aiven-secret: ...`), the alternation a random alternative,

writes each to its own file under bench/.corpus-kingfisher/ (git-ignored), runs
`vega scan --format json` once in the default mode, and counts a sample found when a secret
finding lies on one of its lines. A rule is found when either sample is. Random tokens
fail provider checksums (GitHub, npm): vega keeps those at low confidence, so they count.
Patterns Python's `re` cannot parse (Hyperscan-only syntax) are counted apart.

Usage: secrets_kingfisher.py VEGA [--show-misses] [--rule SUBSTR] [--json OUT]
"""
import json
import os
import random
import re
import re._constants as C
import re._parser as P
import shutil
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mirror import git_dir  # noqa: E402
from secrets_gitleaks import class_chars  # noqa: E402
from secrets_trufflehog import secret_findings_by_file  # noqa: E402

REPO = "mongodb/kingfisher"
COMMIT = "ee7c0db3ef87575768f817820c24736249ffcdef"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", ".corpus-kingfisher")
CLONE = os.path.join(ROOT, "bench", ".kingfisher")
PRINTABLE = [chr(c) for c in range(33, 127)]


def log(*a):
    print(*a, flush=True)


def rules(gd, only=None):
    """(id, name, pattern) of every rule; examples are dropped unread."""
    names = subprocess.run(["git", "-C", gd, "ls-tree", "-r", "--name-only", COMMIT,
                            "data/rules"], check=True, capture_output=True, text=True).stdout
    out = []
    for n in names.split():
        if not n.endswith((".yml", ".yaml")):
            continue
        text = subprocess.run(["git", "-C", gd, "show", COMMIT + ":" + n], check=True,
                              capture_output=True, text=True).stdout
        for r in (yaml.safe_load(text) or {}).get("rules", []):
            r.pop("examples", None)
            r.pop("negative_examples", None)
            if only and only not in r["id"]:
                continue
            out.append((r["id"], r.get("name", ""), r["pattern"]))
    return out


# ------------------------------------------------------------- text from a regex

def is_gap(sub):
    """A repeat body that admits (nearly) any character: `.`, `(?:.|[\\n\\r])`, `[^\\n]`."""
    if len(sub) != 1:
        return False
    op, av = sub[0]
    if op is C.ANY:
        return True
    if op is C.IN:
        return len(class_chars(av)) >= 88  # all printable but a few (`[^\n]`, `[^\s]`)
    if op is C.SUBPATTERN:
        return is_gap(av[3])
    if op is C.BRANCH:
        return any(is_gap(b) for b in av[1])
    return False


def is_space(sub):
    return len(sub) == 1 and sub[0][0] is C.IN and class_chars(sub[0][1]) in ([" "], ["\t", " "])


def starts_wordy(seq, i):
    """Does what follows position i begin with a literal word (a keyword), not a token?"""
    for op, av in list(seq)[i + 1:]:
        if op is C.AT:
            continue
        if op is C.LITERAL:
            return chr(av).isalpha()
        if op is C.SUBPATTERN:
            if av[0] is not None:  # a capture group: the token
                return False
            return starts_wordy(av[3], -1)
        if op is C.BRANCH:
            return all(starts_wordy(b, -1) for b in av[1])
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            if av[0] == 0:
                continue
            return starts_wordy(av[2], -1)
        return False
    return False


class Gen:
    def __init__(self, rng, style):
        self.rng, self.style, self.groups = rng, style, {}
        self.in_gap = False  # the text so far ends in a gap's filler (and spaces)

    def filler(self, lo, hi, wordy):
        if self.in_gap:  # `.{0,2} \s{0,20} .{0,2}`: one separator, not three
            return "_" * lo
        self.in_gap = True
        if self.style == "assign":
            f = "_" if wordy else ' = "'
        else:
            f = "-" if wordy else ": "
        while len(f) > hi:
            f = f[1:] if f.startswith(" ") else f[:-1]
        return f + "_" * max(0, lo - len(f))

    def branch(self, alts):
        """A random alternative; in the `assign` style a setting-name word first
        (`(?:SECRET|PRIVATE|ACCESS|KEY|TOKEN)`: KEY, TOKEN or SECRET, as settings are named)."""
        if self.style == "assign":
            words = [a for a in alts if self.seq_is_word(a, ("KEY", "TOKEN", "SECRET"))]
            if words:
                return self.rng.choice(words)
        return self.rng.choice(alts)

    @staticmethod
    def seq_is_word(seq, words):
        items = list(seq)
        if not items or any(op is not C.LITERAL for op, _ in items):
            return False
        return "".join(chr(av) for _, av in items).upper() in words

    def seq(self, seq):
        out = []
        items = list(seq)
        for i, (op, av) in enumerate(items):
            if op not in (C.AT, C.ASSERT, C.ASSERT_NOT, C.MAX_REPEAT, C.MIN_REPEAT):
                self.in_gap = False
            if op is C.LITERAL:
                out.append(chr(av))
            elif op is C.NOT_LITERAL:
                out.append(self.rng.choice([c for c in PRINTABLE if ord(c) != av and c.isalnum()]))
            elif op is C.ANY:
                out.append("_" if starts_wordy(items, i) else "=")
            elif op is C.IN:
                out.append(self.rng.choice(class_chars(av) or ["a"]))
            elif op is C.BRANCH:
                out.append(self.seq(self.branch(av[1])))
            elif op is C.SUBPATTERN:
                text = self.seq(av[3])
                if av[0] is not None:
                    self.groups[av[0]] = text
                out.append(text)
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
                lo, hi, sub = av
                hi = lo + 8 if hi is C.MAXREPEAT else hi
                if is_gap(sub):
                    out.append(self.filler(lo, hi, starts_wordy(items, i)))
                elif is_space(sub):
                    out.append(" " * lo)
                else:
                    self.in_gap = False
                    # a token's canonical length: `{36,255}` is written with 36
                    n = self.rng.randint(lo, hi) if hi - lo <= 16 else lo
                    out.append("".join(self.seq(sub) for _ in range(n)))
            elif op is C.GROUPREF:
                out.append(self.groups.get(av, ""))
            elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
                continue
            else:
                raise ValueError("unsupported %s" % op)
        return "".join(out)


def samples(pattern, seed):
    """{style: text} that the pattern matches (checked with Python's re; up to 20 tries)."""
    tree = P.parse(pattern, 0)
    rx = re.compile(pattern)
    out = {}
    for style in ("assign", "yaml"):
        for attempt in range(20):
            g = Gen(random.Random("%s/%s/%d" % (seed, style, attempt)), style)
            text = g.seq(tree)
            if style == "assign" and text.count('"') % 2:
                text += '"'
            if rx.search(text):
                out[style] = text
                break
    if not out:
        raise ValueError("no generated text matches")
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    vega = os.path.abspath(sys.argv[1])
    only = sys.argv[sys.argv.index("--rule") + 1] if "--rule" in sys.argv else None
    rs = rules(git_dir(REPO, COMMIT, CLONE), only)
    if os.path.islink(OUT):  # a worktree linked to a shared corpus: write a private one
        os.unlink(OUT)
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    labels, unparsed = [], []
    for rid, name, pattern in rs:
        try:
            s = samples(pattern, rid)
        except (re.error, ValueError, RecursionError, OverflowError) as e:
            unparsed.append((rid, str(e)))
            continue
        for style, text in s.items():
            rel = "%s/%s.txt" % (rid, style)
            os.makedirs(os.path.join(OUT, rid), exist_ok=True)
            with open(os.path.join(OUT, rel), "w") as fh:
                fh.write(text + "\n")
            labels.append({"rule": rid, "name": name, "style": style, "path": rel,
                           "lines": text.count("\n") + 1})
    by_file = secret_findings_by_file(vega, OUT)
    per = {}
    for lab in labels:
        fs = by_file.get(lab["path"], [])
        lab["found"] = bool(fs)
        lab["rules"] = sorted({f["rule_id"] for f in fs})
        per.setdefault(lab["rule"], []).append(lab)
    found = [r for r, labs in per.items() if any(lb["found"] for lb in labs)]
    styles = {st: sum(lb["found"] for lb in labels if lb["style"] == st) for st in ("assign", "yaml")}
    n = len(per)
    log("Kingfisher rule formats (%s @ %s): %d rules, %d not generated (syntax Python's re "
        "lacks)" % (REPO, COMMIT[:8], len(rs), len(unparsed)))
    log("  rules found (either style): %d/%d = %.3f" % (len(found), n, len(found) / n if n else 0))
    for st, k in styles.items():
        log("  style %-6s: %d/%d = %.3f" % (st, k, n, k / n if n else 0))
    if "--show-misses" in sys.argv:
        for r, labs in sorted(per.items()):
            if not any(lb["found"] for lb in labs):
                log("  miss %-40s %s" % (r, labs[0]["name"]))
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as fh:
            json.dump({"labels": labels, "unparsed": unparsed}, fh, indent=1)


if __name__ == "__main__":
    main()
