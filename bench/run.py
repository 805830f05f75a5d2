#!/usr/bin/env python3
"""warroom benchmarks: every measure next to its anchor, taken in the same run.

Run by `make bench`; rewrites BENCHMARKS.md. Each figure is a median of
several runs. Speed is judged here, never in `make test`.
"""
import json
import os
import pty
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("WARROOM_BIN", os.path.join(ROOT, ".build", "release", "warroom"))
TORTURE = os.path.join(os.path.dirname(BIN), "wr-torture")
WORK = os.environ.get("BENCH_DIR", os.path.join(tempfile.gettempdir(), "warroom-bench"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", "9"))
# Checkpoints off unless a row says warm (warm_env): a lean reader run twice would otherwise read
# the second time from the checkpoint the first saved under ~/.cache, and "cold" would not be.
ENV = dict(os.environ, WARROOM_DATA=ROOT, LANG="C.UTF-8", TZ="UTC", WARROOM_NO_CHECKPOINT="1")


def warm_env(cache):
    """ENV with checkpoints on, saved under `cache` (a directory of the bench's own)."""
    env = dict(ENV, XDG_CACHE_HOME=cache)
    env.pop("WARROOM_NO_CHECKPOINT", None)
    return env


def journal(n):
    path = os.path.join(WORK, "j%d.jsonl" % n)
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_journal.py"), str(n), path, "7"], check=True)
    return path


def timed(cmd, stdout=subprocess.DEVNULL, env=None):
    """Wall seconds and peak RSS (KiB) of a command, via /usr/bin/time when present."""
    if os.path.exists("/usr/bin/time"):
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=stdout, stderr=subprocess.PIPE, env=env or ENV)
        wall = time.perf_counter() - t0
        rss = int(p.stderr.decode().strip().splitlines()[-1])
        return wall, rss
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=stdout, env=env or ENV)
    return time.perf_counter() - t0, 0


def median_run(cmd, runs=RUNS, spread=None, env=None):
    walls, rss = [], []
    for _ in range(runs):
        w, r = timed(cmd, env=env)
        walls.append(w)
        rss.append(r)
    if spread is not None:
        spread.extend(sorted(walls))
    return statistics.median(walls), max(rss)


def cold_load(results):
    j = journal(1_000_000)
    size = os.path.getsize(j)
    # Wall times on this kind of machine (a VM on a shared host) wander by a fifth from one
    # minute to the next: warroom's load, a second long, gets more runs than jq's.
    walls = []
    w_wr, rss_wr = median_run([BIN, "status", "--json", "--journal", j], runs=COLD_RUNS, spread=walls)
    row = {"warroom status --json": (w_wr, rss_wr)}
    if shutil.which("jq"):
        row["jq -c ."] = median_run(["jq", "-c", ".", j])
    row["wc -l"] = median_run(["wc", "-l", j], runs=COLD_RUNS)
    results["cold_load"] = {"file_bytes": size, "rows": row, "warroom_walls": walls}


def first_frame(results):
    out = {}
    for n in (10_000, 1_000_000):
        j = journal(n)
        out[n] = median_run([BIN, "render", "--size", "200x60", "--journal", j])[0]
    out["cat anchor (10k)"] = median_run(["cat", journal(10_000)])[0]
    results["first_frame"] = out


class Pty:
    """A program under a pseudo-terminal, counting the bytes it writes."""

    def __init__(self, cmd, cols, rows, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(env)
            os.environ["COLUMNS"], os.environ["LINES"] = str(cols), str(rows)
            os.execvp(cmd[0], cmd)
        import fcntl
        import struct
        import termios
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.bytes = 0

    def pump(self, seconds):
        end = time.time() + seconds
        while True:
            left = end - time.time()
            if left <= 0:
                return
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    return
                self.bytes += len(data)

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def wire_and_latency(results):
    j10 = journal(10_000)
    out = {}
    for cols, rows in ((80, 24), (200, 60)):
        live = os.path.join(WORK, "live-%dx%d.jsonl" % (cols, rows))
        shutil.copy(j10, live)
        trace = os.path.join(WORK, "trace-%dx%d.txt" % (cols, rows))
        env = dict(ENV, TERM="xterm-256color", WARROOM_TRACE=trace)
        p = Pty([BIN, "console", "--journal", live], cols, rows, env)
        p.pump(3)
        # Idle: a console left alone on the journal; only the clocks tick. CPU and bytes over the same stretch.
        window = int(os.environ.get("BENCH_IDLE_SECONDS", "60")) if cols == 80 else 10
        cpu0 = cpu_seconds(p.pid)
        start = p.bytes
        p.pump(window)
        idle = (p.bytes - start) / window
        idle_cpu = cpu_seconds(p.pid) - cpu0
        # Appended timeline events, at 50 a second from another process.
        incident = json.loads(subprocess.run([BIN, "status", "--json", "--journal", live], capture_output=True, env=ENV).stdout)["incidents"][-1]["id"]
        n = 200 if cols == 80 else 1000
        start = p.bytes
        appender = subprocess.Popen([TORTURE, "paced", live, str(n), "50", incident], env=ENV)
        while appender.poll() is None:
            p.pump(0.2)
        p.pump(1.0)
        per_event = (p.bytes - start - idle * (n / 50 + 1)) / n
        # Right after a burst the roster's "last action 12s ago" changes every second, so the
        # console redraws each second for a while: recorded for the reader, not the idle target.
        cpu0 = cpu_seconds(p.pid)
        p.pump(10)
        after_cpu = cpu_seconds(p.pid) - cpu0
        p.close()
        lat = latencies(trace)
        out["%dx%d" % (cols, rows)] = {"idle_bytes_per_s": idle, "bytes_per_event": per_event, "idle_cpu_s": idle_cpu,
                                         "idle_seconds": window, "after_burst_cpu_s": after_cpu, "latency": lat}
    out["tail -F"] = tail_latency()
    # The same measures for the live terminal views people would otherwise use: htop (idle
    # only: it shows no journal) and lnav following a copy of the same journal.
    for tool in ("htop", "lnav"):
        if not shutil.which(tool):
            continue
        for cols, rows in ((80, 24), (200, 60)):
            live = os.path.join(WORK, "%s-%dx%d.jsonl" % (tool, cols, rows))
            shutil.copy(j10, live)
            p = Pty([tool] if tool == "htop" else [tool, live], cols, rows, dict(ENV, TERM="xterm-256color"))
            p.pump(3)
            s = p.bytes
            p.pump(10)
            idle = (p.bytes - s) / 10
            out["%s idle bytes/s (%dx%d)" % (tool, cols, rows)] = idle
            if tool == "lnav":
                incident = json.loads(subprocess.run([BIN, "status", "--json", "--journal", live], capture_output=True, env=ENV).stdout)["incidents"][-1]["id"]
                n = 500
                s = p.bytes
                appender = subprocess.Popen([TORTURE, "paced", live, str(n), "50", incident], env=ENV)
                while appender.poll() is None:
                    p.pump(0.2)
                p.pump(1.0)
                out["lnav bytes per event (%dx%d)" % (cols, rows)] = (p.bytes - s - idle * (n / 50 + 1)) / n
            p.close()
    results["live"] = out


def drills(results):
    """CPU of the drill runner between injects, and of the demo (runner and console in one process),
    over the same stretch as a console on a running drill: the runner used to wake on its own
    journal writes and spin at about 90 % of a core."""
    window = int(os.environ.get("BENCH_DRILL_SECONDS", "20"))
    out = {"seconds": window}
    scenario = os.path.join(ROOT, "scenarios", "payment-promo.toml")
    j = os.path.join(WORK, "drill-runner.jsonl")
    if os.path.exists(j):
        os.remove(j)
    # At speed 1 the first injects are minutes apart: the runner mostly waits.
    runner = subprocess.Popen([BIN, "drill", "run", scenario, "--journal", j, "--speed", "1", "--quiet"], env=ENV)
    time.sleep(2)
    console = Pty([BIN, "console", "--journal", j], 80, 24, dict(ENV, TERM="xterm-256color"))
    console.pump(3)
    r0, c0 = cpu_seconds(runner.pid), cpu_seconds(console.pid)
    console.pump(window)
    out["runner_cpu_s"], out["console_cpu_s"] = cpu_seconds(runner.pid) - r0, cpu_seconds(console.pid) - c0
    console.close()
    runner.send_signal(signal.SIGTERM)
    runner.wait()
    demo_j = os.path.join(WORK, "drill-demo.jsonl")
    if os.path.exists(demo_j):
        os.remove(demo_j)
    demo = Pty([BIN, "demo", "--journal", demo_j], 80, 24, dict(ENV, TERM="xterm-256color"))
    demo.pump(3)
    d0 = cpu_seconds(demo.pid)
    demo.pump(window)
    out["demo_cpu_s"] = cpu_seconds(demo.pid) - d0
    demo.close()
    results["drills"] = out


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def latencies(trace):
    """Event ts to the end of the doupdate that showed it, from the console's trace."""
    vals = []
    if not os.path.exists(trace):
        return None
    for line in open(trace):
        parts = line.split()
        if len(parts) != 2 or parts[1] == "-":
            continue
        shown, ts = parse(parts[0]), parse(parts[1])
        vals.append((shown - ts) * 1000)
    vals = vals[-1000:]
    if not vals:
        return None
    vals.sort()
    return {"p50_ms": vals[len(vals) // 2], "p99_ms": vals[int(len(vals) * 0.99) - 1], "n": len(vals)}


def parse(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()


def tail_latency():
    live = os.path.join(WORK, "tail.jsonl")
    shutil.copy(journal(10_000), live)
    incident = json.loads(subprocess.run([BIN, "status", "--json", "--journal", live], capture_output=True, env=ENV).stdout)["incidents"][-1]["id"]
    tail = subprocess.Popen(["tail", "-n", "0", "-F", live], stdout=subprocess.PIPE)
    time.sleep(0.5)
    appender = subprocess.Popen([TORTURE, "paced", live, "1000", "50", incident], env=ENV)
    vals = []
    buf = b""
    while appender.poll() is None or len(vals) < 1000:
        r, _, _ = select.select([tail.stdout], [], [], 2)
        if not r:
            break
        chunk = os.read(tail.stdout.fileno(), 65536)
        now = time.time()
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            m = re.search(rb'"ts":"([^"]+)"', line)
            if m:
                vals.append((now - parse(m.group(1).decode())) * 1000)
    tail.kill()
    vals.sort()
    if not vals:
        return None
    return {"p50_ms": vals[len(vals) // 2], "p99_ms": vals[int(len(vals) * 0.99) - 1], "n": len(vals)}


def micro(results):
    out = {}
    p = subprocess.run([TORTURE, "apply-bench", journal(1_000_000)], capture_output=True, env=ENV, text=True)
    out["apply_1m"] = p.stdout.strip()
    p = subprocess.run([TORTURE, "apply-bench", journal(10_000)], capture_output=True, env=ENV, text=True)
    out["apply_10k"] = p.stdout.strip()
    p = subprocess.run([TORTURE, "replay-bench", journal(100_000)], capture_output=True, env=ENV, text=True)
    out["replay_100k"] = p.stdout.strip()
    results["micro"] = out


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return "%s, %d cores, %s" % (cpu, os.cpu_count(), subprocess.run(["uname", "-sr"], capture_output=True, text=True).stdout.strip())


def main():
    os.makedirs(WORK, exist_ok=True)
    results = {}
    import database  # bench/database.py: the database backend beside the file one
    import intake  # bench/intake.py: alert intake through warroom serve
    import notify  # bench/notify.py: the notifier under a burst
    import scale  # bench/scale.py: appends, check and status against simdjson at the size of a year
    import room  # bench/room.py: 50 consoles on one journal while alerts arrive at 200 a second
    for step in (cold_load, first_frame, micro, scale.measure, wire_and_latency, drills, database.measure, intake.measure, notify.measure,
                 room.measure):
        t0 = time.time()
        step(results)
        print("bench: %s done in %.0f s" % (step.__name__, time.time() - t0), flush=True)
    with open(os.path.join(WORK, "results.json"), "w") as f:
        json.dump(results, f, indent=1, default=str)
    write_report(results)


def ms(x):
    return "%.1f ms" % (x * 1000)


def write_report(r):
    cl = r["cold_load"]["rows"]
    size = r["cold_load"]["file_bytes"]
    wr_wall, wr_rss = cl["warroom status --json"]
    lines = ["# Benchmarks", "",
             "Measured by `make bench` (bench/run.py) on %s, %s." % (machine(), datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
             "Journals from `bench/gen_journal.py` (seed 7): many incidents, every event type, Chinese and English text, "
             "mean line about %d bytes. Each figure is a median of %d runs unless said; ratios are against anchors taken in the same run." % (size // 1_000_000, RUNS),
             "", "| measure | warroom | anchor | ratio | target | met |", "|---|---|---|---|---|---|"]
    jq = cl.get("jq -c .")
    wc = cl["wc -l"]
    walls = r["cold_load"].get("warroom_walls") or [wr_wall]
    lines.append("| cold load, 1 M events (%.0f MB), `status --json` | %.2f s (median of %d, %.2f–%.2f) | `jq -c .` %s, `wc -l` %.2f s | %s, %.1f× wc | ≤ 1 s, ≥ 10× faster than jq | %s |" % (
        size / 1e6, wr_wall, len(walls), walls[0], walls[-1], ("%.2f s" % jq[0]) if jq else "n/a", wc[0], ("%.1f× faster than jq" % (jq[0] / wr_wall)) if jq else "n/a",
        wr_wall / wc[0], "yes" if wr_wall <= 1 and (not jq or jq[0] / wr_wall >= 10) else "no"))
    lines.append("| peak memory, cold load | %.0f MB | file %.0f MB | %.2f× file | ≤ 1.5× file | %s |" % (
        wr_rss / 1024, size / 1e6, wr_rss * 1024 / size, "yes" if wr_rss * 1024 <= 1.5 * size else "no"))
    ff = r["first_frame"]
    lines.append("| first frame, 10 k events, `render --size 200x60` | %s | `cat` %s | | ≤ 100 ms | %s |" % (
        ms(ff[10000]), ms(ff["cat anchor (10k)"]), "yes" if ff[10000] <= 0.1 else "no"))
    lines.append("| first frame, 1 M events | %.2f s | | | | |" % ff[1000000])
    live = r["live"]
    tail = live.get("tail -F")
    for size_key in ("80x24", "200x60"):
        v = live[size_key]
        lat = v["latency"]
        if lat:
            lines.append("| live latency %s (p50 / p99, %d events at 50/s) | %.1f / %.1f ms | `tail -F` %s | | p99 ≤ 20 ms | %s |" % (
                size_key, lat["n"], lat["p50_ms"], lat["p99_ms"],
                ("%.1f / %.1f ms" % (tail["p50_ms"], tail["p99_ms"])) if tail else "n/a", "yes" if lat["p99_ms"] <= 20 else "no"))
        lnav = live.get("lnav bytes per event (%s)" % size_key)
        lines.append("| bytes per appended event, %s | %.0f B | %s | %s | ≤ 300 at 200×60 | %s |" % (
            size_key, v["bytes_per_event"], ("lnav %.0f B" % lnav) if lnav is not None else "lnav not installed",
            ("%.1f× lnav" % (v["bytes_per_event"] / lnav)) if lnav else "",
            ("yes" if v["bytes_per_event"] <= 300 else "no") if size_key == "200x60" else ""))
        lines.append("| idle output, %s | %.0f B/s | %s | | ≤ 100 B/s | %s |" % (
            size_key, v["idle_bytes_per_s"], ", ".join("%s %.0f B/s" % (k.split()[0], x) for k, x in live.items() if k.endswith("idle bytes/s (%s)" % size_key)) or "htop, lnav not installed",
            "yes" if v["idle_bytes_per_s"] <= 100 else "no"))
    v = live["80x24"]
    idle_s = v["idle_seconds"]
    lines.append("| idle CPU, 10 k events, console left alone %d s (80x24) | %.2f s CPU (%.3f %%) | | | ≤ 0.1 %% | %s |" % (
        idle_s, v["idle_cpu_s"], v["idle_cpu_s"] / idle_s * 100, "yes" if v["idle_cpu_s"] / idle_s <= 0.001 else "no"))
    for size_key in ("80x24", "200x60"):
        v = live[size_key]
        lines.append("| CPU in the 10 s after the burst of appends, %s (the roster's seconds tick) | %.2f s CPU (%.2f %%) | | | | |" % (
            size_key, v["after_burst_cpu_s"], v["after_burst_cpu_s"] / 10 * 100))
    d = r.get("drills")
    if d:
        w = d["seconds"]
        lines.append("| drill runner between injects, %d s (payment-promo at ×1) | %.2f s CPU (%.2f %%) | console on the drill %.2f s (%.2f %%) | | ≤ the console | %s |" % (
            w, d["runner_cpu_s"], d["runner_cpu_s"] / w * 100, d["console_cpu_s"], d["console_cpu_s"] / w * 100,
            "yes" if d["runner_cpu_s"] <= d["console_cpu_s"] else "no"))
        lines.append("| `warroom demo` (runner, responders and console in one process, ×30), %d s at 80x24 | %.2f s CPU (%.2f %%) | runner + console above %.2f s | | ≤ 5 %% of a core (it spun at 90 %%) | %s |" % (
            w, d["demo_cpu_s"], d["demo_cpu_s"] / w * 100, d["runner_cpu_s"] + d["console_cpu_s"],
            "yes" if d["demo_cpu_s"] <= 0.05 * w else "no"))
    m = r["micro"]
    def p99(text):
        found = re.search(r"p99 ([0-9.]+) ms", text or "")
        return float(found.group(1)) if found else None
    a1, a10, rp = p99(m["apply_1m"]), p99(m["apply_10k"]), p99(m["replay_100k"])
    lines.append("| incremental apply of one event | 1 M journal: %s; 10 k journal: %s | | | ≤ 1 ms, independent of size | %s |" % (
        m["apply_1m"], m["apply_10k"], "yes" if a1 is not None and a10 is not None and a1 <= 1 and a10 <= 1 else "no"))
    lines.append("| time-travel step, 100 k events | %s | | | ≤ 16 ms | %s |" % (m["replay_100k"], "yes" if rp is not None and rp <= 16 else "no"))
    import scale
    lines += scale.report_lines(r)
    import database
    lines += database.report_lines(r)
    import intake
    lines += intake.report_lines(r)
    import notify
    lines += notify.report_lines(r)
    import room
    lines += room.report_lines(r)
    lines += ["", "Commands: `warroom status --json FILE > /dev/null`, `jq -c . FILE > /dev/null`, `wc -l FILE`; "
              "`warroom render --size 200x60`; the console under a pty with `WARROOM_TRACE` (event `ts` to the end of the "
              "`doupdate` that showed it) while `wr-torture paced` appends 50 events a second (notes of every kind, counters and "
              "statements from eight people, in Chinese and English, so each new line differs from its neighbours); `tail -n 0 -F` on the same "
              "file for the anchor; bytes counted at the pty master; CPU from /proc/PID/stat; `wr-torture apply-bench` and "
              "`replay-bench` for the in-process measures. The database rows (bench/database.py): a throwaway PostgreSQL "
              "cluster on a Unix socket (fsync and synchronous_commit on), `wr-torture append-latency` and `writers-throughput` "
              "through the appender every command uses, `warroom import` of the 200 k-event file then `status --json` on both, "
              "and the consoles' `WARROOM_TRACE` while `wr-torture paced` appends to each backend.", ""]
    notes = os.path.join(ROOT, "bench", "NOTES.md")
    if os.path.exists(notes):
        lines += [open(notes).read()]
    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
