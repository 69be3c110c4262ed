#!/usr/bin/env bash
# The dashboards over 1,000,000 token events (see bench/README.md, "Dashboards"): seeds a year of token events
# (+ metered events) set-based inside the database (INSERT ... SELECT over SYSTEM_RANGE / generate_series), runs
# the dashboard rollup, starts the server in the bench's JVM and times each
# GET /api/admin/dashboard/* route and the bare /api/diag/smoke, warm, p50/p95/max over BENCH_DASHBOARD_SAMPLES
# requests each. Modes: embedded (H2 file) and postgres (a fresh PostgreSQL cluster started here, like
# bench/run.sh's Redis mode). Writes its section of docs/PERFORMANCE.md between the dashboard-bench markers.
# Not part of ./mvnw verify.
#
# Environment (all optional): BENCH_DASHBOARD_MODES="embedded postgres"  BENCH_DASHBOARD_EVENTS=1000000
#   BENCH_DASHBOARD_USAGE_EVENTS=200000  BENCH_DASHBOARD_SAMPLES=100  BENCH_DASHBOARD_WARMUP=30  BENCH_SKIP_BUILD=1
#   BENCH_PG_PORT=55462  BENCH_STATE_DIR=/tmp/familiar-dashboard-bench  BENCH_REPORT=docs/PERFORMANCE.md
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
MODES=${BENCH_DASHBOARD_MODES:-embedded postgres}
EVENTS=${BENCH_DASHBOARD_EVENTS:-1000000}
USAGE_EVENTS=${BENCH_DASHBOARD_USAGE_EVENTS:-200000}
SAMPLES=${BENCH_DASHBOARD_SAMPLES:-100}
WARMUP=${BENCH_DASHBOARD_WARMUP:-30}
PG_PORT=${BENCH_PG_PORT:-55462}
STATE_DIR=${BENCH_STATE_DIR:-/tmp/familiar-dashboard-bench}
REPORT=${BENCH_REPORT:-docs/PERFORMANCE.md}
JAR=$ROOT/quota-server/target/familiar-server.jar
PG_ROOT=$STATE_DIR/pg
PGDATA_DIR=$PG_ROOT/data
log() { printf '[dashboard-bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
pg_bin_dir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do if [[ -x "$d/initdb" ]]; then printf '%s\n' "$d"; fi; done | sort -V | tail -n 1
}
stop_postgres() {
    if [[ -f "$PGDATA_DIR/postmaster.pid" ]]; then
        (cd / && runuser -u postgres -- "$(pg_bin_dir)/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop) >/dev/null 2>&1 || true
    fi
}
stop_postgres
trap 'stop_postgres' EXIT
rm -rf "$STATE_DIR"
mkdir -p "$STATE_DIR"
chmod 755 "$STATE_DIR"

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 || ! -f "$JAR" ]]; then
    log "building the server jar"
    ./mvnw -B -q -o -pl quota-server -am -DskipTests package
fi

for mode in $MODES; do
    url="" user=sa password=""
    if [[ $mode == postgres ]]; then
        pg_bin=$(pg_bin_dir)
        [[ -n "$pg_bin" ]] || { apt-get update -q && apt-get install -y -q --no-install-recommends postgresql; pg_bin=$(pg_bin_dir); }
        mkdir -p "$PGDATA_DIR" && chown -R postgres "$PG_ROOT"
        (cd / && runuser -u postgres -- "$pg_bin/initdb" -A trust -U postgres -E UTF8 --locale=C.UTF-8 -D "$PGDATA_DIR" \
            >"$STATE_DIR/initdb.log" 2>&1)
        (cd / && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$PGDATA_DIR" -l "$PG_ROOT/postgresql.log" -w -t 60 \
            -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1" start) >/dev/null
        psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -d postgres -c 'CREATE DATABASE familiar_dashboard'
        url="jdbc:postgresql://127.0.0.1:$PG_PORT/familiar_dashboard" user=postgres
        PG_VERSION=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -A -t -d postgres -c 'SHOW server_version')
        echo "$PG_VERSION" >"$STATE_DIR/pg_version"
    fi
    [[ $mode == postgres ]] && url="$url?reWriteBatchedInserts=true"
    log "$mode: seeding $EVENTS token events, rolling up and measuring"
    cut -d' ' -f1-3 /proc/loadavg >"$STATE_DIR/$mode.load_start"
    FAMILIAR_LOG_LEVEL=WARN java -DtokenEvents="$EVENTS" -DusageEvents="$USAGE_EVENTS" -Dsamples="$SAMPLES" \
        -Dwarmup="$WARMUP" -cp "$JAR" "$ROOT/bench/DashboardBench.java" "$mode" "$url" "$user" "$password" \
        "$STATE_DIR/$mode.json" >"$STATE_DIR/$mode.log" 2>&1 || { tail -n 40 "$STATE_DIR/$mode.log"; exit 1; }
    cut -d' ' -f1-3 /proc/loadavg >"$STATE_DIR/$mode.load_end"
    grep '^\[dashboard-bench\]' "$STATE_DIR/$mode.log" || true
    [[ $mode == postgres ]] && stop_postgres
done

[[ $REPORT == /* ]] || REPORT=$ROOT/$REPORT
python3 - "$STATE_DIR" "$REPORT" "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- quota-server shared-model || echo ' (uncommitted changes)')" \
    "$(nproc)" "$(java -version 2>&1 | head -n 1)" <<'PY'
import json, os, sys
state, report, commit, cpus, java = sys.argv[1:6]
modes = [m for m in ("embedded", "postgres") if os.path.exists(os.path.join(state, m + ".json"))]
res = {m: json.load(open(os.path.join(state, m + ".json"))) for m in modes}
pg = open(os.path.join(state, "pg_version")).read().strip() if os.path.exists(os.path.join(state, "pg_version")) else "?"
title = {"embedded": "H2 file", "postgres": "PostgreSQL %s" % pg}
first = res[modes[0]]
out = ["<!-- dashboard-bench:start -->",
       "## Dashboards over %s token events (`bench/dashboard.sh`)" % format(first["tokenEvents"], ","), "",
       "Commit `%s`, %s CPUs, %s. %s token attempts spread over the 365 days before today and today until the run "
       "(%d organisations, %d users, 3 providers, 90 %% product / 10 %% R&D, 85 %% allowed) and %s metered events "
       "(a tenth received up to 3 days late), seeded set-based inside the database (`INSERT … SELECT` over H2's `SYSTEM_RANGE` / PostgreSQL's `generate_series`, 100,000 rows a statement); then the rollup job ran to the last closed day "
       "(`DashboardRollup.roll()` until idle) and the server started in the bench's JVM. Each request over loopback "
       "HTTP with an admin token, one at a time: %d warm-up requests, then %d timed ones per row; milliseconds. "
       "Today is always read live from the raw events. p50 ÷ bare: the row's p50 over the bare route's p50 in the same "
       "mode (the figure to compare between runs on a shared machine). Target (issue 16): each route within 200 ms." % (
           commit, cpus, java, format(first["tokenEvents"], ","), first["orgs"], first["users"],
           format(first["usageEvents"], ","), first["warmup"], first["samples"]), "",
       "| request | bytes | " + " | ".join("%s p50 | p95 | max | p50 ÷ bare" % title[m] for m in modes) + " |",
       "| --- | ---: | " + " | ".join("---: | ---: | ---: | ---:" for _ in modes) + " |"]
for i, r in enumerate(first["results"]):
    cells = []
    for m in modes:
        x = res[m]["results"][i]
        bare = res[m]["results"][0]["p50"]
        cells.append("%.1f | %.1f | %.1f | %s" % (x["p50"], x["p95"], x["max"], "1" if i == 0 else "%.1f" % (x["p50"] / bare)))
    out.append("| %s | %s | %s |" % (r["name"], format(r["bytes"], ","), " | ".join(cells)))
notes = []
for m in modes:
    smoke = res[m]["results"][0]["p50"]
    worst = max(x["p95"] for x in res[m]["results"][1:])
    load = [open(os.path.join(state, "%s.load_%s" % (m, w))).read().split() for w in ("start", "end")]
    notes.append("%s: seeding %s s, rollup of %d days %s s, worst dashboard p95 %.1f ms (%s the 200 ms target), "
                 "bare route p50 %.2f ms; load average (1/5/15 min) %s at the start, %s at the end" % (
                 title[m], res[m]["seedSeconds"], res[m]["rolledDays"], res[m]["rollSeconds"], worst,
                 "within" if worst <= 200 else "**above**", smoke, "/".join(load[0]), "/".join(load[1])))
out += ["", "; ".join(notes) + ".", "<!-- dashboard-bench:end -->"]
section = "\n".join(out)
text = open(report).read() if os.path.exists(report) else ""
start, end = "<!-- dashboard-bench:start -->", "<!-- dashboard-bench:end -->"
if start in text and end in text:
    text = text[:text.index(start)] + section + text[text.index(end) + len(end):]
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(report, "w").write(text)
print("wrote " + report)
PY
