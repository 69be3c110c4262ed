#!/usr/bin/env bash
# Load run of the quota-server's metered hot path, in one go, on this machine (see bench/README.md).
#
#  1. installs what is missing (Debian: wrk, jq, curl, python3, postgresql, redis-server),
#  2. builds the server jar (./mvnw -B -q -DskipTests package) and copies it to the state folder,
#  3. for each mode (embedded = H2 file; redis = PostgreSQL + Redis, started here on a fresh cluster):
#     starts the server, creates organisations and org-scoped access tokens over HTTP, then with wrk
#       - a warm-up round: every route for BENCH_WARMUP s (JIT, pools; not reported),
#       - a measured round: every route for BENCH_DURATION s with BENCH_CONNECTIONS connections,
#       - quota check paced at BENCH_LOAD_FRACTION x the bare route's measured requests/s (p99 at that load),
#         then at BENCH_LOAD_FRACTION x the quota check's own measured requests/s (p99 at a load it sustains),
#     and records requests/s, latency percentiles, status counts, the CPU time of server / database / wrk / the
#     rest of the machine and (Redis mode) PostgreSQL transactions and Redis commands per request,
#       - a profiling round: every route again for BENCH_PROFILE_SECONDS s under a JFR recording (summarised by
#         bench/jfr_summary.py: which libraries the server's threads were running),
#  4. writes docs/PERFORMANCE.md (bench/report.py) from the results of this run only.
#
# Routes: GET /api/diag/smoke (bare route, the baseline), POST /api/quota/check, POST /api/quota/consume,
# POST /api/v1/usage, POST /api/v1/tokens/consume (LLM tokens, "tokens": a registered user's JWT, 10 tokens per
# request from the in-process echo provider). Each consume/usage phase uses its own organisation, so the enterprise
# allowance (1,000,000 api_call units per period) is never shared between phases; each tokens phase uses its own
# user on the ENTERPRISE tier (10,000,000 tokens per 24 h), and the server runs with a leaky bucket that never
# limits (BENCH_RATE_LIMIT_CAPACITY, BENCH_RATE_LIMIT_LEAK). 429s (and 402s) are counted separately.
#
# Environment (all optional):
#   BENCH_DURATION=15  BENCH_WARMUP=10  BENCH_THREADS=2  BENCH_CONNECTIONS=32  BENCH_LOAD_FRACTION=0.8
#   BENCH_PROFILE_SECONDS=10 (per route, a JFR profiling round after the measured ones; 0 = none)
#   BENCH_PACED_CONNECTIONS=128 (connections of the paced run: enough that the schedule, not the connection
#     count, limits the rate)
#   BENCH_MODES="embedded redis"   BENCH_HTTP_PORT=18480  BENCH_PG_PORT=55442  BENCH_REDIS_PORT=56389
#   BENCH_STATE_DIR=/tmp/familiar-bench (wiped on every run)  BENCH_REPORT=docs/PERFORMANCE.md
#   BENCH_SKIP_BUILD=1 (use the jar already in quota-server/target)
#   BENCH_H2_URL_EXTRA=";CACHE_SIZE=65536" (embedded: appended to the default H2 URL, for A/Bs of H2 settings)
#   BENCH_JAR=/path/to/familiar-server.jar (measure that jar, no build; e.g. one built from an older commit for
#     an A/B comparison; the report flags it, as its commit line names this working tree's HEAD)
#   BENCH_WAIT_FOR_QUIET=45 (seconds to wait before each mode for the machine to be quiet, < 25 % busy)
#   BENCH_WAIT_FOR_MAVEN=120 (seconds to wait for another Maven run in this working tree to end before
#     building and measuring: a concurrent build would fight over target/ and over the CPU; 0 = do not wait)
#   BENCH_PG_DURABLE=1 (PostgreSQL with its default fsync/synchronous_commit; 0 = .ci/run's fsync=off settings)
#   BENCH_RATE_LIMIT_CAPACITY=100000000  BENCH_RATE_LIMIT_LEAK=100000000 (the server's FAMILIAR_RATE_LIMIT_CAPACITY
#     and FAMILIAR_RATE_LIMIT_LEAK_PER_SECOND: the tokens route's per-user leaky bucket; the server accepts at most
#     100,000,000 for either, which at 10 tokens per request is far above any rate reached here)
#   BENCH_ROUTES="smoke check consume usage tokens" (a subset measures only those; the report skips absent rows)
#   BENCH_PEER=1 (after our rows, per mode, the JavaScript peer bench/peer/: Fastify + rate-limiter-flexible, in
#     memory in embedded mode, over the same Redis in Redis mode; its bare route and its quota check with our own
#     access token, same wrk settings, then its check paced at BENCH_LOAD_FRACTION x its own max; 0 = skip it)
#   BENCH_PEER_PORT=18481
#   BENCH_JAVA_OPTS="..." (JVM options of our server, split on blanks; unset = the options in
#     installer/src/dist/conf/jvm.options if that file exists, one per line, # comments; else none)
#   BENCH_STARTUP_ROUNDS=3 (per mode, after the load: our server restarted on its existing data folder this many
#     times, time from `java -jar` to /health/ready 200; 0 = skip)
# The ports differ from .ci/run's (55432/56379) so a CI run on the same machine is not disturbed.
set -Eeuo pipefail
trap 'echo "[bench] failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-10}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
PACED_CONNECTIONS=${BENCH_PACED_CONNECTIONS:-128}
PROFILE_SECONDS=${BENCH_PROFILE_SECONDS:-10}
LOAD_FRACTION=${BENCH_LOAD_FRACTION:-0.8}
MODES=${BENCH_MODES:-embedded redis}
HTTP_PORT=${BENCH_HTTP_PORT:-18480}
PG_PORT=${BENCH_PG_PORT:-55442}
REDIS_PORT=${BENCH_REDIS_PORT:-56389}
STATE_DIR=${BENCH_STATE_DIR:-/tmp/familiar-bench}
REPORT=${BENCH_REPORT:-docs/PERFORMANCE.md}
PG_DURABLE=${BENCH_PG_DURABLE:-1}
RATE_LIMIT_CAPACITY=${BENCH_RATE_LIMIT_CAPACITY:-100000000}
RATE_LIMIT_LEAK=${BENCH_RATE_LIMIT_LEAK:-100000000}
TOKENS_PER_REQUEST=10 # bench/metered.lua's "tokens" field
read -r -a ROUTES <<<"${BENCH_ROUTES:-smoke check consume usage tokens}"
for r in "${ROUTES[@]}"; do
    [[ " smoke check consume usage tokens " == *" $r "* ]] || { echo "[bench] unknown route $r in BENCH_ROUTES" >&2; exit 2; }
done
has_route() { [[ " ${ROUTES[*]} " == *" $1 "* ]]; }
PEER=${BENCH_PEER:-1}
PEER_PORT=${BENCH_PEER_PORT:-18481}
PEER_BASE=http://127.0.0.1:$PEER_PORT
STARTUP_ROUNDS=${BENCH_STARTUP_ROUNDS:-3}
# JVM options of our server: BENCH_JAVA_OPTS (split on blanks), else the installer's jvm.options (one per line)
JVM_OPTIONS_FILE=installer/src/dist/conf/jvm.options
JAVA_OPTS=()
if [[ -n "${BENCH_JAVA_OPTS+set}" ]]; then
    read -r -a JAVA_OPTS <<<"$BENCH_JAVA_OPTS"
    JAVA_OPTS_SOURCE="BENCH_JAVA_OPTS"
elif [[ -f "$JVM_OPTIONS_FILE" ]]; then
    while IFS= read -r line || [[ -n "$line" ]]; do
        line=${line%%[[:space:]]#*}                       # a trailing " # comment"
        line=$(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' <<<"$line")
        [[ -z "$line" || $line == \#* ]] && continue
        if [[ $line == *'${'* || $line == *'@'*'@'* ]]; then
            echo "[bench] $JVM_OPTIONS_FILE: skipping $line (a placeholder the launcher fills in)" >&2
            continue
        fi
        JAVA_OPTS+=("$line")
    done <"$JVM_OPTIONS_FILE"
    JAVA_OPTS_SOURCE=$JVM_OPTIONS_FILE
else
    JAVA_OPTS_SOURCE="none ($JVM_OPTIONS_FILE does not exist)"
fi

BASE=http://127.0.0.1:$HTTP_PORT
RESULTS=$STATE_DIR/results.jsonl
META=$STATE_DIR/meta.json
PG_ROOT=$STATE_DIR/postgres
PGDATA_DIR=$PG_ROOT/data
REDIS_DIR=$STATE_DIR/redis
SERVER_PID=
PEER_PID=
TARGET=ours # whose server run_wrk loads: ours | peer
STARTED=$(date +%s)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "$*"; exit 1; }

# --- 1. packages --------------------------------------------------------------------------------------------
pg_bin_dir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do if [[ -x "$d/initdb" ]]; then printf '%s\n' "$d"; fi; done | sort -V | tail -n 1
}
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v jq >/dev/null || missing+=(jq)
command -v curl >/dev/null || missing+=(curl)
command -v python3 >/dev/null || missing+=(python3)
if [[ " $MODES " == *" redis "* ]]; then
    { [[ -n "$(pg_bin_dir)" ]] && command -v psql >/dev/null; } || missing+=(postgresql)
    { command -v redis-server >/dev/null && command -v redis-cli >/dev/null; } || missing+=(redis-server)
fi
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}"
fi
if [[ $PEER == 1 ]]; then
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        log "no node/npm on this machine: skipping the JavaScript peer (BENCH_PEER=0)"
        PEER=0
    elif [[ ! -d "$ROOT/bench/peer/node_modules" ]]; then
        log "installing the peer's packages: npm ci in bench/peer (versions pinned by its package-lock.json)"
        (cd "$ROOT/bench/peer" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in bench/peer"
    fi
fi
command -v wrk2 >/dev/null && log "note: wrk2 is installed but not used; the paced run uses wrk + delay() (bench/metered.lua)"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- cleanup: only what this script started ---------------------------------------------------------------
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=
}
stop_peer() {
    if [[ -n "$PEER_PID" ]] && kill -0 "$PEER_PID" 2>/dev/null; then
        kill "$PEER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$PEER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$PEER_PID" 2>/dev/null || true
    fi
    PEER_PID=
}
stop_postgres() {
    if [[ -f "$PGDATA_DIR/postmaster.pid" ]]; then
        (cd / && runuser -u postgres -- "$(pg_bin_dir)/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop) >/dev/null 2>&1 || true
    fi
}
stop_redis() {
    if [[ -f "$REDIS_DIR/redis.pid" ]] && kill -0 "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null; then
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$REDIS_DIR/redis.pid")" || true
    fi
}
cleanup() {
    stop_peer
    stop_server
    stop_postgres
    stop_redis
}
# leftovers of an earlier run of this script (same state folder)
if [[ -d "$STATE_DIR" ]]; then
    [[ -f "$STATE_DIR/server.pid" ]] && { SERVER_PID=$(cat "$STATE_DIR/server.pid"); stop_server; }
    [[ -f "$STATE_DIR/peer.pid" ]] && { PEER_PID=$(cat "$STATE_DIR/peer.pid"); stop_peer; }
    stop_postgres
    stop_redis
fi
trap 'status=$?; trap - EXIT; cleanup; exit "$status"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$STATE_DIR"
mkdir -p "$STATE_DIR" "$PG_ROOT" "$REDIS_DIR"
chmod 755 "$STATE_DIR"
: >"$RESULTS"
# JFR settings for the profiling round: method sampling every millisecond, and allocation samples (300/s, for
# JFR_TOP_EVENT=alloc bench/jfr_top.py)
if ((PROFILE_SECONDS > 0)); then
    if command -v jcmd >/dev/null && command -v jfr >/dev/null; then
        cat >"$STATE_DIR/cpu.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="bench" description="bench/run.sh: method sampling and allocation samples">
  <event name="jdk.ExecutionSample">
    <setting name="enabled">true</setting>
    <setting name="period">1 ms</setting>
  </event>
  <event name="jdk.ObjectAllocationSample">
    <setting name="enabled">true</setting>
    <setting name="throttle">300/s</setting>
    <setting name="stackTrace">true</setting>
  </event>
</configuration>
JFC
    else
        log "no jcmd or jfr (they come with the JDK): skipping the profiling round"
        PROFILE_SECONDS=0
    fi
fi

# --- 2. build --------------------------------------------------------------------------------------------------
# Another Maven run in this tree (someone's `./mvnw verify`)? Wait for it: it rewrites target/ and takes CPU.
other_maven() { pgrep -f -- "-Dmaven.multiModuleProjectDirectory=$ROOT( |$)" || true; }
waited=0
while [[ -n "$(other_maven)" ]] && ((waited < ${BENCH_WAIT_FOR_MAVEN:-120})); do
    ((waited == 0)) && log "another Maven run in $ROOT (pid $(other_maven | tr '\n' ' ')); waiting up to ${BENCH_WAIT_FOR_MAVEN:-120} s"
    sleep 5
    waited=$((waited + 5))
done
[[ -n "$(other_maven)" ]] && log "another Maven run is still going; measuring anyway (expect more noise)"

# ---------------------------------------------------------------------------------------------
JAR=${BENCH_JAR:-$ROOT/quota-server/target/familiar-server.jar}
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 && -z "${BENCH_JAR:-}" ]]; then
    for attempt in 1 2 3; do
        log "building: ./mvnw -B -q -DskipTests package (attempt $attempt)"
        if ./mvnw -B -q -DskipTests package >"$STATE_DIR/build.log" 2>&1; then break; fi
        tail -n 20 "$STATE_DIR/build.log"
        ((attempt < 3)) || die "the build failed three times (log: $STATE_DIR/build.log)"
        log "build failed; retrying in 60 s"
        sleep 60
    done
fi
[[ -f "$JAR" ]] || die "no $JAR"
# our own copy: a rebuild in the working tree during the run does not touch the running server
cp "$JAR" "$STATE_DIR/familiar-server.jar"

COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git status --porcelain -- . ':(exclude)bench' ':(exclude)docs/PERFORMANCE.md' 2>/dev/null | wc -l)
jq -n --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg nproc "$(nproc)" \
    --arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
    --arg mem "$(free -m | awk '/^Mem:/ {print $2}')" --arg kernel "$(uname -r)" \
    --arg os "$(. /etc/os-release && echo "$PRETTY_NAME")" \
    --arg java "$(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')" \
    --arg wrk "$( { wrk -v 2>&1 || true; } | head -n 1 | sed 's/ Copyright.*//')" \
    --arg commit "$COMMIT" --argjson dirty "$DIRTY" \
    --arg dirty_files "$(git status --porcelain -- . ':(exclude)bench' ':(exclude)docs/PERFORMANCE.md' 2>/dev/null | awk '{print $2}' | tr '\n' ' ')" \
    --arg loadavg "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --argjson token_cache "$(grep -qs verifiedTokens quota-server/src/main/java/dev/familiar/server/auth/IdentityVerifier.java && echo true || echo false)" \
    --arg jar_override "${BENCH_JAR:-}" \
    --argjson entitlement_cache "$(grep -qs Cache quota-server/src/main/java/dev/familiar/server/entitlement/EntitlementService.java && echo true || echo false)" \
    --argjson duration "$DURATION" --argjson warmup "$WARMUP" --argjson threads "$THREADS" \
    --argjson profile_seconds "$PROFILE_SECONDS" \
    --argjson connections "$CONNECTIONS" --argjson paced_connections "$PACED_CONNECTIONS" --argjson fraction "$LOAD_FRACTION" --arg modes "$MODES" \
    --argjson pg_durable "$PG_DURABLE" \
    --argjson rate_limit_capacity "$RATE_LIMIT_CAPACITY" --argjson rate_limit_leak "$RATE_LIMIT_LEAK" \
    --argjson tokens_per_request "$TOKENS_PER_REQUEST" \
    --arg routes "${ROUTES[*]}" --argjson java_opts "$(printf '%s\n' "${JAVA_OPTS[@]}" | jq -R . | jq -s 'map(select(. != ""))')" \
    --arg java_opts_source "$JAVA_OPTS_SOURCE" --argjson peer "$PEER" --argjson startup_rounds "$STARTUP_ROUNDS" \
    --arg node "$( { node --version 2>/dev/null || true; } | head -n 1)" \
    --argjson peer_packages "$( (jq -c '[.packages | to_entries[] | select(.key | test("^node_modules/(fastify|rate-limiter-flexible|fast-jwt|ioredis)$")) | {key: (.key | sub("^node_modules/"; "")), value: .value.version}] | from_entries' "$ROOT/bench/peer/package-lock.json" 2>/dev/null) || echo '{}')" \
    '{date:$date, nproc:$nproc, cpu:$cpu, mem_mb:$mem, kernel:$kernel, os:$os, java:$java, wrk:$wrk,
      commit:$commit, dirty:$dirty, token_cache:$token_cache, entitlement_cache:$entitlement_cache, jar_override:$jar_override, dirty_files:$dirty_files, loadavg_start:$loadavg, duration:$duration,
      warmup:$warmup, profile_seconds:$profile_seconds, threads:$threads, connections:$connections, paced_connections:$paced_connections, load_fraction:$fraction, modes:$modes,
      pg_durable:$pg_durable, rate_limit_capacity:$rate_limit_capacity, rate_limit_leak:$rate_limit_leak,
      tokens_per_request:$tokens_per_request, routes:$routes, java_opts:$java_opts, java_opts_source:$java_opts_source,
      peer:$peer, node:$node, peer_packages:$peer_packages, startup_rounds:$startup_rounds}' >"$META"

# --- 3a. PostgreSQL + Redis (redis mode) ----------------------------------------------------------------------
start_backing_services() {
    local pg_bin opts
    pg_bin=$(pg_bin_dir)
    port_busy "$PG_PORT" && die "port $PG_PORT is in use (BENCH_PG_PORT)"
    port_busy "$REDIS_PORT" && die "port $REDIS_PORT is in use (BENCH_REDIS_PORT)"
    chown postgres:postgres "$PG_ROOT"
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    (cd / && runuser -u postgres -- "$pg_bin/initdb" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
        -D "$PGDATA_DIR" >"$PG_ROOT/initdb.log" 2>&1) || { cat "$PG_ROOT/initdb.log"; die "initdb failed"; }
    opts="-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200"
    if [[ "$PG_DURABLE" != 1 ]]; then
        opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    (cd / && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$PGDATA_DIR" -l "$PG_ROOT/postgresql.log" -w -t 60 \
        -o "$opts" start >/dev/null) || { cat "$PG_ROOT/postgresql.log"; die "PostgreSQL did not start"; }
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -d postgres -c 'CREATE DATABASE familiar_bench'
    log "starting Redis on 127.0.0.1:$REDIS_PORT"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no \
        --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
    for _ in $(seq 100); do
        [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" == PONG ]] && break
        sleep 0.1
    done
    [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" == PONG ]] || die "Redis did not answer"
    jq --arg pg "$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -tA -d postgres -c 'SHOW server_version')" \
        --arg redis "$(redis-cli -p "$REDIS_PORT" info server | tr -d '\r' | sed -n 's/^redis_version://p')" \
        '. + {postgres:$pg, redis:$redis}' "$META" >"$META.tmp" && mv "$META.tmp" "$META"
}

# --- 3b. the server -------------------------------------------------------------------------------------------
START_MS=0 # the last start_server's time from `java -jar` to /health/ready 200
start_server() { # mode
    local mode=$1 t0
    port_busy "$HTTP_PORT" && die "port $HTTP_PORT is in use (BENCH_HTTP_PORT)"
    local env=(FAMILIAR_HTTP_HOST=127.0.0.1 FAMILIAR_HTTP_PORT="$HTTP_PORT" FAMILIAR_DATA_DIR="$STATE_DIR/data-$mode"
        FAMILIAR_ADMIN_USERNAME=bench-admin FAMILIAR_ADMIN_PASSWORD=bench-password-123 FAMILIAR_LOG_LEVEL=WARN
        FAMILIAR_ACTIVATION_TOKEN_MINUTES=60
        FAMILIAR_RATE_LIMIT_CAPACITY="$RATE_LIMIT_CAPACITY" FAMILIAR_RATE_LIMIT_LEAK_PER_SECOND="$RATE_LIMIT_LEAK")
    if [[ $mode == redis ]]; then
        env+=(FAMILIAR_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/familiar_bench" FAMILIAR_DB_USER=postgres
            FAMILIAR_REDIS_URL="redis://127.0.0.1:$REDIS_PORT")
    elif [[ -n ${BENCH_H2_URL_EXTRA:-} ]]; then # an A/B of H2 settings: the default URL plus these (";K=V;...")
        env+=(FAMILIAR_DB_URL="jdbc:h2:file:$STATE_DIR/data-$mode/familiar;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE$BENCH_H2_URL_EXTRA")
    fi
    mkdir -p "$STATE_DIR/data-$mode"
    log "starting the server ($mode) on $BASE${JAVA_OPTS[*]:+ with ${JAVA_OPTS[*]}}"
    t0=$(date +%s%N)
    env -u FAMILIAR_DB_URL -u FAMILIAR_DB_USER -u FAMILIAR_DB_PASSWORD -u FAMILIAR_REDIS_URL -u FAMILIAR_CONFIG_FILE \
        "${env[@]}" java "${JAVA_OPTS[@]}" -jar "$STATE_DIR/familiar-server.jar" >>"$STATE_DIR/server-$mode.log" 2>&1 &
    SERVER_PID=$!
    echo "$SERVER_PID" >"$STATE_DIR/server.pid"
    for _ in $(seq 2400); do
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready" || true)" == 200 ]]; then
            START_MS=$((($(date +%s%N) - t0) / 1000000))
            log "the server is ready after $START_MS ms"
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$STATE_DIR/server-$mode.log"; die "the server exited"; }
        sleep 0.05
    done
    tail -n 30 "$STATE_DIR/server-$mode.log"
    die "the server was not ready after 120 s"
}

# --- 3c. the JavaScript peer (bench/peer/server.js): one Node process ------------------------------------------
start_peer() { # mode: memory store in embedded mode, RateLimiterRedis on the same Redis in Redis mode
    local mode=$1 store=memory
    [[ $mode == redis ]] && store=redis
    port_busy "$PEER_PORT" && die "port $PEER_PORT is in use (BENCH_PEER_PORT)"
    log "starting the JavaScript peer ($store) on $PEER_BASE"
    env PEER_HOST=127.0.0.1 PEER_PORT="$PEER_PORT" PEER_JWKS_URL="$BASE/oauth2/jwks" PEER_STORE=$store \
        PEER_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" NODE_ENV=production \
        node "$ROOT/bench/peer/server.js" >"$STATE_DIR/peer-$mode.log" 2>&1 &
    PEER_PID=$!
    echo "$PEER_PID" >"$STATE_DIR/peer.pid"
    for _ in $(seq 600); do
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "$PEER_BASE/api/diag/smoke" || true)" == 200 ]] && return 0
        kill -0 "$PEER_PID" 2>/dev/null || { tail -n 30 "$STATE_DIR/peer-$mode.log"; die "the peer exited"; }
        sleep 0.1
    done
    tail -n 30 "$STATE_DIR/peer-$mode.log"
    die "the peer was not ready after 60 s"
}

api() { # method path token [body] -> body on stdout; fails on non-2xx
    local out code
    out=$(curl -s -w '\n%{http_code}' -X "$1" "$BASE$2" -H 'Content-Type: application/json' \
        ${3:+-H "Authorization: Bearer $3"} ${4:+-d "$4"})
    code=${out##*$'\n'}
    out=${out%$'\n'*}
    [[ $code == 2* ]] || { log "$1 $2 answered $code: $out"; return 1; }
    printf '%s\n' "$out"
}

ADMIN_TOKEN=
new_org() { # name -> "orgId token"
    local org code token
    org=$(api POST /api/admin/tenants "$ADMIN_TOKEN" "{\"name\":\"$1\",\"planCode\":\"enterprise\"}" | jq -er .data.orgId)
    code=$(api POST /api/admin/activation-codes "$ADMIN_TOKEN" \
        "{\"orgId\":\"$org\",\"domain\":\"bench.example.com\"}" | jq -er .data.activationCode)
    token=$(api POST /api/tokens/activate "" "{\"activationCode\":\"$code\"}" | jq -er .data.accessToken)
    printf '%s %s\n' "$org" "$token"
}

used_units() { # token -> used api_call units of the token's organisation
    api GET "/api/me/entitlements?metric=api_call" "$1" | jq -er .data.used
}

new_user() { # name -> "userId token": a registered user (USER role, own tenant) on the ENTERPRISE tier
    local answer user token
    answer=$(api POST /api/v1/auth/register "" \
        "{\"username\":\"$1\",\"email\":\"$1@bench.example.com\",\"password\":\"bench-password-123\"}")
    user=$(jq -er .userId <<<"$answer")
    token=$(jq -er .token <<<"$answer")
    api POST /api/v1/tokens/tier "$ADMIN_TOKEN" "{\"userId\":\"$user\",\"tier\":\"ENTERPRISE\"}" |
        jq -e '.tier == "ENTERPRISE"' >/dev/null
    printf '%s %s\n' "$user" "$token"
}

used_tokens() { # userId token -> LLM tokens taken from the user's openai quota in this window
    api GET "/api/v1/tokens/quota?userId=$1&provider=openai" "$2" | jq -er '.totalTokens - .remainingTokens'
}

# CPU seconds (user+system) of a set of processes
clk_tck=$(getconf CLK_TCK)
cpu_of() { # pids...
    local total=0 p t
    for p in "$@"; do
        t=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)
        total=$((total + t))
    done
    awk -v t="$total" -v hz="$clk_tck" 'BEGIN {printf "%.3f", t / hz}'
}
ctx_switches() { # voluntary + involuntary context switches of all threads of a process
    # threads come and go (Jetty's pool): a status file may vanish between the glob and the read
    { cat /proc/"$1"/task/*/status 2>/dev/null || true; } |
        awk '/^(non)?voluntary_ctxt_switches/ {n += $2} END {printf "%d", n}'
}
db_pids() {
    if [[ -f "$PGDATA_DIR/postmaster.pid" ]]; then
        local pm
        pm=$(head -n 1 "$PGDATA_DIR/postmaster.pid")
        echo "$pm" $(pgrep -P "$pm" || true)
    fi
    [[ -f "$REDIS_DIR/redis.pid" ]] && cat "$REDIS_DIR/redis.pid"
    return 0
}
# round trips to PostgreSQL and Redis (Redis mode): committed transactions of the bench database, commands
# processed by Redis. PostgreSQL publishes its statistics about once a second, hence the pause after each run.
pg_xacts() {
    if [[ -f "$PGDATA_DIR/postmaster.pid" ]]; then
        psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -tA -d postgres \
            -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'familiar_bench'" 2>/dev/null || echo 0
    else
        echo 0
    fi
}
redis_cmds() {
    if [[ -f "$REDIS_DIR/redis.pid" ]] && kill -0 "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null; then
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" info stats | tr -d '\r' | sed -n 's/^total_commands_processed://p'
    else
        echo 0
    fi
}
rss_sampler() { # pid file: the largest VmRSS (kB) of the process, sampled every 0.25 s, kept in file
    local max=0 v
    while :; do
        v=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || true)
        [[ -n "$v" ]] || break
        ((v > max)) && { max=$v; echo "$max" >"$2"; }
        sleep 0.25
    done
}
vm_hwm() { # pid -> VmHWM (kB): the process's peak resident set since it started
    awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}
machine_busy() { # "busy total" jiffies over all cores (CLK_TCK per second and core)
    awk '/^cpu / {b = $2 + $3 + $4 + $7 + $8 + $9; printf "%d %d\n", b, b + $5 + $6}' /proc/stat
}

run_wrk() { # mode phase route seconds org token [rate]
    local mode=$1 phase=$2 route=$3 seconds=$4 org=$5 token=$6 rate=${7:-}
    local connections=$CONNECTIONS
    [[ -n "$rate" ]] && connections=$PACED_CONNECTIONS
    # TARGET=peer: the JavaScript peer's process and port; its rows are named peer-<route>
    local pid=$SERVER_PID base=$BASE label=$route
    [[ $TARGET == peer ]] && { pid=$PEER_PID; base=$PEER_BASE; label=peer-$route; }
    local out="$STATE_DIR/wrk-$mode-$phase-$label.json" errf="$STATE_DIR/wrk-$mode-$phase-$label.err"
    local s_cpu0 d_cpu0 s_cpu1 d_cpu1 m0 m1 wrk_cpu
    local x0 x1 r0 r1 c0 c1 sampler rss_file="$STATE_DIR/rss-$mode-$phase-$label"
    echo 0 >"$rss_file"
    rss_sampler "$pid" "$rss_file" &
    sampler=$!
    x0=$(pg_xacts); r0=$(redis_cmds); c0=$(ctx_switches "$pid")
    s_cpu0=$(cpu_of "$pid"); d_cpu0=$(cpu_of $(db_pids)); m0=$(machine_busy)
    TIMEFORMAT='BENCHCPU %U %S'
    local user=
    [[ $route == tokens ]] && user=$org # for the tokens route the "organisation" argument is the user id
    { time BENCH_ROUTE=$route BENCH_ORG=$org BENCH_USER=$user BENCH_TOKEN=$token BENCH_RUN="$mode-$phase" BENCH_OUT=$out \
        BENCH_RATE=$rate BENCH_THREADS=$THREADS \
        wrk -t"$THREADS" -c"$connections" -d"${seconds}s" --timeout 5s -s "$ROOT/bench/metered.lua" "$base" \
        >"$STATE_DIR/wrk-$mode-$phase-$label.txt" 2>"$errf.wrk" ; } 2>"$errf"
    s_cpu1=$(cpu_of "$pid"); d_cpu1=$(cpu_of $(db_pids)); m1=$(machine_busy); c1=$(ctx_switches "$pid")
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    sleep 2 # in-flight group commits land, PostgreSQL publishes its statistics, the machine settles
    x1=$(pg_xacts); r1=$(redis_cmds)
    wrk_cpu=$(awk '/^BENCHCPU/ {printf "%.3f", $2 + $3}' "$errf")
    [[ -s "$out" ]] || { cat "$errf.wrk" "$STATE_DIR/wrk-$mode-$phase-$label.txt"; die "wrk wrote no result for $label"; }
    grep -v '^bench: ' "$errf.wrk" >&2 || true
    jq -c --arg mode "$mode" --arg phase "$phase" --arg route_label "$label" --arg server "$TARGET" \
        --argjson rss_max_kb "$(cat "$rss_file" 2>/dev/null | grep -E '^[0-9]+$' || echo 0)" --argjson hwm_kb "$(vm_hwm "$pid" | grep -E '^[0-9]+$' || echo 0)" \
        --argjson server_cpu "$(awk -v a="$s_cpu0" -v b="$s_cpu1" 'BEGIN {printf "%.3f", b - a}')" \
        --argjson db_cpu "$(awk -v a="$d_cpu0" -v b="$d_cpu1" 'BEGIN {printf "%.3f", b - a}')" \
        --argjson wrk_cpu "${wrk_cpu:-0}" --argjson connections "$connections" \
        --argjson pg_xacts "$((x1 - x0))" --argjson redis_cmds "$((r1 - r0))" --argjson ctx "$((c1 - c0))" \
        --argjson busy "$(awk -v a="$m0" -v b="$m1" 'BEGIN {split(a, x, " "); split(b, y, " ");
            d = y[2] - x[2]; printf "%.3f", (d > 0 ? (y[1] - x[1]) / d : 0)}')" \
        --argjson busy_s "$(awk -v a="$m0" -v b="$m1" -v hz="$clk_tck" 'BEGIN {split(a, x, " "); split(b, y, " ");
            printf "%.3f", (y[1] - x[1]) / hz}')" \
        --arg errors "$(grep '^bench: ' "$errf.wrk" | head -n 3 | cut -c1-300 || true)" \
        '. + {mode:$mode, phase:$phase, route:$route_label, server:$server, rss_max_kb:$rss_max_kb, hwm_kb:$hwm_kb,
              server_cpu_s:$server_cpu, db_cpu_s:$db_cpu, wrk_cpu_s:$wrk_cpu,
              machine_busy:$busy, machine_busy_s:$busy_s,
              other_cpu_s:([$busy_s - $server_cpu - $db_cpu - $wrk_cpu, 0] | max | . * 1000 | round / 1000),
              connections:$connections, pg_xacts:$pg_xacts, redis_cmds:$redis_cmds, server_ctx_switches:$ctx,
              error_samples:$errors}' "$out" >>"$RESULTS"
    tail -n 1 "$RESULTS" | jq -r '"  \(.mode) \(.phase) \(.route): \(.rps|floor) req/s, p50 \(.p50_ms) ms, p99 \(.p99_ms) ms, 2xx \(.ok), 429 \(.s429), 402 \(.s402), other \(.other); CPU server \(.server_cpu_s) s (\(if .requests > 0 then (.server_cpu_s * 1e6 / .requests | floor) else 0 end) µs/request), db \(.db_cpu_s) s, wrk \(.wrk_cpu_s) s, other processes \(.other_cpu_s) s; RSS max \(.rss_max_kb / 1024 | floor) MiB, VmHWM \(.hwm_kb / 1024 | floor) MiB"' |
        sed "s/^/[bench] /"
    if [[ $phase != warmup ]] && [[ "$(jq .ok "$out")" == 0 ]]; then
        die "$label answered no 2xx at all: $(head -n 3 "$errf.wrk")"
    fi
}

record_used() { # mode name token requests_2xx
    jq -cn --arg mode "$1" --arg name "$2" --argjson used "$(used_units "$3")" --argjson ok "$4" \
        '{mode:$mode, phase:"accounting", route:$name, used:$used, ok:$ok}' >>"$RESULTS"
}

measured_rps() { # mode route -> requests/s of its measured run
    jq -s --arg mode "$1" --arg r "$2" 'map(select(.mode == $mode and .phase == "measure" and .route == $r)) | .[0].rps' "$RESULTS"
}

bench_mode() { # mode
    local mode=$1
    start_server "$mode"
    FIRST_START_MS=$START_MS
    ADMIN_TOKEN=$(api POST /api/v1/auth/login "" '{"username":"bench-admin","password":"bench-password-123"}' | jq -er .token)
    local -A ORG TOKEN
    local name pair
    for name in check consume-warmup consume usage-warmup usage; do
        pair=$(new_org "bench-$mode-$name")
        ORG[$name]=${pair% *}
        TOKEN[$name]=${pair#* }
    done
    # the tokens route: a user per phase (ORG holds the user id), each on the ENTERPRISE tier
    for name in tokens-warmup tokens; do
        pair=$(new_user "bench-$mode-$name")
        ORG[$name]=${pair% *}
        TOKEN[$name]=${pair#* }
    done
    # one request each, so a broken route stops the run here rather than after minutes of 4xx
    api GET /api/diag/smoke "" >/dev/null
    api POST /api/quota/check "${TOKEN[check]}" "{\"orgId\":\"${ORG[check]}\",\"metric\":\"api_call\"}" >/dev/null
    api POST /api/v1/tokens/consume "${TOKEN[tokens-warmup]}" \
        "{\"userId\":\"${ORG[tokens-warmup]}\",\"provider\":\"openai\",\"tokens\":$TOKENS_PER_REQUEST,\"prompt\":\"bench\"}" |
        jq -e '.allowed == true' >/dev/null
    log "$mode: warm-up round, ${WARMUP} s per route"
    local route
    for route in "${ROUTES[@]}"; do
        case $route in
            consume | usage | tokens) name=$route-warmup ;;
            *) name=check ;;
        esac
        run_wrk "$mode" warmup "$route" "$WARMUP" "${ORG[$name]}" "${TOKEN[$name]}"
    done
    log "$mode: measured round, ${DURATION} s per route, -t$THREADS -c$CONNECTIONS"
    for route in "${ROUTES[@]}"; do
        case $route in
            consume | usage | tokens) name=$route ;;
            *) name=check ;;
        esac
        run_wrk "$mode" measure "$route" "$DURATION" "${ORG[$name]}" "${TOKEN[$name]}"
    done
    local bare rate own
    if has_route smoke && has_route check; then
        bare=$(measured_rps "$mode" smoke)
        rate=$(awk -v b="$bare" -v f="$LOAD_FRACTION" 'BEGIN {printf "%.0f", b * f}')
        log "$mode: quota check paced at $rate req/s (${LOAD_FRACTION} x bare route)"
        run_wrk "$mode" paced check "$DURATION" "${ORG[check]}" "${TOKEN[check]}" "$rate"
    fi
    if has_route check; then
        # the same fraction of the quota check's own measured maximum: its latency at a load it can sustain
        own=$(measured_rps "$mode" check)
        rate=$(awk -v b="$own" -v f="$LOAD_FRACTION" 'BEGIN {printf "%.0f", b * f}')
        log "$mode: quota check paced at $rate req/s (${LOAD_FRACTION} x its own measured maximum)"
        run_wrk "$mode" paced-own check "$DURATION" "${ORG[check]}" "${TOKEN[check]}" "$rate"
    fi
    if ((PROFILE_SECONDS > 0)); then
        # where the server's time goes: a JFR recording (1 ms method sampling) per route, summarised at the end;
        # a round of its own so the recording does not touch the numbers above
        log "$mode: profiling round (JFR), ${PROFILE_SECONDS} s per route"
        # the first recording of a JVM is slow (JFR loads and compiles itself): a throw-away one first
        jcmd "$SERVER_PID" JFR.start name=bench-init settings="$STATE_DIR/cpu.jfc" \
            filename="$STATE_DIR/jfr-$mode-init.jfr" >/dev/null
        run_wrk "$mode" profile-warmup smoke 5 "" ""
        jcmd "$SERVER_PID" JFR.stop name=bench-init >/dev/null
        for route in "${ROUTES[@]}"; do
            case $route in
                consume | usage | tokens) name=$route-warmup ;;
                *) name=check ;;
            esac
            jcmd "$SERVER_PID" JFR.start name="bench-$route" settings="$STATE_DIR/cpu.jfc" \
                filename="$STATE_DIR/jfr-$mode-$route.jfr" >/dev/null
            run_wrk "$mode" profile "$route" "$PROFILE_SECONDS" "${ORG[$name]}" "${TOKEN[$name]}"
            jcmd "$SERVER_PID" JFR.stop name="bench-$route" >/dev/null
        done
    fi
    local ok
    for name in consume usage; do
        has_route "$name" || continue
        ok=$(jq -s --arg mode "$mode" --arg r "$name" \
            'map(select(.mode == $mode and .phase == "measure" and .route == $r)) | .[0].ok' "$RESULTS")
        record_used "$mode" "$name" "${TOKEN[$name]}" "$ok"
    done
    # tokens: requests' worth of LLM tokens reserved from the measured user's quota, against its 2xx answers
    if has_route tokens; then
        ok=$(jq -s --arg mode "$mode" 'map(select(.mode == $mode and .phase == "measure" and .route == "tokens")) | .[0].ok' "$RESULTS")
        jq -cn --arg mode "$mode" --argjson used "$(used_tokens "${ORG[tokens]}" "${TOKEN[tokens]}")" --argjson ok "$ok" \
            --argjson per "$TOKENS_PER_REQUEST" \
            '{mode:$mode, phase:"accounting", route:"tokens", used:($used / $per), ok:$ok}' >>"$RESULTS"
    fi
    if [[ $mode == redis ]] && has_route usage; then
        jq -cn --arg mode "$mode" --argjson rows "$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -tA -d familiar_bench \
            -c "SELECT count(*) FROM usage_event WHERE tenant_id = '${ORG[usage]}'")" \
            '{mode:$mode, phase:"accounting", route:"usage_event_rows", used:$rows}' >>"$RESULTS"
    fi
    if [[ $mode == redis ]] && has_route tokens; then
        # the tokens route's usage events are written asynchronously (a writer thread, batches): wait until the
        # count of the measured user's rows stops growing (it has had the profiling round's time already)
        local rows=-1 now
        for _ in $(seq 20); do
            now=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -tA -d familiar_bench \
                -c "SELECT count(*) FILTER (WHERE allowed) FROM token_usage_event WHERE user_id = '${ORG[tokens]}'")
            [[ $now == "$rows" ]] && break
            rows=$now
            sleep 1
        done
        jq -cn --arg mode "$mode" --argjson rows "$rows" \
            '{mode:$mode, phase:"accounting", route:"token_usage_event_rows", used:$rows}' >>"$RESULTS"
    fi
    if [[ $PEER == 1 ]] && { has_route smoke || has_route check; }; then
        # The JavaScript peer, with our server's public keys (read once at its start) and the check's own org token.
        # Our server is stopped while the peer is measured, so the two never share the cores.
        start_peer "$mode"
        stop_server
        TARGET=peer
        log "$mode: the JavaScript peer: warm-up, ${WARMUP} s per route"
        for route in smoke check; do
            if has_route "$route"; then run_wrk "$mode" warmup "$route" "$WARMUP" "${ORG[check]}" "${TOKEN[check]}"; fi
        done
        log "$mode: the JavaScript peer: measured, ${DURATION} s per route, -t$THREADS -c$CONNECTIONS"
        for route in smoke check; do
            if has_route "$route"; then run_wrk "$mode" measure "$route" "$DURATION" "${ORG[check]}" "${TOKEN[check]}"; fi
        done
        if has_route check; then
            own=$(measured_rps "$mode" peer-check)
            rate=$(awk -v b="$own" -v f="$LOAD_FRACTION" 'BEGIN {printf "%.0f", b * f}')
            log "$mode: the peer's quota check paced at $rate req/s (${LOAD_FRACTION} x its own measured maximum)"
            run_wrk "$mode" paced-own check "$DURATION" "${ORG[check]}" "${TOKEN[check]}" "$rate"
        fi
        TARGET=ours
        stop_peer
    fi
    stop_server
    # Start-up time: our server restarted on the data folder it has just used (migrated, keys made), from
    # `java -jar` to /health/ready 200, with the same JVM options. The first start (fresh folder) is kept apart.
    local times=() i
    for ((i = 1; i <= STARTUP_ROUNDS; i++)); do
        start_server "$mode"
        times+=("$START_MS")
        stop_server
    done
    jq -cn --arg mode "$mode" --argjson first "$FIRST_START_MS" \
        --argjson times "$(printf '%s\n' "${times[@]}" | jq -R 'select(. != "") | tonumber' | jq -s .)" \
        '{mode:$mode, phase:"startup", route:"server", first_ms:$first, ms:$times}' >>"$RESULTS"
}

# Wait (up to BENCH_WAIT_FOR_QUIET s) until the machine is quiet: less than 25 % of all cores busy over 5 s.
# Another build or test run on a shared machine otherwise takes its CPU out of the measured runs.
wait_for_quiet() {
    local waited=0 a b busy
    while :; do
        a=$(machine_busy); sleep 5; b=$(machine_busy)
        busy=$(awk -v a="$a" -v b="$b" 'BEGIN {split(a, x, " "); split(b, y, " "); d = y[2] - x[2];
            printf "%d", (d > 0 ? 100 * (y[1] - x[1]) / d : 0)}')
        ((busy < 25)) && break
        waited=$((waited + 5))
        if ((waited >= ${BENCH_WAIT_FOR_QUIET:-45})); then
            log "the machine is still busy ($busy % of all cores); measuring anyway (expect more noise)"
            break
        fi
        ((waited == 5)) && log "the machine is busy ($busy % of all cores): waiting up to ${BENCH_WAIT_FOR_QUIET:-45} s"
    done
    return 0
}

for mode in $MODES; do
    wait_for_quiet
    case $mode in
        embedded) bench_mode embedded ;;
        redis)
            start_backing_services
            bench_mode redis
            stop_postgres
            stop_redis
            ;;
        *) die "unknown mode $mode (BENCH_MODES: embedded redis)" ;;
    esac
done

if ((PROFILE_SECONDS > 0)); then
    log "summarising the JFR recordings"
    for mode in $MODES; do
        for route in "${ROUTES[@]}"; do
            f=$STATE_DIR/jfr-$mode-$route.jfr
            [[ -f $f ]] || continue
            python3 "$ROOT/bench/jfr_summary.py" "$f" |
                jq -c --arg mode "$mode" --arg route "$route" '. + {mode:$mode, phase:"jfr", route:$route}' >>"$RESULTS"
        done
    done
fi

jq --argjson seconds "$(($(date +%s) - STARTED))" --arg loadavg "$(cut -d' ' -f1-3 /proc/loadavg)" \
    '. + {run_seconds:$seconds, loadavg_end:$loadavg}' "$META" >"$META.tmp" && mv "$META.tmp" "$META"
[[ $REPORT == /* ]] || REPORT=$ROOT/$REPORT
python3 "$ROOT/bench/report.py" "$META" "$RESULTS" "$REPORT"
log "wrote $REPORT in $(($(date +%s) - STARTED)) s (raw results: $STATE_DIR)"
