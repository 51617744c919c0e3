"""Scan pipeline benchmark (`make bench`): seconds from create to complete for a ~10 MB and a
~100 MB ZIP of real source code (C headers from /usr/include), and scans completed per
minute with 8 concurrent clients each scanning a small app (~1 MB), against a real
`vega serve` with its default two in-process workers, over the seed's HTTP flow.
Usage: /usr/bin/python3 bench/pipeline.py path/to/vega
"""
import io
import os
import random
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

import requests

VEGA = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/vega")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def corpus_zip(target_mb, plant):
    """Real C headers up to target_mb of uncompressed text, with planted fake secrets."""
    buf = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        rounds = 0
        while total < target_mb << 20:
            for root, _, files in os.walk("/usr/include"):
                for name in files:
                    path = os.path.join(root, name)
                    try:
                        data = open(path, "rb").read()
                    except OSError:
                        continue
                    z.writestr(f"r{rounds}{path}", data)
                    total += len(data)
                    if total >= target_mb << 20:
                        break
                if total >= target_mb << 20:
                    break
            rounds += 1
        for i in range(plant):
            key = "sk_live_" + "".join(random.choice(string.ascii_letters + string.digits)
                                       for _ in range(32))
            z.writestr(f"app/config{i}.js", f'export const stripe = "{key}";\n')
    return buf.getvalue(), total


def scan(api, token, data):
    h = {"Authorization": f"Bearer {token}"}
    t0 = time.time()
    r = requests.post(api + "/scans", json={"project_name": "bench", "source_type": "zip"},
                      headers=h, timeout=60)
    r.raise_for_status()
    c = r.json()
    requests.put(c["upload_url"], data=data, headers={"Content-Type": "application/zip"},
                 timeout=600).raise_for_status()
    requests.post(f"{api}/scans/{c['scan_id']}/start", headers=h, timeout=60).raise_for_status()
    while True:
        s = requests.get(f"{api}/scans/{c['scan_id']}", headers=h, timeout=60).json()
        if s["status"] in ("complete", "failed"):
            return time.time() - t0, s
        time.sleep(0.05)


def main():
    tmp = tempfile.mkdtemp(prefix="vega-bench-pipe-")
    port = free_port()
    api = f"http://127.0.0.1:{port}/v1"
    log = open(os.path.join(tmp, "server.log"), "wb")
    proc = subprocess.Popen([VEGA, "serve", "--dev", "--data-dir", tmp, "--listen",
                             f"127.0.0.1:{port}", "--log-level", "warn",
                             "--scans-per-user-per-day", "1000000",
                             "--scans-per-ip-per-day", "1000000"], stdout=log, stderr=log)
    try:
        for _ in range(1200):
            try:
                if requests.get(api + "/healthz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)
        token = requests.post(api + "/auth/login", json={"email": "debug@example.com",
                                                         "password": "vega-debug-password"},
                              timeout=30).json()["access_token"]
        warm, _ = corpus_zip(0, plant=0)
        scan(api, token, warm)  # waits until the workers have compiled the rule pack
        print(f"Scan pipeline benchmark: {os.cpu_count()} cores, SQLite, 2 in-process workers")
        print("| archive | uncompressed MB | zip MB | create -> complete (s) | findings |")
        print("|---|---|---|---|---|")
        for mb in (10, 100):
            data, raw = corpus_zip(mb, plant=3)
            secs, s = scan(api, token, data)
            print(f"| {mb} MB of C headers | {raw / 1e6:.0f} | {len(data) / 1e6:.1f} | "
                  f"{secs:.2f} | {len(s['findings'])} ({s['status']}) |")
        small, raw = corpus_zip(1, plant=1)
        done, lock = [0], threading.Lock()
        stop = time.time() + 30

        def client():
            while time.time() < stop:
                _, s = scan(api, token, small)
                if s["status"] == "complete":
                    with lock:
                        done[0] += 1

        t0 = time.time()
        threads = [threading.Thread(target=client) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - t0
        print(f"\n8 concurrent clients, {raw / 1e6:.1f} MB app each: {done[0]} scans in "
              f"{elapsed:.0f} s = {done[0] * 60 / elapsed:.0f} scans/minute")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


if __name__ == "__main__":
    main()
