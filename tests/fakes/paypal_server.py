#!/usr/bin/python3
"""A small stand-in for the PayPal Orders v2 endpoints Vega's PayPal provider calls.

    POST /v1/oauth2/token                  Basic client_id:secret, grant_type=client_credentials
    POST /v2/checkout/orders               Bearer; intent CAPTURE, one purchase unit with an
                                           amount {currency_code, value "N.NN"}, return/cancel
                                           URLs; PayPal-Request-Id makes it idempotent
    GET  /checkoutnow?token=ORDER          the buyer's approval page (Approve / Decline buttons)
    POST /checkoutnow/approve|decline      what the buttons post (form token=ORDER); approving
                                           redirects to the order's return_url
    POST /v2/checkout/orders/{id}/capture  Bearer; 422 ORDER_NOT_APPROVED before approval,
                                           INSTRUMENT_DECLINED when declined; a repeat with the
                                           same PayPal-Request-Id replays the first answer, a
                                           new one gets 422 ORDER_ALREADY_CAPTURED
    GET  /v2/checkout/orders/{id}          Bearer; the order with its captures
    POST /v2/payments/captures/{id}/refund Bearer, PayPal-Request-Id (a repeat replays the
                                           first answer); body {amount {value, currency_code}}
                                           at most what is left of the capture, same currency;
                                           422 CAPTURE_FULLY_REFUNDED once nothing is left

It checks what PayPal checks: the client credentials, the bearer token it issued, the JSON
bodies and amounts. Every charge is counted, so a test can see that nothing is charged twice.

Test control (no auth): GET /_stats, POST /_mode {"mode": M}:
  ok            everything works (default)
  wrong-amount  captures charge one unit more than the order's amount
  drop-capture  the capture is made, then the connection is closed without an answer
  down-capture  captures answer 503
  down-refund   refunds answer 503
GET /_stats counts refunds and the refunded cents ("refunded_cents").
Usage: paypal_server.py --client-id ID --client-secret S [--port 0]
Prints "PORT <n>" on stdout once it listens on 127.0.0.1.
"""
import argparse
import base64
import json
import re
import secrets
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

AMOUNT = re.compile(r"^\d{1,10}\.\d{2}$")


class State:
    def __init__(self, args):
        self.args = args
        self.mode = "ok"
        self.lock = threading.Lock()
        self.tokens = set()
        self.orders = {}
        self.request_ids = {}  # PayPal-Request-Id -> (status, body)
        self.stats = {"tokens": 0, "orders": 0, "captures": 0, "charges": 0, "bad_auth": 0,
                      "bad_body": 0, "approved": 0, "declined": 0, "refunds": 0,
                      "refunded_cents": 0}
        self.captures = {}  # capture id -> {"amount": {...}, "refunded": cents}

    def count(self, k):
        with self.lock:
            self.stats[k] += 1


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    @property
    def st(self):
        return self.server.state

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def send(self, status, obj=None, ctype="application/json", extra=None):
        data = b"" if obj is None else (obj if isinstance(obj, bytes) else json.dumps(obj).encode())
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, name, issue=None):
        body = {"name": name, "message": name, "debug_id": secrets.token_hex(6)}
        if issue:
            body["details"] = [{"issue": issue}]
        self.send(status, body)

    def bearer_ok(self):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.st.tokens:
            self.st.count("bad_auth")
            self.error(401, "AUTHENTICATION_FAILURE")
            return False
        return True

    def order_json(self, o):
        base = f"http://127.0.0.1:{self.server.server_port}"
        return {"id": o["id"], "status": o["status"], "intent": "CAPTURE",
                "purchase_units": [{"reference_id": o["reference_id"], "amount": o["amount"],
                                    "payments": {"captures": o["captures"]}}],
                "links": [{"rel": "self", "href": f"{base}/v2/checkout/orders/{o['id']}",
                           "method": "GET"},
                          {"rel": "payer-action", "href": f"{base}/checkoutnow?token={o['id']}",
                           "method": "GET"}]}

    def do_GET(self):
        u = urllib.parse.urlparse(self.path)
        if u.path == "/_stats":
            with self.st.lock:
                return self.send(200, dict(self.st.stats, mode=self.st.mode))
        if u.path == "/checkoutnow":
            token = urllib.parse.parse_qs(u.query).get("token", [""])[0]
            o = self.st.orders.get(token)
            if o is None:
                return self.send(404, b"<h1>Unknown order</h1>", "text/html")
            page = (f"<!doctype html><html><head><title>PayPal checkout</title></head><body>"
                    f"<h1>Pay {o['amount']['value']} {o['amount']['currency_code']}</h1>"
                    f"<p>{o['description']}</p>"
                    f"<form method=post action=/checkoutnow/approve><input type=hidden "
                    f"name=token value={token}><button id=approve>Approve</button></form>"
                    f"<form method=post action=/checkoutnow/decline><input type=hidden "
                    f"name=token value={token}><button id=decline>Decline</button></form>"
                    f"</body></html>").encode()
            return self.send(200, page, "text/html; charset=utf-8")
        m = re.fullmatch(r"/v2/checkout/orders/([A-Z0-9]+)", u.path)
        if m:
            if not self.bearer_ok():
                return
            o = self.st.orders.get(m.group(1))
            return self.send(200, self.order_json(o)) if o else self.error(404, "RESOURCE_NOT_FOUND")
        self.send(404, {"name": "NOT_FOUND"})

    def do_POST(self):
        u = urllib.parse.urlparse(self.path)
        raw = self.body()
        if u.path == "/_mode":
            self.st.mode = json.loads(raw)["mode"]
            return self.send(200, {"mode": self.st.mode})
        if u.path == "/v1/oauth2/token":
            want = base64.b64encode(
                f"{self.st.args.client_id}:{self.st.args.client_secret}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {want}":
                self.st.count("bad_auth")
                return self.send(401, {"error": "invalid_client"})
            if urllib.parse.parse_qs(raw.decode()).get("grant_type") != ["client_credentials"]:
                self.st.count("bad_body")
                return self.send(400, {"error": "unsupported_grant_type"})
            tok = "A21AA" + secrets.token_urlsafe(24)
            with self.st.lock:
                self.st.tokens.add(tok)
            self.st.count("tokens")
            return self.send(200, {"access_token": tok, "token_type": "Bearer",
                                   "expires_in": 32400})
        if u.path in ("/checkoutnow/approve", "/checkoutnow/decline"):
            token = urllib.parse.parse_qs(raw.decode()).get("token", [""])[0]
            o = self.st.orders.get(token)
            if o is None:
                return self.send(404, b"unknown order", "text/plain")
            approve = u.path.endswith("approve")
            o["status"] = "APPROVED" if approve else "DECLINED_BY_BUYER"
            self.st.count("approved" if approve else "declined")
            target = o["return_url" if approve else "cancel_url"]
            sep = "&" if "?" in target else "?"
            return self.send(303, b"", "text/plain",
                             {"Location": f"{target}{sep}token={token}"})
        if u.path == "/v2/checkout/orders":
            if not self.bearer_ok():
                return
            return self.create_order(raw)
        m = re.fullmatch(r"/v2/checkout/orders/([A-Z0-9]+)/capture", u.path)
        if m:
            if not self.bearer_ok():
                return
            return self.capture(m.group(1))
        m = re.fullmatch(r"/v2/payments/captures/([A-Z0-9]+)/refund", u.path)
        if m:
            if not self.bearer_ok():
                return
            return self.refund(m.group(1), raw)
        self.send(404, {"name": "NOT_FOUND"})

    def refund(self, cid, raw):
        rid = self.headers.get("PayPal-Request-Id")
        if self.headers.get("Content-Type") != "application/json" or not rid:
            self.st.count("bad_body")
            return self.error(400, "INVALID_REQUEST", "MISSING_REQUIRED_PARAMETER")
        with self.st.lock:
            if rid in self.st.request_ids:
                status, body = self.st.request_ids[rid]
                return self.send(status, body)
        if self.st.mode == "down-refund":
            return self.error(503, "SERVICE_UNAVAILABLE")
        c = self.st.captures.get(cid)
        if c is None:
            return self.error(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID")
        try:
            amount = json.loads(raw)["amount"]
            cents = round(float(amount["value"]) * 100)
            ok = AMOUNT.match(amount["value"]) and cents > 0 and \
                amount["currency_code"] == c["amount"]["currency_code"]
        except (ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            self.st.count("bad_body")
            return self.error(422, "UNPROCESSABLE_ENTITY", "INVALID_PARAMETER_VALUE")
        left = round(float(c["amount"]["value"]) * 100) - c["refunded"]
        if left <= 0:
            return self.error(422, "UNPROCESSABLE_ENTITY", "CAPTURE_FULLY_REFUNDED")
        if cents > left:
            self.st.count("bad_body")
            return self.error(422, "UNPROCESSABLE_ENTITY", "REFUND_AMOUNT_EXCEEDED")
        c["refunded"] += cents
        body = {"id": secrets.token_hex(8).upper(), "status": "COMPLETED", "amount": amount}
        with self.st.lock:
            self.st.request_ids[rid] = (201, body)
            self.st.stats["refunds"] += 1
            self.st.stats["refunded_cents"] += cents
        self.send(201, body)

    def create_order(self, raw):
        rid = self.headers.get("PayPal-Request-Id")
        if self.headers.get("Content-Type") != "application/json" or not rid:
            self.st.count("bad_body")
            return self.error(400, "INVALID_REQUEST", "MISSING_REQUIRED_PARAMETER")
        with self.st.lock:
            if rid in self.st.request_ids:
                status, body = self.st.request_ids[rid]
                return self.send(status, body)
        try:
            b = json.loads(raw)
            unit = b["purchase_units"][0]
            amount = unit["amount"]
            ctx = b["payment_source"]["paypal"]["experience_context"]
            ok = (b["intent"] == "CAPTURE" and len(b["purchase_units"]) == 1 and
                  re.fullmatch(r"[A-Z]{3}", amount["currency_code"]) and
                  AMOUNT.match(amount["value"]) and float(amount["value"]) > 0 and
                  ctx["return_url"].startswith("http") and ctx["cancel_url"].startswith("http"))
        except (ValueError, KeyError, IndexError, TypeError):
            ok = False
        if not ok:
            self.st.count("bad_body")
            return self.error(422, "UNPROCESSABLE_ENTITY", "INVALID_PARAMETER_VALUE")
        oid = secrets.token_hex(8).upper()
        o = {"id": oid, "status": "PAYER_ACTION_REQUIRED", "amount": amount,
             "reference_id": unit.get("reference_id", "default"),
             "description": unit.get("description", ""), "captures": [],
             "return_url": ctx["return_url"], "cancel_url": ctx["cancel_url"]}
        body = self.order_json(o)
        with self.st.lock:
            self.st.orders[oid] = o
            self.st.request_ids[rid] = (200, body)
        self.st.count("orders")
        self.send(200, body)

    def capture(self, oid):
        self.st.count("captures")
        rid = self.headers.get("PayPal-Request-Id")
        with self.st.lock:
            if rid and rid in self.st.request_ids:
                status, body = self.st.request_ids[rid]
                return self.send(status, body)
        if self.st.mode == "down-capture":
            return self.error(503, "SERVICE_UNAVAILABLE")
        o = self.st.orders.get(oid)
        if o is None:
            return self.error(404, "RESOURCE_NOT_FOUND")
        if o["status"] == "COMPLETED":
            return self.error(422, "UNPROCESSABLE_ENTITY", "ORDER_ALREADY_CAPTURED")
        if o["status"] == "DECLINED_BY_BUYER":
            return self.error(422, "UNPROCESSABLE_ENTITY", "INSTRUMENT_DECLINED")
        if o["status"] != "APPROVED":
            return self.error(422, "UNPROCESSABLE_ENTITY", "ORDER_NOT_APPROVED")
        amount = dict(o["amount"])
        if self.st.mode == "wrong-amount":
            amount["value"] = "%.2f" % (float(amount["value"]) + 1)
        o["status"] = "COMPLETED"
        o["captures"] = [{"id": secrets.token_hex(8).upper(), "status": "COMPLETED",
                          "amount": amount, "final_capture": True}]
        self.st.captures[o["captures"][0]["id"]] = {"amount": amount, "refunded": 0}
        self.st.count("charges")
        body = self.order_json(o)
        with self.st.lock:
            if rid:
                self.st.request_ids[rid] = (201, body)
        if self.st.mode == "drop-capture":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.send(201, body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--client-id", required=True)
    ap.add_argument("--client-secret", required=True)
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    srv.daemon_threads = True
    srv.state = State(args)
    print(f"PORT {srv.server_port}", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
