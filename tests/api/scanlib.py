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


def zip64_of(name, deflated, size, crc):
    """A one-entry ZIP64 archive around an already deflated (raw) stream of `size` bytes."""
    import struct
    name = name.encode()
    extra = struct.pack("<HHQQ", 1, 16, size, len(deflated))
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0, crc, 0xFFFFFFFF,
                        0xFFFFFFFF, len(name), len(extra)) + name + extra
    cextra = struct.pack("<HHQQQ", 1, 24, size, len(deflated), 0)
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0, crc,
                          0xFFFFFFFF, 0xFFFFFFFF, len(name), len(cextra), 0, 0, 0, 0,
                          0xFFFFFFFF) + name + cextra
    body = local + deflated
    end64 = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, 1, 1, len(central),
                        len(body))
    loc64 = struct.pack("<IIQI", 0x07064B50, 0, len(body) + len(central), 1)
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return body + central + end64 + loc64 + eocd


def slow_inflating_zip(gib=4.25):
    """One entry of about `gib` GiB that deflates about 80:1 (under the 200:1 bomb ratio),
    so reading it is slow honest work: a 1 MiB segment compressed with a full flush (no
    reference to earlier data) repeated, then the final block."""
    import zlib
    rng = random.Random(5)
    block = bytes(rng.getrandbits(8) for _ in range(4096))
    seg = bytearray()
    for _ in range(256):
        b = bytearray(block)
        for _ in range(2):
            b[rng.randrange(4096)] = rng.getrandbits(8)
        seg += b
    seg = bytes(seg)
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    comp = c.compress(seg) + c.flush(zlib.Z_FULL_FLUSH)
    n = int(gib * 1024)
    crc = 0
    for _ in range(n):
        crc = zlib.crc32(seg, crc)
    tail = zlib.compressobj(6, zlib.DEFLATED, -15).flush()
    return zip64_of("data/huge.txt", comp * n + tail, len(seg) * n, crc)
