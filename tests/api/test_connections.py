"""Idle and slow connections cannot take the server down (issue 9 item 3): a per-address
connection limit, a short header timeout separate from the body timeout of uploads, and
libmicrohttpd's warnings rate-limited in the log."""
import http.client
import json
import resource
import socket
import time

import pytest

from conftest import Server, backends


@pytest.fixture(scope="module", params=backends()[:1])
def srv(request, tmp_path_factory):
    s = Server(request.param, str(tmp_path_factory.mktemp("conn")),
               extra_args=["--header-timeout-seconds", "2", "--body-timeout-seconds", "30",
                           "--workers", "0"]).start()
    yield s
    rc = s.stop()
    s.drop()
    assert rc == 0, s.read_log()[-2000:]


def get_from(srv, source_ip, path="/v1/healthz", timeout=5):
    """GET path from the loopback address source_ip; (status, seconds)."""
    t0 = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=timeout,
                                   source_address=(source_ip, 0))
    try:
        c.request("GET", path)
        r = c.getresponse()
        r.read()
        return r.status, time.perf_counter() - t0
    finally:
        c.close()


def test_4200_idle_sockets_from_one_address_do_not_stop_healthz(srv):
    want = 4200
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < want + 200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, want + 500), hard))
    socks = []
    try:
        for _ in range(want):
            s = socket.socket()
            s.connect(("127.0.0.1", srv.port))
            socks.append(s)
        time.sleep(0.5)  # let the server accept (and refuse) them
        times = []
        for _ in range(5):
            status, took = get_from(srv, "127.0.0.2")
            assert status == 200
            times.append(took)
        assert min(times) < 0.1 and sorted(times)[2] < 0.1, times
        # The flood's own address is limited, not everyone's.
        status, _ = get_from(srv, "127.0.0.3")
        assert status == 200
    finally:
        for s in socks:
            s.close()
    warnings = [json.loads(line) for line in srv.read_log().splitlines()
                if line.startswith("{") and '"level":"warn"' in line]
    # thousands of refused connections, a handful of log lines
    assert any(w["event"] == "connection_refused" for w in warnings), warnings
    assert len(warnings) < 30, len(warnings)


def test_slow_headers_are_cut_off_but_a_slow_body_is_not(srv):
    # A client that dribbles its headers (a byte every 0.4 s, so it is never idle for
    # long) is disconnected once the header timeout (2 s) is over, without an answer.
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(b"GET /v1/healthz HTTP/1.1\r\nHost: x\r\n")
    t0 = time.time()
    closed = False
    for ch in b"X-Slow: " + b"a" * 40:
        try:
            s.sendall(bytes([ch]))
        except (BrokenPipeError, ConnectionResetError):
            closed = True
            break
        time.sleep(0.4)
        s.settimeout(0.01)
        try:
            if s.recv(4096) == b"":
                closed = True
                break
        except socket.timeout:
            pass
        except ConnectionResetError:
            closed = True
            break
    took = time.time() - t0
    s.close()
    assert closed and took < 5, took
    # A request whose body pauses longer than the header timeout is still served.
    s = socket.create_connection(("127.0.0.1", srv.port))
    body = json.dumps({"email": "nobody@example.com", "password": "x"}).encode()
    s.sendall(b"POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:5])
    time.sleep(3.5)
    s.sendall(body[5:])
    s.settimeout(10)
    reply = s.recv(4096)
    s.close()
    assert reply.startswith(b"HTTP/1.1 401"), reply[:200]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A server allowing 3 connections per address, with a 2 s header timeout."""
    s = Server("sqlite", str(tmp_path_factory.mktemp("conn-small")),
               extra_args=["--header-timeout-seconds", "2", "--max-connections-per-ip", "3",
                           "--workers", "0"]).start()
    yield s
    rc = s.stop()
    s.drop()
    assert rc == 0, s.read_log()[-2000:]


def read_response(s):
    """One HTTP response with a Content-Length from s (its status line)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        assert chunk, data
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = int([h.split(b":")[1] for h in head.split(b"\r\n")
                  if h.lower().startswith(b"content-length:")][0])
    while len(rest) < length:
        rest += s.recv(4096)
    return head.split(b"\r\n")[0]


def closed_by_server(s):
    s.settimeout(0.01)
    try:
        return s.recv(4096) == b""
    except socket.timeout:
        return False
    except (ConnectionResetError, BrokenPipeError):
        return True


def test_keep_alive_connection_trickling_its_next_head_is_closed_and_frees_its_slot(small):
    # Three keep-alive connections (the address's whole allowance) each make one good
    # request, then dribble the next request's head a byte every 0.3 s: libmicrohttpd's
    # inactivity timeout never fires, the header timeout (2 s from the previous answer) must.
    socks = []
    for _ in range(3):
        s = socket.create_connection(("127.0.0.1", small.port), source_address=("127.0.0.4", 0))
        s.settimeout(5)
        s.sendall(b"GET /v1/healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_response(s) == b"HTTP/1.1 200 OK"
        s.sendall(b"GET /v1/healthz HTTP/1.1\r\nHost: x\r\n")
        socks.append(s)
    t0 = time.time()
    # Meanwhile the address has no slot left: a fourth connection is not served.
    extra = socket.create_connection(("127.0.0.1", small.port), source_address=("127.0.0.4", 0))
    extra.settimeout(3)
    extra.sendall(b"GET /v1/healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    try:
        assert extra.recv(4096) == b""
    except ConnectionResetError:
        pass
    extra.close()
    open_socks = list(socks)
    while open_socks and time.time() - t0 < 6:
        for s in list(open_socks):
            try:
                s.sendall(b"a")
            except (BrokenPipeError, ConnectionResetError):
                open_socks.remove(s)
                continue
            if closed_by_server(s):
                open_socks.remove(s)
        time.sleep(0.3)
    took = time.time() - t0
    for s in socks:
        s.close()
    assert not open_socks and took < 5, (len(open_socks), took)
    # The slots are free again.
    status, _ = get_from(small, "127.0.0.4")
    assert status == 200
