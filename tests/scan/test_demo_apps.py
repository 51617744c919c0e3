"""The demo apps (docs/checks.md): `vega scan examples/vulnerable-app` lists exactly the rows
of its EXPECTED.md, each once; `examples/clean-app` has nothing above low. The dependency
rows come from a tiny OSV set written here (realistic ranges for the vulnerable app's old
packages), imported with `vega advisories import --data-dir`."""
import json
import os
import re
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VEGA = os.environ.get("VEGA_BIN", os.path.join(ROOT, "build", "vega"))
VULN = os.path.join(ROOT, "examples", "vulnerable-app")
CLEAN = os.path.join(ROOT, "examples", "clean-app")

# (id, ecosystem, package, introduced, fixed, severity)
ADVISORIES = [
    ("VEGA-TEST-0001", "npm", "lodash", "0", "4.17.21", "HIGH"),
    ("VEGA-TEST-0002", "npm", "minimist", "0", "1.2.6", "CRITICAL"),
    ("VEGA-TEST-0003", "npm", "jsonwebtoken", "0", "9.0.0", "HIGH"),
    ("VEGA-TEST-0004", "PyPI", "django", "2.2", "2.2.4", "CRITICAL"),
    ("VEGA-TEST-0005", "PyPI", "flask", "0", "0.12.3", "HIGH"),
    ("VEGA-TEST-0006", "PyPI", "pyyaml", "0", "5.4", "CRITICAL"),
]
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*(\d+)\s*\|\s*`([^`]+)`\s*\|")


def expected_rows():
    rows = []
    with open(os.path.join(VULN, "EXPECTED.md")) as fh:
        for line in fh:
            m = ROW.match(line)
            if m:
                rows.append((m.group(1), int(m.group(2)), m.group(3)))
    assert len(rows) == len(set(rows)), "EXPECTED.md lists a row twice"
    return rows


@pytest.fixture(scope="module")
def env(tmp_path_factory, shared_cache):
    tmp = tmp_path_factory.mktemp("demo")
    e = dict(os.environ, VEGA_CACHE_DIR=shared_cache)
    e.pop("VEGA_DATA_DIR", None)
    return tmp, e


@pytest.fixture(scope="module")
def data_dir(env):
    tmp, e = env
    osv = tmp / "osv"
    osv.mkdir()
    for aid, eco, name, intro, fixed, sev in ADVISORIES:
        doc = {
            "schema_version": "1.6.0", "id": aid, "modified": "2026-01-01T00:00:00Z",
            "summary": "Test advisory for %s" % name, "details": "Fixed in %s." % fixed,
            "affected": [{
                "package": {"ecosystem": eco, "name": name},
                "ranges": [{"type": "SEMVER" if eco == "npm" else "ECOSYSTEM",
                            "events": [{"introduced": intro}, {"fixed": fixed}]}],
            }],
            "database_specific": {"severity": sev},
        }
        (osv / (aid + ".json")).write_text(json.dumps(doc))
    data = tmp / "data"
    subprocess.run([VEGA, "advisories", "import", "--data-dir", str(data), str(osv)],
                   check=True, env=e, capture_output=True)
    return data


def scan(app, env, data):
    _, e = env
    p = subprocess.run([VEGA, "scan", "--format", "json", "--fail-on", "never", "--no-progress",
                        "--data-dir", str(data), app], env=e, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)["findings"]


def rows_of(findings):
    return [(f["file_path"], f["line_start"], f["rule_id"]) for f in findings]


def test_vulnerable_app_code_findings(env, tmp_path):
    got = rows_of(scan(VULN, env, tmp_path / "no-advisories"))
    want = [r for r in expected_rows() if not r[2].startswith("dependency-")]
    assert len(got) == len(set(got)), "a finding is listed twice"
    assert sorted(set(got) - set(want)) == [], "unexpected findings"
    assert sorted(set(want) - set(got)) == [], "missed planted issues"


def test_vulnerable_app_with_advisories(env, data_dir):
    got = rows_of(scan(VULN, env, data_dir))
    want = expected_rows()
    deps = [r for r in want if r[2].startswith("dependency-")]
    assert len(deps) == len(ADVISORIES)
    assert len(got) == len(set(got)), "a finding is listed twice"
    assert sorted(got) == sorted(want)


def test_clean_app_nothing_above_low(env, data_dir):
    found = scan(CLEAN, env, data_dir)
    above = [(f["file_path"], f["line_start"], f["rule_id"], f["severity"]) for f in found
             if f["severity"] not in ("low", "info")]
    assert above == []
