#!/usr/bin/env python3
"""The hottest methods of a JFR recording: jfr_top.py RECORDING.jfr [N] [THREAD-PREFIX] -> two tables on stdout.

Self: the leaf frame of each jdk.ExecutionSample (where the CPU was). Total: every distinct method on the sampled
stack (what ran under it). Both as a share of the Java threads' samples (JIT, GC and native code are not sampled;
see jfr_summary.py). THREAD-PREFIX keeps only threads whose name starts with it (e.g. familiar-http).
"""
import collections
import json
import subprocess
import sys


def main(path, top=25, thread_prefix=""):
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "128", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    own = collections.Counter()
    under = collections.Counter()
    threads = collections.Counter()
    total = 0
    for e in events:
        v = e["values"]
        thread = (v.get("sampledThread") or {}).get("javaName") or ""
        if not thread.startswith(thread_prefix):
            continue
        frames = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
                  for f in (v.get("stackTrace") or {}).get("frames", []) if f and f.get("method")]
        if not frames:
            continue
        total += 1
        threads[thread.rstrip("0123456789-")] += 1
        own[frames[0]] += 1
        for name in set(frames):
            under[name] += 1
    print(f"{total} samples; threads: " + ", ".join(f"{t or '?'} {c / total:.0%}" for t, c in threads.most_common(6)))
    for title, counter in (("self", own), ("total", under)):
        print(f"\n| {title} | method |\n| ---: | --- |")
        for name, c in counter.most_common(top):
            print(f"| {c / total:.1%} | `{name}` |")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25, sys.argv[3] if len(sys.argv) > 3 else "")
