"""Reports of `vega scan` (docs/scan.md, "Reports"): the text report's wording and
options (-v, -q, -o), .vegaignore entries naming unknown rules, inline `vega:ignore`
placement, and SARIF checked by Microsoft's SARIF validator (@microsoft/sarif-multitool,
pinned in tests/sarif/package-lock.json, installed by `make test` with `npm ci`)."""
import json
import os
import re
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VEGA = os.environ.get("VEGA_BIN", os.path.join(ROOT, "build", "vega"))
VULN = os.path.join(ROOT, "examples", "vulnerable-app")
MULTITOOL = os.path.join(ROOT, "tests", "sarif", "node_modules", "@microsoft",
                         "sarif-multitool-linux", "Sarif.Multitool")
STRIPE = "sk_live_51Hx8qLkR4tY7uWz9PbN3mVcQ2"
SUMMARY = re.compile(r"^\d+ findings?\. \d+ files? scanned \([0-9.]+ (B|KB|MB|GB)+, \d+ lines?\), "
                     r"\d+ ignored, \d+ risky skipped, \d+ suppressed\.$")


@pytest.fixture
def env(tmp_path, shared_cache):
    e = dict(os.environ, VEGA_CACHE_DIR=shared_cache, NO_COLOR="1",
             XDG_DATA_HOME=str(tmp_path / "xdg"))
    e.pop("VEGA_DATA_DIR", None)
    return e


def vega(env, *args):
    return subprocess.run([VEGA, *args], env=env, capture_output=True, text=True, timeout=120)


def app(tmp_path, files):
    root = tmp_path / "app"
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return str(root)


def test_text_report_singular_and_units(tmp_path, env):
    one = app(tmp_path, {"pay.js": 'const stripe = "%s";\n' % STRIPE})
    r = vega(env, "scan", one)
    assert r.returncode == 1, r.stderr
    last = r.stdout.strip().splitlines()[-1]
    assert last == ("1 finding. 1 file scanned (53 B, 1 line), 0 ignored, 0 risky skipped, "
                    "0 suppressed."), last
    assert "fix:" not in r.stdout
    # Larger inputs are shown in KB / MB, not as a fraction of a megabyte.
    (tmp_path / "app" / "big.txt").write_text("hello world\n" * 2000)
    last = vega(env, "scan", one).stdout.strip().splitlines()[-1]
    assert "2 files scanned (23.5 KB, 2001 lines)" in last, last


def test_verbose_prints_recommendations(tmp_path, env):
    root = app(tmp_path, {"pay.js": 'const stripe = "%s";\n' % STRIPE})
    r = vega(env, "scan", "-v", root)
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    i = next(k for k, l in enumerate(lines) if "stripe-live-secret-key" in l)
    assert lines[i + 1].strip() == STRIPE[:12] + "****"  # public prefix + 4 (docs/rules.md)
    assert lines[i + 2].startswith("      fix: Roll the key"), lines[i + 2]
    assert STRIPE not in r.stdout + r.stderr


def test_quiet_prints_only_the_summary(tmp_path, env):
    root = app(tmp_path, {"pay.js": 'const stripe = "%s";\n' % STRIPE,
                          "package.json": '{"dependencies": {"left-pad": "1.0.0"}}\n'})
    loud = vega(env, "scan", root)
    assert "no advisory data loaded" in loud.stderr  # a note -q hides
    r = vega(env, "scan", "-q", root)
    assert r.returncode == 1
    assert r.stderr == ""
    assert len(r.stdout.splitlines()) == 1 and SUMMARY.match(r.stdout.strip()), r.stdout
    clean = app(tmp_path / "c", {"a.txt": "nothing here\n"})
    r = vega(env, "scan", "--quiet", clean)
    assert r.returncode == 0 and r.stdout.startswith("0 findings. 1 file scanned")


def test_output_file_keeps_summary_on_stderr(tmp_path, env):
    root = app(tmp_path, {"pay.js": 'const stripe = "%s";\n' % STRIPE})
    for fmt in ("text", "json", "sarif"):
        out = tmp_path / ("report." + fmt)
        r = vega(env, "scan", "--format", fmt, "-o", str(out), root)
        assert r.returncode == 1
        assert r.stdout == ""
        assert r.stderr.strip() == ("1 finding. 1 file scanned (53 B, 1 line), 0 ignored, "
                                    "0 risky skipped, 0 suppressed."), r.stderr
        assert "stripe-live-secret-key" in out.read_text()


def test_vegaignore_unknown_rule_warns(tmp_path, env):
    root = app(tmp_path, {
        "pay.js": 'const stripe = "%s";\n' % STRIPE,
        ".vegaignore": "rule:stripe-live-secret-key\nrule:no-such-rule\n"
                       "rule:dependency-npm-vulnerable\n# rule:commented-out\n"})
    r = vega(env, "scan", root)
    assert r.returncode == 0, r.stdout
    warnings = [l for l in r.stderr.splitlines() if "warning" in l]
    assert warnings == ["vega scan: warning: .vegaignore: rule:no-such-rule names no known "
                        "rule, so it suppresses nothing (see `vega rules list`)"], r.stderr
    assert "1 suppressed" in r.stdout
    # Still shown with -q: it is a mistake in the user's configuration, not a note.
    assert "rule:no-such-rule" in vega(env, "scan", "-q", root).stderr


def test_inline_ignore_placement(tmp_path, env):
    key = 'k = "%s"' % STRIPE
    src = "\n".join([
        key + "  // vega:ignore",   # 1: trailing: silences line 1 only
        key,                        # 2: reported
        "// vega:ignore",           # 3: alone: silences line 4
        key,                        # 4: silenced
        key,                        # 5: reported
        "    # vega:ignore stripe-live-secret-key",  # 6: alone, with the rule id
        key,                        # 7: silenced
        "{/* vega:ignore */}",      # 8: JSX comment alone
        key,                        # 9: silenced
        "x = 1  # vega:ignore",     # 10: trailing on a code line: not the next line
        key,                        # 11: reported
    ]) + "\n"
    root = app(tmp_path, {"keys.js": src})
    out = tmp_path / "r.json"
    r = vega(env, "scan", "--format", "json", "-o", str(out), root)
    assert r.returncode == 1
    rep = json.loads(out.read_text())
    lines = sorted(f["line_start"] for f in rep["findings"]
                   if f["rule_id"] == "stripe-live-secret-key")
    assert lines == [2, 5, 11], lines
    assert rep["stats"]["suppressed"] == 4


def multitool(args, cwd):
    assert os.path.exists(MULTITOOL), (
        "the SARIF validator is not installed: run `make test` (or `npm ci` in tests/sarif)")
    if not os.access(MULTITOOL, os.X_OK):
        os.chmod(MULTITOOL, 0o755)  # what the package's postinstall does
    e = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1",
             DOTNET_CLI_TELEMETRY_OPTOUT="1")
    r = subprocess.run([MULTITOOL, *args], cwd=cwd, env=e, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    return r


# SARIF2006 fetches every URI in the log over HTTP: tests talk to 127.0.0.1 only.
NO_NETWORK_RULES = """<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
"""


def validate(tmp_path, sarif, levels):
    cfg = tmp_path / "validator.xml"
    cfg.write_text(NO_NETWORK_RULES)
    out = tmp_path / "validation.sarif"
    if out.exists():
        out.unlink()
    multitool(["validate", "--config", str(cfg), "--rule-kind", "Sarif;Gh", "--level", levels,
               "--output", str(out), str(sarif)], str(tmp_path))
    log = json.loads(out.read_text())
    results = log["runs"][0].get("results", [])
    return [(x["ruleId"], x.get("level", "warning"), x["message"].get("arguments"))
            for x in results]


def test_sarif_passes_the_validator(tmp_path, env):
    # Secrets, code and config rules (some without evidence), grouped rules.
    root = app(tmp_path, {"pay.js": 'const stripe = "%s";\n' % STRIPE})
    sarif = tmp_path / "vega.sarif"
    r = vega(env, "scan", "--format", "sarif", "-o", str(sarif), VULN, root)
    assert r.returncode == 1, r.stderr
    log = json.loads(sarif.read_text())
    run = log["runs"][0]
    assert run["tool"]["driver"]["informationUri"].startswith("https://")
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["name"] != rule["id"] and re.fullmatch(r"[A-Z][A-Za-z0-9]*", rule["name"])
    assert len(run["results"]) > 60
    for res in run["results"]:
        assert not res["message"]["text"].rstrip().endswith(":"), res["message"]
    assert STRIPE not in sarif.read_text()

    # No error or warning from the validator, SARIF and GitHub rule sets both.
    problems = validate(tmp_path, sarif, "Error;Warning")
    assert problems == [], problems
    # Of its notes, the friendly-name one (SARIF2012) applies to us and is fixed; the
    # others ask for snippets, message ids, version control data, "CS2001"-style ids.
    notes = {rid for rid, _, _ in validate(tmp_path, sarif, "Error;Warning;Note")}
    assert "SARIF2012" not in notes and "SARIF1001" not in notes, notes


def test_validator_catches_what_we_fixed(tmp_path):
    """The validator run above can fail: the old report's shape gives warnings."""
    old = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "vega", "version": "0.1.0", "rules": [
            {"id": "config-dotenv-committed", "name": "config-dotenv-committed",
             "shortDescription": {"text": "x"}}]}},
            "results": [{"ruleId": "config-dotenv-committed", "ruleIndex": 0, "level": "error",
                         "message": {"text": ".env file with values committed: "},
                         "locations": [{"physicalLocation": {"artifactLocation": {
                             "uri": ".env", "uriBaseId": "%SRCROOT%"},
                             "region": {"startLine": 1}}}]}]}]}
    sarif = tmp_path / "old.sarif"
    sarif.write_text(json.dumps(old, indent=2))
    ids = {rid for rid, _, _ in validate(tmp_path, sarif, "Error;Warning")}
    assert {"SARIF1001", "SARIF2005"} <= ids, ids
