"""The OpenAPI document passes `redocly lint` with no error and no warning (docs/openapi.md)."""
import os
import re
import shutil
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LINT_DIR = os.path.join(ROOT, "tests", "openapi")


def test_redocly_lint_clean():
    if shutil.which("npx") is None:
        pytest.fail("npx (Node.js) is needed to lint the OpenAPI document")
    if not os.path.exists(os.path.join(LINT_DIR, "node_modules", ".bin", "redocly")):
        p = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=LINT_DIR,
                           capture_output=True, text=True, timeout=600)
        assert p.returncode == 0, "npm ci failed (the registry is needed once): " + p.stderr[-2000:]
    p = subprocess.run(["npx", "--no-install", "redocly", "lint", "--config",
                        os.path.join(LINT_DIR, "redocly.yaml"),
                        os.path.join(ROOT, "docs", "openapi.json")],
                       cwd=LINT_DIR, capture_output=True, text=True, timeout=300)
    out = p.stdout + p.stderr
    assert p.returncode == 0, out[-4000:]
    # (Redocly prints a banner about Node.js versions; only the lint summary counts.)
    assert "Your API description is valid" in out, out[-4000:]
    assert not re.search(r"You have \d+ warnings?", out), out[-4000:]
    assert not re.search(r"\d+ errors?", out), out[-4000:]


def test_served_document_names_this_server(server):
    doc = server.req("GET", "/openapi.json").json()
    assert doc["servers"] == [{"url": server.base}]
    for path, ops in doc["paths"].items():
        for method, o in ops.items():
            assert o.get("operationId"), (method, path)
            assert o.get("responses"), (method, path)
            assert "security" in o, (method, path)
