#!/usr/bin/env python3
"""The notifier under a burst, for `make bench` (bench/run.py calls `measure`).

A fake DingTalk endpoint (Tests/WarRoomCoreTests/Fixtures/notify/fake_chat.py: it checks the
signature and refuses a 21st message in a minute, as DingTalk does), a DingTalk channel at its
published 20 a minute, and `warroom notify` following a journal into which 500 severity changes
are appended at 50 a second. Measured: the requests in any 60 s (must stay ≤ 20), how many of
them were summaries, whether every event was delivered (directly or inside a summary), and how
long until the last one was.

Run alone (`python3 bench/notify.py`, WARROOM_BIN set) it prints its rows and leaves
BENCHMARKS.md alone.
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (BIN, ROOT, ENV, WORK)

EVENTS = int(os.environ.get("BENCH_NOTIFY_EVENTS", "500"))
PER_MINUTE = 20
FAKE = os.path.join(run.ROOT, "Tests", "WarRoomCoreTests", "Fixtures", "notify", "fake_chat.py")


def wr(*args, stdin=None):
    subprocess.run([run.BIN] + list(args), input=stdin, check=True, env=run.ENV, stdout=subprocess.DEVNULL, text=True)


def measure(results):
    d = tempfile.mkdtemp(prefix="wr-bench-notify-", dir=run.WORK)
    record, port_file = os.path.join(d, "record.jsonl"), os.path.join(d, "port")
    open(record, "w").close()
    fake = subprocess.Popen([sys.executable, FAKE, "--platform", "dingtalk", "--secret", "SECbench", "--record", record,
                             "--port-file", port_file, "--per-minute", str(PER_MINUTE), "--lifetime", "600"])
    notifier = None
    try:
        for _ in range(200):
            if os.path.exists(port_file):
                break
            time.sleep(0.05)
        port = int(open(port_file).read())
        secret = os.path.join(d, "ding.secret")
        with open(secret, "w") as f:
            f.write("SECbench\n")
        os.chmod(secret, 0o600)
        config = os.path.join(d, "notify.toml")
        with open(config, "w") as f:
            f.write('[[channels]]\nname = "ops"\nkind = "dingtalk"\nurl = "http://127.0.0.1:%d/robot/send?access_token=t"\n'
                    'secret_file = "%s"\n' % (port, secret))
        journal = os.path.join(d, "room.jsonl")
        wr("declare", "--journal", journal, "--severity", "2", "--title", "Notifier burst")
        notifier = subprocess.Popen([run.BIN, "notify", "--journal", journal, "--config", config], env=run.ENV,
                                    stderr=subprocess.DEVNULL)
        start = time.time()
        # 500 severity changes at 50 a second, in batches of 5 every 0.1 s.
        for k in range(0, EVENTS, 5):
            lines = "".join('{"type":"incident.severity","data":{"severity":%d,"reason":"step %d"}}\n' % (1 if (k + j) % 2 == 0 else 2, k + j)
                            for j in range(5))
            wr("append", "--journal", journal, stdin=lines)
            time.sleep(max(0, start + (k + 5) / 50 - time.time()))
        deadline = time.time() + 300
        got = ""
        while time.time() < deadline:
            reqs = [json.loads(l) for l in open(record) if l.strip()]
            got = "\n".join(r.get("text") or "" for r in reqs if r["status"] == "ok")
            if all(("step %d" % k) in got for k in range(EVENTS)):
                break
            time.sleep(0.5)
        done = time.time() - start
        reqs = [json.loads(l) for l in open(record) if l.strip()]
        times = sorted(r["t"] for r in reqs)
        window = max((sum(1 for u in times if t <= u < t + 60) for t in times), default=0)
        summaries = sum(1 for r in reqs if re.match(r"^\d+ updates", r.get("text") or ""))
        results["notify"] = {
            "events": EVENTS, "requests": len(reqs), "summaries": summaries, "max_in_60s": window,
            "refused": sum(1 for r in reqs if r["status"] != "ok"),
            "all_delivered": all(("step %d" % k) in got for k in range(EVENTS)), "seconds": done,
            "first_minute": sum(1 for t in times if t < start + 60),
        }
    finally:
        if notifier:
            notifier.send_signal(signal.SIGTERM)
            notifier.wait(timeout=30)
        fake.kill()
        fake.wait()


def report_lines(r):
    n = r.get("notify")
    if not n:
        return []
    return ["| notifier: a burst of %d events (50/s) through a DingTalk channel limited to %d a minute | %d messages (%d of them summaries): "
            "%d in the first minute, at most %d in any 60 s; every event delivered: %s, the last after %.0f s | platform refusals: %d | | "
            "≤ %d a minute, nothing lost | %s |" % (
                n["events"], PER_MINUTE, n["requests"], n["summaries"], n["first_minute"], n["max_in_60s"], "yes" if n["all_delivered"] else "no",
                n["seconds"], n["refused"], PER_MINUTE, "yes" if n["max_in_60s"] <= PER_MINUTE and n["all_delivered"] and not n["refused"] else "no")]


if __name__ == "__main__":
    os.makedirs(run.WORK, exist_ok=True)
    res = {}
    measure(res)
    print(json.dumps(res, indent=1, default=str))
    print("\n".join(report_lines(res)))
