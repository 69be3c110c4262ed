#!/usr/bin/env python3
"""The hottest methods of a JFR recording: jfr_top.py RECORDING.jfr [N] [THREAD-PREFIX] -> two tables on stdout.

With JFR_TOP_EVENT=alloc: where the memory was allocated instead (jdk.ObjectAllocationSample, each sample weighted
by the bytes it stands for; bench/run.sh's profiling round records them), as a share of the sampled bytes, plus the
allocated classes.

Self: the leaf frame of each jdk.ExecutionSample (where the CPU was). Total: every distinct method on the sampled
stack (what ran under it). Both as a share of the Java threads' samples (JIT, GC and native code are not sampled;
see jfr_summary.py). THREAD-PREFIX keeps only threads whose name starts with it (e.g. familiar-http).
"""
import collections
import os
import json
import subprocess
import sys


def main(path, top=25, thread_prefix=""):
    alloc = os.environ.get("JFR_TOP_EVENT") == "alloc"
    event = "jdk.ObjectAllocationSample" if alloc else "jdk.ExecutionSample"
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "128", "--events", event, path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    own = collections.Counter()
    under = collections.Counter()
    threads = collections.Counter()
    classes = collections.Counter()
    total = 0
    for e in events:
        v = e["values"]
        thread = (v.get("sampledThread") or v.get("eventThread") or {}).get("javaName") or ""
        if not thread.startswith(thread_prefix):
            continue
        frames = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
                  for f in (v.get("stackTrace") or {}).get("frames", []) if f and f.get("method")]
        if not frames:
            continue
        weight = int(v.get("weight") or 0) if alloc else 1
        total += weight
        threads[thread.rstrip("0123456789-")] += weight
        own[frames[0]] += weight
        for name in set(frames):
            under[name] += weight
        if alloc:
            classes[((v.get("objectClass") or {}).get("name") or "?").replace("/", ".")] += weight
    if not total:
        print("no samples")
        return
    unit = "bytes (sampled weight)" if alloc else "samples"
    print(f"{total} {unit}; threads: " + ", ".join(f"{t or '?'} {c / total:.0%}" for t, c in threads.most_common(6)))
    tables = (("self", own), ("total", under)) + ((("class", classes),) if alloc else ())
    for title, counter in tables:
        print(f"\n| {title} | method |\n| ---: | --- |")
        for name, c in counter.most_common(top):
            print(f"| {c / total:.1%} | `{name}` |")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25, sys.argv[3] if len(sys.argv) > 3 else "")
