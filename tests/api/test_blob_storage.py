"""Blob storage on both backends: the local directory (the server signs its own upload URLs)
and S3-compatible storage (s3rver on loopback, which checks every SigV4 signature): the
upload URL points at the store, the scan completes, archives go once used, the cleanup
finds the ones no scan keeps, `start` checks a direct upload, an outage is retryable."""
import os
import subprocess
import time

import pytest
import requests

from conftest import PG_URL, S3_BUCKET, VEGA, S3rver, Server, assert_envelope
from scanlib import create, fake_stripe_key, make_zip, upload, wait_done

PARAMS = [("local", "sqlite"), ("s3", "sqlite")] + ([("s3", "postgres")] if PG_URL else [])


_SHARED = {}


@pytest.fixture(scope="module", params=PARAMS, ids=["-".join(p) for p in PARAMS])
def blob_server(request, tmp_path_factory, s3rver):
    blob, db = request.param
    env = s3rver.env() if blob == "s3" else {}
    srv = Server(db, str(tmp_path_factory.mktemp("blob")), extra_env=env,
                 extra_args=["--workers", "1", "--max-upload-bytes", "300000"])
    # One data dir for every parameter (each its own database): the rule pack's compiled
    # database, cached there, is built once.
    data_dir = _SHARED.setdefault("data_dir", srv.data_dir)
    srv.data_dir = srv.env["VEGA_DATA_DIR"] = data_dir
    srv.log_path = os.path.join(data_dir, f"server-{srv.port}.log")
    if db == "sqlite":
        srv.db_url = srv.env["VEGA_DATABASE_URL"] = f"sqlite://{data_dir}/vega-{blob}.db"
    srv.start()
    srv.blob = blob
    srv.s3 = s3rver
    yield srv
    rc = srv.stop()
    srv.drop()
    assert rc == 0, srv.read_log()[-2000:]


def stored(srv, key):
    if srv.blob == "s3":
        return os.path.exists(srv.s3.object_path(key))
    return os.path.exists(os.path.join(srv.data_dir, "blobs", key))


def admin(srv):
    email, password = srv.new_user(admin=True)
    return srv.token(email, password)


def test_upload_url_points_at_the_store_and_the_scan_completes(blob_server):
    srv = blob_server
    tok = srv.token()
    created = create(srv, token=tok).json()
    url, key = created["upload_url"], created["upload_storage_path"]
    if srv.blob == "s3":
        assert url.startswith(f"{srv.s3.endpoint}/{S3_BUCKET}/up/{key}?X-Amz-Algorithm=")
    else:
        assert url.startswith(srv.url + "/uploads/")
    secret = fake_stripe_key()
    assert upload(url, make_zip({"app/pay.js": f'const k = "{secret}";\n'})).status_code == 200
    assert stored(srv, key)
    assert srv.req("POST", f"/scans/{created['scan_id']}/start", token=tok).status_code == 202
    scan = wait_done(srv, created["scan_id"], token=tok)
    assert scan["status"] == "complete", scan
    hits = [f for f in scan["findings"] if f["file_path"] == "app/pay.js"]
    assert len(hits) == 1 and secret not in str(scan)
    # The customer's archive goes with the job (deleted just after the outcome is stored).
    deadline = time.time() + 30
    while stored(srv, key) and time.time() < deadline:
        time.sleep(0.1)
    assert not stored(srv, key)
    # The work shows in /metrics, which Prometheus' own checker accepts.
    text = requests.get(srv.base + "/metrics", timeout=30).text
    check = subprocess.run(["promtool", "check", "metrics"], input=text, text=True,
                           capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr
    lines = dict(line.rsplit(" ", 1) for line in text.splitlines() if not line.startswith("#"))
    assert int(lines['vega_scans{status="complete"}']) >= 1
    assert float(lines["vega_engine_scanned_bytes_total"]) > 0
    assert lines[f'vega_blob_errors_total{{backend="{srv.blob}"}}'] == "0"
    assert int(lines['vega_http_requests_total{method="POST",route="/v1/scans/{scan_id}/start",'
                     'status="202"}']) >= 1


def test_cleanup_deletes_archives_no_scan_keeps(blob_server):
    srv = blob_server
    tok = srv.token()
    created = create(srv, token=tok).json()
    key = created["upload_storage_path"]
    assert upload(created["upload_url"], make_zip({"a.py": "x = 1\n"})).status_code == 200
    assert stored(srv, key)
    # Never started, and its URL long expired (on S3 the server never saw the upload).
    srv.sql(f"UPDATE scans SET upload_expires_at = 1, upload_received_at = CASE WHEN "
            f"upload_received_at IS NULL THEN NULL ELSE 1 END WHERE id = '{created['scan_id']}'")
    adm = admin(srv)
    dry = srv.req("POST", "/ops/cleanup", token=adm, json={"older_than_days": 1}).json()
    assert dry["removed"]["upload_blobs"] >= (1 if srv.blob == "local" else 0)
    assert stored(srv, key)
    real = srv.req("POST", "/ops/cleanup", token=adm,
                   json={"dry_run": False, "older_than_days": 1}).json()
    assert real["removed"]["upload_blobs"] == 1, real
    assert real["bytes_freed"] > 0
    assert not stored(srv, key)
    assert srv.req("GET", f"/scans/{created['scan_id']}", token=tok).json()["status"] == "failed"


@pytest.fixture
def s3_only(blob_server):
    if blob_server.blob != "s3":
        pytest.skip("S3 direct uploads")
    return blob_server


def test_start_checks_a_direct_upload(s3_only):
    srv = s3_only
    tok = srv.token()
    c = create(srv, token=tok).json()
    sid, url, key = c["scan_id"], c["upload_url"], c["upload_storage_path"]
    assert_envelope(srv.req("POST", f"/scans/{sid}/start", token=tok), 409, "conflict")
    # The store itself refuses a URL whose signature was tampered with.
    bad = url[:-4] + ("0000" if not url.endswith("0000") else "1111")
    assert upload(bad, make_zip({"a.py": "x\n"})).status_code == 403
    assert not stored(srv, key)
    assert upload(url, b"not a zip at all").status_code == 200
    assert_envelope(srv.req("POST", f"/scans/{sid}/start", token=tok), 400, "bad_request",
                    "The upload is not a valid ZIP archive.")
    assert not stored(srv, key)  # refused and deleted; the URL still works
    big = make_zip({"big.bin": os.urandom(400000)})
    assert upload(url, big).status_code == 200
    assert_envelope(srv.req("POST", f"/scans/{sid}/start", token=tok), 413, "payload_too_large")
    assert not stored(srv, key)
    assert upload(url, make_zip({"ok.py": "x = 1\n"})).status_code == 200
    assert srv.req("POST", f"/scans/{sid}/start", token=tok).status_code == 202
    assert wait_done(srv, sid, token=tok)["status"] == "complete"


def test_a_storage_outage_is_retryable_and_heals(s3_only):
    srv, s3 = s3_only, s3_only.s3
    tok = srv.token()
    c = create(srv, token=tok).json()
    assert upload(c["upload_url"], make_zip({"a.py": "x = 1\n"})).status_code == 200
    s3.stop()
    try:
        r = requests.get(srv.url + "/readyz", timeout=30)
        body = assert_envelope(r, 503, "service_unavailable")
        assert body["error"]["details"]["storage"] == "unreachable"
        r = srv.req("POST", f"/scans/{c['scan_id']}/start", token=tok)
        assert_envelope(r, 503, "service_unavailable")
        assert r.json()["error"]["retryable"] is True
    finally:
        s3.start()
    assert requests.get(srv.url + "/readyz", timeout=30).status_code == 200
    assert srv.req("POST", f"/scans/{c['scan_id']}/start", token=tok).status_code == 202
    assert wait_done(srv, c["scan_id"], token=tok)["status"] == "complete"


def test_virtual_host_addressing(s3rver, tmp_path):
    """BUCKET.s3.localhost: libcurl (and the curl client here) resolve *.localhost to
    loopback; s3rver takes the bucket from the host name."""
    env = s3rver.env()
    env["AWS_ENDPOINT_URL"] = f"http://s3.localhost:{s3rver.port}"
    srv = Server("sqlite", str(tmp_path), extra_env=env,
                 extra_args=["--workers", "0", "--s3-addressing", "virtual"]).start()
    try:
        tok = srv.token()
        c = create(srv, token=tok).json()
        assert c["upload_url"].startswith(
            f"http://{S3_BUCKET}.s3.localhost:{s3rver.port}/up/{c['upload_storage_path']}?")
        zpath = tmp_path / "a.zip"
        zpath.write_bytes(make_zip({"a.py": "x = 1\n"}))
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-T",
                              str(zpath), "-H", "Content-Type: application/zip", c["upload_url"]],
                             capture_output=True, text=True, timeout=60)
        assert out.stdout == "200", out
        assert os.path.exists(s3rver.object_path(c["upload_storage_path"]))
        # start checks the object with a HEAD and a ranged read, both virtual-host style.
        assert srv.req("POST", f"/scans/{c['scan_id']}/start", token=tok).status_code == 202
        assert requests.get(srv.url + "/readyz", timeout=30).status_code == 200
    finally:
        assert srv.stop() == 0


def test_bytes_put_after_start_are_never_scanned(s3rver, tmp_path):
    """A presigned upload URL works until it expires, even after `start`: the scan reads
    only the version `start` accepted, so a replacement put later fails the scan instead of
    being scanned (a leaked URL cannot swap the code the scan and an audit read)."""
    srv = Server("sqlite", str(tmp_path), extra_env=s3rver.env(),
                 extra_args=["--workers", "0"]).start()
    worker = None
    try:
        tok = srv.token()
        c = create(srv, token=tok).json()
        secret = fake_stripe_key()
        assert upload(c["upload_url"], make_zip({"ok.py": "x = 1\n"})).status_code == 200
        assert srv.req("POST", f"/scans/{c['scan_id']}/start", token=tok).status_code == 202
        # No worker yet: the job waits while the same URL replaces the object.
        swapped = make_zip({"pay.js": f'const k = "{secret}";\n'})
        assert upload(c["upload_url"], swapped).status_code == 200
        with open(os.path.join(srv.data_dir, "worker.log"), "ab") as log:
            worker = subprocess.Popen([VEGA, "worker", "--workers", "1"], env=srv.env,
                                      stdout=log, stderr=log)
            scan = wait_done(srv, c["scan_id"], token=tok)
        assert scan["status"] == "failed", scan
        assert scan["error_message"] == ("The uploaded archive was replaced after the scan "
                                         "started; create a new scan and upload again.")
        assert scan["findings"] == [] and secret not in str(scan)
        assert "s3_object_changed" in open(os.path.join(srv.data_dir, "worker.log")).read()
        # An upload left alone scans as before (the pin matches).
        c2 = create(srv, token=tok).json()
        assert upload(c2["upload_url"], swapped).status_code == 200
        assert srv.req("POST", f"/scans/{c2['scan_id']}/start", token=tok).status_code == 202
        scan2 = wait_done(srv, c2["scan_id"], token=tok)
        assert scan2["status"] == "complete" and len(scan2["findings"]) == 1, scan2
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
        assert srv.stop() == 0
