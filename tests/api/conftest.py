"""Black-box API tests: a real `vega serve` on a free loopback port, per backend.

Every test module runs against SQLite, and against PostgreSQL too when VEGA_TEST_PG_URL
is set (.ci/run starts one). Each server gets a fresh data dir and a fresh database.
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import pytest
import requests

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from enginecache import engine_cache  # noqa: E402

VEGA = os.environ.get("VEGA_BIN") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", "build", "vega"))
PG_URL = os.environ.get("VEGA_TEST_PG_URL")


ENGINE_CACHE = engine_cache(VEGA)
# `vega scan` runs of the tests read the same cache unless a test names its own.
os.environ.setdefault("VEGA_CACHE_DIR", ENGINE_CACHE)
DEBUG_EMAIL = "debug@example.com"
DEBUG_PASSWORD = "vega-debug-password"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def pg_admin(sql, url=None):
    subprocess.run(["psql", url or PG_URL, "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
                   check=True, capture_output=True)


PG_SCRIPT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "scripts",
                                         "pg-test-server.sh"))


def own_pg_start():
    """A throwaway PostgreSQL of its own (never the one other suites share), for fault
    tests: the environment with its VEGA_TEST_PG_URL and VEGA_TEST_PG_DIR."""
    out = subprocess.run([PG_SCRIPT, "start"], capture_output=True, text=True, check=True).stdout
    env = dict(os.environ)
    for part in out.split(";"):
        k, _, v = part.strip().partition("=")
        if k in ("VEGA_TEST_PG_URL", "VEGA_TEST_PG_DIR"):
            env[k] = v
    return env


def own_pg(env, action):
    """halt, resume, restart or stop the server own_pg_start() made."""
    subprocess.run([PG_SCRIPT, action], env=env, check=action != "stop", capture_output=True)


def pg_db_url(name):
    base, _, _ = PG_URL.rpartition("/")
    return f"{base}/{name}"


S3_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "s3"))
S3_KEY = S3_SECRET = "S3RVER"  # s3rver's built-in credentials (it checks SigV4 with them)
S3_BUCKET = "vega-test"


class S3rver:
    """s3rver (npm, pinned by tests/s3/package-lock.json, fetched with `npm ci` on first use)
    on a free loopback port: a local S3-compatible store that checks every signature."""

    def __init__(self, tmp, port=None):
        self.dir = tempfile.mkdtemp(prefix="s3rver-", dir=tmp)
        self.port = port or free_port()  # the signature-checking proxy: what clients use
        self.inner = free_port()          # s3rver itself
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.proc = None

    @staticmethod
    def install():
        bin_ = os.path.join(S3_DIR, "node_modules", ".bin", "s3rver")
        if not os.path.exists(bin_):
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                           cwd=S3_DIR, check=True, capture_output=True)
        return bin_

    def start(self):
        self.log = open(os.path.join(self.dir, "s3rver.log"), "ab")
        # --service-endpoint localhost: BUCKET.s3.localhost is virtual-host addressing.
        self.proc = subprocess.Popen(
            [self.install(), "-d", os.path.join(self.dir, "data"), "-a", "127.0.0.1", "-p",
             str(self.inner), "--service-endpoint", "localhost", "--configure-bucket", S3_BUCKET],
            stdout=self.log, stderr=self.log)
        # s3rver does not verify SigV4: clients reach it through a proxy that does.
        self.proxy = subprocess.Popen(
            ["/usr/bin/python3", os.path.join(S3_DIR, "sigv4_proxy.py"), str(self.port),
             str(self.inner), S3_KEY, S3_SECRET], stdout=self.log, stderr=self.log)
        deadline = time.time() + 30
        for port in (self.inner, self.port):
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    if time.time() > deadline:
                        raise RuntimeError("s3rver did not come up")
                    time.sleep(0.05)
        return self

    def stop(self):
        for p in (self.proc, getattr(self, "proxy", None)):
            if p is not None:
                p.terminate()
                p.wait(timeout=30)
        if self.proc is not None:
            self.proc = self.proxy = None
            self.log.close()

    def object_path(self, key, prefix="up"):
        """Where s3rver keeps the object (its presence is checked on disk)."""
        return os.path.join(self.dir, "data", S3_BUCKET, prefix, key) + "._S3rver_object"

    def objects(self, prefix="up"):
        root = os.path.join(self.dir, "data", S3_BUCKET, prefix)
        out = []
        for d, _, files in os.walk(root):
            out += [os.path.relpath(os.path.join(d, f), root)[:-len("._S3rver_object")]
                    for f in files if f.endswith("._S3rver_object")]
        return sorted(out)

    def env(self, prefix="up"):
        """The settings of a `vega serve` storing blobs here (AWS variables, as operators
        set them)."""
        return {"VEGA_BLOB_URL": f"s3://{S3_BUCKET}/{prefix}", "AWS_ENDPOINT_URL": self.endpoint,
                "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": S3_KEY,
                "AWS_SECRET_ACCESS_KEY": S3_SECRET}


@pytest.fixture(scope="session")
def s3rver(tmp_path_factory):
    srv = S3rver(str(tmp_path_factory.mktemp("s3"))).start()
    yield srv
    srv.stop()


class Server:
    """One `vega serve` process; several may share one database (`share_with`)."""

    def __init__(self, backend, tmp, share_with=None, extra_env=None, extra_args=()):
        self.backend = backend
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = self.base + "/v1"
        if share_with is not None:
            self.data_dir = share_with.data_dir
            self.db_url = share_with.db_url
            self.pg_db = None
        else:
            self.data_dir = tempfile.mkdtemp(prefix="vega-api-", dir=tmp)
            self.pg_db = None
            if backend == "postgres":
                self.pg_db = "vega_t_" + uuid.uuid4().hex[:12]
                pg_admin(f"CREATE DATABASE {self.pg_db}")
                self.db_url = pg_db_url(self.pg_db)
            else:
                self.db_url = f"sqlite://{self.data_dir}/vega.db"
            os.symlink(ENGINE_CACHE, os.path.join(self.data_dir, "cache"))
        self.log_path = os.path.join(self.data_dir, f"server-{self.port}.log")
        self.env = dict(os.environ)
        self.secret = "test-secret-0123456789abcdef"
        self.env.update({"VEGA_DATA_DIR": self.data_dir, "VEGA_DATABASE_URL": self.db_url,
                         "VEGA_SECRET": self.secret, "VEGA_JOB_LEASE_SECONDS": "3"})
        self.env.update(extra_env or {})
        self.args = list(extra_args)
        self.proc = None

    def start(self):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [VEGA, "serve", "--dev", "--listen", f"127.0.0.1:{self.port}", "--http-threads",
             "4", *self.args], env=self.env, stdout=self.log, stderr=self.log)
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"vega serve exited {self.proc.returncode}: {self.read_log()}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        raise RuntimeError("vega serve did not come up: " + self.read_log())

    def stop(self):
        if self.proc is None:
            return None
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.proc = None
        self.log.close()
        return rc

    def drop(self):
        if self.pg_db:
            pg_admin(f"DROP DATABASE IF EXISTS {self.pg_db} WITH (FORCE)")

    def dump_database(self):
        """Everything the database holds, as text (for checks that no secret is stored)."""
        if self.backend == "postgres":
            p = subprocess.run(["pg_dump", "--data-only", self.db_url], capture_output=True,
                               check=True)
            return p.stdout.decode("utf-8", "replace")
        out = b""
        for suffix in ("", "-wal", "-shm"):
            path = self.db_url[len("sqlite://"):] + suffix
            if os.path.exists(path):
                with open(path, "rb") as f:
                    out += f.read()
        return out.decode("latin-1")

    def sql(self, statement):
        """Run one SQL statement on the server's database (test set-up the API cannot do)."""
        if self.backend == "postgres":
            pg_admin(statement, self.db_url)
            return
        import sqlite3
        con = sqlite3.connect(self.db_url[len("sqlite://"):], timeout=30)
        with con:
            con.execute(statement)
        con.close()

    def read_log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def cli(self, *args, check=True):
        """Run a vega subcommand with this server's configuration."""
        p = subprocess.run([VEGA, *args], env=self.env, capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"vega {args} failed {p.returncode}: {p.stderr}")
        return p

    # HTTP helpers
    def req(self, method, path, token=None, key=None, **kw):
        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if key:
            headers["X-API-Key"] = key
        return requests.request(method, self.url + path, headers=headers, timeout=30, **kw)

    def login(self, email=DEBUG_EMAIL, password=DEBUG_PASSWORD):
        r = self.req("POST", "/auth/login", json={"email": email, "password": password})
        assert r.status_code == 200, r.text
        return r.json()

    def token(self, email=DEBUG_EMAIL, password=DEBUG_PASSWORD):
        return self.login(email, password)["access_token"]

    def new_user(self, verified=True, admin=False):
        email = f"u{uuid.uuid4().hex[:10]}@example.com"
        password = "pw-" + uuid.uuid4().hex
        args = ["user", "add", "--email", email, "--password", password]
        if verified:
            args.append("--verified")
        if admin:
            args.append("--admin")
        self.cli(*args)
        return email, password

    def new_key(self, token, scopes=None, **body):
        body.setdefault("name", "ci")
        if scopes is not None:
            body["scopes"] = scopes
        r = self.req("POST", "/api-keys", token=token, json=body)
        assert r.status_code == 201, r.text
        return r.json()


def backends():
    return ["sqlite", "postgres"] if PG_URL else ["sqlite"]


@pytest.fixture(scope="module", params=backends())
def server(request, tmp_path_factory):
    """The module's server; a module may set SERVER_ARGS (a list of `vega serve` flags)."""
    srv = Server(request.param, str(tmp_path_factory.mktemp("srv")),
                 extra_args=getattr(request.module, "SERVER_ARGS", ())).start()
    yield srv
    rc = srv.stop()
    srv.drop()
    assert rc == 0, "vega serve did not exit cleanly: " + srv.read_log()[-2000:]


@pytest.fixture(scope="module", params=backends())
def plain_server(request, tmp_path_factory):
    """A module's own server without scan workers, for tests that need no scans (it is up
    at once: no rule pack to compile)."""
    srv = Server(request.param, str(tmp_path_factory.mktemp("plain")),
                 extra_args=["--workers", "0"]).start()
    yield srv
    rc = srv.stop()
    srv.drop()
    assert rc == 0, "vega serve did not exit cleanly: " + srv.read_log()[-2000:]


@pytest.fixture
def token(server):
    return server.token()


def assert_envelope(r, status, code, detail=None):
    """Every error carries both shapes of API.md."""
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    assert body["schema_version"] == 1
    err = body["error"]
    assert err["code"] == code
    assert isinstance(err["message"], str) and err["message"]
    assert isinstance(err["retryable"], bool)
    assert isinstance(err["details"], dict)
    if status == 422:
        assert isinstance(body["detail"], list) and body["detail"]
        assert err["details"]["fields"] == body["detail"]
    else:
        assert body["detail"] == err["message"]
    if detail is not None:
        assert body["detail"] == detail, body
    return body
