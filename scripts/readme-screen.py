#!/usr/bin/env python3
"""Rewrites the README's console screenshots with what `warroom render` prints.

The README's first code block under "## The console" must be exactly the frame
the command below draws, and the first under "### In Chinese" the same frame
with `--lang zh` (a test checks both); run this after changing the console:
    WARROOM_BIN=.build/debug/warroom scripts/readme-screen.py
"""
import os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Keep in step with the README's sentence under the block and Tests/WarRoomUITests/ReadmeTests.swift.
ARGS = ["render", "--journal", "examples/payment-outage.jsonl", "--size", "80x24",
        "--now", "2026-11-11T05:10:00Z", "--time-zone", "UTC"]

def frame(binary, extra):
    env = dict(os.environ, WARROOM_DATA=ROOT, LANG="C.UTF-8")
    for k in ("LC_ALL", "LC_MESSAGES", "LC_CTYPE", "WARROOM_LANG"):
        env.pop(k, None)
    out = subprocess.run([binary] + ARGS + extra, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return "\n".join(line.rstrip() for line in out.rstrip("\n").split("\n")) + "\n"

def replace_block(text, heading, body):
    section = text.index(heading)
    start = text.index("```\n", section) + 4
    end = text.index("```", start)
    return text[:start] + body + text[end:]

def main():
    binary = os.environ.get("WARROOM_BIN", os.path.join(ROOT, ".build/debug/warroom"))
    path = os.path.join(ROOT, "README.md")
    text = open(path, encoding="utf-8").read()
    text = replace_block(text, "## The console", frame(binary, []))
    text = replace_block(text, "### In Chinese", frame(binary, ["--lang", "zh"]))
    open(path, "w", encoding="utf-8").write(text)

if __name__ == "__main__":
    sys.exit(main())
