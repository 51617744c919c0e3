#!/usr/bin/python3
"""A local SMTP server that keeps what it is sent, for the tests of Vega's account mail.

It speaks the part of SMTP (RFC 5321) a submission client uses: greeting, EHLO/HELO (with
8BITMIME and SIZE), MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET, NOOP, QUIT; it
answers 503 to commands out of order, 501 to malformed addresses and 500 to unknown
commands, and checks that a message has From, To, Subject, Date and Message-ID headers, that
its From matches the envelope sender and that lines end in CRLF (554 otherwise). Every
accepted message is written to OUTDIR/NNNN.eml (the raw message) and OUTDIR/NNNN.json
({"mail_from", "rcpt_to", "headers", "body"}), so a test reads what was delivered.

Usage: smtp_sink.py OUTDIR [--port 0]
Prints "PORT <n>" on stdout once it listens on 127.0.0.1.
"""
import argparse
import email
import email.policy
import json
import os
import re
import socketserver
import sys
import threading

ADDR = re.compile(r"^<([^<>\s@]+@[^<>\s@]+)>(?:\s+[A-Z0-9=-]+)*$", re.I)
REQUIRED = ("From", "To", "Subject", "Date", "Message-ID")
LOCK = threading.Lock()


class Session(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def handle(self):
        self.reply("220 sink.localhost ESMTP test sink")
        helo = False
        sender = None
        rcpts = []
        while True:
            raw = self.rfile.readline(4096)
            if not raw:
                return
            if not raw.endswith(b"\r\n"):
                self.reply("500 lines must end in CRLF")
                continue
            line = raw[:-2].decode("utf-8", "replace")
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                helo = True
                sender, rcpts = None, []
                if verb == "EHLO":
                    self.reply("250-sink.localhost")
                    self.reply("250-8BITMIME")
                    self.reply("250 SIZE 1048576")
                else:
                    self.reply("250 sink.localhost")
            elif verb == "MAIL":
                m = ADDR.match(line[10:].strip()) if line.upper().startswith("MAIL FROM:") else None
                if not helo:
                    self.reply("503 say EHLO first")
                elif m is None:
                    self.reply("501 bad MAIL FROM")
                else:
                    sender, rcpts = m.group(1), []
                    self.reply("250 OK")
            elif verb == "RCPT":
                m = ADDR.match(line[8:].strip()) if line.upper().startswith("RCPT TO:") else None
                if sender is None:
                    self.reply("503 MAIL first")
                elif m is None:
                    self.reply("501 bad RCPT TO")
                else:
                    rcpts.append(m.group(1))
                    self.reply("250 OK")
            elif verb == "DATA":
                if sender is None or not rcpts:
                    self.reply("503 MAIL and RCPT first")
                    continue
                self.reply("354 end with <CRLF>.<CRLF>")
                data = self.read_data()
                if data is None:
                    return
                problem = self.check(data, sender)
                if problem:
                    self.reply("554 " + problem)
                else:
                    self.store(sender, rcpts, data)
                    self.reply("250 OK queued")
                sender, rcpts = None, []
            elif verb == "RSET":
                sender, rcpts = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("500 unknown command")

    def read_data(self):
        out = []
        while True:
            raw = self.rfile.readline(65536)
            if not raw:
                return None
            if raw == b".\r\n":
                return b"".join(out)
            if not raw.endswith(b"\r\n"):
                out.append(b"\x00BARE-LF\x00")
            out.append(raw[1:] if raw.startswith(b".") else raw)

    @staticmethod
    def check(data, sender):
        if b"\x00BARE-LF\x00" in data:
            return "bare LF in message"
        msg = email.message_from_bytes(data, policy=email.policy.default)
        for h in REQUIRED:
            if msg[h] is None:
                return f"missing {h} header"
        if sender.lower() not in str(msg["From"]).lower():
            return "From does not match the envelope sender"
        return None

    def store(self, sender, rcpts, data):
        outdir = self.server.outdir
        msg = email.message_from_bytes(data, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        with LOCK:
            n = len([f for f in os.listdir(outdir) if f.endswith(".eml")]) + 1
            base = os.path.join(outdir, f"{n:04d}")
            with open(base + ".eml", "wb") as f:
                f.write(data)
            with open(base + ".json.tmp", "w") as f:
                json.dump({"mail_from": sender, "rcpt_to": rcpts,
                           "headers": {k: str(v) for k, v in msg.items()},
                           "body": body.get_content() if body else ""}, f)
            os.rename(base + ".json.tmp", base + ".json")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--port", type=int, default=0)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    srv = Server(("127.0.0.1", a.port), Session)
    srv.outdir = a.outdir
    print(f"PORT {srv.server_address[1]}", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
