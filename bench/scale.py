#!/usr/bin/env python3
"""Costs at the size of a year (issue 19), for `make bench` (bench/run.py calls `measure`).

- One append (`note`, `tick`, `append` of one line) on journals of 10 k, 100 k and 1 M events:
  wall time and peak memory; the target is <= 30 ms and <= 30 MB, the same at every size.
  Cold (WARROOM_NO_CHECKPOINT=1: the whole journal folded) and warm (a checkpoint of the
  lean fold saved by an earlier command, in a private XDG_CACHE_HOME), with the checkpoint's size.
- `check` on 1 M events (target <= 1.5 s).
- Cold `status --json` on 1 M events beside `jq -c .` and beside bench/simdjson_anchor.cpp
  (simdjson, Debian's libsimdjson-dev, built here with g++ and never linked into warroom):
  the physical anchor, what parsing every line and touching the members status needs costs.
- A console's first frame on 1 M events (`render`), with its peak memory.
- On 100 k and 1 M events: `render` of a closed incident (read back from the journal) and
  `report --incident` of one closed incident (folded without timelines, that incident's read
  back): time and peak memory; the target is "what the incident holds", and memory <= 0.3x the file.

Run alone (`python3 bench/scale.py`, WARROOM_BIN set) it prints its rows and leaves
BENCHMARKS.md alone.
"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the shared helpers: journal(), timed(), median_run())

SIZES = (10_000, 100_000, 1_000_000)
APPENDS = int(os.environ.get("BENCH_SCALE_APPENDS", "3"))


def anchor_binary():
    """bench/simdjson_anchor.cpp built with g++ against libsimdjson, or None (and why) when it cannot be."""
    if not os.path.exists("/usr/include/simdjson.h"):
        return None, "libsimdjson-dev not installed"
    if not shutil.which("g++"):
        return None, "g++ not installed"
    out = os.path.join(run.WORK, "simdjson_anchor")
    src = os.path.join(run.ROOT, "bench", "simdjson_anchor.cpp")
    p = subprocess.run(["g++", "-O2", "-std=c++17", src, "-lsimdjson", "-o", out], capture_output=True, text=True)
    if p.returncode != 0:
        return None, "g++ failed: " + p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "g++ failed"
    return out, None


def wr(journal, *args, stdin=None, env=None):
    """One timed warroom command on a journal: (seconds, peak KiB); fails loudly if it fails."""
    cmd = [run.BIN] + list(args) + ["--journal", journal]
    wall, rss, rc = timed_input(cmd, stdin, env or run.ENV)
    if rc != 0:
        raise SystemExit("bench: %s exited %d" % (" ".join(cmd), rc))
    return wall, rss


def timed_input(cmd, stdin, env=None):
    import time
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       env=env or run.ENV)
    wall = time.perf_counter() - t0
    return wall, int(p.stderr.decode().strip().splitlines()[-1]), p.returncode


def appends(n, warm=False):
    """Median time and peak memory of each kind of one-line append on a copy of the n-event journal:
    cold with checkpoints off, or warm after `status` saved one (and then the checkpoint's bytes)."""
    copy = os.path.join(run.WORK, "append-%d.jsonl" % n)
    shutil.copy(run.journal(n), copy)
    cache = os.path.join(run.WORK, "xdg-cache-%d" % n)
    shutil.rmtree(cache, ignore_errors=True)
    env = run.warm_env(cache) if warm else run.ENV
    status = json.loads(subprocess.run([run.BIN, "status", "--json", "--journal", copy], capture_output=True, env=env).stdout)
    incident = next(i["id"] for i in reversed(status["incidents"]) if i.get("phase") != "closed")
    out = {}
    for kind in ("note", "tick", "append"):
        walls, peak = [], 0
        for k in range(APPENDS):
            if kind == "note":
                w, r = wr(copy, "note", "--incident", incident, "bench note %d" % k, env=env)
            elif kind == "tick":
                subprocess.run([run.BIN, "add-item", "--incident", incident, "bench-%d" % k, "Bench item %d" % k, "--journal", copy],
                               check=True, stdout=subprocess.DEVNULL, env=env)
                w, r = wr(copy, "tick", "--incident", incident, "bench-%d" % k, env=env)
            else:
                line = json.dumps({"type": "note", "incident": incident, "data": {"text": "bench append %d" % k}})
                w, r = wr(copy, "append", stdin=(line + "\n").encode(), env=env)
            walls.append(w)
            peak = max(peak, r)
        out[kind] = (sorted(walls)[len(walls) // 2], peak)
    if warm:
        saved = os.path.join(cache, "warroom")
        out["checkpoint_bytes"] = sum(os.path.getsize(os.path.join(saved, f)) for f in os.listdir(saved)) if os.path.isdir(saved) else 0
        shutil.rmtree(cache, ignore_errors=True)
    os.remove(copy)
    return out


def closed_incident(journal):
    """The closed incident in the middle of the journal: its timeline is read back, never held."""
    status = json.loads(subprocess.run([run.BIN, "status", "--json", "--journal", journal], capture_output=True, env=run.ENV).stdout)
    closed = [i["id"] for i in status["incidents"] if i.get("phase") == "closed"]
    return closed[len(closed) // 2]


def measure(results):
    out = {"appends": {}, "warm_appends": {}}
    for n in SIZES:
        out["appends"][n] = appends(n)
        out["warm_appends"][n] = appends(n, warm=True)
    j = run.journal(1_000_000)
    out["file_bytes"] = os.path.getsize(j)
    out["check"] = run.median_run([run.BIN, "check", "--journal", j])
    out["render"] = run.median_run([run.BIN, "render", "--size", "120x40", "--journal", j])
    out["one_incident"] = {}
    for n in (100_000, 1_000_000):
        jn = run.journal(n)
        closed = closed_incident(jn)
        out["one_incident"][n] = {
            "bytes": os.path.getsize(jn),
            "render": run.median_run([run.BIN, "render", "--size", "120x40", "--incident", closed, "--journal", jn]),
            "report": run.median_run([run.BIN, "report", "--incident", closed, "--journal", jn]),
        }
        # Warm: `report` is a lean reader, so it starts from the checkpoint a first run saved.
        cache = os.path.join(run.WORK, "xdg-cache-report-%d" % n)
        shutil.rmtree(cache, ignore_errors=True)
        cmd = [run.BIN, "report", "--incident", closed, "--journal", jn]
        run.timed(cmd, env=run.warm_env(cache))
        out["one_incident"][n]["report_warm"] = run.median_run(cmd, env=run.warm_env(cache))
        shutil.rmtree(cache, ignore_errors=True)
    # Cold status against its two anchors, in the same minute.
    out["status"] = run.median_run([run.BIN, "status", "--json", "--journal", j])
    if shutil.which("jq"):
        out["jq"] = run.median_run(["jq", "-c", ".", j])
    binary, why = anchor_binary()
    if binary:
        out["simdjson"] = run.median_run([binary, j])
    else:
        out["simdjson_missing"] = why
    results["scale"] = out


def report_lines(r):
    s = r.get("scale")
    if not s:
        return []
    lines = []
    a = s["appends"]
    big = a[1_000_000] if 1_000_000 in a else a[str(1_000_000)]

    def at(n):
        return a[n] if n in a else a[str(n)]
    for kind in ("note", "tick", "append"):
        cells = ", ".join("%s %.0f ms / %.0f MB" % (label, at(n)[kind][0] * 1000, at(n)[kind][1] / 1024)
                          for n, label in zip(SIZES, ("10 k", "100 k", "1 M")))
        wall, rss = big[kind]
        label = "`append` of one line on stdin" if kind == "append" else "`%s`" % kind
        lines.append("| one append, cold, %s (time / peak memory) | %s | | | ≤ 30 ms and ≤ 30 MB on 1 M, independent of size | %s |" % (
            label, cells, "yes" if wall <= 0.03 and rss <= 30 * 1024 else "no"))
    w = s.get("warm_appends")
    if w:
        def warm_at(n):
            return w[n] if n in w else w[str(n)]
        for kind in ("note", "tick", "append"):
            cells = ", ".join("%s %.0f ms / %.0f MB" % (label, warm_at(n)[kind][0] * 1000, warm_at(n)[kind][1] / 1024)
                              for n, label in zip(SIZES, ("10 k", "100 k", "1 M")))
            wall, rss = warm_at(1_000_000)[kind]
            label = "`append` of one line on stdin" if kind == "append" else "`%s`" % kind
            lines.append("| one append, warm (checkpoint), %s (time / peak memory) | %s | | | ≤ 30 ms and ≤ 30 MB on 1 M, independent of size | %s |" % (
                label, cells, "yes" if wall <= 0.03 and rss <= 30 * 1024 else "no"))
        sizes = ", ".join("%s %.1f MB" % (label, warm_at(n).get("checkpoint_bytes", 0) / 1e6) for n, label in zip(SIZES, ("10 k", "100 k", "1 M")))
        lines.append("| checkpoint of the lean fold (bytes on disk) | %s | | | | |" % sizes)
    cw, crss = s["check"]
    lines.append("| `check`, 1 M events | %.2f s, %.0f MB peak | | | ≤ 1.5 s | %s |" % (cw, crss / 1024, "yes" if cw <= 1.5 else "no"))
    st = s["status"][0]
    anchors, ratios = [], []
    if "jq" in s:
        anchors.append("`jq -c .` %.2f s" % s["jq"][0])
        ratios.append("%.1f× faster than jq" % (s["jq"][0] / st))
    if "simdjson" in s:
        anchors.append("simdjson %.2f s" % s["simdjson"][0])
        ratios.append("%.1f× simdjson" % (st / s["simdjson"][0]))
    else:
        anchors.append("simdjson: %s" % s.get("simdjson_missing", "n/a"))
    met = ("jq" not in s or s["jq"][0] / st >= 10) and ("simdjson" in s and st / s["simdjson"][0] <= 3)
    lines.append("| cold `status --json`, 1 M events, against its anchors | %.2f s | %s | %s | ≥ 10× faster than jq, within 3× of simdjson | %s |" % (
        st, ", ".join(anchors), ", ".join(ratios), "yes" if met else "no"))
    rw, rrss = s["render"]
    size = s["file_bytes"]
    lines.append("| first frame, 1 M events, `render --size 120x40` | %.2f s, %.0f MB peak (%.2f× the file) | | | ≤ 1 s cold, memory ≤ 0.3× the file | %s |" % (
        rw, rrss / 1024, rrss * 1024 / size, "yes" if rw <= 1 and rrss * 1024 <= 0.3 * size else "no"))
    one = s.get("one_incident", {})
    for n, label in ((100_000, "100 k"), (1_000_000, "1 M")):
        o = one.get(n) or one.get(str(n))
        if not o:
            continue
        for what, name in (("render", "`render --incident` of a closed incident"), ("report", "`report --incident` of a closed incident"),
                           ("report_warm", "`report --incident` of a closed incident, warm (checkpoint)")):
            if what not in o:
                continue
            w, rss = o[what]
            lines.append("| %s, %s events | %.2f s, %.0f MB peak (%.2f× the file) | | | what the incident holds; memory ≤ 0.3× the file | %s |" % (
                name, label, w, rss / 1024, rss * 1024 / o["bytes"], "yes" if rss * 1024 <= 0.3 * o["bytes"] else "no"))
    return lines


if __name__ == "__main__":
    os.makedirs(run.WORK, exist_ok=True)
    res = {}
    measure(res)
    print("\n".join(report_lines(res)))
