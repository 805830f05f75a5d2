#!/usr/bin/env python3
"""A fake Feishu, DingTalk or WeCom bot endpoint on 127.0.0.1, for the notifier's tests.

It checks each request as the platform does (Feishu's signature in the body, DingTalk's in
the query, WeCom's key in the query), enforces the platform's limits, answers in the
platform's words (success, bad signature, rate limited) and appends one JSON line per
request to --record: {"t": seconds, "status": "ok"|"bad-signature"|"limited", "text": ...}.

--kill-pid-file FILE --kill-on N: on the Nth request, SIGKILL the pid written in FILE before
answering (the notifier dies after its request and before it records the outcome).
Stops by itself after --lifetime seconds.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import signal
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

p = argparse.ArgumentParser()
p.add_argument("--platform", choices=["feishu", "dingtalk", "wecom"], required=True)
p.add_argument("--secret", default="")
p.add_argument("--key", default="")
p.add_argument("--record", required=True)
p.add_argument("--port-file", required=True)
p.add_argument("--per-second", type=int, default=0)
p.add_argument("--per-minute", type=int, default=0)
p.add_argument("--kill-pid-file", default="")
p.add_argument("--kill-on", type=int, default=0)
p.add_argument("--lifetime", type=float, default=300)
args = p.parse_args()

lock = threading.Lock()
times = []
count = [0]

REPLIES = {
    "feishu": {
        "ok": {"code": 0, "data": {}, "msg": "success"},
        "bad-signature": {"code": 19021, "data": {}, "msg": "sign match fail or timestamp is not within one hour from current time"},
        "limited": {"code": 11232, "data": {}, "msg": "frequency limited psm"},
        "bad-request": {"code": 9499, "data": {}, "msg": "Bad Request"},
    },
    "dingtalk": {
        "ok": {"errcode": 0, "errmsg": "ok"},
        "bad-signature": {"errcode": 310000, "errmsg": "sign not match"},
        "limited": {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"},
        "bad-request": {"errcode": 300001, "errmsg": "param error"},
    },
    "wecom": {
        "ok": {"errcode": 0, "errmsg": "ok"},
        "bad-signature": {"errcode": 93000, "errmsg": "invalid webhook url"},
        "limited": {"errcode": 45009, "errmsg": "api freq out of limit"},
        "bad-request": {"errcode": 40008, "errmsg": "invalid message type"},
    },
}


def sign_ok(path, body):
    now = time.time()
    query = urllib.parse.parse_qs(urllib.parse.urlparse(path).query)
    if args.platform == "feishu":
        if not args.secret:
            return True
        ts, sign = body.get("timestamp"), body.get("sign")
        if not isinstance(ts, str) or not isinstance(sign, str) or abs(now - int(ts)) > 3600:
            return False
        key = ("%s\n%s" % (ts, args.secret)).encode()
        want = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
        return hmac.compare_digest(want, sign)
    if args.platform == "dingtalk":
        if not args.secret:
            return True
        ts, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
        if not ts.isdigit() or abs(now * 1000 - int(ts)) > 3600 * 1000:
            return False
        msg = ("%s\n%s" % (ts, args.secret)).encode()
        want = base64.b64encode(hmac.new(args.secret.encode(), msg, hashlib.sha256).digest()).decode()
        return hmac.compare_digest(want, sign)
    return query.get("key", [""])[0] == args.key


def text_of(body):
    if args.platform == "feishu":
        return (body.get("content") or {}).get("text")
    return (body.get("text") or {}).get("content")


def limited(now):
    while times and now - times[0] >= 60:
        times.pop(0)
    if args.per_minute and len(times) >= args.per_minute:
        return True
    if args.per_second and len([t for t in times if now - t < 1]) >= args.per_second:
        return True
    return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        now = time.time()
        with lock:
            count[0] += 1
            n = count[0]
            if not isinstance(body, dict) or text_of(body) is None:
                status = "bad-request"
            elif not sign_ok(self.path, body):
                status = "bad-signature"
            elif limited(now):
                status = "limited"
            else:
                status = "ok"
                times.append(now)
            entry = {"t": now, "n": n, "status": status, "text": text_of(body) if isinstance(body, dict) else None,
                     "body": body if isinstance(body, dict) else None, "path": self.path}
            with open(args.record, "a") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")
                f.flush()
                os.fsync(f.fileno())
            if args.kill_on and n == args.kill_on and args.kill_pid_file:
                with open(args.kill_pid_file) as f:
                    os.kill(int(f.read().strip()), signal.SIGKILL)
        out = json.dumps(REPLIES[args.platform][status]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Timer(args.lifetime, server.shutdown).start()
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(args.port_file + ".tmp", args.port_file)
server.serve_forever()
