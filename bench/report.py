#!/usr/bin/env python3
"""Writes docs/PERFORMANCE.md from one bench/run.sh run: report.py META_JSON RESULTS_JSONL OUT_MD."""
import json
import sys

meta_path, results_path, out_path = sys.argv[1:4]
meta = json.load(open(meta_path))
rows = [json.loads(line) for line in open(results_path) if line.strip()]

MODES = [m for m in meta["modes"].split() if m in ("embedded", "redis")]
MODE_TITLE = {"embedded": "Embedded mode (H2 file, in-process counters)",
              "redis": "Redis mode (PostgreSQL %s + Redis %s on this machine)"
                       % (meta.get("postgres", "?"), meta.get("redis", "?"))}
MODE_SHORT = {"embedded": "embedded", "redis": "Redis mode"}
ROUTES = [("smoke", "bare route `GET /api/diag/smoke`"),
          ("check", "quota check `POST /api/quota/check`"),
          ("consume", "consume `POST /api/quota/consume`"),
          ("usage", "usage ingest `POST /api/v1/usage`"),
          ("tokens", "LLM tokens consume `POST /api/v1/tokens/consume`")]
TOKENS_TARGET = 0.6  # tokens route: 2xx answers/s >= this x the bare route's requests/s
FRACTION = float(meta["load_fraction"])
NPROC = int(meta["nproc"])


def get(mode, phase, route):
    for r in rows:
        if r.get("mode") == mode and r.get("phase") == phase and r.get("route") == route:
            return r
    return None


def rps(x):
    return "{:,.0f}".format(x)


def ms(x):
    return "{:.2f}".format(x) if x < 10 else "{:.1f}".format(x)


def ratio(a, b):
    return a / b if a is not None and b else None


def fr(x):
    return "–" if x is None else "{:.2f}".format(x)


def us_per_req(seconds, r):
    return seconds * 1e6 / r["requests"] if r and r["requests"] else 0.0


def per_req(count, r):
    return count / r["requests"] if r and r["requests"] else 0.0


def share(seconds, r):
    return seconds / (r["seconds"] * NPROC) if r and r["seconds"] else 0.0


def pct(x):
    return "%.0f %%" % (x * 100)


def verdict(ok):
    return "met" if ok else "**not met**"


def mib(kb):
    return "{:,.0f}".format(kb / 1024.0)


def ok_rps(r):
    """2xx answers per second (429s and other refusals do not count as served)."""
    return r["ok"] / r["seconds"] if r and r["seconds"] else 0.0


def cpu_us(r):
    return us_per_req(r["server_cpu_s"], r) if r else None


def timed_rows(mode, server):
    """Our (server == "ours") or the peer's measured and paced rows of a mode (not warm-up or profiling)."""
    return [r for r in rows if r.get("mode") == mode and r.get("phase") in ("measure", "paced", "paced-own")
            and (r.get("server") or "ours") == server]


def rss_max(mode, server):
    rs = [r.get("rss_max_kb", 0) for r in timed_rows(mode, server)]
    return max(rs) if rs and max(rs) > 0 else None


def hwm(mode, server):
    rs = [r.get("hwm_kb", 0) for r in timed_rows(mode, server)]
    return max(rs) if rs and max(rs) > 0 else None


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return None if not n else (xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2.0)


PEER_STORE = {"embedded": "`RateLimiterMemory`", "redis": "`RateLimiterRedis` over ioredis, on the same Redis"}
PEER_BESIDE = {"embedded": "embedded mode", "redis": "Redis mode"}


out = []
w = out.append


def memory_line(mode):
    o_rss, p_rss = rss_max(mode, "ours"), rss_max(mode, "peer")
    if not o_rss:
        return
    text = ("Memory during the measured runs (VmRSS sampled every 0.25 s, the largest value; VmHWM: the process's "
            "peak since it started): our server %s MiB (VmHWM %s MiB)" % (mib(o_rss), mib(hwm(mode, "ours") or 0)))
    if p_rss:
        text += ", the peer %s MiB (VmHWM %s MiB): **%.1f ×** the peer's" % (
            mib(p_rss), mib(hwm(mode, "peer") or 0), o_rss / float(p_rss))
    w(text + ".")
    w("")


def peer_section(mode):
    """The JavaScript peer's rows of a mode beside ours, and the memory of both."""
    pb, pc = get(mode, "measure", "peer-smoke"), get(mode, "measure", "peer-check")
    if not (pb or pc):
        return
    w("### The JavaScript peer beside %s (Fastify + rate-limiter-flexible, %s)" % (PEER_BESIDE[mode], PEER_STORE[mode]))
    w("")
    w("Measured after our rows with our server stopped, same wrk settings, same organisation and access token "
      "(`bench/peer/server.js`: the token verified with our server's public keys from `/oauth2/jwks` by fast-jwt "
      "with its cache of verified tokens, the body validated by Fastify's JSON schema, then the organisation's "
      "remaining points read, not consumed, from %s). One Node process: it uses one core where our JVM uses both, "
      "so CPU µs/request is the fairer comparison." % PEER_STORE[mode])
    w("")
    w("| route | requests/s | p50 ms | p99 ms | non-2xx | server CPU µs/request | ours ÷ peer (requests/s) |"
      " ours ÷ peer (CPU µs/request) |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, title, ours in (("peer-smoke", "peer's bare route `GET /api/diag/smoke`", "smoke"),
                               ("peer-check", "peer's quota check `POST /api/quota/check`", "check")):
        r = get(mode, "measure", label)
        if not r:
            continue
        o = get(mode, "measure", ours)
        w("| %s | %s | %s | %s | %d | %.0f | %s | %s |" % (
            title, rps(r["rps"]), ms(r["p50_ms"]), ms(r["p99_ms"]), r["requests"] - r["ok"], cpu_us(r),
            fr(ratio(o["rps"], r["rps"])) if o else "–", fr(ratio(cpu_us(o), cpu_us(r))) if o else "–"))
    p = get(mode, "paced-own", "peer-check")
    if p:
        w("| peer's quota check paced at %s/s (%.0f %% of its own max) | %s | %s | %s | %d | %.0f | | |" % (
            rps(p["target_rps"]), FRACTION * 100, rps(p["rps"]), ms(p["p50_ms"]), ms(p["p99_ms"]),
            p["requests"] - p["ok"], cpu_us(p)))
    w("")



w("# Performance: the metered hot path")
w("")
w("Generated by `bench/run.sh` (see [bench/README.md](../bench/README.md)); re-running it overwrites this file. "
  "All numbers come from **one run on one shared, noisy machine**: compare the ratios measured in the same run, "
  "not absolute numbers across runs or machines. wrk, the server and (in Redis mode) PostgreSQL and Redis share "
  "the same %d cores, so absolute requests/s are a floor, not a capacity estimate." % NPROC)
w("")
w("## Run")
w("")
commit = meta["commit"] + (" + uncommitted changes in %d file(s): %s" % (meta["dirty"], meta["dirty_files"].strip())
                           if meta["dirty"] else " (clean working tree)")
w("| | |")
w("| --- | --- |")
w("| date (UTC) | %s |" % meta["date"])
w("| machine | %s cores (`nproc`), %s, %s MiB RAM, %s, kernel %s |"
  % (meta["nproc"], meta["cpu"] or "unknown CPU", meta["mem_mb"], meta["os"], meta["kernel"]))
java_opts = meta.get("java_opts") or []
w("| java | `%s` |" % meta["java"])
w("| JVM options of the server | %s (from %s) |" % (
    " ".join("`%s`" % o for o in java_opts) if java_opts else "none: the JVM's defaults",
    meta.get("java_opts_source", "?")))
w("| commit | `%s`, `git rev-parse --short HEAD` |" % commit)
if meta.get("jar_override"):
    w("| server jar | **`%s`** (BENCH_JAR: not built from this working tree, so the commit above may not be "
      "what was measured) |" % meta["jar_override"])
w("| load generator | %s, `-t%s -c%s` (paced runs `-c%s`), %s s per run after a %s s warm-up round |"
  % (meta["wrk"], meta["threads"], meta["connections"], meta.get("paced_connections", "?"), meta["duration"],
     meta["warmup"]))
if "postgres" in meta:
    w("| PostgreSQL / Redis | %s / %s, fresh cluster and database, loopback TCP; PostgreSQL %s |"
      % (meta["postgres"], meta["redis"],
         "with its default durability (fsync, synchronous_commit on)" if meta["pg_durable"]
         else "with fsync=off, synchronous_commit=off (BENCH_PG_DURABLE=0)"))
if meta.get("peer"):
    pk = meta.get("peer_packages") or {}
    w("| JavaScript peer | `bench/peer/server.js`, one Node %s process (Fastify's logger off), %s |" % (
        meta.get("node", "?"), ", ".join("%s %s" % (k, v) for k, v in sorted(pk.items())) or "?"))
if meta.get("routes") and meta["routes"].split() != [r for r, _ in ROUTES]:
    w("| routes | only `%s` (BENCH_ROUTES) |" % meta["routes"])
w("| load average | %s at the start, %s at the end |" % (meta["loadavg_start"], meta.get("loadavg_end", "?")))
w("| run time | %s s in all, build included |" % meta.get("run_seconds", "?"))
w("")
w("Command (from the repository root):")
w("")
w("```sh")
w("bench/run.sh")
w("```")
w("")
w("Per mode and route it runs `wrk -t%s -c%s -d%ss --timeout 5s -s bench/metered.lua http://127.0.0.1:18480` "
  "with `BENCH_ROUTE=smoke|check|consume|usage|tokens` (plus the organisation and its org-scoped access token, "
  "or for tokens the user and the user's JWT): first "
  "%s s per route as a warm-up round (not reported), then %s s per route (the rows below). Then the quota check "
  "twice more, paced (`BENCH_RATE`, %s connections): at %.0f %% of the bare route's measured requests/s (the "
  "target's load) and at %.0f %% of the quota check's own measured requests/s (a load it can sustain). Consume and "
  "usage send a unique `request_id` per request; each of their phases uses an organisation of its own on the "
  "`enterprise` plan (1,000,000 `api_call` units), so the allowance is never shared between phases."
  % (meta["threads"], meta["connections"], meta["duration"], meta["warmup"], meta["duration"],
     meta.get("paced_connections", "?"), FRACTION * 100, FRACTION * 100))
if "rate_limit_capacity" in meta:
    w("")
    w("LLM tokens (`tokens`): each phase (warm-up, measured) has a user of its own, registered over "
      "`POST /api/v1/auth/register` (its bearer token is the user JWT) and put on the `ENTERPRISE` tier by the admin "
      "(10,000,000 tokens per 24 h window); every request asks for %s tokens from `openai` with a unique prompt, and "
      "with no provider key configured the server's in-process echo provider answers (no network). The server runs "
      "with `FAMILIAR_RATE_LIMIT_CAPACITY=%s` and `FAMILIAR_RATE_LIMIT_LEAK_PER_SECOND=%s`, so the per-user leaky "
      "bucket never limits; 429 (rate limited) and 402 (quota exhausted) answers are counted separately."
      % (meta.get("tokens_per_request", 10), meta["rate_limit_capacity"],
         meta["rate_limit_leak"]))
w("")

for mode in MODES:
    bare = get(mode, "measure", "smoke")
    if not timed_rows(mode, "ours"):
        continue
    redis = mode == "redis"
    w("## %s" % MODE_TITLE[mode])
    w("")
    head = "| route | requests/s | p50 ms | p99 ms | non-2xx (429 / 402) | × bare route | server CPU µs/request |" \
           " server context switches/request |"
    sep = "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    if redis:
        head += " PostgreSQL + Redis CPU µs/request | PostgreSQL transactions/request | Redis commands/request |" \
                " Redis ÷ embedded (requests/s) |"
        sep += " ---: | ---: | ---: | ---: |"
    w(head)
    w(sep)

    def line(title, r, vs_embedded):
        text = "| %s | %s | %s | %s | %d (%d / %d) | %s | %.0f | %.1f |" % (
            title, rps(r["rps"]), ms(r["p50_ms"]), ms(r["p99_ms"]), r["requests"] - r["ok"], r["s429"],
            r.get("s402", 0),
            fr(ratio(r["rps"], bare["rps"]) if bare else None), us_per_req(r["server_cpu_s"], r),
            per_req(r.get("server_ctx_switches", 0), r))
        if redis:
            text += " %.0f | %.2f | %.2f | %s |" % (
                us_per_req(r["db_cpu_s"], r), per_req(r.get("pg_xacts", 0), r), per_req(r.get("redis_cmds", 0), r),
                fr(ratio(r["rps"], vs_embedded["rps"])) if vs_embedded else "–")
        return text

    for route, title in ROUTES:
        r = get(mode, "measure", route)
        if r:
            w(line(title, r, get("embedded", "measure", route) if redis else None))
    for phase, what in (("paced", "of bare"), ("paced-own", "of its own max")):
        p = get(mode, phase, "check")
        if p:
            w(line("quota check paced at %s/s (%.0f %% %s)" % (rps(p["target_rps"]), FRACTION * 100, what), p, None))
    w("")
    measured = [get(mode, "measure", r) for r, _ in ROUTES if get(mode, "measure", r)]
    w("Per measured run, in route order: machine CPU busy %s; wrk's share of all cores %s; processes other than "
      "the server, wrk, PostgreSQL and Redis (the machine is shared) %s. Socket errors / timeouts: %s."
      % (", ".join(pct(r["machine_busy"]) for r in measured),
         ", ".join(pct(share(r["wrk_cpu_s"], r)) for r in measured),
         ", ".join(pct(share(r.get("other_cpu_s", 0), r)) for r in measured),
         ", ".join("%d/%d" % (r["socket_errors"], r["timeouts"]) for r in measured)))
    for phase in ("paced", "paced-own"):
        p = get(mode, phase, "check")
        if p:
            w("Paced run at %s/s: reached %s/s; %s." % (
                rps(p["target_rps"]), rps(p["rps"]),
                "%s request(s) went out more than one interval behind the schedule: the server did not keep up"
                % "{:,}".format(p["late"]) if p["late"] else "no request went out behind the schedule"))
    acc = [r for r in rows if r.get("mode") == mode and r.get("phase") == "accounting"]
    parts = []
    for a in acc:
        if a["route"] in ("consume", "usage"):
            parts.append("%s: %s answered 2xx, %s units counted afterwards (`GET /api/me/entitlements`)"
                         % (a["route"], "{:,}".format(a["ok"]), "{:,}".format(a["used"])))
        elif a["route"] == "usage_event_rows":
            parts.append("%s `usage_event` rows in PostgreSQL for the usage organisation" % "{:,}".format(a["used"]))
        elif a["route"] == "tokens":
            parts.append("tokens: %s answered 2xx, %s requests' worth of tokens taken from the user's quota "
                         "afterwards (`GET /api/v1/tokens/quota`, used tokens ÷ %s)"
                         % ("{:,}".format(a["ok"]), "{:,.0f}".format(a["used"]), meta.get("tokens_per_request", 10)))
        elif a["route"] == "token_usage_event_rows":
            parts.append("%s allowed `token_usage_event` rows in PostgreSQL for the tokens user (written "
                         "asynchronously)" % "{:,}".format(a["used"]))
    if parts:
        w("Accounting check: %s. The counted units may exceed the 2xx count by the requests still in flight when wrk "
          "stopped (at most %s); fewer would mean lost events." % ("; ".join(parts), meta["connections"]))
    w("")
    peer_section(mode)
    memory_line(mode)

# --- targets: issue 17's goals, ratios in this run ------------------------------------------------------------
w("## Targets (issue 17)")
w("")
w("Ratios measured in this run; requests/s of the metered routes count 2xx answers only. The peer is "
  "`bench/peer/` (Fastify + rate-limiter-flexible): memory in embedded mode, Redis in Redis mode.")
w("")
w("| goal | measured | verdict |")
w("| --- | --- | --- |")


def target(goal, text, ok):
    w("| %s | %s | %s |" % (goal, text, "reported" if ok is None else verdict(ok)))


def absent(goal, why="not measured in this run"):
    w("| %s | %s | – |" % (goal, why))


for m, peer_factor, bare_factor in (("embedded", 1.0, 0.9), ("redis", 1.5, 0.6)):
    if m not in MODES:
        continue
    b, c = get(m, "measure", "smoke"), get(m, "measure", "check")
    pc = get(m, "measure", "peer-check")
    store = "peer in memory" if m == "embedded" else "peer over Redis (`RateLimiterRedis`)"
    goal = "%s: quota check ≥ %.1f × the %s (requests/s)" % (MODE_SHORT[m], peer_factor, store)
    if c and pc:
        x = ok_rps(c) / pc["rps"]
        target(goal, "%s/s against %s/s: %.2f ×" % (rps(ok_rps(c)), rps(pc["rps"]), x), x >= peer_factor)
    else:
        absent(goal)
    if m == "embedded":
        goal = "embedded: quota check server CPU/request ≤ the peer's (in memory)"
        if c and pc:
            target(goal, "%.0f µs against %.0f µs: %.2f ×" % (cpu_us(c), cpu_us(pc), cpu_us(c) / cpu_us(pc)),
                   cpu_us(c) <= cpu_us(pc))
        else:
            absent(goal)
    elif c and pc:
        target("Redis mode: quota check server CPU/request against the peer's (reported)",
               "%.0f µs against %.0f µs: %.2f × (plus Redis: %.0f µs against %.0f µs)" % (
                   cpu_us(c), cpu_us(pc), cpu_us(c) / cpu_us(pc), us_per_req(c["db_cpu_s"], c),
                   us_per_req(pc["db_cpu_s"], pc)), None)
    goal = "%s: quota check ≥ %.1f × our bare route (requests/s)" % (MODE_SHORT[m], bare_factor)
    if b and c:
        x = ok_rps(c) / b["rps"]
        target(goal, "%s/s against %s/s: %.2f ×" % (rps(ok_rps(c)), rps(b["rps"]), x), x >= bare_factor)
    else:
        absent(goal)
for m, factor in (("embedded", 0.6), ("redis", 0.4)):
    if m not in MODES:
        continue
    b = get(m, "measure", "smoke")
    for route, title in (("consume", "durable consume"), ("usage", "usage ingest"), ("tokens", "LLM tokens consume")):
        r = get(m, "measure", route)
        goal = "%s: %s ≥ %.1f × our bare route (2xx/s)" % (MODE_SHORT[m], title, factor)
        if b and r:
            x = ok_rps(r) / b["rps"]
            target(goal, "%s/s against %s/s: %.2f ×, %.0f µs server CPU/request" % (
                rps(ok_rps(r)), rps(b["rps"]), x, cpu_us(r)), x >= factor)
        else:
            absent(goal)
for m in MODES:
    goal = "%s: quota check p99 ≤ 5 ms at %.0f %% of its own max (paced)" % (MODE_SHORT[m], FRACTION * 100)
    q = get(m, "paced-own", "check")
    if not q:
        absent(goal)
        continue
    reached = q["rps"] >= 0.95 * q["target_rps"]
    text = "p99 %s ms at %s/s%s; %s request(s) late (behind the schedule)" % (
        ms(q["p99_ms"]), rps(q["rps"]), "" if reached else " (%s/s asked for, not reached)" % rps(q["target_rps"]),
        "{:,}".format(q["late"]))
    pq = get(m, "paced-own", "peer-check")
    if pq:
        text += ". The peer at %s/s: p99 %s ms, %s late" % (rps(pq["rps"]), ms(pq["p99_ms"]), "{:,}".format(pq["late"]))
    target(goal, text, q["p99_ms"] <= 5.0 and reached)
for m in MODES:
    goal = "%s: server RSS ≤ 3 × the peer's (largest VmRSS during the measured runs)" % MODE_SHORT[m]
    o, p = rss_max(m, "ours"), rss_max(m, "peer")
    if o and p:
        target(goal, "%s MiB against %s MiB: %.1f × (VmHWM %s / %s MiB)" % (
            mib(o), mib(p), o / float(p), mib(hwm(m, "ours") or 0), mib(hwm(m, "peer") or 0)), o <= 3 * p)
    elif o:
        absent(goal, "ours %s MiB; the peer was not measured" % mib(o))
    else:
        absent(goal)
for m in MODES:
    st = get(m, "startup", "server")
    goal = "%s: time from `java -jar` to `/health/ready` 200 (reported)" % MODE_SHORT[m]
    if st and st.get("ms"):
        target(goal, "median %s ms of %d restarts on the existing data folder (%s); first start on a fresh "
                     "folder %s ms" % ("{:,.0f}".format(median(st["ms"])), len(st["ms"]),
                                       ", ".join("{:,}".format(x) for x in st["ms"]), "{:,}".format(st["first_ms"])),
               None)
    elif st:
        target(goal, "first start on a fresh folder %s ms (no restarts: BENCH_STARTUP_ROUNDS=0)"
               % "{:,}".format(st["first_ms"]), None)
    else:
        absent(goal)
for m in MODES:
    acc = [r for r in rows if r.get("mode") == m and r.get("phase") == "accounting"
           and r["route"] in ("consume", "usage", "tokens")]
    if acc:
        lost = [a for a in acc if a["used"] < a["ok"]]
        target("%s: nothing lost (units counted afterwards ≥ 2xx answers)" % MODE_SHORT[m],
               "; ".join("%s %s ≥ %s" % (a["route"], "{:,.0f}".format(a["used"]), "{:,}".format(a["ok"]))
                         for a in acc), not lost)
w("")
jo = meta.get("java_opts") or []
w("JVM options of our server in every row above: %s (from %s)." % (
    " ".join("`%s`" % o for o in jo) if jo else "none (the JVM's defaults)", meta.get("java_opts_source", "?")))
w("")

# --- profile -------------------------------------------------------------------------------------------------
prof = [(m, r) for m in MODES for r, _ in ROUTES if get(m, "jfr", r)]
if prof:
    w("## Where the server's time goes (JFR)")
    w("")
    w("A profiling round after the measured runs: every route again for %s s with a JFR recording (1 ms method "
      "sampling); `bench/jfr_summary.py` attributes each sample of a running Java thread to the nearest frame of a "
      "known library, from the leaf up (a `HashMap.get` called by Jackson is JSON). Shares of the Java threads' "
      "running time in Java code: GC and JIT compiler threads are not sampled, nor are threads in native code "
      "(socket reads and writes, epoll, waits), so kernel time is not in these shares (it is in the CPU columns "
      "above)." % meta.get("profile_seconds", "?"))
    w("")
    cats = {}
    for m, r in prof:
        for c, f in get(m, "jfr", r)["categories"].items():
            cats[c] = max(cats.get(c, 0), f)
    order = sorted(cats, key=lambda c: -cats[c])
    w("| | %s |" % " | ".join("%s %s" % (MODE_SHORT[m], r) for m, r in prof))
    w("| --- | %s |" % " | ".join("---:" for _ in prof))
    for c in order:
        w("| %s | %s |" % (c, " | ".join(
            ("%.0f %%" % (get(m, "jfr", r)["categories"].get(c, 0) * 100)) for m, r in prof)))
    w("| *of all samples: the usage writer thread* | %s |" % " | ".join(
        "%.0f %%" % (get(m, "jfr", r)["writer_thread"] * 100) for m, r in prof))
    if any("token_writer_thread" in get(m, "jfr", r) for m, r in prof):
        w("| *of all samples: the token usage-event writer thread* | %s |" % " | ".join(
            "%.0f %%" % (get(m, "jfr", r).get("token_writer_thread", 0) * 100) for m, r in prof))
    w("| *samples* | %s |" % " | ".join("{:,}".format(get(m, "jfr", r)["samples"]) for m, r in prof))
    w("")

# --- explanation -----------------------------------------------------------------------------------------------
w("## Reading the numbers")
w("")
w("What each request does on the server (in outline; the build's details are in the code at the commit above, and "
  "no server code was changed for the run):")
w("")
w("- **bare route**: request-context filter (request and correlation ids), a tiny calculation, a counter, "
  "the JSON envelope. No credentials, no database.")
w("- **quota check**: the bare route's work plus the bearer token (%s), JSON body parsing and validation, the "
  "organisation's entitlement (%s), and one counter read (in-process map in embedded mode, a Redis `GET` in "
  "Redis mode)."
  % ("an ES256 signature check the first time, then the cache of verified tokens" if meta.get("token_cache")
     else "an ES256 signature check on every request",
     "a database read, cached for a moment" if meta.get("entitlement_cache") else "a database read on every request"))
if any((r.get("server") == "peer") for r in rows):
    w("- **the JavaScript peer** (`bench/peer/server.js`, one Node process, Fastify's logger off: no log line per "
      "request): its bare route answers the same envelope (request and correlation ids echoed or minted); its "
      "quota check verifies the bearer token (fast-jwt, ES256 with our server's public keys, `typ`, issuer, "
      "audience, expiry and the same required claims, the `usage:write` scope of an activation token; its LRU cache "
      "of verified tokens keyed by the token, as ours), validates the body (Fastify's JSON schema), checks that "
      "`orgId` is the token's tenant and reads the organisation's remaining points (in memory, or one `MULTI` "
      "`GET` `PTTL` `EXEC` round trip to Redis). It does less than ours: no entitlement or plan (the allowance is "
      "the limiter's fixed 1,000,000 points), no revoked-family or blocked-user check, no metrics, no tenant "
      "header.")
w("- **consume** and **usage ingest**: the quota check's work, then the request is queued to the usage ledger's "
  "single writer thread and waits for its group commit (many requests per transaction: the idempotency check of "
  "each `request_id`, an `INSERT` of the event with its stored answer, the counter update); in Redis mode the "
  "committed counter is then published to Redis.")
w("- **LLM tokens consume**: a user JWT instead of an org token, JSON body parsing and validation, then per request "
  "the user's tier (cached for a second), the leaky bucket (in-process in embedded mode, one Redis `EVAL` of a Lua "
  "script in Redis mode), the reservation from the user's quota (queued to the reservation writer, which decides "
  "everything queued in one transaction: `SELECT … FOR UPDATE` of each quota row in key order, one `UPDATE` per "
  "row, one commit; one user per phase, so all of a batch's reservations fall on one row), the echo provider (a "
  "UUID and a string), and a usage event handed to a writer thread that inserts them in batches of up to 500, "
  "after the answer.")
w("- **embedded** runs H2 in-process (`WRITE_DELAY=0`: each commit reaches the file before the answer, so it "
  "survives `kill -9`; whether H2 also forces it to the disk, fsync, was not checked here); **Redis mode** sends "
  "every statement and commit over loopback TCP to a PostgreSQL backend process on the same cores%s, and every "
  "counter read or update to Redis. The per-request counts of PostgreSQL transactions and Redis commands in the "
  "Redis-mode table show how many round trips each route really makes." %
  (", which fsyncs its WAL at each commit" if meta.get("pg_durable") else ""))
w("")
busy_all = [r["machine_busy"] for r in rows if r.get("phase") == "measure"]
if busy_all and min(busy_all) > 0.85:
    w("The cores were %s–%s busy during every measured run, so throughput here is mostly bounded by CPU: a "
      "route's requests/s is roughly the number of cores divided by its total CPU cost per request (server, wrk "
      "and, in Redis mode, PostgreSQL and Redis). A route that waits on one thread or on the database can be "
      "bounded by that instead (see the writer thread's share in the JFR table). CPU time per request is the "
      "steadier measure of where the time goes:"
      % (pct(min(busy_all)), pct(max(busy_all))))
else:
    w("CPU time per request (the steadier measure on a noisy machine):")
w("")
for m in MODES:
    b = get(m, "measure", "smoke")
    if not b:
        continue
    bus = us_per_req(b["server_cpu_s"], b)
    for route in ("check", "consume", "usage", "tokens"):
        r = get(m, "measure", route)
        if not r:
            continue
        rus = us_per_req(r["server_cpu_s"], r)
        text = "%s, %s: %.0f µs of server CPU per request, %.1f × the bare route's %.0f µs; %.1f server context " \
               "switches per request against %.1f" % (
                   MODE_SHORT[m], route, rus, rus / bus if bus else 0, bus,
                   per_req(r.get("server_ctx_switches", 0), r), per_req(b.get("server_ctx_switches", 0), b))
        if m == "redis":
            text += "; plus %.0f µs in PostgreSQL + Redis, %.2f PostgreSQL transactions and %.2f Redis commands " \
                    "per request" % (us_per_req(r["db_cpu_s"], r), per_req(r.get("pg_xacts", 0), r),
                                     per_req(r.get("redis_cmds", 0), r))
            e = get("embedded", "measure", route)
            if e:
                text += " (embedded: %.0f µs of server CPU)" % us_per_req(e["server_cpu_s"], e)
        w("- " + text + ".")
w("")
wb = [share(get(m, "measure", "smoke")["wrk_cpu_s"], get(m, "measure", "smoke")) for m in MODES
      if get(m, "measure", "smoke")]
wc = [share(get(m, "measure", "check")["wrk_cpu_s"], get(m, "measure", "check")) for m in MODES
      if get(m, "measure", "check")]
w("General reading: every metered request pays for work the bare route does not do: credentials, the body, the "
  "entitlement and the counter, and for consume/usage a share of a database transaction that only one writer "
  "thread runs. In embedded mode the database work is H2 inside the server process (it shows up as server CPU); "
  "in Redis mode each statement is a loopback round trip to a PostgreSQL backend and each counter access one to "
  "Redis, which costs CPU on both sides (driver, kernel, backend) on the same cores, and every blocking round trip "
  "parks the request's thread and wakes it again (the context switches per request). %s wrk takes a share of the "
  "cores that grows with the request rate (%s of the machine on the bare route, %s on the quota check), so it "
  "holds the bare route back more than the others: the ratios to the bare route are, if anything, slightly "
  "flattering."
  % ("Token verification should matter little: the cache of verified tokens answers after the first request of "
     "each token." if meta.get("token_cache")
     else "This build has no cache of verified tokens, so every metered request also pays an ES256 signature "
          "verification (tens of µs of CPU).",
     "/".join(pct(x) for x in wb), "/".join(pct(x) for x in wc)))
w("")
w("Caveats: the paced runs are wrk with a `delay()` schedule, not wrk2 (Debian does not package wrk2). wrk starts "
  "a request's clock when it writes the request, so when the server falls behind the schedule the queueing time "
  "is not in the percentiles (coordinated omission); the count of requests behind schedule says whether that "
  "happened. The p99 of the unpaced rows is that of a saturated machine (%s connections queueing on %d shared "
  "cores) and is not a latency target. PostgreSQL's statistics (transactions per request) are published about once "
  "a second, so those per-request counts are approximate (±1 s of a %s s run)."
  % (meta["connections"], NPROC, meta["duration"]))
w("")

# --- hand-written analysis of a particular commit, if there is one -----------------------------------------------
import os
analysis = os.path.join(os.path.dirname(os.path.abspath(__file__)), "analysis.md")
if os.path.exists(analysis):
    text = open(analysis).read().strip().splitlines()
    written_for = text[0].split(":", 1)[1].strip() if text and text[0].lower().startswith("commit:") else "?"
    body = text[1:] if written_for != "?" else text
    w("## Analysis (hand-written, `bench/analysis.md`, for commit `%s`)" % written_for)
    w("")
    if written_for != meta["commit"] or meta["dirty"] or meta.get("jar_override"):
        w("> **Stale?** This analysis was written for commit `%s`; this run measured `%s`%s. Check it against the "
          "numbers above before relying on it." % (written_for, meta["commit"],
                                                  " with uncommitted changes" if meta["dirty"] else ""))
        w("")
    out.extend(l.rstrip() for l in body)
    w("")

# --- sections kept from the previous file: the other benches' (bench/customers.sh, console-start.sh, prompt-batch.sh,
# dashboard.sh) and hand-written ones between <!-- keep:NAME:start --> and <!-- keep:NAME:end -->, in the order they
# had there, at the end
import re
if os.path.exists(out_path):
    previous = open(out_path).read()
    kept = []
    pairs = [("<!-- customers-bench:start -->", "<!-- customers-bench:end -->"),
             ("<!-- console-start:begin -->", "<!-- console-start:end -->"),
             ("<!-- prompt-lab-bench:start -->", "<!-- prompt-lab-bench:end -->"),
             ("<!-- dashboard-bench:start -->", "<!-- dashboard-bench:end -->")]
    pairs += [(m.group(0), "<!-- keep:%s:end -->" % m.group(1))
              for m in re.finditer(r"<!-- keep:([A-Za-z0-9_.-]+):start -->", previous)]
    for start, end in pairs:
        i = previous.find(start)
        j = previous.find(end, i + len(start)) if i >= 0 else -1
        if i < 0:
            continue
        if j < 0:
            print("report.py: %s has no %s: section not kept" % (start, end), file=sys.stderr)
            continue
        kept.append((i, previous[i:j + len(end)]))
    for _, text in sorted(kept):
        out.extend(text.splitlines())
        w("")

open(out_path, "w").write("\n".join(out))
print("wrote " + out_path)
