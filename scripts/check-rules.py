#!/usr/bin/python3
"""Stand-alone checker for rule packs (code and config families).

Mirrors the engine's matching as described in docs/rules.md and
/work/shared/design/ENGINE.md, through ctypes bindings to the same libraries:
Vectorscan (libhs) reports every match end, PCRE2 confirms each end with
PCRE2_ENDANCHORED on [end - max_width, end] and yields the start; same-rule hits
contained in one already confirmed are dropped.

  check-rules.py test DIR...           run every rule's examples against all rules in DIR...
  check-rules.py scan ROOT RULEDIR...  print findings for every file under ROOT

Used until `vega rules test` exists; it is not part of the build.
"""
import ctypes as C
import fnmatch
import os
import re
import sys

import yaml

HS = C.CDLL("libhs.so.5")
P2 = C.CDLL("libpcre2-8.so.0")

HS_FLAGS = {"caseless": 1, "dotall": 2, "multiline": 4}
P2_FLAGS = {"caseless": 0x8, "dotall": 0x20, "multiline": 0x400}
PCRE2_ENDANCHORED = 0x20000000
UINT_MAX = 0xFFFFFFFF
MAX_WIDTH_CAP = 4096
HS_FLAG_PREFILTER = 128
PREFILTER_SLACK = 256


class HsCompileError(C.Structure):
    _fields_ = [("message", C.c_char_p), ("expression", C.c_int)]


class HsExprInfo(C.Structure):
    _fields_ = [("min_width", C.c_uint), ("max_width", C.c_uint),
                ("unordered_matches", C.c_char), ("matches_at_eod", C.c_char),
                ("matches_only_at_eod", C.c_char)]


MATCH_CB = C.CFUNCTYPE(C.c_int, C.c_uint, C.c_ulonglong, C.c_ulonglong, C.c_uint,
                       C.c_void_p)
HS.hs_compile.argtypes = [C.c_char_p, C.c_uint, C.c_uint, C.c_void_p,
                          C.POINTER(C.c_void_p), C.POINTER(C.POINTER(HsCompileError))]
HS.hs_expression_info.argtypes = [C.c_char_p, C.c_uint,
                                  C.POINTER(C.POINTER(HsExprInfo)),
                                  C.POINTER(C.POINTER(HsCompileError))]
HS.hs_alloc_scratch.argtypes = [C.c_void_p, C.POINTER(C.c_void_p)]
HS.hs_scan.argtypes = [C.c_void_p, C.c_char_p, C.c_uint, C.c_uint, C.c_void_p,
                       MATCH_CB, C.c_void_p]
P2.pcre2_compile_8.restype = C.c_void_p
P2.pcre2_compile_8.argtypes = [C.c_char_p, C.c_size_t, C.c_uint32,
                               C.POINTER(C.c_int), C.POINTER(C.c_size_t), C.c_void_p]
P2.pcre2_match_data_create_from_pattern_8.restype = C.c_void_p
P2.pcre2_match_data_create_from_pattern_8.argtypes = [C.c_void_p, C.c_void_p]
P2.pcre2_match_8.argtypes = [C.c_void_p, C.c_char_p, C.c_size_t, C.c_size_t,
                             C.c_uint32, C.c_void_p, C.c_void_p]
P2.pcre2_get_ovector_pointer_8.restype = C.POINTER(C.c_size_t)
P2.pcre2_get_ovector_pointer_8.argtypes = [C.c_void_p]

LANG_EXT = {
    "javascript": [".js", ".jsx", ".mjs", ".cjs"],
    "typescript": [".ts", ".tsx", ".mts", ".cts"],
    "python": [".py"], "vue": [".vue"], "sql": [".sql"], "yaml": [".yml", ".yaml"],
    "json": [".json"], "toml": [".toml"], "shell": [".sh", ".bash", ".zsh"], "markdown": [".md"],
    "html": [".html", ".htm"], "go": [".go"], "ruby": [".rb"], "php": [".php"],
    "java": [".java"],
}


def language_of(path):
    base = os.path.basename(path)
    if base == "Dockerfile" or base.startswith("Dockerfile.") or base.endswith(".dockerfile"):
        return "dockerfile"
    if base == ".env" or base.startswith(".env."):
        return "dotenv"
    ext = os.path.splitext(base)[1].lower()
    for lang, exts in LANG_EXT.items():
        if ext in exts:
            return lang
    return None


def glob_re(glob):
    out, i = "", 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out += "(?:[^/]*/)*"
            i += 3
        elif glob.startswith("**", i):
            out += ".*"
            i += 2
        elif glob[i] == "*":
            out += "[^/]*"
            i += 1
        elif glob[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(glob[i])
            i += 1
    return re.compile(out + r"\Z")


def glob_match(glob, path):
    if glob_re(glob).match(path):
        return True
    if "/" not in glob:  # a bare glob also matches the base name
        return bool(glob_re(glob).match(os.path.basename(path)))
    return False


class Rule:
    def __init__(self, d, src):
        self.d = d
        self.src = src
        self.id = d["id"]
        self.pattern = d.get("pattern")
        flags = d.get("flags", [])
        self.hs_flags = sum(HS_FLAGS[f] for f in flags)
        self.p2_flags = sum(P2_FLAGS[f] for f in flags)
        # the engine compiles file_requires/file_excludes with the rule's own flags
        reflags = sum({"caseless": re.I, "multiline": re.M, "dotall": re.S}[f] for f in flags)
        self.req = [re.compile(r, reflags) for r in d.get("file_requires", [])]
        self.exc = [re.compile(r, reflags) for r in d.get("file_excludes", [])]
        self.errors = []
        if self.pattern is not None:
            self._compile()

    def _compile(self):
        pat = self.pattern.encode()
        err = C.POINTER(HsCompileError)()
        info = C.POINTER(HsExprInfo)()
        self.prefilter = False
        if HS.hs_expression_info(pat, self.hs_flags, C.byref(info), C.byref(err)) != 0:
            # lookaround and the like: Vectorscan prefilters, PCRE2 judges (as the engine)
            self.hs_flags |= HS_FLAG_PREFILTER
            self.prefilter = True
            if HS.hs_expression_info(pat, self.hs_flags, C.byref(info),
                                     C.byref(err)) != 0:
                self.errors.append("vectorscan: " + err.contents.message.decode())
                return
        self.max_width = info.contents.max_width
        if self.max_width == UINT_MAX or self.max_width > MAX_WIDTH_CAP:
            self.errors.append("match width unbounded or > %d" % MAX_WIDTH_CAP)
            return
        if info.contents.min_width == 0:
            self.errors.append("pattern can match the empty string")
        self.db = C.c_void_p()
        if HS.hs_compile(pat, self.hs_flags, 1, None, C.byref(self.db), C.byref(err)) != 0:
            self.errors.append("vectorscan: " + err.contents.message.decode())
            return
        self.scratch = C.c_void_p()
        HS.hs_alloc_scratch(self.db, C.byref(self.scratch))
        ec, eo = C.c_int(), C.c_size_t()
        self.code = P2.pcre2_compile_8(pat, len(pat), self.p2_flags, C.byref(ec),
                                       C.byref(eo), None)
        if not self.code:
            self.errors.append("pcre2: compile error %d at %d" % (ec.value, eo.value))
            return
        self.md = P2.pcre2_match_data_create_from_pattern_8(self.code, None)

    def selects(self, path):
        d = self.d
        if "languages" in d and language_of(path) not in d["languages"]:
            return False
        if "paths" in d and not any(glob_match(g, path) for g in d["paths"]):
            return False
        if any(glob_match(g, path) for g in d.get("exclude_paths", [])):
            return False
        return True

    def scan(self, path, text):
        """Findings as (start, end) offsets in the bytes of text."""
        if self.errors or not self.selects(path):
            return []
        s = text.decode("utf-8", "replace")
        if any(not r.search(s) for r in self.req) or any(r.search(s) for r in self.exc):
            return []
        if self.pattern is None:
            return [(0, 0)]
        ends = []

        def cb(_id, _frm, to, _flags, _ctx):
            ends.append(to)
            return 0
        HS.hs_scan(self.db, text, len(text), 0, self.scratch, MATCH_CB(cb), None)
        hits = []
        for end in sorted(set(ends)):
            if hits and end <= hits[-1][1]:
                continue  # inside the match already kept
            start_off = max(0, end - self.max_width)
            if self.prefilter:
                lim = min(len(text), end + PREFILTER_SLACK)
                rc = P2.pcre2_match_8(self.code, text, lim, start_off, 0, self.md, None)
                if rc < 0:
                    continue
                ov = P2.pcre2_get_ovector_pointer_8(self.md)
                if ov[0] > end:
                    continue
            else:
                rc = P2.pcre2_match_8(self.code, text, end, start_off, PCRE2_ENDANCHORED,
                                      self.md, None)
                if rc < 0:
                    self.errors.append("pcre2 failed to confirm a vectorscan hit (rc %d)"
                                       % rc)
                    continue
                ov = P2.pcre2_get_ovector_pointer_8(self.md)
            hit = (ov[0], ov[1])
            if hits and hit[0] < hits[-1][1]:
                # same rule, overlapping: keep the wider match that starts first (as the engine)
                if hit[0] <= hits[-1][0]:
                    hits[-1] = hit
                continue
            hits.append(hit)
        return hits


def load_rules(dirs):
    rules = []
    for d in dirs:
        for root, _, files in os.walk(d):
            for f in sorted(files):
                if f.endswith(".yaml"):
                    p = os.path.join(root, f)
                    with open(p) as fh:
                        doc = yaml.safe_load(fh)
                    for r in doc["rules"]:
                        rules.append(Rule(r, p))
    return rules


def line_of(text, off):
    return text.count(b"\n", 0, off) + 1


def scan_file(rules, path, text):
    out = []
    for r in rules:
        for (s, _e) in r.scan(path, text):
            out.append((r.id, line_of(text, s)))
    return out


REQUIRED = ["id", "title", "category", "severity", "confidence", "description",
            "recommendation", "references", "examples"]


def cmd_test(dirs):
    rules = load_rules(dirs)
    ids = {}
    bad = 0
    for r in rules:
        problems = list(r.errors)
        for k in REQUIRED:
            if k not in r.d:
                problems.append("missing field " + k)
        if r.id in ids:
            problems.append("duplicate id (also in %s)" % ids[r.id])
        ids[r.id] = r.src
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.id):
            problems.append("id not kebab-case")
        for ex in r.d.get("examples", []):
            path, content = ("snippet.txt", ex) if isinstance(ex, str) else (
                ex.get("path", "snippet.txt"), ex["content"])
            found = scan_file(rules, path, content.encode())
            if len(found) != 1 or found[0][0] != r.id:
                problems.append("positive %s: %s" % (path, found))
        for ex in r.d.get("negative_examples", []):
            path, content = ("snippet.txt", ex) if isinstance(ex, str) else (
                ex.get("path", "snippet.txt"), ex["content"])
            found = [f for f in scan_file(rules, path, content.encode()) if f[0] == r.id]
            if found:
                problems.append("negative %s: %s" % (path, found))
        if problems:
            bad += 1
            print("FAIL %s (%s)" % (r.id, r.src))
            for p in problems:
                print("    " + p)
    print("%d rules, %d failing" % (len(rules), bad))
    return 1 if bad else 0


def cmd_scan(root, dirs):
    rules = load_rules(dirs)
    sev = {r.id: r.d.get("severity") for r in rules}
    n = 0
    for dp, dn, files in os.walk(root):
        dn[:] = sorted(x for x in dn if x not in (".git", "node_modules"))
        for f in sorted(files):
            p = os.path.join(dp, f)
            rel = os.path.relpath(p, root)
            with open(p, "rb") as fh:
                text = fh.read()
            if b"\0" in text[:8192]:
                continue
            for rid, line in scan_file(rules, rel, text):
                print("%s:%d\t%s\t%s" % (rel, line, rid, sev[rid]))
                n += 1
    print("%d findings" % n, file=sys.stderr)
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "test":
        sys.exit(cmd_test(sys.argv[2:]))
    if len(sys.argv) >= 4 and sys.argv[1] == "scan":
        sys.exit(cmd_scan(sys.argv[2], sys.argv[3:]))
    print(__doc__)
    sys.exit(2)
