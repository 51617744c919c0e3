"""Customer data: uploads land only while their scan waits for them, ZIP links are risky
and never read, declared sizes are no statistics."""
import os
import subprocess
import threading
import time

import requests

from conftest import assert_envelope
from scanlib import create, fake_stripe_key, make_zip, run_scan, upload, wait_done

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "..", "scan", "cases")


def blob_path(srv, created):
    return os.path.join(srv.data_dir, "blobs", created["upload_storage_path"])


def part_files(srv):
    tmp = os.path.join(srv.data_dir, "blobs", ".tmp")
    return [n for n in os.listdir(tmp) if n.endswith(".part")] if os.path.isdir(tmp) else []


def test_upload_finishing_after_start_is_refused_and_discarded(server):
    tok = server.token()
    created = create(server, token=tok).json()
    url, sid = created["upload_url"], created["scan_id"]
    first = make_zip({"a.js": "x = 1;\n"})
    assert upload(url, first).status_code == 200
    second = make_zip({"b.env": f"STRIPE_KEY={fake_stripe_key()}\n"})
    sent_head, release, result = threading.Event(), threading.Event(), {}

    def slow_body():
        yield second[:16]
        sent_head.set()
        release.wait(120)
        yield second[16:]

    def put():
        result["r"] = requests.put(url, data=slow_body(), timeout=180,
                                   headers={"Content-Type": "application/zip"})

    t = threading.Thread(target=put)
    t.start()
    try:
        assert sent_head.wait(10)
        time.sleep(0.5)  # the server has accepted the PUT's headers and first bytes
        assert server.req("POST", f"/scans/{sid}/start", token=tok).status_code == 202
        scan = wait_done(server, sid, token=tok)
        assert scan["status"] == "complete", scan
    finally:
        release.set()
        t.join(180)
    body = assert_envelope(result["r"], 409, "conflict")
    assert "discarded" in body["detail"]
    # The scan read the first archive; the late one replaced nothing and left no temp file.
    after = server.req("GET", f"/scans/{sid}", token=tok).json()
    assert after["status"] == "complete" and after["findings"] == []
    path = blob_path(server, created)
    if os.path.exists(path):
        with open(path, "rb") as f:
            assert f.read() == first
    assert part_files(server) == []
    # Starting again does not run it again.
    assert_envelope(server.req("POST", f"/scans/{sid}/start", token=tok), 409, "conflict")


def test_zip_y_symlink_is_risky_and_its_target_never_read(server, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "app.js").write_text("const x = 1;\n")
    # A dangling link whose target text is a live-looking key: reading the link as a
    # file would report it.
    os.symlink(fake_stripe_key(), src / "config.env")
    archive = tmp_path / "linked.zip"
    subprocess.run(["zip", "-q", "-y", "-r", str(archive), "."], cwd=src, check=True)
    scan = run_scan(server, archive.read_bytes(), token=server.token())
    assert scan["status"] == "complete", scan
    assert scan["risky_skipped_files"] == 1
    assert scan["total_files"] == 2
    assert scan["findings"] == [], scan["findings"]


def test_declared_zip64_size_is_not_a_statistic(server):
    with open(os.path.join(CASES, "zip64-huge-size.zip"), "rb") as f:
        data = f.read()
    scan = run_scan(server, data, token=server.token())
    assert scan["status"] == "complete", scan
    assert scan["risky_skipped_files"] == 1
    assert scan["total_bytes"] == 41  # the one ordinary entry, not 2^63 - 16
    assert [f["file_path"] for f in scan["findings"]] == ["ok/aws.py"]
