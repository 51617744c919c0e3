#!/usr/bin/python3
"""A small stand-in for the three GitHub endpoints a GitHub App uses to fetch a repository.

    GET  /repos/{owner}/{repo}/installation          Bearer app JWT   -> {"id": 4242}
    POST /app/installations/{id}/access_tokens        Bearer app JWT   -> 201 {"token": ...}
    GET  /repos/{owner}/{repo}/tarball[/{ref}]        token/Bearer ghs -> 302 codeload
    GET  /codeload/{owner}/{repo}/legacy.tar.gz/...   no Authorization -> the tarball
    GET  /repos/{owner}/{repo}                        token/Bearer ghs -> {"clone_url": ...}
    GET|POST /git/{owner}/{repo}.git/...              Basic x-access-token:ghs -> git smart
                                                      HTTP (clone), by `git http-backend`
                                                      over --git-dir (a bare repository)

Writing a pull request (the audit's fixes), all with the installation token:
    GET  /repos/{o}/{r}                                -> {"default_branch": "main"}
    GET  /repos/{o}/{r}/contents/{path}?ref=main       -> the file from the tarball (base64)
    GET  /repos/{o}/{r}/git/ref/heads/main             -> the head commit
    GET  /repos/{o}/{r}/git/commits/{sha}              -> its tree
    POST /repos/{o}/{r}/git/blobs|trees|commits|refs   -> 201, checked against each other
    POST /repos/{o}/{r}/pulls                          -> 201 {"html_url": ...}
    GET  /repos/{o}/{r}/pulls?head=o:branch            -> the pull requests of that head
GET /_pr shows what was pushed: branch, title, body and the files of the commit.

It checks what GitHub checks: the JWT's RS256 signature against the app's public key (with the
`openssl` command line, so Python needs no RSA module), its claims (iss = the app id, iat not in
the future, exp at most 10 minutes ahead and not passed), the API headers (User-Agent, Accept,
X-GitHub-Api-Version) and the installation token it issued. The redirect goes to "localhost"
while the API is called on 127.0.0.1, so it is a cross-host redirect: a client that leaks the
Authorization header to codeload gets a 400.

Test control (no auth): GET /_stats (counters, the issued tokens), POST /_mode {"mode": M}:
  ok            everything works (default)
  not-installed the installation lookup answers 404
  reject-jwt    every JWT is refused with 401
  tarball-500   the tarball call answers 500
  codeload-404  codeload answers 404 after the redirect
  truncated     codeload sends half the tarball then closes the connection

Usage: github_server.py --public-key PUB.pem --app-id ID --repo owner/name --tarball F.tar.gz
                        [--git-dir BARE.git] [--port 0] [--mode ok]
Prints "PORT <n>" on stdout once it listens on 127.0.0.1.
"""
import argparse
import base64
import hashlib
import tarfile
import json
import os
import re
import secrets
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

INSTALLATION_ID = 4242
ALPHABET = string.ascii_letters + string.digits


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


class State:
    def __init__(self, args):
        self.args = args
        self.mode = args.mode
        self.tokens = set()
        self.lock = threading.Lock()
        self.files = {}
        with tarfile.open(args.tarball, "r:gz") as tar:
            for m in tar.getmembers():
                if m.isfile() and "/" in m.name:
                    self.files[m.name.split("/", 1)[1]] = tar.extractfile(m).read()
        self.head, self.base_tree = "c0ffee" + "0" * 34, "7ree" + "0" * 36
        self.blobs, self.trees, self.commits, self.refs, self.pulls = {}, {}, {}, {}, []
        self.stats = {"pr_calls": 0, "pr_rejected": 0, "installation": 0, "access_tokens": 0, "tarball": 0, "codeload": 0,
                      "codeload_bytes": 0, "jwt_rejected": 0, "token_rejected": 0,
                      "auth_leaked": 0, "bad_headers": 0, "tokens": [], "jwts": [],
                      "repo": 0, "git": 0, "git_rejected": 0}

    def count(self, key, n=1):
        with self.lock:
            self.stats[key] += n


def verify_jwt(state, jwt):
    """Returns None when the JWT is valid, else why not."""
    parts = jwt.split(".")
    if len(parts) != 3:
        return "not three parts"
    if any(c in p for p in parts for c in "=+/"):
        return "not base64url without padding"
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        sig = b64url_decode(parts[2])
    except ValueError:
        return "undecodable"
    if header != {"alg": "RS256", "typ": "JWT"}:
        return "bad header"
    now = time.time()
    if str(claims.get("iss")) != state.args.app_id:
        return "bad iss"
    iat, exp = claims.get("iat"), claims.get("exp")
    if not isinstance(iat, int) or not isinstance(exp, int):
        return "iat/exp not integers"
    if iat > now + 1 or exp <= now or exp > now + 600 + 1 or exp - iat > 600:
        return "bad times"
    with tempfile.TemporaryDirectory() as d:
        data, sigf = os.path.join(d, "data"), os.path.join(d, "sig")
        with open(data, "wb") as f:
            f.write((parts[0] + "." + parts[1]).encode())
        with open(sigf, "wb") as f:
            f.write(sig)
        p = subprocess.run(["openssl", "dgst", "-sha256", "-verify", state.args.public_key,
                            "-signature", sigf, data], capture_output=True)
    return None if p.returncode == 0 else "bad signature"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeGitHub/1.0"

    def log_message(self, fmt, *args):
        pass

    @property
    def state(self):
        return self.server.state

    def send_json(self, status, obj, headers=None):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def api_headers_ok(self):
        ok = (self.headers.get("User-Agent", "").startswith("vega/")
              and self.headers.get("Accept") == "application/vnd.github+json"
              and self.headers.get("X-GitHub-Api-Version") == "2022-11-28")
        if not ok:
            self.state.count("bad_headers")
            self.send_json(400, {"message": "missing GitHub API headers"})
        return ok

    def bearer(self):
        auth = self.headers.get("Authorization", "")
        m = re.fullmatch(r"(?:Bearer|token) (\S+)", auth)
        return m.group(1) if m else None

    def jwt_ok(self):
        jwt = self.bearer()
        why = "reject-jwt mode" if self.state.mode == "reject-jwt" else (
            verify_jwt(self.state, jwt) if jwt else "no bearer")
        if why is not None:
            self.state.count("jwt_rejected")
            self.send_json(401, {"message": "A JSON web token could not be decoded",
                                 "why": why})
            return False
        with self.state.lock:
            self.state.stats["jwts"].append(jwt)
        return True

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/_stats":
            with self.state.lock:
                return self.send_json(200, self.state.stats)
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)/(installation|tarball)(?:/[^/]+)?", path)
        if m:
            if not self.api_headers_ok():
                return None
            repo = m.group(1) + "/" + m.group(2)
            if m.group(3) == "installation":
                return self.installation(repo)
            return self.tarball(repo)
        if path.startswith("/codeload/"):
            return self.codeload()
        if path == "/_pr":
            with self.state.lock:
                return self.send_json(200, {"refs": self.state.refs, "pulls": self.state.pulls,
                                            "stats": self.state.stats["pr_calls"]})
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)", path)
        if m:
            return self.repository(m.group(1) + "/" + m.group(2)) if self.api_headers_ok() \
                else None
        if path.startswith("/repos/"):
            return self.git_data("GET", path, None)
        if path.startswith("/git/"):
            return self.git(b"")
        return self.send_json(404, {"message": "Not Found"})

    def do_POST(self):
        path = self.path.split("?", 1)[0]
        body = self.read_body()
        if path == "/_mode":
            self.state.mode = json.loads(body)["mode"]
            return self.send_json(200, {"mode": self.state.mode})
        if path.startswith("/git/"):
            return self.git(body)
        m = re.fullmatch(r"/app/installations/(\d+)/access_tokens", path)
        if m:
            if not self.api_headers_ok():
                return None
            return self.access_tokens(int(m.group(1)), body)
        if path.startswith("/repos/"):
            return self.git_data("POST", path, body)
        return self.send_json(404, {"message": "Not Found"})

    # ---- pull requests through the git data API ----

    def reject(self, status, why):
        self.state.count("pr_rejected")
        return self.send_json(status, {"message": why})

    def git_data(self, method, path, raw):
        if not self.api_headers_ok():
            return None
        self.state.count("pr_calls")
        tok = self.bearer()
        if tok is None or tok not in self.state.tokens:
            self.state.count("token_rejected")
            return self.send_json(401, {"message": "Bad credentials"})
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)(/.*)?", path)
        if m.group(1).lower() != self.state.args.repo.lower():
            return self.send_json(404, {"message": "Not Found"})
        rest = m.group(2) or ""
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        st = self.state
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            return self.reject(400, "Problems parsing JSON")
        with st.lock:
            if method == "GET" and rest == "":
                return self.send_json(200, {"full_name": st.args.repo, "default_branch": "main"})
            if method == "GET" and rest.startswith("/contents/"):
                name = urllib.parse.unquote(rest[len("/contents/"):])
                if query.get("ref") != ["main"]:
                    return self.reject(422, "ref must name the default branch")
                if name not in st.files:
                    return self.send_json(404, {"message": "Not Found"})
                return self.send_json(200, {"type": "file", "path": name, "encoding": "base64",
                                            "content": base64.encodebytes(st.files[name]).decode()})
            if method == "GET" and rest == "/git/ref/heads/main":
                return self.send_json(200, {"ref": "refs/heads/main",
                                            "object": {"type": "commit", "sha": st.head}})
            if method == "GET" and rest == f"/git/commits/{st.head}":
                return self.send_json(200, {"sha": st.head, "tree": {"sha": st.base_tree}})
            if method == "GET" and rest == "/pulls":
                head = query.get("head", [""])[0].split(":", 1)[-1]
                return self.send_json(200, [p for p in st.pulls if p["head"] == head])
            if method != "POST" or not isinstance(body, dict):
                return self.send_json(404, {"message": "Not Found"})
            if rest == "/git/blobs":
                if body.get("encoding") != "base64" or not isinstance(body.get("content"), str):
                    return self.reject(422, "content and encoding base64 required")
                data = base64.b64decode(body["content"], validate=True)
                sha = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
                st.blobs[sha] = data
                return self.send_json(201, {"sha": sha})
            if rest == "/git/trees":
                entries = body.get("tree")
                if body.get("base_tree") != st.base_tree or not isinstance(entries, list) or \
                        not entries:
                    return self.reject(422, "base_tree must be the head's tree")
                for e in entries:
                    if e.get("mode") != "100644" or e.get("type") != "blob" or \
                            e.get("sha") not in st.blobs or not e.get("path") or \
                            e["path"].startswith("/") or ".." in e["path"].split("/"):
                        return self.reject(422, "bad tree entry")
                sha = hashlib.sha1(json.dumps(entries, sort_keys=True).encode()).hexdigest()
                st.trees[sha] = {e["path"]: st.blobs[e["sha"]] for e in entries}
                return self.send_json(201, {"sha": sha})
            if rest == "/git/commits":
                if body.get("tree") not in st.trees or body.get("parents") != [st.head] or \
                        not body.get("message"):
                    return self.reject(422, "commit needs a known tree and the head as parent")
                sha = hashlib.sha1(json.dumps(body, sort_keys=True).encode()).hexdigest()
                st.commits[sha] = body
                return self.send_json(201, {"sha": sha})
            if rest == "/git/refs":
                ref = body.get("ref", "")
                if not ref.startswith("refs/heads/") or body.get("sha") not in st.commits:
                    return self.reject(422, "bad ref")
                if ref in st.refs:
                    return self.reject(422, "Reference already exists")
                st.refs[ref] = body["sha"]
                return self.send_json(201, {"ref": ref, "object": {"sha": body["sha"]}})
            if rest == "/pulls":
                ref = "refs/heads/" + str(body.get("head"))
                if ref not in st.refs or body.get("base") != "main" or not body.get("title") \
                        or not body.get("body"):
                    return self.reject(422, "head must be a pushed branch, base main")
                commit = st.commits[st.refs[ref]]
                files = {k: v.decode("utf-8", "replace")
                         for k, v in st.trees[commit["tree"]].items()}
                n = len(st.pulls) + 1
                pr = {"number": n, "head": body["head"], "base": "main", "title": body["title"],
                      "body": body["body"], "files": files,
                      "html_url": f"https://github.com/{st.args.repo}/pull/{n}"}
                st.pulls.append(pr)
                return self.send_json(201, {k: pr[k] for k in ("number", "html_url")})
        return self.send_json(404, {"message": "Not Found"})

    def installation(self, repo):
        self.state.count("installation")
        if not self.jwt_ok():
            return None
        if self.state.mode == "not-installed" or repo.lower() != self.state.args.repo.lower():
            return self.send_json(404, {"message": "Not Found"})
        return self.send_json(200, {"id": INSTALLATION_ID, "app_id": int(self.state.args.app_id)
                                    if self.state.args.app_id.isdigit() else 1})

    def access_tokens(self, inst, body):
        self.state.count("access_tokens")
        if not self.jwt_ok():
            return None
        if inst != INSTALLATION_ID:
            return self.send_json(404, {"message": "Not Found"})
        if body:
            req = json.loads(body)
            repos = req.get("repositories")
            if repos is not None and repos != [self.state.args.repo.split("/", 1)[1]]:
                return self.send_json(422, {"message": "repository not in installation"})
        token = "ghs_" + "".join(secrets.choice(ALPHABET) for _ in range(36))
        with self.state.lock:
            self.state.tokens.add(token)
            self.state.stats["tokens"].append(token)
        expires = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
        return self.send_json(201, {"token": token, "expires_at": expires})

    def token_ok(self, repo):
        """The installation token on an API call for the app's repository (else answered)."""
        tok = self.bearer()
        if tok is None or tok not in self.state.tokens:
            self.state.count("token_rejected")
            self.send_json(401, {"message": "Bad credentials"})
            return False
        if repo.lower() != self.state.args.repo.lower():
            self.send_json(404, {"message": "Not Found"})
            return False
        return True

    def tarball(self, repo):
        self.state.count("tarball")
        if not self.token_ok(repo):
            return None
        if self.state.mode == "tarball-500":
            return self.send_json(500, {"message": "Server Error"})
        port = self.server.server_address[1]
        loc = (f"http://localhost:{port}/codeload/{repo}/legacy.tar.gz/refs/heads/main"
               f"?token=CODELOAD{secrets.token_hex(8)}")
        self.send_response(302)
        self.send_header("Location", loc)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        redirect_body = b"<html><body>You are being redirected.</body></html>"
        self.send_header("Content-Length", str(len(redirect_body)))
        self.end_headers()
        self.wfile.write(redirect_body)
        return None

    def repository(self, repo):
        self.state.count("repo")
        if not self.token_ok(repo):
            return None
        port = self.server.server_address[1]
        return self.send_json(200, {"full_name": repo, "default_branch": "main",
                                    "clone_url": f"http://127.0.0.1:{port}/git/{repo}.git"})

    def git(self, body):
        """git's smart HTTP for clone/fetch, as GitHub serves it: Basic auth with the
        installation token as password (x-access-token), then `git http-backend`."""
        self.state.count("git")
        auth = self.headers.get("Authorization", "")
        user = pw = None
        if auth.startswith("Basic "):
            user, _, pw = base64.b64decode(auth[6:]).decode().partition(":")
        if pw is None or user != "x-access-token" or pw not in self.state.tokens:
            if pw is not None:
                self.state.count("git_rejected")
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="GitHub"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        path, _, query = self.path.partition("?")
        prefix = f"/git/{self.state.args.repo}.git/"
        if not self.state.args.git_dir or not path.lower().startswith(prefix.lower()):
            return self.send_json(404, {"message": "Not Found"})
        if "receive-pack" in self.path:
            return self.send_json(403, {"message": "read only"})
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = self.read_chunked()
        root, name = os.path.split(os.path.abspath(self.state.args.git_dir))
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "GIT_PROJECT_ROOT": root,
               "GIT_HTTP_EXPORT_ALL": "1", "PATH_INFO": "/" + name + "/" + path[len(prefix):],
               "REQUEST_METHOD": self.command, "QUERY_STRING": query,
               "CONTENT_TYPE": self.headers.get("Content-Type", ""),
               "CONTENT_LENGTH": str(len(body)), "GIT_CONFIG_NOSYSTEM": "1",
               "HOME": root}
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        out = subprocess.run(["git", "http-backend"], input=body, env=env,
                             capture_output=True, timeout=120).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        status = 200
        headers = []
        for line in head.split(b"\r\n"):
            k, _, v = line.decode().partition(":")
            if k.lower() == "status":
                status = int(v.split()[0])
            elif k:
                headers.append((k, v.strip()))
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        return None

    def read_chunked(self):
        data = b""
        while True:
            size = int(self.rfile.readline().strip(), 16)
            if size == 0:
                self.rfile.readline()
                return data
            data += self.rfile.read(size)
            self.rfile.readline()

    def codeload(self):
        self.state.count("codeload")
        if self.headers.get("Authorization"):
            self.state.count("auth_leaked")
            return self.send_json(400, {"message": "Authorization sent to codeload"})
        if self.state.mode == "codeload-404":
            return self.send_json(404, {"message": "Not Found"})
        size = os.path.getsize(self.state.args.tarball)
        truncated = self.state.mode == "truncated"
        self.send_response(200)
        self.send_header("Content-Type", "application/x-gzip")
        self.send_header("Content-Length", str(size))
        self.send_header("Content-Disposition", "attachment; filename=repo.tar.gz")
        self.end_headers()
        limit = size // 2 if truncated else size
        sent = 0
        with open(self.state.args.tarball, "rb") as f:
            while sent < limit:
                chunk = f.read(min(65536, limit - sent))
                if not chunk:
                    break
                try:
                    self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    break
                sent += len(chunk)
        self.state.count("codeload_bytes", sent)
        if truncated:
            self.close_connection = True
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--public-key", required=True)
    ap.add_argument("--app-id", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--tarball", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--mode", default="ok")
    ap.add_argument("--git-dir", default=None)
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    srv.daemon_threads = True
    srv.state = State(args)
    print(f"PORT {srv.server_address[1]}", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
