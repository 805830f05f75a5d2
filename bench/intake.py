#!/usr/bin/env python3
"""Alert intake for `make bench` (bench/run.py calls `measure`): signal -> journal latency.

`warroom serve` on 127.0.0.1 (a free port) with a file journal; N alerts posted one at a
time as Alertmanager would post them; for each, the time to the 200 answer (parsed, checked
under the journal's lock, written with fdatasync), and the time until a reader following
the journal (the file polled every millisecond, as a stand-in for a console's inotify wake-up)
has the line. Then the same posts with a console (80×24, under a pty, `WARROOM_TRACE`) following a fresh
journal: signal -> console, from the signal's `ts` (stamped by serve as it appends) to the end
of the frame that showed it (the alerts line under the header changes with every new alert).

Run alone (`python3 bench/intake.py`, WARROOM_BIN set) it prints its rows.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402

ALERTS = int(os.environ.get("BENCH_INTAKE_ALERTS", "200"))
TOKEN = "bench-token-0123456789abcdef"


def payload(k):
    return json.dumps({"version": "4", "status": "firing", "alerts": [{
        "status": "firing", "fingerprint": "bench%011d" % k,
        "labels": {"alertname": "LoginFailures", "counter": "login_failure_pct", "instance": "web-%d" % k},
        "annotations": {"summary": "Login failures at 7%", "value": "7"},
        "startsAt": "2026-11-22T08:00:00Z", "endsAt": "0001-01-01T00:00:00Z"}]}).encode()


def percentile(vals, p):
    """p50 the middle value, p99 as bench/database.py takes it."""
    vals = sorted(vals)
    return vals[len(vals) // 2] if p == 0.5 else vals[max(0, int(len(vals) * p) - 1)]


def serve_port(err):
    """The port `warroom serve --listen 127.0.0.1:0` logged, or None if it did not start within 10 s."""
    deadline = time.time() + 10
    while time.time() < deadline:
        err.seek(0)
        m = re.search(r"listening on 127\.0\.0\.1:(\d+)", err.read())
        if m:
            return int(m.group(1))
        time.sleep(0.01)
    return None


def post(port, body):
    req = urllib.request.Request("http://127.0.0.1:%d/alertmanager" % port, data=body, method="POST",
                                 headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        r.read()


def measure(results):
    d = tempfile.mkdtemp(prefix="warroom-bench-intake-")
    journal = os.path.join(d, "j.jsonl")
    token = os.path.join(d, "token")
    with open(token, "w") as f:
        f.write(TOKEN + "\n")
    os.chmod(token, 0o600)
    err = open(os.path.join(d, "err"), "w+")
    p = subprocess.Popen([run.BIN, "serve", "--journal", journal, "--listen", "127.0.0.1:0", "--token-file", token],
                         stderr=err, env=run.ENV)
    try:
        port = serve_port(err)
        if port is None:
            results["intake"] = {"absent": "warroom serve did not start"}
            return
        answered, seen = [], []
        offset = 0
        for k in range(ALERTS):
            body = payload(k)
            needle = b"bench%011d" % k
            t0 = time.perf_counter()
            post(port, body)
            t1 = time.perf_counter()
            while True:
                with open(journal, "rb") as f:
                    f.seek(offset)
                    chunk = f.read()
                if needle in chunk:
                    offset += len(chunk)
                    break
                if time.perf_counter() - t0 > 10:
                    break
                time.sleep(0.001)
            t2 = time.perf_counter()
            answered.append((t1 - t0) * 1000)
            seen.append((t2 - t0) * 1000)
        results["intake"] = {"n": ALERTS,
                             "answered_p50_ms": percentile(answered, 0.5), "answered_p99_ms": percentile(answered, 0.99),
                             "seen_p50_ms": percentile(seen, 0.5), "seen_p99_ms": percentile(seen, 0.99)}
    finally:
        p.terminate()
        p.wait(timeout=10)
        err.close()
    results["intake"]["console"] = console_latency(d)


def console_latency(d):
    """Alerts posted at 10 a second to serve while a console follows the journal: signal -> screen."""
    journal = os.path.join(d, "console.jsonl")
    token = os.path.join(d, "token")
    trace = os.path.join(d, "trace.txt")
    err = open(os.path.join(d, "err2"), "w+")
    srv = subprocess.Popen([run.BIN, "serve", "--journal", journal, "--listen", "127.0.0.1:0", "--token-file", token],
                           stderr=err, env=run.ENV)
    con = None
    try:
        port = serve_port(err)
        if port is None:
            return None
        con = run.Pty([run.BIN, "console", "--journal", journal], 80, 24, dict(run.ENV, TERM="xterm-256color", WARROOM_TRACE=trace))
        con.pump(2)
        n = min(ALERTS, 100)
        for k in range(n):
            post(port, payload(100000 + k))
            con.pump(0.1)
        con.pump(1)
        return run.latencies(trace)
    finally:
        if con:
            con.close()
        srv.terminate()
        srv.wait(timeout=10)
        err.close()


def report_lines(r):
    i = r.get("intake")
    if not i:
        return []
    if "absent" in i:
        return ["| signal → journal (alert intake) | not measured: %s | | | | |" % i["absent"]]
    ok = i["seen_p99_ms"] <= 1000
    c = i.get("console")
    console = [
        "| signal → console: Alertmanager POST to `warroom serve` → the frame of a console (80×24) following the journal "
        "that shows it (p50 / p99, %d alerts at 10/s) | %.1f / %.1f ms | | | p99 ≤ 1 s | %s |" % (
            c["n"], c["p50_ms"], c["p99_ms"], "yes" if c["p99_ms"] <= 1000 else "no")] if c else [
        "| signal → console | not measured: the console wrote no trace | | | | |"]
    return console + [
        "| signal → journal: Alertmanager POST to `warroom serve` → a following reader has the line (p50 / p99, %d alerts) "
        "| %.1f / %.1f ms | 200 answered %.1f / %.1f ms | | p99 ≤ 1 s (the issue: within a second) | %s |" % (
            i["n"], i["seen_p50_ms"], i["seen_p99_ms"], i["answered_p50_ms"], i["answered_p99_ms"], "yes" if ok else "no")]


if __name__ == "__main__":
    res = {}
    measure(res)
    print("\n".join(report_lines(res)))
