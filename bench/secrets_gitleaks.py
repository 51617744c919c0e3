#!/usr/bin/python3
"""Provider-breadth yardstick (`make bench`): recall of `vega scan` on tokens generated from
another scanner's public rule list, so the formats are not ones we wrote ourselves.

Source: gitleaks' default configuration (https://github.com/gitleaks/gitleaks, MIT,
config/gitleaks.toml at the pinned commit below), read from a local mirror
(/work/.mirror/gitleaks+gitleaks/repo, as the `fetch` tool leaves it) or `git clone`d into
bench/.gitleaks/. Nothing of it is committed here: only its regular expressions are read, and
for each rule this script generates random strings the expression matches (the rule's secret
group random within its classes and lengths, the context around it at its shortest), keeps
those that meet the rule's own entropy floor, and writes each as one line of an env file under
bench/.corpus-gitleaks/. A sample is found when `vega scan --format json` (default mode)
reports a secret finding on its line.

It measures breadth (which providers and forms have a rule), not precision: the strings are
random, so the false-positive side is measured elsewhere (secrets_recall.py, the noise
benchmark).

Usage: secrets_gitleaks.py VEGA [--per-rule N] [--show-misses] [--json OUT]
"""
import json
import math
import os
import random
import re
import re._constants as C
import re._parser as P
import shutil
import subprocess
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", ".corpus-gitleaks")
CLONE = os.path.join(ROOT, "bench", ".gitleaks")
MIRROR = os.environ.get("VEGA_MIRROR_DIR", "/work/.mirror")
REPO, COMMIT = "gitleaks/gitleaks", "b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b"
PRINTABLE = [chr(c) for c in range(32, 127)]
ALNUM = [c for c in PRINTABLE if c.isalnum()]
# Outside the secret, a class yields the first of these it holds (a readable separator).
PREFER = [" ", "=", '"', "'", ":", "-", "_"]


def log(*a):
    print(*a, flush=True)


def config_text():
    mirror = os.path.join(MIRROR, REPO.replace("/", "+"), "repo")
    for git_dir in (mirror, CLONE):
        if os.path.isdir(git_dir):
            r = subprocess.run(["git", "-C", git_dir, "show", COMMIT + ":config/gitleaks.toml"],
                               capture_output=True, text=True)
            if r.returncode == 0:
                return r.stdout
    shutil.rmtree(CLONE, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", "--filter=blob:none", "https://github.com/" + REPO,
                    CLONE], check=True)
    return subprocess.run(["git", "-C", CLONE, "show", COMMIT + ":config/gitleaks.toml"],
                          check=True, capture_output=True, text=True).stdout


def python_regex(go):
    """Go RE2 -> Python re: a flag group inside the pattern applies to the rest of it in Go;
    Python wants it first (generation only needs the classes, so it is hoisted)."""
    flags = 0
    if re.search(r"\(\?i\)", go[1:]) or go.startswith("(?i)"):
        flags = re.I
        go = go.replace("(?i)", "")
    go = go.replace(r"\z", r"\Z")
    return re.compile(go, flags)


def category_chars(cat):
    return {
        C.CATEGORY_DIGIT: [c for c in PRINTABLE if c.isdigit()],
        C.CATEGORY_NOT_DIGIT: [c for c in PRINTABLE if not c.isdigit()],
        C.CATEGORY_WORD: ALNUM + ["_"],
        C.CATEGORY_NOT_WORD: [c for c in PRINTABLE if not (c.isalnum() or c == "_")],
        C.CATEGORY_SPACE: [" "],
        C.CATEGORY_NOT_SPACE: [c for c in PRINTABLE if c != " "],
    }.get(cat, ALNUM)


def class_chars(items):
    chars, negate = set(), False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is C.CATEGORY:
            chars.update(category_chars(av))
    if negate:
        chars = set(PRINTABLE) - chars
    return sorted(c for c in chars if c in PRINTABLE or c == "\t")


class Gen:
    def __init__(self, secret_group, rnd):
        self.secret_group = secret_group
        self.rnd = rnd
        self.groups = {}

    def pick(self, chars, secret):
        if not chars:
            return ""
        if secret:
            return self.rnd.choice(chars)
        for c in PREFER:
            if c in chars:
                return c
        return chars[0]

    def seq(self, nodes, secret):
        return "".join(self.node(op, av, secret) for op, av in nodes)

    def node(self, op, av, secret):
        if op is C.LITERAL:
            return chr(av)
        if op is C.NOT_LITERAL:
            return self.pick([c for c in ALNUM if c != chr(av)], secret)
        if op is C.ANY:
            return self.pick(ALNUM, secret)
        if op is C.IN:
            return self.pick(class_chars(av), secret)
        if op is C.CATEGORY:
            return self.pick(category_chars(av), secret)
        if op is C.BRANCH:
            alts = av[1]
            if secret:
                return self.seq(self.rnd.choice(alts), secret)
            return min((self.seq(a, secret) for a in alts), key=len)
        if op is C.SUBPATTERN:
            gid, _, _, sub = av
            inner = secret or (gid is not None and gid == self.secret_group)
            text = self.seq(sub, inner)
            if gid is not None:
                self.groups[gid] = text
            return text
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            n = lo
            if secret:
                top = min(hi, max(lo, 64))
                n = self.rnd.randint(lo, top)
            return "".join(self.seq(sub, secret) for _ in range(n))
        if op is C.GROUPREF:
            return self.groups.get(av, "")
        if op is C.ATOMIC_GROUP:
            return self.seq(av, secret)
        return ""  # AT, ASSERT, ASSERT_NOT: no text


def entropy(s):
    if not s:
        return 0.0
    n = len(s)
    return -sum(k / n * math.log2(k / n) for k in (s.count(c) for c in set(s)))


def samples(rule, count, rnd):
    """Up to count distinct lines that the rule's regex matches, each with its secret group
    at the rule's entropy floor. [] when the expression cannot be generated here."""
    try:
        rx = python_regex(rule["regex"])
        tree = P.parse(rx.pattern, rx.flags)
    except (re.error, RecursionError):
        return []
    group = rule.get("secretGroup") or (1 if rx.groups >= 1 else 0)
    floor = float(rule.get("entropy", 0))
    out = []
    for _ in range(count * 40):
        g = Gen(group, rnd)
        text = g.seq(list(tree), group == 0)
        secret = g.groups.get(group, text) if group else text
        if "\n" in text or "\r" in text or entropy(secret) < floor:
            continue
        m = rx.search(text)
        if m is None or text in out:
            continue
        out.append(text)
        if len(out) == count:
            break
    return out




def env_name(rule_id):
    """The variable a founder would name: stripe-access-token -> STRIPE_ACCESS_TOKEN."""
    return rule_id.upper().replace("-", "_").replace(".", "_")


def secret_of(rule, line):
    rx = python_regex(rule["regex"])
    m = rx.search(line)
    group = rule.get("secretGroup") or 1
    return m.group(group) if m and m.group(group) else line


def build(rules, per_rule):
    if os.path.islink(OUT):  # a worktree linked to a shared corpus: write a private one
        os.unlink(OUT)
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    rnd = random.Random(20261206)
    labels, skipped = [], []
    for rule in rules:
        if "regex" not in rule:
            skipped.append(rule["id"])
            continue
        lines = samples(rule, per_rule, rnd)
        if not lines:
            skipped.append(rule["id"])
            continue
        if rule.get("secretGroup") or python_regex(rule["regex"]).groups >= 1:
            # The context as code holds it: PROVIDER_KIND="secret" (gitleaks' own context is
            # written at its shortest, "provider=secret", which few people write).
            lines = [f'{env_name(rule["id"])}="{secret_of(rule, line)}"' for line in lines]
        for i, line in enumerate(lines):
            rel = os.path.join("config", f"{rule['id']}-{i}.env")
            os.makedirs(os.path.join(OUT, "config"), exist_ok=True)
            with open(os.path.join(OUT, rel), "w") as fh:
                fh.write("# deploy settings\n" + line + "\n")
            labels.append({"rule": rule["id"], "path": rel, "line": 2, "text": line})
    return labels, skipped


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    vega = sys.argv[1]
    per_rule = int(sys.argv[sys.argv.index("--per-rule") + 1]) if "--per-rule" in sys.argv else 3
    rules = tomllib.loads(config_text())["rules"]
    labels, skipped = build(rules, per_rule)
    r = subprocess.run([vega, "scan", "--format", "json", OUT], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit("vega scan failed: " + r.stderr[-2000:])
    found = {(f["file_path"], f["line_start"]) for f in json.loads(r.stdout)["findings"]
             if f.get("category") == "secret"}
    per = {}
    for lab in labels:
        hit = (lab["path"], lab["line"]) in found
        per.setdefault(lab["rule"], []).append(hit)
        lab["found"] = hit
    n_found = sum(lab["found"] for lab in labels)
    rules_hit = sum(all(v) for v in per.values())
    log("gitleaks formats (%s @ %s): %d rules generated, %d not generable here"
        % (REPO, COMMIT[:8], len(per), len(skipped)))
    log("samples found %d/%d (recall %.3f); rules with every sample found %d/%d (%.3f)"
        % (n_found, len(labels), n_found / max(1, len(labels)), rules_hit, len(per),
           rules_hit / max(1, len(per))))
    misses = sorted(rid for rid, v in per.items() if not all(v))
    if "--show-misses" in sys.argv:
        for lab in labels:
            if not lab["found"]:
                log("  miss %-40s %s" % (lab["rule"], lab["text"][:160]))
    else:
        log("rules missed (some or all samples): " + " ".join(misses))
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as fh:
            json.dump({"labels": labels, "skipped": skipped}, fh, indent=1)


if __name__ == "__main__":
    main()
