"""Helpers for scan tests: archives with planted secrets, the seed's create/upload/start/poll flow."""
import hashlib
import hmac
import io
import random
import string
import time
import zipfile

import requests

B62 = string.ascii_letters + string.digits


def fake_stripe_key(rng=random):
    return "sk_live_" + "".join(rng.choice(B62) for _ in range(32))


def make_zip(files, compression=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def server_key(secret):
    """The server's derived key (src/app/config.c): BLAKE2b-256 keyed with 'vega-server-key1'."""
    return hashlib.blake2b(secret.encode(), digest_size=32, key=b"vega-server-key1").digest()


def sign_upload(secret, scan_id, expires):
    msg = f"PUT\n/v1/uploads/{scan_id}\n{expires}".encode()
    return hmac.new(server_key(secret), msg, hashlib.sha256).hexdigest()


def create(server, key=None, token=None, **body):
    body.setdefault("project_name", "my-mvp")
    body.setdefault("source_type", "zip")
    return server.req("POST", "/scans", key=key, token=token, json=body)


def upload(url, data, ctype="application/zip"):
    return requests.put(url, data=data, headers={"Content-Type": ctype}, timeout=60)


def wait_done(server, scan_id, key=None, token=None, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        r = server.req("GET", f"/scans/{scan_id}", key=key, token=token)
        assert r.status_code == 200, r.text
        if r.json()["status"] in ("complete", "failed"):
            return r.json()
        # An API key has 60 requests a minute; a dashboard token has no such limit.
        time.sleep(1.1 if key else 0.2)
    raise AssertionError(f"scan {scan_id} did not finish: {r.json()['status']}")


def run_scan(server, data, key=None, token=None, **body):
    r = create(server, key=key, token=token, **body)
    assert r.status_code == 201, r.text
    created = r.json()
    r = upload(created["upload_url"], data)
    assert r.status_code == 200, r.text
    r = server.req("POST", f"/scans/{created['scan_id']}/start", key=key, token=token)
    assert r.status_code == 202, r.text
    return wait_done(server, created["scan_id"], key=key, token=token)
