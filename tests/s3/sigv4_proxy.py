#!/usr/bin/env python3
"""A SigV4-checking front for s3rver. s3rver speaks the S3 protocol but does not verify
Signature Version 4 (it only looks the access key up), so every request goes through this
proxy first: it recomputes the signature of header-signed requests (libcurl's
CURLOPT_AWS_SIGV4) and of presigned URLs (query parameters, expiry included) with the
secret key, answers 403 SignatureDoesNotMatch / AccessDenied like S3 when they differ or
expired, and otherwise forwards the request to s3rver unchanged, bodies streamed both ways.

usage: sigv4_proxy.py LISTEN_PORT UPSTREAM_PORT ACCESS_KEY SECRET_KEY
"""
import datetime
import hashlib
import hmac
import http.client
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHUNK = 256 * 1024


def uri_encode(s, keep_slash):
    safe = "-_.~" + ("/" if keep_slash else "")
    return urllib.parse.quote(s, safe=safe)


def signing_key(secret, date, region, service):
    k = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    return k


def canonical_query(pairs):
    enc = sorted((uri_encode(k, False), uri_encode(v, False)) for k, v in pairs)
    return "&".join(f"{k}={v}" for k, v in enc)


def signature(secret, method, path, pairs, headers, signed, payload, stamp, scope):
    """headers: lower-case name -> value."""
    canon_headers = "".join(f"{h}:{' '.join(headers.get(h, '').split())}\n" for h in signed)
    creq = "\n".join([method, uri_encode(urllib.parse.unquote(path), True),
                      canonical_query(pairs), canon_headers, ";".join(signed), payload])
    sts = "\n".join(["AWS4-HMAC-SHA256", stamp, scope,
                     hashlib.sha256(creq.encode()).hexdigest()])
    date, region, service, _ = scope.split("/")
    return hmac.new(signing_key(secret, date, region, service), sts.encode(),
                    hashlib.sha256).hexdigest()


def check(method, raw_path, headers, akid, secret, now=None):
    """None when the request is signed correctly, else (status, code, message)."""
    path, _, query = raw_path.partition("?")
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    q = dict(pairs)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if "X-Amz-Signature" in q:
        cred = q.get("X-Amz-Credential", "").split("/", 1)
        if len(cred) != 2 or cred[0] != akid:
            return 403, "InvalidAccessKeyId", "unknown access key"
        stamp = q.get("X-Amz-Date", "")
        t = datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc)
        if now > t + datetime.timedelta(seconds=int(q.get("X-Amz-Expires", "0"))):
            return 403, "AccessDenied", "Request has expired"
        signed = q.get("X-Amz-SignedHeaders", "").split(";")
        rest = [(k, v) for k, v in pairs if k != "X-Amz-Signature"]
        want = signature(secret, method, path, rest, headers, signed, "UNSIGNED-PAYLOAD", stamp,
                         cred[1])
        got = q["X-Amz-Signature"]
    elif headers.get("authorization", "").startswith("AWS4-HMAC-SHA256 "):
        fields = dict(p.strip().split("=", 1)
                      for p in headers["authorization"][len("AWS4-HMAC-SHA256 "):].split(","))
        cred = fields.get("Credential", "").split("/", 1)
        if len(cred) != 2 or cred[0] != akid:
            return 403, "InvalidAccessKeyId", "unknown access key"
        signed = fields.get("SignedHeaders", "").split(";")
        if "host" not in signed or "x-amz-date" not in signed:
            return 403, "AccessDenied", "host and x-amz-date must be signed"
        want = signature(secret, method, path, pairs, headers, signed,
                         headers.get("x-amz-content-sha256", ""), headers.get("x-amz-date", ""),
                         cred[1])
        got = fields.get("Signature", "")
    else:
        return 403, "AccessDenied", "anonymous requests are refused"
    if not hmac.compare_digest(want, got):
        return 403, "SignatureDoesNotMatch", "The request signature we calculated does not match"
    return None


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream = None
    akid = secret = None

    def log_message(self, fmt, *args):
        pass

    def refuse(self, status, code, message):
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
                f"<Message>{message}</Message></Error>").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def forward(self):
        headers = {k.lower(): v for k, v in self.headers.items()}
        length = int(headers.get("content-length", "0") or 0)
        bad = check(self.command, self.path, headers, self.akid, self.secret)
        if bad is not None:
            # Drain the body so the connection stays usable, then refuse.
            left = length
            while left > 0:
                left -= len(self.rfile.read(min(CHUNK, left)))
            return self.refuse(*bad)
        conn = http.client.HTTPConnection("127.0.0.1", self.upstream, timeout=120)
        conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for k, v in self.headers.items():
            if k.lower() not in ("expect", "connection"):
                conn.putheader(k, v)
        conn.endheaders()
        left = length
        while left > 0:
            chunk = self.rfile.read(min(CHUNK, left))
            if not chunk:
                break
            conn.send(chunk)
            left -= len(chunk)
        resp = conn.getresponse()
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in ("connection", "transfer-encoding"):
                self.send_header(k, v)
        chunked = resp.getheader("content-length") is None and self.command != "HEAD"
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        while self.command != "HEAD":
            chunk = resp.read(CHUNK)
            if not chunk:
                break
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
        conn.close()

    do_GET = do_PUT = do_HEAD = do_DELETE = do_POST = forward


def self_test():
    """AWS's published presigned-URL example must verify (documentation example keys)."""
    path = "/test.txt?" + "&".join([
        "X-Amz-Algorithm=AWS4-HMAC-SHA256",
        "X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request",
        "X-Amz-Date=20130524T000000Z", "X-Amz-Expires=86400", "X-Amz-SignedHeaders=host",
        "X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"])
    when = datetime.datetime(2013, 5, 24, 1, tzinfo=datetime.timezone.utc)
    assert check("GET", path, {"host": "examplebucket.s3.amazonaws.com"}, "AKIAIOSFODNN7EXAMPLE",
                 "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", when) is None


def main():
    self_test()
    listen, upstream, akid, secret = sys.argv[1:5]
    Proxy.upstream, Proxy.akid, Proxy.secret = int(upstream), akid, secret
    srv = ThreadingHTTPServer(("127.0.0.1", int(listen)), Proxy)
    srv.daemon_threads = True
    print("sigv4 proxy ready", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
