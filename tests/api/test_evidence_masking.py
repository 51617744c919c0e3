"""No secret in clear in any evidence (issue 9, item 1).

Keys are planted inside the matches of code rules (a shell command built from request data,
a Python os.system, fetch headers), where only secret rules used to mask. The scan's API
answer, the database file (and its WAL), the server log, the blob directory and every
`vega scan` format must not hold any of them; the evidence shows the public prefix plus 4
characters at most.
"""
import os
import random
import string
import subprocess
import zipfile
import zlib

from conftest import VEGA
from scanlib import make_zip, run_scan

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def _rand(alpha, n, rng):
    while True:
        s = "".join(rng.choice(alpha) for _ in range(n))
        if any(c.isdigit() for c in s) and any(c.isupper() for c in s) and \
                any(c.islower() for c in s):
            return s


def _github_token(rng):
    body = _rand(B62, 30, rng)
    n, tail = zlib.crc32(body.encode()) & 0xFFFFFFFF, ""
    while n:
        n, r = divmod(n, 62)
        tail = B62[r] + tail
    return "ghp_" + body + tail.rjust(6, "0")


def planted(seed=None):
    rng = random.Random(seed)
    return {
        "stripe": "sk_live_" + _rand(B62, 32, rng),
        "aws_id": "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
                                   for _ in range(16)),
        "aws_secret": _rand(B62 + "+/", 40, rng),
        "password": "Pw" + _rand(B62, 12, rng) + "7",
        "github": _github_token(rng),
        # Hard-coded secrets that look like words (no entropy to give them away): the
        # findings of the code rules about them are the secret itself.
        "session": "acme-notes-" + rng.choice(["alpha", "bravo", "delta"]) + "-" +
                   str(rng.randrange(1000, 9999)),
        "hmac": "coupon-signing-" + rng.choice(["red", "blue", "green"]) + "-" +
                str(rng.randrange(1000, 9999)),
    }


def project(k):
    return {
        "app/server.js": (
            "const { exec } = require('child_process');\n"
            "const express = require('express');\n"
            "const app = express();\n"
            "app.get('/charge', (req, res) => {\n"
            f"  exec(\"curl -H 'Authorization: Bearer {k['stripe']}' "
            "https://api.stripe.com/v1/charges -d amount=\" + req.query.amount);\n"
            "});\n"
            "app.get('/sync', (req, res) => {\n"
            f"  exec(`AWS_ACCESS_KEY_ID={k['aws_id']} AWS_SECRET_ACCESS_KEY={k['aws_secret']} "
            "aws s3 cp s3://bucket/${req.query.key} .`);\n"
            "});\n"
            "app.get('/repo', async (req, res) => {\n"
            "  const r = await fetch('https://api.github.com/repos/' + req.query.repo, "
            f"{{ headers: {{ Authorization: 'token {k['github']}' }} }});\n"
            "  res.send(await r.text());\n"
            "});\n"),
        "app/session.js": (
            "const crypto = require('crypto');\n"
            "const session = require('express-session');\n"
            f"app.use(session({{ secret: \"{k['session']}\", resave: false }}));\n"
            "const sign = (data) => crypto.createHmac('sha256', "
            f"'{k['hmac']}').update(data).digest('hex');\n"),
        "app/backup.py": (
            "import os\n"
            "from flask import request\n\n"
            "def backup():\n"
            f"    os.system(\"mysqldump -u root -p{k['password']} shop > \" + "
            "request.args.get('file'))\n"),
    }


def hidden_parts(k):
    """What no output may contain: each secret, and for long ones everything after what
    the evidence may show (prefix + 4 characters)."""
    out = []
    for name, v in k.items():
        out.append(v)
        if name in ("stripe", "github"):
            out.append(v[12:])
        elif name == "aws_id":
            out.append(v[4:])
        elif name == "aws_secret":
            out.append(v[4:])
        else:
            out.append(v[1:])
    return out


def assert_clean(blob, k, where):
    text = blob if isinstance(blob, str) else blob.decode("latin-1")
    for s in hidden_parts(k):
        assert s not in text, f"{where} holds a secret ({s[:4]}...)"


def code_evidence(findings):
    return [f["masked_evidence"] for f in findings if f["category"] != "secret"]


def test_keys_inside_code_matches_are_masked_everywhere(server):
    k = planted()
    tok = server.token()
    # Stored, not deflated: the upload holds the keys in clear until it is deleted.
    scan = run_scan(server, make_zip(project(k), compression=zipfile.ZIP_STORED), token=tok)
    assert scan["status"] == "complete", scan
    ev = code_evidence(scan["findings"])
    # The keys were inside code findings' evidence, and show there masked.
    assert any("Bearer sk_live_" + k["stripe"][8:12] + "****" in e for e in ev), ev
    assert any("-p****" in e for e in ev), ev
    assert any("AKIA****" in e for e in ev), ev
    rules = {f["rule_id"]: f["masked_evidence"] for f in scan["findings"]}
    assert rules.get("js-hardcoded-session-secret") == '"****"', rules
    assert rules.get("js-hardcoded-hmac-key") == "'****'", rules
    secret_ev = [f["masked_evidence"] for f in scan["findings"] if f["category"] == "secret"]
    assert "sk_live_" + k["stripe"][8:12] + "****" in secret_ev
    for f in scan["findings"]:
        assert len(f["masked_evidence"].split("****")[0]) <= 400
    r = server.req("GET", f"/scans/{scan['id']}", token=tok)
    assert_clean(r.text, k, "the API answer")
    assert_clean(server.dump_database(), k, "the database")
    assert_clean(server.read_log(), k, "the server log")


def test_no_key_left_in_the_blob_dir(server):
    """The upload is deleted once the scan is done (issue 9, item 2): nothing of it stays."""
    k = planted()
    tok = server.token()
    scan = run_scan(server, make_zip(project(k), compression=zipfile.ZIP_STORED), token=tok)
    assert scan["status"] == "complete", scan
    for root, _, files in os.walk(os.path.join(server.data_dir, "blobs")):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                assert_clean(f.read(), k, f"blob {os.path.relpath(path, server.data_dir)}")


def test_vega_scan_outputs_hold_no_key(tmp_path):
    k = planted()
    for name, text in project(k).items():
        p = tmp_path / "src" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    env = dict(os.environ)
    for fmt in ("text", "json", "sarif"):
        out = tmp_path / f"report.{fmt}"
        p = subprocess.run([VEGA, "scan", "--no-progress", "--format", fmt, "-o", str(out),
                            str(tmp_path / "src")], capture_output=True, env=env, timeout=120)
        assert p.returncode == 1, p.stderr
        report = out.read_text()
        assert "****" in report
        assert_clean(report, k, f"vega scan --format {fmt}")
        assert_clean(p.stdout + p.stderr, k, f"vega scan --format {fmt} stdout/stderr")
    assert "-p****" in (tmp_path / "report.json").read_text()
