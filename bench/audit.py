"""Audit benchmark (`make bench`): seconds from the payment capture to `completed` for a
founder_shield audit of examples/vulnerable-app, and the PDF's render time (from the
server's `audit_pdf_rendered` log line) and size, against a real `vega serve` with the PayPal
stand-in (tests/fakes/paypal_server.py). Three runs; the median is reported.
Usage: /usr/bin/python3 bench/audit.py path/to/vega
"""
import io
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

import requests

VEGA = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/vega")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
APP = os.path.join(ROOT, "examples", "vulnerable-app")
RUNS = 3


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def app_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for d, _, names in os.walk(APP):
            for n in names:
                p = os.path.join(d, n)
                z.write(p, os.path.relpath(p, APP))
    return buf.getvalue()


def main():
    pp = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests/fakes/paypal_server.py"),
                           "--client-id", "bench", "--client-secret", "bench-secret"],
                          stdout=subprocess.PIPE, text=True)
    ppurl = f"http://127.0.0.1:{int(pp.stdout.readline().split()[1])}"
    data_dir = tempfile.mkdtemp(prefix="vega-bench-audit-")
    port = free_port()
    base = f"http://127.0.0.1:{port}/v1"
    env = dict(os.environ, VEGA_DATA_DIR=data_dir, VEGA_SECRET="bench-secret-0123456789",
               VEGA_PAYPAL_CLIENT_ID="bench", VEGA_PAYPAL_CLIENT_SECRET="bench-secret",
               VEGA_PAYPAL_API_URL=ppurl, VEGA_RETAIN_UPLOADS="1")
    log = open(os.path.join(data_dir, "server.log"), "wb")
    srv = subprocess.Popen([VEGA, "serve", "--dev", "--listen", f"127.0.0.1:{port}"], env=env,
                           stdout=log, stderr=log)
    try:
        for _ in range(300):
            try:
                if requests.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        tok = requests.post(base + "/auth/login", json={"email": "debug@example.com",
                            "password": "vega-debug-password"}).json()["access_token"]
        h = {"Authorization": f"Bearer {tok}"}
        secs, sizes = [], []
        for _ in range(RUNS):
            # A scan per run: an audit that ends deletes its scan's code (docs/audits.md).
            c = requests.post(base + "/scans", headers=h,
                              json={"project_name": "acme-notes", "source_type": "zip"}).json()
            requests.put(c["upload_url"], data=app_zip(),
                         headers={"Content-Type": "application/zip"})
            requests.post(base + f"/scans/{c['scan_id']}/start", headers=h)
            while requests.get(base + f"/scans/{c['scan_id']}",
                               headers=h).json()["status"] != "complete":
                time.sleep(0.1)
            a = requests.post(base + "/audits", headers=h,
                              json={"scan_id": c["scan_id"], "tier": "founder_shield"}).json()
            token = re.search(r"token=([A-Z0-9]+)", a["approve_url"]).group(1)
            requests.post(ppurl + "/checkoutnow/approve", data={"token": token},
                          allow_redirects=False)
            t0 = time.monotonic()
            assert requests.post(base + f"/audits/{a['audit_job_id']}/capture",
                                 headers=h).status_code == 200
            while True:
                st = requests.get(base + f"/audits/{a['audit_job_id']}", headers=h).json()["status"]
                if st in ("completed", "failed"):
                    break
                time.sleep(0.02)
            secs.append(time.monotonic() - t0)
            assert st == "completed"
            rep = requests.get(base + f"/audits/{a['audit_job_id']}/report", headers=h).json()
            sizes.append(len(requests.get(rep["files"]["pdf"]["url"]).content))
        log.flush()
        render = [float(json.loads(line)["ms"]) for line in open(os.path.join(data_dir, "server.log"))
                  if '"audit_pdf_rendered"' in line]
        pages = rep["total_findings"]
        print(f"audit: examples/vulnerable-app founder_shield ({pages} findings, "
              f"fix_count {rep['fix_count']}), {RUNS} runs")
        print(f"audit: capture -> completed  median {statistics.median(secs):.2f} s "
              f"(min {min(secs):.2f}, max {max(secs):.2f})")
        print(f"audit: PDF render           median {statistics.median(render):.0f} ms; "
              f"size {statistics.median(sizes) / 1024:.0f} KiB")
    finally:
        srv.send_signal(signal.SIGTERM)
        srv.wait(timeout=60)
        pp.terminate()
        pp.wait()


if __name__ == "__main__":
    main()
