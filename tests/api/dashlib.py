"""Helpers for the dashboard API tests: users, projects, repositories, repository scans, walks."""
import uuid

import scanlib


def user_token(server, verified=True):
    email, password = server.new_user(verified=verified)
    return server.token(email, password)


def project(server, token, name=None, **body):
    body.setdefault("name", name or "proj-" + uuid.uuid4().hex[:8])
    r = server.req("POST", "/projects", token=token, json=body)
    assert r.status_code == 201, r.text
    return r.json()


def repository(server, token, project_id, name=None, source_type="zip", **body):
    body.update({"project_id": project_id, "source_type": source_type})
    if source_type != "github" or name:
        body["name"] = name or "repo-" + uuid.uuid4().hex[:8]
    r = server.req("POST", "/repositories", token=token, json=body)
    assert r.status_code == 201, r.text
    return r.json()


def scan_repo(server, token, repo_id, files=None, data=None):
    """A zip scan of the repository through POST /v1/repositories/{id}/scans; the final scan."""
    r = server.req("POST", f"/repositories/{repo_id}/scans", token=token)
    assert r.status_code == 201, r.text
    created = r.json()
    body = data if data is not None else scanlib.make_zip(files)
    r = scanlib.upload(created["upload_url"], body)
    assert r.status_code == 200, r.text
    r = server.req("POST", f"/scans/{created['scan_id']}/start", token=token)
    assert r.status_code == 202, r.text
    return scanlib.wait_done(server, created["scan_id"], token=token)


def walk(server, path, token=None, key=None, limit=1, params=None):
    """Every item of a list endpoint, following next_cursor; asserts page sizes."""
    items, cursor, pages = [], None, 0
    while True:
        q = dict(params or {}, limit=limit)
        if cursor:
            q["cursor"] = cursor
        r = server.req("GET", path, token=token, key=key, params=q)
        assert r.status_code == 200, r.text
        page = r.json()
        assert set(page) == {"items", "next_cursor"}
        assert len(page["items"]) <= limit
        items += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return items
        assert pages < 10000


def findings(server, token, repo_id, **params):
    return walk(server, f"/repositories/{repo_id}/findings", token=token, limit=200,
                params=params)


def secret_line(key):
    return f"STRIPE_KEY = '{key}'\n"


def broken_zip():
    """An archive the upload accepts and the scan fails on (truncated)."""
    good = scanlib.make_zip({f"src/f{i}.js": "x = 1;\n" * 2000 for i in range(5)})
    return good[: len(good) // 2]
