#!/usr/bin/env python3
"""A room of consoles following one journal while alerting appends, for `make bench`
(bench/run.py calls `measure`): issue 19's "50 consoles, 200 events a second".

For each backend (a file journal, then a database journal on a throwaway PostgreSQL cluster
as bench/database.py makes it): one incident declared, CONSOLES consoles at 80x24 under ptys
(each with WARROOM_TRACE), then alerts posted to `warroom serve`'s Alertmanager endpoint at
RATE a second (one alert per POST, each a new fingerprint, so each is one `signal.fired` line)
for SECONDS, from a separate poster process so the harness that reads the ptys does not slow
it. If serve does not keep up (fewer than 90 % of the alerts answered in the window),
`wr-torture paced` appends notes at the same rate instead, and the row says so.

Per console: append -> screen (each event's `ts` to the end of the frame that showed it, from
the trace), frames that showed new events per second, bytes written to the terminal; for the
room: the consoles' CPU (utime + stime from /proc/PID/stat) as a fraction of one core, and the
CPU of serve (or the appender) and of the PostgreSQL server over the same window.

Run alone (`python3 bench/room.py [file|database]`, WARROOM_BIN set) it prints its rows and
leaves BENCHMARKS.md alone.
"""
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
import database  # noqa: E402
import intake  # noqa: E402

CONSOLES = int(os.environ.get("BENCH_ROOM_CONSOLES", "50"))
RATE = float(os.environ.get("BENCH_ROOM_RATE", "200"))
SECONDS = float(os.environ.get("BENCH_ROOM_SECONDS", "20"))


def poster(port, rate, seconds, first):
    """The poster process: alerts at `rate` a second, paced from the start; prints how many were answered."""
    n = int(rate * seconds)
    start = time.time()
    ok = sent = 0
    for k in range(n):
        # Bounded in time as well as in count: a starved serve makes the window longer, not endless.
        if time.time() > start + seconds * 1.5:
            break
        sent += 1
        wait = start + k / rate - time.time()
        if wait > 0:
            time.sleep(wait)
        try:
            intake.post(port, intake.payload(first + k))
            ok += 1
        except Exception:  # noqa: BLE001  (a refused or failed POST is counted, not fatal)
            pass
    print(json.dumps({"posted": sent, "planned": n, "answered": ok, "seconds": time.time() - start}), flush=True)


def pump_all(ptys, seconds):
    """Reads every console's output for `seconds`, so none blocks on a full pty."""
    by_fd = {p.fd: p for p in ptys if p.fd is not None}
    end = time.time() + seconds
    while by_fd:
        left = end - time.time()
        if left <= 0:
            return
        r, _, _ = select.select(list(by_fd), [], [], left)
        for fd in r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if not data:
                by_fd.pop(fd, None)
                continue
            by_fd[fd].bytes += len(data)


def stat_cpu(pid):
    try:
        return run.cpu_seconds(pid)
    except OSError:
        return 0.0


def postgres_pids(cluster):
    """The postmaster and its children (the backends the consoles and serve talk to)."""
    try:
        with open(os.path.join(cluster.dir, "data", "postmaster.pid")) as f:
            root = int(f.readline())
    except OSError:
        return []
    pids = [root]
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == root:
                        pids.append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    return pids


def per_event(trace, t0, t1):
    """(latencies in ms, distinct frames) for events shown between t0 and t1 (wall clock)."""
    lat, frames = [], set()
    if not os.path.exists(trace):
        return lat, frames
    for line in open(trace):
        parts = line.split()
        if len(parts) != 2 or parts[1] == "-":
            continue
        shown = run.parse(parts[0])
        if not t0 <= shown <= t1:
            continue
        lat.append((shown - run.parse(parts[1])) * 1000)
        frames.add(parts[0])
    return lat, frames


def pct(vals, p):
    if not vals:
        return None
    vals = sorted(vals)
    return vals[len(vals) // 2] if p == 0.5 else vals[max(0, int(len(vals) * p) - 1)]


def one_room(journal, work, cluster=None):
    """Consoles on `journal`, alerts through serve (or the paced appender); the measures."""
    wr = lambda *a: database.wr(*a)  # noqa: E731
    wr("declare", "--journal", journal, "--severity", "2", "--title", "room bench")
    incident = json.loads(wr("status", "--json", "--journal", journal))["incidents"][-1]["id"]
    token = os.path.join(work, "token")
    with open(token, "w") as f:
        f.write(intake.TOKEN + "\n")
    os.chmod(token, 0o600)
    err = open(os.path.join(work, "serve.err"), "w+")
    srv = subprocess.Popen([run.BIN, "serve", "--journal", journal, "--listen", "127.0.0.1:0", "--token-file", token],
                           stderr=err, env=run.ENV)
    ptys, traces = [], []
    out = {"consoles": CONSOLES, "rate": RATE, "seconds": SECONDS}
    try:
        port = intake.serve_port(err)
        for k in range(CONSOLES):
            trace = os.path.join(work, "trace-%d.txt" % k)
            traces.append(trace)
            ptys.append(run.Pty([run.BIN, "console", "--journal", journal, "--as", "viewer%d" % k], 80, 24,
                                dict(run.ENV, TERM="xterm-256color", WARROOM_TRACE=trace)))
            pump_all(ptys, 0.1)  # staggered: fifty cold starts at once only measure the start
        # Every console has opened and read the others' presence lines.
        pump_all(ptys, 5)
        pg = postgres_pids(cluster) if cluster else []
        cpu0 = [stat_cpu(p.pid) for p in ptys]
        b0 = [p.bytes for p in ptys]
        srv0 = stat_cpu(srv.pid)
        pg0 = sum(stat_cpu(p) for p in pg)
        t0 = time.time()
        if port is not None:
            feeder = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--post", str(port), str(RATE), str(SECONDS)],
                                      stdout=subprocess.PIPE, env=run.ENV)
            via = "serve"
        else:
            feeder = subprocess.Popen([run.TORTURE, "paced", journal, str(int(RATE * SECONDS)), str(RATE), incident], env=run.ENV)
            via = "wr-torture paced (serve did not start)"
        while feeder.poll() is None:
            pump_all(ptys, 0.05)
        t_feed = time.time()
        feeder_cpu = None
        if via == "serve":
            got = json.loads(feeder.stdout.read().decode() or "{}")
            out["posted"], out["answered"], out["planned"] = got.get("posted"), got.get("answered"), got.get("planned")
            out["feed_seconds"] = got.get("seconds")
        # The last frames drain; then the window closes.
        pump_all(ptys, 1.0)
        t1 = time.time()
        cpu1 = [stat_cpu(p.pid) for p in ptys]
        out["serve_cpu_s"] = stat_cpu(srv.pid) - srv0
        out["postgres_cpu_s"] = (sum(stat_cpu(p) for p in pg) - pg0) if cluster else None
        out["window_s"] = t1 - t0
        out["feed_wall_s"] = t_feed - t0
        out["via"] = via
        out["feeder_cpu_s"] = feeder_cpu
        per = []
        every = []
        for k, p in enumerate(ptys):
            lat, frames = per_event(traces[k], t0, t1)
            every += lat
            per.append({"p50_ms": pct(lat, 0.5), "p99_ms": pct(lat, 0.99), "events": len(lat),
                        "frames_per_s": len(frames) / (t1 - t0), "bytes": p.bytes - b0[k], "cpu_s": cpu1[k] - cpu0[k]})
        out["per_console"] = per
        out["all_p50_ms"], out["all_p99_ms"] = pct(every, 0.5), pct(every, 0.99)
        p99s = [c["p99_ms"] for c in per if c["p99_ms"] is not None]
        out["worst_p99_ms"] = max(p99s) if p99s else None
        out["events_seen_min"] = min(c["events"] for c in per)
        out["consoles_cpu_cores"] = sum(c["cpu_s"] for c in per) / (t1 - t0)
        out["frames_per_s_max"] = max(c["frames_per_s"] for c in per)
        out["frames_per_s_mean"] = sum(c["frames_per_s"] for c in per) / len(per)
        out["bytes_per_console_mean"] = sum(c["bytes"] for c in per) / len(per)
        out["bytes_per_console_s"] = out["bytes_per_console_mean"] / (t1 - t0)
    finally:
        for p in ptys:
            p.close()
        srv.terminate()
        try:
            srv.wait(timeout=10)
        except subprocess.TimeoutExpired:
            srv.kill()
        err.close()
    return out


def measure(results, backends=("file", "database")):
    out = {}
    if "file" in backends:
        work = tempfile.mkdtemp(prefix="warroom-bench-room-")
        try:
            out["file"] = one_room(os.path.join(work, "room.jsonl"), work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if "database" in backends:
        bin_dir = database.server_binaries()
        if not bin_dir:
            out["database"] = {"absent": "PostgreSQL server binaries not found (apt-get install postgresql)"}
        else:
            # Each console holds two connections (its follower's LISTEN and its writer's), so fifty
            # consoles and serve need more than PostgreSQL's default 100.
            cluster = database.Cluster(bin_dir, max_connections=CONSOLES * 2 + 50)
            work = tempfile.mkdtemp(prefix="warroom-bench-room-db-")
            try:
                uri = cluster.uri("room-%d" % os.getpid())
                database.wr("db", "init", "--journal", uri)
                out["database"] = one_room(uri, work, cluster)
            finally:
                cluster.stop()
                shutil.rmtree(work, ignore_errors=True)
    results["room"] = out


def report_lines(r):
    room = r.get("room")
    if not room:
        return []
    lines = []
    for key in ("file", "database"):
        v = room.get(key)
        if not v:
            continue
        if "absent" in v:
            lines.append("| a room of consoles, %s backend | not measured: %s | | | | |" % (key, v["absent"]))
            continue
        if v.get("all_p99_ms") is None:
            lines.append("| a room of %d consoles, %s backend | no console traced a frame | | | | |" % (v["consoles"], key))
            continue
        via = "alerts POSTed to `warroom serve`" if v["via"] == "serve" else v["via"]
        answered = (", %d of %d planned alerts answered in %.0f s" % (v["answered"], v.get("planned") or v["posted"], v["feed_seconds"])) if v.get("posted") else ""
        met_lat = v["worst_p99_ms"] <= 100
        met_cpu = v["consoles_cpu_cores"] <= 1
        extra = (", PostgreSQL %.0f %%" % (v["postgres_cpu_s"] / v["window_s"] * 100)) if v.get("postgres_cpu_s") is not None else ""
        lines.append(
            "| a room of %d consoles (80×24), %s backend, %.0f events/s for %.0f s (%s%s): append → screen p50 / p99 "
            "(all events; worst console's p99) | %.1f / %.1f ms; worst %.1f ms | | | p99 ≤ 100 ms | %s |" % (
                v["consoles"], key, v["rate"], v["seconds"], via, answered, v["all_p50_ms"], v["all_p99_ms"], v["worst_p99_ms"],
                "yes" if met_lat else "no"))
        lines.append(
            "| the same room: the %d consoles' CPU, frames drawn per console per second (mean / max), bytes per console | "
            "%.2f cores; %.1f / %.1f frames/s; %.0f B/s each | serve %.0f %% of a core%s | | ≤ 1 core, frames ≤ the terminal's rate | %s |" % (
                v["consoles"], v["consoles_cpu_cores"], v["frames_per_s_mean"], v["frames_per_s_max"], v["bytes_per_console_s"],
                v["serve_cpu_s"] / v["window_s"] * 100, extra, "yes" if met_cpu and v["frames_per_s_max"] <= 61 else "no"))
    return lines


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "--post":
        poster(int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), 200000)
        sys.exit(0)
    os.makedirs(run.WORK, exist_ok=True)
    res = {}
    measure(res, tuple(sys.argv[1:]) or ("file", "database"))
    brief = {k: {kk: vv for kk, vv in v.items() if kk != "per_console"} for k, v in res["room"].items()}
    print(json.dumps(brief, indent=1, default=str))
    with open(os.path.join(run.WORK, "room-%d.json" % int(time.time())), "w") as f:
        json.dump(res, f, indent=1, default=str)
    print("\n".join(report_lines(res)))
