#!/usr/bin/env bash
# The customers page at 10,000 organisations (see bench/README.md, "Customers page"): seeds the organisations
# through JDBC, starts the server in the bench's JVM and times GET /api/admin/customers (first page, searches, a
# filter, every sort, deep pages through cursors), p50/p99 over BENCH_CUSTOMERS_SAMPLES requests each. Modes:
# embedded (H2 file) and postgres (a fresh PostgreSQL cluster started here, like bench/run.sh's Redis mode). Writes
# its section of docs/PERFORMANCE.md between the customers-bench markers (bench/run.sh keeps that section).
#
# Environment (all optional): BENCH_CUSTOMERS_MODES="embedded postgres"  BENCH_CUSTOMERS_ORGS=10000
#   BENCH_CUSTOMERS_SAMPLES=300  BENCH_CUSTOMERS_WARMUP=200  BENCH_SKIP_BUILD=1  BENCH_PG_PORT=55452
#   BENCH_STATE_DIR=/tmp/familiar-customers-bench  BENCH_REPORT=docs/PERFORMANCE.md
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
MODES=${BENCH_CUSTOMERS_MODES:-embedded postgres}
ORGS=${BENCH_CUSTOMERS_ORGS:-10000}
SAMPLES=${BENCH_CUSTOMERS_SAMPLES:-300}
WARMUP=${BENCH_CUSTOMERS_WARMUP:-200}
PG_PORT=${BENCH_PG_PORT:-55452}
STATE_DIR=${BENCH_STATE_DIR:-/tmp/familiar-customers-bench}
REPORT=${BENCH_REPORT:-docs/PERFORMANCE.md}
JAR=$ROOT/quota-server/target/familiar-server.jar
PG_ROOT=$STATE_DIR/pg
PGDATA_DIR=$PG_ROOT/data
log() { printf '[customers-bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
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
        psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -d postgres -c 'CREATE DATABASE familiar_customers'
        url="jdbc:postgresql://127.0.0.1:$PG_PORT/familiar_customers" user=postgres
        PG_VERSION=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -A -t -d postgres -c 'SHOW server_version')
        echo "$PG_VERSION" >"$STATE_DIR/pg_version"
    fi
    log "$mode: seeding $ORGS organisations and measuring"
    FAMILIAR_LOG_LEVEL=WARN java -Dorgs="$ORGS" -Dsamples="$SAMPLES" -Dwarmup="$WARMUP" -cp "$JAR" \
        "$ROOT/bench/CustomersBench.java" "$mode" "$url" "$user" "$password" "$STATE_DIR/$mode.json" \
        >"$STATE_DIR/$mode.log" 2>&1 || { tail -n 40 "$STATE_DIR/$mode.log"; exit 1; }
    grep '^\[customers-bench\]' "$STATE_DIR/$mode.log" || true
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
title = {"embedded": "embedded (H2 file)", "postgres": "PostgreSQL %s" % pg}
first = res[modes[0]]
out = ["<!-- customers-bench:start -->", "## Customers page at %s organisations (`bench/customers.sh`)" % format(first["orgs"], ","), "",
       "Commit `%s`, %s CPUs, %s. `GET /api/admin/customers` over loopback HTTP with an admin token, server and client in one "
       "JVM (the bench starts the server), one request at a time: %d warm-up requests, then %d timed ones per row; "
       "milliseconds. Seeded through JDBC: three plans, five statuses, half the organisations with a sign-up e-mail, a "
       "third with an owner, a usage counter each. Target (issue 13): a page within 50 ms." % (
           commit, cpus, java, 200, first["samples"]), "",
       "| request | rows | " + " | ".join("%s p50 | p99" % title[m] for m in modes) + " |",
       "| --- | ---: | " + " | ".join("---: | ---:" for _ in modes) + " |"]
for i, r in enumerate(first["results"]):
    cells = []
    for m in modes:
        x = res[m]["results"][i]
        cells.append("%.1f | %.1f" % (x["p50"], x["p99"]))
    out.append("| %s | %d | %s |" % (r["name"], r["rows"], " | ".join(cells)))
worst = max(x["p99"] for m in modes for x in res[m]["results"])
out += ["", "Seeding took %s s. Worst p99 of the run: %.1f ms (%s the 50 ms target). A deep page costs what the "
        "first does: each page reads one index range from its cursor on (keyset paging; PostgreSQL's plans are checked "
        "by `CustomerQueryPlanTest`)." % (", ".join("%s %s" % (m, res[m]["seedSeconds"]) for m in modes), worst,
                                         "within" if worst <= 50 else "**above**"),
        "<!-- customers-bench:end -->"]
section = "\n".join(out)
text = open(report).read() if os.path.exists(report) else ""
start, end = "<!-- customers-bench:start -->", "<!-- customers-bench:end -->"
if start in text and end in text:
    text = text[:text.index(start)] + section + text[text.index(end) + len(end):]
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(report, "w").write(text)
print("wrote " + report)
PY
