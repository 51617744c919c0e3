"""Audits: quotes, payments (PayPal stand-in and manual), the audit job, the report, the PDF
and the fix bundle, against a real `vega serve` and tests/fakes/paypal_server.py."""
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

import pytest
import requests

from conftest import Server, VEGA, assert_envelope, backends
from scanlib import make_zip, run_scan

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
APP = os.path.join(ROOT, "examples", "vulnerable-app")
FAKE = os.path.join(ROOT, "tests", "fakes", "paypal_server.py")
ARTIFACTS = os.environ.get("VEGA_TEST_ARTIFACTS", os.path.join(ROOT, "build", "test-artifacts"))
CLIENT_ID, CLIENT_SECRET = "vega-test-client", "vega-test-secret-" + "x" * 8
# Planted in examples/vulnerable-app: never in the report, the PDF or the database.
PLANTED = ["AKIAE7EELCFPND3BJRYV", "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",
           "acme-reporting-2024", "acme-jwt-signing-key", "acme-notes-session-2024"]


def app_files():
    out = {}
    for d, _, names in os.walk(APP):
        for n in names:
            p = os.path.join(d, n)
            out[os.path.relpath(p, APP)] = open(p, "rb").read()
    return out


@pytest.fixture(scope="module")
def paypal():
    p = subprocess.Popen([sys.executable, FAKE, "--client-id", CLIENT_ID, "--client-secret",
                          CLIENT_SECRET], stdout=subprocess.PIPE, text=True)
    port = int(p.stdout.readline().split()[1])
    base = f"http://127.0.0.1:{port}"
    yield base
    p.terminate()
    p.wait()


def mode(paypal, m):
    assert requests.post(paypal + "/_mode", json={"mode": m}, timeout=5).status_code == 200


def stats(paypal):
    return requests.get(paypal + "/_stats", timeout=5).json()


@pytest.fixture(scope="module", params=backends())
def srv(request, tmp_path_factory, paypal):
    s = Server(request.param, str(tmp_path_factory.mktemp("audits")),
               extra_env={"VEGA_PAYPAL_CLIENT_ID": CLIENT_ID,
                          "VEGA_PAYPAL_CLIENT_SECRET": CLIENT_SECRET,
                          "VEGA_PAYPAL_API_URL": paypal, "VEGA_RETAIN_UPLOADS": "1"}).start()
    yield s
    assert s.stop() == 0
    s.drop()


@pytest.fixture(scope="module")
def scanned(srv):
    tok = srv.token()
    scan = run_scan(srv, make_zip(app_files()), token=tok, project_name="acme-notes")
    assert scan["status"] == "complete"
    return tok, scan


@pytest.fixture(scope="module")
def small_scan(srv):
    """A second scan for the payment failure paths: a completed audit deletes its scan's
    code, so the main one is bought once."""
    tok = srv.token()
    scan = run_scan(srv, make_zip({"Dockerfile": "FROM node:20\nCMD [\"node\", \"a.js\"]\n"}),
                    token=tok, project_name="small")
    assert scan["status"] == "complete"
    return tok, scan


def upload_blobs(srv, scan_id):
    """The archive files of scan_id on local storage (any user directory)."""
    root = os.path.join(srv.data_dir, "blobs", "raw-uploads")
    return [os.path.join(d, n) for d, _, names in os.walk(root) for n in names
            if n == f"{scan_id}.zip"]


def soon(check, timeout=15):
    """Poll check() until true: the audit job deletes the code right after it settles."""
    deadline = time.time() + timeout
    while not check():
        assert time.time() < deadline, "not deleted after the audit ended"
        time.sleep(0.05)
    return True


def buy(srv, tok, scan_id, tier="founder_shield"):
    r = srv.req("POST", "/audits", token=tok, json={"scan_id": scan_id, "tier": tier})
    assert r.status_code == 201, r.text
    return r.json()


def approve(paypal, audit, decline=False):
    page = requests.get(audit["approve_url"], timeout=5)
    assert page.status_code == 200 and 'id="approve"' in page.text.replace("id=approve", 'id="approve"')
    token = re.search(r"token=([A-Z0-9]+)", audit["approve_url"]).group(1)
    r = requests.post(paypal + ("/checkoutnow/decline" if decline else "/checkoutnow/approve"),
                      data={"token": token}, allow_redirects=False, timeout=5)
    assert r.status_code == 303
    assert f"/audits/{audit['audit_job_id']}" in r.headers["Location"]


def wait_audit(srv, tok, aid, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        a = srv.req("GET", f"/audits/{aid}", token=tok).json()
        if a["status"] in ("completed", "failed"):
            return a
        time.sleep(0.2)
    raise AssertionError(f"audit {aid} did not finish: {a}")


def test_quotes_only_for_complete_scans_and_only_for_users(srv, scanned):
    tok, scan = scanned
    r = srv.req("GET", f"/scans/{scan['id']}/audit-options", token=tok)
    assert r.status_code == 200, r.text
    q = r.json()
    assert q["scan_id"] == scan["id"] and q["currency"] == "USD"
    assert [t["tier"] for t in q["tiers"]] == ["launch_check", "founder_shield", "elite_audit"]
    prices = [t["amount_cents"] for t in q["tiers"]]
    assert prices == sorted(prices) and prices[0] > 4900  # the scan's findings raise the base
    assert all(t["deliverables"] and t["title"] for t in q["tiers"])
    pending = srv.req("POST", "/scans", token=tok,
                      json={"project_name": "p", "source_type": "zip"}).json()
    assert_envelope(srv.req("GET", f"/scans/{pending['scan_id']}/audit-options", token=tok),
                    409, "conflict")
    key = srv.new_key(tok, ["scans:read", "scans:write", "reports:read"])["key"]
    assert_envelope(srv.req("GET", f"/scans/{scan['id']}/audit-options", key=key), 403,
                    "forbidden")
    assert_envelope(srv.req("POST", "/audits", key=key,
                            json={"scan_id": scan["id"], "tier": "launch_check"}), 403,
                    "forbidden")
    assert_envelope(srv.req("POST", "/audits", token=tok,
                            json={"scan_id": scan["id"], "tier": "gold"}), 422,
                    "validation_error")
    other = srv.token(*srv.new_user())
    assert_envelope(srv.req("GET", f"/scans/{scan['id']}/audit-options", token=other), 404,
                    "not_found")


def test_purchase_capture_report_pdf_and_fix_bundle(srv, scanned, paypal, tmp_path):
    tok, scan = scanned
    mode(paypal, "ok")
    assert len(upload_blobs(srv, scan["id"])) == 1  # kept for the audit window
    quote = srv.req("GET", f"/scans/{scan['id']}/audit-options", token=tok).json()
    audit = buy(srv, tok, scan["id"])
    aid = audit["audit_job_id"]
    assert audit["status"] == "awaiting_payment" and audit["payment_provider"] == "paypal"
    assert audit["amount_cents"] == quote["tiers"][1]["amount_cents"]
    key = srv.new_key(tok, ["reports:read"])["key"]
    assert_envelope(srv.req("POST", f"/audits/{aid}/capture", key=key), 403, "forbidden")
    # Capture before approval: 409, nothing charged.
    assert_envelope(srv.req("POST", f"/audits/{aid}/capture", token=tok), 409, "conflict")
    approve(paypal, audit)
    before = stats(paypal)["charges"]
    r = srv.req("POST", f"/audits/{aid}/capture", token=tok)
    assert r.status_code == 200, r.text
    assert r.json()["status"] in ("queued", "running", "generating_report", "completed")
    # Capture again (a replay): same answer, no second charge.
    assert srv.req("POST", f"/audits/{aid}/capture", token=tok).status_code == 200
    assert stats(paypal)["charges"] == before + 1
    done = wait_audit(srv, tok, aid)
    assert done["status"] == "completed", done
    # The paid audit ended: the customer's archive is deleted at once (no cleanup pass), and
    # the scan can no longer be quoted.
    assert soon(lambda: upload_blobs(srv, scan["id"]) == [])
    gone = srv.req("GET", f"/scans/{scan['id']}/audit-options", token=tok)
    assert_envelope(gone, 409, "conflict")
    assert "no longer kept" in gone.json()["error"]["message"]
    # The seed's shapes, through an API key with reports:read.
    a = srv.req("GET", f"/audits/{aid}", key=key).json()
    assert {"audit_job_id", "status", "tier", "pr_url"} <= set(a) and a["tier"] == "founder_shield"
    rep = srv.req("GET", f"/audits/{aid}/report", key=key).json()
    assert set(rep) >= {"audit_job_id", "status", "title", "tier", "report_markdown", "files",
                        "fixed_files_url", "pr_url", "findings_by_severity", "total_findings",
                        "launch_readiness_score", "fix_count"}
    assert rep["status"] == "ready" and rep["files"]["pdf"]["name"] == "VIBEGUARD_REPORT.pdf"
    assert rep["total_findings"] == sum(rep["findings_by_severity"].values()) >= 30
    assert rep["fix_count"] >= 8
    md = rep["report_markdown"]
    assert "Launch-readiness score" in md and "## Top risks" in md
    for s in PLANTED:
        assert s not in md
    # Fresh links on each GET; the PDF downloads with its type and name.
    rep2 = srv.req("GET", f"/audits/{aid}/report", key=key).json()
    pdf_r = requests.get(rep["files"]["pdf"]["url"], timeout=30)
    assert pdf_r.status_code == 200 and pdf_r.headers["Content-Type"] == "application/pdf"
    assert 'filename="VIBEGUARD_REPORT.pdf"' in pdf_r.headers["Content-Disposition"]
    assert_envelope(requests.get(rep["files"]["pdf"]["url"].replace("signature=", "signature=0"),
                                 timeout=10), 403, "forbidden")
    assert rep2["files"]["pdf"]["url"].startswith(srv.base)
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(pdf_r.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    titles = set(re.findall(r"^#### \d+\. (.+)$", md, re.M))
    assert len(titles) >= 20
    for t in titles:
        plain = re.sub(r"\s+", "", t.replace("\\", ""))
        assert plain in flat, plain
    for s in PLANTED:
        assert s not in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # emb column
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    assert 2 + rep["total_findings"] // 12 <= pages <= 4 + rep["total_findings"]
    os.makedirs(ARTIFACTS, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf),
                    os.path.join(ARTIFACTS, "audit-report-page")], check=True)
    shutil.copy(pdf, os.path.join(ARTIFACTS, "VIBEGUARD_REPORT.pdf"))
    # The fix bundle: the diff applies to the original tree, and a rescan of the patched
    # tree no longer reports what it fixed.
    z = zipfile.ZipFile(io.BytesIO(requests.get(rep["fixed_files_url"], timeout=30).content))
    diff = z.read("VIBEGUARD_FIXES.diff")
    tree = tmp_path / "tree"
    shutil.copytree(APP, tree)
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    (tmp_path / "fix.diff").write_bytes(diff)
    subprocess.run(["git", "-C", str(tree), "apply", "--check", str(tmp_path / "fix.diff")],
                   check=True)
    subprocess.run(["git", "-C", str(tree), "apply", str(tmp_path / "fix.diff")], check=True)
    for name in z.namelist():
        if name.startswith("files/"):
            assert (tree / name[6:]).read_bytes() == z.read(name)
    fixed = [f for f in srv.req("GET", f"/scans/{scan['id']}", token=tok).json()["findings"]]
    import json
    after = json.loads(subprocess.run([VEGA, "scan", "--format", "json", "--no-progress",
                                       "--fail-on", "never", str(tree)],
                                      capture_output=True, text=True).stdout)["findings"]
    before_ids = {(f["rule_id"], f["file_path"]) for f in fixed}
    after_ids = {(f["rule_id"], f["file_path"]) for f in after}
    gone = before_ids - after_ids
    assert len(gone) >= 8, gone
    for rule in ("config-supabase-table-without-rls", "config-dockerfile-runs-as-root",
                 "aws-access-key-id", "github-personal-access-token",
                 "config-firebase-rules-write-if-true", "config-gitignore-missing-env"):
        assert rule in {r for r, _ in gone}, rule
    # One usage row and one audit.purchased event.
    usage = srv.req("GET", "/billing/summary", token=tok).json()
    assert any(c["kind"] == "audit" and c["tier"] == "founder_shield" for c in usage["costs"])
    repo = [e for e in srv.req("GET", "/repositories", token=tok).json()["items"]
            if e["name"] == "acme-notes"][0]
    types = [e["type"] for e in srv.req("GET", f"/repositories/{repo['id']}/events?type=audit.",
                                        token=tok).json()["items"]]
    assert types.count("audit.purchased") == 1 and types.count("audit.completed") == 1


def test_declined_amount_mismatch_unreachable_and_expiry(srv, small_scan, paypal):
    tok, scan = small_scan
    mode(paypal, "ok")
    a = buy(srv, tok, scan["id"], "launch_check")
    approve(paypal, a, decline=True)
    assert_envelope(srv.req("POST", f"/audits/{a['audit_job_id']}/capture", token=tok), 402,
                    "payment_required")
    got = srv.req("GET", f"/audits/{a['audit_job_id']}", token=tok).json()
    assert got["status"] == "canceled"
    # Amount mismatch: the capture is refused and the audit never runs.
    mode(paypal, "wrong-amount")
    a = buy(srv, tok, scan["id"], "launch_check")
    approve(paypal, a)
    assert_envelope(srv.req("POST", f"/audits/{a['audit_job_id']}/capture", token=tok), 402,
                    "payment_required")
    assert srv.req("GET", f"/audits/{a['audit_job_id']}", token=tok).json()["status"] == "canceled"
    # PayPal answering 503: retryable, nothing charged.
    mode(paypal, "down-capture")
    b = buy(srv, tok, scan["id"], "launch_check")
    approve(paypal, b)
    assert_envelope(srv.req("POST", f"/audits/{b['audit_job_id']}/capture", token=tok), 503,
                    "service_unavailable")
    mode(paypal, "ok")
    # Approval never comes: the audit expires.
    c = buy(srv, tok, scan["id"], "launch_check")
    srv.sql(f"UPDATE audits SET expires_at = expires_at - 7200 WHERE id = '{c['audit_job_id']}'")
    assert srv.req("GET", f"/audits/{c['audit_job_id']}", token=tok).json()["status"] == "canceled"
    assert_envelope(srv.req("POST", f"/audits/{c['audit_job_id']}/capture", token=tok), 409,
                    "conflict")
    # Last, because a paid audit deletes the scan's code when it ends and no audit can be
    # bought for that scan after that.
    # The answer to a capture is lost: retryable, and the retry settles the same charge.
    mode(paypal, "drop-capture")
    a = buy(srv, tok, scan["id"], "launch_check")
    approve(paypal, a)
    charges = stats(paypal)["charges"]
    r = srv.req("POST", f"/audits/{a['audit_job_id']}/capture", token=tok)
    assert_envelope(r, 503, "service_unavailable")
    assert r.json()["error"]["retryable"] is True
    mode(paypal, "ok")
    assert srv.req("POST", f"/audits/{a['audit_job_id']}/capture", token=tok).status_code == 200
    assert stats(paypal)["charges"] == charges + 1
    listed = srv.req("GET", "/audits", token=tok).json()["items"]
    assert {x["audit_job_id"] for x in listed} >= {a["audit_job_id"], c["audit_job_id"]}
    assert wait_audit(srv, tok, a["audit_job_id"])["status"] == "completed"
    # The paid audit has ended, so the code is gone and a further audit is refused.
    soon(lambda: not upload_blobs(srv, scan["id"]))
    assert_envelope(srv.req("POST", "/audits", token=tok,
                            json={"scan_id": scan["id"], "tier": "launch_check"}), 409, "conflict")


def test_paypal_unreachable_when_buying(tmp_path_factory, scanned):
    s = Server("sqlite", str(tmp_path_factory.mktemp("nopp")), extra_args=["--workers", "0"],
               extra_env={"VEGA_PAYPAL_CLIENT_ID": CLIENT_ID,
                          "VEGA_PAYPAL_CLIENT_SECRET": CLIENT_SECRET,
                          "VEGA_PAYPAL_API_URL": "http://127.0.0.1:9"})
    # Shares nothing with the module server: a scan row is made complete by hand.
    s.start()
    try:
        tok = s.token()
        sid = s.req("POST", "/scans", token=tok,
                    json={"project_name": "p", "source_type": "github",
                          "github_repo_full_name": "acme/x"}).json()["scan_id"]
        s.sql(f"UPDATE scans SET status = 'complete', completed_at = 1 WHERE id = '{sid}'")
        r = s.req("POST", "/audits", token=tok, json={"scan_id": sid, "tier": "launch_check"})
        assert_envelope(r, 503, "service_unavailable")
        assert s.req("GET", "/audits", token=tok).json()["items"] == []
    finally:
        assert s.stop() == 0


def worker(s):
    """A `vega worker` next to a server started with --workers 0."""
    log = open(os.path.join(s.data_dir, "worker.log"), "ab")
    return subprocess.Popen([VEGA, "worker", "--workers", "1"], env=s.env, stdout=log,
                            stderr=log)


def stop(w):
    w.terminate()
    assert w.wait(timeout=30) == 0


def test_manual_provider_mark_paid_keeps_code_while_queued(tmp_path_factory):
    """Manual payments, and the code's retention around them: a paid audit still queued keeps
    its scan's archive past the audit window (the cleanup leaves it), and the archive goes as
    soon as the audit ends."""
    s = Server("sqlite", str(tmp_path_factory.mktemp("manual")), extra_args=["--workers", "0"],
               extra_env={"VEGA_RETAIN_UPLOADS": "1"}).start()
    w = worker(s)
    try:
        tok = s.token()
        scan = run_scan(s, make_zip({"Dockerfile": "FROM node:20\nCMD [\"node\", \"a.js\"]\n",
                                     "a.js": "const k = 1;\n"}), token=tok)
        stop(w)
        a = buy(s, tok, scan["id"], "founder_shield")
        assert a["payment_provider"] == "manual" and a["approve_url"] is None
        assert_envelope(s.req("POST", f"/audits/{a['audit_job_id']}/capture", token=tok), 409,
                        "conflict")
        out = s.cli("audit", "mark-paid", a["audit_job_id"]).stdout
        assert "paid" in out
        assert "already paid" in s.cli("audit", "mark-paid", a["audit_job_id"]).stdout
        assert s.req("GET", f"/audits/{a['audit_job_id']}", token=tok).json()["status"] == "queued"
        # The window passes while the audit waits for a worker: the archive stays.
        s.sql(f"UPDATE scans SET completed_at = completed_at - 90000 WHERE id = '{scan['id']}'")
        email, password = s.new_user(admin=True)
        admin = s.token(email, password)
        r = s.req("POST", "/ops/cleanup", token=admin, json={"dry_run": False})
        assert r.status_code == 200 and r.json()["removed"]["upload_blobs"] == 0, r.text
        assert len(upload_blobs(s, scan["id"])) == 1
        w = worker(s)
        done = wait_audit(s, tok, a["audit_job_id"])
        assert done["status"] == "completed"
        assert soon(lambda: upload_blobs(s, scan["id"]) == [])  # at once, no cleanup pass
        rep = s.req("GET", f"/audits/{a['audit_job_id']}/report", token=tok).json()
        assert rep["fix_count"] == 1 and rep["fixed_files_url"]
        assert s.cli("audit", "mark-paid", "nope", check=False).returncode == 2
    finally:
        stop(w)
        assert s.stop() == 0


def test_github_source_gets_a_pull_request(tmp_path_factory):
    from test_github_source import APP_ID, REPO, FakeGitHub, make_tarball
    tmp = str(tmp_path_factory.mktemp("ghpr"))
    tarball = os.path.join(tmp, "repo.tar.gz")
    key_id = "AKIA" + "QZ7TWN4JXKD2LMPR"
    make_tarball(tarball, {
        "server/config.js": f'module.exports = {{\n  s3: {{ accessKeyId: "{key_id}" }},\n}};\n',
        "Dockerfile": "FROM node:20-alpine\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
        "firestore.rules": "service cloud.firestore {\n  match /notes/{id} {\n"
                           "    allow read, write: if true;\n  }\n}\n",
    })
    gh = FakeGitHub(tmp, tarball)
    s = Server("sqlite", tmp, extra_args=["--github-app-id", APP_ID, "--github-private-key-file",
                                          gh.key, "--github-api-url", gh.url]).start()
    try:
        tok = s.token()
        created = s.req("POST", "/scans", token=tok,
                        json={"project_name": "storefront", "source_type": "github",
                              "github_repo_full_name": REPO}).json()
        assert s.req("POST", f"/scans/{created['scan_id']}/start", token=tok).status_code == 202
        from scanlib import wait_done
        assert wait_done(s, created["scan_id"], token=tok)["status"] == "complete"
        a = buy(s, tok, created["scan_id"], "founder_shield")
        s.cli("audit", "mark-paid", a["audit_job_id"])
        done = wait_audit(s, tok, a["audit_job_id"])
        assert done["status"] == "completed" and done["pr_url"] == \
            f"https://github.com/{REPO}/pull/1", done
        rep = s.req("GET", f"/audits/{a['audit_job_id']}/report", token=tok).json()
        assert rep["pr_url"] == done["pr_url"] and rep["fixed_files_url"] is None
        assert rep["fix_count"] == 3
        pr = requests.get(gh.url + "/_pr", timeout=5).json()
        assert list(pr["refs"]) == [f"refs/heads/vibeguard/audit-{a['audit_job_id'][:8]}"]
        (p,) = pr["pulls"]
        assert "Launch-readiness score" in p["body"] and key_id not in p["body"]
        files = p["files"]
        assert key_id not in files["server/config.js"]
        assert "process.env.ACCESS_KEY_ID" in files["server/config.js"]
        assert "USER node" in files["Dockerfile"]
        assert "request.auth != null" in files["firestore.rules"]
        assert files[".gitignore"] == ".env\n" and "ACCESS_KEY_ID=" in files[".env.example"]
        assert key_id not in rep["report_markdown"]
        assert gh.stats()["pr_rejected"] == 0
    finally:
        assert s.stop() == 0
        gh.stop()


def test_no_secret_at_rest_and_the_sealed_bundle_still_applies(srv, paypal, tmp_path):
    """The bundle's diff must quote the secret lines it removes (git apply needs them), so
    the bundle is sealed at rest and opened only by its signed link: after the audit no
    planted key is in the database (and WAL), the log or the blob directory, yet the
    downloaded diff applies to the original tree and the rescan drops what it fixed."""
    import json
    from test_evidence_masking import assert_clean, planted, project
    k = planted(1313)
    files = dict(project(k))
    files["src/billing.js"] = ('const Stripe = require("stripe");\n'
                               f'const key = "{k["stripe"]}";\n'
                               "module.exports = Stripe(key);\n")
    files["src/aws.js"] = f'module.exports = {{ accessKeyId: "{k["aws_id"]}" }};\n'
    tok = srv.token()
    scan = run_scan(srv, make_zip(files, compression=zipfile.ZIP_STORED), token=tok,
                    project_name="planted")
    assert scan["status"] == "complete", scan
    mode(paypal, "ok")
    a = buy(srv, tok, scan["id"])
    approve(paypal, a)
    assert srv.req("POST", f"/audits/{a['audit_job_id']}/capture", token=tok).status_code == 200
    assert wait_audit(srv, tok, a["audit_job_id"])["status"] == "completed"
    rep = srv.req("GET", f"/audits/{a['audit_job_id']}/report", token=tok).json()
    assert rep["fix_count"] >= 2 and rep["fixed_files_url"]
    # At rest: nothing holds a key in clear (the archive was stored, not deflated, and is
    # deleted with the audit's end; the bundle is sealed).
    assert soon(lambda: upload_blobs(srv, scan["id"]) == [])
    assert_clean(srv.dump_database(), k, "the database")
    assert_clean(srv.read_log(), k, "the server log")
    stored = []
    for root, _, names in os.walk(os.path.join(srv.data_dir, "blobs")):
        for name in names:
            path = os.path.join(root, name)
            data = open(path, "rb").read()
            stored.append(data)
            assert_clean(data, k, f"blob {os.path.relpath(path, srv.data_dir)}")
    assert any(d.startswith(b"VGSEAL1\n") for d in stored)
    # Through the link: the plain bundle, whose diff removes the key's line.
    r = requests.get(rep["fixed_files_url"], timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/zip"
    z = zipfile.ZipFile(io.BytesIO(r.content))
    diff = z.read("VIBEGUARD_FIXES.diff")
    assert f'-const key = "{k["stripe"]}";'.encode() in diff
    tree = tmp_path / "tree"
    for name, text in files.items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(text)
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    (tmp_path / "fix.diff").write_bytes(diff)
    subprocess.run(["git", "-C", str(tree), "apply", "--check", str(tmp_path / "fix.diff")],
                   check=True)
    subprocess.run(["git", "-C", str(tree), "apply", str(tmp_path / "fix.diff")], check=True)
    after = json.loads(subprocess.run([VEGA, "scan", "--format", "json", "--no-progress",
                                       "--fail-on", "never", str(tree)], capture_output=True,
                                      text=True).stdout)["findings"]
    before = {(f["rule_id"], f["file_path"]) for f in scan["findings"]}
    gone = before - {(f["rule_id"], f["file_path"]) for f in after}
    assert ("stripe-live-secret-key", "src/billing.js") in gone, gone
    assert any(path == "src/aws.js" for _, path in gone), gone


def test_git_upload_source_audited_with_history(srv, paypal, tmp_path):
    """A real `git push` to a git upload: the pushed repository is kept for the audit window,
    the audit re-reads it with its whole history (the report names the commit that added a
    key the tip no longer has), and the repository is deleted as soon as the audit ends."""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import gitlib
    from test_git_uploads import bare_repo, git_repository, new_upload, push, wait_status
    tok = srv.token()
    up = new_upload(srv, tok, git_repository(srv, tok))
    repo = gitlib.init(tmp_path / "r")
    gitlib.commit(repo, {"README.md": "# app\n"}, "init")
    key = gitlib.stripe_key()
    added = gitlib.commit(repo, {"src/pay.js": f'const stripe = "{key}";\n'}, "payments")
    gitlib.commit(repo, {"Dockerfile": "FROM node:20\nCMD [\"node\", \"a.js\"]\n"}, "docker")
    gitlib.commit(repo, {}, "remove the key", remove=["src/pay.js"])
    r = push(repo, up["remote_url"], "main")
    assert r.returncode == 0, r.stderr
    done = wait_status(srv, tok, up["id"], ("complete", "failed"))
    assert done["status"] == "complete"
    assert os.path.isdir(bare_repo(srv, up["id"]))  # kept for the audit window
    q = srv.req("GET", f"/scans/{done['scan_id']}/audit-options", token=tok)
    assert q.status_code == 200 and q.json()["audit_window_ends_at"], q.text
    mode(paypal, "ok")
    a = buy(srv, tok, done["scan_id"])
    approve(paypal, a)
    assert srv.req("POST", f"/audits/{a['audit_job_id']}/capture", token=tok).status_code == 200
    got = wait_audit(srv, tok, a["audit_job_id"])
    assert got["status"] == "completed", got
    assert soon(lambda: not os.path.exists(bare_repo(srv, up["id"])))  # at once, no cleanup
    rep = srv.req("GET", f"/audits/{a['audit_job_id']}/report", token=tok).json()
    md = rep["report_markdown"]
    assert f"**Introduced in:** commit `{added[:12]}`" in md, md[:3000]
    assert "no longer in the current code" in md and key not in md
    assert "Ann Author" in md
    assert_envelope(srv.req("GET", f"/scans/{done['scan_id']}/audit-options", token=tok), 409,
                    "conflict")


# Offline advisories (OSV records written here, imported with `vega advisories import`).
DEP_ADVISORIES = [
    {"id": "GHSA-vega-test-npm1", "summary": "Prototype pollution in lodash",
     "affected": [{"package": {"ecosystem": "npm", "name": "lodash"},
                   "ranges": [{"type": "SEMVER",
                               "events": [{"introduced": "0"}, {"fixed": "4.17.21"}]}]}],
     "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]},
    {"id": "GHSA-vega-test-py01", "summary": "Request smuggling in requests",
     "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
                   "ranges": [{"type": "ECOSYSTEM",
                               "events": [{"introduced": "0"}, {"fixed": "2.31.0"}]}]}],
     "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N"}]},
]
DEP_LOCK = {"name": "shop", "version": "1.0.0", "lockfileVersion": 3, "requires": True,
            "packages": {"": {"name": "shop", "version": "1.0.0",
                              "dependencies": {"left-pad": "^1.3.0", "lodash": "^4.17.15"}},
                         "node_modules/left-pad": {
                             "version": "1.3.0",
                             "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
                             "integrity": "sha512-" + "A" * 86 + "=="},
                         "node_modules/lodash": {
                             "version": "4.17.15",
                             "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz",
                             "integrity": "sha512-" + "B" * 86 + "=="}}}
DEP_PKG = {"name": "shop", "version": "1.0.0",
           "dependencies": {"left-pad": "^1.3.0", "lodash": "^4.17.15"}}
DEP_REQS = ("# web\nflask==2.3.2\n"
            "requests[socks]==2.25.0 ; python_version >= \"3.8\"  # http client\n")


def test_dependency_fixer_bumps_manifests_and_lockfile(srv, paypal, tmp_path):
    """A vulnerable npm dependency (package.json + package-lock.json) and a vulnerable PyPI
    one (requirements.txt): the bundle bumps each to its fixed version, the diff applies,
    fix_count counts both, and the rescan (same offline advisories) drops both findings."""
    import json
    adv = tmp_path / "osv"
    adv.mkdir()
    for a in DEP_ADVISORIES:
        (adv / f"{a['id']}.json").write_text(json.dumps(a))
    srv.cli("advisories", "import", str(adv))
    files = {"shop/package.json": json.dumps(DEP_PKG, indent=2) + "\n",
             "shop/package-lock.json": json.dumps(DEP_LOCK, indent=2) + "\n",
             "api/requirements.txt": DEP_REQS}
    tok = srv.token()
    scan = run_scan(srv, make_zip(files), token=tok, project_name="deps")
    deps = {(f["rule_id"], f["file_path"]) for f in scan["findings"] if f["category"] == "dependency"}
    assert len(deps) == 2, scan["findings"]
    mode(paypal, "ok")
    a = buy(srv, tok, scan["id"])
    approve(paypal, a)
    assert srv.req("POST", f"/audits/{a['audit_job_id']}/capture", token=tok).status_code == 200
    assert wait_audit(srv, tok, a["audit_job_id"])["status"] == "completed"
    rep = srv.req("GET", f"/audits/{a['audit_job_id']}/report", token=tok).json()
    assert rep["fix_count"] == 2, rep["report_markdown"][:4000]
    z = zipfile.ZipFile(io.BytesIO(requests.get(rep["fixed_files_url"], timeout=30).content))
    tree = tmp_path / "tree"
    for name, text in files.items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(text)
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    (tmp_path / "fix.diff").write_bytes(z.read("VIBEGUARD_FIXES.diff"))
    subprocess.run(["git", "-C", str(tree), "apply", "--check", str(tmp_path / "fix.diff")],
                   check=True)
    subprocess.run(["git", "-C", str(tree), "apply", str(tmp_path / "fix.diff")], check=True)
    pkg = json.loads((tree / "shop/package.json").read_text())
    assert pkg["dependencies"] == {"left-pad": "^1.3.0", "lodash": "^4.17.21"}
    lock = json.loads((tree / "shop/package-lock.json").read_text())  # still JSON
    assert lock["packages"]["node_modules/lodash"]["version"] == "4.17.21"
    assert lock["packages"]["node_modules/left-pad"] == DEP_LOCK["packages"]["node_modules/left-pad"]
    assert lock["packages"][""]["dependencies"]["lodash"] == "^4.17.21"
    reqs = (tree / "api/requirements.txt").read_text()
    assert 'requests[socks]==2.31.0 ; python_version >= "3.8"  # http client\n' in reqs
    assert "flask==2.3.2\n" in reqs
    env = dict(os.environ, VEGA_DATA_DIR=srv.data_dir)
    after = json.loads(subprocess.run([VEGA, "scan", "--format", "json", "--no-progress",
                                       "--fail-on", "never", str(tree)], capture_output=True,
                                      text=True, env=env).stdout)["findings"]
    assert [f for f in after if f["category"] == "dependency"] == []


def test_failed_paid_audit_is_refunded_once(tmp_path_factory, paypal):
    """A paid audit that fails for good (its archive vanished) is refunded in full through
    PayPal's refund of the capture, which the stand-in checks (token, request id, amount,
    currency); PayPal down: the cleanup pass refunds it later, and never twice."""
    s = Server("sqlite", str(tmp_path_factory.mktemp("refund")), extra_args=["--workers", "0"],
               extra_env={"VEGA_PAYPAL_CLIENT_ID": CLIENT_ID,
                          "VEGA_PAYPAL_CLIENT_SECRET": CLIENT_SECRET,
                          "VEGA_PAYPAL_API_URL": paypal, "VEGA_RETAIN_UPLOADS": "1"}).start()
    w = worker(s)
    try:
        tok = s.token()
        scan = run_scan(s, make_zip({"Dockerfile": "FROM node:20\nCMD [\"node\", \"a.js\"]\n"}),
                        token=tok)
        stop(w)
        mode(paypal, "ok")
        a = buy(s, tok, scan["id"], "launch_check")
        approve(paypal, a)
        assert s.req("POST", f"/audits/{a['audit_job_id']}/capture", token=tok).status_code == 200
        for path in upload_blobs(s, scan["id"]):  # the code is lost before the job runs
            os.remove(path)
        before = stats(paypal)
        mode(paypal, "down-refund")
        w = worker(s)
        done = wait_audit(s, tok, a["audit_job_id"])
        assert done["status"] == "failed" and done["refunded_at"] is None, done
        assert stats(paypal)["refunds"] == before["refunds"]
        email, password = s.new_user(admin=True)
        admin = s.token(email, password)
        mode(paypal, "ok")
        for _ in range(2):  # the second pass finds nothing left to refund
            assert s.req("POST", "/ops/cleanup", token=admin,
                         json={"dry_run": False}).status_code == 200
        got = s.req("GET", f"/audits/{a['audit_job_id']}", token=tok).json()
        assert got["refunded_at"] is not None, got
        after = stats(paypal)
        assert after["refunds"] == before["refunds"] + 1
        assert after["refunded_cents"] == before["refunded_cents"] + a["amount_cents"]
        assert after["bad_body"] == before["bad_body"] and after["bad_auth"] == before["bad_auth"]
        assert "audit_refunded" in s.read_log()
    finally:
        stop(w)
        assert s.stop() == 0
