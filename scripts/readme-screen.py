#!/usr/bin/env python3
"""Rewrites the README's console screenshot with what `warroom render` prints.

The README's first code block under "## The console" must be exactly the frame
the command below draws (a test checks it); run this after changing the console:
    WARROOM_BIN=.build/debug/warroom scripts/readme-screen.py
"""
import os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Keep in step with the README's sentence under the block and Tests/WarRoomUITests/ReadmeTests.swift.
ARGS = ["render", "--journal", "examples/payment-outage.jsonl", "--size", "80x24",
        "--now", "2026-11-11T05:10:00Z", "--time-zone", "UTC"]

def main():
    binary = os.environ.get("WARROOM_BIN", os.path.join(ROOT, ".build/debug/warroom"))
    env = dict(os.environ, WARROOM_DATA=ROOT, LANG="C.UTF-8")
    frame = subprocess.run([binary] + ARGS, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    frame = "\n".join(line.rstrip() for line in frame.rstrip("\n").split("\n")) + "\n"
    path = os.path.join(ROOT, "README.md")
    text = open(path, encoding="utf-8").read()
    section = text.index("## The console")
    start = text.index("```\n", section) + 4
    end = text.index("```", start)
    open(path, "w", encoding="utf-8").write(text[:start] + frame + text[end:])

if __name__ == "__main__":
    sys.exit(main())
