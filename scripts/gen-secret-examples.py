#!/usr/bin/python3
"""Random test secrets for the rule pack, and a quick offline check of the pack.

  gen-secret-examples.py gen SPEC [-n N]     print N random values for SPEC
  gen-secret-examples.py fill FILE...        replace every <%SPEC%> marker in FILE in place
  gen-secret-examples.py check [DIR]         lint rules and run examples with Python re
                                             (an approximation of `vega rules test`)
  gen-secret-examples.py doc [DIR] > docs/rules-secrets.md
                                             the table of covered providers

SPEC forms (markers may nest; the innermost is expanded first):
  ALPHA:LEN          LEN random characters of ALPHA (a name below or a [class])
  gh:PREFIX          PREFIX + 30 base62 + 6-char base62 CRC32 (GitHub-style tokens)
  uuid               random version-4 UUID
  jwt:ROLE           HS256 JWT shaped like a Supabase key with "role":ROLE
  jwtp:JSON          HS256 JWT with the given payload JSON
  enc64:TEXT           standard base64 of TEXT (with padding)
  enc64u:TEXT          base64url of TEXT (no padding)
  pem:LINES:WIDTH[:START]  LINES lines of base64 (WIDTH chars each, last line shorter),
                     joined with newline + the indentation of the marker's line
  pemj:LINES:WIDTH[:START] the same joined with a literal \\n (for JSON strings)
  pemcat:LINES:WIDTH[:START] the same as string concatenation: each line ends with a
                     literal \\n" + and the next starts on a new line with a quote
  pemjr:LINES:WIDTH[:START] the same joined with a literal \\r\\n
  openssh:JOIN       the body of a well-formed unencrypted OpenSSH ed25519 key
                     (openssh-key-v1, random key bytes), 70 per line, lines joined
                     like pem (JOIN=nl), pemj (JOIN=json) or as array items (JOIN=arr)
  b64pem:TYPE:LINES[:START] standard base64 (one line) of a whole PEM block
                     "-----BEGIN TYPE-----" + LINES lines of 64 + "-----END TYPE-----"

Values are random, never real, and are filtered so that they do not look like
placeholders (no runs of one character, no abcd/1234 sequences, no words such as
example/test/key/secret).
"""
import base64
import fnmatch
import json
import math
import os
import random
import re
import re._parser as sre_parse
import sys
import zlib

import yaml

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
ALPHABETS = {
    "b62": B62,
    "b64": B62 + "+/",
    "b64u": B62 + "_-",
    "hex": "0123456789abcdef",
    "HEX": "0123456789ABCDEF",
    "lower": "abcdefghijklmnopqrstuvwxyz",
    "upper": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "alpha": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "lnum": "0123456789abcdefghijklmnopqrstuvwxyz",
    "unum": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "dig": "0123456789",
    "b32": "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
    "lb32": "abcdefghijklmnopqrstuvwxyz234567",
    "bech": "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
}
BAD_WORDS = ("example", "xxx", "test", "fake", "dummy", "sample", "placeholder",
             "changeme", "secret", "token", "passw", "your", "key", "demo", "null",
             "true", "false", "abc", "xyz", "qwer", "asdf", "0000", "1111")

rng = random.SystemRandom()


def expand_class(spec):
    if spec in ALPHABETS:
        return ALPHABETS[spec]
    if spec.startswith("[") and spec.endswith("]"):
        body, out, i = spec[1:-1], [], 0
        while i < len(body):
            if i + 2 < len(body) and body[i + 1] == "-":
                out.extend(chr(c) for c in range(ord(body[i]), ord(body[i + 2]) + 1))
                i += 3
            else:
                out.append(body[i])
                i += 1
        return "".join(dict.fromkeys(out))
    raise SystemExit(f"unknown alphabet {spec!r}")


def looks_placeholder(s):
    low = s.lower()
    if any(w in low for w in BAD_WORDS):
        return True
    for i in range(len(s) - 2):
        if s[i] == s[i + 1] == s[i + 2]:
            return True
    for i in range(len(s) - 3):
        d = [ord(s[i + k + 1]) - ord(s[i + k]) for k in range(3)]
        if d in ([1, 1, 1], [-1, -1, -1]):
            return True
    return False


def rand_str(alpha, n):
    groups = [set("0123456789"), set("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), set("abcdefghijklmnopqrstuvwxyz")]
    need = [g for g in groups if g & set(alpha)] if n >= 12 else []
    while True:
        s = "".join(rng.choice(alpha) for _ in range(n))
        if looks_placeholder(s):
            continue
        if any(not (g & set(s)) for g in need):
            continue
        if n >= 16 and entropy(s) < 3.0:
            continue
        return s


def b62(n, width=6):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")


def github_token(prefix):
    while True:
        body = rand_str(B62, 30)
        tail = b62(zlib.crc32(body.encode()) & 0xFFFFFFFF)
        if not looks_placeholder(body + tail):
            return prefix + body + tail


def github_crc_ok(tok):
    m = re.search(r"([0-9A-Za-z]{30})([0-9A-Za-z]{6})$", tok)
    return bool(m) and b62(zlib.crc32(m.group(1).encode()) & 0xFFFFFFFF) == m.group(2)


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(payload):
    head = b64u(b'{"alg":"HS256","typ":"JWT"}')
    body = b64u(payload.encode())
    return f"{head}.{body}.{rand_str(ALPHABETS['b64u'], 43)}"


def supabase_jwt(role):
    iat = rng.randint(1690000000, 1740000000)
    ref = rand_str(ALPHABETS["lower"], 20)
    return jwt(json.dumps({"iss": "supabase", "ref": ref, "role": role, "iat": iat,
                           "exp": iat + 315360000}, separators=(",", ":")))


def pem_lines(spec):
    parts = spec.split(":")
    lines, width = int(parts[0]), int(parts[1])
    start = parts[2] if len(parts) > 2 else ""
    out = []
    for i in range(lines):
        w = width if i < lines - 1 else max(8, width // 3)
        s = rand_str(ALPHABETS["b64"], w)
        if i == 0 and start:
            s = start + s[len(start):]
        if i == lines - 1:
            s = s[:-1] + "="
        out.append(s)
    return out


def openssh_body(join):
    """An unencrypted openssh-key-v1 ed25519 key of random bytes, base64 in lines of 70."""
    import struct

    def sstr(b):
        return struct.pack(">I", len(b)) + b
    for _ in range(1):
        pub = os.urandom(32)
        pubblob = sstr(b"ssh-ed25519") + sstr(pub)
        check = os.urandom(4)
        priv = (check + check + pubblob + sstr(os.urandom(32) + pub) + sstr(b"deploy@host"))
        priv += bytes(range(1, 1 + (-len(priv)) % 8))
        blob = (b"openssh-key-v1\0" + sstr(b"none") + sstr(b"none") + sstr(b"") +
                struct.pack(">I", 1) + sstr(pubblob) + sstr(priv))
        text = base64.b64encode(blob).decode()
        # (length fields make runs of "A": no placeholder filter here)
        return join.join(text[i:i + 70] for i in range(0, len(text), 70))


def gen(spec, indent=""):
    if spec.startswith("["):
        kind, _, arg = spec.rpartition(":")
    else:
        kind, _, arg = spec.partition(":")
    if kind == "gh":
        return github_token(arg)
    if kind == "uuid":
        h = rand_str(ALPHABETS["hex"], 32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:32]}"
    if kind == "jwt":
        return supabase_jwt(arg)
    if kind == "jwtp":
        return jwt(arg)
    if kind == "enc64":
        return base64.b64encode(arg.encode()).decode()
    if kind == "enc64u":
        return b64u(arg.encode())
    if kind == "pem":
        return ("\n" + indent).join(pem_lines(arg))
    if kind == "pemj":
        return "\\n".join(pem_lines(arg))
    if kind == "pemjr":
        return "\\r\\n".join(pem_lines(arg))
    if kind == "openssh":
        return openssh_body({"nl": "\n" + indent, "arr": '",\n' + indent + '"'}.get(arg, "\\n"))
    if kind == "pemcat":
        return ('\\n" +\n' + indent + '"').join(pem_lines(arg))
    if kind == "b64pem":
        typ, _, rest = arg.partition(":")
        block = (f"-----BEGIN {typ}-----\n" + "\n".join(pem_lines(rest + ":64" if ":" not in rest
                                                                 else rest.replace(":", ":64:", 1)))
                 + f"\n-----END {typ}-----\n")
        return base64.b64encode(block.encode()).decode()
    n = int(arg)
    return rand_str(expand_class(kind), n)


MARK = re.compile(r"<%((?:(?!<%|%>).)*?)%>", re.S)


def fill(path):
    text = open(path).read()
    n = 0
    while True:
        m = MARK.search(text)
        if not m:
            break
        line_start = text.rfind("\n", 0, m.start()) + 1
        indent = re.match(r"[ \t]*", text[line_start:]).group(0)
        text = text[:m.start()] + gen(m.group(1), indent) + text[m.end():]
        n += 1
    open(path, "w").write(text)
    print(f"{path}: {n} markers filled")


# ---------------------------------------------------------------- checker

def entropy(s):
    if not s:
        return 0.0
    counts = {}
    for ch in s:
        counts[ch] = counts.get(ch, 0) + 1
    return -sum(c / len(s) * math.log2(c / len(s)) for c in counts.values())


PLACEHOLDER_WORDS = (
    "example", "xxxx", "changeme", "change_me", "change-me", "your-", "your_", "yourapi",
    "yourkey", "yoursecret", "yourtoken", "placeholder", "dummy", "redacted", "replace_me",
    "replace-me", "replaceme", "insert_", "insert-", "<your", "sample_key", "fake_", "fakekey",
    "notreal", "not_real", "not-a-real", "***", "...", "process.env", "os.getenv", "os.environ",
    "getenv(", "env[", "${", "{{", "#{", "secrets.", "vault:")


def _runs(s, limit):
    run = up = down = 1
    same = len(s) // 24 if len(s) >= 192 else limit  # checks.c: long tokens hold runs by format
    for i in range(1, len(s)):
        run = run + 1 if s[i] == s[i - 1] else 1
        a, b = s[i - 1].lower(), s[i].lower()
        an = a.isalnum() and b.isalnum()
        up = up + 1 if an and ord(b) - ord(a) == 1 else 1
        down = down + 1 if an and ord(b) - ord(a) == -1 else 1
        if run >= same or max(up, down) >= limit:
            return True
    return False


def engine_placeholder(secret):
    """Mirror of the engine's placeholder rejection (src/scan/checks.c)."""
    low = secret.lower()
    if not secret or any(w in low for w in PLACEHOLDER_WORDS):
        return True
    if low in ("true", "false", "null", "none", "nil", "undefined", "password", "secret",
               "token", "string"):
        return True
    if (secret[0] == "<" and secret[-1] == ">") or (len(secret) > 2 and secret[0] == secret[-1] == "%"):
        return True
    if len(secret) > 1 and secret[0] == "$" and (secret[1].isalpha() or secret[1] == "_"):
        return True
    return _runs(secret, 6)


def generic_reject(s):
    if engine_placeholder(s) or re.fullmatch(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", s):
        return True
    up = sum(c.isupper() for c in s)
    lo = sum(c.islower() for c in s)
    dg = sum(c.isdigit() for c in s)
    ot = len(s) - up - lo - dg
    if " " in s or "\t" in s:
        return True
    if dg == 0 and (up == 0 or lo == 0 or ot <= 1):
        return True
    if dg == len(s):
        return True
    if s.count("/") >= 2 or (s.count(".") >= 2 and dg * 4 < len(s)) or ":" in s:
        return True
    if up + lo < 2 or dg == 0:
        return not (ot > 0 and up > 0 and lo > 0)
    return False


def unbounded(pattern):
    """Return a description of the first open-ended repetition, or None."""
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            i += 1
            continue
        if c == "[":
            in_class = True
            i += 1
            if i < len(pattern) and pattern[i] == "^":
                i += 1
            if i < len(pattern) and pattern[i] == "]":
                i += 1
            continue
        if c in "+*":
            prev = pattern[i - 1] if i else ""
            if not (c == "+" and prev in "}?+*"):  # possessive/lazy markers are not repeats
                return f"open repetition '{c}' at {i}"
        if c == "{":
            m = re.match(r"\{(\d*),\}", pattern[i:])
            if m:
                return f"open repetition '{m.group(0)}' at {i}"
        i += 1
    return None


def glob_match(path, glob):
    if fnmatch.fnmatch(path, glob):
        return True
    if glob.startswith("**/"):
        return fnmatch.fnmatch(path, glob[3:]) or fnmatch.fnmatch(os.path.basename(path), glob[3:])
    return False


LANG_EXT = {"javascript": (".js", ".jsx", ".mjs", ".cjs"), "typescript": (".ts", ".tsx"),
            "python": (".py",), "go": (".go",), "ruby": (".rb",), "java": (".java",),
            "php": (".php",)}


class Rule:
    def __init__(self, d, src):
        self.d, self.src = d, src
        self.id = d.get("id")
        flags = 0
        for f in d.get("flags", []) or []:
            flags |= {"caseless": re.I, "multiline": re.M, "dotall": re.S}[f]
        self.re = re.compile(d["pattern"], flags) if d.get("pattern") else None
        self.generic = self.id.startswith("generic-")
        self.requires = [re.compile(x) for x in d.get("file_requires", []) or []]
        self.excludes = [re.compile(x) for x in d.get("file_excludes", []) or []]

    def applies(self, path):
        d = self.d
        if d.get("paths") and not any(glob_match(path, g) for g in d["paths"]):
            return False
        if d.get("exclude_paths") and any(glob_match(path, g) for g in d["exclude_paths"]):
            return False
        if d.get("languages"):
            exts = tuple(e for lang in d["languages"] for e in LANG_EXT.get(lang, ()))
            if not path.endswith(exts):
                return False
        return True

    def findings(self, path, text):
        if not self.re or not self.applies(path):
            return []
        if any(not r.search(text) for r in self.requires) or any(r.search(text) for r in self.excludes):
            return []
        out = []
        g = self.d.get("secret_group", 0)
        for m in self.re.finditer(text):
            s = m.group(g)
            if s is None:
                continue
            if self.d.get("entropy") and entropy(s) < float(self.d["entropy"]):
                continue
            if engine_placeholder(s) or (self.generic and generic_reject(s)):
                continue
            if self.d.get("checksum") == "github-crc32" and not github_crc_ok(s):
                continue
            out.append((self, m.start(), m.end()))
        return out


def scan(rules, path, text):
    """Findings as (rule, match start, match end); overlaps resolved like the engine:
    a specific rule beats a generic one on overlapping matches, and among generic rules
    the better ranked one stays."""
    found = sorted((f for r in rules for f in r.findings(path, text)), key=lambda f: (f[1], -f[2]))
    rank = {"low": 0, "medium": 1, "high": 2}
    sev = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}

    def score(f):
        d = f[0].d
        conf = "high" if d.get("checksum") else d["confidence"]
        return (0 if f[0].generic else 100) + rank[conf] * 10 + sev[d["severity"]]

    dead = set()
    for i, a in enumerate(found):
        for j in range(i + 1, len(found)):
            b = found[j]
            if b[1] >= a[2]:
                break
            if i in dead or j in dead or not (a[0].generic or b[0].generic):
                continue
            dead.add(j if score(a) >= score(b) else i)
    return [f for k, f in enumerate(found) if k not in dead]


REQ = ("id", "title", "category", "severity", "confidence", "pattern", "secret_group",
       "description", "recommendation", "references", "examples", "negative_examples")


def example(e):
    if isinstance(e, dict):
        return e.get("path", "snippet.txt"), e["content"]
    return "snippet.txt", e


def check(root):
    rules, errors, ids = [], [], set()
    for dirpath, _, files in os.walk(root):
        for fn in sorted(files):
            if not fn.endswith(".yaml"):
                continue
            p = os.path.join(dirpath, fn)
            raw = open(p).read()
            if "<%" in raw:
                errors.append(f"{p}: unfilled marker")
            if not raw.isascii():
                errors.append(f"{p}: non-ASCII text")
            for d in yaml.safe_load(raw)["rules"]:
                rid = d.get("id", "?")
                for k in REQ:
                    if k not in d:
                        errors.append(f"{rid}: missing {k}")
                if rid in ids:
                    errors.append(f"{rid}: duplicate id")
                ids.add(rid)
                if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rid):
                    errors.append(f"{rid}: id not kebab-case")
                if d.get("severity") not in ("critical", "high", "medium", "low", "info"):
                    errors.append(f"{rid}: bad severity")
                if d.get("confidence") not in ("high", "medium", "low"):
                    errors.append(f"{rid}: bad confidence")
                pat = d.get("pattern", "")
                if not pat.isascii():
                    errors.append(f"{rid}: non-ASCII pattern")
                u = unbounded(pat)
                if u:
                    errors.append(f"{rid}: {u}")
                if re.search(r"\\[wWsSdD]", pat) and re.search(r"\\[wW]", pat):
                    errors.append(f"{rid}: \\w is not allowed, use an ASCII class")
                try:
                    r = Rule(d, p)
                except re.error as ex:
                    errors.append(f"{rid}: does not compile: {ex}")
                    continue
                lo, hi = sre_parse.parse(pat).getwidth()
                if lo == 0:
                    errors.append(f"{rid}: can match the empty string")
                if hi > 4096:
                    errors.append(f"{rid}: max width {hi} > 4096")
                if r.re and d.get("secret_group", 0) > r.re.groups:
                    errors.append(f"{rid}: secret_group {d.get('secret_group')} > groups {r.re.groups}")
                if len(d.get("examples", [])) < 2:
                    errors.append(f"{rid}: fewer than 2 examples")
                if len(d.get("negative_examples", [])) < 1:
                    errors.append(f"{rid}: no negative example")
                rules.append(r)
    for r in rules:
        for e in r.d.get("examples", []):
            path, text = example(e)
            got = scan(rules, path, text)
            names = [f[0].id for f in got]
            if names != [r.id]:
                errors.append(f"{r.id}: positive {text[:60]!r} -> {names}")
        for e in r.d.get("negative_examples", []):
            path, text = example(e)
            got = [f[0].id for f in scan(rules, path, text)]
            if r.id in got:
                errors.append(f"{r.id}: negative {text[:60]!r} fires")
    for e in errors:
        print(e)
    print(f"{len(rules)} rules, {len(errors)} problems")
    return 1 if errors else 0


def doc(root):
    files = sorted(f for f in os.listdir(root) if f.endswith(".yaml"))
    total = sum(len(yaml.safe_load(open(os.path.join(root, f)))["rules"]) for f in files)
    print("# Secret rules\n")
    print(f"{total} rules in `rules/secrets/` (one file per provider group). Generated by")
    print("`/usr/bin/python3 scripts/gen-secret-examples.py doc > docs/rules-secrets.md`; the rule files")
    print("are the reference (pattern, description, recommendation, examples).\n")
    print("Severity: critical = live production credential that grants spending or data access;")
    print("high = other credentials; medium/low = lower-impact, test-mode or identifier-only tokens.")
    print("Confidence: high = distinctive prefix, fixed format or checksum; medium/low = recognised")
    print("by the setting's name (context) or by a generic shape. `generic-*` rules lose to any")
    print("specific rule on overlapping bytes and apply stricter value checks in the engine.\n")
    print("Examples in the files are random strings of each provider's alphabet and length (GitHub")
    print("and npm tokens carry a valid CRC32); `scripts/gen-secret-examples.py` generates them.\n")
    print("Context-keyed rules (`context-a-b.yaml` ... `context-t-z.yaml`) and credential-element")
    print("rules (`context-elements.yaml`) are generated by `scripts/gen-provider-rules.py` from")
    print("`rules/providers.tsv`. A context rule needs the provider's name, a secret word (key, token,")
    print("secret, pass, private, access) and an assignment (`=`, `:`, `=>`, a call, an XML `>`, blanks, or `-`/`|`")
    print("after blanks as in `acme token - value` and tables) before a value of the provider's")
    print("format; a common-word name (strict) must be joined to the secret word by `_`, `.`, `-`")
    print("or one or two blanks (`amadeus Key=`). A credential-element rule (`context-elements.yaml`)")
    print("reads `<secret>`, `<password>`, `<token>` or `<apiKey>` elements (Jenkins")
    print("`credentials.xml`, Maven `settings.xml`) holding a token of the provider's format, the")
    print("provider's name (4+ characters, whole) inside the element or in the two lines before it")
    print("(`<id>acme-prod</id>`).\n")
    print("Provider-proximity rules (`context-nearby.yaml`): a distinctive provider name of 11 or more")
    print("characters, then within 40 characters a token of its format, no secret word (`acmecloud =")
    print("\"...\"`, a log line after the name, `new AcmecloudClient('...')`); low confidence. Their one")
    print("trigger, the names' alternation, is read over every byte, and its cost is the number of")
    print("names: measured on the npm bench tree, every byte (3 interleaved runs each, user CPU,")
    print("loaded machine), 101 names cost nothing measurable (median 3.82 s vs 3.90 s without),")
    print("166 names (10+ characters) 8-10% (4.27 s), all ~420 names ~40% of the Vectorscan pass")
    print("(session 6). Shorter names keep needing the secret word.\n")
    print("Direct-assignment rule (`context-direct.yaml`, session 11): a UUID (`provider-name-uuid`)")
    print("assigned directly to one of the ~540 distinctive names of the")
    print("provider table (`cloudsmith: \"...\"`, `CHARTMOGUL=...`, `onesignal = '<uuid>'`), no secret")
    print("word; low confidence and severity, read only in configuration, text and server-side source")
    print("files (`.env`, YAML, TOML, INI, properties, txt, log, Python, Go, Ruby, PHP, shell, Java,")
    print("C#...; not JavaScript/TypeScript, source maps, JSON or XML). Measured on the npm bench")
    print("tree, every byte, user CPU: the UUID rule and a token one 3.32/3.23 -> 3.36/3.29 s. The")
    print("token rule (16-100 letters and digits under the bare name) was left out: Kingfisher formats")
    print("0.753 -> 0.774, but TruffleHog's near-miss negatives flagged 100 -> 200 of 1,184 (a token")
    print("one character short of the format), twice the false-positive rate allowed. One rule per provider")
    print("with a shared trigger of the names and the assignment 3.3 -> 7.0 s (names and one")
    print("assignment or quote character: +9%); 499 path-limited rules 3.3 -> 20 s (the engine tests")
    print("each file's path against one entry per rule and glob); with JSON in the paths, +0.1 s on")
    print("the tree's 29 MB of JSON. Session 13: `generic-provider-name-hex-key`, a key of exactly")
    print("32, 40 or 64 hex digits under the same names and paths (`wandb = \"<40 hex>\"`); exact")
    print("lengths, so a near-miss stays unreported: Kingfisher formats 0.767 -> 0.776, TruffleHog's")
    print("negatives flagged 100 -> 100, npm bench tree user CPU unchanged (2.71 s vs 2.70 s).\n")
    print("An unquoted YAML value alone on its line under a secret-named setting (`api-key: ...`,")
    print("`relay-private: ...`) is `generic-yaml-secret` (`generic-config.yaml`; not in Kubernetes")
    print("Secret files, whose base64 data the Secret rules decode).\n")
    print("UUID-shaped keys (session 12): the generic rules reject UUIDs, so `uuid-credential-assignment`")
    print("reads a UUID under a bare key name (apiKey, api_token, authToken, client_secret...) in")
    print("JavaScript/TypeScript (bundles ship `{apiKey:\"<uuid>\"}`), `uuid-bearer-token` one after")
    print("`Bearer `, and `postmark-server-token` a UUID under any server-token name. Kubernetes Secret")
    print("manifests (`generic-k8s-secret-data`): a credential-named key's base64 or plain value; the")
    print("generic value checks decode base64 and reject the encoding of a placeholder, prose or a URL")
    print("without credentials. Jenkins credential stores (`jenkins-encrypted-credential`,")
    print("`<secret>{AQAAAB...}`), Entra refresh tokens, escaped Docker auth JSON and `.properties`")
    print("lines have rules of their own.\n")
    print("Overlaps (session 14): a rule with `loses_overlaps: true` gives way to any rule without it")
    print("on overlapping bytes of the same file, as every `generic-*` rule does (but without the")
    print("generic value checks, which reject UUIDs): `uuid-credential-assignment`,")
    print("`uuid-bearer-token`, `azure-storage-account-key` (the accountKey-setting rule wins),")
    print("`jenkins-encrypted-credential`, the client-id rules and every non-generic generated context")
    print("rule. Secret findings of two rules on one line: planted tree 1 -> 0, TruffleHog corpus 6 -> 0.\n")
    print("Client, app and access ids (`client-ids.yaml`, session 14): public identifiers that name the")
    print("account a secret beside them opens (Adobe, Asana, Bitbucket, Discord, LinkedIn, Looker,")
    print("MessageBird, Plaid, Sendbird, Sumo Logic): only with the provider's name and the id word in")
    print("the setting's name and the id's documented shape, low severity and confidence; no Google,")
    print("Facebook or GitHub ids, which front-end code ships by design.\n")
    print("Near-misses (session 15): the generated rules read a value class of one case as")
    print("`(?-i:...)` (the names stay caseless; hex digits take either case), so a mixed-case")
    print("value no longer passes for an `[a-z0-9]{32}` key; AWS key ids take base32 (A-Z, 2-7)")
    print("after the prefix; the generic value checks reject a format string (`%c`, `%s` not followed")
    print("by a letter or digit) and a value starting with the prefix of one provider whose own rule")
    print("takes every documented shape (`cfut_`, `bkua_`, `xai-`, `pat.`, `AKIA`...: the near-miss")
    print("that rule rejected); a JWT's header must decode to a whole JSON object, and jwt.io's")
    print("sample token (sub 1234567890, name John Doe) is not reported. TruffleHog negatives")
    print("flagged 100 -> 75 of 1,184, recall 1,227 -> 1,225, the other yardsticks unchanged.\n")
    print("Near-misses under a provider's name (session 16): a generic rule's value (quoted")
    print("assignment, `.env`, YAML, bearer, properties, XML, hex) under a setting whose name")
    print("starts a word with a keyword of the provider table (`WANDB_API_KEY`, `lokaliseToken`,")
    print("`bitBarSecret`) is dropped when it fits none of that provider's shapes and nearly fits")
    print("one: up to 6 characters short, or a password's punctuation (`&`, `$`, `@`) added. Longer")
    print("values and values with token characters the shape lacks (base64, `_`, `-`) may be a")
    print("format the table does not hold and stay; common-word keywords and providers with")
    print("hand-written rules (Azure, npm, GitLab, Okta...) keep any value. The shapes come from")
    print("`rules/providers.tsv` (`src/scan/provider-shapes.inc`, written by")
    print("`scripts/gen-provider-rules.py`). `duffel_test_`/`duffel_live_` joined the provider")
    print("prefixes. TruffleHog negatives flagged 75 -> 70 of 1,184, recall unchanged.\n")
    print("Formats held to what providers issue (session 17): Sentry org tokens are `sntrys_`,")
    print("standard base64 of the JSON payload, `_` and a 43-character secret; GitLab `glpat-` 20-22")
    print("characters or the routable dotted shape, `gloas-` 64; Pinecone `pcsk_`, a 5-6 character")
    print("label, `_`, 63 characters; Stripe keys end where a `-` would continue them; the")
    print("OpenAI-style unverified rule leaves keys that carry the `T3BlbkFJ` marker to the")
    print("verified rules (which reject it out of place); a generated rule's base64 value followed")
    print("by `=` padding is a longer value; Blogger (Google API keys, read by `google-api-key`)")
    print("left the provider table. Generic values ending in a provider suffix (`-NRMA`) or")
    print("holding four of one punctuation character in a row (`____`) are rejected.")
    print("`bench/secrets_trufflehog.py` reads `expectedPairs` tables (hasura,")
    print("stripepaymentintent) as wanted results: their positives had been scored as negatives.")
    print("TruffleHog negatives flagged 67 -> 57 of 1,172 (70/1,184 before the bench fix), recall")
    print("1,228/1,553 unchanged, the other yardsticks unchanged. Noise on the third npm tree:")
    print("private keys in TypeScript declaration files (`*.d.ts`: types and doc comments, as")
    print("twilio's `credential.d.ts` examples) are not read by the PEM key rules; a")
    print("documentation password (`randompassword`, `mypassword`...) is a placeholder (prisma's")
    print("sample MongoDB URL).\n")
    print('Values that say they are not secrets (session 18, noise on the third and fifth npm')
    print('trees, every byte): a value assigned to a name with the whole word dummy, fake, mock,')
    print('mocked, placeholder, example or bogus (`MOCK_DEVICE_TOKEN`, `dummyHash`: the bcrypt hash')
    print('an auth library compares when no user matches, so both paths cost the same) or to a push')
    print('notification device token (`deviceToken`: the address of one app install, not a')
    print('credential) is not reported by any secret rule; the digests of the empty input (MD5,')
    print("SHA-1, SHA-256, SHA-512 of nothing) and `foobar`/`foobared` (Redis's documented password)")
    print('are placeholders. Third tree 150 -> 149 findings, fifth tree 241 -> 234 (7 secret')
    print("findings, all wrong: mocked and README device tokens, SHA-1 of nothing as a test's access")
    print("token, a dummy bcrypt hash at high confidence, Redis's sample URL); every secrets")
    print('yardstick unchanged. Left on purpose: values made of ascending runs')
    print('(`abc123def456ghi789`) and values repeating one block (`A1B2C3D4E5F6A1B2...`), both')
    print("typed-in filler in the trees' doc comments and tests, are positives of TruffleHog's")
    print('detector tests (Twitch, Salesforce), so rejecting them cost 5 of its positives.')
    print('`coveralls-repo-token` reads the repo token of a `.coveralls.yml` at low severity (it only')
    print('uploads coverage; old packages ship the file, one copy per nested install), where')
    print('`generic-yaml-secret` had reported it at medium: same count, honest severity.\n')
    print("Yardsticks (`make bench`, session 17): TruffleHog detector tests 0.791 (1,228/1,553;")
    print("negatives flagged 57/1,172, near-miss formats such as tkn.v1_ tokens away from TruffleHog's")
    print("keyword and OpenAI keys without their inner marker, kept at low confidence on purpose;")
    print("session 16: 70/1,184, session 14: 100), Kingfisher formats 0.780 (session 13: 0.779), top-40")
    print("providers (`bench/secrets_top40.py`, 70 key formats of ~45 providers in 12 forms, with and")
    print("without the provider's name) 0.977, top providers in 17 forms 0.994 (0 of 260")
    print("placeholders flagged), gitleaks formats 0.887 (session 13: 0.808; the client ids, Mailgun")
    print("key- under a Mailgun name, Telegram tokens under a Telegram setting, EasyPost and")
    print("Flutterwave test keys, Harness sat. tokens, 1Password's 6-6-5-5-5-5 Secret Key, KuCoin's")
    print("UUID API secret, Sidekiq's Contribsys gem server credential), clear-cut")
    print("non-secrets 0/80, and planted keys")
    print("(`bench/secrets_planted.py`: 200 top-40-shaped keys planted in the npm bench tree inside")
    print("minified dist bundles, `.next`/`out` chunks, `.env.production`, config files and")
    print("sources, scanned in the default mode) 200/200 with 28 other findings (1 high, 0")
    print("high-confidence). Session 13 widened provider formats that were narrower than the")
    print("providers allow (Grafana, New Relic, Dynatrace, Slack xapp-, HubSpot, PubNub, RubyGems,")
    print("Supabase, age, Voiceflow, Twilio SK, SonarQube, Airtable) and added `gitlab-session-cookie`")
    print("and `fleetbase-api-key`.")
    print("Random hex keys have a Shannon entropy near 3.5 bits: the generic")
    print("rules read hex")
    print("values under secret names with a floor of 3.0 (`generic-env-hex-secret`,")
    print("`generic-hex-secret-assignment`, and `generic-xml-appsettings-hex-secret` in .NET")
    print("appSettings).\n")
    for f in files:
        rules = yaml.safe_load(open(os.path.join(root, f)))["rules"]
        print(f"## {f}\n")
        print("| id | what | severity | confidence |")
        print("|---|---|---|---|")
        for r in rules:
            extra = " (checksum)" if r.get("checksum") else ""
            print(f"| `{r['id']}` | {r['title']} | {r['severity']} | {r['confidence']}{extra} |")
        print()


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    cmd = sys.argv[1]
    if cmd == "gen":
        n = int(sys.argv[sys.argv.index("-n") + 1]) if "-n" in sys.argv else 1
        for _ in range(n):
            print(gen(sys.argv[2]))
    elif cmd == "fill":
        for p in sys.argv[2:]:
            fill(p)
    elif cmd == "doc":
        doc(sys.argv[2] if len(sys.argv) > 2 else "rules/secrets")
    elif cmd == "check":
        sys.exit(check(sys.argv[2] if len(sys.argv) > 2 else "rules/secrets"))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
