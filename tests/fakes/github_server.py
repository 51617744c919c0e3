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
        self.stats = {"installation": 0, "access_tokens": 0, "tarball": 0, "codeload": 0,
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
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)", path)
        if m:
            return self.repository(m.group(1) + "/" + m.group(2)) if self.api_headers_ok() \
                else None
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
