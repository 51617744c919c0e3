"""Git uploads (API.md "Git uploads"): temporary push remotes served by `vega serve` over
git's smart HTTP protocol. Real `git push` from real repositories: a key committed and then
deleted is found with the sha that added it and in_head false; the upload moves
waiting -> received -> scanning -> complete with its events and its bare repository is
deleted; hostile pushes (oversize pack, pack bomb, too many objects, expired or revoked
remote, wrong credential, another user's upload) are refused with a message git prints and
leave nothing behind; fetch and clone are refused; the server stays healthy."""
import os
import subprocess
import sys
import time

import pytest
import requests

from conftest import Server, assert_envelope, backends

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import gitlib  # noqa: E402
from gitlib import commit, git, stripe_key  # noqa: E402

LIMITS = ["--git-max-pack-bytes", "2000000", "--git-max-objects", "300",
          "--git-max-inflated-bytes", "8000000"]


@pytest.fixture(scope="module", params=backends())
def srv(request, tmp_path_factory):
    s = Server(request.param, str(tmp_path_factory.mktemp("gitsrv")), extra_args=LIMITS).start()
    yield s
    rc = s.stop()
    s.drop()
    assert rc == 0, s.read_log()[-2000:]


@pytest.fixture(scope="module")
def tok(srv):
    return srv.token()


def git_repository(srv, tok, name=None):
    r = srv.req("POST", "/projects", token=tok, json={"name": name or f"p-{time.time_ns()}"})
    assert r.status_code == 201, r.text
    r = srv.req("POST", "/repositories", token=tok,
                json={"project_id": r.json()["id"], "name": "app", "source_type": "git"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def new_upload(srv, tok, repo_id, **body):
    r = srv.req("POST", "/git-uploads", token=tok, json={"repository_id": repo_id, **body})
    assert r.status_code == 201, r.text
    return r.json()


def push(repo, url, *refs):
    return git(repo, "push", "--porcelain", url, *(refs or ["main"]), check=False)


def out(r):
    return (r.stdout + r.stderr).decode(errors="replace")


def wait_status(srv, tok, uid, want, timeout=240):
    deadline = time.time() + timeout
    while time.time() < deadline:
        j = srv.req("GET", f"/git-uploads/{uid}", token=tok).json()
        if j["status"] in want:
            return j
        time.sleep(0.1)
    raise AssertionError(f"git upload stuck in {j['status']}")


def bare_repo(srv, uid):
    return os.path.join(srv.data_dir, "git", f"{uid}.git")


def refs_and_objects(path):
    refs = git(path, "for-each-ref").stdout.strip()
    objs = git(path, "count-objects", "-v").stdout.decode()
    count = sum(int(line.split()[1]) for line in objs.splitlines()
                if line.startswith(("count:", "in-pack:")))
    return refs, count


def test_push_deleted_secret_end_to_end(srv, tok, tmp_path):
    repo_id = git_repository(srv, tok)
    up = new_upload(srv, tok, repo_id)
    assert up["status"] == "waiting" and up["scan_id"] is None
    assert "vega:vgp_" in up["remote_url"] and up["remote_url"].endswith(f"/v1/git/{up['id']}")
    # shown once: GET has the URL without the credential
    got = srv.req("GET", f"/git-uploads/{up['id']}", token=tok).json()
    assert "vgp_" not in got["remote_url"] and got["status"] == "waiting"

    repo = gitlib.init(tmp_path / "r")
    commit(repo, {"README.md": "# app\n"}, "init")
    key = stripe_key()
    added = commit(repo, {"src/pay.js": f'const stripe = "{key}";\n'}, "payments")
    commit(repo, {"src/app.js": "console.log(1)\n"}, "more")
    commit(repo, {}, "remove the key", remove=["src/pay.js"])
    git(repo, "branch", "feature")
    r = push(repo, up["remote_url"], "main", "feature")
    assert r.returncode == 0, out(r)

    done = wait_status(srv, tok, up["id"], ("complete", "failed"))
    assert done["status"] == "complete" and done["scan_id"]
    scan = srv.req("GET", f"/scans/{done['scan_id']}", token=tok).json()
    assert scan["status"] == "complete"
    fs = srv.req("GET", f"/repositories/{repo_id}/findings", token=tok).json()["items"]
    (f,) = [f for f in fs if f["rule_id"] == "stripe-live-secret-key"]
    assert f["in_head"] is False and f["introduced_commit"]["sha"] == added
    assert f["introduced_commit"]["author_name"] == "Ann Author"
    assert "rotate" in f["recommendation"] and key not in str(fs)
    # the scan's own findings (the developer API) name the commit too
    page = srv.req("GET", f"/scans/{done['scan_id']}/findings", token=tok).json()["items"]
    for sf in ([x for x in scan["findings"] if x["rule_id"] == f["rule_id"]],
               [x for x in page if x["rule_id"] == f["rule_id"]]):
        (sf,) = sf
        assert sf["in_head"] is False and sf["introduced_commit"]["sha"] == added
        assert sf["introduced_commit"]["author_name"] == "Ann Author"
        assert sf["introduced_commit"]["committed_at"].endswith("Z")
        assert sf["file_path"] == "src/pay.js" and sf["line_start"] == 1
    events = srv.req("GET", f"/repositories/{repo_id}/events", token=tok,
                     params={"type": "git_upload."}).json()["items"]
    assert {e["type"] for e in events} == {"git_upload.created", "git_upload.pushed"}
    # the customer's code is gone once scanned; a second push is refused
    assert not os.path.exists(bare_repo(srv, up["id"]))
    again = push(repo, up["remote_url"])
    assert again.returncode != 0 and "already received a push" in out(again)


def test_refusals_git_prints(srv, tok, tmp_path):
    repo_id = git_repository(srv, tok)
    repo = gitlib.init(tmp_path / "r")
    commit(repo, {"a.txt": "a\n"}, "init")
    up = new_upload(srv, tok, repo_id)
    url = up["remote_url"]
    # wrong credential, and another user's credential on this upload id
    wrong = url.replace("vega:vgp_", "vega:vgp_x")
    r = push(repo, wrong)
    assert r.returncode != 0 and "Unknown git upload or wrong credential" in out(r)
    email, pw = srv.new_user()
    other_tok = srv.token(email, pw)
    other = new_upload(srv, other_tok, git_repository(srv, other_tok))
    cred = other["remote_url"].split("//", 1)[1].split("@", 1)[0]
    mixed = url.replace(url.split("//", 1)[1].split("@", 1)[0], cred)
    r = push(repo, mixed)
    assert r.returncode != 0 and "Unknown git upload or wrong credential" in out(r)
    assert srv.req("GET", f"/git-uploads/{up['id']}", token=other_tok).status_code == 404
    assert srv.req("DELETE", f"/git-uploads/{up['id']}", token=other_tok).status_code == 404
    # no credential at all: a Basic challenge
    r = requests.get(f"{srv.url}/git/{up['id']}/info/refs",
                     params={"service": "git-receive-pack"})
    assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Basic")
    # fetch and clone are refused
    r = git(tmp_path, "clone", "-q", url, str(tmp_path / "clone"), check=False)
    assert r.returncode != 0 and "accept pushes only" in out(r)
    # revoked: refused at once
    assert srv.req("DELETE", f"/git-uploads/{up['id']}", token=tok).status_code == 204
    r = push(repo, url)
    assert r.returncode != 0 and "was revoked" in out(r)
    assert srv.req("GET", f"/git-uploads/{up['id']}", token=tok).json()["status"] == "revoked"
    # expired
    exp = new_upload(srv, tok, repo_id, expires_in_seconds=60)
    srv.sql(f"UPDATE git_uploads SET expires_at = {int(time.time()) - 10} "
            f"WHERE id = '{exp['id']}'")
    r = push(repo, exp["remote_url"])
    assert r.returncode != 0 and "has expired" in out(r)
    assert srv.req("GET", f"/git-uploads/{exp['id']}", token=tok).json()["status"] == "expired"
    for uid in (up["id"], exp["id"]):
        assert refs_and_objects(bare_repo(srv, uid)) == (b"", 0)


def test_hostile_packs(srv, tok, tmp_path):
    repo_id = git_repository(srv, tok)
    # an oversize pack (random bytes do not compress): receive.maxInputSize
    big = gitlib.init(tmp_path / "big")
    commit(big, {"blob.bin": os.urandom(3_000_000)}, "big")
    up = new_upload(srv, tok, repo_id)
    r = push(big, up["remote_url"])
    assert r.returncode != 0 and "pack exceeds maximum allowed size" in out(r), out(r)
    # a pack bomb: 40 MB of zeros compress to a few KB but inflate past the cap
    bomb = gitlib.init(tmp_path / "bomb")
    commit(bomb, {"zeros.bin": bytes(40_000_000)}, "bomb")
    r = push(bomb, up["remote_url"])
    assert r.returncode != 0 and "inflate to" in out(r) and "Nothing was stored" in out(r)
    # too many objects
    many = gitlib.init(tmp_path / "many")
    gitlib.fast_import(many, [{f"f{i}.txt": f"{i}\n"} for i in range(200)])
    r = push(many, up["remote_url"])
    assert r.returncode != 0 and "objects; a git upload takes at most 300" in out(r)
    # nothing half-stored, the upload still waits, the server is healthy
    assert refs_and_objects(bare_repo(srv, up["id"])) == (b"", 0)
    assert srv.req("GET", f"/git-uploads/{up['id']}", token=tok).json()["status"] == "waiting"
    assert requests.get(srv.url + "/healthz", timeout=5).status_code == 200
    # and a normal push to it still works
    ok = gitlib.init(tmp_path / "ok")
    commit(ok, {"a.txt": "fine\n"}, "fine")
    r = push(ok, up["remote_url"])
    assert r.returncode == 0, out(r)
    assert wait_status(srv, tok, up["id"], ("complete", "failed"))["status"] == "complete"


def test_validation(srv, tok):
    r = srv.req("POST", "/git-uploads", token=tok, json={"repository_id": "nope"})
    assert_envelope(r, 404, "not_found")
    zip_project = srv.req("POST", "/projects", token=tok, json={"name": "z"}).json()["id"]
    zrepo = srv.req("POST", "/repositories", token=tok,
                    json={"project_id": zip_project, "name": "z", "source_type": "zip"}).json()
    assert_envelope(srv.req("POST", "/git-uploads", token=tok,
                            json={"repository_id": zrepo["id"]}), 409, "conflict")
    repo_id = git_repository(srv, tok)
    for bad in (0, 86401, "x"):
        r = srv.req("POST", "/git-uploads", token=tok,
                    json={"repository_id": repo_id, "expires_in_seconds": bad})
        assert_envelope(r, 422, "validation_error")
    assert_envelope(srv.req("GET", "/git-uploads/not-a-uuid", token=tok), 404, "not_found")


def test_cleanup_expires_and_deletes(srv, tok):
    repo_id = git_repository(srv, tok)
    revoked = new_upload(srv, tok, repo_id)
    expired = new_upload(srv, tok, repo_id)
    assert srv.req("DELETE", f"/git-uploads/{revoked['id']}", token=tok).status_code == 204
    srv.sql(f"UPDATE git_uploads SET expires_at = {int(time.time()) - 10} "
            f"WHERE id = '{expired['id']}'")
    admin = srv.token(*srv.new_user(admin=True))
    r = srv.req("POST", "/ops/cleanup", token=admin, json={"dry_run": False})
    assert r.status_code == 200, r.text
    for u in (revoked, expired):
        assert not os.path.exists(bare_repo(srv, u["id"]))
    events = srv.req("GET", f"/repositories/{repo_id}/events", token=tok,
                     params={"type": "git_upload.expired"}).json()["items"]
    assert [e["data"]["git_upload_id"] for e in events] == [expired["id"]]
    assert srv.req("GET", f"/git-uploads/{expired['id']}", token=tok).json()["status"] == \
        "expired"


def test_large_push_report_is_streamed_whole(srv, tok, tmp_path):
    """git's answer to a push is streamed to the client as git makes it, never cut: 1,300
    refs with 3.7 KB names make a ~5 MB report (more than the 4 MB the answer was once
    buffered into), and git sees every ref accepted."""
    repo_id = git_repository(srv, tok)
    up = new_upload(srv, tok, repo_id)
    repo = gitlib.init(tmp_path / "r")
    sha = commit(repo, {"a.txt": "a\n"}, "init")
    deep = "/".join(["d" * 200] * 18)  # directory components stay under NAME_MAX
    names = [f"refs/heads/{deep}/r{i:05d}" for i in range(1300)]
    git(repo, "update-ref", "--stdin",
        input="".join(f"create {n} {sha}\n" for n in names).encode())
    r = git(repo, "push", "--porcelain", up["remote_url"], "refs/heads/*:refs/heads/*",
            check=False)
    assert r.returncode == 0, out(r)[-2000:]
    pushed = [line for line in r.stdout.decode().splitlines() if line.startswith("*\t")]
    assert len(pushed) == len(names) + 1  # and main
    assert sum(len(n) for n in names) > 4 * 1024 * 1024
    assert wait_status(srv, tok, up["id"], ("complete", "failed"))["status"] == "complete"
