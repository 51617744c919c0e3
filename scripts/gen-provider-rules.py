#!/usr/bin/python3
"""Context-keyed secret rules for the long tail of SaaS providers.

  gen-provider-rules.py [--check] [TABLE] [OUTDIR]   (defaults: rules/providers.tsv rules/secrets)

Reads the provider table (one provider a line, tab-separated):

  id  name  keywords  value  severity  strict  reference

  keywords   |-separated lower-case names that appear in the setting's name
             (regex fragments: letters, digits, '_', '.', '-', '\\.')
  value      |-separated value shapes: sequences of [class]{n} / [class]{m,n} and
             literal characters, e.g. [a-f0-9]{32} or [A-Za-z0-9]{23}_[A-Za-z0-9]{8}
  severity   critical | high | medium | low
  strict     y: the keyword is a common word, so the secret word must follow it directly
             (SEGMENT_WRITE_KEY, splitApiKey, `amadeus key = ...`); n: up to 24 characters (or up to two line breaks,
             for a nested YAML/JSON key, one sibling setting between) may separate them (ACME_PROD_API_KEY, `acme:\\n  api_key:`);
             nested: as n, for a provider whose flat settings a specific rule already reads
             (DATADOG_API_KEY=...): the examples are all nested settings
  reference  documentation URL, or -

and writes rules/secrets/context-<first letters>.yaml. Each rule needs the provider's
name, a secret word (key, token, secret, pass...) in the setting's name, an
assignment, and a value of the provider's alphabet and length with an entropy floor.
Rules whose value is a mix of letters and digits are `generic-*` (a specific rule of the
same bytes wins, and the engine's stricter generic value checks apply); UUID-shaped and
letters-only values cannot pass those checks and get a plain id with low confidence.

Examples (`.env`, JSON, YAML, TypeScript, Python `os.getenv`, docker-compose) and negatives
(placeholder, too short, wrong alphabet, template) are generated from a per-rule seeded
random generator, so regenerating gives the same files; values are random, never real.
"""
import contextlib
import hashlib
import importlib.util
import io
import os
import random
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("gse", os.path.join(HERE, "gen-secret-examples.py"))
gse = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gse)

SECRET_WORD = r"(?:key|token|secret|pass|private|access)"
# After the secret word: the rest of the name, then an assignment (=, :, :=, =>, ??, ||,
# a call's '(' or ',', an XML '>'), plain blanks, or a dash or table bar after blanks
# (`acme token - 'value'`, `| apiKey | value`), with optional quotes.
AFTER = (r"[A-Za-z0-9_.-]{0,16}(?:[\"'`]?\]?[ \t]{0,4}(?::=|=>|\?\?|\|\||[:=,(>])[ \t]{0,4}"
         r"|[\"'`]?[ \t]{1,4}(?:-[ \t]{1,4}|\|[ \t]{0,4})?)[\"'`]?")
# The trigger of every rule whose values begin with TRIGGER_LEN characters of TRIGGER_CLASS:
# the secret word, the assignment, then that much of the value. Each match of such a rule
# contains a match of it, so the engine looks for the rule only around the trigger's hits
# (one cheap pattern read over every byte instead of ~600; docs/rules.md, `trigger`).
TRIGGER_CLASS = "A-Za-z0-9_+/=.:-"
TRIGGER_LEN = 16
TRIGGER = SECRET_WORD + AFTER + "[" + TRIGGER_CLASS + "]{" + str(TRIGGER_LEN) + "}"
LOOSE_GAP = r"[^\r\n]{0,24}(?:\r?\n[^\r\n]{0,24}){0,2}"
# A strict (common-word) name: the secret word follows directly, or after one short word,
# joined by '_', '.', '-' or one or two blanks (SEGMENT_WRITE_KEY, `amadeus Key=`, `refiner token = '...'`).
STRICT_GAP = r"(?:[_.-]|[ \t]{1,2})?(?:[A-Za-z]{1,10}(?:[_.-]|[ \t]{1,2})?)?"

SEGMENT = re.compile(r"\[([^\]]+)\]\{(\d+)(?:,(\d+))?\}|\\([.-])|([A-Za-z0-9_=:/-])")


def parse_value(v):
    """A value shape as a list of (alphabet, lo, hi) / (literal, 1, 1) parts."""
    parts, pos = [], 0
    for m in SEGMENT.finditer(v):
        if m.start() != pos:
            raise SystemExit(f"bad value shape {v!r}")
        pos = m.end()
        if m.group(1):
            lo = int(m.group(2))
            parts.append(("class", gse.expand_class("[" + m.group(1) + "]"), lo,
                          int(m.group(3) or lo)))
        else:
            parts.append(("lit", m.group(4) or m.group(5), 1, 1))
    if pos != len(v):
        raise SystemExit(f"bad value shape {v!r}")
    return parts


def gen_value(parts, rng, short=False, floor=0.0, generic=True):
    """A random value; short=True makes the first class part too short."""
    for _ in range(200):
        v = _gen_value(parts, rng, short)
        if short or not (gse.engine_placeholder(v) or (generic and gse.generic_reject(v))
                         or gse.entropy(v) < floor + 0.2):
            return v
    raise SystemExit(f"cannot generate a value for {parts}")


def _gen_value(parts, rng, short):
    out, done_short = [], False
    for kind, a, lo, hi in parts:
        if kind == "lit":
            out.append(a)
            continue
        n = rng.randint(lo, hi)
        if short and not done_short:
            n, done_short = max(1, lo // 2), True
        out.append(rand_str(a, n, rng))
    return "".join(out)


def rand_str(alpha, n, rng):
    """Like gen-secret-examples' rand_str, from a seeded generator, always with a digit
    and a letter when the alphabet has both (the engine wants both in a credential)."""
    saved = gse.rng
    gse.rng = rng
    try:
        while True:
            s = gse.rand_str(alpha, n)
            has_d = any(c.isdigit() for c in alpha)
            has_l = any(c.isalpha() for c in alpha)
            if n >= 4 and has_d and has_l and not (any(c.isdigit() for c in s)
                                                   and any(c.isalpha() for c in s)):
                continue
            if gse.engine_placeholder(s) or gse.generic_reject(s) and n >= 8 and has_d and has_l:
                continue
            return s
    finally:
        gse.rng = saved


def value_chars(parts):
    return set("".join(a for kind, a, lo, hi in parts))


def end_class(parts_list):
    """Characters that may not follow the value (it would be longer than the shape)."""
    extra = set()
    for parts in parts_list:
        kind, a, lo, hi = parts[-1]
        extra |= set(a) - set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    extra.add("_")
    if "+" in extra or "/" in extra:
        extra.add("=")  # base64 followed by padding: a longer value than the shape
    body = "A-Za-z0-9" + "".join(sorted(c for c in extra if c != "-")) + ("-" if "-" in extra else "")
    return "(?:[^" + body.replace("+", "+").replace("/", "/") + "]|$)"


def is_uuidish(parts):
    shape = [(lo, hi) for kind, a, lo, hi in parts if kind == "class"]
    return shape == [(8, 8), (4, 4), (4, 4), (4, 4), (12, 12)] or (
        len(parts) == 1 and parts[0][2] == 36 and "-" in parts[0][1])


def entropy_floor(parts_list):
    """The floor of the weakest shape: hex and short values cannot reach 3.5 bits."""
    floors = []
    for p in parts_list:
        n = sum(lo for kind, a, lo, hi in p)
        if value_chars(p) <= set("0123456789abcdefABCDEF-"):
            floors.append(3.0 if n >= 24 else 2.5)
        else:
            floors.append(3.5 if n >= 20 else 3.0 if n >= 12 else 2.5)
    return min(floors)


def env_name(kw):
    return re.sub(r"[^A-Za-z0-9]+", "_", kw.replace("\\", "")).strip("_").upper()


def camel(kw):
    words = [w for w in re.split(r"[^A-Za-z0-9]+", kw.replace("\\", "")) if w]
    return words[0].lower() + "".join(w.capitalize() for w in words[1:])


def load(table):
    rows = []
    for ln, line in enumerate(open(table), 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) != 7:
            raise SystemExit(f"{table}:{ln}: want 7 tab-separated fields, got {len(f)}")
        rid, name, kws, values, sev, strict, ref = f
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rid):
            raise SystemExit(f"{table}:{ln}: bad id {rid!r}")
        if sev not in ("critical", "high", "medium", "low"):
            raise SystemExit(f"{table}:{ln}: bad severity {sev!r}")
        kwl = [k.strip() for k in kws.split("|") if k.strip()]
        for k in kwl:
            if not re.fullmatch(r"[a-z0-9](?:[a-z0-9_.-]|\\\.)*", k):
                raise SystemExit(f"{table}:{ln}: bad keyword {k!r}")
        vals = [v.strip() for v in values.split("|") if v.strip()]
        if strict not in ("y", "n", "nested"):
            raise SystemExit(f"{table}:{ln}: bad strict {strict!r}")
        rows.append(dict(id=rid, name=name, kws=kwl, vals=vals, parts=[parse_value(v) for v in vals],
                         severity=sev, strict=strict == "y", nested=strict == "nested", ref=ref))
    return rows


def pattern(row):
    kw = "(?:" + "|".join(row["kws"]) + ")"
    lead = r"(?:^|[^A-Za-z0-9])" if row["strict"] else ""
    gap = STRICT_GAP if row["strict"] else LOOSE_GAP
    val = value_group(row)
    return lead + kw + gap + SECRET_WORD + AFTER + val + end_class(row["parts"])


def one_case(alpha):
    """A value class whose letters come in one case only ([a-z0-9], [A-Z0-9]); hex digits do
    not count: either case of a hex digit is the same number (an upper-case UUID, a digest
    a tool printed in capitals)."""
    letters = {c for c in alpha if c.isalpha()}
    return bool(letters - set("abcdefABCDEF")) and bool({c.swapcase() for c in letters} - letters)


def value_shape(v):
    """One value shape as a pattern: a class of one case reads as (?-i:...), since the rules
    are caseless (for the names) and a mixed-case near-miss of a lower-case format
    (TruffleHog's "invalid pattern" cases) must not pass for the provider's key. Literal
    characters stay as they are, so the masked evidence still shows a literal prefix."""
    out = []
    for m in SEGMENT.finditer(v):
        if m.group(1) and one_case(gse.expand_class("[" + m.group(1) + "]")):
            out.append("(?-i:" + m.group() + ")")
        else:
            out.append(m.group())
    return "".join(out)


def value_group(row):
    """The value as the secret group (Vectorscan and PCRE2 both read (?-i:...))."""
    return "(" + "|".join(value_shape(v) for v in row["vals"]) + ")"


def has_trigger(row):
    """Every value shape starts with TRIGGER_LEN fixed characters of TRIGGER_CLASS."""
    allowed = set(gse.expand_class("[" + TRIGGER_CLASS + "]"))
    for parts in row["parts"]:
        n = 0
        for kind, a, lo, hi in parts:
            if not set(a) <= allowed:
                return False
            n += lo
            if n >= TRIGGER_LEN:
                break
            if hi != lo:
                return False
        if n < TRIGGER_LEN:
            return False
    return True


def q(s):
    return "'" + s.replace("'", "''") + "'"


def block(s, indent):
    return "\n".join(indent + ln for ln in s.splitlines())


def is_generic(row):
    """The engine's generic checks reject UUIDs, paths (two '/'), dotted names and values
    without both letters and digits: such shapes get a non-generic rule."""
    for parts in row["parts"]:
        alpha = value_chars(parts)
        if is_uuidish(parts) or alpha & set("/.:") or not (alpha & set("0123456789")) or not (alpha & set(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")):
            return False
    return True


def rule_yaml(row):
    rng = random.Random(int.from_bytes(hashlib.sha256(row["id"].encode()).digest()[:8], "big"))
    generic = is_generic(row)
    floor = entropy_floor(row["parts"])
    rid = ("generic-" if generic else "") + row["id"] + "-credential"
    kw = row["kws"][0].replace("\\", "")
    E, C, name = env_name(kw), camel(kw), row["name"]
    parts = row["parts"]
    v = [gen_value(parts[i % len(parts)], rng, floor=floor, generic=generic) for i in range(6)]
    pos = [
        f"{E}_API_KEY={v[0]}",
        {"path": "config/settings.json",
         "content": f'{{\n  "{C}ApiKey": "{v[1]}",\n  "timeoutMs": 5000\n}}\n'},
        {"path": "src/lib/client.ts",
         "content": f'const {C}Token = "{v[2]}";\nexport default {C}Token;\n'},
        {"path": "app/settings.py",
         "content": f'{E}_SECRET = os.getenv("{E}_SECRET", "{v[3]}")\n'},
        {"path": "docker-compose.yml",
         "content": f"services:\n  api:\n    environment:\n      {E}_ACCESS_TOKEN: {v[4]}\n"},
    ]
    if row["nested"]:
        k = kw.replace(".", "_")
        pos = [
            {"path": "config/services.yaml", "content": f"{k}:\n  api_key: {v[0]}\n"},
            {"path": "config/app.yaml",
             "content": f"{k}:\n  enabled: true\n  secret: \"{v[1]}\"\n"},
            {"path": "config/settings.json",
             "content": f'{{\n  "{C}": {{\n    "apiKey": "{v[2]}"\n  }}\n}}\n'},
            {"path": "config.toml", "content": f"[{k}]\napi_key = \"{v[3]}\"\n"},
            {"path": "src/config.ts",
             "content": f"export const {C} = {{\n  accessToken: '{v[4]}',\n}};\n"},
        ]
    elif row["strict"]:
        pos.append({"path": "config/app.yaml",
                    "content": f"integrations:\n  {kw.replace('.', '_')}_api_key: '{v[5]}'\n"})
    else:
        pos.append({"path": "config/app.yaml",
                    "content": f"{kw.replace('.', '_')}:\n  api_key: {v[5]}\n  region: eu\n"})
    minlen = min(sum(lo for kind, a, lo, hi in p) for p in parts)
    short = gen_value(parts[0], rng, floor=floor, generic=generic)[:max(4, minlen // 2)]
    wrong = gen_value(parts[0], rng, floor=floor, generic=generic)
    k = max(1, min(3, len(wrong) // 4))
    wrong = wrong[:k] + "#" + wrong[k + 1:]
    neg = [
        f"{E}_API_KEY=your_{kw.replace('.', '_')}_api_key_here",
        f"{E}_API_KEY={short}",
        f"{E}_API_KEY={wrong}",
        f"{E}_API_KEY=${{{E}_API_KEY}}",
        f"API_KEY={gen_value(parts[0], rng, generic=generic)}",
    ]
    if row["strict"]:  # drawn last: the other examples stay as they were
        pos.append({"path": "logs/client.log", "content": (
            f"[debug] using {kw} key = {gen_value(parts[-1], rng, floor=floor, generic=generic)}\n")})
    if not row["nested"]:  # a YAML setting named with dashes, `private`/`access`, unquoted value
        word = "private" if row["strict"] else "access"
        pos.append({"path": "config/credentials.yml", "content": (
            f"{kw.replace('.', '-')}-{word}: {gen_value(parts[0], rng, floor=floor, generic=generic)}\n")})
    if "=" in end_class(parts) and not any("=" in a for p in parts for kind, a, lo, hi in p):
        # drawn last too: base64 of the shape's length, then padding
        neg.append(f"{E}_API_KEY={gen_value(parts[0], rng, floor=floor, generic=generic)}=")
    title = f"{name} credential (by setting name)"
    desc = (f"A value of {name}'s credential format assigned to a {name} key, token or secret "
            "setting. Whoever reads it can call the service's API with the account's "
            "permissions and quota, and read or change the data the account holds.")
    rec = (f"Revoke the credential in the {name} dashboard, issue a new one, and load it from "
           "the environment or a secret manager instead of the code.")
    return rule_text(row, rid, title, f"{'medium' if generic else 'low'}", pattern(row),
                     TRIGGER if has_trigger(row) else None, floor, desc, rec, pos, neg)


def example_lines(out, examples):
    """Append a rule's examples as YAML list items: a string inline, a {path, content} file
    as a block."""
    for e in examples:
        if isinstance(e, str):
            out.append(f"      - {q(e)}")
        else:
            out.append(f"      - path: {e['path']}")
            out.append("        content: |")
            out.append(block(e["content"], "          "))


def rule_text(row, rid, title, confidence, pat, trigger, floor, desc, rec, pos, neg, paths=None):
    """One generated rule as YAML; examples (negatives too) are strings or {path, content}."""
    refs = [row["ref"]] if row["ref"] != "-" else []
    refs.append("https://cwe.mitre.org/data/definitions/798.html")
    out = [f"  - id: {rid}",
           f"    title: {q(title)}",
           "    category: secret",
           f"    severity: {row['severity']}",
           f"    confidence: {confidence}",
           f"    pattern: {q(pat)}",
           *([f"    trigger: {q(trigger)}"] if trigger else []),
           "    flags: [caseless]",
           # A provider's own format (jwt, a prefixed key) on the same bytes is the better
           # finding: a plain-id context rule gives way to it (generic-* rules always do).
           *(["    loses_overlaps: true"] if not rid.startswith("generic-") else []),
           *([f"    paths: [{', '.join(q(p) for p in paths)}]"] if paths else []),
           "    secret_group: 1",
           f"    entropy: {floor}",
           f"    description: {q(desc)}",
           f"    recommendation: {q(rec)}",
           "    references: [" + ", ".join(q(r) for r in refs) + "]",
           "    examples:"]
    example_lines(out, pos)
    out.append("    negative_examples:")
    example_lines(out, neg)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- credential elements

# Names too common in ordinary code or prose to stand for the provider without a secret
# word (English words, platforms every SDK mentions): their rows keep only the context form.
COMMON_NAMES = set("""
azure braze canny nexus nomad percy unify pendo scalr sinch tatum findl kylas ionos
akamai alegra aliyun cicero consul devops disqus elastic fastly gitlab gitter gradle groove
hasura kibana kraken looker redhat runway sentry travis voyage wasabi yandex qcloud mesibo
harvest courier cypress databox octopus parsers pivotal roaring spotify twitter unleash
verifier collect2 debounce humanity holistic prospect protocols postbacks chromatic clockwork
confluent dandelion delighted honeycomb commodities noticeable opensearch elasticsearch
jenkins atlassian bitbucket confluence cloudflare mattermost datadog openai coinbase blogger
chatbot fulcrum linode upcloud goodday tencent instana optimizely signalwire solarwinds
semaphore search_api search_admin speechtext stockdata supernotes webscraper webscraping
exchangerate exchangerates worldweather foursquare eventbrite squarespace ringcentral
""".split())
# A credential element of an XML store (a Jenkins credentials.xml `<secret>`, a Maven or
# NuGet `<password>`), its text naming the provider, then the token: `<secret>{acme AQAB
# k3y...}</secret>`. The element is the rules' shared trigger: a handful of rare literals,
# read over every byte (a trigger of the ~400 names themselves doubled the Vectorscan pass,
# docs/engine-speed.md "Tried, not kept").
ELEMENT = r"<(?:secret|password|passwd|token|api_?key|api_?token|credentials?)>"
# The trigger leaves the '>' out: the pattern's second form takes the element's name with
# or without it (`<secret>VALUE`, where '>' is the value's lead character, but also
# `<token VALUE`), and a trigger must be inside every match (`vega rules test` tries the
# examples with each byte of the trigger's match made a space or left out).
ELEMENT_TRIGGER = ELEMENT[:-1]
# Shorter values are too often ids, versions or words.
NEAR_MIN_LEN = 16


def near_keywords(row):
    """The row's names distinctive enough to stand for the provider on their own."""
    if row["strict"]:
        return []
    return [k for k in row["kws"] if len(k.replace("\\", "")) >= 5
            and k.replace("\\", "") not in COMMON_NAMES and not k.replace("\\", "").isdigit()]


def lead_class(parts_list):
    """A character that may precede the value (not one the value could continue with)."""
    return end_class(parts_list)[len("(?:"):-len("|$)")]


def near_generic(parts_list):
    """Only letter-and-digit values: a UUID, a hex digest of one case or a word next to a
    name is too often an id, a commit or a version."""
    for parts in parts_list:
        alpha = value_chars(parts)
        if is_uuidish(parts) or alpha & set("/.:") or not (alpha & set("0123456789")) or not (
                alpha & set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")):
            return False
    return True


def element_keywords(row):
    """Inside a credential element, or in the lines just before it (`<id>acme-prod</id>`), a
    name need not be distinctive: every name of 4+ characters, whole (not inside a longer
    word), takes part."""
    return [k for k in row["kws"] if len(k.replace("\\", "")) >= 4
            and not k.replace("\\", "").isdigit()]


def element_pattern(row, kws, generic=True):
    val = value_group(row)
    name = "(?:" + "|".join(kws) + ")"
    inside = (ELEMENT + r"(?:[^<\r\n]{0,23}[^A-Za-z0-9<\r\n])?" + name
              + r"(?:[^A-Za-z0-9<\r\n][^<\r\n]{0,39})?")
    # The element's '>' may be the character before the value: <secret>VALUE</secret>.
    before = (r"(?:^|[^A-Za-z0-9])" + name + r"[^A-Za-z0-9\r\n][^\r\n]{0,60}(?:\r?\n[^\r\n]{0,60}){0,2}"
              + ELEMENT[:-1] + r"(?:>[^<\r\n]{0,24})?")
    # A non-generic rule does not lose to the context rule of the same provider, which
    # already reads the name in the lines before `<secret>`: only the name inside.
    head = "(?:" + inside + "|" + before + ")" if generic else inside
    return head + lead_class(row["parts"]) + val + end_class(row["parts"])


def element_rule_yaml(row, kws):
    rng = random.Random(int.from_bytes(hashlib.sha256(("near:" + row["id"]).encode()).digest()[:8],
                                       "big"))
    floor = max(3.0, entropy_floor(row["parts"]))
    parts = row["parts"]
    generic = is_generic(row)
    v = [gen_value(parts[i % len(parts)], rng, floor=floor, generic=generic) for i in range(3)]
    kw = kws[0].replace("\\", "")
    name = row["name"]
    impl = "org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl"
    pos = [
        {"path": "jenkins/credentials.xml",
         "content": (f"<{impl}>\n  <scope>GLOBAL</scope>\n  <secret>{{{kw} {v[0]}}}</secret>\n"
                     f"</{impl}>\n")},
        {"path": "settings.xml",
         "content": f"<server>\n  <password>{kw}: {v[1]}</password>\n</server>\n"},
    ]
    minlen = min(sum(lo for kind, a, lo, hi in p) for p in parts)
    neg = [
        f"<secret>{{{kw} {v[2][:max(4, minlen // 2)]}}}</secret>",
        f"<secret>{{{kw} is read from the vault at deploy time by the agent}}</secret> {v[2]}",
        f"<id>{kw}</id>\n<scope>GLOBAL</scope>\n<description>prod</description>\n<owner>ci</owner>\n"
        f"<secret>{v[2]}</secret>",
    ]
    # drawn last: the other examples stay as they were
    last = gen_value(parts[-1], rng, floor=floor, generic=generic)
    if generic:
        pos.append({"path": "jenkins/credentials.xml",
                    "content": f"<{impl}>\n  <id>{kw}-prod</id>\n  <secret>{last}</secret>\n</{impl}>\n"})
    else:
        pos.append({"path": "nuget/credentials.xml", "content": f"<token>{kw} {last}</token>\n"})
    title = f"{name} credential (in a credential element)"
    desc = (f"A value of {name}'s credential format in a credential element (`<secret>`, "
            f"`<password>`, `<token>`) that names {name}, as Jenkins and build tools store "
            "them. Whoever reads it can call the service's API with the account's permissions.")
    rec = (f"Revoke the credential in the {name} dashboard, issue a new one, and keep it "
           "encrypted in the credential store or in a secret manager.")
    # A UUID, a dotted or slashed token, a value without digits cannot pass the engine's
    # generic checks: a plain id, low confidence (the element and the name are the evidence).
    rid = ("generic-" if generic else "") + f"{row['id']}-credential-element"
    return rule_text(row, rid, title, "medium" if generic else "low",
                     element_pattern(row, kws, generic), ELEMENT_TRIGGER, floor, desc, rec, pos, neg)


def write_elements(rows, outdir):
    sel = [(r, element_keywords(r)) for r in rows]
    # Any shape of 16+ characters with letters (not a number: an id, a port, a date) and
    # without the element's own '<' and '>'.
    sel = [(r, k) for r, k in sel if k
           and all(value_chars(p) & set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
                   and not value_chars(p) & set("<>") for p in r["parts"])
           and min(sum(lo for kind, a, lo, hi in p) for p in r["parts"]) >= NEAR_MIN_LEN]
    path = os.path.join(outdir, "context-elements.yaml")
    with open(path, "w") as f:
        f.write("# Generated by scripts/gen-provider-rules.py from rules/providers.tsv: do not edit.\n")
        f.write("rules:\n")
        f.write("\n".join(element_rule_yaml(r, k) for r, k in sel))
    print(f"{path}: {len(sel)} rules")


# ---------------------------------------------------------------- provider-proximity form

# The provider-proximity form: a distinctive provider name, then within NEAR_GAP characters
# (line breaks included) a token of its format, no secret word (`acmecloud = "..."`, a log
# line after "calling the acmecloud API", `new AcmecloudClient('...')`). Its trigger is the
# alternation of the names, read over every byte: its cost grows with the number of names
# (all ~420 names took the main Vectorscan pass ~40% slower, session 6), so only names of
# NEAR_NAME_MIN characters or more take part (docs/rules-secrets.md gives the measured cost).
NEAR_GAP = r"[\s\S]{0,40}"
NEAR_NAME_MIN = 11


def near_names(row):
    return [k for k in near_keywords(row) if len(k.replace("\\", "")) >= NEAR_NAME_MIN]


def near_pattern(row, kws):
    val = value_group(row)
    return ("(?:" + "|".join(kws) + ")" + NEAR_GAP + lead_class(row["parts"]) + val
            + end_class(row["parts"]))


def near_rule_yaml(row, kws, trigger):
    rng = random.Random(int.from_bytes(hashlib.sha256(("nearby:" + row["id"]).encode()).digest()[:8],
                                       "big"))
    floor = max(3.0, entropy_floor(row["parts"]))
    parts = row["parts"]
    v = [gen_value(parts[i % len(parts)], rng, floor=floor) for i in range(6)]
    # A name of letters and digits only, so its camel-case spelling still contains it.
    kw = next((k for k in kws if re.fullmatch(r"[a-z0-9]+", k)), kws[0]).replace("\\", "")
    C, name = camel(kw), row["name"]
    if not re.fullmatch(r"[a-z0-9]+", kw):
        C = kw.replace(".", "_").replace("-", "_")
    cls = C[0].upper() + C[1:]
    pos = [
        {"path": "src/client.js", "content": f"const client = new {cls}Client('{v[0]}');\n"},
        {"path": "logs/deploy.log",
         "content": f"[info] calling the {kw} API\n[debug] header X-Auth: {v[1]}\n"},
        {"path": "config/services.yaml", "content": f"{kw}:\n  - {v[2]}\n"},
        {"path": "app/settings.py", "content": f"{kw.replace('.', '_')} = \"{v[3]}\"\n"},
        {"path": "main.go", "content": f"{C} := \"{v[4]}\"\n"},
    ]
    minlen = min(sum(lo for kind, a, lo, hi in p) for p in parts)
    neg = [
        f"const client = new {cls}Client(process.env.{env_name(kw)});",
        f"{kw}: {v[5][:max(4, minlen // 2)]}",
        f"{kw} # {'x' * 48} {v[5]}",
        f"const client = new ServiceClient('{v[5]}');",
    ]
    title = f"{name} credential (near the provider's name)"
    desc = (f"A value of {name}'s credential format within 40 characters after the name "
            f"{name} (an assignment to the name, a log line, a client's constructor, a YAML "
            "list). Weaker evidence than a named setting, hence low confidence; if it is a "
            "credential, whoever reads it can call the service's API with the account's "
            "permissions.")
    rec = (f"If it is a {name} credential, revoke it in the {name} dashboard, issue a new one, "
           "and load it from the environment or a secret manager instead.")
    row = dict(row, severity=row["severity"] if row["severity"] in ("medium", "low") else "medium")
    return rule_text(row, f"generic-{row['id']}-nearby", title, "low", near_pattern(row, kws),
                     trigger, floor, desc, rec, pos, neg)


def write_near(rows, outdir):
    sel = [(r, near_names(r)) for r in rows]
    sel = [(r, k) for r, k in sel if k and near_generic(r["parts"])
           and min(sum(lo for kind, a, lo, hi in p) for p in r["parts"]) >= NEAR_MIN_LEN]
    names = sorted({k for r, ks in sel for k in ks}, key=lambda k: (-len(k), k))
    trigger = "(?:" + "|".join(names) + ")"
    path = os.path.join(outdir, "context-nearby.yaml")
    with open(path, "w") as f:
        f.write("# Generated by scripts/gen-provider-rules.py from rules/providers.tsv: do not edit.\n")
        f.write("rules:\n")
        text = "\n".join(near_rule_yaml(r, k, trigger) for r, k in sel)
        line = f"    trigger: {q(trigger)}\n"  # written once, then a YAML alias
        first = text.index(line) + len(line)
        text = (text[:first].replace(line, f"    trigger: &near {q(trigger)}\n")
                + text[first:].replace(line, "    trigger: *near\n"))
        f.write(text)
    print(f"{path}: {len(sel)} rules, {len(names)} names in the trigger")


# ---------------------------------------------------------------- direct-assignment form

# The direct-assignment form: a provider's distinctive name is itself the setting, a token
# assigned to it at once (`cloudsmith: "..."`, `CHARTMOGUL=...`, `onesignal = '<uuid>'`), no
# secret word. Two rules over every distinctive name (5+ characters, not a common word, not a
# strict row): any token of 16+ letters and digits (the generic value checks apply), and a
# UUID. Tried and not kept: one rule per provider (its own shape) with a shared trigger of
# the names and the assignment read over every byte: npm bench tree, every byte, user CPU
# 3.3 s -> 7.0 s; with the names and one assignment or quote character, +9% (529 names) and
# +10% (379 names of 8+ characters); as 499 path-limited rules, the engine's per-file path
# test (one entry per rule and glob) took 3.3 s -> 20 s. Two rules limited to configuration,
# data, text and server-side source files (DIRECT_PATHS, their own path database): not
# JavaScript/TypeScript, source maps or docs, where a name and a string are everywhere.
DIRECT_ASSIGN = r"[\"'`]?\]?[ \t]{0,4}(?::=|=>|=|:)[ \t]{0,4}[\"'`]?"
DIRECT_NAME_MIN = 5
DIRECT_PATHS = ["**/.env", "**/*.env", "**/*.yaml", "**/*.yml", "**/*.toml", "**/*.ini",
                "**/*.cfg", "**/*.conf", "**/*.properties", "**/*.txt", "**/*.log",
                "**/*.tf", "**/*.tfvars", "**/*.py", "**/*.rb", "**/*.go", "**/*.php", "**/*.sh",
                "**/*.java", "**/*.kt", "**/*.cs", "**/*.rs", "**/*.swift"]
UUID = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
HEX_KEY = "[0-9A-Fa-f]{64}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{32}"


def direct_names(row):
    return [k for k in near_keywords(row) if len(k.replace("\\", "")) >= DIRECT_NAME_MIN]


def direct_rule(rid, title, conf, names, val, end, floor, rng, mk, desc):
    kws = ["cloudsmith", "chartmogul", "onesignal", "pepipost", "jotform"]
    v = [mk(rng) for _ in range(8)]
    pos = [
        {"path": ".env", "content": f"{kws[0].upper()}={v[0]}\n"},
        {"path": "config/services.yaml", "content": f"{kws[1]}: \"{v[1]}\"\n"},
        {"path": "config.toml", "content": f"[services]\n{kws[2]} = \"{v[2]}\"\n"},
        {"path": "app/settings.py", "content": f"{kws[3]} = '{v[3]}'\n"},
        {"path": "notes/keys.txt", "content": f"{kws[4]} := {v[4]}\n"},
    ]
    neg = [
        {"path": ".env", "content": f"{kws[0].upper()}={v[5][:10]}\n"},
        {"path": ".env", "content": f"{kws[0].upper()}=your_{kws[0]}_key_here\n"},
        {"path": ".env", "content": f"{kws[0].upper()}=${{{kws[0].upper()}}}\n"},
        {"path": "notes.txt", "content": f"{kws[1]} is the service; {v[6]}\n"},
        {"path": "app/settings.py", "content": f"{kws[2]}Url = '{v[6]}'\n"},
        {"path": "app/settings.py", "content": f"service_name = '{v[6]}'\n"},
        {"path": "src/client.js", "content": f"const {kws[3]} = '{v[7]}';\n"},
        {"path": "package.json", "content": f'{{ "{kws[3]}": "{v[7]}" }}\n'},
    ]
    rec = ("If it is the provider's credential, revoke it in the provider's dashboard, issue a "
           "new one, and load it from the environment or a secret manager instead.")
    # low: a proximity rule (medium) of the same bytes outranks it; XML is left to the
    # credential-element rules.
    row = {"severity": "low", "ref": "-"}
    pat = r"(?:^|[^A-Za-z0-9])(?:" + "|".join(names) + ")" + DIRECT_ASSIGN + "(" + val + ")" + end
    return rule_text(row, rid, title, conf, pat, None, floor, desc, rec, pos, neg,
                     paths=DIRECT_PATHS)


def write_direct(rows, outdir):
    names = sorted({k for r in rows for k in direct_names(r)}, key=lambda k: (-len(k), k))
    rng = random.Random(20261207)
    hexd = "0123456789abcdef"

    def uuid(r):
        return "-".join(rand_str(hexd, n, r) for n in (8, 4, 4, 4, 12))

    what = ("assigned directly to a setting named after a known provider (`cloudsmith: ...`, "
            "`CHARTMOGUL=...`, one of ~%d names of the provider table), with no key, token or "
            "secret word in the name, in a configuration, data, text or server-side source "
            "file. Weaker evidence than a named credential setting or a provider's own format, "
            "hence low confidence; if it is a credential, whoever reads it can call the "
            "service's API with the account's permissions." % len(names))
    # A free-length token under a bare provider name (16-100 letters and digits, the generic
    # value checks) was tried in session 11 and left out: Kingfisher formats 0.753 -> 0.774,
    # but TruffleHog's near-miss negatives flagged 100 -> 200 of 1,184 (a token one character
    # short of the provider's format under its bare name), twice the false-positive rate the
    # issue allows on labelled non-secrets. A UUID has one exact shape, so it stays.
    # A hex key of one of the three lengths providers issue (32, 40, 64: an MD5-, SHA-1- or
    # SHA-256-sized random key, `wandb = "<40 hex>"`, `CLOUDSMITH=<40 hex>`) has exact shapes
    # too: a near-miss (31 or 41 digits, a letter past f) stays unreported.
    def hexkey(r):
        return rand_str(hexd, r.choice((32, 40, 64)), r)

    rules = [
        direct_rule("provider-name-uuid", "UUID key assigned to a provider's name", "low",
                    names, UUID, "(?:[^A-Za-z0-9_-]|$)", 3.0, rng, uuid,
                    "A UUID (many providers issue UUID-shaped API keys) " + what),
        direct_rule("generic-provider-name-hex-key", "Hex key assigned to a provider's name", "low",
                    names, HEX_KEY, "(?:[^A-Za-z0-9_-]|$)", 3.0, rng, hexkey,
                    "A key of 32, 40 or 64 hex digits (the shape of many providers' API keys) "
                    + what),
    ]
    path = os.path.join(outdir, "context-direct.yaml")
    with open(path, "w") as f:
        f.write("# Generated by scripts/gen-provider-rules.py from rules/providers.tsv: do not edit.\n")
        f.write("rules:\n")
        f.write("\n".join(rules))
    print(f"{path}: {len(rules)} rules, {len(names)} names")


BUCKETS = [("a", "b"), ("c", "d"), ("e", "h"), ("i", "m"), ("n", "q"), ("r", "s"), ("t", "z")]


# Providers whose shape the generic rules may trust: a generic finding (a quoted
# `*_token = "..."`) whose setting name starts a word with one of these keywords and whose
# value fits none of the keyword's shapes is a near-miss of that provider's format, not a
# credential (checks_named_shape_reject). Written with no shape (a name that keeps any
# value): common-word keywords (strict y), and keywords of providers with hand-written rules
# elsewhere (azure, npm, gitlab, okta...), whose other token families the table does not
# hold, save those checked to hold one shape.
SHAPE_KEEP = {"wandb"}  # ai.yaml's wandb-api-key: [0-9a-f]{40}, the table's shape
SHAPES_C = "src/scan/provider-shapes.inc"


def hand_ids(outdir):
    ids = set()
    for name in os.listdir(outdir):
        if name.endswith(".yaml") and not name.startswith("context-"):
            with open(os.path.join(outdir, name)) as f:
                ids.update(re.sub(r"[^a-z0-9]", "", m.group(1))
                           for m in re.finditer(r"^  - id: (\S+)", f.read(), re.M))
    return ids


def shape_c(parts):
    """One value shape as the string checks.c reads: parts `lo,hi:alphabet` split by tabs."""
    out = []
    for kind, alpha, lo, hi in parts:
        a = "".join(sorted(set(alpha))) if kind == "class" else alpha
        out.append("%d,%d:%s" % (lo, hi, a))
    return "\\t".join(out)


def write_shapes(rows, outdir, path=SHAPES_C):
    hand = hand_ids(outdir)
    lines = []
    for r in rows:
        for k in r["kws"]:
            flat = re.sub(r"[^a-z0-9]", "", k.replace("\\", ""))
            if k not in SHAPE_KEEP and (r["strict"] or any(flat in h for h in hand)):
                # named, shape unknown: such a name keeps the value (geocode beside geocod)
                lines.append('    {"%s", NULL}, /* %s */' % (k.replace("\\", ""), r["id"]))
                continue
            for parts in r["parts"]:
                lines.append('    {"%s", "%s"}, /* %s */' % (k.replace("\\", ""), shape_c(parts),
                                                           r["id"]))
    with open(path, "w") as f:
        f.write("/* Generated by scripts/gen-provider-rules.py from rules/providers.tsv: do not "
                "edit.\n * {setting-name keyword, value shape} for checks_named_shape_reject. */\n")
        f.write("\n".join(lines) + "\n")
    print(f"{path}: {len(lines)} shapes")


def main():
    """With --check: generate into a scratch copy and fail when a committed output differs
    (make lint: the generated rules and src/scan/provider-shapes.inc follow the table)."""
    args = [a for a in sys.argv[1:] if a != "--check"]
    table = args[0] if args else "rules/providers.tsv"
    outdir = args[1] if len(args) > 1 else "rules/secrets"
    if "--check" not in sys.argv:
        generate(table, outdir, SHAPES_C)
        return
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(outdir, tmp, dirs_exist_ok=True)
        with contextlib.redirect_stdout(io.StringIO()):
            generate(table, tmp, os.path.join(tmp, "provider-shapes.inc"))
        pairs = [(os.path.join(tmp, n), os.path.join(outdir, n))
                 for n in sorted(os.listdir(tmp)) if n.startswith("context-")]
        pairs.append((os.path.join(tmp, "provider-shapes.inc"), SHAPES_C))
        stale = [ours for new, ours in pairs
                 if not os.path.exists(ours) or open(new).read() != open(ours).read()]
    if stale:
        raise SystemExit("gen-provider-rules.py: out of date with %s (run it): %s"
                         % (table, ", ".join(stale)))


def generate(table, outdir, shapes_path):
    rows = load(table)
    ids = [r["id"] for r in rows]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise SystemExit(f"duplicate ids: {sorted(dup)}")
    for lo, hi in BUCKETS:
        sel = [r for r in rows if lo <= r["id"][0] <= hi or (lo == "a" and r["id"][0].isdigit())]
        path = os.path.join(outdir, f"context-{lo}-{hi}.yaml")
        with open(path, "w") as f:
            f.write(f"# Generated by scripts/gen-provider-rules.py from rules/providers.tsv: do not edit.\n")
            f.write("rules:\n")
            f.write("\n".join(rule_yaml(r) for r in sel))
        print(f"{path}: {len(sel)} rules")
    write_elements(rows, outdir)
    write_near(rows, outdir)
    write_direct(rows, outdir)
    write_shapes(rows, outdir, shapes_path)


if __name__ == "__main__":
    main()
