#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went: jfr_summary.py RECORDING.jfr -> one JSON object on stdout.

Each jdk.ExecutionSample (a Java thread seen running) is attributed to the nearest frame, walking from the leaf
towards the root, whose class belongs to one of the CATEGORIES below: a HashMap.get called from Jackson counts as
JSON, a socket write called from Jetty as Jetty. Samples with no such frame are "JDK / other". JIT compiler and GC
threads are not Java threads and are not sampled, nor are threads in native code (socket reads and writes, epoll,
waits): the fractions are of the Java threads' running time in Java code.
"""
import collections
import json
import subprocess
import sys

# (category, class-name prefixes), most specific first within a frame; first match wins per frame.
CATEGORIES = [
    ("H2 (embedded database)", ("org.h2.",)),
    ("PostgreSQL JDBC driver", ("org.postgresql.",)),
    ("HikariCP pool", ("com.zaxxer.hikari.",)),
    ("Redis client (Lettuce, Netty)", ("io.lettuce.", "io.netty.")),
    ("JSON (Jackson)", ("com.fasterxml.jackson.",)),
    ("crypto: signatures, hashes, SecureRandom", ("sun.security.", "java.security.", "javax.crypto.", "com.nimbusds.")),
    ("metrics (Micrometer)", ("io.micrometer.",)),
    ("logging (Logback, SLF4J)", ("ch.qos.logback.", "org.slf4j.", "net.logstash.")),
    ("application: credentials", ("dev.familiar.server.auth.", "dev.familiar.server.tokens.",
                                  "dev.familiar.server.apikeys.")),
    ("application: usage ledger", ("dev.familiar.server.usage.UsageLedger",)),
    ("application: LLM tokens", ("dev.familiar.server.llm.",)),
    ("application: other", ("dev.familiar.",)),
    ("Javalin", ("io.javalin.",)),
    ("Jetty (HTTP server)", ("org.eclipse.jetty.",)),
]
WRITER_THREAD = "familiar-usage-writer"
TOKEN_WRITER_THREAD = "token-usage-events"  # the LLM tokens route's usage-event writer


def category(frames):
    for name in frames:  # leaf first (names as a.b.C)
        for cat, prefixes in CATEGORIES:
            if name.startswith(prefixes):
                return cat
    return "JDK / other"


def main(path):
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "128", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    counts = collections.Counter()
    writer = token_writer = 0
    for e in events:
        v = e["values"]
        frames = [f["method"]["type"]["name"].replace("/", ".") for f in (v.get("stackTrace") or {}).get("frames", [])
                  if f and f.get("method")]
        counts[category(frames)] += 1
        thread = (v.get("sampledThread") or {}).get("javaName") or ""
        if thread == WRITER_THREAD:
            writer += 1
        elif thread == TOKEN_WRITER_THREAD:
            token_writer += 1
    total = sum(counts.values())
    print(json.dumps({
        "samples": total,
        "categories": {k: round(c / total, 4) for k, c in counts.most_common()} if total else {},
        "writer_thread": round(writer / total, 4) if total else 0,
        "token_writer_thread": round(token_writer / total, 4) if total else 0,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
