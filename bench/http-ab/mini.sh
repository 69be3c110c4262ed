#!/usr/bin/env bash
# mini A/B bench of smoke + check (embedded). usage: mini.sh LABEL JAR [rounds] [extra java opts...]
# a reduced bench of the bare route and the quota check (issue 17, helper http); see docs/performance/http.md
# run under: flock /tmp/familiar-bench.lock
set -euo pipefail
LABEL=$1; JAR=$2; ROUNDS=${3:-2}; shift 3 || true
HERE=$(cd "$(dirname "$0")" && pwd); LUA=$HERE/../metered.lua
PORT=18481; BASE=http://127.0.0.1:$PORT
mkdir -p /tmp/http-bench; D=/tmp/http-bench/$LABEL; rm -rf "$D"; mkdir -p "$D"
DUR=${DUR:-8}
cp "$JAR" "$D/server.jar"
env -u FAMILIAR_DB_URL -u FAMILIAR_DB_USER -u FAMILIAR_DB_PASSWORD -u FAMILIAR_REDIS_URL -u FAMILIAR_CONFIG_FILE \
  FAMILIAR_HTTP_HOST=127.0.0.1 FAMILIAR_HTTP_PORT=$PORT FAMILIAR_DATA_DIR=$D/data \
  FAMILIAR_ADMIN_USERNAME=bench-admin FAMILIAR_ADMIN_PASSWORD=bench-password-123 FAMILIAR_LOG_LEVEL=${LOGLEVEL:-WARN} \
  FAMILIAR_ACTIVATION_TOKEN_MINUTES=60 java "$@" -jar "$D/server.jar" >"$D/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 240); do [[ "$(curl -s -o /dev/null -w '%{http_code}' $BASE/health/ready || true)" == 200 ]] && break; sleep 0.5; done
api() { curl -sf -X "$1" "$BASE$2" -H 'Content-Type: application/json' ${3:+-H "Authorization: Bearer $3"} ${4:+-d "$4"}; }
ADMIN=$(api POST /api/v1/auth/login "" '{"username":"bench-admin","password":"bench-password-123"}' | jq -er .token)
ORG=$(api POST /api/admin/tenants "$ADMIN" '{"name":"b","planCode":"enterprise"}' | jq -er .data.orgId)
CODE=$(api POST /api/admin/activation-codes "$ADMIN" "{\"orgId\":\"$ORG\",\"domain\":\"bench.example.com\"}" | jq -er .data.activationCode)
TOK=$(api POST /api/tokens/activate "" "{\"activationCode\":\"$CODE\"}" | jq -er .data.accessToken)
api POST /api/quota/check "$TOK" "{\"orgId\":\"$ORG\",\"metric\":\"api_call\"}" >/dev/null
hz=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' /proc/$PID/stat; }
ctx() { { cat /proc/$PID/task/*/status 2>/dev/null || true; } | awk '/^(non)?voluntary_ctxt_switches/ {n += $2} END {printf "%d", n}'; }
run() { # phase route seconds [rate]
  local c=32; [[ -n "${4:-}" ]] && c=128
  local c0 c1 x0 x1
  c0=$(cpu); x0=$(ctx)
  BENCH_ROUTE=$2 BENCH_ORG=$ORG BENCH_TOKEN=$TOK BENCH_RUN=$1 BENCH_RATE=${4:-} BENCH_THREADS=2 BENCH_OUT=$D/$1-$2.json \
    wrk -t2 -c$c -d${3}s --timeout 5s -s $LUA $BASE >/dev/null 2>$D/$1-$2.err
  c1=$(cpu); x1=$(ctx)
  jq -c --arg l "$LABEL" --arg p "$1" --argjson cpu $((c1 - c0)) --argjson hz $hz --argjson ctx $((x1 - x0)) \
    '{label:$l, phase:$p, route, rps:(.rps|floor), us_per_req:(($cpu / $hz) * 1e6 / .requests * 10 | round / 10), p50_ms, p99_ms, ok, other, late, ctx_per_req:(($ctx / .requests) * 100 | round / 100)}' $D/$1-$2.json | tee -a /tmp/http-bench/results.jsonl
}
run warm smoke 6 >/dev/null; run warm check 6 >/dev/null
for r in $(seq "$ROUNDS"); do run m$r smoke $DUR; run m$r check $DUR; done
own=$(jq -r .rps $D/m1-check.json)
[[ "${PACED:-1}" == 1 ]] && run paced-own check $DUR $(awk -v b=$own 'BEGIN{printf "%.0f", b*0.8}')
if [[ -n "${JFR:-}" ]]; then
  # the JDK's "profile" settings with 1 ms method sampling and 5,000 allocation samples/s
  JH=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  sed -e '/<event name="jdk.ExecutionSample">/,/<\/event>/ s/>[0-9]* ms</>1 ms</' \
      -e '/<event name="jdk.ObjectAllocationSample">/,/<\/event>/ s/<setting name="throttle"[^>]*>[^<]*</<setting name="throttle">5000\/s</' \
      "$JH/lib/jfr/profile.jfc" >"$D/prof.jfc"
  jcmd $PID JFR.start name=p settings=$D/prof.jfc filename=$D/check.jfr >/dev/null
  run jfr check $JFR >/dev/null
  jcmd $PID JFR.stop name=p >/dev/null
  jcmd $PID JFR.start name=s settings=$D/prof.jfc filename=$D/smoke.jfr >/dev/null
  run jfr smoke $JFR >/dev/null
  jcmd $PID JFR.stop name=s >/dev/null
fi
