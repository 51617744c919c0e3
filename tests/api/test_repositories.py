"""Repositories (API.md "Repositories"): CRUD, scans of a repository, developer-API scans filed
under the project's repository, GET /v1/scans filters, one scan's findings paged."""
import os
import sqlite3
import uuid

import pytest

import dashlib
import scanlib
from conftest import assert_envelope

REPO_KEYS = {"id", "project_id", "name", "source_type", "github_repo_full_name",
             "default_branch", "created_at", "updated_at", "latest_scan",
             "open_findings_by_severity"}


def test_crud(server):
    t = dashlib.user_token(server)
    p = dashlib.project(server, t)
    r = dashlib.repository(server, t, p["id"], name="web", default_branch="main")
    assert set(r) == REPO_KEYS
    assert r["latest_scan"] is None and r["default_branch"] == "main"
    got = server.req("GET", f"/repositories/{r['id']}", token=t)
    assert got.status_code == 200 and got.json() == r
    up = server.req("PATCH", f"/repositories/{r['id']}", token=t,
                    json={"name": "webapp", "default_branch": None})
    assert up.status_code == 200, up.text
    assert up.json()["name"] == "webapp" and up.json()["default_branch"] is None
    # The same name and source type twice in a project: 409.
    dup = server.req("POST", "/repositories", token=t,
                     json={"project_id": p["id"], "name": "webapp", "source_type": "zip"})
    assert_envelope(dup, 409, "conflict")
    other = dashlib.repository(server, t, p["id"], name="webapp", source_type="git")
    assert other["source_type"] == "git"
    listed = dashlib.walk(server, "/repositories", token=t, params={"project_id": p["id"]})
    assert {x["id"] for x in listed} == {r["id"], other["id"]}
    assert server.req("DELETE", f"/repositories/{r['id']}", token=t).status_code == 204
    assert_envelope(server.req("GET", f"/repositories/{r['id']}", token=t), 404, "not_found",
                    "Repository not found")
    assert server.req("GET", f"/projects/{p['id']}", token=t).json()["repository_count"] == 1


@pytest.mark.parametrize("body,field", [
    ({"name": "x", "source_type": "zip"}, "project_id"),
    ({"project_id": "nope", "name": "x", "source_type": "zip"}, "project_id"),
    ({"name": "x", "source_type": "svn"}, "source_type"),
    ({"name": 1, "source_type": "zip"}, "name"),
    ({"name": "x" * 201, "source_type": "zip"}, "name"),
    ({"name": "tab\tname", "source_type": "zip"}, "name"),
    ({"source_type": "github"}, "github_repo_full_name"),
    ({"source_type": "github", "github_repo_full_name": "not a repo"}, "github_repo_full_name"),
    ({"name": "x", "source_type": "zip", "github_repo_full_name": "a/b"}, "github_repo_full_name"),
])
def test_create_rejects_bad_input(server, body, field):
    t = dashlib.user_token(server)
    p = dashlib.project(server, t)
    body = dict(body)
    body.setdefault("project_id", p["id"]) if field != "project_id" else None
    r = server.req("POST", "/repositories", token=t, json=body)
    b = assert_envelope(r, 422, "validation_error")
    assert ["body", field] in [e["loc"] for e in b["detail"]]


def test_create_in_unknown_project(server):
    t = dashlib.user_token(server)
    r = server.req("POST", "/repositories", token=t,
                   json={"project_id": str(uuid.uuid4()), "name": "x", "source_type": "zip"})
    assert_envelope(r, 404, "not_found", "Project not found")


def test_repository_scans_and_git_conflict(server):
    t = dashlib.user_token(server)
    p = dashlib.project(server, t)
    git = dashlib.repository(server, t, p["id"], source_type="git")
    assert_envelope(server.req("POST", f"/repositories/{git['id']}/scans", token=t), 409, "conflict")
    gh = dashlib.repository(server, t, p["id"], source_type="github",
                            github_repo_full_name="octo/app")
    assert gh["name"] == "octo/app"
    r = server.req("POST", f"/repositories/{gh['id']}/scans", token=t)
    assert r.status_code == 201, r.text
    assert r.json()["upload_url"] is None and r.json()["project_id"] == p["id"]
    z = dashlib.repository(server, t, p["id"])
    s1 = dashlib.scan_repo(server, t, z["id"], {"a.py": dashlib.secret_line(scanlib.fake_stripe_key())})
    s2 = dashlib.scan_repo(server, t, z["id"], {"a.py": "print(1)\n"})
    scans = dashlib.walk(server, f"/repositories/{z['id']}/scans", token=t)
    assert [s["id"] for s in scans] == [s2["id"], s1["id"]] or \
        sorted(s["id"] for s in scans) == sorted([s1["id"], s2["id"]])
    assert all("findings" not in s and s["repository_id"] == z["id"] for s in scans)
    repo = server.req("GET", f"/repositories/{z['id']}", token=t).json()
    assert repo["latest_scan"]["id"] == s2["id"]
    assert repo["latest_scan"]["status"] == "complete"
    assert repo["latest_scan"]["launch_readiness_score"] == s2["launch_readiness_score"]
    r = server.req("GET", f"/repositories/{z['id']}/scans", token=t, params={"status": "bogus"})
    assert_envelope(r, 422, "validation_error")


def test_developer_api_scans_are_filed_under_a_repository(server):
    t = dashlib.user_token(server)
    key = server.new_key(t)["key"]
    name = "ci-" + uuid.uuid4().hex[:6]
    a = scanlib.run_scan(server, scanlib.make_zip({"x.py": "print(1)\n"}), key=key, project_name=name)
    b = scanlib.run_scan(server, scanlib.make_zip({"x.py": "print(2)\n"}), key=key, project_name=name)
    assert a["project_id"] == b["project_id"]
    repos = dashlib.walk(server, "/repositories", token=t, params={"project_id": a["project_id"]})
    assert [(r["name"], r["source_type"]) for r in repos] == [(name, "zip")]
    scans = dashlib.walk(server, f"/repositories/{repos[0]['id']}/scans", token=t)
    assert sorted(s["id"] for s in scans) == sorted([a["id"], b["id"]])
    # A github scan of the same project goes to the repository of that full name.
    r = scanlib.create(server, key=key, project_name=name, source_type="github",
                       github_repo_full_name="octo/tool")
    assert r.status_code == 201, r.text
    repos = dashlib.walk(server, "/repositories", token=t, params={"project_id": a["project_id"]})
    gh = [x for x in repos if x["source_type"] == "github"]
    assert len(gh) == 1 and gh[0]["github_repo_full_name"] == "octo/tool"
    events = dashlib.walk(server, f"/repositories/{gh[0]['id']}/events", token=t)
    assert [e["type"] for e in events] == ["scan.created", "repository.created"]
    assert events[0]["actor"]["type"] == "api_key"


def backfill_statements():
    """The statements of migration 0005 that file scans from before 0004 under a repository."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "migrations",
                        "0005_dashboard_speed.sql")
    text = open(path).read()
    part = text.split("-- backfill:begin")[1].split("-- backfill:end")[0]
    return [s.strip() for s in part.split(";") if s.strip()]


def run_backfill(server):
    if server.backend == "postgres":
        for statement in backfill_statements():
            server.sql(statement)
        return
    con = sqlite3.connect(server.db_url[len("sqlite://"):], timeout=30)
    con.create_function("gen_random_uuid", 0, lambda: str(uuid.uuid4()))
    with con:
        for statement in backfill_statements():
            con.execute(statement)
    con.close()


def test_scans_from_before_repositories_are_filed_by_the_migration(server):
    t = dashlib.user_token(server)
    key = server.new_key(t)["key"]
    name = "legacy-" + uuid.uuid4().hex[:6]
    old = [scanlib.create(server, key=key, project_name=name).json() for _ in range(2)]
    project = old[0]["project_id"]
    old = [o["scan_id"] for o in old]
    gh = scanlib.create(server, key=key, project_name=name, source_type="github",
                        github_repo_full_name="octo/legacy").json()["scan_id"]
    # As they were before migration 0004: no repository, no repository sequence.
    for scan in old + [gh]:
        server.sql(f"UPDATE scans SET repository_id = NULL, repo_seq = NULL WHERE id = '{scan}'")
    server.sql(f"DELETE FROM repositories WHERE project_id = '{project}'")
    run_backfill(server)
    repos = dashlib.walk(server, "/repositories", token=t, params={"project_id": project})
    assert sorted((r["name"], r["source_type"]) for r in repos) == [
        (name, "zip"), ("octo/legacy", "github")]
    zip_repo = [r for r in repos if r["source_type"] == "zip"][0]
    scans = dashlib.walk(server, f"/repositories/{zip_repo['id']}/scans", token=t)
    assert sorted(s["id"] for s in scans) == sorted(old)
    gh_repo = [r for r in repos if r["source_type"] == "github"][0]
    assert [s["id"] for s in dashlib.walk(server, f"/repositories/{gh_repo['id']}/scans",
                                         token=t)] == [gh]
    # The developer API files the next scan under the same repository, after them.
    new = scanlib.create(server, key=key, project_name=name).json()["scan_id"]
    scans = dashlib.walk(server, f"/repositories/{zip_repo['id']}/scans", token=t)
    assert sorted(s["id"] for s in scans) == sorted(old + [new])
    r = server.req("GET", f"/repositories/{zip_repo['id']}", token=t)
    assert r.status_code == 200, r.text


def test_scans_list_filters_and_scan_findings(server):
    t = dashlib.user_token(server)
    p = dashlib.project(server, t)
    z = dashlib.repository(server, t, p["id"])
    keys = [scanlib.fake_stripe_key() for _ in range(3)]
    done = dashlib.scan_repo(server, t, z["id"], {f"f{i}.py": dashlib.secret_line(k)
                                                  for i, k in enumerate(keys)})
    bad = dashlib.scan_repo(server, t, z["id"], data=dashlib.broken_zip())
    assert bad["status"] == "failed"
    pending = server.req("POST", f"/repositories/{z['id']}/scans", token=t).json()
    all_ids = {done["id"], bad["id"], pending["scan_id"]}
    got = dashlib.walk(server, "/scans", token=t, params={"project_id": p["id"]})
    assert {s["id"] for s in got} == all_ids
    got = dashlib.walk(server, "/scans", token=t, params={"repository_id": z["id"], "status": "complete,failed"})
    assert {s["id"] for s in got} == {done["id"], bad["id"]}
    got = dashlib.walk(server, "/scans", token=t, params={"status": "queued", "project_id": p["id"]})
    assert [s["id"] for s in got] == [pending["scan_id"]]
    for params in ({"status": "done"}, {"project_id": "x"}, {"repository": z["id"]}):
        assert_envelope(server.req("GET", "/scans", token=t, params=params), 422, "validation_error")
    assert_envelope(server.req("GET", "/scans", token=t, params={"cursor": "@@"}), 400,
                    "bad_request", "Invalid cursor")
    # One scan's findings, a limit=1 walk: every finding once, the same as the scan's.
    walked = dashlib.walk(server, f"/scans/{done['id']}/findings", token=t, limit=1)
    assert len(walked) == 3 and len({f["id"] for f in walked}) == 3
    assert sorted(f["id"] for f in walked) == sorted(f["id"] for f in done["findings"])
    assert all("sk_live_" + k[8:] not in str(walked) for k in keys)
    assert_envelope(server.req("GET", f"/scans/{uuid.uuid4()}/findings", token=t), 404,
                    "not_found", "Scan not found")
