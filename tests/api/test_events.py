"""Repository events (API.md "Events"): types, actors, ?type= prefix, ?since=, paging, newest first."""
import time
import uuid

import dashlib
import scanlib
from conftest import assert_envelope


def test_events_of_a_repository(server):
    t = dashlib.user_token(server)
    p = dashlib.project(server, t)
    repo = dashlib.repository(server, t, p["id"], name="svc")
    rid = repo["id"]
    server.req("PATCH", f"/repositories/{rid}", token=t, json={"default_branch": "main"})
    scan = dashlib.scan_repo(server, t, rid, {"a.py": dashlib.secret_line(scanlib.fake_stripe_key())})
    fid = dashlib.findings(server, t, rid)[0]["id"]
    server.req("PATCH", f"/repositories/{rid}/findings/{fid}", token=t,
               json={"status": "ignored", "reason": "demo"})
    events = dashlib.walk(server, f"/repositories/{rid}/events", token=t, limit=1)
    types = [e["type"] for e in events]
    assert types == ["finding.triaged", "finding.new", "scan.completed", "scan.started",
                     "scan.created", "repository.updated", "repository.created"]
    assert len({e["id"] for e in events}) == len(events)
    for e in events:
        assert set(e) == {"id", "repository_id", "type", "scan_id", "finding_id", "actor",
                          "data", "created_at"}
        assert e["repository_id"] == rid
    by = {e["type"]: e for e in events}
    me = server.req("GET", "/auth/me", token=t).json()["id"]
    assert by["repository.created"]["actor"] == {"type": "user", "id": me}
    assert by["scan.created"]["scan_id"] == scan["id"]
    assert by["scan.completed"]["actor"] == {"type": "system", "id": None}
    assert by["scan.completed"]["data"]["total_findings"] == 1
    assert by["finding.triaged"]["finding_id"] == fid
    assert by["finding.triaged"]["data"] == {"from_status": "open", "to_status": "ignored",
                                             "reason": "demo"}
    assert by["repository.updated"]["data"] == {"fields": ["default_branch"]}
    scan_types = [e["type"] for e in dashlib.walk(server, f"/repositories/{rid}/events", token=t,
                                                  params={"type": "scan."})]
    assert scan_types == ["scan.completed", "scan.started", "scan.created"]
    exact = dashlib.walk(server, f"/repositories/{rid}/events", token=t, params={"type": "scan.created"})
    assert [e["type"] for e in exact] == ["scan.created"]
    future = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
    assert dashlib.walk(server, f"/repositories/{rid}/events", token=t, params={"since": future}) == []
    assert len(dashlib.walk(server, f"/repositories/{rid}/events", token=t,
                            params={"since": "2020-01-01"})) == len(events)


def test_events_bad_input(server):
    t = dashlib.user_token(server)
    p = dashlib.project(server, t)
    rid = dashlib.repository(server, t, p["id"])["id"]
    base = f"/repositories/{rid}/events"
    for params in ({"type": "nope."}, {"type": ""}, {"type": "scan%"}, {"since": "yesterday"},
                   {"since": "2026-13-01"}, {"limit": 500}, {"actor": "x"}):
        assert_envelope(server.req("GET", base, token=t, params=params), 422, "validation_error")
    assert_envelope(server.req("GET", base, token=t, params={"cursor": "AAAA"}), 400,
                    "bad_request", "Invalid cursor")
    assert_envelope(server.req("GET", f"/repositories/{uuid.uuid4()}/events", token=t), 404,
                    "not_found", "Repository not found")
