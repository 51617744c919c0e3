"""GitHub sources end to end: a real `vega serve` configured with a GitHub App whose API base
URL points at tests/fakes/github_server.py. The fake checks the app JWT's RS256 signature and
claims, issues an installation token, requires it on the tarball call and redirects to a
codeload path (cross-host, so the token must not follow) serving a real .tar.gz with a
planted Stripe key under the top-level folder "acme-storefront-abc123/". With
`"history": true` the server clones instead (libgit2 over git's smart HTTP, the installation
token as password) from a real bare repository the fake serves with `git http-backend`.
"""
import io
import json
import os
import secrets
import string
import subprocess
import sys
import tarfile
import time

import pytest
import requests

from conftest import Server, backends
from scanlib import wait_done

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import gitlib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "..", "fakes", "github_server.py")
APP_ID = "12345"
REPO = "acme/storefront"
TOP = "acme-storefront-abc123"
BASE62 = string.ascii_letters + string.digits


def stripe_key():
    return "sk_live_" + "".join(secrets.choice(BASE62) for _ in range(24))


def make_tarball(path, files):
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{TOP}/{name}")
            info.size = len(data)
            info.mtime = int(time.time())
            tar.addfile(info, io.BytesIO(data))


class FakeGitHub:
    def __init__(self, tmp, tarball, git_dir=None):
        self.key = os.path.join(tmp, "app.pem")
        self.pub = os.path.join(tmp, "app.pub.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
                        "rsa_keygen_bits:2048", "-out", self.key], check=True,
                       capture_output=True)
        subprocess.run(["openssl", "pkey", "-in", self.key, "-pubout", "-out", self.pub],
                       check=True, capture_output=True)
        self.proc = subprocess.Popen(
            ["/usr/bin/python3", FAKE, "--public-key", self.pub, "--app-id", APP_ID, "--repo",
             REPO, "--tarball", tarball, *(["--git-dir", git_dir] if git_dir else [])],
            stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("PORT "), line
        self.url = f"http://127.0.0.1:{int(line.split()[1])}"

    def mode(self, mode):
        requests.post(self.url + "/_mode", json={"mode": mode}, timeout=5).raise_for_status()

    def stats(self):
        return requests.get(self.url + "/_stats", timeout=5).json()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def secret():
    return stripe_key()


def make_history(tmp, secret, branch_secret):
    """A real repository: a key committed, then deleted; another key only on a branch that
    is not the default one; served bare behind the fake."""
    work = gitlib.init(os.path.join(tmp, "work"))
    gitlib.commit(work, {"README.md": "# storefront\n"}, "init")
    added = gitlib.commit(work, {"src/old.js": f'const stripe = "{secret}";\n'}, "payments")
    gitlib.commit(work, {}, "remove the key", remove=["src/old.js"])
    gitlib.git(work, "checkout", "-q", "-b", "feature/refunds")
    on_branch = gitlib.commit(work, {"src/refunds.js": f'const k = "{branch_secret}";\n'},
                              "refunds")
    gitlib.git(work, "checkout", "-q", "main")
    bare = os.path.join(tmp, "storefront.git")
    gitlib.git(tmp, "clone", "-q", "--bare", work, bare)
    return bare, added, on_branch


@pytest.fixture(scope="module")
def history_secret():
    return stripe_key()


@pytest.fixture(scope="module")
def github(tmp_path_factory, secret, history_secret):
    tmp = str(tmp_path_factory.mktemp("gh"))
    tarball = os.path.join(tmp, "repo.tar.gz")
    make_tarball(tarball, {
        "src/config.js": f'module.exports = {{\n  stripe: "{secret}",\n}};\n',
        "README.md": "# storefront\n",
        "node_modules/pkg/index.js": f'const k = "{stripe_key()}";\n',
    })
    bare, added, on_branch = make_history(tmp, history_secret, stripe_key())
    fake = FakeGitHub(tmp, tarball, bare)
    fake.added, fake.on_branch = added, on_branch
    yield fake
    fake.stop()


@pytest.fixture(scope="module", params=backends())
def gh_server(request, tmp_path_factory, github):
    # Under `make asan` the history clone runs libgit2's remote set-up, which leaks a PCRE2
    # match block (tests/lsan.supp names git_remote_create_with_opts). libpcre2 has no frame
    # pointers, so only the slow unwinder sees that frame: this server alone pays for it.
    env = {}
    if os.environ.get("LSAN_OPTIONS"):
        env["LSAN_OPTIONS"] = os.environ["LSAN_OPTIONS"] + ":fast_unwind_on_malloc=0"
    srv = Server(request.param, str(tmp_path_factory.mktemp("srv")), extra_env=env, extra_args=[
        "--github-app-id", APP_ID, "--github-private-key-file", github.key,
        "--github-api-url", github.url]).start()
    yield srv
    rc = srv.stop()
    srv.drop()
    assert rc == 0, "vega serve did not exit cleanly: " + srv.read_log()[-2000:]


def run_github_scan(srv, repo, timeout=60, **extra):
    key = srv.new_key(srv.token())["key"]
    r = srv.req("POST", "/scans", key=key, json={"project_name": "storefront",
                                                 "source_type": "github",
                                                 "github_repo_full_name": repo, **extra})
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["upload_url"] is None and created["upload_storage_path"] is None
    scan_id = created["scan_id"]
    r = srv.req("POST", f"/scans/{scan_id}/start", key=key)
    assert r.status_code == 202, r.text
    body = wait_done(srv, scan_id, key=key, timeout=timeout)
    r = srv.req("GET", f"/scans/{scan_id}", key=key)
    return body, r.text


def test_github_scan_finds_the_planted_key(gh_server, github, secret):
    github.mode("ok")
    body, text = run_github_scan(gh_server, REPO)
    assert body["status"] == "complete", body
    assert body["source_type"] == "github"
    stripe = [f for f in body["findings"] if f["rule_id"].startswith("stripe")]
    assert len(stripe) == 1, body["findings"]
    f = stripe[0]
    assert f["file_path"] == "src/config.js"  # the top-level folder is stripped
    assert f["line_start"] == 2 and f["severity"] == "critical"
    assert f["masked_evidence"].startswith("sk_live_") and secret not in f["masked_evidence"]
    assert body["included_files"] == 2  # node_modules is a default ignore
    assert secret not in text
    stats = github.stats()
    assert stats["codeload"] >= 1 and stats["auth_leaked"] == 0 and stats["bad_headers"] == 0
    log = gh_server.read_log()
    assert secret not in log
    for tok in stats["tokens"]:
        assert tok not in log
    for jwt in stats["jwts"]:
        assert jwt not in log


@pytest.mark.parametrize("mode,repo,message", [
    ("ok", "acme/other", "The VibeGuard GitHub App is not installed on acme/other"),
    ("not-installed", REPO, "The VibeGuard GitHub App is not installed on acme/storefront"),
    ("reject-jwt", REPO, "GitHub refused the app credentials"),
    ("tarball-500", REPO, "Could not download the repository from GitHub (HTTP 500)"),
])
def test_github_failures_tell_the_user_why(gh_server, github, mode, repo, message):
    github.mode(mode)
    try:
        body, _ = run_github_scan(gh_server, repo)
    finally:
        github.mode("ok")
    assert body["status"] == "failed", body
    assert body["error_message"] == message
    assert body["findings"] == []
    stats = github.stats()
    for tok in stats["tokens"]:
        assert tok not in json.dumps(body)


def test_github_without_app_configuration(server):
    body, _ = run_github_scan(server, REPO)
    assert body["status"] == "failed"
    assert body["error_message"] == "GitHub App is not configured on this server"


def test_github_history_clones_with_the_token(gh_server, github, history_secret):
    """history: true clones through the installation token (libgit2, git smart HTTP behind
    the fake) and finds the key that only lives in history, with the commit that added it."""
    github.mode("ok")
    before = github.stats()
    body, text = run_github_scan(gh_server, REPO, history=True)
    assert body["status"] == "complete", body
    found = {f["file_path"]: f for f in body["findings"] if f["rule_id"].startswith("stripe")}
    assert sorted(found) == ["src/old.js", "src/refunds.js"]  # every branch, not just main
    f = found["src/old.js"]
    assert "rotate" in f["recommendation"] and f["in_head"] is False
    assert f["introduced_commit"]["sha"] == github.added
    b = found["src/refunds.js"]  # still in a tip: that branch's
    assert b["in_head"] is True and b["introduced_commit"]["sha"] == github.on_branch
    tok = gh_server.token()
    repos = gh_server.req("GET", "/repositories", token=tok,
                          params={"project_id": body["project_id"]}).json()["items"]
    (rid,) = [r["id"] for r in repos if r["github_repo_full_name"] == REPO]
    repo = gh_server.req("GET", f"/repositories/{rid}/findings", token=tok).json()["items"]
    (rf,) = [x for x in repo if x["file_path"] == "src/old.js"]
    assert rf["introduced_commit"]["sha"] == github.added and rf["in_head"] is False
    stats = github.stats()
    assert stats["git"] > before["git"] and stats["git_rejected"] == before["git_rejected"]
    assert stats["tarball"] == before["tarball"]  # no tarball: a clone
    assert history_secret not in text and history_secret not in gh_server.read_log()
    # the clone is gone
    tmp = os.path.join(gh_server.data_dir, "tmp")
    assert not os.path.isdir(tmp) or os.listdir(tmp) == []
    bad = gh_server.req("POST", "/scans", token=tok, json={
        "project_name": "p", "source_type": "zip", "history": True})
    assert bad.status_code == 422
