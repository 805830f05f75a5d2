#!/usr/bin/env python3
"""The database backend beside the file one, for `make bench` (bench/run.py calls `measure`).

A throwaway PostgreSQL cluster (Debian's server binaries, a Unix socket in a temporary
directory, run as `postgres` when we are root, fsync and synchronous_commit left on as the
file writer's fdatasync is), then the same measures on a file journal and on a database
journal in the same run: append latency, 12 concurrent writers, cold load of 200 k events,
and append -> screen with 10 consoles following.

Run alone (`python3 bench/database.py`, WARROOM_BIN set) it prints its rows and leaves
BENCHMARKS.md alone.
"""
import glob
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the shared helpers: journal(), median_run(), Pty, latencies())

CONSOLES = int(os.environ.get("BENCH_DB_CONSOLES", "10"))
APPENDS = int(os.environ.get("BENCH_DB_APPENDS", "500"))
WRITERS, EACH = 12, int(os.environ.get("BENCH_DB_EACH", "100"))
COLD_EVENTS = int(os.environ.get("BENCH_DB_COLD_EVENTS", "200000"))


def server_binaries():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return os.path.dirname(found[-1]) if found else None


class Cluster:
    """initdb, start on a socket only, stop and remove at the end."""

    def __init__(self, bin_dir, max_connections=100):
        self.bin = bin_dir
        self.dir = tempfile.mkdtemp(prefix="wr-bench-pg-")
        self.as_root = os.getuid() == 0
        if self.as_root:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        os.chmod(self.dir, 0o700)
        self.tool("initdb", "-D", self.dir + "/data", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-instructions")
        self.tool("pg_ctl", "-D", self.dir + "/data", "-l", self.dir + "/server.log", "-w", "-o",
                  "-k %s -c listen_addresses='' -c max_connections=%d" % (self.dir, max_connections), "start")

    def tool(self, name, *args):
        cmd = [os.path.join(self.bin, name)] + list(args)
        if self.as_root:
            cmd = ["/usr/sbin/runuser", "-u", "postgres", "--"] + cmd
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=self.dir)

    def uri(self, journal):
        return "postgresql://postgres@/postgres?host=%s&journal=%s" % (self.dir, journal)

    def stop(self):
        try:
            self.tool("pg_ctl", "-D", self.dir + "/data", "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def wr(*args, check=True):
    p = subprocess.run([run.BIN] + list(args), capture_output=True, env=run.ENV, text=True)
    if check and p.returncode != 0:
        raise RuntimeError("warroom %s: %s" % (" ".join(args), p.stderr.strip()))
    return p.stdout


def torture(*args):
    p = subprocess.run([run.TORTURE] + list(args), capture_output=True, env=run.ENV, text=True)
    if p.returncode != 0:
        raise RuntimeError("wr-torture %s: %s" % (" ".join(args), p.stderr.strip()))
    return p.stdout.strip()


def fresh_pair(cluster, name):
    """A new file journal and a new database journal, each with one incident declared."""
    f = os.path.join(run.WORK, "db-%s.jsonl" % name)
    if os.path.exists(f):
        os.remove(f)
    d = cluster.uri("%s-%d" % (name, os.getpid()))
    out = {}
    for key, j in (("file", f), ("database", d)):
        wr("declare", "--journal", j, "--severity", "2", "--title", "bench " + name)
        out[key] = (j, json.loads(wr("status", "--json", "--journal", j))["incidents"][-1]["id"])
    return out


def following(journal, incident, consoles, n=200, rate=50):
    """append -> screen: consoles on the journal under ptys with WARROOM_TRACE while another
    process appends n events at `rate` a second; the latencies of all consoles together."""
    traces, ptys = [], []
    for k in range(consoles):
        trace = os.path.join(run.WORK, "db-trace-%d-%d.txt" % (k, time.time_ns()))
        traces.append(trace)
        ptys.append(run.Pty([run.BIN, "console", "--journal", journal, "--as", "viewer%d" % k], 80, 24,
                            dict(run.ENV, TERM="xterm-256color", WARROOM_TRACE=trace)))
    for p in ptys:
        p.pump(0.3)
    for p in ptys:
        p.pump(1.0 / len(ptys) + 0.5)
    appender = subprocess.Popen([run.TORTURE, "paced", journal, str(n), str(rate), incident], env=run.ENV)
    while appender.poll() is None:
        for p in ptys:
            p.pump(0.02)
    for p in ptys:
        p.pump(0.3)
    for p in ptys:
        p.close()
    vals = []
    for t in traces:
        lat = all_latencies(t)
        vals += lat
    if not vals:
        return None
    vals.sort()
    return {"p50_ms": vals[len(vals) // 2], "p99_ms": vals[max(0, int(len(vals) * 0.99) - 1)], "n": len(vals)}


def all_latencies(trace):
    vals = []
    if not os.path.exists(trace):
        return vals
    for line in open(trace):
        parts = line.split()
        if len(parts) != 2 or parts[1] == "-":
            continue
        vals.append((run.parse(parts[0]) - run.parse(parts[1])) * 1000)
    return vals


def measure(results):
    bin_dir = server_binaries()
    if not bin_dir:
        results["database"] = {"absent": "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)"}
        return
    cluster = Cluster(bin_dir)
    out = {}
    try:
        wr("db", "init", "--journal", cluster.uri("main"))
        pair = fresh_pair(cluster, "latency")
        out["append_latency"] = {k: torture("append-latency", j, str(APPENDS), inc) for k, (j, inc) in pair.items()}
        pair = fresh_pair(cluster, "writers")
        out["writers"] = {k: torture("writers-throughput", j, str(WRITERS), str(EACH), inc) for k, (j, inc) in pair.items()}
        # Cold load: the same 200 k events in a file and, imported, in the database.
        f = run.journal(COLD_EVENTS)
        d = cluster.uri("cold-%d" % os.getpid())
        wr("import", f, "--journal", d)
        out["cold_load"] = {"file": run.median_run([run.BIN, "status", "--json", "--journal", f]),
                            "database": run.median_run([run.BIN, "status", "--json", "--journal", d])}
        pair = fresh_pair(cluster, "screen")
        out["screen"] = {k: following(j, inc, CONSOLES) for k, (j, inc) in pair.items()}
        out["consoles"] = CONSOLES
    finally:
        cluster.stop()
    results["database"] = out


def report_lines(r):
    """The rows BENCHMARKS.md gets, file and database side by side."""
    d = r.get("database")
    if not d:
        return []
    if "absent" in d:
        return ["| database backend | not measured: %s | | | | |" % d["absent"]]
    lines = []
    a = d["append_latency"]
    lines.append("| append latency, one note per append (%d appends, `wr-torture append-latency`) | database: %s | file: %s | | | |" % (
        APPENDS, a["database"], a["file"]))
    w = d["writers"]
    lines.append("| %d concurrent writers, %d appends each | database: %s | file: %s | | | |" % (WRITERS, EACH, w["database"], w["file"]))
    c = d["cold_load"]
    lines.append("| cold load, %d k events, `status --json` | database: %.2f s, %.0f MB peak | file: %.2f s, %.0f MB peak | %.1f× file | | |" % (
        COLD_EVENTS // 1000, c["database"][0], c["database"][1] / 1024, c["file"][0], c["file"][1] / 1024, c["database"][0] / c["file"][0]))
    s = d["screen"]
    if s.get("database") and s.get("file"):
        lines.append("| append → screen with %d consoles following (p50 / p99, %d samples at 50/s) | database: %.1f / %.1f ms | file: %.1f / %.1f ms | | p99 ≤ 20 ms | %s |" % (
            d["consoles"], s["database"]["n"], s["database"]["p50_ms"], s["database"]["p99_ms"], s["file"]["p50_ms"], s["file"]["p99_ms"],
            "yes" if s["database"]["p99_ms"] <= 20 else "no"))
    return lines


if __name__ == "__main__":
    os.makedirs(run.WORK, exist_ok=True)
    res = {}
    measure(res)
    print(json.dumps(res, indent=1, default=str))
    print("\n".join(report_lines(res)))
