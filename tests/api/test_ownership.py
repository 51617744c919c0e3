"""Another user's id is a 404 with the same body as a missing one, on every route with an id.

The test walks the paths of the served OpenAPI document, so a new route with a path id is
covered as soon as it is documented: give its parameter an owner's id in IDS below.
"""
import re
import uuid

import dashlib
import scanlib

# Routes authorised by something other than the caller (the signed upload URL).
# The git smart-HTTP routes are authorised by the remote's embedded credential
# (test_git_uploads.py checks another user's upload id and a wrong credential there).
# The owner's scan keeps its code for the audit window, so its audit options answer 200.
SERVER_ARGS = ["--retain-uploads"]
NOT_OWNED = {("put", "/v1/uploads/{scan_id}"), ("get", "/v1/audit-files/{audit_job_id}/{name}"),
             ("get", "/v1/git/{id}/info/refs"), ("post", "/v1/git/{id}/git-receive-pack")}
# A body good enough to get past validation on write routes (ownership is checked either way).
BODY = {"name": "renamed", "status": "open", "description": "x"}


def owner_ids(server):
    t = dashlib.user_token(server)
    p = dashlib.project(server, t)
    repo = dashlib.repository(server, t, p["id"])
    scan = dashlib.scan_repo(server, t, repo["id"], {"a.py": dashlib.secret_line(scanlib.fake_stripe_key())})
    finding = dashlib.findings(server, t, repo["id"])[0]
    key = server.new_key(t)
    # An audit of the scan (its purchase needs a kept upload: set up directly).
    audit = str(uuid.uuid4())
    me = server.req("GET", "/auth/me", token=t).json()["id"]
    server.sql(f"INSERT INTO audits (id, user_id, scan_id, tier, status, created_at, updated_at)"
               f" VALUES ('{audit}', '{me}', '{scan['id']}', 'launch_check', 'awaiting_payment', "
               f"1, 1)")
    git_repo = dashlib.repository(server, t, p["id"], source_type="git")
    r = server.req("POST", "/git-uploads", token=t, json={"repository_id": git_repo["id"]})
    assert r.status_code == 201, r.text
    return t, {"project": p["id"], "repository": repo["id"], "scan": scan["id"],
               "finding": finding["id"], "api_key": key["id"], "audit": audit,
               "git_upload": r.json()["id"]}


def ids_for(path, ids):
    """The owner's value of every {param} of path, by the resource the path names."""
    out = {}
    for m in re.finditer(r"([a-z0-9_.-]+)/\{([a-z_]+)\}", path):
        segment, param = m.group(1), m.group(2)
        resource = {"projects": "project", "repositories": "repository", "scans": "scan",
                    "sessions": "scan", "api-keys": "api_key", "findings": "finding",
                    "audits": "audit", "git-uploads": "git_upload"}.get(segment)
        assert resource, f"test_ownership.py: no owner id for {{{param}}} in {path}; add one"
        out[param] = ids[resource]
    return out


def fill(path, values):
    return re.sub(r"\{([a-z_]+)\}", lambda m: values[m.group(1)], path)


def test_every_route_hides_other_users_resources(server):
    owner_token, ids = owner_ids(server)
    intruder = dashlib.user_token(server)
    doc = server.req("GET", "/openapi.json").json()
    checked = 0
    for path, ops in doc["paths"].items():
        if "{" not in path:
            continue
        for method in ops:
            if (method, path) in NOT_OWNED:
                continue
            theirs = ids_for(path, ids)
            missing = {k: str(uuid.uuid4()) for k in theirs}
            rel = path[len("/v1"):]
            kw = {"json": BODY} if method in ("post", "patch", "put") else {}
            a = server.req(method.upper(), fill(rel, theirs), token=intruder, **kw)
            b = server.req(method.upper(), fill(rel, missing), token=intruder, **kw)
            assert a.status_code == 404, (method, path, a.status_code, a.text)
            assert a.json() == b.json(), (method, path, a.text, b.text)
            if method == "get":
                mine = server.req("GET", fill(rel, theirs), token=owner_token)
                assert mine.status_code == 200, (path, mine.text)
            checked += 1
    assert checked >= 19  # every id route of this document at the time of writing
    # Nothing of the owner's changed.
    assert server.req("GET", f"/projects/{ids['project']}", token=owner_token).json()["name"] != "renamed"
    assert server.req("GET", f"/repositories/{ids['repository']}", token=owner_token).status_code == 200
    keys = server.req("GET", "/api-keys", token=owner_token).json()["items"]
    assert [k["revoked_at"] for k in keys if k["id"] == ids["api_key"]] == [None]
