#!/usr/bin/python3
"""Provider-breadth yardstick (`make bench`): recall of `vega scan` on the inputs of
TruffleHog's detector unit tests, so the formats and the text around them are not ours.

Source: TruffleHog (https://github.com/trufflesecurity/trufflehog, AGPL-3.0) at the pinned
commit below, read from a local mirror (/work/.mirror/trufflesecurity+trufflehog/repo, as the
`fetch` tool leaves it) or `git clone`d into bench/.trufflehog/. Nothing of it is committed
here. Each detector's `pkg/detectors/<name>/*_test.go` (not `*_integration_test.go`) has
`Test*_Pattern` functions with a table of cases `{name, input, want}`; this script evaluates
the small part of Go those tables use (string literals, constants, `+`, `fmt.Sprintf`,
`strings.Repeat`/`Join`), writes each case's input to its own file under
bench/.corpus-trufflehog/ (never committed), runs `vega scan --format json` once in the
default mode and scores:

- a case whose `want` is not empty is a positive: found when a secret finding lies on a
  line that holds one of the wanted strings (or, when TruffleHog's wanted string is a
  composite such as `id:secret` that the input does not hold as is, on a line of one of its
  parts);
- a case whose `want` is nil or empty is a negative: a false positive when any secret
  finding lands in its file. Many of TruffleHog's "invalid" cases are near-miss formats (one
  character too short, a wrong prefix) that a real leak scanner may well report, so this
  figure informs and does not gate.

Usage: secrets_trufflehog.py VEGA [--show-misses] [--show-fp] [--detector SUBSTR]
                                  [--per-detector] [--json OUT]
"""
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mirror import git_dir  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", ".corpus-trufflehog")
CLONE = os.path.join(ROOT, "bench", ".trufflehog")
REPO, COMMIT = "trufflesecurity/trufflehog", "3ab759fef4bb5935d4fe9ac68b503d05346b8364"


def log(*a):
    print(*a, flush=True)


# ---------------------------------------------------------------- the git source

def test_files(gd):
    names = subprocess.run(["git", "-C", gd, "ls-tree", "-r", "--name-only", COMMIT,
                            "pkg/detectors"], check=True, capture_output=True,
                           text=True).stdout.split()
    return [n for n in names if n.endswith("_test.go") and not n.endswith("_integration_test.go")]


def read_all(gd, paths):
    """path -> text of every file, in one `git cat-file --batch`."""
    inp = "".join("%s:%s\n" % (COMMIT, p) for p in paths).encode()
    raw = subprocess.run(["git", "-C", gd, "cat-file", "--batch"], input=inp, check=True,
                         capture_output=True).stdout
    out, pos = {}, 0
    for p in paths:
        nl = raw.index(b"\n", pos)
        size = int(raw[pos:nl].split()[2])
        out[p] = raw[nl + 1:nl + 1 + size].decode("utf-8", "replace")
        pos = nl + 1 + size + 1
    return out


# ---------------------------------------------------------------- a little Go

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<raw>`[^`]*`)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<chr>'(?:[^'\\\n]|\\.)*')
  | (?P<num>\d+)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>:=|\.\.\.|[-+*/%=:,;.(){}\[\]<>!&|^])
""", re.X | re.S)

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a",
           "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def unquote(s):
    out, i = [], 1
    while i < len(s) - 1:
        c = s[i]
        if c == "\\" and i + 1 < len(s) - 1:
            n = s[i + 1]
            if n == "x":
                out.append(chr(int(s[i + 2:i + 4], 16)))
                i += 4
                continue
            if n == "u":
                out.append(chr(int(s[i + 2:i + 6], 16)))
                i += 6
                continue
            out.append(ESCAPES.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def tokenize(src):
    toks = []
    for m in TOKEN.finditer(src):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        text = m.group()
        if kind == "raw":
            toks.append(("str", text[1:-1].replace("\r", "")))
        elif kind == "str":
            toks.append(("str", unquote(text)))
        elif kind == "chr":
            toks.append(("chr", text))
        else:
            toks.append((kind, text))
    return toks


class Unknown(Exception):
    pass


def sprintf(fmt, args):
    out, ai, i = [], 0, 0
    while i < len(fmt):
        c = fmt[i]
        if c != "%":
            out.append(c)
            i += 1
            continue
        m = re.match(r"%([-+# 0]*\d*(?:\.\d+)?)([a-zA-Z%])", fmt[i:])
        if not m:
            out.append(c)
            i += 1
            continue
        verb = m.group(2)
        i += m.end()
        if verb == "%":
            out.append("%")
            continue
        if ai >= len(args):
            raise Unknown("sprintf args")
        a = args[ai]
        ai += 1
        if isinstance(a, list):
            a = "[" + " ".join(str(x) for x in a) + "]"
        out.append('"%s"' % a if verb == "q" else str(a))
    return "".join(out)


class Expr:
    """Evaluates the string expressions of a test table over the file's constants."""

    def __init__(self, toks, env):
        self.t, self.env = toks, env

    def peek(self, i, text=None):
        if i >= len(self.t):
            return False
        return self.t[i][1] == text if text is not None else self.t[i]

    def expr(self, i):
        v, i = self.term(i)
        while self.peek(i, "+"):
            w, i = self.term(i + 1)
            if not isinstance(v, str) or not isinstance(w, str):
                raise Unknown("+")
            v += w
        return v, i

    def args(self, i):
        """i at '(' -> (values, index after ')')."""
        vals, i = [], i + 1
        while not self.peek(i, ")"):
            v, i = self.expr(i)
            vals.append(v)
            if self.peek(i, ","):
                i += 1
            elif self.peek(i, "..."):
                i += 1
        return vals, i + 1

    def term(self, i):
        if i >= len(self.t):
            raise Unknown("eof")
        kind, text = self.t[i]
        if kind == "str":
            return text, i + 1
        if kind == "num":
            return int(text), i + 1
        if text == "(":
            v, i = self.expr(i + 1)
            if not self.peek(i, ")"):
                raise Unknown(")")
            return v, i + 1
        if text == "[" and self.peek(i + 1, "]"):
            # []string{...} or []byte(x)
            typ = self.t[i + 2][1]
            j = i + 3
            if self.peek(j, "("):
                vals, j = self.args(j)
                return vals[0], j
            if not self.peek(j, "{"):
                raise Unknown("slice")
            vals, j = [], j + 1
            while not self.peek(j, "}"):
                v, j = self.expr(j)
                vals.append(v)
                if self.peek(j, ","):
                    j += 1
            if typ != "string":
                raise Unknown("slice type")
            return vals, j + 1
        if kind == "ident":
            if text == "nil":
                return None, i + 1
            if self.peek(i + 1, ".") and self.peek(i + 3, "("):
                fn = text + "." + self.t[i + 2][1]
                vals, j = self.args(i + 3)
                return self.call(fn, vals), j
            if text in ("string", "strings") and self.peek(i + 1, "("):
                vals, j = self.args(i + 1)
                return vals[0], j
            if text in self.env:
                return self.env[text], i + 1
        raise Unknown(text)

    @staticmethod
    def call(fn, vals):
        if fn == "fmt.Sprintf":
            return sprintf(vals[0], vals[1:])
        if fn == "fmt.Sprint":
            return "".join(str(v) for v in vals)
        if fn == "strings.Repeat":
            return vals[0] * vals[1]
        if fn == "strings.Join":
            return vals[1].join(vals[0])
        if fn == "strings.ToUpper":
            return vals[0].upper()
        if fn == "strings.ToLower":
            return vals[0].lower()
        if fn == "strings.TrimSpace":
            return vals[0].strip()
        raise Unknown(fn)


def constants(toks):
    """name -> value for every `name = expr` / `name := expr` that evaluates (repeated
    until nothing new: a constant may use one defined further down)."""
    env = {}
    sites = [i for i in range(1, len(toks) - 1)
             if toks[i][0] == "ident" and toks[i + 1][1] in ("=", ":=")
             and toks[i - 1][1] not in (".",)]
    for _ in range(4):
        before = len(env)
        for i in sites:
            name = toks[i][1]
            if name in env:
                continue
            try:
                v, _ = Expr(toks, env).expr(i + 2)
            except (Unknown, IndexError, TypeError, ValueError):
                continue
            if isinstance(v, (str, list)) or v is None:
                env[name] = v
        if len(env) == before:
            break
    return env


def matching(toks, i):
    """Index of the bracket closing the one at i."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    want, depth = pairs[toks[i][1]], 0
    for j in range(i, len(toks)):
        if toks[j][1] == toks[i][1]:
            depth += 1
        elif toks[j][1] == want:
            depth -= 1
            if depth == 0:
                return j
    return len(toks) - 1


def field(toks, lo, hi, key, env):
    """The value of `key: expr` directly inside the literal toks[lo:hi] (depth 0)."""
    depth = 0
    for i in range(lo, hi):
        t = toks[i][1]
        if t in "{([":
            depth += 1
        elif t in "})]":
            depth -= 1
        elif depth == 0 and toks[i][0] == "ident" and t == key and toks[i + 1][1] == ":":
            return Expr(toks, env).expr(i + 2)[0]
    raise KeyError(key)


def cases(src):
    """[(test name, case name, input, [wanted])] of every Test*_Pattern table."""
    toks = tokenize(src)
    env = constants(toks)
    out = []
    for i in range(len(toks) - 2):
        if not (toks[i][1] == "func" and toks[i + 1][1].startswith("Test")
                and "Pattern" in toks[i + 1][1]):
            continue
        body = i + 2
        while toks[body][1] != "{":
            body += 1
        end = matching(toks, body)
        # Constants local to the test function, then every `{ ... input: ... }` literal.
        local = dict(env)
        local.update(constants(toks[body:end]))
        j = body
        while j < end:
            if toks[j][1] == "{" and any(toks[k][1] == "input" and toks[k + 1][1] == ":"
                                         for k in range(j + 1, min(matching(toks, j), end))):
                close = matching(toks, j)
                inner = [k for k in range(j + 1, close) if toks[k][1] == "{"]
                nested = any(toks[k][1] == "input" and toks[k + 1][1] == ":"
                             for k0 in inner for k in range(k0 + 1, matching(toks, k0)))
                if nested:
                    j += 1
                    continue
                try:
                    inp = field(toks, j + 1, close, "input", local)
                    want = None
                    for key in ("want", "expectedPairs"):  # hasura, stripepaymentintent
                        try:
                            want = field(toks, j + 1, close, key, local)
                            break
                        except KeyError:
                            pass
                    try:
                        name = field(toks, j + 1, close, "name", local)
                    except KeyError:
                        name = "case"
                    if isinstance(inp, str) and (want is None or isinstance(want, list)):
                        out.append((toks[i + 1][1], str(name), inp,
                                    [w for w in (want or []) if isinstance(w, str) and w]))
                    else:
                        out.append((toks[i + 1][1], str(name), None, None))
                except (Unknown, KeyError, IndexError, TypeError, ValueError):
                    out.append((toks[i + 1][1], "?", None, None))
                j = close + 1
                continue
            j += 1
    return out


# ---------------------------------------------------------------- scoring

def wanted_lines(text, wanted):
    """1-based line numbers of the input that hold a wanted string, or a part of one."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(off):
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= off:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    lines = set()
    for w in wanted:
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(w), text)]
        if not spans:
            for part in re.split(r"[:;|,\s@/]+", w):
                if len(part) >= 8:
                    spans += [(m.start(), m.end()) for m in re.finditer(re.escape(part), text)]
        for a, b in spans:
            lines.update(range(line_of(a), line_of(max(a, b - 1)) + 1))
    if not lines:
        lines = set(range(1, len(starts) + 1))
    return lines


def detector_of(path):
    d = os.path.dirname(path)[len("pkg/detectors/"):]
    return d or os.path.basename(path)


def tally_found(labels, by_file):
    """Mark each label (path, line, provider, form) found when a secret finding of its file
    covers its line; returns (found, {provider: (n, found)}, {form: (n, found)})."""
    by_prov, by_form = {}, {}
    for lab in labels:
        fs = by_file.get(lab["path"], [])
        lab["found"] = any(f["line_start"] <= lab["line"] <= f["line_end"] for f in fs)
        for d, k in ((by_prov, lab["provider"]), (by_form, lab["form"])):
            n, k2 = d.get(k, (0, 0))
            d[k] = (n + 1, k2 + lab["found"])
    return sum(lab["found"] for lab in labels), by_prov, by_form


def secret_findings_by_file(vega, root):
    """Secret findings of a default-mode `vega scan` of root (no rule cache), by file path."""
    r = subprocess.run([vega, "scan", "--no-progress", "--format", "json", root],
                       capture_output=True, text=True, env=dict(os.environ, VEGA_CACHE_DIR=""))
    if r.returncode not in (0, 1):
        sys.exit("vega scan failed: " + r.stderr[-2000:])
    by_file = {}
    for f in json.loads(r.stdout)["findings"]:
        if f.get("category") == "secret":
            by_file.setdefault(f["file_path"], []).append(f)
    return by_file


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    vega = os.path.abspath(sys.argv[1])
    only = sys.argv[sys.argv.index("--detector") + 1] if "--detector" in sys.argv else None
    gd = git_dir(REPO, COMMIT, CLONE)
    if os.path.islink(OUT):  # a worktree linked to a shared corpus: write a private one
        os.unlink(OUT)
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    labels, unparsed = [], 0
    files = test_files(gd)
    texts = read_all(gd, files)
    for path in files:
        det = detector_of(path)
        if only and only not in det:
            continue
        for n, (test, name, inp, want) in enumerate(cases(texts[path])):
            if inp is None:
                unparsed += 1
                continue
            rel = os.path.join(det.replace("/", "__"), "%s-%d.txt" % (os.path.basename(path)[:-8], n))
            p = os.path.join(OUT, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as fh:
                fh.write(inp if inp.endswith("\n") else inp + "\n")
            labels.append({"detector": det, "test": test, "case": name, "path": rel,
                           "positive": bool(want),
                           "lines": sorted(wanted_lines(inp, want)) if want else [],
                           "input": inp})
    by_file = secret_findings_by_file(vega, OUT)
    per = {}
    for lab in labels:
        fs = by_file.get(lab["path"], [])
        if lab["positive"]:
            want = set(lab["lines"])
            hit = [f for f in fs if want & set(range(f["line_start"], f["line_end"] + 1))]
            lab["found"] = bool(hit)
        else:
            hit = fs
            lab["found"] = bool(fs)
        lab["rules"] = sorted({f["rule_id"] for f in hit})
        d = per.setdefault(lab["detector"], [0, 0, 0, 0])  # pos, found, neg, fp
        if lab["positive"]:
            d[0] += 1
            d[1] += lab["found"]
        else:
            d[2] += 1
            d[3] += lab["found"]
    pos = sum(v[0] for v in per.values())
    found = sum(v[1] for v in per.values())
    neg = sum(v[2] for v in per.values())
    fp = sum(v[3] for v in per.values())
    with_pos = [d for d, v in per.items() if v[0]]
    covered = [d for d in with_pos if per[d][1] == per[d][0]]
    some = [d for d in with_pos if per[d][1]]
    log("TruffleHog detector tests (%s @ %s): %d test files, %d detectors with cases, "
        "%d cases (%d not evaluable here)" % (REPO, COMMIT[:8], len(files), len(per),
                                               len(labels), unparsed))
    log("positives found %d/%d (recall %.3f); detectors with every positive found %d/%d "
        "(%.3f), with at least one %d"
        % (found, pos, found / max(1, pos), len(covered), len(with_pos),
           len(covered) / max(1, len(with_pos)), len(some)))
    log("negatives with a secret finding %d/%d (%.3f; near-miss formats included: informs, "
        "does not gate)" % (fp, neg, fp / max(1, neg)))
    if "--per-detector" in sys.argv:
        for d in sorted(per):
            v = per[d]
            log("  %-40s found %d/%d  fp %d/%d" % (d, v[1], v[0], v[3], v[2]))
    if "--show-misses" in sys.argv:
        for lab in labels:
            if lab["positive"] and not lab["found"]:
                first = [ln for i, ln in enumerate(lab["input"].split("\n"), 1)
                         if i in lab["lines"]][:1] or [lab["input"][:120]]
                log("  miss %-32s %-40s %s" % (lab["detector"], lab["case"][:40],
                                                first[0].strip()[:150]))
    if "--show-fp" in sys.argv:
        for lab in labels:
            if not lab["positive"] and lab["found"]:
                log("  fp   %-32s %-40s %s" % (lab["detector"], lab["case"][:40],
                                                ",".join(lab["rules"])))
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as fh:
            json.dump([{k: v for k, v in lab.items() if k != "input"} for lab in labels], fh,
                      indent=1)


if __name__ == "__main__":
    main()
